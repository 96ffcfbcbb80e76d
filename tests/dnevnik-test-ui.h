/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dnevnik-application.h"
#include "dnevnik-passport-window.h"
#include "dnevnik-window.h"
#include "dnevnik-test-sandbox.h"

G_BEGIN_DECLS

/* Helpers for UI tests under build-aux/headless-run. */

/* Whether @widget is in some state, such as gtk_widget_get_visible(). */
typedef gboolean (*DnevnikTestUiWidgetFunc) (GtkWidget *widget);

/* Whether @widget is the one looked for, as @data describes it. */
typedef gboolean (*DnevnikTestUiMatchFunc) (GtkWidget *widget,
                                            gpointer   data);

void       dnevnik_test_ui_init              (int          *argc,
                                              char       ***argv,
                                              const char   *language);
gboolean   dnevnik_test_ui_wait_for          (GSourceFunc   condition,
                                              gpointer      user_data,
                                              guint         timeout_ms);
void       dnevnik_test_ui_destroy_window    (GtkWindow    *window);
gboolean   dnevnik_test_ui_is_true           (gpointer      user_data);
gboolean   dnevnik_test_ui_is_null           (gpointer      user_data);
gboolean   dnevnik_test_ui_widget_is_shown   (gpointer      user_data);
void       dnevnik_test_ui_spin              (guint         ms);
GtkApplication *
           dnevnik_test_ui_register_application (const char *id);
GtkWidget *dnevnik_test_ui_find_widget       (GtkWidget    *root,
                                              DnevnikTestUiMatchFunc match,
                                              gpointer      data);
GtkWidget *dnevnik_test_ui_find_label        (GtkWidget    *root,
                                              const char   *text);
GtkWidget *dnevnik_test_ui_find_by_type      (GtkWidget    *root,
                                              GType         type,
                                              guint         index);
char      *dnevnik_test_ui_screenshot        (GtkWidget    *widget,
                                              const char   *name);
void       dnevnik_test_ui_screenshot_after  (GtkWidget    *widget,
                                              const char   *name,
                                              guint         settle_ms);
void       dnevnik_test_ui_xdotool           (const char   *first_arg,
                                              ...) G_GNUC_NULL_TERMINATED;
GPtrArray *dnevnik_test_ui_start_notifications (void);
char      *dnevnik_test_ui_install_uri_handler (void);
void       dnevnik_test_ui_assert_stays_local  (const char *text);
char      *dnevnik_test_ui_decode_qr         (GtkWidget    *widget,
                                              const char   *name);
GtkWidget *dnevnik_test_ui_find_toplevel     (GType         type);
GtkWindow *dnevnik_test_ui_find_toplevel_where (GType                   type,
                                                DnevnikTestUiWidgetFunc filter);

/* Driving the whole app the way a person does: the main window, its pages,
 * «Мой паспорт» and the linking wizard, against a real dnevnik-sandbox
 * (dnevnik-test-ui-app.c). */

/* Called at each step of a walk through the app, with where it is. */
typedef void (*DnevnikTestUiStepFunc) (const char *where);

DnevnikApplication *
               dnevnik_test_ui_application_new     (DnevnikTestSandbox    *sandbox);
void           dnevnik_test_ui_application_free    (DnevnikApplication    *app);
int            dnevnik_test_ui_run                 (DnevnikApplication   **app,
                                                    DnevnikTestSandbox   **sandbox);
void           dnevnik_test_ui_use_language        (const char            *language);
void           dnevnik_test_ui_screenshot_settled  (GtkWidget             *widget,
                                                    const char            *name);
GtkWindow     *dnevnik_test_ui_find_shown_toplevel (GType                  type);
GtkWindow     *dnevnik_test_ui_wait_for_toplevel   (GType                  type);
void           dnevnik_test_ui_close_toplevel      (GtkWindow             *toplevel);
void           dnevnik_test_ui_wait_for_mode       (DnevnikWindow         *window,
                                                    const char            *mode);
DnevnikWindow *dnevnik_test_ui_open_main_window    (DnevnikApplication    *app,
                                                    int                    width,
                                                    int                    height);
void           dnevnik_test_ui_close_main_window   (DnevnikWindow         *window);
GtkWidget     *dnevnik_test_ui_page_when_built     (DnevnikWindow         *window,
                                                    const char            *name);
gboolean       dnevnik_test_ui_diary_loaded        (gpointer               user_data);
gboolean       dnevnik_test_ui_library_loaded      (gpointer               user_data);
gboolean       dnevnik_test_ui_portfolio_loaded    (gpointer               user_data);
GtkWidget     *dnevnik_test_ui_sign_in_row         (DnevnikWindow         *window,
                                                    GType                  type);
void           dnevnik_test_ui_sign_in             (DnevnikWindow         *window,
                                                    const char            *login);
void           dnevnik_test_ui_sign_out            (DnevnikWindow         *window);
void           dnevnik_test_ui_visit_pages         (DnevnikWindow         *window,
                                                    DnevnikTestUiStepFunc  step);
gboolean       dnevnik_test_ui_passport_idle       (gpointer               passport);
DnevnikPassportWindow *
               dnevnik_test_ui_open_passport       (DnevnikWindow         *window);
void           dnevnik_test_ui_link_through_wizard (DnevnikApplication    *app,
                                                    DnevnikTestSandbox    *sandbox,
                                                    DnevnikWindow         *window,
                                                    const char            *screenshot_prefix,
                                                    DnevnikTestUiStepFunc  step);
void           dnevnik_test_ui_unlink_on_server    (DnevnikTestSandbox    *sandbox);

/* The linking wizard, as a person reaches it. */
gpointer       dnevnik_test_ui_wizard_child        (GtkWindow             *wizard,
                                                    const char            *name);
gboolean       dnevnik_test_ui_wait_for_wizard_page (GtkWindow            *wizard,
                                                    const char            *page);
void           dnevnik_test_ui_press_enter_in      (GtkWidget             *entry);

G_END_DECLS
