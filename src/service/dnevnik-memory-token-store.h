/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-token-store.h"

G_BEGIN_DECLS

/**
 * DnevnikMemoryTokenStore:
 *
 * A #DnevnikTokenStore that keeps tokens in this process only: for "don't
 * remember me" configurations (nothing reaches the disk) and for tests.
 */
#define DNEVNIK_TYPE_MEMORY_TOKEN_STORE (dnevnik_memory_token_store_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikMemoryTokenStore, dnevnik_memory_token_store, DNEVNIK, MEMORY_TOKEN_STORE, GObject)

DnevnikTokenStore *dnevnik_memory_token_store_new       (void);
guint              dnevnik_memory_token_store_get_count (DnevnikMemoryTokenStore *self);

G_END_DECLS
