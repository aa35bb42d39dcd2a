/* Reading a document XML for review: its context, its clauses (id,
 * versions, languages, hashes, text and markup) and the facts of region
 * and terms that reach it. Reads only what docs/document-xml.md
 * describes; layout is none of its business.
 *
 * Whitespace: a document written by `pliego assemble` is indented, one
 * assembled in memory is not. The whitespace-only text nodes between
 * block elements are that indentation and are skipped, so the two read
 * the same; whitespace inside running text is kept.
 */
#include "review/review.h"

#include <errno.h>
#include <libxml/parser.h>
#include <string.h>

#include "assemble/assemble.h"

/* Elements whose children are blocks, not running text. */
static const char *const block_elements[] = {
    "clause", "title", "p", "list", "item", "disclaimer", "table", "head", "row",
    "cell", "data-table", "footnote", NULL};

/* Fields that print the customer's own data: left out of the signature,
   so variants of one sample customer compare by what the catalogue gives. */
static const char *const customer_fields[] = {
    "customer.id", "customer.name", "customer.contact", "customer.address",
    "customer.country", "reseller.name", "order.number", "order.start",
    "order.end", "order.price", "products.list", "notice.date",
    "notice.effective", "notice.reason", "transfer.date", "transfer.destination",
    "transfer.products", "transferee.name", "transferee.address",
    "document.date", NULL};

/* Fields that print the region's data: facts of the comparison. */
static const char *const region_fields[] = {
    "support.hours", "terms.url", "region.name", "transfer.fee",
    "notice.min-days", NULL};

/* Facts left out of the signature (see pliego_review_document_load). */
static const char *const signature_exempt_facts[] = {"support.hours",
                                                     "region support-zone", NULL};

static bool in_list(const char *const *list, const char *name)
{
    for (; name && *list; list++)
        if (strcmp(*list, name) == 0)
            return true;
    return false;
}

static bool is_element(xmlNodePtr node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE &&
           (!name || strcmp((const char *)node->name, name) == 0) && node->ns &&
           strcmp((const char *)node->ns->href, ASSEMBLE_NAMESPACE) == 0;
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next)
        if (is_element(n, name))
            return n;
    return NULL;
}

/* An attribute's value in the document's chunk, or NULL. */
static const char *attribute(pliego_review_document *doc, xmlNodePtr node,
                             const char *name)
{
    xmlChar *value = node ? xmlGetProp(node, (const xmlChar *)name) : NULL;
    if (!value)
        return NULL;
    const char *kept = g_string_chunk_insert_const(doc->strings, (const char *)value);
    xmlFree(value);
    return kept;
}

static const char *content(pliego_review_document *doc, xmlNodePtr node)
{
    xmlChar *text = xmlNodeGetContent(node);
    char *collapsed = g_strdup(text ? (const char *)text : "");
    xmlFree(text);
    /* collapse runs of white space to one space */
    char *w = collapsed;
    bool space = true;
    for (const char *r = collapsed; *r; r++) {
        bool is_space = *r == ' ' || *r == '\n' || *r == '\t' || *r == '\r';
        if (is_space && space)
            continue;
        *w++ = is_space ? ' ' : *r;
        space = is_space;
    }
    if (w > collapsed && w[-1] == ' ')
        w--;
    *w = '\0';
    const char *kept = g_string_chunk_insert_const(doc->strings, collapsed);
    g_free(collapsed);
    return kept;
}

/* Indentation: a white-space text node in an element that holds blocks. */
static bool indentation(xmlNodePtr node)
{
    if (node->type != XML_TEXT_NODE || !xmlIsBlankNode(node))
        return false;
    for (xmlNodePtr n = node->parent ? node->parent->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && in_list(block_elements, (const char *)n->name))
            return true;
    return false;
}

static void add_fact(pliego_review_document *doc, GHashTable *facts, const char *name,
                     const char *value)
{
    if (!value)
        return;
    const char *before = g_hash_table_lookup(facts, name);
    if (before && strcmp(before, value) == 0)
        return;
    if (before) {
        /* the same field printed with two values: keep both, in order */
        char *both = g_strconcat(before, " | ", value, NULL);
        g_hash_table_replace(facts, g_strdup(name), g_strdup(both));
        g_free(both);
        return;
    }
    g_hash_table_replace(facts, g_strdup(name), g_strdup(value));
}

typedef struct {
    pliego_review_document *doc;
    GString *text;    /* words as written */
    GString *masked;  /* the same, customer and region values replaced by their field */
    GString *markup;  /* canonical markup */
    GHashTable *facts;
} walker;

static void walk(walker *w, xmlNodePtr node)
{
    for (xmlNodePtr n = node; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (indentation(n))
                continue;
            g_string_append(w->text, (const char *)n->content);
            g_string_append(w->masked, (const char *)n->content);
            /* markup keeps text with spaces collapsed: only structure counts */
            for (const char *p = (const char *)n->content; *p; p++) {
                bool space = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r';
                if (!space)
                    g_string_append_c(w->markup, *p);
                else if (w->markup->len && w->markup->str[w->markup->len - 1] != ' ')
                    g_string_append_c(w->markup, ' ');
            }
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        g_string_append_printf(w->markup, "<%s", name);
        for (xmlAttrPtr a = n->properties; a; a = a->next) {
            xmlChar *value = xmlNodeListGetString(n->doc, a->children, 1);
            g_string_append_printf(w->markup, " %s=\"%s\"", (const char *)a->name,
                                   value ? (const char *)value : "");
            xmlFree(value);
        }
        g_string_append_c(w->markup, '>');
        bool block = in_list(block_elements, name);
        if (block)
            g_string_append_c(w->text, ' ');
        if (strcmp(name, "value") == 0) {
            xmlChar *field = xmlGetProp(n, (const xmlChar *)"field");
            if (field && in_list(region_fields, (const char *)field))
                add_fact(w->doc, w->facts, (const char *)field, content(w->doc, n));
            /* the customer's values, and the region's (which are facts),
               are their field's name in the signature's text */
            if (field && (in_list(customer_fields, (const char *)field)
                          || in_list(region_fields, (const char *)field))) {
                xmlChar *text = xmlNodeGetContent(n);
                g_string_append(w->text, text ? (const char *)text : "");
                g_string_append(w->markup, text ? (const char *)text : "");
                g_string_append_printf(w->masked, "{%s}", (const char *)field);
                xmlFree(text);
                xmlFree(field);
                g_string_append(w->markup, "</value>");
                continue;
            }
            xmlFree(field);
        }
        walk(w, n->children);
        if (block)
            g_string_append_c(w->text, ' ');
        g_string_append_printf(w->markup, "</%s>", name);
    }
}

static int attribute_int(pliego_review_document *doc, xmlNodePtr node, const char *name)
{
    const char *text = attribute(doc, node, name);
    return text ? (int)g_ascii_strtoll(text, NULL, 10) : 0;
}

static bool read_clause(pliego_review_document *doc, xmlNodePtr node, GChecksum *sum,
                        GHashTable *facts, pliego_error *err)
{
    if (doc->clauses->len >= PLIEGO_REVIEW_MAX_CLAUSES) {
        pliego_error_set(err, PLIEGO_ERROR_LIMIT, doc->name, xmlGetLineNo(node), 0,
                         "more than %d clauses", PLIEGO_REVIEW_MAX_CLAUSES);
        return false;
    }
    review_clause *c = g_new0(review_clause, 1);
    g_ptr_array_add(doc->clauses, c);
    c->id = attribute(doc, node, "id");
    if (!c->id) {
        pliego_error_set(err, PLIEGO_ERROR_XML, doc->name, xmlGetLineNo(node), 0,
                         "a clause without an id: not a document pliego assembled");
        return false;
    }
    c->group = attribute(doc, node, "group");
    c->version = attribute_int(doc, node, "version");
    c->lang = attribute(doc, node, "lang");
    const char *fallback = attribute(doc, node, "fallback");
    c->fallback = fallback && strcmp(fallback, "true") == 0;
    c->sha256 = attribute(doc, node, "sha256");
    c->body_lang = attribute(doc, node, "body-lang");
    c->body_version = attribute_int(doc, node, "body-version");
    c->body_sha256 = attribute(doc, node, "body-sha256");
    c->title = content(doc, child(node, "title"));
    c->position = (int)doc->clauses->len;
    walker w = {doc, g_string_new(NULL), g_string_new(NULL), g_string_new(NULL), facts};
    walk(&w, node->children);
    c->text = g_string_chunk_insert(doc->strings, w.text->str);
    c->markup = g_string_chunk_insert(doc->strings, w.markup->str);
    char *line = g_strdup_printf("clause\t%s\t%s\t%d\t%s\t%d\t%s\t%s\t%d\t%s\n", c->id,
                                 c->group ? c->group : "", c->version,
                                 c->lang ? c->lang : "", c->fallback,
                                 c->sha256 ? c->sha256 : "",
                                 c->body_lang ? c->body_lang : "", c->body_version,
                                 c->body_sha256 ? c->body_sha256 : "");
    g_checksum_update(sum, (const guchar *)line, -1);
    g_checksum_update(sum, (const guchar *)w.masked->str, (gssize)w.masked->len);
    g_free(line);
    g_string_free(w.text, TRUE);
    g_string_free(w.masked, TRUE);
    g_string_free(w.markup, TRUE);
    return true;
}

/* A terms-table cell: its url, or the clause that replaces the terms. */
static char *cell_value(pliego_review_document *doc, xmlNodePtr cell)
{
    const char *url = attribute(doc, cell, "url");
    if (url)
        return g_strdup(url);
    const char *id = attribute(doc, cell, "clause");
    return g_strdup_printf("clause %s version %d (%s) sha256 %s", id ? id : "?",
                           attribute_int(doc, cell, "version"),
                           attribute(doc, cell, "lang") ? attribute(doc, cell, "lang") : "",
                           attribute(doc, cell, "sha256") ? attribute(doc, cell, "sha256")
                                                          : "");
}

static void read_facts(pliego_review_document *doc, xmlNodePtr root, GHashTable *facts)
{
    /* a document-level fallback (es-MX asked, es used) appearing or going
       away is a change of language for every clause */
    for (guint i = 0; i < doc->fallbacks->len; i++) {
        char *pair = g_strdup(doc->fallbacks->pdata[i]);
        char *to = strchr(pair, '>');
        *to = '\0';
        char *value = g_strdup_printf("%s falls back to %s", pair, to + 1);
        add_fact(doc, facts, "language fallback", value);
        g_free(value);
        g_free(pair);
    }
    xmlNodePtr terms = child(root, "terms");
    if (terms) {
        const char *url = attribute(doc, terms, "url");
        const char *replaced = attribute(doc, terms, "replaced-by");
        char *value = url ? g_strdup(url)
                          : g_strconcat("replaced by clause ", replaced ? replaced : "?",
                                        NULL);
        add_fact(doc, facts, "terms", value);
        g_free(value);
    }
    /* the country's rules, printed by a clause or not (the notice period
       reaches the service description only inside a message) */
    static const char *const rules[] = {"min-notice-days", "offered", "currency",
                                        "transfer-fee", "support-hours", "support-zone",
                                        "relocation-clause"};
    xmlNodePtr applied = child(root, "rules");
    for (size_t i = 0; applied && i < G_N_ELEMENTS(rules); i++) {
        char *name = g_strconcat("region ", rules[i], NULL);
        add_fact(doc, facts, name, attribute(doc, applied, rules[i]));
        g_free(name);
    }
    xmlNodePtr order = child(root, "order");
    add_fact(doc, facts, "currency", attribute(doc, child(order, "price"), "currency"));
    xmlNodePtr transfer = child(root, "transfer");
    if (child(transfer, "fee"))
        add_fact(doc, facts, "transfer-fee", content(doc, child(transfer, "fee")));
    for (xmlNodePtr row = child(root, "terms-table") ? child(root, "terms-table")->children
                                                    : NULL;
         row; row = row->next) {
        if (!is_element(row, "row"))
            continue;
        const char *region = attribute(doc, row, "region");
        const char *country = attribute(doc, row, "country");
        const char *lang = attribute(doc, row, "lang");
        for (xmlNodePtr cell = row->children; cell; cell = cell->next) {
            if (!is_element(cell, "direct") && !is_element(cell, "reseller"))
                continue;
            char *name = g_strdup_printf("terms-table %s%s%s%s%s %s", region ? region : "?",
                                         country ? " " : "", country ? country : "",
                                         lang ? " " : "", lang ? lang : "",
                                         (const char *)cell->name);
            char *value = cell_value(doc, cell);
            add_fact(doc, facts, name, value);
            g_free(name);
            g_free(value);
        }
    }
}

static gint compare_facts(gconstpointer a, gconstpointer b)
{
    const review_fact *x = *(review_fact *const *)a;
    const review_fact *y = *(review_fact *const *)b;
    return strcmp(x->name, y->name);
}

pliego_review_document *review_document_from_xml(xmlDocPtr xml, const char *name,
                                                 pliego_error *err)
{
    xmlNodePtr root = xmlDocGetRootElement(xml);
    if (!is_element(root, "document")) {
        pliego_error_set(err, PLIEGO_ERROR_XML, name, root ? xmlGetLineNo(root) : 1, 0,
                         "not a pliego document: the root must be <document xmlns=\"%s\">",
                         ASSEMBLE_NAMESPACE);
        return NULL;
    }
    pliego_review_document *doc = g_new0(pliego_review_document, 1);
    doc->strings = g_string_chunk_new(4096);
    doc->name = g_string_chunk_insert(doc->strings, name);
    doc->fallbacks = g_ptr_array_new();
    doc->clauses = g_ptr_array_new_with_free_func(g_free);
    doc->facts = g_ptr_array_new_with_free_func(g_free);
    doc->kind = attribute(doc, root, "kind");
    doc->lang = attribute(doc, root, "lang");
    xmlNodePtr provenance = child(root, "provenance");
    xmlNodePtr context = child(provenance, "context");
    doc->date = attribute(doc, context, "date");
    doc->region = attribute(doc, context, "region");
    doc->country = attribute(doc, context, "country");
    doc->channel = attribute(doc, context, "channel");
    doc->requested_lang = attribute(doc, context, "requested-language");
    for (xmlNodePtr n = provenance ? provenance->children : NULL; n; n = n->next)
        if (is_element(n, "fallback")) {
            const char *from = attribute(doc, n, "from");
            const char *to = attribute(doc, n, "to");
            char *pair = g_strdup_printf("%s>%s", from ? from : "", to ? to : "");
            g_ptr_array_add(doc->fallbacks, g_string_chunk_insert_const(doc->strings, pair));
            g_free(pair);
        }
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    char *head = g_strdup_printf("kind\t%s\nlang\t%s\n", doc->kind ? doc->kind : "",
                                 doc->lang ? doc->lang : "");
    g_checksum_update(sum, (const guchar *)head, -1);
    g_free(head);
    for (guint i = 0; i < doc->fallbacks->len; i++) {
        g_checksum_update(sum, (const guchar *)"fallback\t", -1);
        g_checksum_update(sum, (const guchar *)doc->fallbacks->pdata[i], -1);
    }
    GHashTable *facts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    bool ok = true;
    xmlNodePtr body = child(root, "body");
    for (xmlNodePtr n = body ? body->children : NULL; n && ok; n = n->next)
        if (is_element(n, "clause"))
            ok = read_clause(doc, n, sum, facts, err);
    read_facts(doc, root, facts);
    GHashTableIter iter;
    gpointer key, value;
    g_hash_table_iter_init(&iter, facts);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        review_fact *fact = g_new(review_fact, 1);
        fact->name = g_string_chunk_insert_const(doc->strings, key);
        fact->value = g_string_chunk_insert_const(doc->strings, value);
        g_ptr_array_add(doc->facts, fact);
    }
    g_hash_table_destroy(facts);
    g_ptr_array_sort(doc->facts, compare_facts);
    for (guint i = 0; i < doc->facts->len; i++) {
        const review_fact *fact = doc->facts->pdata[i];
        /* not in the signature: the support hours as printed, which name
           each country's time zone ("hora central", "hora estándar de
           Argentina") for the same schedule, and the zone itself; the
           schedule (region support-hours) is. diff still reports them. */
        if (in_list(signature_exempt_facts, fact->name))
            continue;
        char *line = g_strdup_printf("fact\t%s\t%s\n", fact->name, fact->value);
        g_checksum_update(sum, (const guchar *)line, -1);
        g_free(line);
    }
    g_strlcpy(doc->signature, g_checksum_get_string(sum), sizeof doc->signature);
    g_checksum_free(sum);
    if (!ok) {
        pliego_review_document_free(doc);
        return NULL;
    }
    return doc;
}

pliego_review_document *pliego_review_document_load_memory(const char *buffer,
                                                           size_t size,
                                                           const char *name,
                                                           pliego_error *err)
{
    if (size > (size_t)G_MAXINT) {
        pliego_error_set(err, PLIEGO_ERROR_LIMIT, name, 0, 0, "input too large");
        return NULL;
    }
    xmlParserCtxtPtr parser = xmlNewParserCtxt();
    if (!parser) {
        pliego_error_set(err, PLIEGO_ERROR_IO, name, 0, 0, "out of memory");
        return NULL;
    }
    /* no network, no DTD, no entities: a document is data, never code */
    xmlDocPtr xml = xmlCtxtReadMemory(parser, buffer, (int)size, name, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR |
                                          XML_PARSE_NOWARNING);
    if (!xml) {
        const xmlError *e = xmlCtxtGetLastError(parser);
        char *message = g_strdup(e && e->message ? e->message : "cannot parse");
        g_strchomp(message);
        pliego_error_set(err, PLIEGO_ERROR_XML, name, e ? e->line : 0, e ? e->int2 : 0,
                         "malformed XML: %s", message);
        g_free(message);
        xmlFreeParserCtxt(parser);
        return NULL;
    }
    xmlFreeParserCtxt(parser);
    pliego_review_document *doc = review_document_from_xml(xml, name, err);
    xmlFreeDoc(xml);
    return doc;
}

pliego_review_document *pliego_review_document_load(const char *path, pliego_error *err)
{
    char *contents = NULL;
    gsize length = 0;
    GError *error = NULL;
    if (!g_file_get_contents(path, &contents, &length, &error)) {
        pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0, "cannot read: %s",
                         error->message);
        g_error_free(error);
        return NULL;
    }
    pliego_review_document *doc =
        pliego_review_document_load_memory(contents, length, path, err);
    g_free(contents);
    return doc;
}

void pliego_review_document_free(pliego_review_document *document)
{
    if (!document)
        return;
    g_ptr_array_free(document->fallbacks, TRUE);
    g_ptr_array_free(document->clauses, TRUE);
    g_ptr_array_free(document->facts, TRUE);
    g_string_chunk_free(document->strings);
    g_free(document);
}

const char *pliego_review_document_signature(const pliego_review_document *document)
{
    return document->signature;
}
