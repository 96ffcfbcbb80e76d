/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <string.h>

#include "dnevnik-test-disk.h"
#include "test-cache-util.h"

/* Tests of DnevnikCache: its documents and values, and the order of its
 * FIFO worker thread.
 *
 * Each test gets its own $XDG_CACHE_HOME (G_TEST_OPTION_ISOLATE_DIRS), and
 * file tests a temporary directory of their own.  Ordering is made
 * deterministic with the job hook, which can hold the worker before a job
 * until the test has queued everything else: no test waits for time.
 */

/* Helpers: the job hook. */

typedef struct
{
  GMutex     mutex;
  GCond      cond;
  GPtrArray *threads;   /* every distinct thread that ran a job */
  GPtrArray *names;     /* job names in the order they ran */
  char      *hold_on;   /* hold before jobs of this name; NULL: any */
  gboolean   holding;
  gboolean   held;      /* the worker is waiting in the hook */
} HookState;

static void
job_hook (DnevnikCache *cache,
          const char   *job_name,
          gpointer      user_data)
{
  HookState *state = user_data;

  g_mutex_lock (&state->mutex);

  if (!g_ptr_array_find (state->threads, g_thread_self (), NULL))
    g_ptr_array_add (state->threads, g_thread_self ());
  g_ptr_array_add (state->names, g_strdup (job_name));

  if (state->holding && (state->hold_on == NULL || g_str_equal (state->hold_on, job_name)))
    {
      state->held = TRUE;
      g_cond_broadcast (&state->cond);
      while (state->holding)
        g_cond_wait (&state->cond, &state->mutex);
      state->held = FALSE;
    }

  g_mutex_unlock (&state->mutex);
}

static void
hook_init (HookState    *state,
           DnevnikCache *cache)
{
  memset (state, 0, sizeof *state);
  g_mutex_init (&state->mutex);
  g_cond_init (&state->cond);
  state->threads = g_ptr_array_new ();
  state->names = g_ptr_array_new_with_free_func (g_free);
  dnevnik_cache_set_job_hook (cache, job_hook, state);
}

static void
hook_clear (HookState *state)
{
  g_mutex_clear (&state->mutex);
  g_cond_clear (&state->cond);
  g_ptr_array_unref (state->threads);
  g_ptr_array_unref (state->names);
  g_free (state->hold_on);
}

/* From now on the worker stops before the next job named @name (any job
 * if NULL) until hook_release(). */
static void
hook_hold (HookState  *state,
           const char *name)
{
  g_mutex_lock (&state->mutex);
  g_free (state->hold_on);
  state->hold_on = g_strdup (name);
  state->holding = TRUE;
  g_mutex_unlock (&state->mutex);
}

static void
hook_wait_held (HookState *state)
{
  g_mutex_lock (&state->mutex);
  while (!state->held)
    g_cond_wait (&state->cond, &state->mutex);
  g_mutex_unlock (&state->mutex);
}

static void
hook_release (HookState *state)
{
  g_mutex_lock (&state->mutex);
  state->holding = FALSE;
  g_cond_broadcast (&state->cond);
  g_mutex_unlock (&state->mutex);
}



/* Tests. */

static const struct {
  DnevnikCacheKind  kind;
  const char       *key;
  const char       *json;
} documents[] = {
  { DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json },
  { DNEVNIK_CACHE_KIND_LINK_STATUS, NULL, link_status_json },
  { DNEVNIK_CACHE_KIND_LIBRARY, NULL, library_json },
  { DNEVNIK_CACHE_KIND_PORTFOLIO, NULL, portfolio_json },
  { DNEVNIK_CACHE_KIND_LINK_HISTORY, NULL, link_history_json },
  { DNEVNIK_CACHE_KIND_DIARY_DAY, "2026-11-23", "{\"date\": \"2026-11-23\", \"holiday\": false, \"lessons\": []}" },
  { DNEVNIK_CACHE_KIND_PERIODS, NULL, "{\"kind\": \"quarter\", \"periods\": []}" },
  { DNEVNIK_CACHE_KIND_MARKS, "2026-q2", "{\"period\": {\"id\": \"2026-q2\"}, \"subjects\": []}" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (documents) == DNEVNIK_CACHE_N_KINDS);

static void
test_roundtrip (void)
{
  g_autoptr(DnevnikCache) cache = dnevnik_cache_new (NULL);

  g_assert_cmpint (cache_open (cache), ==, DNEVNIK_CACHE_OPEN_NONE);
  g_assert_false (dnevnik_cache_get_persistent (cache));

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autofree char *absent = cache_get (cache, IVAN, documents[i].kind, documents[i].key);

      g_assert_null (absent);
      cache_put (cache, IVAN, documents[i].kind, documents[i].key, documents[i].json);
    }

  /* Each kind keeps its own document: none overwrote another. */
  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autofree char *json = cache_get (cache, IVAN, documents[i].kind, documents[i].key);

      g_assert_cmpstr (json, ==, documents[i].json);
    }

  /* A put replaces the document with the same key, and only that one. */
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_LINK_STATUS, NULL, "{\"linked\": false}");
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, "2026-11-24", "{\"date\": \"2026-11-24\"}");
  {
    g_autofree char *status = cache_get (cache, IVAN, DNEVNIK_CACHE_KIND_LINK_STATUS, NULL);
    g_autofree char *monday = cache_get (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, "2026-11-23");
    g_autofree char *tuesday = cache_get (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, "2026-11-24");
    g_autofree char *sunday = cache_get (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, "2026-11-29");

    g_assert_cmpstr (status, ==, "{\"linked\": false}");
    g_assert_cmpstr (monday, ==, documents[5].json);
    g_assert_cmpstr (tuesday, ==, "{\"date\": \"2026-11-24\"}");
    g_assert_null (sunday);
  }

  g_assert_cmpstr (dnevnik_cache_kind_to_string (DNEVNIK_CACHE_KIND_DIARY_DAY), ==, "diary_day");
}

static void
test_persist (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "dnevnik", "cache.sqlite", NULL);
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GPtrArray) days = NULL;
  DnevnikCache *cache;

  cache = dnevnik_cache_new (path);
  g_assert_cmpstr (dnevnik_cache_get_path (cache), ==, path);
  g_assert_cmpint (cache_open (cache), ==, DNEVNIK_CACHE_OPEN_NONE);
  g_assert_true (dnevnik_cache_get_persistent (cache));
  g_assert_false (dnevnik_cache_get_was_reset (cache));
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json);
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, "2026-11-23", "{\"date\": \"2026-11-23\"}");
  cache_close (cache);
  cache_destroy (cache);

  cache = dnevnik_cache_new (path);
  g_assert_cmpint (cache_open (cache), ==, DNEVNIK_CACHE_OPEN_NONE);
  {
    g_autofree char *json = cache_get (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL);

    g_assert_cmpstr (json, ==, profile_json);
  }
  days = cache_get_days (cache, IVAN, NULL, NULL);
  g_assert_cmpuint (days->len, ==, 1);
  {
    DnevnikCacheEntry *entry = g_ptr_array_index (days, 0);

    g_assert_cmpstr (entry->key, ==, "2026-11-23");
    g_assert_cmpint (entry->updated_at, >=, before);
    g_assert_cmpint (entry->updated_at, <=, g_get_real_time () / G_USEC_PER_SEC);
  }

  /* The schema version is recorded for later migrations. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *version = cache_exec (cache, "PRAGMA user_version", &error);
    g_autofree char *journal = cache_exec (cache, "PRAGMA journal_mode", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (version, ==, "1");
    g_assert_cmpstr (journal, ==, "wal");
  }

  cache_destroy (cache);
  dnevnik_test_disk_remove_tree (dir);
}

static void
test_range (void)
{
  g_autoptr(DnevnikCache) cache = dnevnik_cache_new (NULL);
  g_autoptr(GPtrArray) days = make_days ("2026-11-20", 13, "range");
  g_autoptr(GPtrArray) reversed = g_ptr_array_new ();
  g_autoptr(GPtrArray) week = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) from = NULL;
  g_autoptr(GPtrArray) to = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;

  cache_open (cache);
  /* Stored in reverse, so the order of the result is the cache's doing. */
  for (guint i = days->len; i > 0; i--)
    g_ptr_array_add (reversed, g_ptr_array_index (days, i - 1));
  g_assert_true (cache_put_many (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, reversed, &error));
  g_assert_no_error (error);

  week = cache_get_days (cache, IVAN, "2026-11-23", "2026-11-29");
  g_assert_cmpuint (week->len, ==, 7);
  for (guint i = 0; i < week->len; i++)
    {
      DnevnikCacheEntry *got = g_ptr_array_index (week, i);
      DnevnikCacheEntry *put = g_ptr_array_index (days, i + 3);

      g_assert_cmpstr (got->key, ==, put->key);
      g_assert_cmpstr (got->json, ==, put->json);
    }
  g_assert_cmpstr (((DnevnikCacheEntry *) g_ptr_array_index (week, 0))->key, ==, "2026-11-23");
  g_assert_cmpstr (((DnevnikCacheEntry *) g_ptr_array_index (week, 6))->key, ==, "2026-11-29");

  all = cache_get_days (cache, IVAN, NULL, NULL);
  g_assert_cmpuint (all->len, ==, 13);
  from = cache_get_days (cache, IVAN, "2026-11-30", NULL);
  g_assert_cmpuint (from->len, ==, 3);
  g_assert_cmpstr (((DnevnikCacheEntry *) g_ptr_array_index (from, 0))->key, ==, "2026-11-30");
  to = cache_get_days (cache, IVAN, NULL, "2026-11-21");
  g_assert_cmpuint (to->len, ==, 2);
  none = cache_get_days (cache, IVAN, "2027-01-01", "2027-01-07");
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_isolation (void)
{
  g_autoptr(DnevnikCache) cache = dnevnik_cache_new (NULL);
  g_autoptr(GPtrArray) ivan_days = make_days ("2026-11-23", 7, "ivan");

  cache_open (cache);
  cache_put_full (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, "{\"id\": \"ivan@sandbox\"}", NULL);
  cache_put_full (cache, SERVER, MARIA, DNEVNIK_CACHE_KIND_PROFILE, NULL, "{\"id\": \"maria@sandbox\"}", NULL);
  cache_put_full (cache, OTHER_SERVER, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, "{\"id\": \"ivan@other\"}", NULL);
  g_assert_true (cache_put_many (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, ivan_days, NULL));

  {
    g_autofree char *a = cache_get_full (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL);
    g_autofree char *b = cache_get_full (cache, SERVER, MARIA, DNEVNIK_CACHE_KIND_PROFILE, NULL);
    g_autofree char *c = cache_get_full (cache, OTHER_SERVER, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL);
    g_autofree char *d = cache_get_full (cache, OTHER_SERVER, MARIA, DNEVNIK_CACHE_KIND_PROFILE, NULL);
    g_autoptr(GPtrArray) maria_days = cache_get_range_full (cache, SERVER, MARIA, NULL, NULL);
    g_autoptr(GPtrArray) other_days = cache_get_range_full (cache, OTHER_SERVER, IVAN, NULL, NULL);

    g_assert_cmpstr (a, ==, "{\"id\": \"ivan@sandbox\"}");
    g_assert_cmpstr (b, ==, "{\"id\": \"maria@sandbox\"}");
    g_assert_cmpstr (c, ==, "{\"id\": \"ivan@other\"}");
    g_assert_null (d);
    g_assert_cmpuint (maria_days->len, ==, 0);
    g_assert_cmpuint (other_days->len, ==, 0);
  }

  /* Signing Иван out of one server leaves everyone else alone. */
  cache_wipe_account (cache, SERVER, IVAN);
  {
    g_autofree char *a = cache_get_full (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL);
    g_autofree char *b = cache_get_full (cache, SERVER, MARIA, DNEVNIK_CACHE_KIND_PROFILE, NULL);
    g_autofree char *c = cache_get_full (cache, OTHER_SERVER, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL);
    g_autoptr(GPtrArray) days = cache_get_range_full (cache, SERVER, IVAN, NULL, NULL);

    g_assert_null (a);
    g_assert_nonnull (b);
    g_assert_nonnull (c);
    g_assert_cmpuint (days->len, ==, 0);
  }

  cache_wipe_all (cache);
  {
    g_autofree char *b = cache_get_full (cache, SERVER, MARIA, DNEVNIK_CACHE_KIND_PROFILE, NULL);
    g_autofree char *c = cache_get_full (cache, OTHER_SERVER, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL);

    g_assert_null (b);
    g_assert_null (c);
  }
}

static char *
meta_get (DnevnikCache *cache,
          const char   *profile_id,
          const char   *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *value;

  dnevnik_cache_get_meta_async (cache, SERVER, profile_id, name, NULL, dnevnik_test_loop_result_cb, &result);
  dnevnik_test_loop_await (&result);
  value = dnevnik_cache_get_meta_finish (cache, result, &error);
  g_assert_no_error (error);

  return value;
}

static void
meta_set (DnevnikCache *cache,
          const char   *profile_id,
          const char   *name,
          const char   *value)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dnevnik_cache_set_meta_async (cache, SERVER, profile_id, name, value, NULL, dnevnik_test_loop_result_cb, &result);
  dnevnik_test_loop_await (&result);
  g_assert_true (dnevnik_cache_set_meta_finish (cache, result, &error));
  g_assert_no_error (error);
}

static void
test_meta (void)
{
  g_autoptr(DnevnikCache) cache = dnevnik_cache_new (NULL);

  cache_open (cache);
  g_assert_null (meta_get (cache, IVAN, "synced-through"));
  meta_set (cache, IVAN, "synced-through", "2026-10-31");
  meta_set (cache, IVAN, "synced-through", "2026-11-30");
  meta_set (cache, MARIA, "synced-through", "2026-09-30");
  {
    g_autofree char *ivan = meta_get (cache, IVAN, "synced-through");
    g_autofree char *maria = meta_get (cache, MARIA, "synced-through");

    g_assert_cmpstr (ivan, ==, "2026-11-30");
    g_assert_cmpstr (maria, ==, "2026-09-30");
  }

  cache_wipe_account (cache, SERVER, IVAN);
  {
    g_autofree char *ivan = meta_get (cache, IVAN, "synced-through");
    g_autofree char *maria = meta_get (cache, MARIA, "synced-through");

    g_assert_null (ivan);
    g_assert_cmpstr (maria, ==, "2026-09-30");
  }
}

typedef struct
{
  GArray *order;     /* indices of the puts, in the order they completed */
  guint   n_failed;
} PutLog;

typedef struct
{
  PutLog *log;
  guint   index;
} PutTag;

static void
on_logged_put_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PutTag *tag = user_data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_cache_put_finish (DNEVNIK_CACHE (source), result, &error))
    tag->log->n_failed++;
  g_array_append_val (tag->log->order, tag->index);
  g_free (tag);
}

static void
queue_logged_put (DnevnikCache *cache,
                  PutLog       *log,
                  guint         index,
                  const char   *key)
{
  PutTag *tag = g_new0 (PutTag, 1);
  g_autofree char *json = day_json (key, "fifo");

  tag->log = log;
  tag->index = index;
  dnevnik_cache_put_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, key, json,
                           NULL, on_logged_put_cb, tag);
}

/* A sign-out wipe queued behind pending writes runs after them, so none of
 * them can bring the student's data back. */
static void
test_fifo (void)
{
  g_autoptr(DnevnikCache) cache = dnevnik_cache_new (NULL);
  g_autoptr(GPtrArray) days = make_days ("2026-09-01", 50, "fifo");
  g_autoptr(GAsyncResult) wipe = NULL;
  g_autoptr(GAsyncResult) get = NULL;
  g_autoptr(GAsyncResult) range = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  PutLog log = { g_array_new (FALSE, FALSE, sizeof (guint)), 0 };
  HookState hook;

  hook_init (&hook, cache);
  cache_open (cache);

  /* Nothing runs until everything is queued. */
  hook_hold (&hook, NULL);
  for (guint i = 0; i < days->len; i++)
    queue_logged_put (cache, &log, i, ((DnevnikCacheEntry *) g_ptr_array_index (days, i))->key);
  dnevnik_cache_wipe_account_async (cache, SERVER, IVAN, NULL, dnevnik_test_loop_result_cb, &wipe);
  dnevnik_cache_get_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, "2026-09-01",
                           NULL, dnevnik_test_loop_result_cb, &get);
  dnevnik_cache_get_range_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, NULL, NULL,
                                 NULL, dnevnik_test_loop_result_cb, &range);
  hook_wait_held (&hook);
  hook_release (&hook);

  dnevnik_test_loop_await (&range);
  dnevnik_test_loop_await (&wipe);
  dnevnik_test_loop_await (&get);
  g_assert_true (dnevnik_cache_wipe_account_finish (cache, wipe, &error));
  g_assert_no_error (error);
  json = dnevnik_cache_get_finish (cache, get, &error);
  g_assert_no_error (error);
  g_assert_null (json);
  left = dnevnik_cache_get_range_finish (cache, range, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 0);

  /* The worker took the jobs in the order they were queued, and every put
   * completed before the wipe did. */
  g_assert_cmpuint (log.order->len, ==, days->len);
  g_assert_cmpuint (log.n_failed, ==, 0);
  for (guint i = 0; i < log.order->len; i++)
    g_assert_cmpuint (g_array_index (log.order, guint, i), ==, i);
  g_assert_cmpuint (hook.names->len, ==, 1 + days->len + 3);
  g_assert_cmpstr (g_ptr_array_index (hook.names, 0), ==, "open");
  for (guint i = 1; i <= days->len; i++)
    g_assert_cmpstr (g_ptr_array_index (hook.names, i), ==, "put");
  g_assert_cmpstr (g_ptr_array_index (hook.names, days->len + 1), ==, "wipe-account");
  g_assert_cmpstr (g_ptr_array_index (hook.names, days->len + 2), ==, "get");
  g_assert_cmpstr (g_ptr_array_index (hook.names, days->len + 3), ==, "get-range");

  dnevnik_cache_set_job_hook (cache, NULL, NULL);
  hook_clear (&hook);
  g_array_unref (log.order);
}

typedef struct
{
  DnevnikCache *cache;
  HookState    *hook;
  GMutex        mutex;
  GCond         cond;
  gboolean      queued;
  GMainContext *context;
  GThread      *callback_thread;
  GMainContext *callback_context;
  gboolean      done;
  gboolean      ok;
} ThreadPut;

static void
on_thread_put_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ThreadPut *tp = user_data;

  tp->callback_thread = g_thread_self ();
  tp->callback_context = g_main_context_get_thread_default ();
  tp->ok = dnevnik_cache_put_finish (DNEVNIK_CACHE (source), result, NULL);
  tp->done = TRUE;
}

static gpointer
thread_put_main (gpointer data)
{
  ThreadPut *tp = data;

  tp->context = g_main_context_new ();
  g_main_context_push_thread_default (tp->context);

  dnevnik_cache_put_async (tp->cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json,
                           NULL, on_thread_put_cb, tp);

  g_mutex_lock (&tp->mutex);
  tp->queued = TRUE;
  g_cond_signal (&tp->cond);
  g_mutex_unlock (&tp->mutex);

  while (!tp->done)
    g_main_context_iteration (tp->context, TRUE);

  g_main_context_pop_thread_default (tp->context);
  return NULL;
}

/* A put queued by another thread, then a wipe by the main thread: the wipe
 * runs second, and each caller gets its result on its own context. */
static void
test_fifo_threads (void)
{
  g_autoptr(DnevnikCache) cache = dnevnik_cache_new (NULL);
  g_autoptr(GAsyncResult) wipe = NULL;
  g_autofree char *json = NULL;
  ThreadPut tp = { 0 };
  HookState hook;
  GThread *thread;

  hook_init (&hook, cache);
  cache_open (cache);

  tp.cache = cache;
  tp.hook = &hook;
  g_mutex_init (&tp.mutex);
  g_cond_init (&tp.cond);

  hook_hold (&hook, NULL);
  thread = g_thread_new ("test-put", thread_put_main, &tp);
  g_mutex_lock (&tp.mutex);
  while (!tp.queued)
    g_cond_wait (&tp.cond, &tp.mutex);
  g_mutex_unlock (&tp.mutex);

  dnevnik_cache_wipe_account_async (cache, SERVER, IVAN, NULL, dnevnik_test_loop_result_cb, &wipe);
  hook_release (&hook);

  dnevnik_test_loop_await (&wipe);
  g_assert_true (dnevnik_cache_wipe_account_finish (cache, wipe, NULL));
  g_thread_join (thread);

  g_assert_true (tp.ok);
  g_assert_true (tp.callback_thread == thread);
  g_assert_true (tp.callback_context == tp.context);

  json = cache_get (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL);
  g_assert_null (json);

  dnevnik_cache_set_job_hook (cache, NULL, NULL);
  hook_clear (&hook);
  g_main_context_unref (tp.context);
  g_mutex_clear (&tp.mutex);
  g_cond_clear (&tp.cond);
}

static void
test_worker_thread (CacheFileFixture *fixture,
                    gconstpointer     data)
{
  g_autoptr(GPtrArray) days = make_days ("2026-09-01", 30, "thread");
  DnevnikCache *cache = dnevnik_cache_new (fixture->path);
  g_autofree char *json = NULL;
  HookState hook;

  hook_init (&hook, cache);
  cache_open (cache);
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json);
  g_assert_true (cache_put_many (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, days, NULL));
  json = cache_get (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL);
  cache_wipe_account (cache, SERVER, IVAN);
  cache_close (cache);
  cache_destroy (cache);

  /* One thread ran every job, and it is not the main thread. */
  g_assert_cmpuint (hook.names->len, ==, 6);
  g_assert_cmpuint (hook.threads->len, ==, 1);
  g_assert_true (g_ptr_array_index (hook.threads, 0) != g_thread_self ());

  hook_clear (&hook);
}

/* "Don't remember me": nothing of the student reaches the disk. */

static void
on_counted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  guint *count = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (dnevnik_cache_put_finish (DNEVNIK_CACHE (source), result, &error));
  g_assert_no_error (error);
  (*count)++;
}

static void
assert_days_on_disk (const char *path,
                     guint       n_days)
{
  DnevnikCache *cache = dnevnik_cache_new (path);
  g_autoptr(GPtrArray) days = NULL;

  g_assert_cmpint (cache_open (cache), ==, DNEVNIK_CACHE_OPEN_NONE);
  days = cache_get_days (cache, IVAN, NULL, NULL);
  g_assert_cmpuint (days->len, ==, n_days);
  cache_destroy (cache);
}

/* Close and dispose wait for the writes queued before them. */
static void
test_close_drains (CacheFileFixture *fixture,
                   gconstpointer     data)
{
  g_autoptr(GPtrArray) days = make_days ("2026-09-01", 100, "drain");
  g_autoptr(GAsyncResult) closed = NULL;
  g_autoptr(GAsyncResult) late = NULL;
  g_autoptr(GError) error = NULL;
  DnevnikCache *cache = dnevnik_cache_new (fixture->path);
  guint n_done = 0;

  dnevnik_cache_open_async (cache, NULL, NULL, NULL);
  for (guint i = 0; i < days->len; i++)
    {
      DnevnikCacheEntry *day = g_ptr_array_index (days, i);

      dnevnik_cache_put_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, day->key, day->json,
                               NULL, on_counted_cb, &n_done);
    }
  dnevnik_cache_close_async (cache, NULL, dnevnik_test_loop_result_cb, &closed);
  dnevnik_cache_put_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json,
                           NULL, dnevnik_test_loop_result_cb, &late);

  dnevnik_test_loop_await (&closed);
  g_assert_cmpuint (n_done, ==, 100);
  g_assert_true (dnevnik_cache_close_finish (cache, closed, &error));
  g_assert_no_error (error);

  /* After the close: refused, not lost silently. */
  dnevnik_test_loop_await (&late);
  g_assert_false (dnevnik_cache_put_finish (cache, late, &error));
  g_assert_error (error, DNEVNIK_CACHE_ERROR, DNEVNIK_CACHE_ERROR_CLOSED);
  g_clear_error (&error);
  /* The results hold the cache through their tasks. */
  g_clear_object (&closed);
  g_clear_object (&late);
  cache_destroy (cache);

  assert_days_on_disk (fixture->path, 100);

  /* Fire and forget, then drop the cache: dispose drains the queue. */
  dnevnik_test_disk_remove_tree (fixture->dir);
  cache = dnevnik_cache_new (fixture->path);
  dnevnik_cache_open_async (cache, NULL, NULL, NULL);
  for (guint i = 0; i < 50; i++)
    {
      DnevnikCacheEntry *day = g_ptr_array_index (days, i);

      dnevnik_cache_put_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, day->key, day->json,
                               NULL, NULL, NULL);
    }
  cache_destroy (cache);
  assert_days_on_disk (fixture->path, 50);
}

static void
test_closed (void)
{
  g_autoptr(DnevnikCache) cache = dnevnik_cache_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  /* Before an open, jobs fail cleanly. */
  g_assert_false (cache_put_full (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json, &error));
  g_assert_error (error, DNEVNIK_CACHE_ERROR, DNEVNIK_CACHE_ERROR_CLOSED);
  g_clear_error (&error);

  /* Open, close and open again: a new, empty memory database. */
  cache_open (cache);
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json);
  cache_close (cache);
  cache_close (cache);
  cache_open (cache);
  json = cache_get (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL);
  g_assert_null (json);
}

static void
test_cancel (void)
{
  g_autoptr(DnevnikCache) cache = dnevnik_cache_new (NULL);
  g_autoptr(GCancellable) before = g_cancellable_new ();
  g_autoptr(GCancellable) after = g_cancellable_new ();
  g_autoptr(GCancellable) get_cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) put_before = NULL;
  g_autoptr(GAsyncResult) put_after = NULL;
  g_autoptr(GAsyncResult) put_other = NULL;
  g_autoptr(GAsyncResult) get = NULL;
  g_autoptr(GAsyncResult) get_after = NULL;
  g_autoptr(GError) error = NULL;
  HookState hook;

  hook_init (&hook, cache);
  cache_open (cache);

  /* Cancelled while queued: it does not run, the next job does. */
  hook_hold (&hook, NULL);
  dnevnik_cache_put_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json,
                           before, dnevnik_test_loop_result_cb, &put_before);
  dnevnik_cache_put_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_LIBRARY, NULL, library_json,
                           NULL, dnevnik_test_loop_result_cb, &put_other);
  g_cancellable_cancel (before);
  hook_release (&hook);

  /* A cancelled GTask completes one idle later: wait for each. */
  dnevnik_test_loop_await (&put_other);
  dnevnik_test_loop_await (&put_before);
  g_assert_false (dnevnik_cache_put_finish (cache, put_before, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (dnevnik_cache_put_finish (cache, put_other, &error));
  g_assert_no_error (error);
  {
    g_autofree char *profile = cache_get (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL);
    g_autofree char *library = cache_get (cache, IVAN, DNEVNIK_CACHE_KIND_LIBRARY, NULL);

    g_assert_null (profile);
    g_assert_cmpstr (library, ==, library_json);
  }

  /* Cancelled after it ran, before its result came back: the result is
   * dropped (the write itself stays, as it was done). */
  hook_hold (&hook, "exec");
  dnevnik_cache_put_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_PORTFOLIO, NULL, portfolio_json,
                           after, dnevnik_test_loop_result_cb, &put_after);
  dnevnik_cache_get_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_LIBRARY, NULL,
                           get_cancellable, dnevnik_test_loop_result_cb, &get);
  dnevnik_cache_exec_async (cache, "SELECT 1", NULL, NULL, NULL);
  hook_wait_held (&hook);
  g_cancellable_cancel (after);
  g_cancellable_cancel (get_cancellable);
  hook_release (&hook);

  dnevnik_test_loop_await (&get);
  dnevnik_test_loop_await (&put_after);
  g_assert_false (dnevnik_cache_put_finish (cache, put_after, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_null (dnevnik_cache_get_finish (cache, get, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  dnevnik_cache_get_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_PORTFOLIO, NULL,
                           NULL, dnevnik_test_loop_result_cb, &get_after);
  dnevnik_test_loop_await (&get_after);
  {
    g_autofree char *portfolio = dnevnik_cache_get_finish (cache, get_after, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (portfolio, ==, portfolio_json);
  }

  dnevnik_cache_set_job_hook (cache, NULL, NULL);
  hook_clear (&hook);
}

/* A signed-out student's data does not linger in free pages or the WAL. */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cache/roundtrip", test_roundtrip);
  g_test_add_func ("/cache/persist", test_persist);
  g_test_add_func ("/cache/range", test_range);
  g_test_add_func ("/cache/isolation", test_isolation);
  g_test_add_func ("/cache/meta", test_meta);
  g_test_add_func ("/cache/fifo", test_fifo);
  g_test_add_func ("/cache/fifo-threads", test_fifo_threads);
  cache_file_test_add ("/cache/worker-thread", test_worker_thread);
  cache_file_test_add ("/cache/close-drains", test_close_drains);
  g_test_add_func ("/cache/closed", test_closed);
  g_test_add_func ("/cache/cancel", test_cancel);

  return g_test_run ();
}
