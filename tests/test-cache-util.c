/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "dnevnik-test-disk.h"
#include "test-cache-util.h"

const char profile_json[] =
  "{\"id\": \"1001\", \"login\": \"ivan\", \"first_name\": \"Иван\", \"last_name\": \"Петров\","
  " \"middle_name\": \"Сергеевич\", \"school\": \"ГБОУ Школа № 1535\", \"class_name\": \"8 «Б»\"}";
const char link_status_json[] =
  "{\"linked\": true, \"account_id\": \"7003921845\", \"phone_masked\": \"+7 916 ***-**-67\","
  " \"linked_at\": \"2026-09-01T10:15:00+03:00\", \"profile_url\": \"https://max.ru/sferum/profile/7003921845\"}";
const char library_json[] =
  "{\"items\": [{\"id\": \"b1\", \"title\": \"Физика. 8 класс\", \"subject\": \"Физика\","
  " \"kind\": \"textbook\", \"url\": \"https://example.org/b1\"}]}";
const char portfolio_json[] =
  "{\"achievements\": [{\"id\": \"a1\", \"title\": \"Олимпиада по математике\", \"date\": \"2026-03-14\","
  " \"level\": \"regional\", \"kind\": \"olympiad\"}]}";
const char link_history_json[] =
  "{\"events\": [{\"kind\": \"linked\", \"at\": \"2026-09-01T10:15:00+03:00\", \"account_id\": \"7003921845\"}]}";

/* The cache's calls, waited for. */

DnevnikCacheOpenFlags
cache_open (DnevnikCache *cache)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DnevnikCacheOpenFlags flags = 0xff;

  dnevnik_cache_open_async (cache, NULL, dnevnik_test_loop_result_cb, &result);
  dnevnik_test_loop_await (&result);
  g_assert_true (dnevnik_cache_open_finish (cache, result, &flags, &error));
  g_assert_no_error (error);

  return flags;
}

gboolean
cache_put_full (DnevnikCache      *cache,
                const char        *server,
                const char        *profile_id,
                DnevnikCacheKind   kind,
                const char        *key,
                const char        *json,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_cache_put_async (cache, server, profile_id, kind, key, json, NULL, dnevnik_test_loop_result_cb, &result);
  dnevnik_test_loop_await (&result);

  return dnevnik_cache_put_finish (cache, result, error);
}

void
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

gboolean
cache_put_many (DnevnikCache      *cache,
                const char        *profile_id,
                DnevnikCacheKind   kind,
                GPtrArray         *entries,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_cache_put_many_async (cache, SERVER, profile_id, kind, entries, NULL, dnevnik_test_loop_result_cb, &result);
  dnevnik_test_loop_await (&result);

  return dnevnik_cache_put_many_finish (cache, result, error);
}

char *
cache_get_full (DnevnikCache     *cache,
                const char       *server,
                const char       *profile_id,
                DnevnikCacheKind  kind,
                const char       *key)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *json;

  dnevnik_cache_get_async (cache, server, profile_id, kind, key, NULL, dnevnik_test_loop_result_cb, &result);
  dnevnik_test_loop_await (&result);
  json = dnevnik_cache_get_finish (cache, result, &error);
  g_assert_no_error (error);

  return json;
}

char *
cache_get (DnevnikCache     *cache,
           const char       *profile_id,
           DnevnikCacheKind  kind,
           const char       *key)
{
  return cache_get_full (cache, SERVER, profile_id, kind, key);
}

GPtrArray *
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
                                 from, to, NULL, dnevnik_test_loop_result_cb, &result);
  dnevnik_test_loop_await (&result);
  entries = dnevnik_cache_get_range_finish (cache, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entries);

  return entries;
}

GPtrArray *
cache_get_days (DnevnikCache *cache,
                const char   *profile_id,
                const char   *from,
                const char   *to)
{
  return cache_get_range_full (cache, SERVER, profile_id, from, to);
}

void
cache_wipe_account (DnevnikCache *cache,
                    const char   *server,
                    const char   *profile_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dnevnik_cache_wipe_account_async (cache, server, profile_id, NULL, dnevnik_test_loop_result_cb, &result);
  dnevnik_test_loop_await (&result);
  g_assert_true (dnevnik_cache_wipe_account_finish (cache, result, &error));
  g_assert_no_error (error);
}

void
cache_wipe_all (DnevnikCache *cache)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dnevnik_cache_wipe_all_async (cache, NULL, dnevnik_test_loop_result_cb, &result);
  dnevnik_test_loop_await (&result);
  g_assert_true (dnevnik_cache_wipe_all_finish (cache, result, &error));
  g_assert_no_error (error);
}

void
cache_close (DnevnikCache *cache)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dnevnik_cache_close_async (cache, NULL, dnevnik_test_loop_result_cb, &result);
  dnevnik_test_loop_await (&result);
  g_assert_true (dnevnik_cache_close_finish (cache, result, &error));
  g_assert_no_error (error);
}

char *
cache_exec (DnevnikCache  *cache,
            const char    *sql,
            GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_cache_exec_async (cache, sql, NULL, dnevnik_test_loop_result_cb, &result);
  dnevnik_test_loop_await (&result);

  return dnevnik_cache_exec_finish (cache, result, error);
}

/* Drops the cache and waits until it is finalized, i.e. its thread joined. */
void
cache_destroy (DnevnikCache *cache)
{
  g_object_add_weak_pointer (G_OBJECT (cache), (gpointer *) &cache);
  g_object_unref (cache);
  while (cache != NULL)
    g_main_context_iteration (NULL, TRUE);
}

char *
day_key (GDate *date)
{
  char buffer[16];

  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", date);
  return g_strdup (buffer);
}

char *
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
GPtrArray *
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

/* Files. */

char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("dnevnik-cache-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
cache_file_fixture_set_up (CacheFileFixture *fixture,
                           gconstpointer     data)
{
  fixture->dir = make_tmp_dir ();
  fixture->path = g_build_filename (fixture->dir, "cache.sqlite", NULL);
}

void
cache_file_fixture_tear_down (CacheFileFixture *fixture,
                              gconstpointer     data)
{
  dnevnik_test_disk_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Whether @needle occurs in the bytes of any file in @dir. */
gboolean
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
      if (dnevnik_test_disk_contains (contents, length, needle))
        return TRUE;
    }

  return FALSE;
}
