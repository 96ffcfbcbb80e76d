/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dnevnik-context.h"
#include "dnevnik-idle-monitor.h"
#include "dnevnik-marks-notifier.h"

G_BEGIN_DECLS

#define DNEVNIK_TYPE_APPLICATION (dnevnik_application_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikApplication, dnevnik_application, DNEVNIK, APPLICATION, AdwApplication)

DnevnikApplication   *dnevnik_application_new                (void);
DnevnikApplication   *dnevnik_application_new_for_testing    (const char         *server_url);
DnevnikContext       *dnevnik_application_get_context        (DnevnikApplication *self);
DnevnikIdleMonitor   *dnevnik_application_get_idle_monitor   (DnevnikApplication *self);
DnevnikMarksNotifier *dnevnik_application_get_marks_notifier (DnevnikApplication *self);

G_END_DECLS
