/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include "dnevnik-idle-monitor.h"

/**
 * DnevnikIdleMonitor:
 *
 * Notices when nobody has used any of the app's windows for a while, for
 * the lab setting `idle-sign-out-minutes`: a student who walks away from a
 * lab computer is signed out.
 *
 * Each watched window gets a capture-phase #GtkEventControllerLegacy, so
 * every key, button, pointer motion, scroll or touch event reaches the
 * monitor before any widget can claim it.  Input restarts the count; after
 * #DnevnikIdleMonitor:interval seconds without input the monitor emits
 * #DnevnikIdleMonitor::idle once, and counts again only after the next
 * input.  An interval of 0 turns it off.  The app sets minutes × 60; tests
 * use a second.
 *
 * Only input counts: a window that merely appears, moves under the pointer
 * or gets the focus is not a person at the keyboard.
 */

struct _DnevnikIdleMonitor
{
  GObject    parent_instance;

  /* owned */
  GPtrArray *windows;      /* GtkWindow, weak pointers */
  GPtrArray *controllers;  /* the GtkEventController of windows[i] */

  guint      interval;
  gint64     last_input;   /* g_get_monotonic_time () */
  guint      timeout_id;
};

G_DEFINE_FINAL_TYPE (DnevnikIdleMonitor, dnevnik_idle_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INTERVAL,
  PROP_LAST_INPUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  IDLE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean on_timeout_cb (gpointer user_data);

/* Arms the timer for the rest of the interval after the last input. */
static void
arm (DnevnikIdleMonitor *self)
{
  gint64 deadline;
  gint64 now;
  guint delay_ms;

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (self->interval == 0)
    return;

  now = g_get_monotonic_time ();
  deadline = self->last_input + (gint64) self->interval * G_USEC_PER_SEC;
  /* Rounded up: a timer that fires a fraction of a millisecond early
   * would find the interval not quite over. */
  delay_ms = deadline > now ? (guint) ((deadline - now + 999) / 1000) : 0;
  self->timeout_id = g_timeout_add (delay_ms, on_timeout_cb, self);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  DnevnikIdleMonitor *self = user_data;

  self->timeout_id = 0;

  /* Input may have come in while this source was already due. */
  if (g_get_monotonic_time () < self->last_input + (gint64) self->interval * G_USEC_PER_SEC)
    {
      arm (self);
      return G_SOURCE_REMOVE;
    }

  /* Once per idle period: the next input arms the timer again. */
  g_signal_emit (self, signals[IDLE], 0);

  return G_SOURCE_REMOVE;
}

static gboolean
is_input (GdkEvent *event)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_MOTION_NOTIFY:
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
    case GDK_TOUCHPAD_HOLD:
    case GDK_PAD_BUTTON_PRESS:
    case GDK_PAD_BUTTON_RELEASE:
    case GDK_PAD_RING:
    case GDK_PAD_STRIP:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
on_event_cb (GtkEventControllerLegacy *controller,
             GdkEvent                 *event,
             gpointer                  user_data)
{
  DnevnikIdleMonitor *self = user_data;

  if (is_input (event))
    {
      self->last_input = g_get_monotonic_time ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_INPUT]);
      /* Cheap enough per event: motion comes at most once a frame. */
      arm (self);
    }

  /* Never claim the event: the widgets still get it. */
  return GDK_EVENT_PROPAGATE;
}

static void
on_window_destroyed (gpointer  data,
                     GObject  *where_the_object_was)
{
  DnevnikIdleMonitor *self = data;

  for (guint i = 0; i < self->windows->len; i++)
    {
      if (self->windows->pdata[i] == (gpointer) where_the_object_was)
        {
          g_ptr_array_remove_index (self->windows, i);
          g_ptr_array_remove_index (self->controllers, i);
          return;
        }
    }
}

static void
dnevnik_idle_monitor_dispose (GObject *object)
{
  DnevnikIdleMonitor *self = DNEVNIK_IDLE_MONITOR (object);

  while (self->windows->len > 0)
    dnevnik_idle_monitor_unwatch (self, self->windows->pdata[0]);
  g_clear_handle_id (&self->timeout_id, g_source_remove);

  G_OBJECT_CLASS (dnevnik_idle_monitor_parent_class)->dispose (object);
}

static void
dnevnik_idle_monitor_finalize (GObject *object)
{
  DnevnikIdleMonitor *self = DNEVNIK_IDLE_MONITOR (object);

  g_ptr_array_unref (self->windows);
  g_ptr_array_unref (self->controllers);

  G_OBJECT_CLASS (dnevnik_idle_monitor_parent_class)->finalize (object);
}

static void
dnevnik_idle_monitor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DnevnikIdleMonitor *self = DNEVNIK_IDLE_MONITOR (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;

    case PROP_LAST_INPUT:
      g_value_set_int64 (value, self->last_input);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_idle_monitor_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  DnevnikIdleMonitor *self = DNEVNIK_IDLE_MONITOR (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      dnevnik_idle_monitor_set_interval (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_idle_monitor_class_init (DnevnikIdleMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dnevnik_idle_monitor_dispose;
  object_class->finalize = dnevnik_idle_monitor_finalize;
  object_class->get_property = dnevnik_idle_monitor_get_property;
  object_class->set_property = dnevnik_idle_monitor_set_property;

  /**
   * DnevnikIdleMonitor:interval:
   *
   * Seconds without input before #DnevnikIdleMonitor::idle; 0 = off.
   */
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 0, G_MAXUINT / 1000, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * DnevnikIdleMonitor:last-input:
   *
   * When the last input (or reset) was, in g_get_monotonic_time() units.
   */
  properties[PROP_LAST_INPUT] =
    g_param_spec_int64 ("last-input", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The interval passed without input to any watched window. */
  signals[IDLE] =
    g_signal_new ("idle",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
dnevnik_idle_monitor_init (DnevnikIdleMonitor *self)
{
  self->windows = g_ptr_array_new ();
  self->controllers = g_ptr_array_new ();
  self->last_input = g_get_monotonic_time ();
}

/**
 * dnevnik_idle_monitor_new:
 * @interval: seconds without input before #DnevnikIdleMonitor::idle; 0 = off
 *
 * Returns: (transfer full): a monitor watching no window yet; the count
 *   starts now
 */
DnevnikIdleMonitor *
dnevnik_idle_monitor_new (guint interval)
{
  return g_object_new (DNEVNIK_TYPE_IDLE_MONITOR, "interval", interval, NULL);
}

/**
 * dnevnik_idle_monitor_get_interval:
 * @self: a #DnevnikIdleMonitor
 *
 * Returns: the interval in seconds, 0 if the monitor is off
 */
guint
dnevnik_idle_monitor_get_interval (DnevnikIdleMonitor *self)
{
  g_return_val_if_fail (DNEVNIK_IS_IDLE_MONITOR (self), 0);

  return self->interval;
}

/**
 * dnevnik_idle_monitor_set_interval:
 * @self: a #DnevnikIdleMonitor
 * @interval: seconds; 0 turns the monitor off
 *
 * Changes the interval; the time since the last input counts towards the
 * new one (an administrator lowering the limit takes effect at once).
 */
void
dnevnik_idle_monitor_set_interval (DnevnikIdleMonitor *self,
                                   guint               interval)
{
  g_return_if_fail (DNEVNIK_IS_IDLE_MONITOR (self));

  if (self->interval == interval)
    return;

  self->interval = interval;
  arm (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

/**
 * dnevnik_idle_monitor_get_last_input:
 * @self: a #DnevnikIdleMonitor
 *
 * Returns: when the last input (or reset) was, in g_get_monotonic_time()
 *   units
 */
gint64
dnevnik_idle_monitor_get_last_input (DnevnikIdleMonitor *self)
{
  g_return_val_if_fail (DNEVNIK_IS_IDLE_MONITOR (self), 0);

  return self->last_input;
}

/**
 * dnevnik_idle_monitor_watch:
 * @self: a #DnevnikIdleMonitor
 * @window: a window of the app
 *
 * Counts input to @window (until it is destroyed or unwatched).
 */
void
dnevnik_idle_monitor_watch (DnevnikIdleMonitor *self,
                            GtkWindow          *window)
{
  GtkEventController *controller;

  g_return_if_fail (DNEVNIK_IS_IDLE_MONITOR (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  if (g_ptr_array_find (self->windows, window, NULL))
    return;

  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_name (controller, "dnevnik-idle-monitor");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "event", G_CALLBACK (on_event_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);

  g_object_weak_ref (G_OBJECT (window), on_window_destroyed, self);
  g_ptr_array_add (self->windows, window);
  g_ptr_array_add (self->controllers, controller);
}

/**
 * dnevnik_idle_monitor_unwatch:
 * @self: a #DnevnikIdleMonitor
 * @window: a window given to dnevnik_idle_monitor_watch()
 *
 * Stops counting input to @window.
 */
void
dnevnik_idle_monitor_unwatch (DnevnikIdleMonitor *self,
                              GtkWindow          *window)
{
  guint i;

  g_return_if_fail (DNEVNIK_IS_IDLE_MONITOR (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  if (!g_ptr_array_find (self->windows, window, &i))
    return;

  g_object_weak_unref (G_OBJECT (window), on_window_destroyed, self);
  gtk_widget_remove_controller (GTK_WIDGET (window), self->controllers->pdata[i]);
  g_ptr_array_remove_index (self->windows, i);
  g_ptr_array_remove_index (self->controllers, i);
}

/**
 * dnevnik_idle_monitor_reset:
 * @self: a #DnevnikIdleMonitor
 *
 * Starts the count again as input would, e.g. after a sign-in (the monitor
 * does not see the student type the password in another process).
 */
void
dnevnik_idle_monitor_reset (DnevnikIdleMonitor *self)
{
  g_return_if_fail (DNEVNIK_IS_IDLE_MONITOR (self));

  self->last_input = g_get_monotonic_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_INPUT]);
  arm (self);
}
