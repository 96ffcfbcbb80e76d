/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DNEVNIK_TYPE_MARKS_CHART (dnevnik_marks_chart_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikMarksChart, dnevnik_marks_chart, DNEVNIK, MARKS_CHART, GtkWidget)

GtkWidget    *dnevnik_marks_chart_new          (void);
void          dnevnik_marks_chart_set_marks    (DnevnikMarksChart *self,
                                                GListModel        *marks);
const double *dnevnik_marks_chart_get_averages (DnevnikMarksChart *self,
                                                guint             *n_averages);

G_END_DECLS
