/* A program that renders an XSL-FO file to PDF through libpliego, using
 * only the installed header and pkg-config:
 *
 *   cc embed.c $(pkg-config --cflags --libs pliego) -o embed
 *   ./embed letter.fo letter.pdf
 *
 * It shows the library's shape: one document object owns everything made
 * for it, errors come back as values with their place, and warnings go
 * through a callback the program chooses.
 */
#include <pliego/pliego.h>
#include <stdio.h>

/* Counts warnings and prints them; returning true lets rendering go on. */
static bool count_warning(const char *file, int line, const char *message,
                          void *user_data)
{
    int *warnings = user_data;
    (*warnings)++;
    fprintf(stderr, "%s:%d: warning: %s\n", file, line, message);
    return true;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s IN.fo OUT.pdf\n", argv[0]);
        return 1;
    }
    pliego_error err = {0};
    int warnings = 0;
    pliego_fo_document *document =
        pliego_fo_document_load(argv[1], count_warning, &warnings, &err);
    if (!document || !pliego_fo_document_write_pdf(document, argv[2], &err)) {
        pliego_error_print(&err, stderr);
        pliego_fo_document_free(document);
        return 2;
    }
    printf("%s: %d page(s), %d warning(s), libpliego %s\n", argv[2],
           pliego_fo_document_page_count(document), warnings, pliego_version());
    pliego_fo_document_free(document);
    return 0;
}
