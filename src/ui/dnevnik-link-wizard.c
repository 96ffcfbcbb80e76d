/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dnevnik-link-wizard.h"
#include "dnevnik-phone.h"
#include "dnevnik-qr-dialog.h"

/* The linking wizard is a state machine over pages and states.
 *
 * Pages (DESIGN.md §2, the seed's steps 3–6):
 *
 *   intro ──Go to Linking──▶ phone ──Continue──▶ code ──Go to MAX──▶ done
 *     ▲                        │ ▲                 │
 *     └────────Back────────────┘ └──────Back───────┘
 *                              │                   │
 *                              └──▶ problem ◀──────┘   (a 409: already
 *                                     │ Back → phone    linked / MAX account
 *                                     │ My Passport     taken)
 *
 * States of the page shown:
 *
 *   IDLE   the page's input is incomplete: its main button is insensitive.
 *   READY  the input is complete: the main button, which is the window's
 *          default widget (so Enter in the entry presses it), sends it.
 *   BUSY   a request is in flight (self->cancellable is set): its button
 *          shows a spinner, the input keeps what was typed and cannot be
 *          edited, Back and closing the window cancel the request.  A
 *          cancelled request changes nothing: the service applies nothing
 *          of it, and its callback returns without touching the wizard.
 *   ERROR  the request failed: the page says why and what to do next, in
 *          the page, beside the input (not in a toast that goes away);
 *          network failures offer Try Again, which repeats the request with
 *          what was typed.  Editing the input leaves ERROR for IDLE/READY.
 *   DONE   linked: the done page shows the shared #DnevnikLinkStatus.
 *
 * Failures that send the student elsewhere: no attempts left, or a
 * request the server forgot (replaced, finished) → back to the phone page
 * with the number kept and an explanation; an expired code → resend
 * becomes available at once, and a resend the server refuses for that
 * request starts a new one for the same number.
 *
 * The wizard binds to the service's one #DnevnikLinkStatus: when the
 * account becomes linked elsewhere while it is open (another window, the
 * phone app), it moves to the done page unless it is waiting for a reply
 * or explaining a 409.
 *
 * Training mode: #DnevnikLinkWizard:training-sms-file names the sandbox's
 * SMS outbox.  It is watched, and each new message for the number being
 * linked is shown in the code page and as a desktop notification, as the
 * SMS would reach a phone.
 */

typedef enum
{
  PAGE_INTRO,
  PAGE_PHONE,
  PAGE_CODE,
  PAGE_PROBLEM,
  PAGE_DONE,
} Page;

static const char * const page_names[] = { "intro", "phone", "code", "problem", "done" };

typedef enum
{
  STATE_IDLE,
  STATE_READY,
  STATE_BUSY,
  STATE_ERROR,
  STATE_DONE,
} State;

typedef enum
{
  OP_NONE,
  OP_START,
  OP_RESEND,
  OP_CONFIRM,
} Operation;

#define COUNTDOWN_TICK_MS 250
#define SMS_NOTIFICATION_ID "dnevnik-training-sms"

struct _DnevnikLinkWizard
{
  AdwWindow           parent_instance;

  /* template widgets */
  AdwToastOverlay    *toast_overlay;
  GtkButton          *back_button;
  GtkStack           *stack;
  GtkButton          *intro_button;
  GtkLinkButton      *get_max_button;
  AdwEntryRow        *phone_row;
  GtkWidget          *phone_error_box;
  GtkLabel           *phone_error_label;
  GtkWidget          *phone_retry_button;
  GtkButton          *continue_button;
  GtkSpinner         *continue_spinner;
  GtkLabel           *code_note_label;
  GtkWidget          *sms_card;
  GtkLabel           *sms_label;
  GtkEntry           *code_entry;
  GtkWidget          *code_error_box;
  GtkLabel           *code_error_label;
  GtkWidget          *code_retry_button;
  GtkButton          *confirm_button;
  GtkSpinner         *confirm_spinner;
  GtkLabel           *countdown_label;
  GtkButton          *resend_button;
  AdwStatusPage      *problem_page;
  GtkButton          *passport_button;
  GtkWidget          *other_number_button;
  AdwActionRow       *done_phone_row;
  AdwActionRow       *done_account_row;
  GtkButton          *open_profile_button;
  GtkButton          *open_on_phone_button;

  /* owned */
  DnevnikService     *service;
  DnevnikLinkStatus  *link_status;
  GCancellable       *cancellable;      /* the request in flight, if any */
  DnevnikLinkRequest *request;          /* the code page's request */
  char               *phone;            /* +79…, the number of @request */
  char               *training_sms_file;
  GFileMonitor       *sms_monitor;
  GCancellable       *sms_cancellable;

  Page                page;
  State               state;
  Operation           busy_op;          /* what self->cancellable is for */
  Operation           failed_op;        /* what Try Again repeats */
  gint64              resend_deadline;  /* monotonic µs */
  guint               countdown_id;
  goffset             sms_offset;       /* outbox bytes already looked at */
  gboolean            code_expired;
  gboolean            notified;
};

G_DEFINE_FINAL_TYPE (DnevnikLinkWizard, dnevnik_link_wizard, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_TRAINING_SMS_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SHOW_PASSPORT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_request (DnevnikLinkWizard *self);
static void read_outbox   (DnevnikLinkWizard *self);

/* --- helpers ------------------------------------------------------------- */

static char *
get_national_digits (DnevnikLinkWizard *self)
{
  return dnevnik_phone_extract_national (gtk_editable_get_text (GTK_EDITABLE (self->phone_row)));
}

/* Returns: (transfer full) (nullable): the number typed, as +79…, or NULL
 * while it is not a complete Russian mobile number. */
static char *
get_typed_phone (DnevnikLinkWizard *self)
{
  g_autofree char *national = get_national_digits (self);

  if (strlen (national) != DNEVNIK_PHONE_NATIONAL_DIGITS)
    return NULL;

  return dnevnik_phone_normalize (national);
}

static gboolean
code_is_complete (DnevnikLinkWizard *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_entry));

  return self->request != NULL &&
         (int) strlen (code) == dnevnik_link_request_get_code_length (self->request);
}

static gboolean
input_is_complete (DnevnikLinkWizard *self)
{
  switch (self->page)
    {
    case PAGE_PHONE:
      {
        g_autofree char *phone = get_typed_phone (self);

        return phone != NULL;
      }

    case PAGE_CODE:
      return code_is_complete (self) && !self->code_expired;

    case PAGE_INTRO:
    case PAGE_PROBLEM:
      return TRUE;

    case PAGE_DONE:
    default:
      return FALSE;
    }
}

static gboolean
resend_allowed (DnevnikLinkWizard *self)
{
  return self->code_expired || self->resend_deadline <= g_get_monotonic_time ();
}

static void
update_actions (DnevnikLinkWizard *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean busy = self->state == STATE_BUSY;
  const char *profile_url = self->link_status != NULL
                            ? dnevnik_link_status_get_profile_url (self->link_status) : NULL;

  gtk_widget_action_set_enabled (widget, "wizard.next", self->page == PAGE_INTRO);
  gtk_widget_action_set_enabled (widget, "wizard.start",
                                 self->page == PAGE_PHONE && !busy && input_is_complete (self));
  gtk_widget_action_set_enabled (widget, "wizard.confirm",
                                 self->page == PAGE_CODE && !busy && input_is_complete (self));
  gtk_widget_action_set_enabled (widget, "wizard.resend",
                                 self->page == PAGE_CODE && !busy && resend_allowed (self));
  gtk_widget_action_set_enabled (widget, "wizard.retry", !busy && self->failed_op != OP_NONE);
  gtk_widget_action_set_enabled (widget, "wizard.back",
                                 self->page == PAGE_PHONE || self->page == PAGE_CODE ||
                                 self->page == PAGE_PROBLEM);
  gtk_widget_action_set_enabled (widget, "wizard.passport", self->page == PAGE_PROBLEM);
  gtk_widget_action_set_enabled (widget, "wizard.open-profile",
                                 self->page == PAGE_DONE && profile_url != NULL);
  gtk_widget_action_set_enabled (widget, "wizard.open-on-phone",
                                 self->page == PAGE_DONE && profile_url != NULL);
}

/* The state a page is in when nothing is in flight and nothing failed. */
static void
set_state_from_input (DnevnikLinkWizard *self)
{
  if (self->page == PAGE_DONE)
    self->state = STATE_DONE;
  else
    self->state = input_is_complete (self) ? STATE_READY : STATE_IDLE;

  update_actions (self);
}

static void
hide_errors (DnevnikLinkWizard *self)
{
  gtk_widget_set_visible (self->phone_error_box, FALSE);
  gtk_widget_set_visible (self->code_error_box, FALSE);
  self->failed_op = OP_NONE;
}

/* Says what went wrong in the page shown (phone or code), under its input.
 * @retry: the request Try Again repeats, or OP_NONE when repeating it as it
 * is cannot help. */
static void
show_error (DnevnikLinkWizard *self,
            const char        *message,
            Operation          retry)
{
  gboolean on_code_page = self->page == PAGE_CODE;
  GtkWidget *box = on_code_page ? self->code_error_box : self->phone_error_box;
  GtkLabel *label = on_code_page ? self->code_error_label : self->phone_error_label;
  GtkWidget *retry_button = on_code_page ? self->code_retry_button : self->phone_retry_button;

  gtk_label_set_text (label, message);
  gtk_widget_set_visible (retry_button, retry != OP_NONE);
  gtk_widget_set_visible (box, TRUE);

  self->failed_op = retry;
  self->state = STATE_ERROR;
  update_actions (self);

  if (retry != OP_NONE)
    gtk_widget_grab_focus (retry_button);
}

static gboolean
is_connection_error (const GError *error)
{
  return g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NETWORK) ||
         g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_TIMEOUT) ||
         g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_SERVER) ||
         g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_PROTOCOL);
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

static void
set_editable (DnevnikLinkWizard *self,
              gboolean           editable)
{
  gtk_editable_set_editable (GTK_EDITABLE (self->phone_row), editable);
  gtk_editable_set_editable (GTK_EDITABLE (self->code_entry), editable);
}

static void
set_spinner (GtkSpinner *spinner,
             gboolean    spinning)
{
  gtk_widget_set_visible (GTK_WIDGET (spinner), spinning);
  gtk_spinner_set_spinning (spinner, spinning);
}

/* Returns: (transfer none): the cancellable of the new request */
static GCancellable *
begin_busy (DnevnikLinkWizard *self,
            Operation          op)
{
  g_assert (self->cancellable == NULL);

  self->cancellable = g_cancellable_new ();
  self->busy_op = op;
  self->state = STATE_BUSY;
  hide_errors (self);
  set_editable (self, FALSE);
  set_spinner (self->continue_spinner, op == OP_START && self->page == PAGE_PHONE);
  set_spinner (self->confirm_spinner, op == OP_CONFIRM || (op == OP_START && self->page == PAGE_CODE));
  if (op == OP_RESEND)
    {
      gtk_label_set_text (self->countdown_label, _("Sending a new code…"));
      gtk_widget_set_visible (GTK_WIDGET (self->countdown_label), TRUE);
    }
  update_actions (self);

  return self->cancellable;
}

static void
end_busy (DnevnikLinkWizard *self)
{
  g_clear_object (&self->cancellable);
  self->busy_op = OP_NONE;
  set_editable (self, TRUE);
  set_spinner (self->continue_spinner, FALSE);
  set_spinner (self->confirm_spinner, FALSE);
  set_state_from_input (self);
}

/* Cancels the request in flight, if any; its callback will see
 * G_IO_ERROR_CANCELLED and leave the wizard alone. */
static void
cancel_request (DnevnikLinkWizard *self)
{
  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  end_busy (self);
}

/* --- the countdown to «Отправить код повторно» ---------------------------- */

static void
stop_countdown (DnevnikLinkWizard *self)
{
  g_clear_handle_id (&self->countdown_id, g_source_remove);
}

static gboolean
update_countdown (DnevnikLinkWizard *self)
{
  gint64 remaining_us = self->resend_deadline - g_get_monotonic_time ();
  g_autofree char *text = NULL;
  int remaining;

  if (self->state == STATE_BUSY && self->busy_op == OP_RESEND)
    return G_SOURCE_CONTINUE;

  if (remaining_us <= 0 || self->code_expired)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->countdown_label), FALSE);
      self->countdown_id = 0;
      update_actions (self);
      return G_SOURCE_REMOVE;
    }

  remaining = (int) ((remaining_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  text = g_strdup_printf (_("You can ask for a new code in %d:%02d"), remaining / 60, remaining % 60);
  gtk_label_set_text (self->countdown_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->countdown_label), TRUE);
  update_actions (self);

  return G_SOURCE_CONTINUE;
}

static gboolean
on_countdown_tick_cb (gpointer user_data)
{
  return update_countdown (user_data);
}

static void
start_countdown (DnevnikLinkWizard *self,
                 int                seconds)
{
  stop_countdown (self);
  self->resend_deadline = g_get_monotonic_time () + (gint64) MAX (seconds, 0) * G_USEC_PER_SEC;

  /* Counting from the deadline, not the ticks, keeps the label right even
   * when the main loop was busy for a moment. */
  if (update_countdown (self) == G_SOURCE_CONTINUE)
    self->countdown_id = g_timeout_add (COUNTDOWN_TICK_MS, on_countdown_tick_cb, self);
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

/* --- pages --------------------------------------------------------------- */

static void
update_done_page (DnevnikLinkWizard *self)
{
  const char *phone = dnevnik_link_status_get_phone_masked (self->link_status);
  const char *account_id = dnevnik_link_status_get_account_id (self->link_status);

  adw_action_row_set_subtitle (self->done_phone_row, phone != NULL ? phone : "");
  gtk_widget_set_visible (GTK_WIDGET (self->done_phone_row), phone != NULL);
  adw_action_row_set_subtitle (self->done_account_row, account_id != NULL ? account_id : "");
  gtk_widget_set_visible (GTK_WIDGET (self->done_account_row), account_id != NULL);
}

static void
show_page (DnevnikLinkWizard *self,
           Page               page)
{
  GtkWidget *default_widget = NULL;
  GtkWidget *focus = NULL;

  self->page = page;
  gtk_stack_set_visible_child_name (self->stack, page_names[page]);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button),
                          page == PAGE_PHONE || page == PAGE_CODE || page == PAGE_PROBLEM);

  switch (page)
    {
    case PAGE_INTRO:
      default_widget = focus = GTK_WIDGET (self->intro_button);
      break;

    case PAGE_PHONE:
      default_widget = GTK_WIDGET (self->continue_button);
      focus = GTK_WIDGET (self->phone_row);
      break;

    case PAGE_CODE:
      default_widget = GTK_WIDGET (self->confirm_button);
      focus = GTK_WIDGET (self->code_entry);
      break;

    case PAGE_PROBLEM:
      default_widget = focus = GTK_WIDGET (self->passport_button);
      break;

    case PAGE_DONE:
      stop_countdown (self);
      update_done_page (self);
      default_widget = focus = GTK_WIDGET (self->open_profile_button);
      break;

    default:
      g_assert_not_reached ();
    }

  /* Actions first: an insensitive button cannot take the focus. */
  set_state_from_input (self);
  gtk_window_set_default_widget (GTK_WINDOW (self), default_widget);
  gtk_widget_grab_focus (focus);
}

static void
show_problem (DnevnikLinkWizard *self,
              const GError      *error)
{
  gboolean taken = g_error_matches (error, DNEVNIK_SERVICE_ERROR,
                                    DNEVNIK_SERVICE_ERROR_MAX_ACCOUNT_TAKEN);

  stop_countdown (self);
  g_clear_object (&self->request);

  if (taken)
    {
      g_autofree char *phone = self->phone != NULL ? dnevnik_phone_format (self->phone) : NULL;
      g_autofree char *formatted = phone != NULL ? unbreakable (phone) : NULL;
      g_autofree char *description = NULL;

      if (formatted != NULL)
        /* Translators: %s is a phone number, "+7 916 987-65-43" */
        description = g_strdup_printf (_("The MAX account of the number %s is already linked to another student’s diary. Use your own phone number. If this is your number, ask your teacher for help."),
                                       formatted);
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

  gtk_widget_set_visible (self->other_number_button, taken);
  show_page (self, PAGE_PROBLEM);
}

static void
update_code_note (DnevnikLinkWizard *self)
{
  g_autofree char *masked = NULL;
  g_autofree char *note = NULL;

  masked = unbreakable (dnevnik_link_request_get_phone_masked (self->request) != NULL
                        ? dnevnik_link_request_get_phone_masked (self->request)
                        : self->phone);

  if (dnevnik_link_request_get_max_registered (self->request))
    /* Translators: %s is a masked phone number, "+7 916 ***-**-67" */
    note = g_strdup_printf (_("Enter the code we sent to %s"), masked);
  else
    /* Translators: %s is a masked phone number, "+7 916 ***-**-67" */
    note = g_strdup_printf (_("The number %s is not registered in MAX yet. Enter the code from the SMS: it registers the number in MAX and links your account."),
                            masked);

  gtk_label_set_text (self->code_note_label, note);
}

/* A request made it to the code page: a code is on its way. */
static void
show_code_page (DnevnikLinkWizard  *self,
                DnevnikLinkRequest *request)
{
  int length = dnevnik_link_request_get_code_length (request);

  g_set_object (&self->request, request);
  self->code_expired = FALSE;

  gtk_entry_set_max_length (self->code_entry, length);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->code_entry), length + 1);
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
  update_code_note (self);

  show_page (self, PAGE_CODE);
  start_countdown (self, dnevnik_link_request_get_resend_in (request));
  read_outbox (self);
}

/* --- training mode: the sandbox's SMS outbox ------------------------------ */

static void
show_sms (DnevnikLinkWizard *self,
          const char        *text)
{
  GApplication *application = g_application_get_default ();

  gtk_label_set_text (self->sms_label, text);
  gtk_widget_set_visible (self->sms_card, TRUE);

  /* As the SMS would reach a phone: also outside the window. */
  if (application != NULL && g_application_get_is_registered (application))
    {
      g_autoptr(GNotification) notification = g_notification_new (_("SMS from Sferum"));

      g_notification_set_body (notification, text);
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
      g_application_send_notification (application, SMS_NOTIFICATION_ID, notification);
      self->notified = TRUE;
    }
}

static void
on_outbox_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DnevnikLinkWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *newest = NULL;
  gsize length;
  const char *line;
  const char *end;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_debug ("Could not read the training SMS outbox: %s", error->message);
      return;
    }

  /* A teacher's --reset empties the outbox. */
  if ((goffset) length < self->sms_offset)
    self->sms_offset = 0;

  if (self->phone == NULL)
    return;

  /* Only complete lines: the sandbox may be writing the next one. */
  for (line = contents + self->sms_offset;
       (end = memchr (line, '\n', contents + length - line)) != NULL;
       line = end + 1)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;
      JsonObject *message;

      self->sms_offset = end + 1 - contents;

      if (!json_parser_load_from_data (parser, line, end - line, NULL))
        continue;

      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        continue;

      message = json_node_get_object (root);
      if (g_strcmp0 (json_object_get_string_member_with_default (message, "phone", NULL), self->phone) != 0)
        continue;

      g_free (newest);
      newest = g_strdup (json_object_get_string_member_with_default (message, "text", NULL));
    }

  if (newest != NULL)
    show_sms (self, newest);
}

static void
read_outbox (DnevnikLinkWizard *self)
{
  g_autoptr(GFile) file = NULL;

  if (self->training_sms_file == NULL || self->sms_cancellable == NULL)
    return;

  file = g_file_new_for_path (self->training_sms_file);
  g_file_load_contents_async (file, self->sms_cancellable, on_outbox_loaded_cb, g_object_ref (self));
}

/* Messages already in the outbox belong to earlier requests. */
static void
skip_outbox (DnevnikLinkWizard *self)
{
  GStatBuf st;

  if (self->training_sms_file != NULL && g_stat (self->training_sms_file, &st) == 0)
    self->sms_offset = st.st_size;
  else
    self->sms_offset = 0;
}

static void
on_outbox_changed_cb (GFileMonitor      *monitor,
                      GFile             *file,
                      GFile             *other_file,
                      GFileMonitorEvent  event,
                      DnevnikLinkWizard *self)
{
  if (event == G_FILE_MONITOR_EVENT_CHANGED ||
      event == G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT ||
      event == G_FILE_MONITOR_EVENT_CREATED)
    read_outbox (self);
}

static void
stop_watching_outbox (DnevnikLinkWizard *self)
{
  g_cancellable_cancel (self->sms_cancellable);
  g_clear_object (&self->sms_cancellable);
  if (self->sms_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sms_monitor, self);
      g_file_monitor_cancel (self->sms_monitor);
      g_clear_object (&self->sms_monitor);
    }
}

static void
watch_outbox (DnevnikLinkWizard *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  stop_watching_outbox (self);
  if (self->training_sms_file == NULL)
    return;

  self->sms_cancellable = g_cancellable_new ();
  skip_outbox (self);

  file = g_file_new_for_path (self->training_sms_file);
  self->sms_monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, &error);
  if (self->sms_monitor == NULL)
    {
      /* Still shown after each request: the wizard reads the outbox then. */
      g_debug ("Could not watch the training SMS outbox: %s", error->message);
      return;
    }

  g_signal_connect (self->sms_monitor, "changed", G_CALLBACK (on_outbox_changed_cb), self);
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

  end_busy (self);

  if (request != NULL)
    {
      show_code_page (self, request);
      return;
    }

  if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_ALREADY_LINKED) ||
      g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_MAX_ACCOUNT_TAKEN))
    {
      show_problem (self, error);

      /* The other windows learn of a link made elsewhere. */
      if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_ALREADY_LINKED))
        dnevnik_service_refresh_link_status_async (self->service, NULL, NULL, NULL);
    }
  else if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_RATE_LIMITED))
    {
      g_autofree char *message = format_rate_limited (dnevnik_service_error_get_retry_after (error));

      show_error (self, message, OP_NONE);
    }
  else if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_INVALID_PHONE))
    {
      show_error (self, error->message, OP_NONE);
      gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));
    }
  else
    {
      show_error (self, error->message, is_connection_error (error) ? OP_START : OP_NONE);
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
    phone = get_typed_phone (self);

  if (phone == NULL || self->cancellable != NULL)
    return;

  g_free (self->phone);
  self->phone = g_steal_pointer (&phone);
  skip_outbox (self);
  gtk_widget_set_visible (self->sms_card, FALSE);

  cancellable = begin_busy (self, OP_START);
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

  end_busy (self);

  if (request != NULL)
    {
      AdwToast *toast = adw_toast_new (_("A new code has been sent"));

      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      show_code_page (self, request);
      return;
    }

  if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNKNOWN_REQUEST) ||
      g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NO_ATTEMPTS_LEFT) ||
      g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_CODE_EXPIRED) ||
      (self->code_expired &&
       g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_RATE_LIMITED)))
    {
      /* The server is done with this request: the student only wants a
       * code that works, so ask for a new one for the same number. */
      start_request (self);
    }
  else if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_RATE_LIMITED))
    {
      start_countdown (self, MAX (dnevnik_service_error_get_retry_after (error), 1));
    }
  else
    {
      show_error (self, error->message, is_connection_error (error) ? OP_RESEND : OP_NONE);
      start_countdown (self, 0);
    }
}

static void
resend_request (DnevnikLinkWizard *self)
{
  GCancellable *cancellable;

  if (self->request == NULL || self->cancellable != NULL)
    return;

  skip_outbox (self);
  cancellable = begin_busy (self, OP_RESEND);
  dnevnik_service_link_resend_async (self->service, self->request, cancellable,
                                     on_resend_cb, g_object_ref (self));
}

/* Back to the phone page, the number kept, saying why a new code is needed. */
static void
restart_from_phone (DnevnikLinkWizard *self,
                    const char        *message)
{
  stop_countdown (self);
  g_clear_object (&self->request);
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
  gtk_widget_set_visible (self->sms_card, FALSE);
  show_page (self, PAGE_PHONE);
  show_error (self, message, OP_NONE);
  gtk_widget_grab_focus (GTK_WIDGET (self->continue_button));
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

  end_busy (self);

  if (error == NULL)
    {
      g_clear_object (&self->request);
      show_page (self, PAGE_DONE);
      return;
    }

  if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_INVALID_CODE))
    {
      int attempts_left = dnevnik_service_error_get_attempts_left (error);

      if (attempts_left > 0)
        {
          g_autofree char *message =
            g_strdup_printf (ngettext ("Wrong code. %d try left.",
                                       "Wrong code. %d tries left.",
                                       attempts_left),
                             attempts_left);

          show_error (self, message, OP_NONE);
        }
      else
        {
          show_error (self, error->message, OP_NONE);
        }

      /* Typing the right code replaces the wrong one. */
      gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
      gtk_editable_select_region (GTK_EDITABLE (self->code_entry), 0, -1);
    }
  else if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_CODE_EXPIRED))
    {
      self->code_expired = TRUE;
      stop_countdown (self);
      gtk_widget_set_visible (GTK_WIDGET (self->countdown_label), FALSE);
      show_error (self, _("This code has expired. Press “Send the Code Again” to get a new one."), OP_NONE);
      gtk_widget_grab_focus (GTK_WIDGET (self->resend_button));
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
      show_error (self, error->message, is_connection_error (error) ? OP_CONFIRM : OP_NONE);
    }
}

static void
confirm_request (DnevnikLinkWizard *self)
{
  g_autofree char *code = NULL;
  GCancellable *cancellable;

  if (self->request == NULL || self->cancellable != NULL || !code_is_complete (self))
    return;

  code = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_entry)));
  cancellable = begin_busy (self, OP_CONFIRM);
  dnevnik_service_link_confirm_async (self->service, self->request, code, cancellable,
                                      on_confirm_cb, g_object_ref (self));
}

/* --- actions ------------------------------------------------------------- */

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_page (DNEVNIK_LINK_WIZARD (widget), PAGE_PHONE);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start_request (DNEVNIK_LINK_WIZARD (widget));
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  confirm_request (DNEVNIK_LINK_WIZARD (widget));
}

static void
resend_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  resend_request (DNEVNIK_LINK_WIZARD (widget));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  DnevnikLinkWizard *self = DNEVNIK_LINK_WIZARD (widget);

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
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DnevnikLinkWizard *self = DNEVNIK_LINK_WIZARD (widget);

  cancel_request (self);
  hide_errors (self);

  switch (self->page)
    {
    case PAGE_PHONE:
      show_page (self, PAGE_INTRO);
      break;

    case PAGE_CODE:
    case PAGE_PROBLEM:
      stop_countdown (self);
      g_clear_object (&self->request);
      gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
      gtk_widget_set_visible (self->sms_card, FALSE);
      show_page (self, PAGE_PHONE);
      break;

    case PAGE_INTRO:
    case PAGE_DONE:
    default:
      break;
    }
}

static void
passport_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DnevnikLinkWizard *self = DNEVNIK_LINK_WIZARD (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  gboolean handled = FALSE;

  g_signal_emit (self, signals[SHOW_PASSPORT], 0, &handled);
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
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      AdwToast *toast;

      g_debug ("Could not open the Sferum profile: %s", error->message);
      toast = adw_toast_new (_("Could not open Sferum on this computer. Use “Open on Phone” instead."));
      adw_toast_set_timeout (toast, 6);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

static void
open_profile_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DnevnikLinkWizard *self = DNEVNIK_LINK_WIZARD (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  const char *url = dnevnik_link_status_get_profile_url (self->link_status);
  g_autoptr(GdkAppLaunchContext) context = NULL;

  if (url == NULL)
    return;

  context = gdk_display_get_app_launch_context (gtk_widget_get_display (parent != NULL
                                                                        ? GTK_WIDGET (parent)
                                                                        : widget));
  g_app_info_launch_default_for_uri_async (url, G_APP_LAUNCH_CONTEXT (context), NULL,
                                           on_profile_launched_cb, g_object_ref (self));
}

static void
open_on_phone_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DnevnikLinkWizard *self = DNEVNIK_LINK_WIZARD (widget);
  const char *url = dnevnik_link_status_get_profile_url (self->link_status);

  if (url != NULL)
    gtk_window_present (GTK_WINDOW (dnevnik_qr_dialog_new (GTK_WINDOW (self), url)));
}

/* --- signal callbacks ----------------------------------------------------- */

/* The phone entry shows the national digits written as "916 123-45-67"
 * while the student types, deletes or pastes ("8 916 …", "+7 (916) …").
 * The edit is applied to the text as it would be, then the result is
 * formatted again and the caret put after the same digit: handled in
 * "insert-text" and "delete-text" of the entry's GtkText, before GTK
 * applies the edit itself, so that GTK places the caret where we say. */
static void
set_formatted_phone (DnevnikLinkWizard *self,
                     GtkEditable       *text,
                     const char        *raw,
                     int                digits_before,
                     int               *position)
{
  g_autofree char *national = dnevnik_phone_extract_national (raw);
  g_autofree char *formatted = dnevnik_phone_format_national (national);
  g_autoptr(GString) raw_digits = g_string_new (NULL);
  int caret = 0;

  for (const char *p = raw; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (raw_digits, *p);

  /* A trunk prefix ("8", "+7") the national form drops. */
  if (!g_str_has_prefix (raw_digits->str, national) && digits_before > 0)
    digits_before--;

  for (const char *p = formatted; *p != '\0' && digits_before > 0; p++, caret++)
    if (g_ascii_isdigit (*p))
      digits_before--;

  g_signal_handlers_block_matched (text, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_editable_set_text (text, formatted);
  g_signal_handlers_unblock_matched (text, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);

  if (position != NULL)
    *position = caret;
  else
    gtk_editable_set_position (text, caret);
}

static int
count_digits (const char *text,
              gsize       length)
{
  int n = 0;

  for (gsize i = 0; i < length && text[i] != '\0'; i++)
    if (g_ascii_isdigit (text[i]))
      n++;

  return n;
}

static void
on_phone_insert_text_cb (GtkEditable       *text,
                         const char        *new_text,
                         int                length,
                         int               *position,
                         DnevnikLinkWizard *self)
{
  const char *old = gtk_editable_get_text (text);
  const char *at = g_utf8_offset_to_pointer (old, *position);
  g_autoptr(GString) raw = g_string_new_len (old, at - old);
  int digits_before;

  if (length < 0)
    length = strlen (new_text);

  g_string_append_len (raw, new_text, length);
  digits_before = count_digits (raw->str, raw->len);
  g_string_append (raw, at);

  g_signal_stop_emission_by_name (text, "insert-text");
  set_formatted_phone (self, text, raw->str, digits_before, position);
}

static void
on_phone_delete_text_cb (GtkEditable       *text,
                         int                start_pos,
                         int                end_pos,
                         DnevnikLinkWizard *self)
{
  const char *old = gtk_editable_get_text (text);
  int n_chars = g_utf8_strlen (old, -1);
  const char *start;
  const char *end;
  g_autoptr(GString) raw = NULL;

  if (end_pos < 0 || end_pos > n_chars)
    end_pos = n_chars;
  if (start_pos >= end_pos)
    return;

  start = g_utf8_offset_to_pointer (old, start_pos);
  end = g_utf8_offset_to_pointer (old, end_pos);

  /* Deleting only a space or a dash would change nothing once formatted
   * again: delete the digit beside it, the way the caret moves. */
  if (count_digits (start, end - start) == 0)
    {
      gboolean forward = gtk_editable_get_position (text) <= start_pos;

      if (forward)
        {
          while (*end != '\0' && !g_ascii_isdigit (*end))
            end++;
          if (*end != '\0')
            end++;
        }
      else
        {
          while (start > old && !g_ascii_isdigit (start[-1]))
            start--;
          if (start > old)
            start--;
        }
    }

  raw = g_string_new_len (old, start - old);
  g_string_append (raw, end);

  g_signal_stop_emission_by_name (text, "delete-text");
  set_formatted_phone (self, text, raw->str, count_digits (old, start - old), NULL);
}

static void
on_phone_changed_cb (DnevnikLinkWizard *self)
{
  if (self->page == PAGE_PHONE && self->state != STATE_BUSY)
    {
      hide_errors (self);
      set_state_from_input (self);
    }
}

/* Digits only, whether typed or pasted: "Код: 123 456" becomes 123456. */
static void
on_code_insert_text_cb (GtkEditable       *editable,
                        const char        *text,
                        int                length,
                        int               *position,
                        DnevnikLinkWizard *self)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  if (length < 0)
    length = strlen (text);

  for (int i = 0; i < length; i++)
    if (g_ascii_isdigit (text[i]))
      g_string_append_c (digits, text[i]);

  if ((int) digits->len == length)
    return;

  g_signal_stop_emission_by_name (editable, "insert-text");

  if (digits->len == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self->code_entry));
      return;
    }

  g_signal_handlers_block_by_func (editable, on_code_insert_text_cb, self);
  gtk_editable_insert_text (editable, digits->str, digits->len, position);
  g_signal_handlers_unblock_by_func (editable, on_code_insert_text_cb, self);
}

static void
on_code_changed_cb (DnevnikLinkWizard *self)
{
  if (self->page != PAGE_CODE || self->state == STATE_BUSY)
    return;

  /* An expired code stays explained until a new one is asked for. */
  if (!self->code_expired)
    hide_errors (self);

  if (self->state != STATE_ERROR || !self->code_expired)
    set_state_from_input (self);
}

static void
on_link_status_changed_cb (DnevnikLinkWizard *self)
{
  update_done_page (self);

  /* Linked elsewhere (another window, the phone app) while open.  While a
   * reply is awaited it decides; a 409 page already says why. */
  if (dnevnik_link_status_get_linked (self->link_status) &&
      self->state != STATE_BUSY &&
      self->page != PAGE_DONE && self->page != PAGE_PROBLEM)
    {
      hide_errors (self);
      show_page (self, PAGE_DONE);
    }

  update_actions (self);
}

static gboolean
on_close_request_cb (DnevnikLinkWizard *self)
{
  /* Nothing half done: the request in flight is dropped, and the service
   * applies nothing of a cancelled call. */
  cancel_request (self);
  stop_countdown (self);

  return GDK_EVENT_PROPAGATE;
}

/* --- GObject ------------------------------------------------------------- */

static void
set_service (DnevnikLinkWizard *self,
             DnevnikService    *service)
{
  g_assert (self->service == NULL);

  if (service == NULL)
    return;

  self->service = g_object_ref (service);
  self->link_status = g_object_ref (dnevnik_service_get_link_status (service));
  g_signal_connect_object (self->link_status, "notify",
                           G_CALLBACK (on_link_status_changed_cb), self,
                           G_CONNECT_SWAPPED);

  if (dnevnik_link_status_get_linked (self->link_status))
    show_page (self, PAGE_DONE);
}

static void
dnevnik_link_wizard_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DnevnikLinkWizard *self = DNEVNIK_LINK_WIZARD (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_TRAINING_SMS_FILE:
      g_value_set_string (value, self->training_sms_file);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_link_wizard_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DnevnikLinkWizard *self = DNEVNIK_LINK_WIZARD (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      set_service (self, g_value_get_object (value));
      break;

    case PROP_TRAINING_SMS_FILE:
      dnevnik_link_wizard_set_training_sms_file (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_link_wizard_constructed (GObject *object)
{
  DnevnikLinkWizard *self = DNEVNIK_LINK_WIZARD (object);

  G_OBJECT_CLASS (dnevnik_link_wizard_parent_class)->constructed (object);

  g_return_if_fail (self->service != NULL);
  update_actions (self);
}

static void
dnevnik_link_wizard_dispose (GObject *object)
{
  DnevnikLinkWizard *self = DNEVNIK_LINK_WIZARD (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_countdown (self);
  stop_watching_outbox (self);

  if (self->notified)
    {
      GApplication *application = g_application_get_default ();

      if (application != NULL)
        g_application_withdraw_notification (application, SMS_NOTIFICATION_ID);
      self->notified = FALSE;
    }

  g_clear_object (&self->request);
  g_clear_object (&self->link_status);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (dnevnik_link_wizard_parent_class)->dispose (object);
}

static void
dnevnik_link_wizard_finalize (GObject *object)
{
  DnevnikLinkWizard *self = DNEVNIK_LINK_WIZARD (object);

  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->training_sms_file, g_free);

  G_OBJECT_CLASS (dnevnik_link_wizard_parent_class)->finalize (object);
}

static void
dnevnik_link_wizard_class_init (DnevnikLinkWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dnevnik_link_wizard_get_property;
  object_class->set_property = dnevnik_link_wizard_set_property;
  object_class->constructed = dnevnik_link_wizard_constructed;
  object_class->dispose = dnevnik_link_wizard_dispose;
  object_class->finalize = dnevnik_link_wizard_finalize;

  /**
   * DnevnikLinkWizard:service:
   *
   * The service whose link status the wizard works on.
   */
  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DNEVNIK_TYPE_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLinkWizard:training-sms-file:
   *
   * In training mode, the sandbox's SMS outbox (JSON lines): its new
   * messages for the number being linked are shown to the student.
   */
  properties[PROP_TRAINING_SMS_FILE] =
    g_param_spec_string ("training-sms-file", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DnevnikLinkWizard::show-passport:
   *
   * The student asked for «Мой паспорт»; return %TRUE when handled, else
   * the wizard activates `win.passport` on its parent.
   */
  signals[SHOW_PASSPORT] =
    g_signal_new ("show-passport",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_true_handled, NULL,
                  NULL,
                  G_TYPE_BOOLEAN, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/dnevnik-link-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, stack);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, intro_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, get_max_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, phone_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, phone_error_box);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, phone_error_label);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, phone_retry_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, continue_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, continue_spinner);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, code_note_label);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, sms_card);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, sms_label);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, code_entry);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, code_error_box);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, code_error_label);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, code_retry_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, confirm_spinner);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, resend_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, problem_page);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, passport_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, other_number_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, done_phone_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, done_account_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, open_profile_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, open_on_phone_button);
  gtk_widget_class_bind_template_callback (widget_class, on_phone_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_code_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_close_request_cb);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "wizard.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "wizard.resend", NULL, resend_action);
  gtk_widget_class_install_action (widget_class, "wizard.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.passport", NULL, passport_action);
  gtk_widget_class_install_action (widget_class, "wizard.open-profile", NULL, open_profile_action);
  gtk_widget_class_install_action (widget_class, "wizard.open-on-phone", NULL, open_on_phone_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
}

static void
dnevnik_link_wizard_init (DnevnikLinkWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (self->code_entry)),
                           "insert-text", G_CALLBACK (on_code_insert_text_cb), self, 0);
  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (self->phone_row)),
                           "insert-text", G_CALLBACK (on_phone_insert_text_cb), self, 0);
  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (self->phone_row)),
                           "delete-text", G_CALLBACK (on_phone_delete_text_cb), self, 0);

  self->page = PAGE_INTRO;
  self->state = STATE_READY;
  show_page (self, PAGE_INTRO);
}

/**
 * dnevnik_link_wizard_new:
 * @parent: (nullable): the window that opens the wizard
 * @service: a signed-in #DnevnikService
 *
 * Creates the linking wizard, modal and transient for @parent.  Present it
 * with gtk_window_present(); it destroys itself when closed.  If the
 * account is linked already it opens on the done page.
 *
 * Returns: (transfer none): the new wizard
 */
DnevnikLinkWizard *
dnevnik_link_wizard_new (GtkWindow      *parent,
                         DnevnikService *service)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DNEVNIK_IS_SERVICE (service), NULL);

  return g_object_new (DNEVNIK_TYPE_LINK_WIZARD,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       "service", service,
                       NULL);
}

/**
 * dnevnik_link_wizard_get_service:
 *
 * Returns: (transfer none): the service the wizard works with
 */
DnevnikService *
dnevnik_link_wizard_get_service (DnevnikLinkWizard *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LINK_WIZARD (self), NULL);

  return self->service;
}

/**
 * dnevnik_link_wizard_get_training_sms_file:
 *
 * Returns: (nullable): the SMS outbox watched in training mode
 */
const char *
dnevnik_link_wizard_get_training_sms_file (DnevnikLinkWizard *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LINK_WIZARD (self), NULL);

  return self->training_sms_file;
}

/**
 * dnevnik_link_wizard_set_training_sms_file:
 * @path: (nullable): the sandbox's `--sms-outbox` file, or %NULL outside
 *   training mode
 *
 * Shows the student, inside the wizard and as a desktop notification,
 * each SMS the sandbox "sends" to the number being linked from now on.
 */
void
dnevnik_link_wizard_set_training_sms_file (DnevnikLinkWizard *self,
                                           const char        *path)
{
  g_return_if_fail (DNEVNIK_IS_LINK_WIZARD (self));

  if (g_strcmp0 (self->training_sms_file, path) == 0)
    return;

  g_free (self->training_sms_file);
  self->training_sms_file = g_strdup (path);
  watch_outbox (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINING_SMS_FILE]);
}
