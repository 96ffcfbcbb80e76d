/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DnevnikCacheError:
 * @DNEVNIK_CACHE_ERROR_CORRUPT: the database file is damaged
 * @DNEVNIK_CACHE_ERROR_IO: the database could not be read or written
 * @DNEVNIK_CACHE_ERROR_FULL: the disk (or the size limit) is full; nothing of
 *   the failed job was written
 * @DNEVNIK_CACHE_ERROR_CLOSED: the cache is not open (never opened, or closed)
 *
 * Errors of the offline copy.  Their messages are translated and may be
 * shown to people; the SQLite detail goes to g_debug().
 */
typedef enum
{
  DNEVNIK_CACHE_ERROR_CORRUPT,
  DNEVNIK_CACHE_ERROR_IO,
  DNEVNIK_CACHE_ERROR_FULL,
  DNEVNIK_CACHE_ERROR_CLOSED,
} DnevnikCacheError;

#define DNEVNIK_CACHE_N_ERRORS (DNEVNIK_CACHE_ERROR_CLOSED + 1)

#define DNEVNIK_CACHE_ERROR (dnevnik_cache_error_quark ())
GQuark dnevnik_cache_error_quark (void);

/**
 * DnevnikCacheKind:
 * @DNEVNIK_CACHE_KIND_PROFILE: `GET /api/v1/profile`, one per account
 * @DNEVNIK_CACHE_KIND_LINK_STATUS: `GET /api/v1/sferum/link`, one per account
 * @DNEVNIK_CACHE_KIND_LIBRARY: `GET /api/v1/library`, one per account
 * @DNEVNIK_CACHE_KIND_PORTFOLIO: `GET /api/v1/portfolio`, one per account
 * @DNEVNIK_CACHE_KIND_LINK_HISTORY: `GET /api/v1/sferum/link/history`, one
 *   per account
 * @DNEVNIK_CACHE_KIND_DIARY_DAY: one element of the `days` array of
 *   `GET /api/v1/diary`, keyed by its date `YYYY-MM-DD`
 * @DNEVNIK_CACHE_KIND_PERIODS: `GET /api/v1/periods`, one per account
 * @DNEVNIK_CACHE_KIND_MARKS: `GET /api/v1/marks` of one period, keyed by
 *   the period's id
 *
 * What a cached document is.  The cache stores the JSON text the server sent
 * (never model objects, never tokens), so that cached data is parsed by the
 * same code as fresh data.
 */
typedef enum
{
  DNEVNIK_CACHE_KIND_PROFILE,
  DNEVNIK_CACHE_KIND_LINK_STATUS,
  DNEVNIK_CACHE_KIND_LIBRARY,
  DNEVNIK_CACHE_KIND_PORTFOLIO,
  DNEVNIK_CACHE_KIND_LINK_HISTORY,
  DNEVNIK_CACHE_KIND_DIARY_DAY,
  DNEVNIK_CACHE_KIND_PERIODS,
  DNEVNIK_CACHE_KIND_MARKS,
} DnevnikCacheKind;

#define DNEVNIK_CACHE_N_KINDS (DNEVNIK_CACHE_KIND_MARKS + 1)

/**
 * DnevnikCacheOpenFlags:
 * @DNEVNIK_CACHE_OPEN_NONE: the database was opened as asked
 * @DNEVNIK_CACHE_OPEN_RESET: the file on disk was damaged, unreadable or
 *   from a newer version of the app; it was moved aside (or deleted) and
 *   the offline copy starts empty.  Tell the student.
 * @DNEVNIK_CACHE_OPEN_MEMORY_FALLBACK: the file could not be used or
 *   created at all; this session keeps its offline copy in memory only.
 *
 * What dnevnik_cache_open_async() had to do to give a working cache.
 */
typedef enum
{
  DNEVNIK_CACHE_OPEN_NONE            = 0,
  DNEVNIK_CACHE_OPEN_RESET           = 1 << 0,
  DNEVNIK_CACHE_OPEN_MEMORY_FALLBACK = 1 << 1,
} DnevnikCacheOpenFlags;

/**
 * DnevnikCacheEntry:
 * @key: the key of the document, e.g. the date of a diary day; "" for the
 *   kinds that have one document per account
 * @json: the JSON text as the server sent it
 * @updated_at: when it was stored, in seconds since the Unix epoch (0 in
 *   entries built by the caller)
 *
 * One cached document: plain data that may cross threads.
 */
typedef struct
{
  char   *key;
  char   *json;
  gint64  updated_at;
} DnevnikCacheEntry;

#define DNEVNIK_TYPE_CACHE_ENTRY (dnevnik_cache_entry_get_type ())

GType              dnevnik_cache_entry_get_type (void) G_GNUC_CONST;
DnevnikCacheEntry *dnevnik_cache_entry_new      (const char              *key,
                                                 const char              *json);
DnevnikCacheEntry *dnevnik_cache_entry_copy     (const DnevnikCacheEntry *entry);
void               dnevnik_cache_entry_free     (DnevnikCacheEntry       *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DnevnikCacheEntry, dnevnik_cache_entry_free)

/**
 * DnevnikCache:
 *
 * The offline copy of what the server sent: sqlite on ONE worker thread
 * that runs jobs strictly in the order they were queued, from any thread.
 * Each job completes on the main context of the thread that queued it
 * (captured at call time), with plain data: strings and arrays of
 * #DnevnikCacheEntry.  Rows are keyed by (server, profile id, kind, key).
 *
 * Order is the contract: a wipe queued after a write runs after it, and
 * the callers need not wait for one job before queueing the next (an
 * open, then gets, is fine).  Closing or disposing drains the queue first.
 *
 * Usage: dnevnik_cache_new() with dnevnik_cache_get_default_path() (or
 * %NULL: memory only, "don't remember me"), dnevnik_cache_open_async(),
 * then put/get/wipe.  When dnevnik_cache_open_finish() reports
 * %DNEVNIK_CACHE_OPEN_RESET, tell the student the offline copy was reset.
 * A %DNEVNIK_CACHE_ERROR_CORRUPT from a later job means the file broke
 * while in use: closing and opening again moves it aside.
 */
#define DNEVNIK_TYPE_CACHE (dnevnik_cache_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikCache, dnevnik_cache, DNEVNIK, CACHE, GObject)

const char   *dnevnik_cache_kind_to_string      (DnevnikCacheKind        kind);
char         *dnevnik_cache_get_default_path    (void);

DnevnikCache *dnevnik_cache_new                 (const char             *path);
const char   *dnevnik_cache_get_path            (DnevnikCache           *self);
gboolean      dnevnik_cache_get_persistent      (DnevnikCache           *self);
gboolean      dnevnik_cache_get_was_reset       (DnevnikCache           *self);

void          dnevnik_cache_open_async          (DnevnikCache           *self,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
gboolean      dnevnik_cache_open_finish         (DnevnikCache           *self,
                                                 GAsyncResult           *result,
                                                 DnevnikCacheOpenFlags  *out_flags,
                                                 GError                **error);

void          dnevnik_cache_put_async           (DnevnikCache           *self,
                                                 const char             *server,
                                                 const char             *profile_id,
                                                 DnevnikCacheKind        kind,
                                                 const char             *key,
                                                 const char             *json,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
gboolean      dnevnik_cache_put_finish          (DnevnikCache           *self,
                                                 GAsyncResult           *result,
                                                 GError                **error);

void          dnevnik_cache_put_many_async      (DnevnikCache           *self,
                                                 const char             *server,
                                                 const char             *profile_id,
                                                 DnevnikCacheKind        kind,
                                                 GPtrArray              *entries,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
gboolean      dnevnik_cache_put_many_finish     (DnevnikCache           *self,
                                                 GAsyncResult           *result,
                                                 GError                **error);

void          dnevnik_cache_get_async           (DnevnikCache           *self,
                                                 const char             *server,
                                                 const char             *profile_id,
                                                 DnevnikCacheKind        kind,
                                                 const char             *key,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
char         *dnevnik_cache_get_finish          (DnevnikCache           *self,
                                                 GAsyncResult           *result,
                                                 GError                **error);

void          dnevnik_cache_get_range_async     (DnevnikCache           *self,
                                                 const char             *server,
                                                 const char             *profile_id,
                                                 DnevnikCacheKind        kind,
                                                 const char             *from_key,
                                                 const char             *to_key,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
GPtrArray    *dnevnik_cache_get_range_finish    (DnevnikCache           *self,
                                                 GAsyncResult           *result,
                                                 GError                **error);

void          dnevnik_cache_set_meta_async      (DnevnikCache           *self,
                                                 const char             *server,
                                                 const char             *profile_id,
                                                 const char             *name,
                                                 const char             *value,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
gboolean      dnevnik_cache_set_meta_finish     (DnevnikCache           *self,
                                                 GAsyncResult           *result,
                                                 GError                **error);

void          dnevnik_cache_get_meta_async      (DnevnikCache           *self,
                                                 const char             *server,
                                                 const char             *profile_id,
                                                 const char             *name,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
char         *dnevnik_cache_get_meta_finish     (DnevnikCache           *self,
                                                 GAsyncResult           *result,
                                                 GError                **error);

void          dnevnik_cache_wipe_account_async  (DnevnikCache           *self,
                                                 const char             *server,
                                                 const char             *profile_id,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
gboolean      dnevnik_cache_wipe_account_finish (DnevnikCache           *self,
                                                 GAsyncResult           *result,
                                                 GError                **error);

void          dnevnik_cache_wipe_all_async      (DnevnikCache           *self,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
gboolean      dnevnik_cache_wipe_all_finish     (DnevnikCache           *self,
                                                 GAsyncResult           *result,
                                                 GError                **error);

void          dnevnik_cache_close_async         (DnevnikCache           *self,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
gboolean      dnevnik_cache_close_finish        (DnevnikCache           *self,
                                                 GAsyncResult           *result,
                                                 GError                **error);

G_END_DECLS
