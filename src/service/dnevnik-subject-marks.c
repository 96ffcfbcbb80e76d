/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-mark.h"
#include "dnevnik-subject-marks.h"
#include "dnevnik-model.h"

struct _DnevnikSubjectMarks
{
  GObject parent_instance;

  char       *subject;
  GListModel *marks;
  char       *final;
};

G_DEFINE_FINAL_TYPE (DnevnikSubjectMarks, dnevnik_subject_marks, G_TYPE_OBJECT)

/* The properties, every one construct-only. */
static const DnevnikModelField fields[] = {
  /**
   * DnevnikSubjectMarks:subject:
   *
   * The subject, e.g. “Алгебра”.
   */
  { "subject", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikSubjectMarks, subject) },

  /**
   * DnevnikSubjectMarks:marks:
   *
   * The marks of the period, a #GListModel of #DnevnikMark in order of
   * date.
   */
  { "marks", DNEVNIK_MODEL_OBJECT, G_STRUCT_OFFSET (DnevnikSubjectMarks, marks), g_list_model_get_type },

  /**
   * DnevnikSubjectMarks:final:
   *
   * The period's final mark as the school set it, or %NULL while it has
   * not.
   */
  { "final", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikSubjectMarks, final) },
};

static void
dnevnik_subject_marks_constructed (GObject *object)
{
  DnevnikSubjectMarks *self = DNEVNIK_SUBJECT_MARKS (object);

  G_OBJECT_CLASS (dnevnik_subject_marks_parent_class)->constructed (object);

  /* A subject without marks still has a (empty) list to bind to. */
  if (self->marks == NULL)
    self->marks = G_LIST_MODEL (g_list_store_new (DNEVNIK_TYPE_MARK));
}

static void
dnevnik_subject_marks_class_init (DnevnikSubjectMarksClass *klass)
{
  dnevnik_model_class_install (G_OBJECT_CLASS (klass), fields, G_N_ELEMENTS (fields),
                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY, NULL);
  G_OBJECT_CLASS (klass)->constructed = dnevnik_subject_marks_constructed;
}

static void
dnevnik_subject_marks_init (DnevnikSubjectMarks *self)
{
}

/**
 * dnevnik_subject_marks_get_subject:
 * @self: a #DnevnikSubjectMarks
 *
 * Returns: (transfer none): the subject
 */
const char *
dnevnik_subject_marks_get_subject (DnevnikSubjectMarks *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SUBJECT_MARKS (self), NULL);

  return self->subject;
}

/**
 * dnevnik_subject_marks_get_marks:
 * @self: a #DnevnikSubjectMarks
 *
 * Returns: (transfer none): the marks, #DnevnikMark in order of date
 */
GListModel *
dnevnik_subject_marks_get_marks (DnevnikSubjectMarks *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SUBJECT_MARKS (self), NULL);

  return self->marks;
}

/**
 * dnevnik_subject_marks_get_final:
 * @self: a #DnevnikSubjectMarks
 *
 * Returns: (transfer none) (nullable): the final mark the school set for
 *   the period, or %NULL
 */
const char *
dnevnik_subject_marks_get_final (DnevnikSubjectMarks *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SUBJECT_MARKS (self), NULL);

  return self->final;
}
