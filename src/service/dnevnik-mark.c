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
};

G_DEFINE_FINAL_TYPE (DnevnikMark, dnevnik_mark, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VALUE,
  PROP_WEIGHT,
  PROP_COMMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dnevnik_mark_finalize (GObject *object)
{
  DnevnikMark *self = (DnevnikMark *) object;

  g_clear_pointer (&self->value, g_free);
  g_clear_pointer (&self->comment, g_free);

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
