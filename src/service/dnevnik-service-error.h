/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DNEVNIK_SERVICE_ERROR:
 *
 * The error domain of every failure a #DnevnikService reports, except
 * %G_IO_ERROR_CANCELLED (a cancelled call) and %G_IO_ERROR_INVALID_ARGUMENT
 * (a programming mistake such as a reversed date range).
 *
 * The `message` of such a #GError is a translated sentence meant for the
 * student: show it as it is.  What the server said in detail is logged with
 * g_debug(); its machine-readable parts are available through
 * dnevnik_service_error_get_server_code(),
 * dnevnik_service_error_get_retry_after() and
 * dnevnik_service_error_get_attempts_left().
 */
#define DNEVNIK_SERVICE_ERROR (dnevnik_service_error_quark ())

/**
 * DnevnikServiceError:
 * @DNEVNIK_SERVICE_ERROR_NETWORK: the server could not be reached
 * @DNEVNIK_SERVICE_ERROR_TIMEOUT: the server did not answer in time
 * @DNEVNIK_SERVICE_ERROR_UNAUTHORIZED: the session ended (token revoked or
 *   refresh failed); the student must sign in again
 * @DNEVNIK_SERVICE_ERROR_INVALID_CREDENTIALS: wrong login or password
 * @DNEVNIK_SERVICE_ERROR_INVALID_PHONE: not a Russian mobile number
 * @DNEVNIK_SERVICE_ERROR_ALREADY_LINKED: this diary account is linked already
 * @DNEVNIK_SERVICE_ERROR_MAX_ACCOUNT_TAKEN: the MAX account of that number is
 *   linked to another diary account
 * @DNEVNIK_SERVICE_ERROR_NOT_LINKED: there is no link to remove
 * @DNEVNIK_SERVICE_ERROR_UNKNOWN_REQUEST: the linking request is unknown or
 *   finished; start again
 * @DNEVNIK_SERVICE_ERROR_INVALID_CODE: wrong confirmation code (see
 *   dnevnik_service_error_get_attempts_left())
 * @DNEVNIK_SERVICE_ERROR_CODE_EXPIRED: the confirmation code expired
 * @DNEVNIK_SERVICE_ERROR_NO_ATTEMPTS_LEFT: too many wrong codes; start again
 * @DNEVNIK_SERVICE_ERROR_RATE_LIMITED: too many requests (see
 *   dnevnik_service_error_get_retry_after())
 * @DNEVNIK_SERVICE_ERROR_SERVER: the server failed (5xx)
 * @DNEVNIK_SERVICE_ERROR_PROTOCOL: the reply could not be understood
 * @DNEVNIK_SERVICE_ERROR_KEYRING: the keyring could not be used
 * @DNEVNIK_SERVICE_ERROR_INSECURE_URL: the server address is not allowed
 *   (plain `http://` to a host other than this computer, or not a web address)
 *
 * The failures a #DnevnikService reports, one per thing a student can do
 * something about.
 */
typedef enum
{
  DNEVNIK_SERVICE_ERROR_NETWORK,
  DNEVNIK_SERVICE_ERROR_TIMEOUT,
  DNEVNIK_SERVICE_ERROR_UNAUTHORIZED,
  DNEVNIK_SERVICE_ERROR_INVALID_CREDENTIALS,
  DNEVNIK_SERVICE_ERROR_INVALID_PHONE,
  DNEVNIK_SERVICE_ERROR_ALREADY_LINKED,
  DNEVNIK_SERVICE_ERROR_MAX_ACCOUNT_TAKEN,
  DNEVNIK_SERVICE_ERROR_NOT_LINKED,
  DNEVNIK_SERVICE_ERROR_UNKNOWN_REQUEST,
  DNEVNIK_SERVICE_ERROR_INVALID_CODE,
  DNEVNIK_SERVICE_ERROR_CODE_EXPIRED,
  DNEVNIK_SERVICE_ERROR_NO_ATTEMPTS_LEFT,
  DNEVNIK_SERVICE_ERROR_RATE_LIMITED,
  DNEVNIK_SERVICE_ERROR_SERVER,
  DNEVNIK_SERVICE_ERROR_PROTOCOL,
  DNEVNIK_SERVICE_ERROR_KEYRING,
  DNEVNIK_SERVICE_ERROR_INSECURE_URL,
} DnevnikServiceError;

/**
 * DNEVNIK_SERVICE_ERROR_N_CODES:
 *
 * The number of #DnevnikServiceError codes (for tests that walk them all).
 */
#define DNEVNIK_SERVICE_ERROR_N_CODES (DNEVNIK_SERVICE_ERROR_INSECURE_URL + 1)

GQuark       dnevnik_service_error_quark             (void);

const char  *dnevnik_service_error_get_message       (DnevnikServiceError  code);
const char  *dnevnik_service_error_get_msgid         (DnevnikServiceError  code);

GError      *dnevnik_service_error_new               (DnevnikServiceError  code,
                                                      const char          *server_code,
                                                      int                  retry_after,
                                                      int                  attempts_left);
GError      *dnevnik_service_error_new_service_changed (void);

const char  *dnevnik_service_error_get_server_code   (const GError        *error);
int          dnevnik_service_error_get_retry_after   (const GError        *error);
int          dnevnik_service_error_get_attempts_left (const GError        *error);

G_END_DECLS
