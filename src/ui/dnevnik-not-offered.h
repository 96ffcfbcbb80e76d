/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-page.h"

G_BEGIN_DECLS

gboolean dnevnik_not_offered_load (DnevnikPage                  *page,
                                   DnevnikProviderCapabilities   capability,
                                   const char                   *title,
                                   const char                   *description,
                                   GCancellable                 *cancellable,
                                   GAsyncReadyCallback           callback,
                                   gpointer                      user_data);

G_END_DECLS
