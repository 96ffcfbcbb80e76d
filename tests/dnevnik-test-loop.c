/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include "dnevnik-test-loop.h"

/* Sets the flag @user_data points to, once. */
static gboolean
on_flag_timeout_cb (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * dnevnik_test_loop_result_cb:
 * @source: the source object of the call
 * @result: its result
 * @user_data: a `GAsyncResult **` that is %NULL until now
 *
 * A #GAsyncReadyCallback that keeps a reference to @result in the slot
 * @user_data points to, for dnevnik_test_loop_await().  A slot that is
 * already set means a call completed twice: that fails the test.
 */
void
dnevnik_test_loop_result_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

/**
 * dnevnik_test_loop_await:
 * @result: a slot given to dnevnik_test_loop_result_cb()
 *
 * Spins the default main context until @result is set.
 *
 * Returns: (transfer none): *@result, still owned by the slot
 */
GAsyncResult *
dnevnik_test_loop_await (GAsyncResult **result)
{
  g_return_val_if_fail (result != NULL, NULL);

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

/**
 * dnevnik_test_loop_spin:
 * @ms: how long
 *
 * Lets wall-clock time pass (past a token's expiry, between polls) while
 * the default main context runs.  Used to set a situation up, never to
 * assert on timing.
 */
void
dnevnik_test_loop_spin (guint ms)
{
  gboolean elapsed = FALSE;

  g_timeout_add (ms, on_flag_timeout_cb, &elapsed);
  while (!elapsed)
    g_main_context_iteration (NULL, TRUE);
}

/**
 * dnevnik_test_loop_wait_for:
 * @context: (nullable): the main context to run, %NULL for the default one
 * @condition: checked before each iteration of @context
 * @user_data: passed to @condition
 * @timeout_ms: how long to wait at most
 *
 * Spins @context until @condition returns %TRUE, for at most
 * @timeout_ms: a bound on a hang, not a measure of speed.
 *
 * Returns: whether @condition became true in time
 */
gboolean
dnevnik_test_loop_wait_for (GMainContext *context,
                            GSourceFunc   condition,
                            gpointer      user_data,
                            guint         timeout_ms)
{
  g_autoptr(GSource) timeout = g_timeout_source_new (timeout_ms);
  gboolean timed_out = FALSE;
  gboolean met;

  g_source_set_callback (timeout, on_flag_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, context);

  while (!(met = condition (user_data)) && !timed_out)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timeout);
  return met;
}

/**
 * dnevnik_test_loop_is_set:
 * @user_data: a `gboolean *`
 *
 * A condition for dnevnik_test_loop_wait_for(): whether the flag is set.
 */
gboolean
dnevnik_test_loop_is_set (gpointer user_data)
{
  return *(gboolean *) user_data;
}
