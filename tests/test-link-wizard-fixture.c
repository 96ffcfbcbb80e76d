/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <glib/gstdio.h>

#include "dnevnik-qr-dialog.h"
#include "dnevnik-test-service.h"
#include "test-link-wizard-fixture.h"

/* The linking wizard's test fixture, shared by the test-link-wizard*
 * programs: a real dnevnik-sandbox, a signed-in service, a parent window
 * and the wizard in it, in Russian; and the ways a student reaches its
 * widgets.  Every wait spins the main loop until a state is reached; none
 * of them measures time. */

GtkApplication *app;
GPtrArray *notifications;
char *handler_outfile;

const Scenario ivan = { "ivan", { NULL } };
const Scenario maria = { "maria", { NULL } };

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const Scenario *scenario = data;
  g_autoptr(DnevnikTokenStore) store = dnevnik_memory_token_store_new ();

  f->sandbox = dnevnik_test_sandbox_newv (scenario->options);
  f->service = dnevnik_test_service_new_signed_in (f->sandbox, store, scenario->login, FALSE);

  f->parent = GTK_WINDOW (adw_application_window_new (app));
  gtk_window_set_title (f->parent, "Дневник");
  gtk_window_set_default_size (f->parent, 900, 700);
  gtk_window_present (f->parent);

  f->wizard = dnevnik_link_wizard_new (f->parent, f->service);
  g_object_add_weak_pointer (G_OBJECT (f->wizard), (gpointer *) &f->wizard);
  dnevnik_link_wizard_set_training_sms_file (f->wizard, dnevnik_test_sandbox_get_outbox_path (f->sandbox));
  g_assert_cmpstr (dnevnik_link_wizard_get_training_sms_file (f->wizard), ==,
                   dnevnik_test_sandbox_get_outbox_path (f->sandbox));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (f->wizard)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (f->wizard)) == f->parent);
  gtk_window_present (GTK_WINDOW (f->wizard));
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_widget_is_shown, f->wizard, WAIT_MS));

  g_ptr_array_set_size (notifications, 0);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* Closed or not, the wizard must go away entirely: nothing keeps it. */
  if (f->wizard != NULL)
    gtk_window_destroy (GTK_WINDOW (f->wizard));
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_is_null, &f->wizard, WAIT_MS));

  gtk_window_destroy (f->parent);
  g_clear_object (&f->service);
  g_clear_pointer (&f->sandbox, dnevnik_test_sandbox_free);
}

/* --- helpers ------------------------------------------------------------- */

gpointer
child (Fixture    *f,
       const char *name)
{
  return dnevnik_test_ui_wizard_child (GTK_WINDOW (f->wizard), name);
}

void
wait_page (Fixture    *f,
           const char *page)
{
  if (!dnevnik_test_ui_wait_for_wizard_page (GTK_WINDOW (f->wizard), page))
    g_error ("phone error: “%s” (%d), code error: “%s” (%d); "
             "The wizard shows “%s”, not “%s”",
             gtk_label_get_text (child (f, "phone_error_label")), gtk_widget_get_visible (child (f, "phone_error_box")),
             gtk_label_get_text (child (f, "code_error_label")), gtk_widget_get_visible (child (f, "code_error_box")),
             gtk_stack_get_visible_child_name (GTK_STACK (child (f, "stack"))), page);
}

const char *
page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (f, "stack")));
}

gboolean
is_sensitive (Fixture    *f,
              const char *name)
{
  return gtk_widget_is_sensitive (child (f, name));
}

gboolean
widget_is_sensitive (gpointer user_data)
{
  return gtk_widget_is_sensitive (user_data);
}

gboolean
widget_is_visible (gpointer user_data)
{
  return gtk_widget_is_visible (user_data);
}

/* Presses a button as a click would (GTK emits "clicked" from a timeout). */
void
press (Fixture    *f,
       const char *name)
{
  GtkWidget *button = child (f, name);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_get_mapped (button));
  gtk_widget_activate (button);
}

/* Enter in an entry with activates-default: GtkText binds Return to its
 * "activate" signal (it has no activate_signal for gtk_widget_activate). */
gboolean
focus_is_in (Fixture    *f,
             const char *name)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->wizard));
  GtkWidget *widget = child (f, name);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Waits for @page and asserts that the keyboard focus went to @widget. */
void
wait_page_focused (Fixture    *f,
                   const char *page,
                   const char *widget)
{
  wait_page (f, page);
  g_assert_true (focus_is_in (f, widget));
}

const char *
label_text (Fixture    *f,
            const char *name)
{
  return gtk_label_get_text (GTK_LABEL (child (f, name)));
}

void
screenshot (Fixture    *f,
            const char *name)
{
  dnevnik_test_ui_screenshot_after (GTK_WIDGET (f->wizard), name, 300);
}

void
go_to_phone_page (Fixture *f)
{
  wait_page (f, "intro");
  press (f, "intro_button");
  wait_page_focused (f, "phone", "phone_row");
}

void
type_phone (Fixture    *f,
            const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (f, "phone_row")), text);
}

/* Phone page → code page for @phone (typed as the student would). */
void
go_to_code_page (Fixture    *f,
                 const char *typed_phone)
{
  go_to_phone_page (f);
  type_phone (f, typed_phone);
  g_assert_true (is_sensitive (f, "continue_button"));
  dnevnik_test_ui_press_enter_in (child (f, "phone_row"));
  wait_page_focused (f, "code", "code_entry");
}

void
type_code (Fixture    *f,
           const char *code)
{
  gtk_editable_set_text (GTK_EDITABLE (child (f, "code_entry")), code);
}

/* A code of the right length that is not @code. */
char *
wrong_code_for (const char *code)
{
  char *wrong = g_strdup (code);

  wrong[0] = wrong[0] == '9' ? '0' : wrong[0] + 1;
  return wrong;
}

gboolean
error_shown (gpointer user_data)
{
  Fixture *f = user_data;

  return gtk_widget_get_visible (child (f, "code_error_box")) &&
         !gtk_widget_get_visible (child (f, "confirm_spinner"));
}

void
confirm_and_wait_error (Fixture *f)
{
  dnevnik_test_ui_press_enter_in (child (f, "code_entry"));
  g_assert_true (dnevnik_test_ui_wait_for (error_shown, f, WAIT_MS));
}

gboolean
is_linked (gpointer user_data)
{
  return dnevnik_link_status_get_linked (dnevnik_service_get_link_status (user_data));
}

gboolean
file_has (gpointer user_data)
{
  FileWait *wait = user_data;
  g_autofree char *contents = NULL;

  return g_file_get_contents (wait->path, &contents, NULL, NULL) &&
         g_strcmp0 (contents, wait->expected) == 0;
}

gboolean
qr_dialog_is_mapped (gpointer user_data)
{
  GtkWidget *dialog = dnevnik_test_ui_find_toplevel (DNEVNIK_TYPE_QR_DIALOG);

  return dialog != NULL && dnevnik_test_ui_widget_is_shown (dialog);
}

void
on_clipboard_read_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

gboolean
has_notification (gpointer user_data)
{
  return notifications->len > 0;
}

/* --- tests --------------------------------------------------------------- */

/**
 * link_wizard_test_init:
 *
 * Initialises GTest, GTK and libadwaita in Russian, a notification server,
 * an https:// handler and a registered application, for the fixture.
 */
void
link_wizard_test_init (int    *argc,
                       char ***argv)
{
  dnevnik_test_ui_init (argc, argv, "ru");
  adw_init ();
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    RESOURCE_BASE "/icons");

  handler_outfile = dnevnik_test_ui_install_uri_handler ();
  notifications = dnevnik_test_ui_start_notifications ();

  app = dnevnik_test_ui_register_application ("io.github.dnevnik.Dnevnik.TestWizard");
  g_application_set_default (G_APPLICATION (app));
}

/**
 * link_wizard_test_run:
 *
 * Runs the tests added, then frees what link_wizard_test_init() made.
 *
 * Returns: the exit status
 */
int
link_wizard_test_run (void)
{
  int status = g_test_run ();

  g_clear_object (&app);
  g_clear_pointer (&handler_outfile, g_free);

  return status;
}
