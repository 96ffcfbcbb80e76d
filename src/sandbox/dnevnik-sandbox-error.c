/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include <libsoup/soup.h>

#include "dnevnik-sandbox-error.h"

typedef struct
{
  gint64 retry_after;   /* seconds, or -1 */
  int    attempts_left; /* or -1 */
} DnevnikSandboxErrorPrivate;

static void
dnevnik_sandbox_error_private_init (DnevnikSandboxErrorPrivate *priv)
{
  priv->retry_after = -1;
  priv->attempts_left = -1;
}

static void
dnevnik_sandbox_error_private_copy (const DnevnikSandboxErrorPrivate *src,
                                    DnevnikSandboxErrorPrivate       *dest)
{
  *dest = *src;
}

static void
dnevnik_sandbox_error_private_clear (DnevnikSandboxErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (DnevnikSandboxError, dnevnik_sandbox_error)

static const struct
{
  guint       status;
  const char *code;
} error_table[] = {
  [DNEVNIK_SANDBOX_ERROR_BAD_REQUEST]             = { SOUP_STATUS_BAD_REQUEST, "bad_request" },
  [DNEVNIK_SANDBOX_ERROR_INVALID_TOKEN]           = { SOUP_STATUS_UNAUTHORIZED, "invalid_token" },
  [DNEVNIK_SANDBOX_ERROR_NOT_FOUND]               = { SOUP_STATUS_NOT_FOUND, "not_found" },
  [DNEVNIK_SANDBOX_ERROR_METHOD_NOT_ALLOWED]      = { SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed" },
  [DNEVNIK_SANDBOX_ERROR_PAYLOAD_TOO_LARGE]       = { SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large" },
  [DNEVNIK_SANDBOX_ERROR_INTERNAL]                = { SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal" },
  [DNEVNIK_SANDBOX_ERROR_INVALID_CREDENTIALS]     = { SOUP_STATUS_UNAUTHORIZED, "invalid_credentials" },
  [DNEVNIK_SANDBOX_ERROR_TOO_MANY_ATTEMPTS]       = { 429, "too_many_attempts" },
  [DNEVNIK_SANDBOX_ERROR_BAD_RANGE]               = { SOUP_STATUS_BAD_REQUEST, "bad_range" },
  [DNEVNIK_SANDBOX_ERROR_INVALID_PHONE]           = { SOUP_STATUS_BAD_REQUEST, "invalid_phone" },
  [DNEVNIK_SANDBOX_ERROR_ALREADY_LINKED]          = { SOUP_STATUS_CONFLICT, "already_linked" },
  [DNEVNIK_SANDBOX_ERROR_MAX_ACCOUNT_TAKEN]       = { SOUP_STATUS_CONFLICT, "max_account_taken" },
  [DNEVNIK_SANDBOX_ERROR_TOO_MANY_REQUESTS]       = { 429, "too_many_requests" },
  [DNEVNIK_SANDBOX_ERROR_UNKNOWN_REQUEST]         = { SOUP_STATUS_NOT_FOUND, "unknown_request" },
  [DNEVNIK_SANDBOX_ERROR_RESEND_TOO_EARLY]        = { 429, "resend_too_early" },
  [DNEVNIK_SANDBOX_ERROR_INVALID_CODE]            = { SOUP_STATUS_BAD_REQUEST, "invalid_code" },
  [DNEVNIK_SANDBOX_ERROR_CODE_EXPIRED]            = { SOUP_STATUS_GONE, "code_expired" },
  [DNEVNIK_SANDBOX_ERROR_NO_ATTEMPTS_LEFT]        = { 429, "no_attempts_left" },
  [DNEVNIK_SANDBOX_ERROR_NOT_LINKED]              = { SOUP_STATUS_NOT_FOUND, "not_linked" },
  [DNEVNIK_SANDBOX_ERROR_WRONG_HOST]              = { SOUP_STATUS_MISDIRECTED_REQUEST, "wrong_host" },
  [DNEVNIK_SANDBOX_ERROR_FOREIGN_ORIGIN]          = { SOUP_STATUS_FORBIDDEN, "foreign_origin" },
  [DNEVNIK_SANDBOX_ERROR_UNSUPPORTED_MEDIA_TYPE]  = { SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (error_table) == DNEVNIK_SANDBOX_ERROR_UNSUPPORTED_MEDIA_TYPE + 1);

/* Errors of other domains (sqlite, I/O) are the server's own fault. */
static guint
table_index (const GError *error)
{
  if (error->domain != DNEVNIK_SANDBOX_ERROR ||
      error->code < 0 || (gsize) error->code >= G_N_ELEMENTS (error_table))
    return DNEVNIK_SANDBOX_ERROR_INTERNAL;

  return error->code;
}

/**
 * dnevnik_sandbox_error_get_status:
 * @error: any error
 *
 * Returns: the HTTP status that reports @error
 */
guint
dnevnik_sandbox_error_get_status (const GError *error)
{
  g_return_val_if_fail (error != NULL, SOUP_STATUS_INTERNAL_SERVER_ERROR);

  return error_table[table_index (error)].status;
}

/**
 * dnevnik_sandbox_error_get_code:
 * @error: any error
 *
 * Returns: the contract's error code for @error, "internal" for errors of
 *   other domains
 */
const char *
dnevnik_sandbox_error_get_code (const GError *error)
{
  g_return_val_if_fail (error != NULL, "internal");

  return error_table[table_index (error)].code;
}

/**
 * dnevnik_sandbox_error_get_retry_after:
 *
 * Returns: the seconds after which a retry may succeed, or -1
 */
gint64
dnevnik_sandbox_error_get_retry_after (const GError *error)
{
  DnevnikSandboxErrorPrivate *priv = dnevnik_sandbox_error_get_private (error);

  return priv != NULL ? priv->retry_after : -1;
}

/**
 * dnevnik_sandbox_error_get_attempts_left:
 *
 * Returns: the confirmation attempts left, or -1
 */
int
dnevnik_sandbox_error_get_attempts_left (const GError *error)
{
  DnevnikSandboxErrorPrivate *priv = dnevnik_sandbox_error_get_private (error);

  return priv != NULL ? priv->attempts_left : -1;
}

/* Sets @error to @code; returns its details to fill in, or %NULL without
 * an @error */
static DnevnikSandboxErrorPrivate *
set_error_with_details (GError              **error,
                        DnevnikSandboxError   code,
                        const char           *message)
{
  if (error == NULL)
    return NULL;

  g_set_error_literal (error, DNEVNIK_SANDBOX_ERROR, code, message);
  return dnevnik_sandbox_error_get_private (*error);
}

/**
 * dnevnik_sandbox_refuse:
 *
 * Sets @error to @code.
 *
 * Returns: %FALSE, for `return dnevnik_sandbox_refuse (…);`
 */
gboolean
dnevnik_sandbox_refuse (GError              **error,
                        DnevnikSandboxError   code,
                        const char           *message)
{
  g_set_error_literal (error, DNEVNIK_SANDBOX_ERROR, code, message);
  return FALSE;
}

/**
 * dnevnik_sandbox_set_error_retry_after:
 * @retry_after: seconds; rounded up to at least 1, since 0 would invite
 *   an immediate retry that fails again
 *
 * Sets @error to @code with a retry_after detail.
 */
void
dnevnik_sandbox_set_error_retry_after (GError             **error,
                                       DnevnikSandboxError  code,
                                       gint64               retry_after,
                                       const char          *message)
{
  DnevnikSandboxErrorPrivate *priv = set_error_with_details (error, code, message);

  if (priv != NULL)
    priv->retry_after = MAX (retry_after, 1);
}

/**
 * dnevnik_sandbox_set_error_attempts_left:
 *
 * Sets @error to @code with an attempts_left detail.
 */
void
dnevnik_sandbox_set_error_attempts_left (GError             **error,
                                         DnevnikSandboxError  code,
                                         int                  attempts_left,
                                         const char          *message)
{
  DnevnikSandboxErrorPrivate *priv = set_error_with_details (error, code, message);

  if (priv != NULL)
    priv->attempts_left = attempts_left;
}
