/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>

#include "dnevnik-qr-code.h"
#include "dnevnik-qr-dialog.h"
#include "test-link-wizard-fixture.h"

/* The linking wizard under the headless harness, in Russian, against a real
 * dnevnik-sandbox: the whole way through as a student goes it, by its
 * widgets and with real X key events, and the QR code it shows.  The other
 * subjects are in test-link-wizard-SUBJECT.c. */

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

  /* Intro: what linking gives, that MAX is needed, and the button onwards. */
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
  dnevnik_test_ui_press_enter_in (child (f, "phone_row"));
  wait_page_focused (f, "code", "code_entry");
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
  dnevnik_test_ui_press_enter_in (child (f, "code_entry"));
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

  /* «Перейти в Сферум» hands exactly profile_url to the system handler;
   * in training mode that is the training server's page, on this computer. */
  dnevnik_test_ui_assert_stays_local (dnevnik_link_status_get_profile_url (status));
  expected_uri = g_strconcat (dnevnik_link_status_get_profile_url (status), "\n", NULL);
  opened.path = handler_outfile;
  opened.expected = expected_uri;
  g_unlink (handler_outfile);
  press (f, "open_profile_button");
  g_assert_true (dnevnik_test_ui_wait_for (file_has, &opened, WAIT_MS));

  /* «Открыть на телефоне»: in training mode the QR code scans to a text
   * that says what it is and holds no address. */
  press (f, "open_on_phone_button");
  g_assert_true (dnevnik_test_ui_wait_for (qr_dialog_is_mapped, NULL, WAIT_MS));
  dialog = dnevnik_test_ui_find_toplevel (DNEVNIK_TYPE_QR_DIALOG);
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
  decoded = dnevnik_test_ui_decode_qr (qr, "link-wizard-qr-code");
  g_assert_cmpstr (decoded, ==, dnevnik_qr_dialog_get_text (DNEVNIK_QR_DIALOG (dialog)));
  g_assert_true (g_str_has_prefix (decoded, "Учебный режим «Дневника»"));
  g_assert_nonnull (strstr (decoded, dnevnik_link_status_get_account_id (status)));
  dnevnik_test_ui_assert_stays_local (decoded);
  g_assert_nonnull (dnevnik_test_ui_find_label (dialog, "Учебный режим: в коде только пометка о том, что он означает, "
                                                        "и телефон ничего не откроет. С настоящим дневником код "
                                                        "открывает ваш профиль Сферум в МАХ."));

  /* The copy button puts the link on the clipboard and says so. */
  gtk_widget_activate_action (dialog, "qr.copy", NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (dialog), NULL, on_clipboard_read_cb, &read);
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_is_true, &read.done, WAIT_MS));
  g_assert_cmpstr (read.text, ==, dnevnik_link_status_get_profile_url (status));
  g_free (read.text);
  g_assert_nonnull (dnevnik_test_ui_find_label (dialog, "Ссылка скопирована"));

  gtk_window_destroy (GTK_WINDOW (dialog));
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
      g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_widget_is_shown, qr, WAIT_MS));
      dnevnik_test_ui_spin (200);
      decoded = dnevnik_test_ui_decode_qr (qr, name);
      g_assert_cmpstr (decoded, ==, url);
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  dnevnik_qr_code_set_text (DNEVNIK_QR_CODE (qr), NULL);
  g_assert_cmpuint (dnevnik_qr_code_get_modules (DNEVNIK_QR_CODE (qr)), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* --- keyboard only, with real X key events -------------------------------- */

typedef struct
{
  Fixture    *f;
  const char *widget;
} FocusWait;

static gboolean
has_focus_in (gpointer user_data)
{
  FocusWait *wait = user_data;

  return focus_is_in (wait->f, wait->widget);
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
  FocusWait focus = { f, "open_profile_button" };

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
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_is_null, &f->wizard, WAIT_MS));
}

int
main (int   argc,
      char *argv[])
{
  link_wizard_test_init (&argc, &argv);

  ADD_WIZARD_TEST ("/link-wizard/happy-path", ivan, test_happy_path);
  ADD_WIZARD_TEST ("/link-wizard/keyboard-only", ivan, test_keyboard_only);
  g_test_add_func ("/link-wizard/qr-code-scales", test_qr_code_scales);

  return link_wizard_test_run ();
}
