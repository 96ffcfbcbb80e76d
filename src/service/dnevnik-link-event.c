/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-link-event.h"

struct _DnevnikLinkEvent
{
  GObject parent_instance;

  DnevnikLinkEventKind kind;
  GDateTime *at;
  char *account_id;
};

G_DEFINE_FINAL_TYPE (DnevnikLinkEvent, dnevnik_link_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_AT,
  PROP_ACCOUNT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dnevnik_link_event_finalize (GObject *object)
{
  DnevnikLinkEvent *self = (DnevnikLinkEvent *) object;

  g_clear_pointer (&self->at, g_date_time_unref);
  g_clear_pointer (&self->account_id, g_free);

  G_OBJECT_CLASS (dnevnik_link_event_parent_class)->finalize (object);
}

static void
dnevnik_link_event_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DnevnikLinkEvent *self = DNEVNIK_LINK_EVENT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_AT:
      g_value_set_boxed (value, self->at);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_string (value, self->account_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_link_event_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DnevnikLinkEvent *self = DNEVNIK_LINK_EVENT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_AT:
      self->at = g_value_dup_boxed (value);
      break;

    case PROP_ACCOUNT_ID:
      self->account_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_link_event_class_init (DnevnikLinkEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dnevnik_link_event_finalize;
  object_class->get_property = dnevnik_link_event_get_property;
  object_class->set_property = dnevnik_link_event_set_property;

  /**
   * DnevnikLinkEvent:kind:
   *
   * Whether the account was linked or unlinked.
   */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       DNEVNIK_TYPE_LINK_EVENT_KIND, DNEVNIK_LINK_EVENT_LINKED,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLinkEvent:at:
   *
   * When it happened.
   */
  properties[PROP_AT] =
    g_param_spec_boxed ("at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLinkEvent:account-id:
   *
   * The MAX account id involved.
   */
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_string ("account-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
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
