/* pliego verify FILE.pdf [--catalog DIR] [--json]: checks an archival PDF
 * against the PDF/A and PDF/UA rules pliego's output must meet, and its
 * embedded document XML against its XMP provenance; with --catalog, says
 * which clauses changed since the file was made.
 *
 * Exit status: 0 conformant and consistent, 1 findings (or a usage
 * error: a report and a usage mistake both ask the caller to look), 2 the
 * file cannot be read as a PDF.
 */
#include <glib.h>
#include <stdio.h>

#include "cli/commands.h"
#include "pliego/archive.h"

static char *catalog_dir;
static gboolean json;

static GOptionEntry verify_options[] = {
    {"catalog", 0, 0, G_OPTION_ARG_FILENAME, &catalog_dir,
     "Also compare each clause with this catalogue", "DIR"},
    {"json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the report as JSON", NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};

int cli_verify(int argc, char **argv)
{
    GOptionContext *context = g_option_context_new(
        "FILE.pdf - check a PDF/A and PDF/UA file and its provenance");
    g_option_context_set_description(
        context, "Rules checked and not checked: docs/pdf-standards.md.\n\n"
                 "Exit status: 0 conformant and consistent, 1 findings, 2 unreadable "
                 "or a usage error.");
    g_option_context_add_main_entries(context, verify_options, NULL);
    GError *error = NULL;
    if (!g_option_context_parse(context, &argc, &argv, &error)) {
        fprintf(stderr, "pliego verify: %s\n", error->message);
        g_error_free(error);
        g_option_context_free(context);
        return EXIT_USAGE;
    }
    g_option_context_free(context);
    if (argc != 2) {
        fprintf(stderr, "pliego verify: give one PDF file: pliego verify "
                        "FILE.pdf [--catalog DIR] [--json]\n");
        return EXIT_USAGE;
    }
    if (catalog_dir && !g_file_test(catalog_dir, G_FILE_TEST_IS_DIR)) {
        fprintf(stderr, "pliego verify: --catalog %s: not a directory\n",
                catalog_dir);
        return EXIT_USAGE;
    }
    pliego_error err = {0};
    pliego_verify_report *report = pliego_verify_file(argv[1], catalog_dir, &err);
    if (!report) {
        pliego_error_print(&err, stderr);
        return 2;
    }
    pliego_verify_report_print(report, stdout, json);
    int status = pliego_verify_report_count(report) == 0 ? 0 : 1;
    pliego_verify_report_free(report);
    return status;
}
