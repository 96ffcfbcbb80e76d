/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ui/dnevnik-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DnevnikApplication) app = NULL;
  const char *localedir;

  setlocale (LC_ALL, "");
  /* build-aux/setup --run points this at the build tree's catalogues. */
  localedir = g_getenv ("DNEVNIK_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = dnevnik_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
