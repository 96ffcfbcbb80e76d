/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-common"

#include "config.h"

#include "dnevnik-url.h"

/* The one URL policy (src/common/dnevnik-url.h). */

static void
test_url_policy (void)
{
  static const char * const good[] = {
    "https://max.ru/sferum/profile/7003921845", "HTTPS://MAX.RU/x?y=1#z", "https://lib.example:8443/b1",
    "http://127.0.0.1:8080/x", "http://127.9.9.9/", "http://[::1]:1234/a", "http://localhost/", "https://xn--80ak6aa92e.com/",
  };
  static const char * const bad[] = {
    /* Userinfo dresses one host up as another. */
    "https://max.ru@evil.example/sferum", "https://user:pw@max.ru/", "http://max.ru@127.0.0.1/",
    /* Plain http elsewhere, other schemes. */
    "http://max.ru/x", "http://10.0.0.1/", "http://[::2]/", "http://localhost.evil.example/", "http://128.0.0.1/",
    "file:///etc/passwd", "javascript:alert(1)", "ftp://127.0.0.1/", "max.ru/x", "", "https://", "https:///x",
    /* Not printable ASCII: spaces, controls, bidi overrides, other scripts. */
    "https://max.ru/\u202eexe.fdp", "https://max.ru/a b", "https://max.ru/\n", "https://мах.рф/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      const char *reason = "unset";

      g_test_message ("good: %s", good[i]);
      g_assert_true (dnevnik_url_is_allowed (good[i], DNEVNIK_URL_POLICY_DEFAULT, &reason));
      g_assert_null (reason);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *reason = NULL;

      g_test_message ("bad: %s", bad[i]);
      g_assert_false (dnevnik_url_is_allowed (bad[i], DNEVNIK_URL_POLICY_DEFAULT, &reason));
      g_assert_nonnull (reason);
    }

  /* A base address has no query or fragment. */
  g_assert_true (dnevnik_url_is_allowed ("https://dnevnik.example/base/", DNEVNIK_URL_POLICY_BASE, NULL));
  g_assert_false (dnevnik_url_is_allowed ("https://dnevnik.example/?x=1", DNEVNIK_URL_POLICY_BASE, NULL));
  g_assert_false (dnevnik_url_is_allowed ("https://dnevnik.example/#x", DNEVNIK_URL_POLICY_BASE, NULL));
}

static void
test_url_loopback (void)
{
  g_assert_true (dnevnik_url_is_loopback_host ("localhost"));
  g_assert_true (dnevnik_url_is_loopback_host ("LocalHost"));
  g_assert_true (dnevnik_url_is_loopback_host ("127.0.0.1"));
  g_assert_true (dnevnik_url_is_loopback_host ("127.255.0.7"));
  g_assert_true (dnevnik_url_is_loopback_host ("::1"));
  g_assert_false (dnevnik_url_is_loopback_host ("128.0.0.1"));
  g_assert_false (dnevnik_url_is_loopback_host ("localhost.example"));
  g_assert_false (dnevnik_url_is_loopback_host ("0.0.0.0"));
  g_assert_false (dnevnik_url_is_loopback_host (""));
}

static void
test_url_same_origin (void)
{
  static const struct {
    const char *a;
    const char *b;
    gboolean    same;
  } cases[] = {
    { "https://d.example/api/v1/diary", "https://d.example/api/v2/diary", TRUE },
    { "https://d.example/x", "HTTPS://D.EXAMPLE:443/y", TRUE },
    { "http://127.0.0.1:8080/x", "http://127.0.0.1:8080/y?z", TRUE },
    { "http://127.0.0.1:8080/x", "http://127.0.0.2:8080/x", FALSE },
    { "http://127.0.0.1:8080/x", "http://localhost:8080/x", FALSE },
    { "http://127.0.0.1:8080/x", "http://127.0.0.1:8081/x", FALSE },
    { "https://d.example/x", "http://d.example/x", FALSE },
    { "https://d.example/x", "https://evil.example/x", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GUri) a = g_uri_parse (cases[i].a, G_URI_FLAGS_NONE, NULL);
      g_autoptr(GUri) b = g_uri_parse (cases[i].b, G_URI_FLAGS_NONE, NULL);

      g_test_message ("%s vs %s", cases[i].a, cases[i].b);
      g_assert_nonnull (a);
      g_assert_nonnull (b);
      g_assert_true (dnevnik_url_same_origin (a, b) == cases[i].same);
      g_assert_true (dnevnik_url_same_origin (b, a) == cases[i].same);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/url/policy", test_url_policy);
  g_test_add_func ("/url/loopback", test_url_loopback);
  g_test_add_func ("/url/same-origin", test_url_same_origin);

  return g_test_run ();
}
