/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dnevnik-page.h"

G_BEGIN_DECLS

#define DNEVNIK_TYPE_DIARY_PAGE (dnevnik_diary_page_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikDiaryPage, dnevnik_diary_page, DNEVNIK, DIARY_PAGE, DnevnikPage)

GtkWidget   *dnevnik_diary_page_new        (DnevnikService   *service);
void         dnevnik_diary_page_show_week  (DnevnikDiaryPage *self,
                                            const GDate      *day);
const GDate *dnevnik_diary_page_get_monday (DnevnikDiaryPage *self);
GListModel  *dnevnik_diary_page_get_days   (DnevnikDiaryPage *self);
gboolean     dnevnik_diary_page_get_loading (DnevnikDiaryPage *self);
void         dnevnik_diary_page_reload     (DnevnikDiaryPage *self);

G_END_DECLS
