/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-library-page.h"
#include "dnevnik-not-offered.h"
#include "dnevnik-ui-util.h"

/* «Библиотека»: what the school shares, one row per item; activating a row
 * opens its link with the system's handler (the OpenURI portal under
 * Flatpak).  The list is bound to the service's library model, which shows
 * the offline copy first and then what the server says, so a cached
 * library appears at once.  The spinner, the status page and reloading
 * are DnevnikPage's.
 */
struct _DnevnikLibraryPage
{
  DnevnikPage  parent_instance;

  /* template widgets */
  GtkListBox  *list;

  /* owned */
  GListModel  *items;  /* the service's library model */
};

G_DEFINE_FINAL_TYPE (DnevnikLibraryPage, dnevnik_library_page, DNEVNIK_TYPE_PAGE)

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

  if (!dnevnik_launch_uri_finish (result, &error))
    {
      g_autoptr(GError) shown = NULL;

      g_debug ("Could not open a library item: %s", error->message);
      shown = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                   _("No app could open this item. Is a web browser installed?"));
      g_signal_emit_by_name (self, "load-failed", shown);
    }
}

static void
on_row_activated_cb (GtkListBox         *list,
                     GtkListBoxRow      *row,
                     DnevnikLibraryPage *self)
{
  dnevnik_library_page_open_item (self, gtk_list_box_row_get_index (row));
}

static const DnevnikNotOfferedLoad library_load = {
  DNEVNIK_PROVIDER_CAPABILITY_LIBRARY,
  dnevnik_service_load_library_async,
  dnevnik_service_load_library_finish,
  N_("No Library in the App"),
  N_("This diary does not offer its library in the app."),
};

static void
dnevnik_library_page_load (DnevnikPage         *page,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  dnevnik_not_offered_load (page, &library_load, cancellable, callback, user_data);
}

static gboolean
dnevnik_library_page_load_finish (DnevnikPage   *page,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return dnevnik_not_offered_load_finish (page, &library_load, result, error);
}

static gboolean
dnevnik_library_page_has_content (DnevnikPage *page)
{
  DnevnikLibraryPage *self = DNEVNIK_LIBRARY_PAGE (page);

  return self->items != NULL && g_list_model_get_n_items (self->items) > 0;
}

static void
dnevnik_library_page_dispose (GObject *object)
{
  DnevnikLibraryPage *self = DNEVNIK_LIBRARY_PAGE (object);

  if (self->items != NULL)
    g_signal_handlers_disconnect_by_data (self->items, self);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (dnevnik_library_page_parent_class)->dispose (object);
}

static void
dnevnik_library_page_class_init (DnevnikLibraryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  DnevnikPageClass *page_class = DNEVNIK_PAGE_CLASS (klass);

  object_class->dispose = dnevnik_library_page_dispose;

  page_class->load = dnevnik_library_page_load;
  page_class->load_finish = dnevnik_library_page_load_finish;
  page_class->has_content = dnevnik_library_page_has_content;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/dnevnik-library-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DnevnikLibraryPage, list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
}

static void
dnevnik_library_page_init (DnevnikLibraryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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

  self = g_object_new (DNEVNIK_TYPE_LIBRARY_PAGE, "service", service, NULL);
  self->items = g_object_ref (dnevnik_service_get_library_model (service));
  gtk_list_box_bind_model (self->list, self->items, create_item_row, NULL, NULL);
  g_signal_connect_object (self->items, "items-changed",
                           G_CALLBACK (dnevnik_page_update_view), self, G_CONNECT_SWAPPED);
  dnevnik_page_reload (DNEVNIK_PAGE (self));

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

  g_return_if_fail (DNEVNIK_IS_LIBRARY_PAGE (self));

  item = g_list_model_get_item (self->items, position);
  g_return_if_fail (item != NULL);

  /* Not yet in a window: no launch context. */
  dnevnik_launch_uri (GTK_WIDGET (gtk_widget_get_native (GTK_WIDGET (self))),
                      dnevnik_library_item_get_url (item), NULL,
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

  dnevnik_page_reload (DNEVNIK_PAGE (self));
}
