/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include "dnevnik-ui-util.h"

/**
 * dnevnik_format_date:
 * @date: a valid date
 * @format: a g_date_time_format() format, already translated
 *
 * Formats @date in the current locale, with the first letter upper-case:
 * Russian day names are lower-case, but they start a heading here.
 *
 * Returns: (transfer full): the text
 */
char *
dnevnik_format_date (const GDate *date,
                     const char  *format)
{
  g_autoptr(GDateTime) datetime = NULL;
  g_autofree char *text = NULL;
  g_autofree char *first = NULL;
  const char *rest;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail (format != NULL, NULL);

  datetime = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                    g_date_get_day (date), 12, 0, 0);
  text = g_date_time_format (datetime, format);
  if (text == NULL || *text == '\0')
    return g_steal_pointer (&text);

  rest = g_utf8_next_char (text);
  first = g_utf8_strup (text, rest - text);

  return g_strconcat (first, rest, NULL);
}

/**
 * dnevnik_launch_uri:
 * @widget: (nullable): a widget on the display to open @uri on, or %NULL
 *   for no launch context
 * @uri: what to open
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result, for g_app_info_launch_default_for_uri_finish()
 * @user_data: data for @callback
 *
 * Opens @uri in its default application, on the display of @widget so
 * that the application starts there and is brought to the front.
 */
void
dnevnik_launch_uri (GtkWidget           *widget,
                    const char          *uri,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GdkAppLaunchContext) context = NULL;

  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));
  g_return_if_fail (uri != NULL);

  if (widget != NULL)
    context = gdk_display_get_app_launch_context (gtk_widget_get_display (widget));

  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), cancellable,
                                           callback, user_data);
}
