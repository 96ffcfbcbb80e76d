/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DnevnikLinkRequest:
 *
 * A linking attempt in progress: a code was sent by SMS and waits for confirmation.
 *
 * An immutable model object made by #DnevnikService from a server reply;
 * every field is also a read-only property (construct-only), so lists of
 * them bind straight into list widgets.
 */
#define DNEVNIK_TYPE_LINK_REQUEST (dnevnik_link_request_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikLinkRequest, dnevnik_link_request, DNEVNIK, LINK_REQUEST, GObject)

const char          *dnevnik_link_request_get_request_id (DnevnikLinkRequest *self);
int                  dnevnik_link_request_get_code_length (DnevnikLinkRequest *self);
int                  dnevnik_link_request_get_expires_in (DnevnikLinkRequest *self);
int                  dnevnik_link_request_get_resend_in (DnevnikLinkRequest *self);
gboolean             dnevnik_link_request_get_max_registered (DnevnikLinkRequest *self);
const char          *dnevnik_link_request_get_phone_masked (DnevnikLinkRequest *self);

G_END_DECLS
