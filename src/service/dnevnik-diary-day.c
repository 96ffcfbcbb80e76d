/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-diary-day.h"
#include "dnevnik-lesson.h"
#include "dnevnik-model.h"

struct _DnevnikDiaryDay
{
  GObject parent_instance;

  GDate date;
  gboolean holiday;
  GListModel *lessons;
};

G_DEFINE_FINAL_TYPE (DnevnikDiaryDay, dnevnik_diary_day, G_TYPE_OBJECT)

/* The properties, every one construct-only. */
static const DnevnikModelField fields[] = {
  /**
   * DnevnikDiaryDay:date:
   *
   * The date.
   */
  { "date", DNEVNIK_MODEL_DATE, G_STRUCT_OFFSET (DnevnikDiaryDay, date) },

  /**
   * DnevnikDiaryDay:holiday:
   *
   * Whether the day is a holiday (its lessons are then usually empty).
   */
  { "holiday", DNEVNIK_MODEL_BOOLEAN, G_STRUCT_OFFSET (DnevnikDiaryDay, holiday) },

  /**
   * DnevnikDiaryDay:lessons:
   *
   * The lessons in order (#DnevnikLesson).
   */
  { "lessons", DNEVNIK_MODEL_OBJECT, G_STRUCT_OFFSET (DnevnikDiaryDay, lessons), g_list_model_get_type },
};

static void
dnevnik_diary_day_constructed (GObject *object)
{
  DnevnikDiaryDay *self = (DnevnikDiaryDay *) object;

  G_OBJECT_CLASS (dnevnik_diary_day_parent_class)->constructed (object);

  /* Lists are never NULL, so that views can bind to them unconditionally. */
  if (self->lessons == NULL)
    self->lessons = G_LIST_MODEL (g_list_store_new (DNEVNIK_TYPE_LESSON));
}

static void
dnevnik_diary_day_class_init (DnevnikDiaryDayClass *klass)
{
  dnevnik_model_class_install (G_OBJECT_CLASS (klass), fields, G_N_ELEMENTS (fields),
                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY, NULL);
  G_OBJECT_CLASS (klass)->constructed = dnevnik_diary_day_constructed;
}

static void
dnevnik_diary_day_init (DnevnikDiaryDay *self)
{
  g_date_clear (&self->date, 1);
}

/**
 * dnevnik_diary_day_get_date:
 * @self: a #DnevnikDiaryDay
 *
 * Returns: (transfer none) (nullable): the date.
 */
const GDate *
dnevnik_diary_day_get_date (DnevnikDiaryDay *self)
{
  g_return_val_if_fail (DNEVNIK_IS_DIARY_DAY (self), NULL);

  return g_date_valid (&self->date) ? &self->date : NULL;
}

/**
 * dnevnik_diary_day_get_holiday:
 * @self: a #DnevnikDiaryDay
 *
 * Returns: whether the day is a holiday (its lessons are then usually empty).
 */
gboolean
dnevnik_diary_day_get_holiday (DnevnikDiaryDay *self)
{
  g_return_val_if_fail (DNEVNIK_IS_DIARY_DAY (self), FALSE);

  return self->holiday;
}

/**
 * dnevnik_diary_day_get_lessons:
 * @self: a #DnevnikDiaryDay
 *
 * Returns: (transfer none): the lessons in order (#DnevnikLesson).
 */
GListModel *
dnevnik_diary_day_get_lessons (DnevnikDiaryDay *self)
{
  g_return_val_if_fail (DNEVNIK_IS_DIARY_DAY (self), NULL);

  return self->lessons;
}
