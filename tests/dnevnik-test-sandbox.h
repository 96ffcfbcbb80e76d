/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A real dnevnik-sandbox for tests: a subprocess on an ephemeral loopback
 * port with its own database and SMS outbox in a temporary directory, and
 * synchronous helpers for its sandbox-only control endpoints
 * (src/sandbox/API.md).  Every helper asserts on failure, so a test never
 * goes on with a server in an unknown state.
 *
 * The binary is taken from $DNEVNIK_SANDBOX (set by tests/meson.build).
 * Without extra options call dnevnik_test_sandbox_newv (NULL):
 * dnevnik_test_sandbox_new (NULL) trips the compiler's sentinel check.
 * Each instance runs with --exit-with-parent and a lowered
 * --kdf-iterations, so logins are fast.
 */

typedef struct _DnevnikTestSandbox DnevnikTestSandbox;

DnevnikTestSandbox *dnevnik_test_sandbox_new            (const char         *first_option,
                                                         ...) G_GNUC_NULL_TERMINATED;
DnevnikTestSandbox *dnevnik_test_sandbox_newv           (const char * const *options);
const char         *dnevnik_test_sandbox_get_url        (DnevnikTestSandbox *self);
const char         *dnevnik_test_sandbox_get_db_path    (DnevnikTestSandbox *self);
const char         *dnevnik_test_sandbox_get_outbox_path(DnevnikTestSandbox *self);
GPid                dnevnik_test_sandbox_get_pid        (DnevnikTestSandbox *self);
void                dnevnik_test_sandbox_stop           (DnevnikTestSandbox *self);
void                dnevnik_test_sandbox_restart        (DnevnikTestSandbox *self);
void                dnevnik_test_sandbox_add_fault      (DnevnikTestSandbox *self,
                                                         const char         *method,
                                                         const char         *path,
                                                         const char         *kind,
                                                         guint               count,
                                                         guint               delay_ms);
void                dnevnik_test_sandbox_clear_faults   (DnevnikTestSandbox *self);
guint               dnevnik_test_sandbox_get_counter    (DnevnikTestSandbox *self,
                                                         const char         *method,
                                                         const char         *path);
void                dnevnik_test_sandbox_reset_counters (DnevnikTestSandbox *self);
char               *dnevnik_test_sandbox_get_last_code  (DnevnikTestSandbox *self,
                                                         const char         *phone);
void                dnevnik_test_sandbox_free           (DnevnikTestSandbox *self);

/* Additions beyond the first version of this header. */
const char         *dnevnik_test_sandbox_get_tmp_dir    (DnevnikTestSandbox *self);
void                dnevnik_test_sandbox_add_fault_rate (DnevnikTestSandbox *self,
                                                         const char         *method,
                                                         const char         *path,
                                                         const char         *kind,
                                                         double              rate,
                                                         guint               delay_ms);
GBytes             *dnevnik_test_sandbox_request        (DnevnikTestSandbox *self,
                                                         const char         *method,
                                                         const char         *path,
                                                         const char         *body,
                                                         guint              *status);
struct _JsonNode   *dnevnik_test_sandbox_call           (DnevnikTestSandbox *self,
                                                         const char         *method,
                                                         const char         *path,
                                                         const char         *token,
                                                         const char         *body,
                                                         guint               expected_status);
char               *dnevnik_test_sandbox_login          (DnevnikTestSandbox *self,
                                                         const char         *login,
                                                         char              **refresh_token);

DnevnikTestSandbox *dnevnik_test_sandbox_new_captured   (guint               max_open_files,
                                                         const char * const *options);
char               *dnevnik_test_sandbox_get_log        (DnevnikTestSandbox *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DnevnikTestSandbox, dnevnik_test_sandbox_free)

G_END_DECLS
