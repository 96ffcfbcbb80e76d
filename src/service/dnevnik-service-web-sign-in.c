/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-mesh-translate.h"
#include "dnevnik-service-private.h"

/* Signing in with a token the student obtained on a diary's own sign-in
 * page, for the providers without password sign-in.  Past the tokens it is
 * the sign-in of dnevnik-service-sign-in.c: the profile, the token store,
 * the offline copy. */

/**
 * dnevnik_service_sign_in_with_token_async:
 * @self: a signed-out #DnevnikService
 * @access_token: a token the student obtained by signing in on the
 *   diary's own web page
 * @refresh_token: (nullable): the refresh token that came with it, if any
 * @remember: whether to keep the session in the token store for later runs
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when signed in, or not
 * @user_data: data for @callback
 *
 * Starts a session from a token obtained elsewhere, for a provider without
 * password sign-in (dnevnik_provider_can() says nothing of it: such a
 * provider answers %DNEVNIK_PROVIDER_CALL_SIGN_IN with NOT_SUPPORTED).  The
 * token is checked by reading the profile with it; from then on the
 * session is the same as after dnevnik_service_sign_in_async(): the tokens
 * go to the token store with @remember (memory only without), refreshed
 * with @refresh_token, or with @access_token itself when there is none.
 * Its login is %DNEVNIK_SERVICE_WEB_LOGIN: pass that to
 * dnevnik_service_restore_session_async().
 *
 * A token that is a JWT lives until its `exp`; another is refreshed after
 * an hour.
 *
 * Errors: UNAUTHORIZED (the server refused the token), NETWORK, TIMEOUT,
 * SERVER, PROTOCOL, and %G_IO_ERROR_BUSY if a session exists.
 */
void
dnevnik_service_sign_in_with_token_async (DnevnikService      *self,
                                          const char          *access_token,
                                          const char          *refresh_token,
                                          gboolean             remember,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  gint64 expires_in;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (access_token != NULL && access_token[0] != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = _dnevnik_service_begin_sign_in (self, DNEVNIK_SERVICE_WEB_LOGIN, remember,
                                         dnevnik_service_sign_in_with_token_async, cancellable, callback, user_data);
  if (task == NULL)
    return;

  expires_in = dnevnik_mesh_token_expires_in (access_token);
  _dnevnik_service_install_new_tokens (self, DNEVNIK_SERVICE_WEB_LOGIN, access_token,
                                       refresh_token != NULL ? refresh_token : access_token, expires_in);

  _dnevnik_service_sign_in_load_profile (g_steal_pointer (&task));
}

/**
 * dnevnik_service_sign_in_with_token_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether the student is signed in
 */
gboolean
dnevnik_service_sign_in_with_token_finish (DnevnikService  *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  return _dnevnik_service_task_finish_boolean (self, result, dnevnik_service_sign_in_with_token_async, error);
}
