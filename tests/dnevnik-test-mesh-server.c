/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "dnevnik-test-mesh-server.h"

struct _DnevnikTestMeshServer
{
  GObject parent_instance;

  SoupServer            *server;
  char                  *url;
  DnevnikTestMeshReplay  replay;
  GHashTable            *tokens;      /* the tokens it accepts */
  GHashTable            *hits;        /* path → requests */
  guint                  total_hits;
  GPtrArray             *violations;  /* NULL-terminated descriptions */
  guint                  minted;
};

G_DEFINE_FINAL_TYPE (DnevnikTestMeshServer, dnevnik_test_mesh_server, G_TYPE_OBJECT)

#define SESSIONS_PATH "/api/ej/acl/v1/sessions"
#define PROFILE_PATH  "/api/family/web/v1/profile"
#define EVENTS_PATH   "/api/eventcalendar/v1/api/events"
#define REFRESH_PATH  "/v2/token/refresh"
#define SIGN_IN_PATH  "/sign-in"

/* A sign-in page of the kind the diary's is to an embedded view: a form,
 * and after its post the token as a cookie of the host. */
#define SIGN_IN_FORM \
  "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Вход</title></head><body>" \
  "<form id=\"sign-in\" method=\"post\" action=\"/sign-in\">" \
  "<input id=\"login\" name=\"login\"><input id=\"password\" name=\"password\" type=\"password\">" \
  "<button type=\"submit\">Войти</button></form></body></html>"
#define SIGNED_IN_PAGE \
  "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Дневник</title></head>" \
  "<body><p>Дневник</p></body></html>"

#define MULTIPLE_BEARER "{\"message\": \"Found multiple bearer tokens\"}"

static GBytes *
read_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "mesh", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("Cannot read the fixture %s: %s", path, error->message);

  return g_bytes_new_take (contents, length);
}

static void
reply_bytes (SoupServerMessage *message,
             guint              status,
             const char        *content_type,
             GBytes            *body)
{
  gsize length;
  gconstpointer data = g_bytes_get_data (body, &length);

  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY, data, length);
}

static void
reply_text (SoupServerMessage *message,
            guint              status,
            const char        *content_type,
            const char        *text)
{
  g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));

  reply_bytes (message, status, content_type, body);
}

static void
reply_fixture (SoupServerMessage *message,
               guint              status,
               const char        *name)
{
  g_autoptr(GBytes) body = read_fixture (name);

  reply_bytes (message, status, g_str_has_suffix (name, ".html") ? "text/html; charset=utf-8" : "application/json",
               body);
}

static void
note_violation (DnevnikTestMeshServer *self,
                const char            *path,
                const char            *what)
{
  g_ptr_array_insert (self->violations, self->violations->len - 1, g_strdup_printf ("%s: %s", path, what));
}

static char *
base64url (const char *text)
{
  char *encoded = g_base64_encode ((const guchar *) text, strlen (text));
  char *end;

  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');
  end = strchr (encoded, '=');
  if (end != NULL)
    *end = '\0';

  return encoded;
}

/* Whether the request carries one valid token, once, as the platform
 * wants it; otherwise it is answered here. */
static gboolean
check_token (DnevnikTestMeshServer *self,
             SoupServerMessage     *message,
             const char            *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *authorization = soup_message_headers_get_list (headers, "Authorization");
  const char *cookie = soup_message_headers_get_list (headers, "Cookie");

  if ((authorization != NULL && cookie != NULL && strstr (cookie, "aupd_token=") != NULL) ||
      (authorization != NULL && strchr (authorization, ',') != NULL))
    {
      note_violation (self, path, "the token was sent more than once");
      reply_text (message, SOUP_STATUS_UNAUTHORIZED, "application/json", MULTIPLE_BEARER);
      return FALSE;
    }

  if (authorization == NULL || !g_str_has_prefix (authorization, "Bearer ") ||
      self->replay == DNEVNIK_TEST_MESH_REPLAY_EXPIRED ||
      !g_hash_table_contains (self->tokens, authorization + strlen ("Bearer ")))
    {
      reply_text (message, SOUP_STATUS_UNAUTHORIZED, "application/json", "{\"message\": \"Unauthorized\"}");
      return FALSE;
    }

  return TRUE;
}

/* Whether the web API's headers are there: the subsystem, the profile
 * and, for the events, the role. */
static gboolean
check_web_headers (DnevnikTestMeshServer *self,
                   SoupServerMessage     *message,
                   const char            *path,
                   gboolean               as_student)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *problem = NULL;

  if (g_strcmp0 (soup_message_headers_get_one (headers, "X-Mes-Subsystem"), "familyweb") != 0)
    problem = "X-Mes-Subsystem is not familyweb";
  else if (g_strcmp0 (soup_message_headers_get_one (headers, "Profile-Id"), DNEVNIK_TEST_MESH_PROFILE_ID) != 0)
    problem = "Profile-Id is not the student's";
  else if (as_student && g_strcmp0 (soup_message_headers_get_one (headers, "X-Mes-Role"), "student") != 0)
    problem = "X-Mes-Role is not student";

  if (problem == NULL)
    return TRUE;

  note_violation (self, path, problem);
  reply_text (message, SOUP_STATUS_BAD_REQUEST, "application/json", "{\"message\": \"Bad request\"}");
  return FALSE;
}

static void
handle_sessions (DnevnikTestMeshServer *self,
                 SoupServerMessage     *message)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  const char *token = NULL;

  if (json_parser_load_from_data (parser, body->data, body->length, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    token = json_object_get_string_member_with_default (json_node_get_object (root), "auth_token", NULL);

  if (token == NULL || self->replay == DNEVNIK_TEST_MESH_REPLAY_EXPIRED ||
      !g_hash_table_contains (self->tokens, token))
    {
      reply_text (message, SOUP_STATUS_UNAUTHORIZED, "application/json", "{\"message\": \"Unauthorized\"}");
      return;
    }

  reply_fixture (message, SOUP_STATUS_OK, "sessions.json");
}

static void
handle_events (DnevnikTestMeshServer *self,
               SoupServerMessage     *message,
               GHashTable            *query)
{
  const char *person = query != NULL ? g_hash_table_lookup (query, "person_ids") : NULL;

  if (g_strcmp0 (person, DNEVNIK_TEST_MESH_PERSON_ID) != 0 ||
      g_hash_table_lookup (query, "begin_date") == NULL || g_hash_table_lookup (query, "end_date") == NULL)
    {
      note_violation (self, EVENTS_PATH, "not the student's person_ids or no dates");
      reply_text (message, SOUP_STATUS_BAD_REQUEST, "application/json", "{\"message\": \"Bad request\"}");
      return;
    }

  if (self->replay == DNEVNIK_TEST_MESH_REPLAY_HTML_200)
    reply_fixture (message, SOUP_STATUS_OK, "forbidden.html");
  else if (self->replay == DNEVNIK_TEST_MESH_REPLAY_MISSING_FIELDS)
    reply_fixture (message, SOUP_STATUS_OK, "events-missing-fields.json");
  else
    reply_fixture (message, SOUP_STATUS_OK, "events.json");
}

static void
handle_refresh (DnevnikTestMeshServer *self,
                SoupServerMessage     *message,
                GHashTable            *query)
{
  g_autofree char *token = NULL;

  if (query == NULL || g_strcmp0 (g_hash_table_lookup (query, "roleId"), "2") != 0 ||
      g_strcmp0 (g_hash_table_lookup (query, "subsystem"), "2") != 0)
    {
      note_violation (self, REFRESH_PATH, "not roleId=2&subsystem=2");
      reply_text (message, SOUP_STATUS_BAD_REQUEST, "application/json", "{\"message\": \"Bad request\"}");
      return;
    }

  token = dnevnik_test_mesh_server_mint_token (self, 24 * 60 * 60);
  reply_text (message, SOUP_STATUS_OK, "text/plain", token);
}

/* GET: the form.  POST with a login and a password: the token as the
 * `aupd_token` cookie of this host, and the diary's home page. */
static void
handle_sign_in (DnevnikTestMeshServer *self,
                SoupServerMessage     *message)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *token = NULL;
  g_autofree char *cookie = NULL;

  if (g_str_equal (soup_server_message_get_method (message), "GET"))
    {
      reply_text (message, SOUP_STATUS_OK, "text/html; charset=utf-8", SIGN_IN_FORM);
      return;
    }

  if (body->data != NULL)
    {
      g_autofree char *text = g_strndup (body->data, body->length);

      form = soup_form_decode (text);
    }
  if (form == NULL || g_strcmp0 (g_hash_table_lookup (form, "login"), "") == 0 ||
      g_hash_table_lookup (form, "login") == NULL || g_hash_table_lookup (form, "password") == NULL)
    {
      reply_text (message, SOUP_STATUS_OK, "text/html; charset=utf-8", SIGN_IN_FORM);
      return;
    }

  token = dnevnik_test_mesh_server_mint_token (self, 24 * 60 * 60);
  cookie = g_strdup_printf ("aupd_token=%s; Path=/; HttpOnly", token);
  soup_message_headers_append (soup_server_message_get_response_headers (message), "Set-Cookie", cookie);
  reply_text (message, SOUP_STATUS_OK, "text/html; charset=utf-8", SIGNED_IN_PAGE);
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           data)
{
  DnevnikTestMeshServer *self = data;
  const char *method = soup_server_message_get_method (message);
  guint hits = GPOINTER_TO_UINT (g_hash_table_lookup (self->hits, path));

  g_hash_table_replace (self->hits, g_strdup (path), GUINT_TO_POINTER (hits + 1));
  self->total_hits++;

  if (self->replay == DNEVNIK_TEST_MESH_REPLAY_HTML_403)
    {
      reply_fixture (message, SOUP_STATUS_FORBIDDEN, "forbidden.html");
      return;
    }
  if (self->replay == DNEVNIK_TEST_MESH_REPLAY_MULTIPLE_BEARER)
    {
      reply_text (message, SOUP_STATUS_UNAUTHORIZED, "application/json", MULTIPLE_BEARER);
      return;
    }

  if (g_str_equal (path, SESSIONS_PATH) && g_str_equal (method, "POST"))
    {
      handle_sessions (self, message);
    }
  else if (g_str_equal (path, PROFILE_PATH) && g_str_equal (method, "GET"))
    {
      if (check_token (self, message, path) && check_web_headers (self, message, path, FALSE))
        reply_fixture (message, SOUP_STATUS_OK,
                       self->replay == DNEVNIK_TEST_MESH_REPLAY_MISSING_FIELDS ? "family-profile-missing-fields.json"
                                                                               : "family-profile.json");
    }
  else if (g_str_equal (path, EVENTS_PATH) && g_str_equal (method, "GET"))
    {
      if (check_token (self, message, path) && check_web_headers (self, message, path, TRUE))
        handle_events (self, message, query);
    }
  else if (g_str_equal (path, SIGN_IN_PATH))
    {
      handle_sign_in (self, message);
    }
  else if (g_str_equal (path, REFRESH_PATH) && g_str_equal (method, "GET"))
    {
      if (check_token (self, message, path))
        handle_refresh (self, message, query);
    }
  else
    {
      note_violation (self, path, "no such path on the platform");
      reply_fixture (message, SOUP_STATUS_NOT_FOUND, "forbidden.html");
    }
}

static void
dnevnik_test_mesh_server_dispose (GObject *object)
{
  DnevnikTestMeshServer *self = (DnevnikTestMeshServer *) object;

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (dnevnik_test_mesh_server_parent_class)->dispose (object);
}

static void
dnevnik_test_mesh_server_finalize (GObject *object)
{
  DnevnikTestMeshServer *self = (DnevnikTestMeshServer *) object;

  g_free (self->url);
  g_hash_table_unref (self->tokens);
  g_hash_table_unref (self->hits);
  g_ptr_array_unref (self->violations);

  G_OBJECT_CLASS (dnevnik_test_mesh_server_parent_class)->finalize (object);
}

static void
dnevnik_test_mesh_server_class_init (DnevnikTestMeshServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dnevnik_test_mesh_server_dispose;
  object_class->finalize = dnevnik_test_mesh_server_finalize;
}

static void
dnevnik_test_mesh_server_init (DnevnikTestMeshServer *self)
{
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->violations = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->violations, NULL);
}

/**
 * dnevnik_test_mesh_server_new:
 *
 * Returns: (transfer full): a replay server listening on 127.0.0.1
 */
DnevnikTestMeshServer *
dnevnik_test_mesh_server_new (void)
{
  g_autoptr(DnevnikTestMeshServer) self = g_object_new (DNEVNIK_TEST_TYPE_MESH_SERVER, NULL);
  g_autoptr(GInetAddress) inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, 0);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, on_request_cb, self, NULL);
  if (!soup_server_listen (self->server, address, 0, &error))
    g_error ("The replay server cannot listen: %s", error->message);

  uris = soup_server_get_uris (self->server);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return g_steal_pointer (&self);
}

/**
 * dnevnik_test_mesh_server_get_url:
 * @self: a #DnevnikTestMeshServer
 *
 * Returns: (transfer none): its base URL, `http://127.0.0.1:PORT`
 */
const char *
dnevnik_test_mesh_server_get_url (DnevnikTestMeshServer *self)
{
  return self->url;
}

/**
 * dnevnik_test_mesh_server_set_replay:
 * @self: a #DnevnikTestMeshServer
 * @replay: what to answer from now on
 */
void
dnevnik_test_mesh_server_set_replay (DnevnikTestMeshServer *self,
                                     DnevnikTestMeshReplay  replay)
{
  self->replay = replay;
}

/**
 * dnevnik_test_mesh_server_mint_token:
 * @self: a #DnevnikTestMeshServer
 * @lifetime: seconds until its `exp`; negative for one that has expired
 *
 * A token shaped like the platform's `aupd_token` (a JWT, unsigned here),
 * which the server accepts from now on, unless it replays EXPIRED.
 *
 * Returns: (transfer full): the token
 */
char *
dnevnik_test_mesh_server_mint_token (DnevnikTestMeshServer *self,
                                     gint64                 lifetime)
{
  g_autofree char *claims = g_strdup_printf ("{\"sub\": \"%s\", \"jti\": \"%u\", \"exp\": %" G_GINT64_FORMAT "}",
                                             DNEVNIK_TEST_MESH_PROFILE_ID, ++self->minted,
                                             g_get_real_time () / G_USEC_PER_SEC + lifetime);
  g_autofree char *header = base64url ("{\"alg\": \"none\", \"typ\": \"JWT\"}");
  g_autofree char *payload = base64url (claims);
  char *token = g_strconcat (header, ".", payload, ".", "c2lnbmF0dXJl", NULL);

  if (lifetime > 0)
    g_hash_table_add (self->tokens, g_strdup (token));

  return token;
}

/**
 * dnevnik_test_mesh_server_get_hits:
 * @self: a #DnevnikTestMeshServer
 * @path: a path, without its query
 *
 * Returns: how many requests reached @path
 */
guint
dnevnik_test_mesh_server_get_hits (DnevnikTestMeshServer *self,
                                   const char            *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->hits, path));
}

/**
 * dnevnik_test_mesh_server_get_total_hits:
 * @self: a #DnevnikTestMeshServer
 *
 * Returns: how many requests reached the server at all
 */
guint
dnevnik_test_mesh_server_get_total_hits (DnevnikTestMeshServer *self)
{
  return self->total_hits;
}

/**
 * dnevnik_test_mesh_server_get_violations:
 * @self: a #DnevnikTestMeshServer
 *
 * Returns: (transfer none): the requests that broke the platform's rules
 *   (a token sent twice, a missing header, a wrong id, an unknown path),
 *   one description each; empty when the client behaved
 */
const char * const *
dnevnik_test_mesh_server_get_violations (DnevnikTestMeshServer *self)
{
  return (const char * const *) self->violations->pdata;
}
