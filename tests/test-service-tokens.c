/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "dnevnik-test-service.h"

/* Sessions in the real keyring: gnome-keyring on the test's private bus
 * (build-aux/headless-run).  What is stored is checked with libsecret
 * directly, under the app's schema. */

static char *
keyring_lookup (DnevnikTestSandbox *sandbox,
                const char         *login)
{
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_sync (dnevnik_secret_token_store_get_schema (), NULL, &error,
                                        "server", dnevnik_test_sandbox_get_url (sandbox),
                                        "login", login,
                                        NULL);
  g_assert_no_error (error);

  return secret;
}

static guint
keyring_count (DnevnikTestSandbox *sandbox)
{
  g_autoptr(GError) error = NULL;
  GList *items;
  guint count;

  items = secret_password_search_sync (dnevnik_secret_token_store_get_schema (), SECRET_SEARCH_ALL, NULL, &error,
                                       "server", dnevnik_test_sandbox_get_url (sandbox),
                                       NULL);
  g_assert_no_error (error);
  count = g_list_length (items);
  g_list_free_full (items, g_object_unref);

  return count;
}

static void
on_remember_failed_cb (DnevnikService *service,
                       const GError   *error,
                       gpointer        user_data)
{
  g_assert_not_reached ();
}

static void
test_remember_and_sign_out (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikTokenStore) store = dnevnik_secret_token_store_new (0);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new (sandbox, store);
  g_autoptr(DnevnikService) restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  g_signal_connect (service, "remember-failed", G_CALLBACK (on_remember_failed_cb), NULL);

  g_assert_true (dnevnik_test_service_sign_in (service, "ivan", DNEVNIK_TEST_PASSWORD, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_service_get_remembered (service));

  secret = keyring_lookup (sandbox, "ivan");
  g_assert_nonnull (secret);
  g_assert_nonnull (strstr (secret, "\"access_token\""));
  g_assert_nonnull (strstr (secret, "\"refresh_token\""));
  g_assert_nonnull (strstr (secret, "\"expires_at\""));
  g_assert_cmpuint (keyring_count (sandbox), ==, 1);

  /* Another run of the app continues the session from the keyring. */
  restored = dnevnik_test_service_new (sandbox, store);
  g_assert_true (dnevnik_test_service_restore_session (restored, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dnevnik_service_get_login (restored), ==, "ivan");
  {
    g_autoptr(DnevnikProfile) profile = dnevnik_test_service_refresh_profile (restored, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (dnevnik_profile_get_login (profile), ==, "ivan");
  }

  g_assert_true (dnevnik_test_service_sign_out (restored, &error));
  g_assert_no_error (error);
  g_assert_null (keyring_lookup (sandbox, "ivan"));
  g_assert_cmpuint (keyring_count (sandbox), ==, 0);

  /* Nothing left to restore. */
  g_clear_object (&restored);
  restored = dnevnik_test_service_new (sandbox, store);
  g_assert_false (dnevnik_test_service_restore_session (restored, NULL, &error));
  g_assert_no_error (error);
}

static void
test_not_remembered (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikTokenStore) store = dnevnik_secret_token_store_new (0);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(DnevnikService) service = dnevnik_test_service_new (sandbox, store);

    g_assert_true (dnevnik_test_service_sign_in (service, "olga", DNEVNIK_TEST_PASSWORD, FALSE, &error));
    g_assert_no_error (error);
    g_assert_false (dnevnik_service_get_remembered (service));
    g_assert_cmpuint (keyring_count (sandbox), ==, 0);
  }

  /* Remembered once, then "don't remember me": the old item goes too. */
  {
    g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, store, "ivan", TRUE);

    g_assert_cmpuint (keyring_count (sandbox), ==, 1);
  }
  {
    g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, store, "ivan", FALSE);

    g_assert_cmpuint (keyring_count (sandbox), ==, 0);
    g_assert_null (keyring_lookup (sandbox, "ivan"));
  }
}

static void
test_rotation_stored (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new ("--token-ttl=2", NULL);
  g_autoptr(DnevnikTokenStore) store = dnevnik_secret_token_store_new (0);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, store, "ivan", TRUE);
  g_autofree char *before = keyring_lookup (sandbox, "ivan");
  g_autoptr(GError) error = NULL;

  dnevnik_test_loop_spin (2500);
  {
    g_autoptr(GListModel) items = dnevnik_test_service_fetch_library (service, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (dnevnik_test_service_count_refreshes (sandbox), ==, 1);
  }

  /* The rotated tokens reach the keyring (asynchronously). */
  for (;;)
    {
      g_autofree char *after = keyring_lookup (sandbox, "ivan");

      g_assert_nonnull (after);
      if (g_strcmp0 (after, before) != 0)
        break;
      dnevnik_test_loop_spin (20);
    }
  g_assert_cmpuint (keyring_count (sandbox), ==, 1);
}

static void
test_cancelled_sign_in_leaves_nothing (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikTokenStore) store = dnevnik_secret_token_store_new (0);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new (sandbox, store);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled as soon as the profile has arrived: while the tokens are
   * being written to the keyring, or just before. */
  dnevnik_test_sandbox_add_fault (sandbox, "GET", "/api/v1/profile", "delay", 1, 500);
  dnevnik_service_sign_in_async (service, "ivan", DNEVNIK_TEST_PASSWORD, TRUE, cancellable,
                                 dnevnik_test_loop_result_cb, &result);
  g_signal_connect_swapped (service, "notify::profile", G_CALLBACK (g_cancellable_cancel), cancellable);

  g_assert_false (dnevnik_service_sign_in_finish (service, dnevnik_test_loop_await (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
  g_assert_cmpuint (keyring_count (sandbox), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service/tokens/remember-and-sign-out", test_remember_and_sign_out);
  g_test_add_func ("/service/tokens/not-remembered", test_not_remembered);
  g_test_add_func ("/service/tokens/rotation-stored", test_rotation_stored);
  g_test_add_func ("/service/tokens/cancelled-sign-in", test_cancelled_sign_in_leaves_nothing);

  return g_test_run ();
}
