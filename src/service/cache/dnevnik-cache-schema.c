/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-cache"

#include "config.h"

#include "dnevnik-cache-schema.h"

/* The tables of the offline copy and how a file of an older version of the
 * app is brought up to date.  The schema version is SQLite's user_version:
 * a file with a higher one was written by a newer app and is not read.
 *
 * documents: the JSON text of each document the server sent, keyed by
 *   (server, profile id, kind, key); the key is "" for the kinds that have
 *   one document per account, the date YYYY-MM-DD for a diary day, the
 *   period's id for the marks of a period.  New kinds need no migration:
 *   a kind is a value of this table.
 * meta: small values about an account's copy (e.g. how far a whole-year
 *   sync got), wiped with the account.
 */

/* Migration N brings a database from user_version N to N + 1: append,
 * never edit one that has shipped. */
static const char * const migrations[] = {
  "CREATE TABLE documents ("
  "  server     TEXT NOT NULL,"
  "  profile_id TEXT NOT NULL,"
  "  kind       TEXT NOT NULL,"
  "  key        TEXT NOT NULL,"
  "  json       TEXT NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  PRIMARY KEY (server, profile_id, kind, key)"
  ");"
  "CREATE TABLE meta ("
  "  server     TEXT NOT NULL,"
  "  profile_id TEXT NOT NULL,"
  "  name       TEXT NOT NULL,"
  "  value      TEXT NOT NULL,"
  "  PRIMARY KEY (server, profile_id, name)"
  ");",
};

/* The values of documents.kind: stored in files, so never renamed. */
static const char * const kind_names[] = {
  [DNEVNIK_CACHE_KIND_PROFILE] = "profile",
  [DNEVNIK_CACHE_KIND_LINK_STATUS] = "link_status",
  [DNEVNIK_CACHE_KIND_LIBRARY] = "library",
  [DNEVNIK_CACHE_KIND_PORTFOLIO] = "portfolio",
  [DNEVNIK_CACHE_KIND_LINK_HISTORY] = "link_history",
  [DNEVNIK_CACHE_KIND_DIARY_DAY] = "diary_day",
  [DNEVNIK_CACHE_KIND_PERIODS] = "periods",
  [DNEVNIK_CACHE_KIND_MARKS] = "marks",
};

G_STATIC_ASSERT (G_N_ELEMENTS (kind_names) == DNEVNIK_CACHE_N_KINDS);

static gboolean
run_migrations (DnevnikCacheDb  *db,
                gpointer         data,
                GError         **error)
{
  int version = GPOINTER_TO_INT (data);
  g_autofree char *set_version = NULL;

  for (int i = version; i < (int) G_N_ELEMENTS (migrations); i++)
    {
      if (!dnevnik_cache_db_exec (db, migrations[i], error))
        return FALSE;
    }

  set_version = g_strdup_printf ("PRAGMA user_version = %d", (int) G_N_ELEMENTS (migrations));
  return dnevnik_cache_db_exec (db, set_version, error);
}

/* Brings @db from @version to the current one, in one transaction. */
static gboolean
migrate (DnevnikCacheDb  *db,
         int              version,
         GError         **error)
{
  if (version >= (int) G_N_ELEMENTS (migrations))
    return TRUE;

  return dnevnik_cache_db_transaction (db, run_migrations, GINT_TO_POINTER (version), error);
}

/**
 * dnevnik_cache_schema_get:
 *
 * Returns: the cache's schema, for dnevnik_cache_db_new(): its version
 *   (the number of migrations) and how to migrate a file to it
 */
const DnevnikCacheDbSchema *
dnevnik_cache_schema_get (void)
{
  static const DnevnikCacheDbSchema schema = {
    .version = (int) G_N_ELEMENTS (migrations),
    .migrate = migrate,
  };

  return &schema;
}

const char *
dnevnik_cache_schema_kind_name (DnevnikCacheKind kind)
{
  g_assert (kind < DNEVNIK_CACHE_N_KINDS);

  return kind_names[kind];
}

/**
 * dnevnik_cache_kind_to_string:
 * @kind: a kind
 *
 * Returns: the name stored in the database for @kind, e.g. "diary_day"
 */
const char *
dnevnik_cache_kind_to_string (DnevnikCacheKind kind)
{
  g_return_val_if_fail (kind < DNEVNIK_CACHE_N_KINDS, NULL);

  return dnevnik_cache_schema_kind_name (kind);
}
