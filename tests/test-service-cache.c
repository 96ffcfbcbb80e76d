/* SPDX-License-Identifier: GPL-3.0-or-later */

/* DnevnikService with its offline copy, against a real dnevnik-sandbox:
 * stale-while-revalidate loads, offline starts, a damaged cache file, a
 * full disk, and a whole school year synced.  What the copy keeps of a
 * student is in test-service-cache-privacy.c.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "dnevnik-cache-private.h"
#include "dnevnik-service-private.h"
#include "dnevnik-test-service.h"

typedef DnevnikTestCacheFixture Fixture;

/* --- cached data first, then only what changed ------------------------------ */

typedef struct
{
  guint    position;
  guint    removed;
  guint    added;
  gboolean first_added_is_holiday;
} Change;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  GArray *log = user_data;
  Change change = { position, removed, added, FALSE };

  if (added > 0)
    {
      g_autoptr(DnevnikDiaryDay) day = g_list_model_get_item (model, position);

      change.first_added_is_holiday = dnevnik_diary_day_get_holiday (day);
    }

  g_array_append_val (log, change);
}

static void
test_cached_first (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(DnevnikService) service = dnevnik_test_cache_fixture_new_signed_in (fixture, "ivan", TRUE);
  g_autoptr(GDate) wednesday = g_date_new_dmy (25, 11, 2026);
  g_autoptr(GDate) monday = g_date_new_dmy (23, 11, 2026);
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(GAsyncResult) put_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DnevnikDiaryDay) fresh_day = NULL;
  GListModel *week = dnevnik_service_get_week_model (service);
  DnevnikCache *cache;
  Change *change;

  g_assert_null (dnevnik_service_get_week_start (service));
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 0);

  /* First load: nothing cached, the network fills the model. */
  dnevnik_test_service_assert_load_week (service, wednesday);
  g_assert_cmpint (g_date_compare (dnevnik_service_get_week_start (service), monday), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 6);
  g_assert_true (dnevnik_service_get_week_model (service) == week);
  dnevnik_test_service_flush_cache (service);

  /* The offline copy of Wednesday becomes stale: a holiday without
   * lessons, which the server does not say. */
  cache = dnevnik_service_get_cache (service);
  dnevnik_cache_put_async (cache, dnevnik_service_get_base_url (service),
                           dnevnik_service_get_account_id (service), DNEVNIK_CACHE_KIND_DIARY_DAY,
                           "2026-11-25", "{\"date\": \"2026-11-25\", \"holiday\": true, \"lessons\": []}",
                           NULL, dnevnik_test_loop_result_cb, &put_result);
  g_assert_true (dnevnik_cache_put_finish (cache, dnevnik_test_loop_await (&put_result), &error));
  g_assert_no_error (error);

  /* The server holds its answer back, so the cached one must come first:
   * the stale day, then the fresh one, each as one changed position. */
  g_signal_connect (week, "items-changed", G_CALLBACK (on_items_changed_cb), log);
  dnevnik_test_sandbox_add_fault (fixture->sandbox, "GET", "/api/v1/diary", "delay", 1, 300);
  dnevnik_test_service_assert_load_week (service, wednesday);

  g_assert_cmpuint (log->len, ==, 2);
  change = &g_array_index (log, Change, 0);
  g_assert_cmpuint (change->position, ==, 2);
  g_assert_cmpuint (change->removed, ==, 1);
  g_assert_cmpuint (change->added, ==, 1);
  g_assert_true (change->first_added_is_holiday);
  change = &g_array_index (log, Change, 1);
  g_assert_cmpuint (change->position, ==, 2);
  g_assert_cmpuint (change->removed, ==, 1);
  g_assert_cmpuint (change->added, ==, 1);
  g_assert_false (change->first_added_is_holiday);

  fresh_day = g_list_model_get_item (week, 2);
  g_assert_false (dnevnik_diary_day_get_holiday (fresh_day));
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_diary_day_get_lessons (fresh_day)), >, 0);

  /* Nothing changed: no churn at all. */
  g_array_set_size (log, 0);
  dnevnik_test_service_assert_load_week (service, wednesday);
  g_assert_cmpuint (log->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 6);

  /* The library: the same model, filled once, then left alone. */
  dnevnik_test_service_assert_load_library (service);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_library_model (service)), ==, 11);
  g_signal_handlers_disconnect_by_func (week, on_items_changed_cb, log);
  g_signal_connect (dnevnik_service_get_library_model (service), "items-changed",
                    G_CALLBACK (on_items_changed_cb), log);
  dnevnik_test_service_assert_load_library (service);
  g_assert_cmpuint (log->len, ==, 0);
  g_signal_handlers_disconnect_by_func (dnevnik_service_get_library_model (service), on_items_changed_cb, log);

  /* The server drops the connection: OFFLINE, the cached week stays. */
  dnevnik_test_sandbox_add_fault (fixture->sandbox, "GET", "/api/v1/diary", "drop", DNEVNIK_TEST_DROP_COUNT, 0);
  dnevnik_test_service_assert_load_week (service, wednesday);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_OFFLINE);
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 6);

  /* It answers again: READY. */
  dnevnik_test_sandbox_clear_faults (fixture->sandbox);
  dnevnik_test_service_assert_load_week (service, wednesday);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_READY);
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 6);
}

/* --- offline start ------------------------------------------------------------ */

static void
test_offline_start (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DnevnikService) service = dnevnik_test_cache_fixture_new_signed_in (fixture, "ivan", TRUE);
  g_autoptr(GDate) wednesday = g_date_new_dmy (25, 11, 2026);
  g_autoptr(GDate) previous_week = g_date_new_dmy (18, 11, 2026);
  g_autoptr(GDate) next_week = g_date_new_dmy (2, 12, 2026);
  g_autoptr(GDate) far_week = g_date_new_dmy (20, 1, 2027);
  g_autoptr(DnevnikProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  dnevnik_test_service_assert_load_week (service, wednesday);
  g_assert_true (dnevnik_test_service_refresh_link_status (service, &error));
  g_assert_no_error (error);
  dnevnik_test_service_assert_load_library (service);
  /* The neighbouring weeks are prefetched: one request each. */
  dnevnik_test_service_await_counter (fixture->sandbox, "GET", "/api/v1/diary", 3);
  dnevnik_test_service_drop (&service);

  dnevnik_test_sandbox_stop (fixture->sandbox);

  service = dnevnik_test_cache_fixture_new_service (fixture);
  g_assert_true (dnevnik_test_service_restore_session (service, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dnevnik_service_get_login (service), ==, "ivan");

  /* The profile cannot be refreshed, but the cached one shows. */
  profile = dnevnik_test_service_refresh_profile (service, &error);
  g_assert_null (profile);
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_OFFLINE);
  g_assert_nonnull (dnevnik_service_get_profile (service));
  g_assert_cmpstr (dnevnik_profile_get_login (dnevnik_service_get_profile (service)), ==, "ivan");

  g_assert_false (dnevnik_test_service_refresh_link_status (service, &error));
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_false (dnevnik_link_status_get_linked (dnevnik_service_get_link_status (service)));

  /* The week, and the prefetched neighbours, from the offline copy. */
  dnevnik_test_service_assert_load_week (service, wednesday);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_OFFLINE);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_week_model (service)), ==, 6);
  dnevnik_test_service_assert_load_week (service, previous_week);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_week_model (service)), ==, 6);
  dnevnik_test_service_assert_load_week (service, next_week);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_week_model (service)), ==, 6);
  dnevnik_test_service_assert_load_library (service);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_library_model (service)), ==, 11);

  /* A week that was never loaded: the network error, an empty week. */
  g_assert_false (dnevnik_test_service_load_week (service, far_week, &error));
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_week_model (service)), ==, 0);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_OFFLINE);
}

/* --- a damaged file ------------------------------------------------------------ */

static void
on_cache_reset_cb (DnevnikService *service,
                   const char     *message,
                   gpointer        user_data)
{
  char **out = user_data;

  g_assert_nonnull (message);
  g_free (*out);
  *out = g_strdup (message);
}

static guint
count_aside_files (const char *path)
{
  g_autofree char *dirname = g_path_get_dirname (path);
  g_autofree char *basename = g_path_get_basename (path);
  g_autoptr(GDir) dir = g_dir_open (dirname, 0, NULL);
  const char *name;
  guint count = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, basename) && strstr (name, ".corrupt-") != NULL)
      count++;

  return count;
}

static void
test_corrupt (Fixture       *fixture,
              gconstpointer  data)
{
  gboolean truncate = GPOINTER_TO_INT (data);
  g_autoptr(DnevnikService) service = NULL;
  g_autoptr(GDate) wednesday = g_date_new_dmy (25, 11, 2026);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *dirname = g_path_get_dirname (fixture->cache_path);

  if (truncate)
    {
      g_autofree char *contents = NULL;
      gsize length;

      /* A real offline copy, cut in half behind the app's back. */
      service = dnevnik_test_cache_fixture_new_signed_in (fixture, "ivan", TRUE);
      dnevnik_test_service_assert_load_week (service, wednesday);
      dnevnik_test_service_await_counter (fixture->sandbox, "GET", "/api/v1/diary", 3);
      dnevnik_test_service_drop (&service);

      g_assert_true (g_file_get_contents (fixture->cache_path, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 4096);
      g_assert_true (g_file_set_contents (fixture->cache_path, contents, length / 2, NULL));
    }
  else
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (5);
      guint8 noise[8192];

      for (guint i = 0; i < sizeof noise; i++)
        noise[i] = g_rand_int_range (rand, 0, 256);

      g_assert_cmpint (g_mkdir_with_parents (dirname, 0700), ==, 0);
      g_assert_true (g_file_set_contents (fixture->cache_path, (const char *) noise, sizeof noise, NULL));
    }

  service = dnevnik_test_cache_fixture_new_service (fixture);
  g_signal_connect (service, "cache-reset", G_CALLBACK (on_cache_reset_cb), &message);
  g_assert_true (dnevnik_test_service_sign_in (service, "ivan", DNEVNIK_TEST_PASSWORD, TRUE, &error));
  g_assert_no_error (error);

  dnevnik_test_service_assert_load_week (service, wednesday);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_week_model (service)), ==, 6);

  /* Reported (when the reopen that moves the file aside is done). */
  while (message == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (message, ==, "The offline copy of your diary was damaged and has been reset");
  g_assert_cmpuint (count_aside_files (fixture->cache_path), ==, 1);

  /* And the new copy works: stored and read back, offline. */
  dnevnik_test_service_assert_load_week (service, wednesday);
  dnevnik_test_service_flush_cache (service);
  {
    g_autoptr(GPtrArray) days = dnevnik_test_service_dup_cached_days (service, dnevnik_service_get_account_id (service));

    g_assert_cmpuint (days->len, >=, 6);
  }
  dnevnik_test_sandbox_stop (fixture->sandbox);
  dnevnik_test_service_assert_load_week (service, wednesday);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_week_model (service)), ==, 6);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_OFFLINE);
}

/* --- a full disk ---------------------------------------------------------------------- */

static char *
exec_sql (DnevnikCache *cache,
          const char   *sql)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *value;

  dnevnik_cache_exec_async (cache, sql, NULL, dnevnik_test_loop_result_cb, &result);
  value = dnevnik_cache_exec_finish (cache, dnevnik_test_loop_await (&result), &error);
  g_assert_no_error (error);
  return value;
}

static void
test_disk_full (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(DnevnikService) service = dnevnik_test_cache_fixture_new_signed_in (fixture, "ivan", TRUE);
  g_autoptr(GDate) wednesday = g_date_new_dmy (25, 11, 2026);
  g_autoptr(GDate) later = g_date_new_dmy (3, 3, 2027);
  g_autofree char *message = NULL;
  g_autofree char *pages = NULL;
  g_autofree char *limit = NULL;
  g_autoptr(GPtrArray) days = NULL;
  DnevnikCache *cache;

  g_signal_connect (service, "cache-failed", G_CALLBACK (on_cache_reset_cb), &message);
  dnevnik_test_service_assert_load_week (service, wednesday);
  dnevnik_test_service_flush_cache (service);
  cache = dnevnik_service_get_cache (service);

  /* The disk is full from now on (as far as this database can tell):
   * SQLite clamps the limit to the pages in use, which background
   * prefetches may still be adding to. */
  limit = exec_sql (cache, "PRAGMA max_page_count = 1");
  pages = exec_sql (cache, "PRAGMA page_count");
  g_assert_cmpuint (g_ascii_strtoull (limit, NULL, 10), >=, 1);
  g_assert_cmpuint (g_ascii_strtoull (pages, NULL, 10), <=, g_ascii_strtoull (limit, NULL, 10));

  /* What the student asks for still comes, fresh from the server… */
  dnevnik_test_service_assert_load_week (service, later);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_week_model (service)), ==, 6);
  dnevnik_test_service_flush_cache (service);

  /* …the student is told, once, that the offline copy falls behind… */
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "disk space"));
  g_clear_pointer (&message, g_free);
  dnevnik_test_service_assert_load_library (service);
  dnevnik_test_service_flush_cache (service);
  g_assert_null (message);

  /* …and what was cached before is kept. */
  days = dnevnik_test_service_dup_cached_days (service, dnevnik_service_get_account_id (service));
  g_assert_cmpuint (days->len, >=, 6);
}

/* --- a whole school year ------------------------------------------------------------ */

static gboolean
on_tick_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

static void
on_progress_cb (GObject    *object,
                GParamSpec *pspec,
                gpointer    user_data)
{
  double *last = user_data;
  double progress = dnevnik_service_get_sync_progress (DNEVNIK_SERVICE (object));

  /* Never backwards during one sync. */
  g_assert_cmpfloat (progress, >=, *last);
  *last = progress;
}

static void
test_year_sync (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(DnevnikService) service = dnevnik_test_cache_fixture_new_signed_in (fixture, "olga", TRUE);
  g_autoptr(GDate) from = g_date_new_dmy (1, 9, 2026);
  g_autoptr(GDate) to = g_date_new_dmy (31, 5, 2027);
  g_autoptr(GDate) monday = g_date_new_dmy (7, 9, 2026);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GError) error = NULL;
  double progress = 0.0;
  guint ticks = 0;
  guint tick_id;
  guint weeks = 0;
  guint lessons = 0;

  g_signal_connect (service, "notify::sync-progress", G_CALLBACK (on_progress_cb), &progress);
  dnevnik_test_sandbox_reset_counters (fixture->sandbox);

  /* A 1 ms timer of high priority keeps firing while the year syncs. */
  tick_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, on_tick_cb, &ticks, NULL);
  dnevnik_service_sync_range_async (service, from, to, NULL, dnevnik_test_loop_result_cb, &result);

  /* One sync at a time. */
  dnevnik_service_sync_range_async (service, from, to, NULL, dnevnik_test_loop_result_cb, &second);
  g_assert_false (dnevnik_service_sync_range_finish (service, dnevnik_test_loop_await (&second), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);

  g_assert_true (dnevnik_service_sync_range_finish (service, dnevnik_test_loop_await (&result), &error));
  g_assert_no_error (error);
  g_source_remove (tick_id);
  g_assert_cmpuint (ticks, >, 0);
  g_assert_cmpfloat (progress, ==, 1.0);
  g_assert_cmpfloat (dnevnik_service_get_sync_progress (service), ==, 1.0);
  /* September to May: a request per month. */
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (fixture->sandbox, "GET", "/api/v1/diary"), ==, 9);

  days = dnevnik_test_service_dup_cached_days (service, dnevnik_service_get_account_id (service));
  g_assert_cmpuint (days->len, ==, g_date_days_between (from, to) + 1);

  /* Every week of the year, with the network gone (the first and last
   * weeks reach outside the range: 7 September to 29 May). */
  dnevnik_test_sandbox_stop (fixture->sandbox);
  while (g_date_days_between (monday, to) >= 5)
    {
      GListModel *week = dnevnik_service_get_week_model (service);

      dnevnik_test_service_assert_load_week (service, monday);
      g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_OFFLINE);
      g_assert_cmpuint (g_list_model_get_n_items (week), ==, 6);
      g_assert_cmpint (g_date_compare (dnevnik_service_get_week_start (service), monday), ==, 0);

      for (guint i = 0; i < 6; i++)
        {
          g_autoptr(DnevnikDiaryDay) day = g_list_model_get_item (week, i);

          g_assert_cmpint (g_date_days_between (monday, dnevnik_diary_day_get_date (day)), ==, i);
          lessons += g_list_model_get_n_items (dnevnik_diary_day_get_lessons (day));
        }

      weeks++;
      g_date_add_days (monday, 7);
    }

  g_assert_cmpuint (weeks, ==, 38);
  /* About 1,200 lessons in a school year (API.md). */
  g_assert_cmpuint (lessons, >, 1000);
}

static void
test_sync_cancelled (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DnevnikService) service = dnevnik_test_cache_fixture_new_signed_in (fixture, "ivan", TRUE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GDate) from = g_date_new_dmy (1, 9, 2026);
  g_autoptr(GDate) to = g_date_new_dmy (31, 5, 2027);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled while the first month is on its way. */
  dnevnik_test_sandbox_add_fault (fixture->sandbox, "GET", "/api/v1/diary", "delay", 1, 200);
  dnevnik_service_sync_range_async (service, from, to, cancellable, dnevnik_test_loop_result_cb, &result);
  dnevnik_test_service_await_counter (fixture->sandbox, "GET", "/api/v1/diary", 1);
  g_cancellable_cancel (cancellable);
  g_assert_false (dnevnik_service_sync_range_finish (service, dnevnik_test_loop_await (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpfloat (dnevnik_service_get_sync_progress (service), <, 1.0);

  /* A new sync may start. */
  g_date_set_dmy (from, 1, G_DATE_MAY, 2027);
  g_assert_true (dnevnik_test_service_sync_range (service, from, to, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  dnevnik_test_cache_fixture_add ("/service-cache/cached-first", test_cached_first, NULL);
  dnevnik_test_cache_fixture_add ("/service-cache/offline-start", test_offline_start, NULL);
  dnevnik_test_cache_fixture_add ("/service-cache/corrupt/random", test_corrupt, GINT_TO_POINTER (FALSE));
  dnevnik_test_cache_fixture_add ("/service-cache/corrupt/truncated", test_corrupt, GINT_TO_POINTER (TRUE));
  dnevnik_test_cache_fixture_add ("/service-cache/disk-full", test_disk_full, NULL);
  dnevnik_test_cache_fixture_add ("/service-cache/year-sync", test_year_sync, NULL);
  dnevnik_test_cache_fixture_add ("/service-cache/sync-cancelled", test_sync_cancelled, NULL);

  return g_test_run ();
}
