/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-cache"

#include "config.h"

#include "dnevnik-cache-worker.h"

/* DnevnikCacheWorker — ONE thread that runs queued GTasks strictly in the
 * order they were queued, from any thread.
 *
 * The shared GTask pool is not used on purpose: it runs tasks in parallel
 * and in any order, so a wipe on sign-out could be overtaken by an older
 * write and leave the student's data behind.
 *
 * A queued task comes with its thread function, which runs on the worker
 * and completes the task with g_task_return_*(); GTask then calls back on
 * the main context of the thread that created the task.  The worker never
 * drops its own reference to a task on its thread: it hands it back to
 * that context, so that neither a task nor its source object is ever
 * finalized on the worker (which would join the worker from itself).
 */

typedef struct
{
  GTask           *task;   /* NULL: the worker stops */
  GTaskThreadFunc  func;
} WorkItem;

struct _DnevnikCacheWorker
{
  GObject         parent_instance;

  /* Set at construction, then read-only. */
  GAsyncQueue    *queue;
  GDestroyNotify  on_exit;
  gpointer        on_exit_data;

  /* The constructing thread's. */
  GThread        *thread;
};

G_DEFINE_FINAL_TYPE (DnevnikCacheWorker, dnevnik_cache_worker, G_TYPE_OBJECT)

/* Which worker, if any, the current thread is. */
static GPrivate current_worker;

static gboolean
release_in_context_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/* Drops the worker's reference to @task on the task's own context. */
static void
release_in_context (GTask *task)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, release_in_context_cb, task, g_object_unref);
  g_source_set_static_name (source, "[dnevnik-cache] release");
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

static gpointer
worker_main (gpointer data)
{
  DnevnikCacheWorker *self = data;

  /* @self is not referenced here: shutting down joins this thread before
   * the worker goes away. */
  g_private_set (&current_worker, self);

  for (;;)
    {
      g_autofree WorkItem *item = g_async_queue_pop (self->queue);
      GTask *task = item->task;

      if (task == NULL)
        break;

      g_assert (!g_main_context_is_owner (g_task_get_context (task)));

      item->func (task,
                  g_task_get_source_object (task),
                  g_task_get_task_data (task),
                  g_task_get_cancellable (task));
      release_in_context (task);
    }

  if (self->on_exit != NULL)
    self->on_exit (self->on_exit_data);

  g_private_set (&current_worker, NULL);

  return NULL;
}

static void
dnevnik_cache_worker_dispose (GObject *object)
{
  dnevnik_cache_worker_shutdown (DNEVNIK_CACHE_WORKER (object));

  G_OBJECT_CLASS (dnevnik_cache_worker_parent_class)->dispose (object);
}

static void
dnevnik_cache_worker_finalize (GObject *object)
{
  DnevnikCacheWorker *self = (DnevnikCacheWorker *) object;

  g_clear_pointer (&self->queue, g_async_queue_unref);

  G_OBJECT_CLASS (dnevnik_cache_worker_parent_class)->finalize (object);
}

static void
dnevnik_cache_worker_class_init (DnevnikCacheWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dnevnik_cache_worker_dispose;
  object_class->finalize = dnevnik_cache_worker_finalize;
}

static void
dnevnik_cache_worker_init (DnevnikCacheWorker *self)
{
  self->queue = g_async_queue_new ();
}

/**
 * dnevnik_cache_worker_new:
 * @name: the name of the thread
 * @on_exit: (nullable): called on the worker thread after its last task
 * @on_exit_data: data for @on_exit
 *
 * Creates a worker and starts its thread.
 *
 * Returns: (transfer full): a new worker
 */
DnevnikCacheWorker *
dnevnik_cache_worker_new (const char     *name,
                          GDestroyNotify  on_exit,
                          gpointer        on_exit_data)
{
  DnevnikCacheWorker *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (DNEVNIK_TYPE_CACHE_WORKER, NULL);
  self->on_exit = on_exit;
  self->on_exit_data = on_exit_data;
  self->thread = g_thread_new (name, worker_main, self);

  return self;
}

/**
 * dnevnik_cache_worker_queue:
 * @self: a worker
 * @task: (transfer none): the task; the worker holds a reference until it
 *   has run
 * @func: runs @task on the worker and completes it with g_task_return_*()
 *
 * Queues @task behind every task queued before it.  @func runs even when
 * the task's cancellable is cancelled: checking it is up to @func.
 */
void
dnevnik_cache_worker_queue (DnevnikCacheWorker *self,
                            GTask              *task,
                            GTaskThreadFunc     func)
{
  WorkItem *item;

  g_return_if_fail (DNEVNIK_IS_CACHE_WORKER (self));
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);
  g_return_if_fail (self->thread != NULL);

  item = g_new0 (WorkItem, 1);
  item->task = g_object_ref (task);
  item->func = func;
  g_async_queue_push (self->queue, item);
}

/**
 * dnevnik_cache_worker_shutdown:
 * @self: a worker
 *
 * Runs every task queued so far, then the exit function, and joins the
 * thread.  No task may be queued afterwards.  Does nothing the second time.
 */
void
dnevnik_cache_worker_shutdown (DnevnikCacheWorker *self)
{
  g_return_if_fail (DNEVNIK_IS_CACHE_WORKER (self));

  if (self->thread == NULL)
    return;

  /* Behind every task already queued. */
  g_async_queue_push (self->queue, g_new0 (WorkItem, 1));
  g_thread_join (g_steal_pointer (&self->thread));
}

/**
 * dnevnik_cache_worker_in_worker:
 *
 * For assertions in code that must only run on a worker (SQLite never
 * runs on a main loop).
 *
 * Returns: whether the calling thread is a #DnevnikCacheWorker's
 */
gboolean
dnevnik_cache_worker_in_worker (void)
{
  return g_private_get (&current_worker) != NULL;
}
