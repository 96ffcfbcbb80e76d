/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Faults that tests ask for ("the next N requests to PATH fail with …" or
 * "that share of them, at random"), and per-endpoint request counters
 * (API.md, "Sandbox only").
 */

typedef enum
{
  DNEVNIK_SANDBOX_FAULT_NONE,
  DNEVNIK_SANDBOX_FAULT_ERROR500,
  DNEVNIK_SANDBOX_FAULT_MALFORMED,
  DNEVNIK_SANDBOX_FAULT_TRUNCATED,
  DNEVNIK_SANDBOX_FAULT_DROP,
  DNEVNIK_SANDBOX_FAULT_DELAY,
} DnevnikSandboxFaultKind;

/* At most this many counters for requests that match no route, then one
 * shared counter. */
#define DNEVNIK_SANDBOX_MAX_UNKNOWN_COUNTERS 64
#define DNEVNIK_SANDBOX_OTHER_COUNTER "other"

typedef struct _DnevnikSandboxFaults DnevnikSandboxFaults;

DnevnikSandboxFaults    *dnevnik_sandbox_faults_new            (void);
void                     dnevnik_sandbox_faults_free           (DnevnikSandboxFaults  *self);
gboolean                 dnevnik_sandbox_fault_kind_parse      (const char            *text,
                                                                DnevnikSandboxFaultKind *kind);
void                     dnevnik_sandbox_faults_add            (DnevnikSandboxFaults  *self,
                                                                const char            *method,
                                                                const char            *path,
                                                                DnevnikSandboxFaultKind kind,
                                                                guint                  count,
                                                                double                 rate,
                                                                guint                  delay_ms);
gboolean                 dnevnik_sandbox_faults_add_spec       (DnevnikSandboxFaults  *self,
                                                                const char            *spec,
                                                                gboolean               is_rate,
                                                                GError               **error);
void                     dnevnik_sandbox_faults_clear          (DnevnikSandboxFaults  *self);
DnevnikSandboxFaultKind  dnevnik_sandbox_faults_take           (DnevnikSandboxFaults  *self,
                                                                const char            *method,
                                                                const char            *path,
                                                                guint                 *delay_ms);
void                     dnevnik_sandbox_faults_count          (DnevnikSandboxFaults  *self,
                                                                const char            *method,
                                                                const char            *path,
                                                                gboolean               known);
void                     dnevnik_sandbox_faults_add_counters   (DnevnikSandboxFaults  *self,
                                                                JsonBuilder           *builder);
void                     dnevnik_sandbox_faults_reset_counters (DnevnikSandboxFaults  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DnevnikSandboxFaults, dnevnik_sandbox_faults_free)

G_END_DECLS
