/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-code-entry.h"
#include "dnevnik-link-wizard.h"
#include "dnevnik-phone-entry.h"
#include "dnevnik-training-outbox.h"

G_BEGIN_DECLS

/* The wizard's insides, shared by its two halves: dnevnik-link-wizard.c
 * shows a state (set_state() and the object itself), and
 * dnevnik-link-wizard-actions.c decides which state comes next (the
 * student's actions, the requests they start and what the answers lead
 * to).  The state machine is described at the top of the first. */

typedef enum
{
  PAGE_INTRO,
  PAGE_PHONE,
  PAGE_CODE,
  PAGE_PROBLEM,
  PAGE_DONE,
  N_PAGES,
} Page;

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

/* In ERROR, what the student can do about it; the focus goes there. */
typedef enum
{
  NEXT_NONE,      /* read the message, or wait */
  NEXT_RETRY,     /* Try Again repeats the request that failed */
  NEXT_FIX,       /* correct what was typed */
  NEXT_RESEND,    /* ask for a new code */
  NEXT_CONTINUE,  /* ask for a new code for the number kept */
} Next;

struct _DnevnikLinkWizard
{
  AdwWindow              parent_instance;

  /* template widgets */
  AdwToastOverlay       *toast_overlay;
  GtkButton             *back_button;
  GtkStack              *stack;
  GtkButton             *intro_button;
  GtkLinkButton         *get_max_button;
  DnevnikPhoneEntry     *phone_row;
  GtkWidget             *phone_error_box;
  GtkLabel              *phone_error_label;
  GtkWidget             *phone_retry_button;
  GtkButton             *continue_button;
  GtkSpinner            *continue_spinner;
  GtkLabel              *code_note_label;
  GtkWidget             *sms_card;
  GtkLabel              *sms_label;
  DnevnikCodeEntry      *code_entry;
  GtkWidget             *code_error_box;
  GtkLabel              *code_error_label;
  GtkWidget             *code_retry_button;
  GtkButton             *confirm_button;
  GtkSpinner            *confirm_spinner;
  GtkLabel              *countdown_label;
  GtkButton             *resend_button;
  GtkStack              *resend_stack;
  AdwStatusPage         *problem_page;
  GtkButton             *passport_button;
  GtkWidget             *other_number_button;
  AdwActionRow          *done_phone_row;
  AdwActionRow          *done_account_row;
  GtkButton             *open_profile_button;
  GtkButton             *open_on_phone_button;

  /* owned */
  DnevnikService        *service;
  DnevnikLinkStatus     *link_status;
  DnevnikTrainingOutbox *outbox;          /* in training mode */
  GCancellable          *cancellable;     /* the request in flight, if any */
  DnevnikLinkRequest    *request;         /* the code page's request */
  char                  *phone;           /* +79…, the number of @request */

  Page                   page;
  State                  state;
  Operation              busy_op;         /* what self->cancellable is for */
  Operation              failed_op;       /* what Try Again repeats */
  gint64                 resend_deadline; /* monotonic µs */
  guint                  countdown_id;
  gboolean               code_expired;
  gboolean               number_taken;    /* the problem page: someone else's number */
  gboolean               notified;
};

/* dnevnik-link-wizard.c */
gboolean      dnevnik_link_wizard_input_is_complete (DnevnikLinkWizard *self,
                                                     Page               page);
void          dnevnik_link_wizard_set_state         (DnevnikLinkWizard *self,
                                                     Page               page,
                                                     State              state,
                                                     const char        *message,
                                                     Next               next);
void          dnevnik_link_wizard_update_state      (DnevnikLinkWizard *self);
void          dnevnik_link_wizard_show_page         (DnevnikLinkWizard *self,
                                                     Page               page);
GCancellable *dnevnik_link_wizard_begin_busy        (DnevnikLinkWizard *self,
                                                     Operation          op);

/* dnevnik-link-wizard-actions.c */
void          dnevnik_link_wizard_class_add_actions (GtkWidgetClass    *widget_class);
void          dnevnik_link_wizard_start_countdown   (DnevnikLinkWizard *self,
                                                     int                seconds);
void          dnevnik_link_wizard_stop_countdown    (DnevnikLinkWizard *self);

G_END_DECLS
