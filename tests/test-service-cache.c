/* SPDX-License-Identifier: GPL-3.0-or-later */

/* DnevnikService with its offline copy, against a real dnevnik-sandbox:
 * stale-while-revalidate loads, offline starts, a damaged cache file,
 * sign-out wipes, "don't remember me", and a whole school year synced.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "dnevnik-cache-private.h"
#include "dnevnik-service-private.h"
#include "dnevnik-test-service.h"

#define TODAY "--today=2026-11-25"

typedef struct
{
  DnevnikTestSandbox *sandbox;
  DnevnikTokenStore  *store;
  char               *cache_path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->sandbox = dnevnik_test_sandbox_new (TODAY, NULL);
  fixture->store = dnevnik_memory_token_store_new ();
  fixture->cache_path = g_build_filename (dnevnik_test_sandbox_get_tmp_dir (fixture->sandbox),
                                          "cache", "cache.sqlite", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->sandbox, dnevnik_test_sandbox_free);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->cache_path, g_free);
}

static GDate *
date_new (guint day,
          guint month,
          guint year)
{
  return g_date_new_dmy (day, month, year);
}

static DnevnikService *
cached_service (Fixture *fixture)
{
  DnevnikService *service = dnevnik_test_service_new (fixture->sandbox, fixture->store);

  dnevnik_service_set_cache_path (service, fixture->cache_path);
  return service;
}

static DnevnikService *
signed_in_cached_service (Fixture    *fixture,
                          const char *login,
                          gboolean    remember)
{
  g_autoptr(GError) error = NULL;
  DnevnikService *service = cached_service (fixture);

  g_assert_true (dnevnik_test_service_sign_in (service, login, DNEVNIK_TEST_PASSWORD, remember, &error));
  g_assert_no_error (error);
  return service;
}

/* Every write the service queued so far is done: the cache runs jobs in
 * order, so a read queued now completes after them. */
static void
flush_cache (DnevnikService *service)
{
  DnevnikCache *cache = dnevnik_service_get_cache (service);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_assert_nonnull (cache);
  dnevnik_cache_get_meta_async (cache, "flush", "flush", "flush", NULL, dnevnik_test_loop_result_cb, &result);
  value = dnevnik_cache_get_meta_finish (cache, dnevnik_test_loop_await (&result), &error);
  g_assert_no_error (error);
}

static GPtrArray *
cached_days (DnevnikService *service,
             const char     *account_id)
{
  DnevnikCache *cache = dnevnik_service_get_cache (service);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  dnevnik_cache_get_range_async (cache, dnevnik_service_get_base_url (service), account_id,
                                 DNEVNIK_CACHE_KIND_DIARY_DAY, NULL, NULL, NULL,
                                 dnevnik_test_loop_result_cb, &result);
  entries = dnevnik_cache_get_range_finish (cache, dnevnik_test_loop_await (&result), &error);
  g_assert_no_error (error);
  return entries;
}

/* Drops the last reference of the test and waits until background work
 * (prefetches, writes) has let the service go, and with it its cache. */
static void
drop_service (DnevnikService **service)
{
  gpointer weak = *service;

  g_object_add_weak_pointer (G_OBJECT (weak), &weak);
  g_clear_object (service);
  while (weak != NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* The bytes of a SQLite database with its WAL and shared-memory files. */
static GByteArray *
read_database_files (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  GByteArray *all = g_byte_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (name, &contents, &length, NULL))
        g_byte_array_append (all, (const guint8 *) contents, length);
    }

  return all;
}

static gboolean
bytes_contain (GByteArray *bytes,
               const char *needle)
{
  gsize length = strlen (needle);

  for (gsize i = 0; length <= bytes->len && i <= bytes->len - length; i++)
    if (memcmp (bytes->data + i, needle, length) == 0)
      return TRUE;

  return FALSE;
}

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
  g_autoptr(DnevnikService) service = signed_in_cached_service (fixture, "ivan", TRUE);
  g_autoptr(GDate) wednesday = date_new (25, 11, 2026);
  g_autoptr(GDate) monday = date_new (23, 11, 2026);
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
  g_assert_true (dnevnik_test_service_load_week (service, wednesday, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_date_compare (dnevnik_service_get_week_start (service), monday), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 6);
  g_assert_true (dnevnik_service_get_week_model (service) == week);
  flush_cache (service);

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
  g_assert_true (dnevnik_test_service_load_week (service, wednesday, &error));
  g_assert_no_error (error);

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
  g_assert_true (dnevnik_test_service_load_week (service, wednesday, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 6);

  /* The library: the same model, filled once, then left alone. */
  g_assert_true (dnevnik_test_service_load_library (service, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_library_model (service)), ==, 11);
  g_signal_handlers_disconnect_by_func (week, on_items_changed_cb, log);
  g_signal_connect (dnevnik_service_get_library_model (service), "items-changed",
                    G_CALLBACK (on_items_changed_cb), log);
  g_assert_true (dnevnik_test_service_load_library (service, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 0);
  g_signal_handlers_disconnect_by_func (dnevnik_service_get_library_model (service), on_items_changed_cb, log);

  /* The server drops the connection: OFFLINE, the cached week stays. */
  dnevnik_test_sandbox_add_fault (fixture->sandbox, "GET", "/api/v1/diary", "drop", DNEVNIK_TEST_DROP_COUNT, 0);
  g_assert_true (dnevnik_test_service_load_week (service, wednesday, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_OFFLINE);
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 6);

  /* It answers again: READY. */
  dnevnik_test_sandbox_clear_faults (fixture->sandbox);
  g_assert_true (dnevnik_test_service_load_week (service, wednesday, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_READY);
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 6);
}

/* --- offline start ------------------------------------------------------------ */

static void
test_offline_start (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DnevnikService) service = signed_in_cached_service (fixture, "ivan", TRUE);
  g_autoptr(GDate) wednesday = date_new (25, 11, 2026);
  g_autoptr(GDate) previous_week = date_new (18, 11, 2026);
  g_autoptr(GDate) next_week = date_new (2, 12, 2026);
  g_autoptr(GDate) far_week = date_new (20, 1, 2027);
  g_autoptr(DnevnikProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (dnevnik_test_service_load_week (service, wednesday, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_test_service_refresh_link_status (service, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_test_service_load_library (service, &error));
  g_assert_no_error (error);
  /* The neighbouring weeks are prefetched: one request each. */
  dnevnik_test_service_await_counter (fixture->sandbox, "GET", "/api/v1/diary", 3);
  drop_service (&service);

  dnevnik_test_sandbox_stop (fixture->sandbox);

  service = cached_service (fixture);
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
  g_assert_true (dnevnik_test_service_load_week (service, wednesday, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_OFFLINE);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_week_model (service)), ==, 6);
  g_assert_true (dnevnik_test_service_load_week (service, previous_week, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_week_model (service)), ==, 6);
  g_assert_true (dnevnik_test_service_load_week (service, next_week, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_week_model (service)), ==, 6);
  g_assert_true (dnevnik_test_service_load_library (service, &error));
  g_assert_no_error (error);
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
  g_autoptr(GDate) wednesday = date_new (25, 11, 2026);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *dirname = g_path_get_dirname (fixture->cache_path);

  if (truncate)
    {
      g_autofree char *contents = NULL;
      gsize length;

      /* A real offline copy, cut in half behind the app's back. */
      service = signed_in_cached_service (fixture, "ivan", TRUE);
      g_assert_true (dnevnik_test_service_load_week (service, wednesday, &error));
      g_assert_no_error (error);
      dnevnik_test_service_await_counter (fixture->sandbox, "GET", "/api/v1/diary", 3);
      drop_service (&service);

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

  service = cached_service (fixture);
  g_signal_connect (service, "cache-reset", G_CALLBACK (on_cache_reset_cb), &message);
  g_assert_true (dnevnik_test_service_sign_in (service, "ivan", DNEVNIK_TEST_PASSWORD, TRUE, &error));
  g_assert_no_error (error);

  g_assert_true (dnevnik_test_service_load_week (service, wednesday, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_week_model (service)), ==, 6);

  /* Reported (when the reopen that moves the file aside is done). */
  while (message == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (message, ==, "The offline copy of your diary was damaged and has been reset");
  g_assert_cmpuint (count_aside_files (fixture->cache_path), ==, 1);

  /* And the new copy works: stored and read back, offline. */
  g_assert_true (dnevnik_test_service_load_week (service, wednesday, &error));
  g_assert_no_error (error);
  flush_cache (service);
  {
    g_autoptr(GPtrArray) days = cached_days (service, dnevnik_service_get_account_id (service));

    g_assert_cmpuint (days->len, >=, 6);
  }
  dnevnik_test_sandbox_stop (fixture->sandbox);
  g_assert_true (dnevnik_test_service_load_week (service, wednesday, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_week_model (service)), ==, 6);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_OFFLINE);
}

/* --- sign-out, then another student -------------------------------------------- */

static void
test_sign_out_wipes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DnevnikService) service = signed_in_cached_service (fixture, "ivan", TRUE);
  g_autoptr(GDate) wednesday = date_new (25, 11, 2026);
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ivan_id = NULL;
  GListModel *week = dnevnik_service_get_week_model (service);
  GListModel *library = dnevnik_service_get_library_model (service);

  g_assert_true (dnevnik_test_service_load_week (service, wednesday, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_test_service_load_library (service, &error));
  g_assert_no_error (error);
  ivan_id = g_strdup (dnevnik_service_get_account_id (service));
  g_assert_nonnull (ivan_id);
  flush_cache (service);
  bytes = read_database_files (fixture->cache_path);
  g_assert_true (bytes_contain (bytes, "Петров"));
  g_clear_pointer (&bytes, g_byte_array_unref);

  g_assert_true (dnevnik_test_service_sign_out (service, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (library), ==, 0);
  g_assert_null (dnevnik_service_get_week_start (service));
  g_assert_null (dnevnik_service_get_profile (service));
  g_assert_null (dnevnik_service_get_cache (service));

  bytes = read_database_files (fixture->cache_path);
  g_assert_cmpuint (bytes->len, >, 0);
  g_assert_false (bytes_contain (bytes, "Петров"));
  g_assert_false (bytes_contain (bytes, "\"login\":\"ivan\""));
  g_assert_false (bytes_contain (bytes, "\"login\": \"ivan\""));

  /* Мария signs in on the same computer: nothing of Иван, neither in the
   * models nor in the offline copy. */
  g_assert_true (dnevnik_test_service_sign_in (service, "maria", DNEVNIK_TEST_PASSWORD, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (week == dnevnik_service_get_week_model (service));
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (library), ==, 0);
  g_assert_cmpstr (dnevnik_service_get_account_id (service), !=, ivan_id);
  days = cached_days (service, ivan_id);
  g_assert_cmpuint (days->len, ==, 0);

  g_assert_true (dnevnik_test_service_load_week (service, wednesday, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 6);
  g_assert_cmpstr (dnevnik_profile_get_login (dnevnik_service_get_profile (service)), ==, "maria");
  flush_cache (service);
  g_clear_pointer (&days, g_ptr_array_unref);
  days = cached_days (service, ivan_id);
  g_assert_cmpuint (days->len, ==, 0);
}

/* --- "don't remember me" -------------------------------------------------------- */

static gboolean
directory_has_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) != NULL;
}

static void
test_not_remembered (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DnevnikService) service = NULL;
  g_autoptr(GDate) wednesday = date_new (25, 11, 2026);
  g_autoptr(GDate) previous_week = date_new (18, 11, 2026);
  g_autoptr(GDate) from = date_new (1, 11, 2026);
  g_autoptr(GDate) to = date_new (31, 12, 2026);
  g_autoptr(GError) error = NULL;
  const char *cache_home = g_get_user_cache_dir ();

  /* The default path on purpose: this test alone uses it. */
  g_assert_false (directory_has_files (cache_home));
  service = dnevnik_test_service_new_signed_in (fixture->sandbox, fixture->store, "ivan", FALSE);
  g_assert_false (dnevnik_service_get_remembered (service));

  g_assert_true (dnevnik_test_service_load_week (service, wednesday, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_test_service_load_library (service, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_test_service_sync_range (service, from, to, &error));
  g_assert_no_error (error);
  flush_cache (service);

  /* The offline copy works, in memory: the week shows without network. */
  dnevnik_test_sandbox_stop (fixture->sandbox);
  g_assert_true (dnevnik_test_service_load_week (service, previous_week, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_week_model (service)), ==, 6);
  g_assert_false (directory_has_files (cache_home));

  g_assert_true (dnevnik_test_service_sign_out (service, &error));
  g_assert_no_error (error);
  drop_service (&service);
  g_assert_false (directory_has_files (cache_home));
}

/* --- never a token --------------------------------------------------------------- */

static void
test_no_tokens (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(DnevnikService) service = signed_in_cached_service (fixture, "maria", TRUE);
  g_autoptr(GDate) wednesday = date_new (25, 11, 2026);
  g_autoptr(DnevnikTokens) tokens = NULL;
  g_autoptr(DnevnikProfile) profile = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (dnevnik_test_service_load_week (service, wednesday, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_test_service_load_library (service, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_test_service_load_portfolio (service, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_portfolio_model (service)), ==, 8);
  g_assert_true (dnevnik_test_service_load_link_history (service, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_link_history_model (service)), >=, 1);
  g_assert_true (dnevnik_test_service_refresh_link_status (service, &error));
  g_assert_no_error (error);
  profile = dnevnik_test_service_refresh_profile (service, &error);
  g_assert_no_error (error);
  dnevnik_test_service_await_counter (fixture->sandbox, "GET", "/api/v1/diary", 3);
  flush_cache (service);

  tokens = dnevnik_test_token_store_get_tokens (fixture->store, fixture->sandbox, "maria");
  g_assert_nonnull (tokens);
  g_assert_cmpuint (strlen (tokens->access_token), >=, 16);
  g_assert_cmpuint (strlen (tokens->refresh_token), >=, 16);

  bytes = read_database_files (fixture->cache_path);
  g_assert_true (bytes_contain (bytes, "7003921845"));
  g_assert_false (bytes_contain (bytes, tokens->access_token));
  g_assert_false (bytes_contain (bytes, tokens->refresh_token));
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
  g_autoptr(DnevnikService) service = signed_in_cached_service (fixture, "ivan", TRUE);
  g_autoptr(GDate) wednesday = date_new (25, 11, 2026);
  g_autoptr(GDate) later = date_new (3, 3, 2027);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *pages = NULL;
  g_autofree char *limit = NULL;
  g_autoptr(GPtrArray) days = NULL;
  DnevnikCache *cache;

  g_signal_connect (service, "cache-failed", G_CALLBACK (on_cache_reset_cb), &message);
  g_assert_true (dnevnik_test_service_load_week (service, wednesday, &error));
  g_assert_no_error (error);
  flush_cache (service);
  cache = dnevnik_service_get_cache (service);

  /* The disk is full from now on (as far as this database can tell):
   * SQLite clamps the limit to the pages in use, which background
   * prefetches may still be adding to. */
  limit = exec_sql (cache, "PRAGMA max_page_count = 1");
  pages = exec_sql (cache, "PRAGMA page_count");
  g_assert_cmpuint (g_ascii_strtoull (limit, NULL, 10), >=, 1);
  g_assert_cmpuint (g_ascii_strtoull (pages, NULL, 10), <=, g_ascii_strtoull (limit, NULL, 10));

  /* What the student asks for still comes, fresh from the server… */
  g_assert_true (dnevnik_test_service_load_week (service, later, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_week_model (service)), ==, 6);
  flush_cache (service);

  /* …the student is told, once, that the offline copy falls behind… */
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "disk space"));
  g_clear_pointer (&message, g_free);
  g_assert_true (dnevnik_test_service_load_library (service, &error));
  g_assert_no_error (error);
  flush_cache (service);
  g_assert_null (message);

  /* …and what was cached before is kept. */
  days = cached_days (service, dnevnik_service_get_account_id (service));
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
  g_autoptr(DnevnikService) service = signed_in_cached_service (fixture, "olga", TRUE);
  g_autoptr(GDate) from = date_new (1, 9, 2026);
  g_autoptr(GDate) to = date_new (31, 5, 2027);
  g_autoptr(GDate) monday = date_new (7, 9, 2026);
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

  days = cached_days (service, dnevnik_service_get_account_id (service));
  g_assert_cmpuint (days->len, ==, g_date_days_between (from, to) + 1);

  /* Every week of the year, with the network gone (the first and last
   * weeks reach outside the range: 7 September to 29 May). */
  dnevnik_test_sandbox_stop (fixture->sandbox);
  while (g_date_days_between (monday, to) >= 5)
    {
      GListModel *week = dnevnik_service_get_week_model (service);

      g_assert_true (dnevnik_test_service_load_week (service, monday, &error));
      g_assert_no_error (error);
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
  g_autoptr(DnevnikService) service = signed_in_cached_service (fixture, "ivan", TRUE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GDate) from = date_new (1, 9, 2026);
  g_autoptr(GDate) to = date_new (31, 5, 2027);
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

#define ADD(path, func, data) \
  g_test_add ("/service-cache/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("cached-first", test_cached_first, NULL);
  ADD ("offline-start", test_offline_start, NULL);
  ADD ("corrupt/random", test_corrupt, GINT_TO_POINTER (FALSE));
  ADD ("corrupt/truncated", test_corrupt, GINT_TO_POINTER (TRUE));
  ADD ("sign-out-wipes", test_sign_out_wipes, NULL);
  ADD ("not-remembered", test_not_remembered, NULL);
  ADD ("no-tokens", test_no_tokens, NULL);
  ADD ("disk-full", test_disk_full, NULL);
  ADD ("year-sync", test_year_sync, NULL);
  ADD ("sync-cancelled", test_sync_cancelled, NULL);

#undef ADD

  return g_test_run ();
}
