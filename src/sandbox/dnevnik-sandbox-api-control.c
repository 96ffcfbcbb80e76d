/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include "dnevnik-phone.h"
#include "dnevnik-sandbox-json.h"
#include "dnevnik-sandbox-link.h"
#include "dnevnik-sandbox-server-private.h"

/* The sandbox-only endpoints under /sandbox/: the SMS outbox, faults and
 * request counters.  They need no token. */

gboolean
dnevnik_sandbox_handle_sms (DnevnikSandboxServer  *self,
                            DnevnikSandboxCall    *call,
                            JsonBuilder           *reply,
                            GError               **error)
{
  const char *phone = call->query != NULL ? g_hash_table_lookup (call->query, "phone") : NULL;
  g_autofree char *normalized = NULL;

  /* Any spelling of a number finds its messages; a wrong one finds none. */
  if (phone != NULL)
    {
      normalized = dnevnik_phone_normalize (phone);
      if (normalized == NULL)
        normalized = g_strdup (phone);
    }

  json_builder_begin_object (reply);
  json_builder_set_member_name (reply, "messages");
  json_builder_begin_array (reply);
  if (!dnevnik_sandbox_sms_add_messages (self->db, normalized, reply, error))
    return FALSE;
  json_builder_end_array (reply);
  json_builder_end_object (reply);
  return TRUE;
}

gboolean
dnevnik_sandbox_handle_add_fault (DnevnikSandboxServer  *self,
                                  DnevnikSandboxCall    *call,
                                  JsonBuilder           *reply,
                                  GError               **error)
{
  JsonNode *method_node = dnevnik_sandbox_call_get_member (call, "method");
  DnevnikSandboxFaultKind kind;
  const char *path;
  const char *kind_text;
  const char *method = NULL;
  double count = 0;
  double delay_ms = 0;
  double rate = 0;

  if ((method_node != NULL && !JSON_NODE_HOLDS_NULL (method_node) && !dnevnik_sandbox_call_get_string (call, "method", &method, error)) ||
      !dnevnik_sandbox_call_get_string (call, "path", &path, error) ||
      !dnevnik_sandbox_call_get_string (call, "kind", &kind_text, error) ||
      !dnevnik_sandbox_call_get_number (call, "count", TRUE, 0, G_MAXUINT, &count, error) ||
      !dnevnik_sandbox_call_get_number (call, "delay_ms", TRUE, 0, 10 * 60 * 1000, &delay_ms, error) ||
      !dnevnik_sandbox_call_get_number (call, "rate", FALSE, 0, 1, &rate, error))
    return FALSE;

  if (!dnevnik_sandbox_fault_kind_parse (kind_text, &kind))
    return dnevnik_sandbox_set_bad_request (error, "kind", "error500, malformed, truncated, drop or delay");
  if (path[0] != '/')
    return dnevnik_sandbox_set_bad_request (error, "path", "a path starting with “/”");
  if (count < 1 && rate <= 0)
    return dnevnik_sandbox_set_bad_request (error, "count", "at least 1, or “rate” over 0");

  dnevnik_sandbox_faults_add (self->faults, method, path, kind, (guint) count, rate, (guint) delay_ms);
  call->status = SOUP_STATUS_CREATED;
  return TRUE;
}

gboolean
dnevnik_sandbox_handle_clear_faults (DnevnikSandboxServer  *self,
                                     DnevnikSandboxCall    *call,
                                     JsonBuilder           *reply,
                                     GError               **error)
{
  dnevnik_sandbox_faults_clear (self->faults);
  call->status = SOUP_STATUS_NO_CONTENT;
  return TRUE;
}

gboolean
dnevnik_sandbox_handle_counters (DnevnikSandboxServer  *self,
                                 DnevnikSandboxCall    *call,
                                 JsonBuilder           *reply,
                                 GError               **error)
{
  json_builder_begin_object (reply);
  json_builder_set_member_name (reply, "counters");
  json_builder_begin_object (reply);
  dnevnik_sandbox_faults_add_counters (self->faults, reply);
  json_builder_end_object (reply);
  json_builder_end_object (reply);
  return TRUE;
}

gboolean
dnevnik_sandbox_handle_reset_counters (DnevnikSandboxServer  *self,
                                       DnevnikSandboxCall    *call,
                                       JsonBuilder           *reply,
                                       GError               **error)
{
  dnevnik_sandbox_faults_reset_counters (self->faults);
  call->status = SOUP_STATUS_NO_CONTENT;
  return TRUE;
}
