/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-common"

#include "config.h"

#include <string.h>

#include "dnevnik-text.h"

static gboolean
is_line_break (gunichar c)
{
  return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029;
}

/* Whether @text is 1 to @max_length ASCII characters each of the class
 * @type (%G_ASCII_ALNUM, %G_ASCII_DIGIT…) or one of @others; in
 * @out_of_type (optional), whether one at least is of @type. */
static gboolean
is_short_ascii (const char *text,
                gsize       max_length,
                GAsciiType  type,
                const char *others,
                gboolean   *out_of_type)
{
  gsize length = strlen (text);
  gboolean of_type = FALSE;

  if (length == 0 || length > max_length)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if ((g_ascii_table[(guchar) text[i]] & type) != 0)
        of_type = TRUE;
      else if (strchr (others, text[i]) == NULL)
        return FALSE;
    }

  if (out_of_type != NULL)
    *out_of_type = of_type;
  return TRUE;
}

/**
 * dnevnik_text_is_hidden:
 * @c: a character
 *
 * The characters that are never shown as they come: C0 and C1 controls
 * and DEL (they render as nothing, or as boxes, and can end a line), and
 * the explicit bidi formatting characters — LRM, RLM and ALM, the
 * embeddings and overrides U+202A–U+202E and the isolates U+2066–U+2069 —
 * which make text read in an order other than the one it is stored in.
 *
 * Returns: whether @c is one of them
 */
gboolean
dnevnik_text_is_hidden (gunichar c)
{
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
         c == 0x200e || c == 0x200f || c == 0x061c ||
         (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069);
}

/**
 * dnevnik_text_sanitize:
 * @text: text received from the network
 * @length: its length in bytes, or -1 if it is nul-terminated
 * @max_chars: the most characters to keep (at least 1)
 * @flags: whether line breaks are kept
 *
 * Makes @text safe to show: it must be valid UTF-8; hidden characters
 * (see dnevnik_text_is_hidden()) are removed, except that a tab becomes a
 * space and a line break (LF, CR, CR LF, U+2028, U+2029) becomes a space
 * or, with %DNEVNIK_TEXT_MULTILINE, a single LF.  Text longer than
 * @max_chars is cut and ends with “…”.  The result is plain text: it is
 * not escaped for Pango markup, which is the widget's business.
 *
 * Returns: (transfer full) (nullable): the text to show, or %NULL if
 *   @text is not valid UTF-8
 */
char *
dnevnik_text_sanitize (const char       *text,
                       gssize            length,
                       gsize             max_chars,
                       DnevnikTextFlags  flags)
{
  g_autoptr(GString) out = NULL;
  const char *end;
  const char *p;
  gsize chars = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (max_chars > 0, NULL);

  /* With a length, an embedded NUL fails this too. */
  if (!g_utf8_validate (text, length, &end))
    return NULL;

  out = g_string_sized_new (end - text);

  for (p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_line_break (c))
        {
          /* CR LF is one break, not two. */
          if (c == '\r' && p + 1 < end && p[1] == '\n')
            continue;
          c = (flags & DNEVNIK_TEXT_MULTILINE) != 0 ? '\n' : ' ';
        }
      else if (c == '\t')
        {
          c = ' ';
        }
      else if (dnevnik_text_is_hidden (c))
        {
          continue;
        }

      if (chars == max_chars)
        {
          /* Replace the last kept character by the ellipsis. */
          const char *last = g_utf8_find_prev_char (out->str, out->str + out->len);

          g_string_truncate (out, last != NULL ? (gsize) (last - out->str) : 0);
          g_string_append_unichar (out, 0x2026);
          break;
        }

      g_string_append_unichar (out, c);
      chars++;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * dnevnik_text_is_account_id:
 * @text: a MAX account id from the network
 *
 * Returns: whether @text is 1 to %DNEVNIK_TEXT_MAX_ACCOUNT_ID ASCII
 *   letters, digits, `-`, `_` and `.` (the training server's are ten
 *   digits)
 */
gboolean
dnevnik_text_is_account_id (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return is_short_ascii (text, DNEVNIK_TEXT_MAX_ACCOUNT_ID, G_ASCII_ALNUM, "-_.", NULL);
}

/**
 * dnevnik_text_is_masked_phone:
 * @text: a masked phone number from the network, e.g. “+7 916 ***-**-67”
 *
 * Returns: whether @text is at most %DNEVNIK_TEXT_MAX_MASKED_PHONE
 *   characters of digits (one at least), stars and the formatting of
 *   dnevnik_phone_mask() (`+`, `-`, brackets, spaces)
 */
gboolean
dnevnik_text_is_masked_phone (const char *text)
{
  gboolean digit = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);

  return is_short_ascii (text, DNEVNIK_TEXT_MAX_MASKED_PHONE, G_ASCII_DIGIT, "+*-() ", &digit) && digit;
}
