/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <webkit/webkit.h>

#include "dnevnik-cookie-watch.h"
#include "dnevnik-web-sign-in-policy.h"
#include "dnevnik-web-sign-in-window.h"

/* The web view lives in a network session of its own that keeps nothing
 * on disk: on a lab computer shared by a class, nothing of one student's
 * sign-in may be left for the next, and the session ends with this
 * process.  The view may only go where the URL policy allows (no plain
 * http to another computer, no other schemes), opens no second window,
 * downloads nothing and grants no permission (camera, location, …):
 * signing in needs none of it. */

struct _DnevnikWebSignInWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  GtkBox               *web_box;

  /* owned */
  WebKitNetworkSession *network_session;
  DnevnikCookieWatch   *cookie_watch;
  char                 *start_url;

  /* borrowed: a child of web_box */
  WebKitWebView        *web_view;
};

G_DEFINE_FINAL_TYPE (DnevnikWebSignInWindow, dnevnik_web_sign_in_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
navigation_is_allowed (const char *uri)
{
  g_autofree char *scheme = g_uri_parse_scheme (uri);

  if (scheme == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
    return dnevnik_web_sign_in_policy_allows_url (uri);

  /* What pages use inside themselves: empty frames, inline and generated
   * content. */
  return g_ascii_strcasecmp (scheme, "about") == 0 ||
         g_ascii_strcasecmp (scheme, "data") == 0 ||
         g_ascii_strcasecmp (scheme, "blob") == 0;
}

static void
on_found_cb (DnevnikWebSignInWindow *self,
             const char             *token,
             const char             *refresh_token)
{
  g_signal_emit (self, signals[SIGNED_IN], 0, token, refresh_token);
}

static void
on_load_changed_cb (DnevnikWebSignInWindow *self,
                    WebKitLoadEvent         load_event)
{
  if (load_event == WEBKIT_LOAD_FINISHED)
    dnevnik_cookie_watch_check (self->cookie_watch);
}

static gboolean
on_load_failed_cb (DnevnikWebSignInWindow *self,
                   WebKitLoadEvent         load_event,
                   const char             *failing_uri,
                   GError                 *error)
{
  /* A load stopped by the student or by the navigation policy is no
   * failure of the page. */
  if (g_error_matches (error, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED) ||
      g_error_matches (error, WEBKIT_POLICY_ERROR, WEBKIT_POLICY_ERROR_FRAME_LOAD_INTERRUPTED_BY_POLICY_CHANGE))
    return FALSE;

  /* Not the address: an OAuth redirect carries a one-time code in it. */
  g_debug ("The sign-in page did not load: %s", error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  return TRUE;
}

static gboolean
on_decide_policy_cb (DnevnikWebSignInWindow   *self,
                     WebKitPolicyDecision     *decision,
                     WebKitPolicyDecisionType  type)
{
  WebKitNavigationAction *action;
  WebKitURIRequest *request;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    {
      if (webkit_response_policy_decision_is_mime_type_supported (WEBKIT_RESPONSE_POLICY_DECISION (decision)))
        return FALSE;

      webkit_policy_decision_ignore (decision);
      return TRUE;
    }

  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  request = webkit_navigation_action_get_request (action);

  if (!navigation_is_allowed (webkit_uri_request_get_uri (request)))
    {
      webkit_policy_decision_ignore (decision);
      return TRUE;
    }

  /* A link that asks for a new window opens here: one window, one
   * session. */
  if (type == WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION)
    {
      webkit_policy_decision_ignore (decision);
      webkit_web_view_load_request (self->web_view, request);
      return TRUE;
    }

  return FALSE;
}

static gboolean
on_permission_request_cb (DnevnikWebSignInWindow  *self,
                          WebKitPermissionRequest *request)
{
  webkit_permission_request_deny (request);
  return TRUE;
}

static void
on_uri_changed_cb (DnevnikWebSignInWindow *self)
{
  const char *uri = webkit_web_view_get_uri (self->web_view);
  g_autoptr(GUri) parsed = uri ? g_uri_parse (uri, G_URI_FLAGS_NONE, NULL) : NULL;

  /* The host the student types the password on, always in sight. */
  adw_window_title_set_subtitle (self->window_title,
                                 parsed && g_uri_get_host (parsed) ? g_uri_get_host (parsed) : "");
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DnevnikWebSignInWindow *self = DNEVNIK_WEB_SIGN_IN_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->stack, "web");
  webkit_web_view_load_uri (self->web_view, self->start_url);
}

static void
add_web_view (DnevnikWebSignInWindow *self)
{
  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                 "network-session", self->network_session,
                                 "vexpand", TRUE,
                                 NULL);
  gtk_box_append (self->web_box, GTK_WIDGET (self->web_view));

  g_signal_connect_object (self->web_view, "load-changed",
                           G_CALLBACK (on_load_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "load-failed",
                           G_CALLBACK (on_load_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "decide-policy",
                           G_CALLBACK (on_decide_policy_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "permission-request",
                           G_CALLBACK (on_permission_request_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "notify::uri",
                           G_CALLBACK (on_uri_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
dnevnik_web_sign_in_window_dispose (GObject *object)
{
  DnevnikWebSignInWindow *self = DNEVNIK_WEB_SIGN_IN_WINDOW (object);

  g_clear_object (&self->cookie_watch);

  G_OBJECT_CLASS (dnevnik_web_sign_in_window_parent_class)->dispose (object);
}

static void
dnevnik_web_sign_in_window_finalize (GObject *object)
{
  DnevnikWebSignInWindow *self = DNEVNIK_WEB_SIGN_IN_WINDOW (object);

  g_clear_object (&self->network_session);
  g_free (self->start_url);

  G_OBJECT_CLASS (dnevnik_web_sign_in_window_parent_class)->finalize (object);
}

static void
dnevnik_web_sign_in_window_class_init (DnevnikWebSignInWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dnevnik_web_sign_in_window_dispose;
  object_class->finalize = dnevnik_web_sign_in_window_finalize;

  /**
   * DnevnikWebSignInWindow::signed-in:
   * @token: the token cookie's value
   * @refresh_token: (nullable): the refresh cookie's value
   *
   * The student is signed in: the token cookie appeared.
   */
  signals[SIGNED_IN] = g_signal_new ("signed-in",
                                     G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/WebSignIn/dnevnik-web-sign-in-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DnevnikWebSignInWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWebSignInWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DnevnikWebSignInWindow, web_box);

  gtk_widget_class_install_action (widget_class, "sign-in.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dnevnik_web_sign_in_window_init (DnevnikWebSignInWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * dnevnik_web_sign_in_window_new:
 * @application: the helper's application
 * @network_session: an ephemeral network session
 * @start_url: the diary's sign-in page (checked by the caller)
 * @cookie_uri: an address on the host that receives the token cookie
 * @token_cookie: the token cookie's name
 * @refresh_cookie: (nullable): the refresh cookie's name
 *
 * Returns: (transfer none): a window, already loading @start_url; GTK
 *   keeps it until it is destroyed
 */
GtkWidget *
dnevnik_web_sign_in_window_new (GtkApplication       *application,
                                WebKitNetworkSession *network_session,
                                const char           *start_url,
                                const char           *cookie_uri,
                                const char           *token_cookie,
                                const char           *refresh_cookie)
{
  DnevnikWebSignInWindow *self;
  WebKitCookieManager *manager;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (WEBKIT_IS_NETWORK_SESSION (network_session), NULL);
  g_return_val_if_fail (start_url != NULL, NULL);

  self = g_object_new (DNEVNIK_TYPE_WEB_SIGN_IN_WINDOW,
                       "application", application,
                       NULL);
  self->network_session = g_object_ref (network_session);
  self->start_url = g_strdup (start_url);
  add_web_view (self);

  manager = webkit_network_session_get_cookie_manager (self->network_session);
  self->cookie_watch = dnevnik_cookie_watch_new (manager, cookie_uri, token_cookie, refresh_cookie);
  g_signal_connect_object (self->cookie_watch, "found",
                           G_CALLBACK (on_found_cb), self, G_CONNECT_SWAPPED);

  webkit_web_view_load_uri (self->web_view, self->start_url);

  return GTK_WIDGET (self);
}
