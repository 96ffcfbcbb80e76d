/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <string.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "dnevnik-diary-page.h"
#include "dnevnik-sign-in-page.h"
#include "dnevnik-window.h"
#include "dnevnik-test-loop.h"
#include "dnevnik-test-mesh-server.h"
#include "dnevnik-test-ui.h"

/* A real diary end to end, in the windows: the student starts in training
 * mode, chooses «МЭШ» on the sign-in page, signs in through the real
 * dnevnik-web-sign-in and its WebKit view on the replay server's fake
 * sign-in page (typed with real X key events, as a person does), and sees
 * the week of the replay fixtures.  Then what the app leaves to the web
 * diary: Сферум and the library; then an expired token, which brings the
 * sign-in page back with МЭШ still chosen.  The replay server stands for
 * the real hosts through the context's development-only mesh-base-url. */

/* Generous bounds: WebKit starts a web and a network process under
 * software rendering on a loaded machine. */
#define WAIT_MS 60000

/* The Monday of the replay fixtures' week. */
#define FIXTURE_MONDAY 23, G_DATE_NOVEMBER, 2026

static DnevnikTestMeshServer *server;
static GtkApplication        *application;
static GSettings             *settings;
static DnevnikContext        *context;
static DnevnikWindow         *main_window;
static char                  *opened_uris;

static DnevnikService *
service (void)
{
  return dnevnik_context_get_service (context);
}

static gboolean
service_in_state (gpointer user_data)
{
  return service () != NULL &&
         dnevnik_service_get_state (service ()) == (DnevnikServiceState) GPOINTER_TO_INT (user_data);
}

static gboolean
service_signs_in_on_web (gpointer user_data)
{
  return service () != NULL &&
         dnevnik_provider_get_web_cookies (dnevnik_service_get_provider (service ()), NULL, NULL) &&
         dnevnik_service_get_state (service ()) == DNEVNIK_SERVICE_STATE_SIGNED_OUT;
}

static DnevnikSignInPage *
sign_in_page (void)
{
  return DNEVNIK_SIGN_IN_PAGE (dnevnik_test_ui_find_by_type (GTK_WIDGET (main_window),
                                                             DNEVNIK_TYPE_SIGN_IN_PAGE, 0));
}

static gboolean
sign_in_page_shown (gpointer user_data)
{
  GtkWidget *page = dnevnik_test_ui_find_by_type (GTK_WIDGET (main_window), DNEVNIK_TYPE_SIGN_IN_PAGE, 0);

  return page != NULL && gtk_widget_get_mapped (page);
}

static gboolean
label_mapped (gpointer user_data)
{
  GtkWidget *label = dnevnik_test_ui_find_label (GTK_WIDGET (main_window), user_data);

  return label != NULL && gtk_widget_get_mapped (label);
}

static gboolean
label_contains (GtkWidget *widget,
                gpointer   needle)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL;
}

/* Whether a label below @root shows text that contains @needle. */
static gboolean
any_label_contains (GtkWidget  *root,
                    const char *needle)
{
  return dnevnik_test_ui_find_widget (root, label_contains, (gpointer) needle) != NULL;
}

static gboolean
has_action (GtkWidget *widget,
            gpointer   action)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static GtkWidget *
find_action_widget (GtkWidget  *root,
                    const char *action)
{
  return dnevnik_test_ui_find_widget (root, has_action, (gpointer) action);
}

static gboolean
uri_opened (gpointer user_data)
{
  g_autofree char *text = NULL;

  return g_file_get_contents (opened_uris, &text, NULL, NULL) && strstr (text, user_data) != NULL;
}

static void
test_training_is_the_default (void)
{
  g_assert_true (dnevnik_test_ui_wait_for (service_in_state,
                                           GINT_TO_POINTER (DNEVNIK_SERVICE_STATE_SIGNED_OUT), WAIT_MS));
  g_assert_true (dnevnik_context_get_training_mode (context));
  g_assert_true (dnevnik_test_ui_wait_for (sign_in_page_shown, NULL, WAIT_MS));
  g_assert_cmpint (dnevnik_sign_in_page_get_provider (sign_in_page ()), ==, DNEVNIK_PROVIDER_CHOICE_TRAINING);
  g_assert_false (dnevnik_provider_get_web_cookies (dnevnik_service_get_provider (service ()), NULL, NULL));

  /* The password form, and nothing that would start the sign-in helper
   * (WebKit stays out of training mode). */
  g_assert_false (gtk_widget_get_visible (find_action_widget (GTK_WIDGET (sign_in_page ()), "sign-in.web")));
  g_assert_true (gtk_widget_get_visible (find_action_widget (GTK_WIDGET (sign_in_page ()), "sign-in.sign-in")));
}

static void
test_sign_in_on_the_web (void)
{
  AdwComboRow *row;
  GtkWidget *diary;
  g_autofree char *provider = NULL;
  GDate monday;

  /* The student chooses МЭШ: remembered, and the service is the МЭШ one. */
  row = ADW_COMBO_ROW (dnevnik_test_ui_find_by_type (GTK_WIDGET (sign_in_page ()), ADW_TYPE_COMBO_ROW, 0));
  adw_combo_row_set_selected (row, DNEVNIK_PROVIDER_CHOICE_MOSCOW);
  g_assert_true (dnevnik_test_ui_wait_for (service_signs_in_on_web, NULL, WAIT_MS));
  provider = g_settings_get_string (settings, "provider");
  g_assert_cmpstr (provider, ==, "moscow");
  g_assert_false (dnevnik_context_get_training_mode (context));
  g_assert_true (dnevnik_test_ui_wait_for (sign_in_page_shown, NULL, WAIT_MS));
  g_assert_cmpint (dnevnik_sign_in_page_get_provider (sign_in_page ()), ==, DNEVNIK_PROVIDER_CHOICE_MOSCOW);
  g_assert_true (gtk_widget_get_visible (find_action_widget (GTK_WIDGET (sign_in_page ()), "sign-in.web")));
  g_assert_false (gtk_widget_get_visible (find_action_widget (GTK_WIDGET (sign_in_page ()), "sign-in.sign-in")));
  g_free (dnevnik_test_ui_screenshot (GTK_WIDGET (main_window), "real-diary-sign-in-choice"));

  /* The diary's own page, in the helper's window: typed into as a person
   * would, and the post sets the token cookie. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sign_in_page ()), "sign-in.web", NULL));
  g_assert_true (dnevnik_sign_in_page_get_busy (sign_in_page ()));
  dnevnik_test_ui_xdotool ("search", "--sync", "--onlyvisible", "--name", "Sign In to Your Diary",
                           "windowfocus", "--sync", "%1", NULL);
  while (dnevnik_test_mesh_server_get_hits (server, "/sign-in") == 0)
    dnevnik_test_ui_spin (100);
  dnevnik_test_ui_spin (1000);
  dnevnik_test_ui_xdotool ("search", "--onlyvisible", "--name", "Sign In to Your Diary",
                           "mousemove", "--window", "%1", "300", "300", "click", "1", NULL);
  dnevnik_test_ui_xdotool ("key", "Tab", "type", "ivan", NULL);
  dnevnik_test_ui_xdotool ("key", "Tab", "type", "secret", NULL);
  dnevnik_test_ui_xdotool ("key", "Return", NULL);

  g_assert_true (dnevnik_test_ui_wait_for (service_in_state,
                                           GINT_TO_POINTER (DNEVNIK_SERVICE_STATE_READY), WAIT_MS));
  g_assert_cmpstr (dnevnik_service_get_login (service ()), ==, DNEVNIK_SERVICE_WEB_LOGIN);
  g_assert_false (dnevnik_sign_in_page_get_busy (sign_in_page ()));
  g_assert_null (dnevnik_test_mesh_server_get_violations (server)[0]);

  /* The week of the fixtures, in the diary page. */
  diary = dnevnik_test_ui_find_by_type (GTK_WIDGET (main_window), DNEVNIK_TYPE_DIARY_PAGE, 0);
  g_assert_nonnull (diary);
  g_date_clear (&monday, 1);
  g_date_set_dmy (&monday, FIXTURE_MONDAY);
  dnevnik_diary_page_show_week (DNEVNIK_DIARY_PAGE (diary), &monday);
  g_assert_true (dnevnik_test_ui_wait_for (label_mapped, (gpointer) "Алгебра", WAIT_MS));
  /* A real diary sends no teacher, and some events no room: what is
   * missing is left out, never printed as "(null)". */
  g_assert_false (any_label_contains (diary, "(null)"));
  g_assert_true (any_label_contains (diary, "08:30–09:15 · Room 204\n"));
  g_free (dnevnik_test_ui_screenshot (GTK_WIDGET (main_window), "real-diary-week"));
}

static void
test_sferum_on_the_web_diary (void)
{
  g_autofree char *home = g_strconcat (dnevnik_test_mesh_server_get_url (server), "/", NULL);
  GtkWidget *button = find_action_widget (GTK_WIDGET (main_window), "win.sferum");

  /* No guess at the link: the status is unknown here. */
  g_assert_nonnull (button);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "unknown here"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (main_window), "win.sferum", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (uri_opened, home, WAIT_MS));
  g_assert_null (dnevnik_test_ui_find_toplevel (g_type_from_name ("DnevnikLinkWizard")));
}

static void
test_library_not_offered (void)
{
  dnevnik_window_show_page (main_window, "library");
  g_assert_true (dnevnik_test_ui_wait_for (label_mapped, (gpointer) "No Library in the App", WAIT_MS));
  dnevnik_window_show_page (main_window, "portfolio");
  g_assert_true (dnevnik_test_ui_wait_for (label_mapped, (gpointer) "No Portfolio in the App", WAIT_MS));
  dnevnik_window_show_page (main_window, "diary");
}

static void
test_expired_token (void)
{
  guint hits;

  /* The token and its refresh are refused: a calm sign-in page, МЭШ still
   * chosen, and no loop of requests. */
  dnevnik_test_mesh_server_set_replay (server, DNEVNIK_TEST_MESH_REPLAY_EXPIRED);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (main_window), "win.retry", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (service_in_state,
                                           GINT_TO_POINTER (DNEVNIK_SERVICE_STATE_SIGNED_OUT), WAIT_MS));
  g_assert_true (dnevnik_test_ui_wait_for (sign_in_page_shown, NULL, WAIT_MS));
  g_assert_cmpint (dnevnik_sign_in_page_get_provider (sign_in_page ()), ==, DNEVNIK_PROVIDER_CHOICE_MOSCOW);

  hits = dnevnik_test_mesh_server_get_total_hits (server);
  dnevnik_test_ui_spin (2000);
  g_assert_cmpuint (dnevnik_test_mesh_server_get_total_hits (server), ==, hits);
  dnevnik_test_mesh_server_set_replay (server, DNEVNIK_TEST_MESH_REPLAY_NORMAL);
}

static void
test_locked_provider (void)
{
  g_autoptr(GSettingsBackend) plain = NULL;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettings) locked = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "lab", NULL);
  g_autofree char *keyfile = g_build_filename (dir, "settings.ini", NULL);
  g_autofree char *locks = g_build_filename (dir, "locks", NULL);
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  /* An administrator locks «Моя школа»: neither `--sandbox` nor
   * `--server` wins over it, and the student cannot choose another. */
  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  g_file_set_contents (keyfile, "[dnevnik]\nprovider='moscow-oblast'\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (locks, "/io/github/dnevnik/Dnevnik/provider\n", -1, &error);
  g_assert_no_error (error);

  /* The keyfile backend reads locks only from its defaults-dir, a
   * property its public constructor does not take. */
  plain = g_keyfile_settings_backend_new (keyfile, "/io/github/dnevnik/Dnevnik/", "dnevnik");
  backend = g_object_new (G_OBJECT_TYPE (plain),
                          "filename", keyfile,
                          "root-path", "/io/github/dnevnik/Dnevnik/",
                          "root-group", "dnevnik",
                          "defaults-dir", dir,
                          NULL);
  locked = g_settings_new_with_backend (APP_ID, backend);
  g_assert_false (g_settings_is_writable (locked, "provider"));
  g_assert_cmpint (dnevnik_provider_choice_resolve (locked, "https://other.example", TRUE, &url),
                   ==, DNEVNIK_PROVIDER_CHOICE_MOSCOW_OBLAST);
  g_assert_null (url);
  g_assert_true (dnevnik_provider_choice_is_locked (locked));
  g_assert_false (dnevnik_provider_choice_remember (locked, DNEVNIK_PROVIDER_CHOICE_TRAINING, NULL));
  g_assert_cmpint (dnevnik_provider_choice_resolve (locked, NULL, FALSE, &url),
                   ==, DNEVNIK_PROVIDER_CHOICE_MOSCOW_OBLAST);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  dnevnik_test_ui_init (&argc, &argv, NULL);

  server = dnevnik_test_mesh_server_new ();
  settings = g_settings_new (APP_ID);
  context = g_object_new (DNEVNIK_TYPE_CONTEXT,
                          "settings", settings,
                          "mesh-base-url", dnevnik_test_mesh_server_get_url (server),
                          NULL);
  application = GTK_APPLICATION (adw_application_new ("io.github.dnevnik.DnevnikTest.RealDiary",
                                                      G_APPLICATION_NON_UNIQUE));
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, NULL));
  /* The test handler of links takes the replay server's http:// pages too. */
  opened_uris = dnevnik_test_ui_install_uri_handler ();
  dnevnik_context_start_backend (context);
  main_window = dnevnik_window_new (application, context);
  gtk_window_present (GTK_WINDOW (main_window));

  g_test_add_func ("/real-diary/training-is-the-default", test_training_is_the_default);
  g_test_add_func ("/real-diary/sign-in-on-the-web", test_sign_in_on_the_web);
  g_test_add_func ("/real-diary/sferum-on-the-web-diary", test_sferum_on_the_web_diary);
  g_test_add_func ("/real-diary/library-not-offered", test_library_not_offered);
  g_test_add_func ("/real-diary/expired-token", test_expired_token);
  g_test_add_func ("/real-diary/locked-provider", test_locked_provider);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (main_window));
  dnevnik_context_stop_backend (context);
  g_clear_object (&context);
  g_clear_object (&settings);
  g_clear_object (&application);
  g_clear_object (&server);
  g_free (opened_uris);

  return status;
}
