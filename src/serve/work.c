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

#include <string.h>

#include "assemble/assemble.h"
#include "batch/batch.h"
#include "cli/variant.h"
#include "pliego/archive.h"
#include "pliego/contract.h"
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

static void error_object(GString *out, const pliego_error *err)
{
    g_string_append(out, "{\"field\":");
    review_json_text(out, err->field[0] ? err->field : NULL);
    g_string_append(out, ",\"message\":");
    review_json_text(out, err->message);
    g_string_append_c(out, '}');
}

/* {"ok":false,"errors":[{"field","message"}, ...]}: the users' words and
   the field each concerns, for the page to show beside the field. */
static GString *errors_json(const GArray *errors)
{
    GString *out = g_string_new("{\"ok\":false,\"errors\":[");
    for (guint i = 0; i < errors->len; i++) {
        g_string_append(out, i ? "," : "");
        error_object(out, &g_array_index(errors, pliego_error, i));
    }
    g_string_append(out, "]}\n");
    return out;
}

/* Whose mistake: the record's (or the request's) errors are answered 422
   with the errors JSON, the others are the server's (500). */
static bool users_mistake(const pliego_error *err)
{
    return err->kind == PLIEGO_ERROR_KIND_CUSTOMER || err->kind == PLIEGO_ERROR_KIND_RULE ||
           err->kind == PLIEGO_ERROR_KIND_REQUEST;
}

/* The record of the form's fields (those of the customer table; empty
   ones left out). Every badly formed value is added to errors. */
static pliego_customer *record_from(GPtrArray *params, GArray *errors)
{
    pliego_customer *customer = pliego_customer_new();
    for (guint i = 0; i + 1 < params->len; i += 2) {
        const char *name = params->pdata[i], *value = params->pdata[i + 1];
        pliego_error err = {0};
        if (serve_field_known(name) && *value &&
            !pliego_customer_set(customer, name, value, &err))
            g_array_append_val(errors, err);
    }
    return customer;
}

/* The document of the form's record: doc, lang and on, and the fields.
   NULL with errors filled. */
static pliego_document *assemble_form(const serve_context *context, GPtrArray *params,
                                      GArray *errors)
{
    pliego_customer *customer = record_from(params, errors);
    pliego_document *document = NULL;
    if (errors->len == 0) {
        const char *doc = param(params, "doc"), *lang = param(params, "lang"),
                   *on = param(params, "on");
        pliego_error err = {0};
        document = pliego_document_assemble(context->contract_catalog, customer,
                                            doc && *doc ? doc : "service-description",
                                            lang && *lang ? lang : NULL,
                                            on && *on ? on : NULL, &err);
        if (!document)
            g_array_append_val(errors, err);
    }
    pliego_customer_free(customer);
    return document;
}

/* ---- rendering ---- */

static bool collect(void *data, const void *bytes, size_t length)
{
    g_byte_array_append(data, bytes, (guint)length);
    return true;
}

/* The bytes written by a render into the answer. */
static void take_bytes(serve_answer *answer, GByteArray *bytes, const char *type)
{
    size_t length = bytes->len;
    set_answer(answer, 200, type, (char *)g_byte_array_free(bytes, FALSE), length);
}

/* The document as format (page for a PNG) into the answer, with its page
   count in X-Pliego-Pages. false with err. */
static bool render_document(const serve_context *context, pliego_document *document,
                            pliego_format format, int page, double dpi,
                            serve_answer *answer, pliego_error *err)
{
    pliego_render_options options;
    pliego_render_options_init(&options);
    options.format = format;
    options.page = page;
    options.dpi = dpi;
    GByteArray *bytes = g_byte_array_new();
    if (!pliego_document_render(document, context->contract_templates, &options, collect,
                                bytes, err)) {
        g_byte_array_free(bytes, TRUE);
        return false;
    }
    take_bytes(answer, bytes, format == PLIEGO_FORMAT_PDF ? "application/pdf" : "image/png");
    char count[16];
    g_snprintf(count, sizeof count, "%d", pliego_document_page_count(document));
    add_header(answer, "X-Pliego-Pages", count);
    return true;
}

static int page_param(GPtrArray *params)
{
    const char *page = param(params, "page");
    gint64 number = page ? g_ascii_strtoll(page, NULL, 10) : 1;
    return number >= 1 && number <= 100000 ? (int)number : 1;
}

/* The server's own failure (a template, the catalogue, a render): the
   log gets the error with its place, the client the plain words (500). */
static void fail(serve_answer *answer, const pliego_error *err)
{
    pliego_error_print(err, stderr);
    serve_answer_error(answer, 500, err->message);
}

static void fail_record(serve_answer *answer, const pliego_error *err)
{
    if (!users_mistake(err)) {
        fail(answer, err);
        return;
    }
    GArray *errors = g_array_new(FALSE, FALSE, sizeof(pliego_error));
    g_array_append_val(errors, *err);
    set_json(answer, 422, errors_json(errors));
    g_array_free(errors, TRUE);
}

/* The xml, preview or pdf answer of a document (owned by the cache). */
static void render_record(const serve_context *context, pliego_document *document,
                          const char *route, GPtrArray *params, serve_answer *answer)
{
    pliego_error err = {0};
    bool ok = true;
    if (strcmp(route, "xml") == 0) {
        GByteArray *bytes = g_byte_array_new();
        ok = pliego_document_write_xml(document, collect, bytes, &err);
        if (ok)
            take_bytes(answer, bytes, "application/xml");
        else
            g_byte_array_free(bytes, TRUE);
    } else if (strcmp(route, "preview") == 0) {
        ok = render_document(context, document, PLIEGO_FORMAT_PNG, page_param(params),
                             PREVIEW_DPI, answer, &err);
    } else {
        ok = render_document(context, document, PLIEGO_FORMAT_PDF, 1, 0, answer, &err);
        if (ok) {
            catalog_doc_kind kind = CATALOG_DOC_SERVICE_DESCRIPTION;
            catalog_doc_kind_parse(pliego_document_kind(document), &kind);
            char *name = batch_output_name(param(params, "customer_id"), kind);
            char *disposition = g_strdup_printf("attachment; filename=\"%s\"",
                                                name ? name : "document.pdf");
            add_header(answer, "Content-Disposition", disposition);
            g_free(disposition);
            g_free(name);
        }
    }
    if (!ok)
        fail_record(answer, &err);
}

/* The cache key of a request's document: every parameter but the page
   and the token, in order. */
static char *document_key(GPtrArray *params)
{
    GString *key = g_string_new(NULL);
    for (guint i = 0; i + 1 < params->len; i += 2) {
        const char *name = params->pdata[i];
        if (strcmp(name, "page") != 0 && strcmp(name, "csrf") != 0)
            g_string_append_printf(key, "%s\x1f%s\x1e", name, (char *)params->pdata[i + 1]);
    }
    return g_string_free(key, FALSE);
}

void serve_cache_clear(serve_cache *cache)
{
    g_clear_pointer(&cache->key, g_free);
    g_clear_pointer(&cache->document, pliego_document_free);
}

static void work_record(const serve_context *context, serve_cache *cache, const char *route,
                        GPtrArray *params, serve_answer *answer)
{
    bool check = strcmp(route, "check") == 0;
    char *key = document_key(params);
    if (cache->key && strcmp(key, cache->key) == 0) {
        /* the same record again (the preview after the page's check,
           another page, the PDF after the preview): assembled already,
           and once laid out only drawn */
        g_free(key);
        if (check)
            set_json(answer, 200, g_string_new("{\"ok\":true}\n"));
        else
            render_record(context, cache->document, route, params, answer);
        return;
    }
    GArray *errors = g_array_new(FALSE, FALSE, sizeof(pliego_error));
    pliego_document *document = assemble_form(context, params, errors);
    if (!document) {
        if (!users_mistake(&g_array_index(errors, pliego_error, 0)))
            fail(answer, &g_array_index(errors, pliego_error, 0));
        else
            set_json(answer, check ? 200 : 422, errors_json(errors));
        g_array_free(errors, TRUE);
        g_free(key);
        return;
    }
    g_array_free(errors, TRUE);
    serve_cache_clear(cache);
    cache->key = key;
    cache->document = document;
    if (check)
        set_json(answer, 200, g_string_new("{\"ok\":true}\n"));
    else
        render_record(context, document, route, params, answer);
}

/* ---- legal: variants, thumbnails, diffs, redlines ---- */

/* The sample customer as the variant of spec (catalogue side), as a
   one-record set; *kind and *lang are the spec's. NULL with err. */
static catalog_customer_set *variant_record(const serve_context *context, const char *spec,
                                            int side, catalog_doc_kind *kind, char **lang,
                                            pliego_error *err)
{
    cli_variant variant = {0};
    const catalog *cat = context->cat[side];
    *lang = NULL;
    if (!spec) {
        pliego_error_set(err, PLIEGO_ERROR_XML, "", 0, 0, "a variant spec is missing");
        return NULL;
    }
    if (!cli_variant_parse_spec(spec, &variant, kind, err)) {
        cli_variant_clear(&variant);
        return NULL;
    }
    if (!variant.lang) {
        const catalog_country *country = catalog_find_country(cat, variant.country);
        if (country && country->languages[0])
            variant.lang = g_strdup(country->languages[0]);
    }
    catalog_customer_set *set = NULL;
    if (cli_variant_check(cat, &variant, spec, err)) {
        variant.id = g_strdup("variant");
        char *csv = cli_variants_csv(catalog_customer_set_get(context->sample, 0), &variant, 1);
        set = catalog_customer_set_load_memory(csv, strlen(csv), spec, true, err);
        g_free(csv);
        *lang = g_strdup(variant.lang);
    }
    cli_variant_clear(&variant);
    return set;
}

/* The variant of spec assembled from side's catalogue, read for review. */
static pliego_review_document *review_spec(const serve_context *context, const char *spec,
                                           int side, pliego_error *err)
{
    catalog_doc_kind kind;
    char *lang = NULL;
    catalog_customer_set *set = variant_record(context, spec, side, &kind, &lang, err);
    assemble_request request = {.customer_path = spec, .kind = kind, .lang = lang};
    assemble_job *job = set ? assemble_job_new_for(context->cat[side], set, 0, &request, err)
                            : NULL;
    xmlDocPtr xml = job ? assemble_job_build(job, err) : NULL;
    assemble_job_free(job);
    pliego_review_document *doc = xml ? review_document_from_xml(xml, spec, err) : NULL;
    xmlFreeDoc(xml);
    catalog_customer_set_free(set);
    g_free(lang);
    return doc;
}

/* The thumbnail of a variant: its record through the contract API, as
   the sales page's preview. */
static bool thumbnail(const serve_context *context, GPtrArray *params, serve_answer *answer,
                      pliego_error *err)
{
    catalog_doc_kind kind;
    char *lang = NULL;
    catalog_customer_set *set =
        variant_record(context, param(params, "spec"), 0, &kind, &lang, err);
    if (!set)
        return false;
    char **values = cli_customer_values(catalog_customer_set_get(set, 0));
    pliego_customer *customer = pliego_customer_new();
    bool ok = true;
    for (int f = 0; values[f] && ok; f++)
        ok = !*values[f] ||
             pliego_customer_set(customer, catalog_customer_field_column((catalog_customer_field)f),
                                 values[f], err);
    pliego_document *document =
        ok ? pliego_document_assemble(context->contract_catalog, customer,
                                      catalog_doc_kind_name(kind), lang, NULL, err)
           : NULL;
    ok = document && render_document(context, document, PLIEGO_FORMAT_PNG, page_param(params),
                                     THUMBNAIL_DPI, answer, err);
    pliego_document_free(document);
    pliego_customer_free(customer);
    g_strfreev(values);
    catalog_customer_set_free(set);
    g_free(lang);
    return ok;
}

/* The catalogue of side i (0: a, 1: b): the i-th catalog= parameter, "a"
   (the server's catalogue) or "b" (--compare-catalog); a by default. */
static int side_of(GPtrArray *params, int i, const serve_context *context)
{
    int seen = 0;
    for (guint k = 0; k + 1 < params->len; k += 2) {
        if (strcmp(params->pdata[k], "catalog") != 0)
            continue;
        if (seen++ == i)
            return strcmp(params->pdata[k + 1], "b") == 0 && context->cat[1] ? 1 : 0;
    }
    return 0;
}

/* The review documents of specs a and b, compared. NULL with err. */
static pliego_review_diff *compare(const serve_context *context, GPtrArray *params,
                                   pliego_review_document *docs[2], pliego_error *err)
{
    const char *names[2] = {"a", "b"};
    docs[0] = docs[1] = NULL;
    for (int i = 0; i < 2; i++)
        if (!(docs[i] = review_spec(context, param(params, names[i]),
                                    side_of(params, i, context), err)))
            return NULL;
    return pliego_review_diff_new(docs[0], docs[1], err);
}

static bool ignore_warning(const char *file, int line, const char *message, void *data)
{
    return true;
}

/* The redline: XML -> redline.xsl -> FO -> a plain PDF. */
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
    pliego_fo_document *document =
        ok ? pliego_fo_document_load_memory((const char *)fo, (size_t)fo_length, fo_name,
                                            ignore_warning, NULL, err)
           : NULL;
    GByteArray *bytes = g_byte_array_new();
    ok = document && pliego_fo_document_allow_images(document, context->catalog_dir[0], err) &&
         pliego_fo_document_write_archival_pdf_to(document, 0, NULL, 0, NULL, collect, bytes,
                                                  err);
    if (ok) {
        take_bytes(answer, bytes, "application/pdf");
        add_header(answer, "Content-Disposition", "inline; filename=\"redline.pdf\"");
    } else {
        g_byte_array_free(bytes, TRUE);
    }
    pliego_fo_document_free(document);
    g_free(fo_name);
    xmlFree(fo);
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
        ok = thumbnail(context, params, answer, &err);
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
    if (ok)
        return;
    /* a bad spec or page is the client's mistake; the rest is the server's */
    if (err.code == PLIEGO_ERROR_XML || err.code == PLIEGO_ERROR_LIMIT ||
        err.kind == PLIEGO_ERROR_KIND_REQUEST || err.kind == PLIEGO_ERROR_KIND_CUSTOMER ||
        err.kind == PLIEGO_ERROR_KIND_RULE)
        serve_answer_error(answer, 400, err.message);
    else
        fail(answer, &err);
}

void serve_work(const serve_context *context, serve_cache *cache, const char *route,
                GPtrArray *params, serve_answer *answer)
{
    if (strcmp(route, "check") == 0 || strcmp(route, "preview") == 0 ||
        strcmp(route, "pdf") == 0 || strcmp(route, "xml") == 0)
        work_record(context, cache, route, params, answer);
    else
        work_legal(context, route, params, answer);
}
