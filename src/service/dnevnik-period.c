/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-period.h"

struct _DnevnikPeriod
{
  GObject parent_instance;

  char  *id;
  char  *title;
  GDate *start;
  GDate *end;
};

G_DEFINE_FINAL_TYPE (DnevnikPeriod, dnevnik_period, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_START,
  PROP_END,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dnevnik_period_finalize (GObject *object)
{
  DnevnikPeriod *self = (DnevnikPeriod *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->start, g_date_free);
  g_clear_pointer (&self->end, g_date_free);

  G_OBJECT_CLASS (dnevnik_period_parent_class)->finalize (object);
}

static void
dnevnik_period_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DnevnikPeriod *self = DNEVNIK_PERIOD (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_START:
      g_value_set_boxed (value, self->start);
      break;

    case PROP_END:
      g_value_set_boxed (value, self->end);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_period_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DnevnikPeriod *self = DNEVNIK_PERIOD (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;

    case PROP_START:
      self->start = g_value_dup_boxed (value);
      break;

    case PROP_END:
      self->end = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_period_class_init (DnevnikPeriodClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dnevnik_period_finalize;
  object_class->get_property = dnevnik_period_get_property;
  object_class->set_property = dnevnik_period_set_property;

  /**
   * DnevnikPeriod:id:
   *
   * The server's id of the period, e.g. “2026-q2”: what
   * dnevnik_service_load_marks_async() takes.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikPeriod:title:
   *
   * The school's name of the period, e.g. “2 четверть”.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikPeriod:start:
   *
   * The first day of the period.
   */
  properties[PROP_START] =
    g_param_spec_boxed ("start", NULL, NULL,
                        G_TYPE_DATE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikPeriod:end:
   *
   * The last day of the period, not before #DnevnikPeriod:start.
   */
  properties[PROP_END] =
    g_param_spec_boxed ("end", NULL, NULL,
                        G_TYPE_DATE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
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
