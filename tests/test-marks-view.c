/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "dnevnik-mark-math.h"
#include "dnevnik-marks-chart.h"
#include "dnevnik-marks-page.h"
#include "dnevnik-marks-subject-dialog.h"
#include "dnevnik-test-main-window.h"
#include "dnevnik-test-provider.h"

/* «Оценки» inside «Дневник», against a real dnevnik-sandbox, in Russian
 * (and once in English): every average shown is the weighted mean of the
 * marks as the server sent them, with the interface's decimal separator;
 * "what do I need" agrees with brute force; a new mark is a desktop
 * notification (a test server owns org.freedesktop.Notifications on the
 * private bus) and makes «Дневник» need attention until the marks are
 * opened, and sign-out withdraws it; the view works from the offline
 * copy, and says so plainly when a diary offers no marks by period.  Screenshots at 960 and 360 px in both languages go to
 * BUILD/screenshots/marks-*.png. */

#define GIVE_ALGEBRA_FIVE \
  "{\"login\": \"ivan\", \"subject\": \"Алгебра\", \"value\": \"5\", \"weight\": 2, " \
  "\"date\": \"" TODAY "\", \"control_form\": \"Самостоятельная работа\", \"comment\": \"Уравнения\"}"

/* More marks than the dialog counts: brute force goes as far. */
#define MAX_MORE_MARKS 40

static GPtrArray *notifications;

/* --- what the server says, computed here, not by the app -------------------- */

static JsonNode *
fetch (const char *path)
{
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);

  return dnevnik_test_sandbox_call (sandbox, "GET", path, token, NULL, 200);
}

/* The id of the sandbox's period that holds its today. */
static char *
period_of_today (void)
{
  g_autoptr(JsonNode) reply = fetch ("/api/v1/periods");
  JsonArray *periods = json_object_get_array_member (json_node_get_object (reply), "periods");

  for (guint i = 0; i < json_array_get_length (periods); i++)
    {
      JsonObject *period = json_array_get_object_element (periods, i);

      if (g_strcmp0 (json_object_get_string_member (period, "start"), TODAY) <= 0 &&
          g_strcmp0 (json_object_get_string_member (period, "end"), TODAY) >= 0)
        return g_strdup (json_object_get_string_member (period, "id"));
    }

  g_assert_not_reached ();
}

static JsonNode *
fetch_marks (const char *period_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/marks?period=%s", period_id);

  return fetch (path);
}

static double
rule_of (JsonNode *reply)
{
  JsonObject *object = json_node_get_object (reply);

  if (!json_object_has_member (object, "rule"))
    return 0.5;
  return json_object_get_double_member (json_object_get_object_member (object, "rule"), "round_up_from");
}

/* Σ value × weight and Σ weight over the marks "1" to "5". */
static gboolean
weighted_sums (JsonObject *subject,
               double     *sum,
               double     *weight)
{
  JsonArray *marks = json_object_get_array_member (subject, "marks");

  *sum = 0;
  *weight = 0;
  for (guint i = 0; i < json_array_get_length (marks); i++)
    {
      JsonObject *mark = json_array_get_object_element (marks, i);
      const char *value = json_object_get_string_member (mark, "value");
      gint64 w = json_object_get_int_member (mark, "weight");

      if (strlen (value) == 1 && value[0] >= '1' && value[0] <= '5')
        {
          *sum += (value[0] - '0') * w;
          *weight += w;
        }
    }

  return *weight > 0;
}

/* Two decimals with a point, then the separator the language uses. */
static char *
two_decimals (double      value,
              const char *separator)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  char *point;

  g_ascii_formatd (text, sizeof text, "%.2f", value);
  point = strchr (text, '.');
  g_assert_nonnull (point);
  *point = '\0';
  return g_strconcat (text, separator, point + 1, NULL);
}

/* --- the view ---------------------------------------------------------------- */

static gboolean
marks_shown (gpointer user_data)
{
  DnevnikMarksPage *page = user_data;
  DnevnikService *service = dnevnik_page_get_service (DNEVNIK_PAGE (page));

  return !dnevnik_page_get_loading (DNEVNIK_PAGE (page)) &&
         g_list_model_get_n_items (dnevnik_service_get_marks_model (service)) > 0 &&
         g_strcmp0 (dnevnik_service_get_marks_period_id (service), dnevnik_marks_page_get_period_id (page)) == 0;
}

static DnevnikMarksPage *
show_marks (const char *period_id)
{
  DnevnikMarksPage *page;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.diary-view", "s", "marks"));
  page = DNEVNIK_MARKS_PAGE (page_when_built ("marks"));
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_widget_is_shown, page, WAIT_MS));
  g_assert_true (dnevnik_test_ui_wait_for (marks_shown, page, WAIT_MS));
  dnevnik_marks_page_show_period (page, period_id);
  g_assert_true (dnevnik_test_ui_wait_for (marks_shown, page, WAIT_MS));

  return page;
}

static GtkListBox *
subjects_list (DnevnikMarksPage *page)
{
  return GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (page), DNEVNIK_TYPE_MARKS_PAGE, "subjects_list"));
}

/* Every subject of @reply has its row, in order, with the average of its
 * marks written with @separator. */
static void
assert_averages (DnevnikMarksPage *page,
                 JsonNode         *reply,
                 const char       *separator)
{
  JsonArray *subjects = json_object_get_array_member (json_node_get_object (reply), "subjects");
  guint with_average = 0;

  for (guint i = 0; i < json_array_get_length (subjects); i++)
    {
      JsonObject *subject = json_array_get_object_element (subjects, i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (subjects_list (page), i);
      double sum, weight;

      g_assert_nonnull (row);
      g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (row), json_object_get_string_member (subject, "subject")));
      if (weighted_sums (subject, &sum, &weight))
        {
          g_autofree char *expected = two_decimals (sum / weight, separator);

          g_test_message ("%s: %s", json_object_get_string_member (subject, "subject"), expected);
          g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (row), expected));
          with_average++;
        }
    }

  g_assert_null (gtk_list_box_get_row_at_index (subjects_list (page), json_array_get_length (subjects)));
  g_assert_cmpuint (with_average, >, 3);
}

static gboolean
diary_needs_attention (gpointer user_data)
{
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), DNEVNIK_TYPE_WINDOW, "view_stack"));
  GtkWidget *child = adw_view_stack_get_child_by_name (stack, "diary");

  return adw_view_stack_page_get_needs_attention (adw_view_stack_get_page (stack, child)) == GPOINTER_TO_INT (user_data);
}

static void
open_window_at (int width)
{
  if (window != NULL)
    dnevnik_test_main_window_close ();

  window = dnevnik_window_new (GTK_APPLICATION (app), dnevnik_application_get_context (app));
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, 720);
  gtk_window_present (GTK_WINDOW (window));
}

/* The view and a subject at 960 and 360 px. */
static void
screenshots (const char *period_id,
             const char *language)
{
  const int widths[] = { 960, 360 };

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *name = g_strdup_printf ("marks-%s-%d", language, widths[i]);
      g_autofree char *dialog_name = g_strdup_printf ("marks-subject-%s-%d", language, widths[i]);
      DnevnikMarksPage *page;
      GtkWidget *dialog;

      open_window_at (widths[i]);
      g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "content", WAIT_MS));
      page = show_marks (period_id);
      dnevnik_test_ui_screenshot_after (GTK_WIDGET (window), name, 300);

      dialog = dnevnik_marks_page_open_subject (page, "Алгебра");
      g_assert_nonnull (dialog);
      gtk_window_set_default_size (GTK_WINDOW (dialog), widths[i], 720);
      g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_widget_is_shown, dialog, WAIT_MS));
      dnevnik_test_ui_screenshot_after (dialog, dialog_name, 300);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

/* --- the tests ---------------------------------------------------------------- */

static void
test_averages (void)
{
  g_autofree char *period_id = NULL;
  g_autoptr(JsonNode) reply = NULL;
  DnevnikMarksPage *page;
  GtkLabel *rule;

  dnevnik_test_main_window_open ();
  dnevnik_test_main_window_sign_in ("ivan", "dnevnik");
  period_id = period_of_today ();
  page = show_marks (period_id);
  reply = fetch_marks (period_id);

  /* The comma comes from the translation, not from LC_NUMERIC. */
  g_assert_nonnull (setlocale (LC_NUMERIC, "C"));
  assert_averages (page, reply, ",");

  /* The estimate says it is one, and by which rule. */
  rule = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (page), DNEVNIK_TYPE_MARKS_PAGE, "rule_label"));
  g_assert_nonnull (strstr (gtk_label_get_text (rule), "прогноз"));
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (window), "Неделя"));
  g_assert_true (diary_needs_attention (GINT_TO_POINTER (FALSE)));

  screenshots (period_id, "ru");
}

static char *
brute_force_answer (double sum,
                    double weight,
                    double target)
{
  g_autofree char *average = two_decimals (target, ",");
  g_autoptr(GPtrArray) ways = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  if (sum / weight >= target - 1e-9)
    return g_strdup_printf (_("Your average already reaches %s."), average);

  for (int value = 5; value >= 2; value--)
    for (int n = 1; n <= MAX_MORE_MARKS; n++)
      if ((sum + n * value) / (weight + n) >= target - 1e-9)
        {
          g_ptr_array_add (ways, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d more mark “%d”", "%d more marks “%d”", n),
                                                  n, value));
          break;
        }

  if (ways->len == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Not reachable: even %d more mark “5” would not bring the average to %s.",
                                         "Not reachable: even %d more marks “5” would not bring the average to %s.",
                                         MAX_MORE_MARKS),
                            MAX_MORE_MARKS, average);

  g_ptr_array_add (ways, NULL);
  joined = g_strjoinv (_(", or "), (char **) ways->pdata);
  return g_strdup_printf (_("To reach an average of %s: %s."), average, joined);
}

static void
test_what_do_i_need (void)
{
  g_autofree char *period_id = period_of_today ();
  g_autoptr(JsonNode) reply = fetch_marks (period_id);
  JsonArray *subjects = json_object_get_array_member (json_node_get_object (reply), "subjects");
  double round_up_from = rule_of (reply);
  DnevnikMarksPage *page = show_marks (period_id);
  guint checked = 0;

  for (guint i = 0; i < json_array_get_length (subjects); i++)
    {
      JsonObject *subject = json_array_get_object_element (subjects, i);
      const char *name = json_object_get_string_member (subject, "subject");
      GtkWidget *dialog;
      const double *averages;
      guint n_averages;
      double sum, weight;

      if (!weighted_sums (subject, &sum, &weight))
        continue;

      dialog = dnevnik_marks_page_open_subject (page, name);
      g_assert_nonnull (dialog);

      /* Each mark to aim for: 5, 4 and 3, at 4 + rule, 3 + rule, 2 + rule. */
      for (int mark = 5; mark >= 3; mark--)
        {
          g_autofree char *expected = brute_force_answer (sum, weight, mark - 1 + round_up_from);

          dnevnik_marks_subject_dialog_set_target (DNEVNIK_MARKS_SUBJECT_DIALOG (dialog), mark);
          g_assert_cmpstr (dnevnik_marks_subject_dialog_get_answer (DNEVNIK_MARKS_SUBJECT_DIALOG (dialog)), ==, expected);
        }

      /* The trend ends at the average shown. */
      averages = dnevnik_marks_chart_get_averages (DNEVNIK_MARKS_CHART (dnevnik_marks_subject_dialog_get_chart (DNEVNIK_MARKS_SUBJECT_DIALOG (dialog))),
                                                   &n_averages);
      g_assert_cmpuint (n_averages, >, 0);
      g_assert_cmpfloat_with_epsilon (averages[n_averages - 1], sum / weight, 1e-9);

      gtk_window_destroy (GTK_WINDOW (dialog));
      checked++;
    }

  g_assert_cmpuint (checked, >, 3);
}

/* CloseNotification calls seen on the bus, by a monitor connection: what
 * the desktop is told to take away. */
static int closed_notifications;

static GDBusMessage *
on_monitored_message_cb (GDBusConnection *connection,
                         GDBusMessage    *message,
                         gboolean         incoming,
                         gpointer         user_data)
{
  if (incoming && g_strcmp0 (g_dbus_message_get_member (message), "CloseNotification") == 0)
    g_atomic_int_inc (&closed_notifications);

  return message;
}

static GDBusConnection *
monitor_closed_notifications (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  const char *rules[] = {
    "type='method_call',interface='org.freedesktop.Notifications',member='CloseNotification'",
    NULL
  };
  GDBusConnection *monitor;
  g_autoptr(GVariant) reply = NULL;

  g_assert_no_error (error);
  monitor = g_dbus_connection_new_for_address_sync (address,
                                                    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                    NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_add_filter (monitor, on_monitored_message_cb, NULL, NULL);
  reply = g_dbus_connection_call_sync (monitor, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus.Monitoring", "BecomeMonitor",
                                       g_variant_new ("(^asu)", rules, 0), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);

  return monitor;
}

static gboolean
closed_at_least (gpointer user_data)
{
  return g_atomic_int_get (&closed_notifications) >= GPOINTER_TO_INT (user_data);
}

static gboolean
notified (gpointer user_data)
{
  return notifications->len >= GPOINTER_TO_UINT (user_data);
}

static gboolean
notifications_withdrawn (gpointer user_data)
{
  return dnevnik_marks_notifier_get_n_shown (dnevnik_application_get_marks_notifier (app)) == 0;
}

static void
test_new_mark (void)
{
  g_autofree char *period_id = period_of_today ();
  g_autoptr(JsonNode) given = NULL;
  DnevnikService *service = dnevnik_context_get_service (dnevnik_application_get_context (app));
  DnevnikMarksPage *page = show_marks (period_id);
  g_autoptr(GDBusConnection) monitor = monitor_closed_notifications ();
  guint before = notifications->len;

  /* The student looks at the week when the mark arrives. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.diary-view", "s", "week"));
  given = dnevnik_test_sandbox_call (sandbox, "POST", "/sandbox/marks", NULL, GIVE_ALGEBRA_FIVE, 201);
  dnevnik_page_reload (DNEVNIK_PAGE (page));

  g_assert_true (dnevnik_test_ui_wait_for (notified, GUINT_TO_POINTER (before + 1), WAIT_MS));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (notifications, before), "Алгебра: 5\n"));
  g_assert_true (dnevnik_test_ui_wait_for (diary_needs_attention, GINT_TO_POINTER (TRUE), WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_unseen_marks_model (service)), ==, 1);
  g_assert_cmpuint (dnevnik_marks_notifier_get_n_shown (dnevnik_application_get_marks_notifier (app)), ==, 1);

  /* Opening the marks sees them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.diary-view", "s", "marks"));
  g_assert_true (dnevnik_test_ui_wait_for (diary_needs_attention, GINT_TO_POINTER (FALSE), WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_unseen_marks_model (service)), ==, 0);
  g_assert_cmpuint (notifications->len, ==, before + 1);

  /* Signing out leaves nothing on the screen, and the next student starts
   * on the week. */
  g_assert_cmpint (g_atomic_int_get (&closed_notifications), ==, 0);
  dnevnik_test_ui_sign_out (window);
  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "sign-in", WAIT_MS));
  g_assert_true (dnevnik_test_ui_wait_for (notifications_withdrawn, NULL, WAIT_MS));
  g_assert_true (dnevnik_test_ui_wait_for (closed_at_least, GINT_TO_POINTER (1), WAIT_MS));
  g_assert_null (dnevnik_window_get_page (window, "marks"));
}

static gboolean
online (gpointer user_data)
{
  DnevnikService *service = dnevnik_context_get_service (dnevnik_application_get_context (app));

  return !dnevnik_window_get_offline (window) &&
         dnevnik_service_get_state (service) == DNEVNIK_SERVICE_STATE_READY;
}

static void
test_offline (void)
{
  g_autofree char *period_id = period_of_today ();
  g_autoptr(JsonNode) reply = NULL;
  DnevnikMarksPage *page;

  /* ivan, signed in by the first test, remembered, and the school year
   * (with its marks) in the offline copy. */
  g_assert_true (dnevnik_service_get_remembered (dnevnik_context_get_service (dnevnik_application_get_context (app))));
  g_assert_true (dnevnik_test_ui_wait_for (school_year_synced, NULL, WAIT_MS * 3));
  reply = fetch_marks (period_id);

  /* The app quits and the server goes away; the app starts again. */
  dnevnik_test_main_window_restart_offline ();

  page = show_marks (period_id);
  assert_averages (page, reply, ",");

  /* The server is back. */
  dnevnik_test_sandbox_restart (sandbox);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.retry", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (online, NULL, WAIT_MS));
}

static void
test_english (void)
{
  g_autofree char *period_id = period_of_today ();
  g_autoptr(JsonNode) reply = fetch_marks (period_id);
  DnevnikMarksPage *page;

  dnevnik_test_ui_use_language ("en");
  open_window_at (1000);
  dnevnik_test_main_window_sign_in ("ivan", "dnevnik");
  page = show_marks (period_id);
  assert_averages (page, reply, ".");
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (window), "Week"));

  screenshots (period_id, "en");
  dnevnik_test_ui_use_language ("ru");
}

static gboolean
page_settled (gpointer user_data)
{
  return !dnevnik_page_get_loading (user_data);
}

/* A diary without marks by period: the view says so, and asks nothing. */
static void
test_not_offered (void)
{
  g_autoptr(DnevnikTestProvider) provider = dnevnik_test_provider_new (DNEVNIK_PROVIDER_CAPABILITY_DIARY);
  DnevnikService *service = dnevnik_service_new_for_provider (DNEVNIK_PROVIDER (provider), NULL);
  gpointer weak = service;
  GtkWidget *toplevel = gtk_window_new ();
  GtkWidget *page = dnevnik_marks_page_new (service);

  gtk_window_set_child (GTK_WINDOW (toplevel), page);
  gtk_window_present (GTK_WINDOW (toplevel));
  g_assert_true (dnevnik_test_ui_wait_for (page_settled, page, WAIT_MS));
  g_assert_nonnull (dnevnik_test_ui_find_label (page, "Оценки за период недоступны"));
  g_assert_null (dnevnik_marks_page_get_period_id (DNEVNIK_MARKS_PAGE (page)));

  gtk_window_destroy (GTK_WINDOW (toplevel));
  g_object_add_weak_pointer (G_OBJECT (weak), &weak);
  g_object_unref (service);
  while (weak != NULL)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int    argc,
      char **argv)
{
  dnevnik_test_main_window_init (&argc, &argv);
  notifications = dnevnik_test_ui_start_notifications ();

  g_test_add_func ("/marks-view/averages", test_averages);
  g_test_add_func ("/marks-view/what-do-i-need", test_what_do_i_need);
  g_test_add_func ("/marks-view/offline", test_offline);
  g_test_add_func ("/marks-view/new-mark", test_new_mark);
  g_test_add_func ("/marks-view/english", test_english);
  g_test_add_func ("/marks-view/not-offered", test_not_offered);

  return dnevnik_test_main_window_run ();
}
