/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-portfolio-page.h"
#include "dnevnik-not-offered.h"
#include "dnevnik-ui-util.h"

/* «Портфолио учащегося»: achievements grouped by school year (September to
 * August), newest first, each with its kind, level and date in words.
 *
 * The page shows the service's portfolio model (the offline copy first,
 * then what the server says) through a GtkSortListModel, newest first;
 * the groups are rebuilt whenever it changes (a student has a handful of
 * achievements per year, so that is cheap).  The spinner, the status page
 * and reloading are DnevnikPage's.
 */
struct _DnevnikPortfolioPage
{
  DnevnikPage       parent_instance;

  /* template widgets */
  GtkWidget        *groups_box;

  /* owned */
  GtkSortListModel *achievements;  /* the service's model, newest first */
};

G_DEFINE_FINAL_TYPE (DnevnikPortfolioPage, dnevnik_portfolio_page, DNEVNIK_TYPE_PAGE)

typedef struct
{
  const char *name;
  const char *words;
} Words;

static const Words levels[] = {
  { "school", N_("School level") },
  { "district", N_("District level") },
  { "city", N_("City level") },
  { "regional", N_("Regional level") },
  { "national", N_("National level") },
  { "international", N_("International level") },
};

static const Words kinds[] = {
  { "olympiad", N_("Olympiad") },
  { "competition", N_("Competition") },
  { "sport", N_("Sport") },
  { "creative", N_("Creative work") },
  { "project", N_("Project") },
  { "volunteering", N_("Volunteering") },
};

static const char *
in_words (const Words *table,
          guint        n,
          const char  *name)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (table[i].name, name) == 0)
      return _(table[i].words);

  return name != NULL ? name : "";
}

/* The calendar year in which the school year of @date began. */
static int
school_year_of (const GDate *date)
{
  int year = g_date_get_year (date);

  return g_date_get_month (date) >= G_DATE_SEPTEMBER ? year : year - 1;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  DnevnikAchievement *first = (DnevnikAchievement *) a;
  DnevnikAchievement *second = (DnevnikAchievement *) b;

  return g_date_compare (dnevnik_achievement_get_date (second),
                         dnevnik_achievement_get_date (first));
}

static GtkWidget *
create_row (DnevnikAchievement *achievement)
{
  g_autofree char *title = g_markup_escape_text (dnevnik_achievement_get_title (achievement), -1);
  /* Translators: an achievement's date, g_date_time_format() syntax */
  g_autofree char *date = dnevnik_format_date (dnevnik_achievement_get_date (achievement), _("%-d %B %Y"));
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;
  GtkWidget *row;

  /* Translators: an achievement's kind, level and date, e.g. "Olympiad · Regional level · 14 March 2026" */
  subtitle = g_strdup_printf (_("%s · %s · %s"),
                              in_words (kinds, G_N_ELEMENTS (kinds), dnevnik_achievement_get_kind (achievement)),
                              in_words (levels, G_N_ELEMENTS (levels), dnevnik_achievement_get_level (achievement)),
                              date);
  escaped = g_markup_escape_text (subtitle, -1);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "dnevnik-portfolio-symbolic");

  return row;
}

static void
rebuild_groups (DnevnikPortfolioPage *self)
{
  GListModel *model = G_LIST_MODEL (self->achievements);
  GtkWidget *child;
  AdwPreferencesGroup *group = NULL;
  int group_year = G_MININT;

  while ((child = gtk_widget_get_first_child (self->groups_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->groups_box), child);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DnevnikAchievement) achievement = g_list_model_get_item (model, i);
      int year = school_year_of (dnevnik_achievement_get_date (achievement));

      if (group == NULL || year != group_year)
        {
          /* Translators: a school year heading, e.g. "2025/2026 school year" */
          g_autofree char *title = g_strdup_printf (_("%d/%d school year"), year, year + 1);

          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, title);
          gtk_box_append (GTK_BOX (self->groups_box), GTK_WIDGET (group));
          group_year = year;
        }

      adw_preferences_group_add (group, create_row (achievement));
    }
}

static void
on_achievements_changed_cb (DnevnikPortfolioPage *self)
{
  rebuild_groups (self);
  dnevnik_page_update_view (DNEVNIK_PAGE (self));
}

static const DnevnikNotOfferedLoad portfolio_load = {
  DNEVNIK_PROVIDER_CAPABILITY_PORTFOLIO,
  dnevnik_service_load_portfolio_async,
  dnevnik_service_load_portfolio_finish,
  N_("No Portfolio in the App"),
  N_("This diary does not offer the portfolio in the app."),
};

static void
dnevnik_portfolio_page_load (DnevnikPage         *page,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  dnevnik_not_offered_load (page, &portfolio_load, cancellable, callback, user_data);
}

static gboolean
dnevnik_portfolio_page_load_finish (DnevnikPage   *page,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return dnevnik_not_offered_load_finish (page, &portfolio_load, result, error);
}

static gboolean
dnevnik_portfolio_page_has_content (DnevnikPage *page)
{
  DnevnikPortfolioPage *self = DNEVNIK_PORTFOLIO_PAGE (page);

  return self->achievements != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->achievements)) > 0;
}

static void
dnevnik_portfolio_page_dispose (GObject *object)
{
  DnevnikPortfolioPage *self = DNEVNIK_PORTFOLIO_PAGE (object);

  if (self->achievements != NULL)
    g_signal_handlers_disconnect_by_data (self->achievements, self);
  g_clear_object (&self->achievements);

  G_OBJECT_CLASS (dnevnik_portfolio_page_parent_class)->dispose (object);
}

static void
dnevnik_portfolio_page_class_init (DnevnikPortfolioPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  DnevnikPageClass *page_class = DNEVNIK_PAGE_CLASS (klass);

  object_class->dispose = dnevnik_portfolio_page_dispose;

  page_class->load = dnevnik_portfolio_page_load;
  page_class->load_finish = dnevnik_portfolio_page_load_finish;
  page_class->has_content = dnevnik_portfolio_page_has_content;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/dnevnik-portfolio-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DnevnikPortfolioPage, groups_box);
}

static void
dnevnik_portfolio_page_init (DnevnikPortfolioPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * dnevnik_portfolio_page_new:
 * @service: the service to ask for the portfolio
 *
 * The page shows @service's portfolio model and asks the service to load
 * it at once.
 *
 * Returns: (transfer floating): the page
 */
GtkWidget *
dnevnik_portfolio_page_new (DnevnikService *service)
{
  DnevnikPortfolioPage *self;

  g_return_val_if_fail (DNEVNIK_IS_SERVICE (service), NULL);

  self = g_object_new (DNEVNIK_TYPE_PORTFOLIO_PAGE, "service", service, NULL);
  self->achievements = gtk_sort_list_model_new (g_object_ref (dnevnik_service_get_portfolio_model (service)),
                                                GTK_SORTER (gtk_custom_sorter_new (compare_newest_first, NULL, NULL)));
  g_signal_connect_object (self->achievements, "items-changed",
                           G_CALLBACK (on_achievements_changed_cb), self, G_CONNECT_SWAPPED);
  rebuild_groups (self);
  dnevnik_page_reload (DNEVNIK_PAGE (self));

  return GTK_WIDGET (self);
}

/**
 * dnevnik_portfolio_page_get_achievements:
 *
 * Returns: (transfer none): the achievements shown, newest first
 */
GListModel *
dnevnik_portfolio_page_get_achievements (DnevnikPortfolioPage *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PORTFOLIO_PAGE (self), NULL);

  return G_LIST_MODEL (self->achievements);
}

/**
 * dnevnik_portfolio_page_reload:
 *
 * Asks the service for the portfolio again; what is shown stays until the
 * server's answer replaces what changed.
 */
void
dnevnik_portfolio_page_reload (DnevnikPortfolioPage *self)
{
  g_return_if_fail (DNEVNIK_IS_PORTFOLIO_PAGE (self));

  dnevnik_page_reload (DNEVNIK_PAGE (self));
}
