/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dnevnik-sandbox-server.h"

G_BEGIN_DECLS

/* One request being answered.  Every call ends in
 * dnevnik_sandbox_call_finish() (the reply functions call it), which sends
 * the reply (cut in half for a "truncated" fault), unpauses the message if
 * it was paused, and frees the call; so a handler that waits (a "delay"
 * fault, a login whose key derivation runs in a thread) pauses its message
 * and the main loop goes on serving others.
 */
typedef struct
{
  DnevnikSandboxServer *server;      /* borrowed: the server outlives its calls */
  SoupServerMessage    *msg;
  char                 *path;
  GHashTable           *query;
  gconstpointer         route;       /* the DnevnikSandboxRoute, once found */
  JsonNode             *body;        /* of routes that take a JSON body */
  char                 *token;       /* of routes that need a token */
  char                 *account_id;  /* of routes that need a token */
  guint                 status;      /* of a successful reply */
  gboolean              deferred;    /* the handler answers later */
  gboolean              truncate;
  gboolean              paused;
  gboolean              gone;        /* the message finished without us */
  guint                 timeout_id;
  GPtrArray            *waiting;     /* borrowed: the server's paused calls */
} DnevnikSandboxCall;

DnevnikSandboxCall *dnevnik_sandbox_call_new             (DnevnikSandboxServer  *server,
                                                          SoupServerMessage     *msg,
                                                          const char            *path,
                                                          GHashTable            *query,
                                                          GPtrArray             *waiting);
void                dnevnik_sandbox_call_free            (DnevnikSandboxCall    *call);
void                dnevnik_sandbox_call_pause           (DnevnikSandboxCall    *call);
void                dnevnik_sandbox_call_finish          (DnevnikSandboxCall    *call);
void                dnevnik_sandbox_call_reply           (DnevnikSandboxCall    *call,
                                                          gboolean               ok,
                                                          JsonBuilder           *reply,
                                                          const GError          *error);
void                dnevnik_sandbox_call_reply_error     (DnevnikSandboxCall    *call,
                                                          const GError          *error);
void                dnevnik_sandbox_call_reply_new_error (DnevnikSandboxCall    *call,
                                                          int                    code,
                                                          const char            *message);
gboolean            dnevnik_sandbox_call_parse_body      (DnevnikSandboxCall    *call,
                                                          GError               **error);
JsonNode           *dnevnik_sandbox_call_get_member      (DnevnikSandboxCall    *call,
                                                          const char            *member);
gboolean            dnevnik_sandbox_call_get_string      (DnevnikSandboxCall    *call,
                                                          const char            *member,
                                                          const char           **value,
                                                          GError               **error);
gboolean            dnevnik_sandbox_call_get_number      (DnevnikSandboxCall    *call,
                                                          const char            *member,
                                                          gboolean               integer,
                                                          double                 min,
                                                          double                 max,
                                                          double                *value,
                                                          GError               **error);
gboolean            dnevnik_sandbox_set_bad_request      (GError               **error,
                                                          const char            *member,
                                                          const char            *wanted);

G_END_DECLS
