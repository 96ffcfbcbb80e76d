/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-provider.h"

G_DEFINE_INTERFACE (DnevnikProvider, dnevnik_provider, G_TYPE_OBJECT)

/* What each document needs of a provider. */
static const DnevnikProviderCapabilities document_needs[] = {
  [DNEVNIK_PROVIDER_DOCUMENT_PROFILE] = DNEVNIK_PROVIDER_CAPABILITY_NONE,
  [DNEVNIK_PROVIDER_DOCUMENT_LINK_STATUS] = DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM,
  [DNEVNIK_PROVIDER_DOCUMENT_LIBRARY] = DNEVNIK_PROVIDER_CAPABILITY_LIBRARY,
  [DNEVNIK_PROVIDER_DOCUMENT_PORTFOLIO] = DNEVNIK_PROVIDER_CAPABILITY_PORTFOLIO,
  [DNEVNIK_PROVIDER_DOCUMENT_LINK_HISTORY] = DNEVNIK_PROVIDER_CAPABILITY_LINK_HISTORY,
  [DNEVNIK_PROVIDER_DOCUMENT_PERIODS] = DNEVNIK_PROVIDER_CAPABILITY_MARKS,
};

/* What each other operation needs of a provider. */
static const DnevnikProviderCapabilities operation_needs[] = {
  [DNEVNIK_PROVIDER_CALL_SIGN_IN] = DNEVNIK_PROVIDER_CAPABILITY_NONE,
  [DNEVNIK_PROVIDER_CALL_REFRESH] = DNEVNIK_PROVIDER_CAPABILITY_NONE,
  [DNEVNIK_PROVIDER_CALL_SIGN_OUT] = DNEVNIK_PROVIDER_CAPABILITY_NONE,
  [DNEVNIK_PROVIDER_CALL_FETCH] = DNEVNIK_PROVIDER_CAPABILITY_NONE,
  [DNEVNIK_PROVIDER_CALL_FETCH_DIARY] = DNEVNIK_PROVIDER_CAPABILITY_DIARY,
  [DNEVNIK_PROVIDER_CALL_LINK_START] = DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM,
  [DNEVNIK_PROVIDER_CALL_LINK_RESEND] = DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM,
  [DNEVNIK_PROVIDER_CALL_LINK_CONFIRM] = DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM,
  [DNEVNIK_PROVIDER_CALL_UNLINK] = DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM,
  [DNEVNIK_PROVIDER_CALL_FETCH_MARKS] = DNEVNIK_PROVIDER_CAPABILITY_MARKS,
};

/* Whether @call carries every parameter its operation needs. */
static gboolean
call_is_complete (const DnevnikProviderCall *call)
{
  switch (call->operation)
    {
    case DNEVNIK_PROVIDER_CALL_SIGN_IN:
      return call->login != NULL && call->password != NULL;

    case DNEVNIK_PROVIDER_CALL_REFRESH:
      return call->refresh_token != NULL;

    case DNEVNIK_PROVIDER_CALL_FETCH:
      return call->document < G_N_ELEMENTS (document_needs) && call->access_token != NULL;

    case DNEVNIK_PROVIDER_CALL_FETCH_DIARY:
      return call->from != NULL && call->to != NULL && call->access_token != NULL;

    case DNEVNIK_PROVIDER_CALL_LINK_START:
      return call->phone != NULL && call->access_token != NULL;

    case DNEVNIK_PROVIDER_CALL_LINK_RESEND:
      return call->request_id != NULL && call->access_token != NULL;

    case DNEVNIK_PROVIDER_CALL_LINK_CONFIRM:
      return call->request_id != NULL && call->code != NULL && call->access_token != NULL;
    case DNEVNIK_PROVIDER_CALL_FETCH_MARKS:
      return call->period_id != NULL && call->access_token != NULL;

    case DNEVNIK_PROVIDER_CALL_SIGN_OUT:
    case DNEVNIK_PROVIDER_CALL_UNLINK:
      return call->access_token != NULL;

    default:
      return FALSE;
    }
}

/* The finish of a provider that answers every call with a GTask of its
 * own returning the document, as both providers do. */
static GBytes *
task_finish (DnevnikProvider  *self,
             GAsyncResult     *result,
             GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
dnevnik_provider_default_init (DnevnikProviderInterface *iface)
{
  iface->finish = task_finish;
}

/**
 * dnevnik_provider_get_server:
 * @self: a #DnevnikProvider
 *
 * The server this provider talks to, as a stable string: sessions are
 * remembered and the offline copy is keyed by it.
 *
 * Returns: (transfer none): the server's address or name
 */
const char *
dnevnik_provider_get_server (DnevnikProvider *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PROVIDER (self), NULL);

  return DNEVNIK_PROVIDER_GET_IFACE (self)->get_server (self);
}

/**
 * dnevnik_provider_get_capabilities:
 * @self: a #DnevnikProvider
 *
 * Returns: what the provider can do; it does not change over its life
 */
DnevnikProviderCapabilities
dnevnik_provider_get_capabilities (DnevnikProvider *self)
{
  DnevnikProviderInterface *iface;

  g_return_val_if_fail (DNEVNIK_IS_PROVIDER (self), DNEVNIK_PROVIDER_CAPABILITY_NONE);

  iface = DNEVNIK_PROVIDER_GET_IFACE (self);
  if (iface->get_capabilities == NULL)
    return DNEVNIK_PROVIDER_CAPABILITY_NONE;

  return iface->get_capabilities (self);
}

/**
 * dnevnik_provider_can:
 * @self: a #DnevnikProvider
 * @capabilities: what is needed
 *
 * Returns: whether the provider has every one of @capabilities
 */
gboolean
dnevnik_provider_can (DnevnikProvider             *self,
                      DnevnikProviderCapabilities  capabilities)
{
  return (dnevnik_provider_get_capabilities (self) & capabilities) == capabilities;
}

/**
 * dnevnik_provider_get_timeout:
 * @self: a #DnevnikProvider
 *
 * Returns: how many seconds a request may take (0: no limit)
 */
guint
dnevnik_provider_get_timeout (DnevnikProvider *self)
{
  DnevnikProviderInterface *iface;

  g_return_val_if_fail (DNEVNIK_IS_PROVIDER (self), 0);

  iface = DNEVNIK_PROVIDER_GET_IFACE (self);
  return iface->get_timeout != NULL ? iface->get_timeout (self) : 0;
}

/**
 * dnevnik_provider_set_timeout:
 * @self: a #DnevnikProvider
 * @seconds: how many seconds a request may take, 0 for no limit
 *
 * A request over it fails with %DNEVNIK_SERVICE_ERROR_TIMEOUT.  A
 * provider without requests to time ignores it.
 */
void
dnevnik_provider_set_timeout (DnevnikProvider *self,
                              guint            seconds)
{
  DnevnikProviderInterface *iface;

  g_return_if_fail (DNEVNIK_IS_PROVIDER (self));

  iface = DNEVNIK_PROVIDER_GET_IFACE (self);
  if (iface->set_timeout != NULL)
    iface->set_timeout (self, seconds);
}

/**
 * dnevnik_provider_call_async:
 * @self: a #DnevnikProvider
 * @call: the call and its parameters
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Makes @call.  NOT_SUPPORTED, without a request, when the provider lacks
 * the capability it needs.  Finish it with dnevnik_provider_finish().
 */
void
dnevnik_provider_call_async (DnevnikProvider           *self,
                             const DnevnikProviderCall *call,
                             GCancellable              *cancellable,
                             GAsyncReadyCallback        callback,
                             gpointer                   user_data)
{
  DnevnikProviderCapabilities needs;

  g_return_if_fail (DNEVNIK_IS_PROVIDER (self));
  g_return_if_fail (call != NULL && call_is_complete (call));

  needs = call->operation == DNEVNIK_PROVIDER_CALL_FETCH ? document_needs[call->document]
                                                         : operation_needs[call->operation];
  if (!dnevnik_provider_can (self, needs))
    {
      dnevnik_provider_return_unsupported (self, callback, user_data);
      return;
    }

  DNEVNIK_PROVIDER_GET_IFACE (self)->call_async (self, call, cancellable, callback, user_data);
}

/**
 * dnevnik_provider_finish:
 * @self: a #DnevnikProvider
 * @result: the result of any `_async` call of @self
 * @error: return location for an error
 *
 * Returns: (transfer full): the document of the reply, or %NULL
 */
GBytes *
dnevnik_provider_finish (DnevnikProvider  *self,
                         GAsyncResult     *result,
                         GError          **error)
{
  g_return_val_if_fail (DNEVNIK_IS_PROVIDER (self), NULL);

  if (g_async_result_is_tagged (result, dnevnik_provider_return_unsupported))
    return g_task_propagate_pointer (G_TASK (result), error);

  return DNEVNIK_PROVIDER_GET_IFACE (self)->finish (self, result, error);
}

/**
 * dnevnik_provider_return_unsupported:
 * @self: a #DnevnikProvider
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fails a call the provider cannot make with %G_IO_ERROR_NOT_SUPPORTED.
 * Its result is finished by dnevnik_provider_finish() itself, so no
 * implementation sees it: an implementation answers the calls it leaves
 * out with this.
 */
void
dnevnik_provider_return_unsupported (DnevnikProvider     *self,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DNEVNIK_IS_PROVIDER (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, dnevnik_provider_return_unsupported);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "The diary server does not offer this");
}

/**
 * dnevnik_provider_dup_web_url:
 * @self: a #DnevnikProvider
 * @page: which page
 *
 * The address of a page of the diary's own website, for what the app
 * leaves to it: signing in for a provider with
 * %DNEVNIK_PROVIDER_CAPABILITY_WEB_SIGN_IN, Сферум and «Мой паспорт» for
 * one without %DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM.
 *
 * Returns: (transfer full) (nullable): the page's address, or %NULL when
 *   the diary has no website the app knows of
 */
char *
dnevnik_provider_dup_web_url (DnevnikProvider        *self,
                              DnevnikProviderWebPage  page)
{
  DnevnikProviderInterface *iface;

  g_return_val_if_fail (DNEVNIK_IS_PROVIDER (self), NULL);

  iface = DNEVNIK_PROVIDER_GET_IFACE (self);
  return iface->dup_web_url != NULL ? iface->dup_web_url (self, page) : NULL;
}

/**
 * dnevnik_provider_get_web_cookies:
 * @self: a #DnevnikProvider
 * @token_cookie: (out) (optional): the cookie that carries the access
 *   token after a sign-in on the diary's own page
 * @refresh_cookie: (out) (optional) (nullable): the one that may carry a
 *   refresh token
 *
 * Returns: whether the provider signs in on the diary's own web page
 */
gboolean
dnevnik_provider_get_web_cookies (DnevnikProvider  *self,
                                  const char      **token_cookie,
                                  const char      **refresh_cookie)
{
  DnevnikProviderInterface *iface;
  const char *token = NULL;
  const char *refresh = NULL;

  g_return_val_if_fail (DNEVNIK_IS_PROVIDER (self), FALSE);

  iface = DNEVNIK_PROVIDER_GET_IFACE (self);
  if (iface->get_web_cookies != NULL)
    iface->get_web_cookies (self, &token, &refresh);

  if (token_cookie != NULL)
    *token_cookie = token;
  if (refresh_cookie != NULL)
    *refresh_cookie = refresh;

  return token != NULL;
}
