/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-library-page.h"

/* «Библиотека»: what the school shares, one row per item; activating a row
 * opens its link with the system's handler (the OpenURI portal under
 * Flatpak).  The list is bound to the service's library model, which shows
 * the offline copy first and then what the server says, so a cached
 * library appears at once.  The spinner shows only while the model is
 * empty and a load runs.
 */
struct _DnevnikLibraryPage
{
  GtkWidget       parent_instance;

  /* owned */
  DnevnikService *service;
  GListModel     *items;        /* the service's library model */
  GCancellable   *cancellable;  /* the running load, if any */

  /* children */
  GtkStack       *stack;
  GtkListBox     *list;
  AdwStatusPage  *status;
};

G_DEFINE_FINAL_TYPE (DnevnikLibraryPage, dnevnik_library_page, GTK_TYPE_WIDGET)

enum {
  LOAD_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
kind_in_words (const char *kind)
{
  static const struct { const char *kind; const char *words; } kinds[] = {
    { "textbook", N_("Textbook") },
    { "video", N_("Video") },
    { "workbook", N_("Workbook") },
    { "test", N_("Test") },
    { "article", N_("Article") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i].kind) == 0)
      return _(kinds[i].words);

  return _("Material");
}

static const char *
kind_icon (const char *kind)
{
  if (g_strcmp0 (kind, "video") == 0)
    return "video-x-generic-symbolic";
  if (g_strcmp0 (kind, "test") == 0)
    return "emblem-ok-symbolic";

  return "accessories-dictionary-symbolic";
}

static GtkWidget *
create_item_row (gpointer item,
                 gpointer user_data)
{
  DnevnikLibraryItem *library_item = item;
  g_autofree char *title = g_markup_escape_text (dnevnik_library_item_get_title (library_item), -1);
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;
  GtkWidget *row;

  /* Translators: a library item's subject and kind, e.g. "Physics · Textbook" */
  subtitle = g_strdup_printf (_("%s · %s"),
                              dnevnik_library_item_get_subject (library_item),
                              kind_in_words (dnevnik_library_item_get_kind (library_item)));
  escaped = g_markup_escape_text (subtitle, -1);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), kind_icon (dnevnik_library_item_get_kind (library_item)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("adw-external-link-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Open in your browser"));

  return row;
}

static void
on_launched_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DnevnikLibraryPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_autoptr(GError) shown = NULL;

      g_debug ("Could not open a library item: %s", error->message);
      shown = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                   _("No app could open this item. Is a web browser installed?"));
      g_signal_emit (self, signals[LOAD_FAILED], 0, shown);
    }
}

static void
on_row_activated_cb (GtkListBox         *list,
                     GtkListBoxRow      *row,
                     DnevnikLibraryPage *self)
{
  dnevnik_library_page_open_item (self, gtk_list_box_row_get_index (row));
}

static void
update_view (DnevnikLibraryPage *self,
             const GError       *error)
{
  if (g_list_model_get_n_items (self->items) > 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
    }
  else if (self->cancellable != NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  else if (error != NULL)
    {
      adw_status_page_set_title (self->status, _("The Library Could Not Be Loaded"));
      adw_status_page_set_description (self->status, error->message);
      gtk_stack_set_visible_child_name (self->stack, "status");
    }
  else
    {
      adw_status_page_set_title (self->status, _("The Library Is Empty"));
      adw_status_page_set_description (self->status, _("Your school has not shared anything yet."));
      gtk_stack_set_visible_child_name (self->stack, "status");
    }
}

static void
on_items_changed_cb (DnevnikLibraryPage *self)
{
  update_view (self, NULL);
}

static void
on_library_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DnevnikLibraryPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dnevnik_service_load_library_finish (DNEVNIK_SERVICE (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  update_view (self, error);

  if (error != NULL)
    g_signal_emit (self, signals[LOAD_FAILED], 0, error);
}

static void
dnevnik_library_page_dispose (GObject *object)
{
  DnevnikLibraryPage *self = DNEVNIK_LIBRARY_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  if (self->items != NULL)
    g_signal_handlers_disconnect_by_data (self->items, self);
  g_clear_object (&self->items);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (dnevnik_library_page_parent_class)->dispose (object);
}

static void
dnevnik_library_page_class_init (DnevnikLibraryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dnevnik_library_page_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  /* Loading the library, or opening an item, failed (the #GError says why). */
  signals[LOAD_FAILED] = g_signal_new ("load-failed",
                                       G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
dnevnik_library_page_init (DnevnikLibraryPage *self)
{
  GtkWidget *scroller;
  GtkWidget *clamp;
  GtkWidget *spinner;

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));

  spinner = gtk_spinner_new ();
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_stack_add_named (self->stack, spinner, "loading");

  self->status = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->status, "dnevnik-library-symbolic");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->status), "status");

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 24);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list), 12);
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated_cb), self);

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 800);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_stack_add_named (self->stack, scroller, "list");

  gtk_stack_set_visible_child_name (self->stack, "loading");
}

/**
 * dnevnik_library_page_new:
 * @service: the service to ask for the library
 *
 * The page shows @service's library model and asks the service to load
 * it at once.
 *
 * Returns: (transfer floating): the page
 */
GtkWidget *
dnevnik_library_page_new (DnevnikService *service)
{
  DnevnikLibraryPage *self;

  g_return_val_if_fail (DNEVNIK_IS_SERVICE (service), NULL);

  self = g_object_new (DNEVNIK_TYPE_LIBRARY_PAGE, NULL);
  self->service = g_object_ref (service);
  self->items = g_object_ref (dnevnik_service_get_library_model (service));
  gtk_list_box_bind_model (self->list, self->items, create_item_row, NULL, NULL);
  g_signal_connect_object (self->items, "items-changed", G_CALLBACK (on_items_changed_cb), self, G_CONNECT_SWAPPED);
  dnevnik_library_page_reload (self);

  return GTK_WIDGET (self);
}

/**
 * dnevnik_library_page_get_items:
 *
 * Returns: (transfer none): the items shown, #DnevnikLibraryItem
 */
GListModel *
dnevnik_library_page_get_items (DnevnikLibraryPage *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LIBRARY_PAGE (self), NULL);

  return self->items;
}

/**
 * dnevnik_library_page_open_item:
 * @position: the item's position in the list
 *
 * Opens the item's link with the system's handler, as activating its row
 * does.
 */
void
dnevnik_library_page_open_item (DnevnikLibraryPage *self,
                                guint               position)
{
  g_autoptr(DnevnikLibraryItem) item = NULL;
  g_autoptr(GAppLaunchContext) context = NULL;
  GtkNative *native;

  g_return_if_fail (DNEVNIK_IS_LIBRARY_PAGE (self));

  item = g_list_model_get_item (self->items, position);
  g_return_if_fail (item != NULL);

  native = gtk_widget_get_native (GTK_WIDGET (self));
  if (native != NULL)
    context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (native))));

  g_app_info_launch_default_for_uri_async (dnevnik_library_item_get_url (item), context, NULL,
                                           on_launched_cb, g_object_ref (self));
}

/**
 * dnevnik_library_page_reload:
 *
 * Asks the service for the library again; what is shown stays until the
 * server's answer replaces what changed.
 */
void
dnevnik_library_page_reload (DnevnikLibraryPage *self)
{
  g_return_if_fail (DNEVNIK_IS_LIBRARY_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  dnevnik_service_load_library_async (self->service, self->cancellable,
                                      on_library_loaded_cb, g_object_ref (self));
  update_view (self, NULL);
}
