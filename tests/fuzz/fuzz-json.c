/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "dnevnik-api.h"
#include "dnevnik-json.h"
#include "dnevnik-parse.h"
#include "dnevnik-token-store.h"

/* One libFuzzer target over every JSON → model parser of the service.
 * The first byte of an input picks the parser; the rest is the reply body.
 * A crash, a sanitizer report, or a GLib warning or critical (made fatal
 * here) is a finding.
 */

enum {
  PARSE_AUTH,
  PARSE_PROFILE,
  PARSE_LINK_STATUS,
  PARSE_DIARY,
  PARSE_LIBRARY,
  PARSE_PORTFOLIO,
  PARSE_LINK_HISTORY,
  PARSE_LINK_REQUEST,
  PARSE_LINK_RESEND,
  PARSE_ERROR_BODY,
  PARSE_STORED_TOKENS,
  PARSE_REDACT,
  N_PARSERS
};

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static DnevnikLinkRequest *request;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_writer_func (g_log_writer_default, NULL, NULL);

  request = g_object_new (DNEVNIK_TYPE_LINK_REQUEST,
                          "request-id", "r-1",
                          "code-length", 6,
                          "phone-masked", "+7 916 ***-**-67",
                          NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) object = NULL;
  GDate from, to;

  if (size < 1)
    return 0;

  body = g_bytes_new (data + 1, size - 1);

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 23, G_DATE_NOVEMBER, 2026);
  g_date_set_dmy (&to, 29, G_DATE_NOVEMBER, 2026);

  switch (data[0] % N_PARSERS)
    {
    case PARSE_AUTH:
      {
        g_autoptr(DnevnikAuthReply) reply = dnevnik_parse_auth (body, &error);

        g_assert ((reply == NULL) != (error == NULL));
      }
      break;

    case PARSE_PROFILE:
      object = G_OBJECT (dnevnik_parse_profile (body, &error));
      break;

    case PARSE_LINK_STATUS:
      object = G_OBJECT (dnevnik_parse_link_status (body, &error));
      break;

    case PARSE_DIARY:
      /* With the range checked, and without. */
      object = G_OBJECT (dnevnik_parse_diary (body, (data[0] & 0x80) ? &from : NULL,
                                              (data[0] & 0x80) ? &to : NULL, &error));
      break;

    case PARSE_LIBRARY:
      object = G_OBJECT (dnevnik_parse_library (body, &error));
      break;

    case PARSE_PORTFOLIO:
      object = G_OBJECT (dnevnik_parse_portfolio (body, &error));
      break;

    case PARSE_LINK_HISTORY:
      object = G_OBJECT (dnevnik_parse_link_history (body, &error));
      break;

    case PARSE_LINK_REQUEST:
      object = G_OBJECT (dnevnik_parse_link_request (body, "+79161234567", &error));
      break;

    case PARSE_LINK_RESEND:
      object = G_OBJECT (dnevnik_parse_link_resend (body, request, &error));
      break;

    case PARSE_ERROR_BODY:
      {
        g_autofree char *code = NULL;
        int retry_after, attempts_left;

        dnevnik_parse_error_body (body, &code, &retry_after, &attempts_left);
      }
      return 0;

    case PARSE_STORED_TOKENS:
      {
        g_autofree char *text = g_strndup ((const char *) data + 1, size - 1);
        g_autoptr(DnevnikTokens) tokens = dnevnik_tokens_deserialize ("ivan", text, &error);

        g_assert ((tokens == NULL) != (error == NULL));
      }
      return 0;

    case PARSE_REDACT:
      {
        g_autofree char *text = g_strndup ((const char *) data + 1, size - 1);
        g_autofree char *redacted = NULL;

        if (g_utf8_validate (text, -1, NULL))
          redacted = dnevnik_api_redact (text);
      }
      return 0;

    default:
      g_assert_not_reached ();
    }

  /* Every parser either returns a model or says why not, never both. */
  if ((data[0] % N_PARSERS) != PARSE_AUTH)
    g_assert ((object == NULL) != (error == NULL));

  return 0;
}
