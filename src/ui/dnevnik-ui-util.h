/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

char     *dnevnik_format_date       (const GDate          *date,
                                     const char           *format);
char     *dnevnik_format_date_time  (GDateTime            *datetime,
                                     const char           *format);
void      dnevnik_launch_uri        (GtkWidget            *widget,
                                     const char           *uri,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
gboolean  dnevnik_launch_uri_finish (GAsyncResult         *result,
                                     GError              **error);

G_END_DECLS
