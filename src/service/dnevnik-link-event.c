/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-link-event.h"
#include "dnevnik-model.h"

struct _DnevnikLinkEvent
{
  GObject parent_instance;

  DnevnikLinkEventKind kind;
  GDateTime *at;
  char *account_id;
};

G_DEFINE_FINAL_TYPE (DnevnikLinkEvent, dnevnik_link_event, G_TYPE_OBJECT)

/* The properties, every one construct-only. */
static const DnevnikModelField fields[] = {
  /**
   * DnevnikLinkEvent:kind:
   *
   * Whether the account was linked or unlinked.
   */
  { "kind", DNEVNIK_MODEL_ENUM, G_STRUCT_OFFSET (DnevnikLinkEvent, kind), dnevnik_link_event_kind_get_type, 0, 0, DNEVNIK_LINK_EVENT_LINKED },

  /**
   * DnevnikLinkEvent:at:
   *
   * When it happened.
   */
  { "at", DNEVNIK_MODEL_BOXED, G_STRUCT_OFFSET (DnevnikLinkEvent, at), g_date_time_get_type },

  /**
   * DnevnikLinkEvent:account-id:
   *
   * The MAX account id involved.
   */
  { "account-id", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikLinkEvent, account_id) },
};

static void
dnevnik_link_event_class_init (DnevnikLinkEventClass *klass)
{
  dnevnik_model_class_install (G_OBJECT_CLASS (klass), fields, G_N_ELEMENTS (fields),
                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY, NULL);
}

static void
dnevnik_link_event_init (DnevnikLinkEvent *self)
{
}

/**
 * dnevnik_link_event_get_kind:
 * @self: a #DnevnikLinkEvent
 *
 * Returns: whether the account was linked or unlinked.
 */
DnevnikLinkEventKind
dnevnik_link_event_get_kind (DnevnikLinkEvent *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LINK_EVENT (self), 0);

  return self->kind;
}

/**
 * dnevnik_link_event_get_at:
 * @self: a #DnevnikLinkEvent
 *
 * Returns: (transfer none): when it happened.
 */
GDateTime *
dnevnik_link_event_get_at (DnevnikLinkEvent *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LINK_EVENT (self), NULL);

  return self->at;
}

/**
 * dnevnik_link_event_get_account_id:
 * @self: a #DnevnikLinkEvent
 *
 * Returns: (transfer none): the MAX account id involved.
 */
const char *
dnevnik_link_event_get_account_id (DnevnikLinkEvent *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LINK_EVENT (self), NULL);

  return self->account_id;
}
