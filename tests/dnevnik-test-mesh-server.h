/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A replay server of the МЭШ / «Моя школа» platform for tests: a SoupServer
 * on loopback, in the test process and on its main context, that answers
 * the real hosts' paths with the fixtures of tests/data/mesh/ (their
 * README names the public source of every field).  It holds the tokens it
 * minted, refreshes them like the platform, and checks the headers a
 * client sends: a request that breaks the platform's rules is answered as
 * the platform would (400, or 401 "Found multiple bearer tokens") and
 * noted, so a test can assert there were none.
 *
 * At /sign-in it also stands for the diary's sign-in page (what
 * dnevnik_mesh_provider_get_web_url() gives for DNEVNIK_MESH_PAGE_SIGN_IN
 * in a development build with this server as base-url): a form with the
 * fields `login` and `password`; its post sets the cookie `aupd_token` to
 * a token this server accepts.
 */

typedef enum
{
  /* Every path answers with the fixtures as published. */
  DNEVNIK_TEST_MESH_REPLAY_NORMAL,
  /* The profile and the events without their optional fields. */
  DNEVNIK_TEST_MESH_REPLAY_MISSING_FIELDS,
  /* Every path: 403 with a web page. */
  DNEVNIK_TEST_MESH_REPLAY_HTML_403,
  /* The events: 200 with a web page. */
  DNEVNIK_TEST_MESH_REPLAY_HTML_200,
  /* Every token refused (401), its refresh too. */
  DNEVNIK_TEST_MESH_REPLAY_EXPIRED,
  /* Every path: 401 "Found multiple bearer tokens", whatever was sent. */
  DNEVNIK_TEST_MESH_REPLAY_MULTIPLE_BEARER,
} DnevnikTestMeshReplay;

/* The ids of the fixtures. */
#define DNEVNIK_TEST_MESH_PROFILE_ID  "27182"
#define DNEVNIK_TEST_MESH_PERSON_ID   "0c9a1a7e-8f3b-4c2e-b5d1-6e2f7a9b3c41"

#define DNEVNIK_TEST_TYPE_MESH_SERVER (dnevnik_test_mesh_server_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikTestMeshServer, dnevnik_test_mesh_server, DNEVNIK, TEST_MESH_SERVER, GObject)

DnevnikTestMeshServer *dnevnik_test_mesh_server_new            (void);
const char            *dnevnik_test_mesh_server_get_url        (DnevnikTestMeshServer *self);
void                   dnevnik_test_mesh_server_set_replay     (DnevnikTestMeshServer *self,
                                                                DnevnikTestMeshReplay  replay);
char                  *dnevnik_test_mesh_server_mint_token     (DnevnikTestMeshServer *self,
                                                                gint64                 lifetime);
guint                  dnevnik_test_mesh_server_get_hits       (DnevnikTestMeshServer *self,
                                                                const char            *path);
guint                  dnevnik_test_mesh_server_get_total_hits (DnevnikTestMeshServer *self);
const char * const    *dnevnik_test_mesh_server_get_violations (DnevnikTestMeshServer *self);

G_END_DECLS
