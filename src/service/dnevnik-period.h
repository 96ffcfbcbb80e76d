/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DnevnikPeriod:
 *
 * One period of the school year: a четверть or a триместр, with its
 * dates (both included).
 *
 * An immutable model object made by #DnevnikService from a server reply;
 * every field is also a read-only property (construct-only).
 */
#define DNEVNIK_TYPE_PERIOD (dnevnik_period_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikPeriod, dnevnik_period, DNEVNIK, PERIOD, GObject)

const char          *dnevnik_period_get_id       (DnevnikPeriod *self);
const char          *dnevnik_period_get_title    (DnevnikPeriod *self);
const GDate         *dnevnik_period_get_start    (DnevnikPeriod *self);
const GDate         *dnevnik_period_get_end      (DnevnikPeriod *self);
gboolean             dnevnik_period_contains     (DnevnikPeriod *self,
                                                  const GDate   *date);

G_END_DECLS
