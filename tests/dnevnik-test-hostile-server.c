/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "dnevnik-sandbox-json.h"
#include "dnevnik-test-hostile-server.h"

#define CHUNK_SIZE (64 * 1024)

struct _DnevnikTestHostileServer
{
  GObject parent_instance;

  /* owned */
  SoupServer             *server;
  SoupServer             *elsewhere;
  char                   *url;
  char                   *elsewhere_url;
  char                   *link_status;
  GHashTable             *hits;      /* path → count */

  DnevnikTestHostileMode  mode;
  guint64                 bytes_written;
  guint                   replies_done;
  guint                   elsewhere_hits;
};

G_DEFINE_FINAL_TYPE (DnevnikTestHostileServer, dnevnik_test_hostile_server, G_TYPE_OBJECT)

/* An endless reply, written one chunk after the other. */
typedef struct
{
  DnevnikTestHostileServer *self;
  guint64                   appended;
} Stream;

static const char *
text_or (DnevnikTestHostileServer *self,
         const char               *normal)
{
  return self->mode == DNEVNIK_TEST_HOSTILE_SPOOFED_TEXT ? DNEVNIK_TEST_HOSTILE_TEXT : normal;
}

/* A member whose value the SPOOFED_TEXT mode replaces. */
typedef struct
{
  const char *member;
  const char *value;
  gboolean    spoofable;
} Field;

static void
add_fields (DnevnikTestHostileServer *self,
            JsonBuilder              *builder,
            const Field              *fields,
            gsize                     n_fields)
{
  for (gsize i = 0; i < n_fields; i++)
    dnevnik_sandbox_json_add_string (builder, fields[i].member,
                                     fields[i].spoofable ? text_or (self, fields[i].value) : fields[i].value);
}

static char *
builder_to_data (JsonBuilder *builder,
                 gsize       *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, length);
}

/* Appends @size bytes of whitespace: valid inside a JSON array. */
static void
append_spaces (SoupMessageBody *body,
               gsize            size)
{
  char *chunk = g_malloc (size);

  memset (chunk, ' ', size);
  soup_message_body_append_take (body, (guchar *) chunk, size);
}

static void
reply_json (SoupServerMessage *message,
            guint              status,
            JsonBuilder       *builder)
{
  gsize length;
  char *text = builder_to_data (builder, &length);

  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_TAKE, text, length);
}

static void
reply_error (SoupServerMessage *message,
             guint              status,
             const char        *code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  dnevnik_sandbox_json_add_string (builder, "code", code);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  reply_json (message, status, builder);
}

static void
reply_redirect (SoupServerMessage *message,
                const char        *location)
{
  soup_server_message_set_redirect (message, SOUP_STATUS_FOUND, location);
}

static void
build_auth (JsonBuilder *builder)
{
  json_builder_begin_object (builder);
  dnevnik_sandbox_json_add_string (builder, "access_token", "hostile-access");
  dnevnik_sandbox_json_add_string (builder, "refresh_token", "hostile-refresh");
  dnevnik_sandbox_json_add_string (builder, "token_type", "Bearer");
  dnevnik_sandbox_json_add_int (builder, "expires_in", 900);
  dnevnik_sandbox_json_add_string (builder, "profile_id", "1001");
  json_builder_end_object (builder);
}

static void
build_profile (DnevnikTestHostileServer *self,
               JsonBuilder              *builder)
{
  static const Field fields[] = {
    { "id", "1001", FALSE },
    { "login", "ivan", TRUE },
    { "first_name", "Иван", TRUE },
    { "last_name", "Петров", TRUE },
    { "middle_name", "Сергеевич", TRUE },
    { "school", "ГБОУ Школа № 1535", TRUE },
    { "class_name", "8 «Б»", TRUE },
  };

  json_builder_begin_object (builder);
  add_fields (self, builder, fields, G_N_ELEMENTS (fields));
  json_builder_end_object (builder);
}

static void
build_lesson (DnevnikTestHostileServer *self,
              JsonBuilder              *builder,
              const char               *date,
              guint                     number)
{
  g_autofree char *id = g_strdup_printf ("l-%s-%u", date, number);

  json_builder_begin_object (builder);
  dnevnik_sandbox_json_add_string (builder, "id", id);
  dnevnik_sandbox_json_add_int (builder, "number", MIN (number, 100));
  dnevnik_sandbox_json_add_string (builder, "subject", text_or (self, "Алгебра"));
  dnevnik_sandbox_json_add_string (builder, "start_time", "08:30");
  dnevnik_sandbox_json_add_string (builder, "end_time", "09:15");
  /* A lesson of a hostile list is as small as the API allows. */
  if (self->mode == DNEVNIK_TEST_HOSTILE_MANY_LESSONS)
    {
      json_builder_end_object (builder);
      return;
    }

  dnevnik_sandbox_json_add_string (builder, "room", text_or (self, "204"));
  dnevnik_sandbox_json_add_string (builder, "teacher", text_or (self, "Иванова Анна Павловна"));
  json_builder_set_member_name (builder, "homework");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, text_or (self, "№ 512, 514"));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "marks");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  dnevnik_sandbox_json_add_string (builder, "value", text_or (self, "5"));
  dnevnik_sandbox_json_add_int (builder, "weight", 1);
  dnevnik_sandbox_json_add_string (builder, "comment", text_or (self, "Контрольная работа"));
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  guint year, month, day;

  if (text == NULL || sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

static void
handle_diary (DnevnikTestHostileServer *self,
              SoupServerMessage        *message,
              GHashTable               *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GDate from, to, day;

  if (query == NULL ||
      !parse_date (g_hash_table_lookup (query, "from"), &from) ||
      !parse_date (g_hash_table_lookup (query, "to"), &to) ||
      g_date_compare (&from, &to) > 0)
    {
      reply_error (message, SOUP_STATUS_BAD_REQUEST, "bad_range");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "days");
  json_builder_begin_array (builder);
  for (day = from; g_date_compare (&day, &to) <= 0; g_date_add_days (&day, 1))
    {
      char date[16];
      guint lessons;

      g_date_strftime (date, sizeof date, "%Y-%m-%d", &day);
      lessons = self->mode == DNEVNIK_TEST_HOSTILE_MANY_LESSONS && g_date_compare (&day, &from) == 0
                ? DNEVNIK_TEST_HOSTILE_MANY : 1;

      json_builder_begin_object (builder);
      dnevnik_sandbox_json_add_string (builder, "date", date);
      dnevnik_sandbox_json_add_bool (builder, "holiday", FALSE);
      json_builder_set_member_name (builder, "lessons");
      json_builder_begin_array (builder);
      for (guint i = 1; i <= lessons; i++)
        build_lesson (self, builder, date, i);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  reply_json (message, SOUP_STATUS_OK, builder);
}

static guint
list_length (DnevnikTestHostileServer *self)
{
  return self->mode == DNEVNIK_TEST_HOSTILE_MANY_ITEMS ? DNEVNIK_TEST_HOSTILE_MANY : 1;
}

typedef void (*BuildElement) (DnevnikTestHostileServer *self,
                              JsonBuilder              *builder,
                              guint                     index);

/* {"MEMBER": [@length elements]}. */
static void
build_list (DnevnikTestHostileServer *self,
            JsonBuilder              *builder,
            const char               *member,
            guint                     length,
            BuildElement              build_element)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < length; i++)
    {
      json_builder_begin_object (builder);
      build_element (self, builder, i);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
build_library_item (DnevnikTestHostileServer *self,
                    JsonBuilder              *builder,
                    guint                     index)
{
  static const Field fields[] = {
    { "title", "Физика. 8 класс", TRUE },
    { "subject", "Физика", TRUE },
    { "kind", "textbook", TRUE },
    { "url", "https://lib.example/b1", FALSE },
  };
  g_autofree char *id = g_strdup_printf ("b%u", index);

  dnevnik_sandbox_json_add_string (builder, "id", id);
  add_fields (self, builder, fields, G_N_ELEMENTS (fields));
}

/* What the other origin serves: never to be shown. */
static void
build_elsewhere_item (DnevnikTestHostileServer *self,
                      JsonBuilder              *builder,
                      guint                     index)
{
  static const Field fields[] = {
    { "id", "elsewhere", FALSE },
    { "title", "Data from another origin", FALSE },
    { "subject", "Elsewhere", FALSE },
    { "kind", "textbook", FALSE },
    { "url", "https://evil.example/", FALSE },
  };

  add_fields (self, builder, fields, G_N_ELEMENTS (fields));
}

static void
build_achievement (DnevnikTestHostileServer *self,
                   JsonBuilder              *builder,
                   guint                     index)
{
  static const Field fields[] = {
    { "title", "Олимпиада по физике", TRUE },
    { "date", "2026-03-14", FALSE },
    { "level", "regional", TRUE },
    { "kind", "olympiad", TRUE },
  };
  g_autofree char *id = g_strdup_printf ("a%u", index);

  dnevnik_sandbox_json_add_string (builder, "id", id);
  add_fields (self, builder, fields, G_N_ELEMENTS (fields));
}

static void
build_link_event (DnevnikTestHostileServer *self,
                  JsonBuilder              *builder,
                  guint                     index)
{
  dnevnik_sandbox_json_add_string (builder, "kind", index % 2 == 0 ? "unlinked" : "linked");
  dnevnik_sandbox_json_add_string (builder, "at", "2026-09-01T10:15:00+03:00");
  dnevnik_sandbox_json_add_string (builder, "account_id", "7003921845");
}

static void
reply_list (DnevnikTestHostileServer *self,
            SoupServerMessage        *message,
            const char               *member,
            BuildElement              build_element)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  build_list (self, builder, member, list_length (self), build_element);
  reply_json (message, SOUP_STATUS_OK, builder);
}

static void
on_stream_wrote_body_data_cb (SoupServerMessage *message,
                              guint              size,
                              Stream            *stream)
{
  stream->self->bytes_written += size;
}

/* Appends the next chunk only once the previous one is written: what the
 * server has sent is then what the client took, give or take the socket
 * buffers. */
static void
on_stream_wrote_chunk_cb (SoupServerMessage *message,
                          Stream            *stream)
{
  SoupMessageBody *body = soup_server_message_get_response_body (message);

  if (stream->appended >= DNEVNIK_TEST_HOSTILE_ENDLESS_STOP)
    {
      soup_message_body_append (body, SOUP_MEMORY_STATIC, "]}", 2);
      soup_message_body_complete (body);
      return;
    }

  /* Whitespace inside the array: valid JSON for as long as it lasts. */
  append_spaces (body, CHUNK_SIZE);
  stream->appended += CHUNK_SIZE;
}

static void
on_stream_finished_cb (SoupServerMessage *message,
                       Stream            *stream)
{
  stream->self->replies_done++;
}

static void
reply_endless (DnevnikTestHostileServer *self,
               SoupServerMessage        *message)
{
  SoupMessageBody *body = soup_server_message_get_response_body (message);
  Stream *stream = g_new0 (Stream, 1);

  stream->self = self;
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (message),
                                         "application/json", NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (message),
                                     SOUP_ENCODING_CHUNKED);
  /* Written chunks are dropped, not kept for a body nobody will read. */
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, "{\"items\": [", 11);

  g_signal_connect (message, "wrote-body-data", G_CALLBACK (on_stream_wrote_body_data_cb), stream);
  g_signal_connect (message, "wrote-chunk", G_CALLBACK (on_stream_wrote_chunk_cb), stream);
  g_signal_connect (message, "finished", G_CALLBACK (on_stream_finished_cb), stream);
  g_object_set_data_full (G_OBJECT (message), "dnevnik-test-stream", stream, g_free);
}

/* A valid library, padded with whitespace to a little under the client's
 * 4 MiB cap, sent in chunks with no length announced. */
static void
reply_near_cap (DnevnikTestHostileServer *self,
                SoupServerMessage        *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  SoupMessageBody *body = soup_server_message_get_response_body (message);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *library = NULL;
  gsize length, padding = 4 * 1024 * 1024 - 4096;

  build_list (self, builder, "items", list_length (self), build_library_item);
  library = builder_to_data (builder, &length);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  while (padding > 0)
    {
      gsize size = MIN (padding, CHUNK_SIZE);

      append_spaces (body, size);
      padding -= size;
    }
  soup_message_body_append (body, SOUP_MEMORY_COPY, library, length);
  soup_message_body_complete (body);
}

static void
handle_library (DnevnikTestHostileServer *self,
                SoupServerMessage        *message,
                GHashTable               *query)
{
  g_autofree char *location = NULL;
  GUri *uri = soup_server_message_get_uri (message);
  const char *loop = query != NULL ? g_hash_table_lookup (query, "loop") : NULL;

  switch (self->mode)
    {
    case DNEVNIK_TEST_HOSTILE_ENDLESS_CHUNKED:
      reply_endless (self, message);
      return;

    case DNEVNIK_TEST_HOSTILE_NEAR_CAP:
      reply_near_cap (self, message);
      return;

    case DNEVNIK_TEST_HOSTILE_REDIRECT_OTHER_HOST:
      location = g_strconcat (self->elsewhere_url, "/api/v1/library", NULL);
      reply_redirect (message, location);
      return;

    case DNEVNIK_TEST_HOSTILE_REDIRECT_OTHER_SCHEME:
      location = g_strdup_printf ("https://%s:%d/api/v1/library", g_uri_get_host (uri), g_uri_get_port (uri));
      reply_redirect (message, location);
      return;

    case DNEVNIK_TEST_HOSTILE_REDIRECT_SAME_ORIGIN:
      if (query == NULL || g_hash_table_lookup (query, "moved") == NULL)
        {
          reply_redirect (message, "/api/v1/library?moved=1");
          return;
        }
      break;

    case DNEVNIK_TEST_HOSTILE_REDIRECT_LOOP:
      location = g_strdup_printf ("/api/v1/library?loop=%u",
                                  loop != NULL ? (guint) g_ascii_strtoull (loop, NULL, 10) + 1 : 1);
      reply_redirect (message, location);
      return;

    case DNEVNIK_TEST_HOSTILE_NONE:
    case DNEVNIK_TEST_HOSTILE_MANY_LESSONS:
    case DNEVNIK_TEST_HOSTILE_MANY_ITEMS:
    case DNEVNIK_TEST_HOSTILE_SPOOFED_TEXT:
    default:
      break;
    }

  reply_list (self, message, "items", build_library_item);
}

static void
count_hit (DnevnikTestHostileServer *self,
           const char               *path)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->hits, path));

  g_hash_table_replace (self->hits, g_strdup (path), GUINT_TO_POINTER (count + 1));
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  DnevnikTestHostileServer *self = user_data;
  const char *method = soup_server_message_get_method (message);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  count_hit (self, path);

  if (g_str_equal (path, "/api/v1/auth/login") || g_str_equal (path, "/api/v1/auth/refresh"))
    {
      build_auth (builder);
      reply_json (message, SOUP_STATUS_OK, builder);
    }
  else if (g_str_equal (path, "/api/v1/auth/logout"))
    soup_server_message_set_status (message, SOUP_STATUS_NO_CONTENT, NULL);
  else if (g_str_equal (path, "/api/v1/profile"))
    {
      build_profile (self, builder);
      reply_json (message, SOUP_STATUS_OK, builder);
    }
  else if (g_str_equal (path, "/api/v1/diary"))
    handle_diary (self, message, query);
  else if (g_str_equal (path, "/api/v1/library"))
    handle_library (self, message, query);
  else if (g_str_equal (path, "/api/v1/portfolio"))
    reply_list (self, message, "achievements", build_achievement);
  else if (g_str_equal (path, "/api/v1/sferum/link") && g_str_equal (method, "GET"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                        self->link_status, strlen (self->link_status));
    }
  else if (g_str_equal (path, "/api/v1/sferum/link/history"))
    reply_list (self, message, "events", build_link_event);
  else
    reply_error (message, SOUP_STATUS_NOT_FOUND, "not_found");
}

static void
on_elsewhere_request_cb (SoupServer        *server,
                         SoupServerMessage *message,
                         const char        *path,
                         GHashTable        *query,
                         gpointer           user_data)
{
  DnevnikTestHostileServer *self = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  self->elsewhere_hits++;
  build_list (self, builder, "items", 1, build_elsewhere_item);
  reply_json (message, SOUP_STATUS_OK, builder);
}

/* Listens on an ephemeral port of @address; returns the base URL. */
static char *
listen_on (SoupServer *server,
           const char *address)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (inet, 0);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GError) error = NULL;
  GSList *listeners;

  if (!soup_server_listen (server, socket_address, 0, &error))
    return NULL;

  /* The port from the socket itself: soup_server_get_uris() of libsoup 3.2
   * leaks the local address it looks up for each URI. */
  listeners = soup_server_get_listeners (server);
  g_assert_nonnull (listeners);
  local = g_socket_get_local_address (listeners->data, &error);
  g_slist_free (listeners);
  g_assert_no_error (error);

  return g_strdup_printf ("http://%s:%u", address,
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
}

static void
dnevnik_test_hostile_server_dispose (GObject *object)
{
  DnevnikTestHostileServer *self = (DnevnikTestHostileServer *) object;

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  if (self->elsewhere != NULL)
    soup_server_disconnect (self->elsewhere);
  g_clear_object (&self->server);
  g_clear_object (&self->elsewhere);

  G_OBJECT_CLASS (dnevnik_test_hostile_server_parent_class)->dispose (object);
}

static void
dnevnik_test_hostile_server_finalize (GObject *object)
{
  DnevnikTestHostileServer *self = (DnevnikTestHostileServer *) object;

  g_free (self->url);
  g_free (self->elsewhere_url);
  g_free (self->link_status);
  g_hash_table_unref (self->hits);

  G_OBJECT_CLASS (dnevnik_test_hostile_server_parent_class)->finalize (object);
}

static void
dnevnik_test_hostile_server_class_init (DnevnikTestHostileServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dnevnik_test_hostile_server_dispose;
  object_class->finalize = dnevnik_test_hostile_server_finalize;
}

static void
dnevnik_test_hostile_server_init (DnevnikTestHostileServer *self)
{
  self->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->link_status = g_strdup ("{\"linked\": false}");
}

/**
 * dnevnik_test_hostile_server_new:
 *
 * Returns: (transfer full): a server listening on loopback, in mode
 *   %DNEVNIK_TEST_HOSTILE_NONE
 */
DnevnikTestHostileServer *
dnevnik_test_hostile_server_new (void)
{
  DnevnikTestHostileServer *self = g_object_new (DNEVNIK_TEST_TYPE_HOSTILE_SERVER, NULL);

  self->server = soup_server_new ("server-header", "dnevnik-test-hostile ", NULL);
  soup_server_add_handler (self->server, NULL, on_request_cb, self, NULL);
  self->url = listen_on (self->server, "127.0.0.1");
  g_assert_nonnull (self->url);

  self->elsewhere = soup_server_new ("server-header", "dnevnik-test-elsewhere ", NULL);
  soup_server_add_handler (self->elsewhere, NULL, on_elsewhere_request_cb, self, NULL);
  self->elsewhere_url = listen_on (self->elsewhere, "127.0.0.2");
  if (self->elsewhere_url == NULL)
    self->elsewhere_url = listen_on (self->elsewhere, "127.0.0.1");
  g_assert_nonnull (self->elsewhere_url);

  return self;
}

const char *
dnevnik_test_hostile_server_get_url (DnevnikTestHostileServer *self)
{
  return self->url;
}

/**
 * dnevnik_test_hostile_server_set_mode:
 * @self: a server
 * @mode: how to attack from now on
 *
 * Also resets the counters.
 */
void
dnevnik_test_hostile_server_set_mode (DnevnikTestHostileServer *self,
                                      DnevnikTestHostileMode    mode)
{
  self->mode = mode;
  self->bytes_written = 0;
  self->replies_done = 0;
  self->elsewhere_hits = 0;
  g_hash_table_remove_all (self->hits);
}

/**
 * dnevnik_test_hostile_server_set_link_status:
 * @self: a server
 * @json: the body of every `GET /api/v1/sferum/link` reply from now on
 */
void
dnevnik_test_hostile_server_set_link_status (DnevnikTestHostileServer *self,
                                             const char               *json)
{
  g_free (self->link_status);
  self->link_status = g_strdup (json);
}

/* Body bytes of endless replies written to the socket so far. */
guint64
dnevnik_test_hostile_server_get_bytes_written (DnevnikTestHostileServer *self)
{
  return self->bytes_written;
}

/* Endless replies that are over: finished, or the client hung up. */
guint
dnevnik_test_hostile_server_get_replies_done (DnevnikTestHostileServer *self)
{
  return self->replies_done;
}

guint
dnevnik_test_hostile_server_get_hits (DnevnikTestHostileServer *self,
                                      const char               *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->hits, path));
}

guint
dnevnik_test_hostile_server_get_elsewhere_hits (DnevnikTestHostileServer *self)
{
  return self->elsewhere_hits;
}
