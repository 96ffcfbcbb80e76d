/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include "dnevnik-application.h"
#include "dnevnik-window.h"
#include "dnevnik-test-sandbox.h"
#include "dnevnik-test-service.h"
#include "dnevnik-test-ui.h"

static const char *page_names[] = { "diary", "library", "portfolio", "help" };
static const char *page_titles_ru[] = { "Дневник", "Библиотека", "Портфолио учащегося", "Справка" };

/* One registered application for the whole test program, as in the app,
 * on a sandbox of its own. */
static DnevnikApplication *app;
static DnevnikTestSandbox *sandbox;

static gboolean
service_is_ready (gpointer user_data)
{
  DnevnikService *service = dnevnik_context_get_service (dnevnik_application_get_context (app));

  return service != NULL && dnevnik_service_get_state (service) == DNEVNIK_SERVICE_STATE_READY;
}

/* The app tries to restore a remembered session first; wait for it to settle. */
static gboolean
service_settled (gpointer user_data)
{
  DnevnikService *service = dnevnik_context_get_service (dnevnik_application_get_context (app));

  return service != NULL && dnevnik_service_get_state (service) != DNEVNIK_SERVICE_STATE_SIGNING_IN;
}

static gboolean
is_signed_out (gpointer user_data)
{
  DnevnikService *service = dnevnik_context_get_service (dnevnik_application_get_context (app));

  return service != NULL && dnevnik_service_get_state (service) == DNEVNIK_SERVICE_STATE_SIGNED_OUT;
}

/* The navigation bar belongs to a signed-in student. */
static void
sign_in (void)
{
  DnevnikService *service;

  g_assert_true (dnevnik_test_ui_wait_for (service_settled, NULL, 10000));
  service = dnevnik_context_get_service (dnevnik_application_get_context (app));
  if (dnevnik_service_get_state (service) == DNEVNIK_SERVICE_STATE_SIGNED_OUT)
    {
      g_autoptr(GError) error = NULL;

      dnevnik_test_service_sign_in (service, "maria", "dnevnik", FALSE, &error);
      g_assert_no_error (error);
    }
  g_assert_true (dnevnik_test_ui_wait_for (service_is_ready, NULL, 20000));
}

/* A new main window of @width × @height (the default size if 0), shown. */
static DnevnikWindow *
present_window (int width,
                int height)
{
  DnevnikWindow *window = dnevnik_window_new (GTK_APPLICATION (app), dnevnik_application_get_context (app));

  if (width > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_widget_is_shown, window, 10000));

  return window;
}

/* A label of a view switcher showing @text, on screen (a widget below an
 * unmapped one is never mapped). */
static gboolean
is_mapped_switcher_label (GtkWidget *widget,
                          gpointer   text)
{
  return gtk_widget_get_mapped (widget) && GTK_IS_LABEL (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0 &&
         gtk_widget_get_ancestor (widget, ADW_TYPE_VIEW_SWITCHER) != NULL;
}

typedef struct
{
  GtkWidget  *window;
  const char *title;
} SwitcherWait;

static gboolean
switcher_label_shown (gpointer user_data)
{
  SwitcherWait *wait = user_data;

  return dnevnik_test_ui_find_widget (wait->window, is_mapped_switcher_label, (gpointer) wait->title) != NULL;
}

static gboolean
page_is_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data);
}

static void
test_navigation_ru (void)
{
  DnevnikWindow *window = present_window (1000, 700);
  AdwViewStack *stack;
  GtkWidget *sferum_button;
  g_autoptr(GtkSelectionModel) pages = NULL;
  g_autofree char *png = NULL;

  sign_in ();
  dnevnik_test_ui_spin (200);

  stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), DNEVNIK_TYPE_WINDOW, "view_stack"));
  pages = adw_view_stack_get_pages (stack);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pages)), ==, G_N_ELEMENTS (page_titles_ru));

  for (guint i = 0; i < G_N_ELEMENTS (page_titles_ru); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      SwitcherWait wait = { GTK_WIDGET (window), page_titles_ru[i] };

      g_assert_cmpstr (adw_view_stack_page_get_name (page), ==, page_names[i]);
      g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, page_titles_ru[i]);

      /* What a person sees: a view switcher shows the label (the window's
       * title is «Дневник» too, so only labels in a switcher count).  The
       * switchers are set up when the navigation bar first shows, and laid
       * out in a frame to come: on a slow machine, wait for it. */
      g_assert_true (dnevnik_test_ui_wait_for (switcher_label_shown, &wait, 5000));
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

  dnevnik_test_ui_close_main_window (window);
}

static gboolean
sferum_says_open (gpointer user_data)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (user_data), "Открыть учебный профиль Сферум в МАХ") == 0;
}

static void
test_account_actions_need_sign_in (void)
{
  DnevnikWindow *window = present_window (0, 0);
  GtkWidget *sferum_button;

  sferum_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), DNEVNIK_TYPE_WINDOW, "sferum_button"));

  /* Signed in: the Sferum button and «Мой паспорт» work; мария is linked,
   * so once the window knows it, the button says it opens her profile. */
  sign_in ();
  g_assert_true (dnevnik_test_ui_wait_for (sferum_says_open, sferum_button, 10000));
  g_assert_true (gtk_widget_is_sensitive (sferum_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (sferum_button), ==, "Открыть учебный профиль Сферум в МАХ");

  /* Signed out: nothing that needs an account is reachable, and the Sferum
   * button says why. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (is_signed_out, NULL, 10000));
  dnevnik_test_ui_spin (100);
  g_assert_false (gtk_widget_is_sensitive (sferum_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (sferum_button), ==,
                   "Войдите в дневник, чтобы привязать его к профилю Сферум в МАХ");
  g_assert_cmpstr (dnevnik_window_get_mode (window), ==, "sign-in");

  dnevnik_test_ui_close_main_window (window);
}

static void
test_narrow_window (void)
{
  DnevnikWindow *window = present_window (360, 640);
  AdwViewSwitcherBar *bar;
  int min_width, min_height;
  g_autofree char *png = NULL;

  sign_in ();
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

  dnevnik_test_ui_close_main_window (window);
}

int
main (int   argc,
      char *argv[])
{
  dnevnik_test_ui_init (&argc, &argv, "ru");

  g_test_add_func ("/window/navigation-ru", test_navigation_ru);
  g_test_add_func ("/window/account-actions-need-sign-in", test_account_actions_need_sign_in);
  g_test_add_func ("/window/narrow", test_narrow_window);

  sandbox = dnevnik_test_sandbox_newv (NULL);
  app = dnevnik_test_ui_application_new (sandbox);

  return dnevnik_test_ui_run (&app, &sandbox);
}
