/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dnevnik-achievement.h"
#include "dnevnik-diary-day.h"
#include "dnevnik-library-item.h"
#include "dnevnik-link-event.h"
#include "dnevnik-link-request.h"
#include "dnevnik-link-status.h"
#include "dnevnik-period.h"
#include "dnevnik-profile.h"
#include "dnevnik-subject-marks.h"

G_BEGIN_DECLS

/* JSON → models, one function per reply of API.md.  Internal to the
 * service (and its fuzz target).  Each takes the raw body, so the same code
 * reads a fresh reply and a cached copy; each either returns a complete
 * model or fails with DNEVNIK_SERVICE_ERROR_PROTOCOL.
 */

/* Tokens go into an HTTP header: bound them and keep them printable. */
#define DNEVNIK_PARSE_MAX_TOKEN_LENGTH 4096

/* How much of a list is believed.  A reply past these bounds is no diary
 * (a real week has a few dozen lessons) and building its models would
 * stall the app for seconds, so the whole reply is refused with PROTOCOL
 * before any model is built from the list, rather than shown cut short as
 * if it were complete. */
#define DNEVNIK_PARSE_MAX_DAYS             366   /* API.md: at most 366 days per request */
#define DNEVNIK_PARSE_MAX_LESSONS_PER_DAY  32
#define DNEVNIK_PARSE_MAX_HOMEWORK         32    /* tasks of one lesson */
#define DNEVNIK_PARSE_MAX_MARKS            32    /* marks of one lesson */
#define DNEVNIK_PARSE_MAX_LIST_ITEMS       2000  /* library items, achievements, link events */
#define DNEVNIK_PARSE_MAX_PERIODS          12    /* periods of a school year */
#define DNEVNIK_PARSE_MAX_SUBJECTS         64    /* subjects of a period's marks */
#define DNEVNIK_PARSE_MAX_SUBJECT_MARKS    1000  /* marks of one subject in a period */

/* The most a mark may weigh: a generous bound, it only keeps absurd values
 * out of the models. */
#define DNEVNIK_PARSE_MAX_MARK_WEIGHT      100

typedef struct
{
  char   *access_token;
  char   *refresh_token;
  gint64  expires_in;
  char   *profile_id;
} DnevnikAuthReply;

void                dnevnik_auth_reply_free      (DnevnikAuthReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DnevnikAuthReply, dnevnik_auth_reply_free)

DnevnikAuthReply   *dnevnik_parse_auth           (GBytes       *bytes,
                                                  GError      **error);
DnevnikProfile     *dnevnik_parse_profile        (GBytes       *bytes,
                                                  GError      **error);
DnevnikLinkStatus  *dnevnik_parse_link_status    (GBytes       *bytes,
                                                  GError      **error);
DnevnikDiaryDay    *dnevnik_parse_diary_day      (JsonObject   *object,
                                                  GError      **error);
GListModel         *dnevnik_parse_diary          (GBytes       *bytes,
                                                  const GDate  *from,
                                                  const GDate  *to,
                                                  GError      **error);
GListModel         *dnevnik_parse_library        (GBytes       *bytes,
                                                  GError      **error);
GListModel         *dnevnik_parse_portfolio      (GBytes       *bytes,
                                                  GError      **error);
GListModel         *dnevnik_parse_link_history   (GBytes       *bytes,
                                                  GError      **error);
DnevnikLinkRequest *dnevnik_parse_link_request   (GBytes       *bytes,
                                                  const char   *phone,
                                                  GError      **error);
DnevnikLinkRequest *dnevnik_parse_link_resend    (GBytes       *bytes,
                                                  DnevnikLinkRequest *request,
                                                  GError      **error);
GListModel         *dnevnik_parse_periods        (GBytes       *bytes,
                                                  GError      **error);
GListModel         *dnevnik_parse_marks          (GBytes       *bytes,
                                                  char        **out_period_id,
                                                  double       *out_round_up_from,
                                                  GError      **error);
gboolean            dnevnik_parse_error_body     (GBytes       *bytes,
                                                  char        **out_code,
                                                  int          *out_retry_after,
                                                  int          *out_attempts_left);

/* What the parsers share (dnevnik-parse-fields.c). */

/* How a member of a reply's object is read. */
typedef enum
{
  DNEVNIK_PARSE_FIELD_STRING,      /* a string kept as it is: ids */
  DNEVNIK_PARSE_FIELD_SHORT_TEXT,  /* text a person reads, one line */
  DNEVNIK_PARSE_FIELD_LONG_TEXT,   /* text a person reads, lines kept */
  DNEVNIK_PARSE_FIELD_FORMATTED,   /* a string the row's is_valid accepts */
  DNEVNIK_PARSE_FIELD_WEB_URL,     /* an address the app may open; always required */
  DNEVNIK_PARSE_FIELD_INT,         /* an integer in [min, max] */
  DNEVNIK_PARSE_FIELD_BOOLEAN,
  DNEVNIK_PARSE_FIELD_DATE,        /* YYYY-MM-DD */
} DnevnikParseFieldKind;

/* One member of a reply's object and the model's property of the same
 * name (GObject reads `first_name` as `first-name`). */
typedef struct
{
  const char              *member;
  DnevnikParseFieldKind    kind;
  gboolean                 required;
  gint64                   min;                           /* of an INT */
  gint64                   max;                           /* of an INT */
  gboolean               (*is_valid) (const char *text);  /* of a FORMATTED */
} DnevnikParseField;

/* The properties read for a model, to make it with. */
typedef struct
{
  guint       n;
  const char *names[12];
  GValue      values[12];
} DnevnikParseProperties;

void                dnevnik_parse_properties_clear      (DnevnikParseProperties *properties);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DnevnikParseProperties, dnevnik_parse_properties_clear)

GValue             *dnevnik_parse_properties_add        (DnevnikParseProperties *properties,
                                                         const char             *name,
                                                         GType                   type);
const GValue       *dnevnik_parse_properties_lookup     (DnevnikParseProperties *properties,
                                                         const char             *name);
gpointer            dnevnik_parse_properties_new_object (DnevnikParseProperties *properties,
                                                         GType                   type);
gboolean            dnevnik_parse_read_fields           (JsonObject              *object,
                                                         const DnevnikParseField *fields,
                                                         guint                    n_fields,
                                                         DnevnikParseProperties  *properties,
                                                         GError                 **error);
gpointer            dnevnik_parse_new_model             (GType                    type,
                                                         JsonObject              *object,
                                                         const DnevnikParseField *fields,
                                                         guint                    n_fields,
                                                         GError                 **error);

/* Makes the model of one element of a list: %NULL with @error set fails
 * the reply, %NULL without leaves the element out. */
typedef gpointer  (*DnevnikParseElement)                (JsonObject   *object,
                                                         gpointer      user_data,
                                                         GError      **error);

GListStore         *dnevnik_parse_objects               (JsonArray            *array,
                                                         GType                 item_type,
                                                         DnevnikParseElement   parse_element,
                                                         gpointer              user_data,
                                                         GError              **error);
GListModel         *dnevnik_parse_list                  (GBytes               *bytes,
                                                         const char           *member,
                                                         guint                 max_length,
                                                         GType                 item_type,
                                                         DnevnikParseElement   parse_element,
                                                         gpointer              user_data,
                                                         GError              **error);

const char         *dnevnik_parse_get_web_url           (JsonObject   *object,
                                                         const char   *member,
                                                         GError      **error);
const char         *dnevnik_parse_get_formatted         (JsonObject   *object,
                                                         const char   *member,
                                                         gboolean      required,
                                                         gboolean    (*is_valid) (const char *text),
                                                         GError      **error);

G_END_DECLS
