/* SPDX-License-Identifier: GPL-3.0-or-later */

/* DnevnikService's marks against a real dnevnik-sandbox: the periods, the
 * marks of a period with their averages and finals, the rounding rule, new
 * marks told once, the school-year sync, and an offline start.  The
 * sandbox's today is 25 November 2026: the first quarter has ended, the
 * second is under way.
 */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <locale.h>

#include "dnevnik-parse.h"
#include "dnevnik-test-sandbox-util.h"
#include "dnevnik-test-service.h"

typedef DnevnikTestCacheFixture Fixture;

#define GIVE_ALGEBRA_FIVE \
  "{\"login\": \"ivan\", \"subject\": \"Алгебра\", \"value\": \"5\", \"weight\": 2, " \
  "\"date\": \"2026-11-25\", \"control_form\": \"Самостоятельная работа\", \"comment\": \"Уравнения\"}"

static gboolean
load_periods (DnevnikService  *service,
              GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_load_periods_async (service, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_load_periods_finish (service, dnevnik_test_loop_await (&result), error);
}

static gboolean
load_marks (DnevnikService  *service,
            const char      *period_id,
            GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_load_marks_async (service, period_id, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_load_marks_finish (service, dnevnik_test_loop_await (&result), error);
}

static void
load_marks_ok (DnevnikService *service,
               const char     *period_id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (load_marks (service, period_id, &error));
  g_assert_no_error (error);
}

/* The server's own reply, for comparing with what the service made of it. */
static JsonNode *
server_marks (DnevnikTestSandbox *sandbox,
              const char         *login,
              const char         *period_id)
{
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, login, NULL);
  g_autofree char *path = g_strconcat ("/api/v1/marks?period=", period_id, NULL);

  return dnevnik_test_sandbox_call (sandbox, "GET", path, token, NULL, SOUP_STATUS_OK);
}

static DnevnikSubjectMarks *
find_subject (DnevnikService *service,
              const char     *name)
{
  GListModel *model = dnevnik_service_get_marks_model (service);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DnevnikSubjectMarks) subject = g_list_model_get_item (model, i);

      if (g_str_equal (dnevnik_subject_marks_get_subject (subject), name))
        return subject;
    }

  g_assert_not_reached ();
}

static void
test_periods (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(DnevnikService) service = dnevnik_test_cache_fixture_new_signed_in (fixture, "ivan", TRUE);
  GListModel *periods = dnevnik_service_get_periods_model (service);
  g_autoptr(DnevnikPeriod) second = NULL;
  g_autoptr(GDate) today = g_date_new_dmy (25, 11, 2026);
  g_autoptr(GError) error = NULL;

  g_assert_true (dnevnik_service_get_capabilities (service) & DNEVNIK_PROVIDER_CAPABILITY_MARKS);
  g_assert_cmpuint (g_list_model_get_n_items (periods), ==, 0);
  g_assert_true (load_periods (service, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (periods), ==, 4);

  second = g_list_model_get_item (periods, 1);
  g_assert_cmpstr (dnevnik_period_get_id (second), ==, "2026-q2");
  g_assert_cmpstr (dnevnik_period_get_title (second), ==, "2 четверть");
  g_assert_cmpuint (g_date_get_day (dnevnik_period_get_start (second)), ==, 5);
  g_assert_cmpuint (g_date_get_month (dnevnik_period_get_end (second)), ==, 12);
  g_assert_true (dnevnik_period_contains (second, today));

  g_assert_true (dnevnik_test_service_sign_out (service, &error));
  g_assert_cmpuint (g_list_model_get_n_items (periods), ==, 0);
}

/* Every subject's marks as the server sent them, and an average that is
 * their weighted mean. */
static void
test_marks (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(DnevnikService) service = dnevnik_test_cache_fixture_new_signed_in (fixture, "maria", TRUE);
  g_autoptr(JsonNode) reply = server_marks (fixture->sandbox, "maria", "2026-q2");
  JsonArray *subjects = json_object_get_array_member (object_of (reply), "subjects");
  GListModel *model = dnevnik_service_get_marks_model (service);
  double round_up_from = 0;
  guint total = 0;

  load_marks_ok (service, "2026-q2");
  g_assert_cmpstr (dnevnik_service_get_marks_period_id (service), ==, "2026-q2");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, json_array_get_length (subjects));
  /* 8 «Б» states no rule: the app's own, from .5 up. */
  g_assert_false (dnevnik_service_get_marks_rule (service, &round_up_from));
  g_assert_cmpfloat (round_up_from, ==, DNEVNIK_MARK_DEFAULT_ROUND_UP_FROM);

  for (guint s = 0; s < json_array_get_length (subjects); s++)
    {
      JsonObject *expected = json_array_get_object_element (subjects, s);
      JsonArray *expected_marks = json_object_get_array_member (expected, "marks");
      g_autoptr(DnevnikSubjectMarks) subject = g_list_model_get_item (model, s);
      GListModel *marks = dnevnik_subject_marks_get_marks (subject);
      DnevnikMarkTally tally = { 0 };
      double sum = 0, weight = 0, average;

      g_assert_cmpstr (dnevnik_subject_marks_get_subject (subject), ==,
                       json_object_get_string_member (expected, "subject"));
      g_assert_null (dnevnik_subject_marks_get_final (subject));
      g_assert_cmpuint (g_list_model_get_n_items (marks), ==, json_array_get_length (expected_marks));

      for (guint m = 0; m < json_array_get_length (expected_marks); m++)
        {
          JsonObject *expected_mark = json_array_get_object_element (expected_marks, m);
          g_autoptr(DnevnikMark) mark = g_list_model_get_item (marks, m);
          g_autofree char *date = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (dnevnik_mark_get_date (mark)),
                                                   g_date_get_month (dnevnik_mark_get_date (mark)),
                                                   g_date_get_day (dnevnik_mark_get_date (mark)));

          g_assert_cmpstr (dnevnik_mark_get_id (mark), ==, json_object_get_string_member (expected_mark, "id"));
          g_assert_cmpstr (dnevnik_mark_get_value (mark), ==, json_object_get_string_member (expected_mark, "value"));
          g_assert_cmpint (dnevnik_mark_get_weight (mark), ==, json_object_get_int_member (expected_mark, "weight"));
          g_assert_cmpstr (date, ==, json_object_get_string_member (expected_mark, "date"));
          g_assert_cmpstr (dnevnik_mark_get_control_form (mark), ==,
                           json_object_get_string_member (expected_mark, "control_form"));
          g_assert_cmpstr (dnevnik_mark_get_subject (mark), ==, dnevnik_subject_marks_get_subject (subject));

          sum += g_ascii_strtod (json_object_get_string_member (expected_mark, "value"), NULL) *
                 json_object_get_int_member (expected_mark, "weight");
          weight += json_object_get_int_member (expected_mark, "weight");
          total++;
        }

      dnevnik_mark_tally_add_model (&tally, marks);
      if (weight == 0)
        {
          g_assert_false (dnevnik_mark_tally_average (&tally, &average));
          continue;
        }
      g_assert_true (dnevnik_mark_tally_average (&tally, &average));
      g_assert_cmpfloat_with_epsilon (average, sum / weight, 1e-9);
    }

  g_assert_cmpuint (total, >, 20);
}

/* A period that has ended has its finals; 10 «А»'s school states its rule. */
static void
test_finals_and_rule (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(DnevnikService) service = dnevnik_test_cache_fixture_new_signed_in (fixture, "olga", TRUE);
  g_autoptr(JsonNode) reply = server_marks (fixture->sandbox, "olga", "2026-t1");
  g_autoptr(JsonNode) ivan_reply = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model = dnevnik_service_get_marks_model (service);
  double round_up_from = 0;
  guint finals = 0;

  load_marks_ok (service, "2026-t1");
  g_assert_true (dnevnik_service_get_marks_rule (service, &round_up_from));
  g_assert_cmpfloat (round_up_from, ==, 0.6);
  g_assert_false (json_object_has_member (json_array_get_object_element (
                    json_object_get_array_member (object_of (reply), "subjects"), 0), "final"));

  /* Ivan's first quarter has ended: every subject with marks has a final,
   * the school's rounding of its average. */
  g_assert_true (dnevnik_test_service_sign_out (service, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_test_service_sign_in (service, "ivan", DNEVNIK_TEST_PASSWORD, TRUE, &error));
  g_assert_no_error (error);
  ivan_reply = server_marks (fixture->sandbox, "ivan", "2026-q1");
  load_marks_ok (service, "2026-q1");
  g_assert_false (dnevnik_service_get_marks_rule (service, &round_up_from));

  for (guint s = 0; s < g_list_model_get_n_items (model); s++)
    {
      g_autoptr(DnevnikSubjectMarks) subject = g_list_model_get_item (model, s);
      JsonObject *expected = json_array_get_object_element (json_object_get_array_member (object_of (ivan_reply),
                                                                                           "subjects"), s);
      DnevnikMarkTally tally = { 0 };
      g_autofree char *rounded = NULL;
      double average;

      dnevnik_mark_tally_add_model (&tally, dnevnik_subject_marks_get_marks (subject));
      if (!dnevnik_mark_tally_average (&tally, &average))
        {
          g_assert_null (dnevnik_subject_marks_get_final (subject));
          continue;
        }

      g_assert_cmpstr (dnevnik_subject_marks_get_final (subject), ==,
                       json_object_get_string_member (expected, "final"));
      rounded = g_strdup_printf ("%d", dnevnik_mark_round (average, round_up_from));
      g_assert_cmpstr (dnevnik_subject_marks_get_final (subject), ==, rounded);
      finals++;
    }
  g_assert_cmpuint (finals, >=, 10);
}

typedef struct
{
  guint      emitted;
  GPtrArray *marks;
} NewMarks;

static void
on_new_marks_cb (DnevnikService *service,
                 GListModel     *marks,
                 gpointer        user_data)
{
  NewMarks *log = user_data;

  log->emitted++;
  for (guint i = 0; i < g_list_model_get_n_items (marks); i++)
    g_ptr_array_add (log->marks, g_list_model_get_item (marks, i));
}

static void
assert_new_algebra_five (NewMarks *log)
{
  DnevnikMark *mark;

  g_assert_cmpuint (log->emitted, ==, 1);
  g_assert_cmpuint (log->marks->len, ==, 1);
  mark = g_ptr_array_index (log->marks, 0);
  g_assert_cmpstr (dnevnik_mark_get_subject (mark), ==, "Алгебра");
  g_assert_cmpstr (dnevnik_mark_get_value (mark), ==, "5");
  g_assert_cmpint (dnevnik_mark_get_weight (mark), ==, 2);
  g_assert_cmpstr (dnevnik_mark_get_comment (mark), ==, "Уравнения");
  g_assert_true (g_str_has_prefix (dnevnik_mark_get_id (mark), "g-"));
}

/* The first load is the baseline; a mark given then is told once. */
static void
test_new_marks (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(DnevnikService) service = dnevnik_test_cache_fixture_new_signed_in (fixture, "ivan", TRUE);
  g_autoptr(GPtrArray) marks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonNode) given = NULL;
  GListModel *unseen = dnevnik_service_get_unseen_marks_model (service);
  NewMarks log = { 0, marks };
  guint algebra_before;

  g_signal_connect (service, "new-marks", G_CALLBACK (on_new_marks_cb), &log);

  load_marks_ok (service, "2026-q2");
  g_assert_cmpuint (log.emitted, ==, 0);
  algebra_before = g_list_model_get_n_items (dnevnik_subject_marks_get_marks (find_subject (service, "Алгебра")));

  given = dnevnik_test_sandbox_call (fixture->sandbox, "POST", "/sandbox/marks", NULL, GIVE_ALGEBRA_FIVE,
                                     SOUP_STATUS_CREATED);
  load_marks_ok (service, "2026-q2");
  assert_new_algebra_five (&log);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_subject_marks_get_marks (find_subject (service, "Алгебра"))),
                    ==, algebra_before + 1);
  g_assert_cmpuint (g_list_model_get_n_items (unseen), ==, 1);

  /* Not again, before or after it is seen. */
  load_marks_ok (service, "2026-q2");
  g_assert_cmpuint (log.emitted, ==, 1);
  dnevnik_service_mark_marks_seen (service);
  g_assert_cmpuint (g_list_model_get_n_items (unseen), ==, 0);
  load_marks_ok (service, "2026-q2");
  g_assert_cmpuint (log.emitted, ==, 1);

  /* Another period's first load is a baseline too. */
  load_marks_ok (service, "2026-q1");
  g_assert_cmpuint (log.emitted, ==, 1);
  g_assert_cmpstr (dnevnik_service_get_marks_period_id (service), ==, "2026-q1");
}

/* The school-year sync stores the marks of every period and tells of the
 * new ones. */
static void
test_new_marks_sync (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DnevnikService) service = dnevnik_test_cache_fixture_new_signed_in (fixture, "ivan", TRUE);
  g_autoptr(GPtrArray) marks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonNode) given = NULL;
  g_autoptr(GDate) from = g_date_new_dmy (23, 11, 2026);
  g_autoptr(GDate) to = g_date_new_dmy (25, 11, 2026);
  g_autoptr(GError) error = NULL;
  NewMarks log = { 0, marks };
  guint shown;

  g_signal_connect (service, "new-marks", G_CALLBACK (on_new_marks_cb), &log);

  g_assert_true (dnevnik_test_service_sync_range (service, from, to, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.emitted, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_periods_model (service)), ==, 4);
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (fixture->sandbox, "GET", "/api/v1/marks"), ==, 4);
  /* The sync feeds the offline copy, not the model. */
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_marks_model (service)), ==, 0);

  given = dnevnik_test_sandbox_call (fixture->sandbox, "POST", "/sandbox/marks", NULL, GIVE_ALGEBRA_FIVE,
                                     SOUP_STATUS_CREATED);
  g_assert_true (dnevnik_test_service_sync_range (service, from, to, &error));
  g_assert_no_error (error);
  assert_new_algebra_five (&log);

  g_assert_true (dnevnik_test_service_sync_range (service, from, to, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.emitted, ==, 1);

  /* Loading the period now tells of nothing: the copy has the mark. */
  load_marks_ok (service, "2026-q2");
  g_assert_cmpuint (log.emitted, ==, 1);

  /* The period shown is refreshed by the sync: a second mark appears in
   * the model without a load. */
  g_clear_pointer (&given, json_node_unref);
  given = dnevnik_test_sandbox_call (fixture->sandbox, "POST", "/sandbox/marks", NULL, GIVE_ALGEBRA_FIVE,
                                     SOUP_STATUS_CREATED);
  shown = g_list_model_get_n_items (dnevnik_subject_marks_get_marks (find_subject (service, "Алгебра")));
  g_assert_true (dnevnik_test_service_sync_range (service, from, to, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.emitted, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_subject_marks_get_marks (find_subject (service, "Алгебра"))),
                    ==, shown + 1);
}

static void
test_offline_start (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DnevnikService) service = dnevnik_test_cache_fixture_new_signed_in (fixture, "ivan", TRUE);
  g_autoptr(GError) error = NULL;
  guint n_subjects;

  g_assert_true (load_periods (service, &error));
  g_assert_no_error (error);
  load_marks_ok (service, "2026-q2");
  n_subjects = g_list_model_get_n_items (dnevnik_service_get_marks_model (service));
  g_assert_cmpuint (n_subjects, ==, 16);
  dnevnik_test_service_drop (&service);

  dnevnik_test_sandbox_stop (fixture->sandbox);

  service = dnevnik_test_cache_fixture_new_service (fixture);
  g_assert_true (dnevnik_test_service_restore_session (service, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (load_periods (service, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_OFFLINE);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_periods_model (service)), ==, 4);

  load_marks_ok (service, "2026-q2");
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_marks_model (service)), ==, n_subjects);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_subject_marks_get_marks (find_subject (service, "Алгебра"))),
                    >, 0);

  /* A period never stored cannot be shown. */
  g_assert_false (load_marks (service, "2026-q3", &error));
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NETWORK);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_marks_model (service)), ==, 0);
}

/* Replies of the wrong shape are refused whole. */
static void
test_parse_refused (void)
{
  static const char * const periods[] = {
    "{}",
    "{\"periods\": [{\"id\": \"a\", \"title\": \"1\", \"start\": \"2026-09-01\"}]}",
    "{\"periods\": [{\"id\": \"a\", \"title\": \"1\", \"start\": \"2026-09-10\", \"end\": \"2026-09-01\"}]}",
    "{\"periods\": [{\"id\": \"a\", \"title\": \"1\", \"start\": \"2026-09-01\", \"end\": \"2026-10-01\"},"
    "              {\"id\": \"a\", \"title\": \"2\", \"start\": \"2026-11-01\", \"end\": \"2026-12-01\"}]}",
    "{\"periods\": [{\"id\": \"a\", \"title\": \"1\", \"start\": \"2026-09-01\", \"end\": \"2026-10-01\"},"
    "              {\"id\": \"b\", \"title\": \"2\", \"start\": \"2026-09-20\", \"end\": \"2026-12-01\"}]}",
    "{\"periods\": [{\"id\": \"\", \"title\": \"1\", \"start\": \"2026-09-01\", \"end\": \"2026-10-01\"}]}",
  };
#define PERIOD "\"period\": {\"id\": \"p\", \"title\": \"1\", \"start\": \"2026-09-01\", \"end\": \"2026-10-01\"}"
#define MARK(id, value, date) "{\"id\": \"" id "\", \"value\": \"" value "\", \"date\": \"" date "\"}"
  static const char * const marks[] = {
    "{\"subjects\": []}",
    "{" PERIOD "}",
    "{" PERIOD ", \"rule\": {\"round_up_from\": 0}, \"subjects\": []}",
    "{" PERIOD ", \"rule\": {\"round_up_from\": 1.5}, \"subjects\": []}",
    "{" PERIOD ", \"rule\": {\"round_up_from\": \"0.5\"}, \"subjects\": []}",
    "{" PERIOD ", \"rule\": {}, \"subjects\": []}",
    "{" PERIOD ", \"subjects\": [{\"marks\": []}]}",
    "{" PERIOD ", \"subjects\": [{\"subject\": \"A\", \"marks\": [" MARK ("1", "5", "2026-09-01") "," MARK ("1", "4", "2026-09-02") "]}]}",
    "{" PERIOD ", \"subjects\": [{\"subject\": \"A\", \"marks\": [" MARK ("1", "5", "2026-09-01") "]},"
    "                          {\"subject\": \"B\", \"marks\": [" MARK ("1", "4", "2026-09-02") "]}]}",
    "{" PERIOD ", \"subjects\": [{\"subject\": \"A\", \"marks\": [" MARK ("1", "5", "2026-09-03") "," MARK ("2", "4", "2026-09-02") "]}]}",
    "{" PERIOD ", \"subjects\": [{\"subject\": \"A\", \"marks\": [" MARK ("1", "", "2026-09-03") "]}]}",
    "{" PERIOD ", \"subjects\": [{\"subject\": \"A\", \"marks\": [" MARK ("1", "5", "03.09.2026") "]}]}",
    "{" PERIOD ", \"subjects\": [{\"subject\": \"A\", \"marks\": [{\"id\": \"1\", \"value\": \"5\"}]}]}",
    "{" PERIOD ", \"subjects\": [{\"subject\": \"A\", \"marks\": [{\"id\": \"1\", \"value\": \"5\", \"date\": \"2026-09-01\", \"weight\": 0}]}]}",
    "{" PERIOD ", \"subjects\": [{\"subject\": \"A\", \"final\": 5, \"marks\": []}]}",
  };
  static const char *good = "{" PERIOD ", \"rule\": {\"round_up_from\": 1}, \"subjects\": [{\"subject\": \"A\", \"final\": \"\", "
                            "\"marks\": [" MARK ("1", "зачёт", "2026-09-01") "," MARK ("2", "5", "2026-09-01") "]}]}";
#undef MARK
#undef PERIOD
  g_autoptr(GBytes) good_bytes = g_bytes_new_static (good, strlen (good));
  g_autoptr(GListModel) model = NULL;
  g_autoptr(DnevnikSubjectMarks) subject = NULL;
  g_autofree char *period_id = NULL;
  g_autoptr(GError) error = NULL;
  double round_up_from = 0;

  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (periods[i], strlen (periods[i]));
      g_autoptr(GListModel) refused = dnevnik_parse_periods (bytes, &error);

      g_assert_null (refused);
      g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_PROTOCOL);
      g_clear_error (&error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (marks[i], strlen (marks[i]));
      g_autoptr(GListModel) refused = dnevnik_parse_marks (bytes, NULL, NULL, &error);

      g_assert_null (refused);
      g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_PROTOCOL);
      g_clear_error (&error);
    }

  model = dnevnik_parse_marks (good_bytes, &period_id, &round_up_from, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (period_id, ==, "p");
  g_assert_cmpfloat (round_up_from, ==, 1.0);
  subject = g_list_model_get_item (model, 0);
  g_assert_null (dnevnik_subject_marks_get_final (subject));
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_subject_marks_get_marks (subject)), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  dnevnik_test_cache_fixture_add ("/service-marks/periods", test_periods, NULL);
  dnevnik_test_cache_fixture_add ("/service-marks/marks", test_marks, NULL);
  dnevnik_test_cache_fixture_add ("/service-marks/finals-and-rule", test_finals_and_rule, NULL);
  dnevnik_test_cache_fixture_add ("/service-marks/new-marks", test_new_marks, NULL);
  dnevnik_test_cache_fixture_add ("/service-marks/new-marks-sync", test_new_marks_sync, NULL);
  dnevnik_test_cache_fixture_add ("/service-marks/offline-start", test_offline_start, NULL);
  g_test_add_func ("/service-marks/parse-refused", test_parse_refused);

  return g_test_run ();
}
