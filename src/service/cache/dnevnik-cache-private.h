/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-cache.h"

G_BEGIN_DECLS

/* Test seams of DnevnikCache: nothing in the app calls them. */

/**
 * DnevnikCacheJobHook:
 * @cache: the cache
 * @job_name: what the job is ("open", "put", "get", "wipe-account", …)
 * @user_data: the data given to dnevnik_cache_set_job_hook()
 *
 * Called on the worker thread before each job runs (cancelled ones too), so
 * that a test can see which thread runs the jobs and can hold the worker
 * while it queues more jobs.
 */
typedef void (*DnevnikCacheJobHook) (DnevnikCache *cache,
                                     const char   *job_name,
                                     gpointer      user_data);

void  dnevnik_cache_set_job_hook   (DnevnikCache        *self,
                                    DnevnikCacheJobHook  hook,
                                    gpointer             user_data);

void  dnevnik_cache_exec_async     (DnevnikCache        *self,
                                    const char          *sql,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
char *dnevnik_cache_exec_finish    (DnevnikCache        *self,
                                    GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
