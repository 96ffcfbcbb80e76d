/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include "dnevnik-page.h"

/* The base of the pages that show something the service loads (the diary,
 * the library, the portfolio): a stack of a spinner, a status page and
 * the subclass's content.
 *
 * A subclass implements load() and load_finish() with the service's async
 * call, and has_content() with its model; it calls
 * dnevnik_page_update_view() when its model changes.  The page then shows
 *
 *  - the content whenever there is something in it, even while a load
 *    runs or after a failed one: what the offline copy gave stays;
 *  - otherwise the spinner while a load runs;
 *  - otherwise the status page: :error-title and the error's message
 *    after a failure, with a Retry button if :can-retry; :empty-title and
 *    :empty-description when there is nothing to show (a page without an
 *    :empty-title keeps its spinner, still, until the service answers).
 *
 * In a subclass's template a plain <child> becomes the content, and a
 * <child type="header"> goes above the stack, in order.
 *
 * Each reload cancels the running load; dispose cancels it too, so that no
 * answer reaches a page that is gone.  Failures are always reported
 * through DnevnikPage::load-failed, also when the content stays, so that
 * the window can say that it is offline.
 */

typedef struct
{
  /* template widgets */
  GtkBox         *box;
  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *status_page;
  GtkWidget      *retry_button;

  /* owned */
  DnevnikService *service;
  GCancellable   *cancellable;  /* the running load, if any */
  char           *status_icon_name;
  char           *error_title;
  char           *empty_title;
  char           *empty_description;
} DnevnikPagePrivate;

static void dnevnik_page_buildable_init (GtkBuildableIface *iface);

G_DEFINE_TYPE_WITH_CODE (DnevnikPage, dnevnik_page, GTK_TYPE_WIDGET,
                         G_ADD_PRIVATE (DnevnikPage)
                         G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, dnevnik_page_buildable_init))

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_STATUS_ICON_NAME,
  PROP_ERROR_TITLE,
  PROP_EMPTY_TITLE,
  PROP_EMPTY_DESCRIPTION,
  PROP_CAN_RETRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  LOAD_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkBuildableIface *parent_buildable_iface;

static void
show_status (DnevnikPage *self,
             const char  *title,
             const char  *description)
{
  DnevnikPagePrivate *priv = dnevnik_page_get_instance_private (self);

  /* Set only now: loading an icon that is not shown can cost librsvg at
   * start-up. */
  adw_status_page_set_icon_name (priv->status_page, priv->status_icon_name);
  adw_status_page_set_title (priv->status_page, title);
  adw_status_page_set_description (priv->status_page, description);
  gtk_stack_set_visible_child_name (priv->stack, "status");
}

static void
set_string (DnevnikPage  *self,
            char        **field,
            const GValue *value,
            guint         prop_id)
{
  if (g_strcmp0 (*field, g_value_get_string (value)) == 0)
    return;

  g_free (*field);
  *field = g_value_dup_string (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
update_view (DnevnikPage  *self,
             const GError *error)
{
  DnevnikPagePrivate *priv = dnevnik_page_get_instance_private (self);
  gboolean shown = DNEVNIK_PAGE_GET_CLASS (self)->has_content (self);
  gboolean loading = priv->cancellable != NULL;

  gtk_spinner_set_spinning (priv->spinner, !shown && loading);

  if (shown)
    gtk_stack_set_visible_child_name (priv->stack, "content");
  else if (loading)
    gtk_stack_set_visible_child_name (priv->stack, "loading");
  else if (error != NULL)
    show_status (self, priv->error_title, error->message);
  else if (priv->empty_title != NULL)
    show_status (self, priv->empty_title, priv->empty_description);
  else
    gtk_stack_set_visible_child_name (priv->stack, "loading");
}

static void
on_loaded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DnevnikPage) self = user_data;
  DnevnikPagePrivate *priv = dnevnik_page_get_instance_private (self);
  g_autoptr(GError) error = NULL;

  if (!DNEVNIK_PAGE_GET_CLASS (self)->load_finish (self, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&priv->cancellable);
  update_view (self, error);

  if (error != NULL)
    g_signal_emit (self, signals[LOAD_FAILED], 0, error);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  dnevnik_page_reload (DNEVNIK_PAGE (widget));
}

static void
dnevnik_page_add_child (GtkBuildable *buildable,
                        GtkBuilder   *builder,
                        GObject      *child,
                        const char   *type)
{
  DnevnikPagePrivate *priv = dnevnik_page_get_instance_private (DNEVNIK_PAGE (buildable));

  /* The stack is bound once this class's own template is built: the
   * children that come later are a subclass's. */
  if (priv->stack != NULL && GTK_IS_WIDGET (child) && g_strcmp0 (type, "header") == 0)
    gtk_box_insert_child_after (priv->box, GTK_WIDGET (child),
                                gtk_widget_get_prev_sibling (GTK_WIDGET (priv->stack)));
  else if (priv->stack != NULL && GTK_IS_WIDGET (child) && type == NULL)
    gtk_stack_add_named (priv->stack, GTK_WIDGET (child), "content");
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
dnevnik_page_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = dnevnik_page_add_child;
}

static void
dnevnik_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DnevnikPage *self = DNEVNIK_PAGE (object);
  DnevnikPagePrivate *priv = dnevnik_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, priv->service);
      break;
    case PROP_STATUS_ICON_NAME:
      g_value_set_string (value, priv->status_icon_name);
      break;
    case PROP_ERROR_TITLE:
      g_value_set_string (value, priv->error_title);
      break;
    case PROP_EMPTY_TITLE:
      g_value_set_string (value, priv->empty_title);
      break;
    case PROP_EMPTY_DESCRIPTION:
      g_value_set_string (value, priv->empty_description);
      break;
    case PROP_CAN_RETRY:
      g_value_set_boolean (value, gtk_widget_get_visible (priv->retry_button));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DnevnikPage *self = DNEVNIK_PAGE (object);
  DnevnikPagePrivate *priv = dnevnik_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SERVICE:
      priv->service = g_value_dup_object (value);
      break;
    case PROP_STATUS_ICON_NAME:
      set_string (self, &priv->status_icon_name, value, prop_id);
      break;
    case PROP_ERROR_TITLE:
      set_string (self, &priv->error_title, value, prop_id);
      break;
    case PROP_EMPTY_TITLE:
      set_string (self, &priv->empty_title, value, prop_id);
      break;
    case PROP_EMPTY_DESCRIPTION:
      set_string (self, &priv->empty_description, value, prop_id);
      break;
    case PROP_CAN_RETRY:
      if (gtk_widget_get_visible (priv->retry_button) != g_value_get_boolean (value))
        {
          gtk_widget_set_visible (priv->retry_button, g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_page_dispose (GObject *object)
{
  DnevnikPage *self = DNEVNIK_PAGE (object);
  DnevnikPagePrivate *priv = dnevnik_page_get_instance_private (self);
  GtkWidget *child;

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&priv->service);

  G_OBJECT_CLASS (dnevnik_page_parent_class)->dispose (object);
}

static void
dnevnik_page_finalize (GObject *object)
{
  DnevnikPagePrivate *priv = dnevnik_page_get_instance_private (DNEVNIK_PAGE (object));

  g_free (priv->status_icon_name);
  g_free (priv->error_title);
  g_free (priv->empty_title);
  g_free (priv->empty_description);

  G_OBJECT_CLASS (dnevnik_page_parent_class)->finalize (object);
}

static void
dnevnik_page_class_init (DnevnikPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dnevnik_page_get_property;
  object_class->set_property = dnevnik_page_set_property;
  object_class->dispose = dnevnik_page_dispose;
  object_class->finalize = dnevnik_page_finalize;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         DNEVNIK_TYPE_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* The status page's icon, after a failure and when there is nothing. */
  properties[PROP_STATUS_ICON_NAME] =
    g_param_spec_string ("status-icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_ERROR_TITLE] =
    g_param_spec_string ("error-title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* Without one, a page with nothing to show shows no status. */
  properties[PROP_EMPTY_TITLE] =
    g_param_spec_string ("empty-title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_EMPTY_DESCRIPTION] =
    g_param_spec_string ("empty-description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* Whether a failure's status page has a Retry button. */
  properties[PROP_CAN_RETRY] =
    g_param_spec_boolean ("can-retry", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A load failed (the #GError says why). */
  signals[LOAD_FAILED] = g_signal_new ("load-failed",
                                       G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/dnevnik-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child_private (widget_class, DnevnikPage, box);
  gtk_widget_class_bind_template_child_private (widget_class, DnevnikPage, stack);
  gtk_widget_class_bind_template_child_private (widget_class, DnevnikPage, spinner);
  gtk_widget_class_bind_template_child_private (widget_class, DnevnikPage, status_page);
  gtk_widget_class_bind_template_child_private (widget_class, DnevnikPage, retry_button);

  gtk_widget_class_install_action (widget_class, "page.reload", NULL, reload_action);
}

static void
dnevnik_page_init (DnevnikPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * dnevnik_page_get_service:
 *
 * Returns: (transfer none): the service the page asks
 */
DnevnikService *
dnevnik_page_get_service (DnevnikPage *self)
{
  DnevnikPagePrivate *priv = dnevnik_page_get_instance_private (self);

  g_return_val_if_fail (DNEVNIK_IS_PAGE (self), NULL);

  return priv->service;
}

/**
 * dnevnik_page_get_loading:
 *
 * Returns: whether a load is under way
 */
gboolean
dnevnik_page_get_loading (DnevnikPage *self)
{
  DnevnikPagePrivate *priv = dnevnik_page_get_instance_private (self);

  g_return_val_if_fail (DNEVNIK_IS_PAGE (self), FALSE);

  return priv->cancellable != NULL;
}

/**
 * dnevnik_page_reload:
 *
 * Cancels the running load, if any, and loads again; what is shown stays
 * until the answer replaces what changed.
 */
void
dnevnik_page_reload (DnevnikPage *self)
{
  DnevnikPagePrivate *priv = dnevnik_page_get_instance_private (self);

  g_return_if_fail (DNEVNIK_IS_PAGE (self));
  g_return_if_fail (priv->service != NULL);

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();
  DNEVNIK_PAGE_GET_CLASS (self)->load (self, priv->cancellable, on_loaded_cb, g_object_ref (self));
  update_view (self, NULL);
}

/**
 * dnevnik_page_update_view:
 *
 * Shows the content, the spinner or the status page, whichever fits now:
 * for subclasses, when what has_content() answers may have changed.
 */
void
dnevnik_page_update_view (DnevnikPage *self)
{
  g_return_if_fail (DNEVNIK_IS_PAGE (self));

  update_view (self, NULL);
}
