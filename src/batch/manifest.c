/* The manifest: one CSV record per row (BATCH_MANIFEST_HEADER), written in
 * row order, each record with one write(2) so that a killed batch leaves
 * whole records behind. Read back with the streaming CSV reader. */
#include "batch/batch.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "catalog/customer.h"
#include "common/escape.h"

enum { COLUMN_ROW, COLUMN_ID, COLUMN_FILE, COLUMN_PAGES, COLUMN_BYTES,
       COLUMN_SHA256, COLUMN_STATUS, COLUMN_ERROR, COLUMN_COUNT };

void batch_record_clear(batch_record *record)
{
    g_free(record->customer_id);
    g_free(record->file);
    g_free(record->error);
    memset(record, 0, sizeof *record);
}

void batch_record_copy(batch_record *to, const batch_record *from)
{
    batch_record_clear(to);
    *to = *from;
    to->customer_id = g_strdup(from->customer_id);
    to->file = g_strdup(from->file);
    to->error = g_strdup(from->error);
}

const char *batch_status_name(batch_status status)
{
    switch (status) {
    case BATCH_STATUS_OK: return "ok";
    case BATCH_STATUS_SKIPPED: return "skipped";
    default: return "failed";
    }
}

/* ---- writing ---- */

struct batch_manifest_writer {
    int fd;
    char *path;
    off_t size;      /* bytes of whole records (and the header) written */
    int failed;      /* errno of the first failed write, or 0 */
};

static void append_field(GString *line, const char *value, bool comma)
{
    if (comma)
        g_string_append_c(line, ',');
    if (value)
        pliego_csv_append_cell(line, value);
}

static bool write_all(int fd, const char *data, size_t length)
{
    while (length > 0) {
        ssize_t written = write(fd, data, length);
        if (written < 0 && errno == EINTR)
            continue;
        if (written == 0)
            errno = ENOSPC;
        if (written <= 0)
            return false;
        data += written;
        length -= (size_t)written;
    }
    return true;
}

static bool writer_failed(batch_manifest_writer *writer, pliego_error *err)
{
    pliego_error_set(err, PLIEGO_ERROR_IO, writer->path, 0, 0, "cannot write: %s",
                     g_strerror(errno));
    return false;
}

/* Writes one whole record, or nothing. After a failed write (a full disk
   tears a record: the first part written, the rest refused) the part
   written is cut off again, and the writer refuses every later record:
   a record appended after a torn one would be glued to it, and the
   manifest could no longer be read. A resumed batch redoes the rows
   whose records are missing. */
static bool write_record(batch_manifest_writer *writer, const char *data, size_t length,
                         pliego_error *err)
{
    if (writer->failed) {
        pliego_error_set(err, PLIEGO_ERROR_IO, writer->path, 0, 0,
                         "cannot write: %s (an earlier record could not be written; "
                         "nothing more is added)", g_strerror(writer->failed));
        return false;
    }
    if (write_all(writer->fd, data, length)) {
        writer->size += (off_t)length;
        return true;
    }
    writer->failed = errno ? errno : EIO;
    /* shrinking a file needs no space; if even this fails, readers drop
       the torn last line */
    if (ftruncate(writer->fd, writer->size) != 0 ||
        lseek(writer->fd, writer->size, SEEK_SET) < 0) {
        /* nothing more to do: the record stays torn at the end */
    }
    errno = writer->failed;
    return writer_failed(writer, err);
}

batch_manifest_writer *batch_manifest_create(const char *path, pliego_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0, "cannot create: %s",
                         g_strerror(errno));
        return NULL;
    }
    batch_manifest_writer *writer = g_new0(batch_manifest_writer, 1);
    writer->fd = fd;
    writer->path = g_strdup(path);
    if (!write_record(writer, BATCH_MANIFEST_HEADER "\n", strlen(BATCH_MANIFEST_HEADER) + 1,
                      err)) {
        close(fd);
        g_free(writer->path);
        g_free(writer);
        return NULL;
    }
    return writer;
}

bool batch_manifest_append(batch_manifest_writer *writer, const batch_record *record,
                           pliego_error *err)
{
    GString *line = g_string_sized_new(256);
    char number[32];
    g_snprintf(number, sizeof number, "%d", record->row);
    append_field(line, number, false);
    append_field(line, record->customer_id, true);
    append_field(line, record->file, true);
    bool has_file = record->status != BATCH_STATUS_FAILED;
    g_snprintf(number, sizeof number, "%d", record->pages);
    append_field(line, has_file ? number : NULL, true);
    g_snprintf(number, sizeof number, "%" G_GINT64_FORMAT, record->bytes);
    append_field(line, has_file ? number : NULL, true);
    append_field(line, has_file ? record->sha256 : NULL, true);
    append_field(line, batch_status_name(record->status), true);
    append_field(line, record->error, true);
    g_string_append_c(line, '\n');
    bool ok = write_record(writer, line->str, line->len, err);
    g_string_free(line, TRUE);
    return ok;
}

bool batch_manifest_close(batch_manifest_writer *writer, pliego_error *err)
{
    errno = writer->failed;
    bool ok = !writer->failed || writer_failed(writer, err);
    ok = ok && (fsync(writer->fd) == 0 || writer_failed(writer, err));
    if (close(writer->fd) != 0 && ok)
        ok = writer_failed(writer, err);
    g_free(writer->path);
    g_free(writer);
    return ok;
}

/* ---- reading ---- */

struct batch_manifest_reader {
    catalog_csv_stream *stream;
    char *path;
    int last_row;
    bool torn_tail;      /* the file does not end with a line break */
    bool held;           /* the stream's current record is read ahead */
    catalog_csv_status held_status;
    pliego_error held_error;
};

/* True when the file at path is not empty and its last byte is not a line
   break: its last record was cut short (a full disk, a crash). */
static bool ends_torn(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat info;
    char last = '\n';
    if (fstat(fd, &info) == 0 && info.st_size > 0 &&
        pread(fd, &last, 1, info.st_size - 1) != 1)
        last = '\n';
    close(fd);
    return last != '\n';
}

batch_manifest_reader *batch_manifest_open(const char *path, pliego_error *err)
{
    catalog_csv_stream *stream = catalog_csv_stream_open(path, err);
    if (!stream)
        return NULL;
    catalog_csv_status status = catalog_csv_stream_next(stream, err);
    if (status == CATALOG_CSV_RECORD) {
        GString *header = g_string_new(NULL);
        char *const *names = catalog_csv_stream_fields(stream);
        for (int i = 0; i < catalog_csv_stream_count(stream); i++)
            g_string_append_printf(header, "%s%s", i ? "," : "", names[i]);
        bool same = strcmp(header->str, BATCH_MANIFEST_HEADER) == 0;
        g_string_free(header, TRUE);
        if (!same) {
            pliego_error_set(err, PLIEGO_ERROR_XML, path, 1, 0,
                             "not a pliego batch manifest: the header is not \"%s\"",
                             BATCH_MANIFEST_HEADER);
            status = CATALOG_CSV_FAILED;
        }
    } else if (status != CATALOG_CSV_FAILED) {
        pliego_error_set(err, PLIEGO_ERROR_XML, path, 1, 0,
                         "not a pliego batch manifest: no header");
        status = CATALOG_CSV_FAILED;
    }
    if (status != CATALOG_CSV_RECORD) {
        catalog_csv_stream_free(stream);
        return NULL;
    }
    batch_manifest_reader *reader = g_new0(batch_manifest_reader, 1);
    reader->stream = stream;
    reader->path = g_strdup(path);
    reader->torn_tail = ends_torn(path);
    return reader;
}

void batch_manifest_reader_free(batch_manifest_reader *reader)
{
    if (!reader)
        return;
    catalog_csv_stream_free(reader->stream);
    g_free(reader->path);
    g_free(reader);
}

static bool parse_number(const char *text, gint64 *value)
{
    if (!*text)
        return (*value = 0, true);
    char *end;
    errno = 0;
    gint64 parsed = g_ascii_strtoll(text, &end, 10);
    if (*end || errno || parsed < 0)
        return false;
    *value = parsed;
    return true;
}

static char *optional(const char *text)
{
    return *text ? g_strdup(text) : NULL;
}

/* The next record of the stream, or the one read ahead. */
static catalog_csv_status advance(batch_manifest_reader *reader, pliego_error *err)
{
    if (reader->held) {
        reader->held = false;
        *err = reader->held_error;
        return reader->held_status;
    }
    return catalog_csv_stream_next(reader->stream, err);
}

/* Fills record from the stream's current record; false when it is not a
   whole manifest record. */
static bool parse_record(batch_manifest_reader *reader, catalog_csv_status status,
                         batch_record *record)
{
    if (status != CATALOG_CSV_RECORD ||
        catalog_csv_stream_count(reader->stream) != COLUMN_COUNT)
        return false;
    char *const *f = catalog_csv_stream_fields(reader->stream);
    gint64 row = 0, pages = 0, bytes = 0;
    bool ok = parse_number(f[COLUMN_ROW], &row) && row > 0 && row <= G_MAXINT &&
              parse_number(f[COLUMN_PAGES], &pages) && pages <= G_MAXINT &&
              parse_number(f[COLUMN_BYTES], &bytes) && strlen(f[COLUMN_SHA256]) <= 64;
    batch_status state = BATCH_STATUS_FAILED;
    if (strcmp(f[COLUMN_STATUS], "ok") == 0)
        state = BATCH_STATUS_OK;
    else if (strcmp(f[COLUMN_STATUS], "skipped") == 0)
        state = BATCH_STATUS_SKIPPED;
    else if (strcmp(f[COLUMN_STATUS], "failed") != 0)
        ok = false;
    if (!ok)
        return false;
    record->row = (int)row;
    record->customer_id = optional(f[COLUMN_ID]);
    record->file = optional(f[COLUMN_FILE]);
    record->pages = (int)pages;
    record->bytes = bytes;
    g_strlcpy(record->sha256, f[COLUMN_SHA256], sizeof record->sha256);
    record->status = state;
    record->error = optional(f[COLUMN_ERROR]);
    return true;
}

int batch_manifest_read(batch_manifest_reader *reader, batch_record *record,
                        pliego_error *err)
{
    batch_record_clear(record);
    for (;;) {
        pliego_error problem = {0};
        catalog_csv_status status = advance(reader, &problem);
        if (status == CATALOG_CSV_END)
            return 0;
        if (status == CATALOG_CSV_FAILED) {
            *err = problem;
            return -1;
        }
        int line = catalog_csv_stream_row(reader->stream) + 1;
        /* A record that is not whole was torn by a failed write or a crash
           (older versions went on writing after a torn record): it is
           dropped, and a resumed batch redoes its row. */
        if (!parse_record(reader, status, record))
            continue;
        if (reader->torn_tail) {
            /* the last record of a file that does not end with a line
               break is torn, however well it parses (its error text may
               be cut short) */
            reader->held_status = catalog_csv_stream_next(reader->stream,
                                                          &reader->held_error);
            if (reader->held_status == CATALOG_CSV_END) {
                batch_record_clear(record);
                return 0;
            }
            reader->held = true;
        }
        if (record->row <= reader->last_row) {
            pliego_error_set(err, PLIEGO_ERROR_XML, reader->path, line, 0,
                             "row %d comes after row %d: a manifest is in row order",
                             record->row, reader->last_row);
            batch_record_clear(record);
            return -1;
        }
        reader->last_row = record->row;
        return 1;
    }
}

/* ---- merging ---- */

bool batch_manifest_merge(const char *const *inputs, int count, const char *output,
                          bool later_wins, FILE *report, int *rows, int *duplicates,
                          pliego_error *err)
{
    batch_manifest_reader **readers = g_new0(batch_manifest_reader *, (gsize)count);
    batch_record *heads = g_new0(batch_record, (gsize)count);
    bool *live = g_new0(bool, (gsize)count);
    char *temporary = g_strconcat(output, ".merging", NULL);
    batch_manifest_writer *writer = NULL;
    bool ok = true;
    int written = 0, repeated = 0;
    for (int i = 0; i < count && ok; i++) {
        readers[i] = batch_manifest_open(inputs[i], err);
        int got = readers[i] ? batch_manifest_read(readers[i], &heads[i], err) : -1;
        ok = got >= 0;
        live[i] = got > 0;
    }
    if (ok)
        ok = (writer = batch_manifest_create(temporary, err)) != NULL;
    while (ok) {
        int least = -1;
        for (int i = 0; i < count; i++)
            if (live[i] && (least < 0 || heads[i].row < heads[least].row))
                least = i;
        if (least < 0)
            break;
        int row = heads[least].row;
        int chosen = least;
        for (int i = least + 1; i < count; i++)
            if (live[i] && heads[i].row == row) {
                if (later_wins) {
                    chosen = i;
                } else {
                    repeated++;
                    if (report)
                        fprintf(report, "row %d is in both %s and %s\n", row,
                                inputs[least], inputs[i]);
                }
            }
        ok = batch_manifest_append(writer, &heads[chosen], err);
        written++;
        for (int i = least; i < count && ok; i++)
            if (live[i] && heads[i].row == row) {
                int got = batch_manifest_read(readers[i], &heads[i], err);
                ok = got >= 0;
                live[i] = got > 0;
            }
    }
    if (writer)
        ok = batch_manifest_close(writer, ok ? err : NULL) && ok;
    if (ok && g_rename(temporary, output) != 0) {
        pliego_error_set(err, PLIEGO_ERROR_IO, output, 0, 0, "cannot write: %s",
                         g_strerror(errno));
        ok = false;
    }
    if (!ok)
        g_unlink(temporary);
    for (int i = 0; i < count; i++) {
        batch_manifest_reader_free(readers[i]);
        batch_record_clear(&heads[i]);
    }
    g_free(readers);
    g_free(heads);
    g_free(live);
    g_free(temporary);
    if (rows)
        *rows = written;
    if (duplicates)
        *duplicates = repeated;
    return ok;
}
