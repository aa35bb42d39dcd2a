/* The contract stage, private to libpliego: the objects of
 * include/pliego/contract.h and what its files share. It strings the
 * other stages together (catalog, assemble, xslt, then the FO document of
 * pliego.h) and adds nothing to them: the FO renderer knows nothing of
 * contracts. */
#ifndef PLIEGO_CONTRACT_PRIVATE_H
#define PLIEGO_CONTRACT_PRIVATE_H

#include <glib.h>

#include "catalog/catalog.h"
#include "catalog/customer.h"
#include "pliego/contract.h"
#include "xslt/xslt.h"

/* The name a record built from fields has in provenance: the file
   pliego_customer_write_csv writes, as `pliego render` would read it. */
#define CONTRACT_CUSTOMER_NAME "customer.csv"

struct pliego_customer {
    char *values[CUSTOMER_FIELD_COUNT]; /* CSV cell text (g_free), NULL absent */
    catalog_customer_set *file;         /* the loaded file's records, or NULL */
    size_t index;                       /* the record's index in file */
    char *path;                         /* the loaded file, or NULL */
};

/* A record of set's record index, which it takes over (freed with it);
 * path is the file provenance names (copied). For pliego_customer_load
 * and batch workers, which read a CSV row themselves. */
pliego_customer *contract_customer_adopt(catalog_customer_set *set, size_t index,
                                         const char *path);

/* The stages' objects behind a loaded catalogue and templates (owned by
   them), for pliego serve's legal routes, which read the catalogue and run
   redline.xsl directly: one load serves both. */
const catalog *contract_catalog(const pliego_catalog *catalog);
xslt_templates *contract_xslt(pliego_templates *templates);

/* A catalogue object over cat, which stays the caller's and must outlive
 * it (pliego_catalog_free frees the object alone). cat must have passed
 * catalog_check. For `pliego check`, which loads the catalogue itself to
 * list every problem, then runs the batch pre-flight on it. */
pliego_catalog *contract_catalog_borrow(const catalog *cat);

/* The document XML of document (borrowed: freed with the document), for
 * the review stage, which reads the tree as it is. */
xmlDocPtr contract_document_xml(const pliego_document *document);

/* Sets err's kind unless a deeper stage set one already. */
void contract_error_kind(pliego_error *err, pliego_error_kind kind);

/* The record set to assemble customer from: the loaded file's (borrowed),
 * or a set read from the values, returned in *made too (the caller frees
 * it with catalog_customer_set_free). *index is the record, *name the file
 * provenance names. NULL with err filled (kind customer) for a badly formed
 * value. */
const catalog_customer_set *contract_customer_record(const pliego_customer *customer,
                                                     size_t *index, const char **name,
                                                     catalog_customer_set **made,
                                                     pliego_error *err);

#endif
