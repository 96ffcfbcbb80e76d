/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-provider.h"
#include "dnevnik-service-error.h"

G_BEGIN_DECLS

/* The one student of the test provider, and the SMS code it accepts. */
#define DNEVNIK_TEST_PROVIDER_LOGIN      "anna"
#define DNEVNIK_TEST_PROVIDER_PASSWORD   "secret"
#define DNEVNIK_TEST_PROVIDER_PROFILE_ID "test-anna"
#define DNEVNIK_TEST_PROVIDER_CODE       "2468"

#define DNEVNIK_TYPE_TEST_PROVIDER (dnevnik_test_provider_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikTestProvider, dnevnik_test_provider, DNEVNIK, TEST_PROVIDER, GObject)

DnevnikTestProvider *dnevnik_test_provider_new           (DnevnikProviderCapabilities  capabilities);
void                 dnevnik_test_provider_fail_next     (DnevnikTestProvider         *self,
                                                          DnevnikServiceError          code);
void                 dnevnik_test_provider_set_reachable (DnevnikTestProvider         *self,
                                                          gboolean                     reachable);
void                 dnevnik_test_provider_revoke_access (DnevnikTestProvider         *self);
void                 dnevnik_test_provider_set_homework  (DnevnikTestProvider         *self,
                                                          const char                  *homework);
guint                dnevnik_test_provider_get_calls     (DnevnikTestProvider         *self,
                                                          const char                  *call);

G_END_DECLS
