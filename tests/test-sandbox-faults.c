/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "dnevnik-test-sandbox-util.h"

/* Faults, counters and many clients at once, over real HTTP to a real
 * dnevnik-sandbox process. */

/* One request with its own session (so a dropped connection cannot
 * disturb the helper's), with the transport error if there is one. */
static GBytes *
raw_request (DnevnikTestSandbox  *sandbox,
             const char          *method,
             const char          *path,
             const char          *token,
             guint               *status,
             GError             **error)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, "timeout", 20, NULL);
  g_autofree char *uri = g_strconcat (dnevnik_test_sandbox_get_url (sandbox), path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  GBytes *body;

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
    }

  body = soup_session_send_and_read (session, message, NULL, error);
  *status = soup_message_get_status (message);
  return body;
}

/* GET @path as @token; asserts that a reply came, with @expected_status */
static GBytes *
get_reply (DnevnikTestSandbox *sandbox,
           const char         *path,
           const char         *token,
           guint               expected_status)
{
  g_autoptr(GError) error = NULL;
  guint status;
  GBytes *body = raw_request (sandbox, "GET", path, token, &status, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, expected_status);
  return body;
}

/* GET @path as @token; asserts that the connection failed */
static GBytes *
get_dropped (DnevnikTestSandbox *sandbox,
             const char         *path,
             const char         *token)
{
  g_autoptr(GError) error = NULL;
  guint status;
  GBytes *body = raw_request (sandbox, "GET", path, token, &status, &error);

  g_assert_nonnull (error);
  return body;
}

static gboolean
is_json (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return json_parser_load_from_data (parser, data, size, NULL);
}

static void
test_faults_kinds (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autoptr(GBytes) error500 = NULL;
  g_autoptr(GBytes) malformed = NULL;
  g_autoptr(GBytes) truncated = NULL;
  g_autoptr(GBytes) dropped = NULL;
  g_autoptr(GBytes) healthy = NULL;
  g_autoptr(GBytes) other_method = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize healthy_size;

  healthy = get_reply (sandbox, "/api/v1/profile", token, SOUP_STATUS_OK);
  healthy_size = g_bytes_get_size (healthy);

  /* error500 */
  dnevnik_test_sandbox_add_fault (sandbox, "GET", "/api/v1/profile", "error500", 1, 0);
  error500 = get_reply (sandbox, "/api/v1/profile", token, SOUP_STATUS_INTERNAL_SERVER_ERROR);
  json_parser_load_from_data (parser, g_bytes_get_data (error500, NULL), g_bytes_get_size (error500), &error);
  g_assert_no_error (error);
  assert_error (json_parser_get_root (parser), "internal");

  /* malformed */
  dnevnik_test_sandbox_add_fault (sandbox, NULL, "/api/v1/profile", "malformed", 1, 0);
  malformed = get_reply (sandbox, "/api/v1/profile", token, SOUP_STATUS_OK);
  g_assert_false (is_json (malformed));

  /* truncated: the real body, half of it, with a matching length */
  dnevnik_test_sandbox_add_fault (sandbox, "GET", "/api/v1/profile", "truncated", 1, 0);
  truncated = get_reply (sandbox, "/api/v1/profile", token, SOUP_STATUS_OK);
  g_assert_cmpuint (g_bytes_get_size (truncated), ==, healthy_size / 2);
  g_assert_cmpint (memcmp (g_bytes_get_data (truncated, NULL), g_bytes_get_data (healthy, NULL),
                           healthy_size / 2), ==, 0);
  g_assert_false (is_json (truncated));

  /* drop: no reply at all */
  dnevnik_test_sandbox_add_fault (sandbox, "GET", "/api/v1/profile", "drop", 1, 0);
  dropped = get_dropped (sandbox, "/api/v1/profile", token);
  g_assert_null (dropped);

  /* A fault for another method leaves this one alone, and each fault
   * above was used up by one request. */
  dnevnik_test_sandbox_add_fault (sandbox, "POST", "/api/v1/profile", "error500", 1, 0);
  other_method = get_reply (sandbox, "/api/v1/profile", token, SOUP_STATUS_OK);
  g_assert_cmpmem (g_bytes_get_data (other_method, NULL), g_bytes_get_size (other_method),
                   g_bytes_get_data (healthy, NULL), healthy_size);

  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "GET", "/api/v1/profile"), ==, 6);
}

static void
test_faults_count (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);

  dnevnik_test_sandbox_add_fault (sandbox, "GET", "/api/v1/library", "error500", 2, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/library", token, NULL,
                                                             SOUP_STATUS_INTERNAL_SERVER_ERROR);
      assert_error (reply, "internal");
    }
  {
    /* used up */
    g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/library", token, NULL,
                                                           SOUP_STATUS_OK);
    g_assert_nonnull (reply);
  }

  /* DELETE /sandbox/faults removes pending ones. */
  dnevnik_test_sandbox_add_fault (sandbox, "GET", "/api/v1/library", "error500", 5, 0);
  dnevnik_test_sandbox_clear_faults (sandbox);
  {
    g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/library", token, NULL,
                                                           SOUP_STATUS_OK);
    g_assert_nonnull (reply);
  }
}

static void
test_faults_delay (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, "max-conns-per-host", 4,
                                                                  NULL);
  g_autofree char *uri = g_strconcat (dnevnik_test_sandbox_get_url (sandbox), "/api/v1/profile", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonNode) meanwhile = NULL;
  g_autoptr(GError) error = NULL;

  dnevnik_test_sandbox_add_fault (sandbox, "GET", "/api/v1/profile", "delay", 1, 1500);

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, dnevnik_test_loop_result_cb,
                                    &result);

  /* Let the delayed request reach the server, then show that the server
   * answers others while it waits: the delay does not block it. */
  while (dnevnik_test_sandbox_get_counter (sandbox, "GET", "/api/v1/profile") == 0)
    g_main_context_iteration (NULL, FALSE);
  meanwhile = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/library", token, NULL, SOUP_STATUS_OK);
  g_assert_null (result);

  reply = soup_session_send_and_read_finish (session, dnevnik_test_loop_await (&result), &error);
  g_assert_no_error (error);

  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
  g_assert_true (is_json (reply));
}

static void
test_faults_rate (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  guint failed = 0;

  /* rate 1 always fails; a rate fault is not used up */
  dnevnik_test_sandbox_add_fault_rate (sandbox, "GET", "/api/v1/portfolio", "error500", 1.0, 0);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/portfolio", token, NULL,
                                                             SOUP_STATUS_INTERNAL_SERVER_ERROR);
      assert_error (reply, "internal");
    }
  dnevnik_test_sandbox_clear_faults (sandbox);

  /* rate 0.5 fails some and passes some (2^-60 chance of a false alarm) */
  dnevnik_test_sandbox_add_fault_rate (sandbox, "GET", "/api/v1/portfolio", "error500", 0.5, 0);
  for (guint i = 0; i < 60; i++)
    {
      guint status;
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(GError) error = NULL;

      reply = raw_request (sandbox, "GET", "/api/v1/portfolio", token, &status, &error);
      g_assert_no_error (error);
      g_assert_true (status == SOUP_STATUS_OK || status == SOUP_STATUS_INTERNAL_SERVER_ERROR);
      if (status != SOUP_STATUS_OK)
        failed++;
    }
  g_assert_cmpuint (failed, >, 0);
  g_assert_cmpuint (failed, <, 60);
}

static void
test_faults_command_line (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox =
    dnevnik_test_sandbox_new ("--fault=POST:/api/v1/auth/login:error500:1",
                              "--fault=/api/v1/library:drop:1",
                              "--fault-rate=GET:/api/v1/portfolio:malformed:1",
                              NULL);
  g_autoptr(JsonNode) failed = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GBytes) dropped = NULL;
  g_autoptr(GBytes) portfolio = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  failed = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/auth/login", NULL,
                                      "{\"login\": \"ivan\", \"password\": \"dnevnik\"}",
                                      SOUP_STATUS_INTERNAL_SERVER_ERROR);
  assert_error (failed, "internal");
  token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);

  dropped = get_dropped (sandbox, "/api/v1/library", token);

  portfolio = raw_request (sandbox, "GET", "/api/v1/portfolio", token, &status, &error);
  g_assert_no_error (error);
  g_assert_false (is_json (portfolio));
}

static void
test_faults_counters (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *refresh = NULL;
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", &refresh);
  g_autofree char *body = g_strdup_printf ("{\"refresh_token\": \"%s\"}", refresh);
  g_autoptr(JsonNode) refreshed = NULL;
  g_autoptr(JsonNode) counters = NULL;
  g_autoptr(GBytes) unknown = NULL;
  guint status;

  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "POST", "/api/v1/auth/login"), ==, 1);
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "POST", "/api/v1/auth/refresh"), ==, 0);

  refreshed = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/auth/refresh", NULL, body, SOUP_STATUS_OK);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/diary?from=2026-11-23&to=2026-11-24",
                                                             json_object_get_string_member (object_of (refreshed),
                                                                                            "access_token"),
                                                             NULL, SOUP_STATUS_OK);
      g_assert_nonnull (reply);
    }
  unknown = dnevnik_test_sandbox_request (sandbox, "GET", "/api/v2/whatever", NULL, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_NOT_FOUND);

  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "POST", "/api/v1/auth/refresh"), ==, 1);
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "GET", "/api/v1/diary"), ==, 3);
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "GET", "/api/v2/whatever"), ==, 1);
  /* The control endpoints are not counted. */
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "GET", "/sandbox/counters"), ==, 0);

  dnevnik_test_sandbox_reset_counters (sandbox);
  counters = dnevnik_test_sandbox_call (sandbox, "GET", "/sandbox/counters", NULL, NULL, SOUP_STATUS_OK);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object_of (counters), "counters")), ==, 0);
  g_assert_nonnull (token);
}

/* --- many clients ------------------------------------------------------------------ */

#define N_CLIENTS 20

typedef struct
{
  guint    pending;
  guint    statuses[N_CLIENTS];
  GBytes  *bodies[N_CLIENTS];
} Batch;

typedef struct
{
  Batch *batch;
  guint  index;
} Slot;

static void
on_batch_reply_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Slot *slot = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;

  slot->batch->bodies[slot->index] = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  slot->batch->statuses[slot->index] = soup_message_get_status (message);
  slot->batch->pending--;
  g_free (slot);
}

/* Sends N_CLIENTS requests at once and waits for every reply. */
static void
send_batch (SoupSession  *session,
            const char   *url,
            const char   *method,
            const char   *path,
            const char  **tokens,
            const char  **bodies,
            Batch        *batch)
{
  memset (batch, 0, sizeof *batch);
  batch->pending = N_CLIENTS;

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_autofree char *uri = g_strconcat (url, path, NULL);
      g_autoptr(SoupMessage) message = soup_message_new (method, uri);
      Slot *slot = g_new0 (Slot, 1);

      if (tokens != NULL)
        {
          g_autofree char *authorization = g_strconcat ("Bearer ", tokens[i], NULL);

          soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
        }
      if (bodies != NULL)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (bodies[i], strlen (bodies[i]));

          soup_message_set_request_body_from_bytes (message, "application/json", bytes);
        }

      slot->batch = batch;
      slot->index = i;
      soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, on_batch_reply_cb, slot);
    }

  while (batch->pending > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
batch_clear (Batch *batch)
{
  for (guint i = 0; i < N_CLIENTS; i++)
    g_clear_pointer (&batch->bodies[i], g_bytes_unref);
}

static JsonNode *
parse (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_concurrent_clients (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL,
                                                                  "max-conns-per-host", N_CLIENTS,
                                                                  "max-conns", N_CLIENTS * 2,
                                                                  "timeout", 30,
                                                                  NULL);
  const char *url = dnevnik_test_sandbox_get_url (sandbox);
  const char *login_bodies[N_CLIENTS];
  const char *tokens[N_CLIENTS];
  char *tokens_owned[N_CLIENTS] = { NULL };
  const char *confirm_bodies[N_CLIENTS];
  g_autofree char *confirm_body = NULL;
  g_autofree char *ivan = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autofree char *request_id = NULL;
  g_autofree char *code = NULL;
  /* Owns the tokens of tokens_owned[]. */
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonNode) history = NULL;
  Batch batch;
  guint linked = 0;

  /* 20 logins at once: 20 different, working tokens */
  for (guint i = 0; i < N_CLIENTS; i++)
    login_bodies[i] = "{\"login\": \"olga\", \"password\": \"dnevnik\"}";
  send_batch (session, url, "POST", "/api/v1/auth/login", NULL, login_bodies, &batch);
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_autoptr(JsonNode) reply = NULL;

      g_assert_cmpuint (batch.statuses[i], ==, SOUP_STATUS_OK);
      reply = parse (batch.bodies[i]);
      tokens_owned[i] = g_strdup (json_object_get_string_member (object_of (reply), "access_token"));
      tokens[i] = tokens_owned[i];
      g_assert_true (g_hash_table_add (seen, tokens_owned[i]));
    }
  batch_clear (&batch);

  /* 20 reads of the same week at once: the same answer for all */
  send_batch (session, url, "GET", "/api/v1/diary?from=2026-11-23&to=2026-11-29", tokens, NULL, &batch);
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_assert_cmpuint (batch.statuses[i], ==, SOUP_STATUS_OK);
      g_assert_true (g_bytes_equal (batch.bodies[i], batch.bodies[0]));
    }
  batch_clear (&batch);

  /* 20 confirmations of one request at once: exactly one links. */
  request_id = start_link (sandbox, ivan, "+79161234567");
  code = dnevnik_test_sandbox_get_last_code (sandbox, "+79161234567");
  confirm_body = g_strdup_printf ("{\"request_id\": \"%s\", \"code\": \"%s\"}", request_id, code);
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      tokens[i] = ivan;
      confirm_bodies[i] = confirm_body;
    }
  send_batch (session, url, "POST", "/api/v1/sferum/link/confirm", tokens, confirm_bodies, &batch);
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_autoptr(JsonNode) reply = parse (batch.bodies[i]);

      if (batch.statuses[i] == SOUP_STATUS_OK)
        linked++;
      else
        {
          g_assert_cmpuint (batch.statuses[i], ==, SOUP_STATUS_NOT_FOUND);
          assert_error (reply, "unknown_request");
        }
    }
  batch_clear (&batch);
  g_assert_cmpuint (linked, ==, 1);

  history = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/sferum/link/history", ivan, NULL, SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (history), "events")), ==, 1);
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "POST", "/api/v1/sferum/link/confirm"), ==, N_CLIENTS);
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "POST", "/api/v1/auth/login"), ==, N_CLIENTS + 1);
}

static void
test_exit_with_parent (void)
{
  /* The sandbox started by a child that dies must go with it. */
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("dnevnik-sandbox-XXXXXX", &error);
  g_autofree char *script = NULL;
  g_autoptr(GSubprocess) shell = NULL;
  g_autofree char *out = NULL;
  g_autofree char *proc = NULL;
  guint64 pid;
  guint waited = 0;

  g_assert_no_error (error);
  /* sh starts the sandbox in the background, prints its pid, waits for the
   * URL line, and exits. */
  script = g_strdup_printf ("\"$DNEVNIK_SANDBOX\" --port=0 --exit-with-parent --kdf-iterations=1000 "
                            "--db=%s/db.sqlite --sms-outbox=%s/sms.jsonl > %s/url 2>/dev/null & "
                            "echo $!; while [ ! -s %s/url ]; do sleep 0.05; done",
                            tmp, tmp, tmp, tmp);
  shell = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "sh", "-c", script, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (shell, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_ascii_string_to_unsigned (g_strstrip (out), 10, 2, G_MAXINT, &pid, NULL));

  proc = g_strdup_printf ("/proc/%" G_GUINT64_FORMAT, pid);
  while (g_file_test (proc, G_FILE_TEST_EXISTS))
    {
      g_autofree char *stat_path = g_strconcat (proc, "/stat", NULL);
      g_autofree char *stat = NULL;

      /* A zombie is gone already, only not reaped by its new parent. */
      if (g_file_get_contents (stat_path, &stat, NULL, NULL) && strstr (stat, ") Z ") != NULL)
        break;
      g_assert_cmpuint (waited, <, 200);
      dnevnik_test_loop_spin (50);
      waited++;
    }

  {
    g_autofree char *url = g_build_filename (tmp, "url", NULL);
    g_autofree char *db = g_build_filename (tmp, "db.sqlite", NULL);
    g_autofree char *sms = g_build_filename (tmp, "sms.jsonl", NULL);

    g_remove (url);
    g_remove (db);
    g_remove (sms);
    g_rmdir (tmp);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox-faults/kinds", test_faults_kinds);
  g_test_add_func ("/sandbox-faults/count", test_faults_count);
  g_test_add_func ("/sandbox-faults/delay", test_faults_delay);
  g_test_add_func ("/sandbox-faults/rate", test_faults_rate);
  g_test_add_func ("/sandbox-faults/command-line", test_faults_command_line);
  g_test_add_func ("/sandbox-faults/counters", test_faults_counters);
  g_test_add_func ("/sandbox-faults/concurrent-clients", test_concurrent_clients);
  g_test_add_func ("/sandbox-faults/exit-with-parent", test_exit_with_parent);

  return g_test_run ();
}
