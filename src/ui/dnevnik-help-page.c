/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "dnevnik-help-page.h"

/* The «Справка» page: how linking and unlinking Sferum in MAX works, in the
 * project's own words, with buttons that run the real actions of the window
 * (win.sferum, win.passport-security), so they are enabled exactly when
 * they work.
 */
struct _DnevnikHelpPage
{
  GtkWidget     parent_instance;

  /* template widgets */
  AdwActionRow *link_row;
  GtkButton    *link_button;
  AdwActionRow *passport_row;
  GtkButton    *passport_button;
};

G_DEFINE_FINAL_TYPE (DnevnikHelpPage, dnevnik_help_page, GTK_TYPE_WIDGET)

static void
dnevnik_help_page_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dnevnik_help_page_parent_class)->dispose (object);
}

static void
dnevnik_help_page_class_init (DnevnikHelpPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dnevnik_help_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/dnevnik-help-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DnevnikHelpPage, link_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikHelpPage, link_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikHelpPage, passport_row);
  gtk_widget_class_bind_template_child (widget_class, DnevnikHelpPage, passport_button);
}

static void
dnevnik_help_page_init (DnevnikHelpPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * dnevnik_help_page_set_signed_in:
 * @signed_in: whether a student is signed in
 *
 * Says what the buttons that start linking and open «Мой паспорт» do, or,
 * before sign-in, that signing in comes first (their actions are disabled
 * until then).
 */
void
dnevnik_help_page_set_signed_in (DnevnikHelpPage *self,
                                 gboolean         signed_in)
{
  g_return_if_fail (DNEVNIK_IS_HELP_PAGE (self));

  if (signed_in)
    {
      adw_action_row_set_subtitle (self->link_row,
                                   _("Opens your Sferum profile if the diary is linked already, otherwise the linking window"));
      adw_action_row_set_subtitle (self->passport_row,
                                   _("Opens the “Security” tab, where the link can be checked and removed"));
    }
  else
    {
      adw_action_row_set_subtitle (self->link_row, _("Available once you have signed in to the diary"));
      adw_action_row_set_subtitle (self->passport_row, _("Available once you have signed in to the diary"));
    }
}
