/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dnevnik-context.h"

G_BEGIN_DECLS

#define DNEVNIK_TYPE_MARKS_NOTIFIER (dnevnik_marks_notifier_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikMarksNotifier, dnevnik_marks_notifier, DNEVNIK, MARKS_NOTIFIER, GObject)

DnevnikMarksNotifier *dnevnik_marks_notifier_new          (GApplication         *application,
                                                           DnevnikContext       *context);
void                  dnevnik_marks_notifier_withdraw_all (DnevnikMarksNotifier *self);
guint                 dnevnik_marks_notifier_get_n_shown  (DnevnikMarksNotifier *self);

G_END_DECLS
