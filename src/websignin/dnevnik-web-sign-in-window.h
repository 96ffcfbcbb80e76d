/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <webkit/webkit.h>

G_BEGIN_DECLS

/**
 * DnevnikWebSignInWindow:
 *
 * The diary's own sign-in page in a web view of an ephemeral network
 * session (the caller's: it must outlive every WebKit object of the
 * window, see main.c), under a line that says what the app receives.  It emits
 * #DnevnikWebSignInWindow::signed-in when the token cookie appears.
 */
#define DNEVNIK_TYPE_WEB_SIGN_IN_WINDOW (dnevnik_web_sign_in_window_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikWebSignInWindow, dnevnik_web_sign_in_window, DNEVNIK, WEB_SIGN_IN_WINDOW, AdwApplicationWindow)

GtkWidget *dnevnik_web_sign_in_window_new (GtkApplication       *application,
                                           WebKitNetworkSession *network_session,
                                           const char           *start_url,
                                           const char           *cookie_uri,
                                           const char           *token_cookie,
                                           const char           *refresh_cookie);

G_END_DECLS
