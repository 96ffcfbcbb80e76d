/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-achievement.h"

struct _DnevnikAchievement
{
  GObject parent_instance;

  char *id;
  char *title;
  GDate date;
  char *level;
  char *kind;
};

G_DEFINE_FINAL_TYPE (DnevnikAchievement, dnevnik_achievement, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_DATE,
  PROP_LEVEL,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dnevnik_achievement_finalize (GObject *object)
{
  DnevnikAchievement *self = (DnevnikAchievement *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->level, g_free);
  g_clear_pointer (&self->kind, g_free);

  G_OBJECT_CLASS (dnevnik_achievement_parent_class)->finalize (object);
}

static void
dnevnik_achievement_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DnevnikAchievement *self = DNEVNIK_ACHIEVEMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_DATE:
      g_value_set_boxed (value, g_date_valid (&self->date) ? &self->date : NULL);
      break;

    case PROP_LEVEL:
      g_value_set_string (value, self->level);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_achievement_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DnevnikAchievement *self = DNEVNIK_ACHIEVEMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;

    case PROP_DATE:
      if (g_value_get_boxed (value) != NULL)
        self->date = *(const GDate *) g_value_get_boxed (value);
      break;

    case PROP_LEVEL:
      self->level = g_value_dup_string (value);
      break;

    case PROP_KIND:
      self->kind = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_achievement_class_init (DnevnikAchievementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dnevnik_achievement_finalize;
  object_class->get_property = dnevnik_achievement_get_property;
  object_class->set_property = dnevnik_achievement_set_property;

  /**
   * DnevnikAchievement:id:
   *
   * The server's id of the achievement.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikAchievement:title:
   *
   * The title.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikAchievement:date:
   *
   * When it was achieved.
   */
  properties[PROP_DATE] =
    g_param_spec_boxed ("date", NULL, NULL,
                        G_TYPE_DATE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikAchievement:level:
   *
   * One of `school`, `district`, `city`, `regional`, `national`, `international` (or a newer value).
   */
  properties[PROP_LEVEL] =
    g_param_spec_string ("level", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikAchievement:kind:
   *
   * One of `olympiad`, `competition`, `sport`, `creative`, `project`, `volunteering` (or a newer value).
   */
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dnevnik_achievement_init (DnevnikAchievement *self)
{
  g_date_clear (&self->date, 1);
}

/**
 * dnevnik_achievement_get_id:
 * @self: a #DnevnikAchievement
 *
 * Returns: (transfer none): the server's id of the achievement.
 */
const char *
dnevnik_achievement_get_id (DnevnikAchievement *self)
{
  g_return_val_if_fail (DNEVNIK_IS_ACHIEVEMENT (self), NULL);

  return self->id;
}

/**
 * dnevnik_achievement_get_title:
 * @self: a #DnevnikAchievement
 *
 * Returns: (transfer none): the title.
 */
const char *
dnevnik_achievement_get_title (DnevnikAchievement *self)
{
  g_return_val_if_fail (DNEVNIK_IS_ACHIEVEMENT (self), NULL);

  return self->title;
}

/**
 * dnevnik_achievement_get_date:
 * @self: a #DnevnikAchievement
 *
 * Returns: (transfer none) (nullable): when it was achieved.
 */
const GDate *
dnevnik_achievement_get_date (DnevnikAchievement *self)
{
  g_return_val_if_fail (DNEVNIK_IS_ACHIEVEMENT (self), NULL);

  return g_date_valid (&self->date) ? &self->date : NULL;
}

/**
 * dnevnik_achievement_get_level:
 * @self: a #DnevnikAchievement
 *
 * Returns: (transfer none): one of `school`, `district`, `city`, `regional`, `national`, `international` (or a newer value).
 */
const char *
dnevnik_achievement_get_level (DnevnikAchievement *self)
{
  g_return_val_if_fail (DNEVNIK_IS_ACHIEVEMENT (self), NULL);

  return self->level;
}

/**
 * dnevnik_achievement_get_kind:
 * @self: a #DnevnikAchievement
 *
 * Returns: (transfer none): one of `olympiad`, `competition`, `sport`, `creative`, `project`, `volunteering` (or a newer value).
 */
const char *
dnevnik_achievement_get_kind (DnevnikAchievement *self)
{
  g_return_val_if_fail (DNEVNIK_IS_ACHIEVEMENT (self), NULL);

  return self->kind;
}
