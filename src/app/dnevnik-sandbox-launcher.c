/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-app"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "dnevnik-sandbox-launcher.h"

/* Runs the bundled dnevnik-sandbox for training mode: a child process on an
 * ephemeral loopback port, with its database under the app's data
 * directory.  The child is tied to the app's life with PR_SET_PDEATHSIG, so
 * it never outlives the app, even when the app is killed; it is told its
 * port through the first line of its standard output.
 *
 * Nothing secret is passed: the command line holds only paths and options.
 *
 * The port of the last run is kept in the data directory and asked for
 * again (falling back to any free port), so that the server keeps its
 * address across restarts of the app and of the server itself: sessions
 * remembered in the keyring and the offline cache are both keyed by it.
 */

#define START_TIMEOUT_SECONDS 20

struct _DnevnikSandboxLauncher
{
  GObject      parent_instance;

  char        *binary;
  char        *data_dir;

  /* owned while running */
  GSubprocess *subprocess;
  char        *url;
  GPid         pid;
};

G_DEFINE_FINAL_TYPE (DnevnikSandboxLauncher, dnevnik_sandbox_launcher, G_TYPE_OBJECT)

enum {
  EXITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GSubprocess      *subprocess;
  GDataInputStream *stdout_stream;
  GSource          *timeout;
  guint             port;
  gboolean          reset;
} StartData;

static gboolean spawn_child (DnevnikSandboxLauncher *self,
                             GTask                  *task);

static void
stop_timeout (StartData *data)
{
  if (data->timeout != NULL)
    {
      g_source_destroy (data->timeout);
      g_clear_pointer (&data->timeout, g_source_unref);
    }
}

static void
start_data_free (StartData *data)
{
  stop_timeout (data);
  g_clear_object (&data->stdout_stream);
  g_clear_object (&data->subprocess);
  g_free (data);
}

static void
child_setup (gpointer user_data)
{
  /* Runs in the child between fork and exec: die with the app. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
on_wait_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DnevnikSandboxLauncher) self = user_data;
  GSubprocess *subprocess = G_SUBPROCESS (object);

  g_subprocess_wait_finish (subprocess, result, NULL);

  /* A child that was replaced or stopped on purpose is not news. */
  if (self->subprocess != subprocess)
    return;

  g_debug ("Training server exited (status %d)", g_subprocess_get_status (subprocess));
  g_clear_object (&self->subprocess);
  g_clear_pointer (&self->url, g_free);
  self->pid = 0;
  g_signal_emit (self, signals[EXITED], 0);
}

static gboolean
on_start_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  StartData *data = g_task_get_task_data (task);

  g_subprocess_force_exit (data->subprocess);
  g_clear_pointer (&data->timeout, g_source_unref);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           _("The training server did not start in time"));
  return G_SOURCE_REMOVE;
}

static char *
get_port_file (DnevnikSandboxLauncher *self)
{
  return g_build_filename (self->data_dir, "port", NULL);
}

static guint
load_port (DnevnikSandboxLauncher *self)
{
  g_autofree char *path = get_port_file (self);
  g_autofree char *contents = NULL;
  guint64 port = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL) ||
      !g_ascii_string_to_unsigned (g_strstrip (contents), 10, 1024, 65535, &port, NULL))
    return 0;

  return (guint) port;
}

static void
remember_port (DnevnikSandboxLauncher *self,
               const char             *url)
{
  g_autofree char *path = get_port_file (self);
  const char *port = strrchr (url, ':') + 1;
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents_full (path, port, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_debug ("Could not remember the training server's port: %s", error->message);
}

static void
on_read_line_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DnevnikSandboxLauncher *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);

  if (g_task_had_error (task))
    return;

  if (line == NULL || !g_str_has_prefix (line, "http://127.0.0.1:"))
    {
      g_debug ("Training server on port %u said “%s” (%s)",
               data->port, line ? line : "", error ? error->message : "EOF");
      g_subprocess_force_exit (data->subprocess);

      /* The port of the last run may be taken now: any port will do. */
      if (data->port != 0)
        {
          data->port = 0;
          if (spawn_child (self, task))
            g_data_input_stream_read_line_async (data->stdout_stream, G_PRIORITY_DEFAULT,
                                                 g_task_get_cancellable (task),
                                                 on_read_line_cb, g_object_ref (task));
          return;
        }

      stop_timeout (data);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The training server could not be started"));
      return;
    }

  /* Started: the start-up time limit must not fire later. */
  stop_timeout (data);
  g_clear_object (&self->subprocess);
  self->subprocess = g_object_ref (data->subprocess);
  self->pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (self->subprocess), NULL, 10);
  g_free (self->url);
  self->url = g_strdup (line);

  g_subprocess_wait_async (self->subprocess, NULL, on_wait_cb, g_object_ref (self));

  remember_port (self, line);

  g_task_return_pointer (task, g_strdup (line), g_free);
}

static void
dnevnik_sandbox_launcher_finalize (GObject *object)
{
  DnevnikSandboxLauncher *self = DNEVNIK_SANDBOX_LAUNCHER (object);

  dnevnik_sandbox_launcher_stop (self);
  g_clear_pointer (&self->binary, g_free);
  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (dnevnik_sandbox_launcher_parent_class)->finalize (object);
}

static void
dnevnik_sandbox_launcher_class_init (DnevnikSandboxLauncherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dnevnik_sandbox_launcher_finalize;

  /**
   * DnevnikSandboxLauncher::exited:
   *
   * The training server stopped without being asked to.
   */
  signals[EXITED] = g_signal_new ("exited",
                                  G_TYPE_FROM_CLASS (klass),
                                  G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);
}

static void
dnevnik_sandbox_launcher_init (DnevnikSandboxLauncher *self)
{
}

/**
 * dnevnik_sandbox_launcher_find_binary:
 *
 * Finds dnevnik-sandbox: `$DNEVNIK_SANDBOX` (the build tree, tests), then
 * the installed one in libexecdir.
 *
 * Returns: (transfer full) (nullable): its path, or %NULL when there is none
 */
char *
dnevnik_sandbox_launcher_find_binary (void)
{
  const char *env = g_getenv ("DNEVNIK_SANDBOX");
  g_autofree char *installed = g_build_filename (LIBEXECDIR, "dnevnik-sandbox", NULL);

  if (env != NULL && *env != '\0')
    return g_file_test (env, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (env) : NULL;

  if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&installed);

  if (DEVELOPMENT_BUILD && g_file_test (BUILD_SANDBOX_PATH, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (BUILD_SANDBOX_PATH);

  return NULL;
}

/**
 * dnevnik_sandbox_launcher_new:
 * @binary: the dnevnik-sandbox executable
 * @data_dir: where its database and SMS outbox live (created 0700)
 *
 * Returns: (transfer full): a launcher; nothing runs until start
 */
DnevnikSandboxLauncher *
dnevnik_sandbox_launcher_new (const char *binary,
                              const char *data_dir)
{
  DnevnikSandboxLauncher *self;

  g_return_val_if_fail (binary != NULL, NULL);
  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (DNEVNIK_TYPE_SANDBOX_LAUNCHER, NULL);
  self->binary = g_strdup (binary);
  self->data_dir = g_strdup (data_dir);

  return self;
}

/* Spawns the server on data->port (0: any free port) and starts reading
 * its first line.  Returns FALSE, with @task returned, if it cannot run. */
static gboolean
spawn_child (DnevnikSandboxLauncher *self,
             GTask                  *task)
{
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *outbox = dnevnik_sandbox_launcher_get_sms_outbox_path (self);

  g_clear_object (&data->stdout_stream);
  g_clear_object (&data->subprocess);

  g_ptr_array_add (argv, g_strdup (self->binary));
  g_ptr_array_add (argv, g_strdup_printf ("--port=%u", data->port));
  g_ptr_array_add (argv, g_strdup_printf ("--db=%s/sandbox.sqlite", self->data_dir));
  g_ptr_array_add (argv, g_strdup_printf ("--sms-outbox=%s", outbox));
  g_ptr_array_add (argv, g_strdup ("--exit-with-parent"));
  if (data->reset)
    g_ptr_array_add (argv, g_strdup ("--reset"));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);

  data->subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (data->subprocess == NULL)
    {
      g_debug ("Could not run %s: %s", self->binary, error->message);
      stop_timeout (data);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The training server could not be started"));
      return FALSE;
    }

  data->stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (data->subprocess));
  return TRUE;
}

/**
 * dnevnik_sandbox_launcher_start_async:
 * @reset: start from fresh demo data (teachers reset it between classes)
 *
 * Starts the training server, stopping a running one first.  Completes
 * once the server listens.
 */
void
dnevnik_sandbox_launcher_start_async (DnevnikSandboxLauncher *self,
                                      gboolean                reset,
                                      GCancellable           *cancellable,
                                      GAsyncReadyCallback     callback,
                                      gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  StartData *data;

  g_return_if_fail (DNEVNIK_IS_SANDBOX_LAUNCHER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_sandbox_launcher_start_async);

  dnevnik_sandbox_launcher_stop (self);

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not create the folder for training data: %s"),
                               g_strerror (saved_errno));
      return;
    }

  data = g_new0 (StartData, 1);
  data->port = load_port (self);
  data->reset = reset;
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);

  data->timeout = g_timeout_source_new_seconds (START_TIMEOUT_SECONDS);
  g_task_attach_source (task, data->timeout, on_start_timeout_cb);

  if (spawn_child (self, task))
    g_data_input_stream_read_line_async (data->stdout_stream, G_PRIORITY_DEFAULT,
                                         g_task_get_cancellable (task),
                                         on_read_line_cb, g_object_ref (task));
}

/**
 * dnevnik_sandbox_launcher_start_finish:
 *
 * Returns: (transfer full): the server's base URL, `http://127.0.0.1:PORT`
 */
char *
dnevnik_sandbox_launcher_start_finish (DnevnikSandboxLauncher  *self,
                                       GAsyncResult            *result,
                                       GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * dnevnik_sandbox_launcher_get_url:
 *
 * Returns: (nullable): the running server's base URL
 */
const char *
dnevnik_sandbox_launcher_get_url (DnevnikSandboxLauncher *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SANDBOX_LAUNCHER (self), NULL);

  return self->url;
}

/**
 * dnevnik_sandbox_launcher_get_pid:
 *
 * Returns: the running server's process id, or 0
 */
GPid
dnevnik_sandbox_launcher_get_pid (DnevnikSandboxLauncher *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SANDBOX_LAUNCHER (self), 0);

  return self->pid;
}

/**
 * dnevnik_sandbox_launcher_stop:
 *
 * Asks a running server to stop (SIGTERM: it closes its database cleanly).
 * Does not emit #DnevnikSandboxLauncher::exited.
 */
void
dnevnik_sandbox_launcher_stop (DnevnikSandboxLauncher *self)
{
  g_autoptr(GSubprocess) subprocess = NULL;

  g_return_if_fail (DNEVNIK_IS_SANDBOX_LAUNCHER (self));

  subprocess = g_steal_pointer (&self->subprocess);
  g_clear_pointer (&self->url, g_free);
  self->pid = 0;

  if (subprocess != NULL)
    g_subprocess_send_signal (subprocess, SIGTERM);
}

/**
 * dnevnik_sandbox_launcher_get_sms_outbox_path:
 *
 * The training server writes every "SMS" it sends to this JSON-lines file,
 * so that training mode can show the code to the student.
 *
 * Returns: (transfer full): the path of the SMS outbox
 */
char *
dnevnik_sandbox_launcher_get_sms_outbox_path (DnevnikSandboxLauncher *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SANDBOX_LAUNCHER (self), NULL);

  return g_build_filename (self->data_dir, "sms-outbox.jsonl", NULL);
}
