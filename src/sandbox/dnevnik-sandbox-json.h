/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Members of the object a JsonBuilder is inside, one call each. */

void dnevnik_sandbox_json_add_string      (JsonBuilder *builder,
                                           const char  *name,
                                           const char  *value);
void dnevnik_sandbox_json_add_string_take (JsonBuilder *builder,
                                           const char  *name,
                                           char        *value);
void dnevnik_sandbox_json_add_int         (JsonBuilder *builder,
                                           const char  *name,
                                           gint64       value);
void dnevnik_sandbox_json_add_bool        (JsonBuilder *builder,
                                           const char  *name,
                                           gboolean     value);
void dnevnik_sandbox_json_take_value      (JsonBuilder *builder,
                                           char        *value);

G_END_DECLS
