/* A program that renders a customer's contract document through libpliego,
 * using only the installed headers and pkg-config:
 *
 *   cc embed.c $(pkg-config --cflags --libs pliego) -o embed
 *   ./embed /usr/share/pliego /usr/share/pliego/examples/customer.xml \
 *       service-description 2026-11-25 out.pdf
 *
 * CATALOG is a folder holding regions/, locales/ and templates/ (the
 * installed data folder is one); the customer file is customer XML or a
 * one-row CSV file. It shows the library's shape: the catalogue and the
 * templates are loaded once and may serve any number of documents, every
 * object has one owner and one _free, errors come back as values that say
 * whose mistake they are and which customer field they concern, warnings
 * go through a callback the program chooses, and the PDF comes through a
 * write function, here into a file.
 */
#include <pliego/contract.h>
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

/* The write function: the PDF's bytes, in order, into a FILE. */
static bool to_file(void *ctx, const void *data, size_t len)
{
    return fwrite(data, 1, len, ctx) == len;
}

/* Prints err as the pliego command would, then what kind of mistake it is
   and the customer field, for a program that would show it beside a form. */
static int report(const pliego_error *err)
{
    pliego_error_print(err, stderr);
    fprintf(stderr, "(a %s error", pliego_error_kind_name(err->kind));
    if (err->field[0])
        fprintf(stderr, " in the customer field %s", err->field);
    fprintf(stderr, ")\n");
    return 2;
}

/* Renders the PDF into path; a failed render leaves no file behind. */
static bool render_to(pliego_document *document, pliego_templates *templates,
                      const char *path, int *warnings, pliego_error *err)
{
    FILE *out = fopen(path, "wb");
    if (!out) {
        pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0, "cannot create the file");
        return false;
    }
    pliego_render_options options;
    pliego_render_options_init(&options); /* PDF/A-3b and PDF/UA-1 */
    options.warn = count_warning;
    options.warn_data = warnings;
    bool ok = pliego_document_render(document, templates, &options, to_file, out, err);
    if (fclose(out) != 0 && ok) {
        pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0, "cannot write the file");
        ok = false;
    }
    if (!ok)
        remove(path);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: %s CATALOG CUSTOMER KIND YYYY-MM-DD OUT.pdf\n", argv[0]);
        return 1;
    }
    const char *catalog_dir = argv[1], *customer_path = argv[2], *kind = argv[3],
               *date = argv[4], *out_path = argv[5];
    char templates_dir[4096];
    if (snprintf(templates_dir, sizeof templates_dir, "%s/templates", catalog_dir) >=
        (int)sizeof templates_dir) {
        fprintf(stderr, "%s: the catalogue's path is too long\n", argv[0]);
        return 1;
    }

    pliego_error err = {0};
    int warnings = 0;
    pliego_catalog *catalog = pliego_catalog_load(catalog_dir, &err);
    pliego_templates *templates =
        catalog ? pliego_templates_load(templates_dir, catalog, &err) : NULL;
    pliego_customer *customer =
        templates ? pliego_customer_load(customer_path, 0, &err) : NULL;
    /* NULL: the language the customer asks for, else the country's first */
    pliego_document *document =
        customer ? pliego_document_assemble(catalog, customer, kind, NULL, date, &err)
                 : NULL;
    int status = 0;
    if (!document || !render_to(document, templates, out_path, &warnings, &err))
        status = report(&err);
    else
        printf("%s: %s in %s, %d page(s), %d warning(s), libpliego %s\n", out_path,
               pliego_document_kind(document), pliego_document_language(document),
               pliego_document_page_count(document), warnings, pliego_version());
    pliego_document_free(document);
    pliego_customer_free(customer);
    pliego_templates_free(templates);
    pliego_catalog_free(catalog);
    return status;
}
