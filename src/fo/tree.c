/* FO tree construction: XSL-FO text in, a tree of fo_node out.
 *
 * libxml2 parses the document (namespace-aware, no network, no entity
 * expansion); we walk it once, turning each element of the XSL-FO
 * namespace into an fo_node and each run of character data inside mixed
 * content into an FO_TEXT node. Properties are parsed from the attributes
 * and computed right away, parent first, so every node leaves this file
 * with its final computed values. Everything lives in the tree's arena.
 */
#include "fo/fo.h"
#include "common/escape.h"

#define FOP_EXTENSIONS "http://xmlgraphics.apache.org/fop/extensions"

#include <glib.h>
#include <limits.h>
#include <stdlib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdarg.h>
#include <string.h>

#define FO_NAMESPACE "http://www.w3.org/1999/XSL/Format"
#define XML_NAMESPACE "http://www.w3.org/XML/1998/namespace"
#define DC_NAMESPACE "http://purl.org/dc/elements/1.1/"
#define PDF_NAMESPACE "http://ns.adobe.com/pdf/1.3/"
/* where a template wrote an element (xslt/source_lines.c) */
#define SOURCE_NAMESPACE "urn:pliego:source"

/* Hard limits: hostile input must fail cleanly, not exhaust the machine. */
#define MAX_NODES 2000000
#define MAX_INPUT_SIZE (256 * 1024 * 1024)
#define MAX_TEXT (4 * 1024 * 1024) /* one run of text, in bytes */

struct fo_tree {
    pliego_arena *arena;
    fo_node *root;
    const char *file;
    pliego_warning_func warn;
    void *user_data;
    int node_count;
    bool stopped;
    fo_metadata metadata;
    /* computed arrays by parent array and attributes: siblings written
       alike (the rows and cells of a long table) share one array instead
       of FO_PROP_COUNT values each */
    GHashTable *computed;
    GHashTable *origins; /* template file names, interned: one per template */
    /* "marker parent-values" -> the marker's copy that inherits from those
       values (fo_tree_retrieved) */
    GHashTable *retrieved;
};

static const char *const element_names[] = {
    "#text", "#unknown",
#define FO_ELEMENT(id, name) name,
#include "fo/elements.def"
#undef FO_ELEMENT
};

const char *fo_element_name(fo_element element)
{
    return element < FO_ELEMENT_COUNT ? element_names[element] : "?";
}

static fo_element element_from_name(const char *name)
{
    for (int i = FO_UNKNOWN + 1; i < FO_ELEMENT_COUNT; i++)
        if (strcmp(element_names[i], name) == 0)
            return (fo_element)i;
    return FO_UNKNOWN;
}

static bool warn_at(const fo_tree *tree, const char *file, int line, const char *clause,
                    const char *format, va_list args)
{
    char *raw = g_strdup_vprintf(format, args);
    char *message = pliego_escape_controls(raw);
    g_free(raw);
    if (clause) {
        char *placed = g_strdup_printf("%s (in clause %s)", message, clause);
        g_free(message);
        message = placed;
    }
    bool go_on = true;
    if (tree->warn)
        go_on = tree->warn(file, line, message, tree->user_data);
    else
        fprintf(stderr, "pliego: %s:%d: warning: %s\n", file, line, message);
    g_free(message);
    return go_on;
}

bool fo_tree_warn(const fo_tree *tree, int line, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    bool go_on = warn_at(tree, tree->file, line, NULL, format, args);
    va_end(args);
    return go_on;
}

/* Where a message about node belongs: the template line that wrote it
   (or its nearest ancestor a template wrote) and the clause it came from,
   else node's line of the FO file. */
static void origin_of(const fo_tree *tree, const fo_node *node, const char **file,
                      int *line, const char **clause)
{
    *file = tree->file;
    *line = node->line;
    *clause = NULL;
    for (const fo_node *n = node; n; n = n->parent)
        if (n->origin_file) {
            *file = n->origin_file;
            *line = n->origin_line;
            break;
        }
    for (const fo_node *n = node; n && !*clause; n = n->parent)
        *clause = n->clause;
}

bool fo_node_warn(const fo_tree *tree, const fo_node *node, const char *format, ...)
{
    const char *file, *clause;
    int line;
    origin_of(tree, node, &file, &line, &clause);
    va_list args;
    va_start(args, format);
    bool go_on = warn_at(tree, file, line, clause, format, args);
    va_end(args);
    return go_on;
}

void fo_node_error(const fo_tree *tree, const fo_node *node, pliego_error *err,
                   pliego_error_code code, const char *format, ...)
{
    const char *file, *clause;
    int line;
    origin_of(tree, node, &file, &line, &clause);
    va_list args;
    va_start(args, format);
    char *message = g_strdup_vprintf(format, args);
    va_end(args);
    if (clause)
        pliego_error_set(err, code, file, line, 0, "%s (in clause %s)", message, clause);
    else
        pliego_error_set(err, code, file, line, 0, "%s", message);
    g_free(message);
}

/* Reads src:at="FILE:LINE" and src:clause="ID" of a generated element. */
static void read_origin(fo_tree *tree, fo_node *node, xmlNode *xml)
{
    for (xmlAttr *attribute = xml->properties; attribute; attribute = attribute->next) {
        if (!attribute->ns ||
            strcmp((const char *)attribute->ns->href, SOURCE_NAMESPACE) != 0)
            continue;
        xmlChar *value = xmlNodeListGetString(xml->doc, attribute->children, 1);
        const char *text = value ? (const char *)value : "";
        if (strcmp((const char *)attribute->name, "at") == 0) {
            const char *colon = strrchr(text, ':');
            long line = colon ? strtol(colon + 1, NULL, 10) : 0;
            if (colon && line > 0 && line < INT_MAX) {
                char *file = g_strndup(text, (gsize)(colon - text));
                if (!tree->origins)
                    tree->origins = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                          g_free, NULL);
                const char *interned = g_hash_table_lookup(tree->origins, file);
                if (!interned) {
                    interned = pliego_arena_strndup(tree->arena, file, -1);
                    g_hash_table_insert(tree->origins, file, (gpointer)interned);
                } else {
                    g_free(file);
                }
                node->origin_file = interned;
                node->origin_line = (int)line;
            }
        } else if (strcmp((const char *)attribute->name, "clause") == 0 && *text) {
            node->clause = pliego_arena_strndup(tree->arena, text, -1);
        }
        xmlFree(value);
    }
}

/* Elements whose content is inline (character data is text). */
static bool holds_text(fo_element element)
{
    switch (element) {
    case FO_BLOCK: case FO_INLINE: case FO_WRAPPER: case FO_BASIC_LINK:
    case FO_LEADER: case FO_TITLE: case FO_BOOKMARK_TITLE:
    case FO_MARKER: case FO_TABLE_CAPTION: case FO_UNKNOWN:
        return true;
    default:
        return false;
    }
}

/* Makes node the last child of parent. */
static void append_child(fo_node *parent, fo_node *node)
{
    node->parent = parent;
    if (parent->last_child)
        parent->last_child->next = node;
    else
        parent->first_child = node;
    parent->last_child = node;
}

static fo_node *node_new(fo_tree *tree, fo_node *parent, fo_element element,
                         int line)
{
    fo_node *node = pliego_arena_alloc(tree->arena, sizeof *node);
    node->element = element;
    node->line = line;
    node->ordinal = tree->node_count++;
    if (parent)
        append_child(parent, node);
    else
        tree->root = node;
    return node;
}

static bool add_text(fo_tree *tree, fo_node *parent, const char *text,
                     int line, pliego_error *err)
{
    /* adjacent character data (text, CDATA, entities) merges into one node */
    fo_node *last = parent->last_child;
    size_t length = strlen(text);
    bool merge = last && last->element == FO_TEXT;
    if (length + (merge ? (size_t)last->text_length : 0) > MAX_TEXT) {
        /* one paragraph of megabytes is no document: lines are laid out a
           paragraph at a time, so its time and memory would be unbounded */
        pliego_error_set(err, PLIEGO_ERROR_LIMIT, tree->file, line, 0,
                         "a run of text longer than %d MiB in fo:%s",
                         MAX_TEXT / (1024 * 1024), fo_element_name(parent->element));
        return false;
    }
    if (merge) {
        char *joined = pliego_arena_alloc(tree->arena,
                                          (size_t)last->text_length + length + 1);
        memcpy(joined, last->text, (size_t)last->text_length);
        memcpy(joined + last->text_length, text, length);
        last->text = joined;
        last->text_length += (int)length;
        return true;
    }
    fo_node *node = node_new(tree, parent, FO_TEXT, line);
    node->text = pliego_arena_strndup(tree->arena, text, (long)length);
    node->text_length = (int)length;
    node->computed = parent->computed;
    return true;
}

static void read_attributes(fo_tree *tree, fo_node *node, xmlNode *xml,
                            const fo_value *parent_values)
{
    fo_specified *spec = fo_specified_new(tree->arena);
    node->specified = spec;
    /* the computed values are a function of the parent's and of the
       attributes alone */
    GString *key = g_string_new(NULL);
    g_string_append_printf(key, "%p", (const void *)parent_values);
    for (xmlAttr *attribute = xml->properties; attribute;
         attribute = attribute->next) {
        const char *name = (const char *)attribute->name;
        char qualified[128];
        if (attribute->ns) {
            /* only xml:lang and xml:space matter among namespaced ones,
               and FOP's fox:alt-text, an image's text for PDF/UA; other
               extension attributes (fox:, rx:, ...) are ignored */
            if (strcmp((const char *)attribute->ns->href, FOP_EXTENSIONS) == 0
                && strcmp(name, "alt-text") == 0) {
                xmlChar *alt = xmlNodeListGetString(xml->doc, attribute->children, 1);
                node->alt_text = pliego_arena_strndup(tree->arena,
                                                      alt ? (const char *)alt : "", -1);
                xmlFree(alt);
                continue;
            }
            if (strcmp((const char *)attribute->ns->href, XML_NAMESPACE) != 0)
                continue;
            g_snprintf(qualified, sizeof qualified, "xml:%s", name);
            if (strcmp(name, "lang") != 0)
                continue;
            name = qualified;
        }
        xmlChar *value = xmlNodeListGetString(xml->doc, attribute->children, 1);
        g_string_append_printf(key, "\n%s=%s", name, value ? (const char *)value : "");
        const char *message = NULL;
        if (!fo_specified_add(spec, tree->arena, name,
                              value ? (const char *)value : "", &message)) {
            if (!fo_node_warn(tree, node, "fo:%s: %s; ignored",
                              fo_element_name(node->element),
                              message ? message : "bad property"))
                tree->stopped = true;
        }
        xmlFree(value);
    }
    if (!tree->computed)
        tree->computed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    node->computed = g_hash_table_lookup(tree->computed, key->str);
    if (node->computed) {
        g_string_free(key, TRUE);
        return;
    }
    node->computed = pliego_arena_alloc(tree->arena,
                                        sizeof(fo_value) * FO_PROP_COUNT);
    double asked = 0;
    if (!fo_properties_compute(parent_values, spec, node->computed, &asked) &&
        !fo_node_warn(tree, node, "fo:%s: font-size %.10gpt is out of range; "
                      "%gpt used (pliego sets text from %gpt to %gpt)",
                      fo_element_name(node->element), asked,
                      node->computed[FO_PROP_FONT_SIZE].number,
                      FO_MIN_FONT_SIZE, FO_MAX_FONT_SIZE))
        tree->stopped = true;
    g_hash_table_insert(tree->computed, g_string_free(key, FALSE), node->computed);
}

static const char *xml_text(fo_tree *tree, xmlNode *xml)
{
    xmlChar *content = xmlNodeGetContent(xml);
    char *stripped = g_strstrip(g_strdup(content ? (const char *)content : ""));
    const char *copy = pliego_arena_strndup(tree->arena, stripped, -1);
    g_free(stripped);
    xmlFree(content);
    return copy;
}

/* Dublin Core and PDF keywords from the XMP packet of fo:declarations. */
static void read_metadata(fo_tree *tree, xmlNode *xml)
{
    for (xmlNode *child = xml->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        const char *ns = child->ns ? (const char *)child->ns->href : "";
        const char *name = (const char *)child->name;
        const char **slot = NULL;
        if (strcmp(ns, DC_NAMESPACE) == 0) {
            if (strcmp(name, "title") == 0)
                slot = &tree->metadata.title;
            else if (strcmp(name, "creator") == 0)
                slot = &tree->metadata.author;
            else if (strcmp(name, "description") == 0 ||
                     strcmp(name, "subject") == 0)
                slot = &tree->metadata.subject;
        } else if (strcmp(ns, PDF_NAMESPACE) == 0 &&
                   strcmp(name, "Keywords") == 0) {
            slot = &tree->metadata.keywords;
        }
        if (slot && !*slot)
            *slot = xml_text(tree, child);
        else
            read_metadata(tree, child);
    }
}

static bool build(fo_tree *tree, fo_node *parent, xmlNode *xml, int depth,
                  pliego_error *err);

static bool build_children(fo_tree *tree, fo_node *node, xmlNode *xml,
                           int depth, pliego_error *err)
{
    for (xmlNode *child = xml->children; child; child = child->next) {
        if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
            if (holds_text(node->element))
                if (!add_text(tree, node, (const char *)child->content, child->line, err))
                    return false;
        } else if (child->type == XML_ELEMENT_NODE) {
            if (!build(tree, node, child, depth + 1, err))
                return false;
        }
    }
    return true;
}

static bool build(fo_tree *tree, fo_node *parent, xmlNode *xml, int depth,
                  pliego_error *err)
{
    if (tree->stopped) {
        pliego_error_set(err, PLIEGO_ERROR_FO, tree->file, xml->line, 0,
                         "stopped at a warning");
        return false;
    }
    if (depth > FO_MAX_NESTING) {
        pliego_error_set(err, PLIEGO_ERROR_LIMIT, tree->file, xml->line, 0,
                         "elements nested deeper than %d", FO_MAX_NESTING);
        return false;
    }
    if (tree->node_count > MAX_NODES) {
        pliego_error_set(err, PLIEGO_ERROR_LIMIT, tree->file, xml->line, 0,
                         "more than %d formatting objects", MAX_NODES);
        return false;
    }
    const char *ns = xml->ns ? (const char *)xml->ns->href : "";
    if (strcmp(ns, FO_NAMESPACE) != 0) {
        /* foreign elements: extension namespaces are skipped silently */
        if (parent && parent->element == FO_DECLARATIONS)
            read_metadata(tree, xml);
        return true;
    }
    fo_element element = element_from_name((const char *)xml->name);
    if (element == FO_UNKNOWN) {
        /* a node outside the tree, only to place the warning */
        fo_node unknown = {.element = FO_UNKNOWN, .parent = parent, .line = xml->line};
        read_origin(tree, &unknown, xml);
        if (!fo_node_warn(tree, &unknown, "unknown element fo:%s; skipped",
                          (const char *)xml->name))
            tree->stopped = true;
        return true;
    }
    fo_node *node = node_new(tree, parent, element, xml->line);
    read_origin(tree, node, xml);
    read_attributes(tree, node, xml, parent ? parent->computed : NULL);
    if (element == FO_DECLARATIONS) {
        read_metadata(tree, xml);
        return true;
    }
    if (element == FO_INSTREAM_FOREIGN_OBJECT)
        return true;
    return build_children(tree, node, xml, depth, err);
}

/* A copy of source and its subtree under parent (NULL: none), computed
 * again from parent_values and each node's specified properties. */
static fo_node *copy_inheriting(fo_tree *tree, const fo_node *source, fo_node *parent,
                                const fo_value *parent_values)
{
    fo_node *node = pliego_arena_alloc(tree->arena, sizeof *node);
    *node = *source;
    node->parent = NULL;
    node->first_child = node->last_child = node->next = NULL;
    if (parent)
        append_child(parent, node);
    if (source->element == FO_TEXT) {
        node->computed = parent ? parent->computed : source->computed;
        return node;
    }
    /* the font size was checked when the source was read; a clamped size
       here is clamped again without a second warning */
    node->computed = pliego_arena_alloc(tree->arena, sizeof(fo_value) * FO_PROP_COUNT);
    fo_properties_compute(parent_values, source->specified, node->computed, NULL);
    for (const fo_node *child = source->first_child; child; child = child->next)
        copy_inheriting(tree, child, node, node->computed);
    return node;
}

const fo_node *fo_tree_retrieved(fo_tree *tree, const fo_node *marker,
                                 const fo_node *retrieve)
{
    if (!tree->retrieved)
        tree->retrieved = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char *key = g_strdup_printf("%p %p", (const void *)marker,
                                (const void *)retrieve->computed);
    fo_node *copy = g_hash_table_lookup(tree->retrieved, key);
    if (copy) {
        g_free(key);
        return copy;
    }
    /* the copy hangs below the retrieve, so walking up from its content
       meets the fo:marker (retrieved content retrieves nothing more) and
       then the static content that shows it */
    copy = copy_inheriting(tree, marker, NULL, retrieve->computed);
    copy->parent = (fo_node *)retrieve;
    g_hash_table_insert(tree->retrieved, key, copy);
    return copy;
}

/* The first error libxml2 reports is the one that names the real
 * problem; later ones ("premature end of data") are its echoes. */
typedef struct {
    bool seen;
    int line, column;
    char message[400];
} first_error;

static void keep_first_error(void *user_data, xmlErrorPtr error)
{
    first_error *first = user_data;
    if (first->seen || !error || error->level < XML_ERR_ERROR)
        return;
    first->seen = true;
    first->line = error->line;
    first->column = error->int2 > 0 ? error->int2 : 1;
    g_strlcpy(first->message, error->message ? error->message : "", sizeof first->message);
    g_strstrip(first->message);
}

static void report_xml_error(const first_error *first, const char *file,
                             pliego_error *err)
{
    if (first->seen)
        pliego_error_set(err, PLIEGO_ERROR_XML, file, first->line, first->column,
                         "malformed XML: %s", first->message);
    else
        pliego_error_set(err, PLIEGO_ERROR_XML, file, 1, 1, "malformed XML");
}

/* libxml2 prints errors to stderr by default; we report them ourselves. */
static void quiet(void *user_data, const char *format, ...)
{
}

static fo_tree *parse_document(fo_tree *tree, xmlDoc *document,
                               pliego_error *err)
{
    xmlNode *top = xmlDocGetRootElement(document);
    if (!top || !top->ns ||
        strcmp((const char *)top->ns->href, FO_NAMESPACE) != 0 ||
        strcmp((const char *)top->name, "root") != 0) {
        pliego_error_set(err, PLIEGO_ERROR_FO, tree->file, top ? top->line : 1, 0,
                         "not an XSL-FO document: the top element must be "
                         "fo:root in namespace %s", FO_NAMESPACE);
        return NULL;
    }
    if (!build(tree, NULL, top, 0, err))
        return NULL;
    return tree;
}

/* Line and column of the <!DOCTYPE that is not inside a comment. */
static void doctype_place(const char *buffer, int size, int *line, int *column)
{
    const char *end = buffer + size;
    for (const char *c = buffer; c < end; c++) {
        if (end - c >= 4 && memcmp(c, "<!--", 4) == 0) {
            const char *close = g_strstr_len(c + 4, end - c - 4, "-->");
            for (const char *k = c; k < (close ? close : end); k++) {
                *column = *k == '\n' ? 1 : *column + 1;
                *line += *k == '\n';
            }
            if (!close)
                return;
            c = close - 1; /* the loop goes on at "-->", counting it */
            continue;
        }
        if (end - c >= 9 && memcmp(c, "<!DOCTYPE", 9) == 0)
            return;
        *column = *c == '\n' ? 1 : *column + 1;
        *line += *c == '\n';
    }
}

static fo_tree *new_tree(const char *file, pliego_warning_func warn, void *user_data)
{
    fo_tree *tree = g_new0(fo_tree, 1);
    tree->arena = pliego_arena_new();
    tree->file = pliego_arena_strndup(tree->arena, file, -1);
    tree->warn = warn;
    tree->user_data = user_data;
    return tree;
}

fo_tree *fo_tree_parse(const char *buffer, int size, const char *file,
                       pliego_warning_func warn, void *user_data,
                       pliego_error *err)
{
    if (size < 0 || size > MAX_INPUT_SIZE) {
        pliego_error_set(err, PLIEGO_ERROR_LIMIT, file, 0, 0,
                         "input larger than %d bytes", MAX_INPUT_SIZE);
        return NULL;
    }
    xmlParserCtxt *context = xmlNewParserCtxt();
    if (!context) {
        pliego_error_set(err, PLIEGO_ERROR_XML, file, 0, 0, "out of memory");
        return NULL;
    }
    /* libxml2 2.9 reports parse errors only through its thread's global
       handlers: take them for the parse and give the host's back after,
       as the XSLT stage does, so a program using libxml2 itself keeps its
       own */
    xmlGenericErrorFunc host_generic = xmlGenericError;
    void *host_generic_context = xmlGenericErrorContext;
    xmlStructuredErrorFunc host_structured = xmlStructuredError;
    void *host_structured_context = xmlStructuredErrorContext;
    first_error first = {0};
    xmlSetGenericErrorFunc(NULL, quiet);
    xmlSetStructuredErrorFunc(&first, keep_first_error);
    xmlDoc *document = xmlCtxtReadMemory(context, buffer, size, file, NULL,
                                         XML_PARSE_NONET | XML_PARSE_NOWARNING);
    xmlSetGenericErrorFunc(host_generic_context, host_generic);
    xmlSetStructuredErrorFunc(host_structured_context, host_structured);
    if (!document || !context->wellFormed) {
        report_xml_error(&first, file, err);
        xmlFreeDoc(document);
        xmlFreeParserCtxt(context);
        return NULL;
    }
    if (document->intSubset || document->extSubset) {
        /* entities are never loaded or expanded, but a document type
           declaration only serves them: refuse it, as for every other
           file pliego reads, instead of silently dropping references */
        int line = 1, column = 1;
        doctype_place(buffer, size, &line, &column);
        pliego_error_set(err, PLIEGO_ERROR_XML, file, line, column,
                         "document type declarations (<!DOCTYPE>) are not allowed "
                         "in XSL-FO input");
        xmlFreeDoc(document);
        xmlFreeParserCtxt(context);
        return NULL;
    }
    fo_tree *tree = new_tree(file, warn, user_data);
    fo_tree *result = parse_document(tree, document, err);
    xmlFreeDoc(document);
    xmlFreeParserCtxt(context);
    if (!result) {
        fo_tree_free(tree);
        return NULL;
    }
    return tree;
}

fo_tree *fo_tree_build(xmlDoc *document, const char *file,
                       pliego_warning_func warn, void *user_data,
                       pliego_error *err)
{
    if (document->intSubset || document->extSubset) {
        pliego_error_set(err, PLIEGO_ERROR_XML, file, 1, 1,
                         "document type declarations (<!DOCTYPE>) are not allowed "
                         "in XSL-FO input");
        return NULL;
    }
    fo_tree *tree = new_tree(file, warn, user_data);
    if (!parse_document(tree, document, err)) {
        fo_tree_free(tree);
        return NULL;
    }
    return tree;
}

void fo_tree_free(fo_tree *tree)
{
    if (!tree)
        return;
    if (tree->computed)
        g_hash_table_destroy(tree->computed);
    if (tree->retrieved)
        g_hash_table_destroy(tree->retrieved);
    if (tree->origins)
        g_hash_table_destroy(tree->origins);
    pliego_arena_free(tree->arena);
    g_free(tree);
}

fo_node *fo_tree_root(const fo_tree *tree)
{
    return tree->root;
}

const char *fo_tree_file(const fo_tree *tree)
{
    return tree->file;
}

int fo_tree_node_count(const fo_tree *tree)
{
    return tree->node_count;
}

const fo_metadata *fo_tree_metadata(const fo_tree *tree)
{
    return &tree->metadata;
}
