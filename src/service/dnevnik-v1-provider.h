/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-provider.h"

G_BEGIN_DECLS

#define DNEVNIK_TYPE_V1_PROVIDER (dnevnik_v1_provider_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikV1Provider, dnevnik_v1_provider, DNEVNIK, V1_PROVIDER, GObject)

DnevnikProvider *dnevnik_v1_provider_new (const char  *base_url,
                                          GError     **error);

G_END_DECLS
