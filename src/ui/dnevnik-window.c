/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-diary-page.h"
#include "dnevnik-help-page.h"
#include "dnevnik-library-page.h"
#include "dnevnik-portfolio-page.h"
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
 * The pages of the navigation bar are built when first shown: each stack
 * child is an empty AdwBin until then.  Signing out destroys them, so the
 * next student never sees the last one's diary.
 */
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
  GtkMenuButton        *account_button;
  GtkLabel             *training_label;
  GtkRevealer          *offline_revealer;
  AdwStatusPage        *error_status;
  GtkSpinner           *loading_spinner;
  DnevnikSignInPage    *sign_in_page;
  AdwBin               *diary_bin;
  AdwBin               *library_bin;
  AdwBin               *portfolio_bin;
  AdwBin               *help_bin;

  /* owned */
  DnevnikService       *service;

  /* borrowed */
  DnevnikApplication   *application;
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

static void
update_account_actions (DnevnikWindow *self)
{
  gboolean signed_in = is_signed_in (self);
  GtkWidget *help;

  /* Linking (issue 7) and «Мой паспорт» (issue 8) are not part of this
   * version: their actions stay disabled, and the tooltips say so. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sferum", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.passport", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.retry", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reset-training-data",
                                 self->application != NULL &&
                                 dnevnik_application_get_training_mode (self->application));

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sferum_button),
                               signed_in
                               ? _("Linking the diary with Sferum in MAX is not available in this version of Dnevnik yet")
                               : _("Sign in to the diary to link it with your Sferum profile in MAX"));

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
set_mode (DnevnikWindow *self,
          const char    *mode)
{
  gtk_spinner_set_spinning (self->loading_spinner, g_strcmp0 (mode, "loading") == 0);
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
          adw_status_page_set_description (self->error_status, backend_error);
          set_mode (self, "error");
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
          reset_pages (self);
          gtk_revealer_set_reveal_child (self->offline_revealer, FALSE);
          set_mode (self, "sign-in");
          gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_page));
          break;

        case DNEVNIK_SERVICE_STATE_SIGNING_IN:
          if (!dnevnik_sign_in_page_get_busy (self->sign_in_page))
            set_mode (self, "loading");
          break;

        case DNEVNIK_SERVICE_STATE_READY:
        case DNEVNIK_SERVICE_STATE_OFFLINE:
          gtk_revealer_set_reveal_child (self->offline_revealer,
                                         dnevnik_service_get_state (self->service) == DNEVNIK_SERVICE_STATE_OFFLINE);
          set_mode (self, "content");
          ensure_page (self, adw_view_stack_get_visible_child_name (self->view_stack));
          break;

        default:
          g_assert_not_reached ();
        }
    }

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
on_service_changed_cb (DnevnikWindow *self)
{
  DnevnikService *service = dnevnik_application_get_service (self->application);

  if (self->service == service)
    return;

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_set_object (&self->service, service);

  /* Pages of another service (a restarted training server) are stale. */
  reset_pages (self);
  dnevnik_sign_in_page_set_service (self->sign_in_page, service);
  dnevnik_sign_in_page_reset (self->sign_in_page);

  if (service != NULL)
    g_signal_connect_object (service, "notify::state", G_CALLBACK (on_service_state_changed_cb), self, 0);

  update_state (self);
}

static void
on_training_mode_changed_cb (DnevnikWindow *self)
{
  gboolean training = dnevnik_application_get_training_mode (self->application);

  gtk_widget_set_visible (GTK_WIDGET (self->training_label), training);
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

static void
on_title_visible_changed_cb (DnevnikWindow *self)
{
  update_switcher_bar (self);
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

  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  dnevnik_service_sign_out_async (self->service, NULL, on_signed_out_cb, weak);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (widget);
  GtkWidget *page;

  gtk_revealer_set_reveal_child (self->offline_revealer, FALSE);

  if ((page = adw_bin_get_child (self->diary_bin)) != NULL)
    dnevnik_diary_page_reload (DNEVNIK_DIARY_PAGE (page));
  if ((page = adw_bin_get_child (self->library_bin)) != NULL)
    dnevnik_library_page_reload (DNEVNIK_LIBRARY_PAGE (page));
  if ((page = adw_bin_get_child (self->portfolio_bin)) != NULL)
    dnevnik_portfolio_page_reload (DNEVNIK_PORTFOLIO_PAGE (page));
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

static void
dnevnik_window_unavailable_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  /* Never enabled in this version; see update_account_actions(). */
  g_debug ("%s is not available in this version", action_name);
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
  dnevnik_sign_in_page_set_settings (self->sign_in_page, settings);

  g_signal_connect_object (app, "notify::service", G_CALLBACK (on_service_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "notify::backend-error", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "notify::training-mode", G_CALLBACK (on_training_mode_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "notice", G_CALLBACK (on_notice_cb), self, 0);

  dnevnik_application_start_backend (self->application);
  on_training_mode_changed_cb (self);
  on_service_changed_cb (self);
  update_state (self);
}

static void
dnevnik_window_dispose (GObject *object)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (object);

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (dnevnik_window_parent_class)->dispose (object);
}

static void
dnevnik_window_class_init (DnevnikWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dnevnik_window_dispose;

  g_type_ensure (DNEVNIK_TYPE_SIGN_IN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/dnevnik-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, sferum_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, account_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, training_label);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, error_status);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, diary_bin);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, library_bin);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, portfolio_bin);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, help_bin);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_page_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", dnevnik_window_show_page_action);
  gtk_widget_class_install_action (widget_class, "win.sferum", NULL, dnevnik_window_unavailable_action);
  gtk_widget_class_install_action (widget_class, "win.passport", NULL, dnevnik_window_unavailable_action);
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
