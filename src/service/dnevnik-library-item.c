/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-library-item.h"
#include "dnevnik-model.h"

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

/* The properties, every one construct-only. */
static const DnevnikModelField fields[] = {
  /**
   * DnevnikLibraryItem:id:
   *
   * The server's id of the item.
   */
  { "id", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikLibraryItem, id) },

  /**
   * DnevnikLibraryItem:title:
   *
   * The title.
   */
  { "title", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikLibraryItem, title) },

  /**
   * DnevnikLibraryItem:subject:
   *
   * The subject it belongs to.
   */
  { "subject", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikLibraryItem, subject) },

  /**
   * DnevnikLibraryItem:kind:
   *
   * One of `textbook`, `video`, `workbook`, `test`, `article` (a newer server may send others: show them as a generic item).
   */
  { "kind", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikLibraryItem, kind) },

  /**
   * DnevnikLibraryItem:url:
   *
   * Where to open it.
   */
  { "url", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikLibraryItem, url) },
};

static void
dnevnik_library_item_class_init (DnevnikLibraryItemClass *klass)
{
  dnevnik_model_class_install (G_OBJECT_CLASS (klass), fields, G_N_ELEMENTS (fields),
                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY, NULL);
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
