/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-sandbox-db.h"

G_BEGIN_DECLS

/* Accounts and tokens.  A login is checked in two steps so that the slow
 * key derivation can run off the main loop: _lookup_login() (throttling and
 * the stored hash), dnevnik_sandbox_password_verify() in a thread, then
 * _finish_login().  Tokens are stored as SHA-256 digests; an access token
 * and its refresh token form a pair that logout and refresh end together.
 */

#define DNEVNIK_SANDBOX_LOGIN_MAX_FAILURES 5
#define DNEVNIK_SANDBOX_LOGIN_WINDOW_SECONDS (5 * 60)
#define DNEVNIK_SANDBOX_REFRESH_TTL_SECONDS (30 * 24 * 3600)

typedef struct
{
  char   *access_token;
  char   *refresh_token;
  gint64  expires_in;
  char   *profile_id;
} DnevnikSandboxTokens;

void      dnevnik_sandbox_tokens_clear       (DnevnikSandboxTokens  *tokens);
gboolean  dnevnik_sandbox_auth_lookup_login  (DnevnikSandboxDb      *db,
                                              const char            *login,
                                              char                 **account_id,
                                              char                 **password_hash,
                                              GError               **error);
gboolean  dnevnik_sandbox_auth_finish_login  (DnevnikSandboxDb      *db,
                                              const char            *login,
                                              const char            *account_id,
                                              gboolean               password_ok,
                                              guint                  token_ttl,
                                              DnevnikSandboxTokens  *tokens,
                                              GError               **error);
gboolean  dnevnik_sandbox_auth_refresh       (DnevnikSandboxDb      *db,
                                              const char            *refresh_token,
                                              guint                  token_ttl,
                                              DnevnikSandboxTokens  *tokens,
                                              GError               **error);
char     *dnevnik_sandbox_auth_check         (DnevnikSandboxDb      *db,
                                              const char            *access_token,
                                              GError               **error);
gboolean  dnevnik_sandbox_auth_logout        (DnevnikSandboxDb      *db,
                                              const char            *access_token,
                                              GError               **error);
const char *dnevnik_sandbox_auth_get_dummy_hash (void);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DnevnikSandboxTokens, dnevnik_sandbox_tokens_clear)

G_END_DECLS
