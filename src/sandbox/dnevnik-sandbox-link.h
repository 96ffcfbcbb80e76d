/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dnevnik-sandbox-db.h"

G_BEGIN_DECLS

/* The rules of linking a diary account to a Сферум profile in MAX
 * (API.md, "Сферум in MAX"), and the SMS outbox the codes go to.  Each
 * function that changes state runs inside the caller's transaction, and
 * a refusal that must be remembered (a wrong code uses up an attempt) is
 * written before the error is returned, so the caller commits unless the
 * error is an internal one.
 */

#define DNEVNIK_SANDBOX_CODE_LENGTH 6
#define DNEVNIK_SANDBOX_MAX_STARTS 5
#define DNEVNIK_SANDBOX_STARTS_WINDOW_SECONDS (10 * 60)

typedef struct
{
  guint       code_ttl;         /* seconds */
  guint       max_attempts;
  guint       resend_cooldown;  /* seconds */
  const char *outbox_path;
} DnevnikSandboxLinkRules;

typedef struct
{
  gboolean  linked;
  char     *max_account_id;
  char     *phone;
  gint64    linked_at;
} DnevnikSandboxLinkStatus;

typedef struct
{
  char     *request_id;
  char     *phone;
  gboolean  max_registered;
} DnevnikSandboxLinkStart;

void      dnevnik_sandbox_link_status_clear  (DnevnikSandboxLinkStatus       *status);
void      dnevnik_sandbox_link_start_clear   (DnevnikSandboxLinkStart        *start);
gboolean  dnevnik_sandbox_link_get_status    (DnevnikSandboxDb               *db,
                                              const char                     *account_id,
                                              DnevnikSandboxLinkStatus       *status,
                                              GError                        **error);
gboolean  dnevnik_sandbox_link_start         (DnevnikSandboxDb               *db,
                                              const DnevnikSandboxLinkRules  *rules,
                                              const char                     *account_id,
                                              const char                     *phone,
                                              DnevnikSandboxLinkStart        *start,
                                              GError                        **error);
gboolean  dnevnik_sandbox_link_resend        (DnevnikSandboxDb               *db,
                                              const DnevnikSandboxLinkRules  *rules,
                                              const char                     *account_id,
                                              const char                     *request_id,
                                              GError                        **error);
gboolean  dnevnik_sandbox_link_confirm       (DnevnikSandboxDb               *db,
                                              const char                     *account_id,
                                              const char                     *request_id,
                                              const char                     *code,
                                              GError                        **error);
gboolean  dnevnik_sandbox_link_unlink        (DnevnikSandboxDb               *db,
                                              const char                     *account_id,
                                              GError                        **error);
gboolean  dnevnik_sandbox_link_add_history   (DnevnikSandboxDb               *db,
                                              const char                     *account_id,
                                              JsonBuilder                    *builder,
                                              GError                        **error);
gboolean  dnevnik_sandbox_sms_add_messages   (DnevnikSandboxDb               *db,
                                              const char                     *phone,
                                              JsonBuilder                    *builder,
                                              GError                        **error);
gboolean  dnevnik_sandbox_sms_clear_outbox   (const char                     *outbox_path,
                                              GError                        **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DnevnikSandboxLinkStatus, dnevnik_sandbox_link_status_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DnevnikSandboxLinkStart, dnevnik_sandbox_link_start_clear)

G_END_DECLS
