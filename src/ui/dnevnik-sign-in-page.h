/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dnevnik-provider-choice.h"
#include "dnevnik-service.h"

G_BEGIN_DECLS

#define DNEVNIK_TYPE_SIGN_IN_PAGE (dnevnik_sign_in_page_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikSignInPage, dnevnik_sign_in_page, DNEVNIK, SIGN_IN_PAGE, GtkWidget)

void        dnevnik_sign_in_page_set_service       (DnevnikSignInPage *self,
                                                    DnevnikService    *service);
void        dnevnik_sign_in_page_set_settings      (DnevnikSignInPage *self,
                                                    GSettings         *settings);
void        dnevnik_sign_in_page_set_training_mode (DnevnikSignInPage *self,
                                                    gboolean           training_mode);
void        dnevnik_sign_in_page_set_provider      (DnevnikSignInPage     *self,
                                                    DnevnikProviderChoice  choice,
                                                    const char            *server_url,
                                                    gboolean               locked);
DnevnikProviderChoice
            dnevnik_sign_in_page_get_provider      (DnevnikSignInPage *self);
void        dnevnik_sign_in_page_reset             (DnevnikSignInPage *self);
void        dnevnik_sign_in_page_clear             (DnevnikSignInPage *self);
const char *dnevnik_sign_in_page_get_error         (DnevnikSignInPage *self);
gboolean    dnevnik_sign_in_page_get_busy          (DnevnikSignInPage *self);
gboolean    dnevnik_sign_in_page_accepts_input     (DnevnikSignInPage *self);

G_END_DECLS
