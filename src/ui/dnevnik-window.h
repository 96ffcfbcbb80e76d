/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dnevnik-context.h"

G_BEGIN_DECLS

#define DNEVNIK_TYPE_WINDOW (dnevnik_window_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikWindow, dnevnik_window, DNEVNIK, WINDOW, AdwApplicationWindow)

DnevnikWindow  *dnevnik_window_new              (GtkApplication *application,
                                                 DnevnikContext *context);
DnevnikContext *dnevnik_window_get_context      (DnevnikWindow  *self);
void            dnevnik_window_show_page        (DnevnikWindow  *self,
                                                 const char     *name);
const char     *dnevnik_window_get_visible_page (DnevnikWindow  *self);
GtkWidget      *dnevnik_window_get_page         (DnevnikWindow  *self,
                                                 const char     *name);
const char     *dnevnik_window_get_mode         (DnevnikWindow  *self);
gboolean        dnevnik_window_get_offline      (DnevnikWindow  *self);

G_END_DECLS
