/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "dnevnik-sandbox-crypto.h"
#include "dnevnik-sandbox-server.h"
#include "dnevnik-sandbox-time.h"

typedef struct
{
  int       port;
  char     *db_path;
  char     *outbox_path;
  char     *today;
  int       code_ttl;
  int       token_ttl;
  int       max_attempts;
  int       resend_cooldown;
  int       kdf_iterations;
  int       idle_timeout;
  gboolean  reset;
  gboolean  exit_with_parent;
  char    **faults;
  char    **fault_rates;
} Options;

static void
options_clear (Options *options)
{
  g_clear_pointer (&options->db_path, g_free);
  g_clear_pointer (&options->outbox_path, g_free);
  g_clear_pointer (&options->today, g_free);
  g_clear_pointer (&options->faults, g_strfreev);
  g_clear_pointer (&options->fault_rates, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static gboolean
on_signal_cb (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_message ("Stopping");
  g_main_loop_quit (loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
check_range (const char  *name,
             int          value,
             int          min,
             int          max,
             GError     **error)
{
  if (value >= min && value <= max)
    return TRUE;

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--%s must be between %d and %d"), name, min, max);
  return FALSE;
}

static gboolean
settings_from_options (const Options           *options,
                       DnevnikSandboxSettings  *settings,
                       GError                 **error)
{
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "dnevnik", "sandbox", NULL);

  if (!check_range ("port", options->port, 0, G_MAXUINT16, error) ||
      !check_range ("code-ttl", options->code_ttl, 1, 24 * 3600, error) ||
      !check_range ("token-ttl", options->token_ttl, 1, 30 * 24 * 3600, error) ||
      !check_range ("max-attempts", options->max_attempts, 1, 100, error) ||
      !check_range ("resend-cooldown", options->resend_cooldown, 0, 24 * 3600, error) ||
      !check_range ("kdf-iterations", options->kdf_iterations, 1, 10000000, error) ||
      !check_range ("idle-timeout", options->idle_timeout, 1, 24 * 3600, error))
    return FALSE;

  if (options->today != NULL)
    {
      if (!dnevnik_sandbox_parse_date (options->today, &settings->today))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--today must be a date, YYYY-MM-DD, not “%s”"), options->today);
          return FALSE;
        }
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_clear (&settings->today, 1);
      g_date_set_dmy (&settings->today, g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now), g_date_time_get_year (now));
    }

  settings->db_path = options->db_path != NULL ? g_strdup (options->db_path)
                                               : g_build_filename (data_dir, "sandbox.sqlite", NULL);
  settings->outbox_path = options->outbox_path != NULL ? g_strdup (options->outbox_path)
                                                       : g_build_filename (data_dir, "sms-outbox.jsonl", NULL);
  settings->code_ttl = options->code_ttl;
  settings->token_ttl = options->token_ttl;
  settings->max_attempts = options->max_attempts;
  settings->resend_cooldown = options->resend_cooldown;
  settings->kdf_iterations = options->kdf_iterations;
  settings->idle_timeout = options->idle_timeout;
  settings->reset = options->reset;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(Options) options = {
    .port = 0,
    .code_ttl = 300,
    .token_ttl = 900,
    .max_attempts = 3,
    .resend_cooldown = 60,
    .kdf_iterations = DNEVNIK_SANDBOX_DEFAULT_KDF_ITERATIONS,
    .idle_timeout = DNEVNIK_SANDBOX_DEFAULT_IDLE_TIMEOUT,
  };
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &options.port,
      N_("TCP port on 127.0.0.1; 0 picks a free one (default 0)"), N_("PORT") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options.db_path,
      N_("sqlite database (default $XDG_DATA_HOME/dnevnik/sandbox/sandbox.sqlite)"), N_("FILE") },
    { "sms-outbox", 0, 0, G_OPTION_ARG_FILENAME, &options.outbox_path,
      N_("JSON-lines file the SMS codes go to (default $XDG_DATA_HOME/dnevnik/sandbox/sms-outbox.jsonl)"),
      N_("FILE") },
    { "today", 0, 0, G_OPTION_ARG_STRING, &options.today,
      N_("The date the demo diary takes as today (default: today)"), N_("YYYY-MM-DD") },
    { "code-ttl", 0, 0, G_OPTION_ARG_INT, &options.code_ttl,
      N_("Seconds an SMS code stays valid (default 300)"), N_("SECONDS") },
    { "token-ttl", 0, 0, G_OPTION_ARG_INT, &options.token_ttl,
      N_("Seconds an access token stays valid (default 900)"), N_("SECONDS") },
    { "max-attempts", 0, 0, G_OPTION_ARG_INT, &options.max_attempts,
      N_("Tries per SMS code (default 3)"), "N" },
    { "resend-cooldown", 0, 0, G_OPTION_ARG_INT, &options.resend_cooldown,
      N_("Seconds before a code may be sent again (default 60)"), N_("SECONDS") },
    { "reset", 0, 0, G_OPTION_ARG_NONE, &options.reset,
      N_("Replace all state with fresh demo data (and empty the SMS outbox)"), NULL },
    { "fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.faults,
      N_("Make the next COUNT matching requests fail; KIND is error500, malformed, truncated, drop or delay "
         "(repeatable)"), "[METHOD:]PATH:KIND:COUNT[:DELAY_MS]" },
    { "fault-rate", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.fault_rates,
      N_("Make that share (0 < RATE ≤ 1) of matching requests fail, at random (repeatable)"),
      "[METHOD:]PATH:KIND:RATE[:DELAY_MS]" },
    { "exit-with-parent", 0, 0, G_OPTION_ARG_NONE, &options.exit_with_parent,
      N_("Stop when the process that started the sandbox dies (for tests)"), NULL },
    /* Hidden, so not translated. */
    { "kdf-iterations", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &options.kdf_iterations,
      "PBKDF2 iterations for new demo passwords (tests lower it)", "N" },
    { "idle-timeout", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &options.idle_timeout,
      "Seconds a connection may stay silent before it is closed (default 120; tests lower it)", "SECONDS" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(DnevnikSandboxFaults) faults = NULL;
  g_autoptr(DnevnikSandboxServer) server = NULL;
  g_auto(DnevnikSandboxSettings) settings = { 0 };
  g_autofree char *url = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* Everything the sandbox writes (database, WAL, outbox) is private. */
  umask (0077);

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                N_("A training and test server for the Dnevnik app: the diary API and the linking of a\n"
                                   "diary account to a Сферум profile in MAX, with demo students, an SMS outbox and\n"
                                   "controllable faults. It listens on 127.0.0.1 only."));
  g_option_context_set_description (context,
                                    N_("Demo logins: ivan, maria, olga; password: dnevnik.\n"
                                       "With --port=0 the URL is the first line on standard output.\n"
                                       "The API, the sandbox-only endpoints and the demo data are described in\n"
                                       "src/sandbox/API.md and src/sandbox/README.md."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !settings_from_options (&options, &settings, &error))
    {
      g_printerr ("dnevnik-sandbox: %s\n", error->message);
      return 2;
    }

  if (options.exit_with_parent)
    {
      prctl (PR_SET_PDEATHSIG, SIGTERM);
      /* The parent may have died before prctl took effect. */
      if (getppid () == 1)
        return 0;
    }

  /* From here on SIGINT and SIGTERM stop the server cleanly, also when they
   * come before the main loop runs (a test may stop the server as soon as it
   * has read the URL). */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal_cb, loop);
  g_unix_signal_add (SIGTERM, on_signal_cb, loop);

  /* Check every option before any file is touched. */
  faults = dnevnik_sandbox_faults_new ();
  for (guint i = 0; options.faults != NULL && options.faults[i] != NULL; i++)
    if (!dnevnik_sandbox_faults_add_spec (faults, options.faults[i], FALSE, &error))
      break;
  for (guint i = 0; error == NULL && options.fault_rates != NULL && options.fault_rates[i] != NULL; i++)
    if (!dnevnik_sandbox_faults_add_spec (faults, options.fault_rates[i], TRUE, &error))
      break;
  if (error != NULL)
    {
      g_printerr ("dnevnik-sandbox: %s\n", error->message);
      return 2;
    }

  server = dnevnik_sandbox_server_new (&settings, g_steal_pointer (&faults), &error);
  if (server == NULL)
    {
      g_printerr ("dnevnik-sandbox: %s\n", error->message);
      return 1;
    }

  if (!dnevnik_sandbox_server_listen (server, options.port, &error))
    {
      g_printerr ("dnevnik-sandbox: ");
      g_printerr (_("Cannot listen on 127.0.0.1:%d: %s"), options.port, error->message);
      g_printerr ("\n");
      return 1;
    }

  /* The first line on stdout is the URL; whoever started us waits for it. */
  url = dnevnik_sandbox_server_get_url (server);
  printf ("%s\n", url);
  fflush (stdout);
  g_message ("Listening on %s (database %s, SMS outbox %s)", url, settings.db_path, settings.outbox_path);

  g_main_loop_run (loop);

  dnevnik_sandbox_server_shutdown (server);
  /* Closing the clients' connections finishes in idle callbacks: let them
   * run, so that nothing is left behind (build-aux/run-leak-check). */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  return 0;
}
