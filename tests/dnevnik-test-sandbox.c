/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dnevnik-test-disk.h"
#include "dnevnik-test-loop.h"
#include "dnevnik-test-sandbox.h"

/* How long a sandbox may take to print its URL before the test gives up. */
#define START_TIMEOUT_SECONDS 20

struct _DnevnikTestSandbox
{
  /* what the instance was started with; kept for restart */
  char        *tmp_dir;
  char        *db_path;
  char        *outbox_path;
  GStrv        options;
  guint        max_open_files;  /* 0: inherited */
  char        *log_path;        /* where its stderr goes; NULL: ours */

  /* the running process; NULL once stopped */
  GSubprocess *process;
  GInputStream *stdout_pipe;
  char        *url;

  SoupSession *session;
};

static const char *
get_binary (void)
{
  const char *binary = g_getenv ("DNEVNIK_SANDBOX");

  if (binary == NULL || *binary == '\0')
    g_error ("DNEVNIK_SANDBOX is not set: run the test through meson test");

  return binary;
}

/* Options such as "--db=sub/x.sqlite" may override the helper's own paths;
 * a relative path is taken inside the instance's temporary directory.
 */
static char *
take_path_option (DnevnikTestSandbox *self,
                  const char         *option,
                  const char         *name)
{
  g_autofree char *prefix = g_strconcat ("--", name, "=", NULL);
  const char *value;

  if (!g_str_has_prefix (option, prefix))
    return NULL;

  value = option + strlen (prefix);
  if (g_path_is_absolute (value))
    return g_strdup (value);

  return g_build_filename (self->tmp_dir, value, NULL);
}

static void
on_line_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  char **line = user_data;
  g_autoptr(GError) error = NULL;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  if (*line == NULL)
    *line = g_strdup_printf ("(no line: %s)", error != NULL ? error->message : "end of output");
}

static gboolean
line_is_read (gpointer user_data)
{
  return *(char **) user_data != NULL;
}

/* Reads the first line the server prints, on a private main context so that
 * a server that never answers fails the test instead of hanging it.
 */
static char *
read_first_line (GInputStream *stream)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GDataInputStream) data = NULL;
  char *line = NULL;

  g_main_context_push_thread_default (context);

  /* The data stream must not close the pipe: the server keeps it open and
   * a closed pipe would kill it with SIGPIPE on a later write. */
  data = g_data_input_stream_new (stream);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data), FALSE);

  g_data_input_stream_read_line_async (data, G_PRIORITY_DEFAULT, NULL, on_line_read_cb, &line);
  if (!dnevnik_test_loop_wait_for (context, line_is_read, &line, START_TIMEOUT_SECONDS * 1000))
    {
      /* Let the pending read finish before the context goes away. */
      g_main_context_pop_thread_default (context);
      g_error ("the sandbox printed no URL within %d s", START_TIMEOUT_SECONDS);
    }

  g_main_context_pop_thread_default (context);
  return line;
}

/* Runs in the child between fork and exec: only async-signal-safe calls. */
static void
limit_open_files (gpointer user_data)
{
  struct rlimit limit = { GPOINTER_TO_UINT (user_data), GPOINTER_TO_UINT (user_data) };

  setrlimit (RLIMIT_NOFILE, &limit);
}

static void
start (DnevnikTestSandbox *self)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_assert_null (self->process);

  g_ptr_array_add (argv, g_strdup (get_binary ()));
  g_ptr_array_add (argv, g_strdup ("--port=0"));
  g_ptr_array_add (argv, g_strdup ("--exit-with-parent"));
  /* Logins must be fast in tests; the default stays sound. */
  g_ptr_array_add (argv, g_strdup ("--kdf-iterations=1000"));
  g_ptr_array_add (argv, g_strdup_printf ("--db=%s", self->db_path));
  g_ptr_array_add (argv, g_strdup_printf ("--sms-outbox=%s", self->outbox_path));
  for (guint i = 0; self->options[i] != NULL; i++)
    {
      /* Path options have been absorbed into db_path/outbox_path. */
      if (g_str_has_prefix (self->options[i], "--db=") ||
          g_str_has_prefix (self->options[i], "--sms-outbox="))
        continue;
      g_ptr_array_add (argv, g_strdup (self->options[i]));
    }
  g_ptr_array_add (argv, NULL);

  if (self->log_path != NULL)
    g_subprocess_launcher_set_stderr_file_path (launcher, self->log_path);
  if (self->max_open_files > 0)
    g_subprocess_launcher_set_child_setup (launcher, limit_open_files, GUINT_TO_POINTER (self->max_open_files), NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  self->stdout_pipe = g_object_ref (g_subprocess_get_stdout_pipe (self->process));

  line = read_first_line (self->stdout_pipe);
  if (!g_str_has_prefix (line, "http://127.0.0.1:"))
    g_error ("the sandbox printed “%s” instead of its URL", line);

  g_free (self->url);
  self->url = g_steal_pointer (&line);
}

/* A new instance with its paths and session, not started yet. */
static DnevnikTestSandbox *
create (const char * const *options)
{
  DnevnikTestSandbox *self = g_new0 (DnevnikTestSandbox, 1);
  g_autoptr(GError) error = NULL;
  static const char * const no_options[] = { NULL };

  if (options == NULL)
    options = no_options;

  self->tmp_dir = g_dir_make_tmp ("dnevnik-sandbox-XXXXXX", &error);
  g_assert_no_error (error);
  self->options = g_strdupv ((char **) options);

  for (guint i = 0; self->options[i] != NULL; i++)
    {
      char *db = take_path_option (self, self->options[i], "db");
      char *outbox = take_path_option (self, self->options[i], "sms-outbox");

      if (db != NULL)
        {
          g_free (self->db_path);
          self->db_path = db;
        }
      if (outbox != NULL)
        {
          g_free (self->outbox_path);
          self->outbox_path = outbox;
        }
    }
  if (self->db_path == NULL)
    self->db_path = g_build_filename (self->tmp_dir, "db.sqlite", NULL);
  if (self->outbox_path == NULL)
    self->outbox_path = g_build_filename (self->tmp_dir, "sms.jsonl", NULL);

  /* Its own session, no proxy, and no connection kept across restarts
   * (a new process may listen on another port). */
  self->session = soup_session_new_with_options ("proxy-resolver", NULL,
                                                 "timeout", 30,
                                                 NULL);
  return self;
}

/**
 * dnevnik_test_sandbox_newv:
 * @options: (array zero-terminated=1): extra command-line options, e.g.
 *   "--token-ttl=1"; "--db=" and "--sms-outbox=" replace the helper's own
 *   paths (relative ones are inside the instance's temporary directory)
 *
 * Starts a sandbox in a fresh temporary directory and waits until it
 * listens.
 *
 * Returns: (transfer full): the running instance
 */
DnevnikTestSandbox *
dnevnik_test_sandbox_newv (const char * const *options)
{
  DnevnikTestSandbox *self = create (options);

  start (self);
  return self;
}

/**
 * dnevnik_test_sandbox_new_captured:
 * @max_open_files: the server's RLIMIT_NOFILE, or 0 to keep ours
 * @options: (array zero-terminated=1) (nullable): as for
 *   dnevnik_test_sandbox_newv()
 *
 * Like dnevnik_test_sandbox_newv(), with the server's standard error
 * going to a file that dnevnik_test_sandbox_get_log() reads.
 *
 * Returns: (transfer full): the running instance
 */
DnevnikTestSandbox *
dnevnik_test_sandbox_new_captured (guint               max_open_files,
                                   const char * const *options)
{
  DnevnikTestSandbox *self = create (options);

  self->max_open_files = max_open_files;
  self->log_path = g_build_filename (self->tmp_dir, "stderr.log", NULL);
  start (self);
  return self;
}

/**
 * dnevnik_test_sandbox_get_log:
 *
 * Returns: (transfer full): what a server started with
 *   dnevnik_test_sandbox_new_captured() has written to its standard
 *   error so far
 */
char *
dnevnik_test_sandbox_get_log (DnevnikTestSandbox *self)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_nonnull (self->log_path);
  g_file_get_contents (self->log_path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/**
 * dnevnik_test_sandbox_new:
 * @first_option: (nullable): the first extra option, then more, then %NULL
 *
 * Like dnevnik_test_sandbox_newv() with the options as arguments.
 *
 * Returns: (transfer full): the running instance
 */
DnevnikTestSandbox *
dnevnik_test_sandbox_new (const char *first_option,
                          ...)
{
  g_autoptr(GPtrArray) options = g_ptr_array_new ();
  va_list args;

  va_start (args, first_option);
  for (const char *option = first_option; option != NULL; option = va_arg (args, const char *))
    g_ptr_array_add (options, (gpointer) option);
  va_end (args);
  g_ptr_array_add (options, NULL);

  return dnevnik_test_sandbox_newv ((const char * const *) options->pdata);
}

/**
 * dnevnik_test_sandbox_get_url:
 *
 * Returns: the base URL, "http://127.0.0.1:PORT", without a trailing slash
 */
const char *
dnevnik_test_sandbox_get_url (DnevnikTestSandbox *self)
{
  g_assert_nonnull (self->url);
  return self->url;
}

/**
 * dnevnik_test_sandbox_get_db_path:
 *
 * Returns: the database file, kept across dnevnik_test_sandbox_restart()
 */
const char *
dnevnik_test_sandbox_get_db_path (DnevnikTestSandbox *self)
{
  return self->db_path;
}

/**
 * dnevnik_test_sandbox_get_outbox_path:
 *
 * Returns: the SMS outbox file, kept across dnevnik_test_sandbox_restart()
 */
const char *
dnevnik_test_sandbox_get_outbox_path (DnevnikTestSandbox *self)
{
  return self->outbox_path;
}

/**
 * dnevnik_test_sandbox_get_tmp_dir:
 *
 * Returns: the instance's temporary directory, removed by
 *   dnevnik_test_sandbox_free()
 */
const char *
dnevnik_test_sandbox_get_tmp_dir (DnevnikTestSandbox *self)
{
  return self->tmp_dir;
}

/**
 * dnevnik_test_sandbox_get_pid:
 *
 * Returns: the process id of the running server, or 0 when stopped
 */
GPid
dnevnik_test_sandbox_get_pid (DnevnikTestSandbox *self)
{
  const char *id;

  if (self->process == NULL)
    return 0;

  id = g_subprocess_get_identifier (self->process);
  return id != NULL ? (GPid) g_ascii_strtoll (id, NULL, 10) : 0;
}

/**
 * dnevnik_test_sandbox_stop:
 *
 * Stops the server with SIGTERM and waits for it; asserts that it exited
 * cleanly (status 0).  Does nothing when it is already stopped.
 */
void
dnevnik_test_sandbox_stop (DnevnikTestSandbox *self)
{
  g_autoptr(GError) error = NULL;

  if (self->process == NULL)
    return;

  /* Idle connections point at the old process. */
  soup_session_abort (self->session);

  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, &error);
  g_assert_no_error (error);

  if (g_subprocess_get_if_signaled (self->process))
    g_error ("the sandbox died of signal %d", g_subprocess_get_term_sig (self->process));
  g_assert_cmpint (g_subprocess_get_exit_status (self->process), ==, 0);

  g_clear_object (&self->stdout_pipe);
  g_clear_object (&self->process);
}

/**
 * dnevnik_test_sandbox_restart:
 *
 * Stops the server and starts it again on the same database and outbox;
 * the port may change, so take the URL again afterwards.
 */
void
dnevnik_test_sandbox_restart (DnevnikTestSandbox *self)
{
  dnevnik_test_sandbox_stop (self);
  start (self);
}

static GBytes *
send_request (DnevnikTestSandbox *self,
              const char         *method,
              const char         *path,
              const char         *token,
              const char         *body,
              guint              *status)
{
  g_autofree char *uri = g_strconcat (dnevnik_test_sandbox_get_url (self), path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  GBytes *reply;

  g_assert_nonnull (message);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }

  reply = soup_session_send_and_read (self->session, message, NULL, &error);
  if (error != NULL)
    g_error ("%s %s: %s", method, path, error->message);

  if (status != NULL)
    *status = soup_message_get_status (message);

  return reply;
}

/**
 * dnevnik_test_sandbox_request:
 * @method: "GET", "POST", …
 * @path: the path and query, e.g. "/sandbox/sms?phone=%2B79161234567"
 * @body: (nullable): a JSON request body
 * @status: (out) (optional): the HTTP status
 *
 * Sends one request synchronously, asserting that it got a reply.
 *
 * Returns: (transfer full): the body of the reply
 */
GBytes *
dnevnik_test_sandbox_request (DnevnikTestSandbox *self,
                              const char         *method,
                              const char         *path,
                              const char         *body,
                              guint              *status)
{
  return send_request (self, method, path, NULL, body, status);
}

/**
 * dnevnik_test_sandbox_call:
 * @token: (nullable): an access token for the Authorization header
 * @body: (nullable): a JSON request body
 * @expected_status: the status the reply must have
 *
 * Sends one request synchronously and asserts its status.
 *
 * Returns: (transfer full) (nullable): the parsed JSON reply, %NULL for
 *   an empty body
 */
JsonNode *
dnevnik_test_sandbox_call (DnevnikTestSandbox *self,
                           const char         *method,
                           const char         *path,
                           const char         *token,
                           const char         *body,
                           guint               expected_status)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize size;
  guint status;

  reply = send_request (self, method, path, token, body, &status);
  data = g_bytes_get_data (reply, &size);
  if (status != expected_status)
    g_error ("%s %s: status %u instead of %u: %.*s",
             method, path, status, expected_status, (int) size, data);

  if (size == 0)
    return NULL;

  json_parser_load_from_data (parser, data, size, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/**
 * dnevnik_test_sandbox_login:
 * @login: a demo login ("ivan", "maria", "olga"); the password is the
 *   demo one
 * @refresh_token: (out) (optional): the refresh token
 *
 * Returns: (transfer full): an access token
 */
char *
dnevnik_test_sandbox_login (DnevnikTestSandbox  *self,
                            const char          *login,
                            char               **refresh_token)
{
  g_autofree char *body = g_strdup_printf ("{\"login\": \"%s\", \"password\": \"dnevnik\"}", login);
  g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (self, "POST", "/api/v1/auth/login", NULL, body,
                                                         SOUP_STATUS_OK);
  JsonObject *object = json_node_get_object (reply);

  if (refresh_token != NULL)
    *refresh_token = g_strdup (json_object_get_string_member (object, "refresh_token"));

  return g_strdup (json_object_get_string_member (object, "access_token"));
}

static void
add_fault (DnevnikTestSandbox *self,
           const char         *method,
           const char         *path,
           const char         *kind,
           guint               count,
           guint               delay_ms,
           double              rate)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  if (method != NULL)
    {
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, method);
    }
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  if (rate > 0)
    {
      json_builder_set_member_name (builder, "rate");
      json_builder_add_double_value (builder, rate);
    }
  else
    {
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, count);
    }
  json_builder_set_member_name (builder, "delay_ms");
  json_builder_add_int_value (builder, delay_ms);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);
  reply = dnevnik_test_sandbox_call (self, "POST", "/sandbox/faults", NULL, body, SOUP_STATUS_CREATED);
}

/**
 * dnevnik_test_sandbox_add_fault:
 * @method: (nullable): the HTTP method, or %NULL for any
 * @path: the request path, e.g. "/api/v1/auth/refresh"
 * @kind: "error500", "malformed", "truncated", "drop" or "delay"
 * @count: how many of the next matching requests fail
 * @delay_ms: the delay of a "delay" fault
 *
 * Makes the next @count matching requests fail as @kind says.
 */
void
dnevnik_test_sandbox_add_fault (DnevnikTestSandbox *self,
                                const char         *method,
                                const char         *path,
                                const char         *kind,
                                guint               count,
                                guint               delay_ms)
{
  add_fault (self, method, path, kind, count, delay_ms, 0.0);
}

/**
 * dnevnik_test_sandbox_add_fault_rate:
 * @rate: the share of matching requests that fail, in (0, 1]
 *
 * Like dnevnik_test_sandbox_add_fault(), for a random share of requests.
 */
void
dnevnik_test_sandbox_add_fault_rate (DnevnikTestSandbox *self,
                                     const char         *method,
                                     const char         *path,
                                     const char         *kind,
                                     double              rate,
                                     guint               delay_ms)
{
  g_assert_cmpfloat (rate, >, 0.0);
  add_fault (self, method, path, kind, 0, delay_ms, rate);
}

/**
 * dnevnik_test_sandbox_clear_faults:
 *
 * Removes every fault, including those given on the command line.
 */
void
dnevnik_test_sandbox_clear_faults (DnevnikTestSandbox *self)
{
  g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (self, "DELETE", "/sandbox/faults", NULL, NULL, SOUP_STATUS_NO_CONTENT);
}

/**
 * dnevnik_test_sandbox_get_counter:
 * @method: "GET", "POST", …
 * @path: the request path without a query
 *
 * Returns: how many requests the server answered (or faulted) for
 *   @method and @path since it started or since the counters were reset
 */
guint
dnevnik_test_sandbox_get_counter (DnevnikTestSandbox *self,
                                  const char         *method,
                                  const char         *path)
{
  g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (self, "GET", "/sandbox/counters", NULL, NULL, SOUP_STATUS_OK);
  g_autofree char *key = g_strconcat (method, " ", path, NULL);
  JsonObject *counters;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply));
  counters = json_object_get_object_member (json_node_get_object (reply), "counters");
  g_assert_nonnull (counters);

  return (guint) json_object_get_int_member_with_default (counters, key, 0);
}

/**
 * dnevnik_test_sandbox_reset_counters:
 *
 * Sets every request counter of the server to zero.
 */
void
dnevnik_test_sandbox_reset_counters (DnevnikTestSandbox *self)
{
  g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (self, "DELETE", "/sandbox/counters", NULL, NULL, SOUP_STATUS_NO_CONTENT);
}

/**
 * dnevnik_test_sandbox_get_last_code:
 * @phone: (nullable): a canonical number, "+79161234567", or %NULL for any
 *
 * Returns: (transfer full) (nullable): the code of the newest SMS sent to
 *   @phone, or %NULL when none was sent
 */
char *
dnevnik_test_sandbox_get_last_code (DnevnikTestSandbox *self,
                                    const char         *phone)
{
  g_autofree char *escaped = phone != NULL ? g_uri_escape_string (phone, NULL, FALSE) : NULL;
  g_autofree char *path = escaped != NULL ? g_strconcat ("/sandbox/sms?phone=", escaped, NULL)
                                          : g_strdup ("/sandbox/sms");
  g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (self, "GET", path, NULL, NULL, SOUP_STATUS_OK);
  JsonArray *messages;
  guint n;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply));
  messages = json_object_get_array_member (json_node_get_object (reply), "messages");
  g_assert_nonnull (messages);

  n = json_array_get_length (messages);
  if (n == 0)
    return NULL;

  return g_strdup (json_object_get_string_member (json_array_get_object_element (messages, n - 1), "code"));
}

/**
 * dnevnik_test_sandbox_free:
 *
 * Stops the server and removes its temporary directory.
 */
void
dnevnik_test_sandbox_free (DnevnikTestSandbox *self)
{
  if (self == NULL)
    return;

  dnevnik_test_sandbox_stop (self);
  g_clear_object (&self->session);

  if (g_getenv ("DNEVNIK_TEST_KEEP_TMP") == NULL)
    dnevnik_test_disk_remove_tree (self->tmp_dir);

  g_free (self->tmp_dir);
  g_free (self->db_path);
  g_free (self->outbox_path);
  g_free (self->log_path);
  g_free (self->url);
  g_strfreev (self->options);
  g_free (self);
}
