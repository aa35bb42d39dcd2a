/* batch-merge: the manifests of shards run apart, joined into one and
 * checked, so that N machines' runs are known to have rendered every row
 * exactly once. */
#include "batch/batch.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "catalog/customer.h"

#define MAX_LISTED 20

static bool count_rows(const char *path, int *rows, pliego_error *err)
{
    catalog_csv_stream *stream = catalog_csv_stream_open(path, err);
    if (!stream)
        return false;
    catalog_csv_status status;
    *rows = 0;
    while ((status = catalog_csv_stream_next(stream, err)) != CATALOG_CSV_END) {
        if (status == CATALOG_CSV_FAILED) {
            catalog_csv_stream_free(stream);
            return false;
        }
        if (catalog_csv_stream_row(stream) > 0)
            (*rows)++;
    }
    catalog_csv_stream_free(stream);
    return true;
}

static bool file_matches(const char *dir, const batch_record *record)
{
    char *path = g_build_filename(dir, record->file, NULL);
    char *data = NULL;
    gsize length = 0;
    bool same = g_file_get_contents(path, &data, &length, NULL) &&
                (gint64)length == record->bytes;
    if (same) {
        char *sha = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data,
                                                length);
        same = strcmp(sha, record->sha256) == 0;
        g_free(sha);
    }
    g_free(data);
    g_free(path);
    return same;
}

/* Prints a problem, the first MAX_LISTED of each kind. */
static void problem(int *count, const char *format, ...) G_GNUC_PRINTF(2, 3);
static void problem(int *count, const char *format, ...)
{
    if (++*count > MAX_LISTED)
        return;
    va_list args;
    va_start(args, format);
    fputs("pliego batch-merge: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
}

int batch_merge_run(const batch_merge_options *options)
{
    pliego_error err = {0};
    int expected = -1;
    if (options->customers_path && !count_rows(options->customers_path, &expected, &err)) {
        fputs("pliego batch-merge: ", stderr);
        pliego_error_print(&err, stderr);
        return BATCH_EXIT_BATCH;
    }
    /* The merge goes to a hidden file beside the output and is checked
       there; only a merge that passes (failed rows aside) is renamed into
       place, so a failed one leaves nothing at -o. */
    int rows = 0, duplicates = 0;
    char *folder = g_path_get_dirname(options->output);
    char *base = g_path_get_basename(options->output);
    char *name = g_strdup_printf("%s%s.unchecked-%d", base[0] == '.' ? "" : ".", base,
                                 (int)getpid());
    char *unchecked = g_build_filename(folder, name, NULL);
    g_free(folder);
    g_free(base);
    g_free(name);
    if (!batch_manifest_merge(options->manifests, options->count, unchecked, false,
                              stderr, &rows, &duplicates, &err)) {
        fputs("pliego batch-merge: ", stderr);
        pliego_error_print(&err, stderr);
        g_free(unchecked);
        return BATCH_EXIT_BATCH;
    }
    batch_manifest_reader *reader = batch_manifest_open(unchecked, &err);
    if (!reader) {
        fputs("pliego batch-merge: ", stderr);
        pliego_error_print(&err, stderr);
        g_unlink(unchecked);
        g_free(unchecked);
        return BATCH_EXIT_BATCH;
    }
    GHashTable *files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    batch_record record = {0};
    int next = 1, missing = 0, failed = 0, damaged = 0, renamed = 0, got;
    int good = 0;
    while ((got = batch_manifest_read(reader, &record, &err)) > 0) {
        for (; next < record.row; next++)
            problem(&missing, "row %d is in no manifest", next);
        next = record.row + 1;
        if (expected >= 0 && record.row > expected)
            problem(&missing, "row %d is beyond the customer file's %d rows", record.row,
                    expected);
        if (record.status == BATCH_STATUS_FAILED) {
            failed++;
            continue;
        }
        good++;
        if (record.file) {
            char *key = batch_name_key(record.file);
            gpointer first = NULL;
            if (g_hash_table_lookup_extended(files, key, NULL, &first)) {
                problem(&renamed, "rows %d and %d both name %s", GPOINTER_TO_INT(first),
                        record.row, record.file);
                g_free(key);
            } else {
                g_hash_table_insert(files, key, GINT_TO_POINTER(record.row));
            }
        }
        if (options->out_dir && (!record.file || !file_matches(options->out_dir, &record)))
            problem(&damaged, "row %d: %s is missing or not the file the manifest describes",
                    record.row, record.file ? record.file : "(no file)");
    }
    if (got < 0) {
        fputs("pliego batch-merge: ", stderr);
        pliego_error_print(&err, stderr);
        damaged++;
    }
    for (; expected >= 0 && next <= expected; next++)
        problem(&missing, "row %d is in no manifest", next);
    batch_record_clear(&record);
    batch_manifest_reader_free(reader);
    g_hash_table_destroy(files);
    fprintf(stderr,
            "pliego batch-merge: %d rows from %d manifests: %d ok or skipped, %d failed, "
            "%d missing, %d duplicated%s\n",
            rows, options->count, good, failed, missing, duplicates + renamed,
            options->out_dir ? (damaged ? ", some files damaged" : ", files checked") : "");
    int status = missing || duplicates || renamed || damaged ? BATCH_EXIT_BATCH
                 : failed                                     ? BATCH_EXIT_ROWS
                                                              : BATCH_EXIT_OK;
    if (status != BATCH_EXIT_BATCH && g_rename(unchecked, options->output) != 0) {
        fprintf(stderr, "pliego batch-merge: %s: error: cannot write: %s\n",
                options->output, g_strerror(errno));
        status = BATCH_EXIT_BATCH;
    }
    if (status == BATCH_EXIT_BATCH)
        g_unlink(unchecked);
    g_free(unchecked);
    return status;
}
