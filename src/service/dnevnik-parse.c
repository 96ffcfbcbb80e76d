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
#include "dnevnik-url.h"

/* Generous bounds: they only keep absurd values out of the models. */
#define MAX_SECONDS        (10 * 365 * 24 * 3600)
#define MAX_LESSON_NUMBER  100
#define MAX_MARK_WEIGHT    100
#define MAX_CODE_LENGTH    12
#define MAX_COUNT          1000000

#define SHORT_TEXT  DNEVNIK_TEXT_MAX_SHORT, DNEVNIK_TEXT_SINGLE_LINE
#define LONG_TEXT   DNEVNIK_TEXT_MAX_LONG, DNEVNIK_TEXT_MULTILINE

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

/* Addresses the app opens follow the app's one URL policy (dnevnik-url.h):
 * a server must not make the desktop run a file: or custom-scheme
 * handler, send the student to plain http elsewhere, or dress another host
 * up with userinfo (https://max.ru@evil.example/).
 */
static const char *
get_web_url (JsonObject  *object,
             const char  *member,
             GError     **error)
{
  const char *url = dnevnik_json_get_string (object, member, TRUE, error);
  const char *reason;

  if (url != NULL && !dnevnik_url_is_allowed (url, DNEVNIK_URL_POLICY_DEFAULT, &reason))
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("%s refused: %s", member, reason));
      return NULL;
    }

  return url;
}

/* A field of a known format (dnevnik-text.h) is shown as it comes, so
 * nothing but that format gets through. */
static const char *
get_formatted (JsonObject   *object,
               const char   *member,
               gboolean      required,
               gboolean    (*is_valid) (const char *text),
               GError      **error)
{
  const char *text = dnevnik_json_get_string (object, member, required, error);

  if (text != NULL && !is_valid (text))
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("%s is not in its format", member));
      return NULL;
    }

  return text;
}

/**
 * dnevnik_parse_objects:
 * @array: (nullable): a JSON array whose elements must be objects; %NULL
 *   for none
 * @item_type: the type of the models
 * @parse_element: makes the model of one element; %NULL without an error
 *   leaves the element out
 * @user_data: for @parse_element
 * @error: return location for a PROTOCOL error
 *
 * Returns: (transfer full): the models of the elements, in their order
 */
GListStore *
dnevnik_parse_objects (JsonArray            *array,
                       GType                 item_type,
                       DnevnikParseElement   parse_element,
                       gpointer              user_data,
                       GError              **error)
{
  g_autoptr(GListStore) items = g_list_store_new (item_type);
  guint length = array != NULL ? json_array_get_length (array) : 0;

  for (guint i = 0; i < length; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GObject) item = NULL;
      JsonObject *element = dnevnik_json_array_get_object (array, i, error);

      if (element == NULL)
        return NULL;

      item = parse_element (element, user_data, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (item != NULL)
        g_list_store_append (items, item);
    }

  return g_steal_pointer (&items);
}

/**
 * dnevnik_parse_list:
 * @bytes: the body of a reply whose root object holds the list
 * @member: the list's member, a required array
 * @max_length: the most elements believed (see DNEVNIK_PARSE_MAX_DAYS)
 * @item_type: the type of the models
 * @parse_element: as for dnevnik_parse_objects()
 * @user_data: for @parse_element
 * @error: return location for a PROTOCOL error
 *
 * Returns: (transfer full): a list of @item_type
 */
GListModel *
dnevnik_parse_list (GBytes               *bytes,
                    const char           *member,
                    guint                 max_length,
                    GType                 item_type,
                    DnevnikParseElement   parse_element,
                    gpointer              user_data,
                    GError              **error)
{
  g_autoptr(JsonObject) root = NULL;
  JsonArray *array;

  root = dnevnik_json_parse_object (bytes, error);
  if (root == NULL)
    return NULL;

  array = dnevnik_json_get_array_bounded (root, member, TRUE, max_length, error);
  if (array == NULL)
    return NULL;

  return (GListModel *) dnevnik_parse_objects (array, item_type, parse_element, user_data, error);
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
  const char *id, *login, *first_name, *last_name, *middle_name, *school, *class_name;

  root = dnevnik_json_parse_object (bytes, error);
  if (root == NULL)
    return NULL;

  if (!(id = dnevnik_json_get_string (root, "id", TRUE, error)) ||
      !(login = dnevnik_json_get_text (root, "login", TRUE, SHORT_TEXT, error)) ||
      !(first_name = dnevnik_json_get_text (root, "first_name", TRUE, SHORT_TEXT, error)) ||
      !(last_name = dnevnik_json_get_text (root, "last_name", TRUE, SHORT_TEXT, error)) ||
      !(school = dnevnik_json_get_text (root, "school", TRUE, SHORT_TEXT, error)) ||
      !(class_name = dnevnik_json_get_text (root, "class_name", TRUE, SHORT_TEXT, error)))
    return NULL;

  middle_name = dnevnik_json_get_text (root, "middle_name", FALSE, SHORT_TEXT, error);
  if (error != NULL && *error != NULL)
    return NULL;

  return g_object_new (DNEVNIK_TYPE_PROFILE,
                       "id", id,
                       "login", login,
                       "first-name", first_name,
                       "last-name", last_name,
                       "middle-name", middle_name,
                       "school", school,
                       "class-name", class_name,
                       NULL);
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

  if (!(account_id = get_formatted (root, "account_id", TRUE, dnevnik_text_is_account_id, error)) ||
      !(profile_url = get_web_url (root, "profile_url", error)))
    return NULL;

  phone_masked = get_formatted (root, "phone_masked", FALSE, dnevnik_text_is_masked_phone, &local_error);
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
  g_autoptr(GError) local_error = NULL;
  const char *value, *comment;
  gint64 weight = 1;

  if (!(value = dnevnik_json_get_text (object, "value", TRUE, SHORT_TEXT, error)) ||
      !dnevnik_json_get_int (object, "weight", FALSE, 1, MAX_MARK_WEIGHT, &weight, error))
    return NULL;

  comment = dnevnik_json_get_text (object, "comment", FALSE, LONG_TEXT, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_object_new (DNEVNIK_TYPE_MARK,
                       "value", value,
                       "weight", (int) weight,
                       "comment", comment,
                       NULL);
}

static gpointer
parse_lesson (JsonObject  *object,
              gpointer     unused,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GListStore) marks = NULL;
  g_autoptr(GStrvBuilder) homework = NULL;
  g_auto(GStrv) homework_strv = NULL;
  const char *id, *subject, *start_time, *end_time, *room, *teacher;
  JsonArray *array;
  gint64 number = 0;

  if (!(id = dnevnik_json_get_string (object, "id", TRUE, error)) ||
      !dnevnik_json_get_int (object, "number", TRUE, 0, MAX_LESSON_NUMBER, &number, error) ||
      !(subject = dnevnik_json_get_text (object, "subject", TRUE, SHORT_TEXT, error)) ||
      !(start_time = get_formatted (object, "start_time", TRUE, dnevnik_json_is_time_of_day, error)) ||
      !(end_time = get_formatted (object, "end_time", TRUE, dnevnik_json_is_time_of_day, error)))
    return NULL;

  room = dnevnik_json_get_text (object, "room", FALSE, SHORT_TEXT, &local_error);
  if (local_error == NULL)
    teacher = dnevnik_json_get_text (object, "teacher", FALSE, SHORT_TEXT, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

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
  homework_strv = g_strv_builder_end (homework);

  array = dnevnik_json_get_array_bounded (object, "marks", FALSE, DNEVNIK_PARSE_MAX_MARKS, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  marks = dnevnik_parse_objects (array, DNEVNIK_TYPE_MARK, parse_mark, NULL, error);
  if (marks == NULL)
    return NULL;

  return g_object_new (DNEVNIK_TYPE_LESSON,
                       "id", id,
                       "number", (int) number,
                       "subject", subject,
                       "start-time", start_time,
                       "end-time", end_time,
                       "room", room,
                       "teacher", teacher,
                       "homework", homework_strv,
                       "marks", marks,
                       NULL);
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
  g_autoptr(GListStore) lessons = NULL;
  JsonArray *array;
  gboolean holiday = FALSE;
  GDate date;

  g_date_clear (&date, 1);

  if (!dnevnik_json_get_date (object, "date", TRUE, &date, error) ||
      !dnevnik_json_get_boolean (object, "holiday", FALSE, &holiday, error) ||
      !(array = dnevnik_json_get_array_bounded (object, "lessons", TRUE, DNEVNIK_PARSE_MAX_LESSONS_PER_DAY, error)))
    return NULL;

  lessons = dnevnik_parse_objects (array, DNEVNIK_TYPE_LESSON, parse_lesson, NULL, error);
  if (lessons == NULL)
    return NULL;

  return g_object_new (DNEVNIK_TYPE_DIARY_DAY,
                       "date", &date,
                       "holiday", holiday,
                       "lessons", lessons,
                       NULL);
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
  const char *id, *title, *subject, *kind, *url;

  if (!(id = dnevnik_json_get_string (object, "id", TRUE, error)) ||
      !(title = dnevnik_json_get_text (object, "title", TRUE, SHORT_TEXT, error)) ||
      !(subject = dnevnik_json_get_text (object, "subject", TRUE, SHORT_TEXT, error)) ||
      !(kind = dnevnik_json_get_text (object, "kind", TRUE, SHORT_TEXT, error)) ||
      !(url = get_web_url (object, "url", error)))
    return NULL;

  return g_object_new (DNEVNIK_TYPE_LIBRARY_ITEM,
                       "id", id,
                       "title", title,
                       "subject", subject,
                       "kind", kind,
                       "url", url,
                       NULL);
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
  const char *id, *title, *level, *kind;
  GDate date;

  g_date_clear (&date, 1);

  if (!(id = dnevnik_json_get_string (object, "id", TRUE, error)) ||
      !(title = dnevnik_json_get_text (object, "title", TRUE, SHORT_TEXT, error)) ||
      !dnevnik_json_get_date (object, "date", TRUE, &date, error) ||
      !(level = dnevnik_json_get_text (object, "level", TRUE, SHORT_TEXT, error)) ||
      !(kind = dnevnik_json_get_text (object, "kind", TRUE, SHORT_TEXT, error)))
    return NULL;

  return g_object_new (DNEVNIK_TYPE_ACHIEVEMENT,
                       "id", id,
                       "title", title,
                       "date", &date,
                       "level", level,
                       "kind", kind,
                       NULL);
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
      !(account_id = get_formatted (object, "account_id", TRUE, dnevnik_text_is_account_id, error)))
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
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *fallback_mask = NULL;
  const char *request_id, *phone_masked;
  gint64 code_length = 0, expires_in = 0, resend_in = 0;
  gboolean max_registered = FALSE;

  root = dnevnik_json_parse_object (bytes, error);
  if (root == NULL)
    return NULL;

  if (!(request_id = dnevnik_json_get_string (root, "request_id", TRUE, error)) ||
      !dnevnik_json_get_int (root, "code_length", TRUE, 1, MAX_CODE_LENGTH, &code_length, error) ||
      !dnevnik_json_get_int (root, "expires_in", TRUE, 0, MAX_SECONDS, &expires_in, error) ||
      !dnevnik_json_get_int (root, "resend_in", TRUE, 0, MAX_SECONDS, &resend_in, error) ||
      !dnevnik_json_get_boolean (root, "max_registered", TRUE, &max_registered, error))
    return NULL;

  phone_masked = get_formatted (root, "phone_masked", FALSE, dnevnik_text_is_masked_phone, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (phone_masked == NULL && phone != NULL)
    phone_masked = fallback_mask = dnevnik_phone_mask (phone);

  return g_object_new (DNEVNIK_TYPE_LINK_REQUEST,
                       "request-id", request_id,
                       "code-length", (int) code_length,
                       "expires-in", (int) expires_in,
                       "resend-in", (int) resend_in,
                       "max-registered", max_registered,
                       "phone-masked", phone_masked,
                       NULL);
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
