/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-cache-db.h"

G_BEGIN_DECLS

/* What the cache's worker can be asked to do: one entry each in the table
 * of operations (dnevnik-cache-ops.c). */
typedef enum
{
  DNEVNIK_CACHE_OP_OPEN,
  DNEVNIK_CACHE_OP_PUT,
  DNEVNIK_CACHE_OP_PUT_MANY,
  DNEVNIK_CACHE_OP_GET,
  DNEVNIK_CACHE_OP_GET_RANGE,
  DNEVNIK_CACHE_OP_SET_META,
  DNEVNIK_CACHE_OP_GET_META,
  DNEVNIK_CACHE_OP_WIPE_ACCOUNT,
  DNEVNIK_CACHE_OP_WIPE_ALL,
  DNEVNIK_CACHE_OP_CLOSE,
  DNEVNIK_CACHE_OP_EXEC,
} DnevnikCacheOp;

#define DNEVNIK_CACHE_N_OPS (DNEVNIK_CACHE_OP_EXEC + 1)

/*
 * DnevnikCacheArgs:
 *
 * The caller's arguments of a call, borrowed: what the public functions
 * pass on to dnevnik_cache_queue_call().  The fields an operation does not
 * take stay 0 / %NULL; the table of operations says which it takes.
 */
typedef struct
{
  const char       *server;
  const char       *profile_id;
  DnevnikCacheKind  kind;
  const char       *key;         /* also the meta name, the SQL of an exec */
  const char       *to_key;
  const char       *text;        /* the JSON of a put, the value of a meta */
  GPtrArray        *entries;
} DnevnikCacheArgs;

/*
 * DnevnikCacheCall:
 *
 * One queued operation: the task data of its GTask.  Everything in it is
 * plain data owned by the call, so that it may cross threads; the worker
 * only reads the input and fills the output.
 */
typedef struct
{
  DnevnikCacheOp         op;

  /* input */
  char                  *server;
  char                  *profile_id;
  const char            *kind;        /* static */
  char                  *key;         /* also the meta name, the SQL of an exec */
  char                  *to_key;
  char                  *text;        /* the JSON of a put, the value of a meta */
  GPtrArray             *entries;

  /* output of an open, read where the task completes */
  DnevnikCacheOpenFlags  open_flags;
  gboolean               persistent;
} DnevnikCacheCall;

DnevnikCacheCall *dnevnik_cache_call_new    (DnevnikCacheOp          op,
                                             const DnevnikCacheArgs *args);
void              dnevnik_cache_call_free   (gpointer                call);
const char       *dnevnik_cache_op_get_name (DnevnikCacheOp          op);
void              dnevnik_cache_call_run    (DnevnikCacheDb         *db,
                                             DnevnikCacheCall       *call,
                                             GTask                  *task);

/* Queueing a call and reading its result (dnevnik-cache.c). */
void     dnevnik_cache_queue_call     (DnevnikCache            *self,
                                       DnevnikCacheOp           op,
                                       const DnevnikCacheArgs  *args,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data,
                                       gpointer                 source_tag);
gboolean dnevnik_cache_finish_boolean (DnevnikCache            *self,
                                       GAsyncResult            *result,
                                       gpointer                 source_tag,
                                       GError                 **error);
gpointer dnevnik_cache_finish_pointer (DnevnikCache            *self,
                                       GAsyncResult            *result,
                                       gpointer                 source_tag,
                                       GError                 **error);

G_END_DECLS
