/* Reading the stage's files: bounded reads, parsing with the network and
 * entity expansion off (a hostile file cannot reach outside itself), RELAX
 * NG validation with libxml2 (xmlRelaxNG*) against the schemas compiled
 * into the library, every error with its line; and the small helpers on
 * what was read: attribute access, lists, strict ISO dates, SHA-256. */
#include "catalog/catalog.h"

#include <libxml/parser.h>
#include <errno.h>
#include <libxml/relaxng.h>
#include <string.h>

extern const char catalog_schema_region[];
extern const char catalog_schema_outline[];
extern const char catalog_schema_clauses[];
extern const char catalog_schema_customer[];
extern const char catalog_schema_document[];

const char *catalog_schema_text(catalog_schema_kind schema)
{
    switch (schema) {
    case CATALOG_SCHEMA_REGION: return catalog_schema_region;
    case CATALOG_SCHEMA_OUTLINE: return catalog_schema_outline;
    case CATALOG_SCHEMA_CLAUSES: return catalog_schema_clauses;
    case CATALOG_SCHEMA_CUSTOMER: return catalog_schema_customer;
    case CATALOG_SCHEMA_DOCUMENT: return catalog_schema_document;
    default: return NULL;
    }
}

typedef struct {
    const char *name;
    catalog_schema_kind schema;
    xmlDocPtr doc;
    catalog_report_func report;
    void *user_data;
    pliego_error first;
    int count;
    /* the element whose attributes failed last, and its line: libxml2
       then also says its parent "has extra content", which is no news */
    char failed_element[64];
    int failed_line;
} validation;

/* libxml2 calls this for every violation; the first one becomes the error
   and each is reported, so `pliego check` can list them all. */
static void on_violation(void *data, xmlErrorPtr error)
{
    validation *v = data;
    if (!error || error->level < XML_ERR_ERROR)
        return;
    /* which value is wrong and what the schema expects, in words */
    int line = error->line;
    if (line <= 0 && error->node && ((xmlNodePtr)error->node)->type == XML_ELEMENT_NODE)
        line = (int)xmlGetLineNo((xmlNodePtr)error->node);
    const char *raw = error->message ? error->message : "";
    const char *extra = strstr(raw, " has extra content: ");
    if (extra && v->failed_element[0] && line == v->failed_line
        && strncmp(extra + 20, v->failed_element, strlen(v->failed_element)) == 0
        && strspn(extra + 20 + strlen(v->failed_element), "\r\n") ==
               strlen(extra + 20 + strlen(v->failed_element)))
        return;
    v->failed_element[0] = '\0';
    if (g_str_has_prefix(raw, "Element ") && strstr(raw, " failed to validate attributes")) {
        size_t n = strcspn(raw + 8, " ");
        if (n < sizeof v->failed_element) {
            memcpy(v->failed_element, raw + 8, n);
            v->failed_element[n] = '\0';
            v->failed_line = line;
        }
    }
    char *message = catalog_schema_explain(v->schema, error, v->doc, &line);
    pliego_error problem = {0};
    pliego_error_set(&problem, PLIEGO_ERROR_XML,
                     error->file ? error->file : v->name, line, 0,
                     "does not match the schema: %s", message);
    g_free(message);
    if (v->count++ == 0)
        v->first = problem;
    if (v->report)
        v->report(&problem, v->user_data);
}

/* The compiled grammar of schema, compiled once per process: a catalogue
   has a few dozen files and compiling a grammar costs more than validating
   one. Compiled grammars are read-only while validating, so one is shared. */
static xmlRelaxNGPtr grammar_for(catalog_schema_kind schema)
{
    static xmlRelaxNGPtr grammars[CATALOG_SCHEMA_COUNT];
    static gsize ready[CATALOG_SCHEMA_COUNT];
    if (g_once_init_enter(&ready[schema])) {
        const char *text = catalog_schema_text(schema);
        xmlRelaxNGParserCtxtPtr parser =
            xmlRelaxNGNewMemParserCtxt(text, (int)strlen(text));
        grammars[schema] = xmlRelaxNGParse(parser);
        xmlRelaxNGFreeParserCtxt(parser);
        g_once_init_leave(&ready[schema], 1);
    }
    return grammars[schema];
}

static bool validate(xmlDocPtr doc, catalog_schema_kind schema, validation *v,
                     pliego_error *err)
{
    xmlRelaxNGPtr grammar = grammar_for(schema);
    if (!grammar) {
        pliego_error_set(err, PLIEGO_ERROR_IO, v->name, 0, 0,
                         "the built-in schema %d does not compile", (int)schema);
        return false;
    }
    v->schema = schema;
    v->doc = doc;
    xmlRelaxNGValidCtxtPtr context = xmlRelaxNGNewValidCtxt(grammar);
    xmlRelaxNGSetValidStructuredErrors(context, on_violation, v);
    int result = xmlRelaxNGValidateDoc(context, doc);
    xmlRelaxNGFreeValidCtxt(context);
    if (result == 0)
        return true;
    if (v->count > 0)
        *err = v->first;
    else
        pliego_error_set(err, PLIEGO_ERROR_XML, v->name, 0, 0,
                         "does not match the schema");
    return false;
}

/* Keeps the first well-formedness error: libxml2 goes on after it and
   its last error ("premature end of data") names the end of the file
   rather than the place that broke it. */
static void on_parse_error(void *data, xmlErrorPtr error)
{
    xmlParserCtxtPtr parser = data;
    xmlError *first = parser->_private;
    if (first->code == 0 && error && error->level >= XML_ERR_ERROR)
        xmlCopyError(error, first);
}

xmlDocPtr catalog_parse_validated(const char *data, size_t length,
                                  const char *name, catalog_schema_kind schema,
                                  catalog_report_func report, void *user_data,
                                  pliego_error *err)
{
    if (length > CATALOG_MAX_FILE_BYTES) {
        pliego_error_set(err, PLIEGO_ERROR_LIMIT, name, 0, 0,
                         "file is larger than %d bytes", CATALOG_MAX_FILE_BYTES);
        return NULL;
    }
    xmlParserCtxtPtr parser = xmlNewParserCtxt();
    xmlError first = {0};
    parser->_private = &first;
    parser->sax->serror = on_parse_error;
    xmlDocPtr doc = xmlCtxtReadMemory(parser, data, (int)length, name, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR |
                                          XML_PARSE_NOWARNING);
    if (!doc || !xmlDocGetRootElement(doc) || first.code != 0) {
        xmlErrorPtr error = first.code != 0 ? &first : xmlCtxtGetLastError(parser);
        char *message = g_strchomp(g_strdup(
            error && error->message ? error->message : "the document is empty"));
        pliego_error_set(err, PLIEGO_ERROR_XML, name, error ? error->line : 0,
                         error ? error->int2 : 0, "malformed XML: %s", message);
        g_free(message);
        xmlResetError(&first);
        xmlFreeParserCtxt(parser);
        xmlFreeDoc(doc);
        return NULL;
    }
    xmlFreeParserCtxt(parser);
    /* No file of ours needs a DTD, and entities declared in one are how
       "billion laughs" files make a small input expand without bound. */
    if (doc->intSubset || doc->extSubset) {
        /* libxml2 keeps no reliable line for the DTD node; find it */
        const char *doctype = g_strstr_len(data, (gssize)length, "<!DOCTYPE");
        int line = 1;
        for (const char *p = data; doctype && p < doctype; p++)
            line += *p == '\n';
        pliego_error_set(err, PLIEGO_ERROR_XML, name, doctype ? line : 0, 0,
                         "document type declarations (<!DOCTYPE>) are not allowed");
        xmlFreeDoc(doc);
        return NULL;
    }
    validation v = {.name = name, .report = report, .user_data = user_data};
    if (!validate(doc, schema, &v, err)) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

xmlDocPtr catalog_read_validated(const char *path, catalog_schema_kind schema,
                                 catalog_report_func report, void *user_data,
                                 pliego_error *err)
{
    char *contents;
    size_t length;
    if (!catalog_read_file(path, &contents, &length, err))
        return NULL;
    xmlDocPtr doc = catalog_parse_validated(contents, length, path, schema,
                                            report, user_data, err);
    g_free(contents);
    return doc;
}

bool catalog_validate_document(xmlDocPtr doc, catalog_schema_kind schema,
                               const char *name, pliego_error *err)
{
    validation v = {.name = name};
    return validate(doc, schema, &v, err);
}

/* Helpers ------------------------------------------------------------ */


void catalog_list_push(pliego_arena *arena, catalog_list *list, void *item)
{
    if (list->count == list->capacity) {
        /* The old block stays in the arena; lists are short, and freeing
           the whole arena at once is what keeps error paths simple. */
        size_t capacity = list->capacity ? list->capacity * 2 : 8;
        void **items = pliego_arena_alloc(arena, capacity * sizeof *items);
        if (list->count)
            memcpy(items, list->items, list->count * sizeof *items);
        list->items = items;
        list->capacity = capacity;
    }
    list->items[list->count++] = item;
}

static const char *const doc_kind_names[CATALOG_DOC_COUNT] = {
    "service-description", "cancellation-notice", "transfer-notice"};

const char *catalog_doc_kind_name(catalog_doc_kind kind)
{
    return (unsigned)kind < CATALOG_DOC_COUNT ? doc_kind_names[kind] : NULL;
}

bool catalog_doc_kind_parse(const char *name, catalog_doc_kind *kind)
{
    for (int i = 0; i < CATALOG_DOC_COUNT; i++)
        if (name && strcmp(name, doc_kind_names[i]) == 0) {
            *kind = (catalog_doc_kind)i;
            return true;
        }
    return false;
}

bool catalog_parse_date(const char *text, guint32 *julian)
{
    if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !g_ascii_isdigit(text[i]))
            return false;
    int year = atoi(text), month = atoi(text + 5), day = atoi(text + 8);
    if (year < 1 || !g_date_valid_dmy((GDateDay)day, (GDateMonth)month,
                                      (GDateYear)year))
        return false;
    GDate date;
    g_date_clear(&date, 1);
    g_date_set_dmy(&date, (GDateDay)day, (GDateMonth)month, (GDateYear)year);
    *julian = g_date_get_julian(&date);
    return true;
}

guint32 catalog_today(void)
{
    GDateTime *now = g_date_time_new_now_utc();
    GDate today;
    g_date_clear(&today, 1);
    g_date_set_dmy(&today, (GDateDay)g_date_time_get_day_of_month(now),
                   (GDateMonth)g_date_time_get_month(now),
                   (GDateYear)g_date_time_get_year(now));
    g_date_time_unref(now);
    return g_date_get_julian(&today);
}

void catalog_sha256(const void *data, size_t length, char out[65])
{
    GChecksum *checksum = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(checksum, data, (gssize)length);
    g_strlcpy(out, g_checksum_get_string(checksum), 65);
    g_checksum_free(checksum);
}

bool catalog_read_file(const char *path, char **contents, size_t *length,
                       pliego_error *err)
{
    FILE *file = fopen(path, "rb");
    if (!file) {
        pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0, "cannot open: %s",
                         g_strerror(errno));
        return false;
    }
    GString *buffer = g_string_new(NULL);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, file)) > 0) {
        if (buffer->len + got > CATALOG_MAX_FILE_BYTES) {
            fclose(file);
            g_string_free(buffer, TRUE);
            pliego_error_set(err, PLIEGO_ERROR_LIMIT, path, 0, 0,
                             "file is larger than %d bytes",
                             CATALOG_MAX_FILE_BYTES);
            return false;
        }
        g_string_append_len(buffer, chunk, (gssize)got);
    }
    bool failed = ferror(file);
    fclose(file);
    if (failed) {
        g_string_free(buffer, TRUE);
        pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0, "cannot read");
        return false;
    }
    *length = buffer->len;
    *contents = g_string_free(buffer, FALSE);
    return true;
}

const char *catalog_attribute(pliego_arena *arena, xmlNodePtr node,
                              const char *name)
{
    xmlChar *value = xmlGetProp(node, (const xmlChar *)name);
    if (!value)
        return NULL;
    char *copy = pliego_arena_strndup(arena, (const char *)value, -1);
    xmlFree(value);
    return copy;
}

const char **catalog_split_list(pliego_arena *arena, const char *text)
{
    char **parts = g_strsplit_set(text ? text : "", " \t\r\n", -1);
    size_t count = 0;
    for (char **p = parts; *p; p++)
        if (**p)
            count++;
    const char **list = pliego_arena_alloc(arena, (count + 1) * sizeof *list);
    size_t i = 0;
    for (char **p = parts; *p; p++)
        if (**p)
            list[i++] = pliego_arena_strndup(arena, *p, -1);
    g_strfreev(parts);
    return list;
}

bool catalog_list_contains(const char **list, const char *value)
{
    for (; list && *list; list++)
        if (strcmp(*list, value) == 0)
            return true;
    return false;
}
