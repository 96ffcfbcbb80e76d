/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-cache"

#include "config.h"

#include "dnevnik-cache-ops.h"

/* DnevnikCache's documents and values: what the service stores and reads
 * back.  Each call hands its arguments to dnevnik_cache_queue_call()
 * (dnevnik-cache.c), which checks and copies them as the table of
 * operations (dnevnik-cache-ops.c) says and queues the call on the worker.
 */

/**
 * dnevnik_cache_put_async:
 * @self: a cache
 * @server: the server's base URL, as the service spells it
 * @profile_id: the student's profile id on that server
 * @kind: what the document is
 * @key: (nullable): the date `YYYY-MM-DD` for %DNEVNIK_CACHE_KIND_DIARY_DAY,
 *   the period's id for %DNEVNIK_CACHE_KIND_MARKS; %NULL for the other kinds
 * @json: the JSON text the server sent
 * @cancellable: (nullable): a #GCancellable; a job cancelled before it ran
 *   does not run
 * @callback: called when the document is stored
 * @user_data: data for @callback
 *
 * Stores one document, replacing the one with the same key.
 */
void
dnevnik_cache_put_async (DnevnikCache        *self,
                         const char          *server,
                         const char          *profile_id,
                         DnevnikCacheKind     kind,
                         const char          *key,
                         const char          *json,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  const DnevnikCacheArgs args = { .server = server, .profile_id = profile_id, .kind = kind,
                                  .key = key, .text = json };

  dnevnik_cache_queue_call (self, DNEVNIK_CACHE_OP_PUT, &args,
                            cancellable, callback, user_data, dnevnik_cache_put_async);
}

/**
 * dnevnik_cache_put_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @error: return location for an error (%DNEVNIK_CACHE_ERROR_FULL when the
 *   disk is full: the earlier document stays)
 *
 * Returns: %TRUE when the document is stored
 */
gboolean
dnevnik_cache_put_finish (DnevnikCache  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return dnevnik_cache_finish_boolean (self, result, dnevnik_cache_put_async, error);
}

/**
 * dnevnik_cache_put_many_async:
 * @self: a cache
 * @server: the server's base URL
 * @profile_id: the student's profile id on that server
 * @kind: what the documents are
 * @entries: (element-type DnevnikCacheEntry): the documents; copied
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the documents are stored
 * @user_data: data for @callback
 *
 * Stores a batch of documents (e.g. the diary days of a month during a
 * whole-year sync) in ONE transaction: afterwards either all of them are
 * there or, on an error, none.
 */
void
dnevnik_cache_put_many_async (DnevnikCache        *self,
                              const char          *server,
                              const char          *profile_id,
                              DnevnikCacheKind     kind,
                              GPtrArray           *entries,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  const DnevnikCacheArgs args = { .server = server, .profile_id = profile_id, .kind = kind,
                                  .entries = entries };

  dnevnik_cache_queue_call (self, DNEVNIK_CACHE_OP_PUT_MANY, &args,
                            cancellable, callback, user_data, dnevnik_cache_put_many_async);
}

/**
 * dnevnik_cache_put_many_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when every document of the batch is stored; on %FALSE
 *   none of them is
 */
gboolean
dnevnik_cache_put_many_finish (DnevnikCache  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return dnevnik_cache_finish_boolean (self, result, dnevnik_cache_put_many_async, error);
}

/**
 * dnevnik_cache_get_async:
 * @self: a cache
 * @server: the server's base URL
 * @profile_id: the student's profile id on that server
 * @kind: what the document is
 * @key: (nullable): the date for %DNEVNIK_CACHE_KIND_DIARY_DAY, the
 *   period's id for %DNEVNIK_CACHE_KIND_MARKS, else %NULL
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the document
 * @user_data: data for @callback
 *
 * Reads one document.
 */
void
dnevnik_cache_get_async (DnevnikCache        *self,
                         const char          *server,
                         const char          *profile_id,
                         DnevnikCacheKind     kind,
                         const char          *key,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  const DnevnikCacheArgs args = { .server = server, .profile_id = profile_id, .kind = kind,
                                  .key = key };

  dnevnik_cache_queue_call (self, DNEVNIK_CACHE_OP_GET, &args,
                            cancellable, callback, user_data, dnevnik_cache_get_async);
}

/**
 * dnevnik_cache_get_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the JSON text, or %NULL with no
 *   error when nothing is cached under that key
 */
char *
dnevnik_cache_get_finish (DnevnikCache  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return dnevnik_cache_finish_pointer (self, result, dnevnik_cache_get_async, error);
}

/**
 * dnevnik_cache_get_range_async:
 * @self: a cache
 * @server: the server's base URL
 * @profile_id: the student's profile id on that server
 * @kind: what the documents are
 * @from_key: (nullable): the first key, inclusive (%NULL: from the first)
 * @to_key: (nullable): the last key, inclusive (%NULL: to the last)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the documents
 * @user_data: data for @callback
 *
 * Reads the documents whose keys lie between @from_key and @to_key, e.g.
 * the cached days of a week.  Keys compare as bytes, which orders
 * `YYYY-MM-DD` dates by date.
 */
void
dnevnik_cache_get_range_async (DnevnikCache        *self,
                               const char          *server,
                               const char          *profile_id,
                               DnevnikCacheKind     kind,
                               const char          *from_key,
                               const char          *to_key,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  const DnevnikCacheArgs args = { .server = server, .profile_id = profile_id, .kind = kind,
                                  .key = from_key, .to_key = to_key };

  dnevnik_cache_queue_call (self, DNEVNIK_CACHE_OP_GET_RANGE, &args,
                            cancellable, callback, user_data, dnevnik_cache_get_range_async);
}

/**
 * dnevnik_cache_get_range_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type DnevnikCacheEntry): the
 *   documents in the order of their keys (maybe none), or %NULL on error
 */
GPtrArray *
dnevnik_cache_get_range_finish (DnevnikCache  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return dnevnik_cache_finish_pointer (self, result, dnevnik_cache_get_range_async, error);
}

/**
 * dnevnik_cache_set_meta_async:
 * @self: a cache
 * @server: the server's base URL
 * @profile_id: the student's profile id on that server ("" for data of
 *   no account)
 * @name: the name of the value, e.g. "synced-through"
 * @value: the value
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the value is stored
 * @user_data: data for @callback
 *
 * Stores a small value about an account's cache, e.g. how far a
 * whole-year sync got.  Wiped with the account.
 */
void
dnevnik_cache_set_meta_async (DnevnikCache        *self,
                              const char          *server,
                              const char          *profile_id,
                              const char          *name,
                              const char          *value,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  const DnevnikCacheArgs args = { .server = server, .profile_id = profile_id,
                                  .key = name, .text = value };

  dnevnik_cache_queue_call (self, DNEVNIK_CACHE_OP_SET_META, &args,
                            cancellable, callback, user_data, dnevnik_cache_set_meta_async);
}

/**
 * dnevnik_cache_set_meta_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the value is stored
 */
gboolean
dnevnik_cache_set_meta_finish (DnevnikCache  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return dnevnik_cache_finish_boolean (self, result, dnevnik_cache_set_meta_async, error);
}

/**
 * dnevnik_cache_get_meta_async:
 * @self: a cache
 * @server: the server's base URL
 * @profile_id: the student's profile id on that server
 * @name: the name of the value
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the value
 * @user_data: data for @callback
 *
 * Reads a value stored with dnevnik_cache_set_meta_async().
 */
void
dnevnik_cache_get_meta_async (DnevnikCache        *self,
                              const char          *server,
                              const char          *profile_id,
                              const char          *name,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  const DnevnikCacheArgs args = { .server = server, .profile_id = profile_id, .key = name };

  dnevnik_cache_queue_call (self, DNEVNIK_CACHE_OP_GET_META, &args,
                            cancellable, callback, user_data, dnevnik_cache_get_meta_async);
}

/**
 * dnevnik_cache_get_meta_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the value, or %NULL with no error
 *   when there is none
 */
char *
dnevnik_cache_get_meta_finish (DnevnikCache  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return dnevnik_cache_finish_pointer (self, result, dnevnik_cache_get_meta_async, error);
}
