/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-cache"

#include "config.h"

#include "dnevnik-cache-db.h"
#include "dnevnik-cache-ops.h"
#include "dnevnik-cache-private.h"
#include "dnevnik-cache-schema.h"
#include "dnevnik-cache-worker.h"

/* DnevnikCache — the offline copy of what the server sent.
 *
 * Each public call becomes a GTask whose task data is a DnevnikCacheCall
 * (plain data in, plain data out) and is queued on the cache's ONE worker
 * thread (DnevnikCacheWorker), which runs calls strictly in queue order:
 * a wipe on sign-out is never overtaken by an older write.  On the worker,
 * the call's operation is looked up in the table of operations
 * (dnevnik-cache-ops.c) and runs against the SQLite connection
 * (dnevnik-cache-db.c, schema in dnevnik-cache-schema.c); the task then
 * completes on the main context of the thread that queued it.
 *
 * The struct is split by who may touch what: the worker owns the
 * connection; the thread that opens the cache owns the properties.
 */

struct _DnevnikCache
{
  GObject              parent_instance;

  /* Set before the worker sees any call, then read-only. */
  char                *path;
  DnevnikCacheWorker  *worker;
  DnevnikCacheJobHook  job_hook;
  gpointer             job_hook_data;

  /* The worker's alone. */
  DnevnikCacheDb      *db;

  /* The opening thread's. */
  guint                persistent : 1;
  guint                was_reset : 1;
};

G_DEFINE_FINAL_TYPE (DnevnikCache, dnevnik_cache, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_PERSISTENT,
  PROP_WAS_RESET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The caller's callback of an open, which runs after the properties have
 * been brought up to date. */
typedef struct
{
  GAsyncReadyCallback callback;
  gpointer            user_data;
} OpenClosure;

/* Runs on the worker. */
static void
run_call (GTask        *task,
          gpointer      source_object,
          gpointer      task_data,
          GCancellable *cancellable)
{
  DnevnikCache *self = source_object;
  DnevnikCacheCall *call = task_data;

  if (self->job_hook != NULL)
    self->job_hook (self, dnevnik_cache_op_get_name (call->op), self->job_hook_data);

  dnevnik_cache_call_run (self->db, call, task);
}

/* Shared with dnevnik-cache-documents.c (dnevnik-cache-ops.h). */

/* The one way in of every public call: checks the arguments against the
 * table of operations, copies them and queues the call on the worker. */
void
dnevnik_cache_queue_call (DnevnikCache            *self,
                          DnevnikCacheOp           op,
                          const DnevnikCacheArgs  *args,
                          GCancellable            *cancellable,
                          GAsyncReadyCallback      callback,
                          gpointer                 user_data,
                          gpointer                 source_tag)
{
  g_autoptr(GTask) task = NULL;
  DnevnikCacheCall *call;

  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = dnevnik_cache_call_new (op, args);
  if (call == NULL)
    return;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, dnevnik_cache_op_get_name (op));
  g_task_set_task_data (task, call, dnevnik_cache_call_free);

  if (self->worker == NULL)
    {
      /* Only after an explicit g_object_run_dispose(). */
      GError *error = NULL;

      dnevnik_cache_set_error (&error, DNEVNIK_CACHE_ERROR_CLOSED);
      g_task_return_error (task, error);
      return;
    }

  dnevnik_cache_worker_queue (self->worker, task, run_call);
}

gboolean
dnevnik_cache_finish_boolean (DnevnikCache  *self,
                              GAsyncResult  *result,
                              gpointer       source_tag,
                              GError       **error)
{
  g_return_val_if_fail (DNEVNIK_IS_CACHE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gpointer
dnevnik_cache_finish_pointer (DnevnikCache  *self,
                              GAsyncResult  *result,
                              gpointer       source_tag,
                              GError       **error)
{
  g_return_val_if_fail (DNEVNIK_IS_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
open_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  DnevnikCache *self = DNEVNIK_CACHE (source);
  g_autofree OpenClosure *closure = user_data;
  DnevnikCacheCall *call = g_task_get_task_data (G_TASK (result));
  gboolean was_reset = (call->open_flags & DNEVNIK_CACHE_OPEN_RESET) != 0;

  if (self->persistent != call->persistent)
    {
      self->persistent = call->persistent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSISTENT]);
    }
  if (self->was_reset != was_reset)
    {
      self->was_reset = was_reset;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAS_RESET]);
    }

  if (closure->callback != NULL)
    closure->callback (source, result, closure->user_data);
}

static void
dnevnik_cache_constructed (GObject *object)
{
  DnevnikCache *self = (DnevnikCache *) object;

  G_OBJECT_CLASS (dnevnik_cache_parent_class)->constructed (object);

  self->db = dnevnik_cache_db_new (self->path, dnevnik_cache_schema_get ());
  /* The worker closes the file after its last call. */
  self->worker = dnevnik_cache_worker_new ("dnevnik-cache",
                                           (GDestroyNotify) dnevnik_cache_db_close,
                                           self->db);
}

static void
dnevnik_cache_dispose (GObject *object)
{
  DnevnikCache *self = (DnevnikCache *) object;

  /* Every call already queued runs, then the file closes. */
  if (self->worker != NULL)
    dnevnik_cache_worker_shutdown (self->worker);
  g_clear_object (&self->worker);

  G_OBJECT_CLASS (dnevnik_cache_parent_class)->dispose (object);
}

static void
dnevnik_cache_finalize (GObject *object)
{
  DnevnikCache *self = (DnevnikCache *) object;

  g_clear_pointer (&self->db, dnevnik_cache_db_free);
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
}


/* Public API. */

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
  OpenClosure *closure;

  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  closure = g_new0 (OpenClosure, 1);
  closure->callback = callback;
  closure->user_data = user_data;
  dnevnik_cache_queue_call (self, DNEVNIK_CACHE_OP_OPEN, NULL,
                            cancellable, open_done_cb, closure, dnevnik_cache_open_async);
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
  const DnevnikCacheArgs args = { .server = server, .profile_id = profile_id };

  dnevnik_cache_queue_call (self, DNEVNIK_CACHE_OP_WIPE_ACCOUNT, &args,
                            cancellable, callback, user_data, dnevnik_cache_wipe_account_async);
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
  return dnevnik_cache_finish_boolean (self, result, dnevnik_cache_wipe_account_async, error);
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
  dnevnik_cache_queue_call (self, DNEVNIK_CACHE_OP_WIPE_ALL, NULL,
                            cancellable, callback, user_data, dnevnik_cache_wipe_all_async);
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
  return dnevnik_cache_finish_boolean (self, result, dnevnik_cache_wipe_all_async, error);
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
  dnevnik_cache_queue_call (self, DNEVNIK_CACHE_OP_CLOSE, NULL,
                            cancellable, callback, user_data, dnevnik_cache_close_async);
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
  return dnevnik_cache_finish_boolean (self, result, dnevnik_cache_close_async, error);
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
  const DnevnikCacheArgs args = { .key = sql };

  dnevnik_cache_queue_call (self, DNEVNIK_CACHE_OP_EXEC, &args,
                            cancellable, callback, user_data, dnevnik_cache_exec_async);
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
  return dnevnik_cache_finish_pointer (self, result, dnevnik_cache_exec_async, error);
}
