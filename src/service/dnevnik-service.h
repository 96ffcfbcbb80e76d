/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dnevnik-achievement.h"
#include "dnevnik-diary-day.h"
#include "dnevnik-lesson.h"
#include "dnevnik-library-item.h"
#include "dnevnik-link-event.h"
#include "dnevnik-link-request.h"
#include "dnevnik-link-status.h"
#include "dnevnik-mark.h"
#include "dnevnik-mark-math.h"
#include "dnevnik-memory-token-store.h"
#include "dnevnik-period.h"
#include "dnevnik-profile.h"
#include "dnevnik-provider.h"
#include "dnevnik-secret-token-store.h"
#include "dnevnik-service-error.h"
#include "dnevnik-subject-marks.h"
#include "dnevnik-token-store.h"

G_BEGIN_DECLS

/**
 * DnevnikServiceState:
 * @DNEVNIK_SERVICE_STATE_SIGNED_OUT: nobody is signed in
 * @DNEVNIK_SERVICE_STATE_SIGNING_IN: a sign-in or a session restore is
 *   under way
 * @DNEVNIK_SERVICE_STATE_READY: signed in, and the server answered the
 *   last request
 * @DNEVNIK_SERVICE_STATE_OFFLINE: signed in, but the server could not be
 *   reached the last time; the next successful request makes it READY again
 *
 * The state of a #DnevnikService (its #DnevnikService:state property).
 */
typedef enum
{
  DNEVNIK_SERVICE_STATE_SIGNED_OUT,
  DNEVNIK_SERVICE_STATE_SIGNING_IN,
  DNEVNIK_SERVICE_STATE_READY,
  DNEVNIK_SERVICE_STATE_OFFLINE,
} DnevnikServiceState;

G_END_DECLS

#include "dnevnik-service-enums.h"

G_BEGIN_DECLS

/**
 * DnevnikService:
 *
 * The one object windows talk to: the student's session with a diary
 * server, and every request of the app.  What the server provides comes
 * from a #DnevnikProvider (API v1, src/sandbox/API.md, unless made with
 * dnevnik_service_new_for_provider()); dnevnik_service_get_capabilities()
 * says what it can do.
 *
 * Every operation is an `_async`/`_finish` pair that takes a
 * #GCancellable.  A window owns a cancellable and cancels it when it
 * closes; a cancelled call finishes with %G_IO_ERROR_CANCELLED and leaves
 * no half state behind (nothing of it is applied).  Every other failure is
 * a #DNEVNIK_SERVICE_ERROR whose message can be shown to the student as
 * it is; see dnevnik_service_error_get_retry_after() and
 * dnevnik_service_error_get_attempts_left() for the numbers a page shows.
 *
 * Sessions: dnevnik_service_sign_in_async() or
 * dnevnik_service_restore_session_async() start one,
 * dnevnik_service_sign_out_async() ends it.  While one is active the
 * service refreshes the access token by itself — shortly before it
 * expires, and once when the server refuses it — with a single refresh in
 * flight however many calls need it.  If the refresh is refused the
 * session ends: #DnevnikService:state becomes
 * %DNEVNIK_SERVICE_STATE_SIGNED_OUT, the remembered tokens are deleted,
 * and the calls fail with %DNEVNIK_SERVICE_ERROR_UNAUTHORIZED.  Windows
 * watch #DnevnikService:state to show the sign-in page.
 *
 * Shared state: #DnevnikService:profile and #DnevnikService:link-status.
 * The link status is one object for the life of the service, updated in
 * place (bind to its properties); it reads "not linked" while signed out.
 *
 * Offline copy: every reply is also kept in a #DnevnikCache — a file
 * (#DnevnikService:cache-path) for a remembered student, memory only
 * otherwise — and the load_* calls show it first, then what the server
 * says (stale while revalidate) in models that live as long as the
 * service: bind to them once.  When the server cannot be reached,
 * refresh_profile and refresh_link_status show the cached profile and link
 * status (and still fail).  Sign-out wipes the student's offline copy.
 */
#define DNEVNIK_TYPE_SERVICE (dnevnik_service_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikService, dnevnik_service, DNEVNIK, SERVICE, GObject)

/* Construction: @base_url must be https://, or http:// to this computer
 * (localhost, 127.0.0.0/8, ::1), else DNEVNIK_SERVICE_ERROR_INSECURE_URL.
 * @store (nullable) keeps remembered sessions: usually
 * dnevnik_secret_token_store_new (0); NULL remembers nothing. */
DnevnikService      *dnevnik_service_new                      (const char           *base_url,
                                                               DnevnikTokenStore    *store,
                                                               GError              **error);

/* The same on top of any provider (another diary, a test).  Calls the
 * provider lacks the capability for fail with G_IO_ERROR_NOT_SUPPORTED
 * without a request. */
DnevnikService      *dnevnik_service_new_for_provider         (DnevnikProvider      *provider,
                                                               DnevnikTokenStore    *store);
DnevnikProvider     *dnevnik_service_get_provider             (DnevnikService       *self);
DnevnikProviderCapabilities
                     dnevnik_service_get_capabilities         (DnevnikService       *self);

/* Properties (all notify on real change only): base-url, token-store,
 * state (DnevnikServiceState), profile (nullable; NULL until sign-in or
 * refresh_profile),
 * link-status (one object for the service's life, updated in place),
 * login (nullable), remembered, timeout (seconds a request may take;
 * TIMEOUT past it), cache-path (read-write, nullable), week-start (GDate,
 * nullable: the Monday of the week model), sync-progress (double 0..1).
 *
 * Signal "remember-failed" (const GError *keyring_error): remember was asked
 * but the keyring could not store the tokens; the session goes on in
 * memory for this run and "remembered" is FALSE.  Emitted before
 * sign_in completes (and if storing refreshed tokens fails later).
 *
 * Signal "new-marks" (GListModel *marks of DnevnikMark): a refresh of a
 * period's marks (load_marks, or the sync) brought marks its offline copy
 * did not have; never on the first load of a period (no copy yet).  They
 * also go to the unseen-marks model (below).
 *
 * Signal "cache-reset" (const char *message): the offline copy was damaged
 * and has been reset (or can only live in memory this run); @message is
 * translated, show it.  The service keeps working. */
const char          *dnevnik_service_get_base_url             (DnevnikService       *self);
DnevnikServiceState  dnevnik_service_get_state                (DnevnikService       *self);
DnevnikProfile      *dnevnik_service_get_profile              (DnevnikService       *self);
DnevnikLinkStatus   *dnevnik_service_get_link_status          (DnevnikService       *self);
const char          *dnevnik_service_get_login                (DnevnikService       *self);
gboolean             dnevnik_service_get_remembered           (DnevnikService       *self);
DnevnikTokenStore   *dnevnik_service_get_token_store          (DnevnikService       *self);
guint                dnevnik_service_get_timeout              (DnevnikService       *self);
void                 dnevnik_service_set_timeout              (DnevnikService       *self,
                                                               guint                 seconds);

/* The file of the offline copy of remembered students (NULL: the default,
 * $XDG_CACHE_HOME/dnevnik/cache.sqlite).  Set it before the first
 * session; a student who is not remembered never touches it. */
const char          *dnevnik_service_get_cache_path           (DnevnikService       *self);
void                 dnevnik_service_set_cache_path           (DnevnikService       *self,
                                                               const char           *path);

/* Sign in (login, password), load the profile; state SIGNING_IN → READY
 * or back to SIGNED_OUT.  remember=TRUE stores the tokens (see
 * "remember-failed"); remember=FALSE also deletes what an earlier run
 * stored for that login.  Errors: INVALID_CREDENTIALS, RATE_LIMITED
 * (dnevnik_service_error_get_retry_after()), NETWORK, TIMEOUT, SERVER,
 * PROTOCOL; G_IO_ERROR_BUSY if a session exists (sign out first).  A
 * cancelled sign-in ends SIGNED_OUT with nothing stored and its tokens
 * revoked. */
void                 dnevnik_service_sign_in_async            (DnevnikService       *self,
                                                               const char           *login,
                                                               const char           *password,
                                                               gboolean              remember,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean             dnevnik_service_sign_in_finish           (DnevnikService       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* The login of a session started from a token
 * (dnevnik_service_sign_in_with_token_async()): the token store keeps one
 * such session per server. */
#define DNEVNIK_SERVICE_WEB_LOGIN "web"

/* Sign in with a token the student obtained on the diary's own sign-in
 * page (for providers without password sign-in), check it by loading the
 * profile; then as sign_in.  refresh_token may be NULL (the access token
 * refreshes itself).  Errors: UNAUTHORIZED (token refused), NETWORK,
 * TIMEOUT, SERVER, PROTOCOL; G_IO_ERROR_BUSY if a session exists. */
void                 dnevnik_service_sign_in_with_token_async  (DnevnikService       *self,
                                                                const char           *access_token,
                                                                const char           *refresh_token,
                                                                gboolean              remember,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
gboolean             dnevnik_service_sign_in_with_token_finish (DnevnikService       *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

/* Continue a remembered session (login NULL = the one remembered last)
 * without a password.  No request unless the access token has expired;
 * the profile is not loaded (call refresh_profile next).  finish: TRUE if
 * restored (READY, or OFFLINE when the server could not be reached);
 * FALSE without error if nothing was remembered; UNAUTHORIZED if the
 * server refused the refresh (the stored tokens are deleted); KEYRING. */
void                 dnevnik_service_restore_session_async    (DnevnikService       *self,
                                                               const char           *login,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean             dnevnik_service_restore_session_finish   (DnevnikService       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* End the session: SIGNED_OUT at once (profile NULL, link status "not
 * linked", models empty, pending calls fail UNAUTHORIZED), then wipe the
 * student's offline copy (after the writes already queued), revoke on the
 * server (best effort, @cancellable stops only this) and delete the
 * stored tokens.  Always ends signed out; the only error is KEYRING when
 * remembered tokens could not be deleted. */
void                 dnevnik_service_sign_out_async           (DnevnikService       *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean             dnevnik_service_sign_out_finish          (DnevnikService       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* Every call below needs a session (else UNAUTHORIZED) and may fail with
 * NETWORK or TIMEOUT (state becomes OFFLINE; the next success makes it
 * READY), SERVER, PROTOCOL, UNAUTHORIZED (the session ended: state is
 * SIGNED_OUT), or G_IO_ERROR_CANCELLED (nothing applied).  The access
 * token is refreshed by itself, one refresh at a time.
 *
 * refresh_profile: updates and returns the profile (transfer full).  When
 * the server cannot be reached (NETWORK, TIMEOUT) the profile property is
 * set from the offline copy, if it has one, and the call fails all the
 * same. */
void                 dnevnik_service_refresh_profile_async    (DnevnikService       *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
DnevnikProfile      *dnevnik_service_refresh_profile_finish   (DnevnikService       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* fetch_diary: every date from @from to @to (at most 366 days, else
 * G_IO_ERROR_INVALID_ARGUMENT without a request), in order, as a
 * GListModel of DnevnikDiaryDay (transfer full). */
void                 dnevnik_service_fetch_diary_async        (DnevnikService       *self,
                                                               const GDate          *from,
                                                               const GDate          *to,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
GListModel          *dnevnik_service_fetch_diary_finish       (DnevnikService       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* fetch_library: a GListModel of DnevnikLibraryItem (transfer full). */
void                 dnevnik_service_fetch_library_async      (DnevnikService       *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
GListModel          *dnevnik_service_fetch_library_finish     (DnevnikService       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* fetch_portfolio: a GListModel of DnevnikAchievement (transfer full). */
void                 dnevnik_service_fetch_portfolio_async    (DnevnikService       *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
GListModel          *dnevnik_service_fetch_portfolio_finish   (DnevnikService       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* refresh_link_status: updates the shared link-status object in place;
 * when the server cannot be reached, from the offline copy (and fails). */
void                 dnevnik_service_refresh_link_status_async  (DnevnikService     *self,
                                                                 GCancellable       *cancellable,
                                                                 GAsyncReadyCallback callback,
                                                                 gpointer            user_data);
gboolean             dnevnik_service_refresh_link_status_finish (DnevnikService     *self,
                                                                 GAsyncResult       *result,
                                                                 GError            **error);

/* link_start: @phone as typed ("8 916 …", "+7 (916) …"); a code goes by
 * SMS.  Returns the DnevnikLinkRequest for resend/confirm.  Errors:
 * INVALID_PHONE (checked before any request), ALREADY_LINKED,
 * MAX_ACCOUNT_TAKEN, RATE_LIMITED (retry-after). */
void                 dnevnik_service_link_start_async         (DnevnikService       *self,
                                                               const char           *phone,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
DnevnikLinkRequest  *dnevnik_service_link_start_finish        (DnevnikService       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* link_resend: a new code; returns the request with new countdowns.
 * Errors: RATE_LIMITED before the countdown ends (retry-after),
 * UNKNOWN_REQUEST. */
void                 dnevnik_service_link_resend_async        (DnevnikService       *self,
                                                               DnevnikLinkRequest   *request,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
DnevnikLinkRequest  *dnevnik_service_link_resend_finish       (DnevnikService       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* link_confirm: on success the link status becomes linked.  Errors:
 * INVALID_CODE (dnevnik_service_error_get_attempts_left(); -1 when the
 * code was malformed and not sent), CODE_EXPIRED (offer a resend),
 * NO_ATTEMPTS_LEFT and UNKNOWN_REQUEST (start again), ALREADY_LINKED,
 * MAX_ACCOUNT_TAKEN.  Cancelled: the link status is unchanged. */
void                 dnevnik_service_link_confirm_async       (DnevnikService       *self,
                                                               DnevnikLinkRequest   *request,
                                                               const char           *code,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean             dnevnik_service_link_confirm_finish      (DnevnikService       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* unlink: the link status becomes "not linked" (also on NOT_LINKED). */
void                 dnevnik_service_unlink_async             (DnevnikService       *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean             dnevnik_service_unlink_finish            (DnevnikService       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* fetch_link_history: a GListModel of DnevnikLinkEvent, newest first. */
void                 dnevnik_service_fetch_link_history_async  (DnevnikService      *self,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
GListModel          *dnevnik_service_fetch_link_history_finish (DnevnikService      *self,
                                                                GAsyncResult        *result,
                                                                GError             **error);

/* Models owned by the service, one object each for its whole life (bind
 * once), emptied on sign-out, filled by the load_* calls below and by the
 * matching fetch_* calls.  Updates splice only the items that changed.
 * get_week_model: DnevnikDiaryDay, Monday to Saturday of week-start
 * (get_week_start: NULL before the first load_week).  Transfer none. */
GListModel          *dnevnik_service_get_week_model           (DnevnikService       *self);
const GDate         *dnevnik_service_get_week_start           (DnevnikService       *self);
GListModel          *dnevnik_service_get_library_model        (DnevnikService       *self);
GListModel          *dnevnik_service_get_portfolio_model      (DnevnikService       *self);
GListModel          *dnevnik_service_get_link_history_model   (DnevnikService       *self);

/* load_week: shows the week of @any_day_of_week in the week model, stale
 * while revalidate: week-start changes at once, the cached days appear as
 * soon as the offline copy answers, then the server's reply replaces only
 * the days that changed and goes to the offline copy; the weeks before
 * and after are prefetched into it.  finish: TRUE when the model shows the
 * week — also when the server could not be reached (state OFFLINE) but
 * the offline copy had it; else the errors of fetch_diary.  A load
 * overtaken by a later one only feeds the offline copy. */
void                 dnevnik_service_load_week_async          (DnevnikService       *self,
                                                               const GDate          *any_day_of_week,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean             dnevnik_service_load_week_finish         (DnevnikService       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* load_library / load_portfolio / load_link_history: the same for the
 * library, portfolio and link history models. */
void                 dnevnik_service_load_library_async       (DnevnikService       *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean             dnevnik_service_load_library_finish      (DnevnikService       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
void                 dnevnik_service_load_portfolio_async     (DnevnikService       *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean             dnevnik_service_load_portfolio_finish    (DnevnikService       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
void                 dnevnik_service_load_link_history_async  (DnevnikService       *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean             dnevnik_service_load_link_history_finish (DnevnikService       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* sync_range: fills the offline copy with every day from @from to @to
 * (any length: a school year), a calendar month per request and per
 * transaction, without blocking the main loop; sync-progress goes 0 → 1.
 * Cancelling keeps the months stored so far.  Errors: those of
 * fetch_diary, G_IO_ERROR_PENDING (a sync runs already), a
 * DNEVNIK_CACHE_ERROR when a month could not be stored. */
void                 dnevnik_service_sync_range_async         (DnevnikService       *self,
                                                               const GDate          *from,
                                                               const GDate          *to,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean             dnevnik_service_sync_range_finish        (DnevnikService       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
double               dnevnik_service_get_sync_progress        (DnevnikService       *self);

/* Marks (DNEVNIK_PROVIDER_CAPABILITY_MARKS; without it the calls fail
 * G_IO_ERROR_NOT_SUPPORTED without a request).  Models as above, filled
 * stale while revalidate, emptied on sign-out:
 * get_periods_model: DnevnikPeriod of the school year, in order, filled by
 * load_periods.  get_marks_model: DnevnikSubjectMarks of the period of the
 * last load_marks (get_marks_period_id), each with its DnevnikMark list in
 * order of date (id, value, weight, date, control form, comment) and the
 * final mark once set; get_marks_rule: whether the school stated how
 * averages round (round_up_from, e.g. 0.6), else
 * DNEVNIK_MARK_DEFAULT_ROUND_UP_FROM — the app's own estimate, to be
 * said so.  Averages, rounding and "what do I need": dnevnik-mark-math.h.
 * get_unseen_marks_model: the DnevnikMark (with subject) told of by
 * "new-marks" until mark_marks_seen.  The school-year sync also loads the
 * periods and the marks of each. */
GListModel          *dnevnik_service_get_periods_model        (DnevnikService       *self);
void                 dnevnik_service_load_periods_async       (DnevnikService       *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean             dnevnik_service_load_periods_finish      (DnevnikService       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
GListModel          *dnevnik_service_get_marks_model          (DnevnikService       *self);
const char          *dnevnik_service_get_marks_period_id      (DnevnikService       *self);
gboolean             dnevnik_service_get_marks_rule           (DnevnikService       *self,
                                                               double               *out_round_up_from);
void                 dnevnik_service_load_marks_async         (DnevnikService       *self,
                                                               const char           *period_id,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean             dnevnik_service_load_marks_finish        (DnevnikService       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
GListModel          *dnevnik_service_get_unseen_marks_model   (DnevnikService       *self);
void                 dnevnik_service_mark_marks_seen          (DnevnikService       *self);

G_END_DECLS
