/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dnevnik-api.h"
#include "dnevnik-json.h"
#include "dnevnik-link-status-private.h"
#include "dnevnik-parse.h"
#include "dnevnik-service.h"

/* Parsers and other pure parts of the service: no server, no keyring. */

static GBytes *
bytes_of (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

#define assert_protocol(error) \
  g_assert_error ((error), DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_PROTOCOL)

/* A parser under test, with what it needs besides the reply. */
typedef gpointer (*ParseFunc) (GBytes   *bytes,
                               gpointer  data,
                               GError  **error);

/* Every reply of @bad is refused as a PROTOCOL error. */
static void
assert_all_refused (const char * const *bad,
                    gsize               n_bad,
                    ParseFunc           parse,
                    gpointer            data)
{
  for (gsize i = 0; i < n_bad; i++)
    {
      g_autoptr(GBytes) bytes = bytes_of (bad[i]);
      g_autoptr(GError) bad_error = NULL;
      gpointer bad_result = parse (bytes, data, &bad_error);

      g_test_message ("input: %s", bad[i]);
      g_assert_null (bad_result);
      assert_protocol (bad_error);
    }
}

static gpointer
parse_json (GBytes   *bytes,
            gpointer  data,
            GError  **error)
{
  return dnevnik_json_parse (bytes, error);
}

/* The @length bytes at @data are refused as a PROTOCOL error. */
static void
assert_json_refused (const char *data,
                     gsize       length)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = dnevnik_json_parse (bytes, &error);

  g_assert_null (node);
  assert_protocol (error);
}

static gpointer
parse_auth (GBytes   *bytes,
            gpointer  data,
            GError  **error)
{
  return dnevnik_parse_auth (bytes, error);
}

static gpointer
parse_link_status (GBytes   *bytes,
                   gpointer  data,
                   GError  **error)
{
  return dnevnik_parse_link_status (bytes, error);
}

/* @data: the first and last date asked, as two GDates */
static gpointer
parse_diary (GBytes   *bytes,
             gpointer  data,
             GError  **error)
{
  const GDate *range = data;

  return dnevnik_parse_diary (bytes, &range[0], &range[1], error);
}

static void
test_parse_limits (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) ok = g_string_new (NULL);
  static const char * const bad[] = {
    "", " ", "{", "{\"a\":}", "[1,]", "nul", "{\"a\": 1} trailing", "\"unterminated",
  };

  assert_all_refused (bad, G_N_ELEMENTS (bad), parse_json, NULL);

  /* Nesting: at the limit parses, one deeper is refused before json-glib
   * recurses into it; brackets inside strings do not count. */
  for (guint i = 0; i < DNEVNIK_JSON_MAX_DEPTH; i++)
    g_string_append_c (ok, '[');
  g_string_append (ok, "\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"");
  for (guint i = 0; i < DNEVNIK_JSON_MAX_DEPTH; i++)
    g_string_append_c (ok, ']');
  {
    g_autoptr(GBytes) bytes = g_bytes_new (ok->str, ok->len);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = dnevnik_json_parse (bytes, &error);

    g_assert_no_error (error);
    g_assert_nonnull (node);
  }

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  assert_json_refused (deep->str, deep->len);

  /* Not UTF-8, and an embedded NUL. */
  {
    static const char latin1[] = "{\"a\": \"\xe9\"}";
    static const char nul[] = "{\"a\": 1}\0{}";

    assert_json_refused (latin1, sizeof latin1 - 1);
    assert_json_refused (nul, sizeof nul - 1);
  }

  /* Too big, even if well-formed. */
  {
    gsize size = DNEVNIK_JSON_MAX_SIZE + 16;
    g_autofree char *big = g_malloc (size);

    memset (big, ' ', size);
    big[0] = '[';
    big[size - 1] = ']';
    assert_json_refused (big, size);
  }
}

static void
test_parse_auth (void)
{
  g_autoptr(GBytes) good = bytes_of ("{\"access_token\": \"a.b-c\", \"refresh_token\": \"r1\", \"token_type\": \"Bearer\","
                                     " \"expires_in\": 900, \"profile_id\": \"1001\", \"extra\": [1, {\"x\": null}]}");
  g_autoptr(DnevnikAuthReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const bad[] = {
    "[]",
    "{\"refresh_token\": \"r\", \"expires_in\": 1}",
    "{\"access_token\": \"a\", \"refresh_token\": \"r\"}",
    "{\"access_token\": \"a\", \"refresh_token\": \"r\", \"expires_in\": \"900\"}",
    "{\"access_token\": \"a\", \"refresh_token\": \"r\", \"expires_in\": 9.5}",
    "{\"access_token\": \"a\", \"refresh_token\": \"r\", \"expires_in\": 0}",
    "{\"access_token\": \"a\", \"refresh_token\": \"r\", \"expires_in\": -5}",
    "{\"access_token\": 5, \"refresh_token\": \"r\", \"expires_in\": 1}",
    "{\"access_token\": \"\", \"refresh_token\": \"r\", \"expires_in\": 1}",
    "{\"access_token\": \"a b\", \"refresh_token\": \"r\", \"expires_in\": 1}",
    "{\"access_token\": \"a\\r\\nX-Evil: 1\", \"refresh_token\": \"r\", \"expires_in\": 1}",
    "{\"access_token\": \"a\", \"refresh_token\": \"r\", \"expires_in\": 1, \"token_type\": \"MAC\"}",
    "{\"access_token\": \"a\", \"refresh_token\": \"r\", \"expires_in\": 1, \"profile_id\": 7}",
  };

  reply = dnevnik_parse_auth (good, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reply->access_token, ==, "a.b-c");
  g_assert_cmpstr (reply->refresh_token, ==, "r1");
  g_assert_cmpint (reply->expires_in, ==, 900);
  g_assert_cmpstr (reply->profile_id, ==, "1001");

  assert_all_refused (bad, G_N_ELEMENTS (bad), parse_auth, NULL);
}

static void
test_parse_profile (void)
{
  g_autoptr(GBytes) good = bytes_of ("{\"id\": \"1001\", \"login\": \"ivan\", \"first_name\": \"Иван\", \"last_name\": \"Петров\","
                                     " \"middle_name\": null, \"school\": \"ГБОУ Школа № 1535\", \"class_name\": \"8 «Б»\","
                                     " \"avatar\": {\"unknown\": true}}");
  g_autoptr(GBytes) missing = bytes_of ("{\"id\": \"1001\", \"login\": \"ivan\", \"first_name\": \"Иван\", \"last_name\": \"Петров\","
                                        " \"class_name\": \"8 «Б»\"}");
  g_autoptr(GBytes) wrong = bytes_of ("{\"id\": 1001, \"login\": \"ivan\", \"first_name\": \"Иван\", \"last_name\": \"Петров\","
                                      " \"school\": \"x\", \"class_name\": \"8 «Б»\"}");
  g_autoptr(GBytes) wrong_optional = bytes_of ("{\"id\": \"1\", \"login\": \"ivan\", \"first_name\": \"Иван\", \"last_name\": \"Петров\","
                                               " \"school\": \"x\", \"class_name\": \"8 «Б»\", \"middle_name\": []}");
  g_autoptr(DnevnikProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = dnevnik_parse_profile (good, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dnevnik_profile_get_first_name (profile), ==, "Иван");
  g_assert_cmpstr (dnevnik_profile_get_class_name (profile), ==, "8 «Б»");
  g_assert_null (dnevnik_profile_get_middle_name (profile));

  g_assert_null (dnevnik_parse_profile (missing, &error));
  assert_protocol (error);
  g_clear_error (&error);
  g_assert_null (dnevnik_parse_profile (wrong, &error));
  assert_protocol (error);
  g_clear_error (&error);
  g_assert_null (dnevnik_parse_profile (wrong_optional, &error));
  assert_protocol (error);
}

static void
test_parse_link_status (void)
{
  g_autoptr(GBytes) linked = bytes_of ("{\"linked\": true, \"account_id\": \"7003921845\", \"phone_masked\": \"+7 916 ***-**-43\","
                                       " \"linked_at\": \"2026-09-01T10:15:00+03:00\","
                                       " \"profile_url\": \"https://max.ru/sferum/profile/7003921845\"}");
  g_autoptr(GBytes) unlinked = bytes_of ("{\"linked\": false, \"account_id\": 5}");
  g_autoptr(DnevnikLinkStatus) status = NULL;
  g_autoptr(DnevnikLinkStatus) status2 = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const bad[] = {
    "{}",
    "{\"linked\": \"yes\"}",
    "{\"linked\": true, \"profile_url\": \"https://max.ru/x\"}",
    "{\"linked\": true, \"account_id\": \"1\"}",
    "{\"linked\": true, \"account_id\": \"1\", \"profile_url\": \"file:///etc/passwd\"}",
    "{\"linked\": true, \"account_id\": \"1\", \"profile_url\": \"http://max.ru/x\"}",
    "{\"linked\": true, \"account_id\": \"1\", \"profile_url\": \"not a url\"}",
    "{\"linked\": true, \"account_id\": \"1\", \"profile_url\": \"https://max.ru/x\", \"linked_at\": \"2026-09-01T10:15:00\"}",
    "{\"linked\": true, \"account_id\": \"1\", \"profile_url\": \"https://max.ru/x\", \"linked_at\": \"yesterday\"}",
  };

  status = dnevnik_parse_link_status (linked, &error);
  g_assert_no_error (error);
  g_assert_true (dnevnik_link_status_get_linked (status));
  g_assert_cmpstr (dnevnik_link_status_get_account_id (status), ==, "7003921845");
  g_assert_cmpstr (dnevnik_link_status_get_profile_url (status), ==, "https://max.ru/sferum/profile/7003921845");
  g_assert_cmpint (g_date_time_get_utc_offset (dnevnik_link_status_get_linked_at (status)), ==, 3 * G_TIME_SPAN_HOUR);

  /* When not linked, the rest is ignored. */
  status2 = dnevnik_parse_link_status (unlinked, &error);
  g_assert_no_error (error);
  g_assert_false (dnevnik_link_status_get_linked (status2));
  g_assert_null (dnevnik_link_status_get_account_id (status2));

  assert_all_refused (bad, G_N_ELEMENTS (bad), parse_link_status, NULL);
}

static void
test_parse_diary (void)
{
  g_autoptr(GBytes) good = bytes_of (
    "{\"from\": \"2026-11-23\", \"to\": \"2026-11-24\", \"days\": ["
    " {\"date\": \"2026-11-23\", \"holiday\": false, \"lessons\": [{\"id\": \"l-1\", \"number\": 1, \"subject\": \"Алгебра\","
    "   \"start_time\": \"08:30\", \"end_time\": \"09:15\", \"room\": \"204\", \"teacher\": \"Иванова Анна Павловна\","
    "   \"homework\": [\"№ 512, 514\"], \"marks\": [{\"value\": \"5\", \"weight\": 2, \"comment\": \"Контрольная работа\"},"
    "   {\"value\": \"4\"}]}]},"
    " {\"date\": \"2026-11-24\", \"lessons\": []}]}");
  g_autoptr(GListModel) days = NULL;
  g_autoptr(DnevnikDiaryDay) day = NULL;
  g_autoptr(DnevnikLesson) lesson = NULL;
  g_autoptr(DnevnikMark) mark = NULL;
  g_autoptr(DnevnikMark) mark2 = NULL;
  g_autoptr(GError) error = NULL;
  GDate range[2];
  GDate *from = &range[0];
  GDate *to = &range[1];
  static const char * const bad[] = {
    "{}",
    "{\"days\": {}}",
    "{\"days\": [1]}",
    "{\"days\": [{\"date\": \"2026-11-23\"}]}",
    "{\"days\": [{\"date\": \"2026-02-30\", \"lessons\": []}]}",
    "{\"days\": [{\"date\": \"23.11.2026\", \"lessons\": []}]}",
    "{\"days\": [{\"date\": \"2026-11-23\", \"lessons\": [], \"holiday\": 0}]}",
    "{\"days\": [{\"date\": \"2026-11-24\", \"lessons\": []}, {\"date\": \"2026-11-23\", \"lessons\": []}]}",
    "{\"days\": [{\"date\": \"2026-11-22\", \"lessons\": []}]}",
    "{\"days\": [{\"date\": \"2026-11-23\", \"lessons\": [{\"id\": \"l\", \"number\": 1, \"subject\": \"s\","
    " \"start_time\": \"8:30\", \"end_time\": \"09:15\"}]}]}",
    "{\"days\": [{\"date\": \"2026-11-23\", \"lessons\": [{\"id\": \"l\", \"number\": 1, \"subject\": \"s\","
    " \"start_time\": \"08:30\", \"end_time\": \"25:00\"}]}]}",
    "{\"days\": [{\"date\": \"2026-11-23\", \"lessons\": [{\"id\": \"l\", \"number\": 1, \"subject\": \"s\","
    " \"start_time\": \"08:30\", \"end_time\": \"09:15\", \"homework\": [1]}]}]}",
    "{\"days\": [{\"date\": \"2026-11-23\", \"lessons\": [{\"id\": \"l\", \"number\": 1, \"subject\": \"s\","
    " \"start_time\": \"08:30\", \"end_time\": \"09:15\", \"marks\": [{\"weight\": 1}]}]}]}",
    "{\"days\": [{\"date\": \"2026-11-23\", \"lessons\": [{\"id\": \"l\", \"number\": -1, \"subject\": \"s\","
    " \"start_time\": \"08:30\", \"end_time\": \"09:15\"}]}]}",
  };

  g_date_clear (range, 2);
  g_date_set_dmy (from, 23, G_DATE_NOVEMBER, 2026);
  g_date_set_dmy (to, 29, G_DATE_NOVEMBER, 2026);

  days = dnevnik_parse_diary (good, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (days), ==, 2);

  day = g_list_model_get_item (days, 0);
  g_assert_cmpint (g_date_compare (dnevnik_diary_day_get_date (day), from), ==, 0);
  g_assert_false (dnevnik_diary_day_get_holiday (day));
  lesson = g_list_model_get_item (dnevnik_diary_day_get_lessons (day), 0);
  g_assert_cmpstr (dnevnik_lesson_get_subject (lesson), ==, "Алгебра");
  g_assert_cmpint (dnevnik_lesson_get_number (lesson), ==, 1);
  g_assert_cmpstr (dnevnik_lesson_get_start_time (lesson), ==, "08:30");
  g_assert_cmpstr (dnevnik_lesson_get_homework (lesson)[0], ==, "№ 512, 514");
  g_assert_null (dnevnik_lesson_get_homework (lesson)[1]);
  mark = g_list_model_get_item (dnevnik_lesson_get_marks (lesson), 0);
  g_assert_cmpstr (dnevnik_mark_get_value (mark), ==, "5");
  g_assert_cmpint (dnevnik_mark_get_weight (mark), ==, 2);
  mark2 = g_list_model_get_item (dnevnik_lesson_get_marks (lesson), 1);
  g_assert_cmpint (dnevnik_mark_get_weight (mark2), ==, 1);
  g_assert_null (dnevnik_mark_get_comment (mark2));

  assert_all_refused (bad, G_N_ELEMENTS (bad), parse_diary, range);
}

static void
test_parse_lists (void)
{
  g_autoptr(GBytes) library = bytes_of ("{\"items\": [{\"id\": \"b1\", \"title\": \"Физика 8\", \"subject\": \"Физика\","
                                        " \"kind\": \"hologram\", \"url\": \"https://lib.example/b1\"}]}");
  g_autoptr(GBytes) bad_library = bytes_of ("{\"items\": [{\"id\": \"b1\", \"title\": \"Физика 8\", \"subject\": \"Физика\","
                                            " \"kind\": \"textbook\", \"url\": \"javascript:alert(1)\"}]}");
  g_autoptr(GBytes) portfolio = bytes_of ("{\"achievements\": [{\"id\": \"a1\", \"title\": \"Олимпиада\", \"date\": \"2026-03-14\","
                                          " \"level\": \"regional\", \"kind\": \"olympiad\"}]}");
  g_autoptr(GBytes) bad_portfolio = bytes_of ("{\"achievements\": [{\"id\": \"a1\", \"title\": \"Олимпиада\", \"date\": 2026,"
                                              " \"level\": \"regional\", \"kind\": \"olympiad\"}]}");
  g_autoptr(GBytes) history = bytes_of ("{\"events\": [{\"kind\": \"unlinked\", \"at\": \"2026-11-25T09:30:00+03:00\", \"account_id\": \"7\"},"
                                        " {\"kind\": \"teleported\", \"at\": \"2026-10-01T10:15:00Z\", \"account_id\": \"7\"},"
                                        " {\"kind\": \"linked\", \"at\": \"2026-09-01T10:15:00+03:00\", \"account_id\": \"7\"}]}");
  g_autoptr(GBytes) bad_history = bytes_of ("{\"events\": [{\"kind\": \"linked\", \"account_id\": \"7\"}]}");
  g_autoptr(GListModel) items = NULL, achievements = NULL, events = NULL;
  g_autoptr(DnevnikLibraryItem) item = NULL;
  g_autoptr(DnevnikAchievement) achievement = NULL;
  g_autoptr(DnevnikLinkEvent) event = NULL;
  g_autoptr(GError) error = NULL;

  items = dnevnik_parse_library (library, &error);
  g_assert_no_error (error);
  item = g_list_model_get_item (items, 0);
  /* A kind this version does not know passes through. */
  g_assert_cmpstr (dnevnik_library_item_get_kind (item), ==, "hologram");
  g_assert_null (dnevnik_parse_library (bad_library, &error));
  assert_protocol (error);
  g_clear_error (&error);

  achievements = dnevnik_parse_portfolio (portfolio, &error);
  g_assert_no_error (error);
  achievement = g_list_model_get_item (achievements, 0);
  g_assert_cmpuint (g_date_get_year (dnevnik_achievement_get_date (achievement)), ==, 2026);
  g_assert_null (dnevnik_parse_portfolio (bad_portfolio, &error));
  assert_protocol (error);
  g_clear_error (&error);

  /* An event of an unknown kind is left out. */
  events = dnevnik_parse_link_history (history, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 2);
  event = g_list_model_get_item (events, 0);
  g_assert_cmpint (dnevnik_link_event_get_kind (event), ==, DNEVNIK_LINK_EVENT_UNLINKED);
  g_assert_null (dnevnik_parse_link_history (bad_history, &error));
  assert_protocol (error);
}

static void
test_parse_link_request (void)
{
  g_autoptr(GBytes) start = bytes_of ("{\"request_id\": \"r-1\", \"code_length\": 6, \"expires_in\": 300, \"resend_in\": 60,"
                                      " \"max_registered\": true}");
  g_autoptr(GBytes) resend = bytes_of ("{\"resend_in\": 61, \"expires_in\": 299}");
  g_autoptr(GBytes) bad = bytes_of ("{\"request_id\": \"r-1\", \"code_length\": 600, \"expires_in\": 300, \"resend_in\": 60,"
                                    " \"max_registered\": true}");
  g_autoptr(DnevnikLinkRequest) request = NULL;
  g_autoptr(DnevnikLinkRequest) resent = NULL;
  g_autoptr(GError) error = NULL;

  request = dnevnik_parse_link_request (start, "+79161234567", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dnevnik_link_request_get_request_id (request), ==, "r-1");
  g_assert_cmpint (dnevnik_link_request_get_code_length (request), ==, 6);
  g_assert_true (dnevnik_link_request_get_max_registered (request));
  /* The server did not mask the number: the shared rule did. */
  g_assert_cmpstr (dnevnik_link_request_get_phone_masked (request), ==, "+7 916 ***-**-67");

  resent = dnevnik_parse_link_resend (resend, request, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dnevnik_link_request_get_request_id (resent), ==, "r-1");
  g_assert_cmpint (dnevnik_link_request_get_resend_in (resent), ==, 61);
  g_assert_cmpint (dnevnik_link_request_get_expires_in (resent), ==, 299);

  g_assert_null (dnevnik_parse_link_request (bad, NULL, &error));
  assert_protocol (error);
}

static void
test_parse_error_body (void)
{
  g_autoptr(GBytes) full = bytes_of ("{\"error\": {\"code\": \"invalid_code\", \"message\": \"Wrong\", \"attempts_left\": 2}}");
  g_autoptr(GBytes) rate = bytes_of ("{\"error\": {\"code\": \"resend_too_early\", \"retry_after\": 42, \"attempts_left\": \"x\"}}");
  g_autoptr(GBytes) junk = bytes_of ("<html>502</html>");
  g_autofree char *code = NULL;
  int retry_after, attempts_left;

  g_assert_true (dnevnik_parse_error_body (full, &code, &retry_after, &attempts_left));
  g_assert_cmpstr (code, ==, "invalid_code");
  g_assert_cmpint (retry_after, ==, -1);
  g_assert_cmpint (attempts_left, ==, 2);
  g_clear_pointer (&code, g_free);

  g_assert_true (dnevnik_parse_error_body (rate, &code, &retry_after, &attempts_left));
  g_assert_cmpstr (code, ==, "resend_too_early");
  g_assert_cmpint (retry_after, ==, 42);
  g_assert_cmpint (attempts_left, ==, -1);
  g_clear_pointer (&code, g_free);

  g_assert_false (dnevnik_parse_error_body (junk, &code, &retry_after, &attempts_left));
  g_assert_null (code);
  g_assert_false (dnevnik_parse_error_body (NULL, &code, &retry_after, &attempts_left));
}

static void
test_error_details (void)
{
  g_autoptr(GError) error = dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_RATE_LIMITED, "resend_too_early", 42, -7);
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_RATE_LIMITED);
  g_assert_cmpstr (dnevnik_service_error_get_server_code (error), ==, "resend_too_early");
  g_assert_cmpint (dnevnik_service_error_get_retry_after (error), ==, 42);
  g_assert_cmpint (dnevnik_service_error_get_attempts_left (error), ==, -1);

  /* The detail survives a copy (GTask and g_propagate_error() copy). */
  copy = g_error_copy (error);
  g_assert_cmpstr (dnevnik_service_error_get_server_code (copy), ==, "resend_too_early");
  g_assert_cmpint (dnevnik_service_error_get_retry_after (copy), ==, 42);

  g_assert_null (dnevnik_service_error_get_server_code (other));
  g_assert_cmpint (dnevnik_service_error_get_retry_after (other), ==, -1);
  g_assert_cmpint (dnevnik_service_error_get_attempts_left (NULL), ==, -1);
}

static gboolean
has_cyrillic (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x0400 && c <= 0x04FF)
        return TRUE;
    }

  return FALSE;
}

static void
test_error_messages_russian (void)
{
  g_autofree char *locale_dir = NULL;
  const char *build_root = g_getenv ("DNEVNIK_BUILD_ROOT");
  g_autofree char *mo = NULL;

  if (build_root == NULL)
    {
      g_test_skip ("DNEVNIK_BUILD_ROOT is not set: run through meson test");
      return;
    }

  /* The .mo file the build makes from po/ru.po. */
  locale_dir = g_build_filename (build_root, "po", NULL);
  mo = g_build_filename (locale_dir, "ru", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_assert_true (g_file_test (mo, G_FILE_TEST_EXISTS));

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "ru", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  for (guint code = 0; code < DNEVNIK_SERVICE_ERROR_N_CODES; code++)
    {
      const char *msgid = dnevnik_service_error_get_msgid (code);
      const char *message = dnevnik_service_error_get_message (code);
      g_autoptr(GError) error = dnevnik_service_error_new (code, NULL, -1, -1);

      g_test_message ("%u: %s → %s", code, msgid, message);
      g_assert_nonnull (msgid);
      g_assert_cmpstr (message, !=, msgid);
      g_assert_true (g_utf8_validate (message, -1, NULL));
      /* Russian text, not an English fallback. */
      g_assert_true (has_cyrillic (message));
      g_assert_cmpstr (error->message, ==, message);
    }

  g_unsetenv ("LANGUAGE");
}

static void
test_check_url (void)
{
  static const char * const good[] = {
    "https://dnevnik.example", "https://dnevnik.example:8443/base/", "HTTPS://DNEVNIK.EXAMPLE",
    "http://127.0.0.1:8080", "http://127.1.2.3", "http://[::1]:8080", "http://localhost:1234", "http://LOCALHOST",
  };
  static const char * const bad[] = {
    "http://dnevnik.example", "http://10.0.0.1", "http://[::2]", "http://localhost.evil.example", "http://128.0.0.1",
    "ftp://127.0.0.1", "file:///tmp/x", "dnevnik.example", "", "https://", "https://user:pw@dnevnik.example",
    "https://dnevnik.example/?x=1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DnevnikService) service = dnevnik_service_new (good[i], NULL, &error);

      g_test_message ("good: %s", good[i]);
      g_assert_no_error (error);
      g_assert_nonnull (service);
      g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
      g_assert_false (dnevnik_link_status_get_linked (dnevnik_service_get_link_status (service)));
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DnevnikService) service = dnevnik_service_new (bad[i], NULL, &error);

      g_test_message ("bad: %s", bad[i]);
      g_assert_null (service);
      g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_INSECURE_URL);
    }
}

static void
test_redact (void)
{
  static const struct {
    const char *in;
    const char *secret;
  } cases[] = {
    { "Authorization: Bearer abc.DEF-123", "abc.DEF-123" },
    { "authorization:   Bearer zzz-token", "zzz-token" },
    { "{\"access_token\": \"tok-A1\", \"refresh_token\":\"tok-R1\"}", "tok-A1" },
    { "{\"access_token\": \"tok-A1\", \"refresh_token\":\"tok-R1\"}", "tok-R1" },
    { "{\"login\":\"ivan\",\"password\":\"s3cr\\\"et\"}", "s3cr" },
    { "{\"request_id\":\"r\",\"code\":\"123456\"}", "123456" },
  };
  g_autofree char *kept = dnevnik_api_redact ("{\"error\": {\"code\": \"invalid_code\", \"attempts_left\": 2}}");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = dnevnik_api_redact (cases[i].in);

      g_test_message ("%s → %s", cases[i].in, out);
      g_assert_null (strstr (out, cases[i].secret));
      g_assert_nonnull (strstr (out, "[redacted]"));
    }

  /* Error codes are not secrets: they stay readable. */
  g_assert_nonnull (strstr (kept, "invalid_code"));
}

static void
test_tokens_serialize (void)
{
  g_autoptr(DnevnikTokens) tokens = dnevnik_tokens_new ("ivan", "acc\"ess", "refresh", 1790000000);
  g_autoptr(DnevnikTokens) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = dnevnik_tokens_serialize (tokens);

  back = dnevnik_tokens_deserialize ("ivan", text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->login, ==, "ivan");
  g_assert_cmpstr (back->access_token, ==, "acc\"ess");
  g_assert_cmpstr (back->refresh_token, ==, "refresh");
  g_assert_cmpint (back->expires_at, ==, 1790000000);

  g_assert_null (dnevnik_tokens_deserialize ("ivan", "{\"access_token\": \"a\"}", &error));
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_KEYRING);
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  g_ptr_array_add (user_data, (gpointer) g_param_spec_get_name (pspec));
}

static void
test_link_status_notify (void)
{
  g_autoptr(DnevnikLinkStatus) shared = NULL;
  g_autoptr(DnevnikLinkStatus) same = NULL;
  g_autoptr(GPtrArray) notified = g_ptr_array_new ();
  g_autoptr(GBytes) linked = bytes_of ("{\"linked\": true, \"account_id\": \"1\", \"profile_url\": \"https://max.ru/1\"}");
  g_autoptr(GError) error = NULL;

  shared = dnevnik_parse_link_status (linked, &error);
  g_assert_no_error (error);
  same = dnevnik_parse_link_status (linked, &error);
  g_assert_no_error (error);

  g_signal_connect (shared, "notify", G_CALLBACK (on_notify_cb), notified);

  /* The same status again changes nothing, so nothing is notified. */
  dnevnik_link_status_copy_from (shared, same);
  g_assert_cmpuint (notified->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service/json/limits", test_parse_limits);
  g_test_add_func ("/service/json/auth", test_parse_auth);
  g_test_add_func ("/service/json/profile", test_parse_profile);
  g_test_add_func ("/service/json/link-status", test_parse_link_status);
  g_test_add_func ("/service/json/diary", test_parse_diary);
  g_test_add_func ("/service/json/lists", test_parse_lists);
  g_test_add_func ("/service/json/link-request", test_parse_link_request);
  g_test_add_func ("/service/json/error-body", test_parse_error_body);
  g_test_add_func ("/service/error/details", test_error_details);
  g_test_add_func ("/service/error/russian", test_error_messages_russian);
  g_test_add_func ("/service/url", test_check_url);
  g_test_add_func ("/service/redact", test_redact);
  g_test_add_func ("/service/tokens/serialize", test_tokens_serialize);
  g_test_add_func ("/service/link-status/notify", test_link_status_notify);

  return g_test_run ();
}
