/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include "dnevnik-sandbox-auth.h"
#include "dnevnik-sandbox-crypto.h"
#include "dnevnik-sandbox-error.h"
#include "dnevnik-sandbox-time.h"

/**
 * dnevnik_sandbox_tokens_clear:
 *
 * Frees the strings of @tokens and zeroes it.
 */
void
dnevnik_sandbox_tokens_clear (DnevnikSandboxTokens *tokens)
{
  g_clear_pointer (&tokens->access_token, g_free);
  g_clear_pointer (&tokens->refresh_token, g_free);
  g_clear_pointer (&tokens->profile_id, g_free);
  tokens->expires_in = 0;
}

/**
 * dnevnik_sandbox_auth_get_dummy_hash:
 *
 * A password hash that matches nothing.  An unknown login is checked
 * against it, so that it costs as long as a wrong password and the time
 * of a reply does not tell which logins exist.
 *
 * Returns: a hash with the default iteration count
 */
const char *
dnevnik_sandbox_auth_get_dummy_hash (void)
{
  static char *hash = NULL;

  if (g_once_init_enter (&hash))
    {
      g_autofree char *random = dnevnik_sandbox_random_hex (16);

      g_once_init_leave (&hash, dnevnik_sandbox_password_hash (random, DNEVNIK_SANDBOX_DEFAULT_KDF_ITERATIONS));
    }

  return hash;
}

/* failed sign-ins of one login */
static const DnevnikSandboxRateLimit login_failures = {
  "SELECT at FROM login_failures WHERE login = ? AND at > ? ORDER BY at DESC",
  DNEVNIK_SANDBOX_LOGIN_WINDOW_SECONDS, DNEVNIK_SANDBOX_LOGIN_MAX_FAILURES,
  DNEVNIK_SANDBOX_ERROR_TOO_MANY_ATTEMPTS, "Too many failed sign-in attempts for this login",
};

/**
 * dnevnik_sandbox_auth_lookup_login:
 * @account_id: (out) (nullable): the account, %NULL for an unknown login
 * @password_hash: (out) (nullable): the hash to verify the password
 *   against; %NULL for an unknown login, which is then checked against
 *   dnevnik_sandbox_auth_get_dummy_hash()
 *
 * The first step of a login: refuses a throttled login (429
 * too_many_attempts) and finds what to check the password against.
 */
gboolean
dnevnik_sandbox_auth_lookup_login (DnevnikSandboxDb  *db,
                                   const char        *login,
                                   char             **account_id,
                                   char             **password_hash,
                                   GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean row;

  *account_id = NULL;
  *password_hash = NULL;

  if (!dnevnik_sandbox_db_check_rate (db, &login_failures, login, error))
    return FALSE;

  stmt = dnevnik_sandbox_db_query (db, error, "SELECT id, password FROM accounts WHERE login = ?", "s", login);
  if (stmt == NULL || !dnevnik_sandbox_db_step (db, stmt, &row, error))
    return FALSE;

  if (row)
    {
      *account_id = dnevnik_sandbox_db_column_dup (stmt, 0);
      *password_hash = dnevnik_sandbox_db_column_dup (stmt, 1);
    }

  return TRUE;
}

static gboolean
issue_tokens (DnevnikSandboxDb      *db,
              const char            *account_id,
              guint                  token_ttl,
              DnevnikSandboxTokens  *tokens,
              GError               **error)
{
  g_autofree char *pair = dnevnik_sandbox_random_hex (16);
  g_autofree char *access = dnevnik_sandbox_random_token ();
  g_autofree char *refresh = dnevnik_sandbox_random_token ();
  g_autofree char *access_hash = dnevnik_sandbox_sha256_hex (access);
  g_autofree char *refresh_hash = dnevnik_sandbox_sha256_hex (refresh);
  gint64 now = dnevnik_sandbox_now ();

  if (!dnevnik_sandbox_db_run (db, error, "DELETE FROM tokens WHERE expires_at <= ?", "i", now) ||
      !dnevnik_sandbox_db_run (db, error,
                               "INSERT INTO tokens (hash, kind, account_id, pair, expires_at) VALUES (?, 'access', ?, ?, ?)",
                               "sssi", access_hash, account_id, pair, now + (gint64) token_ttl * G_USEC_PER_SEC) ||
      !dnevnik_sandbox_db_run (db, error,
                               "INSERT INTO tokens (hash, kind, account_id, pair, expires_at) VALUES (?, 'refresh', ?, ?, ?)",
                               "sssi", refresh_hash, account_id, pair,
                               now + (gint64) DNEVNIK_SANDBOX_REFRESH_TTL_SECONDS * G_USEC_PER_SEC))
    return FALSE;

  tokens->access_token = g_steal_pointer (&access);
  tokens->refresh_token = g_steal_pointer (&refresh);
  tokens->expires_in = token_ttl;
  tokens->profile_id = g_strdup (account_id);
  return TRUE;
}

/**
 * dnevnik_sandbox_auth_finish_login:
 * @account_id: (nullable): from dnevnik_sandbox_auth_lookup_login()
 * @password_ok: whether the password matched
 *
 * The last step of a login, inside a transaction: records a failure
 * (401 invalid_credentials) or issues a token pair and forgets the
 * login's failures.
 */
gboolean
dnevnik_sandbox_auth_finish_login (DnevnikSandboxDb      *db,
                                   const char            *login,
                                   const char            *account_id,
                                   gboolean               password_ok,
                                   guint                  token_ttl,
                                   DnevnikSandboxTokens  *tokens,
                                   GError               **error)
{
  gint64 now = dnevnik_sandbox_now ();

  /* Another attempt may have been throttled meanwhile. */
  if (!dnevnik_sandbox_db_check_rate (db, &login_failures, login, error))
    return FALSE;

  if (account_id == NULL || !password_ok)
    {
      if (!dnevnik_sandbox_db_run (db, error, "DELETE FROM login_failures WHERE at <= ?", "i",
                                   now - DNEVNIK_SANDBOX_LOGIN_WINDOW_SECONDS * G_USEC_PER_SEC) ||
          !dnevnik_sandbox_db_run (db, error, "INSERT INTO login_failures (login, at) VALUES (?, ?)", "si",
                                   login, now))
        return FALSE;

      g_set_error_literal (error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_INVALID_CREDENTIALS,
                           "Wrong login or password");
      return FALSE;
    }

  return dnevnik_sandbox_db_run (db, error, "DELETE FROM login_failures WHERE login = ?", "s", login) &&
         issue_tokens (db, account_id, token_ttl, tokens, error);
}

/* Finds a live token of @kind; sets 401 invalid_token when there is none */
static gboolean
find_token (DnevnikSandboxDb  *db,
            const char        *token,
            const char        *kind,
            char             **account_id,
            char             **pair,
            GError           **error)
{
  g_autofree char *hash = dnevnik_sandbox_sha256_hex (token);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = dnevnik_sandbox_db_query (db, error,
                                   "SELECT account_id, pair FROM tokens WHERE hash = ? AND kind = ? AND expires_at > ?",
                                   "ssi", hash, kind, dnevnik_sandbox_now ());
  if (stmt == NULL)
    return FALSE;

  if (!dnevnik_sandbox_db_next_required (db, stmt, DNEVNIK_SANDBOX_ERROR_INVALID_TOKEN,
                                         "Unknown, revoked or expired token", error))
    return FALSE;

  if (account_id != NULL)
    *account_id = dnevnik_sandbox_db_column_dup (stmt, 0);
  if (pair != NULL)
    *pair = dnevnik_sandbox_db_column_dup (stmt, 1);
  return TRUE;
}

/**
 * dnevnik_sandbox_auth_refresh:
 *
 * Trades a refresh token for a new pair, inside a transaction.  The old
 * pair dies, so a refresh token works once (rotation).
 */
gboolean
dnevnik_sandbox_auth_refresh (DnevnikSandboxDb      *db,
                              const char            *refresh_token,
                              guint                  token_ttl,
                              DnevnikSandboxTokens  *tokens,
                              GError               **error)
{
  g_autofree char *account_id = NULL;
  g_autofree char *pair = NULL;

  return find_token (db, refresh_token, "refresh", &account_id, &pair, error) &&
         dnevnik_sandbox_db_run (db, error, "DELETE FROM tokens WHERE pair = ?", "s", pair) &&
         issue_tokens (db, account_id, token_ttl, tokens, error);
}

/**
 * dnevnik_sandbox_auth_check:
 *
 * Returns: (transfer full) (nullable): the account of a live access
 *   token, or %NULL with 401 invalid_token
 */
char *
dnevnik_sandbox_auth_check (DnevnikSandboxDb  *db,
                            const char        *access_token,
                            GError           **error)
{
  char *account_id = NULL;

  if (!find_token (db, access_token, "access", &account_id, NULL, error))
    return NULL;

  return account_id;
}

/**
 * dnevnik_sandbox_auth_logout:
 *
 * Revokes the access token and its refresh token.
 */
gboolean
dnevnik_sandbox_auth_logout (DnevnikSandboxDb  *db,
                             const char        *access_token,
                             GError           **error)
{
  g_autofree char *pair = NULL;

  return find_token (db, access_token, "access", NULL, &pair, error) &&
         dnevnik_sandbox_db_run (db, error, "DELETE FROM tokens WHERE pair = ?", "s", pair);
}
