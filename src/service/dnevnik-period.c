/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-period.h"
#include "dnevnik-model.h"

struct _DnevnikPeriod
{
  GObject parent_instance;

  char  *id;
  char  *title;
  GDate *start;
  GDate *end;
};

G_DEFINE_FINAL_TYPE (DnevnikPeriod, dnevnik_period, G_TYPE_OBJECT)

/* The properties, every one construct-only. */
static const DnevnikModelField fields[] = {
  /**
   * DnevnikPeriod:id:
   *
   * The server's id of the period, e.g. “2026-q2”: what
   * dnevnik_service_load_marks_async() takes.
   */
  { "id", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikPeriod, id) },

  /**
   * DnevnikPeriod:title:
   *
   * The school's name of the period, e.g. “2 четверть”.
   */
  { "title", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikPeriod, title) },

  /**
   * DnevnikPeriod:start:
   *
   * The first day of the period.
   */
  { "start", DNEVNIK_MODEL_BOXED, G_STRUCT_OFFSET (DnevnikPeriod, start), g_date_get_type },

  /**
   * DnevnikPeriod:end:
   *
   * The last day of the period, not before #DnevnikPeriod:start.
   */
  { "end", DNEVNIK_MODEL_BOXED, G_STRUCT_OFFSET (DnevnikPeriod, end), g_date_get_type },
};

static void
dnevnik_period_class_init (DnevnikPeriodClass *klass)
{
  dnevnik_model_class_install (G_OBJECT_CLASS (klass), fields, G_N_ELEMENTS (fields),
                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY, NULL);
}

static void
dnevnik_period_init (DnevnikPeriod *self)
{
}

/**
 * dnevnik_period_get_id:
 * @self: a #DnevnikPeriod
 *
 * Returns: (transfer none): the server's id of the period
 */
const char *
dnevnik_period_get_id (DnevnikPeriod *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PERIOD (self), NULL);

  return self->id;
}

/**
 * dnevnik_period_get_title:
 * @self: a #DnevnikPeriod
 *
 * Returns: (transfer none): the school's name of the period
 */
const char *
dnevnik_period_get_title (DnevnikPeriod *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PERIOD (self), NULL);

  return self->title;
}

/**
 * dnevnik_period_get_start:
 * @self: a #DnevnikPeriod
 *
 * Returns: (transfer none): the first day
 */
const GDate *
dnevnik_period_get_start (DnevnikPeriod *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PERIOD (self), NULL);

  return self->start;
}

/**
 * dnevnik_period_get_end:
 * @self: a #DnevnikPeriod
 *
 * Returns: (transfer none): the last day
 */
const GDate *
dnevnik_period_get_end (DnevnikPeriod *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PERIOD (self), NULL);

  return self->end;
}

/**
 * dnevnik_period_contains:
 * @self: a #DnevnikPeriod
 * @date: a valid date
 *
 * Returns: whether @date is in the period (its first and last day
 *   included): the period to show first is the one of today
 */
gboolean
dnevnik_period_contains (DnevnikPeriod *self,
                         const GDate   *date)
{
  g_return_val_if_fail (DNEVNIK_IS_PERIOD (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  return g_date_compare (self->start, date) <= 0 && g_date_compare (date, self->end) <= 0;
}
