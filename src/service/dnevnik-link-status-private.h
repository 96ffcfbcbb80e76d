/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-link-status.h"

G_BEGIN_DECLS

/* Only the service and its parsers change a link status. */

DnevnikLinkStatus *dnevnik_link_status_new       (void);
void               dnevnik_link_status_set       (DnevnikLinkStatus *self,
                                                  gboolean           linked,
                                                  const char        *account_id,
                                                  const char        *phone_masked,
                                                  GDateTime         *linked_at,
                                                  const char        *profile_url);
void               dnevnik_link_status_copy_from (DnevnikLinkStatus *self,
                                                  DnevnikLinkStatus *other);

G_END_DECLS
