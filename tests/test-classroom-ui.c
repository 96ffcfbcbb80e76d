/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "dnevnik-notify.h"
#include "dnevnik-test-ui.h"

#define WAIT_MS 10000

/* A classroom's desktops, as they are: no notification server. */

static gboolean
notify_known (gpointer user_data)
{
  return dnevnik_notify_get_availability () != DNEVNIK_NOTIFY_UNKNOWN;
}

/* The private bus of the test has no notification server: sending one
 * must say nothing on the terminal (fatal-warnings would stop here). */
static void
test_no_notification_server (void)
{
  g_autoptr(GApplication) application = g_application_new ("io.github.dnevnik.ClassroomTest",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autoptr(GNotification) notification = g_notification_new ("SMS from Sferum");
  g_autoptr(GError) error = NULL;

  g_assert_true (g_application_register (application, NULL, &error));
  g_assert_no_error (error);

  dnevnik_notify_send (application, "sms", notification);
  g_assert_true (dnevnik_test_ui_wait_for (notify_known, NULL, WAIT_MS));
  g_assert_cmpint (dnevnik_notify_get_availability (), ==, DNEVNIK_NOTIFY_MISSING);

  /* Known now: the next one is dropped at once, still without a word. */
  dnevnik_notify_send (application, "sms", notification);
  dnevnik_test_ui_spin (500);
}

int
main (int   argc,
      char *argv[])
{
  dnevnik_test_ui_init (&argc, &argv, "ru");

  g_test_add_func ("/classroom/no-notification-server", test_no_notification_server);

  return g_test_run ();
}
