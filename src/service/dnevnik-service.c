/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dnevnik-api.h"
#include "dnevnik-cache.h"
#include "dnevnik-json.h"
#include "dnevnik-link-status-private.h"
#include "dnevnik-parse.h"
#include "dnevnik-phone.h"
#include "dnevnik-service-private.h"

/* How a session's tokens are kept fresh
 * ====================================
 * Every authorised request goes through request_async(): it refreshes the
 * access token first when it is due (refresh_at), sends, and on a 401
 * refreshes and sends once more.  refresh_tokens_async() is single-flight:
 * callers join a list of waiters behind the one refresh in flight, and a
 * caller whose 401 came for a token that has already been replaced simply
 * retries with the new one.
 *
 * Every session has a number (session_id).  Signing in or out starts a new
 * number, and whatever comes back for an older one is dropped, so a late
 * reply can never bring back a session that has ended.
 *
 * The offline copy (DnevnikCache)
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
 * Every successful reply passes through remember_reply()/remember_days(),
 * which queue a write; every write is tagged with the session it belongs
 * to and dropped when that session is over, so that nothing lands after
 * the sign-out wipe (which the cache runs in queue order).
 *
 * The models (week, library, portfolio, link history) live as long as the
 * service.  Each item has a signature, the JSON text it was made from;
 * an update splices only the positions whose signature changed, so a
 * reload that changed nothing emits no items-changed at all.
 */

/* Seconds before expiry at which a long-lived token is refreshed. */
#define REFRESH_MARGIN 60
/* Bounds the client-side range check of a diary request (API.md). */
#define MAX_DIARY_DAYS 366
/* A week of the diary model: Monday to Saturday. */
#define WEEK_DAYS 6

/* Replies up to this size are remembered to spot an unchanged one; the
 * bigger lists are not polled, and would only cost memory. */
#define MAX_MEMO_SIZE (64 * 1024)

typedef enum
{
  COLLECTION_WEEK,
  COLLECTION_LIBRARY,
  COLLECTION_PORTFOLIO,
  COLLECTION_LINK_HISTORY,
  N_COLLECTIONS
} CollectionId;

/* A model owned by the service, with the signature (JSON text) of each
 * item, position by position. */
typedef struct
{
  GListStore *store;
  GPtrArray  *signatures;
} Collection;

struct _DnevnikService
{
  GObject parent_instance;

  /* owned */
  DnevnikApi          *api;
  DnevnikTokenStore   *store;
  DnevnikProfile      *profile;
  DnevnikLinkStatus   *link_status;
  DnevnikTokens       *tokens;
  GPtrArray           *refresh_waiters;
  GCancellable        *cancellable;

  /* offline copy: the current session's cache (NULL when signed out), the
   * file one (kept open once used), and the account that keys the rows */
  DnevnikCache        *cache;
  DnevnikCache        *disk_cache;
  char                *cache_path;
  char                *account_id;
  Collection           collections[N_COLLECTIONS];
  /* The one-document replies last queued to self->cache for
   * self->account_id, by kind: a reply polled again unchanged is not
   * written again.  Forgotten whenever the cache, the account or a row
   * may have changed otherwise (a wipe, a failed job, a reset). */
  GBytes              *stored_replies[DNEVNIK_CACHE_N_KINDS];
  /* The last link-status reply parsed, and what it said: parsing is a
   * function of the bytes, so an unchanged reply needs no second parse. */
  GBytes              *link_status_body;
  DnevnikLinkStatus   *link_status_parsed;
  GDate                week_start;
  guint                week_serial;
  double               sync_progress;

  DnevnikServiceState  state;
  gint64               refresh_at;
  guint                session_id;
  guint                remembered : 1;
  guint                refreshing : 1;
  guint                recovering_cache : 1;
  guint                cache_failure_told : 1;
  guint                syncing : 1;
};

G_DEFINE_FINAL_TYPE (DnevnikService, dnevnik_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN_STORE,
  PROP_STATE,
  PROP_PROFILE,
  PROP_LINK_STATUS,
  PROP_LOGIN,
  PROP_REMEMBERED,
  PROP_TIMEOUT,
  PROP_CACHE_PATH,
  PROP_WEEK_START,
  PROP_SYNC_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  REMEMBER_FAILED,
  CACHE_RESET,
  CACHE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static GError *
unauthorized_error (void)
{
  return dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_UNAUTHORIZED, NULL, -1, -1);
}

static gboolean
is_unreachable_error (const GError *error)
{
  return g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NETWORK) ||
         g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_TIMEOUT);
}

static const char *
server_of (DnevnikService *self)
{
  return dnevnik_api_get_base_url (self->api);
}

/* The pseudo account that maps a login to its profile id in the cache. */
static char *
login_account_key (const char *login)
{
  return g_strconcat ("@", login, NULL);
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* Takes @text (a cached document) as the body of a reply. */
static GBytes *
bytes_from_text (char *text)
{
  return g_bytes_new_take (text, strlen (text));
}

/* --- models ------------------------------------------------------------------- */

static void
collection_init (Collection *collection,
                 GType       item_type)
{
  collection->store = g_list_store_new (item_type);
  collection->signatures = g_ptr_array_new_with_free_func (g_free);
}

static void
collection_clear (Collection *collection)
{
  g_clear_object (&collection->store);
  g_clear_pointer (&collection->signatures, g_ptr_array_unref);
}

/* Makes @collection show @items (GObjects) whose signatures are
 * @signatures, splicing only what changed: position by position when the
 * length stays, else the middle between the unchanged head and tail.
 */
static void
collection_update (Collection *collection,
                   GPtrArray  *items,
                   GPtrArray  *signatures)
{
  GPtrArray *old = collection->signatures;
  guint old_len = old->len;
  guint new_len = signatures->len;
  guint head = 0, tail = 0;

  g_assert (items->len == signatures->len);

  if (old_len == new_len)
    {
      guint i = 0;

      while (i < new_len)
        {
          guint start;

          if (g_str_equal (g_ptr_array_index (old, i), g_ptr_array_index (signatures, i)))
            {
              i++;
              continue;
            }

          for (start = i; i < new_len; i++)
            {
              if (g_str_equal (g_ptr_array_index (old, i), g_ptr_array_index (signatures, i)))
                break;

              g_free (g_ptr_array_index (old, i));
              g_ptr_array_index (old, i) = g_strdup (g_ptr_array_index (signatures, i));
            }

          g_list_store_splice (collection->store, start, i - start, items->pdata + start, i - start);
        }

      return;
    }

  while (head < old_len && head < new_len &&
         g_str_equal (g_ptr_array_index (old, head), g_ptr_array_index (signatures, head)))
    head++;

  while (tail < old_len - head && tail < new_len - head &&
         g_str_equal (g_ptr_array_index (old, old_len - 1 - tail),
                      g_ptr_array_index (signatures, new_len - 1 - tail)))
    tail++;

  g_ptr_array_set_size (old, 0);
  for (guint i = 0; i < new_len; i++)
    g_ptr_array_add (old, g_strdup (g_ptr_array_index (signatures, i)));

  g_list_store_splice (collection->store, head, old_len - head - tail,
                       items->pdata + head, new_len - head - tail);
}

static void
collection_update_from_model (Collection *collection,
                              GListModel *model,
                              GPtrArray  *signatures)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (items, g_list_model_get_item (model, i));

  collection_update (collection, items, signatures);
}

static void
collection_empty (Collection *collection)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  collection_update (collection, none, none);
}

/* The JSON text of each element of the array @member of a reply: the
 * signature of each item, and what the cache keeps of a diary day.  Plain
 * data only, so it may run on any thread.
 */
static GPtrArray *
split_array (GBytes      *bytes,
             const char  *member,
             GError     **error)
{
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  JsonArray *array;

  root = dnevnik_json_parse_object (bytes, error);
  if (root == NULL)
    return NULL;

  array = dnevnik_json_get_array (root, member, TRUE, error);
  if (array == NULL)
    return NULL;

  texts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (texts, json_to_string (json_array_get_element (array, i), FALSE));

  return g_steal_pointer (&texts);
}

/* Shows a fresh or cached list document in @collection.  Items a parser
 * skips (a link event of an unknown kind) break the one-to-one match of
 * items and elements: then the whole document is the one signature.
 */
static void
show_list_document (Collection *collection,
                    GListModel *model,
                    GBytes     *bytes,
                    const char *member)
{
  g_autoptr(GPtrArray) signatures = split_array (bytes, member, NULL);
  guint n_items = g_list_model_get_n_items (model);

  if (signatures == NULL || signatures->len != n_items)
    {
      g_autofree char *whole = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      g_clear_pointer (&signatures, g_ptr_array_unref);
      signatures = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < n_items; i++)
        g_ptr_array_add (signatures, g_strdup_printf ("%u:%s", i, whole));
    }

  collection_update_from_model (collection, model, signatures);
}

/* --- offline copy: plumbing ---------------------------------------------------- */

static void
forget_stored_replies (DnevnikService *self)
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
  g_signal_emit (self, signals[CACHE_RESET], 0, message);
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
          forget_stored_replies (self);
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

static DnevnikCache *
get_disk_cache (DnevnikService *self)
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

static gboolean
disk_cache_exists (DnevnikService *self)
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
static void
note_cache_error (DnevnikService *self,
                  DnevnikCache   *cache,
                  const GError   *error)
{
  /* Whatever failed, what the rows hold is no longer known. */
  if (cache == self->cache)
    forget_stored_replies (self);

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
      g_signal_emit (self, signals[CACHE_FAILED], 0,
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

static void
cache_put_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(DnevnikService) self = data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_cache_put_finish (DNEVNIK_CACHE (source), result, &error))
    note_cache_error (self, DNEVNIK_CACHE (source), error);
}

static void
cache_put_many_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(DnevnikService) self = data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_cache_put_many_finish (DNEVNIK_CACHE (source), result, &error))
    note_cache_error (self, DNEVNIK_CACHE (source), error);
}

static void
cache_meta_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(DnevnikService) self = data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_cache_set_meta_finish (DNEVNIK_CACHE (source), result, &error))
    note_cache_error (self, DNEVNIK_CACHE (source), error);
}

static gboolean
cache_is_usable (DnevnikService *self)
{
  return self->cache != NULL && self->account_id != NULL;
}

/* Keeps a document of one per account (profile, link status, lists).
 * Only replies of the current session get here (see op_cb).
 */
static void
remember_reply (DnevnikService   *self,
                DnevnikCacheKind  kind,
                GBytes           *body)
{
  g_autofree char *json = NULL;

  g_assert (kind < G_N_ELEMENTS (self->stored_replies));

  if (!cache_is_usable (self))
    return;

  /* The row holds these very bytes already (or will, the cache runs its
   * jobs in order): a status polled again costs no write. */
  if (self->stored_replies[kind] != NULL && g_bytes_equal (self->stored_replies[kind], body))
    return;

  g_clear_pointer (&self->stored_replies[kind], g_bytes_unref);
  if (g_bytes_get_size (body) <= MAX_MEMO_SIZE)
    self->stored_replies[kind] = g_bytes_ref (body);

  json = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  dnevnik_cache_put_async (self->cache, server_of (self), self->account_id, kind, NULL, json,
                           NULL, cache_put_cb, g_object_ref (self));
}

/* Keeps diary days: @entries of DnevnikCacheEntry, one transaction. */
static void
remember_days (DnevnikService *self,
               GPtrArray      *entries)
{
  if (!cache_is_usable (self) || entries->len == 0)
    return;

  dnevnik_cache_put_many_async (self->cache, server_of (self), self->account_id,
                                DNEVNIK_CACHE_KIND_DIARY_DAY, entries, NULL,
                                cache_put_many_cb, g_object_ref (self));
}

/* The cache entries of a diary reply whose days are @days (parsed from
 * the same body, so element i is day i). */
static GPtrArray *
diary_entries (GBytes     *body,
               GListModel *days)
{
  g_autoptr(GPtrArray) texts = split_array (body, "days", NULL);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) dnevnik_cache_entry_free);

  if (texts == NULL || texts->len != g_list_model_get_n_items (days))
    return g_steal_pointer (&entries);

  for (guint i = 0; i < texts->len; i++)
    {
      g_autoptr(DnevnikDiaryDay) day = g_list_model_get_item (days, i);
      g_autofree char *key = format_date (dnevnik_diary_day_get_date (day));

      g_ptr_array_add (entries, dnevnik_cache_entry_new (key, g_ptr_array_index (texts, i)));
    }

  return g_steal_pointer (&entries);
}

/* Which profile keys the rows of this session; with a file cache, also
 * remembered for the login so that a restore finds it. */
static void
set_account (DnevnikService *self,
             const char     *profile_id)
{
  g_autofree char *login_key = NULL;

  if (profile_id == NULL || g_strcmp0 (self->account_id, profile_id) == 0)
    return;

  g_free (self->account_id);
  self->account_id = g_strdup (profile_id);
  forget_stored_replies (self);

  if (self->cache == NULL || self->cache != self->disk_cache || self->tokens == NULL)
    return;

  login_key = login_account_key (self->tokens->login);
  dnevnik_cache_set_meta_async (self->cache, server_of (self), login_key, "profile-id", profile_id,
                                NULL, cache_meta_cb, g_object_ref (self));
}

/* Sets the cache of a session that has just begun. */
static void
use_cache (DnevnikService *self,
           gboolean        remembered)
{
  forget_stored_replies (self);

  if (remembered)
    {
      g_set_object (&self->cache, get_disk_cache (self));
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
static void
wipe_account (DnevnikService      *self,
              DnevnikCache        *cache,
              const char          *account_id,
              const char          *login,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autofree char *login_key = login_account_key (login);

  forget_stored_replies (self);

  if (account_id != NULL)
    dnevnik_cache_wipe_account_async (cache, server_of (self), account_id, NULL, cache_wiped_cb, NULL);

  /* Queued last: when it is done, so is the one before. */
  dnevnik_cache_wipe_account_async (cache, server_of (self), login_key, NULL,
                                    callback != NULL ? callback : cache_wiped_cb, user_data);
}

static void
set_week_start (DnevnikService *self,
                const GDate    *monday)
{
  if (monday == NULL)
    {
      if (!g_date_valid (&self->week_start))
        return;
      g_date_clear (&self->week_start, 1);
    }
  else
    {
      if (g_date_valid (&self->week_start) && g_date_compare (&self->week_start, monday) == 0)
        return;
      self->week_start = *monday;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WEEK_START]);
}

static void
set_state (DnevnikService      *self,
           DnevnikServiceState  state)
{
  if (self->state == state)
    return;

  g_debug ("Service state %d → %d", self->state, state);
  self->state = state;
  if (state == DNEVNIK_SERVICE_STATE_SIGNED_OUT)
    self->cache_failure_told = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_remembered (DnevnikService *self,
                gboolean        remembered)
{
  remembered = !!remembered;
  if (self->remembered == remembered)
    return;

  self->remembered = remembered;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMEMBERED]);
}

static gboolean
profiles_equal (DnevnikProfile *a,
                DnevnikProfile *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strcmp0 (dnevnik_profile_get_id (a), dnevnik_profile_get_id (b)) == 0 &&
         g_strcmp0 (dnevnik_profile_get_login (a), dnevnik_profile_get_login (b)) == 0 &&
         g_strcmp0 (dnevnik_profile_get_first_name (a), dnevnik_profile_get_first_name (b)) == 0 &&
         g_strcmp0 (dnevnik_profile_get_last_name (a), dnevnik_profile_get_last_name (b)) == 0 &&
         g_strcmp0 (dnevnik_profile_get_middle_name (a), dnevnik_profile_get_middle_name (b)) == 0 &&
         g_strcmp0 (dnevnik_profile_get_school (a), dnevnik_profile_get_school (b)) == 0 &&
         g_strcmp0 (dnevnik_profile_get_class_name (a), dnevnik_profile_get_class_name (b)) == 0;
}

static void
set_profile (DnevnikService *self,
             DnevnikProfile *profile)
{
  if (profiles_equal (self->profile, profile))
    return;

  g_set_object (&self->profile, profile);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

static gint64
refresh_time_for (gint64 expires_in)
{
  /* Long-lived tokens are refreshed a minute early; short ones (tests,
   * training mode) at four fifths of their life. */
  if (expires_in > 5 * REFRESH_MARGIN)
    return now_seconds () + expires_in - REFRESH_MARGIN;

  return now_seconds () + expires_in * 4 / 5;
}

static gboolean
refresh_is_due (DnevnikService *self)
{
  return self->tokens != NULL && now_seconds () >= self->refresh_at;
}

static void
fail_refresh_waiters (DnevnikService *self,
                      GPtrArray      *waiters,
                      const GError   *error)
{
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

/* Ends the session in memory only: what the server and the store hold is
 * up to the caller.
 */
static void
clear_session (DnevnikService *self)
{
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GError) error = NULL;
  gboolean had_login = self->tokens != NULL;

  self->session_id++;
  g_clear_pointer (&self->tokens, dnevnik_tokens_free);
  self->refresh_at = 0;
  self->refreshing = FALSE;

  waiters = g_steal_pointer (&self->refresh_waiters);
  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);

  g_object_freeze_notify (G_OBJECT (self));
  set_profile (self, NULL);
  dnevnik_link_status_set (self->link_status, FALSE, NULL, NULL, NULL, NULL);
  set_remembered (self, FALSE);
  if (had_login)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN]);
  set_state (self, DNEVNIK_SERVICE_STATE_SIGNED_OUT);

  /* The models forget the student; the cache keeps what it has (a
   * sign-out wipes it, see there). */
  g_clear_pointer (&self->account_id, g_free);
  g_clear_object (&self->cache);
  forget_stored_replies (self);
  self->recovering_cache = FALSE;
  self->week_serial++;
  for (guint i = 0; i < N_COLLECTIONS; i++)
    collection_empty (&self->collections[i]);
  set_week_start (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));

  error = unauthorized_error ();
  fail_refresh_waiters (self, waiters, error);
}

static void
install_tokens (DnevnikService *self,
                DnevnikTokens  *tokens,
                gint64          refresh_at)
{
  gboolean login_changed;

  login_changed = self->tokens == NULL || g_strcmp0 (self->tokens->login, tokens->login) != 0;

  g_clear_pointer (&self->tokens, dnevnik_tokens_free);
  self->tokens = tokens;
  self->refresh_at = refresh_at;

  if (login_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN]);
}

static void
note_reachable (DnevnikService *self)
{
  if (self->state == DNEVNIK_SERVICE_STATE_OFFLINE)
    set_state (self, DNEVNIK_SERVICE_STATE_READY);
}

static void
note_unreachable (DnevnikService *self,
                  const GError   *error)
{
  if (self->state == DNEVNIK_SERVICE_STATE_READY && is_unreachable_error (error))
    set_state (self, DNEVNIK_SERVICE_STATE_OFFLINE);
}

static void
report_remember_failed (DnevnikService *self,
                        const GError   *error)
{
  set_remembered (self, FALSE);
  g_signal_emit (self, signals[REMEMBER_FAILED], 0, error);
}

/* Best effort: revokes tokens that are no longer wanted.  Nobody waits. */
static void
revoke_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = dnevnik_api_send_finish (DNEVNIK_API (source), result, &error);
  if (body == NULL)
    g_debug ("Could not revoke a session: %s", error->message);
}

static void
revoke_in_background (DnevnikService *self,
                      const char     *access_token)
{
  dnevnik_api_send_async (self->api, "POST", "/api/v1/auth/logout", NULL, access_token,
                          NULL, revoke_cb, NULL);
}

/* --- single-flight refresh ------------------------------------------------ */

typedef struct
{
  DnevnikService *self;
  guint           session_id;
} RefreshData;

static void
refresh_deleted_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GPtrArray) waiters = data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_token_store_delete_finish (DNEVNIK_TOKEN_STORE (source), result, &error))
    g_debug ("Could not delete the tokens of an ended session: %s", error->message);

  g_clear_error (&error);
  error = unauthorized_error ();
  for (guint i = 0; i < waiters->len; i++)
    g_task_return_error (g_ptr_array_index (waiters, i), g_error_copy (error));
}

static void
saved_rotated_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(DnevnikService) self = data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_token_store_save_finish (DNEVNIK_TOKEN_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    report_remember_failed (self, error);
}

static void
refresh_reply_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  RefreshData *refresh = data;
  g_autoptr(DnevnikService) self = refresh->self;
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DnevnikAuthReply) reply = NULL;
  guint session_id = refresh->session_id;

  g_free (refresh);

  body = dnevnik_api_send_finish (DNEVNIK_API (source), result, &error);

  /* The session ended meanwhile; its waiters were answered then. */
  if (session_id != self->session_id)
    return;

  self->refreshing = FALSE;
  waiters = g_steal_pointer (&self->refresh_waiters);
  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);

  if (body != NULL)
    reply = dnevnik_parse_auth (body, &error);

  if (reply != NULL)
    {
      DnevnikTokens *tokens;

      g_debug ("Access token refreshed");
      note_reachable (self);
      tokens = dnevnik_tokens_new (self->tokens->login, reply->access_token, reply->refresh_token,
                                   now_seconds () + reply->expires_in);
      install_tokens (self, tokens, refresh_time_for (reply->expires_in));

      /* The old refresh token is dead now: the stored one must follow. */
      if (self->remembered && self->store != NULL)
        dnevnik_token_store_save_async (self->store, dnevnik_api_get_base_url (self->api),
                                        self->tokens, self->cancellable,
                                        saved_rotated_cb, g_object_ref (self));

      fail_refresh_waiters (self, waiters, NULL);
      return;
    }

  if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED))
    {
      g_autofree char *login = g_strdup (self->tokens->login);

      /* The refresh token is dead: the session is over, here and in the
       * store, and the callers learn it only once both are clean. */
      g_debug ("Refresh refused; signing out");
      clear_session (self);

      if (self->store != NULL)
        {
          dnevnik_token_store_delete_async (self->store, dnevnik_api_get_base_url (self->api), login,
                                            NULL, refresh_deleted_cb, g_steal_pointer (&waiters));
          return;
        }

      g_clear_error (&error);
      error = unauthorized_error ();
      fail_refresh_waiters (self, waiters, error);
      return;
    }

  /* Anything else (unreachable, server trouble, a reply we cannot read)
   * is transient: keep the session, and try again next time. */
  note_unreachable (self, error);
  fail_refresh_waiters (self, waiters, error);
}

static void
refresh_tokens_async (DnevnikService      *self,
                      const char          *stale_access_token,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) body = NULL;
  RefreshData *refresh;

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, refresh_tokens_async);

  if (self->tokens == NULL)
    {
      g_task_return_error (task, unauthorized_error ());
      return;
    }

  /* Another caller refreshed already: use the new token. */
  if (stale_access_token != NULL && g_strcmp0 (stale_access_token, self->tokens->access_token) != 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_ptr_array_add (self->refresh_waiters, g_steal_pointer (&task));
  if (self->refreshing)
    return;

  self->refreshing = TRUE;
  refresh = g_new0 (RefreshData, 1);
  refresh->self = g_object_ref (self);
  refresh->session_id = self->session_id;

  body = dnevnik_api_build_body ("refresh_token", self->tokens->refresh_token, NULL);
  dnevnik_api_send_async (self->api, "POST", "/api/v1/auth/refresh", body, NULL,
                          self->cancellable, refresh_reply_cb, refresh);
}

static gboolean
refresh_tokens_finish (DnevnikService  *self,
                       GAsyncResult    *result,
                       GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- authorised requests -------------------------------------------------- */

typedef struct
{
  char     *method;
  char     *path;
  GBytes   *body;
  char     *sent_token;
  guint     session_id;
  gboolean  retried;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->sent_token);
  g_free (request);
}

static void request_refreshed_cb (GObject      *source,
                                  GAsyncResult *result,
                                  gpointer      data);

static void
request_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = dnevnik_api_send_finish (DNEVNIK_API (source), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (request->session_id != self->session_id)
    {
      g_task_return_error (task, unauthorized_error ());
      return;
    }

  if (body != NULL)
    {
      note_reachable (self);
      g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED) &&
      !request->retried)
    {
      /* Once: a second 401 right after a refresh is not a stale token. */
      request->retried = TRUE;
      refresh_tokens_async (self, request->sent_token, request_refreshed_cb, g_steal_pointer (&task));
      return;
    }

  note_unreachable (self, error);
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
request_send (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (request->session_id != self->session_id || self->tokens == NULL)
    {
      g_task_return_error (task, unauthorized_error ());
      g_object_unref (task);
      return;
    }

  g_free (request->sent_token);
  request->sent_token = g_strdup (self->tokens->access_token);

  dnevnik_api_send_async (self->api, request->method, request->path, request->body,
                          request->sent_token, g_task_get_cancellable (task),
                          request_sent_cb, task);
}

static void
request_refreshed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  GTask *task = data;
  g_autoptr(GError) error = NULL;

  if (!refresh_tokens_finish (DNEVNIK_SERVICE (source), result, &error))
    {
      if (!g_task_return_error_if_cancelled (task))
        g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  request_send (task);
}

/* Sends an authorised request of the current session; the result is the
 * body of a successful reply.
 */
static void
request_async (DnevnikService      *self,
               const char          *method,
               const char          *path,
               GBytes              *body,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, request_async);

  if (self->tokens == NULL)
    {
      g_task_return_error (task, unauthorized_error ());
      return;
    }

  request = g_new0 (Request, 1);
  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->body = body != NULL ? g_bytes_ref (body) : NULL;
  request->session_id = self->session_id;
  g_task_set_task_data (task, request, request_free);

  if (refresh_is_due (self) || self->refreshing)
    refresh_tokens_async (self, self->tokens->access_token, request_refreshed_cb, g_steal_pointer (&task));
  else
    request_send (g_steal_pointer (&task));
}

static GBytes *
request_finish (DnevnikService  *self,
                GAsyncResult    *result,
                GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- operations: a request, then its reply applied ------------------------ */

/* Turns a reply into the operation's result, and applies it to the shared
 * state.  Only called when the call was not cancelled and its session is
 * still the current one.
 */
typedef gpointer (*ApplyFunc) (DnevnikService  *self,
                               GBytes          *body,
                               gpointer         op_data,
                               GError         **error);

typedef struct
{
  ApplyFunc       apply;
  gpointer        data;
  GDestroyNotify  data_free;
  guint           session_id;
  gboolean        not_linked_means_unlinked;
  /* When the server cannot be reached, show this cached document (the
   * call still fails): a restored session shows the profile and link
   * status of its offline copy. */
  gboolean        offline_fallback;
  DnevnikCacheKind fallback_kind;
  GError         *fallback_error;
} Op;

static void
op_free (gpointer data)
{
  Op *op = data;

  if (op->data_free != NULL)
    op->data_free (op->data);
  g_clear_error (&op->fallback_error);
  g_free (op);
}

static void
op_fallback_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *json;

  json = dnevnik_cache_get_finish (DNEVNIK_CACHE (source), result, &error);
  if (error != NULL)
    note_cache_error (self, DNEVNIK_CACHE (source), error);

  if (json != NULL && op->session_id == self->session_id &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_autoptr(GBytes) bytes = bytes_from_text (json);

      if (op->fallback_kind == DNEVNIK_CACHE_KIND_PROFILE)
        {
          g_autoptr(DnevnikProfile) profile = dnevnik_parse_profile (bytes, NULL);

          if (profile != NULL && g_strcmp0 (dnevnik_profile_get_id (profile), self->account_id) == 0)
            set_profile (self, profile);
        }
      else
        {
          g_autoptr(DnevnikLinkStatus) status = dnevnik_parse_link_status (bytes, NULL);

          if (status != NULL)
            dnevnik_link_status_copy_from (self->link_status, status);
        }
    }
  else
    g_free (json);

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_error (task, g_steal_pointer (&op->fallback_error));
}

static void
op_cb (GObject      *source,
       GAsyncResult *result,
       gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = DNEVNIK_SERVICE (source);
  Op *op = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gpointer value;

  body = request_finish (self, result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (op->session_id != self->session_id)
    {
      g_task_return_error (task, unauthorized_error ());
      return;
    }

  if (body == NULL)
    {
      /* The server says what the shared status should say. */
      if (op->not_linked_means_unlinked &&
          g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NOT_LINKED))
        dnevnik_link_status_set (self->link_status, FALSE, NULL, NULL, NULL, NULL);

      if (op->offline_fallback && is_unreachable_error (error) && cache_is_usable (self))
        {
          GCancellable *cancellable = g_task_get_cancellable (task);

          op->fallback_error = g_steal_pointer (&error);
          dnevnik_cache_get_async (self->cache, server_of (self), self->account_id, op->fallback_kind,
                                   NULL, cancellable, op_fallback_cb, g_steal_pointer (&task));
          return;
        }

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  value = op->apply (self, body, op->data, &error);
  if (value == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, value, g_object_unref);
}

static void
run_op (DnevnikService      *self,
        const char          *method,
        const char          *path,
        GBytes              *body,
        ApplyFunc            apply,
        gpointer             op_data,
        GDestroyNotify       op_data_free,
        gpointer             source_tag,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Op *op;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  op = g_new0 (Op, 1);
  op->apply = apply;
  op->data = op_data;
  op->data_free = op_data_free;
  op->session_id = self->session_id;
  op->not_linked_means_unlinked = source_tag == dnevnik_service_unlink_async;
  if (source_tag == dnevnik_service_refresh_profile_async)
    {
      op->offline_fallback = TRUE;
      op->fallback_kind = DNEVNIK_CACHE_KIND_PROFILE;
    }
  else if (source_tag == dnevnik_service_refresh_link_status_async)
    {
      op->offline_fallback = TRUE;
      op->fallback_kind = DNEVNIK_CACHE_KIND_LINK_STATUS;
    }
  g_task_set_task_data (task, op, op_free);

  request_async (self, method, path, body, cancellable, op_cb, g_steal_pointer (&task));
}

static gpointer
op_finish (DnevnikService  *self,
           GAsyncResult    *result,
           gpointer         source_tag,
           GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
op_finish_boolean (DnevnikService  *self,
                   GAsyncResult    *result,
                   gpointer         source_tag,
                   GError         **error)
{
  g_autoptr(GObject) value = op_finish (self, result, source_tag, error);

  return value != NULL;
}

static void
fail_early (DnevnikService      *self,
            GError              *error,
            gpointer             source_tag,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_error (task, error);
}

/* --- GObject ---------------------------------------------------------------- */

static void
dnevnik_service_dispose (GObject *object)
{
  DnevnikService *self = (DnevnikService *) object;

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (dnevnik_service_parent_class)->dispose (object);
}

static void
dnevnik_service_finalize (GObject *object)
{
  DnevnikService *self = (DnevnikService *) object;

  g_clear_object (&self->api);
  g_clear_object (&self->store);
  g_clear_object (&self->profile);
  g_clear_object (&self->link_status);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->tokens, dnevnik_tokens_free);
  g_clear_pointer (&self->refresh_waiters, g_ptr_array_unref);
  g_clear_object (&self->cache);
  g_clear_object (&self->disk_cache);
  g_clear_pointer (&self->cache_path, g_free);
  g_clear_pointer (&self->account_id, g_free);
  forget_stored_replies (self);
  g_clear_pointer (&self->link_status_body, g_bytes_unref);
  g_clear_object (&self->link_status_parsed);
  for (guint i = 0; i < N_COLLECTIONS; i++)
    collection_clear (&self->collections[i]);

  G_OBJECT_CLASS (dnevnik_service_parent_class)->finalize (object);
}

static void
dnevnik_service_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DnevnikService *self = DNEVNIK_SERVICE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, dnevnik_service_get_base_url (self));
      break;

    case PROP_TOKEN_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;

    case PROP_LINK_STATUS:
      g_value_set_object (value, self->link_status);
      break;

    case PROP_LOGIN:
      g_value_set_string (value, dnevnik_service_get_login (self));
      break;

    case PROP_REMEMBERED:
      g_value_set_boolean (value, self->remembered);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, dnevnik_service_get_timeout (self));
      break;

    case PROP_CACHE_PATH:
      g_value_set_string (value, self->cache_path);
      break;

    case PROP_WEEK_START:
      g_value_set_boxed (value, dnevnik_service_get_week_start (self));
      break;

    case PROP_SYNC_PROGRESS:
      g_value_set_double (value, self->sync_progress);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_service_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DnevnikService *self = DNEVNIK_SERVICE (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      dnevnik_service_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_CACHE_PATH:
      dnevnik_service_set_cache_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_service_class_init (DnevnikServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = dnevnik_service_dispose;
  object_class->finalize = dnevnik_service_finalize;
  object_class->get_property = dnevnik_service_get_property;
  object_class->set_property = dnevnik_service_set_property;

  /**
   * DnevnikService:base-url:
   *
   * The server's address, without a trailing slash.
   */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL, flags);

  /**
   * DnevnikService:token-store:
   *
   * Where remembered sessions are kept, or %NULL if nothing is remembered.
   */
  properties[PROP_TOKEN_STORE] =
    g_param_spec_object ("token-store", NULL, NULL, DNEVNIK_TYPE_TOKEN_STORE, flags);

  /**
   * DnevnikService:state:
   *
   * Whether someone is signed in, and whether the server answers.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       DNEVNIK_TYPE_SERVICE_STATE, DNEVNIK_SERVICE_STATE_SIGNED_OUT,
                       flags);

  /**
   * DnevnikService:profile:
   *
   * The signed-in student's profile, or %NULL.  Set by sign-in and by
   * dnevnik_service_refresh_profile_async() (a restored session has none
   * until then); replaced, not modified, and notified only on change.
   */
  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, DNEVNIK_TYPE_PROFILE, flags);

  /**
   * DnevnikService:link-status:
   *
   * The one #DnevnikLinkStatus of this service, updated in place.
   */
  properties[PROP_LINK_STATUS] =
    g_param_spec_object ("link-status", NULL, NULL, DNEVNIK_TYPE_LINK_STATUS, flags);

  /**
   * DnevnikService:login:
   *
   * The login of the current session, or %NULL when signed out.
   */
  properties[PROP_LOGIN] =
    g_param_spec_string ("login", NULL, NULL, NULL, flags);

  /**
   * DnevnikService:remembered:
   *
   * Whether the current session is kept in the token store for the next
   * run.
   */
  properties[PROP_REMEMBERED] =
    g_param_spec_boolean ("remembered", NULL, NULL, FALSE, flags);

  /**
   * DnevnikService:timeout:
   *
   * How many seconds a request may take (0: no limit).
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, 30,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikService:cache-path:
   *
   * The file of the offline copy of remembered students, or %NULL for
   * dnevnik_cache_get_default_path().  Set it before the first session.
   */
  properties[PROP_CACHE_PATH] =
    g_param_spec_string ("cache-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikService:week-start:
   *
   * The Monday of the week the week model shows (a #GDate), or %NULL
   * before the first dnevnik_service_load_week_async().
   */
  properties[PROP_WEEK_START] =
    g_param_spec_boxed ("week-start", NULL, NULL, G_TYPE_DATE, flags);

  /**
   * DnevnikService:sync-progress:
   *
   * How much of the running dnevnik_service_sync_range_async() is done,
   * from 0 to 1 (the share of its days stored).
   */
  properties[PROP_SYNC_PROGRESS] =
    g_param_spec_double ("sync-progress", NULL, NULL, 0.0, 1.0, 0.0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DnevnikService::cache-reset:
   * @self: the service
   * @message: a translated sentence to show the student
   *
   * The offline copy had to start again: its file was damaged and was
   * moved aside, or it could not be used and this run keeps the copy in
   * memory.  Nothing needs doing but telling the student; the service
   * keeps working and fills the new copy as it goes.
   */
  signals[CACHE_RESET] =
    g_signal_new ("cache-reset",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * DnevnikService::cache-failed:
   * @self: the service
   * @message: a translated sentence to show the student
   *
   * Writing to the offline copy failed (the disk is full, or it cannot be
   * written): the data shown is fresh, but the offline copy falls behind.
   * Emitted at most once per session.
   */
  signals[CACHE_FAILED] =
    g_signal_new ("cache-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * DnevnikService::remember-failed:
   * @self: the service
   * @error: a %DNEVNIK_SERVICE_ERROR_KEYRING error: why
   *
   * The student asked to be remembered but the tokens could not be stored
   * (no Secret Service, a locked keyring that did not answer in time…).
   * The session goes on in memory for this run only and
   * #DnevnikService:remembered is %FALSE; tell the student they will have
   * to sign in again next time.  Emitted before the sign-in completes, and
   * again if storing refreshed tokens fails later.
   */
  signals[REMEMBER_FAILED] =
    g_signal_new ("remember-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
dnevnik_service_init (DnevnikService *self)
{
  self->link_status = dnevnik_link_status_new ();
  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();

  collection_init (&self->collections[COLLECTION_WEEK], DNEVNIK_TYPE_DIARY_DAY);
  collection_init (&self->collections[COLLECTION_LIBRARY], DNEVNIK_TYPE_LIBRARY_ITEM);
  collection_init (&self->collections[COLLECTION_PORTFOLIO], DNEVNIK_TYPE_ACHIEVEMENT);
  collection_init (&self->collections[COLLECTION_LINK_HISTORY], DNEVNIK_TYPE_LINK_EVENT);
  g_date_clear (&self->week_start, 1);
}

/* --- public API --------------------------------------------------------------- */

/**
 * dnevnik_service_new:
 * @base_url: the server's address: `https://…`, or `http://` to this
 *   computer only (localhost, 127.0.0.0/8, ::1)
 * @store: (nullable): where to remember sessions, usually
 *   dnevnik_secret_token_store_new(); %NULL to remember nothing
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_INSECURE_URL error
 *
 * Creates a signed-out service for one server.
 *
 * Returns: (transfer full): a new #DnevnikService, or %NULL if @base_url
 *   is refused
 */
DnevnikService *
dnevnik_service_new (const char         *base_url,
                     DnevnikTokenStore  *store,
                     GError            **error)
{
  DnevnikService *self;
  DnevnikApi *api;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (store == NULL || DNEVNIK_IS_TOKEN_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  api = dnevnik_api_new (base_url, error);
  if (api == NULL)
    return NULL;

  self = g_object_new (DNEVNIK_TYPE_SERVICE, NULL);
  self->api = api;
  self->store = store != NULL ? g_object_ref (store) : NULL;

  return self;
}

/**
 * dnevnik_service_get_base_url:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none): the server's address
 */
const char *
dnevnik_service_get_base_url (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return self->api != NULL ? dnevnik_api_get_base_url (self->api) : NULL;
}

/**
 * dnevnik_service_get_state:
 * @self: a #DnevnikService
 *
 * Returns: the #DnevnikService:state
 */
DnevnikServiceState
dnevnik_service_get_state (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), DNEVNIK_SERVICE_STATE_SIGNED_OUT);

  return self->state;
}

/**
 * dnevnik_service_get_profile:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none) (nullable): the #DnevnikService:profile
 */
DnevnikProfile *
dnevnik_service_get_profile (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return self->profile;
}

/**
 * dnevnik_service_get_link_status:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none): the one link status object of this service
 */
DnevnikLinkStatus *
dnevnik_service_get_link_status (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return self->link_status;
}

/**
 * dnevnik_service_get_login:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none) (nullable): the #DnevnikService:login
 */
const char *
dnevnik_service_get_login (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return self->tokens != NULL ? self->tokens->login : NULL;
}

/**
 * dnevnik_service_get_remembered:
 * @self: a #DnevnikService
 *
 * Returns: whether the current session is remembered for the next run
 */
gboolean
dnevnik_service_get_remembered (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), FALSE);

  return self->remembered;
}

/**
 * dnevnik_service_get_token_store:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none) (nullable): the store given at construction
 */
DnevnikTokenStore *
dnevnik_service_get_token_store (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return self->store;
}

/**
 * dnevnik_service_get_timeout:
 * @self: a #DnevnikService
 *
 * Returns: the #DnevnikService:timeout in seconds
 */
guint
dnevnik_service_get_timeout (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), 0);

  return self->api != NULL ? dnevnik_api_get_timeout (self->api) : 0;
}

/**
 * dnevnik_service_set_timeout:
 * @self: a #DnevnikService
 * @seconds: how many seconds a request may take, 0 for no limit
 *
 * Sets the #DnevnikService:timeout.  A request over it fails with
 * %DNEVNIK_SERVICE_ERROR_TIMEOUT.
 */
void
dnevnik_service_set_timeout (DnevnikService *self,
                             guint           seconds)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (self->api != NULL);

  if (dnevnik_api_get_timeout (self->api) == seconds)
    return;

  dnevnik_api_set_timeout (self->api, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/* --- sign in ------------------------------------------------------------------ */

typedef struct
{
  char     *login;
  GBytes   *profile_body;
  char     *profile_id;
  guint     session_id;
  gboolean  remember;
} SignIn;

static void
sign_in_free (gpointer data)
{
  SignIn *sign_in = data;

  g_free (sign_in->login);
  g_clear_pointer (&sign_in->profile_body, g_bytes_unref);
  g_free (sign_in->profile_id);
  g_free (sign_in);
}

static gboolean
sign_in_is_current (DnevnikService *self,
                    SignIn         *sign_in)
{
  return sign_in->session_id == self->session_id;
}

/* Undoes a sign-in that will not complete: the tokens are revoked, the
 * state is SIGNED_OUT again, and the caller gets @error.  Takes @task.
 */
static void
sign_in_abort (GTask  *task,
               GError *error)
{
  DnevnikService *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);

  if (sign_in_is_current (self, sign_in))
    {
      if (self->tokens != NULL)
        revoke_in_background (self, self->tokens->access_token);
      clear_session (self);
    }

  g_task_return_error (task, error);
  g_object_unref (task);
}

static GError *
cancelled_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The operation was cancelled"));
}

/* Takes @task. */
static void
sign_in_complete (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);

  /* Only now is it known whether the student is remembered (the keyring
   * may have refused): that decides where the offline copy lives. */
  use_cache (self, self->remembered);
  set_account (self, sign_in->profile_id);
  remember_reply (self, DNEVNIK_CACHE_KIND_PROFILE, sign_in->profile_body);

  /* "Don't remember me" also forgets what an earlier, remembered run of
   * this student left in the file; a file that does not exist is not
   * created for that. */
  if (!self->remembered && disk_cache_exists (self))
    wipe_account (self, get_disk_cache (self), sign_in->profile_id, sign_in->login, NULL, NULL);

  set_state (self, DNEVNIK_SERVICE_STATE_READY);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
sign_in_cancelled_deleted_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_token_store_delete_finish (DNEVNIK_TOKEN_STORE (source), result, &error))
    g_debug ("Could not delete the tokens of a cancelled sign-in: %s", error->message);

  sign_in_abort (g_steal_pointer (&task), cancelled_error ());
}

static void
sign_in_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean saved;

  saved = dnevnik_token_store_save_finish (DNEVNIK_TOKEN_STORE (source), result, &error);

  /* Cancelled while storing: the item may exist now, so take it away
   * before saying "cancelled". */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)) || !sign_in_is_current (self, sign_in))
    {
      dnevnik_token_store_delete_async (DNEVNIK_TOKEN_STORE (source), dnevnik_api_get_base_url (self->api),
                                        sign_in->login, NULL, sign_in_cancelled_deleted_cb,
                                        g_steal_pointer (&task));
      return;
    }

  if (saved)
    set_remembered (self, TRUE);
  else
    report_remember_failed (self, error);

  sign_in_complete (g_steal_pointer (&task));
}

static void
sign_in_forgotten_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Failing to forget an earlier session is only worth a debug line:
   * usually it means there is no keyring to hold one. */
  if (!dnevnik_token_store_delete_finish (DNEVNIK_TOKEN_STORE (source), result, &error))
    g_debug ("Could not forget an earlier session: %s", error->message);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)) || !sign_in_is_current (self, sign_in))
    {
      sign_in_abort (g_steal_pointer (&task), cancelled_error ());
      return;
    }

  sign_in_complete (g_steal_pointer (&task));
}

static void
sign_in_profile_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = DNEVNIK_SERVICE (source);
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DnevnikProfile) profile = NULL;
  const char *server = dnevnik_api_get_base_url (self->api);

  body = request_finish (self, result, &error);
  if (body != NULL)
    profile = dnevnik_parse_profile (body, &error);

  if (!sign_in_is_current (self, sign_in))
    {
      g_task_return_error (task, cancelled_error ());
      return;
    }

  if (profile == NULL)
    {
      sign_in_abort (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      sign_in_abort (g_steal_pointer (&task), cancelled_error ());
      return;
    }

  sign_in->profile_body = g_bytes_ref (body);
  sign_in->profile_id = g_strdup (dnevnik_profile_get_id (profile));
  set_profile (self, profile);

  if (sign_in->remember && self->store != NULL)
    {
      /* Not the caller's cancellable: a half-written item is worse than
       * one that is deleted again right after. */
      dnevnik_token_store_save_async (self->store, server, self->tokens, NULL,
                                      sign_in_saved_cb, g_steal_pointer (&task));
    }
  else if (self->store != NULL)
    {
      /* "Don't remember me" also means: not from an earlier time either. */
      dnevnik_token_store_delete_async (self->store, server, sign_in->login, NULL,
                                        sign_in_forgotten_cb, g_steal_pointer (&task));
    }
  else
    {
      if (sign_in->remember)
        {
          g_autoptr(GError) warning = dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_KEYRING, NULL, -1, -1);

          report_remember_failed (self, warning);
        }
      sign_in_complete (g_steal_pointer (&task));
    }
}

static void
sign_in_login_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DnevnikAuthReply) reply = NULL;
  GCancellable *cancellable;

  body = dnevnik_api_send_finish (DNEVNIK_API (source), result, &error);
  if (body != NULL)
    reply = dnevnik_parse_auth (body, &error);

  if (!sign_in_is_current (self, sign_in))
    {
      if (reply != NULL)
        revoke_in_background (self, reply->access_token);
      g_task_return_error (task, cancelled_error ());
      return;
    }

  if (reply == NULL)
    {
      sign_in_abort (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      revoke_in_background (self, reply->access_token);
      sign_in_abort (g_steal_pointer (&task), cancelled_error ());
      return;
    }

  install_tokens (self,
                  dnevnik_tokens_new (sign_in->login, reply->access_token, reply->refresh_token,
                                      now_seconds () + reply->expires_in),
                  refresh_time_for (reply->expires_in));

  cancellable = g_task_get_cancellable (task);
  request_async (self, "GET", "/api/v1/profile", NULL, cancellable,
                 sign_in_profile_cb, g_steal_pointer (&task));
}

/**
 * dnevnik_service_sign_in_async:
 * @self: a signed-out #DnevnikService
 * @login: the student's login
 * @password: the password
 * @remember: whether to keep the session in the token store for later runs
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when signed in, or not
 * @user_data: data for @callback
 *
 * Signs in and loads the profile; #DnevnikService:state goes SIGNING_IN,
 * then READY (or back to SIGNED_OUT).
 *
 * With @remember the tokens go to the token store.  If that fails the
 * sign-in still succeeds for this run: #DnevnikService::remember-failed is
 * emitted first with the %DNEVNIK_SERVICE_ERROR_KEYRING reason, and
 * #DnevnikService:remembered stays %FALSE.  Without @remember, whatever an
 * earlier run stored for @login is deleted.
 *
 * Errors: INVALID_CREDENTIALS, RATE_LIMITED (with retry-after), NETWORK,
 * TIMEOUT, SERVER, PROTOCOL, and %G_IO_ERROR_BUSY if a session exists
 * (sign out first).  A cancelled sign-in is SIGNED_OUT with nothing stored.
 */
void
dnevnik_service_sign_in_async (DnevnikService      *self,
                               const char          *login,
                               const char          *password,
                               gboolean             remember,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) body = NULL;
  SignIn *sign_in;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (login != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_service_sign_in_async);

  if (self->state != DNEVNIK_SERVICE_STATE_SIGNED_OUT)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, "A session exists already; sign out first");
      return;
    }

  sign_in = g_new0 (SignIn, 1);
  sign_in->login = g_strdup (login);
  sign_in->remember = remember;
  sign_in->session_id = ++self->session_id;
  g_task_set_task_data (task, sign_in, sign_in_free);

  set_state (self, DNEVNIK_SERVICE_STATE_SIGNING_IN);

  body = dnevnik_api_build_body ("login", login, "password", password, NULL);
  dnevnik_api_send_async (self->api, "POST", "/api/v1/auth/login", body, NULL, cancellable,
                          sign_in_login_cb, g_steal_pointer (&task));
}

/**
 * dnevnik_service_sign_in_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether the student is signed in
 */
gboolean
dnevnik_service_sign_in_finish (DnevnikService  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dnevnik_service_sign_in_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- restore ------------------------------------------------------------------ */

static void
restore_refreshed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = DNEVNIK_SERVICE (source);
  guint session_id = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  gboolean refreshed;

  refreshed = refresh_tokens_finish (self, result, &error);

  if (session_id != self->session_id)
    {
      /* Ended by a refused refresh (UNAUTHORIZED) or by a sign-out. */
      g_task_return_error (task, error != NULL ? g_steal_pointer (&error) : cancelled_error ());
      return;
    }

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      clear_session (self);
      g_task_return_error (task, cancelled_error ());
      return;
    }

  /* Could not refresh for now (offline, server trouble): the session is
   * still good, and the next request tries again. */
  if (!refreshed)
    g_debug ("Restored a session without refreshing it: %s", error->message);

  set_state (self, refreshed ? DNEVNIK_SERVICE_STATE_READY : DNEVNIK_SERVICE_STATE_OFFLINE);
  g_task_return_boolean (task, TRUE);
}

static void
restore_continue (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);

  if (refresh_is_due (self))
    {
      refresh_tokens_async (self, self->tokens->access_token, restore_refreshed_cb, task);
      return;
    }

  set_state (self, DNEVNIK_SERVICE_STATE_READY);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* Whether a restore may go on after a cache step; if not, @task is done. */
static gboolean
restore_still_wanted (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);
  guint session_id = GPOINTER_TO_UINT (g_task_get_task_data (task));

  if (session_id != self->session_id)
    {
      g_task_return_error (task, cancelled_error ());
      return FALSE;
    }

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      clear_session (self);
      g_task_return_error (task, cancelled_error ());
      return FALSE;
    }

  return TRUE;
}

static void
restore_account_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  GTask *task = data;
  DnevnikService *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *account_id = NULL;

  account_id = dnevnik_cache_get_meta_finish (DNEVNIK_CACHE (source), result, &error);
  if (error != NULL)
    note_cache_error (self, DNEVNIK_CACHE (source), error);

  if (!restore_still_wanted (task))
    {
      g_object_unref (task);
      return;
    }

  /* Nothing cached (a first run, a reset copy): the account is known
   * once the profile comes from the server. */
  if (account_id == NULL || self->cache == NULL)
    {
      restore_continue (task);
      return;
    }

  self->account_id = g_steal_pointer (&account_id);
  restore_continue (task);
}

static void
restore_from_cache (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);
  g_autofree char *login_key = login_account_key (self->tokens->login);

  dnevnik_cache_get_meta_async (self->cache, server_of (self), login_key, "profile-id", NULL,
                                restore_account_cb, task);
}

static void
restore_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = g_task_get_source_object (task);
  guint session_id = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  DnevnikTokens *tokens;

  tokens = dnevnik_token_store_load_finish (DNEVNIK_TOKEN_STORE (source), result, &error);

  if (session_id != self->session_id)
    {
      g_clear_pointer (&tokens, dnevnik_tokens_free);
      g_task_return_error (task, cancelled_error ());
      return;
    }

  if (error != NULL)
    {
      set_state (self, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_clear_pointer (&tokens, dnevnik_tokens_free);
      set_state (self, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
      g_task_return_error (task, cancelled_error ());
      return;
    }

  if (tokens == NULL)
    {
      set_state (self, DNEVNIK_SERVICE_STATE_SIGNED_OUT);
      g_task_return_boolean (task, FALSE);
      return;
    }

  install_tokens (self, tokens, tokens->expires_at - REFRESH_MARGIN);
  set_remembered (self, TRUE);

  /* A remembered session keeps its offline copy in the file; which
   * account it is there must be known before the first load. */
  use_cache (self, TRUE);
  restore_from_cache (g_steal_pointer (&task));
}

/**
 * dnevnik_service_restore_session_async:
 * @self: a signed-out #DnevnikService
 * @login: (nullable): whose session to restore, or %NULL for the one
 *   remembered last
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Continues a remembered session from the token store, without asking for
 * the password.  The access token is refreshed first if it has expired;
 * otherwise no request is made, so a restore works offline.  The profile
 * is not loaded: call dnevnik_service_refresh_profile_async() next.
 *
 * When the server cannot be reached to refresh, the session is restored
 * all the same, in the OFFLINE state.  When it refuses the refresh, the
 * stored tokens are deleted and the call fails with UNAUTHORIZED.  A
 * keyring that cannot be read fails with KEYRING.
 */
void
dnevnik_service_restore_session_async (DnevnikService      *self,
                                       const char          *login,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_service_restore_session_async);

  if (self->state != DNEVNIK_SERVICE_STATE_SIGNED_OUT)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, "A session exists already; sign out first");
      return;
    }

  if (self->store == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  g_task_set_task_data (task, GUINT_TO_POINTER (++self->session_id), NULL);
  set_state (self, DNEVNIK_SERVICE_STATE_SIGNING_IN);

  dnevnik_token_store_load_async (self->store, dnevnik_api_get_base_url (self->api), login,
                                  cancellable, restore_loaded_cb, g_steal_pointer (&task));
}

/**
 * dnevnik_service_restore_session_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: %TRUE if a session was restored; %FALSE with @error unset if
 *   nothing was remembered
 */
gboolean
dnevnik_service_restore_session_finish (DnevnikService  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dnevnik_service_restore_session_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- sign out ----------------------------------------------------------------- */

typedef struct
{
  char     *login;
  char     *access_token;
  gboolean  was_remembered;
} SignOut;

static void
sign_out_free (gpointer data)
{
  SignOut *sign_out = data;

  g_free (sign_out->login);
  g_free (sign_out->access_token);
  g_free (sign_out);
}

static void
sign_out_deleted_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(GTask) task = data;
  SignOut *sign_out = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!dnevnik_token_store_delete_finish (DNEVNIK_TOKEN_STORE (source), result, &error) &&
      sign_out->was_remembered)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
sign_out_forget (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);
  SignOut *sign_out = g_task_get_task_data (task);

  if (self->store == NULL || sign_out->login == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  /* Never the caller's cancellable: the secrets go whatever happens. */
  dnevnik_token_store_delete_async (self->store, dnevnik_api_get_base_url (self->api), sign_out->login,
                                    NULL, sign_out_deleted_cb, task);
}

static void
sign_out_revoked_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  GTask *task = data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = dnevnik_api_send_finish (DNEVNIK_API (source), result, &error);
  if (body == NULL)
    g_debug ("Could not revoke the session on the server: %s", error->message);

  sign_out_forget (task);
}

static void
sign_out_revoke (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);
  SignOut *sign_out = g_task_get_task_data (task);

  if (sign_out->access_token == NULL)
    {
      sign_out_forget (task);
      return;
    }

  dnevnik_api_send_async (self->api, "POST", "/api/v1/auth/logout", NULL, sign_out->access_token,
                          g_task_get_cancellable (task), sign_out_revoked_cb, task);
}

static void
sign_out_wiped_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  GTask *task = data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_cache_wipe_account_finish (DNEVNIK_CACHE (source), result, &error))
    g_debug ("Could not wipe the account from the offline copy: %s", error->message);

  sign_out_revoke (task);
}

/**
 * dnevnik_service_sign_out_async:
 * @self: a #DnevnikService
 * @cancellable: (nullable): cancels the revocation request only
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Ends the session.  The service is SIGNED_OUT at once (profile gone, link
 * status "not linked", every pending call fails with UNAUTHORIZED); then
 * the tokens are revoked on the server (best effort: offline is fine) and
 * deleted from the token store.
 *
 * It always ends signed out.  The only error is KEYRING, when the
 * remembered tokens could not be deleted: tell the student.
 */
void
dnevnik_service_sign_out_async (DnevnikService      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  SignOut *sign_out;
  g_autoptr(DnevnikTokens) tokens = NULL;
  g_autoptr(DnevnikCache) cache = NULL;
  g_autofree char *account_id = NULL;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_service_sign_out_async);
  /* Cancelling stops the revocation, not the sign-out: report what was done. */
  g_task_set_check_cancellable (task, FALSE);

  tokens = g_steal_pointer (&self->tokens);
  sign_out = g_new0 (SignOut, 1);
  sign_out->login = tokens != NULL ? g_strdup (tokens->login) : NULL;
  sign_out->access_token = tokens != NULL ? g_strdup (tokens->access_token) : NULL;
  sign_out->was_remembered = self->remembered;
  g_task_set_task_data (task, sign_out, sign_out_free);

  cache = self->cache != NULL ? g_object_ref (self->cache) : NULL;
  account_id = g_strdup (self->account_id);

  if (tokens != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN]);
  clear_session (self);

  /* The offline copy goes first, behind the writes already queued (the
   * cache runs its jobs in order), so that nothing of the session
   * survives; then the server and the keyring. */
  if (cache != NULL && sign_out->login != NULL)
    {
      wipe_account (self, cache, account_id, sign_out->login, sign_out_wiped_cb, task);
      return;
    }

  sign_out_revoke (task);
}

/**
 * dnevnik_service_sign_out_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for a KEYRING error
 *
 * Returns: %TRUE if nothing of the session is left
 */
gboolean
dnevnik_service_sign_out_finish (DnevnikService  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dnevnik_service_sign_out_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- profile ------------------------------------------------------------------ */

static gpointer
apply_profile (DnevnikService  *self,
               GBytes          *body,
               gpointer         op_data,
               GError         **error)
{
  DnevnikProfile *profile = dnevnik_parse_profile (body, error);

  if (profile != NULL)
    {
      set_account (self, dnevnik_profile_get_id (profile));
      remember_reply (self, DNEVNIK_CACHE_KIND_PROFILE, body);
      set_profile (self, profile);
    }

  return profile;
}

/**
 * dnevnik_service_refresh_profile_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Loads the profile and updates #DnevnikService:profile.
 */
void
dnevnik_service_refresh_profile_async (DnevnikService      *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  run_op (self, "GET", "/api/v1/profile", NULL, apply_profile, NULL, NULL,
          dnevnik_service_refresh_profile_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_refresh_profile_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the profile
 */
DnevnikProfile *
dnevnik_service_refresh_profile_finish (DnevnikService  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return op_finish (self, result, dnevnik_service_refresh_profile_async, error);
}

/* --- diary, library, portfolio ------------------------------------------------ */

typedef struct
{
  GDate from;
  GDate to;
} Range;

static gpointer
apply_diary (DnevnikService  *self,
             GBytes          *body,
             gpointer         op_data,
             GError         **error)
{
  Range *range = op_data;
  GListModel *days = dnevnik_parse_diary (body, &range->from, &range->to, error);

  if (days != NULL)
    {
      g_autoptr(GPtrArray) entries = diary_entries (body, days);

      remember_days (self, entries);
    }

  return days;
}

/**
 * dnevnik_service_fetch_diary_async:
 * @self: a signed-in #DnevnikService
 * @from: the first date
 * @to: the last date, not before @from and at most 366 days after it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Loads the diary of a range of dates: every date of the range, in order,
 * each with its lessons.  A reversed or too long range fails with
 * %G_IO_ERROR_INVALID_ARGUMENT without a request.
 */
void
dnevnik_service_fetch_diary_async (DnevnikService      *self,
                                   const GDate         *from,
                                   const GDate         *to,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *path = NULL;
  Range *range;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (from != NULL && g_date_valid (from));
  g_return_if_fail (to != NULL && g_date_valid (to));

  if (g_date_compare (from, to) > 0 || g_date_days_between (from, to) >= MAX_DIARY_DAYS)
    {
      fail_early (self,
                  g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                       "A diary range must be in order and at most 366 days long"),
                  dnevnik_service_fetch_diary_async, callback, user_data);
      return;
    }

  range = g_new0 (Range, 1);
  range->from = *from;
  range->to = *to;

  from_text = format_date (from);
  to_text = format_date (to);
  path = g_strdup_printf ("/api/v1/diary?from=%s&to=%s", from_text, to_text);

  run_op (self, "GET", path, NULL, apply_diary, range, g_free,
          dnevnik_service_fetch_diary_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_fetch_diary_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): a list of #DnevnikDiaryDay
 */
GListModel *
dnevnik_service_fetch_diary_finish (DnevnikService  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return op_finish (self, result, dnevnik_service_fetch_diary_async, error);
}

static gpointer
apply_library (DnevnikService  *self,
               GBytes          *body,
               gpointer         op_data,
               GError         **error)
{
  GListModel *items = dnevnik_parse_library (body, error);

  if (items != NULL)
    {
      remember_reply (self, DNEVNIK_CACHE_KIND_LIBRARY, body);
      show_list_document (&self->collections[COLLECTION_LIBRARY], items, body, "items");
    }

  return items;
}

/**
 * dnevnik_service_fetch_library_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Loads the school library.
 */
void
dnevnik_service_fetch_library_async (DnevnikService      *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  run_op (self, "GET", "/api/v1/library", NULL, apply_library, NULL, NULL,
          dnevnik_service_fetch_library_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_fetch_library_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): a list of #DnevnikLibraryItem
 */
GListModel *
dnevnik_service_fetch_library_finish (DnevnikService  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return op_finish (self, result, dnevnik_service_fetch_library_async, error);
}

static gpointer
apply_portfolio (DnevnikService  *self,
                 GBytes          *body,
                 gpointer         op_data,
                 GError         **error)
{
  GListModel *achievements = dnevnik_parse_portfolio (body, error);

  if (achievements != NULL)
    {
      remember_reply (self, DNEVNIK_CACHE_KIND_PORTFOLIO, body);
      show_list_document (&self->collections[COLLECTION_PORTFOLIO], achievements, body, "achievements");
    }

  return achievements;
}

/**
 * dnevnik_service_fetch_portfolio_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Loads the portfolio.
 */
void
dnevnik_service_fetch_portfolio_async (DnevnikService      *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  run_op (self, "GET", "/api/v1/portfolio", NULL, apply_portfolio, NULL, NULL,
          dnevnik_service_fetch_portfolio_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_fetch_portfolio_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): a list of #DnevnikAchievement
 */
GListModel *
dnevnik_service_fetch_portfolio_finish (DnevnikService  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return op_finish (self, result, dnevnik_service_fetch_portfolio_async, error);
}

/* --- Сферум ------------------------------------------------------------------- */

static gpointer
apply_link_status (DnevnikService  *self,
                   GBytes          *body,
                   gpointer         op_data,
                   GError         **error)
{
  DnevnikLinkStatus *status;

  /* A status polled again is mostly the same bytes: the same result.  The
   * parsed object is never changed once made, so it may be shared. */
  if (self->link_status_body != NULL && g_bytes_equal (self->link_status_body, body))
    status = g_object_ref (self->link_status_parsed);
  else
    {
      status = dnevnik_parse_link_status (body, error);
      if (status == NULL)
        return NULL;

      g_clear_pointer (&self->link_status_body, g_bytes_unref);
      g_clear_object (&self->link_status_parsed);
      if (g_bytes_get_size (body) <= MAX_MEMO_SIZE)
        {
          self->link_status_body = g_bytes_ref (body);
          self->link_status_parsed = g_object_ref (status);
        }
    }

  remember_reply (self, DNEVNIK_CACHE_KIND_LINK_STATUS, body);
  dnevnik_link_status_copy_from (self->link_status, status);

  return status;
}

/**
 * dnevnik_service_refresh_link_status_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asks the server whether the account is linked and updates
 * #DnevnikService:link-status.
 */
void
dnevnik_service_refresh_link_status_async (DnevnikService      *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  run_op (self, "GET", "/api/v1/sferum/link", NULL, apply_link_status, NULL, NULL,
          dnevnik_service_refresh_link_status_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_refresh_link_status_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether #DnevnikService:link-status is up to date now
 */
gboolean
dnevnik_service_refresh_link_status_finish (DnevnikService  *self,
                                            GAsyncResult    *result,
                                            GError         **error)
{
  return op_finish_boolean (self, result, dnevnik_service_refresh_link_status_async, error);
}

static gpointer
apply_link_request (DnevnikService  *self,
                    GBytes          *body,
                    gpointer         op_data,
                    GError         **error)
{
  return dnevnik_parse_link_request (body, op_data, error);
}

/**
 * dnevnik_service_link_start_async:
 * @self: a signed-in #DnevnikService
 * @phone: the phone number as the student typed it (`8 916 …`,
 *   `+7 (916) …`, `9161234567` are all fine)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Starts linking the account to the Сферум profile of @phone: the server
 * sends a code by SMS.  A number that is not a Russian mobile number fails
 * with INVALID_PHONE without a request.  Other errors: ALREADY_LINKED,
 * MAX_ACCOUNT_TAKEN, RATE_LIMITED (with retry-after).
 */
void
dnevnik_service_link_start_async (DnevnikService      *self,
                                  const char          *phone,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GBytes) body = NULL;
  char *normalized;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (phone != NULL);

  normalized = dnevnik_phone_normalize (phone);
  if (normalized == NULL)
    {
      fail_early (self, dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_INVALID_PHONE, NULL, -1, -1),
                  dnevnik_service_link_start_async, callback, user_data);
      return;
    }

  body = dnevnik_api_build_body ("phone", normalized, NULL);
  run_op (self, "POST", "/api/v1/sferum/link/start", body, apply_link_request, normalized, g_free,
          dnevnik_service_link_start_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_link_start_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the request, to pass to
 *   dnevnik_service_link_confirm_async() and
 *   dnevnik_service_link_resend_async()
 */
DnevnikLinkRequest *
dnevnik_service_link_start_finish (DnevnikService  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return op_finish (self, result, dnevnik_service_link_start_async, error);
}

static gpointer
apply_link_resend (DnevnikService  *self,
                   GBytes          *body,
                   gpointer         op_data,
                   GError         **error)
{
  return dnevnik_parse_link_resend (body, op_data, error);
}

/**
 * dnevnik_service_link_resend_async:
 * @self: a signed-in #DnevnikService
 * @request: the request from dnevnik_service_link_start_finish()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asks for a new code (the old one stops working; attempts start again).
 * Errors: RATE_LIMITED before the countdown is over (with retry-after),
 * UNKNOWN_REQUEST.
 */
void
dnevnik_service_link_resend_async (DnevnikService      *self,
                                   DnevnikLinkRequest  *request,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (DNEVNIK_IS_LINK_REQUEST (request));

  body = dnevnik_api_build_body ("request_id", dnevnik_link_request_get_request_id (request), NULL);
  run_op (self, "POST", "/api/v1/sferum/link/resend", body, apply_link_resend,
          g_object_ref (request), g_object_unref,
          dnevnik_service_link_resend_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_link_resend_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the request with its new countdowns
 */
DnevnikLinkRequest *
dnevnik_service_link_resend_finish (DnevnikService  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return op_finish (self, result, dnevnik_service_link_resend_async, error);
}

static gboolean
code_is_well_formed (const char         *code,
                     DnevnikLinkRequest *request)
{
  gsize length = strlen (code);

  if (length != (gsize) dnevnik_link_request_get_code_length (request))
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;

  return TRUE;
}

/**
 * dnevnik_service_link_confirm_async:
 * @self: a signed-in #DnevnikService
 * @request: the request from dnevnik_service_link_start_finish()
 * @code: the code from the SMS
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Confirms the link with the code; on success #DnevnikService:link-status
 * becomes linked.  A code of the wrong length or with other characters
 * than digits fails with INVALID_CODE without spending an attempt
 * (attempts-left is then -1).  Errors: INVALID_CODE (with attempts-left),
 * CODE_EXPIRED (offer a resend), NO_ATTEMPTS_LEFT and UNKNOWN_REQUEST
 * (start again), ALREADY_LINKED, MAX_ACCOUNT_TAKEN.
 */
void
dnevnik_service_link_confirm_async (DnevnikService      *self,
                                    DnevnikLinkRequest  *request,
                                    const char          *code,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (DNEVNIK_IS_LINK_REQUEST (request));
  g_return_if_fail (code != NULL);

  if (!code_is_well_formed (code, request))
    {
      fail_early (self, dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_INVALID_CODE, NULL, -1, -1),
                  dnevnik_service_link_confirm_async, callback, user_data);
      return;
    }

  body = dnevnik_api_build_body ("request_id", dnevnik_link_request_get_request_id (request),
                                 "code", code,
                                 NULL);
  run_op (self, "POST", "/api/v1/sferum/link/confirm", body, apply_link_status, NULL, NULL,
          dnevnik_service_link_confirm_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_link_confirm_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether the account is linked now
 */
gboolean
dnevnik_service_link_confirm_finish (DnevnikService  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return op_finish_boolean (self, result, dnevnik_service_link_confirm_async, error);
}

/**
 * dnevnik_service_unlink_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Removes the link; #DnevnikService:link-status becomes "not linked" (also
 * when the server answers NOT_LINKED, since that is the truth then).
 */
void
dnevnik_service_unlink_async (DnevnikService      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  run_op (self, "DELETE", "/api/v1/sferum/link", NULL, apply_link_status, NULL, NULL,
          dnevnik_service_unlink_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_unlink_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether the link was removed
 */
gboolean
dnevnik_service_unlink_finish (DnevnikService  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  return op_finish_boolean (self, result, dnevnik_service_unlink_async, error);
}

static gpointer
apply_link_history (DnevnikService  *self,
                    GBytes          *body,
                    gpointer         op_data,
                    GError         **error)
{
  GListModel *events = dnevnik_parse_link_history (body, error);

  if (events != NULL)
    {
      remember_reply (self, DNEVNIK_CACHE_KIND_LINK_HISTORY, body);
      show_list_document (&self->collections[COLLECTION_LINK_HISTORY], events, body, "events");
    }

  return events;
}

/**
 * dnevnik_service_fetch_link_history_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Loads the history of links and unlinks, newest first.
 */
void
dnevnik_service_fetch_link_history_async (DnevnikService      *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  run_op (self, "GET", "/api/v1/sferum/link/history", NULL, apply_link_history, NULL, NULL,
          dnevnik_service_fetch_link_history_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_fetch_link_history_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): a list of #DnevnikLinkEvent
 */
GListModel *
dnevnik_service_fetch_link_history_finish (DnevnikService  *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  return op_finish (self, result, dnevnik_service_fetch_link_history_async, error);
}

/* --- offline models: the week ------------------------------------------------- */

/**
 * dnevnik_service_get_week_model:
 * @self: a #DnevnikService
 *
 * The diary week that dnevnik_service_load_week_async() fills: one
 * #DnevnikDiaryDay per date, Monday to Saturday, in order.  The same
 * object for the life of the service; empty while signed out.
 *
 * Returns: (transfer none): a #GListModel of #DnevnikDiaryDay
 */
GListModel *
dnevnik_service_get_week_model (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return G_LIST_MODEL (self->collections[COLLECTION_WEEK].store);
}

/**
 * dnevnik_service_get_week_start:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none) (nullable): the Monday of the week last asked
 *   for with dnevnik_service_load_week_async(), or %NULL
 */
const GDate *
dnevnik_service_get_week_start (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return g_date_valid (&self->week_start) ? &self->week_start : NULL;
}

typedef struct
{
  GDate     monday;
  GDate     saturday;
  guint     serial;
  guint     session_id;
  gboolean  had_cache;
} LoadWeek;

static char *
diary_path (const GDate *from,
            const GDate *to)
{
  g_autofree char *from_text = format_date (from);
  g_autofree char *to_text = format_date (to);

  return g_strdup_printf ("/api/v1/diary?from=%s&to=%s", from_text, to_text);
}

static void
week_bounds (const GDate *any_day,
             GDate       *monday,
             GDate       *saturday)
{
  *monday = *any_day;
  g_date_subtract_days (monday, g_date_get_weekday (monday) - G_DATE_MONDAY);
  *saturday = *monday;
  g_date_add_days (saturday, WEEK_DAYS - 1);
}

/* Turns cached days into model items: a day that does not parse, or is
 * not the date it is stored under, is left out (the network brings it). */
static void
show_cached_week (DnevnikService *self,
                  GPtrArray      *entries)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) signatures = g_ptr_array_new ();

  for (guint i = 0; i < entries->len; i++)
    {
      DnevnikCacheEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GBytes) bytes = g_bytes_new_static (entry->json, strlen (entry->json));
      g_autoptr(JsonObject) object = dnevnik_json_parse_object (bytes, NULL);
      g_autoptr(DnevnikDiaryDay) day = NULL;
      g_autofree char *date = NULL;

      if (object == NULL || !(day = dnevnik_parse_diary_day (object, NULL)))
        continue;

      date = format_date (dnevnik_diary_day_get_date (day));
      if (!g_str_equal (date, entry->key))
        continue;

      g_ptr_array_add (items, g_steal_pointer (&day));
      g_ptr_array_add (signatures, entry->json);
    }

  collection_update (&self->collections[COLLECTION_WEEK], items, signatures);
}

typedef struct
{
  DnevnikService *self;
  GDate           monday;
  GDate           saturday;
  guint           session_id;
} Prefetch;

static void
prefetch_free (Prefetch *prefetch)
{
  g_object_unref (prefetch->self);
  g_free (prefetch);
}

static void
prefetch_fetched_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  Prefetch *prefetch = data;
  DnevnikService *self = prefetch->self;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) days = NULL;

  body = request_finish (self, result, &error);
  if (body != NULL && prefetch->session_id == self->session_id)
    days = dnevnik_parse_diary (body, &prefetch->monday, &prefetch->saturday, &error);

  if (days != NULL)
    {
      g_autoptr(GPtrArray) entries = diary_entries (body, days);

      remember_days (self, entries);
    }
  else if (error != NULL)
    g_debug ("Could not prefetch a week: %s", error->message);

  prefetch_free (prefetch);
}

static void
prefetch_cached_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  Prefetch *prefetch = data;
  DnevnikService *self = prefetch->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *path = NULL;

  entries = dnevnik_cache_get_range_finish (DNEVNIK_CACHE (source), result, &error);
  if (error != NULL)
    note_cache_error (self, DNEVNIK_CACHE (source), error);

  /* Cached already (a later load revalidates it), or no longer wanted. */
  if (entries == NULL || entries->len >= WEEK_DAYS || prefetch->session_id != self->session_id ||
      self->tokens == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      prefetch_free (prefetch);
      return;
    }

  path = diary_path (&prefetch->monday, &prefetch->saturday);
  request_async (self, "GET", path, NULL, self->cancellable, prefetch_fetched_cb, prefetch);
}

/* Fills the cache with the week of @monday unless it is there already,
 * so that stepping to it shows it at once, even offline. */
static void
prefetch_week (DnevnikService *self,
               const GDate    *monday)
{
  g_autofree char *from_key = NULL;
  g_autofree char *to_key = NULL;
  Prefetch *prefetch;

  if (!cache_is_usable (self))
    return;

  prefetch = g_new0 (Prefetch, 1);
  prefetch->self = g_object_ref (self);
  prefetch->session_id = self->session_id;
  week_bounds (monday, &prefetch->monday, &prefetch->saturday);

  from_key = format_date (&prefetch->monday);
  to_key = format_date (&prefetch->saturday);
  dnevnik_cache_get_range_async (self->cache, server_of (self), self->account_id,
                                 DNEVNIK_CACHE_KIND_DIARY_DAY, from_key, to_key, self->cancellable,
                                 prefetch_cached_cb, prefetch);
}

static void
prefetch_neighbours (DnevnikService *self,
                     const GDate    *monday)
{
  GDate previous = *monday;
  GDate next = *monday;

  g_date_subtract_days (&previous, 7);
  g_date_add_days (&next, 7);
  prefetch_week (self, &previous);
  prefetch_week (self, &next);
}

static void
week_fetched_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = DNEVNIK_SERVICE (source);
  LoadWeek *load = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) days = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  body = request_finish (self, result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (load->session_id != self->session_id)
    {
      g_task_return_error (task, unauthorized_error ());
      return;
    }

  if (body == NULL)
    {
      /* Offline (the state says so now) with the week on screen from the
       * cache: that is what stale-while-revalidate promises. */
      if (is_unreachable_error (error) && load->had_cache)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  days = dnevnik_parse_diary (body, &load->monday, &load->saturday, &error);
  if (days == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  entries = diary_entries (body, days);
  remember_days (self, entries);

  /* A later load took the model over: this one only fed the cache. */
  if (load->serial == self->week_serial && entries->len == g_list_model_get_n_items (days))
    {
      g_autoptr(GPtrArray) signatures = g_ptr_array_new ();

      for (guint i = 0; i < entries->len; i++)
        g_ptr_array_add (signatures, ((DnevnikCacheEntry *) g_ptr_array_index (entries, i))->json);

      collection_update_from_model (&self->collections[COLLECTION_WEEK], days, signatures);
      prefetch_neighbours (self, &load->monday);
    }

  g_task_return_boolean (task, TRUE);
}

static void
week_fetch (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);
  LoadWeek *load = g_task_get_task_data (task);
  g_autofree char *path = diary_path (&load->monday, &load->saturday);

  request_async (self, "GET", path, NULL, g_task_get_cancellable (task), week_fetched_cb, task);
}

static void
week_cached_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GTask *task = data;
  DnevnikService *self = g_task_get_source_object (task);
  LoadWeek *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  entries = dnevnik_cache_get_range_finish (DNEVNIK_CACHE (source), result, &error);
  if (error != NULL)
    note_cache_error (self, DNEVNIK_CACHE (source), error);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (load->session_id != self->session_id)
    {
      g_task_return_error (task, unauthorized_error ());
      g_object_unref (task);
      return;
    }

  if (entries != NULL && load->serial == self->week_serial)
    {
      show_cached_week (self, entries);
      load->had_cache = g_list_model_get_n_items (dnevnik_service_get_week_model (self)) > 0;
    }

  week_fetch (task);
}

/**
 * dnevnik_service_load_week_async:
 * @self: a signed-in #DnevnikService
 * @any_day_of_week: a date of the week to show (any day, Sunday included)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the network answered (or could not)
 * @user_data: data for @callback
 *
 * Shows a week in dnevnik_service_get_week_model(): stale while
 * revalidate.  #DnevnikService:week-start changes at once; the model then
 * shows what the offline copy has of the week as soon as it answers
 * (emptied if it has nothing), then the server's reply replaces only the
 * days that changed.  Fresh days go to the offline copy, and the weeks
 * before and after are fetched into it in the background unless it has
 * them, so that stepping there is instant.
 *
 * When a later load starts before this one is done, this one only
 * updates the offline copy.
 *
 * Errors as dnevnik_service_fetch_diary_async(); but when the server
 * cannot be reached (NETWORK, TIMEOUT: the state is OFFLINE) and the
 * model shows the week from the offline copy, it finishes with %TRUE.
 */
void
dnevnik_service_load_week_async (DnevnikService      *self,
                                 const GDate         *any_day_of_week,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *from_key = NULL;
  g_autofree char *to_key = NULL;
  LoadWeek *load;
  gboolean same_week;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (any_day_of_week != NULL && g_date_valid (any_day_of_week));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_service_load_week_async);

  if (self->tokens == NULL)
    {
      g_task_return_error (task, unauthorized_error ());
      return;
    }

  load = g_new0 (LoadWeek, 1);
  week_bounds (any_day_of_week, &load->monday, &load->saturday);
  load->serial = ++self->week_serial;
  load->session_id = self->session_id;
  g_task_set_task_data (task, load, g_free);

  same_week = g_date_valid (&self->week_start) && g_date_compare (&self->week_start, &load->monday) == 0;
  set_week_start (self, &load->monday);

  if (!cache_is_usable (self))
    {
      if (!same_week)
        collection_empty (&self->collections[COLLECTION_WEEK]);
      week_fetch (g_steal_pointer (&task));
      return;
    }

  from_key = format_date (&load->monday);
  to_key = format_date (&load->saturday);
  dnevnik_cache_get_range_async (self->cache, server_of (self), self->account_id,
                                 DNEVNIK_CACHE_KIND_DIARY_DAY, from_key, to_key, cancellable,
                                 week_cached_cb, g_steal_pointer (&task));
}

/**
 * dnevnik_service_load_week_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether the week model shows the week (fresh, or from the
 *   offline copy while the server cannot be reached)
 */
gboolean
dnevnik_service_load_week_finish (DnevnikService  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dnevnik_service_load_week_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- offline models: library, portfolio, link history ------------------------ */

typedef struct
{
  CollectionId      id;
  DnevnikCacheKind  kind;
  const char       *path;
  const char       *member;
  GListModel     *(*parse) (GBytes  *bytes,
                            GError **error);
  ApplyFunc         apply;
} ListSpec;

static const ListSpec list_specs[] = {
  { COLLECTION_LIBRARY, DNEVNIK_CACHE_KIND_LIBRARY, "/api/v1/library", "items",
    dnevnik_parse_library, apply_library },
  { COLLECTION_PORTFOLIO, DNEVNIK_CACHE_KIND_PORTFOLIO, "/api/v1/portfolio", "achievements",
    dnevnik_parse_portfolio, apply_portfolio },
  { COLLECTION_LINK_HISTORY, DNEVNIK_CACHE_KIND_LINK_HISTORY, "/api/v1/sferum/link/history", "events",
    dnevnik_parse_link_history, apply_link_history },
};

typedef struct
{
  const ListSpec *spec;
  guint           session_id;
  gboolean        had_cache;
} LoadList;

static void
list_fetched_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = DNEVNIK_SERVICE (source);
  LoadList *load = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = NULL;

  body = request_finish (self, result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (load->session_id != self->session_id)
    {
      g_task_return_error (task, unauthorized_error ());
      return;
    }

  if (body == NULL)
    {
      if (is_unreachable_error (error) && load->had_cache)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The same path as the fetch_* calls: cache, then the shared model. */
  model = load->spec->apply (self, body, NULL, &error);
  if (model == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
list_cached_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GTask *task = data;
  DnevnikService *self = g_task_get_source_object (task);
  LoadList *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = NULL;
  char *json;

  json = dnevnik_cache_get_finish (DNEVNIK_CACHE (source), result, &error);
  if (error != NULL)
    note_cache_error (self, DNEVNIK_CACHE (source), error);

  if (json != NULL && load->session_id == self->session_id &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_autoptr(GBytes) bytes = bytes_from_text (json);

      model = load->spec->parse (bytes, NULL);
      if (model != NULL)
        {
          show_list_document (&self->collections[load->spec->id], model, bytes, load->spec->member);
          load->had_cache = TRUE;
        }
    }
  else
    g_free (json);

  request_async (self, "GET", load->spec->path, NULL, g_task_get_cancellable (task),
                 list_fetched_cb, task);
}

static void
load_list (DnevnikService      *self,
           CollectionId         id,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadList *load;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  if (self->tokens == NULL)
    {
      g_task_return_error (task, unauthorized_error ());
      return;
    }

  load = g_new0 (LoadList, 1);
  load->session_id = self->session_id;
  for (guint i = 0; i < G_N_ELEMENTS (list_specs); i++)
    if (list_specs[i].id == id)
      load->spec = &list_specs[i];
  g_assert (load->spec != NULL);
  g_task_set_task_data (task, load, g_free);

  if (!cache_is_usable (self))
    {
      request_async (self, "GET", load->spec->path, NULL, cancellable, list_fetched_cb,
                     g_steal_pointer (&task));
      return;
    }

  dnevnik_cache_get_async (self->cache, server_of (self), self->account_id, load->spec->kind, NULL,
                           cancellable, list_cached_cb, g_steal_pointer (&task));
}

static gboolean
load_list_finish (DnevnikService  *self,
                  GAsyncResult    *result,
                  gpointer         source_tag,
                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * dnevnik_service_get_library_model:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none): the library (#DnevnikLibraryItem) that
 *   dnevnik_service_load_library_async() and
 *   dnevnik_service_fetch_library_async() fill; one object for the life of
 *   the service, empty while signed out
 */
GListModel *
dnevnik_service_get_library_model (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return G_LIST_MODEL (self->collections[COLLECTION_LIBRARY].store);
}

/**
 * dnevnik_service_get_portfolio_model:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none): the portfolio (#DnevnikAchievement), as
 *   dnevnik_service_get_library_model()
 */
GListModel *
dnevnik_service_get_portfolio_model (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return G_LIST_MODEL (self->collections[COLLECTION_PORTFOLIO].store);
}

/**
 * dnevnik_service_get_link_history_model:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none): the link history (#DnevnikLinkEvent, newest
 *   first), as dnevnik_service_get_library_model()
 */
GListModel *
dnevnik_service_get_link_history_model (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return G_LIST_MODEL (self->collections[COLLECTION_LINK_HISTORY].store);
}

/**
 * dnevnik_service_load_library_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the network answered (or could not)
 * @user_data: data for @callback
 *
 * Fills dnevnik_service_get_library_model(): first from the offline copy,
 * then from the server, changing only the items that changed.  Errors as
 * dnevnik_service_fetch_library_async(), except that an unreachable server
 * with a cached library finishes with %TRUE (the state is OFFLINE).
 */
void
dnevnik_service_load_library_async (DnevnikService      *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  load_list (self, COLLECTION_LIBRARY, dnevnik_service_load_library_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_load_library_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether the library model shows the library
 */
gboolean
dnevnik_service_load_library_finish (DnevnikService  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return load_list_finish (self, result, dnevnik_service_load_library_async, error);
}

/**
 * dnevnik_service_load_portfolio_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the network answered (or could not)
 * @user_data: data for @callback
 *
 * As dnevnik_service_load_library_async(), for
 * dnevnik_service_get_portfolio_model().
 */
void
dnevnik_service_load_portfolio_async (DnevnikService      *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  load_list (self, COLLECTION_PORTFOLIO, dnevnik_service_load_portfolio_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_load_portfolio_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether the portfolio model shows the portfolio
 */
gboolean
dnevnik_service_load_portfolio_finish (DnevnikService  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return load_list_finish (self, result, dnevnik_service_load_portfolio_async, error);
}

/**
 * dnevnik_service_load_link_history_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the network answered (or could not)
 * @user_data: data for @callback
 *
 * As dnevnik_service_load_library_async(), for
 * dnevnik_service_get_link_history_model().
 */
void
dnevnik_service_load_link_history_async (DnevnikService      *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  load_list (self, COLLECTION_LINK_HISTORY, dnevnik_service_load_link_history_async,
             cancellable, callback, user_data);
}

/**
 * dnevnik_service_load_link_history_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether the link history model shows the history
 */
gboolean
dnevnik_service_load_link_history_finish (DnevnikService  *self,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  return load_list_finish (self, result, dnevnik_service_load_link_history_async, error);
}

/* --- whole-year sync -------------------------------------------------------------- */

typedef struct
{
  GDate  from;
  GDate  to;
  GDate  cursor;
  GDate  batch_end;
  guint  session_id;
  guint  total_days;
  guint  done_days;
} Sync;

typedef struct
{
  GBytes *body;
  GDate   from;
  GDate   to;
} SplitDays;

static void
split_days_free (gpointer data)
{
  SplitDays *split = data;

  g_bytes_unref (split->body);
  g_free (split);
}

/* Worker thread: a month of diary → one cache entry per day.  Plain data
 * only (no GObject), so it may run off the main thread; it checks what the
 * cache relies on (dates in order, inside the batch), and the day itself
 * is parsed into a model when it is shown. */
static void
split_days_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SplitDays *split = task_data;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  GError *error = NULL;
  JsonArray *array;
  GDate previous;

  root = dnevnik_json_parse_object (split->body, &error);
  if (root == NULL || !(array = dnevnik_json_get_array (root, "days", TRUE, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  g_date_clear (&previous, 1);
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) dnevnik_cache_entry_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *element = dnevnik_json_array_get_object (array, i, &error);
      g_autofree char *key = NULL;
      g_autofree char *json = NULL;
      GDate date;

      if (element == NULL || !dnevnik_json_get_date (element, "date", TRUE, &date, &error))
        {
          g_task_return_error (task, error);
          return;
        }

      if ((g_date_valid (&previous) && g_date_compare (&date, &previous) <= 0) ||
          g_date_compare (&date, &split->from) < 0 || g_date_compare (&date, &split->to) > 0)
        {
          g_task_return_error (task, dnevnik_json_protocol_error ("day %u is out of order or range", i));
          return;
        }

      previous = date;
      key = format_date (&date);
      json = json_to_string (json_array_get_element (array, i), FALSE);
      g_ptr_array_add (entries, dnevnik_cache_entry_new (key, json));
    }

  g_task_return_pointer (task, g_steal_pointer (&entries), (GDestroyNotify) g_ptr_array_unref);
}

static void
set_sync_progress (DnevnikService *self,
                   double          progress)
{
  if (self->sync_progress == progress)
    return;

  self->sync_progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_PROGRESS]);
}

static void
sync_fail (GTask  *task,
           GError *error)
{
  DnevnikService *self = g_task_get_source_object (task);

  self->syncing = FALSE;
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* Whether the sync may go on; if not, @task is done. */
static gboolean
sync_still_wanted (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);
  Sync *sync = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      sync_fail (task, error);
      return FALSE;
    }

  if (sync->session_id != self->session_id || !cache_is_usable (self))
    {
      sync_fail (task, unauthorized_error ());
      return FALSE;
    }

  return TRUE;
}

static void sync_next_batch (GTask *task);

static void
sync_stored_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GTask *task = data;
  DnevnikService *self = g_task_get_source_object (task);
  Sync *sync = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!dnevnik_cache_put_many_finish (DNEVNIK_CACHE (source), result, &error))
    {
      note_cache_error (self, DNEVNIK_CACHE (source), error);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          sync_fail (task, g_steal_pointer (&error));
          return;
        }
    }

  if (!sync_still_wanted (task))
    return;

  sync->done_days += g_date_days_between (&sync->cursor, &sync->batch_end) + 1;
  set_sync_progress (self, (double) sync->done_days / sync->total_days);

  sync->cursor = sync->batch_end;
  g_date_add_days (&sync->cursor, 1);
  sync_next_batch (task);
}

static void
sync_split_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  GTask *task = data;
  DnevnikService *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) entries = NULL;
  GError *error = NULL;

  entries = g_task_propagate_pointer (G_TASK (result), &error);
  if (entries == NULL)
    {
      sync_fail (task, error);
      return;
    }

  if (!sync_still_wanted (task))
    return;

  dnevnik_cache_put_many_async (self->cache, server_of (self), self->account_id,
                                DNEVNIK_CACHE_KIND_DIARY_DAY, entries, g_task_get_cancellable (task),
                                sync_stored_cb, task);
}

static void
sync_fetched_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  GTask *task = data;
  DnevnikService *self = DNEVNIK_SERVICE (source);
  Sync *sync = g_task_get_task_data (task);
  g_autoptr(GTask) split_task = NULL;
  GBytes *body;
  GError *error = NULL;
  SplitDays *split;

  body = request_finish (self, result, &error);
  if (body == NULL)
    {
      sync_fail (task, error);
      return;
    }

  if (!sync_still_wanted (task))
    {
      g_bytes_unref (body);
      return;
    }

  /* Parsing a month is short, but a year of them would add up on the main
   * loop: the split into days runs on a worker thread. */
  split = g_new0 (SplitDays, 1);
  split->body = body;
  split->from = sync->cursor;
  split->to = sync->batch_end;

  split_task = g_task_new (self, g_task_get_cancellable (task), sync_split_cb, task);
  g_task_set_source_tag (split_task, split_days_thread);
  g_task_set_task_data (split_task, split, split_days_free);
  g_task_run_in_thread (split_task, split_days_thread);
}

static void
sync_next_batch (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);
  Sync *sync = g_task_get_task_data (task);
  g_autofree char *path = NULL;

  if (g_date_compare (&sync->cursor, &sync->to) > 0)
    {
      self->syncing = FALSE;
      set_sync_progress (self, 1.0);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  /* A calendar month per request: a few dozen days, ~130 lessons. */
  sync->batch_end = sync->cursor;
  g_date_set_day (&sync->batch_end, g_date_get_days_in_month (g_date_get_month (&sync->cursor),
                                                              g_date_get_year (&sync->cursor)));
  if (g_date_compare (&sync->batch_end, &sync->to) > 0)
    sync->batch_end = sync->to;

  path = diary_path (&sync->cursor, &sync->batch_end);
  request_async (self, "GET", path, NULL, g_task_get_cancellable (task), sync_fetched_cb, task);
}

static void
sync_profile_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  GTask *task = data;
  g_autoptr(DnevnikProfile) profile = NULL;
  GError *error = NULL;

  profile = dnevnik_service_refresh_profile_finish (DNEVNIK_SERVICE (source), result, &error);
  if (profile == NULL)
    {
      sync_fail (task, error);
      return;
    }

  if (sync_still_wanted (task))
    sync_next_batch (task);
}

/**
 * dnevnik_service_sync_range_async:
 * @self: a signed-in #DnevnikService
 * @from: the first date, e.g. 1 September
 * @to: the last date (not before @from), e.g. 31 May
 * @cancellable: (nullable): a #GCancellable; the months stored so far stay
 * @callback: called when every day is stored, or on the first failure
 * @user_data: data for @callback
 *
 * Fills the offline copy with the diary of a range of any length — a
 * whole school year — so that every week of it shows without network.  A
 * calendar month per request, each month stored in one transaction; the
 * main loop stays free (the network is asynchronous, a month is split
 * into days on a worker thread, the cache writes on its own).
 * #DnevnikService:sync-progress goes from 0 to 1 as months are stored.
 * The week model is not touched.
 *
 * Errors: as dnevnik_service_fetch_diary_async(); %G_IO_ERROR_PENDING
 * when a sync is running already; a #DNEVNIK_CACHE_ERROR when a month
 * could not be stored.
 */
void
dnevnik_service_sync_range_async (DnevnikService      *self,
                                  const GDate         *from,
                                  const GDate         *to,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Sync *sync;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (from != NULL && g_date_valid (from));
  g_return_if_fail (to != NULL && g_date_valid (to));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_service_sync_range_async);

  if (g_date_compare (from, to) > 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "A sync range must be in order");
      return;
    }

  if (self->tokens == NULL)
    {
      g_task_return_error (task, unauthorized_error ());
      return;
    }

  if (self->syncing)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "A sync is running already");
      return;
    }

  sync = g_new0 (Sync, 1);
  sync->from = *from;
  sync->to = *to;
  sync->cursor = *from;
  sync->session_id = self->session_id;
  sync->total_days = g_date_days_between (from, to) + 1;
  g_task_set_task_data (task, sync, g_free);

  self->syncing = TRUE;
  set_sync_progress (self, 0.0);

  /* A restored session whose offline copy did not know the account yet
   * learns it from the profile. */
  if (self->account_id == NULL)
    {
      dnevnik_service_refresh_profile_async (self, cancellable, sync_profile_cb, g_steal_pointer (&task));
      return;
    }

  sync_next_batch (g_steal_pointer (&task));
}

/**
 * dnevnik_service_sync_range_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether every day of the range is in the offline copy
 */
gboolean
dnevnik_service_sync_range_finish (DnevnikService  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dnevnik_service_sync_range_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * dnevnik_service_get_sync_progress:
 * @self: a #DnevnikService
 *
 * Returns: the #DnevnikService:sync-progress, from 0 to 1
 */
double
dnevnik_service_get_sync_progress (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), 0.0);

  return self->sync_progress;
}

/* --- where the offline copy lives ---------------------------------------------- */

/**
 * dnevnik_service_get_cache_path:
 * @self: a #DnevnikService
 *
 * Returns: (nullable): the #DnevnikService:cache-path, %NULL for the
 *   default file
 */
const char *
dnevnik_service_get_cache_path (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return self->cache_path;
}

/**
 * dnevnik_service_set_cache_path:
 * @self: a #DnevnikService with no session yet
 * @path: (nullable): the file of the offline copy of remembered students,
 *   %NULL for dnevnik_cache_get_default_path()
 *
 * Moves the offline copy elsewhere (tests; a portable install).  Only
 * before the file is first used, that is before the first remembered
 * session; later calls are ignored with a critical.
 */
void
dnevnik_service_set_cache_path (DnevnikService *self,
                                const char     *path)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (self->disk_cache == NULL);

  if (g_strcmp0 (self->cache_path, path) == 0)
    return;

  g_free (self->cache_path);
  self->cache_path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CACHE_PATH]);
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
