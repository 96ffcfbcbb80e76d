/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <webkit/webkit.h>

G_BEGIN_DECLS

/**
 * DnevnikCookieWatch:
 *
 * Waits for the diary's token cookie to appear in a cookie manager and
 * emits #DnevnikCookieWatch::found once, with its value and that of the
 * refresh cookie.  It looks at cookies only: never at the page or its
 * form.
 */
#define DNEVNIK_TYPE_COOKIE_WATCH (dnevnik_cookie_watch_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikCookieWatch, dnevnik_cookie_watch, DNEVNIK, COOKIE_WATCH, GObject)

DnevnikCookieWatch *dnevnik_cookie_watch_new   (WebKitCookieManager *manager,
                                                const char          *cookie_uri,
                                                const char          *token_cookie,
                                                const char          *refresh_cookie);
void                dnevnik_cookie_watch_check (DnevnikCookieWatch  *self);

G_END_DECLS
