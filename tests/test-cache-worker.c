/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include "dnevnik-cache-worker.h"

/* Tests of DnevnikCacheWorker, the cache's generic FIFO thread: queue
 * order from several threads, one thread for everything, a drained queue on
 * shutdown, and no task or source object ever finalized on the worker.
 */

#define N_TASKS 200

typedef struct
{
  GMutex     mutex;
  GArray    *order;     /* the numbers of the tasks, in the order they ran */
  GPtrArray *threads;   /* every distinct thread that ran a task */
  GThread   *exited_on;
  guint      ran_before_exit;
} Log;

static void
log_init (Log *log)
{
  g_mutex_init (&log->mutex);
  log->order = g_array_new (FALSE, FALSE, sizeof (guint));
  log->threads = g_ptr_array_new ();
  log->exited_on = NULL;
  log->ran_before_exit = 0;
}

static void
log_clear (Log *log)
{
  g_mutex_clear (&log->mutex);
  g_array_unref (log->order);
  g_ptr_array_unref (log->threads);
}

static void
on_exit_cb (gpointer data)
{
  Log *log = data;

  g_mutex_lock (&log->mutex);
  log->exited_on = g_thread_self ();
  log->ran_before_exit = log->order->len;
  g_mutex_unlock (&log->mutex);
}

/* The task data is the task's number; the source object is the Log's
 * owner, so the function finds the log through it. */
static void
record_cb (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  Log *log = g_object_get_data (source_object, "log");
  guint number = GPOINTER_TO_UINT (task_data);

  g_mutex_lock (&log->mutex);
  g_array_append_val (log->order, number);
  if (!g_ptr_array_find (log->threads, g_thread_self (), NULL))
    g_ptr_array_add (log->threads, g_thread_self ());
  g_mutex_unlock (&log->mutex);

  g_task_return_boolean (task, TRUE);
}

static void
on_counted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  guint *n_done = user_data;

  g_assert_true (g_task_propagate_boolean (G_TASK (result), NULL));
  (*n_done)++;
}

static void
queue_numbered (DnevnikCacheWorker *worker,
                GObject            *owner,
                guint               number,
                guint              *n_done)
{
  g_autoptr(GTask) task = g_task_new (owner, NULL, on_counted_cb, n_done);

  g_task_set_task_data (task, GUINT_TO_POINTER (number), NULL);
  dnevnik_cache_worker_queue (worker, task, record_cb);
}

/* A worker whose tasks record themselves in a log. */
typedef struct
{
  GObject            *owner;
  DnevnikCacheWorker *worker;
  guint               n_done;
  Log                 log;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  log_init (&fixture->log);
  fixture->owner = g_object_new (G_TYPE_OBJECT, NULL);
  g_object_set_data (fixture->owner, "log", &fixture->log);
  fixture->worker = dnevnik_cache_worker_new ("test-worker", on_exit_cb, &fixture->log);
  fixture->n_done = 0;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  dnevnik_cache_worker_shutdown (fixture->worker);
  while (fixture->n_done < N_TASKS)
    g_main_context_iteration (NULL, TRUE);

  g_clear_object (&fixture->worker);
  g_clear_object (&fixture->owner);
  log_clear (&fixture->log);
}

static void
test_order_one_thread (Fixture       *fixture,
                       gconstpointer  data)
{
  Log *log = &fixture->log;

  for (guint i = 0; i < N_TASKS; i++)
    queue_numbered (fixture->worker, fixture->owner, i, &fixture->n_done);
  while (fixture->n_done < N_TASKS)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (log->order->len, ==, N_TASKS);
  for (guint i = 0; i < N_TASKS; i++)
    g_assert_cmpuint (g_array_index (log->order, guint, i), ==, i);
  g_assert_cmpuint (log->threads->len, ==, 1);
  g_assert_true (log->threads->pdata[0] != (gpointer) g_thread_self ());
  g_assert_false (dnevnik_cache_worker_in_worker ());

  /* Shutting down runs the exit function on the same thread, after the
   * tasks. */
  dnevnik_cache_worker_shutdown (fixture->worker);
  g_assert_true (log->exited_on == log->threads->pdata[0]);
  g_assert_cmpuint (log->ran_before_exit, ==, N_TASKS);
}

/* Tasks queued before a shutdown all run, though nobody waited for them;
 * their callbacks come on the next iterations of the context. */
static void
test_shutdown_drains (Fixture       *fixture,
                      gconstpointer  data)
{
  Log *log = &fixture->log;

  for (guint i = 0; i < N_TASKS; i++)
    queue_numbered (fixture->worker, fixture->owner, i, &fixture->n_done);
  dnevnik_cache_worker_shutdown (fixture->worker);

  g_assert_cmpuint (log->order->len, ==, N_TASKS);
  g_assert_cmpuint (log->ran_before_exit, ==, N_TASKS);
  g_assert_nonnull (log->exited_on);

  while (fixture->n_done < N_TASKS)
    g_main_context_iteration (NULL, TRUE);

  /* A second shutdown does nothing. */
  dnevnik_cache_worker_shutdown (fixture->worker);
}

typedef struct
{
  DnevnikCacheWorker *worker;
  GObject            *owner;
  guint               first;
  guint              *n_done;
  GMainContext       *context;
} Producer;

static gpointer
producer_main (gpointer data)
{
  Producer *producer = data;
  g_autoptr(GMainContextPusher) pusher = g_main_context_pusher_new (producer->context);

  for (guint i = 0; i < N_TASKS; i++)
    queue_numbered (producer->worker, producer->owner, producer->first + i, producer->n_done);
  while (*producer->n_done < N_TASKS)
    g_main_context_iteration (producer->context, TRUE);

  return NULL;
}

/* Two threads queue at once: each one's tasks run in its own order, and
 * complete on its own context. */
static void
test_order_two_producers (void)
{
  g_autoptr(GObject) owner = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(DnevnikCacheWorker) worker = NULL;
  Producer producers[2];
  guint n_done[2] = { 0, 0 };
  GThread *threads[2];
  guint next[2] = { 0, N_TASKS };
  Log log;

  log_init (&log);
  g_object_set_data (owner, "log", &log);
  worker = dnevnik_cache_worker_new ("test-worker", NULL, NULL);

  for (guint p = 0; p < 2; p++)
    {
      producers[p] = (Producer) { worker, owner, p * N_TASKS, &n_done[p], g_main_context_new () };
      threads[p] = g_thread_new ("producer", producer_main, &producers[p]);
    }
  for (guint p = 0; p < 2; p++)
    g_thread_join (threads[p]);

  /* The worker drops its references to the tasks on the producers'
   * contexts: once it is joined, let them go there. */
  dnevnik_cache_worker_shutdown (worker);
  for (guint p = 0; p < 2; p++)
    {
      while (g_main_context_pending (producers[p].context))
        g_main_context_iteration (producers[p].context, FALSE);
      g_main_context_unref (producers[p].context);
    }

  g_assert_cmpuint (log.order->len, ==, 2 * N_TASKS);
  for (guint i = 0; i < log.order->len; i++)
    {
      guint number = g_array_index (log.order, guint, i);
      guint p = number / N_TASKS;

      g_assert_cmpuint (number, ==, next[p]);
      next[p]++;
    }
  g_assert_cmpuint (log.threads->len, ==, 1);

  log_clear (&log);
}

/* A source object that remembers the thread it was finalized on. */
static GThread *finalized_on;

static void
on_owner_finalized_cb (gpointer  data,
                       GObject  *where_the_object_was)
{
  g_atomic_pointer_set (&finalized_on, g_thread_self ());
  /* Should it be the worker, the main context must still notice. */
  g_main_context_wakeup (NULL);
}

static void
return_then_linger_cb (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  gint *callback_ran = task_data;

  g_task_return_boolean (task, TRUE);

  /* Let the callback run and drop every other reference first, so that
   * the worker's is the last one. */
  while (!g_atomic_int_get (callback_ran))
    g_usleep (1000);
  g_usleep (20 * 1000);
}

static void
on_linger_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gint *callback_ran = user_data;

  g_assert_true (g_task_propagate_boolean (G_TASK (result), NULL));
  g_atomic_int_set (callback_ran, TRUE);
}

static void
test_released_in_context (void)
{
  g_autoptr(DnevnikCacheWorker) worker = dnevnik_cache_worker_new ("test-worker", NULL, NULL);
  GObject *owner = g_object_new (G_TYPE_OBJECT, NULL);
  gint callback_ran = FALSE;
  GTask *task;

  finalized_on = NULL;
  g_object_weak_ref (owner, on_owner_finalized_cb, NULL);

  task = g_task_new (owner, NULL, on_linger_done_cb, &callback_ran);
  g_task_set_task_data (task, &callback_ran, NULL);
  dnevnik_cache_worker_queue (worker, task, return_then_linger_cb);
  g_object_unref (task);
  g_object_unref (owner);

  while (g_atomic_pointer_get (&finalized_on) == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (g_atomic_pointer_get (&finalized_on) == g_thread_self ());
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/cache-worker/order", Fixture, NULL,
              fixture_set_up, test_order_one_thread, fixture_tear_down);
  g_test_add_func ("/cache-worker/order-two-producers", test_order_two_producers);
  g_test_add ("/cache-worker/shutdown-drains", Fixture, NULL,
              fixture_set_up, test_shutdown_drains, fixture_tear_down);
  g_test_add_func ("/cache-worker/released-in-context", test_released_in_context);

  return g_test_run ();
}
