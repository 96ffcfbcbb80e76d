/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include <string.h>

#include "dnevnik-sandbox-auth.h"
#include "dnevnik-sandbox-demo.h"
#include "dnevnik-sandbox-error.h"
#include "dnevnik-sandbox-request.h"
#include "dnevnik-sandbox-server-private.h"

/* The HTTP side of the sandbox: each request is checked (request.c), may
 * be counted and faulted, is routed to its handler (api-*.c) and becomes a
 * DnevnikSandboxCall, answered through call.c.  Connections come from our
 * own listener (listener.c).
 */

G_DEFINE_FINAL_TYPE (DnevnikSandboxServer, dnevnik_sandbox_server, G_TYPE_OBJECT)

#define TOKEN DNEVNIK_SANDBOX_ROUTE_TOKEN
#define BODY  DNEVNIK_SANDBOX_ROUTE_BODY
#define WRITE DNEVNIK_SANDBOX_ROUTE_WRITE

static const DnevnikSandboxRoute routes[] = {
  { "POST",   "/api/v1/auth/login",           BODY,                 dnevnik_sandbox_handle_login },
  { "POST",   "/api/v1/auth/refresh",         BODY | WRITE,         dnevnik_sandbox_handle_refresh },
  { "POST",   "/api/v1/auth/logout",          TOKEN | WRITE,        dnevnik_sandbox_handle_logout },
  { "GET",    "/api/v1/profile",              TOKEN,                dnevnik_sandbox_handle_profile },
  { "GET",    "/api/v1/diary",                TOKEN,                dnevnik_sandbox_handle_diary },
  { "GET",    "/api/v1/library",              TOKEN,                dnevnik_sandbox_handle_library },
  { "GET",    "/api/v1/portfolio",            TOKEN,                dnevnik_sandbox_handle_portfolio },
  { "GET",    "/api/v1/periods",              TOKEN,                dnevnik_sandbox_handle_periods },
  { "GET",    "/api/v1/marks",                TOKEN,                dnevnik_sandbox_handle_marks },
  { "GET",    "/api/v1/sferum/link",          TOKEN,                dnevnik_sandbox_handle_link_status },
  { "DELETE", "/api/v1/sferum/link",          TOKEN | WRITE,        dnevnik_sandbox_handle_unlink },
  { "POST",   "/api/v1/sferum/link/start",    TOKEN | BODY | WRITE, dnevnik_sandbox_handle_link_start },
  { "POST",   "/api/v1/sferum/link/resend",   TOKEN | BODY | WRITE, dnevnik_sandbox_handle_link_resend },
  { "POST",   "/api/v1/sferum/link/confirm",  TOKEN | BODY | WRITE, dnevnik_sandbox_handle_link_confirm },
  { "GET",    "/api/v1/sferum/link/history",  TOKEN,                dnevnik_sandbox_handle_link_history },
  { "GET",    DNEVNIK_SANDBOX_PROFILE_PATH,   0,                    dnevnik_sandbox_handle_profile_page },
  { "GET",    "/sandbox/sms",                 0,                    dnevnik_sandbox_handle_sms },
  { "POST",   "/sandbox/faults",              BODY,                 dnevnik_sandbox_handle_add_fault },
  { "DELETE", "/sandbox/faults",              0,                    dnevnik_sandbox_handle_clear_faults },
  { "GET",    "/sandbox/counters",            0,                    dnevnik_sandbox_handle_counters },
  { "DELETE", "/sandbox/counters",            0,                    dnevnik_sandbox_handle_reset_counters },
  { "POST",   "/sandbox/marks",               BODY | WRITE,         dnevnik_sandbox_handle_give_mark },
};

#undef TOKEN
#undef BODY
#undef WRITE

static gboolean
is_control_path (const char *path)
{
  return g_str_equal (path, "/sandbox") || g_str_has_prefix (path, "/sandbox/");
}

/* The route of exactly this method and path, or %NULL */
static const DnevnikSandboxRoute *
lookup_route (const char *method,
              const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (g_str_equal (routes[i].path, path) && g_str_equal (routes[i].method, method))
      return &routes[i];

  return NULL;
}

/* Finds the route; sets 404 or 405 (with the Allow header) when there is
 * none for this method. */
static const DnevnikSandboxRoute *
find_route (SoupServerMessage  *msg,
            const char         *path,
            GError            **error)
{
  const char *method = soup_server_message_get_method (msg);
  const DnevnikSandboxRoute *route = lookup_route (method, path);
  g_autoptr(GString) allow = NULL;

  if (route != NULL)
    return route;

  allow = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (!g_str_equal (routes[i].path, path))
        continue;

      if (allow->len > 0)
        g_string_append (allow, ", ");
      g_string_append (allow, routes[i].method);
    }

  if (allow->len == 0)
    {
      g_set_error (error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_NOT_FOUND, "No such path: %s", path);
      return NULL;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow->str);
  g_set_error (error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_METHOD_NOT_ALLOWED,
               "%s does not allow %s", path, method);
  return NULL;
}

/* The control paths are neither counted nor faulted: tests must always
 * be able to reach them. */
static void
count_request (DnevnikSandboxServer *self,
               SoupServerMessage    *msg,
               const char           *path)
{
  const char *method = soup_server_message_get_method (msg);

  if (!is_control_path (path))
    dnevnik_sandbox_faults_count (self->faults, method, path, lookup_route (method, path) != NULL);
}

static gboolean
authenticate (DnevnikSandboxServer  *self,
              DnevnikSandboxCall    *call,
              GError               **error)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (call->msg),
                                                     "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0 || header[7] == '\0')
    return dnevnik_sandbox_refuse (error, DNEVNIK_SANDBOX_ERROR_INVALID_TOKEN,
                                   "An “Authorization: Bearer” access token is required");

  call->token = g_strdup (header + 7);
  call->account_id = dnevnik_sandbox_auth_check (self->db, call->token, error);
  return call->account_id != NULL;
}

static void
run_handler (DnevnikSandboxServer *self,
             DnevnikSandboxCall   *call)
{
  const DnevnikSandboxRoute *route = call->route;
  g_autoptr(JsonBuilder) reply = json_builder_new ();
  g_autoptr(GError) error = NULL;
  gboolean write = (route->flags & DNEVNIK_SANDBOX_ROUTE_WRITE) != 0;
  gboolean ok;

  if (write && !dnevnik_sandbox_db_begin (self->db, &error))
    {
      dnevnik_sandbox_call_reply_error (call, error);
      return;
    }

  call->status = SOUP_STATUS_OK;
  ok = route->handler (self, call, reply, &error);
  if (write)
    ok = dnevnik_sandbox_server_end_transaction (self, ok, &error);

  if (!call->deferred)
    dnevnik_sandbox_call_reply (call, ok, reply, error);
}

static void
dispatch (DnevnikSandboxServer *self,
          DnevnikSandboxCall   *call)
{
  const DnevnikSandboxRoute *route;
  g_autoptr(GError) error = NULL;

  if (self->db == NULL)
    {
      dnevnik_sandbox_call_reply_new_error (call, DNEVNIK_SANDBOX_ERROR_INTERNAL, "The sandbox is shutting down");
      return;
    }

  route = find_route (call->msg, call->path, &error);
  call->route = route;
  if (route == NULL ||
      ((route->flags & DNEVNIK_SANDBOX_ROUTE_TOKEN) && !authenticate (self, call, &error)) ||
      ((route->flags & DNEVNIK_SANDBOX_ROUTE_BODY) && !dnevnik_sandbox_call_parse_body (call, &error)))
    {
      dnevnik_sandbox_call_reply_error (call, error);
      return;
    }

  run_handler (self, call);
}

/* What is checked before the body is read: who sent the request, that its
 * path and query are text, and that a body it announces may be read. */
static gboolean
check_headers (DnevnikSandboxServer  *self,
               SoupServerMessage     *msg,
               const char            *path,
               GHashTable            *query,
               GError               **error)
{
  const DnevnikSandboxRoute *route;

  if (!dnevnik_sandbox_request_check_site (msg, dnevnik_sandbox_listener_get_port (self->listener), error) ||
      !dnevnik_sandbox_request_check_target (msg, path, query, error) ||
      !dnevnik_sandbox_request_check_size (msg, error))
    return FALSE;

  route = lookup_route (soup_server_message_get_method (msg), path);
  if (route != NULL && (route->flags & DNEVNIK_SANDBOX_ROUTE_BODY))
    return dnevnik_sandbox_request_check_json_type (msg, error);

  return TRUE;
}

static gboolean
prepare_state (DnevnikSandboxServer  *self,
               GError               **error)
{
  gint64 accounts = dnevnik_sandbox_db_count (self->db, error, "SELECT count(*) FROM accounts", "");

  /* A database that cannot be read is an error, never a reason to reseed. */
  if (accounts < 0)
    return FALSE;
  if (accounts > 0 && !self->settings.reset)
    return TRUE;

  g_message ("Writing the demo data into %s", self->settings.db_path);
  if (!dnevnik_sandbox_db_begin (self->db, error))
    return FALSE;

  if (!dnevnik_sandbox_db_end (self->db,
                               dnevnik_sandbox_db_wipe (self->db, error) &&
                               dnevnik_sandbox_demo_seed (self->db, &self->settings.today,
                                                          self->settings.kdf_iterations, error),
                               error))
    return FALSE;

  /* The outbox belongs to the old state; a teacher's reset starts clean. */
  return dnevnik_sandbox_sms_clear_outbox (self->settings.outbox_path, error);
}

static gboolean
on_delay_done_cb (gpointer user_data)
{
  DnevnikSandboxCall *call = user_data;

  call->timeout_id = 0;
  dispatch (call->server, call);
  return G_SOURCE_REMOVE;
}

static void
on_body_too_large_cb (SoupServerMessage *msg,
                      gpointer           user_data)
{
  DnevnikSandboxServer *self = user_data;

  count_request (self, msg, g_uri_get_path (soup_server_message_get_uri (msg)));
}

static void
on_request_started_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       gpointer           user_data)
{
  dnevnik_sandbox_request_watch (msg, on_body_too_large_cb, user_data);
}

/* Refuses what must not be read, from the headers alone, before any of
 * the body is kept. */
static void
on_early_request_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  DnevnikSandboxServer *self = user_data;
  g_autoptr(GError) error = NULL;

  if (check_headers (self, msg, path, query, &error))
    return;

  count_request (self, msg, path);
  dnevnik_sandbox_request_refuse (msg, error);
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  DnevnikSandboxServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  DnevnikSandboxCall *call = dnevnik_sandbox_call_new (self, msg, path, query, self->waiting);
  DnevnikSandboxFaultKind fault = DNEVNIK_SANDBOX_FAULT_NONE;
  guint delay_ms = 0;

  count_request (self, msg, path);
  if (!is_control_path (path))
    fault = dnevnik_sandbox_faults_take (self->faults, method, path, &delay_ms);

  switch (fault)
    {
    case DNEVNIK_SANDBOX_FAULT_ERROR500:
      dnevnik_sandbox_call_reply_new_error (call, DNEVNIK_SANDBOX_ERROR_INTERNAL, "Injected fault");
      break;

    case DNEVNIK_SANDBOX_FAULT_MALFORMED:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_STATIC,
                                        "{\"this is\": not JSON <", 22);
      dnevnik_sandbox_call_finish (call);
      break;

    case DNEVNIK_SANDBOX_FAULT_DROP:
      dnevnik_sandbox_request_drop (msg);
      dnevnik_sandbox_call_free (call);
      break;

    case DNEVNIK_SANDBOX_FAULT_DELAY:
      dnevnik_sandbox_call_pause (call);
      call->timeout_id = g_timeout_add (delay_ms, on_delay_done_cb, call);
      break;

    case DNEVNIK_SANDBOX_FAULT_TRUNCATED:
      call->truncate = TRUE;
      dispatch (self, call);
      break;

    case DNEVNIK_SANDBOX_FAULT_NONE:
    default:
      dispatch (self, call);
      break;
    }
}

static void
dnevnik_sandbox_server_dispose (GObject *object)
{
  DnevnikSandboxServer *self = DNEVNIK_SANDBOX_SERVER (object);

  dnevnik_sandbox_server_shutdown (self);
  g_clear_object (&self->listener);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (dnevnik_sandbox_server_parent_class)->dispose (object);
}

static void
dnevnik_sandbox_server_finalize (GObject *object)
{
  DnevnikSandboxServer *self = DNEVNIK_SANDBOX_SERVER (object);

  g_clear_pointer (&self->faults, dnevnik_sandbox_faults_free);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_free (self->settings.db_path);
  g_free (self->settings.outbox_path);

  G_OBJECT_CLASS (dnevnik_sandbox_server_parent_class)->finalize (object);
}

static void
dnevnik_sandbox_server_class_init (DnevnikSandboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dnevnik_sandbox_server_dispose;
  object_class->finalize = dnevnik_sandbox_server_finalize;
}

static void
dnevnik_sandbox_server_init (DnevnikSandboxServer *self)
{
  self->faults = dnevnik_sandbox_faults_new ();
  self->waiting = g_ptr_array_new ();
  self->soup = soup_server_new ("server-header", "dnevnik-sandbox/" PACKAGE_VERSION " ", NULL);

  g_signal_connect (self->soup, "request-started", G_CALLBACK (on_request_started_cb), self);
  soup_server_add_early_handler (self->soup, NULL, on_early_request_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, on_request_cb, self, NULL);
}

/**
 * dnevnik_sandbox_server_end_transaction:
 * @ok: whether the change of state succeeded
 *
 * Ends the transaction of a call's change of state; a refusal that was
 * written down (a used-up attempt) is kept, an internal error is not.
 *
 * Returns: @ok, or %FALSE when the commit failed
 */
gboolean
dnevnik_sandbox_server_end_transaction (DnevnikSandboxServer  *self,
                                        gboolean               ok,
                                        GError               **error)
{
  gboolean keep = ok || dnevnik_sandbox_error_get_status (*error) != SOUP_STATUS_INTERNAL_SERVER_ERROR;

  if (!dnevnik_sandbox_db_end (self->db, keep, ok ? error : NULL))
    return FALSE;

  return ok;
}

/**
 * dnevnik_sandbox_settings_clear:
 *
 * Frees the paths of @settings.
 */
void
dnevnik_sandbox_settings_clear (DnevnikSandboxSettings *settings)
{
  g_clear_pointer (&settings->db_path, g_free);
  g_clear_pointer (&settings->outbox_path, g_free);
}

/**
 * dnevnik_sandbox_server_new:
 * @settings: what the command line said; copied
 * @faults: (transfer full) (nullable): faults from the command line
 *
 * Opens the database, migrates it and writes the demo data when it is
 * new or @settings asks for a reset.  The server does not listen yet.
 *
 * Returns: (transfer full) (nullable): the server, or %NULL on error
 */
DnevnikSandboxServer *
dnevnik_sandbox_server_new (const DnevnikSandboxSettings  *settings,
                            DnevnikSandboxFaults          *faults,
                            GError                       **error)
{
  g_autoptr(DnevnikSandboxServer) self = g_object_new (DNEVNIK_TYPE_SANDBOX_SERVER, NULL);

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (settings->db_path != NULL && settings->outbox_path != NULL, NULL);

  if (faults != NULL)
    {
      dnevnik_sandbox_faults_free (self->faults);
      self->faults = faults;
    }

  self->settings = *settings;
  self->settings.db_path = g_strdup (settings->db_path);
  self->settings.outbox_path = g_strdup (settings->outbox_path);
  self->link_rules.code_ttl = settings->code_ttl;
  self->link_rules.max_attempts = MAX (settings->max_attempts, 1);
  self->link_rules.resend_cooldown = settings->resend_cooldown;
  self->link_rules.outbox_path = self->settings.outbox_path;
  self->listener = dnevnik_sandbox_listener_new (self->soup, settings->idle_timeout);

  self->db = dnevnik_sandbox_db_open (settings->db_path, error);
  if (self->db == NULL || !prepare_state (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * dnevnik_sandbox_server_get_faults:
 *
 * Returns: (transfer none): the fault table, for faults given on the
 *   command line
 */
DnevnikSandboxFaults *
dnevnik_sandbox_server_get_faults (DnevnikSandboxServer *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SANDBOX_SERVER (self), NULL);

  return self->faults;
}

/**
 * dnevnik_sandbox_server_listen:
 * @port: a TCP port, or 0 for any free one
 *
 * Listens on 127.0.0.1 only: the sandbox holds demo secrets and has
 * control endpoints, so it is never reachable from the network.
 */
gboolean
dnevnik_sandbox_server_listen (DnevnikSandboxServer  *self,
                               guint                  port,
                               GError               **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  g_return_val_if_fail (DNEVNIK_IS_SANDBOX_SERVER (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);

  return dnevnik_sandbox_listener_listen (self->listener, address, error);
}

/**
 * dnevnik_sandbox_server_get_url:
 *
 * Returns: (transfer full) (nullable): "http://127.0.0.1:PORT", once
 *   listening
 */
char *
dnevnik_sandbox_server_get_url (DnevnikSandboxServer *self)
{
  guint port;

  g_return_val_if_fail (DNEVNIK_IS_SANDBOX_SERVER (self), NULL);

  port = dnevnik_sandbox_listener_get_port (self->listener);
  if (port == 0)
    return NULL;

  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

/**
 * dnevnik_sandbox_server_shutdown:
 *
 * Stops listening, drops the requests still waiting and closes the
 * database cleanly (its WAL checkpointed).  Safe to call twice.
 */
void
dnevnik_sandbox_server_shutdown (DnevnikSandboxServer *self)
{
  g_return_if_fail (DNEVNIK_IS_SANDBOX_SERVER (self));

  if (self->listener != NULL)
    dnevnik_sandbox_listener_stop (self->listener);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);

  while (self->waiting != NULL && self->waiting->len > 0)
    {
      DnevnikSandboxCall *call = g_ptr_array_steal_index_fast (self->waiting, self->waiting->len - 1);

      dnevnik_sandbox_call_free (call);
    }

  g_clear_pointer (&self->db, dnevnik_sandbox_db_close);
}
