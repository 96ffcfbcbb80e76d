/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dnevnik-sandbox-db.h"

G_BEGIN_DECLS

/* The demo school: three students (API.md, "Demo data"), the numbers that
 * "have MAX", a library, portfolios, and a diary computed on the fly, whose
 * lesson marks are also the marks of the periods.
 *
 * The diary is a pure function of the class, the student's seed, the date
 * and --today (marks exist only up to today), so every run of the sandbox,
 * and every client, sees the same school year.
 */

#define DNEVNIK_SANDBOX_DEMO_PASSWORD "dnevnik"

/* One mark of the diary: the @index-th (0 or 1) mark of lesson @number on
 * @date. */
typedef void (*DnevnikSandboxDemoMarkFunc) (const char  *subject,
                                            const GDate *date,
                                            guint        number,
                                            guint        index,
                                            const char  *value,
                                            guint        weight,
                                            const char  *control_form,
                                            gpointer     user_data);

gboolean    dnevnik_sandbox_demo_seed            (DnevnikSandboxDb           *db,
                                                  const GDate                *today,
                                                  guint                       kdf_iterations,
                                                  GError                    **error);
void        dnevnik_sandbox_demo_add_days        (JsonBuilder                *builder,
                                                  const char                 *class_name,
                                                  gint64                      student_seed,
                                                  const GDate                *from,
                                                  const GDate                *to,
                                                  const GDate                *today);
gboolean    dnevnik_sandbox_demo_is_holiday      (const GDate                *date);
guint       dnevnik_sandbox_demo_get_school_year (const GDate                *date);
const char *dnevnik_sandbox_demo_get_subject     (const char                 *class_name,
                                                  guint                       index);
void        dnevnik_sandbox_demo_foreach_mark    (const char                 *class_name,
                                                  gint64                      student_seed,
                                                  const GDate                *from,
                                                  const GDate                *to,
                                                  const GDate                *today,
                                                  DnevnikSandboxDemoMarkFunc  func,
                                                  gpointer                    user_data);
guint       dnevnik_sandbox_demo_count_lessons   (const char                 *class_name,
                                                  const GDate                *from,
                                                  const GDate                *to);

G_END_DECLS
