/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "dnevnik-test-sandbox.h"
#include "dnevnik-url.h"

/* Training mode in a classroom: whatever the training server hands out
 * for the app to open stays on this computer, and says what it is. */

static void
test_profile_page (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "maria", NULL);
  g_autoptr(JsonNode) link = dnevnik_test_sandbox_call (sandbox, "GET", "/api/v1/sferum/link", token, NULL, 200);
  const char *profile_url = json_object_get_string_member (json_node_get_object (link), "profile_url");
  g_autofree char *expected = g_strconcat (dnevnik_test_sandbox_get_url (sandbox),
                                           "/sferum/profile?account=7003921845", NULL);
  g_autoptr(GUri) uri = g_uri_parse (profile_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GBytes) page = NULL;
  g_autoptr(GBytes) refused = NULL;
  g_autofree char *text = NULL;
  const char *reason = NULL;
  guint status = 0;

  /* The app's one URL policy lets it through: plain http, but loopback. */
  g_assert_cmpstr (profile_url, ==, expected);
  g_assert_true (dnevnik_url_is_allowed (profile_url, DNEVNIK_URL_POLICY_DEFAULT, &reason));
  g_assert_true (dnevnik_url_is_loopback_host (g_uri_get_host (uri)));

  /* A browser asks without a token, and gets a page that says what it is. */
  page = dnevnik_test_sandbox_request (sandbox, "GET", "/sferum/profile?account=7003921845", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  text = g_strndup (g_bytes_get_data (page, NULL), g_bytes_get_size (page));
  g_assert_nonnull (strstr (text, "Здесь откроется ваш учебный профиль Сферум в МАХ"));
  g_assert_nonnull (strstr (text, "7003921845"));
  g_assert_null (strstr (text, "https://"));

  /* The page echoes an id only: anything else is refused, never shown. */
  refused = dnevnik_test_sandbox_request (sandbox, "GET", "/sferum/profile?account=%3Cscript%3E", NULL, &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&refused, g_bytes_unref);
  refused = dnevnik_test_sandbox_request (sandbox, "GET", "/sferum/profile", NULL, &status);
  g_assert_cmpuint (status, ==, 400);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/classroom/profile-page", test_profile_page);

  return g_test_run ();
}
