/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-json.h"
#include "dnevnik-mark.h"
#include "dnevnik-parse.h"

/* The replies of the marks: GET /api/v1/periods and GET /api/v1/marks.
 * Like the other parsers (dnevnik-parse.c), each returns a complete model
 * or fails with PROTOCOL. */

#define SHORT_TEXT  DNEVNIK_TEXT_MAX_SHORT, DNEVNIK_TEXT_SINGLE_LINE


static const DnevnikParseField period_fields[] = {
  { "id", DNEVNIK_PARSE_FIELD_SHORT_TEXT, TRUE },
  { "title", DNEVNIK_PARSE_FIELD_SHORT_TEXT, TRUE },
  { "start", DNEVNIK_PARSE_FIELD_DATE, TRUE },
  { "end", DNEVNIK_PARSE_FIELD_DATE, TRUE },
};

/* A mark of a period, but its subject. */
static const DnevnikParseField period_mark_fields[] = {
  { "id", DNEVNIK_PARSE_FIELD_SHORT_TEXT, TRUE },
  { "value", DNEVNIK_PARSE_FIELD_SHORT_TEXT, TRUE },
  { "weight", DNEVNIK_PARSE_FIELD_INT, FALSE, 1, DNEVNIK_PARSE_MAX_MARK_WEIGHT },
  { "date", DNEVNIK_PARSE_FIELD_DATE, TRUE },
  { "control_form", DNEVNIK_PARSE_FIELD_SHORT_TEXT, FALSE },
  { "comment", DNEVNIK_PARSE_FIELD_LONG_TEXT, FALSE },
};

static DnevnikPeriod *
parse_period (JsonObject  *object,
              GError     **error)
{
  g_autoptr(DnevnikPeriod) period = NULL;

  period = dnevnik_parse_new_model (DNEVNIK_TYPE_PERIOD, object, period_fields, G_N_ELEMENTS (period_fields), error);
  if (period == NULL)
    return NULL;

  if (dnevnik_period_get_id (period)[0] == '\0' ||
      g_date_compare (dnevnik_period_get_start (period), dnevnik_period_get_end (period)) > 0)
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("a period without an id or ending before it starts"));
      return NULL;
    }

  return g_steal_pointer (&period);
}

/* What the periods of a reply are checked against: the view picks the
 * period of today and steps through them in order, so overlapping or
 * repeated periods would make both ambiguous. */
typedef struct
{
  GDate       previous_end;
  GHashTable *ids;
} PeriodOrder;

static gpointer
parse_period_in_order (JsonObject  *object,
                       gpointer     data,
                       GError     **error)
{
  PeriodOrder *order = data;
  g_autoptr(DnevnikPeriod) period = parse_period (object, error);

  if (period == NULL)
    return NULL;

  if ((g_date_valid (&order->previous_end) &&
       g_date_compare (&order->previous_end, dnevnik_period_get_start (period)) >= 0) ||
      !g_hash_table_add (order->ids, g_strdup (dnevnik_period_get_id (period))))
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("periods overlap, are out of order or repeat an id"));
      return NULL;
    }

  order->previous_end = *dnevnik_period_get_end (period);
  return g_steal_pointer (&period);
}

/**
 * dnevnik_parse_periods:
 * @bytes: the body of `GET /api/v1/periods`
 * @error: return location for a PROTOCOL error
 *
 * Returns: (transfer full): a list of #DnevnikPeriod, in the order of the
 *   year, ids unique
 */
GListModel *
dnevnik_parse_periods (GBytes  *bytes,
                       GError **error)
{
  PeriodOrder order = { { 0 } };
  GListModel *periods;

  g_date_clear (&order.previous_end, 1);
  order.ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  periods = dnevnik_parse_list (bytes, "periods", DNEVNIK_PARSE_MAX_PERIODS, DNEVNIK_TYPE_PERIOD,
                                parse_period_in_order, &order, error);
  g_hash_table_unref (order.ids);

  return periods;
}

/* Where the marks of a period are read: their subject, the ids of all the
 * reply's marks so far, and the date of the subject's last mark. */
typedef struct
{
  const char *subject;
  GHashTable *ids;
  GDate       previous;
} MarkContext;

static DnevnikMark *
parse_period_mark (JsonObject  *object,
                   const char  *subject,
                   GHashTable  *ids,
                   GError     **error)
{
  g_auto(DnevnikParseProperties) properties = { 0 };
  g_autoptr(DnevnikMark) mark = NULL;

  if (!dnevnik_parse_read_fields (object, period_mark_fields, G_N_ELEMENTS (period_mark_fields), &properties,
                                  error))
    return NULL;

  g_value_set_string (dnevnik_parse_properties_add (&properties, "subject", G_TYPE_STRING), subject);
  mark = dnevnik_parse_properties_new_object (&properties, DNEVNIK_TYPE_MARK);

  /* New marks are told by their ids: two marks with one id would hide
   * each other. */
  if (dnevnik_mark_get_id (mark)[0] == '\0' || dnevnik_mark_get_value (mark)[0] == '\0' ||
      !g_hash_table_add (ids, g_strdup (dnevnik_mark_get_id (mark))))
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("a mark without a value, or without an id of its own"));
      return NULL;
    }

  return g_steal_pointer (&mark);
}

static gpointer
parse_period_mark_in_order (JsonObject  *object,
                            gpointer     data,
                            GError     **error)
{
  MarkContext *context = data;
  g_autoptr(DnevnikMark) mark = parse_period_mark (object, context->subject, context->ids, error);

  if (mark == NULL)
    return NULL;

  /* The trend of the average is drawn in this order. */
  if (g_date_valid (&context->previous) && g_date_compare (&context->previous, dnevnik_mark_get_date (mark)) > 0)
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("the marks of \"%s\" are not in order of date",
                                                              context->subject));
      return NULL;
    }

  context->previous = *dnevnik_mark_get_date (mark);
  return g_steal_pointer (&mark);
}

/* @data: the ids of the reply's marks */
static gpointer
parse_subject_marks (JsonObject  *object,
                     gpointer     data,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GListStore) marks = NULL;
  MarkContext context = { NULL, data };
  const char *subject, *final;
  JsonArray *array;

  if (!(subject = dnevnik_json_get_text (object, "subject", TRUE, SHORT_TEXT, error)) ||
      !(array = dnevnik_json_get_array_bounded (object, "marks", TRUE, DNEVNIK_PARSE_MAX_SUBJECT_MARKS, error)))
    return NULL;

  final = dnevnik_json_get_text (object, "final", FALSE, SHORT_TEXT, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  context.subject = subject;
  g_date_clear (&context.previous, 1);
  marks = dnevnik_parse_objects (array, DNEVNIK_TYPE_MARK, parse_period_mark_in_order, &context, error);
  if (marks == NULL)
    return NULL;

  return g_object_new (DNEVNIK_TYPE_SUBJECT_MARKS,
                       "subject", subject,
                       "marks", marks,
                       "final", final != NULL && final[0] != '\0' ? final : NULL,
                       NULL);
}

/**
 * dnevnik_parse_marks:
 * @bytes: the body of `GET /api/v1/marks`
 * @out_period_id: (out) (optional): the id of the period of the reply
 * @out_round_up_from: (out) (optional): the fraction from which the
 *   school's averages round up, in (0, 1]; 0 when it states no rule
 * @error: return location for a PROTOCOL error
 *
 * Returns: (transfer full): a list of #DnevnikSubjectMarks, in the order
 *   of the reply; every mark id unique
 */
GListModel *
dnevnik_parse_marks (GBytes  *bytes,
                     char   **out_period_id,
                     double  *out_round_up_from,
                     GError **error)
{
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GListStore) subjects = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(DnevnikPeriod) period = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *period_object, *rule;
  JsonArray *array;
  double round_up_from = 0;

  root = dnevnik_json_parse_object (bytes, error);
  if (root == NULL)
    return NULL;

  if (!(period_object = dnevnik_json_get_object (root, "period", TRUE, error)) ||
      !(period = parse_period (period_object, error)))
    return NULL;

  /* A rule must say what it is: 0 would round every average up. */
  rule = dnevnik_json_get_object (root, "rule", FALSE, &local_error);
  if (local_error == NULL && rule != NULL &&
      dnevnik_json_get_number (rule, "round_up_from", TRUE, 0, 1, &round_up_from, &local_error) &&
      round_up_from <= 0)
    local_error = dnevnik_json_protocol_error ("member \"round_up_from\" is out of range");
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  array = dnevnik_json_get_array_bounded (root, "subjects", TRUE, DNEVNIK_PARSE_MAX_SUBJECTS, error);
  if (array == NULL)
    return NULL;

  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  subjects = dnevnik_parse_objects (array, DNEVNIK_TYPE_SUBJECT_MARKS, parse_subject_marks, ids, error);
  if (subjects == NULL)
    return NULL;

  if (out_period_id != NULL)
    *out_period_id = g_strdup (dnevnik_period_get_id (period));
  if (out_round_up_from != NULL)
    *out_round_up_from = round_up_from;
  return G_LIST_MODEL (g_steal_pointer (&subjects));
}
