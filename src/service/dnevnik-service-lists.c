/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-parse.h"
#include "dnevnik-service-private.h"

/* The lists of one document each — library, portfolio, link history, the
 * periods of the school year —
 * from one table: each is fetched (fetch_*), shown from the offline copy
 * then revalidated (load_*), cached and spliced into its model by the
 * same code.
 */

typedef struct
{
  /* What fetch_* runs; its args are this ListSpec. */
  DnevnikServiceOp         op;
  CollectionId             id;
  DnevnikProviderDocument  document;
  DnevnikCacheKind         kind;
  const char              *member;
  GListModel            *(*parse) (GBytes  *bytes,
                                   GError **error);
} ListSpec;

static gpointer apply_list    (DnevnikService       *self,
                               GBytes               *body,
                               gpointer              args,
                               GError              **error);
static void     describe_list (gpointer              args,
                               DnevnikProviderCall  *call);

static const ListSpec list_specs[] = {
  {
    .op = { .describe = describe_list, .apply = apply_list, .needs = DNEVNIK_PROVIDER_CAPABILITY_LIBRARY },
    .id = COLLECTION_LIBRARY,
    .document = DNEVNIK_PROVIDER_DOCUMENT_LIBRARY,
    .kind = DNEVNIK_CACHE_KIND_LIBRARY,
    .member = "items",
    .parse = dnevnik_parse_library,
  },
  {
    .op = { .describe = describe_list, .apply = apply_list, .needs = DNEVNIK_PROVIDER_CAPABILITY_PORTFOLIO },
    .id = COLLECTION_PORTFOLIO,
    .document = DNEVNIK_PROVIDER_DOCUMENT_PORTFOLIO,
    .kind = DNEVNIK_CACHE_KIND_PORTFOLIO,
    .member = "achievements",
    .parse = dnevnik_parse_portfolio,
  },
  {
    .op = { .describe = describe_list, .apply = apply_list, .needs = DNEVNIK_PROVIDER_CAPABILITY_LINK_HISTORY },
    .id = COLLECTION_LINK_HISTORY,
    .document = DNEVNIK_PROVIDER_DOCUMENT_LINK_HISTORY,
    .kind = DNEVNIK_CACHE_KIND_LINK_HISTORY,
    .member = "events",
    .parse = dnevnik_parse_link_history,
  },
  {
    .op = { .describe = describe_list, .apply = apply_list, .needs = DNEVNIK_PROVIDER_CAPABILITY_MARKS },
    .id = COLLECTION_PERIODS,
    .document = DNEVNIK_PROVIDER_DOCUMENT_PERIODS,
    .kind = DNEVNIK_CACHE_KIND_PERIODS,
    .member = "periods",
    .parse = dnevnik_parse_periods,
  },
};

static const ListSpec *
list_spec (CollectionId id)
{
  for (guint i = 0; i < G_N_ELEMENTS (list_specs); i++)
    if (list_specs[i].id == id)
      return &list_specs[i];

  g_assert_not_reached ();
}

static void
describe_list (gpointer             args,
               DnevnikProviderCall *call)
{
  const ListSpec *spec = args;

  call->operation = DNEVNIK_PROVIDER_CALL_FETCH;
  call->document = spec->document;
}

/* A fresh list: to the offline copy, then to the shared model. */
static gpointer
apply_list (DnevnikService  *self,
            GBytes          *body,
            gpointer         args,
            GError         **error)
{
  const ListSpec *spec = args;
  GListModel *model = spec->parse (body, error);

  if (model != NULL)
    {
      _dnevnik_service_remember_reply (self, spec->kind, body);
      _dnevnik_collection_show_document (&self->collections[spec->id], model, body, spec->member);
    }

  return model;
}

static void
read_cached_list (DnevnikService      *self,
                  gpointer             args,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  const ListSpec *spec = args;

  dnevnik_cache_get_async (self->cache, _dnevnik_service_get_server (self), self->account_id, spec->kind,
                           NULL, cancellable, callback, user_data);
}

static gboolean
show_cached_list (DnevnikService  *self,
                  gpointer         args,
                  DnevnikCache    *cache,
                  GAsyncResult    *result,
                  gboolean         wanted,
                  GError         **error)
{
  const ListSpec *spec = args;
  g_autoptr(GBytes) bytes = _dnevnik_service_cached_document (cache, result, wanted, error);
  g_autoptr(GListModel) model = NULL;

  if (bytes == NULL)
    return FALSE;

  model = spec->parse (bytes, NULL);
  if (model == NULL)
    return FALSE;

  _dnevnik_collection_show_document (&self->collections[spec->id], model, bytes, spec->member);
  return TRUE;
}

/* The same path as the fetch_* calls: cache, then the shared model. */
static gboolean
show_fresh_list (DnevnikService  *self,
                 gpointer         args,
                 GBytes          *body,
                 GError         **error)
{
  g_autoptr(GListModel) model = apply_list (self, body, args, error);

  return model != NULL;
}

static const DnevnikServiceLoadSpec load_spec = {
  .describe = describe_list,
  .read_cache = read_cached_list,
  .show_cached = show_cached_list,
  .show_fresh = show_fresh_list,
};

static void
fetch_list (DnevnikService      *self,
            CollectionId         id,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  const ListSpec *spec = list_spec (id);

  _dnevnik_service_run_op (self, &spec->op, (gpointer) spec, NULL, source_tag, cancellable, callback, user_data);
}

/* load_* of list @id; also for the lists that live in the files of their
 * area (the periods, in dnevnik-service-marks.c). */
void
_dnevnik_service_load_list (DnevnikService      *self,
                            CollectionId         id,
                            gpointer             source_tag,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  const ListSpec *spec = list_spec (id);

  _dnevnik_service_revalidate (self, &load_spec, spec->op.needs, (gpointer) spec, NULL,
                               source_tag, cancellable, callback, user_data);
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

  fetch_list (self, COLLECTION_LIBRARY, dnevnik_service_fetch_library_async, cancellable, callback, user_data);
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
  return _dnevnik_service_op_finish (self, result, dnevnik_service_fetch_library_async, error);
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

  fetch_list (self, COLLECTION_PORTFOLIO, dnevnik_service_fetch_portfolio_async, cancellable, callback, user_data);
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
  return _dnevnik_service_op_finish (self, result, dnevnik_service_fetch_portfolio_async, error);
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

  fetch_list (self, COLLECTION_LINK_HISTORY, dnevnik_service_fetch_link_history_async, cancellable, callback, user_data);
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
  return _dnevnik_service_op_finish (self, result, dnevnik_service_fetch_link_history_async, error);
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

  _dnevnik_service_load_list (self, COLLECTION_LIBRARY, dnevnik_service_load_library_async,
                              cancellable, callback, user_data);
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
  return _dnevnik_service_task_finish_boolean (self, result, dnevnik_service_load_library_async, error);
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

  _dnevnik_service_load_list (self, COLLECTION_PORTFOLIO, dnevnik_service_load_portfolio_async,
                              cancellable, callback, user_data);
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
  return _dnevnik_service_task_finish_boolean (self, result, dnevnik_service_load_portfolio_async, error);
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

  _dnevnik_service_load_list (self, COLLECTION_LINK_HISTORY, dnevnik_service_load_link_history_async,
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
  return _dnevnik_service_task_finish_boolean (self, result, dnevnik_service_load_link_history_async, error);
}
