/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The one way the model objects (DnevnikProfile, DnevnikLesson, …) hold
 * their properties.  Internal to the service.
 *
 * A model describes its properties in a table, each row naming the member
 * of its instance struct that holds the value; dnevnik_model_class_install()
 * makes the param specs from the table and gives the class the one
 * get_property, set_property and finalize that serve every model.  The
 * public getters stay in each model, reading their own struct.
 */

typedef enum
{
  DNEVNIK_MODEL_STRING,   /* char *, freed */
  DNEVNIK_MODEL_INT,      /* int in [min, max] */
  DNEVNIK_MODEL_BOOLEAN,  /* gboolean */
  DNEVNIK_MODEL_ENUM,     /* an enum of the row's type */
  DNEVNIK_MODEL_BOXED,    /* a pointer to a boxed value of the row's type, freed */
  DNEVNIK_MODEL_DATE,     /* a GDate held in the struct, %NULL as a value while invalid */
  DNEVNIK_MODEL_OBJECT,   /* a reference to an object of the row's type */
} DnevnikModelKind;

typedef struct
{
  const char       *name;
  DnevnikModelKind  kind;
  gsize             offset;         /* G_STRUCT_OFFSET() of the member */
  GType           (*type) (void);   /* of a BOXED, ENUM or OBJECT row */
  int               min;            /* of an INT row */
  int               max;            /* of an INT row */
  int               default_value;  /* of an INT, BOOLEAN or ENUM row */
} DnevnikModelField;

void dnevnik_model_class_install (GObjectClass            *object_class,
                                  const DnevnikModelField *fields,
                                  guint                    n_fields,
                                  GParamFlags              flags,
                                  GParamSpec             **out_pspecs);

G_END_DECLS
