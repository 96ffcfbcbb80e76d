/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dnevnik-context.h"
#include "dnevnik-sandbox-launcher.h"
#include "dnevnik-year-sync.h"

G_BEGIN_DECLS

/* DnevnikContext is spread over files by responsibility, around this
 * struct:
 *
 *   dnevnik-context.c           the object: properties, signals,
 *                               construction; the back end start and
 *                               stop, the choice of diary, the service
 *                               and its restore, the profile refresh
 *   dnevnik-context-training.c  the training server: its launcher, the
 *                               restarts when it dies, the reset of the
 *                               training data, its pid and SMS file
 *   dnevnik-context-student.c   the student leaving: sign-out, which
 *                               forgets who it was; the school-year sync
 */

struct _DnevnikContext
{
  GObject                 parent_instance;

  /* owned */
  GSettings              *settings;
  char                   *server_override;
  DnevnikSandboxLauncher *launcher;
  DnevnikService         *service;
  GCancellable           *cancellable;
  char                   *backend_error;
  DnevnikYearSync        *year_sync;
  char                   *mesh_base_url;

  DnevnikProviderChoice   provider;

  gboolean                force_sandbox;
  gboolean                training_mode;
  gboolean                backend_started;
  gboolean                announce_reset;     /* say when the fresh training data is there */
  guint                   sandbox_restarts;
};

/* dnevnik-context.c */
void     _dnevnik_context_set_backend_error (DnevnikContext *self,
                                             const char     *message);
void     _dnevnik_context_set_service       (DnevnikContext *self,
                                             DnevnikService *service);
void     _dnevnik_context_start_sandbox     (DnevnikContext *self,
                                             gboolean        reset);
void     _dnevnik_context_emit_student_left (DnevnikContext *self);

/* dnevnik-context-training.c */
gboolean _dnevnik_context_ensure_launcher   (DnevnikContext *self);

G_END_DECLS
