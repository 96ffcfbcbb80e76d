/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include "dnevnik-sandbox-crypto.h"
#include "dnevnik-sandbox-demo.h"
#include "dnevnik-sandbox-demo-rng.h"
#include "dnevnik-sandbox-time.h"

/* The demo school's accounts, MAX numbers, library and portfolios, written
 * into a new database; the diary is computed on the fly instead
 * (dnevnik-sandbox-demo.c). */

#define SCHOOL "ГБОУ Школа № 1535"

static const struct
{
  const char *id;
  const char *login;
  const char *first_name;
  const char *last_name;
  const char *middle_name;
  const char *class_name;
} students[] = {
  { "1001", "ivan",  "Иван",  "Петров",   "Сергеевич", "8 «Б»" },
  { "1002", "maria", "Мария", "Смирнова", "Андреевна", "8 «Б»" },
  { "1003", "olga",  "Ольга", "Кузнецова", "Игоревна", "10 «А»" },
};

/* Numbers that "have MAX", with their MAX account ids.  Мария's number is
 * the second one, so anyone else who tries it gets max_account_taken. */
static const struct
{
  const char *phone;
  const char *account_id;
} max_accounts[] = {
  { "+79161234567", "7005518230" },
  { "+79169876543", "7003921845" },
  { "+79035550102", "7009150342" },
};

/* Мария (students[LINKED]) has linked her number (max_accounts[LINKED]). */
#define LINKED 1

/* The library's items are "b1", "b2", … in this order. */
static const struct
{
  const char *title;
  const char *subject;
  const char *kind;
  const char *url;
} library[] = {
  { "Алгебра. 8 класс. Учебник (Макарычев Ю. Н. и др.)", "Алгебра", "textbook",
    "https://uchebnik.mos.ru/material/app/algebra-8-makarychev" },
  { "Физика. 8 класс. Учебник (Перышкин И. М.)", "Физика", "textbook",
    "https://uchebnik.mos.ru/material/app/fizika-8-peryshkin" },
  { "Квадратные уравнения: видеоурок", "Алгебра", "video",
    "https://resh.edu.ru/subject/lesson/1973/main/" },
  { "Электрический ток. Сила тока: видеоурок", "Физика", "video",
    "https://resh.edu.ru/subject/lesson/2593/main/" },
  { "Рабочая тетрадь по русскому языку. 8 класс", "Русский язык", "workbook",
    "https://uchebnik.mos.ru/material/app/russkiy-yazyk-8-rabochaya-tetrad" },
  { "Тренажёр: подготовка к ОГЭ по математике", "Алгебра", "test",
    "https://uchebnik.mos.ru/material/test/oge-matematika-trenazher" },
  { "Проверочная работа «Строение клетки»", "Биология", "test",
    "https://uchebnik.mos.ru/material/test/biologiya-stroenie-kletki" },
  { "«Капитанская дочка» А. С. Пушкина: история создания", "Литература", "article",
    "https://uchebnik.mos.ru/material/article/kapitanskaya-dochka-istoriya" },
  { "Петровские реформы: интерактивная карта", "История", "article",
    "https://uchebnik.mos.ru/material/article/petrovskie-reformy-karta" },
  { "Present Perfect и Past Simple: видеоурок", "Английский язык", "video",
    "https://resh.edu.ru/subject/lesson/2769/main/" },
  { "Химия. 8 класс. Рабочая тетрадь (Габриелян О. С.)", "Химия", "workbook",
    "https://uchebnik.mos.ru/material/app/himiya-8-gabrielyan-tetrad" },
};

/* month and day only: each student's portfolio places them in the last
 * school year or this one */
static const struct
{
  const char *title;
  guint       month;
  guint       day;
  const char *level;
  const char *kind;
} achievements[] = {
  { "Победитель школьного этапа ВсОШ по математике",            10, 14, "school",        "olympiad" },
  { "Призёр муниципального этапа ВсОШ по истории",              11, 28, "district",      "olympiad" },
  { "Диплом II степени городской олимпиады «Ломоносов»",        2,  16, "city",          "olympiad" },
  { "Участник регионального этапа ВсОШ по физике",              1,  22, "regional",      "olympiad" },
  { "Первое место в школьной эстафете «Весёлые старты»",        4,  19, "school",        "sport" },
  { "Значок ГТО, золото",                                       5,  12, "national",      "sport" },
  { "Лауреат конкурса чтецов «Живая классика»",                 3,  14, "city",          "creative" },
  { "Защита проекта «Умная теплица на Arduino»",                4,  25, "school",        "project" },
  { "Волонтёр акции «Добрые крышечки»",                         9,  27, "district",      "volunteering" },
  { "Призёр международного конкурса «Кенгуру»",                 3,  20, "international", "competition" },
  { "Финалист конкурса «Инженерные кадры России»",              12, 10, "national",      "competition" },
  { "Выставка рисунков «Москва глазами детей»",                 11, 15, "city",          "creative" },
};

#define ACHIEVEMENTS_PER_STUDENT 8

/* Sets @date to @day @month of the school year that began in @school_year,
 * or, if that is after @today, to the same day as many years earlier as it
 * takes to be no later than @today. */
static void
set_past_date (GDate       *date,
               guint        day,
               guint        month,
               guint        school_year,
               const GDate *today)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, month >= G_DATE_SEPTEMBER ? school_year : school_year + 1);
  while (g_date_compare (date, today) > 0)
    g_date_subtract_years (date, 1);
}

static gboolean
seed_portfolio (DnevnikSandboxDb  *db,
                const char        *account_id,
                const GDate       *today,
                GError           **error)
{
  DnevnikSandboxDemoRng rng = dnevnik_sandbox_demo_rng_init (g_ascii_strtoull (account_id, NULL, 10),
                                                             17, 0);
  guint order[G_N_ELEMENTS (achievements)];
  guint year = dnevnik_sandbox_demo_get_school_year (today);

  dnevnik_sandbox_demo_rng_shuffle (&rng, order, G_N_ELEMENTS (order));

  for (guint i = 0; i < ACHIEVEMENTS_PER_STUDENT; i++)
    {
      const guint a = order[i];
      /* Half from this school year, half from the last; none in the future. */
      guint start = i % 2 == 0 ? year : year - 1;
      GDate date;
      g_autofree char *id = g_strdup_printf ("a%u", i + 1);
      g_autofree char *date_text = NULL;

      set_past_date (&date, achievements[a].day, achievements[a].month, start, today);
      date_text = dnevnik_sandbox_format_date (&date);

      if (!dnevnik_sandbox_db_run (db, error,
                                   "INSERT INTO achievements (id, account_id, title, date, level, kind) "
                                   "VALUES (?, ?, ?, ?, ?, ?)", "ssssss",
                                   id, account_id, achievements[a].title, date_text,
                                   achievements[a].level, achievements[a].kind))
        return FALSE;
    }

  return TRUE;
}

/**
 * dnevnik_sandbox_demo_seed:
 * @db: an empty database, inside a transaction
 * @today: the sandbox's today (dates of the link and the portfolio)
 * @kdf_iterations: PBKDF2 iterations for the demo passwords
 *
 * Writes the demo school of API.md into @db.
 */
gboolean
dnevnik_sandbox_demo_seed (DnevnikSandboxDb  *db,
                           const GDate       *today,
                           guint              kdf_iterations,
                           GError           **error)
{
  GDate year_start;
  gint64 linked_at;

  for (guint i = 0; i < G_N_ELEMENTS (students); i++)
    {
      g_autofree char *password = dnevnik_sandbox_password_hash (DNEVNIK_SANDBOX_DEMO_PASSWORD, kdf_iterations);

      if (!dnevnik_sandbox_db_run (db, error,
                                   "INSERT INTO accounts (id, login, password, first_name, last_name, middle_name,"
                                   " school, class_name, seed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                   "ssssssssi",
                                   students[i].id, students[i].login, password,
                                   students[i].first_name, students[i].last_name, students[i].middle_name,
                                   SCHOOL, students[i].class_name,
                                   (gint64) g_ascii_strtoll (students[i].id, NULL, 10)) ||
          !seed_portfolio (db, students[i].id, today, error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (max_accounts); i++)
    if (!dnevnik_sandbox_db_run (db, error, "INSERT INTO max_accounts (phone, account_id) VALUES (?, ?)", "ss",
                                 max_accounts[i].phone, max_accounts[i].account_id))
      return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (library); i++)
    {
      g_autofree char *id = g_strdup_printf ("b%u", i + 1);

      if (!dnevnik_sandbox_db_run (db, error,
                                   "INSERT INTO library (id, position, title, subject, kind, url) VALUES (?, ?, ?, ?, ?, ?)",
                                   "sissss", id, (gint64) i, library[i].title, library[i].subject,
                                   library[i].kind, library[i].url))
        return FALSE;
    }

  /* Мария linked on the first day of this school year. */
  set_past_date (&year_start, 1, G_DATE_SEPTEMBER, dnevnik_sandbox_demo_get_school_year (today), today);
  linked_at = dnevnik_sandbox_moscow_instant (&year_start, 10, 15);

  return dnevnik_sandbox_db_run (db, error,
                                 "INSERT INTO links (account_id, max_account_id, phone, linked_at) VALUES (?, ?, ?, ?)",
                                 "sssi", students[LINKED].id, max_accounts[LINKED].account_id,
                                 max_accounts[LINKED].phone, linked_at) &&
         dnevnik_sandbox_db_run (db, error,
                                 "INSERT INTO link_history (account_id, kind, at, max_account_id) VALUES (?, 'linked', ?, ?)",
                                 "sis", students[LINKED].id, linked_at, max_accounts[LINKED].account_id);
}
