/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-diary-page.h"
#include "dnevnik-help-page.h"
#include "dnevnik-library-page.h"
#include "dnevnik-marks-page.h"
#include "dnevnik-portfolio-page.h"
#include "dnevnik-window-private.h"

/* The pages of the main window's navigation bar: each is built the first
 * time it shows (until then its place in the stack is an empty AdwBin),
 * and destroyed when the student signs out.  The help page needs no
 * student; the others show the service's. */

static AdwBin *
bin_for_page (DnevnikWindow *self,
              const char    *name)
{
  if (g_strcmp0 (name, "diary") == 0)
    return self->diary_bin;
  if (g_strcmp0 (name, "library") == 0)
    return self->library_bin;
  if (g_strcmp0 (name, "portfolio") == 0)
    return self->portfolio_bin;
  if (g_strcmp0 (name, "help") == 0)
    return self->help_bin;
  if (g_strcmp0 (name, "marks") == 0)
    return self->marks_bin;

  return NULL;
}

static void
on_page_load_failed_cb (GtkWidget     *page,
                        const GError  *error,
                        DnevnikWindow *self)
{
  /* Unreachable servers are told by the offline bar (the service state is
   * OFFLINE), an ended session by the sign-in page; the rest in a toast. */
  if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NETWORK) ||
      g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_TIMEOUT))
    {
      gtk_revealer_set_reveal_child (self->offline_revealer, TRUE);
      return;
    }

  if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED))
    return;

  _dnevnik_window_show_toast (self, error->message);
}

static void
ensure_page (DnevnikWindow *self,
             const char    *name)
{
  AdwBin *bin = bin_for_page (self, name);
  GtkWidget *page = NULL;

  if (bin == NULL || adw_bin_get_child (bin) != NULL)
    return;

  if (g_strcmp0 (name, "help") == 0)
    {
      page = g_object_new (DNEVNIK_TYPE_HELP_PAGE, NULL);
      dnevnik_help_page_set_signed_in (DNEVNIK_HELP_PAGE (page), _dnevnik_window_is_signed_in (self));
      adw_bin_set_child (bin, page);
      return;
    }

  if (!_dnevnik_window_is_signed_in (self))
    return;

  if (g_strcmp0 (name, "diary") == 0)
    page = dnevnik_diary_page_new (self->service);
  else if (g_strcmp0 (name, "library") == 0)
    page = dnevnik_library_page_new (self->service);
  else if (g_strcmp0 (name, "portfolio") == 0)
    page = dnevnik_portfolio_page_new (self->service);
  else if (g_strcmp0 (name, "marks") == 0)
    page = dnevnik_marks_page_new (self->service);
  else
    g_assert_not_reached ();

  g_signal_connect_object (page, "load-failed", G_CALLBACK (on_page_load_failed_cb), self, 0);
  adw_bin_set_child (bin, page);
}

/**
 * _dnevnik_window_ensure_visible_pages:
 *
 * Builds the pages the navigation bar shows, if they are not yet.
 */
void
_dnevnik_window_ensure_visible_pages (DnevnikWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  ensure_page (self, name);
  /* «Дневник» shows the week or the marks (dnevnik-window-marks.c). */
  if (g_strcmp0 (name, "diary") == 0 && g_strcmp0 (gtk_stack_get_visible_child_name (self->diary_stack), "marks") == 0)
    ensure_page (self, "marks");
}

/**
 * _dnevnik_window_reset_pages:
 *
 * Destroys the pages of a student, so that the next never sees them.
 */
void
_dnevnik_window_reset_pages (DnevnikWindow *self)
{
  adw_bin_set_child (self->diary_bin, NULL);
  adw_bin_set_child (self->library_bin, NULL);
  adw_bin_set_child (self->portfolio_bin, NULL);
  _dnevnik_window_marks_reset (self);
}

/* For the start-up benchmark (dnevnik-bench-probe.c): whether the Diary
 * page shows lessons. */
gboolean
_dnevnik_window_bench_diary_shows_lessons (GtkWidget *widget)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (widget);
  GtkWidget *page = adw_bin_get_child (self->diary_bin);
  GListModel *days;

  if (page == NULL || !gtk_widget_get_mapped (page))
    return FALSE;

  days = dnevnik_diary_page_get_days (DNEVNIK_DIARY_PAGE (page));
  for (guint i = 0; days != NULL && i < g_list_model_get_n_items (days); i++)
    {
      g_autoptr(DnevnikDiaryDay) day = g_list_model_get_item (days, i);
      GListModel *lessons = dnevnik_diary_day_get_lessons (day);

      if (lessons != NULL && g_list_model_get_n_items (lessons) > 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * dnevnik_window_show_page:
 * @name: "diary", "library", "portfolio" or "help"
 *
 * Switches the navigation bar to the page @name.
 */
void
dnevnik_window_show_page (DnevnikWindow *self,
                          const char    *name)
{
  g_return_if_fail (DNEVNIK_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) == NULL)
    {
      g_warning ("No page called “%s”", name);
      return;
    }

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/**
 * dnevnik_window_get_visible_page:
 *
 * Returns: (nullable): the name of the page the navigation bar shows
 */
const char *
dnevnik_window_get_visible_page (DnevnikWindow *self)
{
  g_return_val_if_fail (DNEVNIK_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}

/**
 * dnevnik_window_get_page:
 * @name: "diary", "library", "portfolio" or "help"; or "marks", the
 *   marks view inside «Дневник»
 *
 * Returns: (transfer none) (nullable): the page widget, or %NULL while it
 *   has not been built (it is built when first shown)
 */
GtkWidget *
dnevnik_window_get_page (DnevnikWindow *self,
                         const char    *name)
{
  AdwBin *bin;

  g_return_val_if_fail (DNEVNIK_IS_WINDOW (self), NULL);

  bin = bin_for_page (self, name);
  return bin != NULL ? adw_bin_get_child (bin) : NULL;
}
