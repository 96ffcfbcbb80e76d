/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dnevnik-app"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dnevnik-training-outbox.h"

struct _DnevnikTrainingOutbox
{
  GObject       parent_instance;

  /* owned */
  char         *path;
  char         *phone;        /* +79…, the number messages are reported for */
  GFileMonitor *monitor;
  GCancellable *cancellable;  /* the reads in flight */

  goffset       offset;       /* bytes of the file already looked at */

  /* One read at a time: a read that began before a later one, or before a
   * skip, must not be taken for a teacher's reset when it ends last. */
  guint         generation;   /* bumped by every skip */
  guint         read_generation;
  guint         reading : 1;
  guint         read_again : 1;
};

G_DEFINE_FINAL_TYPE (DnevnikTrainingOutbox, dnevnik_training_outbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_PHONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- helpers ------------------------------------------------------------- */

/* Returns: (transfer full) (nullable): the text of a message for @phone */
static char *
parse_message (const char *line,
               gsize       length,
               const char *phone)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *message;

  if (!json_parser_load_from_data (parser, line, length, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  message = json_node_get_object (root);
  if (g_strcmp0 (json_object_get_string_member_with_default (message, "phone", NULL), phone) != 0)
    return NULL;

  return g_strdup (json_object_get_string_member_with_default (message, "text", NULL));
}

/* --- callbacks ----------------------------------------------------------- */

static void
on_loaded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  DnevnikTrainingOutbox *self;
  gsize length;
  const char *line;
  const char *end;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* @user_data may be gone */

  self = DNEVNIK_TRAINING_OUTBOX (user_data);
  self->reading = FALSE;

  /* Not found: nothing sent yet.  Read before a skip: stale. */
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_debug ("Could not read the training SMS outbox: %s", error->message);
    }
  else if (self->read_generation == self->generation)
    {
      /* Reads do not overlap, so a shorter file is a teacher's --reset,
       * which empties the outbox. */
      if ((goffset) length < self->offset)
        self->offset = 0;

      /* Only complete lines: the sandbox may be writing the next one. */
      for (line = contents + self->offset;
           self->phone != NULL && (end = memchr (line, '\n', contents + length - line)) != NULL;
           line = end + 1)
        {
          g_autofree char *text = parse_message (line, end - line, self->phone);

          self->offset = end + 1 - contents;
          if (text != NULL)
            g_signal_emit (self, signals[MESSAGE], 0, text);
        }
    }
  else
    {
      self->read_again = TRUE;
    }

  if (self->read_again)
    {
      self->read_again = FALSE;
      dnevnik_training_outbox_check (self);
    }
}

static void
on_changed_cb (GFileMonitor          *monitor,
               GFile                 *file,
               GFile                 *other_file,
               GFileMonitorEvent      event,
               DnevnikTrainingOutbox *self)
{
  if (event == G_FILE_MONITOR_EVENT_CHANGED ||
      event == G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT ||
      event == G_FILE_MONITOR_EVENT_CREATED)
    dnevnik_training_outbox_check (self);
}

/* --- GObject ------------------------------------------------------------- */

static void
dnevnik_training_outbox_constructed (GObject *object)
{
  DnevnikTrainingOutbox *self = DNEVNIK_TRAINING_OUTBOX (object);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (dnevnik_training_outbox_parent_class)->constructed (object);

  g_return_if_fail (self->path != NULL);

  dnevnik_training_outbox_skip (self);

  file = g_file_new_for_path (self->path);
  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, &error);
  if (self->monitor == NULL)
    {
      /* Still useful: dnevnik_training_outbox_check() reads it on demand. */
      g_debug ("Could not watch the training SMS outbox: %s", error->message);
      return;
    }

  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_changed_cb), self, 0);
}

static void
dnevnik_training_outbox_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  DnevnikTrainingOutbox *self = DNEVNIK_TRAINING_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_training_outbox_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  DnevnikTrainingOutbox *self = DNEVNIK_TRAINING_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_assert (self->path == NULL);
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dnevnik_training_outbox_dispose (GObject *object)
{
  DnevnikTrainingOutbox *self = DNEVNIK_TRAINING_OUTBOX (object);

  g_cancellable_cancel (self->cancellable);
  if (self->monitor != NULL)
    g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (dnevnik_training_outbox_parent_class)->dispose (object);
}

static void
dnevnik_training_outbox_finalize (GObject *object)
{
  DnevnikTrainingOutbox *self = DNEVNIK_TRAINING_OUTBOX (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->phone, g_free);

  G_OBJECT_CLASS (dnevnik_training_outbox_parent_class)->finalize (object);
}

static void
dnevnik_training_outbox_class_init (DnevnikTrainingOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = dnevnik_training_outbox_constructed;
  object_class->get_property = dnevnik_training_outbox_get_property;
  object_class->set_property = dnevnik_training_outbox_set_property;
  object_class->dispose = dnevnik_training_outbox_dispose;
  object_class->finalize = dnevnik_training_outbox_finalize;

  /**
   * DnevnikTrainingOutbox:path:
   *
   * The sandbox's `--sms-outbox` file (JSON lines); it need not exist yet.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DnevnikTrainingOutbox:phone:
   *
   * The number (+79…) whose messages are reported, or %NULL for none.
   */
  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DnevnikTrainingOutbox::message:
   * @text: the text of the SMS
   *
   * A new message to #DnevnikTrainingOutbox:phone was sent.
   */
  signals[MESSAGE] =
    g_signal_new ("message",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
dnevnik_training_outbox_init (DnevnikTrainingOutbox *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * dnevnik_training_outbox_new:
 * @path: the sandbox's SMS outbox file
 *
 * Starts watching @path.  What it holds now is skipped.
 *
 * Returns: (transfer full): the new outbox
 */
DnevnikTrainingOutbox *
dnevnik_training_outbox_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (DNEVNIK_TYPE_TRAINING_OUTBOX, "path", path, NULL);
}

/**
 * dnevnik_training_outbox_get_path:
 *
 * Returns: the file watched
 */
const char *
dnevnik_training_outbox_get_path (DnevnikTrainingOutbox *self)
{
  g_return_val_if_fail (DNEVNIK_IS_TRAINING_OUTBOX (self), NULL);

  return self->path;
}

/**
 * dnevnik_training_outbox_get_phone:
 *
 * Returns: (nullable): the number whose messages are reported
 */
const char *
dnevnik_training_outbox_get_phone (DnevnikTrainingOutbox *self)
{
  g_return_val_if_fail (DNEVNIK_IS_TRAINING_OUTBOX (self), NULL);

  return self->phone;
}

/**
 * dnevnik_training_outbox_expect:
 * @phone: (nullable): a number as +79…, or %NULL to report nothing
 *
 * A code is about to be asked for @phone: from now on its new messages
 * are reported, and what the outbox holds already is skipped.
 */
void
dnevnik_training_outbox_expect (DnevnikTrainingOutbox *self,
                                const char            *phone)
{
  g_return_if_fail (DNEVNIK_IS_TRAINING_OUTBOX (self));

  dnevnik_training_outbox_skip (self);

  if (g_strcmp0 (self->phone, phone) == 0)
    return;

  g_free (self->phone);
  self->phone = g_strdup (phone);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE]);
}

/**
 * dnevnik_training_outbox_skip:
 *
 * Treats every message in the outbox now as already seen: they belong to
 * earlier requests.
 */
void
dnevnik_training_outbox_skip (DnevnikTrainingOutbox *self)
{
  GStatBuf st;

  g_return_if_fail (DNEVNIK_IS_TRAINING_OUTBOX (self));

  self->generation++;
  if (g_stat (self->path, &st) == 0)
    self->offset = st.st_size;
  else
    self->offset = 0;
}

/**
 * dnevnik_training_outbox_check:
 *
 * Reads the outbox now, without waiting for the file monitor (which may
 * be late, or missing on some file systems).
 */
void
dnevnik_training_outbox_check (DnevnikTrainingOutbox *self)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (DNEVNIK_IS_TRAINING_OUTBOX (self));

  /* One read at a time; what changes meanwhile is read right after it. */
  if (self->reading)
    {
      self->read_again = TRUE;
      return;
    }

  self->reading = TRUE;
  self->read_generation = self->generation;
  file = g_file_new_for_path (self->path);
  g_file_load_contents_async (file, self->cancellable, on_loaded_cb, self);
}
