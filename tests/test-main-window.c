/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "dnevnik-application.h"
#include "dnevnik-diary-page.h"
#include "dnevnik-help-page.h"
#include "dnevnik-library-page.h"
#include "dnevnik-link-wizard.h"
#include "dnevnik-passport-window.h"
#include "dnevnik-portfolio-page.h"
#include "dnevnik-qr-dialog.h"
#include "dnevnik-sign-in-page.h"
#include "dnevnik-window.h"
#include "dnevnik-test-sandbox.h"
#include "dnevnik-test-ui.h"

/* The main window against a real dnevnik-sandbox, in Russian: sign-in,
 * the week, the library's links, «Мой паспорт» and the Сферум button, the
 * whole-year sync, offline and retry, a restart with the server stopped,
 * sign-out, size, and the training server's life.  The tests run in order
 * and share one signed-in student, as a person using the app would.
 *
 * The sandbox listens on a port chosen here, so that a restarted sandbox is
 * the same server for the app (its remembered session and offline copy
 * are per server).
 */

#define WAIT_MS 20000
#define TODAY "2026-11-25"

static DnevnikTestSandbox *sandbox;
static DnevnikApplication *app;
static DnevnikWindow *window;

static gboolean
mode_is (gpointer user_data)
{
  return g_strcmp0 (dnevnik_window_get_mode (window), user_data) == 0;
}

static gboolean
sign_in_settled (gpointer user_data)
{
  DnevnikSignInPage *page = user_data;

  return !dnevnik_sign_in_page_get_busy (page) &&
         (dnevnik_sign_in_page_get_error (page) != NULL || mode_is ((gpointer) "content"));
}

static gboolean
diary_loaded (gpointer user_data)
{
  DnevnikDiaryPage *page = user_data;

  return !dnevnik_diary_page_get_loading (page) &&
         g_list_model_get_n_items (dnevnik_diary_page_get_days (page)) > 0;
}

static GtkWidget *
page_when_built (const char *name)
{
  GtkWidget *page = NULL;
  gint64 end = g_get_monotonic_time () + WAIT_MS * 1000;

  while ((page = dnevnik_window_get_page (window, name)) == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  g_assert_nonnull (page);
  return page;
}

static void
screenshot_light_and_dark (const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light_name = g_strdup_printf ("main-%s-ru", name);
  g_autofree char *dark_name = g_strdup_printf ("main-%s-ru-dark", name);
  g_autofree char *light = NULL;
  g_autofree char *dark = NULL;

  dnevnik_test_ui_spin (300);
  light = dnevnik_test_ui_screenshot (GTK_WIDGET (window), light_name);
  g_test_message ("screenshot: %s", light);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  dnevnik_test_ui_spin (300);
  dark = dnevnik_test_ui_screenshot (GTK_WIDGET (window), dark_name);
  g_test_message ("screenshot: %s", dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  g_assert_true (g_file_test (light, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (dark, G_FILE_TEST_IS_REGULAR));
}

static void
test_sign_in (void)
{
  DnevnikSignInPage *page;
  GtkWidget *login_row;
  GtkWidget *password_row;
  GtkWidget *focus;

  window = dnevnik_window_new (GTK_APPLICATION (app), dnevnik_application_get_context (app));
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));

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

  /* A wrong password: said in the page, the login kept, focus on the password. */
  gtk_editable_set_text (GTK_EDITABLE (login_row), "ivan");
  gtk_editable_set_text (GTK_EDITABLE (password_row), "wrong-password");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sign-in.sign-in", NULL));
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
  screenshot_light_and_dark ("sign-in-error");

  /* The right one: the diary opens. */
  gtk_editable_set_text (GTK_EDITABLE (password_row), "dnevnik");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sign-in.sign-in", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "content", WAIT_MS));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");
  g_assert_cmpstr (dnevnik_window_get_visible_page (window), ==, "diary");
  g_assert_null (dnevnik_window_get_page (window, "library"));
}

static JsonNode *
fetch_week_directly (const char *from,
                     const char *to)
{
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autofree char *path = g_strdup_printf ("/api/v1/diary?from=%s&to=%s", from, to);

  return dnevnik_test_sandbox_call (sandbox, "GET", path, token, NULL, 200);
}

static void
assert_week_matches (DnevnikDiaryPage *page,
                     JsonNode         *reply)
{
  JsonArray *days = json_object_get_array_member (json_node_get_object (reply), "days");
  GListModel *shown = dnevnik_diary_page_get_days (page);
  guint row_index = 0;
  guint marked = 0;

  g_assert_cmpuint (json_array_get_length (days), ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 6);

  for (guint d = 0; d < 6; d++)
    {
      JsonObject *day = json_array_get_object_element (days, d);
      JsonArray *lessons = json_object_get_array_member (day, "lessons");
      g_autoptr(DnevnikDiaryDay) shown_day = g_list_model_get_item (shown, d);
      char iso[16];

      g_date_strftime (iso, sizeof iso, "%Y-%m-%d", dnevnik_diary_day_get_date (shown_day));
      g_assert_cmpstr (iso, ==, json_object_get_string_member (day, "date"));

      /* What a person sees: one row per lesson, in order, with its subject. */
      for (guint l = 0; l < json_array_get_length (lessons); l++)
        {
          JsonObject *lesson = json_array_get_object_element (lessons, l);
          GtkWidget *row = dnevnik_test_ui_find_by_type (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, row_index++);

          g_assert_nonnull (row);
          g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                           json_object_get_string_member (lesson, "subject"));
          if (json_array_get_length (json_object_get_array_member (lesson, "marks")) > 0)
            {
              JsonObject *mark = json_array_get_object_element (json_object_get_array_member (lesson, "marks"), 0);

              g_assert_nonnull (dnevnik_test_ui_find_by_type (row, GTK_TYPE_LABEL, 0));
              g_assert_true (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                     json_object_get_string_member (lesson, "teacher")) != NULL);
              (void) mark;
              marked++;
            }
        }
    }

  /* Exactly the lessons served: no row more. */
  g_assert_null (dnevnik_test_ui_find_by_type (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, row_index));
  g_assert_cmpuint (row_index, >, 20);
  g_test_message ("%u lessons, %u with marks", row_index, marked);
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
  g_assert_true (dnevnik_test_ui_wait_for (diary_loaded, page, WAIT_MS));
  assert_week_shown (page, "2026-11-23", "2026-11-28");

  /* Next week, by its action (Alt+→). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "diary.next-week", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (diary_loaded, page, WAIT_MS));
  g_date_strftime (iso, sizeof iso, "%Y-%m-%d", dnevnik_diary_page_get_monday (page));
  g_assert_cmpstr (iso, ==, "2026-11-30");
  assert_week_shown (page, "2026-11-30", "2026-12-05");

  /* Back two weeks (Alt+←). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "diary.previous-week", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "diary.previous-week", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (diary_loaded, page, WAIT_MS));
  g_date_strftime (iso, sizeof iso, "%Y-%m-%d", dnevnik_diary_page_get_monday (page));
  g_assert_cmpstr (iso, ==, "2026-11-16");
  assert_week_shown (page, "2026-11-16", "2026-11-21");

  dnevnik_diary_page_show_week (page, &day);
  g_assert_true (dnevnik_test_ui_wait_for (diary_loaded, page, WAIT_MS));
  screenshot_light_and_dark ("diary");
}

static gboolean
library_loaded (gpointer user_data)
{
  return g_list_model_get_n_items (dnevnik_library_page_get_items (user_data)) > 0;
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
  g_autofree char *apps_dir = g_build_filename (g_get_user_data_dir (), "applications", NULL);
  g_autofree char *script = g_build_filename (g_get_user_data_dir (), "dnevnik-test-handler.sh", NULL);
  g_autofree char *received = g_build_filename (g_get_user_data_dir (), "received-uris", NULL);
  g_autofree char *desktop = g_build_filename (apps_dir, "dnevnik-test-handler.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (g_get_user_config_dir (), "mimeapps.list", NULL);
  g_autofree char *script_text = NULL;
  g_autofree char *desktop_text = NULL;
  g_autoptr(DnevnikLibraryItem) item = NULL;
  g_autoptr(GError) error = NULL;
  DnevnikLibraryPage *page;
  GtkWidget *row;
  const char *args[2];

  /* The real launch path: a handler for https registered the way a browser is. */
  g_assert_cmpint (g_mkdir_with_parents (apps_dir, 0700), ==, 0);
  script_text = g_strdup_printf ("#!/bin/sh\necho \"$1\" >> '%s'\n", received);
  g_file_set_contents (script, script_text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (script, 0700), ==, 0);
  desktop_text = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Dnevnik Test Handler\n"
                                  "Exec=%s %%u\nMimeType=x-scheme-handler/https;\nNoDisplay=true\n", script);
  g_file_set_contents (desktop, desktop_text, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (mimeapps,
                       "[Default Applications]\nx-scheme-handler/https=dnevnik-test-handler.desktop\n",
                       -1, &error);
  g_assert_no_error (error);

  dnevnik_window_show_page (window, "library");
  page = DNEVNIK_LIBRARY_PAGE (page_when_built ("library"));
  g_assert_true (dnevnik_test_ui_wait_for (library_loaded, page, WAIT_MS));
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

static gboolean
portfolio_loaded (gpointer user_data)
{
  return g_list_model_get_n_items (dnevnik_portfolio_page_get_achievements (user_data)) > 0;
}

static void
test_portfolio_and_help (void)
{
  DnevnikPortfolioPage *page;
  GListModel *achievements;

  dnevnik_window_show_page (window, "portfolio");
  page = DNEVNIK_PORTFOLIO_PAGE (page_when_built ("portfolio"));
  g_assert_true (dnevnik_test_ui_wait_for (portfolio_loaded, page, WAIT_MS));
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

static gboolean
offline_shown (gpointer user_data)
{
  return dnevnik_window_get_offline (window);
}

static gboolean
back_online (gpointer user_data)
{
  DnevnikService *service = dnevnik_context_get_service (dnevnik_application_get_context (app));

  return !dnevnik_window_get_offline (window) &&
         dnevnik_service_get_state (service) == DNEVNIK_SERVICE_STATE_READY &&
         !dnevnik_diary_page_get_loading (user_data);
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


static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }

  return NULL;
}

static gboolean
toplevel_shown (gpointer user_data)
{
  return find_toplevel (GPOINTER_TO_SIZE (user_data)) != NULL;
}

static GtkWindow *
wait_for_toplevel (GType type)
{
  g_assert_true (dnevnik_test_ui_wait_for (toplevel_shown, GSIZE_TO_POINTER (type), WAIT_MS));
  return find_toplevel (type);
}

static gboolean
pointer_cleared (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

/* Closes @toplevel and waits until it is finalized: what it still had
 * under way (a request) lets go of it when cancelled. */
static void
close_toplevel (GtkWindow *toplevel)
{
  gpointer weak = toplevel;

  g_object_add_weak_pointer (G_OBJECT (toplevel), &weak);
  gtk_window_destroy (toplevel);
  g_assert_true (dnevnik_test_ui_wait_for (pointer_cleared, &weak, WAIT_MS));
}

static char *
today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static gboolean
school_year_synced (gpointer user_data)
{
  GSettings *settings = dnevnik_context_get_settings (dnevnik_application_get_context (app));
  g_autofree char *last_sync = g_settings_get_string (settings, "last-sync");
  g_autofree char *today = today_iso ();

  return !dnevnik_context_get_syncing (dnevnik_application_get_context (app)) && g_strcmp0 (last_sync, today) == 0;
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
  wizard = wait_for_toplevel (DNEVNIK_TYPE_LINK_WIZARD);
  g_assert_true (gtk_window_get_modal (wizard));
  g_assert_true (gtk_window_get_transient_for (wizard) == GTK_WINDOW (window));
  g_assert_true (dnevnik_link_wizard_get_service (DNEVNIK_LINK_WIZARD (wizard)) == service);
  close_toplevel (wizard);

  /* So does the Сферум button of the header bar (the same action). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sferum", NULL));
  wizard = wait_for_toplevel (DNEVNIK_TYPE_LINK_WIZARD);
  close_toplevel (wizard);

  dnevnik_window_show_page (window, "diary");
}

static gboolean
week_loaded_offline (gpointer user_data)
{
  DnevnikDiaryPage *page = user_data;
  GListModel *days = dnevnik_diary_page_get_days (page);
  g_autoptr(DnevnikDiaryDay) first = NULL;

  if (dnevnik_diary_page_get_loading (page) || g_list_model_get_n_items (days) != 6)
    return FALSE;

  first = g_list_model_get_item (days, 0);
  return g_date_compare (dnevnik_diary_day_get_date (first), dnevnik_diary_page_get_monday (page)) == 0;
}

static void
show_week_and_check (DnevnikDiaryPage *page,
                     JsonNode         *reply)
{
  JsonArray *days = json_object_get_array_member (json_node_get_object (reply), "days");
  const char *from = json_object_get_string_member (json_array_get_object_element (days, 0), "date");
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_parse (&day, from);
  g_assert_true (g_date_valid (&day));
  dnevnik_diary_page_show_week (page, &day);
  g_assert_true (dnevnik_test_ui_wait_for (week_loaded_offline, page, WAIT_MS));
  assert_week_matches (page, reply);
}

static JsonNode *
week_reply_of (const GDate *any_day)
{
  GDate monday = *any_day;
  GDate saturday;
  char from[16], to[16];

  g_date_subtract_days (&monday, g_date_get_weekday (&monday) - G_DATE_MONDAY);
  saturday = monday;
  g_date_add_days (&saturday, 5);
  g_date_strftime (from, sizeof from, "%Y-%m-%d", &monday);
  g_date_strftime (to, sizeof to, "%Y-%m-%d", &saturday);

  return fetch_week_directly (from, to);
}

static gboolean
tooltip_is (gpointer user_data)
{
  gpointer *args = user_data;

  return g_strcmp0 (gtk_widget_get_tooltip_text (args[0]), args[1]) == 0;
}

static gboolean
not_pending (gpointer user_data)
{
  return gtk_widget_is_sensitive (user_data);
}

static void
test_restart_offline (void)
{
  g_autoptr(JsonNode) this_week = NULL;
  g_autoptr(JsonNode) next_week = NULL;
  g_autoptr(JsonNode) september = NULL;
  g_autoptr(JsonNode) march = NULL;
  g_autoptr(JsonNode) may = NULL;
  g_autoptr(JsonNode) profile = NULL;
  g_autofree char *token = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  DnevnikDiaryPage *page;
  DnevnikService *service;
  GtkWidget *account_button;
  GtkWidget *sferum_button;
  gpointer args[2];
  GDate today, first, last, day;

  /* What the server says, while it still runs. */
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  dnevnik_context_school_year_of (&today, &first, &last);
  this_week = week_reply_of (&today);
  day = today;
  g_date_add_days (&day, 7);
  next_week = week_reply_of (&day);
  day = first;
  g_date_add_days (&day, 7);
  september = week_reply_of (&day);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 3, G_DATE_MARCH, g_date_get_year (&last));
  march = week_reply_of (&day);
  day = last;
  g_date_subtract_days (&day, 7);
  may = week_reply_of (&day);
  token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  profile = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/profile", token, NULL, 200);
  name = g_strdup_printf ("%s %s",
                          json_object_get_string_member (json_node_get_object (profile), "first_name"),
                          json_object_get_string_member (json_node_get_object (profile), "last_name"));

  /* The app quits with ivan remembered, and the server goes away. */
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  window = NULL;
  dnevnik_context_stop_backend (dnevnik_application_get_context (app));
  g_clear_object (&app);
  dnevnik_test_ui_spin (200);
  dnevnik_test_sandbox_stop (sandbox);

  /* The app starts again: the remembered session, offline. */
  app = dnevnik_application_new_for_testing (dnevnik_test_sandbox_get_url (sandbox));
  g_application_set_application_id (G_APPLICATION (app), APP_ID ".Restarted");
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = dnevnik_window_new (GTK_APPLICATION (app), dnevnik_application_get_context (app));
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "content", WAIT_MS));
  g_assert_true (dnevnik_test_ui_wait_for (offline_shown, NULL, WAIT_MS));
  service = dnevnik_context_get_service (dnevnik_application_get_context (app));
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_OFFLINE);
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (window), "Повторить"));

  /* This week, from the offline copy, and whose diary it is. */
  page = DNEVNIK_DIARY_PAGE (page_when_built ("diary"));
  g_assert_true (dnevnik_test_ui_wait_for (week_loaded_offline, page, WAIT_MS));
  assert_week_matches (page, this_week);
  account_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), DNEVNIK_TYPE_WINDOW, "account_button"));
  args[0] = account_button;
  args[1] = name;
  g_assert_true (dnevnik_test_ui_wait_for (tooltip_is, args, WAIT_MS));
  screenshot_light_and_dark ("diary-offline");

  /* Next week (prefetched) and weeks all over the school year (synced). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "diary.next-week", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (week_loaded_offline, page, WAIT_MS));
  assert_week_matches (page, next_week);
  show_week_and_check (page, september);
  show_week_and_check (page, march);
  show_week_and_check (page, may);
  g_assert_true (dnevnik_window_get_offline (window));

  /* Whether ivan is linked is not in the offline copy as "linked": the
   * Сферум button asks, fails, says so, and opens nothing. */
  sferum_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), DNEVNIK_TYPE_WINDOW, "sferum_button"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sferum", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (not_pending, sferum_button, WAIT_MS));
  g_assert_null (find_toplevel (DNEVNIK_TYPE_LINK_WIZARD));

  /* The server is back: «Повторить» brings the fresh week. */
  dnevnik_test_sandbox_restart (sandbox);
  dnevnik_diary_page_show_week (page, &today);
  g_assert_true (dnevnik_test_ui_wait_for (week_loaded_offline, page, WAIT_MS));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.retry", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (back_online, page, WAIT_MS));
  assert_week_matches (page, this_week);
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

static guint
count_secrets (void)
{
  g_autoptr(GError) error = NULL;
  GList *items;
  guint n;

  items = secret_password_search_sync (dnevnik_secret_token_store_get_schema (), SECRET_SEARCH_ALL,
                                       NULL, &error, NULL);
  g_assert_no_error (error);
  n = g_list_length (items);
  g_list_free_full (items, g_object_unref);

  return n;
}

static gboolean
no_secrets (gpointer user_data)
{
  return count_secrets () == 0;
}

static void
test_sign_out (void)
{
  GSettings *settings = dnevnik_context_get_settings (dnevnik_application_get_context (app));
  g_autofree char *last_login = NULL;

  /* «Запомнить меня» was on: the session is in the keyring. */
  g_assert_cmpuint (count_secrets (), >, 0);
  last_login = g_settings_get_string (settings, "last-login");
  g_assert_cmpstr (last_login, ==, "ivan");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "sign-in", WAIT_MS));
  g_assert_true (dnevnik_test_ui_wait_for (no_secrets, NULL, WAIT_MS));
  g_clear_pointer (&last_login, g_free);
  last_login = g_settings_get_string (settings, "last-login");
  g_assert_cmpstr (last_login, ==, "");

  /* Nothing of the student is left on screen. */
  g_assert_null (dnevnik_window_get_page (window, "diary"));
  g_assert_null (dnevnik_window_get_page (window, "library"));
  g_assert_null (dnevnik_window_get_page (window, "portfolio"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  window = NULL;
}

static void
on_maria_signed_in_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (dnevnik_service_sign_in_finish (DNEVNIK_SERVICE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static gboolean
flag_set (gpointer user_data)
{
  return *(gboolean *) user_data;
}

static gboolean
widget_visible (gpointer user_data)
{
  return gtk_widget_get_visible (user_data);
}

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
  g_autofree char *received = g_build_filename (g_get_user_data_dir (), "received-uris", NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "maria", NULL);
  g_autoptr(JsonNode) link = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/sferum/link", token, NULL, 200);
  const char *profile_url = json_object_get_string_member (json_node_get_object (link), "profile_url");
  g_autofree char *shot = NULL;
  DnevnikService *service = dnevnik_context_get_service (dnevnik_application_get_context (app));
  GtkWidget *menu_button;
  GtkPopover *popover;
  GtkWindow *qr;
  gboolean signed_in = FALSE;
  const char *args[2];

  g_assert_true (g_str_has_prefix (profile_url, "https://"));

  window = dnevnik_window_new (GTK_APPLICATION (app), dnevnik_application_get_context (app));
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "sign-in", WAIT_MS));
  dnevnik_service_sign_in_async (service, "maria", "dnevnik", FALSE, NULL, on_maria_signed_in_cb, &signed_in);
  g_assert_true (dnevnik_test_ui_wait_for (flag_set, &signed_in, WAIT_MS));
  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "content", WAIT_MS));

  /* The window learns that мария is linked by itself; then the menu beside
   * the Сферум button offers her phone too. */
  menu_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), DNEVNIK_TYPE_WINDOW, "sferum_menu_button"));
  g_assert_true (dnevnik_test_ui_wait_for (widget_visible, menu_button, WAIT_MS));

  /* The Сферум button opens exactly the server's profile_url with the
   * system's https handler (registered by /main-window/library-opens-link). */
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
  qr = wait_for_toplevel (DNEVNIK_TYPE_QR_DIALOG);
  g_assert_cmpstr (dnevnik_qr_dialog_get_url (DNEVNIK_QR_DIALOG (qr)), ==, profile_url);
  close_toplevel (qr);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "sign-in", WAIT_MS));
  g_assert_false (gtk_widget_get_visible (menu_button));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  window = NULL;
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
  gboolean signed_in = FALSE;
  gulong handler;

  /* The setting drives the monitor in minutes… */
  g_settings_set_uint (settings, "idle-sign-out-minutes", 2);
  g_assert_cmpuint (dnevnik_idle_monitor_get_interval (monitor), ==, 120);

  window = dnevnik_window_new (GTK_APPLICATION (app), dnevnik_application_get_context (app));
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "sign-in", WAIT_MS));
  dnevnik_service_sign_in_async (service, "ivan", "dnevnik", FALSE, NULL, on_maria_signed_in_cb, &signed_in);
  g_assert_true (dnevnik_test_ui_wait_for (flag_set, &signed_in, WAIT_MS));
  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "content", WAIT_MS));

  /* …and a test does not wait minutes: one second without input to any of
   * the app's windows signs the student out, and says why. */
  handler = g_signal_connect (dnevnik_application_get_context (app), "notice", G_CALLBACK (on_notice_cb), &notice);
  dnevnik_idle_monitor_set_interval (monitor, 1);
  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "sign-in", WAIT_MS));
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
  g_assert_cmpstr (notice, ==, "Вы не пользовались дневником 2 минуты, поэтому выход выполнен автоматически.");
  g_assert_null (dnevnik_window_get_page (window, "diary"));

  g_signal_handler_disconnect (dnevnik_application_get_context (app), handler);
  g_settings_reset (settings, "idle-sign-out-minutes");
  g_assert_cmpuint (dnevnik_idle_monitor_get_interval (monitor), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  window = NULL;
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
                                                       "Учебные учётные записи: ivan, maria — пароль dnevnik") != NULL;
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

/* A loopback port nobody listens on now, for a sandbox that must keep its
 * address across a restart. */
static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return port;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port_option = NULL;
  int status;

  dnevnik_test_ui_init (&argc, &argv, "ru");

  port_option = g_strdup_printf ("--port=%u", free_port ());
  sandbox = dnevnik_test_sandbox_new ("--today=" TODAY, port_option, NULL);
  app = dnevnik_application_new_for_testing (dnevnik_test_sandbox_get_url (sandbox));
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/main-window/sign-in", test_sign_in);
  g_test_add_func ("/main-window/diary-week", test_diary_week);
  g_test_add_func ("/main-window/library-opens-link", test_library_opens_link);
  g_test_add_func ("/main-window/portfolio-and-help", test_portfolio_and_help);
  g_test_add_func ("/main-window/school-year-sync", test_school_year_sync);
  g_test_add_func ("/main-window/offline-and-retry", test_offline_and_retry);
  g_test_add_func ("/main-window/passport-and-help-buttons", test_passport_and_help_buttons);
  g_test_add_func ("/main-window/restart-offline", test_restart_offline);
  g_test_add_func ("/main-window/minimum-size", test_minimum_size);
  g_test_add_func ("/main-window/sign-out", test_sign_out);
  g_test_add_func ("/main-window/sferum-linked", test_sferum_linked);
  g_test_add_func ("/main-window/idle-sign-out", test_idle_sign_out);
  g_test_add_func ("/main-window/training-mode-lifecycle", test_training_mode_lifecycle);

  status = g_test_run ();

  dnevnik_context_stop_backend (dnevnik_application_get_context (app));
  g_clear_object (&app);
  dnevnik_test_sandbox_free (sandbox);

  return status;
}
