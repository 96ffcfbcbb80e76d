/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dnevnik-service.h"

G_BEGIN_DECLS

#define DNEVNIK_TYPE_YEAR_SYNC (dnevnik_year_sync_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikYearSync, dnevnik_year_sync, DNEVNIK, YEAR_SYNC, GObject)

DnevnikYearSync *dnevnik_year_sync_new            (GSettings       *settings);
void             dnevnik_year_sync_set_service    (DnevnikYearSync *self,
                                                   DnevnikService  *service);
gboolean         dnevnik_year_sync_get_syncing    (DnevnikYearSync *self);
gboolean         dnevnik_year_sync_start          (DnevnikYearSync *self,
                                                   gboolean         force);
void             dnevnik_year_sync_school_year_of (const GDate     *day,
                                                   GDate           *first,
                                                   GDate           *last);

G_END_DECLS
