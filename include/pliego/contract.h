/* pliego contracts: the contract half of libpliego as a library.
 *
 * Load a catalogue and the XSLT templates once, build a customer record
 * (field by field, or from a customer file), assemble a document of a kind
 * in a language on a date, and render it to memory: PDF bytes, a PNG of
 * one page, or the XSL-FO. The sequence is the one `pliego render`,
 * `pliego batch` and `pliego serve` run: assemble -> XSLT -> FO -> layout
 * -> PDF, with the transform's result tree going straight to the FO stage.
 *
 * Ownership: every object returned here is owned by the caller and freed
 * with its matching _free function (each accepts NULL). A catalogue and
 * templates are read-only once loaded and may be shared by any number of
 * documents, by threads at once, and by processes forked after loading. A
 * document borrows nothing: it may outlive the catalogue and customer it
 * was assembled from.
 *
 * Threads: a pliego_document and a pliego_customer are used by one thread
 * at a time, and every render of a document is made by one thread (the
 * first lays it out with that thread's fonts); catalogues and templates
 * by any number at once (only
 * pliego_templates_set_warning must not run while another thread renders
 * with the same templates). No initialisation call is needed first.
 * Warnings and write functions are called on the rendering thread.
 * docs/library.md ("Threads") lists the state kept per process.
 *
 * Errors are values: every function that can fail takes a pliego_error
 * (may be NULL) and returns false or NULL with it filled. Besides code,
 * message and place, such an error carries its kind (whose mistake it is:
 * PLIEGO_ERROR_KIND_CATALOG, _CUSTOMER, _RULE, ...) and, where they apply,
 * the customer field (its CSV column name, e.g. "effective_date"), the CSV
 * row, the business rule and the clause, as members of pliego_error. The
 * message is plain words; for a record built with pliego_customer_set it
 * carries no file place, so it can be shown beside the field.
 */
#ifndef PLIEGO_CONTRACT_H
#define PLIEGO_CONTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "pliego/pliego.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The output callback (pliego_write_fn) is declared in pliego.h: it gets
 * the bytes in order, any number of calls per output, and returns false
 * to stop (the call then fails with PLIEGO_ERROR_KIND_OUTPUT). */

/* ---- catalogue ---------------------------------------------------------- */

/* A loaded and cross-checked catalogue (regions/, locales/). Opaque. */
typedef struct pliego_catalog pliego_catalog;

/* Loads the catalogue in dir, validates every file against its schema and
 * runs the cross-checks of `pliego check`. Returns a new catalogue (free
 * with pliego_catalog_free) or NULL with err filled with the first problem
 * (kind PLIEGO_ERROR_KIND_CATALOG; file and line name it; `pliego check`
 * lists all): dir missing or unreadable, a file malformed or invalid, a
 * cross-check failed. */
PLIEGO_PUBLIC
pliego_catalog *pliego_catalog_load(const char *dir, pliego_error *err);

PLIEGO_PUBLIC
void pliego_catalog_free(pliego_catalog *catalog);

/* The folder the catalogue was loaded from (owned by catalog). */
PLIEGO_PUBLIC
const char *pliego_catalog_dir(const pliego_catalog *catalog);

/* ---- customer records -------------------------------------------------- */

/* One customer record. Opaque. */
typedef struct pliego_customer pliego_customer;

/* Number of customer fields, and the name of field index (0 to count - 1):
 * the columns of README.md's customer table, in its order, as a CSV header
 * names them ("customer_id", "legal_name", ...). NULL out of range. */
PLIEGO_PUBLIC
size_t pliego_customer_field_count(void);
PLIEGO_PUBLIC
const char *pliego_customer_field_name(size_t index);

/* A new, empty record (free with pliego_customer_free). Fill it with
 * pliego_customer_set. In provenance it is named "customer.csv", with the
 * SHA-256 of what pliego_customer_write_csv writes. */
PLIEGO_PUBLIC
pliego_customer *pliego_customer_new(void);

/* Loads record row of the customer file at path: FILE.csv (row 1 is the
 * first after the header; row 0 when the file has exactly one row) or
 * customer XML (row 0 or 1 for its one record), as `pliego render
 * --customer FILE --row N` reads it. Returns a new record or NULL with err
 * filled (kind PLIEGO_ERROR_KIND_CUSTOMER; field and row set when a value
 * is badly formed): unreadable or invalid file, row out of range. */
PLIEGO_PUBLIC
pliego_customer *pliego_customer_load(const char *path, int row,
                                      pliego_error *err);

PLIEGO_PUBLIC
void pliego_customer_free(pliego_customer *customer);

/* Sets field (a name of pliego_customer_field_name; a "-" may stand for
 * each "_", so "effective-date" is effective_date) to value, written as in
 * a CSV cell: dates YYYY-MM-DD, products and addresses one per line, and
 * an empty value (or NULL) removes the field. The value's form is checked
 * now (a date, a whole number, yes/no, "SERVICE-TAG Product name" lines,
 * UTF-8); whether the record is complete and follows the business rules is
 * checked by pliego_document_assemble. false with err filled (kind
 * PLIEGO_ERROR_KIND_CUSTOMER, err->field the field's name) for an unknown
 * field or a badly formed value; the record is then unchanged. */
PLIEGO_PUBLIC
bool pliego_customer_set(pliego_customer *customer, const char *field,
                         const char *value, pliego_error *err);

/* The value of field as pliego_customer_set takes it (owned by customer,
 * valid until the record changes), or NULL when the field is absent or
 * unknown. */
PLIEGO_PUBLIC
const char *pliego_customer_get(const pliego_customer *customer,
                                const char *field);

/* Writes the record as a CSV file (a header of its present fields in
 * README order, then one row) through write. false with err filled (kind
 * PLIEGO_ERROR_KIND_OUTPUT) when write returns false. A record built with
 * pliego_customer_set, written to a file named customer.csv and rendered
 * with `pliego render --customer customer.csv`, gives the bytes
 * pliego_document_render gives. */
PLIEGO_PUBLIC
bool pliego_customer_write_csv(const pliego_customer *customer,
                               pliego_write_fn write, void *ctx,
                               pliego_error *err);

/* ---- templates ---------------------------------------------------------- */

/* The XSLT templates of a folder (KIND.xsl and what they import), each
 * compiled once on first use and kept. Opaque. */
typedef struct pliego_templates pliego_templates;

/* Prepares the templates in dir. catalog (may be NULL) is the catalogue
 * whose regions/ and locales/ the templates may read with document();
 * templates never read outside those folders and dir, nor write files or
 * use the network. Returns a new object (free with pliego_templates_free)
 * or NULL with err filled (kind PLIEGO_ERROR_KIND_TEMPLATE) when dir is not
 * a readable folder. */
PLIEGO_PUBLIC
pliego_templates *pliego_templates_load(const char *dir,
                                        const pliego_catalog *catalog,
                                        pliego_error *err);

PLIEGO_PUBLIC
void pliego_templates_free(pliego_templates *templates);

/* Compiles the template of kind now rather than on first use (before
 * forking workers, so they share it). false with err filled (kind
 * PLIEGO_ERROR_KIND_TEMPLATE, at the template's file and line) when it is
 * missing, malformed or reads what it may not; kind
 * PLIEGO_ERROR_KIND_REQUEST for an unknown kind. */
PLIEGO_PUBLIC
bool pliego_templates_compile(pliego_templates *templates, const char *kind,
                              pliego_error *err);

/* Warnings of the templates (xsl:message that does not terminate) go to
 * warn with the template's file and line; NULL (the default) drops them. */
PLIEGO_PUBLIC
void pliego_templates_set_warning(pliego_templates *templates,
                                  pliego_warning_func warn, void *user_data);

/* The kinds of document a catalogue may hold: "service-description",
 * "cancellation-notice", "transfer-notice"; NULL past the last. */
PLIEGO_PUBLIC
const char *pliego_document_kind_name(size_t index);

/* ---- documents ---------------------------------------------------------- */

/* An assembled document (its document XML), and once rendered, its layout.
 * Opaque. */
typedef struct pliego_document pliego_document;

/* Assembles the document of kind ("service-description", ...) for customer
 * from catalog, in language lang (a tag such as "es-MX"; NULL: the
 * customer's, else the country's first) dated on_date ("YYYY-MM-DD"; NULL:
 * today, UTC). Returns a new document (free with pliego_document_free) or
 * NULL with err filled:
 *   PLIEGO_ERROR_KIND_REQUEST   unknown kind, bad language tag or date;
 *   PLIEGO_ERROR_KIND_CUSTOMER  a required field missing or a value wrong
 *                               (err->field names it);
 *   PLIEGO_ERROR_KIND_RULE      a business rule broken (err->field and
 *                               err->rule name it; the message says what is
 *                               expected, e.g. "For France the effective
 *                               date must be at least 30 days after the
 *                               notice date: the earliest is 25 December
 *                               2026.");
 *   PLIEGO_ERROR_KIND_CATALOG   the catalogue cannot make it (no clause
 *                               version in force on the date, no library
 *                               for the language, ...; err->clause when a
 *                               clause is concerned). */
PLIEGO_PUBLIC
pliego_document *pliego_document_assemble(const pliego_catalog *catalog,
                                          const pliego_customer *customer,
                                          const char *kind, const char *lang,
                                          const char *on_date,
                                          pliego_error *err);

PLIEGO_PUBLIC
void pliego_document_free(pliego_document *document);

/* Writes the document XML (the bytes `pliego assemble` writes) through
 * write. false with err filled (kind PLIEGO_ERROR_KIND_OUTPUT) when write
 * returns false. */
PLIEGO_PUBLIC
bool pliego_document_write_xml(pliego_document *document,
                               pliego_write_fn write, void *ctx,
                               pliego_error *err);

/* What pliego_document_render makes. */
typedef enum {
    PLIEGO_FORMAT_PDF = 0, /* the PDF, to pdf_standards */
    PLIEGO_FORMAT_PNG,     /* one page as a PNG image */
    PLIEGO_FORMAT_FO       /* the XSL-FO the template made (for debugging) */
} pliego_format;

typedef struct {
    pliego_format format;
    int page;                /* PNG: the page, 1 is the first */
    double dpi;              /* PNG: resolution in dots per inch */
    unsigned pdf_standards;  /* PDF: PLIEGO_PDF_* bits of archive.h, 0 for
                                a plain PDF */
    /* warnings of the FO stage and the renderer (unknown properties,
       missing fonts...), with the template file and line that wrote the
       element; NULL drops them */
    pliego_warning_func warn;
    void *warn_data;
} pliego_render_options;

/* Fills options with the defaults of `pliego render`: a PDF/A-3b and
 * PDF/UA-1 PDF (PLIEGO_PDF_ARCHIVAL), page 1 and 96 dpi for a PNG, no
 * warnings. */
PLIEGO_PUBLIC
void pliego_render_options_init(pliego_render_options *options);

/* Renders document with templates as options say (NULL: the defaults)
 * and writes the result through write. The first render transforms and
 * lays out; the document keeps the layout, so rendering it again with the
 * same templates (another page, the PDF after a preview) only draws.
 * Returns false with err filled:
 *   PLIEGO_ERROR_KIND_TEMPLATE  the template is missing, malformed or
 *                               failed, or its output is not usable XSL-FO;
 *   PLIEGO_ERROR_KIND_RENDER    layout or drawing failed (a limit, Cairo);
 *   PLIEGO_ERROR_KIND_REQUEST   no such page (the page count is known);
 *   PLIEGO_ERROR_KIND_OUTPUT    write returned false (nothing more is
 *                               written after that). */
PLIEGO_PUBLIC
bool pliego_document_render(pliego_document *document,
                            pliego_templates *templates,
                            const pliego_render_options *options,
                            pliego_write_fn write, void *ctx,
                            pliego_error *err);

/* Pages of the document once rendered (PDF or PNG); 0 before. */
PLIEGO_PUBLIC
int pliego_document_page_count(const pliego_document *document);

/* The kind of the document ("service-description", ...) and the language
 * tag it was assembled in (both owned by document). */
PLIEGO_PUBLIC
const char *pliego_document_kind(const pliego_document *document);
PLIEGO_PUBLIC
const char *pliego_document_language(const pliego_document *document);

#ifdef __cplusplus
}
#endif

#endif
