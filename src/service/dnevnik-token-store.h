/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DnevnikTokens:
 * @login: the login the tokens belong to
 * @access_token: the bearer token sent with every request
 * @refresh_token: the token that buys a new pair when the access token expires
 * @expires_at: when the access token expires, as Unix time in seconds
 *
 * A session's secrets.  Only token stores and the service handle them;
 * they are never logged and never cached.
 */
typedef struct
{
  char   *login;
  char   *access_token;
  char   *refresh_token;
  gint64  expires_at;
} DnevnikTokens;

#define DNEVNIK_TYPE_TOKENS (dnevnik_tokens_get_type ())

GType          dnevnik_tokens_get_type (void) G_GNUC_CONST;
DnevnikTokens *dnevnik_tokens_new      (const char          *login,
                                        const char          *access_token,
                                        const char          *refresh_token,
                                        gint64               expires_at);
DnevnikTokens *dnevnik_tokens_copy     (const DnevnikTokens *tokens);
void           dnevnik_tokens_free     (DnevnikTokens       *tokens);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DnevnikTokens, dnevnik_tokens_free)

/**
 * DnevnikTokenStore:
 *
 * Where a remembered session's tokens are kept between runs, one entry per
 * server and login.  #DnevnikSecretTokenStore keeps them in the keyring,
 * #DnevnikMemoryTokenStore in memory for this run only.
 *
 * Every failure is a %DNEVNIK_SERVICE_ERROR_KEYRING error (or
 * %G_IO_ERROR_CANCELLED).
 */
#define DNEVNIK_TYPE_TOKEN_STORE (dnevnik_token_store_get_type ())

G_DECLARE_INTERFACE (DnevnikTokenStore, dnevnik_token_store, DNEVNIK, TOKEN_STORE, GObject)

/**
 * DnevnikTokenStoreOp:
 * @DNEVNIK_TOKEN_STORE_SAVE: store the tokens for a server and their login,
 *   replacing any earlier ones; the task returns %TRUE
 * @DNEVNIK_TOKEN_STORE_LOAD: look up the tokens of a server and login, or of
 *   the login saved most recently for that server when the login is %NULL;
 *   the task returns the #DnevnikTokens, or %NULL without an error when
 *   nothing is stored
 * @DNEVNIK_TOKEN_STORE_DELETE: forget the tokens of a server and login
 *   (nothing stored is not an error); the task returns %TRUE
 *
 * What a call of a #DnevnikTokenStore asks.
 */
typedef enum
{
  DNEVNIK_TOKEN_STORE_SAVE,
  DNEVNIK_TOKEN_STORE_LOAD,
  DNEVNIK_TOKEN_STORE_DELETE,
} DnevnikTokenStoreOp;

/**
 * DnevnikTokenStoreInterface:
 * @run: answers @task, a #GTask of the store that carries the caller's
 *   cancellable and callback (transfer full), as #DnevnikTokenStoreOp says;
 *   @login is %NULL only for a load of the login saved last, @tokens is set
 *   only for a save (and @login is then its login)
 *
 * The virtual method of #DnevnikTokenStore: the public calls make the task,
 * the finishes propagate it, so a store writes each operation once.
 */
struct _DnevnikTokenStoreInterface
{
  GTypeInterface parent_iface;

  void (*run) (DnevnikTokenStore   *self,
               DnevnikTokenStoreOp  op,
               const char          *server,
               const char          *login,
               const DnevnikTokens *tokens,
               GTask               *task);
};

void           dnevnik_token_store_save_async    (DnevnikTokenStore    *self,
                                                  const char           *server,
                                                  const DnevnikTokens  *tokens,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean       dnevnik_token_store_save_finish   (DnevnikTokenStore    *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           dnevnik_token_store_load_async    (DnevnikTokenStore    *self,
                                                  const char           *server,
                                                  const char           *login,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
DnevnikTokens *dnevnik_token_store_load_finish   (DnevnikTokenStore    *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           dnevnik_token_store_delete_async  (DnevnikTokenStore    *self,
                                                  const char           *server,
                                                  const char           *login,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean       dnevnik_token_store_delete_finish (DnevnikTokenStore    *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

char          *dnevnik_tokens_serialize          (const DnevnikTokens  *tokens);
DnevnikTokens *dnevnik_tokens_deserialize        (const char           *login,
                                                  const char           *text,
                                                  GError              **error);

G_END_DECLS
