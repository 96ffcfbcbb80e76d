/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-diary-page.h"
#include "dnevnik-help-page.h"
#include "dnevnik-library-page.h"
#include "dnevnik-link-wizard.h"
#include "dnevnik-passport-window.h"
#include "dnevnik-portfolio-page.h"
#include "dnevnik-qr-dialog.h"
#include "dnevnik-sign-in-page.h"
#include "dnevnik-window.h"

/* The main window follows the application's service:
 *
 *   no service yet            → "loading" (the training server is starting)
 *   no service, and an error  → "error" (why the diary cannot be opened)
 *   SIGNED_OUT                → "sign-in"
 *   SIGNING_IN                → "sign-in" while the page signs in, else
 *                               "loading" (a remembered session is restored)
 *   READY / OFFLINE           → "content": the navigation bar and its pages,
 *                               with the offline bar while OFFLINE
 *
 * Only the page shown is built: "error" and "sign-in" are added to the
 * stack when first needed (a remembered student never sees them), so that
 * the first frame costs no more than the header bar and "loading".  The
 * spinner of "loading" shows only if loading lasts (LOADING_SPINNER_DELAY_MS):
 * a restore from the keyring is usually over before anyone could read it.
 *
 * The pages of the navigation bar are built when first shown: each stack
 * child is an empty AdwBin until then.  Signing out destroys them, so the
 * next student never sees the last one's diary.
 *
 * The Сферум button (win.sferum, DESIGN.md §2) depends on what the window
 * knows of the link:
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
 */

/* How long "loading" shows without a spinner. */
#define LOADING_SPINNER_DELAY_MS 400

struct _DnevnikWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  GtkButton            *sferum_button;
  GtkSpinner           *sferum_spinner;
  GtkMenuButton        *sferum_menu_button;
  GtkMenuButton        *account_button;
  GMenu                *account_menu;
  GtkRevealer          *sync_revealer;
  GtkProgressBar       *sync_progress;
  GtkLabel             *training_label;
  GtkRevealer          *offline_revealer;
  GtkSpinner           *loading_spinner;
  AdwBin               *diary_bin;
  AdwBin               *library_bin;
  AdwBin               *portfolio_bin;
  AdwBin               *help_bin;

  /* built when first shown; owned by main_stack */
  AdwStatusPage        *error_status;
  DnevnikSignInPage    *sign_in_page;

  /* owned */
  DnevnikService       *service;
  GCancellable         *link_cancellable;  /* a refresh of the link status */
  GBinding             *sync_binding;
  guint                 actions_idle_id;
  guint                 spinner_timeout_id;

  /* borrowed */
  DnevnikApplication   *application;
  GtkWindow            *passport;          /* weak pointer */

  /* whether the link status says what the server said (now or offline) */
  guint                 link_known : 1;
  /* a click on the Сферум button waits for the link status */
  guint                 sferum_pending : 1;
};

G_DEFINE_FINAL_TYPE (DnevnikWindow, dnevnik_window, ADW_TYPE_APPLICATION_WINDOW)

static gboolean
is_signed_in (DnevnikWindow *self)
{
  DnevnikServiceState state;

  if (self->service == NULL)
    return FALSE;

  state = dnevnik_service_get_state (self->service);
  return state == DNEVNIK_SERVICE_STATE_READY || state == DNEVNIK_SERVICE_STATE_OFFLINE;
}

static AdwBin *
bin_for_page (DnevnikWindow *self,
              const char    *name)
{
  if (g_strcmp0 (name, "diary") == 0)
    return self->diary_bin;
  if (g_strcmp0 (name, "library") == 0)
    return self->library_bin;
  if (g_strcmp0 (name, "portfolio") == 0)
    return self->portfolio_bin;
  if (g_strcmp0 (name, "help") == 0)
    return self->help_bin;

  return NULL;
}

static gboolean
is_linked (DnevnikWindow *self)
{
  return self->service != NULL && is_signed_in (self) &&
         dnevnik_link_status_get_linked (dnevnik_service_get_link_status (self->service));
}

static void
update_account_actions (DnevnikWindow *self)
{
  gboolean signed_in = is_signed_in (self);
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
                                 self->application != NULL &&
                                 dnevnik_application_get_training_mode (self->application));

  /* The menu needs room a 360 px wide header bar does not have: when
   * narrow, opening the profile offers the phone in a toast instead. */
  gtk_widget_set_visible (GTK_WIDGET (self->sferum_menu_button),
                          linked && !adw_view_switcher_title_get_title_visible (self->switcher_title));
  gtk_widget_set_visible (GTK_WIDGET (self->sferum_spinner), self->sferum_pending);
  gtk_spinner_set_spinning (self->sferum_spinner, self->sferum_pending);

  if (!signed_in)
    tooltip = _("Sign in to the diary to link it with your Sferum profile in MAX");
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
show_error_toast (DnevnikWindow *self,
                  const char    *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
update_student (DnevnikWindow *self)
{
  DnevnikProfile *profile = NULL;
  g_autoptr(GMenuModel) section = NULL;
  g_autoptr(GMenuItem) item = NULL;
  g_autofree char *name = NULL;
  g_autofree char *shown = NULL;

  if (is_signed_in (self))
    profile = dnevnik_service_get_profile (self->service);
  if (profile != NULL)
    name = g_strjoin (" ", dnevnik_profile_get_first_name (profile), dnevnik_profile_get_last_name (profile), NULL);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->account_button), name != NULL ? name : _("Account Menu"));

  /* The student's name heads the account menu: on a shared computer it
   * says whose diary this is (also offline, from the offline copy). */
  g_menu_model_get_item_attribute (G_MENU_MODEL (self->account_menu), 0, G_MENU_ATTRIBUTE_LABEL, "s", &shown);
  if (g_strcmp0 (shown, name) == 0)
    return;

  section = g_menu_model_get_item_link (G_MENU_MODEL (self->account_menu), 0, G_MENU_LINK_SECTION);
  item = g_menu_item_new_section (name, section);
  g_menu_remove (self->account_menu, 0);
  g_menu_insert_item (self->account_menu, 0, item);
}

static void
on_profile_launched_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(DnevnikWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
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
      AdwToast *toast = adw_toast_new (_("Your Sferum profile is opening"));

      adw_toast_set_button_label (toast, _("Open on Phone"));
      adw_toast_set_action_name (toast, "win.sferum-phone");
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

static void
show_passport (DnevnikWindow *self,
               gboolean       security)
{
  DnevnikPassportWindow *passport;

  if (self->service == NULL || !is_signed_in (self))
    return;

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
  g_autofree char *sms_file = NULL;

  if (self->application != NULL)
    sms_file = dnevnik_application_dup_training_sms_file (self->application);
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
    {
      g_autoptr(GdkAppLaunchContext) context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));

      g_app_info_launch_default_for_uri_async (url, G_APP_LAUNCH_CONTEXT (context), NULL,
                                               on_profile_launched_cb, g_object_ref (self));
    }
  else
    {
      open_link_wizard (self);
    }
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
  update_account_actions (self);

  if (!clicked)
    return;

  /* Offline with the link in the offline copy counts as known. */
  if (self->link_known)
    open_sferum (self);
  else if (!g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED))
    {
      g_autofree char *message = g_strdup_printf (_("Could not check whether your diary is linked with Sferum: %s"),
                                                  error->message);
      show_error_toast (self, message);
    }
}

static void
refresh_link_status (DnevnikWindow *self)
{
  if (self->link_cancellable != NULL || self->service == NULL || !is_signed_in (self))
    return;

  self->link_cancellable = g_cancellable_new ();
  dnevnik_service_refresh_link_status_async (self->service, self->link_cancellable,
                                             on_link_status_refreshed_cb, g_object_ref (self));
}

static void
forget_link_status (DnevnikWindow *self)
{
  g_cancellable_cancel (self->link_cancellable);
  g_clear_object (&self->link_cancellable);
  self->link_known = FALSE;
  self->sferum_pending = FALSE;
}

static void
on_linked_changed_cb (DnevnikLinkStatus *status,
                      GParamSpec        *pspec,
                      DnevnikWindow     *self)
{
  /* Whatever changed it (a refresh, the offline copy, the wizard, an
   * unlink in «Мой паспорт») spoke for this student's session. */
  if (is_signed_in (self))
    self->link_known = TRUE;
  update_account_actions (self);
}

static void
on_profile_changed_cb (DnevnikWindow *self)
{
  update_student (self);
}

static void
on_cache_notice_cb (DnevnikService *service,
                   const char     *message,
                   DnevnikWindow  *self)
{
  show_error_toast (self, message);
}

static void
on_page_load_failed_cb (GtkWidget     *page,
                        const GError  *error,
                        DnevnikWindow *self)
{
  /* Unreachable servers are told by the offline bar (the service state is
   * OFFLINE), an ended session by the sign-in page; the rest in a toast. */
  if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NETWORK) ||
      g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_TIMEOUT))
    {
      gtk_revealer_set_reveal_child (self->offline_revealer, TRUE);
      return;
    }

  if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED))
    return;

  show_error_toast (self, error->message);
}

static void
ensure_page (DnevnikWindow *self,
             const char    *name)
{
  AdwBin *bin = bin_for_page (self, name);
  GtkWidget *page = NULL;

  if (bin == NULL || adw_bin_get_child (bin) != NULL)
    return;

  if (g_strcmp0 (name, "help") == 0)
    {
      page = g_object_new (DNEVNIK_TYPE_HELP_PAGE, NULL);
      dnevnik_help_page_set_signed_in (DNEVNIK_HELP_PAGE (page), is_signed_in (self));
      adw_bin_set_child (bin, page);
      return;
    }

  if (!is_signed_in (self))
    return;

  if (g_strcmp0 (name, "diary") == 0)
    page = dnevnik_diary_page_new (self->service);
  else if (g_strcmp0 (name, "library") == 0)
    page = dnevnik_library_page_new (self->service);
  else if (g_strcmp0 (name, "portfolio") == 0)
    page = dnevnik_portfolio_page_new (self->service);
  else
    g_assert_not_reached ();

  g_signal_connect_object (page, "load-failed", G_CALLBACK (on_page_load_failed_cb), self, 0);
  adw_bin_set_child (bin, page);
}

static void
reset_pages (DnevnikWindow *self)
{
  adw_bin_set_child (self->diary_bin, NULL);
  adw_bin_set_child (self->library_bin, NULL);
  adw_bin_set_child (self->portfolio_bin, NULL);
}

static void
update_switcher_bar (DnevnikWindow *self)
{
  gboolean content = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "content") == 0;

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, content);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    content && adw_view_switcher_title_get_title_visible (self->switcher_title));
}

static void
ensure_sign_in_page (DnevnikWindow *self)
{
  if (self->sign_in_page != NULL)
    return;

  self->sign_in_page = g_object_new (DNEVNIK_TYPE_SIGN_IN_PAGE, NULL);
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->sign_in_page), "sign-in");

  if (self->application != NULL)
    {
      dnevnik_sign_in_page_set_settings (self->sign_in_page, dnevnik_application_get_settings (self->application));
      dnevnik_sign_in_page_set_training_mode (self->sign_in_page,
                                              dnevnik_application_get_training_mode (self->application));
    }
  dnevnik_sign_in_page_set_service (self->sign_in_page, self->service);
}

static void
ensure_error_page (DnevnikWindow *self)
{
  if (self->error_status != NULL)
    return;

  self->error_status = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->error_status, "dialog-error-symbolic");
  adw_status_page_set_title (self->error_status, _("The Diary Cannot Be Opened"));
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->error_status), "error");
}

static gboolean
on_spinner_timeout_cb (gpointer user_data)
{
  DnevnikWindow *self = user_data;

  self->spinner_timeout_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->loading_spinner), TRUE);
  gtk_spinner_set_spinning (self->loading_spinner, TRUE);

  return G_SOURCE_REMOVE;
}

static void
set_mode (DnevnikWindow *self,
          const char    *mode)
{
  gboolean loading = g_strcmp0 (mode, "loading") == 0;

  if (g_strcmp0 (mode, "sign-in") == 0)
    ensure_sign_in_page (self);
  else if (g_strcmp0 (mode, "error") == 0)
    ensure_error_page (self);

  if (!loading)
    {
      g_clear_handle_id (&self->spinner_timeout_id, g_source_remove);
      gtk_spinner_set_spinning (self->loading_spinner, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->loading_spinner), FALSE);
    }
  else if (!gtk_widget_get_visible (GTK_WIDGET (self->loading_spinner)) && self->spinner_timeout_id == 0)
    {
      self->spinner_timeout_id = g_timeout_add (LOADING_SPINNER_DELAY_MS, on_spinner_timeout_cb, self);
    }

  gtk_stack_set_visible_child_name (self->main_stack, mode);
  update_switcher_bar (self);
}

static void
update_state (DnevnikWindow *self)
{
  const char *backend_error = NULL;

  if (self->application != NULL)
    backend_error = dnevnik_application_get_backend_error (self->application);

  if (self->service == NULL)
    {
      reset_pages (self);
      gtk_revealer_set_reveal_child (self->offline_revealer, FALSE);
      if (backend_error != NULL)
        {
          set_mode (self, "error");
          adw_status_page_set_description (self->error_status, backend_error);
        }
      else
        {
          set_mode (self, "loading");
        }
    }
  else
    {
      switch (dnevnik_service_get_state (self->service))
        {
        case DNEVNIK_SERVICE_STATE_SIGNED_OUT:
          forget_link_status (self);
          reset_pages (self);
          gtk_revealer_set_reveal_child (self->offline_revealer, FALSE);
          set_mode (self, "sign-in");
          gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_page));
          break;

        case DNEVNIK_SERVICE_STATE_SIGNING_IN:
          forget_link_status (self);
          if (self->sign_in_page == NULL || !dnevnik_sign_in_page_get_busy (self->sign_in_page))
            set_mode (self, "loading");
          break;

        case DNEVNIK_SERVICE_STATE_READY:
        case DNEVNIK_SERVICE_STATE_OFFLINE:
          gtk_revealer_set_reveal_child (self->offline_revealer,
                                         dnevnik_service_get_state (self->service) == DNEVNIK_SERVICE_STATE_OFFLINE);
          set_mode (self, "content");
          ensure_page (self, adw_view_stack_get_visible_child_name (self->view_stack));
          /* Asked in the background, so that the Сферум button usually
           * knows what to do before it is pressed. */
          if (!self->link_known)
            refresh_link_status (self);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  update_student (self);
  update_account_actions (self);
}

static void
on_service_state_changed_cb (DnevnikService *service,
                             GParamSpec     *pspec,
                             DnevnikWindow  *self)
{
  update_state (self);
}

static void
disconnect_service (DnevnikWindow *self)
{
  if (self->service == NULL)
    return;

  forget_link_status (self);
  g_clear_pointer (&self->sync_binding, g_binding_unbind);
  g_signal_handlers_disconnect_by_data (dnevnik_service_get_link_status (self->service), self);
  g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
}

static void
on_service_changed_cb (DnevnikWindow *self)
{
  DnevnikService *service = dnevnik_application_get_service (self->application);

  if (self->service == service)
    return;

  disconnect_service (self);
  g_set_object (&self->service, service);

  /* Pages of another service (a restarted training server) are stale. */
  reset_pages (self);
  if (self->sign_in_page != NULL)
    {
      dnevnik_sign_in_page_set_service (self->sign_in_page, service);
      dnevnik_sign_in_page_reset (self->sign_in_page);
    }

  if (service != NULL)
    {
      g_signal_connect_object (service, "notify::state", G_CALLBACK (on_service_state_changed_cb), self, 0);
      g_signal_connect_object (service, "notify::profile", G_CALLBACK (on_profile_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (service, "cache-reset", G_CALLBACK (on_cache_notice_cb), self, 0);
      g_signal_connect_object (service, "cache-failed", G_CALLBACK (on_cache_notice_cb), self, 0);
      g_signal_connect_object (dnevnik_service_get_link_status (service), "notify::linked",
                               G_CALLBACK (on_linked_changed_cb), self, 0);
      self->sync_binding = g_object_bind_property (service, "sync-progress",
                                                   self->sync_progress, "fraction",
                                                   G_BINDING_SYNC_CREATE);
    }

  update_state (self);
}

static void
on_training_mode_changed_cb (DnevnikWindow *self)
{
  gboolean training = dnevnik_application_get_training_mode (self->application);

  gtk_widget_set_visible (GTK_WIDGET (self->training_label), training);
  if (self->sign_in_page != NULL)
    dnevnik_sign_in_page_set_training_mode (self->sign_in_page, training);
  update_account_actions (self);
}

static void
on_notice_cb (DnevnikApplication *application,
              const char         *message,
              DnevnikWindow      *self)
{
  show_error_toast (self, message);
}

static void
on_visible_page_changed_cb (DnevnikWindow *self)
{
  ensure_page (self, adw_view_stack_get_visible_child_name (self->view_stack));
}

static gboolean
update_account_actions_idle_cb (gpointer user_data)
{
  DnevnikWindow *self = user_data;

  self->actions_idle_id = 0;
  update_account_actions (self);

  return G_SOURCE_REMOVE;
}

static void
on_title_visible_changed_cb (DnevnikWindow *self)
{
  update_switcher_bar (self);

  /* This is notified while the header bar is being allocated; showing or
   * hiding a widget of it has to wait for the next frame. */
  if (self->actions_idle_id == 0)
    self->actions_idle_id = g_idle_add (update_account_actions_idle_cb, self);
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
  if (!dnevnik_service_sign_out_finish (DNEVNIK_SERVICE (object), result, &error) && self != NULL)
    show_error_toast (self, error->message);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (widget);
  GSettings *settings = dnevnik_application_get_settings (self->application);
  GWeakRef *weak;

  if (self->service == NULL)
    return;

  /* Signing out is complete: nothing tells the next start who it was. */
  if (g_settings_is_writable (settings, "last-login"))
    g_settings_set_string (settings, "last-login", "");
  /* The offline copy goes with the session: the next student syncs anew. */
  if (g_settings_is_writable (settings, "last-sync"))
    g_settings_set_string (settings, "last-sync", "");

  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  dnevnik_service_sign_out_async (self->service, NULL, on_signed_out_cb, weak);
}

static void
on_profile_retried_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(DnevnikProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  /* The offline bar and the pages say what failed. */
  profile = dnevnik_service_refresh_profile_finish (DNEVNIK_SERVICE (object), result, &error);
  if (error != NULL)
    g_debug ("Profile not refreshed: %s", error->message);
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

  if (self->service != NULL)
    dnevnik_service_refresh_profile_async (self->service, NULL, on_profile_retried_cb, NULL);
  if (!self->link_known)
    refresh_link_status (self);
  if (self->application != NULL)
    dnevnik_application_sync_school_year (self->application, FALSE);
}

static void
sferum_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (widget);

  if (self->service == NULL || !is_signed_in (self) || self->sferum_pending)
    return;

  if (self->link_known)
    {
      open_sferum (self);
      return;
    }

  /* Opening the wizard for a linked account, or a profile that is not
   * there, would be wrong: ask first. */
  self->sferum_pending = TRUE;
  update_account_actions (self);
  refresh_link_status (self);
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
  if (g_strcmp0 (response, "reset") == 0 && self->application != NULL)
    dnevnik_application_reset_training_data (self->application);
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

static void
dnevnik_window_show_page_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  dnevnik_window_show_page (DNEVNIK_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* Not in constructed(): GtkWindow:application is not a construct property,
 * so it is set only after constructed() has run. */
static void
attach_to_application (DnevnikWindow      *self,
                       DnevnikApplication *app)
{
  GSettings *settings;

  self->application = app;
  settings = dnevnik_application_get_settings (self->application);
  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (app, "notify::service", G_CALLBACK (on_service_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "notify::backend-error", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "notify::training-mode", G_CALLBACK (on_training_mode_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "notice", G_CALLBACK (on_notice_cb), self, 0);
  g_object_bind_property (app, "syncing", self->sync_revealer, "reveal-child", G_BINDING_SYNC_CREATE);

  dnevnik_application_start_backend (self->application);
  on_training_mode_changed_cb (self);
  on_service_changed_cb (self);
  update_state (self);
}

/* Benchmark probe (tests/bench, issue 10).  With DNEVNIK_BENCH_FIRST_FRAME=1
 * the window prints "dnevnik-bench: first-frame TIME" on the first frame its
 * frame clock paints, and "dnevnik-bench: diary-lessons TIME" on the first
 * frame painted while the Diary page shows lessons (TIME: µs of
 * g_get_monotonic_time(), a clock every process shares).  It changes
 * nothing else; without the variable nothing is connected. */
static gboolean
bench_diary_shows_lessons (DnevnikWindow *self)
{
  GtkWidget *page = adw_bin_get_child (self->diary_bin);
  GListModel *days;

  if (page == NULL || !gtk_widget_get_mapped (page))
    return FALSE;

  days = dnevnik_diary_page_get_days (DNEVNIK_DIARY_PAGE (page));
  for (guint i = 0; days != NULL && i < g_list_model_get_n_items (days); i++)
    {
      g_autoptr(DnevnikDiaryDay) day = g_list_model_get_item (days, i);
      GListModel *lessons = dnevnik_diary_day_get_lessons (day);

      if (lessons != NULL && g_list_model_get_n_items (lessons) > 0)
        return TRUE;
    }

  return FALSE;
}

static void
on_bench_after_paint_cb (GdkFrameClock *clock,
                         DnevnikWindow *self)
{
  static gboolean first_frame_seen;

  if (!first_frame_seen)
    g_print ("dnevnik-bench: first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  first_frame_seen = TRUE;

  if (bench_diary_shows_lessons (self))
    {
      g_print ("dnevnik-bench: diary-lessons %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
      g_signal_handlers_disconnect_by_func (clock, on_bench_after_paint_cb, self);
    }
}

static void
on_bench_realize_cb (GtkWidget *widget)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                           G_CALLBACK (on_bench_after_paint_cb), widget, 0);
}

static void
dnevnik_window_dispose (GObject *object)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (object);

  g_clear_handle_id (&self->actions_idle_id, g_source_remove);
  g_clear_handle_id (&self->spinner_timeout_id, g_source_remove);

  if (self->passport != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->passport), (gpointer *) &self->passport);
      gtk_window_destroy (self->passport);
      self->passport = NULL;
    }

  disconnect_service (self);

  /* main_stack owns them, and goes with the template. */
  self->sign_in_page = NULL;
  self->error_status = NULL;

  G_OBJECT_CLASS (dnevnik_window_parent_class)->dispose (object);
}

static void
dnevnik_window_class_init (DnevnikWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dnevnik_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/dnevnik-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, sferum_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, sferum_spinner);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, sferum_menu_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, account_menu);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, sync_revealer);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, sync_progress);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, account_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, training_label);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, diary_bin);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, library_bin);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, portfolio_bin);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, help_bin);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_page_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", dnevnik_window_show_page_action);
  gtk_widget_class_install_action (widget_class, "win.sferum", NULL, sferum_action);
  gtk_widget_class_install_action (widget_class, "win.sferum-phone", NULL, sferum_phone_action);
  gtk_widget_class_install_action (widget_class, "win.passport", NULL, passport_action);
  gtk_widget_class_install_action (widget_class, "win.passport-security", NULL, passport_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.reset-training-data", NULL, reset_training_data_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page", "s", "diary");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page", "s", "library");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-page", "s", "portfolio");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0, "win.show-page", "s", "help");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
dnevnik_window_init (DnevnikWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (on_title_visible_changed_cb), self, G_CONNECT_SWAPPED);

  if (g_strcmp0 (g_getenv ("DNEVNIK_BENCH_FIRST_FRAME"), "1") == 0)
    g_signal_connect (self, "realize", G_CALLBACK (on_bench_realize_cb), NULL);
}

/**
 * dnevnik_window_new:
 * @application: the application
 *
 * Returns: (transfer full): a new main window; it starts the application's
 *   back end if nothing has yet
 */
DnevnikWindow *
dnevnik_window_new (DnevnikApplication *application)
{
  DnevnikWindow *self;

  g_return_val_if_fail (DNEVNIK_IS_APPLICATION (application), NULL);

  self = g_object_new (DNEVNIK_TYPE_WINDOW,
                       "application", application,
                       NULL);
  attach_to_application (self, application);

  return self;
}

/**
 * dnevnik_window_show_page:
 * @name: "diary", "library", "portfolio" or "help"
 *
 * Switches the navigation bar to the page @name.
 */
void
dnevnik_window_show_page (DnevnikWindow *self,
                          const char    *name)
{
  g_return_if_fail (DNEVNIK_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) == NULL)
    {
      g_warning ("No page called “%s”", name);
      return;
    }

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/**
 * dnevnik_window_get_visible_page:
 *
 * Returns: (nullable): the name of the page the navigation bar shows
 */
const char *
dnevnik_window_get_visible_page (DnevnikWindow *self)
{
  g_return_val_if_fail (DNEVNIK_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}

/**
 * dnevnik_window_get_page:
 * @name: "diary", "library", "portfolio" or "help"
 *
 * Returns: (transfer none) (nullable): the page widget, or %NULL while it
 *   has not been built (it is built when first shown)
 */
GtkWidget *
dnevnik_window_get_page (DnevnikWindow *self,
                         const char    *name)
{
  AdwBin *bin;

  g_return_val_if_fail (DNEVNIK_IS_WINDOW (self), NULL);

  bin = bin_for_page (self, name);
  return bin != NULL ? adw_bin_get_child (bin) : NULL;
}

/**
 * dnevnik_window_get_mode:
 *
 * Returns: what the window shows: "loading", "error", "sign-in" or "content"
 */
const char *
dnevnik_window_get_mode (DnevnikWindow *self)
{
  g_return_val_if_fail (DNEVNIK_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

/**
 * dnevnik_window_get_offline:
 *
 * Returns: whether the window says that the server cannot be reached
 */
gboolean
dnevnik_window_get_offline (DnevnikWindow *self)
{
  g_return_val_if_fail (DNEVNIK_IS_WINDOW (self), FALSE);

  return gtk_revealer_get_reveal_child (self->offline_revealer);
}
