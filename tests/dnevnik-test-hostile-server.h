/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A hostile diary server for tests: a SoupServer on loopback, in the test
 * process and on its main context, that answers login and every endpoint
 * of API v1 (src/sandbox/API.md) well enough for a real DnevnikService to
 * sign in, and in each mode attacks the client in one way.  It keeps
 * count of what it managed to send, so that a test can tell how much the
 * client read before it hung up.
 *
 * A second server, "elsewhere" (on 127.0.0.2 when the system allows it,
 * otherwise another port of 127.0.0.1), stands for another origin: it
 * serves a valid library and counts the requests that reach it.
 */

typedef enum
{
  /* Every endpoint answers as the API says. */
  DNEVNIK_TEST_HOSTILE_NONE,
  /* GET /library: a chunked reply that never ends (the server stops at
   * DNEVNIK_TEST_HOSTILE_ENDLESS_STOP, to protect the test itself). */
  DNEVNIK_TEST_HOSTILE_ENDLESS_CHUNKED,
  /* GET /library: a valid chunked reply a little under the client's cap. */
  DNEVNIK_TEST_HOSTILE_NEAR_CAP,
  /* GET /diary: DNEVNIK_TEST_HOSTILE_MANY lessons on the first day. */
  DNEVNIK_TEST_HOSTILE_MANY_LESSONS,
  /* GET /library, /portfolio, /sferum/link/history:
   * DNEVNIK_TEST_HOSTILE_MANY elements each. */
  DNEVNIK_TEST_HOSTILE_MANY_ITEMS,
  /* Every field a person reads is DNEVNIK_TEST_HOSTILE_TEXT. */
  DNEVNIK_TEST_HOSTILE_SPOOFED_TEXT,
  /* GET /library: 302 to the "elsewhere" server. */
  DNEVNIK_TEST_HOSTILE_REDIRECT_OTHER_HOST,
  /* GET /library: 302 to https on the same host and port. */
  DNEVNIK_TEST_HOSTILE_REDIRECT_OTHER_SCHEME,
  /* GET /library: 302 to another path of this server, which answers. */
  DNEVNIK_TEST_HOSTILE_REDIRECT_SAME_ORIGIN,
  /* GET /library: 302 to itself, for ever. */
  DNEVNIK_TEST_HOSTILE_REDIRECT_LOOP,
} DnevnikTestHostileMode;

#define DNEVNIK_TEST_HOSTILE_MANY          20000
#define DNEVNIK_TEST_HOSTILE_ENDLESS_STOP  (64 * 1024 * 1024)

/* Markup, an entity, a bidi override that turns "gnp.exe" around, C0
 * controls and an escape sequence, a C1 control, an isolate. */
#define DNEVNIK_TEST_HOSTILE_TEXT \
  "<b>Алгебра</b> & <span foreground=\"red\">5</span> &amp; \u202egnp.exe\x01\x1b[2J\xc2\x9b\u2066x\u2069"
/* The same text as the app must show it: every character a person can see
 * kept as it is (markup as text), the hidden ones gone. */
#define DNEVNIK_TEST_HOSTILE_TEXT_SHOWN \
  "<b>Алгебра</b> & <span foreground=\"red\">5</span> &amp; gnp.exe[2Jx"

#define DNEVNIK_TEST_TYPE_HOSTILE_SERVER (dnevnik_test_hostile_server_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikTestHostileServer, dnevnik_test_hostile_server, DNEVNIK, TEST_HOSTILE_SERVER, GObject)

DnevnikTestHostileServer *dnevnik_test_hostile_server_new                 (void);
const char               *dnevnik_test_hostile_server_get_url             (DnevnikTestHostileServer *self);
void                      dnevnik_test_hostile_server_set_mode            (DnevnikTestHostileServer *self,
                                                                           DnevnikTestHostileMode    mode);
void                      dnevnik_test_hostile_server_set_link_status     (DnevnikTestHostileServer *self,
                                                                           const char               *json);
guint64                   dnevnik_test_hostile_server_get_bytes_written   (DnevnikTestHostileServer *self);
guint                     dnevnik_test_hostile_server_get_replies_done    (DnevnikTestHostileServer *self);
guint                     dnevnik_test_hostile_server_get_hits            (DnevnikTestHostileServer *self,
                                                                           const char               *path);
guint                     dnevnik_test_hostile_server_get_elsewhere_hits  (DnevnikTestHostileServer *self);

G_END_DECLS
