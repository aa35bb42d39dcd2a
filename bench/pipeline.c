/* The warm pipeline: what one more document costs a running process.
 *
 *   pliego-bench-pipeline [-n N] [--doc KIND] [--templates DIR]
 *                         [--catalog DIR] [--customer FILE] [--on DATE]
 *
 * Loads the catalogue, the customer record and the templates once through
 * the library's contract API (include/pliego/contract.h), renders a few
 * documents to warm the caches (fonts, compiled stylesheet), then N times
 * assembles the document (pliego_document_assemble: the record's rules and
 * fields, then the document XML) and renders it (pliego_document_render:
 * XSLT, the result tree straight into the FO stage, layout, PDF) into
 * memory, written to a scratch file. Then it renders the FO text of the
 * last document N times alone (pliego_fo_document_load_memory: the FO
 * parsed, laid out and written). Prints milliseconds per document for the
 * whole pipeline (with its stages) and for the renderer alone, side by
 * side. Defaults: a cancellation notice of the source tree's
 * examples/customer.xml with CATALOG/templates.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/output.h"
#include "pliego/contract.h"

#ifndef PLIEGO_SOURCE_DIR
#define PLIEGO_SOURCE_DIR "."
#endif

typedef struct {
    gint64 assemble, render;
} stage_times;

static bool quiet(const char *file, int line, const char *message, void *user_data)
{
    return true;
}

static void die(const pliego_error *err)
{
    pliego_error_print(err, stderr);
    exit(2);
}

static bool collect(void *ctx, const void *data, size_t len)
{
    g_byte_array_append(ctx, data, (guint)len);
    return true;
}

/* FO text -> PDF at path: the renderer's whole work. */
static void render(const GByteArray *fo, const char *path)
{
    pliego_error err = {0};
    pliego_fo_document *document = pliego_fo_document_load_memory(
        (const char *)fo->data, fo->len, "bench.fo", quiet, NULL, &err);
    if (!document || !pliego_fo_document_layout(document, &err) ||
        !pliego_fo_document_write_pdf(document, path, &err))
        die(&err);
    pliego_fo_document_free(document);
}

typedef struct {
    const pliego_catalog *catalog;
    const pliego_customer *customer;
    pliego_templates *templates;
    const char *kind, *on;
    pliego_render_options options;
} bench_input;

/* One document through every stage, its PDF written to path. */
static void pipeline(const bench_input *in, const char *path, stage_times *times)
{
    pliego_error err = {0};
    gint64 t0 = g_get_monotonic_time();
    pliego_document *document =
        pliego_document_assemble(in->catalog, in->customer, in->kind, NULL, in->on, &err);
    if (!document)
        die(&err);
    gint64 t1 = g_get_monotonic_time();
    GByteArray *pdf = g_byte_array_new();
    if (!pliego_document_render(document, in->templates, &in->options, collect, pdf, &err) ||
        !pliego_write_file(path, pdf->data, pdf->len, &err))
        die(&err);
    g_byte_array_free(pdf, TRUE);
    pliego_document_free(document);
    gint64 t2 = g_get_monotonic_time();
    times->assemble += t1 - t0;
    times->render += t2 - t1;
}

/* The FO text of one document, for the renderer alone. */
static GByteArray *fo_text(const bench_input *in)
{
    pliego_error err = {0};
    pliego_document *document =
        pliego_document_assemble(in->catalog, in->customer, in->kind, NULL, in->on, &err);
    pliego_render_options options = in->options;
    options.format = PLIEGO_FORMAT_FO;
    GByteArray *fo = g_byte_array_new();
    if (!document ||
        !pliego_document_render(document, in->templates, &options, collect, fo, &err))
        die(&err);
    pliego_document_free(document);
    return fo;
}

int main(int argc, char **argv)
{
    int count = 200;
    char *kind_name = NULL, *templates_dir = NULL, *catalog_dir = NULL;
    char *customer = NULL, *on = NULL;
    GOptionEntry options[] = {
        {"count", 'n', 0, G_OPTION_ARG_INT, &count, "Documents to time (200)", "N"},
        {"doc", 0, 0, G_OPTION_ARG_STRING, &kind_name,
         "Kind of document (cancellation-notice)", "KIND"},
        {"templates", 0, 0, G_OPTION_ARG_FILENAME, &templates_dir,
         "Templates folder (CATALOG/templates)", "DIR"},
        {"catalog", 0, 0, G_OPTION_ARG_FILENAME, &catalog_dir,
         "Catalogue folder (the source tree)", "DIR"},
        {"customer", 0, 0, G_OPTION_ARG_FILENAME, &customer,
         "Customer record (CATALOG/examples/customer.xml)", "FILE"},
        {"on", 0, 0, G_OPTION_ARG_STRING, &on, "Document date (2026-11-25)", "DATE"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    GOptionContext *context = g_option_context_new("- time the warm pipeline");
    g_option_context_add_main_entries(context, options, NULL);
    GError *error = NULL;
    if (!g_option_context_parse(context, &argc, &argv, &error) || count < 1) {
        fprintf(stderr, "pliego-bench-pipeline: %s\n",
                error ? error->message : "-n must be 1 or more");
        return 1;
    }
    g_option_context_free(context);

    const char *catalog_folder = catalog_dir ? catalog_dir : PLIEGO_SOURCE_DIR;
    char *templates_path = templates_dir ? g_strdup(templates_dir)
                                         : g_build_filename(catalog_folder, "templates", NULL);
    char *customer_path = customer ? g_strdup(customer)
                                   : g_build_filename(catalog_folder, "examples", "customer.xml", NULL);
    const char *kind = kind_name ? kind_name : "cancellation-notice";
    pliego_error err = {0};
    pliego_catalog *catalog = pliego_catalog_load(catalog_folder, &err);
    pliego_customer *record = catalog ? pliego_customer_load(customer_path, 0, &err) : NULL;
    pliego_templates *templates =
        record ? pliego_templates_load(templates_path, catalog, &err) : NULL;
    if (!templates || !pliego_templates_compile(templates, kind, &err))
        die(&err);
    bench_input in = {.catalog = catalog, .customer = record, .templates = templates,
                      .kind = kind, .on = on ? on : "2026-11-25"};
    /* a plain PDF, as the renderer alone writes */
    pliego_render_options_init(&in.options);
    in.options.pdf_standards = 0;
    in.options.warn = quiet;
    char *scratch = g_dir_make_tmp("pliego-bench-XXXXXX", NULL);
    char *pdf = g_build_filename(scratch, "out.pdf", NULL);

    stage_times warm = {0}, times = {0};
    for (int i = 0; i < 3; i++)
        pipeline(&in, pdf, &warm);
    for (int i = 0; i < count; i++)
        pipeline(&in, pdf, &times);
    GByteArray *fo = fo_text(&in);
    gint64 start = g_get_monotonic_time();
    for (int i = 0; i < count; i++)
        render(fo, pdf);
    gint64 renderer_alone = g_get_monotonic_time() - start;

    double n = count;
    double whole = (double)(times.assemble + times.render) / n / 1000;
    printf("%s, %d documents, %u bytes of FO each, ms per document (warm):\n", kind, count,
           fo->len);
    printf("%-10s %10s %16s %10s   %s\n", "pipeline", "assemble", "xslt+fo+pdf", "renderer",
           "(renderer alone: FO text -> PDF)");
    printf("%-10.2f %10.2f %16.2f %10.2f   pipeline/renderer %.2fx\n", whole,
           (double)times.assemble / n / 1000, (double)times.render / n / 1000,
           (double)renderer_alone / n / 1000, whole / ((double)renderer_alone / n / 1000));

    g_byte_array_free(fo, TRUE);
    g_unlink(pdf);
    g_rmdir(scratch);
    g_free(pdf);
    g_free(scratch);
    pliego_templates_free(templates);
    pliego_customer_free(record);
    pliego_catalog_free(catalog);
    g_free(customer_path);
    g_free(templates_path);
    g_free(kind_name);
    g_free(templates_dir);
    g_free(catalog_dir);
    g_free(customer);
    g_free(on);
    return 0;
}
