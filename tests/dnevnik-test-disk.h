/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the app left on disk, read as raw bytes: the privacy and security
 * tests look for a student's names or a token in every file, and in
 * SQLite's WAL and shared-memory files too.  And the tests' own
 * directories, removed when they are done. */

gboolean    dnevnik_test_disk_contains      (const char         *data,
                                             gsize               length,
                                             const char         *needle);
GPtrArray  *dnevnik_test_disk_find_in_home  (const char * const *needles,
                                             guint              *n_files);
GByteArray *dnevnik_test_disk_read_database (const char         *path);
gboolean    dnevnik_test_disk_has_files     (const char         *dir);
void        dnevnik_test_disk_remove_tree   (const char         *path);

G_END_DECLS
