/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-link-request.h"

struct _DnevnikLinkRequest
{
  GObject parent_instance;

  char *request_id;
  int code_length;
  int expires_in;
  int resend_in;
  gboolean max_registered;
  char *phone_masked;
};

G_DEFINE_FINAL_TYPE (DnevnikLinkRequest, dnevnik_link_request, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REQUEST_ID,
  PROP_CODE_LENGTH,
  PROP_EXPIRES_IN,
  PROP_RESEND_IN,
  PROP_MAX_REGISTERED,
  PROP_PHONE_MASKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dnevnik_link_request_finalize (GObject *object)
{
  DnevnikLinkRequest *self = (DnevnikLinkRequest *) object;

  g_clear_pointer (&self->request_id, g_free);
  g_clear_pointer (&self->phone_masked, g_free);

  G_OBJECT_CLASS (dnevnik_link_request_parent_class)->finalize (object);
}

static void
dnevnik_link_request_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DnevnikLinkRequest *self = DNEVNIK_LINK_REQUEST (object);

  switch (prop_id)
    {
    case PROP_REQUEST_ID:
      g_value_set_string (value, self->request_id);
      break;

    case PROP_CODE_LENGTH:
      g_value_set_int (value, self->code_length);
      break;

    case PROP_EXPIRES_IN:
      g_value_set_int (value, self->expires_in);
      break;

    case PROP_RESEND_IN:
      g_value_set_int (value, self->resend_in);
      break;

    case PROP_MAX_REGISTERED:
      g_value_set_boolean (value, self->max_registered);
      break;

    case PROP_PHONE_MASKED:
      g_value_set_string (value, self->phone_masked);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_link_request_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  DnevnikLinkRequest *self = DNEVNIK_LINK_REQUEST (object);

  switch (prop_id)
    {
    case PROP_REQUEST_ID:
      self->request_id = g_value_dup_string (value);
      break;

    case PROP_CODE_LENGTH:
      self->code_length = g_value_get_int (value);
      break;

    case PROP_EXPIRES_IN:
      self->expires_in = g_value_get_int (value);
      break;

    case PROP_RESEND_IN:
      self->resend_in = g_value_get_int (value);
      break;

    case PROP_MAX_REGISTERED:
      self->max_registered = g_value_get_boolean (value);
      break;

    case PROP_PHONE_MASKED:
      self->phone_masked = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_link_request_class_init (DnevnikLinkRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dnevnik_link_request_finalize;
  object_class->get_property = dnevnik_link_request_get_property;
  object_class->set_property = dnevnik_link_request_set_property;

  /**
   * DnevnikLinkRequest:request-id:
   *
   * The server's id of the attempt.
   */
  properties[PROP_REQUEST_ID] =
    g_param_spec_string ("request-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLinkRequest:code-length:
   *
   * How many digits the code has.
   */
  properties[PROP_CODE_LENGTH] =
    g_param_spec_int ("code-length", NULL, NULL,
                      0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLinkRequest:expires-in:
   *
   * Seconds (from when the reply arrived) until the code expires.
   */
  properties[PROP_EXPIRES_IN] =
    g_param_spec_int ("expires-in", NULL, NULL,
                      0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLinkRequest:resend-in:
   *
   * Seconds (from when the reply arrived) until a new code may be asked for.
   */
  properties[PROP_RESEND_IN] =
    g_param_spec_int ("resend-in", NULL, NULL,
                      0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLinkRequest:max-registered:
   *
   * Whether the number is registered in MAX already (decides which note to show).
   */
  properties[PROP_MAX_REGISTERED] =
    g_param_spec_boolean ("max-registered", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikLinkRequest:phone-masked:
   *
   * The number the code went to, masked, e.g. “+7 916 ***-**-67”.
   */
  properties[PROP_PHONE_MASKED] =
    g_param_spec_string ("phone-masked", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dnevnik_link_request_init (DnevnikLinkRequest *self)
{
}

/**
 * dnevnik_link_request_get_request_id:
 * @self: a #DnevnikLinkRequest
 *
 * Returns: (transfer none): the server's id of the attempt.
 */
const char *
dnevnik_link_request_get_request_id (DnevnikLinkRequest *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LINK_REQUEST (self), NULL);

  return self->request_id;
}

/**
 * dnevnik_link_request_get_code_length:
 * @self: a #DnevnikLinkRequest
 *
 * Returns: how many digits the code has.
 */
int
dnevnik_link_request_get_code_length (DnevnikLinkRequest *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LINK_REQUEST (self), 0);

  return self->code_length;
}

/**
 * dnevnik_link_request_get_expires_in:
 * @self: a #DnevnikLinkRequest
 *
 * Returns: seconds (from when the reply arrived) until the code expires.
 */
int
dnevnik_link_request_get_expires_in (DnevnikLinkRequest *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LINK_REQUEST (self), 0);

  return self->expires_in;
}

/**
 * dnevnik_link_request_get_resend_in:
 * @self: a #DnevnikLinkRequest
 *
 * Returns: seconds (from when the reply arrived) until a new code may be asked for.
 */
int
dnevnik_link_request_get_resend_in (DnevnikLinkRequest *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LINK_REQUEST (self), 0);

  return self->resend_in;
}

/**
 * dnevnik_link_request_get_max_registered:
 * @self: a #DnevnikLinkRequest
 *
 * Returns: whether the number is registered in MAX already (decides which note to show).
 */
gboolean
dnevnik_link_request_get_max_registered (DnevnikLinkRequest *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LINK_REQUEST (self), FALSE);

  return self->max_registered;
}

/**
 * dnevnik_link_request_get_phone_masked:
 * @self: a #DnevnikLinkRequest
 *
 * Returns: (transfer none): the number the code went to, masked, e.g. “+7 916 ***-**-67”.
 */
const char *
dnevnik_link_request_get_phone_masked (DnevnikLinkRequest *self)
{
  g_return_val_if_fail (DNEVNIK_IS_LINK_REQUEST (self), NULL);

  return self->phone_masked;
}
