/* pliego batch-merge: joins the manifests of shards run apart and checks
 * that every row is there exactly once.
 *
 *   pliego batch-merge MANIFEST... -o MERGED.csv [--customers CSV] [--out DIR]
 *
 * Exit status: 0 complete and every row ok or skipped, 1 complete but some
 * rows failed, 2 rows missing or duplicated, files damaged (with --out), or
 * a usage error. See docs/batch.md.
 */
#include <glib.h>
#include <stdio.h>

#include "batch/batch.h"
#include "cli/commands.h"

int cli_batch_merge(int argc, char **argv)
{
    char *output = NULL, *customers = NULL, *out_dir = NULL;
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The merged manifest", "FILE"},
        {"customers", 0, 0, G_OPTION_ARG_FILENAME, &customers,
         "The customer CSV: every one of its rows must be in a manifest", "CSV"},
        {"out", 0, 0, G_OPTION_ARG_FILENAME, &out_dir,
         "The PDFs' folder: check each ok row's file (size and SHA-256)", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    GOptionContext *context =
        g_option_context_new("MANIFEST... - join shard manifests and check them");
    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_description(context,
        "Exit status: 0 every row there once and done, 1 every row there but some "
        "failed, 2 rows missing or repeated, files damaged, or a usage error.");
    GError *error = NULL;
    int status = BATCH_EXIT_BATCH;
    if (!g_option_context_parse(context, &argc, &argv, &error)) {
        fprintf(stderr, "pliego batch-merge: %s\n", error->message);
        g_error_free(error);
    } else if (argc < 2) {
        fprintf(stderr, "pliego batch-merge: give the manifests to merge\n");
    } else if (!output) {
        fprintf(stderr, "pliego batch-merge: no output: give -o MERGED.csv\n");
    } else {
        batch_merge_options options = {
            .manifests = (const char *const *)argv + 1,
            .count = argc - 1,
            .output = output,
            .customers_path = customers,
            .out_dir = out_dir,
        };
        status = batch_merge_run(&options);
    }
    g_option_context_free(context);
    g_free(output);
    g_free(customers);
    g_free(out_dir);
    return status;
}
