/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-cache"

#include "config.h"

#include "dnevnik-cache-ops.h"
#include "dnevnik-cache-schema.h"

/* DnevnikCache's documents and values: what the service stores and reads
 * back.  Each call copies its input into a DnevnikCacheCall and queues it
 * (dnevnik-cache.c); the table of operations runs it on the worker.
 */

static gboolean
is_account_kind (DnevnikCacheKind kind)
{
  return kind != DNEVNIK_CACHE_KIND_DIARY_DAY;
}

/**
 * dnevnik_cache_put_async:
 * @self: a cache
 * @server: the server's base URL, as the service spells it
 * @profile_id: the student's profile id on that server
 * @kind: what the document is
 * @key: (nullable): the date `YYYY-MM-DD` for %DNEVNIK_CACHE_KIND_DIARY_DAY;
 *   %NULL for the other kinds
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
  DnevnikCacheCall *call;

  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (kind < DNEVNIK_CACHE_N_KINDS);
  g_return_if_fail (is_account_kind (kind) || key != NULL);
  g_return_if_fail (json != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = dnevnik_cache_call_new (DNEVNIK_CACHE_OP_PUT, server, profile_id);
  call->kind = dnevnik_cache_schema_kind_name (kind);
  call->key = g_strdup (key != NULL ? key : "");
  call->text = g_strdup (json);
  dnevnik_cache_queue_call (self, call, cancellable, callback, user_data, dnevnik_cache_put_async);
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
  DnevnikCacheCall *call;

  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (kind < DNEVNIK_CACHE_N_KINDS);
  g_return_if_fail (entries != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = dnevnik_cache_call_new (DNEVNIK_CACHE_OP_PUT_MANY, server, profile_id);
  call->kind = dnevnik_cache_schema_kind_name (kind);
  call->entries = g_ptr_array_new_full (entries->len, (GDestroyNotify) dnevnik_cache_entry_free);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (call->entries, dnevnik_cache_entry_copy (g_ptr_array_index (entries, i)));
  dnevnik_cache_queue_call (self, call, cancellable, callback, user_data,
                            dnevnik_cache_put_many_async);
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
 * @key: (nullable): the date for %DNEVNIK_CACHE_KIND_DIARY_DAY, else %NULL
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
  DnevnikCacheCall *call;

  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (kind < DNEVNIK_CACHE_N_KINDS);
  g_return_if_fail (is_account_kind (kind) || key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = dnevnik_cache_call_new (DNEVNIK_CACHE_OP_GET, server, profile_id);
  call->kind = dnevnik_cache_schema_kind_name (kind);
  call->key = g_strdup (key != NULL ? key : "");
  dnevnik_cache_queue_call (self, call, cancellable, callback, user_data, dnevnik_cache_get_async);
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
  DnevnikCacheCall *call;

  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (kind < DNEVNIK_CACHE_N_KINDS);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = dnevnik_cache_call_new (DNEVNIK_CACHE_OP_GET_RANGE, server, profile_id);
  call->kind = dnevnik_cache_schema_kind_name (kind);
  call->key = g_strdup (from_key);
  call->to_key = g_strdup (to_key);
  dnevnik_cache_queue_call (self, call, cancellable, callback, user_data,
                            dnevnik_cache_get_range_async);
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
  DnevnikCacheCall *call;

  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = dnevnik_cache_call_new (DNEVNIK_CACHE_OP_SET_META, server, profile_id);
  call->key = g_strdup (name);
  call->text = g_strdup (value);
  dnevnik_cache_queue_call (self, call, cancellable, callback, user_data,
                            dnevnik_cache_set_meta_async);
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
  DnevnikCacheCall *call;

  g_return_if_fail (DNEVNIK_IS_CACHE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = dnevnik_cache_call_new (DNEVNIK_CACHE_OP_GET_META, server, profile_id);
  call->key = g_strdup (name);
  dnevnik_cache_queue_call (self, call, cancellable, callback, user_data,
                            dnevnik_cache_get_meta_async);
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
