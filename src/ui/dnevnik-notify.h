/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DnevnikNotifyAvailability:
 * @DNEVNIK_NOTIFY_UNKNOWN: not asked yet, or the answer is on its way
 * @DNEVNIK_NOTIFY_AVAILABLE: the desktop shows notifications
 * @DNEVNIK_NOTIFY_MISSING: nothing on the bus would show one
 */
typedef enum
{
  DNEVNIK_NOTIFY_UNKNOWN,
  DNEVNIK_NOTIFY_AVAILABLE,
  DNEVNIK_NOTIFY_MISSING,
} DnevnikNotifyAvailability;

void                      dnevnik_notify_send             (GApplication  *application,
                                                           const char    *id,
                                                           GNotification *notification);
void                      dnevnik_notify_withdraw         (GApplication  *application,
                                                           const char    *id);
DnevnikNotifyAvailability dnevnik_notify_get_availability (void);

G_END_DECLS
