/* The pliego command line: dispatches to one function per command
 * (cli/commands.h), one file each, and answers `pliego help`, `--help`
 * and `--version` itself.
 *
 * Every command shares these exit statuses: 0 done, 1 usage error (bad
 * options), 2 bad input (customer record, catalogue, missing or empty
 * catalogue, template, unusable FO, over a limit), 3 input/output or
 * rendering failure. `pliego batch` and `pliego batch-merge` use 1 for
 * "some rows failed" and 2 for "the batch could not run" (docs/batch.md).
 */
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <hb.h>
#include <libxml/xmlversion.h>
#include <libxslt/xslt.h>
#include <locale.h>
#include <malloc.h>
#include <pango/pango.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uversion.h>

#include "cli/commands.h"
#include "cli/locate.h"
#include "pliego/pliego.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

/* The commands in the order help lists them. The help test, the man pages
 * and the shell completion read this list through `pliego help --list`. */
static const command commands[] = {
    {"render", cli_render, "assemble a customer's document and render it to PDF"},
    {"batch", cli_batch, "render one document per row of a customer CSV, unattended"},
    {"batch-merge", cli_batch_merge, "join the manifests of shards run apart and check them"},
    {"check", cli_check,
     "validate the catalogue; with --customer and --doc, the pre-flight of a batch"},
    {"assemble", cli_assemble, "write a customer's document XML (what legal review reads)"},
    {"fo2pdf", cli_fo2pdf, "render XSL-FO files to PDF, PNG pages or an area tree"},
    {"verify", cli_verify,
     "check a PDF against PDF/A-3b and PDF/UA-1 and its provenance against a catalogue"},
    {"variants", cli_variants,
     "render every regional variant of a document, grouped for legal review"},
    {"diff", cli_diff, "compare two variants or catalogue versions clause by clause"},
    {"serve", cli_serve,
     "a local web app: customer form, live preview, PDF, variants and redlines"},
};

static void usage(FILE *stream)
{
    fputs("usage: pliego COMMAND [OPTION...]\n"
          "       pliego help [COMMAND]\n"
          "       pliego --version\n\n"
          "commands:\n", stream);
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        fprintf(stream, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fputs("  help         show this list, or a command's options\n\n"
          "`pliego COMMAND --help` lists a command's options; `man pliego-COMMAND`\n"
          "has the details. The catalogue is --catalog, else $PLIEGO_CATALOG, else\n"
          "the current folder when it holds regions/ and locales/, else the\n"
          "installed one.\n\n"
          "exit status: 0 done, 1 usage error, 2 bad input, 3 output or rendering\n"
          "failure (batch: 1 some rows failed, 2 the batch could not run).\n", stream);
}

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* Runs a command with its name as the program name, so that its --help
   and GLib's option errors say "pliego render", not "pliego". */
static int run_command(const command *c, int argc, char **argv)
{
    char *name = g_strconcat("pliego ", c->name, NULL);
    g_set_prgname(name);
    g_free(name);
    return c->run(argc, argv);
}

/* pliego help [COMMAND | --list] */
static int help(int argc, char **argv)
{
    if (argc < 2) {
        usage(stdout);
        return 0;
    }
    if (argc > 2) {
        fputs("pliego help: give one command, e.g. pliego help render\n", stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--list") == 0) {
        for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
            puts(commands[i].name);
        return 0;
    }
    const command *c = find_command(argv[1]);
    if (!c) {
        fprintf(stderr, "pliego help: unknown command \"%s\"; pliego help lists them\n",
                argv[1]);
        return EXIT_USAGE;
    }
    char *arguments[] = {(char *)c->name, (char *)"--help", NULL};
    return run_command(c, 2, arguments);
}

/* The version, the catalogue the commands would use, and the libraries
   the binary runs with (the loaded ones, not those it was built with). */
static int version(void)
{
    printf("pliego %s\n", pliego_version());
    cli_catalog found = {0};
    pliego_error err = {0};
    if (cli_locate_catalog(NULL, &found, &err)) {
        char *absolute = g_canonicalize_filename(found.catalog, NULL);
        printf("catalogue: %s (%s)\n", absolute, found.catalog_from);
        char *templates = cli_locate_templates(NULL, found.catalog);
        char *templates_absolute = g_canonicalize_filename(templates, NULL);
        printf("templates: %s\n", templates_absolute);
        g_free(templates_absolute);
        g_free(templates);
        g_free(absolute);
        g_free(found.catalog);
    } else {
        printf("catalogue: none (%s)\n", err.message);
    }
    UVersionInfo icu;
    char icu_text[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(icu);
    u_versionToString(icu, icu_text);
    /* libxml2 and libxslt give their versions as one number, 20914 */
    int fc = FcGetVersion(), xml = atoi(xmlParserVersion), xslt = xsltLibxsltVersion;
    printf("libraries: libxml2 %d.%d.%d, libxslt %d.%d.%d, pango %s, cairo %s, "
           "harfbuzz %s, fontconfig %d.%d.%d, icu %s, glib %u.%u.%u\n",
           xml / 10000, xml / 100 % 100, xml % 100, xslt / 10000, xslt / 100 % 100,
           xslt % 100, pango_version_string(),
           cairo_version_string(), hb_version_string(), fc / 10000, fc / 100 % 100,
           fc % 100, icu_text, glib_major_version, glib_minor_version,
           glib_micro_version);
    return 0;
}

int main(int argc, char **argv)
{
    /* Documents allocate and free the same few megabytes over and over;
       keeping them in the heap, instead of returning them to the kernel
       after each document, saves a third of the system time in batches. */
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
    setlocale(LC_ALL, "");
    /* numbers in files we write never take the user's decimal comma */
    setlocale(LC_NUMERIC, "C");
    g_set_prgname("pliego");
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0)
        return version();
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return help(1, argv);
    if (strcmp(argv[1], "help") == 0)
        return help(argc - 1, argv + 1);
    const command *c = find_command(argv[1]);
    if (c)
        return run_command(c, argc - 1, argv + 1);
    fprintf(stderr, "pliego: unknown command \"%s\"; pliego help lists the commands\n",
            argv[1]);
    return EXIT_USAGE;
}
