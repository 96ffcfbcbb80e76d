/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Everything secret the sandbox makes or checks: random bytes from the
 * kernel (getrandom), PBKDF2-HMAC-SHA256 password hashes from nettle, and
 * SHA-256 digests of tokens, so that the database never holds a usable one.
 */

#define DNEVNIK_SANDBOX_DEFAULT_KDF_ITERATIONS 100000

void      dnevnik_sandbox_random_bytes      (guint8     *buffer,
                                             gsize       length);
char     *dnevnik_sandbox_random_token      (void);
char     *dnevnik_sandbox_random_hex        (gsize       n_bytes);
char     *dnevnik_sandbox_random_digits     (guint       n_digits);
char     *dnevnik_sandbox_sha256_hex        (const char *text);
char     *dnevnik_sandbox_password_hash     (const char *password,
                                             guint       iterations);
gboolean  dnevnik_sandbox_password_verify   (const char *password,
                                             const char *stored);
gboolean  dnevnik_sandbox_secure_str_equal  (const char *a,
                                             const char *b);

G_END_DECLS
