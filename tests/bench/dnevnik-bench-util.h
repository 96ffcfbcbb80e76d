/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Shared by the benchmarks of tests/bench: statistics, the table
 * every benchmark prints and the JSON file it writes, and a dnevnik-sandbox
 * started with its normal options.
 *
 * A benchmark never fails because of a time: it reports.  It exits non-zero
 * only when the thing it measures broke (dnevnik_bench_fail()). */

void       dnevnik_bench_fail               (const char  *format,
                                             ...) G_GNUC_PRINTF (1, 2) G_GNUC_NORETURN;
double     dnevnik_bench_median             (GArray      *values);
double     dnevnik_bench_percentile         (GArray      *values,
                                             double       percent);
double     dnevnik_bench_max                (GArray      *values);
double     dnevnik_bench_now_ms             (void);
void       dnevnik_bench_describe_machine   (JsonBuilder *builder);

/* A row's "met" for a figure given for information only. */
#define DNEVNIK_BENCH_NO_TARGET (-1)

/* One table per benchmark: rows of figure, value, baseline, ratio (value ÷
 * baseline), target and whether it is met. */
typedef struct _DnevnikBenchReport DnevnikBenchReport;

DnevnikBenchReport *dnevnik_bench_report_new        (const char         *name,
                                                     const char         *title);
void                dnevnik_bench_report_add        (DnevnikBenchReport *self,
                                                     const char         *figure,
                                                     const char         *unit,
                                                     double              value,
                                                     double              baseline,
                                                     const char         *target,
                                                     int                 met);
GArray             *dnevnik_bench_report_add_paired (DnevnikBenchReport *self,
                                                     const char         *item,
                                                     const char         *figure,
                                                     const char         *unit,
                                                     GArray             *values,
                                                     GArray             *baselines,
                                                     double              limit);
void                dnevnik_bench_report_note       (DnevnikBenchReport *self,
                                                     const char         *format,
                                                     ...) G_GNUC_PRINTF (2, 3);
void                dnevnik_bench_report_set_raw    (DnevnikBenchReport *self,
                                                     const char         *key,
                                                     GArray             *values);
void                dnevnik_bench_report_finish     (DnevnikBenchReport *self);

/* A dnevnik-sandbox ($DNEVNIK_SANDBOX) on an ephemeral loopback port, with
 * its state in a temporary directory and otherwise its normal options (the
 * default key derivation, so logins cost what they cost). */
typedef struct _DnevnikBenchSandbox DnevnikBenchSandbox;

DnevnikBenchSandbox *dnevnik_bench_sandbox_new      (const char * const  *extra_options);
const char          *dnevnik_bench_sandbox_get_url  (DnevnikBenchSandbox *self);
GPid                 dnevnik_bench_sandbox_get_pid  (DnevnikBenchSandbox *self);
char                *dnevnik_bench_sandbox_login    (DnevnikBenchSandbox *self,
                                                     const char          *login,
                                                     const char          *password);
void                 dnevnik_bench_sandbox_stop     (DnevnikBenchSandbox *self);
void                 dnevnik_bench_sandbox_start    (DnevnikBenchSandbox *self);
void                 dnevnik_bench_sandbox_free     (DnevnikBenchSandbox *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DnevnikBenchSandbox, dnevnik_bench_sandbox_free)

G_END_DECLS
