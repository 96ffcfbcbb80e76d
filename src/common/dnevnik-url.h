/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The one rule for web addresses: the diary server's own address, and
 * every address a server hands out for the app to open.
 *
 * Allowed: `https://` without userinfo, and plain `http://` only to this
 * computer (localhost, 127.0.0.0/8, ::1).  Only printable ASCII: a host
 * name in another script comes as punycode, and a character that is not
 * ASCII could only disguise where the address goes.
 */

typedef enum
{
  DNEVNIK_URL_POLICY_DEFAULT  = 0,
  /* A base address: a query or a fragment would end up inside every path. */
  DNEVNIK_URL_POLICY_BASE     = 1 << 0,
} DnevnikUrlPolicyFlags;

gboolean  dnevnik_url_is_allowed        (const char             *url,
                                         DnevnikUrlPolicyFlags   flags,
                                         const char            **out_reason);
gboolean  dnevnik_url_is_loopback_host  (const char             *host);
gboolean  dnevnik_url_same_origin       (GUri                   *a,
                                         GUri                   *b);

G_END_DECLS
