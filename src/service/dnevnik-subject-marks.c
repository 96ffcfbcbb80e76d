/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-mark.h"
#include "dnevnik-subject-marks.h"

struct _DnevnikSubjectMarks
{
  GObject parent_instance;

  char       *subject;
  GListModel *marks;
  char       *final;
};

G_DEFINE_FINAL_TYPE (DnevnikSubjectMarks, dnevnik_subject_marks, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SUBJECT,
  PROP_MARKS,
  PROP_FINAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dnevnik_subject_marks_finalize (GObject *object)
{
  DnevnikSubjectMarks *self = (DnevnikSubjectMarks *) object;

  g_clear_pointer (&self->subject, g_free);
  g_clear_object (&self->marks);
  g_clear_pointer (&self->final, g_free);

  G_OBJECT_CLASS (dnevnik_subject_marks_parent_class)->finalize (object);
}

static void
dnevnik_subject_marks_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  DnevnikSubjectMarks *self = DNEVNIK_SUBJECT_MARKS (object);

  switch (prop_id)
    {
    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;

    case PROP_MARKS:
      g_value_set_object (value, self->marks);
      break;

    case PROP_FINAL:
      g_value_set_string (value, self->final);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_subject_marks_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  DnevnikSubjectMarks *self = DNEVNIK_SUBJECT_MARKS (object);

  switch (prop_id)
    {
    case PROP_SUBJECT:
      self->subject = g_value_dup_string (value);
      break;

    case PROP_MARKS:
      self->marks = g_value_dup_object (value);
      break;

    case PROP_FINAL:
      self->final = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

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
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dnevnik_subject_marks_finalize;
  object_class->constructed = dnevnik_subject_marks_constructed;
  object_class->get_property = dnevnik_subject_marks_get_property;
  object_class->set_property = dnevnik_subject_marks_set_property;

  /**
   * DnevnikSubjectMarks:subject:
   *
   * The subject, e.g. “Алгебра”.
   */
  properties[PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikSubjectMarks:marks:
   *
   * The marks of the period, a #GListModel of #DnevnikMark in order of
   * date.
   */
  properties[PROP_MARKS] =
    g_param_spec_object ("marks", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikSubjectMarks:final:
   *
   * The period's final mark as the school set it, or %NULL while it has
   * not.
   */
  properties[PROP_FINAL] =
    g_param_spec_string ("final", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
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
