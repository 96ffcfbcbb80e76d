/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-memory-token-store.h"

typedef struct
{
  DnevnikTokens *tokens;
  guint64        serial;
} Entry;

struct _DnevnikMemoryTokenStore
{
  GObject parent_instance;

  /* "server\nlogin" → Entry */
  GHashTable *entries;
  /* Orders saves, so that "the login saved last" has a meaning. */
  guint64     next_serial;
};

static void token_store_iface_init (DnevnikTokenStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DnevnikMemoryTokenStore, dnevnik_memory_token_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DNEVNIK_TYPE_TOKEN_STORE, token_store_iface_init))

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  dnevnik_tokens_free (entry->tokens);
  g_free (entry);
}

static char *
make_key (const char *server,
          const char *login)
{
  return g_strconcat (server, "\n", login, NULL);
}

static void
dnevnik_memory_token_store_save_async (DnevnikTokenStore   *store,
                                       const char          *server,
                                       const DnevnikTokens *tokens,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  DnevnikMemoryTokenStore *self = DNEVNIK_MEMORY_TOKEN_STORE (store);
  g_autoptr(GTask) task = NULL;
  Entry *entry;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_memory_token_store_save_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  entry = g_new0 (Entry, 1);
  entry->tokens = dnevnik_tokens_copy (tokens);
  entry->serial = ++self->next_serial;
  g_hash_table_replace (self->entries, make_key (server, tokens->login), entry);

  g_task_return_boolean (task, TRUE);
}

static void
dnevnik_memory_token_store_load_async (DnevnikTokenStore   *store,
                                       const char          *server,
                                       const char          *login,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  DnevnikMemoryTokenStore *self = DNEVNIK_MEMORY_TOKEN_STORE (store);
  g_autoptr(GTask) task = NULL;
  g_autofree char *prefix = NULL;
  Entry *found = NULL;
  GHashTableIter iter;
  gpointer key, value;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_memory_token_store_load_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  prefix = g_strconcat (server, "\n", NULL);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Entry *entry = value;

      if (!g_str_has_prefix (key, prefix))
        continue;
      if (login != NULL && g_strcmp0 (entry->tokens->login, login) != 0)
        continue;
      if (found == NULL || entry->serial > found->serial)
        found = entry;
    }

  g_task_return_pointer (task,
                         found != NULL ? dnevnik_tokens_copy (found->tokens) : NULL,
                         (GDestroyNotify) dnevnik_tokens_free);
}

static void
dnevnik_memory_token_store_delete_async (DnevnikTokenStore   *store,
                                         const char          *server,
                                         const char          *login,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  DnevnikMemoryTokenStore *self = DNEVNIK_MEMORY_TOKEN_STORE (store);
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = make_key (server, login);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_memory_token_store_delete_async);

  /* Forgetting is not cancellable: a half-forgotten session is worse. */
  g_hash_table_remove (self->entries, key);
  g_task_return_boolean (task, TRUE);
}

static void
token_store_iface_init (DnevnikTokenStoreInterface *iface)
{
  iface->save_async = dnevnik_memory_token_store_save_async;
  iface->load_async = dnevnik_memory_token_store_load_async;
  iface->delete_async = dnevnik_memory_token_store_delete_async;
}

static void
dnevnik_memory_token_store_finalize (GObject *object)
{
  DnevnikMemoryTokenStore *self = (DnevnikMemoryTokenStore *) object;

  g_clear_pointer (&self->entries, g_hash_table_unref);

  G_OBJECT_CLASS (dnevnik_memory_token_store_parent_class)->finalize (object);
}

static void
dnevnik_memory_token_store_class_init (DnevnikMemoryTokenStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dnevnik_memory_token_store_finalize;
}

static void
dnevnik_memory_token_store_init (DnevnikMemoryTokenStore *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
}

/**
 * dnevnik_memory_token_store_new:
 *
 * Returns: (transfer full): a new, empty in-memory token store
 */
DnevnikTokenStore *
dnevnik_memory_token_store_new (void)
{
  return g_object_new (DNEVNIK_TYPE_MEMORY_TOKEN_STORE, NULL);
}

/**
 * dnevnik_memory_token_store_get_count:
 * @self: a #DnevnikMemoryTokenStore
 *
 * Returns: how many entries are stored (for tests)
 */
guint
dnevnik_memory_token_store_get_count (DnevnikMemoryTokenStore *self)
{
  g_return_val_if_fail (DNEVNIK_IS_MEMORY_TOKEN_STORE (self), 0);

  return g_hash_table_size (self->entries);
}
