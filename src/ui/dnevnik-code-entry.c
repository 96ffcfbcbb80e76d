/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <string.h>

#include "dnevnik-code-entry.h"

#define DEFAULT_LENGTH 6

struct _DnevnikCodeEntry
{
  GtkEntry  parent_instance;

  int       length;
  gboolean  complete;
};

G_DEFINE_FINAL_TYPE (DnevnikCodeEntry, dnevnik_code_entry, GTK_TYPE_ENTRY)

enum {
  PROP_0,
  PROP_LENGTH,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- helpers ------------------------------------------------------------- */

static void
update_complete (DnevnikCodeEntry *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self));
  gboolean complete = (int) strlen (code) == self->length;

  if (complete == self->complete)
    return;

  self->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

/* --- callbacks ----------------------------------------------------------- */

static void
on_insert_text_cb (GtkEditable      *editable,
                   const char       *text,
                   int               length,
                   int              *position,
                   DnevnikCodeEntry *self)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  if (length < 0)
    length = strlen (text);

  for (int i = 0; i < length; i++)
    if (g_ascii_isdigit (text[i]))
      g_string_append_c (digits, text[i]);

  if ((int) digits->len == length)
    return;

  g_signal_stop_emission_by_name (editable, "insert-text");

  if (digits->len == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  g_signal_handlers_block_by_func (editable, on_insert_text_cb, self);
  gtk_editable_insert_text (editable, digits->str, digits->len, position);
  g_signal_handlers_unblock_by_func (editable, on_insert_text_cb, self);
}

/* --- GObject ------------------------------------------------------------- */

static void
dnevnik_code_entry_constructed (GObject *object)
{
  DnevnikCodeEntry *self = DNEVNIK_CODE_ENTRY (object);
  int length = self->length;

  G_OBJECT_CLASS (dnevnik_code_entry_parent_class)->constructed (object);

  /* Not before: GtkEntry:buffer is a construct property, and a new buffer
   * forgets the maximum length. */
  self->length = 0;
  dnevnik_code_entry_set_length (self, length);
}

static void
dnevnik_code_entry_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DnevnikCodeEntry *self = DNEVNIK_CODE_ENTRY (object);

  switch (prop_id)
    {
    case PROP_LENGTH:
      g_value_set_int (value, self->length);
      break;

    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_code_entry_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DnevnikCodeEntry *self = DNEVNIK_CODE_ENTRY (object);

  switch (prop_id)
    {
    case PROP_LENGTH:
      dnevnik_code_entry_set_length (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_code_entry_class_init (DnevnikCodeEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = dnevnik_code_entry_constructed;
  object_class->get_property = dnevnik_code_entry_get_property;
  object_class->set_property = dnevnik_code_entry_set_property;

  /**
   * DnevnikCodeEntry:length:
   *
   * How many digits the code has.
   */
  properties[PROP_LENGTH] =
    g_param_spec_int ("length", NULL, NULL,
                      1, 32, DEFAULT_LENGTH,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * DnevnikCodeEntry:complete:
   *
   * Whether all #DnevnikCodeEntry:length digits are in.
   */
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dnevnik_code_entry_init (DnevnikCodeEntry *self)
{
  self->length = DEFAULT_LENGTH;
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_editable_set_alignment (GTK_EDITABLE (self), 0.5);
  gtk_entry_set_input_purpose (GTK_ENTRY (self), GTK_INPUT_PURPOSE_DIGITS);
  gtk_widget_add_css_class (GTK_WIDGET (self), "title-2");
  gtk_widget_add_css_class (GTK_WIDGET (self), "monospace");

  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (self)),
                           "insert-text", G_CALLBACK (on_insert_text_cb), self, 0);
  g_signal_connect (self, "changed", G_CALLBACK (update_complete), NULL);
}

/**
 * dnevnik_code_entry_new:
 *
 * Returns: (transfer floating): a new entry for a code of 6 digits
 */
GtkWidget *
dnevnik_code_entry_new (void)
{
  return g_object_new (DNEVNIK_TYPE_CODE_ENTRY, NULL);
}

/**
 * dnevnik_code_entry_get_length:
 *
 * Returns: how many digits the code has
 */
int
dnevnik_code_entry_get_length (DnevnikCodeEntry *self)
{
  g_return_val_if_fail (DNEVNIK_IS_CODE_ENTRY (self), 0);

  return self->length;
}

/**
 * dnevnik_code_entry_set_length:
 * @length: how many digits the code has
 *
 * Sizes the entry to @length digits (its placeholder shows that many
 * zeros), and takes no more.
 */
void
dnevnik_code_entry_set_length (DnevnikCodeEntry *self,
                               int               length)
{
  g_autofree char *placeholder = NULL;

  g_return_if_fail (DNEVNIK_IS_CODE_ENTRY (self));
  g_return_if_fail (length > 0);

  if (self->length == length)
    return;

  self->length = length;
  placeholder = g_strnfill (length, '0');
  gtk_entry_set_max_length (GTK_ENTRY (self), length);
  gtk_editable_set_width_chars (GTK_EDITABLE (self), length + 1);
  gtk_entry_set_placeholder_text (GTK_ENTRY (self), placeholder);
  update_complete (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LENGTH]);
}

/**
 * dnevnik_code_entry_get_complete:
 *
 * Returns: whether all the digits of the code are in
 */
gboolean
dnevnik_code_entry_get_complete (DnevnikCodeEntry *self)
{
  g_return_val_if_fail (DNEVNIK_IS_CODE_ENTRY (self), FALSE);

  return self->complete;
}
