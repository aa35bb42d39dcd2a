/* pliego check: validates a catalogue and prints its coverage.
 *
 *   pliego check [--catalog DIR] [--csv FILE] [--customer FILE
 *                [--doc KIND [--on DATE] [--lang TAG]]] [-q]
 *
 * Validates every region and locale file against its schema, runs the
 * cross-checks, prints every problem as file:line: error: message, then the
 * coverage table (clause × language). --csv also writes the table as CSV.
 * --customer also validates a customer file (XML, or CSV with every row);
 * with --doc it is the pre-flight of a batch (src/batch/preflight.c): every
 * business rule of that kind on every row, without rendering, one line per
 * bad row and a summary. The catalogue is found as every command finds it
 * (cli/locate.h). Exit status: 0 when clean (with --doc: a batch of the
 * file would render every row), 2 when any problem was found or there is
 * no catalogue, 3 when the CSV coverage file cannot be written, 1 for
 * usage errors.
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/customer.h"
#include "batch/batch.h"
#include "cli/commands.h"
#include "cli/locate.h"

static char *catalog_dir;
static char *csv_path;
static char *customer_path;
static char *doc_kind;
static char *on_date;
static char *lang;
static gboolean quiet;

static GOptionEntry check_options[] = {
    CLI_OPTION_CATALOG(catalog_dir),
    {"csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path,
     "Also write the coverage table as CSV to FILE", "FILE"},
    {"customer", 0, 0, G_OPTION_ARG_FILENAME, &customer_path,
     "Also validate a customer file (.xml or .csv)", "FILE"},
    {"doc", 0, 0, G_OPTION_ARG_STRING, &doc_kind,
     "With --customer: check every row against the rules of this kind of document "
     "(service-description, cancellation-notice or transfer-notice), as a batch would, "
     "without rendering", "KIND"},
    {"on", 0, 0, G_OPTION_ARG_STRING, &on_date,
     "With --doc: the documents' date, YYYY-MM-DD (default: today, UTC)", "DATE"},
    {"lang", 0, 0, G_OPTION_ARG_STRING, &lang,
     "With --doc: the language of every document (default: each customer's)", "TAG"},
    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
     "Print problems only, not the coverage table", NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};

static int check_customers(const char *path)
{
    pliego_error err = {0};
    catalog_customer_set *set = catalog_customer_set_load(path, &err);
    if (!set) {
        pliego_error_print(&err, stderr);
        return 1;
    }
    int problems = 0;
    for (size_t i = 0; i < catalog_customer_set_count(set); i++) {
        const catalog_customer *customer = catalog_customer_set_get(set, i);
        if (!catalog_customer_check(customer, &err)) {
            pliego_error_print(&err, stderr);
            problems++;
        }
    }
    catalog_customer_set_free(set);
    return problems;
}

/* The pre-flight: every row as a batch would take it. Returns the number
   of problems (bad rows, or 1 when the file cannot be read). */
static int preflight_customers(const catalog *cat, catalog_doc_kind kind, guint32 on)
{
    batch_preflight_options options = {
        .cat = cat,
        .customers_path = customer_path,
        .kind = kind,
        .lang = lang,
        .on = on,
    };
    pliego_error err = {0};
    int rows = 0;
    int bad = batch_preflight(&options, stderr, &rows, &err);
    if (bad < 0) {
        pliego_error_print(&err, stderr);
        return 1;
    }
    if (bad == 0)
        fprintf(stderr, "pliego check: %s: all %d row%s would render as %s\n",
                customer_path, rows, rows == 1 ? "" : "s", catalog_doc_kind_name(kind));
    else
        fprintf(stderr, "pliego check: %s: %d of %d row%s would fail as %s\n",
                customer_path, bad, rows, rows == 1 ? "" : "s",
                catalog_doc_kind_name(kind));
    return bad;
}

int cli_check(int argc, char **argv)
{
    GOptionContext *context =
        g_option_context_new("- validate the catalogue and print its coverage");
    g_option_context_add_main_entries(context, check_options, NULL);
    g_option_context_set_description(context, CLI_EXIT_STATUSES);
    GError *error = NULL;
    if (!g_option_context_parse(context, &argc, &argv, &error)) {
        fprintf(stderr, "pliego check: %s\n", error->message);
        g_error_free(error);
        g_option_context_free(context);
        return EXIT_USAGE;
    }
    g_option_context_free(context);
    if (argc > 1) {
        fprintf(stderr, "pliego check: unexpected argument \"%s\"\n", argv[1]);
        return EXIT_USAGE;
    }
    catalog_doc_kind kind = CATALOG_DOC_SERVICE_DESCRIPTION;
    guint32 on = 0;
    const char *usage = NULL;
    if ((on_date || lang) && !doc_kind)
        usage = "--on and --lang go with --doc";
    else if (doc_kind && !customer_path)
        usage = "--doc checks a customer file: give --customer FILE";
    else if (doc_kind && !catalog_doc_kind_parse(doc_kind, &kind))
        usage = "--doc must be service-description, cancellation-notice or transfer-notice";
    else if (on_date && !catalog_parse_date(on_date, &on))
        usage = "--on must be a date such as 2026-11-25";
    if (usage) {
        fprintf(stderr, "pliego check: %s\n", usage);
        return EXIT_USAGE;
    }
    cli_catalog found = {0};
    pliego_error err = {0};
    if (!cli_locate_catalog(catalog_dir, &found, &err)) {
        pliego_error_print(&err, stderr);
        return EXIT_INPUT;
    }
    catalog *cat = catalog_load(found.catalog);
    g_free(found.catalog);
    catalog_check(cat);
    for (size_t i = 0; i < cat->diagnostics.count; i++)
        pliego_error_print(cat->diagnostics.items[i], stderr);
    int problems = (int)cat->diagnostics.count;
    if (!quiet)
        catalog_write_coverage(cat, stdout, NULL);
    int status = 0;
    if (csv_path) {
        FILE *csv = fopen(csv_path, "wb");
        if (!csv) {
            fprintf(stderr, "%s: error: cannot write the coverage table\n", csv_path);
            status = EXIT_OUTPUT;
        } else {
            catalog_write_coverage(cat, NULL, csv);
            if (fclose(csv) != 0) {
                fprintf(stderr, "%s: error: cannot write the coverage table\n",
                        csv_path);
                status = EXIT_OUTPUT;
            }
        }
    }
    if (customer_path && doc_kind && problems == 0)
        problems += preflight_customers(cat, kind, on ? on : catalog_today());
    else if (customer_path)
        problems += check_customers(customer_path);
    catalog_free(cat);
    if (problems > 0) {
        fprintf(stderr, "pliego check: %d problem%s\n", problems,
                problems == 1 ? "" : "s");
        return EXIT_INPUT;
    }
    return status;
}
