/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dnevnik-phone.h"
#include "dnevnik-sandbox-auth.h"
#include "dnevnik-sandbox-crypto.h"
#include "dnevnik-sandbox-demo.h"
#include "dnevnik-sandbox-error.h"
#include "dnevnik-sandbox-json.h"
#include "dnevnik-sandbox-link.h"
#include "dnevnik-sandbox-server.h"
#include "dnevnik-sandbox-time.h"

/* The HTTP side of the sandbox: routing, JSON in and out, faults.
 *
 * A request becomes a Call.  Every Call ends in call_finish(), which sends
 * the reply (cut in half for a "truncated" fault) and unpauses the message
 * if it was paused; so a handler that waits (a "delay" fault, a login whose
 * key derivation runs in a thread) pauses its message and the main loop
 * goes on serving others.
 */

#define MAX_DIARY_DAYS 366

struct _DnevnikSandboxServer
{
  GObject                 parent_instance;

  DnevnikSandboxSettings  settings;
  DnevnikSandboxLinkRules link_rules;

  /* owned */
  SoupServer             *soup;
  DnevnikSandboxDb       *db;        /* NULL once shut down */
  DnevnikSandboxFaults   *faults;
  GPtrArray              *waiting;   /* of Call, paused */
};

G_DEFINE_FINAL_TYPE (DnevnikSandboxServer, dnevnik_sandbox_server, G_TYPE_OBJECT)

typedef struct _Call Call;

/* A handler adds the JSON of its reply to @reply (nothing: an empty body)
 * and may set call->status (200 by default); it returns FALSE with @error
 * to answer with that error instead.  A handler that answers later, from
 * a callback, sets call->deferred. */
typedef gboolean (*Handler) (DnevnikSandboxServer  *self,
                             Call                  *call,
                             JsonBuilder           *reply,
                             GError               **error);

typedef enum
{
  ROUTE_TOKEN = 1 << 0,   /* needs a live access token */
  ROUTE_BODY  = 1 << 1,   /* needs a JSON object body */
  ROUTE_WRITE = 1 << 2,   /* changes state: runs in one transaction */
} RouteFlags;

typedef struct
{
  const char *method;
  const char *path;
  RouteFlags  flags;
  Handler     handler;
} Route;

struct _Call
{
  DnevnikSandboxServer *self;        /* borrowed: the server outlives its calls */
  SoupServerMessage    *msg;
  char                 *path;
  GHashTable           *query;
  const Route          *route;
  JsonNode             *body;        /* of ROUTE_BODY routes */
  char                 *token;       /* of ROUTE_TOKEN routes */
  char                 *account_id;  /* of ROUTE_TOKEN routes */
  guint                 status;      /* of a successful reply */
  gboolean              deferred;    /* the handler answers later */
  gboolean              truncate;
  gboolean              paused;
  gboolean              gone;        /* the message finished without us */
  guint                 timeout_id;
};

/* --- calls ------------------------------------------------------------------------ */

static void
on_message_finished_cb (SoupServerMessage *msg,
                        Call              *call)
{
  call->gone = TRUE;
}

static Call *
call_new (DnevnikSandboxServer *self,
          SoupServerMessage    *msg,
          const char           *path,
          GHashTable           *query)
{
  Call *call = g_new0 (Call, 1);

  call->self = self;
  call->msg = g_object_ref (msg);
  call->path = g_strdup (path);
  call->query = query != NULL ? g_hash_table_ref (query) : NULL;
  return call;
}

static void
call_free (Call *call)
{
  g_clear_handle_id (&call->timeout_id, g_source_remove);
  g_signal_handlers_disconnect_by_func (call->msg, on_message_finished_cb, call);
  g_clear_object (&call->msg);
  g_clear_pointer (&call->query, g_hash_table_unref);
  g_clear_pointer (&call->body, json_node_unref);
  g_free (call->path);
  g_free (call->token);
  g_free (call->account_id);
  g_free (call);
}

static void
call_pause (Call *call)
{
  g_assert (!call->paused);

  call->paused = TRUE;
  g_ptr_array_add (call->self->waiting, call);
  g_signal_connect (call->msg, "finished", G_CALLBACK (on_message_finished_cb), call);
  soup_server_message_pause (call->msg);
}

/* Sends what the handler put into the message, and frees @call. */
static void
call_finish (Call *call)
{
  if (call->truncate)
    {
      SoupMessageBody *body = soup_server_message_get_response_body (call->msg);
      g_autoptr(GBytes) whole = soup_message_body_flatten (body);
      gsize half = g_bytes_get_size (whole) / 2;

      soup_message_body_truncate (body);
      soup_message_body_append (body, SOUP_MEMORY_COPY, g_bytes_get_data (whole, NULL), half);
      soup_message_headers_set_content_length (soup_server_message_get_response_headers (call->msg), half);
    }

  if (call->paused)
    {
      g_ptr_array_remove_fast (call->self->waiting, call);
      if (!call->gone)
        soup_server_message_unpause (call->msg);
    }

  call_free (call);
}

static void
reply_json (Call     *call,
            guint     status,
            JsonNode *root)
{
  char *text = json_to_string (root, FALSE);

  soup_server_message_set_status (call->msg, status, NULL);
  soup_server_message_set_response (call->msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
  call_finish (call);
}

static void
reply_empty (Call  *call,
             guint  status)
{
  soup_server_message_set_status (call->msg, status, NULL);
  call_finish (call);
}

static JsonBuilder *
error_builder (const GError *error)
{
  JsonBuilder *builder = json_builder_new ();
  gint64 retry_after = dnevnik_sandbox_error_get_retry_after (error);
  int attempts_left = dnevnik_sandbox_error_get_attempts_left (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, dnevnik_sandbox_error_get_code (error));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  if (retry_after >= 0)
    {
      json_builder_set_member_name (builder, "retry_after");
      json_builder_add_int_value (builder, retry_after);
    }
  if (attempts_left >= 0)
    {
      json_builder_set_member_name (builder, "attempts_left");
      json_builder_add_int_value (builder, attempts_left);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return builder;
}

static void
reply_error (Call         *call,
             const GError *error)
{
  g_autoptr(JsonBuilder) builder = error_builder (error);
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  guint status = dnevnik_sandbox_error_get_status (error);

  if (status == SOUP_STATUS_INTERNAL_SERVER_ERROR)
    g_message ("%s %s: %s", soup_server_message_get_method (call->msg), call->path, error->message);

  /* Do not keep a connection whose request body may not have been read. */
  if (status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    soup_message_headers_replace (soup_server_message_get_response_headers (call->msg), "Connection", "close");

  reply_json (call, status, root);
}

static void
reply_new_error (Call                *call,
                 DnevnikSandboxError  code,
                 const char          *message)
{
  g_autoptr(GError) error = g_error_new_literal (DNEVNIK_SANDBOX_ERROR, code, message);

  reply_error (call, error);
}

/* --- reading requests -------------------------------------------------------------- */

static gboolean
set_bad_request (GError     **error,
                 const char  *member,
                 const char  *wanted)
{
  g_set_error (error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_BAD_REQUEST,
               "“%s” must be %s", member, wanted);
  return FALSE;
}

static JsonNode *
get_member (Call       *call,
            const char *member)
{
  return json_object_get_member (json_node_get_object (call->body), member);
}

/* A required string member of the body; 400 bad_request otherwise */
static gboolean
get_string (Call        *call,
            const char  *member,
            const char **value,
            GError     **error)
{
  JsonNode *node = get_member (call, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return set_bad_request (error, member, "a string");

  *value = json_node_get_string (node);
  return TRUE;
}

/* An optional number member; @value is left alone when it is missing */
static gboolean
get_number (Call        *call,
            const char  *member,
            gboolean     integer,
            double       min,
            double       max,
            double      *value,
            GError     **error)
{
  JsonNode *node = get_member (call, member);
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE && !integer)
    *value = json_node_get_double (node);
  else
    return set_bad_request (error, member, integer ? "an integer" : "a number");

  if (*value < min || *value > max)
    return set_bad_request (error, member, "in range");

  return TRUE;
}

static gboolean
parse_body (Call    *call,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (call->msg));
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size == 0 || !json_parser_load_from_data (parser, data, size, &local_error))
    {
      g_set_error (error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_BAD_REQUEST,
                   "The body is not JSON: %s", local_error != NULL ? local_error->message : "empty");
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_BAD_REQUEST,
                           "The body must be a JSON object");
      return FALSE;
    }

  call->body = json_node_ref (json_parser_get_root (parser));
  return TRUE;
}

static gboolean
authenticate (DnevnikSandboxServer  *self,
              Call                  *call,
              GError               **error)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (call->msg),
                                                     "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0 || header[7] == '\0')
    {
      g_set_error_literal (error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_INVALID_TOKEN,
                           "An “Authorization: Bearer” access token is required");
      return FALSE;
    }

  call->token = g_strdup (header + 7);
  call->account_id = dnevnik_sandbox_auth_check (self->db, call->token, error);
  return call->account_id != NULL;
}

/* Runs @call's change of state in one transaction; a refusal that was
 * written down (a used-up attempt) is kept, an internal error is not. */
static gboolean
end_transaction (DnevnikSandboxServer  *self,
                 gboolean               ok,
                 GError               **error)
{
  gboolean keep = ok || dnevnik_sandbox_error_get_status (*error) != SOUP_STATUS_INTERNAL_SERVER_ERROR;

  if (!dnevnik_sandbox_db_end (self->db, keep, ok ? error : NULL))
    return FALSE;

  return ok;
}

/* --- running handlers -------------------------------------------------------------- */

/* Sends the outcome of a handler: its JSON, an empty body when it built
 * none, or @error. */
static void
call_reply (Call         *call,
            gboolean      ok,
            JsonBuilder  *reply,
            const GError *error)
{
  g_autoptr(JsonNode) root = NULL;

  if (!ok)
    {
      reply_error (call, error);
      return;
    }

  root = json_builder_get_root (reply);
  if (root == NULL)
    reply_empty (call, call->status);
  else
    reply_json (call, call->status, root);
}

static void
run_handler (DnevnikSandboxServer *self,
             Call                 *call)
{
  g_autoptr(JsonBuilder) reply = json_builder_new ();
  g_autoptr(GError) error = NULL;
  gboolean write = (call->route->flags & ROUTE_WRITE) != 0;
  gboolean ok;

  if (write && !dnevnik_sandbox_db_begin (self->db, &error))
    {
      reply_error (call, error);
      return;
    }

  call->status = SOUP_STATUS_OK;
  ok = call->route->handler (self, call, reply, &error);
  if (write)
    ok = end_transaction (self, ok, &error);

  if (!call->deferred)
    call_reply (call, ok, reply, error);
}

/* --- replies ------------------------------------------------------------------------ */

static void
build_tokens (JsonBuilder                *reply,
              const DnevnikSandboxTokens *tokens)
{
  json_builder_begin_object (reply);
  dnevnik_sandbox_json_add_string (reply, "access_token", tokens->access_token);
  dnevnik_sandbox_json_add_string (reply, "refresh_token", tokens->refresh_token);
  dnevnik_sandbox_json_add_string (reply, "token_type", "Bearer");
  dnevnik_sandbox_json_add_int (reply, "expires_in", tokens->expires_in);
  dnevnik_sandbox_json_add_string (reply, "profile_id", tokens->profile_id);
  json_builder_end_object (reply);
}

static gboolean
build_link_status (DnevnikSandboxServer  *self,
                   Call                  *call,
                   JsonBuilder           *reply,
                   GError               **error)
{
  g_auto(DnevnikSandboxLinkStatus) status = { 0 };

  if (!dnevnik_sandbox_link_get_status (self->db, call->account_id, &status, error))
    return FALSE;

  json_builder_begin_object (reply);
  dnevnik_sandbox_json_add_bool (reply, "linked", status.linked);
  if (status.linked)
    {
      dnevnik_sandbox_json_add_string (reply, "account_id", status.max_account_id);
      dnevnik_sandbox_json_add_string_take (reply, "phone_masked", dnevnik_phone_mask (status.phone));
      dnevnik_sandbox_json_add_string_take (reply, "linked_at", dnevnik_sandbox_format_instant (status.linked_at));
      dnevnik_sandbox_json_add_string_take (reply, "profile_url",
                                            g_strconcat ("https://max.ru/sferum/profile/", status.max_account_id, NULL));
    }
  json_builder_end_object (reply);
  return TRUE;
}

/* {"@member": [ {column: text, …}, … ]} from the rows of @sql, which has
 * @param (if not %NULL) as its one parameter */
static gboolean
build_rows (DnevnikSandboxServer  *self,
            JsonBuilder           *reply,
            const char            *member,
            const char            *sql,
            const char            *param,
            GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok;
  gboolean row;

  stmt = param != NULL ? dnevnik_sandbox_db_query (self->db, error, sql, "s", param)
                       : dnevnik_sandbox_db_query (self->db, error, sql, "");
  if (stmt == NULL)
    return FALSE;

  json_builder_begin_object (reply);
  json_builder_set_member_name (reply, member);
  json_builder_begin_array (reply);
  while ((ok = dnevnik_sandbox_db_step (self->db, stmt, &row, error)) && row)
    {
      json_builder_begin_object (reply);
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        dnevnik_sandbox_json_add_string (reply, sqlite3_column_name (stmt, i),
                                         (const char *) sqlite3_column_text (stmt, i));
      json_builder_end_object (reply);
    }
  json_builder_end_array (reply);
  json_builder_end_object (reply);

  return ok;
}

/* The account row of the caller; 401 if the account went away (a reset) */
static sqlite3_stmt *
query_account (DnevnikSandboxServer  *self,
               Call                  *call,
               const char            *sql,
               GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = dnevnik_sandbox_db_query (self->db, error, sql, "s", call->account_id);

  if (stmt == NULL ||
      !dnevnik_sandbox_db_next_required (self->db, stmt, DNEVNIK_SANDBOX_ERROR_INVALID_TOKEN,
                                         "The account of this token is gone", error))
    return NULL;

  return g_steal_pointer (&stmt);
}

/* --- handlers: authentication --------------------------------------------------------- */

typedef struct
{
  char     *login;
  char     *password;
  char     *account_id;
  char     *password_hash;
} LoginCheck;

static void
login_check_free (LoginCheck *check)
{
  g_free (check->login);
  g_free (check->password);
  g_free (check->account_id);
  g_free (check->password_hash);
  g_free (check);
}

static void
verify_password_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  LoginCheck *check = task_data;
  const char *stored = check->password_hash;
  gboolean ok;

  /* An unknown login costs a key derivation too, so that the time of the
   * reply does not tell which logins exist. */
  if (stored == NULL)
    stored = dnevnik_sandbox_auth_get_dummy_hash ();

  ok = dnevnik_sandbox_password_verify (check->password, stored) && check->account_id != NULL;
  g_task_return_boolean (task, ok);
}

static void
on_password_verified_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  DnevnikSandboxServer *self = DNEVNIK_SANDBOX_SERVER (source);
  Call *call = user_data;
  LoginCheck *check = g_task_get_task_data (G_TASK (result));
  g_auto(DnevnikSandboxTokens) tokens = { 0 };
  g_autoptr(JsonBuilder) reply = json_builder_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->db == NULL)
    return;   /* shut down meanwhile; the call went with the server */

  ok = dnevnik_sandbox_db_begin (self->db, &error) &&
       end_transaction (self,
                        dnevnik_sandbox_auth_finish_login (self->db, check->login, check->account_id,
                                                           g_task_propagate_boolean (G_TASK (result), NULL),
                                                           self->settings.token_ttl, &tokens, &error),
                        &error);
  if (ok)
    build_tokens (reply, &tokens);

  call_reply (call, ok, reply, error);
}

static gboolean
handle_login (DnevnikSandboxServer  *self,
              Call                  *call,
              JsonBuilder           *reply,
              GError               **error)
{
  g_autoptr(GTask) task = NULL;
  LoginCheck *check;
  const char *login;
  const char *password;

  if (!get_string (call, "login", &login, error) ||
      !get_string (call, "password", &password, error))
    return FALSE;

  check = g_new0 (LoginCheck, 1);
  check->login = g_strdup (login);
  check->password = g_strdup (password);
  if (!dnevnik_sandbox_auth_lookup_login (self->db, login, &check->account_id, &check->password_hash, error))
    {
      login_check_free (check);
      return FALSE;
    }

  /* The key derivation is slow on purpose: keep it off the main loop. */
  call->deferred = TRUE;
  call_pause (call);
  task = g_task_new (self, NULL, on_password_verified_cb, call);
  g_task_set_source_tag (task, handle_login);
  g_task_set_task_data (task, check, (GDestroyNotify) login_check_free);
  g_task_run_in_thread (task, verify_password_thread);
  return TRUE;
}

static gboolean
handle_refresh (DnevnikSandboxServer  *self,
                Call                  *call,
                JsonBuilder           *reply,
                GError               **error)
{
  g_auto(DnevnikSandboxTokens) tokens = { 0 };
  const char *refresh_token;

  if (!get_string (call, "refresh_token", &refresh_token, error) ||
      !dnevnik_sandbox_auth_refresh (self->db, refresh_token, self->settings.token_ttl, &tokens, error))
    return FALSE;

  build_tokens (reply, &tokens);
  return TRUE;
}

static gboolean
handle_logout (DnevnikSandboxServer  *self,
               Call                  *call,
               JsonBuilder           *reply,
               GError               **error)
{
  call->status = SOUP_STATUS_NO_CONTENT;
  return dnevnik_sandbox_auth_logout (self->db, call->token, error);
}

/* --- handlers: the diary ------------------------------------------------------------- */

static gboolean
handle_profile (DnevnikSandboxServer  *self,
                Call                  *call,
                JsonBuilder           *reply,
                GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  static const char * const columns[] = {
    "id", "login", "first_name", "last_name", "middle_name", "school", "class_name",
  };

  stmt = query_account (self, call,
                        "SELECT id, login, first_name, last_name, middle_name, school, class_name "
                        "FROM accounts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  json_builder_begin_object (reply);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    dnevnik_sandbox_json_add_string (reply, columns[i], (const char *) sqlite3_column_text (stmt, i));
  json_builder_end_object (reply);
  return TRUE;
}

static gboolean
handle_diary (DnevnikSandboxServer  *self,
              Call                  *call,
              JsonBuilder           *reply,
              GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *from_text = call->query != NULL ? g_hash_table_lookup (call->query, "from") : NULL;
  const char *to_text = call->query != NULL ? g_hash_table_lookup (call->query, "to") : NULL;
  GDate from, to;

  if (!dnevnik_sandbox_parse_date (from_text, &from) ||
      !dnevnik_sandbox_parse_date (to_text, &to) ||
      g_date_compare (&from, &to) > 0 ||
      g_date_days_between (&from, &to) >= MAX_DIARY_DAYS)
    {
      g_set_error_literal (error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_BAD_RANGE,
                           "“from” and “to” must be dates (YYYY-MM-DD), from ≤ to, at most 366 days");
      return FALSE;
    }

  stmt = query_account (self, call, "SELECT class_name, seed FROM accounts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  json_builder_begin_object (reply);
  dnevnik_sandbox_json_add_string (reply, "from", from_text);
  dnevnik_sandbox_json_add_string (reply, "to", to_text);
  json_builder_set_member_name (reply, "days");
  json_builder_begin_array (reply);
  dnevnik_sandbox_demo_add_days (reply, (const char *) sqlite3_column_text (stmt, 0),
                                 sqlite3_column_int64 (stmt, 1), &from, &to, &self->settings.today);
  json_builder_end_array (reply);
  json_builder_end_object (reply);
  return TRUE;
}

static gboolean
handle_library (DnevnikSandboxServer  *self,
                Call                  *call,
                JsonBuilder           *reply,
                GError               **error)
{
  return build_rows (self, reply, "items",
                     "SELECT id, title, subject, kind, url FROM library ORDER BY position", NULL, error);
}

static gboolean
handle_portfolio (DnevnikSandboxServer  *self,
                  Call                  *call,
                  JsonBuilder           *reply,
                  GError               **error)
{
  return build_rows (self, reply, "achievements",
                     "SELECT id, title, date, level, kind FROM achievements WHERE account_id = ? "
                     "ORDER BY date DESC, id", call->account_id, error);
}

/* --- handlers: Сферум --------------------------------------------------------------- */

static gboolean
handle_link_status (DnevnikSandboxServer  *self,
                    Call                  *call,
                    JsonBuilder           *reply,
                    GError               **error)
{
  return build_link_status (self, call, reply, error);
}

static gboolean
handle_link_start (DnevnikSandboxServer  *self,
                   Call                  *call,
                   JsonBuilder           *reply,
                   GError               **error)
{
  g_auto(DnevnikSandboxLinkStart) start = { 0 };
  const char *phone;

  if (!get_string (call, "phone", &phone, error) ||
      !dnevnik_sandbox_link_start (self->db, &self->link_rules, call->account_id, phone, &start, error))
    return FALSE;

  call->status = SOUP_STATUS_ACCEPTED;
  json_builder_begin_object (reply);
  dnevnik_sandbox_json_add_string (reply, "request_id", start.request_id);
  dnevnik_sandbox_json_add_int (reply, "code_length", DNEVNIK_SANDBOX_CODE_LENGTH);
  dnevnik_sandbox_json_add_int (reply, "expires_in", self->settings.code_ttl);
  dnevnik_sandbox_json_add_int (reply, "resend_in", self->settings.resend_cooldown);
  dnevnik_sandbox_json_add_bool (reply, "max_registered", start.max_registered);
  dnevnik_sandbox_json_add_string_take (reply, "phone_masked", dnevnik_phone_mask (start.phone));
  json_builder_end_object (reply);
  return TRUE;
}

static gboolean
handle_link_resend (DnevnikSandboxServer  *self,
                    Call                  *call,
                    JsonBuilder           *reply,
                    GError               **error)
{
  const char *request_id;

  if (!get_string (call, "request_id", &request_id, error) ||
      !dnevnik_sandbox_link_resend (self->db, &self->link_rules, call->account_id, request_id, error))
    return FALSE;

  call->status = SOUP_STATUS_ACCEPTED;
  json_builder_begin_object (reply);
  dnevnik_sandbox_json_add_int (reply, "resend_in", self->settings.resend_cooldown);
  dnevnik_sandbox_json_add_int (reply, "expires_in", self->settings.code_ttl);
  json_builder_end_object (reply);
  return TRUE;
}

static gboolean
handle_link_confirm (DnevnikSandboxServer  *self,
                     Call                  *call,
                     JsonBuilder           *reply,
                     GError               **error)
{
  const char *request_id;
  const char *code;

  return get_string (call, "request_id", &request_id, error) &&
         get_string (call, "code", &code, error) &&
         dnevnik_sandbox_link_confirm (self->db, call->account_id, request_id, code, error) &&
         build_link_status (self, call, reply, error);
}

static gboolean
handle_unlink (DnevnikSandboxServer  *self,
               Call                  *call,
               JsonBuilder           *reply,
               GError               **error)
{
  return dnevnik_sandbox_link_unlink (self->db, call->account_id, error) &&
         build_link_status (self, call, reply, error);
}

static gboolean
handle_link_history (DnevnikSandboxServer  *self,
                     Call                  *call,
                     JsonBuilder           *reply,
                     GError               **error)
{
  json_builder_begin_object (reply);
  json_builder_set_member_name (reply, "events");
  json_builder_begin_array (reply);
  if (!dnevnik_sandbox_link_add_history (self->db, call->account_id, reply, error))
    return FALSE;
  json_builder_end_array (reply);
  json_builder_end_object (reply);
  return TRUE;
}

/* --- handlers: sandbox control ---------------------------------------------------------- */

static gboolean
handle_sms (DnevnikSandboxServer  *self,
            Call                  *call,
            JsonBuilder           *reply,
            GError               **error)
{
  const char *phone = call->query != NULL ? g_hash_table_lookup (call->query, "phone") : NULL;
  g_autofree char *normalized = NULL;

  /* Any spelling of a number finds its messages; a wrong one finds none. */
  if (phone != NULL)
    {
      normalized = dnevnik_phone_normalize (phone);
      if (normalized == NULL)
        normalized = g_strdup (phone);
    }

  json_builder_begin_object (reply);
  json_builder_set_member_name (reply, "messages");
  json_builder_begin_array (reply);
  if (!dnevnik_sandbox_sms_add_messages (self->db, normalized, reply, error))
    return FALSE;
  json_builder_end_array (reply);
  json_builder_end_object (reply);
  return TRUE;
}

static gboolean
handle_add_fault (DnevnikSandboxServer  *self,
                  Call                  *call,
                  JsonBuilder           *reply,
                  GError               **error)
{
  JsonNode *method_node = get_member (call, "method");
  DnevnikSandboxFaultKind kind;
  const char *path;
  const char *kind_text;
  const char *method = NULL;
  double count = 0;
  double delay_ms = 0;
  double rate = 0;

  if ((method_node != NULL && !JSON_NODE_HOLDS_NULL (method_node) && !get_string (call, "method", &method, error)) ||
      !get_string (call, "path", &path, error) ||
      !get_string (call, "kind", &kind_text, error) ||
      !get_number (call, "count", TRUE, 0, G_MAXUINT, &count, error) ||
      !get_number (call, "delay_ms", TRUE, 0, 10 * 60 * 1000, &delay_ms, error) ||
      !get_number (call, "rate", FALSE, 0, 1, &rate, error))
    return FALSE;

  if (!dnevnik_sandbox_fault_kind_parse (kind_text, &kind))
    return set_bad_request (error, "kind", "error500, malformed, truncated, drop or delay");
  if (path[0] != '/')
    return set_bad_request (error, "path", "a path starting with “/”");
  if (count < 1 && rate <= 0)
    return set_bad_request (error, "count", "at least 1, or “rate” over 0");

  dnevnik_sandbox_faults_add (self->faults, method, path, kind, (guint) count, rate, (guint) delay_ms);
  call->status = SOUP_STATUS_CREATED;
  return TRUE;
}

static gboolean
handle_clear_faults (DnevnikSandboxServer  *self,
                     Call                  *call,
                     JsonBuilder           *reply,
                     GError               **error)
{
  dnevnik_sandbox_faults_clear (self->faults);
  call->status = SOUP_STATUS_NO_CONTENT;
  return TRUE;
}

static gboolean
handle_counters (DnevnikSandboxServer  *self,
                 Call                  *call,
                 JsonBuilder           *reply,
                 GError               **error)
{
  json_builder_begin_object (reply);
  json_builder_set_member_name (reply, "counters");
  json_builder_begin_object (reply);
  dnevnik_sandbox_faults_add_counters (self->faults, reply);
  json_builder_end_object (reply);
  json_builder_end_object (reply);
  return TRUE;
}

static gboolean
handle_reset_counters (DnevnikSandboxServer  *self,
                       Call                  *call,
                       JsonBuilder           *reply,
                       GError               **error)
{
  dnevnik_sandbox_faults_reset_counters (self->faults);
  call->status = SOUP_STATUS_NO_CONTENT;
  return TRUE;
}

/* --- routing ---------------------------------------------------------------------- */

static const Route routes[] = {
  { "POST",   "/api/v1/auth/login",           ROUTE_BODY,                             handle_login },
  { "POST",   "/api/v1/auth/refresh",         ROUTE_BODY | ROUTE_WRITE,               handle_refresh },
  { "POST",   "/api/v1/auth/logout",          ROUTE_TOKEN | ROUTE_WRITE,              handle_logout },
  { "GET",    "/api/v1/profile",              ROUTE_TOKEN,                            handle_profile },
  { "GET",    "/api/v1/diary",                ROUTE_TOKEN,                            handle_diary },
  { "GET",    "/api/v1/library",              ROUTE_TOKEN,                            handle_library },
  { "GET",    "/api/v1/portfolio",            ROUTE_TOKEN,                            handle_portfolio },
  { "GET",    "/api/v1/sferum/link",          ROUTE_TOKEN,                            handle_link_status },
  { "DELETE", "/api/v1/sferum/link",          ROUTE_TOKEN | ROUTE_WRITE,              handle_unlink },
  { "POST",   "/api/v1/sferum/link/start",    ROUTE_TOKEN | ROUTE_BODY | ROUTE_WRITE, handle_link_start },
  { "POST",   "/api/v1/sferum/link/resend",   ROUTE_TOKEN | ROUTE_BODY | ROUTE_WRITE, handle_link_resend },
  { "POST",   "/api/v1/sferum/link/confirm",  ROUTE_TOKEN | ROUTE_BODY | ROUTE_WRITE, handle_link_confirm },
  { "GET",    "/api/v1/sferum/link/history",  ROUTE_TOKEN,                            handle_link_history },
  { "GET",    "/sandbox/sms",                 0,                                      handle_sms },
  { "POST",   "/sandbox/faults",              ROUTE_BODY,                             handle_add_fault },
  { "DELETE", "/sandbox/faults",              0,                                      handle_clear_faults },
  { "GET",    "/sandbox/counters",            0,                                      handle_counters },
  { "DELETE", "/sandbox/counters",            0,                                      handle_reset_counters },
};

static gboolean
is_control_path (const char *path)
{
  return g_str_equal (path, "/sandbox") || g_str_has_prefix (path, "/sandbox/");
}

/* Finds the route; sets 404 or 405 (with the Allow header) when there is
 * none for this method. */
static const Route *
find_route (SoupServerMessage  *msg,
            const char         *path,
            GError            **error)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GString) allow = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (!g_str_equal (routes[i].path, path))
        continue;
      if (g_str_equal (routes[i].method, method))
        return &routes[i];

      if (allow->len > 0)
        g_string_append (allow, ", ");
      g_string_append (allow, routes[i].method);
    }

  if (allow->len == 0)
    {
      g_set_error (error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_NOT_FOUND, "No such path: %s", path);
      return NULL;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow->str);
  g_set_error (error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_METHOD_NOT_ALLOWED,
               "%s does not allow %s", path, method);
  return NULL;
}

static void
dispatch (DnevnikSandboxServer *self,
          Call                 *call)
{
  g_autoptr(GError) error = NULL;
  SoupMessageBody *body = soup_server_message_get_request_body (call->msg);

  if (self->db == NULL)
    {
      reply_new_error (call, DNEVNIK_SANDBOX_ERROR_INTERNAL, "The sandbox is shutting down");
      return;
    }

  call->route = find_route (call->msg, call->path, &error);
  if (call->route == NULL)
    {
      reply_error (call, error);
      return;
    }

  if (body->length > DNEVNIK_SANDBOX_MAX_BODY)
    {
      reply_new_error (call, DNEVNIK_SANDBOX_ERROR_PAYLOAD_TOO_LARGE, "The body is over 64 KiB");
      return;
    }

  if (((call->route->flags & ROUTE_TOKEN) && !authenticate (self, call, &error)) ||
      ((call->route->flags & ROUTE_BODY) && !parse_body (call, &error)))
    {
      reply_error (call, error);
      return;
    }

  run_handler (self, call);
}

static gboolean
on_delay_done_cb (gpointer user_data)
{
  Call *call = user_data;

  call->timeout_id = 0;
  dispatch (call->self, call);
  return G_SOURCE_REMOVE;
}

static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  DnevnikSandboxServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  Call *call = call_new (self, msg, path, query);
  DnevnikSandboxFaultKind fault = DNEVNIK_SANDBOX_FAULT_NONE;
  guint delay_ms = 0;

  /* The control paths are neither counted nor faulted: tests must always
   * be able to reach them. */
  if (!is_control_path (path))
    {
      dnevnik_sandbox_faults_count (self->faults, method, path);
      fault = dnevnik_sandbox_faults_take (self->faults, method, path, &delay_ms);
    }

  switch (fault)
    {
    case DNEVNIK_SANDBOX_FAULT_ERROR500:
      reply_new_error (call, DNEVNIK_SANDBOX_ERROR_INTERNAL, "Injected fault");
      break;

    case DNEVNIK_SANDBOX_FAULT_MALFORMED:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_STATIC,
                                        "{\"this is\": not JSON <", 22);
      call_finish (call);
      break;

    case DNEVNIK_SANDBOX_FAULT_DROP:
      drop_connection (msg);
      call_free (call);
      break;

    case DNEVNIK_SANDBOX_FAULT_DELAY:
      call_pause (call);
      call->timeout_id = g_timeout_add (delay_ms, on_delay_done_cb, call);
      break;

    case DNEVNIK_SANDBOX_FAULT_TRUNCATED:
      call->truncate = TRUE;
      dispatch (self, call);
      break;

    case DNEVNIK_SANDBOX_FAULT_NONE:
    default:
      dispatch (self, call);
      break;
    }
}

/* Refuses a body over the limit from its Content-Length, before libsoup
 * reads it into memory. */
static void
on_early_request_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  DnevnikSandboxServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > DNEVNIK_SANDBOX_MAX_BODY)
    {
      if (!is_control_path (path))
        dnevnik_sandbox_faults_count (self->faults, soup_server_message_get_method (msg), path);
      reply_new_error (call_new (self, msg, path, query), DNEVNIK_SANDBOX_ERROR_PAYLOAD_TOO_LARGE,
                       "The body is over 64 KiB");
    }
}

/* --- the object ------------------------------------------------------------------- */

static gboolean
prepare_state (DnevnikSandboxServer  *self,
               GError               **error)
{
  gint64 accounts = dnevnik_sandbox_db_count (self->db, error, "SELECT count(*) FROM accounts", "");

  /* A database that cannot be read is an error, never a reason to reseed. */
  if (accounts < 0)
    return FALSE;
  if (accounts > 0 && !self->settings.reset)
    return TRUE;

  g_message ("Writing the demo data into %s", self->settings.db_path);
  if (!dnevnik_sandbox_db_begin (self->db, error))
    return FALSE;

  if (!dnevnik_sandbox_db_end (self->db,
                               dnevnik_sandbox_db_wipe (self->db, error) &&
                               dnevnik_sandbox_demo_seed (self->db, &self->settings.today,
                                                          self->settings.kdf_iterations, error),
                               error))
    return FALSE;

  /* The outbox belongs to the old state; a teacher's reset starts clean. */
  return dnevnik_sandbox_sms_clear_outbox (self->settings.outbox_path, error);
}

static void
dnevnik_sandbox_server_dispose (GObject *object)
{
  DnevnikSandboxServer *self = DNEVNIK_SANDBOX_SERVER (object);

  dnevnik_sandbox_server_shutdown (self);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (dnevnik_sandbox_server_parent_class)->dispose (object);
}

static void
dnevnik_sandbox_server_finalize (GObject *object)
{
  DnevnikSandboxServer *self = DNEVNIK_SANDBOX_SERVER (object);

  g_clear_pointer (&self->faults, dnevnik_sandbox_faults_free);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_free (self->settings.db_path);
  g_free (self->settings.outbox_path);

  G_OBJECT_CLASS (dnevnik_sandbox_server_parent_class)->finalize (object);
}

static void
dnevnik_sandbox_server_class_init (DnevnikSandboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dnevnik_sandbox_server_dispose;
  object_class->finalize = dnevnik_sandbox_server_finalize;
}

static void
dnevnik_sandbox_server_init (DnevnikSandboxServer *self)
{
  self->faults = dnevnik_sandbox_faults_new ();
  self->waiting = g_ptr_array_new ();
  self->soup = soup_server_new ("server-header", "dnevnik-sandbox/" PACKAGE_VERSION " ", NULL);

  soup_server_add_early_handler (self->soup, NULL, on_early_request_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, on_request_cb, self, NULL);
}

/**
 * dnevnik_sandbox_settings_clear:
 *
 * Frees the paths of @settings.
 */
void
dnevnik_sandbox_settings_clear (DnevnikSandboxSettings *settings)
{
  g_clear_pointer (&settings->db_path, g_free);
  g_clear_pointer (&settings->outbox_path, g_free);
}

/**
 * dnevnik_sandbox_server_new:
 * @settings: what the command line said; copied
 * @faults: (transfer full) (nullable): faults from the command line
 *
 * Opens the database, migrates it and writes the demo data when it is
 * new or @settings asks for a reset.  The server does not listen yet.
 *
 * Returns: (transfer full) (nullable): the server, or %NULL on error
 */
DnevnikSandboxServer *
dnevnik_sandbox_server_new (const DnevnikSandboxSettings  *settings,
                            DnevnikSandboxFaults          *faults,
                            GError                       **error)
{
  g_autoptr(DnevnikSandboxServer) self = g_object_new (DNEVNIK_TYPE_SANDBOX_SERVER, NULL);

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (settings->db_path != NULL && settings->outbox_path != NULL, NULL);

  if (faults != NULL)
    {
      dnevnik_sandbox_faults_free (self->faults);
      self->faults = faults;
    }

  self->settings = *settings;
  self->settings.db_path = g_strdup (settings->db_path);
  self->settings.outbox_path = g_strdup (settings->outbox_path);
  self->link_rules.code_ttl = settings->code_ttl;
  self->link_rules.max_attempts = MAX (settings->max_attempts, 1);
  self->link_rules.resend_cooldown = settings->resend_cooldown;
  self->link_rules.outbox_path = self->settings.outbox_path;

  self->db = dnevnik_sandbox_db_open (settings->db_path, error);
  if (self->db == NULL || !prepare_state (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * dnevnik_sandbox_server_get_faults:
 *
 * Returns: (transfer none): the fault table, for faults given on the
 *   command line
 */
DnevnikSandboxFaults *
dnevnik_sandbox_server_get_faults (DnevnikSandboxServer *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SANDBOX_SERVER (self), NULL);

  return self->faults;
}

/**
 * dnevnik_sandbox_server_listen:
 * @port: a TCP port, or 0 for any free one
 *
 * Listens on 127.0.0.1 only: the sandbox holds demo secrets and has
 * control endpoints, so it is never reachable from the network.
 */
gboolean
dnevnik_sandbox_server_listen (DnevnikSandboxServer  *self,
                               guint                  port,
                               GError               **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  g_return_val_if_fail (DNEVNIK_IS_SANDBOX_SERVER (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);

  return soup_server_listen (self->soup, address, 0, error);
}

/**
 * dnevnik_sandbox_server_get_url:
 *
 * Returns: (transfer full) (nullable): "http://127.0.0.1:PORT", once
 *   listening
 */
char *
dnevnik_sandbox_server_get_url (DnevnikSandboxServer *self)
{
  GSList *listeners;
  g_autoptr(GSocketAddress) address = NULL;

  g_return_val_if_fail (DNEVNIK_IS_SANDBOX_SERVER (self), NULL);

  /* Not soup_server_get_uris(): libsoup 3.2 leaks the local address of
   * each listener there (LeakSanitizer, build-aux/run-leak-check). */
  listeners = soup_server_get_listeners (self->soup);
  if (listeners == NULL)
    return NULL;

  address = g_socket_get_local_address (listeners->data, NULL);
  g_slist_free (listeners);
  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;

  return g_strdup_printf ("http://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
}

/**
 * dnevnik_sandbox_server_shutdown:
 *
 * Stops listening, drops the requests still waiting and closes the
 * database cleanly (its WAL checkpointed).  Safe to call twice.
 */
void
dnevnik_sandbox_server_shutdown (DnevnikSandboxServer *self)
{
  g_return_if_fail (DNEVNIK_IS_SANDBOX_SERVER (self));

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);

  while (self->waiting != NULL && self->waiting->len > 0)
    {
      Call *call = g_ptr_array_steal_index_fast (self->waiting, self->waiting->len - 1);

      call_free (call);
    }

  g_clear_pointer (&self->db, dnevnik_sandbox_db_close);
}
