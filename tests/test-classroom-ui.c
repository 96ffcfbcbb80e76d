/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include "dnevnik-link-wizard.h"
#include "dnevnik-notify.h"
#include "dnevnik-test-service.h"
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

static void
on_notice_cb (DnevnikContext *context,
              const char     *message,
              char          **out)
{
  g_free (*out);
  *out = g_strdup (message);
}

static gboolean
window_mode_is_sign_in (gpointer user_data)
{
  DnevnikWindow *window = user_data;

  return g_strcmp0 (dnevnik_window_get_mode (window), "sign-in") == 0 &&
         dnevnik_context_get_service (dnevnik_window_get_context (window)) != NULL;
}

/* Whether the open account menu shows «Сбросить учебные данные», as a
 * student would see it: a hidden item has no widget at all. */
static gboolean
reset_offered (gpointer user_data)
{
  return dnevnik_test_ui_find_label (user_data, "Сбросить учебные данные") != NULL;
}

static gboolean
reset_not_offered (gpointer user_data)
{
  return !reset_offered (user_data);
}

/* «Сбросить учебные данные»: says when it is done, and an administrator
 * can take it out of the students' menu. */
static void
test_training_reset (void)
{
  g_autoptr(DnevnikApplication) app = dnevnik_application_new_for_testing (NULL);
  DnevnikContext *context;
  GSettings *settings;
  DnevnikWindow *window;
  GtkMenuButton *button;
  GtkWidget *popover;
  GtkWindow *about;
  g_autofree char *notice = NULL;
  g_autoptr(GError) error = NULL;

  g_application_set_application_id (G_APPLICATION (app), "io.github.dnevnik.Dnevnik.ClassroomTest");
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  context = dnevnik_application_get_context (app);
  settings = dnevnik_context_get_settings (context);

  window = dnevnik_window_new (GTK_APPLICATION (app), context);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (dnevnik_test_ui_wait_for (window_mode_is_sign_in, window, WAIT_MS));
  g_assert_true (dnevnik_context_get_training_mode (context));

  button = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (window), DNEVNIK_TYPE_WINDOW,
                                                          "account_button"));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  gtk_menu_button_popup (button);
  g_assert_true (dnevnik_test_ui_wait_for (reset_offered, popover, WAIT_MS));
  g_settings_set_boolean (settings, "allow-training-reset", FALSE);
  g_assert_true (dnevnik_test_ui_wait_for (reset_not_offered, popover, WAIT_MS));
  g_settings_reset (settings, "allow-training-reset");
  g_assert_true (dnevnik_test_ui_wait_for (reset_offered, popover, WAIT_MS));
  gtk_menu_button_popdown (button);

  /* About: the app's icon even from the build tree, and the window has
   * the menu item's name. */
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                          "io.github.dnevnik.Dnevnik"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = dnevnik_test_ui_wait_for_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (gtk_window_get_title (about), ==, "О приложении");
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==, "io.github.dnevnik.Dnevnik");
  {
    g_autofree char *shot = dnevnik_test_ui_screenshot (GTK_WIDGET (about), "about-ru");
  }
  gtk_window_destroy (about);

  g_signal_connect (context, "notice", G_CALLBACK (on_notice_cb), &notice);
  dnevnik_context_reset_training_data (context);
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_is_true, &notice, WAIT_MS));
  g_assert_cmpstr (notice, ==, "Учебные данные сброшены: у всех учебных учеников снова исходные дневники.");
  g_assert_true (dnevnik_test_ui_wait_for (window_mode_is_sign_in, window, WAIT_MS));
  g_signal_handlers_disconnect_by_data (context, &notice);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  dnevnik_context_stop_backend (context);
}

static gboolean
window_mode_is_content (gpointer user_data)
{
  return g_strcmp0 (dnevnik_window_get_mode (user_data), "content") == 0;
}

/* Screenshots of @window at @width × 640 (and its minimum width, which
 * must let it go down to 360 px) */
static void
shoot_at (GtkWindow  *window,
          int         width,
          const char *name)
{
  gtk_window_set_default_size (window, width, 640);
  dnevnik_test_ui_screenshot_after (GTK_WIDGET (window), name, 600);
}

static int
min_width (GtkWidget *widget)
{
  int width;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL, NULL);
  return width;
}

/* A school computer's window at phone width: the main window and the
 * sign-in form go down to 360 × 640 in both languages, with the title
 * bar drawn as GNOME draws it. */
static void
test_narrow (gconstpointer data)
{
  const char *language = data;
  g_autofree char *locale = g_strdup (setlocale (LC_ALL, NULL));
  g_autoptr(DnevnikApplication) app = dnevnik_application_new_for_testing (NULL);
  g_autofree char *id = g_strdup_printf ("io.github.dnevnik.Dnevnik.Narrow_%s", language);
  GtkSettings *gtk_settings = gtk_settings_get_default ();
  DnevnikContext *context;
  DnevnikWindow *window;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GtkLabel *pill;
  int dpi;

  /* A new language needs a new locale: gettext keeps its translations per
   * locale. */
  g_setenv ("LANGUAGE", language, TRUE);
  setlocale (LC_ALL, g_str_equal (language, "ru") ? locale : "C.UTF-8");
  g_object_set (gtk_settings, "gtk-decoration-layout", ":close", NULL);
  g_application_set_application_id (G_APPLICATION (app), id);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  context = dnevnik_application_get_context (app);

  window = dnevnik_window_new (GTK_APPLICATION (app), context);
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (dnevnik_test_ui_wait_for (window_mode_is_sign_in, window, WAIT_MS));
  name = g_strdup_printf ("classroom-sign-in-360-%s", language);
  shoot_at (GTK_WINDOW (window), 360, name);
  g_assert_cmpint (min_width (GTK_WIDGET (window)), <=, 360);

  g_assert_true (dnevnik_test_service_sign_in (dnevnik_context_get_service (context), "ivan", "dnevnik", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_test_ui_wait_for (window_mode_is_content, window, WAIT_MS));
  dnevnik_test_ui_spin (1500);
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("classroom-diary-360-%s", language);
  shoot_at (GTK_WINDOW (window), 360, name);
  g_assert_cmpint (min_width (GTK_WIDGET (window)), <=, 360);
  /* Narrow, the training pill is the one thing cut, and it still says it
   * all to a pointer and a screen reader. */
  pill = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (window), DNEVNIK_TYPE_WINDOW, "training_label"));
  g_assert_true (pango_layout_is_ellipsized (gtk_label_get_layout (pill)));
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (pill)));
  g_assert_cmpstr (gtk_label_get_text (pill), ==, g_str_equal (language, "ru") ? "Учебный режим" : "Training");
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("classroom-diary-960-%s", language);
  shoot_at (GTK_WINDOW (window), 960, name);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (pill)));

  /* The linking wizard at 360 × 640: «Перейти к подключению» is on
   * screen, not below the fold. */
  {
    GtkWindow *wizard;
    GtkWidget *intro_button;
    graphene_rect_t bounds;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sferum", NULL));
    wizard = dnevnik_test_ui_wait_for_toplevel (DNEVNIK_TYPE_LINK_WIZARD);
    gtk_window_set_default_size (wizard, 360, 640);
    g_clear_pointer (&name, g_free);
    name = g_strdup_printf ("classroom-wizard-intro-360-%s", language);
    shoot_at (wizard, 360, name);
    intro_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (wizard), DNEVNIK_TYPE_LINK_WIZARD,
                                                              "intro_button"));
    g_assert_true (gtk_widget_compute_bounds (intro_button, GTK_WIDGET (wizard), &bounds));
    g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (wizard)));
    g_assert_cmpint (min_width (GTK_WIDGET (wizard)), <=, 360);
    gtk_window_destroy (wizard);
  }

  /* «Мой паспорт» at 360 × 640 too. */
  {
    GtkWindow *passport;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.passport", NULL));
    passport = dnevnik_test_ui_wait_for_toplevel (DNEVNIK_TYPE_PASSPORT_WINDOW);
    g_clear_pointer (&name, g_free);
    name = g_strdup_printf ("classroom-passport-360-%s", language);
    shoot_at (passport, 360, name);
    g_assert_cmpint (min_width (GTK_WIDGET (passport)), <=, 360);
    gtk_window_destroy (passport);
  }

  /* Large text (1.5×), as a student with weak eyes sets it. */
  g_object_get (gtk_settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (gtk_settings, "gtk-xft-dpi", 96 * 1024 * 3 / 2, NULL);
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("classroom-diary-960-large-text-%s", language);
  shoot_at (GTK_WINDOW (window), 960, name);
  g_object_set (gtk_settings, "gtk-xft-dpi", dpi, NULL);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  dnevnik_context_stop_backend (context);
  g_setenv ("LANGUAGE", "ru", TRUE);
  setlocale (LC_ALL, locale);
}

int
main (int   argc,
      char *argv[])
{
  dnevnik_test_ui_init (&argc, &argv, "ru");

  g_test_add_func ("/classroom/no-notification-server", test_no_notification_server);
  g_test_add_func ("/classroom/training-reset", test_training_reset);
  g_test_add_data_func ("/classroom/narrow/ru", "ru", test_narrow);
  g_test_add_data_func ("/classroom/narrow/en", "en", test_narrow);

  return g_test_run ();
}
