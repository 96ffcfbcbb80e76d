/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "dnevnik-cache.h"
#include "dnevnik-test-disk.h"
#include "dnevnik-test-service.h"

/* Rows of the fault matrix that no other test covers: a locked keyring
 * that never answers, and the app killed with SIGKILL in the middle of a
 * cache write.  The other rows are listed in README.md (Reliability)
 * with the tests that check them.
 *
 * Runs with DNEVNIK_TEST_NO_KEYRING, so that the only Secret Service on
 * the test's bus is the silent one this file registers. */

#define SECRETS_NAME "org.freedesktop.secrets"

/* The cache writer child writes this many days per transaction. */
#define WRITER_DAYS 30

/* --- a locked keyring ---------------------------------------------------- */

/* A Secret Service that takes every call and never answers, as a keyring
 * whose unlock prompt nobody answers looks to the app.  A filter on a
 * connection of its own swallows each method call: without it GDBus would
 * answer "no such object" at once, which is the other (already tested)
 * case of a missing keyring. */
typedef struct
{
  GDBusConnection *connection;
  guint            owner_id;
  gboolean         owned;
  gint             swallowed;  /* atomic: the filter runs in GDBus's worker thread */
} SilentKeyring;

static GDBusMessage *
swallow_calls_filter (GDBusConnection *connection,
                      GDBusMessage    *message,
                      gboolean         incoming,
                      gpointer         user_data)
{
  SilentKeyring *keyring = user_data;

  if (incoming && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL &&
      g_strcmp0 (g_dbus_message_get_interface (message), "org.freedesktop.DBus.Peer") != 0)
    {
      g_atomic_int_inc (&keyring->swallowed);
      g_object_unref (message);
      return NULL;
    }

  return message;
}

static void
on_name_acquired_cb (GDBusConnection *connection,
                     const char      *name,
                     gpointer         user_data)
{
  ((SilentKeyring *) user_data)->owned = TRUE;
}

static void
on_name_lost_cb (GDBusConnection *connection,
                 const char      *name,
                 gpointer         user_data)
{
  g_error ("could not own %s on the test bus", name);
}

static void
silent_keyring_start (SilentKeyring *keyring)
{
  g_autofree char *address = NULL;
  g_autoptr(GError) error = NULL;

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  keyring->connection = g_dbus_connection_new_for_address_sync (address,
                                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                                NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_add_filter (keyring->connection, swallow_calls_filter, keyring, NULL);
  keyring->owner_id = g_bus_own_name_on_connection (keyring->connection, SECRETS_NAME,
                                                    G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                                    on_name_acquired_cb, on_name_lost_cb,
                                                    keyring, NULL);
  while (!keyring->owned)
    g_main_context_iteration (NULL, TRUE);
}

static void
silent_keyring_stop (SilentKeyring *keyring)
{
  g_bus_unown_name (keyring->owner_id);
  g_dbus_connection_close_sync (keyring->connection, NULL, NULL);
  g_clear_object (&keyring->connection);
}

static void
test_locked_keyring (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  /* A short limit, so that the test does not wait the default 5 s. */
  g_autoptr(DnevnikTokenStore) store = dnevnik_secret_token_store_new (300);
  g_autoptr(DnevnikService) service = NULL;
  g_autoptr(GError) warning = NULL;
  g_autoptr(GError) error = NULL;
  SilentKeyring keyring = { 0 };

  silent_keyring_start (&keyring);

  /* "Remember me" with a keyring that never answers: the sign-in still
   * completes, in memory, and says why the student is not remembered. */
  service = dnevnik_test_service_new (sandbox, store);
  dnevnik_test_service_sign_in_without_keyring (service, "ivan", &warning);
  /* The keyring really was asked: the call gave up, it did not fail fast. */
  g_assert_cmpint (g_atomic_int_get (&keyring.swallowed), >, 0);

  g_assert_true (dnevnik_test_service_sign_out (service, &error));
  g_assert_no_error (error);
  g_clear_object (&service);

  /* Restoring a remembered session gives up too, with KEYRING. */
  service = dnevnik_test_service_new (sandbox, store);
  g_assert_false (dnevnik_test_service_restore_session (service, "ivan", &error));
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_KEYRING);
  g_clear_error (&error);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_SIGNED_OUT);

  /* Each token store call on its own, with the store's limit. */
  {
    g_autoptr(DnevnikTokens) tokens = dnevnik_tokens_new ("ivan", "a", "r", 0);
    const char *url = dnevnik_test_sandbox_get_url (sandbox);

    g_assert_false (dnevnik_test_token_store_save (store, url, tokens, &error));
    g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_KEYRING);
    g_clear_error (&error);

    g_assert_false (dnevnik_test_token_store_delete (store, url, "ivan", &error));
    g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_KEYRING);
    g_clear_error (&error);
  }

  g_clear_object (&service);
  silent_keyring_stop (&keyring);
}

/* --- SIGKILL during a cache write ---------------------------------------- */

static gboolean
await_cache_bool (DnevnikCache *cache,
                  gboolean (*finish) (DnevnikCache *, GAsyncResult *, GError **),
                  GAsyncResult **result)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = finish (cache, dnevnik_test_loop_await (result), &error);

  g_assert_no_error (error);
  g_clear_object (result);

  return ok;
}

static GPtrArray *
make_days (guint n)
{
  GPtrArray *days = g_ptr_array_new_with_free_func ((GDestroyNotify) dnevnik_cache_entry_free);

  for (guint d = 1; d <= WRITER_DAYS; d++)
    {
      g_autofree char *key = g_strdup_printf ("2026-09-%02u", d);
      g_autofree char *json = g_strdup_printf ("{\"date\": \"%s\", \"n\": %u, \"lessons\": []}", key, n);

      g_ptr_array_add (days, dnevnik_cache_entry_new (key, json));
    }

  return days;
}

/* The child: writes generation after generation of a month of days, each
 * generation one transaction, and prints each generation's number once it
 * is committed.  It never stops on its own: the parent kills it. */
static int
run_cache_writer (const char *path)
{
  g_autoptr(DnevnikCache) cache = dnevnik_cache_new (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dnevnik_cache_open_async (cache, NULL, dnevnik_test_loop_result_cb, &result);
  g_assert_true (dnevnik_cache_open_finish (cache, dnevnik_test_loop_await (&result), NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  for (guint n = 1; ; n++)
    {
      g_autoptr(GPtrArray) days = make_days (n);

      dnevnik_cache_put_many_async (cache, "http://127.0.0.1:1", "42", DNEVNIK_CACHE_KIND_DIARY_DAY, days,
                                    NULL, dnevnik_test_loop_result_cb, &result);
      await_cache_bool (cache, dnevnik_cache_put_many_finish, &result);
      printf ("%u\n", n);
      fflush (stdout);
    }

  return 0;
}

static guint
day_generation (const char *json)
{
  const char *n = strstr (json, "\"n\": ");

  g_assert_nonnull (n);
  return (guint) g_ascii_strtoull (n + strlen ("\"n\": "), NULL, 10);
}

static void
test_sigkill_during_write (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dnevnik-kill-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cache.sqlite", NULL);
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(DnevnikCache) cache = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GError) error = NULL;
  DnevnikCacheOpenFlags flags = 0;
  guint last_printed = 0;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint generation;

  g_assert_nonnull (self_exe);
  writer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             self_exe, "--cache-writer", path, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (writer));

  /* Kill it in full flight: after a good number of commits, while it is
   * writing the next ones. */
  while (last_printed < 40)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      last_printed = (guint) g_ascii_strtoull (line, NULL, 10);
    }
  g_subprocess_send_signal (writer, SIGKILL);
  g_subprocess_wait (writer, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (writer));
  g_assert_cmpint (g_subprocess_get_term_sig (writer), ==, SIGKILL);

  /* The file as sqlite itself sees it: whole. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* The next start opens it as it is (no reset) and has the last
   * committed generation, whole: every day of one transaction. */
  cache = dnevnik_cache_new (path);
  dnevnik_cache_open_async (cache, NULL, dnevnik_test_loop_result_cb, &result);
  g_assert_true (dnevnik_cache_open_finish (cache, dnevnik_test_loop_await (&result), &flags, &error));
  g_assert_no_error (error);
  g_assert_false (flags & DNEVNIK_CACHE_OPEN_RESET);
  g_clear_object (&result);

  dnevnik_cache_get_range_async (cache, "http://127.0.0.1:1", "42", DNEVNIK_CACHE_KIND_DIARY_DAY,
                                 "2026-09-01", "2026-09-30", NULL, dnevnik_test_loop_result_cb, &result);
  days = dnevnik_cache_get_range_finish (cache, dnevnik_test_loop_await (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, WRITER_DAYS);

  generation = day_generation (((DnevnikCacheEntry *) days->pdata[0])->json);
  g_test_message ("killed after commit %u; the cache has generation %u", last_printed, generation);
  /* Everything reported committed is there (the child may have committed
   * one more before it could print it). */
  g_assert_cmpuint (generation, >=, last_printed);
  for (guint i = 0; i < days->len; i++)
    g_assert_cmpuint (day_generation (((DnevnikCacheEntry *) days->pdata[i])->json), ==, generation);

  g_clear_object (&result);
  dnevnik_cache_close_async (cache, NULL, dnevnik_test_loop_result_cb, &result);
  await_cache_bool (cache, dnevnik_cache_close_finish, &result);
  g_clear_object (&cache);

  dnevnik_test_disk_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* The child of /reliability/sigkill-during-write. */
  if (argc == 3 && g_str_equal (argv[1], "--cache-writer"))
    return run_cache_writer (argv[2]);

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reliability/locked-keyring", test_locked_keyring);
  g_test_add_func ("/reliability/sigkill-during-write", test_sigkill_during_write);

  return g_test_run ();
}
