/* pliego diff: what changed between two documents, for legal review.
 *
 *   pliego diff A B [--on DATE] [--catalog DIR] [--catalog-a DIR]
 *       [--catalog-b DIR] [--rev-a REV] [--rev-b REV] [--customer FILE
 *       [--row N]] [--templates DIR] [--json FILE] [--markdown FILE]
 *       [-o redline.pdf] [--dump-areas FILE] [-q]
 *
 * A and B are each a document XML file or a variant spec
 * (country=FR,channel=reseller,lang=fr,doc=service-description) that is
 * assembled from the sample customer (or --customer) with the side's
 * catalogue: --catalog-a/--catalog-b, or the catalogue at a git revision
 * (--rev-a/--rev-b: `git archive` of the catalogue's repository into a
 * private temporary folder, removed at the end), or --catalog.
 *
 * Without an output option the Markdown goes to standard output. Every
 * output is made in memory first and written through a temporary file,
 * so trouble leaves no output file behind.
 *
 * Exit status as diff(1): 0 the same, 1 different, 2 trouble (bad
 * options, bad input, a file that cannot be written).
 */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "assemble/assemble.h"
#include "cli/commands.h"
#include "cli/locate.h"
#include "cli/variant.h"
#include "common/output.h"
#include "contract/contract.h"
#include "pliego/pliego.h"
#include "pliego/review.h"
#include "review/review.h"
#include "xslt/xslt.h"

enum { DIFF_SAME = 0, DIFF_DIFFERENT = 1, DIFF_TROUBLE = 2 };

static char *on_date;
static char *catalog_dir;
static char *side_catalog[2];
static char *side_rev[2];
static char *customer_path;
static int row;
static char *templates_dir;
static char *json_path;
static char *markdown_path;
static char *output_path;
static char *areas_path;
static gboolean quiet_warnings;

static GOptionEntry diff_options[] = {
    {"on", 0, 0, G_OPTION_ARG_STRING, &on_date,
     "The date both variants are assembled on, YYYY-MM-DD (default: today, UTC)", "DATE"},
    {"catalog", 0, 0, G_OPTION_ARG_FILENAME, &catalog_dir,
     "The catalogue of both sides, and its templates (default: $PLIEGO_CATALOG, "
     "else . when it holds regions/ and locales/, else the installed one)", "DIR"},
    {"catalog-a", 0, 0, G_OPTION_ARG_FILENAME, &side_catalog[0],
     "The catalogue side A's variant is assembled from", "DIR"},
    {"catalog-b", 0, 0, G_OPTION_ARG_FILENAME, &side_catalog[1],
     "The catalogue side B's variant is assembled from", "DIR"},
    {"rev-a", 0, 0, G_OPTION_ARG_STRING, &side_rev[0],
     "Assemble side A from the catalogue as it was at git revision REV of its "
     "repository (the --catalog folder)", "REV"},
    {"rev-b", 0, 0, G_OPTION_ARG_STRING, &side_rev[1],
     "Assemble side B from the catalogue at git revision REV", "REV"},
    {"customer", 0, 0, G_OPTION_ARG_FILENAME, &customer_path,
     "The sample customer of variant specs: FILE.xml, or FILE.csv with --row "
     "(default: the sample record of docs/review.md)", "FILE"},
    {"row", 0, 0, G_OPTION_ARG_INT, &row,
     "The CSV data row of --customer (1 is the first after the header)", "N"},
    {"templates", 0, 0, G_OPTION_ARG_FILENAME, &templates_dir,
     "The folder holding redline.xsl (default: CATALOG/templates)", "DIR"},
    {"json", 0, 0, G_OPTION_ARG_FILENAME, &json_path,
     "Write the comparison as JSON (schema in docs/review.md) to FILE", "FILE"},
    {"markdown", 0, 0, G_OPTION_ARG_FILENAME, &markdown_path,
     "Write the comparison as Markdown with git word-diff marks to FILE", "FILE"},
    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
     "Write the redline PDF to FILE", "FILE"},
    {"dump-areas", 0, 0, G_OPTION_ARG_FILENAME, &areas_path,
     "Also write the redline's area tree as XML to FILE (needs -o)", "FILE"},
    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet_warnings,
     "Do not print the renderer's warnings", NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};

static const char *const side_names[2] = {"A", "B"};

/* Prints err in the one message shape, the side it concerns leading the
   message ("pliego: FILE:LINE: error: side A: ..."). */
static int trouble(int side, const pliego_error *err)
{
    pliego_error sided = *err;
    if (side >= 0)
        g_snprintf(sided.message, sizeof sided.message, "side %s: %s", side_names[side],
                   err->message);
    pliego_error_print(&sided, stderr);
    return DIFF_TROUBLE;
}

static bool print_warning(const char *file, int line, const char *message,
                          void *user_data)
{
    if (!quiet_warnings)
        fprintf(stderr, "%s:%d: warning: %s\n", file, line, message);
    return true;
}

/* Runs argv; false with err (naming what) when it cannot run or fails. */
static bool run(char **argv, const char *what, pliego_error *err)
{
    char *errors = NULL;
    int status = 0;
    GError *error = NULL;
    bool ok = g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                           NULL, NULL, NULL, &errors, &status, &error) &&
              g_spawn_check_wait_status(status, NULL);
    if (!ok)
        pliego_error_set(err, PLIEGO_ERROR_XML, what, 0, 0, "%s",
                         error ? error->message
                               : errors && *g_strstrip(errors) ? errors : "failed");
    g_clear_error(&error);
    g_free(errors);
    return ok;
}

/* The catalogue of repository folder dir at revision rev, extracted into
   a new temporary folder (*folder, for the caller to remove). */
static char *catalog_at_revision(const char *dir, const char *rev, char **folder,
                                 pliego_error *err)
{
    GError *error = NULL;
    *folder = g_dir_make_tmp("pliego-diff-XXXXXX", &error);
    if (!*folder) {
        pliego_error_set(err, PLIEGO_ERROR_IO, "", 0, 0, "cannot make a temporary folder: %s",
                         error->message);
        g_error_free(error);
        return NULL;
    }
    char *where = g_strdup_printf("%s (git revision %s)", dir, rev);
    char *check_argv[] = {"git", "-C", (char *)dir, "rev-parse", "--is-inside-work-tree",
                          NULL};
    int status = 0;
    bool ok = g_spawn_sync(NULL, check_argv, NULL,
                           G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                               G_SPAWN_STDERR_TO_DEV_NULL,
                           NULL, NULL, NULL, NULL, &status, NULL) &&
              g_spawn_check_wait_status(status, NULL);
    if (!ok)
        pliego_error_set(err, PLIEGO_ERROR_XML, dir, 0, 0,
                         "not in a git repository, so --rev cannot read it");
    /* run in the catalogue's folder, git takes regions and locales relative
       to it and archives them under those names, wherever the folder is in
       the repository */
    char *tar = g_build_filename(*folder, "catalogue.tar", NULL);
    char *archive_argv[] = {"git", "-C", (char *)dir, "archive", "--format=tar",
                            "-o", tar, (char *)rev, "--", "regions", "locales", NULL};
    char *extract_argv[] = {"tar", "-xf", tar, "-C", *folder, NULL};
    ok = ok && run(archive_argv, where, err) && run(extract_argv, where, err);
    g_unlink(tar);
    g_free(tar);
    g_free(where);
    return ok ? g_strdup(*folder) : NULL;
}

static void remove_tree(const char *path)
{
    GDir *dir = g_dir_open(path, 0, NULL);
    if (dir) {
        const char *name;
        while ((name = g_dir_read_name(dir))) {
            char *child = g_build_filename(path, name, NULL);
            if (g_file_test(child, G_FILE_TEST_IS_DIR) &&
                !g_file_test(child, G_FILE_TEST_IS_SYMLINK))
                remove_tree(child);
            else
                g_unlink(child);
            g_free(child);
        }
        g_dir_close(dir);
    }
    g_rmdir(path);
}

/* A catalogue loaded for one side, kept for the other when both read the
   same folder: loading and validating it is most of a diff's time. */
typedef struct {
    char *dir;
    catalog *cat;
} loaded_catalog;

/* Assembles the variant spec of side from its catalogue. */
static pliego_review_document *assemble_side(int side, const char *spec,
                                             const char *base_catalog, guint32 on,
                                             char **temporary, loaded_catalog *cache,
                                             pliego_error *err)
{
    cli_variant variant = {0};
    catalog_doc_kind kind;
    if (!cli_variant_parse_spec(spec, &variant, &kind, err)) {
        cli_variant_clear(&variant);
        return NULL;
    }
    char *dir = NULL;
    if (side_rev[side])
        dir = catalog_at_revision(base_catalog, side_rev[side], temporary, err);
    else
        dir = g_strdup(side_catalog[side] ? side_catalog[side] : base_catalog);
    catalog *cat = NULL;
    if (dir && cache->cat && strcmp(cache->dir, dir) == 0) {
        cat = cache->cat;
    } else if (dir && (cat = cli_catalog_load(dir, err)) && !cache->cat && !side_rev[side]) {
        cache->dir = g_strdup(dir);
        cache->cat = cat;
    }
    if (cat && !variant.lang) {
        const catalog_country *country = catalog_find_country(cat, variant.country);
        if (country && country->languages[0])
            variant.lang = g_strdup(country->languages[0]);
    }
    catalog_customer_set *sample = NULL, *set = NULL;
    pliego_review_document *doc = NULL;
    if (cat && cli_variant_check(cat, &variant, spec, err) &&
        (sample = cli_sample_load(customer_path, row, err))) {
        variant.id = g_strdup("variant");
        const catalog_customer *customer =
            catalog_customer_set_get(sample, row > 0 ? (size_t)row - 1 : 0);
        char *csv = cli_variants_csv(customer, &variant, 1);
        set = catalog_customer_set_load_memory(csv, strlen(csv), spec, true, err);
        g_free(csv);
    }
    if (set) {
        /* through the contract API, as render and batch assemble */
        pliego_catalog *wrapped = contract_catalog_borrow(cat);
        pliego_customer *record = contract_customer_adopt(set, 0, spec);
        set = NULL; /* the record owns it now */
        char date[11];
        assemble_iso_date(on, date);
        pliego_document *document = pliego_document_assemble(
            wrapped, record, catalog_doc_kind_name(kind), variant.lang, date, err);
        pliego_customer_free(record);
        pliego_catalog_free(wrapped);
        /* the side's name says which catalogue when the two differ */
        char *folder = side_catalog[side] ? g_path_get_basename(side_catalog[side]) : NULL;
        char *name = side_rev[side] ? g_strdup_printf("%s@%s", spec, side_rev[side])
                     : folder     ? g_strdup_printf("%s@%s", spec, folder)
                                  : g_strdup(spec);
        g_free(folder);
        doc = document ? review_document_from_xml(contract_document_xml(document), name, err)
                       : NULL;
        g_free(name);
        pliego_document_free(document);
    }
    catalog_customer_set_free(set);
    catalog_customer_set_free(sample);
    if (cat && cat != cache->cat)
        catalog_free(cat);
    g_free(dir);
    cli_variant_clear(&variant);
    return doc;
}

/* A spec has KEY=VALUE and is not a file. */
static bool is_spec(const char *argument)
{
    return strchr(argument, '=') && !g_file_test(argument, G_FILE_TEST_EXISTS);
}

/* The redline: XML -> redline.xsl -> FO -> PDF bytes (and the area tree). */
static bool render_redline(const pliego_review_diff *diff, const char *templates,
                           const char *catalog_folder, char **pdf, gsize *pdf_length,
                           pliego_error *err)
{
    size_t length = 0;
    char *redline = pliego_review_diff_redline(diff, &length);
    xmlDocPtr xml = xmlReadMemory(redline, (int)length, "redline.xml", NULL, XML_PARSE_NONET);
    free(redline);
    xslt_templates *stylesheets = xslt_templates_new(templates, catalog_folder, err);
    xmlChar *fo = NULL;
    int fo_length = 0;
    bool ok = xml && stylesheets &&
              xslt_templates_run_file(stylesheets, "redline.xsl", xml, &fo, &fo_length, err);
    xmlFreeDoc(xml);
    char *fo_name = g_build_filename(templates, "redline.xsl output", NULL);
    xslt_templates_free(stylesheets);
    pliego_fo_document *document =
        ok ? pliego_fo_document_load_memory((const char *)fo, (size_t)fo_length, fo_name,
                                            print_warning, NULL, err)
           : NULL;
    xmlFree(fo);
    g_free(fo_name);
    /* the PDF is written beside its final name and read back, so nothing
       reaches the final name before every output is ready */
    char *temporary = NULL;
    if (document) {
        char *folder = g_path_get_dirname(output_path);
        char *base = g_path_get_basename(output_path);
        temporary = g_strdup_printf("%s/.%s.redline-%d", folder, base, (int)getpid());
        g_free(folder);
        g_free(base);
    }
    ok = document && pliego_fo_document_write_pdf(document, temporary, err) &&
         (!areas_path || pliego_fo_document_write_areas(document, areas_path, err));
    if (ok) {
        GError *error = NULL;
        ok = g_file_get_contents(temporary, pdf, pdf_length, &error);
        if (!ok) {
            pliego_error_set(err, PLIEGO_ERROR_IO, temporary, 0, 0, "cannot read back: %s",
                             error->message);
            g_error_free(error);
        }
    }
    if (temporary)
        g_unlink(temporary);
    g_free(temporary);
    pliego_fo_document_free(document);
    return ok;
}

/* Writes what the options ask for (the redline PDF, JSON, Markdown, or
   Markdown to standard output), all or nothing; the exit status. */
static int write_outputs(pliego_review_diff *diff, const char *catalog_folder)
{
    pliego_error err = {0};
    int status = DIFF_TROUBLE;
    char *pdf = NULL;
    gsize pdf_length = 0;
    char *templates = output_path ? cli_locate_templates(templates_dir, catalog_folder)
                                  : NULL;
    bool ok = !output_path ||
              render_redline(diff, templates, catalog_folder, &pdf, &pdf_length, &err);
    g_free(templates);
    size_t json_length = 0, markdown_length = 0;
    char *json = ok && json_path ? pliego_review_diff_json(diff, &json_length) : NULL;
    char *markdown = ok ? pliego_review_diff_markdown(diff, &markdown_length) : NULL;
    const char *written[3] = {NULL, NULL, NULL};
    if (ok && json_path && (ok = pliego_write_file(json_path, json, json_length, &err)))
        written[0] = json_path;
    if (ok && markdown_path &&
        (ok = pliego_write_file(markdown_path, markdown, markdown_length, &err)))
        written[1] = markdown_path;
    if (ok && output_path && (ok = pliego_write_file(output_path, pdf, pdf_length, &err)))
        written[2] = output_path;
    if (ok && !json_path && !markdown_path && !output_path)
        fwrite(markdown, 1, markdown_length, stdout);
    if (ok) {
        status = pliego_review_diff_same(diff) ? DIFF_SAME : DIFF_DIFFERENT;
    } else {
        /* all or nothing: what was written before the failure goes too */
        for (int i = 0; i < 3; i++)
            if (written[i] && strcmp(written[i], "-") != 0)
                g_unlink(written[i]);
        if (areas_path && strcmp(areas_path, "-") != 0)
            g_unlink(areas_path);
        trouble(-1, &err);
    }
    free(json);
    free(markdown);
    g_free(pdf);
    return status;
}

int cli_diff(int argc, char **argv)
{
    GOptionContext *context = g_option_context_new(
        "A B - compare two documents or variants clause by clause and word by word");
    g_option_context_set_description(
        context,
        "A and B are each a document XML file or a variant spec such as\n"
        "country=FR,channel=reseller,lang=fr,doc=service-description (channel\n"
        "defaults to direct, lang to the country's first, doc to\n"
        "service-description).\n\n"
        "Exit status: 0 the same, 1 different, 2 trouble.");
    g_option_context_add_main_entries(context, diff_options, NULL);
    GError *error = NULL;
    if (!g_option_context_parse(context, &argc, &argv, &error)) {
        fprintf(stderr, "pliego diff: %s\n", error->message);
        g_error_free(error);
        g_option_context_free(context);
        return DIFF_TROUBLE;
    }
    g_option_context_free(context);
    guint32 on = 0;
    if (argc != 3) {
        fprintf(stderr, "pliego diff: give two documents or variant specs, A and B; "
                        "see pliego diff --help\n");
        return DIFF_TROUBLE;
    }
    if (on_date && !catalog_parse_date(on_date, &on)) {
        fprintf(stderr, "pliego diff: --on must be a date such as 2026-11-25\n");
        return DIFF_TROUBLE;
    }
    if (!on_date)
        on = catalog_today(); /* once, for both sides */
    if (row < 0) {
        fprintf(stderr, "pliego diff: --row must be 1 or more\n");
        return DIFF_TROUBLE;
    }
    if (areas_path && !output_path) {
        fprintf(stderr, "pliego diff: --dump-areas needs -o redline.pdf\n");
        return DIFF_TROUBLE;
    }
    pliego_error err = {0};
    /* two document files compare without a catalogue; a spec assembled from
       the base catalogue (or one of its revisions), or the redline's
       templates, need one */
    bool needs_catalog = output_path != NULL;
    for (int side = 0; side < 2; side++)
        if (is_spec(argv[side + 1]) && !side_catalog[side])
            needs_catalog = true;
    const char *catalog_folder = NULL;
    if (needs_catalog && !(catalog_folder = cli_find_catalog(catalog_dir, &err))) {
        trouble(-1, &err);
        return DIFF_TROUBLE;
    }
    pliego_review_document *docs[2] = {NULL, NULL};
    char *temporaries[2] = {NULL, NULL};
    loaded_catalog cache = {NULL, NULL};
    int status = DIFF_TROUBLE;
    for (int side = 0; side < 2; side++) {
        const char *argument = argv[side + 1];
        if (is_spec(argument))
            docs[side] = assemble_side(side, argument, catalog_folder, on,
                                       &temporaries[side], &cache, &err);
        else if (side_rev[side] || side_catalog[side])
            pliego_error_set(&err, PLIEGO_ERROR_XML, argument, 0, 0,
                             "--rev-%c and --catalog-%c need a variant spec, not a file",
                             side ? 'b' : 'a', side ? 'b' : 'a');
        else
            docs[side] = pliego_review_document_load(argument, &err);
        if (!docs[side]) {
            trouble(side, &err);
            goto done;
        }
    }
    pliego_review_diff *diff = pliego_review_diff_new(docs[0], docs[1], &err);
    if (!diff) {
        trouble(-1, &err);
        goto done;
    }
    status = write_outputs(diff, catalog_folder);
    pliego_review_diff_free(diff);
done:
    if (cache.cat)
        catalog_free(cache.cat);
    g_free(cache.dir);
    for (int side = 0; side < 2; side++) {
        pliego_review_document_free(docs[side]);
        if (temporaries[side])
            remove_tree(temporaries[side]);
        g_free(temporaries[side]);
    }
    return status;
}
