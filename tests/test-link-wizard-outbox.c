/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "dnevnik-test-loop.h"
#include "dnevnik-training-outbox.h"

/* The training server's SMS outbox as the wizard sees it, without a
 * display: only new messages, only for the number expected, only whole
 * lines, and again from the start after a teacher's reset. */

#define PHONE_A "+79161234567"
#define PHONE_B "+79031234567"
#define WAIT_MS 20000

typedef struct
{
  char                  *dir;
  char                  *path;
  DnevnikTrainingOutbox *outbox;
  GPtrArray             *received;  /* the text of each ::message */
} Fixture;

static void
append (Fixture    *f,
        const char *text)
{
  FILE *file = fopen (f->path, "a");

  g_assert_nonnull (file);
  g_assert_cmpint (fputs (text, file), >=, 0);
  g_assert_cmpint (fclose (file), ==, 0);
}

static char *
message_line (const char *phone,
              const char *text)
{
  return g_strdup_printf ("{\"phone\": \"%s\", \"text\": \"%s\"}\n", phone, text);
}

static void
send_sms (Fixture    *f,
          const char *phone,
          const char *text)
{
  g_autofree char *line = message_line (phone, text);

  append (f, line);
}

typedef struct
{
  Fixture *f;
  guint    n;
} ReceivedWait;

static gboolean
received_enough (gpointer user_data)
{
  ReceivedWait *wait = user_data;

  return wait->f->received->len >= wait->n;
}

/* Spins the main context until @n messages came, and no more. */
static void
wait_received (Fixture *f,
               guint    n)
{
  ReceivedWait wait = { f, n };

  g_assert_true (dnevnik_test_loop_wait_for (NULL, received_enough, &wait, WAIT_MS));
  g_assert_cmpuint (f->received->len, ==, n);
}

static void
on_message_cb (DnevnikTrainingOutbox *outbox,
               const char            *text,
               Fixture               *f)
{
  g_ptr_array_add (f->received, g_strdup (text));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("dnevnik-outbox-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sms.jsonl", NULL);
  f->received = g_ptr_array_new_with_free_func (g_free);

  /* An earlier request's message, before the outbox is opened. */
  send_sms (f, PHONE_A, "old");

  f->outbox = dnevnik_training_outbox_new (f->path);
  g_assert_cmpstr (dnevnik_training_outbox_get_path (f->outbox), ==, f->path);
  g_assert_null (dnevnik_training_outbox_get_phone (f->outbox));
  g_signal_connect (f->outbox, "message", G_CALLBACK (on_message_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&f->outbox));
  g_unlink (f->path);
  g_rmdir (f->dir);
  g_clear_pointer (&f->received, g_ptr_array_unref);
  g_clear_pointer (&f->path, g_free);
  g_clear_pointer (&f->dir, g_free);
}

static void
test_new_messages (Fixture       *f,
                   gconstpointer  data)
{
  /* Nothing expected yet: nothing reported (below, "first" comes first). */
  send_sms (f, PHONE_A, "unexpected");
  dnevnik_training_outbox_check (f->outbox);

  /* From now on, what comes for this number, and nothing before. */
  dnevnik_training_outbox_expect (f->outbox, PHONE_A);
  g_assert_cmpstr (dnevnik_training_outbox_get_phone (f->outbox), ==, PHONE_A);
  send_sms (f, PHONE_B, "someone else's");
  send_sms (f, PHONE_A, "first");
  append (f, "not json\n");
  send_sms (f, PHONE_A, "second");

  /* The file monitor reads it without being asked. */
  wait_received (f, 2);
  g_assert_cmpstr (g_ptr_array_index (f->received, 0), ==, "first");
  g_assert_cmpstr (g_ptr_array_index (f->received, 1), ==, "second");

  /* A line being written is read once it is whole. */
  append (f, "{\"phone\": \"" PHONE_A "\", ");
  dnevnik_training_outbox_check (f->outbox);
  append (f, "\"text\": \"third\"}\n");
  dnevnik_training_outbox_check (f->outbox);
  wait_received (f, 3);
  g_assert_cmpstr (g_ptr_array_index (f->received, 2), ==, "third");

  /* Read again: nothing twice, only what is new. */
  dnevnik_training_outbox_check (f->outbox);
  send_sms (f, PHONE_A, "fourth");
  dnevnik_training_outbox_check (f->outbox);
  wait_received (f, 4);
  g_assert_cmpstr (g_ptr_array_index (f->received, 3), ==, "fourth");
}

static void
test_skip_and_reset (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *line = message_line (PHONE_A, "after the reset");
  g_autoptr(GError) error = NULL;

  dnevnik_training_outbox_expect (f->outbox, PHONE_A);
  send_sms (f, PHONE_A, "for the old request");
  dnevnik_training_outbox_skip (f->outbox);
  send_sms (f, PHONE_A, "for the new request");
  dnevnik_training_outbox_check (f->outbox);
  wait_received (f, 1);
  g_assert_cmpstr (g_ptr_array_index (f->received, 0), ==, "for the new request");

  /* A teacher's reset empties the outbox: it is read from the start. */
  g_file_set_contents (f->path, line, -1, &error);
  g_assert_no_error (error);
  dnevnik_training_outbox_check (f->outbox);
  wait_received (f, 2);
  g_assert_cmpstr (g_ptr_array_index (f->received, 1), ==, "after the reset");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/link-wizard/outbox/new-messages", Fixture, NULL,
              fixture_set_up, test_new_messages, fixture_tear_down);
  g_test_add ("/link-wizard/outbox/skip-and-reset", Fixture, NULL,
              fixture_set_up, test_skip_and_reset, fixture_tear_down);

  return g_test_run ();
}
