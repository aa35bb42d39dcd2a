/* The batch stage: many rows of a customer CSV to one PDF each, unattended.
 *
 * Takes a customer CSV, a kind of document and an output folder; gives one
 * PDF per row and a manifest (one CSV record per row) saying what became
 * of each. The coordinator (batch.c) streams the CSV, names the outputs
 * (names.c), hands rows to worker processes (worker.c) and writes the
 * manifest in row order (manifest.c); a worker that crashes or hangs costs
 * only the row it was rendering. batch-merge (merge.c) joins the manifests
 * of shards run apart. docs/batch.md is the user's guide.
 */
#ifndef PLIEGO_BATCH_H
#define PLIEGO_BATCH_H

#include <glib.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "catalog/catalog.h"
#include "pliego/pliego.h"

/* Exit statuses of pliego batch and batch-merge. */
enum {
    BATCH_EXIT_OK = 0,     /* every row ok or skipped */
    BATCH_EXIT_ROWS = 1,   /* some rows failed */
    BATCH_EXIT_BATCH = 2   /* the batch itself could not run (or was stopped) */
};

typedef struct {
    const char *customers_path; /* the CSV */
    catalog_doc_kind kind;
    const char *out_dir;
    const char *catalog_dir;
    const char *templates_dir;
    const char *lang;      /* NULL: each customer's own */
    guint32 on;            /* document date, GDate Julian day (never 0) */
    int jobs;              /* worker processes, >= 1 */
    int shard, shard_count; /* rows whose index (row - 1) % count == shard */
    const char *manifest_path;
    bool retry_failed;
    double timeout;        /* seconds one document may take */
    bool progress;         /* print progress to stderr */
    bool warnings;         /* print the renderer's warnings */
    /* The library installs no signal handler. The caller's handler sets
       *stop (to the signal's number) to stop the batch between rows, so
       that the same command resumes it; NULL: never stopped. The caller
       also keeps SIGPIPE from killing the process (the CLI ignores it): a
       worker that dies closes its pipe while rows are being sent to it. */
    const volatile sig_atomic_t *stop;
    /* Called in the worker process before it renders each row, with the
       row's customer id (may be NULL); NULL for none. Only the test build
       of the CLI sets it, to crash or hang a worker on a chosen row. */
    void (*before_row)(const char *customer_id);
    unsigned pdf_standards; /* PLIEGO_PDF_* bits (pliego/archive.h) */
    double thumbnail_dpi;  /* > 0: also NAME.png, the first page at this
                              resolution, beside each PDF (pliego variants) */
} batch_options;

/* Runs a batch; returns its exit status (BATCH_EXIT_*), having printed the
 * reason for a failed batch and the failed rows to stderr. */
int batch_run(const batch_options *options);

/* The pre-flight (preflight.c) ------------------------------------------ */

typedef struct {
    const catalog *cat;         /* loaded and checked (catalog_check) */
    const char *customers_path; /* .csv (streamed) or .xml */
    catalog_doc_kind kind;
    const char *lang;           /* NULL: each customer's */
    guint32 on;                 /* the documents' date (GDate Julian day) */
} batch_preflight_options;

/* Runs every row of the customer file through the checks a batch applies
 * to it before its templates (the record, the business rules of kind, the
 * document XML, and the coordinator's refusals: broken records, rows
 * without a customer id, clashing output names), rendering nothing. Prints
 * one error line per bad row to report. Returns the number of bad rows and
 * sets *rows (if not NULL) to the number of rows read; -1 with err filled
 * when the file cannot be read as a whole (unreadable, no or a bad header). */
int batch_preflight(const batch_preflight_options *options, FILE *report, int *rows,
                    pliego_error *err);

/* Output names (names.c) ------------------------------------------------ */

/* The file name of customer id's document of kind: the id with every
 * character other than ASCII letters, digits, '-', '_' and '.' replaced
 * by '_' (runs of them by one), runs of dots by one dot, no leading dot,
 * dash or underscore, at most 100 bytes, "_" before a reserved device name (CON, NUL,
 * COM1, ...), then "-KIND.pdf". NULL when id is NULL or empty. g_free. */
char *batch_output_name(const char *id, catalog_doc_kind kind);

/* The key two names collide under on a case-insensitive file system
 * (ASCII lowercase). g_free. */
char *batch_name_key(const char *name);

/* The manifest (manifest.c) ---------------------------------------------- */

typedef enum { BATCH_STATUS_OK, BATCH_STATUS_FAILED, BATCH_STATUS_SKIPPED } batch_status;

/* One row's record. Strings are owned by the record (batch_record_clear). */
typedef struct {
    int row;
    char *customer_id; /* may be NULL */
    char *file;        /* output file name in the output folder, or NULL */
    int pages;
    gint64 bytes;
    char sha256[65];   /* empty when there is no file */
    batch_status status;
    char *error;       /* NULL unless failed */
} batch_record;

void batch_record_clear(batch_record *record);
void batch_record_copy(batch_record *to, const batch_record *from);
const char *batch_status_name(batch_status status);

/* The manifest's column names, in order. */
#define BATCH_MANIFEST_HEADER "row,customer_id,file,pages,bytes,sha256,status,error"

typedef struct batch_manifest_writer batch_manifest_writer;

/* Creates (truncates) path and writes the header. NULL with err. */
batch_manifest_writer *batch_manifest_create(const char *path, pliego_error *err);
/* Appends one record with a single write, so a killed process leaves
 * whole records (and at worst one torn last line, which readers drop).
 * After a failed write (a full disk) the part of the record written is
 * cut off again and every later append fails with err: nothing is ever
 * written after a torn record. */
bool batch_manifest_append(batch_manifest_writer *writer, const batch_record *record,
                           pliego_error *err);
/* Flushes to disk (fsync) and closes; false with err. Frees writer. */
bool batch_manifest_close(batch_manifest_writer *writer, pliego_error *err);

typedef struct batch_manifest_reader batch_manifest_reader;

/* Opens a manifest written by pliego batch. NULL with err when it cannot
 * be read or its header is not BATCH_MANIFEST_HEADER. */
batch_manifest_reader *batch_manifest_open(const char *path, pliego_error *err);
/* The next record into *record (cleared first): 1, or 0 at the end, or -1
 * with err when the file cannot be read or rows are out of order. A
 * record that is not whole (torn by a full disk or a crash: fields
 * missing or malformed, or the last line without its line break) is
 * skipped, so the row it was for counts as not done. */
int batch_manifest_read(batch_manifest_reader *reader, batch_record *record,
                        pliego_error *err);
void batch_manifest_reader_free(batch_manifest_reader *reader);

/* Merges manifests, each in row order, into output (written through a
 * temporary file renamed into place). With later_wins, a row in several
 * inputs takes the record of the last of them (a resumed run's partial
 * manifest over the complete one before it); otherwise a row in two inputs
 * is reported on report as a duplicate and the first kept. Counts go to
 * *rows and *duplicates (may be NULL). false with err when an input or the
 * output fails. */
bool batch_manifest_merge(const char *const *inputs, int count, const char *output,
                          bool later_wins, FILE *report, int *rows, int *duplicates,
                          pliego_error *err);

/* batch-merge (merge.c) --------------------------------------------------- */

typedef struct {
    const char *const *manifests; /* the shards' manifests */
    int count;
    const char *output;         /* the merged manifest */
    const char *customers_path; /* NULL, or the CSV: every row must be there */
    const char *out_dir;        /* NULL, or where the PDFs are: check each one */
} batch_merge_options;

/* Merges shard manifests into one, in row order, and checks it: no row in
 * two manifests, no row missing (1 to the CSV's last row, or to the
 * highest row seen without customers_path), no output file named twice,
 * and with out_dir every ok or skipped row's PDF there with its size and
 * SHA-256. Prints what is wrong to stderr. Returns BATCH_EXIT_OK,
 * BATCH_EXIT_ROWS when the only problem is rows that failed, or
 * BATCH_EXIT_BATCH for a missing, duplicated or damaged row or an
 * unreadable manifest. */
int batch_merge_run(const batch_merge_options *options);

#endif
