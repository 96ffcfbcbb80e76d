/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include "dnevnik-test-disk.h"
#include "dnevnik-test-service.h"

/* School-lab privacy, against the real gnome-keyring of the
 * test's bus and the throwaway HOME and XDG directories of headless-run:
 *
 * - "don't remember me": nothing in the keyring and nothing of the student
 *   on disk, while signed in and after;
 * - signing out a remembered student removes the secrets and the whole
 *   cache, and the next student on the same OS account sees nothing of
 *   the first.
 *
 * Each check is shown to find something first (a remembered student), so
 * that "nothing found" means something. */

#define TODAY "--today=2026-11-25"

/* --- what is in the keyring ---------------------------------------------- */

/* Every item of every collection whose attributes name a diary server or
 * the app's schema, whatever the schema it was stored with. */
static guint
count_keyring_items (void)
{
  g_autoptr(SecretService) secrets = NULL;
  g_autoptr(GError) error = NULL;
  GList *collections;
  guint count = 0;

  /* A proxy of its own each time: the shared one keeps a list of items
   * that changes only as the main loop hears of changes. */
  secrets = secret_service_open_sync (SECRET_TYPE_SERVICE, NULL, SECRET_SERVICE_LOAD_COLLECTIONS, NULL, &error);
  g_assert_no_error (error);

  collections = secret_service_get_collections (secrets);
  for (GList *c = collections; c != NULL; c = c->next)
    {
      SecretCollection *collection = c->data;
      GList *items;

      secret_collection_load_items_sync (collection, NULL, &error);
      g_assert_no_error (error);
      items = secret_collection_get_items (collection);
      for (GList *i = items; i != NULL; i = i->next)
        {
          g_autoptr(GHashTable) attributes = secret_item_get_attributes (i->data);

          if (g_hash_table_contains (attributes, "server") ||
              g_strcmp0 (g_hash_table_lookup (attributes, "xdg:schema"),
                         dnevnik_secret_token_store_get_schema ()->name) == 0)
            count++;
        }
      g_list_free_full (items, g_object_unref);
    }
  g_list_free_full (collections, g_object_unref);

  return count;
}

/* The same through the API the app uses (and the Flatpak portal serves). */
static guint
count_schema_items (void)
{
  g_autoptr(GError) error = NULL;
  GList *found;
  guint count;

  found = secret_password_search_sync (dnevnik_secret_token_store_get_schema (), SECRET_SEARCH_ALL,
                                       NULL, &error, NULL);
  g_assert_no_error (error);
  count = g_list_length (found);
  g_list_free_full (found, g_object_unref);

  return count;
}

/* --- what is on disk ----------------------------------------------------- */

#define assert_nothing_on_disk(...) \
  G_STMT_START { g_test_message ("checking the disk at line %d", __LINE__); assert_nothing_on_disk_impl (__VA_ARGS__); } G_STMT_END

static void
assert_nothing_on_disk_impl (const char * const *needles)
{
  g_autoptr(GPtrArray) hits = dnevnik_test_disk_find_in_home (needles, NULL);

  for (guint i = 0; i < hits->len; i++)
    g_test_message ("found on disk: %s", (const char *) hits->pdata[i]);
  g_assert_cmpuint (hits->len, ==, 0);
}

/* --- a student's data ---------------------------------------------------- */

/* Loads the week of the sandbox's "today". */
static void
load_week (DnevnikService *service)
{
  g_autoptr(GDate) day = g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);

  dnevnik_test_service_assert_load_week (service, day);
}

/* The first homework text of the loaded week. */
static char *
dup_some_homework (DnevnikService *service)
{
  GListModel *week = dnevnik_service_get_week_model (service);

  for (guint d = 0; d < g_list_model_get_n_items (week); d++)
    {
      g_autoptr(DnevnikDiaryDay) day = g_list_model_get_item (week, d);
      GListModel *lessons = dnevnik_diary_day_get_lessons (day);

      for (guint l = 0; l < g_list_model_get_n_items (lessons); l++)
        {
          g_autoptr(DnevnikLesson) lesson = g_list_model_get_item (lessons, l);
          const char * const *homework = dnevnik_lesson_get_homework (lesson);

          if (homework != NULL && homework[0] != NULL && strlen (homework[0]) > 8)
            return g_strdup (homework[0]);
        }
    }

  return NULL;
}

/* What identifies @service's student: the names, and a homework text of
 * the week. */
static GStrv
dup_student_traces (DnevnikService *service)
{
  DnevnikProfile *profile = dnevnik_service_get_profile (service);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *homework = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *first_name = NULL;

  g_assert_nonnull (profile);
  load_week (service);
  homework = dup_some_homework (service);
  g_assert_nonnull (homework);

  /* As JSON strings: "Петров" is a prefix of a teacher's "Петрович". */
  last_name = g_strdup_printf ("\"%s\"", dnevnik_profile_get_last_name (profile));
  first_name = g_strdup_printf ("\"%s\"", dnevnik_profile_get_first_name (profile));
  g_strv_builder_add (builder, last_name);
  g_strv_builder_add (builder, first_name);
  g_strv_builder_add (builder, homework);

  return g_strv_builder_end (builder);
}

/* --- tests --------------------------------------------------------------- */

static void
test_not_remembered (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new (TODAY, NULL);
  g_autoptr(DnevnikTokenStore) store = dnevnik_secret_token_store_new (0);
  g_autoptr(DnevnikService) service = NULL;
  g_auto(GStrv) traces = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (count_keyring_items (), ==, 0);

  service = dnevnik_test_service_new_signed_in (sandbox, store, "ivan", FALSE);
  traces = dup_student_traces (service);
  {
    g_autoptr(GListModel) items = dnevnik_test_service_fetch_library (service, &error);

    g_assert_no_error (error);
  }

  /* While signed in. */
  g_assert_cmpuint (count_keyring_items (), ==, 0);
  g_assert_cmpuint (count_schema_items (), ==, 0);
  assert_nothing_on_disk ((const char * const *) traces);

  /* After signing out, and after the service is gone. */
  g_assert_true (dnevnik_test_service_sign_out (service, &error));
  g_assert_no_error (error);
  g_clear_object (&service);
  g_assert_cmpuint (count_keyring_items (), ==, 0);
  assert_nothing_on_disk ((const char * const *) traces);
}

static void
test_sign_out_removes_everything (void)
{
  g_autoptr(DnevnikTestSandbox) sandbox = dnevnik_test_sandbox_new (TODAY, NULL);
  g_autoptr(DnevnikTokenStore) store = dnevnik_secret_token_store_new (0);
  g_autoptr(DnevnikService) service = NULL;
  g_autoptr(DnevnikProfile) first_profile = NULL;
  g_auto(GStrv) traces = NULL;
  g_autoptr(GError) error = NULL;

  /* A remembered student: in the keyring and on disk — the checks see it. */
  service = dnevnik_test_service_new_signed_in (sandbox, store, "ivan", TRUE);
  g_assert_true (dnevnik_service_get_remembered (service));
  traces = dup_student_traces (service);
  first_profile = g_object_ref (dnevnik_service_get_profile (service));
  g_assert_cmpuint (count_keyring_items (), ==, 1);
  g_assert_cmpuint (count_schema_items (), ==, 1);
  g_clear_object (&service);
  /* The cache writes on its own thread: wait (boundedly) until the last
   * write has reached the file. */
  {
    g_autoptr(GPtrArray) hits = dnevnik_test_disk_find_in_home ((const char * const *) traces, NULL);

    for (guint i = 0; hits->len == 0 && i < 400; i++)
      {
        dnevnik_test_loop_spin (25);
        g_ptr_array_unref (hits);
        hits = dnevnik_test_disk_find_in_home ((const char * const *) traces, NULL);
      }
    g_assert_cmpuint (hits->len, >, 0);
  }

  /* The app again, restoring the session, then signing out. */
  service = dnevnik_test_service_new (sandbox, store);
  g_assert_true (dnevnik_test_service_restore_session (service, "ivan", &error));
  g_assert_no_error (error);
  g_assert_true (dnevnik_test_service_sign_out (service, &error));
  g_assert_no_error (error);
  g_clear_object (&service);

  g_assert_cmpuint (count_keyring_items (), ==, 0);
  g_assert_cmpuint (count_schema_items (), ==, 0);
  assert_nothing_on_disk ((const char * const *) traces);

  /* The next student at the same computer and OS account. */
  service = dnevnik_test_service_new (sandbox, store);
  g_assert_false (dnevnik_test_service_restore_session (service, NULL, &error));
  g_clear_error (&error);
  g_assert_null (dnevnik_service_get_login (service));
  g_assert_null (dnevnik_service_get_profile (service));
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_week_model (service)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (dnevnik_service_get_library_model (service)), ==, 0);

  g_assert_true (dnevnik_test_service_sign_in (service, "maria", DNEVNIK_TEST_PASSWORD, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dnevnik_profile_get_login (dnevnik_service_get_profile (service)), ==, "maria");
  g_assert_cmpstr (dnevnik_profile_get_last_name (dnevnik_service_get_profile (service)), !=,
                   dnevnik_profile_get_last_name (first_profile));
  load_week (service);
  {
    g_autofree char *homework = dup_some_homework (service);

    g_test_message ("the second student's homework: %s", homework);
  }
  /* Only her item in the keyring; nothing of his anywhere. */
  g_assert_cmpuint (count_schema_items (), ==, 1);
  assert_nothing_on_disk ((const char * const *) (const char *[]) { traces[0], traces[1], NULL });

  g_assert_true (dnevnik_test_service_sign_out (service, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_keyring_items (), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/privacy/not-remembered", test_not_remembered);
  g_test_add_func ("/privacy/sign-out-removes-everything", test_sign_out_removes_everything);

  return g_test_run ();
}
