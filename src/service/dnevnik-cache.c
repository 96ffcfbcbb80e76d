/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-cache"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dnevnik-cache-private.h"

/* DnevnikCache — the offline copy of what the server sent.
 *
 * Threads: every SQLite call runs on ONE worker thread that takes jobs from
 * a GAsyncQueue in the order they were queued.  The shared GTask pool is not
 * used on purpose: it runs jobs in parallel and in any order, so a wipe on
 * sign-out could be overtaken by an older write and leave the student's
 * data behind.  A job carries plain data in (strings, entries) and plain
 * data out; the worker hands it back to the main context of the thread
 * that queued it with an idle source, and the GTask is completed there, so
 * neither the task nor the cache is ever released on the worker.
 *
 * The struct is split by who may touch what: the worker owns the SQLite
 * handle; the thread that opens the cache owns the properties.
 *
 * Files: the database, its -wal and -shm are 0600 (SQLite creates the
 * latter two with the mode of the database), the default directory 0700.
 * Rows are deleted with secure_delete and the WAL is truncated after a
 * wipe, so that a signed-out student's data does not linger in free pages.
 */

#define BUSY_TIMEOUT_MS 5000
#define ASIDE_INFIX ".corrupt-"

/* Migration N brings a database from user_version N to N + 1. */
static const char * const migrations[] = {
  "CREATE TABLE documents ("
  "  server     TEXT NOT NULL,"
  "  profile_id TEXT NOT NULL,"
  "  kind       TEXT NOT NULL,"
  "  key        TEXT NOT NULL,"
  "  json       TEXT NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  PRIMARY KEY (server, profile_id, kind, key)"
  ");"
  "CREATE TABLE meta ("
  "  server     TEXT NOT NULL,"
  "  profile_id TEXT NOT NULL,"
  "  name       TEXT NOT NULL,"
  "  value      TEXT NOT NULL,"
  "  PRIMARY KEY (server, profile_id, name)"
  ");",
};

#define SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))

static const char * const kind_names[] = {
  [DNEVNIK_CACHE_KIND_PROFILE] = "profile",
  [DNEVNIK_CACHE_KIND_LINK_STATUS] = "link_status",
  [DNEVNIK_CACHE_KIND_LIBRARY] = "library",
  [DNEVNIK_CACHE_KIND_PORTFOLIO] = "portfolio",
  [DNEVNIK_CACHE_KIND_LINK_HISTORY] = "link_history",
  [DNEVNIK_CACHE_KIND_DIARY_DAY] = "diary_day",
};

G_STATIC_ASSERT (G_N_ELEMENTS (kind_names) == DNEVNIK_CACHE_N_KINDS);

static const char * const error_messages[] = {
  [DNEVNIK_CACHE_ERROR_CORRUPT] = N_("The offline copy of the diary is damaged"),
  [DNEVNIK_CACHE_ERROR_IO] = N_("The offline copy of the diary could not be read or saved"),
  [DNEVNIK_CACHE_ERROR_FULL] = N_("There is not enough disk space to save the offline copy of the diary"),
  [DNEVNIK_CACHE_ERROR_CLOSED] = N_("The offline copy of the diary is closed"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (error_messages) == DNEVNIK_CACHE_N_ERRORS);

typedef enum
{
  JOB_OPEN,
  JOB_PUT,
  JOB_PUT_MANY,
  JOB_GET,
  JOB_GET_RANGE,
  JOB_SET_META,
  JOB_GET_META,
  JOB_WIPE_ACCOUNT,
  JOB_WIPE_ALL,
  JOB_CLOSE,
  JOB_EXEC,
  JOB_QUIT,
} JobType;

static const char * const job_names[] = {
  [JOB_OPEN] = "open",
  [JOB_PUT] = "put",
  [JOB_PUT_MANY] = "put-many",
  [JOB_GET] = "get",
  [JOB_GET_RANGE] = "get-range",
  [JOB_SET_META] = "set-meta",
  [JOB_GET_META] = "get-meta",
  [JOB_WIPE_ACCOUNT] = "wipe-account",
  [JOB_WIPE_ALL] = "wipe-all",
  [JOB_CLOSE] = "close",
  [JOB_EXEC] = "exec",
  [JOB_QUIT] = "quit",
};

G_STATIC_ASSERT (G_N_ELEMENTS (job_names) == JOB_QUIT + 1);

/* One unit of work.  Everything in it is plain data, owned by the job;
 * the worker only reads the input and fills the output.
 */
typedef struct
{
  JobType       type;
  GTask        *task;         /* NULL for JOB_QUIT */
  GCancellable *cancellable;
  GMainContext *context;      /* where the task completes */

  /* input */
  char         *server;
  char         *profile_id;
  const char   *kind;         /* static */
  char         *key;          /* also the meta name and the SQL of JOB_EXEC */
  char         *to_key;
  char         *text;         /* the JSON of a put, the value of a meta */
  GPtrArray    *entries;

  /* output */
  GError       *error;
  char         *result_text;
  GPtrArray    *result_entries;
  DnevnikCacheOpenFlags open_flags;
  gboolean      persistent;
} Job;

typedef enum
{
  OPEN_OK,
  OPEN_DAMAGED,      /* the file is there but unusable: move it aside */
  OPEN_UNAVAILABLE,  /* the file cannot be created or written: use memory */
} OpenOutcome;

struct _DnevnikCache
{
  GObject              parent_instance;

  /* Set before the worker sees any job, then read-only. */
  char                *path;
  GAsyncQueue         *queue;
  GThread             *worker;
  DnevnikCacheJobHook  job_hook;
  gpointer             job_hook_data;

  /* The worker's alone. */
  sqlite3             *db;
  gboolean             db_on_disk;
  int                  last_rc;      /* of the last failed call, to classify it */

  /* The opening thread's. */
  guint                persistent : 1;
  guint                was_reset : 1;
};

G_DEFINE_FINAL_TYPE (DnevnikCache, dnevnik_cache, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (DnevnikCacheEntry, dnevnik_cache_entry,
                     dnevnik_cache_entry_copy, dnevnik_cache_entry_free)

G_DEFINE_QUARK (dnevnik-cache-error-quark, dnevnik_cache_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

enum {
  PROP_0,
  PROP_PATH,
  PROP_PERSISTENT,
  PROP_WAS_RESET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Which cache, if any, the current thread is the worker of. */
static GPrivate worker_of;

#define assert_on_worker(self) g_assert (g_private_get (&worker_of) == (self))

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->task);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job->server);
  g_free (job->profile_id);
  g_free (job->key);
  g_free (job->to_key);
  g_free (job->text);
  g_clear_pointer (&job->entries, g_ptr_array_unref);
  g_clear_error (&job->error);
  g_free (job->result_text);
  g_clear_pointer (&job->result_entries, g_ptr_array_unref);
  g_free (job);
}

static Job *
job_new (DnevnikCache        *self,
         JobType              type,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data,
         gpointer             source_tag)
{
  Job *job = g_new0 (Job, 1);

  job->type = type;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, source_tag);
  g_task_set_name (job->task, job_names[type]);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  job->context = g_main_context_ref_thread_default ();

  return job;
}

static Job *
job_new_for_account (DnevnikCache        *self,
                     JobType              type,
                     const char          *server,
                     const char          *profile_id,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data,
                     gpointer             source_tag)
{
  Job *job = job_new (self, type, cancellable, callback, user_data, source_tag);

  job->server = g_strdup (server);
  job->profile_id = g_strdup (profile_id);

  return job;
}

static gboolean
set_error (GError            **error,
           DnevnikCacheError   code)
{
  g_set_error_literal (error, DNEVNIK_CACHE_ERROR, code, _(error_messages[code]));
  return FALSE;
}

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
                       sqlite3     *db,
                       int          rc,
                       const char  *what)
{
  g_debug ("%s failed: %s (%d)", what,
           db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc), rc);
  return set_error (error, error_code_from_sqlite (rc));
}

static gboolean
is_account_kind (DnevnikCacheKind kind)
{
  return kind != DNEVNIK_CACHE_KIND_DIARY_DAY;
}

/* Worker: SQLite helpers. */

static gboolean
db_exec (DnevnikCache  *self,
         const char    *sql,
         GError       **error)
{
  int rc;

  assert_on_worker (self);

  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      self->last_rc = rc;
      return set_error_from_sqlite (error, self->db, rc, sql);
    }

  return TRUE;
}

static sqlite3_stmt *
db_prepare (DnevnikCache  *self,
            const char    *sql,
            GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  assert_on_worker (self);

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      self->last_rc = rc;
      set_error_from_sqlite (error, self->db, rc, sql);
      return NULL;
    }

  return stmt;
}

/* Runs a statement that yields at most one row and returns the first
 * column of it, as text (NULL when there is no row).
 */
static gboolean
db_query_text (DnevnikCache  *self,
               const char    *sql,
               char         **out_text,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = db_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      self->last_rc = rc;
      return set_error_from_sqlite (error, self->db, rc, sql);
    }

  *out_text = NULL;
  return TRUE;
}

static gboolean
db_begin (DnevnikCache  *self,
          GError       **error)
{
  /* IMMEDIATE takes the write lock at once, so a batch never fails half
   * way for a lock another process holds. */
  return db_exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
db_commit (DnevnikCache  *self,
           GError       **error)
{
  return db_exec (self, "COMMIT", error);
}

static void
db_rollback (DnevnikCache *self)
{
  assert_on_worker (self);

  /* SQLite rolls back by itself after some errors (SQLITE_FULL among them);
   * a ROLLBACK then would only fail. */
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
db_step_done (DnevnikCache  *self,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      self->last_rc = rc;
      return set_error_from_sqlite (error, self->db, rc, sqlite3_sql (stmt));
    }

  return TRUE;
}

/* After deleting a student's rows: move the zeroed pages into the database
 * and empty the WAL, which still holds the old page images.
 */
static gboolean
db_checkpoint (DnevnikCache  *self,
               GError       **error)
{
  int rc;

  assert_on_worker (self);

  if (!self->db_on_disk)
    return TRUE;

  rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  if (rc != SQLITE_OK)
    return set_error_from_sqlite (error, self->db, rc, "checkpoint");

  return TRUE;
}

static void
db_close (DnevnikCache *self)
{
  int rc;

  assert_on_worker (self);

  if (self->db == NULL)
    return;

  /* Closing the last connection checkpoints and removes the -wal and -shm. */
  rc = sqlite3_close (self->db);
  if (rc != SQLITE_OK)
    g_warning ("Could not close the offline copy: %s", sqlite3_errstr (rc));

  self->db = NULL;
  self->db_on_disk = FALSE;
}

/* Worker: opening. */

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

static gboolean
db_migrate (DnevnikCache  *self,
            int            version,
            GError       **error)
{
  g_autofree char *set_version = NULL;

  if (version >= SCHEMA_VERSION)
    return TRUE;

  if (!db_begin (self, error))
    return FALSE;

  for (int i = version; i < SCHEMA_VERSION; i++)
    {
      if (!db_exec (self, migrations[i], error))
        {
          db_rollback (self);
          return FALSE;
        }
    }

  set_version = g_strdup_printf ("PRAGMA user_version = %d", SCHEMA_VERSION);
  if (!db_exec (self, set_version, error) || !db_commit (self, error))
    {
      db_rollback (self);
      return FALSE;
    }

  return TRUE;
}

static gboolean
db_read_user_version (DnevnikCache  *self,
                      int           *out_version,
                      int           *out_rc)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      g_debug ("Reading the schema version failed: %s (%d)", sqlite3_errmsg (self->db), rc);
      *out_rc = rc;
      return FALSE;
    }

  *out_version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* Settings of every connection: zero what is deleted (a lab machine must
 * keep nothing of a student who signed out), keep temporary tables in
 * memory (an in-memory cache must not spill to /tmp either).
 */
static gboolean
db_configure (DnevnikCache  *self,
              GError       **error)
{
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  return db_exec (self,
                  "PRAGMA secure_delete = ON;"
                  "PRAGMA temp_store = MEMORY;"
                  "PRAGMA synchronous = NORMAL;",
                  error);
}

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

static OpenOutcome
worker_try_open_file (DnevnikCache  *self,
                      GError       **error)
{
  g_autofree char *journal_mode = NULL;
  g_autofree char *check = NULL;
  g_autoptr(GError) local_error = NULL;
  OpenOutcome outcome;
  int version = 0;
  int rc;

  assert_on_worker (self);
  g_assert (self->db == NULL);

  outcome = prepare_file (self->path);
  if (outcome != OPEN_OK)
    return outcome;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_error_from_sqlite (error, self->db, rc, "open");
      db_close (self);
      return outcome_from_sqlite (rc);
    }
  self->db_on_disk = TRUE;

  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_debug ("%s can only be read", self->path);
      db_close (self);
      set_error (error, DNEVNIK_CACHE_ERROR_IO);
      return OPEN_UNAVAILABLE;
    }

  /* With a -wal beside it, even these pragmas read the header. */
  if (!db_configure (self, &local_error))
    {
      outcome = outcome_from_sqlite (self->last_rc);
      db_close (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return outcome;
    }

  if (!db_read_user_version (self, &version, &rc))
    {
      db_close (self);
      set_error_from_sqlite (error, NULL, rc, "user_version");
      return outcome_from_sqlite (rc);
    }

  if (version > SCHEMA_VERSION)
    {
      /* A newer app wrote it; we cannot know what its rows mean. */
      g_debug ("%s has schema version %d, newer than %d", self->path, version, SCHEMA_VERSION);
      db_close (self);
      set_error (error, DNEVNIK_CACHE_ERROR_CORRUPT);
      return OPEN_DAMAGED;
    }

  /* Catches broken pages (a truncated file already failed above) before a
   * student's week is read from them; the cache is small, so this is cheap. */
  if (!db_query_text (self, "PRAGMA quick_check", &check, &local_error) ||
      g_strcmp0 (check, "ok") != 0)
    {
      g_debug ("%s failed the quick check: %s", self->path, check != NULL ? check : "(error)");
      db_close (self);
      set_error (error, DNEVNIK_CACHE_ERROR_CORRUPT);
      return OPEN_DAMAGED;
    }

  if (!db_query_text (self, "PRAGMA journal_mode = WAL", &journal_mode, &local_error))
    {
      outcome = outcome_from_sqlite (self->last_rc);
      db_close (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return outcome;
    }
  if (g_strcmp0 (journal_mode, "wal") != 0)
    {
      /* Typically a directory we may not write: no -wal can be made. */
      g_debug ("%s: journal mode is %s, not wal", self->path, journal_mode);
      db_close (self);
      set_error (error, DNEVNIK_CACHE_ERROR_IO);
      return OPEN_UNAVAILABLE;
    }

  if (!db_migrate (self, version, &local_error))
    {
      outcome = outcome_from_sqlite (self->last_rc);
      db_close (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return outcome;
    }

  return OPEN_OK;
}

static gboolean
worker_open_memory (DnevnikCache  *self,
                    GError       **error)
{
  int rc;

  assert_on_worker (self);
  g_assert (self->db == NULL);

  rc = sqlite3_open_v2 (":memory:", &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_error_from_sqlite (error, self->db, rc, "open in memory");
      db_close (self);
      return FALSE;
    }
  self->db_on_disk = FALSE;

  if (!db_configure (self, error) || !db_migrate (self, 0, error))
    {
      db_close (self);
      return FALSE;
    }

  return TRUE;
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
ensure_directory (DnevnikCache *self)
{
  g_autofree char *dirname = g_path_get_dirname (self->path);
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

static void
worker_open (DnevnikCache *self,
             Job          *job)
{
  g_autoptr(GError) file_error = NULL;
  OpenOutcome outcome = OPEN_UNAVAILABLE;

  assert_on_worker (self);

  if (self->db != NULL)
    {
      job->persistent = self->db_on_disk;
      return;
    }

  if (self->path == NULL)
    {
      worker_open_memory (self, &job->error);
      job->persistent = FALSE;
      return;
    }

  if (ensure_directory (self))
    outcome = worker_try_open_file (self, &file_error);

  if (outcome == OPEN_DAMAGED && move_aside (self->path))
    {
      job->open_flags |= DNEVNIK_CACHE_OPEN_RESET;
      g_clear_error (&file_error);
      outcome = worker_try_open_file (self, &file_error);
    }

  if (outcome == OPEN_OK)
    {
      job->persistent = TRUE;
      return;
    }

  g_message ("The offline copy cannot be kept in %s (%s); keeping it in memory",
             self->path, file_error != NULL ? file_error->message : "no access");
  job->open_flags |= DNEVNIK_CACHE_OPEN_MEMORY_FALLBACK;
  job->persistent = FALSE;
  worker_open_memory (self, &job->error);
}

/* Worker: the other jobs. */

static gboolean
bind_account (sqlite3_stmt *stmt,
              Job          *job)
{
  return sqlite3_bind_text (stmt, 1, job->server, -1, SQLITE_STATIC) == SQLITE_OK &&
         sqlite3_bind_text (stmt, 2, job->profile_id, -1, SQLITE_STATIC) == SQLITE_OK;
}

static const char put_sql[] =
  "INSERT INTO documents (server, profile_id, kind, key, json, updated_at)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
  " ON CONFLICT (server, profile_id, kind, key)"
  " DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at";

static gboolean
put_one (DnevnikCache  *self,
         sqlite3_stmt  *stmt,
         Job           *job,
         const char    *key,
         const char    *json,
         gint64         now,
         GError       **error)
{
  sqlite3_reset (stmt);

  if (!bind_account (stmt, job) ||
      sqlite3_bind_text (stmt, 3, job->kind, -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_text (stmt, 4, key, -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_text (stmt, 5, json, -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 6, now) != SQLITE_OK)
    return set_error_from_sqlite (error, self->db, sqlite3_errcode (self->db), "bind");

  return db_step_done (self, stmt, error);
}

static void
worker_put (DnevnikCache *self,
            Job          *job)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = db_prepare (self, put_sql, &job->error);
  if (stmt == NULL)
    return;

  put_one (self, stmt, job, job->key, job->text,
           g_get_real_time () / G_USEC_PER_SEC, &job->error);
}

static void
worker_put_many (DnevnikCache *self,
                 Job          *job)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  stmt = db_prepare (self, put_sql, &job->error);
  if (stmt == NULL || !db_begin (self, &job->error))
    return;

  for (guint i = 0; i < job->entries->len; i++)
    {
      DnevnikCacheEntry *entry = g_ptr_array_index (job->entries, i);

      if (!put_one (self, stmt, job, entry->key, entry->json, now, &job->error))
        {
          db_rollback (self);
          return;
        }
    }

  if (!db_commit (self, &job->error))
    db_rollback (self);
}

static void
worker_get (DnevnikCache *self,
            Job          *job)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = db_prepare (self,
                     "SELECT json FROM documents"
                     " WHERE server = ?1 AND profile_id = ?2 AND kind = ?3 AND key = ?4",
                     &job->error);
  if (stmt == NULL)
    return;

  bind_account (stmt, job);
  sqlite3_bind_text (stmt, 3, job->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, job->key, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    job->result_text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    set_error_from_sqlite (&job->error, self->db, rc, "get");
}

static void
worker_get_range (DnevnikCache *self,
                  Job          *job)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  int rc;

  stmt = db_prepare (self,
                     "SELECT key, json, updated_at FROM documents"
                     " WHERE server = ?1 AND profile_id = ?2 AND kind = ?3"
                     " AND (?4 IS NULL OR key >= ?4) AND (?5 IS NULL OR key <= ?5)"
                     " ORDER BY key",
                     &job->error);
  if (stmt == NULL)
    return;

  bind_account (stmt, job);
  sqlite3_bind_text (stmt, 3, job->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, job->key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, job->to_key, -1, SQLITE_STATIC);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) dnevnik_cache_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DnevnikCacheEntry *entry;

      entry = dnevnik_cache_entry_new ((const char *) sqlite3_column_text (stmt, 0),
                                       (const char *) sqlite3_column_text (stmt, 1));
      entry->updated_at = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      set_error_from_sqlite (&job->error, self->db, rc, "get range");
      return;
    }

  job->result_entries = g_steal_pointer (&entries);
}

static void
worker_set_meta (DnevnikCache *self,
                 Job          *job)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = db_prepare (self,
                     "INSERT INTO meta (server, profile_id, name, value) VALUES (?1, ?2, ?3, ?4)"
                     " ON CONFLICT (server, profile_id, name) DO UPDATE SET value = excluded.value",
                     &job->error);
  if (stmt == NULL)
    return;

  bind_account (stmt, job);
  sqlite3_bind_text (stmt, 3, job->key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, job->text, -1, SQLITE_STATIC);
  db_step_done (self, stmt, &job->error);
}

static void
worker_get_meta (DnevnikCache *self,
                 Job          *job)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = db_prepare (self,
                     "SELECT value FROM meta WHERE server = ?1 AND profile_id = ?2 AND name = ?3",
                     &job->error);
  if (stmt == NULL)
    return;

  bind_account (stmt, job);
  sqlite3_bind_text (stmt, 3, job->key, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    job->result_text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    set_error_from_sqlite (&job->error, self->db, rc, "get meta");
}

static void
worker_wipe_account (DnevnikCache *self,
                     Job          *job)
{
  static const char * const sql[] = {
    "DELETE FROM documents WHERE server = ?1 AND profile_id = ?2",
    "DELETE FROM meta WHERE server = ?1 AND profile_id = ?2",
  };

  if (!db_begin (self, &job->error))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = db_prepare (self, sql[i], &job->error);

      if (stmt == NULL)
        {
          db_rollback (self);
          return;
        }

      bind_account (stmt, job);
      if (!db_step_done (self, stmt, &job->error))
        {
          db_rollback (self);
          return;
        }
    }

  if (!db_commit (self, &job->error))
    {
      db_rollback (self);
      return;
    }

  db_checkpoint (self, &job->error);
}

static void
worker_wipe_all (DnevnikCache *self,
                 Job          *job)
{
  if (!db_begin (self, &job->error))
    return;

  if (!db_exec (self, "DELETE FROM documents; DELETE FROM meta;", &job->error) ||
      !db_commit (self, &job->error))
    {
      db_rollback (self);
      return;
    }

  if (!db_checkpoint (self, &job->error))
    return;

  if (self->db_on_disk)
    remove_aside_copies (self->path);
}

static void
worker_exec (DnevnikCache *self,
             Job          *job)
{
  const char *sql = job->key;

  /* Every statement of @sql in turn; the result is the first column of the
   * first row of the last statement that gave one. */
  while (sql != NULL && *sql != '\0')
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      const char *tail = NULL;
      int rc;

      rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, &tail);
      if (rc != SQLITE_OK)
        {
          set_error_from_sqlite (&job->error, self->db, rc, sql);
          return;
        }
      sql = tail;
      if (stmt == NULL)
        continue;

      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          g_free (job->result_text);
          job->result_text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            ;
        }
      if (rc != SQLITE_DONE)
        {
          set_error_from_sqlite (&job->error, self->db, rc, sqlite3_sql (stmt));
          return;
        }
    }
}

static gboolean
job_complete_cb (gpointer data)
{
  Job *job = data;
  DnevnikCache *self = g_task_get_source_object (job->task);

  if (job->type == JOB_OPEN)
    {
      gboolean was_reset = (job->open_flags & DNEVNIK_CACHE_OPEN_RESET) != 0;
      gboolean persistent = job->error == NULL && job->persistent;

      if (self->persistent != persistent)
        {
          self->persistent = persistent;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSISTENT]);
        }
      if (self->was_reset != was_reset)
        {
          self->was_reset = was_reset;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAS_RESET]);
        }
    }

  if (job->error != NULL)
    {
      g_task_return_error (job->task, g_steal_pointer (&job->error));
      return G_SOURCE_REMOVE;
    }

  switch (job->type)
    {
    case JOB_OPEN:
      g_task_return_int (job->task, job->open_flags);
      break;

    case JOB_GET:
    case JOB_GET_META:
    case JOB_EXEC:
      g_task_return_pointer (job->task, g_steal_pointer (&job->result_text), g_free);
      break;

    case JOB_GET_RANGE:
      g_task_return_pointer (job->task, g_steal_pointer (&job->result_entries),
                             (GDestroyNotify) g_ptr_array_unref);
      break;

    case JOB_PUT:
    case JOB_PUT_MANY:
    case JOB_SET_META:
    case JOB_WIPE_ACCOUNT:
    case JOB_WIPE_ALL:
    case JOB_CLOSE:
      g_task_return_boolean (job->task, TRUE);
      break;

    case JOB_QUIT:
    default:
      g_assert_not_reached ();
    }

  return G_SOURCE_REMOVE;
}

/* Hands @job back to the context it came from; that context frees it. */
static void
job_complete (Job *job)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, job_complete_cb, job, job_free);
  g_source_set_static_name (source, "[dnevnik-cache] complete");
  g_source_attach (source, job->context);
  g_source_unref (source);
}

static void
worker_run (DnevnikCache *self,
            Job          *job)
{
  assert_on_worker (self);
  g_assert (!g_main_context_is_owner (job->context));

  if (self->job_hook != NULL)
    self->job_hook (self, job_names[job->type], self->job_hook_data);

  /* A close always runs: the queue must be drained into a closed file. */
  if (job->type != JOB_CLOSE && g_cancellable_set_error_if_cancelled (job->cancellable, &job->error))
    return;

  if (self->db == NULL && job->type != JOB_OPEN && job->type != JOB_CLOSE)
    {
      set_error (&job->error, DNEVNIK_CACHE_ERROR_CLOSED);
      return;
    }

  switch (job->type)
    {
    case JOB_OPEN:
      worker_open (self, job);
      break;
    case JOB_PUT:
      worker_put (self, job);
      break;
    case JOB_PUT_MANY:
      worker_put_many (self, job);
      break;
    case JOB_GET:
      worker_get (self, job);
      break;
    case JOB_GET_RANGE:
      worker_get_range (self, job);
      break;
    case JOB_SET_META:
      worker_set_meta (self, job);
      break;
    case JOB_GET_META:
      worker_get_meta (self, job);
      break;
    case JOB_WIPE_ACCOUNT:
      worker_wipe_account (self, job);
      break;
    case JOB_WIPE_ALL:
      worker_wipe_all (self, job);
      break;
    case JOB_CLOSE:
      db_close (self);
      break;
    case JOB_EXEC:
      worker_exec (self, job);
      break;
    case JOB_QUIT:
    default:
      g_assert_not_reached ();
    }
}

static gpointer
worker_main (gpointer data)
{
  DnevnikCache *self = data;

  /* @self is not referenced here: dispose joins this thread before the
   * cache goes away, and every queued job holds a reference through its
   * task. */
  g_private_set (&worker_of, self);

  for (;;)
    {
      Job *job = g_async_queue_pop (self->queue);

      if (job->type == JOB_QUIT)
        {
          job_free (job);
          break;
        }

      worker_run (self, job);
      job_complete (job);
    }

  db_close (self);
  g_private_set (&worker_of, NULL);

  return NULL;
}

/* Main thread. */

static void
queue_job (DnevnikCache *self,
           Job          *job)
{
  if (self->worker == NULL)
    {
      /* Only after an explicit g_object_run_dispose(). */
      g_task_return_new_error (job->task, DNEVNIK_CACHE_ERROR, DNEVNIK_CACHE_ERROR_CLOSED,
                               "%s", _(error_messages[DNEVNIK_CACHE_ERROR_CLOSED]));
      job_free (job);
      return;
    }

  g_async_queue_push (self->queue, job);
}

static void
dnevnik_cache_constructed (GObject *object)
{
  DnevnikCache *self = (DnevnikCache *) object;

  G_OBJECT_CLASS (dnevnik_cache_parent_class)->constructed (object);

  self->worker = g_thread_new ("dnevnik-cache", worker_main, self);
}

static void
dnevnik_cache_dispose (GObject *object)
{
  DnevnikCache *self = (DnevnikCache *) object;

  if (self->worker != NULL)
    {
      Job *quit = g_new0 (Job, 1);

      /* Behind every job already queued: they run, then the file closes. */
      quit->type = JOB_QUIT;
      g_async_queue_push (self->queue, quit);
      g_thread_join (g_steal_pointer (&self->worker));
    }

  G_OBJECT_CLASS (dnevnik_cache_parent_class)->dispose (object);
}

static void
dnevnik_cache_finalize (GObject *object)
{
  DnevnikCache *self = (DnevnikCache *) object;

  g_assert (self->db == NULL);

  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_free (self->path);

  G_OBJECT_CLASS (dnevnik_cache_parent_class)->finalize (object);
}

static void
dnevnik_cache_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DnevnikCache *self = DNEVNIK_CACHE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_PERSISTENT:
      g_value_set_boolean (value, self->persistent);
      break;
    case PROP_WAS_RESET:
      g_value_set_boolean (value, self->was_reset);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_cache_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DnevnikCache *self = DNEVNIK_CACHE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_cache_class_init (DnevnikCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = dnevnik_cache_constructed;
  object_class->dispose = dnevnik_cache_dispose;
  object_class->finalize = dnevnik_cache_finalize;
  object_class->get_property = dnevnik_cache_get_property;
  object_class->set_property = dnevnik_cache_set_property;

  /**
   * DnevnikCache:path:
   *
   * The database file asked for, or %NULL for a database in memory.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * DnevnikCache:persistent:
   *
   * Whether the open database is a file, i.e. outlives the process.  %FALSE
   * for an in-memory cache, asked for or fallen back to.
   */
  properties[PROP_PERSISTENT] =
    g_param_spec_boolean ("persistent", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * DnevnikCache:was-reset:
   *
   * Whether the last open found the file damaged and started a new, empty
   * offline copy.  The app tells the student so.
   */
  properties[PROP_WAS_RESET] =
    g_param_spec_boolean ("was-reset", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dnevnik_cache_init (DnevnikCache *self)
{
  self->queue = g_async_queue_new ();
}

/* Public API. */

/**
 * dnevnik_cache_entry_new:
 * @key: the key of the document ("" or %NULL for one-per-account kinds)
 * @json: the JSON text
 *
 * Returns: (transfer full): a new entry, to give to
 *   dnevnik_cache_put_many_async()
 */
DnevnikCacheEntry *
dnevnik_cache_entry_new (const char *key,
                         const char *json)
{
  DnevnikCacheEntry *entry;

  g_return_val_if_fail (json != NULL, NULL);

  entry = g_new0 (DnevnikCacheEntry, 1);
  entry->key = g_strdup (key != NULL ? key : "");
  entry->json = g_strdup (json);

  return entry;
}

/**
 * dnevnik_cache_entry_copy:
 * @entry: an entry
 *
 * Returns: (transfer full): a deep copy of @entry
 */
DnevnikCacheEntry *
dnevnik_cache_entry_copy (const DnevnikCacheEntry *entry)
{
  DnevnikCacheEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = dnevnik_cache_entry_new (entry->key, entry->json);
  copy->updated_at = entry->updated_at;

  return copy;
}

/**
 * dnevnik_cache_entry_free:
 * @entry: (nullable): an entry
 *
 * Frees @entry.
 */
void
dnevnik_cache_entry_free (DnevnikCacheEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->key);
  g_free (entry->json);
  g_free (entry);
}

/**
 * dnevnik_cache_kind_to_string:
 * @kind: a kind
 *
 * Returns: the name stored in the database for @kind, e.g. "diary_day"
 */
const char *
dnevnik_cache_kind_to_string (DnevnikCacheKind kind)
{
  g_return_val_if_fail (kind < DNEVNIK_CACHE_N_KINDS, NULL);

  return kind_names[kind];
}

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

/**
 * dnevnik_cache_new:
 * @path: (nullable): the database file, e.g. dnevnik_cache_get_default_path(),
 *   or %NULL for a database in memory that leaves nothing on disk ("don't
 *   remember me")
 *
 * Creates a cache and its worker thread.  Nothing is opened before
 * dnevnik_cache_open_async().
 *
 * Returns: (transfer full): a new cache
 */
DnevnikCache *
dnevnik_cache_new (const char *path)
{
  return g_object_new (DNEVNIK_TYPE_CACHE, "path", path, NULL);
}

/**
 * dnevnik_cache_get_path:
 * @self: a cache
 *
 * Returns: (nullable): the file asked for, %NULL for a cache in memory
 */
const char *
dnevnik_cache_get_path (DnevnikCache *self)
{
  g_return_val_if_fail (DNEVNIK_IS_CACHE (self), NULL);

  return self->path;
}

/**
 * dnevnik_cache_get_persistent:
 * @self: a cache
 *
 * Returns: whether the open database is a file on disk
 */
gboolean
dnevnik_cache_get_persistent (DnevnikCache *self)
{
  g_return_val_if_fail (DNEVNIK_IS_CACHE (self), FALSE);

  return self->persistent;
}

/**
 * dnevnik_cache_get_was_reset:
 * @self: a cache
 *
 * Returns: whether the last open replaced a damaged file by an empty one
 */
gboolean
dnevnik_cache_get_was_reset (DnevnikCache *self)
{
  g_return_val_if_fail (DNEVNIK_IS_CACHE (self), FALSE);

  return self->was_reset;
}

/**
 * dnevnik_cache_open_async:
 * @self: a cache
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the cache is open
 * @user_data: data for @callback
 *
 * Opens the database, creating it and its directory (0700, files 0600)
 * when needed, and migrates its schema.  A file that is not a database,
 * is truncated or broken, cannot be read, or comes from a newer version of
 * the app is moved aside to `PATH.corrupt-TIME` (or deleted) and replaced
 * by an empty one; a file that cannot be created at all gives way to a
 * database in memory.  Neither is an error: see
 * dnevnik_cache_open_finish().
 *
 * Jobs queued after this one run once it is done, so a caller need not
 * wait for it.
 */
void
dnevnik_cache_open_async (DnevnikCache        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  queue_job (self, job_new (self, JOB_OPEN, cancellable, callback, user_data,
                            dnevnik_cache_open_async));
}

/**
 * dnevnik_cache_open_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @out_flags: (out) (optional): what had to be done to open it:
 *   %DNEVNIK_CACHE_OPEN_RESET, %DNEVNIK_CACHE_OPEN_MEMORY_FALLBACK
 * @error: return location for an error
 *
 * Returns: %TRUE when the cache is open (perhaps reset, perhaps in
 *   memory); %FALSE only when not even a database in memory could be made
 */
gboolean
dnevnik_cache_open_finish (DnevnikCache           *self,
                           GAsyncResult           *result,
                           DnevnikCacheOpenFlags  *out_flags,
                           GError                **error)
{
  gssize flags;

  g_return_val_if_fail (DNEVNIK_IS_CACHE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dnevnik_cache_open_async, FALSE);

  flags = g_task_propagate_int (G_TASK (result), error);
  if (out_flags != NULL)
    *out_flags = flags < 0 ? DNEVNIK_CACHE_OPEN_NONE : (DnevnikCacheOpenFlags) flags;

  return flags >= 0;
}

/**
 * dnevnik_cache_put_async:
 * @self: a cache
 * @server: the server's base URL, as the service spells it
 * @profile_id: the student's profile id on that server
 * @kind: what the document is
 * @key: (nullable): the date `YYYY-MM-DD` for %DNEVNIK_CACHE_KIND_DIARY_DAY;
 *   %NULL for the other kinds
 * @json: the JSON text the server sent
 * @cancellable: (nullable): a #GCancellable; a job cancelled before it ran
 *   does not run
 * @callback: called when the document is stored
 * @user_data: data for @callback
 *
 * Stores one document, replacing the one with the same key.
 */
void
dnevnik_cache_put_async (DnevnikCache        *self,
                         const char          *server,
                         const char          *profile_id,
                         DnevnikCacheKind     kind,
                         const char          *key,
                         const char          *json,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Job *job;

  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (kind < DNEVNIK_CACHE_N_KINDS);
  g_return_if_fail (is_account_kind (kind) || key != NULL);
  g_return_if_fail (json != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = job_new_for_account (self, JOB_PUT, server, profile_id, cancellable,
                             callback, user_data, dnevnik_cache_put_async);
  job->kind = kind_names[kind];
  job->key = g_strdup (key != NULL ? key : "");
  job->text = g_strdup (json);
  queue_job (self, job);
}

/**
 * dnevnik_cache_put_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @error: return location for an error (%DNEVNIK_CACHE_ERROR_FULL when the
 *   disk is full: the earlier document stays)
 *
 * Returns: %TRUE when the document is stored
 */
gboolean
dnevnik_cache_put_finish (DnevnikCache  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (DNEVNIK_IS_CACHE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dnevnik_cache_put_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * dnevnik_cache_put_many_async:
 * @self: a cache
 * @server: the server's base URL
 * @profile_id: the student's profile id on that server
 * @kind: what the documents are
 * @entries: (element-type DnevnikCacheEntry): the documents; copied
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the documents are stored
 * @user_data: data for @callback
 *
 * Stores a batch of documents (e.g. the diary days of a month during a
 * whole-year sync) in ONE transaction: afterwards either all of them are
 * there or, on an error, none.
 */
void
dnevnik_cache_put_many_async (DnevnikCache        *self,
                              const char          *server,
                              const char          *profile_id,
                              DnevnikCacheKind     kind,
                              GPtrArray           *entries,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job;

  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (kind < DNEVNIK_CACHE_N_KINDS);
  g_return_if_fail (entries != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = job_new_for_account (self, JOB_PUT_MANY, server, profile_id, cancellable,
                             callback, user_data, dnevnik_cache_put_many_async);
  job->kind = kind_names[kind];
  job->entries = g_ptr_array_new_full (entries->len, (GDestroyNotify) dnevnik_cache_entry_free);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (job->entries, dnevnik_cache_entry_copy (g_ptr_array_index (entries, i)));
  queue_job (self, job);
}

/**
 * dnevnik_cache_put_many_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when every document of the batch is stored; on %FALSE
 *   none of them is
 */
gboolean
dnevnik_cache_put_many_finish (DnevnikCache  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (DNEVNIK_IS_CACHE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dnevnik_cache_put_many_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * dnevnik_cache_get_async:
 * @self: a cache
 * @server: the server's base URL
 * @profile_id: the student's profile id on that server
 * @kind: what the document is
 * @key: (nullable): the date for %DNEVNIK_CACHE_KIND_DIARY_DAY, else %NULL
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the document
 * @user_data: data for @callback
 *
 * Reads one document.
 */
void
dnevnik_cache_get_async (DnevnikCache        *self,
                         const char          *server,
                         const char          *profile_id,
                         DnevnikCacheKind     kind,
                         const char          *key,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Job *job;

  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (kind < DNEVNIK_CACHE_N_KINDS);
  g_return_if_fail (is_account_kind (kind) || key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = job_new_for_account (self, JOB_GET, server, profile_id, cancellable,
                             callback, user_data, dnevnik_cache_get_async);
  job->kind = kind_names[kind];
  job->key = g_strdup (key != NULL ? key : "");
  queue_job (self, job);
}

/**
 * dnevnik_cache_get_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the JSON text, or %NULL with no
 *   error when nothing is cached under that key
 */
char *
dnevnik_cache_get_finish (DnevnikCache  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (DNEVNIK_IS_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dnevnik_cache_get_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * dnevnik_cache_get_range_async:
 * @self: a cache
 * @server: the server's base URL
 * @profile_id: the student's profile id on that server
 * @kind: what the documents are
 * @from_key: (nullable): the first key, inclusive (%NULL: from the first)
 * @to_key: (nullable): the last key, inclusive (%NULL: to the last)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the documents
 * @user_data: data for @callback
 *
 * Reads the documents whose keys lie between @from_key and @to_key, e.g.
 * the cached days of a week.  Keys compare as bytes, which orders
 * `YYYY-MM-DD` dates by date.
 */
void
dnevnik_cache_get_range_async (DnevnikCache        *self,
                               const char          *server,
                               const char          *profile_id,
                               DnevnikCacheKind     kind,
                               const char          *from_key,
                               const char          *to_key,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (kind < DNEVNIK_CACHE_N_KINDS);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = job_new_for_account (self, JOB_GET_RANGE, server, profile_id, cancellable,
                             callback, user_data, dnevnik_cache_get_range_async);
  job->kind = kind_names[kind];
  job->key = g_strdup (from_key);
  job->to_key = g_strdup (to_key);
  queue_job (self, job);
}

/**
 * dnevnik_cache_get_range_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type DnevnikCacheEntry): the
 *   documents in the order of their keys (maybe none), or %NULL on error
 */
GPtrArray *
dnevnik_cache_get_range_finish (DnevnikCache  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (DNEVNIK_IS_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dnevnik_cache_get_range_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * dnevnik_cache_set_meta_async:
 * @self: a cache
 * @server: the server's base URL
 * @profile_id: the student's profile id on that server ("" for data of
 *   no account)
 * @name: the name of the value, e.g. "synced-through"
 * @value: the value
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the value is stored
 * @user_data: data for @callback
 *
 * Stores a small value about an account's cache, e.g. how far a
 * whole-year sync got.  Wiped with the account.
 */
void
dnevnik_cache_set_meta_async (DnevnikCache        *self,
                              const char          *server,
                              const char          *profile_id,
                              const char          *name,
                              const char          *value,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job;

  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = job_new_for_account (self, JOB_SET_META, server, profile_id, cancellable,
                             callback, user_data, dnevnik_cache_set_meta_async);
  job->key = g_strdup (name);
  job->text = g_strdup (value);
  queue_job (self, job);
}

/**
 * dnevnik_cache_set_meta_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the value is stored
 */
gboolean
dnevnik_cache_set_meta_finish (DnevnikCache  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (DNEVNIK_IS_CACHE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dnevnik_cache_set_meta_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * dnevnik_cache_get_meta_async:
 * @self: a cache
 * @server: the server's base URL
 * @profile_id: the student's profile id on that server
 * @name: the name of the value
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the value
 * @user_data: data for @callback
 *
 * Reads a value stored with dnevnik_cache_set_meta_async().
 */
void
dnevnik_cache_get_meta_async (DnevnikCache        *self,
                              const char          *server,
                              const char          *profile_id,
                              const char          *name,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job;

  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = job_new_for_account (self, JOB_GET_META, server, profile_id, cancellable,
                             callback, user_data, dnevnik_cache_get_meta_async);
  job->key = g_strdup (name);
  queue_job (self, job);
}

/**
 * dnevnik_cache_get_meta_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the value, or %NULL with no error
 *   when there is none
 */
char *
dnevnik_cache_get_meta_finish (DnevnikCache  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (DNEVNIK_IS_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dnevnik_cache_get_meta_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * dnevnik_cache_wipe_account_async:
 * @self: a cache
 * @server: the server's base URL
 * @profile_id: the student's profile id on that server
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the account's data is gone
 * @user_data: data for @callback
 *
 * Deletes every document and value of one account (on sign-out).  It runs
 * after every job queued before it, so no older write can bring data back;
 * deleted rows are zeroed and the WAL is emptied, so nothing of them stays
 * in the file.
 */
void
dnevnik_cache_wipe_account_async (DnevnikCache        *self,
                                  const char          *server,
                                  const char          *profile_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  queue_job (self, job_new_for_account (self, JOB_WIPE_ACCOUNT, server, profile_id, cancellable,
                                        callback, user_data, dnevnik_cache_wipe_account_async));
}

/**
 * dnevnik_cache_wipe_account_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the account's data is gone
 */
gboolean
dnevnik_cache_wipe_account_finish (DnevnikCache  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (DNEVNIK_IS_CACHE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dnevnik_cache_wipe_account_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * dnevnik_cache_wipe_all_async:
 * @self: a cache
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the cache is empty
 * @user_data: data for @callback
 *
 * Deletes everything of every account, and damaged copies moved aside by
 * an earlier open.  Like dnevnik_cache_wipe_account_async(), in queue order.
 */
void
dnevnik_cache_wipe_all_async (DnevnikCache        *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  queue_job (self, job_new (self, JOB_WIPE_ALL, cancellable, callback, user_data,
                            dnevnik_cache_wipe_all_async));
}

/**
 * dnevnik_cache_wipe_all_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the cache is empty
 */
gboolean
dnevnik_cache_wipe_all_finish (DnevnikCache  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (DNEVNIK_IS_CACHE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dnevnik_cache_wipe_all_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * dnevnik_cache_close_async:
 * @self: a cache
 * @cancellable: (nullable): a #GCancellable; the close happens all the
 *   same, only the result says it was cancelled
 * @callback: called when the database is closed
 * @user_data: data for @callback
 *
 * Closes the database after every job queued before (the queue is drained,
 * so nothing asked for is lost).  Jobs queued after it fail with
 * %DNEVNIK_CACHE_ERROR_CLOSED until the cache is opened again.  Disposing of
 * the cache closes it the same way.
 */
void
dnevnik_cache_close_async (DnevnikCache        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  queue_job (self, job_new (self, JOB_CLOSE, cancellable, callback, user_data,
                            dnevnik_cache_close_async));
}

/**
 * dnevnik_cache_close_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the database is closed
 */
gboolean
dnevnik_cache_close_finish (DnevnikCache  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (DNEVNIK_IS_CACHE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dnevnik_cache_close_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Test seams (dnevnik-cache-private.h). */

/**
 * dnevnik_cache_set_job_hook:
 * @self: a cache
 * @hook: (nullable): called on the worker before each job
 * @user_data: data for @hook
 *
 * Sets the hook; only while no job is queued.
 */
void
dnevnik_cache_set_job_hook (DnevnikCache        *self,
                            DnevnikCacheJobHook  hook,
                            gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_CACHE (self));

  self->job_hook = hook;
  self->job_hook_data = user_data;
}

/**
 * dnevnik_cache_exec_async:
 * @self: a cache
 * @sql: SQL statements to run on the worker (e.g. `PRAGMA max_page_count`)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Runs raw SQL in queue order, for tests.
 */
void
dnevnik_cache_exec_async (DnevnikCache        *self,
                          const char          *sql,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Job *job;

  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (sql != NULL);

  job = job_new (self, JOB_EXEC, cancellable, callback, user_data, dnevnik_cache_exec_async);
  job->key = g_strdup (sql);
  queue_job (self, job);
}

/**
 * dnevnik_cache_exec_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the first column of the first row
 *   of the last statement that returned rows
 */
char *
dnevnik_cache_exec_finish (DnevnikCache  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (DNEVNIK_IS_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
