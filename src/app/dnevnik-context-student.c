/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-app"

#include "config.h"

#include "dnevnik-context-private.h"

/* The student of DnevnikContext leaving: the sign-out, after which nothing
 * tells who it was; and the school-year sync of the offline copy, which
 * only a remembered student has. */

/* Nothing tells the next start who it was, and the offline copy goes with
 * the session: the next student syncs anew. */
static void
forget_session (DnevnikContext *self)
{
  if (g_settings_is_writable (self->settings, "last-login"))
    g_settings_set_string (self->settings, "last-login", "");
  if (g_settings_is_writable (self->settings, "last-sync"))
    g_settings_set_string (self->settings, "last-sync", "");
}

static void
on_signed_out_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!dnevnik_service_sign_out_finish (DNEVNIK_SERVICE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * dnevnik_context_sign_out_async:
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when signed out
 * @user_data: data for @callback
 *
 * Signs the student out completely: the service forgets the session and
 * its offline copy, and the settings forget who it was and when the
 * school year was last saved.  Emits #DnevnikContext::student-left.
 */
void
dnevnik_context_sign_out_async (DnevnikContext      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DNEVNIK_IS_CONTEXT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_context_sign_out_async);

  forget_session (self);
  _dnevnik_context_emit_student_left (self);

  if (self->service == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  dnevnik_service_sign_out_async (self->service, cancellable, on_signed_out_cb, g_steal_pointer (&task));
}

/**
 * dnevnik_context_sign_out_finish:
 *
 * Returns: %TRUE; %FALSE with @error if the server could not be told (the
 *   student is signed out all the same)
 */
gboolean
dnevnik_context_sign_out_finish (DnevnikContext  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (DNEVNIK_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * dnevnik_context_get_syncing:
 *
 * Returns: whether the diary of the school year is being saved for
 *   offline use (dnevnik_context_sync_school_year())
 */
gboolean
dnevnik_context_get_syncing (DnevnikContext *self)
{
  g_return_val_if_fail (DNEVNIK_IS_CONTEXT (self), FALSE);

  return dnevnik_year_sync_get_syncing (self->year_sync);
}

/**
 * dnevnik_context_sync_school_year:
 * @force: %TRUE to sync even if it was done today
 *
 * Saves the diary of the current school year in the offline copy, in the
 * background, for a remembered student whose session is READY (a student
 * who is not remembered keeps nothing on disk, so there is nothing to
 * save it for).  Without @force, at most once a day.
 * #DnevnikContext:syncing is %TRUE while it runs.
 *
 * Returns: whether a sync was started (or runs already)
 */
gboolean
dnevnik_context_sync_school_year (DnevnikContext *self,
                                  gboolean        force)
{
  g_return_val_if_fail (DNEVNIK_IS_CONTEXT (self), FALSE);

  return dnevnik_year_sync_start (self->year_sync, force);
}
