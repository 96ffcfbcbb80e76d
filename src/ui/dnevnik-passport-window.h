/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dnevnik-service.h"

G_BEGIN_DECLS

/**
 * DnevnikPassportWindow:
 *
 * «Мой паспорт»: the student's profile, and on the «Безопасность» tab the
 * link between the diary account and the Сферум profile in MAX — its
 * status, the account id with the unlink button, and the link history.
 */
#define DNEVNIK_TYPE_PASSPORT_WINDOW (dnevnik_passport_window_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikPassportWindow, dnevnik_passport_window, DNEVNIK, PASSPORT_WINDOW, AdwWindow)

DnevnikPassportWindow *dnevnik_passport_window_new           (GtkWindow             *parent,
                                                              DnevnikService        *service);
DnevnikService        *dnevnik_passport_window_get_service   (DnevnikPassportWindow *self);
void                   dnevnik_passport_window_show_security (DnevnikPassportWindow *self);
void                   dnevnik_passport_window_show_profile  (DnevnikPassportWindow *self);
const char            *dnevnik_passport_window_get_page      (DnevnikPassportWindow *self);
gboolean               dnevnik_passport_window_get_busy      (DnevnikPassportWindow *self);
gboolean               dnevnik_passport_window_get_offline   (DnevnikPassportWindow *self);

G_END_DECLS
