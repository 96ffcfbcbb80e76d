/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dnevnik-service.h"

G_BEGIN_DECLS

/**
 * DnevnikProviderChoice:
 * @DNEVNIK_PROVIDER_CHOICE_TRAINING: the bundled training server
 * @DNEVNIK_PROVIDER_CHOICE_SERVER: a server of API v1 at an address
 * @DNEVNIK_PROVIDER_CHOICE_MOSCOW: «Электронный дневник Москвы (МЭШ)»
 * @DNEVNIK_PROVIDER_CHOICE_MOSCOW_OBLAST: «Моя школа», the Moscow region
 *
 * The diaries a student chooses from on the sign-in page, kept in the
 * `provider` setting.
 */
typedef enum
{
  DNEVNIK_PROVIDER_CHOICE_TRAINING,
  DNEVNIK_PROVIDER_CHOICE_SERVER,
  DNEVNIK_PROVIDER_CHOICE_MOSCOW,
  DNEVNIK_PROVIDER_CHOICE_MOSCOW_OBLAST,
} DnevnikProviderChoice;

#define DNEVNIK_PROVIDER_CHOICE_N (DNEVNIK_PROVIDER_CHOICE_MOSCOW_OBLAST + 1)

const char            *dnevnik_provider_choice_to_string      (DnevnikProviderChoice   choice);
DnevnikProviderChoice  dnevnik_provider_choice_resolve        (GSettings              *settings,
                                                               const char             *server_override,
                                                               gboolean                force_sandbox,
                                                               char                  **out_url);
gboolean               dnevnik_provider_choice_is_locked      (GSettings              *settings);
gboolean               dnevnik_provider_choice_remember       (GSettings              *settings,
                                                               DnevnikProviderChoice   choice,
                                                               const char             *url);
DnevnikService        *dnevnik_provider_choice_create_service (DnevnikProviderChoice   choice,
                                                               const char             *url,
                                                               const char             *mesh_base_url,
                                                               DnevnikTokenStore      *store,
                                                               GError                **error);

G_END_DECLS
