/* The pliego command line: dispatches to one function per command
 * (cli/commands.h), one file each.
 *
 * Exit status: 0 done, 1 usage error, 2 bad input (malformed XML, not
 * XSL-FO, limits), 3 input/output or rendering failure.
 */
#include <glib.h>
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "pliego/pliego.h"

static void usage(FILE *stream)
{
    fprintf(stream,
            "usage: pliego fo2pdf IN.fo -o OUT.pdf [--png DIR] [--dpi N] "
            "[--dump-areas FILE]\n"
            "       pliego fo2pdf IN.fo... --outdir DIR\n"
            "       pliego check [--catalog DIR] [--csv FILE] [--customer FILE]\n"
            "       pliego assemble --customer FILE [--row N] --doc KIND [--lang TAG] "
            "[--on DATE] -o doc.xml\n"
            "       pliego render --customer FILE [--row N] --doc KIND [--lang TAG] "
            "[--on DATE]\n"
            "              [--templates DIR] [--catalog DIR] -o OUT.pdf [--png DIR] "
            "[--dpi N]\n"
            "              [--emit document|fo] [-q]\n"
            "       pliego render --example [-o OUT.pdf]\n"
            "       pliego batch CUSTOMERS.csv --doc KIND --out DIR [-j N] [--on DATE]\n"
            "              [--shard K/N] [--manifest FILE] [--retry-failed] [--timeout S]\n"
            "       pliego batch-merge MANIFEST... -o MERGED.csv [--customers CSV] "
            "[--out DIR]\n"
            "       pliego verify FILE.pdf [--catalog DIR] [--json]\n"
            "       pliego variants --doc KIND --out DIR [--countries CC,...] "
            "[--channels LIST] [--langs LIST] [-j N]\n"
            "       pliego diff A B [--json FILE] [--markdown FILE] [-o redline.pdf] "
            "[--rev-a REV] [--rev-b REV]\n"
            "       pliego --version\n");
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
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("pliego %s\n", pliego_version());
        return 0;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "fo2pdf") == 0)
        return cli_fo2pdf(argc - 1, argv + 1);
    if (strcmp(argv[1], "check") == 0)
        return cli_check(argc - 1, argv + 1);
    if (strcmp(argv[1], "assemble") == 0)
        return cli_assemble(argc - 1, argv + 1);
    if (strcmp(argv[1], "render") == 0)
        return cli_render(argc - 1, argv + 1);
    if (strcmp(argv[1], "batch") == 0)
        return cli_batch(argc - 1, argv + 1);
    if (strcmp(argv[1], "batch-merge") == 0)
        return cli_batch_merge(argc - 1, argv + 1);
    if (strcmp(argv[1], "verify") == 0)
        return cli_verify(argc - 1, argv + 1);
    if (strcmp(argv[1], "variants") == 0)
        return cli_variants(argc - 1, argv + 1);
    if (strcmp(argv[1], "diff") == 0)
        return cli_diff(argc - 1, argv + 1);
    fprintf(stderr, "pliego: unknown command \"%s\"\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
