/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dnevnik-idle-monitor.h"

#include "dnevnik-service.h"

G_BEGIN_DECLS

#define DNEVNIK_TYPE_APPLICATION (dnevnik_application_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikApplication, dnevnik_application, DNEVNIK, APPLICATION, AdwApplication)

DnevnikApplication *dnevnik_application_new                 (void);
DnevnikApplication *dnevnik_application_new_for_testing     (const char         *server_url);
GSettings          *dnevnik_application_get_settings        (DnevnikApplication *self);
const char         *dnevnik_application_get_server_override (DnevnikApplication *self);
gboolean            dnevnik_application_get_force_sandbox   (DnevnikApplication *self);
void                dnevnik_application_start_backend       (DnevnikApplication *self);
DnevnikService     *dnevnik_application_get_service         (DnevnikApplication *self);
gboolean            dnevnik_application_get_training_mode   (DnevnikApplication *self);
const char         *dnevnik_application_get_backend_error   (DnevnikApplication *self);
GPid                dnevnik_application_get_sandbox_pid     (DnevnikApplication *self);
void                dnevnik_application_reset_training_data (DnevnikApplication *self);
void                dnevnik_application_stop_backend       (DnevnikApplication *self);
gboolean            dnevnik_application_get_syncing         (DnevnikApplication *self);
gboolean            dnevnik_application_sync_school_year    (DnevnikApplication *self,
                                                             gboolean            force);
void                dnevnik_application_school_year_of      (const GDate        *day,
                                                             GDate              *first,
                                                             GDate              *last);
char               *dnevnik_application_dup_training_sms_file (DnevnikApplication *self);

DnevnikIdleMonitor *dnevnik_application_get_idle_monitor (DnevnikApplication *self);

G_END_DECLS
