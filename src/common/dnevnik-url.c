/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-common"

#include "config.h"

#include "dnevnik-url.h"

static int
port_or_default (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port != -1)
    return port;

  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

/**
 * dnevnik_url_is_loopback_host:
 * @host: a host name or address, as in a URL (IPv6 without brackets)
 *
 * Returns: whether @host is `localhost` or a loopback address
 *   (127.0.0.0/8, ::1)
 */
gboolean
dnevnik_url_is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  g_return_val_if_fail (host != NULL, FALSE);

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * dnevnik_url_is_allowed:
 * @url: an address
 * @flags: %DNEVNIK_URL_POLICY_BASE for a server's base address
 * @out_reason: (out) (optional) (transfer none): why @url was refused, in
 *   English, for the debug log
 *
 * Returns: whether @url passes the policy described at the top of
 *   dnevnik-url.h
 */
gboolean
dnevnik_url_is_allowed (const char             *url,
                        DnevnikUrlPolicyFlags   flags,
                        const char            **out_reason)
{
  g_autoptr(GUri) uri = NULL;
  const char *reason = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (url != NULL, FALSE);

  for (const char *p = url; *p != '\0' && reason == NULL; p++)
    if (*p <= ' ' || *p > '~')
      reason = "not printable ASCII";

  if (reason == NULL)
    {
      uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
      if (uri == NULL || (host = g_uri_get_host (uri)) == NULL || *host == '\0')
        reason = "not an absolute address with a host";
      else if (g_uri_get_userinfo (uri) != NULL)
        reason = "has userinfo, which hides the real host";
      else if ((flags & DNEVNIK_URL_POLICY_BASE) != 0 &&
               (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL))
        reason = "a base address with a query or fragment";
      else if (g_ascii_strcasecmp ((scheme = g_uri_get_scheme (uri)), "https") == 0)
        reason = NULL;
      else if (g_ascii_strcasecmp (scheme, "http") != 0)
        reason = "not a web address";
      else if (!dnevnik_url_is_loopback_host (host))
        reason = "plain http to another computer";
    }

  if (out_reason != NULL)
    *out_reason = reason;

  return reason == NULL;
}

/**
 * dnevnik_url_same_origin:
 * @a: an absolute URI
 * @b: another
 *
 * Returns: whether @a and @b have the same scheme, host and port (the
 *   port a scheme implies counts as given)
 */
gboolean
dnevnik_url_same_origin (GUri *a,
                         GUri *b)
{
  const char *host_a, *host_b;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  host_a = g_uri_get_host (a);
  host_b = g_uri_get_host (b);

  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         host_a != NULL && host_b != NULL && g_ascii_strcasecmp (host_a, host_b) == 0 &&
         port_or_default (a) == port_or_default (b);
}
