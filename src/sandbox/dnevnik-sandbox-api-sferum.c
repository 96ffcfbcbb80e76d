/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include <string.h>

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
      /* A practice account exists nowhere but here: its profile is a page
       * of this server, so a class never lands on the real site. */
      dnevnik_sandbox_json_add_string_take (reply, "profile_url",
                                            g_strdup_printf ("http://127.0.0.1:%u" DNEVNIK_SANDBOX_PROFILE_PATH "?account=%s",
                                                             dnevnik_sandbox_listener_get_port (self->listener),
                                                             status.max_account_id));
    }
  json_builder_end_object (reply);
  return TRUE;
}

static gboolean
is_account_id (const char *text)
{
  if (text == NULL || *text == '\0' || strlen (text) > 20)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

/* The page a training profile_url opens in the browser.  A browser sends
 * no token, and the page shows nothing but the id it was given. */
gboolean
dnevnik_sandbox_handle_profile_page (DnevnikSandboxServer  *self,
                                     DnevnikSandboxCall    *call,
                                     JsonBuilder           *reply,
                                     GError               **error)
{
  const char *account = call->query != NULL ? g_hash_table_lookup (call->query, "account") : NULL;
  char *page;

  if (!is_account_id (account))
    return dnevnik_sandbox_set_bad_request (error, "account", "the digits of an account id");

  page = g_strdup_printf ("<!DOCTYPE html>\n"
                          "<html lang=\"ru\"><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width\">"
                          "<title>Учебный профиль Сферум</title></head>\n"
                          "<body style=\"font-family: sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em\">\n"
                          "<h1>Учебный профиль Сферум</h1>\n"
                          "<p>Здесь откроется ваш учебный профиль Сферум в МАХ: аккаунт <b>%s</b>.</p>\n"
                          "<p>Это учебный режим «Дневника»: страницу показывает учебный сервер на этом "
                          "компьютере, настоящий МАХ не открывается.</p>\n"
                          "<hr><p lang=\"en\">Dnevnik training mode: this is where your practice Sferum "
                          "profile in MAX (account %s) would open. Nothing left this computer.</p>\n"
                          "</body></html>\n",
                          account, account);
  soup_server_message_set_response (call->msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE, page, strlen (page));
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
