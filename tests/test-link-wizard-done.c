/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <json-glib/json-glib.h>

#include "dnevnik-link-status-private.h"
#include "dnevnik-test-service.h"
#include "test-link-wizard-fixture.h"

/* The linking wizard's done page and the shared link status: a link made
 * elsewhere while the wizard is open, and server text shown as it is. */

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
  g_autoptr(GError) error = NULL;

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
  dnevnik_test_service_refresh_link_status (f->service, &error);
  g_assert_no_error (error);
  wait_page (f, "done");
  g_assert_nonnull (dnevnik_test_ui_find_label (GTK_WIDGET (f->wizard), "+7 903 ***-**-67"));
}

/* Server text that looks like Pango markup, and is not even valid markup. */
#define HOSTILE "<span size=\"xx-large\" foreground=\"red\">X</span> & <b>"

/* Returns: the text the row shows under its title, read from its label */
static const char *
row_subtitle_shown (Fixture    *f,
                    const char *name,
                    const char *expected)
{
  GtkWidget *label = dnevnik_test_ui_find_label (child (f, name), expected);

  g_assert_nonnull (label);
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (label)));
  g_assert_true (gtk_widget_is_visible (label));

  return gtk_label_get_text (GTK_LABEL (label));
}

static void
test_server_text_is_plain (Fixture       *f,
                           gconstpointer  data)
{
  DnevnikLinkStatus *status = dnevnik_service_get_link_status (f->service);
  const char *phone = "+7 916 ***-**-67 " HOSTILE;
  const char *account_id = HOSTILE " 7003921845";

  wait_page (f, "intro");

  /* The link status as a hostile server would fill it; the wizard follows
   * the shared status to the done page. */
  dnevnik_link_status_set (status, TRUE, account_id, phone, NULL, "https://max.ru/sferum/profile/1");
  wait_page (f, "done");

  /* Shown as it is: no markup applied, no warning (fatal here). */
  g_assert_cmpstr (row_subtitle_shown (f, "done_phone_row", phone), ==, phone);
  g_assert_cmpstr (row_subtitle_shown (f, "done_account_row", account_id), ==, account_id);
  screenshot (f, "link-wizard-server-text-ru");
}

int
main (int   argc,
      char *argv[])
{
  link_wizard_test_init (&argc, &argv);

  ADD_WIZARD_TEST ("/link-wizard/linked-elsewhere", ivan, test_linked_elsewhere);
  ADD_WIZARD_TEST ("/link-wizard/server-text-is-plain", ivan, test_server_text_is_plain);

  return link_wizard_test_run ();
}
