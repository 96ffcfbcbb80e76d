/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include "dnevnik-sandbox-launcher.h"
#include "dnevnik-test-loop.h"

typedef struct
{
  char     *data_dir;
  gboolean  exited;
} Fixture;

static char *
try_start (DnevnikSandboxLauncher  *launcher,
           GError                 **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_sandbox_launcher_start_async (launcher, FALSE, NULL, dnevnik_test_loop_result_cb, &result);
  return dnevnik_sandbox_launcher_start_finish (launcher, dnevnik_test_loop_await (&result), error);
}

/* Starts @launcher, asserting that it did, and returns its address. */
static char *
start (DnevnikSandboxLauncher *launcher)
{
  g_autoptr(GError) error = NULL;
  char *url = try_start (launcher, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  return url;
}

static guint
url_port (const char *url)
{
  return (guint) g_ascii_strtoull (strrchr (url, ':') + 1, NULL, 10);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->data_dir = g_dir_make_tmp ("dnevnik-launcher-XXXXXX", NULL);
  g_assert_nonnull (fixture->data_dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", fixture->data_dir);

  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL));
  g_clear_pointer (&fixture->data_dir, g_free);
}

static DnevnikSandboxLauncher *
new_launcher (Fixture *fixture)
{
  g_autofree char *binary = dnevnik_sandbox_launcher_find_binary ();

  g_assert_nonnull (binary);
  return dnevnik_sandbox_launcher_new (binary, fixture->data_dir);
}

static gboolean
process_gone (GPid pid)
{
  return kill (pid, 0) != 0;
}

static void
test_start_and_keep_port (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(DnevnikSandboxLauncher) launcher = new_launcher (fixture);
  g_autofree char *port_file = g_build_filename (fixture->data_dir, "port", NULL);
  g_autofree char *first_url = NULL;
  g_autofree char *second_url = NULL;
  GStatBuf st;
  GPid pid;

  first_url = start (launcher);
  g_assert_cmpstr (dnevnik_sandbox_launcher_get_url (launcher), ==, first_url);
  pid = dnevnik_sandbox_launcher_get_pid (launcher);
  g_assert_cmpint (pid, >, 0);

  /* The port is remembered privately… */
  g_assert_cmpint (g_stat (port_file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* …and asked for again, so the address survives a restart. */
  dnevnik_sandbox_launcher_stop (launcher);
  while (!process_gone (pid))
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (dnevnik_sandbox_launcher_get_url (launcher));

  second_url = start (launcher);
  g_assert_cmpstr (second_url, ==, first_url);
  g_assert_cmpint (dnevnik_sandbox_launcher_get_pid (launcher), !=, pid);
}

static void
test_port_taken (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(DnevnikSandboxLauncher) launcher = new_launcher (fixture);
  g_autoptr(GSocketListener) squatter = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *port_file = g_build_filename (fixture->data_dir, "port", NULL);
  g_autofree char *port_text = NULL;
  g_autofree char *url = NULL;
  guint port;

  port = g_socket_listener_add_any_inet_port (squatter, NULL, &error);
  g_assert_no_error (error);
  port_text = g_strdup_printf ("%u\n", port);
  g_assert_true (g_file_set_contents (port_file, port_text, -1, NULL));

  /* Someone else has the remembered port: any free one will do. */
  url = start (launcher);
  g_assert_cmpuint (url_port (url), !=, port);
}

static void
on_exited_cb (DnevnikSandboxLauncher *launcher,
              Fixture                *fixture)
{
  fixture->exited = TRUE;
}

static void
test_exited_signal (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DnevnikSandboxLauncher) launcher = new_launcher (fixture);
  g_autofree char *url = NULL;
  g_autofree char *outbox = NULL;

  url = start (launcher);
  outbox = dnevnik_sandbox_launcher_get_sms_outbox_path (launcher);
  g_assert_true (g_str_has_prefix (outbox, fixture->data_dir));

  g_signal_connect (launcher, "exited", G_CALLBACK (on_exited_cb), fixture);
  g_assert_cmpint (kill (dnevnik_sandbox_launcher_get_pid (launcher), SIGKILL), ==, 0);
  while (!fixture->exited)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (dnevnik_sandbox_launcher_get_url (launcher));
  g_assert_cmpint (dnevnik_sandbox_launcher_get_pid (launcher), ==, 0);
}

static void
test_missing_binary (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DnevnikSandboxLauncher) launcher = dnevnik_sandbox_launcher_new ("/nonexistent/dnevnik-sandbox",
                                                                             fixture->data_dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = try_start (launcher, &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_null (url);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sandbox-launcher/start-and-keep-port", Fixture, NULL,
              fixture_set_up, test_start_and_keep_port, fixture_tear_down);
  g_test_add ("/sandbox-launcher/port-taken", Fixture, NULL,
              fixture_set_up, test_port_taken, fixture_tear_down);
  g_test_add ("/sandbox-launcher/exited-signal", Fixture, NULL,
              fixture_set_up, test_exited_signal, fixture_tear_down);
  g_test_add ("/sandbox-launcher/missing-binary", Fixture, NULL,
              fixture_set_up, test_missing_binary, fixture_tear_down);

  return g_test_run ();
}
