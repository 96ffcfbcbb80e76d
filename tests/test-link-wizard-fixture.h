/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dnevnik-link-wizard.h"
#include "dnevnik-service.h"
#include "dnevnik-test-sandbox.h"
#include "dnevnik-test-ui.h"

G_BEGIN_DECLS

/* The linking wizard's test fixture, shared by the test-link-wizard*
 * programs (see test-link-wizard-fixture.c). */

#define WAIT_MS 20000

/* libsoup resends a request once per idle connection that was dropped, so
 * a "drop" that must reach the wizard drops more than the service keeps
 * connections. */
#define DROP_COUNT 10

/* A test of the wizard opened on a student's account of @scenario. */
#define ADD_WIZARD_TEST(path, scenario, func) \
  g_test_add (path, Fixture, &scenario, fixture_set_up, func, fixture_tear_down)

#define PHONE_IVAN "+79161234567"
#define PHONE_MARIA "+79169876543"

typedef struct
{
  const char *login;
  const char *options[4];
} Scenario;

typedef struct
{
  DnevnikTestSandbox *sandbox;
  DnevnikService     *service;
  GtkWindow          *parent;
  DnevnikLinkWizard  *wizard;
} Fixture;

typedef struct
{
  const char *path;
  const char *expected;
} FileWait;

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

extern GtkApplication *app;
extern GPtrArray      *notifications;   /* "summary\nbody" of each notification */
extern char           *handler_outfile; /* where the https:// handler writes links */

extern const Scenario  ivan;
extern const Scenario  maria;

void        link_wizard_test_init  (int            *argc,
                                    char         ***argv);
int         link_wizard_test_run   (void);
void        fixture_set_up         (Fixture        *f,
                                    gconstpointer   data);
void        fixture_tear_down      (Fixture        *f,
                                    gconstpointer   data);

/* Reaching the wizard's widgets, as a student would. */
gpointer    child                  (Fixture        *f,
                                    const char     *name);
const char *page                   (Fixture        *f);
void        wait_page              (Fixture        *f,
                                    const char     *page);
void        wait_page_focused      (Fixture        *f,
                                    const char     *page,
                                    const char     *widget);
gboolean    is_sensitive           (Fixture        *f,
                                    const char     *name);
gboolean    focus_is_in            (Fixture        *f,
                                    const char     *name);
const char *label_text             (Fixture        *f,
                                    const char     *name);
void        press                  (Fixture        *f,
                                    const char     *name);
void        screenshot             (Fixture        *f,
                                    const char     *name);
void        go_to_phone_page       (Fixture        *f);
void        type_phone             (Fixture        *f,
                                    const char     *text);
void        go_to_code_page        (Fixture        *f,
                                    const char     *typed_phone);
void        type_code              (Fixture        *f,
                                    const char     *code);
char       *wrong_code_for         (const char     *code);
void        confirm_and_wait_error (Fixture        *f);
void        on_clipboard_read_cb   (GObject        *object,
                                    GAsyncResult   *result,
                                    gpointer        user_data);

/* Conditions for dnevnik_test_ui_wait_for(). */
gboolean    widget_is_sensitive    (gpointer        user_data);
gboolean    widget_is_visible      (gpointer        user_data);
gboolean    error_shown            (gpointer        user_data);
gboolean    is_linked              (gpointer        user_data);
gboolean    file_has               (gpointer        user_data);
gboolean    qr_dialog_is_mapped    (gpointer        user_data);
gboolean    has_notification       (gpointer        user_data);

G_END_DECLS
