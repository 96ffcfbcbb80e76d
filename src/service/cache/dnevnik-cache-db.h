/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "dnevnik-cache.h"

G_BEGIN_DECLS

/*
 * DnevnikCacheDb:
 *
 * The SQLite connection of a cache and what is needed to open it, use it
 * and recover from a damaged file.  It belongs to the cache's worker
 * thread: every function but _new() and _free() runs there.
 */
typedef struct _DnevnikCacheDb DnevnikCacheDb;

/* Brings the tables of a file at schema @version (0: a new file) up to
 * the current one; called inside no transaction. */
typedef gboolean (*DnevnikCacheDbMigrate) (DnevnikCacheDb  *db,
                                           int              version,
                                           GError         **error);

/* What the connection opens: the schema version it knows and how to
 * reach it.  The tables themselves are the schema's business
 * (dnevnik-cache-schema.c), not the connection's. */
typedef struct
{
  int                   version;
  DnevnikCacheDbMigrate migrate;
} DnevnikCacheDbSchema;

struct _DnevnikCacheDb
{
  char                 *path;      /* NULL: memory only */
  sqlite3              *handle;    /* NULL while closed */
  gboolean              on_disk;
  int                   last_rc;   /* of the last failed call, to classify it */
  DnevnikCacheDbSchema  schema;
};

/* A piece of work inside a transaction. */
typedef gboolean (*DnevnikCacheDbWork) (DnevnikCacheDb  *db,
                                        gpointer         data,
                                        GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

gboolean        dnevnik_cache_set_error       (GError                **error,
                                               DnevnikCacheError       code);
DnevnikCacheDb *dnevnik_cache_db_new          (const char             *path,
                                               const DnevnikCacheDbSchema *schema);
void            dnevnik_cache_db_free         (DnevnikCacheDb         *db);
gboolean        dnevnik_cache_db_open         (DnevnikCacheDb         *db,
                                               DnevnikCacheOpenFlags  *out_flags,
                                               GError                **error);
void            dnevnik_cache_db_close        (DnevnikCacheDb         *db);
gboolean        dnevnik_cache_db_is_open      (DnevnikCacheDb         *db);
gboolean        dnevnik_cache_db_exec         (DnevnikCacheDb         *db,
                                               const char             *sql,
                                               GError                **error);
sqlite3_stmt   *dnevnik_cache_db_prepare      (DnevnikCacheDb         *db,
                                               const char             *sql,
                                               GError                **error);
gboolean        dnevnik_cache_db_bind_texts   (DnevnikCacheDb         *db,
                                               sqlite3_stmt           *stmt,
                                               const char * const     *texts,
                                               guint                   n_texts,
                                               GError                **error);
sqlite3_stmt   *dnevnik_cache_db_prepare_with (DnevnikCacheDb         *db,
                                               const char             *sql,
                                               const char * const     *texts,
                                               guint                   n_texts,
                                               GError                **error);
gboolean        dnevnik_cache_db_step_done    (DnevnikCacheDb         *db,
                                               sqlite3_stmt           *stmt,
                                               GError                **error);
gboolean        dnevnik_cache_db_step_text    (DnevnikCacheDb         *db,
                                               sqlite3_stmt           *stmt,
                                               char                  **out_text,
                                               GError                **error);
gboolean        dnevnik_cache_db_query_text   (DnevnikCacheDb         *db,
                                               const char             *sql,
                                               char                  **out_text,
                                               GError                **error);
gboolean        dnevnik_cache_db_transaction  (DnevnikCacheDb         *db,
                                               DnevnikCacheDbWork      work,
                                               gpointer                data,
                                               GError                **error);
gboolean        dnevnik_cache_db_checkpoint   (DnevnikCacheDb         *db,
                                               GError                **error);
void            dnevnik_cache_db_remove_aside (DnevnikCacheDb         *db);
gboolean        dnevnik_cache_db_set_error    (DnevnikCacheDb         *db,
                                               GError                **error,
                                               int                     rc,
                                               const char             *what);

G_END_DECLS
