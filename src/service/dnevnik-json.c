/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include <string.h>

#include "dnevnik-json.h"
#include "dnevnik-service-error.h"

/**
 * dnevnik_json_protocol_error:
 * @format: printf() format of the detail, for the debug log only
 *
 * The student sees the PROTOCOL message; what exactly was wrong with the
 * reply goes to the debug log.
 *
 * Returns: (transfer full): a new %DNEVNIK_SERVICE_ERROR_PROTOCOL error
 */
GError *
dnevnik_json_protocol_error (const char *format,
                             ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_debug ("Malformed reply: %s", detail);

  return dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_PROTOCOL, NULL, -1, -1);
}

/* A byte-level pass over the text that finds the deepest nesting of
 * arrays and objects, skipping strings; it stops as soon as the limit is
 * passed, so hostile input costs no more than its length.
 */
static gboolean
nesting_within_limit (const char *data,
                      gsize       length,
                      guint       limit)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > limit)
            return FALSE;
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

/**
 * dnevnik_json_parse:
 * @bytes: a reply body
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_PROTOCOL error
 *
 * Parses @bytes after checking its size, its encoding (UTF-8 without NUL
 * bytes) and its nesting depth.
 *
 * Returns: (transfer full): the root node
 */
JsonNode *
dnevnik_json_parse (GBytes  *bytes,
                    GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize length;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);

  if (length == 0)
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("empty body"));
      return NULL;
    }

  if (length > DNEVNIK_JSON_MAX_SIZE)
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("body of %" G_GSIZE_FORMAT " bytes", length));
      return NULL;
    }

  if (!g_utf8_validate (data, length, NULL))
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("body is not UTF-8"));
      return NULL;
    }

  if (!nesting_within_limit (data, length, DNEVNIK_JSON_MAX_DEPTH))
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("nested deeper than %d", DNEVNIK_JSON_MAX_DEPTH));
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("%s", local_error->message));
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("no JSON value"));
      return NULL;
    }

  return json_parser_steal_root (parser);
}

/**
 * dnevnik_json_parse_object:
 * @bytes: a reply body
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_PROTOCOL error
 *
 * Like dnevnik_json_parse(), for replies whose root must be an object.
 *
 * Returns: (transfer full): the root object
 */
JsonObject *
dnevnik_json_parse_object (GBytes  *bytes,
                           GError **error)
{
  g_autoptr(JsonNode) root = NULL;

  root = dnevnik_json_parse (bytes, error);
  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("the reply is not an object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* Returns the member's node, or NULL when it is absent or null; sets
 * @error only when a required member is missing.
 */
static JsonNode *
lookup (JsonObject  *object,
        const char  *member,
        gboolean     required,
        GError     **error)
{
  JsonNode *node;

  g_assert (object != NULL);

  node = json_object_get_member (object, member);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_propagate_error (error, dnevnik_json_protocol_error ("member \"%s\" is missing", member));
      return NULL;
    }

  return node;
}

static gboolean
node_holds (JsonNode *node,
            GType     value_type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == value_type;
}

/* What a member or an element must be, and its name in errors. */
typedef struct
{
  JsonNodeType  node_type;
  GType         value_type;  /* of a JSON_NODE_VALUE; KIND_NUMBER takes an integer too */
  const char   *what;
} Kind;

static const Kind KIND_STRING = { JSON_NODE_VALUE, G_TYPE_STRING, "a string" };
static const Kind KIND_INTEGER = { JSON_NODE_VALUE, G_TYPE_INT64, "an integer" };
static const Kind KIND_NUMBER = { JSON_NODE_VALUE, G_TYPE_DOUBLE, "a number" };
static const Kind KIND_BOOLEAN = { JSON_NODE_VALUE, G_TYPE_BOOLEAN, "a boolean" };
static const Kind KIND_ARRAY = { JSON_NODE_ARRAY, G_TYPE_INVALID, "an array" };
static const Kind KIND_OBJECT = { JSON_NODE_OBJECT, G_TYPE_INVALID, "an object" };

/* Whether @node is of @kind; a number may be written with or without a
 * fraction. */
static gboolean
node_is (JsonNode   *node,
         const Kind *kind)
{
  if (kind == &KIND_NUMBER)
    return node_holds (node, G_TYPE_INT64) || node_holds (node, G_TYPE_DOUBLE);

  if (kind->node_type == JSON_NODE_VALUE)
    return node_holds (node, kind->value_type);

  return JSON_NODE_TYPE (node) == kind->node_type;
}

/* The value of a node of KIND_NUMBER or KIND_INTEGER. */
static double
number_of (JsonNode *node)
{
  return node_holds (node, G_TYPE_INT64) ? (double) json_node_get_int (node) : json_node_get_double (node);
}

/* The member's node if it is of @kind.  NULL if it is missing, as
 * lookup() says, or of another kind, with @error set. */
static JsonNode *
lookup_kind (JsonObject  *object,
             const char  *member,
             gboolean     required,
             const Kind  *kind,
             GError     **error)
{
  JsonNode *node = lookup (object, member, required, error);

  if (node != NULL && !node_is (node, kind))
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("member \"%s\" is not %s", member, kind->what));
      return NULL;
    }

  return node;
}

/* The element at @index if it is of @kind, or NULL with @error set. */
static JsonNode *
element_of_kind (JsonArray   *array,
                 guint        index,
                 const Kind  *kind,
                 GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (node == NULL || !node_is (node, kind))
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("element %u is not %s", index, kind->what));
      return NULL;
    }

  return node;
}

/* For the getters that say whether they succeeded: the member's node if
 * it is of @kind, in *@out_node.  Returns %FALSE, with @error set, if it
 * is missing (and @required) or of another kind; %TRUE otherwise, with
 * *@out_node %NULL when it is optional and absent. */
static gboolean
lookup_present (JsonObject  *object,
                const char  *member,
                gboolean     required,
                const Kind  *kind,
                JsonNode   **out_node,
                GError     **error)
{
  GError *local_error = NULL;

  *out_node = lookup_kind (object, member, required, kind, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

/* The number getters' one body: the member's node in *@out_node if it is
 * of @kind (KIND_INTEGER or KIND_NUMBER) in [@min, @max]; otherwise as
 * lookup_present().  An integer is compared as a double, exact for every
 * bound within 2^53. */
static gboolean
lookup_bounded (JsonObject  *object,
                const char  *member,
                gboolean     required,
                const Kind  *kind,
                double       min,
                double       max,
                JsonNode   **out_node,
                GError     **error)
{
  double value;

  if (!lookup_present (object, member, required, kind, out_node, error))
    return FALSE;
  if (*out_node == NULL)
    return TRUE;

  value = number_of (*out_node);

  /* NaN fails both comparisons, so it is refused with the rest. */
  if (!(value >= min && value <= max))
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("member \"%s\" is out of range", member));
      *out_node = NULL;
      return FALSE;
    }

  return TRUE;
}

/* The member's node if it holds a string; see dnevnik_json_get_string(). */
static JsonNode *
lookup_string (JsonObject  *object,
               const char  *member,
               gboolean     required,
               GError     **error)
{
  return lookup_kind (object, member, required, &KIND_STRING, error);
}

/**
 * dnevnik_json_get_string:
 * @object: a JSON object
 * @member: the member name
 * @required: whether absence is an error
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_PROTOCOL error
 *
 * Returns: (transfer none) (nullable): the string; %NULL with @error set
 *   if it is missing (and @required) or not a string, %NULL without error
 *   if it is optional and absent
 */
const char *
dnevnik_json_get_string (JsonObject  *object,
                         const char  *member,
                         gboolean     required,
                         GError     **error)
{
  JsonNode *node = lookup_string (object, member, required, error);

  return node != NULL ? json_node_get_string (node) : NULL;
}

/* Replaces the string of @node, which must hold one, by its sanitised
 * form; the parsed tree belongs to the parser that calls this, so the
 * string stays valid for as long as the tree does. */
static const char *
sanitize_node (JsonNode          *node,
               gsize              max_chars,
               DnevnikTextFlags   flags,
               const char        *what,
               GError           **error)
{
  g_autofree char *text = dnevnik_text_sanitize (json_node_get_string (node), -1, max_chars, flags);

  if (text == NULL)
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("%s is not UTF-8", what));
      return NULL;
    }

  json_node_set_string (node, text);
  return json_node_get_string (node);
}

/**
 * dnevnik_json_get_text:
 * @object: a JSON object
 * @member: the member name
 * @required: whether absence is an error
 * @max_chars: the most characters to keep
 * @flags: whether line breaks are kept
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_PROTOCOL error
 *
 * Like dnevnik_json_get_string(), for every string a person will read:
 * the result has gone through dnevnik_text_sanitize(), so it holds no
 * controls or bidi overrides and at most @max_chars characters.  It is
 * plain text, never markup.
 *
 * Returns: (transfer none) (nullable): the text, or %NULL (see
 *   dnevnik_json_get_string())
 */
const char *
dnevnik_json_get_text (JsonObject        *object,
                       const char        *member,
                       gboolean           required,
                       gsize              max_chars,
                       DnevnikTextFlags   flags,
                       GError           **error)
{
  JsonNode *node = lookup_string (object, member, required, error);

  return node != NULL ? sanitize_node (node, max_chars, flags, member, error) : NULL;
}

/**
 * dnevnik_json_get_int:
 * @object: a JSON object
 * @member: the member name
 * @required: whether absence is an error
 * @min: the smallest valid value
 * @max: the largest valid value
 * @out_value: (out): the value; left alone if the member is optional and absent
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_PROTOCOL error
 *
 * Returns: %FALSE if the member is missing (and @required), not an integer,
 *   or out of [@min, @max]
 */
gboolean
dnevnik_json_get_int (JsonObject  *object,
                      const char  *member,
                      gboolean     required,
                      gint64       min,
                      gint64       max,
                      gint64      *out_value,
                      GError     **error)
{
  JsonNode *node;

  if (!lookup_bounded (object, member, required, &KIND_INTEGER, min, max, &node, error))
    return FALSE;

  if (node != NULL)
    *out_value = json_node_get_int (node);
  return TRUE;
}

/**
 * dnevnik_json_get_number:
 * @object: a JSON object
 * @member: the member name
 * @required: whether absence is an error
 * @min: the smallest value accepted
 * @max: the largest value accepted
 * @out_value: (out): the value; left alone if the member is optional and absent
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_PROTOCOL error
 *
 * Reads a number, written with or without a fraction (`1` and `0.6`).
 *
 * Returns: %FALSE if the member is missing (and @required), not a number,
 *   not finite or out of range
 */
gboolean
dnevnik_json_get_number (JsonObject  *object,
                         const char  *member,
                         gboolean     required,
                         double       min,
                         double       max,
                         double      *out_value,
                         GError     **error)
{
  JsonNode *node;

  if (!lookup_bounded (object, member, required, &KIND_NUMBER, min, max, &node, error))
    return FALSE;

  if (node != NULL)
    *out_value = number_of (node);
  return TRUE;
}

/**
 * dnevnik_json_get_boolean:
 * @object: a JSON object
 * @member: the member name
 * @required: whether absence is an error
 * @out_value: (out): the value; left alone if the member is optional and absent
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_PROTOCOL error
 *
 * Returns: %FALSE if the member is missing (and @required) or not a boolean
 */
gboolean
dnevnik_json_get_boolean (JsonObject  *object,
                          const char  *member,
                          gboolean     required,
                          gboolean    *out_value,
                          GError     **error)
{
  JsonNode *node;

  if (!lookup_present (object, member, required, &KIND_BOOLEAN, &node, error))
    return FALSE;

  if (node != NULL)
    *out_value = json_node_get_boolean (node);
  return TRUE;
}

/**
 * dnevnik_json_get_array:
 * @object: a JSON object
 * @member: the member name
 * @required: whether absence is an error
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_PROTOCOL error
 *
 * Returns: (transfer none) (nullable): the array, or %NULL (see
 *   dnevnik_json_get_string())
 */
JsonArray *
dnevnik_json_get_array (JsonObject  *object,
                        const char  *member,
                        gboolean     required,
                        GError     **error)
{
  JsonNode *node = lookup_kind (object, member, required, &KIND_ARRAY, error);

  return node != NULL ? json_node_get_array (node) : NULL;
}

/**
 * dnevnik_json_get_object:
 * @object: a JSON object
 * @member: the member name
 * @required: whether absence is an error
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_PROTOCOL error
 *
 * Returns: (transfer none) (nullable): the object, or %NULL (see
 *   dnevnik_json_get_string())
 */
JsonObject *
dnevnik_json_get_object (JsonObject  *object,
                         const char  *member,
                         gboolean     required,
                         GError     **error)
{
  JsonNode *node = lookup_kind (object, member, required, &KIND_OBJECT, error);

  return node != NULL ? json_node_get_object (node) : NULL;
}

/**
 * dnevnik_json_array_get_object:
 * @array: a JSON array
 * @index: an index below the array's length
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_PROTOCOL error
 *
 * Returns: (transfer none) (nullable): the element, or %NULL with @error
 *   set if it is not an object
 */
JsonObject *
dnevnik_json_array_get_object (JsonArray  *array,
                               guint       index,
                               GError    **error)
{
  JsonNode *node = element_of_kind (array, index, &KIND_OBJECT, error);

  return node != NULL ? json_node_get_object (node) : NULL;
}

/**
 * dnevnik_json_array_get_text:
 * @array: a JSON array
 * @index: an index below the array's length
 * @max_chars: the most characters to keep
 * @flags: whether line breaks are kept
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_PROTOCOL error
 *
 * The element, a string, sanitised as by dnevnik_json_get_text().
 *
 * Returns: (transfer none) (nullable): the text, or %NULL with @error set
 */
const char *
dnevnik_json_array_get_text (JsonArray         *array,
                             guint              index,
                             gsize              max_chars,
                             DnevnikTextFlags   flags,
                             GError           **error)
{
  JsonNode *node = element_of_kind (array, index, &KIND_STRING, error);

  if (node == NULL)
    return NULL;

  return sanitize_node (node, max_chars, flags, "an array element", error);
}

/**
 * dnevnik_json_get_array_bounded:
 * @object: a JSON object
 * @member: the member name
 * @required: whether absence is an error
 * @max_length: the most elements the array may have
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_PROTOCOL error
 *
 * Like dnevnik_json_get_array(), refusing an array longer than
 * @max_length before any model is built from it: a reply that size is no
 * diary, and building it would stall the app.
 *
 * Returns: (transfer none) (nullable): the array, or %NULL (see
 *   dnevnik_json_get_string())
 */
JsonArray *
dnevnik_json_get_array_bounded (JsonObject  *object,
                                const char  *member,
                                gboolean     required,
                                guint        max_length,
                                GError     **error)
{
  JsonArray *array = dnevnik_json_get_array (object, member, required, error);

  if (array != NULL && json_array_get_length (array) > max_length)
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("member \"%s\" has %u elements, more than %u",
                                                             member, json_array_get_length (array), max_length));
      return NULL;
    }

  return array;
}

/**
 * dnevnik_json_parse_date:
 * @text: text that should be a `YYYY-MM-DD` date
 * @out_date: (out caller-allocates): the date
 *
 * Strict: exactly ten characters, digits where digits belong, a real date.
 *
 * Returns: whether @text is a valid date
 */
gboolean
dnevnik_json_parse_date (const char *text,
                         GDate      *out_date)
{
  guint year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);

  if (year < 1 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

/**
 * dnevnik_json_format_date:
 * @date: a valid date
 *
 * The inverse of dnevnik_json_parse_date(): how API v1 writes a date.
 *
 * Returns: (transfer full): @date as `YYYY-MM-DD`
 */
char *
dnevnik_json_format_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/**
 * dnevnik_json_is_time_of_day:
 * @text: text that should be a `HH:MM` time
 *
 * Returns: whether @text is a valid time of day
 */
gboolean
dnevnik_json_is_time_of_day (const char *text)
{
  if (text == NULL || strlen (text) != 5 || text[2] != ':')
    return FALSE;

  if (!g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;

  return (text[0] - '0') * 10 + (text[1] - '0') < 24 &&
         (text[3] - '0') * 10 + (text[4] - '0') < 60;
}

/**
 * dnevnik_json_get_date:
 * @object: a JSON object
 * @member: the member name
 * @required: whether absence is an error
 * @out_date: (out caller-allocates): the date; left alone if absent
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_PROTOCOL error
 *
 * Returns: %FALSE if the member is missing (and @required) or not a
 *   `YYYY-MM-DD` date
 */
gboolean
dnevnik_json_get_date (JsonObject  *object,
                       const char  *member,
                       gboolean     required,
                       GDate       *out_date,
                       GError     **error)
{
  JsonNode *node;

  if (!lookup_present (object, member, required, &KIND_STRING, &node, error))
    return FALSE;

  if (node != NULL && !dnevnik_json_parse_date (json_node_get_string (node), out_date))
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("member \"%s\" is not a date", member));
      return FALSE;
    }

  return TRUE;
}

/**
 * dnevnik_json_get_date_time:
 * @object: a JSON object
 * @member: the member name
 * @required: whether absence is an error
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_PROTOCOL error
 *
 * Instants must carry their offset (API.md), so that no local time zone
 * rule changes what the server meant.
 *
 * Returns: (transfer full) (nullable): the instant, or %NULL (see
 *   dnevnik_json_get_string())
 */
GDateTime *
dnevnik_json_get_date_time (JsonObject  *object,
                            const char  *member,
                            gboolean     required,
                            GError     **error)
{
  const char *text = dnevnik_json_get_string (object, member, required, error);
  const char *time_part;
  GDateTime *value = NULL;

  if (text == NULL)
    return NULL;

  /* Without an offset GLib would read the text in the local zone; demand
   * one ("Z" or ±hh:mm after the time) instead of guessing. */
  time_part = strpbrk (text, "Tt ");
  if (time_part != NULL && strpbrk (time_part, "Zz+-") != NULL)
    value = g_date_time_new_from_iso8601 (text, NULL);

  if (value == NULL)
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("member \"%s\" is not an ISO 8601 instant with an offset", member));
      return NULL;
    }

  return value;
}
