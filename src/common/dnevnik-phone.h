/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Russian mobile numbers, the one set of rules the app and the sandbox share.
 *
 * A valid number is a Russian mobile number, +7 followed by ten digits the
 * first of which is 9.  People type and paste it in many forms: "8 916 …",
 * "+7 (916) 123-45-67", "9161234567", "7-916-…".  Spaces, brackets, dashes
 * and dots are formatting; any other character makes the input invalid.
 */

#define DNEVNIK_PHONE_NATIONAL_DIGITS 10

char     *dnevnik_phone_normalize        (const char *input);
gboolean  dnevnik_phone_is_valid         (const char *input);
char     *dnevnik_phone_extract_national (const char *input);
char     *dnevnik_phone_format_national  (const char *national);
char     *dnevnik_phone_format           (const char *e164);
char     *dnevnik_phone_mask             (const char *e164);

G_END_DECLS
