/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

/* The baseline of the start-up benchmark: a bare AdwApplicationWindow of
 * the main window's default size, started the way Dnevnik starts (an
 * AdwApplication that registers on the session bus).  It honours
 * DNEVNIK_BENCH_FIRST_FRAME=1 exactly as src/ui/dnevnik-bench-probe.c
 * does: "dnevnik-bench: first-frame TIME cpu CPU" on the first after-paint
 * of the window's frame clock, TIME in µs of g_get_monotonic_time(), CPU
 * the µs of CPU time the process has used. */

#define BARE_APP_ID APP_ID ".BenchBareWindow"

static void
on_after_paint_cb (GdkFrameClock *clock,
                   GtkWidget     *window)
{
  struct timespec cpu = { 0, };

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &cpu);
  g_print ("dnevnik-bench: first-frame %" G_GINT64_FORMAT " cpu %" G_GINT64_FORMAT "\n",
           g_get_monotonic_time (), (gint64) cpu.tv_sec * G_USEC_PER_SEC + cpu.tv_nsec / 1000);
  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, window);

  if (g_strcmp0 (g_getenv ("DNEVNIK_BENCH_EXIT_AFTER"), "first-frame") == 0)
    {
      fflush (stdout);
      _exit (0);
    }
}

static void
on_realize_cb (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (on_after_paint_cb), window, 0);
}

/* With --header-bar: the same window with what every app's first frame
 * carries at the least, an AdwHeaderBar with its title and close button
 * over an empty page.  The benchmark measures it as a second, information
 * baseline: the toolkit's own cost of a title and an icon. */
static gboolean opt_header_bar;

static void
on_activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));

  if (opt_header_bar)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *header_bar = adw_header_bar_new ();

      adw_header_bar_set_title_widget (ADW_HEADER_BAR (header_bar), adw_window_title_new ("Dnevnik", NULL));
      gtk_box_append (GTK_BOX (box), header_bar);
      adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
    }

  gtk_window_set_title (GTK_WINDOW (window), "Dnevnik benchmark baseline");
  /* The main window's default size (window-width/-height in the schema):
   * the software renderer's cost grows with the area it paints. */
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 720);

  if (g_strcmp0 (g_getenv ("DNEVNIK_BENCH_FIRST_FRAME"), "1") == 0)
    g_signal_connect (window, "realize", G_CALLBACK (on_realize_cb), NULL);

  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  if (argc > 1 && g_strcmp0 (argv[1], "--header-bar") == 0)
    {
      opt_header_bar = TRUE;
      argv[1] = argv[0];
      argc--;
      argv++;
    }

  app = adw_application_new (BARE_APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
