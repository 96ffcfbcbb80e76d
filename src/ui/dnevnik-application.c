/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-application.h"
#include "dnevnik-window.h"

struct _DnevnikApplication
{
  AdwApplication  parent_instance;

  /* owned */
  GSettings      *settings;
  char           *server_override;
  gboolean        force_sandbox;
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

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
}

static void
dnevnik_application_finalize (GObject *object)
{
  DnevnikApplication *self = DNEVNIK_APPLICATION (object);

  g_clear_object (&self->settings);
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
