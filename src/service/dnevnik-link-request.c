/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-link-request.h"
#include "dnevnik-model.h"

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

/* The properties, every one construct-only. */
static const DnevnikModelField fields[] = {
  /**
   * DnevnikLinkRequest:request-id:
   *
   * The server's id of the attempt.
   */
  { "request-id", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikLinkRequest, request_id) },

  /**
   * DnevnikLinkRequest:code-length:
   *
   * How many digits the code has.
   */
  { "code-length", DNEVNIK_MODEL_INT, G_STRUCT_OFFSET (DnevnikLinkRequest, code_length), NULL, 0, G_MAXINT, 0 },

  /**
   * DnevnikLinkRequest:expires-in:
   *
   * Seconds (from when the reply arrived) until the code expires.
   */
  { "expires-in", DNEVNIK_MODEL_INT, G_STRUCT_OFFSET (DnevnikLinkRequest, expires_in), NULL, 0, G_MAXINT, 0 },

  /**
   * DnevnikLinkRequest:resend-in:
   *
   * Seconds (from when the reply arrived) until a new code may be asked for.
   */
  { "resend-in", DNEVNIK_MODEL_INT, G_STRUCT_OFFSET (DnevnikLinkRequest, resend_in), NULL, 0, G_MAXINT, 0 },

  /**
   * DnevnikLinkRequest:max-registered:
   *
   * Whether the number is registered in MAX already (decides which note to show).
   */
  { "max-registered", DNEVNIK_MODEL_BOOLEAN, G_STRUCT_OFFSET (DnevnikLinkRequest, max_registered) },

  /**
   * DnevnikLinkRequest:phone-masked:
   *
   * The number the code went to, masked, e.g. “+7 916 ***-**-67”.
   */
  { "phone-masked", DNEVNIK_MODEL_STRING, G_STRUCT_OFFSET (DnevnikLinkRequest, phone_masked) },
};

static void
dnevnik_link_request_class_init (DnevnikLinkRequestClass *klass)
{
  dnevnik_model_class_install (G_OBJECT_CLASS (klass), fields, G_N_ELEMENTS (fields),
                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY, NULL);
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
