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
save (DnevnikMemoryTokenStore *self,
      const char              *server,
      const DnevnikTokens     *tokens)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->tokens = dnevnik_tokens_copy (tokens);
  entry->serial = ++self->next_serial;
  g_hash_table_replace (self->entries, make_key (server, tokens->login), entry);
}

static DnevnikTokens *
load (DnevnikMemoryTokenStore *self,
      const char              *server,
      const char              *login)
{
  g_autofree char *prefix = g_strconcat (server, "\n", NULL);
  Entry *found = NULL;
  GHashTableIter iter;
  gpointer key, value;

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

  return found != NULL ? dnevnik_tokens_copy (found->tokens) : NULL;
}

static void
dnevnik_memory_token_store_run (DnevnikTokenStore   *store,
                                DnevnikTokenStoreOp  op,
                                const char          *server,
                                const char          *login,
                                const DnevnikTokens *tokens,
                                GTask               *task_in)
{
  DnevnikMemoryTokenStore *self = DNEVNIK_MEMORY_TOKEN_STORE (store);
  g_autoptr(GTask) task = task_in;
  g_autofree char *key = NULL;

  /* Forgetting is not cancellable: a half-forgotten session is worse. */
  if (op != DNEVNIK_TOKEN_STORE_DELETE && g_task_return_error_if_cancelled (task))
    return;

  switch (op)
    {
    case DNEVNIK_TOKEN_STORE_SAVE:
      save (self, server, tokens);
      break;

    case DNEVNIK_TOKEN_STORE_LOAD:
      g_task_return_pointer (task, load (self, server, login), (GDestroyNotify) dnevnik_tokens_free);
      return;

    case DNEVNIK_TOKEN_STORE_DELETE:
      key = make_key (server, login);
      g_hash_table_remove (self->entries, key);
      break;

    default:
      g_assert_not_reached ();
    }

  g_task_return_boolean (task, TRUE);
}

static void
token_store_iface_init (DnevnikTokenStoreInterface *iface)
{
  iface->run = dnevnik_memory_token_store_run;
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
