/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-mark.h"
#include "dnevnik-model.h"

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

/* The properties, every one construct-only. */
static const DnevnikModelField fields[] = {
  /**
   * DnevnikMark:value:
   *
   * The mark as the school writes it, e.g. “5” or “зачёт”.
   */
  { "value", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikMark, value) },

  /**
   * DnevnikMark:weight:
   *
   * How much the mark counts (1 when the server does not say).
   */
  { "weight", DNEVNIK_MODEL_INT, G_STRUCT_OFFSET (DnevnikMark, weight), NULL, 0, G_MAXINT, 1 },

  /**
   * DnevnikMark:comment:
   *
   * What the mark was for, or %NULL.
   */
  { "comment", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikMark, comment) },

  /**
   * DnevnikMark:id:
   *
   * What identifies the mark for good, or %NULL for a mark of a lesson:
   * new marks are told by it.
   */
  { "id", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikMark, id) },

  /**
   * DnevnikMark:subject:
   *
   * The subject, e.g. “Алгебра”, or %NULL for a mark of a lesson.
   */
  { "subject", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikMark, subject) },

  /**
   * DnevnikMark:control-form:
   *
   * What kind of work was marked, e.g. “Контрольная работа”, or %NULL.
   */
  { "control-form", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikMark, control_form) },

  /**
   * DnevnikMark:date:
   *
   * The day the mark was given, or %NULL for a mark of a lesson (the
   * lesson has the date).
   */
  { "date", DNEVNIK_MODEL_BOXED, G_STRUCT_OFFSET (DnevnikMark, date), g_date_get_type },
};

static void
dnevnik_mark_class_init (DnevnikMarkClass *klass)
{
  dnevnik_model_class_install (G_OBJECT_CLASS (klass), fields, G_N_ELEMENTS (fields),
                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY, NULL);
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
