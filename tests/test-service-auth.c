/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dnevnik-test-service.h"

/* Sessions against a real sandbox: sign-in, restore, sign-out, token
 * refresh (single-flight), the offline state, faults and cancellation.
 * Tokens live in a memory store here; test-service-tokens covers the
 * keyring.
 */

static void
on_state_notify_cb (GObject    *object,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  GArray *states = user_data;
  DnevnikServiceState state = dnevnik_service_get_state (DNEVNIK_SERVICE (object));

  g_array_append_val (states, state);
}

static void
test_sign_in (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new (sandbox, NULL);
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (DnevnikServiceState));
  g_autoptr(GError) error = NULL;
  DnevnikProfile *profile;

  g_signal_connect (service, "notify::state", G_CALLBACK (on_state_notify_cb), states);

  g_assert_true (dnevnik_test_service_sign_in (service, "ivan", DNEVNIK_TEST_PASSWORD, FALSE, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (states->len, ==, 2);
  g_assert_cmpint (g_array_index (states, DnevnikServiceState, 0), ==, DNEVNIK_SERVICE_STATE_SIGNING_IN);
  g_assert_cmpint (g_array_index (states, DnevnikServiceState, 1), ==, DNEVNIK_SERVICE_STATE_READY);

  g_assert_cmpstr (dnevnik_service_get_login (service), ==, "ivan");
  g_assert_false (dnevnik_service_get_remembered (service));
  profile = dnevnik_service_get_profile (service);
  g_assert_nonnull (profile);
  g_assert_cmpstr (dnevnik_profile_get_first_name (profile), ==, "Иван");
  g_assert_cmpstr (dnevnik_profile_get_last_name (profile), ==, "Петров");
  g_assert_cmpstr (dnevnik_profile_get_class_name (profile), ==, "8 «Б»");

  /* A second sign-in needs a sign-out first. */
  g_assert_false (dnevnik_test_service_sign_in (service, "olga", DNEVNIK_TEST_PASSWORD, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_assert_cmpstr (dnevnik_service_get_login (service), ==, "ivan");
}

static void
test_invalid_credentials (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new (sandbox, NULL);
  g_autoptr(GError) error = NULL;
  gboolean limited = FALSE;

  g_assert_false (dnevnik_test_service_sign_in (service, "ivan", "wrong", FALSE, &error));
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_INVALID_CREDENTIALS);
  g_assert_cmpstr (dnevnik_service_error_get_server_code (error), ==, "invalid_credentials");
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
  g_assert_null (dnevnik_service_get_login (service));
  g_assert_null (dnevnik_service_get_profile (service));

  /* Login throttling: after a few failures the server says to wait. */
  for (guint i = 0; i < 10 && !limited; i++)
    {
      g_clear_error (&error);
      g_assert_false (dnevnik_test_service_sign_in (service, "ivan", "wrong", FALSE, &error));
      if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_RATE_LIMITED))
        limited = TRUE;
      else
        g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_INVALID_CREDENTIALS);
    }

  g_assert_true (limited);
  g_assert_cmpint (dnevnik_service_error_get_retry_after (error), >, 0);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
}

static void
test_sign_in_faults (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  static const char * const paths[] = { "/api/v1/auth/login", "/api/v1/profile" };
  guint n_faults;
  const DnevnikTestFault *faults = dnevnik_test_service_get_faults (&n_faults);

  for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
    for (guint i = 0; i < n_faults; i++)
      {
        g_autoptr(DnevnikTokenStore) store = dnevnik_memory_token_store_new ();
        g_autoptr(DnevnikService) service = dnevnik_test_service_new (sandbox, store);
        g_autoptr(GError) error = NULL;

        g_test_message ("%s on %s", faults[i].kind, paths[p]);
        dnevnik_test_sandbox_add_fault (sandbox, NULL, paths[p], faults[i].kind, faults[i].count, 0);

        g_assert_false (dnevnik_test_service_sign_in (service, "ivan", DNEVNIK_TEST_PASSWORD, TRUE, &error));
        g_assert_error (error, DNEVNIK_SERVICE_ERROR, faults[i].code);
        g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
        g_assert_null (dnevnik_service_get_login (service));
        g_assert_null (dnevnik_service_get_profile (service));
        g_assert_cmpuint (dnevnik_memory_token_store_get_count (DNEVNIK_MEMORY_TOKEN_STORE (store)), ==, 0);

        dnevnik_test_sandbox_clear_faults (sandbox);
      }
}

static void
test_sign_in_timeout (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new (sandbox, NULL);
  g_autoptr(GError) error = NULL;

  dnevnik_service_set_timeout (service, 1);
  g_assert_cmpuint (dnevnik_service_get_timeout (service), ==, 1);
  dnevnik_test_sandbox_add_fault (sandbox, "POST", "/api/v1/auth/login", "delay", 1, 4000);

  g_assert_false (dnevnik_test_service_sign_in (service, "ivan", DNEVNIK_TEST_PASSWORD, FALSE, &error));
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_TIMEOUT);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
}

/* Cancels a sign-in while the request to @path is held by the server. */
static void
cancel_sign_in_at (DnevnikTestSandbox *sandbox,
                   const char         *method,
                   const char         *path)
{
  g_autoptr(DnevnikTokenStore) store = dnevnik_memory_token_store_new ();
  g_autoptr(DnevnikService) service = dnevnik_test_service_new (sandbox, store);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dnevnik_test_sandbox_reset_counters (sandbox);
  dnevnik_test_sandbox_add_fault (sandbox, method, path, "delay", 1, 3000);

  dnevnik_service_sign_in_async (service, "ivan", DNEVNIK_TEST_PASSWORD, TRUE, cancellable,
                                 dnevnik_test_loop_result_cb, &result);
  dnevnik_test_service_await_counter (sandbox, method, path, 1);
  g_cancellable_cancel (cancellable);

  g_assert_false (dnevnik_service_sign_in_finish (service, dnevnik_test_loop_await (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
  g_assert_null (dnevnik_service_get_login (service));
  g_assert_null (dnevnik_service_get_profile (service));
  g_assert_false (dnevnik_service_get_remembered (service));
  g_assert_cmpuint (dnevnik_memory_token_store_get_count (DNEVNIK_MEMORY_TOKEN_STORE (store)), ==, 0);

  dnevnik_test_sandbox_clear_faults (sandbox);
}

static void
test_sign_in_cancel (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);

  /* Before the server answered the login… */
  cancel_sign_in_at (sandbox, "POST", "/api/v1/auth/login");

  /* …and after it issued tokens: they must be revoked again. */
  cancel_sign_in_at (sandbox, "GET", "/api/v1/profile");
  dnevnik_test_service_await_counter (sandbox, "POST", "/api/v1/auth/logout", 1);

  /* Cancelled before it started. */
  {
    g_autoptr(DnevnikService) service = dnevnik_test_service_new (sandbox, NULL);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    g_cancellable_cancel (cancellable);
    dnevnik_service_sign_in_async (service, "ivan", DNEVNIK_TEST_PASSWORD, FALSE, cancellable,
                                   dnevnik_test_loop_result_cb, &result);
    g_assert_false (dnevnik_service_sign_in_finish (service, dnevnik_test_loop_await (&result), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
  }
}

static void
test_sign_out (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikTokenStore) store = dnevnik_memory_token_store_new ();
  g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, store, "maria", TRUE);
  g_autoptr(DnevnikTokens) tokens = dnevnik_test_token_store_get_tokens (store, sandbox, "maria");
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  DnevnikLinkStatus *status = dnevnik_service_get_link_status (service);
  guint http_status = 0;

  g_assert_true (dnevnik_service_get_remembered (service));
  g_assert_nonnull (tokens);
  g_assert_true (dnevnik_test_service_refresh_link_status (service, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_link_status_get_linked (status));

  dnevnik_test_sandbox_reset_counters (sandbox);
  g_assert_true (dnevnik_test_service_sign_out (service, &error));
  g_assert_no_error (error);

  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
  g_assert_null (dnevnik_service_get_login (service));
  g_assert_null (dnevnik_service_get_profile (service));
  g_assert_false (dnevnik_service_get_remembered (service));
  /* The same object, now saying "not linked". */
  g_assert_true (dnevnik_service_get_link_status (service) == status);
  g_assert_false (dnevnik_link_status_get_linked (status));
  g_assert_cmpuint (dnevnik_memory_token_store_get_count (DNEVNIK_MEMORY_TOKEN_STORE (store)), ==, 0);

  /* Revoked on the server. */
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "POST", "/api/v1/auth/logout"), ==, 1);
  reply = dnevnik_test_sandbox_request (sandbox, "GET", "/api/v1/profile", NULL, &http_status);
  g_assert_cmpuint (http_status, ==, SOUP_STATUS_UNAUTHORIZED);
  {
    g_autoptr(JsonNode) node = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/profile", tokens->access_token,
                                                          NULL, SOUP_STATUS_UNAUTHORIZED);
  }

  /* Calls now fail cleanly. */
  {
    g_autoptr(GListModel) items = dnevnik_test_service_fetch_library (service, &error);

    g_assert_null (items);
    g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED);
    g_clear_error (&error);
  }

  /* Signing out while offline still ends the session here. */
  {
    g_autoptr(DnevnikService) other = dnevnik_test_service_new_signed_in (sandbox, store, "ivan", TRUE);

    dnevnik_test_sandbox_add_fault (sandbox, "POST", "/api/v1/auth/logout", "drop", DNEVNIK_TEST_DROP_COUNT, 0);
    g_assert_true (dnevnik_test_service_sign_out (other, &error));
    g_assert_no_error (error);
    g_assert_cmpint (dnevnik_service_get_state (other), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
    g_assert_cmpuint (dnevnik_memory_token_store_get_count (DNEVNIK_MEMORY_TOKEN_STORE (store)), ==, 0);
  }

  /* Signing out when signed out is harmless. */
  g_assert_true (dnevnik_test_service_sign_out (service, &error));
  g_assert_no_error (error);
}

static void
test_restore (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikTokenStore) store = dnevnik_memory_token_store_new ();
  g_autoptr(DnevnikService) first = NULL;
  g_autoptr(DnevnikService) second = NULL;
  g_autoptr(DnevnikService) empty = NULL;
  g_autoptr(DnevnikProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing remembered yet, and no store at all. */
  empty = dnevnik_test_service_new (sandbox, NULL);
  g_assert_false (dnevnik_test_service_restore_session (empty, NULL, &error));
  g_assert_no_error (error);
  second = dnevnik_test_service_new (sandbox, store);
  g_assert_false (dnevnik_test_service_restore_session (second, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dnevnik_service_get_state (second), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
  g_clear_object (&second);

  first = dnevnik_test_service_new_signed_in (sandbox, store, "olga", TRUE);
  g_clear_object (&first);
  first = dnevnik_test_service_new_signed_in (sandbox, store, "ivan", TRUE);

  /* The login remembered last, without a request to the server. */
  dnevnik_test_sandbox_reset_counters (sandbox);
  second = dnevnik_test_service_new (sandbox, store);
  g_assert_true (dnevnik_test_service_restore_session (second, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dnevnik_service_get_state (second), ==, DNEVNIK_SERVICE_STATE_READY);
  g_assert_cmpstr (dnevnik_service_get_login (second), ==, "ivan");
  g_assert_true (dnevnik_service_get_remembered (second));
  g_assert_null (dnevnik_service_get_profile (second));
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "POST", "/api/v1/auth/refresh"), ==, 0);

  profile = dnevnik_test_service_refresh_profile (second, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dnevnik_profile_get_login (profile), ==, "ivan");
  g_assert_true (dnevnik_service_get_profile (second) == profile);
  g_clear_object (&second);

  /* A named login; an unknown one restores nothing. */
  second = dnevnik_test_service_new (sandbox, store);
  g_assert_true (dnevnik_test_service_restore_session (second, "olga", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dnevnik_service_get_login (second), ==, "olga");
  g_clear_object (&second);

  second = dnevnik_test_service_new (sandbox, store);
  g_assert_false (dnevnik_test_service_restore_session (second, "maria", &error));
  g_assert_no_error (error);
  g_assert_cmpint (dnevnik_service_get_state (second), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
}

/* Tokens the server issued, stored with an expiry of the test's choice. */
static void
store_fresh_login (DnevnikTestSandbox *sandbox,
                   DnevnikTokenStore  *store,
                   const char         *login,
                   const char         *access_token_override,
                   gint64              expires_at)
{
  g_autofree char *refresh_token = NULL;
  g_autofree char *access_token = dnevnik_test_sandbox_login (sandbox, login, &refresh_token);
  g_autoptr(DnevnikTokens) tokens = NULL;

  tokens = dnevnik_tokens_new (login, access_token_override != NULL ? access_token_override : access_token,
                               refresh_token, expires_at);
  dnevnik_test_token_store_set_tokens (store, sandbox, tokens);
}

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
test_refresh_after_ttl (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new ("--token-ttl=2", NULL);
  g_autoptr(DnevnikTokenStore) store = dnevnik_memory_token_store_new ();
  g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, store, "ivan", TRUE);
  g_autoptr(DnevnikTokens) before = dnevnik_test_token_store_get_tokens (store, sandbox, "ivan");
  g_autoptr(DnevnikTokens) after = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;

  dnevnik_test_sandbox_reset_counters (sandbox);
  /* Past the access token's life, on the server's clock as on ours. */
  dnevnik_test_loop_spin (2500);

  items = dnevnik_test_service_fetch_library (service, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (items), >, 0);
  g_assert_cmpuint (dnevnik_test_service_count_refreshes (sandbox), ==, 1);
  /* Refreshed before use, so the server never saw the expired token. */
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "GET", "/api/v1/library"), ==, 1);

  /* The rotated pair replaced the stored one. */
  while ((after = dnevnik_test_token_store_get_tokens (store, sandbox, "ivan")) != NULL &&
         g_strcmp0 (after->refresh_token, before->refresh_token) == 0)
    {
      g_clear_pointer (&after, dnevnik_tokens_free);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_nonnull (after);
  g_assert_cmpstr (after->access_token, !=, before->access_token);
  g_assert_true (dnevnik_service_get_remembered (service));
}

typedef struct
{
  guint   pending;
  guint   succeeded;
  GError *error;
} Race;

static void
on_race_library_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Race *race = user_data;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;

  items = dnevnik_service_fetch_library_finish (DNEVNIK_SERVICE (source), result, &error);
  if (items != NULL)
    race->succeeded++;
  else if (race->error == NULL)
    race->error = g_steal_pointer (&error);
  race->pending--;
}

static void
race_ten (DnevnikService *service,
          Race           *race)
{
  race->pending = 10;
  for (guint i = 0; i < 10; i++)
    dnevnik_service_fetch_library_async (service, NULL, on_race_library_cb, race);
  while (race->pending > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_single_flight_expired (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new ("--token-ttl=2", NULL);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, NULL, "ivan", FALSE);
  Race race = { 0 };

  dnevnik_test_loop_spin (2500);
  dnevnik_test_sandbox_reset_counters (sandbox);

  race_ten (service, &race);
  g_assert_no_error (race.error);
  g_assert_cmpuint (race.succeeded, ==, 10);
  g_assert_cmpuint (dnevnik_test_service_count_refreshes (sandbox), ==, 1);
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "GET", "/api/v1/library"), ==, 10);
}

static void
test_single_flight_401 (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikTokenStore) store = dnevnik_memory_token_store_new ();
  g_autoptr(DnevnikService) service = dnevnik_test_service_new (sandbox, store);
  g_autoptr(GError) error = NULL;
  Race race = { 0 };

  /* The client believes its access token good for an hour; the server
   * refuses it (revoked, or a server with another clock). */
  store_fresh_login (sandbox, store, "ivan", "revoked-access-token", now () + 3600);
  g_assert_true (dnevnik_test_service_restore_session (service, "ivan", &error));
  g_assert_no_error (error);

  dnevnik_test_sandbox_reset_counters (sandbox);
  race_ten (service, &race);
  g_assert_no_error (race.error);
  g_assert_cmpuint (race.succeeded, ==, 10);
  g_assert_cmpuint (dnevnik_test_service_count_refreshes (sandbox), ==, 1);
  /* Ten refused, ten retried with the new token. */
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "GET", "/api/v1/library"), ==, 20);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_READY);
}

static void
test_refresh_refused (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikTokenStore) store = dnevnik_memory_token_store_new ();
  DnevnikMemoryTokenStore *memory = DNEVNIK_MEMORY_TOKEN_STORE (store);
  g_autoptr(GError) error = NULL;

  /* At restore: an expired session whose refresh token is dead. */
  {
    g_autoptr(DnevnikService) service = dnevnik_test_service_new (sandbox, store);
    g_autoptr(DnevnikTokens) dead = dnevnik_tokens_new ("ivan", "dead-access", "dead-refresh", now () - 100);

    dnevnik_test_token_store_set_tokens (store, sandbox, dead);
    g_assert_false (dnevnik_test_service_restore_session (service, NULL, &error));
    g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED);
    g_clear_error (&error);
    g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
    g_assert_null (dnevnik_service_get_login (service));
    g_assert_cmpuint (dnevnik_memory_token_store_get_count (memory), ==, 0);
  }

  /* During use: a 401, then the refresh is refused too. */
  {
    g_autoptr(DnevnikService) service = dnevnik_test_service_new (sandbox, store);
    g_autoptr(DnevnikTokens) dead = dnevnik_tokens_new ("ivan", "dead-access", "dead-refresh", now () + 3600);
    g_autoptr(GListModel) items = NULL;

    dnevnik_test_token_store_set_tokens (store, sandbox, dead);
    g_assert_true (dnevnik_test_service_restore_session (service, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_READY);

    items = dnevnik_test_service_fetch_library (service, &error);
    g_assert_null (items);
    g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED);
    g_clear_error (&error);
    g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
    g_assert_false (dnevnik_service_get_remembered (service));
    g_assert_cmpuint (dnevnik_memory_token_store_get_count (memory), ==, 0);
  }
}

static void
test_refresh_transient (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikTokenStore) store = dnevnik_memory_token_store_new ();
  g_autoptr(DnevnikService) service = dnevnik_test_service_new (sandbox, store);
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;

  /* Expired at restore, and the server fails the refresh: the session is
   * kept (offline), and the next call refreshes and works. */
  store_fresh_login (sandbox, store, "ivan", NULL, now () - 1);
  dnevnik_test_sandbox_add_fault (sandbox, "POST", "/api/v1/auth/refresh", "error500", 1, 0);

  g_assert_true (dnevnik_test_service_restore_session (service, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_OFFLINE);
  g_assert_cmpstr (dnevnik_service_get_login (service), ==, "ivan");

  items = dnevnik_test_service_fetch_library (service, &error);
  g_assert_no_error (error);
  g_assert_nonnull (items);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_READY);
  g_assert_cmpuint (dnevnik_test_service_count_refreshes (sandbox), ==, 2);
  g_assert_cmpuint (dnevnik_memory_token_store_get_count (DNEVNIK_MEMORY_TOKEN_STORE (store)), ==, 1);
}

static void
test_offline (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, NULL, "ivan", FALSE);
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (DnevnikServiceState));
  g_autoptr(GError) error = NULL;

  g_signal_connect (service, "notify::state", G_CALLBACK (on_state_notify_cb), states);

  dnevnik_test_sandbox_add_fault (sandbox, "GET", "/api/v1/library", "drop", DNEVNIK_TEST_DROP_COUNT, 0);
  {
    g_autoptr(GListModel) items = dnevnik_test_service_fetch_library (service, &error);

    g_assert_null (items);
  }
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_OFFLINE);
  dnevnik_test_sandbox_clear_faults (sandbox);

  /* A server error is not "offline". */
  dnevnik_test_sandbox_add_fault (sandbox, "GET", "/api/v1/library", "error500", 1, 0);
  {
    g_autoptr(GListModel) items = dnevnik_test_service_fetch_library (service, &error);

    g_assert_null (items);
  }
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_SERVER);
  g_clear_error (&error);

  {
    g_autoptr(GListModel) items = dnevnik_test_service_fetch_library (service, &error);

    g_assert_no_error (error);
    g_assert_nonnull (items);
  }
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_READY);

  g_assert_cmpuint (states->len, ==, 2);
  g_assert_cmpint (g_array_index (states, DnevnikServiceState, 0), ==, DNEVNIK_SERVICE_STATE_OFFLINE);
  g_assert_cmpint (g_array_index (states, DnevnikServiceState, 1), ==, DNEVNIK_SERVICE_STATE_READY);
}

static void
test_unreachable_server (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new (sandbox, NULL);
  g_autoptr(GError) error = NULL;

  /* Nobody listens on the port any more. */
  dnevnik_test_sandbox_stop (sandbox);
  g_assert_false (dnevnik_test_service_sign_in (service, "ivan", DNEVNIK_TEST_PASSWORD, FALSE, &error));
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NETWORK);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service/auth/sign-in", test_sign_in);
  g_test_add_func ("/service/auth/invalid-credentials", test_invalid_credentials);
  g_test_add_func ("/service/auth/sign-in-faults", test_sign_in_faults);
  g_test_add_func ("/service/auth/sign-in-timeout", test_sign_in_timeout);
  g_test_add_func ("/service/auth/sign-in-cancel", test_sign_in_cancel);
  g_test_add_func ("/service/auth/sign-out", test_sign_out);
  g_test_add_func ("/service/auth/restore", test_restore);
  g_test_add_func ("/service/auth/refresh-after-ttl", test_refresh_after_ttl);
  g_test_add_func ("/service/auth/single-flight-expired", test_single_flight_expired);
  g_test_add_func ("/service/auth/single-flight-401", test_single_flight_401);
  g_test_add_func ("/service/auth/refresh-refused", test_refresh_refused);
  g_test_add_func ("/service/auth/refresh-transient", test_refresh_transient);
  g_test_add_func ("/service/auth/offline", test_offline);
  g_test_add_func ("/service/auth/unreachable", test_unreachable_server);

  return g_test_run ();
}
