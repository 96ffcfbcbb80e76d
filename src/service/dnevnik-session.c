/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-service-error.h"
#include "dnevnik-session.h"

/* DnevnikSession: one sign-in of one student, from the first request to
 * the sign-out.  Internal to the service.
 *
 * It holds the tokens and the calls waiting for the one refresh in flight.
 * Every request, and every step of a longer call, holds the session it
 * was made for; once the session has ended (signed out, refresh refused,
 * another sign-in) whatever comes back for it is dropped, so a late reply
 * can never bring back a session that is over.
 */

struct _DnevnikSession
{
  GObject parent_instance;

  DnevnikTokens *tokens;
  GPtrArray     *refresh_waiters;
  gint64         refresh_at;
  guint          refreshing : 1;
  guint          ended : 1;
};

G_DEFINE_FINAL_TYPE (DnevnikSession, dnevnik_session, G_TYPE_OBJECT)

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
dnevnik_session_finalize (GObject *object)
{
  DnevnikSession *self = (DnevnikSession *) object;

  g_clear_pointer (&self->tokens, dnevnik_tokens_free);
  g_clear_pointer (&self->refresh_waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (dnevnik_session_parent_class)->finalize (object);
}

static void
dnevnik_session_class_init (DnevnikSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dnevnik_session_finalize;
}

static void
dnevnik_session_init (DnevnikSession *self)
{
  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);
}

/* A session that has no tokens yet: a sign-in or a restore under way. */
DnevnikSession *
dnevnik_session_new (void)
{
  return g_object_new (DNEVNIK_TYPE_SESSION, NULL);
}

/* NULL until the server has given tokens, and again once ended. */
const DnevnikTokens *
dnevnik_session_get_tokens (DnevnikSession *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SESSION (self), NULL);

  return self->tokens;
}

/* Takes @tokens; @refresh_at is when to refresh them (seconds since the
 * epoch).  Ends the refresh in flight, if any: its waiters are the
 * caller's to answer. */
void
dnevnik_session_set_tokens (DnevnikSession *self,
                            DnevnikTokens  *tokens,
                            gint64          refresh_at)
{
  g_return_if_fail (DNEVNIK_IS_SESSION (self));
  g_return_if_fail (!self->ended);

  g_clear_pointer (&self->tokens, dnevnik_tokens_free);
  self->tokens = tokens;
  self->refresh_at = refresh_at;
}

gboolean
dnevnik_session_refresh_is_due (DnevnikSession *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SESSION (self), FALSE);

  return self->tokens != NULL && now_seconds () >= self->refresh_at;
}

gboolean
dnevnik_session_is_refreshing (DnevnikSession *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SESSION (self), FALSE);

  return self->refreshing;
}

/* Queues @waiter (taken) behind the refresh; TRUE when none was in flight
 * and the caller must start it. */
gboolean
dnevnik_session_add_refresh_waiter (DnevnikSession *self,
                                    GTask          *waiter)
{
  gboolean start;

  g_return_val_if_fail (DNEVNIK_IS_SESSION (self), FALSE);
  g_return_val_if_fail (!self->ended, FALSE);

  g_ptr_array_add (self->refresh_waiters, waiter);
  start = !self->refreshing;
  self->refreshing = TRUE;

  return start;
}

/* The refresh is over: the waiters, to answer (transfer full). */
GPtrArray *
dnevnik_session_take_refresh_waiters (DnevnikSession *self)
{
  GPtrArray *waiters;

  g_return_val_if_fail (DNEVNIK_IS_SESSION (self), NULL);

  waiters = g_steal_pointer (&self->refresh_waiters);
  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->refreshing = FALSE;

  return waiters;
}

gboolean
dnevnik_session_is_ended (DnevnikSession *self)
{
  g_return_val_if_fail (DNEVNIK_IS_SESSION (self), TRUE);

  return self->ended;
}

/* Ends the session in memory: the tokens are forgotten and the calls
 * waiting for a refresh fail with UNAUTHORIZED.  What the server and the
 * token store hold is up to the caller. */
void
dnevnik_session_end (DnevnikSession *self)
{
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DNEVNIK_IS_SESSION (self));

  if (self->ended)
    return;

  self->ended = TRUE;
  g_clear_pointer (&self->tokens, dnevnik_tokens_free);
  waiters = dnevnik_session_take_refresh_waiters (self);

  error = dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_UNAUTHORIZED, NULL, -1, -1);
  dnevnik_session_return_waiters (waiters, error);
}

/* The one check of every step of a call made for this session: when the
 * call was cancelled, or the session is over, @task is answered
 * (CANCELLED, or UNAUTHORIZED) and TRUE is returned.  @task stays the
 * caller's. */
gboolean
dnevnik_session_return_if_over (DnevnikSession *self,
                                GTask          *task)
{
  g_return_val_if_fail (DNEVNIK_IS_SESSION (self), TRUE);

  if (g_task_return_error_if_cancelled (task))
    return TRUE;

  if (!self->ended)
    return FALSE;

  g_task_return_error (task, dnevnik_service_error_new (DNEVNIK_SERVICE_ERROR_UNAUTHORIZED, NULL, -1, -1));
  return TRUE;
}

/* Answers the waiters of a refresh: TRUE, or a copy of @error. */
void
dnevnik_session_return_waiters (GPtrArray    *waiters,
                                const GError *error)
{
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}
