/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-app"

#include "config.h"

#include "dnevnik-date.h"

/**
 * dnevnik_date_today:
 * @date: (out caller-allocates): where to put the date
 *
 * Sets @date to today in the local time zone: the day the diary opens on
 * and the school year is counted from.
 */
void
dnevnik_date_today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_if_fail (date != NULL);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
}
