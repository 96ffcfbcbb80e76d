/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-cache-db.h"

G_BEGIN_DECLS

const DnevnikCacheDbSchema *dnevnik_cache_schema_get   (void);
const char                 *dnevnik_cache_schema_kind_name (DnevnikCacheKind kind);

G_END_DECLS
