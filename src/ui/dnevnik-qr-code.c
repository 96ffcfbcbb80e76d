/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <qrencode.h>
#include <string.h>

#include "dnevnik-qr-code.h"

/* The quiet zone the QR specification asks for around the symbol. */
#define QUIET_ZONE 4

/* Below this many pixels a module is hard to scan from a screen. */
#define MIN_MODULE_PX 2

/* What the widget asks for when nothing constrains it. */
#define NATURAL_MODULE_PX 6

struct _DnevnikQrCode
{
  GtkWidget  parent_instance;

  char      *text;

  /* modules × modules booleans, row by row: TRUE is a dark module.  NULL
   * when there is no text or it could not be encoded. */
  guint8    *matrix;
  guint      modules;
};

G_DEFINE_FINAL_TYPE (DnevnikQrCode, dnevnik_qr_code, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
encode (DnevnikQrCode *self)
{
  QRcode *code;

  g_clear_pointer (&self->matrix, g_free);
  self->modules = 0;

  if (self->text == NULL || *self->text == '\0')
    return;

  /* 8-bit mode keeps a URL exactly as it is (no upper-casing), and level M
   * survives a smudged or glaring phone screen. */
  code = QRcode_encodeString8bit (self->text, 0, QR_ECLEVEL_M);
  if (code == NULL)
    {
      g_debug ("Could not encode a QR code of %zu bytes", strlen (self->text));
      return;
    }

  self->modules = code->width;
  self->matrix = g_new (guint8, (gsize) code->width * code->width);
  for (int i = 0; i < code->width * code->width; i++)
    self->matrix[i] = code->data[i] & 1;

  QRcode_free (code);
}

static void
dnevnik_qr_code_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  DnevnikQrCode *self = DNEVNIK_QR_CODE (widget);
  int side = self->modules > 0 ? (int) self->modules + 2 * QUIET_ZONE : 0;

  *minimum = side * MIN_MODULE_PX;
  *natural = side * NATURAL_MODULE_PX;
}

static void
dnevnik_qr_code_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  DnevnikQrCode *self = DNEVNIK_QR_CODE (widget);
  static const GdkRGBA black = { 0, 0, 0, 1 };
  static const GdkRGBA white = { 1, 1, 1, 1 };
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int side_modules;
  int module_px;
  int side_px;
  int x0, y0;

  if (self->matrix == NULL)
    return;

  /* Whole pixels per module: a fractional size would blur the edges
   * between modules, which is what makes codes on screens fail to scan. */
  side_modules = self->modules + 2 * QUIET_ZONE;
  module_px = MAX (1, MIN (width, height) / side_modules);
  side_px = module_px * side_modules;
  x0 = (width - side_px) / 2;
  y0 = (height - side_px) / 2;

  gtk_snapshot_append_color (snapshot, &white,
                             &GRAPHENE_RECT_INIT (x0, y0, side_px, side_px));

  /* One rectangle per horizontal run of dark modules: fewer render nodes,
   * and no hairline seams between neighbours. */
  for (guint row = 0; row < self->modules; row++)
    {
      const guint8 *line = self->matrix + (gsize) row * self->modules;
      guint col = 0;

      while (col < self->modules)
        {
          guint start;

          if (!line[col])
            {
              col++;
              continue;
            }

          start = col;
          while (col < self->modules && line[col])
            col++;

          gtk_snapshot_append_color (snapshot, &black,
                                     &GRAPHENE_RECT_INIT (x0 + (QUIET_ZONE + start) * module_px,
                                                          y0 + (QUIET_ZONE + row) * module_px,
                                                          (col - start) * module_px,
                                                          module_px));
        }
    }
}

static void
dnevnik_qr_code_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DnevnikQrCode *self = DNEVNIK_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_qr_code_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DnevnikQrCode *self = DNEVNIK_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      dnevnik_qr_code_set_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_qr_code_finalize (GObject *object)
{
  DnevnikQrCode *self = DNEVNIK_QR_CODE (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->matrix, g_free);

  G_OBJECT_CLASS (dnevnik_qr_code_parent_class)->finalize (object);
}

static void
dnevnik_qr_code_class_init (DnevnikQrCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dnevnik_qr_code_get_property;
  object_class->set_property = dnevnik_qr_code_set_property;
  object_class->finalize = dnevnik_qr_code_finalize;
  widget_class->measure = dnevnik_qr_code_measure;
  widget_class->snapshot = dnevnik_qr_code_snapshot;

  /**
   * DnevnikQrCode:text:
   *
   * The string the code holds, usually a URL.
   */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "qrcode");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dnevnik_qr_code_init (DnevnikQrCode *self)
{
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("QR code"),
                                  -1);
}

/**
 * dnevnik_qr_code_new:
 * @text: (nullable): what the code holds
 *
 * Returns: (transfer floating): a new #DnevnikQrCode
 */
GtkWidget *
dnevnik_qr_code_new (const char *text)
{
  return g_object_new (DNEVNIK_TYPE_QR_CODE, "text", text, NULL);
}

/**
 * dnevnik_qr_code_get_text:
 *
 * Returns: (nullable): what the code holds
 */
const char *
dnevnik_qr_code_get_text (DnevnikQrCode *self)
{
  g_return_val_if_fail (DNEVNIK_IS_QR_CODE (self), NULL);

  return self->text;
}

/**
 * dnevnik_qr_code_set_text:
 * @text: (nullable): what the code holds; %NULL or "" draws nothing
 *
 * Encodes @text and redraws.
 */
void
dnevnik_qr_code_set_text (DnevnikQrCode *self,
                          const char    *text)
{
  g_return_if_fail (DNEVNIK_IS_QR_CODE (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);

  encode (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

/**
 * dnevnik_qr_code_get_modules:
 *
 * Returns: the number of modules on a side of the symbol, without the
 *   quiet zone; 0 when nothing is encoded
 */
guint
dnevnik_qr_code_get_modules (DnevnikQrCode *self)
{
  g_return_val_if_fail (DNEVNIK_IS_QR_CODE (self), 0);

  return self->modules;
}
