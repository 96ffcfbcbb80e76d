/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DNEVNIK_TYPE_CACHE_WORKER (dnevnik_cache_worker_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikCacheWorker, dnevnik_cache_worker, DNEVNIK, CACHE_WORKER, GObject)

DnevnikCacheWorker *dnevnik_cache_worker_new       (const char         *name,
                                                    GDestroyNotify      on_exit,
                                                    gpointer            on_exit_data);
void                dnevnik_cache_worker_queue     (DnevnikCacheWorker *self,
                                                    GTask              *task,
                                                    GTaskThreadFunc     func);
void                dnevnik_cache_worker_shutdown  (DnevnikCacheWorker *self);
gboolean            dnevnik_cache_worker_in_worker (void);

G_END_DECLS
