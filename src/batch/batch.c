/* The batch coordinator: streams the customer CSV, decides what each row
 * needs (render, skip, or fail at once), hands rows to worker processes,
 * and writes the manifest in row order.
 *
 * Isolation is by process: each worker is forked after the catalogue is
 * checked and the templates compiled, so it starts warm and shares those
 * pages; a row that crashes its worker (a signal) or outlives the time
 * limit (the worker is killed) fails alone, and a new worker is forked in
 * its place. Threads could not survive a crash in a library, and Pango,
 * fontconfig and libxslt keep per-process state that a hang would leave
 * locked.
 *
 * Files and crash safety:
 *   OUT/NAME.pdf                 a finished PDF (renamed into place whole)
 *   OUT/.pliego-partial-K-of-N-*  a worker's temporary PDF
 *   MANIFEST                     the last finished (or stopped) run's records
 *   MANIFEST.partial             this run's records so far, in row order
 *   OUT/.pliego-batch-K-of-N.lock held while the shard runs
 * A run that finds MANIFEST.partial (a killed run) first merges it over
 * MANIFEST, and removes the temporary PDFs of its shard. At the end the
 * output folder is synced (syncfs) before MANIFEST.partial replaces
 * MANIFEST, so the manifest never names a PDF that is not on disk.
 *
 * Memory: one CSV record, the rows in flight and those finished out of
 * order (at most WINDOW), and the table of output names (for collisions:
 * a few dozen bytes per row of the whole file) are all the coordinator
 * holds; workers hold one document at a time.
 */
#include "batch/batch_private.h"
#include "common/message.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Rows taken from the CSV but not yet in the manifest: those in flight
   and those finished while an earlier row is still rendering. */
#define WINDOW 4096
/* Failed rows listed at the end; the manifest has them all. */
#define MAX_LISTED_FAILURES 100

typedef struct {
    batch_record record;
    bool done;
} pending_row;

typedef struct {
    pid_t pid;
    int tasks_fd, results_fd;
    pending_row *row; /* in flight, or NULL */
    gint64 started;
    long max_rss_kb;
} worker;

typedef struct {
    const batch_options *options;
    batch_context context;
    worker *workers;
    GQueue pending;         /* of pending_row*, in row order */
    GHashTable *names;      /* name key -> first row (GINT_TO_POINTER) */
    batch_manifest_reader *previous;
    batch_record previous_record; /* the previous manifest's next record */
    bool previous_live;
    batch_manifest_writer *manifest;
    char *manifest_partial;
    int total, done, failed, skipped, rendered;
    GPtrArray *failures;    /* of char*, the first MAX_LISTED_FAILURES */
    gint64 start, last_progress;
    bool terminal;
    bool disk_full;
    long peak_rss_kb;
    int lock_fd;            /* the shard's lock; not for workers */
} batch;

/* The signal that the caller's handler asked the batch to stop for, or 0. */
static int stop_signal(const batch_options *options)
{
    return options->stop ? (int)*options->stop : 0;
}

static int batch_error(const pliego_error *err)
{
    /* the printer names pliego already */
    pliego_error_print(err, stderr);
    return BATCH_EXIT_BATCH;
}

static bool in_shard(const batch_options *options, int row)
{
    return (row - 1) % options->shard_count == options->shard;
}

/* ---- the output folder ---- */

/* Removes what a killed run of this shard left: its temporary PDFs. */
static void remove_temporaries(const batch_options *options, const char *prefix_name)
{
    GDir *dir = g_dir_open(options->out_dir, 0, NULL);
    if (!dir)
        return;
    const char *name;
    while ((name = g_dir_read_name(dir)))
        if (g_str_has_prefix(name, prefix_name)) {
            char *path = g_build_filename(options->out_dir, name, NULL);
            g_unlink(path);
            g_free(path);
        }
    g_dir_close(dir);
}

/* Takes the shard's lock in the output folder: -1 with err when another
   run holds it. */
static int take_lock(const char *path, pliego_error *err)
{
    for (int attempt = 0; attempt < 5; attempt++) {
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0) {
            pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0, "cannot create: %s",
                             g_strerror(errno));
            return -1;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0,
                             "another pliego batch is running this shard in this folder");
            close(fd);
            return -1;
        }
        /* the lock file may have been removed by a run that just ended */
        struct stat held, named;
        if (fstat(fd, &held) == 0 && stat(path, &named) == 0 &&
            held.st_ino == named.st_ino && held.st_dev == named.st_dev)
            return fd;
        close(fd);
    }
    pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0, "cannot take the lock");
    return -1;
}

/* True when shards k of n and other_k of other_n share a row: a row r
   is shard (r - 1) mod n's, so they do when k and other_k agree modulo
   the greatest common divisor of n and other_n. */
static bool shards_overlap(int k, int n, int other_k, int other_n)
{
    int a = n, b = other_n;
    while (b) {
        int t = a % b;
        a = b;
        b = t;
    }
    return k % a == other_k % a;
}

/* Refuses to run beside a running shard that shares rows with this one
   (a batch without --shard is shard 0 of 1 and shares every row): both
   would render the same rows into the same folder. A shard runs while
   its lock file is locked; each run takes its own lock before it looks
   at the others', so of two runs started together at least one sees the
   other. */
static bool check_overlap(const batch_options *options, const char *own_lock,
                          pliego_error *err)
{
    GDir *dir = g_dir_open(options->out_dir, 0, NULL);
    if (!dir)
        return true;
    char *own = g_path_get_basename(own_lock);
    const char *name;
    bool ok = true;
    while (ok && (name = g_dir_read_name(dir))) {
        int k = 0, n = 0, end = 0;
        if (strcmp(name, own) == 0 ||
            sscanf(name, ".pliego-batch-%d-of-%d.lock%n", &k, &n, &end) != 2 ||
            name[end] != '\0' || n < 1 || k < 0 || k >= n ||
            !shards_overlap(options->shard, options->shard_count, k, n))
            continue;
        char *path = g_build_filename(options->out_dir, name, NULL);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        /* a shared lock is refused while the shard's run holds its own */
        if (fd >= 0 && flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
            if (n == 1)
                pliego_error_set(err, PLIEGO_ERROR_IO, options->out_dir, 0, 0,
                                 "a pliego batch of every row (without --shard) is "
                                 "running in this folder; shard %d/%d would render "
                                 "some of its rows again", options->shard,
                                 options->shard_count);
            else
                pliego_error_set(err, PLIEGO_ERROR_IO, options->out_dir, 0, 0,
                                 "shard %d/%d of a pliego batch is running in this "
                                 "folder and has rows of this one (%d/%d); wait for "
                                 "it to end, or give every shard the same count",
                                 k, n, options->shard, options->shard_count);
            ok = false;
        }
        if (fd >= 0)
            close(fd);
        g_free(path);
    }
    g_free(own);
    g_dir_close(dir);
    return ok;
}

/* ---- workers ---- */

static void close_worker_fds(worker *w)
{
    if (w->tasks_fd >= 0)
        close(w->tasks_fd);
    if (w->results_fd >= 0)
        close(w->results_fd);
    w->tasks_fd = w->results_fd = -1;
}

typedef struct {
    batch *b;
    int slot;
} child_start;

/* In a new worker: the other workers' pipes must not stay open here, or
   they would never see their end of file; a coordinator killed outright
   (kill -9) takes its workers along (message_fork_worker), so none renames
   a file behind the back of the run that resumes. */
G_NORETURN static void start_child(void *data, int in_fd, int out_fd)
{
    const child_start *start = data;
    batch *b = start->b;
    for (int i = 0; i < b->options->jobs; i++)
        close_worker_fds(&b->workers[i]);
    if (b->lock_fd >= 0)
        close(b->lock_fd);
    batch_worker_main(&b->context, start->slot, in_fd, out_fd);
}

static bool spawn(batch *b, int slot, pliego_error *err)
{
    worker *w = &b->workers[slot];
    child_start start = {b, slot};
    if (!message_fork_worker(start_child, &start, &w->pid, &w->tasks_fd, &w->results_fd,
                             err))
        return false;
    w->row = NULL;
    return true;
}

/* Describes how a worker ended, for the row it was on. */
static char *ended(int status)
{
    if (WIFSIGNALED(status))
        return g_strdup_printf("the worker rendering this row was killed by signal %d (%s)",
                               WTERMSIG(status), g_strsignal(WTERMSIG(status)));
    return g_strdup_printf("the worker rendering this row exited with status %d",
                           WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

char *batch_error_text(const pliego_error *err)
{
    char *text = NULL;
    size_t size = 0;
    FILE *memory = open_memstream(&text, &size);
    if (memory) {
        pliego_error_print(err, memory);
        fclose(memory);
    }
    char *line = g_strdup(text ? g_strchomp(text) : err->message);
    free(text);
    for (char *p = line; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return line;
}

static void fail_row(batch *b, pending_row *row, char *message)
{
    row->record.status = BATCH_STATUS_FAILED;
    g_clear_pointer(&row->record.file, g_free); /* no file */
    g_free(row->record.error);
    row->record.error = message;
    row->done = true;
}

/* The worker in slot died or was killed: its row fails, another starts. */
static bool replace_worker(batch *b, int slot, char *message, pliego_error *err)
{
    worker *w = &b->workers[slot];
    int status = 0;
    close_worker_fds(w);
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (w->row)
        fail_row(b, w->row, message ? message : ended(status));
    else
        g_free(message);
    w->row = NULL;
    w->pid = 0;
    return spawn(b, slot, err);
}

/* ---- rows ---- */

static void count_row(batch *b, const batch_record *record)
{
    b->done++;
    if (record->status == BATCH_STATUS_FAILED) {
        b->failed++;
        if (b->failures->len < MAX_LISTED_FAILURES)
            g_ptr_array_add(b->failures,
                            g_strdup_printf("row %d%s%s%s: %s", record->row,
                                            record->customer_id ? " (" : "",
                                            record->customer_id ? record->customer_id : "",
                                            record->customer_id ? ")" : "",
                                            record->error ? record->error : "failed"));
    } else if (record->status == BATCH_STATUS_SKIPPED) {
        b->skipped++;
    } else {
        b->rendered++;
    }
}

/* Writes the finished rows at the head of the queue to the manifest. */
static bool flush_rows(batch *b, pliego_error *err)
{
    pending_row *row;
    while ((row = g_queue_peek_head(&b->pending)) && row->done) {
        g_queue_pop_head(&b->pending);
        bool ok = batch_manifest_append(b->manifest, &row->record, err);
        count_row(b, &row->record);
        batch_record_clear(&row->record);
        g_free(row);
        if (!ok)
            return false;
    }
    return true;
}

/* The previous manifest's record of row, or NULL. */
static const batch_record *previous_record(batch *b, int row, pliego_error *err,
                                           bool *failed)
{
    while (b->previous_live && b->previous_record.row < row) {
        int got = batch_manifest_read(b->previous, &b->previous_record, err);
        if (got < 0)
            *failed = true;
        b->previous_live = got > 0;
    }
    return b->previous_live && b->previous_record.row == row ? &b->previous_record : NULL;
}

/* True when the file a previous record names is there with its size and
   SHA-256. */
static bool output_matches(const batch *b, const batch_record *record)
{
    if (!record->file || !*record->sha256)
        return false;
    char *path = g_build_filename(b->options->out_dir, record->file, NULL);
    char *data = NULL;
    gsize length = 0;
    bool same = g_file_get_contents(path, &data, &length, NULL) &&
                (gint64)length == record->bytes;
    if (same) {
        char *sha = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, length);
        same = strcmp(sha, record->sha256) == 0;
        g_free(sha);
    }
    g_free(data);
    g_free(path);
    return same;
}

/* Decides what the CSV record just read needs. Returns the pending row to
   render (already queued), or NULL when the row is settled (queued done)
   or not this shard's. */
static pending_row *take_row(batch *b, catalog_csv_stream *stream,
                             catalog_csv_status status, const pliego_error *broken,
                             bool *failed, pliego_error *err)
{
    const batch_options *options = b->options;
    int row = catalog_csv_stream_row(stream);
    const char *id = NULL;
    if (status == CATALOG_CSV_RECORD) {
        char *const *fields = catalog_csv_stream_fields(stream);
        int count = catalog_csv_stream_count(stream);
        for (int i = 0; i < count && i < b->context.columns; i++)
            if (b->context.header[i] == CUSTOMER_FIELD_ID && *fields[i])
                id = fields[i];
    }
    char *name = batch_output_name(id, options->kind);
    int owner = 0;
    if (name) {
        /* every shard sees every row's name, so all decide alike */
        char *key = batch_name_key(name);
        gpointer first = NULL;
        if (g_hash_table_lookup_extended(b->names, key, NULL, &first)) {
            owner = GPOINTER_TO_INT(first);
            g_free(key);
        } else {
            g_hash_table_insert(b->names, key, GINT_TO_POINTER(row));
        }
    }
    if (!in_shard(options, row)) {
        g_free(name);
        return NULL;
    }
    pending_row *pending = g_new0(pending_row, 1);
    batch_record *record = &pending->record;
    record->row = row;
    record->customer_id = g_strdup(id);
    record->file = name;
    g_queue_push_tail(&b->pending, pending);
    if (status == CATALOG_CSV_BROKEN) {
        /* the one shape of every message: pliego: FILE: row N: error: ... */
        fail_row(b, pending, batch_error_text(broken));
        return NULL;
    }
    if (owner) {
        fail_row(b, pending,
                 g_strdup_printf("the output name %s is already row %d's (customer ids "
                                 "that differ only in characters a file name cannot hold, "
                                 "or in case, give the same name)",
                                 name, owner));
        g_clear_pointer(&record->file, g_free);
        return NULL;
    }
    const batch_record *before = previous_record(b, row, err, failed);
    if (before && name && before->status != BATCH_STATUS_FAILED &&
        g_strcmp0(before->file, name) == 0 && g_strcmp0(before->customer_id, id) == 0 &&
        (options->retry_failed || output_matches(b, before))) {
        batch_record_copy(record, before);
        record->status = BATCH_STATUS_SKIPPED;
        pending->done = true;
        return NULL;
    }
    return pending;
}

/* ---- progress ---- */

static void progress(batch *b, bool final)
{
    if (!b->options->progress)
        return;
    gint64 now = g_get_monotonic_time();
    gint64 interval = b->terminal ? G_USEC_PER_SEC / 4 : 5 * G_USEC_PER_SEC;
    if (!final && now - b->last_progress < interval)
        return;
    b->last_progress = now;
    double seconds = (double)(now - b->start) / G_USEC_PER_SEC;
    double rate = seconds > 0 ? (b->done - b->skipped) / seconds : 0;
    int left = b->total - b->done;
    char eta[32] = "-";
    if (rate > 0 && left > 0) {
        int s = (int)(left / rate + 0.5);
        g_snprintf(eta, sizeof eta, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
    fprintf(stderr, "%s%d/%d rows, %.1f rows/s, ETA %s, %d failed, %d skipped%s",
            b->terminal ? "\r\033[K" : "pliego batch: ", b->done, b->total, rate, eta,
            b->failed, b->skipped, b->terminal && !final ? "" : "\n");
    fflush(stderr);
}

/* ---- the run ---- */

/* Counts this shard's rows (for progress) and hashes the file (for the
   documents' provenance) in one pass. */
static bool first_pass(batch *b, pliego_error *err)
{
    catalog_csv_stream *stream = catalog_csv_stream_open(b->options->customers_path, err);
    if (!stream)
        return false;
    catalog_csv_status status;
    pliego_error local = {0};
    while ((status = catalog_csv_stream_next(stream, &local)) != CATALOG_CSV_END) {
        if (status == CATALOG_CSV_FAILED) {
            *err = local;
            catalog_csv_stream_free(stream);
            return false;
        }
        int row = catalog_csv_stream_row(stream);
        if (row > 0 && in_shard(b->options, row))
            b->total++;
    }
    g_strlcpy(b->context.sha256, catalog_csv_stream_sha256(stream), sizeof b->context.sha256);
    catalog_csv_stream_free(stream);
    return true;
}

static bool read_header(batch *b, catalog_csv_stream *stream, pliego_error *err)
{
    catalog_csv_status status = catalog_csv_stream_next(stream, err);
    if (status == CATALOG_CSV_END) {
        pliego_error_set(err, PLIEGO_ERROR_XML, b->options->customers_path, 0, 0,
                         "empty: no header row");
        return false;
    }
    if (status != CATALOG_CSV_RECORD)
        return false;
    b->context.columns = catalog_csv_stream_count(stream);
    return catalog_customer_csv_header(b->options->customers_path,
                                       catalog_csv_stream_fields(stream),
                                       b->context.columns, b->context.header, err);
}

static int idle_worker(batch *b)
{
    for (int i = 0; i < b->options->jobs; i++)
        if (!b->workers[i].row)
            return i;
    return -1;
}

static int busy_workers(batch *b)
{
    int busy = 0;
    for (int i = 0; i < b->options->jobs; i++)
        busy += b->workers[i].row != NULL;
    return busy;
}

static bool dispatch(batch *b, int slot, pending_row *row, catalog_csv_stream *stream,
                     pliego_error *err)
{
    worker *w = &b->workers[slot];
    batch_task task = {
        .row = row->record.row,
        .name = row->record.file,
        .fields = catalog_csv_stream_fields(stream),
        .count = catalog_csv_stream_count(stream),
    };
    /* a worker that died while idle is replaced, and the row goes to the
       new one; a second failure is the row's */
    for (int attempt = 0; attempt < 2; attempt++) {
        w->row = row;
        w->started = g_get_monotonic_time();
        if (batch_send_task(w->tasks_fd, &task))
            return true;
        if (attempt == 0) {
            w->row = NULL;
            if (!replace_worker(b, slot, NULL, err))
                return false;
        }
    }
    return replace_worker(b, slot, NULL, err);
}

static bool handle_result(batch *b, int slot, pliego_error *err)
{
    worker *w = &b->workers[slot];
    batch_result result;
    if (!batch_read_result(w->results_fd, &result) || !w->row ||
        result.row != w->row->record.row)
        return replace_worker(b, slot, NULL, err);
    pending_row *row = w->row;
    w->row = NULL;
    if (result.max_rss_kb > w->max_rss_kb)
        w->max_rss_kb = result.max_rss_kb;
    if (result.max_rss_kb > b->peak_rss_kb)
        b->peak_rss_kb = result.max_rss_kb;
    if (result.outcome == BATCH_OUTCOME_OK) {
        row->record.status = BATCH_STATUS_OK;
        row->record.pages = result.pages;
        row->record.bytes = result.bytes;
        g_strlcpy(row->record.sha256, result.sha256, sizeof row->record.sha256);
        row->done = true;
    } else {
        fail_row(b, row, g_strdup(result.error));
        if (result.outcome == BATCH_OUTCOME_DISK_FULL)
            b->disk_full = true;
    }
    return true;
}

/* Kills the workers that outlived the time limit. */
static bool check_time(batch *b, pliego_error *err)
{
    gint64 now = g_get_monotonic_time();
    gint64 limit = (gint64)(b->options->timeout * G_USEC_PER_SEC);
    for (int i = 0; i < b->options->jobs; i++) {
        worker *w = &b->workers[i];
        if (w->row && now - w->started > limit) {
            kill(w->pid, SIGKILL);
            if (!replace_worker(b, i,
                                g_strdup_printf("rendering took longer than the limit of "
                                                "%g s; the worker was stopped",
                                                b->options->timeout),
                                err))
                return false;
        }
    }
    return true;
}

/* Waits for results (or the time limit, or the next progress line). */
static bool wait_for_workers(batch *b, pliego_error *err)
{
    int jobs = b->options->jobs;
    struct pollfd *fds = g_new0(struct pollfd, (gsize)jobs);
    int *slots = g_new0(int, (gsize)jobs);
    int n = 0;
    gint64 now = g_get_monotonic_time();
    gint64 wait = 250 * 1000;
    for (int i = 0; i < jobs; i++)
        if (b->workers[i].row) {
            fds[n].fd = b->workers[i].results_fd;
            fds[n].events = POLLIN;
            slots[n++] = i;
            gint64 left = b->workers[i].started +
                          (gint64)(b->options->timeout * G_USEC_PER_SEC) - now;
            if (left < wait)
                wait = left > 0 ? left : 0;
        }
    int ready = poll(fds, (nfds_t)n, (int)(wait / 1000) + 1);
    bool ok = true;
    for (int k = 0; k < n && ready > 0 && ok; k++)
        if (fds[k].revents)
            ok = handle_result(b, slots[k], err);
    g_free(fds);
    g_free(slots);
    return ok && check_time(b, err);
}

static void stop_workers(batch *b)
{
    for (int i = 0; i < b->options->jobs; i++) {
        worker *w = &b->workers[i];
        if (!w->pid)
            continue;
        if (w->row)
            kill(w->pid, SIGKILL);
        close_worker_fds(w);
        int status;
        while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
            ;
        w->pid = 0;
    }
}

/* Replaces the manifest with the partial one (and what it lacks from the
   manifest before it). */
static bool settle_manifest(const char *manifest, const char *partial, bool complete,
                            pliego_error *err)
{
    if (complete) {
        if (g_rename(partial, manifest) != 0) {
            pliego_error_set(err, PLIEGO_ERROR_IO, manifest, 0, 0, "cannot write: %s",
                             g_strerror(errno));
            return false;
        }
        return true;
    }
    const char *inputs[2] = {manifest, partial};
    bool have_old = g_file_test(manifest, G_FILE_TEST_EXISTS);
    if (!batch_manifest_merge(have_old ? inputs : inputs + 1, have_old ? 2 : 1, manifest,
                              true, NULL, NULL, NULL, err))
        return false;
    g_unlink(partial);
    return true;
}

static void sync_folder(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        syncfs(fd);
        close(fd);
    }
}

static bool prepare_context(batch *b, pliego_error *err)
{
    const batch_options *options = b->options;
    b->context.options = options;
    b->context.catalog = pliego_catalog_load(options->catalog_dir, err);
    if (!b->context.catalog)
        return false;
    b->context.templates = pliego_templates_load(options->templates_dir,
                                                 b->context.catalog, err);
    return b->context.templates &&
           pliego_templates_compile(b->context.templates,
                                    catalog_doc_kind_name(options->kind), err);
}

static void free_context(batch_context *context)
{
    pliego_catalog_free(context->catalog);
    pliego_templates_free(context->templates);
    g_free(context->temporary_prefix);
}

static void summary(batch *b)
{
    double seconds = (double)(g_get_monotonic_time() - b->start) / G_USEC_PER_SEC;
    struct rusage usage = {0};
    getrusage(RUSAGE_SELF, &usage);
    if (b->options->progress)
        fprintf(stderr,
                "pliego batch: %d rows: %d rendered, %d skipped, %d failed in %.1f s "
                "(%.1f documents/s); peak memory: worker %.1f MiB, coordinator %.1f MiB\n",
                b->done, b->rendered, b->skipped, b->failed, seconds,
                seconds > 0 ? b->rendered / seconds : 0, b->peak_rss_kb / 1024.0,
                usage.ru_maxrss / 1024.0);
    if (b->failed > 0) {
        fprintf(stderr, "pliego batch: %d row%s failed:\n", b->failed,
                b->failed == 1 ? "" : "s");
        for (guint i = 0; i < b->failures->len; i++)
            fprintf(stderr, "  %s\n", (char *)b->failures->pdata[i]);
        if (b->failed > (int)b->failures->len)
            fprintf(stderr, "  ... and %d more (see the manifest)\n",
                    b->failed - (int)b->failures->len);
    }
}

/* Streams the rows through the workers. false with err when the batch
   cannot go on. */
static bool run_rows(batch *b, catalog_csv_stream *stream, pliego_error *err)
{
    pending_row *held = NULL; /* read, waiting for a worker */
    bool end = false, previous_failed = false;
    while (!stop_signal(b->options) && !b->disk_full) {
        /* after a full disk no row is started: each would fail the same way */
        while (!end && !held && !b->disk_full && g_queue_get_length(&b->pending) < WINDOW) {
            pliego_error broken = {0};
            catalog_csv_status status = catalog_csv_stream_next(stream, &broken);
            if (status == CATALOG_CSV_END) {
                end = true;
            } else if (status == CATALOG_CSV_FAILED) {
                *err = broken;
                return false;
            } else {
                held = take_row(b, stream, status, &broken, &previous_failed, err);
                if (previous_failed)
                    return false;
            }
            int slot = held ? idle_worker(b) : -1;
            if (slot >= 0) {
                pending_row *row = held;
                held = NULL;
                if (!dispatch(b, slot, row, stream, err))
                    return false;
            }
        }
        if (!flush_rows(b, err))
            return false;
        progress(b, false);
        if (end && !held && busy_workers(b) == 0)
            break;
        if (busy_workers(b) > 0 && !wait_for_workers(b, err))
            return false;
        int slot = held && !b->disk_full ? idle_worker(b) : -1;
        if (slot >= 0) {
            pending_row *row = held;
            held = NULL;
            if (!dispatch(b, slot, row, stream, err))
                return false;
        }
        if (!flush_rows(b, err))
            return false;
    }
    return true;
}

int batch_run(const batch_options *options)
{
    batch b = {.options = options, .lock_fd = -1};
    pliego_error err = {0};
    g_queue_init(&b.pending);
    b.names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    b.failures = g_ptr_array_new_with_free_func(g_free);
    b.workers = g_new0(worker, (gsize)options->jobs);
    for (int i = 0; i < options->jobs; i++)
        b.workers[i].tasks_fd = b.workers[i].results_fd = -1;
    b.start = b.last_progress = g_get_monotonic_time();
    b.terminal = isatty(STDERR_FILENO);
    b.manifest_partial = g_strconcat(options->manifest_path, ".partial", NULL);
    char *shard = g_strdup_printf("%d-of-%d", options->shard, options->shard_count);
    char *temporary_name = g_strdup_printf(".pliego-partial-%s-", shard);
    char *lock_path = g_strdup_printf("%s/.pliego-batch-%s.lock", options->out_dir, shard);
    b.context.temporary_prefix = g_build_filename(options->out_dir, temporary_name, NULL);
    catalog_csv_stream *stream = NULL;
    int lock = -1;
    int status = BATCH_EXIT_BATCH;
    bool complete = false, started = false;

    if (g_mkdir_with_parents(options->out_dir, 0777) != 0) {
        pliego_error_set(&err, PLIEGO_ERROR_IO, options->out_dir, 0, 0,
                         "cannot create the output folder: %s", g_strerror(errno));
        goto done;
    }
    if ((lock = take_lock(lock_path, &err)) < 0)
        goto done;
    b.lock_fd = lock;
    if (!check_overlap(options, lock_path, &err))
        goto done;
    remove_temporaries(options, temporary_name);
    /* a killed run's records first: they are newer than the manifest's */
    if (g_file_test(b.manifest_partial, G_FILE_TEST_EXISTS) &&
        !settle_manifest(options->manifest_path, b.manifest_partial, false, &err))
        goto done;
    if (!first_pass(&b, &err) || !prepare_context(&b, &err))
        goto done;
    stream = catalog_csv_stream_open(options->customers_path, &err);
    if (!stream || !read_header(&b, stream, &err))
        goto done;
    if (g_file_test(options->manifest_path, G_FILE_TEST_EXISTS)) {
        b.previous = batch_manifest_open(options->manifest_path, &err);
        if (!b.previous)
            goto done;
        int got = batch_manifest_read(b.previous, &b.previous_record, &err);
        if (got < 0)
            goto done;
        b.previous_live = got > 0;
    }
    b.manifest = batch_manifest_create(b.manifest_partial, &err);
    if (!b.manifest)
        goto done;
    started = true;
    for (int i = 0; i < options->jobs; i++)
        if (!spawn(&b, i, &err))
            goto done;
    if (!run_rows(&b, stream, &err))
        goto done;
    if (stop_signal(options)) {
        pliego_error_set(&err, PLIEGO_ERROR_IO, "", 0, 0,
                         "stopped by signal %d; run the same command again to resume",
                         stop_signal(options));
        goto done;
    }
    if (b.disk_full) {
        pliego_error_set(&err, PLIEGO_ERROR_IO, options->out_dir, 0, 0,
                         "the output disk is full; free space and run the same command "
                         "again to resume");
        goto done;
    }
    if (strcmp(catalog_csv_stream_sha256(stream), b.context.sha256) != 0) {
        pliego_error_set(&err, PLIEGO_ERROR_IO, options->customers_path, 0, 0,
                         "the file changed while the batch read it; run again");
        goto done;
    }
    complete = true;
done:
    stop_workers(&b);
    if (b.manifest) {
        /* the rows finished in order are kept even when the batch stops */
        bool flushed = flush_rows(&b, complete ? &err : NULL);
        complete = complete && flushed;
        sync_folder(options->out_dir);
        pliego_error closing = {0};
        bool closed = batch_manifest_close(b.manifest, &closing);
        batch_manifest_reader_free(b.previous);
        b.previous = NULL;
        if (complete && !closed) {
            err = closing;
            complete = false;
        }
        pliego_error settling = {0};
        if (!settle_manifest(options->manifest_path, b.manifest_partial, complete,
                             &settling) && complete) {
            err = settling;
            complete = false;
        }
    }
    if (started) {
        progress(&b, true);
        summary(&b);
    }
    if (complete)
        status = b.failed > 0 ? BATCH_EXIT_ROWS : BATCH_EXIT_OK;
    else
        batch_error(&err);
    remove_temporaries(options, temporary_name);
    if (lock >= 0) {
        g_unlink(lock_path);
        close(lock);
    }
    catalog_csv_stream_free(stream);
    batch_manifest_reader_free(b.previous);
    batch_record_clear(&b.previous_record);
    pending_row *row;
    while ((row = g_queue_pop_head(&b.pending))) {
        batch_record_clear(&row->record);
        g_free(row);
    }
    free_context(&b.context);
    g_hash_table_destroy(b.names);
    g_ptr_array_free(b.failures, TRUE);
    g_free(b.workers);
    g_free(b.manifest_partial);
    g_free(shard);
    g_free(temporary_name);
    g_free(lock_path);
    return status;
}
