/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DnevnikProfile:
 *
 * A student's profile: who is signed in.
 *
 * An immutable model object made by #DnevnikService from a server reply;
 * every field is also a read-only property (construct-only), so lists of
 * them bind straight into list widgets.
 */
#define DNEVNIK_TYPE_PROFILE (dnevnik_profile_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikProfile, dnevnik_profile, DNEVNIK, PROFILE, GObject)

const char          *dnevnik_profile_get_id (DnevnikProfile *self);
const char          *dnevnik_profile_get_login (DnevnikProfile *self);
const char          *dnevnik_profile_get_first_name (DnevnikProfile *self);
const char          *dnevnik_profile_get_last_name (DnevnikProfile *self);
const char          *dnevnik_profile_get_middle_name (DnevnikProfile *self);
const char          *dnevnik_profile_get_school (DnevnikProfile *self);
const char          *dnevnik_profile_get_class_name (DnevnikProfile *self);
gboolean             dnevnik_profile_equal (DnevnikProfile *a,
                                            DnevnikProfile *b);

G_END_DECLS
