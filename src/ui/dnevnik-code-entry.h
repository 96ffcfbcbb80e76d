/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * DnevnikCodeEntry:
 *
 * The entry for a confirmation code from an SMS: digits only, whether
 * typed or pasted ("Код: 123 456" becomes 123456), as wide as the code
 * and no longer.  #DnevnikCodeEntry:complete says when the whole code
 * is in.
 */
#define DNEVNIK_TYPE_CODE_ENTRY (dnevnik_code_entry_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikCodeEntry, dnevnik_code_entry, DNEVNIK, CODE_ENTRY, GtkEntry)

GtkWidget *dnevnik_code_entry_new          (void);
int        dnevnik_code_entry_get_length   (DnevnikCodeEntry *self);
void       dnevnik_code_entry_set_length   (DnevnikCodeEntry *self,
                                            int               length);
gboolean   dnevnik_code_entry_get_complete (DnevnikCodeEntry *self);

G_END_DECLS
