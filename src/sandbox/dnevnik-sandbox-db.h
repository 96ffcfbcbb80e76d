/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The sandbox's state: one sqlite3 file in WAL mode, 0600 in a 0700
 * directory, its schema migrated through PRAGMA user_version.
 *
 * Statements are written with typed parameters: @types holds one letter
 * per "?" of @sql — 's' a const char * (NULL binds NULL), 'i' a gint64.
 */

typedef struct _DnevnikSandboxDb DnevnikSandboxDb;

/* A sliding-window rate limit, as of logins and link requests. */
typedef struct
{
  /* selects the instants (µs) of past events for "?" = the key and "?" =
   * the start of the window, newest first, e.g. "SELECT at FROM
   * login_failures WHERE login = ? AND at > ? ORDER BY at DESC" */
  const char *sql;
  guint       window_seconds;  /* how far back events count */
  guint       most;            /* how many events the window may hold */
  int         over_code;       /* a #DnevnikSandboxError for a full window */
  const char *over_message;
} DnevnikSandboxRateLimit;

/* Called by dnevnik_sandbox_db_each_row() for each row of @stmt. */
typedef void (*DnevnikSandboxDbRowFunc) (sqlite3_stmt *stmt,
                                         gpointer      user_data);

DnevnikSandboxDb *dnevnik_sandbox_db_open        (const char        *path,
                                                  GError           **error);
void              dnevnik_sandbox_db_close       (DnevnikSandboxDb  *self);
int               dnevnik_sandbox_db_get_version (DnevnikSandboxDb  *self);
gboolean          dnevnik_sandbox_db_wipe        (DnevnikSandboxDb  *self,
                                                  GError           **error);
gboolean          dnevnik_sandbox_db_begin       (DnevnikSandboxDb  *self,
                                                  GError           **error);
gboolean          dnevnik_sandbox_db_end         (DnevnikSandboxDb  *self,
                                                  gboolean           ok,
                                                  GError           **error);
sqlite3_stmt     *dnevnik_sandbox_db_query       (DnevnikSandboxDb  *self,
                                                  GError           **error,
                                                  const char        *sql,
                                                  const char        *types,
                                                  ...);
gboolean          dnevnik_sandbox_db_run         (DnevnikSandboxDb  *self,
                                                  GError           **error,
                                                  const char        *sql,
                                                  const char        *types,
                                                  ...);
gboolean          dnevnik_sandbox_db_next        (DnevnikSandboxDb  *self,
                                                  sqlite3_stmt      *stmt,
                                                  GError           **error);
gboolean          dnevnik_sandbox_db_step        (DnevnikSandboxDb  *self,
                                                  sqlite3_stmt      *stmt,
                                                  gboolean          *row,
                                                  GError           **error);
gboolean          dnevnik_sandbox_db_each_row    (DnevnikSandboxDb  *self,
                                                  sqlite3_stmt      *stmt,
                                                  DnevnikSandboxDbRowFunc func,
                                                  gpointer           user_data,
                                                  GError           **error);
gboolean          dnevnik_sandbox_db_next_required (DnevnikSandboxDb *self,
                                                  sqlite3_stmt      *stmt,
                                                  int                missing_code,
                                                  const char        *missing_message,
                                                  GError           **error);
gboolean          dnevnik_sandbox_db_check_rate  (DnevnikSandboxDb  *self,
                                                  const DnevnikSandboxRateLimit *limit,
                                                  const char        *key,
                                                  GError           **error);
gint64            dnevnik_sandbox_db_count       (DnevnikSandboxDb  *self,
                                                  GError           **error,
                                                  const char        *sql,
                                                  const char        *types,
                                                  ...);
char             *dnevnik_sandbox_db_column_dup  (sqlite3_stmt      *stmt,
                                                  int                column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DnevnikSandboxDb, dnevnik_sandbox_db_close)

G_END_DECLS
