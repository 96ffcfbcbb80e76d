/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <string.h>

#include "dnevnik-test-sandbox-util.h"

/* The sandbox's periods and marks (GET /api/v1/periods, /api/v1/marks,
 * POST /sandbox/marks), over real HTTP to a real dnevnik-sandbox. */

#define TODAY "--today=2026-11-25"

static JsonNode *
get_marks (DnevnikTestSandbox *sandbox,
           const char         *token,
           const char         *period)
{
  g_autofree char *path = g_strconcat ("/api/v1/marks?period=", period, NULL);

  return dnevnik_test_sandbox_call (sandbox, "GET", path, token, NULL, SOUP_STATUS_OK);
}

static JsonObject *
find_subject (JsonNode   *reply,
              const char *name)
{
  JsonArray *subjects = json_object_get_array_member (object_of (reply), "subjects");

  for (guint i = 0; i < json_array_get_length (subjects); i++)
    {
      JsonObject *subject = json_array_get_object_element (subjects, i);

      if (g_str_equal (json_object_get_string_member (subject, "subject"), name))
        return subject;
    }

  g_assert_not_reached ();
}

static void
test_sandbox_marks_periods (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new (TODAY, NULL);
  g_autofree char *ivan = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autofree char *olga = dnevnik_test_sandbox_login (sandbox, "olga", NULL);
  g_autoptr(JsonNode) quarters = NULL;
  g_autoptr(JsonNode) trimesters = NULL;
  JsonArray *periods;
  JsonObject *first;

  quarters = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/periods", ivan, NULL, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (object_of (quarters), "kind"), ==, "quarter");
  periods = json_object_get_array_member (object_of (quarters), "periods");
  g_assert_cmpuint (json_array_get_length (periods), ==, 4);
  first = json_array_get_object_element (periods, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, "2026-q1");
  g_assert_cmpstr (json_object_get_string_member (first, "title"), ==, "1 четверть");
  g_assert_cmpstr (json_object_get_string_member (first, "start"), ==, "2026-09-01");
  g_assert_cmpstr (json_object_get_string_member (first, "end"), ==, "2026-10-26");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (periods, 3), "end"), ==,
                   "2027-05-31");

  trimesters = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/periods", olga, NULL, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (object_of (trimesters), "kind"), ==, "trimester");
  periods = json_object_get_array_member (object_of (trimesters), "periods");
  g_assert_cmpuint (json_array_get_length (periods), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (periods, 1), "end"), ==,
                   "2027-02-28");

  /* A token is needed. */
  g_clear_pointer (&quarters, json_node_unref);
  quarters = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/periods", NULL, NULL, SOUP_STATUS_UNAUTHORIZED);
  assert_error (quarters, "invalid_token");
}

/* Every mark of the diary from @from to @to, "date subject value weight
 * control form" per line, in the order of the days and lessons. */
static GPtrArray *
diary_marks (DnevnikTestSandbox *sandbox,
             const char         *token,
             const char         *from,
             const char         *to)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/diary?from=%s&to=%s", from, to);
  g_autoptr(JsonNode) diary = dnevnik_test_sandbox_call (sandbox, "GET", path, token, NULL, SOUP_STATUS_OK);
  JsonArray *days = json_object_get_array_member (object_of (diary), "days");
  GPtrArray *marks = g_ptr_array_new_with_free_func (g_free);

  for (guint d = 0; d < json_array_get_length (days); d++)
    {
      JsonObject *day = json_array_get_object_element (days, d);
      JsonArray *lessons = json_object_get_array_member (day, "lessons");

      for (guint l = 0; l < json_array_get_length (lessons); l++)
        {
          JsonObject *lesson = json_array_get_object_element (lessons, l);
          JsonArray *lesson_marks = json_object_get_array_member (lesson, "marks");

          for (guint m = 0; m < json_array_get_length (lesson_marks); m++)
            {
              JsonObject *mark = json_array_get_object_element (lesson_marks, m);

              g_ptr_array_add (marks, g_strdup_printf ("%s %s %s %" G_GINT64_FORMAT " %s",
                                                       json_object_get_string_member (day, "date"),
                                                       json_object_get_string_member (lesson, "subject"),
                                                       json_object_get_string_member (mark, "value"),
                                                       json_object_get_int_member (mark, "weight"),
                                                       json_object_get_string_member (mark, "comment")));
            }
        }
    }

  return marks;
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The marks of a period are the marks of the week's lessons in it. */
static void
test_sandbox_marks_agree_with_diary (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new (TODAY, NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "maria", NULL);
  g_autoptr(JsonNode) reply = get_marks (sandbox, token, "2026-q2");
  g_autoptr(GPtrArray) expected = diary_marks (sandbox, token, "2026-11-05", "2026-12-29");
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *period = json_object_get_object_member (object_of (reply), "period");
  JsonArray *subjects = json_object_get_array_member (object_of (reply), "subjects");

  g_assert_cmpstr (json_object_get_string_member (period, "id"), ==, "2026-q2");
  g_assert_cmpstr (json_object_get_string_member (period, "start"), ==, "2026-11-05");
  /* 8 «Б» states no rounding rule, and the period has not ended. */
  g_assert_false (json_object_has_member (object_of (reply), "rule"));
  g_assert_cmpuint (json_array_get_length (subjects), ==, 16);

  for (guint s = 0; s < json_array_get_length (subjects); s++)
    {
      JsonObject *subject = json_array_get_object_element (subjects, s);
      JsonArray *marks = json_object_get_array_member (subject, "marks");
      const char *last_date = "";

      g_assert_false (json_object_has_member (subject, "final"));
      for (guint m = 0; m < json_array_get_length (marks); m++)
        {
          JsonObject *mark = json_array_get_object_element (marks, m);
          const char *date = json_object_get_string_member (mark, "date");

          g_assert_cmpint (strcmp (last_date, date), <=, 0);
          g_assert_cmpstr (date, <=, "2026-11-25");   /* none after --today */
          last_date = date;
          g_assert_true (g_hash_table_add (ids, (gpointer) json_object_get_string_member (mark, "id")));
          g_ptr_array_add (seen, g_strdup_printf ("%s %s %s %" G_GINT64_FORMAT " %s", date,
                                                  json_object_get_string_member (subject, "subject"),
                                                  json_object_get_string_member (mark, "value"),
                                                  json_object_get_int_member (mark, "weight"),
                                                  json_object_get_string_member (mark, "control_form")));
        }
    }

  g_assert_cmpuint (expected->len, >, 20);
  g_assert_cmpuint (seen->len, ==, expected->len);
  g_ptr_array_sort (expected, compare_lines);
  g_ptr_array_sort (seen, compare_lines);
  for (guint i = 0; i < seen->len; i++)
    g_assert_cmpstr (g_ptr_array_index (seen, i), ==, g_ptr_array_index (expected, i));
}

static double
weighted_average (JsonArray *marks)
{
  double sum = 0;
  double weight = 0;

  for (guint m = 0; m < json_array_get_length (marks); m++)
    {
      JsonObject *mark = json_array_get_object_element (marks, m);
      double value = g_ascii_strtod (json_object_get_string_member (mark, "value"), NULL);

      sum += value * json_object_get_int_member (mark, "weight");
      weight += json_object_get_int_member (mark, "weight");
    }

  return weight > 0 ? sum / weight : 0;
}

/* A period that has ended has its finals, rounded by the school's rule. */
static void
test_sandbox_marks_finals (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new ("--today=2027-01-20", NULL);
  const char * const logins[] = { "ivan", "olga" };
  const char * const periods[] = { "2026-q2", "2026-t1" };
  const double rules[] = { 0.5, 0.6 };

  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_autofree char *token = dnevnik_test_sandbox_login (sandbox, logins[i], NULL);
      g_autoptr(JsonNode) ended = get_marks (sandbox, token, periods[i]);
      JsonArray *subjects = json_object_get_array_member (object_of (ended), "subjects");
      guint finals = 0;

      if (i == 1)
        {
          JsonObject *rule = json_object_get_object_member (object_of (ended), "rule");

          g_assert_nonnull (rule);
          g_assert_cmpfloat (json_object_get_double_member (rule, "round_up_from"), ==, 0.6);
        }

      for (guint s = 0; s < json_array_get_length (subjects); s++)
        {
          JsonObject *subject = json_array_get_object_element (subjects, s);
          JsonArray *marks = json_object_get_array_member (subject, "marks");
          double average = weighted_average (marks);
          double whole = (int) average;   /* positive: truncation is floor */
          g_autofree char *expected = NULL;

          if (json_array_get_length (marks) == 0)
            {
              g_assert_false (json_object_has_member (subject, "final"));
              continue;
            }

          if (average - whole + 1e-9 >= rules[i])
            whole++;
          expected = g_strdup_printf ("%d", (int) whole);
          g_assert_cmpstr (json_object_get_string_member (subject, "final"), ==, expected);
          finals++;
        }
      g_assert_cmpuint (finals, >=, 10);

      /* The period under way has none yet. */
      {
        g_autoptr(JsonNode) current = get_marks (sandbox, token, i == 0 ? "2026-q3" : "2026-t2");

        subjects = json_object_get_array_member (object_of (current), "subjects");
        for (guint s = 0; s < json_array_get_length (subjects); s++)
          g_assert_false (json_object_has_member (json_array_get_object_element (subjects, s), "final"));
      }
    }
}

static void
test_sandbox_marks_bad_period (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new (TODAY, NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  static const char * const paths[] = {
    "/api/v1/marks", "/api/v1/marks?period=", "/api/v1/marks?period=2026-t1", "/api/v1/marks?period=2025-q1",
    "/api/v1/marks?period=2026-q1%20",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (sandbox, "GET", paths[i], token, NULL,
                                                             SOUP_STATUS_BAD_REQUEST);

      assert_error (reply, "bad_range");
    }
}

/* A mark given through the control endpoint shows in its period, once. */
static void
test_sandbox_marks_give (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new (TODAY, NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autoptr(JsonNode) before = get_marks (sandbox, token, "2026-q2");
  g_autoptr(JsonNode) given = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) other = NULL;
  JsonArray *marks_before = json_object_get_array_member (find_subject (before, "Алгебра"), "marks");
  JsonArray *marks_after;
  JsonObject *last;
  static const struct {
    const char *body;
  } bad[] = {
    { "{\"login\": \"nobody\", \"subject\": \"Алгебра\", \"value\": \"5\", \"date\": \"2026-11-25\", \"weight\": 1}" },
    { "{\"login\": \"ivan\", \"subject\": \"Астрономия\", \"value\": \"5\", \"date\": \"2026-11-25\", \"weight\": 1}" },
    { "{\"login\": \"ivan\", \"subject\": \"Алгебра\", \"value\": \"5\", \"date\": \"25.11.2026\", \"weight\": 1}" },
    { "{\"login\": \"ivan\", \"subject\": \"Алгебра\", \"value\": \"5\", \"date\": \"2026-11-25\", \"weight\": 0}" },
    { "{\"login\": \"ivan\", \"subject\": \"Алгебра\", \"value\": \"\", \"date\": \"2026-11-25\", \"weight\": 1}" },
    { "{\"login\": \"ivan\", \"subject\": \"Алгебра\", \"value\": 5, \"date\": \"2026-11-25\", \"weight\": 1}" },
  };

  given = dnevnik_test_sandbox_call (sandbox, "POST", "/sandbox/marks", NULL,
                                     "{\"login\": \"ivan\", \"subject\": \"Алгебра\", \"value\": \"5\", "
                                     "\"weight\": 2, \"date\": \"2026-11-25\", \"control_form\": \"Самостоятельная работа\", "
                                     "\"comment\": \"Уравнения\"}", SOUP_STATUS_CREATED);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object_of (given), "id"), "g-"));

  after = get_marks (sandbox, token, "2026-q2");
  marks_after = json_object_get_array_member (find_subject (after, "Алгебра"), "marks");
  g_assert_cmpuint (json_array_get_length (marks_after), ==, json_array_get_length (marks_before) + 1);
  last = json_array_get_object_element (marks_after, json_array_get_length (marks_after) - 1);
  g_assert_cmpstr (json_object_get_string_member (last, "id"), ==,
                   json_object_get_string_member (object_of (given), "id"));
  g_assert_cmpstr (json_object_get_string_member (last, "value"), ==, "5");
  g_assert_cmpint (json_object_get_int_member (last, "weight"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (last, "comment"), ==, "Уравнения");
  g_assert_cmpstr (json_object_get_string_member (last, "control_form"), ==, "Самостоятельная работа");

  /* Another period does not have it. */
  other = get_marks (sandbox, token, "2026-q1");
  marks_after = json_object_get_array_member (find_subject (other, "Алгебра"), "marks");
  for (guint m = 0; m < json_array_get_length (marks_after); m++)
    g_assert_false (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (marks_after, m),
                                                                     "id"), "g-"));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (sandbox, "POST", "/sandbox/marks", NULL, bad[i].body,
                                                             SOUP_STATUS_BAD_REQUEST);

      assert_error (reply, "bad_request");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox-marks/periods", test_sandbox_marks_periods);
  g_test_add_func ("/sandbox-marks/agree-with-diary", test_sandbox_marks_agree_with_diary);
  g_test_add_func ("/sandbox-marks/finals", test_sandbox_marks_finals);
  g_test_add_func ("/sandbox-marks/bad-period", test_sandbox_marks_bad_period);
  g_test_add_func ("/sandbox-marks/give", test_sandbox_marks_give);

  return g_test_run ();
}
