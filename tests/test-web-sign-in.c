/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "app/dnevnik-web-sign-in.h"
#include "dnevnik-test-loop.h"
#include "dnevnik-test-ui.h"

/* The sign-in window end to end: the real dnevnik-web-sign-in and its
 * real WebKit view under Xvfb, on a fake sign-in page served here on
 * loopback.  The page's own script fills the form and posts it (the
 * helper never touches a form); the reply sets the token cookies and
 * redirects, as the diary's sign-in does.  Then: the token reached the
 * caller, the window and its processes are gone, and the token is in no
 * command line, environment, log line or file. */

#define TOKEN_COOKIE   "aupd_token"
#define REFRESH_COOKIE "aupd_refresh_token"

/* Generous bounds: WebKit starts a web and a network process, under
 * software rendering on a loaded machine.  They bound a hang, they do not
 * measure speed. */
#define WAIT_SECONDS 60

typedef struct
{
  SoupServer *server;
  char       *base_url;
  char       *token;
  char       *refresh_token;

  /* what the fake page saw */
  gboolean    form_posted;
  gboolean    form_complete;
  gboolean    waiting_page_served;
  GPid        helper_pid;
  GArray     *helper_tree;
  gboolean    secret_in_proc;
} Fixture;

static gboolean
on_poll_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the main context until @condition holds, failing the test after
 * WAIT_SECONDS.  A timer wakes the loop now and then for what changes
 * outside this process (processes that exit). */
static void
wait_until (GSourceFunc condition,
            gpointer    data)
{
  guint poll = g_timeout_add (50, on_poll_cb, NULL);

  g_assert_true (dnevnik_test_loop_wait_for (NULL, condition, data, WAIT_SECONDS * 1000));
  g_source_remove (poll);
}

static gboolean
result_is_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static GAsyncResult *
await_bounded (GAsyncResult **result)
{
  wait_until (result_is_set, result);
  return *result;
}

static GPid
parent_of (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *after_name;
  int ppid = 0;

  if (!g_file_get_contents (path, &stat, NULL, NULL) ||
      (after_name = strrchr (stat, ')')) == NULL ||
      sscanf (after_name, ") %*c %d", &ppid) != 1)
    return 0;

  return ppid;
}

/* @pid and every process below it, depth first. */
static void
collect_tree (GPid    pid,
              GArray *pids)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;

  g_array_append_val (pids, pid);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      guint64 child;

      if (g_ascii_string_to_unsigned (name, 10, 1, G_MAXINT, &child, NULL) &&
          parent_of ((GPid) child) == pid)
        collect_tree ((GPid) child, pids);
    }
}

static GPid
find_helper (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *exe_link = g_strdup_printf ("/proc/%s/exe", name);
      g_autofree char *exe = g_file_read_link (exe_link, NULL);
      guint64 pid;

      if (g_ascii_string_to_unsigned (name, 10, 1, G_MAXINT, &pid, NULL) &&
          parent_of ((GPid) pid) == getpid () &&
          exe != NULL && g_str_has_suffix (exe, "/dnevnik-web-sign-in"))
        return (GPid) pid;
    }

  return 0;
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  gsize needle_length = strlen (needle);

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  /* Command lines and environments are lists of NUL-ended strings. */
  for (gsize i = 0; i + needle_length <= length; i++)
    if (memcmp (contents + i, needle, needle_length) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
tree_mentions (GArray     *pids,
               const char *needle)
{
  for (guint i = 0; i < pids->len; i++)
    {
      GPid pid = g_array_index (pids, GPid, i);
      g_autofree char *cmdline = g_strdup_printf ("/proc/%d/cmdline", pid);
      g_autofree char *environ = g_strdup_printf ("/proc/%d/environ", pid);

      if (file_contains (cmdline, needle) || file_contains (environ, needle))
        return TRUE;
    }

  return FALSE;
}

static gboolean
process_gone (GPid pid)
{
  return kill (pid, 0) != 0;
}

static gboolean
tree_gone (gpointer data)
{
  const GArray *pids = data;

  for (guint i = 0; i < pids->len; i++)
    if (!process_gone (g_array_index (pids, GPid, i)))
      return FALSE;

  return TRUE;
}

static void
remember_helper (Fixture *fixture)
{
  fixture->helper_pid = find_helper ();
  g_assert_cmpint (fixture->helper_pid, >, 0);
  g_array_set_size (fixture->helper_tree, 0);
  collect_tree (fixture->helper_pid, fixture->helper_tree);
}

static void
serve_html (SoupServerMessage *msg,
            const char        *html)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    html, strlen (html));
}

static void
on_login_posted (Fixture           *fixture,
                 SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *form_text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) form = soup_form_decode (form_text);
  g_autofree char *token_cookie = g_strdup_printf (TOKEN_COOKIE "=%s; Path=/", fixture->token);
  g_autofree char *refresh_cookie = g_strdup_printf (REFRESH_COOKIE "=%s; Path=/; HttpOnly",
                                                     fixture->refresh_token);

  fixture->form_posted = TRUE;
  fixture->form_complete = g_strcmp0 (g_hash_table_lookup (form, "login"), "ivan") == 0 &&
                           g_strcmp0 (g_hash_table_lookup (form, "password"), "dnevnik") == 0;

  /* The window and WebKit's processes, while they run: a command line
   * and an environment are fixed when a process starts, so any moment of
   * its life shows what it was given. */
  remember_helper (fixture);
  fixture->secret_in_proc = tree_mentions (fixture->helper_tree, fixture->token) ||
                            tree_mentions (fixture->helper_tree, fixture->refresh_token);

  soup_message_headers_append (headers, "Set-Cookie", token_cookie);
  soup_message_headers_append (headers, "Set-Cookie", refresh_cookie);
  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "/signed-in");
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fixture *fixture = user_data;
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (path, "/login") && g_str_equal (method, "GET"))
    serve_html (msg,
                "<!DOCTYPE html><html><head><title>Sign in</title></head><body>"
                "<form id='form' method='post' action='/login'>"
                "<input id='login' name='login'>"
                "<input id='password' name='password' type='password'>"
                "<button type='submit'>Sign in</button></form>"
                "<script>"
                "document.getElementById('login').value = 'ivan';"
                "document.getElementById('password').value = 'dnevnik';"
                "document.getElementById('form').submit();"
                "</script></body></html>");
  else if (g_str_equal (path, "/login") && g_str_equal (method, "POST"))
    on_login_posted (fixture, msg);
  else if (g_str_equal (path, "/signed-in"))
    serve_html (msg, "<!DOCTYPE html><html><body>Signed in</body></html>");
  else if (g_str_equal (path, "/wait"))
    {
      /* A student who has not signed in yet. */
      fixture->waiting_page_served = TRUE;
      serve_html (msg, "<!DOCTYPE html><html><body><form><input name='login'></form></body></html>");
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  /* Random, so that finding them anywhere cannot be a coincidence. */
  fixture->token = g_strdup_printf ("eyJ%s.%s", g_uuid_string_random (), g_uuid_string_random ());
  fixture->refresh_token = g_strdup_printf ("refresh-%s", g_uuid_string_random ());
  fixture->helper_tree = g_array_new (FALSE, FALSE, sizeof (GPid));

  fixture->server = soup_server_new ("server-header", "dnevnik-test-sign-in ", NULL);
  soup_server_add_handler (fixture->server, NULL, on_request_cb, fixture, NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->server);
  g_assert_nonnull (uris);
  fixture->base_url = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  if (g_str_has_suffix (fixture->base_url, "/"))
    fixture->base_url[strlen (fixture->base_url) - 1] = '\0';
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  soup_server_disconnect (fixture->server);
  g_assert_finalize_object (fixture->server);
  g_clear_pointer (&fixture->helper_tree, g_array_unref);
  g_free (fixture->base_url);
  g_free (fixture->token);
  g_free (fixture->refresh_token);
}

static DnevnikWebSignIn *
new_sign_in (const char *binary)
{
  const char *path = binary != NULL ? binary : g_getenv ("DNEVNIK_WEB_SIGN_IN");

  g_assert_nonnull (path);
  return dnevnik_web_sign_in_new (path);
}

static gboolean
run (DnevnikWebSignIn  *sign_in,
     const char        *start_url,
     const char        *cookie_domain,
     const char        *token_cookie,
     GCancellable      *cancellable,
     char             **token,
     char             **refresh_token,
     GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dnevnik_web_sign_in_run_async (sign_in, start_url, cookie_domain, token_cookie, REFRESH_COOKIE,
                                 cancellable, dnevnik_test_loop_result_cb, &result);
  return dnevnik_web_sign_in_run_finish (sign_in, await_bounded (&result), token, refresh_token, error);
}

/* Starts a run on the waiting page and waits for the window to show it:
 * WebKit's processes are up, and the fixture knows them. */
static DnevnikWebSignIn *
start_waiting_run (Fixture       *fixture,
                   GCancellable  *cancellable,
                   GAsyncResult **result)
{
  g_autofree char *start_url = g_strconcat (fixture->base_url, "/wait", NULL);
  DnevnikWebSignIn *sign_in = new_sign_in (NULL);

  dnevnik_web_sign_in_run_async (sign_in, start_url, "127.0.0.1", TOKEN_COOKIE, REFRESH_COOKIE,
                                 cancellable, dnevnik_test_loop_result_cb, result);
  wait_until (dnevnik_test_loop_is_set, &fixture->waiting_page_served);
  remember_helper (fixture);
  return sign_in;
}

/* The run started by start_waiting_run() ended as cancelled, with no
 * token. */
static void
assert_run_cancelled (Fixture           *fixture,
                      DnevnikWebSignIn  *sign_in,
                      GAsyncResult     **result)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  g_assert_false (dnevnik_web_sign_in_run_finish (sign_in, await_bounded (result), &token, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (token);
  g_clear_object (result);
}

/* The window has exited, and the processes it started after it. */
static void
assert_helper_tree_gone (Fixture *fixture)
{
  g_assert_true (process_gone (fixture->helper_pid));
  /* WebKit's processes notice a moment later that the window's died. */
  wait_until (tree_gone, fixture->helper_tree);
}

/* The fake page is plain http on loopback, which only development
 * builds let the window open. */
static gboolean
skip_unless_development (void)
{
  if (!DEVELOPMENT_BUILD)
    {
      g_test_skip ("The fake sign-in page needs a development build (-Ddevelopment=true)");
      return TRUE;
    }

  return FALSE;
}

static void
assert_no_file_mentions (const char *dir,
                         const char *needle)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        assert_no_file_mentions (path, needle);
      else if (file_contains (path, needle))
        g_error ("%s holds the token", path);
    }
}

static void
test_signs_in (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(DnevnikWebSignIn) sign_in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *start_url = g_strconcat (fixture->base_url, "/login", NULL);
  g_autofree char *token = NULL;
  g_autofree char *refresh_token = NULL;
  const char *dirs[] = {
    g_get_home_dir (), g_get_user_cache_dir (), g_get_user_data_dir (),
    g_get_user_config_dir (), g_get_user_runtime_dir (),
  };

  if (skip_unless_development ())
    return;

  sign_in = new_sign_in (NULL);
  g_assert_true (run (sign_in, start_url, "127.0.0.1", TOKEN_COOKIE, NULL,
                      &token, &refresh_token, &error));
  g_assert_no_error (error);

  /* The page's own script posted the form, in the real view. */
  g_assert_true (fixture->form_posted);
  g_assert_true (fixture->form_complete);

  g_assert_cmpstr (token, ==, fixture->token);
  g_assert_cmpstr (refresh_token, ==, fixture->refresh_token);

  /* The window had exited when the token came back. */
  g_assert_cmpuint (fixture->helper_tree->len, >=, 1);
  assert_helper_tree_gone (fixture);

  g_assert_false (fixture->secret_in_proc);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    assert_no_file_mentions (dirs[i], fixture->token);

  g_assert_finalize_object (g_steal_pointer (&sign_in));
}

/* The helper's own output, read directly: the one line on standard
 * output, and nothing of the token in its log even with every debug
 * message on. */
static void
test_helper_output (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) helper = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *start_url = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  g_autofree char *expected = NULL;

  if (skip_unless_development ())
    return;

  start_url = g_strdup_printf ("--start-url=%s/login", fixture->base_url);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  helper = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DNEVNIK_WEB_SIGN_IN"),
                                        start_url, "--cookie-domain=127.0.0.1",
                                        "--token-cookie=" TOKEN_COOKIE, NULL);
  g_assert_no_error (error);

  /* On this main context: it also serves the fake page. */
  g_subprocess_communicate_utf8_async (helper, NULL, NULL, dnevnik_test_loop_result_cb, &result);
  g_subprocess_communicate_utf8_finish (helper, await_bounded (&result), &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  g_test_message ("The window ended with status %d", g_subprocess_get_status (helper));
  g_assert_true (g_subprocess_get_if_exited (helper));
  g_assert_cmpint (g_subprocess_get_exit_status (helper), ==, 0);

  /* No refresh cookie asked for, so none handed over. */
  expected = g_strdup_printf ("{\"token\":\"%s\"}\n", fixture->token);
  g_assert_cmpstr (stdout_text, ==, expected);

  g_assert_nonnull (strstr (stderr_text, "token cookie is set"));
  g_assert_null (strstr (stderr_text, fixture->token));
  g_assert_null (strstr (stderr_text, fixture->refresh_token));
}

static void
test_cancel_kills_helper (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(DnevnikWebSignIn) sign_in = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;

  if (skip_unless_development ())
    return;

  /* The window shows the page: WebKit's processes are up. */
  sign_in = start_waiting_run (fixture, cancellable, &result);
  g_assert_cmpuint (fixture->helper_tree->len, >, 1);

  g_cancellable_cancel (cancellable);
  assert_run_cancelled (fixture, sign_in, &result);
  assert_helper_tree_gone (fixture);

  g_assert_finalize_object (g_steal_pointer (&sign_in));
}

/* The student closes the window (Escape, a real X key event): the run
 * ends as cancelled, and the window ends cleanly. */
static void
test_closed_by_student (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(DnevnikWebSignIn) sign_in = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *pid = NULL;

  if (skip_unless_development ())
    return;

  sign_in = start_waiting_run (fixture, NULL, &result);

  pid = g_strdup_printf ("%d", fixture->helper_pid);
  dnevnik_test_ui_xdotool ("search", "--sync", "--all", "--onlyvisible", "--pid", pid, "--name", "Sign In",
                           "windowfocus", "--sync", NULL);
  dnevnik_test_ui_xdotool ("key", "Escape", NULL);

  assert_run_cancelled (fixture, sign_in, &result);
  g_assert_true (process_gone (fixture->helper_pid));
  g_assert_finalize_object (g_steal_pointer (&sign_in));
}

static void
test_time_limit (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(DnevnikWebSignIn) sign_in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *start_url = g_strconcat (fixture->base_url, "/wait", NULL);
  g_autofree char *token = NULL;

  if (skip_unless_development ())
    return;

  sign_in = new_sign_in (NULL);
  dnevnik_web_sign_in_set_time_limit (sign_in, 1);
  g_assert_false (run (sign_in, start_url, "127.0.0.1", TOKEN_COOKIE, NULL, &token, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_null (token);
  g_assert_cmpint (find_helper (), ==, 0);
}

/* Refused before any window opens: the helper checks its arguments
 * against the URL policy first. */
static void
test_refuses_url (Fixture       *fixture,
                  gconstpointer  data)
{
  struct {
    const char *start_url;
    const char *cookie_domain;
    const char *token_cookie;
  } cases[] = {
    { "http://example.org/login", "example.org", TOKEN_COOKIE },
    { "https://student@example.org/login", "example.org", TOKEN_COOKIE },
    { "file:///etc/passwd", "example.org", TOKEN_COOKIE },
    { "javascript:alert(1)", "example.org", TOKEN_COOKIE },
    { "https://example.org/login", "example.org/evil", TOKEN_COOKIE },
    { "https://example.org/login", "example.org", "aupd token" },
    { "https://example.org/login", "example.org", "" },
  };
  g_autoptr(DnevnikWebSignIn) sign_in = new_sign_in (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *token = NULL;

      g_test_message ("%s %s %s", cases[i].start_url, cases[i].cookie_domain, cases[i].token_cookie);
      g_assert_false (run (sign_in, cases[i].start_url, cases[i].cookie_domain, cases[i].token_cookie,
                           NULL, &token, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_null (token);
    }
}

/* The app's side against helpers that misbehave: each is a small script
 * standing in for dnevnik-web-sign-in. */
static void
test_misbehaving_helper (Fixture       *fixture,
                         gconstpointer  data)
{
  struct {
    const char *script;
    GIOErrorEnum code;
  } cases[] = {
    /* More than the longest line: read up to the cap, then killed. */
    { "head -c 200000 /dev/zero | tr '\\0' x; exec sleep 60", G_IO_ERROR_FAILED },
    { "echo 'not json'", G_IO_ERROR_FAILED },
    { "echo '{\"token\": 42}'", G_IO_ERROR_FAILED },
    { "echo '{\"token\": \"a b\"}'", G_IO_ERROR_FAILED },
    { "printf '{\"token\": \"abc\"}'", G_IO_ERROR_FAILED },
    { "echo '{\"token\": \"abc\"}'; echo '{\"token\": \"def\"}'", G_IO_ERROR_FAILED },
    { "exit 0", G_IO_ERROR_CANCELLED },
    { "exit 3", G_IO_ERROR_FAILED },
    { "kill -9 $$", G_IO_ERROR_FAILED },
  };
  g_autofree char *dir = g_dir_make_tmp ("dnevnik-web-sign-in-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "helper", NULL);

  g_assert_nonnull (dir);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DnevnikWebSignIn) sign_in = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *script = g_strdup_printf ("#!/bin/sh\n%s\n", cases[i].script);
      g_autofree char *token = NULL;

      g_test_message ("%s", cases[i].script);
      g_assert_true (g_file_set_contents (path, script, -1, NULL));
      g_assert_cmpint (g_chmod (path, 0700), ==, 0);

      sign_in = new_sign_in (path);
      g_assert_false (run (sign_in, "https://example.org/", "example.org", TOKEN_COOKIE, NULL,
                           &token, NULL, &error));
      g_assert_error (error, G_IO_ERROR, cases[i].code);
      g_assert_null (token);
    }

  /* A good line from a helper that then exits badly still counts. */
  {
    g_autoptr(DnevnikWebSignIn) sign_in = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *token = NULL;
    g_autofree char *refresh_token = NULL;

    g_assert_true (g_file_set_contents (path, "#!/bin/sh\necho '{\"token\": \"abc.def\"}'\nexit 1\n", -1, NULL));
    g_assert_cmpint (g_chmod (path, 0700), ==, 0);
    sign_in = new_sign_in (path);
    g_assert_true (run (sign_in, "https://example.org/", "example.org", TOKEN_COOKIE, NULL,
                        &token, &refresh_token, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (token, ==, "abc.def");
    g_assert_null (refresh_token);
  }

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/web-sign-in/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("refuses-url", test_refuses_url);
  ADD ("misbehaving-helper", test_misbehaving_helper);
  ADD ("signs-in", test_signs_in);
  ADD ("helper-output", test_helper_output);
  ADD ("cancel-kills-helper", test_cancel_kills_helper);
  ADD ("closed-by-student", test_closed_by_student);
  ADD ("time-limit", test_time_limit);

#undef ADD

  return g_test_run ();
}
