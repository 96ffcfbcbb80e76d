/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include "dnevnik-sandbox-json.h"

/**
 * dnevnik_sandbox_json_add_string:
 *
 * Adds the member @name with the string @value.
 */
void
dnevnik_sandbox_json_add_string (JsonBuilder *builder,
                                 const char  *name,
                                 const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/**
 * dnevnik_sandbox_json_add_string_take:
 * @value: (transfer full): the value, freed here
 */
void
dnevnik_sandbox_json_add_string_take (JsonBuilder *builder,
                                      const char  *name,
                                      char        *value)
{
  json_builder_set_member_name (builder, name);
  dnevnik_sandbox_json_take_value (builder, value);
}

/**
 * dnevnik_sandbox_json_add_int:
 *
 * Adds the member @name with the number @value.
 */
void
dnevnik_sandbox_json_add_int (JsonBuilder *builder,
                              const char  *name,
                              gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/**
 * dnevnik_sandbox_json_add_bool:
 *
 * Adds the member @name with the boolean @value.
 */
void
dnevnik_sandbox_json_add_bool (JsonBuilder *builder,
                               const char  *name,
                               gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

/**
 * dnevnik_sandbox_json_take_value:
 * @value: (transfer full): a string value (of an array, or after a member
 *   name), freed here
 */
void
dnevnik_sandbox_json_take_value (JsonBuilder *builder,
                                 char        *value)
{
  json_builder_add_string_value (builder, value);
  g_free (value);
}
