/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-diary-page.h"
#include "dnevnik-date.h"
#include "dnevnik-ui-util.h"

/* «Дневник»: one school week, Monday to Saturday.
 *
 * The page shows the service's week model (DnevnikDiaryDay), bound to a
 * GtkListBox; each day's lessons are bound the same way.  Navigating asks
 * the service for another week with dnevnik_service_load_week_async():
 * the service fills the model from its offline copy at once and splices
 * in only the days the server changed, so the rows of a cached week
 * appear without waiting and are not rebuilt when nothing changed.  Only
 * the lessons of the days on the first screen are built at once; the
 * others follow, a day per idle, after that screen is painted.
 *
 * Between a step to another week and the offline copy's answer the model
 * still holds the previous week: the page never shows those days under
 * the new week's dates (see has_content()).  The spinner, the status
 * page with its Retry button, and DnevnikPage::load-failed are
 * DnevnikPage's.
 */

#define SCHOOL_DAYS 6

/* Rough heights, in pixels, of a day's heading and of a lesson row: only
 * used to guess which days the first screen shows. */
#define DAY_HEADING_HEIGHT 40
#define LESSON_ROW_HEIGHT  64

struct _DnevnikDiaryPage
{
  DnevnikPage      parent_instance;

  /* template widgets */
  GtkLabel        *week_label;
  GtkListBox      *days_list;

  /* owned */
  GListModel      *days;          /* the service's week model */
  GDate            monday;

  /* Lesson lists of days below the first screen, bound after the frame
   * that shows the first screen (see create_day_row()). */
  GPtrArray       *deferred;      /* of GtkListBox */
  guint            deferred_id;
  gboolean         waiting_for_paint;
};

G_DEFINE_FINAL_TYPE (DnevnikDiaryPage, dnevnik_diary_page, DNEVNIK_TYPE_PAGE)

static void
week_of (const GDate *day,
         GDate       *monday)
{
  *monday = *day;
  g_date_subtract_days (monday, g_date_get_weekday (day) - G_DATE_MONDAY);
}

static char *
format_marks (GListModel *marks)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (marks); i++)
    {
      g_autoptr(DnevnikMark) mark = g_list_model_get_item (marks, i);
      int weight = dnevnik_mark_get_weight (mark);

      if (text->len > 0)
        g_string_append (text, "  ");
      g_string_append (text, dnevnik_mark_get_value (mark));
      /* The weight counts in the average: show it unless it is the usual 1. */
      if (weight > 1)
        g_string_append_printf (text, " ×%d", weight);
    }

  return g_string_free (text, FALSE);
}

/* "08:30–09:15 · Room 204 · Иванова А. П.", leaving out what the server
 * did not say: real diaries often send no teacher, and events without a
 * room. */
static char *
format_lesson_details (DnevnikLesson *lesson)
{
  const char *start = dnevnik_lesson_get_start_time (lesson);
  const char *end = dnevnik_lesson_get_end_time (lesson);
  const char *room = dnevnik_lesson_get_room (lesson);
  const char *teacher = dnevnik_lesson_get_teacher (lesson);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (start != NULL && *start != '\0' && end != NULL && *end != '\0')
    g_ptr_array_add (parts, g_strdup_printf ("%s–%s", start, end));
  if (room != NULL && *room != '\0')
    /* Translators: a lesson's room, e.g. "Room 204" */
    g_ptr_array_add (parts, g_strdup_printf (_("Room %s"), room));
  if (teacher != NULL && *teacher != '\0')
    g_ptr_array_add (parts, g_strdup (teacher));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **) parts->pdata);
}

static GtkWidget *
create_lesson_row (gpointer item,
                   gpointer user_data)
{
  DnevnikLesson *lesson = item;
  const char * const *homework = dnevnik_lesson_get_homework (lesson);
  GListModel *marks = dnevnik_lesson_get_marks (lesson);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *number = g_strdup_printf ("%d", dnevnik_lesson_get_number (lesson));
  g_autofree char *subject = g_markup_escape_text (dnevnik_lesson_get_subject (lesson), -1);
  g_autofree char *details = NULL;
  GtkWidget *row;
  GtkWidget *label;

  details = format_lesson_details (lesson);
  g_string_append (subtitle, details);

  if (homework != NULL && homework[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv ("; ", (char **) homework);
      g_autofree char *line = g_strdup_printf (_("Homework: %s"), joined);

      g_string_append_c (subtitle, '\n');
      g_string_append (subtitle, line);
    }

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), subject);
  {
    g_autofree char *escaped = g_markup_escape_text (subtitle->str, -1);

    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  }
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  label = gtk_label_new (number);
  gtk_widget_add_css_class (label, "lesson-number");
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), label);

  if (marks != NULL && g_list_model_get_n_items (marks) > 0)
    {
      g_autofree char *text = format_marks (marks);

      label = gtk_label_new (text);
      gtk_widget_add_css_class (label, "lesson-marks");
      gtk_widget_set_tooltip_text (label, _("Marks; “×2” means the mark counts twice"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  return row;
}

/* Whether @day starts within the first screenful of the page, guessed
 * from the lessons of the days before it: laying out a whole week of
 * wrapping labels is most of the time between the offline copy's
 * answer and the week on screen, so the days nobody sees yet are built
 * after that first frame. */
static gboolean
day_is_on_first_screen (DnevnikDiaryPage *self,
                        DnevnikDiaryDay  *day)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int height = root != NULL ? gtk_widget_get_height (GTK_WIDGET (root)) : 0;
  int top = 0;

  /* Not in a window yet, or not yet laid out: a usual window's height. */
  if (height <= 0)
    height = 720;

  for (guint i = 0; i < g_list_model_get_n_items (self->days); i++)
    {
      g_autoptr(DnevnikDiaryDay) other = g_list_model_get_item (self->days, i);
      GListModel *lessons = dnevnik_diary_day_get_lessons (other);

      if (other == day)
        return top < height;

      top += DAY_HEADING_HEIGHT + LESSON_ROW_HEIGHT * MAX (1, lessons != NULL ? g_list_model_get_n_items (lessons) : 0);
    }

  return TRUE;
}

static gboolean
build_deferred_day_cb (gpointer user_data)
{
  DnevnikDiaryPage *self = user_data;
  g_autoptr(GtkWidget) list = NULL;
  GListModel *lessons;

  /* One day at a time, so that the main loop stays responsive. */
  if (self->deferred->len > 0)
    {
      list = g_ptr_array_steal_index (self->deferred, 0);
      lessons = g_object_get_data (G_OBJECT (list), "dnevnik-lessons");

      /* A day that another week replaced meanwhile is not built. */
      if (gtk_widget_get_root (list) != NULL)
        {
          gtk_list_box_bind_model (GTK_LIST_BOX (list), lessons, create_lesson_row, NULL, NULL);
          gtk_widget_set_visible (list, TRUE);
        }
    }

  if (self->deferred->len > 0)
    return G_SOURCE_CONTINUE;

  self->deferred_id = 0;
  return G_SOURCE_REMOVE;
}

static void
on_after_paint_cb (GdkFrameClock    *clock,
                   DnevnikDiaryPage *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, self);
  self->waiting_for_paint = FALSE;

  if (self->deferred != NULL && self->deferred->len > 0 && self->deferred_id == 0)
    self->deferred_id = g_idle_add (build_deferred_day_cb, self);
}

/* Binds @list to @lessons once the frame being prepared is painted: an
 * idle added now could run before that frame. */
static void
defer_lessons (DnevnikDiaryPage *self,
               GtkWidget        *list,
               GListModel       *lessons)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  /* Nothing is shown, so there is no frame to wait for. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || clock == NULL)
    {
      gtk_list_box_bind_model (GTK_LIST_BOX (list), lessons, create_lesson_row, NULL, NULL);
      return;
    }

  gtk_widget_set_visible (list, FALSE);
  g_object_set_data_full (G_OBJECT (list), "dnevnik-lessons", g_object_ref (lessons), g_object_unref);
  g_ptr_array_add (self->deferred, g_object_ref (list));

  if (self->deferred_id != 0 || self->waiting_for_paint)
    return;

  self->waiting_for_paint = TRUE;
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_after_paint_cb), self, 0);
}

static GtkWidget *
create_day_row (gpointer item,
                gpointer user_data)
{
  DnevnikDiaryPage *self = user_data;
  DnevnikDiaryDay *day = item;
  GListModel *lessons = dnevnik_diary_day_get_lessons (day);
  /* Translators: a day heading in the diary, g_date_time_format() syntax, e.g. "Monday, 23 November" */
  g_autofree char *heading = dnevnik_format_date (dnevnik_diary_day_get_date (day), _("%A, %-d %B"));
  GtkWidget *box;
  GtkWidget *label;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (box, 12);

  label = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  if (lessons == NULL || g_list_model_get_n_items (lessons) == 0)
    {
      label = gtk_label_new (dnevnik_diary_day_get_holiday (day)
                             ? _("Holiday — no lessons")
                             : _("No lessons"));
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }
  else
    {
      GtkWidget *list = gtk_list_box_new ();

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_box_append (GTK_BOX (box), list);

      if (self->deferred == NULL || day_is_on_first_screen (self, day))
        gtk_list_box_bind_model (GTK_LIST_BOX (list), lessons, create_lesson_row, NULL, NULL);
      else
        defer_lessons (self, list, lessons);
    }

  /* A plain, non-activatable row: the day itself does nothing when clicked. */
  {
    GtkWidget *row = gtk_list_box_row_new ();

    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
    gtk_widget_set_focusable (row, FALSE);
    gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
    return row;
  }
}

static void
update_week_label (DnevnikDiaryPage *self)
{
  GDate saturday = self->monday;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;

  g_date_add_days (&saturday, SCHOOL_DAYS - 1);
  /* Translators: the first day of the week shown, g_date_time_format() syntax */
  from = dnevnik_format_date (&self->monday, _("%-d %B"));
  /* Translators: the last day of the week shown, g_date_time_format() syntax */
  to = dnevnik_format_date (&saturday, _("%-d %B %Y"));
  /* Translators: the week shown, e.g. "23 November – 28 November 2026" */
  text = g_strdup_printf (_("%s – %s"), from, to);
  gtk_label_set_text (self->week_label, text);
}

static void
go_to_week (DnevnikDiaryPage *self,
            const GDate      *monday)
{
  if (g_date_valid (&self->monday) && g_date_compare (&self->monday, monday) == 0)
    return;

  self->monday = *monday;
  update_week_label (self);
  dnevnik_page_reload (DNEVNIK_PAGE (self));
}

static void
previous_week_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DnevnikDiaryPage *self = DNEVNIK_DIARY_PAGE (widget);
  GDate monday = self->monday;

  g_date_subtract_days (&monday, 7);
  go_to_week (self, &monday);
}

static void
next_week_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DnevnikDiaryPage *self = DNEVNIK_DIARY_PAGE (widget);
  GDate monday = self->monday;

  g_date_add_days (&monday, 7);
  go_to_week (self, &monday);
}

static void
current_week_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GDate day;

  dnevnik_date_today (&day);
  dnevnik_diary_page_show_week (DNEVNIK_DIARY_PAGE (widget), &day);
}

static void
dnevnik_diary_page_load (DnevnikPage         *page,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  DnevnikDiaryPage *self = DNEVNIK_DIARY_PAGE (page);

  dnevnik_service_load_week_async (dnevnik_page_get_service (page), &self->monday, cancellable,
                                   callback, user_data);
}

static gboolean
dnevnik_diary_page_load_finish (DnevnikPage   *page,
                                GAsyncResult  *result,
                                GError       **error)
{
  return dnevnik_service_load_week_finish (dnevnik_page_get_service (page), result, error);
}

/* Whether the week model holds the days of the week this page shows. */
static gboolean
dnevnik_diary_page_has_content (DnevnikPage *page)
{
  DnevnikDiaryPage *self = DNEVNIK_DIARY_PAGE (page);
  const GDate *week_start;
  g_autoptr(DnevnikDiaryDay) first = NULL;
  GDate saturday;

  if (self->days == NULL || g_list_model_get_n_items (self->days) == 0)
    return FALSE;

  week_start = dnevnik_service_get_week_start (dnevnik_page_get_service (page));
  if (week_start == NULL || g_date_compare (week_start, &self->monday) != 0)
    return FALSE;

  saturday = self->monday;
  g_date_add_days (&saturday, SCHOOL_DAYS - 1);
  first = g_list_model_get_item (self->days, 0);

  return g_date_compare (dnevnik_diary_day_get_date (first), &self->monday) >= 0 &&
         g_date_compare (dnevnik_diary_day_get_date (first), &saturday) <= 0;
}

static void
dnevnik_diary_page_dispose (GObject *object)
{
  DnevnikDiaryPage *self = DNEVNIK_DIARY_PAGE (object);
  DnevnikService *service = dnevnik_page_get_service (DNEVNIK_PAGE (self));

  g_clear_handle_id (&self->deferred_id, g_source_remove);
  g_clear_pointer (&self->deferred, g_ptr_array_unref);

  if (self->days != NULL)
    g_signal_handlers_disconnect_by_data (self->days, self);
  if (service != NULL)
    g_signal_handlers_disconnect_by_data (service, self);
  g_clear_object (&self->days);

  G_OBJECT_CLASS (dnevnik_diary_page_parent_class)->dispose (object);
}

static void
dnevnik_diary_page_class_init (DnevnikDiaryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  DnevnikPageClass *page_class = DNEVNIK_PAGE_CLASS (klass);

  object_class->dispose = dnevnik_diary_page_dispose;

  page_class->load = dnevnik_diary_page_load;
  page_class->load_finish = dnevnik_diary_page_load_finish;
  page_class->has_content = dnevnik_diary_page_has_content;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/dnevnik-diary-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DnevnikDiaryPage, week_label);
  gtk_widget_class_bind_template_child (widget_class, DnevnikDiaryPage, days_list);

  gtk_widget_class_install_action (widget_class, "diary.previous-week", NULL, previous_week_action);
  gtk_widget_class_install_action (widget_class, "diary.next-week", NULL, next_week_action);
  gtk_widget_class_install_action (widget_class, "diary.current-week", NULL, current_week_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "diary.previous-week", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "diary.next-week", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_ALT_MASK, "diary.current-week", NULL);
}

static void
dnevnik_diary_page_init (DnevnikDiaryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->deferred = g_ptr_array_new_with_free_func (g_object_unref);

  g_date_clear (&self->monday, 1);
}

/**
 * dnevnik_diary_page_new:
 * @service: the service to ask for the week
 *
 * The page shows @service's week model; it asks the service for this week
 * at once.
 *
 * Returns: (transfer floating): a page showing this week
 */
GtkWidget *
dnevnik_diary_page_new (DnevnikService *service)
{
  DnevnikDiaryPage *self;
  GDate day;

  g_return_val_if_fail (DNEVNIK_IS_SERVICE (service), NULL);

  self = g_object_new (DNEVNIK_TYPE_DIARY_PAGE, "service", service, NULL);
  self->days = g_object_ref (dnevnik_service_get_week_model (service));
  gtk_list_box_bind_model (self->days_list, self->days, create_day_row, self, NULL);
  g_signal_connect_object (self->days, "items-changed", G_CALLBACK (dnevnik_page_update_view), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (service, "notify::week-start", G_CALLBACK (dnevnik_page_update_view), self, G_CONNECT_SWAPPED);
  dnevnik_date_today (&day);
  dnevnik_diary_page_show_week (self, &day);

  return GTK_WIDGET (self);
}

/**
 * dnevnik_diary_page_show_week:
 * @day: any day of the week to show
 *
 * Shows the school week of @day and loads it.
 */
void
dnevnik_diary_page_show_week (DnevnikDiaryPage *self,
                              const GDate      *day)
{
  GDate monday;

  g_return_if_fail (DNEVNIK_IS_DIARY_PAGE (self));
  g_return_if_fail (day != NULL && g_date_valid (day));

  week_of (day, &monday);
  go_to_week (self, &monday);
}

/**
 * dnevnik_diary_page_get_monday:
 *
 * Returns: (transfer none): the Monday of the week shown
 */
const GDate *
dnevnik_diary_page_get_monday (DnevnikDiaryPage *self)
{
  g_return_val_if_fail (DNEVNIK_IS_DIARY_PAGE (self), NULL);

  return &self->monday;
}

/**
 * dnevnik_diary_page_get_days:
 *
 * Returns: (transfer none): the days shown, a #GListModel of
 *   #DnevnikDiaryDay (the service's week model)
 */
GListModel *
dnevnik_diary_page_get_days (DnevnikDiaryPage *self)
{
  g_return_val_if_fail (DNEVNIK_IS_DIARY_PAGE (self), NULL);

  return self->days;
}

/**
 * dnevnik_diary_page_get_loading:
 *
 * Returns: whether a load of the week is under way, or the rows of days
 *   below the first screen are still to be built
 */
gboolean
dnevnik_diary_page_get_loading (DnevnikDiaryPage *self)
{
  g_return_val_if_fail (DNEVNIK_IS_DIARY_PAGE (self), FALSE);

  return dnevnik_page_get_loading (DNEVNIK_PAGE (self)) ||
         (self->deferred != NULL && self->deferred->len > 0);
}

/**
 * dnevnik_diary_page_reload:
 *
 * Asks the service for the week again; what is shown stays until the
 * server's answer replaces what changed.
 */
void
dnevnik_diary_page_reload (DnevnikDiaryPage *self)
{
  g_return_if_fail (DNEVNIK_IS_DIARY_PAGE (self));

  dnevnik_page_reload (DNEVNIK_PAGE (self));
}
