/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-common"

#include "config.h"

#include <locale.h>

#include "dnevnik-text.h"

/* Network text made safe to show (src/common/dnevnik-text.h). */

static void
test_text_kept (void)
{
  static const char * const kept[] = {
    "Алгебра", "8 «Б»", "<b>bold</b> & &amp; <span>", "ГБОУ Школа № 1535", "", "a\u200db",
  };

  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *text = dnevnik_text_sanitize (kept[i], -1, DNEVNIK_TEXT_MAX_SHORT, DNEVNIK_TEXT_SINGLE_LINE);

      g_assert_cmpstr (text, ==, kept[i]);
    }
}

static void
test_text_hidden_removed (void)
{
  static const struct {
    const char       *in;
    DnevnikTextFlags  flags;
    const char       *out;
  } cases[] = {
    /* Bidi overrides, embeddings, isolates and marks. */
    { "\u202eexe.txt", DNEVNIK_TEXT_SINGLE_LINE, "exe.txt" },
    { "a\u202ab\u202bc\u202cd\u202de", DNEVNIK_TEXT_SINGLE_LINE, "abcde" },
    { "\u2066x\u2067y\u2068z\u2069", DNEVNIK_TEXT_SINGLE_LINE, "xyz" },
    { "l\u200em\u200fn\u061co", DNEVNIK_TEXT_SINGLE_LINE, "lmno" },
    /* C0, DEL and C1 controls. */
    { "a\x01" "b\x1b[31mc\x7f" "d", DNEVNIK_TEXT_SINGLE_LINE, "ab[31mcd" },
    { "x\xc2\x85" "y\xc2\x9b" "z", DNEVNIK_TEXT_SINGLE_LINE, "xyz" },
    /* Breaks and tabs: a space on one line, one LF when lines are kept. */
    { "a\tb", DNEVNIK_TEXT_SINGLE_LINE, "a b" },
    { "one\r\ntwo\nthree\u2028four", DNEVNIK_TEXT_SINGLE_LINE, "one two three four" },
    { "one\r\ntwo\rthree\u2029four", DNEVNIK_TEXT_MULTILINE, "one\ntwo\nthree\nfour" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dnevnik_text_sanitize (cases[i].in, -1, DNEVNIK_TEXT_MAX_SHORT, cases[i].flags);

      g_test_message ("case %u", i);
      g_assert_cmpstr (text, ==, cases[i].out);
    }

  g_assert_true (dnevnik_text_is_hidden (0x202e));
  g_assert_true (dnevnik_text_is_hidden (0x0000));
  g_assert_false (dnevnik_text_is_hidden (' '));
  g_assert_false (dnevnik_text_is_hidden (0x200d));
}

static void
test_text_invalid (void)
{
  static const char embedded_nul[] = "ab\0cd";

  g_assert_null (dnevnik_text_sanitize ("\xe9t\xe9", -1, 10, DNEVNIK_TEXT_SINGLE_LINE));
  g_assert_null (dnevnik_text_sanitize ("\xed\xa0\x80", -1, 10, DNEVNIK_TEXT_SINGLE_LINE));
  g_assert_null (dnevnik_text_sanitize (embedded_nul, sizeof embedded_nul - 1, 10, DNEVNIK_TEXT_SINGLE_LINE));
}

static void
test_text_capped (void)
{
  g_autofree char *fits = dnevnik_text_sanitize ("абвгд", -1, 5, DNEVNIK_TEXT_SINGLE_LINE);
  g_autofree char *cut = dnevnik_text_sanitize ("абвгде", -1, 5, DNEVNIK_TEXT_SINGLE_LINE);
  g_autofree char *hidden_free = dnevnik_text_sanitize ("\u202e\u202e\u202eабв", -1, 3, DNEVNIK_TEXT_SINGLE_LINE);
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autofree char *huge_cut = NULL;

  g_assert_cmpstr (fits, ==, "абвгд");
  g_assert_cmpstr (cut, ==, "абвг…");
  g_assert_cmpuint (g_utf8_strlen (cut, -1), ==, 5);
  /* Removed characters do not count. */
  g_assert_cmpstr (hidden_free, ==, "абв");

  for (guint i = 0; i < 100000; i++)
    g_string_append (huge, "ж");
  huge_cut = dnevnik_text_sanitize (huge->str, huge->len, DNEVNIK_TEXT_MAX_LONG, DNEVNIK_TEXT_MULTILINE);
  g_assert_cmpuint (g_utf8_strlen (huge_cut, -1), ==, DNEVNIK_TEXT_MAX_LONG);
  g_assert_true (g_str_has_suffix (huge_cut, "…"));
}

static void
test_text_formats (void)
{
  static const char * const account_ids[] = { "7003921845", "a-b_c.d", "1" };
  static const char * const not_account_ids[] = {
    "", "<b>1</b>", "\u202e5481", "12 34", "7003921845\n", "ид",
    "12345678901234567890123456789012345678901234567890123456789012345",
  };
  static const char * const phones[] = { "+7 916 ***-**-67", "+7 (916) ***-**-67", "+79*******67" };
  static const char * const not_phones[] = {
    "", "*** **", "+7 916 \u202e76-**-***", "<i>+7 916</i>", "+7 916 ***-**-67 &amp;",
    "+7 916 ***-**-67 +7 916 ***-**-67 +7",
  };

  for (guint i = 0; i < G_N_ELEMENTS (account_ids); i++)
    g_assert_true (dnevnik_text_is_account_id (account_ids[i]));
  for (guint i = 0; i < G_N_ELEMENTS (not_account_ids); i++)
    g_assert_false (dnevnik_text_is_account_id (not_account_ids[i]));
  for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
    g_assert_true (dnevnik_text_is_masked_phone (phones[i]));
  for (guint i = 0; i < G_N_ELEMENTS (not_phones); i++)
    g_assert_false (dnevnik_text_is_masked_phone (not_phones[i]));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/kept", test_text_kept);
  g_test_add_func ("/text/hidden-removed", test_text_hidden_removed);
  g_test_add_func ("/text/invalid", test_text_invalid);
  g_test_add_func ("/text/capped", test_text_capped);
  g_test_add_func ("/text/formats", test_text_formats);

  return g_test_run ();
}
