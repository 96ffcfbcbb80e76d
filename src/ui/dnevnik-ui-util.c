/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-ui-util.h"
#include "dnevnik-url.h"

/* Day and month names come from the app's own translations, not from the
 * C library: on a lab image with LANGUAGE=ru and a C.UTF-8 locale,
 * LC_TIME has English names only, and a Russian window would show
 * «30 November».  %B is the month after a day number (the genitive in
 * Russian, «30 ноября»), as GLib's %B is. */
static const char * const weekdays[] = {
  NC_("day of the week", "Monday"), NC_("day of the week", "Tuesday"),
  NC_("day of the week", "Wednesday"), NC_("day of the week", "Thursday"),
  NC_("day of the week", "Friday"), NC_("day of the week", "Saturday"),
  NC_("day of the week", "Sunday"),
};

static const char * const months[] = {
  NC_("month after a day number", "January"), NC_("month after a day number", "February"),
  NC_("month after a day number", "March"), NC_("month after a day number", "April"),
  NC_("month after a day number", "May"), NC_("month after a day number", "June"),
  NC_("month after a day number", "July"), NC_("month after a day number", "August"),
  NC_("month after a day number", "September"), NC_("month after a day number", "October"),
  NC_("month after a day number", "November"), NC_("month after a day number", "December"),
};

/* @format with %A and %B replaced by the translated names of @datetime */
static char *
localize_names (GDateTime  *datetime,
                const char *format)
{
  GString *out = g_string_new (NULL);

  for (const char *p = format; *p != '\0'; p++)
    {
      const char *name = NULL;

      if (*p == '%' && p[1] == 'A')
        name = g_dpgettext2 (GETTEXT_PACKAGE, "day of the week",
                             weekdays[g_date_time_get_day_of_week (datetime) - 1]);
      else if (*p == '%' && p[1] == 'B')
        name = g_dpgettext2 (GETTEXT_PACKAGE, "month after a day number",
                             months[g_date_time_get_month (datetime) - 1]);

      if (name != NULL)
        {
          /* A name is text, never a conversion. */
          for (const char *n = name; *n != '\0'; n++)
            {
              if (*n == '%')
                g_string_append_c (out, '%');
              g_string_append_c (out, *n);
            }
          p++;
        }
      else if (*p == '%' && p[1] != '\0')
        {
          g_string_append_c (out, *p++);
          g_string_append_c (out, *p);
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/**
 * dnevnik_format_date_time:
 * @datetime: a date and time
 * @format: a g_date_time_format() format, already translated
 *
 * Formats @datetime in the local time zone in the language of the
 * interface: %A (the day of the week) and %B (the month, in the form that
 * follows a day number) come from the app's translations, whatever
 * LC_TIME can provide.
 *
 * Returns: (transfer full): the text
 */
char *
dnevnik_format_date_time (GDateTime  *datetime,
                          const char *format)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *localized = NULL;

  g_return_val_if_fail (datetime != NULL, NULL);
  g_return_val_if_fail (format != NULL, NULL);

  local = g_date_time_to_local (datetime);
  localized = localize_names (local, format);
  return g_date_time_format (local, localized);
}

/**
 * dnevnik_format_date:
 * @date: a valid date
 * @format: a g_date_time_format() format, already translated
 *
 * Formats @date as dnevnik_format_date_time() does, with the first letter
 * upper-case: Russian day names are lower-case, but they start a heading
 * here.
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
  text = dnevnik_format_date_time (datetime, format);
  if (text == NULL || *text == '\0')
    return g_steal_pointer (&text);

  rest = g_utf8_next_char (text);
  first = g_utf8_strup (text, rest - text);

  return g_strconcat (first, rest, NULL);
}

static void
on_launched_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_app_info_launch_default_for_uri_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * dnevnik_launch_uri:
 * @widget: (nullable): a widget on the display to open @uri on, or %NULL
 *   for no launch context
 * @uri: what to open
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result, for dnevnik_launch_uri_finish()
 * @user_data: data for @callback
 *
 * Opens @uri in its default application, on the display of @widget so
 * that the application starts there and is brought to the front.  An
 * address the app's URL policy refuses (dnevnik-url.h) is never handed to
 * the desktop: it fails with %G_IO_ERROR_PERMISSION_DENIED.  GLib reports
 * success once a handler is started, not when a page is on screen.
 */
void
dnevnik_launch_uri (GtkWidget           *widget,
                    const char          *uri,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GdkAppLaunchContext) context = NULL;
  g_autoptr(GTask) task = NULL;
  const char *reason;

  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));
  g_return_if_fail (uri != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_launch_uri);

  if (!dnevnik_url_is_allowed (uri, DNEVNIK_URL_POLICY_DEFAULT, &reason))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                               "Not opening an address the URL policy refuses: %s", reason);
      return;
    }

  if (widget != NULL)
    context = gdk_display_get_app_launch_context (gtk_widget_get_display (widget));

  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), cancellable,
                                           on_launched_cb, g_steal_pointer (&task));
}

/**
 * dnevnik_launch_uri_finish:
 * @result: the result passed to the callback
 * @error: return location for an error
 *
 * Returns: whether a handler for the address was started
 */
gboolean
dnevnik_launch_uri_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * dnevnik_launch_uri_finish_or_toast:
 * @result: the result passed to the callback
 * @what: what was opened, for the debug log
 * @overlay: where to say that it could not be opened
 * @message: what to say then, already translated
 * @timeout: how long to say it, in seconds
 *
 * Finishes dnevnik_launch_uri() and, when it failed for another reason than
 * being cancelled, shows @message as a toast on @overlay.
 *
 * Returns: whether a handler for the address was started
 */
gboolean
dnevnik_launch_uri_finish_or_toast (GAsyncResult    *result,
                                    const char      *what,
                                    AdwToastOverlay *overlay,
                                    const char      *message,
                                    guint            timeout)
{
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (dnevnik_launch_uri_finish (result, &error))
    return TRUE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  g_debug ("Could not open %s: %s", what, error->message);
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (overlay, toast);
  return FALSE;
}
