/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-sign-in-page.h"

/* The page shown instead of the diary while nobody is signed in.
 *
 * It runs the sign-in itself; the window learns of success through the
 * service's state.  Whatever goes wrong is said in the page, under the
 * fields (not only in a toast that goes away), the login stays as typed,
 * and the focus goes where the student types next.
 */
struct _DnevnikSignInPage
{
  GtkWidget        parent_instance;

  /* template widgets */
  GtkLabel        *training_label;
  AdwEntryRow     *login_row;
  AdwEntryRow     *password_row;
  AdwActionRow    *remember_row;
  GtkSwitch       *remember_switch;
  GtkLabel        *error_label;
  GtkButton       *sign_in_button;
  GtkSpinner      *spinner;

  /* owned */
  DnevnikService  *service;
  GSettings       *settings;
  GCancellable    *cancellable;
  char            *error;
};

G_DEFINE_FINAL_TYPE (DnevnikSignInPage, dnevnik_sign_in_page, GTK_TYPE_WIDGET)

static void
update_sensitivity (DnevnikSignInPage *self)
{
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  gboolean busy = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.sign-in",
                                 !busy && self->service != NULL && *login != '\0' && *password != '\0');
}

static void
set_busy (DnevnikSignInPage *self,
          gboolean           busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  update_sensitivity (self);
}

static void
show_error (DnevnikSignInPage *self,
            const char        *message)
{
  g_free (self->error);
  self->error = g_strdup (message);

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
format_rate_limited (int retry_after)
{
  int minutes;

  if (retry_after < 1)
    retry_after = 1;

  if (retry_after < 60)
    return g_strdup_printf (ngettext ("Too many sign-in attempts. Try again in %d second.",
                                      "Too many sign-in attempts. Try again in %d seconds.",
                                      retry_after),
                            retry_after);

  minutes = (retry_after + 59) / 60;
  return g_strdup_printf (ngettext ("Too many sign-in attempts. Try again in %d minute.",
                                    "Too many sign-in attempts. Try again in %d minutes.",
                                    minutes),
                          minutes);
}

static void
on_sign_in_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DnevnikService *service = DNEVNIK_SERVICE (object);
  g_autoptr(DnevnikSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_service_sign_in_finish (service, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (error == NULL)
    {
      /* The password is not kept anywhere once it has done its job. */
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      show_error (self, NULL);

      if (self->settings != NULL && g_settings_is_writable (self->settings, "last-login"))
        g_settings_set_string (self->settings, "last-login",
                               dnevnik_service_get_remembered (service)
                               ? dnevnik_service_get_login (service) : "");
      return;
    }

  if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_RATE_LIMITED))
    {
      g_autofree char *message = format_rate_limited (dnevnik_service_error_get_retry_after (error));

      show_error (self, message);
    }
  else
    {
      show_error (self, error->message);
    }

  if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_INVALID_CREDENTIALS))
    {
      /* The login is usually right: let the student retype the password. */
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
    }
  else
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_button));
    }
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DnevnikSignInPage *self = DNEVNIK_SIGN_IN_PAGE (widget);
  g_autofree char *login = NULL;

  if (self->service == NULL || self->cancellable != NULL)
    return;

  login = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_row))));

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  dnevnik_service_sign_in_async (self->service,
                                 login,
                                 gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                 gtk_switch_get_active (self->remember_switch),
                                 self->cancellable,
                                 on_sign_in_cb,
                                 g_object_ref (self));
}

static void
on_login_activated_cb (DnevnikSignInPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
on_password_activated_cb (DnevnikSignInPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.sign-in", NULL);
}

static void
on_text_changed_cb (DnevnikSignInPage *self)
{
  update_sensitivity (self);
}

static void
on_remember_writable_changed_cb (GSettings         *settings,
                                 const char        *key,
                                 DnevnikSignInPage *self)
{
  gboolean writable = g_settings_is_writable (settings, "remember-sign-in");

  gtk_widget_set_sensitive (GTK_WIDGET (self->remember_row), writable);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->remember_row),
                               writable ? NULL : _("Set by your administrator"));
}

static gboolean
dnevnik_sign_in_page_grab_focus (GtkWidget *widget)
{
  DnevnikSignInPage *self = DNEVNIK_SIGN_IN_PAGE (widget);

  if (*gtk_editable_get_text (GTK_EDITABLE (self->login_row)) == '\0')
    return gtk_widget_grab_focus (GTK_WIDGET (self->login_row));

  return gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
dnevnik_sign_in_page_dispose (GObject *object)
{
  DnevnikSignInPage *self = DNEVNIK_SIGN_IN_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->service);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dnevnik_sign_in_page_parent_class)->dispose (object);
}

static void
dnevnik_sign_in_page_finalize (GObject *object)
{
  DnevnikSignInPage *self = DNEVNIK_SIGN_IN_PAGE (object);

  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (dnevnik_sign_in_page_parent_class)->finalize (object);
}

static void
dnevnik_sign_in_page_class_init (DnevnikSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dnevnik_sign_in_page_dispose;
  object_class->finalize = dnevnik_sign_in_page_finalize;
  widget_class->grab_focus = dnevnik_sign_in_page_grab_focus;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/dnevnik-sign-in-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, training_label);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, login_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, remember_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_login_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_text_changed_cb);

  gtk_widget_class_install_action (widget_class, "sign-in.sign-in", NULL, sign_in_action);
}

static void
dnevnik_sign_in_page_init (DnevnikSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_sensitivity (self);
}

/**
 * dnevnik_sign_in_page_set_service:
 * @service: (nullable): the service to sign in with
 *
 * An unfinished sign-in with the previous service is cancelled.
 */
void
dnevnik_sign_in_page_set_service (DnevnikSignInPage *self,
                                  DnevnikService    *service)
{
  g_return_if_fail (DNEVNIK_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (service == NULL || DNEVNIK_IS_SERVICE (service));

  if (self->service == service)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->service, service);
  set_busy (self, FALSE);
}

/**
 * dnevnik_sign_in_page_set_settings:
 * @settings: the app's settings
 *
 * Binds «Remember me» to `remember-sign-in`; a locked key makes it
 * insensitive.
 */
void
dnevnik_sign_in_page_set_settings (DnevnikSignInPage *self,
                                   GSettings         *settings)
{
  g_return_if_fail (DNEVNIK_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  g_settings_bind (settings, "remember-sign-in", self->remember_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect (settings, "writable-changed::remember-sign-in",
                    G_CALLBACK (on_remember_writable_changed_cb), self);
  on_remember_writable_changed_cb (settings, "remember-sign-in", self);
}

/**
 * dnevnik_sign_in_page_set_training_mode:
 *
 * In training mode the page shows the demo logins.
 */
void
dnevnik_sign_in_page_set_training_mode (DnevnikSignInPage *self,
                                        gboolean           training_mode)
{
  g_return_if_fail (DNEVNIK_IS_SIGN_IN_PAGE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->training_label), training_mode);
}

/**
 * dnevnik_sign_in_page_reset:
 *
 * Forgets the password and any error, e.g. after a sign-out.
 */
void
dnevnik_sign_in_page_reset (DnevnikSignInPage *self)
{
  g_return_if_fail (DNEVNIK_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_error (self, NULL);
}

/**
 * dnevnik_sign_in_page_clear:
 *
 * Forgets the login as well, when the student has left: the next one at
 * this computer starts with an empty form.
 */
void
dnevnik_sign_in_page_clear (DnevnikSignInPage *self)
{
  g_return_if_fail (DNEVNIK_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->login_row), "");
  dnevnik_sign_in_page_reset (self);
}

/**
 * dnevnik_sign_in_page_get_error:
 *
 * Returns: (nullable): the error the page shows
 */
const char *
dnevnik_sign_in_page_get_error (DnevnikSignInPage *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SIGN_IN_PAGE (self), NULL);

  return self->error;
}

/**
 * dnevnik_sign_in_page_get_busy:
 *
 * Returns: whether a sign-in is under way
 */
gboolean
dnevnik_sign_in_page_get_busy (DnevnikSignInPage *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SIGN_IN_PAGE (self), FALSE);

  return self->cancellable != NULL;
}
