/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* DnevnikWindow's struct, shared by its siblings: dnevnik-window.c (what
 * the window shows for the service's state, the header bar), -pages.c (the
 * pages of the navigation bar), -actions.c (the Сферум button, «Мой
 * паспорт», sign-out and the other actions), -marks.c (the week / marks
 * switch inside «Дневник»). */

#include "dnevnik-sign-in-page.h"
#include "dnevnik-window.h"

G_BEGIN_DECLS

struct _DnevnikWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  GtkButton            *sferum_button;
  GtkSpinner           *sferum_spinner;
  GtkMenuButton        *sferum_menu_button;
  GtkMenuButton        *account_button;
  GMenu                *account_menu;
  GMenu                *sferum_menu;
  GtkRevealer          *sync_revealer;
  GtkProgressBar       *sync_progress;
  GtkLabel             *training_label;
  GtkRevealer          *offline_revealer;
  AdwStatusPage        *loading_status;
  GtkSpinner           *loading_spinner;
  AdwBin               *diary_bin;
  AdwBin               *library_bin;
  AdwBin               *portfolio_bin;
  AdwBin               *help_bin;
  GtkStack             *diary_stack;       /* «Неделя / Оценки» */
  AdwBin               *marks_bin;

  /* built when first shown; owned by main_stack */
  AdwStatusPage        *error_status;
  DnevnikSignInPage    *sign_in_page;

  /* owned */
  DnevnikContext       *context;
  DnevnikService       *service;           /* the context's, as last seen */
  GCancellable         *link_cancellable;  /* a refresh of the link status */
  GBinding             *sync_binding;
  GListModel           *unseen_marks;      /* the service's, for needs-attention */
  guint                 actions_idle_id;
  guint                 spinner_timeout_id;
  guint                 header_idle_id;
  gulong                first_paint_id;

  /* built when first asked for; destroyed with the window */
  GtkWindow            *shortcuts;

  /* borrowed */
  GtkWindow            *passport;          /* weak pointer */

  /* whether the link status says what the server said (now or offline) */
  guint                 link_known : 1;
  /* a click on the Сферум button waits for the link status */
  guint                 sferum_pending : 1;
  /* narrower than the whole header bar needs */
  guint                 narrow : 1;
  /* the sign-out under way is the student's (or idle), not an expiry */
  guint                 student_left : 1;
  /* the view switchers and the menus are set up (finish_header()) */
  guint                 header_complete : 1;
};

/* dnevnik-window.c */
gboolean _dnevnik_window_is_signed_in            (DnevnikWindow  *self);
void     _dnevnik_window_show_toast              (DnevnikWindow  *self,
                                                  const char     *message);

/* dnevnik-window-pages.c */
void     _dnevnik_window_ensure_visible_pages    (DnevnikWindow  *self);
void     _dnevnik_window_reset_pages             (DnevnikWindow  *self);
gboolean _dnevnik_window_bench_diary_shows_lessons (GtkWidget    *widget);

/* dnevnik-window-marks.c */
void     _dnevnik_window_class_marks_init        (GtkWidgetClass *widget_class);
void     _dnevnik_window_marks_init              (DnevnikWindow  *self);
void     _dnevnik_window_marks_follow_service    (DnevnikWindow  *self);
void     _dnevnik_window_marks_reset             (DnevnikWindow  *self);
void     _dnevnik_window_marks_dispose           (DnevnikWindow  *self);

/* dnevnik-window-actions.c */
void     _dnevnik_window_class_actions_init      (GtkWidgetClass *widget_class);
void     _dnevnik_window_update_account_actions  (DnevnikWindow  *self);
void     _dnevnik_window_refresh_link_status     (DnevnikWindow  *self);
void     _dnevnik_window_forget_link_status      (DnevnikWindow  *self);

G_END_DECLS
