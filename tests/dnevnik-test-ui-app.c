/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>

#include "dnevnik-diary-page.h"
#include "dnevnik-library-page.h"
#include "dnevnik-link-wizard.h"
#include "dnevnik-portfolio-page.h"
#include "dnevnik-qr-dialog.h"
#include "dnevnik-sign-in-page.h"
#include "dnevnik-test-ui.h"

/* The part of the UI test helpers that drives the whole app the way a
 * person does: the main window, its pages, «Мой паспорт» and the linking
 * wizard, against a real dnevnik-sandbox. */

#define WAIT_MS 20000
#define PHONE "+79161234567"
#define LINK_PATH "/api/v1/sferum/link"

/**
 * dnevnik_test_ui_application_new:
 * @sandbox: the server the application talks to
 *
 * Returns: (transfer full): a registered application for @sandbox, its
 *   windows not yet opened
 */
DnevnikApplication *
dnevnik_test_ui_application_new (DnevnikTestSandbox *sandbox)
{
  g_autoptr(GError) error = NULL;
  DnevnikApplication *app = dnevnik_application_new_for_testing (dnevnik_test_sandbox_get_url (sandbox));

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  return app;
}

/**
 * dnevnik_test_ui_application_free:
 *
 * Stops what @app started (the training server, if any) and drops it.
 */
void
dnevnik_test_ui_application_free (DnevnikApplication *app)
{
  dnevnik_context_stop_backend (dnevnik_application_get_context (app));
  g_object_unref (app);
}

/**
 * dnevnik_test_ui_run:
 * @app: where the test program keeps its application
 * @sandbox: where it keeps its sandbox
 *
 * Runs the tests, in the order they were added, then lets go of *@app
 * and *@sandbox.
 *
 * Returns: what g_test_run() returned
 */
int
dnevnik_test_ui_run (DnevnikApplication **app,
                     DnevnikTestSandbox **sandbox)
{
  int status = g_test_run ();

  g_clear_pointer (app, dnevnik_test_ui_application_free);
  g_clear_pointer (sandbox, dnevnik_test_sandbox_free);

  return status;
}

/**
 * dnevnik_test_ui_use_language:
 * @language: (nullable): a LANGUAGE value such as "ru", or %NULL for English
 *
 * Switches the language of the widgets built from now on.  Russian first:
 * GLib decides once, at the first translation, whether the process
 * translates at all (and it would not, asked first under C.UTF-8 with no
 * catalogue for it).
 */
void
dnevnik_test_ui_use_language (const char *language)
{
  if (language != NULL)
    {
      g_setenv ("LANGUAGE", language, TRUE);
      if (setlocale (LC_ALL, "ru_RU.UTF-8") == NULL)
        setlocale (LC_ALL, "C.UTF-8");
    }
  else
    {
      g_unsetenv ("LANGUAGE");
      setlocale (LC_ALL, "C.UTF-8");
    }
}

static gboolean
on_tick_cb (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
enough_frames (gpointer user_data)
{
  return *(guint *) user_data >= 3;
}

/* After a change of text size, theme or page the window lays itself out
 * again on the next frames: a picture taken before that is empty or
 * half-done.  Waits for frames, not for time. */
static void
wait_for_frames (GtkWidget *widget)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (widget, on_tick_cb, &frames, NULL);

  gtk_widget_queue_resize (widget);
  g_assert_true (dnevnik_test_ui_wait_for (enough_frames, &frames, WAIT_MS));
  gtk_widget_remove_tick_callback (widget, id);
}

/**
 * dnevnik_test_ui_screenshot_settled:
 *
 * Like dnevnik_test_ui_screenshot(), once animations are over and the
 * widget is laid out again.
 */
void
dnevnik_test_ui_screenshot_settled (GtkWidget  *widget,
                                    const char *name)
{
  /* Revealers and page transitions animate for about 250 ms. */
  dnevnik_test_ui_spin (400);
  wait_for_frames (widget);
  dnevnik_test_ui_screenshot_after (widget, name, 0);
}

/**
 * dnevnik_test_ui_find_shown_toplevel:
 *
 * Returns: (transfer none) (nullable): a mapped, laid out window of @type
 */
static gboolean
widget_is_laid_out (GtkWidget *widget)
{
  return dnevnik_test_ui_widget_is_shown (widget);
}

GtkWindow *
dnevnik_test_ui_find_shown_toplevel (GType type)
{
  return dnevnik_test_ui_find_toplevel_where (type, widget_is_laid_out);
}

static gboolean
toplevel_shown (gpointer user_data)
{
  return dnevnik_test_ui_find_shown_toplevel (GPOINTER_TO_SIZE (user_data)) != NULL;
}

static gboolean
toplevel_gone (gpointer user_data)
{
  return dnevnik_test_ui_find_shown_toplevel (GPOINTER_TO_SIZE (user_data)) == NULL;
}

/**
 * dnevnik_test_ui_wait_for_toplevel:
 *
 * Returns: (transfer none): the window of @type, once it is shown
 */
GtkWindow *
dnevnik_test_ui_wait_for_toplevel (GType type)
{
  g_assert_true (dnevnik_test_ui_wait_for (toplevel_shown, GSIZE_TO_POINTER (type), WAIT_MS));
  return dnevnik_test_ui_find_shown_toplevel (type);
}

/**
 * dnevnik_test_ui_close_toplevel:
 *
 * Closes @toplevel as its close button does, and waits until no window of
 * its type is shown.
 */
void
dnevnik_test_ui_close_toplevel (GtkWindow *toplevel)
{
  GType type = G_OBJECT_TYPE (toplevel);

  gtk_window_close (toplevel);
  g_assert_true (dnevnik_test_ui_wait_for (toplevel_gone, GSIZE_TO_POINTER (type), WAIT_MS));
}

typedef struct
{
  GtkApplication *app;
  const char     *mode;
} ModeWait;

static gboolean
mode_is (gpointer user_data)
{
  ModeWait *wait = user_data;
  GtkWindow *window = gtk_application_get_active_window (wait->app);

  return window != NULL && DNEVNIK_IS_WINDOW (window) &&
         g_strcmp0 (dnevnik_window_get_mode (DNEVNIK_WINDOW (window)), wait->mode) == 0;
}

/**
 * dnevnik_test_ui_wait_for_mode:
 * @mode: "sign-in", "content"…
 *
 * Waits until the application's active window is a main window in @mode.
 */
void
dnevnik_test_ui_wait_for_mode (DnevnikWindow *window,
                               const char    *mode)
{
  ModeWait wait = { gtk_window_get_application (GTK_WINDOW (window)), mode };

  g_assert_nonnull (wait.app);
  g_assert_true (dnevnik_test_ui_wait_for (mode_is, &wait, WAIT_MS));
}

/**
 * dnevnik_test_ui_open_main_window:
 *
 * Returns: (transfer none): a new main window of @app, shown, at its
 *   sign-in page
 */
DnevnikWindow *
dnevnik_test_ui_open_main_window (DnevnikApplication *app,
                                  int                 width,
                                  int                 height)
{
  DnevnikWindow *window = dnevnik_window_new (GTK_APPLICATION (app), dnevnik_application_get_context (app));

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  dnevnik_test_ui_wait_for_mode (window, "sign-in");

  return window;
}

/**
 * dnevnik_test_ui_close_main_window:
 *
 * Destroys @window and asserts that nothing keeps it alive.
 */
void
dnevnik_test_ui_close_main_window (DnevnikWindow *window)
{
  dnevnik_test_ui_destroy_window (GTK_WINDOW (g_object_ref (window)));
}

/**
 * dnevnik_test_ui_sign_in_row:
 * @type: ADW_TYPE_ENTRY_ROW for the login, ADW_TYPE_PASSWORD_ENTRY_ROW
 *   for the password
 *
 * Returns: (transfer none): the row of the sign-in page
 */
GtkWidget *
dnevnik_test_ui_sign_in_row (DnevnikWindow *window,
                             GType          type)
{
  GtkWidget *page = dnevnik_test_ui_find_by_type (GTK_WIDGET (window), DNEVNIK_TYPE_SIGN_IN_PAGE, 0);
  GtkWidget *row;

  g_assert_nonnull (page);
  row = dnevnik_test_ui_find_by_type (page, type, 0);
  g_assert_nonnull (row);

  return row;
}

/**
 * dnevnik_test_ui_sign_in:
 * @login: a student of the demo school (the password is the same for all)
 *
 * Signs in through the sign-in page and waits for the content.
 */
void
dnevnik_test_ui_sign_in (DnevnikWindow *window,
                         const char    *login)
{
  GtkWidget *page = dnevnik_test_ui_find_by_type (GTK_WIDGET (window), DNEVNIK_TYPE_SIGN_IN_PAGE, 0);

  gtk_editable_set_text (GTK_EDITABLE (dnevnik_test_ui_sign_in_row (window, ADW_TYPE_ENTRY_ROW)), login);
  gtk_editable_set_text (GTK_EDITABLE (dnevnik_test_ui_sign_in_row (window, ADW_TYPE_PASSWORD_ENTRY_ROW)), "dnevnik");
  g_assert_true (gtk_widget_activate_action (page, "sign-in.sign-in", NULL));
  dnevnik_test_ui_wait_for_mode (window, "content");
}

/**
 * dnevnik_test_ui_sign_out:
 *
 * Signs out with win.sign-out and waits for the sign-in page.
 */
void
dnevnik_test_ui_sign_out (DnevnikWindow *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
  dnevnik_test_ui_wait_for_mode (window, "sign-in");
}

/**
 * dnevnik_test_ui_page_when_built:
 * @window: a main window
 * @name: a page's name
 *
 * Waits until @window has built its page @name (pages are built when
 * first shown, or in the background after start-up).
 *
 * Returns: (transfer none): the page
 */
GtkWidget *
dnevnik_test_ui_page_when_built (DnevnikWindow *window,
                                 const char    *name)
{
  GtkWidget *page = NULL;
  gint64 end = g_get_monotonic_time () + (gint64) WAIT_MS * 1000;

  while ((page = dnevnik_window_get_page (window, name)) == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  g_assert_nonnull (page);
  return page;
}

/**
 * dnevnik_test_ui_diary_loaded:
 * @user_data: a #DnevnikDiaryPage
 *
 * A condition for dnevnik_test_ui_wait_for(): the page shows a week.
 */
gboolean
dnevnik_test_ui_diary_loaded (gpointer user_data)
{
  return !dnevnik_diary_page_get_loading (user_data) &&
         g_list_model_get_n_items (dnevnik_diary_page_get_days (user_data)) > 0;
}

/**
 * dnevnik_test_ui_library_loaded:
 * @user_data: a #DnevnikLibraryPage
 *
 * A condition for dnevnik_test_ui_wait_for(): the page shows books.
 */
gboolean
dnevnik_test_ui_library_loaded (gpointer user_data)
{
  return g_list_model_get_n_items (dnevnik_library_page_get_items (user_data)) > 0;
}

/**
 * dnevnik_test_ui_portfolio_loaded:
 * @user_data: a #DnevnikPortfolioPage
 *
 * A condition for dnevnik_test_ui_wait_for(): the page shows achievements.
 */
gboolean
dnevnik_test_ui_portfolio_loaded (gpointer user_data)
{
  return g_list_model_get_n_items (dnevnik_portfolio_page_get_achievements (user_data)) > 0;
}

static void
step_at (DnevnikTestUiStepFunc  step,
         const char            *where)
{
  if (step != NULL)
    step (where);
}

/**
 * dnevnik_test_ui_visit_pages:
 * @step: (nullable): called on each page once it has loaded
 *
 * Visits the diary (the week of 25 November 2026), the library, the
 * portfolio and the help, and goes back to the diary.
 */
void
dnevnik_test_ui_visit_pages (DnevnikWindow         *window,
                             DnevnikTestUiStepFunc  step)
{
  GtkWidget *page;
  GDate day;

  page = dnevnik_test_ui_page_when_built (window, "diary");
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 25, G_DATE_NOVEMBER, 2026);
  dnevnik_diary_page_show_week (DNEVNIK_DIARY_PAGE (page), &day);
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_diary_loaded, page, WAIT_MS));
  step_at (step, "diary");

  dnevnik_window_show_page (window, "library");
  page = dnevnik_test_ui_page_when_built (window, "library");
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_library_loaded, page, WAIT_MS));
  step_at (step, "library");

  dnevnik_window_show_page (window, "portfolio");
  page = dnevnik_test_ui_page_when_built (window, "portfolio");
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_portfolio_loaded, page, WAIT_MS));
  step_at (step, "portfolio");

  dnevnik_window_show_page (window, "help");
  dnevnik_test_ui_page_when_built (window, "help");
  step_at (step, "help");

  dnevnik_window_show_page (window, "diary");
}

/**
 * dnevnik_test_ui_passport_idle:
 * @passport: a #DnevnikPassportWindow
 *
 * A #GSourceFunc for dnevnik_test_ui_wait_for().
 *
 * Returns: whether @passport waits for nothing
 */
gboolean
dnevnik_test_ui_passport_idle (gpointer passport)
{
  return !dnevnik_passport_window_get_busy (passport);
}

/**
 * dnevnik_test_ui_open_passport:
 *
 * Returns: (transfer none): «Мой паспорт», opened with win.passport, once
 *   it has loaded
 */
DnevnikPassportWindow *
dnevnik_test_ui_open_passport (DnevnikWindow *window)
{
  DnevnikPassportWindow *passport;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.passport", NULL));
  passport = DNEVNIK_PASSPORT_WINDOW (dnevnik_test_ui_wait_for_toplevel (DNEVNIK_TYPE_PASSPORT_WINDOW));
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_passport_idle, passport, WAIT_MS));

  return passport;
}

/**
 * dnevnik_test_ui_wizard_child:
 * @wizard: a #DnevnikLinkWizard
 * @name: the id of a child in its template
 *
 * Returns: (transfer none): that child; the test fails if there is none
 */
gpointer
dnevnik_test_ui_wizard_child (GtkWindow  *wizard,
                              const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (wizard), DNEVNIK_TYPE_LINK_WIZARD, name);

  g_assert_nonnull (object);
  return object;
}

typedef struct
{
  GtkWindow  *wizard;
  const char *page;
} PageWait;

static gboolean
wizard_page_is (gpointer user_data)
{
  PageWait *wait = user_data;
  GtkStack *stack = dnevnik_test_ui_wizard_child (wait->wizard, "stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), wait->page) == 0 &&
         !gtk_stack_get_transition_running (stack);
}

/**
 * dnevnik_test_ui_wait_for_wizard_page:
 * @wizard: a #DnevnikLinkWizard
 * @page: the name of a page of its stack
 *
 * Waits until @wizard shows @page, its transition over.
 *
 * Returns: whether it did in time
 */
gboolean
dnevnik_test_ui_wait_for_wizard_page (GtkWindow  *wizard,
                                      const char *page)
{
  PageWait wait = { wizard, page };

  return dnevnik_test_ui_wait_for (wizard_page_is, &wait, WAIT_MS);
}

/**
 * dnevnik_test_ui_press_enter_in:
 * @entry: an editable
 *
 * Presses Enter in @entry: GtkText binds Return to its "activate" signal.
 */
void
dnevnik_test_ui_press_enter_in (GtkWidget *entry)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (entry));

  g_assert_true (GTK_IS_TEXT (text));
  g_signal_emit_by_name (text, "activate");
}

static gboolean
linked (gpointer user_data)
{
  return dnevnik_link_status_get_linked (dnevnik_service_get_link_status (user_data));
}

static void
screenshot_step (GtkWindow  *wizard,
                 const char *prefix,
                 const char *step)
{
  g_autofree char *name = NULL;

  if (prefix == NULL)
    return;

  name = g_strconcat (prefix, step, NULL);
  dnevnik_test_ui_screenshot_settled (GTK_WIDGET (wizard), name);
}

/**
 * dnevnik_test_ui_link_through_wizard:
 * @sandbox: the server @app talks to, for the SMS code
 * @screenshot_prefix: (nullable): take pictures of the phone, code and
 *   done pages, named after it
 * @step: (nullable): called on each page of the wizard and on the QR
 *   dialog
 *
 * Links the signed-in student to +7 916 123-45-67: intro → phone → code
 * → done, then opens and closes the QR dialog, and closes the wizard.
 */
void
dnevnik_test_ui_link_through_wizard (DnevnikApplication    *app,
                                     DnevnikTestSandbox    *sandbox,
                                     DnevnikWindow         *window,
                                     const char            *screenshot_prefix,
                                     DnevnikTestUiStepFunc  step)
{
  DnevnikService *service = dnevnik_context_get_service (dnevnik_application_get_context (app));
  g_autofree char *code = NULL;
  GtkWindow *wizard;
  GtkWindow *qr;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sferum", NULL));
  wizard = dnevnik_test_ui_wait_for_toplevel (DNEVNIK_TYPE_LINK_WIZARD);
  gtk_window_set_default_size (wizard, 480, 640);

  g_assert_true (dnevnik_test_ui_wait_for_wizard_page (wizard, "intro"));
  step_at (step, "wizard, intro");

  gtk_widget_activate (dnevnik_test_ui_wizard_child (wizard, "intro_button"));
  g_assert_true (dnevnik_test_ui_wait_for_wizard_page (wizard, "phone"));
  gtk_editable_set_text (GTK_EDITABLE (dnevnik_test_ui_wizard_child (wizard, "phone_row")), "9161234567");
  step_at (step, "wizard, phone");
  screenshot_step (wizard, screenshot_prefix, "-wizard-phone");

  dnevnik_test_ui_press_enter_in (dnevnik_test_ui_wizard_child (wizard, "phone_row"));
  g_assert_true (dnevnik_test_ui_wait_for_wizard_page (wizard, "code"));
  code = dnevnik_test_sandbox_get_last_code (sandbox, PHONE);
  g_assert_nonnull (code);
  gtk_editable_set_text (GTK_EDITABLE (dnevnik_test_ui_wizard_child (wizard, "code_entry")), code);
  step_at (step, "wizard, code");
  screenshot_step (wizard, screenshot_prefix, "-wizard-code");

  dnevnik_test_ui_press_enter_in (dnevnik_test_ui_wizard_child (wizard, "code_entry"));
  g_assert_true (dnevnik_test_ui_wait_for_wizard_page (wizard, "done"));
  g_assert_true (linked (service));
  step_at (step, "wizard, done");
  screenshot_step (wizard, screenshot_prefix, "-wizard-done");

  gtk_widget_activate (dnevnik_test_ui_wizard_child (wizard, "open_on_phone_button"));
  qr = dnevnik_test_ui_wait_for_toplevel (DNEVNIK_TYPE_QR_DIALOG);
  step_at (step, "QR dialog");
  dnevnik_test_ui_close_toplevel (qr);

  dnevnik_test_ui_close_toplevel (wizard);
}

/**
 * dnevnik_test_ui_unlink_on_server:
 *
 * Unlinks ivan behind the app's back, so that the next walk finds him
 * not linked.
 */
void
dnevnik_test_ui_unlink_on_server (DnevnikTestSandbox *sandbox)
{
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (sandbox, "DELETE", LINK_PATH, token, NULL, 200);

  g_assert_nonnull (reply);
}
