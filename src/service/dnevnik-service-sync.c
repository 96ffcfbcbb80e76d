/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-json.h"
#include "dnevnik-service-private.h"

/* The school-year sync: the offline copy filled with a long range of the
 * diary, a calendar month per request and per transaction, without
 * blocking the main loop; then, where the server has them, the periods
 * and their marks (dnevnik-service-marks.c).
 */

typedef struct
{
  GDate                from;
  GDate                to;
  /* The month being fetched and stored. */
  DnevnikServiceRange  batch;
  DnevnikSession      *session;
  guint                total_days;
  guint                done_days;
} Sync;

typedef struct
{
  GBytes *body;
  GDate   from;
  GDate   to;
} SplitDays;

static void
sync_free (gpointer data)
{
  Sync *sync = data;

  g_clear_object (&sync->session);
  g_free (sync);
}

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
      key = _dnevnik_service_format_date (&date);
      json = json_to_string (json_array_get_element (array, i), FALSE);
      g_ptr_array_add (entries, dnevnik_cache_entry_new (key, json));
    }

  g_task_return_pointer (task, g_steal_pointer (&entries), (GDestroyNotify) g_ptr_array_unref);
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

  if (dnevnik_session_is_ended (sync->session) || !_dnevnik_service_cache_is_usable (self))
    {
      sync_fail (task, _dnevnik_service_unauthorized_error ());
      return FALSE;
    }

  return TRUE;
}

static void sync_next_batch (GTask *task);

static void
sync_finish (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);

  self->syncing = FALSE;
  _dnevnik_service_set_sync_progress (self, 1.0);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
sync_marks_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  GTask *task = data;
  GError *error = NULL;

  if (!_dnevnik_service_sync_marks_finish (DNEVNIK_SERVICE (source), result, &error))
    {
      sync_fail (task, error);
      return;
    }

  if (sync_still_wanted (task))
    sync_finish (task);
}

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
      _dnevnik_service_note_cache_error (self, DNEVNIK_CACHE (source), error);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          sync_fail (task, g_steal_pointer (&error));
          return;
        }
    }

  if (!sync_still_wanted (task))
    return;

  sync->done_days += g_date_days_between (&sync->batch.from, &sync->batch.to) + 1;
  _dnevnik_service_set_sync_progress (self, (double) sync->done_days / sync->total_days);

  sync->batch.from = sync->batch.to;
  g_date_add_days (&sync->batch.from, 1);
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

  dnevnik_cache_put_many_async (self->cache, _dnevnik_service_get_server (self), self->account_id,
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

  body = _dnevnik_service_request_finish (self, result, &error);
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
  split->from = sync->batch.from;
  split->to = sync->batch.to;

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
  if (g_date_compare (&sync->batch.from, &sync->to) > 0)
    {
      if (dnevnik_provider_can (self->provider, DNEVNIK_PROVIDER_CAPABILITY_MARKS))
        _dnevnik_service_sync_marks_async (self, g_task_get_cancellable (task), sync_marks_cb, task);
      else
        sync_finish (task);
      return;
    }

  /* A calendar month per request: a few dozen days, ~130 lessons. */
  sync->batch.to = sync->batch.from;
  g_date_set_day (&sync->batch.to, g_date_get_days_in_month (g_date_get_month (&sync->batch.from),
                                                              g_date_get_year (&sync->batch.from)));
  if (g_date_compare (&sync->batch.to, &sync->to) > 0)
    sync->batch.to = sync->to;

  _dnevnik_service_request_async (self, _dnevnik_service_describe_diary, &sync->batch, g_task_get_cancellable (task),
                                  sync_fetched_cb, task);
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
 * The week model is not touched.  Then, with
 * %DNEVNIK_PROVIDER_CAPABILITY_MARKS, the periods model is loaded and the
 * marks of every period stored (new ones are told of with
 * #DnevnikService::new-marks; the marks model is refreshed only if it
 * shows one of them).
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

  if (_dnevnik_service_fail_unless_able (self, DNEVNIK_PROVIDER_CAPABILITY_DIARY,
                                         dnevnik_service_sync_range_async, callback, user_data))
    return;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_service_sync_range_async);

  if (g_date_compare (from, to) > 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "A sync range must be in order");
      return;
    }

  if (_dnevnik_service_get_tokens (self) == NULL)
    {
      g_task_return_error (task, _dnevnik_service_unauthorized_error ());
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
  sync->batch.from = *from;
  sync->session = g_object_ref (self->session);
  sync->total_days = g_date_days_between (from, to) + 1;
  g_task_set_task_data (task, sync, sync_free);

  self->syncing = TRUE;
  _dnevnik_service_set_sync_progress (self, 0.0);

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
  return _dnevnik_service_task_finish_boolean (self, result, dnevnik_service_sync_range_async, error);
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
