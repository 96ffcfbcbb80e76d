/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dnevnik-application.h"
#include "dnevnik-diary-page.h"
#include "dnevnik-window.h"
#include "dnevnik-test-sandbox.h"
#include "dnevnik-test-ui.h"

G_BEGIN_DECLS

/* What the main-window test programs share: one sandbox on a port chosen
 * here (so that a restarted sandbox is the same server for the app: its
 * remembered session and offline copy are per server), one registered
 * application on it, and the main window a test has open. */

#define WAIT_MS 20000
#define TODAY "2026-11-25"

extern DnevnikTestSandbox *sandbox;
extern DnevnikApplication *app;
extern DnevnikWindow      *window;

void       dnevnik_test_main_window_init              (int               *argc,
                                                       char            ***argv);
int        dnevnik_test_main_window_run               (void);
void       dnevnik_test_main_window_open              (void);
void       dnevnik_test_main_window_close             (void);
void       dnevnik_test_main_window_sign_in           (const char        *login,
                                                       const char        *password);
void       dnevnik_test_main_window_restart_offline   (void);

gboolean   mode_is                                    (gpointer           user_data);
gboolean   widget_visible                             (gpointer           user_data);
gboolean   offline_shown                              (gpointer           user_data);
gboolean   back_online                                (gpointer           user_data);
gboolean   school_year_synced                         (gpointer           user_data);
GtkWidget *page_when_built                            (const char        *name);
void       screenshot_light_and_dark                  (const char        *name);
JsonNode  *fetch_week_directly                        (const char        *from,
                                                       const char        *to);
void       assert_week_matches                        (DnevnikDiaryPage  *page,
                                                       JsonNode          *reply);
GtkWindow *find_toplevel                              (GType              type);
void       close_toplevel                             (GtkWindow         *toplevel);

G_END_DECLS
