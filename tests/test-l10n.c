/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "dnevnik-ui-util.h"

/* Russian as the app speaks it, through the catalogue built in this tree
 * (po/) and the real ru_RU.UTF-8 locale of tests/locale: dates formatted
 * by the app's own helper, plural forms of every count, and the Russian
 * labels students know from the official diary, letter for letter. */

/* Russian first: GLib decides at the first translation whether this
 * process translates at all. */
static void
use_russian (void)
{
  g_setenv ("LANGUAGE", "ru", TRUE);
  g_assert_nonnull (setlocale (LC_ALL, "ru_RU.UTF-8"));
}

static void
use_english (void)
{
  g_unsetenv ("LANGUAGE");
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
}

/* What a label with a mnemonic shows: the text without its underscore. */
static char *
shown (const char *text)
{
  g_autoptr(GString) string = g_string_new (text);

  g_string_replace (string, "_", "", 1);
  return g_string_free (g_steal_pointer (&string), FALSE);
}

static char *
format_day (int         day,
            GDateMonth  month,
            int         year,
            const char *format)
{
  g_autoptr(GDate) date = g_date_new_dmy (day, month, year);

  return dnevnik_format_date (date, format);
}

/* The date, in @format, reads @expected. */
static void
assert_day (int         day,
            GDateMonth  month,
            int         year,
            const char *format,
            const char *expected)
{
  g_autofree char *text = format_day (day, month, year, format);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_dates_russian (void)
{
  use_russian ();

  /* The formats as the pages ask for them: the translated one each time. */
  assert_day (25, G_DATE_NOVEMBER, 2026, _("%-d %B %Y"), "25 ноября 2026");

  /* A day heading of the diary: the day name starts the heading. */
  assert_day (25, G_DATE_NOVEMBER, 2026, _("%A, %-d %B"), "Среда, 25 ноября");

  assert_day (23, G_DATE_NOVEMBER, 2026, _("%-d %B"), "23 ноября");

  /* The genitive of every month, not the nominative «март». */
  assert_day (2, G_DATE_MARCH, 2027, _("%-d %B %Y"), "2 марта 2027");

  /* A link's history line: day and 24-hour time. */
  g_assert_cmpstr (_("%-d %B %Y at %H:%M"), ==, "%-d %B %Y в %H:%M");
}

static void
test_dates_english (void)
{
  use_english ();
  assert_day (25, G_DATE_NOVEMBER, 2026, _("%-d %B %Y"), "25 November 2026");
  assert_day (25, G_DATE_NOVEMBER, 2026, _("%A, %-d %B"), "Wednesday, 25 November");
  use_russian ();
}

/* A lab image: Russian interface, but only the C.UTF-8 locale, whose
 * LC_TIME knows English names only.  Dates follow the interface. */
static void
test_dates_russian_c_locale (void)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *week = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) at = g_date_time_new (utc, 2026, 12, 4, 3, 45, 0);

  g_setenv ("LANGUAGE", "ru", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));

  from = format_day (30, G_DATE_NOVEMBER, 2026, _("%-d %B"));
  to = format_day (5, G_DATE_DECEMBER, 2026, _("%-d %B %Y"));
  week = g_strdup_printf (_("%s – %s"), from, to);
  g_assert_cmpstr (week, ==, "30 ноября – 5 декабря 2026");

  assert_day (25, G_DATE_NOVEMBER, 2026, _("%A, %-d %B"), "Среда, 25 ноября");

  when = dnevnik_format_date_time (at, _("%-d %B %Y at %H:%M"));
  g_assert_cmpstr (when, ==, "4 декабря 2026 в 03:45");

  use_russian ();
}

typedef struct
{
  const char *singular;
  const char *plural;
  const char *ru[3];  /* for 1, 3 and 5 */
} Plural;

/* Every count the app shows to people. */
static const Plural plurals[] = {
  { "Wrong code. %d try left.", "Wrong code. %d tries left.",
    { "Неверный код. Осталась %d попытка.", "Неверный код. Осталось %d попытки.",
      "Неверный код. Осталось %d попыток." } },
  { "Too many attempts. Try again in %d second.", "Too many attempts. Try again in %d seconds.",
    { "Слишком много попыток. Попробуйте снова через %d секунду.",
      "Слишком много попыток. Попробуйте снова через %d секунды.",
      "Слишком много попыток. Попробуйте снова через %d секунд." } },
  { "Too many attempts. Try again in %d minute.", "Too many attempts. Try again in %d minutes.",
    { "Слишком много попыток. Попробуйте снова через %d минуту.",
      "Слишком много попыток. Попробуйте снова через %d минуты.",
      "Слишком много попыток. Попробуйте снова через %d минут." } },
  { "Too many sign-in attempts. Try again in %d second.", "Too many sign-in attempts. Try again in %d seconds.",
    { "Слишком много попыток входа. Попробуйте снова через %d секунду.",
      "Слишком много попыток входа. Попробуйте снова через %d секунды.",
      "Слишком много попыток входа. Попробуйте снова через %d секунд." } },
  { "Too many sign-in attempts. Try again in %d minute.", "Too many sign-in attempts. Try again in %d minutes.",
    { "Слишком много попыток входа. Попробуйте снова через %d минуту.",
      "Слишком много попыток входа. Попробуйте снова через %d минуты.",
      "Слишком много попыток входа. Попробуйте снова через %d минут." } },
};

static void
test_plurals (void)
{
  /* n → which Russian form: 1, 21, 101 take the first; 2–4, 22–24 the
   * second; 0, 5–20, 25–30, 111 the third. */
  const struct { gulong n; guint form; } numbers[] = {
    { 0, 2 }, { 1, 0 }, { 2, 1 }, { 4, 1 }, { 5, 2 }, { 11, 2 }, { 12, 2 }, { 14, 2 },
    { 21, 0 }, { 22, 1 }, { 25, 2 }, { 59, 2 }, { 101, 0 }, { 111, 2 },
  };

  use_russian ();
  for (guint p = 0; p < G_N_ELEMENTS (plurals); p++)
    for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
      {
        g_test_message ("%s, n = %lu", plurals[p].singular, numbers[i].n);
        g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, plurals[p].singular, plurals[p].plural, numbers[i].n),
                         ==, plurals[p].ru[numbers[i].form]);
      }

  use_english ();
  for (guint p = 0; p < G_N_ELEMENTS (plurals); p++)
    {
      g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, plurals[p].singular, plurals[p].plural, 1),
                       ==, plurals[p].singular);
      g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, plurals[p].singular, plurals[p].plural, 2),
                       ==, plurals[p].plural);
    }
  use_russian ();
}

typedef struct
{
  const char *context;  /* or NULL */
  const char *msgid;
  const char *seed;     /* exactly as the official diary shows it */
} SeedLabel;

/* «МАХ» is Cyrillic in the official labels: М, А, Х — written as escapes so that no
 * editor turns it into the Latin "MAX". */
#define CYRILLIC_MAX "\u041c\u0410\u0425"

static const SeedLabel seed_labels[] = {
  { NULL, "Diary", "Дневник" },
  { NULL, "Library", "Библиотека" },
  { NULL, "Student Portfolio", "Портфолио учащегося" },
  { NULL, "Help", "Справка" },
  { NULL, "Sferum", "Сферум" },
  { NULL, "_Go to Linking", "Перейти к подключению" },
  { NULL, "_Continue", "Продолжить" },
  { NULL, "_Go to MAX", "Перейти в " CYRILLIC_MAX },
  { NULL, "Your account has been linked", "Ваша учетная запись успешно привязана" },
  { NULL, "_Go to Sferum", "Перейти в Сферум" },
  { "passport", "Go to Sferum", "Перейти в Сферум" },
  { NULL, "My Passport", "Мой паспорт" },
  { "passport", "Security", "Безопасность" },
  { NULL, "Remove the “Sferum” Profile", "Удаление профиля «Сферум»" },
  { NULL, "Do you really want to unlink the “Sferum” account from your account?",
    "Вы действительно хотите отвязать аккаунт «Сферум» от вашей учетной записи?" },
  { "passport", "Cancel", "Отменить" },
  { "passport", "Unlink", "Отвязать" },
};

static void
test_seed_labels (void)
{
  use_russian ();

  for (guint i = 0; i < G_N_ELEMENTS (seed_labels); i++)
    {
      const SeedLabel *label = &seed_labels[i];
      const char *translation = label->context != NULL
                                ? g_dpgettext2 (GETTEXT_PACKAGE, label->context, label->msgid)
                                : g_dgettext (GETTEXT_PACKAGE, label->msgid);
      g_autofree char *text = shown (translation);

      g_test_message ("%s → %s", label->msgid, translation);
      g_assert_cmpstr (text, ==, label->seed);
    }

  /* No Latin letter slipped into the messenger's name. */
  g_assert_null (strstr (g_dgettext (GETTEXT_PACKAGE, "_Go to MAX"), "MAX"));
}

int
main (int   argc,
      char *argv[])
{
  const char *build_root = g_getenv ("DNEVNIK_BUILD_ROOT");
  g_autofree char *localedir = NULL;

  g_assert_nonnull (build_root);
  localedir = g_build_filename (build_root, "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  use_russian ();

  g_test_add_func ("/l10n/dates-russian", test_dates_russian);
  g_test_add_func ("/l10n/dates-english", test_dates_english);
  g_test_add_func ("/l10n/dates-russian-c-locale", test_dates_russian_c_locale);
  g_test_add_func ("/l10n/plurals", test_plurals);
  g_test_add_func ("/l10n/seed-labels", test_seed_labels);

  return g_test_run ();
}
