/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-cache"

#include "config.h"

#include "dnevnik-cache.h"

G_DEFINE_BOXED_TYPE (DnevnikCacheEntry, dnevnik_cache_entry,
                     dnevnik_cache_entry_copy, dnevnik_cache_entry_free)

/**
 * dnevnik_cache_entry_new:
 * @key: the key of the document ("" or %NULL for one-per-account kinds)
 * @json: the JSON text
 *
 * Returns: (transfer full): a new entry, to give to
 *   dnevnik_cache_put_many_async()
 */
DnevnikCacheEntry *
dnevnik_cache_entry_new (const char *key,
                         const char *json)
{
  DnevnikCacheEntry *entry;

  g_return_val_if_fail (json != NULL, NULL);

  entry = g_new0 (DnevnikCacheEntry, 1);
  entry->key = g_strdup (key != NULL ? key : "");
  entry->json = g_strdup (json);

  return entry;
}

/**
 * dnevnik_cache_entry_copy:
 * @entry: an entry
 *
 * Returns: (transfer full): a deep copy of @entry
 */
DnevnikCacheEntry *
dnevnik_cache_entry_copy (const DnevnikCacheEntry *entry)
{
  DnevnikCacheEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = dnevnik_cache_entry_new (entry->key, entry->json);
  copy->updated_at = entry->updated_at;

  return copy;
}

/**
 * dnevnik_cache_entry_free:
 * @entry: (nullable): an entry
 *
 * Frees @entry.
 */
void
dnevnik_cache_entry_free (DnevnikCacheEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->key);
  g_free (entry->json);
  g_free (entry);
}
