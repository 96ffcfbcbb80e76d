/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/**
 * DnevnikQrDialog:
 *
 * «Открыть на телефоне»: a small modal window with the QR code of a link,
 * the link as selectable text and a button that copies it.  Most students
 * have MAX on their phone, not on the lab computer.
 */
#define DNEVNIK_TYPE_QR_DIALOG (dnevnik_qr_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikQrDialog, dnevnik_qr_dialog, DNEVNIK, QR_DIALOG, AdwWindow)

GtkWidget  *dnevnik_qr_dialog_new      (GtkWindow       *parent,
                                        const char      *url);
const char *dnevnik_qr_dialog_get_url  (DnevnikQrDialog *self);
const char *dnevnik_qr_dialog_get_text (DnevnikQrDialog *self);

G_END_DECLS
