/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-lesson.h"
#include "dnevnik-mark.h"

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

enum {
  PROP_0,
  PROP_ID,
  PROP_NUMBER,
  PROP_SUBJECT,
  PROP_START_TIME,
  PROP_END_TIME,
  PROP_ROOM,
  PROP_TEACHER,
  PROP_HOMEWORK,
  PROP_MARKS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dnevnik_lesson_finalize (GObject *object)
{
  DnevnikLesson *self = (DnevnikLesson *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->start_time, g_free);
  g_clear_pointer (&self->end_time, g_free);
  g_clear_pointer (&self->room, g_free);
  g_clear_pointer (&self->teacher, g_free);
  g_clear_pointer (&self->homework, g_strfreev);
  g_clear_object (&self->marks);

  G_OBJECT_CLASS (dnevnik_lesson_parent_class)->finalize (object);
}

static void
dnevnik_lesson_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DnevnikLesson *self = DNEVNIK_LESSON (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NUMBER:
      g_value_set_int (value, self->number);
      break;

    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;

    case PROP_START_TIME:
      g_value_set_string (value, self->start_time);
      break;

    case PROP_END_TIME:
      g_value_set_string (value, self->end_time);
      break;

    case PROP_ROOM:
      g_value_set_string (value, self->room);
      break;

    case PROP_TEACHER:
      g_value_set_string (value, self->teacher);
      break;

    case PROP_HOMEWORK:
      g_value_set_boxed (value, self->homework);
      break;

    case PROP_MARKS:
      g_value_set_object (value, self->marks);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_lesson_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DnevnikLesson *self = DNEVNIK_LESSON (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_NUMBER:
      self->number = g_value_get_int (value);
      break;

    case PROP_SUBJECT:
      self->subject = g_value_dup_string (value);
      break;

    case PROP_START_TIME:
      self->start_time = g_value_dup_string (value);
      break;

    case PROP_END_TIME:
      self->end_time = g_value_dup_string (value);
      break;

    case PROP_ROOM:
      self->room = g_value_dup_string (value);
      break;

    case PROP_TEACHER:
      self->teacher = g_value_dup_string (value);
      break;

    case PROP_HOMEWORK:
      self->homework = g_value_dup_boxed (value);
      break;

    case PROP_MARKS:
      self->marks = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

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
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dnevnik_lesson_finalize;
  object_class->get_property = dnevnik_lesson_get_property;
  object_class->set_property = dnevnik_lesson_set_property;
  object_class->constructed = dnevnik_lesson_constructed;

  /**
   * DnevnikLesson:id:
   *
   * The server's id of the lesson.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLesson:number:
   *
   * The lesson's number in the day, from 1.
   */
  properties[PROP_NUMBER] =
    g_param_spec_int ("number", NULL, NULL,
                      0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLesson:subject:
   *
   * The subject.
   */
  properties[PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLesson:start-time:
   *
   * When it starts, `HH:MM`.
   */
  properties[PROP_START_TIME] =
    g_param_spec_string ("start-time", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLesson:end-time:
   *
   * When it ends, `HH:MM`.
   */
  properties[PROP_END_TIME] =
    g_param_spec_string ("end-time", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLesson:room:
   *
   * The room, or %NULL.
   */
  properties[PROP_ROOM] =
    g_param_spec_string ("room", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLesson:teacher:
   *
   * The teacher's full name, or %NULL.
   */
  properties[PROP_TEACHER] =
    g_param_spec_string ("teacher", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLesson:homework:
   *
   * The homework, one string per task (possibly none).
   */
  properties[PROP_HOMEWORK] =
    g_param_spec_boxed ("homework", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLesson:marks:
   *
   * The marks given (#DnevnikMark).
   */
  properties[PROP_MARKS] =
    g_param_spec_object ("marks", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
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
