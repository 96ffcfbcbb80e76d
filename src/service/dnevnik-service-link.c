/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include <string.h>

#include "dnevnik-link-status-private.h"
#include "dnevnik-parse.h"
#include "dnevnik-phone.h"
#include "dnevnik-service-private.h"

/* Сферум: the shared link status, and linking (start, resend, confirm)
 * and unlinking, for a provider that links natively.
 */

typedef struct
{
  DnevnikLinkRequest *request;
  char               *code;
} Confirm;

static void
confirm_free (gpointer data)
{
  Confirm *confirm = data;

  g_clear_object (&confirm->request);
  g_free (confirm->code);
  g_free (confirm);
}

static void
describe_link_start (gpointer             args,
                     DnevnikProviderCall *call)
{
  call->operation = DNEVNIK_PROVIDER_CALL_LINK_START;
  call->phone = args;
}

static void
describe_link_resend (gpointer             args,
                      DnevnikProviderCall *call)
{
  call->operation = DNEVNIK_PROVIDER_CALL_LINK_RESEND;
  call->request_id = dnevnik_link_request_get_request_id (args);
}

static void
describe_link_confirm (gpointer             args,
                       DnevnikProviderCall *call)
{
  Confirm *confirm = args;

  call->operation = DNEVNIK_PROVIDER_CALL_LINK_CONFIRM;
  call->request_id = dnevnik_link_request_get_request_id (confirm->request);
  call->code = confirm->code;
}

static void
describe_unlink (gpointer             args,
                 DnevnikProviderCall *call)
{
  call->operation = DNEVNIK_PROVIDER_CALL_UNLINK;
}

static gpointer
apply_link_status (DnevnikService  *self,
                   GBytes          *body,
                   gpointer         op_data,
                   GError         **error)
{
  DnevnikLinkStatus *status;

  /* A status polled again is mostly the same bytes: the same result.  The
   * parsed object is never changed once made, so it may be shared. */
  if (self->link_status_body != NULL && g_bytes_equal (self->link_status_body, body))
    status = g_object_ref (self->link_status_parsed);
  else
    {
      status = dnevnik_parse_link_status (body, error);
      if (status == NULL)
        return NULL;

      g_clear_pointer (&self->link_status_body, g_bytes_unref);
      g_clear_object (&self->link_status_parsed);
      if (g_bytes_get_size (body) <= DNEVNIK_SERVICE_MAX_MEMO_SIZE)
        {
          self->link_status_body = g_bytes_ref (body);
          self->link_status_parsed = g_object_ref (status);
        }
    }

  _dnevnik_service_remember_reply (self, DNEVNIK_CACHE_KIND_LINK_STATUS, body);
  dnevnik_link_status_copy_from (self->link_status, status);

  return status;
}

static gpointer
apply_link_request (DnevnikService  *self,
                    GBytes          *body,
                    gpointer         op_data,
                    GError         **error)
{
  return dnevnik_parse_link_request (body, op_data, error);
}

static gpointer
apply_link_resend (DnevnikService  *self,
                   GBytes          *body,
                   gpointer         op_data,
                   GError         **error)
{
  return dnevnik_parse_link_resend (body, op_data, error);
}

static gboolean
code_is_well_formed (const char         *code,
                     DnevnikLinkRequest *request)
{
  gsize length = strlen (code);

  if (length != (gsize) dnevnik_link_request_get_code_length (request))
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;

  return TRUE;
}

static const DnevnikServiceOp status_op = {
  .describe = _dnevnik_service_describe_fetch,
  .apply = apply_link_status,
  .needs = DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM,
  .offline_fallback = TRUE,
  .fallback_kind = DNEVNIK_CACHE_KIND_LINK_STATUS,
};

static const DnevnikServiceOp start_op = {
  .describe = describe_link_start,
  .apply = apply_link_request,
  .needs = DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM,
};

static const DnevnikServiceOp resend_op = {
  .describe = describe_link_resend,
  .apply = apply_link_resend,
  .needs = DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM,
};

static const DnevnikServiceOp confirm_op = {
  .describe = describe_link_confirm,
  .apply = apply_link_status,
  .needs = DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM,
};

static const DnevnikServiceOp unlink_op = {
  .describe = describe_unlink,
  .apply = apply_link_status,
  .needs = DNEVNIK_PROVIDER_CAPABILITY_LINK_SFERUM,
  .not_linked_means_unlinked = TRUE,
};

/**
 * dnevnik_service_refresh_link_status_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asks the server whether the account is linked and updates
 * #DnevnikService:link-status.
 */
void
dnevnik_service_refresh_link_status_async (DnevnikService      *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  _dnevnik_service_run_op (self, &status_op, GUINT_TO_POINTER (DNEVNIK_PROVIDER_DOCUMENT_LINK_STATUS), NULL,
                           dnevnik_service_refresh_link_status_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_refresh_link_status_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether #DnevnikService:link-status is up to date now
 */
gboolean
dnevnik_service_refresh_link_status_finish (DnevnikService  *self,
                                            GAsyncResult    *result,
                                            GError         **error)
{
  return _dnevnik_service_op_finish_boolean (self, result, dnevnik_service_refresh_link_status_async, error);
}

/**
 * dnevnik_service_link_start_async:
 * @self: a signed-in #DnevnikService
 * @phone: the phone number as the student typed it (`8 916 …`,
 *   `+7 (916) …`, `9161234567` are all fine)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Starts linking the account to the Сферум profile of @phone: the server
 * sends a code by SMS.  A number that is not a Russian mobile number fails
 * with INVALID_PHONE without a request.  Other errors: ALREADY_LINKED,
 * MAX_ACCOUNT_TAKEN, RATE_LIMITED (with retry-after).
 */
void
dnevnik_service_link_start_async (DnevnikService      *self,
                                  const char          *phone,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  char *normalized;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (phone != NULL);

  normalized = dnevnik_phone_normalize (phone);
  if (normalized == NULL)
    {
      _dnevnik_service_fail_early (self, dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_INVALID_PHONE, NULL, -1, -1),
                                   dnevnik_service_link_start_async, callback, user_data);
      return;
    }

  _dnevnik_service_run_op (self, &start_op, normalized, g_free,
                           dnevnik_service_link_start_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_link_start_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the request, to pass to
 *   dnevnik_service_link_confirm_async() and
 *   dnevnik_service_link_resend_async()
 */
DnevnikLinkRequest *
dnevnik_service_link_start_finish (DnevnikService  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return _dnevnik_service_op_finish (self, result, dnevnik_service_link_start_async, error);
}

/**
 * dnevnik_service_link_resend_async:
 * @self: a signed-in #DnevnikService
 * @request: the request from dnevnik_service_link_start_finish()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asks for a new code (the old one stops working; attempts start again).
 * Errors: RATE_LIMITED before the countdown is over (with retry-after),
 * UNKNOWN_REQUEST.
 */
void
dnevnik_service_link_resend_async (DnevnikService      *self,
                                   DnevnikLinkRequest  *request,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (DNEVNIK_IS_LINK_REQUEST (request));

  _dnevnik_service_run_op (self, &resend_op, g_object_ref (request), g_object_unref,
                           dnevnik_service_link_resend_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_link_resend_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the request with its new countdowns
 */
DnevnikLinkRequest *
dnevnik_service_link_resend_finish (DnevnikService  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return _dnevnik_service_op_finish (self, result, dnevnik_service_link_resend_async, error);
}

/**
 * dnevnik_service_link_confirm_async:
 * @self: a signed-in #DnevnikService
 * @request: the request from dnevnik_service_link_start_finish()
 * @code: the code from the SMS
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Confirms the link with the code; on success #DnevnikService:link-status
 * becomes linked.  A code of the wrong length or with other characters
 * than digits fails with INVALID_CODE without spending an attempt
 * (attempts-left is then -1).  Errors: INVALID_CODE (with attempts-left),
 * CODE_EXPIRED (offer a resend), NO_ATTEMPTS_LEFT and UNKNOWN_REQUEST
 * (start again), ALREADY_LINKED, MAX_ACCOUNT_TAKEN.
 */
void
dnevnik_service_link_confirm_async (DnevnikService      *self,
                                    DnevnikLinkRequest  *request,
                                    const char          *code,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Confirm *confirm;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (DNEVNIK_IS_LINK_REQUEST (request));
  g_return_if_fail (code != NULL);

  if (!code_is_well_formed (code, request))
    {
      _dnevnik_service_fail_early (self, dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_INVALID_CODE, NULL, -1, -1),
                                   dnevnik_service_link_confirm_async, callback, user_data);
      return;
    }

  confirm = g_new0 (Confirm, 1);
  confirm->request = g_object_ref (request);
  confirm->code = g_strdup (code);
  _dnevnik_service_run_op (self, &confirm_op, confirm, confirm_free,
                           dnevnik_service_link_confirm_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_link_confirm_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether the account is linked now
 */
gboolean
dnevnik_service_link_confirm_finish (DnevnikService  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return _dnevnik_service_op_finish_boolean (self, result, dnevnik_service_link_confirm_async, error);
}

/**
 * dnevnik_service_unlink_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Removes the link; #DnevnikService:link-status becomes "not linked" (also
 * when the server answers NOT_LINKED, since that is the truth then).
 */
void
dnevnik_service_unlink_async (DnevnikService      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  _dnevnik_service_run_op (self, &unlink_op, NULL, NULL,
                           dnevnik_service_unlink_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_unlink_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether the link was removed
 */
gboolean
dnevnik_service_unlink_finish (DnevnikService  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  return _dnevnik_service_op_finish_boolean (self, result, dnevnik_service_unlink_async, error);
}
