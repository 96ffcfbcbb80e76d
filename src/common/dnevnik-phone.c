/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-common"

#include "config.h"

#include <string.h>

#include "dnevnik-phone.h"

static gboolean
is_formatting (char c)
{
  return c == ' ' || c == '(' || c == ')' || c == '-' || c == '.' || c == '\t';
}

/* Collects the digits of @input.  Returns FALSE when @input holds anything
 * but digits, formatting and a single leading '+'.
 */
static gboolean
collect_digits (const char *input,
                GString    *digits,
                gboolean   *had_plus)
{
  gboolean seen_digit = FALSE;

  *had_plus = FALSE;

  for (const char *p = input; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (digits, *p);
          seen_digit = TRUE;
        }
      else if (*p == '+' && !seen_digit && !*had_plus)
        *had_plus = TRUE;
      else if (!is_formatting (*p))
        return FALSE;

      if (digits->len > 16)
        return FALSE;
    }

  return TRUE;
}

/**
 * dnevnik_phone_normalize:
 * @input: what the person typed or pasted
 *
 * Turns any accepted spelling of a Russian mobile number into the
 * canonical form "+79XXXXXXXXX".
 *
 * Returns: (transfer full) (nullable): the canonical number, or %NULL
 *   when @input is not a Russian mobile number
 */
char *
dnevnik_phone_normalize (const char *input)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *national;
  gboolean had_plus;

  if (input == NULL || !collect_digits (input, digits, &had_plus))
    return NULL;

  if (digits->len == 11)
    {
      /* "+8…" is not a thing; "8…" is the domestic trunk prefix. */
      if (digits->str[0] == '7' || (digits->str[0] == '8' && !had_plus))
        national = digits->str + 1;
      else
        return NULL;
    }
  else if (digits->len == 10 && !had_plus)
    national = digits->str;
  else
    return NULL;

  if (national[0] != '9')
    return NULL;

  return g_strconcat ("+7", national, NULL);
}

/**
 * dnevnik_phone_is_valid:
 * @input: (nullable): what the person typed or pasted
 *
 * Returns: whether dnevnik_phone_normalize() accepts @input
 */
gboolean
dnevnik_phone_is_valid (const char *input)
{
  g_autofree char *normalized = dnevnik_phone_normalize (input);

  return normalized != NULL;
}

/**
 * dnevnik_phone_extract_national:
 * @input: (nullable): a complete or partial number, as typed or pasted
 *
 * Gets the national digits (the ten after +7) the person means, for an
 * input field that shows "+7" beside it: a pasted "8 916 …" or "+7 916 …"
 * loses its prefix, other characters are dropped and at most ten digits
 * are kept.  Useful while typing, when the number is still incomplete.
 *
 * Returns: (transfer full): the national digits, possibly empty
 */
char *
dnevnik_phone_extract_national (const char *input)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean had_plus = FALSE;
  gboolean seen_digit = FALSE;
  const char *start;

  if (input == NULL)
    return g_strdup ("");

  for (const char *p = input; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (digits, *p);
          seen_digit = TRUE;
        }
      else if (*p == '+' && !seen_digit)
        had_plus = TRUE;
    }

  start = digits->str;
  if (had_plus && start[0] == '7')
    start++;
  else if (!had_plus && digits->len == 11 && (start[0] == '7' || start[0] == '8'))
    start++;
  else if (!had_plus && digits->len > 0 && start[0] == '8' && digits->len > 1 && start[1] == '9')
    start++;

  return g_strndup (start, MIN (strlen (start), DNEVNIK_PHONE_NATIONAL_DIGITS));
}

/**
 * dnevnik_phone_format_national:
 * @national: up to ten digits
 *
 * Formats national digits the way Russian numbers are written,
 * "916 123-45-67", also when fewer than ten digits have been typed
 * ("916 12").
 *
 * Returns: (transfer full): the formatted digits
 */
char *
dnevnik_phone_format_national (const char *national)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  g_return_val_if_fail (national != NULL, g_string_free (out, FALSE));

  for (const char *p = national; *p != '\0' && n < DNEVNIK_PHONE_NATIONAL_DIGITS; p++)
    {
      if (!g_ascii_isdigit (*p))
        continue;

      if (n == 3)
        g_string_append_c (out, ' ');
      else if (n == 6 || n == 8)
        g_string_append_c (out, '-');

      g_string_append_c (out, *p);
      n++;
    }

  return g_string_free (out, FALSE);
}

/**
 * dnevnik_phone_format:
 * @e164: a canonical number, "+79XXXXXXXXX"
 *
 * Returns: (transfer full): "+7 916 123-45-67", or a copy of @e164 when it
 *   is not canonical
 */
char *
dnevnik_phone_format (const char *e164)
{
  g_autofree char *national = NULL;

  g_return_val_if_fail (e164 != NULL, NULL);

  if (strlen (e164) != 12 || !g_str_has_prefix (e164, "+7"))
    return g_strdup (e164);

  national = dnevnik_phone_format_national (e164 + 2);
  return g_strconcat ("+7 ", national, NULL);
}

/**
 * dnevnik_phone_mask:
 * @e164: a canonical number, "+79XXXXXXXXX"
 *
 * Hides the middle of a number so that it can be shown on a shared screen:
 * "+7 916 ***-**-67".
 *
 * Returns: (transfer full) (nullable): the masked number, or %NULL when
 *   @e164 is not canonical
 */
char *
dnevnik_phone_mask (const char *e164)
{
  g_return_val_if_fail (e164 != NULL, NULL);

  if (strlen (e164) != 12 || !g_str_has_prefix (e164, "+7"))
    return NULL;

  for (guint i = 2; i < 12; i++)
    if (!g_ascii_isdigit (e164[i]))
      return NULL;

  return g_strdup_printf ("+7 %.3s ***-**-%.2s", e164 + 2, e164 + 10);
}
