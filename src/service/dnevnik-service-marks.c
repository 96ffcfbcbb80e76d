/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-json.h"
#include "dnevnik-parse.h"
#include "dnevnik-service-private.h"

/* The marks: the periods of the school year (a list like the library, in
 * dnevnik-service-lists.c), the marks of one period in the marks model,
 * stale while revalidate, and the new marks.
 *
 * A mark is new when a fresh reply of a period has an id that the offline
 * copy of that period did not have.  The copy is read before the request,
 * so a period that was never stored has nothing new: the first load of a
 * student is the baseline, not a flood of notifications.  The marks told
 * of gather in the unseen-marks model until dnevnik_service_mark_marks_seen().
 */

typedef struct
{
  char           *period_id;
  /* Whether this load feeds the marks model (the sync feeds it only for
   * the period it shows). */
  gboolean        show;
  /* The offline copy of the period before this load. */
  GBytes         *cached_body;
  GListModel     *cached_model;
} LoadMarks;

typedef struct
{
  DnevnikSession *session;
  guint           next;
} SyncMarks;

static void
load_marks_free (gpointer data)
{
  LoadMarks *load = data;

  g_clear_pointer (&load->period_id, g_free);
  g_clear_pointer (&load->cached_body, g_bytes_unref);
  g_clear_object (&load->cached_model);
  g_free (load);
}

static void
sync_marks_free (gpointer data)
{
  SyncMarks *sync = data;

  g_clear_object (&sync->session);
  g_free (sync);
}

static void
describe_marks (gpointer             args,
                DnevnikProviderCall *call)
{
  LoadMarks *load = args;

  call->operation = DNEVNIK_PROVIDER_CALL_FETCH_MARKS;
  call->period_id = load->period_id;
}

/* The marks of @body if they are those of @period_id. */
static GListModel *
parse_period_marks (GBytes      *body,
                    const char  *period_id,
                    double      *out_round_up_from,
                    GError     **error)
{
  g_autoptr(GListModel) model = NULL;
  g_autofree char *reply_period_id = NULL;

  model = dnevnik_parse_marks (body, &reply_period_id, out_round_up_from, error);
  if (model == NULL)
    return NULL;

  if (!g_str_equal (reply_period_id, period_id))
    {
      g_propagate_error (error, dnevnik_json_protocol_error ("the marks of period \"%s\" came for \"%s\"",
                                                              reply_period_id, period_id));
      return NULL;
    }

  return g_steal_pointer (&model);
}

static void
show_marks (DnevnikService *self,
            LoadMarks      *load,
            GListModel     *model,
            GBytes         *body,
            double          round_up_from)
{
  /* A load overtaken by one of another period only feeds the copy. */
  if (!load->show || g_strcmp0 (self->marks_period_id, load->period_id) != 0)
    return;

  self->marks_round_up_from = round_up_from;
  _dnevnik_collection_show_document (&self->collections[COLLECTION_MARKS], model, body, "subjects");
}

static void
remember_marks (DnevnikService *self,
                LoadMarks      *load,
                GBytes         *body)
{
  if (load->cached_body != NULL && g_bytes_equal (load->cached_body, body))
    return;

  _dnevnik_service_remember_document (self, DNEVNIK_CACHE_KIND_MARKS, load->period_id, body);
}

/* Every mark of @subjects (#DnevnikSubjectMarks), in order. */
static GPtrArray *
all_marks (GListModel *subjects)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_subjects = g_list_model_get_n_items (subjects);

  for (guint i = 0; i < n_subjects; i++)
    {
      g_autoptr(DnevnikSubjectMarks) subject = g_list_model_get_item (subjects, i);
      GListModel *marks = dnevnik_subject_marks_get_marks (subject);
      guint n_marks = g_list_model_get_n_items (marks);

      for (guint j = 0; j < n_marks; j++)
        g_ptr_array_add (all, g_list_model_get_item (marks, j));
    }

  return all;
}

/* Tells of the marks of @fresh that neither @cached (the offline copy) nor
 * the unseen-marks model has: the latter keeps two loads that raced past
 * the same copy from telling of one mark twice. */
static void
announce_new_marks (DnevnikService *self,
                    GListModel     *cached,
                    GListModel     *fresh)
{
  Collection *unseen = &self->collections[COLLECTION_UNSEEN_MARKS];
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GListStore) arrived = g_list_store_new (DNEVNIK_TYPE_MARK);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) signatures = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cached_marks = all_marks (cached);
  g_autoptr(GPtrArray) fresh_marks = all_marks (fresh);

  for (guint i = 0; i < cached_marks->len; i++)
    g_hash_table_add (known, g_strdup (dnevnik_mark_get_id (g_ptr_array_index (cached_marks, i))));
  for (guint i = 0; i < unseen->signatures->len; i++)
    g_hash_table_add (known, g_strdup (g_ptr_array_index (unseen->signatures, i)));

  for (guint i = 0; i < fresh_marks->len; i++)
    {
      DnevnikMark *mark = g_ptr_array_index (fresh_marks, i);

      if (g_hash_table_add (known, g_strdup (dnevnik_mark_get_id (mark))))
        g_list_store_append (arrived, mark);
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (arrived)) == 0)
    return;

  /* The unseen ones so far, then the new ones, keyed by their ids. */
  for (guint i = 0; i < unseen->signatures->len; i++)
    {
      g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (unseen->store), i));
      g_ptr_array_add (signatures, g_strdup (g_ptr_array_index (unseen->signatures, i)));
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (arrived)); i++)
    {
      DnevnikMark *mark = g_list_model_get_item (G_LIST_MODEL (arrived), i);

      g_ptr_array_add (items, mark);
      g_ptr_array_add (signatures, g_strdup (dnevnik_mark_get_id (mark)));
    }
  _dnevnik_collection_update (unseen, items, signatures);

  _dnevnik_service_emit_new_marks (self, G_LIST_MODEL (arrived));
}

/* Another period: the model must not show the last one's marks under the
 * new period's name while the new ones load. */
static void
begin_marks (DnevnikService *self,
             gpointer        args)
{
  LoadMarks *load = args;

  if (!load->show || g_strcmp0 (self->marks_period_id, load->period_id) == 0)
    return;

  g_free (self->marks_period_id);
  self->marks_period_id = g_strdup (load->period_id);
  self->marks_round_up_from = 0;
  _dnevnik_collection_empty (&self->collections[COLLECTION_MARKS]);
}

static void
read_cached_marks (DnevnikService      *self,
                   gpointer             args,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  LoadMarks *load = args;

  dnevnik_cache_get_async (self->cache, _dnevnik_service_get_server (self), self->account_id,
                           DNEVNIK_CACHE_KIND_MARKS, load->period_id, cancellable, callback, user_data);
}

static gboolean
show_cached_marks (DnevnikService  *self,
                   gpointer         args,
                   DnevnikCache    *cache,
                   GAsyncResult    *result,
                   gboolean         wanted,
                   GError         **error)
{
  LoadMarks *load = args;
  g_autoptr(GBytes) bytes = _dnevnik_service_cached_document (cache, result, wanted, error);
  g_autoptr(GListModel) model = NULL;
  double round_up_from = 0;

  if (bytes == NULL)
    return FALSE;

  model = parse_period_marks (bytes, load->period_id, &round_up_from, NULL);
  if (model == NULL)
    return FALSE;

  show_marks (self, load, model, bytes, round_up_from);
  load->cached_body = g_bytes_ref (bytes);
  load->cached_model = g_steal_pointer (&model);
  return TRUE;
}

static gboolean
show_fresh_marks (DnevnikService  *self,
                  gpointer         args,
                  GBytes          *body,
                  GError         **error)
{
  LoadMarks *load = args;
  g_autoptr(GListModel) model = NULL;
  double round_up_from = 0;

  model = parse_period_marks (body, load->period_id, &round_up_from, error);
  if (model == NULL)
    return FALSE;

  if (load->cached_model != NULL)
    announce_new_marks (self, load->cached_model, model);
  remember_marks (self, load, body);
  show_marks (self, load, model, body, round_up_from);
  return TRUE;
}

static const DnevnikServiceLoadSpec marks_load = {
  .describe = describe_marks,
  .begin = begin_marks,
  .read_cache = read_cached_marks,
  .show_cached = show_cached_marks,
  .show_fresh = show_fresh_marks,
};

/* Loads the marks of @period_id: the offline copy, then the server. */
static void
load_marks (DnevnikService      *self,
            const char          *period_id,
            gboolean             show,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  LoadMarks *load = g_new0 (LoadMarks, 1);

  load->period_id = g_strdup (period_id);
  load->show = show;
  _dnevnik_service_revalidate (self, &marks_load, DNEVNIK_PROVIDER_CAPABILITY_MARKS, load, load_marks_free,
                               source_tag, cancellable, callback, user_data);
}

static void sync_next_period (GTask *task);

static void
sync_period_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  sync_next_period (g_steal_pointer (&task));
}

static void
sync_next_period (GTask *task)
{
  g_autoptr(GTask) owned_task = task;
  DnevnikService *self = g_task_get_source_object (task);
  SyncMarks *sync = g_task_get_task_data (task);
  GListModel *periods = G_LIST_MODEL (self->collections[COLLECTION_PERIODS].store);
  g_autoptr(DnevnikPeriod) period = NULL;
  const char *id;

  if (dnevnik_session_return_if_over (sync->session, task))
    return;

  if (sync->next >= g_list_model_get_n_items (periods))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* The period the marks model shows is refreshed there too; the others
   * only go to the offline copy. */
  period = g_list_model_get_item (periods, sync->next++);
  id = dnevnik_period_get_id (period);
  load_marks (self, id, g_strcmp0 (self->marks_period_id, id) == 0, sync_period_cb,
              g_task_get_cancellable (task), sync_period_cb, g_steal_pointer (&owned_task));
}

static void
sync_periods_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  GTask *task = data;
  GError *error = NULL;

  if (!dnevnik_service_load_periods_finish (DNEVNIK_SERVICE (source), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  sync_next_period (task);
}

/* The part of the school-year sync that is marks: the periods, then the
 * marks of each, one request at a time; what is new is told. */
void
_dnevnik_service_sync_marks_async (DnevnikService      *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  SyncMarks *sync;

  g_task_set_source_tag (task, _dnevnik_service_sync_marks_async);

  if (self->session == NULL)
    {
      g_task_return_error (task, _dnevnik_service_unauthorized_error ());
      g_object_unref (task);
      return;
    }

  sync = g_new0 (SyncMarks, 1);
  sync->session = g_object_ref (self->session);
  g_task_set_task_data (task, sync, sync_marks_free);

  dnevnik_service_load_periods_async (self, cancellable, sync_periods_cb, task);
}

gboolean
_dnevnik_service_sync_marks_finish (DnevnikService  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return _dnevnik_service_task_finish_boolean (self, result, _dnevnik_service_sync_marks_async, error);
}

/**
 * dnevnik_service_get_periods_model:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none): the periods of the school year
 *   (#DnevnikPeriod, in order) that dnevnik_service_load_periods_async()
 *   fills; one object for the life of the service, empty while signed out
 */
GListModel *
dnevnik_service_get_periods_model (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return G_LIST_MODEL (self->collections[COLLECTION_PERIODS].store);
}

/**
 * dnevnik_service_load_periods_async:
 * @self: a signed-in #DnevnikService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the network answered (or could not)
 * @user_data: data for @callback
 *
 * As dnevnik_service_load_library_async(), for
 * dnevnik_service_get_periods_model().  Needs
 * %DNEVNIK_PROVIDER_CAPABILITY_MARKS, else fails with
 * %G_IO_ERROR_NOT_SUPPORTED without a request.
 */
void
dnevnik_service_load_periods_async (DnevnikService      *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  _dnevnik_service_load_list (self, COLLECTION_PERIODS, dnevnik_service_load_periods_async, cancellable,
                              callback, user_data);
}

/**
 * dnevnik_service_load_periods_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether the periods model shows the periods
 */
gboolean
dnevnik_service_load_periods_finish (DnevnikService  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return _dnevnik_service_task_finish_boolean (self, result, dnevnik_service_load_periods_async, error);
}

/**
 * dnevnik_service_get_marks_model:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none): the marks of the period of the last
 *   dnevnik_service_load_marks_async() (#DnevnikSubjectMarks, one per
 *   subject, in the server's order); one object for the life of the
 *   service, empty while signed out
 */
GListModel *
dnevnik_service_get_marks_model (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return G_LIST_MODEL (self->collections[COLLECTION_MARKS].store);
}

/**
 * dnevnik_service_get_marks_period_id:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none) (nullable): the id of the period the marks
 *   model is for, %NULL before the first dnevnik_service_load_marks_async()
 */
const char *
dnevnik_service_get_marks_period_id (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return self->marks_period_id;
}

/**
 * dnevnik_service_get_marks_rule:
 * @self: a #DnevnikService
 * @out_round_up_from: (out) (optional): the fraction from which an
 *   average rounds up, in (0, 1]; %DNEVNIK_MARK_DEFAULT_ROUND_UP_FROM when
 *   the school states no rule
 *
 * How the averages of the marks model round to a mark.  Without a rule
 * from the school the app rounds from .5 up, and must say that this is
 * its own estimate.
 *
 * Returns: whether the school stated the rule (for the period shown)
 */
gboolean
dnevnik_service_get_marks_rule (DnevnikService *self,
                                double         *out_round_up_from)
{
  gboolean stated;

  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), FALSE);

  stated = self->marks_round_up_from > 0;
  if (out_round_up_from != NULL)
    *out_round_up_from = stated ? self->marks_round_up_from : DNEVNIK_MARK_DEFAULT_ROUND_UP_FROM;
  return stated;
}

/**
 * dnevnik_service_load_marks_async:
 * @self: a signed-in #DnevnikService
 * @period_id: the id of a period (dnevnik_period_get_id())
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the network answered (or could not)
 * @user_data: data for @callback
 *
 * Shows the marks of @period_id in dnevnik_service_get_marks_model(),
 * stale while revalidate: the model empties at once if it showed another
 * period, the offline copy appears as soon as the cache answers, then the
 * server's reply replaces only the subjects that changed and goes to the
 * offline copy.  Marks the offline copy did not have are told with
 * #DnevnikService::new-marks.  A load overtaken by one of another period
 * only feeds the offline copy.
 *
 * Errors as dnevnik_service_load_library_async(): an unreachable server
 * with a cached period finishes with %TRUE (the state is OFFLINE);
 * %G_IO_ERROR_NOT_SUPPORTED without %DNEVNIK_PROVIDER_CAPABILITY_MARKS;
 * PROTOCOL when the reply is of another period.
 */
void
dnevnik_service_load_marks_async (DnevnikService      *self,
                                  const char          *period_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));
  g_return_if_fail (period_id != NULL && period_id[0] != '\0');

  load_marks (self, period_id, TRUE, dnevnik_service_load_marks_async, cancellable, callback, user_data);
}

/**
 * dnevnik_service_load_marks_finish:
 * @self: a #DnevnikService
 * @result: the result
 * @error: return location for an error
 *
 * Returns: whether the marks model shows the period (unless another load
 *   overtook this one)
 */
gboolean
dnevnik_service_load_marks_finish (DnevnikService  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return _dnevnik_service_task_finish_boolean (self, result, dnevnik_service_load_marks_async, error);
}

/**
 * dnevnik_service_get_unseen_marks_model:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none): the marks told of by #DnevnikService::new-marks
 *   and not yet marked seen (#DnevnikMark with subject, date and id, in the
 *   order they arrived); one object for the life of the service, empty
 *   while signed out.  The «Дневник» page needs attention while it has
 *   items.
 */
GListModel *
dnevnik_service_get_unseen_marks_model (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return G_LIST_MODEL (self->collections[COLLECTION_UNSEEN_MARKS].store);
}

/**
 * dnevnik_service_mark_marks_seen:
 * @self: a #DnevnikService
 *
 * The student has seen the new marks (opened «Оценки»): empties
 * dnevnik_service_get_unseen_marks_model().  The offline copy has those
 * marks by then, so they are not told of again.
 */
void
dnevnik_service_mark_marks_seen (DnevnikService *self)
{
  g_return_if_fail (DNEVNIK_IS_SERVICE (self));

  _dnevnik_collection_empty (&self->collections[COLLECTION_UNSEEN_MARKS]);
}
