/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <signal.h>

#include "dnevnik-application.h"
#include "dnevnik-test-ui.h"
#include "dnevnik-window.h"

/* The training server dying under the app (the README's fault matrix): the
 * app notices, says so, starts a new one on the same address, and a
 * student can sign in to it; after a few deaths in a row it gives up and
 * says why.  Through DnevnikApplication in training mode, as a teacher
 * starts it, with the child killed by SIGKILL. */

#define DEMO_PASSWORD "dnevnik"

typedef enum
{
  STEP_WAIT_FIRST,
  STEP_WAIT_RESTART,
  STEP_SIGNING_IN,
  STEP_KILL_AGAIN,
  STEP_DONE,
} Step;

typedef struct
{
  DnevnikApplication *app;
  Step                step;
  GPid                first_pid;
  GPid                killed_pid;
  char               *first_url;
  char               *second_url;
  GPtrArray          *notices;
  gboolean            signed_in;
  GError             *sign_in_error;
  char               *backend_error;
  guint               kills;
} Run;

static void
on_notice_cb (DnevnikContext *context,
              const char     *message,
              gpointer        user_data)
{
  Run *run = user_data;

  g_ptr_array_add (run->notices, g_strdup (message));
}

/* The context exists from startup on: listen before anything can happen. */
static void
on_startup_cb (GApplication *app,
               gpointer      user_data)
{
  g_signal_connect (dnevnik_application_get_context (DNEVNIK_APPLICATION (app)), "notice",
                    G_CALLBACK (on_notice_cb), user_data);
}

static gboolean
process_gone (GPid pid)
{
  return kill (pid, 0) != 0 && errno == ESRCH;
}

static void
on_signed_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;

  run->signed_in = dnevnik_service_sign_in_finish (DNEVNIK_SERVICE (object), result, &run->sign_in_error);
  run->step = STEP_KILL_AGAIN;
}

static void
kill_child (Run *run)
{
  run->killed_pid = dnevnik_context_get_sandbox_pid (dnevnik_application_get_context (run->app));
  g_assert_cmpint (run->killed_pid, >, 0);
  g_assert_cmpint (kill (run->killed_pid, SIGKILL), ==, 0);
  run->kills++;
}

/* A new, running training server and a service for it. */
static gboolean
restarted (Run *run)
{
  GPid pid = dnevnik_context_get_sandbox_pid (dnevnik_application_get_context (run->app));

  return dnevnik_context_get_service (dnevnik_application_get_context (run->app)) != NULL && pid > 0 && pid != run->killed_pid &&
         !process_gone (pid);
}

static gboolean
step_cb (gpointer user_data)
{
  Run *run = user_data;
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (run->app));
  DnevnikService *service = dnevnik_context_get_service (dnevnik_application_get_context (run->app));

  switch (run->step)
    {
    case STEP_WAIT_FIRST:
      if (active == NULL || service == NULL ||
          g_strcmp0 (dnevnik_window_get_mode (DNEVNIK_WINDOW (active)), "sign-in") != 0)
        return G_SOURCE_CONTINUE;
      g_assert_true (dnevnik_context_get_training_mode (dnevnik_application_get_context (run->app)));
      run->first_pid = dnevnik_context_get_sandbox_pid (dnevnik_application_get_context (run->app));
      run->first_url = g_strdup (dnevnik_service_get_base_url (service));
      kill_child (run);
      run->step = STEP_WAIT_RESTART;
      return G_SOURCE_CONTINUE;

    case STEP_WAIT_RESTART:
      /* The new service first tries to restore a remembered session; sign
       * in only once that has settled, as a student at the sign-in page would. */
      if (!restarted (run) ||
          dnevnik_service_get_state (service) != DNEVNIK_SERVICE_STATE_SIGNED_OUT)
        return G_SOURCE_CONTINUE;
      run->second_url = g_strdup (dnevnik_service_get_base_url (service));
      run->step = STEP_SIGNING_IN;
      dnevnik_service_sign_in_async (service, "ivan", DEMO_PASSWORD, FALSE, NULL, on_signed_in_cb, run);
      return G_SOURCE_CONTINUE;

    case STEP_SIGNING_IN:
      return G_SOURCE_CONTINUE;

    case STEP_KILL_AGAIN:
      /* Kill each new server at once until the app gives up. */
      if (dnevnik_context_get_backend_error (dnevnik_application_get_context (run->app)) != NULL)
        {
          run->backend_error = g_strdup (dnevnik_context_get_backend_error (dnevnik_application_get_context (run->app)));
          run->step = STEP_DONE;
          return G_SOURCE_CONTINUE;
        }
      if (run->kills > 1 && !restarted (run))
        return G_SOURCE_CONTINUE;
      g_assert_cmpuint (run->kills, <, 10);
      kill_child (run);
      return G_SOURCE_CONTINUE;

    case STEP_DONE:
    default:
      g_application_quit (G_APPLICATION (run->app));
      return G_SOURCE_REMOVE;
    }
}

static void
test_child_killed (void)
{
  Run run = { 0 };
  char *app_argv[] = { (char *) "dnevnik", NULL };
  int status;

  run.notices = g_ptr_array_new_with_free_func (g_free);
  run.app = dnevnik_application_new_for_testing (NULL);
  g_signal_connect_after (run.app, "startup", G_CALLBACK (on_startup_cb), &run);
  g_timeout_add (50, step_cb, &run);
  status = g_application_run (G_APPLICATION (run.app), 1, app_argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (run.step, ==, STEP_DONE);

  /* Restarted on the same address; a student could sign in to it. */
  g_assert_cmpstr (run.second_url, ==, run.first_url);
  g_assert_no_error (run.sign_in_error);
  g_assert_true (run.signed_in);

  /* Each restart was told, in Russian. */
  g_assert_cmpuint (run.notices->len, >=, 1);
  g_assert_cmpstr (run.notices->pdata[0], ==,
                   "Учебный сервер неожиданно остановился и был перезапущен. Войдите снова.");

  /* After the last allowed restart it gives up, and says why. */
  g_test_message ("gave up after %u kills: %s", run.kills, run.backend_error);
  g_assert_nonnull (run.backend_error);
  g_assert_cmpuint (run.kills, ==, run.notices->len + 1);
  g_assert_cmpint (dnevnik_context_get_sandbox_pid (dnevnik_application_get_context (run.app)), ==, 0);
  g_assert_true (process_gone (run.killed_pid));
  g_assert_true (process_gone (run.first_pid));

  dnevnik_context_stop_backend (dnevnik_application_get_context (run.app));
  g_object_unref (run.app);
  g_ptr_array_unref (run.notices);
  g_free (run.first_url);
  g_free (run.second_url);
  g_free (run.backend_error);
}

int
main (int   argc,
      char *argv[])
{
  dnevnik_test_ui_init (&argc, &argv, "ru");

  g_test_add_func ("/reliability/training-server-killed", test_child_killed);

  return g_test_run ();
}
