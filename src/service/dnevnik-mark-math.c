/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include <math.h>

#include "dnevnik-mark.h"
#include "dnevnik-mark-math.h"

/* The marks on the five-point scale; anything else (“зачёт”, “н”) is
 * shown but does not count towards an average. */
#define MIN_MARK 1
#define MAX_MARK 5

/**
 * dnevnik_mark_parse_number:
 * @value: a mark as the school writes it
 * @out_number: (out) (optional): the mark as a number
 *
 * Returns: whether @value is a mark on the five-point scale, “1” to “5”
 */
gboolean
dnevnik_mark_parse_number (const char *value,
                           int        *out_number)
{
  guint64 number;

  if (value == NULL ||
      !g_ascii_string_to_unsigned (value, 10, MIN_MARK, MAX_MARK, &number, NULL))
    return FALSE;

  if (out_number != NULL)
    *out_number = (int) number;
  return TRUE;
}

/**
 * dnevnik_mark_tally_add:
 * @tally: a #DnevnikMarkTally
 * @value: a mark as the school writes it
 * @weight: how much it counts
 *
 * Counts one mark in @tally: a mark without a numeric value, or with no
 * weight, leaves it as it was.
 */
void
dnevnik_mark_tally_add (DnevnikMarkTally *tally,
                        const char       *value,
                        int               weight)
{
  int number;

  g_return_if_fail (tally != NULL);

  if (weight <= 0 || !dnevnik_mark_parse_number (value, &number))
    return;

  tally->sum += (double) number * weight;
  tally->weight += (guint) weight;
}

/**
 * dnevnik_mark_tally_add_model:
 * @tally: a #DnevnikMarkTally
 * @marks: a #GListModel of #DnevnikMark
 *
 * Counts every mark of @marks in @tally.
 */
void
dnevnik_mark_tally_add_model (DnevnikMarkTally *tally,
                              GListModel       *marks)
{
  guint n;

  g_return_if_fail (tally != NULL);
  g_return_if_fail (G_IS_LIST_MODEL (marks));

  n = g_list_model_get_n_items (marks);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DnevnikMark) mark = g_list_model_get_item (marks, i);

      dnevnik_mark_tally_add (tally, dnevnik_mark_get_value (mark), dnevnik_mark_get_weight (mark));
    }
}

/**
 * dnevnik_mark_tally_average:
 * @tally: a #DnevnikMarkTally
 * @out_average: (out): Σ value × weight / Σ weight
 *
 * Returns: whether there is an average: %FALSE when no mark counts
 */
gboolean
dnevnik_mark_tally_average (const DnevnikMarkTally *tally,
                            double                 *out_average)
{
  g_return_val_if_fail (tally != NULL, FALSE);
  g_return_val_if_fail (out_average != NULL, FALSE);

  if (tally->weight == 0)
    return FALSE;

  *out_average = tally->sum / tally->weight;
  return TRUE;
}

/**
 * dnevnik_mark_tally_reaches:
 * @tally: a #DnevnikMarkTally
 * @target: an average
 *
 * Returns: whether the average of @tally is at least @target; an empty
 *   tally reaches nothing
 */
gboolean
dnevnik_mark_tally_reaches (const DnevnikMarkTally *tally,
                            double                  target)
{
  double average;

  g_return_val_if_fail (tally != NULL, FALSE);

  return dnevnik_mark_tally_average (tally, &average) && average + DNEVNIK_MARK_EPSILON >= target;
}

/**
 * dnevnik_mark_round:
 * @average: a weighted average, 1 to 5
 * @round_up_from: the fraction from which the average rounds up, in (0, 1]:
 *   %DNEVNIK_MARK_DEFAULT_ROUND_UP_FROM unless the school states another
 *
 * Returns: the mark @average rounds to
 */
int
dnevnik_mark_round (double average,
                    double round_up_from)
{
  double whole = floor (average + DNEVNIK_MARK_EPSILON);

  g_return_val_if_fail (round_up_from > 0 && round_up_from <= 1, (int) whole);

  if (average - whole + DNEVNIK_MARK_EPSILON >= round_up_from)
    whole += 1;

  return (int) CLAMP (whole, MIN_MARK, MAX_MARK);
}

/**
 * dnevnik_mark_threshold:
 * @mark: a mark, 2 to 5
 * @round_up_from: as for dnevnik_mark_round()
 *
 * Returns: the lowest average that rounds to @mark: 4.5 for a 5 by the
 *   default rule
 */
double
dnevnik_mark_threshold (int    mark,
                        double round_up_from)
{
  g_return_val_if_fail (mark > MIN_MARK && mark <= MAX_MARK, MAX_MARK);

  return mark - 1 + round_up_from;
}

/**
 * dnevnik_mark_tally_needed:
 * @tally: the marks so far
 * @value: the mark hoped for, 1 to 5
 * @weight: its weight, at least 1
 * @target: the average to reach, as dnevnik_mark_tally_reaches() compares
 * @max_marks: the most marks worth counting
 *
 * Answers “what do I need”: how many more marks of @value with @weight
 * bring the average of @tally to @target.
 *
 * Returns: the fewest such marks (0 when @target is already reached), or
 *   -1 when no number up to @max_marks does: @value is not above @target,
 *   or it would take more than @max_marks
 */
int
dnevnik_mark_tally_needed (const DnevnikMarkTally *tally,
                           int                     value,
                           int                     weight,
                           double                  target,
                           guint                   max_marks)
{
  double estimate;
  guint n;

  g_return_val_if_fail (tally != NULL, -1);
  g_return_val_if_fail (value >= MIN_MARK && value <= MAX_MARK, -1);
  g_return_val_if_fail (weight > 0, -1);

  if (dnevnik_mark_tally_reaches (tally, target))
    return 0;
  /* With no marks yet, the first one is the average. */
  if (tally->weight == 0)
    return value + DNEVNIK_MARK_EPSILON >= target && max_marks >= 1 ? 1 : -1;
  /* Marks of the target itself only ever approach it from below. */
  if (value + DNEVNIK_MARK_EPSILON < target || fabs (value - target) <= DNEVNIK_MARK_EPSILON)
    return -1;

  /* (sum + n·v·w) / (W + n·w) ≥ t  ⇔  n ≥ (t·W − sum) / (w·(v − t));
   * the estimate is then settled with the same comparison as
   * dnevnik_mark_tally_reaches(), so rounding cannot make it disagree. */
  estimate = ceil ((target * tally->weight - tally->sum) / (weight * (value - target)));
  if (estimate > max_marks)
    return -1;

  n = estimate > 2 ? (guint) estimate - 2 : 1;
  for (; n <= max_marks; n++)
    {
      DnevnikMarkTally more = { tally->sum + (double) n * value * weight, tally->weight + n * (guint) weight };

      if (dnevnik_mark_tally_reaches (&more, target))
        return (int) n;
    }

  return -1;
}
