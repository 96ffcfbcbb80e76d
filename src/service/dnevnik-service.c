/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dnevnik-api.h"
#include "dnevnik-link-status-private.h"
#include "dnevnik-parse.h"
#include "dnevnik-phone.h"
#include "dnevnik-service.h"

/* How a session's tokens are kept fresh
 * ====================================
 * Every authorised request goes through request_async(): it refreshes the
 * access token first when it is due (refresh_at), sends, and on a 401
 * refreshes and sends once more.  refresh_tokens_async() is single-flight:
 * callers join a list of waiters behind the one refresh in flight, and a
 * caller whose 401 came for a token that has already been replaced simply
 * retries with the new one.
 *
 * Every session has a number (session_id).  Signing in or out starts a new
 * number, and whatever comes back for an older one is dropped, so a late
 * reply can never bring back a session that has ended.
 */

/* Seconds before expiry at which a long-lived token is refreshed. */
#define REFRESH_MARGIN 60
/* Bounds the client-side range check of a diary request (API.md). */
#define MAX_DIARY_DAYS 366

struct _DnevnikService
{
  GObject parent_instance;

  /* owned */
  DnevnikApi          *api;
  DnevnikTokenStore   *store;
  DnevnikProfile      *profile;
  DnevnikLinkStatus   *link_status;
  DnevnikTokens       *tokens;
  GPtrArray           *refresh_waiters;
  GCancellable        *cancellable;

  DnevnikServiceState  state;
  gint64               refresh_at;
  guint                session_id;
  guint                remembered : 1;
  guint                refreshing : 1;
};

G_DEFINE_FINAL_TYPE (DnevnikService, dnevnik_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN_STORE,
  PROP_STATE,
  PROP_PROFILE,
  PROP_LINK_STATUS,
  PROP_LOGIN,
  PROP_REMEMBERED,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  REMEMBER_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static GError *
unauthorized_error (void)
{
  return dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_UNAUTHORIZED, NULL, -1, -1);
}

static gboolean
is_unreachable_error (const GError *error)
{
  return g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NETWORK) ||
         g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_TIMEOUT);
}

/* The offline cache plugs in here: every reply that was parsed into models
 * successfully passes through, with the kind of document it is and, for
 * diary requests, its range.  Nothing is cached yet.
 */
static void
remember_reply (DnevnikService *self,
                const char     *kind,
                const char     *key,
                GBytes         *body)
{
}

static void
set_state (DnevnikService      *self,
           DnevnikServiceState  state)
{
  if (self->state == state)
    return;

  g_debug ("Service state %d → %d", self->state, state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_remembered (DnevnikService *self,
                gboolean        remembered)
{
  remembered = !!remembered;
  if (self->remembered == remembered)
    return;

  self->remembered = remembered;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMEMBERED]);
}

static gboolean
profiles_equal (DnevnikProfile *a,
                DnevnikProfile *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strcmp0 (dnevnik_profile_get_id (a), dnevnik_profile_get_id (b)) == 0 &&
         g_strcmp0 (dnevnik_profile_get_login (a), dnevnik_profile_get_login (b)) == 0 &&
         g_strcmp0 (dnevnik_profile_get_first_name (a), dnevnik_profile_get_first_name (b)) == 0 &&
         g_strcmp0 (dnevnik_profile_get_last_name (a), dnevnik_profile_get_last_name (b)) == 0 &&
         g_strcmp0 (dnevnik_profile_get_middle_name (a), dnevnik_profile_get_middle_name (b)) == 0 &&
         g_strcmp0 (dnevnik_profile_get_school (a), dnevnik_profile_get_school (b)) == 0 &&
         g_strcmp0 (dnevnik_profile_get_class_name (a), dnevnik_profile_get_class_name (b)) == 0;
}

static void
set_profile (DnevnikService *self,
             DnevnikProfile *profile)
{
  if (profiles_equal (self->profile, profile))
    return;

  g_set_object (&self->profile, profile);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

static gint64
refresh_time_for (gint64 expires_in)
{
  /* Long-lived tokens are refreshed a minute early; short ones (tests,
   * training mode) at four fifths of their life. */
  if (expires_in > 5 * REFRESH_MARGIN)
    return now_seconds () + expires_in - REFRESH_MARGIN;

  return now_seconds () + expires_in * 4 / 5;
}

static gboolean
refresh_is_due (DnevnikService *self)
{
  return self->tokens != NULL && now_seconds () >= self->refresh_at;
}

static void
fail_refresh_waiters (DnevnikService *self,
                      GPtrArray      *waiters,
                      const GError   *error)
{
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

/* Ends the session in memory only: what the server and the store hold is
 * up to the caller.
 */
static void
clear_session (DnevnikService *self)
{
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GError) error = NULL;
  gboolean had_login = self->tokens != NULL;

  self->session_id++;
  g_clear_pointer (&self->tokens, dnevnik_tokens_free);
  self->refresh_at = 0;
  self->refreshing = FALSE;

  waiters = g_steal_pointer (&self->refresh_waiters);
  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);

  g_object_freeze_notify (G_OBJECT (self));
  set_profile (self, NULL);
  dnevnik_link_status_set (self->link_status, FALSE, NULL, NULL, NULL, NULL);
  set_remembered (self, FALSE);
  if (had_login)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN]);
  set_state (self, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
  g_object_thaw_notify (G_OBJECT (self));

  error = unauthorized_error ();
  fail_refresh_waiters (self, waiters, error);
}

static void
install_tokens (DnevnikService *self,
                DnevnikTokens  *tokens,
                gint64          refresh_at)
{
  gboolean login_changed;

  login_changed = self->tokens == NULL || g_strcmp0 (self->tokens->login, tokens->login) != 0;

  g_clear_pointer (&self->tokens, dnevnik_tokens_free);
  self->tokens = tokens;
  self->refresh_at = refresh_at;

  if (login_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN]);
}

static void
note_reachable (DnevnikService *self)
{
  if (self->state == DNEVNIK_SERVICE_STATE_OFFLINE)
    set_state (self, DNEVNIK_SERVICE_STATE_READY);
}

static void
note_unreachable (DnevnikService *self,
                  const GError   *error)
{
  if (self->state == DNEVNIK_SERVICE_STATE_READY && is_unreachable_error (error))
    set_state (self, DNEVNIK_SERVICE_STATE_OFFLINE);
}

static void
report_remember_failed (DnevnikService *self,
                        const GError   *error)
{
  set_remembered (self, FALSE);
  g_signal_emit (self, signals[REMEMBER_FAILED], 0, error);
}

/* Best effort: revokes tokens that are no longer wanted.  Nobody waits. */
static void
revoke_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = dnevnik_api_send_finish (DNEVNIK_API (source), result, &error);
  if (body == NULL)
    g_debug ("Could not revoke a session: %s", error->message);
}

static void
revoke_in_background (DnevnikService *self,
                      const char     *access_token)
{
  dnevnik_api_send_async (self->api, "POST", "/api/v1/auth/logout", NULL, access_token,
                          NULL, revoke_cb, NULL);
}

/* --- single-flight refresh ------------------------------------------------ */

typedef struct
{
  DnevnikService *self;
  guint           session_id;
} RefreshData;

static void
refresh_deleted_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GPtrArray) waiters = data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_token_store_delete_finish (DNEVNIK_TOKEN_STORE (source), result, &error))
    g_debug ("Could not delete the tokens of an ended session: %s", error->message);

  g_clear_error (&error);
  error = unauthorized_error ();
  for (guint i = 0; i < waiters->len; i++)
    g_task_return_error (g_ptr_array_index (waiters, i), g_error_copy (error));
}

static void
saved_rotated_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(DnevnikService) self = data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_token_store_save_finish (DNEVNIK_TOKEN_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    report_remember_failed (self, error);
}

static void
refresh_reply_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  RefreshData *refresh = data;
  g_autoptr(DnevnikService) self = refresh->self;
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DnevnikAuthReply) reply = NULL;
  guint session_id = refresh->session_id;

  g_free (refresh);

  body = dnevnik_api_send_finish (DNEVNIK_API (source), result, &error);

  /* The session ended meanwhile; its waiters were answered then. */
  if (session_id != self->session_id)
    return;

  self->refreshing = FALSE;
  waiters = g_steal_pointer (&self->refresh_waiters);
  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);

  if (body != NULL)
    reply = dnevnik_parse_auth (body, &error);

  if (reply != NULL)
    {
      DnevnikTokens *tokens;

      g_debug ("Access token refreshed");
      note_reachable (self);
      tokens = dnevnik_tokens_new (self->tokens->login, reply->access_token, reply->refresh_token,
                                   now_seconds () + reply->expires_in);
      install_tokens (self, tokens, refresh_time_for (reply->expires_in));

      /* The old refresh token is dead now: the stored one must follow. */
      if (self->remembered && self->store != NULL)
        dnevnik_token_store_save_async (self->store, dnevnik_api_get_base_url (self->api),
                                        self->tokens, self->cancellable,
                                        saved_rotated_cb, g_object_ref (self));

      fail_refresh_waiters (self, waiters, NULL);
      return;
    }

  if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED))
    {
      g_autofree char *login = g_strdup (self->tokens->login);

      /* The refresh token is dead: the session is over, here and in the
       * store, and the callers learn it only once both are clean. */
      g_debug ("Refresh refused; signing out");
      clear_session (self);

      if (self->store != NULL)
        {
          dnevnik_token_store_delete_async (self->store, dnevnik_api_get_base_url (self->api), login,
                                            NULL, refresh_deleted_cb, g_steal_pointer (&waiters));
          return;
        }

      g_clear_error (&error);
      error = unauthorized_error ();
      fail_refresh_waiters (self, waiters, error);
      return;
    }

  /* Anything else (unreachable, server trouble, a reply we cannot read)
   * is transient: keep the session, and try again next time. */
  note_unreachable (self, error);
  fail_refresh_waiters (self, waiters, error);
}

static void
refresh_tokens_async (DnevnikService      *self,
                      const char          *stale_access_token,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) body = NULL;
  RefreshData *refresh;

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, refresh_tokens_async);

  if (self->tokens == NULL)
    {
      g_task_return_error (task, unauthorized_error ());
      return;
    }

  /* Another caller refreshed already: use the new token. */
  if (stale_access_token != NULL && g_strcmp0 (stale_access_token, self->tokens->access_token) != 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_ptr_array_add (self->refresh_waiters, g_steal_pointer (&task));
  if (self->refreshing)
    return;

  self->refreshing = TRUE;
  refresh = g_new0 (RefreshData, 1);
  refresh->self = g_object_ref (self);
  refresh->session_id = self->session_id;

  body = dnevnik_api_build_body ("refresh_token", self->tokens->refresh_token, NULL);
  dnevnik_api_send_async (self->api, "POST", "/api/v1/auth/refresh", body, NULL,
                          self->cancellable, refresh_reply_cb, refresh);
}

static gboolean
refresh_tokens_finish (DnevnikService  *self,
                       GAsyncResult    *result,
                       GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- authorised requests -------------------------------------------------- */

typedef struct
{
  char     *method;
  char     *path;
  GBytes   *body;
  char     *sent_token;
  guint     session_id;
  gboolean  retried;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->sent_token);
  g_free (request);
}

static void request_refreshed_cb (GObject      *source,
                                  GAsyncResult *result,
                                  gpointer      data);

static void
request_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = dnevnik_api_send_finish (DNEVNIK_API (source), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (request->session_id != self->session_id)
    {
      g_task_return_error (task, unauthorized_error ());
      return;
    }

  if (body != NULL)
    {
      note_reachable (self);
      g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED) &&
      !request->retried)
    {
      /* Once: a second 401 right after a refresh is not a stale token. */
      request->retried = TRUE;
      refresh_tokens_async (self, request->sent_token, request_refreshed_cb, g_steal_pointer (&task));
      return;
    }

  note_unreachable (self, error);
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
request_send (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (request->session_id != self->session_id || self->tokens == NULL)
    {
      g_task_return_error (task, unauthorized_error ());
      g_object_unref (task);
      return;
    }

  g_free (request->sent_token);
  request->sent_token = g_strdup (self->tokens->access_token);

  dnevnik_api_send_async (self->api, request->method, request->path, request->body,
                          request->sent_token, g_task_get_cancellable (task),
                          request_sent_cb, task);
}

static void
request_refreshed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  GTask *task = data;
  g_autoptr(GError) error = NULL;

  if (!refresh_tokens_finish (DNEVNIK_SERVICE (source), result, &error))
    {
      if (!g_task_return_error_if_cancelled (task))
        g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  request_send (task);
}

/* Sends an authorised request of the current session; the result is the
 * body of a successful reply.
 */
static void
request_async (DnevnikService      *self,
               const char          *method,
               const char          *path,
               GBytes              *body,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, request_async);

  if (self->tokens == NULL)
    {
      g_task_return_error (task, unauthorized_error ());
      return;
    }

  request = g_new0 (Request, 1);
  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->body = body != NULL ? g_bytes_ref (body) : NULL;
  request->session_id = self->session_id;
  g_task_set_task_data (task, request, request_free);

  if (refresh_is_due (self) || self->refreshing)
    refresh_tokens_async (self, self->tokens->access_token, request_refreshed_cb, g_steal_pointer (&task));
  else
    request_send (g_steal_pointer (&task));
}

static GBytes *
request_finish (DnevnikService  *self,
                GAsyncResult    *result,
                GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- operations: a request, then its reply applied ------------------------ */

/* Turns a reply into the operation's result, and applies it to the shared
 * state.  Only called when the call was not cancelled and its session is
 * still the current one.
 */
typedef gpointer (*ApplyFunc) (DnevnikService  *self,
                               GBytes          *body,
                               gpointer         op_data,
                               GError         **error);

typedef struct
{
  ApplyFunc       apply;
  gpointer        data;
  GDestroyNotify  data_free;
  guint           session_id;
  gboolean        not_linked_means_unlinked;
} Op;

static void
op_free (gpointer data)
{
  Op *op = data;

  if (op->data_free != NULL)
    op->data_free (op->data);
  g_free (op);
}

static void
op_cb (GObject      *source,
       GAsyncResult *result,
       gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = DNEVNIK_SERVICE (source);
  Op *op = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gpointer value;

  body = request_finish (self, result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (op->session_id != self->session_id)
    {
      g_task_return_error (task, unauthorized_error ());
      return;
    }

  if (body == NULL)
    {
      /* The server says what the shared status should say. */
      if (op->not_linked_means_unlinked &&
          g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NOT_LINKED))
        dnevnik_link_status_set (self->link_status, FALSE, NULL, NULL, NULL, NULL);

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  value = op->apply (self, body, op->data, &error);
  if (value == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, value, g_object_unref);
}

static void
run_op (DnevnikService      *self,
        const char          *method,
        const char          *path,
        GBytes              *body,
        ApplyFunc            apply,
        gpointer             op_data,
        GDestroyNotify       op_data_free,
        gpointer             source_tag,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Op *op;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  op = g_new0 (Op, 1);
  op->apply = apply;
  op->data = op_data;
  op->data_free = op_data_free;
  op->session_id = self->session_id;
  op->not_linked_means_unlinked = source_tag == dnevnik_service_unlink_async;
  g_task_set_task_data (task, op, op_free);

  request_async (self, method, path, body, cancellable, op_cb, g_steal_pointer (&task));
}

static gpointer
op_finish (DnevnikService  *self,
           GAsyncResult    *result,
           gpointer         source_tag,
           GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
op_finish_boolean (DnevnikService  *self,
                   GAsyncResult    *result,
                   gpointer         source_tag,
                   GError         **error)
{
  g_autoptr(GObject) value = op_finish (self, result, source_tag, error);

  return value != NULL;
}

static void
fail_early (DnevnikService      *self,
            GError              *error,
            gpointer             source_tag,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_error (task, error);
}

/* --- GObject ---------------------------------------------------------------- */

static void
dnevnik_service_dispose (GObject *object)
{
  DnevnikService *self = (DnevnikService *) object;

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (dnevnik_service_parent_class)->dispose (object);
}

static void
dnevnik_service_finalize (GObject *object)
{
  DnevnikService *self = (DnevnikService *) object;

  g_clear_object (&self->api);
  g_clear_object (&self->store);
  g_clear_object (&self->profile);
  g_clear_object (&self->link_status);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->tokens, dnevnik_tokens_free);
  g_clear_pointer (&self->refresh_waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (dnevnik_service_parent_class)->finalize (object);
}

static void
dnevnik_service_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DnevnikService *self = DNEVNIK_SERVICE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, dnevnik_service_get_base_url (self));
      break;

    case PROP_TOKEN_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;

    case PROP_LINK_STATUS:
      g_value_set_object (value, self->link_status);
      break;

    case PROP_LOGIN:
      g_value_set_string (value, dnevnik_service_get_login (self));
      break;

    case PROP_REMEMBERED:
      g_value_set_boolean (value, self->remembered);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, dnevnik_service_get_timeout (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_service_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DnevnikService *self = DNEVNIK_SERVICE (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      dnevnik_service_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_service_class_init (DnevnikServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = dnevnik_service_dispose;
  object_class->finalize = dnevnik_service_finalize;
  object_class->get_property = dnevnik_service_get_property;
  object_class->set_property = dnevnik_service_set_property;

  /**
   * DnevnikService:base-url:
   *
   * The server's address, without a trailing slash.
   */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL, flags);

  /**
   * DnevnikService:token-store:
   *
   * Where remembered sessions are kept, or %NULL if nothing is remembered.
   */
  properties[PROP_TOKEN_STORE] =
    g_param_spec_object ("token-store", NULL, NULL, DNEVNIK_TYPE_TOKEN_STORE, flags);

  /**
   * DnevnikService:state:
   *
   * Whether someone is signed in, and whether the server answers.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       DNEVNIK_TYPE_SERVICE_STATE, DNEVNIK_SERVICE_STATE_SIGNED_OUT,
                       flags);

  /**
   * DnevnikService:profile:
   *
   * The signed-in student's profile, or %NULL.  Set by sign-in and by
   * dnevnik_service_refresh_profile_async() (a restored session has none
   * until then); replaced, not modified, and notified only on change.
   */
  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, DNEVNIK_TYPE_PROFILE, flags);

  /**
   * DnevnikService:link-status:
   *
   * The one #DnevnikLinkStatus of this service, updated in place.
   */
  properties[PROP_LINK_STATUS] =
    g_param_spec_object ("link-status", NULL, NULL, DNEVNIK_TYPE_LINK_STATUS, flags);

  /**
   * DnevnikService:login:
   *
   * The login of the current session, or %NULL when signed out.
   */
  properties[PROP_LOGIN] =
    g_param_spec_string ("login", NULL, NULL, NULL, flags);

  /**
   * DnevnikService:remembered:
   *
   * Whether the current session is kept in the token store for the next
   * run.
   */
  properties[PROP_REMEMBERED] =
    g_param_spec_boolean ("remembered", NULL, NULL, FALSE, flags);

  /**
   * DnevnikService:timeout:
   *
   * How many seconds a request may take (0: no limit).
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, 30,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DnevnikService::remember-failed:
   * @self: the service
   * @error: a %DNEVNIK_SERVICE_ERROR_KEYRING error: why
   *
   * The student asked to be remembered but the tokens could not be stored
   * (no Secret Service, a locked keyring that did not answer in time…).
   * The session goes on in memory for this run only and
   * #DnevnikService:remembered is %FALSE; tell the student they will have
   * to sign in again next time.  Emitted before the sign-in completes, and
   * again if storing refreshed tokens fails later.
   */
  signals[REMEMBER_FAILED] =
    g_signal_new ("remember-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
dnevnik_service_init (DnevnikService *self)
{
  self->link_status = dnevnik_link_status_new ();
  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}

/* --- public API --------------------------------------------------------------- */

/**
 * dnevnik_service_new:
 * @base_url: the server's address: `https://…`, or `http://` to this
 *   computer only (localhost, 127.0.0.0/8, ::1)
 * @store: (nullable): where to remember sessions, usually
 *   dnevnik_secret_token_store_new(); %NULL to remember nothing
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_INSECURE_URL error
 *
 * Creates a signed-out service for one server.
 *
 * Returns: (transfer full): a new #DnevnikService, or %NULL if @base_url
 *   is refused
 */
DnevnikService *
dnevnik_service_new (const char         *base_url,
                     DnevnikTokenStore  *store,
                     GError            **error)
{
  DnevnikService *self;
  DnevnikApi *api;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (store == NULL || DNEVNIK_IS_TOKEN_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  api = dnevnik_api_new (base_url, error);
  if (api == NULL)
    return NULL;

  self = g_object_new (DNEVNIK_TYPE_SERVICE, NULL);
  self->api = api;
  self->store = store != NULL ? g_object_ref (store) : NULL;

  return self;
}

/**
 * dnevnik_service_get_base_url:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none): the server's address
 */
const char *
dnevnik_service_get_base_url (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return self->api != NULL ? dnevnik_api_get_base_url (self->api) : NULL;
}

/**
 * dnevnik_service_get_state:
 * @self: a #DnevnikService
 *
 * Returns: the #DnevnikService:state
 */
DnevnikServiceState
dnevnik_service_get_state (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), DNEVNIK_SERVICE_STATE_SIGNED_OUT);

  return self->state;
}

/**
 * dnevnik_service_get_profile:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none) (nullable): the #DnevnikService:profile
 */
DnevnikProfile *
dnevnik_service_get_profile (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return self->profile;
}

/**
 * dnevnik_service_get_link_status:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none): the one link status object of this service
 */
DnevnikLinkStatus *
dnevnik_service_get_link_status (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return self->link_status;
}

/**
 * dnevnik_service_get_login:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none) (nullable): the #DnevnikService:login
 */
const char *
dnevnik_service_get_login (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return self->tokens != NULL ? self->tokens->login : NULL;
}

/**
 * dnevnik_service_get_remembered:
 * @self: a #DnevnikService
 *
 * Returns: whether the current session is remembered for the next run
 */
gboolean
dnevnik_service_get_remembered (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), FALSE);

  return self->remembered;
}

/**
 * dnevnik_service_get_token_store:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none) (nullable): the store given at construction
 */
DnevnikTokenStore *
dnevnik_service_get_token_store (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return self->store;
}

/**
 * dnevnik_service_get_timeout:
 * @self: a #DnevnikService
 *
 * Returns: the #DnevnikService:timeout in seconds
 */
guint
dnevnik_service_get_timeout (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), 0);

  return self->api != NULL ? dnevnik_api_get_timeout (self->api) : 0;
}

/**
 * dnevnik_service_set_timeout:
 * @self: a #DnevnikService
 * @seconds: how many seconds a request may take, 0 for no limit
 *
 * Sets the #DnevnikService:timeout.  A request over it fails with
 * %DNEVNIK_SERVICE_ERROR_TIMEOUT.
 */
void
dnevnik_service_set_timeout (DnevnikService *self,
                             guint           seconds)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (self->api != NULL);

  if (dnevnik_api_get_timeout (self->api) == seconds)
    return;

  dnevnik_api_set_timeout (self->api, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/* --- sign in ------------------------------------------------------------------ */

typedef struct
{
  char     *login;
  guint     session_id;
  gboolean  remember;
} SignIn;

static void
sign_in_free (gpointer data)
{
  SignIn *sign_in = data;

  g_free (sign_in->login);
  g_free (sign_in);
}

static gboolean
sign_in_is_current (DnevnikService *self,
                    SignIn         *sign_in)
{
  return sign_in->session_id == self->session_id;
}

/* Undoes a sign-in that will not complete: the tokens are revoked, the
 * state is SIGNED_OUT again, and the caller gets @error.
 */
static void
sign_in_abort (GTask  *task,
               GError *error)
{
  DnevnikService *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);

  if (sign_in_is_current (self, sign_in))
    {
      if (self->tokens != NULL)
        revoke_in_background (self, self->tokens->access_token);
      clear_session (self);
    }

  g_task_return_error (task, error);
}

static GError *
cancelled_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The operation was cancelled"));
}

static void
sign_in_complete (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);

  set_state (self, DNEVNIK_SERVICE_STATE_READY);
  g_task_return_boolean (task, TRUE);
}

static void
sign_in_cancelled_deleted_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_token_store_delete_finish (DNEVNIK_TOKEN_STORE (source), result, &error))
    g_debug ("Could not delete the tokens of a cancelled sign-in: %s", error->message);

  sign_in_abort (task, cancelled_error ());
}

static void
sign_in_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean saved;

  saved = dnevnik_token_store_save_finish (DNEVNIK_TOKEN_STORE (source), result, &error);

  /* Cancelled while storing: the item may exist now, so take it away
   * before saying "cancelled". */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)) || !sign_in_is_current (self, sign_in))
    {
      dnevnik_token_store_delete_async (DNEVNIK_TOKEN_STORE (source), dnevnik_api_get_base_url (self->api),
                                        sign_in->login, NULL, sign_in_cancelled_deleted_cb,
                                        g_steal_pointer (&task));
      return;
    }

  if (saved)
    set_remembered (self, TRUE);
  else
    report_remember_failed (self, error);

  sign_in_complete (g_steal_pointer (&task));
}

static void
sign_in_forgotten_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Failing to forget an earlier session is only worth a debug line:
   * usually it means there is no keyring to hold one. */
  if (!dnevnik_token_store_delete_finish (DNEVNIK_TOKEN_STORE (source), result, &error))
    g_debug ("Could not forget an earlier session: %s", error->message);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)) || !sign_in_is_current (self, sign_in))
    {
      sign_in_abort (g_steal_pointer (&task), cancelled_error ());
      return;
    }

  sign_in_complete (g_steal_pointer (&task));
}

static void
sign_in_profile_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = DNEVNIK_SERVICE (source);
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DnevnikProfile) profile = NULL;
  const char *server = dnevnik_api_get_base_url (self->api);

  body = request_finish (self, result, &error);
  if (body != NULL)
    profile = dnevnik_parse_profile (body, &error);

  if (!sign_in_is_current (self, sign_in))
    {
      g_task_return_error (task, cancelled_error ());
      return;
    }

  if (profile == NULL)
    {
      sign_in_abort (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      sign_in_abort (g_steal_pointer (&task), cancelled_error ());
      return;
    }

  remember_reply (self, "profile", NULL, body);
  set_profile (self, profile);

  if (sign_in->remember && self->store != NULL)
    {
      /* Not the caller's cancellable: a half-written item is worse than
       * one that is deleted again right after. */
      dnevnik_token_store_save_async (self->store, server, self->tokens, NULL,
                                      sign_in_saved_cb, g_steal_pointer (&task));
    }
  else if (self->store != NULL)
    {
      /* "Don't remember me" also means: not from an earlier time either. */
      dnevnik_token_store_delete_async (self->store, server, sign_in->login, NULL,
                                        sign_in_forgotten_cb, g_steal_pointer (&task));
    }
  else
    {
      if (sign_in->remember)
        {
          g_autoptr(GError) warning = dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_KEYRING, NULL, -1, -1);

          report_remember_failed (self, warning);
        }
      sign_in_complete (g_steal_pointer (&task));
    }
}

static void
sign_in_login_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DnevnikAuthReply) reply = NULL;
  GCancellable *cancellable;

  body = dnevnik_api_send_finish (DNEVNIK_API (source), result, &error);
  if (body != NULL)
    reply = dnevnik_parse_auth (body, &error);

  if (!sign_in_is_current (self, sign_in))
    {
      if (reply != NULL)
        revoke_in_background (self, reply->access_token);
      g_task_return_error (task, cancelled_error ());
      return;
    }

  if (reply == NULL)
    {
      sign_in_abort (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      revoke_in_background (self, reply->access_token);
      sign_in_abort (g_steal_pointer (&task), cancelled_error ());
      return;
    }

  install_tokens (self,
                  dnevnik_tokens_new (sign_in->login, reply->access_token, reply->refresh_token,
                                      now_seconds () + reply->expires_in),
                  refresh_time_for (reply->expires_in));

  cancellable = g_task_get_cancellable (task);
  request_async (self, "GET", "/api/v1/profile", NULL, cancellable,
                 sign_in_profile_cb, g_steal_pointer (&task));
}

/**
 * dnevnik_service_sign_in_async:
 * @self: a signed-out #DnevnikService
 * @login: the student's login
 * @password: the password
 * @remember: whether to keep the session in the token store for later runs
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when signed in, or not
 * @user_data: data for @callback
 *
 * Signs in and loads the profile; #DnevnikService:state goes SIGNING_IN,
 * then READY (or back to SIGNED_OUT).
 *
 * With @remember the tokens go to the token store.  If that fails the
 * sign-in still succeeds for this run: #DnevnikService::remember-failed is
 * emitted first with the %DNEVNIK_SERVICE_ERROR_KEYRING reason, and
 * #DnevnikService:remembered stays %FALSE.  Without @remember, whatever an
 * earlier run stored for @login is deleted.
 *
 * Errors: INVALID_CREDENTIALS, RATE_LIMITED (with retry-after), NETWORK,
 * TIMEOUT, SERVER, PROTOCOL, and %G_IO_ERROR_BUSY if a session exists
 * (sign out first).  A cancelled sign-in is SIGNED_OUT with nothing stored.
 */
void
dnevnik_service_sign_in_async (DnevnikService      *self,
                               const char          *login,
                               const char          *password,
                               gboolean             remember,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) body = NULL;
  SignIn *sign_in;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (login != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_service_sign_in_async);

  if (self->state != DNEVNIK_SERVICE_STATE_SIGNED_OUT)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, "A session exists already; sign out first");
      return;
    }

  sign_in = g_new0 (SignIn, 1);
  sign_in->login = g_strdup (login);
  sign_in->remember = remember;
  sign_in->session_id = ++self->session_id;
  g_task_set_task_data (task, sign_in, sign_in_free);

  set_state (self, DNEVNIK_SERVICE_STATE_SIGNING_IN);

  body = dnevnik_api_build_body ("login", login, "password", password, NULL);
  dnevnik_api_send_async (self->api, "POST", "/api/v1/auth/login", body, NULL, cancellable,
                          sign_in_login_cb, g_steal_pointer (&task));
}

/**
 * dnevnik_service_sign_in_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether the student is signed in
 */
gboolean
dnevnik_service_sign_in_finish (DnevnikService  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dnevnik_service_sign_in_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- restore ------------------------------------------------------------------ */

static void
restore_refreshed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = DNEVNIK_SERVICE (source);
  guint session_id = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  gboolean refreshed;

  refreshed = refresh_tokens_finish (self, result, &error);

  if (session_id != self->session_id)
    {
      /* Ended by a refused refresh (UNAUTHORIZED) or by a sign-out. */
      g_task_return_error (task, error != NULL ? g_steal_pointer (&error) : cancelled_error ());
      return;
    }

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      clear_session (self);
      g_task_return_error (task, cancelled_error ());
      return;
    }

  /* Could not refresh for now (offline, server trouble): the session is
   * still good, and the next request tries again. */
  if (!refreshed)
    g_debug ("Restored a session without refreshing it: %s", error->message);

  set_state (self, refreshed ? DNEVNIK_SERVICE_STATE_READY : DNEVNIK_SERVICE_STATE_OFFLINE);
  g_task_return_boolean (task, TRUE);
}

static void
restore_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = g_task_get_source_object (task);
  guint session_id = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  DnevnikTokens *tokens;

  tokens = dnevnik_token_store_load_finish (DNEVNIK_TOKEN_STORE (source), result, &error);

  if (session_id != self->session_id)
    {
      g_clear_pointer (&tokens, dnevnik_tokens_free);
      g_task_return_error (task, cancelled_error ());
      return;
    }

  if (error != NULL)
    {
      set_state (self, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_clear_pointer (&tokens, dnevnik_tokens_free);
      set_state (self, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
      g_task_return_error (task, cancelled_error ());
      return;
    }

  if (tokens == NULL)
    {
      set_state (self, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
      g_task_return_boolean (task, FALSE);
      return;
    }

  install_tokens (self, tokens, tokens->expires_at - REFRESH_MARGIN);
  set_remembered (self, TRUE);

  if (refresh_is_due (self))
    {
      refresh_tokens_async (self, self->tokens->access_token, restore_refreshed_cb, g_steal_pointer (&task));
      return;
    }

  set_state (self, DNEVNIK_SERVICE_STATE_READY);
  g_task_return_boolean (task, TRUE);
}

/**
 * dnevnik_service_restore_session_async:
 * @self: a signed-out #DnevnikService
 * @login: (nullable): whose session to restore, or %NULL for the one
 *   remembered last
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Continues a remembered session from the token store, without asking for
 * the password.  The access token is refreshed first if it has expired;
 * otherwise no request is made, so a restore works offline.  The profile
 * is not loaded: call dnevnik_service_refresh_profile_async() next.
 *
 * When the server cannot be reached to refresh, the session is restored
 * all the same, in the OFFLINE state.  When it refuses the refresh, the
 * stored tokens are deleted and the call fails with UNAUTHORIZED.  A
 * keyring that cannot be read fails with KEYRING.
 */
void
dnevnik_service_restore_session_async (DnevnikService      *self,
                                       const char          *login,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_service_restore_session_async);

  if (self->state != DNEVNIK_SERVICE_STATE_SIGNED_OUT)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, "A session exists already; sign out first");
      return;
    }

  if (self->store == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  g_task_set_task_data (task, GUINT_TO_POINTER (++self->session_id), NULL);
  set_state (self, DNEVNIK_SERVICE_STATE_SIGNING_IN);

  dnevnik_token_store_load_async (self->store, dnevnik_api_get_base_url (self->api), login,
                                  cancellable, restore_loaded_cb, g_steal_pointer (&task));
}

/**
 * dnevnik_service_restore_session_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: %TRUE if a session was restored; %FALSE with @error unset if
 *   nothing was remembered
 */
gboolean
dnevnik_service_restore_session_finish (DnevnikService  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dnevnik_service_restore_session_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- sign out ----------------------------------------------------------------- */

typedef struct
{
  char     *login;
  gboolean  was_remembered;
} SignOut;

static void
sign_out_free (gpointer data)
{
  SignOut *sign_out = data;

  g_free (sign_out->login);
  g_free (sign_out);
}

static void
sign_out_deleted_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(GTask) task = data;
  SignOut *sign_out = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!dnevnik_token_store_delete_finish (DNEVNIK_TOKEN_STORE (source), result, &error) &&
      sign_out->was_remembered)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
sign_out_forget (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);
  SignOut *sign_out = g_task_get_task_data (task);

  if (self->store == NULL || sign_out->login == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  /* Never the caller's cancellable: the secrets go whatever happens. */
  dnevnik_token_store_delete_async (self->store, dnevnik_api_get_base_url (self->api), sign_out->login,
                                    NULL, sign_out_deleted_cb, task);
}

static void
sign_out_revoked_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  GTask *task = data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = dnevnik_api_send_finish (DNEVNIK_API (source), result, &error);
  if (body == NULL)
    g_debug ("Could not revoke the session on the server: %s", error->message);

  sign_out_forget (task);
}

/**
 * dnevnik_service_sign_out_async:
 * @self: a #DnevnikService
 * @cancellable: (nullable): cancels the revocation request only
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Ends the session.  The service is SIGNED_OUT at once (profile gone, link
 * status "not linked", every pending call fails with UNAUTHORIZED); then
 * the tokens are revoked on the server (best effort: offline is fine) and
 * deleted from the token store.
 *
 * It always ends signed out.  The only error is KEYRING, when the
 * remembered tokens could not be deleted: tell the student.
 */
void
dnevnik_service_sign_out_async (DnevnikService      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  SignOut *sign_out;
  g_autoptr(DnevnikTokens) tokens = NULL;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_service_sign_out_async);
  /* Cancelling stops the revocation, not the sign-out: report what was done. */
  g_task_set_check_cancellable (task, FALSE);

  tokens = g_steal_pointer (&self->tokens);
  sign_out = g_new0 (SignOut, 1);
  sign_out->login = tokens != NULL ? g_strdup (tokens->login) : NULL;
  sign_out->was_remembered = self->remembered;
  g_task_set_task_data (task, sign_out, sign_out_free);

  if (tokens != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN]);
  clear_session (self);

  if (tokens == NULL)
    {
      sign_out_forget (task);
      return;
    }

  dnevnik_api_send_async (self->api, "POST", "/api/v1/auth/logout", NULL, tokens->access_token,
                          cancellable, sign_out_revoked_cb, task);
}

/**
 * dnevnik_service_sign_out_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for a KEYRING error
 *
 * Returns: %TRUE if nothing of the session is left
 */
gboolean
dnevnik_service_sign_out_finish (DnevnikService  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dnevnik_service_sign_out_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- profile ------------------------------------------------------------------ */

static gpointer
apply_profile (DnevnikService  *self,
               GBytes          *body,
               gpointer         op_data,
               GError         **error)
{
  DnevnikProfile *profile = dnevnik_parse_profile (body, error);

  if (profile != NULL)
    {
      remember_reply (self, "profile", NULL, body);
      set_profile (self, profile);
    }

  return profile;
}

/**
 * dnevnik_service_refresh_profile_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Loads the profile and updates #DnevnikService:profile.
 */
void
dnevnik_service_refresh_profile_async (DnevnikService      *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  run_op (self, "GET", "/api/v1/profile", NULL, apply_profile, NULL, NULL,
          dnevnik_service_refresh_profile_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_refresh_profile_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the profile
 */
DnevnikProfile *
dnevnik_service_refresh_profile_finish (DnevnikService  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return op_finish (self, result, dnevnik_service_refresh_profile_async, error);
}

/* --- diary, library, portfolio ------------------------------------------------ */

typedef struct
{
  GDate from;
  GDate to;
} Range;

static gpointer
apply_diary (DnevnikService  *self,
             GBytes          *body,
             gpointer         op_data,
             GError         **error)
{
  Range *range = op_data;
  GListModel *days = dnevnik_parse_diary (body, &range->from, &range->to, error);

  if (days != NULL)
    remember_reply (self, "diary", NULL, body);

  return days;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/**
 * dnevnik_service_fetch_diary_async:
 * @self: a signed-in #DnevnikService
 * @from: the first date
 * @to: the last date, not before @from and at most 366 days after it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Loads the diary of a range of dates: every date of the range, in order,
 * each with its lessons.  A reversed or too long range fails with
 * %G_IO_ERROR_INVALID_ARGUMENT without a request.
 */
void
dnevnik_service_fetch_diary_async (DnevnikService      *self,
                                   const GDate         *from,
                                   const GDate         *to,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *path = NULL;
  Range *range;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (from != NULL && g_date_valid (from));
  g_return_if_fail (to != NULL && g_date_valid (to));

  if (g_date_compare (from, to) > 0 || g_date_days_between (from, to) >= MAX_DIARY_DAYS)
    {
      fail_early (self,
                  g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                       "A diary range must be in order and at most 366 days long"),
                  dnevnik_service_fetch_diary_async, callback, user_data);
      return;
    }

  range = g_new0 (Range, 1);
  range->from = *from;
  range->to = *to;

  from_text = format_date (from);
  to_text = format_date (to);
  path = g_strdup_printf ("/api/v1/diary?from=%s&to=%s", from_text, to_text);

  run_op (self, "GET", path, NULL, apply_diary, range, g_free,
          dnevnik_service_fetch_diary_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_fetch_diary_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): a list of #DnevnikDiaryDay
 */
GListModel *
dnevnik_service_fetch_diary_finish (DnevnikService  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return op_finish (self, result, dnevnik_service_fetch_diary_async, error);
}

static gpointer
apply_library (DnevnikService  *self,
               GBytes          *body,
               gpointer         op_data,
               GError         **error)
{
  GListModel *items = dnevnik_parse_library (body, error);

  if (items != NULL)
    remember_reply (self, "library", NULL, body);

  return items;
}

/**
 * dnevnik_service_fetch_library_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Loads the school library.
 */
void
dnevnik_service_fetch_library_async (DnevnikService      *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  run_op (self, "GET", "/api/v1/library", NULL, apply_library, NULL, NULL,
          dnevnik_service_fetch_library_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_fetch_library_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): a list of #DnevnikLibraryItem
 */
GListModel *
dnevnik_service_fetch_library_finish (DnevnikService  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return op_finish (self, result, dnevnik_service_fetch_library_async, error);
}

static gpointer
apply_portfolio (DnevnikService  *self,
                 GBytes          *body,
                 gpointer         op_data,
                 GError         **error)
{
  GListModel *achievements = dnevnik_parse_portfolio (body, error);

  if (achievements != NULL)
    remember_reply (self, "portfolio", NULL, body);

  return achievements;
}

/**
 * dnevnik_service_fetch_portfolio_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Loads the portfolio.
 */
void
dnevnik_service_fetch_portfolio_async (DnevnikService      *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  run_op (self, "GET", "/api/v1/portfolio", NULL, apply_portfolio, NULL, NULL,
          dnevnik_service_fetch_portfolio_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_fetch_portfolio_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): a list of #DnevnikAchievement
 */
GListModel *
dnevnik_service_fetch_portfolio_finish (DnevnikService  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return op_finish (self, result, dnevnik_service_fetch_portfolio_async, error);
}

/* --- Сферум ------------------------------------------------------------------- */

static gpointer
apply_link_status (DnevnikService  *self,
                   GBytes          *body,
                   gpointer         op_data,
                   GError         **error)
{
  DnevnikLinkStatus *status = dnevnik_parse_link_status (body, error);

  if (status != NULL)
    {
      remember_reply (self, "link-status", NULL, body);
      dnevnik_link_status_copy_from (self->link_status, status);
    }

  return status;
}

/**
 * dnevnik_service_refresh_link_status_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asks the server whether the account is linked and updates
 * #DnevnikService:link-status.
 */
void
dnevnik_service_refresh_link_status_async (DnevnikService      *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  run_op (self, "GET", "/api/v1/sferum/link", NULL, apply_link_status, NULL, NULL,
          dnevnik_service_refresh_link_status_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_refresh_link_status_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether #DnevnikService:link-status is up to date now
 */
gboolean
dnevnik_service_refresh_link_status_finish (DnevnikService  *self,
                                            GAsyncResult    *result,
                                            GError         **error)
{
  return op_finish_boolean (self, result, dnevnik_service_refresh_link_status_async, error);
}

static gpointer
apply_link_request (DnevnikService  *self,
                    GBytes          *body,
                    gpointer         op_data,
                    GError         **error)
{
  return dnevnik_parse_link_request (body, op_data, error);
}

/**
 * dnevnik_service_link_start_async:
 * @self: a signed-in #DnevnikService
 * @phone: the phone number as the student typed it (`8 916 …`,
 *   `+7 (916) …`, `9161234567` are all fine)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Starts linking the account to the Сферум profile of @phone: the server
 * sends a code by SMS.  A number that is not a Russian mobile number fails
 * with INVALID_PHONE without a request.  Other errors: ALREADY_LINKED,
 * MAX_ACCOUNT_TAKEN, RATE_LIMITED (with retry-after).
 */
void
dnevnik_service_link_start_async (DnevnikService      *self,
                                  const char          *phone,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GBytes) body = NULL;
  char *normalized;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (phone != NULL);

  normalized = dnevnik_phone_normalize (phone);
  if (normalized == NULL)
    {
      fail_early (self, dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_INVALID_PHONE, NULL, -1, -1),
                  dnevnik_service_link_start_async, callback, user_data);
      return;
    }

  body = dnevnik_api_build_body ("phone", normalized, NULL);
  run_op (self, "POST", "/api/v1/sferum/link/start", body, apply_link_request, normalized, g_free,
          dnevnik_service_link_start_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_link_start_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the request, to pass to
 *   dnevnik_service_link_confirm_async() and
 *   dnevnik_service_link_resend_async()
 */
DnevnikLinkRequest *
dnevnik_service_link_start_finish (DnevnikService  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return op_finish (self, result, dnevnik_service_link_start_async, error);
}

static gpointer
apply_link_resend (DnevnikService  *self,
                   GBytes          *body,
                   gpointer         op_data,
                   GError         **error)
{
  return dnevnik_parse_link_resend (body, op_data, error);
}

/**
 * dnevnik_service_link_resend_async:
 * @self: a signed-in #DnevnikService
 * @request: the request from dnevnik_service_link_start_finish()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asks for a new code (the old one stops working; attempts start again).
 * Errors: RATE_LIMITED before the countdown is over (with retry-after),
 * UNKNOWN_REQUEST.
 */
void
dnevnik_service_link_resend_async (DnevnikService      *self,
                                   DnevnikLinkRequest  *request,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (DNEVNIK_IS_LINK_REQUEST (request));

  body = dnevnik_api_build_body ("request_id", dnevnik_link_request_get_request_id (request), NULL);
  run_op (self, "POST", "/api/v1/sferum/link/resend", body, apply_link_resend,
          g_object_ref (request), g_object_unref,
          dnevnik_service_link_resend_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_link_resend_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the request with its new countdowns
 */
DnevnikLinkRequest *
dnevnik_service_link_resend_finish (DnevnikService  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return op_finish (self, result, dnevnik_service_link_resend_async, error);
}

static gboolean
code_is_well_formed (const char         *code,
                     DnevnikLinkRequest *request)
{
  gsize length = strlen (code);

  if (length != (gsize) dnevnik_link_request_get_code_length (request))
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;

  return TRUE;
}

/**
 * dnevnik_service_link_confirm_async:
 * @self: a signed-in #DnevnikService
 * @request: the request from dnevnik_service_link_start_finish()
 * @code: the code from the SMS
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Confirms the link with the code; on success #DnevnikService:link-status
 * becomes linked.  A code of the wrong length or with other characters
 * than digits fails with INVALID_CODE without spending an attempt
 * (attempts-left is then -1).  Errors: INVALID_CODE (with attempts-left),
 * CODE_EXPIRED (offer a resend), NO_ATTEMPTS_LEFT and UNKNOWN_REQUEST
 * (start again), ALREADY_LINKED, MAX_ACCOUNT_TAKEN.
 */
void
dnevnik_service_link_confirm_async (DnevnikService      *self,
                                    DnevnikLinkRequest  *request,
                                    const char          *code,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (DNEVNIK_IS_LINK_REQUEST (request));
  g_return_if_fail (code != NULL);

  if (!code_is_well_formed (code, request))
    {
      fail_early (self, dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_INVALID_CODE, NULL, -1, -1),
                  dnevnik_service_link_confirm_async, callback, user_data);
      return;
    }

  body = dnevnik_api_build_body ("request_id", dnevnik_link_request_get_request_id (request),
                                 "code", code,
                                 NULL);
  run_op (self, "POST", "/api/v1/sferum/link/confirm", body, apply_link_status, NULL, NULL,
          dnevnik_service_link_confirm_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_link_confirm_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether the account is linked now
 */
gboolean
dnevnik_service_link_confirm_finish (DnevnikService  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return op_finish_boolean (self, result, dnevnik_service_link_confirm_async, error);
}

/**
 * dnevnik_service_unlink_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Removes the link; #DnevnikService:link-status becomes "not linked" (also
 * when the server answers NOT_LINKED, since that is the truth then).
 */
void
dnevnik_service_unlink_async (DnevnikService      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  run_op (self, "DELETE", "/api/v1/sferum/link", NULL, apply_link_status, NULL, NULL,
          dnevnik_service_unlink_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_unlink_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether the link was removed
 */
gboolean
dnevnik_service_unlink_finish (DnevnikService  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  return op_finish_boolean (self, result, dnevnik_service_unlink_async, error);
}

static gpointer
apply_link_history (DnevnikService  *self,
                    GBytes          *body,
                    gpointer         op_data,
                    GError         **error)
{
  GListModel *events = dnevnik_parse_link_history (body, error);

  if (events != NULL)
    remember_reply (self, "link-history", NULL, body);

  return events;
}

/**
 * dnevnik_service_fetch_link_history_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Loads the history of links and unlinks, newest first.
 */
void
dnevnik_service_fetch_link_history_async (DnevnikService      *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  run_op (self, "GET", "/api/v1/sferum/link/history", NULL, apply_link_history, NULL, NULL,
          dnevnik_service_fetch_link_history_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_fetch_link_history_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): a list of #DnevnikLinkEvent
 */
GListModel *
dnevnik_service_fetch_link_history_finish (DnevnikService  *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  return op_finish (self, result, dnevnik_service_fetch_link_history_async, error);
}
