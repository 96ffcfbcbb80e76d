/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-service-private.h"

/* Ending a session: the state becomes SIGNED_OUT at once; then the
 * student's offline copy is wiped (after the writes already queued), the
 * session revoked on the server (best effort) and the stored tokens
 * deleted.
 */

typedef struct
{
  char     *login;
  char     *access_token;
  gboolean  was_remembered;
} SignOut;

static void
sign_out_free (gpointer data)
{
  SignOut *sign_out = data;

  g_free (sign_out->login);
  g_free (sign_out->access_token);
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

/* Takes @data, the task. */
static void
sign_out_forget (gpointer data)
{
  GTask *task = data;
  DnevnikService *self = g_task_get_source_object (task);
  SignOut *sign_out = g_task_get_task_data (task);

  if (self->store == NULL || sign_out->login == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  /* Never the caller's cancellable: the secrets go whatever happens. */
  dnevnik_token_store_delete_async (self->store, _dnevnik_service_get_server (self), sign_out->login,
                                    NULL, sign_out_deleted_cb, task);
}

static void
sign_out_revoke (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);
  SignOut *sign_out = g_task_get_task_data (task);

  if (sign_out->access_token == NULL)
    {
      sign_out_forget (task);
      return;
    }

  _dnevnik_service_revoke (self, sign_out->access_token, g_task_get_cancellable (task), sign_out_forget, task);
}

static void
sign_out_wiped_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  GTask *task = data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_cache_wipe_account_finish (DNEVNIK_CACHE (source), result, &error))
    g_debug ("Could not wipe the account from the offline copy: %s", error->message);

  sign_out_revoke (task);
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
  const DnevnikTokens *tokens;
  g_autoptr(DnevnikCache) cache = NULL;
  g_autofree char *account_id = NULL;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_service_sign_out_async);
  /* Cancelling stops the revocation, not the sign-out: report what was done. */
  g_task_set_check_cancellable (task, FALSE);

  tokens = _dnevnik_service_get_tokens (self);
  sign_out = g_new0 (SignOut, 1);
  sign_out->login = tokens != NULL ? g_strdup (tokens->login) : NULL;
  sign_out->access_token = tokens != NULL ? g_strdup (tokens->access_token) : NULL;
  sign_out->was_remembered = self->remembered;
  g_task_set_task_data (task, sign_out, sign_out_free);

  cache = self->cache != NULL ? g_object_ref (self->cache) : NULL;
  account_id = g_strdup (self->account_id);

  _dnevnik_service_clear_session (self);

  /* The offline copy goes first, behind the writes already queued (the
   * cache runs its jobs in order), so that nothing of the session
   * survives; then the server and the keyring. */
  if (cache != NULL && sign_out->login != NULL)
    {
      _dnevnik_service_wipe_account (self, cache, account_id, sign_out->login, sign_out_wiped_cb, task);
      return;
    }

  sign_out_revoke (task);
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
  return _dnevnik_service_task_finish_boolean (self, result, dnevnik_service_sign_out_async, error);
}
