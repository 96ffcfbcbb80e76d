/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-application.h"
#include "dnevnik-marks-notifier.h"
#include "dnevnik-window.h"

/* The application parses the command line, creates the #DnevnikContext
 * every window shares (the settings, the server, the service) at startup,
 * hands it to the windows it creates, and stops its back end on shutdown.
 *
 * Idle sign-out: with `idle-sign-out-minutes` above zero, a signed-in
 * student who gives no input to any of the app's windows for that long is
 * signed out completely, as «Выйти» does, and told why.  The monitor
 * watches GTK windows, so it lives here and not in the context.
 *
 * New marks are told in desktop notifications while the app runs, and
 * withdrawn on sign-out: the application's, since they outlive windows
 * (DnevnikMarksNotifier).
 *
 * Start-up: the first icon the window draws (the header bar's close
 * button) makes GTK read the icon themes' index files, about a tenth of
 * the work before the first frame.  A GtkIconTheme set up on the main
 * thread may be looked up from another one, so that reading starts on a
 * thread of its own as soon as the toolkit has added its icon paths (any
 * path added later would make GTK read the themes again), and runs while
 * the window is built.
 */

struct _DnevnikApplication
{
  AdwApplication        parent_instance;

  /* owned */
  DnevnikContext       *context;
  DnevnikIdleMonitor   *idle_monitor;
  DnevnikMarksNotifier *marks_notifier;
  DnevnikService       *service;         /* the context's, followed for idle */
  char                 *server_override;

  gboolean              force_sandbox;
};

G_DEFINE_FINAL_TYPE (DnevnikApplication, dnevnik_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version of the app and exit"), NULL },
  { "server", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Use the diary server at URL instead of the configured one"), N_("URL") },
  { "sandbox", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Use the bundled training server (training mode)"), NULL },
  { NULL }
};

static void
on_idle_signed_out_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Sign-out always ends signed out; a failed revocation is only logged. */
  if (!dnevnik_context_sign_out_finish (DNEVNIK_CONTEXT (object), result, &error))
    g_debug ("Idle sign-out: %s", error->message);
}

static void
on_idle_cb (DnevnikIdleMonitor *monitor,
            DnevnikApplication *self)
{
  GSettings *settings = dnevnik_context_get_settings (self->context);
  g_autofree char *message = NULL;
  guint minutes;

  if (!dnevnik_context_get_signed_in (self->context))
    return;

  minutes = g_settings_get_uint (settings, "idle-sign-out-minutes");
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "You were signed out after %u minute without activity.",
                                          "You were signed out after %u minutes without activity.",
                                          minutes),
                             minutes);
  dnevnik_context_sign_out_async (self->context, NULL, on_idle_signed_out_cb, NULL);
  dnevnik_context_add_notice (self->context, message);
}

static void
on_idle_minutes_changed_cb (GSettings          *settings,
                            const char         *key,
                            DnevnikApplication *self)
{
  dnevnik_idle_monitor_set_interval (self->idle_monitor, g_settings_get_uint (settings, key) * 60);
}

static void
on_window_added_cb (GtkApplication     *app,
                    GtkWindow          *window,
                    DnevnikApplication *self)
{
  dnevnik_idle_monitor_watch (self->idle_monitor, window);
}

static void
on_window_removed_cb (GtkApplication     *app,
                      GtkWindow          *window,
                      DnevnikApplication *self)
{
  dnevnik_idle_monitor_unwatch (self->idle_monitor, window);
}

static void
on_service_state_cb (DnevnikService     *service,
                     GParamSpec         *pspec,
                     DnevnikApplication *self)
{
  /* A session that starts now starts with a full idle interval. */
  if (dnevnik_service_get_state (service) == DNEVNIK_SERVICE_STATE_SIGNING_IN)
    dnevnik_idle_monitor_reset (self->idle_monitor);
}

static void
on_service_changed_cb (DnevnikContext     *context,
                       GParamSpec         *pspec,
                       DnevnikApplication *self)
{
  DnevnikService *service = dnevnik_context_get_service (context);

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_state_cb, self);
  g_set_object (&self->service, service);
  if (service != NULL)
    g_signal_connect_object (service, "notify::state", G_CALLBACK (on_service_state_cb), self, 0);
}

static void
dnevnik_application_show_about (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  DnevnikApplication *self = user_data;
  static const char *developers[] = { "Dnevnik developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  /* The window is called what the menu item that opens it says. */
  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "title", _("About Dnevnik"),
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        "application-name", _("Dnevnik"),
                        "developer-name", _("Dnevnik developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("A school diary for students, with Sferum in MAX linked in a few steps."),
                        "website", "https://github.com/dnevnik/dnevnik",
                        "issue-url", "https://github.com/dnevnik/dnevnik/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 Dnevnik developers",
                        "developers", developers,
                        /* Translators: Replace "translator-credits" with your name, one name per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
dnevnik_application_quit (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", dnevnik_application_show_about },
  { "quit", dnevnik_application_quit },
};

static int
dnevnik_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  DnevnikApplication *self = DNEVNIK_APPLICATION (app);
  const char *server = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      g_free (self->server_override);
      self->server_override = g_strdup (server);
    }

  self->force_sandbox = g_variant_dict_contains (options, "sandbox");

  if (self->force_sandbox && self->server_override != NULL)
    {
      g_printerr ("%s\n", _("--server and --sandbox cannot be used together"));
      return 1;
    }

  return -1;
}

static void
dnevnik_application_activate (GApplication *app)
{
  DnevnikApplication *self = DNEVNIK_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (dnevnik_window_new (GTK_APPLICATION (app), self->context));

  gtk_window_present (window);
}

static gpointer
read_icon_themes_thread (gpointer data)
{
  g_autoptr(GtkIconTheme) theme = data;

  gtk_icon_theme_has_icon (theme, "window-close-symbolic");

  return NULL;
}

static void
dnevnik_application_startup (GApplication *app)
{
  DnevnikApplication *self = DNEVNIK_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  g_autoptr(GSettings) settings = NULL;

  G_APPLICATION_CLASS (dnevnik_application_parent_class)->startup (app);

  /* See the top of the file. */
  g_thread_unref (g_thread_new ("dnevnik-icons", read_icon_themes_thread,
                                g_object_ref (gtk_icon_theme_get_for_display (gdk_display_get_default ()))));

  settings = g_settings_new (APP_ID);
  self->context = dnevnik_context_new (settings, self->server_override, self->force_sandbox);
  g_signal_connect_object (self->context, "notify::service", G_CALLBACK (on_service_changed_cb), self, 0);
  self->marks_notifier = dnevnik_marks_notifier_new (app, self->context);

  self->idle_monitor = dnevnik_idle_monitor_new (g_settings_get_uint (settings, "idle-sign-out-minutes") * 60);
  g_signal_connect_object (self->idle_monitor, "idle", G_CALLBACK (on_idle_cb), self, 0);
  g_signal_connect_object (settings, "changed::idle-sign-out-minutes",
                           G_CALLBACK (on_idle_minutes_changed_cb), self, 0);
  g_signal_connect (self, "window-added", G_CALLBACK (on_window_added_cb), self);
  g_signal_connect (self, "window-removed", G_CALLBACK (on_window_removed_cb), self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
}

static void
dnevnik_application_shutdown (GApplication *app)
{
  DnevnikApplication *self = DNEVNIK_APPLICATION (app);

  /* Nothing of the student's marks stays on the screen after the app. */
  if (self->marks_notifier != NULL)
    dnevnik_marks_notifier_withdraw_all (self->marks_notifier);
  if (self->context != NULL)
    dnevnik_context_stop_backend (self->context);
  g_clear_object (&self->service);

  G_APPLICATION_CLASS (dnevnik_application_parent_class)->shutdown (app);
}

static void
dnevnik_application_finalize (GObject *object)
{
  DnevnikApplication *self = DNEVNIK_APPLICATION (object);

  g_clear_object (&self->service);
  g_clear_object (&self->context);
  g_clear_object (&self->idle_monitor);
  g_clear_object (&self->marks_notifier);
  g_clear_pointer (&self->server_override, g_free);

  G_OBJECT_CLASS (dnevnik_application_parent_class)->finalize (object);
}

static void
dnevnik_application_class_init (DnevnikApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = dnevnik_application_finalize;

  app_class->activate = dnevnik_application_activate;
  app_class->startup = dnevnik_application_startup;
  app_class->shutdown = dnevnik_application_shutdown;
  app_class->handle_local_options = dnevnik_application_handle_local_options;
}

static void
dnevnik_application_init (DnevnikApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

/**
 * dnevnik_application_new:
 *
 * Returns: (transfer full): the application, `io.github.dnevnik.Dnevnik`
 */
DnevnikApplication *
dnevnik_application_new (void)
{
  return g_object_new (DNEVNIK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

/**
 * dnevnik_application_new_for_testing:
 * @server_url: (nullable): what `--server` would say; %NULL for the
 *   configured server (training mode with default settings)
 *
 * The application as `dnevnik --server URL` starts it, but never forwarded
 * to another instance, so that a test can drive it in its own process.
 * Register it before use.
 *
 * Returns: (transfer full): the application
 */
DnevnikApplication *
dnevnik_application_new_for_testing (const char *server_url)
{
  DnevnikApplication *self = dnevnik_application_new ();

  g_application_set_flags (G_APPLICATION (self), G_APPLICATION_NON_UNIQUE);
  self->server_override = g_strdup (server_url);

  return self;
}

/**
 * dnevnik_application_get_context:
 *
 * Returns: (transfer none) (nullable): what the app's windows share; valid
 *   from startup until the application is finalized
 */
DnevnikContext *
dnevnik_application_get_context (DnevnikApplication *self)
{
  g_return_val_if_fail (DNEVNIK_IS_APPLICATION (self), NULL);

  return self->context;
}

/**
 * dnevnik_application_get_idle_monitor:
 *
 * The monitor behind idle sign-out.  Its interval follows
 * `idle-sign-out-minutes`; tests set it in seconds instead of waiting
 * minutes.
 *
 * Returns: (transfer none) (nullable): the monitor; valid after startup
 */
DnevnikIdleMonitor *
dnevnik_application_get_idle_monitor (DnevnikApplication *self)
{
  g_return_val_if_fail (DNEVNIK_IS_APPLICATION (self), NULL);

  return self->idle_monitor;
}

/**
 * dnevnik_application_get_marks_notifier:
 *
 * Returns: (transfer none) (nullable): what tells of new marks in desktop
 *   notifications; valid after startup
 */
DnevnikMarksNotifier *
dnevnik_application_get_marks_notifier (DnevnikApplication *self)
{
  g_return_val_if_fail (DNEVNIK_IS_APPLICATION (self), NULL);

  return self->marks_notifier;
}
