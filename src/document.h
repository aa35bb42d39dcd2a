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

/* pliego_fo_document_write_archival_pdf_to with the provenance of source
 * read already from its tree (archive_provenance_from_tree; NULL: read
 * from source), so the document XML is not parsed again. */
struct archive_provenance;
bool pliego_fo_document_write_archival_pdf_with_provenance_to(
    pliego_fo_document *document, unsigned standards, const char *source,
    size_t length, const char *source_name,
    const struct archive_provenance *provenance, pliego_write_fn write, void *ctx,
    pliego_error *err);

#endif
