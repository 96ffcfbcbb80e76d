/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-test"

#include "config.h"

#include <errno.h>
#include <grp.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dnevnik-test-disk.h"
#include "test-cache-util.h"

/* Tests of DnevnikCache's file: its modes, damaged and unusable files
 * (moved aside, or a cache in memory), a full disk, and wipes that leave
 * nothing of a student on disk.
 *
 * Each test gets its own $XDG_CACHE_HOME (G_TEST_OPTION_ISOLATE_DIRS) and a
 * temporary directory of its own.
 */

#define NOBODY_ID 65534

/* Helpers: files. */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every name under @dir, relative, sorted, one a line. */
static char *
list_tree (const char *dir)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  g_ptr_array_add (todo, g_strdup (""));
  while (todo->len > 0)
    {
      g_autofree char *rel = g_ptr_array_steal_index (todo, todo->len - 1);
      g_autofree char *abs = g_build_filename (dir, rel, NULL);
      g_autoptr(GDir) d = g_dir_open (abs, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          char *child = *rel != '\0' ? g_build_filename (rel, name, NULL) : g_strdup (name);
          g_autofree char *child_abs = g_build_filename (dir, child, NULL);

          if (g_file_test (child_abs, G_FILE_TEST_IS_DIR))
            g_ptr_array_add (todo, g_strdup (child));
          g_ptr_array_add (names, child);
        }
    }

  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (names, i));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
find_aside_copy (const char *dir,
                 const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (g_str_has_prefix (name, "cache.sqlite.corrupt-") && g_str_has_suffix (name, suffix) &&
          (*suffix != '\0' || (!g_str_has_suffix (name, "-wal") && !g_str_has_suffix (name, "-shm"))))
        return g_build_filename (dir, name, NULL);
    }

  return NULL;
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

/* Tests. */

static void
test_memory_no_files (void)
{
  const char *cache_home = g_get_user_cache_dir ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) year = make_days ("2026-09-01", 273, "memory");
  DnevnikCache *cache;

  g_mkdir_with_parents (cache_home, 0700);
  before = list_tree (cache_home);

  cache = dnevnik_cache_new (NULL);
  g_assert_cmpint (cache_open (cache), ==, DNEVNIK_CACHE_OPEN_NONE);
  g_assert_false (dnevnik_cache_get_persistent (cache));
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json);
  g_assert_true (cache_put_many (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, year, NULL));
  {
    g_autoptr(GPtrArray) days = cache_get_days (cache, IVAN, NULL, NULL);

    g_assert_cmpuint (days->len, ==, 273);
  }
  cache_wipe_all (cache);
  cache_close (cache);
  cache_destroy (cache);

  after = list_tree (cache_home);
  g_assert_cmpstr (after, ==, before);
  g_assert_null (strstr (after, "dnevnik"));

  /* The same use with the default file does write there: the listing can
   * see a cache. */
  {
    g_autofree char *default_path = dnevnik_cache_get_default_path ();
    g_autofree char *listing = NULL;

    cache = dnevnik_cache_new (default_path);
    cache_open (cache);
    g_assert_true (dnevnik_cache_get_persistent (cache));
    cache_close (cache);
    cache_destroy (cache);
    listing = list_tree (cache_home);
    g_assert_nonnull (strstr (listing, "dnevnik/cache.sqlite"));
    dnevnik_test_disk_remove_tree (default_path);
  }
}

/* Opens the cache at @path and writes to it: its directory and every file
 * of the database (WAL and shared memory too) are the student's alone. */
static void
assert_private_after_write (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  DnevnikCache *cache = dnevnik_cache_new (path);

  cache_open (cache);
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (file_mode (dir), ==, 0700);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_cmpuint (file_mode (wal), ==, 0600);
  g_assert_cmpuint (file_mode (shm), ==, 0600);
  cache_close (cache);
  cache_destroy (cache);
}

static void
test_file_modes (void)
{
  g_autofree char *path = dnevnik_cache_get_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  mode_t old_umask;

  g_assert_true (g_str_has_prefix (path, g_get_user_cache_dir ()));
  g_assert_true (g_str_has_suffix (path, "/dnevnik/cache.sqlite"));

  /* With no umask at all, whatever the cache does not restrict itself
   * would come out world-readable. */
  old_umask = umask (0);

  assert_private_after_write (path);

  /* Loose modes left by someone else are tightened on the next open. */
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  assert_private_after_write (path);

  umask (old_umask);
  dnevnik_test_disk_remove_tree (dir);
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

/* Opens @path, which must be found damaged: moved aside, reported, and
 * replaced by a working cache.  Returns the moved copy. */
static char *
assert_reset_and_working (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  DnevnikCache *cache = dnevnik_cache_new (path);
  char *aside;
  guint notified = 0;

  g_signal_connect (cache, "notify::was-reset", G_CALLBACK (on_notify_cb), &notified);
  g_assert_cmpint (cache_open (cache), ==, DNEVNIK_CACHE_OPEN_RESET);
  g_assert_true (dnevnik_cache_get_was_reset (cache));
  g_assert_true (dnevnik_cache_get_persistent (cache));
  g_assert_cmpuint (notified, ==, 1);

  aside = find_aside_copy (dir, "");
  g_assert_nonnull (aside);

  /* It works, and keeps what it is given. */
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json);
  cache_close (cache);
  cache_destroy (cache);

  cache = dnevnik_cache_new (path);
  g_assert_cmpint (cache_open (cache), ==, DNEVNIK_CACHE_OPEN_NONE);
  g_assert_false (dnevnik_cache_get_was_reset (cache));
  {
    g_autofree char *json = cache_get (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL);

    g_assert_cmpstr (json, ==, profile_json);
  }
  cache_destroy (cache);

  return aside;
}

static void
test_corrupt_random (CacheFileFixture *fixture,
                     gconstpointer     data)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *aside = NULL;
  g_autofree char *moved = NULL;
  g_autofree guint8 *garbage = g_malloc (64 * 1024);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);
  g_autoptr(GError) error = NULL;
  gsize length;

  for (gsize i = 0; i < 64 * 1024; i++)
    garbage[i] = g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (fixture->path, (char *) garbage, 64 * 1024, &error));
  /* A stray WAL beside it must not be replayed into the new database
   * (SQLite itself drops this one, it is not valid). */
  g_assert_true (g_file_set_contents (wal, (char *) garbage, 4096, &error));

  aside = assert_reset_and_working (fixture->path);
  g_assert_true (g_file_get_contents (aside, &moved, &length, &error));
  g_assert_cmpmem (moved, length, garbage, 64 * 1024);
}

/* Writes 200 diary days into a new cache at @path and closes it cleanly. */
static void
write_closed_year (const char *path,
                   const char *marker)
{
  g_autoptr(GPtrArray) year = make_days ("2026-09-01", 200, marker);
  DnevnikCache *cache = dnevnik_cache_new (path);

  cache_open (cache);
  g_assert_true (cache_put_many (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, year, NULL));
  cache_close (cache);
  cache_destroy (cache);
}

static void
test_corrupt_truncated (CacheFileFixture *fixture,
                        gconstpointer     data)
{
  g_autofree char *aside = NULL;
  GStatBuf st;
  goffset cut;

  write_closed_year (fixture->path, "truncated");

  /* Closed cleanly: everything is in the main file, which spans many pages. */
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 16 * 4096);
  cut = (st.st_size / 4096 / 2) * 4096 + 1000;
  g_assert_cmpint (truncate (fixture->path, cut), ==, 0);

  aside = assert_reset_and_working (fixture->path);
  g_assert_cmpint (g_stat (aside, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, cut);
}

/* A page in the middle overwritten: the size is right, the content not. */
static void
test_corrupt_damaged_page (CacheFileFixture *fixture,
                           gconstpointer     data)
{
  g_autofree char *aside = NULL;
  guint8 scribble[512];
  FILE *file;

  write_closed_year (fixture->path, "damaged");

  memset (scribble, 0xa5, sizeof scribble);
  file = g_fopen (fixture->path, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, 10 * 4096 + 8, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (scribble, 1, sizeof scribble, file), ==, sizeof scribble);
  g_assert_cmpint (fclose (file), ==, 0);

  aside = assert_reset_and_working (fixture->path);
}

/* Writes an SQLite database that is not ours, with @sql. */
static void
write_foreign_database (const char *path,
                        const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
test_corrupt_newer_version (CacheFileFixture *fixture,
                            gconstpointer     data)
{
  g_autofree char *aside = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  write_foreign_database (fixture->path,
                          "CREATE TABLE documents (id INTEGER PRIMARY KEY, body BLOB);"
                          "PRAGMA user_version = 99;");

  aside = assert_reset_and_working (fixture->path);

  /* The copy moved aside is the newer database, untouched. */
  g_assert_cmpint (sqlite3_open_v2 (aside, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 99);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* A valid SQLite file whose tables clash with ours cannot be migrated. */
static void
test_corrupt_foreign (CacheFileFixture *fixture,
                      gconstpointer     data)
{
  g_autofree char *aside = NULL;

  write_foreign_database (fixture->path, "CREATE TABLE documents (id INTEGER PRIMARY KEY, body BLOB);");
  aside = assert_reset_and_working (fixture->path);
}

/* Becomes nobody when root, where file modes stop nothing. */
static void
drop_privileges (void)
{
  if (getuid () != 0)
    return;

  g_assert_cmpint (setgroups (0, NULL), ==, 0);
  g_assert_cmpint (setgid (NOBODY_ID), ==, 0);
  g_assert_cmpint (setuid (NOBODY_ID), ==, 0);
  g_assert_cmpint (getuid (), ==, NOBODY_ID);
}

static void
check_unwritable_as_child (const char *base)
{
  g_autofree char *ro_dir = g_build_filename (base, "read-only", NULL);
  g_autofree char *missing = g_build_filename (ro_dir, "dnevnik", "cache.sqlite", NULL);
  g_autofree char *ro_file = g_build_filename (ro_dir, "cache.sqlite", NULL);
  g_autofree char *own_dir = g_build_filename (base, "own", NULL);
  g_autofree char *unreadable = g_build_filename (own_dir, "cache.sqlite", NULL);
  g_autofree char *listing_before = list_tree (ro_dir);
  g_autofree char *listing_after = NULL;
  g_autofree char *contents = NULL;
  DnevnikCache *cache;

  if (access (ro_dir, W_OK) == 0 || g_file_get_contents (ro_file, &contents, NULL, NULL))
    {
      g_test_skip ("Cannot make a directory unwritable here");
      return;
    }

  /* A directory that cannot be created: memory, reported, working. */
  cache = dnevnik_cache_new (missing);
  g_assert_cmpint (cache_open (cache), ==, DNEVNIK_CACHE_OPEN_MEMORY_FALLBACK);
  g_assert_false (dnevnik_cache_get_persistent (cache));
  g_assert_false (dnevnik_cache_get_was_reset (cache));
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json);
  {
    g_autofree char *json = cache_get (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL);

    g_assert_cmpstr (json, ==, profile_json);
  }
  cache_destroy (cache);

  /* An unreadable file in a directory we may not change: it stays as it
   * is (a later session may read it again), and memory serves. */
  cache = dnevnik_cache_new (ro_file);
  g_assert_cmpint (cache_open (cache), ==, DNEVNIK_CACHE_OPEN_MEMORY_FALLBACK);
  g_assert_false (dnevnik_cache_get_persistent (cache));
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json);
  cache_destroy (cache);

  listing_after = list_tree (ro_dir);
  g_assert_cmpstr (listing_after, ==, listing_before);

  /* An unreadable file in our own directory is moved aside. */
  cache = dnevnik_cache_new (unreadable);
  g_assert_cmpint (cache_open (cache), ==, DNEVNIK_CACHE_OPEN_RESET);
  g_assert_true (dnevnik_cache_get_persistent (cache));
  g_assert_true (dnevnik_cache_get_was_reset (cache));
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json);
  cache_close (cache);
  cache_destroy (cache);
}

static void
test_unwritable (void)
{
  g_autofree char *base = NULL;
  g_autofree char *ro_dir = NULL;
  g_autofree char *ro_file = NULL;
  g_autofree char *own_dir = NULL;
  g_autofree char *own_file = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gboolean root = getuid () == 0;

  if (g_test_subprocess ())
    {
      drop_privileges ();
      check_unwritable_as_child (g_getenv ("DNEVNIK_TEST_UNWRITABLE_DIR"));
      return;
    }

  /* Laid out by the parent (root in CI); the child checks it as nobody. */
  base = make_tmp_dir ();
  ro_dir = g_build_filename (base, "read-only", NULL);
  ro_file = g_build_filename (ro_dir, "cache.sqlite", NULL);
  own_dir = g_build_filename (base, "own", NULL);
  own_file = g_build_filename (own_dir, "cache.sqlite", NULL);

  g_assert_cmpint (g_mkdir (ro_dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (own_dir, 0755), ==, 0);
  write_foreign_database (ro_file, "PRAGMA user_version = 1;");
  write_foreign_database (own_file, "PRAGMA user_version = 1;");
  g_assert_cmpint (g_chmod (ro_file, root ? 0600 : 0000), ==, 0);
  g_assert_cmpint (g_chmod (own_file, root ? 0600 : 0000), ==, 0);
  if (root)
    g_assert_cmpint (chown (own_dir, NOBODY_ID, NOBODY_ID), ==, 0);
  else
    g_assert_cmpint (g_chmod (ro_dir, 0555), ==, 0);
  g_assert_cmpint (g_chmod (base, 0755), ==, 0);

  g_setenv ("DNEVNIK_TEST_UNWRITABLE_DIR", base, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  /* The file the child could not touch is still there, unchanged in name. */
  g_assert_true (g_file_test (ro_file, G_FILE_TEST_EXISTS));
  aside = find_aside_copy (own_dir, "");
  g_assert_nonnull (aside);
  g_assert_true (g_file_test (own_file, G_FILE_TEST_EXISTS));

  dnevnik_test_disk_remove_tree (base);
}

static void
test_disk_full (CacheFileFixture *fixture,
                gconstpointer     data)
{
  g_autoptr(DnevnikCache) cache = dnevnik_cache_new (fixture->path);
  g_autoptr(GPtrArray) batch = make_days ("2026-12-01", 10, "batch");
  g_autoptr(GString) huge = g_string_new ("{\"items\": [");
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *page_count = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *set_limit = NULL;

  for (guint i = 0; i < 4000; i++)
    g_string_append_printf (huge, "%s{\"id\": \"b%u\", \"title\": \"Учебник %u\"}", i > 0 ? ", " : "", i, i);
  g_string_append (huge, "]}");

  cache_open (cache);
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, profile_json);
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, "2026-11-23", "{\"date\": \"2026-11-23\"}");

  /* The "disk" is full from now on. */
  page_count = cache_exec (cache, "PRAGMA page_count", &error);
  g_assert_no_error (error);
  set_limit = g_strdup_printf ("PRAGMA max_page_count = %s", page_count);
  limit = cache_exec (cache, set_limit, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (limit, ==, page_count);

  g_assert_false (cache_put_full (cache, SERVER, IVAN, DNEVNIK_CACHE_KIND_LIBRARY, NULL, huge->str, &error));
  g_assert_error (error, DNEVNIK_CACHE_ERROR, DNEVNIK_CACHE_ERROR_FULL);
  g_assert_nonnull (error->message);
  g_clear_error (&error);

  /* A batch that runs out of room in its last document leaves none. */
  g_ptr_array_add (batch, dnevnik_cache_entry_new ("2026-12-31", huge->str));
  g_assert_false (cache_put_many (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, batch, &error));
  g_assert_error (error, DNEVNIK_CACHE_ERROR, DNEVNIK_CACHE_ERROR_FULL);
  g_clear_error (&error);

  /* What was there before is intact. */
  {
    g_autofree char *profile = cache_get (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL);
    g_autofree char *library = cache_get (cache, IVAN, DNEVNIK_CACHE_KIND_LIBRARY, NULL);

    g_assert_cmpstr (profile, ==, profile_json);
    g_assert_null (library);
  }
  days = cache_get_days (cache, IVAN, NULL, NULL);
  g_assert_cmpuint (days->len, ==, 1);
  g_assert_cmpstr (((DnevnikCacheEntry *) g_ptr_array_index (days, 0))->key, ==, "2026-11-23");

  /* Room again: the cache carries on. */
  g_free (cache_exec (cache, "PRAGMA max_page_count = 1000000", &error));
  g_assert_no_error (error);
  g_assert_true (cache_put_many (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, batch, &error));
  g_assert_no_error (error);
  g_clear_pointer (&days, g_ptr_array_unref);
  days = cache_get_days (cache, IVAN, NULL, NULL);
  g_assert_cmpuint (days->len, ==, 12);

  cache_close (cache);
}

static void
test_wipe_leaves_nothing (CacheFileFixture *fixture,
                          gconstpointer     data)
{
  g_autofree char *old_aside = g_strconcat (fixture->path, ".corrupt-20260101T000000Z", NULL);
  g_autoptr(DnevnikCache) cache = dnevnik_cache_new (fixture->path);
  g_autoptr(GPtrArray) ivan_days = make_days ("2026-09-01", 120, "MARKER-IVAN");
  g_autoptr(GPtrArray) maria_days = make_days ("2026-09-01", 30, "MARKER-MARIA");

  cache_open (cache);
  cache_put (cache, IVAN, DNEVNIK_CACHE_KIND_PROFILE, NULL, "{\"last_name\": \"MARKER-IVAN\"}");
  g_assert_true (cache_put_many (cache, IVAN, DNEVNIK_CACHE_KIND_DIARY_DAY, ivan_days, NULL));
  cache_put (cache, MARIA, DNEVNIK_CACHE_KIND_PROFILE, NULL, "{\"last_name\": \"MARKER-MARIA\"}");
  g_assert_true (cache_put_many (cache, MARIA, DNEVNIK_CACHE_KIND_DIARY_DAY, maria_days, NULL));
  g_assert_true (dir_contains_bytes (fixture->dir, "MARKER-IVAN"));

  cache_wipe_account (cache, SERVER, IVAN);
  g_assert_false (dir_contains_bytes (fixture->dir, "MARKER-IVAN"));
  g_assert_true (dir_contains_bytes (fixture->dir, "MARKER-MARIA"));

  /* Forgetting everyone also removes a damaged copy moved aside earlier. */
  g_assert_true (g_file_set_contents (old_aside, "MARKER-MARIA", -1, NULL));
  cache_wipe_all (cache);
  g_assert_false (dir_contains_bytes (fixture->dir, "MARKER-MARIA"));
  g_assert_false (g_file_test (old_aside, G_FILE_TEST_EXISTS));

  cache_close (cache);
  g_assert_false (dir_contains_bytes (fixture->dir, "MARKER-IVAN"));
  g_assert_false (dir_contains_bytes (fixture->dir, "MARKER-MARIA"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cache/memory-no-files", test_memory_no_files);
  g_test_add_func ("/cache/file-modes", test_file_modes);
  cache_file_test_add ("/cache/corrupt/random", test_corrupt_random);
  cache_file_test_add ("/cache/corrupt/truncated", test_corrupt_truncated);
  cache_file_test_add ("/cache/corrupt/damaged-page", test_corrupt_damaged_page);
  cache_file_test_add ("/cache/corrupt/newer-version", test_corrupt_newer_version);
  cache_file_test_add ("/cache/corrupt/foreign", test_corrupt_foreign);
  g_test_add_func ("/cache/unwritable", test_unwritable);
  cache_file_test_add ("/cache/disk-full", test_disk_full);
  cache_file_test_add ("/cache/wipe-leaves-nothing", test_wipe_leaves_nothing);

  return g_test_run ();
}
