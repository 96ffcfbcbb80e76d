/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-sign-in-page.h"
#include "dnevnik-web-sign-in.h"

/* The page shown instead of the diary while nobody is signed in.
 *
 * It runs the sign-in itself; the window learns of success through the
 * service's state.  Whatever goes wrong is said in the page, under the
 * fields (not only in a toast that goes away), the login stays as typed,
 * and the focus goes where the student types next.
 *
 * On top the student chooses the diary; the window hands the choice to
 * the context, which builds a new service for it.  A diary whose provider
 * signs in on its own web page (dnevnik_provider_get_web_cookies()) gets a
 * button that opens that page in dnevnik-web-sign-in instead of the login
 * and password: the app never sees the password there, only the token
 * cookie the page sets.
 */
struct _DnevnikSignInPage
{
  GtkWidget         parent_instance;

  /* template widgets */
  GtkLabel         *training_label;
  AdwComboRow      *provider_row;
  AdwActionRow     *server_row;
  GtkEntry         *server_entry;
  GtkWidget        *password_group;
  GtkWidget        *web_box;
  AdwEntryRow      *login_row;
  AdwEntryRow      *password_row;
  AdwActionRow     *remember_row;
  GtkSwitch        *remember_switch;
  GtkLabel         *error_label;
  GtkButton        *sign_in_button;
  GtkSpinner       *spinner;
  GtkSpinner       *web_spinner;

  /* owned */
  DnevnikService   *service;
  GSettings        *settings;
  GCancellable     *cancellable;
  DnevnikWebSignIn *web_sign_in;
  char             *error;

  /* while the page shows the context's choice, not the student's */
  gboolean          showing_choice;
};

G_DEFINE_FINAL_TYPE (DnevnikSignInPage, dnevnik_sign_in_page, GTK_TYPE_WIDGET)

enum {
  PROVIDER_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_sensitivity (DnevnikSignInPage *self)
{
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  gboolean busy = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.sign-in",
                                 !busy && self->service != NULL && *login != '\0' && *password != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.web", !busy && self->service != NULL);
}

static gboolean
signs_in_on_web (DnevnikSignInPage *self)
{
  return self->service != NULL &&
         dnevnik_provider_get_web_cookies (dnevnik_service_get_provider (self->service), NULL, NULL);
}

/* The login form, or the button that opens the diary's own page. */
static void
update_form (DnevnikSignInPage *self)
{
  gboolean web = signs_in_on_web (self);

  gtk_widget_set_visible (self->password_group, !web);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_button), !web);
  gtk_widget_set_visible (self->web_box, web);
}

static void
set_busy (DnevnikSignInPage *self,
          gboolean           busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->web_spinner), busy);
  gtk_spinner_set_spinning (self->web_spinner, busy);
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

/* What a sign-in, with a password or a token, ends with; @error is NULL
 * after success. */
static void
finish_sign_in (DnevnikSignInPage *self,
                DnevnikService    *service,
                GError            *error)
{
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
  else if (signs_in_on_web (self))
    {
      gtk_widget_grab_focus (self->web_box);
    }
  else
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_button));
    }
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

  finish_sign_in (self, service, error);
}

static void
on_token_sign_in_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  DnevnikService *service = DNEVNIK_SERVICE (object);
  g_autoptr(DnevnikSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_service_sign_in_with_token_finish (service, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  finish_sign_in (self, service, error);
}

static void
on_web_sign_in_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DnevnikSignInPage) self = user_data;
  g_autofree char *token = NULL;
  g_autofree char *refresh_token = NULL;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_web_sign_in_run_finish (DNEVNIK_WEB_SIGN_IN (object), result,
                                       &token, &refresh_token, &error))
    {
      if (g_cancellable_is_cancelled (self->cancellable))
        return;

      /* The student closed the window: nothing to say about it. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_clear_error (&error);

      g_clear_object (&self->cancellable);
      set_busy (self, FALSE);
      show_error (self, error != NULL ? error->message : NULL);
      return;
    }

  dnevnik_service_sign_in_with_token_async (self->service, token, refresh_token,
                                            gtk_switch_get_active (self->remember_switch),
                                            self->cancellable,
                                            on_token_sign_in_cb,
                                            g_object_ref (self));
}

static void
web_sign_in_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DnevnikSignInPage *self = DNEVNIK_SIGN_IN_PAGE (widget);
  DnevnikProvider *provider;
  const char *token_cookie = NULL;
  const char *refresh_cookie = NULL;
  g_autofree char *start_url = NULL;
  g_autofree char *diary_url = NULL;
  g_autoptr(GUri) diary_uri = NULL;

  if (self->service == NULL || self->cancellable != NULL)
    return;

  provider = dnevnik_service_get_provider (self->service);
  if (!dnevnik_provider_get_web_cookies (provider, &token_cookie, &refresh_cookie))
    return;

  /* The token cookie belongs to the web diary's host, which may not be
   * the sign-in page's (mos.ru signs in for school.mos.ru). */
  start_url = dnevnik_provider_dup_web_url (provider, DNEVNIK_PROVIDER_WEB_PAGE_SIGN_IN);
  diary_url = dnevnik_provider_dup_web_url (provider, DNEVNIK_PROVIDER_WEB_PAGE_DIARY);
  diary_uri = diary_url != NULL ? g_uri_parse (diary_url, G_URI_FLAGS_NONE, NULL) : NULL;
  g_return_if_fail (start_url != NULL && diary_uri != NULL);

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  if (self->web_sign_in == NULL)
    self->web_sign_in = dnevnik_web_sign_in_new (NULL);
  dnevnik_web_sign_in_run_async (self->web_sign_in, start_url, g_uri_get_host (diary_uri),
                                 token_cookie, refresh_cookie,
                                 self->cancellable,
                                 on_web_sign_in_cb,
                                 g_object_ref (self));
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
on_provider_selected_cb (DnevnikSignInPage *self)
{
  DnevnikProviderChoice choice = adw_combo_row_get_selected (self->provider_row);

  gtk_widget_set_visible (GTK_WIDGET (self->server_row), choice == DNEVNIK_PROVIDER_CHOICE_SERVER);

  /* Another server waits for its address (on_server_applied_cb). */
  if (self->showing_choice || choice == DNEVNIK_PROVIDER_CHOICE_SERVER)
    return;

  g_signal_emit (self, signals[PROVIDER_CHOSEN], 0, choice, NULL);
}

static void
on_server_applied_cb (DnevnikSignInPage *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_entry))));

  if (*url == '\0')
    return;

  g_signal_emit (self, signals[PROVIDER_CHOSEN], 0, DNEVNIK_PROVIDER_CHOICE_SERVER, url);
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

  if (signs_in_on_web (self))
    return gtk_widget_grab_focus (self->web_box);

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
  g_clear_object (&self->web_sign_in);
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
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, provider_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, server_entry);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, password_group);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, web_box);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, login_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, remember_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DnevnikSignInPage, web_spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_login_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_provider_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_server_applied_cb);

  gtk_widget_class_install_action (widget_class, "sign-in.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "sign-in.web", NULL, web_sign_in_action);

  /* The student chose another diary (a #DnevnikProviderChoice) and, for
   * another server, its address (else NULL). */
  signals[PROVIDER_CHOSEN] = g_signal_new ("provider-chosen",
                                           G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
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
  update_form (self);
}

/**
 * dnevnik_sign_in_page_set_provider:
 * @choice: the diary in use
 * @server_url: (nullable): its address, for another server
 * @locked: whether an administrator chose it
 *
 * Shows which diary the student signs in to; a locked choice cannot be
 * changed here.
 */
void
dnevnik_sign_in_page_set_provider (DnevnikSignInPage     *self,
                                   DnevnikProviderChoice  choice,
                                   const char            *server_url,
                                   gboolean               locked)
{
  g_return_if_fail (DNEVNIK_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (choice < DNEVNIK_PROVIDER_CHOICE_N);

  self->showing_choice = TRUE;
  adw_combo_row_set_selected (self->provider_row, choice);
  if (server_url != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->server_entry), server_url);
  gtk_widget_set_visible (GTK_WIDGET (self->server_row), choice == DNEVNIK_PROVIDER_CHOICE_SERVER);
  self->showing_choice = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->provider_row), !locked);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !locked);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->provider_row),
                               locked ? _("Set by your administrator") : NULL);
}

/**
 * dnevnik_sign_in_page_get_provider:
 *
 * Returns: the diary chosen on the page
 */
DnevnikProviderChoice
dnevnik_sign_in_page_get_provider (DnevnikSignInPage *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SIGN_IN_PAGE (self), DNEVNIK_PROVIDER_CHOICE_TRAINING);

  return adw_combo_row_get_selected (self->provider_row);
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

/**
 * dnevnik_sign_in_page_accepts_input:
 *
 * Whether the student can start typing: no sign-in is under way, there
 * is a service to sign in with (in training mode there is none until the
 * training server has started), and the login field is sensitive and has
 * the window's keyboard focus.
 *
 * Returns: whether the form accepts input
 */
gboolean
dnevnik_sign_in_page_accepts_input (DnevnikSignInPage *self)
{
  GtkRoot *root;
  GtkWidget *focus;

  g_return_val_if_fail (DNEVNIK_IS_SIGN_IN_PAGE (self), FALSE);

  if (self->cancellable != NULL || self->service == NULL ||
      !gtk_widget_is_sensitive (GTK_WIDGET (self->login_row)))
    return FALSE;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  /* The focus is usually on the row's text, inside the row. */
  return focus != NULL &&
         (focus == GTK_WIDGET (self->login_row) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->login_row)));
}
