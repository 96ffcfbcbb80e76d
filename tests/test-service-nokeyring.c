/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "dnevnik-test-service.h"

/* No Secret Service on the bus (DNEVNIK_TEST_NO_KEYRING): signing in with
 * "remember me" still works, in memory, and the caller learns why the
 * student will not be remembered. */

static void
test_sign_in_without_keyring (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikTokenStore) store = dnevnik_secret_token_store_new (0);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new (sandbox, store);
  g_autoptr(GError) warning = NULL;
  g_autoptr(GError) error = NULL;

  dnevnik_test_service_sign_in_without_keyring (service, "ivan", &warning);

  /* Not remembered, so there is nothing to delete: signing out is clean. */
  g_assert_true (dnevnik_test_service_sign_out (service, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);

  /* "Don't remember me" needs no keyring and reports nothing. */
  g_clear_error (&warning);
  g_assert_true (dnevnik_test_service_sign_in (service, "ivan", DNEVNIK_TEST_PASSWORD, FALSE, &error));
  g_assert_no_error (error);
  g_assert_null (warning);
}

static void
test_restore_without_keyring (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikTokenStore) store = dnevnik_secret_token_store_new (0);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new (sandbox, store);
  g_autoptr(GError) error = NULL;

  /* Depending on the session bus, a missing Secret Service is either an
   * error or a D-Bus-activated daemon that has nothing stored (and cannot
   * create a keyring without a prompt).  Either way there is no session,
   * and an error can only be KEYRING. */
  static const char * const logins[] = { "ivan", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_assert_false (dnevnik_test_service_restore_session (service, logins[i], &error));
      if (error != NULL)
        g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_KEYRING);
      g_clear_error (&error);
      g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
      g_assert_null (dnevnik_service_get_login (service));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service/no-keyring/sign-in", test_sign_in_without_keyring);
  g_test_add_func ("/service/no-keyring/restore", test_restore_without_keyring);

  return g_test_run ();
}
