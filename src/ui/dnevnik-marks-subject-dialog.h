/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dnevnik-subject-marks.h"

G_BEGIN_DECLS

#define DNEVNIK_TYPE_MARKS_SUBJECT_DIALOG (dnevnik_marks_subject_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikMarksSubjectDialog, dnevnik_marks_subject_dialog, DNEVNIK, MARKS_SUBJECT_DIALOG, AdwWindow)

GtkWidget  *dnevnik_marks_subject_dialog_new        (DnevnikSubjectMarks       *subject,
                                                     double                     round_up_from,
                                                     gboolean                   school_rule);
void        dnevnik_marks_subject_dialog_set_target (DnevnikMarksSubjectDialog *self,
                                                     int                        mark);
const char *dnevnik_marks_subject_dialog_get_answer (DnevnikMarksSubjectDialog *self);
GtkWidget  *dnevnik_marks_subject_dialog_get_chart  (DnevnikMarksSubjectDialog *self);

G_END_DECLS
