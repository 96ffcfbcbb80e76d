/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dnevnik-token-store.h"

G_BEGIN_DECLS

#define DNEVNIK_TYPE_SESSION (dnevnik_session_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikSession, dnevnik_session, DNEVNIK, SESSION, GObject)

DnevnikSession      *dnevnik_session_new                  (void);
const DnevnikTokens *dnevnik_session_get_tokens           (DnevnikSession *self);
void                 dnevnik_session_set_tokens           (DnevnikSession *self,
                                                           DnevnikTokens  *tokens,
                                                           gint64          refresh_at);
gboolean             dnevnik_session_refresh_is_due       (DnevnikSession *self);
gboolean             dnevnik_session_is_refreshing        (DnevnikSession *self);
gboolean             dnevnik_session_add_refresh_waiter   (DnevnikSession *self,
                                                           GTask          *waiter);
GPtrArray           *dnevnik_session_take_refresh_waiters (DnevnikSession *self);
gboolean             dnevnik_session_is_ended             (DnevnikSession *self);
void                 dnevnik_session_end                  (DnevnikSession *self);
gboolean             dnevnik_session_return_if_over       (DnevnikSession *self,
                                                           GTask          *task);
void                 dnevnik_session_return_waiters       (GPtrArray      *waiters,
                                                           const GError   *error);

G_END_DECLS
