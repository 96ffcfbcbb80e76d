/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-sandbox"

#include "config.h"

#include "dnevnik-sandbox-demo-rng.h"

static guint64
rng_next (DnevnikSandboxDemoRng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/**
 * dnevnik_sandbox_demo_rng_init:
 *
 * Returns: a generator whose numbers follow from @a, @b and @c alone
 */
DnevnikSandboxDemoRng
dnevnik_sandbox_demo_rng_init (guint64 a,
                               guint64 b,
                               guint64 c)
{
  DnevnikSandboxDemoRng rng = { a * G_GUINT64_CONSTANT (0x100000001b3) ^ b };

  rng_next (&rng);
  rng.state ^= c * G_GUINT64_CONSTANT (0xc2b2ae3d27d4eb4f);
  rng_next (&rng);
  return rng;
}

/**
 * dnevnik_sandbox_demo_rng_below:
 *
 * Returns: the next number, from 0 to @n - 1
 */
guint
dnevnik_sandbox_demo_rng_below (DnevnikSandboxDemoRng *rng,
                                guint                  n)
{
  return (guint) (rng_next (rng) % n);
}

/**
 * dnevnik_sandbox_demo_rng_shuffle:
 *
 * Fills @order with 0 … @n - 1 in a random order (Fisher–Yates).
 */
void
dnevnik_sandbox_demo_rng_shuffle (DnevnikSandboxDemoRng *rng,
                                  guint                 *order,
                                  guint                  n)
{
  for (guint i = 0; i < n; i++)
    order[i] = i;

  for (guint i = n; i > 1; i--)
    {
      guint j = dnevnik_sandbox_demo_rng_below (rng, i);
      guint tmp = order[i - 1];

      order[i - 1] = order[j];
      order[j] = tmp;
    }
}

/**
 * dnevnik_sandbox_demo_hash_string:
 *
 * Returns: the FNV-1a hash of @text, for a seed from a name
 */
guint64
dnevnik_sandbox_demo_hash_string (const char *text)
{
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    hash = (hash ^ *p) * G_GUINT64_CONSTANT (0x100000001b3);

  return hash;
}
