/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-marks-notifier.h"
#include "dnevnik-notify.h"

/* A desktop notification per subject when new marks arrive («Алгебра: 5»),
 * while the app runs.
 *
 * The service says which marks are new ("new-marks", after a refresh or
 * the school-year sync).  Notifications belong to the application, not to
 * a window, so this object follows the context's service whatever window
 * is open.
 *
 * They go through dnevnik_notify_send(): with no notification server on
 * the session bus nothing is sent and nothing is printed (the «Дневник»
 * page still needs attention).  Every notification sent is withdrawn when the student signs out, or the
 * service goes: on a shared lab computer nothing of one student's marks
 * stays on the screen for the next.
 */

struct _DnevnikMarksNotifier
{
  GObject          parent_instance;

  /* borrowed: the application owns this object */
  GApplication    *application;

  /* owned */
  DnevnikContext  *context;
  DnevnikService  *service;
  GPtrArray       *shown;     /* of char *: the ids of notifications sent */
};

G_DEFINE_FINAL_TYPE (DnevnikMarksNotifier, dnevnik_marks_notifier, G_TYPE_OBJECT)

static void
send_marks (DnevnikMarksNotifier *self,
            GListModel           *marks)
{
  g_autoptr(GHashTable) by_subject = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  if (self->application == NULL)
    return;

  /* One notification per subject, with its marks in order. */
  for (guint i = 0; i < g_list_model_get_n_items (marks); i++)
    {
      g_autoptr(DnevnikMark) mark = g_list_model_get_item (marks, i);
      const char *subject = dnevnik_mark_get_subject (mark);
      GString *values;

      if (subject == NULL)
        continue;
      values = g_hash_table_lookup (by_subject, subject);
      if (values == NULL)
        {
          values = g_string_new (NULL);
          g_hash_table_insert (by_subject, g_strdup (subject), values);
          g_ptr_array_add (order, (gpointer) dnevnik_mark_get_subject (mark));
        }
      else
        {
          g_string_append (values, ", ");
        }
      g_string_append (values, dnevnik_mark_get_value (mark));
    }

  for (guint i = 0; i < order->len; i++)
    {
      const char *subject = g_ptr_array_index (order, i);
      GString *values = g_hash_table_lookup (by_subject, subject);
      g_autofree char *id = g_strdup_printf ("new-marks-%08x", g_str_hash (subject));
      /* Translators: a notification: the subject and its new marks, «Алгебра: 5» */
      g_autofree char *title = g_strdup_printf (_("%s: %s"), subject, values->str);
      g_autoptr(GNotification) notification = g_notification_new (title);

      g_notification_set_body (notification, _("New in your diary: open “Marks” on the Diary page to see them."));
      g_notification_set_default_action (notification, "app.activate");
      dnevnik_notify_send (self->application, id, notification);
      if (!g_ptr_array_find_with_equal_func (self->shown, id, g_str_equal, NULL))
        g_ptr_array_add (self->shown, g_steal_pointer (&id));
      g_string_free (values, TRUE);
    }
}

static void
on_new_marks_cb (DnevnikService       *service,
                 GListModel           *marks,
                 DnevnikMarksNotifier *self)
{
  send_marks (self, marks);
}

static void
on_service_state_cb (DnevnikService       *service,
                     GParamSpec           *pspec,
                     DnevnikMarksNotifier *self)
{
  if (dnevnik_service_get_state (service) == DNEVNIK_SERVICE_STATE_SIGNED_OUT)
    dnevnik_marks_notifier_withdraw_all (self);
}

static void
on_service_changed_cb (DnevnikContext       *context,
                       GParamSpec           *pspec,
                       DnevnikMarksNotifier *self)
{
  DnevnikService *service = dnevnik_context_get_service (context);

  if (service == self->service)
    return;

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  dnevnik_marks_notifier_withdraw_all (self);
  g_set_object (&self->service, service);

  if (service != NULL)
    {
      g_signal_connect_object (service, "new-marks", G_CALLBACK (on_new_marks_cb), self, 0);
      g_signal_connect_object (service, "notify::state", G_CALLBACK (on_service_state_cb), self, 0);
    }
}

static void
dnevnik_marks_notifier_dispose (GObject *object)
{
  DnevnikMarksNotifier *self = DNEVNIK_MARKS_NOTIFIER (object);

  dnevnik_marks_notifier_withdraw_all (self);
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
  g_clear_object (&self->context);
  self->application = NULL;

  G_OBJECT_CLASS (dnevnik_marks_notifier_parent_class)->dispose (object);
}

static void
dnevnik_marks_notifier_finalize (GObject *object)
{
  DnevnikMarksNotifier *self = DNEVNIK_MARKS_NOTIFIER (object);

  g_clear_pointer (&self->shown, g_ptr_array_unref);

  G_OBJECT_CLASS (dnevnik_marks_notifier_parent_class)->finalize (object);
}

static void
dnevnik_marks_notifier_class_init (DnevnikMarksNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dnevnik_marks_notifier_dispose;
  object_class->finalize = dnevnik_marks_notifier_finalize;
}

static void
dnevnik_marks_notifier_init (DnevnikMarksNotifier *self)
{
  self->shown = g_ptr_array_new_with_free_func (g_free);
}

/**
 * dnevnik_marks_notifier_new:
 * @application: the application that sends the notifications; it owns
 *   the notifier
 * @context: whose service to follow
 *
 * Returns: (transfer full): a notifier of new marks
 */
DnevnikMarksNotifier *
dnevnik_marks_notifier_new (GApplication   *application,
                            DnevnikContext *context)
{
  DnevnikMarksNotifier *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (DNEVNIK_IS_CONTEXT (context), NULL);

  self = g_object_new (DNEVNIK_TYPE_MARKS_NOTIFIER, NULL);
  self->application = application;
  self->context = g_object_ref (context);
  g_signal_connect_object (context, "notify::service", G_CALLBACK (on_service_changed_cb), self, 0);
  on_service_changed_cb (context, NULL, self);

  return self;
}

/**
 * dnevnik_marks_notifier_withdraw_all:
 *
 * Withdraws every notification of new marks that is still shown.
 */
void
dnevnik_marks_notifier_withdraw_all (DnevnikMarksNotifier *self)
{
  g_return_if_fail (DNEVNIK_IS_MARKS_NOTIFIER (self));

  for (guint i = 0; i < self->shown->len; i++)
    if (self->application != NULL)
      dnevnik_notify_withdraw (self->application, g_ptr_array_index (self->shown, i));
  g_ptr_array_set_size (self->shown, 0);
}

/**
 * dnevnik_marks_notifier_get_n_shown:
 *
 * Returns: how many notifications of new marks are shown (one per subject)
 */
guint
dnevnik_marks_notifier_get_n_shown (DnevnikMarksNotifier *self)
{
  g_return_val_if_fail (DNEVNIK_IS_MARKS_NOTIFIER (self), 0);

  return self->shown->len;
}
