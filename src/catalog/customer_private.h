/* What customer.c and customer_csv.c share: the record set's layout and
 * its constructors. Not for other stages. */
#ifndef PLIEGO_CATALOG_CUSTOMER_PRIVATE_H
#define PLIEGO_CATALOG_CUSTOMER_PRIVATE_H

#include "catalog/customer.h"

struct catalog_customer_set {
    pliego_arena *arena;
    const char *name;
    char sha256[65];
    catalog_list records; /* of catalog_customer */
};

/* A new, empty set named name, with the SHA-256 of data. */
catalog_customer_set *customer_set_new(const char *name, const char *data,
                                       size_t length);

/* A new record in set with every number absent (-1). */
catalog_customer *customer_new(catalog_customer_set *set);

/* Reads CSV rows into a new set (customer_csv.c); NULL with err filled. */
catalog_customer_set *customer_csv_load(const char *data, size_t length,
                                        const char *name, pliego_error *err);

/* Maps header names to fields: header[i] is the field of column i. false
 * with err (named name) for too many, unknown or repeated columns. */
bool customer_csv_header(const char *name, char *const *names, int count,
                         int *header, pliego_error *err);

/* Adds one data row (count fields, as many as the header has) to set as a
 * new record numbered row. NULL with err naming row and column when a value
 * is badly formed. */
catalog_customer *customer_csv_fill(catalog_customer_set *set, const int *header,
                                    char *const *fields, int count, int row,
                                    pliego_error *err);

struct csv_parser;

/* Sets up a libcsv parser as every customer CSV reader uses it: RFC 4180
 * strict, spaces kept, fields grown without quadratic copying
 * (csv_stream.c). */
void customer_csv_parser_init(struct csv_parser *parser);

/* What a libcsv error code (csv_error) means, in plain words: its own
   csv_strerror text speaks of the parser, not of the file. */
const char *customer_csv_error_text(int code);

/* text without the bidirectional controls that would act past its end
 * (bidi.c): unpaired embeddings, overrides and isolates are dropped.
 * Returns text itself when nothing is dropped, else a copy in arena. */
const char *customer_balance_bidi(pliego_arena *arena, const char *text);

#endif
