/* A batch worker: a process forked by the coordinator that renders rows
 * one at a time, with the catalogue and the compiled templates it
 * inherited and the fonts it loads on its first document and keeps. Each
 * row goes through the library's contract API as pliego render does (so
 * the PDF has the same bytes) into a temporary file in the output folder,
 * hashed and counted as it is written (size, SHA-256, PDF header and
 * trailer), and only then renamed to its final name. The worker owns nothing the coordinator needs: if it
 * crashes or hangs, the coordinator fails that row and forks another.
 */
#include "batch/batch_private.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <nettle/sha2.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "assemble/assemble.h"
#include "common/message.h"
#include "pliego/archive.h"

/* ---- messages (common/message.h) ---- */

bool batch_send_task(int fd, const batch_task *task)
{
    GByteArray *message = g_byte_array_new();
    message_put_int(message, task->row);
    message_put_string(message, task->name);
    message_put_int(message, task->count);
    for (int i = 0; i < task->count; i++)
        message_put_string(message, task->fields[i]);
    return message_send(fd, message);
}

static bool send_result(int fd, const batch_result *result)
{
    GByteArray *message = g_byte_array_new();
    message_put_int(message, result->row);
    message_put_int(message, result->outcome);
    message_put_int(message, result->pages);
    message_put_int(message, result->bytes);
    message_put_string(message, result->sha256);
    message_put_int(message, result->max_rss_kb);
    message_put_string(message, result->error);
    return message_send(fd, message);
}

int batch_read_result(int fd, batch_result *result)
{
    guint8 *data = NULL;
    guint32 length = 0;
    int got = message_receive(fd, &data, &length);
    if (got != 1)
        return 0;
    message_cursor c = {data, length, 0, false};
    memset(result, 0, sizeof *result);
    result->row = (int)message_get_int(&c);
    result->outcome = (batch_outcome)message_get_int(&c);
    result->pages = (int)message_get_int(&c);
    result->bytes = message_get_int(&c);
    char *sha = message_get_string(&c);
    result->max_rss_kb = (long)message_get_int(&c);
    char *error = message_get_string(&c);
    g_strlcpy(result->sha256, sha ? sha : "", sizeof result->sha256);
    g_strlcpy(result->error, error ? error : "", sizeof result->error);
    g_free(sha);
    g_free(error);
    g_free(data);
    return c.bad ? 0 : 1;
}

/* ---- rendering one row ---- */

static bool print_warning(const char *file, int line, const char *message,
                          void *user_data)
{
    const batch_task *task = user_data;
    /* the shape of every message, the customer row at the end */
    if (line > 0)
        fprintf(stderr, "pliego: %s:%d: warning: %s (row %d)\n", file, line, message,
                task->row);
    else
        fprintf(stderr, "pliego: %s: warning: %s (row %d)\n", file, message, task->row);
    return true;
}

static bool ignore_warning(const char *file, int line, const char *message,
                           void *user_data)
{
    return true;
}

/* The error as pliego_error_print writes it, on one line. */
static void describe(const pliego_error *err, batch_result *result)
{
    char *text = batch_error_text(err);
    g_strlcpy(result->error, text, sizeof result->error);
    g_free(text);
    result->outcome = BATCH_OUTCOME_FAILED;
    if (err->code == PLIEGO_ERROR_IO &&
        (strstr(err->message, g_strerror(ENOSPC)) || strstr(err->message, g_strerror(EDQUOT))))
        result->outcome = BATCH_OUTCOME_DISK_FULL;
}

/* The PDF on its way into the temporary file: hashed and counted as it
   is written, with its first and last bytes kept to see that it is whole
   (a header, and %%EOF at the end), so nothing is read back. The hash is
   nettle's, which uses the processor's SHA instructions where it has
   them: GLib's costs about 4.5 ns a byte, a quarter of a millisecond of
   the 6 that an archival one-page notice takes (bench/README.md,
   "Archival output"). */
typedef struct {
    FILE *stream;
    struct sha256_ctx sha256;
    gint64 bytes;
    char head[5];
    char tail[6];
    int write_errno; /* the first failed write */
} pdf_sink;

static bool sink_write(void *ctx, const void *data, size_t length)
{
    pdf_sink *sink = ctx;
    if (fwrite(data, 1, length, sink->stream) != length) {
        sink->write_errno = errno ? errno : EIO;
        return false;
    }
    sha256_update(&sink->sha256, length, data);
    const char *bytes = data;
    for (size_t i = 0; (gint64)i + sink->bytes < (gint64)sizeof sink->head && i < length; i++)
        sink->head[sink->bytes + (gint64)i] = bytes[i];
    /* the last six bytes of all written so far */
    size_t kept = length >= sizeof sink->tail ? 0 : sizeof sink->tail - length;
    memmove(sink->tail, sink->tail + sizeof sink->tail - kept, kept);
    memcpy(sink->tail + kept, bytes + length - (sizeof sink->tail - kept),
           sizeof sink->tail - kept);
    sink->bytes += (gint64)length;
    return true;
}

/* That the PDF written is whole; its size and SHA-256 into result. */
static bool check_pdf(pdf_sink *sink, const char *path, batch_result *result,
                      pliego_error *err)
{
    bool whole = sink->bytes > 16 && memcmp(sink->head, "%PDF-", 5) == 0 &&
                 memmem(sink->tail, sizeof sink->tail, "%%EOF", 5) != NULL;
    if (!whole) {
        pliego_error_set(err, PLIEGO_ERROR_RENDER, path, 0, 0,
                         "the PDF written is incomplete (%" G_GINT64_FORMAT " bytes)",
                         sink->bytes);
        return false;
    }
    guint8 digest[SHA256_DIGEST_SIZE];
    sha256_digest(&sink->sha256, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++)
        g_snprintf(result->sha256 + 2 * i, 3, "%02x", digest[i]);
    result->bytes = sink->bytes;
    return true;
}

/* Writes the document's PDF into temporary, hashing it on the way. A
   failed write is an I/O error with the system's reason (a full disk is
   told apart by it). */
static bool write_pdf(pliego_document *document, const batch_context *context,
                      const pliego_render_options *options, const char *temporary,
                      batch_result *result, pliego_error *err)
{
    pdf_sink sink = {0};
    sha256_init(&sink.sha256);
    sink.stream = fopen(temporary, "wbe");
    bool ok = sink.stream != NULL;
    if (!ok)
        sink.write_errno = errno;
    ok = ok && pliego_document_render(document, context->templates, options, sink_write,
                                      &sink, err);
    if (sink.stream && fclose(sink.stream) != 0 && !sink.write_errno)
        sink.write_errno = errno ? errno : EIO;
    if (sink.write_errno) {
        pliego_error_set(err, PLIEGO_ERROR_IO, temporary, 0, 0, "cannot write: %s",
                         g_strerror(sink.write_errno));
        ok = false;
    }
    ok = ok && check_pdf(&sink, temporary, result, err);
    return ok;
}

static bool collect(void *ctx, const void *data, size_t length)
{
    g_byte_array_append(ctx, data, (guint)length);
    return true;
}

/* Page 1 as a PNG beside the PDF (NAME.png), written whole or not at all. */
static bool write_thumbnail(pliego_document *document, const batch_context *context,
                            pliego_render_options options, const char *path,
                            pliego_error *err)
{
    options.format = PLIEGO_FORMAT_PNG;
    options.page = 1;
    options.dpi = context->options->thumbnail_dpi;
    GByteArray *png = g_byte_array_new();
    bool ok = pliego_document_render(document, context->templates, &options, collect, png,
                                     err) &&
              pliego_write_file(path, png->data, png->len, err);
    g_byte_array_free(png, TRUE);
    return ok;
}

/* The row's document, assembled as pliego render assembles row N of the
   file (the same provenance: the file's name and hash, the row). */
static pliego_document *assemble_row(const batch_context *context, const batch_task *task,
                                     pliego_error *err)
{
    const batch_options *options = context->options;
    catalog_customer_set *set = catalog_customer_set_from_row(
        options->customers_path, context->sha256, context->header, context->columns,
        task->fields, task->count, task->row, err);
    if (!set)
        return NULL;
    if (options->before_row)
        options->before_row(catalog_customer_set_get(set, 0)->id);
    pliego_customer *customer = contract_customer_adopt(set, 0, options->customers_path);
    char on[11];
    assemble_iso_date(options->on, on);
    pliego_document *document =
        pliego_document_assemble(context->catalog, customer,
                                 catalog_doc_kind_name(options->kind), options->lang, on, err);
    pliego_customer_free(customer);
    if (document && !task->name) {
        pliego_error_set(err, PLIEGO_ERROR_XML, options->customers_path, 0, 0,
                         "row %d has no customer id to name its file", task->row);
        pliego_document_free(document);
        document = NULL;
    }
    return document;
}

static void render_row(const batch_context *context, int slot, const batch_task *task,
                       batch_result *result)
{
    const batch_options *options = context->options;
    pliego_error err = {0};
    result->row = task->row;
    result->outcome = BATCH_OUTCOME_OK;
    pliego_document *document = assemble_row(context, task, &err);
    if (!document) {
        describe(&err, result);
        return;
    }
    pliego_render_options render;
    pliego_render_options_init(&render);
    render.pdf_standards = options->pdf_standards;
    render.warn = options->warnings ? print_warning : ignore_warning;
    render.warn_data = (void *)task;
    char *temporary = g_strdup_printf("%s%d.pdf", context->temporary_prefix, slot);
    char *final = g_build_filename(options->out_dir, task->name, NULL);
    bool ok = write_pdf(document, context, &render, temporary, result, &err);
    if (ok)
        result->pages = pliego_document_page_count(document);
    char *thumbnail = NULL;
    if (ok && options->thumbnail_dpi > 0) {
        thumbnail = g_strdup(final);
        if (g_str_has_suffix(thumbnail, ".pdf"))
            strcpy(thumbnail + strlen(thumbnail) - 4, ".png");
        ok = write_thumbnail(document, context, render, thumbnail, &err);
    }
    pliego_document_free(document);
    if (ok && g_rename(temporary, final) != 0) {
        pliego_error_set(&err, PLIEGO_ERROR_IO, final, 0, 0,
                         "cannot rename the temporary file to: %s", g_strerror(errno));
        ok = false;
    }
    if (!ok) {
        g_unlink(temporary);
        if (thumbnail)
            g_unlink(thumbnail);
        describe(&err, result);
    }
    g_free(thumbnail);
    g_free(temporary);
    g_free(final);
}

void batch_worker_main(const batch_context *context, int slot, int tasks_fd,
                       int results_fd)
{
    /* the coordinator decides when a worker stops */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_DFL);
    for (;;) {
        guint8 *data = NULL;
        guint32 length = 0;
        if (message_receive(tasks_fd, &data, &length) != 1)
            break;
        message_cursor c = {data, length, 0, false};
        batch_task task = {0};
        task.row = (int)message_get_int(&c);
        char *name = message_get_string(&c);
        gint64 count = message_get_int(&c);
        GPtrArray *fields = g_ptr_array_new_with_free_func(g_free);
        for (gint64 i = 0; i < count && i < CATALOG_CSV_MAX_COLUMNS * 4 && !c.bad; i++) {
            char *field = message_get_string(&c);
            g_ptr_array_add(fields, field ? field : g_strdup(""));
        }
        task.name = name;
        task.fields = (char *const *)fields->pdata;
        task.count = (int)fields->len;
        batch_result result = {0};
        if (c.bad) {
            result.row = task.row;
            result.outcome = BATCH_OUTCOME_FAILED;
            g_strlcpy(result.error, "a torn task message", sizeof result.error);
        } else {
            render_row(context, slot, &task, &result);
        }
        struct rusage usage;
        if (getrusage(RUSAGE_SELF, &usage) == 0)
            result.max_rss_kb = usage.ru_maxrss;
        g_ptr_array_free(fields, TRUE);
        g_free(name);
        g_free(data);
        if (!send_result(results_fd, &result))
            break;
    }
    close(tasks_fd);
    close(results_fd);
    exit(0);
}
