/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include "dnevnik-sign-in-page.h"
#include "dnevnik-test-main-window.h"

DnevnikTestSandbox *sandbox;
DnevnikApplication *app;
DnevnikWindow      *window;

/* A loopback port nobody listens on now, for a sandbox that must keep its
 * address across a restart. */
static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return port;
}

gboolean
mode_is (gpointer user_data)
{
  return g_strcmp0 (dnevnik_window_get_mode (window), user_data) == 0;
}

GtkWidget *
page_when_built (const char *name)
{
  return dnevnik_test_ui_page_when_built (window, name);
}

void
screenshot_light_and_dark (const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light_name = g_strdup_printf ("main-%s-ru", name);
  g_autofree char *dark_name = g_strdup_printf ("main-%s-ru-dark", name);

  dnevnik_test_ui_screenshot_after (GTK_WIDGET (window), light_name, 300);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  dnevnik_test_ui_screenshot_after (GTK_WIDGET (window), dark_name, 300);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

JsonNode *
fetch_week_directly (const char *from,
                     const char *to)
{
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autofree char *path = g_strdup_printf ("/api/v1/diary?from=%s&to=%s", from, to);

  return dnevnik_test_sandbox_call (sandbox, "GET", path, token, NULL, 200);
}

void
assert_week_matches (DnevnikDiaryPage *page,
                     JsonNode         *reply)
{
  JsonArray *days = json_object_get_array_member (json_node_get_object (reply), "days");
  GListModel *shown = dnevnik_diary_page_get_days (page);
  guint row_index = 0;
  guint marked = 0;

  g_assert_cmpuint (json_array_get_length (days), ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 6);

  for (guint d = 0; d < 6; d++)
    {
      JsonObject *day = json_array_get_object_element (days, d);
      JsonArray *lessons = json_object_get_array_member (day, "lessons");
      g_autoptr(DnevnikDiaryDay) shown_day = g_list_model_get_item (shown, d);
      char iso[16];

      g_date_strftime (iso, sizeof iso, "%Y-%m-%d", dnevnik_diary_day_get_date (shown_day));
      g_assert_cmpstr (iso, ==, json_object_get_string_member (day, "date"));

      /* What a person sees: one row per lesson, in order, with its subject. */
      for (guint l = 0; l < json_array_get_length (lessons); l++)
        {
          JsonObject *lesson = json_array_get_object_element (lessons, l);
          GtkWidget *row = dnevnik_test_ui_find_by_type (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, row_index++);

          g_assert_nonnull (row);
          g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                           json_object_get_string_member (lesson, "subject"));
          if (json_array_get_length (json_object_get_array_member (lesson, "marks")) > 0)
            {
              JsonObject *mark = json_array_get_object_element (json_object_get_array_member (lesson, "marks"), 0);

              g_assert_nonnull (dnevnik_test_ui_find_by_type (row, GTK_TYPE_LABEL, 0));
              g_assert_true (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                     json_object_get_string_member (lesson, "teacher")) != NULL);
              (void) mark;
              marked++;
            }
        }
    }

  /* Exactly the lessons served: no row more. */
  g_assert_null (dnevnik_test_ui_find_by_type (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, row_index));
  g_assert_cmpuint (row_index, >, 20);
  g_test_message ("%u lessons, %u with marks", row_index, marked);
}

gboolean
offline_shown (gpointer user_data)
{
  return dnevnik_window_get_offline (window);
}

gboolean
back_online (gpointer user_data)
{
  DnevnikService *service = dnevnik_context_get_service (dnevnik_application_get_context (app));

  return !dnevnik_window_get_offline (window) &&
         dnevnik_service_get_state (service) == DNEVNIK_SERVICE_STATE_READY &&
         !dnevnik_diary_page_get_loading (user_data);
}

/* Returns: (transfer none) (nullable): a visible window of @type */
GtkWindow *
find_toplevel (GType type)
{
  return dnevnik_test_ui_find_toplevel_where (type, gtk_widget_get_visible);
}

/* Closes @toplevel and waits until it is finalized: what it still had
 * under way (a request) lets go of it when cancelled. */
void
close_toplevel (GtkWindow *toplevel)
{
  gpointer weak = toplevel;

  g_object_add_weak_pointer (G_OBJECT (toplevel), &weak);
  gtk_window_destroy (toplevel);
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_is_null, &weak, WAIT_MS));
}

static char *
today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

gboolean
school_year_synced (gpointer user_data)
{
  GSettings *settings = dnevnik_context_get_settings (dnevnik_application_get_context (app));
  g_autofree char *last_sync = g_settings_get_string (settings, "last-sync");
  g_autofree char *today = today_iso ();

  return !dnevnik_context_get_syncing (dnevnik_application_get_context (app)) && g_strcmp0 (last_sync, today) == 0;
}

gboolean
widget_visible (gpointer user_data)
{
  return gtk_widget_get_visible (user_data);
}

/**
 * dnevnik_test_main_window_init:
 *
 * Sets up GTK in Russian, a sandbox whose "today" is %TODAY on a port
 * of its own, and a registered application on it.
 */
void
dnevnik_test_main_window_init (int    *argc,
                               char ***argv)
{
  g_autofree char *port_option = NULL;

  dnevnik_test_ui_init (argc, argv, "ru");

  port_option = g_strdup_printf ("--port=%u", free_port ());
  sandbox = dnevnik_test_sandbox_new ("--today=" TODAY, port_option, NULL);
  app = dnevnik_test_ui_application_new (sandbox);
}

/**
 * dnevnik_test_main_window_run:
 *
 * Runs the tests, in the order they were added, then lets go of what
 * dnevnik_test_main_window_init() set up.
 *
 * Returns: what g_test_run() returned
 */
int
dnevnik_test_main_window_run (void)
{
  int status = g_test_run ();

  if (window != NULL)
    dnevnik_test_main_window_close ();
  g_clear_pointer (&app, dnevnik_test_ui_application_free);
  g_clear_pointer (&sandbox, dnevnik_test_sandbox_free);

  return status;
}

/**
 * dnevnik_test_main_window_open:
 *
 * Opens a main window of @app, 1000×760, as @window.
 */
void
dnevnik_test_main_window_open (void)
{
  g_assert_null (window);

  window = dnevnik_window_new (GTK_APPLICATION (app), dnevnik_application_get_context (app));
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));
}

/**
 * dnevnik_test_main_window_close:
 *
 * Closes @window and checks that nothing keeps it alive.
 */
void
dnevnik_test_main_window_close (void)
{
  dnevnik_test_ui_destroy_window (GTK_WINDOW (g_steal_pointer (&window)));
}

/**
 * dnevnik_test_main_window_sign_in:
 *
 * Signs in on the sign-in page of @window as a student would, with
 * «Запомнить меня» as it is, and waits for the diary.
 */
void
dnevnik_test_main_window_sign_in (const char *login,
                                  const char *password)
{
  GtkWidget *page;
  GtkWidget *login_row;
  GtkWidget *password_row;

  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "sign-in", WAIT_MS));
  page = dnevnik_test_ui_find_by_type (GTK_WIDGET (window), DNEVNIK_TYPE_SIGN_IN_PAGE, 0);
  login_row = dnevnik_test_ui_find_by_type (page, ADW_TYPE_ENTRY_ROW, 0);
  password_row = dnevnik_test_ui_find_by_type (page, ADW_TYPE_PASSWORD_ENTRY_ROW, 0);
  gtk_editable_set_text (GTK_EDITABLE (login_row), login);
  gtk_editable_set_text (GTK_EDITABLE (password_row), password);
  g_assert_true (gtk_widget_activate_action (page, "sign-in.sign-in", NULL));
  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "content", WAIT_MS));
}

/**
 * dnevnik_test_main_window_restart_offline:
 *
 * The app quits with its window, the server goes away, and the app
 * starts again (as another registered application): waits until its new
 * @window shows content, offline.
 */
void
dnevnik_test_main_window_restart_offline (void)
{
  g_autoptr(GError) error = NULL;

  dnevnik_test_main_window_close ();
  dnevnik_context_stop_backend (dnevnik_application_get_context (app));
  g_clear_object (&app);
  dnevnik_test_ui_spin (200);
  dnevnik_test_sandbox_stop (sandbox);

  app = dnevnik_application_new_for_testing (dnevnik_test_sandbox_get_url (sandbox));
  g_application_set_application_id (G_APPLICATION (app), APP_ID ".Restarted");
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  dnevnik_test_main_window_open ();

  g_assert_true (dnevnik_test_ui_wait_for (mode_is, (gpointer) "content", WAIT_MS));
  g_assert_true (dnevnik_test_ui_wait_for (offline_shown, NULL, WAIT_MS));
}
