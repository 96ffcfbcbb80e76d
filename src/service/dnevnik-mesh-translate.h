/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The translation half of DnevnikMeshProvider.  Internal.
 *
 * Reads the replies of the МЭШ / «Моя школа» platform and writes the API-v1
 * documents the service wants (src/sandbox/API.md).  Every field of the
 * platform's replies is treated as optional; a reply that is not the
 * platform's shape at all (a web page, a list where an object was) is
 * %NULL, and the provider reports it as a changed service.
 */

/* What the events request needs to know of the student. */
typedef struct
{
  char *profile_id;  /* the id sent as Profile-Id */
  char *person_id;   /* the student's id in person_ids= */
} DnevnikMeshStudent;

void     dnevnik_mesh_student_free            (DnevnikMeshStudent *student);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DnevnikMeshStudent, dnevnik_mesh_student_free)

char    *dnevnik_mesh_read_session            (GBytes             *sessions_reply,
                                               char              **out_person_id);
GBytes  *dnevnik_mesh_translate_profile       (GBytes             *family_profile,
                                               DnevnikMeshStudent **out_student);
GBytes  *dnevnik_mesh_translate_events        (GBytes             *events,
                                               const GDate        *from,
                                               const GDate        *to);
GBytes  *dnevnik_mesh_translate_refresh       (GBytes             *refresh_reply);
gint64   dnevnik_mesh_token_expires_in        (const char         *token);

G_END_DECLS
