/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dnevnik-service.h"

G_BEGIN_DECLS

#define DNEVNIK_TYPE_PAGE (dnevnik_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (DnevnikPage, dnevnik_page, DNEVNIK, PAGE, GtkWidget)

/**
 * DnevnikPageClass:
 * @load: starts loading what the page shows, with the page's cancellable
 * @load_finish: ends what @load started
 * @has_content: whether there is something to show in the content page
 */
struct _DnevnikPageClass
{
  GtkWidgetClass parent_class;

  void     (*load)        (DnevnikPage          *self,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data);
  gboolean (*load_finish) (DnevnikPage          *self,
                           GAsyncResult         *result,
                           GError              **error);
  gboolean (*has_content) (DnevnikPage          *self);
};

DnevnikService *dnevnik_page_get_service (DnevnikPage *self);
gboolean        dnevnik_page_get_loading (DnevnikPage *self);
void            dnevnik_page_reload      (DnevnikPage *self);
void            dnevnik_page_update_view (DnevnikPage *self);

G_END_DECLS
