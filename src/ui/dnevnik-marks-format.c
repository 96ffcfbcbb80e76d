/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-mark-math.h"
#include "dnevnik-marks-format.h"

/* How the «Оценки» view writes numbers and marks.
 *
 * Averages use the decimal separator of the interface's language, not
 * of LC_NUMERIC: a Russian interface may run under LC_ALL=C.UTF-8
 * LANGUAGE=ru, where printf() would write a point.  So the number is
 * printed in the C locale and its point replaced by the translated
 * separator.
 */

/**
 * dnevnik_marks_format_number:
 * @value: an average, e.g. 4.333
 *
 * Returns: (transfer full): @value to two decimals with the separator of
 *   the interface's language: "4.33" in English, "4,33" in Russian
 */
char *
dnevnik_marks_format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  /* Translators: the decimal separator in averages of marks, "," in Russian */
  const char *separator = C_("decimal separator", ".");
  g_auto(GStrv) parts = NULL;

  g_ascii_formatd (buffer, sizeof buffer, "%.2f", value);
  parts = g_strsplit (buffer, ".", 2);

  return g_strjoinv (separator, parts);
}

/**
 * dnevnik_marks_format_mark:
 * @mark: a mark
 *
 * Returns: (transfer full): the mark as the week writes it: "5", or
 *   "5 ×2" when its weight is not the usual 1
 */
char *
dnevnik_marks_format_mark (DnevnikMark *mark)
{
  int weight = dnevnik_mark_get_weight (mark);

  if (weight > 1)
    return g_strdup_printf ("%s ×%d", dnevnik_mark_get_value (mark), weight);

  return g_strdup (dnevnik_mark_get_value (mark));
}

/**
 * dnevnik_marks_describe_mark:
 * @mark: a mark
 *
 * Returns: (transfer full): what a screen reader says for the mark: "5",
 *   or "5, weight 2" ("×2" is read as a letter and a digit)
 */
char *
dnevnik_marks_describe_mark (DnevnikMark *mark)
{
  int weight = dnevnik_mark_get_weight (mark);

  if (weight > 1)
    {
      /* Translators: a mark and its weight, read by a screen reader, e.g. "5, weight 2" */
      return g_strdup_printf (_("%s, weight %d"), dnevnik_mark_get_value (mark), weight);
    }

  return g_strdup (dnevnik_mark_get_value (mark));
}

/**
 * dnevnik_marks_chip_new:
 * @mark: a mark
 *
 * Returns: (transfer floating): a small label showing @mark, with an
 *   accessible label that reads its weight out
 */
GtkWidget *
dnevnik_marks_chip_new (DnevnikMark *mark)
{
  g_autofree char *text = dnevnik_marks_format_mark (mark);
  g_autofree char *description = dnevnik_marks_describe_mark (mark);
  GtkWidget *chip = gtk_label_new (text);
  int number;

  gtk_widget_add_css_class (chip, "mark-chip");
  if (dnevnik_mark_parse_number (dnevnik_mark_get_value (mark), &number))
    {
      g_autofree char *css_class = g_strdup_printf ("mark-%d", number);

      gtk_widget_add_css_class (chip, css_class);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (chip),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);

  return chip;
}

/**
 * dnevnik_marks_describe_outcome:
 * @subject: a subject's marks in a period
 * @round_up_from: the rounding rule of estimates
 * @has_average: whether the marks have an average
 * @average: their weighted average
 *
 * Returns: (transfer full) (nullable): the final mark once the school has
 *   set it, else the mark the average is heading for, said to be an
 *   estimate; %NULL when there is neither
 */
char *
dnevnik_marks_describe_outcome (DnevnikSubjectMarks *subject,
                                double               round_up_from,
                                gboolean             has_average,
                                double               average)
{
  const char *final = dnevnik_subject_marks_get_final (subject);

  if (final != NULL && final[0] != '\0')
    /* Translators: the mark the school set for the period */
    return g_strdup_printf (_("Final mark: %s"), final);
  if (has_average)
    /* Translators: an estimate, not a mark; %d is the mark the average rounds to */
    return g_strdup_printf (_("Heading for %d (estimate)"), dnevnik_mark_round (average, round_up_from));

  return NULL;
}
