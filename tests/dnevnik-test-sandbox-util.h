/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Small helpers shared by the test-sandbox*.c tests (header-only: each
 * test is one executable). */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dnevnik-test-loop.h"
#include "dnevnik-test-sandbox.h"

static inline JsonObject *
object_of (JsonNode *node)
{
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

/* Asserts the contract's error shape and code; returns @reply, for
 * further checks. */
static inline JsonNode *
assert_error (JsonNode   *reply,
              const char *code)
{
  JsonObject *error = json_object_get_object_member (object_of (reply), "error");

  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  return reply;
}

static inline gint64
error_member (JsonNode   *reply,
              const char *member)
{
  JsonObject *error = json_object_get_object_member (object_of (reply), "error");

  g_assert_true (json_object_has_member (error, member));
  return json_object_get_int_member (error, member);
}

static inline gboolean
error_has_member (JsonNode   *reply,
                  const char *member)
{
  return json_object_has_member (json_object_get_object_member (object_of (reply), "error"), member);
}

/* Starts linking @phone for @token and returns the request id. */
static inline char *
start_link (DnevnikTestSandbox *sandbox,
            const char         *token,
            const char         *phone)
{
  g_autofree char *body = g_strdup_printf ("{\"phone\": \"%s\"}", phone);
  g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/sferum/link/start", token, body,
                                                         SOUP_STATUS_ACCEPTED);

  return g_strdup (json_object_get_string_member (object_of (reply), "request_id"));
}

static inline JsonNode *
confirm_link (DnevnikTestSandbox *sandbox,
              const char         *token,
              const char         *request_id,
              const char         *code,
              guint               expected_status)
{
  g_autofree char *body = g_strdup_printf ("{\"request_id\": \"%s\", \"code\": \"%s\"}", request_id, code);

  return dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/sferum/link/confirm", token, body, expected_status);
}

/* A six-digit code that is surely not @code. */
static inline char *
wrong_code (const char *code)
{
  return g_strdup (g_str_equal (code, "000000") ? "111111" : "000000");
}
