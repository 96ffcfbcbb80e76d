/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dnevnik-page.h"

G_BEGIN_DECLS

#define DNEVNIK_TYPE_LIBRARY_PAGE (dnevnik_library_page_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikLibraryPage, dnevnik_library_page, DNEVNIK, LIBRARY_PAGE, DnevnikPage)

GtkWidget  *dnevnik_library_page_new       (DnevnikService     *service);
GListModel *dnevnik_library_page_get_items (DnevnikLibraryPage *self);
void        dnevnik_library_page_open_item (DnevnikLibraryPage *self,
                                            guint               position);
void        dnevnik_library_page_reload    (DnevnikLibraryPage *self);

G_END_DECLS
