/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dnevnik-service-private.h"

/* The offline copy (DnevnikCache)
 * ===============================
 * A session has one cache: the file (dnevnik_cache_get_default_path(), or
 * the cache-path property) when the student is remembered, a database in
 * memory otherwise, so that nothing of a "don't remember me" student
 * reaches the disk.  The cache is chosen once the session knows whether it
 * is remembered: when sign-in completes, or when a remembered session is
 * restored.  Its rows are keyed by the server and the profile id; the
 * login → profile id mapping a restore needs (the token store knows the
 * login only) is a meta row of the pseudo account "@LOGIN", wiped with the
 * account on sign-out.  Only server documents go in, never tokens.
 *
 * Every successful reply passes through _dnevnik_service_remember_reply()
 * or _dnevnik_service_remember_days(), which queue a write.  A reply is
 * only applied while its session is the current one, and the session's
 * cache is dropped when it ends, so that nothing lands after the sign-out
 * wipe (which the cache runs in queue order).
 */

typedef gboolean (*CacheFinishFunc) (DnevnikCache  *cache,
                                     GAsyncResult  *result,
                                     GError       **error);

/* A write whose failure only the service needs to hear of. */
typedef struct
{
  DnevnikService  *self;
  CacheFinishFunc  finish;
} CacheJob;

/* The pseudo account that maps a login to its profile id in the cache. */
char *
_dnevnik_service_login_account_key (const char *login)
{
  return g_strconcat ("@", login, NULL);
}

/* Finishes a dnevnik_cache_get_async(): the cached document as the body
 * of a reply, or %NULL when there is none, on an error, or when the call
 * that asked no longer wants it (@wanted: not cancelled, its session
 * current). */
GBytes *
_dnevnik_service_cached_document (DnevnikCache  *cache,
                                  GAsyncResult  *result,
                                  gboolean       wanted,
                                  GError       **error)
{
  char *json = dnevnik_cache_get_finish (cache, result, error);

  if (json == NULL || !wanted)
    {
      g_free (json);
      return NULL;
    }

  return g_bytes_new_take (json, strlen (json));
}

void
_dnevnik_service_forget_stored_replies (DnevnikService *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->stored_replies); i++)
    g_clear_pointer (&self->stored_replies[i], g_bytes_unref);
}

static void
report_cache_reset (DnevnikService        *self,
                    DnevnikCacheOpenFlags  flags)
{
  const char *message;

  if (flags & DNEVNIK_CACHE_OPEN_MEMORY_FALLBACK)
    message = _("The offline copy of your diary cannot be saved on this computer; it is kept until the app is closed");
  else if (flags & DNEVNIK_CACHE_OPEN_RESET)
    message = _("The offline copy of your diary was damaged and has been reset");
  else
    return;

  g_debug ("Offline copy reset (flags %x)", flags);
  _dnevnik_service_emit_cache_reset (self, message);
}

typedef struct
{
  GWeakRef      service;
  DnevnikCache *cache;
} CacheOpen;

static void
cache_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  CacheOpen *open = data;
  g_autoptr(DnevnikService) self = g_weak_ref_get (&open->service);
  g_autoptr(GError) error = NULL;
  DnevnikCacheOpenFlags flags = DNEVNIK_CACHE_OPEN_NONE;

  if (!dnevnik_cache_open_finish (DNEVNIK_CACHE (source), result, &flags, &error))
    g_debug ("The offline copy could not be opened: %s", error->message);

  if (self != NULL)
    {
      if (open->cache == self->cache)
        {
          self->recovering_cache = FALSE;
          _dnevnik_service_forget_stored_replies (self);
        }
      report_cache_reset (self, flags);
    }

  g_weak_ref_clear (&open->service);
  g_free (open);
}

/* Queues the open: later jobs may be queued at once, they run after it. */
static void
open_cache (DnevnikService *self,
            DnevnikCache   *cache)
{
  CacheOpen *open = g_new0 (CacheOpen, 1);

  g_weak_ref_init (&open->service, self);
  open->cache = cache;
  dnevnik_cache_open_async (cache, NULL, cache_opened_cb, open);
}

DnevnikCache *
_dnevnik_service_get_disk_cache (DnevnikService *self)
{
  if (self->disk_cache == NULL)
    {
      g_autofree char *path = self->cache_path != NULL ? g_strdup (self->cache_path)
                                                       : dnevnik_cache_get_default_path ();

      self->disk_cache = dnevnik_cache_new (path);
      open_cache (self, self->disk_cache);
    }

  return self->disk_cache;
}

gboolean
_dnevnik_service_disk_cache_exists (DnevnikService *self)
{
  g_autofree char *path = NULL;

  if (self->disk_cache != NULL)
    return TRUE;

  path = self->cache_path != NULL ? g_strdup (self->cache_path) : dnevnik_cache_get_default_path ();
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
cache_closed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!dnevnik_cache_close_finish (DNEVNIK_CACHE (source), result, &error))
    g_debug ("Could not close the offline copy: %s", error->message);
}

/* A job failed.  A file that broke while in use is closed and opened
 * again, which moves it aside (and reports the reset); anything else only
 * costs the offline copy of one document.
 */
void
_dnevnik_service_note_cache_error (DnevnikService *self,
                                   DnevnikCache   *cache,
                                   const GError   *error)
{
  /* Whatever failed, what the rows hold is no longer known. */
  if (cache == self->cache)
    _dnevnik_service_forget_stored_replies (self);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("Offline copy: %s", error->message);

  /* A full disk or a failing one: what the student sees is fresh, but the
   * offline copy falls behind.  Say so once a session, not at every write. */
  if (cache == self->cache && !self->cache_failure_told &&
      (g_error_matches (error, DNEVNIK_CACHE_ERROR, DNEVNIK_CACHE_ERROR_FULL) ||
       g_error_matches (error, DNEVNIK_CACHE_ERROR, DNEVNIK_CACHE_ERROR_IO)))
    {
      self->cache_failure_told = TRUE;
      _dnevnik_service_emit_cache_failed (self,
                                          g_error_matches (error, DNEVNIK_CACHE_ERROR, DNEVNIK_CACHE_ERROR_FULL)
                                          ? _("There is not enough disk space to keep the offline copy of your diary up to date. What you see now is up to date, but it may not be available without a network.")
                                          : _("The offline copy of your diary could not be saved. What you see now is up to date, but it may not be available without a network."));
    }

  if (!g_error_matches (error, DNEVNIK_CACHE_ERROR, DNEVNIK_CACHE_ERROR_CORRUPT) ||
      self->recovering_cache || cache != self->cache)
    return;

  self->recovering_cache = TRUE;
  dnevnik_cache_close_async (cache, NULL, cache_closed_cb, NULL);
  open_cache (self, cache);
}

static CacheJob *
cache_job_new (DnevnikService  *self,
               CacheFinishFunc  finish)
{
  CacheJob *job = g_new0 (CacheJob, 1);

  job->self = g_object_ref (self);
  job->finish = finish;

  return job;
}

static void
cache_job_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  CacheJob *job = data;
  g_autoptr(GError) error = NULL;

  if (!job->finish (DNEVNIK_CACHE (source), result, &error))
    _dnevnik_service_note_cache_error (job->self, DNEVNIK_CACHE (source), error);

  g_object_unref (job->self);
  g_free (job);
}

gboolean
_dnevnik_service_cache_is_usable (DnevnikService *self)
{
  return self->cache != NULL && self->account_id != NULL;
}

/* Keeps a document of one per account (profile, link status, lists).
 * Only replies of the current session get here (see _dnevnik_service_run_op).
 */
void
_dnevnik_service_remember_reply (DnevnikService   *self,
                                 DnevnikCacheKind  kind,
                                 GBytes           *body)
{
  g_assert (kind < G_N_ELEMENTS (self->stored_replies));

  if (!_dnevnik_service_cache_is_usable (self))
    return;

  /* The row holds these very bytes already (or will, the cache runs its
   * jobs in order): a status polled again costs no write. */
  if (self->stored_replies[kind] != NULL && g_bytes_equal (self->stored_replies[kind], body))
    return;

  g_clear_pointer (&self->stored_replies[kind], g_bytes_unref);
  if (g_bytes_get_size (body) <= DNEVNIK_SERVICE_MAX_MEMO_SIZE)
    self->stored_replies[kind] = g_bytes_ref (body);

  _dnevnik_service_remember_document (self, kind, NULL, body);
}

/* Queues the write of one document (@key: see dnevnik_cache_put_async());
 * a failure is only noted. */
void
_dnevnik_service_remember_document (DnevnikService   *self,
                                    DnevnikCacheKind  kind,
                                    const char       *key,
                                    GBytes           *body)
{
  g_autofree char *json = NULL;

  if (!_dnevnik_service_cache_is_usable (self))
    return;

  json = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  dnevnik_cache_put_async (self->cache, _dnevnik_service_get_server (self), self->account_id, kind, key, json,
                           NULL, cache_job_done_cb, cache_job_new (self, dnevnik_cache_put_finish));
}

/* Keeps diary days: @entries of DnevnikCacheEntry, one transaction. */
void
_dnevnik_service_remember_days (DnevnikService *self,
                                GPtrArray      *entries)
{
  if (!_dnevnik_service_cache_is_usable (self) || entries->len == 0)
    return;

  dnevnik_cache_put_many_async (self->cache, _dnevnik_service_get_server (self), self->account_id,
                                DNEVNIK_CACHE_KIND_DIARY_DAY, entries, NULL,
                                cache_job_done_cb, cache_job_new (self, dnevnik_cache_put_many_finish));
}

/* The cache entries of a diary reply whose days are @days (parsed from
 * the same body, so element i is day i). */
GPtrArray *
_dnevnik_service_diary_entries (GBytes     *body,
                                GListModel *days)
{
  g_autoptr(GPtrArray) texts = _dnevnik_service_split_array (body, "days", NULL);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) dnevnik_cache_entry_free);

  if (texts == NULL || texts->len != g_list_model_get_n_items (days))
    return g_steal_pointer (&entries);

  for (guint i = 0; i < texts->len; i++)
    {
      g_autoptr(DnevnikDiaryDay) day = g_list_model_get_item (days, i);
      g_autofree char *key = _dnevnik_service_format_date (dnevnik_diary_day_get_date (day));

      g_ptr_array_add (entries, dnevnik_cache_entry_new (key, g_ptr_array_index (texts, i)));
    }

  return g_steal_pointer (&entries);
}

/* Which profile keys the rows of this session; with a file cache, also
 * remembered for the login so that a restore finds it. */
void
_dnevnik_service_set_account (DnevnikService *self,
                              const char     *profile_id)
{
  g_autofree char *login_key = NULL;

  if (profile_id == NULL || g_strcmp0 (self->account_id, profile_id) == 0)
    return;

  g_free (self->account_id);
  self->account_id = g_strdup (profile_id);
  _dnevnik_service_forget_stored_replies (self);

  if (self->cache == NULL || self->cache != self->disk_cache || _dnevnik_service_get_tokens (self) == NULL)
    return;

  login_key = _dnevnik_service_login_account_key (_dnevnik_service_get_tokens (self)->login);
  dnevnik_cache_set_meta_async (self->cache, _dnevnik_service_get_server (self), login_key, "profile-id", profile_id,
                                NULL, cache_job_done_cb, cache_job_new (self, dnevnik_cache_set_meta_finish));
}

/* Sets the cache of a session that has just begun. */
void
_dnevnik_service_use_cache (DnevnikService *self,
                            gboolean        remembered)
{
  _dnevnik_service_forget_stored_replies (self);

  if (remembered)
    {
      g_set_object (&self->cache, _dnevnik_service_get_disk_cache (self));
      return;
    }

  g_clear_object (&self->cache);
  self->cache = dnevnik_cache_new (NULL);
  open_cache (self, self->cache);
}

static void
cache_wiped_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!dnevnik_cache_wipe_account_finish (DNEVNIK_CACHE (source), result, &error))
    g_debug ("Could not wipe an account from the offline copy: %s", error->message);
}

/* Queues the wipe of everything @cache holds of an account (after its
 * pending writes); @callback, if any, runs when both wipes are done. */
void
_dnevnik_service_wipe_account (DnevnikService      *self,
                               DnevnikCache        *cache,
                               const char          *account_id,
                               const char          *login,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *login_key = _dnevnik_service_login_account_key (login);

  _dnevnik_service_forget_stored_replies (self);

  if (account_id != NULL)
    dnevnik_cache_wipe_account_async (cache, _dnevnik_service_get_server (self), account_id, NULL, cache_wiped_cb, NULL);

  /* Queued last: when it is done, so is the one before. */
  dnevnik_cache_wipe_account_async (cache, _dnevnik_service_get_server (self), login_key, NULL,
                                    callback != NULL ? callback : cache_wiped_cb, user_data);
}

/**
 * dnevnik_service_get_cache:
 * @self: a #DnevnikService
 *
 * Test seam: the cache of the current session, so that a test can queue a
 * job behind the service's writes (the cache runs jobs in order) or change
 * what is cached.  The service takes itself for the only writer: a
 * one-document reply (profile, link status, lists) that comes again
 * unchanged is not written again, so a test that changes such a row
 * behind its back sees it kept until the server says something else.
 *
 * Returns: (transfer none) (nullable): the cache, %NULL when signed out
 */
DnevnikCache *
dnevnik_service_get_cache (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return self->cache;
}

/**
 * dnevnik_service_get_account_id:
 * @self: a #DnevnikService
 *
 * Test seam: the profile id that keys this session's rows in the cache.
 *
 * Returns: (nullable): the id, %NULL when signed out or not known yet
 */
const char *
dnevnik_service_get_account_id (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return self->account_id;
}
