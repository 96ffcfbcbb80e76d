/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Waiting in tests and benchmarks without a GMainLoop of their own: each
 * helper spins the default main context (or the one it is given) until
 * the awaited thing has happened.  None of them measures time, so a slow
 * machine only makes a test slower; a bound, where there is one, only
 * stops a hang. */

void          dnevnik_test_loop_result_cb (GObject       *source,
                                           GAsyncResult  *result,
                                           gpointer       user_data);
GAsyncResult *dnevnik_test_loop_await     (GAsyncResult **result);
void          dnevnik_test_loop_spin      (guint          ms);
gboolean      dnevnik_test_loop_wait_for  (GMainContext  *context,
                                           GSourceFunc    condition,
                                           gpointer       user_data,
                                           guint          timeout_ms);
gboolean      dnevnik_test_loop_is_set    (gpointer       user_data);

G_END_DECLS
