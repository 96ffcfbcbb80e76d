/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-link-wizard-private.h"
#include "dnevnik-phone.h"
#include "dnevnik-qr-dialog.h"
#include "dnevnik-ui-util.h"

#define COUNTDOWN_TICK_MS 250

/* What moves the linking wizard from one state to the next: the student's
 * actions, the requests to the service they start, and what each answer
 * leads to.  It fills the pages with what the answers say; buttons,
 * spinners, the error line, the default widget and the focus are left to
 * dnevnik_link_wizard_set_state(). */

/* --- helpers ------------------------------------------------------------- */

static gboolean
is_connection_error (const GError *error)
{
  return g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NETWORK) ||
         g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_TIMEOUT) ||
         g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_SERVER) ||
         g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_PROTOCOL);
}

/* Network failures can be tried again as they are; nothing else can. */
static Next
next_for (const GError *error)
{
  return is_connection_error (error) ? NEXT_RETRY : NEXT_NONE;
}

static char *
format_rate_limited (int retry_after)
{
  int minutes;

  retry_after = MAX (retry_after, 1);
  if (retry_after < 60)
    return g_strdup_printf (ngettext ("Too many attempts. Try again in %d second.",
                                      "Too many attempts. Try again in %d seconds.",
                                      retry_after),
                            retry_after);

  minutes = (retry_after + 59) / 60;
  return g_strdup_printf (ngettext ("Too many attempts. Try again in %d minute.",
                                    "Too many attempts. Try again in %d minutes.",
                                    minutes),
                          minutes);
}

/* A phone number inside a sentence must not break across lines:
 * "+7 916 / ***-**-67" reads as two things, and so does "+7 916 ***- /
 * **-67" (Pango breaks after a hyphen; at a large text size it did).
 * No-break spaces, and non-breaking hyphens that look the same. */
static char *
unbreakable (const char *phone)
{
  g_autoptr(GString) out = g_string_new (phone);

  g_string_replace (out, " ", "\u00a0", 0);
  g_string_replace (out, "-", "\u2011", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Back to an empty code page: the old request is gone. */
static void
forget_request (DnevnikLinkWizard *self)
{
  g_clear_object (&self->request);
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
  gtk_widget_set_visible (self->sms_card, FALSE);
}

static void
show_error (DnevnikLinkWizard *self,
            const char        *message,
            Next               next)
{
  dnevnik_link_wizard_set_state (self, self->page, STATE_ERROR, message, next);
}

/* Cancels the request in flight, if any; its callback will see
 * G_IO_ERROR_CANCELLED and leave the wizard alone. */
static void
cancel_request (DnevnikLinkWizard *self)
{
  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  dnevnik_link_wizard_show_page (self, self->page);
}

/* --- the countdown to «Send the Code Again» -------------------------------- */

void
dnevnik_link_wizard_stop_countdown (DnevnikLinkWizard *self)
{
  g_clear_handle_id (&self->countdown_id, g_source_remove);
}

static gboolean
on_countdown_tick_cb (gpointer user_data)
{
  DnevnikLinkWizard *self = user_data;
  gboolean done = self->resend_deadline <= g_get_monotonic_time ();

  if (done)
    self->countdown_id = 0;

  dnevnik_link_wizard_update_state (self);

  return done ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

void
dnevnik_link_wizard_start_countdown (DnevnikLinkWizard *self,
                                     int                seconds)
{
  dnevnik_link_wizard_stop_countdown (self);
  self->resend_deadline = g_get_monotonic_time () + (gint64) MAX (seconds, 0) * G_USEC_PER_SEC;
  if (seconds > 0)
    self->countdown_id = g_timeout_add (COUNTDOWN_TICK_MS, on_countdown_tick_cb, self);

  dnevnik_link_wizard_update_state (self);
}

/* --- pages --------------------------------------------------------------- */

static void
show_problem (DnevnikLinkWizard *self,
              const GError      *error)
{
  self->number_taken = g_error_matches (error, DNEVNIK_SERVICE_ERROR,
                                        DNEVNIK_SERVICE_ERROR_MAX_ACCOUNT_TAKEN);
  g_clear_object (&self->request);

  if (self->number_taken)
    {
      g_autofree char *phone = self->phone != NULL ? dnevnik_phone_format (self->phone) : NULL;
      g_autofree char *formatted = phone != NULL ? unbreakable (phone) : NULL;
      g_autofree char *escaped = formatted != NULL ? g_markup_escape_text (formatted, -1) : NULL;
      g_autofree char *description = NULL;

      /* The description of an AdwStatusPage is markup. */
      if (escaped != NULL)
        /* Translators: %s is a phone number, "+7 916 987-65-43" */
        description = g_strdup_printf (_("The MAX account of the number %s is already linked to another student’s diary. Use your own phone number. If this is your number, ask your teacher for help."),
                                       escaped);
      else
        description = g_strdup (_("The MAX account of this number is already linked to another student’s diary. Use your own phone number. If this is your number, ask your teacher for help."));

      adw_status_page_set_icon_name (self->problem_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->problem_page, _("This Number Is Linked to Someone Else"));
      adw_status_page_set_description (self->problem_page, description);
    }
  else
    {
      adw_status_page_set_icon_name (self->problem_page, "emblem-ok-symbolic");
      adw_status_page_set_title (self->problem_page, _("Your Account Is Already Linked"));
      adw_status_page_set_description (self->problem_page,
                                       _("Your diary account is already linked to a Sferum profile in MAX. You can see the link, and remove it, in My Passport on the Security tab."));
    }

  dnevnik_link_wizard_show_page (self, PAGE_PROBLEM);
}

static void
update_code_note (DnevnikLinkWizard *self)
{
  const char *masked = dnevnik_link_request_get_phone_masked (self->request);
  g_autofree char *number = unbreakable (masked != NULL ? masked : self->phone);
  g_autofree char *note = NULL;

  if (dnevnik_link_request_get_max_registered (self->request))
    /* Translators: %s is a masked phone number, "+7 916 ***-**-67" */
    note = g_strdup_printf (_("Enter the code we sent to %s"), number);
  else
    /* Translators: %s is a masked phone number, "+7 916 ***-**-67" */
    note = g_strdup_printf (_("The number %s is not registered in MAX yet. Enter the code from the SMS: it registers the number in MAX and links your account."),
                            number);

  gtk_label_set_text (self->code_note_label, note);
}

/* A request made it to the code page: a code is on its way. */
static void
show_code_page (DnevnikLinkWizard  *self,
                DnevnikLinkRequest *request)
{
  g_set_object (&self->request, request);
  self->code_expired = FALSE;

  dnevnik_code_entry_set_length (self->code_entry, dnevnik_link_request_get_code_length (request));
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
  update_code_note (self);

  dnevnik_link_wizard_show_page (self, PAGE_CODE);
  dnevnik_link_wizard_start_countdown (self, dnevnik_link_request_get_resend_in (request));
  if (self->outbox != NULL)
    dnevnik_training_outbox_check (self->outbox);
}

/* --- requests ------------------------------------------------------------ */

static void
on_start_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DnevnikLinkWizard) self = user_data;
  g_autoptr(DnevnikLinkRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  request = dnevnik_service_link_start_finish (DNEVNIK_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (request != NULL)
    {
      show_code_page (self, request);
    }
  else if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_ALREADY_LINKED))
    {
      show_problem (self, error);

      /* The other windows learn of a link made elsewhere. */
      dnevnik_service_refresh_link_status_async (self->service, NULL, NULL, NULL);
    }
  else if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_MAX_ACCOUNT_TAKEN))
    {
      show_problem (self, error);
    }
  else if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_RATE_LIMITED))
    {
      g_autofree char *message = format_rate_limited (dnevnik_service_error_get_retry_after (error));

      show_error (self, message, NEXT_NONE);
    }
  else if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_INVALID_PHONE))
    {
      show_error (self, error->message, NEXT_FIX);
    }
  else
    {
      show_error (self, error->message, next_for (error));
    }
}

static void
start_request (DnevnikLinkWizard *self)
{
  g_autofree char *phone = NULL;
  GCancellable *cancellable;

  /* On the code page a new request goes to the number of the old one. */
  if (self->page == PAGE_CODE && self->phone != NULL)
    phone = g_strdup (self->phone);
  else
    phone = g_strdup (dnevnik_phone_entry_get_phone (self->phone_row));

  if (phone == NULL || self->cancellable != NULL)
    return;

  g_free (self->phone);
  self->phone = g_steal_pointer (&phone);
  if (self->outbox != NULL)
    dnevnik_training_outbox_expect (self->outbox, self->phone);
  gtk_widget_set_visible (self->sms_card, FALSE);

  cancellable = dnevnik_link_wizard_begin_busy (self, OP_START);
  dnevnik_service_link_start_async (self->service, self->phone, cancellable,
                                    on_start_cb, g_object_ref (self));
}

static void
on_resend_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DnevnikLinkWizard) self = user_data;
  g_autoptr(DnevnikLinkRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  request = dnevnik_service_link_resend_finish (DNEVNIK_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (request != NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("A new code has been sent")));
      show_code_page (self, request);
    }
  else if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNKNOWN_REQUEST) ||
           g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NO_ATTEMPTS_LEFT) ||
           g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_CODE_EXPIRED) ||
           (self->code_expired &&
            g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_RATE_LIMITED)))
    {
      /* The server is done with this request: the student only wants a
       * code that works, so ask for a new one for the same number. */
      dnevnik_link_wizard_show_page (self, PAGE_CODE);
      start_request (self);
    }
  else if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_RATE_LIMITED))
    {
      dnevnik_link_wizard_show_page (self, PAGE_CODE);
      dnevnik_link_wizard_start_countdown (self, MAX (dnevnik_service_error_get_retry_after (error), 1));
    }
  else
    {
      show_error (self, error->message, next_for (error));
      dnevnik_link_wizard_start_countdown (self, 0);
    }
}

static void
resend_request (DnevnikLinkWizard *self)
{
  GCancellable *cancellable;

  if (self->request == NULL || self->cancellable != NULL)
    return;

  if (self->outbox != NULL)
    dnevnik_training_outbox_skip (self->outbox);
  cancellable = dnevnik_link_wizard_begin_busy (self, OP_RESEND);
  dnevnik_service_link_resend_async (self->service, self->request, cancellable,
                                     on_resend_cb, g_object_ref (self));
}

/* Back to the phone page, the number kept, saying why a new code is needed. */
static void
restart_from_phone (DnevnikLinkWizard *self,
                    const char        *message)
{
  forget_request (self);
  dnevnik_link_wizard_set_state (self, PAGE_PHONE, STATE_ERROR, message, NEXT_CONTINUE);
}

static void
on_confirm_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DnevnikLinkWizard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_service_link_confirm_finish (DNEVNIK_SERVICE (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error == NULL)
    {
      g_clear_object (&self->request);
      dnevnik_link_wizard_show_page (self, PAGE_DONE);
    }
  else if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_INVALID_CODE))
    {
      int attempts_left = dnevnik_service_error_get_attempts_left (error);
      g_autofree char *message = NULL;

      if (attempts_left > 0)
        message = g_strdup_printf (ngettext ("Wrong code. %d try left.",
                                             "Wrong code. %d tries left.",
                                             attempts_left),
                                   attempts_left);

      show_error (self, message != NULL ? message : error->message, NEXT_FIX);
    }
  else if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_CODE_EXPIRED))
    {
      self->code_expired = TRUE;
      dnevnik_link_wizard_stop_countdown (self);
      show_error (self, _("This code has expired. Press “Send the Code Again” to get a new one."), NEXT_RESEND);
    }
  else if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NO_ATTEMPTS_LEFT))
    {
      restart_from_phone (self, _("The code was entered wrong too many times, so it no longer works. Check the number and press “Continue” to get a new code."));
    }
  else if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNKNOWN_REQUEST))
    {
      restart_from_phone (self, _("This code no longer works. Press “Continue” to get a new code."));
    }
  else if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_ALREADY_LINKED) ||
           g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_MAX_ACCOUNT_TAKEN))
    {
      show_problem (self, error);
    }
  else
    {
      show_error (self, error->message, next_for (error));
    }
}

static void
confirm_request (DnevnikLinkWizard *self)
{
  g_autofree char *code = NULL;
  GCancellable *cancellable;

  if (self->cancellable != NULL || !dnevnik_link_wizard_input_is_complete (self, PAGE_CODE))
    return;

  code = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_entry)));
  cancellable = dnevnik_link_wizard_begin_busy (self, OP_CONFIRM);
  dnevnik_service_link_confirm_async (self->service, self->request, code, cancellable,
                                      on_confirm_cb, g_object_ref (self));
}

/* --- actions ------------------------------------------------------------- */

static void
show_phone_page (DnevnikLinkWizard *self)
{
  dnevnik_link_wizard_show_page (self, PAGE_PHONE);
}

static void
retry_request (DnevnikLinkWizard *self)
{
  switch (self->failed_op)
    {
    case OP_START:
      start_request (self);
      break;

    case OP_RESEND:
      resend_request (self);
      break;

    case OP_CONFIRM:
      confirm_request (self);
      break;

    case OP_NONE:
    default:
      break;
    }
}

static void
go_back (DnevnikLinkWizard *self)
{
  cancel_request (self);

  switch (self->page)
    {
    case PAGE_PHONE:
      dnevnik_link_wizard_show_page (self, PAGE_INTRO);
      break;

    case PAGE_CODE:
    case PAGE_PROBLEM:
      forget_request (self);
      dnevnik_link_wizard_show_page (self, PAGE_PHONE);
      break;

    case PAGE_INTRO:
    case PAGE_DONE:
    case N_PAGES:
    default:
      break;
    }
}

static void
show_passport (DnevnikLinkWizard *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  gboolean handled = FALSE;

  g_signal_emit_by_name (self, "show-passport", &handled);
  if (!handled && parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.passport", NULL);

  gtk_window_close (GTK_WINDOW (self));
}

static void
on_profile_launched_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(DnevnikLinkWizard) self = user_data;

  dnevnik_launch_uri_finish_or_toast (result, "the Sferum profile", self->toast_overlay,
                                      _("Could not open Sferum on this computer. Use “Open on Phone” instead."),
                                      6);
}

static void
open_profile (DnevnikLinkWizard *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  const char *url = dnevnik_link_status_get_profile_url (self->link_status);

  if (url == NULL)
    return;

  dnevnik_launch_uri (parent != NULL ? GTK_WIDGET (parent) : GTK_WIDGET (self), url, NULL,
                      on_profile_launched_cb, g_object_ref (self));
}

static void
open_on_phone (DnevnikLinkWizard *self)
{
  const char *url = dnevnik_link_status_get_profile_url (self->link_status);

  if (url != NULL)
    gtk_window_present (GTK_WINDOW (dnevnik_qr_dialog_new (GTK_WINDOW (self), url)));
}

/* The wizard.* actions: none takes a parameter. */
static const struct
{
  const char *name;
  void      (*activate) (DnevnikLinkWizard *self);
} actions[] = {
  { "wizard.next", show_phone_page },
  { "wizard.start", start_request },
  { "wizard.confirm", confirm_request },
  { "wizard.resend", resend_request },
  { "wizard.retry", retry_request },
  { "wizard.back", go_back },
  { "wizard.passport", show_passport },
  { "wizard.open-profile", open_profile },
  { "wizard.open-on-phone", open_on_phone },
};

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (action_name, actions[i].name))
      actions[i].activate (DNEVNIK_LINK_WIZARD (widget));
}

/* --- signal callbacks ----------------------------------------------------- */

static void
on_phone_changed_cb (DnevnikLinkWizard *self)
{
  if (self->page == PAGE_PHONE && self->state != STATE_BUSY)
    dnevnik_link_wizard_show_page (self, PAGE_PHONE);
}

static void
on_code_changed_cb (DnevnikLinkWizard *self)
{
  if (self->page != PAGE_CODE || self->state == STATE_BUSY)
    return;

  /* An expired code stays explained until a new one is asked for. */
  if (self->code_expired && self->state == STATE_ERROR)
    return;

  dnevnik_link_wizard_show_page (self, PAGE_CODE);
}

static gboolean
on_close_request_cb (DnevnikLinkWizard *self)
{
  /* Nothing half done: the request in flight is dropped, and the service
   * applies nothing of a cancelled call. */
  cancel_request (self);
  dnevnik_link_wizard_stop_countdown (self);

  return GDK_EVENT_PROPAGATE;
}

/* --- class --------------------------------------------------------------- */

void
dnevnik_link_wizard_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_phone_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_code_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_close_request_cb);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i].name, NULL, activate_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
}
