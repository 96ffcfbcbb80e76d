/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The demo school's randomness: splitmix64, small, well distributed and the
 * same everywhere, so the demo school looks the same on every machine
 * (GRand's algorithm is not promised to stay).
 */
typedef struct
{
  guint64 state;
} DnevnikSandboxDemoRng;

DnevnikSandboxDemoRng dnevnik_sandbox_demo_rng_init    (guint64                a,
                                                        guint64                b,
                                                        guint64                c);
guint                 dnevnik_sandbox_demo_rng_below   (DnevnikSandboxDemoRng *rng,
                                                        guint                  n);
void                  dnevnik_sandbox_demo_rng_shuffle (DnevnikSandboxDemoRng *rng,
                                                        guint                 *order,
                                                        guint                  n);
guint64               dnevnik_sandbox_demo_hash_string (const char            *text);

G_END_DECLS
