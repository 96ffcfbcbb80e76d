/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every way a request can fail, each one HTTP status and one error "code"
 * of the contract (API.md).  Some carry extra detail in the error's private
 * data: retry_after (seconds) and attempts_left.
 */
typedef enum
{
  DNEVNIK_SANDBOX_ERROR_BAD_REQUEST,
  DNEVNIK_SANDBOX_ERROR_INVALID_TOKEN,
  DNEVNIK_SANDBOX_ERROR_NOT_FOUND,
  DNEVNIK_SANDBOX_ERROR_METHOD_NOT_ALLOWED,
  DNEVNIK_SANDBOX_ERROR_PAYLOAD_TOO_LARGE,
  DNEVNIK_SANDBOX_ERROR_INTERNAL,
  DNEVNIK_SANDBOX_ERROR_INVALID_CREDENTIALS,
  DNEVNIK_SANDBOX_ERROR_TOO_MANY_ATTEMPTS,
  DNEVNIK_SANDBOX_ERROR_BAD_RANGE,
  DNEVNIK_SANDBOX_ERROR_INVALID_PHONE,
  DNEVNIK_SANDBOX_ERROR_ALREADY_LINKED,
  DNEVNIK_SANDBOX_ERROR_MAX_ACCOUNT_TAKEN,
  DNEVNIK_SANDBOX_ERROR_TOO_MANY_REQUESTS,
  DNEVNIK_SANDBOX_ERROR_UNKNOWN_REQUEST,
  DNEVNIK_SANDBOX_ERROR_RESEND_TOO_EARLY,
  DNEVNIK_SANDBOX_ERROR_INVALID_CODE,
  DNEVNIK_SANDBOX_ERROR_CODE_EXPIRED,
  DNEVNIK_SANDBOX_ERROR_NO_ATTEMPTS_LEFT,
  DNEVNIK_SANDBOX_ERROR_NOT_LINKED,
  DNEVNIK_SANDBOX_ERROR_WRONG_HOST,
  DNEVNIK_SANDBOX_ERROR_FOREIGN_ORIGIN,
  DNEVNIK_SANDBOX_ERROR_UNSUPPORTED_MEDIA_TYPE,
} DnevnikSandboxError;

#define DNEVNIK_SANDBOX_ERROR (dnevnik_sandbox_error_quark ())

GQuark      dnevnik_sandbox_error_quark             (void);
guint       dnevnik_sandbox_error_get_status        (const GError *error);
const char *dnevnik_sandbox_error_get_code          (const GError *error);
gint64      dnevnik_sandbox_error_get_retry_after   (const GError *error);
int         dnevnik_sandbox_error_get_attempts_left (const GError *error);
gboolean    dnevnik_sandbox_refuse                  (GError      **error,
                                                     DnevnikSandboxError code,
                                                     const char   *message);
void        dnevnik_sandbox_set_error_retry_after   (GError      **error,
                                                     DnevnikSandboxError code,
                                                     gint64        retry_after,
                                                     const char   *message);
void        dnevnik_sandbox_set_error_attempts_left (GError      **error,
                                                     DnevnikSandboxError code,
                                                     int           attempts_left,
                                                     const char   *message);

G_END_DECLS
