/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "dnevnik-test-sandbox.h"
#include "dnevnik-cache-private.h"

/* Tests of DnevnikCache: the offline copy on its FIFO worker thread.
 *
 * Each test gets its own $XDG_CACHE_HOME (G_TEST_OPTION_ISOLATE_DIRS), and
 * file tests a temporary directory of their own.  Ordering is made
 * deterministic with the job hook, which can hold the worker before a job
 * until the test has queued everything else: no test waits for time.
 */

#define SERVER "http://127.0.0.1:8080"
#define OTHER_SERVER "https://dnevnik.example.org"
#define IVAN "1001"
#define MARIA "1002"
#define NOBODY_ID 65534

static const char profile_json[] =
  "{\"id\": \"1001\", \"login\": \"ivan\", \"first_name\": \"Иван\", \"last_name\": \"Петров\","
  " \"middle_name\": \"Сергеевич\", \"school\": \"ГБОУ Школа № 1535\", \"class_name\": \"8 «Б»\"}";
static const char link_status_json[] =
  "{\"linked\": true, \"account_id\": \"7003921845\", \"phone_masked\": \"+7 916 ***-**-67\","
  " \"linked_at\": \"2026-09-01T10:15:00+03:00\", \"profile_url\": \"https://max.ru/sferum/profile/7003921845\"}";
static const char library_json[] =
  "{\"items\": [{\"id\": \"b1\", \"title\": \"Физика. 8 класс\", \"subject\": \"Физика\","
  " \"kind\": \"textbook\", \"url\": \"https://example.org/b1\"}]}";
static const char portfolio_json[] =
  "{\"achievements\": [{\"id\": \"a1\", \"title\": \"Олимпиада по математике\", \"date\": \"2026-03-14\","
  " \"level\": \"regional\", \"kind\": \"olympiad\"}]}";
static const char link_history_json[] =
  "{\"events\": [{\"kind\": \"linked\", \"at\": \"2026-09-01T10:15:00+03:00\", \"account_id\": \"7003921845\"}]}";

/* Helpers: waiting for results. */

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

/* Iterates the main context until @slot holds a result. */
static void
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static DnevnikCacheOpenFlags
cache_open (DnevnikCache *cache)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DnevnikCacheOpenFlags flags = 0xff;

  dnevnik_cache_open_async (cache, NULL, on_result_cb, &result);
  wait_for (&result);
  g_assert_true (dnevnik_cache_open_finish (cache, result, &flags, &error));
  g_assert_no_error (error);

  return flags;
}

static gboolean
cache_put_full (DnevnikCache      *cache,
                const char        *server,
                const char        *profile_id,
                DnevnikCacheKind   kind,
                const char        *key,
                const char        *json,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_cache_put_async (cache, server, profile_id, kind, key, json, NULL, on_result_cb, &result);
  wait_for (&result);

  return dnevnik_cache_put_finish (cache, result, error);
}

static void
cache_put (DnevnikCache     *cache,
           const char       *profile_id,
           DnevnikCacheKind  kind,
           const char       *key,
           const char       *json)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cache_put_full (cache, SERVER, profile_id, kind, key, json, &error));
  g_assert_no_error (error);
}

static gboolean
cache_put_many (DnevnikCache      *cache,
                const char        *profile_id,
                DnevnikCacheKind   kind,
                GPtrArray         *entries,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_cache_put_many_async (cache, SERVER, profile_id, kind, entries, NULL, on_result_cb, &result);
  wait_for (&result);

  return dnevnik_cache_put_many_finish (cache, result, error);
}

static char *
cache_get_full (DnevnikCache     *cache,
                const char       *server,
                const char       *profile_id,
                DnevnikCacheKind  kind,
                const char       *key)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *json;

  dnevnik_cache_get_async (cache, server, profile_id, kind, key, NULL, on_result_cb, &result);
  wait_for (&result);
  json = dnevnik_cache_get_finish (cache, result, &error);
  g_assert_no_error (error);

  return json;
}

static char *
cache_get (DnevnikCache     *cache,
           const char       *profile_id,
           DnevnikCacheKind  kind,
           const char       *key)
{
  return cache_get_full (cache, SERVER, profile_id, kind, key);
}

static GPtrArray *
cache_get_range_full (DnevnikCache *cache,
                      const char   *server,
                      const char   *profile_id,
                      const char   *from,
                      const char   *to)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  dnevnik_cache_get_range_async (cache, server, profile_id, DNEVNIK_CACHE_KIND_DIARY_DAY,
                                 from, to, NULL, on_result_cb, &result);
  wait_for (&result);
  entries = dnevnik_cache_get_range_finish (cache, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entries);

  return entries;
}

static GPtrArray *
cache_get_days (DnevnikCache *cache,
                const char   *profile_id,
                const char   *from,
                const char   *to)
{
  return cache_get_range_full (cache, SERVER, profile_id, from, to);
}

static void
cache_wipe_account (DnevnikCache *cache,
                    const char   *server,
                    const char   *profile_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dnevnik_cache_wipe_account_async (cache, server, profile_id, NULL, on_result_cb, &result);
  wait_for (&result);
  g_assert_true (dnevnik_cache_wipe_account_finish (cache, result, &error));
  g_assert_no_error (error);
}

static void
cache_wipe_all (DnevnikCache *cache)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dnevnik_cache_wipe_all_async (cache, NULL, on_result_cb, &result);
  wait_for (&result);
  g_assert_true (dnevnik_cache_wipe_all_finish (cache, result, &error));
  g_assert_no_error (error);
}

static void
cache_close (DnevnikCache *cache)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dnevnik_cache_close_async (cache, NULL, on_result_cb, &result);
  wait_for (&result);
  g_assert_true (dnevnik_cache_close_finish (cache, result, &error));
  g_assert_no_error (error);
}

static char *
cache_exec (DnevnikCache  *cache,
            const char    *sql,
            GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_cache_exec_async (cache, sql, NULL, on_result_cb, &result);
  wait_for (&result);

  return dnevnik_cache_exec_finish (cache, result, error);
}

/* Drops the cache and waits until it is finalized, i.e. its thread joined. */
static void
cache_destroy (DnevnikCache *cache)
{
  g_object_add_weak_pointer (G_OBJECT (cache), (gpointer *) &cache);
  g_object_unref (cache);
  while (cache != NULL)
    g_main_context_iteration (NULL, TRUE);
}

static char *
day_key (GDate *date)
{
  char buffer[16];

  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", date);
  return g_strdup (buffer);
}

static char *
day_json (const char *date,
          const char *marker)
{
  return g_strdup_printf ("{\"date\": \"%s\", \"holiday\": false, \"lessons\": [{\"id\": \"l-%s-1\","
                          " \"number\": 1, \"subject\": \"Алгебра\", \"start_time\": \"08:30\","
                          " \"end_time\": \"09:15\", \"room\": \"204\", \"teacher\": \"Иванова Анна Павловна\","
                          " \"homework\": [\"%s\"], \"marks\": []}]}",
                          date, date, marker);
}

/* @n_days diary days from @first (YYYY-MM-DD), with @marker in each. */
static GPtrArray *
make_days (const char *first,
           guint       n_days,
           const char *marker)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) dnevnik_cache_entry_free);
  g_autoptr(GDate) date = g_date_new ();

  g_date_set_parse (date, first);
  g_assert_true (g_date_valid (date));

  for (guint i = 0; i < n_days; i++)
    {
      g_autofree char *key = day_key (date);
      g_autofree char *json = day_json (key, marker);

      g_ptr_array_add (entries, dnevnik_cache_entry_new (key, json));
      g_date_add_days (date, 1);
    }

  return entries;
}

/* Helpers: files. */

static void
rm_rf (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("dnevnik-cache-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every name under @dir, relative, sorted, one a line. */
static char *
list_tree (const char *dir)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  g_ptr_array_add (todo, g_strdup (""));
  while (todo->len > 0)
    {
      g_autofree char *rel = g_ptr_array_steal_index (todo, todo->len - 1);
      g_autofree char *abs = g_build_filename (dir, rel, NULL);
      g_autoptr(GDir) d = g_dir_open (abs, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          char *child = *rel != '\0' ? g_build_filename (rel, name, NULL) : g_strdup (name);
          g_autofree char *child_abs = g_build_filename (dir, child, NULL);

          if (g_file_test (child_abs, G_FILE_TEST_IS_DIR))
            g_ptr_array_add (todo, g_strdup (child));
          g_ptr_array_add (names, child);
        }
    }

  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (names, i));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
contains_bytes (const char *haystack,
                gsize       length,
                const char *needle)
{
  gsize needle_length = strlen (needle);

  for (gsize i = 0; i + needle_length <= length; i++)
    {
      if (memcmp (haystack + i, needle, needle_length) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Whether @needle occurs in the bytes of any file in @dir. */
static gboolean
dir_contains_bytes (const char *dir,
                    const char *needle)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      if (contains_bytes (contents, length, needle))
        return TRUE;
    }

  return FALSE;
}

static char *
find_aside_copy (const char *dir,
                 const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (g_str_has_prefix (name, "cache.sqlite.corrupt-") && g_str_has_suffix (name, suffix) &&
          (*suffix != '\0' || (!g_str_has_suffix (name, "-wal") && !g_str_has_suffix (name, "-shm"))))
        return g_build_filename (dir, name, NULL);
    }

  return NULL;
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

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
  rm_rf (dir);
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

  dnevnik_cache_get_meta_async (cache, SERVER, profile_id, name, NULL, on_result_cb, &result);
  wait_for (&result);
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

  dnevnik_cache_set_meta_async (cache, SERVER, profile_id, name, value, NULL, on_result_cb, &result);
  wait_for (&result);
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
  dnevnik_cache_wipe_account_async (cache, SERVER, IVAN, NULL, on_result_cb, &wipe);
  dnevnik_cache_get_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, "2026-09-01",
                           NULL, on_result_cb, &get);
  dnevnik_cache_get_range_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, NULL, NULL,
                                 NULL, on_result_cb, &range);
  hook_wait_held (&hook);
  hook_release (&hook);

  wait_for (&range);
  wait_for (&wipe);
  wait_for (&get);
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

  dnevnik_cache_wipe_account_async (cache, SERVER, IVAN, NULL, on_result_cb, &wipe);
  hook_release (&hook);

  wait_for (&wipe);
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
test_worker_thread (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "cache.sqlite", NULL);
  g_autoptr(GPtrArray) days = make_days ("2026-09-01", 30, "thread");
  DnevnikCache *cache = dnevnik_cache_new (path);
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
  rm_rf (dir);
}

/* "Don't remember me": nothing of the student reaches the disk. */
static void
test_memory_no_files (void)
{
  const char *cache_home = g_get_user_cache_dir ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) year = make_days ("2026-09-01", 273, "memory");
  DnevnikCache *cache;

  g_mkdir_with_parents (cache_home, 0700);
  before = list_tree (cache_home);

  cache = dnevnik_cache_new (NULL);
  g_assert_cmpint (cache_open (cache), ==, DNEVNIK_CACHE_OPEN_NONE);
  g_assert_false (dnevnik_cache_get_persistent (cache));
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json);
  g_assert_true (cache_put_many (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, year, NULL));
  {
    g_autoptr(GPtrArray) days = cache_get_days (cache, IVAN, NULL, NULL);

    g_assert_cmpuint (days->len, ==, 273);
  }
  cache_wipe_all (cache);
  cache_close (cache);
  cache_destroy (cache);

  after = list_tree (cache_home);
  g_assert_cmpstr (after, ==, before);
  g_assert_null (strstr (after, "dnevnik"));

  /* The same use with the default file does write there: the listing can
   * see a cache. */
  {
    g_autofree char *default_path = dnevnik_cache_get_default_path ();
    g_autofree char *listing = NULL;

    cache = dnevnik_cache_new (default_path);
    cache_open (cache);
    g_assert_true (dnevnik_cache_get_persistent (cache));
    cache_close (cache);
    cache_destroy (cache);
    listing = list_tree (cache_home);
    g_assert_nonnull (strstr (listing, "dnevnik/cache.sqlite"));
    rm_rf (default_path);
  }
}

static void
test_file_modes (void)
{
  g_autofree char *path = dnevnik_cache_get_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  DnevnikCache *cache;
  mode_t old_umask;

  g_assert_true (g_str_has_prefix (path, g_get_user_cache_dir ()));
  g_assert_true (g_str_has_suffix (path, "/dnevnik/cache.sqlite"));

  /* With no umask at all, whatever the cache does not restrict itself
   * would come out world-readable. */
  old_umask = umask (0);

  cache = dnevnik_cache_new (path);
  cache_open (cache);
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (file_mode (dir), ==, 0700);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_cmpuint (file_mode (wal), ==, 0600);
  g_assert_cmpuint (file_mode (shm), ==, 0600);
  cache_close (cache);
  cache_destroy (cache);

  /* Loose modes left by someone else are tightened on the next open. */
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  cache = dnevnik_cache_new (path);
  cache_open (cache);
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json);
  g_assert_cmpuint (file_mode (dir), ==, 0700);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_cmpuint (file_mode (wal), ==, 0600);
  g_assert_cmpuint (file_mode (shm), ==, 0600);
  cache_close (cache);
  cache_destroy (cache);

  umask (old_umask);
  rm_rf (dir);
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

/* Opens @path, which must be found damaged: moved aside, reported, and
 * replaced by a working cache.  Returns the moved copy. */
static char *
assert_reset_and_working (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  DnevnikCache *cache = dnevnik_cache_new (path);
  char *aside;
  guint notified = 0;

  g_signal_connect (cache, "notify::was-reset", G_CALLBACK (on_notify_cb), &notified);
  g_assert_cmpint (cache_open (cache), ==, DNEVNIK_CACHE_OPEN_RESET);
  g_assert_true (dnevnik_cache_get_was_reset (cache));
  g_assert_true (dnevnik_cache_get_persistent (cache));
  g_assert_cmpuint (notified, ==, 1);

  aside = find_aside_copy (dir, "");
  g_assert_nonnull (aside);

  /* It works, and keeps what it is given. */
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json);
  cache_close (cache);
  cache_destroy (cache);

  cache = dnevnik_cache_new (path);
  g_assert_cmpint (cache_open (cache), ==, DNEVNIK_CACHE_OPEN_NONE);
  g_assert_false (dnevnik_cache_get_was_reset (cache));
  {
    g_autofree char *json = cache_get (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL);

    g_assert_cmpstr (json, ==, profile_json);
  }
  cache_destroy (cache);

  return aside;
}

static void
test_corrupt_random (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "cache.sqlite", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *aside = NULL;
  g_autofree char *moved = NULL;
  g_autofree guint8 *garbage = g_malloc (64 * 1024);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);
  g_autoptr(GError) error = NULL;
  gsize length;

  for (gsize i = 0; i < 64 * 1024; i++)
    garbage[i] = g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (path, (char *) garbage, 64 * 1024, &error));
  /* A stray WAL beside it must not be replayed into the new database
   * (SQLite itself drops this one, it is not valid). */
  g_assert_true (g_file_set_contents (wal, (char *) garbage, 4096, &error));

  aside = assert_reset_and_working (path);
  g_assert_true (g_file_get_contents (aside, &moved, &length, &error));
  g_assert_cmpmem (moved, length, garbage, 64 * 1024);

  rm_rf (dir);
}

static void
test_corrupt_truncated (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "cache.sqlite", NULL);
  g_autofree char *aside = NULL;
  g_autoptr(GPtrArray) year = make_days ("2026-09-01", 200, "truncated");
  DnevnikCache *cache = dnevnik_cache_new (path);
  GStatBuf st;
  goffset cut;

  cache_open (cache);
  g_assert_true (cache_put_many (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, year, NULL));
  cache_close (cache);
  cache_destroy (cache);

  /* Closed cleanly: everything is in the main file, which spans many pages. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 16 * 4096);
  cut = (st.st_size / 4096 / 2) * 4096 + 1000;
  g_assert_cmpint (truncate (path, cut), ==, 0);

  aside = assert_reset_and_working (path);
  g_assert_cmpint (g_stat (aside, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, cut);

  rm_rf (dir);
}

/* A page in the middle overwritten: the size is right, the content not. */
static void
test_corrupt_damaged_page (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "cache.sqlite", NULL);
  g_autofree char *aside = NULL;
  g_autoptr(GPtrArray) year = make_days ("2026-09-01", 200, "damaged");
  DnevnikCache *cache = dnevnik_cache_new (path);
  guint8 scribble[512];
  FILE *file;

  cache_open (cache);
  g_assert_true (cache_put_many (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, year, NULL));
  cache_close (cache);
  cache_destroy (cache);

  memset (scribble, 0xa5, sizeof scribble);
  file = g_fopen (path, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, 10 * 4096 + 8, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (scribble, 1, sizeof scribble, file), ==, sizeof scribble);
  g_assert_cmpint (fclose (file), ==, 0);

  aside = assert_reset_and_working (path);

  rm_rf (dir);
}

/* Writes an SQLite database that is not ours, with @sql. */
static void
write_foreign_database (const char *path,
                        const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
test_corrupt_newer_version (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "cache.sqlite", NULL);
  g_autofree char *aside = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  write_foreign_database (path,
                          "CREATE TABLE documents (id INTEGER PRIMARY KEY, body BLOB);"
                          "PRAGMA user_version = 99;");

  aside = assert_reset_and_working (path);

  /* The copy moved aside is the newer database, untouched. */
  g_assert_cmpint (sqlite3_open_v2 (aside, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 99);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  rm_rf (dir);
}

/* A valid SQLite file whose tables clash with ours cannot be migrated. */
static void
test_corrupt_foreign (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "cache.sqlite", NULL);
  g_autofree char *aside = NULL;

  write_foreign_database (path, "CREATE TABLE documents (id INTEGER PRIMARY KEY, body BLOB);");
  aside = assert_reset_and_working (path);

  rm_rf (dir);
}

/* Becomes nobody when root, where file modes stop nothing. */
static void
drop_privileges (void)
{
  if (getuid () != 0)
    return;

  g_assert_cmpint (setgroups (0, NULL), ==, 0);
  g_assert_cmpint (setgid (NOBODY_ID), ==, 0);
  g_assert_cmpint (setuid (NOBODY_ID), ==, 0);
  g_assert_cmpint (getuid (), ==, NOBODY_ID);
}

static void
check_unwritable_as_child (const char *base)
{
  g_autofree char *ro_dir = g_build_filename (base, "read-only", NULL);
  g_autofree char *missing = g_build_filename (ro_dir, "dnevnik", "cache.sqlite", NULL);
  g_autofree char *ro_file = g_build_filename (ro_dir, "cache.sqlite", NULL);
  g_autofree char *own_dir = g_build_filename (base, "own", NULL);
  g_autofree char *unreadable = g_build_filename (own_dir, "cache.sqlite", NULL);
  g_autofree char *listing_before = list_tree (ro_dir);
  g_autofree char *listing_after = NULL;
  g_autofree char *contents = NULL;
  DnevnikCache *cache;

  if (access (ro_dir, W_OK) == 0 || g_file_get_contents (ro_file, &contents, NULL, NULL))
    {
      g_test_skip ("Cannot make a directory unwritable here");
      return;
    }

  /* A directory that cannot be created: memory, reported, working. */
  cache = dnevnik_cache_new (missing);
  g_assert_cmpint (cache_open (cache), ==, DNEVNIK_CACHE_OPEN_MEMORY_FALLBACK);
  g_assert_false (dnevnik_cache_get_persistent (cache));
  g_assert_false (dnevnik_cache_get_was_reset (cache));
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json);
  {
    g_autofree char *json = cache_get (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL);

    g_assert_cmpstr (json, ==, profile_json);
  }
  cache_destroy (cache);

  /* An unreadable file in a directory we may not change: it stays as it
   * is (a later session may read it again), and memory serves. */
  cache = dnevnik_cache_new (ro_file);
  g_assert_cmpint (cache_open (cache), ==, DNEVNIK_CACHE_OPEN_MEMORY_FALLBACK);
  g_assert_false (dnevnik_cache_get_persistent (cache));
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json);
  cache_destroy (cache);

  listing_after = list_tree (ro_dir);
  g_assert_cmpstr (listing_after, ==, listing_before);

  /* An unreadable file in our own directory is moved aside. */
  cache = dnevnik_cache_new (unreadable);
  g_assert_cmpint (cache_open (cache), ==, DNEVNIK_CACHE_OPEN_RESET);
  g_assert_true (dnevnik_cache_get_persistent (cache));
  g_assert_true (dnevnik_cache_get_was_reset (cache));
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json);
  cache_close (cache);
  cache_destroy (cache);
}

static void
test_unwritable (void)
{
  g_autofree char *base = NULL;
  g_autofree char *ro_dir = NULL;
  g_autofree char *ro_file = NULL;
  g_autofree char *own_dir = NULL;
  g_autofree char *own_file = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gboolean root = getuid () == 0;

  if (g_test_subprocess ())
    {
      drop_privileges ();
      check_unwritable_as_child (g_getenv ("DNEVNIK_TEST_UNWRITABLE_DIR"));
      return;
    }

  /* Laid out by the parent (root in CI); the child checks it as nobody. */
  base = make_tmp_dir ();
  ro_dir = g_build_filename (base, "read-only", NULL);
  ro_file = g_build_filename (ro_dir, "cache.sqlite", NULL);
  own_dir = g_build_filename (base, "own", NULL);
  own_file = g_build_filename (own_dir, "cache.sqlite", NULL);

  g_assert_cmpint (g_mkdir (ro_dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (own_dir, 0755), ==, 0);
  write_foreign_database (ro_file, "PRAGMA user_version = 1;");
  write_foreign_database (own_file, "PRAGMA user_version = 1;");
  g_assert_cmpint (g_chmod (ro_file, root ? 0600 : 0000), ==, 0);
  g_assert_cmpint (g_chmod (own_file, root ? 0600 : 0000), ==, 0);
  if (root)
    g_assert_cmpint (chown (own_dir, NOBODY_ID, NOBODY_ID), ==, 0);
  else
    g_assert_cmpint (g_chmod (ro_dir, 0555), ==, 0);
  g_assert_cmpint (g_chmod (base, 0755), ==, 0);

  g_setenv ("DNEVNIK_TEST_UNWRITABLE_DIR", base, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  /* The file the child could not touch is still there, unchanged in name. */
  g_assert_true (g_file_test (ro_file, G_FILE_TEST_EXISTS));
  aside = find_aside_copy (own_dir, "");
  g_assert_nonnull (aside);
  g_assert_true (g_file_test (own_file, G_FILE_TEST_EXISTS));

  rm_rf (base);
}

static void
test_disk_full (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "cache.sqlite", NULL);
  g_autoptr(DnevnikCache) cache = dnevnik_cache_new (path);
  g_autoptr(GPtrArray) batch = make_days ("2026-12-01", 10, "batch");
  g_autoptr(GString) huge = g_string_new ("{\"items\": [");
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *page_count = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *set_limit = NULL;

  for (guint i = 0; i < 4000; i++)
    g_string_append_printf (huge, "%s{\"id\": \"b%u\", \"title\": \"Учебник %u\"}", i > 0 ? ", " : "", i, i);
  g_string_append (huge, "]}");

  cache_open (cache);
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json);
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, "2026-11-23", "{\"date\": \"2026-11-23\"}");

  /* The "disk" is full from now on. */
  page_count = cache_exec (cache, "PRAGMA page_count", &error);
  g_assert_no_error (error);
  set_limit = g_strdup_printf ("PRAGMA max_page_count = %s", page_count);
  limit = cache_exec (cache, set_limit, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (limit, ==, page_count);

  g_assert_false (cache_put_full (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_LIBRARY, NULL, huge->str, &error));
  g_assert_error (error, DNEVNIK_CACHE_ERROR, DNEVNIK_CACHE_ERROR_FULL);
  g_assert_nonnull (error->message);
  g_clear_error (&error);

  /* A batch that runs out of room in its last document leaves none. */
  g_ptr_array_add (batch, dnevnik_cache_entry_new ("2026-12-31", huge->str));
  g_assert_false (cache_put_many (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, batch, &error));
  g_assert_error (error, DNEVNIK_CACHE_ERROR, DNEVNIK_CACHE_ERROR_FULL);
  g_clear_error (&error);

  /* What was there before is intact. */
  {
    g_autofree char *profile = cache_get (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL);
    g_autofree char *library = cache_get (cache, IVAN, DNEVNIK_CACHE_KIND_LIBRARY, NULL);

    g_assert_cmpstr (profile, ==, profile_json);
    g_assert_null (library);
  }
  days = cache_get_days (cache, IVAN, NULL, NULL);
  g_assert_cmpuint (days->len, ==, 1);
  g_assert_cmpstr (((DnevnikCacheEntry *) g_ptr_array_index (days, 0))->key, ==, "2026-11-23");

  /* Room again: the cache carries on. */
  g_free (cache_exec (cache, "PRAGMA max_page_count = 1000000", &error));
  g_assert_no_error (error);
  g_assert_true (cache_put_many (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, batch, &error));
  g_assert_no_error (error);
  g_clear_pointer (&days, g_ptr_array_unref);
  days = cache_get_days (cache, IVAN, NULL, NULL);
  g_assert_cmpuint (days->len, ==, 12);

  cache_close (cache);
  rm_rf (dir);
}

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
test_close_drains (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "cache.sqlite", NULL);
  g_autoptr(GPtrArray) days = make_days ("2026-09-01", 100, "drain");
  g_autoptr(GAsyncResult) closed = NULL;
  g_autoptr(GAsyncResult) late = NULL;
  g_autoptr(GError) error = NULL;
  DnevnikCache *cache = dnevnik_cache_new (path);
  guint n_done = 0;

  dnevnik_cache_open_async (cache, NULL, NULL, NULL);
  for (guint i = 0; i < days->len; i++)
    {
      DnevnikCacheEntry *day = g_ptr_array_index (days, i);

      dnevnik_cache_put_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, day->key, day->json,
                               NULL, on_counted_cb, &n_done);
    }
  dnevnik_cache_close_async (cache, NULL, on_result_cb, &closed);
  dnevnik_cache_put_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json,
                           NULL, on_result_cb, &late);

  wait_for (&closed);
  g_assert_cmpuint (n_done, ==, 100);
  g_assert_true (dnevnik_cache_close_finish (cache, closed, &error));
  g_assert_no_error (error);

  /* After the close: refused, not lost silently. */
  wait_for (&late);
  g_assert_false (dnevnik_cache_put_finish (cache, late, &error));
  g_assert_error (error, DNEVNIK_CACHE_ERROR, DNEVNIK_CACHE_ERROR_CLOSED);
  g_clear_error (&error);
  /* The results hold the cache through their tasks. */
  g_clear_object (&closed);
  g_clear_object (&late);
  cache_destroy (cache);

  assert_days_on_disk (path, 100);

  /* Fire and forget, then drop the cache: dispose drains the queue. */
  rm_rf (dir);
  cache = dnevnik_cache_new (path);
  dnevnik_cache_open_async (cache, NULL, NULL, NULL);
  for (guint i = 0; i < 50; i++)
    {
      DnevnikCacheEntry *day = g_ptr_array_index (days, i);

      dnevnik_cache_put_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, day->key, day->json,
                               NULL, NULL, NULL);
    }
  cache_destroy (cache);
  assert_days_on_disk (path, 50);

  rm_rf (dir);
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
                           before, on_result_cb, &put_before);
  dnevnik_cache_put_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_LIBRARY, NULL, library_json,
                           NULL, on_result_cb, &put_other);
  g_cancellable_cancel (before);
  hook_release (&hook);

  /* A cancelled GTask completes one idle later: wait for each. */
  wait_for (&put_other);
  wait_for (&put_before);
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
                           after, on_result_cb, &put_after);
  dnevnik_cache_get_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_LIBRARY, NULL,
                           get_cancellable, on_result_cb, &get);
  dnevnik_cache_exec_async (cache, "SELECT 1", NULL, NULL, NULL);
  hook_wait_held (&hook);
  g_cancellable_cancel (after);
  g_cancellable_cancel (get_cancellable);
  hook_release (&hook);

  wait_for (&get);
  wait_for (&put_after);
  g_assert_false (dnevnik_cache_put_finish (cache, put_after, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_null (dnevnik_cache_get_finish (cache, get, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  dnevnik_cache_get_async (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_PORTFOLIO, NULL,
                           NULL, on_result_cb, &get_after);
  wait_for (&get_after);
  {
    g_autofree char *portfolio = dnevnik_cache_get_finish (cache, get_after, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (portfolio, ==, portfolio_json);
  }

  dnevnik_cache_set_job_hook (cache, NULL, NULL);
  hook_clear (&hook);
}

/* A signed-out student's data does not linger in free pages or the WAL. */
static void
test_wipe_leaves_nothing (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "cache.sqlite", NULL);
  g_autofree char *old_aside = g_strconcat (path, ".corrupt-20260101T000000Z", NULL);
  g_autoptr(DnevnikCache) cache = dnevnik_cache_new (path);
  g_autoptr(GPtrArray) ivan_days = make_days ("2026-09-01", 120, "MARKER-IVAN");
  g_autoptr(GPtrArray) maria_days = make_days ("2026-09-01", 30, "MARKER-MARIA");

  cache_open (cache);
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, "{\"last_name\": \"MARKER-IVAN\"}");
  g_assert_true (cache_put_many (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, ivan_days, NULL));
  cache_put (cache, MARIA, DNEVNIK_CACHE_KIND_PROFILE, NULL, "{\"last_name\": \"MARKER-MARIA\"}");
  g_assert_true (cache_put_many (cache, MARIA, DNEVNIK_CACHE_KIND_DIARY_DAY, maria_days, NULL));
  g_assert_true (dir_contains_bytes (dir, "MARKER-IVAN"));

  cache_wipe_account (cache, SERVER, IVAN);
  g_assert_false (dir_contains_bytes (dir, "MARKER-IVAN"));
  g_assert_true (dir_contains_bytes (dir, "MARKER-MARIA"));

  /* Forgetting everyone also removes a damaged copy moved aside earlier. */
  g_assert_true (g_file_set_contents (old_aside, "MARKER-MARIA", -1, NULL));
  cache_wipe_all (cache);
  g_assert_false (dir_contains_bytes (dir, "MARKER-MARIA"));
  g_assert_false (g_file_test (old_aside, G_FILE_TEST_EXISTS));

  cache_close (cache);
  g_assert_false (dir_contains_bytes (dir, "MARKER-IVAN"));
  g_assert_false (dir_contains_bytes (dir, "MARKER-MARIA"));
  rm_rf (dir);
}

/* Tests against the real sandbox: realistic documents. */

static DnevnikTestSandbox *sandbox;

static DnevnikTestSandbox *
get_sandbox (void)
{
  if (sandbox == NULL)
    sandbox = dnevnik_test_sandbox_newv (NULL);

  return sandbox;
}

typedef struct
{
  SoupSession *session;
  char        *access_token;
  char        *refresh_token;
  char        *profile_id;
} Login;

static void
login_clear (Login *login)
{
  g_clear_object (&login->session);
  g_clear_pointer (&login->access_token, g_free);
  g_clear_pointer (&login->refresh_token, g_free);
  g_clear_pointer (&login->profile_id, g_free);
}

/* Sends a request as the signed-in student and returns the body of a 200. */
static char *
api_get (Login      *login,
         const char *path)
{
  g_autofree char *uri = g_strconcat (dnevnik_test_sandbox_get_url (get_sandbox ()), path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
  g_autofree char *bearer = g_strconcat ("Bearer ", login->access_token, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", bearer);
  body = soup_session_send_and_read (login->session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);

  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
sandbox_login (Login      *login,
               const char *name)
{
  g_autofree char *uri = g_strconcat (dnevnik_test_sandbox_get_url (get_sandbox ()), "/api/v1/auth/login", NULL);
  g_autofree char *request = g_strdup_printf ("{\"login\": \"%s\", \"password\": \"dnevnik\"}", name);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", uri);
  g_autoptr(GBytes) request_body = g_bytes_new (request, strlen (request));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  /* Loopback needs no proxy, and the test has no proxy settings schema. */
  login->session = soup_session_new_with_options ("proxy-resolver", NULL, "timeout", 30, NULL);
  soup_message_set_request_body_from_bytes (message, "application/json", request_body);
  body = soup_session_send_and_read (login->session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);

  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  login->access_token = g_strdup (json_object_get_string_member (object, "access_token"));
  login->refresh_token = g_strdup (json_object_get_string_member (object, "refresh_token"));
  login->profile_id = g_strdup (json_object_get_string_member (object, "profile_id"));
  g_assert_cmpuint (strlen (login->access_token), >=, 16);
  g_assert_cmpuint (strlen (login->refresh_token), >=, 16);
}

/* The days of a GET /api/v1/diary reply, one entry each, as the service
 * stores them. */
static GPtrArray *
diary_to_entries (const char *diary_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) dnevnik_cache_entry_free);
  JsonArray *days;

  json_parser_load_from_data (parser, diary_json, -1, &error);
  g_assert_no_error (error);
  days = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "days");
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonNode *day = json_array_get_element (days, i);
      g_autofree char *json = json_to_string (day, FALSE);
      const char *date = json_object_get_string_member (json_node_get_object (day), "date");

      g_ptr_array_add (entries, dnevnik_cache_entry_new (date, json));
    }

  return entries;
}

/* After a realistic session nothing in the cache directory holds a token.
 * The list of secrets is the place to add any the service learns later. */
static void
test_sandbox_no_tokens (void)
{
  g_autofree char *path = dnevnik_cache_get_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(DnevnikCache) cache = dnevnik_cache_new (path);
  g_autoptr(GPtrArray) days = NULL;
  g_autofree char *server = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *cached_profile = NULL;
  g_autofree char *diary = NULL;
  Login login = { 0 };
  struct {
    DnevnikCacheKind  kind;
    const char       *path;
  } endpoints[] = {
    { DNEVNIK_CACHE_KIND_PROFILE, "/api/v1/profile" },
    { DNEVNIK_CACHE_KIND_LINK_STATUS, "/api/v1/sferum/link" },
    { DNEVNIK_CACHE_KIND_LIBRARY, "/api/v1/library" },
    { DNEVNIK_CACHE_KIND_PORTFOLIO, "/api/v1/portfolio" },
    { DNEVNIK_CACHE_KIND_LINK_HISTORY, "/api/v1/sferum/link/history" },
  };
  const char *secrets[2];

  sandbox_login (&login, "maria");
  server = g_strdup (dnevnik_test_sandbox_get_url (get_sandbox ()));
  cache_open (cache);

  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      g_autofree char *json = api_get (&login, endpoints[i].path);
      g_autoptr(GError) error = NULL;

      g_assert_true (cache_put_full (cache, server, login.profile_id, endpoints[i].kind, NULL, json, &error));
      g_assert_no_error (error);
      if (endpoints[i].kind == DNEVNIK_CACHE_KIND_PROFILE)
        profile = g_steal_pointer (&json);
    }

  diary = api_get (&login, "/api/v1/diary?from=2026-11-23&to=2026-11-29");
  days = diary_to_entries (diary);
  g_assert_cmpuint (days->len, ==, 7);
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    dnevnik_cache_put_many_async (cache, server, login.profile_id, DNEVNIK_CACHE_KIND_DIARY_DAY,
                                  days, NULL, on_result_cb, &result);
    wait_for (&result);
    g_assert_true (dnevnik_cache_put_many_finish (cache, result, &error));
    g_assert_no_error (error);
  }

  cached_profile = cache_get_full (cache, server, login.profile_id, DNEVNIK_CACHE_KIND_PROFILE, NULL);
  g_assert_cmpstr (cached_profile, ==, profile);

  secrets[0] = login.access_token;
  secrets[1] = login.refresh_token;

  /* While open (WAL and all) and after closing. */
  for (guint pass = 0; pass < 2; pass++)
    {
      /* The scan does see the cached documents. */
      g_assert_true (dir_contains_bytes (dir, "Смирнова"));
      for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
        g_assert_false (dir_contains_bytes (dir, secrets[i]));

      if (pass == 0)
        cache_close (cache);
    }

  login_clear (&login);
  rm_rf (dir);
}

/* A whole school year in monthly batches, then every week read back. */
static void
test_sandbox_whole_year (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "cache.sqlite", NULL);
  g_autofree char *server = NULL;
  g_autoptr(GPtrArray) year = g_ptr_array_new_with_free_func ((GDestroyNotify) dnevnik_cache_entry_free);
  g_autoptr(GDate) month = g_date_new_dmy (1, G_DATE_SEPTEMBER, 2026);
  g_autoptr(GDate) end = g_date_new_dmy (31, G_DATE_MAY, 2027);
  g_autoptr(GDate) week = g_date_new_dmy (31, G_DATE_AUGUST, 2026);   /* a Monday */
  DnevnikCache *cache = dnevnik_cache_new (path);
  Login login = { 0 };
  guint n_weeks = 0;
  guint n_lessons = 0;

  sandbox_login (&login, "ivan");
  server = g_strdup (dnevnik_test_sandbox_get_url (get_sandbox ()));
  cache_open (cache);

  while (g_date_compare (month, end) < 0)
    {
      g_autoptr(GDate) last = g_date_copy (month);
      g_autofree char *from = day_key (month);
      g_autofree char *to = NULL;
      g_autofree char *query = NULL;
      g_autofree char *diary = NULL;
      g_autoptr(GPtrArray) days = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      g_date_set_day (last, g_date_get_days_in_month (g_date_get_month (month), g_date_get_year (month)));
      to = day_key (last);
      query = g_strdup_printf ("/api/v1/diary?from=%s&to=%s", from, to);
      diary = api_get (&login, query);
      days = diary_to_entries (diary);
      g_assert_cmpuint (days->len, ==, g_date_get_day (last));

      dnevnik_cache_put_many_async (cache, server, login.profile_id, DNEVNIK_CACHE_KIND_DIARY_DAY,
                                    days, NULL, on_result_cb, &result);
      wait_for (&result);
      g_assert_true (dnevnik_cache_put_many_finish (cache, result, &error));
      g_assert_no_error (error);

      for (guint i = 0; i < days->len; i++)
        g_ptr_array_add (year, dnevnik_cache_entry_copy (g_ptr_array_index (days, i)));
      g_date_add_months (month, 1);
    }
  g_assert_cmpuint (year->len, ==, 273);
  cache_close (cache);
  cache_destroy (cache);

  /* Offline, a new session: every week of the year is there, as sent. */
  dnevnik_test_sandbox_stop (get_sandbox ());
  cache = dnevnik_cache_new (path);
  g_assert_cmpint (cache_open (cache), ==, DNEVNIK_CACHE_OPEN_NONE);
  for (guint index = 0; g_date_compare (week, end) <= 0; n_weeks++)
    {
      g_autoptr(GDate) sunday = g_date_copy (week);
      g_autofree char *from = day_key (week);
      g_autofree char *to = NULL;
      g_autoptr(GPtrArray) days = NULL;

      g_date_add_days (sunday, 6);
      to = day_key (sunday);
      days = cache_get_range_full (cache, server, login.profile_id, from, to);
      for (guint i = 0; i < days->len; i++, index++)
        {
          DnevnikCacheEntry *got = g_ptr_array_index (days, i);
          DnevnikCacheEntry *sent = g_ptr_array_index (year, index);

          g_assert_cmpstr (got->key, ==, sent->key);
          g_assert_cmpstr (got->json, ==, sent->json);
          if (strstr (got->json, "\"subject\"") != NULL)
            n_lessons++;
        }
      g_date_add_days (week, 7);
    }
  g_assert_cmpuint (n_weeks, ==, 40);
  g_assert_cmpuint (n_lessons, >, 100);
  cache_destroy (cache);
  dnevnik_test_sandbox_restart (get_sandbox ());

  login_clear (&login);
  rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cache/roundtrip", test_roundtrip);
  g_test_add_func ("/cache/persist", test_persist);
  g_test_add_func ("/cache/range", test_range);
  g_test_add_func ("/cache/isolation", test_isolation);
  g_test_add_func ("/cache/meta", test_meta);
  g_test_add_func ("/cache/fifo", test_fifo);
  g_test_add_func ("/cache/fifo-threads", test_fifo_threads);
  g_test_add_func ("/cache/worker-thread", test_worker_thread);
  g_test_add_func ("/cache/memory-no-files", test_memory_no_files);
  g_test_add_func ("/cache/file-modes", test_file_modes);
  g_test_add_func ("/cache/corrupt/random", test_corrupt_random);
  g_test_add_func ("/cache/corrupt/truncated", test_corrupt_truncated);
  g_test_add_func ("/cache/corrupt/damaged-page", test_corrupt_damaged_page);
  g_test_add_func ("/cache/corrupt/newer-version", test_corrupt_newer_version);
  g_test_add_func ("/cache/corrupt/foreign", test_corrupt_foreign);
  g_test_add_func ("/cache/unwritable", test_unwritable);
  g_test_add_func ("/cache/disk-full", test_disk_full);
  g_test_add_func ("/cache/close-drains", test_close_drains);
  g_test_add_func ("/cache/closed", test_closed);
  g_test_add_func ("/cache/cancel", test_cancel);
  g_test_add_func ("/cache/wipe-leaves-nothing", test_wipe_leaves_nothing);
  g_test_add_func ("/cache/sandbox/no-tokens", test_sandbox_no_tokens);
  g_test_add_func ("/cache/sandbox/whole-year", test_sandbox_whole_year);

  status = g_test_run ();
  g_clear_pointer (&sandbox, dnevnik_test_sandbox_free);

  return status;
}
