/* pliego fo2pdf: XSL-FO in, PDF (and PNG pages, area tree XML) out.
 *
 *   pliego fo2pdf IN.fo -o OUT.pdf [--png DIR] [--dpi N] [--dump-areas FILE]
 *       [--image-dir DIR]...
 *   pliego fo2pdf IN1.fo IN2.fo ... --outdir DIR   (one process, many files)
 *
 * Images are read from the FO file's folder and each --image-dir only.
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "pliego/archive.h"
#include "pliego/pliego.h"

static char *output_path;
static char *png_directory;
static char *areas_path;
static char *output_directory;
static double dpi = 96;
static gboolean quiet_warnings;
static char **image_directories;
static char *pdf_standard;
static unsigned standards;

static GOptionEntry fo2pdf_options[] = {
    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
     "Write the PDF to FILE (- for standard output)", "FILE"},
    {"png", 0, 0, G_OPTION_ARG_FILENAME, &png_directory,
     "Also write one PNG per page into DIR", "DIR"},
    {"dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, "Resolution of PNG pages (96)", "N"},
    {"dump-areas", 0, 0, G_OPTION_ARG_FILENAME, &areas_path,
     "Write the area tree as XML to FILE", "FILE"},
    {"outdir", 0, 0, G_OPTION_ARG_FILENAME, &output_directory,
     "With several inputs: write DIR/NAME.pdf for each", "DIR"},
    {"image-dir", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &image_directories,
     "Also read images from DIR and its subfolders (repeatable; the FO "
     "file's folder is always allowed)", "DIR"},
    {"pdf-standard", 0, 0, G_OPTION_ARG_STRING, &pdf_standard,
     "pdf/a-3b, pdf/a-2b, pdf/ua-1 (comma-joined) or none (default none)",
     "LIST"},
    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet_warnings,
     "Do not print warnings", NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};

static bool print_warning(const char *file, int line, const char *message,
                          void *user_data)
{
    if (!quiet_warnings)
        fprintf(stderr, "pliego: %s:%d: warning: %s\n", file, line, message);
    return true;
}

static int exit_code(const pliego_error *err)
{
    switch (err->code) {
    case PLIEGO_ERROR_XML:
    case PLIEGO_ERROR_FO:
    case PLIEGO_ERROR_LIMIT:
        return EXIT_INPUT;
    default:
        return EXIT_OUTPUT;
    }
}

static int fail(pliego_error *err, pliego_fo_document *document)
{
    pliego_error_print(err, stderr);
    pliego_fo_document_free(document);
    return exit_code(err);
}

static int render_one(const char *input, const char *pdf)
{
    pliego_error err = {0};
    pliego_fo_document *document =
        pliego_fo_document_load(input, print_warning, NULL, &err);
    if (!document)
        return fail(&err, document);
    for (int i = 0; image_directories && image_directories[i]; i++)
        if (!pliego_fo_document_allow_images(document, image_directories[i], &err))
            return fail(&err, document);
    if (!pliego_fo_document_layout(document, &err))
        return fail(&err, document);
    if (pdf && !pliego_fo_document_write_archival_pdf(document, pdf, standards,
                                                      NULL, 0, NULL, &err))
        return fail(&err, document);
    if (png_directory &&
        !pliego_fo_document_write_png(document, png_directory, dpi, &err))
        return fail(&err, document);
    if (areas_path && !pliego_fo_document_write_areas(document, areas_path, &err))
        return fail(&err, document);
    pliego_fo_document_free(document);
    return 0;
}

static int render_many(char **inputs, int count)
{
    if (g_mkdir_with_parents(output_directory, 0755) != 0) {
        fprintf(stderr, "pliego: cannot create %s\n", output_directory);
        return EXIT_OUTPUT;
    }
    int worst = 0;
    for (int i = 0; i < count; i++) {
        char *base = g_path_get_basename(inputs[i]);
        char *dot = strrchr(base, '.');
        if (dot)
            *dot = '\0';
        char *name = g_strconcat(base, ".pdf", NULL);
        char *pdf = g_build_filename(output_directory, name, NULL);
        int status = render_one(inputs[i], pdf);
        if (status > worst)
            worst = status;
        g_free(pdf);
        g_free(name);
        g_free(base);
    }
    return worst;
}

int cli_fo2pdf(int argc, char **argv)
{
    GOptionContext *context = g_option_context_new("IN.fo... - render XSL-FO to PDF");
    g_option_context_add_main_entries(context, fo2pdf_options, NULL);
    g_option_context_set_description(context, CLI_EXIT_STATUSES);
    GError *error = NULL;
    if (!g_option_context_parse(context, &argc, &argv, &error)) {
        fprintf(stderr, "pliego fo2pdf: %s\n", error->message);
        g_error_free(error);
        g_option_context_free(context);
        return EXIT_USAGE;
    }
    g_option_context_free(context);
    pliego_error parse_error = {0};
    if (pdf_standard &&
        !pliego_pdf_standards_parse(pdf_standard, &standards, &parse_error)) {
        fprintf(stderr, "pliego fo2pdf: --pdf-standard: %s\n",
                parse_error.message);
        return EXIT_USAGE;
    }
    if (dpi < 1 || dpi > 2400) {
        fprintf(stderr, "pliego fo2pdf: --dpi must be between 1 and 2400\n");
        return EXIT_USAGE;
    }
    for (int i = 0; image_directories && image_directories[i]; i++) {
        if (!g_file_test(image_directories[i], G_FILE_TEST_IS_DIR)) {
            fprintf(stderr, "pliego fo2pdf: --image-dir %s: not a directory\n",
                    image_directories[i]);
            return EXIT_USAGE;
        }
    }
    if (argc < 2) {
        fprintf(stderr, "pliego fo2pdf: no input file; usage: pliego fo2pdf "
                        "IN.fo -o OUT.pdf\n");
        return EXIT_USAGE;
    }
    if (argc > 2 || output_directory) {
        if (!output_directory || output_path) {
            fprintf(stderr, "pliego fo2pdf: several inputs need --outdir DIR "
                            "(and no -o)\n");
            return EXIT_USAGE;
        }
        return render_many(argv + 1, argc - 1);
    }
    if (!output_path && !png_directory && !areas_path) {
        fprintf(stderr, "pliego fo2pdf: no output: give -o OUT.pdf, --png DIR "
                        "or --dump-areas FILE\n");
        return EXIT_USAGE;
    }
    return render_one(argv[1], output_path);
}

