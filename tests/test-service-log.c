/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "dnevnik-test-log.h"
#include "dnevnik-test-service.h"

/* With every debug message on (G_MESSAGES_DEBUG=all), nothing secret
 * reaches the log: no token of any generation, no password, no SMS code.
 * Every message of this process is captured through a log writer. */

static void
test_no_secrets_in_log (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new ("--token-ttl=2", "--resend-cooldown=0", NULL);
  g_autoptr(DnevnikTokenStore) store = dnevnik_memory_token_store_new ();
  g_autoptr(DnevnikService) service = NULL;
  g_autoptr(DnevnikTokens) first = NULL;
  g_autoptr(DnevnikTokens) second = NULL;
  g_autoptr(DnevnikLinkRequest) request = NULL;
  g_autoptr(DnevnikLinkRequest) resent = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *quoted_code = NULL;

  g_assert_true (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, "dnevnik-service") == FALSE);

  service = dnevnik_test_service_new_signed_in (sandbox, store, "ivan", TRUE);
  first = dnevnik_test_token_store_get_tokens (store, sandbox, "ivan");

  /* A refresh, so that two generations of tokens cross the wire. */
  dnevnik_test_loop_spin (2500);
  {
    g_autoptr(GListModel) items = dnevnik_test_service_fetch_library (service, &error);

    g_assert_no_error (error);
  }
  while ((second = dnevnik_test_token_store_get_tokens (store, sandbox, "ivan")) != NULL &&
         g_strcmp0 (second->refresh_token, first->refresh_token) == 0)
    {
      g_clear_pointer (&second, dnevnik_tokens_free);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_nonnull (second);

  /* A code, sent and typed. */
  dnevnik_service_link_start_async (service, "+79161234567", NULL, dnevnik_test_loop_result_cb, &result);
  request = dnevnik_service_link_start_finish (service, dnevnik_test_loop_await (&result), &error);
  g_assert_no_error (error);
  code = dnevnik_test_sandbox_get_last_code (sandbox, "+79161234567");
  dnevnik_service_link_confirm_async (service, request, code, NULL, dnevnik_test_loop_result_cb, &result2);
  g_assert_true (dnevnik_service_link_confirm_finish (service, dnevnik_test_loop_await (&result2), &error));
  g_assert_no_error (error);

  g_assert_true (dnevnik_test_service_sign_out (service, &error));
  g_assert_no_error (error);

  /* The log was on (this test can fail): requests and redactions are in it. */
  g_assert_nonnull (strstr (dnevnik_test_log_get_captured (), "/api/v1/auth/login"));
  g_assert_nonnull (strstr (dnevnik_test_log_get_captured (), "/api/v1/auth/refresh"));
  g_assert_nonnull (strstr (dnevnik_test_log_get_captured (), "/api/v1/sferum/link/confirm"));
  g_assert_nonnull (strstr (dnevnik_test_log_get_captured (), "[redacted]"));

  dnevnik_test_log_assert_absent (first->access_token);
  dnevnik_test_log_assert_absent (first->refresh_token);
  dnevnik_test_log_assert_absent (second->access_token);
  dnevnik_test_log_assert_absent (second->refresh_token);
  dnevnik_test_log_assert_absent ("\"" DNEVNIK_TEST_PASSWORD "\"");
  quoted_code = g_strdup_printf ("\"%s\"", code);
  dnevnik_test_log_assert_absent (quoted_code);
  dnevnik_test_log_assert_absent ("Bearer ");
}

int
main (int   argc,
      char *argv[])
{
  /* Before anything may log: the service decides at construction whether
   * to log HTTP traffic at all. */
  dnevnik_test_log_capture (DNEVNIK_TEST_LOG_MESSAGES);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service/log/no-secrets", test_no_secrets_in_log);

  return g_test_run ();
}
