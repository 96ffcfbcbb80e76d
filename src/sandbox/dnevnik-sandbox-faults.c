/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "dnevnik-sandbox-faults.h"

typedef struct
{
  char                    *method;    /* NULL: any */
  char                    *path;
  DnevnikSandboxFaultKind  kind;
  guint                    count;     /* left; 0 when @rate is used */
  double                   rate;
  guint                    delay_ms;
} Fault;

struct _DnevnikSandboxFaults
{
  GPtrArray  *faults;    /* of Fault, in the order they were added */
  GHashTable *counters;  /* "METHOD /path" → GUINT_TO_POINTER (n) */
  guint       n_unknown; /* counters of requests that matched no route */
};

/* A key longer than this is never a path of the contract. */
#define MAX_UNKNOWN_KEY_LENGTH 256

static const char * const kind_names[] = {
  [DNEVNIK_SANDBOX_FAULT_NONE]      = "none",
  [DNEVNIK_SANDBOX_FAULT_ERROR500]  = "error500",
  [DNEVNIK_SANDBOX_FAULT_MALFORMED] = "malformed",
  [DNEVNIK_SANDBOX_FAULT_TRUNCATED] = "truncated",
  [DNEVNIK_SANDBOX_FAULT_DROP]      = "drop",
  [DNEVNIK_SANDBOX_FAULT_DELAY]     = "delay",
};

G_STATIC_ASSERT (G_N_ELEMENTS (kind_names) == DNEVNIK_SANDBOX_FAULT_DELAY + 1);

static void
fault_free (Fault *fault)
{
  g_free (fault->method);
  g_free (fault->path);
  g_free (fault);
}

/**
 * dnevnik_sandbox_faults_new:
 *
 * Returns: (transfer full): an empty fault table with zero counters
 */
DnevnikSandboxFaults *
dnevnik_sandbox_faults_new (void)
{
  DnevnikSandboxFaults *self = g_new0 (DnevnikSandboxFaults, 1);

  self->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) fault_free);
  self->counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

/**
 * dnevnik_sandbox_faults_free:
 *
 * Frees @self; %NULL is allowed.
 */
void
dnevnik_sandbox_faults_free (DnevnikSandboxFaults *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->faults);
  g_hash_table_unref (self->counters);
  g_free (self);
}

/**
 * dnevnik_sandbox_fault_kind_parse:
 * @text: "error500", "malformed", "truncated", "drop" or "delay"
 *
 * Returns: whether @text names a fault kind
 */
gboolean
dnevnik_sandbox_fault_kind_parse (const char              *text,
                                  DnevnikSandboxFaultKind *kind)
{
  for (guint i = DNEVNIK_SANDBOX_FAULT_ERROR500; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }

  return FALSE;
}

/**
 * dnevnik_sandbox_faults_add:
 * @method: (nullable): the method to match, %NULL for any
 * @path: the path to match, exactly, without a query
 * @count: how many of the next matching requests fail, when @rate is 0
 * @rate: the share of matching requests that fail, at random
 * @delay_ms: the delay of a %DNEVNIK_SANDBOX_FAULT_DELAY
 */
void
dnevnik_sandbox_faults_add (DnevnikSandboxFaults    *self,
                            const char              *method,
                            const char              *path,
                            DnevnikSandboxFaultKind  kind,
                            guint                    count,
                            double                   rate,
                            guint                    delay_ms)
{
  Fault *fault = g_new0 (Fault, 1);

  g_return_if_fail (path != NULL);
  g_return_if_fail (kind != DNEVNIK_SANDBOX_FAULT_NONE);

  fault->method = g_strdup (method);
  fault->path = g_strdup (path);
  fault->kind = kind;
  fault->rate = CLAMP (rate, 0.0, 1.0);
  fault->count = fault->rate > 0 ? 0 : count;
  fault->delay_ms = delay_ms;

  if (fault->rate > 0 || fault->count > 0)
    g_ptr_array_add (self->faults, fault);
  else
    fault_free (fault);
}

/* Splits "[METHOD:]PATH:KIND:NUMBER[:DELAY_MS]"; FALSE when it is not that. */
static gboolean
parse_spec (char                    **parts,
            gboolean                  is_rate,
            const char              **method,
            const char              **path,
            DnevnikSandboxFaultKind  *kind,
            guint64                  *count,
            double                   *rate,
            guint64                  *delay_ms)
{
  guint n = g_strv_length (parts);
  guint first = 0;

  *method = NULL;
  if (n > 0 && parts[0][0] != '/')
    *method = parts[first++];

  if (n - first < 3 || n - first > 4 || parts[first][0] != '/' ||
      !dnevnik_sandbox_fault_kind_parse (parts[first + 1], kind))
    return FALSE;
  *path = parts[first];

  if (is_rate)
    {
      char *end = NULL;

      *rate = g_ascii_strtod (parts[first + 2], &end);
      if (end == parts[first + 2] || *end != '\0' || !(*rate > 0 && *rate <= 1))
        return FALSE;
    }
  else if (!g_ascii_string_to_unsigned (parts[first + 2], 10, 1, G_MAXUINT, count, NULL))
    return FALSE;

  return n - first == 3 ||
         g_ascii_string_to_unsigned (parts[first + 3], 10, 0, G_MAXUINT, delay_ms, NULL);
}

/**
 * dnevnik_sandbox_faults_add_spec:
 * @spec: "[METHOD:]PATH:KIND:COUNT[:DELAY_MS]", or with @is_rate
 *   "[METHOD:]PATH:KIND:RATE[:DELAY_MS]"
 *
 * Adds a fault given on the command line.
 */
gboolean
dnevnik_sandbox_faults_add_spec (DnevnikSandboxFaults  *self,
                                 const char            *spec,
                                 gboolean               is_rate,
                                 GError               **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ":", -1);
  const char *method;
  const char *path;
  DnevnikSandboxFaultKind kind;
  guint64 count = 0;
  guint64 delay_ms = 0;
  double rate = 0;

  if (!parse_spec (parts, is_rate, &method, &path, &kind, &count, &rate, &delay_ms))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Bad fault “%s”: expected [METHOD:]PATH:KIND:%s[:DELAY_MS] with KIND one of "
                     "error500, malformed, truncated, drop, delay"),
                   spec, is_rate ? "RATE" : "COUNT");
      return FALSE;
    }

  dnevnik_sandbox_faults_add (self, method, path, kind, count, rate, delay_ms);
  return TRUE;
}

/**
 * dnevnik_sandbox_faults_clear:
 *
 * Removes every fault, those from the command line too.
 */
void
dnevnik_sandbox_faults_clear (DnevnikSandboxFaults *self)
{
  g_ptr_array_set_size (self->faults, 0);
}

/**
 * dnevnik_sandbox_faults_take:
 * @delay_ms: (out): the delay of a delay fault
 *
 * Finds the first fault that matches a request, and uses it up once.
 *
 * Returns: the fault to apply, or %DNEVNIK_SANDBOX_FAULT_NONE
 */
DnevnikSandboxFaultKind
dnevnik_sandbox_faults_take (DnevnikSandboxFaults *self,
                             const char           *method,
                             const char           *path,
                             guint                *delay_ms)
{
  *delay_ms = 0;

  for (guint i = 0; i < self->faults->len; i++)
    {
      Fault *fault = g_ptr_array_index (self->faults, i);
      DnevnikSandboxFaultKind kind = fault->kind;

      if (!g_str_equal (fault->path, path) ||
          (fault->method != NULL && g_ascii_strcasecmp (fault->method, method) != 0))
        continue;

      if (fault->rate > 0)
        {
          /* Randomness for tests, not for secrets. */
          if (g_random_double () >= fault->rate)
            continue;
          *delay_ms = fault->delay_ms;
          return kind;
        }

      *delay_ms = fault->delay_ms;
      if (--fault->count == 0)
        g_ptr_array_remove_index (self->faults, i);
      return kind;
    }

  return DNEVNIK_SANDBOX_FAULT_NONE;
}

/**
 * dnevnik_sandbox_faults_count:
 * @known: whether @method and @path are one of the server's routes
 *
 * Counts one request of @method to @path (without the query).  A route
 * always has a counter of its own; other requests get one each only up
 * to DNEVNIK_SANDBOX_MAX_UNKNOWN_COUNTERS short, valid UTF-8 keys, the
 * rest are counted together under DNEVNIK_SANDBOX_OTHER_COUNTER, so that
 * a peer sending ever new paths cannot grow the table without end.
 */
void
dnevnik_sandbox_faults_count (DnevnikSandboxFaults *self,
                              const char           *method,
                              const char           *path,
                              gboolean              known)
{
  g_autofree char *key = g_strconcat (method, " ", path, NULL);
  guint n;

  if (!known && !g_hash_table_contains (self->counters, key))
    {
      if (self->n_unknown < DNEVNIK_SANDBOX_MAX_UNKNOWN_COUNTERS &&
          strlen (key) <= MAX_UNKNOWN_KEY_LENGTH && g_utf8_validate (key, -1, NULL))
        self->n_unknown++;
      else
        {
          g_free (key);
          key = g_strdup (DNEVNIK_SANDBOX_OTHER_COUNTER);
        }
    }

  n = GPOINTER_TO_UINT (g_hash_table_lookup (self->counters, key));
  g_hash_table_replace (self->counters, g_steal_pointer (&key), GUINT_TO_POINTER (n + 1));
}

static int
compare_keys (const void *a,
              const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * dnevnik_sandbox_faults_add_counters:
 * @builder: a builder inside an object
 *
 * Adds one member per counter, in a stable order.
 */
void
dnevnik_sandbox_faults_add_counters (DnevnikSandboxFaults *self,
                                     JsonBuilder          *builder)
{
  g_autofree const char **keys = (const char **) g_hash_table_get_keys_as_array (self->counters, NULL);
  guint n = g_hash_table_size (self->counters);

  qsort (keys, n, sizeof (char *), compare_keys);
  for (guint i = 0; i < n; i++)
    {
      json_builder_set_member_name (builder, keys[i]);
      json_builder_add_int_value (builder, GPOINTER_TO_UINT (g_hash_table_lookup (self->counters, keys[i])));
    }
}

/**
 * dnevnik_sandbox_faults_reset_counters:
 *
 * Sets every counter to zero.
 */
void
dnevnik_sandbox_faults_reset_counters (DnevnikSandboxFaults *self)
{
  g_hash_table_remove_all (self->counters);
  self->n_unknown = 0;
}
