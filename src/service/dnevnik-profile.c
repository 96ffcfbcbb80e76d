/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-profile.h"
#include "dnevnik-model.h"

struct _DnevnikProfile
{
  GObject parent_instance;

  char *id;
  char *login;
  char *first_name;
  char *last_name;
  char *middle_name;
  char *school;
  char *class_name;
};

G_DEFINE_FINAL_TYPE (DnevnikProfile, dnevnik_profile, G_TYPE_OBJECT)

/* The properties, every one construct-only. */
static const DnevnikModelField fields[] = {
  /**
   * DnevnikProfile:id:
   *
   * The server's id of the student.
   */
  { "id", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikProfile, id) },

  /**
   * DnevnikProfile:login:
   *
   * The login the student signs in with.
   */
  { "login", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikProfile, login) },

  /**
   * DnevnikProfile:first-name:
   *
   * The first name.
   */
  { "first-name", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikProfile, first_name) },

  /**
   * DnevnikProfile:last-name:
   *
   * The last name.
   */
  { "last-name", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikProfile, last_name) },

  /**
   * DnevnikProfile:middle-name:
   *
   * The patronymic, or %NULL.
   */
  { "middle-name", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikProfile, middle_name) },

  /**
   * DnevnikProfile:school:
   *
   * The school's name.
   */
  { "school", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikProfile, school) },

  /**
   * DnevnikProfile:class-name:
   *
   * The class, e.g. “8 «Б»”.
   */
  { "class-name", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikProfile, class_name) },
};

static void
dnevnik_profile_class_init (DnevnikProfileClass *klass)
{
  dnevnik_model_class_install (G_OBJECT_CLASS (klass), fields, G_N_ELEMENTS (fields),
                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY, NULL);
}

static void
dnevnik_profile_init (DnevnikProfile *self)
{
}

/**
 * dnevnik_profile_get_id:
 * @self: a #DnevnikProfile
 *
 * Returns: (transfer none): the server's id of the student.
 */
const char *
dnevnik_profile_get_id (DnevnikProfile *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PROFILE (self), NULL);

  return self->id;
}

/**
 * dnevnik_profile_get_login:
 * @self: a #DnevnikProfile
 *
 * Returns: (transfer none): the login the student signs in with.
 */
const char *
dnevnik_profile_get_login (DnevnikProfile *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PROFILE (self), NULL);

  return self->login;
}

/**
 * dnevnik_profile_get_first_name:
 * @self: a #DnevnikProfile
 *
 * Returns: (transfer none): the first name.
 */
const char *
dnevnik_profile_get_first_name (DnevnikProfile *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PROFILE (self), NULL);

  return self->first_name;
}

/**
 * dnevnik_profile_get_last_name:
 * @self: a #DnevnikProfile
 *
 * Returns: (transfer none): the last name.
 */
const char *
dnevnik_profile_get_last_name (DnevnikProfile *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PROFILE (self), NULL);

  return self->last_name;
}

/**
 * dnevnik_profile_get_middle_name:
 * @self: a #DnevnikProfile
 *
 * Returns: (transfer none) (nullable): the patronymic, or %NULL.
 */
const char *
dnevnik_profile_get_middle_name (DnevnikProfile *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PROFILE (self), NULL);

  return self->middle_name;
}

/**
 * dnevnik_profile_get_school:
 * @self: a #DnevnikProfile
 *
 * Returns: (transfer none): the school's name.
 */
const char *
dnevnik_profile_get_school (DnevnikProfile *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PROFILE (self), NULL);

  return self->school;
}

/**
 * dnevnik_profile_get_class_name:
 * @self: a #DnevnikProfile
 *
 * Returns: (transfer none): the class, e.g. “8 «Б»”.
 */
const char *
dnevnik_profile_get_class_name (DnevnikProfile *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PROFILE (self), NULL);

  return self->class_name;
}

/**
 * dnevnik_profile_equal:
 * @a: (nullable): a #DnevnikProfile
 * @b: (nullable): a #DnevnikProfile
 *
 * Returns: whether @a and @b say the same of the student (or are both
 *   %NULL)
 */
gboolean
dnevnik_profile_equal (DnevnikProfile *a,
                       DnevnikProfile *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->login, b->login) == 0 &&
         g_strcmp0 (a->first_name, b->first_name) == 0 &&
         g_strcmp0 (a->last_name, b->last_name) == 0 &&
         g_strcmp0 (a->middle_name, b->middle_name) == 0 &&
         g_strcmp0 (a->school, b->school) == 0 &&
         g_strcmp0 (a->class_name, b->class_name) == 0;
}
