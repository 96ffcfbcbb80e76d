/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "dnevnik-test-sandbox-util.h"

/* The sandbox's accounts, tokens, diary data, state on disk and answers
 * to bad input, over real HTTP to a real dnevnik-sandbox process. */

#define TODAY "--today=2026-11-25"

/* POST /api/v1/auth/refresh with @refresh_token */
static JsonNode *
refresh_session (DnevnikTestSandbox *sandbox,
                 const char         *refresh_token,
                 guint               expected_status)
{
  g_autofree char *body = g_strdup_printf ("{\"refresh_token\": \"%s\"}", refresh_token);

  return dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/auth/refresh", NULL, body, expected_status);
}

static void
test_sandbox_login (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new (TODAY, NULL);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) wrong = NULL;
  g_autoptr(JsonNode) unknown = NULL;
  JsonObject *object;

  reply = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/auth/login", NULL,
                                     "{\"login\": \"maria\", \"password\": \"dnevnik\"}", SOUP_STATUS_OK);
  object = object_of (reply);
  g_assert_cmpstr (json_object_get_string_member (object, "token_type"), ==, "Bearer");
  g_assert_cmpstr (json_object_get_string_member (object, "profile_id"), ==, "1002");
  g_assert_cmpint (json_object_get_int_member (object, "expires_in"), ==, 900);
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "access_token")), >=, 43);
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "refresh_token")), >=, 43);
  g_assert_cmpstr (json_object_get_string_member (object, "access_token"), !=,
                   json_object_get_string_member (object, "refresh_token"));

  wrong = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/auth/login", NULL,
                                     "{\"login\": \"maria\", \"password\": \"Dnevnik\"}", SOUP_STATUS_UNAUTHORIZED);
  assert_error (wrong, "invalid_credentials");
  unknown = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/auth/login", NULL,
                                       "{\"login\": \"nobody\", \"password\": \"dnevnik\"}", SOUP_STATUS_UNAUTHORIZED);
  assert_error (unknown, "invalid_credentials");
}

static void
test_sandbox_login_throttling (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(JsonNode) throttled = NULL;
  g_autoptr(JsonNode) right_password = NULL;
  g_autofree char *other = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/auth/login", NULL,
                                                             "{\"login\": \"ivan\", \"password\": \"guess\"}",
                                                             SOUP_STATUS_UNAUTHORIZED);
      assert_error (reply, "invalid_credentials");
    }

  throttled = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/auth/login", NULL,
                                         "{\"login\": \"ivan\", \"password\": \"guess\"}", 429);
  assert_error (throttled, "too_many_attempts");
  g_assert_cmpint (error_member (throttled, "retry_after"), >, 0);
  g_assert_cmpint (error_member (throttled, "retry_after"), <=, 300);

  /* Even the right password waits: that is the point of throttling. */
  right_password = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/auth/login", NULL,
                                              "{\"login\": \"ivan\", \"password\": \"dnevnik\"}", 429);
  assert_error (right_password, "too_many_attempts");

  /* Other logins are not affected. */
  other = dnevnik_test_sandbox_login (sandbox, "olga", NULL);
  g_assert_nonnull (other);
}

static void
test_sandbox_tokens (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *refresh = NULL;
  g_autofree char *access = dnevnik_test_sandbox_login (sandbox, "ivan", &refresh);
  g_autoptr(JsonNode) profile = NULL;
  g_autoptr(JsonNode) refreshed = NULL;
  g_autoptr(JsonNode) reused = NULL;
  g_autoptr(JsonNode) old_access = NULL;
  g_autoptr(JsonNode) new_profile = NULL;
  g_autoptr(JsonNode) after_logout = NULL;
  g_autoptr(JsonNode) refresh_after_logout = NULL;
  g_autoptr(JsonNode) no_token = NULL;
  g_autoptr(JsonNode) bad_token = NULL;
  const char *new_access;

  profile = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/profile", access, NULL, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (object_of (profile), "login"), ==, "ivan");

  /* Rotation: the refresh token works once, and the old pair dies. */
  refreshed = refresh_session (sandbox, refresh, SOUP_STATUS_OK);
  new_access = json_object_get_string_member (object_of (refreshed), "access_token");
  g_assert_cmpstr (json_object_get_string_member (object_of (refreshed), "refresh_token"), !=, refresh);
  g_assert_cmpstr (new_access, !=, access);
  g_assert_cmpstr (json_object_get_string_member (object_of (refreshed), "profile_id"), ==, "1001");

  reused = refresh_session (sandbox, refresh, SOUP_STATUS_UNAUTHORIZED);
  assert_error (reused, "invalid_token");
  old_access = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/profile", access, NULL, SOUP_STATUS_UNAUTHORIZED);
  assert_error (old_access, "invalid_token");
  new_profile = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/profile", new_access, NULL, SOUP_STATUS_OK);

  /* Logout revokes both tokens of the pair. */
  g_assert_null (dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/auth/logout", new_access, NULL,
                                            SOUP_STATUS_NO_CONTENT));
  after_logout = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/profile", new_access, NULL,
                                            SOUP_STATUS_UNAUTHORIZED);
  assert_error (after_logout, "invalid_token");
  refresh_after_logout = refresh_session (sandbox,
                                          json_object_get_string_member (object_of (refreshed), "refresh_token"),
                                          SOUP_STATUS_UNAUTHORIZED);
  assert_error (refresh_after_logout, "invalid_token");

  no_token = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/profile", NULL, NULL, SOUP_STATUS_UNAUTHORIZED);
  assert_error (no_token, "invalid_token");
  bad_token = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/auth/logout", "not-a-token", NULL,
                                         SOUP_STATUS_UNAUTHORIZED);
  assert_error (bad_token, "invalid_token");
}

static void
test_sandbox_token_expiry (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new ("--token-ttl=1", NULL);
  g_autofree char *refresh = NULL;
  g_autofree char *access = dnevnik_test_sandbox_login (sandbox, "ivan", &refresh);
  g_autoptr(JsonNode) expired = NULL;
  g_autoptr(JsonNode) refreshed = NULL;
  g_autoptr(JsonNode) fresh = NULL;

  dnevnik_test_loop_spin (1300);

  expired = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/profile", access, NULL, SOUP_STATUS_UNAUTHORIZED);
  assert_error (expired, "invalid_token");

  /* The refresh token outlives the access token. */
  refreshed = refresh_session (sandbox, refresh, SOUP_STATUS_OK);
  g_assert_cmpint (json_object_get_int_member (object_of (refreshed), "expires_in"), ==, 1);
  fresh = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/profile",
                                     json_object_get_string_member (object_of (refreshed), "access_token"),
                                     NULL, SOUP_STATUS_OK);
}

static void
test_sandbox_profile (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  static const struct
  {
    const char *login;
    const char *id;
    const char *name;
    const char *class_name;
  } students[] = {
    { "ivan",  "1001", "Иван",  "8 «Б»" },
    { "maria", "1002", "Мария", "8 «Б»" },
    { "olga",  "1003", "Ольга", "10 «А»" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (students); i++)
    {
      g_autofree char *token = dnevnik_test_sandbox_login (sandbox, students[i].login, NULL);
      g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/profile", token, NULL,
                                                             SOUP_STATUS_OK);
      JsonObject *profile = object_of (reply);

      g_assert_cmpstr (json_object_get_string_member (profile, "id"), ==, students[i].id);
      g_assert_cmpstr (json_object_get_string_member (profile, "login"), ==, students[i].login);
      g_assert_cmpstr (json_object_get_string_member (profile, "first_name"), ==, students[i].name);
      g_assert_cmpstr (json_object_get_string_member (profile, "class_name"), ==, students[i].class_name);
      g_assert_cmpstr (json_object_get_string_member (profile, "school"), ==, "ГБОУ Школа № 1535");
      g_assert_nonnull (json_object_get_string_member (profile, "last_name"));
      g_assert_nonnull (json_object_get_string_member (profile, "middle_name"));
    }
}

static JsonArray *
get_days (JsonNode *reply)
{
  return json_object_get_array_member (object_of (reply), "days");
}

static void
test_sandbox_diary (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new (TODAY, NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autoptr(JsonNode) week = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) year = NULL;
  g_autofree char *week_text = NULL;
  g_autofree char *again_text = NULL;
  JsonArray *days;
  guint lessons = 0;
  guint marks_after_today = 0;
  guint holidays = 0;

  /* Monday 23 to Sunday 29 November 2026 */
  week = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/diary?from=2026-11-23&to=2026-11-29", token, NULL,
                                    SOUP_STATUS_OK);
  days = get_days (week);
  g_assert_cmpuint (json_array_get_length (days), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (object_of (week), "from"), ==, "2026-11-23");

  for (guint d = 0; d < 7; d++)
    {
      JsonObject *day = json_array_get_object_element (days, d);
      JsonArray *day_lessons = json_object_get_array_member (day, "lessons");
      guint n = json_array_get_length (day_lessons);
      g_autofree char *date = g_strdup_printf ("2026-11-%02u", 23 + d);

      g_assert_cmpstr (json_object_get_string_member (day, "date"), ==, date);
      g_assert_false (json_object_get_boolean_member (day, "holiday"));

      if (d == 6)
        g_assert_cmpuint (n, ==, 0);          /* Sunday */
      else if (d == 5)
        g_assert_cmpuint (n, ==, 4);          /* a short Saturday */
      else
        {
          g_assert_cmpuint (n, >=, 5);
          g_assert_cmpuint (n, <=, 7);
        }

      for (guint l = 0; l < n; l++)
        {
          JsonObject *lesson = json_array_get_object_element (day_lessons, l);

          g_assert_cmpint (json_object_get_int_member (lesson, "number"), ==, l + 1);
          g_assert_nonnull (json_object_get_string_member (lesson, "subject"));
          g_assert_nonnull (json_object_get_string_member (lesson, "teacher"));
          g_assert_nonnull (json_object_get_string_member (lesson, "room"));
          g_assert_cmpuint (strlen (json_object_get_string_member (lesson, "start_time")), ==, 5);
          g_assert_cmpuint (strlen (json_object_get_string_member (lesson, "end_time")), ==, 5);
          g_assert_nonnull (json_object_get_array_member (lesson, "homework"));
          if (d > 2)
            marks_after_today += json_array_get_length (json_object_get_array_member (lesson, "marks"));
          lessons++;
        }
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (json_array_get_object_element (days, 0), "lessons"), 0),
                   "start_time"), ==, "08:30");
  g_assert_cmpuint (lessons, ==, 34);
  g_assert_cmpuint (marks_after_today, ==, 0);   /* no marks after --today */

  /* The same week every time: the data is deterministic. */
  again = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/diary?from=2026-11-23&to=2026-11-29", token, NULL,
                                     SOUP_STATUS_OK);
  week_text = json_to_string (week, FALSE);
  again_text = json_to_string (again, FALSE);
  g_assert_cmpstr (week_text, ==, again_text);

  /* A whole school year, with its holidays. */
  year = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/diary?from=2026-09-01&to=2027-05-31", token, NULL,
                                    SOUP_STATUS_OK);
  days = get_days (year);
  g_assert_cmpuint (json_array_get_length (days), ==, 273);
  lessons = 0;
  for (guint d = 0; d < json_array_get_length (days); d++)
    {
      JsonObject *day = json_array_get_object_element (days, d);
      guint n = json_array_get_length (json_object_get_array_member (day, "lessons"));

      if (json_object_get_boolean_member (day, "holiday"))
        {
          g_assert_cmpuint (n, ==, 0);
          holidays++;
        }
      lessons += n;

      if (g_str_equal (json_object_get_string_member (day, "date"), "2027-01-01") ||
          g_str_equal (json_object_get_string_member (day, "date"), "2026-11-04"))
        g_assert_true (json_object_get_boolean_member (day, "holiday"));
    }
  g_assert_cmpuint (holidays, >=, 30);
  g_assert_cmpuint (lessons, >=, 1100);
  g_assert_cmpuint (lessons, <=, 1300);
}

static void
test_sandbox_diary_bad_range (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  static const char * const queries[] = {
    "",
    "?from=2026-11-23",
    "?to=2026-11-23",
    "?from=2026-11-29&to=2026-11-23",
    "?from=2026-02-30&to=2026-03-01",
    "?from=23.11.2026&to=29.11.2026",
    "?from=2026-11-23&to=2026-11-2x",
    "?from=2026-01-01&to=2027-01-02",   /* 367 days */
  };
  g_autoptr(JsonNode) longest = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *path = g_strconcat ("/api/v1/diary", queries[i], NULL);
      g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (sandbox, "GET", path, token, NULL,
                                                             SOUP_STATUS_BAD_REQUEST);

      assert_error (reply, "bad_range");
    }

  longest = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/diary?from=2026-01-01&to=2027-01-01", token, NULL,
                                       SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (get_days (longest)), ==, 366);
}

static void
test_sandbox_library_portfolio (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new (TODAY, NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "olga", NULL);
  g_autoptr(JsonNode) library = NULL;
  g_autoptr(JsonNode) portfolio = NULL;
  static const char * const kinds[] = { "textbook", "video", "workbook", "test", "article", NULL };
  static const char * const levels[] = { "school", "district", "city", "regional", "national", "international", NULL };
  JsonArray *items;

  library = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/library", token, NULL, SOUP_STATUS_OK);
  items = json_object_get_array_member (object_of (library), "items");
  g_assert_cmpuint (json_array_get_length (items), >=, 10);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      g_assert_nonnull (json_object_get_string_member (item, "id"));
      g_assert_nonnull (json_object_get_string_member (item, "title"));
      g_assert_nonnull (json_object_get_string_member (item, "subject"));
      g_assert_true (g_strv_contains (kinds, json_object_get_string_member (item, "kind")));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (item, "url"), "https://"));
    }

  portfolio = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/portfolio", token, NULL, SOUP_STATUS_OK);
  items = json_object_get_array_member (object_of (portfolio), "achievements");
  g_assert_cmpuint (json_array_get_length (items), ==, 8);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      GDate date;

      g_assert_nonnull (json_object_get_string_member (item, "title"));
      g_assert_true (g_strv_contains (levels, json_object_get_string_member (item, "level")));
      g_assert_nonnull (json_object_get_string_member (item, "kind"));
      g_date_set_parse (&date, json_object_get_string_member (item, "date"));
      g_assert_true (g_date_valid (&date));
      g_assert_cmpstr (json_object_get_string_member (item, "date"), <=, "2026-11-25");
      g_assert_cmpstr (json_object_get_string_member (item, "date"), >=, "2025-09-01");
    }
}

static void
assert_status (DnevnikTestSandbox *sandbox,
               const char         *method,
               const char         *path,
               const char         *token,
               const char         *body,
               guint               status,
               const char         *code)
{
  g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (sandbox, method, path, token, body, status);

  assert_error (reply, code);
}

static void
test_sandbox_bad_input (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autofree char *big = NULL;
  g_autofree char *just_fits = NULL;
  g_autoptr(GBytes) reply = NULL;
  guint status;
  static const char * const bad_bodies[] = {
    "",
    "{",
    "not json",
    "[]",
    "\"login\"",
    "42",
    "{\"login\": 1, \"password\": \"dnevnik\"}",
    "{\"login\": \"ivan\", \"password\": null}",
    "{\"login\": \"ivan\"}",
    "{\"login\": [\"ivan\"], \"password\": \"dnevnik\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_bodies); i++)
    assert_status (sandbox, "POST", "/api/v1/auth/login", NULL, bad_bodies[i], SOUP_STATUS_BAD_REQUEST, "bad_request");

  assert_status (sandbox, "POST", "/api/v1/auth/refresh", NULL, "{\"refresh_token\": 7}", SOUP_STATUS_BAD_REQUEST,
                 "bad_request");
  assert_status (sandbox, "POST", "/api/v1/sferum/link/start", token, "{\"phone\": 79161234567}",
                 SOUP_STATUS_BAD_REQUEST, "bad_request");
  assert_status (sandbox, "POST", "/api/v1/sferum/link/confirm", token, "{\"request_id\": \"x\"}",
                 SOUP_STATUS_BAD_REQUEST, "bad_request");
  assert_status (sandbox, "POST", "/sandbox/faults", NULL, "{\"path\": \"/x\", \"kind\": \"explode\", \"count\": 1}",
                 SOUP_STATUS_BAD_REQUEST, "bad_request");
  assert_status (sandbox, "POST", "/sandbox/faults", NULL, "{\"path\": \"/x\", \"kind\": \"drop\", \"count\": -1}",
                 SOUP_STATUS_BAD_REQUEST, "bad_request");

  /* Unknown paths and wrong methods */
  assert_status (sandbox, "GET", "/api/v1/nothing", token, NULL, SOUP_STATUS_NOT_FOUND, "not_found");
  assert_status (sandbox, "GET", "/", NULL, NULL, SOUP_STATUS_NOT_FOUND, "not_found");
  assert_status (sandbox, "GET", "/api/v1/auth/login", NULL, NULL, SOUP_STATUS_METHOD_NOT_ALLOWED,
                 "method_not_allowed");
  assert_status (sandbox, "PUT", "/api/v1/sferum/link", token, "{}", SOUP_STATUS_METHOD_NOT_ALLOWED,
                 "method_not_allowed");
  assert_status (sandbox, "POST", "/api/v1/profile", token, "{}", SOUP_STATUS_METHOD_NOT_ALLOWED,
                 "method_not_allowed");

  /* 64 KiB is the limit: one byte more is refused. */
  big = g_strnfill (64 * 1024 + 1, ' ');
  big[0] = '{';
  big[64 * 1024] = '}';
  assert_status (sandbox, "POST", "/api/v1/auth/login", NULL, big, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                 "payload_too_large");
  just_fits = g_strnfill (64 * 1024, ' ');
  just_fits[0] = '{';
  just_fits[64 * 1024 - 1] = '}';
  assert_status (sandbox, "POST", "/api/v1/auth/login", NULL, just_fits, SOUP_STATUS_BAD_REQUEST, "bad_request");

  /* The server is still fine. */
  reply = dnevnik_test_sandbox_request (sandbox, "GET", "/api/v1/library", NULL, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_UNAUTHORIZED);
}

static void
test_sandbox_method_not_allowed_header (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  g_autofree char *uri = g_strconcat (dnevnik_test_sandbox_get_url (sandbox), "/api/v1/sferum/link", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("PATCH", uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (message), "Allow"), ==,
                   "GET, DELETE");
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (soup_message_get_response_headers (message),
                                                                          NULL),
                                   "application/json"));
}

static void
test_sandbox_persistence (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *refresh = NULL;
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", &refresh);
  g_autofree char *request_id = start_link (sandbox, token, "+7 916 123-45-67");
  g_autofree char *code = dnevnik_test_sandbox_get_last_code (sandbox, "+79161234567");
  g_autoptr(JsonNode) linked = confirm_link (sandbox, token, request_id, code, SOUP_STATUS_OK);
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autofree char *code_after = NULL;
  g_autoptr(JsonNode) refreshed = NULL;

  g_assert_true (json_object_get_boolean_member (object_of (linked), "linked"));
  dnevnik_test_sandbox_restart (sandbox);

  /* Tokens, links, history and the outbox all survive. */
  status = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/sferum/link", token, NULL, SOUP_STATUS_OK);
  g_assert_true (json_object_get_boolean_member (object_of (status), "linked"));
  g_assert_cmpstr (json_object_get_string_member (object_of (status), "account_id"), ==, "7005518230");
  history = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/sferum/link/history", token, NULL, SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (history), "events")), ==, 1);
  code_after = dnevnik_test_sandbox_get_last_code (sandbox, "+79161234567");
  g_assert_cmpstr (code_after, ==, code);
  refreshed = refresh_session (sandbox, refresh, SOUP_STATUS_OK);
}

static void
test_sandbox_reset (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "maria", NULL);
  g_autoptr(JsonNode) unlinked = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(JsonNode) old_token = NULL;
  g_autofree char *outbox = NULL;
  g_autofree char *ivan = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autofree char *request_id = start_link (sandbox, ivan, "+79035550102");
  g_autofree char *code = NULL;
  gsize outbox_length;
  g_autofree char *new_token = NULL;
  g_autofree char *db_option = NULL;
  g_autofree char *outbox_option = NULL;
  g_autoptr(DnevnikTestSandbox) reset = NULL;

  unlinked = dnevnik_test_sandbox_call (sandbox, "DELETE", "/api/v1/sferum/link", token, NULL, SOUP_STATUS_OK);
  g_assert_false (json_object_get_boolean_member (object_of (unlinked), "linked"));
  dnevnik_test_sandbox_stop (sandbox);

  /* A second sandbox on the same files, started with --reset. */
  db_option = g_strdup_printf ("--db=%s", dnevnik_test_sandbox_get_db_path (sandbox));
  outbox_option = g_strdup_printf ("--sms-outbox=%s", dnevnik_test_sandbox_get_outbox_path (sandbox));
  reset = dnevnik_test_sandbox_new ("--reset", db_option, outbox_option, NULL);

  old_token = dnevnik_test_sandbox_call (reset, "GET", "/api/v1/sferum/link", token, NULL, SOUP_STATUS_UNAUTHORIZED);
  assert_error (old_token, "invalid_token");

  new_token = dnevnik_test_sandbox_login (reset, "maria", NULL);
  status = dnevnik_test_sandbox_call (reset, "GET", "/api/v1/sferum/link", new_token, NULL, SOUP_STATUS_OK);
  g_assert_true (json_object_get_boolean_member (object_of (status), "linked"));
  g_assert_cmpstr (json_object_get_string_member (object_of (status), "account_id"), ==, "7003921845");
  history = dnevnik_test_sandbox_call (reset, "GET", "/api/v1/sferum/link/history", new_token, NULL, SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (history), "events")), ==, 1);

  code = dnevnik_test_sandbox_get_last_code (reset, NULL);
  g_assert_null (code);
  g_assert_true (g_file_get_contents (dnevnik_test_sandbox_get_outbox_path (reset), &outbox, &outbox_length, NULL));
  g_assert_cmpuint (outbox_length, ==, 0);
}

static void
assert_mode (const char *path,
             guint       mode)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

static void
test_sandbox_file_modes (void)
{
  /* Directories that do not exist yet are made private too. */
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new ("--db=state/db/sandbox.sqlite",
                                                                    "--sms-outbox=state/sms/outbox.jsonl", NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autofree char *request_id = start_link (sandbox, token, "+79161234567");
  g_autofree char *db_dir = g_path_get_dirname (dnevnik_test_sandbox_get_db_path (sandbox));
  g_autofree char *outbox_dir = g_path_get_dirname (dnevnik_test_sandbox_get_outbox_path (sandbox));
  g_autofree char *wal = g_strconcat (dnevnik_test_sandbox_get_db_path (sandbox), "-wal", NULL);

  g_assert_true (g_str_has_suffix (dnevnik_test_sandbox_get_db_path (sandbox), "state/db/sandbox.sqlite"));
  assert_mode (db_dir, 0700);
  assert_mode (outbox_dir, 0700);
  assert_mode (dnevnik_test_sandbox_get_db_path (sandbox), 0600);
  assert_mode (dnevnik_test_sandbox_get_outbox_path (sandbox), 0600);
  assert_mode (wal, 0600);

  /* A clean stop checkpoints the WAL into the database file. */
  dnevnik_test_sandbox_stop (sandbox);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  assert_mode (dnevnik_test_sandbox_get_db_path (sandbox), 0600);
}

static void
test_sandbox_bad_options (void)
{
  static const char * const bad[] = {
    "--today=2026-13-01",
    "--port=70000",
    "--code-ttl=0",
    "--fault=/api/v1/profile:explode:1",
    "--fault-rate=/api/v1/profile:drop:2",
    "--no-such-option",
  };
  const char *binary = g_getenv ("DNEVNIK_SANDBOX");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *tmp = g_dir_make_tmp ("dnevnik-sandbox-XXXXXX", NULL);
      g_autofree char *db = g_strdup_printf ("--db=%s/db.sqlite", tmp);
      g_autofree char *outbox = g_strdup_printf ("--sms-outbox=%s/sms.jsonl", tmp);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                  binary, "--port=0", db, outbox, bad[i], NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (process));
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_nonnull (strstr (err, "dnevnik-sandbox:"));

      /* Options are checked before any file is touched. */
      g_assert_cmpint (g_remove (tmp), ==, 0);
    }
}

static void
test_sandbox_help (void)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_getenv ("DNEVNIK_SANDBOX"), "--help", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  for (guint i = 0; i < 10; i++)
    {
      static const char * const options[] = {
        "--port", "--db", "--sms-outbox", "--today", "--code-ttl", "--token-ttl", "--max-attempts",
        "--resend-cooldown", "--reset", "--fault",
      };

      g_assert_nonnull (strstr (out, options[i]));
    }
  g_assert_null (strstr (out, "--kdf-iterations"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/login", test_sandbox_login);
  g_test_add_func ("/sandbox/login-throttling", test_sandbox_login_throttling);
  g_test_add_func ("/sandbox/tokens", test_sandbox_tokens);
  g_test_add_func ("/sandbox/token-expiry", test_sandbox_token_expiry);
  g_test_add_func ("/sandbox/profile", test_sandbox_profile);
  g_test_add_func ("/sandbox/diary", test_sandbox_diary);
  g_test_add_func ("/sandbox/diary-bad-range", test_sandbox_diary_bad_range);
  g_test_add_func ("/sandbox/library-portfolio", test_sandbox_library_portfolio);
  g_test_add_func ("/sandbox/bad-input", test_sandbox_bad_input);
  g_test_add_func ("/sandbox/method-not-allowed-header", test_sandbox_method_not_allowed_header);
  g_test_add_func ("/sandbox/persistence", test_sandbox_persistence);
  g_test_add_func ("/sandbox/reset", test_sandbox_reset);
  g_test_add_func ("/sandbox/file-modes", test_sandbox_file_modes);
  g_test_add_func ("/sandbox/bad-options", test_sandbox_bad_options);
  g_test_add_func ("/sandbox/help", test_sandbox_help);

  return g_test_run ();
}
