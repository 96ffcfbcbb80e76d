/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <libsoup/soup.h>

#include "dnevnik-api.h"
#include "dnevnik-bench-util.h"
#include "dnevnik-service.h"
#include "dnevnik-test-service.h"

/* Item 5 of the performance figures (README.md): what DnevnikService adds
 * to a request.
 *
 * 1,000 sequential GET /api/v1/sferum/link through
 * dnevnik_service_refresh_link_status_async() (signed in: the request, the
 * JSON parsing, the shared link-status object updated in place), against
 * the same 1,000 requests through a raw SoupSession built like the
 * service's (same connection limit, timeouts, user agent, no proxy, so the
 * same keep-alive connection) with the same headers — Accept and the
 * Bearer token the service itself holds.  The requests run in blocks of
 * 100 that alternate between the two; each pair of blocks gives a ratio. */

#define BLOCKS 10
#define BLOCK_SIZE 100
#define WARM_UP 50

static double
run_service (DnevnikService *service,
             guint           count)
{
  double start = dnevnik_bench_now_ms ();

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!dnevnik_test_service_refresh_link_status (service, &error))
        dnevnik_bench_fail ("link status through the service failed: %s", error->message);
    }

  return dnevnik_bench_now_ms () - start;
}

static double
run_raw (SoupSession *session,
         const char  *uri,
         const char  *authorization,
         guint        count)
{
  double start = dnevnik_bench_now_ms ();

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
      SoupMessageHeaders *headers = soup_message_get_request_headers (message);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) error = NULL;

      soup_message_headers_replace (headers, "Accept", "application/json");
      soup_message_headers_replace (headers, "Authorization", authorization);
      soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                        dnevnik_test_loop_result_cb, &result);
      body = soup_session_send_and_read_finish (session, dnevnik_test_loop_await (&result), &error);
      if (body == NULL || soup_message_get_status (message) != SOUP_STATUS_OK)
        dnevnik_bench_fail ("raw link status request failed: %s (HTTP %u)",
                            error != NULL ? error->message : "refused", soup_message_get_status (message));
    }

  return dnevnik_bench_now_ms () - start;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DnevnikBenchSandbox) sandbox = NULL;
  g_autoptr(DnevnikTokenStore) store = dnevnik_memory_token_store_new ();
  g_autoptr(DnevnikService) service = NULL;
  g_autoptr(DnevnikTokens) tokens = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) service_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pair_ratios = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *authorization = NULL;
  DnevnikBenchReport *report;
  double service_total = 0;
  double raw_total = 0;

  setlocale (LC_ALL, "");

  sandbox = dnevnik_bench_sandbox_new (NULL);

  service = dnevnik_service_new (dnevnik_bench_sandbox_get_url (sandbox), store, &error);
  if (service == NULL)
    dnevnik_bench_fail ("no service: %s", error->message);

  /* "Remember me" into the memory store, only to read the token back. */
  if (!dnevnik_test_service_sign_in (service, "ivan", DNEVNIK_TEST_PASSWORD, TRUE, &error))
    dnevnik_bench_fail ("sign-in failed: %s", error->message);
  tokens = dnevnik_test_token_store_load (store, dnevnik_service_get_base_url (service), "ivan", &error);
  if (tokens == NULL)
    dnevnik_bench_fail ("the service's token is not in its store: %s", error != NULL ? error->message : "none");

  /* Built as src/service/dnevnik-api.c builds the service's session. */
  session = g_object_new (SOUP_TYPE_SESSION,
                          "max-conns-per-host", DNEVNIK_API_MAX_CONNS_PER_HOST,
                          "timeout", DNEVNIK_API_DEFAULT_TIMEOUT,
                          "idle-timeout", 60,
                          "user-agent", "Dnevnik/" PACKAGE_VERSION,
                          "proxy-resolver", NULL,
                          NULL);
  uri = g_strconcat (dnevnik_service_get_base_url (service), "/api/v1/sferum/link", NULL);
  authorization = g_strconcat ("Bearer ", tokens->access_token, NULL);

  /* Opens the keep-alive connections and warms both paths. */
  run_service (service, WARM_UP);
  run_raw (session, uri, authorization, WARM_UP);

  for (guint block = 0; block < BLOCKS; block++)
    {
      double service_block;
      double raw_block;

      if (block % 2 == 0)
        {
          service_block = run_service (service, BLOCK_SIZE);
          raw_block = run_raw (session, uri, authorization, BLOCK_SIZE);
        }
      else
        {
          raw_block = run_raw (session, uri, authorization, BLOCK_SIZE);
          service_block = run_service (service, BLOCK_SIZE);
        }

      service_block = service_block * 1000.0 / BLOCK_SIZE;
      raw_block = raw_block * 1000.0 / BLOCK_SIZE;
      g_array_append_val (service_ms, service_block);
      g_array_append_val (raw_ms, raw_block);
      service_total += service_block * BLOCK_SIZE;
      raw_total += raw_block * BLOCK_SIZE;
    }

  report = dnevnik_bench_report_new ("service-overhead", "Service overhead (README Performance, item 5)");
  pair_ratios = dnevnik_bench_report_add_paired (report, "5.", "link status via DnevnikService (vs raw)", "µs",
                                                 service_ms, raw_ms, 1.10);
  dnevnik_bench_report_add (report, "   all 1,000 requests (vs raw)", "ms",
                            service_total / 1000.0, raw_total / 1000.0, "(information)", DNEVNIK_BENCH_NO_TARGET);
  dnevnik_bench_report_note (report, "%d sequential requests each way in %d alternating blocks of %d "
                             "(after %d warm-up requests each); figures are per request, medians of the blocks",
                             BLOCKS * BLOCK_SIZE, BLOCKS, BLOCK_SIZE, WARM_UP);
  dnevnik_bench_report_set_raw (report, "service_us_per_request", service_ms);
  dnevnik_bench_report_set_raw (report, "raw_us_per_request", raw_ms);
  dnevnik_bench_report_set_raw (report, "pair_ratios", pair_ratios);
  dnevnik_bench_report_finish (report);

  return 0;
}
