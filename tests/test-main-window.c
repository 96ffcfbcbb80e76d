/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <json-glib/json-glib.h>

#include "dnevnik-help-page.h"
#include "dnevnik-library-page.h"
#include "dnevnik-link-wizard.h"
#include "dnevnik-passport-window.h"
#include "dnevnik-portfolio-page.h"
#include "dnevnik-sign-in-page.h"
#include "dnevnik-test-main-window.h"

/* The main window against a real dnevnik-sandbox, in Russian: sign-in,
 * the week, the library's links, the portfolio and Справка, the whole-year
 * sync, offline and retry, «Мой паспорт» and the Сферум button, and size.
 * The tests run in order and share one signed-in student, as a person
 * using the app would.  A restart with the server stopped and sign-out are
 * in test-main-window-offline.c; a linked account, idle sign-out and the
 * training server's life in test-main-window-session.c.
 */

static gboolean
sign_in_settled (gpointer user_data)
{
  DnevnikSignInPage *page = user_data;

  return !dnevnik_sign_in_page_get_busy (page) &&
         (dnevnik_sign_in_page_get_error (page) != NULL || mode_is ((gpointer) "content"));
}

static gboolean
sign_in_accepts_input (gpointer user_data)
{
  return dnevnik_sign_in_page_accepts_input (DNEVNIK_SIGN_IN_PAGE (user_data));
}

static void
test_sign_in (void)
{
  DnevnikSignInPage *page;
  GtkWidget *login_row;
  GtkWidget *password_row;
  GtkWidget *focus;

  dnevnik_test_main_window_open ();

  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "sign-in", WAIT_MS));
  /* Only the visible page is built at start-up, and nothing before sign-in. */
  g_assert_null (dnevnik_window_get_page (window, "diary"));
  g_assert_null (dnevnik_window_get_page (window, "library"));
  g_assert_null (dnevnik_window_get_page (window, "portfolio"));

  page = DNEVNIK_SIGN_IN_PAGE (dnevnik_test_ui_find_by_type (GTK_WIDGET (window), DNEVNIK_TYPE_SIGN_IN_PAGE, 0));
  login_row = dnevnik_test_ui_find_by_type (GTK_WIDGET (page), ADW_TYPE_ENTRY_ROW, 0);
  password_row = dnevnik_test_ui_find_by_type (GTK_WIDGET (page), ADW_TYPE_PASSWORD_ENTRY_ROW, 0);
  g_assert_nonnull (login_row);
  g_assert_nonnull (password_row);
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (page), "Войти"));
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (page), "Запомнить меня"));
  /* The form takes the login at once (what the start-up benchmark waits
   * for): the focus is on it. */
  g_assert_true (dnevnik_test_ui_wait_for (sign_in_accepts_input, page, WAIT_MS));

  /* A wrong password: said in the page, the login kept, focus on the password. */
  gtk_editable_set_text (GTK_EDITABLE (login_row), "ivan");
  gtk_editable_set_text (GTK_EDITABLE (password_row), "wrong-password");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sign-in.sign-in", NULL));
  g_assert_false (dnevnik_sign_in_page_accepts_input (page));
  g_assert_true (dnevnik_test_ui_wait_for (sign_in_settled, page, WAIT_MS));
  g_assert_cmpstr (dnevnik_sign_in_page_get_error (page), ==,
                   dnevnik_service_error_get_message (DNEVNIK_SERVICE_ERROR_INVALID_CREDENTIALS));
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (page), dnevnik_sign_in_page_get_error (page)));
  g_assert_cmpstr (dnevnik_window_get_mode (window), ==, "sign-in");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (login_row)), ==, "ivan");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == password_row || gtk_widget_is_ancestor (focus, password_row));
  g_assert_false (dnevnik_sign_in_page_accepts_input (page));
  screenshot_light_and_dark ("sign-in-error");

  /* The right one: the diary opens. */
  gtk_editable_set_text (GTK_EDITABLE (password_row), "dnevnik");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sign-in.sign-in", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "content", WAIT_MS));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");
  g_assert_cmpstr (dnevnik_window_get_visible_page (window), ==, "diary");
  g_assert_null (dnevnik_window_get_page (window, "library"));
}

static void
assert_week_shown (DnevnikDiaryPage *page,
                   const char       *from,
                   const char       *to)
{
  g_autoptr(JsonNode) reply = fetch_week_directly (from, to);

  assert_week_matches (page, reply);
}

static void
test_diary_week (void)
{
  DnevnikDiaryPage *page = DNEVNIK_DIARY_PAGE (page_when_built ("diary"));
  GDate day;
  char iso[16];

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 25, G_DATE_NOVEMBER, 2026);
  dnevnik_diary_page_show_week (page, &day);
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_diary_loaded, page, WAIT_MS));
  assert_week_shown (page, "2026-11-23", "2026-11-28");

  /* Next week, by its action (Alt+→). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "diary.next-week", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_diary_loaded, page, WAIT_MS));
  g_date_strftime (iso, sizeof iso, "%Y-%m-%d", dnevnik_diary_page_get_monday (page));
  g_assert_cmpstr (iso, ==, "2026-11-30");
  assert_week_shown (page, "2026-11-30", "2026-12-05");

  /* Back two weeks (Alt+←). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "diary.previous-week", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "diary.previous-week", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_diary_loaded, page, WAIT_MS));
  g_date_strftime (iso, sizeof iso, "%Y-%m-%d", dnevnik_diary_page_get_monday (page));
  g_assert_cmpstr (iso, ==, "2026-11-16");
  assert_week_shown (page, "2026-11-16", "2026-11-21");

  dnevnik_diary_page_show_week (page, &day);
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_diary_loaded, page, WAIT_MS));
  screenshot_light_and_dark ("diary");
}

static gboolean
file_has_text (gpointer user_data)
{
  const char **args = user_data;
  g_autofree char *contents = NULL;

  return g_file_get_contents (args[0], &contents, NULL, NULL) && strstr (contents, args[1]) != NULL;
}

static void
test_library_opens_link (void)
{
  g_autofree char *received = NULL;
  g_autoptr(DnevnikLibraryItem) item = NULL;
  DnevnikLibraryPage *page;
  GtkWidget *row;
  const char *args[2];

  /* The real launch path: a handler for https registered the way a browser is. */
  received = dnevnik_test_ui_install_uri_handler ();

  dnevnik_window_show_page (window, "library");
  page = DNEVNIK_LIBRARY_PAGE (page_when_built ("library"));
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_library_loaded, page, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_library_page_get_items (page)), ==, 11);
  screenshot_light_and_dark ("library");

  item = g_list_model_get_item (dnevnik_library_page_get_items (page), 2);
  row = dnevnik_test_ui_find_by_type (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, 2);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   dnevnik_library_item_get_title (item));
  g_signal_emit_by_name (row, "activate");

  args[0] = received;
  args[1] = dnevnik_library_item_get_url (item);
  g_assert_true (g_str_has_prefix (args[1], "https://"));
  g_assert_true (dnevnik_test_ui_wait_for (file_has_text, args, WAIT_MS));
}

static void
test_portfolio_and_help (void)
{
  DnevnikPortfolioPage *page;
  GListModel *achievements;

  dnevnik_window_show_page (window, "portfolio");
  page = DNEVNIK_PORTFOLIO_PAGE (page_when_built ("portfolio"));
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_portfolio_loaded, page, WAIT_MS));
  achievements = dnevnik_portfolio_page_get_achievements (page);
  g_assert_cmpuint (g_list_model_get_n_items (achievements), ==, 8);

  /* Newest first, under a heading per school year. */
  for (guint i = 1; i < g_list_model_get_n_items (achievements); i++)
    {
      g_autoptr(DnevnikAchievement) newer = g_list_model_get_item (achievements, i - 1);
      g_autoptr(DnevnikAchievement) older = g_list_model_get_item (achievements, i);

      g_assert_cmpint (g_date_compare (dnevnik_achievement_get_date (newer),
                                       dnevnik_achievement_get_date (older)), >=, 0);
    }
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (page), "2026/2027 учебный год"));
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (page), "2025/2026 учебный год"));
  screenshot_light_and_dark ("portfolio");

  dnevnik_window_show_page (window, "help");
  page_when_built ("help");
  screenshot_light_and_dark ("help");
  dnevnik_window_show_page (window, "diary");
}

static void
test_school_year_sync (void)
{
  DnevnikService *service = dnevnik_context_get_service (dnevnik_application_get_context (app));

  /* ivan is remembered: signing in started the sync of the school year in
   * the background, once today. */
  g_assert_true (dnevnik_service_get_remembered (service));
  g_assert_true (dnevnik_test_ui_wait_for (school_year_synced, NULL, WAIT_MS * 3));
  g_assert_cmpfloat (dnevnik_service_get_sync_progress (service), ==, 1.0);

  /* Once a day is enough. */
  dnevnik_test_sandbox_reset_counters (sandbox);
  g_assert_false (dnevnik_context_sync_school_year (dnevnik_application_get_context (app), FALSE));
  g_assert_false (dnevnik_context_get_syncing (dnevnik_application_get_context (app)));
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "GET", "/api/v1/diary"), ==, 0);
}

static void
test_offline_and_retry (void)
{
  DnevnikDiaryPage *page = DNEVNIK_DIARY_PAGE (page_when_built ("diary"));

  g_assert_false (dnevnik_window_get_offline (window));

  /* The server drops the connection (libsoup retries a dropped idempotent
   * request once on a kept-alive connection, so more than one drop): the
   * bar says so, the week stays. */
  dnevnik_test_sandbox_add_fault (sandbox, "GET", "/api/v1/diary", "drop", 10, 0);
  dnevnik_diary_page_reload (page);
  g_assert_true (dnevnik_test_ui_wait_for (offline_shown, NULL, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_diary_page_get_days (page)), ==, 6);
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (window), "Повторить"));
  screenshot_light_and_dark ("offline");
  dnevnik_test_sandbox_clear_faults (sandbox);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.retry", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (back_online, page, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_diary_page_get_days (page)), ==, 6);
}

static gboolean
passport_on (gpointer user_data)
{
  GtkWindow *passport = find_toplevel (DNEVNIK_TYPE_PASSPORT_WINDOW);

  return passport != NULL &&
         g_strcmp0 (dnevnik_passport_window_get_page (DNEVNIK_PASSPORT_WINDOW (passport)), user_data) == 0;
}

static void
test_passport_and_help_buttons (void)
{
  DnevnikService *service = dnevnik_context_get_service (dnevnik_application_get_context (app));
  GtkWidget *help;
  GtkWidget *passport_button;
  GtkWidget *link_button;
  GtkWindow *passport;
  GtkWindow *wizard;

  dnevnik_window_show_page (window, "help");
  help = page_when_built ("help");
  passport_button = GTK_WIDGET (gtk_widget_get_template_child (help, DNEVNIK_TYPE_HELP_PAGE, "passport_button"));
  link_button = GTK_WIDGET (gtk_widget_get_template_child (help, DNEVNIK_TYPE_HELP_PAGE, "link_button"));

  /* Signed in, the buttons work and nothing claims they are missing. */
  g_assert_true (gtk_widget_is_sensitive (passport_button));
  g_assert_true (gtk_widget_is_sensitive (link_button));
  g_assert_null (dnevnik_test_ui_find_label (help, "В этой версии Дневника пока недоступно"));

  /* The Справка page's «Мой паспорт» lands on «Безопасность». */
  g_assert_null (find_toplevel (DNEVNIK_TYPE_PASSPORT_WINDOW));
  g_signal_emit_by_name (passport_button, "clicked");
  g_assert_true (dnevnik_test_ui_wait_for (passport_on, (gpointer) "security", WAIT_MS));
  passport = find_toplevel (DNEVNIK_TYPE_PASSPORT_WINDOW);
  g_assert_true (dnevnik_passport_window_get_service (DNEVNIK_PASSPORT_WINDOW (passport)) == service);
  g_assert_true (gtk_window_get_transient_for (passport) == GTK_WINDOW (window));

  /* The account menu's «Мой паспорт» presents the same window, on «Профиль». */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.passport", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (passport_on, (gpointer) "profile", WAIT_MS));
  g_assert_true (find_toplevel (DNEVNIK_TYPE_PASSPORT_WINDOW) == passport);
  close_toplevel (passport);

  /* ivan is not linked: the Справка page's Сферум button opens the wizard,
   * modal over the window. */
  g_assert_false (dnevnik_link_status_get_linked (dnevnik_service_get_link_status (service)));
  g_signal_emit_by_name (link_button, "clicked");
  wizard = dnevnik_test_ui_wait_for_toplevel (DNEVNIK_TYPE_LINK_WIZARD);
  g_assert_true (gtk_window_get_modal (wizard));
  g_assert_true (gtk_window_get_transient_for (wizard) == GTK_WINDOW (window));
  g_assert_true (dnevnik_link_wizard_get_service (DNEVNIK_LINK_WIZARD (wizard)) == service);
  close_toplevel (wizard);

  /* So does the Сферум button of the header bar (the same action). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sferum", NULL));
  wizard = dnevnik_test_ui_wait_for_toplevel (DNEVNIK_TYPE_LINK_WIZARD);
  close_toplevel (wizard);

  dnevnik_window_show_page (window, "diary");
}

static void
test_minimum_size (void)
{
  int min_width, min_height;

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, min_width, &min_height, NULL, NULL, NULL);
  g_test_message ("minimum size %d×%d", min_width, min_height);
  g_assert_cmpint (min_width, <=, 360);
  g_assert_cmpint (min_height, <=, 640);
}

int
main (int   argc,
      char *argv[])
{
  dnevnik_test_main_window_init (&argc, &argv);

  g_test_add_func ("/main-window/sign-in", test_sign_in);
  g_test_add_func ("/main-window/diary-week", test_diary_week);
  g_test_add_func ("/main-window/library-opens-link", test_library_opens_link);
  g_test_add_func ("/main-window/portfolio-and-help", test_portfolio_and_help);
  g_test_add_func ("/main-window/school-year-sync", test_school_year_sync);
  g_test_add_func ("/main-window/offline-and-retry", test_offline_and_retry);
  g_test_add_func ("/main-window/passport-and-help-buttons", test_passport_and_help_buttons);
  g_test_add_func ("/main-window/minimum-size", test_minimum_size);

  return dnevnik_test_main_window_run ();
}
