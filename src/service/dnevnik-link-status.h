/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DnevnikLinkStatus:
 *
 * Whether the diary account is linked to a Сферум profile in MAX.
 *
 * #DnevnikService keeps exactly one of these for its whole life (its
 * #DnevnikService:link-status property) and updates it in place, emitting
 * #GObject::notify only for the properties that really changed: the
 * Сферум button, the wizard and the Безопасность page bind to the same
 * object and change together.  Windows never modify it.
 */
#define DNEVNIK_TYPE_LINK_STATUS (dnevnik_link_status_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikLinkStatus, dnevnik_link_status, DNEVNIK, LINK_STATUS, GObject)

gboolean     dnevnik_link_status_get_linked       (DnevnikLinkStatus *self);
const char  *dnevnik_link_status_get_account_id   (DnevnikLinkStatus *self);
const char  *dnevnik_link_status_get_phone_masked (DnevnikLinkStatus *self);
GDateTime   *dnevnik_link_status_get_linked_at    (DnevnikLinkStatus *self);
const char  *dnevnik_link_status_get_profile_url  (DnevnikLinkStatus *self);

G_END_DECLS
