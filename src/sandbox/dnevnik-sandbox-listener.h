/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The listening socket of the sandbox, accepted by us and handed to a
 * SoupServer: libsoup's own accept loop stops for good at the first
 * failed accept(), e.g. when the process is out of file descriptors.
 */

#define DNEVNIK_SANDBOX_LISTEN_BACKLOG 512

#define DNEVNIK_TYPE_SANDBOX_LISTENER (dnevnik_sandbox_listener_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikSandboxListener, dnevnik_sandbox_listener, DNEVNIK, SANDBOX_LISTENER, GObject)

DnevnikSandboxListener *dnevnik_sandbox_listener_new      (SoupServer              *soup,
                                                           guint                    idle_timeout);
gboolean                dnevnik_sandbox_listener_listen   (DnevnikSandboxListener  *self,
                                                           GSocketAddress          *address,
                                                           GError                 **error);
guint                   dnevnik_sandbox_listener_get_port (DnevnikSandboxListener  *self);
void                    dnevnik_sandbox_listener_stop     (DnevnikSandboxListener  *self);

G_END_DECLS
