/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "dnevnik-help-page.h"

/* The «Справка» page: how linking and unlinking Sferum in MAX works, in the
 * project's own words, with buttons that run the real actions of the window
 * (win.sferum, win.passport), so they are enabled exactly when they work.
 */
struct _DnevnikHelpPage
{
  GtkWidget  parent_instance;
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
}

static void
dnevnik_help_page_init (DnevnikHelpPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
