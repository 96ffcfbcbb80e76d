/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

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
gboolean  dnevnik_launch_uri_finish_or_toast (GAsyncResult    *result,
                                              const char      *what,
                                              AdwToastOverlay *overlay,
                                              const char      *message,
                                              guint            timeout);

G_END_DECLS
