/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>

#include "dnevnik-bench-util.h"

/* Item 6 of the performance figures (README.md): sandbox throughput.
 *
 * The sandbox with its normal options, a real token from a real login, and
 * `wrk -t2 -c32 -d10s --latency` (Debian's wrk): 32 concurrent keep-alive
 * clients on GET /api/v1/sferum/link.  The baseline is the same load on an
 * unknown path, which the server answers 404 before it looks at the token
 * or the database: what SoupServer alone costs on this machine.  wrk runs
 * on the same two cores as the server, as it would on a CI machine. */

#define DURATION "10s"

typedef struct
{
  double requests_per_second;
  double p99_ms;
  guint  non_2xx;
} WrkResult;

/* wrk prints latencies as "1.23ms", "456.00us" or "1.02s". */
static double
parse_duration_ms (const char *text)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  if (end == NULL || end == text)
    return NAN;
  if (g_str_has_prefix (end, "us"))
    return value / 1000.0;
  if (g_str_has_prefix (end, "ms"))
    return value;
  if (g_str_has_prefix (end, "s"))
    return value * 1000.0;
  if (g_str_has_prefix (end, "m"))
    return value * 60000.0;

  return NAN;
}

static void
run_wrk (const char *url,
         const char *authorization,
         WrkResult  *result)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;
  const char *argv[] = {
    "wrk", "-t2", "-c32", "-d" DURATION, "--latency", "-H", authorization, url, NULL
  };

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &output, &errors, &status, &error))
    dnevnik_bench_fail ("wrk did not run: %s", error->message);
  if (!g_spawn_check_wait_status (status, &error))
    dnevnik_bench_fail ("wrk failed: %s\n%s", error->message, errors);

  g_print ("$ wrk -t2 -c32 -d%s --latency -H 'Authorization: Bearer …' %s\n%s\n", DURATION, url, output);

  result->requests_per_second = NAN;
  result->p99_ms = NAN;
  result->non_2xx = 0;

  lines = g_strsplit (output, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strchug (lines[i]);

      if (g_str_has_prefix (line, "Requests/sec:"))
        result->requests_per_second = g_ascii_strtod (line + strlen ("Requests/sec:"), NULL);
      else if (g_str_has_prefix (line, "99%"))
        result->p99_ms = parse_duration_ms (g_strchug ((char *) line + strlen ("99%")));
      else if (g_str_has_prefix (line, "Non-2xx or 3xx responses:"))
        result->non_2xx = atoi (line + strlen ("Non-2xx or 3xx responses:"));
    }

  if (isnan (result->requests_per_second) || isnan (result->p99_ms))
    dnevnik_bench_fail ("cannot read wrk's figures");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DnevnikBenchSandbox) sandbox = NULL;
  g_autofree char *wrk = g_find_program_in_path ("wrk");
  g_autofree char *token = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *link_url = NULL;
  g_autofree char *floor_url = NULL;
  DnevnikBenchReport *report;
  WrkResult link;
  WrkResult floor;
  gboolean met;

  setlocale (LC_ALL, "");

  if (wrk == NULL)
    {
      /* Not a failure of the sandbox: the tool is missing (apt install wrk). */
      g_print ("wrk is not installed; the throughput benchmark is skipped\n");
      return 77;
    }

  sandbox = dnevnik_bench_sandbox_new (NULL);
  token = dnevnik_bench_sandbox_login (sandbox, "ivan", "dnevnik");
  authorization = g_strconcat ("Authorization: Bearer ", token, NULL);
  link_url = g_strconcat (dnevnik_bench_sandbox_get_url (sandbox), "/api/v1/sferum/link", NULL);
  floor_url = g_strconcat (dnevnik_bench_sandbox_get_url (sandbox), "/api/v1/bench-no-such-path", NULL);

  run_wrk (floor_url, authorization, &floor);
  run_wrk (link_url, authorization, &link);

  if (link.non_2xx > 0)
    dnevnik_bench_fail ("%u link-status requests were refused (token or server broken)", link.non_2xx);

  met = link.requests_per_second >= 5000 && link.p99_ms < 20;

  report = dnevnik_bench_report_new ("sandbox-throughput", "Sandbox throughput, 32 keep-alive clients (README Performance, item 6)");
  dnevnik_bench_report_add (report, "6. GET /sferum/link requests/s (vs 404 path)", "req/s",
                            link.requests_per_second, floor.requests_per_second, "≥ 5000 req/s",
                            link.requests_per_second >= 5000);
  dnevnik_bench_report_add (report, "6. GET /sferum/link p99 latency (vs 404 path)", "ms",
                            link.p99_ms, floor.p99_ms, "< 20 ms", link.p99_ms < 20);
  dnevnik_bench_report_note (report, "wrk -t2 -c32 -d%s --latency on the same %u CPUs as the server; "
                             "the baseline is an unknown path (404 before token and database)%s",
                             DURATION, g_get_num_processors (), met ? "" : "; target missed");
  dnevnik_bench_report_finish (report);

  return 0;
}
