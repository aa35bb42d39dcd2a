/* A batch worker: a process forked by the coordinator that renders rows
 * one at a time, with the catalogue and the compiled templates it
 * inherited and the fonts it loads on its first document and keeps. Each
 * row goes through the same stages as pliego render (so the PDF has the
 * same bytes) into a temporary file in the output folder, which is read
 * back (size, SHA-256, PDF header and trailer) and only then renamed to
 * its final name. The worker owns nothing the coordinator needs: if it
 * crashes or hangs, the coordinator fails that row and forks another.
 */
#include "batch/batch_private.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "assemble/assemble.h"
#include "pliego/archive.h"

/* ---- messages: a 4-byte length, then the payload ---- */

static bool write_all(int fd, const void *data, size_t length)
{
    const char *p = data;
    while (length > 0) {
        ssize_t written = write(fd, p, length);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false;
        p += written;
        length -= (size_t)written;
    }
    return true;
}

/* 1 read, 0 end of file before any byte, -1 torn or failed */
static int read_all(int fd, void *data, size_t length)
{
    char *p = data;
    size_t got = 0;
    while (got < length) {
        ssize_t n = read(fd, p + got, length - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return got == 0 && n == 0 ? 0 : -1;
        got += (size_t)n;
    }
    return 1;
}

static void put_int(GByteArray *message, gint64 value)
{
    g_byte_array_append(message, (const guint8 *)&value, sizeof value);
}

static void put_string(GByteArray *message, const char *text)
{
    gint64 length = text ? (gint64)strlen(text) : -1;
    put_int(message, length);
    if (text)
        g_byte_array_append(message, (const guint8 *)text, (guint)length);
}

/* Sends message with its length in one write when it fits a pipe's
   atomic size. */
static bool send_message(int fd, GByteArray *message)
{
    guint32 length = message->len;
    g_byte_array_prepend(message, (const guint8 *)&length, sizeof length);
    bool ok = write_all(fd, message->data, message->len);
    g_byte_array_free(message, TRUE);
    return ok;
}

/* Reads one message: 1 (in *message, g_free), 0 at end of file, -1 torn. */
static int receive_message(int fd, guint8 **message, guint32 *length)
{
    int got = read_all(fd, length, sizeof *length);
    if (got <= 0)
        return got;
    if (*length > 64 * 1024 * 1024)
        return -1;
    *message = g_malloc(*length ? *length : 1);
    if (read_all(fd, *message, *length) != 1) {
        g_free(*message);
        return -1;
    }
    return 1;
}

typedef struct {
    const guint8 *data;
    guint32 length;
    guint32 at;
    bool bad;
} cursor;

static gint64 get_int(cursor *c)
{
    gint64 value = 0;
    if (c->at + sizeof value > c->length) {
        c->bad = true;
        return 0;
    }
    memcpy(&value, c->data + c->at, sizeof value);
    c->at += sizeof value;
    return value;
}

/* A new string (g_free), or NULL for an absent one. */
static char *get_string(cursor *c)
{
    gint64 length = get_int(c);
    if (length < 0 || c->bad)
        return NULL;
    if ((guint64)length > c->length - c->at) {
        c->bad = true;
        return NULL;
    }
    char *text = g_strndup((const char *)c->data + c->at, (gsize)length);
    c->at += (guint32)length;
    return text;
}

bool batch_send_task(int fd, const batch_task *task)
{
    GByteArray *message = g_byte_array_new();
    put_int(message, task->row);
    put_string(message, task->name);
    put_int(message, task->count);
    for (int i = 0; i < task->count; i++)
        put_string(message, task->fields[i]);
    return send_message(fd, message);
}

static bool send_result(int fd, const batch_result *result)
{
    GByteArray *message = g_byte_array_new();
    put_int(message, result->row);
    put_int(message, result->outcome);
    put_int(message, result->pages);
    put_int(message, result->bytes);
    put_string(message, result->sha256);
    put_int(message, result->max_rss_kb);
    put_string(message, result->error);
    return send_message(fd, message);
}

int batch_read_result(int fd, batch_result *result)
{
    guint8 *data = NULL;
    guint32 length = 0;
    int got = receive_message(fd, &data, &length);
    if (got != 1)
        return 0;
    cursor c = {data, length, 0, false};
    memset(result, 0, sizeof *result);
    result->row = (int)get_int(&c);
    result->outcome = (batch_outcome)get_int(&c);
    result->pages = (int)get_int(&c);
    result->bytes = get_int(&c);
    char *sha = get_string(&c);
    result->max_rss_kb = (long)get_int(&c);
    char *error = get_string(&c);
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

/* Reads the finished temporary file back: its size and SHA-256, and that
   it is a whole PDF (header, and %%EOF at the end). */
static bool check_pdf(const char *path, batch_result *result, pliego_error *err)
{
    char *data = NULL;
    gsize length = 0;
    GError *error = NULL;
    if (!g_file_get_contents(path, &data, &length, &error)) {
        pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0, "cannot read back: %s",
                         error->message);
        g_error_free(error);
        return false;
    }
    const char *tail = length >= 6 ? data + length - 6 : data;
    bool whole = length > 16 && memcmp(data, "%PDF-", 5) == 0 &&
                 (memmem(tail, (size_t)(data + length - tail), "%%EOF", 5) != NULL);
    if (whole) {
        char *sha = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, length);
        g_strlcpy(result->sha256, sha, sizeof result->sha256);
        g_free(sha);
        result->bytes = (gint64)length;
    } else {
        pliego_error_set(err, PLIEGO_ERROR_RENDER, path, 0, 0,
                         "the PDF written is incomplete (%zu bytes)", (size_t)length);
    }
    g_free(data);
    return whole;
}

static void render_row(const batch_context *context, int slot, const batch_task *task,
                       batch_result *result)
{
    const batch_options *options = context->options;
    pliego_error err = {0};
    result->row = task->row;
    result->outcome = BATCH_OUTCOME_OK;
    catalog_customer_set *set = catalog_customer_set_from_row(
        options->customers_path, context->sha256, context->header, context->columns,
        task->fields, task->count, task->row, &err);
    if (set && options->before_row)
        options->before_row(catalog_customer_set_get(set, 0)->id);
    assemble_request request = {
        .customer_path = options->customers_path,
        .row = task->row,
        .kind = options->kind,
        .lang = options->lang,
        .on = options->on,
    };
    assemble_job *job = set ? assemble_job_new_for(context->cat, set, 0, &request, &err) : NULL;
    xmlDocPtr doc = job ? assemble_job_build(job, &err) : NULL;
    assemble_job_free(job);
    xmlDocPtr fo = doc ? xslt_templates_apply(context->templates, options->kind, doc, &err)
                       : NULL;
    xmlChar *text = NULL;
    int length = 0;
    if (fo && !xslt_templates_serialize(context->templates, options->kind, fo, &text,
                                        &length, &err))
        text = NULL;
    /* each notice carries the document XML it was made from */
    xmlChar *source = NULL;
    int source_length = 0;
    if (fo && options->pdf_standards)
        xmlDocDumpFormatMemoryEnc(doc, &source, &source_length, "UTF-8", 1);
    xmlFreeDoc(fo);
    xmlFreeDoc(doc);
    catalog_customer_set_free(set);
    if (text && !task->name) {
        pliego_error_set(&err, PLIEGO_ERROR_XML, options->customers_path, 0, 0,
                         "row %d has no customer id to name its file", task->row);
        xmlFree(text);
        text = NULL;
    }
    if (!text) {
        xmlFree(source);
        describe(&err, result);
        return;
    }
    pliego_fo_document *document = pliego_fo_document_load_memory(
        (const char *)text, (size_t)length, context->fo_name,
        options->warnings ? print_warning : ignore_warning, (void *)task, &err);
    char *temporary = g_strdup_printf("%s%d.pdf", context->temporary_prefix, slot);
    char *final = g_build_filename(options->out_dir, task->name, NULL);
    /* images as pliego render reads them: the templates' and catalogue's */
    bool ok = document &&
              pliego_fo_document_allow_images(document, options->catalog_dir, &err) &&
              pliego_fo_document_layout(document, &err) &&
              pliego_fo_document_write_archival_pdf(
                  document, temporary, options->pdf_standards,
                  (const char *)source, (size_t)source_length, "document.xml",
                  &err);
    if (ok)
        result->pages = pliego_fo_document_page_count(document);
    char *thumbnail = NULL;
    if (ok && options->thumbnail_dpi > 0) {
        thumbnail = g_strdup(final);
        if (g_str_has_suffix(thumbnail, ".pdf"))
            strcpy(thumbnail + strlen(thumbnail) - 4, ".png");
        ok = pliego_fo_document_write_png_page(document, 1, thumbnail,
                                               options->thumbnail_dpi, &err);
    }
    pliego_fo_document_free(document);
    xmlFree(text);
    xmlFree(source);
    ok = ok && check_pdf(temporary, result, &err);
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
        if (receive_message(tasks_fd, &data, &length) != 1)
            break;
        cursor c = {data, length, 0, false};
        batch_task task = {0};
        task.row = (int)get_int(&c);
        char *name = get_string(&c);
        gint64 count = get_int(&c);
        GPtrArray *fields = g_ptr_array_new_with_free_func(g_free);
        for (gint64 i = 0; i < count && i < CATALOG_CSV_MAX_COLUMNS * 4 && !c.bad; i++) {
            char *field = get_string(&c);
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
