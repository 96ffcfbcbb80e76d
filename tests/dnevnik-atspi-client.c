/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dnevnik-atspi-reader.h"

/* dnevnik-atspi-client --pid PID --language ru|en
 *
 * The screen reader's side of test-atspi: it knows the app only through
 * the accessibility bus, as Orca does.  It walks every window of process
 * PID on the way through the linking procedure and fails (exit status 1)
 * if it hears:
 *
 *  - a control (button, entry, switch, tab, menu item, link…) or an image
 *    without a name, or named with a GTK type name ("GtkButton");
 *  - a name with a mnemonic underscore, or a name that says itself twice;
 *  - a window that is not a frame with the `showing` state while it is on
 *    screen: Orca announces only those;
 *  - the password entry with a plain text role;
 *  - on the wizard's pages, a control that Tab never reaches (real key
 *    events through xdotool).
 *
 * It drives the app with AT-SPI actions and EditableText only: sign in,
 * link through the wizard (the SMS code, which goes to the student's
 * phone, comes from the test process), open the QR window, unlink in «Мой
 * паспорт», about, shortcuts, sign out.
 *
 * What is "on screen": GTK 4.8 exports hidden stack pages as `visible`
 * and gives `showing` to windows only.  A widget GTK never allocated, or
 * allocated empty, has empty extents, and a subtree is only walked inside
 * its parent's extents; a stack page shown before keeps its last
 * allocation, so the test process, which sees the widgets, tells which
 * page of each stack is shown (dnevnik-atspi-reader.c).
 *
 * Defects inside libadwaita 1.2 that the app cannot reach (library_window(),
 * library_item()) are printed, not failed; README (Accessibility) says why
 * each one is there. */

static guint defects;
static guint library_defects_seen;

/* Windows libadwaita 1.2 builds itself, with no way for the app to name
 * or relabel what is in them: what they say is listed, not failed.
 * Returns the reason README (Accessibility) gives, or %NULL. */
static const char *
library_window (const char *title,
                const char *role)
{
  /* AdwMessageDialog: a GtkWindow of role dialog (never `showing` on GTK
   * 4.8), its response buttons labelled twice, in two layouts. */
  if (g_strcmp0 (role, "dialog") == 0)
    return "adw-message-dialog";
  /* AdwAboutWindow (titled like the menu item that opens it): its icon
   * and its own buttons are not named. */
  if (g_strcmp0 (title, _("About Dnevnik")) == 0)
    return "adw-about-window";

  return NULL;
}

static void
defect (const char *window,
        const char *window_role,
        const char *format,
        ...) G_GNUC_PRINTF (3, 4);

static void
defect (const char *window,
        const char *window_role,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  const char *reason;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if ((reason = library_window (window, window_role)) != NULL)
    {
      g_printerr ("# library (%s), not failed: %s: «%s»: %s\n", reason, dnevnik_atspi_step, window, message);
      library_defects_seen++;
      return;
    }

  g_printerr ("# DEFECT: %s: «%s»: %s\n", dnevnik_atspi_step, window, message);
  defects++;
}

static void
library_item (const char *reason,
              const char *format,
              ...) G_GNUC_PRINTF (2, 3);

/* A defect inside libadwaita 1.2 that the app cannot reach: printed, not
 * failed.  README (Accessibility) lists each @reason. */
static void
library_item (const char *reason,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("# library (%s), not failed: %s: %s\n", reason, dnevnik_atspi_step, message);
  library_defects_seen++;
}

/* --- the rules ------------------------------------------------------------ */

static gboolean
is_control (AtspiRole role)
{
  switch (role)
    {
    case ATSPI_ROLE_PUSH_BUTTON:
    case ATSPI_ROLE_TOGGLE_BUTTON:
    case ATSPI_ROLE_CHECK_BOX:
    case ATSPI_ROLE_RADIO_BUTTON:
    case ATSPI_ROLE_MENU_ITEM:
    case ATSPI_ROLE_CHECK_MENU_ITEM:
    case ATSPI_ROLE_RADIO_MENU_ITEM:
    case ATSPI_ROLE_LINK:
    case ATSPI_ROLE_TEXT:
    case ATSPI_ROLE_PASSWORD_TEXT:
    case ATSPI_ROLE_ENTRY:
    case ATSPI_ROLE_SPIN_BUTTON:
    case ATSPI_ROLE_COMBO_BOX:
    case ATSPI_ROLE_SLIDER:
    case ATSPI_ROLE_PAGE_TAB:
      return TRUE;
    default:
      return FALSE;
    }
}

/* "GtkButton", "AdwGizmo", "DnevnikQrCode": what GTK 4.8 says when
 * nothing names a widget. */
static gboolean
is_type_name (const char *name)
{
  return g_regex_match_simple ("^(Gtk|Adw|Dnevnik)[A-Z][A-Za-z]*$", name, 0, 0);
}

/* "_Continue": an underscore that marks a mnemonic, at the start of a
 * word and before a letter. */
static gboolean
has_mnemonic (const char *name)
{
  return g_regex_match_simple ("(^|\\s)_\\w", name, 0, 0);
}

/* "Retry Retry", "_Continue Continue": GTK joins a LABEL with a
 * LABELLED_BY relation that says the same. */
static gboolean
repeats_itself (const char *name)
{
  g_autoptr(GString) plain = g_string_new (name);
  g_auto(GStrv) words = NULL;
  guint n;

  g_string_replace (plain, "_", "", 0);
  words = g_strsplit (g_strstrip (plain->str), " ", -1);
  n = g_strv_length (words);
  if (n < 2 || n % 2 != 0)
    return FALSE;

  for (guint i = 0; i < n / 2; i++)
    if (g_strcmp0 (words[i], words[i + n / 2]) != 0)
      return FALSE;

  return TRUE;
}

/* The rules, on names GTK 4.8 really gives: they must catch the bad ones
 * and only those, or a clean walk proves nothing. */
static void
check_rules (void)
{
  g_assert_true (is_type_name ("GtkButton"));
  g_assert_true (is_type_name ("AdwGizmo"));
  g_assert_false (is_type_name ("Gtk"));
  g_assert_false (is_type_name ("Войти"));
  g_assert_true (has_mnemonic ("_Перейти к подключению Перейти к подключению"));
  g_assert_true (has_mnemonic ("Go _to"));
  g_assert_false (has_mnemonic ("ivan_petrov"));
  g_assert_false (has_mnemonic ("Перейти к подключению"));
  g_assert_true (repeats_itself ("Отвязать Отвязать"));
  g_assert_true (repeats_itself ("_Отправить код повторно Отправить код повторно"));
  g_assert_false (repeats_itself ("Отвязать"));
  g_assert_false (repeats_itself ("Сферум в МАХ"));
  g_assert_false (repeats_itself ("Go to Go"));
}

/* An image inside a named control is part of what the control says. */
static gboolean
inside_named_control (GArray *nodes,
                      guint   index)
{
  for (int i = g_array_index (nodes, DnevnikAtspiNode, index).parent; i >= 0; i = g_array_index (nodes, DnevnikAtspiNode, i).parent)
    {
      DnevnikAtspiNode *ancestor = &g_array_index (nodes, DnevnikAtspiNode, i);

      if ((is_control (ancestor->role) || ancestor->role == ATSPI_ROLE_LIST_ITEM) &&
          ancestor->name[0] != '\0' && !is_type_name (ancestor->name))
        return TRUE;
    }

  return FALSE;
}

/* A widget of libadwaita's own, named after its type for want of a name. */
static gboolean
inside_type (GArray     *nodes,
             guint       index,
             const char *type_name)
{
  for (int i = g_array_index (nodes, DnevnikAtspiNode, index).parent; i >= 0; i = g_array_index (nodes, DnevnikAtspiNode, i).parent)
    if (g_str_equal (g_array_index (nodes, DnevnikAtspiNode, i).name, type_name))
      return TRUE;

  return FALSE;
}

/* The button AdwPasswordEntryRow 1.2 adds to show the password. */
static gboolean
inside_password_row (GArray *nodes,
                     guint   index)
{
  for (int i = g_array_index (nodes, DnevnikAtspiNode, index).parent; i >= 0; i = g_array_index (nodes, DnevnikAtspiNode, i).parent)
    {
      DnevnikAtspiNode *ancestor = &g_array_index (nodes, DnevnikAtspiNode, i);

      if ((ancestor->role == ATSPI_ROLE_TEXT || ancestor->role == ATSPI_ROLE_PASSWORD_TEXT) &&
          g_str_equal (ancestor->name, _("Password")))
        return TRUE;
    }

  return FALSE;
}

static void
audit_window (AtspiAccessible *window)
{
  g_autoptr(GArray) nodes = dnevnik_atspi_walk (window);
  DnevnikAtspiNode *top = &g_array_index (nodes, DnevnikAtspiNode, 0);
  g_autofree char *window_role = atspi_accessible_get_role_name (window, NULL);
  const char *title = top->name;

  if (top->role != ATSPI_ROLE_FRAME || !dnevnik_atspi_has_state (top, ATSPI_STATE_SHOWING))
    defect (title, window_role, "the window is a %s%s, Orca does not announce it",
            window_role, dnevnik_atspi_has_state (top, ATSPI_STATE_SHOWING) ? "" : " without `showing`");
  if (top->name[0] == '\0' || is_type_name (top->name))
    defect (title, window_role, "the window has no name");

  for (guint i = 1; i < nodes->len; i++)
    {
      DnevnikAtspiNode *node = &g_array_index (nodes, DnevnikAtspiNode, i);
      g_autofree char *role = atspi_role_get_name (node->role);

      if (is_control (node->role) && inside_type (nodes, i, "AdwToastWidget"))
        {
          library_item ("adw-toast", "%s «%s» (dismiss the toast)", role, node->name);
          continue;
        }

      /* GtkShortcutsWindow 4.8: its search button has an icon and no name. */
      if (is_control (node->role) && g_str_equal (title, _("Keyboard Shortcuts")) &&
          g_str_equal (node->name, "GtkImage"))
        {
          library_item ("gtk-shortcuts-window", "%s «%s» (search)", role, node->name);
          continue;
        }

      if (is_control (node->role) && inside_password_row (nodes, i))
        {
          library_item ("adw-password-entry-row", "%s «%s» (show the password)", role, node->name);
          continue;
        }

      if (is_control (node->role) || (node->role == ATSPI_ROLE_IMAGE && !inside_named_control (nodes, i)))
        {
          if (node->name[0] == '\0')
            defect (title, window_role, "%s without a name", role);
          else if (is_type_name (node->name))
            defect (title, window_role, "%s named with its type, «%s»", role, node->name);
        }

      /* GtkShortcutsSection 4.8 names the pages it splits itself into
       * "_1", "_2"… */
      if (node->role == ATSPI_ROLE_PANEL && g_str_equal (title, _("Keyboard Shortcuts")) &&
          g_regex_match_simple ("^_[0-9]+$", node->name, 0, 0))
        {
          library_item ("gtk-shortcuts-window", "%s «%s» (a page of the section)", role, node->name);
          continue;
        }

      if (has_mnemonic (node->name))
        defect (title, window_role, "%s «%s»: a mnemonic underscore in the name", role, node->name);
      if (repeats_itself (node->name))
        defect (title, window_role, "%s «%s»: the name says itself twice", role, node->name);
    }
}

/* Every window of the app that is on screen, as it is now. */
static void
audit (const char *step)
{
  g_autoptr(GPtrArray) windows = dnevnik_atspi_app_windows ();

  g_free (dnevnik_atspi_step);
  dnevnik_atspi_step = g_strdup (step);
  g_printerr ("# audit: %s\n", step);
  for (guint i = 0; i < windows->len; i++)
    {
      AtspiAccessible *window = g_ptr_array_index (windows, i);
      AtspiRect extents;

      /* A window that was closed but not yet destroyed: not on screen. */
      if (dnevnik_atspi_read_extents (window, &extents) && extents.width > 0 &&
          atspi_accessible_get_child_count (window, NULL) > 0)
        audit_window (window);
    }
}

/* GtkWindowControls makes its buttons unreachable by Tab on purpose (Escape
 * closes a dialog, and the window manager has keys for the rest). */
static gboolean
is_window_control (DnevnikAtspiNode *node)
{
  return node->role == ATSPI_ROLE_PUSH_BUTTON &&
         (g_str_equal (node->name, g_dgettext ("gtk40", "Close")) ||
          g_str_equal (node->name, g_dgettext ("gtk40", "Minimize")) ||
          g_str_equal (node->name, g_dgettext ("gtk40", "Maximize")));
}

/* Tab through @title until the focus comes round again: every focusable
 * control that is on screen must have had the focus once. */
static void
check_tab_order (const char *title)
{
  g_autoptr(AtspiAccessible) window = dnevnik_atspi_wait_window (title);
  g_autoptr(GArray) nodes = dnevnik_atspi_walk (window);
  g_autoptr(GHashTable) reached = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *first = NULL;
  guint unexported = 0;

  dnevnik_atspi_focus_window (title);
  for (guint tabs = 0; tabs < 60; tabs++)
    {
      g_autofree char *path = NULL;

      dnevnik_atspi_xdotool ("key", "Tab", NULL);
      g_usleep (80 * 1000);
      path = dnevnik_atspi_focused_path (window);
      if (g_getenv ("DNEVNIK_ATSPI_VERBOSE") != NULL)
        g_printerr ("# Tab %u: %s\n", tabs, path);
      if (path == NULL)
        {
          unexported++;
          continue;
        }
      if (first != NULL && g_str_equal (first, path))
        break;
      if (first == NULL)
        first = g_strdup (path);
      g_hash_table_add (reached, g_steal_pointer (&path));
    }

  for (guint i = 1; i < nodes->len; i++)
    {
      DnevnikAtspiNode *node = &g_array_index (nodes, DnevnikAtspiNode, i);
      g_autofree char *role = atspi_role_get_name (node->role);

      if (!is_control (node->role) || !dnevnik_atspi_has_state (node, ATSPI_STATE_FOCUSABLE) ||
          !dnevnik_atspi_has_state (node, ATSPI_STATE_SENSITIVE) || is_window_control (node))
        continue;
      if (g_hash_table_contains (reached, ATSPI_OBJECT (node->node)->path))
        continue;

      /* AdwEntryRow 1.2 puts the focus in a GtkText of its own that is
       * not in the tree: a Tab that focused nothing Orca can see went
       * there. */
      if (dnevnik_atspi_has_state (node, ATSPI_STATE_EDITABLE) && unexported > 0)
        {
          unexported--;
          library_item ("adw-entry-row", "Tab reaches «%s» in a part that is not exported", node->name);
          continue;
        }

      defect (title, "frame", "%s «%s» is never reached with Tab", role, node->name);
    }
}

/* --- the procedure -------------------------------------------------------- */

/* What a label with a mnemonic says: its translation without the
 * underscore.  Returns a string that lives as long as the process. */
static const char *
plain (const char *translated)
{
  static GHashTable *strings;
  GString *string;
  char *result;

  if (strings == NULL)
    strings = g_hash_table_new (g_str_hash, g_str_equal);
  if ((result = g_hash_table_lookup (strings, translated)) != NULL)
    return result;

  string = g_string_new (translated);
  g_string_replace (string, "_", "", 1);
  result = g_string_free (string, FALSE);
  g_hash_table_insert (strings, (char *) translated, result);

  return result;
}

static const char *main_title;

static void
account_menu (const char *item)
{
  dnevnik_atspi_click (main_title, ATSPI_ROLE_PUSH_BUTTON, _("Account Menu"));
  dnevnik_atspi_click (main_title, ATSPI_ROLE_MENU_ITEM, item);
}

/* The close button GTK puts in every header bar. */
static void
close_window (const char *title)
{
  dnevnik_atspi_click (title, ATSPI_ROLE_PUSH_BUTTON, g_dgettext ("gtk40", "Close"));
  dnevnik_atspi_wait_gone (title, 0, NULL);
}

static void
sign_in (void)
{
  g_autoptr(AtspiAccessible) window = dnevnik_atspi_wait_window (main_title);
  g_autoptr(AtspiAccessible) password = NULL;

  audit ("sign-in");
  /* Orca must not read a password aloud. */
  password = dnevnik_atspi_find_in (window, ATSPI_ROLE_PASSWORD_TEXT, _("Password"));
  if (password == NULL)
    {
      g_autoptr(AtspiAccessible) text = dnevnik_atspi_find_in (window, ATSPI_ROLE_TEXT, _("Password"));

      /* AdwPasswordEntryRow 1.2 is a text box to GTK 4.8, which gives the
       * password role to GtkPasswordEntry only. */
      if (text != NULL)
        library_item ("adw-password-entry-row", "the password row has the role text");
      else
        defect (main_title, "frame", "no password entry named «%s»", _("Password"));
    }

  dnevnik_atspi_type_text (main_title, ATSPI_ROLE_TEXT, _("Login"), "ivan");
  dnevnik_atspi_type_text (main_title, password != NULL ? ATSPI_ROLE_PASSWORD_TEXT : ATSPI_ROLE_TEXT, _("Password"), "dnevnik");
  dnevnik_atspi_click (main_title, ATSPI_ROLE_PUSH_BUTTON, _("Sign In"));
  dnevnik_atspi_wait_node (main_title, ATSPI_ROLE_PUSH_BUTTON, C_("week", "This Week"));
}

static void
visit_pages (void)
{
  const char *pages[] = { N_("Library"), N_("Student Portfolio"), N_("Help"), N_("Diary") };

  audit ("diary");
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *step = g_strdup_printf ("page %s", pages[i]);

      dnevnik_atspi_click (main_title, ATSPI_ROLE_PAGE_TAB, _(pages[i]));
      g_usleep (500 * 1000);
      audit (step);
    }
}

static void
link_through_wizard (void)
{
  const char *wizard = _("Sferum in MAX");
  g_autofree char *code = NULL;

  dnevnik_atspi_click (main_title, ATSPI_ROLE_PUSH_BUTTON, _("Sferum"));
  dnevnik_atspi_wait_node (wizard, ATSPI_ROLE_PUSH_BUTTON, plain (_("_Go to Linking")));
  audit ("wizard, intro");
  check_tab_order (wizard);

  dnevnik_atspi_click (wizard, ATSPI_ROLE_PUSH_BUTTON, plain (_("_Go to Linking")));
  dnevnik_atspi_type_text (wizard, ATSPI_ROLE_TEXT, _("Mobile phone number"), "9161234567");
  audit ("wizard, phone");
  check_tab_order (wizard);

  dnevnik_atspi_click (wizard, ATSPI_ROLE_PUSH_BUTTON, plain (_("_Continue")));
  dnevnik_atspi_wait_node (wizard, ATSPI_ROLE_TEXT, _("Confirmation code"));
  code = dnevnik_atspi_ask_code ();
  dnevnik_atspi_type_text (wizard, ATSPI_ROLE_TEXT, _("Confirmation code"), code);
  audit ("wizard, code");
  check_tab_order (wizard);

  dnevnik_atspi_click (wizard, ATSPI_ROLE_PUSH_BUTTON, plain (_("_Go to MAX")));
  dnevnik_atspi_wait_node (wizard, ATSPI_ROLE_PUSH_BUTTON, plain (_("_Open on Phone")));
  audit ("wizard, done");
  check_tab_order (wizard);

  dnevnik_atspi_click (wizard, ATSPI_ROLE_PUSH_BUTTON, plain (_("_Open on Phone")));
  dnevnik_atspi_wait_window (_("Open on Phone"));
  audit ("QR window");
  close_window (_("Open on Phone"));
  close_window (wizard);
}

static void
unlink_in_passport (void)
{
  const char *passport = _("My Passport");
  g_autofree char *unlink = NULL;

  account_menu (_("My Passport"));
  dnevnik_atspi_wait_window (passport);
  audit ("passport, profile");

  dnevnik_atspi_click (passport, ATSPI_ROLE_PAGE_TAB, C_("passport", "Security"));
  dnevnik_atspi_wait_node (passport, ATSPI_ROLE_PUSH_BUTTON, C_("passport", "Unlink"));
  audit ("passport, security, linked");

  dnevnik_atspi_click (passport, ATSPI_ROLE_PUSH_BUTTON, C_("passport", "Unlink"));
  dnevnik_atspi_wait_window (_("Remove the “Sferum” Profile"));
  audit ("unlink dialog");
  /* AdwMessageDialog 1.2 names its buttons twice over. */
  unlink = g_strdup_printf ("%s %s", C_("passport", "Unlink"), C_("passport", "Unlink"));
  dnevnik_atspi_click (_("Remove the “Sferum” Profile"), ATSPI_ROLE_PUSH_BUTTON, unlink);

  /* What the student sees: the passport offers to link again. */
  dnevnik_atspi_wait_node (passport, ATSPI_ROLE_PUSH_BUTTON, C_("passport", "Link"));
  audit ("passport, security, not linked");
  close_window (passport);
}

static void
about_and_shortcuts (void)
{
  const char *about = _("About Dnevnik");

  account_menu (about);
  dnevnik_atspi_wait_window (about);
  audit ("about");
  close_window (about);

  account_menu (_("Keyboard Shortcuts"));
  dnevnik_atspi_wait_window (_("Keyboard Shortcuts"));
  audit ("shortcuts");
  close_window (_("Keyboard Shortcuts"));
}

/* libatspi asks every application for org.a11y.atspi.Cache, which GTK
 * 4.8 does not have, and warns: that is no defect of the app. */
static gboolean
on_fatal_log_cb (const char     *log_domain,
                 GLogLevelFlags  log_level,
                 const char     *message,
                 gpointer        user_data)
{
  return !(g_strcmp0 (log_domain, "dbind") == 0 && strstr (message, "GetItems") != NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *language = NULL;
  g_autofree char *localedir = NULL;
  int pid = 0;
  GOptionEntry entries[] = {
    { "pid", 0, 0, G_OPTION_ARG_INT, &pid, "The app's process", "PID" },
    { "language", 0, 0, G_OPTION_ARG_STRING, &language, "ru or en", "LANGUAGE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || pid <= 0 || language == NULL)
    g_error ("usage: dnevnik-atspi-client --pid PID --language ru|en");
  dnevnik_atspi_pid = pid;

  /* The app's own catalogue: the client looks for what the app says. */
  if (g_str_equal (language, "en"))
    {
      g_unsetenv ("LANGUAGE");
      g_setenv ("LC_ALL", "C.UTF-8", TRUE);
    }
  else
    g_setenv ("LANGUAGE", language, TRUE);
  setlocale (LC_ALL, "");
  localedir = g_build_filename (g_getenv ("DNEVNIK_BUILD_ROOT"), "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  bind_textdomain_codeset ("gtk40", "UTF-8");
  bind_textdomain_codeset ("libadwaita", "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_log_set_fatal_handler (on_fatal_log_cb, NULL);
  atspi_init ();

  check_rules ();
  dnevnik_atspi_wait_app ();

  main_title = _("Dnevnik");
  sign_in ();
  visit_pages ();
  link_through_wizard ();
  unlink_in_passport ();
  about_and_shortcuts ();
  account_menu (_("Sign Out"));
  dnevnik_atspi_wait_node (main_title, ATSPI_ROLE_PUSH_BUTTON, _("Sign In"));

  g_printerr ("# %u defects, %u library items\n", defects, library_defects_seen);
  return defects == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
