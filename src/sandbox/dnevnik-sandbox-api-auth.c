/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include "dnevnik-sandbox-auth.h"
#include "dnevnik-sandbox-crypto.h"
#include "dnevnik-sandbox-error.h"
#include "dnevnik-sandbox-json.h"
#include "dnevnik-sandbox-server-private.h"

/* The authentication endpoints: POST /api/v1/auth/login, refresh and logout. */

static void
build_tokens (JsonBuilder                *reply,
              const DnevnikSandboxTokens *tokens)
{
  json_builder_begin_object (reply);
  dnevnik_sandbox_json_add_string (reply, "access_token", tokens->access_token);
  dnevnik_sandbox_json_add_string (reply, "refresh_token", tokens->refresh_token);
  dnevnik_sandbox_json_add_string (reply, "token_type", "Bearer");
  dnevnik_sandbox_json_add_int (reply, "expires_in", tokens->expires_in);
  dnevnik_sandbox_json_add_string (reply, "profile_id", tokens->profile_id);
  json_builder_end_object (reply);
}

typedef struct
{
  char     *login;
  char     *password;
  char     *account_id;
  char     *password_hash;
} LoginCheck;

static void
login_check_free (LoginCheck *check)
{
  g_free (check->login);
  g_free (check->password);
  g_free (check->account_id);
  g_free (check->password_hash);
  g_free (check);
}

static void
verify_password_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  LoginCheck *check = task_data;
  const char *stored = check->password_hash;
  gboolean ok;

  /* An unknown login costs a key derivation too, so that the time of the
   * reply does not tell which logins exist. */
  if (stored == NULL)
    stored = dnevnik_sandbox_auth_get_dummy_hash ();

  ok = dnevnik_sandbox_password_verify (check->password, stored) && check->account_id != NULL;
  g_task_return_boolean (task, ok);
}

static void
on_password_verified_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  DnevnikSandboxServer *self = DNEVNIK_SANDBOX_SERVER (source);
  DnevnikSandboxCall *call = user_data;
  LoginCheck *check = g_task_get_task_data (G_TASK (result));
  g_auto(DnevnikSandboxTokens) tokens = { 0 };
  g_autoptr(JsonBuilder) reply = json_builder_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->db == NULL)
    return;   /* shut down meanwhile; the call went with the server */

  ok = dnevnik_sandbox_db_begin (self->db, &error) &&
       dnevnik_sandbox_server_end_transaction (self,
                        dnevnik_sandbox_auth_finish_login (self->db, check->login, check->account_id,
                                                           g_task_propagate_boolean (G_TASK (result), NULL),
                                                           self->settings.token_ttl, &tokens, &error),
                        &error);
  if (ok)
    build_tokens (reply, &tokens);

  dnevnik_sandbox_call_reply (call, ok, reply, error);
}

gboolean
dnevnik_sandbox_handle_login (DnevnikSandboxServer  *self,
                              DnevnikSandboxCall    *call,
                              JsonBuilder           *reply,
                              GError               **error)
{
  g_autoptr(GTask) task = NULL;
  LoginCheck *check;
  const char *login;
  const char *password;

  if (!dnevnik_sandbox_call_get_string (call, "login", &login, error) ||
      !dnevnik_sandbox_call_get_string (call, "password", &password, error))
    return FALSE;

  check = g_new0 (LoginCheck, 1);
  check->login = g_strdup (login);
  check->password = g_strdup (password);
  if (!dnevnik_sandbox_auth_lookup_login (self->db, login, &check->account_id, &check->password_hash, error))
    {
      login_check_free (check);
      return FALSE;
    }

  /* The key derivation is slow on purpose: keep it off the main loop. */
  call->deferred = TRUE;
  dnevnik_sandbox_call_pause (call);
  task = g_task_new (self, NULL, on_password_verified_cb, call);
  g_task_set_source_tag (task, dnevnik_sandbox_handle_login);
  g_task_set_task_data (task, check, (GDestroyNotify) login_check_free);
  g_task_run_in_thread (task, verify_password_thread);
  return TRUE;
}

gboolean
dnevnik_sandbox_handle_refresh (DnevnikSandboxServer  *self,
                                DnevnikSandboxCall    *call,
                                JsonBuilder           *reply,
                                GError               **error)
{
  g_auto(DnevnikSandboxTokens) tokens = { 0 };
  const char *refresh_token;

  if (!dnevnik_sandbox_call_get_string (call, "refresh_token", &refresh_token, error) ||
      !dnevnik_sandbox_auth_refresh (self->db, refresh_token, self->settings.token_ttl, &tokens, error))
    return FALSE;

  build_tokens (reply, &tokens);
  return TRUE;
}

gboolean
dnevnik_sandbox_handle_logout (DnevnikSandboxServer  *self,
                               DnevnikSandboxCall    *call,
                               JsonBuilder           *reply,
                               GError               **error)
{
  call->status = SOUP_STATUS_NO_CONTENT;
  return dnevnik_sandbox_auth_logout (self->db, call->token, error);
}
