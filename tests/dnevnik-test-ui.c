/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "dnevnik-test-ui.h"

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

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
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
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout_cb, &timed_out);

  while (!condition (user_data))
    {
      if (timed_out)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }

  if (!timed_out)
    g_source_remove (id);

  return TRUE;
}

/**
 * dnevnik_test_ui_spin:
 * @ms: how long
 *
 * Lets the main loop run for @ms milliseconds (for frames to be drawn).
 */
void
dnevnik_test_ui_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
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
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = dnevnik_test_ui_find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_by_type (GtkWidget *root,
              GType      type,
              guint     *index)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    {
      if (*index == 0)
        return root;
      (*index)--;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type (child, type, index);

      if (found != NULL)
        return found;
    }

  return NULL;
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
  return find_by_type (root, type, &index);
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

static void
on_xdotool_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer user_data)
{
  return *(gboolean *) user_data;
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
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  va_list args;

  g_ptr_array_add (argv, (char *) "xdotool");
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (process, NULL, on_xdotool_done_cb, &done);
  g_assert_true (dnevnik_test_ui_wait_for (is_true, &done, 20000));
}
