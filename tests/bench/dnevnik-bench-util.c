/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <libsoup/soup.h>

#include "dnevnik-bench-util.h"
#include "dnevnik-sandbox-json.h"

struct _DnevnikBenchReport
{
  char        *name;
  char        *title;
  JsonBuilder *rows;
  GPtrArray   *notes;
  GString     *table;
  JsonObject  *raw;
};

struct _DnevnikBenchSandbox
{
  char        *tmp_dir;
  char        *url;
  int          port;
  GStrv        extra_options;
  GSubprocess *process;
};

/**
 * dnevnik_bench_fail:
 * @format: what broke, printf-style
 *
 * Ends the benchmark with a non-zero status: the thing measured broke (a
 * time is never a reason).
 */
void
dnevnik_bench_fail (const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("BROKEN: %s\n", message);
  exit (1);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Statistics read a sorted copy: the caller's samples keep their order. */
static GArray *
sorted_copy (GArray *values)
{
  GArray *sorted = g_array_copy (values);

  g_array_sort (sorted, compare_doubles);
  return sorted;
}

/**
 * dnevnik_bench_percentile:
 * @values: an array of double
 * @percent: 0 to 100
 *
 * Returns: the nearest-rank percentile of @values (NAN when empty); @values
 *   is not reordered
 */
double
dnevnik_bench_percentile (GArray *values,
                          double  percent)
{
  g_autoptr(GArray) sorted = NULL;
  guint rank;

  if (values == NULL || values->len == 0)
    return NAN;

  sorted = sorted_copy (values);
  rank = (guint) ceil (percent / 100.0 * sorted->len);
  rank = CLAMP (rank, 1, sorted->len);

  return g_array_index (sorted, double, rank - 1);
}

/**
 * dnevnik_bench_median:
 * @values: an array of double
 *
 * Returns: the median of @values (the mean of the middle two for an even
 *   count), NAN when empty
 */
double
dnevnik_bench_median (GArray *values)
{
  g_autoptr(GArray) sorted = NULL;
  guint n;

  if (values == NULL || values->len == 0)
    return NAN;

  sorted = sorted_copy (values);
  n = sorted->len;
  if (n % 2 == 1)
    return g_array_index (sorted, double, n / 2);

  return (g_array_index (sorted, double, n / 2 - 1) + g_array_index (sorted, double, n / 2)) / 2.0;
}

/**
 * dnevnik_bench_max:
 * @values: an array of double
 *
 * Returns: the largest of @values, NAN when empty
 */
double
dnevnik_bench_max (GArray *values)
{
  double max = NAN;

  for (guint i = 0; values != NULL && i < values->len; i++)
    if (isnan (max) || g_array_index (values, double, i) > max)
      max = g_array_index (values, double, i);

  return max;
}

/**
 * dnevnik_bench_now_ms:
 *
 * Returns: the monotonic clock (CLOCK_MONOTONIC, the same in every
 *   process) in milliseconds
 */
double
dnevnik_bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static char *
cpu_model (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &text, NULL, NULL))
    return g_strdup ("unknown");

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "model name"))
      {
        const char *colon = strchr (lines[i], ':');

        if (colon != NULL)
          return g_strstrip (g_strdup (colon + 1));
      }

  return g_strdup ("unknown");
}

static const char *
renderer_name (void)
{
  const char *renderer = g_getenv ("GSK_RENDERER");

  return renderer != NULL && *renderer != '\0' ? renderer : "default (GL if available)";
}

/**
 * dnevnik_bench_describe_machine:
 * @builder: a #JsonBuilder inside an object
 *
 * Adds the member "machine": CPUs, CPU model, renderer and GDK_DEBUG.
 */
void
dnevnik_bench_describe_machine (JsonBuilder *builder)
{
  g_autofree char *model = cpu_model ();

  json_builder_set_member_name (builder, "machine");
  json_builder_begin_object (builder);
  dnevnik_sandbox_json_add_int (builder, "nproc", g_get_num_processors ());
  dnevnik_sandbox_json_add_string (builder, "cpu", model);
  dnevnik_sandbox_json_add_string (builder, "gsk_renderer", renderer_name ());
  dnevnik_sandbox_json_add_string (builder, "gdk_debug",
                                   g_getenv ("GDK_DEBUG") != NULL ? g_getenv ("GDK_DEBUG") : "");
  json_builder_end_object (builder);
}

/**
 * dnevnik_bench_report_new:
 * @name: a short name, also the JSON file's (`NAME.json`)
 * @title: the heading of the table
 *
 * Returns: (transfer full): an empty report; dnevnik_bench_report_finish()
 *   prints it, writes it and frees it
 */
DnevnikBenchReport *
dnevnik_bench_report_new (const char *name,
                          const char *title)
{
  DnevnikBenchReport *self = g_new0 (DnevnikBenchReport, 1);

  self->name = g_strdup (name);
  self->title = g_strdup (title);
  self->rows = json_builder_new ();
  json_builder_begin_array (self->rows);
  self->notes = g_ptr_array_new_with_free_func (g_free);
  self->raw = json_object_new ();
  self->table = g_string_new (NULL);
  g_string_append_printf (self->table, "%-72s %12s %12s %8s  %-24s %s\n",
                          "figure", "value", "baseline", "ratio", "target", "met?");

  return self;
}

static char *
format_value (double      value,
              const char *unit)
{
  if (isnan (value))
    return g_strdup ("—");
  if (fabs (value) >= 1000)
    return g_strdup_printf ("%.0f %s", value, unit);
  return g_strdup_printf ("%.2f %s", value, unit);
}

/* A figure that could not be taken (NAN) is null in the JSON file. */
static void
add_number_or_null (JsonBuilder *builder,
                    const char  *member,
                    double       value)
{
  json_builder_set_member_name (builder, member);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

/**
 * dnevnik_bench_report_add:
 * @figure: what was measured
 * @unit: its unit ("ms", "MiB", "req/s")
 * @value: the figure
 * @baseline: what it is compared with, or NAN
 * @target: the target, as the README's performance table gives it
 * @met: whether @value meets @target: TRUE, FALSE, or
 *   %DNEVNIK_BENCH_NO_TARGET for a figure given for information
 *
 * Adds a row.
 */
void
dnevnik_bench_report_add (DnevnikBenchReport *self,
                          const char         *figure,
                          const char         *unit,
                          double              value,
                          double              baseline,
                          const char         *target,
                          int                 met)
{
  double ratio = !isnan (baseline) && baseline != 0 ? value / baseline : NAN;
  g_autofree char *value_text = format_value (value, unit);
  g_autofree char *baseline_text = format_value (baseline, unit);
  g_autofree char *ratio_text = isnan (ratio) ? g_strdup ("—") : g_strdup_printf ("%.3f", ratio);

  g_string_append_printf (self->table, "%-72s %12s %12s %8s  %-24s %s\n",
                          figure, value_text, baseline_text, ratio_text, target,
                          met == DNEVNIK_BENCH_NO_TARGET ? "—" : met ? "yes" : "NO");

  json_builder_begin_object (self->rows);
  dnevnik_sandbox_json_add_string (self->rows, "figure", figure);
  dnevnik_sandbox_json_add_string (self->rows, "unit", unit);
  add_number_or_null (self->rows, "value", value);
  add_number_or_null (self->rows, "baseline", baseline);
  add_number_or_null (self->rows, "ratio", ratio);
  dnevnik_sandbox_json_add_string (self->rows, "target", target);
  json_builder_set_member_name (self->rows, "met");
  if (met == DNEVNIK_BENCH_NO_TARGET)
    json_builder_add_null_value (self->rows);
  else
    json_builder_add_boolean_value (self->rows, met);
  json_builder_end_object (self->rows);
}

/**
 * dnevnik_bench_report_add_paired:
 * @item: the figure's number, e.g. "1."
 * @figure: what is measured
 * @unit: the unit of @values
 * @values: the samples, one per pair (double)
 * @baselines: the baseline of each pair, taken under the same load
 * @limit: the largest median of the per-pair ratios that meets the target,
 *   or NAN for figures given for information
 *
 * Adds two rows: the medians of @values and @baselines, and the median of
 * the per-pair ratios, which is what the target is about: a pair ran under
 * the same load, so its ratio is steadier than a ratio of medians.
 *
 * Returns: (transfer full): the per-pair ratios, for notes and raw samples
 */
GArray *
dnevnik_bench_report_add_paired (DnevnikBenchReport *self,
                                 const char         *item,
                                 const char         *figure,
                                 const char         *unit,
                                 GArray             *values,
                                 GArray             *baselines,
                                 double              limit)
{
  GArray *ratios = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *figure_text = g_strdup_printf ("%s %s", item, figure);
  g_autofree char *ratio_figure = g_strdup_printf ("%s   median of per-pair ratios", item);
  gboolean informative = isnan (limit);
  g_autofree char *pair_target = informative ? g_strdup ("(information)") : g_strdup_printf ("pair ratio ≤ %.2f", limit);
  g_autofree char *ratio_target = informative ? g_strdup ("(information)") : g_strdup_printf ("≤ %.2f", limit);
  double ratio;
  int met;

  g_return_val_if_fail (values->len == baselines->len, ratios);

  for (guint i = 0; i < values->len; i++)
    {
      double pair = g_array_index (values, double, i) / g_array_index (baselines, double, i);

      g_array_append_val (ratios, pair);
    }
  ratio = dnevnik_bench_median (ratios);
  met = informative ? DNEVNIK_BENCH_NO_TARGET : ratio <= limit;

  dnevnik_bench_report_add (self, figure_text, unit, dnevnik_bench_median (values),
                            dnevnik_bench_median (baselines), pair_target, met);
  dnevnik_bench_report_add (self, ratio_figure, "×", ratio, NAN, ratio_target, met);

  return ratios;
}

/**
 * dnevnik_bench_report_note:
 * @format: a line printed under the table, printf-style
 *
 * Adds a note: how a figure was taken, or why a target is missed.
 */
void
dnevnik_bench_report_note (DnevnikBenchReport *self,
                           const char         *format,
                           ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->notes, g_strdup_vprintf (format, args));
  va_end (args);
}

/**
 * dnevnik_bench_report_set_raw:
 * @key: a name for the samples
 * @values: the samples (double), in the order they were taken
 *
 * Keeps the raw samples in the JSON file, so that figures can be checked.
 */
void
dnevnik_bench_report_set_raw (DnevnikBenchReport *self,
                              const char         *key,
                              GArray             *values)
{
  JsonArray *array = json_array_sized_new (values->len);

  for (guint i = 0; i < values->len; i++)
    json_array_add_double_element (array, g_array_index (values, double, i));
  json_object_set_array_member (self->raw, key, array);
}

/**
 * dnevnik_bench_report_finish:
 *
 * Prints the table and its notes, writes `$DNEVNIK_BUILD_ROOT/bench/NAME.json`
 * (or `./NAME.json` outside Meson), and frees the report.
 */
void
dnevnik_bench_report_finish (DnevnikBenchReport *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *model = cpu_model ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (now);
  const char *build_root = g_getenv ("DNEVNIK_BUILD_ROOT");

  json_builder_end_array (self->rows);

  g_print ("\n== %s ==\n%s", self->title, self->table->str);
  for (guint i = 0; i < self->notes->len; i++)
    g_print ("  * %s\n", (const char *) g_ptr_array_index (self->notes, i));
  g_print ("  (%u CPUs, %s; renderer %s)\n\n", g_get_num_processors (), model, renderer_name ());

  json_builder_begin_object (builder);
  dnevnik_sandbox_json_add_string (builder, "name", self->name);
  dnevnik_sandbox_json_add_string (builder, "title", self->title);
  dnevnik_sandbox_json_add_string (builder, "time", when);
  dnevnik_bench_describe_machine (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_value (builder, json_builder_get_root (self->rows));
  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->notes->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (self->notes, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "raw");
  {
    JsonNode *raw = json_node_new (JSON_NODE_OBJECT);

    json_node_take_object (raw, g_steal_pointer (&self->raw));
    json_builder_add_value (builder, raw);
  }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  dir = build_root != NULL ? g_build_filename (build_root, "bench", NULL) : g_get_current_dir ();
  g_mkdir_with_parents (dir, 0755);
  path = g_strdup_printf ("%s/%s.json", dir, self->name);
  if (!json_generator_to_file (generator, path, &error))
    g_printerr ("Could not write %s: %s\n", path, error->message);
  else
    g_print ("Written to %s\n", path);

  g_free (self->name);
  g_free (self->title);
  g_object_unref (self->rows);
  g_ptr_array_unref (self->notes);
  g_string_free (self->table, TRUE);
  g_free (self);
}

/* Reads the first line the sandbox prints (its URL), with a time limit so
 * that a broken server ends the benchmark instead of hanging it. */
static char *
read_url (GSubprocess *process)
{
  GInputStream *out = g_subprocess_get_stdout_pipe (process);
  GString *line = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      char c;
      gssize n = g_input_stream_read (out, &c, 1, NULL, NULL);

      if (n <= 0)
        break;
      if (c == '\n')
        return g_string_free (line, FALSE);
      g_string_append_c (line, c);
    }

  g_string_free (line, TRUE);
  return NULL;
}

/**
 * dnevnik_bench_sandbox_new:
 * @extra_options: (nullable): more options, e.g. "--token-ttl=86400"
 *
 * Starts $DNEVNIK_SANDBOX and waits until it listens.
 *
 * Returns: (transfer full): the running sandbox
 */
DnevnikBenchSandbox *
dnevnik_bench_sandbox_new (const char * const *extra_options)
{
  DnevnikBenchSandbox *self = g_new0 (DnevnikBenchSandbox, 1);
  g_autoptr(GError) error = NULL;

  self->tmp_dir = g_dir_make_tmp ("dnevnik-bench-XXXXXX", &error);
  if (self->tmp_dir == NULL)
    dnevnik_bench_fail ("no temporary directory: %s", error->message);
  self->extra_options = g_strdupv ((char **) extra_options);

  dnevnik_bench_sandbox_start (self);
  return self;
}

/**
 * dnevnik_bench_sandbox_start:
 *
 * Starts the sandbox again after dnevnik_bench_sandbox_stop(), on the same
 * port and with the same database, so that the app's server URL, remembered
 * tokens and offline copy still match it.
 */
void
dnevnik_bench_sandbox_start (DnevnikBenchSandbox *self)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *binary = g_getenv ("DNEVNIK_SANDBOX");

  g_return_if_fail (self->process == NULL);

  if (binary == NULL)
    dnevnik_bench_fail ("DNEVNIK_SANDBOX is not set (run through meson test --benchmark)");

  g_ptr_array_add (argv, g_strdup (binary));
  g_ptr_array_add (argv, g_strdup_printf ("--port=%d", self->port));
  g_ptr_array_add (argv, g_strdup ("--exit-with-parent"));
  g_ptr_array_add (argv, g_strdup_printf ("--db=%s/sandbox.sqlite", self->tmp_dir));
  g_ptr_array_add (argv, g_strdup_printf ("--sms-outbox=%s/sms.jsonl", self->tmp_dir));
  for (guint i = 0; self->extra_options != NULL && self->extra_options[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (self->extra_options[i]));
  g_ptr_array_add (argv, NULL);

  /* Its log goes nowhere: a request log would cost the server time. */
  self->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                     G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                     &error);
  if (self->process == NULL)
    dnevnik_bench_fail ("the sandbox did not start: %s", error->message);

  line = read_url (self->process);
  if (line == NULL || !g_str_has_prefix (line, "http://127.0.0.1:"))
    dnevnik_bench_fail ("the sandbox printed no URL (“%s”)", line != NULL ? line : "");

  if (self->port == 0)
    self->port = atoi (line + strlen ("http://127.0.0.1:"));
  g_free (self->url);
  self->url = g_steal_pointer (&line);
}

/**
 * dnevnik_bench_sandbox_get_url:
 *
 * Returns: the URL it printed, e.g. `http://127.0.0.1:41234`
 */
const char *
dnevnik_bench_sandbox_get_url (DnevnikBenchSandbox *self)
{
  return self->url;
}

/**
 * dnevnik_bench_sandbox_get_pid:
 *
 * Returns: the server's process id, 0 when stopped
 */
GPid
dnevnik_bench_sandbox_get_pid (DnevnikBenchSandbox *self)
{
  const char *id;

  if (self->process == NULL || (id = g_subprocess_get_identifier (self->process)) == NULL)
    return 0;

  return (GPid) atoi (id);
}

/**
 * dnevnik_bench_sandbox_login:
 * @login: a demo login
 * @password: its password
 *
 * Signs in over HTTP, the way every client does.
 *
 * Returns: (transfer full): the access token
 */
char *
dnevnik_bench_sandbox_login (DnevnikBenchSandbox *self,
                             const char          *login,
                             const char          *password)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strconcat (self->url, "/api/v1/auth/login", NULL);
  g_autofree char *json = NULL;
  JsonObject *object;

  json = g_strdup_printf ("{\"login\": \"%s\", \"password\": \"%s\"}", login, password);
  body = g_bytes_new (json, strlen (json));
  message = soup_message_new ("POST", uri);
  soup_message_set_request_body_from_bytes (message, "application/json", body);

  reply = soup_session_send_and_read (session, message, NULL, &error);
  if (reply == NULL || soup_message_get_status (message) != SOUP_STATUS_OK)
    dnevnik_bench_fail ("login of %s failed: %s (HTTP %u)", login,
                        error != NULL ? error->message : "refused", soup_message_get_status (message));

  if (!json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    dnevnik_bench_fail ("login reply is not JSON");

  object = json_node_get_object (json_parser_get_root (parser));
  return g_strdup (json_object_get_string_member_with_default (object, "access_token", ""));
}

/**
 * dnevnik_bench_sandbox_stop:
 *
 * Stops the server (SIGTERM, then waits): its port is closed, so clients
 * see it as unreachable.
 */
void
dnevnik_bench_sandbox_stop (DnevnikBenchSandbox *self)
{
  if (self->process == NULL)
    return;

  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
}

/**
 * dnevnik_bench_sandbox_free:
 *
 * Stops the server and deletes its state.
 */
void
dnevnik_bench_sandbox_free (DnevnikBenchSandbox *self)
{
  dnevnik_bench_sandbox_stop (self);

  if (self->tmp_dir != NULL)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (self->tmp_dir);
      g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                       G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                                                       NULL, NULL);
      GFileInfo *info;

      while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

          g_file_delete (child, NULL, NULL);
          g_object_unref (info);
        }
      g_file_delete (dir, NULL, NULL);
    }

  g_free (self->tmp_dir);
  g_free (self->url);
  g_strfreev (self->extra_options);
  g_free (self);
}
