/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-app"

#include "config.h"

#include "dnevnik-mesh-provider.h"
#include "dnevnik-provider-choice.h"

/* Which diary the app talks to, from the settings and the command line.
 *
 * The `provider` setting holds the student's choice; empty means none was
 * made, and then `server-url` decides as it always has (empty: training
 * mode), so the quick start needs no choice.  An administrator's lock
 * wins over everything: a locked `provider` first, then a locked
 * `server-url`; then `--sandbox` and `--server`; then the settings.
 */

/* The values of the `provider` setting, by choice. */
static const char * const choice_ids[] = {
  [DNEVNIK_PROVIDER_CHOICE_TRAINING] = "training",
  [DNEVNIK_PROVIDER_CHOICE_SERVER] = "server",
  [DNEVNIK_PROVIDER_CHOICE_MOSCOW] = "moscow",
  [DNEVNIK_PROVIDER_CHOICE_MOSCOW_OBLAST] = "moscow-oblast",
};

G_STATIC_ASSERT (G_N_ELEMENTS (choice_ids) == DNEVNIK_PROVIDER_CHOICE_N);

/* Returns FALSE for an empty setting: no choice made. */
static gboolean
choice_from_string (const char            *id,
                    DnevnikProviderChoice *out_choice)
{
  for (guint i = 0; i < G_N_ELEMENTS (choice_ids); i++)
    {
      if (g_strcmp0 (id, choice_ids[i]) == 0)
        {
          *out_choice = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* The v1 server of `server-url`, or training mode when it is empty. */
static DnevnikProviderChoice
server_url_choice (GSettings  *settings,
                   char      **out_url)
{
  g_autofree char *url = g_settings_get_string (settings, "server-url");

  if (*url == '\0')
    return DNEVNIK_PROVIDER_CHOICE_TRAINING;

  *out_url = g_steal_pointer (&url);
  return DNEVNIK_PROVIDER_CHOICE_SERVER;
}

/**
 * dnevnik_provider_choice_to_string:
 * @choice: a choice
 *
 * Returns: the value of the `provider` setting for @choice
 */
const char *
dnevnik_provider_choice_to_string (DnevnikProviderChoice choice)
{
  g_return_val_if_fail (choice < G_N_ELEMENTS (choice_ids), NULL);

  return choice_ids[choice];
}

/**
 * dnevnik_provider_choice_resolve:
 * @settings: the app's settings
 * @server_override: (nullable): the server given with `--server`
 * @force_sandbox: whether `--sandbox` asked for the training server
 * @out_url: (out) (transfer full): the address of the v1 server, set only
 *   for %DNEVNIK_PROVIDER_CHOICE_SERVER
 *
 * Returns: the diary to use
 */
DnevnikProviderChoice
dnevnik_provider_choice_resolve (GSettings   *settings,
                                 const char  *server_override,
                                 gboolean     force_sandbox,
                                 char       **out_url)
{
  g_autofree char *id = NULL;
  DnevnikProviderChoice choice = DNEVNIK_PROVIDER_CHOICE_TRAINING;
  gboolean chosen;

  g_return_val_if_fail (G_IS_SETTINGS (settings), DNEVNIK_PROVIDER_CHOICE_TRAINING);
  g_return_val_if_fail (out_url != NULL && *out_url == NULL, DNEVNIK_PROVIDER_CHOICE_TRAINING);

  id = g_settings_get_string (settings, "provider");
  chosen = choice_from_string (id, &choice);

  if (chosen && !g_settings_is_writable (settings, "provider"))
    return choice == DNEVNIK_PROVIDER_CHOICE_SERVER ? server_url_choice (settings, out_url) : choice;

  if (!g_settings_is_writable (settings, "server-url"))
    return server_url_choice (settings, out_url);

  if (force_sandbox)
    return DNEVNIK_PROVIDER_CHOICE_TRAINING;

  if (server_override != NULL && *server_override != '\0')
    {
      *out_url = g_strdup (server_override);
      return DNEVNIK_PROVIDER_CHOICE_SERVER;
    }

  if (!chosen || choice == DNEVNIK_PROVIDER_CHOICE_SERVER)
    return server_url_choice (settings, out_url);

  return choice;
}

/**
 * dnevnik_provider_choice_is_locked:
 * @settings: the app's settings
 *
 * Returns: whether the student cannot choose another diary: an
 *   administrator locked `provider` or `server-url`
 */
gboolean
dnevnik_provider_choice_is_locked (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), TRUE);

  return !g_settings_is_writable (settings, "provider") ||
         !g_settings_is_writable (settings, "server-url");
}

/**
 * dnevnik_provider_choice_remember:
 * @settings: the app's settings
 * @choice: the diary the student chose
 * @url: (nullable): the server's address, for %DNEVNIK_PROVIDER_CHOICE_SERVER
 *
 * Keeps the student's choice for the next runs, unless an administrator
 * locked it.
 *
 * Returns: whether the choice was kept
 */
gboolean
dnevnik_provider_choice_remember (GSettings             *settings,
                                  DnevnikProviderChoice  choice,
                                  const char            *url)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (choice < G_N_ELEMENTS (choice_ids), FALSE);
  g_return_val_if_fail (choice != DNEVNIK_PROVIDER_CHOICE_SERVER || url != NULL, FALSE);

  if (dnevnik_provider_choice_is_locked (settings))
    return FALSE;

  if (choice == DNEVNIK_PROVIDER_CHOICE_SERVER)
    g_settings_set_string (settings, "server-url", url);
  g_settings_set_string (settings, "provider", choice_ids[choice]);

  return TRUE;
}

/**
 * dnevnik_provider_choice_create_service:
 * @choice: the diary, not training mode
 * @url: (nullable): the v1 server's address (training mode's too), for
 *   %DNEVNIK_PROVIDER_CHOICE_SERVER and %DNEVNIK_PROVIDER_CHOICE_TRAINING
 * @mesh_base_url: (nullable): in a development build, where the МЭШ
 *   provider sends its requests instead of the real hosts (tests); ignored
 *   in a release build
 * @store: where the service keeps its tokens
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the service for @choice
 */
DnevnikService *
dnevnik_provider_choice_create_service (DnevnikProviderChoice   choice,
                                        const char             *url,
                                        const char             *mesh_base_url,
                                        DnevnikTokenStore      *store,
                                        GError                **error)
{
  g_autoptr(DnevnikProvider) provider = NULL;
  DnevnikMeshRegion region;

  g_return_val_if_fail (DNEVNIK_IS_TOKEN_STORE (store), NULL);

  switch (choice)
    {
    case DNEVNIK_PROVIDER_CHOICE_TRAINING:
    case DNEVNIK_PROVIDER_CHOICE_SERVER:
      return dnevnik_service_new (url, store, error);

    case DNEVNIK_PROVIDER_CHOICE_MOSCOW:
    case DNEVNIK_PROVIDER_CHOICE_MOSCOW_OBLAST:
      region = choice == DNEVNIK_PROVIDER_CHOICE_MOSCOW ? DNEVNIK_MESH_REGION_MOSCOW
                                                        : DNEVNIK_MESH_REGION_MOSCOW_OBLAST;
#if DEVELOPMENT_BUILD
      if (mesh_base_url != NULL)
        provider = g_object_new (DNEVNIK_TYPE_MESH_PROVIDER,
                                 "region", region,
                                 "base-url", mesh_base_url,
                                 NULL);
#endif
      if (provider == NULL)
        provider = dnevnik_mesh_provider_new (region);
      return dnevnik_service_new_for_provider (provider, store);

    default:
      g_return_val_if_reached (NULL);
    }
}
