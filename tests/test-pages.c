/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include "dnevnik-application.h"
#include "dnevnik-diary-page.h"
#include "dnevnik-library-page.h"
#include "dnevnik-window.h"
#include "dnevnik-test-sandbox.h"
#include "dnevnik-test-ui.h"

/* What DnevnikPage shows while it loads, after a failure and after a
 * retry, on the real pages of a signed-in main window against a real
 * dnevnik-sandbox with faults. */

#define WAIT_MS 20000
#define TODAY "2026-11-25"
#define DIARY_PATH "/api/v1/diary"
#define LIBRARY_PATH "/api/v1/library"

static DnevnikTestSandbox *sandbox;
static DnevnikApplication *app;

static const char *
visible_state (GtkWidget *page)
{
  GObject *stack = gtk_widget_get_template_child (page, DNEVNIK_TYPE_PAGE, "stack");

  g_assert_nonnull (stack);
  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static GObject *
page_child (GtkWidget  *page,
            const char *name)
{
  GObject *object = gtk_widget_get_template_child (page, DNEVNIK_TYPE_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static gboolean
not_loading (gpointer user_data)
{
  return !dnevnik_page_get_loading (user_data);
}

static gboolean
shows_content (gpointer user_data)
{
  return !dnevnik_page_get_loading (user_data) &&
         g_strcmp0 (visible_state (user_data), "content") == 0;
}

static void
on_load_failed_cb (DnevnikPage  *page,
                   const GError *error,
                   GError      **last)
{
  g_clear_error (last);
  *last = g_error_copy (error);
}

/* Weeks of the summer holidays: far from the offline copy of the school
 * year, so that nothing of them can be shown before the server answers.
 * Each load prefetches the weeks on either side: the weeks used here are
 * further apart than that. */
static void
show_summer_week (DnevnikDiaryPage *page,
                  GDateDay          day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, G_DATE_JULY, 2027);
  dnevnik_diary_page_show_week (page, &date);
}

static void
test_diary_failure_and_retry (void)
{
  DnevnikWindow *window = dnevnik_test_ui_open_main_window (app, 1000, 760);
  g_autoptr(GError) failure = NULL;
  GtkWidget *page;
  GtkWidget *retry;

  dnevnik_test_ui_sign_in (window, "ivan");
  dnevnik_test_ui_visit_pages (window, NULL);
  page = dnevnik_window_get_page (window, "diary");
  g_signal_connect (page, "load-failed", G_CALLBACK (on_load_failed_cb), &failure);
  retry = GTK_WIDGET (page_child (page, "retry_button"));

  /* While the server thinks: the spinner, spinning. */
  dnevnik_test_sandbox_add_fault (sandbox, "GET", DIARY_PATH, "delay", 1, 1000);
  show_summer_week (DNEVNIK_DIARY_PAGE (page), 7);
  g_assert_true (dnevnik_page_get_loading (DNEVNIK_PAGE (page)));
  g_assert_cmpstr (visible_state (page), ==, "loading");
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (page_child (page, "spinner"))));
  g_assert_true (dnevnik_test_ui_wait_for (not_loading, page, WAIT_MS));
  g_assert_no_error (failure);
  g_assert_cmpstr (visible_state (page), ==, "content");
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (page_child (page, "spinner"))));

  /* The server fails and nothing of the week is there: the status page,
   * with the reason and a Retry button… */
  dnevnik_test_sandbox_add_fault (sandbox, "GET", DIARY_PATH, "error500", 10, 0);
  show_summer_week (DNEVNIK_DIARY_PAGE (page), 28);
  g_assert_true (dnevnik_test_ui_wait_for (not_loading, page, WAIT_MS));
  g_assert_nonnull (failure);
  g_assert_cmpstr (visible_state (page), ==, "status");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page_child (page, "status_page"))), ==,
                   "The Diary Could Not Be Loaded");
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (page_child (page, "status_page"))), ==,
                   failure->message);
  g_assert_true (gtk_widget_get_mapped (retry));
  g_assert_nonnull (dnevnik_test_ui_find_label (retry, "Retry"));

  /* …which loads the week again once the server is back. */
  dnevnik_test_sandbox_clear_faults (sandbox);
  g_clear_error (&failure);
  g_assert_true (gtk_widget_activate (retry));
  g_assert_true (dnevnik_test_ui_wait_for (shows_content, page, WAIT_MS));
  g_assert_no_error (failure);

  g_signal_handlers_disconnect_by_data (page, &failure);
  dnevnik_test_ui_sign_out (window);
  dnevnik_test_ui_close_main_window (window);
}

/* A failed reload of a library that is shown keeps it on screen: the
 * window says that it is offline, the page does not go blank. */
static void
test_library_failure_keeps_content (void)
{
  DnevnikWindow *window = dnevnik_test_ui_open_main_window (app, 1000, 760);
  g_autoptr(GError) failure = NULL;
  GtkWidget *page;

  dnevnik_test_ui_sign_in (window, "ivan");
  dnevnik_test_ui_visit_pages (window, NULL);
  page = dnevnik_window_get_page (window, "library");
  g_assert_cmpstr (visible_state (page), ==, "content");
  g_signal_connect (page, "load-failed", G_CALLBACK (on_load_failed_cb), &failure);

  dnevnik_test_sandbox_add_fault (sandbox, "GET", LIBRARY_PATH, "error500", 10, 0);
  g_assert_true (gtk_widget_activate_action (page, "page.reload", NULL));
  g_assert_true (dnevnik_page_get_loading (DNEVNIK_PAGE (page)));
  g_assert_cmpstr (visible_state (page), ==, "content");
  g_assert_true (dnevnik_test_ui_wait_for (not_loading, page, WAIT_MS));
  g_assert_nonnull (failure);
  g_assert_cmpstr (visible_state (page), ==, "content");
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_library_page_get_items (DNEVNIK_LIBRARY_PAGE (page))), ==, 11);
  /* The library has no Retry of its own: the window's offline bar has. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (page_child (page, "retry_button"))));
  dnevnik_test_sandbox_clear_faults (sandbox);

  g_signal_handlers_disconnect_by_data (page, &failure);
  dnevnik_test_ui_sign_out (window);
  dnevnik_test_ui_close_main_window (window);
}

int
main (int   argc,
      char *argv[])
{
  dnevnik_test_ui_init (&argc, &argv, NULL);

  sandbox = dnevnik_test_sandbox_new ("--today=" TODAY, NULL);
  app = dnevnik_test_ui_application_new (sandbox);

  g_test_add_func ("/pages/diary-failure-and-retry", test_diary_failure_and_retry);
  g_test_add_func ("/pages/library-failure-keeps-content", test_library_failure_keeps_content);

  return dnevnik_test_ui_run (&app, &sandbox);
}
