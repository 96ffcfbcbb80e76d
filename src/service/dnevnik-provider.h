/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DnevnikProviderCapabilities:
 * @DNEVNIK_PROVIDER_CAPABILITY_NONE: nothing beyond signing in and the
 *   profile
 * @DNEVNIK_PROVIDER_CAPABILITY_DIARY: lessons, homework and marks by date
 * @DNEVNIK_PROVIDER_CAPABILITY_LIBRARY: the school library
 * @DNEVNIK_PROVIDER_CAPABILITY_PORTFOLIO: the portfolio
 * @DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM: the server links the account
 *   to a Сферум profile itself (status, start, resend, confirm, unlink)
 * @DNEVNIK_PROVIDER_CAPABILITY_LINK_HISTORY: the history of links
 *
 * What a #DnevnikProvider can do.  A call it cannot do fails with
 * %G_IO_ERROR_NOT_SUPPORTED without a request.
 */
typedef enum
{
  DNEVNIK_PROVIDER_CAPABILITY_NONE         = 0,
  DNEVNIK_PROVIDER_CAPABILITY_DIARY        = 1 << 0,
  DNEVNIK_PROVIDER_CAPABILITY_LIBRARY      = 1 << 1,
  DNEVNIK_PROVIDER_CAPABILITY_PORTFOLIO    = 1 << 2,
  DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM  = 1 << 3,
  DNEVNIK_PROVIDER_CAPABILITY_LINK_HISTORY = 1 << 4,
} DnevnikProviderCapabilities;

/**
 * DnevnikProviderDocument:
 * @DNEVNIK_PROVIDER_DOCUMENT_PROFILE: the student's profile
 * @DNEVNIK_PROVIDER_DOCUMENT_LINK_STATUS: whether the account is linked
 * @DNEVNIK_PROVIDER_DOCUMENT_LIBRARY: the school library
 * @DNEVNIK_PROVIDER_DOCUMENT_PORTFOLIO: the portfolio
 * @DNEVNIK_PROVIDER_DOCUMENT_LINK_HISTORY: links and unlinks, newest first
 *
 * The documents of one per student that dnevnik_provider_fetch_async()
 * reads.
 */
typedef enum
{
  DNEVNIK_PROVIDER_DOCUMENT_PROFILE,
  DNEVNIK_PROVIDER_DOCUMENT_LINK_STATUS,
  DNEVNIK_PROVIDER_DOCUMENT_LIBRARY,
  DNEVNIK_PROVIDER_DOCUMENT_PORTFOLIO,
  DNEVNIK_PROVIDER_DOCUMENT_LINK_HISTORY,
} DnevnikProviderDocument;

/**
 * DnevnikProvider:
 *
 * What a diary server provides, whatever it speaks: signing in, refreshing
 * and revoking tokens, the student's documents, the diary, and Сферум
 * linking.  #DnevnikService runs the session, the offline copy and the
 * models on top of one provider.
 *
 * Every call hands back a *document*: the JSON text of the matching reply
 * of API v1 (src/sandbox/API.md), whichever server the provider talks to.
 * The service parses, caches and compares documents, so the offline copy
 * has one format and a provider for another diary only translates.
 *
 * Calls that need a session take the access token to send.  A provider
 * keeps no session of its own: when the server refuses a token it fails
 * with %DNEVNIK_SERVICE_ERROR_UNAUTHORIZED and the service refreshes.
 * Failures are #DNEVNIK_SERVICE_ERROR errors as for the service.
 * Every `_async` call finishes with dnevnik_provider_finish().
 */
#define DNEVNIK_TYPE_PROVIDER (dnevnik_provider_get_type ())

G_DECLARE_INTERFACE (DnevnikProvider, dnevnik_provider, DNEVNIK, PROVIDER, GObject)

struct _DnevnikProviderInterface
{
  GTypeInterface parent_iface;

  const char                  *(*get_server)         (DnevnikProvider          *self);
  DnevnikProviderCapabilities  (*get_capabilities)   (DnevnikProvider          *self);
  guint                        (*get_timeout)        (DnevnikProvider          *self);
  void                         (*set_timeout)        (DnevnikProvider          *self,
                                                      guint                     seconds);

  void                         (*sign_in_async)      (DnevnikProvider          *self,
                                                      const char               *login,
                                                      const char               *password,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);
  void                         (*refresh_async)      (DnevnikProvider          *self,
                                                      const char               *refresh_token,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);
  void                         (*sign_out_async)     (DnevnikProvider          *self,
                                                      const char               *access_token,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);
  void                         (*fetch_async)        (DnevnikProvider          *self,
                                                      DnevnikProviderDocument   document,
                                                      const char               *access_token,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);
  void                         (*fetch_diary_async)  (DnevnikProvider          *self,
                                                      const GDate              *from,
                                                      const GDate              *to,
                                                      const char               *access_token,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);
  void                         (*link_start_async)   (DnevnikProvider          *self,
                                                      const char               *phone,
                                                      const char               *access_token,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);
  void                         (*link_resend_async)  (DnevnikProvider          *self,
                                                      const char               *request_id,
                                                      const char               *access_token,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);
  void                         (*link_confirm_async) (DnevnikProvider          *self,
                                                      const char               *request_id,
                                                      const char               *code,
                                                      const char               *access_token,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);
  void                         (*unlink_async)       (DnevnikProvider          *self,
                                                      const char               *access_token,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);
  GBytes                      *(*finish)             (DnevnikProvider          *self,
                                                      GAsyncResult             *result,
                                                      GError                  **error);
};

const char                  *dnevnik_provider_get_server         (DnevnikProvider              *self);
DnevnikProviderCapabilities  dnevnik_provider_get_capabilities   (DnevnikProvider              *self);
gboolean                     dnevnik_provider_can                (DnevnikProvider              *self,
                                                                  DnevnikProviderCapabilities   capabilities);
guint                        dnevnik_provider_get_timeout        (DnevnikProvider              *self);
void                         dnevnik_provider_set_timeout        (DnevnikProvider              *self,
                                                                  guint                         seconds);
void                         dnevnik_provider_sign_in_async      (DnevnikProvider              *self,
                                                                  const char                   *login,
                                                                  const char                   *password,
                                                                  GCancellable                 *cancellable,
                                                                  GAsyncReadyCallback           callback,
                                                                  gpointer                      user_data);
void                         dnevnik_provider_refresh_async      (DnevnikProvider              *self,
                                                                  const char                   *refresh_token,
                                                                  GCancellable                 *cancellable,
                                                                  GAsyncReadyCallback           callback,
                                                                  gpointer                      user_data);
void                         dnevnik_provider_sign_out_async     (DnevnikProvider              *self,
                                                                  const char                   *access_token,
                                                                  GCancellable                 *cancellable,
                                                                  GAsyncReadyCallback           callback,
                                                                  gpointer                      user_data);
void                         dnevnik_provider_fetch_async        (DnevnikProvider              *self,
                                                                  DnevnikProviderDocument       document,
                                                                  const char                   *access_token,
                                                                  GCancellable                 *cancellable,
                                                                  GAsyncReadyCallback           callback,
                                                                  gpointer                      user_data);
void                         dnevnik_provider_fetch_diary_async  (DnevnikProvider              *self,
                                                                  const GDate                  *from,
                                                                  const GDate                  *to,
                                                                  const char                   *access_token,
                                                                  GCancellable                 *cancellable,
                                                                  GAsyncReadyCallback           callback,
                                                                  gpointer                      user_data);
void                         dnevnik_provider_link_start_async   (DnevnikProvider              *self,
                                                                  const char                   *phone,
                                                                  const char                   *access_token,
                                                                  GCancellable                 *cancellable,
                                                                  GAsyncReadyCallback           callback,
                                                                  gpointer                      user_data);
void                         dnevnik_provider_link_resend_async  (DnevnikProvider              *self,
                                                                  const char                   *request_id,
                                                                  const char                   *access_token,
                                                                  GCancellable                 *cancellable,
                                                                  GAsyncReadyCallback           callback,
                                                                  gpointer                      user_data);
void                         dnevnik_provider_link_confirm_async (DnevnikProvider              *self,
                                                                  const char                   *request_id,
                                                                  const char                   *code,
                                                                  const char                   *access_token,
                                                                  GCancellable                 *cancellable,
                                                                  GAsyncReadyCallback           callback,
                                                                  gpointer                      user_data);
void                         dnevnik_provider_unlink_async       (DnevnikProvider              *self,
                                                                  const char                   *access_token,
                                                                  GCancellable                 *cancellable,
                                                                  GAsyncReadyCallback           callback,
                                                                  gpointer                      user_data);
GBytes                      *dnevnik_provider_finish             (DnevnikProvider              *self,
                                                                  GAsyncResult                 *result,
                                                                  GError                      **error);

G_END_DECLS
