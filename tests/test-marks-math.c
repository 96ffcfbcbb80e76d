/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <string.h>

#include "dnevnik-mark.h"
#include "dnevnik-mark-math.h"

/* The arithmetic of marks (src/service/dnevnik-mark-math.h), checked
 * against sums done by hand and against brute force. */

static void
test_marks_math_parse (void)
{
  static const struct {
    const char *value;
    gboolean    counts;
    int         number;
  } cases[] = {
    { "5", TRUE, 5 }, { "1", TRUE, 1 }, { "3", TRUE, 3 },
    { "0", FALSE, 0 }, { "6", FALSE, 0 }, { "зачёт", FALSE, 0 }, { "н", FALSE, 0 },
    { "", FALSE, 0 }, { "4+", FALSE, 0 }, { " 4", FALSE, 0 }, { "-4", FALSE, 0 }, { NULL, FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int number = 0;

      g_assert_cmpint (dnevnik_mark_parse_number (cases[i].value, &number), ==, cases[i].counts);
      g_assert_cmpint (number, ==, cases[i].number);
    }
}

static void
test_marks_math_average (void)
{
  DnevnikMarkTally tally = { 0 };
  double average = -1;

  g_assert_false (dnevnik_mark_tally_average (&tally, &average));
  g_assert_false (dnevnik_mark_tally_reaches (&tally, 1));

  /* (5·1 + 3·2 + 4·3) / 6 = 23 / 6; “зачёт” and weight 0 do not count. */
  dnevnik_mark_tally_add (&tally, "5", 1);
  dnevnik_mark_tally_add (&tally, "3", 2);
  dnevnik_mark_tally_add (&tally, "зачёт", 2);
  dnevnik_mark_tally_add (&tally, "2", 0);
  dnevnik_mark_tally_add (&tally, "4", 3);
  g_assert_cmpuint (tally.weight, ==, 6);
  g_assert_true (dnevnik_mark_tally_average (&tally, &average));
  g_assert_cmpfloat_with_epsilon (average, 23.0 / 6, 1e-12);
  g_assert_true (dnevnik_mark_tally_reaches (&tally, 23.0 / 6));
  g_assert_false (dnevnik_mark_tally_reaches (&tally, 3.84));
}

static void
test_marks_math_average_model (void)
{
  g_autoptr(GListStore) store = g_list_store_new (DNEVNIK_TYPE_MARK);
  static const struct {
    const char *value;
    int         weight;
  } marks[] = { { "5", 3 }, { "4", 1 }, { "н", 1 }, { "2", 2 } };
  DnevnikMarkTally tally = { 0 };
  double average;

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      g_autoptr(DnevnikMark) mark = g_object_new (DNEVNIK_TYPE_MARK, "value", marks[i].value,
                                                  "weight", marks[i].weight, NULL);

      g_list_store_append (store, mark);
    }

  dnevnik_mark_tally_add_model (&tally, G_LIST_MODEL (store));
  g_assert_true (dnevnik_mark_tally_average (&tally, &average));
  g_assert_cmpfloat_with_epsilon (average, 23.0 / 6, 1e-12);
}

static void
test_marks_math_round (void)
{
  static const struct {
    double average;
    double round_up_from;
    int    mark;
  } cases[] = {
    { 4.5, 0.5, 5 }, { 4.49, 0.5, 4 }, { 4.0, 0.5, 4 }, { 3.5, 0.5, 4 }, { 2.5, 0.5, 3 },
    { 4.5, 0.6, 4 }, { 4.6, 0.6, 5 }, { 23.0 / 5, 0.6, 5 }, { 5.0, 0.5, 5 }, { 1.0, 0.5, 1 },
    { 1.2, 0.5, 1 }, { 4.99, 1.0, 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (dnevnik_mark_round (cases[i].average, cases[i].round_up_from), ==, cases[i].mark);

  g_assert_cmpfloat_with_epsilon (dnevnik_mark_threshold (5, 0.5), 4.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (dnevnik_mark_threshold (4, 0.6), 3.6, 1e-12);
  for (int mark = 2; mark <= 5; mark++)
    {
      g_assert_cmpint (dnevnik_mark_round (dnevnik_mark_threshold (mark, 0.5), 0.5), ==, mark);
      g_assert_cmpint (dnevnik_mark_round (dnevnik_mark_threshold (mark, 0.6) - 0.01, 0.6), ==, mark - 1);
    }
}

/* The fewest marks by trying one more at a time. */
static int
needed_by_brute_force (const DnevnikMarkTally *tally,
                       int                     value,
                       int                     weight,
                       double                  target,
                       guint                   max_marks)
{
  DnevnikMarkTally more = *tally;

  for (guint n = 0; n <= max_marks; n++)
    {
      double average;
      g_autofree char *text = g_strdup_printf ("%d", value);

      if (dnevnik_mark_tally_average (&more, &average) && average + DNEVNIK_MARK_EPSILON >= target)
        return (int) n;
      dnevnik_mark_tally_add (&more, text, weight);
    }

  return -1;
}

static void
test_marks_math_needed_examples (void)
{
  DnevnikMarkTally tally = { 0 };

  /* 3, 3: two 5s make (6 + 10) / 4 = 4 ≥ 4; one makes 11/3 < 4. */
  dnevnik_mark_tally_add (&tally, "3", 1);
  dnevnik_mark_tally_add (&tally, "3", 1);
  g_assert_cmpint (dnevnik_mark_tally_needed (&tally, 5, 1, 4.0, 100), ==, 2);
  /* One 5 of weight 2: (6 + 10) / 4. */
  g_assert_cmpint (dnevnik_mark_tally_needed (&tally, 5, 2, 4.0, 100), ==, 1);
  /* Already there. */
  g_assert_cmpint (dnevnik_mark_tally_needed (&tally, 5, 1, 2.5, 100), ==, 0);
  /* Fours never lift an average to 4.5, nor to exactly 4 from below. */
  g_assert_cmpint (dnevnik_mark_tally_needed (&tally, 4, 3, 4.5, 100), ==, -1);
  g_assert_cmpint (dnevnik_mark_tally_needed (&tally, 4, 1, 4.0, 100), ==, -1);
  /* Reachable, but not within the bound: (6 + 5n) / (2 + n) ≥ 4.99 needs 398. */
  g_assert_cmpint (dnevnik_mark_tally_needed (&tally, 5, 1, 4.99, 100), ==, -1);
  g_assert_cmpint (dnevnik_mark_tally_needed (&tally, 5, 1, 4.99, 1000), ==, 398);
  /* With no marks yet, one mark is its own average. */
  memset (&tally, 0, sizeof tally);
  g_assert_cmpint (dnevnik_mark_tally_needed (&tally, 5, 1, 4.5, 10), ==, 1);
}

static void
test_marks_math_needed_brute_force (void)
{
  static const double targets[] = { 2.5, 3.5, 3.6, 4.0, 4.5, 4.6, 4.75, 5.0 };
  static const char * const values[] = { "2", "3", "4", "5" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20);

  for (guint round = 0; round < 2000; round++)
    {
      DnevnikMarkTally tally = { 0 };
      guint n_marks = g_rand_int_range (rand, 0, 12);
      int value = g_rand_int_range (rand, 1, 6);
      int weight = g_rand_int_range (rand, 1, 4);
      double target = targets[g_rand_int_range (rand, 0, G_N_ELEMENTS (targets))];

      for (guint i = 0; i < n_marks; i++)
        dnevnik_mark_tally_add (&tally, values[g_rand_int_range (rand, 0, G_N_ELEMENTS (values))],
                                g_rand_int_range (rand, 1, 4));

      g_assert_cmpint (dnevnik_mark_tally_needed (&tally, value, weight, target, 60), ==,
                       needed_by_brute_force (&tally, value, weight, target, 60));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/marks-math/parse", test_marks_math_parse);
  g_test_add_func ("/marks-math/average", test_marks_math_average);
  g_test_add_func ("/marks-math/average-model", test_marks_math_average_model);
  g_test_add_func ("/marks-math/round", test_marks_math_round);
  g_test_add_func ("/marks-math/needed-examples", test_marks_math_needed_examples);
  g_test_add_func ("/marks-math/needed-brute-force", test_marks_math_needed_brute_force);

  return g_test_run ();
}
