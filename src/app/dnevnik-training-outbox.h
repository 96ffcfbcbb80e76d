/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DnevnikTrainingOutbox:
 *
 * The training server's SMS outbox, seen from the app: the sandbox
 * "sends" each SMS by appending a JSON line (`{"phone": …, "text": …}`)
 * to a file instead of reaching a phone.  The outbox watches that file
 * and emits #DnevnikTrainingOutbox::message for each new message to the
 * number it is told to expect.  Messages that were in the file before
 * (earlier requests, other students of the same lab computer) are never
 * reported.
 */
#define DNEVNIK_TYPE_TRAINING_OUTBOX (dnevnik_training_outbox_get_type ())

G_DECLARE_FINAL_TYPE (DnevnikTrainingOutbox, dnevnik_training_outbox, DNEVNIK, TRAINING_OUTBOX, GObject)

DnevnikTrainingOutbox *dnevnik_training_outbox_new       (const char            *path);
const char            *dnevnik_training_outbox_get_path  (DnevnikTrainingOutbox *self);
const char            *dnevnik_training_outbox_get_phone (DnevnikTrainingOutbox *self);
void                   dnevnik_training_outbox_expect    (DnevnikTrainingOutbox *self,
                                                          const char            *phone);
void                   dnevnik_training_outbox_skip      (DnevnikTrainingOutbox *self);
void                   dnevnik_training_outbox_check     (DnevnikTrainingOutbox *self);

G_END_DECLS
