/* The Cairo renderer: draws an area tree as PDF or as PNG pages.
 *
 * Takes a finished area tree (read only); gives a PDF file or one PNG file
 * per page. Both outputs share one drawing routine, so what a PNG shows is
 * what the PDF holds. Files are written under a temporary name in the same
 * directory and renamed into place only on success, so a failed run leaves
 * no partial file behind. Owns nothing beyond the call.
 */
#ifndef PLIEGO_RENDER_H
#define PLIEGO_RENDER_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "layout/area.h"
#include "pliego/pliego.h"

/* Writes tree as a PDF to path ("-" writes standard output), with
 * bookmarks, links, page labels and metadata. The creation and
 * modification dates come from SOURCE_DATE_EPOCH when it is set and are
 * 2000-01-01T00:00:00Z otherwise, so the same tree gives the same bytes.
 * Returns false with err filled: PLIEGO_ERROR_IO (err->file names the
 * file) or PLIEGO_ERROR_RENDER (Cairo's status text). */
typedef struct {
    unsigned standards;          /* PLIEGO_PDF_* bits; 0 for a plain PDF */
    const char *source;          /* document XML to embed, or NULL */
    size_t source_length;
    const char *source_name;
    /* source's provenance, read already (archive_provenance_from_tree),
       or NULL: read from source */
    const struct archive_provenance *provenance;
    /* warnings met while drawing (unknown roles, refused links), with the
       FO line; may be NULL */
    bool (*warn)(void *data, int line, const char *message);
    void *warn_data;
} render_pdf_options;

/* options may be NULL (a plain PDF, no warnings). Links other than http,
 * https and mailto are dropped with a warning; roles that are not PDF
 * structure types are mapped to P or Div with one warning each. */
bool render_pdf(const area_tree *tree, const char *path,
                const render_pdf_options *options, pliego_error *err);

/* The same PDF into a new byte array (*bytes, g_byte_array_free), made
 * whole before the caller sees a byte. Errors as for render_pdf, but
 * never PLIEGO_ERROR_IO. */
bool render_pdf_memory(const area_tree *tree, const render_pdf_options *options,
                       GByteArray **bytes, pliego_error *err);

/* Whether a link URI has a scheme pliego writes (http, https, mailto). */
bool render_uri_allowed(const char *uri);

/* Writes directory/page-0001.png, page-0002.png, ... at dpi dots per inch
 * on a white background, creating directory if needed. Errors as for
 * render_pdf. */
bool render_png(const area_tree *tree, const char *directory, double dpi,
                pliego_error *err);

/* Writes page index (0-based) alone as a PNG file at path, the same way;
 * PLIEGO_ERROR_RENDER when there is no such page. */
bool render_png_page(const area_tree *tree, unsigned index, const char *path, double dpi,
                     pliego_error *err);

/* Page index (0-based) as a PNG into a new byte array (*bytes,
 * g_byte_array_free); PLIEGO_ERROR_RENDER when there is no such page or
 * Cairo fails. */
bool render_png_page_memory(const area_tree *tree, unsigned index, double dpi,
                            GByteArray **bytes, pliego_error *err);

#endif
