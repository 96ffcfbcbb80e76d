/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-cache"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dnevnik-cache-db.h"
#include "dnevnik-cache-worker.h"

/* The SQLite side of the offline copy: a connection's settings, the small
 * wrappers every operation uses, and opening with recovery.
 *
 * Files: the database, its -wal and -shm are 0600 (SQLite creates the
 * latter two with the mode of the database), the default directory 0700.
 * A file that turns out damaged is moved aside (one such copy is kept for a
 * post-mortem) and replaced by an empty one; a place where no file can be
 * made leaves a database in memory.
 */

#define BUSY_TIMEOUT_MS 5000
#define ASIDE_INFIX ".corrupt-"

#define assert_on_worker() g_assert (dnevnik_cache_worker_in_worker ())

typedef enum
{
  OPEN_OK,
  OPEN_DAMAGED,      /* the file is there but unusable: move it aside */
  OPEN_UNAVAILABLE,  /* the file cannot be created or written: use memory */
} OpenOutcome;

static const char * const error_messages[] = {
  [DNEVNIK_CACHE_ERROR_CORRUPT] = N_("The offline copy of the diary is damaged"),
  [DNEVNIK_CACHE_ERROR_IO] = N_("The offline copy of the diary could not be read or saved"),
  [DNEVNIK_CACHE_ERROR_FULL] = N_("There is not enough disk space to save the offline copy of the diary"),
  [DNEVNIK_CACHE_ERROR_CLOSED] = N_("The offline copy of the diary is closed"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (error_messages) == DNEVNIK_CACHE_N_ERRORS);

G_DEFINE_QUARK (dnevnik-cache-error-quark, dnevnik_cache_error)

/* Errors. */

static DnevnikCacheError
error_code_from_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return DNEVNIK_CACHE_ERROR_FULL;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DNEVNIK_CACHE_ERROR_CORRUPT;
    default:
      return DNEVNIK_CACHE_ERROR_IO;
    }
}

/* People see the translated message; the SQLite detail is for developers. */
static gboolean
set_error_from_sqlite (GError     **error,
                       sqlite3     *handle,
                       int          rc,
                       const char  *what)
{
  g_debug ("%s failed: %s (%d)", what,
           handle != NULL ? sqlite3_errmsg (handle) : sqlite3_errstr (rc), rc);
  return dnevnik_cache_set_error (error, error_code_from_sqlite (rc));
}

/* What a failure while opening says about the file: broken content (or
 * tables that are not ours, SQLITE_ERROR from a migration) is damage;
 * failing to create, lock or write is the place, not the file.
 */
static OpenOutcome
outcome_from_sqlite (int rc)
{
  switch (rc)
    {
    case SQLITE_IOERR_READ:
    case SQLITE_IOERR_SHORT_READ:
      return OPEN_DAMAGED;
    default:
      break;
    }

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_ERROR:
    case SQLITE_SCHEMA:
    case SQLITE_MISMATCH:
    case SQLITE_CONSTRAINT:
      return OPEN_DAMAGED;
    default:
      return OPEN_UNAVAILABLE;
    }
}

/* Files. */

static void
chmod_private (const char *path)
{
  if (g_chmod (path, 0600) != 0 && errno != ENOENT)
    g_debug ("Could not make %s private: %s", path, g_strerror (errno));
}

static void
remove_companions (const char *path)
{
  static const char * const suffixes[] = { "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *companion = g_strconcat (path, suffixes[i], NULL);

      if (g_unlink (companion) != 0 && errno != ENOENT)
        g_debug ("Could not remove %s: %s", companion, g_strerror (errno));
    }
}

/* Creates the file with mode 0600 ourselves (rather than through the
 * process-wide umask, which other threads share), and brings an existing
 * one back to 0600.
 */
static OpenOutcome
prepare_file (const char *path)
{
  GStatBuf st;
  gboolean existed = g_lstat (path, &st) == 0;
  int fd;

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_debug ("Could not open %s: %s", path, g_strerror (saved_errno));
      /* A file we may not read is as good as damaged; a file we may not
       * create leaves only memory. */
      return existed || g_lstat (path, &st) == 0 ? OPEN_DAMAGED : OPEN_UNAVAILABLE;
    }

  if (fstat (fd, &st) == 0 && (st.st_mode & 07777) != 0600 && fchmod (fd, 0600) != 0)
    g_debug ("Could not make %s private: %s", path, g_strerror (errno));
  close (fd);

  if (!existed)
    {
      /* Left over by a file that is gone: a stale WAL would be replayed
       * into the new, empty database. */
      remove_companions (path);
    }
  else
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      chmod_private (wal);
      chmod_private (shm);
    }

  return OPEN_OK;
}

/* Removes earlier copies moved aside next to @path: one damaged file is
 * enough for a post-mortem, and each may hold a student's data.
 */
static void
remove_aside_copies (const char *path)
{
  g_autofree char *dirname = g_path_get_dirname (path);
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (basename, ASIDE_INFIX, NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (dirname, 0, NULL);
  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *aside = NULL;

      if (!g_str_has_prefix (name, prefix))
        continue;

      aside = g_build_filename (dirname, name, NULL);
      if (g_unlink (aside) != 0)
        g_debug ("Could not remove %s: %s", aside, g_strerror (errno));
    }
}

/* Moves @path and its companions to @path.corrupt-<UTC time>, or deletes
 * them where renaming fails.  Returns FALSE when the damaged file (or a
 * WAL that would be replayed into a new one) is still in the way.
 */
static gboolean
move_aside (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *aside = g_strconcat (path, ASIDE_INFIX, stamp, NULL);

  remove_aside_copies (path);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      if (g_rename (from, to) == 0 || errno == ENOENT)
        continue;

      g_debug ("Could not move %s aside: %s", from, g_strerror (errno));
      if (g_unlink (from) != 0 && errno != ENOENT)
        {
          g_debug ("Could not remove %s: %s", from, g_strerror (errno));
          return FALSE;
        }
    }

  g_message ("The offline copy %s was damaged and has been moved to %s", path, aside);
  return TRUE;
}

static gboolean
ensure_directory (const char *path)
{
  g_autofree char *dirname = g_path_get_dirname (path);
  g_autofree char *default_path = dnevnik_cache_get_default_path ();
  g_autofree char *default_dirname = g_path_get_dirname (default_path);

  if (g_mkdir_with_parents (dirname, 0700) != 0)
    {
      g_debug ("Could not create %s: %s", dirname, g_strerror (errno));
      return FALSE;
    }

  /* Only our own directory: a caller's path may well be in a shared one. */
  if (g_strcmp0 (dirname, default_dirname) == 0 && g_chmod (dirname, 0700) != 0)
    g_debug ("Could not make %s private: %s", dirname, g_strerror (errno));

  return TRUE;
}

/* Opening. */

static gboolean
read_user_version (DnevnikCacheDb *db,
                   int            *out_version,
                   int            *out_rc)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db->handle, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      g_debug ("Reading the schema version failed: %s (%d)", sqlite3_errmsg (db->handle), rc);
      *out_rc = rc;
      return FALSE;
    }

  *out_version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* Settings of every connection: zero what is deleted (a lab machine must
 * keep nothing of a student who signed out), keep temporary tables in
 * memory (an in-memory cache must not spill to /tmp either), and keep at
 * most 512 KiB of pages in memory instead of sqlite's 2 MiB: the quick
 * check at open reads every page of a whole school year's copy, and the
 * app's peak memory at start-up is part of its budget.
 */
static gboolean
configure (DnevnikCacheDb  *db,
           GError         **error)
{
  sqlite3_extended_result_codes (db->handle, TRUE);
  sqlite3_busy_timeout (db->handle, BUSY_TIMEOUT_MS);

  return dnevnik_cache_db_exec (db,
                                "PRAGMA secure_delete = ON;"
                                "PRAGMA temp_store = MEMORY;"
                                "PRAGMA synchronous = NORMAL;"
                                "PRAGMA cache_size = -512;",
                                error);
}

/* Closes @db after a failed step of opening and says what it means. */
static OpenOutcome
give_up (DnevnikCacheDb  *db,
         OpenOutcome      outcome,
         GError         **error,
         GError          *local_error)
{
  dnevnik_cache_db_close (db);
  g_propagate_error (error, local_error);
  return outcome;
}

static OpenOutcome
try_open_file (DnevnikCacheDb  *db,
               GError         **error)
{
  g_autofree char *journal_mode = NULL;
  g_autofree char *check = NULL;
  GError *local_error = NULL;
  OpenOutcome outcome;
  int version = 0;
  int rc;

  g_assert (db->handle == NULL);

  outcome = prepare_file (db->path);
  if (outcome != OPEN_OK)
    return outcome;

  rc = sqlite3_open_v2 (db->path, &db->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_error_from_sqlite (&local_error, db->handle, rc, "open");
      return give_up (db, outcome_from_sqlite (rc), error, local_error);
    }
  db->on_disk = TRUE;

  if (sqlite3_db_readonly (db->handle, "main") == 1)
    {
      g_debug ("%s can only be read", db->path);
      dnevnik_cache_set_error (&local_error, DNEVNIK_CACHE_ERROR_IO);
      return give_up (db, OPEN_UNAVAILABLE, error, local_error);
    }

  /* With a -wal beside it, even these pragmas read the header. */
  if (!configure (db, &local_error))
    return give_up (db, outcome_from_sqlite (db->last_rc), error, local_error);

  if (!read_user_version (db, &version, &rc))
    {
      set_error_from_sqlite (&local_error, NULL, rc, "user_version");
      return give_up (db, outcome_from_sqlite (rc), error, local_error);
    }

  if (version > db->schema.version)
    {
      /* A newer app wrote it; we cannot know what its rows mean. */
      g_debug ("%s has schema version %d, newer than %d",
               db->path, version, db->schema.version);
      dnevnik_cache_set_error (&local_error, DNEVNIK_CACHE_ERROR_CORRUPT);
      return give_up (db, OPEN_DAMAGED, error, local_error);
    }

  /* Catches broken pages (a truncated file already failed above) before a
   * student's week is read from them; the cache is small, so this is cheap. */
  if (!dnevnik_cache_db_query_text (db, "PRAGMA quick_check", &check, &local_error) ||
      g_strcmp0 (check, "ok") != 0)
    {
      g_debug ("%s failed the quick check: %s", db->path, check != NULL ? check : "(error)");
      g_clear_error (&local_error);
      dnevnik_cache_set_error (&local_error, DNEVNIK_CACHE_ERROR_CORRUPT);
      return give_up (db, OPEN_DAMAGED, error, local_error);
    }

  if (!dnevnik_cache_db_query_text (db, "PRAGMA journal_mode = WAL", &journal_mode, &local_error))
    return give_up (db, outcome_from_sqlite (db->last_rc), error, local_error);

  if (g_strcmp0 (journal_mode, "wal") != 0)
    {
      /* Typically a directory we may not write: no -wal can be made. */
      g_debug ("%s: journal mode is %s, not wal", db->path, journal_mode);
      dnevnik_cache_set_error (&local_error, DNEVNIK_CACHE_ERROR_IO);
      return give_up (db, OPEN_UNAVAILABLE, error, local_error);
    }

  if (!db->schema.migrate (db, version, &local_error))
    return give_up (db, outcome_from_sqlite (db->last_rc), error, local_error);

  return OPEN_OK;
}

static gboolean
open_memory (DnevnikCacheDb  *db,
             GError         **error)
{
  int rc;

  g_assert (db->handle == NULL);

  rc = sqlite3_open_v2 (":memory:", &db->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_error_from_sqlite (error, db->handle, rc, "open in memory");
      dnevnik_cache_db_close (db);
      return FALSE;
    }
  db->on_disk = FALSE;

  if (!configure (db, error) || !db->schema.migrate (db, 0, error))
    {
      dnevnik_cache_db_close (db);
      return FALSE;
    }

  return TRUE;
}

/* Public. */

/**
 * dnevnik_cache_get_default_path:
 *
 * Where the app keeps its offline copy: `$XDG_CACHE_HOME/dnevnik/cache.sqlite`
 * (inside the Flatpak sandbox, the app's own cache directory).
 *
 * Returns: (transfer full): the path
 */
char *
dnevnik_cache_get_default_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "dnevnik", "cache.sqlite", NULL);
}

gboolean
dnevnik_cache_set_error (GError            **error,
                         DnevnikCacheError   code)
{
  g_set_error_literal (error, DNEVNIK_CACHE_ERROR, code, _(error_messages[code]));
  return FALSE;
}

DnevnikCacheDb *
dnevnik_cache_db_new (const char                 *path,
                      const DnevnikCacheDbSchema *schema)
{
  DnevnikCacheDb *db = g_new0 (DnevnikCacheDb, 1);

  db->path = g_strdup (path);
  db->schema = *schema;

  return db;
}

void
dnevnik_cache_db_free (DnevnikCacheDb *db)
{
  if (db == NULL)
    return;

  g_assert (db->handle == NULL);

  g_free (db->path);
  g_free (db);
}

/* Opens the file, moving a damaged one aside once, and falls back to
 * memory where no file can be used.  FALSE only when not even a database
 * in memory could be made.
 */
gboolean
dnevnik_cache_db_open (DnevnikCacheDb         *db,
                       DnevnikCacheOpenFlags  *out_flags,
                       GError                **error)
{
  g_autoptr(GError) file_error = NULL;
  OpenOutcome outcome = OPEN_UNAVAILABLE;

  assert_on_worker ();

  *out_flags = DNEVNIK_CACHE_OPEN_NONE;

  if (db->handle != NULL)
    return TRUE;

  if (db->path == NULL)
    return open_memory (db, error);

  if (ensure_directory (db->path))
    outcome = try_open_file (db, &file_error);

  if (outcome == OPEN_DAMAGED && move_aside (db->path))
    {
      *out_flags |= DNEVNIK_CACHE_OPEN_RESET;
      g_clear_error (&file_error);
      outcome = try_open_file (db, &file_error);
    }

  if (outcome == OPEN_OK)
    return TRUE;

  g_message ("The offline copy cannot be kept in %s (%s); keeping it in memory",
             db->path, file_error != NULL ? file_error->message : "no access");
  *out_flags |= DNEVNIK_CACHE_OPEN_MEMORY_FALLBACK;

  return open_memory (db, error);
}

void
dnevnik_cache_db_close (DnevnikCacheDb *db)
{
  int rc;

  assert_on_worker ();

  if (db->handle == NULL)
    return;

  /* Closing the last connection checkpoints and removes the -wal and -shm. */
  rc = sqlite3_close (db->handle);
  if (rc != SQLITE_OK)
    g_warning ("Could not close the offline copy: %s", sqlite3_errstr (rc));

  db->handle = NULL;
  db->on_disk = FALSE;
}

gboolean
dnevnik_cache_db_is_open (DnevnikCacheDb *db)
{
  return db->handle != NULL;
}

gboolean
dnevnik_cache_db_set_error (DnevnikCacheDb  *db,
                            GError         **error,
                            int              rc,
                            const char      *what)
{
  db->last_rc = rc;
  return set_error_from_sqlite (error, db->handle, rc, what);
}

gboolean
dnevnik_cache_db_exec (DnevnikCacheDb  *db,
                       const char      *sql,
                       GError         **error)
{
  int rc;

  assert_on_worker ();

  rc = sqlite3_exec (db->handle, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return dnevnik_cache_db_set_error (db, error, rc, sql);

  return TRUE;
}

sqlite3_stmt *
dnevnik_cache_db_prepare (DnevnikCacheDb  *db,
                          const char      *sql,
                          GError         **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  assert_on_worker ();

  rc = sqlite3_prepare_v2 (db->handle, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      dnevnik_cache_db_set_error (db, error, rc, sql);
      return NULL;
    }

  return stmt;
}

/* Binds @texts to ?1…?N; a NULL text binds NULL.  The texts must outlive
 * the statement's next step.
 */
gboolean
dnevnik_cache_db_bind_texts (DnevnikCacheDb      *db,
                             sqlite3_stmt        *stmt,
                             const char * const  *texts,
                             guint                n_texts,
                             GError             **error)
{
  for (guint i = 0; i < n_texts; i++)
    {
      int rc = sqlite3_bind_text (stmt, i + 1, texts[i], -1, SQLITE_STATIC);

      if (rc != SQLITE_OK)
        return dnevnik_cache_db_set_error (db, error, rc, "bind");
    }

  return TRUE;
}

sqlite3_stmt *
dnevnik_cache_db_prepare_with (DnevnikCacheDb      *db,
                               const char          *sql,
                               const char * const  *texts,
                               guint                n_texts,
                               GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = dnevnik_cache_db_prepare (db, sql, error);

  if (stmt == NULL || !dnevnik_cache_db_bind_texts (db, stmt, texts, n_texts, error))
    return NULL;

  return g_steal_pointer (&stmt);
}

gboolean
dnevnik_cache_db_step_done (DnevnikCacheDb  *db,
                            sqlite3_stmt    *stmt,
                            GError         **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return dnevnik_cache_db_set_error (db, error, rc, sqlite3_sql (stmt));

  return TRUE;
}

/* Steps a statement that yields at most one row and gives the first column
 * of it, as text (NULL when there is no row).
 */
gboolean
dnevnik_cache_db_step_text (DnevnikCacheDb  *db,
                            sqlite3_stmt    *stmt,
                            char           **out_text,
                            GError         **error)
{
  int rc = sqlite3_step (stmt);

  *out_text = NULL;
  if (rc == SQLITE_ROW)
    {
      *out_text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return dnevnik_cache_db_set_error (db, error, rc, sqlite3_sql (stmt));

  return TRUE;
}

gboolean
dnevnik_cache_db_query_text (DnevnikCacheDb  *db,
                             const char      *sql,
                             char           **out_text,
                             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = dnevnik_cache_db_prepare (db, sql, error);

  return stmt != NULL && dnevnik_cache_db_step_text (db, stmt, out_text, error);
}

/* Runs @work in one transaction: afterwards either all of it is in the
 * file or, on an error, none of it.
 */
gboolean
dnevnik_cache_db_transaction (DnevnikCacheDb      *db,
                              DnevnikCacheDbWork   work,
                              gpointer             data,
                              GError             **error)
{
  /* IMMEDIATE takes the write lock at once, so a batch never fails half
   * way for a lock another process holds. */
  if (!dnevnik_cache_db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (work (db, data, error) && dnevnik_cache_db_exec (db, "COMMIT", error))
    return TRUE;

  /* SQLite rolls back by itself after some errors (SQLITE_FULL among
   * them); a ROLLBACK then would only fail. */
  if (!sqlite3_get_autocommit (db->handle))
    sqlite3_exec (db->handle, "ROLLBACK", NULL, NULL, NULL);

  return FALSE;
}

/* After deleting a student's rows: move the zeroed pages into the database
 * and empty the WAL, which still holds the old page images.
 */
gboolean
dnevnik_cache_db_checkpoint (DnevnikCacheDb  *db,
                             GError         **error)
{
  int rc;

  assert_on_worker ();

  if (!db->on_disk)
    return TRUE;

  rc = sqlite3_wal_checkpoint_v2 (db->handle, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  if (rc != SQLITE_OK)
    return set_error_from_sqlite (error, db->handle, rc, "checkpoint");

  return TRUE;
}

/* Removes the damaged copies an earlier open moved aside. */
void
dnevnik_cache_db_remove_aside (DnevnikCacheDb *db)
{
  assert_on_worker ();

  if (db->on_disk)
    remove_aside_copies (db->path);
}
