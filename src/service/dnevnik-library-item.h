/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DnevnikLibraryItem:
 *
 * A book, video or other material of the school library.
 *
 * An immutable model object made by #DnevnikService from a server reply;
 * every field is also a read-only property (construct-only), so lists of
 * them bind straight into list widgets.
 */
#define DNEVNIK_TYPE_LIBRARY_ITEM (dnevnik_library_item_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikLibraryItem, dnevnik_library_item, DNEVNIK, LIBRARY_ITEM, GObject)

const char          *dnevnik_library_item_get_id (DnevnikLibraryItem *self);
const char          *dnevnik_library_item_get_title (DnevnikLibraryItem *self);
const char          *dnevnik_library_item_get_subject (DnevnikLibraryItem *self);
const char          *dnevnik_library_item_get_kind (DnevnikLibraryItem *self);
const char          *dnevnik_library_item_get_url (DnevnikLibraryItem *self);

G_END_DECLS
