/* pliego batch: every row of a customer CSV to a PDF, unattended.
 *
 *   pliego batch CUSTOMERS.csv --doc KIND --out DIR [-j N] [--on DATE]
 *       [--lang TAG] [--shard K/N | --shard-count N] [--manifest FILE]
 *       [--retry-failed] [--timeout SECONDS] [--catalog DIR]
 *       [--templates DIR] [-q] [--warnings]
 *
 * Parses and checks the options, works out the shard (--shard, or the
 * index a Kubernetes Indexed Job or a Slurm job array gives), and leaves
 * the run to src/batch. Exit status: 0 every row ok or skipped, 1 some rows
 * failed, 2 the batch could not run (usage errors included, so that 1
 * always means failed rows). See docs/batch.md.
 */
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"
#include "cli/commands.h"
#include "pliego/archive.h"
#include "cli/locate.h"

static int usage_error(const char *format, const char *detail)
{
    fputs("pliego batch: ", stderr);
    fprintf(stderr, format, detail);
    fputc('\n', stderr);
    return BATCH_EXIT_BATCH;
}

static bool parse_count(const char *text, int *value)
{
    char *end;
    long parsed = text ? strtol(text, &end, 10) : -1;
    if (!text || !*text || *end || parsed < 0 || parsed > 1000000)
        return false;
    *value = (int)parsed;
    return true;
}

/* --shard K/N, else JOB_COMPLETION_INDEX (Kubernetes) or
   SLURM_ARRAY_TASK_ID (Slurm) with the count from --shard-count,
   PLIEGO_SHARD_COUNT or SLURM_ARRAY_TASK_COUNT. */
/* SIGINT and SIGTERM stop the batch between rows, so that the same command
   resumes it; the library only reads the flag. */
static volatile sig_atomic_t stop_signal;

static void on_stop(int signal_number)
{
    stop_signal = signal_number;
}

/* Runs the batch with the signal handling it needs: SIGINT and SIGTERM set
   stop_signal, SIGPIPE is ignored (a worker that died closes its pipe).
   pliego variants runs its matrix through it too. */
int cli_run_batch(batch_options *options)
{
    struct sigaction stop = {.sa_handler = on_stop};
    struct sigaction ignore = {.sa_handler = SIG_IGN};
    struct sigaction old_int, old_term, old_pipe;
    sigaction(SIGINT, &stop, &old_int);
    sigaction(SIGTERM, &stop, &old_term);
    sigaction(SIGPIPE, &ignore, &old_pipe);
    options->stop = &stop_signal;
#ifdef PLIEGO_TEST_HOOKS
    options->before_row = cli_test_before_row;
#endif
    int status = batch_run(options);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGPIPE, &old_pipe, NULL);
    return status;
}

static int pick_shard(const char *shard, int shard_count, batch_options *options)
{
    options->shard = 0;
    options->shard_count = 1;
    if (shard) {
        char **parts = g_strsplit(shard, "/", 3);
        bool ok = g_strv_length(parts) == 2 && parse_count(parts[0], &options->shard) &&
                  parse_count(parts[1], &options->shard_count);
        g_strfreev(parts);
        if (!ok || options->shard_count < 1 || options->shard >= options->shard_count)
            return usage_error("--shard must be K/N with 0 <= K < N, e.g. 0/3; not %s",
                               shard);
        if (shard_count > 0 && shard_count != options->shard_count)
            return usage_error("--shard-count disagrees with --shard %s", shard);
        return 0;
    }
    const char *index_name = NULL;
    const char *index = NULL;
    if ((index = g_getenv("JOB_COMPLETION_INDEX")) && *index)
        index_name = "JOB_COMPLETION_INDEX";
    else if ((index = g_getenv("SLURM_ARRAY_TASK_ID")) && *index)
        index_name = "SLURM_ARRAY_TASK_ID";
    if (!index_name) {
        if (shard_count > 1)
            return usage_error("%s", "--shard-count needs a shard index: --shard K/N, "
                               "JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID");
        return 0;
    }
    if (!parse_count(index, &options->shard))
        return usage_error("%s is not a shard index", index_name);
    if (strcmp(index_name, "SLURM_ARRAY_TASK_ID") == 0) {
        /* an array may start elsewhere than 0: --array=1-3 */
        int first = 0;
        if (parse_count(g_getenv("SLURM_ARRAY_TASK_MIN"), &first) && first <= options->shard)
            options->shard -= first;
    }
    const char *count = g_getenv("PLIEGO_SHARD_COUNT");
    if (shard_count > 0)
        options->shard_count = shard_count;
    else if (count && *count) {
        if (!parse_count(count, &options->shard_count) || options->shard_count < 1)
            return usage_error("PLIEGO_SHARD_COUNT=%s is not a count", count);
    } else if (strcmp(index_name, "SLURM_ARRAY_TASK_ID") == 0 &&
               parse_count(g_getenv("SLURM_ARRAY_TASK_COUNT"), &options->shard_count)) {
    } else {
        return usage_error("%s is set but the number of shards is not: give "
                           "--shard-count N or PLIEGO_SHARD_COUNT=N", index_name);
    }
    if (options->shard_count < 1 || options->shard >= options->shard_count)
        return usage_error("%s is not below the number of shards", index_name);
    return 0;
}

/* The first usage error of the options, as a message for usage_error,
   or NULL with options->kind and options->on set. */
static const char *check_usage(batch_options *options, const char *doc_kind,
                               const char *out_dir, int jobs, double timeout,
                               const char *on_date)
{
    if (!doc_kind || !catalog_doc_kind_parse(doc_kind, &options->kind))
        return "--doc must be service-description, cancellation-notice or transfer-notice";
    if (!out_dir)
        return "no output folder: give --out DIR";
    if (jobs < 0 || jobs > 256)
        return "-j must be between 1 and 256";
    if (!(timeout > 0))
        return "--timeout must be more than 0 seconds";
    if (on_date && !catalog_parse_date(on_date, &options->on))
        return "--on must be a date such as 2026-11-25";
    if (!on_date)
        options->on = catalog_today();
    return NULL;
}

int cli_batch(int argc, char **argv)
{
    char *doc_kind = NULL, *out_dir = NULL, *on_date = NULL, *lang = NULL;
    char *shard = NULL, *manifest = NULL, *catalog_dir = NULL, *templates_dir = NULL;
    int jobs = 0, shard_count = 0;
    double timeout = 60;
    gboolean retry_failed = FALSE, quiet = FALSE, warnings = FALSE;
    char *pdf_standard = NULL;
    GOptionEntry entries[] = {
        CLI_OPTION_DOC(doc_kind),
        {"out", 0, 0, G_OPTION_ARG_FILENAME, &out_dir,
         "The folder for the PDFs (created if missing)", "DIR"},
        {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
         "Worker processes (default: the number of cores)", "N"},
        {"on", 0, 0, G_OPTION_ARG_STRING, &on_date,
         "The documents' date, YYYY-MM-DD (default: today, UTC, once for the batch)", "DATE"},
        {"lang", 0, 0, G_OPTION_ARG_STRING, &lang,
         "Language tag for every document (default: each customer's)", "TAG"},
        {"shard", 0, 0, G_OPTION_ARG_STRING, &shard,
         "Only the rows whose index (row - 1) modulo N is K", "K/N"},
        {"shard-count", 0, 0, G_OPTION_ARG_INT, &shard_count,
         "N, when the index K comes from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID "
         "(also PLIEGO_SHARD_COUNT)", "N"},
        {"manifest", 0, 0, G_OPTION_ARG_FILENAME, &manifest,
         "The manifest (default: DIR/manifest.csv, or DIR/manifest-K-of-N.csv for a shard)",
         "FILE"},
        {"retry-failed", 0, 0, G_OPTION_ARG_NONE, &retry_failed,
         "Redo only the rows the manifest lists as failed (and those it lacks)", NULL},
        {"timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout,
         "Seconds one document may take before its worker is stopped (60)", "SECONDS"},
        CLI_OPTION_CATALOG(catalog_dir),
        CLI_OPTION_TEMPLATES(templates_dir, "KIND.xsl"),
        {"pdf-standard", 0, 0, G_OPTION_ARG_STRING, &pdf_standard,
         "Standards each PDF meets: pdf/a-3b, pdf/a-2b, pdf/ua-1 (comma-joined) or none "
         "(default pdf/a-3b,pdf/ua-1)", "LIST"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress lines", NULL},
        {"warnings", 0, 0, G_OPTION_ARG_NONE, &warnings,
         "Print the renderer's warnings, each with its row", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    GOptionContext *context = g_option_context_new(
        "CUSTOMERS.csv - render one document per customer row");
    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_description(context, CLI_BATCH_EXIT_STATUSES);
    GError *error = NULL;
    int status = BATCH_EXIT_BATCH;
    batch_options options = {0};
    char *templates = NULL, *default_manifest = NULL;
    cli_catalog found = {0};
    if (!g_option_context_parse(context, &argc, &argv, &error)) {
        usage_error("%s", error->message);
        g_error_free(error);
        goto done;
    }
    if (argc != 2) {
        usage_error("%s", "give one customer file: pliego batch CUSTOMERS.csv --doc KIND "
                          "--out DIR");
        goto done;
    }
    options.customers_path = argv[1];
    options.out_dir = out_dir;
    options.lang = lang;
    options.jobs = jobs > 0 ? jobs : (int)g_get_num_processors();
    options.retry_failed = retry_failed;
    options.timeout = timeout;
    options.progress = !quiet;
    options.warnings = warnings;
    options.pdf_standards = PLIEGO_PDF_ARCHIVAL;
    pliego_error standard_error = {0};
    if (pdf_standard && !pliego_pdf_standards_parse(pdf_standard,
                                                    &options.pdf_standards,
                                                    &standard_error)) {
        usage_error("--pdf-standard: %s", standard_error.message);
        goto done;
    }
    const char *problem = check_usage(&options, doc_kind, out_dir, jobs, timeout, on_date);
    if (problem) {
        usage_error("%s", problem);
        goto done;
    }
    if (pick_shard(shard, shard_count, &options) != 0)
        goto done;
    /* the catalogue after the options, so that a usage error says so
       wherever it is run */
    pliego_error err = {0};
    if (!cli_locate_catalog(catalog_dir, &found, &err)) {
        pliego_error_print(&err, stderr);
        goto done;
    }
    options.catalog_dir = found.catalog;
    templates = cli_locate_templates(templates_dir, options.catalog_dir);
    options.templates_dir = templates;
    if (!manifest) {
        default_manifest = options.shard_count > 1
            ? g_strdup_printf("%s/manifest-%d-of-%d.csv", out_dir, options.shard,
                              options.shard_count)
            : g_build_filename(out_dir, "manifest.csv", NULL);
    }
    options.manifest_path = manifest ? manifest : default_manifest;
    status = cli_run_batch(&options);
done:
    g_option_context_free(context);
    g_free(templates);
    g_free(found.catalog);
    g_free(default_manifest);
    g_free(doc_kind);
    g_free(out_dir);
    g_free(on_date);
    g_free(lang);
    g_free(shard);
    g_free(manifest);
    g_free(catalog_dir);
    g_free(templates_dir);
    return status;
}
