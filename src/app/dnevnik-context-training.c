/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-app"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-context-private.h"

/* The training server of DnevnikContext: the bundled dnevnik-sandbox, its
 * restarts when it dies on its own, and the reset of its data. */

#define MAX_SANDBOX_RESTARTS 3

static void
on_sandbox_exited_cb (DnevnikSandboxLauncher *launcher,
                      DnevnikContext         *self)
{
  _dnevnik_context_set_service (self, NULL);

  if (self->sandbox_restarts >= MAX_SANDBOX_RESTARTS)
    {
      _dnevnik_context_set_backend_error (self, _("The training server keeps stopping, so it was not started again. Restart Dnevnik to try again."));
      return;
    }

  self->sandbox_restarts++;
  dnevnik_context_add_notice (self, _("The training server stopped unexpectedly and was restarted. Please sign in again."));
  _dnevnik_context_start_sandbox (self, FALSE);
}

static void
on_signed_out_for_reset_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(DnevnikContext) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_service_sign_out_finish (DNEVNIK_SERVICE (object), result, &error))
    dnevnik_context_add_notice (self, error->message);

  _dnevnik_context_start_sandbox (self, TRUE);
}

/* Creates the launcher of the training server, the first time; says why
 * there is none with #DnevnikContext:backend-error. */
gboolean
_dnevnik_context_ensure_launcher (DnevnikContext *self)
{
  g_autofree char *binary = NULL;
  g_autofree char *data_dir = NULL;

  if (self->launcher != NULL)
    return TRUE;

  binary = dnevnik_sandbox_launcher_find_binary ();
  if (binary == NULL)
    {
      _dnevnik_context_set_backend_error (self, _("The training server is not installed. Ask your administrator to set up a diary server."));
      return FALSE;
    }

  data_dir = g_build_filename (g_get_user_data_dir (), "dnevnik", "sandbox", NULL);
  self->launcher = dnevnik_sandbox_launcher_new (binary, data_dir);
  g_signal_connect_object (self->launcher, "exited", G_CALLBACK (on_sandbox_exited_cb), self, 0);
  return TRUE;
}

/**
 * dnevnik_context_get_sandbox_pid:
 *
 * Returns: the process id of the running training server, or 0
 */
GPid
dnevnik_context_get_sandbox_pid (DnevnikContext *self)
{
  g_return_val_if_fail (DNEVNIK_IS_CONTEXT (self), 0);

  return self->launcher != NULL ? dnevnik_sandbox_launcher_get_pid (self->launcher) : 0;
}

/**
 * dnevnik_context_dup_training_sms_file:
 *
 * Returns: (transfer full) (nullable): in training mode, the file the
 *   training server writes its "SMS" to, for the linking wizard to show;
 *   else %NULL
 */
char *
dnevnik_context_dup_training_sms_file (DnevnikContext *self)
{
  g_return_val_if_fail (DNEVNIK_IS_CONTEXT (self), NULL);

  if (!self->training_mode || self->launcher == NULL)
    return NULL;

  return dnevnik_sandbox_launcher_get_sms_outbox_path (self->launcher);
}

/**
 * dnevnik_context_reset_training_data:
 *
 * Signs the student out, then restarts the training server with fresh demo
 * data, and says so with a notice when it is there.  Only in training
 * mode; the window offers it only while `allow-training-reset` is true.
 */
void
dnevnik_context_reset_training_data (DnevnikContext *self)
{
  g_autoptr(DnevnikService) service = NULL;

  g_return_if_fail (DNEVNIK_IS_CONTEXT (self));
  g_return_if_fail (self->training_mode);

  service = self->service != NULL ? g_object_ref (self->service) : NULL;
  _dnevnik_context_emit_student_left (self);
  _dnevnik_context_set_service (self, NULL);
  if (g_settings_is_writable (self->settings, "last-sync"))
    g_settings_set_string (self->settings, "last-sync", "");
  self->sandbox_restarts = 0;

  if (service != NULL)
    dnevnik_service_sign_out_async (service, self->cancellable,
                                    on_signed_out_for_reset_cb, g_object_ref (self));
  else
    _dnevnik_context_start_sandbox (self, TRUE);
}
