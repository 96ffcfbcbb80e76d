/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "dnevnik-test-loop.h"
#include "dnevnik-test-ui.h"
#include "dnevnik-test-xdotool.h"
#include "dnevnik-url.h"

#include <string.h>

/**
 * dnevnik_test_ui_init:
 * @language: (nullable): a LANGUAGE value such as "ru", or %NULL for English
 *
 * Initialises GTest and GTK for a UI test, with the translations built in
 * this tree.  Must be called before anything else.
 */
void
dnevnik_test_ui_init (int          *argc,
                      char       ***argv,
                      const char   *language)
{
  const char *build_root = g_getenv ("DNEVNIK_BUILD_ROOT");
  g_autofree char *localedir = NULL;

  /* LANGUAGE is ignored under the plain C locale: C.UTF-8 is set by the
   * test environment (tests/meson.build). */
  if (language != NULL)
    g_setenv ("LANGUAGE", language, TRUE);
  else
    g_unsetenv ("LANGUAGE");

  /* A real Russian locale (tests/locale, found through LOCPATH) gives
   * Russian dates too; without one, translations still work under C.UTF-8. */
  if (language != NULL && g_str_has_prefix (language, "ru") &&
      setlocale (LC_ALL, "ru_RU.UTF-8") != NULL)
    g_setenv ("LC_ALL", "ru_RU.UTF-8", TRUE);
  else
    setlocale (LC_ALL, "");
  g_assert_nonnull (build_root);
  localedir = g_build_filename (build_root, "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (argc, argv, NULL);
  gtk_init ();
}

/**
 * dnevnik_test_ui_wait_for:
 * @condition: checked after each main-loop iteration
 * @timeout_ms: how long to wait at most
 *
 * Spins the default main context until @condition returns %TRUE.
 *
 * Returns: whether @condition became true in time
 */
gboolean
dnevnik_test_ui_wait_for (GSourceFunc  condition,
                          gpointer     user_data,
                          guint        timeout_ms)
{
  return dnevnik_test_loop_wait_for (NULL, condition, user_data, timeout_ms);
}

/**
 * dnevnik_test_ui_is_true:
 * @user_data: a `gboolean *`
 *
 * A condition for dnevnik_test_ui_wait_for(): whether the flag is set.
 */
gboolean
dnevnik_test_ui_is_true (gpointer user_data)
{
  return dnevnik_test_loop_is_set (user_data);
}

/**
 * dnevnik_test_ui_widget_is_shown:
 * @user_data: a #GtkWidget
 *
 * A condition for dnevnik_test_ui_wait_for(): whether the widget is
 * mapped and laid out (has a width), so a person could see it.
 */
gboolean
dnevnik_test_ui_widget_is_shown (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data) && gtk_widget_get_width (user_data) > 0;
}

/**
 * dnevnik_test_ui_is_null:
 * @user_data: a `gpointer *`, such as a weak pointer
 *
 * A condition for dnevnik_test_ui_wait_for(): whether the pointer is
 * %NULL (the object it pointed to is gone).
 */
gboolean
dnevnik_test_ui_is_null (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

/**
 * dnevnik_test_ui_spin:
 * @ms: how long
 *
 * Lets the main loop run for @ms milliseconds (for frames to be drawn):
 * the same wait as dnevnik_test_loop_spin(), under the name UI tests use.
 */
void
dnevnik_test_ui_spin (guint ms)
{
  dnevnik_test_loop_spin (ms);
}

/**
 * dnevnik_test_ui_register_application:
 * @id: the application id of the test program
 *
 * A non-unique #GtkApplication for the windows a test opens, registered.
 *
 * Returns: (transfer full): the application
 */
GtkApplication *
dnevnik_test_ui_register_application (const char *id)
{
  g_autoptr(GtkApplication) app = gtk_application_new (id, G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&app);
}

/**
 * dnevnik_test_ui_find_widget:
 * @root: where to start
 * @match: what is looked for
 * @data: passed to @match
 *
 * Returns: (transfer none) (nullable): the first widget of @root and
 *   below it, depth first, that @match accepts
 */
GtkWidget *
dnevnik_test_ui_find_widget (GtkWidget              *root,
                             DnevnikTestUiMatchFunc  match,
                             gpointer                data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = dnevnik_test_ui_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
label_is (GtkWidget *widget,
          gpointer   text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/**
 * dnevnik_test_ui_find_label:
 * @root: where to start
 * @text: the exact text
 *
 * Returns: (transfer none) (nullable): the first mapped-or-not GtkLabel
 *   below @root showing @text
 */
GtkWidget *
dnevnik_test_ui_find_label (GtkWidget  *root,
                            const char *text)
{
  return dnevnik_test_ui_find_widget (root, label_is, (gpointer) text);
}

typedef struct
{
  GType type;
  guint index;
} TypeSearch;

/* The widget of the type, once @index of them have been passed. */
static gboolean
is_nth_of_type (GtkWidget *widget,
                gpointer   user_data)
{
  TypeSearch *search = user_data;

  if (!G_TYPE_CHECK_INSTANCE_TYPE (widget, search->type))
    return FALSE;
  if (search->index == 0)
    return TRUE;
  search->index--;
  return FALSE;
}

/**
 * dnevnik_test_ui_find_by_type:
 * @index: 0 for the first match in depth-first order, 1 for the second…
 *
 * Returns: (transfer none) (nullable): the widget
 */
GtkWidget *
dnevnik_test_ui_find_by_type (GtkWidget *root,
                              GType      type,
                              guint      index)
{
  TypeSearch search = { type, index };

  return dnevnik_test_ui_find_widget (root, is_nth_of_type, &search);
}

/**
 * dnevnik_test_ui_destroy_window:
 * @window: (transfer full): a window, with a reference the caller gives up
 *
 * Destroys @window and asserts that it is finalized.  What was in flight
 * for it (a request, an idle) may hold it a moment longer on a slow machine
 * (sanitizers), so this waits for that within bounds; nothing may hold it
 * for good.
 */
void
dnevnik_test_ui_destroy_window (GtkWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (window);
  g_object_unref (window);
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_is_null, &weak, 20000));
}

/**
 * dnevnik_test_ui_screenshot:
 * @widget: a realized widget, usually a window
 * @name: a file name without extension
 *
 * Renders @widget with the Cairo renderer into
 * `$DNEVNIK_BUILD_ROOT/screenshots/@name.png`.
 *
 * Returns: (transfer full): the path of the PNG
 */
char *
dnevnik_test_ui_screenshot (GtkWidget  *widget,
                            const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  char *path;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t bounds;

  /* A window or popover just shown is laid out in a frame to come: on a
   * slow machine (sanitizers) wait for it, within bounds. */
  for (guint tries = 0; (width <= 0 || height <= 0) && tries < 100; tries++)
    {
      dnevnik_test_ui_spin (50);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
    }

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* A widget that has not been drawn yet has nothing to snapshot: on a
   * slow machine (sanitizers) give it frames until it has. */
  for (guint tries = 0; node == NULL && tries < 100; tries++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      if (tries > 0)
        dnevnik_test_ui_spin (50);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);

  g_assert_true (gsk_renderer_realize (renderer, NULL, NULL));
  graphene_rect_init (&bounds, 0, 0, width, height);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  gsk_renderer_unrealize (renderer);

  dir = g_build_filename (g_getenv ("DNEVNIK_BUILD_ROOT"), "screenshots", NULL);
  g_assert_no_errno (g_mkdir_with_parents (dir, 0755));
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));

  return path;
}

/**
 * dnevnik_test_ui_screenshot_after:
 * @widget: a realized widget, usually a window
 * @name: a file name without extension
 * @settle_ms: how long the main context runs first, for what is still
 *   being drawn
 *
 * Like dnevnik_test_ui_screenshot(), a moment later; says where the
 * picture went in the test's log.
 */
void
dnevnik_test_ui_screenshot_after (GtkWidget  *widget,
                                  const char *name,
                                  guint       settle_ms)
{
  g_autofree char *path = NULL;

  dnevnik_test_ui_spin (settle_ms);
  path = dnevnik_test_ui_screenshot (widget, name);
  g_test_message ("screenshot: %s", path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/**
 * dnevnik_test_ui_xdotool:
 * @first_arg: the first argument of xdotool, then the others, then %NULL
 *
 * Runs `xdotool` with real X events (GTK 4.8 cannot synthesise key events
 * in-process) while the main loop runs, so that GTK handles them, and
 * waits until it is done.
 */
void
dnevnik_test_ui_xdotool (const char *first_arg,
                         ...)
{
  va_list args;

  va_start (args, first_arg);
  dnevnik_test_xdotool_valist (NULL, first_arg, args);
  va_end (args);
}

/* --- a notification server, what the desktop shows ------------------------ */

static GPtrArray *notifications;  /* "summary\nbody" of each Notify call */

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static void
on_notifications_method_cb (GDBusConnection       *connection,
                            const char            *sender,
                            const char            *object_path,
                            const char            *interface_name,
                            const char            *method_name,
                            GVariant              *parameters,
                            GDBusMethodInvocation *invocation,
                            gpointer               user_data)
{
  if (g_strcmp0 (method_name, "Notify") == 0)
    {
      const char *summary;
      const char *body;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_ptr_array_add (notifications, g_strconcat (summary, "\n", body, NULL));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notifications->len));
    }
  else if (g_strcmp0 (method_name, "GetCapabilities") == 0)
    {
      const char *caps[] = { "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_strcmp0 (method_name, "GetServerInformation") == 0)
    {
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(ssss)", "test", "dnevnik", "1", "1.2"));
    }
  else
    {
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
}

static const GDBusInterfaceVTable notifications_vtable = { on_notifications_method_cb, NULL, NULL, { 0 } };

static gboolean name_acquired;

static void
on_name_acquired_cb (GDBusConnection *connection,
                     const char      *name,
                     gpointer         user_data)
{
  name_acquired = TRUE;
}

/**
 * dnevnik_test_ui_start_notifications:
 *
 * Owns org.freedesktop.Notifications on the test's private bus.  Without
 * a server GLib's notification backend warns, and fatal-warnings stops the
 * test; with one, the test sees what the student would see.
 *
 * Returns: (transfer none) (element-type utf8): "summary\nbody" of each
 *   notification shown from now on, for the whole test program
 */
GPtrArray *
dnevnik_test_ui_start_notifications (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GDBusNodeInfo) info = NULL;

  g_assert_null (notifications);
  g_assert_no_error (error);
  info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &notifications_vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                on_name_acquired_cb, NULL, NULL, NULL);
  g_assert_true (dnevnik_test_ui_wait_for (dnevnik_test_ui_is_true, &name_acquired, 20000));
  notifications = g_ptr_array_new_with_free_func (g_free);

  return notifications;
}

/**
 * dnevnik_test_ui_install_uri_handler:
 *
 * Installs, in the test's XDG directories, the default handler of https://
 * and http:// links: a desktop file that appends each link it is given to a file, so
 * that what the app opens can be read without a browser.
 *
 * Returns: (transfer full): the file the links are written to
 */
char *
dnevnik_test_ui_install_uri_handler (void)
{
  g_autofree char *apps = g_build_filename (g_get_user_data_dir (), "applications", NULL);
  g_autofree char *desktop = g_build_filename (apps, "dnevnik-test-handler.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (g_get_user_config_dir (), "mimeapps.list", NULL);
  g_autofree char *outfile = g_build_filename (g_get_user_data_dir (), "opened-uris.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_no_errno (g_mkdir_with_parents (apps, 0700));
  g_assert_no_errno (g_mkdir_with_parents (g_get_user_config_dir (), 0700));

  contents = g_strdup_printf ("[Desktop Entry]\n"
                              "Type=Application\n"
                              "Name=Dnevnik test URI handler\n"
                              "Exec=sh -c 'echo \"$1\" >> %s' sh %%u\n"
                              "MimeType=x-scheme-handler/https;x-scheme-handler/http;\n"
                              "NoDisplay=true\n",
                              outfile);
  g_file_set_contents (desktop, contents, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (mimeapps,
                       "[Default Applications]\n"
                       "x-scheme-handler/https=dnevnik-test-handler.desktop\n"
                       "x-scheme-handler/http=dnevnik-test-handler.desktop\n",
                       -1, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&outfile);
}

/* The app's own fixed links, the same for every student: the only
 * addresses off this computer that training mode may open. */
static const char * const static_links[] = {
  "https://max.ru/",
  NULL
};

/**
 * dnevnik_test_ui_assert_stays_local:
 * @text: an address the app opened, or the text of a QR code it showed,
 *   in training mode
 *
 * Fails unless @text is an address on this computer's loopback or one of
 * the app's fixed links; a text that is not an address at all must not
 * hold one either, or a phone would open it.
 */
void
dnevnik_test_ui_assert_stays_local (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);

  if (g_strv_contains (static_links, text))
    return;

  if (uri == NULL)
    {
      g_assert_null (strstr (text, "://"));
      g_assert_null (strstr (text, "www."));
      return;
    }

  g_assert_cmpstr (g_uri_get_scheme (uri), ==, "http");
  g_assert_true (dnevnik_url_is_loopback_host (g_uri_get_host (uri)));
}

/**
 * dnevnik_test_ui_decode_qr:
 * @widget: a drawn widget showing a QR code
 * @name: the name of its screenshot
 *
 * Reads the QR code as a phone's scanner would: from the widget's pixels,
 * with `zbarimg`.
 *
 * Returns: (transfer full): the text of the code
 */
char *
dnevnik_test_ui_decode_qr (GtkWidget  *widget,
                           const char *name)
{
  g_autofree char *png = dnevnik_test_ui_screenshot (widget, name);
  const char *argv[] = { "zbarimg", "--raw", "-q", png, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return g_strchomp (g_steal_pointer (&out));
}

/**
 * dnevnik_test_ui_find_toplevel_where:
 * @type: a window type
 * @filter: (nullable): what else the window must be, such as
 *   gtk_widget_get_visible()
 *
 * Returns: (transfer none) (nullable): the first toplevel window of @type
 *   that passes @filter
 */
GtkWindow *
dnevnik_test_ui_find_toplevel_where (GType                   type,
                                     DnevnikTestUiWidgetFunc filter)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
          (filter == NULL || filter (GTK_WIDGET (window))))
        return window;
    }

  return NULL;
}

/**
 * dnevnik_test_ui_find_toplevel:
 * @type: a window type
 *
 * Returns: (transfer none) (nullable): the first toplevel window of @type
 */
GtkWidget *
dnevnik_test_ui_find_toplevel (GType type)
{
  return GTK_WIDGET (dnevnik_test_ui_find_toplevel_where (type, NULL));
}
