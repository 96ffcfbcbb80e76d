/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-link-status-private.h"
#include "dnevnik-model.h"

struct _DnevnikLinkStatus
{
  GObject parent_instance;

  gboolean   linked;
  char      *account_id;
  char      *phone_masked;
  GDateTime *linked_at;
  char      *profile_url;
};

G_DEFINE_FINAL_TYPE (DnevnikLinkStatus, dnevnik_link_status, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LINKED,
  PROP_ACCOUNT_ID,
  PROP_PHONE_MASKED,
  PROP_LINKED_AT,
  PROP_PROFILE_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The properties, by id: read-only, notified only when they change. */
static const DnevnikModelField fields[] = {
  /**
   * DnevnikLinkStatus:linked:
   *
   * Whether the diary account is linked to a Сферум profile in MAX.
   */
  { "linked", DNEVNIK_MODEL_BOOLEAN, G_STRUCT_OFFSET (DnevnikLinkStatus, linked) },

  /**
   * DnevnikLinkStatus:account-id:
   *
   * The MAX account id, or %NULL when not linked.
   */
  { "account-id", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikLinkStatus, account_id) },

  /**
   * DnevnikLinkStatus:phone-masked:
   *
   * The linked phone number, masked (“+7 916 ***-**-67”), or %NULL.
   */
  { "phone-masked", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikLinkStatus, phone_masked) },

  /**
   * DnevnikLinkStatus:linked-at:
   *
   * When the link was made, or %NULL.
   */
  { "linked-at", DNEVNIK_MODEL_BOXED, G_STRUCT_OFFSET (DnevnikLinkStatus, linked_at), g_date_time_get_type },

  /**
   * DnevnikLinkStatus:profile-url:
   *
   * The `https://max.ru/…` address that opens the Сферум profile (open it
   * exactly as given), or %NULL when not linked.
   */
  { "profile-url", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikLinkStatus, profile_url) },
};

static void
set_string (DnevnikLinkStatus  *self,
            char              **field,
            const char         *value,
            guint               prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
dnevnik_link_status_class_init (DnevnikLinkStatusClass *klass)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (fields) + 1 == N_PROPS);

  dnevnik_model_class_install (G_OBJECT_CLASS (klass), fields, G_N_ELEMENTS (fields),
                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY, properties);
}

static void
dnevnik_link_status_init (DnevnikLinkStatus *self)
{
}

DnevnikLinkStatus *
dnevnik_link_status_new (void)
{
  return g_object_new (DNEVNIK_TYPE_LINK_STATUS, NULL);
}

/* Sets every field, notifying only those that change, in one freeze so
 * that a bound view sees a consistent object when the notifications come.
 */
void
dnevnik_link_status_set (DnevnikLinkStatus *self,
                         gboolean           linked,
                         const char        *account_id,
                         const char        *phone_masked,
                         GDateTime         *linked_at,
                         const char        *profile_url)
{
  g_return_if_fail (DNEVNIK_IS_LINK_STATUS (self));

  linked = !!linked;

  g_object_freeze_notify (G_OBJECT (self));

  if (self->linked != linked)
    {
      self->linked = linked;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINKED]);
    }

  set_string (self, &self->account_id, account_id, PROP_ACCOUNT_ID);
  set_string (self, &self->phone_masked, phone_masked, PROP_PHONE_MASKED);

  if (!((self->linked_at == NULL && linked_at == NULL) ||
        (self->linked_at != NULL && linked_at != NULL && g_date_time_equal (self->linked_at, linked_at))))
    {
      g_clear_pointer (&self->linked_at, g_date_time_unref);
      self->linked_at = linked_at != NULL ? g_date_time_ref (linked_at) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINKED_AT]);
    }

  set_string (self, &self->profile_url, profile_url, PROP_PROFILE_URL);

  g_object_thaw_notify (G_OBJECT (self));
}

void
dnevnik_link_status_copy_from (DnevnikLinkStatus *self,
                               DnevnikLinkStatus *other)
{
  g_return_if_fail (DNEVNIK_IS_LINK_STATUS (self));
  g_return_if_fail (DNEVNIK_IS_LINK_STATUS (other));

  dnevnik_link_status_set (self, other->linked, other->account_id, other->phone_masked,
                           other->linked_at, other->profile_url);
}

/**
 * dnevnik_link_status_get_linked:
 * @self: a #DnevnikLinkStatus
 *
 * Returns: whether the account is linked
 */
gboolean
dnevnik_link_status_get_linked (DnevnikLinkStatus *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LINK_STATUS (self), FALSE);

  return self->linked;
}

/**
 * dnevnik_link_status_get_account_id:
 * @self: a #DnevnikLinkStatus
 *
 * Returns: (transfer none) (nullable): the MAX account id
 */
const char *
dnevnik_link_status_get_account_id (DnevnikLinkStatus *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LINK_STATUS (self), NULL);

  return self->account_id;
}

/**
 * dnevnik_link_status_get_phone_masked:
 * @self: a #DnevnikLinkStatus
 *
 * Returns: (transfer none) (nullable): the masked phone number
 */
const char *
dnevnik_link_status_get_phone_masked (DnevnikLinkStatus *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LINK_STATUS (self), NULL);

  return self->phone_masked;
}

/**
 * dnevnik_link_status_get_linked_at:
 * @self: a #DnevnikLinkStatus
 *
 * Returns: (transfer none) (nullable): when the link was made
 */
GDateTime *
dnevnik_link_status_get_linked_at (DnevnikLinkStatus *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LINK_STATUS (self), NULL);

  return self->linked_at;
}

/**
 * dnevnik_link_status_get_profile_url:
 * @self: a #DnevnikLinkStatus
 *
 * Returns: (transfer none) (nullable): the address of the Сферум profile
 */
const char *
dnevnik_link_status_get_profile_url (DnevnikLinkStatus *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LINK_STATUS (self), NULL);

  return self->profile_url;
}
