/* The archive stage: makes Cairo's PDF a PDF/A-3b (or 2b) and PDF/UA-1
 * file, and puts the document's provenance inside it.
 *
 * Takes the bytes Cairo wrote, the structure elements in the order the
 * renderer began them, the document's metadata and (optionally) the
 * document XML it was made from; gives new bytes: Cairo's objects that
 * stay as they are, copied, and (object.c, which reads Cairo's objects)
 * those changed or added: the XMP metadata, the output intent, the catalog's language
 * and viewer preferences, the attributes of structure elements, the
 * embedded document XML, and page content that marks as artifacts what
 * is outside the structure tree. Owns only what one call makes.
 */
#ifndef PLIEGO_ARCHIVE_H
#define PLIEGO_ARCHIVE_H

#include <glib.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "layout/area.h"
#include "pliego/archive.h"
#include "pliego/pliego.h"

/* One structure element as the renderer began it. */
typedef struct {
    const char *role;   /* standard structure type; static or area-owned */
    const char *alt;    /* alternate text (Figure), or NULL */
    const void *source; /* the FO the element came from, or NULL: siblings
                           with the same source are one element split by
                           pages */
    int section;        /* rows: area_table_section */
    const char *lang;   /* blocks: the FO language, or NULL */
} archive_tag;

typedef GArray archive_tags;

archive_tags *archive_tags_new(void);
/* a may be NULL (Document, Link, Span: never split, no attributes). */
void archive_tags_add(archive_tags *tags, const char *role, const area *a);
void archive_tags_free(archive_tags *tags);

struct archive_provenance;

typedef struct {
    unsigned standards;              /* PLIEGO_PDF_* bits, not 0 */
    const area_metadata *metadata;
    const char *date;                /* YYYY-MM-DDTHH:MM:SSZ */
    const archive_tags *tags;
    const char *source;              /* document XML, or NULL */
    size_t source_length;
    const char *source_name;         /* its file name inside the PDF */
    /* what source says of where it came from, when the caller has read it
       already (archive_provenance_from_tree); NULL: read from source */
    const struct archive_provenance *provenance;
} archive_request;

/* Returns the archival PDF (the caller frees it with g_byte_array_free),
 * or NULL with err filled: PLIEGO_ERROR_RENDER when the standards cannot
 * be met (no title or language for PDF/UA, an image without alternate
 * text, a structure tree that does not match the renderer's), naming
 * the cause; PLIEGO_ERROR_IO when the ICC profile cannot be read. */
GByteArray *archive_pdf(const unsigned char *pdf, size_t length,
                        const archive_request *request, pliego_error *err);

/* Cairo's PDF with the text of right-to-left glyphs that stand for
 * several letters (Arabic ligatures) in visual order, in the ToUnicode
 * CMaps and /ActualText spans, so that extractors, which reverse
 * right-to-left runs, give them in reading order (rtl_text.c). Returns
 * new bytes (g_byte_array_free), or NULL with err filled
 * (PLIEGO_ERROR_RENDER) when qpdf cannot read or write them. */
GByteArray *archive_rtl_text(const unsigned char *pdf, size_t length,
                             pliego_error *err);

/* What the document XML says about where it came from (xmp.c). */
typedef struct archive_provenance {
    char *kind, *customer, *language;
    char *catalogue;        /* SHA-256 over the catalogue files' hashes */
    char *revision;         /* the catalogue's git commit, or "" */
    char *source_sha256;    /* SHA-256 of the document XML's bytes */
    GPtrArray *clauses;     /* "ID VERSION LANG SHA256", in document order */
    GPtrArray *inputs;      /* "SHA256 ROLE NAME" */
} archive_provenance;

/* Reads the provenance of a document XML; NULL when it is not XML. */
archive_provenance *archive_provenance_read(const char *source, size_t length);
/* The same from the tree source was serialised from (only attributes are
 * read, which a transform's white-space stripping leaves alone), which
 * costs a tenth of parsing source again; NULL when document has no root
 * or source is empty. */
archive_provenance *archive_provenance_from_tree(const xmlDoc *document,
                                                 const char *source,
                                                 size_t length);
void archive_provenance_free(archive_provenance *provenance);

/* The XMP packet (NUL-terminated, g_free); provenance may be NULL. */
char *archive_xmp(const archive_request *request,
                  const archive_provenance *provenance, const char *producer);

/* Marks as /Artifact every painting operator of a page's content stream
 * that is outside any marked-content sequence. Returns a new buffer
 * (g_free) and its length. */
char *archive_mark_artifacts(const char *content, size_t length,
                             size_t *result_length);

/* Gives the structure elements their attributes, merges those split by
 * pages and groups table rows (structure.c); language is the document's.
 * root is the catalog of f; every object changed is recorded in f. */
struct pdf_file;
struct pdf_value;
bool archive_structure(struct pdf_file *f, struct pdf_value *root,
                       const archive_tags *tags, const char *language,
                       pliego_error *err);

/* How many painting operators of a content stream are outside every
 * marked-content sequence (verify: PDF/UA-1 7.1). */
int archive_count_unmarked(const char *content, size_t length);

#endif
