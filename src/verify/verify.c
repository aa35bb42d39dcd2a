/* pliego verify: checks an archival PDF; see include/pliego/archive.h.
 *
 * Takes a PDF file (and optionally a catalogue folder); gives a report of
 * findings, each with its rule, the object number where it was found (0
 * when the rule is about the whole file) and a message. The rules are the
 * machine-checkable ones of PDF/A-2b/3b (ISO 19005) and PDF/UA-1 (ISO
 * 14289-1, as the Matterhorn Protocol numbers its checkpoints) that
 * pliego's output must meet, named as veraPDF names them; then the
 * provenance: the embedded document XML against the XMP, and with a
 * catalogue, each clause against its file today. docs/pdf-standards.md
 * lists what is checked and what is not. Owns the qpdf handle and the
 * parsed XMP of one call.
 */
#include "pliego/archive.h"

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <qpdf/qpdf-c.h>
#include <stdlib.h>
#include <string.h>

#include "verify/verify.h"

void verify_add(checker *c, const char *rule, int object, const char *format,
                ...)
{
    va_list args;
    va_start(args, format);
    verify_finding f = {g_strdup(rule), object, g_strdup_vprintf(format, args)};
    va_end(args);
    g_array_append_val(c->report->findings, f);
}

static int object_of(checker *c, qpdf_oh oh)
{
    return qpdf_oh_is_indirect(c->q, oh) ? qpdf_oh_get_object_id(c->q, oh) : 0;
}

/* The text of the first node the XPath expression finds in the XMP, or
 * NULL (g_free). */
char *verify_xmp_text(checker *c, const char *expression)
{
    if (!c->xpath)
        return NULL;
    xmlXPathObjectPtr found =
        xmlXPathEvalExpression((const xmlChar *)expression, c->xpath);
    char *text = NULL;
    if (found && found->nodesetval && found->nodesetval->nodeNr > 0) {
        xmlChar *content = xmlNodeGetContent(found->nodesetval->nodeTab[0]);
        text = g_strdup(content ? (const char *)content : "");
        xmlFree(content);
    }
    xmlXPathFreeObject(found);
    return text;
}

/* The rdf:li texts under one XMP property, in order. */
GPtrArray *verify_xmp_list(checker *c, const char *property)
{
    GPtrArray *items = g_ptr_array_new_with_free_func(g_free);
    char *expression = g_strdup_printf("//%s//rdf:li", property);
    xmlXPathObjectPtr found = c->xpath
        ? xmlXPathEvalExpression((const xmlChar *)expression, c->xpath) : NULL;
    for (int i = 0; found && found->nodesetval && i < found->nodesetval->nodeNr;
         i++) {
        xmlChar *content = xmlNodeGetContent(found->nodesetval->nodeTab[i]);
        g_ptr_array_add(items, g_strdup(content ? (const char *)content : ""));
        xmlFree(content);
    }
    xmlXPathFreeObject(found);
    g_free(expression);
    return items;
}

static const char *const namespaces[][2] = {
    {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
    {"dc", "http://purl.org/dc/elements/1.1/"},
    {"xmp", "http://ns.adobe.com/xap/1.0/"},
    {"pdf", "http://ns.adobe.com/pdf/1.3/"},
    {"pdfaid", "http://www.aiim.org/pdfa/ns/id/"},
    {"pdfuaid", "http://www.aiim.org/pdfua/ns/id/"},
    {"pdfaSchema", "http://www.aiim.org/pdfa/ns/schema#"},
    {"pliego", "urn:pliego:provenance:1#"},
};

/* ---- PDF/A ---- */

static void check_metadata(checker *c, qpdf_oh root)
{
    qpdf_oh metadata = qpdf_oh_get_key(c->q, root, "/Metadata");
    if (!qpdf_oh_is_stream(c->q, metadata)) {
        verify_add(c, "ISO 19005-3:6.6.2.1", 0,
            "the catalog has no XMP metadata stream (/Metadata)");
        return;
    }
    qpdf_oh dict = qpdf_oh_get_dict(c->q, metadata);
    if (qpdf_oh_has_key(c->q, dict, "/Filter"))
        verify_add(c, "ISO 19005-3:6.6.2.1", object_of(c, metadata),
            "the XMP metadata stream is compressed (has /Filter)");
    unsigned char *data = NULL;
    size_t length = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    if (qpdf_oh_get_stream_data(c->q, metadata, qpdf_dl_all, &filtered, &data,
                                &length) & QPDF_ERRORS || length > G_MAXINT)
        return;
    c->xmp = xmlReadMemory((const char *)data, (int)length, "xmp", NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR
                               | XML_PARSE_NOWARNING);
    free(data);
    if (!c->xmp) {
        verify_add(c, "ISO 19005-3:6.6.2.1", object_of(c, metadata),
            "the XMP metadata is not well-formed XML");
        return;
    }
    c->xpath = xmlXPathNewContext(c->xmp);
    for (size_t i = 0; i < G_N_ELEMENTS(namespaces); i++)
        xmlXPathRegisterNs(c->xpath, (const xmlChar *)namespaces[i][0],
                           (const xmlChar *)namespaces[i][1]);
}

/* "D:20260101000000Z" -> "2026-01-01T00:00:00Z"; pliego writes both in
 * UTC, so a different zone or precision is a difference too. */
static char *xmp_form_of(const char *pdf_date)
{
    if (!g_str_has_prefix(pdf_date, "D:") || strlen(pdf_date) < 16)
        return g_strdup(pdf_date);
    const char *d = pdf_date + 2;
    return g_strdup_printf("%.4s-%.2s-%.2sT%.2s:%.2s:%.2s%s", d, d + 4, d + 6,
                           d + 8, d + 10, d + 12, d + 14);
}

static void check_dates(checker *c, qpdf_oh info)
{
    static const char *const pairs[][2] = {
        {"/CreationDate", "//xmp:CreateDate"},
        {"/ModDate", "//xmp:ModifyDate"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++) {
        qpdf_oh value = qpdf_oh_get_key(c->q, info, pairs[i][0]);
        if (!qpdf_oh_is_string(c->q, value))
            continue;
        char *expected = xmp_form_of(qpdf_oh_get_utf8_value(c->q, value));
        char *xmp = verify_xmp_text(c, pairs[i][1]);
        if (!xmp || strcmp(xmp, expected) != 0)
            verify_add(c, "ISO 19005-3:6.6.3", object_of(c, info),
                "Info %s (%s) differs from %s (%s)", pairs[i][0] + 1, expected,
                pairs[i][1] + 2, xmp ? xmp : "absent");
        g_free(expected);
        g_free(xmp);
    }
}

/* 6.6.3: each Info entry equals its XMP property. */
static void check_info(checker *c)
{
    static const char *const pairs[][2] = {
        {"/Title", "//dc:title//rdf:li"},
        {"/Author", "//dc:creator//rdf:li"},
        {"/Subject", "//dc:description//rdf:li"},
        {"/Keywords", "//pdf:Keywords"},
        {"/Producer", "//pdf:Producer"},
        {"/Creator", "//xmp:CreatorTool"},
    };
    qpdf_oh info = qpdf_oh_get_key(c->q, qpdf_get_trailer(c->q), "/Info");
    for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++) {
        qpdf_oh value = qpdf_oh_get_key(c->q, info, pairs[i][0]);
        if (!qpdf_oh_is_string(c->q, value))
            continue;
        char *xmp = verify_xmp_text(c, pairs[i][1]);
        const char *text = qpdf_oh_get_utf8_value(c->q, value);
        if (!xmp || strcmp(xmp, text) != 0)
            verify_add(c, "ISO 19005-3:6.6.3", object_of(c, info),
                "Info %s \"%s\" differs from its XMP property (%s)",
                pairs[i][0] + 1, text, xmp ? xmp : "absent");
        g_free(xmp);
    }
    check_dates(c, info);
}

static void check_identification(checker *c)
{
    char *part = verify_xmp_text(c, "//pdfaid:part");
    char *conformance = verify_xmp_text(c, "//pdfaid:conformance");
    char *ua = verify_xmp_text(c, "//pdfuaid:part");
    c->report->pdfa = part != NULL;
    c->report->pdfa3 = part && strcmp(part, "3") == 0;
    c->report->pdfua = ua != NULL;
    if (part && ((strcmp(part, "2") != 0 && strcmp(part, "3") != 0)
                 || !conformance || strcmp(conformance, "B") != 0))
        verify_add(c, "ISO 19005-3:6.6.4", 0,
            "pdfaid:part %s, conformance %s: pliego writes part 2 or 3, "
            "conformance B", part, conformance ? conformance : "absent");
    if (ua && strcmp(ua, "1") != 0)
        verify_add(c, "ISO 14289-1:5", 0, "pdfuaid:part is %s, not 1", ua);
    if (!part && !ua)
        verify_add(c, "pliego:claims", 0,
            "the file claims neither PDF/A nor PDF/UA (no pdfaid:part, no "
            "pdfuaid:part in its XMP)");
    g_free(part);
    g_free(conformance);
    g_free(ua);
}

/* 6.6.2.3.1: a property outside the predefined schemas needs its
 * schema described in pdfaExtension:schemas. */
static void check_extension_schemas(checker *c)
{
    static const char *const custom[][2] = {
        {"//pdfuaid:*", "http://www.aiim.org/pdfua/ns/id/"},
        {"//pliego:*", "urn:pliego:provenance:1#"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(custom); i++) {
        char *used = verify_xmp_text(c, custom[i][0]);
        if (!used)
            continue;
        char *expression = g_strdup_printf(
            "//pdfaSchema:namespaceURI[text()='%s']", custom[i][1]);
        char *described = verify_xmp_text(c, expression);
        if (!described)
            verify_add(c, "ISO 19005-3:6.6.2.3.1", 0,
                "XMP properties of %s have no extension schema description",
                custom[i][1]);
        g_free(described);
        g_free(expression);
        g_free(used);
    }
}

static void check_output_intent(checker *c, qpdf_oh root)
{
    qpdf_oh intents = qpdf_oh_get_key(c->q, root, "/OutputIntents");
    int n = qpdf_oh_get_array_n_items(c->q, intents);
    for (int i = 0; i < n; i++) {
        qpdf_oh intent = qpdf_oh_get_array_item(c->q, intents, i);
        qpdf_oh profile = qpdf_oh_get_key(c->q, intent, "/DestOutputProfile");
        if (qpdf_oh_is_name_and_equals(c->q, qpdf_oh_get_key(c->q, intent, "/S"),
                                       "/GTS_PDFA1")
            && qpdf_oh_is_stream(c->q, profile)
            && qpdf_oh_is_integer(c->q, qpdf_oh_get_key(
                   c->q, qpdf_oh_get_dict(c->q, profile), "/N")))
            return;
    }
    verify_add(c, "ISO 19005-3:6.2.3", 0,
        "no GTS_PDFA1 output intent with an ICC profile: device colours "
        "have no meaning");
}

static void check_trailer_id(checker *c)
{
    qpdf_oh id = qpdf_oh_get_key(c->q, qpdf_get_trailer(c->q), "/ID");
    if (qpdf_oh_get_array_n_items(c->q, id) != 2)
        verify_add(c, "ISO 19005-3:6.1.3", 0, "the trailer has no /ID");
}

static void check_font(checker *c, qpdf_oh font, GHashTable *seen)
{
    if (!qpdf_oh_is_dictionary(c->q, font)
        || !g_hash_table_add(seen, GINT_TO_POINTER(object_of(c, font))))
        return;
    if (qpdf_oh_is_name_and_equals(c->q, qpdf_oh_get_key(c->q, font, "/Subtype"),
                                   "/Type3"))
        return;
    qpdf_oh descendants = qpdf_oh_get_key(c->q, font, "/DescendantFonts");
    if (qpdf_oh_is_array(c->q, descendants)) {
        check_font(c, qpdf_oh_get_array_item(c->q, descendants, 0), seen);
        return;
    }
    qpdf_oh descriptor = qpdf_oh_get_key(c->q, font, "/FontDescriptor");
    if (!qpdf_oh_has_key(c->q, descriptor, "/FontFile")
        && !qpdf_oh_has_key(c->q, descriptor, "/FontFile2")
        && !qpdf_oh_has_key(c->q, descriptor, "/FontFile3"))
        verify_add(c, "ISO 19005-3:6.2.11.4.1", object_of(c, font),
            "font %s is not embedded",
            qpdf_oh_get_name(c->q, qpdf_oh_get_key(c->q, font, "/BaseFont")));
}

/* Images (and their soft masks) of resources, and of the forms and
   patterns in them: /Interpolate must be false or absent (PDF/A 6.2.8). */
static void check_images(checker *c, qpdf_oh resources, GHashTable *seen, int depth)
{
    static const char *const kinds[] = {"/XObject", "/Pattern"};
    for (size_t k = 0; k < G_N_ELEMENTS(kinds) && depth < 16; k++) {
        qpdf_oh dict = qpdf_oh_get_key(c->q, resources, kinds[k]);
        if (!qpdf_oh_is_dictionary(c->q, dict))
            continue;
        GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
        qpdf_oh_begin_dict_key_iter(c->q, dict);
        while (qpdf_oh_dict_more_keys(c->q))
            g_ptr_array_add(keys, g_strdup(qpdf_oh_dict_next_key(c->q)));
        for (unsigned i = 0; i < keys->len; i++) {
            qpdf_oh object = qpdf_oh_get_key(c->q, dict, g_ptr_array_index(keys, i));
            if (!g_hash_table_add(seen, GINT_TO_POINTER(object_of(c, object))))
                continue;
            qpdf_oh body = qpdf_oh_is_stream(c->q, object)
                               ? qpdf_oh_get_dict(c->q, object) : object;
            for (int mask = 0; mask < 2; mask++) {
                qpdf_oh value = qpdf_oh_get_key(c->q, body, "/Interpolate");
                if (qpdf_oh_is_bool(c->q, value) && qpdf_oh_get_bool_value(c->q, value))
                    verify_add(c, "ISO 19005-3:6.2.8", object_of(c, object),
                               "an image has /Interpolate true");
                object = qpdf_oh_get_key(c->q, body, "/SMask");
                if (!qpdf_oh_is_stream(c->q, object))
                    break;
                body = qpdf_oh_get_dict(c->q, object);
            }
            qpdf_oh inner = qpdf_oh_get_key(c->q, body, "/Resources");
            if (qpdf_oh_is_dictionary(c->q, inner))
                check_images(c, inner, seen, depth + 1);
        }
        g_ptr_array_free(keys, TRUE);
    }
}

static void check_annotation(checker *c, qpdf_oh annot, bool has_tabs)
{
    int object = object_of(c, annot);
    qpdf_oh flags = qpdf_oh_get_key(c->q, annot, "/F");
    long long f = qpdf_oh_is_integer(c->q, flags)
        ? qpdf_oh_get_int_value(c->q, flags) : 0;
    /* Print set; Invisible, Hidden, ToggleNoView, NoView clear */
    if (c->report->pdfa && (!(f & 4) || (f & (1 | 2 | 32 | 256))))
        verify_add(c, "ISO 19005-3:6.3.2", object,
            "annotation flags %lld: it must print and must not be hidden", f);
    if (!c->report->pdfua)
        return;
    if (!has_tabs)
        verify_add(c, "ISO 14289-1:7.18.3", object,
            "the annotation's page has no /Tabs /S");
    if (!qpdf_oh_has_key(c->q, annot, "/StructParent"))
        verify_add(c, "ISO 14289-1:7.18.1", object,
            "the annotation is not in the structure tree (no /StructParent)");
    if (qpdf_oh_is_name_and_equals(c->q, qpdf_oh_get_key(c->q, annot, "/Subtype"),
                                   "/Link")
        && !qpdf_oh_is_string(c->q, qpdf_oh_get_key(c->q, annot, "/Contents")))
        verify_add(c, "ISO 14289-1:7.18.5", object,
            "the link has no description (/Contents)");
}

static void check_pages(checker *c)
{
    GHashTable *fonts = g_hash_table_new(g_direct_hash, g_direct_equal);
    GHashTable *images = g_hash_table_new(g_direct_hash, g_direct_equal);
    int pages = qpdf_get_num_pages(c->q);
    for (int i = 0; i < pages; i++) {
        qpdf_oh page = qpdf_get_page_n(c->q, (size_t)i);
        qpdf_oh resources = qpdf_oh_get_key(c->q, page, "/Resources");
        if (c->report->pdfa)
            check_images(c, resources, images, 0);
        qpdf_oh font_dict = qpdf_oh_get_key(c->q, resources, "/Font");
        if (qpdf_oh_is_dictionary(c->q, font_dict)) {
            qpdf_oh_begin_dict_key_iter(c->q, font_dict);
            GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
            while (qpdf_oh_dict_more_keys(c->q))
                g_ptr_array_add(keys, g_strdup(qpdf_oh_dict_next_key(c->q)));
            for (unsigned k = 0; k < keys->len; k++)
                check_font(c, qpdf_oh_get_key(c->q, font_dict,
                                              g_ptr_array_index(keys, k)),
                           fonts);
            g_ptr_array_free(keys, TRUE);
        }
        bool tabs = qpdf_oh_is_name_and_equals(
            c->q, qpdf_oh_get_key(c->q, page, "/Tabs"), "/S");
        qpdf_oh annots = qpdf_oh_get_key(c->q, page, "/Annots");
        int n = qpdf_oh_get_array_n_items(c->q, annots);
        for (int a = 0; a < n; a++)
            check_annotation(c, qpdf_oh_get_array_item(c->q, annots, a), tabs);
        if (!c->report->pdfua)
            continue;
        unsigned char *content = NULL;
        size_t length = 0;
        if (qpdf_oh_get_page_content_data(c->q, page, &content, &length)
            & QPDF_ERRORS)
            continue;
        int unmarked = archive_count_unmarked((const char *)content, length);
        free(content);
        if (unmarked > 0)
            verify_add(c, "ISO 14289-1:7.1", object_of(c, page),
                "page %d paints %d times outside both the structure tree and "
                "artifacts", i + 1, unmarked);
    }
    g_hash_table_destroy(fonts);
    g_hash_table_destroy(images);
}

/* 6.8: embedded files of PDF/A-3 are associated and typed. Returns the
 * document XML pliego embedded (g_free), if any. */
static char *check_embedded_files(checker *c, qpdf_oh root, size_t *length)
{
    qpdf_oh names = qpdf_oh_get_key(c->q, qpdf_oh_get_key(c->q, root, "/Names"),
                                    "/EmbeddedFiles");
    qpdf_oh list = qpdf_oh_get_key(c->q, names, "/Names");
    char *source = NULL;
    int n = qpdf_oh_get_array_n_items(c->q, list);
    for (int i = 1; i < n; i += 2) {
        qpdf_oh spec = qpdf_oh_get_array_item(c->q, list, i);
        qpdf_oh file = qpdf_oh_get_key(c->q, qpdf_oh_get_key(c->q, spec, "/EF"),
                                       "/F");
        int object = object_of(c, spec);
        if (!qpdf_oh_is_name(c->q, qpdf_oh_get_key(c->q, spec, "/AFRelationship"))
            || !qpdf_oh_has_key(c->q, spec, "/F")
            || !qpdf_oh_has_key(c->q, spec, "/UF"))
            verify_add(c, "ISO 19005-3:6.8", object,
                "an embedded file's specification lacks /AFRelationship, /F "
                "or /UF");
        if (!qpdf_oh_is_stream(c->q, file)
            || !qpdf_oh_is_name(c->q, qpdf_oh_get_key(
                   c->q, qpdf_oh_get_dict(c->q, file), "/Subtype"))) {
            verify_add(c, "ISO 19005-3:6.8", object,
                "an embedded file has no MIME type (/Subtype)");
            continue;
        }
        if (source)
            continue;
        unsigned char *data = NULL;
        size_t size = 0;
        QPDF_BOOL filtered = QPDF_FALSE;
        if (!(qpdf_oh_get_stream_data(c->q, file, qpdf_dl_all, &filtered, &data,
                                      &size) & QPDF_ERRORS)) {
            source = g_malloc(size + 1);
            memcpy(source, data, size);
            source[size] = '\0';
            *length = size;
        }
        free(data);
    }
    return source;
}

/* ---- PDF/UA ---- */

static const char *const standard_types[] = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC",
    "TOCI", "Index", "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4",
    "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead",
    "TBody", "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry", "Code",
    "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP",
    "Figure", "Formula", "Form"};

typedef struct {
    int last_heading;   /* level of the last Hn met, 0 before any */
    int depth;
} walk_state;

static void check_element(checker *c, qpdf_oh element, qpdf_oh role_map,
                          walk_state *w)
{
    if (w->depth > 256 || !qpdf_oh_is_dictionary(c->q, element)
        || !qpdf_oh_has_key(c->q, element, "/S"))
        return;
    int object = object_of(c, element);
    const char *type = qpdf_oh_get_name(c->q, qpdf_oh_get_key(c->q, element, "/S"));
    const char *name = type && *type == '/' ? type + 1 : "";
    bool standard = false;
    for (size_t i = 0; i < G_N_ELEMENTS(standard_types); i++)
        standard = standard || strcmp(name, standard_types[i]) == 0;
    if (!standard && !qpdf_oh_has_key(c->q, role_map, type))
        verify_add(c, "ISO 14289-1:7.1", object,
            "structure type %s is neither standard nor role-mapped", name);
    if (name[0] == 'H' && name[1] >= '1' && name[1] <= '6' && !name[2]) {
        int level = name[1] - '0';
        if (level > w->last_heading + 1)
            verify_add(c, "ISO 14289-1:7.4.2", object,
                "heading H%d follows H%d: a level is skipped", level,
                w->last_heading);
        w->last_heading = level;
    }
    if (strcmp(name, "TH") == 0) {
        qpdf_oh a = qpdf_oh_get_key(c->q, element, "/A");
        if (!qpdf_oh_is_name(c->q, qpdf_oh_get_key(c->q, a, "/Scope")))
            verify_add(c, "ISO 14289-1:7.5", object, "table header cell without /Scope");
    }
    if (strcmp(name, "Figure") == 0
        && !qpdf_oh_is_string(c->q, qpdf_oh_get_key(c->q, element, "/Alt")))
        verify_add(c, "ISO 14289-1:7.3", object, "figure without alternate text (/Alt)");
    if (strcmp(name, "Note") == 0
        && !qpdf_oh_is_string(c->q, qpdf_oh_get_key(c->q, element, "/ID")))
        verify_add(c, "ISO 14289-1:7.9", object, "note without /ID");
    qpdf_oh kids = qpdf_oh_get_key(c->q, element, "/K");
    w->depth++;
    if (qpdf_oh_is_array(c->q, kids)) {
        int n = qpdf_oh_get_array_n_items(c->q, kids);
        for (int i = 0; i < n; i++)
            check_element(c, qpdf_oh_get_array_item(c->q, kids, i), role_map, w);
    } else {
        check_element(c, kids, role_map, w);
    }
    w->depth--;
}

static void check_accessibility(checker *c, qpdf_oh root)
{
    char *title = verify_xmp_text(c, "//dc:title//rdf:li");
    if (!title || !*title)
        verify_add(c, "ISO 14289-1:7.1", 0, "the XMP has no dc:title");
    g_free(title);
    qpdf_oh lang = qpdf_oh_get_key(c->q, root, "/Lang");
    if (!qpdf_oh_is_string(c->q, lang) || !*qpdf_oh_get_utf8_value(c->q, lang))
        verify_add(c, "ISO 14289-1:7.2", 0, "the catalog has no /Lang");
    qpdf_oh preferences = qpdf_oh_get_key(c->q, root, "/ViewerPreferences");
    qpdf_oh display = qpdf_oh_get_key(c->q, preferences, "/DisplayDocTitle");
    if (!qpdf_oh_is_bool(c->q, display) || !qpdf_oh_get_bool_value(c->q, display))
        verify_add(c, "ISO 14289-1:7.1", 0,
            "ViewerPreferences/DisplayDocTitle is not true");
    qpdf_oh marked = qpdf_oh_get_key(c->q, qpdf_oh_get_key(c->q, root, "/MarkInfo"),
                                     "/Marked");
    if (!qpdf_oh_is_bool(c->q, marked) || !qpdf_oh_get_bool_value(c->q, marked))
        verify_add(c, "ISO 14289-1:7.1", 0, "MarkInfo/Marked is not true");
    qpdf_oh tree = qpdf_oh_get_key(c->q, root, "/StructTreeRoot");
    if (!qpdf_oh_is_dictionary(c->q, tree)) {
        verify_add(c, "ISO 14289-1:7.1", 0, "the catalog has no structure tree");
        return;
    }
    walk_state w = {0};
    qpdf_oh role_map = qpdf_oh_get_key(c->q, tree, "/RoleMap");
    check_element(c, qpdf_oh_get_key(c->q, tree, "/K"), role_map, &w);
    qpdf_oh kids = qpdf_oh_get_key(c->q, tree, "/K");
    int n = qpdf_oh_get_array_n_items(c->q, kids);
    for (int i = 0; i < n; i++)
        check_element(c, qpdf_oh_get_array_item(c->q, kids, i), role_map, &w);
}

/* ---- the whole check and the report ---- */

pliego_verify_report *pliego_verify_file(const char *path,
                                         const char *catalog_dir,
                                         pliego_error *err)
{
    checker c = {.q = qpdf_init()};
    qpdf_silence_errors(c.q);
    qpdf_set_suppress_warnings(c.q, QPDF_TRUE);
    if (qpdf_read(c.q, path, NULL) & QPDF_ERRORS) {
        pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0,
                         "cannot read as a PDF: %s",
                         qpdf_has_error(c.q)
                             ? qpdf_get_error_full_text(c.q, qpdf_get_error(c.q))
                             : "unknown error");
        qpdf_cleanup(&c.q);
        return NULL;
    }
    pliego_verify_report *report = g_new0(pliego_verify_report, 1);
    report->path = g_strdup(path);
    report->findings = g_array_new(FALSE, TRUE, sizeof(verify_finding));
    c.report = report;
    qpdf_oh root = qpdf_get_root(c.q);
    check_metadata(&c, root);
    check_identification(&c);
    size_t length = 0;
    char *source = NULL;
    if (report->pdfa) {
        check_info(&c);
        check_extension_schemas(&c);
        check_output_intent(&c, root);
        check_trailer_id(&c);
        if (report->pdfa3)
            source = check_embedded_files(&c, root, &length);
    }
    check_pages(&c);
    if (report->pdfua)
        check_accessibility(&c, root);
    verify_provenance(&c, source, length, catalog_dir);
    g_free(source);
    xmlXPathFreeContext(c.xpath);
    xmlFreeDoc(c.xmp);
    qpdf_cleanup(&c.q);
    return report;
}

void pliego_verify_report_free(pliego_verify_report *report)
{
    if (!report)
        return;
    for (unsigned i = 0; i < report->findings->len; i++) {
        verify_finding *f = &g_array_index(report->findings, verify_finding, i);
        g_free(f->rule);
        g_free(f->message);
    }
    g_array_free(report->findings, TRUE);
    g_free(report->path);
    g_free(report);
}

size_t pliego_verify_report_count(const pliego_verify_report *report)
{
    return report->findings->len;
}

static void json_string(FILE *stream, const char *text)
{
    fputc('"', stream);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(stream, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(stream, "\\u%04x", *p);
        else
            fputc(*p, stream);
    }
    fputc('"', stream);
}

void pliego_verify_report_print(const pliego_verify_report *report,
                                FILE *stream, bool json)
{
    if (json) {
        fputs("{\"file\": ", stream);
        json_string(stream, report->path);
        fprintf(stream, ", \"pdfa\": %s, \"pdfua\": %s, \"findings\": [",
                report->pdfa ? "true" : "false", report->pdfua ? "true" : "false");
    }
    for (unsigned i = 0; i < report->findings->len; i++) {
        const verify_finding *f =
            &g_array_index(report->findings, verify_finding, i);
        if (json) {
            fputs(i ? ", {\"rule\": " : "{\"rule\": ", stream);
            json_string(stream, f->rule);
            fprintf(stream, ", \"object\": %d, \"message\": ", f->object);
            json_string(stream, f->message);
            fputc('}', stream);
        } else if (f->object) {
            fprintf(stream, "%s: %s object %d: %s\n", report->path, f->rule,
                    f->object, f->message);
        } else {
            fprintf(stream, "%s: %s: %s\n", report->path, f->rule, f->message);
        }
    }
    if (json)
        fputs("]}\n", stream);
}
