/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dnevnik-sandbox-demo.h"
#include "dnevnik-sandbox-error.h"
#include "dnevnik-sandbox-json.h"
#include "dnevnik-sandbox-server-private.h"
#include "dnevnik-sandbox-time.h"

/* The marks endpoints: GET /api/v1/periods and /api/v1/marks, and the
 * sandbox-only POST /sandbox/marks that gives a student a new mark.
 *
 * The marks of a period are the marks of the diary's lessons in it,
 * computed by the same code as the week, plus the marks given through
 * /sandbox/marks; a period that has ended has a final mark per subject,
 * its weighted average rounded by the school's rule. */

/* A given mark is one a test or a trainer adds; more than this per
 * student is no school record, only a way to grow the replies. */
#define MAX_GIVEN_MARKS 500
#define MAX_TEXT_LENGTH 200

typedef struct
{
  const char *suffix;
  const char *title;
  guint       from_month;
  guint       from_day;
  guint       to_month;
  guint       to_day;   /* 0: the last day of the month */
} PeriodDates;

/* 8 «Б» learns in quarters, 10 «А» in trimesters: the two calendars
 * Russian schools use. */
static const PeriodDates quarters[] = {
  { "q1", "1 четверть", 9, 1, 10, 26 },
  { "q2", "2 четверть", 11, 5, 12, 29 },
  { "q3", "3 четверть", 1, 9, 3, 22 },
  { "q4", "4 четверть", 4, 1, 5, 31 },
};

static const PeriodDates trimesters[] = {
  { "t1", "1 триместр", 9, 1, 11, 30 },
  { "t2", "2 триместр", 12, 1, 2, 0 },
  { "t3", "3 триместр", 3, 1, 5, 31 },
};

/* The rounding rule a school states, as the fraction from which an
 * average rounds up; 0 when it states none. */
static double
rule_of (const char *class_name)
{
  return g_str_has_prefix (class_name, "10") ? 0.6 : 0;
}

static const PeriodDates *
periods_of (const char *class_name,
            guint      *n_periods)
{
  if (g_str_has_prefix (class_name, "10") || g_str_has_prefix (class_name, "11"))
    {
      *n_periods = G_N_ELEMENTS (trimesters);
      return trimesters;
    }

  *n_periods = G_N_ELEMENTS (quarters);
  return quarters;
}

/* The dates of @period in the school year that holds @today. */
static void
period_range (const PeriodDates *period,
              const GDate       *today,
              GDate             *from,
              GDate             *to)
{
  guint year = g_date_get_month (today) >= G_DATE_SEPTEMBER ? g_date_get_year (today)
                                                              : g_date_get_year (today) - 1;
  guint from_year = MAX (1, period->from_month >= 9 ? year : year + 1);
  guint to_year = MAX (1, period->to_month >= 9 ? year : year + 1);
  guint to_day = period->to_day != 0 ? period->to_day
                                     : g_date_get_days_in_month (period->to_month, to_year);

  g_date_clear (from, 1);
  g_date_clear (to, 1);
  g_date_set_dmy (from, period->from_day, period->from_month, from_year);
  g_date_set_dmy (to, to_day, period->to_month, to_year);
}

static char *
period_id (const PeriodDates *period,
           const GDate       *from)
{
  guint year = g_date_get_month (from) >= G_DATE_SEPTEMBER ? g_date_get_year (from)
                                                             : g_date_get_year (from) - 1;

  return g_strdup_printf ("%u-%s", year, period->suffix);
}

static void
add_period (JsonBuilder       *reply,
            const PeriodDates *period,
            const GDate       *from,
            const GDate       *to)
{
  json_builder_begin_object (reply);
  dnevnik_sandbox_json_add_string_take (reply, "id", period_id (period, from));
  dnevnik_sandbox_json_add_string (reply, "title", period->title);
  dnevnik_sandbox_json_add_string_take (reply, "start", dnevnik_sandbox_format_date (from));
  dnevnik_sandbox_json_add_string_take (reply, "end", dnevnik_sandbox_format_date (to));
  json_builder_end_object (reply);
}

/* The class and seed of the caller; 401 if the account went away. */
static gboolean
get_student (DnevnikSandboxServer  *self,
             const char            *account_id,
             char                 **class_name,
             gint64                *seed,
             GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = dnevnik_sandbox_db_query (self->db, error,
                                                           "SELECT class_name, seed FROM accounts WHERE id = ?",
                                                           "s", account_id);

  if (stmt == NULL ||
      !dnevnik_sandbox_db_next_required (self->db, stmt, DNEVNIK_SANDBOX_ERROR_INVALID_TOKEN,
                                         "The account of this token is gone", error))
    return FALSE;

  *class_name = dnevnik_sandbox_db_column_dup (stmt, 0);
  *seed = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

/* One mark of a period, before it goes into the reply. */
typedef struct
{
  char  *id;
  char  *date;
  char  *value;
  guint  weight;
  char  *control_form;
  char  *comment;
  guint  order;   /* keeps marks of one date in the order they came */
} Mark;

static void
mark_free (Mark *mark)
{
  g_free (mark->id);
  g_free (mark->date);
  g_free (mark->value);
  g_free (mark->control_form);
  g_free (mark->comment);
  g_free (mark);
}

static int
compare_marks (gconstpointer a,
               gconstpointer b)
{
  const Mark *mark_a = *(const Mark * const *) a;
  const Mark *mark_b = *(const Mark * const *) b;
  int by_date = strcmp (mark_a->date, mark_b->date);

  if (by_date != 0)
    return by_date;
  return mark_a->order < mark_b->order ? -1 : mark_a->order > mark_b->order;
}

typedef struct
{
  const char *class_name;
  GPtrArray  *subjects;   /* of GPtrArray of Mark, in the curriculum's order */
  guint       n_marks;
} Marks;

static GPtrArray *
marks_of_subject (Marks      *marks,
                  const char *subject)
{
  const char *name;

  for (guint i = 0; (name = dnevnik_sandbox_demo_get_subject (marks->class_name, i)) != NULL; i++)
    if (g_str_equal (name, subject))
      return g_ptr_array_index (marks->subjects, i);

  return NULL;
}

/* Adds a mark, taking the strings, after those added before */
static void
add_mark (Marks      *marks,
          GPtrArray  *list,
          char       *id,
          char       *date,
          char       *value,
          guint       weight,
          char       *control_form,
          char       *comment)
{
  Mark *mark = g_new0 (Mark, 1);

  mark->id = id;
  mark->date = date;
  mark->value = value;
  mark->weight = weight;
  mark->control_form = control_form;
  mark->comment = comment;
  mark->order = marks->n_marks++;
  g_ptr_array_add (list, mark);
}

static void
add_demo_mark_cb (const char  *subject,
                  const GDate *date,
                  guint        number,
                  guint        index,
                  const char  *value,
                  guint        weight,
                  const char  *control_form,
                  gpointer     user_data)
{
  Marks *marks = user_data;
  GPtrArray *list = marks_of_subject (marks, subject);
  char *date_text = dnevnik_sandbox_format_date (date);

  g_assert (list != NULL);

  add_mark (marks, list, g_strdup_printf ("m-%s-%u-%u", date_text, number, index), date_text,
            g_strdup (value), weight, g_strdup (control_form), NULL);
}

static void
add_given_mark_row (sqlite3_stmt *stmt,
                    gpointer      user_data)
{
  Marks *marks = user_data;
  GPtrArray *list = marks_of_subject (marks, (const char *) sqlite3_column_text (stmt, 1));

  /* Only subjects of the class are accepted, but a class may change. */
  if (list == NULL)
    return;

  add_mark (marks, list, g_strdup_printf ("g-%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 0)),
            dnevnik_sandbox_db_column_dup (stmt, 2), dnevnik_sandbox_db_column_dup (stmt, 3),
            (guint) sqlite3_column_int64 (stmt, 4), dnevnik_sandbox_db_column_dup (stmt, 5),
            dnevnik_sandbox_db_column_dup (stmt, 6));
}

static gboolean
add_given_marks (DnevnikSandboxServer  *self,
                 const char            *account_id,
                 const char            *from,
                 const char            *to,
                 Marks                 *marks,
                 GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = dnevnik_sandbox_db_query (self->db, error,
                                   "SELECT id, subject, date, value, weight, control_form, comment "
                                   "FROM given_marks WHERE account_id = ? AND date >= ? AND date <= ? "
                                   "ORDER BY id", "sss", account_id, from, to);
  return dnevnik_sandbox_db_each_row (self->db, stmt, add_given_mark_row, marks, error);
}

/* The final mark of a period that has ended: the weighted average of the
 * marks 1 to 5, rounded up from @round_up_from; NULL without such marks. */
static char *
final_mark (GPtrArray *list,
            double     round_up_from)
{
  double sum = 0;
  guint weight = 0;
  double average;
  double whole;

  for (guint i = 0; i < list->len; i++)
    {
      const Mark *mark = g_ptr_array_index (list, i);
      guint64 number;

      if (g_ascii_string_to_unsigned (mark->value, 10, 1, 5, &number, NULL))
        {
          sum += (double) number * mark->weight;
          weight += mark->weight;
        }
    }

  if (weight == 0)
    return NULL;

  average = sum / weight;
  whole = floor (average);
  if (average - whole + 1e-9 >= round_up_from)
    whole += 1;
  return g_strdup_printf ("%d", (int) CLAMP (whole, 1, 5));
}

static void
add_subject (JsonBuilder *reply,
             const char  *name,
             GPtrArray   *list,
             gboolean     ended,
             double       round_up_from)
{
  g_ptr_array_sort (list, compare_marks);

  json_builder_begin_object (reply);
  dnevnik_sandbox_json_add_string (reply, "subject", name);
  json_builder_set_member_name (reply, "marks");
  json_builder_begin_array (reply);
  for (guint i = 0; i < list->len; i++)
    {
      const Mark *mark = g_ptr_array_index (list, i);

      json_builder_begin_object (reply);
      dnevnik_sandbox_json_add_string (reply, "id", mark->id);
      dnevnik_sandbox_json_add_string (reply, "value", mark->value);
      dnevnik_sandbox_json_add_int (reply, "weight", mark->weight);
      dnevnik_sandbox_json_add_string (reply, "date", mark->date);
      dnevnik_sandbox_json_add_string (reply, "control_form", mark->control_form);
      if (mark->comment != NULL)
        dnevnik_sandbox_json_add_string (reply, "comment", mark->comment);
      json_builder_end_object (reply);
    }
  json_builder_end_array (reply);
  if (ended)
    {
      g_autofree char *final = final_mark (list, round_up_from);

      if (final != NULL)
        dnevnik_sandbox_json_add_string (reply, "final", final);
    }
  json_builder_end_object (reply);
}

gboolean
dnevnik_sandbox_handle_periods (DnevnikSandboxServer  *self,
                                DnevnikSandboxCall    *call,
                                JsonBuilder           *reply,
                                GError               **error)
{
  g_autofree char *class_name = NULL;
  const PeriodDates *periods;
  guint n_periods;
  gint64 seed;

  if (!get_student (self, call->account_id, &class_name, &seed, error))
    return FALSE;

  periods = periods_of (class_name, &n_periods);

  json_builder_begin_object (reply);
  dnevnik_sandbox_json_add_string (reply, "kind", periods == quarters ? "quarter" : "trimester");
  json_builder_set_member_name (reply, "periods");
  json_builder_begin_array (reply);
  for (guint i = 0; i < n_periods; i++)
    {
      GDate from, to;

      period_range (&periods[i], &self->settings.today, &from, &to);
      add_period (reply, &periods[i], &from, &to);
    }
  json_builder_end_array (reply);
  json_builder_end_object (reply);
  return TRUE;
}

gboolean
dnevnik_sandbox_handle_marks (DnevnikSandboxServer  *self,
                              DnevnikSandboxCall    *call,
                              JsonBuilder           *reply,
                              GError               **error)
{
  const char *wanted = call->query != NULL ? g_hash_table_lookup (call->query, "period") : NULL;
  g_autoptr(GPtrArray) subjects = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autofree char *class_name = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  const PeriodDates *periods;
  const PeriodDates *period = NULL;
  Marks marks = { 0 };
  double round_up_from;
  guint n_periods;
  gint64 seed;
  GDate from, to;

  if (!get_student (self, call->account_id, &class_name, &seed, error))
    return FALSE;

  periods = periods_of (class_name, &n_periods);
  for (guint i = 0; wanted != NULL && period == NULL && i < n_periods; i++)
    {
      g_autofree char *id = NULL;

      period_range (&periods[i], &self->settings.today, &from, &to);
      id = period_id (&periods[i], &from);
      if (g_str_equal (id, wanted))
        period = &periods[i];
    }
  if (period == NULL)
    return dnevnik_sandbox_refuse (error, DNEVNIK_SANDBOX_ERROR_BAD_RANGE,
                                   "“period” must be the id of one of GET /api/v1/periods");

  marks.class_name = class_name;
  marks.subjects = subjects;
  for (guint i = 0; dnevnik_sandbox_demo_get_subject (class_name, i) != NULL; i++)
    g_ptr_array_add (subjects, g_ptr_array_new_with_free_func ((GDestroyNotify) mark_free));

  from_text = dnevnik_sandbox_format_date (&from);
  to_text = dnevnik_sandbox_format_date (&to);
  dnevnik_sandbox_demo_foreach_mark (class_name, seed, &from, &to, &self->settings.today,
                                     add_demo_mark_cb, &marks);
  if (!add_given_marks (self, call->account_id, from_text, to_text, &marks, error))
    return FALSE;

  round_up_from = rule_of (class_name);

  json_builder_begin_object (reply);
  json_builder_set_member_name (reply, "period");
  add_period (reply, period, &from, &to);
  if (round_up_from > 0)
    {
      json_builder_set_member_name (reply, "rule");
      json_builder_begin_object (reply);
      json_builder_set_member_name (reply, "round_up_from");
      json_builder_add_double_value (reply, round_up_from);
      json_builder_end_object (reply);
    }
  json_builder_set_member_name (reply, "subjects");
  json_builder_begin_array (reply);
  for (guint i = 0; i < subjects->len; i++)
    add_subject (reply, dnevnik_sandbox_demo_get_subject (class_name, i), g_ptr_array_index (subjects, i),
                 g_date_compare (&to, &self->settings.today) < 0,
                 round_up_from > 0 ? round_up_from : 0.5);
  json_builder_end_array (reply);
  json_builder_end_object (reply);
  return TRUE;
}

/* Optional text members: absent or null is none. */
static gboolean
get_optional_text (DnevnikSandboxCall  *call,
                   const char          *member,
                   const char         **value,
                   GError             **error)
{
  JsonNode *node = dnevnik_sandbox_call_get_member (call, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!dnevnik_sandbox_call_get_string (call, member, value, error))
    return FALSE;
  if (g_utf8_strlen (*value, -1) > MAX_TEXT_LENGTH)
    return dnevnik_sandbox_set_bad_request (error, member, "at most 200 characters");
  return TRUE;
}

gboolean
dnevnik_sandbox_handle_give_mark (DnevnikSandboxServer  *self,
                                  DnevnikSandboxCall    *call,
                                  JsonBuilder           *reply,
                                  GError               **error)
{
  g_autofree char *class_name = NULL;
  g_autofree char *account_id = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *login, *subject, *value, *date_text, *control_form, *comment;
  gboolean known_subject = FALSE;
  const char *name;
  double weight = 1;
  gboolean row;
  gint64 given;
  GDate date;

  if (!dnevnik_sandbox_call_get_string (call, "login", &login, error) ||
      !dnevnik_sandbox_call_get_string (call, "subject", &subject, error) ||
      !dnevnik_sandbox_call_get_string (call, "value", &value, error) ||
      !dnevnik_sandbox_call_get_string (call, "date", &date_text, error) ||
      !dnevnik_sandbox_call_get_number (call, "weight", TRUE, 1, 10, &weight, error) ||
      !get_optional_text (call, "control_form", &control_form, error) ||
      !get_optional_text (call, "comment", &comment, error))
    return FALSE;

  if (!dnevnik_sandbox_parse_date (date_text, &date))
    return dnevnik_sandbox_set_bad_request (error, "date", "a date, YYYY-MM-DD");
  if (value[0] == '\0' || g_utf8_strlen (value, -1) > 8)
    return dnevnik_sandbox_set_bad_request (error, "value", "a mark of 1 to 8 characters");

  stmt = dnevnik_sandbox_db_query (self->db, error, "SELECT id, class_name FROM accounts WHERE login = ?",
                                   "s", login);
  if (stmt == NULL || !dnevnik_sandbox_db_step (self->db, stmt, &row, error))
    return FALSE;
  if (!row)
    return dnevnik_sandbox_set_bad_request (error, "login", "a student's login");
  account_id = dnevnik_sandbox_db_column_dup (stmt, 0);
  class_name = dnevnik_sandbox_db_column_dup (stmt, 1);

  for (guint i = 0; (name = dnevnik_sandbox_demo_get_subject (class_name, i)) != NULL; i++)
    known_subject |= g_str_equal (name, subject);
  if (!known_subject)
    return dnevnik_sandbox_set_bad_request (error, "subject", "a subject of the student's class");

  given = dnevnik_sandbox_db_count (self->db, error, "SELECT COUNT(*) FROM given_marks WHERE account_id = ?",
                                    "s", account_id);
  if (given < 0)
    return FALSE;
  if (given >= MAX_GIVEN_MARKS)
    return dnevnik_sandbox_set_bad_request (error, "login", "a student with fewer than 500 given marks");

  if (!dnevnik_sandbox_db_run (self->db, error,
                               "INSERT INTO given_marks (account_id, subject, date, value, weight, control_form, comment) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?)", "ssssiss", account_id, subject, date_text, value,
                               (gint64) weight, control_form != NULL ? control_form : "Работа на уроке", comment))
    return FALSE;

  json_builder_begin_object (reply);
  dnevnik_sandbox_json_add_string_take (reply, "id",
                                        g_strdup_printf ("g-%" G_GINT64_FORMAT,
                                                         dnevnik_sandbox_db_count (self->db, NULL,
                                                                                   "SELECT last_insert_rowid ()", "")));
  json_builder_end_object (reply);
  call->status = SOUP_STATUS_CREATED;
  return TRUE;
}
