/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include "test-link-wizard-fixture.h"

/* The linking wizard's code page: wrong, expired and resent codes, the
 * last attempt, a dropped connection, and closing the wizard while it
 * waits for the server. */

static const Scenario ivan_six_attempts = { "ivan", { "--max-attempts=6", NULL } };

/* Where the middle of a widget of the wizard is, in the wizard */
static double
y_in_wizard (Fixture    *f,
             const char *name)
{
  GtkWidget *widget = child (f, name);
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (f->wizard),
                                           &GRAPHENE_POINT_INIT (0, gtk_widget_get_height (widget) / 2.0),
                                           &point));
  return point.y;
}

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
                   "Срок действия кода истёк. Нажмите «Отправить код повторно», чтобы получить новый.");
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
  double countdown_y, button_y, confirm_y;

  go_to_code_page (f, "9161234567");
  first = dnevnik_test_sandbox_get_last_code (f->sandbox, PHONE_IVAN);

  g_assert_false (is_sensitive (f, "resend_button"));
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard), "Отправить код повторно"));
  countdown = label_text (f, "countdown_label");
  g_assert_true (g_str_equal (countdown, "Новый код можно запросить через 0:02") ||
                 g_str_equal (countdown, "Новый код можно запросить через 0:01"));

  /* Whatever the student sees of the countdown and the button stands
   * where the button will be: nothing jumps when it becomes a button. */
  dnevnik_test_ui_spin (100);
  countdown_y = y_in_wizard (f, "countdown_label");
  button_y = gtk_widget_get_mapped (child (f, "resend_button")) ? y_in_wizard (f, "resend_button") : countdown_y;
  confirm_y = y_in_wizard (f, "confirm_button");

  g_assert_true (dnevnik_test_ui_wait_for (widget_is_sensitive, child (f, "resend_button"), WAIT_MS));
  g_assert_false (gtk_widget_get_visible (child (f, "countdown_label")));
  dnevnik_test_ui_spin (100);
  g_assert_cmpfloat (y_in_wizard (f, "resend_button"), ==, countdown_y);
  g_assert_cmpfloat (y_in_wizard (f, "resend_button"), ==, button_y);
  g_assert_cmpfloat (y_in_wizard (f, "confirm_button"), ==, confirm_y);

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
  dnevnik_test_ui_press_enter_in (child (f, "code_entry"));
  wait_page (f, "phone");
  g_assert_true (gtk_widget_get_visible (child (f, "phone_error_box")));
  g_assert_cmpstr (label_text (f, "phone_error_label"), ==,
                   "Код был введён неверно слишком много раз, и он больше не действует. Проверьте номер и нажмите «Продолжить», чтобы получить новый код.");
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
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_is_null, &f->wizard, WAIT_MS));

  /* Nothing half done: the shared status did not change, and stays so
   * after the delayed reply would have come. */
  g_assert_false (dnevnik_link_status_get_linked (status));
  dnevnik_test_ui_spin (3500);
  g_assert_false (dnevnik_link_status_get_linked (status));
}

int
main (int   argc,
      char *argv[])
{
  link_wizard_test_init (&argc, &argv);

  ADD_WIZARD_TEST ("/link-wizard/wrong-code-then-right", ivan_six_attempts, test_wrong_code_then_right);
  ADD_WIZARD_TEST ("/link-wizard/expired-code", ivan_short_ttl, test_expired_code);
  ADD_WIZARD_TEST ("/link-wizard/resend-cooldown", ivan_short_cooldown, test_resend_cooldown);
  ADD_WIZARD_TEST ("/link-wizard/no-attempts-left", ivan_two_attempts, test_no_attempts_left);
  ADD_WIZARD_TEST ("/link-wizard/dropped-connection", ivan, test_dropped_connection);
  ADD_WIZARD_TEST ("/link-wizard/cancel-during-request", ivan, test_cancel_during_request);

  return link_wizard_test_run ();
}
