/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

char *dnevnik_format_date (const GDate         *date,
                           const char          *format);
void  dnevnik_launch_uri  (GtkWidget           *widget,
                           const char          *uri,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data);

G_END_DECLS
