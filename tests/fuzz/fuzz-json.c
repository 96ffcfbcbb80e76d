/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "dnevnik-api.h"
#include "dnevnik-json.h"
#include "dnevnik-lesson.h"
#include "dnevnik-mark.h"
#include "dnevnik-parse.h"
#include "dnevnik-text.h"
#include "dnevnik-token-store.h"
#include "dnevnik-url.h"

/* One libFuzzer target over every JSON → model parser of the service.
 * The first byte of an input picks the parser; the rest is the reply body.
 * A crash, a sanitizer report, or a GLib warning or critical (made fatal
 * here) is a finding; so is a model that shows a hidden character (a
 * control or a bidi override) or holds an address the URL policy refuses.
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
  PARSE_PERIODS,
  PARSE_MARKS,
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

/* Text a person will read: no hidden characters, line breaks aside. */
static void
assert_shown (const char *text)
{
  if (text == NULL)
    return;

  g_assert (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    g_assert (*p == '\n' || !dnevnik_text_is_hidden (g_utf8_get_char (p)));
}

static void
check_shown (GObject *object)
{
  if (DNEVNIK_IS_PROFILE (object))
    {
      DnevnikProfile *profile = DNEVNIK_PROFILE (object);

      assert_shown (dnevnik_profile_get_login (profile));
      assert_shown (dnevnik_profile_get_first_name (profile));
      assert_shown (dnevnik_profile_get_last_name (profile));
      assert_shown (dnevnik_profile_get_middle_name (profile));
      assert_shown (dnevnik_profile_get_school (profile));
      assert_shown (dnevnik_profile_get_class_name (profile));
    }
  else if (DNEVNIK_IS_LINK_STATUS (object))
    {
      DnevnikLinkStatus *status = DNEVNIK_LINK_STATUS (object);
      const char *url = dnevnik_link_status_get_profile_url (status);

      assert_shown (dnevnik_link_status_get_account_id (status));
      assert_shown (dnevnik_link_status_get_phone_masked (status));
      g_assert (url == NULL || dnevnik_url_is_allowed (url, DNEVNIK_URL_POLICY_DEFAULT, NULL));
    }
  else if (G_IS_LIST_MODEL (object))
    {
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (object)); i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (object), i);

          if (DNEVNIK_IS_LIBRARY_ITEM (item))
            {
              DnevnikLibraryItem *library_item = DNEVNIK_LIBRARY_ITEM (item);

              assert_shown (dnevnik_library_item_get_title (library_item));
              assert_shown (dnevnik_library_item_get_subject (library_item));
              assert_shown (dnevnik_library_item_get_kind (library_item));
              g_assert (dnevnik_url_is_allowed (dnevnik_library_item_get_url (library_item),
                                                DNEVNIK_URL_POLICY_DEFAULT, NULL));
            }
          else if (DNEVNIK_IS_PERIOD (item))
            {
              DnevnikPeriod *period = DNEVNIK_PERIOD (item);

              assert_shown (dnevnik_period_get_id (period));
              assert_shown (dnevnik_period_get_title (period));
              g_assert (g_date_compare (dnevnik_period_get_start (period), dnevnik_period_get_end (period)) <= 0);
            }
          else if (DNEVNIK_IS_SUBJECT_MARKS (item))
            {
              GListModel *marks = dnevnik_subject_marks_get_marks (DNEVNIK_SUBJECT_MARKS (item));

              assert_shown (dnevnik_subject_marks_get_subject (DNEVNIK_SUBJECT_MARKS (item)));
              assert_shown (dnevnik_subject_marks_get_final (DNEVNIK_SUBJECT_MARKS (item)));
              g_assert (g_list_model_get_n_items (marks) <= DNEVNIK_PARSE_MAX_SUBJECT_MARKS);
              for (guint j = 0; j < g_list_model_get_n_items (marks); j++)
                {
                  g_autoptr(DnevnikMark) mark = g_list_model_get_item (marks, j);

                  assert_shown (dnevnik_mark_get_id (mark));
                  assert_shown (dnevnik_mark_get_value (mark));
                  assert_shown (dnevnik_mark_get_control_form (mark));
                  assert_shown (dnevnik_mark_get_comment (mark));
                  g_assert (dnevnik_mark_get_weight (mark) >= 1);
                  g_assert (g_date_valid (dnevnik_mark_get_date (mark)));
                }
            }
          else if (DNEVNIK_IS_DIARY_DAY (item))
            {
              GListModel *lessons = dnevnik_diary_day_get_lessons (DNEVNIK_DIARY_DAY (item));

              g_assert (g_list_model_get_n_items (lessons) <= DNEVNIK_PARSE_MAX_LESSONS_PER_DAY);
              for (guint j = 0; j < g_list_model_get_n_items (lessons); j++)
                {
                  g_autoptr(DnevnikLesson) lesson = g_list_model_get_item (lessons, j);
                  const char * const *homework = dnevnik_lesson_get_homework (lesson);

                  assert_shown (dnevnik_lesson_get_subject (lesson));
                  assert_shown (dnevnik_lesson_get_room (lesson));
                  assert_shown (dnevnik_lesson_get_teacher (lesson));
                  for (guint k = 0; homework != NULL && homework[k] != NULL; k++)
                    assert_shown (homework[k]);
                }
            }
        }
    }
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

    case PARSE_PERIODS:
      object = G_OBJECT (dnevnik_parse_periods (body, &error));
      break;

    case PARSE_MARKS:
      {
        g_autofree char *period_id = NULL;
        double round_up_from = -1;

        object = G_OBJECT (dnevnik_parse_marks (body, &period_id, &round_up_from, &error));
        g_assert (object == NULL || (period_id != NULL && round_up_from >= 0 && round_up_from <= 1));
      }
      break;

    default:
      g_assert_not_reached ();
    }

  /* Every parser either returns a model or says why not, never both. */
  if ((data[0] % N_PARSERS) != PARSE_AUTH)
    g_assert ((object == NULL) != (error == NULL));

  if (object != NULL)
    check_shown (object);

  return 0;
}
