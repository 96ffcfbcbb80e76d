/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-link-status-private.h"
#include "dnevnik-parse.h"
#include "dnevnik-service-private.h"

/* How a session's tokens are kept fresh
 * ====================================
 * Every authorised request goes through _dnevnik_service_request_async():
 * it refreshes the access token first when it is due, sends, and on a 401
 * refreshes and sends once more.  The refresh is single-flight: callers
 * join the waiters of the one refresh in flight (DnevnikSession keeps
 * them), and a caller whose 401 came for a token that has already been
 * replaced simply retries with the new one.
 *
 * Every call holds the DnevnikSession it was made for, and checks it at
 * each step with dnevnik_session_return_if_over(): signing in or out ends
 * the session, and whatever comes back for an ended one is dropped.
 */

/* Seconds before expiry at which a long-lived token is refreshed. */
#define REFRESH_MARGIN 60

typedef struct
{
  DnevnikService *self;
  DnevnikSession *session;
} Refresh;

typedef struct
{
  DnevnikSession         *session;
  DnevnikServiceCallFunc  describe;
  gpointer                args;
  char                   *sent_token;
  gboolean                retried;
} Request;

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_object (&request->session);
  g_free (request->sent_token);
  g_free (request);
}

static void
call_free (gpointer data)
{
  DnevnikServiceCall *call = data;

  if (call->args_free != NULL)
    call->args_free (call->args);
  g_clear_object (&call->session);
  g_clear_error (&call->fallback_error);
  g_free (call);
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

  body = dnevnik_provider_finish (DNEVNIK_PROVIDER (source), result, &error);

  if (dnevnik_session_return_if_over (request->session, task))
    return;

  if (body != NULL)
    {
      _dnevnik_service_note_reachable (self);
      g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED) &&
      !request->retried)
    {
      /* Once: a second 401 right after a refresh is not a stale token. */
      request->retried = TRUE;
      _dnevnik_service_refresh_tokens_async (self, request->sent_token, request_refreshed_cb,
                                             g_steal_pointer (&task));
      return;
    }

  _dnevnik_service_note_unreachable (self, error);
  g_task_return_error (task, g_steal_pointer (&error));
}

/* Takes @task. */
static void
request_send (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  const DnevnikTokens *tokens = dnevnik_session_get_tokens (request->session);
  DnevnikProviderCall call = { 0 };

  if (dnevnik_session_return_if_over (request->session, task))
    {
      g_object_unref (task);
      return;
    }

  g_assert (tokens != NULL);
  g_free (request->sent_token);
  request->sent_token = g_strdup (tokens->access_token);

  request->describe (request->args, &call);
  call.access_token = request->sent_token;
  dnevnik_provider_call_async (self->provider, &call, g_task_get_cancellable (task), request_sent_cb, task);
}

static void
request_refreshed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  GTask *task = data;
  g_autoptr(GError) error = NULL;

  if (!_dnevnik_service_refresh_tokens_finish (DNEVNIK_SERVICE (source), result, &error))
    {
      if (!g_task_return_error_if_cancelled (task))
        g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  request_send (task);
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
    _dnevnik_service_report_remember_failed (self, error);
}

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
  error = _dnevnik_service_unauthorized_error ();
  dnevnik_session_return_waiters (waiters, error);
}

static void
refresh_reply_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  Refresh *refresh = data;
  g_autoptr(DnevnikService) self = refresh->self;
  g_autoptr(DnevnikSession) session = refresh->session;
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DnevnikAuthReply) reply = NULL;
  g_autofree char *login = NULL;

  g_free (refresh);

  body = dnevnik_provider_finish (DNEVNIK_PROVIDER (source), result, &error);

  /* The session ended meanwhile; its waiters were answered then. */
  if (dnevnik_session_is_ended (session))
    return;

  waiters = dnevnik_session_take_refresh_waiters (session);
  login = g_strdup (dnevnik_session_get_tokens (session)->login);

  if (body != NULL)
    reply = dnevnik_parse_auth (body, &error);

  if (reply != NULL)
    {
      g_debug ("Access token refreshed");
      _dnevnik_service_note_reachable (self);
      _dnevnik_service_install_new_tokens (self, login, reply->access_token, reply->refresh_token,
                                           reply->expires_in);

      /* The old refresh token is dead now: the stored one must follow. */
      if (self->remembered && self->store != NULL)
        dnevnik_token_store_save_async (self->store, _dnevnik_service_get_server (self),
                                        dnevnik_session_get_tokens (session), self->cancellable,
                                        saved_rotated_cb, g_object_ref (self));

      dnevnik_session_return_waiters (waiters, NULL);
      return;
    }

  if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED))
    {
      /* The refresh token is dead: the session is over, here and in the
       * store, and the callers learn it only once both are clean. */
      g_debug ("Refresh refused; signing out");
      _dnevnik_service_clear_session (self);

      if (self->store != NULL)
        {
          dnevnik_token_store_delete_async (self->store, _dnevnik_service_get_server (self), login,
                                            NULL, refresh_deleted_cb, g_steal_pointer (&waiters));
          return;
        }

      g_clear_error (&error);
      error = _dnevnik_service_unauthorized_error ();
      dnevnik_session_return_waiters (waiters, error);
      return;
    }

  /* Anything else (unreachable, server trouble, a reply we cannot read)
   * is transient: keep the session, and try again next time. */
  _dnevnik_service_note_unreachable (self, error);
  dnevnik_session_return_waiters (waiters, error);
}

static void
op_fallback_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = g_task_get_source_object (task);
  DnevnikServiceCall *call = g_task_get_task_data (task);
  const DnevnikServiceOp *op = call->spec;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = _dnevnik_service_cached_document (DNEVNIK_CACHE (source), result, _dnevnik_service_call_is_wanted (task),
                                            &error);
  if (error != NULL)
    _dnevnik_service_note_cache_error (self, DNEVNIK_CACHE (source), error);

  if (bytes != NULL)
    {
      if (op->fallback_kind == DNEVNIK_CACHE_KIND_PROFILE)
        {
          g_autoptr(DnevnikProfile) profile = dnevnik_parse_profile (bytes, NULL);

          if (profile != NULL && g_strcmp0 (dnevnik_profile_get_id (profile), self->account_id) == 0)
            _dnevnik_service_set_profile (self, profile);
        }
      else
        {
          g_autoptr(DnevnikLinkStatus) status = dnevnik_parse_link_status (bytes, NULL);

          if (status != NULL)
            dnevnik_link_status_copy_from (self->link_status, status);
        }
    }

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_error (task, g_steal_pointer (&call->fallback_error));
}

static void
op_cb (GObject      *source,
       GAsyncResult *result,
       gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = DNEVNIK_SERVICE (source);
  DnevnikServiceCall *call = g_task_get_task_data (task);
  const DnevnikServiceOp *op = call->spec;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gpointer value;

  if (!_dnevnik_service_call_reply (task, result, &body, &error))
    return;

  if (body == NULL)
    {
      /* The server says what the shared status should say. */
      if (op->not_linked_means_unlinked &&
          g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NOT_LINKED))
        dnevnik_link_status_set (self->link_status, FALSE, NULL, NULL, NULL, NULL);

      if (op->offline_fallback && _dnevnik_service_is_unreachable_error (error) &&
          _dnevnik_service_cache_is_usable (self))
        {
          GCancellable *cancellable = g_task_get_cancellable (task);

          call->fallback_error = g_steal_pointer (&error);
          dnevnik_cache_get_async (self->cache, _dnevnik_service_get_server (self), self->account_id,
                                   op->fallback_kind, NULL, cancellable, op_fallback_cb,
                                   g_steal_pointer (&task));
          return;
        }

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  value = op->apply (self, body, call->args, &error);
  if (value == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, value, g_object_unref);
}

/* --- internal API of the sibling files ------------------------------------------ */

GError *
_dnevnik_service_unauthorized_error (void)
{
  return dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_UNAUTHORIZED, NULL, -1, -1);
}

gboolean
_dnevnik_service_is_unreachable_error (const GError *error)
{
  return g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NETWORK) ||
         g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_TIMEOUT);
}

void
_dnevnik_service_fail_early (DnevnikService      *self,
                             GError              *error,
                             gpointer             source_tag,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_error (task, error);
}

/* A call the provider of this service cannot make fails at once with
 * %G_IO_ERROR_NOT_SUPPORTED; returns whether it did. */
gboolean
_dnevnik_service_fail_unless_able (DnevnikService              *self,
                                   DnevnikProviderCapabilities  needs,
                                   gpointer                     source_tag,
                                   GAsyncReadyCallback          callback,
                                   gpointer                     user_data)
{
  if (dnevnik_provider_can (self->provider, needs))
    return FALSE;

  _dnevnik_service_fail_early (self,
                               g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                    "The diary server does not offer this"),
                               source_tag, callback, user_data);
  return TRUE;
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

/* Gives the current session @tokens (taken), refreshed at @refresh_at;
 * a stored session's are refreshed REFRESH_MARGIN before they expire. */
void
_dnevnik_service_install_tokens (DnevnikService *self,
                                 DnevnikTokens  *tokens,
                                 gint64          refresh_at)
{
  const DnevnikTokens *old = dnevnik_session_get_tokens (self->session);
  gboolean login_changed = old == NULL || g_strcmp0 (old->login, tokens->login) != 0;

  if (refresh_at == 0)
    refresh_at = tokens->expires_at - REFRESH_MARGIN;

  dnevnik_session_set_tokens (self->session, tokens, refresh_at);

  if (login_changed)
    _dnevnik_service_notify_login (self);
}

/* Gives the current session tokens just issued, which expire in
 * @expires_in seconds. */
void
_dnevnik_service_install_new_tokens (DnevnikService *self,
                                     const char     *login,
                                     const char     *access_token,
                                     const char     *refresh_token,
                                     gint64          expires_in)
{
  _dnevnik_service_install_tokens (self,
                                   dnevnik_tokens_new (login, access_token, refresh_token, now_seconds () + expires_in),
                                   refresh_time_for (expires_in));
}

/* Ends the session in memory only: what the server and the store hold is
 * up to the caller.
 */
void
_dnevnik_service_clear_session (DnevnikService *self)
{
  g_autoptr(DnevnikSession) session = g_steal_pointer (&self->session);
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GError) error = NULL;
  gboolean had_login = session != NULL && dnevnik_session_get_tokens (session) != NULL;

  /* Over before anyone hears of it; the calls waiting for a refresh learn
   * it last, once the service is all signed out. */
  if (session != NULL)
    {
      waiters = dnevnik_session_take_refresh_waiters (session);
      dnevnik_session_end (session);
    }

  g_object_freeze_notify (G_OBJECT (self));
  _dnevnik_service_set_profile (self, NULL);
  dnevnik_link_status_set (self->link_status, FALSE, NULL, NULL, NULL, NULL);
  _dnevnik_service_set_remembered (self, FALSE);
  if (had_login)
    _dnevnik_service_notify_login (self);
  _dnevnik_service_set_state (self, DNEVNIK_SERVICE_STATE_SIGNED_OUT);

  /* The models forget the student; the cache keeps what it has (a
   * sign-out wipes it, see there). */
  g_clear_pointer (&self->account_id, g_free);
  g_clear_object (&self->cache);
  _dnevnik_service_forget_stored_replies (self);
  self->recovering_cache = FALSE;
  self->week_serial++;
  for (guint i = 0; i < N_COLLECTIONS; i++)
    _dnevnik_collection_empty (&self->collections[i]);
  _dnevnik_service_set_week_start (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));

  if (waiters != NULL)
    {
      error = _dnevnik_service_unauthorized_error ();
      dnevnik_session_return_waiters (waiters, error);
    }
}

typedef struct
{
  void     (*then) (gpointer data);
  gpointer   data;
} Revoke;

static void
revoke_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Revoke *revoke = data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = dnevnik_provider_finish (DNEVNIK_PROVIDER (source), result, &error);
  if (body == NULL)
    g_debug ("Could not revoke a session on the server: %s", error->message);

  if (revoke->then != NULL)
    revoke->then (revoke->data);
  g_free (revoke);
}

/* Best effort: revokes @access_token on the server, then calls @then
 * (nullable) with @data whether that worked or not. */
void
_dnevnik_service_revoke (DnevnikService  *self,
                         const char      *access_token,
                         GCancellable    *cancellable,
                         void           (*then) (gpointer data),
                         gpointer         data)
{
  DnevnikProviderCall call = { .operation = DNEVNIK_PROVIDER_CALL_SIGN_OUT, .access_token = access_token };
  Revoke *revoke = g_new0 (Revoke, 1);

  revoke->then = then;
  revoke->data = data;
  dnevnik_provider_call_async (self->provider, &call, cancellable, revoke_cb, revoke);
}

/* Revokes tokens that are no longer wanted.  Nobody waits. */
void
_dnevnik_service_revoke_in_background (DnevnikService *self,
                                       const char     *access_token)
{
  _dnevnik_service_revoke (self, access_token, NULL, NULL, NULL);
}

/* Refreshes the tokens of the current session, one refresh at a time:
 * finishes TRUE once the session has fresh tokens. */
void
_dnevnik_service_refresh_tokens_async (DnevnikService      *self,
                                       const char          *stale_access_token,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const DnevnikTokens *tokens = _dnevnik_service_get_tokens (self);
  DnevnikProviderCall call = { .operation = DNEVNIK_PROVIDER_CALL_REFRESH };
  Refresh *refresh;

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, _dnevnik_service_refresh_tokens_async);

  if (tokens == NULL)
    {
      g_task_return_error (task, _dnevnik_service_unauthorized_error ());
      return;
    }

  /* Another caller refreshed already: use the new token. */
  if (stale_access_token != NULL && g_strcmp0 (stale_access_token, tokens->access_token) != 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!dnevnik_session_add_refresh_waiter (self->session, g_steal_pointer (&task)))
    return;

  refresh = g_new0 (Refresh, 1);
  refresh->self = g_object_ref (self);
  refresh->session = g_object_ref (self->session);
  call.refresh_token = tokens->refresh_token;
  dnevnik_provider_call_async (self->provider, &call, self->cancellable, refresh_reply_cb, refresh);
}

gboolean
_dnevnik_service_refresh_tokens_finish (DnevnikService  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The DnevnikServiceCallFunc of DNEVNIK_PROVIDER_CALL_FETCH: @args is
 * the DnevnikProviderDocument, as a pointer. */
void
_dnevnik_service_describe_fetch (gpointer             args,
                                 DnevnikProviderCall *call)
{
  call->operation = DNEVNIK_PROVIDER_CALL_FETCH;
  call->document = GPOINTER_TO_UINT (args);
}

/* Sends an authorised call of the current session, as @describe says, with
 * @args (borrowed: they must live until @callback); the result is the
 * document of a successful reply.
 */
void
_dnevnik_service_request_async (DnevnikService         *self,
                                DnevnikServiceCallFunc  describe,
                                gpointer                args,
                                GCancellable           *cancellable,
                                GAsyncReadyCallback     callback,
                                gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  const DnevnikTokens *tokens = _dnevnik_service_get_tokens (self);
  Request *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _dnevnik_service_request_async);

  if (tokens == NULL)
    {
      g_task_return_error (task, _dnevnik_service_unauthorized_error ());
      return;
    }

  request = g_new0 (Request, 1);
  request->session = g_object_ref (self->session);
  request->describe = describe;
  request->args = args;
  g_task_set_task_data (task, request, request_free);

  if (dnevnik_session_refresh_is_due (self->session) || dnevnik_session_is_refreshing (self->session))
    _dnevnik_service_refresh_tokens_async (self, tokens->access_token, request_refreshed_cb,
                                           g_steal_pointer (&task));
  else
    request_send (g_steal_pointer (&task));
}

GBytes *
_dnevnik_service_request_finish (DnevnikService  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The start of every call of the current session that a provider with
 * @needs can make: a task of @source_tag whose data is a
 * DnevnikServiceCall of @spec and @args (taken, freed with @args_free) —
 * or %NULL, with @callback told and @args freed, when the provider cannot
 * make the call or nobody is signed in. */
GTask *
_dnevnik_service_start_call (DnevnikService              *self,
                             DnevnikProviderCapabilities  needs,
                             gconstpointer                spec,
                             gpointer                     args,
                             GDestroyNotify               args_free,
                             gpointer                     source_tag,
                             GCancellable                *cancellable,
                             GAsyncReadyCallback          callback,
                             gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;
  DnevnikServiceCall *call;

  call = g_new0 (DnevnikServiceCall, 1);
  call->spec = spec;
  call->args = args;
  call->args_free = args_free;

  if (_dnevnik_service_fail_unless_able (self, needs, source_tag, callback, user_data))
    {
      call_free (call);
      return NULL;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, call_free);

  if (_dnevnik_service_get_tokens (self) == NULL)
    {
      g_task_return_error (task, _dnevnik_service_unauthorized_error ());
      return NULL;
    }

  call->session = g_object_ref (self->session);
  return g_steal_pointer (&task);
}

/* Whether the call of @task (a task of _dnevnik_service_start_call()) is
 * still wanted: neither cancelled nor of an ended session. */
gboolean
_dnevnik_service_call_is_wanted (GTask *task)
{
  DnevnikServiceCall *call = g_task_get_task_data (task);

  return !dnevnik_session_is_ended (call->session) && !g_cancellable_is_cancelled (g_task_get_cancellable (task));
}

/* Finishes the request of the call of @task (a task of
 * _dnevnik_service_start_call()) into @out_body, or @error.  Returns
 * %FALSE when the call is over — cancelled, or its session ended — and
 * @task has returned: nothing of the reply may be applied. */
gboolean
_dnevnik_service_call_reply (GTask         *task,
                             GAsyncResult  *result,
                             GBytes       **out_body,
                             GError       **error)
{
  DnevnikServiceCall *call = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;

  body = _dnevnik_service_request_finish (g_task_get_source_object (task), result, &local_error);

  if (dnevnik_session_return_if_over (call->session, task))
    return FALSE;

  *out_body = g_steal_pointer (&body);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return TRUE;
}

/* Runs a call that sends one request and applies its reply (@op), with
 * @args (taken, freed with @args_free) for both.  Finishes with
 * _dnevnik_service_op_finish(): the object that @op's apply made.
 */
void
_dnevnik_service_run_op (DnevnikService         *self,
                         const DnevnikServiceOp *spec,
                         gpointer                args,
                         GDestroyNotify          args_free,
                         gpointer                source_tag,
                         GCancellable           *cancellable,
                         GAsyncReadyCallback     callback,
                         gpointer                user_data)
{
  GTask *task = _dnevnik_service_start_call (self, spec->needs, spec, args, args_free,
                                             source_tag, cancellable, callback, user_data);

  if (task != NULL)
    _dnevnik_service_request_async (self, spec->describe, args, cancellable, op_cb, task);
}

gpointer
_dnevnik_service_op_finish (DnevnikService  *self,
                            GAsyncResult    *result,
                            gpointer         source_tag,
                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
_dnevnik_service_op_finish_boolean (DnevnikService  *self,
                                    GAsyncResult    *result,
                                    gpointer         source_tag,
                                    GError         **error)
{
  g_autoptr(GObject) value = _dnevnik_service_op_finish (self, result, source_tag, error);

  return value != NULL;
}

/* The finish of every call whose task returns a boolean. */
gboolean
_dnevnik_service_task_finish_boolean (DnevnikService  *self,
                                      GAsyncResult    *result,
                                      gpointer         source_tag,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
