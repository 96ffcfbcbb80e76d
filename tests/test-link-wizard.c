/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "dnevnik-link-wizard.h"
#include "dnevnik-qr-code.h"
#include "dnevnik-qr-dialog.h"
#include "dnevnik-service.h"
#include "dnevnik-test-sandbox.h"
#include "dnevnik-test-ui.h"

/* The linking wizard under the headless harness, in Russian, against a real
 * dnevnik-sandbox, driven through its widgets as a student would (and once
 * through real X key events).  Every wait spins the main loop until a state
 * is reached; none of them measures time. */

#define WAIT_MS 20000

/* libsoup resends a request once per idle connection that was dropped, so
 * a "drop" that must reach the wizard drops more than the service keeps
 * connections (see tests/dnevnik-test-service.h). */
#define DROP_COUNT 10

#define PHONE_IVAN "+79161234567"
#define PHONE_MARIA "+79169876543"

static GtkApplication *app;
static char *handler_outfile;

/* --- a notification server on the test's private bus ---------------------- */

static GPtrArray *notifications;  /* "summary\nbody" of each Notify call */

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static void
on_notifications_method_cb (GDBusConnection       *connection,
                            const char            *sender,
                            const char            *object_path,
                            const char            *interface_name,
                            const char            *method_name,
                            GVariant              *parameters,
                            GDBusMethodInvocation *invocation,
                            gpointer               user_data)
{
  if (g_strcmp0 (method_name, "Notify") == 0)
    {
      const char *summary;
      const char *body;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_ptr_array_add (notifications, g_strconcat (summary, "\n", body, NULL));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notifications->len));
    }
  else if (g_strcmp0 (method_name, "GetCapabilities") == 0)
    {
      const char *caps[] = { "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_strcmp0 (method_name, "GetServerInformation") == 0)
    {
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(ssss)", "test", "dnevnik", "1", "1.2"));
    }
  else
    {
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
}

static const GDBusInterfaceVTable notifications_vtable = { on_notifications_method_cb, NULL, NULL, { 0 } };

static gboolean name_acquired;

static void
on_name_acquired_cb (GDBusConnection *connection,
                     const char      *name,
                     gpointer         user_data)
{
  name_acquired = TRUE;
}

static gboolean
is_true (gpointer user_data)
{
  return *(gboolean *) user_data;
}

/* Without one, GLib's notification backend warns, and fatal-warnings stops
 * the test; with one, the test sees what the student would see. */
static void
start_notification_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GDBusNodeInfo) info = NULL;

  g_assert_no_error (error);
  info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &notifications_vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                on_name_acquired_cb, NULL, NULL, NULL);
  g_assert_true (dnevnik_test_ui_wait_for (is_true, &name_acquired, WAIT_MS));
  notifications = g_ptr_array_new_with_free_func (g_free);
}

/* A desktop file that takes https:// links and writes them to a file: what
 * «Перейти в Сферум» launches, without a browser. */
static void
install_uri_handler (void)
{
  g_autofree char *apps = g_build_filename (g_get_user_data_dir (), "applications", NULL);
  g_autofree char *desktop = g_build_filename (apps, "dnevnik-test-handler.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (g_get_user_config_dir (), "mimeapps.list", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  handler_outfile = g_build_filename (g_get_user_data_dir (), "opened-uris.txt", NULL);
  g_assert_no_errno (g_mkdir_with_parents (apps, 0700));
  g_assert_no_errno (g_mkdir_with_parents (g_get_user_config_dir (), 0700));

  contents = g_strdup_printf ("[Desktop Entry]\n"
                              "Type=Application\n"
                              "Name=Dnevnik test URI handler\n"
                              "Exec=sh -c 'echo \"$1\" >> %s' sh %%u\n"
                              "MimeType=x-scheme-handler/https;\n"
                              "NoDisplay=true\n",
                              handler_outfile);
  g_file_set_contents (desktop, contents, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (mimeapps,
                       "[Default Applications]\n"
                       "x-scheme-handler/https=dnevnik-test-handler.desktop\n",
                       -1, &error);
  g_assert_no_error (error);
}

/* --- fixture ------------------------------------------------------------- */

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

static void
on_signed_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  dnevnik_service_sign_in_finish (DNEVNIK_SERVICE (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
widget_is_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data) && gtk_widget_get_width (user_data) > 0;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const Scenario *scenario = data;
  g_autoptr(DnevnikTokenStore) store = dnevnik_memory_token_store_new ();
  g_autoptr(GError) error = NULL;
  gboolean signed_in = FALSE;

  f->sandbox = dnevnik_test_sandbox_newv (scenario->options);
  f->service = dnevnik_service_new (dnevnik_test_sandbox_get_url (f->sandbox), store, &error);
  g_assert_no_error (error);
  dnevnik_service_sign_in_async (f->service, scenario->login, "dnevnik", FALSE, NULL,
                                 on_signed_in_cb, &signed_in);
  g_assert_true (dnevnik_test_ui_wait_for (is_true, &signed_in, WAIT_MS));

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
  g_assert_true (dnevnik_test_ui_wait_for (widget_is_mapped, f->wizard, WAIT_MS));

  g_ptr_array_set_size (notifications, 0);
}

static gboolean
is_null (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* Closed or not, the wizard must go away entirely: nothing keeps it. */
  if (f->wizard != NULL)
    gtk_window_destroy (GTK_WINDOW (f->wizard));
  g_assert_true (dnevnik_test_ui_wait_for (is_null, &f->wizard, WAIT_MS));

  gtk_window_destroy (f->parent);
  g_clear_object (&f->service);
  g_clear_pointer (&f->sandbox, dnevnik_test_sandbox_free);
}

/* --- helpers ------------------------------------------------------------- */

static gpointer
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->wizard), DNEVNIK_TYPE_LINK_WIZARD, name);

  g_assert_nonnull (object);
  return object;
}

typedef struct
{
  Fixture    *f;
  const char *page;
} PageWait;

static gboolean
page_is (gpointer user_data)
{
  PageWait *wait = user_data;
  GtkStack *stack = child (wait->f, "stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), wait->page) == 0 &&
         !gtk_stack_get_transition_running (stack);
}

static void
wait_page (Fixture    *f,
           const char *page)
{
  PageWait wait = { f, page };

  if (!dnevnik_test_ui_wait_for (page_is, &wait, WAIT_MS))
    g_error ("phone error: “%s” (%d), code error: “%s” (%d); "
             "The wizard shows “%s”, not “%s”",
             gtk_label_get_text (child (f, "phone_error_label")), gtk_widget_get_visible (child (f, "phone_error_box")),
             gtk_label_get_text (child (f, "code_error_label")), gtk_widget_get_visible (child (f, "code_error_box")),
             gtk_stack_get_visible_child_name (GTK_STACK (child (f, "stack"))), page);
  if (0)
    g_error ("The wizard shows “%s”, not “%s”",
             gtk_stack_get_visible_child_name (GTK_STACK (child (f, "stack"))), page);
}

static const char *
page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (f, "stack")));
}

static gboolean
is_sensitive (Fixture    *f,
              const char *name)
{
  return gtk_widget_is_sensitive (child (f, name));
}

static gboolean
widget_is_sensitive (gpointer user_data)
{
  return gtk_widget_is_sensitive (user_data);
}

static gboolean
widget_is_visible (gpointer user_data)
{
  return gtk_widget_is_visible (user_data);
}

/* Presses a button as a click would (GTK emits "clicked" from a timeout). */
static void
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
static void
press_enter_in (GtkWidget *entry)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (entry));

  g_assert_true (GTK_IS_TEXT (text));
  g_signal_emit_by_name (text, "activate");
}

static gboolean
focus_is_in (Fixture    *f,
             const char *name)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->wizard));
  GtkWidget *widget = child (f, name);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static const char *
label_text (Fixture    *f,
            const char *name)
{
  return gtk_label_get_text (GTK_LABEL (child (f, name)));
}

static void
screenshot (Fixture    *f,
            const char *name)
{
  g_autofree char *path = NULL;

  dnevnik_test_ui_spin (300);
  path = dnevnik_test_ui_screenshot (GTK_WIDGET (f->wizard), name);
  g_test_message ("screenshot: %s", path);
}

static void
go_to_phone_page (Fixture *f)
{
  wait_page (f, "intro");
  press (f, "intro_button");
  wait_page (f, "phone");
  g_assert_true (focus_is_in (f, "phone_row"));
}

static void
type_phone (Fixture    *f,
            const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (f, "phone_row")), text);
}

/* Phone page → code page for @phone (typed as the student would). */
static void
go_to_code_page (Fixture    *f,
                 const char *typed_phone)
{
  go_to_phone_page (f);
  type_phone (f, typed_phone);
  g_assert_true (is_sensitive (f, "continue_button"));
  press_enter_in (child (f, "phone_row"));
  wait_page (f, "code");
  g_assert_true (focus_is_in (f, "code_entry"));
}

static void
type_code (Fixture    *f,
           const char *code)
{
  gtk_editable_set_text (GTK_EDITABLE (child (f, "code_entry")), code);
}

/* A code of the right length that is not @code. */
static char *
wrong_code_for (const char *code)
{
  char *wrong = g_strdup (code);

  wrong[0] = wrong[0] == '9' ? '0' : wrong[0] + 1;
  return wrong;
}

static gboolean
error_shown (gpointer user_data)
{
  Fixture *f = user_data;

  return gtk_widget_get_visible (child (f, "code_error_box")) &&
         !gtk_widget_get_visible (child (f, "confirm_spinner"));
}

static void
confirm_and_wait_error (Fixture *f)
{
  press_enter_in (child (f, "code_entry"));
  g_assert_true (dnevnik_test_ui_wait_for (error_shown, f, WAIT_MS));
}

static gboolean
is_linked (gpointer user_data)
{
  return dnevnik_link_status_get_linked (dnevnik_service_get_link_status (user_data));
}

typedef struct
{
  const char *path;
  const char *expected;
} FileWait;

static gboolean
file_has (gpointer user_data)
{
  FileWait *wait = user_data;
  g_autofree char *contents = NULL;

  return g_file_get_contents (wait->path, &contents, NULL, NULL) &&
         g_strcmp0 (contents, wait->expected) == 0;
}

static GtkWidget *
find_qr_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (DNEVNIK_IS_QR_DIALOG (window))
        return window;
    }

  return NULL;
}

static gboolean
qr_dialog_is_mapped (gpointer user_data)
{
  GtkWidget *dialog = find_qr_dialog ();

  return dialog != NULL && gtk_widget_get_mapped (dialog) && gtk_widget_get_width (dialog) > 0;
}

/* What a phone's scanner reads from the widget's pixels. */
static char *
decode_qr (GtkWidget  *widget,
           const char *name)
{
  g_autofree char *png = dnevnik_test_ui_screenshot (widget, name);
  const char *argv[] = { "zbarimg", "--raw", "-q", png, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return g_strchomp (g_steal_pointer (&out));
}

typedef struct
{
  char *text;
  gboolean done;
} ClipboardRead;

static void
on_clipboard_read_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static gboolean
has_notification (gpointer user_data)
{
  return notifications->len > 0;
}

/* --- tests --------------------------------------------------------------- */

static const Scenario ivan = { "ivan", { NULL } };

static void
test_happy_path (Fixture       *f,
                 gconstpointer  data)
{
  DnevnikLinkStatus *status = dnevnik_service_get_link_status (f->service);
  g_autofree char *code = NULL;
  g_autofree char *sms = NULL;
  g_autofree char *notification = NULL;
  g_autofree char *expected_uri = NULL;
  g_autofree char *decoded = NULL;
  FileWait opened;
  GtkWidget *dialog;
  GtkWidget *qr;
  ClipboardRead read = { NULL, FALSE };

  /* Intro: what linking gives, that MAX is needed, and the seed's button. */
  wait_page (f, "intro");
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard), "Перейти к подключению"));
  g_assert_cmpstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (child (f, "get_max_button"))), ==, "https://max.ru/");
  g_assert_false (gtk_widget_get_visible (child (f, "back_button")));
  g_assert_true (focus_is_in (f, "intro_button"));
  screenshot (f, "link-wizard-intro-ru");

  /* Phone: «+7» beside the entry, formatting as typed. */
  go_to_phone_page (f);
  g_assert_nonnull (dnevnik_test_ui_find_label (child (f, "phone_row"), "+7"));
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard), "Продолжить"));
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard),
                                                "Уже есть учебный профиль в Сферуме? Укажите номер, по которому вы входите в МАХ."));
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard),
                                                "Номера ещё нет в МАХ? Тогда он сначала будет зарегистрирован — код подтверждения придёт в СМС."));
  g_assert_false (is_sensitive (f, "continue_button"));
  type_phone (f, "9161234567");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "phone_row"))), ==, "916 123-45-67");
  g_assert_true (is_sensitive (f, "continue_button"));
  screenshot (f, "link-wizard-phone-ru");

  /* Code: Enter in the phone entry presses «Продолжить». */
  press_enter_in (child (f, "phone_row"));
  wait_page (f, "code");
  g_assert_true (focus_is_in (f, "code_entry"));
  g_assert_cmpstr (label_text (f, "code_note_label"), ==,
                   "Введите код, который мы отправили на номер +7\u00a0916\u00a0***\u2011**\u201167");
  g_assert_cmpint (gtk_entry_get_max_length (GTK_ENTRY (child (f, "code_entry"))), ==, 6);
  g_assert_false (is_sensitive (f, "confirm_button"));
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard), "Перейти в МАХ"));

  /* The training SMS reaches the student: in the window and as a
   * notification. */
  code = dnevnik_test_sandbox_get_last_code (f->sandbox, PHONE_IVAN);
  g_assert_nonnull (code);
  sms = g_strconcat ("Код подтверждения Сферум: ", code, NULL);
  g_assert_true (dnevnik_test_ui_wait_for (widget_is_visible, child (f, "sms_card"), WAIT_MS));
  g_assert_cmpstr (label_text (f, "sms_label"), ==, sms);
  notification = g_strconcat ("СМС от Сферума\n", sms, NULL);
  g_assert_true (dnevnik_test_ui_wait_for (has_notification, NULL, WAIT_MS));
  g_assert_cmpstr (g_ptr_array_index (notifications, notifications->len - 1), ==, notification);

  /* Digits only, whatever is pasted. */
  type_code (f, "Код: 12x");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "code_entry"))), ==, "12");
  g_assert_false (is_sensitive (f, "confirm_button"));
  type_code (f, code);
  g_assert_true (is_sensitive (f, "confirm_button"));
  screenshot (f, "link-wizard-code-ru");

  /* Done: Enter in the code entry presses «Перейти в МАХ». */
  press_enter_in (child (f, "code_entry"));
  wait_page (f, "done");
  g_assert_true (dnevnik_link_status_get_linked (status));
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard), "Ваша учетная запись успешно привязана"));
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard), "+7 916 ***-**-67"));
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard),
                                                dnevnik_link_status_get_account_id (status)));
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard), "Перейти в Сферум"));
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard), "Открыть на телефоне"));
  g_assert_true (focus_is_in (f, "open_profile_button"));
  g_assert_false (gtk_widget_get_visible (child (f, "back_button")));
  screenshot (f, "link-wizard-done-ru");

  /* «Перейти в Сферум» hands exactly profile_url to the system handler. */
  g_assert_true (g_str_has_prefix (dnevnik_link_status_get_profile_url (status), "https://max.ru/"));
  expected_uri = g_strconcat (dnevnik_link_status_get_profile_url (status), "\n", NULL);
  opened.path = handler_outfile;
  opened.expected = expected_uri;
  g_unlink (handler_outfile);
  press (f, "open_profile_button");
  g_assert_true (dnevnik_test_ui_wait_for (file_has, &opened, WAIT_MS));

  /* «Открыть на телефоне»: the QR code scans to exactly profile_url. */
  press (f, "open_on_phone_button");
  g_assert_true (dnevnik_test_ui_wait_for (qr_dialog_is_mapped, NULL, WAIT_MS));
  dialog = find_qr_dialog ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->wizard));
  g_assert_cmpstr (dnevnik_qr_dialog_get_url (DNEVNIK_QR_DIALOG (dialog)), ==,
                   dnevnik_link_status_get_profile_url (status));
  g_assert_nonnull (dnevnik_test_ui_find_label (dialog, dnevnik_link_status_get_profile_url (status)));
  qr = dnevnik_test_ui_find_by_type (dialog, DNEVNIK_TYPE_QR_CODE, 0);
  g_assert_nonnull (qr);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (qr), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (qr), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "QR-код ссылки на ваш профиль Сферум");
  dnevnik_test_ui_spin (300);
  {
    g_autofree char *png = dnevnik_test_ui_screenshot (dialog, "link-wizard-qr-ru");
  }
  decoded = decode_qr (qr, "link-wizard-qr-code");
  g_assert_cmpstr (decoded, ==, dnevnik_link_status_get_profile_url (status));

  /* The copy button puts the link on the clipboard and says so. */
  gtk_widget_activate_action (dialog, "qr.copy", NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (dialog), NULL, on_clipboard_read_cb, &read);
  g_assert_true (dnevnik_test_ui_wait_for (is_true, &read.done, WAIT_MS));
  g_assert_cmpstr (read.text, ==, dnevnik_link_status_get_profile_url (status));
  g_free (read.text);
  g_assert_nonnull (dnevnik_test_ui_find_label (dialog, "Ссылка скопирована"));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_phone_forms (Fixture       *f,
                  gconstpointer  data)
{
  const struct {
    const char *typed;
    const char *shown;
    gboolean    valid;
  } forms[] = {
    { "9161234567", "916 123-45-67", TRUE },
    { "8 916 123-45-67", "916 123-45-67", TRUE },
    { "+7 (916) 123-45-67", "916 123-45-67", TRUE },
    { "89161234567", "916 123-45-67", TRUE },
    { "79031234567", "903 123-45-67", TRUE },
    { "916 123 45 6", "916 123-45-6", FALSE },
    { "91612", "916 12", FALSE },
    { "8 (495) 123-45-67", "495 123-45-67", FALSE },
    { "4951234567", "495 123-45-67", FALSE },
    { "телефон", "", FALSE },
    { "", "", FALSE },
  };

  GtkEditable *text;

  go_to_phone_page (f);
  text = gtk_editable_get_delegate (GTK_EDITABLE (child (f, "phone_row")));

  /* Every control can be named by a screen reader. */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child (f, "back_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Назад");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child (f, "code_entry")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Код подтверждения");

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_test_message ("typed: “%s”", forms[i].typed);
      type_phone (f, forms[i].typed);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "phone_row"))), ==, forms[i].shown);
      g_assert_cmpint (is_sensitive (f, "continue_button"), ==, forms[i].valid);
    }

  /* Editing in the middle keeps the caret after the same digit. */
  type_phone (f, "916 123-45-6");
  gtk_editable_set_position (text, 3);
  {
    int position = 3;

    gtk_editable_insert_text (text, "0", 1, &position);
    g_assert_cmpstr (gtk_editable_get_text (text), ==, "916 012-34-56");
    g_assert_cmpint (position, ==, 5);
  }

  /* Backspace over a space deletes the digit before it. */
  type_phone (f, "916 123-45-67");
  gtk_editable_set_position (text, 4);
  gtk_editable_delete_text (text, 3, 4);
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "911 234-56-7");
  g_assert_cmpint (gtk_editable_get_position (text), ==, 2);
  g_assert_false (is_sensitive (f, "continue_button"));

  /* Back goes a step back and keeps nothing half done. */
  press (f, "back_button");
  wait_page (f, "intro");
  g_assert_true (focus_is_in (f, "intro_button"));
}

static const Scenario ivan_six_attempts = { "ivan", { "--max-attempts=6", NULL } };

static void
test_wrong_code_then_right (Fixture       *f,
                            gconstpointer  data)
{
  /* Russian has three plural forms: 5 попыток, 4/3/2 попытки, 1 попытка. */
  const char *expected[] = {
    "Неверный код. Осталось 5 попыток.",
    "Неверный код. Осталось 4 попытки.",
    "Неверный код. Осталось 3 попытки.",
    "Неверный код. Осталось 2 попытки.",
    "Неверный код. Осталась 1 попытка.",
  };
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;

  go_to_code_page (f, "8 (916) 123-45-67");
  code = dnevnik_test_sandbox_get_last_code (f->sandbox, PHONE_IVAN);
  wrong = wrong_code_for (code);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      type_code (f, wrong);
      confirm_and_wait_error (f);
      g_assert_cmpstr (label_text (f, "code_error_label"), ==, expected[i]);
      /* Trying the same code again cannot help: no Try Again here. */
      g_assert_false (gtk_widget_get_visible (child (f, "code_retry_button")));
      g_assert_cmpstr (page (f), ==, "code");
      g_assert_true (focus_is_in (f, "code_entry"));
      if (i == 1)
        screenshot (f, "link-wizard-error-ru");
    }

  g_assert_false (is_linked (f->service));

  /* Typing hides the error; the right code links. */
  type_code (f, code);
  g_assert_false (gtk_widget_get_visible (child (f, "code_error_box")));
  press (f, "confirm_button");
  wait_page (f, "done");
  g_assert_true (is_linked (f->service));
}

static char *old_sms;

/* A new SMS arrived (the codes are random: equal ones are a one in a
 * million chance). */
static gboolean
sms_label_changed (gpointer user_data)
{
  Fixture *f = user_data;

  return g_strcmp0 (label_text (f, "sms_label"), old_sms) != 0 &&
         gtk_editable_get_editable (GTK_EDITABLE (child (f, "code_entry")));
}

static const Scenario ivan_short_ttl = { "ivan", { "--code-ttl=1", NULL } };

static void
test_expired_code (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *code = NULL;
  g_autofree char *new_code = NULL;
  g_autofree char *sms = NULL;

  go_to_code_page (f, "+7 916 123-45-67");
  g_assert_true (dnevnik_test_ui_wait_for (widget_is_visible, child (f, "sms_card"), WAIT_MS));
  code = dnevnik_test_sandbox_get_last_code (f->sandbox, PHONE_IVAN);

  /* The default resend cool-down (60 s) is still running. */
  g_assert_false (is_sensitive (f, "resend_button"));
  g_assert_true (gtk_widget_get_visible (child (f, "countdown_label")));

  /* Let the one-second code expire (a setup step, not a measurement). */
  dnevnik_test_ui_spin (1500);
  type_code (f, code);
  confirm_and_wait_error (f);
  g_assert_cmpstr (label_text (f, "code_error_label"), ==,
                   "Срок действия кода истек. Нажмите «Отправить код повторно», чтобы получить новый.");
  g_assert_cmpstr (page (f), ==, "code");

  /* A new code is offered at once, cool-down or not; the old one cannot be
   * sent again. */
  g_assert_true (is_sensitive (f, "resend_button"));
  g_assert_false (is_sensitive (f, "confirm_button"));
  g_assert_false (gtk_widget_get_visible (child (f, "countdown_label")));
  g_assert_true (focus_is_in (f, "resend_button"));

  /* The server refuses the resend (too early); the wizard asks for a new
   * request for the same number instead. */
  old_sms = g_strdup (label_text (f, "sms_label"));
  press (f, "resend_button");
  g_assert_true (dnevnik_test_ui_wait_for (sms_label_changed, f, WAIT_MS));
  new_code = dnevnik_test_sandbox_get_last_code (f->sandbox, PHONE_IVAN);
  sms = g_strconcat ("Код подтверждения Сферум: ", new_code, NULL);
  g_assert_cmpstr (label_text (f, "sms_label"), ==, sms);
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (f->sandbox, "POST", "/api/v1/sferum/link/start"), ==, 2);
  g_assert_cmpstr (page (f), ==, "code");
  g_assert_false (gtk_widget_get_visible (child (f, "code_error_box")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "code_entry"))), ==, "");
  g_assert_false (is_sensitive (f, "resend_button"));
  type_code (f, new_code);
  g_assert_true (is_sensitive (f, "confirm_button"));
  g_clear_pointer (&old_sms, g_free);
}

static const Scenario ivan_short_cooldown = { "ivan", { "--resend-cooldown=2", NULL } };

static void
test_resend_cooldown (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  const char *countdown;

  go_to_code_page (f, "9161234567");
  first = dnevnik_test_sandbox_get_last_code (f->sandbox, PHONE_IVAN);

  g_assert_false (is_sensitive (f, "resend_button"));
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard), "Отправить код повторно"));
  countdown = label_text (f, "countdown_label");
  g_assert_true (g_str_equal (countdown, "Новый код можно запросить через 0:02") ||
                 g_str_equal (countdown, "Новый код можно запросить через 0:01"));

  g_assert_true (dnevnik_test_ui_wait_for (widget_is_sensitive, child (f, "resend_button"), WAIT_MS));
  g_assert_false (gtk_widget_get_visible (child (f, "countdown_label")));

  g_assert_true (dnevnik_test_ui_wait_for (widget_is_visible, child (f, "sms_card"), WAIT_MS));
  old_sms = g_strdup (label_text (f, "sms_label"));
  press (f, "resend_button");
  g_assert_true (dnevnik_test_ui_wait_for (sms_label_changed, f, WAIT_MS));
  g_clear_pointer (&old_sms, g_free);
  g_assert_true (gtk_widget_get_visible (child (f, "countdown_label")));
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (f->sandbox, "POST", "/api/v1/sferum/link/resend"), ==, 1);
  second = dnevnik_test_sandbox_get_last_code (f->sandbox, PHONE_IVAN);
  g_assert_cmpstr (page (f), ==, "code");
  g_assert_false (is_sensitive (f, "resend_button"));

  /* The new code works. */
  type_code (f, second);
  press (f, "confirm_button");
  wait_page (f, "done");
  g_assert_true (is_linked (f->service));
}

static const Scenario ivan_two_attempts = { "ivan", { "--max-attempts=2", NULL } };

static void
test_no_attempts_left (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *new_code = NULL;

  go_to_code_page (f, "9161234567");
  code = dnevnik_test_sandbox_get_last_code (f->sandbox, PHONE_IVAN);
  wrong = wrong_code_for (code);

  type_code (f, wrong);
  confirm_and_wait_error (f);
  g_assert_cmpstr (label_text (f, "code_error_label"), ==, "Неверный код. Осталась 1 попытка.");

  /* The last try: back to the phone step, the number kept, and why. */
  type_code (f, wrong);
  press_enter_in (child (f, "code_entry"));
  wait_page (f, "phone");
  g_assert_true (gtk_widget_get_visible (child (f, "phone_error_box")));
  g_assert_cmpstr (label_text (f, "phone_error_label"), ==,
                   "Код был введен неверно слишком много раз, и он больше не действует. Проверьте номер и нажмите «Продолжить», чтобы получить новый код.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "phone_row"))), ==, "916 123-45-67");
  g_assert_true (is_sensitive (f, "continue_button"));
  g_assert_false (is_linked (f->service));

  /* «Продолжить» gets a new code, which works. */
  press (f, "continue_button");
  wait_page (f, "code");
  new_code = dnevnik_test_sandbox_get_last_code (f->sandbox, PHONE_IVAN);
  type_code (f, new_code);
  press (f, "confirm_button");
  wait_page (f, "done");
}

static const Scenario maria = { "maria", { NULL } };

static gboolean
on_show_passport_cb (DnevnikLinkWizard *wizard,
                     gpointer           user_data)
{
  (*(guint *) user_data)++;
  return TRUE;
}

static void
test_already_linked (Fixture       *f,
                     gconstpointer  data)
{
  guint passport_requests = 0;

  /* Мария's account is linked, but this window has not heard of it. */
  g_assert_false (is_linked (f->service));
  go_to_phone_page (f);
  type_phone (f, "9169876543");
  press (f, "continue_button");
  wait_page (f, "problem");

  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard), "Ваша учетная запись уже привязана"));
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard), "Мой паспорт"));
  g_assert_false (gtk_widget_get_visible (child (f, "other_number_button")));
  g_assert_true (focus_is_in (f, "passport_button"));

  /* The rest of the app learns of the link; the explanation stays. */
  g_assert_true (dnevnik_test_ui_wait_for (is_linked, f->service, WAIT_MS));
  dnevnik_test_ui_spin (100);
  g_assert_cmpstr (page (f), ==, "problem");
  screenshot (f, "link-wizard-already-linked-ru");

  g_signal_connect (f->wizard, "show-passport", G_CALLBACK (on_show_passport_cb), &passport_requests);
  press (f, "passport_button");
  g_assert_true (dnevnik_test_ui_wait_for (is_null, &f->wizard, WAIT_MS));
  g_assert_cmpuint (passport_requests, ==, 1);
}

static void
test_max_account_taken (Fixture       *f,
                        gconstpointer  data)
{
  const char *description;

  go_to_phone_page (f);
  type_phone (f, "+7 916 987-65-43");
  press (f, "continue_button");
  wait_page (f, "problem");

  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard), "Этот номер привязан к другому ученику"));
  description = adw_status_page_get_description (ADW_STATUS_PAGE (child (f, "problem_page")));
  g_assert_nonnull (strstr (description, "+7\u00a0916\u00a0987\u201165\u201143"));
  g_assert_true (is_sensitive (f, "passport_button"));
  g_assert_true (gtk_widget_get_visible (child (f, "other_number_button")));
  g_assert_false (is_linked (f->service));
  screenshot (f, "link-wizard-taken-ru");

  /* Another number: back to the phone page with the number to correct. */
  press (f, "other_number_button");
  wait_page (f, "phone");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "phone_row"))), ==, "916 987-65-43");
  g_assert_true (focus_is_in (f, "phone_row"));
}

static void
test_dropped_connection (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *code = NULL;

  go_to_code_page (f, "9161234567");
  code = dnevnik_test_sandbox_get_last_code (f->sandbox, PHONE_IVAN);

  dnevnik_test_sandbox_add_fault (f->sandbox, "POST", "/api/v1/sferum/link/confirm", "drop", DROP_COUNT, 0);
  type_code (f, code);
  confirm_and_wait_error (f);

  /* Says so, keeps the code, offers to try again. */
  g_assert_cmpstr (page (f), ==, "code");
  g_assert_true (gtk_widget_get_visible (child (f, "code_retry_button")));
  g_assert_true (focus_is_in (f, "code_retry_button"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "code_entry"))), ==, code);
  g_assert_false (is_linked (f->service));
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard), "Попробовать снова"));

  dnevnik_test_sandbox_clear_faults (f->sandbox);
  press (f, "code_retry_button");
  wait_page (f, "done");
  g_assert_true (is_linked (f->service));
}

static void
test_network_error_on_start (Fixture       *f,
                             gconstpointer  data)
{
  go_to_phone_page (f);
  type_phone (f, "9161234567");

  dnevnik_test_sandbox_add_fault (f->sandbox, "POST", "/api/v1/sferum/link/start", "drop", DROP_COUNT, 0);
  press (f, "continue_button");
  g_assert_true (dnevnik_test_ui_wait_for (widget_is_visible, child (f, "phone_error_box"), WAIT_MS));
  g_assert_true (gtk_widget_get_visible (child (f, "phone_retry_button")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "phone_row"))), ==, "916 123-45-67");

  dnevnik_test_sandbox_clear_faults (f->sandbox);
  press (f, "phone_retry_button");
  wait_page (f, "code");
}

static void
test_rate_limited (Fixture       *f,
                   gconstpointer  data)
{
  /* The sandbox allows 5 starts per account in 10 minutes. */
  go_to_phone_page (f);
  type_phone (f, "9161234567");
  for (guint i = 0; i < 5; i++)
    {
      press (f, "continue_button");
      wait_page (f, "code");
      press (f, "back_button");
      wait_page (f, "phone");
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "phone_row"))), ==, "916 123-45-67");
    }

  press (f, "continue_button");
  g_assert_true (dnevnik_test_ui_wait_for (widget_is_visible, child (f, "phone_error_box"), WAIT_MS));
  g_assert_cmpstr (label_text (f, "phone_error_label"), ==,
                   "Слишком много попыток. Попробуйте снова через 10 минут.");
  g_assert_false (gtk_widget_get_visible (child (f, "phone_retry_button")));
  g_assert_cmpstr (page (f), ==, "phone");
}

static gboolean
spinner_visible (gpointer user_data)
{
  Fixture *f = user_data;

  return gtk_widget_get_visible (child (f, "confirm_spinner"));
}

static void
test_cancel_during_request (Fixture       *f,
                            gconstpointer  data)
{
  DnevnikLinkStatus *status = dnevnik_service_get_link_status (f->service);
  g_autofree char *code = NULL;

  go_to_code_page (f, "9161234567");
  code = dnevnik_test_sandbox_get_last_code (f->sandbox, PHONE_IVAN);

  dnevnik_test_sandbox_add_fault (f->sandbox, "POST", "/api/v1/sferum/link/confirm", "delay", 1, 3000);
  type_code (f, code);
  press (f, "confirm_button");
  g_assert_true (dnevnik_test_ui_wait_for (spinner_visible, f, WAIT_MS));

  /* Busy: the code stays, and cannot be changed under the request. */
  g_assert_false (is_sensitive (f, "confirm_button"));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (child (f, "code_entry"))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "code_entry"))), ==, code);

  /* Escape closes the window and cancels the request. */
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "window.close", NULL);
  g_assert_true (dnevnik_test_ui_wait_for (is_null, &f->wizard, WAIT_MS));

  /* Nothing half done: the shared status did not change, and stays so
   * after the delayed reply would have come. */
  g_assert_false (dnevnik_link_status_get_linked (status));
  dnevnik_test_ui_spin (3500);
  g_assert_false (dnevnik_link_status_get_linked (status));
}

static void
on_refreshed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  dnevnik_service_refresh_link_status_finish (DNEVNIK_SERVICE (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_linked_elsewhere (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *code = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) started = NULL;
  const char *request_id;
  gboolean refreshed = FALSE;

  go_to_phone_page (f);

  /* Another client links the account meanwhile. */
  token = dnevnik_test_sandbox_login (f->sandbox, "ivan", NULL);
  started = dnevnik_test_sandbox_call (f->sandbox, "POST", "/api/v1/sferum/link/start", token,
                                       "{\"phone\": \"+79031234567\"}", 202);
  request_id = json_object_get_string_member (json_node_get_object (started), "request_id");
  code = dnevnik_test_sandbox_get_last_code (f->sandbox, "+79031234567");
  body = g_strdup_printf ("{\"request_id\": \"%s\", \"code\": \"%s\"}", request_id, code);
  reply = dnevnik_test_sandbox_call (f->sandbox, "POST", "/api/v1/sferum/link/confirm", token, body, 200);

  /* When the app hears of it, the wizard follows the shared status. */
  dnevnik_service_refresh_link_status_async (f->service, NULL, on_refreshed_cb, &refreshed);
  g_assert_true (dnevnik_test_ui_wait_for (is_true, &refreshed, WAIT_MS));
  wait_page (f, "done");
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard), "+7 903 ***-**-67"));
}

static void
test_qr_code_scales (void)
{
  const char *url = "https://max.ru/sferum/profile/7005518230";
  const int sizes[] = { 120, 333, 500 };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *qr = dnevnik_qr_code_new (url);

  g_object_ref (window);
  gtk_window_set_child (GTK_WINDOW (window), qr);
  g_assert_cmpstr (dnevnik_qr_code_get_text (DNEVNIK_QR_CODE (qr)), ==, url);
  g_assert_cmpuint (dnevnik_qr_code_get_modules (DNEVNIK_QR_CODE (qr)), >=, 21);

  /* Scans at any size, in the dark style too (always black on white). */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("qr-code-%d", sizes[i]);
      g_autofree char *decoded = NULL;

      gtk_widget_set_size_request (qr, sizes[i], sizes[i]);
      gtk_window_present (GTK_WINDOW (window));
      g_assert_true (dnevnik_test_ui_wait_for (widget_is_mapped, qr, WAIT_MS));
      dnevnik_test_ui_spin (200);
      decoded = decode_qr (qr, name);
      g_assert_cmpstr (decoded, ==, url);
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  dnevnik_qr_code_set_text (DNEVNIK_QR_CODE (qr), NULL);
  g_assert_cmpuint (dnevnik_qr_code_get_modules (DNEVNIK_QR_CODE (qr)), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* --- keyboard only, with real X key events -------------------------------- */

static gboolean
has_focus_in (gpointer user_data)
{
  PageWait *wait = user_data;

  return focus_is_in (wait->f, wait->page);
}

static void
test_keyboard_only (Fixture       *f,
                    gconstpointer  data)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->wizard));
  g_autofree char *xid = NULL;
  g_autofree char *code = NULL;
  g_autofree char *expected_uri = NULL;
  FileWait opened;
  PageWait focus = { f, "open_profile_button" };

  if (!GDK_IS_X11_SURFACE (surface))
    {
      g_test_skip ("xdotool needs an X11 display");
      return;
    }

  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  dnevnik_test_ui_xdotool ("windowfocus", "--sync", xid, NULL);
  wait_page (f, "intro");

  /* Intro: the focus is on «Перейти к подключению». */
  dnevnik_test_ui_xdotool ("key", "--delay", "50", "Return", NULL);
  wait_page (f, "phone");

  /* Phone: typed into the focused entry, Enter continues. */
  dnevnik_test_ui_xdotool ("type", "--delay", "50", "89161234567", NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "phone_row"))), ==, "916 123-45-67");
  dnevnik_test_ui_xdotool ("key", "--delay", "50", "Return", NULL);
  wait_page (f, "code");

  /* Code: typed, Enter confirms. */
  code = dnevnik_test_sandbox_get_last_code (f->sandbox, PHONE_IVAN);
  dnevnik_test_ui_xdotool ("type", "--delay", "50", code, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "code_entry"))), ==, code);
  dnevnik_test_ui_xdotool ("key", "--delay", "50", "Return", NULL);
  wait_page (f, "done");
  g_assert_true (is_linked (f->service));

  /* Done: Enter opens the profile. */
  g_assert_true (dnevnik_test_ui_wait_for (has_focus_in, &focus, WAIT_MS));
  expected_uri = g_strconcat (dnevnik_link_status_get_profile_url (dnevnik_service_get_link_status (f->service)),
                              "\n", NULL);
  opened.path = handler_outfile;
  opened.expected = expected_uri;
  g_unlink (handler_outfile);
  dnevnik_test_ui_xdotool ("key", "--delay", "50", "Return", NULL);
  g_assert_true (dnevnik_test_ui_wait_for (file_has, &opened, WAIT_MS));

  /* Escape closes the wizard. */
  dnevnik_test_ui_xdotool ("key", "--delay", "50", "Escape", NULL);
  g_assert_true (dnevnik_test_ui_wait_for (is_null, &f->wizard, WAIT_MS));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  dnevnik_test_ui_init (&argc, &argv, "ru");
  adw_init ();
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    RESOURCE_BASE "/icons");

  install_uri_handler ();
  start_notification_server ();

  app = gtk_application_new ("io.github.dnevnik.Dnevnik.TestWizard", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_set_default (G_APPLICATION (app));

#define ADD(path, scenario, func) \
  g_test_add (path, Fixture, &scenario, fixture_set_up, func, fixture_tear_down)

  ADD ("/link-wizard/happy-path", ivan, test_happy_path);
  ADD ("/link-wizard/phone-forms", ivan, test_phone_forms);
  ADD ("/link-wizard/wrong-code-then-right", ivan_six_attempts, test_wrong_code_then_right);
  ADD ("/link-wizard/expired-code", ivan_short_ttl, test_expired_code);
  ADD ("/link-wizard/resend-cooldown", ivan_short_cooldown, test_resend_cooldown);
  ADD ("/link-wizard/no-attempts-left", ivan_two_attempts, test_no_attempts_left);
  ADD ("/link-wizard/already-linked", maria, test_already_linked);
  ADD ("/link-wizard/max-account-taken", ivan, test_max_account_taken);
  ADD ("/link-wizard/dropped-connection", ivan, test_dropped_connection);
  ADD ("/link-wizard/network-error-on-start", ivan, test_network_error_on_start);
  ADD ("/link-wizard/rate-limited", ivan, test_rate_limited);
  ADD ("/link-wizard/cancel-during-request", ivan, test_cancel_during_request);
  ADD ("/link-wizard/linked-elsewhere", ivan, test_linked_elsewhere);
  ADD ("/link-wizard/keyboard-only", ivan, test_keyboard_only);
  g_test_add_func ("/link-wizard/qr-code-scales", test_qr_code_scales);

#undef ADD

  status = g_test_run ();

  g_clear_object (&app);
  g_clear_pointer (&notifications, g_ptr_array_unref);
  g_clear_pointer (&handler_outfile, g_free);

  return status;
}
