/* A CSV file read one record at a time, for batches (customer.h): libcsv
 * with the options of the whole-file reader, fed a buffer at a time; the
 * records a buffer completes wait in a short queue until asked for. A
 * quoting error breaks the record it is in; the parser then starts afresh
 * at the next line break. Every byte read goes through a SHA-256. */
#include "catalog/customer.h"
#include "catalog/customer_private.h"

#include <csv.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define READ_SIZE (64 * 1024)
/* Past this a record still unfinished is broken at once (see parse). */
#define MAX_UNFINISHED_BYTES (16 * 1024 * 1024)

typedef struct {
    int row;
    GPtrArray *fields; /* of char*; NULL for a broken record */
    char *message;     /* why it is broken */
} queued_record;

struct catalog_csv_stream {
    FILE *file;
    char *name;
    struct csv_parser parser;
    GChecksum *checksum;
    char sha256[65];
    GQueue queue;       /* of queued_record* */
    GPtrArray *fields;  /* of the record being parsed */
    size_t record_bytes;
    size_t unfinished;  /* bytes given to libcsv since a record last ended */
    bool record_ended;  /* a record ended in the buffer being parsed */
    int rows;           /* records completed (broken ones too) */
    bool at_start;      /* no byte read yet: a BOM may follow */
    bool skipping;      /* after a quoting error: drop bytes up to a newline */
    bool at_end;
    queued_record *current;
};

static int never_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* libcsv grows a field's buffer by a fixed 128 bytes at a time: a field of
   megabytes is copied over thousands of times (minutes under
   AddressSanitizer, whose realloc always copies). Growing to the next
   power of two keeps the copying linear. */
static void *grow(void *buffer, size_t size)
{
    if (buffer && malloc_usable_size(buffer) >= size)
        return buffer;
    size_t capacity = 256;
    while (capacity < size && capacity <= SIZE_MAX / 2)
        capacity *= 2;
    return realloc(buffer, capacity < size ? size : capacity);
}

const char *customer_csv_error_text(int code)
{
    switch (code) {
    case CSV_EPARSE:
        return "a quote is out of place (a quoted field must end with a quote "
               "followed by a comma or a line break, and a quote inside it is "
               "written twice) or is never closed";
    case CSV_ETOOBIG:
        return "a field is too large";
    case CSV_ENOMEM:
        return "out of memory";
    default:
        return "the file is not CSV";
    }
}

void customer_csv_parser_init(struct csv_parser *parser)
{
    csv_init(parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_space_func(parser, never_space);
    csv_set_realloc_func(parser, grow);
}

static void parser_init(catalog_csv_stream *stream)
{
    customer_csv_parser_init(&stream->parser);
}

static void queue_broken(catalog_csv_stream *stream, const char *message)
{
    queued_record *record = g_new0(queued_record, 1);
    record->row = stream->rows++;
    record->message = g_strdup(message);
    g_queue_push_tail(&stream->queue, record);
    g_ptr_array_set_size(stream->fields, 0);
    stream->record_bytes = 0;
}

static void on_field(void *data, size_t length, void *user_data)
{
    catalog_csv_stream *stream = user_data;
    stream->record_bytes += length + 1;
    g_ptr_array_add(stream->fields, g_strndup(data ? data : "", length));
}

static void on_row(int terminator, void *user_data)
{
    catalog_csv_stream *stream = user_data;
    (void)terminator;
    stream->record_ended = true;
    if (stream->record_bytes > CATALOG_CSV_MAX_RECORD_BYTES) {
        queue_broken(stream, "longer than 1 MiB");
        return;
    }
    queued_record *record = g_new0(queued_record, 1);
    record->row = stream->rows++;
    record->fields = stream->fields;
    stream->fields = g_ptr_array_new_with_free_func(g_free);
    stream->record_bytes = 0;
    g_queue_push_tail(&stream->queue, record);
}

static void record_free(queued_record *record)
{
    if (!record)
        return;
    if (record->fields)
        g_ptr_array_free(record->fields, TRUE);
    g_free(record->message);
    g_free(record);
}

catalog_csv_stream *catalog_csv_stream_open(const char *path, pliego_error *err)
{
    FILE *file = fopen(path, "rb");
    if (!file) {
        pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0, "cannot read: %s",
                         g_strerror(errno));
        return NULL;
    }
    catalog_csv_stream *stream = g_new0(catalog_csv_stream, 1);
    stream->file = file;
    stream->name = g_strdup(path);
    stream->checksum = g_checksum_new(G_CHECKSUM_SHA256);
    stream->fields = g_ptr_array_new_with_free_func(g_free);
    stream->at_start = true;
    g_queue_init(&stream->queue);
    parser_init(stream);
    return stream;
}

void catalog_csv_stream_free(catalog_csv_stream *stream)
{
    if (!stream)
        return;
    fclose(stream->file);
    csv_free(&stream->parser);
    g_checksum_free(stream->checksum);
    g_ptr_array_free(stream->fields, TRUE);
    record_free(stream->current);
    queued_record *record;
    while ((record = g_queue_pop_head(&stream->queue)))
        record_free(record);
    g_free(stream->name);
    g_free(stream);
}

/* Parses data; on a quoting error breaks the record in progress and skips
 * to the next line break. */
static void parse(catalog_csv_stream *stream, const char *data, size_t length)
{
    while (length > 0) {
        if (stream->skipping) {
            const char *newline = memchr(data, '\n', length);
            if (!newline)
                return;
            stream->skipping = false;
            length -= (size_t)(newline + 1 - data);
            data = newline + 1;
            continue;
        }
        stream->record_ended = false;
        size_t used = csv_parse(&stream->parser, data, length, on_field, on_row, stream);
        /* A record over 1 MiB is parsed to its end and then refused
           (on_row), so the rows after it keep their numbers. One that
           goes on past MAX_UNFINISHED_BYTES (a file without line breaks)
           is broken there, before it takes more memory; the rows after
           it may then be misread. Counted from the buffer a record last
           ended in. */
        stream->unfinished = stream->record_ended ? used : stream->unfinished + used;
        if (used == length && stream->unfinished > MAX_UNFINISHED_BYTES) {
            queue_broken(stream, "longer than 1 MiB");
            csv_free(&stream->parser);
            parser_init(stream);
            stream->unfinished = 0;
            stream->skipping = true;
            return;
        }
        if (used == length)
            return;
        char message[200];
        g_snprintf(message, sizeof message, "malformed CSV: %s",
                   customer_csv_error_text(csv_error(&stream->parser)));
        queue_broken(stream, message);
        csv_free(&stream->parser);
        parser_init(stream);
        /* libcsv stops at the offending byte, a quote or what follows a
           closing quote, never a line break */
        data += used;
        length -= used;
        stream->skipping = true;
    }
}

/* Reads and parses until a record is queued or the file ends. */
static bool fill(catalog_csv_stream *stream, pliego_error *err)
{
    char buffer[READ_SIZE];
    while (g_queue_is_empty(&stream->queue) && !stream->at_end) {
        size_t length = fread(buffer, 1, sizeof buffer, stream->file);
        if (length == 0) {
            if (ferror(stream->file)) {
                pliego_error_set(err, PLIEGO_ERROR_IO, stream->name, 0, 0,
                                 "cannot read: %s", g_strerror(errno));
                return false;
            }
            stream->at_end = true;
            if (!stream->skipping &&
                csv_fini(&stream->parser, on_field, on_row, stream) != 0) {
                char message[200];
                g_snprintf(message, sizeof message, "malformed CSV: %s",
                           customer_csv_error_text(csv_error(&stream->parser)));
                queue_broken(stream, message);
            }
            break;
        }
        g_checksum_update(stream->checksum, (const guchar *)buffer, (gssize)length);
        const char *data = buffer;
        if (stream->at_start) {
            stream->at_start = false;
            if (length >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
                data += 3;
                length -= 3;
            }
        }
        parse(stream, data, length);
    }
    return true;
}

catalog_csv_status catalog_csv_stream_next(catalog_csv_stream *stream,
                                           pliego_error *err)
{
    g_clear_pointer(&stream->current, record_free);
    if (!fill(stream, err))
        return CATALOG_CSV_FAILED;
    stream->current = g_queue_pop_head(&stream->queue);
    if (!stream->current)
        return CATALOG_CSV_END;
    if (!stream->current->fields) {
        if (stream->current->row == 0)
            pliego_error_set(err, PLIEGO_ERROR_XML, stream->name, 0, 0,
                             "header: %s", stream->current->message);
        else
            pliego_error_set(err, PLIEGO_ERROR_XML, stream->name, 0, 0,
                             "row %d: %s", stream->current->row,
                             stream->current->message);
        return CATALOG_CSV_BROKEN;
    }
    return CATALOG_CSV_RECORD;
}

int catalog_csv_stream_row(const catalog_csv_stream *stream)
{
    return stream->current ? stream->current->row : -1;
}

char *const *catalog_csv_stream_fields(const catalog_csv_stream *stream)
{
    return stream->current && stream->current->fields
               ? (char *const *)stream->current->fields->pdata
               : NULL;
}

int catalog_csv_stream_count(const catalog_csv_stream *stream)
{
    return stream->current && stream->current->fields
               ? (int)stream->current->fields->len
               : 0;
}

const char *catalog_csv_stream_sha256(catalog_csv_stream *stream)
{
    GChecksum *copy = g_checksum_copy(stream->checksum);
    g_strlcpy(stream->sha256, g_checksum_get_string(copy), sizeof stream->sha256);
    g_checksum_free(copy);
    return stream->sha256;
}
