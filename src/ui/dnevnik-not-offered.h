/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-page.h"

G_BEGIN_DECLS

/* What a page loads from its service, what the diary must offer for it,
 * and what the page says when the diary does not (N_() texts) */
typedef struct
{
  DnevnikProviderCapabilities capability;
  void     (*load_async)  (DnevnikService *, GCancellable *, GAsyncReadyCallback, gpointer);
  gboolean (*load_finish) (DnevnikService *, GAsyncResult *, GError **);
  const char *title;
  const char *description;
} DnevnikNotOfferedLoad;

void     dnevnik_not_offered_load        (DnevnikPage                  *page,
                                          const DnevnikNotOfferedLoad  *load,
                                          GCancellable                 *cancellable,
                                          GAsyncReadyCallback           callback,
                                          gpointer                      user_data);
gboolean dnevnik_not_offered_load_finish (DnevnikPage                  *page,
                                          const DnevnikNotOfferedLoad  *load,
                                          GAsyncResult                 *result,
                                          GError                      **error);

G_END_DECLS
