/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include <string.h>

#include "dnevnik-json.h"
#include "dnevnik-link-status-private.h"
#include "dnevnik-lesson.h"
#include "dnevnik-mark.h"
#include "dnevnik-parse.h"
#include "dnevnik-phone.h"

/* Generous bounds: they only keep absurd values out of the models. */
#define MAX_SECONDS        (10 * 365 * 24 * 3600)
#define MAX_LESSON_NUMBER  100
#define MAX_CODE_LENGTH    12
#define MAX_COUNT          1000000

#define LONG_TEXT   DNEVNIK_TEXT_MAX_LONG, DNEVNIK_TEXT_MULTILINE

/* The members of each model's object, in the order they are checked: the
 * required ones first, so that the first missing one is the one named. */

static const DnevnikParseField profile_fields[] = {
  { "id", DNEVNIK_PARSE_FIELD_STRING, TRUE },
  { "login", DNEVNIK_PARSE_FIELD_SHORT_TEXT, TRUE },
  { "first_name", DNEVNIK_PARSE_FIELD_SHORT_TEXT, TRUE },
  { "last_name", DNEVNIK_PARSE_FIELD_SHORT_TEXT, TRUE },
  { "school", DNEVNIK_PARSE_FIELD_SHORT_TEXT, TRUE },
  { "class_name", DNEVNIK_PARSE_FIELD_SHORT_TEXT, TRUE },
  { "middle_name", DNEVNIK_PARSE_FIELD_SHORT_TEXT, FALSE },
};

/* A mark of a lesson. */
static const DnevnikParseField mark_fields[] = {
  { "value", DNEVNIK_PARSE_FIELD_SHORT_TEXT, TRUE },
  { "weight", DNEVNIK_PARSE_FIELD_INT, FALSE, 1, DNEVNIK_PARSE_MAX_MARK_WEIGHT },
  { "comment", DNEVNIK_PARSE_FIELD_LONG_TEXT, FALSE },
};

/* A lesson but its homework and marks. */
static const DnevnikParseField lesson_fields[] = {
  { "id", DNEVNIK_PARSE_FIELD_STRING, TRUE },
  { "number", DNEVNIK_PARSE_FIELD_INT, TRUE, 0, MAX_LESSON_NUMBER },
  { "subject", DNEVNIK_PARSE_FIELD_SHORT_TEXT, TRUE },
  { "start_time", DNEVNIK_PARSE_FIELD_FORMATTED, TRUE, 0, 0, dnevnik_json_is_time_of_day },
  { "end_time", DNEVNIK_PARSE_FIELD_FORMATTED, TRUE, 0, 0, dnevnik_json_is_time_of_day },
  { "room", DNEVNIK_PARSE_FIELD_SHORT_TEXT, FALSE },
  { "teacher", DNEVNIK_PARSE_FIELD_SHORT_TEXT, FALSE },
};

/* A day but its lessons. */
static const DnevnikParseField day_fields[] = {
  { "date", DNEVNIK_PARSE_FIELD_DATE, TRUE },
  { "holiday", DNEVNIK_PARSE_FIELD_BOOLEAN, FALSE },
};

static const DnevnikParseField library_item_fields[] = {
  { "id", DNEVNIK_PARSE_FIELD_STRING, TRUE },
  { "title", DNEVNIK_PARSE_FIELD_SHORT_TEXT, TRUE },
  { "subject", DNEVNIK_PARSE_FIELD_SHORT_TEXT, TRUE },
  { "kind", DNEVNIK_PARSE_FIELD_SHORT_TEXT, TRUE },
  { "url", DNEVNIK_PARSE_FIELD_WEB_URL, TRUE },
};

static const DnevnikParseField achievement_fields[] = {
  { "id", DNEVNIK_PARSE_FIELD_STRING, TRUE },
  { "title", DNEVNIK_PARSE_FIELD_SHORT_TEXT, TRUE },
  { "date", DNEVNIK_PARSE_FIELD_DATE, TRUE },
  { "level", DNEVNIK_PARSE_FIELD_SHORT_TEXT, TRUE },
  { "kind", DNEVNIK_PARSE_FIELD_SHORT_TEXT, TRUE },
};

static const DnevnikParseField link_request_fields[] = {
  { "request_id", DNEVNIK_PARSE_FIELD_STRING, TRUE },
  { "code_length", DNEVNIK_PARSE_FIELD_INT, TRUE, 1, MAX_CODE_LENGTH },
  { "expires_in", DNEVNIK_PARSE_FIELD_INT, TRUE, 0, MAX_SECONDS },
  { "resend_in", DNEVNIK_PARSE_FIELD_INT, TRUE, 0, MAX_SECONDS },
  { "max_registered", DNEVNIK_PARSE_FIELD_BOOLEAN, TRUE },
  { "phone_masked", DNEVNIK_PARSE_FIELD_FORMATTED, FALSE, 0, 0, dnevnik_text_is_masked_phone },
};

void
dnevnik_auth_reply_free (DnevnikAuthReply *reply)
{
  if (reply == NULL)
    return;

  /* Tokens are secrets: do not leave them in freed memory. */
  if (reply->access_token != NULL)
    memset (reply->access_token, 0, strlen (reply->access_token));
  if (reply->refresh_token != NULL)
    memset (reply->refresh_token, 0, strlen (reply->refresh_token));

  g_free (reply->access_token);
  g_free (reply->refresh_token);
  g_free (reply->profile_id);
  g_free (reply);
}

static const char *
get_token (JsonObject  *object,
           const char  *member,
           GError     **error)
{
  const char *token = dnevnik_json_get_string (object, member, TRUE, error);
  gsize length;

  if (token == NULL)
    return NULL;

  length = strlen (token);
  if (length == 0 || length > DNEVNIK_PARSE_MAX_TOKEN_LENGTH)
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("%s has a bad length", member));
      return NULL;
    }

  for (gsize i = 0; i < length; i++)
    if (token[i] <= ' ' || token[i] > '~')
      {
        g_propagate_error (error, dnevnik_json_protocol_error ("%s is not printable ASCII", member));
        return NULL;
      }

  return token;
}

/**
 * dnevnik_parse_auth:
 * @bytes: the body of a login or refresh reply
 * @error: return location for a PROTOCOL error
 *
 * Returns: (transfer full): the tokens and their lifetime
 */
DnevnikAuthReply *
dnevnik_parse_auth (GBytes  *bytes,
                    GError **error)
{
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(DnevnikAuthReply) reply = NULL;
  const char *access_token;
  const char *refresh_token;
  const char *token_type;
  const char *profile_id;
  gint64 expires_in = 0;

  root = dnevnik_json_parse_object (bytes, error);
  if (root == NULL)
    return NULL;

  if (!(access_token = get_token (root, "access_token", error)) ||
      !(refresh_token = get_token (root, "refresh_token", error)) ||
      !dnevnik_json_get_int (root, "expires_in", TRUE, 1, MAX_SECONDS, &expires_in, error))
    return NULL;

  token_type = dnevnik_json_get_string (root, "token_type", FALSE, error);
  if (token_type != NULL && g_ascii_strcasecmp (token_type, "Bearer") != 0)
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("token_type %s", token_type));
      return NULL;
    }

  profile_id = dnevnik_json_get_string (root, "profile_id", FALSE, error);
  if (error != NULL && *error != NULL)
    return NULL;

  reply = g_new0 (DnevnikAuthReply, 1);
  reply->access_token = g_strdup (access_token);
  reply->refresh_token = g_strdup (refresh_token);
  reply->expires_in = expires_in;
  reply->profile_id = g_strdup (profile_id);

  return g_steal_pointer (&reply);
}

/**
 * dnevnik_parse_profile:
 * @bytes: the body of `GET /api/v1/profile`
 * @error: return location for a PROTOCOL error
 *
 * Returns: (transfer full): the profile
 */
DnevnikProfile *
dnevnik_parse_profile (GBytes  *bytes,
                       GError **error)
{
  g_autoptr(JsonObject) root = NULL;

  root = dnevnik_json_parse_object (bytes, error);
  if (root == NULL)
    return NULL;

  return dnevnik_parse_new_model (DNEVNIK_TYPE_PROFILE, root, profile_fields, G_N_ELEMENTS (profile_fields), error);
}

/**
 * dnevnik_parse_link_status:
 * @bytes: the body of `GET /api/v1/sferum/link` (or of a confirm or unlink)
 * @error: return location for a PROTOCOL error
 *
 * Returns: (transfer full): a new, unshared link status
 */
DnevnikLinkStatus *
dnevnik_parse_link_status (GBytes  *bytes,
                           GError **error)
{
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(DnevnikLinkStatus) status = NULL;
  g_autoptr(GDateTime) linked_at = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *account_id, *profile_url, *phone_masked;
  gboolean linked = FALSE;

  root = dnevnik_json_parse_object (bytes, error);
  if (root == NULL)
    return NULL;

  if (!dnevnik_json_get_boolean (root, "linked", TRUE, &linked, error))
    return NULL;

  status = dnevnik_link_status_new ();
  if (!linked)
    return g_steal_pointer (&status);

  if (!(account_id = dnevnik_parse_get_formatted (root, "account_id", TRUE, dnevnik_text_is_account_id, error)) ||
      !(profile_url = dnevnik_parse_get_web_url (root, "profile_url", error)))
    return NULL;

  phone_masked = dnevnik_parse_get_formatted (root, "phone_masked", FALSE, dnevnik_text_is_masked_phone, &local_error);
  if (local_error == NULL)
    linked_at = dnevnik_json_get_date_time (root, "linked_at", FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  dnevnik_link_status_set (status, TRUE, account_id, phone_masked, linked_at, profile_url);
  return g_steal_pointer (&status);
}

static gpointer
parse_mark (JsonObject  *object,
            gpointer     unused,
            GError     **error)
{
  return dnevnik_parse_new_model (DNEVNIK_TYPE_MARK, object, mark_fields, G_N_ELEMENTS (mark_fields), error);
}

static gpointer
parse_lesson (JsonObject  *object,
              gpointer     unused,
              GError     **error)
{
  g_auto(DnevnikParseProperties) properties = { 0 };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GListStore) marks = NULL;
  g_autoptr(GStrvBuilder) homework = NULL;
  JsonArray *array;

  if (!dnevnik_parse_read_fields (object, lesson_fields, G_N_ELEMENTS (lesson_fields), &properties, error))
    return NULL;

  homework = g_strv_builder_new ();
  array = dnevnik_json_get_array_bounded (object, "homework", FALSE, DNEVNIK_PARSE_MAX_HOMEWORK, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *task = dnevnik_json_array_get_text (array, i, LONG_TEXT, error);

      if (task == NULL)
        return NULL;
      g_strv_builder_add (homework, task);
    }
  g_value_take_boxed (dnevnik_parse_properties_add (&properties, "homework", G_TYPE_STRV),
                      g_strv_builder_end (homework));

  array = dnevnik_json_get_array_bounded (object, "marks", FALSE, DNEVNIK_PARSE_MAX_MARKS, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  marks = dnevnik_parse_objects (array, DNEVNIK_TYPE_MARK, parse_mark, NULL, error);
  if (marks == NULL)
    return NULL;
  g_value_set_object (dnevnik_parse_properties_add (&properties, "marks", G_TYPE_LIST_MODEL), marks);

  return dnevnik_parse_properties_new_object (&properties, DNEVNIK_TYPE_LESSON);
}

/**
 * dnevnik_parse_diary_day:
 * @object: one element of the `days` array
 * @error: return location for a PROTOCOL error
 *
 * Returns: (transfer full): the day with its lessons
 */
DnevnikDiaryDay *
dnevnik_parse_diary_day (JsonObject  *object,
                         GError     **error)
{
  g_auto(DnevnikParseProperties) properties = { 0 };
  g_autoptr(GListStore) lessons = NULL;
  JsonArray *array;

  if (!dnevnik_parse_read_fields (object, day_fields, G_N_ELEMENTS (day_fields), &properties, error) ||
      !(array = dnevnik_json_get_array_bounded (object, "lessons", TRUE, DNEVNIK_PARSE_MAX_LESSONS_PER_DAY, error)))
    return NULL;

  lessons = dnevnik_parse_objects (array, DNEVNIK_TYPE_LESSON, parse_lesson, NULL, error);
  if (lessons == NULL)
    return NULL;
  g_value_set_object (dnevnik_parse_properties_add (&properties, "lessons", G_TYPE_LIST_MODEL), lessons);

  return dnevnik_parse_properties_new_object (&properties, DNEVNIK_TYPE_DIARY_DAY);
}

/* What the days of a diary reply are checked against. */
typedef struct
{
  const GDate *from;
  const GDate *to;
  GDate        previous;
  guint        index;
} DiaryOrder;

static gpointer
parse_day_in_order (JsonObject  *object,
                    gpointer     data,
                    GError     **error)
{
  DiaryOrder *order = data;
  g_autoptr(DnevnikDiaryDay) day = NULL;
  const GDate *date;
  guint index = order->index++;

  day = dnevnik_parse_diary_day (object, error);
  if (day == NULL)
    return NULL;

  date = dnevnik_diary_day_get_date (day);
  if ((g_date_valid (&order->previous) && g_date_compare (date, &order->previous) <= 0) ||
      (order->from != NULL && g_date_compare (date, order->from) < 0) ||
      (order->to != NULL && g_date_compare (date, order->to) > 0))
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("day %u is out of order or range", index));
      return NULL;
    }

  order->previous = *date;
  return g_steal_pointer (&day);
}

/**
 * dnevnik_parse_diary:
 * @bytes: the body of `GET /api/v1/diary`
 * @from: (nullable): the first date asked for, to check the reply against
 * @to: (nullable): the last date asked for
 * @error: return location for a PROTOCOL error
 *
 * The days must come in increasing order and, when @from and @to are
 * given, inside the range asked for: a view trusts that order.
 *
 * Returns: (transfer full): a list of #DnevnikDiaryDay
 */
GListModel *
dnevnik_parse_diary (GBytes       *bytes,
                     const GDate  *from,
                     const GDate  *to,
                     GError      **error)
{
  DiaryOrder order = { from, to };

  g_date_clear (&order.previous, 1);

  return dnevnik_parse_list (bytes, "days", DNEVNIK_PARSE_MAX_DAYS, DNEVNIK_TYPE_DIARY_DAY, parse_day_in_order,
                             &order, error);
}

static gpointer
parse_library_item (JsonObject  *object,
                    gpointer     unused,
                    GError     **error)
{
  return dnevnik_parse_new_model (DNEVNIK_TYPE_LIBRARY_ITEM, object, library_item_fields,
                                  G_N_ELEMENTS (library_item_fields), error);
}

/**
 * dnevnik_parse_library:
 * @bytes: the body of `GET /api/v1/library`
 * @error: return location for a PROTOCOL error
 *
 * Returns: (transfer full): a list of #DnevnikLibraryItem
 */
GListModel *
dnevnik_parse_library (GBytes  *bytes,
                       GError **error)
{
  return dnevnik_parse_list (bytes, "items", DNEVNIK_PARSE_MAX_LIST_ITEMS, DNEVNIK_TYPE_LIBRARY_ITEM,
                             parse_library_item, NULL, error);
}

static gpointer
parse_achievement (JsonObject  *object,
                   gpointer     unused,
                   GError     **error)
{
  return dnevnik_parse_new_model (DNEVNIK_TYPE_ACHIEVEMENT, object, achievement_fields,
                                  G_N_ELEMENTS (achievement_fields), error);
}

/**
 * dnevnik_parse_portfolio:
 * @bytes: the body of `GET /api/v1/portfolio`
 * @error: return location for a PROTOCOL error
 *
 * Returns: (transfer full): a list of #DnevnikAchievement
 */
GListModel *
dnevnik_parse_portfolio (GBytes  *bytes,
                         GError **error)
{
  return dnevnik_parse_list (bytes, "achievements", DNEVNIK_PARSE_MAX_LIST_ITEMS, DNEVNIK_TYPE_ACHIEVEMENT,
                             parse_achievement, NULL, error);
}

/* An event of a kind this version does not know is left out (NULL
 * without an error). */
static gpointer
parse_link_event (JsonObject  *object,
                  gpointer     unused,
                  GError     **error)
{
  g_autoptr(GDateTime) at = NULL;
  const char *kind, *account_id;
  DnevnikLinkEventKind kind_value;

  if (!(kind = dnevnik_json_get_string (object, "kind", TRUE, error)) ||
      !(at = dnevnik_json_get_date_time (object, "at", TRUE, error)) ||
      !(account_id = dnevnik_parse_get_formatted (object, "account_id", TRUE, dnevnik_text_is_account_id, error)))
    return NULL;

  if (g_str_equal (kind, "linked"))
    kind_value = DNEVNIK_LINK_EVENT_LINKED;
  else if (g_str_equal (kind, "unlinked"))
    kind_value = DNEVNIK_LINK_EVENT_UNLINKED;
  else
    {
      g_debug ("Skipping a link event of unknown kind “%s”", kind);
      return NULL;
    }

  return g_object_new (DNEVNIK_TYPE_LINK_EVENT,
                       "kind", kind_value,
                       "at", at,
                       "account-id", account_id,
                       NULL);
}

/**
 * dnevnik_parse_link_history:
 * @bytes: the body of `GET /api/v1/sferum/link/history`
 * @error: return location for a PROTOCOL error
 *
 * Events of a kind this version does not know are left out, so that a
 * newer server does not break the history page.
 *
 * Returns: (transfer full): a list of #DnevnikLinkEvent, newest first
 */
GListModel *
dnevnik_parse_link_history (GBytes  *bytes,
                            GError **error)
{
  return dnevnik_parse_list (bytes, "events", DNEVNIK_PARSE_MAX_LIST_ITEMS, DNEVNIK_TYPE_LINK_EVENT,
                             parse_link_event, NULL, error);
}

/**
 * dnevnik_parse_link_request:
 * @bytes: the body of `POST /api/v1/sferum/link/start`
 * @phone: (nullable): the number the code was sent to, E.164, used to mask
 *   it when the server did not
 * @error: return location for a PROTOCOL error
 *
 * Returns: (transfer full): the request
 */
DnevnikLinkRequest *
dnevnik_parse_link_request (GBytes      *bytes,
                            const char  *phone,
                            GError     **error)
{
  g_auto(DnevnikParseProperties) properties = { 0 };
  g_autoptr(JsonObject) root = NULL;

  root = dnevnik_json_parse_object (bytes, error);
  if (root == NULL)
    return NULL;

  if (!dnevnik_parse_read_fields (root, link_request_fields, G_N_ELEMENTS (link_request_fields), &properties, error))
    return NULL;

  if (dnevnik_parse_properties_lookup (&properties, "phone_masked") == NULL && phone != NULL)
    g_value_take_string (dnevnik_parse_properties_add (&properties, "phone_masked", G_TYPE_STRING),
                         dnevnik_phone_mask (phone));

  return dnevnik_parse_properties_new_object (&properties, DNEVNIK_TYPE_LINK_REQUEST);
}

/**
 * dnevnik_parse_link_resend:
 * @bytes: the body of `POST /api/v1/sferum/link/resend`
 * @request: the request the new code belongs to
 * @error: return location for a PROTOCOL error
 *
 * Returns: (transfer full): a copy of @request with the new timings
 */
DnevnikLinkRequest *
dnevnik_parse_link_resend (GBytes              *bytes,
                           DnevnikLinkRequest  *request,
                           GError             **error)
{
  g_autoptr(JsonObject) root = NULL;
  gint64 expires_in = 0, resend_in = 0;

  root = dnevnik_json_parse_object (bytes, error);
  if (root == NULL)
    return NULL;

  if (!dnevnik_json_get_int (root, "expires_in", TRUE, 0, MAX_SECONDS, &expires_in, error) ||
      !dnevnik_json_get_int (root, "resend_in", TRUE, 0, MAX_SECONDS, &resend_in, error))
    return NULL;

  return g_object_new (DNEVNIK_TYPE_LINK_REQUEST,
                       "request-id", dnevnik_link_request_get_request_id (request),
                       "code-length", dnevnik_link_request_get_code_length (request),
                       "expires-in", (int) expires_in,
                       "resend-in", (int) resend_in,
                       "max-registered", dnevnik_link_request_get_max_registered (request),
                       "phone-masked", dnevnik_link_request_get_phone_masked (request),
                       NULL);
}

/**
 * dnevnik_parse_error_body:
 * @bytes: (nullable): the body of an error reply
 * @out_code: (out) (transfer full): the `error.code`, or %NULL
 * @out_retry_after: (out): `error.retry_after`, or -1
 * @out_attempts_left: (out): `error.attempts_left`, or -1
 *
 * Lenient on purpose: an error reply that cannot be read still maps to an
 * error by its HTTP status.
 *
 * Returns: whether an `error.code` was found
 */
gboolean
dnevnik_parse_error_body (GBytes  *bytes,
                          char   **out_code,
                          int     *out_retry_after,
                          int     *out_attempts_left)
{
  g_autoptr(JsonObject) root = NULL;
  JsonObject *object;
  const char *code;
  gint64 value;

  *out_code = NULL;
  *out_retry_after = -1;
  *out_attempts_left = -1;

  if (bytes == NULL)
    return FALSE;

  root = dnevnik_json_parse_object (bytes, NULL);
  if (root == NULL)
    return FALSE;

  object = dnevnik_json_get_object (root, "error", TRUE, NULL);
  if (object == NULL)
    return FALSE;

  code = dnevnik_json_get_string (object, "code", TRUE, NULL);
  if (code == NULL)
    return FALSE;

  value = -1;
  if (dnevnik_json_get_int (object, "retry_after", FALSE, 0, MAX_SECONDS, &value, NULL))
    *out_retry_after = (int) value;
  value = -1;
  if (dnevnik_json_get_int (object, "attempts_left", FALSE, 0, MAX_COUNT, &value, NULL))
    *out_attempts_left = (int) value;

  *out_code = g_strdup (code);
  return TRUE;
}
