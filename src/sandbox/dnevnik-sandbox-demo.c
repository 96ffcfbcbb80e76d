/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include <string.h>

#include "dnevnik-sandbox-demo.h"
#include "dnevnik-sandbox-demo-rng.h"
#include "dnevnik-sandbox-json.h"
#include "dnevnik-sandbox-time.h"

/* The demo school's diary: each class's timetable, and each lesson's homework
 * and marks, computed from the date and the student's seed rather than
 * stored (the stored part is dnevnik-sandbox-demo-seed.c). */

/* --- the curriculum ---------------------------------------------------------- */

typedef enum
{
  HOMEWORK_NONE,
  HOMEWORK_MATH,
  HOMEWORK_LANGUAGE,
  HOMEWORK_PARAGRAPH,
  HOMEWORK_READING,
  HOMEWORK_ENGLISH,
  HOMEWORK_PROJECT,
} HomeworkStyle;

typedef struct
{
  const char    *name;
  const char    *teacher;
  const char    *room;
  HomeworkStyle  homework;
  guint          hours;   /* per week */
} Subject;

/* Each class has 34 lessons a week: 6, 7, 6, 6, 5 on weekdays and 4 on
 * Saturday. */
static const guint lessons_per_weekday[] = { 6, 7, 6, 6, 5, 4 };

static const Subject subjects_8[] = {
  { "Русский язык",              "Соколова Елена Викторовна",     "301", HOMEWORK_LANGUAGE,  4 },
  { "Литература",                "Соколова Елена Викторовна",     "301", HOMEWORK_READING,   3 },
  { "Алгебра",                   "Иванова Анна Павловна",         "204", HOMEWORK_MATH,      4 },
  { "Геометрия",                 "Иванова Анна Павловна",         "204", HOMEWORK_MATH,      2 },
  { "Вероятность и статистика",  "Иванова Анна Павловна",         "204", HOMEWORK_MATH,      1 },
  { "Английский язык",           "Морозова Ксения Олеговна",      "312", HOMEWORK_ENGLISH,   3 },
  { "История",                   "Васильев Дмитрий Николаевич",   "215", HOMEWORK_PARAGRAPH, 2 },
  { "Обществознание",            "Васильев Дмитрий Николаевич",   "215", HOMEWORK_PARAGRAPH, 1 },
  { "География",                 "Никитина Ольга Владимировна",   "118", HOMEWORK_PARAGRAPH, 2 },
  { "Биология",                  "Фёдорова Наталья Юрьевна",      "120", HOMEWORK_PARAGRAPH, 2 },
  { "Физика",                    "Лебедев Андрей Михайлович",     "226", HOMEWORK_MATH,      2 },
  { "Химия",                     "Орлова Светлана Игоревна",      "122", HOMEWORK_PARAGRAPH, 2 },
  { "Информатика",               "Захаров Максим Алексеевич",     "407", HOMEWORK_PROJECT,   1 },
  { "Физическая культура",       "Козлов Игорь Валентинович",     "Спортзал", HOMEWORK_NONE, 3 },
  { "Основы безопасности и защиты Родины", "Громов Виктор Петрович", "109", HOMEWORK_PARAGRAPH, 1 },
  { "Труд (технология)",         "Белова Татьяна Сергеевна",      "Мастерская", HOMEWORK_PROJECT, 1 },
};

static const Subject subjects_10[] = {
  { "Русский язык",              "Соколова Елена Викторовна",     "301", HOMEWORK_LANGUAGE,  2 },
  { "Литература",                "Павлова Ирина Александровна",   "305", HOMEWORK_READING,   3 },
  { "Алгебра и начала анализа",  "Голубев Сергей Петрович",       "206", HOMEWORK_MATH,      4 },
  { "Геометрия",                 "Голубев Сергей Петрович",       "206", HOMEWORK_MATH,      3 },
  { "Вероятность и статистика",  "Иванова Анна Павловна",         "204", HOMEWORK_MATH,      1 },
  { "Информатика",               "Захаров Максим Алексеевич",     "407", HOMEWORK_PROJECT,   2 },
  { "Английский язык",           "Морозова Ксения Олеговна",      "312", HOMEWORK_ENGLISH,   3 },
  { "История",                   "Васильев Дмитрий Николаевич",   "215", HOMEWORK_PARAGRAPH, 3 },
  { "Обществознание",            "Васильев Дмитрий Николаевич",   "215", HOMEWORK_PARAGRAPH, 2 },
  { "География",                 "Никитина Ольга Владимировна",   "118", HOMEWORK_PARAGRAPH, 1 },
  { "Биология",                  "Фёдорова Наталья Юрьевна",      "120", HOMEWORK_PARAGRAPH, 1 },
  { "Физика",                    "Лебедев Андрей Михайлович",     "226", HOMEWORK_MATH,      3 },
  { "Химия",                     "Орлова Светлана Игоревна",      "122", HOMEWORK_PARAGRAPH, 2 },
  { "Физическая культура",       "Козлов Игорь Валентинович",     "Спортзал", HOMEWORK_NONE, 2 },
  { "Основы безопасности и защиты Родины", "Громов Виктор Петрович", "109", HOMEWORK_PARAGRAPH, 1 },
  { "Индивидуальный проект",     "Захаров Максим Алексеевич",     "407", HOMEWORK_PROJECT,   1 },
};

static const struct
{
  const char *start;
  const char *end;
} bells[] = {
  { "08:30", "09:15" },
  { "09:25", "10:10" },
  { "10:30", "11:15" },
  { "11:35", "12:20" },
  { "12:30", "13:15" },
  { "13:25", "14:10" },
  { "14:20", "15:05" },
};

static const struct
{
  const char *comment;
  guint       weight;
} mark_kinds[] = {
  { "Работа на уроке",        1 },
  { "Домашнее задание",       1 },
  { "Ответ у доски",          1 },
  { "Самостоятельная работа", 2 },
  { "Проверочная работа",     2 },
  { "Контрольная работа",     3 },
};

/* --- the calendar -------------------------------------------------------------- */

/**
 * dnevnik_sandbox_demo_get_school_year:
 *
 * Returns: the year of the 1 September that began the school year of
 *   @date (in summer, the year that has just ended)
 */
guint
dnevnik_sandbox_demo_get_school_year (const GDate *date)
{
  return g_date_get_month (date) >= G_DATE_SEPTEMBER ? g_date_get_year (date)
                                                     : g_date_get_year (date) - 1;
}

/* Days from the 1 September that began the school year of @date.  For
 * January to August of year 1 that September is in year 0, which GDate
 * cannot hold: count from the one a year later, 365 days on. */
static int
days_into_school_year (const GDate *date)
{
  guint year = dnevnik_sandbox_demo_get_school_year (date);
  int shift = 0;
  GDate start;

  if (year == 0)
    {
      year = 1;
      shift = 365;
    }

  g_date_clear (&start, 1);
  g_date_set_dmy (&start, 1, G_DATE_SEPTEMBER, year);
  return g_date_days_between (&start, date) + shift;
}

static gboolean
in_range (guint month,
          guint day,
          guint from_month,
          guint from_day,
          guint to_month,
          guint to_day)
{
  guint value = month * 100 + day;

  return value >= from_month * 100 + from_day && value <= to_month * 100 + to_day;
}

/**
 * dnevnik_sandbox_demo_is_holiday:
 *
 * Returns: whether @date is outside the school year (1 September to 31
 *   May) or in a break or on a public holiday
 */
gboolean
dnevnik_sandbox_demo_is_holiday (const GDate *date)
{
  guint month = g_date_get_month (date);
  guint day = g_date_get_day (date);

  return (month >= G_DATE_JUNE && month <= G_DATE_AUGUST)  /* summer */
      || in_range (month, day, 10, 27, 11, 4)              /* autumn break, Unity Day */
      || in_range (month, day, 12, 30, 12, 31)             /* New Year break … */
      || in_range (month, day, 1, 1, 1, 8)                 /* … and Christmas */
      || in_range (month, day, 2, 23, 2, 23)               /* Defender of the Fatherland Day */
      || in_range (month, day, 3, 8, 3, 8)                 /* Women's Day */
      || in_range (month, day, 3, 23, 3, 31)               /* spring break */
      || in_range (month, day, 5, 1, 5, 1)                 /* Spring and Labour Day */
      || in_range (month, day, 5, 9, 5, 9);                /* Victory Day */
}

static const Subject *
subjects_of (const char *class_name,
             guint      *n_subjects)
{
  if (g_str_has_prefix (class_name, "10") || g_str_has_prefix (class_name, "11"))
    {
      *n_subjects = G_N_ELEMENTS (subjects_10);
      return subjects_10;
    }

  *n_subjects = G_N_ELEMENTS (subjects_8);
  return subjects_8;
}

#define MAX_LESSONS_PER_DAY G_N_ELEMENTS (bells)
#define SCHOOL_DAYS G_N_ELEMENTS (lessons_per_weekday)

typedef struct
{
  const Subject *lessons[SCHOOL_DAYS][MAX_LESSONS_PER_DAY];
  guint          n_lessons[SCHOOL_DAYS];
} Timetable;

G_STATIC_ASSERT (SCHOOL_DAYS == 6);

/* The weekly timetable of a class: every subject's hours are dealt round
 * the days, so that no subject crowds one day, then each day is shuffled.
 */
static void
build_timetable (const char *class_name,
                 Timetable  *timetable)
{
  guint n_subjects;
  const Subject *subjects = subjects_of (class_name, &n_subjects);
  DnevnikSandboxDemoRng rng = dnevnik_sandbox_demo_rng_init (dnevnik_sandbox_demo_hash_string (class_name),
                                                             0, 0);
  guint order[G_N_ELEMENTS (subjects_8) > G_N_ELEMENTS (subjects_10) ? G_N_ELEMENTS (subjects_8)
                                                                      : G_N_ELEMENTS (subjects_10)];
  guint day = 0;

  memset (timetable, 0, sizeof *timetable);

  dnevnik_sandbox_demo_rng_shuffle (&rng, order, n_subjects);

  for (guint i = 0; i < n_subjects; i++)
    {
      const Subject *subject = &subjects[order[i]];

      for (guint h = 0; h < subject->hours; h++)
        {
          guint tries = 0;

          while (timetable->n_lessons[day] >= lessons_per_weekday[day] && tries++ < SCHOOL_DAYS)
            day = (day + 1) % SCHOOL_DAYS;
          if (timetable->n_lessons[day] >= lessons_per_weekday[day])
            break;

          timetable->lessons[day][timetable->n_lessons[day]++] = subject;
          day = (day + 1) % SCHOOL_DAYS;
        }
    }

  for (guint d = 0; d < SCHOOL_DAYS; d++)
    {
      const Subject *dealt[MAX_LESSONS_PER_DAY];
      guint lesson_order[MAX_LESSONS_PER_DAY];

      memcpy (dealt, timetable->lessons[d], sizeof dealt);
      dnevnik_sandbox_demo_rng_shuffle (&rng, lesson_order, timetable->n_lessons[d]);
      for (guint i = 0; i < timetable->n_lessons[d]; i++)
        timetable->lessons[d][i] = dealt[lesson_order[i]];
    }
}

/* The lessons of @date in their order, into @lessons if not %NULL: none
 * on Sundays and holidays.  Returns how many there are. */
static guint
lessons_on (const Timetable        *timetable,
            const GDate            *date,
            const Subject * const **lessons)
{
  GDateWeekday weekday = g_date_get_weekday (date);

  if (weekday == G_DATE_SUNDAY || dnevnik_sandbox_demo_is_holiday (date))
    return 0;

  if (lessons != NULL)
    *lessons = timetable->lessons[weekday - G_DATE_MONDAY];
  return timetable->n_lessons[weekday - G_DATE_MONDAY];
}

/* --- lessons --------------------------------------------------------------------- */

static void
add_homework (JsonBuilder           *builder,
              const Subject         *subject,
              guint                  week,
              DnevnikSandboxDemoRng *rng)
{
  static const char * const works[] = {
    "«Капитанская дочка», главы 1–4", "«Капитанская дочка», главы 5–9", "«Ревизор», действие I",
    "«Ревизор», действия II–III", "«Шинель», пересказ", "«Мцыри», выучить отрывок",
    "«Ася», ответить на вопросы", "«После бала», сочинение-миниатюра",
  };
  static const char * const projects[] = {
    "Доделать практическую работу", "Подготовить презентацию к защите",
    "Повторить конспект урока", "Выполнить задание на платформе",
  };
  guint paragraph = 1 + week * 2 / 3;
  guint exercise = 40 + week * 12 + dnevnik_sandbox_demo_rng_below (rng, 10);

  /* One lesson in five has nothing set. */
  if (subject->homework == HOMEWORK_NONE || dnevnik_sandbox_demo_rng_below (rng, 5) == 0)
    return;

  switch (subject->homework)
    {
    case HOMEWORK_MATH:
      dnevnik_sandbox_json_take_value (builder,
                                       g_strdup_printf ("№ %u, %u, %u", exercise, exercise + 2, exercise + 5));
      if (dnevnik_sandbox_demo_rng_below (rng, 3) == 0)
        dnevnik_sandbox_json_take_value (builder, g_strdup_printf ("Повторить § %u", paragraph));
      break;
    case HOMEWORK_LANGUAGE:
      dnevnik_sandbox_json_take_value (builder, g_strdup_printf ("§ %u, упр. %u", paragraph, exercise * 2 / 3));
      break;
    case HOMEWORK_PARAGRAPH:
      dnevnik_sandbox_json_take_value (builder,
                                       g_strdup_printf ("§ %u, вопросы 1–%u", paragraph,
                                                        3 + dnevnik_sandbox_demo_rng_below (rng, 4)));
      break;
    case HOMEWORK_READING:
      json_builder_add_string_value (builder,
                                     works[(week / 4 + dnevnik_sandbox_demo_rng_below (rng, 2)) % G_N_ELEMENTS (works)]);
      break;
    case HOMEWORK_ENGLISH:
      dnevnik_sandbox_json_take_value (builder,
                                       g_strdup_printf ("SB p. %u ex. %u, WB p. %u", 10 + week * 3,
                                                        1 + dnevnik_sandbox_demo_rng_below (rng, 6), 6 + week * 2));
      break;
    case HOMEWORK_PROJECT:
      json_builder_add_string_value (builder,
                                     projects[dnevnik_sandbox_demo_rng_below (rng, G_N_ELEMENTS (projects))]);
      break;
    case HOMEWORK_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* A student's marks lean on the student: the same seed, the same record. */
static const char *
pick_mark (DnevnikSandboxDemoRng *rng,
           gint64                 student_seed)
{
  guint ability = (guint) (student_seed % 3);   /* 0 steady, 1 strong, 2 good */
  static const guint thresholds[3][3] = {
    /* % of 5, 5+4, 5+4+3; the rest are 2 */
    { 30, 75, 96 },
    { 60, 92, 100 },
    { 45, 87, 99 },
  };
  guint roll = dnevnik_sandbox_demo_rng_below (rng, 100);

  if (roll < thresholds[ability][0])
    return "5";
  if (roll < thresholds[ability][1])
    return "4";
  if (roll < thresholds[ability][2])
    return "3";
  return "2";
}

/* The marks of one lesson, at most two: about a third of lessons give a
 * mark, now and then two.  The week and the marks endpoint both come here,
 * so they always agree. */
static guint
roll_marks (const Subject *subject,
            const GDate   *date,
            guint          number,
            gint64         student_seed,
            const char    *values[2],
            guint          kinds[2])
{
  DnevnikSandboxDemoRng rng = dnevnik_sandbox_demo_rng_init (g_date_get_julian (date), number,
                                                             (guint64) student_seed);
  guint n;

  n = dnevnik_sandbox_demo_rng_below (&rng, 100) < 35 ? 1 : 0;
  if (n == 1 && dnevnik_sandbox_demo_rng_below (&rng, 6) == 0)
    n = 2;

  for (guint i = 0; i < n; i++)
    {
      kinds[i] = dnevnik_sandbox_demo_rng_below (&rng, G_N_ELEMENTS (mark_kinds));
      if (subject->homework == HOMEWORK_NONE)
        kinds[i] = 0;
      values[i] = pick_mark (&rng, student_seed);
    }

  return n;
}

static void
add_marks (JsonBuilder   *builder,
           const Subject *subject,
           const GDate   *date,
           guint          number,
           gint64         student_seed)
{
  const char *values[2];
  guint kinds[2];
  guint n = roll_marks (subject, date, number, student_seed, values, kinds);

  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (builder);
      dnevnik_sandbox_json_add_string (builder, "value", values[i]);
      dnevnik_sandbox_json_add_int (builder, "weight", mark_kinds[kinds[i]].weight);
      dnevnik_sandbox_json_add_string (builder, "comment", mark_kinds[kinds[i]].comment);
      json_builder_end_object (builder);
    }
}

static void
add_lesson (JsonBuilder   *builder,
            const GDate   *date,
            guint          number,
            const Subject *subject,
            guint          week,
            gint64         student_seed,
            gboolean       past)
{
  g_autofree char *date_text = dnevnik_sandbox_format_date (date);
  /* Homework depends on the class only; marks on the student too. */
  DnevnikSandboxDemoRng class_rng =
    dnevnik_sandbox_demo_rng_init (g_date_get_julian (date), number,
                                   dnevnik_sandbox_demo_hash_string (subject->name));

  json_builder_begin_object (builder);
  dnevnik_sandbox_json_add_string_take (builder, "id", g_strdup_printf ("l-%s-%u", date_text, number));
  dnevnik_sandbox_json_add_int (builder, "number", number);
  dnevnik_sandbox_json_add_string (builder, "subject", subject->name);
  dnevnik_sandbox_json_add_string (builder, "start_time", bells[number - 1].start);
  dnevnik_sandbox_json_add_string (builder, "end_time", bells[number - 1].end);
  dnevnik_sandbox_json_add_string (builder, "room", subject->room);
  dnevnik_sandbox_json_add_string (builder, "teacher", subject->teacher);
  json_builder_set_member_name (builder, "homework");
  json_builder_begin_array (builder);
  add_homework (builder, subject, week, &class_rng);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "marks");
  json_builder_begin_array (builder);
  if (past)
    add_marks (builder, subject, date, number, student_seed);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/**
 * dnevnik_sandbox_demo_add_days:
 * @builder: a builder inside an array
 * @class_name: the student's class, "8 «Б»"
 * @student_seed: the student's seed (their marks)
 * @from: the first day
 * @to: the last day, not before @from
 * @today: the sandbox's today; later lessons have no marks yet
 *
 * Adds one day object per date of the range, as GET /api/v1/diary
 * returns them.
 */
void
dnevnik_sandbox_demo_add_days (JsonBuilder *builder,
                               const char  *class_name,
                               gint64       student_seed,
                               const GDate *from,
                               const GDate *to,
                               const GDate *today)
{
  Timetable timetable;
  GDate date = *from;

  g_return_if_fail (g_date_compare (from, to) <= 0);

  build_timetable (class_name, &timetable);

  for (; g_date_compare (&date, to) <= 0; g_date_add_days (&date, 1))
    {
      g_autofree char *date_text = dnevnik_sandbox_format_date (&date);
      const Subject * const *lessons = NULL;
      guint n_lessons = lessons_on (&timetable, &date, &lessons);

      json_builder_begin_object (builder);
      dnevnik_sandbox_json_add_string (builder, "date", date_text);
      dnevnik_sandbox_json_add_bool (builder, "holiday", dnevnik_sandbox_demo_is_holiday (&date));
      json_builder_set_member_name (builder, "lessons");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n_lessons; i++)
        add_lesson (builder, &date, i + 1, lessons[i],
                    days_into_school_year (&date) / 7,
                    student_seed, g_date_compare (&date, today) <= 0);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
}

/**
 * dnevnik_sandbox_demo_get_subject:
 * @class_name: the student's class, "8 «Б»"
 * @index: 0, 1, …
 *
 * Returns: (nullable): the name of the class's subject @index, in the
 *   order of the curriculum, or %NULL past the last one
 */
const char *
dnevnik_sandbox_demo_get_subject (const char *class_name,
                                  guint       index)
{
  guint n_subjects;
  const Subject *subjects = subjects_of (class_name, &n_subjects);

  return index < n_subjects ? subjects[index].name : NULL;
}

/**
 * dnevnik_sandbox_demo_foreach_mark:
 * @class_name: the student's class
 * @student_seed: the student's seed
 * @from: the first day
 * @to: the last day
 * @today: the sandbox's today; later lessons have no marks yet
 * @func: called for each mark, in the order of the days and lessons
 * @user_data: for @func
 *
 * Walks the marks the diary gives from @from to @to: the same ones, with
 * the same ids, as GET /api/v1/diary shows lesson by lesson.
 */
void
dnevnik_sandbox_demo_foreach_mark (const char                 *class_name,
                                   gint64                      student_seed,
                                   const GDate                *from,
                                   const GDate                *to,
                                   const GDate                *today,
                                   DnevnikSandboxDemoMarkFunc  func,
                                   gpointer                    user_data)
{
  Timetable timetable;
  GDate date = *from;

  build_timetable (class_name, &timetable);

  for (; g_date_compare (&date, to) <= 0 && g_date_compare (&date, today) <= 0; g_date_add_days (&date, 1))
    {
      const Subject * const *lessons = NULL;
      guint n_lessons = lessons_on (&timetable, &date, &lessons);

      for (guint i = 0; i < n_lessons; i++)
        {
          const Subject *subject = lessons[i];
          const char *values[2];
          guint kinds[2];
          guint n = roll_marks (subject, &date, i + 1, student_seed, values, kinds);

          for (guint k = 0; k < n; k++)
            func (subject->name, &date, i + 1, k, values[k], mark_kinds[kinds[k]].weight,
                  mark_kinds[kinds[k]].comment, user_data);
        }
    }
}

/**
 * dnevnik_sandbox_demo_count_lessons:
 *
 * Returns: how many lessons @class_name has from @from to @to
 */
guint
dnevnik_sandbox_demo_count_lessons (const char  *class_name,
                                    const GDate *from,
                                    const GDate *to)
{
  Timetable timetable;
  GDate date = *from;
  guint n = 0;

  build_timetable (class_name, &timetable);

  for (; g_date_compare (&date, to) <= 0; g_date_add_days (&date, 1))
    n += lessons_on (&timetable, &date, NULL);

  return n;
}
