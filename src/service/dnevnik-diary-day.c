/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-diary-day.h"
#include "dnevnik-lesson.h"

struct _DnevnikDiaryDay
{
  GObject parent_instance;

  GDate date;
  gboolean holiday;
  GListModel *lessons;
};

G_DEFINE_FINAL_TYPE (DnevnikDiaryDay, dnevnik_diary_day, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATE,
  PROP_HOLIDAY,
  PROP_LESSONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dnevnik_diary_day_finalize (GObject *object)
{
  DnevnikDiaryDay *self = (DnevnikDiaryDay *) object;

  g_clear_object (&self->lessons);

  G_OBJECT_CLASS (dnevnik_diary_day_parent_class)->finalize (object);
}

static void
dnevnik_diary_day_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DnevnikDiaryDay *self = DNEVNIK_DIARY_DAY (object);

  switch (prop_id)
    {
    case PROP_DATE:
      g_value_set_boxed (value, g_date_valid (&self->date) ? &self->date : NULL);
      break;

    case PROP_HOLIDAY:
      g_value_set_boolean (value, self->holiday);
      break;

    case PROP_LESSONS:
      g_value_set_object (value, self->lessons);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_diary_day_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DnevnikDiaryDay *self = DNEVNIK_DIARY_DAY (object);

  switch (prop_id)
    {
    case PROP_DATE:
      if (g_value_get_boxed (value) != NULL)
        self->date = *(const GDate *) g_value_get_boxed (value);
      break;

    case PROP_HOLIDAY:
      self->holiday = g_value_get_boolean (value);
      break;

    case PROP_LESSONS:
      self->lessons = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

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
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dnevnik_diary_day_finalize;
  object_class->get_property = dnevnik_diary_day_get_property;
  object_class->set_property = dnevnik_diary_day_set_property;
  object_class->constructed = dnevnik_diary_day_constructed;

  /**
   * DnevnikDiaryDay:date:
   *
   * The date.
   */
  properties[PROP_DATE] =
    g_param_spec_boxed ("date", NULL, NULL,
                        G_TYPE_DATE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikDiaryDay:holiday:
   *
   * Whether the day is a holiday (its lessons are then usually empty).
   */
  properties[PROP_HOLIDAY] =
    g_param_spec_boolean ("holiday", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikDiaryDay:lessons:
   *
   * The lessons in order (#DnevnikLesson).
   */
  properties[PROP_LESSONS] =
    g_param_spec_object ("lessons", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
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
