/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DnevnikAchievement:
 *
 * An entry of the student's portfolio.
 *
 * An immutable model object made by #DnevnikService from a server reply;
 * every field is also a read-only property (construct-only), so lists of
 * them bind straight into list widgets.
 */
#define DNEVNIK_TYPE_ACHIEVEMENT (dnevnik_achievement_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikAchievement, dnevnik_achievement, DNEVNIK, ACHIEVEMENT, GObject)

const char          *dnevnik_achievement_get_id (DnevnikAchievement *self);
const char          *dnevnik_achievement_get_title (DnevnikAchievement *self);
const GDate         *dnevnik_achievement_get_date (DnevnikAchievement *self);
const char          *dnevnik_achievement_get_level (DnevnikAchievement *self);
const char          *dnevnik_achievement_get_kind (DnevnikAchievement *self);

G_END_DECLS
