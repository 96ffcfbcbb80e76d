/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include <string.h>

#include "dnevnik-json.h"
#include "dnevnik-parse.h"
#include "dnevnik-service-private.h"

/* The diary: a range of dates on demand (fetch_diary), and the week model
 * (load_week): the offline copy first, then the provider, and the weeks
 * around it prefetched into the offline copy.
 */

/* Bounds the client-side range check of a diary request (API.md). */
#define MAX_DIARY_DAYS 366

typedef struct
{
  DnevnikServiceRange  week;
  guint                serial;
} LoadWeek;

typedef struct
{
  DnevnikService      *self;
  DnevnikServiceRange  week;
  DnevnikSession      *session;
} Prefetch;

/* Parses a diary reply of @range and stores its days in the offline
 * copy: the days (and, in @out_entries, their cache entries), or %NULL. */
static GListModel *
remember_diary (DnevnikService             *self,
                GBytes                     *body,
                const DnevnikServiceRange  *range,
                GPtrArray                 **out_entries,
                GError                    **error)
{
  g_autoptr(GListModel) days = dnevnik_parse_diary (body, &range->from, &range->to, error);
  g_autoptr(GPtrArray) entries = NULL;

  if (days == NULL)
    return NULL;

  entries = _dnevnik_service_diary_entries (body, days);
  _dnevnik_service_remember_days (self, entries);

  if (out_entries != NULL)
    *out_entries = g_steal_pointer (&entries);
  return g_steal_pointer (&days);
}

static gpointer
apply_diary (DnevnikService  *self,
             GBytes          *body,
             gpointer         op_data,
             GError         **error)
{
  return remember_diary (self, body, op_data, NULL, error);
}

static void
week_bounds (const GDate *any_day,
             GDate       *monday,
             GDate       *saturday)
{
  *monday = *any_day;
  g_date_subtract_days (monday, g_date_get_weekday (monday) - G_DATE_MONDAY);
  *saturday = *monday;
  g_date_add_days (saturday, DNEVNIK_SERVICE_WEEK_DAYS - 1);
}

/* Turns cached days into model items: a day that does not parse, or is
 * not the date it is stored under, is left out (the network brings it). */
static void
show_cached_days (DnevnikService *self,
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

      date = _dnevnik_service_format_date (dnevnik_diary_day_get_date (day));
      if (!g_str_equal (date, entry->key))
        continue;

      g_ptr_array_add (items, g_steal_pointer (&day));
      g_ptr_array_add (signatures, entry->json);
    }

  _dnevnik_collection_update (&self->collections[COLLECTION_WEEK], items, signatures);
}

static void
prefetch_free (Prefetch *prefetch)
{
  g_object_unref (prefetch->self);
  g_object_unref (prefetch->session);
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

  body = _dnevnik_service_request_finish (self, result, &error);
  if (body != NULL && !dnevnik_session_is_ended (prefetch->session))
    days = remember_diary (self, body, &prefetch->week, NULL, &error);

  if (days == NULL && error != NULL)
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

  entries = dnevnik_cache_get_range_finish (DNEVNIK_CACHE (source), result, &error);
  if (error != NULL)
    _dnevnik_service_note_cache_error (self, DNEVNIK_CACHE (source), error);

  /* Cached already (a later load revalidates it), or no longer wanted. */
  if (entries == NULL || entries->len >= DNEVNIK_SERVICE_WEEK_DAYS || dnevnik_session_is_ended (prefetch->session) ||
      g_cancellable_is_cancelled (self->cancellable))
    {
      prefetch_free (prefetch);
      return;
    }

  _dnevnik_service_request_async (self, _dnevnik_service_describe_diary, &prefetch->week, self->cancellable,
                                  prefetch_fetched_cb, prefetch);
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

  if (!_dnevnik_service_cache_is_usable (self))
    return;

  prefetch = g_new0 (Prefetch, 1);
  prefetch->self = g_object_ref (self);
  prefetch->session = g_object_ref (self->session);
  week_bounds (monday, &prefetch->week.from, &prefetch->week.to);

  from_key = _dnevnik_service_format_date (&prefetch->week.from);
  to_key = _dnevnik_service_format_date (&prefetch->week.to);
  dnevnik_cache_get_range_async (self->cache, _dnevnik_service_get_server (self), self->account_id,
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
describe_week (gpointer             args,
               DnevnikProviderCall *call)
{
  LoadWeek *load = args;

  _dnevnik_service_describe_diary (&load->week, call);
}

/* #DnevnikService:week-start changes at once; without an offline copy,
 * the model empties unless it shows that week already. */
static void
begin_week (DnevnikService *self,
            gpointer        args)
{
  LoadWeek *load = args;
  gboolean same_week;

  load->serial = ++self->week_serial;
  same_week = g_date_valid (&self->week_start) && g_date_compare (&self->week_start, &load->week.from) == 0;
  _dnevnik_service_set_week_start (self, &load->week.from);

  if (!same_week && !_dnevnik_service_cache_is_usable (self))
    _dnevnik_collection_empty (&self->collections[COLLECTION_WEEK]);
}

static void
read_cached_week (DnevnikService      *self,
                  gpointer             args,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  LoadWeek *load = args;
  g_autofree char *from_key = _dnevnik_service_format_date (&load->week.from);
  g_autofree char *to_key = _dnevnik_service_format_date (&load->week.to);

  dnevnik_cache_get_range_async (self->cache, _dnevnik_service_get_server (self), self->account_id,
                                 DNEVNIK_CACHE_KIND_DIARY_DAY, from_key, to_key, cancellable,
                                 callback, user_data);
}

static gboolean
show_cached_week (DnevnikService  *self,
                     gpointer         args,
                     DnevnikCache    *cache,
                     GAsyncResult    *result,
                     gboolean         wanted,
                     GError         **error)
{
  LoadWeek *load = args;
  g_autoptr(GPtrArray) entries = dnevnik_cache_get_range_finish (cache, result, error);

  if (entries == NULL || !wanted || load->serial != self->week_serial)
    return FALSE;

  show_cached_days (self, entries);
  return g_list_model_get_n_items (dnevnik_service_get_week_model (self)) > 0;
}

static gboolean
show_fresh_week (DnevnikService  *self,
                 gpointer         args,
                 GBytes          *body,
                 GError         **error)
{
  LoadWeek *load = args;
  g_autoptr(GListModel) days = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  days = remember_diary (self, body, &load->week, &entries, error);
  if (days == NULL)
    return FALSE;

  /* A later load took the model over: this one only fed the cache. */
  if (load->serial == self->week_serial && entries->len == g_list_model_get_n_items (days))
    {
      g_autoptr(GPtrArray) signatures = g_ptr_array_new ();

      for (guint i = 0; i < entries->len; i++)
        g_ptr_array_add (signatures, ((DnevnikCacheEntry *) g_ptr_array_index (entries, i))->json);

      _dnevnik_collection_update_from_model (&self->collections[COLLECTION_WEEK], days, signatures);
      prefetch_neighbours (self, &load->week.from);
    }

  return TRUE;
}

static const DnevnikServiceLoadSpec week_load = {
  .describe = describe_week,
  .begin = begin_week,
  .read_cache = read_cached_week,
  .show_cached = show_cached_week,
  .show_fresh = show_fresh_week,
};

/* The DnevnikServiceCallFunc of the diary: @args is a
 * DnevnikServiceRange. */
void
_dnevnik_service_describe_diary (gpointer             args,
                                 DnevnikProviderCall *call)
{
  DnevnikServiceRange *range = args;

  call->operation = DNEVNIK_PROVIDER_CALL_FETCH_DIARY;
  call->from = &range->from;
  call->to = &range->to;
}

static const DnevnikServiceOp diary_op = {
  .describe = _dnevnik_service_describe_diary,
  .apply = apply_diary,
  .needs = DNEVNIK_PROVIDER_CAPABILITY_DIARY,
};

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
  DnevnikServiceRange *range;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (from != NULL && g_date_valid (from));
  g_return_if_fail (to != NULL && g_date_valid (to));

  if (g_date_compare (from, to) > 0 || g_date_days_between (from, to) >= MAX_DIARY_DAYS)
    {
      _dnevnik_service_fail_early (self,
                                   g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                                        "A diary range must be in order and at most 366 days long"),
                                   dnevnik_service_fetch_diary_async, callback, user_data);
      return;
    }

  range = g_new0 (DnevnikServiceRange, 1);
  range->from = *from;
  range->to = *to;

  _dnevnik_service_run_op (self, &diary_op, range, g_free,
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
  return _dnevnik_service_op_finish (self, result, dnevnik_service_fetch_diary_async, error);
}

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
  LoadWeek *load;

  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (any_day_of_week != NULL && g_date_valid (any_day_of_week));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  load = g_new0 (LoadWeek, 1);
  week_bounds (any_day_of_week, &load->week.from, &load->week.to);
  _dnevnik_service_revalidate (self, &week_load, DNEVNIK_PROVIDER_CAPABILITY_DIARY, load, g_free,
                               dnevnik_service_load_week_async, cancellable, callback, user_data);
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
  return _dnevnik_service_task_finish_boolean (self, result, dnevnik_service_load_week_async, error);
}
