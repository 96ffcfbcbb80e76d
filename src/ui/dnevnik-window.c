/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-help-page.h"
#include "dnevnik-window.h"

struct _DnevnikWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  GtkButton            *sferum_button;
  GtkMenuButton        *account_button;
};

G_DEFINE_FINAL_TYPE (DnevnikWindow, dnevnik_window, ADW_TYPE_APPLICATION_WINDOW)

/* Actions that need a signed-in student.  Until the student signs in they
 * stay disabled, and the Sferum button says why.
 */
static const char *account_actions[] = { "win.sferum", "win.passport", "win.sign-out" };

static void
dnevnik_window_update_account_actions (DnevnikWindow *self,
                                       gboolean       signed_in)
{
  for (guint i = 0; i < G_N_ELEMENTS (account_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), account_actions[i], signed_in);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sferum_button),
                               signed_in
                               ? _("Link your diary with your Sferum profile in MAX, or open it")
                               : _("Sign in to the diary to link it with your Sferum profile in MAX"));
}

static void
dnevnik_window_show_page_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  dnevnik_window_show_page (DNEVNIK_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
dnevnik_window_account_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  /* Enabled only for a signed-in student; see dnevnik_window_update_account_actions(). */
  g_debug ("%s needs a signed-in student", action_name);
}

static void
dnevnik_window_constructed (GObject *object)
{
  DnevnikWindow *self = DNEVNIK_WINDOW (object);
  GtkApplication *app;
  GSettings *settings;

  G_OBJECT_CLASS (dnevnik_window_parent_class)->constructed (object);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (DNEVNIK_IS_APPLICATION (app) &&
      (settings = dnevnik_application_get_settings (DNEVNIK_APPLICATION (app))) != NULL)
    {
      g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
    }
}

static void
dnevnik_window_class_init (DnevnikWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dnevnik_window_constructed;

  g_type_ensure (DNEVNIK_TYPE_HELP_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/dnevnik-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, sferum_button);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWindow, account_button);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", dnevnik_window_show_page_action);
  gtk_widget_class_install_action (widget_class, "win.sferum", NULL, dnevnik_window_account_action);
  gtk_widget_class_install_action (widget_class, "win.passport", NULL, dnevnik_window_account_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, dnevnik_window_account_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page", "s", "diary");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page", "s", "library");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-page", "s", "portfolio");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0, "win.show-page", "s", "help");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
dnevnik_window_init (DnevnikWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  dnevnik_window_update_account_actions (self, FALSE);
}

/**
 * dnevnik_window_new:
 * @application: the application
 *
 * Returns: (transfer full): a new main window
 */
DnevnikWindow *
dnevnik_window_new (DnevnikApplication *application)
{
  g_return_val_if_fail (DNEVNIK_IS_APPLICATION (application), NULL);

  return g_object_new (DNEVNIK_TYPE_WINDOW,
                       "application", application,
                       NULL);
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
