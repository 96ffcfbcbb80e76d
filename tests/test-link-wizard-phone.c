/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <string.h>

#include "test-link-wizard-fixture.h"

/* The linking wizard's phone page: the forms a number is typed in, and
 * what the server can answer to it (a 409, a dropped connection, too many
 * attempts). */

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

      /* A whole landline number is explained beside the entry. */
      g_assert_cmpint (gtk_widget_get_visible (child (f, "phone_error_box")), ==,
                       g_str_has_prefix (forms[i].shown, "495 123-45-67"));
      if (gtk_widget_get_visible (child (f, "phone_error_box")))
        g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (f, "phone_error_label"))), ==,
                         "Нужен номер мобильного телефона: он начинается с 9");
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
  wait_page_focused (f, "intro", "intro_button");
}

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

  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard), "Ваша учётная запись уже привязана"));
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
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_is_null, &f->wizard, WAIT_MS));
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

int
main (int   argc,
      char *argv[])
{
  link_wizard_test_init (&argc, &argv);

  ADD_WIZARD_TEST ("/link-wizard/phone-forms", ivan, test_phone_forms);
  ADD_WIZARD_TEST ("/link-wizard/already-linked", maria, test_already_linked);
  ADD_WIZARD_TEST ("/link-wizard/max-account-taken", ivan, test_max_account_taken);
  ADD_WIZARD_TEST ("/link-wizard/network-error-on-start", ivan, test_network_error_on_start);
  ADD_WIZARD_TEST ("/link-wizard/rate-limited", ivan, test_rate_limited);

  return link_wizard_test_run ();
}
