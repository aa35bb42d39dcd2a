/* pliego assemble: one customer record + the catalogue -> document XML.
 *
 *   pliego assemble --customer FILE [--row N]
 *       --doc service-description|cancellation-notice|transfer-notice
 *       [--lang TAG] [--on DATE] [--catalog DIR] -o doc.xml
 *
 * Exit status: 0 done, 1 usage error, 2 bad input (catalogue, customer
 * record or a business rule), 3 the output cannot be written. On any error
 * no output file is left behind.
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
#include "cli/commands.h"
#include "cli/locate.h"
#include "common/output.h"
#include "pliego/contract.h"

static char *customer_path;
static int row;
static char *doc_kind;
static char *lang;
static char *on_date;
static char *catalog_dir;
static char *output_path;

static GOptionEntry assemble_options[] = {
    CLI_OPTION_CUSTOMER(customer_path),
    CLI_OPTION_ROW(row),
    CLI_OPTION_DOC(doc_kind),
    CLI_OPTION_LANG(lang),
    CLI_OPTION_ON(on_date),
    CLI_OPTION_CATALOG(catalog_dir),
    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
     "Write the document XML to FILE (- for standard output)", "FILE"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};

static int usage_error(const char *message)
{
    fprintf(stderr, "pliego assemble: %s\n", message);
    return EXIT_USAGE;
}

static bool collect(void *ctx, const void *data, size_t len)
{
    g_byte_array_append(ctx, data, (guint)len);
    return true;
}

/* Through the library's contract API, in the order its errors are
   reported: the catalogue, the customer record, the document (rules). */
static int assemble_to_file(const char *catalog_folder, pliego_error *err)
{
    pliego_catalog *loaded = pliego_catalog_load(catalog_folder, err);
    pliego_customer *customer = loaded ? pliego_customer_load(customer_path, row, err)
                                       : NULL;
    pliego_document *document =
        customer ? pliego_document_assemble(loaded, customer, doc_kind, lang, on_date, err)
                 : NULL;
    GByteArray *xml = g_byte_array_new();
    bool written = document && pliego_document_write_xml(document, collect, xml, err) &&
                   pliego_write_file(output_path, xml->data, xml->len, err);
    g_byte_array_free(xml, TRUE);
    pliego_document_free(document);
    pliego_customer_free(customer);
    pliego_catalog_free(loaded);
    if (written)
        return 0;
    pliego_error_print(err, stderr);
    return err->code == PLIEGO_ERROR_IO ? EXIT_OUTPUT : EXIT_INPUT;
}

int cli_assemble(int argc, char **argv)
{
    GOptionContext *context =
        g_option_context_new("- assemble a customer's document XML");
    g_option_context_add_main_entries(context, assemble_options, NULL);
    g_option_context_set_description(context, CLI_EXIT_STATUSES);
    GError *error = NULL;
    if (!g_option_context_parse(context, &argc, &argv, &error)) {
        fprintf(stderr, "pliego assemble: %s\n", error->message);
        g_error_free(error);
        g_option_context_free(context);
        return EXIT_USAGE;
    }
    g_option_context_free(context);
    if (argc > 1)
        return usage_error("unexpected argument; see pliego assemble --help");
    if (!customer_path)
        return usage_error("no customer: give --customer FILE");
    if (!output_path)
        return usage_error("no output: give -o doc.xml");
    pliego_error err = {0};
    cli_catalog found = {0};
    if (!cli_locate_catalog(catalog_dir, &found, &err)) {
        pliego_error_print(&err, stderr);
        return EXIT_INPUT;
    }
    catalog_doc_kind kind;
    guint32 on = 0;
    int status = 0;
    if (!doc_kind || !catalog_doc_kind_parse(doc_kind, &kind))
        status = usage_error("--doc must be service-description, cancellation-notice "
                             "or transfer-notice");
    else if (row < 0)
        status = usage_error("--row must be 1 or more");
    else if (on_date && !catalog_parse_date(on_date, &on))
        status = usage_error("--on must be a date such as 2026-11-25");
    if (status == 0)
        status = assemble_to_file(found.catalog, &err);
    g_free(found.catalog);
    return status;
}
