/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include "dnevnik-cache.h"
#include "dnevnik-service-private.h"
#include "dnevnik-test-service.h"

/* Every wrapper follows the same shape: start the call with
 * dnevnik_test_loop_result_cb, wait for it with dnevnik_test_loop_await,
 * and hand the result to the matching _finish function. */

/**
 * dnevnik_test_service_new:
 * @sandbox: the server
 * @store: (nullable): where tokens are kept
 *
 * A signed-out service for @sandbox, asserting that it could be made.
 *
 * Returns: (transfer full): the service
 */
DnevnikService *
dnevnik_test_service_new (DnevnikTestSandbox *sandbox,
                          DnevnikTokenStore  *store)
{
  g_autoptr(GError) error = NULL;
  DnevnikService *service;

  service = dnevnik_service_new (dnevnik_test_sandbox_get_url (sandbox), store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (service);

  return service;
}

/**
 * dnevnik_test_service_new_signed_in:
 * @sandbox: the server
 * @store: (nullable): where tokens are kept
 * @login: a student of the demo school
 * @remember: whether the tokens go to @store
 *
 * A service signed in as @login, asserting that it reached READY.
 *
 * Returns: (transfer full): the service
 */
DnevnikService *
dnevnik_test_service_new_signed_in (DnevnikTestSandbox *sandbox,
                                    DnevnikTokenStore  *store,
                                    const char         *login,
                                    gboolean            remember)
{
  g_autoptr(GError) error = NULL;
  DnevnikService *service = dnevnik_test_service_new (sandbox, store);

  g_assert_true (dnevnik_test_service_sign_in (service, login, DNEVNIK_TEST_PASSWORD, remember, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_READY);

  return service;
}

/**
 * dnevnik_test_date:
 * @year: the year
 * @month: 1 to 12
 * @day: the day of @month
 *
 * Returns: that day, as the wrappers of ranges take it
 */
GDate
dnevnik_test_date (int year,
                   int month,
                   int day)
{
  GDate value;

  g_date_clear (&value, 1);
  g_date_set_dmy (&value, day, month, year);
  return value;
}

static void
on_remember_failed_cb (DnevnikService *service,
                       const GError   *error,
                       gpointer        user_data)
{
  GError **out = user_data;

  g_assert_null (*out);
  *out = g_error_copy (error);
  /* Emitted before the sign-in completes. */
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNING_IN);
}

/**
 * dnevnik_test_service_sign_in_without_keyring:
 * @service: a signed-out service whose token store cannot store
 * @login: a student of the demo school
 * @warning: where #DnevnikService::remember-failed puts its error, now
 *   and for as long as @service lives; %NULL until then
 *
 * Signs @login in with "remember me" and asserts what a student without
 * a working keyring gets: a session in memory (READY, not remembered,
 * the library loads) and one KEYRING warning, before the sign-in ended.
 */
void
dnevnik_test_service_sign_in_without_keyring (DnevnikService  *service,
                                              const char      *login,
                                              GError         **warning)
{
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (service, "remember-failed", G_CALLBACK (on_remember_failed_cb), warning);
  g_assert_true (dnevnik_test_service_sign_in (service, login, DNEVNIK_TEST_PASSWORD, TRUE, &error));
  g_assert_no_error (error);
  g_assert_error (*warning, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_KEYRING);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_READY);
  g_assert_false (dnevnik_service_get_remembered (service));

  /* The in-memory session works. */
  items = dnevnik_test_service_fetch_library (service, &error);
  g_assert_no_error (error);
  g_assert_nonnull (items);
}

/**
 * dnevnik_test_service_await_counter:
 * @sandbox: the server
 * @method: an HTTP method
 * @path: a path of the API
 * @count: how many requests
 *
 * Spins until @sandbox has received @count requests to @path: then a
 * request held there by a "delay" fault is known to be in flight.
 */
void
dnevnik_test_service_await_counter (DnevnikTestSandbox *sandbox,
                                    const char         *method,
                                    const char         *path,
                                    guint               count)
{
  while (dnevnik_test_sandbox_get_counter (sandbox, method, path) < count)
    dnevnik_test_loop_spin (20);
}

/**
 * dnevnik_test_service_count_refreshes:
 * @sandbox: the server
 *
 * Returns: how many token refreshes @sandbox was asked for
 */
guint
dnevnik_test_service_count_refreshes (DnevnikTestSandbox *sandbox)
{
  return dnevnik_test_sandbox_get_counter (sandbox, "POST", "/api/v1/auth/refresh");
}

/**
 * dnevnik_test_service_flush_cache:
 * @service: a service with an offline copy
 *
 * Returns once every write @service queued so far is done: the cache
 * runs its jobs in order, so a read queued now completes after them.
 */
void
dnevnik_test_service_flush_cache (DnevnikService *service)
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

/**
 * dnevnik_test_service_dup_cached_days:
 * @service: a service with an offline copy
 * @account_id: whose days
 *
 * Returns: (transfer full): every diary day the offline copy of @service
 *   holds for @account_id, as #DnevnikCacheEntry
 */
GPtrArray *
dnevnik_test_service_dup_cached_days (DnevnikService *service,
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

/**
 * dnevnik_test_service_drop:
 * @service: the test's reference
 *
 * Drops the test's reference and spins until background work
 * (prefetches, writes) has let the service go, and with it its cache.
 */
void
dnevnik_test_service_drop (DnevnikService **service)
{
  gpointer weak = *service;

  g_object_add_weak_pointer (G_OBJECT (weak), &weak);
  g_clear_object (service);
  while (weak != NULL)
    g_main_context_iteration (NULL, TRUE);
}

/**
 * dnevnik_test_service_get_faults:
 * @n_faults: (out): how many
 *
 * Every fault a reply can have, each with the error a caller of the
 * service sees for it: a server error, a malformed or truncated body, a
 * connection dropped before the reply.
 *
 * Returns: (transfer none) (array length=n_faults): the faults
 */
const DnevnikTestFault *
dnevnik_test_service_get_faults (guint *n_faults)
{
  static const DnevnikTestFault faults[] = {
    { "error500", 1, DNEVNIK_SERVICE_ERROR_SERVER },
    { "malformed", 1, DNEVNIK_SERVICE_ERROR_PROTOCOL },
    { "truncated", 1, DNEVNIK_SERVICE_ERROR_PROTOCOL },
    { "drop", DNEVNIK_TEST_DROP_COUNT, DNEVNIK_SERVICE_ERROR_NETWORK },
  };

  *n_faults = G_N_ELEMENTS (faults);
  return faults;
}

gboolean
dnevnik_test_service_sign_in (DnevnikService  *service,
                              const char      *login,
                              const char      *password,
                              gboolean         remember,
                              GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_sign_in_async (service, login, password, remember, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_sign_in_finish (service, dnevnik_test_loop_await (&result), error);
}

gboolean
dnevnik_test_service_restore_session (DnevnikService  *service,
                                      const char      *login,
                                      GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_restore_session_async (service, login, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_restore_session_finish (service, dnevnik_test_loop_await (&result), error);
}

gboolean
dnevnik_test_service_sign_out (DnevnikService  *service,
                               GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_sign_out_async (service, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_sign_out_finish (service, dnevnik_test_loop_await (&result), error);
}

DnevnikProfile *
dnevnik_test_service_refresh_profile (DnevnikService  *service,
                                      GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_refresh_profile_async (service, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_refresh_profile_finish (service, dnevnik_test_loop_await (&result), error);
}

GListModel *
dnevnik_test_service_fetch_diary (DnevnikService  *service,
                                  const GDate     *from,
                                  const GDate     *to,
                                  GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_fetch_diary_async (service, from, to, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_fetch_diary_finish (service, dnevnik_test_loop_await (&result), error);
}

/**
 * dnevnik_test_service_fetch_week:
 * @service: a signed-in service
 * @error: the call's error
 *
 * Fetches the week of the tests' "today", 25 November 2026: Monday 23
 * to Sunday 29.
 *
 * Returns: (transfer full) (nullable): what the _finish function returns
 */
GListModel *
dnevnik_test_service_fetch_week (DnevnikService  *service,
                                 GError         **error)
{
  GDate monday = dnevnik_test_date (2026, 11, 23);
  GDate sunday = dnevnik_test_date (2026, 11, 29);

  return dnevnik_test_service_fetch_diary (service, &monday, &sunday, error);
}

GListModel *
dnevnik_test_service_fetch_library (DnevnikService  *service,
                                    GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_fetch_library_async (service, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_fetch_library_finish (service, dnevnik_test_loop_await (&result), error);
}

GListModel *
dnevnik_test_service_fetch_portfolio (DnevnikService  *service,
                                      GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_fetch_portfolio_async (service, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_fetch_portfolio_finish (service, dnevnik_test_loop_await (&result), error);
}

gboolean
dnevnik_test_service_refresh_link_status (DnevnikService  *service,
                                          GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_refresh_link_status_async (service, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_refresh_link_status_finish (service, dnevnik_test_loop_await (&result), error);
}

DnevnikLinkRequest *
dnevnik_test_service_link_start (DnevnikService  *service,
                                 const char      *phone,
                                 GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_link_start_async (service, phone, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_link_start_finish (service, dnevnik_test_loop_await (&result), error);
}

DnevnikLinkRequest *
dnevnik_test_service_link_resend (DnevnikService      *service,
                                  DnevnikLinkRequest  *request,
                                  GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_link_resend_async (service, request, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_link_resend_finish (service, dnevnik_test_loop_await (&result), error);
}

gboolean
dnevnik_test_service_link_confirm (DnevnikService      *service,
                                   DnevnikLinkRequest  *request,
                                   const char          *code,
                                   GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_link_confirm_async (service, request, code, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_link_confirm_finish (service, dnevnik_test_loop_await (&result), error);
}

gboolean
dnevnik_test_service_unlink (DnevnikService  *service,
                             GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_unlink_async (service, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_unlink_finish (service, dnevnik_test_loop_await (&result), error);
}

GListModel *
dnevnik_test_service_fetch_link_history (DnevnikService  *service,
                                         GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_fetch_link_history_async (service, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_fetch_link_history_finish (service, dnevnik_test_loop_await (&result), error);
}

gboolean
dnevnik_test_service_load_week (DnevnikService  *service,
                                const GDate     *any_day_of_week,
                                GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_load_week_async (service, any_day_of_week, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_load_week_finish (service, dnevnik_test_loop_await (&result), error);
}

gboolean
dnevnik_test_service_load_library (DnevnikService  *service,
                                   GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_load_library_async (service, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_load_library_finish (service, dnevnik_test_loop_await (&result), error);
}

/**
 * dnevnik_test_service_assert_load_week:
 * @service: a signed-in service
 * @any_day_of_week: a day of the week to show
 *
 * Loads the week of @any_day_of_week, asserting that it succeeded (from
 * the server or the offline copy).
 */
void
dnevnik_test_service_assert_load_week (DnevnikService *service,
                                       const GDate    *any_day_of_week)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dnevnik_test_service_load_week (service, any_day_of_week, &error));
  g_assert_no_error (error);
}

/**
 * dnevnik_test_service_assert_load_library:
 * @service: a signed-in service
 *
 * Loads the library, asserting that it succeeded.
 */
void
dnevnik_test_service_assert_load_library (DnevnikService *service)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dnevnik_test_service_load_library (service, &error));
  g_assert_no_error (error);
}

gboolean
dnevnik_test_service_load_portfolio (DnevnikService  *service,
                                     GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_load_portfolio_async (service, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_load_portfolio_finish (service, dnevnik_test_loop_await (&result), error);
}

gboolean
dnevnik_test_service_load_link_history (DnevnikService  *service,
                                        GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_load_link_history_async (service, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_load_link_history_finish (service, dnevnik_test_loop_await (&result), error);
}

gboolean
dnevnik_test_service_sync_range (DnevnikService  *service,
                                 const GDate     *from,
                                 const GDate     *to,
                                 GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_sync_range_async (service, from, to, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_service_sync_range_finish (service, dnevnik_test_loop_await (&result), error);
}

gboolean
dnevnik_test_token_store_save (DnevnikTokenStore    *store,
                               const char           *server,
                               const DnevnikTokens  *tokens,
                               GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_token_store_save_async (store, server, tokens, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_token_store_save_finish (store, dnevnik_test_loop_await (&result), error);
}

DnevnikTokens *
dnevnik_test_token_store_load (DnevnikTokenStore  *store,
                               const char         *server,
                               const char         *login,
                               GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_token_store_load_async (store, server, login, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_token_store_load_finish (store, dnevnik_test_loop_await (&result), error);
}

gboolean
dnevnik_test_token_store_delete (DnevnikTokenStore  *store,
                                 const char         *server,
                                 const char         *login,
                                 GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_token_store_delete_async (store, server, login, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_token_store_delete_finish (store, dnevnik_test_loop_await (&result), error);
}

/**
 * dnevnik_test_token_store_get_tokens:
 * @store: a token store
 * @sandbox: the server the tokens are for
 * @login: whose
 *
 * What @store holds for @login on @sandbox, asserting that the lookup
 * itself worked.
 *
 * Returns: (transfer full) (nullable): the tokens, %NULL when none
 */
DnevnikTokens *
dnevnik_test_token_store_get_tokens (DnevnikTokenStore  *store,
                                     DnevnikTestSandbox *sandbox,
                                     const char         *login)
{
  g_autoptr(GError) error = NULL;
  DnevnikTokens *tokens;

  tokens = dnevnik_test_token_store_load (store, dnevnik_test_sandbox_get_url (sandbox), login, &error);
  g_assert_no_error (error);

  return tokens;
}

/**
 * dnevnik_test_token_store_set_tokens:
 * @store: a token store
 * @sandbox: the server the tokens are for
 * @tokens: what to keep
 *
 * Stores @tokens for @sandbox, asserting that it worked.
 */
void
dnevnik_test_token_store_set_tokens (DnevnikTokenStore   *store,
                                     DnevnikTestSandbox  *sandbox,
                                     const DnevnikTokens *tokens)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dnevnik_test_token_store_save (store, dnevnik_test_sandbox_get_url (sandbox), tokens, &error));
  g_assert_no_error (error);
}

void
dnevnik_test_cache_fixture_set_up (DnevnikTestCacheFixture *fixture,
                                   gconstpointer            data)
{
  fixture->sandbox = dnevnik_test_sandbox_new ("--today=2026-11-25", NULL);
  fixture->store = dnevnik_memory_token_store_new ();
  fixture->cache_path = g_build_filename (dnevnik_test_sandbox_get_tmp_dir (fixture->sandbox),
                                          "cache", "cache.sqlite", NULL);
}

void
dnevnik_test_cache_fixture_tear_down (DnevnikTestCacheFixture *fixture,
                                      gconstpointer            data)
{
  g_clear_pointer (&fixture->sandbox, dnevnik_test_sandbox_free);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->cache_path, g_free);
}

/**
 * dnevnik_test_cache_fixture_new_service:
 * @fixture: the fixture
 *
 * Returns: (transfer full): a signed-out service keeping its offline copy
 *   at the fixture's path
 */
DnevnikService *
dnevnik_test_cache_fixture_new_service (DnevnikTestCacheFixture *fixture)
{
  DnevnikService *service = dnevnik_test_service_new (fixture->sandbox, fixture->store);

  dnevnik_service_set_cache_path (service, fixture->cache_path);
  return service;
}

/**
 * dnevnik_test_cache_fixture_new_signed_in:
 * @fixture: the fixture
 * @login: a student of the demo school
 * @remember: whether the tokens go to the fixture's store
 *
 * Returns: (transfer full): the same, signed in as @login (asserting)
 */
/**
 * dnevnik_test_cache_fixture_add:
 * @path: the GTest path
 * @func: the test
 * @data: passed to @func
 *
 * Adds a test that runs on a #DnevnikTestCacheFixture, set up and torn
 * down by the functions above.
 */
void
dnevnik_test_cache_fixture_add (const char           *path,
                                DnevnikTestCacheFunc  func,
                                gconstpointer         data)
{
  g_test_add_vtable (path, sizeof (DnevnikTestCacheFixture), data,
                     (GTestFixtureFunc) dnevnik_test_cache_fixture_set_up, (GTestFixtureFunc) func,
                     (GTestFixtureFunc) dnevnik_test_cache_fixture_tear_down);
}

DnevnikService *
dnevnik_test_cache_fixture_new_signed_in (DnevnikTestCacheFixture *fixture,
                                          const char              *login,
                                          gboolean                 remember)
{
  g_autoptr(GError) error = NULL;
  DnevnikService *service = dnevnik_test_cache_fixture_new_service (fixture);

  g_assert_true (dnevnik_test_service_sign_in (service, login, DNEVNIK_TEST_PASSWORD, remember, &error));
  g_assert_no_error (error);
  return service;
}
