/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include <locale.h>

#include "dnevnik-api.h"
#include "dnevnik-memory-token-store.h"
#include "dnevnik-parse.h"
#include "dnevnik-test-hostile-server.h"
#include "dnevnik-test-service.h"

/* A real DnevnikService against a hostile server (dnevnik-test-hostile-
 * server.h): it cannot be fed without end, stalled by huge lists, sent
 * elsewhere by a redirect, or made to show or open spoofed text. */

/* Loopback socket buffers, on both sides, hold some megabytes the client
 * never asked for; the server counts them as written. */
#define SOCKET_BUFFER_HEADROOM (16 * 1024 * 1024)

#define assert_protocol(error) \
  g_assert_error ((error), DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_PROTOCOL)

typedef struct
{
  DnevnikTestHostileServer *server;
  DnevnikTokenStore        *store;
  DnevnikService           *service;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  DnevnikTestHostileMode mode = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;

  fixture->server = dnevnik_test_hostile_server_new ();
  fixture->store = dnevnik_memory_token_store_new ();

  /* Spoofed text reaches the profile read at sign-in too. */
  dnevnik_test_hostile_server_set_mode (fixture->server, mode == DNEVNIK_TEST_HOSTILE_SPOOFED_TEXT ? mode : DNEVNIK_TEST_HOSTILE_NONE);

  fixture->service = dnevnik_service_new (dnevnik_test_hostile_server_get_url (fixture->server),
                                          fixture->store, &error);
  g_assert_no_error (error);
  g_assert_true (dnevnik_test_service_sign_in (fixture->service, "ivan", "any", FALSE, &error));
  g_assert_no_error (error);

  dnevnik_test_hostile_server_set_mode (fixture->server, mode);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->service);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->server);
}

/* Item 8: a chunked reply that never ends is read up to the cap, then the
 * connection is dropped; the bytes it cost are the cap, not the stream.
 * The cap is no reason to refuse a big valid reply, though. */
static void
test_reply_cap (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GListModel) refused = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;
  guint64 written;

  refused = dnevnik_test_service_fetch_library (fixture->service, &error);
  g_assert_null (refused);
  assert_protocol (error);
  g_clear_error (&error);

  /* The server learns that the client hung up when its next write fails. */
  while (dnevnik_test_hostile_server_get_replies_done (fixture->server) == 0)
    g_main_context_iteration (NULL, TRUE);

  written = dnevnik_test_hostile_server_get_bytes_written (fixture->server);
  g_test_message ("the server wrote %" G_GUINT64_FORMAT " bytes of an endless reply", written);
  g_assert_cmpuint (written, >=, DNEVNIK_API_MAX_BODY_SIZE);
  g_assert_cmpuint (written, <=, DNEVNIK_API_MAX_BODY_SIZE + SOCKET_BUFFER_HEADROOM);

  dnevnik_test_hostile_server_set_mode (fixture->server, DNEVNIK_TEST_HOSTILE_NEAR_CAP);
  items = dnevnik_test_service_fetch_library (fixture->service, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);
}

/* Item 9: a day of 20,000 lessons is refused before a lesson is built. */
static void
test_many_lessons (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GListModel) days = NULL;
  g_autoptr(GError) error = NULL;

  days = dnevnik_test_service_fetch_week (fixture->service, &error);
  g_assert_null (days);
  assert_protocol (error);
  g_assert_cmpuint (dnevnik_test_hostile_server_get_hits (fixture->server, "/api/v1/diary"), ==, 1);
}

static GBytes *
day_with_lessons (guint count)
{
  g_autoptr(GString) json = g_string_new ("{\"days\": [{\"date\": \"2026-11-23\", \"lessons\": [");

  for (guint i = 0; i < count; i++)
    g_string_append_printf (json, "%s{\"id\": \"l%u\", \"number\": 1, \"subject\": \"Алгебра\","
                            " \"start_time\": \"08:30\", \"end_time\": \"09:15\"}",
                            i > 0 ? ", " : "", i);
  g_string_append (json, "]}]}");

  return g_string_free_to_bytes (g_steal_pointer (&json));
}

/* The bound is exact: a day at it is shown whole, one more is refused. */
static void
test_lessons_bound (void)
{
  g_autoptr(GBytes) at_bound = day_with_lessons (DNEVNIK_PARSE_MAX_LESSONS_PER_DAY);
  g_autoptr(GBytes) past_bound = day_with_lessons (DNEVNIK_PARSE_MAX_LESSONS_PER_DAY + 1);
  g_autoptr(GListModel) days = NULL;
  g_autoptr(GListModel) refused = NULL;
  g_autoptr(DnevnikDiaryDay) day = NULL;
  g_autoptr(GError) error = NULL;

  days = dnevnik_parse_diary (at_bound, NULL, NULL, &error);
  g_assert_no_error (error);
  day = g_list_model_get_item (days, 0);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_diary_day_get_lessons (day)), ==,
                    DNEVNIK_PARSE_MAX_LESSONS_PER_DAY);

  refused = dnevnik_parse_diary (past_bound, NULL, NULL, &error);
  g_assert_null (refused);
  assert_protocol (error);
}

/* Item 9: 20,000 library items, achievements, link events. */
static void
test_many_items (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GListModel) library = NULL;
  g_autoptr(GListModel) portfolio = NULL;
  g_autoptr(GListModel) history = NULL;
  g_autoptr(GError) library_error = NULL;
  g_autoptr(GError) portfolio_error = NULL;
  g_autoptr(GError) history_error = NULL;

  library = dnevnik_test_service_fetch_library (fixture->service, &library_error);
  g_assert_null (library);
  assert_protocol (library_error);

  portfolio = dnevnik_test_service_fetch_portfolio (fixture->service, &portfolio_error);
  g_assert_null (portfolio);
  assert_protocol (portfolio_error);

  history = dnevnik_test_service_fetch_link_history (fixture->service, &history_error);
  g_assert_null (history);
  assert_protocol (history_error);
}

/* Items 10 and 12: every field a person reads keeps its visible text
 * (markup included, as text) and loses controls and bidi overrides. */
static void
test_spoofed_text (Fixture       *fixture,
                   gconstpointer  data)
{
  DnevnikProfile *profile = dnevnik_service_get_profile (fixture->service);
  g_autoptr(GListModel) days = NULL;
  g_autoptr(GListModel) library = NULL;
  g_autoptr(GListModel) portfolio = NULL;
  g_autoptr(DnevnikDiaryDay) day = NULL;
  g_autoptr(DnevnikLesson) lesson = NULL;
  g_autoptr(DnevnikMark) mark = NULL;
  g_autoptr(DnevnikLibraryItem) item = NULL;
  g_autoptr(DnevnikAchievement) achievement = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *homework;

  g_assert_nonnull (profile);
  g_assert_cmpstr (dnevnik_profile_get_login (profile), ==, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);
  g_assert_cmpstr (dnevnik_profile_get_first_name (profile), ==, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);
  g_assert_cmpstr (dnevnik_profile_get_last_name (profile), ==, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);
  g_assert_cmpstr (dnevnik_profile_get_middle_name (profile), ==, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);
  g_assert_cmpstr (dnevnik_profile_get_school (profile), ==, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);
  g_assert_cmpstr (dnevnik_profile_get_class_name (profile), ==, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);

  days = dnevnik_test_service_fetch_week (fixture->service, &error);
  g_assert_no_error (error);
  day = g_list_model_get_item (days, 0);
  lesson = g_list_model_get_item (dnevnik_diary_day_get_lessons (day), 0);
  g_assert_cmpstr (dnevnik_lesson_get_subject (lesson), ==, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);
  g_assert_cmpstr (dnevnik_lesson_get_room (lesson), ==, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);
  g_assert_cmpstr (dnevnik_lesson_get_teacher (lesson), ==, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);
  homework = dnevnik_lesson_get_homework (lesson);
  g_assert_cmpstr (homework[0], ==, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);
  mark = g_list_model_get_item (dnevnik_lesson_get_marks (lesson), 0);
  g_assert_cmpstr (dnevnik_mark_get_value (mark), ==, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);
  g_assert_cmpstr (dnevnik_mark_get_comment (mark), ==, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);

  library = dnevnik_test_service_fetch_library (fixture->service, &error);
  g_assert_no_error (error);
  item = g_list_model_get_item (library, 0);
  g_assert_cmpstr (dnevnik_library_item_get_title (item), ==, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);
  g_assert_cmpstr (dnevnik_library_item_get_subject (item), ==, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);
  g_assert_cmpstr (dnevnik_library_item_get_kind (item), ==, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);

  portfolio = dnevnik_test_service_fetch_portfolio (fixture->service, &error);
  g_assert_no_error (error);
  achievement = g_list_model_get_item (portfolio, 0);
  g_assert_cmpstr (dnevnik_achievement_get_title (achievement), ==, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);
  g_assert_cmpstr (dnevnik_achievement_get_level (achievement), ==, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);
  g_assert_cmpstr (dnevnik_achievement_get_kind (achievement), ==, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);
}

static void
assert_library_refused (Fixture *fixture)
{
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;

  items = dnevnik_test_service_fetch_library (fixture->service, &error);
  g_assert_null (items);
  assert_protocol (error);
}

/* Item 11: a redirect is followed only within the server's origin, and
 * not for ever. */
static void
test_redirects (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DnevnikLibraryItem) item = NULL;

  /* Another host, whose data must not be taken. */
  assert_library_refused (fixture);
  g_assert_cmpuint (dnevnik_test_hostile_server_get_elsewhere_hits (fixture->server), ==, 0);
  g_assert_cmpuint (dnevnik_test_hostile_server_get_hits (fixture->server, "/api/v1/library"), ==, 1);

  /* Another scheme on the same host and port. */
  dnevnik_test_hostile_server_set_mode (fixture->server, DNEVNIK_TEST_HOSTILE_REDIRECT_OTHER_SCHEME);
  assert_library_refused (fixture);
  g_assert_cmpuint (dnevnik_test_hostile_server_get_hits (fixture->server, "/api/v1/library"), ==, 1);

  /* A loop on the same origin: a few hops, then PROTOCOL. */
  dnevnik_test_hostile_server_set_mode (fixture->server, DNEVNIK_TEST_HOSTILE_REDIRECT_LOOP);
  assert_library_refused (fixture);
  g_assert_cmpuint (dnevnik_test_hostile_server_get_hits (fixture->server, "/api/v1/library"), ==,
                    1 + DNEVNIK_API_MAX_REDIRECTS);

  /* The same origin, once: followed. */
  dnevnik_test_hostile_server_set_mode (fixture->server, DNEVNIK_TEST_HOSTILE_REDIRECT_SAME_ORIGIN);
  items = dnevnik_test_service_fetch_library (fixture->service, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);
  item = g_list_model_get_item (items, 0);
  g_assert_cmpstr (dnevnik_library_item_get_id (item), ==, "b0");
  g_assert_cmpuint (dnevnik_test_hostile_server_get_hits (fixture->server, "/api/v1/library"), ==, 2);
}

/* Item 12 and the fields of a known format: a link status whose address
 * would open somewhere else, or whose account id or phone carries more
 * than its format allows, is refused whole. */
static void
test_link_fields (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const refused[] = {
    "{\"linked\": true, \"account_id\": \"7003921845\", \"profile_url\": \"https://max.ru@evil.example/sferum\"}",
    "{\"linked\": true, \"account_id\": \"7003921845\", \"profile_url\": \"https://user:pw@max.ru/sferum\"}",
    "{\"linked\": true, \"account_id\": \"7003921845\", \"profile_url\": \"http://max.ru/sferum\"}",
    "{\"linked\": true, \"account_id\": \"7003921845\", \"profile_url\": \"javascript:alert(1)\"}",
    "{\"linked\": true, \"account_id\": \"7003921845\", \"profile_url\": \"https://max.ru/\\u202egnp.exe\"}",
    "{\"linked\": true, \"account_id\": \"<b>7003921845</b>\", \"profile_url\": \"https://max.ru/1\"}",
    "{\"linked\": true, \"account_id\": \"\\u202e5481293007\", \"profile_url\": \"https://max.ru/1\"}",
    "{\"linked\": true, \"account_id\": \"7003921845\", \"profile_url\": \"https://max.ru/1\","
    " \"phone_masked\": \"+7 916 \\u202e76-**-***\"}",
    "{\"linked\": true, \"account_id\": \"7003921845\", \"profile_url\": \"https://max.ru/1\","
    " \"phone_masked\": \"<i>+7 916</i>\"}",
  };
  g_autoptr(GError) error = NULL;
  DnevnikLinkStatus *status;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) local_error = NULL;

      g_test_message ("refused: %s", refused[i]);
      dnevnik_test_hostile_server_set_link_status (fixture->server, refused[i]);
      g_assert_false (dnevnik_test_service_refresh_link_status (fixture->service, &local_error));
      assert_protocol (local_error);
      g_assert_false (dnevnik_link_status_get_linked (dnevnik_service_get_link_status (fixture->service)));
    }

  dnevnik_test_hostile_server_set_link_status (fixture->server,
                                               "{\"linked\": true, \"account_id\": \"7003921845\","
                                               " \"phone_masked\": \"+7 916 ***-**-67\","
                                               " \"profile_url\": \"https://max.ru/sferum/profile/7003921845\"}");
  g_assert_true (dnevnik_test_service_refresh_link_status (fixture->service, &error));
  g_assert_no_error (error);
  status = dnevnik_service_get_link_status (fixture->service);
  g_assert_true (dnevnik_link_status_get_linked (status));
  g_assert_cmpstr (dnevnik_link_status_get_account_id (status), ==, "7003921845");
  g_assert_cmpstr (dnevnik_link_status_get_phone_masked (status), ==, "+7 916 ***-**-67");
  g_assert_cmpstr (dnevnik_link_status_get_profile_url (status), ==, "https://max.ru/sferum/profile/7003921845");
}

static void
add_test (const char             *path,
          DnevnikTestHostileMode  mode,
          void                  (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, GINT_TO_POINTER (mode), fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  add_test ("/service/hostile/reply-cap", DNEVNIK_TEST_HOSTILE_ENDLESS_CHUNKED, test_reply_cap);
  add_test ("/service/hostile/many-lessons", DNEVNIK_TEST_HOSTILE_MANY_LESSONS, test_many_lessons);
  g_test_add_func ("/service/hostile/lessons-bound", test_lessons_bound);
  add_test ("/service/hostile/many-items", DNEVNIK_TEST_HOSTILE_MANY_ITEMS, test_many_items);
  add_test ("/service/hostile/spoofed-text", DNEVNIK_TEST_HOSTILE_SPOOFED_TEXT, test_spoofed_text);
  add_test ("/service/hostile/redirects", DNEVNIK_TEST_HOSTILE_REDIRECT_OTHER_HOST, test_redirects);
  add_test ("/service/hostile/link-fields", DNEVNIK_TEST_HOSTILE_NONE, test_link_fields);

  return g_test_run ();
}
