/* Customer records from CSV (RFC 4180) through libcsv: fields in double
 * quotes may hold commas, quotes ("") and line breaks; a UTF-8 byte order
 * mark is skipped; the whole file must be valid UTF-8. The first row names
 * the columns (any order, any subset of those in customer.c); every row must
 * have as many fields as the header, and a row that has not is an error
 * naming it. Values are checked as they are read, naming row and column. */
#include "catalog/customer.h"
#include "catalog/customer_private.h"

#include <csv.h>
#include <string.h>

/* Far beyond any real customer list loaded whole; bounds memory on hostile
   input (batches stream their rows and have no such limit). */
#define CSV_MAX_ROWS 100000
#define CSV_MAX_COLUMNS CATALOG_CSV_MAX_COLUMNS

typedef struct {
    catalog_customer_set *set;
    GPtrArray *fields;    /* of char*, the current row */
    int header[CSV_MAX_COLUMNS]; /* column index -> field, -1 unknown */
    int columns;          /* 0 until the header is read */
    int row;              /* data rows read */
    bool failed;
    pliego_error *err;
} csv_reader;

static void on_field(void *data, size_t length, void *user_data)
{
    csv_reader *reader = user_data;
    if (reader->failed)
        return;
    g_ptr_array_add(reader->fields, g_strndup(data ? data : "", length));
}

static bool parse_int(const char *text, int *value)
{
    char *end;
    long parsed = strtol(text, &end, 10);
    if (*end || end == text || parsed < 0 || parsed > 1000000)
        return false;
    *value = (int)parsed;
    return true;
}

static const char **split_lines(pliego_arena *arena, const char *text)
{
    char **parts = g_strsplit(text, "\n", -1);
    size_t count = 0;
    for (char **p = parts; *p; p++)
        if (*g_strstrip(*p))
            count++;
    const char **lines = pliego_arena_alloc(arena, (count + 1) * sizeof *lines);
    size_t i = 0;
    for (char **p = parts; *p; p++)
        if (**p)
            lines[i++] = pliego_arena_strndup(arena, *p, -1);
    g_strfreev(parts);
    return lines;
}

/* Stores one non-empty value; false with err naming row and column. */
static bool set_field(catalog_customer_set *set, pliego_error *err,
                      catalog_customer *c, catalog_customer_field field,
                      const char *value)
{
    pliego_arena *arena = set->arena;
    const char *copy = pliego_arena_strndup(arena, value, -1);
    guint32 *date = NULL;
    int *number = NULL;
    switch (field) {
    case CUSTOMER_FIELD_ID: c->id = copy; break;
    case CUSTOMER_FIELD_LEGAL_NAME: c->legal_name = copy; break;
    case CUSTOMER_FIELD_CONTACT_NAME: c->contact_name = copy; break;
    case CUSTOMER_FIELD_CONTACT_EMAIL: c->contact_email = copy; break;
    case CUSTOMER_FIELD_CONTACT_PHONE: c->contact_phone = copy; break;
    case CUSTOMER_FIELD_ADDRESS: c->address = split_lines(arena, value); break;
    case CUSTOMER_FIELD_COUNTRY: c->country = copy; break;
    case CUSTOMER_FIELD_LANGUAGE: c->language = copy; break;
    case CUSTOMER_FIELD_CHANNEL: c->channel = copy; break;
    case CUSTOMER_FIELD_RESELLER: c->reseller = copy; break;
    case CUSTOMER_FIELD_VENDOR_ENTITY: c->vendor_entity = copy; break;
    case CUSTOMER_FIELD_PRODUCTS: {
        const char **lines = split_lines(arena, value);
        for (const char **line = lines; *line; line++) {
            const char *space = strchr(*line, ' ');
            if (!space || !space[1])
                return catalog_customer_error(
                    c, field, err,
                    "\"%s\" is not \"SERVICE-TAG Product name\"", *line);
            catalog_product *product = pliego_arena_alloc(arena, sizeof *product);
            product->service_tag =
                pliego_arena_strndup(arena, *line, (long)(space - *line));
            product->name = pliego_arena_strndup(arena, space + 1, -1);
            catalog_list_push(arena, &c->products, product);
        }
        break;
    }
    case CUSTOMER_FIELD_ORDER_NUMBER: c->order_number = copy; break;
    case CUSTOMER_FIELD_START_DATE: date = &c->start_date; break;
    case CUSTOMER_FIELD_TERM_MONTHS: number = &c->term_months; break;
    case CUSTOMER_FIELD_SYSTEMS: number = &c->systems; break;
    case CUSTOMER_FIELD_LICENCES: number = &c->licences; break;
    case CUSTOMER_FIELD_USERS: number = &c->users; break;
    case CUSTOMER_FIELD_PRICE: c->price = copy; break; /* catalog_customer_check */
    case CUSTOMER_FIELD_CURRENCY: c->currency = copy; break;
    case CUSTOMER_FIELD_NOTICE_DATE: date = &c->notice_date; break;
    case CUSTOMER_FIELD_NOTICE_REASON: c->notice_reason = copy; break;
    case CUSTOMER_FIELD_EFFECTIVE_DATE: date = &c->effective_date; break;
    case CUSTOMER_FIELD_TRANSFER_DATE: date = &c->transfer_date; break;
    case CUSTOMER_FIELD_TRANSFEREE_NAME: c->transferee_name = copy; break;
    case CUSTOMER_FIELD_TRANSFEREE_ADDRESS:
        c->transferee_address = split_lines(arena, value);
        break;
    case CUSTOMER_FIELD_TRANSFER_PRODUCTS:
        c->transfer_products = catalog_split_list(arena, value);
        break;
    case CUSTOMER_FIELD_ORIGINAL_PURCHASER:
        if (strcmp(value, "yes") == 0 || strcmp(value, "true") == 0)
            c->original_purchaser = 1;
        else if (strcmp(value, "no") == 0 || strcmp(value, "false") == 0)
            c->original_purchaser = 0;
        else
            return catalog_customer_error(c, field, err,
                                          "\"%s\" is not yes or no", value);
        break;
    case CUSTOMER_FIELD_DESTINATION_COUNTRY: c->destination_country = copy; break;
    default: break;
    }
    if (date && !catalog_parse_date(value, date))
        return catalog_customer_error(c, field, err,
                                      "\"%s\" is not a date (YYYY-MM-DD)", value);
    if (number && !parse_int(value, number))
        return catalog_customer_error(c, field, err,
                                      "\"%s\" is not a whole number", value);
    return true;
}

bool customer_csv_header(const char *name, char *const *names, int count,
                         int *header, pliego_error *err)
{
    if (count > CSV_MAX_COLUMNS) {
        pliego_error_set(err, PLIEGO_ERROR_LIMIT, name, 0, 0,
                         "the header has %d columns; at most %d", count,
                         CSV_MAX_COLUMNS);
        return false;
    }
    bool seen[CUSTOMER_FIELD_COUNT] = {false};
    for (int i = 0; i < count; i++) {
        int field = -1;
        for (int f = 0; f < CUSTOMER_FIELD_COUNT; f++)
            if (strcmp(names[i], catalog_customer_field_column((catalog_customer_field)f)) == 0)
                field = f;
        if (field < 0) {
            pliego_error_set(err, PLIEGO_ERROR_XML, name, 0, 0,
                             "header: unknown column \"%s\" (column %d)", names[i], i + 1);
            return false;
        }
        if (seen[field]) {
            pliego_error_set(err, PLIEGO_ERROR_XML, name, 0, 0,
                             "header: column \"%s\" appears twice", names[i]);
            return false;
        }
        seen[field] = true;
        header[i] = field;
    }
    return true;
}

catalog_customer *customer_csv_fill(catalog_customer_set *set, const int *header,
                                    char *const *fields, int count, int row,
                                    pliego_error *err)
{
    catalog_customer *customer = customer_new(set);
    customer->row = row;
    for (int i = 0; i < count; i++)
        if (*fields[i] &&
            !set_field(set, err, customer, (catalog_customer_field)header[i],
                       customer_balance_bidi(set->arena, fields[i])))
            return NULL;
    return customer;
}

static bool read_header(csv_reader *reader)
{
    GPtrArray *fields = reader->fields;
    if (!customer_csv_header(reader->set->name, (char *const *)fields->pdata,
                             (int)fields->len, reader->header, reader->err))
        return false;
    reader->columns = (int)fields->len;
    return true;
}

static void on_row(int terminator, void *user_data)
{
    csv_reader *reader = user_data;
    (void)terminator;
    if (reader->failed)
        goto done;
    if (reader->columns == 0) {
        reader->failed = !read_header(reader);
        goto done;
    }
    reader->row++;
    if (reader->row > CSV_MAX_ROWS) {
        pliego_error_set(reader->err, PLIEGO_ERROR_LIMIT, reader->set->name, 0, 0,
                         "more than %d rows", CSV_MAX_ROWS);
        reader->failed = true;
        goto done;
    }
    size_t bytes = 0;
    for (guint i = 0; i < reader->fields->len; i++)
        bytes += strlen(g_ptr_array_index(reader->fields, i)) + 1;
    if (bytes > CATALOG_CSV_MAX_RECORD_BYTES) {
        pliego_error_set(reader->err, PLIEGO_ERROR_LIMIT, reader->set->name, 0, 0,
                         "row %d: longer than 1 MiB", reader->row);
        reader->failed = true;
        goto done;
    }
    if ((int)reader->fields->len != reader->columns) {
        pliego_error_set(reader->err, PLIEGO_ERROR_XML, reader->set->name, 0, 0,
                         "row %d: %u fields where the header has %d", reader->row,
                         reader->fields->len, reader->columns);
        reader->failed = true;
        goto done;
    }
    if (!customer_csv_fill(reader->set, reader->header,
                           (char *const *)reader->fields->pdata,
                           (int)reader->fields->len, reader->row, reader->err))
        reader->failed = true;
done:
    g_ptr_array_set_size(reader->fields, 0);
}

/* Counts lines up to offset, for the message about invalid UTF-8. */
static int line_of(const char *data, size_t offset)
{
    int line = 1;
    for (size_t i = 0; i < offset; i++)
        line += data[i] == '\n';
    return line;
}

catalog_customer_set *customer_csv_load(const char *data, size_t length,
                                        const char *name, pliego_error *err)
{
    const char *end = NULL;
    if (!g_utf8_validate_len(data, length, &end)) {
        size_t offset = (size_t)(end - data);
        pliego_error_set(err, PLIEGO_ERROR_XML, name, line_of(data, offset), 0,
                         "not UTF-8: invalid byte 0x%02X at offset %zu",
                         (unsigned char)*end, offset);
        return NULL;
    }
    catalog_customer_set *set = customer_set_new(name, data, length);
    if (length >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        length -= 3;
    }
    struct csv_parser parser;
    customer_csv_parser_init(&parser);
    csv_reader reader = {.set = set, .fields = g_ptr_array_new_with_free_func(g_free),
                         .err = err};
    bool ok = csv_parse(&parser, data, length, on_field, on_row, &reader) == length &&
              csv_fini(&parser, on_field, on_row, &reader) == 0;
    if (!ok && !reader.failed) {
        pliego_error_set(err, PLIEGO_ERROR_XML, name, 0, 0,
                         "malformed CSV after row %d: %s", reader.row,
                         customer_csv_error_text(csv_error(&parser)));
        reader.failed = true;
    }
    csv_free(&parser);
    g_ptr_array_free(reader.fields, TRUE);
    if (!reader.failed && reader.columns == 0) {
        pliego_error_set(err, PLIEGO_ERROR_XML, name, 0, 0,
                         "empty: no header row");
        reader.failed = true;
    }
    if (!reader.failed && set->records.count == 0) {
        pliego_error_set(err, PLIEGO_ERROR_XML, name, 0, 0,
                         "no customer rows after the header");
        reader.failed = true;
    }
    if (reader.failed) {
        catalog_customer_set_free(set);
        return NULL;
    }
    return set;
}


catalog_customer_set *catalog_customer_set_from_row(const char *name,
                                                    const char *sha256,
                                                    const int *header, int columns,
                                                    char *const *fields, int count,
                                                    int row, pliego_error *err)
{
    if (count != columns) {
        pliego_error_set(err, PLIEGO_ERROR_XML, name, 0, 0,
                         "row %d: %d fields where the header has %d", row, count,
                         columns);
        return NULL;
    }
    for (int i = 0; i < count; i++) {
        const char *end = NULL;
        if (!g_utf8_validate(fields[i], -1, &end)) {
            pliego_error_set(err, PLIEGO_ERROR_XML, name, 0, 0,
                             "row %d, column %s: not UTF-8: invalid byte 0x%02X at "
                             "byte %d of the field", row,
                             catalog_customer_field_column((catalog_customer_field)header[i]),
                             (unsigned char)*end, (int)(end - fields[i]) + 1);
            return NULL;
        }
    }
    catalog_customer_set *set = customer_set_new(name, "", 0);
    g_strlcpy(set->sha256, sha256, sizeof set->sha256);
    if (!customer_csv_fill(set, header, fields, count, row, err)) {
        catalog_customer_set_free(set);
        return NULL;
    }
    return set;
}

bool catalog_customer_csv_header(const char *name, char *const *names, int count,
                                 int *header, pliego_error *err)
{
    return customer_csv_header(name, names, count, header, err);
}

/* The fields of the row chosen, copied out of the stream, or the error
   that broke it. */
typedef struct {
    char **fields;
    int count;
    bool broken;
    pliego_error error;
} chosen_row;

static bool read_csv_header(catalog_csv_stream *stream, const char *path, int *header,
                            int *columns, pliego_error *err)
{
    catalog_csv_status status = catalog_csv_stream_next(stream, err);
    if (status == CATALOG_CSV_END)
        pliego_error_set(err, PLIEGO_ERROR_XML, path, 0, 0, "empty: no header row");
    if (status != CATALOG_CSV_RECORD)
        return false;
    *columns = catalog_csv_stream_count(stream);
    return customer_csv_header(path, catalog_csv_stream_fields(stream), *columns, header,
                               err);
}

catalog_customer_set *catalog_customer_set_load_row(const char *path, int row,
                                                    pliego_error *err)
{
    catalog_csv_stream *stream = catalog_csv_stream_open(path, err);
    if (!stream)
        return NULL;
    int header[CSV_MAX_COLUMNS];
    int columns = 0, rows = 0;
    chosen_row chosen = {0};
    bool ok = read_csv_header(stream, path, header, &columns, err);
    while (ok) {
        pliego_error broken = {0};
        catalog_csv_status status = catalog_csv_stream_next(stream, &broken);
        if (status == CATALOG_CSV_END)
            break;
        if (status == CATALOG_CSV_FAILED) {
            *err = broken;
            ok = false;
            break;
        }
        rows = catalog_csv_stream_row(stream);
        if (rows != (row > 0 ? row : 1))
            continue; /* other rows are not this document's business */
        if (status == CATALOG_CSV_BROKEN) {
            chosen.broken = true;
            chosen.error = broken;
            continue;
        }
        chosen.count = catalog_csv_stream_count(stream);
        chosen.fields = g_new0(char *, (gsize)chosen.count + 1);
        for (int i = 0; i < chosen.count; i++)
            chosen.fields[i] = g_strdup(catalog_csv_stream_fields(stream)[i]);
    }
    catalog_customer_set *set = NULL;
    if (!ok) {
        /* err says why */
    } else if (rows == 0) {
        pliego_error_set(err, PLIEGO_ERROR_XML, path, 0, 0,
                         "no customer rows after the header");
    } else if (row == 0 && rows > 1) {
        pliego_error_set(err, PLIEGO_ERROR_XML, path, 0, 0,
                         "%d customer rows; choose one with --row N", rows);
    } else if (row > rows) {
        pliego_error_set(err, PLIEGO_ERROR_XML, path, 0, 0,
                         "--row %d is out of range: the file has %d row%s", row, rows,
                         rows == 1 ? "" : "s");
    } else if (chosen.broken) {
        *err = chosen.error;
    } else {
        set = catalog_customer_set_from_row(path, catalog_csv_stream_sha256(stream), header,
                                            columns, chosen.fields, chosen.count,
                                            row > 0 ? row : 1, err);
    }
    g_strfreev(chosen.fields);
    catalog_csv_stream_free(stream);
    return set;
}
