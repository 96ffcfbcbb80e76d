/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DNEVNIK_TYPE_SANDBOX_LAUNCHER (dnevnik_sandbox_launcher_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikSandboxLauncher, dnevnik_sandbox_launcher, DNEVNIK, SANDBOX_LAUNCHER, GObject)

char                   *dnevnik_sandbox_launcher_find_binary (void);
DnevnikSandboxLauncher *dnevnik_sandbox_launcher_new         (const char           *binary,
                                                              const char           *data_dir);
void                    dnevnik_sandbox_launcher_start_async (DnevnikSandboxLauncher *self,
                                                              gboolean              reset,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
char                   *dnevnik_sandbox_launcher_start_finish (DnevnikSandboxLauncher *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
const char             *dnevnik_sandbox_launcher_get_url     (DnevnikSandboxLauncher *self);
GPid                    dnevnik_sandbox_launcher_get_pid     (DnevnikSandboxLauncher *self);
void                    dnevnik_sandbox_launcher_stop        (DnevnikSandboxLauncher *self);
char                   *dnevnik_sandbox_launcher_get_sms_outbox_path (DnevnikSandboxLauncher *self);

G_END_DECLS
