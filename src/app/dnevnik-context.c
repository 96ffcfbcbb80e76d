/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-app"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-context-private.h"
#include "dnevnik-provider-choice.h"

/**
 * DnevnikContext:
 *
 * What every window of the app shares, without any widget: the settings,
 * the server, the #DnevnikService that talks to it and, in training mode,
 * the bundled dnevnik-sandbox it runs.  The application creates one at
 * startup and hands it to each window it creates; windows follow its
 * properties and call its methods, and never reach the application.
 *
 * Which diary: a locked `provider`, then a locked `server-url`, then
 * `--sandbox` or `--server`, then the settings; with no choice made it is
 * `server-url`, and an empty one means training mode
 * (dnevnik_provider_choice_resolve()).  The student may choose another on
 * the sign-in page (dnevnik_context_choose_provider()), which starts over
 * with a new service.  The service appears asynchronously (the training
 * server must start first), so windows follow #DnevnikContext:service.
 *
 * A training server that dies on its own is restarted a few times; each
 * time the student signs in again (its port is kept, but the service is
 * new), and #DnevnikContext::notice says why.
 *
 * The whole-year sync of the offline copy (#DnevnikYearSync) follows the
 * service; #DnevnikContext:syncing says when it runs.
 */

G_DEFINE_FINAL_TYPE (DnevnikContext, dnevnik_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_SERVER_OVERRIDE,
  PROP_FORCE_SANDBOX,
  PROP_SERVICE,
  PROP_TRAINING_MODE,
  PROP_BACKEND_ERROR,
  PROP_SYNCING,
  PROP_MESH_BASE_URL,
  N_PROPS
};

enum {
  NOTICE,
  STUDENT_LEFT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
on_profile_refreshed_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(DnevnikProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  /* The offline bar and the pages say what failed (the service state). */
  profile = dnevnik_service_refresh_profile_finish (DNEVNIK_SERVICE (object), result, &error);
  if (error != NULL)
    g_debug ("Profile not refreshed: %s", error->message);
}

static void
on_session_restored_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(DnevnikContext) self = user_data;
  DnevnikService *service = DNEVNIK_SERVICE (object);
  g_autoptr(GError) error = NULL;

  if (!dnevnik_service_restore_session_finish (service, result, &error))
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Session not restored: %s", error->message);
          /* Being asked for the password again deserves a reason. */
          dnevnik_context_add_notice (self, error->message);
        }
      return;
    }

  dnevnik_context_refresh_profile (self);
}

static void
use_server (DnevnikContext *self,
            const char     *url)
{
  g_autoptr(DnevnikTokenStore) store = NULL;
  g_autoptr(DnevnikService) service = NULL;
  g_autoptr(GError) error = NULL;

  store = dnevnik_secret_token_store_new (DNEVNIK_SECRET_TOKEN_STORE_DEFAULT_TIMEOUT_MS);
  service = dnevnik_provider_choice_create_service (self->provider, url, self->mesh_base_url,
                                                    store, &error);
  if (service == NULL)
    {
      _dnevnik_context_set_backend_error (self, error->message);
      return;
    }

  _dnevnik_context_set_backend_error (self, NULL);

  /* A remembered student goes straight to the diary, without a password.
   * The restore begins before the windows see the service, so that they
   * see it SIGNING_IN, not SIGNED_OUT for a moment: they would build the
   * sign-in page for nothing, before their first frame. */
  if (g_settings_get_boolean (self->settings, "remember-sign-in"))
    {
      g_autofree char *last_login = g_settings_get_string (self->settings, "last-login");

      dnevnik_service_restore_session_async (service,
                                             *last_login != '\0' ? last_login : NULL,
                                             self->cancellable,
                                             on_session_restored_cb,
                                             g_object_ref (self));
    }

  _dnevnik_context_set_service (self, service);
}

static void
on_sandbox_started_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(DnevnikContext) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  url = dnevnik_sandbox_launcher_start_finish (DNEVNIK_SANDBOX_LAUNCHER (object), result, &error);
  if (url == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _dnevnik_context_set_backend_error (self, error->message);
      return;
    }

  use_server (self, url);
  if (self->announce_reset)
    {
      self->announce_reset = FALSE;
      dnevnik_context_add_notice (self, _("The training data was reset: every practice student has their original diary again."));
    }
}

static void
on_syncing_changed_cb (DnevnikContext *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
}

static void
dnevnik_context_constructed (GObject *object)
{
  DnevnikContext *self = DNEVNIK_CONTEXT (object);

  G_OBJECT_CLASS (dnevnik_context_parent_class)->constructed (object);

  self->year_sync = dnevnik_year_sync_new (self->settings);
  g_signal_connect_object (self->year_sync, "notify::syncing",
                           G_CALLBACK (on_syncing_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
dnevnik_context_dispose (GObject *object)
{
  DnevnikContext *self = DNEVNIK_CONTEXT (object);

  dnevnik_context_stop_backend (self);
  g_clear_object (&self->year_sync);

  G_OBJECT_CLASS (dnevnik_context_parent_class)->dispose (object);
}

static void
dnevnik_context_finalize (GObject *object)
{
  DnevnikContext *self = DNEVNIK_CONTEXT (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->server_override, g_free);
  g_clear_pointer (&self->mesh_base_url, g_free);
  g_clear_pointer (&self->backend_error, g_free);

  G_OBJECT_CLASS (dnevnik_context_parent_class)->finalize (object);
}

static void
dnevnik_context_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DnevnikContext *self = DNEVNIK_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_SERVER_OVERRIDE:
      g_value_set_string (value, self->server_override);
      break;

    case PROP_FORCE_SANDBOX:
      g_value_set_boolean (value, self->force_sandbox);
      break;

    case PROP_MESH_BASE_URL:
      g_value_set_string (value, self->mesh_base_url);
      break;

    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_TRAINING_MODE:
      g_value_set_boolean (value, self->training_mode);
      break;

    case PROP_BACKEND_ERROR:
      g_value_set_string (value, self->backend_error);
      break;

    case PROP_SYNCING:
      g_value_set_boolean (value, dnevnik_year_sync_get_syncing (self->year_sync));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_context_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DnevnikContext *self = DNEVNIK_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_SERVER_OVERRIDE:
      self->server_override = g_value_dup_string (value);
      break;

    case PROP_FORCE_SANDBOX:
      self->force_sandbox = g_value_get_boolean (value);
      break;

    case PROP_MESH_BASE_URL:
      self->mesh_base_url = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_context_class_init (DnevnikContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = dnevnik_context_constructed;
  object_class->dispose = dnevnik_context_dispose;
  object_class->finalize = dnevnik_context_finalize;
  object_class->get_property = dnevnik_context_get_property;
  object_class->set_property = dnevnik_context_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* What `--server` said, whether or not it is used. */
  properties[PROP_SERVER_OVERRIDE] =
    g_param_spec_string ("server-override", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Whether `--sandbox` asked for the bundled training server. */
  properties[PROP_FORCE_SANDBOX] =
    g_param_spec_boolean ("force-sandbox", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DNEVNIK_TYPE_SERVICE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TRAINING_MODE] =
    g_param_spec_boolean ("training-mode", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BACKEND_ERROR] =
    g_param_spec_string ("backend-error", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Whether the school year is being saved for offline use. */
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
#if DEVELOPMENT_BUILD
  /* Where the МЭШ and «Моя школа» providers send their requests instead
   * of the real hosts: tests point it at a replay server.  A release build
   * has no such property, so nothing can redirect a student's token. */
  properties[PROP_MESH_BASE_URL] =
    g_param_spec_string ("mesh-base-url", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
#else
  g_object_class_install_properties (object_class, PROP_MESH_BASE_URL, properties);
#endif

  /* Something the student should hear about (windows show it as a toast). */
  signals[NOTICE] = g_signal_new ("notice",
                                  G_TYPE_FROM_CLASS (klass),
                                  G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /* The student signed out or was signed out for being idle: the next one
   * at this computer must see nothing of them.  An expired session is
   * the same student asked to sign in again, and does not emit it. */
  signals[STUDENT_LEFT] = g_signal_new ("student-left",
                                        G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);
}

static void
dnevnik_context_init (DnevnikContext *self)
{
}

/* Sets #DnevnikContext:backend-error, %NULL when there is none. */
void
_dnevnik_context_set_backend_error (DnevnikContext *self,
                                    const char     *message)
{
  if (g_strcmp0 (self->backend_error, message) == 0)
    return;

  g_free (self->backend_error);
  self->backend_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKEND_ERROR]);
}

/* Sets #DnevnikContext:service; the school-year sync follows it. */
void
_dnevnik_context_set_service (DnevnikContext *self,
                              DnevnikService *service)
{
  if (self->service == service)
    return;

  dnevnik_year_sync_set_service (self->year_sync, service);
  g_set_object (&self->service, service);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE]);
}

/* Starts the training server, with fresh training data if @reset; the
 * service for it comes when it runs (on_sandbox_started_cb()). */
void
_dnevnik_context_start_sandbox (DnevnikContext *self,
                                gboolean        reset)
{
  if (!_dnevnik_context_ensure_launcher (self))
    return;

  _dnevnik_context_set_backend_error (self, NULL);
  self->announce_reset = reset;
  dnevnik_sandbox_launcher_start_async (self->launcher, reset, self->cancellable,
                                        on_sandbox_started_cb, g_object_ref (self));
}

/* Emits #DnevnikContext::student-left. */
void
_dnevnik_context_emit_student_left (DnevnikContext *self)
{
  g_signal_emit (self, signals[STUDENT_LEFT], 0);
}

/**
 * dnevnik_context_new:
 * @settings: the app's settings
 * @server_override: (nullable): the server given with `--server`
 * @force_sandbox: whether `--sandbox` asked for the training server
 *
 * Returns: (transfer full): a new context; nothing starts before
 *   dnevnik_context_start_backend()
 */
DnevnikContext *
dnevnik_context_new (GSettings  *settings,
                     const char *server_override,
                     gboolean    force_sandbox)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (DNEVNIK_TYPE_CONTEXT,
                       "settings", settings,
                       "server-override", server_override,
                       "force-sandbox", force_sandbox,
                       NULL);
}

/**
 * dnevnik_context_get_settings:
 *
 * Returns: (transfer none): the app's settings
 */
GSettings *
dnevnik_context_get_settings (DnevnikContext *self)
{
  g_return_val_if_fail (DNEVNIK_IS_CONTEXT (self), NULL);

  return self->settings;
}

/**
 * dnevnik_context_get_server_override:
 *
 * Returns: (nullable): the server given with `--server`
 */
const char *
dnevnik_context_get_server_override (DnevnikContext *self)
{
  g_return_val_if_fail (DNEVNIK_IS_CONTEXT (self), NULL);

  return self->server_override;
}

/**
 * dnevnik_context_start_backend:
 *
 * Chooses the server and creates the service for it, starting the training
 * server first in training mode.  Does nothing after the first call.
 * #DnevnikContext:service or #DnevnikContext:backend-error tells how it
 * went.
 */
void
dnevnik_context_start_backend (DnevnikContext *self)
{
  g_autofree char *url = NULL;

  g_return_if_fail (DNEVNIK_IS_CONTEXT (self));

  if (self->backend_started)
    return;

  self->backend_started = TRUE;
  self->cancellable = g_cancellable_new ();

  self->provider = dnevnik_provider_choice_resolve (self->settings, self->server_override,
                                                    self->force_sandbox, &url);
  if (self->training_mode != (self->provider == DNEVNIK_PROVIDER_CHOICE_TRAINING))
    {
      self->training_mode = !self->training_mode;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINING_MODE]);
    }

  if (self->training_mode)
    _dnevnik_context_start_sandbox (self, FALSE);
  else
    use_server (self, url);
}

/**
 * dnevnik_context_get_provider_choice:
 *
 * Returns: the diary in use, once the back end has started
 */
DnevnikProviderChoice
dnevnik_context_get_provider_choice (DnevnikContext *self)
{
  g_return_val_if_fail (DNEVNIK_IS_CONTEXT (self), DNEVNIK_PROVIDER_CHOICE_TRAINING);

  return self->provider;
}

/**
 * dnevnik_context_choose_provider:
 * @choice: the diary the student chose
 * @url: (nullable): the server's address for %DNEVNIK_PROVIDER_CHOICE_SERVER
 *
 * Remembers the student's choice of diary and, if it is another than the
 * one in use, starts over with it: the service of the old one goes (its
 * session stays in the token store, per server), the training server
 * stops when training mode is left.  Nothing happens when an
 * administrator locked the choice.
 */
void
dnevnik_context_choose_provider (DnevnikContext        *self,
                                 DnevnikProviderChoice  choice,
                                 const char            *url)
{
  g_autofree char *resolved_url = NULL;

  g_return_if_fail (DNEVNIK_IS_CONTEXT (self));
  g_return_if_fail (choice < DNEVNIK_PROVIDER_CHOICE_N);
  g_return_if_fail (choice != DNEVNIK_PROVIDER_CHOICE_SERVER || url != NULL);

  if (!dnevnik_provider_choice_remember (self->settings, choice, url))
    return;

  /* The command line chose for this run only: the student's choice now
   * goes before it. */
  self->force_sandbox = FALSE;
  g_clear_pointer (&self->server_override, g_free);

  if (!self->backend_started)
    return;

  /* The windows let go of the old service before it stops, and already
   * show the new choice while the new one starts. */
  self->provider = dnevnik_provider_choice_resolve (self->settings, NULL, FALSE, &resolved_url);
  _dnevnik_context_set_service (self, NULL);
  dnevnik_context_stop_backend (self);
  self->backend_started = FALSE;
  dnevnik_context_start_backend (self);
}

/**
 * dnevnik_context_stop_backend:
 *
 * Cancels what the back end is doing and stops the training server.  The
 * application calls it on shutdown.
 */
void
dnevnik_context_stop_backend (DnevnikContext *self)
{
  g_return_if_fail (DNEVNIK_IS_CONTEXT (self));

  if (self->year_sync != NULL)
    dnevnik_year_sync_set_service (self->year_sync, NULL);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->launcher != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->launcher, self);
      dnevnik_sandbox_launcher_stop (self->launcher);
      g_clear_object (&self->launcher);
    }
  g_clear_object (&self->service);
}

/**
 * dnevnik_context_get_service:
 *
 * Returns: (transfer none) (nullable): the service, once the server is known
 *   (and, in training mode, running)
 */
DnevnikService *
dnevnik_context_get_service (DnevnikContext *self)
{
  g_return_val_if_fail (DNEVNIK_IS_CONTEXT (self), NULL);

  return self->service;
}

/**
 * dnevnik_context_get_signed_in:
 *
 * Returns: whether a student is signed in (READY, or OFFLINE with the
 *   offline copy)
 */
gboolean
dnevnik_context_get_signed_in (DnevnikContext *self)
{
  DnevnikServiceState state;

  g_return_val_if_fail (DNEVNIK_IS_CONTEXT (self), FALSE);

  if (self->service == NULL)
    return FALSE;

  state = dnevnik_service_get_state (self->service);
  return state == DNEVNIK_SERVICE_STATE_READY || state == DNEVNIK_SERVICE_STATE_OFFLINE;
}

/**
 * dnevnik_context_get_training_mode:
 *
 * Returns: whether the app uses its bundled training server
 */
gboolean
dnevnik_context_get_training_mode (DnevnikContext *self)
{
  g_return_val_if_fail (DNEVNIK_IS_CONTEXT (self), FALSE);

  return self->training_mode;
}

/**
 * dnevnik_context_get_backend_error:
 *
 * Returns: (nullable): why there is no service, as a sentence for people
 */
const char *
dnevnik_context_get_backend_error (DnevnikContext *self)
{
  g_return_val_if_fail (DNEVNIK_IS_CONTEXT (self), NULL);

  return self->backend_error;
}

/**
 * dnevnik_context_refresh_profile:
 *
 * Asks the server for the student's profile again, in the background, once
 * a session is restored or when the student retries.  A failure shows in
 * the service's state (offline), so nothing is returned.
 */
void
dnevnik_context_refresh_profile (DnevnikContext *self)
{
  g_return_if_fail (DNEVNIK_IS_CONTEXT (self));

  if (self->service != NULL)
    dnevnik_service_refresh_profile_async (self->service, self->cancellable, on_profile_refreshed_cb, NULL);
}

/**
 * dnevnik_context_add_notice:
 * @message: a sentence for the student
 *
 * Tells every window something the student should hear about, through
 * #DnevnikContext::notice.
 */
void
dnevnik_context_add_notice (DnevnikContext *self,
                            const char     *message)
{
  g_return_if_fail (DNEVNIK_IS_CONTEXT (self));
  g_return_if_fail (message != NULL);

  g_signal_emit (self, signals[NOTICE], 0, message);
}
