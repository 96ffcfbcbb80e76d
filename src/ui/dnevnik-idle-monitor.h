/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DNEVNIK_TYPE_IDLE_MONITOR (dnevnik_idle_monitor_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikIdleMonitor, dnevnik_idle_monitor, DNEVNIK, IDLE_MONITOR, GObject)

DnevnikIdleMonitor *dnevnik_idle_monitor_new            (guint               interval);
guint               dnevnik_idle_monitor_get_interval   (DnevnikIdleMonitor *self);
void                dnevnik_idle_monitor_set_interval   (DnevnikIdleMonitor *self,
                                                         guint               interval);
gint64              dnevnik_idle_monitor_get_last_input (DnevnikIdleMonitor *self);
void                dnevnik_idle_monitor_watch          (DnevnikIdleMonitor *self,
                                                         GtkWindow          *window);
void                dnevnik_idle_monitor_unwatch        (DnevnikIdleMonitor *self,
                                                         GtkWindow          *window);
void                dnevnik_idle_monitor_reset          (DnevnikIdleMonitor *self);

G_END_DECLS
