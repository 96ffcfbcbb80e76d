/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-application.h"
#include "dnevnik-idle-monitor.h"
#include "dnevnik-sandbox-launcher.h"
#include "dnevnik-window.h"

/* The application owns the back end every window shows: the DnevnikService
 * and, in training mode, the bundled dnevnik-sandbox it talks to.
 *
 * Which server (issue 6): a server-url locked by an administrator wins over
 * everything; then --sandbox or --server; then the setting; an empty value
 * means training mode.  The service appears asynchronously (the training
 * server must start first), so windows follow #DnevnikApplication:service.
 *
 * A training server that dies on its own is restarted a few times; each time
 * the student signs in again (its port, and so the service, is new).
 *
 * Whole-year sync (issue 5): when a remembered student's session is READY,
 * the diary of the current school year goes to the offline copy in the
 * background, at most once a day (the date is in the `last-sync` setting,
 * emptied on sign-out), so that every week of the year can be read
 * offline.  A failed sync is tried again the next time the server answers.
 *
 * Idle sign-out (issue 9): with `idle-sign-out-minutes` above zero, a
 * signed-in student who gives no input to any of the app's windows for that
 * long is signed out completely, as «Выйти» does, and told why.
 */

#define MAX_SANDBOX_RESTARTS 3

struct _DnevnikApplication
{
  AdwApplication          parent_instance;

  /* owned */
  GSettings              *settings;
  char                   *server_override;
  DnevnikSandboxLauncher *launcher;
  DnevnikService         *service;
  GCancellable           *cancellable;
  char                   *backend_error;

  GCancellable           *sync_cancellable;  /* the running sync, if any */
  DnevnikIdleMonitor     *idle_monitor;

  gboolean                force_sandbox;
  gboolean                training_mode;
  gboolean                backend_started;
  guint                   sandbox_restarts;
};

G_DEFINE_FINAL_TYPE (DnevnikApplication, dnevnik_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_TRAINING_MODE,
  PROP_BACKEND_ERROR,
  PROP_SYNCING,
  N_PROPS
};

enum {
  NOTICE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const GOptionEntry option_entries[] = {
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version of the app and exit"), NULL },
  { "server", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Use the diary server at URL instead of the configured one"), N_("URL") },
  { "sandbox", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Use the bundled training server (training mode)"), NULL },
  { NULL }
};

static void start_sandbox (DnevnikApplication *self,
                           gboolean            reset);

static void
set_backend_error (DnevnikApplication *self,
                   const char         *message)
{
  if (g_strcmp0 (self->backend_error, message) == 0)
    return;

  g_free (self->backend_error);
  self->backend_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKEND_ERROR]);
}

static void
today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
}

static char *
today_iso (void)
{
  GDate date;
  char text[16];

  today (&date);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);

  return g_strdup (text);
}

static void
set_syncing (DnevnikApplication *self,
             GCancellable       *cancellable)
{
  gboolean was_syncing = self->sync_cancellable != NULL;

  if (self->sync_cancellable == cancellable)
    return;

  g_cancellable_cancel (self->sync_cancellable);
  g_set_object (&self->sync_cancellable, cancellable);

  if (was_syncing != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
}

static gboolean
is_signed_in (DnevnikApplication *self)
{
  DnevnikServiceState state;

  if (self->service == NULL)
    return FALSE;

  state = dnevnik_service_get_state (self->service);
  return state == DNEVNIK_SERVICE_STATE_READY || state == DNEVNIK_SERVICE_STATE_OFFLINE;
}

static void
on_idle_signed_out_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Sign-out always ends signed out; a failed revocation is only logged. */
  if (!dnevnik_service_sign_out_finish (DNEVNIK_SERVICE (object), result, &error))
    g_debug ("Idle sign-out: %s", error->message);
}

static void
on_idle_cb (DnevnikIdleMonitor *monitor,
            DnevnikApplication *self)
{
  guint minutes;
  g_autofree char *message = NULL;

  if (!is_signed_in (self))
    return;

  minutes = g_settings_get_uint (self->settings, "idle-sign-out-minutes");
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "You were signed out after %u minute without activity.",
                                          "You were signed out after %u minutes without activity.",
                                          minutes),
                             minutes);
  g_settings_reset (self->settings, "last-login");
  g_settings_reset (self->settings, "last-sync");
  dnevnik_service_sign_out_async (self->service, NULL, on_idle_signed_out_cb, NULL);
  g_signal_emit (self, signals[NOTICE], 0, message);
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
  DnevnikServiceState state = dnevnik_service_get_state (service);

  /* A session that starts now starts with a full idle interval. */
  if (state == DNEVNIK_SERVICE_STATE_SIGNING_IN)
    dnevnik_idle_monitor_reset (self->idle_monitor);

  switch (state)
    {
    case DNEVNIK_SERVICE_STATE_READY:
      dnevnik_application_sync_school_year (self, FALSE);
      break;

    case DNEVNIK_SERVICE_STATE_SIGNED_OUT:
    case DNEVNIK_SERVICE_STATE_SIGNING_IN:
      set_syncing (self, NULL);
      break;

    case DNEVNIK_SERVICE_STATE_OFFLINE:
    default:
      break;
    }
}

static void
set_service (DnevnikApplication *self,
             DnevnikService     *service)
{
  if (self->service == service)
    return;

  set_syncing (self, NULL);
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_set_object (&self->service, service);
  if (service != NULL)
    g_signal_connect_object (service, "notify::state", G_CALLBACK (on_service_state_cb), self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE]);
}

typedef struct
{
  DnevnikApplication *self;
  GCancellable       *cancellable;
} SyncRun;

static void
on_school_year_synced_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  SyncRun *run = user_data;
  g_autoptr(DnevnikApplication) self = run->self;
  g_autoptr(GCancellable) cancellable = run->cancellable;
  g_autoptr(GError) error = NULL;

  g_free (run);

  if (!dnevnik_service_sync_range_finish (DNEVNIK_SERVICE (object), result, &error))
    {
      /* Unreachable: the offline bar says so; the next READY tries again. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("School year not synced: %s", error->message);
    }
  else if (g_settings_is_writable (self->settings, "last-sync"))
    {
      g_autofree char *date = today_iso ();

      g_settings_set_string (self->settings, "last-sync", date);
    }

  /* A sync started later (another service) is not this one. */
  if (self->sync_cancellable == cancellable)
    set_syncing (self, NULL);
}

/* Returns the server to use, or NULL for training mode. */
static char *
choose_server (DnevnikApplication *self)
{
  g_autofree char *setting = g_settings_get_string (self->settings, "server-url");

  /* An administrator's lock wins over the command line (DESIGN.md §6). */
  if (!g_settings_is_writable (self->settings, "server-url"))
    return *setting != '\0' ? g_steal_pointer (&setting) : NULL;

  if (self->force_sandbox)
    return NULL;

  if (self->server_override != NULL && *self->server_override != '\0')
    return g_strdup (self->server_override);

  return *setting != '\0' ? g_steal_pointer (&setting) : NULL;
}

static void
on_profile_refreshed_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(DnevnikProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  /* The window shows what failed through the service state (offline). */
  profile = dnevnik_service_refresh_profile_finish (DNEVNIK_SERVICE (object), result, &error);
  if (error != NULL)
    g_debug ("Profile not refreshed: %s", error->message);
}

static void
on_session_restored_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(DnevnikApplication) self = user_data;
  DnevnikService *service = DNEVNIK_SERVICE (object);
  g_autoptr(GError) error = NULL;

  if (!dnevnik_service_restore_session_finish (service, result, &error))
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Session not restored: %s", error->message);
          /* Being asked for the password again deserves a reason. */
          g_signal_emit (self, signals[NOTICE], 0, error->message);
        }
      return;
    }

  dnevnik_service_refresh_profile_async (service, self->cancellable, on_profile_refreshed_cb, NULL);
}

static void
use_server (DnevnikApplication *self,
            const char         *url)
{
  g_autoptr(DnevnikTokenStore) store = NULL;
  g_autoptr(DnevnikService) service = NULL;
  g_autoptr(GError) error = NULL;

  store = dnevnik_secret_token_store_new (DNEVNIK_SECRET_TOKEN_STORE_DEFAULT_TIMEOUT_MS);
  service = dnevnik_service_new (url, store, &error);
  if (service == NULL)
    {
      set_backend_error (self, error->message);
      return;
    }

  set_backend_error (self, NULL);

  /* A remembered student goes straight to the diary, without a password.
   * The restore begins before the windows see the service, so that they
   * see it SIGNING_IN, not SIGNED_OUT for a moment: they would build the
   * sign-in page for nothing, before their first frame. */
  if (g_settings_get_boolean (self->settings, "remember-sign-in"))
    {
      g_autofree char *last_login = g_settings_get_string (self->settings, "last-login");

      dnevnik_service_restore_session_async (service,
                                             *last_login != '\0' ? last_login : NULL,
                                             self->cancellable,
                                             on_session_restored_cb,
                                             g_object_ref (self));
    }

  set_service (self, service);
}

static void
on_sandbox_started_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(DnevnikApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  url = dnevnik_sandbox_launcher_start_finish (DNEVNIK_SANDBOX_LAUNCHER (object), result, &error);
  if (url == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_backend_error (self, error->message);
      return;
    }

  use_server (self, url);
}

static void
on_sandbox_exited_cb (DnevnikSandboxLauncher *launcher,
                      DnevnikApplication     *self)
{
  set_service (self, NULL);

  if (self->sandbox_restarts >= MAX_SANDBOX_RESTARTS)
    {
      set_backend_error (self, _("The training server keeps stopping, so it was not started again. Restart Dnevnik to try again."));
      return;
    }

  self->sandbox_restarts++;
  g_signal_emit (self, signals[NOTICE], 0,
                 _("The training server stopped unexpectedly and was restarted. Please sign in again."));
  start_sandbox (self, FALSE);
}

static void
start_sandbox (DnevnikApplication *self,
               gboolean            reset)
{
  if (self->launcher == NULL)
    {
      g_autofree char *binary = dnevnik_sandbox_launcher_find_binary ();
      g_autofree char *data_dir = NULL;

      if (binary == NULL)
        {
          set_backend_error (self, _("The training server is not installed. Ask your administrator to set up a diary server."));
          return;
        }

      data_dir = g_build_filename (g_get_user_data_dir (), "dnevnik", "sandbox", NULL);
      self->launcher = dnevnik_sandbox_launcher_new (binary, data_dir);
      g_signal_connect_object (self->launcher, "exited", G_CALLBACK (on_sandbox_exited_cb), self, 0);
    }

  set_backend_error (self, NULL);
  dnevnik_sandbox_launcher_start_async (self->launcher, reset, self->cancellable,
                                        on_sandbox_started_cb, g_object_ref (self));
}

static void
on_signed_out_for_reset_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(DnevnikApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_service_sign_out_finish (DNEVNIK_SERVICE (object), result, &error))
    g_signal_emit (self, signals[NOTICE], 0, error->message);

  start_sandbox (self, TRUE);
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

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
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
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (dnevnik_window_new (DNEVNIK_APPLICATION (app)));

  gtk_window_present (window);
}

static void
dnevnik_application_startup (GApplication *app)
{
  DnevnikApplication *self = DNEVNIK_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (dnevnik_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);

  self->idle_monitor = dnevnik_idle_monitor_new (g_settings_get_uint (self->settings,
                                                                      "idle-sign-out-minutes") * 60);
  g_signal_connect_object (self->idle_monitor, "idle", G_CALLBACK (on_idle_cb), self, 0);
  g_signal_connect_object (self->settings, "changed::idle-sign-out-minutes",
                           G_CALLBACK (on_idle_minutes_changed_cb), self, 0);
  g_signal_connect (self, "window-added", G_CALLBACK (on_window_added_cb), self);
  g_signal_connect (self, "window-removed", G_CALLBACK (on_window_removed_cb), self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
}

static void
dnevnik_application_shutdown (GApplication *app)
{
  dnevnik_application_stop_backend (DNEVNIK_APPLICATION (app));

  G_APPLICATION_CLASS (dnevnik_application_parent_class)->shutdown (app);
}

static void
dnevnik_application_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DnevnikApplication *self = DNEVNIK_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_TRAINING_MODE:
      g_value_set_boolean (value, self->training_mode);
      break;

    case PROP_BACKEND_ERROR:
      g_value_set_string (value, self->backend_error);
      break;

    case PROP_SYNCING:
      g_value_set_boolean (value, self->sync_cancellable != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_application_finalize (GObject *object)
{
  DnevnikApplication *self = DNEVNIK_APPLICATION (object);

  dnevnik_application_stop_backend (self);
  g_clear_object (&self->idle_monitor);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->server_override, g_free);
  g_clear_pointer (&self->backend_error, g_free);

  G_OBJECT_CLASS (dnevnik_application_parent_class)->finalize (object);
}

static void
dnevnik_application_class_init (DnevnikApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = dnevnik_application_finalize;
  object_class->get_property = dnevnik_application_get_property;

  app_class->activate = dnevnik_application_activate;
  app_class->startup = dnevnik_application_startup;
  app_class->shutdown = dnevnik_application_shutdown;
  app_class->handle_local_options = dnevnik_application_handle_local_options;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DNEVNIK_TYPE_SERVICE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TRAINING_MODE] =
    g_param_spec_boolean ("training-mode", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BACKEND_ERROR] =
    g_param_spec_string ("backend-error", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Whether the school year is being saved for offline use. */
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Something the student should hear about (shown as a toast). */
  signals[NOTICE] = g_signal_new ("notice",
                                  G_TYPE_FROM_CLASS (klass),
                                  G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_STRING);
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
 * dnevnik_application_get_settings:
 *
 * Returns: (transfer none): the app's settings; valid after startup
 */
GSettings *
dnevnik_application_get_settings (DnevnikApplication *self)
{
  g_return_val_if_fail (DNEVNIK_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * dnevnik_application_get_server_override:
 *
 * Returns: (nullable): the server given with `--server`
 */
const char *
dnevnik_application_get_server_override (DnevnikApplication *self)
{
  g_return_val_if_fail (DNEVNIK_IS_APPLICATION (self), NULL);

  return self->server_override;
}

/**
 * dnevnik_application_get_force_sandbox:
 *
 * Returns: whether `--sandbox` asked for the bundled training server
 */
gboolean
dnevnik_application_get_force_sandbox (DnevnikApplication *self)
{
  g_return_val_if_fail (DNEVNIK_IS_APPLICATION (self), FALSE);

  return self->force_sandbox;
}

/**
 * dnevnik_application_start_backend:
 *
 * Chooses the server and creates the service for it, starting the training
 * server first in training mode.  Does nothing after the first call; needs
 * the application to be registered (startup done).  #DnevnikApplication:service
 * or #DnevnikApplication:backend-error tells how it went.
 */
void
dnevnik_application_start_backend (DnevnikApplication *self)
{
  g_autofree char *url = NULL;

  g_return_if_fail (DNEVNIK_IS_APPLICATION (self));
  g_return_if_fail (self->settings != NULL);

  if (self->backend_started)
    return;

  self->backend_started = TRUE;
  self->cancellable = g_cancellable_new ();

  url = choose_server (self);
  if (url == NULL)
    {
      self->training_mode = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINING_MODE]);
      start_sandbox (self, FALSE);
    }
  else
    {
      use_server (self, url);
    }
}

/**
 * dnevnik_application_get_service:
 *
 * Returns: (transfer none) (nullable): the service, once the server is known
 *   (and, in training mode, running)
 */
DnevnikService *
dnevnik_application_get_service (DnevnikApplication *self)
{
  g_return_val_if_fail (DNEVNIK_IS_APPLICATION (self), NULL);

  return self->service;
}

/**
 * dnevnik_application_get_training_mode:
 *
 * Returns: whether the app uses its bundled training server
 */
gboolean
dnevnik_application_get_training_mode (DnevnikApplication *self)
{
  g_return_val_if_fail (DNEVNIK_IS_APPLICATION (self), FALSE);

  return self->training_mode;
}

/**
 * dnevnik_application_get_backend_error:
 *
 * Returns: (nullable): why there is no service, as a sentence for people
 */
const char *
dnevnik_application_get_backend_error (DnevnikApplication *self)
{
  g_return_val_if_fail (DNEVNIK_IS_APPLICATION (self), NULL);

  return self->backend_error;
}

/**
 * dnevnik_application_get_sandbox_pid:
 *
 * Returns: the process id of the running training server, or 0
 */
GPid
dnevnik_application_get_sandbox_pid (DnevnikApplication *self)
{
  g_return_val_if_fail (DNEVNIK_IS_APPLICATION (self), 0);

  return self->launcher != NULL ? dnevnik_sandbox_launcher_get_pid (self->launcher) : 0;
}

/**
 * dnevnik_application_reset_training_data:
 *
 * Signs the student out, then restarts the training server with fresh demo
 * data.  Only in training mode.
 */
void
dnevnik_application_reset_training_data (DnevnikApplication *self)
{
  g_autoptr(DnevnikService) service = NULL;

  g_return_if_fail (DNEVNIK_IS_APPLICATION (self));
  g_return_if_fail (self->training_mode);

  service = self->service != NULL ? g_object_ref (self->service) : NULL;
  set_service (self, NULL);
  if (g_settings_is_writable (self->settings, "last-sync"))
    g_settings_set_string (self->settings, "last-sync", "");
  self->sandbox_restarts = 0;

  if (service != NULL)
    dnevnik_service_sign_out_async (service, self->cancellable,
                                    on_signed_out_for_reset_cb, g_object_ref (self));
  else
    start_sandbox (self, TRUE);
}

/**
 * dnevnik_application_stop_backend:
 *
 * Cancels what the back end is doing and stops the training server.  Called
 * on shutdown.
 */
void
dnevnik_application_stop_backend (DnevnikApplication *self)
{
  g_return_if_fail (DNEVNIK_IS_APPLICATION (self));

  set_syncing (self, NULL);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->launcher != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->launcher, self);
      dnevnik_sandbox_launcher_stop (self->launcher);
      g_clear_object (&self->launcher);
    }
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
}

/**
 * dnevnik_application_get_syncing:
 *
 * Returns: whether the diary of the school year is being saved for
 *   offline use (dnevnik_application_sync_school_year())
 */
gboolean
dnevnik_application_get_syncing (DnevnikApplication *self)
{
  g_return_val_if_fail (DNEVNIK_IS_APPLICATION (self), FALSE);

  return self->sync_cancellable != NULL;
}

/**
 * dnevnik_application_school_year_of:
 * @day: a date
 * @first: (out caller-allocates): 1 September of the school year of @day
 * @last: (out caller-allocates): 31 May of that school year
 *
 * The school year around @day; in the summer, the one that just ended.
 */
void
dnevnik_application_school_year_of (const GDate *day,
                                    GDate       *first,
                                    GDate       *last)
{
  int year;

  g_return_if_fail (day != NULL && g_date_valid (day));
  g_return_if_fail (first != NULL && last != NULL);

  year = g_date_get_year (day);
  if (g_date_get_month (day) < G_DATE_SEPTEMBER)
    year--;

  g_date_clear (first, 1);
  g_date_set_dmy (first, 1, G_DATE_SEPTEMBER, year);
  g_date_clear (last, 1);
  g_date_set_dmy (last, 31, G_DATE_MAY, year + 1);
}

/**
 * dnevnik_application_sync_school_year:
 * @force: %TRUE to sync even if it was done today
 *
 * Saves the diary of the current school year in the offline copy, in the
 * background, for a remembered student whose session is READY (a student
 * who is not remembered keeps nothing on disk, so there is nothing to
 * save it for).  Without @force, at most once a day.  #DnevnikApplication:syncing
 * is %TRUE while it runs.
 *
 * Returns: whether a sync was started (or runs already)
 */
gboolean
dnevnik_application_sync_school_year (DnevnikApplication *self,
                                      gboolean            force)
{
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *last_sync = NULL;
  g_autofree char *date = NULL;
  SyncRun *run;
  GDate day, first, last;

  g_return_val_if_fail (DNEVNIK_IS_APPLICATION (self), FALSE);

  if (self->sync_cancellable != NULL)
    return TRUE;

  if (self->service == NULL ||
      dnevnik_service_get_state (self->service) != DNEVNIK_SERVICE_STATE_READY ||
      !dnevnik_service_get_remembered (self->service))
    return FALSE;

  last_sync = g_settings_get_string (self->settings, "last-sync");
  date = today_iso ();
  if (!force && g_strcmp0 (last_sync, date) == 0)
    return FALSE;

  today (&day);
  dnevnik_application_school_year_of (&day, &first, &last);

  cancellable = g_cancellable_new ();
  set_syncing (self, cancellable);

  run = g_new0 (SyncRun, 1);
  run->self = g_object_ref (self);
  run->cancellable = g_object_ref (cancellable);
  dnevnik_service_sync_range_async (self->service, &first, &last, cancellable,
                                    on_school_year_synced_cb, run);

  return TRUE;
}

/**
 * dnevnik_application_dup_training_sms_file:
 *
 * Returns: (transfer full) (nullable): in training mode, the file the
 *   training server writes its "SMS" to, for the linking wizard to show;
 *   else %NULL
 */
char *
dnevnik_application_dup_training_sms_file (DnevnikApplication *self)
{
  g_return_val_if_fail (DNEVNIK_IS_APPLICATION (self), NULL);

  if (!self->training_mode || self->launcher == NULL)
    return NULL;

  return dnevnik_sandbox_launcher_get_sms_outbox_path (self->launcher);
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
