/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-diary-page.h"
#include "dnevnik-help-page.h"
#include "dnevnik-library-page.h"
#include "dnevnik-link-wizard.h"
#include "dnevnik-passport-window.h"
#include "dnevnik-portfolio-page.h"
#include "dnevnik-qr-dialog.h"
#include "dnevnik-ui-util.h"
#include "dnevnik-window-private.h"

/* What the main window's actions do (win.*), and what they need to know.
 *
 * The Сферум button (win.sferum) depends on what the window knows of the
 * link:
 *
 *   unknown  (not asked yet, or offline with no offline copy of it)
 *            → ask the server first, with a spinner in the button; a
 *              failure is said in a toast and nothing opens
 *   linked   → open the profile_url with the system's handler; the menu
 *              beside the button offers «Открыть на телефоне» (a QR code)
 *   not linked → the linking wizard, modal over the window
 *
 * «Мой паспорт» (win.passport, from the account menu and the wizard;
 * win.passport-security from the Справка page, on «Безопасность») is one
 * window per main window: a second request presents the open one.
 *
 * A diary whose provider does not link Сферум itself (no
 * %DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM: the real diaries, which
 * publish no such requests) links it on its own website: the Сферум
 * button and «Мой паспорт» open the web diary's pages in the system
 * browser, where the student is signed in or signs in.  The app's own
 * sign-in session cannot be handed over: it ended with the sign-in
 * helper's process.  The link status stays unknown here, and a toast
 * says so and offers MAX: the desktop client if one handles max: links,
 * else its web client.
 *
 * Signing out, retrying and resetting the training data are the
 * context's to do: the window only asks (and confirms a reset first).
 */

#define MAX_WEB_URL "https://web.max.ru"

/* Whether Сферум is linked on the diary's website rather than here. */
static gboolean
links_on_web (DnevnikWindow *self)
{
  return self->service != NULL &&
         !(dnevnik_service_get_capabilities (self->service) & DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM);
}

static gboolean
is_linked (DnevnikWindow *self)
{
  return self->service != NULL && _dnevnik_window_is_signed_in (self) &&
         dnevnik_link_status_get_linked (dnevnik_service_get_link_status (self->service));
}

/**
 * _dnevnik_window_update_account_actions:
 *
 * Enables what needs a signed-in student, and says on the Сферум button
 * what it will do.
 */
void
_dnevnik_window_update_account_actions (DnevnikWindow *self)
{
  gboolean signed_in = _dnevnik_window_is_signed_in (self);
  gboolean linked = signed_in && self->link_known && is_linked (self);
  GtkWidget *help;
  const char *tooltip;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sferum", signed_in && !self->sferum_pending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sferum-phone", linked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.passport", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.passport-security", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.retry", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reset-training-data",
                                 dnevnik_context_get_training_mode (self->context) &&
                                 g_settings_get_boolean (dnevnik_context_get_settings (self->context),
                                                         "allow-training-reset"));

  /* The menu needs room a 360 px wide header bar does not have: when
   * narrow, opening the profile offers the phone in a toast instead. */
  gtk_widget_set_visible (GTK_WIDGET (self->sferum_menu_button),
                          linked && !adw_view_switcher_title_get_title_visible (self->switcher_title));
  /* Nor for the whole «Учебный режим»: narrow, it ellipsizes, and its
   * tooltip and accessible name still say it all.  Wide, it stays whole. */
  gtk_label_set_ellipsize (self->training_label, self->narrow ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  gtk_widget_set_visible (GTK_WIDGET (self->sferum_spinner), self->sferum_pending);
  gtk_spinner_set_spinning (self->sferum_spinner, self->sferum_pending);

  if (!signed_in)
    tooltip = _("Sign in to the diary to link it with your Sferum profile in MAX");
  else if (links_on_web (self))
    tooltip = _("Link status unknown here: your diary links Sferum on its website");
  else if (self->sferum_pending)
    tooltip = _("Checking whether your diary is linked with Sferum…");
  else if (linked)
    tooltip = _("Open your Sferum profile in MAX");
  else if (self->link_known)
    tooltip = _("Link your diary with your Sferum profile in MAX");
  else
    tooltip = _("Link your diary with your Sferum profile in MAX, or open it");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sferum_button), tooltip);

  help = adw_bin_get_child (self->help_bin);
  if (help != NULL)
    dnevnik_help_page_set_signed_in (DNEVNIK_HELP_PAGE (help), signed_in);
}

static void
on_profile_launched_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(DnevnikWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_launch_uri_finish (result, &error))
    {
      AdwToast *toast;

      g_debug ("Could not open the Sferum profile: %s", error->message);
      if (gtk_widget_in_destruction (GTK_WIDGET (self)))
        return;

      /* Most students have MAX on their phone: offer that instead. */
      toast = adw_toast_new (_("Could not open your Sferum profile on this computer"));
      adw_toast_set_button_label (toast, _("Open on Phone"));
      adw_toast_set_action_name (toast, "win.sferum-phone");
      adw_toast_set_timeout (toast, 8);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }

  if (!gtk_widget_in_destruction (GTK_WIDGET (self)) &&
      !gtk_widget_get_visible (GTK_WIDGET (self->sferum_menu_button)))
    {
      AdwToast *toast = adw_toast_new (_("Opening your profile in the browser…"));

      adw_toast_set_button_label (toast, _("Open on Phone"));
      adw_toast_set_action_name (toast, "win.sferum-phone");
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

static void
on_web_page_launched_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(DnevnikWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_debug ("Could not open the web diary: %s", error->message);
      _dnevnik_window_show_toast (self, _("Could not open the diary’s website. Is a web browser installed?"));
      return;
    }

  toast = adw_toast_new (_("Your diary links Sferum on its website, which is opening in your browser"));
  adw_toast_set_button_label (toast, _("Go to Sferum"));
  adw_toast_set_action_name (toast, "win.open-max");
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_max_launched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DnevnikWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      !gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      g_debug ("Could not open MAX: %s", error->message);
      _dnevnik_window_show_toast (self, _("Could not open MAX. Is a web browser installed?"));
    }
}

/* Opens a page of the web diary, for what the provider leaves to it. */
static void
open_web_page (DnevnikWindow          *self,
               DnevnikProviderWebPage  page)
{
  g_autofree char *url = dnevnik_provider_dup_web_url (dnevnik_service_get_provider (self->service), page);

  if (url == NULL)
    {
      _dnevnik_window_show_toast (self, _("Your diary does not link Sferum in the app"));
      return;
    }

  dnevnik_launch_uri (GTK_WIDGET (self), url, NULL, on_web_page_launched_cb, g_object_ref (self));
}

static void
show_passport (DnevnikWindow *self,
               gboolean       security)
{
  DnevnikPassportWindow *passport;

  if (self->service == NULL || !_dnevnik_window_is_signed_in (self))
    return;

  if (links_on_web (self))
    {
      open_web_page (self, DNEVNIK_PROVIDER_WEB_PAGE_PASSPORT);
      return;
    }

  /* A passport of another service (a restarted training server) is stale. */
  if (self->passport != NULL &&
      dnevnik_passport_window_get_service (DNEVNIK_PASSPORT_WINDOW (self->passport)) != self->service)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->passport), (gpointer *) &self->passport);
      gtk_window_destroy (self->passport);
      self->passport = NULL;
    }

  if (self->passport == NULL)
    {
      self->passport = GTK_WINDOW (dnevnik_passport_window_new (GTK_WINDOW (self), self->service));
      g_object_add_weak_pointer (G_OBJECT (self->passport), (gpointer *) &self->passport);
    }

  passport = DNEVNIK_PASSPORT_WINDOW (self->passport);
  if (security)
    dnevnik_passport_window_show_security (passport);
  else
    dnevnik_passport_window_show_profile (passport);

  gtk_window_present (self->passport);
}

static gboolean
on_wizard_show_passport_cb (DnevnikLinkWizard *wizard,
                            DnevnikWindow     *self)
{
  /* The wizard sends the student there after "already linked": the link
   * is on «Безопасность». */
  show_passport (self, TRUE);
  return TRUE;
}

static void
open_link_wizard (DnevnikWindow *self)
{
  DnevnikLinkWizard *wizard = dnevnik_link_wizard_new (GTK_WINDOW (self), self->service);
  g_autofree char *sms_file = dnevnik_context_dup_training_sms_file (self->context);

  if (sms_file != NULL)
    dnevnik_link_wizard_set_training_sms_file (wizard, sms_file);

  g_signal_connect_object (wizard, "show-passport", G_CALLBACK (on_wizard_show_passport_cb), self, 0);
  gtk_window_present (GTK_WINDOW (wizard));
}

/* What the Сферум button does once the link status is known. */
static void
open_sferum (DnevnikWindow *self)
{
  DnevnikLinkStatus *status = dnevnik_service_get_link_status (self->service);
  const char *url = dnevnik_link_status_get_profile_url (status);

  if (dnevnik_link_status_get_linked (status) && url != NULL)
    dnevnik_launch_uri (GTK_WIDGET (self), url, NULL, on_profile_launched_cb, g_object_ref (self));
  else
    open_link_wizard (self);
}

static void
on_link_status_refreshed_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(DnevnikWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean clicked;

  if (!dnevnik_service_refresh_link_status_finish (DNEVNIK_SERVICE (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->link_cancellable);
  if (error == NULL)
    self->link_known = TRUE;
  else
    g_debug ("Link status not refreshed: %s", error->message);

  clicked = self->sferum_pending;
  self->sferum_pending = FALSE;
  _dnevnik_window_update_account_actions (self);

  if (!clicked)
    return;

  /* Offline with the link in the offline copy counts as known. */
  if (self->link_known)
    open_sferum (self);
  else if (!g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED))
    {
      g_autofree char *message = g_strdup_printf (_("Could not check whether your diary is linked with Sferum: %s"),
                                                  error->message);
      _dnevnik_window_show_toast (self, message);
    }
}

/**
 * _dnevnik_window_refresh_link_status:
 *
 * Asks the server whether the diary is linked, unless a request is on its
 * way already.
 */
void
_dnevnik_window_refresh_link_status (DnevnikWindow *self)
{
  if (self->link_cancellable != NULL || self->service == NULL || !_dnevnik_window_is_signed_in (self))
    return;

  self->link_cancellable = g_cancellable_new ();
  dnevnik_service_refresh_link_status_async (self->service, self->link_cancellable,
                                             on_link_status_refreshed_cb, g_object_ref (self));
}

/**
 * _dnevnik_window_forget_link_status:
 *
 * Forgets what the window knew of the link, for a session that ended or
 * a service that is gone.
 */
void
_dnevnik_window_forget_link_status (DnevnikWindow *self)
{
  g_cancellable_cancel (self->link_cancellable);
  g_clear_object (&self->link_cancellable);
  self->link_known = FALSE;
  self->sferum_pending = FALSE;
}

static void
on_signed_out_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(DnevnikWindow) self = g_weak_ref_get (weak);
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (weak);
  g_free (weak);

  /* The window may be closed by now: signing out goes on without it. */
  if (!dnevnik_context_sign_out_finish (DNEVNIK_CONTEXT (object), result, &error) && self != NULL)
    _dnevnik_window_show_toast (self, error->message);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (widget);
  GWeakRef *weak;

  if (self->service == NULL)
    return;

  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  dnevnik_context_sign_out_async (self->context, NULL, on_signed_out_cb, weak);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (widget);
  GtkWidget *page;

  /* The offline bar follows the service state: it goes when a request
   * gets through, not before. */
  if ((page = adw_bin_get_child (self->diary_bin)) != NULL)
    dnevnik_diary_page_reload (DNEVNIK_DIARY_PAGE (page));
  if ((page = adw_bin_get_child (self->library_bin)) != NULL)
    dnevnik_library_page_reload (DNEVNIK_LIBRARY_PAGE (page));
  if ((page = adw_bin_get_child (self->portfolio_bin)) != NULL)
    dnevnik_portfolio_page_reload (DNEVNIK_PORTFOLIO_PAGE (page));

  dnevnik_context_refresh_profile (self->context);
  if (!self->link_known)
    _dnevnik_window_refresh_link_status (self);
  dnevnik_context_sync_school_year (self->context, FALSE);
}

static void
sferum_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (widget);

  if (self->service == NULL || !_dnevnik_window_is_signed_in (self) || self->sferum_pending)
    return;

  if (links_on_web (self))
    {
      open_web_page (self, DNEVNIK_PROVIDER_WEB_PAGE_SFERUM);
      return;
    }

  if (self->link_known)
    {
      open_sferum (self);
      return;
    }

  /* Opening the wizard for a linked account, or a profile that is not
   * there, would be wrong: ask first. */
  self->sferum_pending = TRUE;
  _dnevnik_window_update_account_actions (self);
  _dnevnik_window_refresh_link_status (self);
}

static void
sferum_phone_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (widget);
  const char *url;

  if (self->service == NULL || !is_linked (self))
    return;

  url = dnevnik_link_status_get_profile_url (dnevnik_service_get_link_status (self->service));
  if (url != NULL)
    gtk_window_present (GTK_WINDOW (dnevnik_qr_dialog_new (GTK_WINDOW (self), url)));
}

static void
open_max_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (widget);
  g_autoptr(GAppInfo) max = g_app_info_get_default_for_uri_scheme ("max");
  g_autoptr(GdkAppLaunchContext) context = NULL;
  g_autoptr(GError) error = NULL;

  /* Сферум is a mini-app inside MAX: the desktop client where one is
   * installed, else the web client. */
  if (max != NULL)
    {
      context = gdk_display_get_app_launch_context (gtk_widget_get_display (widget));
      if (g_app_info_launch (max, NULL, G_APP_LAUNCH_CONTEXT (context), &error))
        return;

      g_debug ("Could not start MAX: %s", error->message);
    }

  dnevnik_launch_uri (GTK_WIDGET (self), MAX_WEB_URL, NULL, on_max_launched_cb, g_object_ref (self));
}

static void
passport_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  show_passport (DNEVNIK_WINDOW (widget), g_strcmp0 (action_name, "win.passport-security") == 0);
}

static void
on_reset_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      DnevnikWindow    *self)
{
  if (g_strcmp0 (response, "reset") == 0)
    dnevnik_context_reset_training_data (self->context);
}

static void
reset_training_data_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Reset Training Data?"),
                                   _("The practice students get their original diaries back, links made in training are removed, and you are signed out."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reset", _("_Reset"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reset", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reset_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The shortcuts window is built when first asked for, not at start-up as
 * GtkApplication builds a `gtk/help-overlay.ui` for every window. */
static void
show_shortcuts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (widget);

  if (self->shortcuts == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_BASE "/dnevnik-shortcuts-window.ui");

      self->shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_window_set_transient_for (self->shortcuts, GTK_WINDOW (self));
      gtk_window_set_hide_on_close (self->shortcuts, TRUE);
    }

  gtk_window_present (self->shortcuts);
}

static void
dnevnik_window_show_page_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  dnevnik_window_show_page (DNEVNIK_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/**
 * _dnevnik_window_class_actions_init:
 *
 * Installs the window's actions and their keyboard shortcuts.
 */
void
_dnevnik_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", dnevnik_window_show_page_action);
  gtk_widget_class_install_action (widget_class, "win.sferum", NULL, sferum_action);
  gtk_widget_class_install_action (widget_class, "win.sferum-phone", NULL, sferum_phone_action);
  gtk_widget_class_install_action (widget_class, "win.open-max", NULL, open_max_action);
  gtk_widget_class_install_action (widget_class, "win.passport", NULL, passport_action);
  gtk_widget_class_install_action (widget_class, "win.passport-security", NULL, passport_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.reset-training-data", NULL, reset_training_data_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_shortcuts_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page", "s", "diary");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page", "s", "library");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-page", "s", "portfolio");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0, "win.show-page", "s", "help");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, GDK_CONTROL_MASK, "win.show-help-overlay", NULL);
}
