/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "dnevnik-test-service.h"

/* The diary, the library, the portfolio and the profile against a real
 * sandbox whose "today" is fixed. */

static void
test_diary (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new ("--today=2026-11-25", NULL);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, NULL, "ivan", FALSE);
  g_autoptr(GListModel) days = NULL;
  g_autoptr(GError) error = NULL;
  GDate monday = dnevnik_test_date (2026, 11, 23);
  GDate sunday = dnevnik_test_date (2026, 11, 29);
  GDate first_day;
  GDate last_day;
  guint lessons_in_week = 0;

  days = dnevnik_test_service_fetch_diary (service, &monday, &sunday, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (days), ==, 7);

  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(DnevnikDiaryDay) day = g_list_model_get_item (days, i);
      GDate expected = monday;
      GListModel *lessons = dnevnik_diary_day_get_lessons (day);

      g_date_add_days (&expected, i);
      g_assert_cmpint (g_date_compare (dnevnik_diary_day_get_date (day), &expected), ==, 0);
      lessons_in_week += g_list_model_get_n_items (lessons);

      for (guint j = 0; j < g_list_model_get_n_items (lessons); j++)
        {
          g_autoptr(DnevnikLesson) lesson = g_list_model_get_item (lessons, j);

          g_assert_nonnull (dnevnik_lesson_get_subject (lesson));
          g_assert_cmpstr (dnevnik_lesson_get_start_time (lesson), <, dnevnik_lesson_get_end_time (lesson));
          g_assert_nonnull (dnevnik_lesson_get_homework (lesson));
          g_assert_nonnull (dnevnik_lesson_get_marks (lesson));
        }

      /* Sunday: no lessons. */
      if (i == 6)
        g_assert_cmpuint (g_list_model_get_n_items (lessons), ==, 0);
    }
  g_assert_cmpuint (lessons_in_week, >, 0);

  /* One day, and the longest range allowed. */
  g_clear_object (&days);
  days = dnevnik_test_service_fetch_diary (service, &sunday, &sunday, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (days), ==, 1);

  g_clear_object (&days);
  first_day = dnevnik_test_date (2026, 1, 1);
  last_day = dnevnik_test_date (2027, 1, 1);
  days = dnevnik_test_service_fetch_diary (service, &first_day, &last_day, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (days), ==, 366);
}

static void
test_diary_bad_range (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new ("--today=2026-11-25", NULL);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, NULL, "ivan", FALSE);
  g_autoptr(GError) error = NULL;

  dnevnik_test_sandbox_reset_counters (sandbox);
  {
    GDate from = dnevnik_test_date (2026, 11, 29);
    GDate to = dnevnik_test_date (2026, 11, 23);
    g_autoptr(GListModel) days = dnevnik_test_service_fetch_diary (service, &from, &to, &error);

    g_assert_null (days);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }
  {
    GDate from = dnevnik_test_date (2026, 1, 1);
    GDate to = dnevnik_test_date (2027, 1, 2);
    g_autoptr(GListModel) days = dnevnik_test_service_fetch_diary (service, &from, &to, &error);

    g_assert_null (days);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  }
  g_assert_cmpuint (dnevnik_test_sandbox_get_counter (sandbox, "GET", "/api/v1/diary"), ==, 0);
}

static void
assert_library_item (gpointer item)
{
  g_assert_nonnull (dnevnik_library_item_get_title (item));
  g_assert_true (g_str_has_prefix (dnevnik_library_item_get_url (item), "http"));
}

static void
assert_achievement (gpointer achievement)
{
  g_assert_nonnull (dnevnik_achievement_get_title (achievement));
  g_assert_nonnull (dnevnik_achievement_get_date (achievement));
  g_assert_nonnull (dnevnik_achievement_get_level (achievement));
}

/* @model came without an error, is not empty, and each item passes
 * @assert_item. */
static void
assert_each_item (GListModel   *model,
                  const GError *error,
                  void        (*assert_item) (gpointer item))
{
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      assert_item (item);
    }
}

static void
test_library_portfolio (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, NULL, "ivan", FALSE);
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GListModel) achievements = NULL;
  g_autoptr(GError) error = NULL;

  items = dnevnik_test_service_fetch_library (service, &error);
  assert_each_item (items, error, assert_library_item);

  achievements = dnevnik_test_service_fetch_portfolio (service, &error);
  assert_each_item (achievements, error, assert_achievement);
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_profile (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_newv (NULL);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, NULL, "olga", FALSE);
  g_autoptr(DnevnikProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  g_signal_connect (service, "notify::profile", G_CALLBACK (on_notify_cb), &notified);

  /* The same profile again is no change. */
  profile = dnevnik_test_service_refresh_profile (service, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dnevnik_profile_get_login (profile), ==, "olga");
  g_assert_cmpstr (dnevnik_profile_get_class_name (profile), ==, "10 «А»");
  g_assert_cmpuint (notified, ==, 0);
}

typedef GListModel *(*FetchFunc) (DnevnikService *service, GError **error);

static GListModel *
fetch_profile_as_list (DnevnikService  *service,
                       GError         **error)
{
  g_autoptr(DnevnikProfile) profile = dnevnik_test_service_refresh_profile (service, error);
  GListStore *store;

  if (profile == NULL)
    return NULL;

  store = g_list_store_new (DNEVNIK_TYPE_PROFILE);
  g_list_store_append (store, profile);
  return G_LIST_MODEL (store);
}

static void
test_faults (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new ("--today=2026-11-25", NULL);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, NULL, "ivan", FALSE);
  static const struct {
    const char *path;
    FetchFunc   fetch;
  } calls[] = {
    { "/api/v1/diary", dnevnik_test_service_fetch_week },
    { "/api/v1/library", dnevnik_test_service_fetch_library },
    { "/api/v1/portfolio", dnevnik_test_service_fetch_portfolio },
    { "/api/v1/profile", fetch_profile_as_list },
  };
  guint n_faults;
  const DnevnikTestFault *faults = dnevnik_test_service_get_faults (&n_faults);

  for (guint c = 0; c < G_N_ELEMENTS (calls); c++)
    {
      for (guint f = 0; f < n_faults; f++)
        {
          g_autoptr(GListModel) model = NULL;
          g_autoptr(GError) error = NULL;

          g_test_message ("%s on %s", faults[f].kind, calls[c].path);
          dnevnik_test_sandbox_add_fault (sandbox, "GET", calls[c].path, faults[f].kind, faults[f].count, 0);
          model = calls[c].fetch (service, &error);
          g_assert_null (model);
          g_assert_error (error, DNEVNIK_SERVICE_ERROR, faults[f].code);
          dnevnik_test_sandbox_clear_faults (sandbox);
        }

      /* And then it works again (and the service is back online). */
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GListModel) model = calls[c].fetch (service, &error);

        g_assert_no_error (error);
        g_assert_nonnull (model);
        g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_READY);
      }
    }

  /* Slower than the client waits. */
  {
    g_autoptr(GListModel) model = NULL;
    g_autoptr(GError) error = NULL;

    dnevnik_service_set_timeout (service, 1);
    dnevnik_test_sandbox_add_fault (sandbox, "GET", "/api/v1/diary", "delay", 1, 4000);
    model = dnevnik_test_service_fetch_week (service, &error);
    g_assert_null (model);
    g_assert_error (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_TIMEOUT);
    g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_OFFLINE);
  }
}

static void
test_cancel (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new ("--today=2026-11-25", NULL);
  g_autoptr(DnevnikService) service = dnevnik_test_service_new_signed_in (sandbox, NULL, "ivan", FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) days = NULL;
  g_autoptr(GError) error = NULL;
  GDate from = dnevnik_test_date (2026, 11, 23);
  GDate to = dnevnik_test_date (2026, 11, 29);

  dnevnik_test_sandbox_reset_counters (sandbox);
  dnevnik_test_sandbox_add_fault (sandbox, "GET", "/api/v1/diary", "delay", 1, 3000);
  dnevnik_service_fetch_diary_async (service, &from, &to, cancellable, dnevnik_test_loop_result_cb, &result);
  dnevnik_test_service_await_counter (sandbox, "GET", "/api/v1/diary", 1);
  g_cancellable_cancel (cancellable);

  days = dnevnik_service_fetch_diary_finish (service, dnevnik_test_loop_await (&result), &error);
  g_assert_null (days);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Cancelling is not being offline. */
  g_assert_cmpint (dnevnik_service_get_state (service), ==, DNEVNIK_SERVICE_STATE_READY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service/diary/week", test_diary);
  g_test_add_func ("/service/diary/bad-range", test_diary_bad_range);
  g_test_add_func ("/service/diary/library-portfolio", test_library_portfolio);
  g_test_add_func ("/service/diary/profile", test_profile);
  g_test_add_func ("/service/diary/faults", test_faults);
  g_test_add_func ("/service/diary/cancel", test_cancel);

  return g_test_run ();
}
