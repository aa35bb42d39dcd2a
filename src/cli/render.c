/* pliego render: customer record + catalogue + templates -> PDF, in one
 * process and without temporary files between the stages.
 *
 *   pliego render --customer FILE [--row N] --doc KIND [--lang TAG]
 *       [--on DATE] [--templates DIR] [--catalog DIR] -o OUT.pdf
 *       [--png DIR] [--dpi N] [--emit document|fo] [-q]
 *   pliego render --example [-o OUT.pdf]
 *
 * The stages: assemble (document XML), xslt (XSL-FO, by DIR/KIND.xsl),
 * fo (the FO tree, from the transform's result tree), layout and render,
 * all through the library's contract API (pliego/contract.h), as batch and
 * serve run them. --emit stops after the first or second and writes what
 * it made. The catalogue and the templates are found as every command
 * finds them (cli/locate.h).
 *
 * Exit status: 0 done, 1 usage error, 2 bad input (customer record,
 * catalogue, business rule, template, unusable FO), 3 a file cannot be
 * read or written, or rendering failed. On any error no output file is
 * left behind.
 */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
#include "cli/commands.h"
#include "cli/locate.h"
#include "common/output.h"
#include "pliego/archive.h"
#include "pliego/contract.h"

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
    CLI_OPTION_CUSTOMER(customer_path),
    CLI_OPTION_ROW(row),
    CLI_OPTION_DOC(doc_kind),
    CLI_OPTION_LANG(lang),
    CLI_OPTION_ON(on_date),
    CLI_OPTION_TEMPLATES(templates_dir, "KIND.xsl"),
    CLI_OPTION_CATALOG(catalog_dir),
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

/* Templates and the FO stage onwards: exit status as pliego fo2pdf gives
   it (a template that fails is bad input too). */
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

static bool collect(void *ctx, const void *data, size_t len)
{
    g_byte_array_append(ctx, data, (guint)len);
    return true;
}

/* Renders with options into a new byte array, or NULL with err filled. */
static GByteArray *render_bytes(pliego_document *document, pliego_templates *templates,
                                const pliego_render_options *options, pliego_error *err)
{
    GByteArray *bytes = g_byte_array_new();
    if (pliego_document_render(document, templates, options, collect, bytes, err))
        return bytes;
    g_byte_array_free(bytes, TRUE);
    return NULL;
}

/* One PNG per page into png_directory, page-0001.png, ... */
static bool write_pages(pliego_document *document, pliego_templates *templates,
                        pliego_render_options options, pliego_error *err)
{
    if (g_mkdir_with_parents(png_directory, 0777) != 0) {
        pliego_error_set(err, PLIEGO_ERROR_IO, png_directory, 0, 0,
                         "cannot create the directory: %s", g_strerror(errno));
        return false;
    }
    options.format = PLIEGO_FORMAT_PNG;
    options.dpi = dpi;
    int pages = pliego_document_page_count(document);
    for (options.page = 1; options.page <= pages; options.page++) {
        GByteArray *png = render_bytes(document, templates, &options, err);
        char name[32];
        snprintf(name, sizeof name, "page-%04d.png", options.page);
        char *path = g_build_filename(png_directory, name, NULL);
        bool ok = png && pliego_write_file(path, png->data, png->len, err);
        g_free(path);
        if (png)
            g_byte_array_free(png, TRUE);
        if (!ok)
            return false;
    }
    return true;
}

/* The document through its template: the XSL-FO (--emit fo), or the PDF
   and the PNG pages asked for. */
static int render_document(pliego_document *document, pliego_templates *templates)
{
    pliego_error err = {0};
    pliego_render_options options;
    pliego_render_options_init(&options);
    options.format = emit ? PLIEGO_FORMAT_FO : PLIEGO_FORMAT_PDF;
    options.pdf_standards = standards;
    options.warn = print_warning;
    GByteArray *bytes = render_bytes(document, templates, &options, &err);
    if (!bytes)
        return fail(&err, fo_exit_code(&err));
    bool written = pliego_write_file(output_path, bytes->data, bytes->len, &err);
    g_byte_array_free(bytes, TRUE);
    if (!written)
        return fail(&err, EXIT_OUTPUT);
    if (png_directory && !write_pages(document, templates, options, &err)) {
        if (strcmp(output_path, "-") != 0)
            g_unlink(output_path);
        return fail(&err, fo_exit_code(&err));
    }
    return 0;
}

/* The whole pipeline through the library's contract API, in the order
   its errors are reported: catalogue, customer record, assembly (rules),
   then the templates and rendering. */
static int run(const char *catalog_folder, const char *customer_file,
               const char *templates_folder)
{
    pliego_error err = {0};
    pliego_catalog *loaded = pliego_catalog_load(catalog_folder, &err);
    pliego_customer *customer = loaded ? pliego_customer_load(customer_file, row, &err)
                                       : NULL;
    pliego_document *document =
        customer ? pliego_document_assemble(loaded, customer, doc_kind, lang, on_date, &err)
                 : NULL;
    pliego_customer_free(customer);
    int status = 0;
    if (!document) {
        status = fail(&err, err.code == PLIEGO_ERROR_IO ? EXIT_OUTPUT : EXIT_INPUT);
    } else if (emit && strcmp(emit, "document") == 0) {
        GByteArray *xml = g_byte_array_new();
        if (!pliego_document_write_xml(document, collect, xml, &err) ||
            !pliego_write_file(output_path, xml->data, xml->len, &err))
            status = fail(&err, EXIT_OUTPUT);
        g_byte_array_free(xml, TRUE);
    } else {
        pliego_templates *templates = pliego_templates_load(templates_folder, loaded, &err);
        if (templates) {
            pliego_templates_set_warning(templates, print_warning, NULL);
            status = render_document(document, templates);
        } else {
            status = fail(&err, EXIT_INPUT);
        }
        pliego_templates_free(templates);
    }
    pliego_document_free(document);
    pliego_catalog_free(loaded);
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
    catalog_doc_kind kind;
    guint32 on = 0;
    /* usage first, so that a usage error says so wherever it is run */
    const char *usage = NULL;
    if (!customer_path && !example)
        usage = "no customer: give --customer FILE (or --example)";
    else if (!doc_kind || !catalog_doc_kind_parse(doc_kind, &kind))
        usage = "--doc must be service-description, cancellation-notice or transfer-notice";
    else if (!output_path)
        usage = "no output: give -o OUT.pdf";
    else if (row < 0)
        usage = "--row must be 1 or more";
    else if (on_date && !catalog_parse_date(on_date, &on))
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
    char *templates = cli_locate_templates(templates_dir, found.catalog);
    int status = run(found.catalog, example ? example_customer : customer_path, templates);
    g_free(templates);
    g_free(example_customer);
    g_free(found.catalog);
    return status;
}
