/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dnevnik-mark.h"
#include "dnevnik-subject-marks.h"

G_BEGIN_DECLS

char      *dnevnik_marks_format_number   (double       value);
char      *dnevnik_marks_format_mark     (DnevnikMark *mark);
char      *dnevnik_marks_describe_mark   (DnevnikMark *mark);
GtkWidget *dnevnik_marks_chip_new        (DnevnikMark *mark);
char      *dnevnik_marks_describe_outcome (DnevnikSubjectMarks *subject,
                                           double               round_up_from,
                                           gboolean             has_average,
                                           double               average);

G_END_DECLS
