/* SPDX-License-Identifier: GPL-3.0-or-later */

/* DnevnikService on top of a provider that is not API v1: the in-memory
 * DnevnikTestProvider.  Whatever the service does here it does through
 * the DnevnikProvider interface alone.
 */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "dnevnik-service-private.h"
#include "dnevnik-test-disk.h"
#include "dnevnik-test-provider.h"
#include "dnevnik-test-service.h"

#define ALL_CAPABILITIES (DNEVNIK_PROVIDER_CAPABILITY_DIARY | DNEVNIK_PROVIDER_CAPABILITY_LIBRARY | \
                          DNEVNIK_PROVIDER_CAPABILITY_PORTFOLIO | DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM | \
                          DNEVNIK_PROVIDER_CAPABILITY_LINK_HISTORY)
/* The in-memory provider has no marks; the API v1 one has them too. */
#define V1_CAPABILITIES (ALL_CAPABILITIES | DNEVNIK_PROVIDER_CAPABILITY_MARKS)

typedef struct
{
  DnevnikTestProvider *provider;
  DnevnikService      *service;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->provider = dnevnik_test_provider_new (ALL_CAPABILITIES);
  fixture->service = dnevnik_service_new_for_provider (DNEVNIK_PROVIDER (fixture->provider), NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  dnevnik_test_service_drop (&fixture->service);
  g_assert_finalize_object (g_steal_pointer (&fixture->provider));
}

static void
sign_in_or_fail (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dnevnik_test_service_sign_in (fixture->service, DNEVNIK_TEST_PROVIDER_LOGIN,
                                               DNEVNIK_TEST_PROVIDER_PASSWORD, FALSE, &error));
  g_assert_no_error (error);
}

static const char *
first_homework (GListModel *week,
                guint       position)
{
  g_autoptr(DnevnikDiaryDay) day = g_list_model_get_item (week, position);
  g_autoptr(DnevnikLesson) lesson = g_list_model_get_item (dnevnik_diary_day_get_lessons (day), 0);

  /* The day holds the lesson, the week the day: they outlive this call. */
  return dnevnik_lesson_get_homework (lesson)[0];
}

static void
test_sign_in (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DnevnikProfile *profile;

  g_assert_cmpstr (dnevnik_service_get_base_url (fixture->service), ==, "test:in-memory");

  g_assert_false (dnevnik_test_service_sign_in (fixture->service, DNEVNIK_TEST_PROVIDER_LOGIN, "wrong", FALSE, &error));
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_INVALID_CREDENTIALS);
  g_assert_cmpint (dnevnik_service_get_state (fixture->service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
  g_clear_error (&error);

  sign_in_or_fail (fixture);
  g_assert_cmpint (dnevnik_service_get_state (fixture->service), ==, DNEVNIK_SERVICE_STATE_READY);
  g_assert_cmpstr (dnevnik_service_get_login (fixture->service), ==, DNEVNIK_TEST_PROVIDER_LOGIN);

  profile = dnevnik_service_get_profile (fixture->service);
  g_assert_nonnull (profile);
  g_assert_cmpstr (dnevnik_profile_get_first_name (profile), ==, "Анна");
  g_assert_cmpstr (dnevnik_service_get_account_id (fixture->service), ==, DNEVNIK_TEST_PROVIDER_PROFILE_ID);
  g_assert_cmpuint (dnevnik_test_provider_get_calls (fixture->provider, "profile"), ==, 1);

  g_assert_true (dnevnik_test_service_sign_out (fixture->service, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dnevnik_service_get_state (fixture->service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
  g_assert_null (dnevnik_service_get_profile (fixture->service));
  g_assert_cmpuint (dnevnik_test_provider_get_calls (fixture->provider, "sign-out"), ==, 1);
}

static void
test_diary (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) days = NULL;
  GListModel *week = dnevnik_service_get_week_model (fixture->service);
  GDate wednesday, friday, next_week;

  sign_in_or_fail (fixture);
  g_date_clear (&wednesday, 1);
  g_date_set_dmy (&wednesday, 4, G_DATE_NOVEMBER, 2026);
  friday = wednesday;
  g_date_add_days (&friday, 2);

  /* A range, fresh from the provider. */
  days = dnevnik_test_service_fetch_diary (fixture->service, &wednesday, &friday, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (days), ==, 3);

  /* The week, from the provider. */
  dnevnik_test_service_assert_load_week (fixture->service, &wednesday);
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 6);
  g_assert_cmpstr (first_homework (week, 0), ==, "§ 1");

  /* Elsewhere, then back while the server is gone: the offline copy. */
  next_week = wednesday;
  g_date_add_days (&next_week, 7);
  dnevnik_test_service_assert_load_week (fixture->service, &next_week);

  dnevnik_test_provider_set_homework (fixture->provider, "§ 2");
  dnevnik_test_provider_set_reachable (fixture->provider, FALSE);
  dnevnik_test_service_assert_load_week (fixture->service, &wednesday);
  g_assert_cmpint (dnevnik_service_get_state (fixture->service), ==, DNEVNIK_SERVICE_STATE_OFFLINE);
  g_assert_cmpuint (g_list_model_get_n_items (week), ==, 6);
  g_assert_cmpstr (first_homework (week, 0), ==, "§ 1");

  /* Back online: what the provider says now replaces the copy. */
  dnevnik_test_provider_set_reachable (fixture->provider, TRUE);
  dnevnik_test_service_assert_load_week (fixture->service, &wednesday);
  g_assert_cmpint (dnevnik_service_get_state (fixture->service), ==, DNEVNIK_SERVICE_STATE_READY);
  g_assert_cmpstr (first_homework (week, 0), ==, "§ 2");
}

static void
test_lists (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) library = NULL;

  sign_in_or_fail (fixture);

  library = dnevnik_test_service_fetch_library (fixture->service, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (library), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_library_model (fixture->service)), ==, 2);

  g_assert_true (dnevnik_test_service_load_portfolio (fixture->service, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_portfolio_model (fixture->service)), ==, 1);

  g_assert_true (dnevnik_test_service_load_link_history (fixture->service, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_link_history_model (fixture->service)), ==, 0);
}

static void
load_link_history (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dnevnik_test_service_load_link_history (fixture->service, &error));
  g_assert_no_error (error);
}

static void
test_link (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DnevnikLinkRequest) request = NULL;
  g_autoptr(DnevnikLinkEvent) newest = NULL;
  DnevnikLinkStatus *status = dnevnik_service_get_link_status (fixture->service);
  GListModel *history = dnevnik_service_get_link_history_model (fixture->service);

  sign_in_or_fail (fixture);
  g_assert_true (dnevnik_test_service_refresh_link_status (fixture->service, &error));
  g_assert_no_error (error);
  g_assert_false (dnevnik_link_status_get_linked (status));

  request = dnevnik_test_service_link_start (fixture->service, "8 916 123-45-67", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dnevnik_link_request_get_request_id (request), ==, "request-+79161234567");
  g_assert_cmpint (dnevnik_link_request_get_code_length (request), ==, 4);

  /* A provider that leaves resend out: refused without a call. */
  g_assert_null (dnevnik_test_service_link_resend (fixture->service, request, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  g_assert_false (dnevnik_test_service_link_confirm (fixture->service, request, "1357", &error));
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_INVALID_CODE);
  g_assert_cmpint (dnevnik_service_error_get_attempts_left (error), ==, 2);
  g_assert_false (dnevnik_link_status_get_linked (status));
  g_clear_error (&error);

  g_assert_true (dnevnik_test_service_link_confirm (fixture->service, request, DNEVNIK_TEST_PROVIDER_CODE, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_link_status_get_linked (status));
  g_assert_cmpstr (dnevnik_link_status_get_account_id (status), ==, "9000000001");

  load_link_history (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);

  g_assert_true (dnevnik_test_service_unlink (fixture->service, &error));
  g_assert_no_error (error);
  g_assert_false (dnevnik_link_status_get_linked (status));

  load_link_history (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 2);
  newest = g_list_model_get_item (history, 0);
  g_assert_cmpint (dnevnik_link_event_get_kind (newest), ==, DNEVNIK_LINK_EVENT_UNLINKED);
}

static void
test_refresh (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DnevnikProfile) profile = NULL;

  sign_in_or_fail (fixture);
  g_assert_cmpuint (dnevnik_test_provider_get_calls (fixture->provider, "refresh"), ==, 0);

  /* 401 → one refresh → the same call again, with the new token. */
  dnevnik_test_provider_revoke_access (fixture->provider);
  profile = dnevnik_test_service_refresh_profile (fixture->service, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
  g_assert_cmpuint (dnevnik_test_provider_get_calls (fixture->provider, "refresh"), ==, 1);
  g_assert_cmpuint (dnevnik_test_provider_get_calls (fixture->provider, "profile"), ==, 3);
  g_assert_cmpint (dnevnik_service_get_state (fixture->service), ==, DNEVNIK_SERVICE_STATE_READY);

  /* The server failing is not the session ending. */
  g_clear_object (&profile);
  dnevnik_test_provider_fail_next (fixture->provider, DNEVNIK_SERVICE_ERROR_SERVER);
  profile = dnevnik_test_service_refresh_profile (fixture->service, &error);
  g_assert_null (profile);
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_SERVER);
  g_assert_cmpint (dnevnik_service_get_state (fixture->service), ==, DNEVNIK_SERVICE_STATE_READY);
  g_clear_error (&error);

  /* Unreachable: the profile stays, from the offline copy. */
  dnevnik_test_provider_set_reachable (fixture->provider, FALSE);
  profile = dnevnik_test_service_refresh_profile (fixture->service, &error);
  g_assert_null (profile);
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NETWORK);
  g_assert_cmpint (dnevnik_service_get_state (fixture->service), ==, DNEVNIK_SERVICE_STATE_OFFLINE);
  g_assert_nonnull (dnevnik_service_get_profile (fixture->service));
}

static void
test_restore (void)
{
  g_autoptr(DnevnikTestProvider) provider = dnevnik_test_provider_new (ALL_CAPABILITIES);
  g_autoptr(DnevnikTokenStore) store = dnevnik_memory_token_store_new ();
  g_autoptr(DnevnikService) first = NULL;
  g_autoptr(DnevnikService) second = NULL;
  g_autoptr(DnevnikProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dnevnik-provider-XXXXXX", &error);
  g_autofree char *cache_path = g_build_filename (dir, "cache.sqlite", NULL);

  g_assert_no_error (error);

  /* Remembered, under the provider's name for its server. */
  first = dnevnik_service_new_for_provider (DNEVNIK_PROVIDER (provider), store);
  dnevnik_service_set_cache_path (first, cache_path);
  g_assert_true (dnevnik_test_service_sign_in (first, DNEVNIK_TEST_PROVIDER_LOGIN, DNEVNIK_TEST_PROVIDER_PASSWORD, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_service_get_remembered (first));
  dnevnik_test_service_flush_cache (first);

  /* The next run continues it without a password, and without a request. */
  second = dnevnik_service_new_for_provider (DNEVNIK_PROVIDER (provider), store);
  dnevnik_service_set_cache_path (second, cache_path);
  g_assert_true (dnevnik_test_service_restore_session (second, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dnevnik_service_get_state (second), ==, DNEVNIK_SERVICE_STATE_READY);
  g_assert_cmpstr (dnevnik_service_get_login (second), ==, DNEVNIK_TEST_PROVIDER_LOGIN);
  g_assert_cmpuint (dnevnik_test_provider_get_calls (provider, "sign-in"), ==, 1);
  g_assert_cmpuint (dnevnik_test_provider_get_calls (provider, "refresh"), ==, 0);

  /* Offline at once: the profile the first run cached is shown. */
  dnevnik_test_provider_set_reachable (provider, FALSE);
  profile = dnevnik_test_service_refresh_profile (second, &error);
  g_assert_null (profile);
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NETWORK);
  g_assert_nonnull (dnevnik_service_get_profile (second));
  g_assert_cmpstr (dnevnik_profile_get_id (dnevnik_service_get_profile (second)), ==,
                   DNEVNIK_TEST_PROVIDER_PROFILE_ID);
  g_clear_error (&error);

  dnevnik_test_provider_set_reachable (provider, TRUE);
  g_assert_true (dnevnik_test_service_sign_out (second, &error));
  g_assert_no_error (error);
  dnevnik_test_service_drop (&second);

  /* Signed out: nothing left to restore. */
  second = dnevnik_service_new_for_provider (DNEVNIK_PROVIDER (provider), store);
  dnevnik_service_set_cache_path (second, cache_path);
  g_assert_false (dnevnik_test_service_restore_session (second, NULL, &error));
  g_assert_no_error (error);

  dnevnik_test_service_drop (&first);
  dnevnik_test_service_drop (&second);
  dnevnik_test_disk_remove_tree (dir);
}

static void
test_capabilities (void)
{
  g_autoptr(DnevnikTestProvider) provider = NULL;
  g_autoptr(DnevnikService) service = NULL;
  g_autoptr(DnevnikService) v1_service = NULL;
  g_autoptr(GListModel) library = NULL;
  g_autoptr(GError) error = NULL;

  /* The API v1 provider does everything. */
  v1_service = dnevnik_service_new ("http://127.0.0.1:1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dnevnik_service_get_capabilities (v1_service), ==, V1_CAPABILITIES);

  /* A provider without a library and without Сферум. */
  provider = dnevnik_test_provider_new (DNEVNIK_PROVIDER_CAPABILITY_DIARY | DNEVNIK_PROVIDER_CAPABILITY_PORTFOLIO);
  service = dnevnik_service_new_for_provider (DNEVNIK_PROVIDER (provider), NULL);
  g_assert_cmpint (dnevnik_service_get_capabilities (service), ==,
                   DNEVNIK_PROVIDER_CAPABILITY_DIARY | DNEVNIK_PROVIDER_CAPABILITY_PORTFOLIO);
  g_assert_true (dnevnik_test_service_sign_in (service, DNEVNIK_TEST_PROVIDER_LOGIN, DNEVNIK_TEST_PROVIDER_PASSWORD, FALSE, &error));
  g_assert_no_error (error);

  library = dnevnik_test_service_fetch_library (service, &error);
  g_assert_null (library);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  g_assert_false (dnevnik_test_service_load_library (service, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  g_assert_false (dnevnik_test_service_refresh_link_status (service, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  /* Refused before asking: the provider never saw these calls. */
  g_assert_cmpuint (dnevnik_test_provider_get_calls (provider, "library"), ==, 0);
  g_assert_cmpuint (dnevnik_test_provider_get_calls (provider, "link-status"), ==, 0);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_READY);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/service-provider/sign-in", Fixture, NULL, fixture_set_up, test_sign_in, fixture_tear_down);
  g_test_add ("/service-provider/diary", Fixture, NULL, fixture_set_up, test_diary, fixture_tear_down);
  g_test_add ("/service-provider/lists", Fixture, NULL, fixture_set_up, test_lists, fixture_tear_down);
  g_test_add ("/service-provider/link", Fixture, NULL, fixture_set_up, test_link, fixture_tear_down);
  g_test_add ("/service-provider/refresh", Fixture, NULL, fixture_set_up, test_refresh, fixture_tear_down);
  g_test_add_func ("/service-provider/restore", test_restore);
  g_test_add_func ("/service-provider/capabilities", test_capabilities);

  return g_test_run ();
}
