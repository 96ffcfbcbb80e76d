/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include "dnevnik-test-loop.h"
#include "dnevnik-test-xdotool.h"

/* A bound on a hang, not a measure of speed. */
#define XDOTOOL_WAIT_MS 20000

static void
on_xdotool_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/**
 * dnevnik_test_xdotool_valist:
 * @context: (nullable): the main context that runs while xdotool does,
 *   %NULL for the default one (where GTK handles the events)
 * @first_arg: the first argument of xdotool
 * @args: the others, then %NULL
 *
 * Runs `xdotool` and waits until it has ended successfully, failing the
 * test if it has not after 20 seconds.  Its output is discarded: a TAP
 * test's standard output is its report.
 */
void
dnevnik_test_xdotool_valist (GMainContext *context,
                             const char   *first_arg,
                             va_list       args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  g_ptr_array_add (argv, (char *) "xdotool");
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  g_main_context_push_thread_default (context);
  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (process, NULL, on_xdotool_done_cb, &done);
  g_assert_true (dnevnik_test_loop_wait_for (context, dnevnik_test_loop_is_set, &done, XDOTOOL_WAIT_MS));
  g_main_context_pop_thread_default (context);
}
