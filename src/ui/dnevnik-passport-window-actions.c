/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-passport-window-private.h"
#include "dnevnik-qr-dialog.h"
#include "dnevnik-ui-util.h"

/* What the student asks of «Мой паспорт»: unlinking (confirmed first, as
 * it cannot be taken back), linking in the main window's wizard, opening
 * the Сферум profile here or on the phone, and asking the server again. */

static void
on_unlinked_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DnevnikPassportWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_service_unlink_finish (DNEVNIK_SERVICE (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->unlinking = FALSE;

  if (error == NULL)
    {
      AdwToast *toast = adw_toast_new (_("The “Sferum” account has been unlinked"));

      dnevnik_passport_window_set_unreachable (self, FALSE);
      adw_toast_set_timeout (toast, 5);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  else
    {
      g_debug ("Unlink: %s", error->message);

      if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NOT_LINKED))
        dnevnik_passport_window_show_error (self, _("The “Sferum” account was already unlinked"),
                    _("It may have been unlinked on another device. The status shown here is what the diary says now."));
      else
        dnevnik_passport_window_show_error (self, _("Could not unlink the “Sferum” account"), error->message);

      if (dnevnik_passport_is_unreachable_error (error))
        dnevnik_passport_window_set_unreachable (self, TRUE);

      /* Whatever happened on the server, ask it rather than guess. */
      dnevnik_passport_window_refresh_link_status (self);
    }

  dnevnik_passport_window_load_history (self);
  dnevnik_passport_window_end_request (self);
  dnevnik_passport_window_update_status (self);
}

static void
unlink_account (DnevnikPassportWindow *self)
{
  if (self->unlinking)
    return;

  dnevnik_passport_window_hide_error (self);
  self->unlinking = TRUE;
  dnevnik_passport_window_begin_request (self);
  dnevnik_passport_window_update_status (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->account_row));

  dnevnik_service_unlink_async (self->service, self->cancellable,
                                on_unlinked_cb, g_object_ref (self));
}

static void
on_unlink_response_cb (AdwMessageDialog      *dialog,
                       const char            *response,
                       DnevnikPassportWindow *self)
{
  if (g_strcmp0 (response, "unlink") == 0)
    unlink_account (self);
}

static void
on_uri_launched_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DnevnikPassportWindow) self = user_data;

  dnevnik_launch_uri_finish_or_toast (result, "the Sferum profile", self->toast_overlay,
                                      _("Could not open your Sferum profile. Try “Open on Phone” instead."),
                                      5);
}

static void
passport_unlink_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DnevnikPassportWindow *self = DNEVNIK_PASSPORT_WINDOW (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Remove the “Sferum” Profile"), NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Do you really want to unlink the “Sferum” account from your account?"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", C_("passport", "Cancel"),
                                    "unlink", C_("passport", "Unlink"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "unlink",
                                              ADW_RESPONSE_DESTRUCTIVE);
  /* Removing the link is the one thing here that cannot be taken back:
   * Enter and Escape both keep it. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_unlink_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
passport_link_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DnevnikPassportWindow *self = DNEVNIK_PASSPORT_WINDOW (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  g_signal_emit_by_name (self, "link-requested");

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.sferum", NULL);
}

static void
passport_open_sferum_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  DnevnikPassportWindow *self = DNEVNIK_PASSPORT_WINDOW (widget);
  const char *url = dnevnik_link_status_get_profile_url (self->link_status);

  g_return_if_fail (url != NULL);

  dnevnik_launch_uri (widget, url, self->cancellable, on_uri_launched_cb, g_object_ref (self));
}

static void
passport_open_on_phone_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  DnevnikPassportWindow *self = DNEVNIK_PASSPORT_WINDOW (widget);
  const char *url = dnevnik_link_status_get_profile_url (self->link_status);
  GtkWidget *dialog;

  g_return_if_fail (url != NULL);

  dialog = dnevnik_qr_dialog_new (GTK_WINDOW (self), url);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
passport_retry_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DnevnikPassportWindow *self = DNEVNIK_PASSPORT_WINDOW (widget);

  dnevnik_passport_window_hide_error (self);
  dnevnik_passport_window_refresh (self);
}

/**
 * dnevnik_passport_window_class_add_actions:
 * @widget_class: the window's class
 *
 * Installs the `passport.*` actions.
 */
void
dnevnik_passport_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "passport.unlink", NULL, passport_unlink_action);
  gtk_widget_class_install_action (widget_class, "passport.link", NULL, passport_link_action);
  gtk_widget_class_install_action (widget_class, "passport.open-sferum", NULL, passport_open_sferum_action);
  gtk_widget_class_install_action (widget_class, "passport.open-on-phone", NULL, passport_open_on_phone_action);
  gtk_widget_class_install_action (widget_class, "passport.retry", NULL, passport_retry_action);
}
