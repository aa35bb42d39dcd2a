/* RELAX NG validation of catalogue, customer and document files with
 * libxml2 (xmlRelaxNG*), against the schemas compiled into the library.
 * Parsing runs with the network and entity expansion off, so a hostile file
 * cannot reach outside itself; every violation keeps its line. */
#include "catalog/catalog.h"

#include <libxml/parser.h>
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
    catalog_report_func report;
    void *user_data;
    pliego_error first;
    int count;
} validation;

/* libxml2 calls this for every violation; the first one becomes the error
   and each is reported, so `pliego check` can list them all. */
static void on_violation(void *data, xmlErrorPtr error)
{
    validation *v = data;
    if (!error || error->level < XML_ERR_ERROR)
        return;
    char *message = g_strchomp(g_strdup(error->message ? error->message : "invalid"));
    pliego_error problem = {0};
    pliego_error_set(&problem, PLIEGO_ERROR_XML,
                     error->file ? error->file : v->name, error->line, 0,
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
