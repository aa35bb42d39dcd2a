/* Archival output: Cairo's PDF made PDF/A-3b (or 2b) and PDF/UA-1; see
 * archive.h.
 *
 * What Cairo 1.16 cannot write is added here: the XMP metadata and an Info
 * dictionary equal to it, the sRGB output intent, /Lang, /MarkInfo,
 * DisplayDocTitle, /Tabs /S, annotation flags and descriptions, attributes
 * of structure elements (TH scope, Figure alternate text, Note ids), the
 * artifacts (content.c) and the embedded document XML. Every object this
 * changes is recorded, and the file is written again (object.c): Cairo's
 * objects that stay, copied as they are, the changed and new ones, and an
 * /ID derived from the content, so the same input gives the same bytes.
 */
#include "archive/archive.h"
#include "archive/object.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#ifndef PLIEGO_ICC_PROFILE
#define PLIEGO_ICC_PROFILE "/usr/share/color/icc/sRGB.icc"
#endif

#define PRODUCER "pliego (cairo)"

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

static void set_info(pdf_file *f, const archive_request *request, int *info)
{
    const area_metadata *m = request->metadata;
    pdf_value *dict = pdf_parse(f, "<< >>");
    if (m->title && *m->title)
        pdf_set(f, dict, "Title", pdf_new_text(f, m->title));
    if (m->author && *m->author)
        pdf_set(f, dict, "Author", pdf_new_text(f, m->author));
    if (m->subject && *m->subject)
        pdf_set(f, dict, "Subject", pdf_new_text(f, m->subject));
    if (m->keywords && *m->keywords)
        pdf_set(f, dict, "Keywords", pdf_new_text(f, m->keywords));
    pdf_set(f, dict, "Creator", pdf_new_text(f, "pliego"));
    pdf_set(f, dict, "Producer", pdf_new_text(f, PRODUCER));
    char *date = pdf_date(request->date);
    pdf_set(f, dict, "CreationDate", pdf_new_text(f, date));
    pdf_set(f, dict, "ModDate", pdf_new_text(f, date));
    g_free(date);
    *info = pdf_add_object(f, dict)->id;
    pdf_drop(f, pdf_file_info(f));
}

/* The sRGB profile, deflated once per process: it is the same for every
 * document of a batch. */
typedef struct {
    unsigned char *data;
    size_t length;
} packed_profile;

static gpointer pack_profile(gpointer unused)
{
    (void)unused;
    gchar *icc = NULL;
    gsize length = 0;
    if (!g_file_get_contents(PLIEGO_ICC_PROFILE, &icc, &length, NULL))
        return NULL;
    packed_profile *packed = NULL;
    struct libdeflate_compressor *compressor = libdeflate_alloc_compressor(1);
    if (compressor) {
        size_t bound = libdeflate_zlib_compress_bound(compressor, length);
        unsigned char *data = g_malloc(bound);
        size_t size = libdeflate_zlib_compress(compressor, icc, length, data, bound);
        if (size > 0) {
            packed = g_new0(packed_profile, 1);
            packed->data = data;
            packed->length = size;
        } else {
            g_free(data);
        }
        libdeflate_free_compressor(compressor);
    }
    g_free(icc);
    return packed;
}

static bool add_output_intent(pdf_file *f, pdf_value *root, pliego_error *err)
{
    static GOnce once = G_ONCE_INIT;
    const packed_profile *icc = g_once(&once, pack_profile, NULL);
    if (!icc) {
        pliego_error_set(err, PLIEGO_ERROR_IO, PLIEGO_ICC_PROFILE, 0, 0,
                         "cannot read the sRGB ICC profile PDF/A needs "
                         "(Debian package icc-profiles-free)");
        return false;
    }
    pdf_value *profile = pdf_add_stream(
        f, pdf_parse(f, "<< /N 3 /Filter /FlateDecode >>"), icc->data,
        icc->length, false);
    pdf_value *intent = pdf_parse(
        f, "<< /Type /OutputIntent /S /GTS_PDFA1 "
           "/OutputConditionIdentifier (sRGB IEC61966-2.1) "
           "/RegistryName (http://www.color.org) /Info (sRGB IEC61966-2.1) >>");
    pdf_set(f, intent, "DestOutputProfile", profile);
    pdf_value *intents = pdf_new_array(f);
    pdf_append(f, intents, pdf_add_object(f, intent));
    pdf_set(f, root, "OutputIntents", intents);
    return true;
}

/* The document XML as an associated file of the document (PDF/A-3, 6.8):
 * a file specification with /AFRelationship /Source in the catalog's /AF
 * and in the EmbeddedFiles name tree. */
static void embed_source(pdf_file *f, pdf_value *root,
                         const archive_request *request)
{
    const char *name = request->source_name ? request->source_name
                                            : "document.xml";
    char *date = pdf_date(request->date);
    char *params = g_strdup_printf(
        "<< /Type /EmbeddedFile /Subtype /application#2Fxml "
        "/Params << /Size %zu /ModDate (%s) >> >>",
        request->source_length, date);
    pdf_value *file = pdf_add_stream(f, pdf_parse(f, params), request->source,
                                     request->source_length, true);
    g_free(params);
    g_free(date);
    pdf_value *spec = pdf_parse(
        f, "<< /Type /Filespec /AFRelationship /Source "
           "/Desc (The document XML this PDF was made from) >>");
    pdf_set(f, spec, "F", pdf_new_text(f, name));
    pdf_set(f, spec, "UF", pdf_new_text(f, name));
    pdf_value *ef = pdf_parse(f, "<< >>");
    pdf_set(f, ef, "F", file);
    pdf_set(f, ef, "UF", file);
    pdf_set(f, spec, "EF", ef);
    spec = pdf_add_object(f, spec);

    pdf_value *af = pdf_new_array(f);
    pdf_append(f, af, spec);
    pdf_set(f, root, "AF", af);
    pdf_value *names_ref = pdf_get(f, root, "Names", false);
    pdf_value *names = pdf_resolve(f, names_ref);
    if (!pdf_is_dict(names)) {
        names = pdf_parse(f, "<< >>");
        pdf_set(f, root, "Names", pdf_add_object(f, names));
    } else if (names_ref->kind == PDF_REF) {
        pdf_touch(f, names_ref->id);
    }
    pdf_value *tree = pdf_parse(f, "<< >>");
    pdf_value *list = pdf_new_array(f);
    pdf_append(f, list, pdf_new_text(f, name));
    pdf_append(f, list, spec);
    pdf_set(f, tree, "Names", list);
    pdf_set(f, names, "EmbeddedFiles", tree);
}

/* Link annotations: printable (PDF/A 6.3.2) and described (PDF/UA 7.18.5). */
static void fix_annotations(pdf_file *f, pdf_value *page)
{
    pdf_value *annots_ref = pdf_get(f, page, "Annots", false);
    pdf_value *annots = pdf_resolve(f, annots_ref);
    if (annots_ref && annots_ref->kind == PDF_REF)
        pdf_touch(f, annots_ref->id);
    for (int i = 0; pdf_is_array(annots) && i < annots->count; i++) {
        pdf_value *annot = pdf_resolve(f, annots->items[i]);
        if (!pdf_is_dict(annot))
            continue;
        if (annots->items[i]->kind == PDF_REF)
            pdf_touch(f, annots->items[i]->id);
        pdf_set(f, annot, "F", pdf_new_integer(f, 4));
        if (!pdf_is_name(pdf_get(f, annot, "Subtype", true), "Link"))
            continue;
        pdf_value *uri = pdf_get(f, pdf_get(f, annot, "A", true), "URI", true);
        pdf_value *dest = pdf_get(f, annot, "Dest", true);
        char *target = NULL, *text;
        if (uri && uri->kind == PDF_STRING) {
            target = pdf_string_utf8(uri);
            text = g_strdup_printf("Link to %s", target);
        } else if (dest && dest->kind == PDF_STRING) {
            target = pdf_string_utf8(dest);
            text = g_strdup_printf("Link to %s in this document", target);
        } else {
            text = g_strdup("Link within this document");
        }
        pdf_set(f, annot, "Contents", pdf_new_text(f, text));
        g_free(target);
        g_free(text);
    }
}

/* Cairo writes /Interpolate true on the images it draws with its default
 * filter; PDF/A (ISO 19005-3, 6.2.8) wants it false or absent. Walks the
 * images of resources (and of the forms and patterns in them), setting
 * it false; the image's data is written again. */
static void stop_interpolation(pdf_file *f, pdf_value *resources, GHashTable *seen,
                               int depth)
{
    static const char *const kinds[] = {"XObject", "Pattern"};
    for (size_t k = 0; k < G_N_ELEMENTS(kinds) && depth < 16; k++) {
        pdf_value *dict = pdf_get(f, resources, kinds[k], true);
        for (int i = 0; pdf_is_dict(dict) && i < dict->count; i++) {
            pdf_value *ref = dict->items[i];
            if (!ref || ref->kind != PDF_REF
                || !g_hash_table_add(seen, GINT_TO_POINTER(ref->id)))
                continue;
            pdf_value *object = pdf_object(f, ref->id);
            for (pdf_value *image = object, *image_ref = ref; image;) {
                pdf_value *interpolate = pdf_get(f, image, "Interpolate", true);
                if (interpolate && interpolate->kind == PDF_BOOL
                    && strcmp(interpolate->text, "true") == 0) {
                    pdf_set(f, image, "Interpolate", pdf_parse(f, "false"));
                    pdf_touch(f, image_ref->id);
                }
                image_ref = pdf_get(f, image, "SMask", false);
                image = image_ref && image_ref->kind == PDF_REF
                            ? pdf_object(f, image_ref->id) : NULL;
            }
            stop_interpolation(f, pdf_get(f, object, "Resources", true), seen,
                               depth + 1);
        }
    }
}

/* The pages in order, from the page tree. */
static void collect_pages(pdf_file *f, pdf_value *node_ref, GArray *pages,
                          int depth)
{
    pdf_value *node = pdf_resolve(f, node_ref);
    if (depth > 64 || !pdf_is_dict(node) || !node_ref || node_ref->kind != PDF_REF)
        return;
    if (pdf_is_name(pdf_get(f, node, "Type", true), "Page")) {
        g_array_append_val(pages, node_ref->id);
        return;
    }
    pdf_value *kids = pdf_get(f, node, "Kids", true);
    for (int i = 0; pdf_is_array(kids) && i < kids->count; i++)
        collect_pages(f, kids->items[i], pages, depth + 1);
}

/* A page's content streams, decoded and joined. */
static unsigned char *page_content(pdf_file *f, pdf_value *page, size_t *length,
                                   pliego_error *err)
{
    pdf_value *contents = pdf_get(f, page, "Contents", false);
    GByteArray *all = g_byte_array_new();
    int n = pdf_is_array(pdf_resolve(f, contents))
                ? pdf_resolve(f, contents)->count : 1;
    for (int i = 0; i < n; i++) {
        pdf_value *ref = n == 1 && !pdf_is_array(pdf_resolve(f, contents))
                             ? contents : pdf_resolve(f, contents)->items[i];
        if (!ref || ref->kind != PDF_REF)
            continue;
        size_t part_length = 0;
        unsigned char *part = pdf_stream_data(f, ref->id, &part_length, err);
        if (!part) {
            g_byte_array_free(all, TRUE);
            return NULL;
        }
        if (all->len)
            g_byte_array_append(all, (const guint8 *)"\n", 1);
        g_byte_array_append(all, part, (guint)part_length);
        g_free(part);
    }
    *length = all->len;
    return g_byte_array_free(all, FALSE);
}

/* Leaves out of the file a page's content streams (which the marked
 * content replaces) and the objects that hold their lengths. */
static void drop_content(pdf_file *f, pdf_value *page)
{
    pdf_value *contents = pdf_get(f, page, "Contents", false);
    pdf_value *list = pdf_resolve(f, contents);
    if (!pdf_is_array(list)) {
        list = NULL;
    } else if (contents->kind == PDF_REF) {
        pdf_drop(f, contents->id);
    }
    int n = list ? list->count : 1;
    for (int i = 0; i < n; i++) {
        pdf_value *ref = list ? list->items[i] : contents;
        if (!ref || ref->kind != PDF_REF)
            continue;
        pdf_value *length = pdf_get(f, pdf_object(f, ref->id), "Length", false);
        if (length && length->kind == PDF_REF)
            pdf_drop(f, length->id);
        pdf_drop(f, ref->id);
    }
}

static bool mark_pages(pdf_file *f, pdf_value *root, unsigned standards,
                       pliego_error *err)
{
    GArray *pages = g_array_new(FALSE, FALSE, sizeof(int));
    collect_pages(f, pdf_get(f, root, "Pages", false), pages, 0);
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    bool ok = true;
    for (guint i = 0; ok && i < pages->len; i++) {
        int id = g_array_index(pages, int, i);
        pdf_value *page = pdf_object(f, id);
        pdf_touch(f, id);
        pdf_set(f, page, "Tabs", pdf_new_name(f, "S"));
        fix_annotations(f, page);
        if (standards & (PLIEGO_PDF_A_2B | PLIEGO_PDF_A_3B))
            stop_interpolation(f, pdf_get(f, page, "Resources", true), seen, 0);
        if (!(standards & PLIEGO_PDF_UA_1))
            continue;
        size_t length = 0;
        unsigned char *content = page_content(f, page, &length, err);
        ok = content != NULL;
        if (!ok)
            break;
        size_t marked_length = 0;
        char *marked = archive_mark_artifacts((const char *)content, length,
                                              &marked_length);
        g_free(content);
        drop_content(f, page);
        pdf_set(f, page, "Contents",
                pdf_add_stream(f, pdf_parse(f, "<< >>"), marked, marked_length,
                               true));
        g_free(marked);
    }
    g_array_free(pages, TRUE);
    g_hash_table_destroy(seen);
    return ok;
}

static bool edit(pdf_file *f, const archive_request *request,
                 const archive_provenance *provenance, int *info,
                 pliego_error *err)
{
    const area_metadata *m = request->metadata;
    unsigned standards = request->standards;
    int root_id = pdf_file_root(f);
    pdf_value *root = pdf_object(f, root_id);
    if (!pdf_is_dict(root))
        return fail(err, "cannot read Cairo's PDF again: %s", "no catalog");
    pdf_touch(f, root_id);
    bool ua = standards & PLIEGO_PDF_UA_1;
    if (ua && !(m->title && *m->title))
        return fail(err, "PDF/UA-1 needs a document title: give %s",
                    "dc:title in fo:declarations");
    if (ua && !(m->language && *m->language))
        return fail(err, "PDF/UA-1 needs the document's language: give %s",
                    "xml:lang or language on fo:root");
    if (ua && !pdf_is_dict(pdf_get(f, root, "StructTreeRoot", true)))
        return fail(err, "PDF/UA-1 needs a structure tree and %s has none",
                    "the PDF");
    if (m->language && *m->language)
        pdf_set(f, root, "Lang", pdf_new_text(f, m->language));
    pdf_set(f, root, "MarkInfo", pdf_parse(f, "<< /Marked true >>"));
    /* Cairo's header says 1.5; associated files are PDF 1.7 (PDF/A-3) */
    pdf_set(f, root, "Version", pdf_new_name(f, "1.7"));
    if (ua) {
        pdf_set(f, root, "ViewerPreferences",
                pdf_parse(f, "<< /DisplayDocTitle true >>"));
        if (!archive_structure(f, root, request->tags, m->language, err))
            return false;
    }
    if (!mark_pages(f, root, standards, err))
        return false;
    set_info(f, request, info);
    char *xmp = archive_xmp(request, provenance, PRODUCER);
    pdf_set(f, root, "Metadata",
            pdf_add_stream(f, pdf_parse(f, "<< /Type /Metadata /Subtype /XML >>"),
                           xmp, strlen(xmp), false));
    g_free(xmp);
    if (standards & (PLIEGO_PDF_A_2B | PLIEGO_PDF_A_3B)) {
        if (!add_output_intent(f, root, err))
            return false;
    }
    if ((standards & PLIEGO_PDF_A_3B) && request->source)
        embed_source(f, root, request);
    return true;
}

GByteArray *archive_pdf(const unsigned char *pdf, size_t length,
                        const archive_request *request, pliego_error *err)
{
    pdf_file *f = pdf_file_read(pdf, length, err);
    if (!f)
        return NULL;
    GByteArray *result = NULL;
    /* the caller's, or read from the document XML (and freed here) */
    archive_provenance *read = NULL;
    const archive_provenance *provenance = request->provenance;
    if (!provenance)
        provenance = read = archive_provenance_read(request->source,
                                                    request->source_length);
    int info = 0;
    if (edit(f, request, provenance, &info, err)) {
        result = g_byte_array_sized_new((guint)length + 16384);
        pdf_file_write(f, result, info);
    }
    archive_provenance_free(read);
    pdf_file_free(f);
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
