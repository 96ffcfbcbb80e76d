/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Real X key and window events for tests, through xdotool (GTK 4.8
 * cannot synthesise key events in-process): shared by the UI helpers,
 * which run the app's main context meanwhile, and the AT-SPI client,
 * which runs a private one. */

void dnevnik_test_xdotool_valist (GMainContext *context,
                                  const char   *first_arg,
                                  va_list       args);

G_END_DECLS
