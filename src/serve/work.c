/* What a worker of pliego serve does for each route (serve.h): reads the
 * record from the form's fields, checks it, assembles the document and
 * renders it, or builds the legal pages' variants matrix, thumbnails,
 * diffs and redlines. Runs in a worker process only, with the catalogue
 * and templates the server loaded before forking it.
 *
 * Errors about the record are the users' words with the field they
 * concern, as JSON for the page to show beside that field; nothing is
 * rendered while the record is invalid.
 */
#include "serve/serve.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "assemble/assemble.h"
#include "batch/batch.h"
#include "cli/variant.h"
#include "pliego/archive.h"
#include "pliego/review.h"
#include "review/review.h"
#include "serve/meta.h"

/* Resolution of preview pages and of variant thumbnails. */
#define PREVIEW_DPI 96.0
#define THUMBNAIL_DPI 40.0

static const char *param(GPtrArray *params, const char *name)
{
    for (guint i = 0; i + 1 < params->len; i += 2)
        if (strcmp(params->pdata[i], name) == 0)
            return params->pdata[i + 1];
    return NULL;
}

static void set_answer(serve_answer *answer, int status, const char *type, char *body,
                       size_t length)
{
    serve_answer_clear(answer);
    answer->status = status;
    answer->content_type = g_strdup(type);
    answer->body = body;
    answer->length = length;
}

static void add_header(serve_answer *answer, const char *name, const char *value)
{
    if (!answer->headers)
        answer->headers = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(answer->headers, g_strdup(name));
    g_ptr_array_add(answer->headers, g_strdup(value));
}

static void set_json(serve_answer *answer, int status, GString *json)
{
    size_t length = json->len;
    set_answer(answer, status, "application/json", g_string_free(json, FALSE), length);
}

/* ---- the record and its errors ---- */

/* err as {"ok":false,"errors":[{"field","message"}]}: the field from the
   message's place ("row 1, column NAME: ..."), which is then dropped, so
   the page shows the users' words beside the field. */
static GString *errors_json(const pliego_error *err)
{
    const char *message = err->message;
    char *field = NULL;
    const char *column = strstr(message, "column ");
    const char *colon = column ? strstr(column, ": ") : NULL;
    if (g_str_has_prefix(message, "row ") && column && colon) {
        field = g_strndup(column + 7, (gsize)(colon - column - 7));
        message = colon + 2;
    }
    GString *out = g_string_new("{\"ok\":false,\"errors\":[{\"field\":");
    serve_json_string(out, field);
    g_string_append(out, ",\"message\":");
    /* the first letter up, as a sentence beside the field */
    char *sentence = g_strdup(message);
    if (g_ascii_islower(sentence[0]))
        sentence[0] = g_ascii_toupper(sentence[0]);
    serve_json_string(out, sentence);
    g_string_append(out, "}]}\n");
    g_free(sentence);
    g_free(field);
    return out;
}

/* The record of the form's fields, as a one-row customer CSV would give
   it. NULL with err. */
static catalog_customer_set *record_from(GPtrArray *params, pliego_error *err)
{
    GPtrArray *names = g_ptr_array_new();
    GPtrArray *values = g_ptr_array_new();
    for (guint i = 0; i + 1 < params->len; i += 2)
        if (serve_field_known(params->pdata[i])) {
            g_ptr_array_add(names, params->pdata[i]);
            g_ptr_array_add(values, params->pdata[i + 1]);
        }
    int header[CATALOG_CSV_MAX_COLUMNS];
    catalog_customer_set *set = NULL;
    if (catalog_customer_csv_header("form", (char *const *)names->pdata, (int)names->len,
                                    header, err)) {
        GString *all = g_string_new(NULL);
        for (guint i = 0; i < values->len; i++)
            g_string_append_printf(all, "%s=%s\n", (char *)names->pdata[i],
                                   (char *)values->pdata[i]);
        char *sha = g_compute_checksum_for_string(G_CHECKSUM_SHA256, all->str, (gssize)all->len);
        set = catalog_customer_set_from_row("form", sha, header, (int)names->len,
                                            (char *const *)values->pdata, (int)values->len, 1,
                                            err);
        g_free(sha);
        g_string_free(all, TRUE);
    }
    g_ptr_array_free(names, TRUE);
    g_ptr_array_free(values, TRUE);
    return set;
}

/* doc, lang and on of the form. false with err naming the bad one. */
static bool document_params(GPtrArray *params, catalog_doc_kind *kind, const char **lang,
                            guint32 *on, pliego_error *err)
{
    const char *doc = param(params, "doc");
    const char *date = param(params, "on");
    *lang = param(params, "lang");
    if (*lang && !**lang)
        *lang = NULL;
    *on = 0;
    if (!catalog_doc_kind_parse(doc ? doc : "service-description", kind)) {
        pliego_error_set(err, PLIEGO_ERROR_XML, "form", 0, 0,
                         "row 1, column doc: the document must be service-description, "
                         "cancellation-notice or transfer-notice");
        return false;
    }
    if (date && *date && !catalog_parse_date(date, on)) {
        pliego_error_set(err, PLIEGO_ERROR_XML, "form", 0, 0,
                         "row 1, column on: the document date must be a date such as "
                         "2026-11-25");
        return false;
    }
    return true;
}

/* The document XML of the form's record, or NULL with err. */
static xmlDocPtr assemble_form(const serve_context *context, GPtrArray *params,
                               catalog_doc_kind *kind, pliego_error *err)
{
    const char *lang;
    guint32 on;
    if (!document_params(params, kind, &lang, &on, err))
        return NULL;
    catalog_customer_set *set = record_from(params, err);
    if (!set)
        return NULL;
    assemble_request request = {.customer_path = "form", .row = 1, .kind = *kind,
                                .lang = lang, .on = on};
    assemble_job *job = assemble_job_new_for(context->cat[0], set, 0, &request, err);
    xmlDocPtr doc = job ? assemble_job_build(job, err) : NULL;
    assemble_job_free(job);
    catalog_customer_set_free(set);
    return doc;
}

/* ---- rendering ---- */

typedef enum { OUT_PDF, OUT_PNG } output_kind;

/* Reads path into the answer's body and removes it. */
static bool take_file(const char *path, serve_answer *answer, const char *type,
                      pliego_error *err)
{
    char *data = NULL;
    gsize length = 0;
    GError *error = NULL;
    bool ok = g_file_get_contents(path, &data, &length, &error);
    if (ok)
        set_answer(answer, 200, type, data, length);
    else {
        pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0, "cannot read back: %s",
                         error->message);
        g_error_free(error);
    }
    return ok;
}

static bool ignore_warning(const char *file, int line, const char *message, void *data)
{
    return true;
}

/* FO text -> PDF (archival, with source attached, as pliego render
   writes it) or PNG of page, into the answer; *pages gets the count. */
static bool render_fo(const serve_context *context, const xmlChar *fo, int length,
                      const char *fo_name, const char *catalog_dir, output_kind out,
                      int page, double dpi, const xmlChar *source, int source_length,
                      serve_answer *answer, int *pages, pliego_error *err)
{
    pliego_fo_document *document = pliego_fo_document_load_memory(
        (const char *)fo, (size_t)length, fo_name, ignore_warning, NULL, err);
    char *path = NULL;
    int fd = g_file_open_tmp(out == OUT_PDF ? "pliego-serve-XXXXXX.pdf"
                                            : "pliego-serve-XXXXXX.png", &path, NULL);
    if (fd >= 0)
        close(fd);
    else
        pliego_error_set(err, PLIEGO_ERROR_IO, "", 0, 0, "cannot make a temporary file");
    bool ok = fd >= 0 && document &&
              pliego_fo_document_allow_images(document, catalog_dir, err) &&
              pliego_fo_document_layout(document, err);
    if (ok) {
        *pages = pliego_fo_document_page_count(document);
        if (page < 1 || page > *pages) {
            pliego_error_set(err, PLIEGO_ERROR_LIMIT, "", 0, 0,
                             "row 1, column page: the document has %d pages", *pages);
            ok = false;
        }
    }
    if (ok && out == OUT_PDF)
        ok = source ? pliego_fo_document_write_archival_pdf(
                          document, path, PLIEGO_PDF_ARCHIVAL, (const char *)source,
                          (size_t)source_length, "document.xml", err)
                    : pliego_fo_document_write_pdf(document, path, err);
    else if (ok)
        ok = pliego_fo_document_write_png_page(document, page, path, dpi, err);
    ok = ok && take_file(path, answer, out == OUT_PDF ? "application/pdf" : "image/png", err);
    if (path)
        g_unlink(path);
    g_free(path);
    pliego_fo_document_free(document);
    return ok;
}

/* The document XML through the kind's template to out. */
static bool render_document(const serve_context *context, xmlDocPtr doc,
                            catalog_doc_kind kind, output_kind out, int page, double dpi,
                            serve_answer *answer, int *pages, pliego_error *err)
{
    xmlChar *source = NULL;
    int source_length = 0;
    if (out == OUT_PDF)
        xmlDocDumpFormatMemoryEnc(doc, &source, &source_length, "UTF-8", 1);
    xmlDocPtr fo = xslt_templates_apply(context->templates, kind, doc, err);
    xmlChar *text = NULL;
    int length = 0;
    bool ok = fo && xslt_templates_serialize(context->templates, kind, fo, &text, &length, err);
    xmlFreeDoc(fo);
    char *fo_name = g_strconcat(xslt_templates_path(context->templates, kind), " output", NULL);
    ok = ok && render_fo(context, text, length, fo_name, context->catalog_dir[0], out, page,
                         dpi, source, source_length, answer, pages, err);
    g_free(fo_name);
    xmlFree(text);
    xmlFree(source);
    return ok;
}

static int page_param(GPtrArray *params)
{
    const char *page = param(params, "page");
    gint64 number = page ? g_ascii_strtoll(page, NULL, 10) : 1;
    return number >= 1 && number <= 100000 ? (int)number : 1;
}

/* An error of the record (422 with the errors JSON) or of the server (500). */
static void fail(serve_answer *answer, const pliego_error *err, bool record)
{
    if (record) {
        set_json(answer, 422, errors_json(err));
        return;
    }
    char *text = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&text, &size);
    if (stream) {
        pliego_error_print(err, stream);
        fclose(stream);
    }
    serve_answer_error(answer, 500, text ? g_strchomp(text) : err->message);
    free(text);
}

static void work_record(const serve_context *context, const char *route, GPtrArray *params,
                        serve_answer *answer)
{
    pliego_error err = {0};
    catalog_doc_kind kind;
    xmlDocPtr doc = assemble_form(context, params, &kind, &err);
    if (strcmp(route, "check") == 0) {
        set_json(answer, 200, doc ? g_string_new("{\"ok\":true}\n") : errors_json(&err));
        xmlFreeDoc(doc);
        return;
    }
    if (!doc) {
        fail(answer, &err, true);
        return;
    }
    if (strcmp(route, "xml") == 0) {
        xmlChar *text = NULL;
        int length = 0;
        xmlDocDumpFormatMemoryEnc(doc, &text, &length, "UTF-8", 1);
        set_answer(answer, 200, "application/xml", g_strndup((const char *)text, (gsize)length),
                   (size_t)length);
        xmlFree(text);
        xmlFreeDoc(doc);
        return;
    }
    bool pdf = strcmp(route, "pdf") == 0;
    int pages = 0;
    bool ok = render_document(context, doc, kind, pdf ? OUT_PDF : OUT_PNG,
                              pdf ? 1 : page_param(params), PREVIEW_DPI, answer, &pages, &err);
    xmlFreeDoc(doc);
    if (!ok) {
        fail(answer, &err, err.code == PLIEGO_ERROR_LIMIT);
        return;
    }
    char count[16];
    g_snprintf(count, sizeof count, "%d", pages);
    add_header(answer, "X-Pliego-Pages", count);
    if (pdf) {
        char *name = batch_output_name(param(params, "customer_id"), kind);
        char *disposition = g_strdup_printf("attachment; filename=\"%s\"",
                                            name ? name : "document.pdf");
        add_header(answer, "Content-Disposition", disposition);
        g_free(disposition);
        g_free(name);
    }
}

/* ---- legal: variants, thumbnails, diffs, redlines ---- */

/* The sample customer as the variant of spec from catalogue side, as
   document XML; NULL with err. */
static xmlDocPtr assemble_spec(const serve_context *context, const char *spec, int side,
                               catalog_doc_kind *kind, pliego_error *err)
{
    cli_variant variant = {0};
    const catalog *cat = context->cat[side];
    if (!spec || !cli_variant_parse_spec(spec, &variant, kind, err)) {
        if (!spec)
            pliego_error_set(err, PLIEGO_ERROR_XML, "", 0, 0, "a variant spec is missing");
        cli_variant_clear(&variant);
        return NULL;
    }
    if (!variant.lang) {
        const catalog_country *country = catalog_find_country(cat, variant.country);
        if (country && country->languages[0])
            variant.lang = g_strdup(country->languages[0]);
    }
    xmlDocPtr doc = NULL;
    if (cli_variant_check(cat, &variant, spec, err)) {
        variant.id = g_strdup("variant");
        char *csv = cli_variants_csv(catalog_customer_set_get(context->sample, 0), &variant, 1);
        catalog_customer_set *set =
            catalog_customer_set_load_memory(csv, strlen(csv), spec, true, err);
        g_free(csv);
        assemble_request request = {.customer_path = spec, .kind = *kind,
                                    .lang = variant.lang};
        assemble_job *job = set ? assemble_job_new_for(cat, set, 0, &request, err) : NULL;
        doc = job ? assemble_job_build(job, err) : NULL;
        assemble_job_free(job);
        catalog_customer_set_free(set);
    }
    cli_variant_clear(&variant);
    return doc;
}

static int side_of(GPtrArray *params, const char *name, const serve_context *context)
{
    const char *which = param(params, name);
    return which && strcmp(which, "b") == 0 && context->cat[1] ? 1 : 0;
}

/* The review documents of specs a and b, compared. NULL with err. */
static pliego_review_diff *compare(const serve_context *context, GPtrArray *params,
                                   pliego_review_document *docs[2], pliego_error *err)
{
    const char *names[2] = {"a", "b"};
    const char *catalogs[2] = {"catalog_a", "catalog_b"};
    docs[0] = docs[1] = NULL;
    for (int i = 0; i < 2; i++) {
        catalog_doc_kind kind;
        const char *spec = param(params, names[i]);
        /* catalog=a|b pairs: the first for a, the second for b */
        int side = side_of(params, catalogs[i], context);
        xmlDocPtr xml = assemble_spec(context, spec, side, &kind, err);
        docs[i] = xml ? review_document_from_xml(xml, spec, err) : NULL;
        xmlFreeDoc(xml);
        if (!docs[i])
            return NULL;
    }
    return pliego_review_diff_new(docs[0], docs[1], err);
}

static bool redline_pdf(const serve_context *context, const pliego_review_diff *diff,
                        serve_answer *answer, pliego_error *err)
{
    size_t length = 0;
    char *redline = pliego_review_diff_redline(diff, &length);
    xmlDocPtr xml = xmlReadMemory(redline, (int)length, "redline.xml", NULL, XML_PARSE_NONET);
    free(redline);
    xmlChar *fo = NULL;
    int fo_length = 0;
    bool ok = xml && xslt_templates_run_file(context->templates, "redline.xsl", xml, &fo,
                                             &fo_length, err);
    xmlFreeDoc(xml);
    char *fo_name = g_build_filename(context->templates_dir, "redline.xsl output", NULL);
    int pages = 0;
    ok = ok && render_fo(context, fo, fo_length, fo_name, context->catalog_dir[0], OUT_PDF, 1,
                         0, NULL, 0, answer, &pages, err);
    g_free(fo_name);
    xmlFree(fo);
    if (ok)
        add_header(answer, "Content-Disposition", "inline; filename=\"redline.pdf\"");
    return ok;
}

static void work_legal(const serve_context *context, const char *route, GPtrArray *params,
                       serve_answer *answer)
{
    pliego_error err = {0};
    bool ok = false;
    if (strcmp(route, "variants") == 0) {
        catalog_doc_kind kind;
        const char *doc = param(params, "doc");
        if (!catalog_doc_kind_parse(doc ? doc : "service-description", &kind)) {
            serve_answer_error(answer, 400, "doc must be service-description, "
                                            "cancellation-notice or transfer-notice");
            return;
        }
        char *json = cli_variants_matrix_json(
            context->cat[0], catalog_customer_set_get(context->sample, 0), kind, 0, &err);
        if ((ok = json != NULL))
            set_answer(answer, 200, "application/json", json, strlen(json));
    } else if (strcmp(route, "thumb") == 0) {
        catalog_doc_kind kind;
        xmlDocPtr doc = assemble_spec(context, param(params, "spec"), 0, &kind, &err);
        int pages = 0;
        ok = doc && render_document(context, doc, kind, OUT_PNG, page_param(params),
                                    THUMBNAIL_DPI, answer, &pages, &err);
        xmlFreeDoc(doc);
        if (ok) {
            char count[16];
            g_snprintf(count, sizeof count, "%d", pages);
            add_header(answer, "X-Pliego-Pages", count);
        }
    } else {
        pliego_review_document *docs[2];
        pliego_review_diff *diff = compare(context, params, docs, &err);
        if (diff && strcmp(route, "diff") == 0) {
            size_t length = 0;
            char *json = pliego_review_diff_json(diff, &length);
            set_answer(answer, 200, "application/json", g_strndup(json, length), length);
            free(json);
            ok = true;
        } else if (diff) {
            ok = redline_pdf(context, diff, answer, &err);
        }
        pliego_review_diff_free(diff);
        pliego_review_document_free(docs[0]);
        pliego_review_document_free(docs[1]);
    }
    if (!ok) {
        /* a bad spec is the client's mistake; the rest is the server's */
        if (err.code == PLIEGO_ERROR_XML || err.code == PLIEGO_ERROR_LIMIT)
            serve_answer_error(answer, 400, err.message);
        else
            fail(answer, &err, false);
    }
}

void serve_work(const serve_context *context, const char *route, GPtrArray *params,
                serve_answer *answer)
{
    if (strcmp(route, "check") == 0 || strcmp(route, "preview") == 0 ||
        strcmp(route, "pdf") == 0 || strcmp(route, "xml") == 0)
        work_record(context, route, params, answer);
    else
        work_legal(context, route, params, answer);
}
