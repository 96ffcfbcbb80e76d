/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <string.h>

#include "dnevnik-test-log.h"

static GString *captured;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  DnevnikTestLogFields which = GPOINTER_TO_INT (user_data);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (which == DNEVNIK_TEST_LOG_MESSAGES && !g_str_equal (fields[i].key, "MESSAGE"))
        continue;

      if (fields[i].length < 0)
        g_string_append (captured, fields[i].value);
      else if (fields[i].value != NULL)
        g_string_append_len (captured, fields[i].value, fields[i].length);
      g_string_append_c (captured, '\n');
    }

  /* Anything worse than a debug message still fails the test. */
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_standard_streams (log_level, fields, n_fields, NULL);

  return G_LOG_WRITER_HANDLED;
}

/**
 * dnevnik_test_log_capture:
 * @fields: what to keep of each entry
 *
 * Turns every debug message on and keeps all that is logged from now on.
 * Call it once, first thing in main(): the service decides at
 * construction whether to log HTTP traffic at all, and a process has one
 * log writer for good.
 */
void
dnevnik_test_log_capture (DnevnikTestLogFields fields)
{
  g_return_if_fail (captured == NULL);

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  captured = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, GINT_TO_POINTER (fields), NULL);
}

/**
 * dnevnik_test_log_get_captured:
 *
 * Returns: (transfer none): everything logged since
 *   dnevnik_test_log_capture(), one field a line
 */
const char *
dnevnik_test_log_get_captured (void)
{
  g_return_val_if_fail (captured != NULL, NULL);

  return captured->str;
}

/**
 * dnevnik_test_log_assert_absent:
 * @secret: a token, a password, a code…
 *
 * Fails the test if @secret, which must not be empty, is anywhere in
 * what was logged since dnevnik_test_log_capture().
 */
void
dnevnik_test_log_assert_absent (const char *secret)
{
  g_assert_nonnull (secret);
  g_assert_cmpuint (strlen (secret), >, 0);
  if (strstr (dnevnik_test_log_get_captured (), secret) != NULL)
    g_error ("“%s” was logged", secret);
}
