/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dnevnik-text.h"

G_BEGIN_DECLS

/* Validated reading of server replies.  Internal to the service.
 *
 * Every parser goes through these readers, so that a reply of the wrong
 * shape is one DNEVNIK_SERVICE_ERROR_PROTOCOL error and never a crash, a
 * critical or a half-filled model.  Unknown members are ignored (API.md).
 * A member that is present with the value `null` counts as absent.
 */

/* Replies are small; anything bigger is not a diary server talking. */
#define DNEVNIK_JSON_MAX_SIZE  (4 * 1024 * 1024)
/* json-glib parses recursively: a deep nest must be refused before it. */
#define DNEVNIK_JSON_MAX_DEPTH 32

JsonNode    *dnevnik_json_parse            (GBytes      *bytes,
                                            GError     **error);
JsonObject  *dnevnik_json_parse_object     (GBytes      *bytes,
                                            GError     **error);

const char  *dnevnik_json_get_string       (JsonObject  *object,
                                            const char  *member,
                                            gboolean     required,
                                            GError     **error);
const char  *dnevnik_json_get_text         (JsonObject        *object,
                                            const char        *member,
                                            gboolean           required,
                                            gsize              max_chars,
                                            DnevnikTextFlags   flags,
                                            GError           **error);
gboolean     dnevnik_json_get_int          (JsonObject  *object,
                                            const char  *member,
                                            gboolean     required,
                                            gint64       min,
                                            gint64       max,
                                            gint64      *out_value,
                                            GError     **error);
gboolean     dnevnik_json_get_number       (JsonObject  *object,
                                            const char  *member,
                                            gboolean     required,
                                            double       min,
                                            double       max,
                                            double      *out_value,
                                            GError     **error);
gboolean     dnevnik_json_get_boolean      (JsonObject  *object,
                                            const char  *member,
                                            gboolean     required,
                                            gboolean    *out_value,
                                            GError     **error);
JsonArray   *dnevnik_json_get_array        (JsonObject  *object,
                                            const char  *member,
                                            gboolean     required,
                                            GError     **error);
JsonArray   *dnevnik_json_get_array_bounded (JsonObject *object,
                                             const char *member,
                                             gboolean    required,
                                             guint       max_length,
                                             GError    **error);
JsonObject  *dnevnik_json_get_object       (JsonObject  *object,
                                            const char  *member,
                                            gboolean     required,
                                            GError     **error);
JsonObject  *dnevnik_json_array_get_object (JsonArray   *array,
                                            guint        index,
                                            GError     **error);
const char  *dnevnik_json_array_get_text   (JsonArray         *array,
                                            guint              index,
                                            gsize              max_chars,
                                            DnevnikTextFlags   flags,
                                            GError           **error);
gboolean     dnevnik_json_get_date         (JsonObject  *object,
                                            const char  *member,
                                            gboolean     required,
                                            GDate       *out_date,
                                            GError     **error);
GDateTime   *dnevnik_json_get_date_time    (JsonObject  *object,
                                            const char  *member,
                                            gboolean     required,
                                            GError     **error);

gboolean     dnevnik_json_parse_date       (const char  *text,
                                            GDate       *out_date);
char        *dnevnik_json_format_date      (const GDate *date);
gboolean     dnevnik_json_is_time_of_day   (const char  *text);

GError      *dnevnik_json_protocol_error   (const char  *format,
                                            ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
