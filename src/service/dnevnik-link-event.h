/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DnevnikLinkEventKind:
 * @DNEVNIK_LINK_EVENT_LINKED: the diary account was linked to a MAX account
 * @DNEVNIK_LINK_EVENT_UNLINKED: the link was removed
 *
 * What happened in a #DnevnikLinkEvent.
 */
typedef enum
{
  DNEVNIK_LINK_EVENT_LINKED,
  DNEVNIK_LINK_EVENT_UNLINKED,
} DnevnikLinkEventKind;

G_END_DECLS

#include "dnevnik-service-enums.h"

G_BEGIN_DECLS

/**
 * DnevnikLinkEvent:
 *
 * One entry of the Сферум link history.
 *
 * An immutable model object made by #DnevnikService from a server reply;
 * every field is also a read-only property (construct-only), so lists of
 * them bind straight into list widgets.
 */
#define DNEVNIK_TYPE_LINK_EVENT (dnevnik_link_event_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikLinkEvent, dnevnik_link_event, DNEVNIK, LINK_EVENT, GObject)

DnevnikLinkEventKind dnevnik_link_event_get_kind (DnevnikLinkEvent *self);
GDateTime           *dnevnik_link_event_get_at (DnevnikLinkEvent *self);
const char          *dnevnik_link_event_get_account_id (DnevnikLinkEvent *self);

G_END_DECLS
