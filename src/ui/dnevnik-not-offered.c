/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dnevnik-not-offered.h"

/* What a page of the main window shows when the diary does not offer
 * what it shows in the app (the real diaries publish no requests for
 * their library or portfolio): says so plainly, with a link to the web
 * diary, instead of an error or a request that cannot work. */

/**
 * dnevnik_not_offered_load:
 * @page: a page whose `load` this is called from
 * @load: what the page loads
 * @cancellable: (nullable): the page's cancellable
 * @callback: the `load` callback
 * @user_data: its data
 *
 * Starts @load; but when the page's service lacks @load's capability,
 * makes the page's empty status say so and finishes the load at once
 * instead.  The page's `load_finish` calls
 * dnevnik_not_offered_load_finish().
 */
void
dnevnik_not_offered_load (DnevnikPage                  *page,
                          const DnevnikNotOfferedLoad  *load,
                          GCancellable                 *cancellable,
                          GAsyncReadyCallback           callback,
                          gpointer                      user_data)
{
  DnevnikService *service = dnevnik_page_get_service (page);
  g_autoptr(GTask) task = NULL;
  const char *description;
  g_autofree char *url = NULL;
  g_autofree char *markup = NULL;

  g_return_if_fail (DNEVNIK_IS_PAGE (page));

  if (service == NULL || (dnevnik_service_get_capabilities (service) & load->capability) == load->capability)
    {
      load->load_async (service, cancellable, callback, user_data);
      return;
    }

  /* The status page's description is always markup. */
  description = _(load->description);
  url = dnevnik_provider_dup_web_url (dnevnik_service_get_provider (service), DNEVNIK_PROVIDER_WEB_PAGE_DIARY);
  if (url != NULL)
    markup = g_markup_printf_escaped ("%s <a href=\"%s\">%s</a>", description, url,
                                      _("Open the web diary"));
  else
    markup = g_markup_escape_text (description, -1);

  g_object_set (page,
                "empty-title", _(load->title),
                "empty-description", markup,
                "can-retry", FALSE,
                NULL);

  task = g_task_new (page, cancellable, callback, user_data);
  g_task_set_source_tag (task, dnevnik_not_offered_load);
  g_task_return_boolean (task, TRUE);
}

/**
 * dnevnik_not_offered_load_finish:
 * @page: a page whose `load_finish` this is called from
 * @load: what was given to dnevnik_not_offered_load()
 *
 * Returns: whether the load succeeded (one the diary does not offer does)
 */
gboolean
dnevnik_not_offered_load_finish (DnevnikPage                  *page,
                                 const DnevnikNotOfferedLoad  *load,
                                 GAsyncResult                 *result,
                                 GError                      **error)
{
  if (g_task_is_valid (result, page))
    return g_task_propagate_boolean (G_TASK (result), error);

  return load->load_finish (dnevnik_page_get_service (page), result, error);
}
