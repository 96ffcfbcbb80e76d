/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-page.h"

G_BEGIN_DECLS

#define DNEVNIK_TYPE_MARKS_PAGE (dnevnik_marks_page_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikMarksPage, dnevnik_marks_page, DNEVNIK, MARKS_PAGE, DnevnikPage)

GtkWidget  *dnevnik_marks_page_new              (DnevnikService   *service);
const char *dnevnik_marks_page_get_period_id    (DnevnikMarksPage *self);
void        dnevnik_marks_page_show_period      (DnevnikMarksPage *self,
                                                 const char       *period_id);
GtkWidget  *dnevnik_marks_page_open_subject     (DnevnikMarksPage *self,
                                                 const char       *subject);

G_END_DECLS
