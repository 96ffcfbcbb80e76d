/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dnevnik-test-sandbox.h"
#include "dnevnik-test-disk.h"
#include "test-cache-util.h"

/* Tests of DnevnikCache against the real sandbox: realistic documents, a
 * whole school year, and no token anywhere in the file.
 */


/* Tests against the real sandbox: realistic documents. */

static DnevnikTestSandbox *sandbox;

static DnevnikTestSandbox *
get_sandbox (void)
{
  if (sandbox == NULL)
    sandbox = dnevnik_test_sandbox_newv (NULL);

  return sandbox;
}

typedef struct
{
  SoupSession *session;
  char        *access_token;
  char        *refresh_token;
  char        *profile_id;
} Login;

static void
login_clear (Login *login)
{
  g_clear_object (&login->session);
  g_clear_pointer (&login->access_token, g_free);
  g_clear_pointer (&login->refresh_token, g_free);
  g_clear_pointer (&login->profile_id, g_free);
}

/* Sends a request as the signed-in student and returns the body of a 200. */
static char *
api_get (Login      *login,
         const char *path)
{
  g_autofree char *uri = g_strconcat (dnevnik_test_sandbox_get_url (get_sandbox ()), path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
  g_autofree char *bearer = g_strconcat ("Bearer ", login->access_token, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", bearer);
  body = soup_session_send_and_read (login->session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);

  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
sandbox_login (Login      *login,
               const char *name)
{
  g_autofree char *uri = g_strconcat (dnevnik_test_sandbox_get_url (get_sandbox ()), "/api/v1/auth/login", NULL);
  g_autofree char *request = g_strdup_printf ("{\"login\": \"%s\", \"password\": \"dnevnik\"}", name);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", uri);
  g_autoptr(GBytes) request_body = g_bytes_new (request, strlen (request));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  /* Loopback needs no proxy, and the test has no proxy settings schema. */
  login->session = soup_session_new_with_options ("proxy-resolver", NULL, "timeout", 30, NULL);
  soup_message_set_request_body_from_bytes (message, "application/json", request_body);
  body = soup_session_send_and_read (login->session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);

  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  login->access_token = g_strdup (json_object_get_string_member (object, "access_token"));
  login->refresh_token = g_strdup (json_object_get_string_member (object, "refresh_token"));
  login->profile_id = g_strdup (json_object_get_string_member (object, "profile_id"));
  g_assert_cmpuint (strlen (login->access_token), >=, 16);
  g_assert_cmpuint (strlen (login->refresh_token), >=, 16);
}

/* The days of a GET /api/v1/diary reply, one entry each, as the service
 * stores them. */
static GPtrArray *
diary_to_entries (const char *diary_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) dnevnik_cache_entry_free);
  JsonArray *days;

  json_parser_load_from_data (parser, diary_json, -1, &error);
  g_assert_no_error (error);
  days = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "days");
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonNode *day = json_array_get_element (days, i);
      g_autofree char *json = json_to_string (day, FALSE);
      const char *date = json_object_get_string_member (json_node_get_object (day), "date");

      g_ptr_array_add (entries, dnevnik_cache_entry_new (date, json));
    }

  return entries;
}

/* After a realistic session nothing in the cache directory holds a token.
 * The list of secrets is the place to add any the service learns later. */
static void
test_sandbox_no_tokens (void)
{
  g_autofree char *path = dnevnik_cache_get_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(DnevnikCache) cache = dnevnik_cache_new (path);
  g_autoptr(GPtrArray) days = NULL;
  g_autofree char *server = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *cached_profile = NULL;
  g_autofree char *diary = NULL;
  Login login = { 0 };
  struct {
    DnevnikCacheKind  kind;
    const char       *path;
  } endpoints[] = {
    { DNEVNIK_CACHE_KIND_PROFILE, "/api/v1/profile" },
    { DNEVNIK_CACHE_KIND_LINK_STATUS, "/api/v1/sferum/link" },
    { DNEVNIK_CACHE_KIND_LIBRARY, "/api/v1/library" },
    { DNEVNIK_CACHE_KIND_PORTFOLIO, "/api/v1/portfolio" },
    { DNEVNIK_CACHE_KIND_LINK_HISTORY, "/api/v1/sferum/link/history" },
  };
  const char *secrets[2];

  sandbox_login (&login, "maria");
  server = g_strdup (dnevnik_test_sandbox_get_url (get_sandbox ()));
  cache_open (cache);

  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      g_autofree char *json = api_get (&login, endpoints[i].path);
      g_autoptr(GError) error = NULL;

      g_assert_true (cache_put_full (cache, server, login.profile_id, endpoints[i].kind, NULL, json, &error));
      g_assert_no_error (error);
      if (endpoints[i].kind == DNEVNIK_CACHE_KIND_PROFILE)
        profile = g_steal_pointer (&json);
    }

  diary = api_get (&login, "/api/v1/diary?from=2026-11-23&to=2026-11-29");
  days = diary_to_entries (diary);
  g_assert_cmpuint (days->len, ==, 7);
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    dnevnik_cache_put_many_async (cache, server, login.profile_id, DNEVNIK_CACHE_KIND_DIARY_DAY,
                                  days, NULL, dnevnik_test_loop_result_cb, &result);
    dnevnik_test_loop_await (&result);
    g_assert_true (dnevnik_cache_put_many_finish (cache, result, &error));
    g_assert_no_error (error);
  }

  cached_profile = cache_get_full (cache, server, login.profile_id, DNEVNIK_CACHE_KIND_PROFILE, NULL);
  g_assert_cmpstr (cached_profile, ==, profile);

  secrets[0] = login.access_token;
  secrets[1] = login.refresh_token;

  /* While open (WAL and all) and after closing. */
  for (guint pass = 0; pass < 2; pass++)
    {
      /* The scan does see the cached documents. */
      g_assert_true (dir_contains_bytes (dir, "Смирнова"));
      for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
        g_assert_false (dir_contains_bytes (dir, secrets[i]));

      if (pass == 0)
        cache_close (cache);
    }

  login_clear (&login);
  dnevnik_test_disk_remove_tree (dir);
}

/* A whole school year in monthly batches, then every week read back. */
static void
test_sandbox_whole_year (CacheFileFixture *fixture,
                         gconstpointer     data)
{
  g_autofree char *server = NULL;
  g_autoptr(GPtrArray) year = g_ptr_array_new_with_free_func ((GDestroyNotify) dnevnik_cache_entry_free);
  g_autoptr(GDate) month = g_date_new_dmy (1, G_DATE_SEPTEMBER, 2026);
  g_autoptr(GDate) end = g_date_new_dmy (31, G_DATE_MAY, 2027);
  g_autoptr(GDate) week = g_date_new_dmy (31, G_DATE_AUGUST, 2026);   /* a Monday */
  DnevnikCache *cache = dnevnik_cache_new (fixture->path);
  Login login = { 0 };
  guint n_weeks = 0;
  guint n_lessons = 0;

  sandbox_login (&login, "ivan");
  server = g_strdup (dnevnik_test_sandbox_get_url (get_sandbox ()));
  cache_open (cache);

  while (g_date_compare (month, end) < 0)
    {
      g_autoptr(GDate) last = g_date_copy (month);
      g_autofree char *from = day_key (month);
      g_autofree char *to = NULL;
      g_autofree char *query = NULL;
      g_autofree char *diary = NULL;
      g_autoptr(GPtrArray) days = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      g_date_set_day (last, g_date_get_days_in_month (g_date_get_month (month), g_date_get_year (month)));
      to = day_key (last);
      query = g_strdup_printf ("/api/v1/diary?from=%s&to=%s", from, to);
      diary = api_get (&login, query);
      days = diary_to_entries (diary);
      g_assert_cmpuint (days->len, ==, g_date_get_day (last));

      dnevnik_cache_put_many_async (cache, server, login.profile_id, DNEVNIK_CACHE_KIND_DIARY_DAY,
                                    days, NULL, dnevnik_test_loop_result_cb, &result);
      dnevnik_test_loop_await (&result);
      g_assert_true (dnevnik_cache_put_many_finish (cache, result, &error));
      g_assert_no_error (error);

      for (guint i = 0; i < days->len; i++)
        g_ptr_array_add (year, dnevnik_cache_entry_copy (g_ptr_array_index (days, i)));
      g_date_add_months (month, 1);
    }
  g_assert_cmpuint (year->len, ==, 273);
  cache_close (cache);
  cache_destroy (cache);

  /* Offline, a new session: every week of the year is there, as sent. */
  dnevnik_test_sandbox_stop (get_sandbox ());
  cache = dnevnik_cache_new (fixture->path);
  g_assert_cmpint (cache_open (cache), ==, DNEVNIK_CACHE_OPEN_NONE);
  for (guint index = 0; g_date_compare (week, end) <= 0; n_weeks++)
    {
      g_autoptr(GDate) sunday = g_date_copy (week);
      g_autofree char *from = day_key (week);
      g_autofree char *to = NULL;
      g_autoptr(GPtrArray) days = NULL;

      g_date_add_days (sunday, 6);
      to = day_key (sunday);
      days = cache_get_range_full (cache, server, login.profile_id, from, to);
      for (guint i = 0; i < days->len; i++, index++)
        {
          DnevnikCacheEntry *got = g_ptr_array_index (days, i);
          DnevnikCacheEntry *sent = g_ptr_array_index (year, index);

          g_assert_cmpstr (got->key, ==, sent->key);
          g_assert_cmpstr (got->json, ==, sent->json);
          if (strstr (got->json, "\"subject\"") != NULL)
            n_lessons++;
        }
      g_date_add_days (week, 7);
    }
  g_assert_cmpuint (n_weeks, ==, 40);
  g_assert_cmpuint (n_lessons, >, 100);
  cache_destroy (cache);
  dnevnik_test_sandbox_restart (get_sandbox ());

  login_clear (&login);
}


int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cache/sandbox/no-tokens", test_sandbox_no_tokens);
  cache_file_test_add ("/cache/sandbox/whole-year", test_sandbox_whole_year);

  status = g_test_run ();
  g_clear_pointer (&sandbox, dnevnik_test_sandbox_free);

  return status;
}
