/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dnevnik-test-sandbox-util.h"

/* Linking a diary account to Сферум in MAX: the rules of API.md, over real
 * HTTP to a real dnevnik-sandbox process. */

/* Starts linking @phone for @token and returns the request id; @code
 * gets the code of the SMS that went to @phone. */
static char *
start_link_with_code (DnevnikTestSandbox  *sandbox,
                      const char          *token,
                      const char          *phone,
                      char               **code)
{
  char *request_id = start_link (sandbox, token, phone);

  *code = dnevnik_test_sandbox_get_last_code (sandbox, phone);
  return request_id;
}

static JsonNode *
resend_link (DnevnikTestSandbox *sandbox,
             const char         *token,
             const char         *request_id,
             guint               expected_status)
{
  g_autofree char *body = g_strdup_printf ("{\"request_id\": \"%s\"}", request_id);

  return dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/sferum/link/resend", token, body, expected_status);
}

/* GET /api/v1/sferum/link, or its /history, as @token */
static JsonNode *
get_link (DnevnikTestSandbox *sandbox,
          const char         *token,
          gboolean            history)
{
  return dnevnik_test_sandbox_call (sandbox, "GET", history ? "/api/v1/sferum/link/history" : "/api/v1/sferum/link",
                                    token, NULL, SOUP_STATUS_OK);
}

/* How long the array @member of @reply is: the messages of GET
 * /sandbox/sms, the events of a link's history */
static guint
array_length (JsonNode   *reply,
              const char *member)
{
  return json_array_get_length (json_object_get_array_member (object_of (reply), member));
}

static void
test_link_full_cycle (void)
{
  g_autofree char *profile_url = NULL;
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) started = NULL;
  g_autoptr(JsonNode) linked = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(JsonNode) unlinked = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(JsonNode) sms = NULL;
  g_autofree char *code = NULL;
  g_autofree char *outbox = NULL;
  JsonObject *object;
  JsonArray *events;
  JsonObject *message;
  const char *request_id;

  before = get_link (sandbox, token, FALSE);
  g_assert_false (json_object_get_boolean_member (object_of (before), "linked"));
  g_assert_false (json_object_has_member (object_of (before), "account_id"));

  /* Any spelling of the number is accepted (the shared phone rules). */
  started = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/sferum/link/start", token,
                                       "{\"phone\": \"8 (916) 123-45-67\"}", SOUP_STATUS_ACCEPTED);
  object = object_of (started);
  request_id = json_object_get_string_member (object, "request_id");
  g_assert_nonnull (request_id);
  g_assert_cmpint (json_object_get_int_member (object, "code_length"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (object, "expires_in"), ==, 300);
  g_assert_cmpint (json_object_get_int_member (object, "resend_in"), ==, 60);
  g_assert_true (json_object_get_boolean_member (object, "max_registered"));
  g_assert_cmpstr (json_object_get_string_member (object, "phone_masked"), ==, "+7 916 ***-**-67");

  /* The SMS, through the endpoint and in the outbox file */
  sms = dnevnik_test_sandbox_call (sandbox, "GET", "/sandbox/sms?phone=%2B79161234567", NULL, NULL, SOUP_STATUS_OK);
  g_assert_cmpuint (array_length (sms, "messages"), ==, 1);
  message = json_array_get_object_element (json_object_get_array_member (object_of (sms), "messages"), 0);
  g_assert_cmpstr (json_object_get_string_member (message, "phone"), ==, "+79161234567");
  g_assert_cmpstr (json_object_get_string_member (message, "request_id"), ==, request_id);
  code = g_strdup (json_object_get_string_member (message, "code"));
  g_assert_cmpuint (strlen (code), ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_true (g_ascii_isdigit (code[i]));
  g_assert_nonnull (strstr (json_object_get_string_member (message, "text"), code));
  g_assert_true (g_file_get_contents (dnevnik_test_sandbox_get_outbox_path (sandbox), &outbox, NULL, NULL));
  g_assert_nonnull (strstr (outbox, code));
  g_assert_true (g_str_has_suffix (outbox, "}\n"));

  linked = confirm_link (sandbox, token, request_id, code, SOUP_STATUS_OK);
  object = object_of (linked);
  g_assert_true (json_object_get_boolean_member (object, "linked"));
  g_assert_cmpstr (json_object_get_string_member (object, "account_id"), ==, "7005518230");
  g_assert_cmpstr (json_object_get_string_member (object, "phone_masked"), ==, "+7 916 ***-**-67");
  /* A practice profile is a page of the training server itself. */
  profile_url = g_strconcat (dnevnik_test_sandbox_get_url (sandbox), "/sferum/profile?account=7005518230", NULL);
  g_assert_cmpstr (json_object_get_string_member (object, "profile_url"), ==, profile_url);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "linked_at"), "+03:00"));

  status = get_link (sandbox, token, FALSE);
  g_assert_true (json_object_get_boolean_member (object_of (status), "linked"));
  g_assert_cmpstr (json_object_get_string_member (object_of (status), "account_id"), ==, "7005518230");

  unlinked = dnevnik_test_sandbox_call (sandbox, "DELETE", "/api/v1/sferum/link", token, NULL, SOUP_STATUS_OK);
  g_assert_false (json_object_get_boolean_member (object_of (unlinked), "linked"));

  history = get_link (sandbox, token, TRUE);
  events = json_object_get_array_member (object_of (history), "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0), "kind"), ==, "unlinked");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 1), "kind"), ==, "linked");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0), "account_id"), ==,
                   "7005518230");
}

static void
test_link_seeded_accounts (void)
{
  g_autofree char *profile_url = NULL;
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new ("--today=2026-11-25", NULL);
  g_autofree char *maria = dnevnik_test_sandbox_login (sandbox, "maria", NULL);
  g_autofree char *olga = dnevnik_test_sandbox_login (sandbox, "olga", NULL);
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(JsonNode) olga_status = NULL;
  g_autoptr(JsonNode) olga_history = NULL;
  g_autoptr(JsonNode) already = NULL;
  g_autoptr(JsonNode) taken = NULL;
  g_autoptr(JsonNode) not_linked = NULL;
  JsonObject *object;

  status = get_link (sandbox, maria, FALSE);
  object = object_of (status);
  g_assert_true (json_object_get_boolean_member (object, "linked"));
  g_assert_cmpstr (json_object_get_string_member (object, "account_id"), ==, "7003921845");
  g_assert_cmpstr (json_object_get_string_member (object, "phone_masked"), ==, "+7 916 ***-**-43");
  g_assert_cmpstr (json_object_get_string_member (object, "linked_at"), ==, "2026-09-01T10:15:00+03:00");
  profile_url = g_strconcat (dnevnik_test_sandbox_get_url (sandbox), "/sferum/profile?account=7003921845", NULL);
  g_assert_cmpstr (json_object_get_string_member (object, "profile_url"), ==, profile_url);

  history = get_link (sandbox, maria, TRUE);
  g_assert_cmpuint (array_length (history, "events"), ==, 1);

  already = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/sferum/link/start", maria,
                                       "{\"phone\": \"+79035550102\"}", SOUP_STATUS_CONFLICT);
  assert_error (already, "already_linked");

  olga_status = get_link (sandbox, olga, FALSE);
  g_assert_false (json_object_get_boolean_member (object_of (olga_status), "linked"));
  olga_history = get_link (sandbox, olga, TRUE);
  g_assert_cmpuint (array_length (olga_history, "events"), ==, 0);

  /* Мария's number belongs to a MAX account linked to her diary. */
  taken = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/sferum/link/start", olga,
                                     "{\"phone\": \"+7 916 987-65-43\"}", SOUP_STATUS_CONFLICT);
  assert_error (taken, "max_account_taken");

  not_linked = dnevnik_test_sandbox_call (sandbox, "DELETE", "/api/v1/sferum/link", olga, NULL, SOUP_STATUS_NOT_FOUND);
  assert_error (not_linked, "not_linked");
}

static void
test_link_unregistered_number (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "olga", NULL);
  g_autoptr(JsonNode) started = NULL;
  g_autoptr(JsonNode) linked = NULL;
  g_autoptr(JsonNode) unlinked = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *code = NULL;
  const char *account_id;

  started = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/sferum/link/start", token,
                                       "{\"phone\": \"9261112233\"}", SOUP_STATUS_ACCEPTED);
  g_assert_false (json_object_get_boolean_member (object_of (started), "max_registered"));

  /* A code comes all the same, and confirming registers the number. */
  code = dnevnik_test_sandbox_get_last_code (sandbox, "+79261112233");
  g_assert_nonnull (code);
  linked = confirm_link (sandbox, token, json_object_get_string_member (object_of (started), "request_id"), code,
                         SOUP_STATUS_OK);
  account_id = json_object_get_string_member (object_of (linked), "account_id");
  g_assert_cmpuint (strlen (account_id), ==, 10);
  g_assert_true (account_id[0] == '7');

  unlinked = dnevnik_test_sandbox_call (sandbox, "DELETE", "/api/v1/sferum/link", token, NULL, SOUP_STATUS_OK);
  again = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/sferum/link/start", token,
                                     "{\"phone\": \"+79261112233\"}", SOUP_STATUS_ACCEPTED);
  g_assert_true (json_object_get_boolean_member (object_of (again), "max_registered"));
}

static void
test_link_invalid_phone (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  static const char * const phones[] = {
    "", "+7 495 123-45-67", "+8 916 123-45-67", "916123", "phone", "++79161234567", "+7 916 123-45-678",
  };

  for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"phone\": \"%s\"}", phones[i]);
      g_autoptr(JsonNode) reply = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/sferum/link/start", token,
                                                             body, SOUP_STATUS_BAD_REQUEST);

      assert_error (reply, "invalid_phone");
    }
}

static void
test_link_attempts (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new ("--max-attempts=3", NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autofree char *code = NULL;
  g_autofree char *request_id = start_link_with_code (sandbox, token, "+79161234567", &code);
  g_autofree char *wrong = wrong_code (code);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) third = NULL;
  g_autoptr(JsonNode) right_too_late = NULL;
  g_autoptr(JsonNode) resend = NULL;
  g_autoptr(JsonNode) status = NULL;

  first = assert_error (confirm_link (sandbox, token, request_id, wrong, SOUP_STATUS_BAD_REQUEST), "invalid_code");
  g_assert_cmpint (error_member (first, "attempts_left"), ==, 2);
  second = assert_error (confirm_link (sandbox, token, request_id, "12", SOUP_STATUS_BAD_REQUEST), "invalid_code");
  g_assert_cmpint (error_member (second, "attempts_left"), ==, 1);
  third = assert_error (confirm_link (sandbox, token, request_id, wrong, 429), "no_attempts_left");

  /* The request is dead: even the right code is refused, and resend too. */
  right_too_late = assert_error (confirm_link (sandbox, token, request_id, code, 429), "no_attempts_left");
  resend = assert_error (resend_link (sandbox, token, request_id, SOUP_STATUS_NOT_FOUND), "unknown_request");

  status = get_link (sandbox, token, FALSE);
  g_assert_false (json_object_get_boolean_member (object_of (status), "linked"));
}

static void
test_link_code_expiry (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new ("--code-ttl=1", "--resend-cooldown=0", NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autofree char *code = NULL;
  g_autofree char *request_id = start_link_with_code (sandbox, token, "+79161234567", &code);
  g_autofree char *new_code = NULL;
  g_autoptr(JsonNode) expired = NULL;
  g_autoptr(JsonNode) resent = NULL;
  g_autoptr(JsonNode) linked = NULL;

  dnevnik_test_loop_spin (1300);

  expired = assert_error (confirm_link (sandbox, token, request_id, code, SOUP_STATUS_GONE), "code_expired");

  /* A new code for the same request revives it. */
  resent = resend_link (sandbox, token, request_id, SOUP_STATUS_ACCEPTED);
  g_assert_cmpint (json_object_get_int_member (object_of (resent), "expires_in"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object_of (resent), "resend_in"), ==, 0);
  new_code = dnevnik_test_sandbox_get_last_code (sandbox, "+79161234567");
  g_assert_nonnull (new_code);
  linked = confirm_link (sandbox, token, request_id, new_code, SOUP_STATUS_OK);
  g_assert_true (json_object_get_boolean_member (object_of (linked), "linked"));
}

static void
test_link_resend (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new ("--resend-cooldown=1", NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autofree char *other = dnevnik_test_sandbox_login (sandbox, "olga", NULL);
  g_autofree char *first_code = NULL;
  g_autofree char *request_id = start_link_with_code (sandbox, token, "+79161234567", &first_code);
  g_autofree char *second_code = NULL;
  g_autofree char *wrong = NULL;
  g_autoptr(JsonNode) early = NULL;
  g_autoptr(JsonNode) resent = NULL;
  g_autoptr(JsonNode) foreign = NULL;
  g_autoptr(JsonNode) unknown = NULL;
  g_autoptr(JsonNode) wrong_reply = NULL;
  g_autoptr(JsonNode) old_code = NULL;
  g_autoptr(JsonNode) linked = NULL;
  g_autoptr(JsonNode) messages = NULL;

  early = assert_error (resend_link (sandbox, token, request_id, 429), "resend_too_early");
  g_assert_cmpint (error_member (early, "retry_after"), ==, 1);

  /* Another account's request is unknown to this one. */
  foreign = assert_error (resend_link (sandbox, other, request_id, SOUP_STATUS_NOT_FOUND), "unknown_request");
  unknown = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/sferum/link/resend", token,
                                       "{\"request_id\": \"nope\"}", SOUP_STATUS_NOT_FOUND);
  assert_error (unknown, "unknown_request");

  /* Use up an attempt, then resend: the attempts start again. */
  wrong = wrong_code (first_code);
  wrong_reply = confirm_link (sandbox, token, request_id, wrong, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpint (error_member (wrong_reply, "attempts_left"), ==, 2);

  dnevnik_test_loop_spin (1100);
  resent = resend_link (sandbox, token, request_id, SOUP_STATUS_ACCEPTED);
  g_assert_cmpint (json_object_get_int_member (object_of (resent), "resend_in"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object_of (resent), "expires_in"), ==, 300);

  messages = dnevnik_test_sandbox_call (sandbox, "GET", "/sandbox/sms", NULL, NULL, SOUP_STATUS_OK);
  g_assert_cmpuint (array_length (messages, "messages"), ==, 2);
  second_code = dnevnik_test_sandbox_get_last_code (sandbox, "+79161234567");

  /* The new code replaces the old one (unless they happen to be equal). */
  if (!g_str_equal (first_code, second_code))
    {
      old_code = confirm_link (sandbox, token, request_id, first_code, SOUP_STATUS_BAD_REQUEST);
      g_assert_cmpint (error_member (old_code, "attempts_left"), ==, 2);
    }

  linked = confirm_link (sandbox, token, request_id, second_code, SOUP_STATUS_OK);
}

static void
test_link_unknown_request (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autofree char *first_code = NULL;
  g_autofree char *first = start_link_with_code (sandbox, token, "+79161234567", &first_code);
  g_autofree char *second_code = NULL;
  g_autofree char *second = start_link_with_code (sandbox, token, "+79035550102", &second_code);
  g_autoptr(JsonNode) replaced = NULL;
  g_autoptr(JsonNode) unknown = NULL;
  g_autoptr(JsonNode) linked = NULL;
  g_autoptr(JsonNode) finished = NULL;

  /* A new start replaces the unfinished one. */
  replaced = assert_error (confirm_link (sandbox, token, first, first_code, SOUP_STATUS_NOT_FOUND), "unknown_request");
  unknown = assert_error (confirm_link (sandbox, token, "0123456789abcdef", "123456", SOUP_STATUS_NOT_FOUND),
                          "unknown_request");

  linked = confirm_link (sandbox, token, second, second_code, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (object_of (linked), "account_id"), ==, "7009150342");
  finished = assert_error (confirm_link (sandbox, token, second, second_code, SOUP_STATUS_NOT_FOUND),
                           "unknown_request");
}

static void
test_link_taken_meanwhile (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *ivan = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autofree char *olga = dnevnik_test_sandbox_login (sandbox, "olga", NULL);
  g_autofree char *ivan_code = NULL;
  g_autofree char *ivan_request = start_link_with_code (sandbox, ivan, "+79035550102", &ivan_code);
  g_autofree char *olga_code = NULL;
  g_autofree char *olga_request = start_link_with_code (sandbox, olga, "+79035550102", &olga_code);
  g_autoptr(JsonNode) linked = NULL;
  g_autoptr(JsonNode) taken = NULL;

  /* Both asked for the same number; the first to confirm gets it. */
  linked = confirm_link (sandbox, olga, olga_request, olga_code, SOUP_STATUS_OK);
  taken = assert_error (confirm_link (sandbox, ivan, ivan_request, ivan_code, SOUP_STATUS_CONFLICT),
                        "max_account_taken");
}

static void
test_link_start_limit (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *token = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autofree char *other = dnevnik_test_sandbox_login (sandbox, "olga", NULL);
  g_autoptr(JsonNode) limited = NULL;
  g_autofree char *other_request = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *request_id = start_link (sandbox, token, "+79161234567");

      g_assert_nonnull (request_id);
    }

  limited = dnevnik_test_sandbox_call (sandbox, "POST", "/api/v1/sferum/link/start", token,
                                       "{\"phone\": \"+79161234567\"}", 429);
  assert_error (limited, "too_many_requests");
  g_assert_cmpint (error_member (limited, "retry_after"), >, 0);
  g_assert_cmpint (error_member (limited, "retry_after"), <=, 600);

  other_request = start_link (sandbox, other, "+79161234567");
  g_assert_nonnull (other_request);
}

static void
test_link_sms_filter (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autofree char *ivan = dnevnik_test_sandbox_login (sandbox, "ivan", NULL);
  g_autofree char *olga = dnevnik_test_sandbox_login (sandbox, "olga", NULL);
  g_autofree char *first = start_link (sandbox, ivan, "+79161234567");
  g_autofree char *second = start_link (sandbox, olga, "+79035550102");
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) one = NULL;
  g_autoptr(JsonNode) spelled = NULL;
  g_autoptr(JsonNode) none = NULL;
  g_autofree char *outbox = NULL;
  g_auto(GStrv) lines = NULL;

  all = dnevnik_test_sandbox_call (sandbox, "GET", "/sandbox/sms", NULL, NULL, SOUP_STATUS_OK);
  g_assert_cmpuint (array_length (all, "messages"), ==, 2);
  one = dnevnik_test_sandbox_call (sandbox, "GET", "/sandbox/sms?phone=%2B79035550102", NULL, NULL, SOUP_STATUS_OK);
  g_assert_cmpuint (array_length (one, "messages"), ==, 1);
  spelled = dnevnik_test_sandbox_call (sandbox, "GET", "/sandbox/sms?phone=8903%205550102", NULL, NULL, SOUP_STATUS_OK);
  g_assert_cmpuint (array_length (spelled, "messages"), ==, 1);
  none = dnevnik_test_sandbox_call (sandbox, "GET", "/sandbox/sms?phone=%2B79990000000", NULL, NULL, SOUP_STATUS_OK);
  g_assert_cmpuint (array_length (none, "messages"), ==, 0);

  /* One JSON object a line in the file */
  g_assert_true (g_file_get_contents (dnevnik_test_sandbox_get_outbox_path (sandbox), &outbox, NULL, NULL));
  lines = g_strsplit (outbox, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[2], ==, "");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                      "request_id"), ==, i == 0 ? first : second);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox-link/full-cycle", test_link_full_cycle);
  g_test_add_func ("/sandbox-link/seeded-accounts", test_link_seeded_accounts);
  g_test_add_func ("/sandbox-link/unregistered-number", test_link_unregistered_number);
  g_test_add_func ("/sandbox-link/invalid-phone", test_link_invalid_phone);
  g_test_add_func ("/sandbox-link/attempts", test_link_attempts);
  g_test_add_func ("/sandbox-link/code-expiry", test_link_code_expiry);
  g_test_add_func ("/sandbox-link/resend", test_link_resend);
  g_test_add_func ("/sandbox-link/unknown-request", test_link_unknown_request);
  g_test_add_func ("/sandbox-link/taken-meanwhile", test_link_taken_meanwhile);
  g_test_add_func ("/sandbox-link/start-limit", test_link_start_limit);
  g_test_add_func ("/sandbox-link/sms-filter", test_link_sms_filter);

  return g_test_run ();
}
