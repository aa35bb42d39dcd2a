/* Fuzz target: a clause library (the clause markup) -> document XML.
 *
 * The input replaces the English notices library of a private copy of the
 * shipped catalogue (made once, from PLIEGO_FUZZ_CATALOG or the source
 * tree); the catalogue is loaded and checked, and when it loads, the
 * example customer's cancellation notice is assembled through the public
 * contract API, so the markup goes through validation, conditions,
 * placeholders and ICU messages. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz.h"
#include "pliego/contract.h"

static char *catalogue;
static char *library;

static bool copy_file(const char *from, const char *to)
{
    char *contents = NULL;
    gsize length = 0;
    bool ok = g_file_get_contents(from, &contents, &length, NULL) &&
              g_file_set_contents(to, contents, (gssize)length, NULL);
    g_free(contents);
    return ok;
}

/* Copies every file of source/folder into target/folder (one level of
   subfolders, as regions/ and locales/LANG/ are laid out). */
static bool copy_tree(const char *source, const char *target, const char *folder)
{
    char *from = g_build_filename(source, folder, NULL);
    char *to = g_build_filename(target, folder, NULL);
    bool ok = g_mkdir_with_parents(to, 0700) == 0;
    GDir *dir = ok ? g_dir_open(from, 0, NULL) : NULL;
    const char *name;
    while (dir && ok && (name = g_dir_read_name(dir))) {
        char *path = g_build_filename(from, name, NULL);
        char *relative = g_build_filename(folder, name, NULL);
        char *copy = g_build_filename(target, relative, NULL);
        ok = g_file_test(path, G_FILE_TEST_IS_DIR) ? copy_tree(source, target, relative)
                                                   : copy_file(path, copy);
        g_free(copy);
        g_free(relative);
        g_free(path);
    }
    if (dir)
        g_dir_close(dir);
    g_free(to);
    g_free(from);
    return ok && dir;
}

static void setup(void)
{
    const char *source = g_getenv("PLIEGO_FUZZ_CATALOG");
    if (!source)
        source = PLIEGO_SOURCE_DIR;
    char *dir = g_dir_make_tmp("pliego-fuzz-clauses-XXXXXX", NULL);
    char *examples = dir ? g_build_filename(dir, "examples", NULL) : NULL;
    char *customer_from = g_build_filename(source, "examples", "customer.xml", NULL);
    char *customer_to = examples ? g_build_filename(examples, "customer.xml", NULL) : NULL;
    if (!dir || !copy_tree(source, dir, "regions") || !copy_tree(source, dir, "locales") ||
        g_mkdir_with_parents(examples, 0700) != 0 || !copy_file(customer_from, customer_to))
        abort();
    catalogue = dir;
    library = g_build_filename(dir, "locales", "en", "notices.xml", NULL);
    g_free(customer_to);
    g_free(customer_from);
    g_free(examples);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!catalogue)
        setup();
    if (!g_file_set_contents(library, (const char *)data, (gssize)size, NULL))
        abort();
    /* through the public contract API, as an embedding program would */
    char *customer_file = g_build_filename(catalogue, "examples", "customer.xml", NULL);
    pliego_error err = {0};
    pliego_catalog *loaded = pliego_catalog_load(catalogue, &err);
    pliego_customer *customer = loaded ? pliego_customer_load(customer_file, 0, &err) : NULL;
    pliego_document *document =
        customer ? pliego_document_assemble(loaded, customer, "cancellation-notice", "en",
                                            "2026-11-25", &err)
                 : NULL;
    pliego_document_free(document);
    pliego_customer_free(customer);
    pliego_catalog_free(loaded);
    g_free(customer_file);
    return 0;
}
