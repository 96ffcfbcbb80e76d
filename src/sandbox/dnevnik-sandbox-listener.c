/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dnevnik-sandbox-listener.h"

/* How long to wait before trying accept() again after it failed: the
 * pending connection stays in the queue, so watching the socket at once
 * would spin.  Connections that close (their peer, or the idle timeout)
 * give the descriptors back. */
#define ACCEPT_RETRY_MS 100

/* Connections accepted per wake-up, so that a flood does not starve the
 * connections already being served. */
#define ACCEPT_BURST 32

struct _DnevnikSandboxListener
{
  GObject     parent_instance;

  guint       idle_timeout;   /* seconds, 0: none */
  guint       port;
  gboolean    failing;        /* accept() fails; said once until it works again */

  /* owned */
  SoupServer *soup;
  GSocket    *socket;
  GSource    *watch;
  guint       retry_id;
  GSocket    *anchor[2];
};

G_DEFINE_FINAL_TYPE (DnevnikSandboxListener, dnevnik_sandbox_listener, G_TYPE_OBJECT)

static gboolean on_incoming_cb (GSocket      *socket,
                                GIOCondition  condition,
                                gpointer      user_data);

static void
watch_socket (DnevnikSandboxListener *self)
{
  g_assert (self->watch == NULL);

  self->watch = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->watch, G_SOURCE_FUNC (on_incoming_cb), self, NULL);
  g_source_attach (self->watch, NULL);
}

static void
unwatch_socket (DnevnikSandboxListener *self)
{
  if (self->watch != NULL)
    g_source_destroy (self->watch);
  g_clear_pointer (&self->watch, g_source_unref);
  g_clear_handle_id (&self->retry_id, g_source_remove);
}

/* libsoup 3.2 keeps a connection alive after a reply only while the server
 * has a listener of its own.  This one is one end of a socket pair whose
 * other end never writes, so libsoup never has anything to accept on it. */
static gboolean
add_keep_alive_anchor (DnevnikSandboxListener  *self,
                       GError                 **error)
{
  int fds[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "socketpair: %s", g_strerror (saved_errno));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    {
      self->anchor[i] = g_socket_new_from_fd (fds[i], error);
      if (self->anchor[i] == NULL)
        {
          close (fds[i]);
          return FALSE;
        }
    }

  return soup_server_listen_socket (self->soup, self->anchor[0], 0, error);
}

static void
hand_over (DnevnikSandboxListener *self,
           GSocket                *client)
{
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;

  /* Any read or write that waits longer fails, and libsoup closes the
   * connection: an idle peer does not keep a descriptor for ever. */
  g_socket_set_timeout (client, self->idle_timeout);
  /* As libsoup's own listener does: a reply is written in pieces, and
   * Nagle's algorithm would hold the last one back for the peer's delayed
   * ACK (40 ms a request). */
  g_socket_set_option (client, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  connection = g_socket_connection_factory_create_connection (client);

  local = g_socket_get_local_address (client, NULL);
  remote = g_socket_get_remote_address (client, NULL);
  if (local == NULL || remote == NULL)
    return;   /* the peer is gone already */

  soup_server_accept_iostream (self->soup, G_IO_STREAM (connection), local, remote, NULL);
}

static gboolean
on_retry_cb (gpointer user_data)
{
  DnevnikSandboxListener *self = user_data;

  self->retry_id = 0;
  watch_socket (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_incoming_cb (GSocket      *socket,
                GIOCondition  condition,
                gpointer      user_data)
{
  DnevnikSandboxListener *self = user_data;

  for (guint i = 0; i < ACCEPT_BURST; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) client = g_socket_accept (self->socket, NULL, &error);

      if (client == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;

      if (client == NULL)
        {
          /* Out of descriptors, most likely: serve the connections that
           * are open, and try again a little later. */
          if (!self->failing)
            g_message ("Cannot accept connections: %s; trying again every %d ms", error->message, ACCEPT_RETRY_MS);
          self->failing = TRUE;

          g_clear_pointer (&self->watch, g_source_unref);
          self->retry_id = g_timeout_add (ACCEPT_RETRY_MS, on_retry_cb, self);
          return G_SOURCE_REMOVE;
        }

      if (self->failing)
        g_message ("Accepting connections again");
      self->failing = FALSE;

      hand_over (self, client);
    }

  return G_SOURCE_CONTINUE;
}

static void
dnevnik_sandbox_listener_dispose (GObject *object)
{
  DnevnikSandboxListener *self = DNEVNIK_SANDBOX_LISTENER (object);

  dnevnik_sandbox_listener_stop (self);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (dnevnik_sandbox_listener_parent_class)->dispose (object);
}

static void
dnevnik_sandbox_listener_class_init (DnevnikSandboxListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dnevnik_sandbox_listener_dispose;
}

static void
dnevnik_sandbox_listener_init (DnevnikSandboxListener *self)
{
}

/**
 * dnevnik_sandbox_listener_new:
 * @soup: the server the accepted connections go to
 * @idle_timeout: seconds a connection may stay silent (0: for ever)
 *
 * Returns: (transfer full): a listener that does not listen yet
 */
DnevnikSandboxListener *
dnevnik_sandbox_listener_new (SoupServer *soup,
                              guint       idle_timeout)
{
  DnevnikSandboxListener *self = g_object_new (DNEVNIK_TYPE_SANDBOX_LISTENER, NULL);

  g_return_val_if_fail (SOUP_IS_SERVER (soup), NULL);

  self->soup = g_object_ref (soup);
  self->idle_timeout = idle_timeout;
  return self;
}

/**
 * dnevnik_sandbox_listener_listen:
 * @address: where to listen; port 0 picks a free one
 *
 * Listens with a queue of DNEVNIK_SANDBOX_LISTEN_BACKLOG pending
 * connections, so that a burst of clients (a class signing in at once)
 * is queued rather than refused.
 */
gboolean
dnevnik_sandbox_listener_listen (DnevnikSandboxListener  *self,
                                 GSocketAddress          *address,
                                 GError                 **error)
{
  g_autoptr(GSocketAddress) local = NULL;

  g_return_val_if_fail (DNEVNIK_IS_SANDBOX_LISTENER (self), FALSE);
  g_return_val_if_fail (self->socket == NULL, FALSE);

  self->socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                               G_SOCKET_PROTOCOL_TCP, error);
  if (self->socket == NULL)
    return FALSE;

  g_socket_set_blocking (self->socket, FALSE);
  g_socket_set_listen_backlog (self->socket, DNEVNIK_SANDBOX_LISTEN_BACKLOG);
  if (!g_socket_bind (self->socket, address, TRUE, error) ||
      !g_socket_listen (self->socket, error))
    return FALSE;

  local = g_socket_get_local_address (self->socket, error);
  if (local == NULL || !add_keep_alive_anchor (self, error))
    return FALSE;

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  watch_socket (self);
  return TRUE;
}

/**
 * dnevnik_sandbox_listener_get_port:
 *
 * Returns: the port listened on, 0 before listening
 */
guint
dnevnik_sandbox_listener_get_port (DnevnikSandboxListener *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SANDBOX_LISTENER (self), 0);

  return self->port;
}

/**
 * dnevnik_sandbox_listener_stop:
 *
 * Stops accepting and closes the listening socket; the connections
 * already handed over stay with the SoupServer.  Safe to call twice.
 */
void
dnevnik_sandbox_listener_stop (DnevnikSandboxListener *self)
{
  g_return_if_fail (DNEVNIK_IS_SANDBOX_LISTENER (self));

  unwatch_socket (self);
  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);

  for (guint i = 0; i < G_N_ELEMENTS (self->anchor); i++)
    g_clear_object (&self->anchor[i]);
}
