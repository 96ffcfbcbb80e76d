/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *dnevnik_format_date (const GDate *date,
                           const char  *format);

G_END_DECLS
