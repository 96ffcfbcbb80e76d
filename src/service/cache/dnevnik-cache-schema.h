/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-cache-db.h"

G_BEGIN_DECLS

int         dnevnik_cache_schema_get_version (void);
gboolean    dnevnik_cache_schema_migrate     (DnevnikCacheDb    *db,
                                              int                version,
                                              GError           **error);
const char *dnevnik_cache_schema_kind_name   (DnevnikCacheKind   kind);

G_END_DECLS
