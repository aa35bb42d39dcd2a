/* pliego review: what legal teams read. Compares two assembled documents
 * (document XML, docs/document-xml.md) clause by clause and word by word,
 * and writes the comparison as JSON, as Markdown with git's word-diff
 * marks, or as the XML that templates/redline.xsl lays out. docs/review.md
 * describes the JSON schema and the statuses.
 *
 * The review stage reads document XML only: it knows nothing of layout.
 * Every object returned here is owned by the caller and freed with its
 * matching _free function; text returned as char * is freed with free().
 * Errors are values filled into a pliego_error the caller provides.
 */
#ifndef PLIEGO_REVIEW_H
#define PLIEGO_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "pliego/pliego.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Hard limits: a document with more clauses, or a clause with more words,
 * is refused with PLIEGO_ERROR_LIMIT (hostile input is ordinary input). */
#define PLIEGO_REVIEW_MAX_CLAUSES 10000
#define PLIEGO_REVIEW_MAX_WORDS 200000

/* One side of a comparison: an assembled document, read. Opaque. */
typedef struct pliego_review_document pliego_review_document;

/* Reads document XML from memory; name is used in messages and reports.
 * Returns a new document (free with pliego_review_document_free) or NULL
 * with err filled: PLIEGO_ERROR_XML with the line and column for malformed
 * XML or a file that is not a pliego document, PLIEGO_ERROR_LIMIT over a
 * limit. */
PLIEGO_PUBLIC
pliego_review_document *pliego_review_document_load_memory(const char *buffer,
                                                           size_t size,
                                                           const char *name,
                                                           pliego_error *err);

/* The same from a file; PLIEGO_ERROR_IO when it cannot be read. */
PLIEGO_PUBLIC
pliego_review_document *pliego_review_document_load(const char *path,
                                                    pliego_error *err);

PLIEGO_PUBLIC
void pliego_review_document_free(pliego_review_document *document);

/* The SHA-256 (64 hex digits, owned by document) of what makes two
 * variants the same for legal review: the document's kind and language,
 * its fallbacks, every clause's id, group, version, languages and hashes
 * in order, its terms, the terms table, and the clauses' text with the
 * customer's own data (name, address, country, dates, order) left out. */
PLIEGO_PUBLIC
const char *pliego_review_document_signature(const pliego_review_document *document);

/* A comparison of two documents. Opaque. */
typedef struct pliego_review_diff pliego_review_diff;

/* Compares a (the old side) with b (the new side). Both documents must
 * outlive the result. Returns a new diff (free with pliego_review_diff_free)
 * or NULL with err filled (PLIEGO_ERROR_LIMIT). */
PLIEGO_PUBLIC
pliego_review_diff *pliego_review_diff_new(const pliego_review_document *a,
                                           const pliego_review_document *b,
                                           pliego_error *err);

PLIEGO_PUBLIC
void pliego_review_diff_free(pliego_review_diff *diff);

/* True when nothing differs: every clause "same" and every fact equal. */
PLIEGO_PUBLIC
bool pliego_review_diff_same(const pliego_review_diff *diff);

/* The diff as JSON (schema "pliego-diff/1", docs/review.md), as Markdown,
 * or as redline XML (namespace urn:pliego:redline, the input of
 * templates/redline.xsl). Each returns a new NUL-terminated UTF-8 string
 * (free with free()); *length (may be NULL) gets its length in bytes. The
 * same diff always gives the same bytes, in any locale. */
PLIEGO_PUBLIC
char *pliego_review_diff_json(const pliego_review_diff *diff, size_t *length);
PLIEGO_PUBLIC
char *pliego_review_diff_markdown(const pliego_review_diff *diff, size_t *length);
PLIEGO_PUBLIC
char *pliego_review_diff_redline(const pliego_review_diff *diff, size_t *length);

#ifdef __cplusplus
}
#endif

#endif
