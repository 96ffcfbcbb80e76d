/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include "dnevnik-sandbox-demo.h"
#include "dnevnik-sandbox-error.h"
#include "dnevnik-sandbox-json.h"
#include "dnevnik-sandbox-server-private.h"
#include "dnevnik-sandbox-time.h"

/* The diary endpoints: GET /api/v1/profile, diary, library and portfolio. */

#define MAX_DIARY_DAYS 366

/* A row as an object of its columns' names and texts */
static void
add_row_object (sqlite3_stmt *stmt,
                gpointer      user_data)
{
  JsonBuilder *reply = user_data;

  json_builder_begin_object (reply);
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    dnevnik_sandbox_json_add_string (reply, sqlite3_column_name (stmt, i),
                                     (const char *) sqlite3_column_text (stmt, i));
  json_builder_end_object (reply);
}

static gboolean
build_rows (DnevnikSandboxServer  *self,
            JsonBuilder           *reply,
            const char            *member,
            const char            *sql,
            const char            *param,
            GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok;

  stmt = param != NULL ? dnevnik_sandbox_db_query (self->db, error, sql, "s", param)
                       : dnevnik_sandbox_db_query (self->db, error, sql, "");
  if (stmt == NULL)
    return FALSE;

  json_builder_begin_object (reply);
  json_builder_set_member_name (reply, member);
  json_builder_begin_array (reply);
  ok = dnevnik_sandbox_db_each_row (self->db, stmt, add_row_object, reply, error);
  json_builder_end_array (reply);
  json_builder_end_object (reply);

  return ok;
}

/* The account row of the caller; 401 if the account went away (a reset) */
static sqlite3_stmt *
query_account (DnevnikSandboxServer  *self,
               DnevnikSandboxCall                  *call,
               const char            *sql,
               GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = dnevnik_sandbox_db_query (self->db, error, sql, "s", call->account_id);

  if (stmt == NULL ||
      !dnevnik_sandbox_db_next_required (self->db, stmt, DNEVNIK_SANDBOX_ERROR_INVALID_TOKEN,
                                         "The account of this token is gone", error))
    return NULL;

  return g_steal_pointer (&stmt);
}

gboolean
dnevnik_sandbox_handle_profile (DnevnikSandboxServer  *self,
                                DnevnikSandboxCall    *call,
                                JsonBuilder           *reply,
                                GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  static const char * const columns[] = {
    "id", "login", "first_name", "last_name", "middle_name", "school", "class_name",
  };

  stmt = query_account (self, call,
                        "SELECT id, login, first_name, last_name, middle_name, school, class_name "
                        "FROM accounts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  json_builder_begin_object (reply);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    dnevnik_sandbox_json_add_string (reply, columns[i], (const char *) sqlite3_column_text (stmt, i));
  json_builder_end_object (reply);
  return TRUE;
}

gboolean
dnevnik_sandbox_handle_diary (DnevnikSandboxServer  *self,
                              DnevnikSandboxCall    *call,
                              JsonBuilder           *reply,
                              GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *from_text = call->query != NULL ? g_hash_table_lookup (call->query, "from") : NULL;
  const char *to_text = call->query != NULL ? g_hash_table_lookup (call->query, "to") : NULL;
  GDate from, to;

  if (!dnevnik_sandbox_parse_date (from_text, &from) ||
      !dnevnik_sandbox_parse_date (to_text, &to) ||
      g_date_compare (&from, &to) > 0 ||
      g_date_days_between (&from, &to) >= MAX_DIARY_DAYS)
    return dnevnik_sandbox_refuse (error, DNEVNIK_SANDBOX_ERROR_BAD_RANGE,
                                   "“from” and “to” must be dates (YYYY-MM-DD), from ≤ to, at most 366 days");

  stmt = query_account (self, call, "SELECT class_name, seed FROM accounts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  json_builder_begin_object (reply);
  dnevnik_sandbox_json_add_string (reply, "from", from_text);
  dnevnik_sandbox_json_add_string (reply, "to", to_text);
  json_builder_set_member_name (reply, "days");
  json_builder_begin_array (reply);
  dnevnik_sandbox_demo_add_days (reply, (const char *) sqlite3_column_text (stmt, 0),
                                 sqlite3_column_int64 (stmt, 1), &from, &to, &self->settings.today);
  json_builder_end_array (reply);
  json_builder_end_object (reply);
  return TRUE;
}

gboolean
dnevnik_sandbox_handle_library (DnevnikSandboxServer  *self,
                                DnevnikSandboxCall    *call,
                                JsonBuilder           *reply,
                                GError               **error)
{
  return build_rows (self, reply, "items",
                     "SELECT id, title, subject, kind, url FROM library ORDER BY position", NULL, error);
}

gboolean
dnevnik_sandbox_handle_portfolio (DnevnikSandboxServer  *self,
                                  DnevnikSandboxCall    *call,
                                  JsonBuilder           *reply,
                                  GError               **error)
{
  return build_rows (self, reply, "achievements",
                     "SELECT id, title, date, level, kind FROM achievements WHERE account_id = ? "
                     "ORDER BY date DESC, id", call->account_id, error);
}
