/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-api.h"
#include "dnevnik-mesh-provider.h"
#include "dnevnik-mesh-translate.h"
#include "dnevnik-service-enums.h"
#include "dnevnik-service-error.h"

/* DnevnikMeshProvider: the diaries of the МЭШ platform — «Дневник МЭШ»
 * (Moscow) and «Моя школа» (the Moscow region), one set of requests under
 * two hosts.  The requests are those published by open clients of the
 * platform; nothing here was tried against the live service.
 *
 * There is no password sign-in: the student signs in on the diary's own
 * page and the app receives the resulting `aupd_token`
 * (dnevnik_service_sign_in_with_token_async()).  The token is sent once,
 * as `Authorization: Bearer`, never also as a cookie: the platform answers
 * a request that carries both with 401 "Found multiple bearer tokens".
 *
 * The diary requests need the student's ids, read from the profile; the
 * provider keeps no session, so every profile or diary call reads them
 * again (three requests for a week — a week is read a few times a day). */

struct _DnevnikMeshProvider
{
  GObject parent_instance;

  DnevnikMeshRegion  region;
  char              *base_url;  /* only set apart from the region's in development builds */
  DnevnikApi        *api;
};

static void dnevnik_mesh_provider_iface_init (DnevnikProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DnevnikMeshProvider, dnevnik_mesh_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DNEVNIK_TYPE_PROVIDER, dnevnik_mesh_provider_iface_init))

enum {
  PROP_0,
  PROP_REGION,
#if DEVELOPMENT_BUILD
  PROP_BASE_URL,
#endif
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The hosts of each region.  The API and the sign-in page are published
 * facts; the web diary's Сферум button and «Мой паспорт» live in pages
 * whose addresses are not published, so those are the web diary's root,
 * where its menu leads to them. */
typedef struct
{
  const char *api;
  const char *web;
  const char *sign_in;
} Region;

static const Region regions[] = {
  [DNEVNIK_MESH_REGION_MOSCOW] = { "https://school.mos.ru", "https://school.mos.ru", "https://school.mos.ru/" },
  [DNEVNIK_MESH_REGION_MOSCOW_OBLAST] = { "https://authedu.mosreg.ru", "https://myschool.mosreg.ru",
                                          "https://authedu.mosreg.ru/v3/auth/esia/login" },
};

/* The headers of the platform's web API (familyweb). */
#define SUBSYSTEM_HEADER "X-Mes-Subsystem"
#define SUBSYSTEM        "familyweb"
#define PROFILE_HEADER   "Profile-Id"
#define ROLE_HEADER      "X-Mes-Role"
#define ROLE             "student"

#define SESSIONS_PATH "/api/ej/acl/v1/sessions"
#define PROFILE_PATH  "/api/family/web/v1/profile"
#define EVENTS_PATH   "/api/eventcalendar/v1/api/events"
#define REFRESH_PATH  "/v2/token/refresh?roleId=2&subsystem=2"

typedef enum
{
  STEP_SESSIONS,
  STEP_PROFILE,
  STEP_EVENTS,
  STEP_REFRESH,
} Step;

/* One call in flight: what it asked for and what is known so far. */
typedef struct
{
  DnevnikProviderOperation  operation;
  Step                      step;
  char                     *access_token;
  GDate                     from;
  GDate                     to;
  char                     *profile_id;  /* Profile-Id, once the sessions reply named it */
  char                     *person_id;   /* person_ids=, once the profile named it */
} Call;

static void
call_free (gpointer data)
{
  Call *call = data;

  g_free (call->access_token);
  g_free (call->profile_id);
  g_free (call->person_id);
  g_free (call);
}

/* The region's API host, or the one a development build was given. */
static const char *
api_url (DnevnikMeshProvider *self)
{
  return self->base_url != NULL ? self->base_url : regions[self->region].api;
}

static SoupMessageHeaders *
web_headers (const char *profile_id,
             gboolean    as_student)
{
  SoupMessageHeaders *headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);

  soup_message_headers_replace (headers, SUBSYSTEM_HEADER, SUBSYSTEM);
  if (profile_id != NULL)
    soup_message_headers_replace (headers, PROFILE_HEADER, profile_id);
  if (as_student)
    soup_message_headers_replace (headers, ROLE_HEADER, ROLE);

  return headers;
}

static char *
events_path (Call *call)
{
  g_autofree char *person = g_uri_escape_string (call->person_id, NULL, FALSE);
  char from[16], to[16];

  g_date_strftime (from, sizeof from, "%F", &call->from);
  g_date_strftime (to, sizeof to, "%F", &call->to);

  return g_strdup_printf (EVENTS_PATH "?person_ids=%s&begin_date=%s&end_date=%s&expand=marks,homework",
                          person, from, to);
}

/* What the API said, in the words of this provider: a reply it could not
 * read means the platform changed, and the student is told so. */
static GError *
translate_error (GError *error)
{
  if (g_error_matches (error, DNEVNIK_SERVICE_ERROR, DNEVNIK_SERVICE_ERROR_PROTOCOL))
    {
      g_error_free (error);
      return dnevnik_service_error_new_service_changed ();
    }

  return error;
}

static void step_sent_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      data);

/* Sends the request of the task's current step.  Takes @task. */
static void
send_step (GTask *task)
{
  DnevnikMeshProvider *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;
  const char *method = "GET";
  const char *token = call->access_token;

  switch (call->step)
    {
    case STEP_SESSIONS:
      /* The token is the body of this one: not also a header. */
      method = "POST";
      path = g_strdup (SESSIONS_PATH);
      body = dnevnik_api_build_body ("auth_token", call->access_token, NULL);
      token = NULL;
      break;

    case STEP_PROFILE:
      path = g_strdup (PROFILE_PATH);
      headers = web_headers (call->profile_id, FALSE);
      break;

    case STEP_EVENTS:
      path = events_path (call);
      headers = web_headers (call->profile_id, TRUE);
      break;

    case STEP_REFRESH:
      path = g_strdup (REFRESH_PATH);
      break;

    default:
      g_assert_not_reached ();
    }

  dnevnik_api_send_async (self->api, method, path, body, token, headers, g_task_get_cancellable (task),
                          step_sent_cb, task);
}

/* The document of the step that ends the call, or the next step.  Takes
 * @task. */
static void
step_reply (GTask  *task,
            GBytes *reply)
{
  Call *call = g_task_get_task_data (task);
  g_autoptr(DnevnikMeshStudent) student = NULL;
  GBytes *document = NULL;

  switch (call->step)
    {
    case STEP_SESSIONS:
      /* A reply without a profile is not fatal: the profile request may
       * do without the header. */
      call->profile_id = dnevnik_mesh_read_session (reply, &call->person_id);
      call->step = STEP_PROFILE;
      send_step (task);
      return;

    case STEP_PROFILE:
      document = dnevnik_mesh_translate_profile (reply, &student);
      if (document != NULL && call->operation == DNEVNIK_PROVIDER_CALL_FETCH_DIARY)
        {
          g_clear_pointer (&document, g_bytes_unref);
          if (call->person_id == NULL)
            call->person_id = g_strdup (student->person_id);
          if (call->profile_id == NULL)
            call->profile_id = g_strdup (student->profile_id);
          call->step = STEP_EVENTS;
          send_step (task);
          return;
        }
      break;

    case STEP_EVENTS:
      document = dnevnik_mesh_translate_events (reply, &call->from, &call->to);
      break;

    case STEP_REFRESH:
      document = dnevnik_mesh_translate_refresh (reply);
      break;

    default:
      g_assert_not_reached ();
    }

  if (document == NULL)
    {
      g_debug ("A reply of the МЭШ platform could not be read (step %d)", call->step);
      g_task_return_error (task, dnevnik_service_error_new_service_changed ());
    }
  else
    {
      g_task_return_pointer (task, document, (GDestroyNotify) g_bytes_unref);
    }
  g_object_unref (task);
}

static void
step_sent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  GTask *task = data;
  g_autoptr(GBytes) reply = NULL;
  GError *error = NULL;

  reply = dnevnik_api_send_finish (DNEVNIK_API (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, translate_error (error));
      g_object_unref (task);
      return;
    }

  step_reply (task, reply);
}

static const char *
dnevnik_mesh_provider_get_server (DnevnikProvider *provider)
{
  return dnevnik_api_get_base_url (DNEVNIK_MESH_PROVIDER (provider)->api);
}

/* No library, portfolio or Сферум linking: no open client knows an
 * endpoint for them, and the web diary's own pages do them
 * (dnevnik_mesh_provider_get_web_url()).  The marks, with their weights,
 * come with the diary's events (expand=marks): a capability of their own
 * for marks, once the seam has one, belongs here too. */
static DnevnikProviderCapabilities
dnevnik_mesh_provider_get_capabilities (DnevnikProvider *provider)
{
  return DNEVNIK_PROVIDER_CAPABILITY_DIARY;
}

static char *
dnevnik_mesh_provider_dup_web_url (DnevnikProvider        *provider,
                                   DnevnikProviderWebPage  page)
{
  static const DnevnikMeshPage pages[] = {
    [DNEVNIK_PROVIDER_WEB_PAGE_DIARY] = DNEVNIK_MESH_PAGE_DIARY,
    [DNEVNIK_PROVIDER_WEB_PAGE_SIGN_IN] = DNEVNIK_MESH_PAGE_SIGN_IN,
    [DNEVNIK_PROVIDER_WEB_PAGE_SFERUM] = DNEVNIK_MESH_PAGE_SFERUM,
    [DNEVNIK_PROVIDER_WEB_PAGE_PASSPORT] = DNEVNIK_MESH_PAGE_PASSPORT,
  };

  g_return_val_if_fail (page < G_N_ELEMENTS (pages), NULL);

  return dnevnik_mesh_provider_get_web_url (DNEVNIK_MESH_PROVIDER (provider), pages[page]);
}

static void
dnevnik_mesh_provider_get_web_cookies (DnevnikProvider  *provider,
                                       const char      **token_cookie,
                                       const char      **refresh_cookie)
{
  *token_cookie = DNEVNIK_MESH_TOKEN_COOKIE;
  *refresh_cookie = DNEVNIK_MESH_REFRESH_TOKEN_COOKIE;
}

static guint
dnevnik_mesh_provider_get_timeout (DnevnikProvider *provider)
{
  return dnevnik_api_get_timeout (DNEVNIK_MESH_PROVIDER (provider)->api);
}

static void
dnevnik_mesh_provider_set_timeout (DnevnikProvider *provider,
                                   guint            seconds)
{
  dnevnik_api_set_timeout (DNEVNIK_MESH_PROVIDER (provider)->api, seconds);
}

static void
dnevnik_mesh_provider_call_async (DnevnikProvider           *provider,
                                  const DnevnikProviderCall *request,
                                  GCancellable              *cancellable,
                                  GAsyncReadyCallback        callback,
                                  gpointer                   user_data)
{
  GTask *task;
  Call *call;

  switch (request->operation)
    {
    case DNEVNIK_PROVIDER_CALL_FETCH:
      if (request->document != DNEVNIK_PROVIDER_DOCUMENT_PROFILE)
        {
          dnevnik_provider_return_unsupported (provider, callback, user_data);
          return;
        }
      break;

    case DNEVNIK_PROVIDER_CALL_FETCH_DIARY:
    case DNEVNIK_PROVIDER_CALL_REFRESH:
      break;

    case DNEVNIK_PROVIDER_CALL_SIGN_OUT:
      {
        g_autoptr(GTask) done = g_task_new (provider, cancellable, callback, user_data);

        /* No open client knows a request that ends the token on the
         * server; it ends by itself within a day, and the app forgets it
         * at once. */
        g_task_set_source_tag (done, dnevnik_mesh_provider_call_async);
        g_task_return_pointer (done, g_bytes_new_static ("{}", 2), (GDestroyNotify) g_bytes_unref);
        return;
      }

    default:
      /* Password sign-in (the student signs in on the diary's own page)
       * and Сферум linking (not in the capabilities). */
      dnevnik_provider_return_unsupported (provider, callback, user_data);
      return;
    }

  task = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_mesh_provider_call_async);

  call = g_new0 (Call, 1);
  call->operation = request->operation;
  g_date_clear (&call->from, 1);
  g_date_clear (&call->to, 1);
  g_task_set_task_data (task, call, call_free);

  if (request->operation == DNEVNIK_PROVIDER_CALL_REFRESH)
    {
      call->access_token = g_strdup (request->refresh_token);
      call->step = STEP_REFRESH;
    }
  else
    {
      call->access_token = g_strdup (request->access_token);
      call->step = STEP_SESSIONS;
      if (request->operation == DNEVNIK_PROVIDER_CALL_FETCH_DIARY)
        {
          call->from = *request->from;
          call->to = *request->to;
        }
    }

  send_step (task);
}

static void
dnevnik_mesh_provider_constructed (GObject *object)
{
  DnevnikMeshProvider *self = (DnevnikMeshProvider *) object;
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (dnevnik_mesh_provider_parent_class)->constructed (object);

  /* The region's hosts always pass; a development build's override must
   * follow the same URL policy. */
  self->api = dnevnik_api_new (api_url (self), &error);
  if (self->api == NULL)
    {
      g_critical ("Refusing the МЭШ base URL “%s”: %s", api_url (self), error->message);
      g_clear_pointer (&self->base_url, g_free);
      self->api = dnevnik_api_new (api_url (self), NULL);
    }
}

static void
dnevnik_mesh_provider_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  DnevnikMeshProvider *self = DNEVNIK_MESH_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_REGION:
      g_value_set_enum (value, self->region);
      break;
#if DEVELOPMENT_BUILD
    case PROP_BASE_URL:
      g_value_set_string (value, api_url (self));
      break;
#endif
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_mesh_provider_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  DnevnikMeshProvider *self = DNEVNIK_MESH_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_REGION:
      self->region = g_value_get_enum (value);
      break;
#if DEVELOPMENT_BUILD
    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;
#endif
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_mesh_provider_finalize (GObject *object)
{
  DnevnikMeshProvider *self = (DnevnikMeshProvider *) object;

  g_clear_object (&self->api);
  g_free (self->base_url);

  G_OBJECT_CLASS (dnevnik_mesh_provider_parent_class)->finalize (object);
}

static void
dnevnik_mesh_provider_iface_init (DnevnikProviderInterface *iface)
{
  iface->get_server = dnevnik_mesh_provider_get_server;
  iface->get_capabilities = dnevnik_mesh_provider_get_capabilities;
  iface->dup_web_url = dnevnik_mesh_provider_dup_web_url;
  iface->get_web_cookies = dnevnik_mesh_provider_get_web_cookies;
  iface->get_timeout = dnevnik_mesh_provider_get_timeout;
  iface->set_timeout = dnevnik_mesh_provider_set_timeout;
  iface->call_async = dnevnik_mesh_provider_call_async;
}

static void
dnevnik_mesh_provider_class_init (DnevnikMeshProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = dnevnik_mesh_provider_constructed;
  object_class->get_property = dnevnik_mesh_provider_get_property;
  object_class->set_property = dnevnik_mesh_provider_set_property;
  object_class->finalize = dnevnik_mesh_provider_finalize;

  /**
   * DnevnikMeshProvider:region:
   *
   * Which of the platform's diaries.
   */
  properties[PROP_REGION] =
    g_param_spec_enum ("region", NULL, NULL,
                       DNEVNIK_TYPE_MESH_REGION, DNEVNIK_MESH_REGION_MOSCOW,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

#if DEVELOPMENT_BUILD
  /**
   * DnevnikMeshProvider:base-url:
   *
   * Another host for every request and page, for the tests' replay server
   * on loopback.  It exists in development builds only: a release build
   * talks to the region's hosts and nothing else, whatever its
   * environment or settings say.
   */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
#endif

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dnevnik_mesh_provider_init (DnevnikMeshProvider *self)
{
}

/**
 * dnevnik_mesh_provider_new:
 * @region: which diary
 *
 * Returns: (transfer full): a provider for the diary of @region
 */
DnevnikProvider *
dnevnik_mesh_provider_new (DnevnikMeshRegion region)
{
  g_return_val_if_fail (region < G_N_ELEMENTS (regions), NULL);

  return g_object_new (DNEVNIK_TYPE_MESH_PROVIDER, "region", region, NULL);
}

/**
 * dnevnik_mesh_provider_get_region:
 * @self: a #DnevnikMeshProvider
 *
 * Returns: which diary @self talks to
 */
DnevnikMeshRegion
dnevnik_mesh_provider_get_region (DnevnikMeshProvider *self)
{
  g_return_val_if_fail (DNEVNIK_IS_MESH_PROVIDER (self), DNEVNIK_MESH_REGION_MOSCOW);

  return self->region;
}

/**
 * dnevnik_mesh_provider_get_web_url:
 * @self: a #DnevnikMeshProvider
 * @page: which page
 *
 * The https address of a page of the web diary, for what the app leaves
 * to it.  The sign-in page is the published one; the Сферум button and
 * «Мой паспорт → Безопасность» have no published address, so for them
 * this is the web diary's home, whose menu leads there.  In a development
 * build with #DnevnikMeshProvider:base-url every page is under that
 * address instead.
 *
 * Returns: (transfer full): the page's address
 */
char *
dnevnik_mesh_provider_get_web_url (DnevnikMeshProvider *self,
                                   DnevnikMeshPage      page)
{
  const Region *region;

  g_return_val_if_fail (DNEVNIK_IS_MESH_PROVIDER (self), NULL);

  region = &regions[self->region];
  if (self->base_url != NULL)
    return g_strconcat (self->base_url, page == DNEVNIK_MESH_PAGE_SIGN_IN ? "/sign-in" : "/", NULL);

  switch (page)
    {
    case DNEVNIK_MESH_PAGE_SIGN_IN:
      return g_strdup (region->sign_in);

    case DNEVNIK_MESH_PAGE_DIARY:
    case DNEVNIK_MESH_PAGE_SFERUM:
    case DNEVNIK_MESH_PAGE_PASSPORT:
      return g_strconcat (region->web, "/", NULL);

    default:
      g_return_val_if_reached (NULL);
    }
}
