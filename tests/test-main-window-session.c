/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <json-glib/json-glib.h>

#include "dnevnik-link-wizard.h"
#include "dnevnik-qr-dialog.h"
#include "dnevnik-test-main-window.h"
#include "dnevnik-test-service.h"

/* The main window and a student's session: a linked account (the Сферум
 * button opens the profile, «Открыть на телефоне» its QR code), idle
 * sign-out, and the training server's life with the app.
 */

static gboolean
file_has_line (gpointer user_data)
{
  const char **args = user_data;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (args[0], &contents, NULL, NULL))
    return FALSE;

  lines = g_strsplit (contents, "\n", -1);
  return g_strv_contains ((const char * const *) lines, args[1]);
}

static void
test_sferum_linked (void)
{
  g_autofree char *received = NULL;
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "maria", NULL);
  g_autoptr(JsonNode) link = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/sferum/link", token, NULL, 200);
  const char *profile_url = json_object_get_string_member (json_node_get_object (link), "profile_url");
  g_autofree char *shot = NULL;
  DnevnikService *service;
  GtkWidget *menu_button;
  GtkPopover *popover;
  GtkWindow *qr;
  g_autoptr(GError) error = NULL;
  const char *args[2];

  dnevnik_test_ui_assert_stays_local (profile_url);

  received = dnevnik_test_ui_install_uri_handler ();
  dnevnik_test_main_window_open ();
  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "sign-in", WAIT_MS));
  /* The first window starts the back end: the service is there now. */
  service = dnevnik_context_get_service (dnevnik_application_get_context (app));
  g_assert_true (dnevnik_test_service_sign_in (service, "maria", "dnevnik", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "content", WAIT_MS));

  /* The window learns that мария is linked by itself; then the menu beside
   * the Сферум button offers her phone too. */
  menu_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), DNEVNIK_TYPE_WINDOW, "sferum_menu_button"));
  g_assert_true (dnevnik_test_ui_wait_for (widget_visible, menu_button, WAIT_MS));

  /* The Сферум button opens exactly the server's profile_url with the
   * system's handler. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sferum", NULL));
  args[0] = received;
  args[1] = profile_url;
  g_assert_true (dnevnik_test_ui_wait_for (file_has_line, args, WAIT_MS));
  g_assert_null (find_toplevel (DNEVNIK_TYPE_LINK_WIZARD));

  /* «Открыть на телефоне» in the menu beside it. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button));
  g_assert_true (dnevnik_test_ui_wait_for (widget_visible, popover, WAIT_MS));
  dnevnik_test_ui_spin (300);
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (popover), "Открыть на телефоне"));
  shot = dnevnik_test_ui_screenshot (GTK_WIDGET (popover), "main-sferum-menu-ru");
  g_test_message ("screenshot: %s", shot);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sferum-phone", NULL));
  qr = dnevnik_test_ui_wait_for_toplevel (DNEVNIK_TYPE_QR_DIALOG);
  g_assert_cmpstr (dnevnik_qr_dialog_get_url (DNEVNIK_QR_DIALOG (qr)), ==, profile_url);
  dnevnik_test_ui_assert_stays_local (dnevnik_qr_dialog_get_text (DNEVNIK_QR_DIALOG (qr)));
  close_toplevel (qr);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "sign-in", WAIT_MS));
  g_assert_false (gtk_widget_get_visible (menu_button));

  dnevnik_test_main_window_close ();
}

static void
on_notice_cb (DnevnikContext  *context,
              const char      *message,
              char           **out)
{
  g_free (*out);
  *out = g_strdup (message);
}

static void
test_idle_sign_out (void)
{
  DnevnikService *service = dnevnik_context_get_service (dnevnik_application_get_context (app));
  GSettings *settings = dnevnik_context_get_settings (dnevnik_application_get_context (app));
  DnevnikIdleMonitor *monitor = dnevnik_application_get_idle_monitor (app);
  g_autofree char *notice = NULL;
  g_autoptr(GError) error = NULL;
  gulong handler;

  /* The setting drives the monitor in minutes… */
  g_settings_set_uint (settings, "idle-sign-out-minutes", 2);
  g_assert_cmpuint (dnevnik_idle_monitor_get_interval (monitor), ==, 120);

  window = dnevnik_window_new (GTK_APPLICATION (app), dnevnik_application_get_context (app));
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "sign-in", WAIT_MS));
  g_assert_true (dnevnik_test_service_sign_in (service, "ivan", "dnevnik", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "content", WAIT_MS));

  /* …and a test does not wait minutes: one second without input to any of
   * the app's windows signs the student out, and says why. */
  handler = g_signal_connect (dnevnik_application_get_context (app), "notice", G_CALLBACK (on_notice_cb), &notice);
  dnevnik_window_show_page (window, "library");
  dnevnik_idle_monitor_set_interval (monitor, 1);
  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "sign-in", WAIT_MS));
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
  g_assert_cmpstr (notice, ==, "Вы не пользовались дневником 2 минуты, поэтому выход выполнен автоматически.");
  g_assert_null (dnevnik_window_get_page (window, "diary"));
  /* The next student starts on the Diary page, not where this one was. */
  g_assert_cmpstr (dnevnik_window_get_visible_page (window), ==, "diary");

  g_signal_handler_disconnect (dnevnik_application_get_context (app), handler);
  g_settings_reset (settings, "idle-sign-out-minutes");
  g_assert_cmpuint (dnevnik_idle_monitor_get_interval (monitor), ==, 0);

  dnevnik_test_main_window_close ();
}

typedef struct
{
  DnevnikApplication *app;
  GPid                pid;
  gboolean            training_label_shown;
  gboolean            demo_logins_shown;
} TrainingRun;

static gboolean
check_training_and_quit (gpointer user_data)
{
  TrainingRun *run = user_data;
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (run->app));

  if (active == NULL || dnevnik_context_get_service (dnevnik_application_get_context (run->app)) == NULL ||
      g_strcmp0 (dnevnik_window_get_mode (DNEVNIK_WINDOW (active)), "sign-in") != 0)
    return G_SOURCE_CONTINUE;

  run->pid = dnevnik_context_get_sandbox_pid (dnevnik_application_get_context (run->app));
  run->training_label_shown = dnevnik_test_ui_find_label (GTK_WIDGET (active), "Учебный режим") != NULL;
  run->demo_logins_shown = dnevnik_test_ui_find_label (GTK_WIDGET (active),
                                                       "Учебные учётные записи: ivan, maria, olga — пароль dnevnik") != NULL;
  g_assert_cmpint (kill (run->pid, 0), ==, 0);
  g_application_quit (G_APPLICATION (run->app));

  return G_SOURCE_REMOVE;
}

static gboolean
process_gone (gpointer user_data)
{
  return kill (GPOINTER_TO_INT (user_data), 0) != 0 && errno == ESRCH;
}

static void
test_training_mode_lifecycle (void)
{
  TrainingRun run = { 0 };
  char *app_argv[] = { (char *) "dnevnik", NULL };
  int status;

  /* The app as a new user starts it: nothing configured, so training mode. */
  run.app = dnevnik_application_new_for_testing (NULL);
  /* The first application of this process holds the app id's object path
   * on the test's bus; a second one needs a path of its own. */
  g_application_set_application_id (G_APPLICATION (run.app), APP_ID ".TrainingTest");
  g_timeout_add (50, check_training_and_quit, &run);
  status = g_application_run (G_APPLICATION (run.app), 1, app_argv);
  g_assert_cmpint (status, ==, 0);

  g_assert_cmpint (run.pid, >, 0);
  g_assert_true (run.training_label_shown);
  g_assert_true (run.demo_logins_shown);

  /* The training server does not outlive the app. */
  g_assert_true (dnevnik_test_ui_wait_for (process_gone, GINT_TO_POINTER (run.pid), WAIT_MS));

  g_object_unref (run.app);
}

int
main (int   argc,
      char *argv[])
{
  dnevnik_test_main_window_init (&argc, &argv);

  g_test_add_func ("/main-window/sferum-linked", test_sferum_linked);
  g_test_add_func ("/main-window/idle-sign-out", test_idle_sign_out);
  g_test_add_func ("/main-window/training-mode-lifecycle", test_training_mode_lifecycle);

  return dnevnik_test_main_window_run ();
}
