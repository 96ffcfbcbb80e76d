/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include <string.h>

#include "dnevnik-sandbox-call.h"
#include "dnevnik-sandbox-error.h"
#include "dnevnik-sandbox-request.h"

static void
on_message_finished_cb (SoupServerMessage  *msg,
                        DnevnikSandboxCall *call)
{
  call->gone = TRUE;
}

static void
reply_json (DnevnikSandboxCall *call,
            guint               status,
            JsonNode           *root)
{
  char *text = json_to_string (root, FALSE);

  soup_server_message_set_status (call->msg, status, NULL);
  soup_server_message_set_response (call->msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
  dnevnik_sandbox_call_finish (call);
}

static void
reply_empty (DnevnikSandboxCall *call,
             guint               status)
{
  soup_server_message_set_status (call->msg, status, NULL);
  dnevnik_sandbox_call_finish (call);
}

/**
 * dnevnik_sandbox_call_new:
 * @server: the server answering it
 * @query: (nullable): the decoded query
 * @waiting: where the server keeps its paused calls
 *
 * Returns: (transfer full): a call for @msg
 */
DnevnikSandboxCall *
dnevnik_sandbox_call_new (DnevnikSandboxServer *server,
                          SoupServerMessage    *msg,
                          const char           *path,
                          GHashTable           *query,
                          GPtrArray            *waiting)
{
  DnevnikSandboxCall *call = g_new0 (DnevnikSandboxCall, 1);

  call->server = server;
  call->msg = g_object_ref (msg);
  call->path = g_strdup (path);
  call->query = query != NULL ? g_hash_table_ref (query) : NULL;
  call->waiting = waiting;
  return call;
}

/**
 * dnevnik_sandbox_call_free:
 *
 * Frees @call without answering (the server is going away, or the
 * connection was dropped).
 */
void
dnevnik_sandbox_call_free (DnevnikSandboxCall *call)
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

/**
 * dnevnik_sandbox_call_pause:
 *
 * Pauses the message of @call until dnevnik_sandbox_call_finish().
 */
void
dnevnik_sandbox_call_pause (DnevnikSandboxCall *call)
{
  g_assert (!call->paused);

  call->paused = TRUE;
  g_ptr_array_add (call->waiting, call);
  g_signal_connect (call->msg, "finished", G_CALLBACK (on_message_finished_cb), call);
  soup_server_message_pause (call->msg);
}

/**
 * dnevnik_sandbox_call_finish:
 *
 * Sends what the handler put into the message, and frees @call.
 */
void
dnevnik_sandbox_call_finish (DnevnikSandboxCall *call)
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
      g_ptr_array_remove_fast (call->waiting, call);
      if (!call->gone)
        soup_server_message_unpause (call->msg);
    }

  dnevnik_sandbox_call_free (call);
}

/**
 * dnevnik_sandbox_call_reply:
 * @ok: whether the handler succeeded
 * @reply: what the handler built; nothing means an empty body
 * @error: (nullable): why it failed, when !@ok
 *
 * Sends the outcome of a handler, with call->status when it succeeded.
 */
void
dnevnik_sandbox_call_reply (DnevnikSandboxCall *call,
                            gboolean            ok,
                            JsonBuilder        *reply,
                            const GError       *error)
{
  g_autoptr(JsonNode) root = NULL;

  if (!ok)
    {
      dnevnik_sandbox_call_reply_error (call, error);
      return;
    }

  root = json_builder_get_root (reply);
  if (root == NULL)
    reply_empty (call, call->status);
  else
    reply_json (call, call->status, root);
}

/**
 * dnevnik_sandbox_call_reply_error:
 *
 * Answers @call with @error in the contract's error shape.
 */
void
dnevnik_sandbox_call_reply_error (DnevnikSandboxCall *call,
                                  const GError       *error)
{
  if (dnevnik_sandbox_error_get_status (error) == SOUP_STATUS_INTERNAL_SERVER_ERROR)
    g_message ("%s %s: %s", soup_server_message_get_method (call->msg), call->path, error->message);

  dnevnik_sandbox_request_set_error (call->msg, error);
  dnevnik_sandbox_call_finish (call);
}

/**
 * dnevnik_sandbox_call_reply_new_error:
 * @code: a #DnevnikSandboxError
 *
 * Answers @call with a new error.
 */
void
dnevnik_sandbox_call_reply_new_error (DnevnikSandboxCall *call,
                                      int                 code,
                                      const char         *message)
{
  g_autoptr(GError) error = g_error_new_literal (DNEVNIK_SANDBOX_ERROR, code, message);

  dnevnik_sandbox_call_reply_error (call, error);
}

/**
 * dnevnik_sandbox_set_bad_request:
 * @wanted: what @member must be, e.g. "a string"
 *
 * Sets a 400 bad_request about @member.
 *
 * Returns: %FALSE
 */
gboolean
dnevnik_sandbox_set_bad_request (GError     **error,
                                 const char  *member,
                                 const char  *wanted)
{
  g_set_error (error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_BAD_REQUEST,
               "“%s” must be %s", member, wanted);
  return FALSE;
}

/**
 * dnevnik_sandbox_call_parse_body:
 *
 * Parses the request body of @call, which must be a JSON object without
 * a NUL in it.
 */
gboolean
dnevnik_sandbox_call_parse_body (DnevnikSandboxCall  *call,
                                 GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = dnevnik_sandbox_request_get_body (call->msg);
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size == 0 || !json_parser_load_from_data (parser, data, size, &local_error))
    {
      g_set_error (error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_BAD_REQUEST,
                   "The body is not JSON: %s", local_error != NULL ? local_error->message : "empty");
      return FALSE;
    }

  /* After the parser, so that malformed JSON is reported as such. */
  if (!dnevnik_sandbox_request_check_text (data, size, error))
    return FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return dnevnik_sandbox_refuse (error, DNEVNIK_SANDBOX_ERROR_BAD_REQUEST,
                                   "The body must be a JSON object");

  call->body = json_node_ref (json_parser_get_root (parser));
  return TRUE;
}

/**
 * dnevnik_sandbox_call_get_member:
 *
 * Returns: (transfer none) (nullable): @member of the body object
 */
JsonNode *
dnevnik_sandbox_call_get_member (DnevnikSandboxCall *call,
                                 const char         *member)
{
  return json_object_get_member (json_node_get_object (call->body), member);
}

/**
 * dnevnik_sandbox_call_get_string:
 * @value: (out) (transfer none): the string
 *
 * Gets a required string member of the body; 400 bad_request otherwise.
 */
gboolean
dnevnik_sandbox_call_get_string (DnevnikSandboxCall  *call,
                                 const char          *member,
                                 const char         **value,
                                 GError             **error)
{
  JsonNode *node = dnevnik_sandbox_call_get_member (call, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return dnevnik_sandbox_set_bad_request (error, member, "a string");

  *value = json_node_get_string (node);
  return TRUE;
}

/**
 * dnevnik_sandbox_call_get_number:
 * @integer: whether only an integer will do
 * @value: (inout): the number; left alone when the member is missing
 *
 * Gets an optional number member of the body, in [@min, @max].
 */
gboolean
dnevnik_sandbox_call_get_number (DnevnikSandboxCall  *call,
                                 const char          *member,
                                 gboolean             integer,
                                 double               min,
                                 double               max,
                                 double              *value,
                                 GError             **error)
{
  JsonNode *node = dnevnik_sandbox_call_get_member (call, member);
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE && !integer)
    *value = json_node_get_double (node);
  else
    return dnevnik_sandbox_set_bad_request (error, member, integer ? "an integer" : "a number");

  if (*value < min || *value > max)
    return dnevnik_sandbox_set_bad_request (error, member, "in range");

  return TRUE;
}
