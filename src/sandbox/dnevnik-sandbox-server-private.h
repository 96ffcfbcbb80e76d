/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dnevnik-sandbox-call.h"
#include "dnevnik-sandbox-db.h"
#include "dnevnik-sandbox-faults.h"
#include "dnevnik-sandbox-link.h"
#include "dnevnik-sandbox-listener.h"
#include "dnevnik-sandbox-server.h"

G_BEGIN_DECLS

/* What the endpoint handlers (dnevnik-sandbox-api-*.c) share with the
 * server that routes requests to them. */

struct _DnevnikSandboxServer
{
  GObject                  parent_instance;

  DnevnikSandboxSettings   settings;
  DnevnikSandboxLinkRules  link_rules;

  /* owned */
  SoupServer              *soup;
  DnevnikSandboxListener  *listener;
  DnevnikSandboxDb        *db;        /* NULL once shut down */
  DnevnikSandboxFaults    *faults;
  GPtrArray               *waiting;   /* of DnevnikSandboxCall, paused */
};

/* A handler adds the JSON of its reply to @reply (nothing: an empty body)
 * and may set call->status (200 by default); it returns FALSE with @error
 * to answer with that error instead.  A handler that answers later, from
 * a callback, sets call->deferred. */
typedef gboolean (*DnevnikSandboxHandler) (DnevnikSandboxServer  *self,
                                           DnevnikSandboxCall    *call,
                                           JsonBuilder           *reply,
                                           GError               **error);

/* The web page a practice account's profile_url opens. */
#define DNEVNIK_SANDBOX_PROFILE_PATH "/sferum/profile"

typedef enum
{
  DNEVNIK_SANDBOX_ROUTE_TOKEN = 1 << 0,   /* needs a live access token */
  DNEVNIK_SANDBOX_ROUTE_BODY  = 1 << 1,   /* needs a JSON object body */
  DNEVNIK_SANDBOX_ROUTE_WRITE = 1 << 2,   /* changes state: runs in one transaction */
} DnevnikSandboxRouteFlags;

typedef struct
{
  const char               *method;
  const char               *path;
  DnevnikSandboxRouteFlags  flags;
  DnevnikSandboxHandler     handler;
} DnevnikSandboxRoute;

gboolean dnevnik_sandbox_server_end_transaction (DnevnikSandboxServer  *self,
                                                 gboolean               ok,
                                                 GError               **error);

/* dnevnik-sandbox-api-auth.c */
gboolean dnevnik_sandbox_handle_login           (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);
gboolean dnevnik_sandbox_handle_refresh         (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);
gboolean dnevnik_sandbox_handle_logout          (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);

/* dnevnik-sandbox-api-diary.c */
gboolean dnevnik_sandbox_handle_profile         (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);
gboolean dnevnik_sandbox_handle_diary           (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);
gboolean dnevnik_sandbox_handle_library         (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);
gboolean dnevnik_sandbox_handle_portfolio       (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);

/* dnevnik-sandbox-api-marks.c */
gboolean dnevnik_sandbox_handle_periods         (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);
gboolean dnevnik_sandbox_handle_marks           (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);
gboolean dnevnik_sandbox_handle_give_mark       (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);

/* dnevnik-sandbox-api-sferum.c */
gboolean dnevnik_sandbox_handle_link_status     (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);
gboolean dnevnik_sandbox_handle_link_start      (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);
gboolean dnevnik_sandbox_handle_link_resend     (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);
gboolean dnevnik_sandbox_handle_link_confirm    (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);
gboolean dnevnik_sandbox_handle_unlink          (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);
gboolean dnevnik_sandbox_handle_link_history    (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);
gboolean dnevnik_sandbox_handle_profile_page    (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);

/* dnevnik-sandbox-api-control.c */
gboolean dnevnik_sandbox_handle_sms             (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);
gboolean dnevnik_sandbox_handle_add_fault       (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);
gboolean dnevnik_sandbox_handle_clear_faults    (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);
gboolean dnevnik_sandbox_handle_counters        (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);
gboolean dnevnik_sandbox_handle_reset_counters  (DnevnikSandboxServer *, DnevnikSandboxCall *, JsonBuilder *, GError **);

G_END_DECLS
