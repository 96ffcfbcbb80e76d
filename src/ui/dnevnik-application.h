/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DNEVNIK_TYPE_APPLICATION (dnevnik_application_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikApplication, dnevnik_application, DNEVNIK, APPLICATION, AdwApplication)

DnevnikApplication *dnevnik_application_new          (void);
GSettings          *dnevnik_application_get_settings (DnevnikApplication *self);
const char         *dnevnik_application_get_server_override (DnevnikApplication *self);
gboolean            dnevnik_application_get_force_sandbox   (DnevnikApplication *self);

G_END_DECLS
