/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-service.h"
#include "dnevnik-test-loop.h"
#include "dnevnik-test-sandbox.h"

G_BEGIN_DECLS

/* DnevnikService for tests: synchronous wrappers of its async calls and
 * of the token store's, each spinning the default main context until the
 * call is done (dnevnik-test-loop.h).  They return what the _finish
 * function returns and leave the checks to the test, except the few
 * whose name says they assert. */

/* Every student of the demo school has this password. */
#define DNEVNIK_TEST_PASSWORD "dnevnik"

/* libsoup sends a request again when a connection it had used before is
 * dropped without a reply (it may just have timed out), once per such
 * idle connection.  A "drop" fault that must reach the caller therefore
 * drops more requests than a service keeps connections (8). */
#define DNEVNIK_TEST_DROP_COUNT 10

/* A fault the sandbox can put on a path (dnevnik_test_sandbox_add_fault()),
 * how many requests it must hit to reach the caller, and the error the
 * caller then sees. */
typedef struct
{
  const char          *kind;
  guint                count;
  DnevnikServiceError  code;
} DnevnikTestFault;

/* For g_test_add(): a sandbox whose "today" is 25 November 2026, a memory
 * token store, and a path for the offline copy in the sandbox's temporary
 * directory (nothing is created there until a service opens it). */
typedef struct
{
  DnevnikTestSandbox *sandbox;
  DnevnikTokenStore  *store;
  char               *cache_path;
} DnevnikTestCacheFixture;

typedef void (*DnevnikTestCacheFunc) (DnevnikTestCacheFixture *fixture,
                                      gconstpointer            data);

GDate                   dnevnik_test_date                        (int                       year,
                                                                  int                       month,
                                                                  int                       day);
DnevnikService         *dnevnik_test_service_new                 (DnevnikTestSandbox       *sandbox,
                                                                  DnevnikTokenStore        *store);
DnevnikService         *dnevnik_test_service_new_signed_in       (DnevnikTestSandbox       *sandbox,
                                                                  DnevnikTokenStore        *store,
                                                                  const char               *login,
                                                                  gboolean                  remember);
void                    dnevnik_test_service_sign_in_without_keyring (DnevnikService  *service,
                                                                      const char      *login,
                                                                      GError         **warning);
void                    dnevnik_test_service_await_counter       (DnevnikTestSandbox       *sandbox,
                                                                  const char               *method,
                                                                  const char               *path,
                                                                  guint                     count);
guint                   dnevnik_test_service_count_refreshes     (DnevnikTestSandbox       *sandbox);
const DnevnikTestFault *dnevnik_test_service_get_faults          (guint                    *n_faults);
void                    dnevnik_test_service_flush_cache         (DnevnikService           *service);
GPtrArray              *dnevnik_test_service_dup_cached_days     (DnevnikService           *service,
                                                                  const char               *account_id);
void                    dnevnik_test_service_drop                (DnevnikService          **service);

gboolean                dnevnik_test_service_sign_in             (DnevnikService           *service,
                                                                  const char               *login,
                                                                  const char               *password,
                                                                  gboolean                  remember,
                                                                  GError                  **error);
gboolean                dnevnik_test_service_restore_session     (DnevnikService           *service,
                                                                  const char               *login,
                                                                  GError                  **error);
gboolean                dnevnik_test_service_sign_out            (DnevnikService           *service,
                                                                  GError                  **error);
DnevnikProfile         *dnevnik_test_service_refresh_profile     (DnevnikService           *service,
                                                                  GError                  **error);
GListModel             *dnevnik_test_service_fetch_diary         (DnevnikService           *service,
                                                                  const GDate              *from,
                                                                  const GDate              *to,
                                                                  GError                  **error);
GListModel             *dnevnik_test_service_fetch_week          (DnevnikService           *service,
                                                                  GError                  **error);
GListModel             *dnevnik_test_service_fetch_library       (DnevnikService           *service,
                                                                  GError                  **error);
GListModel             *dnevnik_test_service_fetch_portfolio     (DnevnikService           *service,
                                                                  GError                  **error);
gboolean                dnevnik_test_service_refresh_link_status (DnevnikService           *service,
                                                                  GError                  **error);
DnevnikLinkRequest     *dnevnik_test_service_link_start          (DnevnikService           *service,
                                                                  const char               *phone,
                                                                  GError                  **error);
DnevnikLinkRequest     *dnevnik_test_service_link_resend         (DnevnikService           *service,
                                                                  DnevnikLinkRequest       *request,
                                                                  GError                  **error);
gboolean                dnevnik_test_service_link_confirm        (DnevnikService           *service,
                                                                  DnevnikLinkRequest       *request,
                                                                  const char               *code,
                                                                  GError                  **error);
gboolean                dnevnik_test_service_unlink              (DnevnikService           *service,
                                                                  GError                  **error);
GListModel             *dnevnik_test_service_fetch_link_history  (DnevnikService           *service,
                                                                  GError                  **error);
gboolean                dnevnik_test_service_load_week           (DnevnikService           *service,
                                                                  const GDate              *any_day_of_week,
                                                                  GError                  **error);
gboolean                dnevnik_test_service_load_library        (DnevnikService           *service,
                                                                  GError                  **error);
void                    dnevnik_test_service_assert_load_week    (DnevnikService           *service,
                                                                  const GDate              *any_day_of_week);
void                    dnevnik_test_service_assert_load_library (DnevnikService           *service);
gboolean                dnevnik_test_service_load_portfolio      (DnevnikService           *service,
                                                                  GError                  **error);
gboolean                dnevnik_test_service_load_link_history   (DnevnikService           *service,
                                                                  GError                  **error);
gboolean                dnevnik_test_service_sync_range          (DnevnikService           *service,
                                                                  const GDate              *from,
                                                                  const GDate              *to,
                                                                  GError                  **error);

gboolean                dnevnik_test_token_store_save            (DnevnikTokenStore        *store,
                                                                  const char               *server,
                                                                  const DnevnikTokens      *tokens,
                                                                  GError                  **error);
DnevnikTokens          *dnevnik_test_token_store_load            (DnevnikTokenStore        *store,
                                                                  const char               *server,
                                                                  const char               *login,
                                                                  GError                  **error);
gboolean                dnevnik_test_token_store_delete          (DnevnikTokenStore        *store,
                                                                  const char               *server,
                                                                  const char               *login,
                                                                  GError                  **error);
DnevnikTokens          *dnevnik_test_token_store_get_tokens      (DnevnikTokenStore        *store,
                                                                  DnevnikTestSandbox       *sandbox,
                                                                  const char               *login);
void                    dnevnik_test_token_store_set_tokens      (DnevnikTokenStore        *store,
                                                                  DnevnikTestSandbox       *sandbox,
                                                                  const DnevnikTokens      *tokens);

void                    dnevnik_test_cache_fixture_set_up        (DnevnikTestCacheFixture  *fixture,
                                                                  gconstpointer             data);
void                    dnevnik_test_cache_fixture_tear_down     (DnevnikTestCacheFixture  *fixture,
                                                                  gconstpointer             data);
void                    dnevnik_test_cache_fixture_add           (const char               *path,
                                                                  DnevnikTestCacheFunc      func,
                                                                  gconstpointer             data);
DnevnikService         *dnevnik_test_cache_fixture_new_service   (DnevnikTestCacheFixture  *fixture);
DnevnikService         *dnevnik_test_cache_fixture_new_signed_in (DnevnikTestCacheFixture  *fixture,
                                                                  const char               *login,
                                                                  gboolean                  remember);

G_END_DECLS
