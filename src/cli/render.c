/* pliego render: customer record + catalogue + templates -> PDF, in one
 * process and without temporary files between the stages.
 *
 *   pliego render --customer FILE [--row N] --doc KIND [--lang TAG]
 *       [--on DATE] [--templates DIR] [--catalog DIR] -o OUT.pdf
 *       [--png DIR] [--dpi N] [--emit document|fo] [-q]
 *   pliego render --example [-o OUT.pdf]
 *
 * The stages: assemble (document XML), xslt (XSL-FO, by DIR/KIND.xsl),
 * fo (the FO tree), layout and render. --emit stops after the first or
 * second and writes what it made. The catalogue and the templates are
 * found as every command finds them (cli/locate.h).
 *
 * Exit status: 0 done, 1 usage error, 2 bad input (customer record,
 * catalogue, business rule, template, unusable FO), 3 a file cannot be
 * read or written, or rendering failed. On any error no output file is
 * left behind.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "assemble/assemble.h"
#include "cli/commands.h"
#include "cli/locate.h"
#include "common/output.h"
#include "pliego/archive.h"
#include "pliego/pliego.h"
#include "xslt/xslt.h"

static char *customer_path;
static int row;
static char *doc_kind;
static char *lang;
static char *on_date;
static char *templates_dir;
static char *catalog_dir;
static char *output_path;
static char *png_directory;
static double dpi = 96;
static char *emit;
static gboolean example;
static gboolean quiet_warnings;
static char *pdf_standard;
static unsigned standards = PLIEGO_PDF_ARCHIVAL;

static GOptionEntry render_options[] = {
    {"customer", 0, 0, G_OPTION_ARG_FILENAME, &customer_path,
     "The customer record: FILE.xml, or FILE.csv with --row", "FILE"},
    {"row", 0, 0, G_OPTION_ARG_INT, &row,
     "The CSV data row to use (1 is the first after the header)", "N"},
    {"doc", 0, 0, G_OPTION_ARG_STRING, &doc_kind,
     "service-description, cancellation-notice or transfer-notice", "KIND"},
    {"lang", 0, 0, G_OPTION_ARG_STRING, &lang,
     "Language tag, e.g. es-MX (default: the customer's, else the country's)", "TAG"},
    {"on", 0, 0, G_OPTION_ARG_STRING, &on_date,
     "The document date, YYYY-MM-DD (default: today, UTC)", "DATE"},
    {"templates", 0, 0, G_OPTION_ARG_FILENAME, &templates_dir,
     "The folder holding KIND.xsl (default: $PLIEGO_TEMPLATES, else "
     "CATALOG/templates, else the installed templates)", "DIR"},
    {"catalog", 0, 0, G_OPTION_ARG_FILENAME, &catalog_dir,
     "The catalogue folder holding regions/ and locales/ (default: "
     "$PLIEGO_CATALOG, else . when it holds them, else the installed one)", "DIR"},
    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
     "Write the PDF (or what --emit names) to FILE (- for standard output)", "FILE"},
    {"png", 0, 0, G_OPTION_ARG_FILENAME, &png_directory,
     "Also write one PNG per page into DIR", "DIR"},
    {"dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, "Resolution of PNG pages (96)", "N"},
    {"emit", 0, 0, G_OPTION_ARG_STRING, &emit,
     "Write the document XML (document) or the XSL-FO (fo) instead of the PDF",
     "WHAT"},
    {"example", 0, 0, G_OPTION_ARG_NONE, &example,
     "Render the shipped example customer (examples/customer.xml) as a service description "
     "(default output example.pdf)", NULL},
    {"pdf-standard", 0, 0, G_OPTION_ARG_STRING, &pdf_standard,
     "pdf/a-3b, pdf/a-2b, pdf/ua-1 (comma-joined) or none "
     "(default pdf/a-3b,pdf/ua-1)", "LIST"},
    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet_warnings,
     "Do not print warnings", NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};

static int usage_error(const char *message)
{
    fprintf(stderr, "pliego render: %s\n", message);
    return EXIT_USAGE;
}

static bool print_warning(const char *file, int line, const char *message,
                          void *user_data)
{
    if (quiet_warnings)
        return true;
    if (line > 0)
        fprintf(stderr, "pliego: %s:%d: warning: %s\n", file, line, message);
    else
        fprintf(stderr, "pliego: %s: warning: %s\n", file, message);
    return true;
}

/* The FO stage onwards: exit status as pliego fo2pdf gives it. */
static int fo_exit_code(const pliego_error *err)
{
    switch (err->code) {
    case PLIEGO_ERROR_XML:
    case PLIEGO_ERROR_FO:
    case PLIEGO_ERROR_LIMIT:
    case PLIEGO_ERROR_TEMPLATE:
        return EXIT_INPUT;
    default:
        return EXIT_OUTPUT;
    }
}

static int fail(const pliego_error *err, int status)
{
    pliego_error_print(err, stderr);
    return status;
}

/* FO text -> PDF (and PNG pages). fo_name names the FO in messages; its
 * folder (the templates folder) and the catalogue's may hold images. */
static int render_fo(const xmlChar *fo, int length, const char *fo_name,
                     const char *catalog_folder, const xmlChar *source,
                     int source_length)
{
    pliego_error err = {0};
    pliego_fo_document *document = pliego_fo_document_load_memory(
        (const char *)fo, (size_t)length, fo_name, print_warning, NULL, &err);
    bool ok = document &&
              pliego_fo_document_allow_images(document, catalog_folder, &err) &&
              pliego_fo_document_layout(document, &err) &&
              pliego_fo_document_write_archival_pdf(
                  document, output_path, standards, (const char *)source,
                  (size_t)source_length, "document.xml", &err);
    if (ok && png_directory &&
        !pliego_fo_document_write_png(document, png_directory, dpi, &err)) {
        ok = false;
        if (strcmp(output_path, "-") != 0)
            g_unlink(output_path);
    }
    pliego_fo_document_free(document);
    return ok ? 0 : fail(&err, fo_exit_code(&err));
}

static int run(const assemble_request *request, const char *templates)
{
    pliego_error err = {0};
    assemble_job *job = assemble_job_new(request, &err);
    xmlDocPtr doc = job ? assemble_job_build(job, &err) : NULL;
    assemble_job_free(job);
    if (!doc)
        return fail(&err, err.code == PLIEGO_ERROR_IO ? EXIT_OUTPUT : EXIT_INPUT);
    if (emit && strcmp(emit, "document") == 0) {
        bool written = assemble_write(doc, output_path, &err);
        xmlFreeDoc(doc);
        return written ? 0 : fail(&err, EXIT_OUTPUT);
    }

    /* the document XML goes into the PDF as its provenance, in the same
       bytes as pliego assemble and --emit document write */
    xmlChar *source = NULL;
    int source_length = 0;
    if (!emit)
        xmlDocDumpFormatMemoryEnc(doc, &source, &source_length, "UTF-8", 1);
    xslt_templates *stylesheets = xslt_templates_new(templates, request->catalog_dir, &err);
    xmlDocPtr fo = NULL;
    xmlChar *text = NULL;
    int length = 0;
    if (stylesheets) {
        xslt_templates_set_warning(stylesheets, print_warning, NULL);
        fo = xslt_templates_apply(stylesheets, request->kind, doc, &err);
        /* the FO as the templates mean it, without where each element
           came from (the renderer's warnings use that) */
        if (fo && emit)
            xslt_strip_source_lines(fo);
        if (fo && !xslt_templates_serialize(stylesheets, request->kind, fo, &text,
                                            &length, &err))
            text = NULL;
    }
    char *fo_name = stylesheets
        ? g_strconcat(xslt_templates_path(stylesheets, request->kind), " output", NULL)
        : NULL;
    xmlFreeDoc(fo);
    xmlFreeDoc(doc);
    xslt_templates_free(stylesheets);
    int status;
    if (!text)
        status = fail(&err, EXIT_INPUT);
    else if (emit)
        status = pliego_write_file(output_path, text, (size_t)length, &err)
                     ? 0 : fail(&err, EXIT_OUTPUT);
    else
        status = render_fo(text, length, fo_name, request->catalog_dir, source,
                           source_length);
    xmlFree(text);
    xmlFree(source);
    g_free(fo_name);
    return status;
}

int cli_render(int argc, char **argv)
{
    GOptionContext *context = g_option_context_new(
        "- assemble a customer's document and render it to PDF");
    g_option_context_add_main_entries(context, render_options, NULL);
    g_option_context_set_description(context, CLI_EXIT_STATUSES);
    GError *error = NULL;
    if (!g_option_context_parse(context, &argc, &argv, &error)) {
        fprintf(stderr, "pliego render: %s\n", error->message);
        g_error_free(error);
        g_option_context_free(context);
        return EXIT_USAGE;
    }
    g_option_context_free(context);
    if (argc > 1)
        return usage_error("unexpected argument; see pliego render --help");
    if (example && (customer_path || doc_kind))
        return usage_error("--example takes no --customer or --doc");
    if (example) {
        doc_kind = (char *)"service-description";
        if (!output_path)
            output_path = (char *)"example.pdf";
    }
    pliego_error request_error = {0};
    assemble_request request = {.row = row, .lang = lang};
    /* usage first, so that a usage error says so wherever it is run */
    const char *usage = NULL;
    if (!customer_path && !example)
        usage = "no customer: give --customer FILE (or --example)";
    else if (!doc_kind || !catalog_doc_kind_parse(doc_kind, &request.kind))
        usage = "--doc must be service-description, cancellation-notice or transfer-notice";
    else if (!output_path)
        usage = "no output: give -o OUT.pdf";
    else if (row < 0)
        usage = "--row must be 1 or more";
    else if (on_date && !catalog_parse_date(on_date, &request.on))
        usage = "--on must be a date such as 2026-11-25";
    else if (dpi < 1 || dpi > 2400)
        usage = "--dpi must be between 1 and 2400";
    else if (emit && strcmp(emit, "document") != 0 && strcmp(emit, "fo") != 0)
        usage = "--emit must be document or fo";
    else if (pdf_standard &&
             !pliego_pdf_standards_parse(pdf_standard, &standards, &request_error))
        usage = request_error.message;
    else if (emit && png_directory)
        usage = "--png makes pages; it cannot go with --emit";
    if (usage)
        return usage_error(usage);
    cli_catalog found = {0};
    pliego_error err = {0};
    if (!cli_locate_catalog(catalog_dir, &found, &err))
        return fail(&err, EXIT_INPUT);
    char *example_customer = example ? cli_locate_example(found.catalog, "customer.xml")
                                     : NULL;
    request.catalog_dir = found.catalog;
    request.customer_path = example ? example_customer : customer_path;
    char *templates = cli_locate_templates(templates_dir, found.catalog);
    int status = run(&request, templates);
    g_free(templates);
    g_free(example_customer);
    g_free(found.catalog);
    return status;
}
