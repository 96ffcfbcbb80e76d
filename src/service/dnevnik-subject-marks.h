/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DnevnikSubjectMarks:
 *
 * One subject's marks in one period: the marks in order of date (a
 * #GListModel of #DnevnikMark with dates, ids and control forms) and,
 * once the school has set it, the period's final mark.
 *
 * An immutable model object made by #DnevnikService; the average is not
 * stored: dnevnik_mark_tally_add_model() (dnevnik-mark-math.h) computes it
 * from the marks, by the one definition the whole app uses.
 */
#define DNEVNIK_TYPE_SUBJECT_MARKS (dnevnik_subject_marks_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikSubjectMarks, dnevnik_subject_marks, DNEVNIK, SUBJECT_MARKS, GObject)

const char          *dnevnik_subject_marks_get_subject (DnevnikSubjectMarks *self);
GListModel          *dnevnik_subject_marks_get_marks   (DnevnikSubjectMarks *self);
const char          *dnevnik_subject_marks_get_final   (DnevnikSubjectMarks *self);

G_END_DECLS
