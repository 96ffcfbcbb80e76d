/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DnevnikDiaryDay:
 *
 * One date of the diary with its lessons.
 *
 * An immutable model object made by #DnevnikService from a server reply;
 * every field is also a read-only property (construct-only), so lists of
 * them bind straight into list widgets.
 */
#define DNEVNIK_TYPE_DIARY_DAY (dnevnik_diary_day_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikDiaryDay, dnevnik_diary_day, DNEVNIK, DIARY_DAY, GObject)

const GDate         *dnevnik_diary_day_get_date (DnevnikDiaryDay *self);
gboolean             dnevnik_diary_day_get_holiday (DnevnikDiaryDay *self);
GListModel          *dnevnik_diary_day_get_lessons (DnevnikDiaryDay *self);

G_END_DECLS
