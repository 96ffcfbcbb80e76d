/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-passport-window.h"

G_BEGIN_DECLS

/* The passport window's insides, shared by its two halves:
 * dnevnik-passport-window.c shows what the service knows and keeps it
 * fresh, and dnevnik-passport-window-actions.c carries out what the
 * student asks for (unlinking, linking, opening the profile, retrying). */

struct _DnevnikPassportWindow
{
  AdwWindow             parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  AdwActionRow         *name_row;
  AdwActionRow         *school_row;
  AdwActionRow         *class_row;
  AdwActionRow         *login_row;
  AdwActionRow         *offline_row;
  GtkButton            *retry_button;
  AdwActionRow         *status_row;
  GtkImage             *status_icon;
  GtkButton            *link_button;
  AdwActionRow         *phone_row;
  AdwActionRow         *account_row;
  GtkStack             *unlink_stack;
  GtkButton            *unlink_button;
  GtkSpinner           *unlink_spinner;
  AdwActionRow         *error_row;
  AdwActionRow         *open_row;
  AdwActionRow         *phone_qr_row;
  GtkListBox           *history_list;

  /* owned */
  DnevnikService       *service;
  DnevnikLinkStatus    *link_status;
  GCancellable         *cancellable;

  /* borrowed (the list box owns it) */
  GtkLabel             *history_placeholder;

  /* state */
  guint                 pending;
  gboolean              status_known;
  gboolean              unreachable;
  gboolean              unlinking;
  gboolean              history_failed;
  gboolean              offline;
};

gboolean dnevnik_passport_is_unreachable_error        (const GError          *error);
void     dnevnik_passport_window_begin_request        (DnevnikPassportWindow *self);
void     dnevnik_passport_window_end_request          (DnevnikPassportWindow *self);
void     dnevnik_passport_window_update_status        (DnevnikPassportWindow *self);
void     dnevnik_passport_window_set_unreachable      (DnevnikPassportWindow *self,
                                                       gboolean               unreachable);
void     dnevnik_passport_window_show_error           (DnevnikPassportWindow *self,
                                                       const char            *title,
                                                       const char            *message);
void     dnevnik_passport_window_hide_error           (DnevnikPassportWindow *self);
void     dnevnik_passport_window_load_history         (DnevnikPassportWindow *self);
void     dnevnik_passport_window_refresh_link_status  (DnevnikPassportWindow *self);
void     dnevnik_passport_window_refresh              (DnevnikPassportWindow *self);
void     dnevnik_passport_window_class_add_actions    (GtkWidgetClass        *widget_class);

G_END_DECLS
