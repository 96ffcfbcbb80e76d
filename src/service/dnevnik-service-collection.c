/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-json.h"
#include "dnevnik-service-private.h"

/* The models of the service (week, library, portfolio, link history) live
 * as long as the service.  Each item has a signature, the JSON text it was
 * made from; an update splices only the positions whose signature
 * changed, so a reload that changed nothing emits no items-changed at all.
 */

void
_dnevnik_collection_init (Collection *collection,
                          GType       item_type)
{
  collection->store = g_list_store_new (item_type);
  collection->signatures = g_ptr_array_new_with_free_func (g_free);
}

void
_dnevnik_collection_clear (Collection *collection)
{
  g_clear_object (&collection->store);
  g_clear_pointer (&collection->signatures, g_ptr_array_unref);
}

/* Makes @collection show @items (GObjects) whose signatures are
 * @signatures, splicing only what changed: position by position when the
 * length stays, else the middle between the unchanged head and tail.
 */
void
_dnevnik_collection_update (Collection *collection,
                            GPtrArray  *items,
                            GPtrArray  *signatures)
{
  GPtrArray *old = collection->signatures;
  guint old_len = old->len;
  guint new_len = signatures->len;
  guint head = 0, tail = 0;

  g_assert (items->len == signatures->len);

  if (old_len == new_len)
    {
      guint i = 0;

      while (i < new_len)
        {
          guint start;

          if (g_str_equal (g_ptr_array_index (old, i), g_ptr_array_index (signatures, i)))
            {
              i++;
              continue;
            }

          for (start = i; i < new_len; i++)
            {
              if (g_str_equal (g_ptr_array_index (old, i), g_ptr_array_index (signatures, i)))
                break;

              g_free (g_ptr_array_index (old, i));
              g_ptr_array_index (old, i) = g_strdup (g_ptr_array_index (signatures, i));
            }

          g_list_store_splice (collection->store, start, i - start, items->pdata + start, i - start);
        }

      return;
    }

  while (head < old_len && head < new_len &&
         g_str_equal (g_ptr_array_index (old, head), g_ptr_array_index (signatures, head)))
    head++;

  while (tail < old_len - head && tail < new_len - head &&
         g_str_equal (g_ptr_array_index (old, old_len - 1 - tail),
                      g_ptr_array_index (signatures, new_len - 1 - tail)))
    tail++;

  g_ptr_array_set_size (old, 0);
  for (guint i = 0; i < new_len; i++)
    g_ptr_array_add (old, g_strdup (g_ptr_array_index (signatures, i)));

  g_list_store_splice (collection->store, head, old_len - head - tail,
                       items->pdata + head, new_len - head - tail);
}

void
_dnevnik_collection_update_from_model (Collection *collection,
                                       GListModel *model,
                                       GPtrArray  *signatures)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (items, g_list_model_get_item (model, i));

  _dnevnik_collection_update (collection, items, signatures);
}

void
_dnevnik_collection_empty (Collection *collection)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  _dnevnik_collection_update (collection, none, none);
}

/* The JSON text of each element of the array @member of a reply: the
 * signature of each item, and what the cache keeps of a diary day.  Plain
 * data only, so it may run on any thread.
 */
GPtrArray *
_dnevnik_service_split_array (GBytes      *bytes,
                              const char  *member,
                              GError     **error)
{
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  JsonArray *array;

  root = dnevnik_json_parse_object (bytes, error);
  if (root == NULL)
    return NULL;

  array = dnevnik_json_get_array (root, member, TRUE, error);
  if (array == NULL)
    return NULL;

  texts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (texts, json_to_string (json_array_get_element (array, i), FALSE));

  return g_steal_pointer (&texts);
}

/* Shows a fresh or cached list document in @collection.  Items a parser
 * skips (a link event of an unknown kind) break the one-to-one match of
 * items and elements: then the whole document is the one signature.
 */
void
_dnevnik_collection_show_document (Collection *collection,
                                   GListModel *model,
                                   GBytes     *bytes,
                                   const char *member)
{
  g_autoptr(GPtrArray) signatures = _dnevnik_service_split_array (bytes, member, NULL);
  guint n_items = g_list_model_get_n_items (model);

  if (signatures == NULL || signatures->len != n_items)
    {
      g_autofree char *whole = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      g_clear_pointer (&signatures, g_ptr_array_unref);
      signatures = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < n_items; i++)
        g_ptr_array_add (signatures, g_strdup_printf ("%u:%s", i, whole));
    }

  _dnevnik_collection_update_from_model (collection, model, signatures);
}
