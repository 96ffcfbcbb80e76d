/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dnevnik-page.h"

G_BEGIN_DECLS

#define DNEVNIK_TYPE_PORTFOLIO_PAGE (dnevnik_portfolio_page_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikPortfolioPage, dnevnik_portfolio_page, DNEVNIK, PORTFOLIO_PAGE, DnevnikPage)

GtkWidget  *dnevnik_portfolio_page_new              (DnevnikService       *service);
GListModel *dnevnik_portfolio_page_get_achievements (DnevnikPortfolioPage *self);
void        dnevnik_portfolio_page_reload           (DnevnikPortfolioPage *self);

G_END_DECLS
