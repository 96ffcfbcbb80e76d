/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-cache.h"
#include "dnevnik-service.h"

G_BEGIN_DECLS

/* Test seams of DnevnikService: nothing in the app calls them. */

DnevnikCache *dnevnik_service_get_cache      (DnevnikService *self);
const char   *dnevnik_service_get_account_id (DnevnikService *self);

G_END_DECLS
