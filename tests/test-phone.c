/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "dnevnik-phone.h"

/* The one set of phone rules the app and the sandbox share
 * (src/common/dnevnik-phone.h, DESIGN §3). */

static void
test_phone_accepted (void)
{
  static const struct
  {
    const char *input;
    const char *expected;
  } cases[] = {
    { "8 916 123-45-67",      "+79161234567" },
    { "+7 (916) 123-45-67",   "+79161234567" },
    { "9161234567",           "+79161234567" },
    { "79161234567",          "+79161234567" },
    { "+7-916-123-45-67",     "+79161234567" },
    { "+79161234567",         "+79161234567" },
    { "89161234567",          "+79161234567" },
    { "8 (903) 555.01.02",    "+79035550102" },
    { "  +7 999 000 00 00  ", "+79990000000" },
    { "7\t916\t1234567",      "+79161234567" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normalized = dnevnik_phone_normalize (cases[i].input);

      g_test_message ("accepting “%s”", cases[i].input);
      g_assert_cmpstr (normalized, ==, cases[i].expected);
      g_assert_true (dnevnik_phone_is_valid (cases[i].input));
    }
}

static void
test_phone_rejected (void)
{
  static const char * const cases[] = {
    "",
    "   ",
    "+",
    "abc",
    "916123456a",
    "+7 916 123-45-6x",
    "+8 916 123-45-67",       /* + only goes with the country code */
    "+7 495 123-45-67",       /* a Moscow landline */
    "8 (495) 123-45-67",
    "+7 812 123-45-67",
    "916123456",              /* too short */
    "+7 916 123-45-6",
    "+7 916 123-45-678",      /* too long */
    "9161234567890123456789",
    "++79161234567",
    "+7+9161234567",
    "7 916 123-45-67+",
    "+1 916 123 4567",        /* another country */
    "+3 9161234567",
    "69161234567",
    "+9161234567",            /* ten digits with a + is not a country code */
    "8 916 123–45–67",        /* en dashes are not formatting we accept */
    "8 916 123/45/67",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normalized = dnevnik_phone_normalize (cases[i]);

      g_test_message ("rejecting “%s”", cases[i]);
      g_assert_null (normalized);
      g_assert_false (dnevnik_phone_is_valid (cases[i]));
    }

  g_assert_null (dnevnik_phone_normalize (NULL));
  g_assert_false (dnevnik_phone_is_valid (NULL));
}

static void
test_phone_format (void)
{
  static const struct
  {
    const char *national;
    const char *expected;
  } partial[] = {
    { "",            "" },
    { "9",           "9" },
    { "916",         "916" },
    { "9161",        "916 1" },
    { "916123",      "916 123" },
    { "9161234",     "916 123-4" },
    { "91612345",    "916 123-45" },
    { "916123456",   "916 123-45-6" },
    { "9161234567",  "916 123-45-67" },
    { "91612345678", "916 123-45-67" },   /* at most ten digits */
    { "916-12",      "916 12" },          /* non-digits are skipped */
  };
  g_autofree char *formatted = dnevnik_phone_format ("+79161234567");
  g_autofree char *odd = dnevnik_phone_format ("12345");

  for (guint i = 0; i < G_N_ELEMENTS (partial); i++)
    {
      g_autofree char *result = dnevnik_phone_format_national (partial[i].national);

      g_assert_cmpstr (result, ==, partial[i].expected);
    }

  g_assert_cmpstr (formatted, ==, "+7 916 123-45-67");
  g_assert_cmpstr (odd, ==, "12345");
}

static void
test_phone_mask (void)
{
  g_autofree char *masked = dnevnik_phone_mask ("+79161234567");
  g_autofree char *other = dnevnik_phone_mask ("+79035550102");
  g_autofree char *short_one = dnevnik_phone_mask ("+7916123456");
  g_autofree char *not_canonical = dnevnik_phone_mask ("89161234567");
  g_autofree char *letters = dnevnik_phone_mask ("+7916123456a");

  g_assert_cmpstr (masked, ==, "+7 916 ***-**-67");
  g_assert_cmpstr (other, ==, "+7 903 ***-**-02");
  g_assert_null (short_one);
  g_assert_null (not_canonical);
  g_assert_null (letters);
}

static void
test_phone_extract_national (void)
{
  static const struct
  {
    const char *input;
    const char *expected;
  } cases[] = {
    { "",                   "" },
    { "9",                  "9" },
    { "8 916 123-45-67",    "9161234567" },
    { "+7 (916) 123-45-67", "9161234567" },
    { "79161234567",        "9161234567" },
    { "+7 916",             "916" },
    { "8916",               "916" },
    { "916 123 45 67 89",   "9161234567" },
    { "тел. 916-12",        "91612" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *national = dnevnik_phone_extract_national (cases[i].input);

      g_test_message ("extracting from “%s”", cases[i].input);
      g_assert_cmpstr (national, ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/phone/accepted", test_phone_accepted);
  g_test_add_func ("/phone/rejected", test_phone_rejected);
  g_test_add_func ("/phone/format", test_phone_format);
  g_test_add_func ("/phone/mask", test_phone_mask);
  g_test_add_func ("/phone/extract-national", test_phone_extract_national);

  return g_test_run ();
}
