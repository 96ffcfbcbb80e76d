/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <gdk/x11/gdkx.h>

#include "dnevnik-idle-monitor.h"
#include "dnevnik-test-ui.h"

/* DnevnikIdleMonitor (what the app wires to `idle-sign-out-minutes`) with
 * a 1-second interval and real X input from xdotool under Xvfb.
 *
 * Nothing here asserts how late a timer fires (a busy CI machine may be
 * late); only what must hold however late it is: "idle" never comes
 * sooner than the interval after the last input, input that GTK delivered
 * restarts the count, and "idle" comes once per idle period. */

#define WAIT_MS 20000
#define INTERVAL 1

typedef struct
{
  GtkWidget          *window;
  GtkWidget          *entry;
  DnevnikIdleMonitor *monitor;
  guint               idle_count;
  gint64              idle_at;
  gint64              input_at_idle;
} Fixture;

static void
on_idle_cb (DnevnikIdleMonitor *monitor,
            gpointer            user_data)
{
  Fixture *f = user_data;

  f->idle_count++;
  f->idle_at = g_get_monotonic_time ();
  f->input_at_idle = dnevnik_idle_monitor_get_last_input (monitor);
}

static gboolean
window_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (user_data));
}

typedef struct
{
  Fixture *f;
  guint    count;
} IdleWait;

static gboolean
idle_count_reached (gpointer user_data)
{
  IdleWait *wait = user_data;

  return wait->f->idle_count >= wait->count;
}

typedef struct
{
  DnevnikIdleMonitor *monitor;
  gint64              after;
} InputWait;

static gboolean
input_seen (gpointer user_data)
{
  InputWait *wait = user_data;

  return dnevnik_idle_monitor_get_last_input (wait->monitor) > wait->after;
}

static gboolean
entry_has_abc (gpointer user_data)
{
  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (user_data)), "abc") == 0;
}

static gboolean
entry_has_xyz (gpointer user_data)
{
  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (user_data)), "xyz") == 0;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = gtk_window_new ();
  f->entry = gtk_entry_new ();
  gtk_window_set_child (GTK_WINDOW (f->window), f->entry);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 300, 200);
  g_object_ref_sink (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (dnevnik_test_ui_wait_for (window_mapped, f->window, WAIT_MS));

  f->monitor = dnevnik_idle_monitor_new (INTERVAL);
  g_signal_connect (f->monitor, "idle", G_CALLBACK (on_idle_cb), f);
  dnevnik_idle_monitor_watch (f->monitor, GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->window);
  /* The monitor let go of the destroyed window. */
  g_assert_finalize_object (f->monitor);
}

/* The xid of the test's window, or NULL (and a skip) off X11. */
static char *
window_xid (Fixture *f)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->window));

  if (!GDK_IS_X11_SURFACE (surface))
    {
      g_test_skip ("xdotool needs an X11 display");
      return NULL;
    }

  return g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
}

static void
assert_not_early (Fixture *f)
{
  g_assert_cmpint (f->idle_at - f->input_at_idle, >=, (gint64) INTERVAL * G_USEC_PER_SEC);
}

static void
test_idle_without_input (Fixture       *f,
                         gconstpointer  data)
{
  IdleWait wait = { f, 1 };

  g_assert_true (dnevnik_test_ui_wait_for (idle_count_reached, &wait, WAIT_MS));
  assert_not_early (f);

  /* Once per idle period: without input, no second "idle". */
  dnevnik_test_ui_spin (INTERVAL * 2500);
  g_assert_cmpuint (f->idle_count, ==, 1);

  /* A reset (as after a sign-in) starts a new period. */
  dnevnik_idle_monitor_reset (f->monitor);
  wait.count = 2;
  g_assert_true (dnevnik_test_ui_wait_for (idle_count_reached, &wait, WAIT_MS));
  assert_not_early (f);
}

static void
test_real_input_resets (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *xid = window_xid (f);
  IdleWait wait = { f, 1 };
  InputWait input = { f->monitor, 0 };
  gint64 typed_at;

  if (xid == NULL)
    return;

  dnevnik_test_ui_xdotool ("windowfocus", "--sync", xid, NULL);
  g_assert_true (dnevnik_test_ui_wait_for (idle_count_reached, &wait, WAIT_MS));

  /* Keys: GTK delivers them, the monitor sees them, and the next "idle"
   * counts from the last of them. */
  input.after = dnevnik_idle_monitor_get_last_input (f->monitor);
  dnevnik_test_ui_xdotool ("type", "--delay", "50", "abc", NULL);
  g_assert_true (dnevnik_test_ui_wait_for (input_seen, &input, WAIT_MS));
  g_assert_true (dnevnik_test_ui_wait_for (entry_has_abc, f->entry, WAIT_MS));
  typed_at = dnevnik_idle_monitor_get_last_input (f->monitor);

  wait.count = 2;
  g_assert_true (dnevnik_test_ui_wait_for (idle_count_reached, &wait, WAIT_MS));
  assert_not_early (f);
  g_assert_cmpint (f->input_at_idle, >=, typed_at);

  /* Pointer motion and a click count too. */
  input.after = dnevnik_idle_monitor_get_last_input (f->monitor);
  dnevnik_test_ui_xdotool ("mousemove", "--window", xid, "20", "20", "mousemove", "--window", xid, "60", "40", NULL);
  g_assert_true (dnevnik_test_ui_wait_for (input_seen, &input, WAIT_MS));
  input.after = dnevnik_idle_monitor_get_last_input (f->monitor);
  dnevnik_test_ui_xdotool ("click", "1", NULL);
  g_assert_true (dnevnik_test_ui_wait_for (input_seen, &input, WAIT_MS));

  wait.count = 3;
  g_assert_true (dnevnik_test_ui_wait_for (idle_count_reached, &wait, WAIT_MS));
  assert_not_early (f);
  g_assert_cmpint (f->input_at_idle, >, input.after);
}

static void
test_off_and_unwatched (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *xid = NULL;
  gint64 before;

  /* Interval 0: off. */
  dnevnik_idle_monitor_set_interval (f->monitor, 0);
  dnevnik_test_ui_spin (INTERVAL * 2500);
  g_assert_cmpuint (f->idle_count, ==, 0);

  /* An unwatched window's input does not count. */
  xid = window_xid (f);
  if (xid == NULL)
    return;
  dnevnik_idle_monitor_unwatch (f->monitor, GTK_WINDOW (f->window));
  before = dnevnik_idle_monitor_get_last_input (f->monitor);
  dnevnik_test_ui_xdotool ("windowfocus", "--sync", xid, NULL);
  dnevnik_test_ui_xdotool ("type", "--delay", "50", "xyz", NULL);
  g_assert_true (dnevnik_test_ui_wait_for (entry_has_xyz, f->entry, WAIT_MS));
  g_assert_cmpint (dnevnik_idle_monitor_get_last_input (f->monitor), ==, before);
}

int
main (int   argc,
      char *argv[])
{
  dnevnik_test_ui_init (&argc, &argv, NULL);

  g_test_add ("/idle-monitor/idle-without-input", Fixture, NULL,
              fixture_set_up, test_idle_without_input, fixture_tear_down);
  g_test_add ("/idle-monitor/real-input-resets", Fixture, NULL,
              fixture_set_up, test_real_input_resets, fixture_tear_down);
  g_test_add ("/idle-monitor/off-and-unwatched", Fixture, NULL,
              fixture_set_up, test_off_and_unwatched, fixture_tear_down);

  return g_test_run ();
}
