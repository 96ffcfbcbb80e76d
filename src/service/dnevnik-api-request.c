/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include <json-glib/json-glib.h>

#include "dnevnik-api.h"
#include "dnevnik-service-error.h"
#include "dnevnik-url.h"

/* What DnevnikApi puts into a request and into the debug log, apart from
 * sending it: the server address it accepts, the JSON body of a request,
 * and the redaction of secrets from what is logged. */

/* The debug log is for developers, and school computers share logs:
 * tokens, passwords and codes never reach it.  A JWT (a token of the МЭШ
 * platform: its refresh answers one as plain text) is one wherever it
 * stands.
 */
char *
dnevnik_api_redact (const char *text)
{
  static GRegex *secrets;
  static GRegex *authorization;
  static GRegex *jwt;
  g_autofree char *step = NULL;
  g_autofree char *second = NULL;

  if (g_once_init_enter (&secrets))
    {
      GRegex *regex = g_regex_new ("(\"(?:access_token|refresh_token|password|token|auth_token)\"\\s*:\\s*\")"
                                   "(?:[^\"\\\\]|\\\\.)*(\"?)",
                                   G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&secrets, regex);
    }
  if (g_once_init_enter (&authorization))
    {
      GRegex *regex = g_regex_new ("^((?:Proxy-)?Authorization:\\s*).*$|(\"code\"\\s*:\\s*\")[0-9]*(\"?)",
                                   G_REGEX_OPTIMIZE | G_REGEX_CASELESS | G_REGEX_MULTILINE, 0, NULL);
      g_once_init_leave (&authorization, regex);
    }
  if (g_once_init_enter (&jwt))
    {
      GRegex *regex = g_regex_new ("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*", G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&jwt, regex);
    }

  step = g_regex_replace (secrets, text, -1, 0, "\\1[redacted]\\2", 0, NULL);
  if (step == NULL)
    return g_strdup ("[unprintable]");

  second = g_regex_replace (authorization, step, -1, 0, "\\1\\2[redacted]\\3", 0, NULL);
  if (second == NULL)
    return g_strdup ("[unprintable]");

  return g_regex_replace_literal (jwt, second, -1, 0, "[redacted]", 0, NULL);
}

/**
 * dnevnik_api_check_url:
 * @base_url: a server address
 * @error: return location for a %DNEVNIK_SERVICE_ERROR_INSECURE_URL error
 *
 * The server address follows the app's one URL policy (dnevnik-url.h):
 * `https://`, or `http://` to this computer only; anything else would send
 * the student's password and tokens in the clear.  As a base address it
 * has no query or fragment either.
 *
 * Returns: whether @base_url may be used
 */
gboolean
dnevnik_api_check_url (const char  *base_url,
                       GError     **error)
{
  const char *reason;

  if (dnevnik_url_is_allowed (base_url, DNEVNIK_URL_POLICY_BASE, &reason))
    return TRUE;

  g_debug ("Refusing server address “%s”: %s", base_url, reason);
  g_propagate_error (error, dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_INSECURE_URL, NULL, -1, -1));
  return FALSE;
}

/**
 * dnevnik_api_build_body:
 * @first_member: the name of the first string member
 * @...: its value, then more name/value pairs, ending with %NULL
 *
 * Returns: (transfer full): a JSON object of string members, as bytes
 */
GBytes *
dnevnik_api_build_body (const char *first_member,
                        ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *member = first_member;
  char *text;
  gsize length;
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, first_member);
  while (member != NULL)
    {
      json_builder_set_member_name (builder, member);
      json_builder_add_string_value (builder, va_arg (args, const char *));
      member = va_arg (args, const char *);
    }
  va_end (args);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}
