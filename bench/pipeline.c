/* The warm pipeline: what one more document costs a running process.
 *
 *   pliego-bench-pipeline [-n N] [--doc KIND] [--templates DIR]
 *                         [--catalog DIR] [--customer FILE] [--on DATE]
 *
 * Loads the catalogue, the customer record and the templates once, renders
 * a few documents to warm the caches (fonts, compiled stylesheet), then N
 * times assembles the document XML, transforms it to XSL-FO, and renders
 * the PDF to a scratch file. Then it renders the FO of the last document N
 * times alone. Prints milliseconds per document for the whole pipeline
 * (with its stages) and for the renderer alone (FO text -> PDF), side by
 * side. Defaults: a cancellation notice of the source tree's
 * examples/customer.xml with CATALOG/templates.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "assemble/assemble.h"
#include "pliego/pliego.h"
#include "xslt/xslt.h"

#ifndef PLIEGO_SOURCE_DIR
#define PLIEGO_SOURCE_DIR "."
#endif

typedef struct {
    gint64 assemble, transform, render;
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

/* FO text -> PDF at path: the renderer's whole work. */
static void render(const xmlChar *fo, int length, const char *path)
{
    pliego_error err = {0};
    pliego_fo_document *document = pliego_fo_document_load_memory(
        (const char *)fo, (size_t)length, "bench.fo", quiet, NULL, &err);
    if (!document || !pliego_fo_document_layout(document, &err) ||
        !pliego_fo_document_write_pdf(document, path, &err))
        die(&err);
    pliego_fo_document_free(document);
}

/* One document through every stage; keeps its FO text in *fo (xmlFree). */
static void pipeline(assemble_job *job, xslt_templates *templates,
                     catalog_doc_kind kind, const char *path, stage_times *times,
                     xmlChar **fo, int *length)
{
    pliego_error err = {0};
    gint64 t0 = g_get_monotonic_time();
    xmlDocPtr doc = assemble_job_build(job, &err);
    if (!doc)
        die(&err);
    gint64 t1 = g_get_monotonic_time();
    xmlDocPtr result = xslt_templates_apply(templates, kind, doc, &err);
    if (!result || !xslt_templates_serialize(templates, kind, result, fo, length, &err))
        die(&err);
    xmlFreeDoc(result);
    xmlFreeDoc(doc);
    gint64 t2 = g_get_monotonic_time();
    render(*fo, *length, path);
    gint64 t3 = g_get_monotonic_time();
    times->assemble += t1 - t0;
    times->transform += t2 - t1;
    times->render += t3 - t2;
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
    assemble_request request = {.catalog_dir = catalog_folder, .customer_path = customer_path};
    if (!catalog_doc_kind_parse(kind_name ? kind_name : "cancellation-notice", &request.kind) ||
        !catalog_parse_date(on ? on : "2026-11-25", &request.on)) {
        fprintf(stderr, "pliego-bench-pipeline: bad --doc or --on\n");
        return 1;
    }

    pliego_error err = {0};
    assemble_job *job = assemble_job_new(&request, &err);
    if (!job)
        die(&err);
    xslt_templates *templates = xslt_templates_new(templates_path, catalog_folder, &err);
    if (!templates || !xslt_templates_compile(templates, request.kind, &err))
        die(&err);
    char *scratch = g_dir_make_tmp("pliego-bench-XXXXXX", NULL);
    char *pdf = g_build_filename(scratch, "out.pdf", NULL);

    stage_times warm = {0}, times = {0};
    xmlChar *fo = NULL;
    int length = 0;
    for (int i = 0; i < 3; i++) {
        xmlFree(fo);
        pipeline(job, templates, request.kind, pdf, &warm, &fo, &length);
    }
    for (int i = 0; i < count; i++) {
        xmlFree(fo);
        pipeline(job, templates, request.kind, pdf, &times, &fo, &length);
    }
    gint64 start = g_get_monotonic_time();
    for (int i = 0; i < count; i++)
        render(fo, length, pdf);
    gint64 renderer_alone = g_get_monotonic_time() - start;

    double n = count;
    double whole = (double)(times.assemble + times.transform + times.render) / n / 1000;
    printf("%s, %d documents, %d bytes of FO each, ms per document (warm):\n",
           catalog_doc_kind_name(request.kind), count, length);
    printf("%-10s %10s %10s %12s %10s   %s\n", "pipeline", "assemble", "xslt+fo",
           "fo->pdf", "renderer", "(renderer alone: FO text -> PDF)");
    printf("%-10.2f %10.2f %10.2f %12.2f %10.2f   pipeline/renderer %.2fx\n", whole,
           (double)times.assemble / n / 1000, (double)times.transform / n / 1000,
           (double)times.render / n / 1000, (double)renderer_alone / n / 1000,
           whole / ((double)renderer_alone / n / 1000));

    xmlFree(fo);
    g_unlink(pdf);
    g_rmdir(scratch);
    g_free(pdf);
    g_free(scratch);
    xslt_templates_free(templates);
    assemble_job_free(job);
    g_free(customer_path);
    g_free(templates_path);
    g_free(kind_name);
    g_free(templates_dir);
    g_free(catalog_dir);
    g_free(customer);
    g_free(on);
    return 0;
}
