/* pliego check: validates a catalogue and prints its coverage.
 *
 *   pliego check [--catalog DIR] [--csv FILE] [--customer FILE]
 *
 * Validates every region and locale file against its schema, runs the
 * cross-checks, prints every problem as file:line: error: message, then the
 * coverage table (clause × language). --csv also writes the table as CSV.
 * --customer also validates a customer file (XML, or CSV with every row).
 * Exit status: 0 when clean, 2 when any problem was found, 3 when the CSV
 * coverage file cannot be written, 1 for usage errors.
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/customer.h"
#include "cli/commands.h"

static char *catalog_dir;
static char *csv_path;
static char *customer_path;
static gboolean quiet;

static GOptionEntry check_options[] = {
    {"catalog", 0, 0, G_OPTION_ARG_FILENAME, &catalog_dir,
     "The catalogue folder holding regions/ and locales/ (default: .)", "DIR"},
    {"csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path,
     "Also write the coverage table as CSV to FILE", "FILE"},
    {"customer", 0, 0, G_OPTION_ARG_FILENAME, &customer_path,
     "Also validate a customer file (.xml or .csv)", "FILE"},
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

int cli_check(int argc, char **argv)
{
    GOptionContext *context =
        g_option_context_new("- validate the catalogue and print its coverage");
    g_option_context_add_main_entries(context, check_options, NULL);
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
    catalog *cat = catalog_load(catalog_dir ? catalog_dir : ".");
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
    catalog_free(cat);
    if (customer_path)
        problems += check_customers(customer_path);
    if (problems > 0) {
        fprintf(stderr, "pliego check: %d problem%s\n", problems,
                problems == 1 ? "" : "s");
        return EXIT_INPUT;
    }
    return status;
}
