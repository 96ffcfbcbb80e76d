/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dnevnik-service.h"

G_BEGIN_DECLS

/**
 * DnevnikLinkWizard:
 *
 * The window that links the diary account to the student's Сферум profile
 * in MAX: intro, phone number, code from the SMS, done.
 *
 * It is modal and transient for the window that opens it, and works on
 * the shared #DnevnikLinkStatus of the service: a link made here shows
 * everywhere at once, and a link made elsewhere while it is open shows
 * here.  Closing it cancels what it is doing.
 *
 * Signal #DnevnikLinkWizard::show-passport: the student asked for «Мой
 * паспорт» (after a 409); if no handler returns %TRUE the wizard
 * activates `win.passport` on its parent window.
 */
#define DNEVNIK_TYPE_LINK_WIZARD (dnevnik_link_wizard_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikLinkWizard, dnevnik_link_wizard, DNEVNIK, LINK_WIZARD, AdwWindow)

DnevnikLinkWizard *dnevnik_link_wizard_new                   (GtkWindow         *parent,
                                                              DnevnikService    *service);
DnevnikService    *dnevnik_link_wizard_get_service           (DnevnikLinkWizard *self);
const char        *dnevnik_link_wizard_get_training_sms_file (DnevnikLinkWizard *self);
void               dnevnik_link_wizard_set_training_sms_file (DnevnikLinkWizard *self,
                                                              const char        *path);

G_END_DECLS
