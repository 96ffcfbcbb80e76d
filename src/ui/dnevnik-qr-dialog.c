/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-qr-code.h"
#include "dnevnik-qr-dialog.h"
#include "dnevnik-url.h"

struct _DnevnikQrDialog
{
  AdwWindow        parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  DnevnikQrCode   *qr_code;
  GtkLabel        *url_label;
  GtkLabel        *hint_label;
  GtkButton       *copy_button;

  /* owned */
  char            *url;
  char            *text;
};

G_DEFINE_FINAL_TYPE (DnevnikQrDialog, dnevnik_qr_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the code holds for @url.  A phone cannot reach this computer's
 * loopback, and a practice account exists only on the training server:
 * for such an address the code says what it stands for instead of
 * holding a link a phone would try to open. */
static char *
dup_code_text (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GHashTable) params = NULL;
  const char *account = NULL;

  if (uri == NULL || !dnevnik_url_is_loopback_host (g_uri_get_host (uri)))
    return g_strdup (url);

  if (g_uri_get_query (uri) != NULL)
    params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  if (params != NULL)
    account = g_hash_table_lookup (params, "account");

  if (account != NULL)
    /* Translators: what the QR code holds in training mode, read by a
     * phone's camera app; %s is the practice account id */
    return g_strdup_printf (_("Dnevnik training mode: your practice Sferum profile in MAX, Sferum account ID %s. "
                              "This is not a link: in a real diary, the code opens your profile."),
                            account);

  return g_strdup (_("Dnevnik training mode: your practice Sferum profile in MAX. "
                     "This is not a link: in a real diary, the code opens your profile."));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DnevnikQrDialog *self = DNEVNIK_QR_DIALOG (widget);
  AdwToast *toast;

  if (self->url == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->url);

  toast = adw_toast_new (_("Link copied"));
  adw_toast_set_timeout (toast, 3);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
dnevnik_qr_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DnevnikQrDialog *self = DNEVNIK_QR_DIALOG (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_qr_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DnevnikQrDialog *self = DNEVNIK_QR_DIALOG (object);

  switch (prop_id)
    {
    case PROP_URL:
      /* Construct-only: the dialog shows one link for its whole life. */
      self->url = g_value_dup_string (value);
      self->text = self->url != NULL ? dup_code_text (self->url) : NULL;
      dnevnik_qr_code_set_text (self->qr_code, self->text);
      if (g_strcmp0 (self->text, self->url) != 0)
        gtk_label_set_text (self->hint_label,
                            _("Training mode: the code only says what it stands for, so a phone opens nothing. "
                              "With a real diary, it opens your Sferum profile in MAX."));
      gtk_label_set_text (self->url_label, self->url != NULL ? self->url : "");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "qr.copy", self->url != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The first focus is taken here, not in init: grabbing it there realizes
 * the window early, and GTK 4.8 then never gives it the window role, so a
 * screen reader does not announce it. */
static void
dnevnik_qr_dialog_map (GtkWidget *widget)
{
  DnevnikQrDialog *self = DNEVNIK_QR_DIALOG (widget);

  GTK_WIDGET_CLASS (dnevnik_qr_dialog_parent_class)->map (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->copy_button));
}

static void
dnevnik_qr_dialog_finalize (GObject *object)
{
  DnevnikQrDialog *self = DNEVNIK_QR_DIALOG (object);

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (dnevnik_qr_dialog_parent_class)->finalize (object);
}

static void
dnevnik_qr_dialog_class_init (DnevnikQrDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dnevnik_qr_dialog_get_property;
  object_class->set_property = dnevnik_qr_dialog_set_property;
  object_class->finalize = dnevnik_qr_dialog_finalize;

  widget_class->map = dnevnik_qr_dialog_map;

  /**
   * DnevnikQrDialog:url:
   *
   * The link shown as a QR code and as text.
   */
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DNEVNIK_TYPE_QR_CODE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/dnevnik-qr-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DnevnikQrDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DnevnikQrDialog, qr_code);
  gtk_widget_class_bind_template_child (widget_class, DnevnikQrDialog, url_label);
  gtk_widget_class_bind_template_child (widget_class, DnevnikQrDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, DnevnikQrDialog, copy_button);

  gtk_widget_class_install_action (widget_class, "qr.copy", NULL, copy_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "qr.copy", NULL);
}

static void
dnevnik_qr_dialog_init (DnevnikQrDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->qr_code),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("QR code"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("QR code of your Sferum profile link"),
                                  -1);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->copy_button));
}

/**
 * dnevnik_qr_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @url: the link to show, e.g. a Сферум profile's `profile_url`
 *
 * Creates the «Открыть на телефоне» window, modal and transient for
 * @parent.  Present it with gtk_window_present(); it destroys itself when
 * closed.
 *
 * Returns: (transfer none): the new window
 */
GtkWidget *
dnevnik_qr_dialog_new (GtkWindow  *parent,
                       const char *url)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  return g_object_new (DNEVNIK_TYPE_QR_DIALOG,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       "url", url,
                       NULL);
}

/**
 * dnevnik_qr_dialog_get_url:
 *
 * Returns: the link the dialog shows
 */
const char *
dnevnik_qr_dialog_get_url (DnevnikQrDialog *self)
{
  g_return_val_if_fail (DNEVNIK_IS_QR_DIALOG (self), NULL);

  return self->url;
}

/**
 * dnevnik_qr_dialog_get_text:
 *
 * Returns: what the QR code holds: the link itself, or for a link of the
 *   training server on this computer a text that says what it stands for
 */
const char *
dnevnik_qr_dialog_get_text (DnevnikQrDialog *self)
{
  g_return_val_if_fail (DNEVNIK_IS_QR_DIALOG (self), NULL);

  return self->text;
}
