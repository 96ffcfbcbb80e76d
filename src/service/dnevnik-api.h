/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* DnevnikApi: the HTTP half of the service.  Internal.
 *
 * One SoupSession for one server.  It sends a request, reads the whole
 * reply (bounded while it is read, not after), follows redirects only
 * within the server's origin, and turns every failure into a
 * DNEVNIK_SERVICE_ERROR:
 * transport failures into NETWORK/TIMEOUT, error replies into the code the
 * server's `error.code` names (API.md).  It knows nothing of sessions: the
 * caller passes the access token to use, if any.
 */

/* Replies are small; past this the server is not a diary talking. */
#define DNEVNIK_API_MAX_BODY_SIZE       (4 * 1024 * 1024)
#define DNEVNIK_API_READ_CHUNK_SIZE     (64 * 1024)
/* Same-origin redirects followed for one request. */
#define DNEVNIK_API_MAX_REDIRECTS       3
#define DNEVNIK_API_MAX_CONNS_PER_HOST  8
#define DNEVNIK_API_DEFAULT_TIMEOUT     30

#define DNEVNIK_TYPE_API (dnevnik_api_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikApi, dnevnik_api, DNEVNIK, API, GObject)

DnevnikApi  *dnevnik_api_new             (const char           *base_url,
                                          GError              **error);
const char  *dnevnik_api_get_base_url    (DnevnikApi           *self);
void         dnevnik_api_set_timeout     (DnevnikApi           *self,
                                          guint                 seconds);
guint        dnevnik_api_get_timeout     (DnevnikApi           *self);
void         dnevnik_api_send_async      (DnevnikApi           *self,
                                          const char           *method,
                                          const char           *path,
                                          GBytes               *json_body,
                                          const char           *access_token,
                                          SoupMessageHeaders   *headers,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
GBytes      *dnevnik_api_send_finish     (DnevnikApi           *self,
                                          GAsyncResult         *result,
                                          GError              **error);

gboolean     dnevnik_api_check_url       (const char           *base_url,
                                          GError              **error);
char        *dnevnik_api_redact          (const char           *text);
GBytes      *dnevnik_api_build_body      (const char           *first_member,
                                          ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
