/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dnevnik-atspi-reader.h"
#include "dnevnik-test-xdotool.h"

/* Reading the app over AT-SPI and acting on it, for dnevnik-atspi-client:
 * the windows of one process, the nodes a person sees in them, and the
 * clicks, text and keys a person gives them. */

#define WAIT_US (20 * G_USEC_PER_SEC)
#define POLL_US (50 * 1000)

guint dnevnik_atspi_pid;
char *dnevnik_atspi_step;

/* Asks @done every POLL_US until it holds: the app runs in another
 * process, so there is nothing to wait on but time.  FALSE after WAIT_US,
 * a bound on a hang, not a measure of speed. */
static gboolean
poll_until (GSourceFunc done,
            gpointer    data)
{
  gint64 end = g_get_monotonic_time () + WAIT_US;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_usleep (POLL_US);
    }

  return TRUE;
}

void
dnevnik_atspi_node_clear (DnevnikAtspiNode *node)
{
  g_clear_object (&node->node);
  g_clear_pointer (&node->name, g_free);
  g_clear_object (&node->states);
}

gboolean
dnevnik_atspi_has_state (DnevnikAtspiNode *node,
                         AtspiStateType    state)
{
  return atspi_state_set_contains (node->states, state);
}

/* --- reading the tree ----------------------------------------------------- */

AtspiAccessible *
dnevnik_atspi_find_app (void)
{
  g_autoptr(AtspiAccessible) desktop = atspi_get_desktop (0);
  int n = atspi_accessible_get_child_count (desktop, NULL);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (desktop, i, NULL);

      if (child != NULL && atspi_accessible_get_process_id (child, NULL) == dnevnik_atspi_pid)
        return g_steal_pointer (&child);
    }

  return NULL;
}

gboolean
dnevnik_atspi_read_extents (AtspiAccessible *accessible,
                            AtspiRect       *rect)
{
  g_autofree AtspiRect *r = NULL;

  if (!ATSPI_IS_COMPONENT (accessible))
    return FALSE;

  r = atspi_component_get_extents (ATSPI_COMPONENT (accessible), ATSPI_COORD_TYPE_WINDOW, NULL);
  if (r == NULL || r->width < 0)
    return FALSE;

  *rect = *r;
  return TRUE;
}

static gboolean
rect_inside (const AtspiRect *inner,
             const AtspiRect *outer)
{
  return inner->width > 0 && inner->height > 0 &&
         inner->x + inner->width > outer->x && inner->x < outer->x + outer->width &&
         inner->y + inner->height > outer->y && inner->y < outer->y + outer->height;
}

/* The stacks of the window being walked, as the test process sees them
 * from the widget side: where each is, how many pages it has and which
 * one is shown.  GTK 4.8 exports every page of a stack as visible, and a
 * page shown before keeps its old extents. */
typedef struct
{
  gboolean  view_stack;  /* AdwViewStack: its pages are its children */
  AtspiRect rect;
  int       pages;
  int       shown;
  gboolean  used;
} Stack;

static GArray *stacks;

/* The test process answers on stdin what it is asked on stdout. */
static GIOChannel *
from_test (void)
{
  static GIOChannel *channel;

  if (channel == NULL)
    channel = g_io_channel_unix_new (STDIN_FILENO);

  return channel;
}

/* Asks the test process (on stdout, answered on stdin) for the stacks
 * of the window @title. */
static void
load_stacks (const char *title)
{
  GIOChannel *in = from_test ();
  g_autoptr(GError) error = NULL;
  gboolean mine = FALSE;

  if (stacks == NULL)
    stacks = g_array_new (FALSE, TRUE, sizeof (Stack));
  g_array_set_size (stacks, 0);

  fputs ("stacks\n", stdout);
  fflush (stdout);
  for (;;)
    {
      g_autofree char *line = NULL;
      Stack stack = { 0 };
      char kind[16];

      if (g_io_channel_read_line (in, &line, NULL, NULL, &error) != G_IO_STATUS_NORMAL)
        g_error ("the test process did not answer: %s", error != NULL ? error->message : "end of file");
      g_strchomp (line);
      if (g_str_equal (line, "."))
        break;
      if (g_str_has_prefix (line, "window "))
        mine = g_str_equal (line + strlen ("window "), title);
      else if (mine && sscanf (line, "%15s %d %d %d %d %d %d", kind, &stack.rect.x, &stack.rect.y,
                               &stack.rect.width, &stack.rect.height, &stack.pages, &stack.shown) == 7)
        {
          stack.view_stack = g_str_equal (kind, "view-stack");
          g_array_append_val (stacks, stack);
        }
    }
}

/* The code of the last SMS, from the test process: it comes to the
 * student's phone, not to the screen. */
char *
dnevnik_atspi_ask_code (void)
{
  GIOChannel *in = from_test ();
  g_autoptr(GError) error = NULL;
  char *line = NULL;

  fputs ("code\n", stdout);
  fflush (stdout);
  if (g_io_channel_read_line (in, &line, NULL, NULL, &error) != G_IO_STATUS_NORMAL)
    g_error ("the test process did not answer: %s", error != NULL ? error->message : "end of file");

  return g_strchomp (line);
}

static gboolean
same_rect (const AtspiRect *a,
           const AtspiRect *b)
{
  return ABS (a->x - b->x) <= 1 && ABS (a->y - b->y) <= 1 &&
         ABS (a->width - b->width) <= 1 && ABS (a->height - b->height) <= 1;
}

static gboolean
is_stack_page (AtspiAccessible *accessible,
               int              index)
{
  g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (accessible, index, NULL);
  g_autofree char *name = child != NULL ? atspi_accessible_get_name (child, NULL) : NULL;

  return g_strcmp0 (name, "GtkStackPage") == 0;
}

/* The index of the child of @accessible that is shown, if it is a stack;
 * -1 if it is none. */
static int
shown_stack_child (AtspiAccessible *accessible,
                   const AtspiRect *extents,
                   int              n_children)
{
  if (stacks == NULL || n_children < 2)
    return -1;

  for (guint i = 0; i < stacks->len; i++)
    {
      Stack *stack = &g_array_index (stacks, Stack, i);

      if (stack->used || stack->pages != n_children || !same_rect (&stack->rect, extents))
        continue;
      if (stack->view_stack == is_stack_page (accessible, 0))
        continue;

      stack->used = TRUE;
      return stack->shown;
    }

  return -1;
}

static void
walk_into (GArray          *nodes,
           AtspiAccessible *accessible,
           int              parent,
           const AtspiRect *clip,
           guint            depth)
{
  DnevnikAtspiNode node = { 0 };
  AtspiRect clip_here = *clip;
  int shown_child;
  int n;
  int index;

  node.node = g_object_ref (accessible);
  node.role = atspi_accessible_get_role (accessible, NULL);
  node.name = atspi_accessible_get_name (accessible, NULL);
  node.states = atspi_accessible_get_state_set (accessible);
  node.depth = depth;
  node.parent = parent;

  /* GtkStackPage has no extents: it passes its parent's on. */
  if (dnevnik_atspi_read_extents (accessible, &node.extents))
    {
      if (!rect_inside (&node.extents, clip))
        {
          dnevnik_atspi_node_clear (&node);
          return;
        }
      clip_here = node.extents;
    }
  else
    node.extents = *clip;

  g_array_append_val (nodes, node);
  index = nodes->len - 1;

  n = atspi_accessible_get_child_count (accessible, NULL);
  shown_child = shown_stack_child (accessible, &node.extents, n);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = NULL;

      if (shown_child >= 0 && i != shown_child)
        continue;
      child = atspi_accessible_get_child_at_index (accessible, i, NULL);
      if (child != NULL)
        walk_into (nodes, child, index, &clip_here, depth + 1);
    }
}

/* The nodes of @window a person sees, in tree order; the window first. */
GArray *
dnevnik_atspi_walk (AtspiAccessible *window)
{
  GArray *nodes = g_array_new (FALSE, TRUE, sizeof (DnevnikAtspiNode));
  AtspiRect everywhere = { G_MININT / 2, G_MININT / 2, G_MAXINT, G_MAXINT };
  g_autofree char *title = atspi_accessible_get_name (window, NULL);

  g_array_set_clear_func (nodes, (GDestroyNotify) dnevnik_atspi_node_clear);
  load_stacks (title);
  walk_into (nodes, window, -1, &everywhere, 0);

  return nodes;
}

/* What the client hears in @title, for the log of a failed step. */
void
dnevnik_atspi_print_window (const char      *title,
                            AtspiAccessible *window)
{
  g_autoptr(GArray) nodes = dnevnik_atspi_walk (window);

  g_printerr ("# what «%s» says:\n", title);
  for (guint i = 0; i < nodes->len; i++)
    {
      DnevnikAtspiNode *node = &g_array_index (nodes, DnevnikAtspiNode, i);
      g_autofree char *role = atspi_role_get_name (node->role);

      g_printerr ("#   %*s%s «%s»%s\n", node->depth * 2, "", role, node->name,
                  dnevnik_atspi_has_state (node, ATSPI_STATE_FOCUSED) ? " (focused)" : "");
    }
}

GPtrArray *
dnevnik_atspi_app_windows (void)
{
  g_autoptr(AtspiAccessible) app = dnevnik_atspi_find_app ();
  GPtrArray *windows = g_ptr_array_new_with_free_func (g_object_unref);
  int n;

  g_assert_nonnull (app);
  n = atspi_accessible_get_child_count (app, NULL);
  for (int i = 0; i < n; i++)
    {
      AtspiAccessible *child = atspi_accessible_get_child_at_index (app, i, NULL);

      if (child != NULL)
        g_ptr_array_add (windows, child);
    }

  return windows;
}

/* --- finding and doing ---------------------------------------------------- */

AtspiAccessible *
dnevnik_atspi_find_window (const char *title)
{
  g_autoptr(GPtrArray) windows = dnevnik_atspi_app_windows ();

  for (guint i = 0; i < windows->len; i++)
    {
      AtspiAccessible *window = g_ptr_array_index (windows, i);
      g_autofree char *name = atspi_accessible_get_name (window, NULL);
      AtspiRect extents;

      if (g_strcmp0 (name, title) == 0 && dnevnik_atspi_read_extents (window, &extents) && extents.width > 0)
        return g_object_ref (window);
    }

  return NULL;
}

/* A GtkMenuButton is exported as a button without actions around the
 * toggle button that does the work: only the one with actions can be
 * clicked.  Text nodes
 * count as they are. */
static gboolean
has_action (AtspiAccessible *accessible)
{
  g_autoptr(GArray) interfaces = atspi_accessible_get_interfaces (accessible);

  for (guint i = 0; i < interfaces->len; i++)
    {
      const char *name = g_array_index (interfaces, char *, i);

      if (g_str_equal (name, "EditableText") ||
          (g_str_equal (name, "Action") && atspi_action_get_n_actions (ATSPI_ACTION (accessible), NULL) > 0))
        return TRUE;
    }

  return FALSE;
}

AtspiAccessible *
dnevnik_atspi_find_in (AtspiAccessible *window,
                       AtspiRole        role,
                       const char      *name)
{
  g_autoptr(GArray) nodes = dnevnik_atspi_walk (window);

  for (guint i = 0; i < nodes->len; i++)
    {
      DnevnikAtspiNode *node = &g_array_index (nodes, DnevnikAtspiNode, i);

      if (node->role == role && g_strcmp0 (node->name, name) == 0 && has_action (node->node))
        return g_object_ref (node->node);
    }

  return NULL;
}

/* What is looked for in a window, and what was found. */
typedef struct
{
  const char      *title;
  AtspiRole        role;
  const char      *name;
  AtspiAccessible *found;
} Search;

static gboolean
window_found (gpointer user_data)
{
  Search *search = user_data;

  search->found = dnevnik_atspi_find_window (search->title);
  return search->found != NULL;
}

AtspiAccessible *
dnevnik_atspi_wait_window (const char *title)
{
  Search search = { title, 0, NULL, NULL };

  if (!poll_until (window_found, &search))
    {
      g_autoptr(GPtrArray) windows = dnevnik_atspi_app_windows ();

      for (guint i = 0; i < windows->len; i++)
        {
          g_autofree char *name = atspi_accessible_get_name (g_ptr_array_index (windows, i), NULL);

          g_printerr ("# a window: «%s»\n", name);
        }
      g_error ("%s: no window «%s» on screen", dnevnik_atspi_step, title);
    }

  return search.found;
}

/* The node of @search->name, or with @search->name %NULL the window, in
 * the window of @search->title. */
static AtspiAccessible *
find_searched (Search *search)
{
  g_autoptr(AtspiAccessible) window = dnevnik_atspi_find_window (search->title);

  if (window == NULL || search->name == NULL)
    return g_steal_pointer (&window);
  return dnevnik_atspi_find_in (window, search->role, search->name);
}

static gboolean
node_found (gpointer user_data)
{
  Search *search = user_data;

  search->found = find_searched (search);
  return search->found != NULL;
}

AtspiAccessible *
dnevnik_atspi_wait_node (const char *title,
                         AtspiRole   role,
                         const char *name)
{
  Search search = { title, role, name, NULL };

  if (!poll_until (node_found, &search))
    {
      g_autoptr(AtspiAccessible) window = dnevnik_atspi_find_window (title);
      g_autofree char *role_name = atspi_role_get_name (role);

      if (window != NULL)
        dnevnik_atspi_print_window (title, window);
      g_error ("%s: no %s «%s» in «%s»", dnevnik_atspi_step, role_name, name, title);
    }

  return search.found;
}

static gboolean
node_gone (gpointer user_data)
{
  g_autoptr(AtspiAccessible) found = find_searched (user_data);

  return found == NULL;
}

void
dnevnik_atspi_wait_gone (const char *title,
                         AtspiRole   role,
                         const char *name)
{
  Search search = { title, role, name, NULL };

  if (!poll_until (node_gone, &search))
    g_error ("%s: «%s» is still in «%s»", dnevnik_atspi_step, name != NULL ? name : title, title);
}

static gboolean
is_sensitive (gpointer node)
{
  g_autoptr(AtspiStateSet) states = atspi_accessible_get_state_set (node);

  return atspi_state_set_contains (states, ATSPI_STATE_SENSITIVE);
}

/* A person's click, as Orca does it: the node's first action. */
void
dnevnik_atspi_click (const char *title,
                     AtspiRole   role,
                     const char *name)
{
  g_autoptr(AtspiAccessible) node = dnevnik_atspi_wait_node (title, role, name);
  g_autoptr(GError) error = NULL;

  g_assert_true (ATSPI_IS_ACTION (node));
  /* A button that is not sensitive yet ignores the click. */
  if (!poll_until (is_sensitive, node))
    g_error ("%s: «%s» never became sensitive", dnevnik_atspi_step, name);
  atspi_action_do_action (ATSPI_ACTION (node), 0, &error);
  g_assert_no_error (error);
}

void
dnevnik_atspi_type_text (const char *title,
                         AtspiRole   role,
                         const char *name,
                         const char *text)
{
  g_autoptr(AtspiAccessible) node = dnevnik_atspi_wait_node (title, role, name);
  g_autoptr(GError) error = NULL;

  if (!ATSPI_IS_EDITABLE_TEXT (node))
    g_error ("%s: «%s» offers no EditableText", dnevnik_atspi_step, name);
  atspi_editable_text_set_text_contents (ATSPI_EDITABLE_TEXT (node), text, &error);
  g_assert_no_error (error);
}

/* --- the keyboard --------------------------------------------------------- */

void
dnevnik_atspi_xdotool (const char *first_arg,
                       ...)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  va_list args;

  /* A context of its own: nothing of the reader's runs meanwhile, as in
   * a synchronous call. */
  va_start (args, first_arg);
  dnevnik_test_xdotool_valist (context, first_arg, args);
  va_end (args);
}

char *
dnevnik_atspi_focused_path (AtspiAccessible *window)
{
  g_autoptr(GArray) nodes = dnevnik_atspi_walk (window);

  for (guint i = nodes->len; i > 0; i--)
    {
      DnevnikAtspiNode *node = &g_array_index (nodes, DnevnikAtspiNode, i - 1);

      if (dnevnik_atspi_has_state (node, ATSPI_STATE_FOCUSED))
        return g_strdup (ATSPI_OBJECT (node->node)->path);
    }

  return NULL;
}

static char *
xdotool_output (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  char *stdout_text = NULL;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &stdout_text, NULL, NULL, &error);
  g_assert_no_error (error);

  return g_strstrip (stdout_text);
}

/* Gives the window the keyboard, as a click on its title would.  Without
 * a window manager a closing popover may hand the focus back to its own
 * window: checked, and asked again. */
void
dnevnik_atspi_focus_window (const char *title)
{
  g_autofree char *pid = g_strdup_printf ("%u", dnevnik_atspi_pid);
  const char *search[] = { "xdotool", "search", "--onlyvisible", "--pid", pid, "--name", title, NULL };
  const char *get_focus[] = { "xdotool", "getwindowfocus", NULL };
  g_autofree char *ids_text = xdotool_output (search);
  g_auto(GStrv) ids = g_strsplit (ids_text, "\n", -1);

  if (ids[0] == NULL || ids[0][0] == '\0')
    g_error ("%s: no X window «%s»", dnevnik_atspi_step, title);
  if (g_getenv ("DNEVNIK_ATSPI_VERBOSE") != NULL)
    g_printerr ("# X windows «%s»: %s\n", title, ids_text);

  for (guint tries = 0; tries < 50; tries++)
    {
      g_autofree char *focus = NULL;

      dnevnik_atspi_xdotool ("windowfocus", "--sync", ids[0], NULL);
      g_usleep (100 * 1000);
      focus = xdotool_output (get_focus);
      if (g_str_equal (focus, ids[0]))
        return;
    }

  g_error ("%s: the X window «%s» does not keep the keyboard", dnevnik_atspi_step, title);
}

static gboolean
app_found (gpointer user_data)
{
  g_autoptr(AtspiAccessible) app = dnevnik_atspi_find_app ();

  return app != NULL;
}

/* The app registers with the accessibility bus once its window shows. */
void
dnevnik_atspi_wait_app (void)
{
  if (!poll_until (app_found, NULL))
    g_error ("process %u is not on the accessibility bus", dnevnik_atspi_pid);
}
