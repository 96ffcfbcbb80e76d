/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/**
 * DnevnikPhoneEntry:
 *
 * An entry row for a Russian mobile number, with «+7» before it.  It
 * shows the national digits written as "916 123-45-67" while the student
 * types, deletes or pastes ("8 916 …", "+7 (916) …"), and keeps the caret
 * after the same digit.  #DnevnikPhoneEntry:phone is the number as +79…
 * once it is complete, and %NULL before.
 */
#define DNEVNIK_TYPE_PHONE_ENTRY (dnevnik_phone_entry_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikPhoneEntry, dnevnik_phone_entry, DNEVNIK, PHONE_ENTRY, AdwEntryRow)

GtkWidget  *dnevnik_phone_entry_new            (void);
const char *dnevnik_phone_entry_get_phone      (DnevnikPhoneEntry *self);
gboolean    dnevnik_phone_entry_get_complete   (DnevnikPhoneEntry *self);
gboolean    dnevnik_phone_entry_get_not_mobile (DnevnikPhoneEntry *self);

G_END_DECLS
