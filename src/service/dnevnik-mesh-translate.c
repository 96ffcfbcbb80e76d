/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include <string.h>

#include "dnevnik-json.h"
#include "dnevnik-mesh-translate.h"
#include "dnevnik-parse.h"

/* The shapes read here are the platform's as published by open clients of
 * it (field names only: profile{}, children[{id, contract_id,
 * contingent_guid, class_name, school{name, short_name}}],
 * profiles[{id, type}], response[{id, start_at, finish_at, subject_name,
 * room_number, room_name, cancelled, homework{descriptions, entries
 * [{description}]}, marks[{value, weight, control_form_name}]}]).
 * Nothing of it was checked against the live service, so no member is
 * required beyond what makes a reply recognisable at all. */

/* The platform's times are Moscow time (no summer time since 2014); an
 * instant without an offset is taken as such. */
#define MOSCOW_OFFSET "+03:00"

/* Without a readable `exp`, a token is taken to live an hour: the session
 * then refreshes it early rather than late. */
#define DEFAULT_TOKEN_LIFE 3600

/* The text of a member that is a string, or a number written as one (ids
 * come as either); NULL for anything else or nothing. */
static char *
member_text (JsonObject *object,
             const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;

  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));
    default:
      return NULL;
    }
}

static JsonObject *
member_object (JsonObject *object,
               const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;

  node = json_object_get_member (object, member);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
member_array (JsonObject *object,
              const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;

  node = json_object_get_member (object, member);
  return JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
array_object (JsonArray *array,
              guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The first text of @first_member and the other members after it. */
static char *
first_text (JsonObject *object,
            const char *first_member,
            ...)
{
  const char *member = first_member;
  char *text = NULL;
  va_list args;

  va_start (args, first_member);
  while (member != NULL && text == NULL)
    {
      text = member_text (object, member);
      if (text != NULL && text[0] == '\0')
        g_clear_pointer (&text, g_free);
      member = va_arg (args, const char *);
    }
  va_end (args);

  return text;
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

static GBytes *
builder_to_bytes (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize length;
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

static GDateTime *
parse_instant (const char *text)
{
  g_autoptr(GTimeZone) moscow = g_time_zone_new_identifier (MOSCOW_OFFSET);
  g_autoptr(GDateTime) instant = NULL;

  if (text == NULL)
    return NULL;

  /* "2024-09-02 08:30:00" is written with a space by some replies. */
  if (strlen (text) > 10 && text[10] == ' ')
    {
      g_autofree char *fixed = g_strdup (text);

      fixed[10] = 'T';
      instant = g_date_time_new_from_iso8601 (fixed, moscow);
    }
  else
    {
      instant = g_date_time_new_from_iso8601 (text, moscow);
    }

  return instant != NULL ? g_date_time_to_timezone (instant, moscow) : NULL;
}

/**
 * dnevnik_mesh_student_free:
 * @student: (nullable): a #DnevnikMeshStudent
 */
void
dnevnik_mesh_student_free (DnevnikMeshStudent *student)
{
  if (student == NULL)
    return;

  g_free (student->profile_id);
  g_free (student->person_id);
  g_free (student);
}

/**
 * dnevnik_mesh_read_session:
 * @sessions_reply: the reply of `POST /api/ej/acl/v1/sessions`
 * @out_person_id: (out) (optional): the student's `person_id`, or %NULL
 *   if the reply has none
 *
 * Returns: (transfer full) (nullable): the id of the student profile among
 *   `profiles[]` (the one of type `student`, else the first), or %NULL if
 *   the reply has none
 */
char *
dnevnik_mesh_read_session (GBytes  *sessions_reply,
                           char   **out_person_id)
{
  g_autoptr(JsonObject) root = dnevnik_json_parse_object (sessions_reply, NULL);
  JsonArray *profiles = member_array (root, "profiles");
  char *first = NULL;

  if (out_person_id != NULL)
    *out_person_id = first_text (root, "person_id", NULL);

  for (guint i = 0; profiles != NULL && i < json_array_get_length (profiles); i++)
    {
      JsonObject *profile = array_object (profiles, i);
      g_autofree char *type = member_text (profile, "type");
      g_autofree char *id = member_text (profile, "id");

      if (id == NULL)
        continue;
      if (g_strcmp0 (type, "student") == 0)
        {
          g_free (first);
          return g_steal_pointer (&id);
        }
      if (first == NULL)
        first = g_steal_pointer (&id);
    }

  return first;
}

/**
 * dnevnik_mesh_translate_profile:
 * @family_profile: the reply of `GET /api/family/web/v1/profile`
 * @out_student: (out) (optional): the ids the diary requests need
 *
 * The student is the first of `children[]` (a student's own account lists
 * the student there), `profile{}` standing in for missing names.
 *
 * Returns: (transfer full) (nullable): the API-v1 profile document, or
 *   %NULL if the reply names no student
 */
GBytes *
dnevnik_mesh_translate_profile (GBytes              *family_profile,
                                DnevnikMeshStudent **out_student)
{
  g_autoptr(JsonObject) root = dnevnik_json_parse_object (family_profile, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject *profile = member_object (root, "profile");
  JsonArray *children = member_array (root, "children");
  JsonObject *child = NULL;
  JsonObject *school;
  g_autofree char *id = NULL;
  g_autofree char *person = NULL;
  g_autofree char *login = NULL;
  g_autofree char *first_name = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *middle_name = NULL;
  g_autofree char *school_name = NULL;
  g_autofree char *class_name = NULL;

  if (children != NULL && json_array_get_length (children) > 0)
    child = array_object (children, 0);

  id = first_text (child, "id", NULL);
  if (id == NULL)
    id = first_text (profile, "id", NULL);
  if (id == NULL)
    return NULL;

  person = first_text (child, "contingent_guid", "id", NULL);
  login = first_text (child, "sudir_login", "contract_id", "id", NULL);
  first_name = first_text (child, "first_name", NULL);
  last_name = first_text (child, "last_name", NULL);
  middle_name = first_text (child, "middle_name", NULL);
  if (first_name == NULL && last_name == NULL)
    {
      first_name = first_text (profile, "first_name", NULL);
      last_name = first_text (profile, "last_name", NULL);
      middle_name = first_text (profile, "middle_name", NULL);
    }
  school = member_object (child, "school");
  school_name = first_text (school, "short_name", "name", NULL);
  class_name = first_text (child, "class_name", NULL);

  json_builder_begin_object (builder);
  add_string (builder, "id", id);
  add_string (builder, "login", login);
  add_string (builder, "first_name", first_name);
  add_string (builder, "last_name", last_name);
  if (middle_name != NULL)
    add_string (builder, "middle_name", middle_name);
  add_string (builder, "school", school_name);
  add_string (builder, "class_name", class_name);
  json_builder_end_object (builder);

  if (out_student != NULL)
    {
      *out_student = g_new0 (DnevnikMeshStudent, 1);
      (*out_student)->person_id = g_strdup (person != NULL ? person : id);
      (*out_student)->profile_id = first_text (profile, "id", NULL);
    }

  return builder_to_bytes (builder);
}

/* One lesson of the events reply, read. */
typedef struct
{
  GDateTime *start;
  GDateTime *end;
  JsonObject *event;
} Lesson;

static void
lesson_free (gpointer data)
{
  Lesson *lesson = data;

  g_date_time_unref (lesson->start);
  g_date_time_unref (lesson->end);
  g_free (lesson);
}

static int
compare_lessons (gconstpointer a,
                 gconstpointer b)
{
  const Lesson *first = *(const Lesson * const *) a;
  const Lesson *second = *(const Lesson * const *) b;

  return g_date_time_compare (first->start, second->start);
}

static void
add_homework (JsonBuilder *builder,
              JsonObject  *event)
{
  JsonObject *homework = member_object (event, "homework");
  JsonArray *descriptions = member_array (homework, "descriptions");
  JsonArray *entries = member_array (homework, "entries");

  json_builder_set_member_name (builder, "homework");
  json_builder_begin_array (builder);

  /* `descriptions` repeats the texts of `entries`: one of the two. */
  if (descriptions != NULL && json_array_get_length (descriptions) > 0)
    {
      for (guint i = 0; i < MIN (json_array_get_length (descriptions), DNEVNIK_PARSE_MAX_HOMEWORK); i++)
        {
          JsonNode *node = json_array_get_element (descriptions, i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            json_builder_add_string_value (builder, json_node_get_string (node));
        }
    }
  else
    {
      for (guint i = 0; entries != NULL && i < MIN (json_array_get_length (entries), DNEVNIK_PARSE_MAX_HOMEWORK); i++)
        {
          g_autofree char *text = first_text (array_object (entries, i), "description", NULL);

          if (text != NULL)
            json_builder_add_string_value (builder, text);
        }
    }

  json_builder_end_array (builder);
}

static void
add_marks (JsonBuilder *builder,
           JsonObject  *event)
{
  JsonArray *marks = member_array (event, "marks");

  json_builder_set_member_name (builder, "marks");
  json_builder_begin_array (builder);

  for (guint i = 0; marks != NULL && i < MIN (json_array_get_length (marks), DNEVNIK_PARSE_MAX_MARKS); i++)
    {
      JsonObject *mark = array_object (marks, i);
      g_autofree char *value = first_text (mark, "value", NULL);
      g_autofree char *comment = first_text (mark, "control_form_name", "comment", NULL);
      gint64 weight = 0;

      if (value == NULL)
        continue;

      if (json_object_has_member (mark, "weight") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (mark, "weight")) &&
          json_node_get_value_type (json_object_get_member (mark, "weight")) == G_TYPE_INT64)
        weight = json_object_get_int_member (mark, "weight");

      json_builder_begin_object (builder);
      add_string (builder, "value", value);
      if (weight > 0 && weight <= DNEVNIK_PARSE_MAX_MARK_WEIGHT)
        {
          json_builder_set_member_name (builder, "weight");
          json_builder_add_int_value (builder, weight);
        }
      if (comment != NULL)
        add_string (builder, "comment", comment);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
}

static void
add_lesson (JsonBuilder *builder,
            Lesson      *lesson,
            guint        number)
{
  g_autofree char *id = first_text (lesson->event, "id", "source_id", NULL);
  g_autofree char *subject = first_text (lesson->event, "subject_name", "lesson_name", "title", NULL);
  g_autofree char *room = first_text (lesson->event, "room_number", "room_name", NULL);
  g_autofree char *start = g_date_time_format (lesson->start, "%H:%M");
  g_autofree char *end = g_date_time_format (lesson->end, "%H:%M");
  g_autofree char *day = g_date_time_format (lesson->start, "%F");

  if (id == NULL)
    id = g_strdup_printf ("mesh-%s-%u", day, number);

  json_builder_begin_object (builder);
  add_string (builder, "id", id);
  json_builder_set_member_name (builder, "number");
  json_builder_add_int_value (builder, number);
  add_string (builder, "subject", subject);
  add_string (builder, "start_time", start);
  add_string (builder, "end_time", end);
  if (room != NULL)
    add_string (builder, "room", room);
  add_homework (builder, lesson->event);
  add_marks (builder, lesson->event);
  json_builder_end_object (builder);
}

/* The lessons of @events whose start is in [@from, @to], in order of their
 * start: cancelled ones, events without a subject or a readable time, and
 * those out of the range are left out. */
static GPtrArray *
collect_lessons (JsonArray   *events,
                 const GDate *from,
                 const GDate *to)
{
  g_autoptr(GPtrArray) lessons = g_ptr_array_new_with_free_func (lesson_free);

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = array_object (events, i);
      g_autofree char *start_text = member_text (event, "start_at");
      g_autofree char *end_text = member_text (event, "finish_at");
      g_autofree char *subject = first_text (event, "subject_name", "lesson_name", "title", NULL);
      g_autoptr(GDateTime) start = parse_instant (start_text);
      g_autoptr(GDateTime) end = parse_instant (end_text);
      gboolean cancelled = FALSE;
      Lesson *lesson;
      GDate date;

      if (event == NULL || start == NULL || subject == NULL)
        continue;

      if (json_object_has_member (event, "cancelled") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (event, "cancelled")))
        cancelled = json_object_get_boolean_member (event, "cancelled");
      if (cancelled)
        continue;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, g_date_time_get_day_of_month (start), g_date_time_get_month (start),
                      g_date_time_get_year (start));
      if (g_date_compare (&date, from) < 0 || g_date_compare (&date, to) > 0)
        continue;

      lesson = g_new0 (Lesson, 1);
      lesson->start = g_steal_pointer (&start);
      lesson->end = end != NULL && g_date_time_compare (end, lesson->start) >= 0
                      ? g_steal_pointer (&end) : g_date_time_ref (lesson->start);
      lesson->event = event;
      g_ptr_array_add (lessons, lesson);
    }

  g_ptr_array_sort (lessons, compare_lessons);

  return g_steal_pointer (&lessons);
}

/**
 * dnevnik_mesh_translate_events:
 * @events: the reply of `GET /api/eventcalendar/v1/api/events`
 * @from: the first date asked for
 * @to: the last date asked for
 *
 * Every date of the range is a day of the document, its lessons numbered
 * in the order they start (the platform numbers none).
 *
 * Returns: (transfer full) (nullable): the API-v1 diary document, or %NULL
 *   if the reply is not the platform's events
 */
GBytes *
dnevnik_mesh_translate_events (GBytes      *events,
                               const GDate *from,
                               const GDate *to)
{
  g_autoptr(JsonObject) root = dnevnik_json_parse_object (events, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) lessons = NULL;
  JsonArray *response;
  char text[16];
  guint next = 0;
  GDate date;

  /* No `response` member at all is not an empty week but another reply. */
  response = member_array (root, "response");
  if (response == NULL)
    return NULL;

  lessons = collect_lessons (response, from, to);

  json_builder_begin_object (builder);
  g_date_strftime (text, sizeof text, "%F", from);
  add_string (builder, "from", text);
  g_date_strftime (text, sizeof text, "%F", to);
  add_string (builder, "to", text);
  json_builder_set_member_name (builder, "days");
  json_builder_begin_array (builder);

  for (date = *from; g_date_compare (&date, to) <= 0; g_date_add_days (&date, 1))
    {
      guint number = 0;

      g_date_strftime (text, sizeof text, "%F", &date);
      json_builder_begin_object (builder);
      add_string (builder, "date", text);
      json_builder_set_member_name (builder, "lessons");
      json_builder_begin_array (builder);

      for (; next < lessons->len; next++)
        {
          Lesson *lesson = g_ptr_array_index (lessons, next);
          g_autofree char *day = g_date_time_format (lesson->start, "%F");

          if (!g_str_equal (day, text))
            break;
          /* The document keeps to what the service reads: the rest of an
           * overfull day is dropped, not the whole week refused. */
          if (number < DNEVNIK_PARSE_MAX_LESSONS_PER_DAY)
            add_lesson (builder, lesson, ++number);
        }

      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return builder_to_bytes (builder);
}

/**
 * dnevnik_mesh_token_expires_in:
 * @token: an `aupd_token`
 *
 * The token is a JWT: its payload's `exp` says when it ends.  Nothing is
 * verified here (the server does that); the time only decides when the
 * session refreshes it.
 *
 * Returns: its remaining life in seconds (at least 1), or an hour when it
 *   carries no readable `exp`
 */
gint64
dnevnik_mesh_token_expires_in (const char *token)
{
  g_auto(GStrv) parts = g_strsplit (token, ".", 4);
  g_autofree guchar *payload = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autofree char *base64 = NULL;
  gsize length = 0;
  gint64 exp, now;

  if (g_strv_length (parts) != 3)
    return DEFAULT_TOKEN_LIFE;

  /* base64url without padding to plain base64. */
  base64 = g_strdup (parts[1]);
  g_strdelimit (base64, "-", '+');
  g_strdelimit (base64, "_", '/');
  while (strlen (base64) % 4 != 0)
    {
      g_autofree char *padded = g_strconcat (base64, "=", NULL);

      g_free (base64);
      base64 = g_steal_pointer (&padded);
    }

  payload = g_base64_decode (base64, &length);
  bytes = g_bytes_new (payload, length);
  claims = dnevnik_json_parse_object (bytes, NULL);
  if (claims == NULL || !json_object_has_member (claims, "exp") ||
      !JSON_NODE_HOLDS_VALUE (json_object_get_member (claims, "exp")) ||
      json_node_get_value_type (json_object_get_member (claims, "exp")) != G_TYPE_INT64)
    return DEFAULT_TOKEN_LIFE;

  exp = json_object_get_int_member (claims, "exp");
  now = g_get_real_time () / G_USEC_PER_SEC;

  return MAX (exp - now, 1);
}

/**
 * dnevnik_mesh_translate_refresh:
 * @refresh_reply: the reply of `GET /v2/token/refresh`
 *
 * The reply is the new token, as plain text or as a JSON string.  The
 * platform renews a token with itself, so the new one is both the access
 * and the refresh token of the document.
 *
 * Returns: (transfer full) (nullable): the API-v1 authentication document,
 *   or %NULL if the reply is no token
 */
GBytes *
dnevnik_mesh_translate_refresh (GBytes *refresh_reply)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *token = NULL;
  gsize length;
  const char *data = g_bytes_get_data (refresh_reply, &length);

  node = dnevnik_json_parse (refresh_reply, NULL);
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    token = g_strdup (json_node_get_string (node));
  else if (node == NULL && data != NULL)
    token = g_strstrip (g_strndup (data, length));

  /* A token is one line of base64url and dots, nothing a web page is. */
  if (token == NULL || token[0] == '\0' || strlen (token) > DNEVNIK_PARSE_MAX_TOKEN_LENGTH ||
      strspn (token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") != strlen (token))
    return NULL;

  json_builder_begin_object (builder);
  add_string (builder, "access_token", token);
  add_string (builder, "refresh_token", token);
  add_string (builder, "token_type", "Bearer");
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, dnevnik_mesh_token_expires_in (token));
  json_builder_end_object (builder);

  return builder_to_bytes (builder);
}
