/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-service-private.h"

/* A model loaded stale while revalidate — a list, the marks of a period,
 * the week: the offline copy is shown as soon as the cache answers, then
 * the server's reply replaces it.  What differs (what is read from the
 * cache, how a reply is shown) is a DnevnikServiceLoadSpec; the order of
 * the steps, the session checks and the offline answer are here, once.
 */

/* A load whose request failed (@error, taken): offline (the state says so
 * now) with the model showing the offline copy (@had_cache) is what
 * stale-while-revalidate promises, so @task succeeds; anything else is
 * the caller's error. */
static void
return_load_failed (GTask    *task,
                    GError   *error,
                    gboolean  had_cache)
{
  if (_dnevnik_service_is_unreachable_error (error) && had_cache)
    {
      g_error_free (error);
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_task_return_error (task, error);
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  DnevnikService *self = DNEVNIK_SERVICE (source);
  DnevnikServiceCall *call = g_task_get_task_data (task);
  const DnevnikServiceLoadSpec *spec = call->spec;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  if (!_dnevnik_service_call_reply (task, result, &body, &error))
    return;

  if (body == NULL)
    {
      return_load_failed (task, g_steal_pointer (&error), call->had_cache);
      return;
    }

  if (!spec->show_fresh (self, call->args, body, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
fetch (GTask *task)
{
  DnevnikService *self = g_task_get_source_object (task);
  DnevnikServiceCall *call = g_task_get_task_data (task);
  const DnevnikServiceLoadSpec *spec = call->spec;

  _dnevnik_service_request_async (self, spec->describe, call->args, g_task_get_cancellable (task),
                                  fetched_cb, task);
}

static void
cached_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  GTask *task = data;
  DnevnikService *self = g_task_get_source_object (task);
  DnevnikServiceCall *call = g_task_get_task_data (task);
  const DnevnikServiceLoadSpec *spec = call->spec;
  g_autoptr(GError) error = NULL;
  gboolean wanted = _dnevnik_service_call_is_wanted (task);

  if (spec->show_cached (self, call->args, DNEVNIK_CACHE (source), result, wanted, &error))
    call->had_cache = TRUE;
  if (error != NULL)
    _dnevnik_service_note_cache_error (self, DNEVNIK_CACHE (source), error);

  /* No request for a load that is over. */
  if (dnevnik_session_return_if_over (call->session, task))
    {
      g_object_unref (task);
      return;
    }

  fetch (task);
}

/* Loads a model as @spec says, from a provider that @needs, with @args
 * (taken, freed with @args_free) for each step: the offline copy first
 * when there is one, then the server.  Finishes with
 * _dnevnik_service_task_finish_boolean(): %TRUE when the model shows the
 * fresh reply, or the offline copy while the server cannot be reached. */
void
_dnevnik_service_revalidate (DnevnikService               *self,
                             const DnevnikServiceLoadSpec *spec,
                             DnevnikProviderCapabilities   needs,
                             gpointer                      args,
                             GDestroyNotify                args_free,
                             gpointer                      source_tag,
                             GCancellable                 *cancellable,
                             GAsyncReadyCallback           callback,
                             gpointer                      user_data)
{
  GTask *task = _dnevnik_service_start_call (self, needs, spec, args, args_free,
                                             source_tag, cancellable, callback, user_data);

  if (task == NULL)
    return;

  if (spec->begin != NULL)
    spec->begin (self, args);

  if (!_dnevnik_service_cache_is_usable (self))
    {
      fetch (task);
      return;
    }

  spec->read_cache (self, args, cancellable, cached_cb, task);
}
