/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Instants are kept as microseconds since the epoch (wall clock, so that
 * they survive a restart) and shown in Moscow time, as a Russian school
 * service would.
 */

gint64    dnevnik_sandbox_now             (void);
char     *dnevnik_sandbox_format_instant  (gint64       usec);
gint64    dnevnik_sandbox_moscow_instant  (const GDate *date,
                                           int          hour,
                                           int          minute);
gboolean  dnevnik_sandbox_parse_date      (const char  *text,
                                           GDate       *date);
char     *dnevnik_sandbox_format_date     (const GDate *date);
gint64    dnevnik_sandbox_seconds_until   (gint64       usec);

G_END_DECLS
