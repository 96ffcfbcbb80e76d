/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-app"

#include "config.h"

#include "dnevnik-year-sync.h"

#include "dnevnik-date.h"

/**
 * DnevnikYearSync:
 *
 * Saves the diary of the current school year in the offline copy, so
 * that every week of the year can be read offline.  When a remembered
 * student's session becomes READY it runs in the background, at most once
 * a day: the date of the last whole sync is in the `last-sync` setting,
 * which sign-out empties.  A failed sync is tried again the next time the
 * session is READY (the server answers again).  A student who is not
 * remembered keeps nothing on disk, so there is nothing to save it for.
 */

struct _DnevnikYearSync
{
  GObject         parent_instance;

  /* owned */
  GSettings      *settings;
  DnevnikService *service;      /* the one followed */
  GCancellable   *cancellable;  /* the running sync, if any */
};

G_DEFINE_FINAL_TYPE (DnevnikYearSync, dnevnik_year_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_SYNCING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  DnevnikYearSync *self;
  GCancellable    *cancellable;
} SyncRun;

static char *
today_iso (void)
{
  GDate date;
  char text[16];

  dnevnik_date_today (&date);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);

  return g_strdup (text);
}

/* @cancellable: the sync that runs now, or %NULL to cancel the one that ran. */
static void
set_running (DnevnikYearSync *self,
             GCancellable    *cancellable)
{
  gboolean was_syncing = self->cancellable != NULL;

  if (self->cancellable == cancellable)
    return;

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, cancellable);

  if (was_syncing != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
}

static void
on_school_year_synced_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  SyncRun *run = user_data;
  g_autoptr(DnevnikYearSync) self = run->self;
  g_autoptr(GCancellable) cancellable = run->cancellable;
  g_autoptr(GError) error = NULL;

  g_free (run);

  if (!dnevnik_service_sync_range_finish (DNEVNIK_SERVICE (object), result, &error))
    {
      /* Unreachable: the offline bar says so; the next READY tries again. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("School year not synced: %s", error->message);
    }
  else if (g_settings_is_writable (self->settings, "last-sync"))
    {
      g_autofree char *date = today_iso ();

      g_settings_set_string (self->settings, "last-sync", date);
    }

  /* A sync started later (another service) is not this one. */
  if (self->cancellable == cancellable)
    set_running (self, NULL);
}

static void
on_service_state_cb (DnevnikService  *service,
                     GParamSpec      *pspec,
                     DnevnikYearSync *self)
{
  switch (dnevnik_service_get_state (service))
    {
    case DNEVNIK_SERVICE_STATE_READY:
      dnevnik_year_sync_start (self, FALSE);
      break;

    case DNEVNIK_SERVICE_STATE_SIGNED_OUT:
    case DNEVNIK_SERVICE_STATE_SIGNING_IN:
      set_running (self, NULL);
      break;

    case DNEVNIK_SERVICE_STATE_OFFLINE:
    default:
      break;
    }
}

static void
dnevnik_year_sync_dispose (GObject *object)
{
  dnevnik_year_sync_set_service (DNEVNIK_YEAR_SYNC (object), NULL);

  G_OBJECT_CLASS (dnevnik_year_sync_parent_class)->dispose (object);
}

static void
dnevnik_year_sync_finalize (GObject *object)
{
  DnevnikYearSync *self = DNEVNIK_YEAR_SYNC (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dnevnik_year_sync_parent_class)->finalize (object);
}

static void
dnevnik_year_sync_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DnevnikYearSync *self = DNEVNIK_YEAR_SYNC (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_SYNCING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_year_sync_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DnevnikYearSync *self = DNEVNIK_YEAR_SYNC (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_year_sync_class_init (DnevnikYearSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dnevnik_year_sync_dispose;
  object_class->finalize = dnevnik_year_sync_finalize;
  object_class->get_property = dnevnik_year_sync_get_property;
  object_class->set_property = dnevnik_year_sync_set_property;

  /* Where the date of the last whole sync is kept (`last-sync`). */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Whether the school year is being saved for offline use. */
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dnevnik_year_sync_init (DnevnikYearSync *self)
{
}

/**
 * dnevnik_year_sync_new:
 * @settings: the app's settings
 *
 * Returns: (transfer full): a new year sync, following no service yet
 */
DnevnikYearSync *
dnevnik_year_sync_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (DNEVNIK_TYPE_YEAR_SYNC,
                       "settings", settings,
                       NULL);
}

/**
 * dnevnik_year_sync_set_service:
 * @service: (nullable): the service whose sessions to follow
 *
 * Follows @service instead of the one before, whose sync (if one runs)
 * is cancelled.
 */
void
dnevnik_year_sync_set_service (DnevnikYearSync *self,
                               DnevnikService  *service)
{
  g_return_if_fail (DNEVNIK_IS_YEAR_SYNC (self));
  g_return_if_fail (service == NULL || DNEVNIK_IS_SERVICE (service));

  if (self->service == service)
    return;

  set_running (self, NULL);
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_set_object (&self->service, service);
  if (service != NULL)
    g_signal_connect_object (service, "notify::state", G_CALLBACK (on_service_state_cb), self, 0);
}

/**
 * dnevnik_year_sync_get_syncing:
 *
 * Returns: whether the diary of the school year is being saved for
 *   offline use
 */
gboolean
dnevnik_year_sync_get_syncing (DnevnikYearSync *self)
{
  g_return_val_if_fail (DNEVNIK_IS_YEAR_SYNC (self), FALSE);

  return self->cancellable != NULL;
}

/**
 * dnevnik_year_sync_start:
 * @force: %TRUE to sync even if it was done today
 *
 * Saves the diary of the current school year in the offline copy, in the
 * background, if the followed service has a remembered student whose
 * session is READY.  Without @force, at most once a day.
 * #DnevnikYearSync:syncing is %TRUE while it runs.
 *
 * Returns: whether a sync was started (or runs already)
 */
gboolean
dnevnik_year_sync_start (DnevnikYearSync *self,
                         gboolean         force)
{
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *last_sync = NULL;
  g_autofree char *date = NULL;
  SyncRun *run;
  GDate day, first, last;

  g_return_val_if_fail (DNEVNIK_IS_YEAR_SYNC (self), FALSE);

  if (self->cancellable != NULL)
    return TRUE;

  if (self->service == NULL ||
      dnevnik_service_get_state (self->service) != DNEVNIK_SERVICE_STATE_READY ||
      !dnevnik_service_get_remembered (self->service))
    return FALSE;

  last_sync = g_settings_get_string (self->settings, "last-sync");
  date = today_iso ();
  if (!force && g_strcmp0 (last_sync, date) == 0)
    return FALSE;

  dnevnik_date_today (&day);
  dnevnik_year_sync_school_year_of (&day, &first, &last);

  cancellable = g_cancellable_new ();
  set_running (self, cancellable);

  run = g_new0 (SyncRun, 1);
  run->self = g_object_ref (self);
  run->cancellable = g_object_ref (cancellable);
  dnevnik_service_sync_range_async (self->service, &first, &last, cancellable,
                                    on_school_year_synced_cb, run);

  return TRUE;
}

/**
 * dnevnik_year_sync_school_year_of:
 * @day: a date
 * @first: (out caller-allocates): 1 September of the school year of @day
 * @last: (out caller-allocates): 31 May of that school year
 *
 * The school year around @day; in the summer, the one that just ended.
 */
void
dnevnik_year_sync_school_year_of (const GDate *day,
                                  GDate       *first,
                                  GDate       *last)
{
  int year;

  g_return_if_fail (day != NULL && g_date_valid (day));
  g_return_if_fail (first != NULL && last != NULL);

  year = g_date_get_year (day);
  if (g_date_get_month (day) < G_DATE_SEPTEMBER)
    year--;

  g_date_clear (first, 1);
  g_date_set_dmy (first, 1, G_DATE_SEPTEMBER, year);
  g_date_clear (last, 1);
  g_date_set_dmy (last, 31, G_DATE_MAY, year + 1);
}
