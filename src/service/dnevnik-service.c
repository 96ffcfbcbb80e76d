/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-link-status-private.h"
#include "dnevnik-service-private.h"
#include "dnevnik-v1-provider.h"

/* The object itself: its properties and signals, and the state every
 * other file of the service changes through the helpers below.  See
 * dnevnik-service-private.h for the other files.
 */

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
  NEW_MARKS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

  if (self->session != NULL)
    dnevnik_session_end (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->provider);
  g_clear_object (&self->store);
  g_clear_object (&self->profile);
  g_clear_object (&self->link_status);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->cache);
  g_clear_object (&self->disk_cache);
  g_clear_pointer (&self->cache_path, g_free);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->marks_period_id, g_free);
  _dnevnik_service_forget_stored_replies (self);
  g_clear_pointer (&self->link_status_body, g_bytes_unref);
  g_clear_object (&self->link_status_parsed);
  for (guint i = 0; i < N_COLLECTIONS; i++)
    _dnevnik_collection_clear (&self->collections[i]);

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
   * The server's address, without a trailing slash: what
   * dnevnik_provider_get_server() says of the provider.
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

  /**
   * DnevnikService::new-marks:
   * @self: the service
   * @marks: a #GListModel of #DnevnikMark (with subject, date and id): the
   *   marks that have just arrived
   *
   * A refresh of the marks of a period (dnevnik_service_load_marks_async(),
   * or the school-year sync) brought marks that were not in the offline
   * copy of that period.  Never on the first load of a period that had no
   * offline copy (nothing is "new" to a student who has not seen the rest);
   * once told of, a mark is in the offline copy and is not told of again.  The marks are also added
   * to dnevnik_service_get_unseen_marks_model().
   */
  signals[NEW_MARKS] =
    g_signal_new ("new-marks",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_LIST_MODEL);
}

static void
dnevnik_service_init (DnevnikService *self)
{
  self->link_status = dnevnik_link_status_new ();
  self->cancellable = g_cancellable_new ();

  _dnevnik_collection_init (&self->collections[COLLECTION_WEEK], DNEVNIK_TYPE_DIARY_DAY);
  _dnevnik_collection_init (&self->collections[COLLECTION_LIBRARY], DNEVNIK_TYPE_LIBRARY_ITEM);
  _dnevnik_collection_init (&self->collections[COLLECTION_PORTFOLIO], DNEVNIK_TYPE_ACHIEVEMENT);
  _dnevnik_collection_init (&self->collections[COLLECTION_LINK_HISTORY], DNEVNIK_TYPE_LINK_EVENT);
  _dnevnik_collection_init (&self->collections[COLLECTION_PERIODS], DNEVNIK_TYPE_PERIOD);
  _dnevnik_collection_init (&self->collections[COLLECTION_MARKS], DNEVNIK_TYPE_SUBJECT_MARKS);
  _dnevnik_collection_init (&self->collections[COLLECTION_UNSEEN_MARKS], DNEVNIK_TYPE_MARK);
  g_date_clear (&self->week_start, 1);
}

/* --- internal API of the sibling files ------------------------------------------ */

GError *
_dnevnik_service_cancelled_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The operation was cancelled"));
}

char *
_dnevnik_service_format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* Keys the token store and the offline copy. */
const char *
_dnevnik_service_get_server (DnevnikService *self)
{
  return dnevnik_provider_get_server (self->provider);
}

/* The tokens of the current session; NULL when signed out or while a
 * sign-in waits for them. */
const DnevnikTokens *
_dnevnik_service_get_tokens (DnevnikService *self)
{
  return self->session != NULL ? dnevnik_session_get_tokens (self->session) : NULL;
}

void
_dnevnik_service_set_week_start (DnevnikService *self,
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

void
_dnevnik_service_set_state (DnevnikService      *self,
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

void
_dnevnik_service_set_remembered (DnevnikService *self,
                                 gboolean        remembered)
{
  remembered = !!remembered;
  if (self->remembered == remembered)
    return;

  self->remembered = remembered;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMEMBERED]);
}

void
_dnevnik_service_set_profile (DnevnikService *self,
                              DnevnikProfile *profile)
{
  if (dnevnik_profile_equal (self->profile, profile))
    return;

  g_set_object (&self->profile, profile);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

void
_dnevnik_service_note_reachable (DnevnikService *self)
{
  if (self->state == DNEVNIK_SERVICE_STATE_OFFLINE)
    _dnevnik_service_set_state (self, DNEVNIK_SERVICE_STATE_READY);
}

void
_dnevnik_service_note_unreachable (DnevnikService *self,
                                   const GError   *error)
{
  if (self->state == DNEVNIK_SERVICE_STATE_READY && _dnevnik_service_is_unreachable_error (error))
    _dnevnik_service_set_state (self, DNEVNIK_SERVICE_STATE_OFFLINE);
}

void
_dnevnik_service_report_remember_failed (DnevnikService *self,
                                         const GError   *error)
{
  _dnevnik_service_set_remembered (self, FALSE);
  g_signal_emit (self, signals[REMEMBER_FAILED], 0, error);
}

void
_dnevnik_service_set_sync_progress (DnevnikService *self,
                                    double          progress)
{
  if (self->sync_progress == progress)
    return;

  self->sync_progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_PROGRESS]);
}

void
_dnevnik_service_notify_login (DnevnikService *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN]);
}

void
_dnevnik_service_emit_cache_reset (DnevnikService *self,
                                   const char     *message)
{
  g_signal_emit (self, signals[CACHE_RESET], 0, message);
}

void
_dnevnik_service_emit_cache_failed (DnevnikService *self,
                                    const char     *message)
{
  g_signal_emit (self, signals[CACHE_FAILED], 0, message);
}

void
_dnevnik_service_emit_new_marks (DnevnikService *self,
                                 GListModel     *marks)
{
  g_signal_emit (self, signals[NEW_MARKS], 0, marks);
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
 * Creates a signed-out service for one server that speaks API v1
 * (src/sandbox/API.md), through a #DnevnikV1Provider; see
 * dnevnik_service_new_for_provider() for any other.
 *
 * Returns: (transfer full): a new #DnevnikService, or %NULL if @base_url
 *   is refused
 */
DnevnikService *
dnevnik_service_new (const char         *base_url,
                     DnevnikTokenStore  *store,
                     GError            **error)
{
  g_autoptr(DnevnikProvider) provider = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (store == NULL || DNEVNIK_IS_TOKEN_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  provider = dnevnik_v1_provider_new (base_url, error);
  if (provider == NULL)
    return NULL;

  return dnevnik_service_new_for_provider (provider, store);
}

/**
 * dnevnik_service_new_for_provider:
 * @provider: what the server provides
 * @store: (nullable): where to remember sessions, usually
 *   dnevnik_secret_token_store_new(); %NULL to remember nothing
 *
 * Creates a signed-out service on top of @provider: a diary that speaks
 * something else than API v1, or a provider made for a test.
 *
 * Returns: (transfer full): a new #DnevnikService
 */
DnevnikService *
dnevnik_service_new_for_provider (DnevnikProvider   *provider,
                                  DnevnikTokenStore *store)
{
  DnevnikService *self;

  g_return_val_if_fail (DNEVNIK_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (store == NULL || DNEVNIK_IS_TOKEN_STORE (store), NULL);

  self = g_object_new (DNEVNIK_TYPE_SERVICE, NULL);
  self->provider = g_object_ref (provider);
  self->store = store != NULL ? g_object_ref (store) : NULL;

  return self;
}

/**
 * dnevnik_service_get_provider:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none): what the server provides
 */
DnevnikProvider *
dnevnik_service_get_provider (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return self->provider;
}

/**
 * dnevnik_service_get_capabilities:
 * @self: a #DnevnikService
 *
 * What the server can do, so that a window offers only that: a call it
 * cannot do fails with %G_IO_ERROR_NOT_SUPPORTED without a request.  The
 * same for the life of the service.
 *
 * Returns: the capabilities of the provider
 */
DnevnikProviderCapabilities
dnevnik_service_get_capabilities (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), DNEVNIK_PROVIDER_CAPABILITY_NONE);

  return dnevnik_provider_get_capabilities (self->provider);
}

/**
 * dnevnik_service_get_base_url:
 * @self: a #DnevnikService
 *
 * Returns: (transfer none): the server's address, as
 *   dnevnik_provider_get_server() gives it
 */
const char *
dnevnik_service_get_base_url (DnevnikService *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  return self->provider != NULL ? dnevnik_provider_get_server (self->provider) : NULL;
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
  const DnevnikTokens *tokens;

  g_return_val_if_fail (DNEVNIK_IS_SERVICE (self), NULL);

  tokens = _dnevnik_service_get_tokens (self);
  return tokens != NULL ? tokens->login : NULL;
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

  return self->provider != NULL ? dnevnik_provider_get_timeout (self->provider) : 0;
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
  g_return_if_fail (self->provider != NULL);

  if (dnevnik_provider_get_timeout (self->provider) == seconds)
    return;

  dnevnik_provider_set_timeout (self->provider, seconds);

  /* A provider without requests to time keeps none. */
  if (dnevnik_provider_get_timeout (self->provider) == seconds)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

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
