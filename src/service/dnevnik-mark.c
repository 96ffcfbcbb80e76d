/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-mark.h"

struct _DnevnikMark
{
  GObject parent_instance;

  char *value;
  int weight;
  char *comment;
  /* Only the marks of a period (GET /api/v1/marks) have these. */
  char *id;
  char *subject;
  char *control_form;
  GDate *date;
};

G_DEFINE_FINAL_TYPE (DnevnikMark, dnevnik_mark, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VALUE,
  PROP_WEIGHT,
  PROP_COMMENT,
  PROP_ID,
  PROP_SUBJECT,
  PROP_CONTROL_FORM,
  PROP_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dnevnik_mark_finalize (GObject *object)
{
  DnevnikMark *self = (DnevnikMark *) object;

  g_clear_pointer (&self->value, g_free);
  g_clear_pointer (&self->comment, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->control_form, g_free);
  g_clear_pointer (&self->date, g_date_free);

  G_OBJECT_CLASS (dnevnik_mark_parent_class)->finalize (object);
}

static void
dnevnik_mark_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DnevnikMark *self = DNEVNIK_MARK (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;

    case PROP_WEIGHT:
      g_value_set_int (value, self->weight);
      break;

    case PROP_COMMENT:
      g_value_set_string (value, self->comment);
      break;

    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;

    case PROP_CONTROL_FORM:
      g_value_set_string (value, self->control_form);
      break;

    case PROP_DATE:
      g_value_set_boxed (value, self->date);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_mark_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DnevnikMark *self = DNEVNIK_MARK (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      self->value = g_value_dup_string (value);
      break;

    case PROP_WEIGHT:
      self->weight = g_value_get_int (value);
      break;

    case PROP_COMMENT:
      self->comment = g_value_dup_string (value);
      break;

    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_SUBJECT:
      self->subject = g_value_dup_string (value);
      break;

    case PROP_CONTROL_FORM:
      self->control_form = g_value_dup_string (value);
      break;

    case PROP_DATE:
      self->date = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_mark_class_init (DnevnikMarkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dnevnik_mark_finalize;
  object_class->get_property = dnevnik_mark_get_property;
  object_class->set_property = dnevnik_mark_set_property;

  /**
   * DnevnikMark:value:
   *
   * The mark as the school writes it, e.g. “5” or “зачёт”.
   */
  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikMark:weight:
   *
   * How much the mark counts (1 when the server does not say).
   */
  properties[PROP_WEIGHT] =
    g_param_spec_int ("weight", NULL, NULL,
                      0, G_MAXINT, 1,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikMark:comment:
   *
   * What the mark was for, or %NULL.
   */
  properties[PROP_COMMENT] =
    g_param_spec_string ("comment", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikMark:id:
   *
   * What identifies the mark for good, or %NULL for a mark of a lesson:
   * new marks are told by it.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikMark:subject:
   *
   * The subject, e.g. “Алгебра”, or %NULL for a mark of a lesson.
   */
  properties[PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikMark:control-form:
   *
   * What kind of work was marked, e.g. “Контрольная работа”, or %NULL.
   */
  properties[PROP_CONTROL_FORM] =
    g_param_spec_string ("control-form", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikMark:date:
   *
   * The day the mark was given, or %NULL for a mark of a lesson (the
   * lesson has the date).
   */
  properties[PROP_DATE] =
    g_param_spec_boxed ("date", NULL, NULL,
                        G_TYPE_DATE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dnevnik_mark_init (DnevnikMark *self)
{
  self->weight = 1;
}

/**
 * dnevnik_mark_get_value:
 * @self: a #DnevnikMark
 *
 * Returns: (transfer none): the mark as the school writes it, e.g. “5” or “зачёт”.
 */
const char *
dnevnik_mark_get_value (DnevnikMark *self)
{
  g_return_val_if_fail (DNEVNIK_IS_MARK (self), NULL);

  return self->value;
}

/**
 * dnevnik_mark_get_weight:
 * @self: a #DnevnikMark
 *
 * Returns: how much the mark counts (1 when the server does not say).
 */
int
dnevnik_mark_get_weight (DnevnikMark *self)
{
  g_return_val_if_fail (DNEVNIK_IS_MARK (self), 0);

  return self->weight;
}

/**
 * dnevnik_mark_get_comment:
 * @self: a #DnevnikMark
 *
 * Returns: (transfer none) (nullable): what the mark was for, or %NULL.
 */
const char *
dnevnik_mark_get_comment (DnevnikMark *self)
{
  g_return_val_if_fail (DNEVNIK_IS_MARK (self), NULL);

  return self->comment;
}

/**
 * dnevnik_mark_get_id:
 * @self: a #DnevnikMark
 *
 * Returns: (transfer none) (nullable): what identifies the mark for good;
 *   %NULL for a mark of a lesson
 */
const char *
dnevnik_mark_get_id (DnevnikMark *self)
{
  g_return_val_if_fail (DNEVNIK_IS_MARK (self), NULL);

  return self->id;
}

/**
 * dnevnik_mark_get_subject:
 * @self: a #DnevnikMark
 *
 * Returns: (transfer none) (nullable): the subject; %NULL for a mark of a
 *   lesson
 */
const char *
dnevnik_mark_get_subject (DnevnikMark *self)
{
  g_return_val_if_fail (DNEVNIK_IS_MARK (self), NULL);

  return self->subject;
}

/**
 * dnevnik_mark_get_control_form:
 * @self: a #DnevnikMark
 *
 * Returns: (transfer none) (nullable): what kind of work was marked, e.g.
 *   “Контрольная работа”
 */
const char *
dnevnik_mark_get_control_form (DnevnikMark *self)
{
  g_return_val_if_fail (DNEVNIK_IS_MARK (self), NULL);

  return self->control_form;
}

/**
 * dnevnik_mark_get_date:
 * @self: a #DnevnikMark
 *
 * Returns: (transfer none) (nullable): the day the mark was given; %NULL
 *   for a mark of a lesson
 */
const GDate *
dnevnik_mark_get_date (DnevnikMark *self)
{
  g_return_val_if_fail (DNEVNIK_IS_MARK (self), NULL);

  return self->date;
}
