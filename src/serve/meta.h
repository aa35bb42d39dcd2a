/* The form's description and the customer list of pliego serve (meta.c). */
#ifndef PLIEGO_SERVE_META_H
#define PLIEGO_SERVE_META_H

#include "serve/serve.h"

/* Customers a search answers at most. */
#define SERVE_MAX_CUSTOMERS 50

/* GET /api/meta: the CSRF token, kinds, channels, countries and fields;
 * with a second catalogue (compare, may be NULL) also "catalogs", the two
 * folders' names, so that the legal page offers a side of each. g_free. */
char *serve_meta_json(const catalog *cat, const catalog *compare, const char *csrf);

/* True when name is a column of the customer table. */
bool serve_field_known(const char *name);

typedef struct serve_customers serve_customers;

/* The customers of set (may be NULL: none), each as its column values. */
serve_customers *serve_customers_new(const catalog_customer_set *set);
void serve_customers_free(serve_customers *list);

/* GET /api/customers?q=: those whose id or name holds query (case
   ignored; all for an empty one), at most SERVE_MAX_CUSTOMERS. g_free. */
char *serve_customers_json(const serve_customers *list, const char *query);

#endif
