/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "dnevnik-link-wizard.h"
#include "dnevnik-sign-in-page.h"
#include "dnevnik-test-main-window.h"
#include "dnevnik-year-sync.h"

/* The main window when the server is gone: the app restarted with the
 * sandbox stopped shows the remembered student's diary from the offline
 * copy, all over the school year, and comes back with «Повторить»; then
 * signing out leaves nothing of the student.  The tests run in order, as
 * a person using the app would.
 */

/* ivan signed in with «Запомнить меня», the school year in the offline
 * copy: how /main-window/school-year-sync leaves the app. */
static void
sign_in_remembered_and_sync (void)
{
  DnevnikContext *context = dnevnik_application_get_context (app);

  dnevnik_test_main_window_open ();
  dnevnik_test_main_window_sign_in ("ivan", "dnevnik");
  g_assert_true (dnevnik_service_get_remembered (dnevnik_context_get_service (context)));
  g_assert_true (dnevnik_test_ui_wait_for (school_year_synced, NULL, WAIT_MS * 3));
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
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  DnevnikDiaryPage *page;
  DnevnikService *service;
  GtkWidget *account_button;
  GtkWidget *sferum_button;
  gpointer args[2];
  GDate today, first, last, day;

  sign_in_remembered_and_sync ();

  /* What the server says, while it still runs. */
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  dnevnik_year_sync_school_year_of (&today, &first, &last);
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

  /* The app quits with ivan remembered, and the server goes away; the
   * app starts again: the remembered session, offline. */
  dnevnik_test_main_window_restart_offline ();
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
  g_autofree char *shot = NULL;
  GtkWidget *sign_in_page;

  /* «Запомнить меня» was on: the session is in the keyring. */
  g_assert_cmpuint (count_secrets (), >, 0);
  last_login = g_settings_get_string (settings, "last-login");
  g_assert_cmpstr (last_login, ==, "ivan");
  dnevnik_window_show_page (window, "portfolio");

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

  /* The next student finds an empty form and, once signed in, the diary. */
  g_assert_cmpstr (dnevnik_window_get_visible_page (window), ==, "diary");
  sign_in_page = dnevnik_test_ui_find_by_type (GTK_WIDGET (window), DNEVNIK_TYPE_SIGN_IN_PAGE, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dnevnik_test_ui_find_by_type (sign_in_page, ADW_TYPE_ENTRY_ROW, 0))),
                   ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dnevnik_test_ui_find_by_type (sign_in_page,
                                                                                     ADW_TYPE_PASSWORD_ENTRY_ROW, 0))),
                   ==, "");
  shot = dnevnik_test_ui_screenshot (GTK_WIDGET (window), "main-after-sign-out-ru");
  g_test_message ("screenshot: %s", shot);

  dnevnik_test_main_window_close ();
}

int
main (int   argc,
      char *argv[])
{
  dnevnik_test_main_window_init (&argc, &argv);

  g_test_add_func ("/main-window/restart-offline", test_restart_offline);
  g_test_add_func ("/main-window/sign-out", test_sign_out);

  return dnevnik_test_main_window_run ();
}
