/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void dnevnik_date_today (GDate *date);

G_END_DECLS
