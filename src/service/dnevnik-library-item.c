/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-library-item.h"

struct _DnevnikLibraryItem
{
  GObject parent_instance;

  char *id;
  char *title;
  char *subject;
  char *kind;
  char *url;
};

G_DEFINE_FINAL_TYPE (DnevnikLibraryItem, dnevnik_library_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SUBJECT,
  PROP_KIND,
  PROP_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dnevnik_library_item_finalize (GObject *object)
{
  DnevnikLibraryItem *self = (DnevnikLibraryItem *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (dnevnik_library_item_parent_class)->finalize (object);
}

static void
dnevnik_library_item_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DnevnikLibraryItem *self = DNEVNIK_LIBRARY_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_library_item_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  DnevnikLibraryItem *self = DNEVNIK_LIBRARY_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;

    case PROP_SUBJECT:
      self->subject = g_value_dup_string (value);
      break;

    case PROP_KIND:
      self->kind = g_value_dup_string (value);
      break;

    case PROP_URL:
      self->url = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_library_item_class_init (DnevnikLibraryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dnevnik_library_item_finalize;
  object_class->get_property = dnevnik_library_item_get_property;
  object_class->set_property = dnevnik_library_item_set_property;

  /**
   * DnevnikLibraryItem:id:
   *
   * The server's id of the item.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLibraryItem:title:
   *
   * The title.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLibraryItem:subject:
   *
   * The subject it belongs to.
   */
  properties[PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLibraryItem:kind:
   *
   * One of `textbook`, `video`, `workbook`, `test`, `article` (a newer server may send others: show them as a generic item).
   */
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLibraryItem:url:
   *
   * Where to open it.
   */
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dnevnik_library_item_init (DnevnikLibraryItem *self)
{
}

/**
 * dnevnik_library_item_get_id:
 * @self: a #DnevnikLibraryItem
 *
 * Returns: (transfer none): the server's id of the item.
 */
const char *
dnevnik_library_item_get_id (DnevnikLibraryItem *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LIBRARY_ITEM (self), NULL);

  return self->id;
}

/**
 * dnevnik_library_item_get_title:
 * @self: a #DnevnikLibraryItem
 *
 * Returns: (transfer none): the title.
 */
const char *
dnevnik_library_item_get_title (DnevnikLibraryItem *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LIBRARY_ITEM (self), NULL);

  return self->title;
}

/**
 * dnevnik_library_item_get_subject:
 * @self: a #DnevnikLibraryItem
 *
 * Returns: (transfer none): the subject it belongs to.
 */
const char *
dnevnik_library_item_get_subject (DnevnikLibraryItem *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LIBRARY_ITEM (self), NULL);

  return self->subject;
}

/**
 * dnevnik_library_item_get_kind:
 * @self: a #DnevnikLibraryItem
 *
 * Returns: (transfer none): one of `textbook`, `video`, `workbook`, `test`, `article` (a newer server may send others: show them as a generic item).
 */
const char *
dnevnik_library_item_get_kind (DnevnikLibraryItem *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LIBRARY_ITEM (self), NULL);

  return self->kind;
}

/**
 * dnevnik_library_item_get_url:
 * @self: a #DnevnikLibraryItem
 *
 * Returns: (transfer none): where to open it.
 */
const char *
dnevnik_library_item_get_url (DnevnikLibraryItem *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LIBRARY_ITEM (self), NULL);

  return self->url;
}
