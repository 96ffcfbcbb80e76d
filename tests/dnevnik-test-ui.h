/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Helpers for UI tests under build-aux/headless-run. */

void       dnevnik_test_ui_init              (int          *argc,
                                              char       ***argv,
                                              const char   *language);
gboolean   dnevnik_test_ui_wait_for          (GSourceFunc   condition,
                                              gpointer      user_data,
                                              guint         timeout_ms);
void       dnevnik_test_ui_spin              (guint         ms);
GtkWidget *dnevnik_test_ui_find_label        (GtkWidget    *root,
                                              const char   *text);
GtkWidget *dnevnik_test_ui_find_by_type      (GtkWidget    *root,
                                              GType         type,
                                              guint         index);
char      *dnevnik_test_ui_screenshot        (GtkWidget    *widget,
                                              const char   *name);
void       dnevnik_test_ui_xdotool           (const char   *first_arg,
                                              ...) G_GNUC_NULL_TERMINATED;
GPtrArray *dnevnik_test_ui_start_notifications (void);
char      *dnevnik_test_ui_install_uri_handler (void);
char      *dnevnik_test_ui_decode_qr         (GtkWidget    *widget,
                                              const char   *name);
GtkWidget *dnevnik_test_ui_find_toplevel     (GType         type);

G_END_DECLS
