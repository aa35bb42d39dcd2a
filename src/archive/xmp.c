/* The XMP metadata packet of archival output, and the provenance it holds.
 *
 * PDF/A (ISO 19005-3, 6.6) wants the document information in XMP, equal to
 * the Info dictionary, and a description (an extension schema) of every
 * property outside the predefined schemas: here pdfuaid (PDF/UA's
 * identification) and pliego's provenance. The provenance comes from the
 * document XML's own provenance (docs/document-xml.md): kind, customer,
 * language, the catalogue's identity (a SHA-256 over the names and hashes
 * of its files), each clause's id, version, language and SHA-256, every
 * input's SHA-256, and the SHA-256 of the document XML itself, so
 * `pliego verify` can tell the embedded file and the metadata agree.
 */
#include "archive/archive.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#define PROVENANCE_NS "urn:pliego:provenance:1#"

static void append_text(GString *out, const char *text)
{
    for (const char *p = text ? text : ""; *p; p++) {
        switch (*p) {
        case '&': g_string_append(out, "&amp;"); break;
        case '<': g_string_append(out, "&lt;"); break;
        case '>': g_string_append(out, "&gt;"); break;
        case '"': g_string_append(out, "&quot;"); break;
        default:
            /* XML 1.0 has no place for other control characters */
            if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t')
                g_string_append_c(out, ' ');
            else
                g_string_append_c(out, *p);
        }
    }
}

static void element(GString *out, const char *name, const char *text)
{
    g_string_append_printf(out, "   <%s>", name);
    append_text(out, text);
    g_string_append_printf(out, "</%s>\n", name);
}

static char *attribute(xmlNodePtr node, const char *name)
{
    xmlChar *value = xmlGetProp(node, (const xmlChar *)name);
    char *copy = g_strdup(value ? (const char *)value : "");
    xmlFree(value);
    return copy;
}

static void collect(xmlNodePtr node, archive_provenance *p, GHashTable *seen)
{
    for (; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)node->name;
        if (strcmp(name, "customer") == 0 && !p->customer)
            p->customer = attribute(node, "id");
        if (strcmp(name, "input") == 0) {
            char *sha = attribute(node, "sha256"), *role = attribute(node, "role");
            char *file = attribute(node, "name");
            g_ptr_array_add(p->inputs,
                            g_strdup_printf("%s %s %s", sha, role, file));
            g_free(sha);
            g_free(role);
            g_free(file);
        } else if (xmlHasProp(node, (const xmlChar *)"sha256")) {
            char *id = attribute(node, "id");
            if (!*id) {
                g_free(id);
                id = attribute(node, "clause");
            }
            char *version = attribute(node, "version");
            char *lang = attribute(node, "lang");
            char *sha = attribute(node, "sha256");
            char *line = g_strdup_printf("%s %s %s %s", id, version, lang, sha);
            /* a clause repeated (the reseller terms in every row) once */
            if (*id && !g_hash_table_contains(seen, line)) {
                g_hash_table_add(seen, line);
                g_ptr_array_add(p->clauses, line);
            } else {
                g_free(line);
            }
            g_free(id);
            g_free(version);
            g_free(lang);
            g_free(sha);
        }
        collect(node->children, p, seen);
    }
}

static int compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The catalogue's identity: SHA-256 over "SHA256 NAME\n" of each
 * catalogue file, sorted, so it changes when any file changes. */
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
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    for (unsigned i = 0; i < lines->len; i++) {
        const char *line = g_ptr_array_index(lines, i);
        const char *space = strchr(line, ' ');
        const char *name = strchr(space + 1, ' ');
        g_checksum_update(sum, (const guchar *)line, space - line);
        g_checksum_update(sum, (const guchar *)name, (gssize)strlen(name));
        g_checksum_update(sum, (const guchar *)"\n", 1);
    }
    char *identity = g_strdup(g_checksum_get_string(sum));
    g_checksum_free(sum);
    g_ptr_array_free(lines, TRUE);
    return identity;
}

archive_provenance *archive_provenance_read(const char *source, size_t length)
{
    if (!source || length == 0 || length > G_MAXINT)
        return NULL;
    xmlDocPtr doc = xmlReadMemory(source, (int)length, "document.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR
                                      | XML_PARSE_NOWARNING);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        xmlFreeDoc(doc);
        return NULL;
    }
    archive_provenance *p = g_new0(archive_provenance, 1);
    p->inputs = g_ptr_array_new_with_free_func(g_free);
    p->clauses = g_ptr_array_new_with_free_func(g_free);
    p->kind = attribute(root, "kind");
    p->language = attribute(root, "lang");
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    collect(root->children, p, seen);
    g_hash_table_destroy(seen);
    if (!p->customer)
        p->customer = g_strdup("");
    p->catalogue = catalogue_identity(p->inputs);
    p->source_sha256 = g_compute_checksum_for_data(
        G_CHECKSUM_SHA256, (const guchar *)source, length);
    xmlFreeDoc(doc);
    return p;
}

void archive_provenance_free(archive_provenance *p)
{
    if (!p)
        return;
    g_free(p->kind);
    g_free(p->customer);
    g_free(p->language);
    g_free(p->catalogue);
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

static void extension_schemas(GString *out, unsigned standards, bool provenance)
{
    g_string_append(out, "   <pdfaExtension:schemas>\n    <rdf:Bag>\n");
    if (standards & PLIEGO_PDF_UA_1) {
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
        element(out, "pliego:sourceSha256", provenance->source_sha256);
        sequence(out, "pliego:clauses", provenance->clauses);
        sequence(out, "pliego:inputs", provenance->inputs);
    }
    extension_schemas(out, request->standards, provenance != NULL);
    g_string_append(out, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
                         "<?xpacket end=\"r\"?>\n");
    return g_string_free(out, FALSE);
}
