/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by the test-service-*.c tests (header-only: each test is
 * one executable).  Every wait spins the default main context until the
 * awaited thing has happened; none of them measures time.
 */

#include <locale.h>

#include "dnevnik-service.h"
#include "dnevnik-test-sandbox.h"

#define DEMO_PASSWORD "dnevnik"

/* libsoup sends a request again when a connection it had used before is
 * dropped without a reply (it may just have timed out), once per such
 * idle connection.  A "drop" fault that must reach the caller therefore
 * drops more requests than a service keeps connections (8). */
#define DROP_COUNT 10

static inline void
on_async_result_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

/* Spins until *result is set by on_async_result_cb. */
static inline GAsyncResult *
await_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static inline gboolean
on_wait_elapsed_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets wall-clock time pass (e.g. past a token's expiry) while the main
 * loop runs.  Used to set a situation up, never to assert on timing. */
static inline void
spin_for (guint ms)
{
  gboolean elapsed = FALSE;

  g_timeout_add (ms, on_wait_elapsed_cb, &elapsed);
  while (!elapsed)
    g_main_context_iteration (NULL, TRUE);
}

static inline DnevnikService *
new_service (DnevnikTestSandbox *sandbox,
             DnevnikTokenStore  *store)
{
  g_autoptr(GError) error = NULL;
  DnevnikService *service;

  service = dnevnik_service_new (dnevnik_test_sandbox_get_url (sandbox), store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (service);

  return service;
}

static inline gboolean
sign_in (DnevnikService  *service,
         const char      *login,
         const char      *password,
         gboolean         remember,
         GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_sign_in_async (service, login, password, remember, NULL, on_async_result_cb, &result);
  return dnevnik_service_sign_in_finish (service, await_result (&result), error);
}

/* A service signed in as @login, asserting success. */
static inline DnevnikService *
signed_in_service (DnevnikTestSandbox *sandbox,
                   DnevnikTokenStore  *store,
                   const char         *login,
                   gboolean            remember)
{
  g_autoptr(GError) error = NULL;
  DnevnikService *service = new_service (sandbox, store);

  g_assert_true (sign_in (service, login, DEMO_PASSWORD, remember, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_READY);

  return service;
}

static inline gboolean
sign_out (DnevnikService  *service,
          GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_sign_out_async (service, NULL, on_async_result_cb, &result);
  return dnevnik_service_sign_out_finish (service, await_result (&result), error);
}

static inline gboolean
restore_session (DnevnikService  *service,
                 const char      *login,
                 GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_restore_session_async (service, login, NULL, on_async_result_cb, &result);
  return dnevnik_service_restore_session_finish (service, await_result (&result), error);
}

static inline GListModel *
fetch_library (DnevnikService  *service,
               GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_fetch_library_async (service, NULL, on_async_result_cb, &result);
  return dnevnik_service_fetch_library_finish (service, await_result (&result), error);
}

static inline DnevnikProfile *
refresh_profile (DnevnikService  *service,
                 GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_refresh_profile_async (service, NULL, on_async_result_cb, &result);
  return dnevnik_service_refresh_profile_finish (service, await_result (&result), error);
}

static inline gboolean
refresh_link_status (DnevnikService  *service,
                     GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_service_refresh_link_status_async (service, NULL, on_async_result_cb, &result);
  return dnevnik_service_refresh_link_status_finish (service, await_result (&result), error);
}

/* The tokens a memory store holds for @login on @sandbox (asserting). */
static inline DnevnikTokens *
stored_tokens (DnevnikTokenStore  *store,
               DnevnikTestSandbox *sandbox,
               const char         *login)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DnevnikTokens *tokens;

  dnevnik_token_store_load_async (store, dnevnik_test_sandbox_get_url (sandbox), login, NULL,
                                  on_async_result_cb, &result);
  tokens = dnevnik_token_store_load_finish (store, await_result (&result), &error);
  g_assert_no_error (error);

  return tokens;
}

static inline void
store_tokens (DnevnikTokenStore   *store,
              DnevnikTestSandbox  *sandbox,
              const DnevnikTokens *tokens)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dnevnik_token_store_save_async (store, dnevnik_test_sandbox_get_url (sandbox), tokens, NULL,
                                  on_async_result_cb, &result);
  g_assert_true (dnevnik_token_store_save_finish (store, await_result (&result), &error));
  g_assert_no_error (error);
}

static inline guint
refresh_count (DnevnikTestSandbox *sandbox)
{
  return dnevnik_test_sandbox_get_counter (sandbox, "POST", "/api/v1/auth/refresh");
}

static inline gboolean
on_cancel_cb (gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
  return G_SOURCE_REMOVE;
}

/* Cancels @cancellable from the main loop, after the current iteration. */
static inline void
cancel_in_idle (GCancellable *cancellable)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, on_cancel_cb, g_object_ref (cancellable), g_object_unref);
}

/* Spins until the sandbox has received @count requests to @path: then a
 * request held there by a "delay" fault is known to be in flight. */
static inline void
await_counter (DnevnikTestSandbox *sandbox,
               const char         *method,
               const char         *path,
               guint               count)
{
  while (dnevnik_test_sandbox_get_counter (sandbox, method, path) < count)
    spin_for (20);
}
