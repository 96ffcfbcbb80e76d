/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include "dnevnik-phone.h"
#include "dnevnik-sandbox-json.h"
#include "dnevnik-sandbox-link.h"
#include "dnevnik-sandbox-server-private.h"
#include "dnevnik-sandbox-time.h"

/* The Сферум endpoints: /api/v1/sferum/link and what hangs off it. */

static gboolean
build_link_status (DnevnikSandboxServer  *self,
                   DnevnikSandboxCall                  *call,
                   JsonBuilder           *reply,
                   GError               **error)
{
  g_auto(DnevnikSandboxLinkStatus) status = { 0 };

  if (!dnevnik_sandbox_link_get_status (self->db, call->account_id, &status, error))
    return FALSE;

  json_builder_begin_object (reply);
  dnevnik_sandbox_json_add_bool (reply, "linked", status.linked);
  if (status.linked)
    {
      dnevnik_sandbox_json_add_string (reply, "account_id", status.max_account_id);
      dnevnik_sandbox_json_add_string_take (reply, "phone_masked", dnevnik_phone_mask (status.phone));
      dnevnik_sandbox_json_add_string_take (reply, "linked_at", dnevnik_sandbox_format_instant (status.linked_at));
      dnevnik_sandbox_json_add_string_take (reply, "profile_url",
                                            g_strconcat ("https://max.ru/sferum/profile/", status.max_account_id, NULL));
    }
  json_builder_end_object (reply);
  return TRUE;
}

/* {"@member": [ {column: text, …}, … ]} from the rows of @sql, which has
 * @param (if not %NULL) as its one parameter */
gboolean
dnevnik_sandbox_handle_link_status (DnevnikSandboxServer  *self,
                                    DnevnikSandboxCall    *call,
                                    JsonBuilder           *reply,
                                    GError               **error)
{
  return build_link_status (self, call, reply, error);
}

gboolean
dnevnik_sandbox_handle_link_start (DnevnikSandboxServer  *self,
                                   DnevnikSandboxCall    *call,
                                   JsonBuilder           *reply,
                                   GError               **error)
{
  g_auto(DnevnikSandboxLinkStart) start = { 0 };
  const char *phone;

  if (!dnevnik_sandbox_call_get_string (call, "phone", &phone, error) ||
      !dnevnik_sandbox_link_start (self->db, &self->link_rules, call->account_id, phone, &start, error))
    return FALSE;

  call->status = SOUP_STATUS_ACCEPTED;
  json_builder_begin_object (reply);
  dnevnik_sandbox_json_add_string (reply, "request_id", start.request_id);
  dnevnik_sandbox_json_add_int (reply, "code_length", DNEVNIK_SANDBOX_CODE_LENGTH);
  dnevnik_sandbox_json_add_int (reply, "expires_in", self->settings.code_ttl);
  dnevnik_sandbox_json_add_int (reply, "resend_in", self->settings.resend_cooldown);
  dnevnik_sandbox_json_add_bool (reply, "max_registered", start.max_registered);
  dnevnik_sandbox_json_add_string_take (reply, "phone_masked", dnevnik_phone_mask (start.phone));
  json_builder_end_object (reply);
  return TRUE;
}

gboolean
dnevnik_sandbox_handle_link_resend (DnevnikSandboxServer  *self,
                                    DnevnikSandboxCall    *call,
                                    JsonBuilder           *reply,
                                    GError               **error)
{
  const char *request_id;

  if (!dnevnik_sandbox_call_get_string (call, "request_id", &request_id, error) ||
      !dnevnik_sandbox_link_resend (self->db, &self->link_rules, call->account_id, request_id, error))
    return FALSE;

  call->status = SOUP_STATUS_ACCEPTED;
  json_builder_begin_object (reply);
  dnevnik_sandbox_json_add_int (reply, "resend_in", self->settings.resend_cooldown);
  dnevnik_sandbox_json_add_int (reply, "expires_in", self->settings.code_ttl);
  json_builder_end_object (reply);
  return TRUE;
}

gboolean
dnevnik_sandbox_handle_link_confirm (DnevnikSandboxServer  *self,
                                     DnevnikSandboxCall    *call,
                                     JsonBuilder           *reply,
                                     GError               **error)
{
  const char *request_id;
  const char *code;

  return dnevnik_sandbox_call_get_string (call, "request_id", &request_id, error) &&
         dnevnik_sandbox_call_get_string (call, "code", &code, error) &&
         dnevnik_sandbox_link_confirm (self->db, call->account_id, request_id, code, error) &&
         build_link_status (self, call, reply, error);
}

gboolean
dnevnik_sandbox_handle_unlink (DnevnikSandboxServer  *self,
                               DnevnikSandboxCall    *call,
                               JsonBuilder           *reply,
                               GError               **error)
{
  return dnevnik_sandbox_link_unlink (self->db, call->account_id, error) &&
         build_link_status (self, call, reply, error);
}

gboolean
dnevnik_sandbox_handle_link_history (DnevnikSandboxServer  *self,
                                     DnevnikSandboxCall    *call,
                                     JsonBuilder           *reply,
                                     GError               **error)
{
  json_builder_begin_object (reply);
  json_builder_set_member_name (reply, "events");
  json_builder_begin_array (reply);
  if (!dnevnik_sandbox_link_add_history (self->db, call->account_id, reply, error))
    return FALSE;
  json_builder_end_array (reply);
  json_builder_end_object (reply);
  return TRUE;
}
