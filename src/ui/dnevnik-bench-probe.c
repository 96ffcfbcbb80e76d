/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dnevnik-bench-probe.h"

/* Probes for the start-up benchmark (tests/bench).  With
 * DNEVNIK_BENCH_FIRST_FRAME=1 a watched widget prints
 *
 *   dnevnik-bench: WHAT TIME cpu CPU hwm KIB
 *
 * after the first frame its frame clock paints while its check holds (no
 * check: the first frame).  TIME is µs of g_get_monotonic_time(), a clock
 * every process shares; CPU is the µs of CPU time the whole process has
 * used by then (all its threads), a figure a busy machine disturbs less
 * than the wall clock; KIB is the peak resident memory so far (VmHWM).
 * Without the variable nothing is connected and
 * nothing else changes.  DNEVNIK_BENCH_EXIT_AFTER=WHAT also ends the
 * process right after the probe WHAT, so that a profiler (callgrind)
 * counts exactly the start-up up to it; DNEVNIK_BENCH_STOP_AFTER=WHAT
 * stops it there, so that a screenshot shows exactly that frame. */

typedef struct
{
  GtkWidget              *widget;  /* owns the probe */
  char                   *what;
  DnevnikBenchProbeCheck  check;
  gulong                  paint_id;
  GdkFrameClock          *clock;
  gboolean                done;
} Probe;

static void
probe_free (gpointer data)
{
  Probe *probe = data;

  if (probe->clock != NULL)
    g_clear_signal_handler (&probe->paint_id, probe->clock);
  g_clear_object (&probe->clock);
  g_free (probe->what);
  g_free (probe);
}

static gint64
process_cpu_us (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
    return -1;

  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* The peak resident memory so far, in KiB; -1 if unknown. */
static gint64
peak_memory_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return -1;

  return g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Probe         *probe)
{
  if (probe->check != NULL && !probe->check (probe->widget))
    return;

  probe->done = TRUE;
  g_print ("dnevnik-bench: %s %" G_GINT64_FORMAT " cpu %" G_GINT64_FORMAT " hwm %" G_GINT64_FORMAT "\n",
           probe->what, g_get_monotonic_time (), process_cpu_us (), peak_memory_kib ());
  g_clear_signal_handler (&probe->paint_id, probe->clock);

  fflush (stdout);

  /* For a profiler's run (e.g. callgrind): what it counts ends here. */
  if (g_strcmp0 (g_getenv ("DNEVNIK_BENCH_EXIT_AFTER"), probe->what) == 0)
    _exit (0);

  /* For a screenshot of exactly this frame: the X server keeps showing it
   * while the process is stopped (SIGCONT or SIGKILL it afterwards). */
  if (g_strcmp0 (g_getenv ("DNEVNIK_BENCH_STOP_AFTER"), probe->what) == 0)
    raise (SIGSTOP);
}

static void
on_realize_cb (GtkWidget *widget,
               Probe     *probe)
{
  if (probe->done || probe->clock != NULL)
    return;

  probe->clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  probe->paint_id = g_signal_connect (probe->clock, "after-paint", G_CALLBACK (on_after_paint_cb), probe);
}

/**
 * dnevnik_bench_probe_enabled:
 *
 * Returns: whether the benchmark asked for probes
 */
gboolean
dnevnik_bench_probe_enabled (void)
{
  return g_strcmp0 (g_getenv ("DNEVNIK_BENCH_FIRST_FRAME"), "1") == 0;
}

/**
 * dnevnik_bench_probe_watch:
 * @widget: a widget that is not realized yet, e.g. a window being built
 * @what: the probe's name, e.g. "first-frame"
 * @check: (nullable): what must hold in a painted frame
 *
 * Prints the probe line once, after the first frame painted while @check
 * holds.  Does nothing unless dnevnik_bench_probe_enabled().
 */
void
dnevnik_bench_probe_watch (GtkWidget              *widget,
                           const char             *what,
                           DnevnikBenchProbeCheck  check)
{
  g_autofree char *key = NULL;
  Probe *probe;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (what != NULL);

  if (!dnevnik_bench_probe_enabled ())
    return;

  probe = g_new0 (Probe, 1);
  probe->widget = widget;
  probe->what = g_strdup (what);
  probe->check = check;
  key = g_strconcat ("dnevnik-bench-probe-", what, NULL);
  g_object_set_data_full (G_OBJECT (widget), key, probe, probe_free);
  g_signal_connect (widget, "realize", G_CALLBACK (on_realize_cb), probe);
}
