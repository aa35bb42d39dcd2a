/* pliego archival output: PDF/A and PDF/UA, and verifying such files.
 *
 * A document can be written as PDF/A-3b (or PDF/A-2b) and PDF/UA-1, with
 * the document XML it was made from embedded and its provenance in the
 * XMP metadata; pliego_verify_file checks such a file. Errors are values
 * in a pliego_error, as everywhere in libpliego.
 */
#ifndef PLIEGO_ARCHIVE_PUBLIC_H
#define PLIEGO_ARCHIVE_PUBLIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "pliego/pliego.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The standards a PDF can be written to; bits of an unsigned set. */
enum {
    PLIEGO_PDF_A_2B = 1u << 0,
    PLIEGO_PDF_A_3B = 1u << 1,
    PLIEGO_PDF_UA_1 = 1u << 2,
};

/* Parses "pdf/a-3b,pdf/ua-1", "pdf/a-2b" or "none" into *standards.
 * Returns false with err filled (its message says what is wrong) for an
 * unknown name or both PDF/A parts; callers report it as a usage error. */
PLIEGO_PUBLIC
bool pliego_pdf_standards_parse(const char *list, unsigned *standards,
                                pliego_error *err);

/* The default of render, batch and serve: PDF/A-3b and PDF/UA-1. */
#define PLIEGO_PDF_ARCHIVAL (PLIEGO_PDF_A_3B | PLIEGO_PDF_UA_1)

/* Writes the document's PDF to the given standards (0: a plain PDF, as
 * pliego_fo_document_write_pdf). source (length bytes, copied; may be
 * NULL) is the document XML the FO was made from: with PDF/A-3b it is
 * embedded as an associated file named source_name, and for every
 * standard its provenance goes into the XMP metadata. A standard that
 * cannot be met is an error naming the cause (PLIEGO_ERROR_RENDER), and
 * nothing is written. */
PLIEGO_PUBLIC
bool pliego_fo_document_write_archival_pdf(pliego_fo_document *document,
                                           const char *path,
                                           unsigned standards,
                                           const char *source, size_t length,
                                           const char *source_name,
                                           pliego_error *err);

/* Same, through write rather than into a file (see pliego_write_fn):
 * the whole PDF is made first, so write gets nothing when it fails. */
PLIEGO_PUBLIC
bool pliego_fo_document_write_archival_pdf_to(pliego_fo_document *document,
                                              unsigned standards,
                                              const char *source, size_t length,
                                              const char *source_name,
                                              pliego_write_fn write, void *ctx,
                                              pliego_error *err);

/* What pliego_verify_file found: one line per finding. Opaque. */
typedef struct pliego_verify_report pliego_verify_report;

/* Checks the PDF at path against the PDF/A and PDF/UA rules pliego's
 * output must meet (docs/pdf-standards.md), and its embedded document XML
 * against the XMP provenance; with catalog_dir (may be NULL), also says
 * which clauses changed in that catalogue since the file was made.
 * Returns a report (free with pliego_verify_report_free), or NULL with
 * err filled when the file cannot be read as a PDF. */
PLIEGO_PUBLIC
pliego_verify_report *pliego_verify_file(const char *path,
                                         const char *catalog_dir,
                                         pliego_error *err);
PLIEGO_PUBLIC
void pliego_verify_report_free(pliego_verify_report *report);

/* Number of findings; 0 means conformant and consistent. */
PLIEGO_PUBLIC
size_t pliego_verify_report_count(const pliego_verify_report *report);

/* Writes the report as text lines ("RULE object N: message") or, with
 * json, as one JSON object. */
PLIEGO_PUBLIC
void pliego_verify_report_print(const pliego_verify_report *report,
                                FILE *stream, bool json);

#ifdef __cplusplus
}
#endif

#endif
