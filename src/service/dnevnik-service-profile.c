/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-parse.h"
#include "dnevnik-service-private.h"

/* The student's profile: it also names the account that keys the
 * offline copy. */

static gpointer
apply_profile (DnevnikService  *self,
               GBytes          *body,
               gpointer         op_data,
               GError         **error)
{
  DnevnikProfile *profile = dnevnik_parse_profile (body, error);

  if (profile != NULL)
    {
      _dnevnik_service_set_account (self, dnevnik_profile_get_id (profile));
      _dnevnik_service_remember_reply (self, DNEVNIK_CACHE_KIND_PROFILE, body);
      _dnevnik_service_set_profile (self, profile);
    }

  return profile;
}

static const DnevnikServiceOp profile_op = {
  .describe = _dnevnik_service_describe_fetch,
  .apply = apply_profile,
  .offline_fallback = TRUE,
  .fallback_kind = DNEVNIK_CACHE_KIND_PROFILE,
};

/**
 * dnevnik_service_refresh_profile_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Loads the profile and updates #DnevnikService:profile.
 */
void
dnevnik_service_refresh_profile_async (DnevnikService      *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  _dnevnik_service_run_op (self, &profile_op, GUINT_TO_POINTER (DNEVNIK_PROVIDER_DOCUMENT_PROFILE), NULL,
                           dnevnik_service_refresh_profile_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_refresh_profile_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the profile
 */
DnevnikProfile *
dnevnik_service_refresh_profile_finish (DnevnikService  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return _dnevnik_service_op_finish (self, result, dnevnik_service_refresh_profile_async, error);
}
