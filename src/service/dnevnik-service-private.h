/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-cache.h"
#include "dnevnik-provider.h"
#include "dnevnik-service.h"
#include "dnevnik-session.h"

G_BEGIN_DECLS

/* DnevnikService is spread over files by responsibility, around this
 * struct:
 *
 *   dnevnik-service.c             the object: properties, signals, state
 *   dnevnik-service-session.c     tokens, the single-flight refresh, the
 *                                 authorised request, calls that apply
 *                                 a reply
 *   dnevnik-service-sign-in.c     sign in, restore
 *   dnevnik-service-sign-out.c    sign out
 *   dnevnik-service-web-sign-in.c sign in with a token from the web
 *   dnevnik-service-cache.c       the offline copy: which one, writes,
 *                                 recovery, wipe
 *   dnevnik-service-collection.c  the models, spliced item by item
 *   dnevnik-service-revalidate.c  a model loaded stale while revalidate
 *   dnevnik-service-profile.c     the student's profile
 *   dnevnik-service-diary.c       the diary and the week model
 *   dnevnik-service-lists.c       library, portfolio, link history,
 *                                 periods
 *   dnevnik-service-link.c        Сферум link
 *   dnevnik-service-marks.c       the marks of a period, new marks
 *   dnevnik-service-sync.c        the school-year sync
 *
 * What a server provides comes from a DnevnikProvider: documents in the
 * shape of API v1, whichever server it speaks to, so that the offline copy
 * and the models are the same for all.
 */

/* A week of the diary model: Monday to Saturday. */
#define DNEVNIK_SERVICE_WEEK_DAYS 6

/* Replies up to this size are remembered to spot an unchanged one; the
 * bigger lists are not polled, and would only cost memory. */
#define DNEVNIK_SERVICE_MAX_MEMO_SIZE (64 * 1024)

/* A range of diary dates, both included. */
typedef struct
{
  GDate from;
  GDate to;
} DnevnikServiceRange;

typedef enum
{
  COLLECTION_WEEK,
  COLLECTION_LIBRARY,
  COLLECTION_PORTFOLIO,
  COLLECTION_LINK_HISTORY,
  COLLECTION_PERIODS,
  COLLECTION_MARKS,
  COLLECTION_UNSEEN_MARKS,
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
  DnevnikProvider     *provider;
  DnevnikTokenStore   *store;
  DnevnikProfile      *profile;
  DnevnikLinkStatus   *link_status;
  /* The current session (NULL when signed out); calls hold their own. */
  DnevnikSession      *session;
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
  /* The period COLLECTION_MARKS shows (NULL before the first load), and
   * the school's rounding rule in it (0: it states none). */
  char                *marks_period_id;
  double               marks_round_up_from;
  GDate                week_start;
  guint                week_serial;
  double               sync_progress;

  DnevnikServiceState  state;
  guint                remembered : 1;
  guint                recovering_cache : 1;
  guint                cache_failure_told : 1;
  guint                syncing : 1;
};

/* Turns a document into the result of a call, and applies it to the
 * shared state.  Only called when the call was not cancelled and its
 * session is still the current one. */
typedef gpointer (*DnevnikServiceApplyFunc) (DnevnikService  *self,
                                             GBytes          *body,
                                             gpointer         args,
                                             GError         **error);

/* Fills in one call of the provider, all but the access token, from the
 * call's own @args (a range, a phone number…). */
typedef void     (*DnevnikServiceCallFunc)  (gpointer             args,
                                             DnevnikProviderCall *call);

/* What a call that applies one reply does (see _dnevnik_service_run_op). */
typedef struct
{
  DnevnikServiceCallFunc       describe;
  DnevnikServiceApplyFunc      apply;
  /* What a provider needs to be asked at all. */
  DnevnikProviderCapabilities  needs;
  /* When the server cannot be reached, show this cached document (the
   * call still fails): a restored session shows the profile and link
   * status of its offline copy. */
  gboolean                     offline_fallback;
  DnevnikCacheKind             fallback_kind;
  /* NOT_LINKED from the server means the shared status is "not linked". */
  gboolean                     not_linked_means_unlinked;
} DnevnikServiceOp;

/* A call of the current session, the task data of
 * _dnevnik_service_start_call(): the session it started in, what it runs
 * (a DnevnikServiceOp or a DnevnikServiceLoadSpec) and its own args. */
typedef struct
{
  DnevnikSession *session;
  gconstpointer   spec;
  gpointer        args;
  GDestroyNotify  args_free;
  /* A DnevnikServiceOp's error, kept while the offline copy is read. */
  GError         *fallback_error;
  /* A load's: whether the model shows the offline copy. */
  gboolean        had_cache;
} DnevnikServiceCall;

/* What a model loaded stale while revalidate does (see
 * _dnevnik_service_revalidate); each step gets the load's own @args. */
typedef struct
{
  DnevnikServiceCallFunc        describe;
  /* Optional: what changes at once, before the offline copy answers. */
  void                        (*begin)       (DnevnikService       *self,
                                              gpointer              args);
  /* Reads the offline copy from self->cache. */
  void                        (*read_cache)  (DnevnikService       *self,
                                              gpointer              args,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
  /* Finishes read_cache and, when @wanted (the load is neither cancelled
   * nor of an ended session), shows what the copy had: whether the model
   * shows it now. */
  gboolean                    (*show_cached) (DnevnikService       *self,
                                              gpointer              args,
                                              DnevnikCache         *cache,
                                              GAsyncResult         *result,
                                              gboolean              wanted,
                                              GError              **error);
  /* Caches and shows a fresh reply. */
  gboolean                    (*show_fresh)  (DnevnikService       *self,
                                              gpointer              args,
                                              GBytes               *body,
                                              GError              **error);
} DnevnikServiceLoadSpec;

/* dnevnik-service.c */
GError              *_dnevnik_service_cancelled_error        (void);
char                *_dnevnik_service_format_date            (const GDate         *date);
const char          *_dnevnik_service_get_server             (DnevnikService      *self);
const DnevnikTokens *_dnevnik_service_get_tokens             (DnevnikService      *self);
void                 _dnevnik_service_set_state              (DnevnikService      *self,
                                                              DnevnikServiceState  state);
void                 _dnevnik_service_set_remembered         (DnevnikService      *self,
                                                              gboolean             remembered);
void                 _dnevnik_service_set_profile            (DnevnikService      *self,
                                                              DnevnikProfile      *profile);
void                 _dnevnik_service_set_week_start         (DnevnikService      *self,
                                                              const GDate         *monday);
void                 _dnevnik_service_set_sync_progress      (DnevnikService      *self,
                                                              double               progress);
void                 _dnevnik_service_notify_login           (DnevnikService      *self);
void                 _dnevnik_service_note_reachable         (DnevnikService      *self);
void                 _dnevnik_service_note_unreachable       (DnevnikService      *self,
                                                              const GError        *error);
void                 _dnevnik_service_report_remember_failed (DnevnikService      *self,
                                                              const GError        *error);
void                 _dnevnik_service_emit_cache_reset       (DnevnikService      *self,
                                                              const char          *message);
void                 _dnevnik_service_emit_cache_failed      (DnevnikService      *self,
                                                              const char          *message);
void                 _dnevnik_service_emit_new_marks         (DnevnikService      *self,
                                                              GListModel          *marks);

/* dnevnik-service-session.c */
GError   *_dnevnik_service_unauthorized_error    (void);
gboolean  _dnevnik_service_is_unreachable_error  (const GError                 *error);
gboolean  _dnevnik_service_fail_unless_able      (DnevnikService               *self,
                                                  DnevnikProviderCapabilities   needs,
                                                  gpointer                      source_tag,
                                                  GAsyncReadyCallback           callback,
                                                  gpointer                      user_data);
void      _dnevnik_service_fail_early            (DnevnikService               *self,
                                                  GError                       *error,
                                                  gpointer                      source_tag,
                                                  GAsyncReadyCallback           callback,
                                                  gpointer                      user_data);
void      _dnevnik_service_install_tokens        (DnevnikService               *self,
                                                  DnevnikTokens                *tokens,
                                                  gint64                        refresh_at);
void      _dnevnik_service_install_new_tokens    (DnevnikService               *self,
                                                  const char                   *login,
                                                  const char                   *access_token,
                                                  const char                   *refresh_token,
                                                  gint64                        expires_in);
void      _dnevnik_service_clear_session         (DnevnikService               *self);
void      _dnevnik_service_revoke_in_background  (DnevnikService               *self,
                                                  const char                   *access_token);
void      _dnevnik_service_revoke                (DnevnikService               *self,
                                                  const char                   *access_token,
                                                  GCancellable                 *cancellable,
                                                  void                        (*then) (gpointer data),
                                                  gpointer                      data);
void      _dnevnik_service_refresh_tokens_async  (DnevnikService               *self,
                                                  const char                   *stale_access_token,
                                                  GAsyncReadyCallback           callback,
                                                  gpointer                      user_data);
gboolean  _dnevnik_service_refresh_tokens_finish (DnevnikService               *self,
                                                  GAsyncResult                 *result,
                                                  GError                      **error);
GTask    *_dnevnik_service_begin_sign_in         (DnevnikService               *self,
                                                  const char                   *login,
                                                  gboolean                      remember,
                                                  gpointer                      source_tag,
                                                  GCancellable                 *cancellable,
                                                  GAsyncReadyCallback           callback,
                                                  gpointer                      user_data);
void      _dnevnik_service_sign_in_load_profile  (GTask                        *task);
void      _dnevnik_service_describe_fetch        (gpointer                      args,
                                                  DnevnikProviderCall          *call);
void      _dnevnik_service_request_async         (DnevnikService               *self,
                                                  DnevnikServiceCallFunc        describe,
                                                  gpointer                      args,
                                                  GCancellable                 *cancellable,
                                                  GAsyncReadyCallback           callback,
                                                  gpointer                      user_data);
GBytes   *_dnevnik_service_request_finish        (DnevnikService               *self,
                                                  GAsyncResult                 *result,
                                                  GError                      **error);
GTask    *_dnevnik_service_start_call            (DnevnikService               *self,
                                                  DnevnikProviderCapabilities   needs,
                                                  gconstpointer                 spec,
                                                  gpointer                      args,
                                                  GDestroyNotify                args_free,
                                                  gpointer                      source_tag,
                                                  GCancellable                 *cancellable,
                                                  GAsyncReadyCallback           callback,
                                                  gpointer                      user_data);
gboolean  _dnevnik_service_call_is_wanted        (GTask                        *task);
gboolean  _dnevnik_service_call_reply            (GTask                        *task,
                                                  GAsyncResult                 *result,
                                                  GBytes                      **out_body,
                                                  GError                      **error);
void      _dnevnik_service_run_op                (DnevnikService               *self,
                                                  const DnevnikServiceOp       *op,
                                                  gpointer                      args,
                                                  GDestroyNotify                args_free,
                                                  gpointer                      source_tag,
                                                  GCancellable                 *cancellable,
                                                  GAsyncReadyCallback           callback,
                                                  gpointer                      user_data);
gpointer  _dnevnik_service_op_finish             (DnevnikService               *self,
                                                  GAsyncResult                 *result,
                                                  gpointer                      source_tag,
                                                  GError                      **error);
gboolean  _dnevnik_service_op_finish_boolean     (DnevnikService               *self,
                                                  GAsyncResult                 *result,
                                                  gpointer                      source_tag,
                                                  GError                      **error);
gboolean  _dnevnik_service_task_finish_boolean   (DnevnikService               *self,
                                                  GAsyncResult                 *result,
                                                  gpointer                      source_tag,
                                                  GError                      **error);

/* dnevnik-service-revalidate.c */
void _dnevnik_service_revalidate (DnevnikService               *self,
                                  const DnevnikServiceLoadSpec *spec,
                                  DnevnikProviderCapabilities   needs,
                                  gpointer                      args,
                                  GDestroyNotify                args_free,
                                  gpointer                      source_tag,
                                  GCancellable                 *cancellable,
                                  GAsyncReadyCallback           callback,
                                  gpointer                      user_data);

/* dnevnik-service-cache.c */
gboolean      _dnevnik_service_cache_is_usable       (DnevnikService      *self);
void          _dnevnik_service_forget_stored_replies (DnevnikService      *self);
void          _dnevnik_service_note_cache_error      (DnevnikService      *self,
                                                      DnevnikCache        *cache,
                                                      const GError        *error);
void          _dnevnik_service_remember_reply        (DnevnikService      *self,
                                                      DnevnikCacheKind     kind,
                                                      GBytes              *body);
void          _dnevnik_service_remember_document     (DnevnikService      *self,
                                                      DnevnikCacheKind     kind,
                                                      const char          *key,
                                                      GBytes              *body);
void          _dnevnik_service_remember_days         (DnevnikService      *self,
                                                      GPtrArray           *entries);
GPtrArray    *_dnevnik_service_diary_entries         (GBytes              *body,
                                                      GListModel          *days);
void          _dnevnik_service_set_account           (DnevnikService      *self,
                                                      const char          *profile_id);
void          _dnevnik_service_use_cache             (DnevnikService      *self,
                                                      gboolean             remembered);
DnevnikCache *_dnevnik_service_get_disk_cache        (DnevnikService      *self);
gboolean      _dnevnik_service_disk_cache_exists     (DnevnikService      *self);
char         *_dnevnik_service_login_account_key     (const char          *login);
void          _dnevnik_service_wipe_account          (DnevnikService      *self,
                                                      DnevnikCache        *cache,
                                                      const char          *account_id,
                                                      const char          *login,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GBytes       *_dnevnik_service_cached_document       (DnevnikCache        *cache,
                                                      GAsyncResult        *result,
                                                      gboolean             wanted,
                                                      GError             **error);

/* dnevnik-service-lists.c */
void _dnevnik_service_load_list (DnevnikService      *self,
                                 CollectionId         id,
                                 gpointer             source_tag,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);

/* dnevnik-service-marks.c */
void     _dnevnik_service_sync_marks_async  (DnevnikService       *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean _dnevnik_service_sync_marks_finish (DnevnikService       *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* dnevnik-service-diary.c */
void _dnevnik_service_describe_diary (gpointer             args,
                                      DnevnikProviderCall *call);

/* dnevnik-service-collection.c */
void       _dnevnik_collection_init              (Collection  *collection,
                                                  GType        item_type);
void       _dnevnik_collection_clear             (Collection  *collection);
void       _dnevnik_collection_update            (Collection  *collection,
                                                  GPtrArray   *items,
                                                  GPtrArray   *signatures);
void       _dnevnik_collection_update_from_model (Collection  *collection,
                                                  GListModel  *model,
                                                  GPtrArray   *signatures);
void       _dnevnik_collection_empty             (Collection  *collection);
void       _dnevnik_collection_show_document     (Collection  *collection,
                                                  GListModel  *model,
                                                  GBytes      *bytes,
                                                  const char  *member);
GPtrArray *_dnevnik_service_split_array          (GBytes      *bytes,
                                                  const char  *member,
                                                  GError     **error);

/* Test seams of DnevnikService: nothing in the app calls them. */

DnevnikCache *dnevnik_service_get_cache      (DnevnikService *self);
const char   *dnevnik_service_get_account_id (DnevnikService *self);

G_END_DECLS
