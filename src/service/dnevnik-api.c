/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include <string.h>

#include "dnevnik-api.h"
#include "dnevnik-parse.h"
#include "dnevnik-service-error.h"
#include "dnevnik-url.h"

struct _DnevnikApi
{
  GObject parent_instance;

  /* owned */
  SoupSession *session;
  char        *base_url;

  /* Seconds a whole request may take; 0 for no limit.  libsoup's own
   * timeout only reaches connections made after it is set, and only
   * bounds each read or write, so the limit is kept here as well. */
  guint        timeout;

  /* The requests under that limit (Send.link), and one source for all of
   * them: it wakes at its ready time, not before, cancels the requests
   * past their deadline and sleeps until the next deadline.  A request
   * only touches it when its deadline is earlier than the one the source
   * waits for (so, in a steady stream, almost never): no timer per
   * request. */
  GQueue       in_flight;
  GSource     *deadline_source;
  gint64       deadline_armed;  /* its ready time, -1 when asleep */
};

G_DEFINE_FINAL_TYPE (DnevnikApi, dnevnik_api, G_TYPE_OBJECT)

typedef struct
{
  DnevnikApi   *api;
  SoupMessage  *message;
  GCancellable *cancellable;  /* ours, one per hop: fires with the caller's, when the reply is too big or too late */
  GCancellable *caller;
  gulong        caller_handler;
  GInputStream *stream;       /* the body of the reply being read */
  GByteArray   *body;         /* what has been read of it */
  gboolean      too_large;
  gboolean      timed_out;
  gint64        deadline;     /* monotonic; 0: no time limit, and not in api->in_flight */
  GList         link;         /* in api->in_flight */
  guint         redirects;    /* same-origin redirects followed so far */
  char         *method;
  char         *path;
  GBytes       *json_body;
  char         *authorization;
  SoupMessageHeaders *headers; /* the caller's own request headers, if any */
} Send;

static void
send_free (gpointer data)
{
  Send *send = data;

  if (send->caller != NULL)
    g_cancellable_disconnect (send->caller, send->caller_handler);
  if (send->deadline != 0)
    g_queue_unlink (&send->api->in_flight, &send->link);
  if (send->authorization != NULL)
    memset (send->authorization, 0, strlen (send->authorization));
  g_clear_object (&send->api);
  g_clear_object (&send->caller);
  g_clear_object (&send->stream);
  g_clear_object (&send->message);
  g_clear_object (&send->cancellable);
  g_clear_pointer (&send->body, g_byte_array_unref);
  g_clear_pointer (&send->json_body, g_bytes_unref);
  g_clear_pointer (&send->headers, soup_message_headers_unref);
  g_free (send->authorization);
  g_free (send->method);
  g_free (send->path);
  g_free (send);
}

static void
logger_printer (SoupLogger         *logger,
                SoupLoggerLogLevel  level,
                char                direction,
                const char         *data,
                gpointer            user_data)
{
  g_autofree char *redacted = dnevnik_api_redact (data);

  if (redacted != NULL)
    g_debug ("%c %s", direction, redacted);
}

static DnevnikServiceError
error_from_server_code (const char *code,
                        guint       status)
{
  static const struct {
    const char          *code;
    DnevnikServiceError  error;
  } table[] = {
    { "invalid_credentials", DNEVNIK_SERVICE_ERROR_INVALID_CREDENTIALS },
    { "too_many_attempts",   DNEVNIK_SERVICE_ERROR_RATE_LIMITED },
    { "too_many_requests",   DNEVNIK_SERVICE_ERROR_RATE_LIMITED },
    { "resend_too_early",    DNEVNIK_SERVICE_ERROR_RATE_LIMITED },
    { "invalid_token",       DNEVNIK_SERVICE_ERROR_UNAUTHORIZED },
    { "invalid_phone",       DNEVNIK_SERVICE_ERROR_INVALID_PHONE },
    { "already_linked",      DNEVNIK_SERVICE_ERROR_ALREADY_LINKED },
    { "max_account_taken",   DNEVNIK_SERVICE_ERROR_MAX_ACCOUNT_TAKEN },
    { "not_linked",          DNEVNIK_SERVICE_ERROR_NOT_LINKED },
    { "unknown_request",     DNEVNIK_SERVICE_ERROR_UNKNOWN_REQUEST },
    { "invalid_code",        DNEVNIK_SERVICE_ERROR_INVALID_CODE },
    { "code_expired",        DNEVNIK_SERVICE_ERROR_CODE_EXPIRED },
    { "no_attempts_left",    DNEVNIK_SERVICE_ERROR_NO_ATTEMPTS_LEFT },
    { "internal",            DNEVNIK_SERVICE_ERROR_SERVER },
  };

  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (code, table[i].code))
      return table[i].error;

  /* A code this version does not know: the status still says enough. */
  if (status == SOUP_STATUS_UNAUTHORIZED)
    return DNEVNIK_SERVICE_ERROR_UNAUTHORIZED;
  if (status == 429)
    return DNEVNIK_SERVICE_ERROR_RATE_LIMITED;
  if (status == SOUP_STATUS_REQUEST_TIMEOUT || status == SOUP_STATUS_GATEWAY_TIMEOUT)
    return DNEVNIK_SERVICE_ERROR_TIMEOUT;
  if (status >= 500)
    return DNEVNIK_SERVICE_ERROR_SERVER;

  /* bad_request, bad_range, not_found, payload_too_large …: the two sides
   * do not agree on the contract. */
  return DNEVNIK_SERVICE_ERROR_PROTOCOL;
}

static GError *
error_from_transport (const GError *error)
{
  g_debug ("Transport failure: %s", error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_TIMEOUT, NULL, -1, -1);

  /* TLS failures included: they are never ignored, and to the student
   * they mean the same — the real server cannot be reached. */
  return dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_NETWORK, NULL, -1, -1);
}

static gboolean
deadline_source_dispatch (GSource     *source,
                          GSourceFunc  callback,
                          gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs deadline_source_funcs = {
  NULL, NULL, deadline_source_dispatch, NULL, NULL, NULL,
};

static void
arm_deadline_source (DnevnikApi *self,
                     gint64      ready_time)
{
  self->deadline_armed = ready_time;
  g_source_set_ready_time (self->deadline_source, ready_time);
}

static gboolean
on_deadline_cb (gpointer data)
{
  DnevnikApi *self = data;
  g_autoptr(GPtrArray) late = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 now = g_get_monotonic_time ();
  gint64 next = -1;

  for (GList *l = self->in_flight.head; l != NULL; l = l->next)
    {
      Send *send = l->data;

      if (send->timed_out)
        continue;

      if (send->deadline <= now)
        {
          send->timed_out = TRUE;
          g_ptr_array_add (late, g_object_ref (send->cancellable));
        }
      else if (next == -1 || send->deadline < next)
        next = send->deadline;
    }

  arm_deadline_source (self, next);

  /* Only now: a cancellation may complete its request at once, and so
   * take it out of the list walked above. */
  for (guint i = 0; i < late->len; i++)
    g_cancellable_cancel (g_ptr_array_index (late, i));

  return G_SOURCE_CONTINUE;
}

/* Puts @send under the time limit: from now on its request is cancelled
 * (and reported as TIMEOUT) once the limit has passed. */
static void
watch_deadline (DnevnikApi *self,
                Send       *send)
{
  send->deadline = g_get_monotonic_time () + (gint64) self->timeout * G_USEC_PER_SEC;
  send->link.data = send;
  g_queue_push_tail_link (&self->in_flight, &send->link);

  if (self->deadline_source == NULL)
    {
      /* The default context, where a per-request timeout went before. */
      self->deadline_source = g_source_new (&deadline_source_funcs, sizeof (GSource));
      g_source_set_static_name (self->deadline_source, "[dnevnik] request time limit");
      g_source_set_callback (self->deadline_source, on_deadline_cb, self, NULL);
      g_source_set_ready_time (self->deadline_source, -1);
      self->deadline_armed = -1;
      g_source_attach (self->deadline_source, NULL);
    }

  /* A source that wakes up earlier looks again then. */
  if (self->deadline_armed == -1 || self->deadline_armed > send->deadline)
    arm_deadline_source (self, send->deadline);
}

static void
on_caller_cancelled_cb (GCancellable *cancellable,
                        gpointer      data)
{
  Send *send = data;

  g_cancellable_cancel (send->cancellable);
}

/* Stops reading a reply that will not be used.  Closing the stream would
 * make libsoup read the rest of the body first — for ever, from a server
 * that never ends it — so the hop's cancellable is cancelled instead,
 * which drops the connection. */
static void
abandon_reply (Send *send)
{
  g_cancellable_cancel (send->cancellable);
  g_clear_object (&send->stream);
}

static void
return_protocol_error (GTask      *task,
                       const char *detail)
{
  Send *send = g_task_get_task_data (task);

  g_debug ("%s %s: %s", send->method, send->path, detail);
  abandon_reply (send);
  g_task_return_error (task, dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_PROTOCOL, NULL, -1, -1));
}

/* Sending or reading failed: says why, in the order that matters to the
 * caller (our own refusal, the caller's cancellation, the time limit, the
 * network). */
static void
return_failure (GTask        *task,
                const GError *error)
{
  Send *send = g_task_get_task_data (task);

  if (send->too_large)
    {
      return_protocol_error (task, "reply too large");
      return;
    }

  abandon_reply (send);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (send->timed_out)
    {
      g_debug ("%s %s: no reply within the time limit", send->method, send->path);
      g_task_return_error (task, dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_TIMEOUT, NULL, -1, -1));
      return;
    }

  g_debug ("%s %s failed", send->method, send->path);
  g_task_return_error (task, error_from_transport (error));
}

static void
return_reply (GTask *task)
{
  Send *send = g_task_get_task_data (task);
  g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&send->body));
  g_autofree char *server_code = NULL;
  int retry_after, attempts_left;
  guint status;

  g_clear_object (&send->stream);

  status = soup_message_get_status (send->message);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      return;
    }

  dnevnik_parse_error_body (body, &server_code, &retry_after, &attempts_left);
  g_debug ("%s %s: HTTP %u, error code “%s”", send->method, send->path, status,
           server_code != NULL ? server_code : "(none)");

  g_task_return_error (task,
                       dnevnik_service_error_new (error_from_server_code (server_code, status),
                                                  server_code, retry_after, attempts_left));
}

static void read_next_chunk (GTask *task);

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  Send *send = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;
  gsize size;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      return_failure (task, error);
      return;
    }

  size = g_bytes_get_size (chunk);
  if (size == 0)
    {
      return_reply (task);
      return;
    }

  /* The cap holds for what is read, not for what was announced: a
   * chunked reply can be endless. */
  if (send->body->len + size > DNEVNIK_API_MAX_BODY_SIZE)
    {
      send->too_large = TRUE;
      return_protocol_error (task, "reply too large");
      return;
    }

  g_byte_array_append (send->body, g_bytes_get_data (chunk, NULL), size);
  read_next_chunk (g_steal_pointer (&task));
}

static void
read_next_chunk (GTask *task)
{
  Send *send = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (send->stream, DNEVNIK_API_READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   send->cancellable, on_read_cb, task);
}

static SoupMessage *
build_message (Send *send,
               GUri *uri)
{
  SoupMessage *message = soup_message_new_from_uri (send->method, uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  /* Redirects are ours to judge (follow_redirect()), never libsoup's. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);

  soup_message_headers_replace (headers, "Accept", "application/json");
  if (send->headers != NULL)
    {
      SoupMessageHeadersIter iter;
      const char *name, *value;

      soup_message_headers_iter_init (&iter, send->headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        soup_message_headers_replace (headers, name, value);
    }
  if (send->authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", send->authorization);

  if (send->json_body != NULL)
    soup_message_set_request_body_from_bytes (message, "application/json", send->json_body);

  return message;
}

static void start_hop (GTask *task);

/* A redirect is followed only when it stays on the server's origin (same
 * scheme, host and port: no other host, no downgrade to plain http), keeps
 * the meaning of the request (any method for 307 and 308, GET only for the
 * others, which would turn a POST into a GET), and within
 * DNEVNIK_API_MAX_REDIRECTS hops.  Anything else is a server that does not
 * speak the API: PROTOCOL. */
static void
follow_redirect (GTask *task)
{
  Send *send = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (send->message);
  const char *location = soup_message_headers_get_one (headers, "Location");
  GUri *from = soup_message_get_uri (send->message);
  g_autoptr(GUri) to = NULL;
  guint status = soup_message_get_status (send->message);

  if (location != NULL)
    to = g_uri_parse_relative (from, location, SOUP_HTTP_URI_FLAGS, NULL);

  if (to == NULL || !dnevnik_url_same_origin (from, to))
    {
      return_protocol_error (task, "redirect to another origin not followed");
      return;
    }

  if (status != SOUP_STATUS_TEMPORARY_REDIRECT && status != SOUP_STATUS_PERMANENT_REDIRECT &&
      !g_str_equal (send->method, "GET"))
    {
      return_protocol_error (task, "redirect that changes the method not followed");
      return;
    }

  if (send->redirects == DNEVNIK_API_MAX_REDIRECTS)
    {
      return_protocol_error (task, "too many redirects");
      return;
    }

  /* The old hop's body is not read, and its cancellable is spent. */
  abandon_reply (send);

  /* The caller's cancellation reached the old hop only. */
  if (g_task_return_error_if_cancelled (task))
    return;

  send->redirects++;
  g_debug ("%s %s: HTTP %u, following to the same origin", send->method, send->path, status);

  g_object_unref (send->cancellable);
  send->cancellable = g_cancellable_new ();
  g_object_unref (send->message);
  send->message = build_message (send, to);
  start_hop (g_object_ref (task));
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  Send *send = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  guint status;

  send->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (send->stream == NULL)
    {
      return_failure (task, error);
      return;
    }

  status = soup_message_get_status (send->message);
  if (SOUP_STATUS_IS_REDIRECTION (status) && status != SOUP_STATUS_NOT_MODIFIED)
    {
      follow_redirect (task);
      return;
    }

  /* Refuse an announced huge body before reading any of it. */
  headers = soup_message_get_response_headers (send->message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > DNEVNIK_API_MAX_BODY_SIZE)
    {
      send->too_large = TRUE;
      return_protocol_error (task, "reply too large");
      return;
    }

  send->body = g_byte_array_new ();
  read_next_chunk (g_steal_pointer (&task));
}

static void
start_hop (GTask *task)
{
  Send *send = g_task_get_task_data (task);

  soup_session_send_async (send->api->session, send->message, G_PRIORITY_DEFAULT,
                           send->cancellable, on_sent_cb, task);
}

/**
 * dnevnik_api_send_async:
 * @self: a #DnevnikApi
 * @method: the HTTP method
 * @path: the path below the base URL, with its query (e.g. `/api/v1/profile`)
 * @json_body: (nullable): a JSON request body
 * @access_token: (nullable): the bearer token to send
 * @headers: (nullable): more request headers, added to every hop, for a
 *   server whose API wants its own (they never replace `Authorization`)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the reply
 * @user_data: data for @callback
 *
 * Sends one request and reads its whole reply, at most
 * %DNEVNIK_API_MAX_BODY_SIZE bytes of it: past that the connection is
 * dropped and the request fails with PROTOCOL.  Redirects are followed
 * only within the server's origin (see follow_redirect()).  Finish it
 * with dnevnik_api_send_finish().
 */
void
dnevnik_api_send_async (DnevnikApi          *self,
                        const char          *method,
                        const char          *path,
                        GBytes              *json_body,
                        const char          *access_token,
                        SoupMessageHeaders  *headers,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL;
  Send *send;

  g_return_if_fail (DNEVNIK_IS_API (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_api_send_async);

  url = g_strconcat (self->base_url, path, NULL);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);

  send = g_new0 (Send, 1);
  send->api = g_object_ref (self);
  send->method = g_strdup (method);
  send->path = g_strdup (path);
  send->cancellable = g_cancellable_new ();
  send->json_body = json_body != NULL ? g_bytes_ref (json_body) : NULL;
  send->authorization = access_token != NULL ? g_strconcat ("Bearer ", access_token, NULL) : NULL;
  send->headers = headers != NULL ? soup_message_headers_ref (headers) : NULL;
  g_task_set_task_data (task, send, send_free);

  if (uri == NULL)
    {
      /* Our own paths are valid; only a broken base URL gets here. */
      g_task_return_error (task, dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_INSECURE_URL, NULL, -1, -1));
      return;
    }

  send->message = build_message (send, uri);

  if (cancellable != NULL)
    {
      send->caller = g_object_ref (cancellable);
      send->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled_cb),
                                                    send, NULL);
    }

  if (self->timeout > 0)
    watch_deadline (self, send);

  start_hop (g_steal_pointer (&task));
}

/**
 * dnevnik_api_send_finish:
 * @self: a #DnevnikApi
 * @result: the result
 * @error: return location for a #DNEVNIK_SERVICE_ERROR (or cancellation)
 *
 * Returns: (transfer full): the body of a successful (2xx) reply, possibly
 *   empty
 */
GBytes *
dnevnik_api_send_finish (DnevnikApi    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
dnevnik_api_dispose (GObject *object)
{
  DnevnikApi *self = (DnevnikApi *) object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  if (self->deadline_source != NULL)
    {
      g_source_destroy (self->deadline_source);
      g_clear_pointer (&self->deadline_source, g_source_unref);
    }

  G_OBJECT_CLASS (dnevnik_api_parent_class)->dispose (object);
}

static void
dnevnik_api_finalize (GObject *object)
{
  DnevnikApi *self = (DnevnikApi *) object;

  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (dnevnik_api_parent_class)->finalize (object);
}

static void
dnevnik_api_class_init (DnevnikApiClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dnevnik_api_dispose;
  object_class->finalize = dnevnik_api_finalize;
}

static void
dnevnik_api_init (DnevnikApi *self)
{
  g_queue_init (&self->in_flight);
  self->deadline_armed = -1;
}

/**
 * dnevnik_api_new:
 * @base_url: the server's address, e.g. `https://dnevnik.example` or
 *   `http://127.0.0.1:8080`
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_INSECURE_URL error
 *
 * Returns: (transfer full): a new #DnevnikApi, or %NULL
 */
DnevnikApi *
dnevnik_api_new (const char  *base_url,
                 GError     **error)
{
  g_autoptr(DnevnikApi) self = NULL;
  g_autoptr(GUri) uri = NULL;
  gboolean loopback;

  g_return_val_if_fail (base_url != NULL, NULL);

  if (!dnevnik_api_check_url (base_url, error))
    return NULL;

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  loopback = dnevnik_url_is_loopback_host (g_uri_get_host (uri));

  self = g_object_new (DNEVNIK_TYPE_API, NULL);
  self->timeout = DNEVNIK_API_DEFAULT_TIMEOUT;
  self->base_url = g_strdup (base_url);
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';

  /* The default of two connections per host would queue a window's
   * parallel requests behind each other. */
  self->session = g_object_new (SOUP_TYPE_SESSION,
                                "max-conns-per-host", DNEVNIK_API_MAX_CONNS_PER_HOST,
                                "timeout", DNEVNIK_API_DEFAULT_TIMEOUT,
                                "idle-timeout", 60,
                                "user-agent", "Dnevnik/" PACKAGE_VERSION,
                                NULL);

  /* A system proxy must not see (or break) talk with this computer. */
  if (loopback)
    soup_session_set_proxy_resolver (self->session, NULL);

  /* The logger costs a copy of every body: only when someone reads it. */
  if (!g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    {
      g_autoptr(SoupLogger) logger = soup_logger_new (SOUP_LOGGER_LOG_BODY);

      soup_logger_set_max_body_size (logger, 64 * 1024);
      soup_logger_set_printer (logger, logger_printer, NULL, NULL);
      soup_session_add_feature (self->session, SOUP_SESSION_FEATURE (logger));
    }

  return g_steal_pointer (&self);
}

/**
 * dnevnik_api_get_base_url:
 * @self: a #DnevnikApi
 *
 * Returns: (transfer none): the base URL, without a trailing slash
 */
const char *
dnevnik_api_get_base_url (DnevnikApi *self)
{
  g_return_val_if_fail (DNEVNIK_IS_API (self), NULL);

  return self->base_url;
}

/**
 * dnevnik_api_set_timeout:
 * @self: a #DnevnikApi
 * @seconds: how long to wait for a reply, 0 for ever
 *
 * Sets the time limit of each request.
 */
void
dnevnik_api_set_timeout (DnevnikApi *self,
                         guint       seconds)
{
  g_return_if_fail (DNEVNIK_IS_API (self));

  self->timeout = seconds;
  soup_session_set_timeout (self->session, seconds);
}

/**
 * dnevnik_api_get_timeout:
 * @self: a #DnevnikApi
 *
 * Returns: the time limit of each request in seconds
 */
guint
dnevnik_api_get_timeout (DnevnikApi *self)
{
  g_return_val_if_fail (DNEVNIK_IS_API (self), 0);

  return self->timeout;
}
