/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DnevnikLesson:
 *
 * One lesson of a diary day.
 *
 * An immutable model object made by #DnevnikService from a server reply;
 * every field is also a read-only property (construct-only), so lists of
 * them bind straight into list widgets.
 */
#define DNEVNIK_TYPE_LESSON (dnevnik_lesson_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikLesson, dnevnik_lesson, DNEVNIK, LESSON, GObject)

const char          *dnevnik_lesson_get_id (DnevnikLesson *self);
int                  dnevnik_lesson_get_number (DnevnikLesson *self);
const char          *dnevnik_lesson_get_subject (DnevnikLesson *self);
const char          *dnevnik_lesson_get_start_time (DnevnikLesson *self);
const char          *dnevnik_lesson_get_end_time (DnevnikLesson *self);
const char          *dnevnik_lesson_get_room (DnevnikLesson *self);
const char          *dnevnik_lesson_get_teacher (DnevnikLesson *self);
const char * const  *dnevnik_lesson_get_homework (DnevnikLesson *self);
GListModel          *dnevnik_lesson_get_marks (DnevnikLesson *self);

G_END_DECLS
