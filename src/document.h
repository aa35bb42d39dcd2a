/* What the contract stage needs of the public FO document beyond
 * pliego.h: a document made from an XSL-FO tree already in memory. */
#ifndef PLIEGO_DOCUMENT_H
#define PLIEGO_DOCUMENT_H

#include <libxml/tree.h>

#include "pliego/pliego.h"

/* A new document (pliego_fo_document_free) from fo, which is only read
 * and may be freed afterwards; name names it in messages and its folder
 * is where relative image paths start. NULL with err filled as for
 * pliego_fo_document_load_memory. */
pliego_fo_document *pliego_fo_document_from_tree(xmlDocPtr fo, const char *name,
                                                 pliego_warning_func warn,
                                                 void *user_data, pliego_error *err);

#endif
