/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include "dnevnik-url.h"
#include "dnevnik-web-sign-in-policy.h"

static gboolean
scheme_is_https (const char *url)
{
  return g_ascii_strncasecmp (url, "https:", 6) == 0;
}

/**
 * dnevnik_web_sign_in_policy_allows_url:
 * @url: an address the view is asked to open
 *
 * Returns: whether the sign-in view may open @url
 */
gboolean
dnevnik_web_sign_in_policy_allows_url (const char *url)
{
  const char *reason = NULL;

  g_return_val_if_fail (url != NULL, FALSE);

  if (!dnevnik_url_is_allowed (url, DNEVNIK_URL_POLICY_DEFAULT, &reason))
    {
      g_debug ("Refused a sign-in address: %s", reason);
      return FALSE;
    }

  if (!DEVELOPMENT_BUILD && !scheme_is_https (url))
    {
      g_debug ("Refused a sign-in address: plain http in a release build");
      return FALSE;
    }

  return TRUE;
}

/**
 * dnevnik_web_sign_in_policy_cookie_uri:
 * @host: the host that receives the token cookie
 *
 * Returns: (transfer full): the address whose cookies are read: https,
 *   or plain http for a loopback host (tests, development builds)
 */
char *
dnevnik_web_sign_in_policy_cookie_uri (const char *host)
{
  g_return_val_if_fail (host != NULL, NULL);

  if (DEVELOPMENT_BUILD && dnevnik_url_is_loopback_host (host))
    return g_strdup_printf ("http://%s/", host);

  return g_strdup_printf ("https://%s/", host);
}

/**
 * dnevnik_web_sign_in_policy_allows_cookie_host:
 * @host: a host name, as given on the command line
 *
 * Returns: whether @host is a plain host name (letters, digits, dots and
 *   dashes) whose cookie address passes the policy
 */
gboolean
dnevnik_web_sign_in_policy_allows_cookie_host (const char *host)
{
  g_autofree char *uri = NULL;

  g_return_val_if_fail (host != NULL, FALSE);

  if (*host == '\0')
    return FALSE;

  for (const char *p = host; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-')
      return FALSE;

  uri = dnevnik_web_sign_in_policy_cookie_uri (host);
  return dnevnik_web_sign_in_policy_allows_url (uri);
}

/**
 * dnevnik_web_sign_in_policy_allows_cookie_name:
 * @name: a cookie name, as given on the command line
 *
 * Returns: whether @name is a non-empty run of letters, digits, `_` and `-`
 */
gboolean
dnevnik_web_sign_in_policy_allows_cookie_name (const char *name)
{
  g_return_val_if_fail (name != NULL, FALSE);

  if (*name == '\0')
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;

  return TRUE;
}
