/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every log message of the test process, debug messages included, kept in
 * memory so that a test can show what was logged and what was not (a
 * token, a password).  Warnings and worse still reach stderr, and still
 * fail the test under G_DEBUG=fatal-warnings. */

typedef enum
{
  DNEVNIK_TEST_LOG_MESSAGES,    /* the MESSAGE field of each entry */
  DNEVNIK_TEST_LOG_ALL_FIELDS,  /* every field: domain, code location, … */
} DnevnikTestLogFields;

void        dnevnik_test_log_capture       (DnevnikTestLogFields  fields);
const char *dnevnik_test_log_get_captured  (void);
void        dnevnik_test_log_assert_absent (const char           *secret);

G_END_DECLS
