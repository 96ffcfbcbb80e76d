/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

/* dnevnik-bench-exec PROGRAM [ARG…]
 *
 * Prints "dnevnik-bench: exec TIME pid PID" (TIME: the monotonic clock in
 * µs, the clock g_get_monotonic_time() reads in every process) and becomes
 * PROGRAM with the same process id.  The start-up benchmark runs it as the
 * last step inside each launch's own D-Bus session, so that its figures
 * start at the exec of the program measured and not at the set-up of the
 * bus and keyring around it. */
int
main (int   argc,
      char *argv[])
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: %s PROGRAM [ARG…]\n", argv[0]);
      return 2;
    }

  printf ("dnevnik-bench: exec %" G_GINT64_FORMAT " pid %d\n", g_get_monotonic_time (), (int) getpid ());
  fflush (stdout);

  execvp (argv[1], argv + 1);
  fprintf (stderr, "%s: cannot run %s: %s\n", argv[0], argv[1], strerror (errno));
  return 127;
}
