/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "dnevnik-test-service.h"

/* Linking to Сферум in MAX against a real sandbox: every call's success,
 * its errors, and that the one shared link status follows. */

#define IVAN_PHONE  "+79161234567"
#define MARIA_PHONE "+79169876543"
#define NEW_PHONE   "+79031112233"

/* A code that is not the one sent. */
static char *
wrong_code (const char *code)
{
  char *wrong = g_strdup (code);

  wrong[0] = wrong[0] == '0' ? '1' : '0';
  return wrong;
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  g_ptr_array_add (user_data, (gpointer) g_param_spec_get_name (pspec));
}

static gboolean
names_contain (GPtrArray  *names,
               const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return TRUE;
  return FALSE;
}

static void
test_status (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikService) maria = dnevnik_test_service_new_signed_in (sandbox, NULL, "maria", FALSE);
  g_autoptr(DnevnikService) ivan = dnevnik_test_service_new_signed_in (sandbox, NULL, "ivan", FALSE);
  g_autoptr(GPtrArray) notified = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  DnevnikLinkStatus *status = dnevnik_service_get_link_status (maria);

  g_signal_connect (status, "notify", G_CALLBACK (on_notify_cb), notified);

  g_assert_true (dnevnik_test_service_refresh_link_status (maria, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_link_status_get_linked (status));
  g_assert_cmpstr (dnevnik_link_status_get_account_id (status), ==, "7003921845");
  g_assert_true (g_str_has_prefix (dnevnik_link_status_get_profile_url (status), dnevnik_test_sandbox_get_url (sandbox)));
  g_assert_true (g_str_has_suffix (dnevnik_link_status_get_profile_url (status), "/sferum/profile?account=7003921845"));
  g_assert_nonnull (dnevnik_link_status_get_linked_at (status));
  g_assert_true (names_contain (notified, "linked"));
  g_assert_true (names_contain (notified, "account-id"));

  /* Nothing changed: nothing notified. */
  g_ptr_array_set_size (notified, 0);
  g_assert_true (dnevnik_test_service_refresh_link_status (maria, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified->len, ==, 0);
  g_assert_true (dnevnik_service_get_link_status (maria) == status);

  g_assert_true (dnevnik_test_service_refresh_link_status (ivan, &error));
  g_assert_no_error (error);
  g_assert_false (dnevnik_link_status_get_linked (dnevnik_service_get_link_status (ivan)));
}

static void
test_link_and_unlink (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, NULL, "ivan", FALSE);
  g_autoptr(DnevnikLinkRequest) request = NULL;
  g_autoptr(GListModel) history = NULL;
  g_autoptr(DnevnikLinkEvent) event = NULL;
  g_autoptr(GPtrArray) notified = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;
  DnevnikLinkStatus *status = dnevnik_service_get_link_status (service);

  g_signal_connect (status, "notify", G_CALLBACK (on_notify_cb), notified);

  /* Typed the way people type it. */
  request = dnevnik_test_service_link_start (service, "8 (916) 123-45-67", &error);
  g_assert_no_error (error);
  g_assert_nonnull (request);
  g_assert_nonnull (dnevnik_link_request_get_request_id (request));
  g_assert_cmpint (dnevnik_link_request_get_code_length (request), >, 0);
  g_assert_cmpint (dnevnik_link_request_get_expires_in (request), >, 0);
  g_assert_true (dnevnik_link_request_get_max_registered (request));
  g_assert_cmpstr (dnevnik_link_request_get_phone_masked (request), ==, "+7 916 ***-**-67");

  code = dnevnik_test_sandbox_get_last_code (sandbox, IVAN_PHONE);
  g_assert_cmpint (strlen (code), ==, dnevnik_link_request_get_code_length (request));

  /* A wrong code: the number of tries left reaches the caller. */
  wrong = wrong_code (code);
  g_assert_false (dnevnik_test_service_link_confirm (service, request, wrong, &error));
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_INVALID_CODE);
  g_assert_cmpstr (dnevnik_service_error_get_server_code (error), ==, "invalid_code");
  g_assert_cmpint (dnevnik_service_error_get_attempts_left (error), >=, 1);
  g_clear_error (&error);
  g_assert_false (dnevnik_link_status_get_linked (status));

  /* A malformed code costs no attempt and no request. */
  dnevnik_test_sandbox_reset_counters (sandbox);
  g_assert_false (dnevnik_test_service_link_confirm (service, request, "12ab", &error));
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_INVALID_CODE);
  g_assert_cmpint (dnevnik_service_error_get_attempts_left (error), ==, -1);
  g_clear_error (&error);
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "POST", "/api/v1/sferum/link/confirm"), ==, 0);
  g_assert_cmpuint (notified->len, ==, 0);

  g_assert_true (dnevnik_test_service_link_confirm (service, request, code, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_link_status_get_linked (status));
  g_assert_nonnull (dnevnik_link_status_get_account_id (status));
  g_assert_true (g_str_has_prefix (dnevnik_link_status_get_profile_url (status), dnevnik_test_sandbox_get_url (sandbox)));
  g_assert_true (names_contain (notified, "linked"));

  /* Once linked, a new start is refused. */
  {
    g_autoptr(DnevnikLinkRequest) again = dnevnik_test_service_link_start (service, NEW_PHONE, &error);

    g_assert_null (again);
    g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_ALREADY_LINKED);
    g_clear_error (&error);
  }

  g_assert_true (dnevnik_test_service_unlink (service, &error));
  g_assert_no_error (error);
  g_assert_false (dnevnik_link_status_get_linked (status));
  g_assert_null (dnevnik_link_status_get_account_id (status));
  g_assert_null (dnevnik_link_status_get_profile_url (status));

  g_assert_false (dnevnik_test_service_unlink (service, &error));
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NOT_LINKED);
  g_clear_error (&error);

  history = dnevnik_test_service_fetch_link_history (service, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 2);
  event = g_list_model_get_item (history, 0);
  g_assert_cmpint (dnevnik_link_event_get_kind (event), ==, DNEVNIK_LINK_EVENT_UNLINKED);
  g_assert_nonnull (dnevnik_link_event_get_at (event));
  g_clear_object (&event);
  event = g_list_model_get_item (history, 1);
  g_assert_cmpint (dnevnik_link_event_get_kind (event), ==, DNEVNIK_LINK_EVENT_LINKED);
}

static void
test_start_errors (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikService) ivan = dnevnik_test_service_new_signed_in (sandbox, NULL, "ivan", FALSE);
  g_autoptr(DnevnikService) maria = dnevnik_test_service_new_signed_in (sandbox, NULL, "maria", FALSE);
  g_autoptr(GError) error = NULL;
  gboolean limited = FALSE;
  static const char * const bad_phones[] = { "", "12345", "+7 495 123-45-67", "+1 916 123 45 67", "8916abc4567" };

  /* Refused before any request. */
  dnevnik_test_sandbox_reset_counters (sandbox);
  for (guint i = 0; i < G_N_ELEMENTS (bad_phones); i++)
    {
      g_autoptr(DnevnikLinkRequest) request = dnevnik_test_service_link_start (ivan, bad_phones[i], &error);

      g_assert_null (request);
      g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_INVALID_PHONE);
      g_clear_error (&error);
    }
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "POST", "/api/v1/sferum/link/start"), ==, 0);

  {
    g_autoptr(DnevnikLinkRequest) request = dnevnik_test_service_link_start (maria, IVAN_PHONE, &error);

    g_assert_null (request);
    g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_ALREADY_LINKED);
    g_clear_error (&error);
  }

  {
    g_autoptr(DnevnikLinkRequest) request = dnevnik_test_service_link_start (ivan, MARIA_PHONE, &error);

    g_assert_null (request);
    g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_MAX_ACCOUNT_TAKEN);
    g_assert_cmpstr (dnevnik_service_error_get_server_code (error), ==, "max_account_taken");
    g_clear_error (&error);
  }

  /* Too many starts: wait. */
  for (guint i = 0; i < 10 && !limited; i++)
    {
      g_autoptr(DnevnikLinkRequest) request = dnevnik_test_service_link_start (ivan, NEW_PHONE, &error);

      if (request == NULL)
        {
          g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_RATE_LIMITED);
          g_assert_cmpint (dnevnik_service_error_get_retry_after (error), >, 0);
          limited = TRUE;
          g_clear_error (&error);
        }
      else
        {
          /* A number not in MAX gets a code all the same. */
          g_assert_false (dnevnik_link_request_get_max_registered (request));
        }
    }
  g_assert_true (limited);
}

static void
test_resend (void)
{
  g_autoptr(GError) error = NULL;

  /* Too early. */
  {
    g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
    g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, NULL, "ivan", FALSE);
    g_autoptr(DnevnikLinkRequest) request = dnevnik_test_service_link_start (service, IVAN_PHONE, &error);
    g_autoptr(DnevnikLinkRequest) resent = NULL;

    g_assert_no_error (error);
    resent = dnevnik_test_service_link_resend (service, request, &error);
    g_assert_null (resent);
    g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_RATE_LIMITED);
    g_assert_cmpstr (dnevnik_service_error_get_server_code (error), ==, "resend_too_early");
    g_assert_cmpint (dnevnik_service_error_get_retry_after (error), >, 0);
    g_assert_cmpint (dnevnik_service_error_get_retry_after (error), <=, dnevnik_link_request_get_resend_in (request));
    g_clear_error (&error);
  }

  /* Allowed: a new code replaces the old one. */
  {
    g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new ("--resend-cooldown=0", NULL);
    g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, NULL, "ivan", FALSE);
    g_autoptr(DnevnikLinkRequest) request = dnevnik_test_service_link_start (service, IVAN_PHONE, &error);
    g_autoptr(DnevnikLinkRequest) resent = NULL;
    g_autoptr(DnevnikLinkRequest) unknown = NULL;
    g_autofree char *first_code = NULL;
    g_autofree char *second_code = NULL;

    g_assert_no_error (error);
    first_code = dnevnik_test_sandbox_get_last_code (sandbox, IVAN_PHONE);

    resent = dnevnik_test_service_link_resend (service, request, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (dnevnik_link_request_get_request_id (resent), ==, dnevnik_link_request_get_request_id (request));
    g_assert_cmpint (dnevnik_link_request_get_expires_in (resent), >, 0);
    second_code = dnevnik_test_sandbox_get_last_code (sandbox, IVAN_PHONE);

    if (g_strcmp0 (first_code, second_code) != 0)
      {
        g_assert_false (dnevnik_test_service_link_confirm (service, resent, first_code, &error));
        g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_INVALID_CODE);
        g_clear_error (&error);
      }
    g_assert_true (dnevnik_test_service_link_confirm (service, resent, second_code, &error));
    g_assert_no_error (error);

    /* The finished request is unknown now. */
    unknown = dnevnik_test_service_link_resend (service, request, &error);
    g_assert_null (unknown);
    g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNKNOWN_REQUEST);
  }
}

static void
test_confirm_errors (void)
{
  g_autoptr(GError) error = NULL;

  /* Out of attempts. */
  {
    g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new ("--max-attempts=3", NULL);
    g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, NULL, "ivan", FALSE);
    g_autoptr(DnevnikLinkRequest) request = dnevnik_test_service_link_start (service, IVAN_PHONE, &error);
    g_autofree char *code = dnevnik_test_sandbox_get_last_code (sandbox, IVAN_PHONE);
    g_autofree char *wrong = wrong_code (code);
    int last_left = G_MAXINT;
    gboolean exhausted = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < 5 && !exhausted; i++)
      {
        g_assert_false (dnevnik_test_service_link_confirm (service, request, wrong, &error));
        if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_NO_ATTEMPTS_LEFT))
          {
            exhausted = TRUE;
          }
        else
          {
            g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_INVALID_CODE);
            g_assert_cmpint (dnevnik_service_error_get_attempts_left (error), <, last_left);
            last_left = dnevnik_service_error_get_attempts_left (error);
          }
        g_clear_error (&error);
      }
    g_assert_true (exhausted);

    /* The request is dead, even with the right code. */
    g_assert_false (dnevnik_test_service_link_confirm (service, request, code, &error));
    g_assert_nonnull (error);
    g_assert_false (dnevnik_link_status_get_linked (dnevnik_service_get_link_status (service)));
    g_clear_error (&error);
  }

  /* Expired. */
  {
    g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new ("--code-ttl=1", NULL);
    g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, NULL, "ivan", FALSE);
    g_autoptr(DnevnikLinkRequest) request = dnevnik_test_service_link_start (service, IVAN_PHONE, &error);
    g_autofree char *code = dnevnik_test_sandbox_get_last_code (sandbox, IVAN_PHONE);

    g_assert_no_error (error);
    dnevnik_test_loop_spin (2100);
    g_assert_false (dnevnik_test_service_link_confirm (service, request, code, &error));
    g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_CODE_EXPIRED);
    g_clear_error (&error);
  }

  /* A request the server never made. */
  {
    g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
    g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, NULL, "ivan", FALSE);
    g_autoptr(DnevnikLinkRequest) bogus = g_object_new (DNEVNIK_TYPE_LINK_REQUEST,
                                                        "request-id", "no-such-request",
                                                        "code-length", 6,
                                                        NULL);

    g_assert_false (dnevnik_test_service_link_confirm (service, bogus, "123456", &error));
    g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_UNKNOWN_REQUEST);
    g_clear_error (&error);
  }
}

static void
test_faults (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, NULL, "maria", FALSE);
  g_autoptr(GError) error = NULL;
  guint n_faults;
  const DnevnikTestFault *faults = dnevnik_test_service_get_faults (&n_faults);

  g_assert_true (dnevnik_test_service_refresh_link_status (service, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < n_faults; i++)
    {
      DnevnikLinkStatus *status = dnevnik_service_get_link_status (service);

      g_test_message ("%s", faults[i].kind);
      dnevnik_test_sandbox_add_fault (sandbox, "GET", "/api/v1/sferum/link", faults[i].kind, faults[i].count, 0);
      g_assert_false (dnevnik_test_service_refresh_link_status (service, &error));
      g_assert_error (error, DNEVNIK_SERVICE_ERROR, faults[i].code);
      g_clear_error (&error);
      /* A failed refresh keeps what was known. */
      g_assert_true (dnevnik_link_status_get_linked (status));
      dnevnik_test_sandbox_clear_faults (sandbox);

      dnevnik_test_sandbox_add_fault (sandbox, "DELETE", "/api/v1/sferum/link", faults[i].kind, faults[i].count, 0);
      g_assert_false (dnevnik_test_service_unlink (service, &error));
      g_assert_error (error, DNEVNIK_SERVICE_ERROR, faults[i].code);
      g_clear_error (&error);
      g_assert_true (dnevnik_link_status_get_linked (status));
      dnevnik_test_sandbox_clear_faults (sandbox);

      dnevnik_test_sandbox_add_fault (sandbox, "GET", "/api/v1/sferum/link/history", faults[i].kind, faults[i].count, 0);
      {
        g_autoptr(GListModel) history = dnevnik_test_service_fetch_link_history (service, &error);

        g_assert_null (history);
        g_assert_error (error, DNEVNIK_SERVICE_ERROR, faults[i].code);
        g_clear_error (&error);
      }
      dnevnik_test_sandbox_clear_faults (sandbox);

      dnevnik_test_sandbox_add_fault (sandbox, "POST", "/api/v1/sferum/link/start", faults[i].kind, faults[i].count, 0);
      {
        g_autoptr(DnevnikLinkRequest) request = dnevnik_test_service_link_start (service, IVAN_PHONE, &error);

        g_assert_null (request);
        g_assert_error (error, DNEVNIK_SERVICE_ERROR, faults[i].code);
        g_clear_error (&error);
      }
      dnevnik_test_sandbox_clear_faults (sandbox);
    }

  /* Too slow. */
  dnevnik_service_set_timeout (service, 1);
  dnevnik_test_sandbox_add_fault (sandbox, "GET", "/api/v1/sferum/link", "delay", 1, 4000);
  g_assert_false (dnevnik_test_service_refresh_link_status (service, &error));
  g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_TIMEOUT);
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_OFFLINE);
}

static void
test_cancel (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, NULL, "ivan", FALSE);
  g_autoptr(DnevnikLinkRequest) request = NULL;
  g_autoptr(GPtrArray) notified = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  DnevnikLinkStatus *status = dnevnik_service_get_link_status (service);

  request = dnevnik_test_service_link_start (service, IVAN_PHONE, &error);
  g_assert_no_error (error);
  code = dnevnik_test_sandbox_get_last_code (sandbox, IVAN_PHONE);

  g_signal_connect (status, "notify", G_CALLBACK (on_notify_cb), notified);

  /* Cancelled while the server holds the confirmation. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;

    dnevnik_test_sandbox_reset_counters (sandbox);
    dnevnik_test_sandbox_add_fault (sandbox, "POST", "/api/v1/sferum/link/confirm", "delay", 1, 3000);
    dnevnik_service_link_confirm_async (service, request, code, cancellable,
                                        dnevnik_test_loop_result_cb, &result);
    dnevnik_test_service_await_counter (sandbox, "POST", "/api/v1/sferum/link/confirm", 1);
    g_cancellable_cancel (cancellable);

    g_assert_false (dnevnik_service_link_confirm_finish (service, dnevnik_test_loop_await (&result), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_false (dnevnik_link_status_get_linked (status));
    g_assert_cmpuint (notified->len, ==, 0);
  }

  /* Cancelled before it went out. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;

    g_cancellable_cancel (cancellable);
    dnevnik_service_link_confirm_async (service, request, code, cancellable,
                                        dnevnik_test_loop_result_cb, &result);
    g_assert_false (dnevnik_service_link_confirm_finish (service, dnevnik_test_loop_await (&result), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_cmpuint (notified->len, ==, 0);
  }

  /* The same request still works afterwards. */
  g_assert_true (dnevnik_test_service_link_confirm (service, request, code, &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_link_status_get_linked (status));

  /* A cancelled unlink leaves the status linked. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;

    dnevnik_test_sandbox_reset_counters (sandbox);
    dnevnik_test_sandbox_add_fault (sandbox, "DELETE", "/api/v1/sferum/link", "delay", 1, 3000);
    dnevnik_service_unlink_async (service, cancellable, dnevnik_test_loop_result_cb, &result);
    dnevnik_test_service_await_counter (sandbox, "DELETE", "/api/v1/sferum/link", 1);
    g_cancellable_cancel (cancellable);

    g_assert_false (dnevnik_service_unlink_finish (service, dnevnik_test_loop_await (&result), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_true (dnevnik_link_status_get_linked (status));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service/link/status", test_status);
  g_test_add_func ("/service/link/link-and-unlink", test_link_and_unlink);
  g_test_add_func ("/service/link/start-errors", test_start_errors);
  g_test_add_func ("/service/link/resend", test_resend);
  g_test_add_func ("/service/link/confirm-errors", test_confirm_errors);
  g_test_add_func ("/service/link/faults", test_faults);
  g_test_add_func ("/service/link/cancel", test_cancel);

  return g_test_run ();
}
