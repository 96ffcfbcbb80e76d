/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "dnevnik-json.h"
#include "dnevnik-service-error.h"
#include "dnevnik-token-store.h"

G_DEFINE_BOXED_TYPE (DnevnikTokens, dnevnik_tokens, dnevnik_tokens_copy, dnevnik_tokens_free)

G_DEFINE_INTERFACE (DnevnikTokenStore, dnevnik_token_store, G_TYPE_OBJECT)

/* Every call: a task of the store, handed to the store's one method. */
static void
run (DnevnikTokenStore   *self,
     DnevnikTokenStoreOp  op,
     const char          *server,
     const char          *login,
     const DnevnikTokens *tokens,
     GCancellable        *cancellable,
     GAsyncReadyCallback  callback,
     gpointer             user_data,
     gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  DNEVNIK_TOKEN_STORE_GET_IFACE (self)->run (self, op, server, login, tokens, task);
}

static gboolean
finish_boolean (DnevnikTokenStore  *self,
                GAsyncResult       *result,
                GError            **error)
{
  g_return_val_if_fail (DNEVNIK_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
dnevnik_token_store_default_init (DnevnikTokenStoreInterface *iface)
{
}

/**
 * dnevnik_tokens_new:
 * @login: the login
 * @access_token: the access token
 * @refresh_token: the refresh token
 * @expires_at: the access token's expiry, Unix time in seconds
 *
 * Returns: (transfer full): new tokens
 */
DnevnikTokens *
dnevnik_tokens_new (const char *login,
                    const char *access_token,
                    const char *refresh_token,
                    gint64      expires_at)
{
  DnevnikTokens *tokens;

  g_return_val_if_fail (login != NULL, NULL);
  g_return_val_if_fail (access_token != NULL, NULL);
  g_return_val_if_fail (refresh_token != NULL, NULL);

  tokens = g_new0 (DnevnikTokens, 1);
  tokens->login = g_strdup (login);
  tokens->access_token = g_strdup (access_token);
  tokens->refresh_token = g_strdup (refresh_token);
  tokens->expires_at = expires_at;

  return tokens;
}

/**
 * dnevnik_tokens_copy:
 * @tokens: tokens
 *
 * Returns: (transfer full): a copy of @tokens
 */
DnevnikTokens *
dnevnik_tokens_copy (const DnevnikTokens *tokens)
{
  g_return_val_if_fail (tokens != NULL, NULL);

  return dnevnik_tokens_new (tokens->login, tokens->access_token,
                             tokens->refresh_token, tokens->expires_at);
}

static void
wipe_string (char *text)
{
  if (text != NULL)
    memset (text, 0, strlen (text));
  g_free (text);
}

/**
 * dnevnik_tokens_free:
 * @tokens: (nullable): tokens
 *
 * Frees @tokens, overwriting the secrets first.
 */
void
dnevnik_tokens_free (DnevnikTokens *tokens)
{
  if (tokens == NULL)
    return;

  g_free (tokens->login);
  wipe_string (tokens->access_token);
  wipe_string (tokens->refresh_token);
  g_free (tokens);
}

/**
 * dnevnik_tokens_serialize:
 * @tokens: tokens
 *
 * The form in which a persistent store keeps a secret: a JSON object with
 * `access_token`, `refresh_token` and `expires_at` (the login is the
 * entry's attribute, not part of the secret).
 *
 * Returns: (transfer full): the JSON text
 */
char *
dnevnik_tokens_serialize (const DnevnikTokens *tokens)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (tokens != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, tokens->access_token);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, tokens->refresh_token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_int_value (builder, tokens->expires_at);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/**
 * dnevnik_tokens_deserialize:
 * @login: the login of the entry
 * @text: what dnevnik_tokens_serialize() wrote
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_KEYRING error
 *
 * Returns: (transfer full): the tokens, or %NULL if @text is damaged
 */
DnevnikTokens *
dnevnik_tokens_deserialize (const char  *login,
                            const char  *text,
                            GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) root = NULL;
  const char *access_token = NULL, *refresh_token = NULL;
  gint64 expires_at = 0;

  g_return_val_if_fail (login != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  bytes = g_bytes_new (text, strlen (text));
  root = dnevnik_json_parse_object (bytes, NULL);
  if (root == NULL ||
      !(access_token = dnevnik_json_get_string (root, "access_token", TRUE, NULL)) ||
      !(refresh_token = dnevnik_json_get_string (root, "refresh_token", TRUE, NULL)) ||
      !dnevnik_json_get_int (root, "expires_at", TRUE, 0, G_MAXINT64, &expires_at, NULL))
    {
      g_debug ("The stored secret of “%s” is damaged", login);
      g_propagate_error (error, dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_KEYRING, NULL, -1, -1));
      return NULL;
    }

  return dnevnik_tokens_new (login, access_token, refresh_token, expires_at);
}

/**
 * dnevnik_token_store_save_async:
 * @self: a #DnevnikTokenStore
 * @server: the server's base URL
 * @tokens: the tokens, with their login
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Stores @tokens for @server and @tokens->login, replacing earlier ones.
 */
void
dnevnik_token_store_save_async (DnevnikTokenStore   *self,
                                const char          *server,
                                const DnevnikTokens *tokens,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_TOKEN_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (tokens != NULL);

  run (self, DNEVNIK_TOKEN_STORE_SAVE, server, tokens->login, tokens,
       cancellable, callback, user_data, dnevnik_token_store_save_async);
}

/**
 * dnevnik_token_store_save_finish:
 * @self: a #DnevnikTokenStore
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether the tokens were stored
 */
gboolean
dnevnik_token_store_save_finish (DnevnikTokenStore  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  return finish_boolean (self, result, error);
}

/**
 * dnevnik_token_store_load_async:
 * @self: a #DnevnikTokenStore
 * @server: the server's base URL
 * @login: (nullable): the login, or %NULL for the one saved last
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Looks up stored tokens.
 */
void
dnevnik_token_store_load_async (DnevnikTokenStore   *self,
                                const char          *server,
                                const char          *login,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_TOKEN_STORE (self));
  g_return_if_fail (server != NULL);

  run (self, DNEVNIK_TOKEN_STORE_LOAD, server, login, NULL,
       cancellable, callback, user_data, dnevnik_token_store_load_async);
}

/**
 * dnevnik_token_store_load_finish:
 * @self: a #DnevnikTokenStore
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the tokens, or %NULL — without an
 *   error when nothing is stored
 */
DnevnikTokens *
dnevnik_token_store_load_finish (DnevnikTokenStore  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (DNEVNIK_IS_TOKEN_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * dnevnik_token_store_delete_async:
 * @self: a #DnevnikTokenStore
 * @server: the server's base URL
 * @login: the login
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Forgets the tokens of @login on @server.
 */
void
dnevnik_token_store_delete_async (DnevnikTokenStore   *self,
                                  const char          *server,
                                  const char          *login,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_TOKEN_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (login != NULL);

  run (self, DNEVNIK_TOKEN_STORE_DELETE, server, login, NULL,
       cancellable, callback, user_data, dnevnik_token_store_delete_async);
}

/**
 * dnevnik_token_store_delete_finish:
 * @self: a #DnevnikTokenStore
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether nothing is stored any more
 */
gboolean
dnevnik_token_store_delete_finish (DnevnikTokenStore  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  return finish_boolean (self, result, error);
}
