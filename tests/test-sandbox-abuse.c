/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dnevnik-test-sandbox-util.h"

/* A hostile peer on loopback against the real dnevnik-sandbox: raw
 * sockets that hold descriptors, stay silent or send bodies without end,
 * paths and strings that are not text, dates at the edge of the calendar,
 * and requests a web page could make.  Every loop is bounded by a count
 * and a time.
 */

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature (address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* How much more memory the server may use while refusing a body that
 * never ends: the 64 KiB it keeps, libsoup's buffers, the allocator's
 * slack; far below the tens of MiB the peer sends. */
#define MAX_GROWTH_KIB (8 * 1024)

/* What a peer sends at most before giving up on being cut off. */
#define FLOOD_BYTES (48 * 1024 * 1024)
#define FLOOD_SECONDS 20

/* --- raw sockets --------------------------------------------------------------------- */

static guint
port_of (DnevnikTestSandbox *sandbox)
{
  const char *url = dnevnik_test_sandbox_get_url (sandbox);

  return (guint) g_ascii_strtoull (strrchr (url, ':') + 1, NULL, 10);
}

/* A blocking socket connected to @port, or -1 when the connection is not
 * set up within @timeout_ms (a full listen queue drops the SYN). */
static int
try_connect (guint port,
             guint timeout_ms)
{
  struct sockaddr_in address = { 0 };
  struct pollfd poll_fd = { -1, POLLOUT, 0 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  int error = 0;
  socklen_t length = sizeof error;

  g_assert_cmpint (fd, >=, 0);
  address.sin_family = AF_INET;
  address.sin_port = htons (port);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (connect (fd, (struct sockaddr *) &address, sizeof address) != 0 && errno != EINPROGRESS)
    g_error ("connect: %s", g_strerror (errno));

  poll_fd.fd = fd;
  if (poll (&poll_fd, 1, timeout_ms) != 1 ||
      getsockopt (fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0)
    {
      close (fd);
      return -1;
    }

  g_assert_cmpint (fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK), ==, 0);
  return fd;
}

static int
connect_raw (guint port)
{
  int fd = try_connect (port, 10000);

  if (fd < 0)
    g_error ("could not connect to port %u within 10 s", port);

  return fd;
}

/* Reads until the peer closes, @timeout_ms pass or 64 KiB have come.
 * Returns NULL when nothing came and the connection stayed open. */
static char *
read_reply (int   fd,
            guint timeout_ms)
{
  g_autoptr(GString) reply = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  gboolean closed = FALSE;

  while (reply->len < 64 * 1024 && !closed)
    {
      struct pollfd poll_fd = { fd, POLLIN, 0 };
      gint64 left = (deadline - g_get_monotonic_time ()) / G_TIME_SPAN_MILLISECOND;
      char buffer[4096];
      ssize_t n;

      if (left <= 0 || poll (&poll_fd, 1, left) <= 0)
        break;

      n = recv (fd, buffer, sizeof buffer, 0);
      if (n <= 0)
        closed = TRUE;
      else
        g_string_append_len (reply, buffer, n);
    }

  if (reply->len == 0 && !closed)
    return NULL;

  return g_string_free (g_steal_pointer (&reply), FALSE);
}

/* Sends @request on a new connection and returns the whole reply. */
static char *
exchange (guint       port,
          const char *request)
{
  int fd = connect_raw (port);
  char *reply;

  g_assert_cmpint (send (fd, request, strlen (request), MSG_NOSIGNAL), ==, (gssize) strlen (request));
  reply = read_reply (fd, 10000);
  close (fd);

  g_assert_nonnull (reply);
  return reply;
}

static guint
status_of (const char *reply)
{
  g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 "));
  return (guint) g_ascii_strtoull (reply + strlen ("HTTP/1.1 "), NULL, 10);
}

/* Asserts the status and the contract's error code of a raw reply. */
static void
assert_raw_error (const char *reply,
                  guint       status,
                  const char *code)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *body = strstr (reply, "\r\n\r\n");

  g_assert_cmpuint (status_of (reply), ==, status);
  g_assert_nonnull (body);
  json_parser_load_from_data (parser, body + 4, -1, &error);
  g_assert_no_error (error);
  assert_error (json_parser_get_root (parser), code);
}

static gsize
status_kib (GPid        pid,
            const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *text = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  line = strstr (text, field);
  g_assert_nonnull (line);
  return (gsize) g_ascii_strtoull (line + strlen (field) + 1, NULL, 10);
}

/* Sends @headers, then body bytes until the server cuts the connection,
 * FLOOD_BYTES are sent or FLOOD_SECONDS pass; returns what the server
 * answered (NULL: nothing, the connection still open). */
static char *
flood (guint       port,
       const char *headers,
       gboolean    chunked,
       gsize      *sent)
{
  int fd = connect_raw (port);
  gint64 deadline = g_get_monotonic_time () + FLOOD_SECONDS * G_TIME_SPAN_SECOND;
  g_autofree char *block = g_strnfill (16 * 1024, ' ');
  g_autofree char *chunk = g_strdup_printf ("%x\r\n%s\r\n", 16 * 1024, block);
  const char *data = chunked ? chunk : block;
  gsize size = strlen (data);
  char *reply;

  g_assert_cmpint (send (fd, headers, strlen (headers), MSG_NOSIGNAL), ==, (gssize) strlen (headers));

  *sent = 0;
  while (*sent < FLOOD_BYTES && g_get_monotonic_time () < deadline)
    {
      struct pollfd poll_fd = { fd, POLLOUT, 0 };
      ssize_t n;

      if (poll (&poll_fd, 1, 200) <= 0)
        continue;
      if (poll_fd.revents & (POLLERR | POLLHUP))
        break;

      n = send (fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        continue;
      if (n < 0)
        break;
      *sent += n;
    }

  reply = read_reply (fd, 5000);
  close (fd);
  return reply;
}

/* --- descriptors and connections --------------------------------------------------- */

#define MAX_OPEN_FILES 64
#define N_IDLE_SOCKETS (2 * MAX_OPEN_FILES)

static guint
count_lines (const char *text,
             const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;

  return n;
}

static gboolean
log_has (DnevnikTestSandbox *sandbox,
         const char         *needle,
         guint               timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  do
    {
      g_autofree char *log = dnevnik_test_sandbox_get_log (sandbox);

      if (strstr (log, needle) != NULL)
        return TRUE;
      g_usleep (50 * 1000);
    }
  while (g_get_monotonic_time () < deadline);

  return FALSE;
}

static void
test_abuse_fd_exhaustion (void)
{
  static const char * const options[] = { "--idle-timeout=600", NULL };
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new_captured (MAX_OPEN_FILES, options);
  guint port = port_of (sandbox);
  int fds[N_IDLE_SOCKETS];
  guint n_fds;
  g_autofree char *log = NULL;
  g_autoptr(GBytes) reply = NULL;
  guint status;

  /* More idle connections than the server has descriptors: the kernel
   * completes them all (the backlog is larger), the server runs out. */
  for (n_fds = 0; n_fds < N_IDLE_SOCKETS; n_fds++)
    {
      fds[n_fds] = try_connect (port, 2000);
      if (fds[n_fds] < 0)
        break;
    }

  g_assert_cmpuint (n_fds, ==, N_IDLE_SOCKETS);
  g_assert_true (log_has (sandbox, "Cannot accept connections", 10000));

  for (guint i = 0; i < n_fds; i++)
    close (fds[i]);

  /* Served again once descriptors are free. */
  reply = dnevnik_test_sandbox_request (sandbox, "GET", "/sandbox/counters", NULL, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_true (log_has (sandbox, "Accepting connections again", 10000));

  /* Said once, not once per failed accept(). */
  log = dnevnik_test_sandbox_get_log (sandbox);
  g_assert_cmpuint (count_lines (log, "Cannot accept connections"), ==, 1);
}

static void
test_abuse_idle_timeout (void)
{
  static const char * const options[] = { "--idle-timeout=1", NULL };
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (options);
  guint port = port_of (sandbox);
  int silent = connect_raw (port);
  int half = connect_raw (port);
  g_autofree char *silent_reply = NULL;
  g_autofree char *half_reply = NULL;
  gint64 start = g_get_monotonic_time ();

  /* One says nothing, one stops in the middle of its headers. */
  g_assert_cmpint (send (half, "GET /sandbox/counters HTTP/1.1\r\n", 32, MSG_NOSIGNAL), ==, 32);

  silent_reply = read_reply (silent, 8000);
  half_reply = read_reply (half, 8000);
  close (silent);
  close (half);

  /* Both closed (an empty reply), well before the test gave up. */
  g_assert_nonnull (silent_reply);
  g_assert_nonnull (half_reply);
  g_assert_cmpstr (silent_reply, ==, "");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 6 * G_TIME_SPAN_SECOND);
}

/* The listen backlog, from the kernel: for a listening socket, ss shows
 * it as Send-Q (/proc/net/tcp does not have it). */
static void
test_abuse_backlog (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *filter = g_strdup_printf ("sport = :%u", port_of (sandbox));
  const char *argv[] = { "ss", "-Hltn", filter, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) fields = NULL;
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  int wait_status;

  if (g_find_program_in_path ("ss") == NULL)
    {
      g_test_skip ("ss (iproute2) is not installed");
      return;
    }

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));

  /* State Recv-Q Send-Q Local Peer */
  fields = g_strsplit_set (g_strstrip (out), " \t", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    if (fields[i][0] != '\0')
      g_ptr_array_add (columns, fields[i]);

  g_assert_cmpuint (columns->len, >=, 4);
  g_assert_cmpstr (g_ptr_array_index (columns, 0), ==, "LISTEN");
  g_test_message ("listen backlog %s", (const char *) g_ptr_array_index (columns, 2));
  g_assert_cmpuint (g_ascii_strtoull (g_ptr_array_index (columns, 2), NULL, 10), >=, 128);
}

/* --- bodies -------------------------------------------------------------------------- */

static void
check_flood (gboolean    chunked,
             const char *framing)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  guint port = port_of (sandbox);
  GPid pid = dnevnik_test_sandbox_get_pid (sandbox);
  g_autofree char *headers = g_strdup_printf ("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                                              "Content-Type: application/json\r\n%s\r\n\r\n", port, framing);
  g_autofree char *reply = NULL;
  g_autofree char *probe = NULL;
  gsize before = status_kib (pid, "VmRSS:");
  gsize peak;
  gsize sent;

  reply = flood (port, headers, chunked, &sent);
  peak = status_kib (pid, "VmHWM:");
  g_test_message ("sent %" G_GSIZE_FORMAT " KiB; server VmRSS before %" G_GSIZE_FORMAT " KiB, VmHWM after %"
                  G_GSIZE_FORMAT " KiB", sent / 1024, before, peak);

  /* Cut off with a 413 long before the peer gave up. */
  g_assert_nonnull (reply);
  assert_raw_error (reply, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large");
  g_assert_cmpuint (sent, <, FLOOD_BYTES);

#ifndef UNDER_ASAN
  g_assert_cmpuint (peak, <, before + MAX_GROWTH_KIB);
#endif

  /* And still serving. */
  probe = g_strdup_printf ("GET /sandbox/counters HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n\r\n", port);
  g_free (reply);
  reply = exchange (port, probe);
  g_assert_cmpuint (status_of (reply), ==, SOUP_STATUS_OK);
}

static void
test_abuse_endless_chunked_body (void)
{
  check_flood (TRUE, "Transfer-Encoding: chunked");
}

static void
test_abuse_unread_large_body (void)
{
  /* Announced, sent without waiting for "100 Continue". */
  check_flood (FALSE, "Content-Length: 1073741824");
}

/* --- text ------------------------------------------------------------------------------ */

static void
test_abuse_counters_bounded (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *padding = g_strnfill (1000, 'x');
  g_autoptr(JsonNode) counters = NULL;
  g_autoptr(JsonNode) not_text = NULL;
  JsonObject *object;

  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *path = g_strdup_printf ("/no/such/%u/%s", i, padding);
      g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (sandbox, "GET", path, NULL, NULL, SOUP_STATUS_NOT_FOUND);

      assert_error (reply, "not_found");
    }
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *path = g_strdup_printf ("/short/%u", i);
      g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (sandbox, "GET", path, NULL, NULL, SOUP_STATUS_NOT_FOUND);
    }

  /* A path that is not UTF-8 is refused, and the reply is still JSON. */
  not_text = dnevnik_test_sandbox_call (sandbox, "GET", "/%ff", NULL, NULL, SOUP_STATUS_BAD_REQUEST);
  assert_error (not_text, "bad_request");

  /* Valid JSON (the helper parses it), a bounded number of keys, every
   * request counted. */
  counters = dnevnik_test_sandbox_call (sandbox, "GET", "/sandbox/counters", NULL, NULL, SOUP_STATUS_OK);
  object = json_object_get_object_member (object_of (counters), "counters");
  g_assert_cmpuint (json_object_get_size (object), <=, 64 + 1);
  g_assert_cmpint (json_object_get_int_member (object, "other"), ==, 2000 + 100 + 1 - 64);
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "GET", "/api/v1/profile"), ==, 0);
}

static void
test_abuse_nul_and_utf8 (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autofree char *request_id = NULL;
  g_autoptr(GBytes) reply = NULL;
  guint status;
  static const char * const bad_logins[] = {
    "{\"login\": \"ivan\", \"password\": \"dnevnik\\u0000junk\"}",
    "{\"login\": \"ivan\\u0000\", \"password\": \"dnevnik\"}",
    "{\"login\": \"ivan\", \"password\": \"dnevnik\\u0000\"}",
    "{\"login\": \"ivan\", \"password\": \"dnevnik\xff\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_logins); i++)
    {
      g_autoptr(JsonNode) refused = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/auth/login", NULL,
                                                               bad_logins[i], SOUP_STATUS_BAD_REQUEST);

      assert_error (refused, "bad_request");
    }

  /* An escaped backslash before "u0000" is text, not a NUL: only a wrong
   * password. */
  {
    g_autoptr(JsonNode) wrong = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/auth/login", NULL,
                                                           "{\"login\": \"ivan\", \"password\": \"dnevnik\\\\u0000\"}",
                                                           SOUP_STATUS_UNAUTHORIZED);

    assert_error (wrong, "invalid_credentials");
  }

  /* The phone and the code likewise. */
  {
    g_autoptr(JsonNode) phone = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/sferum/link/start", token,
                                                           "{\"phone\": \"+79161234567\\u0000junk\"}",
                                                           SOUP_STATUS_BAD_REQUEST);

    assert_error (phone, "bad_request");
  }
  request_id = start_link (sandbox, token, "+79161234567");
  {
    g_autofree char *code = dnevnik_test_sandbox_get_last_code (sandbox, "+79161234567");
    g_autofree char *body = g_strdup_printf ("{\"request_id\": \"%s\", \"code\": \"%s\\u0000x\"}", request_id, code);
    g_autoptr(JsonNode) confirm = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/sferum/link/confirm", token,
                                                             body, SOUP_STATUS_BAD_REQUEST);

    assert_error (confirm, "bad_request");
  }

  /* A NUL or a byte that is not UTF-8 in the path or the query. */
  reply = dnevnik_test_sandbox_request (sandbox, "GET", "/sandbox/sms?phone=%2B79161234567%00junk", NULL, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_BAD_REQUEST);
  g_clear_pointer (&reply, g_bytes_unref);
  reply = dnevnik_test_sandbox_request (sandbox, "GET", "/sandbox/sms?phone=%ff", NULL, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_BAD_REQUEST);
  g_clear_pointer (&reply, g_bytes_unref);
  reply = dnevnik_test_sandbox_request (sandbox, "GET", "/api/v1/%c3%28", NULL, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_BAD_REQUEST);
  {
    g_autoptr(JsonNode) nul_path = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/profile%00", NULL, NULL,
                                                              SOUP_STATUS_BAD_REQUEST);

    assert_error (nul_path, "bad_request");
  }

  /* Nothing was linked on the way, and the right code still works. */
  {
    g_autofree char *code = dnevnik_test_sandbox_get_last_code (sandbox, "+79161234567");
    g_autoptr(JsonNode) linked = confirm_link (sandbox, token, request_id, code, SOUP_STATUS_OK);

    g_assert_true (json_object_get_boolean_member (object_of (linked), "linked"));
  }
}

/* --- dates ------------------------------------------------------------------------------ */

static void
test_abuse_year_range (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new_captured (0, NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autofree char *log = NULL;
  static const struct
  {
    const char *query;
    guint       status;
    guint       days;
  } cases[] = {
    { "from=0001-01-01&to=0001-08-31", SOUP_STATUS_OK, 243 },
    { "from=0001-01-01&to=0001-12-31", SOUP_STATUS_OK, 365 },
    { "from=9999-01-01&to=9999-12-31", SOUP_STATUS_OK, 365 },
    { "from=9998-12-31&to=9999-12-31", SOUP_STATUS_OK, 366 },
    { "from=0000-12-31&to=0001-01-01", SOUP_STATUS_BAD_REQUEST, 0 },
    { "from=9999-12-31&to=10000-01-01", SOUP_STATUS_BAD_REQUEST, 0 },
    { "from=2026-11-29&to=2026-11-23", SOUP_STATUS_BAD_REQUEST, 0 },
    { "from=2026-01-01&to=2027-01-02", SOUP_STATUS_BAD_REQUEST, 0 },
    { "from=0001-01-01&to=9999-12-31", SOUP_STATUS_BAD_REQUEST, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/api/v1/diary?", cases[i].query, NULL);
      g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (sandbox, "GET", path, token, NULL, cases[i].status);

      if (cases[i].status == SOUP_STATUS_OK)
        g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (reply), "days")), ==,
                          cases[i].days);
      else
        assert_error (reply, "bad_range");
    }

  /* The server ran under G_DEBUG=fatal-warnings, so a critical would have
   * killed it; the log says it did not even come close. */
  log = dnevnik_test_sandbox_get_log (sandbox);
  g_assert_null (strstr (log, "CRITICAL"));
  g_assert_null (strstr (log, "WARNING"));
}

/* --- other sites ------------------------------------------------------------------------ */

static char *
post (guint       port,
      const char *host,
      const char *path,
      const char *extra_headers,
      const char *body)
{
  g_autofree char *request = g_strdup_printf ("POST %s HTTP/1.1\r\nHost: %s\r\n%sContent-Length: %zu\r\n"
                                              "Connection: close\r\n\r\n%s",
                                              path, host, extra_headers, strlen (body), body);

  return exchange (port, request);
}

static void
test_abuse_cross_site (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  guint port = port_of (sandbox);
  g_autofree char *own = g_strdup_printf ("127.0.0.1:%u", port);
  g_autofree char *own_origin = g_strdup_printf ("Origin: http://127.0.0.1:%u\r\nContent-Type: application/json\r\n",
                                                 port);
  g_autofree char *other_port = g_strdup_printf ("127.0.0.1:%u", port == 65535 ? 1 : port + 1);
  g_autofree char *token = NULL;
  const char *wrong = "{\"login\": \"ivan\", \"password\": \"wrong\"}";
  const char *right = "{\"login\": \"ivan\", \"password\": \"dnevnik\"}";
  const char *fault = "{\"path\": \"/api/v1/profile\", \"kind\": \"error500\", \"count\": 1}";
  const char *json = "Content-Type: application/json\r\n";

  /* A page of another site: text/plain and forms need no permission from
   * the browser; ten wrong passwords would lock the login out. */
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *text = post (port, own, "/api/v1/auth/login", "Content-Type: text/plain\r\n", wrong);
      g_autofree char *form = post (port, own, "/api/v1/auth/login",
                                    "Content-Type: application/x-www-form-urlencoded\r\n", wrong);
      g_autofree char *none = post (port, own, "/api/v1/auth/login", "", wrong);

      assert_raw_error (text, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
      assert_raw_error (form, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
      assert_raw_error (none, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    }
  {
    g_autofree char *text = post (port, own, "/sandbox/faults", "Content-Type: text/plain\r\n", fault);
    g_autofree char *origin = post (port, own, "/api/v1/auth/login",
                                    "Origin: http://evil.example\r\nContent-Type: application/json\r\n", wrong);
    g_autofree char *null_origin = post (port, own, "/sandbox/faults",
                                         "Origin: null\r\nContent-Type: application/json\r\n", fault);
    g_autofree char *host = post (port, "evil.example", "/api/v1/auth/login", json, wrong);
    g_autofree char *host_port = post (port, "evil.example:80", "/sandbox/faults", json, fault);
    g_autofree char *wrong_port = post (port, other_port, "/api/v1/auth/login", json, wrong);
    g_autofree char *get = exchange (port, "GET /sandbox/sms HTTP/1.1\r\nHost: attacker.example\r\n"
                                           "Connection: close\r\n\r\n");

    assert_raw_error (text, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    assert_raw_error (origin, SOUP_STATUS_FORBIDDEN, "foreign_origin");
    assert_raw_error (null_origin, SOUP_STATUS_FORBIDDEN, "foreign_origin");
    assert_raw_error (host, SOUP_STATUS_MISDIRECTED_REQUEST, "wrong_host");
    assert_raw_error (host_port, SOUP_STATUS_MISDIRECTED_REQUEST, "wrong_host");
    assert_raw_error (wrong_port, SOUP_STATUS_MISDIRECTED_REQUEST, "wrong_host");
    assert_raw_error (get, SOUP_STATUS_MISDIRECTED_REQUEST, "wrong_host");
  }

  /* None of it counted as a failed login, and no fault was set: the app's
   * own requests (JSON, its own Host, with or without its own Origin) work. */
  {
    g_autofree char *same_origin = post (port, own, "/api/v1/auth/login", own_origin, right);
    g_autoptr(GBytes) profile = NULL;
    guint status;

    g_assert_cmpuint (status_of (same_origin), ==, SOUP_STATUS_OK);
    token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
    profile = dnevnik_test_sandbox_request (sandbox, "GET", "/api/v1/library", NULL, &status);
    g_assert_cmpuint (status, ==, SOUP_STATUS_UNAUTHORIZED);
  }
  {
    g_autoptr(JsonNode) profile = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/profile", token, NULL,
                                                             SOUP_STATUS_OK);

    g_assert_cmpstr (json_object_get_string_member (object_of (profile), "login"), ==, "ivan");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox-abuse/fd-exhaustion", test_abuse_fd_exhaustion);
  g_test_add_func ("/sandbox-abuse/idle-timeout", test_abuse_idle_timeout);
  g_test_add_func ("/sandbox-abuse/backlog", test_abuse_backlog);
  g_test_add_func ("/sandbox-abuse/endless-chunked-body", test_abuse_endless_chunked_body);
  g_test_add_func ("/sandbox-abuse/unread-large-body", test_abuse_unread_large_body);
  g_test_add_func ("/sandbox-abuse/counters-bounded", test_abuse_counters_bounded);
  g_test_add_func ("/sandbox-abuse/nul-and-utf8", test_abuse_nul_and_utf8);
  g_test_add_func ("/sandbox-abuse/year-range", test_abuse_year_range);
  g_test_add_func ("/sandbox-abuse/cross-site", test_abuse_cross_site);

  return g_test_run ();
}
