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

#endif
