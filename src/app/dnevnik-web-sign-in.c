/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-app"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "websignin/dnevnik-web-sign-in-protocol.h"
#include "dnevnik-web-sign-in.h"

/* A run of the sign-in window, from the app's side:
 *
 *   spawn → read its standard output (at most one line of
 *   DNEVNIK_WEB_SIGN_IN_MAX_LINE bytes) → the helper exits → finish
 *
 * The run finishes only once the helper has exited and been reaped, so a
 * caller that has the token knows the window is gone.  The helper is
 * killed when the caller cancels, when the time limit passes (a window
 * left open on a lab computer does not wait forever), when it writes more
 * than a line, and when it lingers after closing its output.  It is tied
 * to the app's life (PR_SET_PDEATHSIG), so it never outlives the app.
 *
 * Nothing secret is passed to it: its command line holds the page and the
 * cookie names only; the token comes back through the pipe. */

#define DEFAULT_TIME_LIMIT_SECONDS (15 * 60)
#define EXIT_GRACE_SECONDS         10
#define READ_CHUNK_SIZE            4096

struct _DnevnikWebSignIn
{
  GObject  parent_instance;

  char    *binary;
  guint    time_limit_seconds;
};

G_DEFINE_FINAL_TYPE (DnevnikWebSignIn, dnevnik_web_sign_in, G_TYPE_OBJECT)

/* Why the app stopped the helper itself, if it did. */
typedef enum
{
  STOP_NONE,
  STOP_CANCELLED,
  STOP_TIMED_OUT,
  STOP_TOO_LONG,
} StopReason;

typedef struct
{
  GSubprocess  *subprocess;
  GInputStream *output;
  GByteArray   *line;
  GSource      *time_limit;
  GSource      *cancelled;
  GSource      *exit_grace;
  StopReason    stop;
} RunData;

typedef struct
{
  char *token;
  char *refresh_token;
} Ticket;

static void
secret_free (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
ticket_free (Ticket *ticket)
{
  secret_free (ticket->token);
  secret_free (ticket->refresh_token);
  g_free (ticket);
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
run_data_free (RunData *data)
{
  clear_source (&data->time_limit);
  clear_source (&data->cancelled);
  clear_source (&data->exit_grace);
  if (data->line != NULL)
    {
      /* An empty GByteArray may have no data at all. */
      if (data->line->len > 0)
        memset (data->line->data, 0, data->line->len);
      g_byte_array_unref (data->line);
    }
  g_clear_object (&data->output);
  g_clear_object (&data->subprocess);
  g_free (data);
}

static void
child_setup (gpointer user_data)
{
  /* Runs in the child between fork and exec: die with the app. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
stop_helper (GTask      *task,
             StopReason  reason)
{
  RunData *data = g_task_get_task_data (task);

  if (data->stop == STOP_NONE)
    data->stop = reason;

  g_subprocess_force_exit (data->subprocess);
}

/* A token goes into an HTTP header later: visible ASCII only. */
static gboolean
token_is_valid (const char *token)
{
  if (token == NULL || *token == '\0')
    return FALSE;

  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isgraph (*p))
      return FALSE;

  return TRUE;
}

static Ticket *
parse_line (GByteArray *line)
{
  const char *text = (const char *) line->data;
  gsize length = line->len;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *token;
  const char *refresh_token;
  Ticket *ticket;

  /* Exactly one line, ended. */
  if (length == 0 || text[length - 1] != '\n' || memchr (text, '\n', length) != text + length - 1)
    return NULL;

  if (!json_parser_load_from_data (parser, text, length - 1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  object = json_node_get_object (json_parser_get_root (parser));
  token = json_object_get_string_member_with_default (object, DNEVNIK_WEB_SIGN_IN_MEMBER_TOKEN, NULL);
  refresh_token = json_object_get_string_member_with_default (object, DNEVNIK_WEB_SIGN_IN_MEMBER_REFRESH, NULL);

  if (!token_is_valid (token) || (refresh_token != NULL && !token_is_valid (refresh_token)))
    return NULL;

  ticket = g_new0 (Ticket, 1);
  ticket->token = g_strdup (token);
  ticket->refresh_token = g_strdup (refresh_token);
  return ticket;
}

static void
return_broken (GTask *task)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The sign-in window closed unexpectedly. Please try again."));
}

static void
finish_run (GTask *task)
{
  RunData *data = g_task_get_task_data (task);
  GSubprocess *subprocess = data->subprocess;
  Ticket *ticket;

  switch (data->stop)
    {
    case STOP_CANCELLED:
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The sign-in was cancelled");
      return;

    case STOP_TIMED_OUT:
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               _("Signing in took too long, so the sign-in window was closed. Please try again."));
      return;

    case STOP_TOO_LONG:
      g_debug ("The sign-in window wrote more than one line");
      return_broken (task);
      return;

    case STOP_NONE:
    default:
      break;
    }

  /* A line that came whole counts even if the helper then stumbled while
   * WebKit shut down: the student did sign in. */
  if (data->line->len > 0)
    {
      ticket = parse_line (data->line);
      if (ticket == NULL)
        {
          g_debug ("The sign-in window wrote something that is not a sign-in ticket");
          return_broken (task);
          return;
        }

      g_task_return_pointer (task, ticket, (GDestroyNotify) ticket_free);
      return;
    }

  if (g_subprocess_get_if_exited (subprocess) && g_subprocess_get_exit_status (subprocess) == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The sign-in window was closed");
      return;
    }

  if (g_subprocess_get_if_exited (subprocess) &&
      g_subprocess_get_exit_status (subprocess) == DNEVNIK_WEB_SIGN_IN_EXIT_REFUSED)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("This sign-in address is not allowed: only secure (https) addresses are"));
      return;
    }

  g_debug ("The sign-in window ended with status %d", g_subprocess_get_status (subprocess));
  return_broken (task);
}

static void
on_wait_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);

  clear_source (&data->time_limit);
  clear_source (&data->cancelled);
  clear_source (&data->exit_grace);

  finish_run (task);
}

static gboolean
on_exit_grace_cb (gpointer user_data)
{
  GTask *task = user_data;
  RunData *data = g_task_get_task_data (task);

  /* The output is closed and the line (if any) is read: what is left is
   * WebKit shutting down, which must not hold up the student. */
  g_debug ("The sign-in window did not exit after closing its output");
  g_subprocess_force_exit (data->subprocess);
  g_clear_pointer (&data->exit_grace, g_source_unref);

  return G_SOURCE_REMOVE;
}

static void
wait_for_exit (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  data->exit_grace = g_timeout_source_new_seconds (EXIT_GRACE_SECONDS);
  g_task_attach_source (task, data->exit_grace, on_exit_grace_cb);

  g_subprocess_wait_async (data->subprocess, NULL, on_wait_cb, g_object_ref (task));
}

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      if (error != NULL)
        g_debug ("Could not read from the sign-in window: %s", error->message);
      wait_for_exit (task);
      return;
    }

  g_byte_array_append (data->line, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (data->line->len > DNEVNIK_WEB_SIGN_IN_MAX_LINE)
    {
      stop_helper (task, STOP_TOO_LONG);
      wait_for_exit (task);
      return;
    }

  g_input_stream_read_bytes_async (data->output, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT, NULL,
                                   on_read_cb, g_object_ref (task));
}

/* @source, one that stops the helper, fired: it is forgotten (it is
 * removed as the callback returns) and the helper stopped for @reason. */
static gboolean
stop_on_source (GTask       *task,
                GSource    **source,
                StopReason   reason)
{
  g_clear_pointer (source, g_source_unref);
  stop_helper (task, reason);

  return G_SOURCE_REMOVE;
}

static gboolean
on_time_limit_cb (gpointer user_data)
{
  RunData *data = g_task_get_task_data (user_data);

  return stop_on_source (user_data, &data->time_limit, STOP_TIMED_OUT);
}

static gboolean
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  RunData *data = g_task_get_task_data (user_data);

  return stop_on_source (user_data, &data->cancelled, STOP_CANCELLED);
}

static void
dnevnik_web_sign_in_finalize (GObject *object)
{
  DnevnikWebSignIn *self = DNEVNIK_WEB_SIGN_IN (object);

  g_clear_pointer (&self->binary, g_free);

  G_OBJECT_CLASS (dnevnik_web_sign_in_parent_class)->finalize (object);
}

static void
dnevnik_web_sign_in_class_init (DnevnikWebSignInClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dnevnik_web_sign_in_finalize;
}

static void
dnevnik_web_sign_in_init (DnevnikWebSignIn *self)
{
  self->time_limit_seconds = DEFAULT_TIME_LIMIT_SECONDS;
}

/**
 * dnevnik_web_sign_in_find_binary:
 *
 * Finds dnevnik-web-sign-in: in development builds `$DNEVNIK_WEB_SIGN_IN`
 * first (the build tree: `build-aux/setup --run`, tests), then the
 * installed one in libexecdir.  A release build never runs a program
 * named by the environment.
 *
 * Returns: (transfer full) (nullable): its path, or %NULL when there is none
 */
char *
dnevnik_web_sign_in_find_binary (void)
{
  g_autofree char *installed = g_build_filename (LIBEXECDIR, "dnevnik-web-sign-in", NULL);

  if (DEVELOPMENT_BUILD)
    {
      const char *env = g_getenv ("DNEVNIK_WEB_SIGN_IN");

      if (env != NULL && *env != '\0')
        return g_file_test (env, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (env) : NULL;
    }

  if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&installed);

  return NULL;
}

/**
 * dnevnik_web_sign_in_new:
 * @binary: (nullable): the dnevnik-web-sign-in executable, or %NULL to
 *   find it (dnevnik_web_sign_in_find_binary())
 *
 * Returns: (transfer full): an object that runs sign-ins; nothing runs yet
 */
DnevnikWebSignIn *
dnevnik_web_sign_in_new (const char *binary)
{
  DnevnikWebSignIn *self = g_object_new (DNEVNIK_TYPE_WEB_SIGN_IN, NULL);

  self->binary = binary != NULL ? g_strdup (binary) : dnevnik_web_sign_in_find_binary ();

  return self;
}

/**
 * dnevnik_web_sign_in_set_time_limit:
 * @seconds: how long a sign-in window may stay open (more than 0)
 *
 * Applies to the runs started afterwards.  The default is 15 minutes.
 */
void
dnevnik_web_sign_in_set_time_limit (DnevnikWebSignIn *self,
                                    guint             seconds)
{
  g_return_if_fail (DNEVNIK_IS_WEB_SIGN_IN (self));
  g_return_if_fail (seconds > 0);

  self->time_limit_seconds = seconds;
}

/**
 * dnevnik_web_sign_in_run_async:
 * @start_url: the diary's sign-in page (`https://`; plain `http://` to
 *   this computer only in development builds)
 * @cookie_domain: the host that receives the token cookie
 * @token_cookie: the token cookie's name, e.g. `aupd_token`
 * @refresh_cookie: (nullable): the refresh cookie's name, if the diary
 *   sets one
 * @cancellable: (nullable): cancelling it closes the window
 *
 * Opens the sign-in window and waits until the student has signed in or
 * closed it.  Never blocks the main loop.
 */
void
dnevnik_web_sign_in_run_async (DnevnikWebSignIn    *self,
                               const char          *start_url,
                               const char          *cookie_domain,
                               const char          *token_cookie,
                               const char          *refresh_cookie,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  RunData *data;

  g_return_if_fail (DNEVNIK_IS_WEB_SIGN_IN (self));
  g_return_if_fail (start_url != NULL);
  g_return_if_fail (cookie_domain != NULL);
  g_return_if_fail (token_cookie != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_web_sign_in_run_async);

  if (self->binary == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The sign-in window is not installed with this copy of Dnevnik"));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_ptr_array_add (argv, g_strdup (self->binary));
  g_ptr_array_add (argv, g_strdup_printf ("--start-url=%s", start_url));
  g_ptr_array_add (argv, g_strdup_printf ("--cookie-domain=%s", cookie_domain));
  g_ptr_array_add (argv, g_strdup_printf ("--token-cookie=%s", token_cookie));
  if (refresh_cookie != NULL)
    g_ptr_array_add (argv, g_strdup_printf ("--refresh-cookie=%s", refresh_cookie));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);

  data = g_new0 (RunData, 1);
  data->line = g_byte_array_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  data->subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (data->subprocess == NULL)
    {
      g_debug ("Could not run %s: %s", self->binary, error->message);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The sign-in window could not be opened"));
      return;
    }
  data->output = g_object_ref (g_subprocess_get_stdout_pipe (data->subprocess));

  data->time_limit = g_timeout_source_new_seconds (self->time_limit_seconds);
  g_task_attach_source (task, data->time_limit, on_time_limit_cb);

  if (cancellable != NULL)
    {
      data->cancelled = g_cancellable_source_new (cancellable);
      g_task_attach_source (task, data->cancelled, (GSourceFunc) on_cancelled_cb);
    }

  g_input_stream_read_bytes_async (data->output, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT, NULL,
                                   on_read_cb, g_object_ref (task));
}

/**
 * dnevnik_web_sign_in_run_finish:
 * @out_token: (out) (transfer full): the token
 * @out_refresh_token: (out) (optional) (transfer full) (nullable): the
 *   refresh token, %NULL when the diary set none
 *
 * When this returns, the sign-in window is gone.
 *
 * Returns: %TRUE when the student signed in; %FALSE with
 *   %G_IO_ERROR_CANCELLED when the window was closed or the call
 *   cancelled, %G_IO_ERROR_INVALID_ARGUMENT when the start address was
 *   refused, another error (with a message for the student) otherwise
 */
gboolean
dnevnik_web_sign_in_run_finish (DnevnikWebSignIn  *self,
                                GAsyncResult      *result,
                                char             **out_token,
                                char             **out_refresh_token,
                                GError           **error)
{
  Ticket *ticket;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (out_token != NULL, FALSE);

  ticket = g_task_propagate_pointer (G_TASK (result), error);
  if (ticket == NULL)
    return FALSE;

  *out_token = g_steal_pointer (&ticket->token);
  if (out_refresh_token != NULL)
    *out_refresh_token = g_steal_pointer (&ticket->refresh_token);
  ticket_free (ticket);

  return TRUE;
}
