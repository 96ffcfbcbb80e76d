/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <atspi/atspi.h>

G_BEGIN_DECLS

/* libatspi 2.46 declares no cleanup functions of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiAccessible, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiStateSet, g_object_unref)

/* One node of a window, as dnevnik_atspi_walk() found it. */
typedef struct
{
  AtspiAccessible *node;
  AtspiRole        role;
  char            *name;
  AtspiStateSet   *states;
  AtspiRect        extents;
  guint            depth;
  int              parent;  /* index in the walk, -1 for the window */
} DnevnikAtspiNode;

/* The app's process, and the step of the procedure (for messages). */
extern guint dnevnik_atspi_pid;
extern char *dnevnik_atspi_step;

void             dnevnik_atspi_node_clear    (DnevnikAtspiNode *node);
gboolean         dnevnik_atspi_has_state     (DnevnikAtspiNode *node,
                                              AtspiStateType    state);
AtspiAccessible *dnevnik_atspi_find_app      (void);
void             dnevnik_atspi_wait_app      (void);
gboolean         dnevnik_atspi_read_extents  (AtspiAccessible  *accessible,
                                              AtspiRect        *rect);
GArray          *dnevnik_atspi_walk          (AtspiAccessible  *window);
void             dnevnik_atspi_print_window  (const char       *title,
                                              AtspiAccessible  *window);
GPtrArray       *dnevnik_atspi_app_windows   (void);
char            *dnevnik_atspi_ask_code      (void);
AtspiAccessible *dnevnik_atspi_find_window   (const char       *title);
AtspiAccessible *dnevnik_atspi_find_in       (AtspiAccessible  *window,
                                              AtspiRole         role,
                                              const char       *name);
AtspiAccessible *dnevnik_atspi_wait_window   (const char       *title);
AtspiAccessible *dnevnik_atspi_wait_node     (const char       *title,
                                              AtspiRole         role,
                                              const char       *name);
void             dnevnik_atspi_wait_gone     (const char       *title,
                                              AtspiRole         role,
                                              const char       *name);
void             dnevnik_atspi_click         (const char       *title,
                                              AtspiRole         role,
                                              const char       *name);
void             dnevnik_atspi_type_text     (const char       *title,
                                              AtspiRole         role,
                                              const char       *name,
                                              const char       *text);
void             dnevnik_atspi_xdotool       (const char       *first_arg,
                                              ...) G_GNUC_NULL_TERMINATED;
char            *dnevnik_atspi_focused_path  (AtspiAccessible  *window);
void             dnevnik_atspi_focus_window  (const char       *title);

G_END_DECLS
