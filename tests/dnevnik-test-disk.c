/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "dnevnik-test-disk.h"

/* Appends to @hits every file under @path that holds one of @needles, and
 * counts the files read in @n_files.  Symbolic links are not followed, so
 * nothing outside the test's directories is read. */
static void
find_in_tree (const char         *path,
              const char * const *needles,
              GPtrArray          *hits,
              guint              *n_files)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || !g_file_get_contents (path, &contents, &length, NULL))
        return;
      (*n_files)++;
      for (guint i = 0; needles[i] != NULL; i++)
        {
          if (dnevnik_test_disk_contains (contents, length, needles[i]))
            {
              g_ptr_array_add (hits, g_strdup_printf ("%s (“%s”)", path, needles[i]));
              return;
            }
        }
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      find_in_tree (child, needles, hits, n_files);
    }
}

/**
 * dnevnik_test_disk_contains:
 * @data: bytes, which may hold NUL bytes (sqlite files do: strstr() and
 *   g_strstr_len() stop at the first one)
 * @length: how many
 * @needle: a non-empty string
 *
 * Returns: whether @needle occurs in @data
 */
gboolean
dnevnik_test_disk_contains (const char *data,
                            gsize       length,
                            const char *needle)
{
  gsize needle_length;

  g_return_val_if_fail (needle != NULL && *needle != '\0', FALSE);

  needle_length = strlen (needle);
  for (gsize i = 0; i + needle_length <= length; i++)
    {
      if (data[i] == needle[0] && memcmp (data + i, needle, needle_length) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * dnevnik_test_disk_find_in_home:
 * @needles: a %NULL-terminated list of strings
 * @n_files: (out) (optional): how many files were read
 *
 * Every file in the test's HOME and XDG directories (the throwaway ones
 * of build-aux/headless-run) that holds one of @needles.
 *
 * Returns: (transfer full): one "PATH (“NEEDLE”)" line per such file
 */
GPtrArray *
dnevnik_test_disk_find_in_home (const char * const *needles,
                                guint              *n_files)
{
  static const char * const roots[] = {
    "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR",
  };
  GPtrArray *hits = g_ptr_array_new_with_free_func (g_free);
  guint files = 0;

  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    {
      const char *root = g_getenv (roots[i]);

      if (root != NULL && *root != '\0')
        find_in_tree (root, needles, hits, &files);
    }

  if (n_files != NULL)
    *n_files = files;

  return hits;
}

/**
 * dnevnik_test_disk_read_database:
 * @path: a SQLite database
 *
 * Returns: (transfer full): the bytes of @path, then of its WAL and
 *   shared-memory files (those that exist)
 */
GByteArray *
dnevnik_test_disk_read_database (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  GByteArray *all = g_byte_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (name, &contents, &length, NULL))
        g_byte_array_append (all, (const guint8 *) contents, length);
    }

  return all;
}

/**
 * dnevnik_test_disk_has_files:
 * @dir: a directory
 *
 * Returns: whether @dir exists and holds anything
 */
gboolean
dnevnik_test_disk_has_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);

  return handle != NULL && g_dir_read_name (handle) != NULL;
}

/**
 * dnevnik_test_disk_remove_tree:
 * @path: a file or a directory
 *
 * Removes @path and, for a directory, everything below it, read-only
 * directories included; a symbolic link is removed, not followed.  Best
 * effort: what cannot be removed (a cache still closing in the
 * background may hold a file) stays.
 */
void
dnevnik_test_disk_remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          dnevnik_test_disk_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}
