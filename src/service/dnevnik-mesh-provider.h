/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-provider.h"

G_BEGIN_DECLS

/**
 * DnevnikMeshRegion:
 * @DNEVNIK_MESH_REGION_MOSCOW: «Дневник МЭШ», Moscow (school.mos.ru)
 * @DNEVNIK_MESH_REGION_MOSCOW_OBLAST: «Моя школа», the Moscow region
 *   (authedu.mosreg.ru)
 *
 * The two diaries of one platform: the same requests under two hosts.
 */
typedef enum
{
  DNEVNIK_MESH_REGION_MOSCOW,
  DNEVNIK_MESH_REGION_MOSCOW_OBLAST,
} DnevnikMeshRegion;

/**
 * DnevnikMeshPage:
 * @DNEVNIK_MESH_PAGE_DIARY: the web diary's home
 * @DNEVNIK_MESH_PAGE_SIGN_IN: where a browser signs in
 * @DNEVNIK_MESH_PAGE_SFERUM: where the web diary links Сферум
 * @DNEVNIK_MESH_PAGE_PASSPORT: «Мой паспорт» of the web diary
 *
 * Pages of the web diary the app opens instead of doing the thing itself.
 */
typedef enum
{
  DNEVNIK_MESH_PAGE_DIARY,
  DNEVNIK_MESH_PAGE_SIGN_IN,
  DNEVNIK_MESH_PAGE_SFERUM,
  DNEVNIK_MESH_PAGE_PASSPORT,
} DnevnikMeshPage;

/* The cookie of the web diary's host that carries the token after a
 * browser sign-in, and the one that may carry a longer-lived refresh
 * token. */
#define DNEVNIK_MESH_TOKEN_COOKIE          "aupd_token"
#define DNEVNIK_MESH_REFRESH_TOKEN_COOKIE  "aupd_refresh_token"

#define DNEVNIK_TYPE_MESH_PROVIDER (dnevnik_mesh_provider_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikMeshProvider, dnevnik_mesh_provider, DNEVNIK, MESH_PROVIDER, GObject)

DnevnikProvider   *dnevnik_mesh_provider_new         (DnevnikMeshRegion     region);
DnevnikMeshRegion  dnevnik_mesh_provider_get_region  (DnevnikMeshProvider  *self);
char              *dnevnik_mesh_provider_get_web_url (DnevnikMeshProvider  *self,
                                                      DnevnikMeshPage       page);

G_END_DECLS
