/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-mark-math.h"
#include "dnevnik-mark.h"
#include "dnevnik-marks-chart.h"
#include "dnevnik-marks-format.h"

/* The trend of a subject: the running average after each mark of the
 * period, as a line over the scale from 1 to 5, drawn with cairo through
 * GtkSnapshot.  A picture says nothing to a screen reader, so the
 * accessible description lists the averages the line goes through. */

#define MIN_VALUE    1.0
#define MAX_VALUE    5.0
#define PADDING      8.0
/* Above and below the scale: half a line of its labels, and some air. */
#define PADDING_Y    12.0
#define DOT_RADIUS   3.5

struct _DnevnikMarksChart
{
  GtkWidget  parent_instance;

  GArray    *averages;  /* of double: the average after each counted mark */
};

G_DEFINE_FINAL_TYPE (DnevnikMarksChart, dnevnik_marks_chart, GTK_TYPE_WIDGET)

static void
update_description (DnevnikMarksChart *self)
{
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *description = NULL;

  for (guint i = 0; i < self->averages->len; i++)
    {
      g_autofree char *number = dnevnik_marks_format_number (g_array_index (self->averages, double, i));

      if (i > 0)
        g_string_append (list, "; ");
      g_string_append (list, number);
    }

  if (self->averages->len == 0)
    description = g_strdup (_("No marks to show a trend yet"));
  else
    /* Translators: the text alternative of the trend chart; %s is a list of averages, "4.00; 4.50; 4.33" */
    description = g_strdup_printf (_("The average after each mark: %s"), list->str);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static double
y_for (double value,
       double height)
{
  return PADDING_Y + (MAX_VALUE - value) / (MAX_VALUE - MIN_VALUE) * (height - 2 * PADDING_Y);
}

static void
dnevnik_marks_chart_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  DnevnikMarksChart *self = DNEVNIK_MARKS_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  PangoLayout *layout;
  cairo_t *cr;
  GdkRGBA color;
  int label_width, label_height;
  double left;
  double step;

  if (width <= 4 * PADDING || height <= 2 * PADDING_Y)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* A faint line at each mark of the scale, with the mark beside it, so
   * the line can be read. */
  layout = gtk_widget_create_pango_layout (widget, "5");
  pango_layout_get_pixel_size (layout, &label_width, &label_height);
  left = PADDING + label_width + PADDING;
  cairo_set_line_width (cr, 1.0);
  for (int mark = (int) MIN_VALUE; mark <= (int) MAX_VALUE; mark++)
    {
      char text[2] = { (char) ('0' + mark), '\0' };

      cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * 0.55);
      pango_layout_set_text (layout, text, -1);
      cairo_move_to (cr, PADDING, y_for (mark, height) - label_height / 2.0);
      pango_cairo_show_layout (cr, layout);

      cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * 0.15);
      cairo_move_to (cr, left, y_for (mark, height) + 0.5);
      cairo_line_to (cr, width - PADDING, y_for (mark, height) + 0.5);
      cairo_stroke (cr);
    }
  g_object_unref (layout);

  step = self->averages->len > 1 ? (width - left - PADDING) / (self->averages->len - 1) : 0;
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha);
  cairo_set_line_width (cr, 2.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->averages->len; i++)
    {
      double x = self->averages->len > 1 ? left + i * step : (left + width - PADDING) / 2;
      double y = y_for (g_array_index (self->averages, double, i), height);

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);

  for (guint i = 0; i < self->averages->len; i++)
    {
      double x = self->averages->len > 1 ? left + i * step : (left + width - PADDING) / 2;
      double y = y_for (g_array_index (self->averages, double, i), height);

      cairo_arc (cr, x, y, DOT_RADIUS, 0, 2 * G_PI);
      cairo_fill (cr);
    }

  cairo_destroy (cr);
}

static void
dnevnik_marks_chart_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 120 : 80;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 120;
}

static void
dnevnik_marks_chart_finalize (GObject *object)
{
  DnevnikMarksChart *self = DNEVNIK_MARKS_CHART (object);

  g_clear_pointer (&self->averages, g_array_unref);

  G_OBJECT_CLASS (dnevnik_marks_chart_parent_class)->finalize (object);
}

static void
dnevnik_marks_chart_class_init (DnevnikMarksChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dnevnik_marks_chart_finalize;

  widget_class->snapshot = dnevnik_marks_chart_snapshot;
  widget_class->measure = dnevnik_marks_chart_measure;

  gtk_widget_class_set_css_name (widget_class, "marks-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dnevnik_marks_chart_init (DnevnikMarksChart *self)
{
  self->averages = g_array_new (FALSE, FALSE, sizeof (double));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Trend of the average"),
                                  -1);
  update_description (self);
}

/**
 * dnevnik_marks_chart_new:
 *
 * Returns: (transfer floating): an empty chart
 */
GtkWidget *
dnevnik_marks_chart_new (void)
{
  return g_object_new (DNEVNIK_TYPE_MARKS_CHART, NULL);
}

/**
 * dnevnik_marks_chart_set_marks:
 * @marks: a #GListModel of #DnevnikMark, in order of date
 *
 * Shows the average after each of @marks that counts (marks that are
 * not numbers, such as “зачёт”, move nothing).
 */
void
dnevnik_marks_chart_set_marks (DnevnikMarksChart *self,
                               GListModel        *marks)
{
  DnevnikMarkTally tally = { 0, };

  g_return_if_fail (DNEVNIK_IS_MARKS_CHART (self));
  g_return_if_fail (G_IS_LIST_MODEL (marks));

  g_array_set_size (self->averages, 0);
  for (guint i = 0; i < g_list_model_get_n_items (marks); i++)
    {
      g_autoptr(DnevnikMark) mark = g_list_model_get_item (marks, i);
      guint before = tally.weight;
      double average;

      dnevnik_mark_tally_add (&tally, dnevnik_mark_get_value (mark), dnevnik_mark_get_weight (mark));
      if (tally.weight != before && dnevnik_mark_tally_average (&tally, &average))
        g_array_append_val (self->averages, average);
    }

  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * dnevnik_marks_chart_get_averages:
 * @n_averages: (out): how many there are
 *
 * Returns: (transfer none) (array length=n_averages): the averages drawn
 */
const double *
dnevnik_marks_chart_get_averages (DnevnikMarksChart *self,
                                  guint             *n_averages)
{
  g_return_val_if_fail (DNEVNIK_IS_MARKS_CHART (self), NULL);

  *n_averages = self->averages->len;
  return (const double *) self->averages->data;
}
