/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-mark-math.h"
#include "dnevnik-marks-chart.h"
#include "dnevnik-marks-format.h"
#include "dnevnik-marks-subject-dialog.h"
#include "dnevnik-ui-util.h"

/* One subject's marks in a period: each mark with its date, control form
 * and comment, the trend of the running average, and "what do I need":
 * for a mark the student wants, the average it takes (by the same rule
 * as the estimate) and how many more marks of each value would bring the
 * average there (dnevnik_mark_tally_needed(), the one definition the
 * tests compare with brute force).
 *
 * The dialog shows the marks as they were when it opened: it is a look
 * at one moment, closed in a second; the page behind it follows the
 * service. */

/* More marks than a period holds for one subject: beyond that the answer
 * is "not reachable". */
#define MAX_MORE_MARKS 40

/* The marks a student may aim for, best first. */
static const int target_marks[] = { 5, 4, 3 };

struct _DnevnikMarksSubjectDialog
{
  AdwWindow            parent_instance;

  /* template widgets */
  AdwWindowTitle      *window_title;
  GtkLabel            *summary_label;
  DnevnikMarksChart   *chart;
  AdwComboRow         *target_row;
  GtkLabel            *answer_label;
  AdwPreferencesGroup *marks_group;

  /* owned */
  DnevnikSubjectMarks *subject;
  DnevnikMarkTally     tally;
  double               round_up_from;
};

G_DEFINE_FINAL_TYPE (DnevnikMarksSubjectDialog, dnevnik_marks_subject_dialog, ADW_TYPE_WINDOW)

static char *
describe_needed (const DnevnikMarkTally *tally,
                 double                  target)
{
  g_autofree char *average = dnevnik_marks_format_number (target);
  g_autoptr(GPtrArray) ways = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  if (dnevnik_mark_tally_reaches (tally, target))
    /* Translators: %s is an average, e.g. "4.50" */
    return g_strdup_printf (_("Your average already reaches %s."), average);

  for (int value = 5; value >= 2; value--)
    {
      int n = dnevnik_mark_tally_needed (tally, value, 1, target, MAX_MORE_MARKS);

      if (n > 0)
        /* Translators: how many more marks of one value, e.g. "3 more marks “5”" */
        g_ptr_array_add (ways, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%d more mark “%d”",
                                                             "%d more marks “%d”", n),
                                                n, value));
    }

  if (ways->len == 0)
    /* Translators: %d is a number of marks, %s an average, e.g. "4.50" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Not reachable: even %d more mark “5” would not bring the average to %s.",
                                         "Not reachable: even %d more marks “5” would not bring the average to %s.",
                                         MAX_MORE_MARKS),
                            MAX_MORE_MARKS, average);

  g_ptr_array_add (ways, NULL);
  /* Translators: the separator between ways to reach an average, "3 more marks “5”, or 5 more marks “4”" */
  joined = g_strjoinv (_(", or "), (char **) ways->pdata);
  /* Translators: %s is an average, then the ways to reach it */
  return g_strdup_printf (_("To reach an average of %s: %s."), average, joined);
}

static void
update_answer (DnevnikMarksSubjectDialog *self)
{
  guint position = adw_combo_row_get_selected (self->target_row);
  g_autofree char *answer = NULL;

  if (position >= G_N_ELEMENTS (target_marks))
    return;

  answer = describe_needed (&self->tally, dnevnik_mark_threshold (target_marks[position], self->round_up_from));
  gtk_label_set_text (self->answer_label, answer);
}

static GtkWidget *
create_mark_row (DnevnikMark *mark)
{
  const char *form = dnevnik_mark_get_control_form (mark);
  const char *comment = dnevnik_mark_get_comment (mark);
  const GDate *date = dnevnik_mark_get_date (mark);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *title = g_markup_escape_text (form != NULL && form[0] != '\0' ? form : _("Mark"), -1);
  g_autofree char *escaped = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (date != NULL && g_date_valid (date))
    {
      /* Translators: a mark's date, g_date_time_format() syntax */
      g_autofree char *day = dnevnik_format_date (date, _("%-d %B"));

      g_string_append (subtitle, day);
    }
  if (comment != NULL && comment[0] != '\0')
    {
      if (subtitle->len > 0)
        g_string_append_c (subtitle, '\n');
      g_string_append (subtitle, comment);
    }

  escaped = g_markup_escape_text (subtitle->str, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), dnevnik_marks_chip_new (mark));

  return row;
}

static void
fill (DnevnikMarksSubjectDialog *self,
      gboolean                   school_rule)
{
  GListModel *marks = dnevnik_subject_marks_get_marks (self->subject);
  g_autoptr(GtkStringList) targets = gtk_string_list_new (NULL);
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *outcome = NULL;
  guint n = g_list_model_get_n_items (marks);
  gboolean has_average;
  double average = 0;
  guint chosen = 0;

  adw_window_title_set_title (self->window_title, dnevnik_subject_marks_get_subject (self->subject));
  adw_window_title_set_subtitle (self->window_title,
                                 school_rule ? _("Estimates by your school’s rule")
                                             : _("Estimates by the app’s own rule"));
  gtk_window_set_title (GTK_WINDOW (self), dnevnik_subject_marks_get_subject (self->subject));

  dnevnik_mark_tally_add_model (&self->tally, marks);
  has_average = dnevnik_mark_tally_average (&self->tally, &average);
  if (has_average)
    {
      g_autofree char *number = dnevnik_marks_format_number (average);

      /* Translators: a subject's weighted average, e.g. "Average 4.33" */
      g_string_append_printf (summary, _("Average %s"), number);
    }
  else
    {
      g_string_append (summary, _("No marks that count towards an average yet"));
    }
  outcome = dnevnik_marks_describe_outcome (self->subject, self->round_up_from, has_average, average);
  if (outcome != NULL)
    g_string_append_printf (summary, "\n%s", outcome);
  gtk_label_set_text (self->summary_label, summary->str);

  dnevnik_marks_chart_set_marks (self->chart, marks);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DnevnikMark) mark = g_list_model_get_item (marks, i);

      adw_preferences_group_add (self->marks_group, create_mark_row (mark));
    }
  if (n == 0)
    adw_preferences_group_set_description (self->marks_group, _("No marks in this period yet."));

  /* Aim one mark above the estimate by default: what the student can
   * still change. */
  for (guint i = 0; i < G_N_ELEMENTS (target_marks); i++)
    {
      double threshold = dnevnik_mark_threshold (target_marks[i], self->round_up_from);
      g_autofree char *number = dnevnik_marks_format_number (threshold);
      /* Translators: a mark to aim for and the average it takes, e.g. "5 (average 4.50)" */
      g_autofree char *item = g_strdup_printf (_("%d (average %s)"), target_marks[i], number);

      gtk_string_list_append (targets, item);
      if (!has_average || average + DNEVNIK_MARK_EPSILON < threshold)
        chosen = i;
    }
  adw_combo_row_set_model (self->target_row, G_LIST_MODEL (targets));
  adw_combo_row_set_selected (self->target_row, chosen);
  update_answer (self);
}

static void
on_target_selected_cb (DnevnikMarksSubjectDialog *self)
{
  if (self->subject != NULL)
    update_answer (self);
}

static void
dnevnik_marks_subject_dialog_dispose (GObject *object)
{
  DnevnikMarksSubjectDialog *self = DNEVNIK_MARKS_SUBJECT_DIALOG (object);

  g_clear_object (&self->subject);

  G_OBJECT_CLASS (dnevnik_marks_subject_dialog_parent_class)->dispose (object);
}

static void
dnevnik_marks_subject_dialog_class_init (DnevnikMarksSubjectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dnevnik_marks_subject_dialog_dispose;

  g_type_ensure (DNEVNIK_TYPE_MARKS_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/dnevnik-marks-subject-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DnevnikMarksSubjectDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DnevnikMarksSubjectDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DnevnikMarksSubjectDialog, chart);
  gtk_widget_class_bind_template_child (widget_class, DnevnikMarksSubjectDialog, target_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikMarksSubjectDialog, answer_label);
  gtk_widget_class_bind_template_child (widget_class, DnevnikMarksSubjectDialog, marks_group);
  gtk_widget_class_bind_template_callback (widget_class, on_target_selected_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dnevnik_marks_subject_dialog_init (DnevnikMarksSubjectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * dnevnik_marks_subject_dialog_new:
 * @subject: a subject's marks in a period
 * @round_up_from: the rounding rule of estimates and targets
 * @school_rule: whether the school stated @round_up_from (else it is the
 *   app's own ".5 rounds up")
 *
 * Returns: (transfer full): a dialog showing @subject
 */
GtkWidget *
dnevnik_marks_subject_dialog_new (DnevnikSubjectMarks *subject,
                                  double               round_up_from,
                                  gboolean             school_rule)
{
  DnevnikMarksSubjectDialog *self;

  g_return_val_if_fail (DNEVNIK_IS_SUBJECT_MARKS (subject), NULL);

  self = g_object_new (DNEVNIK_TYPE_MARKS_SUBJECT_DIALOG, NULL);
  self->subject = g_object_ref (subject);
  self->round_up_from = round_up_from;
  fill (self, school_rule);

  return GTK_WIDGET (self);
}

/**
 * dnevnik_marks_subject_dialog_set_target:
 * @mark: 3, 4 or 5
 *
 * Chooses the mark to aim for, as the student does in the dialog.
 */
void
dnevnik_marks_subject_dialog_set_target (DnevnikMarksSubjectDialog *self,
                                         int                        mark)
{
  g_return_if_fail (DNEVNIK_IS_MARKS_SUBJECT_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (target_marks); i++)
    if (target_marks[i] == mark)
      adw_combo_row_set_selected (self->target_row, i);
}

/**
 * dnevnik_marks_subject_dialog_get_answer:
 *
 * Returns: the "what do I need" answer shown
 */
const char *
dnevnik_marks_subject_dialog_get_answer (DnevnikMarksSubjectDialog *self)
{
  g_return_val_if_fail (DNEVNIK_IS_MARKS_SUBJECT_DIALOG (self), NULL);

  return gtk_label_get_text (self->answer_label);
}

/**
 * dnevnik_marks_subject_dialog_get_chart:
 *
 * Returns: (transfer none): the trend chart
 */
GtkWidget *
dnevnik_marks_subject_dialog_get_chart (DnevnikMarksSubjectDialog *self)
{
  g_return_val_if_fail (DNEVNIK_IS_MARKS_SUBJECT_DIALOG (self), NULL);

  return GTK_WIDGET (self->chart);
}
