/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include "dnevnik-window-private.h"

/* «Неделя / Оценки»: the «Дневник» page of the navigation bar shows the
 * week or the marks of a period, chosen with a linked pair of toggle
 * buttons (the stateful action win.diary-view, "week" or "marks").  The
 * navigation bar keeps its four items: the marks are a view of the diary,
 * not a place of their own.
 *
 * «Дневник» needs attention while the service holds marks the student
 * has not seen; opening the marks view sees them (DnevnikMarksPage). */

static void
update_needs_attention (DnevnikWindow *self)
{
  GtkWidget *child = adw_view_stack_get_child_by_name (self->view_stack, "diary");
  AdwViewStackPage *page = child != NULL ? adw_view_stack_get_page (self->view_stack, child) : NULL;
  gboolean unseen = self->unseen_marks != NULL && g_list_model_get_n_items (self->unseen_marks) > 0;

  /* The navigation bar shows it as a dot on «Дневник». */
  if (page != NULL)
    adw_view_stack_page_set_needs_attention (page, unseen);
}

static void
on_diary_view_change_state_cb (GSimpleAction *action,
                               GVariant      *state,
                               gpointer       user_data)
{
  DnevnikWindow *self = user_data;
  const char *view = g_variant_get_string (state, NULL);

  if (g_strcmp0 (view, "week") != 0 && g_strcmp0 (view, "marks") != 0)
    return;

  g_simple_action_set_state (action, state);
  /* The stack's notify::visible-child builds the marks page when first
   * shown, as the navigation bar does for its pages. */
  gtk_stack_set_visible_child_name (self->diary_stack, view);
}

static void
on_unseen_marks_changed_cb (DnevnikWindow *self)
{
  update_needs_attention (self);
}

/**
 * _dnevnik_window_class_marks_init:
 *
 * Binds the template children of the «Неделя / Оценки» switch.
 */
void
_dnevnik_window_class_marks_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, diary_stack);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, marks_bin);
}

/**
 * _dnevnik_window_marks_init:
 *
 * Adds the action win.diary-view, which the switch's buttons show.
 */
void
_dnevnik_window_marks_init (DnevnikWindow *self)
{
  static const GActionEntry entries[] = {
    { "diary-view", NULL, "s", "'week'", on_diary_view_change_state_cb },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
}

/**
 * _dnevnik_window_marks_follow_service:
 *
 * Follows the unseen marks of the window's service (self->service), for
 * the needs-attention of «Дневник».
 */
void
_dnevnik_window_marks_follow_service (DnevnikWindow *self)
{
  GListModel *unseen = self->service != NULL ? dnevnik_service_get_unseen_marks_model (self->service) : NULL;

  if (unseen == self->unseen_marks)
    return;

  if (self->unseen_marks != NULL)
    g_signal_handlers_disconnect_by_data (self->unseen_marks, self);
  g_set_object (&self->unseen_marks, unseen);
  if (unseen != NULL)
    g_signal_connect_object (unseen, "items-changed", G_CALLBACK (on_unseen_marks_changed_cb), self, G_CONNECT_SWAPPED);

  update_needs_attention (self);
}

/**
 * _dnevnik_window_marks_reset:
 *
 * Forgets the marks page and goes back to the week: the next student
 * starts where everyone starts.
 */
void
_dnevnik_window_marks_reset (DnevnikWindow *self)
{
  adw_bin_set_child (self->marks_bin, NULL);
  g_action_group_change_action_state (G_ACTION_GROUP (self), "diary-view", g_variant_new_string ("week"));
}

/**
 * _dnevnik_window_marks_dispose:
 *
 * Stops following the service's unseen marks.
 */
void
_dnevnik_window_marks_dispose (DnevnikWindow *self)
{
  if (self->unseen_marks != NULL)
    g_signal_handlers_disconnect_by_data (self->unseen_marks, self);
  g_clear_object (&self->unseen_marks);
}
