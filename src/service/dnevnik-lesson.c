/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-lesson.h"
#include "dnevnik-mark.h"
#include "dnevnik-model.h"

struct _DnevnikLesson
{
  GObject parent_instance;

  char *id;
  int number;
  char *subject;
  char *start_time;
  char *end_time;
  char *room;
  char *teacher;
  GStrv homework;
  GListModel *marks;
};

G_DEFINE_FINAL_TYPE (DnevnikLesson, dnevnik_lesson, G_TYPE_OBJECT)

/* The properties, every one construct-only. */
static const DnevnikModelField fields[] = {
  /**
   * DnevnikLesson:id:
   *
   * The server's id of the lesson.
   */
  { "id", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikLesson, id) },

  /**
   * DnevnikLesson:number:
   *
   * The lesson's number in the day, from 1.
   */
  { "number", DNEVNIK_MODEL_INT, G_STRUCT_OFFSET (DnevnikLesson, number), NULL, 0, G_MAXINT, 0 },

  /**
   * DnevnikLesson:subject:
   *
   * The subject.
   */
  { "subject", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikLesson, subject) },

  /**
   * DnevnikLesson:start-time:
   *
   * When it starts, `HH:MM`.
   */
  { "start-time", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikLesson, start_time) },

  /**
   * DnevnikLesson:end-time:
   *
   * When it ends, `HH:MM`.
   */
  { "end-time", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikLesson, end_time) },

  /**
   * DnevnikLesson:room:
   *
   * The room, or %NULL.
   */
  { "room", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikLesson, room) },

  /**
   * DnevnikLesson:teacher:
   *
   * The teacher's full name, or %NULL.
   */
  { "teacher", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikLesson, teacher) },

  /**
   * DnevnikLesson:homework:
   *
   * The homework, one string per task (possibly none).
   */
  { "homework", DNEVNIK_MODEL_BOXED, G_STRUCT_OFFSET (DnevnikLesson, homework), g_strv_get_type },

  /**
   * DnevnikLesson:marks:
   *
   * The marks given (#DnevnikMark).
   */
  { "marks", DNEVNIK_MODEL_OBJECT, G_STRUCT_OFFSET (DnevnikLesson, marks), g_list_model_get_type },
};

static void
dnevnik_lesson_constructed (GObject *object)
{
  DnevnikLesson *self = (DnevnikLesson *) object;

  G_OBJECT_CLASS (dnevnik_lesson_parent_class)->constructed (object);

  /* Lists are never NULL, so that views can bind to them unconditionally. */
  if (self->homework == NULL)
    self->homework = g_new0 (char *, 1);
  if (self->marks == NULL)
    self->marks = G_LIST_MODEL (g_list_store_new (DNEVNIK_TYPE_MARK));
}

static void
dnevnik_lesson_class_init (DnevnikLessonClass *klass)
{
  dnevnik_model_class_install (G_OBJECT_CLASS (klass), fields, G_N_ELEMENTS (fields),
                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY, NULL);
  G_OBJECT_CLASS (klass)->constructed = dnevnik_lesson_constructed;
}

static void
dnevnik_lesson_init (DnevnikLesson *self)
{
}

/**
 * dnevnik_lesson_get_id:
 * @self: a #DnevnikLesson
 *
 * Returns: (transfer none): the server's id of the lesson.
 */
const char *
dnevnik_lesson_get_id (DnevnikLesson *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LESSON (self), NULL);

  return self->id;
}

/**
 * dnevnik_lesson_get_number:
 * @self: a #DnevnikLesson
 *
 * Returns: the lesson's number in the day, from 1.
 */
int
dnevnik_lesson_get_number (DnevnikLesson *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LESSON (self), 0);

  return self->number;
}

/**
 * dnevnik_lesson_get_subject:
 * @self: a #DnevnikLesson
 *
 * Returns: (transfer none): the subject.
 */
const char *
dnevnik_lesson_get_subject (DnevnikLesson *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LESSON (self), NULL);

  return self->subject;
}

/**
 * dnevnik_lesson_get_start_time:
 * @self: a #DnevnikLesson
 *
 * Returns: (transfer none): when it starts, `HH:MM`.
 */
const char *
dnevnik_lesson_get_start_time (DnevnikLesson *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LESSON (self), NULL);

  return self->start_time;
}

/**
 * dnevnik_lesson_get_end_time:
 * @self: a #DnevnikLesson
 *
 * Returns: (transfer none): when it ends, `HH:MM`.
 */
const char *
dnevnik_lesson_get_end_time (DnevnikLesson *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LESSON (self), NULL);

  return self->end_time;
}

/**
 * dnevnik_lesson_get_room:
 * @self: a #DnevnikLesson
 *
 * Returns: (transfer none) (nullable): the room, or %NULL.
 */
const char *
dnevnik_lesson_get_room (DnevnikLesson *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LESSON (self), NULL);

  return self->room;
}

/**
 * dnevnik_lesson_get_teacher:
 * @self: a #DnevnikLesson
 *
 * Returns: (transfer none) (nullable): the teacher's full name, or %NULL.
 */
const char *
dnevnik_lesson_get_teacher (DnevnikLesson *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LESSON (self), NULL);

  return self->teacher;
}

/**
 * dnevnik_lesson_get_homework:
 * @self: a #DnevnikLesson
 *
 * Returns: (transfer none): the homework, one string per task (possibly none).
 */
const char * const *
dnevnik_lesson_get_homework (DnevnikLesson *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LESSON (self), NULL);

  return (const char * const *) self->homework;
}

/**
 * dnevnik_lesson_get_marks:
 * @self: a #DnevnikLesson
 *
 * Returns: (transfer none): the marks given (#DnevnikMark).
 */
GListModel *
dnevnik_lesson_get_marks (DnevnikLesson *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LESSON (self), NULL);

  return self->marks;
}
