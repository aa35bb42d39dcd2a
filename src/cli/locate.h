/* Where the commands find their data: the catalogue, the templates and the
 * examples. One lookup order for every command that reads a catalogue:
 *
 *   1. the command's --catalog option;
 *   2. $PLIEGO_CATALOG;
 *   3. the current folder, when it holds regions/ and locales/;
 *   4. the catalogue installed with pliego, $datadir/pliego, found relative
 *      to the running binary (so a moved prefix still works; the binary
 *      holds no path of the machine it was built on).
 *
 * Templates follow the same order (--templates, $PLIEGO_TEMPLATES, the
 * catalogue's templates/ folder, the installed templates). */
#ifndef PLIEGO_CLI_LOCATE_H
#define PLIEGO_CLI_LOCATE_H

#include <stdbool.h>

#include "pliego/pliego.h"

typedef struct {
    char *catalog;            /* the catalogue folder in use */
    const char *catalog_from; /* why: "--catalog", "PLIEGO_CATALOG", ... */
} cli_catalog;

/* Finds the catalogue by the order above (option may be NULL) and checks
 * that it holds regions/ with at least one .xml file and locales/. Fills
 * found (free found->catalog with g_free) and returns true; false with err
 * naming the folder and what is missing: a missing or empty catalogue is
 * bad input (exit status 2). */
bool cli_locate_catalog(const char *option, cli_catalog *found, pliego_error *err);

/* The templates folder for catalog (see the order above); a new string
 * (g_free). Never NULL: when no folder exists it names the catalogue's
 * templates/, so the template stage reports it as missing. */
char *cli_locate_templates(const char *option, const char *catalog);

/* The pages of pliego serve: option (--web), else the source tree's
 * data/web/ beside the catalogue, else the installed $datadir/pliego/web.
 * A new string (g_free); never NULL (names CATALOG/data/web when none
 * exists, so the server reports it as missing). */
char *cli_locate_web(const char *option, const char *catalog);

/* A file shipped under examples/ (e.g. "customer.xml"): the catalogue's,
 * else the installed one. A new string (g_free). */
char *cli_locate_example(const char *catalog, const char *name);

/* The installed data folder ($datadir/pliego next to this binary's
 * prefix), or NULL when pliego runs uninstalled. Owned by the module. */
const char *cli_installed_data(void);

#endif
