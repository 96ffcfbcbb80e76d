/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-parse.h"
#include "dnevnik-service-private.h"

/* Starting sessions: sign in with a password (a token from a diary's own
 * sign-in page: dnevnik-service-web-sign-in.c) or restore a remembered
 * session from the token store (ending one: dnevnik-service-sign-out.c).
 * Each starts a new
 * DnevnikSession; its steps check that session (and the caller's
 * cancellable) after every wait.
 */

typedef struct
{
  char           *login;
  GBytes         *profile_body;
  char           *profile_id;
  DnevnikSession *session;
  gboolean        remember;
} SignIn;

static void
sign_in_free (gpointer data)
{
  SignIn *sign_in = data;

  g_free (sign_in->login);
  g_clear_pointer (&sign_in->profile_body, g_bytes_unref);
  g_free (sign_in->profile_id);
  g_clear_object (&sign_in->session);
  g_free (sign_in);
}

/* Starts a new session, without tokens yet.  A session left over by a
 * restore that found nothing ends first, so that no step of it goes on. */
static DnevnikSession *
begin_session (DnevnikService *self)
{
  if (self->session != NULL)
    dnevnik_session_end (self->session);

  g_clear_object (&self->session);
  self->session = dnevnik_session_new ();

  return self->session;
}

/* A task of @source_tag that starts a session — or %NULL, with @callback
 * told BUSY, when a session exists already. */
static GTask *
new_session_task (DnevnikService      *self,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);

  if (self->state != DNEVNIK_SERVICE_STATE_SIGNED_OUT)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, "A session exists already; sign out first");
      return NULL;
    }

  return g_steal_pointer (&task);
}

static gboolean
sign_in_is_current (SignIn *sign_in)
{
  return !dnevnik_session_is_ended (sign_in->session);
}

/* Undoes a sign-in that will not complete: the tokens are revoked, the
 * state is SIGNED_OUT again, and the caller gets @error.  Takes @task.
 */
static void
sign_in_abort (GTask  *task,
               GError *error)
{
  DnevnikService *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);

  if (sign_in_is_current (sign_in))
    {
      const DnevnikTokens *tokens = _dnevnik_service_get_tokens (self);

      if (tokens != NULL)
        _dnevnik_service_revoke_in_background (self, tokens->access_token);
      _dnevnik_service_clear_session (self);
    }

  g_task_return_error (task, error);
  g_object_unref (task);
}

/* After a step of a sign-in that is still current: whether it may go on
 * with what it got (@got, else @error); if not, the sign-in is undone and
 * @unused_token, a token not installed yet, revoked; *@task is taken then. */
static gboolean
sign_in_may_go_on (GTask      **task,
                   gboolean     got,
                   GError     **error,
                   const char  *unused_token)
{
  DnevnikService *self = g_task_get_source_object (*task);

  if (!got)
    {
      sign_in_abort (g_steal_pointer (task), g_steal_pointer (error));
      return FALSE;
    }

  if (g_cancellable_is_cancelled (g_task_get_cancellable (*task)))
    {
      if (unused_token != NULL)
        _dnevnik_service_revoke_in_background (self, unused_token);
      sign_in_abort (g_steal_pointer (task), _dnevnik_service_cancelled_error ());
      return FALSE;
    }

  return TRUE;
}

/* Takes @task. */
static void
sign_in_complete (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);

  /* Only now is it known whether the student is remembered (the keyring
   * may have refused): that decides where the offline copy lives. */
  _dnevnik_service_use_cache (self, self->remembered);
  _dnevnik_service_set_account (self, sign_in->profile_id);
  _dnevnik_service_remember_reply (self, DNEVNIK_CACHE_KIND_PROFILE, sign_in->profile_body);

  /* "Don't remember me" also forgets what an earlier, remembered run of
   * this student left in the file; a file that does not exist is not
   * created for that. */
  if (!self->remembered && _dnevnik_service_disk_cache_exists (self))
    _dnevnik_service_wipe_account (self, _dnevnik_service_get_disk_cache (self), sign_in->profile_id, sign_in->login, NULL, NULL);

  _dnevnik_service_set_state (self, DNEVNIK_SERVICE_STATE_READY);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* Whether a sign-in goes on: not cancelled, its session still current. */
static gboolean
sign_in_is_wanted (GTask *task)
{
  SignIn *sign_in = g_task_get_task_data (task);

  return !g_cancellable_is_cancelled (g_task_get_cancellable (task)) && sign_in_is_current (sign_in);
}

/* The tokens are deleted: those of a sign-in cancelled while they were
 * stored, or those of an earlier session ("don't remember me").  Failing
 * to is only worth a debug line: usually it means there is no keyring to
 * hold any. */
static void
sign_in_deleted_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_token_store_delete_finish (DNEVNIK_TOKEN_STORE (source), result, &error))
    g_debug ("Could not delete stored tokens: %s", error->message);

  if (!sign_in_is_wanted (task))
    {
      sign_in_abort (g_steal_pointer (&task), _dnevnik_service_cancelled_error ());
      return;
    }

  sign_in_complete (g_steal_pointer (&task));
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
  if (!sign_in_is_wanted (task))
    {
      dnevnik_token_store_delete_async (DNEVNIK_TOKEN_STORE (source), _dnevnik_service_get_server (self),
                                        sign_in->login, NULL, sign_in_deleted_cb,
                                        g_steal_pointer (&task));
      return;
    }

  if (saved)
    _dnevnik_service_set_remembered (self, TRUE);
  else
    _dnevnik_service_report_remember_failed (self, error);

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
  const char *server = _dnevnik_service_get_server (self);

  body = _dnevnik_service_request_finish (self, result, &error);
  if (body != NULL)
    profile = dnevnik_parse_profile (body, &error);

  /* A token refused even after a refresh ends the session on its way
   * here: the caller learns why, not "cancelled". */
  if (!sign_in_is_current (sign_in))
    {
      if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, _dnevnik_service_cancelled_error ());
      return;
    }

  if (!sign_in_may_go_on (&task, profile != NULL, &error, NULL))
    return;

  sign_in->profile_body = g_bytes_ref (body);
  sign_in->profile_id = g_strdup (dnevnik_profile_get_id (profile));
  _dnevnik_service_set_profile (self, profile);

  if (sign_in->remember && self->store != NULL)
    {
      /* Not the caller's cancellable: a half-written item is worse than
       * one that is deleted again right after. */
      dnevnik_token_store_save_async (self->store, server, _dnevnik_service_get_tokens (self), NULL,
                                      sign_in_saved_cb, g_steal_pointer (&task));
    }
  else if (self->store != NULL)
    {
      /* "Don't remember me" also means: not from an earlier time either. */
      dnevnik_token_store_delete_async (self->store, server, sign_in->login, NULL,
                                        sign_in_deleted_cb, g_steal_pointer (&task));
    }
  else
    {
      if (sign_in->remember)
        {
          g_autoptr(GError) warning = dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_KEYRING, NULL, -1, -1);

          _dnevnik_service_report_remember_failed (self, warning);
        }
      sign_in_complete (g_steal_pointer (&task));
    }
}

/* Starts signing in as @login: a task of @source_tag, finished with
 * _dnevnik_service_task_finish_boolean() — or %NULL, with @callback told
 * BUSY, when a session exists already. */
GTask *
_dnevnik_service_begin_sign_in (DnevnikService      *self,
                                const char          *login,
                                gboolean             remember,
                                gpointer             source_tag,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task = new_session_task (self, source_tag, cancellable, callback, user_data);
  SignIn *sign_in;

  if (task == NULL)
    return NULL;

  sign_in = g_new0 (SignIn, 1);
  sign_in->login = g_strdup (login);
  sign_in->remember = remember;
  sign_in->session = g_object_ref (begin_session (self));
  g_task_set_task_data (task, sign_in, sign_in_free);

  _dnevnik_service_set_state (self, DNEVNIK_SERVICE_STATE_SIGNING_IN);

  return task;
}

/* Reads the profile with the tokens just installed; the rest of the
 * sign-in follows from it.  Takes @task. */
void
_dnevnik_service_sign_in_load_profile (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);

  _dnevnik_service_request_async (self, _dnevnik_service_describe_fetch,
                                  GUINT_TO_POINTER (DNEVNIK_PROVIDER_DOCUMENT_PROFILE),
                                  g_task_get_cancellable (task), sign_in_profile_cb, task);
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

  body = dnevnik_provider_finish (DNEVNIK_PROVIDER (source), result, &error);
  if (body != NULL)
    reply = dnevnik_parse_auth (body, &error);

  if (!sign_in_is_current (sign_in))
    {
      if (reply != NULL)
        _dnevnik_service_revoke_in_background (self, reply->access_token);
      g_task_return_error (task, _dnevnik_service_cancelled_error ());
      return;
    }

  if (!sign_in_may_go_on (&task, reply != NULL, &error, reply != NULL ? reply->access_token : NULL))
    return;

  _dnevnik_service_install_new_tokens (self, sign_in->login, reply->access_token, reply->refresh_token,
                                       reply->expires_in);

  _dnevnik_service_sign_in_load_profile (g_steal_pointer (&task));
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
  DnevnikProviderCall call = { .operation = DNEVNIK_PROVIDER_CALL_SIGN_IN };

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (login != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = _dnevnik_service_begin_sign_in (self, login, remember, dnevnik_service_sign_in_async,
                                         cancellable, callback, user_data);
  if (task == NULL)
    return;

  call.login = login;
  call.password = password;
  dnevnik_provider_call_async (self->provider, &call, cancellable, sign_in_login_cb, g_steal_pointer (&task));
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
  return _dnevnik_service_task_finish_boolean (self, result, dnevnik_service_sign_in_async, error);
}

/* --- restore ------------------------------------------------------------------ */

/* Whether a restore may go on after a step; if not, @task is done: with
 * *@step_error (optional, taken) when the step itself ended the session,
 * else cancelled. */
static gboolean
restore_still_wanted (GTask   *task,
                      GError **step_error)
{
  DnevnikService *self = g_task_get_source_object (task);
  DnevnikSession *session = g_task_get_task_data (task);

  if (dnevnik_session_is_ended (session))
    {
      if (step_error != NULL && *step_error != NULL)
        g_task_return_error (task, g_steal_pointer (step_error));
      else
        g_task_return_error (task, _dnevnik_service_cancelled_error ());
      return FALSE;
    }

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      _dnevnik_service_clear_session (self);
      g_task_return_error (task, _dnevnik_service_cancelled_error ());
      return FALSE;
    }

  return TRUE;
}

static void
restore_refreshed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = DNEVNIK_SERVICE (source);
  g_autoptr(GError) error = NULL;
  gboolean refreshed;

  refreshed = _dnevnik_service_refresh_tokens_finish (self, result, &error);

  /* Ended by a refused refresh (UNAUTHORIZED: the caller learns that) or
   * by a sign-out. */
  if (!restore_still_wanted (task, &error))
    return;

  /* Could not refresh for now (offline, server trouble): the session is
   * still good, and the next request tries again. */
  if (!refreshed)
    g_debug ("Restored a session without refreshing it: %s", error->message);

  _dnevnik_service_set_state (self, refreshed ? DNEVNIK_SERVICE_STATE_READY : DNEVNIK_SERVICE_STATE_OFFLINE);
  g_task_return_boolean (task, TRUE);
}

static void
restore_continue (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);

  if (dnevnik_session_refresh_is_due (self->session))
    {
      _dnevnik_service_refresh_tokens_async (self, _dnevnik_service_get_tokens (self)->access_token,
                                             restore_refreshed_cb, task);
      return;
    }

  _dnevnik_service_set_state (self, DNEVNIK_SERVICE_STATE_READY);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
restore_account_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  GTask *task = data;
  DnevnikService *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *account_id = NULL;

  account_id = dnevnik_cache_get_meta_finish (DNEVNIK_CACHE (source), result, &error);
  if (error != NULL)
    _dnevnik_service_note_cache_error (self, DNEVNIK_CACHE (source), error);

  if (!restore_still_wanted (task, NULL))
    {
      g_object_unref (task);
      return;
    }

  /* Nothing cached (a first run, a reset copy): the account is known
   * once the profile comes from the server. */
  if (account_id != NULL && self->cache != NULL)
    self->account_id = g_steal_pointer (&account_id);

  restore_continue (task);
}

static void
restore_from_cache (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);
  g_autofree char *login_key = _dnevnik_service_login_account_key (_dnevnik_service_get_tokens (self)->login);

  dnevnik_cache_get_meta_async (self->cache, _dnevnik_service_get_server (self), login_key, "profile-id", NULL,
                                restore_account_cb, task);
}

static void
restore_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = g_task_get_source_object (task);
  DnevnikSession *session = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(DnevnikTokens) tokens = NULL;

  tokens = dnevnik_token_store_load_finish (DNEVNIK_TOKEN_STORE (source), result, &error);

  if (dnevnik_session_is_ended (session))
    {
      g_task_return_error (task, _dnevnik_service_cancelled_error ());
      return;
    }

  if (error == NULL && g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    error = _dnevnik_service_cancelled_error ();

  /* Nothing remembered is no error: FALSE. */
  if (error != NULL || tokens == NULL)
    {
      _dnevnik_service_set_state (self, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_boolean (task, FALSE);
      return;
    }

  _dnevnik_service_install_tokens (self, g_steal_pointer (&tokens), 0);
  _dnevnik_service_set_remembered (self, TRUE);

  /* A remembered session keeps its offline copy in the file; which
   * account it is there must be known before the first load. */
  _dnevnik_service_use_cache (self, TRUE);
  restore_from_cache (g_steal_pointer (&task));
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

  task = new_session_task (self, dnevnik_service_restore_session_async, cancellable, callback, user_data);
  if (task == NULL)
    return;

  if (self->store == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  g_task_set_task_data (task, g_object_ref (begin_session (self)), g_object_unref);
  _dnevnik_service_set_state (self, DNEVNIK_SERVICE_STATE_SIGNING_IN);

  dnevnik_token_store_load_async (self->store, _dnevnik_service_get_server (self), login,
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
  return _dnevnik_service_task_finish_boolean (self, result, dnevnik_service_restore_session_async, error);
}
