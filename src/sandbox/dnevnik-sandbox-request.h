/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* What a request must be before a handler sees it, checked on the raw
 * message: its body bounded while it is read, its Host and Origin those
 * of this loopback server, its path and query valid UTF-8 without NUL,
 * and JSON sent as JSON.  Every refusal is a GError of
 * DNEVNIK_SANDBOX_ERROR in the contract's error shape (API.md).
 */

#define DNEVNIK_SANDBOX_MAX_BODY (64 * 1024)

/* Called when a body grows over the limit, as it is refused with a 413. */
typedef void (*DnevnikSandboxRequestRefusedFunc) (SoupServerMessage *msg,
                                                  gpointer           user_data);

void      dnevnik_sandbox_request_watch           (SoupServerMessage                 *msg,
                                                   DnevnikSandboxRequestRefusedFunc   refused,
                                                   gpointer                           user_data);
GBytes   *dnevnik_sandbox_request_get_body        (SoupServerMessage                 *msg);
gboolean  dnevnik_sandbox_request_check_site      (SoupServerMessage                 *msg,
                                                   guint                              port,
                                                   GError                           **error);
gboolean  dnevnik_sandbox_request_check_target    (SoupServerMessage                 *msg,
                                                   const char                        *path,
                                                   GHashTable                        *query,
                                                   GError                           **error);
gboolean  dnevnik_sandbox_request_check_size      (SoupServerMessage                 *msg,
                                                   GError                           **error);
gboolean  dnevnik_sandbox_request_check_json_type (SoupServerMessage                 *msg,
                                                   GError                           **error);
gboolean  dnevnik_sandbox_request_check_text      (const char                        *data,
                                                   gsize                              size,
                                                   GError                           **error);
void      dnevnik_sandbox_request_refuse          (SoupServerMessage                 *msg,
                                                   const GError                      *error);
void      dnevnik_sandbox_request_set_error       (SoupServerMessage                 *msg,
                                                   const GError                      *error);
void      dnevnik_sandbox_request_drop            (SoupServerMessage                 *msg);

G_END_DECLS
