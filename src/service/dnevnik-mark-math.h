/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The arithmetic of marks, with no I/O: weighted averages, rounding to a
 * mark, and how many more marks would bring an average to a target.  The
 * «Оценки» view shows these numbers and its tests compare them with brute
 * force, so there is exactly one definition of each. */

/* The rule when the school states none: a fraction of .5 or more rounds
 * up (4.5 → 5, 4.49 → 4). */
#define DNEVNIK_MARK_DEFAULT_ROUND_UP_FROM 0.5

/* Averages are compared with targets with this slack, so that 4.6 reached
 * as 23/5 is not missed through binary fractions. */
#define DNEVNIK_MARK_EPSILON 1e-9

/**
 * DnevnikMarkTally:
 * @sum: Σ value × weight over the marks that have a numeric value
 * @weight: Σ weight over the same marks
 *
 * What the average of a list of marks depends on.  A zeroed tally is an
 * empty one.
 */
typedef struct
{
  double sum;
  guint  weight;
} DnevnikMarkTally;

gboolean  dnevnik_mark_parse_number    (const char              *value,
                                        int                     *out_number);
void      dnevnik_mark_tally_add       (DnevnikMarkTally        *tally,
                                        const char              *value,
                                        int                      weight);
void      dnevnik_mark_tally_add_model (DnevnikMarkTally        *tally,
                                        GListModel              *marks);
gboolean  dnevnik_mark_tally_average   (const DnevnikMarkTally  *tally,
                                        double                  *out_average);
gboolean  dnevnik_mark_tally_reaches   (const DnevnikMarkTally  *tally,
                                        double                   target);
int       dnevnik_mark_round           (double                   average,
                                        double                   round_up_from);
double    dnevnik_mark_threshold       (int                      mark,
                                        double                   round_up_from);
int       dnevnik_mark_tally_needed    (const DnevnikMarkTally  *tally,
                                        int                      value,
                                        int                      weight,
                                        double                   target,
                                        guint                    max_marks);

G_END_DECLS
