/* pliego: renders contracts, service descriptions and notices to PDF.
 *
 * The public interface of libpliego. Today it exposes the XSL-FO renderer:
 * parse an XSL-FO file into a document, lay it out, and write PDF, PNG pages
 * or the area tree as XML. Every object returned here is owned by the caller
 * and freed with its matching _free function; errors are values filled into a
 * pliego_error the caller provides.
 */
#ifndef PLIEGO_H
#define PLIEGO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "pliego/version.h"

/* Marks the functions libpliego exports. The library is built with hidden
 * visibility (meson's gnu_symbol_visibility), so everything else stays
 * inside it, as cmark's CMARK_EXPORT and pdfio's _PDFIO_PUBLIC do. */
#if defined(__GNUC__) || defined(__clang__)
#define PLIEGO_PUBLIC __attribute__((visibility("default")))
#else
#define PLIEGO_PUBLIC
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes; the CLI maps them to exit statuses. */
typedef enum {
    PLIEGO_OK = 0,
    PLIEGO_ERROR_IO,       /* a file could not be read or written */
    PLIEGO_ERROR_XML,      /* the input is not well-formed XML */
    PLIEGO_ERROR_FO,       /* the XSL-FO is well-formed but unusable */
    PLIEGO_ERROR_LIMIT,    /* the input exceeds a hard limit */
    PLIEGO_ERROR_RENDER,   /* Cairo or Pango failed */
    PLIEGO_ERROR_TEMPLATE  /* an XSLT template is missing, malformed, refused
                              by the security rules, or failed at run time */
} pliego_error_code;

/* Whose mistake an error is, for callers that answer a person (a form
 * shows a customer error beside its field; a server answers a catalogue
 * or template error as its own fault). The functions of contract.h set
 * it; the others leave PLIEGO_ERROR_KIND_NONE. */
typedef enum {
    PLIEGO_ERROR_KIND_NONE = 0,
    PLIEGO_ERROR_KIND_REQUEST,  /* an argument of the call: an unknown kind of
                                   document, a bad language tag or date, a
                                   page the document does not have */
    PLIEGO_ERROR_KIND_CATALOG,  /* the catalogue: a file, or what it lacks */
    PLIEGO_ERROR_KIND_CUSTOMER, /* the customer record: a value badly formed
                                   or missing (field names it) */
    PLIEGO_ERROR_KIND_RULE,     /* a business rule the record breaks (field
                                   and rule name it) */
    PLIEGO_ERROR_KIND_TEMPLATE, /* an XSLT template, or the XSL-FO it made */
    PLIEGO_ERROR_KIND_RENDER,   /* layout or drawing */
    PLIEGO_ERROR_KIND_OUTPUT    /* the output could not be written */
} pliego_error_kind;

/* An error with the place in the user's input where it was found.
 * file may be empty; line and column are 0 when unknown. The members after
 * column are empty (0, "") unless they apply: field is the customer field
 * (its CSV column name, "effective_date"), row the CSV data row (1 is the
 * first after the header), rule the business rule ("min-notice-days"),
 * clause the catalogue clause id. pliego_error_set clears them. */
typedef struct {
    pliego_error_code code;
    char message[512];
    char file[256];
    int line;
    int column;
    pliego_error_kind kind;
    char field[64];
    int row;
    char rule[64];
    char clause[128];
} pliego_error;

/* The name of kind: "request", "catalog", "customer", "rule", "template",
 * "render", "output", or "" for PLIEGO_ERROR_KIND_NONE. */
PLIEGO_PUBLIC
const char *pliego_error_kind_name(pliego_error_kind kind);

/* Receives output bytes in order (any number of calls per output, each
 * with len > 0) and returns true, or false to stop: the writing function
 * then fails with err->kind PLIEGO_ERROR_KIND_OUTPUT and code
 * PLIEGO_ERROR_IO, and calls write no more. As pdfio's output callback,
 * it lets the caller choose a file, memory or a socket. */
typedef bool (*pliego_write_fn)(void *ctx, const void *data, size_t len);

/* Fills err (if not NULL) with code, place and a printf-style message. */
PLIEGO_PUBLIC
void pliego_error_set(pliego_error *err, pliego_error_code code,
                      const char *file, int line, int column,
                      const char *format, ...)
    __attribute__((format(printf, 6, 7)));

/* Writes "pliego: file:line:column: error: message" to stream (line and
 * column when known; "pliego: error: message" without a file). A message
 * that starts with the place of a CSV value, "row N[, column NAME]: ",
 * has it moved before "error:". */
PLIEGO_PUBLIC
void pliego_error_print(const pliego_error *err, FILE *stream);

/* Called for every warning (unknown element, missing font, ...). Returning
 * false stops processing with PLIEGO_ERROR_FO; returning true goes on. */
typedef bool (*pliego_warning_func)(const char *file, int line,
                                    const char *message, void *user_data);

/* A parsed XSL-FO document with its layout. Opaque. */
typedef struct pliego_fo_document pliego_fo_document;

/* Parses the XSL-FO file at path ("-" reads standard input). Relative image
 * paths resolve against the file's directory; images are read only from
 * inside that directory (subdirectories included) and those given to
 * pliego_fo_document_allow_images, never from another URI scheme (http:,
 * ...): any other image gets a warning and an empty box. warn may be NULL
 * (warnings go to stderr). Returns a new document the caller frees with
 * pliego_fo_document_free, or NULL with err filled. */
PLIEGO_PUBLIC
pliego_fo_document *pliego_fo_document_load(const char *path,
                                            pliego_warning_func warn,
                                            void *user_data,
                                            pliego_error *err);

/* Same, from a memory buffer; name is used in messages. */
PLIEGO_PUBLIC
pliego_fo_document *pliego_fo_document_load_memory(const char *buffer,
                                                   size_t size,
                                                   const char *name,
                                                   pliego_warning_func warn,
                                                   void *user_data,
                                                   pliego_error *err);

PLIEGO_PUBLIC
void pliego_fo_document_free(pliego_fo_document *document);

/* Lets the document read images from directory and its subdirectories too
 * (paths are compared after resolving symbolic links and ".."). Call
 * before laying out. Returns false with err filled when directory is not
 * a directory. */
PLIEGO_PUBLIC
bool pliego_fo_document_allow_images(pliego_fo_document *document,
                                     const char *directory, pliego_error *err);

/* Lays the document out (the passes run once; later calls reuse them).
 * Returns false with err filled on failure. */
PLIEGO_PUBLIC
bool pliego_fo_document_layout(pliego_fo_document *document, pliego_error *err);

/* Number of pages after layout (0 before). */
PLIEGO_PUBLIC
int pliego_fo_document_page_count(const pliego_fo_document *document);

/* Writes the PDF to path ("-" is standard output) through a temporary file
 * renamed into place, so a failed run leaves no partial file. Lays the
 * document out first if needed. */
PLIEGO_PUBLIC
bool pliego_fo_document_write_pdf(pliego_fo_document *document,
                                  const char *path, pliego_error *err);

/* Writes one PNG per page into directory (created if missing), named
 * page-0001.png, ..., at the given resolution in dots per inch. */
PLIEGO_PUBLIC
bool pliego_fo_document_write_png(pliego_fo_document *document,
                                  const char *directory, double dpi,
                                  pliego_error *err);

/* Writes page (1 is the first) alone as a PNG file at path, at the given
 * resolution, through a temporary file renamed into place (a thumbnail).
 * Lays the document out first if needed; false with err filled when there
 * is no such page or the file cannot be written. */
PLIEGO_PUBLIC
bool pliego_fo_document_write_png_page(pliego_fo_document *document, int page,
                                       const char *path, double dpi,
                                       pliego_error *err);

/* Same, through write rather than into a file (see pliego_write_fn). */
PLIEGO_PUBLIC
bool pliego_fo_document_write_png_page_to(pliego_fo_document *document,
                                          int page, double dpi,
                                          pliego_write_fn write, void *ctx,
                                          pliego_error *err);

/* Writes the area tree as XML to path ("-" is standard output). */
PLIEGO_PUBLIC
bool pliego_fo_document_write_areas(pliego_fo_document *document,
                                    const char *path, pliego_error *err);

/* Library version string, PLIEGO_VERSION of the library itself (the
 * header's PLIEGO_VERSION says which version a program was built against). */
PLIEGO_PUBLIC
const char *pliego_version(void);

#ifdef __cplusplus
}
#endif

#endif
