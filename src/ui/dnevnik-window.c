/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-bench-probe.h"
#include "dnevnik-window-private.h"

/* The main window follows the service of its #DnevnikContext:
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
 * spinner and the title of "loading" show only if loading lasts
 * (LOADING_SPINNER_DELAY_MS): a restore from the keyring is usually over
 * before anyone could read them, and until then "loading" is the empty
 * window background, nothing that flashes by.
 *
 * The first frame carries the header bar with the title, the Сферум and
 * account buttons, and "loading": the view switchers get their stack and
 * the menu buttons their menus on the first idle after that frame, or as
 * soon as the navigation bar shows if that comes first (finish_header()).
 * While "loading" shows, the switcher is off and the title shows in its
 * place either way, so nothing on the screen changes when they arrive.
 *
 * The pages of the navigation bar are built when first shown: each stack
 * child is an empty AdwBin until then.  Signing out destroys them, so the
 * next student never sees the last one's diary.
 *
 * The pages themselves are built and found in dnevnik-window-pages.c.
 * The actions (the Сферум button, «Мой паспорт», sign-out…) are in
 * dnevnik-window-actions.c; the switch between the week and the marks
 * inside «Дневник», and its needs-attention, in dnevnik-window-marks.c.
 */

/* How long "loading" shows without a spinner. */
#define LOADING_SPINNER_DELAY_MS 400

G_DEFINE_FINAL_TYPE (DnevnikWindow, dnevnik_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * _dnevnik_window_is_signed_in:
 *
 * Returns: whether the service this window shows has a signed-in student
 */
gboolean
_dnevnik_window_is_signed_in (DnevnikWindow *self)
{
  DnevnikServiceState state;

  if (self->service == NULL)
    return FALSE;

  state = dnevnik_service_get_state (self->service);
  return state == DNEVNIK_SERVICE_STATE_READY || state == DNEVNIK_SERVICE_STATE_OFFLINE;
}

/**
 * _dnevnik_window_show_toast:
 * @message: a sentence for the student
 *
 * Says @message in a toast for a few seconds.
 */
void
_dnevnik_window_show_toast (DnevnikWindow *self,
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

  if (_dnevnik_window_is_signed_in (self))
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
on_linked_changed_cb (DnevnikLinkStatus *status,
                      GParamSpec        *pspec,
                      DnevnikWindow     *self)
{
  /* Whatever changed it (a refresh, the offline copy, the wizard, an
   * unlink in «Мой паспорт») spoke for this student's session. */
  if (_dnevnik_window_is_signed_in (self))
    self->link_known = TRUE;
  _dnevnik_window_update_account_actions (self);
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
  _dnevnik_window_show_toast (self, message);
}

/* See the top of the file. */
static void
finish_header (DnevnikWindow *self)
{
  if (self->header_complete)
    return;

  self->header_complete = TRUE;
  g_clear_handle_id (&self->header_idle_id, g_source_remove);
  adw_view_switcher_title_set_stack (self->switcher_title, self->view_stack);
  adw_view_switcher_bar_set_stack (self->switcher_bar, self->view_stack);
  gtk_menu_button_set_menu_model (self->account_button, G_MENU_MODEL (self->account_menu));
  gtk_menu_button_set_menu_model (self->sferum_menu_button, G_MENU_MODEL (self->sferum_menu));
}

static gboolean
finish_header_idle_cb (gpointer user_data)
{
  DnevnikWindow *self = user_data;

  self->header_idle_id = 0;
  finish_header (self);

  return G_SOURCE_REMOVE;
}

static void
on_first_paint_cb (GdkFrameClock *clock,
                   DnevnikWindow *self)
{
  g_clear_signal_handler (&self->first_paint_id, clock);
  if (!self->header_complete && self->header_idle_id == 0)
    self->header_idle_id = g_idle_add (finish_header_idle_cb, self);
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
show_provider_choice (DnevnikWindow *self)
{
  GSettings *settings = dnevnik_context_get_settings (self->context);
  g_autofree char *url = g_settings_get_string (settings, "server-url");

  dnevnik_sign_in_page_set_provider (self->sign_in_page,
                                     dnevnik_context_get_provider_choice (self->context),
                                     url,
                                     dnevnik_provider_choice_is_locked (settings));
}

static void
on_provider_chosen_cb (DnevnikSignInPage *page,
                       guint              choice,
                       const char        *url,
                       DnevnikWindow     *self)
{
  dnevnik_context_choose_provider (self->context, choice, url);
}

static void
ensure_sign_in_page (DnevnikWindow *self)
{
  if (self->sign_in_page != NULL)
    return;

  self->sign_in_page = g_object_new (DNEVNIK_TYPE_SIGN_IN_PAGE, NULL);
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->sign_in_page), "sign-in");

  dnevnik_sign_in_page_set_settings (self->sign_in_page, dnevnik_context_get_settings (self->context));
  dnevnik_sign_in_page_set_training_mode (self->sign_in_page, dnevnik_context_get_training_mode (self->context));
  dnevnik_sign_in_page_set_service (self->sign_in_page, self->service);
  show_provider_choice (self);
  g_signal_connect_object (self->sign_in_page, "provider-chosen", G_CALLBACK (on_provider_chosen_cb), self, 0);
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
  adw_status_page_set_title (self->loading_status, _("Opening the Diary…"));
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
  else if (g_strcmp0 (mode, "content") == 0)
    finish_header (self);

  if (!loading)
    {
      g_clear_handle_id (&self->spinner_timeout_id, g_source_remove);
      adw_status_page_set_title (self->loading_status, NULL);
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
  const char *backend_error = dnevnik_context_get_backend_error (self->context);

  if (self->service == NULL)
    {
      _dnevnik_window_reset_pages (self);
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
          _dnevnik_window_forget_link_status (self);
          _dnevnik_window_reset_pages (self);
          gtk_revealer_set_reveal_child (self->offline_revealer, FALSE);
          set_mode (self, "sign-in");
          if (self->student_left)
            {
              /* The next student starts where everyone starts, with an
               * empty form. */
              self->student_left = FALSE;
              adw_view_stack_set_visible_child_name (self->view_stack, "diary");
              dnevnik_sign_in_page_clear (self->sign_in_page);
            }
          /* Before the window is mapped, map() takes the first focus. */
          if (gtk_widget_get_mapped (GTK_WIDGET (self)))
            gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_page));
          break;

        case DNEVNIK_SERVICE_STATE_SIGNING_IN:
          _dnevnik_window_forget_link_status (self);
          if (self->sign_in_page == NULL || !dnevnik_sign_in_page_get_busy (self->sign_in_page))
            set_mode (self, "loading");
          break;

        case DNEVNIK_SERVICE_STATE_READY:
        case DNEVNIK_SERVICE_STATE_OFFLINE:
          gtk_revealer_set_reveal_child (self->offline_revealer,
                                         dnevnik_service_get_state (self->service) == DNEVNIK_SERVICE_STATE_OFFLINE);
          set_mode (self, "content");
          _dnevnik_window_ensure_visible_pages (self);
          /* Asked in the background, so that the Сферум button usually
           * knows what to do before it is pressed. */
          if (!self->link_known)
            _dnevnik_window_refresh_link_status (self);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  update_student (self);
  _dnevnik_window_update_account_actions (self);
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

  _dnevnik_window_forget_link_status (self);
  g_clear_pointer (&self->sync_binding, g_binding_unbind);
  g_signal_handlers_disconnect_by_data (dnevnik_service_get_link_status (self->service), self);
  g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
}

static void
on_service_changed_cb (DnevnikWindow *self)
{
  DnevnikService *service = dnevnik_context_get_service (self->context);

  if (self->service == service)
    return;

  disconnect_service (self);
  g_set_object (&self->service, service);
  _dnevnik_window_marks_follow_service (self);

  /* Pages of another service (a restarted training server) are stale. */
  _dnevnik_window_reset_pages (self);
  if (self->sign_in_page != NULL)
    {
      dnevnik_sign_in_page_set_service (self->sign_in_page, service);
      dnevnik_sign_in_page_reset (self->sign_in_page);
      show_provider_choice (self);
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
  gboolean training = dnevnik_context_get_training_mode (self->context);

  gtk_widget_set_visible (GTK_WIDGET (self->training_label), training);
  if (self->sign_in_page != NULL)
    dnevnik_sign_in_page_set_training_mode (self->sign_in_page, training);
  _dnevnik_window_update_account_actions (self);
}

static void
on_notice_cb (DnevnikContext *context,
              const char     *message,
              DnevnikWindow  *self)
{
  _dnevnik_window_show_toast (self, message);
}

static void
on_student_left_cb (DnevnikWindow *self)
{
  self->student_left = TRUE;
}

static void
on_visible_page_changed_cb (DnevnikWindow *self)
{
  _dnevnik_window_ensure_visible_pages (self);
}

static gboolean
update_account_actions_idle_cb (gpointer user_data)
{
  DnevnikWindow *self = user_data;

  self->actions_idle_id = 0;
  _dnevnik_window_update_account_actions (self);

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

/* For the start-up benchmark: whether the sign-in page shows and its form
 * accepts input. */
static gboolean
bench_sign_in_accepts_input (GtkWidget *widget)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (widget);

  return self->sign_in_page != NULL &&
         g_strcmp0 (dnevnik_window_get_mode (self), "sign-in") == 0 &&
         dnevnik_sign_in_page_accepts_input (self->sign_in_page);
}

static void
dnevnik_window_constructed (GObject *object)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (object);
  GSettings *settings;

  G_OBJECT_CLASS (dnevnik_window_parent_class)->constructed (object);

  g_assert (DNEVNIK_IS_CONTEXT (self->context));

  settings = dnevnik_context_get_settings (self->context);
  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (settings, "changed::allow-training-reset",
                           G_CALLBACK (_dnevnik_window_update_account_actions), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->context, "notify::service", G_CALLBACK (on_service_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::backend-error", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::training-mode", G_CALLBACK (on_training_mode_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notice", G_CALLBACK (on_notice_cb), self, 0);
  g_signal_connect_object (self->context, "student-left", G_CALLBACK (on_student_left_cb), self, G_CONNECT_SWAPPED);
  g_object_bind_property (self->context, "syncing", self->sync_revealer, "reveal-child", G_BINDING_SYNC_CREATE);

  dnevnik_context_start_backend (self->context);
  on_training_mode_changed_cb (self);
  on_service_changed_cb (self);
  update_state (self);
}

/* Below this width the header bar has no room for the whole «Учебный
 * режим» beside «Сферум»: it is above the 414 px the whole header needs,
 * so a window being narrowed switches before it reaches that minimum. */
#define NARROW_WIDTH 500

static void
dnevnik_window_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (widget);
  gboolean narrow = width < NARROW_WIDTH;

  GTK_WIDGET_CLASS (dnevnik_window_parent_class)->size_allocate (widget, width, height, baseline);

  /* What it changes is laid out in the next frame, not in this one. */
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      if (self->actions_idle_id == 0)
        self->actions_idle_id = g_idle_add (update_account_actions_idle_cb, self);
    }
}

static void
dnevnik_window_dispose (GObject *object)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (object);

  g_clear_handle_id (&self->actions_idle_id, g_source_remove);
  g_clear_handle_id (&self->spinner_timeout_id, g_source_remove);
  g_clear_handle_id (&self->header_idle_id, g_source_remove);

  if (self->passport != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->passport), (gpointer *) &self->passport);
      gtk_window_destroy (self->passport);
      self->passport = NULL;
    }

  if (self->shortcuts != NULL)
    gtk_window_destroy (g_steal_pointer (&self->shortcuts));

  disconnect_service (self);
  _dnevnik_window_marks_dispose (self);

  /* main_stack owns them, and goes with the template. */
  self->sign_in_page = NULL;
  self->error_status = NULL;

  G_OBJECT_CLASS (dnevnik_window_parent_class)->dispose (object);
}

static void
dnevnik_window_realize (GtkWidget *widget)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (widget);
  GdkFrameClock *clock;

  GTK_WIDGET_CLASS (dnevnik_window_parent_class)->realize (widget);

  clock = gtk_widget_get_frame_clock (widget);
  if (!self->header_complete && self->first_paint_id == 0 && clock != NULL)
    self->first_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_first_paint_cb), self);
}

static void
dnevnik_window_unrealize (GtkWidget *widget)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (widget);

  if (self->first_paint_id != 0)
    g_clear_signal_handler (&self->first_paint_id, gtk_widget_get_frame_clock (widget));

  GTK_WIDGET_CLASS (dnevnik_window_parent_class)->unrealize (widget);
}

/* The first focus is taken here, not when the window is built: grabbing
 * it there realizes the window early, and GTK 4.8 then never gives it the
 * window role, so a screen reader does not announce it. */
static void
dnevnik_window_map (GtkWidget *widget)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (widget);

  GTK_WIDGET_CLASS (dnevnik_window_parent_class)->map (widget);

  if (self->sign_in_page != NULL && g_strcmp0 (dnevnik_window_get_mode (self), "sign-in") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_page));
}

static void
dnevnik_window_finalize (GObject *object)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (dnevnik_window_parent_class)->finalize (object);
}

static void
dnevnik_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_window_class_init (DnevnikWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dnevnik_window_constructed;
  object_class->dispose = dnevnik_window_dispose;
  object_class->finalize = dnevnik_window_finalize;
  object_class->get_property = dnevnik_window_get_property;
  object_class->set_property = dnevnik_window_set_property;

  widget_class->map = dnevnik_window_map;
  widget_class->realize = dnevnik_window_realize;
  widget_class->unrealize = dnevnik_window_unrealize;
  widget_class->size_allocate = dnevnik_window_size_allocate;

  /* What the window shows: the app's settings, server and service. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         DNEVNIK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, sferum_menu);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, sync_revealer);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, sync_progress);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, account_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, training_label);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, loading_status);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, diary_bin);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, library_bin);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, portfolio_bin);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, help_bin);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_page_changed_cb);
  _dnevnik_window_class_marks_init (widget_class);


  _dnevnik_window_class_actions_init (widget_class);
}

static void
dnevnik_window_init (DnevnikWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  _dnevnik_window_marks_init (self);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (on_title_visible_changed_cb), self, G_CONNECT_SWAPPED);

  dnevnik_bench_probe_watch (GTK_WIDGET (self), "first-frame", NULL);
  dnevnik_bench_probe_watch (GTK_WIDGET (self), "diary-lessons", _dnevnik_window_bench_diary_shows_lessons);
  dnevnik_bench_probe_watch (GTK_WIDGET (self), "sign-in-ready", bench_sign_in_accepts_input);
}

/**
 * dnevnik_window_new:
 * @application: the application the window belongs to
 * @context: what the app's windows share
 *
 * Returns: (transfer full): a new main window; it starts the context's
 *   back end if nothing has yet
 */
DnevnikWindow *
dnevnik_window_new (GtkApplication *application,
                    DnevnikContext *context)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (DNEVNIK_IS_CONTEXT (context), NULL);

  return g_object_new (DNEVNIK_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

/**
 * dnevnik_window_get_context:
 *
 * Returns: (transfer none): what the window shows
 */
DnevnikContext *
dnevnik_window_get_context (DnevnikWindow *self)
{
  g_return_val_if_fail (DNEVNIK_IS_WINDOW (self), NULL);

  return self->context;
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