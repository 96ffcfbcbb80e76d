/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * DnevnikBenchProbeCheck:
 * @widget: the widget the probe watches
 *
 * Returns: whether what the probe waits for is on the screen
 */
typedef gboolean (*DnevnikBenchProbeCheck) (GtkWidget *widget);

gboolean dnevnik_bench_probe_enabled (void);
void     dnevnik_bench_probe_watch   (GtkWidget              *widget,
                                      const char             *what,
                                      DnevnikBenchProbeCheck  check);

G_END_DECLS
