/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-link-wizard-private.h"
#include "dnevnik-notify.h"

/* The linking wizard is a state machine over pages and states.
 *
 * Pages, in the order a student goes through them:
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
 *          the page, beside the input (not in a toast that goes away), and
 *          the focus goes to what to do next; network failures offer Try
 *          Again, which repeats the request with what was typed.  Editing
 *          the input leaves ERROR for IDLE/READY.
 *   DONE   linked: the done page shows the shared #DnevnikLinkStatus.
 *
 * dnevnik_link_wizard_set_state() is the one place that changes the
 * widgets: every button's sensitivity, visibility and spinner, the error
 * line, the countdown, the default widget and the focus follow from the
 * page, its state and the error.  Everything else (the student's actions,
 * the requests and their answers, in dnevnik-link-wizard-actions.c) only
 * decides which state comes next.
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
 * SMS outbox.  Each new message in it for the number being linked is
 * shown in the code page and as a desktop notification, as the SMS would
 * reach a phone.
 */

static const char * const page_names[] = { "intro", "phone", "code", "problem", "done" };
G_STATIC_ASSERT (G_N_ELEMENTS (page_names) == N_PAGES);

#define SMS_NOTIFICATION_ID "dnevnik-training-sms"

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

/* --- the state machine ----------------------------------------------------- */

gboolean
dnevnik_link_wizard_input_is_complete (DnevnikLinkWizard *self,
                                       Page               page)
{
  switch (page)
    {
    case PAGE_PHONE:
      return dnevnik_phone_entry_get_complete (self->phone_row);

    case PAGE_CODE:
      return self->request != NULL && !self->code_expired &&
             dnevnik_code_entry_get_complete (self->code_entry);

    case PAGE_INTRO:
    case PAGE_PROBLEM:
      return TRUE;

    case PAGE_DONE:
    case N_PAGES:
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
set_spinner (GtkSpinner *spinner,
             gboolean    spinning)
{
  gtk_widget_set_visible (GTK_WIDGET (spinner), spinning);
  gtk_spinner_set_spinning (spinner, spinning);
}

/* Returns: (transfer full) (nullable): what the countdown label says */
static char *
get_countdown_text (DnevnikLinkWizard *self)
{
  gint64 remaining_us = self->resend_deadline - g_get_monotonic_time ();
  int remaining;

  if (self->page != PAGE_CODE)
    return NULL;

  if (self->state == STATE_BUSY && self->busy_op == OP_RESEND)
    return g_strdup (_("Sending a new code…"));

  if (self->countdown_id == 0 || self->code_expired || remaining_us <= 0)
    return NULL;

  /* Counting from the deadline, not the ticks, keeps the label right even
   * when the main loop was busy for a moment. */
  remaining = (int) ((remaining_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  return g_strdup_printf (_("You can ask for a new code in %d:%02d"), remaining / 60, remaining % 60);
}

static void
update_done_rows (DnevnikLinkWizard *self)
{
  const char *phone = dnevnik_link_status_get_phone_masked (self->link_status);
  const char *account_id = dnevnik_link_status_get_account_id (self->link_status);

  /* Server text: the rows show it as plain text (use-markup is off). */
  adw_action_row_set_subtitle (self->done_phone_row, phone != NULL ? phone : "");
  gtk_widget_set_visible (GTK_WIDGET (self->done_phone_row), phone != NULL);
  adw_action_row_set_subtitle (self->done_account_row, account_id != NULL ? account_id : "");
  gtk_widget_set_visible (GTK_WIDGET (self->done_account_row), account_id != NULL);
}

static void
update_actions (DnevnikLinkWizard *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  Page page = self->page;
  gboolean busy = self->state == STATE_BUSY;
  gboolean ready = !busy && dnevnik_link_wizard_input_is_complete (self, page);
  gboolean linked_profile = self->link_status != NULL &&
                            dnevnik_link_status_get_profile_url (self->link_status) != NULL;

  /* The main button of a page is sensitive only when its input is ready. */
  gtk_widget_action_set_enabled (widget, "wizard.next", page == PAGE_INTRO);
  gtk_widget_action_set_enabled (widget, "wizard.start", page == PAGE_PHONE && ready);
  gtk_widget_action_set_enabled (widget, "wizard.confirm", page == PAGE_CODE && ready);
  gtk_widget_action_set_enabled (widget, "wizard.resend",
                                 page == PAGE_CODE && !busy && resend_allowed (self));
  gtk_widget_action_set_enabled (widget, "wizard.retry", !busy && self->failed_op != OP_NONE);
  gtk_widget_action_set_enabled (widget, "wizard.back",
                                 page == PAGE_PHONE || page == PAGE_CODE || page == PAGE_PROBLEM);
  gtk_widget_action_set_enabled (widget, "wizard.passport", page == PAGE_PROBLEM);
  gtk_widget_action_set_enabled (widget, "wizard.open-profile", page == PAGE_DONE && linked_profile);
  gtk_widget_action_set_enabled (widget, "wizard.open-on-phone", page == PAGE_DONE && linked_profile);
}

/* Returns: (transfer none): where the focus goes when @page is shown */
static GtkWidget *
get_page_focus (DnevnikLinkWizard *self,
                Page               page)
{
  GtkWidget *focus[] = {
    [PAGE_INTRO] = GTK_WIDGET (self->intro_button),
    [PAGE_PHONE] = GTK_WIDGET (self->phone_row),
    [PAGE_CODE] = GTK_WIDGET (self->code_entry),
    [PAGE_PROBLEM] = GTK_WIDGET (self->passport_button),
    [PAGE_DONE] = GTK_WIDGET (self->open_profile_button),
  };

  return focus[page];
}

/* Returns: (transfer none): the page's main button, pressed by Enter */
static GtkWidget *
get_page_default (DnevnikLinkWizard *self,
                  Page               page)
{
  GtkWidget *defaults[] = {
    [PAGE_INTRO] = GTK_WIDGET (self->intro_button),
    [PAGE_PHONE] = GTK_WIDGET (self->continue_button),
    [PAGE_CODE] = GTK_WIDGET (self->confirm_button),
    [PAGE_PROBLEM] = GTK_WIDGET (self->passport_button),
    [PAGE_DONE] = GTK_WIDGET (self->open_profile_button),
  };

  return defaults[page];
}

/* Returns: (transfer none) (nullable): where the focus goes for an error */
static GtkWidget *
get_error_focus (DnevnikLinkWizard *self,
                 Next               next)
{
  gboolean code_page = self->page == PAGE_CODE;

  switch (next)
    {
    case NEXT_RETRY:
      return code_page ? self->code_retry_button : self->phone_retry_button;

    case NEXT_FIX:
      return get_page_focus (self, self->page);

    case NEXT_RESEND:
      return GTK_WIDGET (self->resend_button);

    case NEXT_CONTINUE:
      return GTK_WIDGET (self->continue_button);

    case NEXT_NONE:
    default:
      return NULL;
    }
}

/* Shows @page in @state, and makes every widget say so.
 *
 * @message: in ERROR, what went wrong, shown beside the input; %NULL to
 *   keep the message shown when a state is applied again (as time passes)
 * @next: in ERROR, what the student can do about it
 *
 * The focus moves only when the page changes, when an error is shown, or
 * when a request ends well on the same page (a new code came: type it). */
void
dnevnik_link_wizard_set_state (DnevnikLinkWizard *self,
                               Page               page,
                               State              state,
                               const char        *message,
                               Next               next)
{
  gboolean page_changed = page != self->page;
  gboolean request_ended = self->state == STATE_BUSY && state != STATE_BUSY;
  gboolean busy = state == STATE_BUSY;
  gboolean error = state == STATE_ERROR;
  gboolean new_error = error && message != NULL;
  gboolean not_mobile;
  g_autofree char *countdown = NULL;
  GtkWidget *focus = NULL;

  g_assert (page < N_PAGES);
  g_assert ((page == PAGE_DONE) == (state == STATE_DONE));
  g_assert (!busy || self->cancellable != NULL);
  g_assert (!error || page == PAGE_PHONE || page == PAGE_CODE);
  g_assert (!error || new_error || self->state == STATE_ERROR);

  if (new_error)
    self->failed_op = next == NEXT_RETRY ? self->busy_op : OP_NONE;
  else if (!error)
    self->failed_op = OP_NONE;

  if (!busy)
    {
      g_clear_object (&self->cancellable);
      self->busy_op = OP_NONE;
    }

  if (page != PAGE_CODE)
    dnevnik_link_wizard_stop_countdown (self);

  self->page = page;
  self->state = state;

  /* The page, and the way back from it. */
  gtk_stack_set_visible_child_name (self->stack, page_names[page]);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button),
                          page == PAGE_PHONE || page == PAGE_CODE || page == PAGE_PROBLEM);
  gtk_widget_set_visible (self->other_number_button, page == PAGE_PROBLEM && self->number_taken);
  if (page == PAGE_DONE)
    update_done_rows (self);

  /* What was typed stays, but cannot change under a request. */
  gtk_editable_set_editable (GTK_EDITABLE (self->phone_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->code_entry), !busy);
  set_spinner (self->continue_spinner, busy && page == PAGE_PHONE);
  set_spinner (self->confirm_spinner, busy && page == PAGE_CODE && self->busy_op != OP_RESEND);

  /* The error line, beside the input. */
  if (new_error)
    gtk_label_set_text (page == PAGE_CODE ? self->code_error_label : self->phone_error_label, message);
  /* A whole number that is not a mobile one leaves «Продолжить» off: say
   * why, or the student is stuck with a button that does nothing. */
  not_mobile = page == PAGE_PHONE && !error && dnevnik_phone_entry_get_not_mobile (self->phone_row);
  if (not_mobile)
    gtk_label_set_text (self->phone_error_label, _("A mobile number is needed: it starts with 9"));
  gtk_widget_set_visible (self->phone_error_box, (error || not_mobile) && page == PAGE_PHONE);
  gtk_widget_set_visible (self->code_error_box, error && page == PAGE_CODE);
  gtk_widget_set_visible (self->phone_retry_button, self->failed_op != OP_NONE);
  gtk_widget_set_visible (self->code_retry_button, self->failed_op != OP_NONE);

  countdown = get_countdown_text (self);
  gtk_label_set_text (self->countdown_label, countdown != NULL ? countdown : "");
  gtk_widget_set_visible (GTK_WIDGET (self->countdown_label), countdown != NULL);
  gtk_stack_set_visible_child (self->resend_stack, countdown != NULL ? GTK_WIDGET (self->countdown_label)
                                                                     : GTK_WIDGET (self->resend_button));

  /* Actions first: an insensitive button cannot take the focus. */
  update_actions (self);

  if (page_changed)
    gtk_window_set_default_widget (GTK_WINDOW (self), get_page_default (self, page));

  if (new_error)
    focus = get_error_focus (self, next);
  if (focus == NULL && (page_changed || (request_ended && !error)))
    focus = get_page_focus (self, page);
  /* Before the window is mapped, map() takes the first focus. */
  if (focus != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (focus);

  /* Selected: typing the right number or code replaces the wrong one. */
  if (new_error && next == NEXT_FIX)
    gtk_editable_select_region (GTK_EDITABLE (focus), 0, -1);
}

/* Applies the state again: time passed, or the link status changed. */
void
dnevnik_link_wizard_update_state (DnevnikLinkWizard *self)
{
  dnevnik_link_wizard_set_state (self, self->page, self->state, NULL, NEXT_NONE);
}

/* Shows @page with nothing in flight and nothing failed. */
void
dnevnik_link_wizard_show_page (DnevnikLinkWizard *self,
                               Page               page)
{
  State state;

  if (page == PAGE_DONE)
    state = STATE_DONE;
  else
    state = dnevnik_link_wizard_input_is_complete (self, page) ? STATE_READY : STATE_IDLE;

  dnevnik_link_wizard_set_state (self, page, state, NULL, NEXT_NONE);
}

/* Returns: (transfer none): the cancellable of the new request */
GCancellable *
dnevnik_link_wizard_begin_busy (DnevnikLinkWizard *self,
                                Operation          op)
{
  g_assert (self->cancellable == NULL);

  self->cancellable = g_cancellable_new ();
  self->busy_op = op;
  dnevnik_link_wizard_set_state (self, self->page, STATE_BUSY, NULL, NEXT_NONE);

  return self->cancellable;
}

/* --- training mode: the SMS the sandbox "sent" ----------------------------- */

static void
on_outbox_message_cb (DnevnikTrainingOutbox *outbox,
                      const char            *text,
                      DnevnikLinkWizard     *self)
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
      dnevnik_notify_send (application, SMS_NOTIFICATION_ID, notification);
      self->notified = TRUE;
    }
}

/* --- signal callbacks ----------------------------------------------------- */

static void
on_link_status_changed_cb (DnevnikLinkWizard *self)
{
  /* Linked elsewhere (another window, the phone app) while open.  While a
   * reply is awaited it decides; a 409 page already says why. */
  if (dnevnik_link_status_get_linked (self->link_status) &&
      self->state != STATE_BUSY &&
      self->page != PAGE_DONE && self->page != PAGE_PROBLEM)
    dnevnik_link_wizard_show_page (self, PAGE_DONE);
  else
    dnevnik_link_wizard_update_state (self);
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
    dnevnik_link_wizard_show_page (self, PAGE_DONE);
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
      g_value_set_string (value, dnevnik_link_wizard_get_training_sms_file (self));
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
  dnevnik_link_wizard_update_state (self);
}

static void
dnevnik_link_wizard_dispose (GObject *object)
{
  DnevnikLinkWizard *self = DNEVNIK_LINK_WIZARD (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  dnevnik_link_wizard_stop_countdown (self);
  g_clear_object (&self->outbox);

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

/* The first focus is taken here, not when init shows the first page:
 * grabbing it there realizes the window early, and GTK 4.8 then never
 * gives it the window role, so a screen reader does not announce it. */
static void
dnevnik_link_wizard_map (GtkWidget *widget)
{
  DnevnikLinkWizard *self = DNEVNIK_LINK_WIZARD (widget);
  GtkWidget *focus;

  GTK_WIDGET_CLASS (dnevnik_link_wizard_parent_class)->map (widget);

  focus = get_page_focus (self, self->page);
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
}

static void
dnevnik_link_wizard_finalize (GObject *object)
{
  DnevnikLinkWizard *self = DNEVNIK_LINK_WIZARD (object);

  g_clear_pointer (&self->phone, g_free);

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

  widget_class->map = dnevnik_link_wizard_map;

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

  g_type_ensure (DNEVNIK_TYPE_CODE_ENTRY);
  g_type_ensure (DNEVNIK_TYPE_PHONE_ENTRY);

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
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, resend_stack);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, problem_page);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, passport_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, other_number_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, done_phone_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, done_account_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, open_profile_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikLinkWizard, open_on_phone_button);

  dnevnik_link_wizard_class_add_actions (widget_class);
}

static void
dnevnik_link_wizard_init (DnevnikLinkWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* No page yet: the first set_state() shows one, its default and focus. */
  self->page = N_PAGES;
  self->state = STATE_READY;
  dnevnik_link_wizard_show_page (self, PAGE_INTRO);
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

  return self->outbox != NULL ? dnevnik_training_outbox_get_path (self->outbox) : NULL;
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

  if (g_strcmp0 (dnevnik_link_wizard_get_training_sms_file (self), path) == 0)
    return;

  g_clear_object (&self->outbox);
  if (path != NULL)
    {
      self->outbox = dnevnik_training_outbox_new (path);
      dnevnik_training_outbox_expect (self->outbox, self->phone);
      g_signal_connect_object (self->outbox, "message",
                               G_CALLBACK (on_outbox_message_cb), self, 0);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINING_SMS_FILE]);
}
