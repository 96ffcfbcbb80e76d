/* SPDX-License-Identifier: GPL-3.0-or-later */

/* What the offline copy keeps of a student, against a real
 * dnevnik-sandbox: signing out wipes it (checked on the raw database
 * files, WAL included), "don't remember me" keeps it in memory only, and
 * it never holds a token.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "dnevnik-service-private.h"
#include "dnevnik-test-disk.h"
#include "dnevnik-test-service.h"

typedef DnevnikTestCacheFixture Fixture;

/* --- sign-out, then another student -------------------------------------------- */

static void
test_sign_out_wipes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DnevnikService) service = dnevnik_test_cache_fixture_new_signed_in (fixture, "ivan", TRUE);
  g_autoptr(GDate) wednesday = g_date_new_dmy (25, 11, 2026);
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ivan_id = NULL;
  GListModel *week = dnevnik_service_get_week_model (service);
  GListModel *library = dnevnik_service_get_library_model (service);

  dnevnik_test_service_assert_load_week (service, wednesday);
  dnevnik_test_service_assert_load_library (service);
  ivan_id = g_strdup (dnevnik_service_get_account_id (service));
  g_assert_nonnull (ivan_id);
  dnevnik_test_service_flush_cache (service);
  bytes = dnevnik_test_disk_read_database (fixture->cache_path);
  g_assert_true (dnevnik_test_disk_contains ((const char *) bytes->data, bytes->len, "Петров"));
  g_clear_pointer (&bytes, g_byte_array_unref);

  g_assert_true (dnevnik_test_service_sign_out (service, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (library), ==, 0);
  g_assert_null (dnevnik_service_get_week_start (service));
  g_assert_null (dnevnik_service_get_profile (service));
  g_assert_null (dnevnik_service_get_cache (service));

  bytes = dnevnik_test_disk_read_database (fixture->cache_path);
  g_assert_cmpuint (bytes->len, >, 0);
  g_assert_false (dnevnik_test_disk_contains ((const char *) bytes->data, bytes->len, "Петров"));
  g_assert_false (dnevnik_test_disk_contains ((const char *) bytes->data, bytes->len, "\"login\":\"ivan\""));
  g_assert_false (dnevnik_test_disk_contains ((const char *) bytes->data, bytes->len, "\"login\": \"ivan\""));

  /* Мария signs in on the same computer: nothing of Иван, neither in the
   * models nor in the offline copy. */
  g_assert_true (dnevnik_test_service_sign_in (service, "maria", DNEVNIK_TEST_PASSWORD, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (week == dnevnik_service_get_week_model (service));
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (library), ==, 0);
  g_assert_cmpstr (dnevnik_service_get_account_id (service), !=, ivan_id);
  days = dnevnik_test_service_dup_cached_days (service, ivan_id);
  g_assert_cmpuint (days->len, ==, 0);

  dnevnik_test_service_assert_load_week (service, wednesday);
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 6);
  g_assert_cmpstr (dnevnik_profile_get_login (dnevnik_service_get_profile (service)), ==, "maria");
  dnevnik_test_service_flush_cache (service);
  g_clear_pointer (&days, g_ptr_array_unref);
  days = dnevnik_test_service_dup_cached_days (service, ivan_id);
  g_assert_cmpuint (days->len, ==, 0);
}

/* --- "don't remember me" -------------------------------------------------------- */

static void
test_not_remembered (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DnevnikService) service = NULL;
  g_autoptr(GDate) wednesday = g_date_new_dmy (25, 11, 2026);
  g_autoptr(GDate) previous_week = g_date_new_dmy (18, 11, 2026);
  g_autoptr(GDate) from = g_date_new_dmy (1, 11, 2026);
  g_autoptr(GDate) to = g_date_new_dmy (31, 12, 2026);
  g_autoptr(GError) error = NULL;
  const char *cache_home = g_get_user_cache_dir ();

  /* The default path on purpose: this test alone uses it. */
  g_assert_false (dnevnik_test_disk_has_files (cache_home));
  service = dnevnik_test_service_new_signed_in (fixture->sandbox, fixture->store, "ivan", FALSE);
  g_assert_false (dnevnik_service_get_remembered (service));

  dnevnik_test_service_assert_load_week (service, wednesday);
  dnevnik_test_service_assert_load_library (service);
  g_assert_true (dnevnik_test_service_sync_range (service, from, to, &error));
  g_assert_no_error (error);
  dnevnik_test_service_flush_cache (service);

  /* The offline copy works, in memory: the week shows without network. */
  dnevnik_test_sandbox_stop (fixture->sandbox);
  dnevnik_test_service_assert_load_week (service, previous_week);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_week_model (service)), ==, 6);
  g_assert_false (dnevnik_test_disk_has_files (cache_home));

  g_assert_true (dnevnik_test_service_sign_out (service, &error));
  g_assert_no_error (error);
  dnevnik_test_service_drop (&service);
  g_assert_false (dnevnik_test_disk_has_files (cache_home));
}

/* --- never a token --------------------------------------------------------------- */

static void
test_no_tokens (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(DnevnikService) service = dnevnik_test_cache_fixture_new_signed_in (fixture, "maria", TRUE);
  g_autoptr(GDate) wednesday = g_date_new_dmy (25, 11, 2026);
  g_autoptr(DnevnikTokens) tokens = NULL;
  g_autoptr(DnevnikProfile) profile = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(GError) error = NULL;

  dnevnik_test_service_assert_load_week (service, wednesday);
  dnevnik_test_service_assert_load_library (service);
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
  dnevnik_test_service_flush_cache (service);

  tokens = dnevnik_test_token_store_get_tokens (fixture->store, fixture->sandbox, "maria");
  g_assert_nonnull (tokens);
  g_assert_cmpuint (strlen (tokens->access_token), >=, 16);
  g_assert_cmpuint (strlen (tokens->refresh_token), >=, 16);

  bytes = dnevnik_test_disk_read_database (fixture->cache_path);
  g_assert_true (dnevnik_test_disk_contains ((const char *) bytes->data, bytes->len, "7003921845"));
  g_assert_false (dnevnik_test_disk_contains ((const char *) bytes->data, bytes->len, tokens->access_token));
  g_assert_false (dnevnik_test_disk_contains ((const char *) bytes->data, bytes->len, tokens->refresh_token));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  dnevnik_test_cache_fixture_add ("/service-cache/sign-out-wipes", test_sign_out_wipes, NULL);
  dnevnik_test_cache_fixture_add ("/service-cache/not-remembered", test_not_remembered, NULL);
  dnevnik_test_cache_fixture_add ("/service-cache/no-tokens", test_no_tokens, NULL);

  return g_test_run ();
}
