/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-api.h"
#include "dnevnik-json.h"
#include "dnevnik-v1-provider.h"

/* DnevnikV1Provider: a server that speaks API v1 (src/sandbox/API.md), the
 * training server among them.  Its replies are the documents the service
 * wants as they are, so each call is one request through DnevnikApi. */

struct _DnevnikV1Provider
{
  GObject parent_instance;

  DnevnikApi *api;
};

static void dnevnik_v1_provider_iface_init (DnevnikProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DnevnikV1Provider, dnevnik_v1_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DNEVNIK_TYPE_PROVIDER, dnevnik_v1_provider_iface_init))

/* The path of each document of DNEVNIK_PROVIDER_CALL_FETCH. */
static const char * const document_paths[] = {
  [DNEVNIK_PROVIDER_DOCUMENT_PROFILE] = "/api/v1/profile",
  [DNEVNIK_PROVIDER_DOCUMENT_LINK_STATUS] = "/api/v1/sferum/link",
  [DNEVNIK_PROVIDER_DOCUMENT_LIBRARY] = "/api/v1/library",
  [DNEVNIK_PROVIDER_DOCUMENT_PORTFOLIO] = "/api/v1/portfolio",
  [DNEVNIK_PROVIDER_DOCUMENT_LINK_HISTORY] = "/api/v1/sferum/link/history",
  [DNEVNIK_PROVIDER_DOCUMENT_PERIODS] = "/api/v1/periods",
};

/* The request of each call: its method; its path, but for the three reads
 * whose path depends on the call; and the string members of its JSON body,
 * up to two, each with where its value is in the call. */
typedef struct
{
  const char *method;
  const char *path;
  const char *members[2];
  glong       offsets[2];
} Request;

#define CALL_MEMBER(member) G_STRUCT_OFFSET (DnevnikProviderCall, member)

static const Request requests[] = {
  [DNEVNIK_PROVIDER_CALL_SIGN_IN] = { "POST", "/api/v1/auth/login", { "login", "password" },
                                      { CALL_MEMBER (login), CALL_MEMBER (password) } },
  [DNEVNIK_PROVIDER_CALL_REFRESH] = { "POST", "/api/v1/auth/refresh", { "refresh_token" },
                                      { CALL_MEMBER (refresh_token) } },
  [DNEVNIK_PROVIDER_CALL_SIGN_OUT] = { "POST", "/api/v1/auth/logout" },
  [DNEVNIK_PROVIDER_CALL_FETCH] = { "GET", NULL },
  [DNEVNIK_PROVIDER_CALL_FETCH_DIARY] = { "GET", NULL },
  [DNEVNIK_PROVIDER_CALL_LINK_START] = { "POST", "/api/v1/sferum/link/start", { "phone" },
                                         { CALL_MEMBER (phone) } },
  [DNEVNIK_PROVIDER_CALL_LINK_RESEND] = { "POST", "/api/v1/sferum/link/resend", { "request_id" },
                                          { CALL_MEMBER (request_id) } },
  [DNEVNIK_PROVIDER_CALL_LINK_CONFIRM] = { "POST", "/api/v1/sferum/link/confirm", { "request_id", "code" },
                                           { CALL_MEMBER (request_id), CALL_MEMBER (code) } },
  [DNEVNIK_PROVIDER_CALL_UNLINK] = { "DELETE", "/api/v1/sferum/link" },
  [DNEVNIK_PROVIDER_CALL_FETCH_MARKS] = { "GET", NULL },
};

/* The string at @offset of @call; offset 0 (the operation, no string)
 * stands for none. */
static const char *
call_string (const DnevnikProviderCall *call,
             glong                      offset)
{
  return offset != 0 ? G_STRUCT_MEMBER (const char *, call, offset) : NULL;
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  GBytes *body;

  body = dnevnik_api_send_finish (DNEVNIK_API (source), result, &error);
  if (body == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
}

/* One request; the task makes the provider, not the API, the source of
 * the result that dnevnik_provider_finish() reads.  Takes @body. */
static void
send_request (DnevnikV1Provider   *self,
              const char          *method,
              const char          *path,
              GBytes              *body,
              const char          *access_token,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GBytes) owned_body = body;
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, send_request);
  dnevnik_api_send_async (self->api, method, path, owned_body, access_token, NULL, cancellable, sent_cb, task);
}

static const char *
dnevnik_v1_provider_get_server (DnevnikProvider *provider)
{
  return dnevnik_api_get_base_url (DNEVNIK_V1_PROVIDER (provider)->api);
}

static DnevnikProviderCapabilities
dnevnik_v1_provider_get_capabilities (DnevnikProvider *provider)
{
  return DNEVNIK_PROVIDER_CAPABILITY_DIARY | DNEVNIK_PROVIDER_CAPABILITY_LIBRARY |
         DNEVNIK_PROVIDER_CAPABILITY_PORTFOLIO | DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM |
         DNEVNIK_PROVIDER_CAPABILITY_LINK_HISTORY | DNEVNIK_PROVIDER_CAPABILITY_MARKS;
}

static guint
dnevnik_v1_provider_get_timeout (DnevnikProvider *provider)
{
  return dnevnik_api_get_timeout (DNEVNIK_V1_PROVIDER (provider)->api);
}

static void
dnevnik_v1_provider_set_timeout (DnevnikProvider *provider,
                                 guint            seconds)
{
  dnevnik_api_set_timeout (DNEVNIK_V1_PROVIDER (provider)->api, seconds);
}

/* Every call is one request: its method, path and JSON body. */
static void
dnevnik_v1_provider_call_async (DnevnikProvider           *provider,
                                const DnevnikProviderCall *call,
                                GCancellable              *cancellable,
                                GAsyncReadyCallback        callback,
                                gpointer                   user_data)
{
  DnevnikV1Provider *self = DNEVNIK_V1_PROVIDER (provider);
  g_autofree char *query_path = NULL;
  const Request *request;
  const char *path;
  GBytes *body = NULL;

  g_assert (call->operation < G_N_ELEMENTS (requests));
  request = &requests[call->operation];
  path = request->path;

  if (call->operation == DNEVNIK_PROVIDER_CALL_FETCH)
    {
      g_assert (call->document < G_N_ELEMENTS (document_paths));
      path = document_paths[call->document];
    }
  else if (call->operation == DNEVNIK_PROVIDER_CALL_FETCH_DIARY)
    {
      g_autofree char *from_text = dnevnik_json_format_date (call->from);
      g_autofree char *to_text = dnevnik_json_format_date (call->to);

      path = query_path = g_strdup_printf ("/api/v1/diary?from=%s&to=%s", from_text, to_text);
    }
  else if (call->operation == DNEVNIK_PROVIDER_CALL_FETCH_MARKS)
    {
      /* The id comes from the server: escaped, it cannot add to the query. */
      g_autofree char *period = g_uri_escape_string (call->period_id, NULL, FALSE);

      path = query_path = g_strconcat ("/api/v1/marks?period=", period, NULL);
    }

  /* Members past the first NULL name end the body. */
  if (request->members[0] != NULL)
    body = dnevnik_api_build_body (request->members[0], call_string (call, request->offsets[0]),
                                   request->members[1], call_string (call, request->offsets[1]),
                                   NULL);

  send_request (self, request->method, path, body, call->access_token, cancellable, callback, user_data);
}

static void
dnevnik_v1_provider_finalize (GObject *object)
{
  DnevnikV1Provider *self = (DnevnikV1Provider *) object;

  g_clear_object (&self->api);

  G_OBJECT_CLASS (dnevnik_v1_provider_parent_class)->finalize (object);
}

static void
dnevnik_v1_provider_iface_init (DnevnikProviderInterface *iface)
{
  iface->get_server = dnevnik_v1_provider_get_server;
  iface->get_capabilities = dnevnik_v1_provider_get_capabilities;
  iface->get_timeout = dnevnik_v1_provider_get_timeout;
  iface->set_timeout = dnevnik_v1_provider_set_timeout;
  iface->call_async = dnevnik_v1_provider_call_async;
}

static void
dnevnik_v1_provider_class_init (DnevnikV1ProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dnevnik_v1_provider_finalize;
}

static void
dnevnik_v1_provider_init (DnevnikV1Provider *self)
{
}

/**
 * dnevnik_v1_provider_new:
 * @base_url: the server's address: `https://…`, or `http://` to this
 *   computer only (localhost, 127.0.0.0/8, ::1)
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_INSECURE_URL error
 *
 * Returns: (transfer full) (nullable): a provider for an API v1 server, or
 *   %NULL if @base_url is refused
 */
DnevnikProvider *
dnevnik_v1_provider_new (const char  *base_url,
                         GError     **error)
{
  DnevnikV1Provider *self;
  DnevnikApi *api;

  g_return_val_if_fail (base_url != NULL, NULL);

  api = dnevnik_api_new (base_url, error);
  if (api == NULL)
    return NULL;

  self = g_object_new (DNEVNIK_TYPE_V1_PROVIDER, NULL);
  self->api = api;

  return DNEVNIK_PROVIDER (self);
}
