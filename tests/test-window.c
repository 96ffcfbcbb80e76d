/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dnevnik-application.h"
#include "dnevnik-window.h"
#include "dnevnik-test-ui.h"

static const char *page_names[] = { "diary", "library", "portfolio", "help" };
static const char *page_titles_ru[] = { "Дневник", "Библиотека", "Портфолио учащегося", "Справка" };

/* One registered application for the whole test program, as in the app. */
static DnevnikApplication *app;

static void
create_app (void)
{
  g_autoptr(GError) error = NULL;

  app = dnevnik_application_new ();
  /* Each test program has a bus of its own; never forward to another instance. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
}

static gboolean
window_is_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data) && gtk_widget_get_width (user_data) > 0;
}

static gboolean
page_is_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data);
}

static void
test_navigation_ru (void)
{
  DnevnikWindow *window = dnevnik_window_new (app);
  AdwViewStack *stack;
  GtkWidget *sferum_button;
  g_autoptr(GtkSelectionModel) pages = NULL;
  g_autofree char *png = NULL;

  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (dnevnik_test_ui_wait_for (window_is_mapped, window, 10000));

  stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), DNEVNIK_TYPE_WINDOW, "view_stack"));
  pages = adw_view_stack_get_pages (stack);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pages)), ==, G_N_ELEMENTS (page_titles_ru));

  for (guint i = 0; i < G_N_ELEMENTS (page_titles_ru); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkWidget *label;

      g_assert_cmpstr (adw_view_stack_page_get_name (page), ==, page_names[i]);
      g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, page_titles_ru[i]);

      /* What a person sees: the navigation bar shows the label. */
      label = dnevnik_test_ui_find_label (GTK_WIDGET (window), page_titles_ru[i]);
      g_assert_nonnull (label);
      g_assert_true (gtk_widget_get_mapped (label));
    }

  sferum_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), DNEVNIK_TYPE_WINDOW, "sferum_button"));
  g_assert_true (gtk_widget_get_mapped (sferum_button));
  g_assert_nonnull (dnevnik_test_ui_find_label (sferum_button, "Сферум"));

  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    {
      g_autofree char *shot_name = g_strdup_printf ("page-%s-ru", page_names[i]);
      g_autofree char *shot = NULL;
      GtkWidget *child;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", page_names[i]));
      g_assert_cmpstr (dnevnik_window_get_visible_page (window), ==, page_names[i]);
      child = adw_view_stack_get_child_by_name (stack, page_names[i]);
      g_assert_true (dnevnik_test_ui_wait_for (page_is_mapped, child, 5000));
      dnevnik_test_ui_spin (100);
      shot = dnevnik_test_ui_screenshot (GTK_WIDGET (window), shot_name);
      g_test_message ("screenshot: %s", shot);
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "diary"));
  dnevnik_test_ui_spin (200);
  png = dnevnik_test_ui_screenshot (GTK_WIDGET (window), "window-ru");
  g_test_message ("screenshot: %s", png);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_account_actions_need_sign_in (void)
{
  DnevnikWindow *window = dnevnik_window_new (app);
  GtkWidget *sferum_button;

  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (dnevnik_test_ui_wait_for (window_is_mapped, window, 10000));

  /* Nobody has signed in: nothing that needs an account is reachable, and
   * the Sferum button says why. */
  sferum_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), DNEVNIK_TYPE_WINDOW, "sferum_button"));
  g_assert_false (gtk_widget_is_sensitive (sferum_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (sferum_button), ==,
                   "Войдите в дневник, чтобы привязать его к профилю Сферум в МАХ");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_narrow_window (void)
{
  DnevnikWindow *window = dnevnik_window_new (app);
  AdwViewSwitcherBar *bar;
  int min_width, min_height;
  g_autofree char *png = NULL;

  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (dnevnik_test_ui_wait_for (window_is_mapped, window, 10000));
  dnevnik_test_ui_spin (300);

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, min_width, &min_height, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  g_assert_cmpint (min_height, <=, 640);

  /* Narrow: the page switcher moves to the bottom bar. */
  bar = ADW_VIEW_SWITCHER_BAR (gtk_widget_get_template_child (GTK_WIDGET (window), DNEVNIK_TYPE_WINDOW, "switcher_bar"));
  g_assert_true (adw_view_switcher_bar_get_reveal (bar));

  png = dnevnik_test_ui_screenshot (GTK_WIDGET (window), "window-narrow-ru");
  g_test_message ("screenshot: %s", png);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  dnevnik_test_ui_init (&argc, &argv, "ru");

  g_test_add_func ("/window/navigation-ru", test_navigation_ru);
  g_test_add_func ("/window/account-actions-need-sign-in", test_account_actions_need_sign_in);
  g_test_add_func ("/window/narrow", test_narrow_window);

  create_app ();

  return g_test_run ();
}
