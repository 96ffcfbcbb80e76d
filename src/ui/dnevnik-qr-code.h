/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * DnevnikQrCode:
 *
 * A widget that draws a QR code of a string (libqrencode), made to be
 * scanned from a screen: modules of a whole number of pixels, a quiet zone
 * of four modules, always black on white (also in the dark style, where
 * light-on-dark codes do not scan everywhere).
 */
#define DNEVNIK_TYPE_QR_CODE (dnevnik_qr_code_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikQrCode, dnevnik_qr_code, DNEVNIK, QR_CODE, GtkWidget)

GtkWidget  *dnevnik_qr_code_new          (const char    *text);
const char *dnevnik_qr_code_get_text     (DnevnikQrCode *self);
void        dnevnik_qr_code_set_text     (DnevnikQrCode *self,
                                          const char    *text);
guint       dnevnik_qr_code_get_modules  (DnevnikQrCode *self);

G_END_DECLS
