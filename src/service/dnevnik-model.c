/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dnevnik-service"

#include "config.h"

#include "dnevnik-model.h"

/* What a model class installed, kept on its type. */
typedef struct
{
  const DnevnikModelField *fields;
  guint                    n_fields;
} ModelTable;

static GQuark
model_table_quark (void)
{
  return g_quark_from_static_string ("dnevnik-model-table");
}

static const ModelTable *
table_of_type (GType type)
{
  return g_type_get_qdata (type, model_table_quark ());
}

/* The table of @pspec's property: property ids are rows, from 1. */
static const DnevnikModelField *
field_of (GParamSpec *pspec,
          guint       prop_id)
{
  const ModelTable *table = table_of_type (pspec->owner_type);

  g_assert (table != NULL && prop_id >= 1 && prop_id <= table->n_fields);
  return &table->fields[prop_id - 1];
}

static gpointer
member (GObject                 *object,
        const DnevnikModelField *field)
{
  return G_STRUCT_MEMBER_P (object, field->offset);
}

static void
clear_member (GObject                 *object,
              const DnevnikModelField *field)
{
  gpointer *pointer = member (object, field);

  switch (field->kind)
    {
    case DNEVNIK_MODEL_STRING:
      g_clear_pointer (pointer, g_free);
      break;

    case DNEVNIK_MODEL_BOXED:
      if (*pointer != NULL)
        g_boxed_free (field->type (), g_steal_pointer (pointer));
      break;

    case DNEVNIK_MODEL_OBJECT:
      g_clear_object (pointer);
      break;

    case DNEVNIK_MODEL_INT:
    case DNEVNIK_MODEL_BOOLEAN:
    case DNEVNIK_MODEL_ENUM:
    case DNEVNIK_MODEL_DATE:
    default:
      break;
    }
}

static void
model_get_property (GObject    *object,
                    guint       prop_id,
                    GValue     *value,
                    GParamSpec *pspec)
{
  const DnevnikModelField *field = field_of (pspec, prop_id);
  gpointer location = member (object, field);

  switch (field->kind)
    {
    case DNEVNIK_MODEL_STRING:
      g_value_set_string (value, *(char **) location);
      break;

    case DNEVNIK_MODEL_INT:
      g_value_set_int (value, *(int *) location);
      break;

    case DNEVNIK_MODEL_BOOLEAN:
      g_value_set_boolean (value, *(gboolean *) location);
      break;

    case DNEVNIK_MODEL_ENUM:
      g_value_set_enum (value, *(int *) location);
      break;

    case DNEVNIK_MODEL_BOXED:
      g_value_set_boxed (value, *(gpointer *) location);
      break;

    case DNEVNIK_MODEL_DATE:
      g_value_set_boxed (value, g_date_valid (location) ? location : NULL);
      break;

    case DNEVNIK_MODEL_OBJECT:
      g_value_set_object (value, *(gpointer *) location);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
model_set_property (GObject      *object,
                    guint         prop_id,
                    const GValue *value,
                    GParamSpec   *pspec)
{
  const DnevnikModelField *field = field_of (pspec, prop_id);
  gpointer location = member (object, field);

  clear_member (object, field);

  switch (field->kind)
    {
    case DNEVNIK_MODEL_STRING:
      *(char **) location = g_value_dup_string (value);
      break;

    case DNEVNIK_MODEL_INT:
      *(int *) location = g_value_get_int (value);
      break;

    case DNEVNIK_MODEL_BOOLEAN:
      *(gboolean *) location = g_value_get_boolean (value);
      break;

    case DNEVNIK_MODEL_ENUM:
      *(int *) location = g_value_get_enum (value);
      break;

    case DNEVNIK_MODEL_BOXED:
      *(gpointer *) location = g_value_dup_boxed (value);
      break;

    case DNEVNIK_MODEL_DATE:
      if (g_value_get_boxed (value) != NULL)
        *(GDate *) location = *(const GDate *) g_value_get_boxed (value);
      else
        g_date_clear (location, 1);
      break;

    case DNEVNIK_MODEL_OBJECT:
      *(gpointer *) location = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
model_finalize (GObject *object)
{
  GType type = G_OBJECT_TYPE (object);
  const ModelTable *table;

  /* The class that installed a table; its parent finalizes the rest. */
  while ((table = table_of_type (type)) == NULL)
    type = g_type_parent (type);

  for (guint i = 0; i < table->n_fields; i++)
    clear_member (object, &table->fields[i]);

  G_OBJECT_CLASS (g_type_class_peek (g_type_parent (type)))->finalize (object);
}

static GParamSpec *
param_spec_of (const DnevnikModelField *field,
               GParamFlags              flags)
{
  switch (field->kind)
    {
    case DNEVNIK_MODEL_STRING:
      return g_param_spec_string (field->name, NULL, NULL, NULL, flags);

    case DNEVNIK_MODEL_INT:
      return g_param_spec_int (field->name, NULL, NULL, field->min, field->max, field->default_value, flags);

    case DNEVNIK_MODEL_BOOLEAN:
      return g_param_spec_boolean (field->name, NULL, NULL, field->default_value, flags);

    case DNEVNIK_MODEL_ENUM:
      return g_param_spec_enum (field->name, NULL, NULL, field->type (), field->default_value, flags);

    case DNEVNIK_MODEL_BOXED:
      return g_param_spec_boxed (field->name, NULL, NULL, field->type (), flags);

    case DNEVNIK_MODEL_DATE:
      return g_param_spec_boxed (field->name, NULL, NULL, G_TYPE_DATE, flags);

    case DNEVNIK_MODEL_OBJECT:
      return g_param_spec_object (field->name, NULL, NULL, field->type (), flags);

    default:
      g_assert_not_reached ();
    }
}

/**
 * dnevnik_model_class_install:
 * @object_class: the class of a model, in its `class_init`
 * @fields: (array length=n_fields): its properties, in the order of their
 *   ids from 1; static
 * @n_fields: how many
 * @flags: the flags of every property (`G_PARAM_STATIC_STRINGS` is added)
 * @out_pspecs: (out caller-allocates) (optional): @n_fields + 1 places
 *   for the param specs, by property id, as a model that notifies wants
 *
 * Installs the properties of @fields and sets the class's
 * `get_property`, `set_property` and `finalize` to the ones that read,
 * write and free the members the table names.
 */
void
dnevnik_model_class_install (GObjectClass            *object_class,
                             const DnevnikModelField *fields,
                             guint                    n_fields,
                             GParamFlags              flags,
                             GParamSpec             **out_pspecs)
{
  ModelTable *table = g_new0 (ModelTable, 1);

  table->fields = fields;
  table->n_fields = n_fields;
  g_type_set_qdata (G_OBJECT_CLASS_TYPE (object_class), model_table_quark (), table);

  object_class->get_property = model_get_property;
  object_class->set_property = model_set_property;
  object_class->finalize = model_finalize;

  for (guint i = 0; i < n_fields; i++)
    {
      GParamSpec *pspec = param_spec_of (&fields[i], flags | G_PARAM_STATIC_STRINGS);

      g_object_class_install_property (object_class, i + 1, pspec);
      if (out_pspecs != NULL)
        out_pspecs[i + 1] = pspec;
    }
}
