/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-secret-token-store.h"
#include "dnevnik-service-error.h"

struct _DnevnikSecretTokenStore
{
  GObject parent_instance;

  guint timeout_ms;
};

static void token_store_iface_init (DnevnikTokenStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DnevnikSecretTokenStore, dnevnik_secret_token_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DNEVNIK_TYPE_TOKEN_STORE, token_store_iface_init))

enum {
  PROP_0,
  PROP_TIMEOUT_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One keyring call.  libsecret gets a cancellable of our own that fires
 * when the caller cancels *or* when the time limit passes; which of the
 * two it was decides the error the caller sees.
 */
typedef struct
{
  GCancellable *limit;
  GCancellable *caller;
  gulong        caller_handler;
  guint         timeout_id;
  gboolean      timed_out;
  char         *server;
  char         *login;
  DnevnikTokens *tokens;
  /* How a call that only succeeds or fails is finished. */
  gboolean    (*finish) (GAsyncResult  *result,
                         GError       **error);
} Call;

static void
call_free (gpointer data)
{
  Call *call = data;

  if (call->caller != NULL)
    g_cancellable_disconnect (call->caller, call->caller_handler);
  g_clear_handle_id (&call->timeout_id, g_source_remove);
  g_clear_object (&call->caller);
  g_clear_object (&call->limit);
  g_free (call->server);
  g_free (call->login);
  g_clear_pointer (&call->tokens, dnevnik_tokens_free);
  g_free (call);
}

static gboolean
on_time_limit_cb (gpointer data)
{
  Call *call = data;

  call->timeout_id = 0;
  call->timed_out = TRUE;
  g_cancellable_cancel (call->limit);

  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled_cb (GCancellable *cancellable,
                        gpointer      data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

/* Gives @task the keyring call's own cancellable and time limit. */
static Call *
start_call (DnevnikSecretTokenStore *self,
            GTask                   *task,
            const char              *server,
            const char              *login)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  Call *call;

  call = g_new0 (Call, 1);
  call->limit = g_cancellable_new ();
  call->server = g_strdup (server);
  call->login = g_strdup (login);
  call->timeout_id = g_timeout_add (self->timeout_ms, on_time_limit_cb, call);
  if (cancellable != NULL)
    {
      call->caller = g_object_ref (cancellable);
      call->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled_cb),
                                                    g_object_ref (call->limit), g_object_unref);
    }
  g_task_set_task_data (task, call, call_free);

  return call;
}

static gboolean
return_if_failed (GTask  *task,
                  GError *error)
{
  Call *call = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (error == NULL)
    return FALSE;

  if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_error_if_cancelled (task);
    }
  else
    {
      g_debug ("Keyring call failed: %s",
               call->timed_out ? "the time limit passed (locked keyring?)" : error->message);
      g_task_return_error (task, dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_KEYRING, NULL, -1, -1));
    }

  g_error_free (error);
  return TRUE;
}

/* Saving and clearing: they only succeed or fail. */
static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GTask) task = data;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;

  call->finish (result, &error);
  if (return_if_failed (task, error))
    return;

  g_task_return_boolean (task, TRUE);
}

static void
save (GTask               *task,
      Call                *call,
      const DnevnikTokens *tokens)
{
  g_autofree char *label = NULL;
  g_autofree char *secret = NULL;

  call->finish = secret_password_store_finish;

  /* TRANSLATORS: the label of the keyring item; %s is the login */
  label = g_strdup_printf (_("Diary sign-in of “%s”"), tokens->login);
  secret = dnevnik_tokens_serialize (tokens);

  secret_password_store (dnevnik_secret_token_store_get_schema (),
                         SECRET_COLLECTION_DEFAULT, label, secret,
                         call->limit, done_cb, task,
                         "server", call->server,
                         "login", call->login,
                         NULL);
  /* Zeroed and freed: secret_password_wipe() alone would only zero it. */
  secret_password_free (g_steal_pointer (&secret));
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;
  char *secret;
  DnevnikTokens *tokens;

  secret = secret_password_lookup_finish (result, &error);
  if (return_if_failed (task, error))
    return;

  if (secret == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  tokens = dnevnik_tokens_deserialize (call->login, secret, &error);
  secret_password_free (secret);

  if (tokens == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, tokens, (GDestroyNotify) dnevnik_tokens_free);
}

static void
lookup (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  secret_password_lookup (dnevnik_secret_token_store_get_schema (),
                          call->limit, lookup_cb, task,
                          "server", call->server,
                          "login", call->login,
                          NULL);
}

static void
search_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;
  GList *items;
  guint64 newest = 0;

  items = secret_password_search_finish (result, &error);
  if (return_if_failed (task, error))
    return;

  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (l->data);
      guint64 modified = secret_retrievable_get_modified (l->data);
      const char *login = g_hash_table_lookup (attributes, "login");

      if (login != NULL && (call->login == NULL || modified > newest))
        {
          g_free (call->login);
          call->login = g_strdup (login);
          newest = modified;
        }
    }
  g_list_free_full (items, g_object_unref);

  if (call->login == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  lookup (g_steal_pointer (&task));
}

static void
dnevnik_secret_token_store_run (DnevnikTokenStore   *store,
                                DnevnikTokenStoreOp  op,
                                const char          *server,
                                const char          *login,
                                const DnevnikTokens *tokens,
                                GTask               *task)
{
  Call *call = start_call (DNEVNIK_SECRET_TOKEN_STORE (store), task, server, login);

  switch (op)
    {
    case DNEVNIK_TOKEN_STORE_SAVE:
      save (task, call, tokens);
      break;

    case DNEVNIK_TOKEN_STORE_LOAD:
      if (login != NULL)
        {
          lookup (task);
          break;
        }
      /* The login saved last is the item modified last. */
      secret_password_search (dnevnik_secret_token_store_get_schema (),
                              SECRET_SEARCH_ALL,
                              call->limit, search_cb, task,
                              "server", server,
                              NULL);
      break;

    case DNEVNIK_TOKEN_STORE_DELETE:
      call->finish = secret_password_clear_finish;
      secret_password_clear (dnevnik_secret_token_store_get_schema (),
                             call->limit, done_cb, task,
                             "server", server,
                             "login", login,
                             NULL);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
token_store_iface_init (DnevnikTokenStoreInterface *iface)
{
  iface->run = dnevnik_secret_token_store_run;
}

static void
dnevnik_secret_token_store_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  DnevnikSecretTokenStore *self = DNEVNIK_SECRET_TOKEN_STORE (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT_MS:
      g_value_set_uint (value, self->timeout_ms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_secret_token_store_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  DnevnikSecretTokenStore *self = DNEVNIK_SECRET_TOKEN_STORE (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT_MS:
      self->timeout_ms = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_secret_token_store_class_init (DnevnikSecretTokenStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dnevnik_secret_token_store_get_property;
  object_class->set_property = dnevnik_secret_token_store_set_property;

  /**
   * DnevnikSecretTokenStore:timeout-ms:
   *
   * The time limit of each keyring call, in milliseconds.
   */
  properties[PROP_TIMEOUT_MS] =
    g_param_spec_uint ("timeout-ms", NULL, NULL,
                       1, G_MAXUINT, DNEVNIK_SECRET_TOKEN_STORE_DEFAULT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dnevnik_secret_token_store_init (DnevnikSecretTokenStore *self)
{
  self->timeout_ms = DNEVNIK_SECRET_TOKEN_STORE_DEFAULT_TIMEOUT_MS;
}

/**
 * dnevnik_secret_token_store_new:
 * @timeout_ms: the time limit of each keyring call, or 0 for
 *   %DNEVNIK_SECRET_TOKEN_STORE_DEFAULT_TIMEOUT_MS
 *
 * Returns: (transfer full): a new keyring token store
 */
DnevnikTokenStore *
dnevnik_secret_token_store_new (guint timeout_ms)
{
  return g_object_new (DNEVNIK_TYPE_SECRET_TOKEN_STORE,
                       "timeout-ms", timeout_ms > 0 ? timeout_ms : DNEVNIK_SECRET_TOKEN_STORE_DEFAULT_TIMEOUT_MS,
                       NULL);
}

/**
 * dnevnik_secret_token_store_get_schema:
 *
 * The libsecret schema of Dnevnik's items, named after the app id, with
 * the attributes `server` and `login` (for tests and for administrators'
 * tools that need to find or remove the items).
 *
 * Returns: (transfer none): the schema
 */
const SecretSchema *
dnevnik_secret_token_store_get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID, SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "login", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}
