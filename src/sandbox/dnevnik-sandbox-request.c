/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "dnevnik-sandbox-error.h"
#include "dnevnik-sandbox-request.h"

/* libsoup would read a whole body into memory before any handler runs,
 * however long it is; so each message reads its body through here: libsoup
 * keeps none of it, and at most DNEVNIK_SANDBOX_MAX_BODY bytes are kept for
 * the handler.  A refused request (a body over that limit, or headers
 * refused before it) has the rest of its body read and thrown away, up to
 * DRAIN_LIMIT bytes, so that an ordinary client that sends its body
 * without waiting still reads the refusal; past that, or with a longer
 * announced body, the peer gets the refusal at once and loses the
 * connection. */
typedef struct
{
  GByteArray                       *body;
  guint64                           received;
  gboolean                          refused;
  DnevnikSandboxRequestRefusedFunc  refused_func;
  gpointer                          refused_data;
} RequestBody;

#define DRAIN_LIMIT (1024 * 1024)

#define REQUEST_BODY_KEY "dnevnik-sandbox-request-body"

static void
request_body_free (RequestBody *state)
{
  g_byte_array_unref (state->body);
  g_free (state);
}

/* "127.0.0.1:PORT" or "localhost:PORT", the names of this server; "http://"
 * before it for an Origin. */
static gboolean
is_own_authority (const char *text,
                  guint       port)
{
  g_autofree char *numeric = g_strdup_printf ("127.0.0.1:%u", port);
  g_autofree char *named = g_strdup_printf ("localhost:%u", port);

  return g_str_equal (text, numeric) || g_ascii_strcasecmp (text, named) == 0;
}

/* A NUL written as the escape "\u0000" inside a JSON string: json-glib
 * would cut the string there, so the parsed value would not be what was
 * sent.  An escaped backslash before "u0000" is two characters, not a NUL. */
static gboolean
has_escaped_nul (const char *data,
                 gsize       size)
{
  for (gsize i = 0; i + 1 < size; i++)
    {
      if (data[i] != '\\')
        continue;

      if (data[i + 1] == 'u' && i + 6 <= size && memcmp (data + i + 2, "0000", 4) == 0)
        return TRUE;

      i++;   /* the escaped character */
    }

  return FALSE;
}

static gboolean
set_bad_text (GError     **error,
              const char  *what,
              const char  *problem)
{
  g_set_error (error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_BAD_REQUEST, "%s %s", what, problem);
  return FALSE;
}

static gboolean
check_query_text (gpointer key,
                  gpointer value,
                  gpointer user_data)
{
  return !g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL);
}

static void
append_header (const char *name,
               const char *value,
               gpointer    user_data)
{
  GString *head = user_data;

  if (g_ascii_strcasecmp (name, "Content-Length") != 0 && g_ascii_strcasecmp (name, "Connection") != 0)
    g_string_append_printf (head, "%s: %s\r\n", name, value);
}

static void
on_got_chunk_cb (SoupServerMessage *msg,
                 GBytes            *chunk,
                 RequestBody       *state)
{
  g_autoptr(GError) error = NULL;
  gsize size = g_bytes_get_size (chunk);

  state->received += size;

  if (!state->refused && state->body->len + size <= DNEVNIK_SANDBOX_MAX_BODY)
    {
      g_byte_array_append (state->body, g_bytes_get_data (chunk, NULL), size);
      return;
    }

  if (!state->refused)
    {
      if (state->refused_func != NULL)
        state->refused_func (msg, state->refused_data);

      g_set_error (&error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_PAYLOAD_TOO_LARGE, "The body is over 64 KiB");
      dnevnik_sandbox_request_refuse (msg, error);
      g_byte_array_set_size (state->body, 0);
    }

  if (state->received > DRAIN_LIMIT)
    dnevnik_sandbox_request_drop (msg);
}

/* libsoup refuses some requests itself, with an empty body (a path with
 * "%00" in it, or one that climbs above the root): give them the
 * contract's error body too. */
static void
on_got_headers_cb (SoupServerMessage *msg,
                   gpointer           user_data)
{
  g_autoptr(GError) error = NULL;

  if (soup_server_message_get_status (msg) != SOUP_STATUS_BAD_REQUEST ||
      soup_server_message_get_response_body (msg)->length > 0)
    return;

  g_set_error_literal (&error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_BAD_REQUEST,
                       "The request target is not valid");
  dnevnik_sandbox_request_refuse (msg, error);
}

/**
 * dnevnik_sandbox_request_watch:
 * @refused: (nullable): called when the body grows over the limit
 *
 * Reads the body of @msg through a bounded buffer.  Call it as soon as
 * the message exists (SoupServer::request-started).
 */
void
dnevnik_sandbox_request_watch (SoupServerMessage                *msg,
                               DnevnikSandboxRequestRefusedFunc  refused,
                               gpointer                          user_data)
{
  RequestBody *state = g_new0 (RequestBody, 1);

  state->body = g_byte_array_new ();
  state->refused_func = refused;
  state->refused_data = user_data;
  g_object_set_data_full (G_OBJECT (msg), REQUEST_BODY_KEY, state, (GDestroyNotify) request_body_free);

  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk_cb), state);
  /* After libsoup's own handler, which SoupServer connected before it
   * announced the message. */
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers_cb), NULL);
}

/**
 * dnevnik_sandbox_request_get_body:
 *
 * Returns: (transfer full): the body of @msg as read so far (all of it
 *   once the handler runs), at most DNEVNIK_SANDBOX_MAX_BODY bytes
 */
GBytes *
dnevnik_sandbox_request_get_body (SoupServerMessage *msg)
{
  RequestBody *state = g_object_get_data (G_OBJECT (msg), REQUEST_BODY_KEY);

  if (state == NULL)
    return g_bytes_new (NULL, 0);

  return g_bytes_new (state->body->data, state->body->len);
}

/**
 * dnevnik_sandbox_request_check_site:
 * @port: the port this server listens on
 *
 * Refuses a request that a web page could have made: the server is only
 * ever reached as 127.0.0.1:@port (or localhost:@port), so another Host
 * is a page that made its own name point here, and an Origin that is not
 * this server is a page of another site.  A browser sends Origin with
 * every cross-site POST, so this check and the JSON content type together
 * leave a page no request it can make without asking first.
 */
gboolean
dnevnik_sandbox_request_check_site (SoupServerMessage  *msg,
                                    guint               port,
                                    GError            **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *host = soup_message_headers_get_one (headers, "Host");
  const char *origin = soup_message_headers_get_one (headers, "Origin");

  if (host == NULL || !is_own_authority (host, port))
    {
      g_set_error (error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_WRONG_HOST,
                   "This server answers to “127.0.0.1:%u” only", port);
      return FALSE;
    }

  if (origin != NULL && (!g_str_has_prefix (origin, "http://") ||
                         !is_own_authority (origin + strlen ("http://"), port)))
    return dnevnik_sandbox_refuse (error, DNEVNIK_SANDBOX_ERROR_FOREIGN_ORIGIN,
                                   "Requests from other sites are not allowed");

  return TRUE;
}

/**
 * dnevnik_sandbox_request_check_target:
 * @path: the decoded path
 * @query: (nullable): the decoded query
 *
 * Refuses a path or query that is not valid UTF-8 or holds a NUL: they
 * are echoed in replies and counters, which must stay valid JSON, and a
 * NUL would cut the value the handler sees.
 */
gboolean
dnevnik_sandbox_request_check_target (SoupServerMessage  *msg,
                                      const char         *path,
                                      GHashTable         *query,
                                      GError            **error)
{
  const char *raw_query = g_uri_get_query (soup_server_message_get_uri (msg));

  if (!g_utf8_validate (path, -1, NULL))
    return set_bad_text (error, "The path", "is not valid UTF-8");

  if (raw_query != NULL && strstr (raw_query, "%00") != NULL)
    return set_bad_text (error, "The query", "contains a NUL character");

  if (query != NULL && g_hash_table_find (query, check_query_text, NULL) != NULL)
    return set_bad_text (error, "The query", "is not valid UTF-8");

  return TRUE;
}

/**
 * dnevnik_sandbox_request_check_size:
 *
 * Refuses a body announced over the limit, before it is read.
 */
gboolean
dnevnik_sandbox_request_check_size (SoupServerMessage  *msg,
                                    GError            **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > DNEVNIK_SANDBOX_MAX_BODY)
    return dnevnik_sandbox_refuse (error, DNEVNIK_SANDBOX_ERROR_PAYLOAD_TOO_LARGE,
                                   "The body is over 64 KiB");

  return TRUE;
}

/**
 * dnevnik_sandbox_request_check_json_type:
 *
 * Refuses a JSON endpoint's request whose Content-Type is not
 * application/json: a web page can send text/plain or a form to another
 * site without asking, never application/json.
 */
gboolean
dnevnik_sandbox_request_check_json_type (SoupServerMessage  *msg,
                                         GError            **error)
{
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg),
                                                            NULL);

  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    return dnevnik_sandbox_refuse (error, DNEVNIK_SANDBOX_ERROR_UNSUPPORTED_MEDIA_TYPE,
                                   "The body must be sent as “Content-Type: application/json”");

  return TRUE;
}

/**
 * dnevnik_sandbox_request_check_text:
 *
 * Refuses a JSON text that holds a NUL, raw or escaped, or is not
 * valid UTF-8.
 */
gboolean
dnevnik_sandbox_request_check_text (const char  *data,
                                    gsize        size,
                                    GError     **error)
{
  if (memchr (data, '\0', size) != NULL || has_escaped_nul (data, size))
    return set_bad_text (error, "The body", "contains a NUL character");

  if (!g_utf8_validate_len (data, size, NULL))
    return set_bad_text (error, "The body", "is not valid UTF-8");

  return TRUE;
}

/**
 * dnevnik_sandbox_request_refuse:
 *
 * Answers @msg with @error before its body is read: the rest of the body
 * is thrown away as it comes (up to a limit), or, when it is announced
 * longer than that, the refusal is sent at once and the connection
 * dropped.
 */
void
dnevnik_sandbox_request_refuse (SoupServerMessage *msg,
                                const GError      *error)
{
  RequestBody *state = g_object_get_data (G_OBJECT (msg), REQUEST_BODY_KEY);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  dnevnik_sandbox_request_set_error (msg, error);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  if (state != NULL)
    state->refused = TRUE;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > DRAIN_LIMIT)
    dnevnik_sandbox_request_drop (msg);
}

/**
 * dnevnik_sandbox_request_set_error:
 *
 * Sets @error as the reply of @msg: its status and the contract's body
 * {"error": {"code", "message", and retry_after or attempts_left}}.
 */
void
dnevnik_sandbox_request_set_error (SoupServerMessage *msg,
                                   const GError      *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gint64 retry_after = dnevnik_sandbox_error_get_retry_after (error);
  int attempts_left = dnevnik_sandbox_error_get_attempts_left (error);
  guint status = dnevnik_sandbox_error_get_status (error);
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, dnevnik_sandbox_error_get_code (error));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  if (retry_after >= 0)
    {
      json_builder_set_member_name (builder, "retry_after");
      json_builder_add_int_value (builder, retry_after);
    }
  if (attempts_left >= 0)
    {
      json_builder_set_member_name (builder, "attempts_left");
      json_builder_add_int_value (builder, attempts_left);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  /* Do not keep a connection whose request body may not have been read. */
  if (status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE, text, strlen (text));
}

/**
 * dnevnik_sandbox_request_drop:
 *
 * Sends the reply set on @msg (if any) as far as the socket takes it
 * without waiting, and closes the connection: libsoup would first read
 * the rest of the request, which may never end.  Nothing is sent when no
 * status was set (a "drop" fault).
 */
void
dnevnik_sandbox_request_drop (SoupServerMessage *msg)
{
  guint status = soup_server_message_get_status (msg);
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GString) head = NULL;
  g_autoptr(GIOStream) stream = NULL;
  GOutputStream *output;

  if (status != 0)
    {
      content = soup_message_body_flatten (soup_server_message_get_response_body (msg));
      head = g_string_new (NULL);
      g_string_append_printf (head, "HTTP/1.1 %u %s\r\n", status, soup_status_get_phrase (status));
      soup_message_headers_foreach (soup_server_message_get_response_headers (msg), append_header, head);
      g_string_append_printf (head, "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                              g_bytes_get_size (content));
      g_string_append_len (head, g_bytes_get_data (content, NULL), g_bytes_get_size (content));
    }

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;

  /* A peer that does not read must not hold up the server: what does not
   * fit into the socket now is not sent. */
  output = g_io_stream_get_output_stream (stream);
  if (head != NULL && G_IS_POLLABLE_OUTPUT_STREAM (output))
    g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (output), head->str, head->len,
                                                NULL, NULL);

  g_io_stream_close (stream, NULL, NULL);
}
