/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-page.h"

G_BEGIN_DECLS

/* A service's load of what a page shows, e.g. dnevnik_service_load_library_async() */
typedef void     (*DnevnikServiceLoadFunc)       (DnevnikService       *service,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
typedef gboolean (*DnevnikServiceLoadFinishFunc) (DnevnikService       *service,
                                                  GAsyncResult         *result,
                                                  GError              **error);

void     dnevnik_not_offered_load        (DnevnikPage                  *page,
                                          DnevnikProviderCapabilities   capability,
                                          const char                   *title,
                                          const char                   *description,
                                          DnevnikServiceLoadFunc        service_load,
                                          GCancellable                 *cancellable,
                                          GAsyncReadyCallback           callback,
                                          gpointer                      user_data);
gboolean dnevnik_not_offered_load_finish (DnevnikPage                  *page,
                                          GAsyncResult                 *result,
                                          DnevnikServiceLoadFinishFunc  service_finish,
                                          GError                      **error);

G_END_DECLS
