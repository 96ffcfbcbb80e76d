/* SPDX-License-Identifier: GPL-3.0-or-later */

/* DnevnikService on the МЭШ / «Моя школа» provider, against the replay
 * server of tests/data/mesh/: a session from a token obtained on the web,
 * the week mapped into the same models and offline copy as API v1, broken
 * replies, an expired token, the capabilities, and the headers the
 * platform wants.
 */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "dnevnik-mesh-provider.h"
#include "dnevnik-test-disk.h"
#include "dnevnik-test-log.h"
#include "dnevnik-test-mesh-server.h"
#include "dnevnik-test-service.h"

#define SESSIONS_PATH "/api/ej/acl/v1/sessions"
#define PROFILE_PATH  "/api/family/web/v1/profile"
#define EVENTS_PATH   "/api/eventcalendar/v1/api/events"
#define REFRESH_PATH  "/v2/token/refresh"

#define DAY_LIFE (24 * 60 * 60)

typedef struct
{
  DnevnikTestMeshServer *server;
  DnevnikProvider       *provider;
  DnevnikTokenStore     *store;
  DnevnikService        *service;
  char                  *directory;
  char                  *cache_path;
} Fixture;

static DnevnikService *
new_service (Fixture *fixture)
{
  DnevnikService *service = dnevnik_service_new_for_provider (fixture->provider, fixture->store);

  dnevnik_service_set_cache_path (service, fixture->cache_path);
  return service;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = dnevnik_test_mesh_server_new ();
  fixture->provider = g_object_new (DNEVNIK_TYPE_MESH_PROVIDER,
                                    "region", DNEVNIK_MESH_REGION_MOSCOW,
                                    "base-url", dnevnik_test_mesh_server_get_url (fixture->server),
                                    NULL);
  fixture->store = dnevnik_memory_token_store_new ();
  fixture->directory = g_dir_make_tmp ("dnevnik-mesh-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->cache_path = g_build_filename (fixture->directory, "cache.sqlite", NULL);
  fixture->service = new_service (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->service != NULL)
    dnevnik_test_service_drop (&fixture->service);
  g_assert_finalize_object (g_steal_pointer (&fixture->provider));
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->server);
  dnevnik_test_disk_remove_tree (fixture->directory);
  g_free (fixture->directory);
  g_free (fixture->cache_path);
}

static gboolean
sign_in_with_token (DnevnikService  *service,
                    const char      *token,
                    gboolean         remember,
                    GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_sign_in_with_token_async (service, token, NULL, remember, NULL, dnevnik_test_loop_result_cb,
                                            &result);
  return dnevnik_service_sign_in_with_token_finish (service, dnevnik_test_loop_await (&result), error);
}

static void
sign_in_with_token_or_fail (Fixture    *fixture,
                            const char *token,
                            gboolean    remember)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sign_in_with_token (fixture->service, token, remember, &error));
  g_assert_no_error (error);
}

static void
sign_in_or_fail (Fixture  *fixture,
                 gboolean  remember)
{
  g_autofree char *token = dnevnik_test_mesh_server_mint_token (fixture->server, DAY_LIFE);

  sign_in_with_token_or_fail (fixture, token, remember);
}

/* The tokens the store keeps for the web sign-in, if any. */
static DnevnikTokens *
load_stored_tokens (Fixture  *fixture,
                    GError  **error)
{
  return dnevnik_test_token_store_load (fixture->store, dnevnik_provider_get_server (fixture->provider),
                                        DNEVNIK_SERVICE_WEB_LOGIN, error);
}

static void
assert_nothing_stored (Fixture *fixture)
{
  g_autoptr(DnevnikTokens) stored = load_stored_tokens (fixture, NULL);

  g_assert_null (stored);
}

static void
assert_no_violations (Fixture *fixture)
{
  const char * const *violations = dnevnik_test_mesh_server_get_violations (fixture->server);

  for (guint i = 0; violations[i] != NULL; i++)
    g_test_message ("violation: %s", violations[i]);
  g_assert_cmpuint (g_strv_length ((char **) violations), ==, 0);
}

static void
set_date (GDate *date,
          guint  day)
{
  *date = dnevnik_test_date (2026, G_DATE_NOVEMBER, day);
}

static DnevnikLesson *
get_lesson (GListModel *week,
            guint       day,
            guint       position)
{
  g_autoptr(DnevnikDiaryDay) diary_day = g_list_model_get_item (week, day);

  g_assert_nonnull (diary_day);
  return g_list_model_get_item (dnevnik_diary_day_get_lessons (diary_day), position);
}

static guint
count_lessons (GListModel *week,
               guint       day)
{
  g_autoptr(DnevnikDiaryDay) diary_day = g_list_model_get_item (week, day);

  return g_list_model_get_n_items (dnevnik_diary_day_get_lessons (diary_day));
}

/* Fetches the fixture's week, Monday to Saturday, as it is now. */
static GListModel *
fetch_fixture_days (Fixture  *fixture,
                    GError  **error)
{
  GDate monday, saturday;

  set_date (&monday, 23);
  set_date (&saturday, 28);
  return dnevnik_test_service_fetch_diary (fixture->service, &monday, &saturday, error);
}

/* Signs in and loads the fixture's week, through @wednesday. */
static void
sign_in_and_load_week (Fixture  *fixture,
                       gboolean  remember,
                       GDate    *wednesday)
{
  sign_in_or_fail (fixture, remember);
  set_date (wednesday, 25);
  dnevnik_test_service_assert_load_week (fixture->service, wednesday);
}

static void
assert_changed_service (const GError *error)
{
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_PROTOCOL);
  g_assert_cmpstr (dnevnik_service_error_get_server_code (error), ==, "service_changed");
  g_assert_nonnull (strstr (error->message, "offline copy is kept"));
}

static void
test_capabilities (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DnevnikProvider) moscow = dnevnik_mesh_provider_new (DNEVNIK_MESH_REGION_MOSCOW);
  g_autoptr(DnevnikProvider) oblast = dnevnik_mesh_provider_new (DNEVNIK_MESH_REGION_MOSCOW_OBLAST);
  g_autoptr(DnevnikLinkRequest) request = NULL;
  g_autofree char *sferum = NULL;
  g_autofree char *sign_in = NULL;

  g_assert_cmpint (dnevnik_provider_get_capabilities (fixture->provider), ==, DNEVNIK_PROVIDER_CAPABILITY_DIARY);
  g_assert_false (dnevnik_provider_can (fixture->provider, DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM));
  g_assert_cmpstr (dnevnik_provider_get_server (moscow), ==, "https://school.mos.ru");
  g_assert_cmpstr (dnevnik_provider_get_server (oblast), ==, "https://authedu.mosreg.ru");

  sferum = dnevnik_mesh_provider_get_web_url (DNEVNIK_MESH_PROVIDER (oblast), DNEVNIK_MESH_PAGE_SFERUM);
  g_assert_true (g_str_has_prefix (sferum, "https://myschool.mosreg.ru"));
  sign_in = dnevnik_mesh_provider_get_web_url (DNEVNIK_MESH_PROVIDER (oblast), DNEVNIK_MESH_PAGE_SIGN_IN);
  g_assert_cmpstr (sign_in, ==, "https://authedu.mosreg.ru/v3/auth/esia/login");

  /* A password is refused without a request: the student signs in on the
   * diary's own page. */
  g_assert_false (dnevnik_test_service_sign_in (fixture->service, "ivan", "secret", FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_cmpint (dnevnik_service_get_state (fixture->service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
  g_assert_cmpuint (dnevnik_test_mesh_server_get_total_hits (fixture->server), ==, 0);

  sign_in_or_fail (fixture, FALSE);
  g_assert_cmpint (dnevnik_service_get_capabilities (fixture->service), ==, DNEVNIK_PROVIDER_CAPABILITY_DIARY);

  /* Linking, the library and the portfolio: refused without a request. */
  {
    guint hits = dnevnik_test_mesh_server_get_total_hits (fixture->server);
    g_autoptr(GListModel) library = NULL;

    request = dnevnik_test_service_link_start (fixture->service, "+79161234567", &error);
    g_assert_null (request);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_clear_error (&error);

    g_assert_false (dnevnik_test_service_unlink (fixture->service, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_clear_error (&error);

    library = dnevnik_test_service_fetch_library (fixture->service, &error);
    g_assert_null (library);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_clear_error (&error);

    g_assert_cmpuint (dnevnik_test_mesh_server_get_total_hits (fixture->server), ==, hits);
  }
}

static void
test_sign_in (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = dnevnik_test_mesh_server_mint_token (fixture->server, DAY_LIFE);
  g_autoptr(DnevnikTokens) stored = NULL;
  DnevnikProfile *profile;
  guint hits;

  sign_in_with_token_or_fail (fixture, token, TRUE);
  g_assert_cmpint (dnevnik_service_get_state (fixture->service), ==, DNEVNIK_SERVICE_STATE_READY);
  g_assert_cmpstr (dnevnik_service_get_login (fixture->service), ==, DNEVNIK_SERVICE_WEB_LOGIN);

  profile = dnevnik_service_get_profile (fixture->service);
  g_assert_nonnull (profile);
  g_assert_cmpstr (dnevnik_profile_get_id (profile), ==, DNEVNIK_TEST_MESH_PROFILE_ID);
  g_assert_cmpstr (dnevnik_profile_get_first_name (profile), ==, "Иван");
  g_assert_cmpstr (dnevnik_profile_get_last_name (profile), ==, "Петров");
  g_assert_cmpstr (dnevnik_profile_get_middle_name (profile), ==, "Сергеевич");
  g_assert_cmpstr (dnevnik_profile_get_school (profile), ==, "ГБОУ Школа № 1535");
  g_assert_cmpstr (dnevnik_profile_get_class_name (profile), ==, "8-Б");

  /* The token went to the store as a password sign-in's would. */
  stored = load_stored_tokens (fixture, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpstr (stored->access_token, ==, token);

  g_assert_cmpuint (dnevnik_test_mesh_server_get_hits (fixture->server, SESSIONS_PATH), ==, 1);
  g_assert_cmpuint (dnevnik_test_mesh_server_get_hits (fixture->server, PROFILE_PATH), ==, 1);
  assert_no_violations (fixture);

  /* Signing out forgets it: no request, as the platform has none. */
  hits = dnevnik_test_mesh_server_get_total_hits (fixture->server);
  g_assert_true (dnevnik_test_service_sign_out (fixture->service, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dnevnik_test_mesh_server_get_total_hits (fixture->server), ==, hits);
  assert_nothing_stored (fixture);
}

static void
test_not_remembered (Fixture       *fixture,
                     gconstpointer  data)
{
  sign_in_or_fail (fixture, FALSE);
  g_assert_false (dnevnik_service_get_remembered (fixture->service));
  assert_nothing_stored (fixture);
}

static void
assert_fixture_week (GListModel *week)
{
  g_autoptr(DnevnikLesson) algebra = NULL;
  g_autoptr(DnevnikLesson) russian = NULL;
  g_autoptr(DnevnikLesson) physics = NULL;
  g_autoptr(DnevnikLesson) robotics = NULL;
  g_autoptr(DnevnikMark) test_mark = NULL;
  g_autoptr(DnevnikMark) physics_mark = NULL;

  /* Monday to Saturday. */
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 6);

  /* Monday: the two lessons in the order they start, not of the reply. */
  g_assert_cmpuint (count_lessons (week, 0), ==, 2);
  algebra = get_lesson (week, 0, 0);
  g_assert_cmpstr (dnevnik_lesson_get_id (algebra), ==, "900001");
  g_assert_cmpint (dnevnik_lesson_get_number (algebra), ==, 1);
  g_assert_cmpstr (dnevnik_lesson_get_subject (algebra), ==, "Алгебра");
  g_assert_cmpstr (dnevnik_lesson_get_start_time (algebra), ==, "08:30");
  g_assert_cmpstr (dnevnik_lesson_get_end_time (algebra), ==, "09:15");
  g_assert_cmpstr (dnevnik_lesson_get_room (algebra), ==, "204");
  g_assert_cmpstr (dnevnik_lesson_get_homework (algebra)[0], ==, "№ 512, 514");
  g_assert_null (dnevnik_lesson_get_homework (algebra)[1]);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_lesson_get_marks (algebra)), ==, 2);
  test_mark = g_list_model_get_item (dnevnik_lesson_get_marks (algebra), 0);
  g_assert_cmpstr (dnevnik_mark_get_value (test_mark), ==, "5");
  g_assert_cmpint (dnevnik_mark_get_weight (test_mark), ==, 2);
  g_assert_cmpstr (dnevnik_mark_get_comment (test_mark), ==, "Контрольная работа");

  russian = get_lesson (week, 0, 1);
  g_assert_cmpint (dnevnik_lesson_get_number (russian), ==, 2);
  g_assert_cmpstr (dnevnik_lesson_get_start_time (russian), ==, "09:25");
  g_assert_cmpstr (dnevnik_lesson_get_room (russian), ==, "312");
  g_assert_cmpstr (dnevnik_lesson_get_homework (russian)[0], ==, "Упр. 214, выучить правило на с. 98");
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_lesson_get_marks (russian)), ==, 0);

  /* Tuesday: a time without an offset is Moscow time; the cancelled
   * lesson is not shown. */
  g_assert_cmpuint (count_lessons (week, 1), ==, 1);
  physics = get_lesson (week, 1, 0);
  g_assert_cmpstr (dnevnik_lesson_get_subject (physics), ==, "Физика");
  g_assert_cmpstr (dnevnik_lesson_get_start_time (physics), ==, "08:30");
  g_assert_cmpstr (dnevnik_lesson_get_room (physics), ==, "Лаб. 2");
  physics_mark = g_list_model_get_item (dnevnik_lesson_get_marks (physics), 0);
  g_assert_cmpstr (dnevnik_mark_get_value (physics_mark), ==, "3");
  g_assert_cmpint (dnevnik_mark_get_weight (physics_mark), ==, 1);

  /* Thursday: an event with a title only. */
  g_assert_cmpuint (count_lessons (week, 3), ==, 1);
  robotics = get_lesson (week, 3, 0);
  g_assert_cmpstr (dnevnik_lesson_get_subject (robotics), ==, "Кружок робототехники");
  g_assert_cmpstr (dnevnik_lesson_get_end_time (robotics), ==, "16:00");

  /* The lesson of the next Monday stays out of this week. */
  g_assert_cmpuint (count_lessons (week, 2), ==, 0);
  g_assert_cmpuint (count_lessons (week, 4), ==, 0);
  g_assert_cmpuint (count_lessons (week, 5), ==, 0);
}

static void
test_week (Fixture       *fixture,
           gconstpointer  data)
{
  GDate wednesday;

  sign_in_and_load_week (fixture, FALSE, &wednesday);
  assert_fixture_week (dnevnik_service_get_week_model (fixture->service));

  g_assert_cmpuint (dnevnik_test_mesh_server_get_hits (fixture->server, EVENTS_PATH), >=, 1);
  assert_no_violations (fixture);
}

static void
test_offline_copy (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GDate wednesday;

  sign_in_and_load_week (fixture, TRUE, &wednesday);
  dnevnik_test_service_flush_cache (fixture->service);
  dnevnik_test_service_drop (&fixture->service);

  /* The next run: the service changed meanwhile.  The remembered session
   * and the offline copy still show the week. */
  dnevnik_test_mesh_server_set_replay (fixture->server, DNEVNIK_TEST_MESH_REPLAY_HTML_403);
  fixture->service = new_service (fixture);
  g_assert_true (dnevnik_test_service_restore_session (fixture->service, DNEVNIK_SERVICE_WEB_LOGIN, &error));
  g_assert_no_error (error);

  if (!dnevnik_test_service_load_week (fixture->service, &wednesday, &error))
    {
      assert_changed_service (error);
      g_clear_error (&error);
    }
  assert_fixture_week (dnevnik_service_get_week_model (fixture->service));
}

static void
test_year_sync (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) days = NULL;
  GDate first, last;

  sign_in_or_fail (fixture, TRUE);
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, G_DATE_SEPTEMBER, 2026);
  g_date_clear (&last, 1);
  g_date_set_dmy (&last, 31, G_DATE_DECEMBER, 2026);

  /* The school year's first four months go to the offline copy, every
   * day of them, through the same requests as a week. */
  g_assert_true (dnevnik_test_service_sync_range (fixture->service, &first, &last, &error));
  g_assert_no_error (error);
  dnevnik_test_service_flush_cache (fixture->service);

  days = dnevnik_test_service_dup_cached_days (fixture->service, DNEVNIK_TEST_MESH_PROFILE_ID);
  g_assert_cmpuint (days->len, ==, g_date_days_between (&first, &last) + 1);
  g_assert_cmpuint (dnevnik_test_mesh_server_get_hits (fixture->server, EVENTS_PATH), >=, 1);
  assert_no_violations (fixture);
}

static void
test_broken_replies (Fixture       *fixture,
                     gconstpointer  data)
{
  static const DnevnikTestMeshReplay broken[] = {
    DNEVNIK_TEST_MESH_REPLAY_HTML_403,
    DNEVNIK_TEST_MESH_REPLAY_HTML_200,
  };
  GDate wednesday;

  sign_in_and_load_week (fixture, FALSE, &wednesday);

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) days = NULL;

      dnevnik_test_mesh_server_set_replay (fixture->server, broken[i]);
      days = fetch_fixture_days (fixture, &error);
      g_assert_null (days);
      assert_changed_service (error);

      /* Still signed in, and what was shown stays. */
      g_assert_cmpint (dnevnik_service_get_state (fixture->service), !=, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
      assert_fixture_week (dnevnik_service_get_week_model (fixture->service));
    }
}

static void
test_missing_fields (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) days = NULL;
  g_autoptr(DnevnikLesson) first = NULL;
  g_autoptr(DnevnikLesson) chemistry = NULL;
  g_autoptr(DnevnikMark) mark = NULL;
  DnevnikProfile *profile;

  dnevnik_test_mesh_server_set_replay (fixture->server, DNEVNIK_TEST_MESH_REPLAY_MISSING_FIELDS);
  sign_in_or_fail (fixture, FALSE);
  profile = dnevnik_service_get_profile (fixture->service);
  g_assert_cmpstr (dnevnik_profile_get_id (profile), ==, DNEVNIK_TEST_MESH_PROFILE_ID);
  g_assert_cmpstr (dnevnik_profile_get_school (profile), ==, "");

  days = fetch_fixture_days (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (days), ==, 6);

  /* Without an id a lesson gets one; without a time or a subject an event
   * is no lesson. */
  g_assert_cmpuint (count_lessons (days, 0), ==, 1);
  first = get_lesson (days, 0, 0);
  g_assert_cmpstr (dnevnik_lesson_get_id (first), ==, "mesh-2026-11-23-1");
  g_assert_null (dnevnik_lesson_get_room (first));

  /* An empty homework entry and a mark without a value are left out; a
   * number as value is read. */
  g_assert_cmpuint (count_lessons (days, 2), ==, 1);
  chemistry = get_lesson (days, 2, 0);
  g_assert_cmpstr (dnevnik_lesson_get_subject (chemistry), ==, "Химия");
  g_assert_null (dnevnik_lesson_get_homework (chemistry)[0]);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_lesson_get_marks (chemistry)), ==, 1);
  mark = g_list_model_get_item (dnevnik_lesson_get_marks (chemistry), 0);
  g_assert_cmpstr (dnevnik_mark_get_value (mark), ==, "4");
}

static void
test_expired_at_sign_in (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = dnevnik_test_mesh_server_mint_token (fixture->server, -60);

  g_assert_false (sign_in_with_token (fixture->service, token, TRUE, &error));
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED);
  g_assert_cmpint (dnevnik_service_get_state (fixture->service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);

  /* One refresh, refused: no loop. */
  g_assert_cmpuint (dnevnik_test_mesh_server_get_hits (fixture->server, REFRESH_PATH), ==, 1);
}

static void
test_expired_in_session (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) days = NULL;

  sign_in_or_fail (fixture, TRUE);
  dnevnik_test_mesh_server_set_replay (fixture->server, DNEVNIK_TEST_MESH_REPLAY_EXPIRED);

  days = fetch_fixture_days (fixture, &error);
  g_assert_null (days);
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED);
  g_assert_cmpint (dnevnik_service_get_state (fixture->service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
  g_assert_cmpuint (dnevnik_test_mesh_server_get_hits (fixture->server, REFRESH_PATH), ==, 1);

  /* Signed out calmly: nothing of the session is left to try again. */
  assert_nothing_stored (fixture);
}

static void
test_refresh (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = dnevnik_test_mesh_server_mint_token (fixture->server, 1);
  g_autoptr(DnevnikTokens) stored = NULL;

  /* A token about to end is refreshed before it is used, with itself. */
  sign_in_with_token_or_fail (fixture, token, TRUE);
  g_assert_cmpuint (dnevnik_test_mesh_server_get_hits (fixture->server, REFRESH_PATH), ==, 1);

  stored = load_stored_tokens (fixture, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpstr (stored->access_token, !=, token);
  assert_no_violations (fixture);
}

static void
test_multiple_bearer (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) days = NULL;

  /* The provider never sends the token twice... */
  sign_in_or_fail (fixture, FALSE);
  days = fetch_fixture_days (fixture, &error);
  g_assert_no_error (error);
  g_clear_object (&days);
  assert_no_violations (fixture);

  /* ...and when the platform says it did, that is a refused session:
   * signed out once, not retried for ever. */
  dnevnik_test_mesh_server_set_replay (fixture->server, DNEVNIK_TEST_MESH_REPLAY_MULTIPLE_BEARER);
  days = fetch_fixture_days (fixture, &error);
  g_assert_null (days);
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED);
  g_assert_cmpint (dnevnik_service_get_state (fixture->service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
  g_assert_cmpuint (dnevnik_test_mesh_server_get_hits (fixture->server, REFRESH_PATH), ==, 1);
}

static GBytes *
send_and_read (SoupSession *session,
               SoupMessage *message)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *body;

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, dnevnik_test_loop_result_cb,
                                    &result);
  body = soup_session_send_and_read_finish (session, dnevnik_test_loop_await (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);

  return body;
}

static void
test_web_sign_in_page (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupCookieJar) jar = soup_cookie_jar_new ();
  g_autoptr(SoupMessage) get = NULL;
  g_autoptr(SoupMessage) post = NULL;
  g_autoptr(GBytes) form = NULL;
  g_autoptr(GBytes) page = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = dnevnik_mesh_provider_get_web_url (DNEVNIK_MESH_PROVIDER (fixture->provider),
                                                            DNEVNIK_MESH_PAGE_SIGN_IN);
  g_autofree char *token = NULL;
  GSList *cookies;

  /* What a browser does on the page of a development build: the form,
   * its post, and the token in the host's cookie — which the service then
   * takes as it is. */
  soup_session_add_feature (session, SOUP_SESSION_FEATURE (jar));
  get = soup_message_new ("GET", url);
  form = send_and_read (session, get);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (form, NULL), g_bytes_get_size (form), "id=\"sign-in\""));

  post = soup_message_new_from_encoded_form ("POST", url, soup_form_encode ("login", "ivan", "password", "secret",
                                                                             NULL));
  page = send_and_read (session, post);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  cookies = soup_cookie_jar_get_cookie_list (jar, uri, TRUE);
  for (GSList *l = cookies; l != NULL; l = l->next)
    if (g_str_equal (soup_cookie_get_name (l->data), DNEVNIK_MESH_TOKEN_COOKIE))
      token = g_strdup (soup_cookie_get_value (l->data));
  g_slist_free_full (cookies, (GDestroyNotify) soup_cookie_free);
  g_assert_nonnull (token);

  sign_in_with_token_or_fail (fixture, token, FALSE);
  g_assert_cmpint (dnevnik_service_get_state (fixture->service), ==, DNEVNIK_SERVICE_STATE_READY);
}

static void
test_no_token_in_log (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = dnevnik_test_mesh_server_mint_token (fixture->server, 1);
  g_autoptr(DnevnikTokens) refreshed = NULL;
  g_autoptr(GListModel) days = NULL;

  /* The token goes out in a body (sessions), a header (everything else)
   * and comes back as plain text (refresh): none of them is logged. */
  sign_in_with_token_or_fail (fixture, token, TRUE);
  days = fetch_fixture_days (fixture, &error);
  g_assert_no_error (error);

  refreshed = load_stored_tokens (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (refreshed->access_token, !=, token);

  g_assert_nonnull (strstr (dnevnik_test_log_get_captured (), SESSIONS_PATH));
  g_assert_nonnull (strstr (dnevnik_test_log_get_captured (), REFRESH_PATH));
  dnevnik_test_log_assert_absent (token);
  dnevnik_test_log_assert_absent (refreshed->access_token);
  dnevnik_test_log_assert_absent ("Bearer ");
}

#if !DEVELOPMENT_BUILD
static void
test_release_build (void)
{
  g_test_skip ("A release build talks to the real hosts only: the replay server cannot stand in");
}
#endif

int
main (int   argc,
      char *argv[])
{
  /* Before anything may log: the service decides at construction whether
   * to log HTTP traffic at all. */
  dnevnik_test_log_capture (DNEVNIK_TEST_LOG_MESSAGES);

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#if !DEVELOPMENT_BUILD
  g_test_add_func ("/service-mesh/release-build", test_release_build);
  return g_test_run ();
#endif

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/service-mesh/capabilities", test_capabilities);
  ADD ("/service-mesh/sign-in", test_sign_in);
  ADD ("/service-mesh/not-remembered", test_not_remembered);
  ADD ("/service-mesh/week", test_week);
  ADD ("/service-mesh/offline-copy", test_offline_copy);
  ADD ("/service-mesh/year-sync", test_year_sync);
  ADD ("/service-mesh/broken-replies", test_broken_replies);
  ADD ("/service-mesh/missing-fields", test_missing_fields);
  ADD ("/service-mesh/expired-at-sign-in", test_expired_at_sign_in);
  ADD ("/service-mesh/expired-in-session", test_expired_in_session);
  ADD ("/service-mesh/refresh", test_refresh);
  ADD ("/service-mesh/multiple-bearer", test_multiple_bearer);
  ADD ("/service-mesh/no-token-in-log", test_no_token_in_log);
  ADD ("/service-mesh/web-sign-in-page", test_web_sign_in_page);
#undef ADD

  return g_test_run ();
}
