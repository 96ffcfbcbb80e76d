/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-passport-window-private.h"
#include "dnevnik-ui-util.h"

/* «Мой паспорт», the student's own window: the «Профиль» and «Безопасность» tabs.
 *
 * Everything the «Безопасность» tab says about the link comes from the
 * service's one DnevnikLinkStatus, followed through its notifications, so
 * a link made in the wizard or removed here shows everywhere at once.  The
 * page never guesses: after a failed unlink it asks the server again.
 *
 * What the tab shows:
 *
 *   status unknown  → "Checking…" until the first refresh has answered
 *   linked          → since when, phone, account id with the unlink
 *                     button, «Перейти в Сферум», «Открыть на телефоне»
 *   not linked      → "Not linked" with «Привязать»
 *   offline         → the same, marked as possibly out of date, with the
 *                     reason unlinking is off and «Повторить»
 *   unlinking       → a spinner in place of the unlink button
 *
 * The window is transient for the main window but not modal: «Привязать»
 * opens the linking wizard of the main window (win.sferum), and the
 * student should be able to use it while this page follows the link
 * live.  It closes itself when the session ends, so that on a shared
 * computer nobody finds the last student's passport open.
 */

G_DEFINE_FINAL_TYPE (DnevnikPassportWindow, dnevnik_passport_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_BUSY,
  PROP_OFFLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  LINK_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_offline (DnevnikPassportWindow *self)
{
  return self->unreachable ||
         dnevnik_service_get_state (self->service) == DNEVNIK_SERVICE_STATE_OFFLINE;
}

gboolean
dnevnik_passport_is_unreachable_error (const GError *error)
{
  return g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NETWORK) ||
         g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_TIMEOUT);
}

void
dnevnik_passport_window_begin_request (DnevnikPassportWindow *self)
{
  if (self->pending++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
dnevnik_passport_window_end_request (DnevnikPassportWindow *self)
{
  g_assert (self->pending > 0);

  if (--self->pending == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
update_profile (DnevnikPassportWindow *self)
{
  DnevnikProfile *profile = dnevnik_service_get_profile (self->service);
  g_autofree char *full_name = NULL;

  if (profile != NULL)
    {
      const char *parts[] = {
        dnevnik_profile_get_last_name (profile),
        dnevnik_profile_get_first_name (profile),
        dnevnik_profile_get_middle_name (profile),
      };
      g_autoptr(GString) name = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        {
          if (parts[i] == NULL || *parts[i] == '\0')
            continue;
          if (name->len > 0)
            g_string_append_c (name, ' ');
          g_string_append (name, parts[i]);
        }
      full_name = g_string_free (g_steal_pointer (&name), FALSE);
    }

  adw_action_row_set_subtitle (self->name_row, full_name != NULL ? full_name : "");
  adw_action_row_set_subtitle (self->school_row, profile != NULL ? dnevnik_profile_get_school (profile) : "");
  adw_action_row_set_subtitle (self->class_row, profile != NULL ? dnevnik_profile_get_class_name (profile) : "");
  adw_action_row_set_subtitle (self->login_row,
                               profile != NULL ? dnevnik_profile_get_login (profile)
                                               : dnevnik_service_get_login (self->service));
}

static void
update_actions (DnevnikPassportWindow *self)
{
  gboolean linked = dnevnik_link_status_get_linked (self->link_status);
  const char *url = dnevnik_link_status_get_profile_url (self->link_status);
  gboolean offline = is_offline (self);
  gboolean can_open = self->status_known && linked && url != NULL && *url != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "passport.unlink",
                                 self->status_known && linked && !offline && !self->unlinking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "passport.link",
                                 self->status_known && !linked && !self->unlinking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "passport.open-sferum", can_open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "passport.open-on-phone", can_open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "passport.retry", self->pending == 0);

  /* An insensitive button gives no reason by itself: say it where the
   * pointer and a screen reader look. */
  if (offline)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->unlink_button),
                                 _("Unlinking needs a connection to the diary"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->unlink_button), C_("passport", "Unlink"));
}

void
dnevnik_passport_window_update_status (DnevnikPassportWindow *self)
{
  gboolean linked = dnevnik_link_status_get_linked (self->link_status);
  gboolean offline = is_offline (self);

  gtk_widget_set_visible (GTK_WIDGET (self->offline_row), offline);

  if (!self->status_known)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), _("Checking the link…"));
      adw_action_row_set_subtitle (self->status_row, "");
      gtk_image_set_from_icon_name (self->status_icon, "content-loading-symbolic");
      gtk_widget_set_visible (GTK_WIDGET (self->link_button), FALSE);
      linked = FALSE;
    }
  else if (linked)
    {
      GDateTime *since = dnevnik_link_status_get_linked_at (self->link_status);
      g_autofree char *title = NULL;

      if (since != NULL)
        {
          /* Translators: the day a link was made, in g_date_time_format()
           * syntax; %B is the month name in the form that follows a day
           * number («1 сентября 2026») */
          g_autofree char *date = dnevnik_format_date_time (since, _("%-d %B %Y"));

          /* Translators: %s is a date, e.g. “1 September 2026” */
          title = g_strdup_printf (_("Linked to your Sferum profile in MAX since %s"), date);
        }
      else
        {
          title = g_strdup (_("Linked to your Sferum profile in MAX"));
        }

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), title);
      adw_action_row_set_subtitle (self->status_row,
                                   _("Class chats and remote lessons are open to you in MAX."));
      gtk_image_set_from_icon_name (self->status_icon, "emblem-ok-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "success");
      gtk_widget_set_visible (GTK_WIDGET (self->link_button), FALSE);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), C_("passport", "Not linked"));
      adw_action_row_set_subtitle (self->status_row,
                                   _("Link your diary account to your Sferum profile in MAX to join class chats and remote lessons."));
      gtk_image_set_from_icon_name (self->status_icon, "dialog-information-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "dim-label");
      gtk_widget_set_visible (GTK_WIDGET (self->link_button), TRUE);
    }

  adw_action_row_set_subtitle (self->phone_row,
                               linked ? dnevnik_link_status_get_phone_masked (self->link_status) : "");
  adw_action_row_set_subtitle (self->account_row,
                               linked ? dnevnik_link_status_get_account_id (self->link_status) : "");
  gtk_widget_set_visible (GTK_WIDGET (self->phone_row),
                          linked && dnevnik_link_status_get_phone_masked (self->link_status) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->account_row), linked);
  gtk_widget_set_visible (GTK_WIDGET (self->open_row), linked);
  gtk_widget_set_visible (GTK_WIDGET (self->phone_qr_row), linked);

  gtk_stack_set_visible_child_name (self->unlink_stack, self->unlinking ? "busy" : "button");
  gtk_spinner_set_spinning (self->unlink_spinner, self->unlinking);

  update_actions (self);
}

/* Shows whether the diary can be reached, after either the service's
 * state or one of the window's own requests said so. */
static void
sync_offline (DnevnikPassportWindow *self)
{
  gboolean offline = is_offline (self);

  dnevnik_passport_window_update_status (self);

  if (self->offline != offline)
    {
      self->offline = offline;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
    }
}

void
dnevnik_passport_window_set_unreachable (DnevnikPassportWindow *self,
                 gboolean               unreachable)
{
  self->unreachable = unreachable;
  sync_offline (self);
}

/* Notes why a request of the window failed: an unreachable server puts
 * the window offline.  Returns %TRUE when the request was cancelled: the
 * window is going away and must not be touched. */
static gboolean
note_request_error (DnevnikPassportWindow *self,
                    const char            *what,
                    const GError          *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return TRUE;

  g_debug ("%s: %s", what, error->message);
  if (dnevnik_passport_is_unreachable_error (error))
    dnevnik_passport_window_set_unreachable (self, TRUE);

  return FALSE;
}

void
dnevnik_passport_window_show_error (DnevnikPassportWindow *self,
            const char            *title,
            const char            *message)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->error_row), title);
  adw_action_row_set_subtitle (self->error_row, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_row), TRUE);
}

void
dnevnik_passport_window_hide_error (DnevnikPassportWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_row), FALSE);
}

static GtkWidget *
create_history_row (gpointer item,
                    gpointer user_data)
{
  DnevnikLinkEvent *event = item;
  gboolean linked = dnevnik_link_event_get_kind (event) == DNEVNIK_LINK_EVENT_LINKED;
  const char *account_id = dnevnik_link_event_get_account_id (event);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (linked ? "emblem-ok-symbolic" : "user-trash-symbolic");
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;

  if (linked)
    /* Translators: %s is a MAX account id */
    title = g_strdup_printf (_("Linked to account %s"), account_id != NULL ? account_id : "");
  else
    /* Translators: %s is a MAX account id */
    title = g_strdup_printf (_("Unlinked from account %s"), account_id != NULL ? account_id : "");

  /* Translators: when a link was made or removed, in g_date_time_format()
   * syntax («1 сентября 2026 в 10:15») */
  when = dnevnik_format_date_time (dnevnik_link_event_get_at (event), _("%-d %B %Y at %H:%M"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  linked ? C_("passport", "Linked") : C_("passport", "Unlinked"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

static void
update_history_placeholder (DnevnikPassportWindow *self)
{
  gtk_label_set_text (self->history_placeholder,
                      self->history_failed
                      ? _("The history could not be loaded")
                      : C_("passport", "No changes yet"));
}

static void
on_history_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DnevnikPassportWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_service_load_link_history_finish (DNEVNIK_SERVICE (source), result, &error) &&
      note_request_error (self, "Link history", error))
    return;

  self->history_failed = error != NULL &&
                         g_list_model_get_n_items (dnevnik_service_get_link_history_model (self->service)) == 0;
  update_history_placeholder (self);
  dnevnik_passport_window_end_request (self);
  update_actions (self);
}

void
dnevnik_passport_window_load_history (DnevnikPassportWindow *self)
{
  dnevnik_passport_window_begin_request (self);
  dnevnik_service_load_link_history_async (self->service, self->cancellable,
                                           on_history_loaded_cb, g_object_ref (self));
}

static void
on_link_status_refreshed_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(DnevnikPassportWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_service_refresh_link_status_finish (DNEVNIK_SERVICE (source), result, &error))
    {
      if (note_request_error (self, "Link status", error))
        return;

      if (!dnevnik_passport_is_unreachable_error (error) &&
          !g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED))
        dnevnik_passport_window_show_error (self, _("Could not check the link"), error->message);
    }
  else
    {
      dnevnik_passport_window_set_unreachable (self, FALSE);
    }

  /* Even a failed refresh leaves the service showing its offline copy:
   * that is the best the page can say, marked as possibly out of date. */
  self->status_known = TRUE;
  dnevnik_passport_window_end_request (self);
  dnevnik_passport_window_update_status (self);
}

void
dnevnik_passport_window_refresh_link_status (DnevnikPassportWindow *self)
{
  dnevnik_passport_window_begin_request (self);
  dnevnik_service_refresh_link_status_async (self->service, self->cancellable,
                                             on_link_status_refreshed_cb, g_object_ref (self));
}

static void
on_profile_refreshed_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(DnevnikPassportWindow) self = user_data;
  g_autoptr(DnevnikProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = dnevnik_service_refresh_profile_finish (DNEVNIK_SERVICE (source), result, &error);
  if (profile == NULL && note_request_error (self, "Profile", error))
    return;

  dnevnik_passport_window_end_request (self);
  update_actions (self);
}

/* Asks the server for everything the window shows. */
void
dnevnik_passport_window_refresh (DnevnikPassportWindow *self)
{
  dnevnik_passport_window_begin_request (self);
  dnevnik_service_refresh_profile_async (self->service, self->cancellable,
                                         on_profile_refreshed_cb, g_object_ref (self));
  dnevnik_passport_window_refresh_link_status (self);
  dnevnik_passport_window_load_history (self);
}

static void
on_link_status_notify_cb (DnevnikPassportWindow *self,
                          GParamSpec            *pspec,
                          DnevnikLinkStatus     *status)
{
  dnevnik_passport_window_update_status (self);
}

static void
on_linked_notify_cb (DnevnikPassportWindow *self,
                     GParamSpec            *pspec,
                     DnevnikLinkStatus     *status)
{
  /* A link made in the wizard, or removed elsewhere, is a new history
   * entry; the window's own unlink and first refresh load it anyway. */
  if (self->status_known && !self->unlinking)
    dnevnik_passport_window_load_history (self);
}

static void
on_service_state_notify_cb (DnevnikPassportWindow *self,
                            GParamSpec            *pspec,
                            DnevnikService        *service)
{
  DnevnikServiceState state = dnevnik_service_get_state (service);

  if (state == DNEVNIK_SERVICE_STATE_SIGNED_OUT)
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  /* The diary answers again (perhaps to another window): ask it for the
   * link too, rather than show the old status as if it were fresh. */
  if (state == DNEVNIK_SERVICE_STATE_READY && self->unreachable)
    dnevnik_passport_window_refresh_link_status (self);

  sync_offline (self);
}

static void
on_profile_notify_cb (DnevnikPassportWindow *self,
                      GParamSpec            *pspec,
                      DnevnikService        *service)
{
  update_profile (self);
}

static gboolean
dnevnik_passport_window_close_request (GtkWindow *window)
{
  DnevnikPassportWindow *self = DNEVNIK_PASSPORT_WINDOW (window);

  /* Nothing of a closed window may still be on its way. */
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (dnevnik_passport_window_parent_class)->close_request (window);
}

static void
dnevnik_passport_window_constructed (GObject *object)
{
  DnevnikPassportWindow *self = DNEVNIK_PASSPORT_WINDOW (object);

  G_OBJECT_CLASS (dnevnik_passport_window_parent_class)->constructed (object);

  g_assert (DNEVNIK_IS_SERVICE (self->service));

  self->link_status = g_object_ref (dnevnik_service_get_link_status (self->service));
  g_signal_connect_object (self->link_status, "notify", G_CALLBACK (on_link_status_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->link_status, "notify::linked", G_CALLBACK (on_linked_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->service, "notify::state", G_CALLBACK (on_service_state_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->service, "notify::profile", G_CALLBACK (on_profile_notify_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_list_box_bind_model (self->history_list, dnevnik_service_get_link_history_model (self->service),
                           create_history_row, NULL, NULL);

  update_profile (self);
  update_history_placeholder (self);
  self->offline = is_offline (self);
  dnevnik_passport_window_update_status (self);
  dnevnik_passport_window_refresh (self);
}

static void
dnevnik_passport_window_dispose (GObject *object)
{
  DnevnikPassportWindow *self = DNEVNIK_PASSPORT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->history_list != NULL)
    gtk_list_box_bind_model (self->history_list, NULL, NULL, NULL, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), DNEVNIK_TYPE_PASSPORT_WINDOW);

  G_OBJECT_CLASS (dnevnik_passport_window_parent_class)->dispose (object);
}

static void
dnevnik_passport_window_finalize (GObject *object)
{
  DnevnikPassportWindow *self = DNEVNIK_PASSPORT_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->link_status);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (dnevnik_passport_window_parent_class)->finalize (object);
}

static void
dnevnik_passport_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  DnevnikPassportWindow *self = DNEVNIK_PASSPORT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, dnevnik_passport_window_get_busy (self));
      break;

    case PROP_OFFLINE:
      g_value_set_boolean (value, dnevnik_passport_window_get_offline (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_passport_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  DnevnikPassportWindow *self = DNEVNIK_PASSPORT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_passport_window_class_init (DnevnikPassportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = dnevnik_passport_window_constructed;
  object_class->dispose = dnevnik_passport_window_dispose;
  object_class->finalize = dnevnik_passport_window_finalize;
  object_class->get_property = dnevnik_passport_window_get_property;
  object_class->set_property = dnevnik_passport_window_set_property;
  window_class->close_request = dnevnik_passport_window_close_request;

  /**
   * DnevnikPassportWindow:service:
   *
   * The signed-in student's service (construct-only).
   */
  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DNEVNIK_TYPE_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikPassportWindow:busy:
   *
   * Whether a request of the window (refresh, unlink) is under way.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikPassportWindow:offline:
   *
   * Whether the diary could not be reached, so what the window shows may
   * be out of date and unlinking is off.
   */
  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DnevnikPassportWindow::link-requested:
   *
   * The student pressed «Привязать»: the linking wizard should open.  The
   * window also activates `win.sferum` on its transient parent.
   */
  signals[LINK_REQUESTED] =
    g_signal_new ("link-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/dnevnik-passport-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, school_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, class_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, login_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, offline_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, status_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, link_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, phone_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, account_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, unlink_stack);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, unlink_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, unlink_spinner);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, error_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, open_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, phone_qr_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikPassportWindow, history_list);

  dnevnik_passport_window_class_add_actions (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dnevnik_passport_window_init (DnevnikPassportWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  self->history_placeholder = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->history_placeholder, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->history_placeholder), "dim-label");
  gtk_widget_set_margin_top (GTK_WIDGET (self->history_placeholder), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->history_placeholder), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->history_placeholder), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->history_placeholder), 12);
  gtk_list_box_set_placeholder (self->history_list, GTK_WIDGET (self->history_placeholder));
}

/**
 * dnevnik_passport_window_new:
 * @parent: (nullable): the main window, which the passport stays above
 * @service: the signed-in student's service
 *
 * Creates «Мой паспорт».  It starts refreshing the profile, the link
 * status and the link history at once; present it with
 * gtk_window_present().
 *
 * Returns: (transfer none): the new window, owned by GTK's list of
 *   toplevels until it is closed
 */
DnevnikPassportWindow *
dnevnik_passport_window_new (GtkWindow      *parent,
                             DnevnikService *service)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (service), NULL);

  return g_object_new (DNEVNIK_TYPE_PASSPORT_WINDOW,
                       "service", service,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
}

/**
 * dnevnik_passport_window_get_service:
 *
 * Returns: (transfer none): the service the window shows
 */
DnevnikService *
dnevnik_passport_window_get_service (DnevnikPassportWindow *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PASSPORT_WINDOW (self), NULL);

  return self->service;
}

/**
 * dnevnik_passport_window_show_security:
 *
 * Shows the «Безопасность» tab, where the Сферум link is (the account
 * menu and the Справка page go straight there).
 */
void
dnevnik_passport_window_show_security (DnevnikPassportWindow *self)
{
  g_return_if_fail (DNEVNIK_IS_PASSPORT_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, "security");
}

/**
 * dnevnik_passport_window_show_profile:
 *
 * Shows the «Профиль» tab.
 */
void
dnevnik_passport_window_show_profile (DnevnikPassportWindow *self)
{
  g_return_if_fail (DNEVNIK_IS_PASSPORT_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, "profile");
}

/**
 * dnevnik_passport_window_get_page:
 *
 * Returns: the name of the visible tab, "profile" or "security"
 */
const char *
dnevnik_passport_window_get_page (DnevnikPassportWindow *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PASSPORT_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}

/**
 * dnevnik_passport_window_get_busy:
 *
 * Returns: whether a request of the window is under way
 */
gboolean
dnevnik_passport_window_get_busy (DnevnikPassportWindow *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PASSPORT_WINDOW (self), FALSE);

  return self->pending > 0;
}

/**
 * dnevnik_passport_window_get_offline:
 *
 * Returns: whether the diary could not be reached (see
 *   #DnevnikPassportWindow:offline)
 */
gboolean
dnevnik_passport_window_get_offline (DnevnikPassportWindow *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PASSPORT_WINDOW (self), FALSE);

  return is_offline (self);
}
