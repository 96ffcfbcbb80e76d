/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-cache-private.h"
#include "dnevnik-test-loop.h"

G_BEGIN_DECLS

/* What the cache tests share: an account or two, real documents, and
 * synchronous wrappers of the cache's calls that spin the main context. */

#define SERVER "http://127.0.0.1:8080"
#define OTHER_SERVER "https://dnevnik.example.org"
#define IVAN "1001"
#define MARIA "1002"

extern const char profile_json[];
extern const char link_status_json[];
extern const char library_json[];
extern const char portfolio_json[];
extern const char link_history_json[];

/* A fresh directory for a test and the database file to use in it; the
 * directory goes away after the test. */
typedef struct
{
  char *dir;
  char *path;
} CacheFileFixture;

void                   cache_file_fixture_set_up    (CacheFileFixture  *fixture,
                                                     gconstpointer      data);
void                   cache_file_fixture_tear_down (CacheFileFixture  *fixture,
                                                     gconstpointer      data);

#define cache_file_test_add(testpath, func) \
  g_test_add ((testpath), CacheFileFixture, NULL, \
              cache_file_fixture_set_up, (func), cache_file_fixture_tear_down)

DnevnikCacheOpenFlags  cache_open           (DnevnikCache      *cache);
gboolean               cache_put_full       (DnevnikCache      *cache,
                                             const char        *server,
                                             const char        *profile_id,
                                             DnevnikCacheKind   kind,
                                             const char        *key,
                                             const char        *json,
                                             GError           **error);
void                   cache_put            (DnevnikCache      *cache,
                                             const char        *profile_id,
                                             DnevnikCacheKind   kind,
                                             const char        *key,
                                             const char        *json);
gboolean               cache_put_many       (DnevnikCache      *cache,
                                             const char        *profile_id,
                                             DnevnikCacheKind   kind,
                                             GPtrArray         *entries,
                                             GError           **error);
char                  *cache_get_full       (DnevnikCache      *cache,
                                             const char        *server,
                                             const char        *profile_id,
                                             DnevnikCacheKind   kind,
                                             const char        *key);
char                  *cache_get            (DnevnikCache      *cache,
                                             const char        *profile_id,
                                             DnevnikCacheKind   kind,
                                             const char        *key);
GPtrArray             *cache_get_range_full (DnevnikCache      *cache,
                                             const char        *server,
                                             const char        *profile_id,
                                             const char        *from,
                                             const char        *to);
GPtrArray             *cache_get_days       (DnevnikCache      *cache,
                                             const char        *profile_id,
                                             const char        *from,
                                             const char        *to);
void                   cache_wipe_account   (DnevnikCache      *cache,
                                             const char        *server,
                                             const char        *profile_id);
void                   cache_wipe_all       (DnevnikCache      *cache);
void                   cache_close          (DnevnikCache      *cache);
char                  *cache_exec           (DnevnikCache      *cache,
                                             const char        *sql,
                                             GError           **error);
void                   cache_destroy        (DnevnikCache      *cache);
char                  *day_key              (GDate             *date);
char                  *day_json             (const char        *date,
                                             const char        *marker);
GPtrArray             *make_days            (const char        *first,
                                             guint              n_days,
                                             const char        *marker);
char                  *make_tmp_dir         (void);
gboolean               dir_contains_bytes   (const char        *dir,
                                             const char        *needle);

G_END_DECLS
