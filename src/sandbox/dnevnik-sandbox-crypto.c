/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <nettle/memops.h>
#include <nettle/pbkdf2.h>
#include <nettle/sha2.h>

#include "dnevnik-sandbox-crypto.h"

#define SALT_BYTES 16
#define KEY_BYTES 32
#define TOKEN_BYTES 32
#define HASH_SCHEME "pbkdf2-sha256"

/**
 * dnevnik_sandbox_random_bytes:
 *
 * Fills @buffer from the kernel's cryptographic generator.  There is no
 * fallback: a sandbox that cannot get randomness must not hand out
 * guessable tokens, so it aborts.
 */
void
dnevnik_sandbox_random_bytes (guint8 *buffer,
                              gsize   length)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        g_error ("getrandom: %s", g_strerror (errno));

      done += n;
    }
}

/* base64url without padding, the usual alphabet for tokens in headers */
static char *
base64url (const guint8 *data,
           gsize         length)
{
  char *text = g_base64_encode (data, length);
  char *end;

  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }

  end = strchr (text, '=');
  if (end != NULL)
    *end = '\0';

  return text;
}

/**
 * dnevnik_sandbox_random_token:
 *
 * Returns: (transfer full): 32 random bytes as base64url (43 characters)
 */
char *
dnevnik_sandbox_random_token (void)
{
  guint8 bytes[TOKEN_BYTES];

  dnevnik_sandbox_random_bytes (bytes, sizeof bytes);
  return base64url (bytes, sizeof bytes);
}

static char *
hex (const guint8 *data,
     gsize         length)
{
  GString *out = g_string_sized_new (length * 2);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (out, "%02x", data[i]);

  return g_string_free (out, FALSE);
}

/**
 * dnevnik_sandbox_random_hex:
 *
 * Returns: (transfer full): @n_bytes random bytes in hexadecimal
 */
char *
dnevnik_sandbox_random_hex (gsize n_bytes)
{
  g_autofree guint8 *bytes = g_malloc (n_bytes);

  dnevnik_sandbox_random_bytes (bytes, n_bytes);
  return hex (bytes, n_bytes);
}

/**
 * dnevnik_sandbox_random_digits:
 * @n_digits: how many digits, 1 to 9
 *
 * Returns: (transfer full): a uniformly random number of @n_digits
 *   digits, leading zeros included (a confirmation code)
 */
char *
dnevnik_sandbox_random_digits (guint n_digits)
{
  guint32 limit = 1;
  guint32 value;

  g_return_val_if_fail (n_digits >= 1 && n_digits <= 9, NULL);

  for (guint i = 0; i < n_digits; i++)
    limit *= 10;

  /* Reject the top of the range so that every code is equally likely. */
  do
    dnevnik_sandbox_random_bytes ((guint8 *) &value, sizeof value);
  while (value >= G_MAXUINT32 - (G_MAXUINT32 % limit));

  return g_strdup_printf ("%0*u", (int) n_digits, value % limit);
}

/**
 * dnevnik_sandbox_sha256_hex:
 *
 * Returns: (transfer full): the SHA-256 digest of @text in hexadecimal;
 *   tokens are stored as this
 */
char *
dnevnik_sandbox_sha256_hex (const char *text)
{
  struct sha256_ctx ctx;
  guint8 digest[SHA256_DIGEST_SIZE];

  sha256_init (&ctx);
  sha256_update (&ctx, strlen (text), (const guint8 *) text);
  sha256_digest (&ctx, sizeof digest, digest);

  return hex (digest, sizeof digest);
}

static void
derive (const char   *password,
        guint         iterations,
        const guint8 *salt,
        gsize         salt_length,
        guint8        key[KEY_BYTES])
{
  pbkdf2_hmac_sha256 (strlen (password), (const guint8 *) password,
                      iterations, salt_length, salt, KEY_BYTES, key);
}

/**
 * dnevnik_sandbox_password_hash:
 * @iterations: PBKDF2 iterations
 *
 * Returns: (transfer full): "pbkdf2-sha256$ITERATIONS$SALT$KEY" with a
 *   random salt, salt and key in base64
 */
char *
dnevnik_sandbox_password_hash (const char *password,
                               guint       iterations)
{
  guint8 salt[SALT_BYTES];
  guint8 key[KEY_BYTES];
  g_autofree char *salt64 = NULL;
  g_autofree char *key64 = NULL;

  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (iterations > 0, NULL);

  dnevnik_sandbox_random_bytes (salt, sizeof salt);
  derive (password, iterations, salt, sizeof salt, key);

  salt64 = g_base64_encode (salt, sizeof salt);
  key64 = g_base64_encode (key, sizeof key);
  return g_strdup_printf (HASH_SCHEME "$%u$%s$%s", iterations, salt64, key64);
}

/**
 * dnevnik_sandbox_password_verify:
 * @stored: what dnevnik_sandbox_password_hash() returned
 *
 * Returns: whether @password matches @stored; the keys are compared in
 *   constant time
 */
gboolean
dnevnik_sandbox_password_verify (const char *password,
                                 const char *stored)
{
  g_auto(GStrv) parts = NULL;
  g_autofree guint8 *salt = NULL;
  g_autofree guint8 *expected = NULL;
  guint8 key[KEY_BYTES];
  gsize salt_length;
  gsize expected_length;
  guint64 iterations;

  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (stored != NULL, FALSE);

  parts = g_strsplit (stored, "$", -1);
  if (g_strv_length (parts) != 4 || !g_str_equal (parts[0], HASH_SCHEME) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXUINT32, &iterations, NULL))
    return FALSE;

  salt = g_base64_decode (parts[2], &salt_length);
  expected = g_base64_decode (parts[3], &expected_length);
  if (salt_length == 0 || expected_length != KEY_BYTES)
    return FALSE;

  derive (password, iterations, salt, salt_length, key);
  return memeql_sec (key, expected, KEY_BYTES);
}

/**
 * dnevnik_sandbox_secure_str_equal:
 *
 * Compares two secrets (codes) in time that does not depend on where they
 * differ.
 */
gboolean
dnevnik_sandbox_secure_str_equal (const char *a,
                                  const char *b)
{
  gsize length = strlen (a);

  if (length != strlen (b))
    return FALSE;

  return memeql_sec (a, b, length);
}
