/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dnevnik-sandbox-faults.h"

G_BEGIN_DECLS

/* What the command line decides; main.c fills it in. */
typedef struct
{
  char     *db_path;
  char     *outbox_path;
  GDate     today;
  guint     code_ttl;         /* seconds */
  guint     token_ttl;        /* seconds */
  guint     max_attempts;
  guint     resend_cooldown;  /* seconds */
  guint     kdf_iterations;
  guint     idle_timeout;     /* seconds a connection may stay silent */
  gboolean  reset;
} DnevnikSandboxSettings;

void dnevnik_sandbox_settings_clear (DnevnikSandboxSettings *settings);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DnevnikSandboxSettings, dnevnik_sandbox_settings_clear)

/* Longer than a client keeps an idle connection (the app: 60 s), so that
 * the server never closes one the client is about to reuse. */
#define DNEVNIK_SANDBOX_DEFAULT_IDLE_TIMEOUT 120

#define DNEVNIK_TYPE_SANDBOX_SERVER (dnevnik_sandbox_server_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikSandboxServer, dnevnik_sandbox_server, DNEVNIK, SANDBOX_SERVER, GObject)

DnevnikSandboxServer *dnevnik_sandbox_server_new        (const DnevnikSandboxSettings  *settings,
                                                         DnevnikSandboxFaults          *faults,
                                                         GError                       **error);
DnevnikSandboxFaults *dnevnik_sandbox_server_get_faults (DnevnikSandboxServer          *self);
gboolean              dnevnik_sandbox_server_listen     (DnevnikSandboxServer          *self,
                                                         guint                          port,
                                                         GError                       **error);
char                 *dnevnik_sandbox_server_get_url    (DnevnikSandboxServer          *self);
void                  dnevnik_sandbox_server_shutdown   (DnevnikSandboxServer          *self);

G_END_DECLS
