/* Archival output: Cairo's PDF made PDF/A-3b (or 2b) and PDF/UA-1 with
 * qpdf's C API; see archive.h.
 *
 * What Cairo 1.16 cannot write is added here: the XMP metadata and an Info
 * dictionary equal to it, the sRGB output intent, /Lang, /MarkInfo,
 * DisplayDocTitle, /Tabs /S, annotation flags and descriptions, attributes
 * of structure elements (TH scope, Figure alternate text, Note ids), the
 * artifacts (content.c) and the embedded document XML. qpdf then writes
 * the file with an /ID derived from its content, so the same input gives
 * the same bytes.
 */
#include "archive/archive.h"

#include <qpdf/qpdf-c.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#ifndef PLIEGO_ICC_PROFILE
#define PLIEGO_ICC_PROFILE "/usr/share/color/icc/sRGB.icc"
#endif

#define PRODUCER "pliego (qpdf, cairo)"

archive_tags *archive_tags_new(void)
{
    return g_array_new(FALSE, TRUE, sizeof(archive_tag));
}

void archive_tags_add(archive_tags *tags, const char *role, const area *a)
{
    if (!tags)
        return;
    archive_tag tag = {.role = role};
    if (a) {
        tag.alt = a->alt_text;
        tag.source = a->source;
        tag.section = a->section;
        tag.lang = a->lang;
    }
    g_array_append_val(tags, tag);
}

void archive_tags_free(archive_tags *tags)
{
    if (tags)
        g_array_free(tags, TRUE);
}

static bool fail(pliego_error *err, const char *format, const char *detail)
{
    pliego_error_set(err, PLIEGO_ERROR_RENDER, NULL, 0, 0, format, detail);
    return false;
}

/* "2000-01-01T00:00:00Z" -> "D:20000101000000Z", as Info dates are written. */
static char *pdf_date(const char *iso)
{
    char digits[16] = {0};
    size_t n = 0;
    for (const char *p = iso; *p && n < 14; p++)
        if (g_ascii_isdigit(*p))
            digits[n++] = *p;
    return g_strdup_printf("D:%sZ", digits);
}

static qpdf_oh text_string(qpdf_data q, const char *utf8)
{
    return qpdf_oh_new_unicode_string(q, utf8 ? utf8 : "");
}

static void set_info(qpdf_data q, const archive_request *request)
{
    const area_metadata *m = request->metadata;
    qpdf_oh info = qpdf_oh_new_dictionary(q);
    if (m->title && *m->title)
        qpdf_oh_replace_key(q, info, "/Title", text_string(q, m->title));
    if (m->author && *m->author)
        qpdf_oh_replace_key(q, info, "/Author", text_string(q, m->author));
    if (m->subject && *m->subject)
        qpdf_oh_replace_key(q, info, "/Subject", text_string(q, m->subject));
    if (m->keywords && *m->keywords)
        qpdf_oh_replace_key(q, info, "/Keywords", text_string(q, m->keywords));
    qpdf_oh_replace_key(q, info, "/Creator", text_string(q, "pliego"));
    qpdf_oh_replace_key(q, info, "/Producer", text_string(q, PRODUCER));
    char *date = pdf_date(request->date);
    qpdf_oh_replace_key(q, info, "/CreationDate", qpdf_oh_new_string(q, date));
    qpdf_oh_replace_key(q, info, "/ModDate", qpdf_oh_new_string(q, date));
    g_free(date);
    qpdf_oh_replace_key(q, qpdf_get_trailer(q), "/Info",
                        qpdf_make_indirect_object(q, info));
}

static qpdf_oh new_stream(qpdf_data q, const void *data, size_t length,
                          const char *dictionary)
{
    qpdf_oh stream = qpdf_oh_new_stream(q);
    qpdf_oh_replace_stream_data(q, stream, data, length, qpdf_oh_new_null(q),
                                qpdf_oh_new_null(q));
    if (dictionary) {
        qpdf_oh extra = qpdf_oh_parse(q, dictionary);
        qpdf_oh dict = qpdf_oh_get_dict(q, stream);
        qpdf_oh_begin_dict_key_iter(q, extra);
        while (qpdf_oh_dict_more_keys(q)) {
            const char *key = qpdf_oh_dict_next_key(q);
            qpdf_oh_replace_key(q, dict, key, qpdf_oh_get_key(q, extra, key));
        }
    }
    return stream;
}

/* A stream this stage adds (page content, ICC profile, attachment),
 * deflated at level 1: at zlib's default the archival pass cost a fifth
 * more time for a file about 2% smaller. */
static qpdf_oh deflated_stream(qpdf_data q, const void *data, size_t length,
                               const char *dictionary)
{
    uLongf size = compressBound((uLong)length);
    Bytef *packed = g_malloc(size);
    if (compress2(packed, &size, data, (uLong)length, 1) != Z_OK) {
        g_free(packed);
        return new_stream(q, data, length, dictionary);
    }
    qpdf_oh stream = new_stream(q, packed, size, dictionary);
    qpdf_oh_replace_stream_data(q, stream, packed, size,
                                qpdf_oh_new_name(q, "/FlateDecode"),
                                qpdf_oh_new_null(q));
    g_free(packed);
    return stream;
}

static bool add_output_intent(qpdf_data q, qpdf_oh root, pliego_error *err)
{
    gchar *icc = NULL;
    gsize length = 0;
    if (!g_file_get_contents(PLIEGO_ICC_PROFILE, &icc, &length, NULL)) {
        pliego_error_set(err, PLIEGO_ERROR_IO, PLIEGO_ICC_PROFILE, 0, 0,
                         "cannot read the sRGB ICC profile PDF/A needs "
                         "(Debian package icc-profiles-free)");
        return false;
    }
    qpdf_oh profile = deflated_stream(q, icc, length, "<< /N 3 >>");
    g_free(icc);
    qpdf_oh intent = qpdf_oh_parse(
        q, "<< /Type /OutputIntent /S /GTS_PDFA1 "
           "/OutputConditionIdentifier (sRGB IEC61966-2.1) "
           "/RegistryName (http://www.color.org) /Info (sRGB IEC61966-2.1) >>");
    qpdf_oh_replace_key(q, intent, "/DestOutputProfile", profile);
    qpdf_oh intents = qpdf_oh_new_array(q);
    qpdf_oh_append_item(q, intents, qpdf_make_indirect_object(q, intent));
    qpdf_oh_replace_key(q, root, "/OutputIntents", intents);
    return true;
}

/* The document XML as an associated file of the document (PDF/A-3, 6.8):
 * a file specification with /AFRelationship /Source in the catalog's /AF
 * and in the EmbeddedFiles name tree. */
static void embed_source(qpdf_data q, qpdf_oh root,
                         const archive_request *request)
{
    const char *name = request->source_name ? request->source_name
                                            : "document.xml";
    char *date = pdf_date(request->date);
    char *params = g_strdup_printf(
        "<< /Type /EmbeddedFile /Subtype /application#2Fxml "
        "/Params << /Size %zu /ModDate (%s) >> >>",
        request->source_length, date);
    qpdf_oh file = deflated_stream(q, request->source, request->source_length,
                                   params);
    g_free(params);
    g_free(date);
    qpdf_oh spec = qpdf_oh_parse(
        q, "<< /Type /Filespec /AFRelationship /Source "
           "/Desc (The document XML this PDF was made from) >>");
    qpdf_oh_replace_key(q, spec, "/F", text_string(q, name));
    qpdf_oh_replace_key(q, spec, "/UF", text_string(q, name));
    qpdf_oh ef = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, ef, "/F", file);
    qpdf_oh_replace_key(q, ef, "/UF", file);
    qpdf_oh_replace_key(q, spec, "/EF", ef);
    spec = qpdf_make_indirect_object(q, spec);

    qpdf_oh af = qpdf_oh_new_array(q);
    qpdf_oh_append_item(q, af, spec);
    qpdf_oh_replace_key(q, root, "/AF", af);
    qpdf_oh names = qpdf_oh_get_key(q, root, "/Names");
    if (!qpdf_oh_is_dictionary(q, names)) {
        names = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
        qpdf_oh_replace_key(q, root, "/Names", names);
    }
    qpdf_oh tree = qpdf_oh_new_dictionary(q);
    qpdf_oh list = qpdf_oh_new_array(q);
    qpdf_oh_append_item(q, list, text_string(q, name));
    qpdf_oh_append_item(q, list, spec);
    qpdf_oh_replace_key(q, tree, "/Names", list);
    qpdf_oh_replace_key(q, names, "/EmbeddedFiles", tree);
}

/* Link annotations: printable (PDF/A 6.3.2) and described (PDF/UA 7.18.5). */
static void fix_annotations(qpdf_data q, qpdf_oh page)
{
    qpdf_oh annots = qpdf_oh_get_key(q, page, "/Annots");
    int n = qpdf_oh_get_array_n_items(q, annots);
    for (int i = 0; i < n; i++) {
        qpdf_oh annot = qpdf_oh_get_array_item(q, annots, i);
        qpdf_oh_replace_key(q, annot, "/F", qpdf_oh_new_integer(q, 4));
        if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, annot, "/Subtype"),
                                        "/Link"))
            continue;
        qpdf_oh action = qpdf_oh_get_key(q, annot, "/A");
        qpdf_oh uri = qpdf_oh_get_key(q, action, "/URI");
        qpdf_oh dest = qpdf_oh_get_key(q, annot, "/Dest");
        char *text;
        if (qpdf_oh_is_string(q, uri))
            text = g_strdup_printf("Link to %s", qpdf_oh_get_utf8_value(q, uri));
        else if (qpdf_oh_is_string(q, dest))
            text = g_strdup_printf("Link to %s in this document",
                                   qpdf_oh_get_utf8_value(q, dest));
        else
            text = g_strdup("Link within this document");
        qpdf_oh_replace_key(q, annot, "/Contents", text_string(q, text));
        g_free(text);
    }
}

static bool mark_pages(qpdf_data q, unsigned standards, pliego_error *err)
{
    int pages = qpdf_get_num_pages(q);
    for (int i = 0; i < pages; i++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
        qpdf_oh_replace_key(q, page, "/Tabs", qpdf_oh_new_name(q, "/S"));
        fix_annotations(q, page);
        if (!(standards & PLIEGO_PDF_UA_1))
            continue;
        unsigned char *content = NULL;
        size_t length = 0;
        if (qpdf_oh_get_page_content_data(q, page, &content, &length)
            & QPDF_ERRORS)
            return fail(err, "cannot read a page's content again: %s",
                        qpdf_has_error(q)
                            ? qpdf_get_error_full_text(q, qpdf_get_error(q))
                            : "unknown error");
        size_t marked_length = 0;
        char *marked = archive_mark_artifacts((const char *)content, length,
                                              &marked_length);
        free(content);
        qpdf_oh stream = deflated_stream(q, marked, marked_length, NULL);
        g_free(marked);
        qpdf_oh_replace_key(q, page, "/Contents", stream);
    }
    return true;
}

static bool edit(qpdf_data q, const archive_request *request,
                 const archive_provenance *provenance, pliego_error *err)
{
    const area_metadata *m = request->metadata;
    unsigned standards = request->standards;
    qpdf_oh root = qpdf_get_root(q);
    bool ua = standards & PLIEGO_PDF_UA_1;
    if (ua && !(m->title && *m->title))
        return fail(err, "PDF/UA-1 needs a document title: give %s",
                    "dc:title in fo:declarations");
    if (ua && !(m->language && *m->language))
        return fail(err, "PDF/UA-1 needs the document's language: give %s",
                    "xml:lang or language on fo:root");
    if (ua && !qpdf_oh_is_dictionary(q, qpdf_oh_get_key(q, root, "/StructTreeRoot")))
        return fail(err, "PDF/UA-1 needs a structure tree and %s has none",
                    "the PDF");
    if (m->language && *m->language)
        qpdf_oh_replace_key(q, root, "/Lang", text_string(q, m->language));
    qpdf_oh_replace_key(q, root, "/MarkInfo", qpdf_oh_parse(q, "<< /Marked true >>"));
    if (ua) {
        qpdf_oh_replace_key(q, root, "/ViewerPreferences",
                            qpdf_oh_parse(q, "<< /DisplayDocTitle true >>"));
        if (!archive_structure(q, root, request->tags, m->language, err))
            return false;
    }
    if (!mark_pages(q, standards, err))
        return false;
    set_info(q, request);
    char *xmp = archive_xmp(request, provenance, PRODUCER);
    qpdf_oh metadata = new_stream(q, xmp, strlen(xmp),
                                  "<< /Type /Metadata /Subtype /XML >>");
    g_free(xmp);
    qpdf_oh_replace_key(q, root, "/Metadata", metadata);
    if (standards & (PLIEGO_PDF_A_2B | PLIEGO_PDF_A_3B)) {
        if (!add_output_intent(q, root, err))
            return false;
    }
    if ((standards & PLIEGO_PDF_A_3B) && request->source)
        embed_source(q, root, request);
    return true;
}

GByteArray *archive_pdf(const unsigned char *pdf, size_t length,
                        const archive_request *request, pliego_error *err)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    GByteArray *result = NULL;
    archive_provenance *provenance =
        archive_provenance_read(request->source, request->source_length);
    if (qpdf_read_memory(q, "cairo output", (const char *)pdf, length, NULL)
        & QPDF_ERRORS) {
        fail(err, "cannot read Cairo's PDF again: %s",
             qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q))
                               : "unknown error");
    } else if (edit(q, request, provenance, err)) {
        qpdf_init_write_memory(q);
        qpdf_set_deterministic_ID(q, QPDF_TRUE);
        qpdf_set_minimum_pdf_version(q, "1.7");
        /* Cairo's streams are written as they are (not inflated and
           deflated again: that was most of this stage's time), and no
           object streams are made */
        qpdf_set_decode_level(q, qpdf_dl_none);
        qpdf_set_object_stream_mode(q, qpdf_o_preserve);
        if (qpdf_write(q) & QPDF_ERRORS) {
            fail(err, "cannot write the archival PDF: %s",
                 qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q))
                                   : "unknown error");
        } else {
            result = g_byte_array_sized_new((guint)qpdf_get_buffer_length(q));
            g_byte_array_append(result, qpdf_get_buffer(q),
                                (guint)qpdf_get_buffer_length(q));
        }
    }
    archive_provenance_free(provenance);
    qpdf_cleanup(&q);
    return result;
}

bool pliego_pdf_standards_parse(const char *list, unsigned *standards,
                                pliego_error *err)
{
    *standards = 0;
    if (strcmp(list, "none") == 0)
        return true;
    char **names = g_strsplit(list, ",", -1);
    bool ok = names[0] != NULL;
    for (char **name = names; ok && *name; name++) {
        char *item = g_ascii_strdown(g_strstrip(*name), -1);
        unsigned bit = strcmp(item, "pdf/a-3b") == 0   ? PLIEGO_PDF_A_3B
                       : strcmp(item, "pdf/a-2b") == 0 ? PLIEGO_PDF_A_2B
                       : strcmp(item, "pdf/ua-1") == 0 ? PLIEGO_PDF_UA_1
                                                       : 0;
        if (!bit)
            pliego_error_set(err, PLIEGO_ERROR_FO, NULL, 0, 0,
                             "unknown PDF standard \"%s\": use pdf/a-3b, "
                             "pdf/a-2b, pdf/ua-1 (comma-joined) or none", item);
        ok = bit != 0;
        *standards |= bit;
        g_free(item);
    }
    g_strfreev(names);
    if (ok && (*standards & PLIEGO_PDF_A_2B) && (*standards & PLIEGO_PDF_A_3B)) {
        pliego_error_set(err, PLIEGO_ERROR_FO, NULL, 0, 0,
                         "pdf/a-2b and pdf/a-3b cannot both be met: pick one");
        ok = false;
    }
    return ok;
}
