/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-date.h"
#include "dnevnik-marks-format.h"
#include "dnevnik-marks-page.h"
#include "dnevnik-marks-subject-dialog.h"

/* «Оценки»: every subject's marks in one period of the school year.
 *
 * The page shows the service's marks model (DnevnikSubjectMarks), one row
 * per subject: its marks in order, the weighted average, the final mark
 * once the school has set it, and otherwise the mark the average is
 * heading for — an estimate, by the school's rounding rule when the
 * server states one, else by the app's own ".5 rounds up"; the rule is
 * said above the list, so an estimate is never taken for a mark the school
 * set.  The service fills the models from the offline copy first, so the
 * page works offline like the week.
 *
 * Opening the page tells the service that the student has seen the new
 * marks, which ends the window's needs-attention and the notifications'
 * reason to exist.
 */

struct _DnevnikMarksPage
{
  DnevnikPage      parent_instance;

  /* template widgets */
  GtkWidget       *period_box;
  GtkDropDown     *period_dropdown;
  GtkLabel        *rule_label;
  GtkListBox      *subjects_list;

  /* owned */
  GListModel      *periods;         /* the service's periods model */
  GListModel      *marks;           /* the service's marks model */
  GtkStringList   *period_titles;   /* what the period chooser shows */
  GPtrArray       *period_ids;      /* of char *, in the order of the titles */
  char            *period_id;       /* the period shown */
  guint            seen_idle_id;

  /* the period chooser is being filled, not changed by the student */
  gboolean         syncing_periods;
};

G_DEFINE_FINAL_TYPE (DnevnikMarksPage, dnevnik_marks_page, DNEVNIK_TYPE_PAGE)

static gboolean
has_marks_capability (DnevnikMarksPage *self)
{
  DnevnikService *service = dnevnik_page_get_service (DNEVNIK_PAGE (self));

  return (dnevnik_service_get_capabilities (service) & DNEVNIK_PROVIDER_CAPABILITY_MARKS) != 0;
}

/* The period of today, else the last one that has begun, else the first:
 * in the holidays the marks just set are the ones that matter. */
static char *
default_period_id (DnevnikMarksPage *self)
{
  g_autoptr(DnevnikPeriod) chosen = NULL;
  GDate today;

  dnevnik_date_today (&today);
  for (guint i = 0; i < g_list_model_get_n_items (self->periods); i++)
    {
      g_autoptr(DnevnikPeriod) period = g_list_model_get_item (self->periods, i);

      if (dnevnik_period_contains (period, &today))
        return g_strdup (dnevnik_period_get_id (period));
      if (chosen == NULL || g_date_compare (dnevnik_period_get_start (period), &today) <= 0)
        g_set_object (&chosen, period);
    }

  return chosen != NULL ? g_strdup (dnevnik_period_get_id (chosen)) : NULL;
}

static gboolean
period_is_known (DnevnikMarksPage *self,
                 const char       *period_id,
                 guint            *out_position)
{
  for (guint i = 0; i < self->period_ids->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (self->period_ids, i), period_id) == 0)
        {
          if (out_position != NULL)
            *out_position = i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
sync_period_chooser (DnevnikMarksPage *self)
{
  guint n = g_list_model_get_n_items (self->periods);
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();
  guint position;

  self->syncing_periods = TRUE;

  g_ptr_array_set_size (self->period_ids, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DnevnikPeriod) period = g_list_model_get_item (self->periods, i);

      g_ptr_array_add (self->period_ids, g_strdup (dnevnik_period_get_id (period)));
      g_ptr_array_add (titles, (gpointer) dnevnik_period_get_title (period));
    }
  g_ptr_array_add (titles, NULL);
  gtk_string_list_splice (self->period_titles, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->period_titles)),
                          (const char * const *) titles->pdata);

  if (self->period_id == NULL || !period_is_known (self, self->period_id, NULL))
    {
      g_free (self->period_id);
      self->period_id = default_period_id (self);
    }
  if (period_is_known (self, self->period_id, &position))
    gtk_drop_down_set_selected (self->period_dropdown, position);

  gtk_widget_set_visible (self->period_box, n > 0);
  self->syncing_periods = FALSE;
}

static void
update_rule (DnevnikMarksPage *self)
{
  DnevnikService *service = dnevnik_page_get_service (DNEVNIK_PAGE (self));
  double round_up_from = DNEVNIK_MARK_DEFAULT_ROUND_UP_FROM;
  gboolean school_rule = dnevnik_service_get_marks_rule (service, &round_up_from);
  double threshold = dnevnik_mark_threshold (5, round_up_from);
  g_autofree char *from = dnevnik_marks_format_number (threshold);
  g_autofree char *below = dnevnik_marks_format_number (threshold - 0.01);
  g_autofree char *text = NULL;

  if (school_rule)
    /* Translators: %s are averages, e.g. "an average of 4.60 or more gives a 5, 4.59 gives a 4" */
    text = g_strdup_printf (_("“Heading for” is an estimate by your school’s rounding rule, not a mark the school has set: an average of %s or more gives a 5, %s gives a 4."),
                            from, below);
  else
    /* Translators: %s are averages, e.g. "an average of 4.50 or more gives a 5, 4.49 gives a 4" */
    text = g_strdup_printf (_("“Heading for” is the app’s own estimate, not a mark the school has set: your school states no rounding rule, so an average of %s or more gives a 5, %s gives a 4."),
                            from, below);

  gtk_label_set_text (self->rule_label, text);
}

static GtkWidget *
create_subject_row (gpointer item,
                    gpointer user_data)
{
  DnevnikMarksPage *self = user_data;
  DnevnikSubjectMarks *subject = item;
  GListModel *marks = dnevnik_subject_marks_get_marks (subject);
  DnevnikService *service = dnevnik_page_get_service (DNEVNIK_PAGE (self));
  double round_up_from = DNEVNIK_MARK_DEFAULT_ROUND_UP_FROM;
  DnevnikMarkTally tally = { 0, };
  g_autofree char *outcome = NULL;
  gboolean has_average;
  double average = 0;
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *top;
  GtkWidget *label;

  dnevnik_service_get_marks_rule (service, &round_up_from);
  dnevnik_mark_tally_add_model (&tally, marks);
  has_average = dnevnik_mark_tally_average (&tally, &average);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (box), top);

  label = gtk_label_new (dnevnik_subject_marks_get_subject (subject));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (top), label);

  if (has_average)
    {
      g_autofree char *number = dnevnik_marks_format_number (average);
      /* Translators: what a screen reader says for a subject's average, e.g. "Average 4.33" */
      g_autofree char *spoken = g_strdup_printf (_("Average %s"), number);

      label = gtk_label_new (number);
      gtk_widget_add_css_class (label, "marks-average");
      gtk_widget_add_css_class (label, "title-4");
      gtk_widget_add_css_class (label, "numeric");
      gtk_widget_set_tooltip_text (label, _("Weighted average of the period’s marks"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
      gtk_box_append (GTK_BOX (top), label);
    }

  if (g_list_model_get_n_items (marks) > 0)
    {
      GtkWidget *flow = gtk_flow_box_new ();

      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 40);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 4);
      /* The row opens the subject: the chips are only to be read. */
      gtk_widget_set_can_target (flow, FALSE);
      gtk_widget_set_focusable (flow, FALSE);
      for (guint i = 0; i < g_list_model_get_n_items (marks); i++)
        {
          g_autoptr(DnevnikMark) mark = g_list_model_get_item (marks, i);
          GtkWidget *chip = dnevnik_marks_chip_new (mark);

          gtk_flow_box_append (GTK_FLOW_BOX (flow), chip);
          gtk_widget_set_focusable (gtk_widget_get_parent (chip), FALSE);
        }
      gtk_box_append (GTK_BOX (box), flow);
    }
  else
    {
      label = gtk_label_new (_("No marks yet"));
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }

  outcome = dnevnik_marks_describe_outcome (subject, round_up_from, has_average, average);
  if (outcome != NULL)
    {
      label = gtk_label_new (outcome);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, dnevnik_subject_marks_get_final (subject) != NULL ? "marks-final" : "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, _("Show the marks with dates, the trend and what you need"));
  g_object_set_data_full (G_OBJECT (row), "dnevnik-subject", g_object_ref (subject), g_object_unref);

  return row;
}

static gboolean
mark_seen_idle_cb (gpointer user_data)
{
  DnevnikMarksPage *self = user_data;
  DnevnikService *service = dnevnik_page_get_service (DNEVNIK_PAGE (self));

  self->seen_idle_id = 0;
  if (service != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      g_list_model_get_n_items (dnevnik_service_get_unseen_marks_model (service)) > 0)
    dnevnik_service_mark_marks_seen (service);

  return G_SOURCE_REMOVE;
}

/* Never from inside the unseen model's own items-changed. */
static void
queue_mark_seen (DnevnikMarksPage *self)
{
  if (self->seen_idle_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->seen_idle_id = g_idle_add (mark_seen_idle_cb, self);
}

static void
on_marks_changed_cb (DnevnikMarksPage *self)
{
  update_rule (self);
  dnevnik_page_update_view (DNEVNIK_PAGE (self));
}

static void
on_period_selected_cb (DnevnikMarksPage *self)
{
  guint position = gtk_drop_down_get_selected (self->period_dropdown);

  if (self->syncing_periods || position >= self->period_ids->len)
    return;

  dnevnik_marks_page_show_period (self, g_ptr_array_index (self->period_ids, position));
}

static void
on_row_activated_cb (DnevnikMarksPage *self,
                     GtkListBoxRow    *row)
{
  DnevnikSubjectMarks *subject = g_object_get_data (G_OBJECT (row), "dnevnik-subject");

  dnevnik_marks_page_open_subject (self, dnevnik_subject_marks_get_subject (subject));
}

static void
on_marks_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!dnevnik_service_load_marks_finish (DNEVNIK_SERVICE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_periods_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DnevnikMarksPage *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* Offline, the periods of the offline copy are enough to go on: the
   * marks then come from the offline copy too, and their load says why
   * the server was not asked. */
  if (!dnevnik_service_load_periods_finish (DNEVNIK_SERVICE (object), result, &error) &&
      (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
       g_list_model_get_n_items (self->periods) == 0))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sync_period_chooser (self);
  if (self->period_id == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  dnevnik_service_load_marks_async (DNEVNIK_SERVICE (object), self->period_id,
                                    g_task_get_cancellable (task),
                                    on_marks_loaded_cb, g_object_ref (task));
}

static void
dnevnik_marks_page_load (DnevnikPage         *page,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  DnevnikMarksPage *self = DNEVNIK_MARKS_PAGE (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, dnevnik_marks_page_load);

  /* Nothing to ask: the status page says why (see init). */
  if (!has_marks_capability (self))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  dnevnik_service_load_periods_async (dnevnik_page_get_service (page), cancellable,
                                      on_periods_loaded_cb, g_steal_pointer (&task));
}

static gboolean
dnevnik_marks_page_load_finish (DnevnikPage   *page,
                                GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Whether the marks model holds the period this page shows. */
static gboolean
dnevnik_marks_page_has_content (DnevnikPage *page)
{
  DnevnikMarksPage *self = DNEVNIK_MARKS_PAGE (page);

  return self->marks != NULL && self->period_id != NULL &&
         g_list_model_get_n_items (self->marks) > 0 &&
         g_strcmp0 (dnevnik_service_get_marks_period_id (dnevnik_page_get_service (page)), self->period_id) == 0;
}

static void
dnevnik_marks_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (dnevnik_marks_page_parent_class)->map (widget);

  queue_mark_seen (DNEVNIK_MARKS_PAGE (widget));
}

static void
dnevnik_marks_page_dispose (GObject *object)
{
  DnevnikMarksPage *self = DNEVNIK_MARKS_PAGE (object);

  g_clear_handle_id (&self->seen_idle_id, g_source_remove);
  if (self->marks != NULL)
    g_signal_handlers_disconnect_by_data (self->marks, self);
  if (self->periods != NULL)
    g_signal_handlers_disconnect_by_data (self->periods, self);
  g_clear_object (&self->marks);
  g_clear_object (&self->periods);

  G_OBJECT_CLASS (dnevnik_marks_page_parent_class)->dispose (object);
}

static void
dnevnik_marks_page_finalize (GObject *object)
{
  DnevnikMarksPage *self = DNEVNIK_MARKS_PAGE (object);

  g_clear_object (&self->period_titles);
  g_clear_pointer (&self->period_ids, g_ptr_array_unref);
  g_clear_pointer (&self->period_id, g_free);

  G_OBJECT_CLASS (dnevnik_marks_page_parent_class)->finalize (object);
}

static void
dnevnik_marks_page_class_init (DnevnikMarksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  DnevnikPageClass *page_class = DNEVNIK_PAGE_CLASS (klass);

  object_class->dispose = dnevnik_marks_page_dispose;
  object_class->finalize = dnevnik_marks_page_finalize;

  widget_class->map = dnevnik_marks_page_map;

  page_class->load = dnevnik_marks_page_load;
  page_class->load_finish = dnevnik_marks_page_load_finish;
  page_class->has_content = dnevnik_marks_page_has_content;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/dnevnik-marks-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DnevnikMarksPage, period_box);
  gtk_widget_class_bind_template_child (widget_class, DnevnikMarksPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DnevnikMarksPage, rule_label);
  gtk_widget_class_bind_template_child (widget_class, DnevnikMarksPage, subjects_list);
  gtk_widget_class_bind_template_callback (widget_class, on_period_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
}

static void
dnevnik_marks_page_init (DnevnikMarksPage *self)
{
  self->period_titles = gtk_string_list_new (NULL);
  self->period_ids = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->syncing_periods = TRUE;
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (self->period_titles));
  self->syncing_periods = FALSE;
  gtk_widget_set_visible (self->period_box, FALSE);
}

/**
 * dnevnik_marks_page_new:
 * @service: the service to ask for the periods and the marks
 *
 * The page shows @service's marks model; it loads the periods at once,
 * then the marks of the period of today.
 *
 * Returns: (transfer floating): the «Оценки» page
 */
GtkWidget *
dnevnik_marks_page_new (DnevnikService *service)
{
  DnevnikMarksPage *self;

  g_return_val_if_fail (DNEVNIK_IS_SERVICE (service), NULL);

  self = g_object_new (DNEVNIK_TYPE_MARKS_PAGE, "service", service, NULL);

  if (!has_marks_capability (self))
    g_object_set (self,
                  "empty-title", _("Marks Are Not Available"),
                  "empty-description", _("This diary does not offer marks by period in the app. Your marks are still shown in each lesson of the week."),
                  NULL);

  self->periods = g_object_ref (dnevnik_service_get_periods_model (service));
  self->marks = g_object_ref (dnevnik_service_get_marks_model (service));
  gtk_list_box_bind_model (self->subjects_list, self->marks, create_subject_row, self, NULL);
  g_signal_connect_object (self->marks, "items-changed", G_CALLBACK (on_marks_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->periods, "items-changed", G_CALLBACK (sync_period_chooser), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dnevnik_service_get_unseen_marks_model (service), "items-changed",
                           G_CALLBACK (queue_mark_seen), self, G_CONNECT_SWAPPED);
  sync_period_chooser (self);
  update_rule (self);
  dnevnik_page_reload (DNEVNIK_PAGE (self));

  return GTK_WIDGET (self);
}

/**
 * dnevnik_marks_page_get_period_id:
 *
 * Returns: (nullable): the id of the period shown, once the periods are
 *   known
 */
const char *
dnevnik_marks_page_get_period_id (DnevnikMarksPage *self)
{
  g_return_val_if_fail (DNEVNIK_IS_MARKS_PAGE (self), NULL);

  return self->period_id;
}

/**
 * dnevnik_marks_page_show_period:
 * @period_id: the id of a period of the school year
 *
 * Shows the marks of @period_id and loads them.
 */
void
dnevnik_marks_page_show_period (DnevnikMarksPage *self,
                                const char       *period_id)
{
  guint position;

  g_return_if_fail (DNEVNIK_IS_MARKS_PAGE (self));
  g_return_if_fail (period_id != NULL);

  if (g_strcmp0 (self->period_id, period_id) == 0)
    return;

  g_free (self->period_id);
  self->period_id = g_strdup (period_id);
  if (period_is_known (self, period_id, &position))
    {
      self->syncing_periods = TRUE;
      gtk_drop_down_set_selected (self->period_dropdown, position);
      self->syncing_periods = FALSE;
    }
  dnevnik_page_reload (DNEVNIK_PAGE (self));
}

/**
 * dnevnik_marks_page_open_subject:
 * @subject: the name of a subject shown
 *
 * Opens the subject's marks, as a click on its row does.
 *
 * Returns: (transfer none) (nullable): the dialog, or %NULL when no
 *   subject of that name is shown
 */
GtkWidget *
dnevnik_marks_page_open_subject (DnevnikMarksPage *self,
                                 const char       *subject)
{
  DnevnikService *service;
  double round_up_from = DNEVNIK_MARK_DEFAULT_ROUND_UP_FROM;
  gboolean school_rule;

  g_return_val_if_fail (DNEVNIK_IS_MARKS_PAGE (self), NULL);
  g_return_val_if_fail (subject != NULL, NULL);

  service = dnevnik_page_get_service (DNEVNIK_PAGE (self));
  school_rule = dnevnik_service_get_marks_rule (service, &round_up_from);

  for (guint i = 0; i < g_list_model_get_n_items (self->marks); i++)
    {
      g_autoptr(DnevnikSubjectMarks) item = g_list_model_get_item (self->marks, i);
      GtkWidget *dialog;

      if (g_strcmp0 (dnevnik_subject_marks_get_subject (item), subject) != 0)
        continue;

      dialog = dnevnik_marks_subject_dialog_new (item, round_up_from, school_rule);
      gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
      gtk_window_present (GTK_WINDOW (dialog));
      return dialog;
    }

  return NULL;
}
