/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include "dnevnik-phone.h"
#include "dnevnik-sandbox-crypto.h"
#include "dnevnik-sandbox-error.h"
#include "dnevnik-sandbox-link.h"
#include "dnevnik-sandbox-json.h"
#include "dnevnik-sandbox-time.h"

/**
 * dnevnik_sandbox_link_status_clear:
 *
 * Frees the strings of @status and zeroes it.
 */
void
dnevnik_sandbox_link_status_clear (DnevnikSandboxLinkStatus *status)
{
  g_clear_pointer (&status->max_account_id, g_free);
  g_clear_pointer (&status->phone, g_free);
  status->linked = FALSE;
  status->linked_at = 0;
}

/**
 * dnevnik_sandbox_link_start_clear:
 *
 * Frees the strings of @start and zeroes it.
 */
void
dnevnik_sandbox_link_start_clear (DnevnikSandboxLinkStart *start)
{
  g_clear_pointer (&start->request_id, g_free);
  g_clear_pointer (&start->phone, g_free);
  start->max_registered = FALSE;
}

static gboolean
set_errno_error (GError     **error,
                 const char  *what,
                 const char  *path)
{
  int saved_errno = errno;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "%s %s: %s", what, path, g_strerror (saved_errno));
  return FALSE;
}

/* Opens the outbox with @flags (O_APPEND or O_TRUNC), creating it and its
 * directory, writes @text and closes it: a file only its owner can read. */
static gboolean
write_outbox (const char  *outbox_path,
              int          flags,
              const char  *text,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (outbox_path);
  gsize length = strlen (text);
  gsize done = 0;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return set_errno_error (error, "Could not create", dir);

  fd = open (outbox_path, O_WRONLY | flags | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_errno_error (error, "Could not open", outbox_path);

  while (done < length)
    {
      ssize_t n = write (fd, text + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_errno_error (error, "Could not write", outbox_path);
          close (fd);
          return FALSE;
        }
      done += n;
    }

  if (fchmod (fd, 0600) != 0 || close (fd) != 0)
    return set_errno_error (error, "Could not finish", outbox_path);

  return TRUE;
}

/* One JSON object a line. */
static gboolean
append_to_outbox (const char  *outbox_path,
                  JsonNode    *record,
                  GError     **error)
{
  g_autofree char *json = json_to_string (record, FALSE);
  g_autofree char *line = g_strconcat (json, "\n", NULL);

  return write_outbox (outbox_path, O_APPEND, line, error);
}

static void
build_sms (JsonBuilder *builder,
           const char  *phone,
           const char  *code,
           const char  *request_id,
           const char  *text,
           gint64       sent_at)
{
  json_builder_begin_object (builder);
  dnevnik_sandbox_json_add_string (builder, "phone", phone);
  dnevnik_sandbox_json_add_string (builder, "code", code);
  dnevnik_sandbox_json_add_string (builder, "request_id", request_id);
  dnevnik_sandbox_json_add_string (builder, "text", text);
  dnevnik_sandbox_json_add_string_take (builder, "sent_at", dnevnik_sandbox_format_instant (sent_at));
  json_builder_end_object (builder);
}

static void
add_sms_row (sqlite3_stmt *stmt,
             gpointer      builder)
{
  build_sms (builder,
             (const char *) sqlite3_column_text (stmt, 0),
             (const char *) sqlite3_column_text (stmt, 1),
             (const char *) sqlite3_column_text (stmt, 2),
             (const char *) sqlite3_column_text (stmt, 3),
             sqlite3_column_int64 (stmt, 4));
}

static void
add_history_row (sqlite3_stmt *stmt,
                 gpointer      user_data)
{
  JsonBuilder *builder = user_data;

  json_builder_begin_object (builder);
  dnevnik_sandbox_json_add_string (builder, "kind", (const char *) sqlite3_column_text (stmt, 0));
  dnevnik_sandbox_json_add_string_take (builder, "at", dnevnik_sandbox_format_instant (sqlite3_column_int64 (stmt, 1)));
  dnevnik_sandbox_json_add_string (builder, "account_id", (const char *) sqlite3_column_text (stmt, 2));
  json_builder_end_object (builder);
}

/* "Sends" a code: the sms table for GET /sandbox/sms, and the outbox file. */
static gboolean
send_code (DnevnikSandboxDb               *db,
           const DnevnikSandboxLinkRules  *rules,
           const char                     *phone,
           const char                     *code,
           const char                     *request_id,
           gint64                          now,
           GError                        **error)
{
  g_autofree char *text = g_strdup_printf ("Код подтверждения Сферум: %s", code);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) record = NULL;

  if (!dnevnik_sandbox_db_run (db, error,
                               "INSERT INTO sms (phone, code, request_id, text, sent_at) VALUES (?, ?, ?, ?, ?)",
                               "ssssi", phone, code, request_id, text, now))
    return FALSE;

  build_sms (builder, phone, code, request_id, text, now);
  record = json_builder_get_root (builder);
  return append_to_outbox (rules->outbox_path, record, error);
}

/**
 * dnevnik_sandbox_link_get_status:
 *
 * Gets whether @account_id is linked, and to what.
 */
gboolean
dnevnik_sandbox_link_get_status (DnevnikSandboxDb          *db,
                                 const char                *account_id,
                                 DnevnikSandboxLinkStatus  *status,
                                 GError                   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = dnevnik_sandbox_db_query (db, error,
                                   "SELECT max_account_id, phone, linked_at FROM links WHERE account_id = ?",
                                   "s", account_id);
  if (stmt == NULL || !dnevnik_sandbox_db_step (db, stmt, &status->linked, error))
    return FALSE;

  if (status->linked)
    {
      status->max_account_id = dnevnik_sandbox_db_column_dup (stmt, 0);
      status->phone = dnevnik_sandbox_db_column_dup (stmt, 1);
      status->linked_at = sqlite3_column_int64 (stmt, 2);
    }

  return TRUE;
}

/* For a count of links that must be 0: FALSE with @error set to @code when
 * it is not, or already set when the count failed (@n < 0) */
static gboolean
no_links (gint64       n,
          int          code,
          const char  *message,
          GError     **error)
{
  if (n > 0)
    g_set_error_literal (error, DNEVNIK_SANDBOX_ERROR, code, message);
  return n == 0;
}

/* 409 already_linked when @account_id is linked; 409 max_account_taken when
 * the MAX account of @phone is linked to another diary account */
static gboolean
check_linkable (DnevnikSandboxDb  *db,
                const char        *account_id,
                const char        *phone,
                GError           **error)
{
  return no_links (dnevnik_sandbox_db_count (db, error, "SELECT count(*) FROM links WHERE account_id = ?",
                                             "s", account_id),
                   DNEVNIK_SANDBOX_ERROR_ALREADY_LINKED, "This diary account is linked already", error) &&
         no_links (dnevnik_sandbox_db_count (db, error,
                                             "SELECT count(*) FROM links JOIN max_accounts"
                                             " ON links.max_account_id = max_accounts.account_id "
                                             "WHERE max_accounts.phone = ? AND links.account_id != ?",
                                             "ss", phone, account_id),
                   DNEVNIK_SANDBOX_ERROR_MAX_ACCOUNT_TAKEN,
                   "The MAX account of this number is linked to another diary account", error);
}

/* link requests of one account */
static const DnevnikSandboxRateLimit link_starts = {
  "SELECT created_at FROM link_requests WHERE account_id = ? AND created_at > ? ORDER BY created_at DESC",
  DNEVNIK_SANDBOX_STARTS_WINDOW_SECONDS, DNEVNIK_SANDBOX_MAX_STARTS,
  DNEVNIK_SANDBOX_ERROR_TOO_MANY_REQUESTS, "Too many link requests for this account",
};

/**
 * dnevnik_sandbox_link_start:
 * @phone: the number as the client sent it; the shared phone rules apply
 * @start: (out): the new request
 *
 * Starts linking: checks the number and the account, replaces an earlier
 * unfinished request, and sends a code.
 */
gboolean
dnevnik_sandbox_link_start (DnevnikSandboxDb               *db,
                            const DnevnikSandboxLinkRules  *rules,
                            const char                     *account_id,
                            const char                     *phone,
                            DnevnikSandboxLinkStart        *start,
                            GError                        **error)
{
  g_autofree char *normalized = dnevnik_phone_normalize (phone);
  g_autofree char *request_id = NULL;
  g_autofree char *code = NULL;
  gint64 now = dnevnik_sandbox_now ();
  gint64 registered;

  if (normalized == NULL)
    return dnevnik_sandbox_refuse (error, DNEVNIK_SANDBOX_ERROR_INVALID_PHONE,
                                   "Not a Russian mobile number");

  if (!check_linkable (db, account_id, normalized, error))
    return FALSE;

  if (!dnevnik_sandbox_db_check_rate (db, &link_starts, account_id, error))
    return FALSE;

  registered = dnevnik_sandbox_db_count (db, error, "SELECT count(*) FROM max_accounts WHERE phone = ?", "s", normalized);
  if (registered < 0)
    return FALSE;

  request_id = dnevnik_sandbox_random_hex (16);
  code = dnevnik_sandbox_random_digits (DNEVNIK_SANDBOX_CODE_LENGTH);

  if (!dnevnik_sandbox_db_run (db, error,
                               "UPDATE link_requests SET state = 'replaced' WHERE account_id = ? AND state = 'pending'",
                               "s", account_id) ||
      !dnevnik_sandbox_db_run (db, error,
                               "INSERT INTO link_requests (id, account_id, phone, code, state, created_at, sent_at,"
                               " expires_at, attempts_left) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
                               "ssssiiii", request_id, account_id, normalized, code, now, now,
                               now + (gint64) rules->code_ttl * G_USEC_PER_SEC, (gint64) rules->max_attempts) ||
      !send_code (db, rules, normalized, code, request_id, now, error))
    return FALSE;

  start->request_id = g_steal_pointer (&request_id);
  start->phone = g_steal_pointer (&normalized);
  start->max_registered = registered > 0;
  return TRUE;
}

typedef struct
{
  char   *phone;
  char   *code;
  char   *state;
  gint64  sent_at;
  gint64  expires_at;
  gint64  attempts_left;
} Request;

static void
request_clear (Request *request)
{
  g_clear_pointer (&request->phone, g_free);
  g_clear_pointer (&request->code, g_free);
  g_clear_pointer (&request->state, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Request, request_clear)

/* Finds @request_id of @account_id in one of @states ("pending" or
 * "pending dead"); sets 404 unknown_request when it is not there */
static gboolean
find_request (DnevnikSandboxDb  *db,
              const char        *account_id,
              const char        *request_id,
              gboolean           dead_too,
              Request           *request,
              GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = dnevnik_sandbox_db_query (db, error,
                                   "SELECT phone, code, state, sent_at, expires_at, attempts_left FROM link_requests "
                                   "WHERE id = ? AND account_id = ? AND (state = 'pending' OR (state = 'dead' AND ?))",
                                   "ssi", request_id, account_id, (gint64) dead_too);
  if (stmt == NULL)
    return FALSE;

  if (!dnevnik_sandbox_db_next_required (db, stmt, DNEVNIK_SANDBOX_ERROR_UNKNOWN_REQUEST,
                                         "No such unfinished link request for this account", error))
    return FALSE;

  request->phone = dnevnik_sandbox_db_column_dup (stmt, 0);
  request->code = dnevnik_sandbox_db_column_dup (stmt, 1);
  request->state = dnevnik_sandbox_db_column_dup (stmt, 2);
  request->sent_at = sqlite3_column_int64 (stmt, 3);
  request->expires_at = sqlite3_column_int64 (stmt, 4);
  request->attempts_left = sqlite3_column_int64 (stmt, 5);
  return TRUE;
}

/**
 * dnevnik_sandbox_link_resend:
 *
 * Sends a new code for a pending request once the cool-down has passed;
 * the new code replaces the old one and the attempts start again.
 */
gboolean
dnevnik_sandbox_link_resend (DnevnikSandboxDb               *db,
                             const DnevnikSandboxLinkRules  *rules,
                             const char                     *account_id,
                             const char                     *request_id,
                             GError                        **error)
{
  g_auto(Request) request = { 0 };
  g_autofree char *code = NULL;
  gint64 now = dnevnik_sandbox_now ();
  gint64 allowed_at;

  if (!find_request (db, account_id, request_id, FALSE, &request, error))
    return FALSE;

  allowed_at = request.sent_at + (gint64) rules->resend_cooldown * G_USEC_PER_SEC;
  if (now < allowed_at)
    {
      dnevnik_sandbox_set_error_retry_after (error, DNEVNIK_SANDBOX_ERROR_RESEND_TOO_EARLY,
                                             dnevnik_sandbox_seconds_until (allowed_at),
                                             "A new code cannot be sent yet");
      return FALSE;
    }

  code = dnevnik_sandbox_random_digits (DNEVNIK_SANDBOX_CODE_LENGTH);
  return dnevnik_sandbox_db_run (db, error,
                                 "UPDATE link_requests SET code = ?, sent_at = ?, expires_at = ?, attempts_left = ? "
                                 "WHERE id = ?",
                                 "siiis", code, now, now + (gint64) rules->code_ttl * G_USEC_PER_SEC,
                                 (gint64) rules->max_attempts, request_id) &&
         send_code (db, rules, request.phone, code, request_id, now, error);
}

/* The MAX account of @phone; a number not yet in MAX is registered now,
 * with a new random id, as linking through MAX would. */
static char *
ensure_max_account (DnevnikSandboxDb  *db,
                    const char        *phone,
                    GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *account_id = NULL;
  gboolean row;

  stmt = dnevnik_sandbox_db_query (db, error, "SELECT account_id FROM max_accounts WHERE phone = ?", "s", phone);
  if (stmt == NULL || !dnevnik_sandbox_db_step (db, stmt, &row, error))
    return NULL;
  if (row)
    return dnevnik_sandbox_db_column_dup (stmt, 0);

  /* Ten digits starting with 7, like the seeded ones; retry on the rare
   * clash with an existing id. */
  for (guint tries = 0; tries < 10; tries++)
    {
      gint64 taken;

      g_free (digits);
      digits = dnevnik_sandbox_random_digits (9);
      g_free (account_id);
      account_id = g_strconcat ("7", digits, NULL);

      taken = dnevnik_sandbox_db_count (db, error, "SELECT count(*) FROM max_accounts WHERE account_id = ?",
                                        "s", account_id);
      if (taken < 0)
        return NULL;
      if (taken == 0)
        break;
    }

  if (!dnevnik_sandbox_db_run (db, error, "INSERT INTO max_accounts (phone, account_id) VALUES (?, ?)",
                               "ss", phone, account_id))
    return NULL;

  return g_steal_pointer (&account_id);
}

/**
 * dnevnik_sandbox_link_confirm:
 *
 * Checks the code of a request and links the account on success.  A
 * wrong code uses up an attempt (written before the error returns).
 */
gboolean
dnevnik_sandbox_link_confirm (DnevnikSandboxDb  *db,
                              const char        *account_id,
                              const char        *request_id,
                              const char        *code,
                              GError           **error)
{
  g_auto(Request) request = { 0 };
  g_autofree char *max_account_id = NULL;
  gint64 now = dnevnik_sandbox_now ();

  if (!find_request (db, account_id, request_id, TRUE, &request, error))
    return FALSE;

  if (g_str_equal (request.state, "dead") || request.attempts_left <= 0)
    return dnevnik_sandbox_refuse (error, DNEVNIK_SANDBOX_ERROR_NO_ATTEMPTS_LEFT,
                                   "No attempts left for this request: start again");

  if (now >= request.expires_at)
    return dnevnik_sandbox_refuse (error, DNEVNIK_SANDBOX_ERROR_CODE_EXPIRED,
                                   "The code has expired");

  if (!dnevnik_sandbox_secure_str_equal (code, request.code))
    {
      gint64 left = request.attempts_left - 1;

      if (!dnevnik_sandbox_db_run (db, error,
                                   "UPDATE link_requests SET attempts_left = ?, state = ? WHERE id = ?",
                                   "iss", left, left > 0 ? "pending" : "dead", request_id))
        return FALSE;

      if (left > 0)
        dnevnik_sandbox_set_error_attempts_left (error, DNEVNIK_SANDBOX_ERROR_INVALID_CODE, left,
                                                 "Wrong code");
      else
        g_set_error_literal (error, DNEVNIK_SANDBOX_ERROR, DNEVNIK_SANDBOX_ERROR_NO_ATTEMPTS_LEFT,
                             "Wrong code, and no attempts left: start again");
      return FALSE;
    }

  if (!check_linkable (db, account_id, request.phone, error))
    return FALSE;

  max_account_id = ensure_max_account (db, request.phone, error);
  return max_account_id != NULL &&
         dnevnik_sandbox_db_run (db, error, "UPDATE link_requests SET state = 'done' WHERE id = ?", "s", request_id) &&
         dnevnik_sandbox_db_run (db, error,
                                 "INSERT INTO links (account_id, max_account_id, phone, linked_at) VALUES (?, ?, ?, ?)",
                                 "sssi", account_id, max_account_id, request.phone, now) &&
         dnevnik_sandbox_db_run (db, error,
                                 "INSERT INTO link_history (account_id, kind, at, max_account_id) VALUES (?, 'linked', ?, ?)",
                                 "sis", account_id, now, max_account_id);
}

/**
 * dnevnik_sandbox_link_unlink:
 *
 * Removes the link of @account_id (404 not_linked without one).
 */
gboolean
dnevnik_sandbox_link_unlink (DnevnikSandboxDb  *db,
                             const char        *account_id,
                             GError           **error)
{
  g_auto(DnevnikSandboxLinkStatus) status = { 0 };

  if (!dnevnik_sandbox_link_get_status (db, account_id, &status, error))
    return FALSE;

  if (!status.linked)
    return dnevnik_sandbox_refuse (error, DNEVNIK_SANDBOX_ERROR_NOT_LINKED,
                                   "This diary account is not linked");

  return dnevnik_sandbox_db_run (db, error, "DELETE FROM links WHERE account_id = ?", "s", account_id) &&
         dnevnik_sandbox_db_run (db, error,
                                 "INSERT INTO link_history (account_id, kind, at, max_account_id) VALUES (?, 'unlinked', ?, ?)",
                                 "sis", account_id, dnevnik_sandbox_now (), status.max_account_id);
}

/**
 * dnevnik_sandbox_link_add_history:
 * @builder: a builder inside an array
 *
 * Adds the link events of @account_id, newest first.
 */
gboolean
dnevnik_sandbox_link_add_history (DnevnikSandboxDb  *db,
                                  const char        *account_id,
                                  JsonBuilder       *builder,
                                  GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = dnevnik_sandbox_db_query (db, error,
                                   "SELECT kind, at, max_account_id FROM link_history WHERE account_id = ? "
                                   "ORDER BY at DESC, id DESC", "s", account_id);
  return dnevnik_sandbox_db_each_row (db, stmt, add_history_row, builder, error);
}

/**
 * dnevnik_sandbox_sms_add_messages:
 * @phone: (nullable): only the messages to this canonical number
 * @builder: a builder inside an array
 *
 * Adds the messages of the outbox, oldest first.
 */
gboolean
dnevnik_sandbox_sms_add_messages (DnevnikSandboxDb  *db,
                                  const char        *phone,
                                  JsonBuilder       *builder,
                                  GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = dnevnik_sandbox_db_query (db, error,
                                   "SELECT phone, code, request_id, text, sent_at FROM sms "
                                   "WHERE ? IS NULL OR phone = ? ORDER BY id",
                                   "ss", phone, phone);
  return dnevnik_sandbox_db_each_row (db, stmt, add_sms_row, builder, error);
}

/**
 * dnevnik_sandbox_sms_clear_outbox:
 *
 * Empties the outbox file (for --reset), keeping it private.
 */
gboolean
dnevnik_sandbox_sms_clear_outbox (const char  *outbox_path,
                                  GError     **error)
{
  return write_outbox (outbox_path, O_TRUNC, "", error);
}
