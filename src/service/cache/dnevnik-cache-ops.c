/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-cache"

#include "config.h"

#include "dnevnik-cache-ops.h"
#include "dnevnik-cache-schema.h"

/* The operations of the offline copy, as run on the worker: one small
 * function each, found through a table indexed by DnevnikCacheOp.  Each
 * reads its input from the call and either fails with an error or leaves
 * its result in @out_result (a string or an array of entries, for the
 * operations that return one); dnevnik_cache_call_run() completes the task.
 * The table also says which of the caller's arguments each operation
 * takes: dnevnik_cache_call_new() checks those, as the preconditions of
 * the public functions, and copies them for the worker.
 */

typedef enum
{
  RETURNS_BOOLEAN,
  RETURNS_FLAGS,
  RETURNS_TEXT,
  RETURNS_ENTRIES,
} Returns;

/* Which of the caller's arguments an operation takes. */
typedef enum
{
  TAKES_NOTHING  = 0,
  TAKES_ACCOUNT  = 1 << 0,  /* server and profile id */
  TAKES_KIND     = 1 << 1,
  TAKES_DOC_KEY  = 1 << 2,  /* the date of a diary day, the period of marks; "" for the other kinds */
  TAKES_NAME     = 1 << 3,  /* a key that must be given */
  TAKES_RANGE    = 1 << 4,  /* two keys, each may be NULL */
  TAKES_TEXT     = 1 << 5,
  TAKES_ENTRIES  = 1 << 6,

  TAKES_DOCUMENT = TAKES_ACCOUNT | TAKES_KIND,
  TAKES_META     = TAKES_ACCOUNT | TAKES_NAME,
} Takes;

typedef gboolean (*OpFunc) (DnevnikCacheDb    *db,
                            DnevnikCacheCall  *call,
                            gpointer          *out_result,
                            GError           **error);

typedef struct
{
  const char *name;            /* what the test hook is told */
  OpFunc      run;
  Returns     returns;
  gboolean    runs_cancelled;  /* a close drains the queue into a closed file */
  gboolean    runs_closed;
  Takes       takes;
} Operation;

static const char put_sql[] =
  "INSERT INTO documents (server, profile_id, kind, key, json, updated_at)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
  " ON CONFLICT (server, profile_id, kind, key)"
  " DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at";

static gboolean
put_document (DnevnikCacheDb    *db,
              sqlite3_stmt      *stmt,
              DnevnikCacheCall  *call,
              const char        *key,
              const char        *json,
              gint64             now,
              GError           **error)
{
  const char *texts[] = { call->server, call->profile_id, call->kind, key, json };
  int rc;

  sqlite3_reset (stmt);
  if (!dnevnik_cache_db_bind_texts (db, stmt, texts, G_N_ELEMENTS (texts), error))
    return FALSE;
  if ((rc = sqlite3_bind_int64 (stmt, 6, now)) != SQLITE_OK)
    return dnevnik_cache_db_set_error (db, error, rc, "bind");

  return dnevnik_cache_db_step_done (db, stmt, error);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
op_open (DnevnikCacheDb    *db,
         DnevnikCacheCall  *call,
         gpointer          *out_result,
         GError           **error)
{
  if (!dnevnik_cache_db_open (db, &call->open_flags, error))
    return FALSE;

  call->persistent = db->on_disk;
  return TRUE;
}

static gboolean
op_put (DnevnikCacheDb    *db,
        DnevnikCacheCall  *call,
        gpointer          *out_result,
        GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = dnevnik_cache_db_prepare (db, put_sql, error);

  return stmt != NULL &&
         put_document (db, stmt, call, call->key, call->text, now_seconds (), error);
}

static gboolean
put_entries (DnevnikCacheDb  *db,
             gpointer         data,
             GError         **error)
{
  DnevnikCacheCall *call = data;
  g_autoptr(sqlite3_stmt) stmt = dnevnik_cache_db_prepare (db, put_sql, error);
  gint64 now = now_seconds ();

  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < call->entries->len; i++)
    {
      DnevnikCacheEntry *entry = g_ptr_array_index (call->entries, i);

      if (!put_document (db, stmt, call, entry->key, entry->json, now, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
op_put_many (DnevnikCacheDb    *db,
             DnevnikCacheCall  *call,
             gpointer          *out_result,
             GError           **error)
{
  return dnevnik_cache_db_transaction (db, put_entries, call, error);
}

static gboolean
op_get (DnevnikCacheDb    *db,
        DnevnikCacheCall  *call,
        gpointer          *out_result,
        GError           **error)
{
  const char *texts[] = { call->server, call->profile_id, call->kind, call->key };
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = dnevnik_cache_db_prepare_with (db,
                                        "SELECT json FROM documents"
                                        " WHERE server = ?1 AND profile_id = ?2"
                                        " AND kind = ?3 AND key = ?4",
                                        texts, G_N_ELEMENTS (texts), error);

  return stmt != NULL && dnevnik_cache_db_step_text (db, stmt, (char **) out_result, error);
}

static gboolean
op_get_range (DnevnikCacheDb    *db,
              DnevnikCacheCall  *call,
              gpointer          *out_result,
              GError           **error)
{
  const char *texts[] = { call->server, call->profile_id, call->kind, call->key, call->to_key };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  int rc;

  stmt = dnevnik_cache_db_prepare_with (db,
                                        "SELECT key, json, updated_at FROM documents"
                                        " WHERE server = ?1 AND profile_id = ?2 AND kind = ?3"
                                        " AND (?4 IS NULL OR key >= ?4) AND (?5 IS NULL OR key <= ?5)"
                                        " ORDER BY key",
                                        texts, G_N_ELEMENTS (texts), error);
  if (stmt == NULL)
    return FALSE;

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
    return dnevnik_cache_db_set_error (db, error, rc, "get range");

  *out_result = g_steal_pointer (&entries);
  return TRUE;
}

static gboolean
op_set_meta (DnevnikCacheDb    *db,
             DnevnikCacheCall  *call,
             gpointer          *out_result,
             GError           **error)
{
  const char *texts[] = { call->server, call->profile_id, call->key, call->text };
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = dnevnik_cache_db_prepare_with (db,
                                        "INSERT INTO meta (server, profile_id, name, value)"
                                        " VALUES (?1, ?2, ?3, ?4)"
                                        " ON CONFLICT (server, profile_id, name)"
                                        " DO UPDATE SET value = excluded.value",
                                        texts, G_N_ELEMENTS (texts), error);

  return stmt != NULL && dnevnik_cache_db_step_done (db, stmt, error);
}

static gboolean
op_get_meta (DnevnikCacheDb    *db,
             DnevnikCacheCall  *call,
             gpointer          *out_result,
             GError           **error)
{
  const char *texts[] = { call->server, call->profile_id, call->key };
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = dnevnik_cache_db_prepare_with (db,
                                        "SELECT value FROM meta"
                                        " WHERE server = ?1 AND profile_id = ?2 AND name = ?3",
                                        texts, G_N_ELEMENTS (texts), error);

  return stmt != NULL && dnevnik_cache_db_step_text (db, stmt, (char **) out_result, error);
}

static gboolean
delete_account (DnevnikCacheDb  *db,
                gpointer         data,
                GError         **error)
{
  static const char * const sql[] = {
    "DELETE FROM documents WHERE server = ?1 AND profile_id = ?2",
    "DELETE FROM meta WHERE server = ?1 AND profile_id = ?2",
  };
  DnevnikCacheCall *call = data;
  const char *texts[] = { call->server, call->profile_id };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      stmt = dnevnik_cache_db_prepare_with (db, sql[i], texts, G_N_ELEMENTS (texts), error);
      if (stmt == NULL || !dnevnik_cache_db_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* Deleted rows are zeroed (secure_delete); the checkpoint then empties the
 * WAL, which still holds the old page images. */
static gboolean
op_wipe_account (DnevnikCacheDb    *db,
                 DnevnikCacheCall  *call,
                 gpointer          *out_result,
                 GError           **error)
{
  return dnevnik_cache_db_transaction (db, delete_account, call, error) &&
         dnevnik_cache_db_checkpoint (db, error);
}

static gboolean
delete_all (DnevnikCacheDb  *db,
            gpointer         data,
            GError         **error)
{
  return dnevnik_cache_db_exec (db, "DELETE FROM documents; DELETE FROM meta;", error);
}

static gboolean
op_wipe_all (DnevnikCacheDb    *db,
             DnevnikCacheCall  *call,
             gpointer          *out_result,
             GError           **error)
{
  if (!dnevnik_cache_db_transaction (db, delete_all, NULL, error) ||
      !dnevnik_cache_db_checkpoint (db, error))
    return FALSE;

  dnevnik_cache_db_remove_aside (db);
  return TRUE;
}

static gboolean
op_close (DnevnikCacheDb    *db,
          DnevnikCacheCall  *call,
          gpointer          *out_result,
          GError           **error)
{
  dnevnik_cache_db_close (db);
  return TRUE;
}

/* Every statement of the SQL in turn; the result is the first column of the
 * first row of the last statement that gave one. */
static gboolean
op_exec (DnevnikCacheDb    *db,
         DnevnikCacheCall  *call,
         gpointer          *out_result,
         GError           **error)
{
  g_autofree char *result = NULL;
  const char *sql = call->key;

  while (sql != NULL && *sql != '\0')
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      const char *tail = NULL;
      int rc;

      rc = sqlite3_prepare_v2 (db->handle, sql, -1, &stmt, &tail);
      if (rc != SQLITE_OK)
        return dnevnik_cache_db_set_error (db, error, rc, sql);
      sql = tail;
      if (stmt == NULL)
        continue;

      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          g_free (result);
          result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            ;
        }
      if (rc != SQLITE_DONE)
        return dnevnik_cache_db_set_error (db, error, rc, sqlite3_sql (stmt));
    }

  *out_result = g_steal_pointer (&result);
  return TRUE;
}

static const Operation operations[] = {
  [DNEVNIK_CACHE_OP_OPEN] = { "open", op_open, RETURNS_FLAGS, FALSE, TRUE,
                              TAKES_NOTHING },
  [DNEVNIK_CACHE_OP_PUT] = { "put", op_put, RETURNS_BOOLEAN, FALSE, FALSE,
                             TAKES_DOCUMENT | TAKES_DOC_KEY | TAKES_TEXT },
  [DNEVNIK_CACHE_OP_PUT_MANY] = { "put-many", op_put_many, RETURNS_BOOLEAN, FALSE, FALSE,
                                  TAKES_DOCUMENT | TAKES_ENTRIES },
  [DNEVNIK_CACHE_OP_GET] = { "get", op_get, RETURNS_TEXT, FALSE, FALSE,
                             TAKES_DOCUMENT | TAKES_DOC_KEY },
  [DNEVNIK_CACHE_OP_GET_RANGE] = { "get-range", op_get_range, RETURNS_ENTRIES, FALSE, FALSE,
                                   TAKES_DOCUMENT | TAKES_RANGE },
  [DNEVNIK_CACHE_OP_SET_META] = { "set-meta", op_set_meta, RETURNS_BOOLEAN, FALSE, FALSE,
                                  TAKES_META | TAKES_TEXT },
  [DNEVNIK_CACHE_OP_GET_META] = { "get-meta", op_get_meta, RETURNS_TEXT, FALSE, FALSE,
                                  TAKES_META },
  [DNEVNIK_CACHE_OP_WIPE_ACCOUNT] = { "wipe-account", op_wipe_account, RETURNS_BOOLEAN, FALSE, FALSE,
                                      TAKES_ACCOUNT },
  [DNEVNIK_CACHE_OP_WIPE_ALL] = { "wipe-all", op_wipe_all, RETURNS_BOOLEAN, FALSE, FALSE,
                                  TAKES_NOTHING },
  [DNEVNIK_CACHE_OP_CLOSE] = { "close", op_close, RETURNS_BOOLEAN, TRUE, TRUE,
                               TAKES_NOTHING },
  [DNEVNIK_CACHE_OP_EXEC] = { "exec", op_exec, RETURNS_TEXT, FALSE, FALSE,
                              TAKES_NAME },
};

G_STATIC_ASSERT (G_N_ELEMENTS (operations) == DNEVNIK_CACHE_N_OPS);

/* Whether the kind has many documents per account, told apart by key. */
static gboolean
is_keyed_kind (DnevnikCacheKind kind)
{
  return kind == DNEVNIK_CACHE_KIND_DIARY_DAY || kind == DNEVNIK_CACHE_KIND_MARKS;
}

/* Checks @args against what @op takes, as the public functions'
 * preconditions: a failed check is a programming error. */
static gboolean
check_args (Takes                   takes,
            const DnevnikCacheArgs *args)
{
  if (takes & TAKES_ACCOUNT)
    {
      g_return_val_if_fail (args->server != NULL, FALSE);
      g_return_val_if_fail (args->profile_id != NULL, FALSE);
    }
  if (takes & TAKES_KIND)
    g_return_val_if_fail (args->kind < DNEVNIK_CACHE_N_KINDS, FALSE);
  if (takes & TAKES_DOC_KEY)
    g_return_val_if_fail (!is_keyed_kind (args->kind) || args->key != NULL, FALSE);
  if (takes & TAKES_NAME)
    g_return_val_if_fail (args->key != NULL, FALSE);
  if (takes & TAKES_TEXT)
    g_return_val_if_fail (args->text != NULL, FALSE);
  if (takes & TAKES_ENTRIES)
    g_return_val_if_fail (args->entries != NULL, FALSE);

  return TRUE;
}

/* Copies what @op takes of @args (%NULL: nothing) into a new call, or
 * returns %NULL when @args lack what @op needs. */
DnevnikCacheCall *
dnevnik_cache_call_new (DnevnikCacheOp          op,
                        const DnevnikCacheArgs *args)
{
  static const DnevnikCacheArgs no_args = { NULL, };
  Takes takes;
  DnevnikCacheCall *call;

  g_assert (op < DNEVNIK_CACHE_N_OPS);

  takes = operations[op].takes;
  if (args == NULL)
    args = &no_args;
  if (!check_args (takes, args))
    return NULL;

  call = g_new0 (DnevnikCacheCall, 1);
  call->op = op;
  if (takes & TAKES_ACCOUNT)
    {
      call->server = g_strdup (args->server);
      call->profile_id = g_strdup (args->profile_id);
    }
  if (takes & TAKES_KIND)
    call->kind = dnevnik_cache_schema_kind_name (args->kind);
  if (takes & TAKES_DOC_KEY)
    call->key = g_strdup (args->key != NULL ? args->key : "");
  if (takes & (TAKES_NAME | TAKES_RANGE))
    call->key = g_strdup (args->key);
  if (takes & TAKES_RANGE)
    call->to_key = g_strdup (args->to_key);
  if (takes & TAKES_TEXT)
    call->text = g_strdup (args->text);
  if (takes & TAKES_ENTRIES)
    {
      call->entries = g_ptr_array_new_full (args->entries->len,
                                            (GDestroyNotify) dnevnik_cache_entry_free);
      for (guint i = 0; i < args->entries->len; i++)
        g_ptr_array_add (call->entries,
                         dnevnik_cache_entry_copy (g_ptr_array_index (args->entries, i)));
    }

  return call;
}

void
dnevnik_cache_call_free (gpointer data)
{
  DnevnikCacheCall *call = data;

  g_free (call->server);
  g_free (call->profile_id);
  g_free (call->key);
  g_free (call->to_key);
  g_free (call->text);
  g_clear_pointer (&call->entries, g_ptr_array_unref);
  g_free (call);
}

const char *
dnevnik_cache_op_get_name (DnevnikCacheOp op)
{
  g_assert (op < DNEVNIK_CACHE_N_OPS);

  return operations[op].name;
}

/* Runs @call on the worker and completes @task with its result. */
void
dnevnik_cache_call_run (DnevnikCacheDb   *db,
                        DnevnikCacheCall *call,
                        GTask            *task)
{
  const Operation *op = &operations[call->op];
  g_autoptr(GError) error = NULL;
  gpointer result = NULL;
  gboolean ok;

  if (!op->runs_cancelled &&
      g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!op->runs_closed && !dnevnik_cache_db_is_open (db))
    ok = dnevnik_cache_set_error (&error, DNEVNIK_CACHE_ERROR_CLOSED);
  else
    ok = op->run (db, call, &result, &error);

  if (!ok)
    {
      g_assert (error != NULL && result == NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  switch (op->returns)
    {
    case RETURNS_BOOLEAN:
      g_task_return_boolean (task, TRUE);
      break;
    case RETURNS_FLAGS:
      g_task_return_int (task, call->open_flags);
      break;
    case RETURNS_TEXT:
      g_task_return_pointer (task, result, g_free);
      break;
    case RETURNS_ENTRIES:
      g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
      break;
    default:
      g_assert_not_reached ();
    }
}
