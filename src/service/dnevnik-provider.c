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
};

/* Fails a call the provider cannot make.  Its result is finished by
 * dnevnik_provider_finish() itself, so no implementation sees it. */
static gboolean
refuse_unless_able (DnevnikProvider             *self,
                    DnevnikProviderCapabilities  needs,
                    gboolean                     implemented,
                    GAsyncReadyCallback          callback,
                    gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;

  if (implemented && dnevnik_provider_can (self, needs))
    return FALSE;

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, refuse_unless_able);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "The diary server does not offer this");
  return TRUE;
}

static void
dnevnik_provider_default_init (DnevnikProviderInterface *iface)
{
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
 * dnevnik_provider_sign_in_async:
 * @self: a #DnevnikProvider
 * @login: the student's login
 * @password: the password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Signs in.  The document is an authentication reply: access and refresh
 * tokens, their life in seconds and, if the server says it, the profile id.
 */
void
dnevnik_provider_sign_in_async (DnevnikProvider     *self,
                                const char          *login,
                                const char          *password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_PROVIDER (self));
  g_return_if_fail (login != NULL && password != NULL);

  DNEVNIK_PROVIDER_GET_IFACE (self)->sign_in_async (self, login, password, cancellable, callback, user_data);
}

/**
 * dnevnik_provider_refresh_async:
 * @self: a #DnevnikProvider
 * @refresh_token: the refresh token of the session
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Trades the refresh token for new tokens (an authentication reply).
 * UNAUTHORIZED means the session is over.
 */
void
dnevnik_provider_refresh_async (DnevnikProvider     *self,
                                const char          *refresh_token,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_PROVIDER (self));
  g_return_if_fail (refresh_token != NULL);

  DNEVNIK_PROVIDER_GET_IFACE (self)->refresh_async (self, refresh_token, cancellable, callback, user_data);
}

/**
 * dnevnik_provider_sign_out_async:
 * @self: a #DnevnikProvider
 * @access_token: the access token of the session to end
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Revokes a session on the server.  The document says nothing useful.
 */
void
dnevnik_provider_sign_out_async (DnevnikProvider     *self,
                                 const char          *access_token,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_PROVIDER (self));
  g_return_if_fail (access_token != NULL);

  DNEVNIK_PROVIDER_GET_IFACE (self)->sign_out_async (self, access_token, cancellable, callback, user_data);
}

/**
 * dnevnik_provider_fetch_async:
 * @self: a #DnevnikProvider
 * @document: which document
 * @access_token: the access token to send
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Reads one of the student's documents.  NOT_SUPPORTED when the provider
 * lacks the capability it needs.
 */
void
dnevnik_provider_fetch_async (DnevnikProvider         *self,
                              DnevnikProviderDocument  document,
                              const char              *access_token,
                              GCancellable            *cancellable,
                              GAsyncReadyCallback      callback,
                              gpointer                 user_data)
{
  DnevnikProviderInterface *iface;

  g_return_if_fail (DNEVNIK_IS_PROVIDER (self));
  g_return_if_fail (document < G_N_ELEMENTS (document_needs));
  g_return_if_fail (access_token != NULL);

  iface = DNEVNIK_PROVIDER_GET_IFACE (self);
  if (refuse_unless_able (self, document_needs[document], iface->fetch_async != NULL, callback, user_data))
    return;

  iface->fetch_async (self, document, access_token, cancellable, callback, user_data);
}

/**
 * dnevnik_provider_fetch_diary_async:
 * @self: a #DnevnikProvider
 * @from: the first date
 * @to: the last date, not before @from
 * @access_token: the access token to send
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Reads the diary of a range of dates: a document with every date of the
 * range, in order.
 */
void
dnevnik_provider_fetch_diary_async (DnevnikProvider     *self,
                                    const GDate         *from,
                                    const GDate         *to,
                                    const char          *access_token,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  DnevnikProviderInterface *iface;

  g_return_if_fail (DNEVNIK_IS_PROVIDER (self));
  g_return_if_fail (from != NULL && to != NULL);
  g_return_if_fail (access_token != NULL);

  iface = DNEVNIK_PROVIDER_GET_IFACE (self);
  if (refuse_unless_able (self, DNEVNIK_PROVIDER_CAPABILITY_DIARY, iface->fetch_diary_async != NULL,
                          callback, user_data))
    return;

  iface->fetch_diary_async (self, from, to, access_token, cancellable, callback, user_data);
}

/**
 * dnevnik_provider_link_start_async:
 * @self: a #DnevnikProvider
 * @phone: the phone number, normalised (`+79161234567`)
 * @access_token: the access token to send
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Starts linking to the Сферум profile of @phone; the document is the
 * link request.
 */
void
dnevnik_provider_link_start_async (DnevnikProvider     *self,
                                   const char          *phone,
                                   const char          *access_token,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  DnevnikProviderInterface *iface;

  g_return_if_fail (DNEVNIK_IS_PROVIDER (self));
  g_return_if_fail (phone != NULL && access_token != NULL);

  iface = DNEVNIK_PROVIDER_GET_IFACE (self);
  if (refuse_unless_able (self, DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM, iface->link_start_async != NULL,
                          callback, user_data))
    return;

  iface->link_start_async (self, phone, access_token, cancellable, callback, user_data);
}

/**
 * dnevnik_provider_link_resend_async:
 * @self: a #DnevnikProvider
 * @request_id: the id of a link request
 * @access_token: the access token to send
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asks for a new code; the document carries the new countdowns.
 */
void
dnevnik_provider_link_resend_async (DnevnikProvider     *self,
                                    const char          *request_id,
                                    const char          *access_token,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  DnevnikProviderInterface *iface;

  g_return_if_fail (DNEVNIK_IS_PROVIDER (self));
  g_return_if_fail (request_id != NULL && access_token != NULL);

  iface = DNEVNIK_PROVIDER_GET_IFACE (self);
  if (refuse_unless_able (self, DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM, iface->link_resend_async != NULL,
                          callback, user_data))
    return;

  iface->link_resend_async (self, request_id, access_token, cancellable, callback, user_data);
}

/**
 * dnevnik_provider_link_confirm_async:
 * @self: a #DnevnikProvider
 * @request_id: the id of a link request
 * @code: the code from the SMS
 * @access_token: the access token to send
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Confirms a link; the document is the new link status.
 */
void
dnevnik_provider_link_confirm_async (DnevnikProvider     *self,
                                     const char          *request_id,
                                     const char          *code,
                                     const char          *access_token,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  DnevnikProviderInterface *iface;

  g_return_if_fail (DNEVNIK_IS_PROVIDER (self));
  g_return_if_fail (request_id != NULL && code != NULL && access_token != NULL);

  iface = DNEVNIK_PROVIDER_GET_IFACE (self);
  if (refuse_unless_able (self, DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM, iface->link_confirm_async != NULL,
                          callback, user_data))
    return;

  iface->link_confirm_async (self, request_id, code, access_token, cancellable, callback, user_data);
}

/**
 * dnevnik_provider_unlink_async:
 * @self: a #DnevnikProvider
 * @access_token: the access token to send
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Removes the link; the document is the new link status.
 */
void
dnevnik_provider_unlink_async (DnevnikProvider     *self,
                               const char          *access_token,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  DnevnikProviderInterface *iface;

  g_return_if_fail (DNEVNIK_IS_PROVIDER (self));
  g_return_if_fail (access_token != NULL);

  iface = DNEVNIK_PROVIDER_GET_IFACE (self);
  if (refuse_unless_able (self, DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM, iface->unlink_async != NULL,
                          callback, user_data))
    return;

  iface->unlink_async (self, access_token, cancellable, callback, user_data);
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

  if (g_async_result_is_tagged (result, refuse_unless_able))
    return g_task_propagate_pointer (G_TASK (result), error);

  return DNEVNIK_PROVIDER_GET_IFACE (self)->finish (self, result, error);
}
