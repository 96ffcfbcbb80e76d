/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-service-error.h"

/* The server's detail travels inside the GError itself (an extended error
 * domain, GLib 2.68), so it survives g_task_return_error(), g_error_copy()
 * and g_propagate_error() without a side table to keep in sync.
 */
typedef struct
{
  char *server_code;
  int   retry_after;
  int   attempts_left;
} DnevnikServiceErrorPrivate;

static void
dnevnik_service_error_private_init (DnevnikServiceErrorPrivate *priv)
{
  priv->server_code = NULL;
  priv->retry_after = -1;
  priv->attempts_left = -1;
}

static void
dnevnik_service_error_private_copy (const DnevnikServiceErrorPrivate *src,
                                    DnevnikServiceErrorPrivate       *dest)
{
  dest->server_code = g_strdup (src->server_code);
  dest->retry_after = src->retry_after;
  dest->attempts_left = src->attempts_left;
}

static void
dnevnik_service_error_private_clear (DnevnikServiceErrorPrivate *priv)
{
  g_clear_pointer (&priv->server_code, g_free);
}

G_DEFINE_EXTENDED_ERROR (DnevnikServiceError, dnevnik_service_error)

/* The generated accessor insists on the domain; the getters do not. */
static DnevnikServiceErrorPrivate *
lookup_private (const GError *error)
{
  if (error == NULL || error->domain != DNEVNIK_SERVICE_ERROR)
    return NULL;

  return dnevnik_service_error_get_private (error);
}

/* What a 10–17-year-old reads: what happened and what to do next. */
static const char * const messages[] = {
  [DNEVNIK_SERVICE_ERROR_NETWORK] =
    N_("Cannot reach the diary server. Check that the computer is connected to the Internet and try again."),
  [DNEVNIK_SERVICE_ERROR_TIMEOUT] =
    N_("The diary server is taking too long to answer. Wait a minute and try again."),
  [DNEVNIK_SERVICE_ERROR_UNAUTHORIZED] =
    N_("Your session has ended. Please sign in again."),
  [DNEVNIK_SERVICE_ERROR_INVALID_CREDENTIALS] =
    N_("Wrong login or password. Check them and try again; if you forgot your password, ask your class teacher."),
  [DNEVNIK_SERVICE_ERROR_INVALID_PHONE] =
    N_("This is not a Russian mobile number. Enter a number like +7 916 123-45-67."),
  [DNEVNIK_SERVICE_ERROR_ALREADY_LINKED] =
    N_("Your diary account is already linked to a Sferum profile in MAX."),
  [DNEVNIK_SERVICE_ERROR_MAX_ACCOUNT_TAKEN] =
    N_("The MAX account with this number is already linked to another diary account. Use your own number or ask your class teacher for help."),
  [DNEVNIK_SERVICE_ERROR_NOT_LINKED] =
    N_("Your diary account is not linked to a Sferum profile."),
  [DNEVNIK_SERVICE_ERROR_UNKNOWN_REQUEST] =
    N_("This linking attempt is no longer valid. Please start again."),
  [DNEVNIK_SERVICE_ERROR_INVALID_CODE] =
    N_("Wrong code. Check the code in the SMS and enter it again."),
  [DNEVNIK_SERVICE_ERROR_CODE_EXPIRED] =
    N_("The code has expired. Ask for a new code."),
  [DNEVNIK_SERVICE_ERROR_NO_ATTEMPTS_LEFT] =
    N_("Too many wrong codes. Please start linking again."),
  [DNEVNIK_SERVICE_ERROR_RATE_LIMITED] =
    N_("Too many attempts. Wait a little and try again."),
  [DNEVNIK_SERVICE_ERROR_SERVER] =
    N_("Something went wrong on the diary server. Try again later."),
  [DNEVNIK_SERVICE_ERROR_PROTOCOL] =
    N_("The diary server sent an answer the app does not understand. Try again later; if it keeps happening, update the app."),
  [DNEVNIK_SERVICE_ERROR_KEYRING] =
    N_("Could not use the keyring, so you will not be remembered on this computer. You will need to sign in again next time."),
  [DNEVNIK_SERVICE_ERROR_INSECURE_URL] =
    N_("The diary server address is not secure. It must start with https://. Ask your school administrator to check it."),
};

G_STATIC_ASSERT (G_N_ELEMENTS (messages) == DNEVNIK_SERVICE_ERROR_N_CODES);

/**
 * dnevnik_service_error_get_msgid:
 * @code: a #DnevnikServiceError
 *
 * Returns: (transfer none): the untranslated English message of @code
 */
const char *
dnevnik_service_error_get_msgid (DnevnikServiceError code)
{
  g_return_val_if_fail ((guint) code < G_N_ELEMENTS (messages), NULL);

  return messages[code];
}

/**
 * dnevnik_service_error_get_message:
 * @code: a #DnevnikServiceError
 *
 * Returns: (transfer none): the message of @code for people, translated
 *   into the current language
 */
const char *
dnevnik_service_error_get_message (DnevnikServiceError code)
{
  g_return_val_if_fail ((guint) code < G_N_ELEMENTS (messages), NULL);

  return g_dgettext (GETTEXT_PACKAGE, messages[code]);
}

/**
 * dnevnik_service_error_new:
 * @code: a #DnevnikServiceError
 * @server_code: (nullable): the server's `error.code`, if there was one
 * @retry_after: the server's `retry_after` in seconds, or -1
 * @attempts_left: the server's `attempts_left`, or -1
 *
 * Creates an error of the #DNEVNIK_SERVICE_ERROR domain whose message is the
 * translated message of @code and which carries the server's detail.
 *
 * Returns: (transfer full): a new #GError
 */
GError *
dnevnik_service_error_new (DnevnikServiceError  code,
                           const char          *server_code,
                           int                  retry_after,
                           int                  attempts_left)
{
  GError *error;
  DnevnikServiceErrorPrivate *priv;

  error = g_error_new_literal (DNEVNIK_SERVICE_ERROR, code,
                               dnevnik_service_error_get_message (code));
  priv = dnevnik_service_error_get_private (error);
  priv->server_code = g_strdup (server_code);
  priv->retry_after = retry_after >= 0 ? retry_after : -1;
  priv->attempts_left = attempts_left >= 0 ? attempts_left : -1;

  return error;
}

/**
 * dnevnik_service_error_new_service_changed:
 *
 * A %DNEVNIK_SERVICE_ERROR_PROTOCOL error for a diary service whose replies
 * changed shape (a web page instead of data, a refusal without a reason,
 * fields gone), as the services of other diaries do without notice.  Its
 * server code is `service_changed`, and its message says so and that the
 * offline copy is kept: the service never replaces a saved week with a
 * reply it could not read.
 *
 * Returns: (transfer full): a new #GError
 */
GError *
dnevnik_service_error_new_service_changed (void)
{
  GError *error = dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_PROTOCOL, "service_changed", -1, -1);

  g_free (error->message);
  error->message = g_strdup (_("The diary service has changed and the app cannot read it any more. "
                                  "Your offline copy is kept; try again later or update the app."));

  return error;
}

/**
 * dnevnik_service_error_get_server_code:
 * @error: a #GError
 *
 * Returns: (transfer none) (nullable): the `error.code` the server sent
 *   (e.g. `"resend_too_early"`), or %NULL if @error is not from the
 *   #DNEVNIK_SERVICE_ERROR domain or the server sent none
 */
const char *
dnevnik_service_error_get_server_code (const GError *error)
{
  DnevnikServiceErrorPrivate *priv = lookup_private (error);

  return priv != NULL ? priv->server_code : NULL;
}

/**
 * dnevnik_service_error_get_retry_after:
 * @error: a #GError
 *
 * For %DNEVNIK_SERVICE_ERROR_RATE_LIMITED: how many seconds to wait before
 * trying again (e.g. the countdown before a new code may be requested).
 *
 * Returns: seconds, or -1 if the server did not say
 */
int
dnevnik_service_error_get_retry_after (const GError *error)
{
  DnevnikServiceErrorPrivate *priv = lookup_private (error);

  return priv != NULL ? priv->retry_after : -1;
}

/**
 * dnevnik_service_error_get_attempts_left:
 * @error: a #GError
 *
 * For %DNEVNIK_SERVICE_ERROR_INVALID_CODE: how many more codes may be tried.
 *
 * Returns: the number of attempts, or -1 if the server did not say
 */
int
dnevnik_service_error_get_attempts_left (const GError *error)
{
  DnevnikServiceErrorPrivate *priv = lookup_private (error);

  return priv != NULL ? priv->attempts_left : -1;
}
