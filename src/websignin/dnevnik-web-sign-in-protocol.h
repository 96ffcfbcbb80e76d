/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What dnevnik-web-sign-in and the app (DnevnikWebSignIn) agree on.
 *
 * The app runs the helper with
 *
 *   dnevnik-web-sign-in --start-url=URL --cookie-domain=HOST
 *                       --token-cookie=NAME [--refresh-cookie=NAME]
 *
 * Nothing secret goes in: the command line holds only the page to open and
 * the names of the cookies to wait for.  Once the token cookie appears, the
 * helper writes one line to its standard output (nothing else ever goes
 * there) and exits:
 *
 *   {"token": "…", "refresh_token": "…"}
 *
 * (`refresh_token` only when that cookie was set too).  Exit status 0
 * without a line: the student closed the window.
 */

/* The start URL or another argument breaks the URL policy (EX_USAGE). */
#define DNEVNIK_WEB_SIGN_IN_EXIT_REFUSED    64

/* The longest line the app reads: a JWT is a few KiB. */
#define DNEVNIK_WEB_SIGN_IN_MAX_LINE        (64 * 1024)

#define DNEVNIK_WEB_SIGN_IN_MEMBER_TOKEN    "token"
#define DNEVNIK_WEB_SIGN_IN_MEMBER_REFRESH  "refresh_token"
