/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include <string.h>

#include "dnevnik-sandbox-time.h"

/* Moscow has kept UTC+3 all year since 2014. */
#define MOSCOW_OFFSET "+03:00"

/**
 * dnevnik_sandbox_now:
 *
 * Returns: the wall-clock time in µs since the epoch
 */
gint64
dnevnik_sandbox_now (void)
{
  return g_get_real_time ();
}

/**
 * dnevnik_sandbox_format_instant:
 *
 * Returns: (transfer full): @usec as "2026-11-25T09:30:00+03:00"
 */
char *
dnevnik_sandbox_format_instant (gint64 usec)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (MOSCOW_OFFSET);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

/**
 * dnevnik_sandbox_moscow_instant:
 *
 * Returns: the instant of @hour:@minute Moscow time on @date, in µs
 */
gint64
dnevnik_sandbox_moscow_instant (const GDate *date,
                                int          hour,
                                int          minute)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (MOSCOW_OFFSET);
  g_autoptr(GDateTime) local = g_date_time_new (zone,
                                                g_date_get_year (date),
                                                g_date_get_month (date),
                                                g_date_get_day (date),
                                                hour, minute, 0);

  return g_date_time_to_unix (local) * G_USEC_PER_SEC;
}

/**
 * dnevnik_sandbox_parse_date:
 * @text: (nullable): "YYYY-MM-DD", exactly
 * @date: (out): where to put it
 *
 * Returns: whether @text is a valid date
 */
gboolean
dnevnik_sandbox_parse_date (const char *text,
                            GDate      *date)
{
  guint64 year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = g_ascii_strtoull (text, NULL, 10);
  month = g_ascii_strtoull (text + 5, NULL, 10);
  day = g_ascii_strtoull (text + 8, NULL, 10);
  if (year < 1 || !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/**
 * dnevnik_sandbox_format_date:
 *
 * Returns: (transfer full): @date as "YYYY-MM-DD"
 */
char *
dnevnik_sandbox_format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u",
                          g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

/**
 * dnevnik_sandbox_seconds_until:
 *
 * Returns: whole seconds from now until @usec, rounded up, at least 0
 */
gint64
dnevnik_sandbox_seconds_until (gint64 usec)
{
  gint64 left = usec - dnevnik_sandbox_now ();

  if (left <= 0)
    return 0;

  return (left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
}
