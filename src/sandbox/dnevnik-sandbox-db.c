/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "dnevnik-sandbox-db.h"
#include "dnevnik-sandbox-error.h"
#include "dnevnik-sandbox-time.h"

struct _DnevnikSandboxDb
{
  sqlite3 *handle;
  char    *path;
};

/* One entry per schema version; entry N takes user_version N to N + 1.
 * Append, never edit: a database in the field is at some version already.
 */
static const char * const migrations[] = {
  /* 0 → 1: the whole first schema. Instants are µs since the epoch. */
  "CREATE TABLE accounts ("
  "  id TEXT PRIMARY KEY,"
  "  login TEXT NOT NULL UNIQUE,"
  "  password TEXT NOT NULL,"
  "  first_name TEXT NOT NULL,"
  "  last_name TEXT NOT NULL,"
  "  middle_name TEXT NOT NULL,"
  "  school TEXT NOT NULL,"
  "  class_name TEXT NOT NULL,"
  "  seed INTEGER NOT NULL);"
  "CREATE TABLE tokens ("
  "  hash TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),"
  "  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  pair TEXT NOT NULL,"
  "  expires_at INTEGER NOT NULL);"
  "CREATE INDEX tokens_pair ON tokens (pair);"
  "CREATE TABLE login_failures ("
  "  login TEXT NOT NULL,"
  "  at INTEGER NOT NULL);"
  "CREATE INDEX login_failures_login ON login_failures (login, at);"
  "CREATE TABLE max_accounts ("
  "  phone TEXT PRIMARY KEY,"
  "  account_id TEXT NOT NULL UNIQUE);"
  "CREATE TABLE links ("
  "  account_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,"
  "  max_account_id TEXT NOT NULL UNIQUE,"
  "  phone TEXT NOT NULL,"
  "  linked_at INTEGER NOT NULL);"
  "CREATE TABLE link_history ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('linked', 'unlinked')),"
  "  at INTEGER NOT NULL,"
  "  max_account_id TEXT NOT NULL);"
  "CREATE TABLE link_requests ("
  "  id TEXT PRIMARY KEY,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  phone TEXT NOT NULL,"
  "  code TEXT NOT NULL,"
  "  state TEXT NOT NULL CHECK (state IN ('pending', 'replaced', 'dead', 'done')),"
  "  created_at INTEGER NOT NULL,"
  "  sent_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  attempts_left INTEGER NOT NULL);"
  "CREATE INDEX link_requests_account ON link_requests (account_id, created_at);"
  "CREATE TABLE sms ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  phone TEXT NOT NULL,"
  "  code TEXT NOT NULL,"
  "  request_id TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  sent_at INTEGER NOT NULL);"
  "CREATE TABLE library ("
  "  id TEXT PRIMARY KEY,"
  "  position INTEGER NOT NULL,"
  "  title TEXT NOT NULL,"
  "  subject TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  url TEXT NOT NULL);"
  "CREATE TABLE achievements ("
  "  id TEXT NOT NULL,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  title TEXT NOT NULL,"
  "  date TEXT NOT NULL,"
  "  level TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  PRIMARY KEY (account_id, id));",
  /* 1 → 2: marks given through POST /sandbox/marks, beside the ones the
   * demo computes from the lessons. */
  "CREATE TABLE given_marks ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  subject TEXT NOT NULL,"
  "  date TEXT NOT NULL,"
  "  value TEXT NOT NULL,"
  "  weight INTEGER NOT NULL,"
  "  control_form TEXT NOT NULL,"
  "  comment TEXT);",
};

/* Child tables first, so that a wipe never trips a foreign key. */
static const char * const tables[] = {
  "given_marks", "tokens", "login_failures", "link_history", "link_requests", "links", "sms",
  "achievements", "library", "max_accounts", "accounts",
};

static gboolean
set_sqlite_error (DnevnikSandboxDb  *self,
                  GError           **error,
                  const char        *what)
{
  g_set_error (error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_INTERNAL,
               "%s: %s", what, sqlite3_errmsg (self->handle));
  return FALSE;
}

static gboolean
exec (DnevnikSandboxDb  *self,
      const char        *sql,
      GError           **error)
{
  if (sqlite3_exec (self->handle, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error, sql);

  return TRUE;
}

/* The process umask keeps new files private; this also covers files that
 * existed before with looser modes, and the WAL companions.
 */
static void
restrict_modes (DnevnikSandboxDb *self)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (self->path, suffixes[i], NULL);

      if (g_chmod (file, 0600) != 0 && errno != ENOENT)
        g_message ("Could not make %s private: %s", file, g_strerror (errno));
    }
}

static gboolean
migrate (DnevnikSandboxDb  *self,
         GError           **error)
{
  int version = dnevnik_sandbox_db_get_version (self);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_INTERNAL,
                   "%s has schema version %d, newer than this sandbox knows (%u)",
                   self->path, version, (guint) G_N_ELEMENTS (migrations));
      return FALSE;
    }

  for (; version < (int) G_N_ELEMENTS (migrations); version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!dnevnik_sandbox_db_begin (self, error))
        return FALSE;

      if (!exec (self, migrations[version], error) || !exec (self, bump, error))
        {
          exec (self, "ROLLBACK", NULL);
          g_prefix_error (error, "Migrating to schema version %d: ", version + 1);
          return FALSE;
        }

      if (!dnevnik_sandbox_db_end (self, TRUE, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * dnevnik_sandbox_db_open:
 * @path: the database file; missing directories are made with mode 0700
 *
 * Opens (or creates) the database and brings its schema up to date.
 *
 * Returns: (transfer full) (nullable): the database, or %NULL on error
 */
DnevnikSandboxDb *
dnevnik_sandbox_db_open (const char  *path,
                         GError     **error)
{
  g_autoptr(DnevnikSandboxDb) self = g_new0 (DnevnikSandboxDb, 1);
  g_autofree char *dir = g_path_get_dirname (path);

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create %s: %s", dir, g_strerror (saved_errno));
      return NULL;
    }

  if (sqlite3_open_v2 (path, &self->handle,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_INTERNAL,
                   "Could not open %s: %s", path,
                   self->handle != NULL ? sqlite3_errmsg (self->handle) : "out of memory");
      return NULL;
    }

  sqlite3_busy_timeout (self->handle, 2000);
  sqlite3_extended_result_codes (self->handle, TRUE);

  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error) ||
      !migrate (self, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  restrict_modes (self);
  return g_steal_pointer (&self);
}

/**
 * dnevnik_sandbox_db_close:
 *
 * Checkpoints the WAL into the main file and closes the database.
 */
void
dnevnik_sandbox_db_close (DnevnikSandboxDb *self)
{
  if (self == NULL)
    return;

  if (self->handle != NULL)
    {
      sqlite3_wal_checkpoint_v2 (self->handle, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
      if (sqlite3_close (self->handle) != SQLITE_OK)
        g_message ("Closing %s: %s", self->path, sqlite3_errmsg (self->handle));
    }

  g_free (self->path);
  g_free (self);
}

/**
 * dnevnik_sandbox_db_get_version:
 *
 * Returns: the schema version (PRAGMA user_version), or -1 on error
 */
int
dnevnik_sandbox_db_get_version (DnevnikSandboxDb *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return -1;

  return sqlite3_column_int (stmt, 0);
}

/**
 * dnevnik_sandbox_db_wipe:
 *
 * Deletes every row of every table (inside the caller's transaction).
 */
gboolean
dnevnik_sandbox_db_wipe (DnevnikSandboxDb  *self,
                         GError           **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", tables[i]);

      if (!exec (self, sql, error))
        return FALSE;
    }

  return exec (self, "DELETE FROM sqlite_sequence", error);
}

/**
 * dnevnik_sandbox_db_begin:
 *
 * Starts a write transaction; every change of state happens inside one,
 * ended by dnevnik_sandbox_db_end().
 */
gboolean
dnevnik_sandbox_db_begin (DnevnikSandboxDb  *self,
                          GError           **error)
{
  return exec (self, "BEGIN IMMEDIATE", error);
}

/**
 * dnevnik_sandbox_db_end:
 * @ok: whether the work inside the transaction should be kept
 *
 * Commits the transaction when @ok, else rolls it back.
 *
 * Returns: %TRUE when it was committed
 */
gboolean
dnevnik_sandbox_db_end (DnevnikSandboxDb  *self,
                        gboolean           ok,
                        GError           **error)
{
  if (!ok)
    {
      exec (self, "ROLLBACK", NULL);
      return FALSE;
    }

  if (!exec (self, "COMMIT", error))
    {
      exec (self, "ROLLBACK", NULL);
      return FALSE;
    }

  return TRUE;
}

static sqlite3_stmt *
prepare_valist (DnevnikSandboxDb  *self,
                GError           **error,
                const char        *sql,
                const char        *types,
                va_list            args)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, sql);
      return NULL;
    }

  g_assert (strlen (types) == (gsize) sqlite3_bind_parameter_count (stmt));

  for (int i = 0; types[i] != '\0'; i++)
    {
      int rc;

      switch (types[i])
        {
        case 's':
          rc = sqlite3_bind_text (stmt, i + 1, va_arg (args, const char *), -1, SQLITE_TRANSIENT);
          break;
        case 'i':
          rc = sqlite3_bind_int64 (stmt, i + 1, va_arg (args, gint64));
          break;
        default:
          g_assert_not_reached ();
        }

      if (rc != SQLITE_OK)
        {
          set_sqlite_error (self, error, sql);
          return NULL;
        }
    }

  return g_steal_pointer (&stmt);
}

/**
 * dnevnik_sandbox_db_query:
 * @sql: one statement with "?" parameters
 * @types: one letter per parameter, see the top of this header
 *
 * Returns: (transfer full) (nullable): the statement, ready for
 *   dnevnik_sandbox_db_next()
 */
sqlite3_stmt *
dnevnik_sandbox_db_query (DnevnikSandboxDb  *self,
                          GError           **error,
                          const char        *sql,
                          const char        *types,
                          ...)
{
  sqlite3_stmt *stmt;
  va_list args;

  va_start (args, types);
  stmt = prepare_valist (self, error, sql, types, args);
  va_end (args);

  return stmt;
}

/* Runs a statement once.  With @count, a number the first row's first
 * column holds goes there (0 without a row); without, the statement must
 * return no rows. */
static gboolean
run_valist (DnevnikSandboxDb  *self,
            GError           **error,
            const char        *sql,
            const char        *types,
            va_list            args,
            gint64            *count)
{
  g_autoptr(sqlite3_stmt) stmt = prepare_valist (self, error, sql, types, args);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (count != NULL)
    *count = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  if (rc == SQLITE_DONE || (rc == SQLITE_ROW && count != NULL))
    return TRUE;

  return set_sqlite_error (self, error, sql);
}

/**
 * dnevnik_sandbox_db_run:
 *
 * Runs a statement that returns no rows.
 */
gboolean
dnevnik_sandbox_db_run (DnevnikSandboxDb  *self,
                        GError           **error,
                        const char        *sql,
                        const char        *types,
                        ...)
{
  gboolean ok;
  va_list args;

  va_start (args, types);
  ok = run_valist (self, error, sql, types, args, NULL);
  va_end (args);

  return ok;
}

/**
 * dnevnik_sandbox_db_count:
 *
 * Runs a statement whose first row's first column is a number.
 *
 * Returns: that number, 0 when there is no row, -1 on error
 */
gint64
dnevnik_sandbox_db_count (DnevnikSandboxDb  *self,
                          GError           **error,
                          const char        *sql,
                          const char        *types,
                          ...)
{
  gint64 count = 0;
  va_list args;

  va_start (args, types);
  if (!run_valist (self, error, sql, types, args, &count))
    count = -1;
  va_end (args);

  return count;
}

/**
 * dnevnik_sandbox_db_next:
 *
 * Steps @stmt.
 *
 * Returns: %TRUE when a row is there; %FALSE at the end or on error (then
 *   @error is set)
 */
gboolean
dnevnik_sandbox_db_next (DnevnikSandboxDb  *self,
                         sqlite3_stmt      *stmt,
                         GError           **error)
{
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      return TRUE;
    case SQLITE_DONE:
      return FALSE;
    default:
      return set_sqlite_error (self, error, sqlite3_sql (stmt));
    }
}

/**
 * dnevnik_sandbox_db_step:
 * @row: (out): whether a row is there
 *
 * Steps @stmt; for loops, `while ((ok = …_step (db, stmt, &row, error)) && row)`.
 *
 * Returns: %FALSE on error (then @row is %FALSE too)
 */
gboolean
dnevnik_sandbox_db_step (DnevnikSandboxDb  *self,
                         sqlite3_stmt      *stmt,
                         gboolean          *row,
                         GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  *row = dnevnik_sandbox_db_next (self, stmt, &local_error);
  if (local_error == NULL)
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * dnevnik_sandbox_db_each_row:
 * @stmt: (nullable): a statement from dnevnik_sandbox_db_query(), or %NULL
 *   when that failed (then @error is set already)
 * @func: called with @stmt on each row, in order
 *
 * Steps @stmt to its end.
 *
 * Returns: %FALSE when @stmt is %NULL or on error (then @error is set)
 */
gboolean
dnevnik_sandbox_db_each_row (DnevnikSandboxDb         *self,
                             sqlite3_stmt             *stmt,
                             DnevnikSandboxDbRowFunc   func,
                             gpointer                  user_data,
                             GError                  **error)
{
  gboolean ok;
  gboolean row;

  if (stmt == NULL)
    return FALSE;

  while ((ok = dnevnik_sandbox_db_step (self, stmt, &row, error)) && row)
    func (stmt, user_data);

  return ok;
}

/**
 * dnevnik_sandbox_db_next_required:
 * @missing_code: a #DnevnikSandboxError for when there is no row
 *
 * Steps @stmt, which must give a row.
 *
 * Returns: %TRUE when a row is there; otherwise %FALSE with @error set to
 *   the database's error or to @missing_code
 */
gboolean
dnevnik_sandbox_db_next_required (DnevnikSandboxDb  *self,
                                  sqlite3_stmt      *stmt,
                                  int                missing_code,
                                  const char        *missing_message,
                                  GError           **error)
{
  gboolean row;

  if (!dnevnik_sandbox_db_step (self, stmt, &row, error))
    return FALSE;

  if (!row)
    g_set_error_literal (error, DNEVNIK_SANDBOX_ERROR, missing_code, missing_message);
  return row;
}

/**
 * dnevnik_sandbox_db_check_rate:
 * @key: whose events count (a login, an account)
 *
 * Checks that fewer than @limit's most events of @key are in its window.
 *
 * Returns: %TRUE when they are; else %FALSE with @error set to @limit's
 *   over_code, its retry_after the seconds until one leaves the window, or
 *   to the database's error
 */
gboolean
dnevnik_sandbox_db_check_rate (DnevnikSandboxDb               *self,
                               const DnevnikSandboxRateLimit  *limit,
                               const char                     *key,
                               GError                        **error)
{
  gint64 window = (gint64) limit->window_seconds * G_USEC_PER_SEC;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok;
  gboolean row;

  stmt = dnevnik_sandbox_db_query (self, error, limit->sql, "si", key, dnevnik_sandbox_now () - window);
  if (stmt == NULL)
    return FALSE;

  for (guint n = 1; (ok = dnevnik_sandbox_db_step (self, stmt, &row, error)) && row; n++)
    {
      /* The most-th newest event is the one that has to leave. */
      if (n == limit->most)
        {
          gint64 wait = dnevnik_sandbox_seconds_until (sqlite3_column_int64 (stmt, 0) + window);

          dnevnik_sandbox_set_error_retry_after (error, limit->over_code, MAX (wait, 1), limit->over_message);
          return FALSE;
        }
    }

  return ok;
}

/**
 * dnevnik_sandbox_db_column_dup:
 *
 * Returns: (transfer full) (nullable): a copy of a text column
 */
char *
dnevnik_sandbox_db_column_dup (sqlite3_stmt *stmt,
                               int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}
