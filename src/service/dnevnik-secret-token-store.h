/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsecret/secret.h>

#include "dnevnik-token-store.h"

G_BEGIN_DECLS

/**
 * DNEVNIK_SECRET_TOKEN_STORE_DEFAULT_TIMEOUT_MS:
 *
 * How long a keyring call may take before it counts as failed.  A locked
 * keyring can open an unlock prompt that nobody answers (e.g. in a
 * computer lab); the student is then signed in for this run only.
 */
#define DNEVNIK_SECRET_TOKEN_STORE_DEFAULT_TIMEOUT_MS 5000

/**
 * DnevnikSecretTokenStore:
 *
 * A #DnevnikTokenStore in the Secret Service (the keyring, or the Secret
 * portal under Flatpak), through libsecret's `secret_password_*` API.
 *
 * One item per server and login, with the schema
 * dnevnik_secret_token_store_get_schema(): attributes `server` (the base
 * URL) and `login`; the secret is JSON with the access token, the refresh
 * token and the absolute expiry (dnevnik_tokens_serialize()).  Every call
 * is time-limited; failures are %DNEVNIK_SERVICE_ERROR_KEYRING errors.
 */
#define DNEVNIK_TYPE_SECRET_TOKEN_STORE (dnevnik_secret_token_store_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikSecretTokenStore, dnevnik_secret_token_store, DNEVNIK, SECRET_TOKEN_STORE, GObject)

DnevnikTokenStore  *dnevnik_secret_token_store_new        (guint timeout_ms);
const SecretSchema *dnevnik_secret_token_store_get_schema (void);

G_END_DECLS
