/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DnevnikMark:
 *
 * One mark: given in a lesson (value, weight, comment), or one of the
 * marks of a period, which also has an id, its subject, a control form
 * and a date.
 *
 * An immutable model object made by #DnevnikService from a server reply;
 * every field is also a read-only property (construct-only), so lists of
 * them bind straight into list widgets.
 */
#define DNEVNIK_TYPE_MARK (dnevnik_mark_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikMark, dnevnik_mark, DNEVNIK, MARK, GObject)

const char          *dnevnik_mark_get_value        (DnevnikMark *self);
int                  dnevnik_mark_get_weight       (DnevnikMark *self);
const char          *dnevnik_mark_get_comment      (DnevnikMark *self);
const char          *dnevnik_mark_get_id           (DnevnikMark *self);
const char          *dnevnik_mark_get_subject      (DnevnikMark *self);
const char          *dnevnik_mark_get_control_form (DnevnikMark *self);
const GDate         *dnevnik_mark_get_date         (DnevnikMark *self);

G_END_DECLS
