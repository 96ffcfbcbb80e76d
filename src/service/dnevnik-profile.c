/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-profile.h"

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

enum {
  PROP_0,
  PROP_ID,
  PROP_LOGIN,
  PROP_FIRST_NAME,
  PROP_LAST_NAME,
  PROP_MIDDLE_NAME,
  PROP_SCHOOL,
  PROP_CLASS_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dnevnik_profile_finalize (GObject *object)
{
  DnevnikProfile *self = (DnevnikProfile *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->login, g_free);
  g_clear_pointer (&self->first_name, g_free);
  g_clear_pointer (&self->last_name, g_free);
  g_clear_pointer (&self->middle_name, g_free);
  g_clear_pointer (&self->school, g_free);
  g_clear_pointer (&self->class_name, g_free);

  G_OBJECT_CLASS (dnevnik_profile_parent_class)->finalize (object);
}

static void
dnevnik_profile_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DnevnikProfile *self = DNEVNIK_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_LOGIN:
      g_value_set_string (value, self->login);
      break;

    case PROP_FIRST_NAME:
      g_value_set_string (value, self->first_name);
      break;

    case PROP_LAST_NAME:
      g_value_set_string (value, self->last_name);
      break;

    case PROP_MIDDLE_NAME:
      g_value_set_string (value, self->middle_name);
      break;

    case PROP_SCHOOL:
      g_value_set_string (value, self->school);
      break;

    case PROP_CLASS_NAME:
      g_value_set_string (value, self->class_name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_profile_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DnevnikProfile *self = DNEVNIK_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_LOGIN:
      self->login = g_value_dup_string (value);
      break;

    case PROP_FIRST_NAME:
      self->first_name = g_value_dup_string (value);
      break;

    case PROP_LAST_NAME:
      self->last_name = g_value_dup_string (value);
      break;

    case PROP_MIDDLE_NAME:
      self->middle_name = g_value_dup_string (value);
      break;

    case PROP_SCHOOL:
      self->school = g_value_dup_string (value);
      break;

    case PROP_CLASS_NAME:
      self->class_name = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_profile_class_init (DnevnikProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dnevnik_profile_finalize;
  object_class->get_property = dnevnik_profile_get_property;
  object_class->set_property = dnevnik_profile_set_property;

  /**
   * DnevnikProfile:id:
   *
   * The server's id of the student.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikProfile:login:
   *
   * The login the student signs in with.
   */
  properties[PROP_LOGIN] =
    g_param_spec_string ("login", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikProfile:first-name:
   *
   * The first name.
   */
  properties[PROP_FIRST_NAME] =
    g_param_spec_string ("first-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikProfile:last-name:
   *
   * The last name.
   */
  properties[PROP_LAST_NAME] =
    g_param_spec_string ("last-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikProfile:middle-name:
   *
   * The patronymic, or %NULL.
   */
  properties[PROP_MIDDLE_NAME] =
    g_param_spec_string ("middle-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikProfile:school:
   *
   * The school's name.
   */
  properties[PROP_SCHOOL] =
    g_param_spec_string ("school", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikProfile:class-name:
   *
   * The class, e.g. “8 «Б»”.
   */
  properties[PROP_CLASS_NAME] =
    g_param_spec_string ("class-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
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
