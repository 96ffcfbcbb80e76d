/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DnevnikWebSignIn:
 *
 * Runs dnevnik-web-sign-in, the diary's own sign-in page in a window of
 * its own process, and hands back the token it received.  WebKit never
 * loads into the app.
 */
#define DNEVNIK_TYPE_WEB_SIGN_IN (dnevnik_web_sign_in_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikWebSignIn, dnevnik_web_sign_in, DNEVNIK, WEB_SIGN_IN, GObject)

char             *dnevnik_web_sign_in_find_binary    (void);
DnevnikWebSignIn *dnevnik_web_sign_in_new            (const char           *binary);
void              dnevnik_web_sign_in_set_time_limit (DnevnikWebSignIn     *self,
                                                      guint                 seconds);
void              dnevnik_web_sign_in_run_async      (DnevnikWebSignIn     *self,
                                                      const char           *start_url,
                                                      const char           *cookie_domain,
                                                      const char           *token_cookie,
                                                      const char           *refresh_cookie,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean          dnevnik_web_sign_in_run_finish     (DnevnikWebSignIn     *self,
                                                      GAsyncResult         *result,
                                                      char                **out_token,
                                                      char                **out_refresh_token,
                                                      GError              **error);

G_END_DECLS
