/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text from the network, made safe to show to people.
 *
 * A server decides what the student reads, but not how it is read: text
 * that reorders itself (bidi overrides, embeddings and isolates) or hides
 * characters (C0 and C1 controls) could make one word look like another.
 * Pure functions, no I/O: the app and the tests share them.
 */

/* Caps in characters: a name or a title fits in a row, homework and
 * comments in a few paragraphs. */
#define DNEVNIK_TEXT_MAX_SHORT  256
#define DNEVNIK_TEXT_MAX_LONG   4096

typedef enum
{
  DNEVNIK_TEXT_SINGLE_LINE = 0,
  DNEVNIK_TEXT_MULTILINE   = 1 << 0,
} DnevnikTextFlags;

char     *dnevnik_text_sanitize   (const char       *text,
                                   gssize            length,
                                   gsize             max_chars,
                                   DnevnikTextFlags  flags);
gboolean  dnevnik_text_is_hidden  (gunichar          c);

/* Fields of a known format, shown as they come: checked instead. */
#define DNEVNIK_TEXT_MAX_ACCOUNT_ID    64
#define DNEVNIK_TEXT_MAX_MASKED_PHONE  32

gboolean  dnevnik_text_is_account_id    (const char *text);
gboolean  dnevnik_text_is_masked_phone  (const char *text);

G_END_DECLS
