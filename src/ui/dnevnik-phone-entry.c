/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dnevnik-phone.h"
#include "dnevnik-phone-entry.h"

struct _DnevnikPhoneEntry
{
  AdwEntryRow  parent_instance;

  /* owned */
  char        *phone;  /* +79…, or NULL while incomplete */
};

G_DEFINE_FINAL_TYPE (DnevnikPhoneEntry, dnevnik_phone_entry, ADW_TYPE_ENTRY_ROW)

enum {
  PROP_0,
  PROP_PHONE,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void on_insert_text_cb (GtkEditable       *text,
                               const char        *new_text,
                               int                length,
                               int               *position,
                               DnevnikPhoneEntry *self);
static void on_delete_text_cb (GtkEditable       *text,
                               int                start_pos,
                               int                end_pos,
                               DnevnikPhoneEntry *self);

/* --- helpers ------------------------------------------------------------- */

static int
count_digits (const char *text,
              gsize       length)
{
  int n = 0;

  for (gsize i = 0; i < length && text[i] != '\0'; i++)
    if (g_ascii_isdigit (text[i]))
      n++;

  return n;
}

/* The edit is applied to the text as it would be, then the result is
 * formatted again and the caret put after the same digit.  This runs in
 * "insert-text" and "delete-text" of the row's GtkText, before GTK applies
 * the edit itself, so that GTK places the caret where we say. */
static void
set_formatted (DnevnikPhoneEntry *self,
               GtkEditable       *text,
               const char        *raw,
               int                digits_before,
               int               *position)
{
  g_autofree char *national = dnevnik_phone_extract_national (raw);
  g_autofree char *formatted = dnevnik_phone_format_national (national);
  g_autoptr(GString) raw_digits = g_string_new (NULL);
  int caret = 0;

  for (const char *p = raw; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (raw_digits, *p);

  /* A trunk prefix ("8", "+7") the national form drops. */
  if (!g_str_has_prefix (raw_digits->str, national) && digits_before > 0)
    digits_before--;

  for (const char *p = formatted; *p != '\0' && digits_before > 0; p++, caret++)
    if (g_ascii_isdigit (*p))
      digits_before--;

  /* Only our own handlers: the row forwards the text's signals to itself,
   * with itself as their data too. */
  g_signal_handlers_block_by_func (text, on_insert_text_cb, self);
  g_signal_handlers_block_by_func (text, on_delete_text_cb, self);
  gtk_editable_set_text (text, formatted);
  g_signal_handlers_unblock_by_func (text, on_delete_text_cb, self);
  g_signal_handlers_unblock_by_func (text, on_insert_text_cb, self);

  if (position != NULL)
    *position = caret;
  else
    gtk_editable_set_position (text, caret);
}

/* --- callbacks ----------------------------------------------------------- */

static void
on_insert_text_cb (GtkEditable       *text,
                   const char        *new_text,
                   int                length,
                   int               *position,
                   DnevnikPhoneEntry *self)
{
  const char *old = gtk_editable_get_text (text);
  const char *at = g_utf8_offset_to_pointer (old, *position);
  g_autoptr(GString) raw = g_string_new_len (old, at - old);
  int digits_before;

  if (length < 0)
    length = strlen (new_text);

  g_string_append_len (raw, new_text, length);
  digits_before = count_digits (raw->str, raw->len);
  g_string_append (raw, at);

  g_signal_stop_emission_by_name (text, "insert-text");
  set_formatted (self, text, raw->str, digits_before, position);
}

static void
on_delete_text_cb (GtkEditable       *text,
                   int                start_pos,
                   int                end_pos,
                   DnevnikPhoneEntry *self)
{
  const char *old = gtk_editable_get_text (text);
  int n_chars = g_utf8_strlen (old, -1);
  const char *start;
  const char *end;
  g_autoptr(GString) raw = NULL;

  if (end_pos < 0 || end_pos > n_chars)
    end_pos = n_chars;
  if (start_pos >= end_pos)
    return;

  start = g_utf8_offset_to_pointer (old, start_pos);
  end = g_utf8_offset_to_pointer (old, end_pos);

  /* Deleting only a space or a dash would change nothing once formatted
   * again: delete the digit beside it, the way the caret moves. */
  if (count_digits (start, end - start) == 0)
    {
      gboolean forward = gtk_editable_get_position (text) <= start_pos;

      if (forward)
        {
          while (*end != '\0' && !g_ascii_isdigit (*end))
            end++;
          if (*end != '\0')
            end++;
        }
      else
        {
          while (start > old && !g_ascii_isdigit (start[-1]))
            start--;
          if (start > old)
            start--;
        }
    }

  raw = g_string_new_len (old, start - old);
  g_string_append (raw, end);

  g_signal_stop_emission_by_name (text, "delete-text");
  set_formatted (self, text, raw->str, count_digits (old, start - old), NULL);
}

static void
on_changed_cb (DnevnikPhoneEntry *self)
{
  g_autofree char *national = dnevnik_phone_extract_national (gtk_editable_get_text (GTK_EDITABLE (self)));
  g_autofree char *phone = NULL;
  gboolean was_complete = self->phone != NULL;

  if (strlen (national) == DNEVNIK_PHONE_NATIONAL_DIGITS)
    phone = dnevnik_phone_normalize (national);

  if (g_strcmp0 (phone, self->phone) == 0)
    return;

  g_free (self->phone);
  self->phone = g_steal_pointer (&phone);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE]);
  if (was_complete != (self->phone != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* --- GObject ------------------------------------------------------------- */

static void
dnevnik_phone_entry_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DnevnikPhoneEntry *self = DNEVNIK_PHONE_ENTRY (object);

  switch (prop_id)
    {
    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;

    case PROP_COMPLETE:
      g_value_set_boolean (value, self->phone != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_phone_entry_finalize (GObject *object)
{
  DnevnikPhoneEntry *self = DNEVNIK_PHONE_ENTRY (object);

  g_clear_pointer (&self->phone, g_free);

  G_OBJECT_CLASS (dnevnik_phone_entry_parent_class)->finalize (object);
}

static void
dnevnik_phone_entry_class_init (DnevnikPhoneEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dnevnik_phone_entry_get_property;
  object_class->finalize = dnevnik_phone_entry_finalize;

  /**
   * DnevnikPhoneEntry:phone:
   *
   * The number typed, as +79…, or %NULL while it is not a complete
   * Russian mobile number.
   */
  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * DnevnikPhoneEntry:complete:
   *
   * Whether a whole Russian mobile number has been typed.
   */
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dnevnik_phone_entry_init (DnevnikPhoneEntry *self)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (self));
  GtkWidget *prefix = gtk_label_new ("+7");

  gtk_widget_set_margin_start (prefix, 6);
  gtk_widget_add_css_class (prefix, "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (prefix),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Country code +7"),
                                  -1);
  adw_entry_row_add_prefix (ADW_ENTRY_ROW (self), prefix);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self), GTK_INPUT_PURPOSE_PHONE);

  g_signal_connect_object (text, "insert-text", G_CALLBACK (on_insert_text_cb), self, 0);
  g_signal_connect_object (text, "delete-text", G_CALLBACK (on_delete_text_cb), self, 0);
  g_signal_connect (self, "changed", G_CALLBACK (on_changed_cb), NULL);
}

/**
 * dnevnik_phone_entry_new:
 *
 * Returns: (transfer floating): a new, empty phone entry
 */
GtkWidget *
dnevnik_phone_entry_new (void)
{
  return g_object_new (DNEVNIK_TYPE_PHONE_ENTRY, NULL);
}

/**
 * dnevnik_phone_entry_get_phone:
 *
 * Returns: (nullable): the number typed, as +79…, or %NULL while it is
 *   incomplete
 */
const char *
dnevnik_phone_entry_get_phone (DnevnikPhoneEntry *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PHONE_ENTRY (self), NULL);

  return self->phone;
}

/**
 * dnevnik_phone_entry_get_complete:
 *
 * Returns: whether a whole Russian mobile number has been typed
 */
gboolean
dnevnik_phone_entry_get_complete (DnevnikPhoneEntry *self)
{
  g_return_val_if_fail (DNEVNIK_IS_PHONE_ENTRY (self), FALSE);

  return self->phone != NULL;
}

/**
 * dnevnik_phone_entry_get_not_mobile:
 *
 * Returns: whether all the digits of a number have been typed, but not
 *   those of a mobile number (a landline, say), which cannot get an SMS
 */
gboolean
dnevnik_phone_entry_get_not_mobile (DnevnikPhoneEntry *self)
{
  g_autofree char *national = NULL;

  g_return_val_if_fail (DNEVNIK_IS_PHONE_ENTRY (self), FALSE);

  national = dnevnik_phone_extract_national (gtk_editable_get_text (GTK_EDITABLE (self)));
  return self->phone == NULL && strlen (national) == DNEVNIK_PHONE_NATIONAL_DIGITS;
}
