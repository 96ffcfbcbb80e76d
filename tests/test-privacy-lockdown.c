/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>

#include "dnevnik-application.h"
#include "dnevnik-sign-in-page.h"
#include "dnevnik-test-disk.h"
#include "dnevnik-test-sandbox.h"
#include "dnevnik-test-ui.h"
#include "dnevnik-window.h"

/* Settings locked by a lab administrator, with real dconf: a
 * system database compiled by `dconf compile` from a keyfile directory
 * with a locks/ subdirectory, found through a DCONF_PROFILE of
 * "user-db:user" over "file-db:…", and GSETTINGS_BACKEND=dconf — what
 * /etc/dconf/profile/user and /etc/dconf/db/local.d do on a lab computer.
 *
 * Locked: server-url (to this test's sandbox) and remember-sign-in
 * (false).  The app started with `--server` elsewhere still uses the
 * locked server, and «Запомнить меня» is insensitive and off. */

#define WAIT_MS 20000

static DnevnikTestSandbox *sandbox;
static char *dconf_dir;
static gboolean lockdown_ready;

#define REQUIRE_LOCKDOWN() \
  G_STMT_START { \
    if (!lockdown_ready) \
      { \
        g_test_skip ("`dconf compile` failed: install dconf-cli (build-aux/setup does)"); \
        return; \
      } \
  } G_STMT_END

static gboolean
run_quietly (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_test_message ("%s: %s", argv[0], error->message);
      return FALSE;
    }

  return TRUE;
}

/* Compiles the lockdown database and points dconf at it.  Must run before
 * anything reads a setting. */
static gboolean
set_up_lockdown (const char *server_url)
{
  g_autofree char *keyfile_dir = g_build_filename (dconf_dir, "lab.d", NULL);
  g_autofree char *locks_dir = g_build_filename (keyfile_dir, "locks", NULL);
  g_autofree char *keyfile = g_build_filename (keyfile_dir, "00-lab", NULL);
  g_autofree char *locks = g_build_filename (locks_dir, "00-lab", NULL);
  g_autofree char *db = g_build_filename (dconf_dir, "lab", NULL);
  g_autofree char *profile = g_build_filename (dconf_dir, "profile", NULL);
  g_autofree char *keyfile_text = NULL;
  g_autofree char *profile_text = NULL;
  g_autoptr(GError) error = NULL;
  const char *compile[] = { "dconf", "compile", db, keyfile_dir, NULL };

  g_assert_cmpint (g_mkdir_with_parents (locks_dir, 0700), ==, 0);
  keyfile_text = g_strdup_printf ("[io/github/dnevnik/Dnevnik]\n"
                                  "server-url='%s'\n"
                                  "remember-sign-in=false\n", server_url);
  g_file_set_contents (keyfile, keyfile_text, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (locks,
                       "/io/github/dnevnik/Dnevnik/server-url\n"
                       "/io/github/dnevnik/Dnevnik/remember-sign-in\n", -1, &error);
  g_assert_no_error (error);

  if (!run_quietly (compile))
    return FALSE;

  profile_text = g_strdup_printf ("user-db:user\nfile-db:%s\n", db);
  g_file_set_contents (profile, profile_text, -1, &error);
  g_assert_no_error (error);

  g_setenv ("DCONF_PROFILE", profile, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "dconf", TRUE);

  return TRUE;
}

static void
test_settings_locked (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *url = NULL;

  REQUIRE_LOCKDOWN ();
  g_assert_false (g_settings_is_writable (settings, "server-url"));
  g_assert_false (g_settings_is_writable (settings, "remember-sign-in"));
  /* Not locked: the student's own. */
  g_assert_true (g_settings_is_writable (settings, "window-width"));

  url = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (url, ==, dnevnik_test_sandbox_get_url (sandbox));
  g_assert_false (g_settings_get_boolean (settings, "remember-sign-in"));
}

typedef struct
{
  DnevnikApplication *app;
  char               *base_url;
  gboolean            switch_sensitive;
  gboolean            switch_active;
  gboolean            checked;
} LockRun;

static gboolean
check_and_quit (gpointer user_data)
{
  LockRun *run = user_data;
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (run->app));
  DnevnikService *service = dnevnik_context_get_service (dnevnik_application_get_context (run->app));
  GtkWidget *page;
  GtkWidget *remember;

  if (active == NULL || service == NULL ||
      g_strcmp0 (dnevnik_window_get_mode (DNEVNIK_WINDOW (active)), "sign-in") != 0)
    return G_SOURCE_CONTINUE;

  page = dnevnik_test_ui_find_by_type (GTK_WIDGET (active), DNEVNIK_TYPE_SIGN_IN_PAGE, 0);
  g_assert_nonnull (page);
  remember = dnevnik_test_ui_find_by_type (page, GTK_TYPE_SWITCH, 0);
  g_assert_nonnull (remember);

  run->base_url = g_strdup (dnevnik_service_get_base_url (service));
  run->switch_sensitive = gtk_widget_is_sensitive (remember);
  run->switch_active = gtk_switch_get_active (GTK_SWITCH (remember));
  run->checked = TRUE;
  g_application_quit (G_APPLICATION (run->app));

  return G_SOURCE_REMOVE;
}

static void
test_app_obeys_lock (void)
{
  LockRun run = { 0 };
  char *app_argv[] = { (char *) "dnevnik", (char *) "--server", (char *) "http://127.0.0.1:9", NULL };
  int status;

  REQUIRE_LOCKDOWN ();
  run.app = dnevnik_application_new_for_testing (NULL);
  g_timeout_add (50, check_and_quit, &run);
  status = g_application_run (G_APPLICATION (run.app), G_N_ELEMENTS (app_argv) - 1, app_argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.checked);

  /* The locked server, not the one on the command line. */
  g_assert_cmpstr (dnevnik_context_get_server_override (dnevnik_application_get_context (run.app)), ==, "http://127.0.0.1:9");
  g_assert_cmpstr (run.base_url, ==, dnevnik_test_sandbox_get_url (sandbox));
  g_assert_false (dnevnik_context_get_training_mode (dnevnik_application_get_context (run.app)));
  /* «Запомнить меня»: off, and the student cannot turn it on. */
  g_assert_false (run.switch_sensitive);
  g_assert_false (run.switch_active);

  dnevnik_context_stop_backend (dnevnik_application_get_context (run.app));
  g_free (run.base_url);
  g_object_unref (run.app);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  dconf_dir = g_dir_make_tmp ("dnevnik-dconf-XXXXXX", NULL);
  g_assert_nonnull (dconf_dir);
  sandbox = dnevnik_test_sandbox_newv (NULL);

  /* Before GTK and GSettings start. */
  lockdown_ready = set_up_lockdown (dnevnik_test_sandbox_get_url (sandbox));

  dnevnik_test_ui_init (&argc, &argv, "ru");
  g_test_add_func ("/lockdown/settings-locked", test_settings_locked);
  g_test_add_func ("/lockdown/app-obeys-lock", test_app_obeys_lock);
  status = g_test_run ();

  dnevnik_test_sandbox_free (sandbox);
  dnevnik_test_disk_remove_tree (dconf_dir);
  g_free (dconf_dir);

  return status;
}
