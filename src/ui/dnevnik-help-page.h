/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DNEVNIK_TYPE_HELP_PAGE (dnevnik_help_page_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikHelpPage, dnevnik_help_page, DNEVNIK, HELP_PAGE, GtkWidget)

void dnevnik_help_page_set_signed_in (DnevnikHelpPage *self,
                                      gboolean         signed_in);

G_END_DECLS
