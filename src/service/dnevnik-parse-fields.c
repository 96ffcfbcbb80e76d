/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-json.h"
#include "dnevnik-parse.h"
#include "dnevnik-url.h"

/* What the parsers (dnevnik-parse.c, dnevnik-parse-marks.c) share: the
 * members of a reply's object read into a model's properties by a table,
 * a list of objects read into a store, and the two string members that
 * need more than sanitising — addresses and fields of a known format. */

/* Reads the string of @field; %NULL without an error when it is optional
 * and absent. */
static const char *
read_string (JsonObject               *object,
             const DnevnikParseField  *field,
             GError                  **error)
{
  switch (field->kind)
    {
    case DNEVNIK_PARSE_FIELD_SHORT_TEXT:
      return dnevnik_json_get_text (object, field->member, field->required, DNEVNIK_TEXT_MAX_SHORT,
                                    DNEVNIK_TEXT_SINGLE_LINE, error);

    case DNEVNIK_PARSE_FIELD_LONG_TEXT:
      return dnevnik_json_get_text (object, field->member, field->required, DNEVNIK_TEXT_MAX_LONG,
                                    DNEVNIK_TEXT_MULTILINE, error);

    case DNEVNIK_PARSE_FIELD_FORMATTED:
      return dnevnik_parse_get_formatted (object, field->member, field->required, field->is_valid, error);

    case DNEVNIK_PARSE_FIELD_WEB_URL:
      return dnevnik_parse_get_web_url (object, field->member, error);

    case DNEVNIK_PARSE_FIELD_STRING:
    default:
      return dnevnik_json_get_string (object, field->member, field->required, error);
    }
}

/* Reads @field into a new value of @properties; an optional field that is
 * absent (or null) adds none, so its property keeps its default. */
static gboolean
read_field (JsonObject              *object,
            const DnevnikParseField *field,
            DnevnikParseProperties  *properties,
            GError                 **error)
{
  GError *local_error = NULL;
  JsonNode *node = json_object_get_member (object, field->member);
  gint64 number = 0;
  gboolean flag = FALSE;
  GDate date;
  const char *text;

  if (!field->required && (node == NULL || JSON_NODE_HOLDS_NULL (node)))
    return TRUE;

  switch (field->kind)
    {
    case DNEVNIK_PARSE_FIELD_INT:
      if (!dnevnik_json_get_int (object, field->member, field->required, field->min, field->max, &number,
                                 &local_error))
        break;
      g_value_set_int (dnevnik_parse_properties_add (properties, field->member, G_TYPE_INT), (int) number);
      break;

    case DNEVNIK_PARSE_FIELD_BOOLEAN:
      if (!dnevnik_json_get_boolean (object, field->member, field->required, &flag, &local_error))
        break;
      g_value_set_boolean (dnevnik_parse_properties_add (properties, field->member, G_TYPE_BOOLEAN), flag);
      break;

    case DNEVNIK_PARSE_FIELD_DATE:
      if (!dnevnik_json_get_date (object, field->member, field->required, &date, &local_error))
        break;
      g_value_set_boxed (dnevnik_parse_properties_add (properties, field->member, G_TYPE_DATE), &date);
      break;

    case DNEVNIK_PARSE_FIELD_STRING:
    case DNEVNIK_PARSE_FIELD_SHORT_TEXT:
    case DNEVNIK_PARSE_FIELD_LONG_TEXT:
    case DNEVNIK_PARSE_FIELD_FORMATTED:
    case DNEVNIK_PARSE_FIELD_WEB_URL:
    default:
      text = read_string (object, field, &local_error);
      if (text != NULL)
        g_value_set_string (dnevnik_parse_properties_add (properties, field->member, G_TYPE_STRING), text);
      break;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

/**
 * dnevnik_parse_get_web_url:
 * @object: a JSON object
 * @member: the member name, a required string
 * @error: return location for a PROTOCOL error
 *
 * Addresses the app opens follow the app's one URL policy (dnevnik-url.h):
 * a server must not make the desktop run a file: or custom-scheme
 * handler, send the student to plain http elsewhere, or dress another host
 * up with userinfo (https://max.ru@evil.example/).
 *
 * Returns: (transfer none) (nullable): the address, or %NULL with @error set
 */
const char *
dnevnik_parse_get_web_url (JsonObject  *object,
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

/**
 * dnevnik_parse_get_formatted:
 * @object: a JSON object
 * @member: the member name
 * @required: whether absence is an error
 * @is_valid: whether a text is in the field's format (dnevnik-text.h)
 * @error: return location for a PROTOCOL error
 *
 * A field of a known format is shown as it comes, so nothing but that
 * format gets through.
 *
 * Returns: (transfer none) (nullable): the text, or %NULL (see
 *   dnevnik_json_get_string())
 */
const char *
dnevnik_parse_get_formatted (JsonObject   *object,
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
 * dnevnik_parse_read_fields:
 * @object: a JSON object
 * @fields: (array length=n_fields): what to read, in order: the first
 *   field that fails fails the whole
 * @n_fields: how many
 * @properties: where the values go, by property name
 * @error: return location for a PROTOCOL error
 *
 * Returns: whether every field was read (an optional one may be absent)
 */
gboolean
dnevnik_parse_read_fields (JsonObject              *object,
                           const DnevnikParseField *fields,
                           guint                    n_fields,
                           DnevnikParseProperties  *properties,
                           GError                 **error)
{
  for (guint i = 0; i < n_fields; i++)
    if (!read_field (object, &fields[i], properties, error))
      return FALSE;

  return TRUE;
}

/**
 * dnevnik_parse_new_model:
 * @type: the type of the model
 * @object: a JSON object
 * @fields: (array length=n_fields): its properties, as for
 *   dnevnik_parse_read_fields()
 * @n_fields: how many
 * @error: return location for a PROTOCOL error
 *
 * Returns: (transfer full) (nullable): a new model of @type, or %NULL
 *   with @error set
 */
gpointer
dnevnik_parse_new_model (GType                     type,
                         JsonObject               *object,
                         const DnevnikParseField  *fields,
                         guint                     n_fields,
                         GError                  **error)
{
  g_auto(DnevnikParseProperties) properties = { 0 };

  if (!dnevnik_parse_read_fields (object, fields, n_fields, &properties, error))
    return NULL;

  return dnevnik_parse_properties_new_object (&properties, type);
}

/**
 * dnevnik_parse_properties_add:
 * @properties: the properties read so far
 * @name: a property name, static
 * @type: its type
 *
 * Returns: (transfer none): the new value of @name, of @type, to set
 */
GValue *
dnevnik_parse_properties_add (DnevnikParseProperties *properties,
                              const char             *name,
                              GType                   type)
{
  GValue *value;

  g_assert (properties->n < G_N_ELEMENTS (properties->values));

  value = &properties->values[properties->n];
  properties->names[properties->n++] = name;
  return g_value_init (value, type);
}

/**
 * dnevnik_parse_properties_lookup:
 * @properties: the properties read so far
 * @name: a property name
 *
 * Returns: (transfer none) (nullable): the value of @name, or %NULL if
 *   none was read
 */
const GValue *
dnevnik_parse_properties_lookup (DnevnikParseProperties *properties,
                                 const char             *name)
{
  for (guint i = 0; i < properties->n; i++)
    if (g_str_equal (properties->names[i], name))
      return &properties->values[i];

  return NULL;
}

/**
 * dnevnik_parse_properties_new_object:
 * @properties: the properties read
 * @type: the type of the model
 *
 * Returns: (transfer full): a new model of @type with @properties
 */
gpointer
dnevnik_parse_properties_new_object (DnevnikParseProperties *properties,
                                     GType                   type)
{
  return g_object_new_with_properties (type, properties->n, properties->names, properties->values);
}

/**
 * dnevnik_parse_properties_clear:
 * @properties: properties read
 *
 * Unsets every value.
 */
void
dnevnik_parse_properties_clear (DnevnikParseProperties *properties)
{
  for (guint i = 0; i < properties->n; i++)
    g_value_unset (&properties->values[i]);

  properties->n = 0;
}
