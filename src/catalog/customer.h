/* Customer records, from one XML file (schemas/customer.rng) or from the
 * rows of a CSV file (RFC 4180, UTF-8, parsed with libcsv; the columns are
 * in README.md, "Contracts: catalogue and assembly").
 *
 * A catalog_customer_set owns its records: every string lives in the set's
 * arena and is freed by catalog_customer_set_free. Records keep where each
 * field came from (file and line for XML, file, row and column for CSV) so
 * errors name the place a person must fix.
 */
#ifndef PLIEGO_CATALOG_CUSTOMER_H
#define PLIEGO_CATALOG_CUSTOMER_H

#include <glib.h>
#include <stdbool.h>

#include "catalog/catalog.h"

/* Fields that carry a place of their own, for error messages. */
typedef enum {
    CUSTOMER_FIELD_ID,
    CUSTOMER_FIELD_LEGAL_NAME,
    CUSTOMER_FIELD_CONTACT_NAME,
    CUSTOMER_FIELD_CONTACT_EMAIL,
    CUSTOMER_FIELD_CONTACT_PHONE,
    CUSTOMER_FIELD_ADDRESS,
    CUSTOMER_FIELD_COUNTRY,
    CUSTOMER_FIELD_LANGUAGE,
    CUSTOMER_FIELD_CHANNEL,
    CUSTOMER_FIELD_RESELLER,
    CUSTOMER_FIELD_VENDOR_ENTITY,
    CUSTOMER_FIELD_PRODUCTS,
    CUSTOMER_FIELD_ORDER_NUMBER,
    CUSTOMER_FIELD_START_DATE,
    CUSTOMER_FIELD_TERM_MONTHS,
    CUSTOMER_FIELD_SYSTEMS,
    CUSTOMER_FIELD_LICENCES,
    CUSTOMER_FIELD_USERS,
    CUSTOMER_FIELD_PRICE,
    CUSTOMER_FIELD_CURRENCY,
    CUSTOMER_FIELD_NOTICE_DATE,
    CUSTOMER_FIELD_NOTICE_REASON,
    CUSTOMER_FIELD_EFFECTIVE_DATE,
    CUSTOMER_FIELD_TRANSFER_DATE,
    CUSTOMER_FIELD_TRANSFEREE_NAME,
    CUSTOMER_FIELD_TRANSFEREE_ADDRESS,
    CUSTOMER_FIELD_TRANSFER_PRODUCTS,
    CUSTOMER_FIELD_ORIGINAL_PURCHASER,
    CUSTOMER_FIELD_DESTINATION_COUNTRY,
    CUSTOMER_FIELD_COUNT
} catalog_customer_field;

/* The CSV column name of a field ("customer_id", ...). */
const char *catalog_customer_field_column(catalog_customer_field field);

typedef struct {
    const char *service_tag;
    const char *name;
} catalog_product;

/* One record. Strings are NULL when the field is absent or empty; numbers
 * are -1 when absent; dates are GDate Julian days, 0 when absent. */
typedef struct {
    const char *file;
    int row;  /* CSV data row (1 = first after the header), 0 for XML */
    int lines[CUSTOMER_FIELD_COUNT]; /* XML line, or CSV physical line */

    const char *id;
    const char *legal_name;
    const char *contact_name;
    const char *contact_email;
    const char *contact_phone;
    const char **address; /* NULL-terminated lines */
    const char *country;
    const char *language;
    const char *channel; /* "direct" or "reseller" */
    const char *reseller;
    const char *vendor_entity;
    catalog_list products; /* of catalog_product */

    const char *order_number;
    guint32 start_date;
    int term_months;
    int systems;
    int licences;
    int users;
    const char *price; /* decimal text */
    const char *currency;

    guint32 notice_date;
    const char *notice_reason;
    guint32 effective_date;

    guint32 transfer_date;
    const char *transferee_name;
    const char **transferee_address; /* NULL-terminated, or NULL */
    const char **transfer_products;  /* service tags, NULL-terminated, or NULL */
    int original_purchaser;          /* 1 yes, 0 no, -1 absent */
    const char *destination_country;
} catalog_customer;

typedef struct catalog_customer_set catalog_customer_set;

/* Loads path: a file ending in .csv is read as CSV (header row required),
 * anything else as customer XML validated against its schema. Returns a new
 * set (caller frees with catalog_customer_set_free) or NULL with err filled:
 * malformed XML, a schema violation, invalid UTF-8 (with the byte offset),
 * a CSV quoting error, a ragged row (naming the row), an unknown or
 * repeated column, or a badly formed value (naming row and column). */
catalog_customer_set *catalog_customer_set_load(const char *path, pliego_error *err);

/* Same from memory; name is used in messages. is_csv picks the format. */
catalog_customer_set *catalog_customer_set_load_memory(const char *data,
                                                       size_t length,
                                                       const char *name,
                                                       bool is_csv,
                                                       pliego_error *err);

void catalog_customer_set_free(catalog_customer_set *set);

size_t catalog_customer_set_count(const catalog_customer_set *set);

/* Record index (0-based); NULL when out of range. Owned by the set. */
const catalog_customer *catalog_customer_set_get(const catalog_customer_set *set,
                                                 size_t index);

/* SHA-256 of the file's bytes, for provenance. */
const char *catalog_customer_set_sha256(const catalog_customer_set *set);

/* Checks the fields every document needs (id, legal name, contact, address,
 * country, channel and reseller name for the reseller channel, vendor
 * entity, products, order number, start date, term, price, currency).
 * false with err naming the place and the field. */
bool catalog_customer_check(const catalog_customer *customer, pliego_error *err);

/* Fills err with a problem in field of customer, naming its place:
 * "FILE:LINE: error: field F: ..." for XML, "FILE: error: row N, column C:
 * ..." for CSV. Returns false, so callers can `return catalog_customer_error(...)`. */
bool catalog_customer_error(const catalog_customer *customer,
                            catalog_customer_field field, pliego_error *err,
                            const char *format, ...)
    __attribute__((format(printf, 4, 5)));

/* Records for the library API (customer_fields.c) ------------------------ */

/* The field whose CSV column is name ("effective_date"; a "-" may stand
 * for each "_"), or -1. */
int catalog_customer_field_find(const char *name);

/* Checks value (a CSV cell's text, not empty) as field: UTF-8, a date, a
 * whole number, yes/no, product lines. false with err (kind customer,
 * field set, no place). */
bool catalog_customer_check_value(catalog_customer_field field, const char *value,
                                  pliego_error *err);

/* A set of one record (row 1) read from values, indexed by field (NULL or
 * "" absent), as the CSV row of the file csv (length bytes, whose SHA-256
 * the set keeps) would be read. The record has no file: its errors have no
 * place but the field. NULL with err filled for a badly formed value. */
catalog_customer_set *catalog_customer_set_from_values(char *const *values,
                                                       const char *csv, size_t length,
                                                       pliego_error *err);

/* The CSV file of values: a header of the present fields in field order,
 * then one row, lines ended by CRLF. A new string (g_free); *length is its
 * length. */
char *catalog_customer_values_csv(char *const *values, size_t *length);

/* The value of field in c as a CSV cell writes it (dates YYYY-MM-DD, lines
 * joined by line breaks, service tags by spaces, yes/no), or NULL when
 * absent. A new string (g_free). */
char *catalog_customer_value(const catalog_customer *c, catalog_customer_field field);

/* The customer file at path, and in *index the record row names, as
 * `pliego render --customer path --row row` picks it: a CSV file is
 * streamed for that row alone (catalog_customer_set_load_row), an XML
 * file loaded whole. row 0 asks for the only record. NULL with err filled
 * (the loaders' errors, several records for row 0, row out of range). */
catalog_customer_set *catalog_customer_set_open(const char *path, int row, size_t *index,
                                                pliego_error *err);

/* Customer CSV one row at a time (batches) ------------------------------- */

/* Bytes a CSV record may hold, for every reader: bounds memory and time
   on hostile input. */
#define CATALOG_CSV_MAX_RECORD_BYTES (1024 * 1024)

/* Columns a customer CSV may have. */
#define CATALOG_CSV_MAX_COLUMNS 64

/* Maps a header row (names of count columns) to fields: header[i] (an array
 * of CATALOG_CSV_MAX_COLUMNS) is the field of column i. false with err
 * (naming name) for too many, unknown or repeated columns. */
bool catalog_customer_csv_header(const char *name, char *const *names, int count,
                                 int *header, pliego_error *err);

/* A set holding the one record of a CSV data row, as catalog_customer_set_load
 * would read it from the whole file: name is the file (for messages and
 * provenance), sha256 the file's SHA-256 (which the caller computed), row
 * the data row's number (1 = first after the header). Returns a new set
 * (catalog_customer_set_free) or NULL with err filled: a row whose field
 * count is not the header's, a value that is not UTF-8, or a badly formed
 * value (naming row and column). */
catalog_customer_set *catalog_customer_set_from_row(const char *name,
                                                    const char *sha256,
                                                    const int *header, int columns,
                                                    char *const *fields, int count,
                                                    int row, pliego_error *err);

/* One data row of the CSV file at path (row 1 is the first after the
 * header; 0 when the file must have exactly one), read as
 * catalog_customer_set_from_row reads a batch's row: the file is streamed
 * (in constant memory, each record at most 1 MiB), only the header and
 * that row are parsed into fields, and what is wrong with other rows (a
 * bad value, bad quoting, a ragged row, invalid UTF-8) does not matter,
 * so `pliego render --row N` makes the document `pliego batch` makes for
 * that row. Returns a new set of one record (catalog_customer_set_free)
 * whose SHA-256 is the whole file's, or NULL with err filled: the file
 * cannot be read, a bad header, no rows, several rows when row is 0, row
 * out of range, or the row itself broken or badly formed. */
catalog_customer_set *catalog_customer_set_load_row(const char *path, int row,
                                                    pliego_error *err);

/* A CSV file read one record at a time (RFC 4180 through libcsv, as the
 * whole-file reader does; a UTF-8 byte order mark is skipped), in constant
 * memory: a batch never holds more than the record it is on and one read
 * buffer. Record 0 is the header; data rows are numbered from 1, as
 * `--row N` counts them (a quoted field may span lines, so a row number is
 * not a line number). A record broken by bad quoting is reported as
 * CATALOG_CSV_BROKEN and reading resumes at the next line break, so the
 * rows after it keep their numbers unless the break fell inside a quoted
 * field. The stream also computes the SHA-256 of every byte it reads. */
typedef struct catalog_csv_stream catalog_csv_stream;

typedef enum {
    CATALOG_CSV_RECORD, /* a record; its fields are available */
    CATALOG_CSV_BROKEN, /* a record that cannot be parsed: err says why */
    CATALOG_CSV_END,    /* no more records */
    CATALOG_CSV_FAILED  /* the file cannot be read: err says why */
} catalog_csv_status;

/* Opens path for reading. NULL with err (PLIEGO_ERROR_IO) when it cannot
 * be opened. Free with catalog_csv_stream_free. */
catalog_csv_stream *catalog_csv_stream_open(const char *path, pliego_error *err);

void catalog_csv_stream_free(catalog_csv_stream *stream);

/* Reads the next record. */
catalog_csv_status catalog_csv_stream_next(catalog_csv_stream *stream,
                                           pliego_error *err);

/* The record just read: its number (0 the header, then 1, 2, ...; broken
 * records count too), its fields (NUL-terminated strings owned by the
 * stream until the next call) and how many there are. */
int catalog_csv_stream_row(const catalog_csv_stream *stream);
char *const *catalog_csv_stream_fields(const catalog_csv_stream *stream);
int catalog_csv_stream_count(const catalog_csv_stream *stream);

/* Lowercase hex SHA-256 of the bytes read so far: the whole file's once
 * catalog_csv_stream_next has returned CATALOG_CSV_END. */
const char *catalog_csv_stream_sha256(catalog_csv_stream *stream);

#endif
