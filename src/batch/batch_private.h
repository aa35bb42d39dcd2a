/* What the coordinator (batch.c) and the workers (worker.c) share: the
 * context a worker inherits when it is forked, and the messages on the
 * pipes between them. Not for other stages. */
#ifndef PLIEGO_BATCH_PRIVATE_H
#define PLIEGO_BATCH_PRIVATE_H

#include "batch/batch.h"
#include "catalog/customer.h"
#include "common/output.h"
#include "contract/contract.h"

/* Loaded once by the coordinator before any worker is forked, so a worker
 * (and a worker started again after a crash) begins with the checked
 * catalogue and the compiled templates. Read only in the workers. */
typedef struct {
    const batch_options *options;
    pliego_catalog *catalog;
    pliego_templates *templates;
    char sha256[65];         /* of the customer file, hashed once up front */
    int header[CATALOG_CSV_MAX_COLUMNS];
    int columns;
    char *temporary_prefix;  /* OUT/.pliego-partial-K-of-N- */
} batch_context;

/* A row for a worker: its number, the output file name (in the output
 * folder; NULL: none, the record is bad) and the CSV fields. */
typedef struct {
    int row;
    const char *name;
    char *const *fields;
    int count;
} batch_task;

/* What a worker says about a row. */
typedef enum {
    BATCH_OUTCOME_OK,
    BATCH_OUTCOME_FAILED,
    BATCH_OUTCOME_DISK_FULL /* failed because the output disk is full */
} batch_outcome;

typedef struct {
    int row;
    batch_outcome outcome;
    int pages;
    gint64 bytes;
    char sha256[65];
    long max_rss_kb;     /* the worker's peak resident memory so far */
    char error[1200];
} batch_result;

/* err as pliego_error_print writes it, on one line without its line
 * break: the text of a failed row in the manifest (g_free). */
char *batch_error_text(const pliego_error *err);

/* Sends a task; false when the worker is gone. */
bool batch_send_task(int fd, const batch_task *task);

/* Reads a result: 1, or 0 when the worker is gone (end of file or a torn
 * message). */
int batch_read_result(int fd, batch_result *result);

/* The worker's loop: reads tasks from tasks_fd until it closes, renders
 * each, answers on results_fd, then exits. slot names its temporary file. */
G_NORETURN void batch_worker_main(const batch_context *context, int slot,
                                  int tasks_fd, int results_fd);

#endif
