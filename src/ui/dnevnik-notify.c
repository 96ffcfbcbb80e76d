/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include "dnevnik-notify.h"

/* Desktop notifications only where something shows them.  Many lab
 * desktops run no notification server: GLib would then print "unable to
 * send notifications" on the terminal for the first one.  The session bus
 * is asked once per process, without blocking, whether a server is
 * running or can be started; until the answer comes, notifications wait
 * (the last one of each id), and with no server they are dropped quietly:
 * the app always shows the same text in its own window as well.
 */

/* The servers GLib's notification backends talk to.  The portal counts
 * only inside a Flatpak sandbox: elsewhere GLib does not use it. */
static const char * const servers[] = {
  "org.freedesktop.Notifications",
  "org.gtk.Notifications",
  NULL
};
#define PORTAL "org.freedesktop.portal.Desktop"

typedef struct
{
  GApplication  *application;
  char          *id;
  GNotification *notification;
} Pending;

static DnevnikNotifyAvailability availability = DNEVNIK_NOTIFY_UNKNOWN;
static gboolean asking;
static GPtrArray *pending;  /* of Pending, while asking */

static void
pending_free (Pending *item)
{
  g_object_unref (item->application);
  g_free (item->id);
  g_object_unref (item->notification);
  g_free (item);
}

static gboolean
names_have_server (GVariant *reply)
{
  g_autofree const char **names = NULL;
  gboolean sandboxed = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);

  if (reply == NULL)
    return FALSE;

  g_variant_get (reply, "(^a&s)", &names);
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_strv_contains (servers, names[i]))
        return TRUE;
      if (sandboxed && g_str_equal (names[i], PORTAL))
        return TRUE;
    }

  return FALSE;
}

static void
settle (gboolean available)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&pending);

  asking = FALSE;
  availability = available ? DNEVNIK_NOTIFY_AVAILABLE : DNEVNIK_NOTIFY_MISSING;
  if (!available)
    g_debug ("No notification server on the session bus: notifications are not sent");

  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    {
      Pending *item = g_ptr_array_index (waiting, i);

      if (available)
        g_application_send_notification (item->application, item->id, item->notification);
    }
}

static void
on_activatable_names_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);

  settle (names_have_server (reply));
}

static void
on_names_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GDBusConnection *bus = G_DBUS_CONNECTION (source);
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (bus, result, NULL);

  if (names_have_server (reply))
    {
      settle (TRUE);
      return;
    }

  /* Not running now, but the bus may start one on the first call. */
  g_dbus_connection_call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                          "ListActivatableNames", NULL, G_VARIANT_TYPE ("(as)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_activatable_names_cb, NULL);
}

static void
ask (GApplication *application)
{
  GDBusConnection *bus = g_application_get_dbus_connection (application);

  if (bus == NULL)
    {
      settle (FALSE);
      return;
    }

  asking = TRUE;
  g_dbus_connection_call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                          "ListNames", NULL, G_VARIANT_TYPE ("(as)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_names_cb, NULL);
}

/**
 * dnevnik_notify_send:
 * @application: a registered application
 * @id: the notification's id, as for g_application_send_notification()
 * @notification: what to show
 *
 * Sends @notification if the desktop can show notifications, and drops it
 * quietly if it cannot.  The first call asks the session bus; it is sent
 * when the answer comes.
 */
void
dnevnik_notify_send (GApplication  *application,
                     const char    *id,
                     GNotification *notification)
{
  Pending *item;

  g_return_if_fail (G_IS_APPLICATION (application));
  g_return_if_fail (G_IS_NOTIFICATION (notification));

  switch (availability)
    {
    case DNEVNIK_NOTIFY_AVAILABLE:
      g_application_send_notification (application, id, notification);
      return;

    case DNEVNIK_NOTIFY_MISSING:
      return;

    case DNEVNIK_NOTIFY_UNKNOWN:
    default:
      break;
    }

  if (pending == NULL)
    pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);

  /* A newer notification of the same id replaces the older one, as the
   * desktop would. */
  for (guint i = 0; id != NULL && i < pending->len; i++)
    if (g_strcmp0 (((Pending *) g_ptr_array_index (pending, i))->id, id) == 0)
      g_ptr_array_remove_index (pending, i--);

  item = g_new0 (Pending, 1);
  item->application = g_object_ref (application);
  item->id = g_strdup (id);
  item->notification = g_object_ref (notification);
  g_ptr_array_add (pending, item);

  if (!asking)
    ask (application);
}

/**
 * dnevnik_notify_get_availability:
 *
 * Returns: what is known of the desktop's notification server
 */
DnevnikNotifyAvailability
dnevnik_notify_get_availability (void)
{
  return availability;
}

/**
 * dnevnik_notify_withdraw:
 * @application: a registered application
 * @id: the id given to dnevnik_notify_send()
 *
 * Withdraws the notification @id, and drops it if it still waits for the
 * bus's answer, so that it never appears after this.
 */
void
dnevnik_notify_withdraw (GApplication *application,
                         const char   *id)
{
  g_return_if_fail (G_IS_APPLICATION (application));
  g_return_if_fail (id != NULL);

  for (guint i = 0; pending != NULL && i < pending->len; i++)
    if (g_strcmp0 (((Pending *) g_ptr_array_index (pending, i))->id, id) == 0)
      g_ptr_array_remove_index (pending, i--);

  if (availability == DNEVNIK_NOTIFY_AVAILABLE)
    g_application_withdraw_notification (application, id);
}
