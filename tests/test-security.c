/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include <sys/stat.h>

#include "dnevnik-cache.h"
#include "dnevnik-sandbox-launcher.h"
#include "dnevnik-test-disk.h"
#include "dnevnik-test-log.h"
#include "dnevnik-test-service.h"

/* Security rules:
 *
 * - the tokens of a whole session appear in no log line (every debug
 *   message on) and in no file under the test's HOME and XDG directories;
 * - the training server (started as the app starts it) has no token in
 *   its command line or environment, listens on loopback only, and keeps
 *   its files 0600 in 0700 directories, as the offline copy does;
 * - a TLS failure is an error, not a fallback to something weaker.
 *
 * Bounded reply sizes and JSON nesting are checked by /service/json/limits,
 * plain http:// to another computer by /service/url. */

#define TODAY "--today=2026-11-25"

/* Every regular file under @path is 0600, every directory 0700. */
static void
assert_private_tree (const char *path)
{
  struct stat st;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  if (S_ISREG (st.st_mode))
    {
      if ((st.st_mode & 0777) != 0600)
        g_error ("%s has mode %03o, not 600", path, st.st_mode & 0777);
      return;
    }
  if (!S_ISDIR (st.st_mode))
    return;
  if ((st.st_mode & 0777) != 0700)
    g_error ("%s has mode %03o, not 700", path, st.st_mode & 0777);

  dir = g_dir_open (path, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      assert_private_tree (child);
    }
}

static void
run_full_session (DnevnikService *service)
{
  g_autoptr(GDate) day = g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);
  g_autoptr(GError) error = NULL;

  dnevnik_test_service_assert_load_week (service, day);
  dnevnik_test_service_assert_load_library (service);
  g_assert_true (dnevnik_test_service_load_portfolio (service, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_test_service_load_link_history (service, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_test_service_refresh_link_status (service, &error));
  g_assert_no_error (error);
}

static void
test_tokens_nowhere (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new (TODAY, "--token-ttl=2", NULL);
  g_autoptr(DnevnikTokenStore) store = dnevnik_memory_token_store_new ();
  g_autoptr(DnevnikService) service = NULL;
  g_autoptr(DnevnikTokens) first = NULL;
  g_autoptr(DnevnikTokens) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_path = NULL;
  g_autofree char *cache_dir = NULL;
  guint files;

  g_assert_false (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, "dnevnik-service"));

  /* Remembered, so that the offline copy is on disk. */
  service = dnevnik_test_service_new_signed_in (sandbox, store, "ivan", TRUE);
  first = dnevnik_test_token_store_get_tokens (store, sandbox, "ivan");
  g_assert_nonnull (first);
  run_full_session (service);

  /* A second generation of tokens, by a refresh after the expiry. */
  dnevnik_test_loop_spin (2500);
  run_full_session (service);
  second = dnevnik_test_token_store_get_tokens (store, sandbox, "ivan");
  g_assert_nonnull (second);
  g_assert_cmpstr (second->refresh_token, !=, first->refresh_token);

  {
    const char * const secrets[] = {
      first->access_token, first->refresh_token, second->access_token, second->refresh_token, NULL,
    };
    g_autoptr(GPtrArray) hits = NULL;

    for (guint i = 0; secrets[i] != NULL; i++)
      {
        g_assert_cmpuint (strlen (secrets[i]), >=, 16);
        if (strstr (dnevnik_test_log_get_captured (), secrets[i]) != NULL)
          g_error ("a token was logged");
      }
    /* The log did capture the session. */
    g_assert_nonnull (strstr (dnevnik_test_log_get_captured (), "/api/v1/diary"));

    hits = dnevnik_test_disk_find_in_home (secrets, &files);
    for (guint i = 0; i < hits->len; i++)
      g_test_message ("a secret on disk: %s", (const char *) hits->pdata[i]);
    g_assert_cmpuint (hits->len, ==, 0);
    g_assert_cmpuint (files, >, 0);
  }

  /* The offline copy: 0600 files in a 0700 directory. */
  cache_path = dnevnik_cache_get_default_path ();
  cache_dir = g_path_get_dirname (cache_path);
  g_assert_true (g_file_test (cache_path, G_FILE_TEST_IS_REGULAR));
  assert_private_tree (cache_dir);

  g_assert_true (dnevnik_test_service_sign_out (service, &error));
  g_assert_no_error (error);
}

/* --- the training server ------------------------------------------------- */

static GBytes *
read_proc (GPid        pid,
           const char *what)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/%s", pid, what);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

/* The listening sockets on @port in /proc/net/@table, as "ADDRESS" hex. */
static GPtrArray *
listening_addresses (const char *table,
                     guint       port)
{
  g_autofree char *path = g_build_filename ("/proc/net", table, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *port_hex = g_strdup_printf (":%04X", port);
  g_auto(GStrv) lines = NULL;
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return found;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) columns = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GPtrArray) words = g_ptr_array_new ();

      for (guint c = 0; columns[c] != NULL; c++)
        if (*columns[c] != '\0')
          g_ptr_array_add (words, columns[c]);

      /* sl local_address rem_address st …; st 0A is LISTEN. */
      if (words->len < 4 || !g_str_equal (words->pdata[3], "0A") ||
          !g_str_has_suffix (words->pdata[1], port_hex))
        continue;
      g_ptr_array_add (found, g_strndup (words->pdata[1], strlen (words->pdata[1]) - strlen (port_hex)));
    }

  return found;
}

static void
test_training_server (void)
{
  g_autofree char *binary = g_strdup (g_getenv ("DNEVNIK_SANDBOX"));
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "dnevnik", "sandbox", NULL);
  g_autoptr(DnevnikSandboxLauncher) launcher = NULL;
  g_autoptr(DnevnikTokenStore) store = dnevnik_memory_token_store_new ();
  g_autoptr(DnevnikService) service = NULL;
  g_autoptr(DnevnikTokens) tokens = NULL;
  g_autoptr(GBytes) cmdline = NULL;
  g_autoptr(GBytes) environ_bytes = NULL;
  g_autoptr(GPtrArray) v4 = NULL;
  g_autoptr(GPtrArray) v6 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *url = NULL;
  guint port;
  GPid pid;

  g_assert_nonnull (binary);
  /* Where the app puts it: under the student's data directory. */
  launcher = dnevnik_sandbox_launcher_new (binary, data_dir);
  dnevnik_sandbox_launcher_start_async (launcher, FALSE, NULL, dnevnik_test_loop_result_cb, &result);
  url = dnevnik_sandbox_launcher_start_finish (launcher, dnevnik_test_loop_await (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (url);
  pid = dnevnik_sandbox_launcher_get_pid (launcher);
  g_assert_cmpint (pid, >, 0);

  service = dnevnik_service_new (url, store, &error);
  g_assert_no_error (error);
  g_assert_true (dnevnik_test_service_sign_in (service, "ivan", DNEVNIK_TEST_PASSWORD, TRUE, &error));
  g_assert_no_error (error);
  tokens = dnevnik_test_token_store_load (store, url, "ivan", &error);
  g_assert_no_error (error);
  g_assert_nonnull (tokens);

  /* No secret in what every local user can read of the process. */
  cmdline = read_proc (pid, "cmdline");
  environ_bytes = read_proc (pid, "environ");
  g_assert_cmpuint (g_bytes_get_size (cmdline), >, 0);
  {
    const char * const secrets[] = { tokens->access_token, tokens->refresh_token, NULL };

    for (guint i = 0; secrets[i] != NULL; i++)
      {
        g_assert_false (dnevnik_test_disk_contains (g_bytes_get_data (cmdline, NULL), g_bytes_get_size (cmdline),
                                                    secrets[i]));
        g_assert_false (dnevnik_test_disk_contains (g_bytes_get_data (environ_bytes, NULL),
                                                    g_bytes_get_size (environ_bytes), secrets[i]));
      }
  }

  /* Loopback only: a LISTEN socket on 127.0.0.1, none on any other
   * address (0.0.0.0 or ::). */
  port = (guint) g_ascii_strtoull (strrchr (url, ':') + 1, NULL, 10);
  v4 = listening_addresses ("tcp", port);
  v6 = listening_addresses ("tcp6", port);
  g_assert_cmpuint (v4->len, ==, 1);
  g_assert_cmpstr (v4->pdata[0], ==, "0100007F");
  for (guint i = 0; i < v6->len; i++)
    g_assert_cmpstr (v6->pdata[i], ==, "00000000000000000000000001000000");

  /* Its database and SMS outbox: 0600 in 0700. */
  assert_private_tree (data_dir);

  dnevnik_sandbox_launcher_stop (launcher);
}

static void
test_tls_failure_is_fatal (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikTokenStore) store = dnevnik_memory_token_store_new ();
  g_autoptr(DnevnikService) service = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *https_url = NULL;

  /* The sandbox speaks plain HTTP: a TLS handshake with it fails. */
  g_assert_true (g_str_has_prefix (dnevnik_test_sandbox_get_url (sandbox), "http://"));
  https_url = g_strconcat ("https://", dnevnik_test_sandbox_get_url (sandbox) + strlen ("http://"), NULL);
  service = dnevnik_service_new (https_url, store, &error);
  g_assert_no_error (error);

  /* The plain server never answers a ClientHello, so the handshake ends
   * with the time limit (or with a reset): either way an error. */
  dnevnik_service_set_timeout (service, 2);
  g_assert_false (dnevnik_test_service_sign_in (service, "ivan", DNEVNIK_TEST_PASSWORD, FALSE, &error));
  g_assert_nonnull (error);
  g_assert_true (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NETWORK) ||
                 g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_TIMEOUT));
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "POST", "/api/v1/auth/login"), ==, 0);

  /* The abandoned handshake ends later (here: the server goes away);
   * that must not complete the sign-in a second time. */
  dnevnik_test_sandbox_stop (sandbox);
  dnevnik_test_loop_spin (500);
  g_clear_object (&service);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  /* Every field of every entry, before anything may log. */
  dnevnik_test_log_capture (DNEVNIK_TEST_LOG_ALL_FIELDS);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/security/tokens-nowhere", test_tokens_nowhere);
  g_test_add_func ("/security/tls-failure-is-fatal", test_tls_failure_is_fatal);
  g_test_add_func ("/security/training-server", test_training_server);

  return g_test_run ();
}
