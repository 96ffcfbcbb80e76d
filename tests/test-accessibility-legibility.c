/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-application.h"
#include "dnevnik-passport-window.h"
#include "dnevnik-window.h"
#include "dnevnik-test-sandbox.h"
#include "dnevnik-test-ui.h"

/* Legibility, against a real dnevnik-sandbox: the main window, the linking
 * wizard and «Мой паспорт» at 1.5× text size and in high contrast, in
 * Russian (the longer words).  The pages stay reachable and the window
 * fits a small school laptop; the screenshots are for a person to look at
 * ($DNEVNIK_BUILD_ROOT/screenshots/a11y-*.png).
 *
 * The tests run in order and share one application and one server.
 */

#define WAIT_MS 20000
#define TODAY "2026-11-25"

static DnevnikTestSandbox *sandbox;
static DnevnikApplication *app;

static void
set_high_contrast (gboolean high_contrast)
{
  g_autoptr(GSettings) a11y = g_settings_new ("org.gnome.desktop.a11y.interface");

  /* libadwaita 1.2 takes high contrast from the settings portal, or
   * without one from this key (not from gtk-theme-name set in-process). */
  g_settings_set_boolean (a11y, "high-contrast", high_contrast);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpint (adw_style_manager_get_high_contrast (adw_style_manager_get_default ()), ==, high_contrast);
}

static void
set_text_scale (double scale)
{
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", (int) (96 * 1024 * scale), NULL);
}

/* The pages stay reachable: when the switcher does not fit in the header
 * bar, the bar at the bottom takes over. */
static void
assert_pages_reachable (DnevnikWindow *window)
{
  GObject *title = gtk_widget_get_template_child (GTK_WIDGET (window), DNEVNIK_TYPE_WINDOW, "switcher_title");
  GObject *bar = gtk_widget_get_template_child (GTK_WIDGET (window), DNEVNIK_TYPE_WINDOW, "switcher_bar");
  gboolean in_header;
  gboolean at_bottom;

  g_assert_nonnull (title);
  g_assert_nonnull (bar);
  in_header = !adw_view_switcher_title_get_title_visible (ADW_VIEW_SWITCHER_TITLE (title));
  at_bottom = adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar));
  g_test_message ("page switcher in the header bar: %d, at the bottom: %d", in_header, at_bottom);
  g_assert_true (in_header || at_bottom);
}

static void
legibility_screenshots (const char *prefix)
{
  DnevnikWindow *window;
  DnevnikPassportWindow *passport;
  g_autofree char *diary = g_strconcat (prefix, "-diary", NULL);
  g_autofree char *security = g_strconcat (prefix, "-passport-security", NULL);
  int minimum = 0;

  window = dnevnik_test_ui_open_main_window (app, 1000, 760);
  dnevnik_test_ui_sign_in (window, "ivan");
  dnevnik_test_ui_visit_pages (window, NULL);
  dnevnik_test_ui_screenshot_settled (GTK_WIDGET (window), diary);
  assert_pages_reachable (window);

  /* The window still fits a small school laptop screen. */
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_test_message ("%s: main window minimum width %d", prefix, minimum);
  g_assert_cmpint (minimum, <=, 1000);

  dnevnik_test_ui_link_through_wizard (app, sandbox, window, prefix, NULL);

  passport = dnevnik_test_ui_open_passport (window);
  gtk_window_set_default_size (GTK_WINDOW (passport), 480, 760);
  dnevnik_passport_window_show_security (passport);
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_passport_idle, passport, WAIT_MS));
  dnevnik_test_ui_screenshot_settled (GTK_WIDGET (passport), security);
  dnevnik_test_ui_close_toplevel (GTK_WINDOW (passport));

  dnevnik_test_ui_unlink_on_server (sandbox);
  dnevnik_test_ui_sign_out (window);
  dnevnik_test_ui_close_main_window (window);
}

static void
test_large_text (void)
{
  dnevnik_test_ui_use_language ("ru");
  set_text_scale (1.5);
  legibility_screenshots ("a11y-large-text-ru");
  set_text_scale (1.0);
}

static void
test_high_contrast (void)
{
  dnevnik_test_ui_use_language ("ru");
  set_high_contrast (TRUE);
  legibility_screenshots ("a11y-high-contrast-ru");
  set_high_contrast (FALSE);
}

int
main (int   argc,
      char *argv[])
{
  dnevnik_test_ui_init (&argc, &argv, "ru");
  /* The first translation decides whether GLib translates at all. */
  g_assert_cmpstr (_("Sign In"), !=, "Sign In");

  sandbox = dnevnik_test_sandbox_new ("--today=" TODAY, "--resend-cooldown=0", NULL);
  app = dnevnik_test_ui_application_new (sandbox);

  g_test_add_func ("/accessibility/large-text", test_large_text);
  g_test_add_func ("/accessibility/high-contrast", test_high_contrast);

  return dnevnik_test_ui_run (&app, &sandbox);
}
