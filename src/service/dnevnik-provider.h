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
 * @DNEVNIK_PROVIDER_CAPABILITY_MARKS: the periods of the school year and
 *   the marks of each, with finals once set
 *
 * What a #DnevnikProvider can do.  A call it cannot do fails with
 * %G_IO_ERROR_NOT_SUPPORTED without a request.  Whether the student signs
 * in on the diary's own web page rather than with a password is not a
 * call: dnevnik_provider_get_web_cookies() says it.
 */
typedef enum
{
  DNEVNIK_PROVIDER_CAPABILITY_NONE         = 0,
  DNEVNIK_PROVIDER_CAPABILITY_DIARY        = 1 << 0,
  DNEVNIK_PROVIDER_CAPABILITY_LIBRARY      = 1 << 1,
  DNEVNIK_PROVIDER_CAPABILITY_PORTFOLIO    = 1 << 2,
  DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM  = 1 << 3,
  DNEVNIK_PROVIDER_CAPABILITY_LINK_HISTORY = 1 << 4,
  DNEVNIK_PROVIDER_CAPABILITY_MARKS        = 1 << 5,
} DnevnikProviderCapabilities;

/**
 * DnevnikProviderWebPage:
 * @DNEVNIK_PROVIDER_WEB_PAGE_DIARY: the web diary's home
 * @DNEVNIK_PROVIDER_WEB_PAGE_SIGN_IN: where a browser signs in
 * @DNEVNIK_PROVIDER_WEB_PAGE_SFERUM: where the web diary links Сферум
 * @DNEVNIK_PROVIDER_WEB_PAGE_PASSPORT: the web diary's «Мой паспорт»
 *
 * The pages of a web diary the app opens for what it cannot do itself.
 */
typedef enum
{
  DNEVNIK_PROVIDER_WEB_PAGE_DIARY,
  DNEVNIK_PROVIDER_WEB_PAGE_SIGN_IN,
  DNEVNIK_PROVIDER_WEB_PAGE_SFERUM,
  DNEVNIK_PROVIDER_WEB_PAGE_PASSPORT,
} DnevnikProviderWebPage;

/**
 * DnevnikProviderDocument:
 * @DNEVNIK_PROVIDER_DOCUMENT_PROFILE: the student's profile
 * @DNEVNIK_PROVIDER_DOCUMENT_LINK_STATUS: whether the account is linked
 * @DNEVNIK_PROVIDER_DOCUMENT_LIBRARY: the school library
 * @DNEVNIK_PROVIDER_DOCUMENT_PORTFOLIO: the portfolio
 * @DNEVNIK_PROVIDER_DOCUMENT_LINK_HISTORY: links and unlinks, newest first
 * @DNEVNIK_PROVIDER_DOCUMENT_PERIODS: the periods of the school year
 *
 * The documents of one per student that %DNEVNIK_PROVIDER_CALL_FETCH
 * reads.
 */
typedef enum
{
  DNEVNIK_PROVIDER_DOCUMENT_PROFILE,
  DNEVNIK_PROVIDER_DOCUMENT_LINK_STATUS,
  DNEVNIK_PROVIDER_DOCUMENT_LIBRARY,
  DNEVNIK_PROVIDER_DOCUMENT_PORTFOLIO,
  DNEVNIK_PROVIDER_DOCUMENT_LINK_HISTORY,
  DNEVNIK_PROVIDER_DOCUMENT_PERIODS,
} DnevnikProviderDocument;

/**
 * DnevnikProviderOperation:
 * @DNEVNIK_PROVIDER_CALL_SIGN_IN: signs in with @login and @password; the
 *   document is an authentication reply: access and refresh tokens, their
 *   life in seconds and, if the server says it, the profile id
 * @DNEVNIK_PROVIDER_CALL_REFRESH: trades @refresh_token for new tokens (an
 *   authentication reply); UNAUTHORIZED means the session is over
 * @DNEVNIK_PROVIDER_CALL_SIGN_OUT: revokes the session of @access_token on
 *   the server; the document says nothing useful
 * @DNEVNIK_PROVIDER_CALL_FETCH: reads one of the student's documents,
 *   @document
 * @DNEVNIK_PROVIDER_CALL_FETCH_DIARY: reads the diary from @from to @to: a
 *   document with every date of the range, in order
 * @DNEVNIK_PROVIDER_CALL_LINK_START: starts linking to the Сферум profile
 *   of @phone (normalised, `+79161234567`); the document is the link
 *   request
 * @DNEVNIK_PROVIDER_CALL_LINK_RESEND: asks for a new code for @request_id;
 *   the document carries the new countdowns
 * @DNEVNIK_PROVIDER_CALL_LINK_CONFIRM: confirms @request_id with the @code
 *   of the SMS; the document is the new link status
 * @DNEVNIK_PROVIDER_CALL_UNLINK: removes the link; the document is the new
 *   link status
 * @DNEVNIK_PROVIDER_CALL_FETCH_MARKS: reads the marks of the period
 *   @period_id: every subject, its marks and its final mark
 *
 * The calls a #DnevnikProvider answers.
 */
typedef enum
{
  DNEVNIK_PROVIDER_CALL_SIGN_IN,
  DNEVNIK_PROVIDER_CALL_REFRESH,
  DNEVNIK_PROVIDER_CALL_SIGN_OUT,
  DNEVNIK_PROVIDER_CALL_FETCH,
  DNEVNIK_PROVIDER_CALL_FETCH_DIARY,
  DNEVNIK_PROVIDER_CALL_LINK_START,
  DNEVNIK_PROVIDER_CALL_LINK_RESEND,
  DNEVNIK_PROVIDER_CALL_LINK_CONFIRM,
  DNEVNIK_PROVIDER_CALL_UNLINK,
  DNEVNIK_PROVIDER_CALL_FETCH_MARKS,
} DnevnikProviderOperation;

/**
 * DnevnikProviderCall:
 * @operation: what to do
 * @access_token: the access token to send; every call but SIGN_IN and
 *   REFRESH needs one
 * @login: the student's login (SIGN_IN)
 * @password: the password (SIGN_IN)
 * @refresh_token: the refresh token of the session (REFRESH)
 * @document: which document (FETCH)
 * @from: the first date (FETCH_DIARY)
 * @to: the last date, not before @from (FETCH_DIARY)
 * @phone: the phone number (LINK_START)
 * @request_id: the id of a link request (LINK_RESEND, LINK_CONFIRM)
 * @code: the code from the SMS (LINK_CONFIRM)
 * @period_id: the id of a period of %DNEVNIK_PROVIDER_DOCUMENT_PERIODS
 *   (FETCH_MARKS)
 *
 * One call and its parameters; the members an operation does not use are
 * left zero.  It is only read while dnevnik_provider_call_async() runs, so
 * a caller may keep it on its stack.
 */
typedef struct
{
  DnevnikProviderOperation  operation;
  const char               *access_token;
  const char               *login;
  const char               *password;
  const char               *refresh_token;
  DnevnikProviderDocument   document;
  const GDate              *from;
  const GDate              *to;
  const char               *phone;
  const char               *request_id;
  const char               *code;
  const char               *period_id;
} DnevnikProviderCall;

/**
 * DnevnikProvider:
 *
 * What a diary server provides, whatever it speaks: signing in, refreshing
 * and revoking tokens, the student's documents, the diary, the marks by
 * period, and Сферум linking.  #DnevnikService runs the session, the offline copy and the
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
 *
 * An implementation has one `call_async` for every #DnevnikProviderCall:
 * a call it leaves out it answers with dnevnik_provider_return_unsupported().
 * dnevnik_provider_call_async() refuses the calls the provider's
 * capabilities do not cover before they reach it.  The default `finish`
 * takes a #GTask of the provider that returns the document as #GBytes.
 */
#define DNEVNIK_TYPE_PROVIDER (dnevnik_provider_get_type ())

G_DECLARE_INTERFACE (DnevnikProvider, dnevnik_provider, DNEVNIK, PROVIDER, GObject)

struct _DnevnikProviderInterface
{
  GTypeInterface parent_iface;

  const char                  *(*get_server)       (DnevnikProvider            *self);
  DnevnikProviderCapabilities  (*get_capabilities) (DnevnikProvider            *self);
  guint                        (*get_timeout)      (DnevnikProvider            *self);
  void                         (*set_timeout)      (DnevnikProvider            *self,
                                                    guint                       seconds);
  void                         (*call_async)       (DnevnikProvider            *self,
                                                    const DnevnikProviderCall  *call,
                                                    GCancellable               *cancellable,
                                                    GAsyncReadyCallback         callback,
                                                    gpointer                    user_data);
  GBytes                      *(*finish)           (DnevnikProvider            *self,
                                                    GAsyncResult               *result,
                                                    GError                    **error);
  char                        *(*dup_web_url)      (DnevnikProvider            *self,
                                                    DnevnikProviderWebPage      page);
  void                         (*get_web_cookies)  (DnevnikProvider            *self,
                                                    const char                **token_cookie,
                                                    const char                **refresh_cookie);
};

const char                  *dnevnik_provider_get_server         (DnevnikProvider              *self);
DnevnikProviderCapabilities  dnevnik_provider_get_capabilities   (DnevnikProvider              *self);
gboolean                     dnevnik_provider_can                (DnevnikProvider              *self,
                                                                  DnevnikProviderCapabilities   capabilities);
guint                        dnevnik_provider_get_timeout        (DnevnikProvider              *self);
void                         dnevnik_provider_set_timeout        (DnevnikProvider              *self,
                                                                  guint                         seconds);
void                         dnevnik_provider_call_async         (DnevnikProvider              *self,
                                                                  const DnevnikProviderCall    *call,
                                                                  GCancellable                 *cancellable,
                                                                  GAsyncReadyCallback           callback,
                                                                  gpointer                      user_data);
GBytes                      *dnevnik_provider_finish             (DnevnikProvider              *self,
                                                                  GAsyncResult                 *result,
                                                                  GError                      **error);
void                         dnevnik_provider_return_unsupported (DnevnikProvider              *self,
                                                                  GAsyncReadyCallback           callback,
                                                                  gpointer                      user_data);
char                        *dnevnik_provider_dup_web_url        (DnevnikProvider              *self,
                                                                  DnevnikProviderWebPage        page);
gboolean                     dnevnik_provider_get_web_cookies    (DnevnikProvider              *self,
                                                                  const char                  **token_cookie,
                                                                  const char                  **refresh_cookie);

G_END_DECLS
