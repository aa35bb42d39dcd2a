/* The XMP metadata packet of archival output, and the provenance it holds.
 *
 * PDF/A (ISO 19005-3, 6.6) wants the document information in XMP, equal to
 * the Info dictionary, and a description (an extension schema) of every
 * property outside the predefined schemas: here pdfuaid (PDF/UA's
 * identification) and pliego's provenance. The provenance comes from the
 * document XML's own provenance (docs/document-xml.md): kind, customer,
 * language, the catalogue's identity (a SHA-256 over the names and hashes
 * of its files, and the git commit when the catalogue is in a repository), each clause's id, version, language and SHA-256, every
 * input's SHA-256, and the SHA-256 of the document XML itself, so
 * `pliego verify` can tell the embedded file and the metadata agree.
 */
#include "archive/archive.h"
#include "common/escape.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <nettle/sha2.h>
#include <string.h>

#define PROVENANCE_NS "urn:pliego:provenance:1#"

static void append_text(GString *out, const char *text)
{
    pliego_xml_append_escaped(out, text, false);
}

static void element(GString *out, const char *name, const char *text)
{
    g_string_append_printf(out, "   <%s>", name);
    append_text(out, text);
    g_string_append_printf(out, "</%s>\n", name);
}

/* What the readers collect (from the bytes with SAX, or from the tree):
 * only attributes without a namespace are read. */
typedef struct {
    archive_provenance *p;
    GHashTable *seen; /* clause lines already listed */
    bool root_seen;
} reader;

/* An element's attribute without a namespace, as a new string (g_free),
 * or NULL when it has none of that name. */
typedef char *(*attribute_fn)(const void *element, const char *name);

static char *attribute_or_empty(attribute_fn get, const void *element,
                                const char *name)
{
    char *value = get(element, name);
    return value ? value : g_strdup("");
}

static void take_element(reader *r, const char *name, attribute_fn get,
                         const void *element)
{
    archive_provenance *p = r->p;
    if (!r->root_seen) {
        r->root_seen = true;
        p->kind = attribute_or_empty(get, element, "kind");
        p->language = attribute_or_empty(get, element, "lang");
        return;
    }
    if (strcmp(name, "customer") == 0 && !p->customer)
        p->customer = attribute_or_empty(get, element, "id");
    if (strcmp(name, "catalogue") == 0 && !p->revision)
        p->revision = attribute_or_empty(get, element, "revision");
    char *sha = get(element, "sha256");
    if (strcmp(name, "input") == 0) {
        char *role = attribute_or_empty(get, element, "role");
        char *file = attribute_or_empty(get, element, "name");
        g_ptr_array_add(p->inputs, g_strdup_printf("%s %s %s", sha ? sha : "",
                                                   role, file));
        g_free(role);
        g_free(file);
    } else if (sha) {
        char *id = attribute_or_empty(get, element, "id");
        if (!*id) {
            g_free(id);
            id = attribute_or_empty(get, element, "clause");
        }
        char *version = attribute_or_empty(get, element, "version");
        char *lang = attribute_or_empty(get, element, "lang");
        char *line = g_strdup_printf("%s %s %s %s", id, version, lang, sha);
        /* a clause repeated (the reseller terms in every row) once */
        if (*id && !g_hash_table_contains(r->seen, line)) {
            g_hash_table_add(r->seen, line);
            g_ptr_array_add(p->clauses, line);
        } else {
            g_free(line);
        }
        g_free(id);
        g_free(version);
        g_free(lang);
    }
    g_free(sha);
}

/* SAX2 gives an element's attributes as (localname, prefix, URI, value,
 * end) quintuples. */
typedef struct {
    const xmlChar **attributes;
    int count;
} sax_element;

static char *sax_attribute(const void *element, const char *name)
{
    const sax_element *e = element;
    for (int i = 0; i < e->count; i++) {
        const xmlChar **a = e->attributes + 5 * i;
        if (!a[1] && strcmp((const char *)a[0], name) == 0)
            return g_strndup((const char *)a[3], a[4] - a[3]);
    }
    return NULL;
}

static void start_element(void *context, const xmlChar *localname,
                          const xmlChar *prefix, const xmlChar *uri,
                          int namespace_count, const xmlChar **namespaces,
                          int count, int defaulted, const xmlChar **attributes)
{
    (void)prefix, (void)uri, (void)namespace_count, (void)namespaces,
        (void)defaulted;
    sax_element element = {attributes, count};
    take_element(context, (const char *)localname, sax_attribute, &element);
}

static char *tree_attribute(const void *element, const char *name)
{
    xmlChar *value = xmlGetNoNsProp((const xmlNode *)element, (const xmlChar *)name);
    char *copy = value ? g_strdup((const char *)value) : NULL;
    xmlFree(value);
    return copy;
}

static int compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* SHA-256 with nettle, which uses the processor's SHA instructions where
 * it has them (about seven times GLib's speed). */
static void sha256_hex(struct sha256_ctx *sum, char hex[65])
{
    guint8 digest[SHA256_DIGEST_SIZE];
    sha256_digest(sum, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++)
        g_snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

/* The catalogue's identity: SHA-256 over "SHA256 NAME\n" of each
 * catalogue file, sorted, so it changes when any file changes. Every
 * document of a batch or a server has the same catalogue, so the last
 * identity is kept with the text it was made from, and made again only
 * when that text differs. */
static char *catalogue_identity(const GPtrArray *inputs)
{
    GPtrArray *lines = g_ptr_array_new();
    for (unsigned i = 0; i < inputs->len; i++) {
        const char *line = g_ptr_array_index(inputs, i);
        const char *space = strchr(line, ' ');
        if (space && g_str_has_prefix(space + 1, "catalogue "))
            g_ptr_array_add(lines, (gpointer)line);
    }
    g_ptr_array_sort(lines, compare_strings);
    GString *text = g_string_sized_new(4096);
    for (unsigned i = 0; i < lines->len; i++) {
        const char *line = g_ptr_array_index(lines, i);
        const char *space = strchr(line, ' ');
        const char *name = strchr(space + 1, ' ');
        g_string_append_len(text, line, space - line);
        g_string_append(text, name);
        g_string_append_c(text, '\n');
    }
    g_ptr_array_free(lines, TRUE);

    static GMutex lock;
    static char *last_text, last_identity[65];
    char identity[65];
    g_mutex_lock(&lock);
    if (last_text && strcmp(last_text, text->str) == 0) {
        memcpy(identity, last_identity, sizeof identity);
    } else {
        struct sha256_ctx sum;
        sha256_init(&sum);
        sha256_update(&sum, text->len, (const guint8 *)text->str);
        sha256_hex(&sum, identity);
        g_free(last_text);
        last_text = g_strdup(text->str);
        memcpy(last_identity, identity, sizeof identity);
    }
    g_mutex_unlock(&lock);
    g_string_free(text, TRUE);
    return g_strdup(identity);
}

static reader reader_new(void)
{
    archive_provenance *p = g_new0(archive_provenance, 1);
    p->inputs = g_ptr_array_new_with_free_func(g_free);
    p->clauses = g_ptr_array_new_with_free_func(g_free);
    return (reader){.p = p, .seen = g_hash_table_new(g_str_hash, g_str_equal)};
}

/* The provenance r read (NULL when ok is false, which frees it), with
 * the catalogue's identity and the SHA-256 of the document XML. */
static archive_provenance *reader_finish(reader *r, bool ok, const char *source,
                                         size_t length)
{
    archive_provenance *p = r->p;
    g_hash_table_destroy(r->seen);
    if (!ok || !r->root_seen) {
        archive_provenance_free(p);
        return NULL;
    }
    if (!p->customer)
        p->customer = g_strdup("");
    if (!p->revision)
        p->revision = g_strdup("");
    p->catalogue = catalogue_identity(p->inputs);
    struct sha256_ctx sum;
    sha256_init(&sum);
    sha256_update(&sum, length, (const guint8 *)source);
    p->source_sha256 = g_malloc(65);
    sha256_hex(&sum, p->source_sha256);
    return p;
}

archive_provenance *archive_provenance_read(const char *source, size_t length)
{
    if (!source || length == 0 || length > G_MAXINT)
        return NULL;
    reader r = reader_new();
    xmlSAXHandler sax = {0};
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = start_element;
    /* the predefined entities are replaced (NOENT), so "&amp;" in an
       attribute comes as "&"; the document XML has no DTD */
    xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&sax, &r, NULL, 0,
                                                    "document.xml");
    bool ok = ctxt != NULL;
    if (ok) {
        xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR
                                    | XML_PARSE_NOWARNING | XML_PARSE_NOENT);
        ok = xmlParseChunk(ctxt, source, (int)length, 1) == 0
             && ctxt->wellFormed;
        xmlFreeParserCtxt(ctxt);
    }
    return reader_finish(&r, ok, source, length);
}

archive_provenance *archive_provenance_from_tree(const xmlDoc *document,
                                                 const char *source,
                                                 size_t length)
{
    const xmlNode *root = document ? xmlDocGetRootElement(document) : NULL;
    if (!root || !source || length == 0)
        return NULL;
    reader r = reader_new();
    /* the elements in document order, as SAX meets them */
    const xmlNode *node = root;
    while (node) {
        if (node->type == XML_ELEMENT_NODE)
            take_element(&r, (const char *)node->name, tree_attribute, node);
        if (node->type == XML_ELEMENT_NODE && node->children) {
            node = node->children;
            continue;
        }
        while (node && node != root && !node->next)
            node = node->parent;
        node = node && node != root ? node->next : NULL;
    }
    return reader_finish(&r, true, source, length);
}

void archive_provenance_free(archive_provenance *p)
{
    if (!p)
        return;
    g_free(p->kind);
    g_free(p->customer);
    g_free(p->language);
    g_free(p->catalogue);
    g_free(p->revision);
    g_free(p->source_sha256);
    g_ptr_array_free(p->inputs, TRUE);
    g_ptr_array_free(p->clauses, TRUE);
    g_free(p);
}

static void property(GString *out, const char *name, const char *type,
                     const char *description)
{
    g_string_append_printf(
        out,
        "       <rdf:li rdf:parseType=\"Resource\">\n"
        "        <pdfaProperty:name>%s</pdfaProperty:name>\n"
        "        <pdfaProperty:valueType>%s</pdfaProperty:valueType>\n"
        "        <pdfaProperty:category>internal</pdfaProperty:category>\n"
        "        <pdfaProperty:description>%s</pdfaProperty:description>\n"
        "       </rdf:li>\n",
        name, type, description);
}

static void schema_begin(GString *out, const char *title, const char *uri,
                         const char *prefix)
{
    g_string_append_printf(
        out,
        "     <rdf:li rdf:parseType=\"Resource\">\n"
        "      <pdfaSchema:schema>%s</pdfaSchema:schema>\n"
        "      <pdfaSchema:namespaceURI>%s</pdfaSchema:namespaceURI>\n"
        "      <pdfaSchema:prefix>%s</pdfaSchema:prefix>\n"
        "      <pdfaSchema:property>\n"
        "       <rdf:Seq>\n",
        title, uri, prefix);
}

static void schema_end(GString *out)
{
    g_string_append(out, "       </rdf:Seq>\n      </pdfaSchema:property>\n"
                         "     </rdf:li>\n");
}

static void write_extension_schemas(GString *out, bool ua, bool provenance)
{
    g_string_append(out, "   <pdfaExtension:schemas>\n    <rdf:Bag>\n");
    if (ua) {
        schema_begin(out, "PDF/UA identification",
                     "http://www.aiim.org/pdfua/ns/id/", "pdfuaid");
        property(out, "part", "Integer", "The part of ISO 14289 the file meets");
        schema_end(out);
    }
    if (provenance) {
        schema_begin(out, "pliego document provenance", PROVENANCE_NS, "pliego");
        property(out, "kind", "Text", "The kind of document");
        property(out, "customer", "Text", "The customer's number");
        property(out, "language", "Text", "The language tag asked for");
        property(out, "catalogueSha256", "Text",
                 "SHA-256 over the sorted hashes and names of the catalogue files");
        property(out, "catalogueRevision", "Text",
                 "The git commit of the catalogue's repository, when it is in one");
        property(out, "sourceSha256", "Text",
                 "SHA-256 of the embedded document XML");
        property(out, "clauses", "Seq Text",
                 "Each clause as: id, version, language, SHA-256");
        property(out, "inputs", "Seq Text",
                 "Each input file as: SHA-256, role, name");
        schema_end(out);
    }
    g_string_append(out, "    </rdf:Bag>\n   </pdfaExtension:schemas>\n");
}

/* The extension schemas, the same text for every document with the same
 * standards: made once for each of the four kinds. */
static void extension_schemas(GString *out, unsigned standards, bool provenance)
{
    static char *texts[4];
    static GMutex lock;
    bool ua = standards & PLIEGO_PDF_UA_1;
    int kind = (ua ? 2 : 0) + (provenance ? 1 : 0);
    g_mutex_lock(&lock);
    if (!texts[kind]) {
        GString *text = g_string_new(NULL);
        write_extension_schemas(text, ua, provenance);
        texts[kind] = g_string_free(text, FALSE);
    }
    g_mutex_unlock(&lock);
    g_string_append(out, texts[kind]);
}

static void sequence(GString *out, const char *name, const GPtrArray *items)
{
    g_string_append_printf(out, "   <%s>\n    <rdf:Seq>\n", name);
    for (unsigned i = 0; i < items->len; i++) {
        g_string_append(out, "     <rdf:li>");
        append_text(out, g_ptr_array_index(items, i));
        g_string_append(out, "</rdf:li>\n");
    }
    g_string_append_printf(out, "    </rdf:Seq>\n   </%s>\n", name);
}

char *archive_xmp(const archive_request *request,
                  const archive_provenance *provenance, const char *producer)
{
    const area_metadata *m = request->metadata;
    GString *out = g_string_new(
        "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        "  <rdf:Description rdf:about=\"\"\n"
        "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
        "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
        "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
        "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
        "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"\n"
        "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
        "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
        "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\"\n"
        "    xmlns:pliego=\"" PROVENANCE_NS "\">\n");
    if (m->title && *m->title) {
        g_string_append(out, "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        append_text(out, m->title);
        g_string_append(out, "</rdf:li></rdf:Alt></dc:title>\n");
    }
    if (m->author && *m->author) {
        g_string_append(out, "   <dc:creator><rdf:Seq><rdf:li>");
        append_text(out, m->author);
        g_string_append(out, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    if (m->subject && *m->subject) {
        g_string_append(out,
                        "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        append_text(out, m->subject);
        g_string_append(out, "</rdf:li></rdf:Alt></dc:description>\n");
    }
    if (m->language && *m->language) {
        g_string_append(out, "   <dc:language><rdf:Bag><rdf:li>");
        append_text(out, m->language);
        g_string_append(out, "</rdf:li></rdf:Bag></dc:language>\n");
    }
    element(out, "xmp:CreateDate", request->date);
    element(out, "xmp:ModifyDate", request->date);
    element(out, "xmp:CreatorTool", "pliego");
    element(out, "pdf:Producer", producer);
    if (m->keywords && *m->keywords)
        element(out, "pdf:Keywords", m->keywords);
    if (request->standards & (PLIEGO_PDF_A_2B | PLIEGO_PDF_A_3B)) {
        element(out, "pdfaid:part",
                request->standards & PLIEGO_PDF_A_3B ? "3" : "2");
        element(out, "pdfaid:conformance", "B");
    }
    if (request->standards & PLIEGO_PDF_UA_1)
        element(out, "pdfuaid:part", "1");
    if (provenance) {
        element(out, "pliego:kind", provenance->kind);
        element(out, "pliego:customer", provenance->customer);
        element(out, "pliego:language", provenance->language);
        element(out, "pliego:catalogueSha256", provenance->catalogue);
        if (*provenance->revision)
            element(out, "pliego:catalogueRevision", provenance->revision);
        element(out, "pliego:sourceSha256", provenance->source_sha256);
        sequence(out, "pliego:clauses", provenance->clauses);
        sequence(out, "pliego:inputs", provenance->inputs);
    }
    extension_schemas(out, request->standards, provenance != NULL);
    g_string_append(out, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
                         "<?xpacket end=\"r\"?>\n");
    return g_string_free(out, FALSE);
}
