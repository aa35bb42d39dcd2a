/* The one lookup of the catalogue, the templates and the examples that
 * every command uses (see locate.h for the order).
 *
 * The installed data is found from the binary's own path
 * (/proc/self/exe) and PLIEGO_DATA_FROM_BIN, the relative path from the
 * installed bindir to $datadir/pliego that meson computes. Nothing here
 * names the build machine's folders, so an installed prefix can be moved
 * and a package built anywhere.
 */
#include "cli/locate.h"

#include <glib.h>
#include <string.h>

#ifndef PLIEGO_DATA_FROM_BIN
#define PLIEGO_DATA_FROM_BIN "../share/pliego"
#endif

static bool is_folder(const char *folder, const char *child)
{
    char *path = g_build_filename(folder, child, NULL);
    bool yes = g_file_test(path, G_FILE_TEST_IS_DIR);
    g_free(path);
    return yes;
}

static bool holds_catalog(const char *folder)
{
    return is_folder(folder, "regions") && is_folder(folder, "locales");
}

const char *cli_installed_data(void)
{
    /* computed once; the binary does not move while it runs */
    static char *data;
    static bool looked;
    if (looked)
        return data;
    looked = true;
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    if (!exe)
        return NULL;
    char *bin = g_path_get_dirname(exe);
    char *joined = g_build_filename(bin, PLIEGO_DATA_FROM_BIN, NULL);
    char *canonical = g_canonicalize_filename(joined, NULL);
    if (g_file_test(canonical, G_FILE_TEST_IS_DIR))
        data = canonical;
    else
        g_free(canonical);
    g_free(joined);
    g_free(bin);
    g_free(exe);
    return data;
}

static bool has_region_file(const char *catalog)
{
    char *regions = g_build_filename(catalog, "regions", NULL);
    GDir *dir = g_dir_open(regions, 0, NULL);
    bool found = false;
    const char *name;
    while (dir && !found && (name = g_dir_read_name(dir)))
        found = g_str_has_suffix(name, ".xml");
    if (dir)
        g_dir_close(dir);
    g_free(regions);
    return found;
}

bool cli_locate_catalog(const char *option, cli_catalog *found, pliego_error *err)
{
    const char *folder = NULL, *from = NULL;
    const char *environment = g_getenv("PLIEGO_CATALOG");
    if (option) {
        folder = option;
        from = "--catalog";
    } else if (environment && *environment) {
        folder = environment;
        from = "PLIEGO_CATALOG";
    } else if (holds_catalog(".")) {
        folder = ".";
        from = "the current folder";
    } else if (cli_installed_data()) {
        folder = cli_installed_data();
        from = "installed";
    } else {
        pliego_error_set(err, PLIEGO_ERROR_IO, NULL, 0, 0,
                         "no catalogue: the current folder holds no regions/ and "
                         "locales/, and pliego is not installed; give --catalog DIR "
                         "or set PLIEGO_CATALOG");
        return false;
    }
    const char *missing = NULL;
    if (!g_file_test(folder, G_FILE_TEST_IS_DIR))
        missing = "the folder does not exist";
    else if (!is_folder(folder, "regions"))
        missing = "it has no regions/ folder";
    else if (!is_folder(folder, "locales"))
        missing = "it has no locales/ folder";
    else if (!has_region_file(folder))
        missing = "its regions/ folder holds no .xml file";
    if (missing) {
        pliego_error_set(err, PLIEGO_ERROR_IO, folder, 0, 0,
                         "not a catalogue (from %s): %s", from, missing);
        return false;
    }
    found->catalog = g_strdup(folder);
    found->catalog_from = from;
    return true;
}

char *cli_locate_templates(const char *option, const char *catalog)
{
    const char *environment = g_getenv("PLIEGO_TEMPLATES");
    if (option)
        return g_strdup(option);
    if (environment && *environment)
        return g_strdup(environment);
    if (is_folder(catalog, "templates"))
        return g_build_filename(catalog, "templates", NULL);
    const char *data = cli_installed_data();
    if (data && is_folder(data, "templates"))
        return g_build_filename(data, "templates", NULL);
    return g_build_filename(catalog, "templates", NULL);
}

char *cli_locate_example(const char *catalog, const char *name)
{
    char *path = g_build_filename(catalog, "examples", name, NULL);
    const char *data = cli_installed_data();
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR) && data) {
        g_free(path);
        path = g_build_filename(data, "examples", name, NULL);
    }
    return path;
}

char *cli_locate_web(const char *option, const char *catalog)
{
    if (option)
        return g_strdup(option);
    char *source = g_build_filename(catalog, "data", "web", NULL);
    if (g_file_test(source, G_FILE_TEST_IS_DIR))
        return source;
    g_free(source);
    const char *data = cli_installed_data();
    if (data && is_folder(data, "web"))
        return g_build_filename(data, "web", NULL);
    return g_build_filename(catalog, "data", "web", NULL);
}
