/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include "dnevnik-memory-token-store.h"
#include "dnevnik-passport-window.h"
#include "dnevnik-test-hostile-server.h"
#include "dnevnik-test-service.h"
#include "dnevnik-test-ui.h"

/* «Мой паспорт» fed by a hostile server (dnevnik-test-hostile-server.h):
 * markup, entities, bidi overrides and control characters in every
 * profile field.  What a person sees in each row is the server's visible
 * text, character for character — tags as text, no markup rendered, no
 * Pango warning (G_DEBUG=fatal-warnings would abort on one) — and none of
 * the hidden characters. */

#define WAIT_MS 20000

static GtkApplication *app;

static gboolean
window_is_ready (gpointer user_data)
{
  return dnevnik_test_ui_widget_is_shown (user_data) && dnevnik_test_ui_passport_idle (user_data);
}

static void
assert_row_shows (DnevnikPassportWindow *window,
                  const char            *name,
                  const char            *text)
{
  GObject *row = gtk_widget_get_template_child (GTK_WIDGET (window), DNEVNIK_TYPE_PASSPORT_WINDOW, name);

  g_test_message ("row %s", name);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, text);
  /* The label's text is what is drawn: markup would have lost its tags. */
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (row), text));
}

static void
test_spoofed_profile (void)
{
  g_autoptr(DnevnikTestHostileServer) server = dnevnik_test_hostile_server_new ();
  g_autoptr(DnevnikTokenStore) store = DNEVNIK_TOKEN_STORE (dnevnik_memory_token_store_new ());
  g_autoptr(DnevnikService) service = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *full_name = NULL;
  DnevnikPassportWindow *window;
  GtkWindow *parent;

  dnevnik_test_hostile_server_set_mode (server, DNEVNIK_TEST_HOSTILE_SPOOFED_TEXT);
  service = dnevnik_service_new (dnevnik_test_hostile_server_get_url (server), store, &error);
  g_assert_no_error (error);
  g_assert_true (dnevnik_test_service_sign_in (service, "ivan", "any", FALSE, &error));
  g_assert_no_error (error);

  parent = GTK_WINDOW (gtk_application_window_new (app));
  gtk_window_present (parent);
  window = dnevnik_passport_window_new (parent, service);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_set_default_size (GTK_WINDOW (window), 420, 760);
  dnevnik_passport_window_show_profile (window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (dnevnik_test_ui_wait_for (window_is_ready, window, WAIT_MS));

  full_name = g_strjoin (" ", DNEVNIK_TEST_HOSTILE_TEXT_SHOWN, DNEVNIK_TEST_HOSTILE_TEXT_SHOWN,
                         DNEVNIK_TEST_HOSTILE_TEXT_SHOWN, NULL);
  assert_row_shows (window, "name_row", full_name);
  assert_row_shows (window, "school_row", DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);
  assert_row_shows (window, "class_row", DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);
  assert_row_shows (window, "login_row", DNEVNIK_TEST_HOSTILE_TEXT_SHOWN);

  /* Closing cancels what is still on its way; the cancelled callbacks
   * drop their references from the main loop. */
  gtk_window_destroy (GTK_WINDOW (window));
  while (window != NULL)
    g_main_context_iteration (NULL, TRUE);
  gtk_window_destroy (parent);
}

int
main (int   argc,
      char *argv[])
{
  dnevnik_test_ui_init (&argc, &argv, "ru");
  adw_init ();

  app = dnevnik_test_ui_register_application ("io.github.dnevnik.Dnevnik.TestPassportHostile");

  g_test_add_func ("/passport-hostile/spoofed-profile", test_spoofed_profile);

  return g_test_run ();
}
