/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "dnevnik-passport-window.h"
#include "dnevnik-qr-dialog.h"
#include "dnevnik-test-sandbox.h"
#include "dnevnik-test-service.h"
#include "dnevnik-test-ui.h"

/* «Мой паспорт» in Russian against a real dnevnik-sandbox: the profile,
 * the «Безопасность» tab of a linked and of a not-linked student, the
 * unlink dialog (cancelled, by Escape, confirmed), a server failure during
 * unlinking, a link removed elsewhere, and the offline state.  Each test
 * has a sandbox, a signed-in service and a parent window of its own.
 */

#define WAIT_MS 20000
#define LINK_PATH "/api/v1/sferum/link"

static GtkApplication *app;
static char *opened_uris_path;

typedef struct
{
  DnevnikTestSandbox    *sandbox;
  DnevnikService        *service;
  GtkWindow             *parent;
  DnevnikPassportWindow *window;
  guint                  sferum_activations;
  guint                  link_requests;
  gboolean               progress_shown;
} Fixture;

static void
on_sferum_activate_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  Fixture *fixture = user_data;

  fixture->sferum_activations++;
}

static void
on_link_requested_cb (DnevnikPassportWindow *window,
                      Fixture               *fixture)
{
  fixture->link_requests++;
}

static GtkWidget *
child (Fixture    *fixture,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                   DNEVNIK_TYPE_PASSPORT_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static const char *
row_title (Fixture    *fixture,
           const char *name)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child (fixture, name)));
}

static const char *
row_subtitle (Fixture    *fixture,
              const char *name)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (child (fixture, name)));
}

static gboolean
row_shown (Fixture    *fixture,
           const char *name)
{
  return gtk_widget_get_visible (child (fixture, name));
}

static void
wait_idle (Fixture *fixture)
{
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_passport_idle, fixture->window, WAIT_MS));
}

static void
fixture_set_up (Fixture    *fixture,
                const char *login)
{
  const char *options[] = { "--today=2026-11-25", NULL };
  g_autoptr(GSimpleAction) sferum = g_simple_action_new ("sferum", NULL);
  g_autoptr(DnevnikTokenStore) store = DNEVNIK_TOKEN_STORE (dnevnik_memory_token_store_new ());

  fixture->sandbox = dnevnik_test_sandbox_newv (options);
  fixture->service = dnevnik_test_service_new_signed_in (fixture->sandbox, store, login, FALSE);

  /* The parent stands in for the main window: it has the win.sferum
   * action that «Привязать» asks for. */
  fixture->parent = GTK_WINDOW (gtk_application_window_new (app));
  g_signal_connect (sferum, "activate", G_CALLBACK (on_sferum_activate_cb), fixture);
  g_action_map_add_action (G_ACTION_MAP (fixture->parent), G_ACTION (sferum));
  gtk_window_present (fixture->parent);

  fixture->window = dnevnik_passport_window_new (fixture->parent, fixture->service);
  g_object_ref (fixture->window);
  g_signal_connect (fixture->window, "link-requested", G_CALLBACK (on_link_requested_cb), fixture);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 420, 760);
  dnevnik_passport_window_show_security (fixture->window);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_widget_is_shown, fixture->window, WAIT_MS));
  wait_idle (fixture);
}

static void
fixture_tear_down (Fixture *fixture)
{
  DnevnikPassportWindow *window = fixture->window;

  /* Closing cancels what is still on its way; the cancelled callbacks
   * drop their references from the main loop. */
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_object_unref (fixture->window);
  while (window != NULL)
    g_main_context_iteration (NULL, TRUE);

  gtk_window_destroy (fixture->parent);
  g_clear_object (&fixture->service);
  g_clear_pointer (&fixture->sandbox, dnevnik_test_sandbox_free);
}

/* What the server says, asked directly, as @login. */
static JsonNode *
server_link (Fixture    *fixture,
             const char *login)
{
  g_autofree char *token = dnevnik_test_sandbox_login (fixture->sandbox, login, NULL);

  return dnevnik_test_sandbox_call (fixture->sandbox, "GET", LINK_PATH, token, NULL, 200);
}

static gboolean
server_says_linked (Fixture *fixture)
{
  g_autoptr(JsonNode) node = server_link (fixture, "maria");

  return json_object_get_boolean_member (json_node_get_object (node), "linked");
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static gboolean
dialog_is_mapped (gpointer user_data)
{
  AdwMessageDialog *dialog = find_dialog ();

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog)) &&
         gtk_widget_get_width (GTK_WIDGET (dialog)) > 0;
}

static gboolean
no_dialog (gpointer user_data)
{
  return find_dialog () == NULL;
}

/* Presses the unlink button as a person would, and returns the dialog. */
static AdwMessageDialog *
press_unlink (Fixture *fixture)
{
  GtkWidget *button = child (fixture, "unlink_button");

  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (dnevnik_test_ui_wait_for (dialog_is_mapped, NULL, WAIT_MS));

  return find_dialog ();
}

/* Presses the response button labelled @label, as a person would: the
 * dialog answers and closes (adw_message_dialog_response() alone only
 * emits the signal). */
static void
press_response (AdwMessageDialog *dialog,
                const char       *label)
{
  GtkWidget *button = NULL;

  for (guint i = 0; (button = dnevnik_test_ui_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), label) == 0)
      break;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (dnevnik_test_ui_wait_for (no_dialog, NULL, WAIT_MS));
}

static void
assert_shows_linked (Fixture *fixture)
{
  g_autoptr(JsonNode) node = server_link (fixture, "maria");
  JsonObject *link = json_node_get_object (node);

  g_assert_true (json_object_get_boolean_member (link, "linked"));
  g_assert_cmpstr (row_title (fixture, "status_row"), ==,
                   "Привязана к вашему учебному профилю Сферум в МАХ с 1 сентября 2026");
  g_assert_true (row_shown (fixture, "account_row"));
  g_assert_cmpstr (row_title (fixture, "account_row"), ==, "ID аккаунта Сферум");
  g_assert_cmpstr (row_subtitle (fixture, "account_row"), ==,
                   json_object_get_string_member (link, "account_id"));
  g_assert_cmpstr (row_subtitle (fixture, "phone_row"), ==,
                   json_object_get_string_member (link, "phone_masked"));
  g_assert_true (row_shown (fixture, "open_row"));
  g_assert_cmpstr (row_title (fixture, "open_row"), ==, "Перейти в Сферум");
  g_assert_false (gtk_widget_get_visible (child (fixture, "link_button")));
}

static void
test_profile_and_security_linked (void)
{
  Fixture fixture = { 0 };
  GtkWidget *button;
  GtkListBoxRow *first;

  fixture_set_up (&fixture, "maria");

  /* «Профиль» */
  dnevnik_passport_window_show_profile (fixture.window);
  g_assert_cmpstr (dnevnik_passport_window_get_page (fixture.window), ==, "profile");
  g_assert_cmpstr (row_subtitle (&fixture, "name_row"), ==, "Смирнова Мария Андреевна");
  g_assert_cmpstr (row_subtitle (&fixture, "class_row"), ==, "8 «Б»");
  g_assert_cmpstr (row_subtitle (&fixture, "school_row"), ==, "ГБОУ Школа № 1535");
  g_assert_cmpstr (row_subtitle (&fixture, "login_row"), ==, "maria");
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (fixture.window), "Безопасность"));
  dnevnik_test_ui_screenshot_after (GTK_WIDGET (fixture.window), "passport-profile-ru", 300);

  /* «Безопасность»: what the server says */
  dnevnik_passport_window_show_security (fixture.window);
  g_assert_cmpstr (dnevnik_passport_window_get_page (fixture.window), ==, "security");
  g_assert_false (dnevnik_passport_window_get_offline (fixture.window));
  g_assert_false (row_shown (&fixture, "offline_row"));
  assert_shows_linked (&fixture);
  g_assert_cmpstr (dnevnik_link_status_get_account_id (dnevnik_service_get_link_status (fixture.service)),
                   ==, "7003921845");

  /* The unlink button: beside the id, named for people and screen readers. */
  button = child (&fixture, "unlink_button");
  g_assert_true (gtk_widget_is_ancestor (button, child (&fixture, "account_row")));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Отвязать");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, "Отвязать");

  /* The history, newest first. */
  first = gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (&fixture, "history_list")), 0);
  g_assert_nonnull (first);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==,
                   "Привязан аккаунт 7003921845");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (first)), "1 сентября 2026 в "));

  dnevnik_test_ui_screenshot_after (GTK_WIDGET (fixture.window), "passport-security-linked-ru", 300);

  fixture_tear_down (&fixture);
}

static gboolean
link_opened (gpointer user_data)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (opened_uris_path, &contents, NULL, NULL))
    return FALSE;

  return g_strcmp0 (contents, user_data) == 0;
}

static gboolean
qr_dialog_shown (gpointer user_data)
{
  return dnevnik_test_ui_find_shown_toplevel (DNEVNIK_TYPE_QR_DIALOG) != NULL;
}

static void
test_open_profile (void)
{
  Fixture fixture = { 0 };
  GtkWindow *dialog;
  g_autofree char *expected = NULL;

  fixture_set_up (&fixture, "maria");

  /* «Перейти в Сферум» opens exactly the server's profile_url. */
  expected = g_strconcat (dnevnik_link_status_get_profile_url (dnevnik_service_get_link_status (fixture.service)),
                          "\n", NULL);
  g_assert_true (gtk_widget_is_sensitive (child (&fixture, "open_row")));
  g_assert_true (gtk_widget_activate (child (&fixture, "open_row")));
  g_assert_true (dnevnik_test_ui_wait_for (link_opened, expected, WAIT_MS));

  /* «Открыть на телефоне» shows the profile's own address as a QR code. */
  g_assert_true (gtk_widget_is_sensitive (child (&fixture, "phone_qr_row")));
  g_assert_true (gtk_widget_activate (child (&fixture, "phone_qr_row")));
  g_assert_true (dnevnik_test_ui_wait_for (qr_dialog_shown, NULL, WAIT_MS));
  dialog = dnevnik_test_ui_find_shown_toplevel (DNEVNIK_TYPE_QR_DIALOG);
  g_assert_cmpstr (dnevnik_qr_dialog_get_url (DNEVNIK_QR_DIALOG (dialog)), ==,
                   dnevnik_link_status_get_profile_url (dnevnik_service_get_link_status (fixture.service)));
  g_assert_true (g_str_has_suffix (dnevnik_qr_dialog_get_url (DNEVNIK_QR_DIALOG (dialog)),
                                  "/sferum/profile?account=7003921845"));
  dnevnik_test_ui_assert_stays_local (dnevnik_qr_dialog_get_url (DNEVNIK_QR_DIALOG (dialog)));
  dnevnik_test_ui_assert_stays_local (dnevnik_qr_dialog_get_text (DNEVNIK_QR_DIALOG (dialog)));
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (fixture.window));
  gtk_window_destroy (dialog);

  fixture_tear_down (&fixture);
}

static void
test_unlink_cancel (void)
{
  Fixture fixture = { 0 };
  AdwMessageDialog *dialog;

  fixture_set_up (&fixture, "maria");
  dnevnik_test_sandbox_reset_counters (fixture.sandbox);

  dialog = press_unlink (&fixture);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Удаление профиля «Сферум»");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "Вы действительно хотите отвязать аккаунт «Сферум» от вашей учетной записи?");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "cancel"), ==, "Отменить");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "unlink"), ==, "Отвязать");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "unlink"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture.window));
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (dialog), "Удаление профиля «Сферум»"));
  dnevnik_test_ui_screenshot_after (GTK_WIDGET (dialog), "passport-unlink-dialog-ru", 300);

  /* «Отменить» */
  press_response (dialog, "Отменить");
  wait_idle (&fixture);
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (fixture.sandbox, "DELETE", LINK_PATH), ==, 0);
  g_assert_true (server_says_linked (&fixture));
  assert_shows_linked (&fixture);

  /* Escape closes the dialog, which answers with its close response. */
  dialog = press_unlink (&fixture);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (dnevnik_test_ui_wait_for (no_dialog, NULL, WAIT_MS));
  wait_idle (&fixture);
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (fixture.sandbox, "DELETE", LINK_PATH), ==, 0);
  g_assert_true (server_says_linked (&fixture));
  assert_shows_linked (&fixture);

  fixture_tear_down (&fixture);
}

/* Runs right after the window has handled the answer, before the server
 * can have replied: the button gives way to a spinner. */
static void
on_response_check_progress_cb (AdwMessageDialog *dialog,
                               const char       *response,
                               Fixture          *fixture)
{
  g_assert_cmpstr (response, ==, "unlink");
  g_assert_true (dnevnik_passport_window_get_busy (fixture->window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (fixture, "unlink_stack"))), ==, "busy");
  g_assert_false (gtk_widget_is_sensitive (child (fixture, "unlink_button")));
  fixture->progress_shown = TRUE;
}

static gboolean
toast_shown (gpointer user_data)
{
  return dnevnik_test_ui_find_label (user_data, "Аккаунт «Сферум» отвязан") != NULL;
}

static void
test_unlink_confirm (void)
{
  Fixture fixture = { 0 };
  DnevnikLinkStatus *status;
  AdwMessageDialog *dialog;
  GtkListBoxRow *first;
  g_autoptr(DnevnikLinkEvent) event = NULL;

  fixture_set_up (&fixture, "maria");
  status = dnevnik_service_get_link_status (fixture.service);
  g_assert_true (dnevnik_link_status_get_linked (status));

  dialog = press_unlink (&fixture);
  g_signal_connect_after (dialog, "response", G_CALLBACK (on_response_check_progress_cb), &fixture);
  press_response (dialog, "Отвязать");
  g_assert_true (fixture.progress_shown);

  g_assert_true (dnevnik_test_ui_wait_for (toast_shown, fixture.window, WAIT_MS));
  wait_idle (&fixture);

  /* The server, the service's shared status and the page agree. */
  g_assert_false (server_says_linked (&fixture));
  g_assert_false (dnevnik_link_status_get_linked (status));
  g_assert_cmpstr (row_title (&fixture, "status_row"), ==, "Не привязана");
  g_assert_false (row_shown (&fixture, "account_row"));
  g_assert_false (row_shown (&fixture, "phone_row"));
  g_assert_false (row_shown (&fixture, "open_row"));
  g_assert_false (row_shown (&fixture, "error_row"));
  g_assert_true (gtk_widget_get_visible (child (&fixture, "link_button")));

  /* The new event comes first. */
  event = g_list_model_get_item (dnevnik_service_get_link_history_model (fixture.service), 0);
  g_assert_cmpint (dnevnik_link_event_get_kind (event), ==, DNEVNIK_LINK_EVENT_UNLINKED);
  first = gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (&fixture, "history_list")), 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==,
                   "Отвязан аккаунт 7003921845");

  dnevnik_test_ui_screenshot_after (GTK_WIDGET (fixture.window), "passport-security-unlinked-ru", 300);

  /* «Привязать» asks the main window for the wizard. */
  g_assert_true (gtk_widget_is_sensitive (child (&fixture, "link_button")));
  g_assert_true (gtk_widget_activate (child (&fixture, "link_button")));
  while (fixture.link_requests == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fixture.link_requests, ==, 1);
  g_assert_cmpuint (fixture.sferum_activations, ==, 1);

  fixture_tear_down (&fixture);
}

static void
test_unlink_server_error (void)
{
  Fixture fixture = { 0 };
  AdwMessageDialog *dialog;
  guint status_gets;

  fixture_set_up (&fixture, "maria");
  dnevnik_test_sandbox_reset_counters (fixture.sandbox);
  dnevnik_test_sandbox_add_fault (fixture.sandbox, "DELETE", LINK_PATH, "error500", 1, 0);

  dialog = press_unlink (&fixture);
  press_response (dialog, "Отвязать");
  wait_idle (&fixture);

  /* Said plainly, with the service's sentence for people… */
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (fixture.sandbox, "DELETE", LINK_PATH), ==, 1);
  g_assert_true (row_shown (&fixture, "error_row"));
  g_assert_cmpstr (row_title (&fixture, "error_row"), ==, "Не удалось отвязать аккаунт «Сферум»");
  g_assert_cmpstr (row_subtitle (&fixture, "error_row"), ==,
                   dnevnik_service_error_get_message (DNEVNIK_SERVICE_ERROR_SERVER));

  /* …and the status asked again, not guessed: still linked. */
  status_gets = dnevnik_test_sandbox_get_counter (fixture.sandbox, "GET", LINK_PATH);
  g_assert_cmpuint (status_gets, >=, 1);
  g_assert_true (server_says_linked (&fixture));
  g_assert_true (dnevnik_link_status_get_linked (dnevnik_service_get_link_status (fixture.service)));
  assert_shows_linked (&fixture);
  g_assert_true (gtk_widget_is_sensitive (child (&fixture, "unlink_button")));

  fixture_tear_down (&fixture);
}

static void
test_unlinked_elsewhere (void)
{
  Fixture fixture = { 0 };
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) reply = NULL;
  AdwMessageDialog *dialog;

  fixture_set_up (&fixture, "maria");

  /* Another device removes the link while the page still shows it. */
  token = dnevnik_test_sandbox_login (fixture.sandbox, "maria", NULL);
  reply = dnevnik_test_sandbox_call (fixture.sandbox, "DELETE", LINK_PATH, token, NULL, 200);
  g_assert_true (row_shown (&fixture, "account_row"));

  dialog = press_unlink (&fixture);
  press_response (dialog, "Отвязать");
  wait_idle (&fixture);

  g_assert_true (row_shown (&fixture, "error_row"));
  g_assert_cmpstr (row_title (&fixture, "error_row"), ==, "Аккаунт «Сферум» уже отвязан");
  g_assert_cmpstr (row_title (&fixture, "status_row"), ==, "Не привязана");
  g_assert_false (row_shown (&fixture, "account_row"));
  g_assert_false (dnevnik_link_status_get_linked (dnevnik_service_get_link_status (fixture.service)));

  fixture_tear_down (&fixture);
}

static gboolean
is_offline (gpointer user_data)
{
  return dnevnik_passport_window_get_offline (user_data) && !dnevnik_passport_window_get_busy (user_data);
}

static gboolean
is_online (gpointer user_data)
{
  return !dnevnik_passport_window_get_offline (user_data) && !dnevnik_passport_window_get_busy (user_data);
}

static void
assert_offline (Fixture *fixture)
{
  GtkWidget *button = child (fixture, "unlink_button");

  /* The last known status stays, marked as possibly out of date… */
  g_assert_true (row_shown (fixture, "offline_row"));
  g_assert_cmpstr (row_title (fixture, "offline_row"), ==,
                   "Не удалось связаться с дневником: сведения могут быть устаревшими");
  g_assert_cmpstr (row_subtitle (fixture, "account_row"), ==, "7003921845");

  /* …and unlinking is off, with the reason in words. */
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Для отвязки нужно подключение к дневнику");
  g_assert_true (g_str_has_prefix (row_subtitle (fixture, "offline_row"), "Для отвязки нужно подключение к дневнику."));
  g_assert_true (gtk_widget_is_sensitive (child (fixture, "retry_button")));
}

/* Everything still fits a 360 pixel wide screen. */
static void
assert_fits_narrow_screen (Fixture *fixture)
{
  int minimum = 0;

  gtk_widget_measure (GTK_WIDGET (fixture->window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
}

#define DROP_COUNT 10

static void
test_offline (void)
{
  Fixture fixture = { 0 };
  const char *paths[] = { "/api/v1/profile", LINK_PATH, "/api/v1/sferum/link/history" };

  fixture_set_up (&fixture, "maria");
  g_assert_true (gtk_widget_is_sensitive (child (&fixture, "unlink_button")));

  /* The connection drops: every request of a refresh fails.  (libsoup
   * sends a request again once per idle connection it had, so each path
   * drops more than a service keeps connections.) */
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    dnevnik_test_sandbox_add_fault (fixture.sandbox, "GET", paths[i], "drop", DROP_COUNT, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "passport.retry", NULL);
  g_assert_true (dnevnik_test_ui_wait_for (is_offline, fixture.window, WAIT_MS));
  assert_offline (&fixture);
  assert_fits_narrow_screen (&fixture);
  dnevnik_test_ui_screenshot_after (GTK_WIDGET (fixture.window), "passport-offline-ru", 300);

  /* «Повторить» once the diary answers again. */
  dnevnik_test_sandbox_clear_faults (fixture.sandbox);
  g_assert_true (gtk_widget_activate (child (&fixture, "retry_button")));
  g_assert_true (dnevnik_test_ui_wait_for (is_online, fixture.window, WAIT_MS));
  g_assert_false (row_shown (&fixture, "offline_row"));
  g_assert_true (gtk_widget_is_sensitive (child (&fixture, "unlink_button")));
  assert_shows_linked (&fixture);

  /* The server is gone for good. */
  dnevnik_test_sandbox_stop (fixture.sandbox);
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "passport.retry", NULL);
  g_assert_true (dnevnik_test_ui_wait_for (is_offline, fixture.window, WAIT_MS));
  assert_offline (&fixture);

  fixture_tear_down (&fixture);
}

static void
test_not_linked_and_sign_out (void)
{
  Fixture fixture = { 0 };
  GtkWidget *placeholder;
  DnevnikPassportWindow *window;

  fixture_set_up (&fixture, "ivan");

  g_assert_cmpstr (row_title (&fixture, "status_row"), ==, "Не привязана");
  g_assert_false (row_shown (&fixture, "account_row"));
  g_assert_true (gtk_widget_is_sensitive (child (&fixture, "link_button")));
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (&fixture, "history_list")), 0));
  placeholder = dnevnik_test_ui_find_label (child (&fixture, "history_list"), "Изменений пока не было");
  g_assert_nonnull (placeholder);
  g_assert_true (gtk_widget_get_mapped (placeholder));

  /* The session ends: nobody finds this passport open afterwards. */
  window = fixture.window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_assert_true (dnevnik_test_service_sign_out (fixture.service, NULL));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture.window)));
  g_object_unref (fixture.window);
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_is_null, &window, WAIT_MS));

  gtk_window_destroy (fixture.parent);
  g_clear_object (&fixture.service);
  g_clear_pointer (&fixture.sandbox, dnevnik_test_sandbox_free);
}

/* --- keyboard only, with real X key events -------------------------------- */

/* GTK 4.8 cannot synthesise key events: xdotool sends real ones, and the
 * main loop runs meanwhile so that GTK handles them. */
static void
press_key (const char *key)
{
  dnevnik_test_ui_xdotool ("key", "--delay", "50", key, NULL);
  dnevnik_test_ui_spin (100);
}

static void
focus_window (GtkWindow *window)
{
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))));

  dnevnik_test_ui_xdotool ("windowfocus", "--sync", xid, NULL);
  dnevnik_test_ui_spin (200);
}

static gboolean
window_hidden (gpointer user_data)
{
  return !gtk_widget_get_visible (user_data);
}

static void
test_keyboard_only (void)
{
  Fixture fixture = { 0 };
  GtkWidget *button;
  AdwMessageDialog *dialog;
  guint tabs = 0;

  fixture_set_up (&fixture, "maria");
  if (!GDK_IS_X11_SURFACE (gtk_native_get_surface (GTK_NATIVE (fixture.window))))
    {
      g_test_skip ("real key events need an X11 display");
      fixture_tear_down (&fixture);
      return;
    }

  dnevnik_test_sandbox_reset_counters (fixture.sandbox);
  button = child (&fixture, "unlink_button");
  focus_window (GTK_WINDOW (fixture.window));

  /* Tab reaches the unlink button… */
  while (gtk_root_get_focus (GTK_ROOT (fixture.window)) != button)
    {
      g_assert_cmpuint (++tabs, <, 40);
      press_key ("Tab");
    }

  /* …space opens the dialog, Escape answers «Отменить»… */
  press_key ("space");
  g_assert_true (dnevnik_test_ui_wait_for (dialog_is_mapped, NULL, WAIT_MS));
  dialog = find_dialog ();
  focus_window (GTK_WINDOW (dialog));
  press_key ("Escape");
  g_assert_true (dnevnik_test_ui_wait_for (no_dialog, NULL, WAIT_MS));
  wait_idle (&fixture);
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (fixture.sandbox, "DELETE", LINK_PATH), ==, 0);
  g_assert_true (server_says_linked (&fixture));

  /* …and Escape closes «Мой паспорт». */
  focus_window (GTK_WINDOW (fixture.window));
  press_key ("Escape");
  g_assert_true (dnevnik_test_ui_wait_for (window_hidden, fixture.window, WAIT_MS));

  fixture_tear_down (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  dnevnik_test_ui_init (&argc, &argv, "ru");
  adw_init ();

  /* «Перейти в Сферум» opens the default handler of https:// links: a
   * file stands in for the browser. */
  opened_uris_path = dnevnik_test_ui_install_uri_handler ();

  app = dnevnik_test_ui_register_application ("io.github.dnevnik.Dnevnik.TestPassport");

  g_test_add_func ("/passport/linked", test_profile_and_security_linked);
  g_test_add_func ("/passport/open-profile", test_open_profile);
  g_test_add_func ("/passport/unlink-cancel", test_unlink_cancel);
  g_test_add_func ("/passport/unlink-confirm", test_unlink_confirm);
  g_test_add_func ("/passport/unlink-server-error", test_unlink_server_error);
  g_test_add_func ("/passport/unlinked-elsewhere", test_unlinked_elsewhere);
  g_test_add_func ("/passport/offline", test_offline);
  g_test_add_func ("/passport/not-linked-and-sign-out", test_not_linked_and_sign_out);
  g_test_add_func ("/passport/keyboard-only", test_keyboard_only);

  return g_test_run ();
}
