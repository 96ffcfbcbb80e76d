/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the sign-in view may go: the app's URL policy (dnevnik-url.h),
 * narrowed to `https://` in release builds.  Plain `http://` to this
 * computer is for the tests' fake sign-in page, so only development
 * builds allow it. */

gboolean dnevnik_web_sign_in_policy_allows_url         (const char *url);
gboolean dnevnik_web_sign_in_policy_allows_cookie_host (const char *host);
gboolean dnevnik_web_sign_in_policy_allows_cookie_name (const char *name);
char    *dnevnik_web_sign_in_policy_cookie_uri         (const char *host);

G_END_DECLS
