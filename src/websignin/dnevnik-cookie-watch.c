/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include "dnevnik-cookie-watch.h"

struct _DnevnikCookieWatch
{
  GObject              parent_instance;

  /* owned */
  WebKitCookieManager *manager;
  GCancellable        *cancellable;
  char                *cookie_uri;
  char                *token_cookie;
  char                *refresh_cookie;

  gboolean             found;
};

G_DEFINE_FINAL_TYPE (DnevnikCookieWatch, dnevnik_cookie_watch, G_TYPE_OBJECT)

enum {
  FOUND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
find_cookie (GList      *cookies,
             const char *name)
{
  for (GList *l = cookies; l != NULL; l = l->next)
    {
      SoupCookie *cookie = l->data;
      const char *value = soup_cookie_get_value (cookie);

      if (g_strcmp0 (soup_cookie_get_name (cookie), name) == 0 && value != NULL && *value != '\0')
        return value;
    }

  return NULL;
}

static void
on_get_cookies_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DnevnikCookieWatch) self = user_data;
  g_autoptr(GError) error = NULL;
  GList *cookies;
  const char *token;

  cookies = webkit_cookie_manager_get_cookies_finish (WEBKIT_COOKIE_MANAGER (object), result, &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the cookies: %s", error->message);
      return;
    }

  /* The cookie jar stores every Set-Cookie of a reply before it announces
   * a change, so the refresh cookie of the same reply is already here. */
  token = find_cookie (cookies, self->token_cookie);
  if (token != NULL && !self->found)
    {
      const char *refresh = self->refresh_cookie ? find_cookie (cookies, self->refresh_cookie) : NULL;

      self->found = TRUE;
      g_cancellable_cancel (self->cancellable);
      g_debug ("The token cookie is set%s", refresh != NULL ? ", with a refresh cookie" : "");
      g_signal_emit (self, signals[FOUND], 0, token, refresh);
    }

  g_list_free_full (cookies, (GDestroyNotify) soup_cookie_free);
}

static void
on_cookies_changed_cb (DnevnikCookieWatch *self)
{
  dnevnik_cookie_watch_check (self);
}

static void
dnevnik_cookie_watch_dispose (GObject *object)
{
  DnevnikCookieWatch *self = DNEVNIK_COOKIE_WATCH (object);

  g_cancellable_cancel (self->cancellable);
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (dnevnik_cookie_watch_parent_class)->dispose (object);
}

static void
dnevnik_cookie_watch_finalize (GObject *object)
{
  DnevnikCookieWatch *self = DNEVNIK_COOKIE_WATCH (object);

  g_clear_object (&self->cancellable);
  g_free (self->cookie_uri);
  g_free (self->token_cookie);
  g_free (self->refresh_cookie);

  G_OBJECT_CLASS (dnevnik_cookie_watch_parent_class)->finalize (object);
}

static void
dnevnik_cookie_watch_class_init (DnevnikCookieWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dnevnik_cookie_watch_dispose;
  object_class->finalize = dnevnik_cookie_watch_finalize;

  /**
   * DnevnikCookieWatch::found:
   * @token: the token cookie's value
   * @refresh_token: (nullable): the refresh cookie's value
   *
   * The token cookie appeared; emitted once.
   */
  signals[FOUND] = g_signal_new ("found",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
dnevnik_cookie_watch_init (DnevnikCookieWatch *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * dnevnik_cookie_watch_new:
 * @manager: the cookie manager of the sign-in view's network session
 * @cookie_uri: an address on the diary's host: the cookies sent there count
 * @token_cookie: the token cookie's name
 * @refresh_cookie: (nullable): the refresh cookie's name
 *
 * Returns: (transfer full): a watch, already watching
 */
DnevnikCookieWatch *
dnevnik_cookie_watch_new (WebKitCookieManager *manager,
                          const char          *cookie_uri,
                          const char          *token_cookie,
                          const char          *refresh_cookie)
{
  DnevnikCookieWatch *self;

  g_return_val_if_fail (WEBKIT_IS_COOKIE_MANAGER (manager), NULL);
  g_return_val_if_fail (cookie_uri != NULL, NULL);
  g_return_val_if_fail (token_cookie != NULL, NULL);

  self = g_object_new (DNEVNIK_TYPE_COOKIE_WATCH, NULL);
  self->manager = g_object_ref (manager);
  self->cookie_uri = g_strdup (cookie_uri);
  self->token_cookie = g_strdup (token_cookie);
  self->refresh_cookie = g_strdup (refresh_cookie);

  g_signal_connect_swapped (manager, "changed", G_CALLBACK (on_cookies_changed_cb), self);

  return self;
}

/**
 * dnevnik_cookie_watch_check:
 *
 * Looks at the cookies now, besides on every change the manager reports
 * (a page that finished loading is a good moment to look again).
 */
void
dnevnik_cookie_watch_check (DnevnikCookieWatch *self)
{
  g_return_if_fail (DNEVNIK_IS_COOKIE_WATCH (self));

  if (self->found)
    return;

  webkit_cookie_manager_get_cookies (self->manager, self->cookie_uri, self->cancellable,
                                     on_get_cookies_cb, g_object_ref (self));
}
