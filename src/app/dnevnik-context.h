/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dnevnik-provider-choice.h"
#include "dnevnik-service.h"

G_BEGIN_DECLS

#define DNEVNIK_TYPE_CONTEXT (dnevnik_context_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikContext, dnevnik_context, DNEVNIK, CONTEXT, GObject)

DnevnikContext *dnevnik_context_new                   (GSettings           *settings,
                                                       const char          *server_override,
                                                       gboolean             force_sandbox);
GSettings      *dnevnik_context_get_settings          (DnevnikContext      *self);
const char     *dnevnik_context_get_server_override   (DnevnikContext      *self);
void            dnevnik_context_start_backend         (DnevnikContext      *self);
void            dnevnik_context_stop_backend          (DnevnikContext      *self);
DnevnikService *dnevnik_context_get_service           (DnevnikContext      *self);
gboolean        dnevnik_context_get_signed_in         (DnevnikContext      *self);
gboolean        dnevnik_context_get_training_mode     (DnevnikContext      *self);
const char     *dnevnik_context_get_backend_error     (DnevnikContext      *self);
GPid            dnevnik_context_get_sandbox_pid       (DnevnikContext      *self);
char           *dnevnik_context_dup_training_sms_file (DnevnikContext      *self);
void            dnevnik_context_refresh_profile       (DnevnikContext      *self);
void            dnevnik_context_reset_training_data   (DnevnikContext      *self);
void            dnevnik_context_sign_out_async        (DnevnikContext      *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean        dnevnik_context_sign_out_finish       (DnevnikContext      *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
gboolean        dnevnik_context_get_syncing           (DnevnikContext      *self);
gboolean        dnevnik_context_sync_school_year      (DnevnikContext      *self,
                                                       gboolean             force);
void            dnevnik_context_add_notice            (DnevnikContext      *self,
                                                       const char          *message);
DnevnikProviderChoice
                dnevnik_context_get_provider_choice   (DnevnikContext      *self);
void            dnevnik_context_choose_provider       (DnevnikContext      *self,
                                                       DnevnikProviderChoice choice,
                                                       const char          *url);

G_END_DECLS
