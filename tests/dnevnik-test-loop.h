/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Waiting in tests and benchmarks without a GMainLoop of their own: each
 * helper spins the default main context until the awaited thing has
 * happened.  None of them measures time, so a slow machine only makes a
 * test slower. */

void          dnevnik_test_loop_result_cb (GObject       *source,
                                           GAsyncResult  *result,
                                           gpointer       user_data);
GAsyncResult *dnevnik_test_loop_await     (GAsyncResult **result);
void          dnevnik_test_loop_spin      (guint          ms);

G_END_DECLS
