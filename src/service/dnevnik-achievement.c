/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-achievement.h"
#include "dnevnik-model.h"

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

/* The properties, every one construct-only. */
static const DnevnikModelField fields[] = {
  /**
   * DnevnikAchievement:id:
   *
   * The server's id of the achievement.
   */
  { "id", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikAchievement, id) },

  /**
   * DnevnikAchievement:title:
   *
   * The title.
   */
  { "title", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikAchievement, title) },

  /**
   * DnevnikAchievement:date:
   *
   * When it was achieved.
   */
  { "date", DNEVNIK_MODEL_DATE, G_STRUCT_OFFSET (DnevnikAchievement, date) },

  /**
   * DnevnikAchievement:level:
   *
   * One of `school`, `district`, `city`, `regional`, `national`, `international` (or a newer value).
   */
  { "level", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikAchievement, level) },

  /**
   * DnevnikAchievement:kind:
   *
   * One of `olympiad`, `competition`, `sport`, `creative`, `project`, `volunteering` (or a newer value).
   */
  { "kind", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikAchievement, kind) },
};

static void
dnevnik_achievement_class_init (DnevnikAchievementClass *klass)
{
  dnevnik_model_class_install (G_OBJECT_CLASS (klass), fields, G_N_ELEMENTS (fields),
                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY, NULL);
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
