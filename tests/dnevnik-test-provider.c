/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "dnevnik-test-provider.h"

/* DnevnikTestProvider: a diary server in memory, a second implementation
 * of DnevnikProvider beside the API v1 one, so that tests see what the
 * service asks of a provider and nothing else.
 *
 * One student (DNEVNIK_TEST_PROVIDER_LOGIN), a diary that is the same
 * every week (two lessons a day, Sunday a holiday), a library of two
 * books, a portfolio of one achievement, and Сферум linking done by the
 * server itself.  Tokens are numbered; only the latest pair is accepted,
 * so a revoked access token gets a 401 and a refresh works.  Failures on
 * demand: the next call, or every call while "unreachable".  It counts
 * the calls by name, so a test can tell a cached answer from a fresh one.
 */

struct _DnevnikTestProvider
{
  GObject parent_instance;

  DnevnikProviderCapabilities  capabilities;
  GHashTable                  *calls;
  char                        *access_token;
  char                        *refresh_token;
  char                        *homework;
  char                        *request_id;
  char                        *linked_phone;
  GPtrArray                   *history;
  guint                        serial;
  int                          fail_next;
  gboolean                     reachable;
};

static void dnevnik_test_provider_iface_init (DnevnikProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DnevnikTestProvider, dnevnik_test_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DNEVNIK_TYPE_PROVIDER, dnevnik_test_provider_iface_init))

static GBytes *
document_from_builder (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  char *text;
  gsize length;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

/* Answers @task (taken) with an error as the server would give it. */
static void
return_error (GTask               *task,
              DnevnikServiceError  code,
              int                  attempts_left)
{
  g_task_return_error (task, dnevnik_service_error_new (code, NULL, -1, attempts_left));
  g_object_unref (task);
}

/* Counts the call, and fails it if the test asked for that.  Returns the
 * task to answer, or NULL when it was answered already. */
static GTask *
begin_call (DnevnikTestProvider *self,
            const char          *call,
            const char          *access_token,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->calls, call));

  g_task_set_source_tag (task, begin_call);
  g_hash_table_insert (self->calls, g_strdup (call), GUINT_TO_POINTER (count + 1));

  if (!self->reachable)
    {
      return_error (g_steal_pointer (&task), DNEVNIK_SERVICE_ERROR_NETWORK, -1);
      return NULL;
    }

  if (self->fail_next >= 0)
    {
      DnevnikServiceError code = self->fail_next;

      self->fail_next = -1;
      return_error (g_steal_pointer (&task), code, -1);
      return NULL;
    }

  if (access_token != NULL && g_strcmp0 (access_token, self->access_token) != 0)
    {
      return_error (g_steal_pointer (&task), DNEVNIK_SERVICE_ERROR_UNAUTHORIZED, -1);
      return NULL;
    }

  return g_steal_pointer (&task);
}

static void
return_document (GTask       *task,
                 JsonBuilder *builder)
{
  g_task_return_pointer (task, document_from_builder (builder), (GDestroyNotify) g_bytes_unref);
  g_object_unref (task);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
return_tokens (DnevnikTestProvider *self,
               GTask               *task)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  self->serial++;
  g_free (self->access_token);
  self->access_token = g_strdup_printf ("access-%u", self->serial);
  g_free (self->refresh_token);
  self->refresh_token = g_strdup_printf ("refresh-%u", self->serial);

  json_builder_begin_object (builder);
  add_string (builder, "access_token", self->access_token);
  add_string (builder, "refresh_token", self->refresh_token);
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, 3600);
  add_string (builder, "profile_id", DNEVNIK_TEST_PROVIDER_PROFILE_ID);
  json_builder_end_object (builder);

  return_document (task, builder);
}

static void
build_link_status (DnevnikTestProvider *self,
                   JsonBuilder         *builder)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "linked");
  json_builder_add_boolean_value (builder, self->linked_phone != NULL);
  if (self->linked_phone != NULL)
    {
      add_string (builder, "account_id", "9000000001");
      add_string (builder, "profile_url", "https://sferum.example/profile/9000000001");
      add_string (builder, "phone_masked", "+7 *** ***-45-67");
    }
  json_builder_end_object (builder);
}

static void
build_list (DnevnikTestProvider     *self,
            DnevnikProviderDocument  document,
            JsonBuilder             *builder)
{
  json_builder_begin_object (builder);

  switch (document)
    {
    case DNEVNIK_PROVIDER_DOCUMENT_LIBRARY:
      json_builder_set_member_name (builder, "items");
      json_builder_begin_array (builder);
      for (guint i = 1; i <= 2; i++)
        {
          g_autofree char *id = g_strdup_printf ("book-%u", i);
          g_autofree char *title = g_strdup_printf ("Учебник, часть %u", i);
          g_autofree char *url = g_strdup_printf ("https://library.example/book-%u", i);

          json_builder_begin_object (builder);
          add_string (builder, "id", id);
          add_string (builder, "title", title);
          add_string (builder, "subject", "Математика");
          add_string (builder, "kind", "textbook");
          add_string (builder, "url", url);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      break;

    case DNEVNIK_PROVIDER_DOCUMENT_PORTFOLIO:
      json_builder_set_member_name (builder, "achievements");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      add_string (builder, "id", "olympiad");
      add_string (builder, "title", "Школьная олимпиада по математике");
      add_string (builder, "date", "2026-10-15");
      add_string (builder, "level", "school");
      add_string (builder, "kind", "olympiad");
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      break;

    case DNEVNIK_PROVIDER_DOCUMENT_LINK_HISTORY:
      json_builder_set_member_name (builder, "events");
      json_builder_begin_array (builder);
      for (guint i = self->history->len; i > 0; i--)
        {
          json_builder_begin_object (builder);
          add_string (builder, "kind", g_ptr_array_index (self->history, i - 1));
          add_string (builder, "at", "2026-11-02T10:00:00Z");
          add_string (builder, "account_id", "9000000001");
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      break;

    case DNEVNIK_PROVIDER_DOCUMENT_PROFILE:
    case DNEVNIK_PROVIDER_DOCUMENT_LINK_STATUS:
    default:
      g_assert_not_reached ();
    }

  json_builder_end_object (builder);
}

static void
build_day (DnevnikTestProvider *self,
           const GDate         *date,
           JsonBuilder         *builder)
{
  static const char * const subjects[] = { "Математика", "Русский язык" };
  g_autofree char *text = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                                           g_date_get_month (date), g_date_get_day (date));
  gboolean holiday = g_date_get_weekday (date) == G_DATE_SUNDAY;

  json_builder_begin_object (builder);
  add_string (builder, "date", text);
  json_builder_set_member_name (builder, "holiday");
  json_builder_add_boolean_value (builder, holiday);
  json_builder_set_member_name (builder, "lessons");
  json_builder_begin_array (builder);
  for (guint i = 0; !holiday && i < G_N_ELEMENTS (subjects); i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%u", text, i + 1);

      json_builder_begin_object (builder);
      add_string (builder, "id", id);
      json_builder_set_member_name (builder, "number");
      json_builder_add_int_value (builder, i + 1);
      add_string (builder, "subject", subjects[i]);
      add_string (builder, "start_time", i == 0 ? "08:30" : "09:25");
      add_string (builder, "end_time", i == 0 ? "09:15" : "10:10");
      json_builder_set_member_name (builder, "homework");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, self->homework);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static const char *
dnevnik_test_provider_get_server (DnevnikProvider *provider)
{
  return "test:in-memory";
}

static DnevnikProviderCapabilities
dnevnik_test_provider_get_capabilities (DnevnikProvider *provider)
{
  return DNEVNIK_TEST_PROVIDER (provider)->capabilities;
}

static void
answer_sign_in (DnevnikTestProvider       *self,
                const DnevnikProviderCall *call,
                GTask                     *task)
{
  if (!g_str_equal (call->login, DNEVNIK_TEST_PROVIDER_LOGIN) ||
      !g_str_equal (call->password, DNEVNIK_TEST_PROVIDER_PASSWORD))
    {
      return_error (task, DNEVNIK_SERVICE_ERROR_INVALID_CREDENTIALS, -1);
      return;
    }

  return_tokens (self, task);
}

static void
answer_refresh (DnevnikTestProvider       *self,
                const DnevnikProviderCall *call,
                GTask                     *task)
{
  if (g_strcmp0 (call->refresh_token, self->refresh_token) != 0)
    {
      return_error (task, DNEVNIK_SERVICE_ERROR_UNAUTHORIZED, -1);
      return;
    }

  return_tokens (self, task);
}

static void
answer_sign_out (DnevnikTestProvider       *self,
                 const DnevnikProviderCall *call,
                 GTask                     *task)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_clear_pointer (&self->access_token, g_free);
  g_clear_pointer (&self->refresh_token, g_free);
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  return_document (task, builder);
}

static void
answer_fetch (DnevnikTestProvider       *self,
              const DnevnikProviderCall *call,
              GTask                     *task)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (call->document == DNEVNIK_PROVIDER_DOCUMENT_PROFILE)
    {
      json_builder_begin_object (builder);
      add_string (builder, "id", DNEVNIK_TEST_PROVIDER_PROFILE_ID);
      add_string (builder, "login", DNEVNIK_TEST_PROVIDER_LOGIN);
      add_string (builder, "first_name", "Анна");
      add_string (builder, "last_name", "Орлова");
      add_string (builder, "school", "Школа № 1");
      add_string (builder, "class_name", "7 «А»");
      json_builder_end_object (builder);
    }
  else if (call->document == DNEVNIK_PROVIDER_DOCUMENT_LINK_STATUS)
    build_link_status (self, builder);
  else
    build_list (self, call->document, builder);

  return_document (task, builder);
}

static void
answer_fetch_diary (DnevnikTestProvider       *self,
                    const DnevnikProviderCall *call,
                    GTask                     *task)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GDate date = *call->from;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "days");
  json_builder_begin_array (builder);
  for (; g_date_compare (&date, call->to) <= 0; g_date_add_days (&date, 1))
    build_day (self, &date, builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return_document (task, builder);
}

static void
answer_link_start (DnevnikTestProvider       *self,
                   const DnevnikProviderCall *call,
                   GTask                     *task)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (self->linked_phone != NULL)
    {
      return_error (task, DNEVNIK_SERVICE_ERROR_ALREADY_LINKED, -1);
      return;
    }

  g_free (self->request_id);
  self->request_id = g_strdup_printf ("request-%s", call->phone);

  json_builder_begin_object (builder);
  add_string (builder, "request_id", self->request_id);
  json_builder_set_member_name (builder, "code_length");
  json_builder_add_int_value (builder, strlen (DNEVNIK_TEST_PROVIDER_CODE));
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, 300);
  json_builder_set_member_name (builder, "resend_in");
  json_builder_add_int_value (builder, 60);
  json_builder_set_member_name (builder, "max_registered");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);

  return_document (task, builder);
}

/* Confirming links (with @phone set) and unlinking: both answer with the
 * new link status and add to the history. */
static void
change_link (DnevnikTestProvider *self,
             char                *phone,
             const char          *history_kind,
             GTask               *task)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_free (self->linked_phone);
  self->linked_phone = phone;
  g_ptr_array_add (self->history, g_strdup (history_kind));
  build_link_status (self, builder);
  return_document (task, builder);
}

static void
answer_link_confirm (DnevnikTestProvider       *self,
                     const DnevnikProviderCall *call,
                     GTask                     *task)
{
  if (g_strcmp0 (call->request_id, self->request_id) != 0 || !g_str_equal (call->code, DNEVNIK_TEST_PROVIDER_CODE))
    {
      return_error (task, g_strcmp0 (call->request_id, self->request_id) != 0
                          ? DNEVNIK_SERVICE_ERROR_UNKNOWN_REQUEST : DNEVNIK_SERVICE_ERROR_INVALID_CODE, 2);
      return;
    }

  g_clear_pointer (&self->request_id, g_free);
  change_link (self, g_strdup (call->request_id), "linked", task);
}

static void
answer_unlink (DnevnikTestProvider       *self,
               const DnevnikProviderCall *call,
               GTask                     *task)
{
  if (self->linked_phone == NULL)
    {
      return_error (task, DNEVNIK_SERVICE_ERROR_NOT_LINKED, -1);
      return;
    }

  change_link (self, NULL, "unlinked", task);
}

static void
dnevnik_test_provider_call_async (DnevnikProvider           *provider,
                                  const DnevnikProviderCall *call,
                                  GCancellable              *cancellable,
                                  GAsyncReadyCallback        callback,
                                  gpointer                   user_data)
{
  typedef void (*AnswerFunc) (DnevnikTestProvider *, const DnevnikProviderCall *, GTask *);
  static const struct {
    const char *name;
    AnswerFunc  answer;
  } operations[] = {
    [DNEVNIK_PROVIDER_CALL_SIGN_IN] = { "sign-in", answer_sign_in },
    [DNEVNIK_PROVIDER_CALL_REFRESH] = { "refresh", answer_refresh },
    [DNEVNIK_PROVIDER_CALL_SIGN_OUT] = { "sign-out", answer_sign_out },
    [DNEVNIK_PROVIDER_CALL_FETCH] = { NULL, answer_fetch },
    [DNEVNIK_PROVIDER_CALL_FETCH_DIARY] = { "diary", answer_fetch_diary },
    [DNEVNIK_PROVIDER_CALL_LINK_START] = { "link-start", answer_link_start },
    /* No resend: the service must cope with a provider that leaves
     * optional calls out. */
    [DNEVNIK_PROVIDER_CALL_LINK_RESEND] = { NULL, NULL },
    [DNEVNIK_PROVIDER_CALL_LINK_CONFIRM] = { "link-confirm", answer_link_confirm },
    [DNEVNIK_PROVIDER_CALL_UNLINK] = { "unlink", answer_unlink },
  };
  static const char * const document_names[] = {
    [DNEVNIK_PROVIDER_DOCUMENT_PROFILE] = "profile",
    [DNEVNIK_PROVIDER_DOCUMENT_LINK_STATUS] = "link-status",
    [DNEVNIK_PROVIDER_DOCUMENT_LIBRARY] = "library",
    [DNEVNIK_PROVIDER_DOCUMENT_PORTFOLIO] = "portfolio",
    [DNEVNIK_PROVIDER_DOCUMENT_LINK_HISTORY] = "link-history",
  };
  DnevnikTestProvider *self = DNEVNIK_TEST_PROVIDER (provider);
  const char *name;
  GTask *task;

  g_assert_cmpuint (call->operation, <, G_N_ELEMENTS (operations));

  if (operations[call->operation].answer == NULL)
    {
      dnevnik_provider_return_unsupported (provider, callback, user_data);
      return;
    }

  name = call->operation == DNEVNIK_PROVIDER_CALL_FETCH ? document_names[call->document]
                                                        : operations[call->operation].name;
  task = begin_call (self, name, call->access_token, cancellable, callback, user_data);
  if (task != NULL)
    operations[call->operation].answer (self, call, task);
}

static void
dnevnik_test_provider_finalize (GObject *object)
{
  DnevnikTestProvider *self = (DnevnikTestProvider *) object;

  g_clear_pointer (&self->calls, g_hash_table_unref);
  g_clear_pointer (&self->access_token, g_free);
  g_clear_pointer (&self->refresh_token, g_free);
  g_clear_pointer (&self->homework, g_free);
  g_clear_pointer (&self->request_id, g_free);
  g_clear_pointer (&self->linked_phone, g_free);
  g_clear_pointer (&self->history, g_ptr_array_unref);

  G_OBJECT_CLASS (dnevnik_test_provider_parent_class)->finalize (object);
}

static void
dnevnik_test_provider_iface_init (DnevnikProviderInterface *iface)
{
  /* No timeout: the service must cope with a provider that leaves
   * optional calls out. */
  iface->get_server = dnevnik_test_provider_get_server;
  iface->get_capabilities = dnevnik_test_provider_get_capabilities;
  iface->call_async = dnevnik_test_provider_call_async;
}

static void
dnevnik_test_provider_class_init (DnevnikTestProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dnevnik_test_provider_finalize;
}

static void
dnevnik_test_provider_init (DnevnikTestProvider *self)
{
  self->calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->history = g_ptr_array_new_with_free_func (g_free);
  self->homework = g_strdup ("§ 1");
  self->fail_next = -1;
  self->reachable = TRUE;
}

/* A provider that can do @capabilities. */
DnevnikTestProvider *
dnevnik_test_provider_new (DnevnikProviderCapabilities capabilities)
{
  DnevnikTestProvider *self = g_object_new (DNEVNIK_TYPE_TEST_PROVIDER, NULL);

  self->capabilities = capabilities;

  return self;
}

/* The next call fails with @code, whatever it is. */
void
dnevnik_test_provider_fail_next (DnevnikTestProvider *self,
                                 DnevnikServiceError  code)
{
  self->fail_next = code;
}

/* While FALSE, every call fails with NETWORK, as if the server were gone. */
void
dnevnik_test_provider_set_reachable (DnevnikTestProvider *self,
                                     gboolean             reachable)
{
  self->reachable = reachable;
}

/* The current access token is refused from now on (401); the refresh
 * token still works. */
void
dnevnik_test_provider_revoke_access (DnevnikTestProvider *self)
{
  g_free (self->access_token);
  self->access_token = g_strdup ("revoked");
}

/* The homework of every lesson from now on. */
void
dnevnik_test_provider_set_homework (DnevnikTestProvider *self,
                                    const char          *homework)
{
  g_free (self->homework);
  self->homework = g_strdup (homework);
}

/* How many times @call was made ("sign-in", "refresh", "profile",
 * "diary", "library", "link-start", …), failed ones included. */
guint
dnevnik_test_provider_get_calls (DnevnikTestProvider *self,
                                 const char          *call)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->calls, call));
}
