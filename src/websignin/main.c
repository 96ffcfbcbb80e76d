/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <webkit/webkit.h>

#include "websignin/dnevnik-web-sign-in-protocol.h"
#include "dnevnik-web-sign-in-policy.h"
#include "dnevnik-web-sign-in-window.h"

/* dnevnik-web-sign-in: the diary's own sign-in page for the app, in a
 * program of its own so that WebKit never loads into the app (its start-up
 * stays as fast and small as it is, and the web session's memory goes
 * with this process).  The protocol with the app is described in
 * dnevnik-web-sign-in-protocol.h. */

typedef struct
{
  char                 *start_url;
  char                 *cookie_domain;
  char                 *token_cookie;
  char                 *refresh_cookie;

  /* the real standard output: only the one line goes there */
  int                   out_fd;
  int                   status;

  WebKitNetworkSession *network_session;
} Options;

/* Warning levels that were fatal (G_DEBUG=fatal-warnings in the tests),
 * now only for this program's own messages. */
static GLogLevelFlags own_fatal_levels;

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0 &&
        fields[i].length < 0 && g_str_has_prefix (fields[i].value, "dnevnik") &&
        (log_level & own_fatal_levels) != 0)
      log_level |= G_LOG_FLAG_FATAL;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* WebKit and the GTK it drives warn about things of their own (missing
 * sandboxing features, GPU, fonts); those must not end a student's
 * sign-in, nor a test that checks this program's own warnings. */
static void
narrow_fatal_warnings (void)
{
  GLogLevelFlags old = g_log_set_always_fatal (G_LOG_FATAL_MASK);

  own_fatal_levels = old & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
  g_log_set_writer_func (log_writer, NULL, NULL);

  /* WebKit's web and network processes inherit the environment: none of
   * their messages are this program's.  No thread runs yet. */
  g_unsetenv ("G_DEBUG");
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       length)
{
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return FALSE;

      data += written;
      length -= written;
    }

  return TRUE;
}

static gboolean
write_ticket (int         fd,
              const char *token,
              const char *refresh_token)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;
  gboolean ok;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, DNEVNIK_WEB_SIGN_IN_MEMBER_TOKEN);
  json_builder_add_string_value (builder, token);
  if (refresh_token != NULL)
    {
      json_builder_set_member_name (builder, DNEVNIK_WEB_SIGN_IN_MEMBER_REFRESH);
      json_builder_add_string_value (builder, refresh_token);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);

  ok = write_all (fd, line, strlen (line)) && write_all (fd, "\n", 1);
  memset (line, 0, strlen (line));

  return ok;
}

static gboolean
destroy_window_cb (gpointer user_data)
{
  gtk_window_destroy (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
on_signed_in_cb (GtkWindow  *window,
                 const char *token,
                 const char *refresh_token,
                 Options    *options)
{
  if (options->out_fd < 0)
    return;

  if (!write_ticket (options->out_fd, token, refresh_token))
    {
      g_debug ("Could not hand the sign-in ticket to the app: %s", g_strerror (errno));
      options->status = EXIT_FAILURE;
    }

  /* Closed at once: the app sees the end of the line without waiting
   * for WebKit to shut down. */
  close (options->out_fd);
  options->out_fd = -1;

  /* Not from inside WebKit's cookie callback that brought the token:
   * WebKit still uses the view and its session while that returns. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, destroy_window_cb, g_object_ref (window), g_object_unref);
}

static void
on_activate_cb (GtkApplication *application,
                Options        *options)
{
  g_autofree char *cookie_uri = dnevnik_web_sign_in_policy_cookie_uri (options->cookie_domain);
  GtkWidget *window;

  window = dnevnik_web_sign_in_window_new (application, options->network_session,
                                           options->start_url, cookie_uri,
                                           options->token_cookie, options->refresh_cookie);
  g_signal_connect (window, "signed-in", G_CALLBACK (on_signed_in_cb), options);
  gtk_window_present (GTK_WINDOW (window));
}

static gboolean
check_options (Options *options)
{
  if (options->start_url == NULL || options->cookie_domain == NULL || options->token_cookie == NULL)
    {
      g_printerr ("%s\n", _("The sign-in page, the cookie host and the token cookie must be given"));
      return FALSE;
    }

  if (!dnevnik_web_sign_in_policy_allows_url (options->start_url) ||
      !dnevnik_web_sign_in_policy_allows_cookie_host (options->cookie_domain) ||
      !dnevnik_web_sign_in_policy_allows_cookie_name (options->token_cookie) ||
      (options->refresh_cookie != NULL &&
       !dnevnik_web_sign_in_policy_allows_cookie_name (options->refresh_cookie)))
    {
      g_printerr ("%s\n", _("This sign-in address is not allowed: only secure (https) addresses are"));
      return FALSE;
    }

  return TRUE;
}

static void
options_clear (Options *options)
{
  g_clear_pointer (&options->start_url, g_free);
  g_clear_pointer (&options->cookie_domain, g_free);
  g_clear_pointer (&options->token_cookie, g_free);
  g_clear_pointer (&options->refresh_cookie, g_free);
  g_clear_object (&options->network_session);
  if (options->out_fd >= 0)
    close (options->out_fd);
}

int
main (int   argc,
      char *argv[])
{
  Options options = { .out_fd = -1, .status = EXIT_SUCCESS };
  const GOptionEntry entries[] = {
    { "start-url", 0, 0, G_OPTION_ARG_STRING, &options.start_url,
      "The diary's sign-in page", "URL" },
    { "cookie-domain", 0, 0, G_OPTION_ARG_STRING, &options.cookie_domain,
      "The host that receives the token cookie", "HOST" },
    { "token-cookie", 0, 0, G_OPTION_ARG_STRING, &options.token_cookie,
      "The token cookie's name", "NAME" },
    { "refresh-cookie", 0, 0, G_OPTION_ARG_STRING, &options.refresh_cookie,
      "The refresh cookie's name", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(AdwApplication) application = NULL;
  g_autoptr(GError) error = NULL;
  const char *localedir;
  char *run_argv[] = { argv[0], NULL };

  setlocale (LC_ALL, "");
  localedir = g_getenv ("DNEVNIK_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  narrow_fatal_warnings ();

  /* The line goes to a private copy of standard output; whatever a
   * library prints there goes to standard error instead.  The copy is not
   * inherited by WebKit's own processes, so the app sees the end of it
   * when this process ends. */
  options.out_fd = fcntl (STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (options.out_fd < 0 || dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
    {
      g_printerr ("dnevnik-web-sign-in: %s\n", g_strerror (errno));
      options_clear (&options);
      return EXIT_FAILURE;
    }

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "Opens a diary's sign-in page for Dnevnik.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("dnevnik-web-sign-in: %s\n", error->message);
      options_clear (&options);
      return DNEVNIK_WEB_SIGN_IN_EXIT_REFUSED;
    }

  if (!check_options (&options))
    {
      options_clear (&options);
      return DNEVNIK_WEB_SIGN_IN_EXIT_REFUSED;
    }

  /* Nothing of it is kept on disk, and it ends with this process.  It
   * lives as long as the main loop runs: WebKit's cookie manager belongs
   * to it, and a cookie query still in flight when the window goes holds
   * the manager, which must not outlive its session. */
  options.network_session = webkit_network_session_new_ephemeral ();

  /* Not unique: each run is one sign-in, never forwarded to another. */
  application = adw_application_new (APP_ID ".WebSignIn", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (application, "activate", G_CALLBACK (on_activate_cb), &options);
  g_application_run (G_APPLICATION (application), 1, run_argv);

  options_clear (&options);
  return options.status;
}
