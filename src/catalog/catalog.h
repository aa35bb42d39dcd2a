/* The catalogue stage: region terms tables, the outline of each kind of
 * document, the clause libraries per language, and customer records.
 *
 * Takes a catalogue folder (regions/, locales/) and customer files; gives
 * validated, cross-checked data for the assembler. Every file is validated
 * against its RELAX NG schema (schemas/, compiled into the library) on load.
 * One catalog owns everything loaded for it: strings and structs live in its
 * arena and the parsed XML documents stay alive until catalog_free, so the
 * assembler can copy clause bodies straight from them.
 *
 * Errors: problems in the data are collected as pliego_error values with
 * file, line and a message (code PLIEGO_ERROR_XML for malformed or invalid
 * data, PLIEGO_ERROR_IO for unreadable files, PLIEGO_ERROR_LIMIT for files
 * over the size limit), so one run of `pliego check` reports all of them.
 */
#ifndef PLIEGO_CATALOG_H
#define PLIEGO_CATALOG_H

#include <glib.h>
#include <libxml/xmlerror.h>
#include <unicode/utypes.h>
#include <libxml/tree.h>
#include <stdbool.h>

#include "common/arena.h"
#include "pliego/pliego.h"

/* Files larger than this are refused before parsing. */
#define CATALOG_MAX_FILE_BYTES (16 * 1024 * 1024)

/* A growing array of pointers whose storage lives in an arena. */
typedef struct {
    void **items;
    size_t count;
    size_t capacity;
} catalog_list;

void catalog_list_push(pliego_arena *arena, catalog_list *list, void *item);

typedef enum {
    CATALOG_SCHEMA_REGION,
    CATALOG_SCHEMA_OUTLINE,
    CATALOG_SCHEMA_CLAUSES,
    CATALOG_SCHEMA_CUSTOMER,
    CATALOG_SCHEMA_DOCUMENT,
    CATALOG_SCHEMA_COUNT
} catalog_schema_kind;

typedef enum {
    CATALOG_DOC_SERVICE_DESCRIPTION,
    CATALOG_DOC_CANCELLATION_NOTICE,
    CATALOG_DOC_TRANSFER_NOTICE,
    CATALOG_DOC_COUNT
} catalog_doc_kind;

/* "service-description", ... for a kind; NULL for an out-of-range value. */
const char *catalog_doc_kind_name(catalog_doc_kind kind);
/* The kind named by name; false when name is none of the three. */
bool catalog_doc_kind_parse(const char *name, catalog_doc_kind *kind);

/* Rules that vary by place. A country's rules are its region's defaults
 * with the country's own attributes laid over them. */
typedef struct {
    int min_notice_days;
    bool offered;
    const char *transfer_fee; /* decimal text, e.g. "150.00" */
    const char *currency;     /* ISO 4217 */
    const char *support_hours; /* "mon-fri 08:00-18:00" or "always" */
    const char *support_zone;  /* IANA time zone of the hours, or NULL */
    const char *relocation_clause; /* clause id, or NULL */
} catalog_rules;

typedef struct catalog_region catalog_region;

typedef struct {
    const char *code; /* ISO 3166 alpha-2 */
    const char *name;
    const char **languages; /* NULL-terminated, first is the default */
    catalog_rules rules;
    const catalog_region *region;
    const char *file;
    int line;
} catalog_country;

typedef struct {
    const char *country; /* NULL: any country of the region */
    const char *lang;    /* NULL: any language */
    const char *url;
    xmlNodePtr display; /* the table cell's text and links, or NULL: the URL */
} catalog_terms;

typedef struct {
    const char *kind;        /* "direct" or "reseller" */
    catalog_list terms;      /* of catalog_terms */
    const char *replaced_by; /* clause id replacing the terms, or NULL */
    bool table_only;         /* replaced_by fills only the terms table */
    int line;
} catalog_channel;

struct catalog_region {
    const char *id;
    const char *name;
    const char *file; /* path as loaded */
    catalog_rules defaults;
    catalog_list countries; /* of catalog_country */
    const catalog_channel *direct;
    const catalog_channel *reseller;
    int order; /* place in the terms table (the order attribute); 0: after those with one */
    int line;  /* of the region element */
};

/* One version of one clause in one language. */
typedef struct {
    const char *id;
    int version;
    guint32 effective_from;  /* GDate Julian day */
    guint32 effective_until; /* 0: open-ended */
    const char *lang;
    const char *file;
    int line;
    xmlNodePtr node;  /* the clause element, alive while the catalog is */
    xmlNodePtr when;  /* condition element, or NULL */
    xmlNodePtr title; /* title element */
    xmlNodePtr body;  /* body element, or NULL for a title-only clause */
    char sha256[65];  /* of the clause element as written in the file */
} catalog_clause;

typedef struct {
    const char *label_id;
    const char *text;
    const char *file;
    int line;
} catalog_label;

/* The clause library of one language (all files of locales/LANG/). */
typedef struct {
    const char *lang;
    catalog_list clauses; /* of catalog_clause, in file order */
    catalog_list labels;  /* of catalog_label */
} catalog_library;

typedef struct {
    const char *ref;
    const char *role;  /* NULL, "terms" or "relocation" */
    const char *group; /* NULL or "additional" (checked by catalog_check) */
    int line;
} catalog_outline_entry;

typedef struct {
    catalog_doc_kind kind;
    bool present;
    const char **full;   /* NULL-terminated language codes */
    const char **titles; /* NULL-terminated; may be empty */
    catalog_list entries; /* of catalog_outline_entry */
    const char *copyright_year; /* "2024", or NULL: no year on the line */
    int line;
} catalog_outline;

/* An input file and the SHA-256 of its bytes, for provenance. */
typedef struct {
    const char *path;     /* as opened */
    const char *relative; /* relative to the catalogue folder */
    char sha256[65];
} catalog_file;

typedef struct catalog catalog;

struct catalog {
    pliego_arena *arena;
    const char *dir;
    const char *revision;   /* the git commit dir is checked out at, or NULL */
    catalog_list regions;   /* of catalog_region */
    catalog_list libraries; /* of catalog_library */
    catalog_outline outlines[CATALOG_DOC_COUNT];
    catalog_list label_ids; /* of catalog_outline_entry (ref = label id) */
    const char *outline_file;
    catalog_list files;       /* of catalog_file, every file loaded */
    catalog_list diagnostics; /* of pliego_error */
    GHashTable *countries;    /* code -> catalog_country (first region) */
    GPtrArray *xml_documents; /* xmlDocPtr to free */
};

/* Loads the catalogue in dir: regions/NAME.xml, locales/documents.xml and
 * locales/LANG/NAME.xml, each validated against its schema. Returns a new
 * catalog the caller frees with catalog_free; never NULL. Problems found
 * while loading are in catalog->diagnostics; catalog_check adds the
 * cross-checks. */
catalog *catalog_load(const char *dir);

void catalog_free(catalog *cat);

/* The git commit (hex) the repository holding dir has checked out, read
 * from its files; NULL when dir is in no repository or HEAD cannot be
 * resolved. The caller frees it with g_free. */
char *catalog_git_revision(const char *dir);

/* Records a problem; file may be NULL and line 0. */
void catalog_diagnose(catalog *cat, pliego_error_code code, const char *file,
                      int line, const char *format, ...)
    __attribute__((format(printf, 5, 6)));

/* Runs the cross-checks over a loaded catalogue, adding diagnostics:
 * every clause an outline or region names exists (in English, the last
 * fallback); no clause id has the same version twice in one language, nor
 * two versions in force on the same day; every country is in one region;
 * every region has both channels; the languages an outline requires carry
 * every clause (titles, bodies) and every label; region languages have a
 * library; fields named in clauses are known; tables have as many cells in
 * each row as in their head; data-table refs and outline groups are known
 * and a group's clauses consecutive; every region has its region-ID label
 * and terms for every row of its terms table; a clause that replaces the
 * terms uses no customer data. Returns true when the catalogue has no
 * diagnostics at all. */
bool catalog_check(catalog *cat);

/* The cross-check of reach.c, run by catalog_check: for every kind of
 * document, region, country, channel and language of that country, the
 * clauses that customer receives use no field the customer lacks (terms.url
 * where a clause replaces the terms, reseller.name in the direct channel,
 * notice.* outside cancellation notices...). */
void catalog_check_reach(catalog *cat);

/* Lookups; NULL when absent. The returned objects belong to the catalog. */
const catalog_country *catalog_find_country(const catalog *cat, const char *code);
const catalog_library *catalog_find_library(const catalog *cat, const char *lang);

/* The version of clause id in library that is in force on day (a GDate
 * Julian day), or NULL. Versions are not filtered by conditions here. */
const catalog_clause *catalog_library_clause(const catalog_library *library,
                                             const char *id, guint32 day);
/* Any version of clause id in library, or NULL. */
const catalog_clause *catalog_library_any_clause(const catalog_library *library,
                                                 const char *id);
const catalog_label *catalog_library_label(const catalog_library *library,
                                           const char *label_id);

/* The clause ids a document of kind may contain, in outline order: its
 * outline's clauses, plus every clause a region puts in place of the terms
 * clause or adds for relocations. Caller frees the array (g_ptr_array_free
 * with TRUE); the strings belong to the catalog. */
GPtrArray *catalog_outline_clauses(const catalog *cat, catalog_doc_kind kind);

/* The data fields clause texts may print (fields.def). */
typedef enum {
#define CATALOG_FIELD(id, name) CATALOG_FIELD_##id,
#include "catalog/fields.def"
#undef CATALOG_FIELD
    CATALOG_FIELD_COUNT
} catalog_field;

/* Field names, by catalog_field. */
extern const char *const catalog_field_names[CATALOG_FIELD_COUNT];

/* The name of field ID (CUSTOMER_NAME: "customer.name"). */
#define CATALOG_FIELD_NAME(id) (catalog_field_names[CATALOG_FIELD_##id])

/* Whether clauses may use name in <field name> and <message args>. */
bool catalog_field_known(const char *name);

/* Labels that hold an ICU MessageFormat pattern the assembler formats
   (term-months: {0} is the term in months) rather than plain text. */
bool catalog_label_is_message(const char *label_id);

/* The tables a clause may place with <data-table ref>: terms, products,
   order. */
bool catalog_data_table_known(const char *ref);

/* Terms (terms.c) ------------------------------------------------------- */

/* The entry of channel that applies to country and lang: the most specific
   match (country and language, then country, then language, then the
   default). A NULL country or lang matches only entries without that key.
   NULL when nothing matches or the channel is replaced by a clause. */
const catalog_terms *catalog_channel_terms(const catalog_channel *channel,
                                           const char *country, const char *lang);

/* One row of a region's terms table: a key of either channel's entries
   (country and/or language) or, with both NULL, the region's default. */
typedef struct {
    const char *country;
    const char *lang;
} catalog_terms_row;

/* The rows of region's terms table: the distinct keys of the direct then
   the reseller channel's entries in file order, then the default when
   either channel has an unkeyed entry or is replaced by a clause. Caller
   frees the array (g_array_free with TRUE); strings belong to the catalog. */
GArray *catalog_region_terms_rows(const catalog_region *region);

/* The regions in terms-table order: by their order attribute, those
   without one last, ties by file name. Caller frees the array
   (g_ptr_array_free with TRUE); the regions belong to the catalog. */
GPtrArray *catalog_regions_in_order(const catalog *cat);

/* Coverage of clause × language: for each clause id of the outlines (and
 * each label), per library: "present", "fallback" (absent or title only,
 * where the outline does not require it, so English is used) or "missing"
 * (required by an outline but absent). Writes a text table to text (may be
 * NULL) and CSV to csv (may be NULL). */
void catalog_write_coverage(const catalog *cat, FILE *text, FILE *csv);

/* Schemas --------------------------------------------------------------- */

/* Parses the file at path with the network off, entity expansion off and
 * libxml2's limits, then validates it against schema. Returns the document
 * (caller frees with xmlFreeDoc) or NULL with err filled: malformed XML and
 * schema violations give code PLIEGO_ERROR_XML and the line of the problem;
 * every schema violation is also passed to report (may be NULL). */
typedef void (*catalog_report_func)(const pliego_error *problem, void *user_data);
xmlDocPtr catalog_read_validated(const char *path, catalog_schema_kind schema,
                                 catalog_report_func report, void *user_data,
                                 pliego_error *err);

/* Same as catalog_read_validated on a buffer; name is used in messages. */
xmlDocPtr catalog_parse_validated(const char *data, size_t length,
                                  const char *name, catalog_schema_kind schema,
                                  catalog_report_func report, void *user_data,
                                  pliego_error *err);

/* Validates an in-memory document against schema (used on the assembler's
 * own output). Returns false with err filled on the first violation. */
bool catalog_validate_document(xmlDocPtr doc, catalog_schema_kind schema,
                               const char *name, pliego_error *err);

/* The text of a schema, compiled into the library. */
const char *catalog_schema_text(catalog_schema_kind schema);

/* Helpers shared by the stage --------------------------------------------- */

/* Parses "YYYY-MM-DD" strictly into a GDate Julian day; false if invalid. */
bool catalog_parse_date(const char *text, guint32 *julian);

/* Today's date in UTC as a GDate Julian day: the default document date. */
guint32 catalog_today(void);

/* Writes the lowercase hex SHA-256 of data into out (65 bytes). */
void catalog_sha256(const void *data, size_t length, char out[65]);

/* Reads a whole file into a new buffer (caller g_free) with the size limit;
 * false with err filled (PLIEGO_ERROR_IO or PLIEGO_ERROR_LIMIT). */
bool catalog_read_file(const char *path, char **contents, size_t *length,
                       pliego_error *err);

/* The value of attribute name on node, as a string in arena, or NULL. */
const char *catalog_attribute(pliego_arena *arena, xmlNodePtr node,
                              const char *name);

/* Splits a space-separated list into a NULL-terminated array in arena. */
const char **catalog_split_list(pliego_arena *arena, const char *text);

/* True when list (NULL-terminated) contains value. */
bool catalog_list_contains(const char **list, const char *value);

/* An ICU error code in plain words, for messages ("a brace { has no
 * matching }"); never the code's name. (icu_words.c) */
const char *catalog_icu_problem(UErrorCode status);

/* A RELAX NG violation reported by libxml2 against schema, rewritten to
 * say which value is wrong and what the schema expects ("min-notice-days=
 * \"ten\" on <defaults> is not valid: expected a whole number from 0 to
 * 365"); libxml2's own sentence when it is none this knows. doc is the
 * document validated; *line is set when the rewrite found the place
 * libxml2 did not give. A new string (g_free). (schema_words.c) */
char *catalog_schema_explain(catalog_schema_kind schema, const xmlError *error,
                             xmlDocPtr doc, int *line);

#endif
