/* PDF objects of Cairo's output, read and changed in place, and written
 * back as a whole file (object.c).
 *
 * The archive stage changes a few dozen small objects of a file Cairo
 * has just written: the catalog, the pages, the annotations, structure
 * elements. Reading them with qpdf cost more than a one-page notice takes
 * to lay out (bench/README.md), so this reads only what Cairo 1.16
 * writes: one classic cross-reference table, objects of generation 0,
 * no object streams. An object is parsed when first asked for. Every
 * value lives in the file's arena and is freed with it.
 */
#ifndef PLIEGO_ARCHIVE_OBJECT_H
#define PLIEGO_ARCHIVE_OBJECT_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "pliego/pliego.h"

typedef enum {
    PDF_NULL,
    PDF_BOOL,   /* text "true" or "false" */
    PDF_NUMBER, /* text as written */
    PDF_NAME,   /* text without the slash, as written */
    PDF_STRING, /* text with its delimiters, as written */
    PDF_ARRAY,
    PDF_DICT,
    PDF_REF,    /* id */
} pdf_kind;

typedef struct pdf_value pdf_value;
struct pdf_value {
    pdf_kind kind;
    const char *text;
    int id;
    int count, capacity; /* array items; dictionary entries */
    pdf_value **items;   /* array items; dictionary values */
    const char **keys;   /* dictionary keys, without the slash */
};

typedef struct pdf_file pdf_file;

/* Reads the cross-reference table and trailer of data (kept, not
 * copied: it must outlive the file). NULL with err filled when the
 * layout is not Cairo's. */
pdf_file *pdf_file_read(const unsigned char *data, size_t length,
                        pliego_error *err);
void pdf_file_free(pdf_file *file);

int pdf_file_root(const pdf_file *file);

/* The object id's value (a stream's dictionary for a stream), parsed on
 * first use; NULL when there is no such object or it cannot be parsed. */
pdf_value *pdf_object(pdf_file *file, int id);
/* value itself, or the object it refers to; NULL for NULL. */
pdf_value *pdf_resolve(pdf_file *file, pdf_value *value);
/* A dictionary's entry (resolved when resolve), or NULL. */
pdf_value *pdf_get(pdf_file *file, pdf_value *dict, const char *key,
                   bool resolve);
bool pdf_is_name(const pdf_value *value, const char *name);
bool pdf_is_dict(const pdf_value *value);
bool pdf_is_array(const pdf_value *value);
/* The integer a number holds; fallback when it is not one. */
int pdf_integer(const pdf_value *value, int fallback);
/* A string's text as UTF-8 (PDFDocEncoding read as Latin-1), g_free. */
char *pdf_string_utf8(const pdf_value *value);

/* Values made for file: */
pdf_value *pdf_new_name(pdf_file *file, const char *name);
pdf_value *pdf_new_integer(pdf_file *file, long long number);
/* A text string: literal when it is printable ASCII, else UTF-16BE. */
pdf_value *pdf_new_text(pdf_file *file, const char *utf8);
pdf_value *pdf_new_ref(pdf_file *file, int id);
/* Parses a constant such as "<< /Marked true >>"; NULL when bad. */
pdf_value *pdf_parse(pdf_file *file, const char *text);
pdf_value *pdf_new_array(pdf_file *file);
void pdf_append(pdf_file *file, pdf_value *array, pdf_value *item);
void pdf_set(pdf_file *file, pdf_value *dict, const char *key, pdf_value *value);

/* Makes value a new object; returns a reference to it. */
pdf_value *pdf_add_object(pdf_file *file, pdf_value *value);
/* Makes a new stream of dict (its /Length is set) and data (copied);
 * deflate compresses data (libdeflate, fastest level) and sets /Filter. */
pdf_value *pdf_add_stream(pdf_file *file, pdf_value *dict, const void *data,
                          size_t length, bool deflate);
/* Records that object id changed, so the file written has it as it is now. */
void pdf_touch(pdf_file *file, int id);
/* Records that nothing refers to Cairo's object id any more, so the file
 * written leaves it out (a free entry in its cross-reference table). */
void pdf_drop(pdf_file *file, int id);
/* The object number of Cairo's Info dictionary, or 0. */
int pdf_file_info(const pdf_file *file);

/* The decoded data of stream id (FlateDecode or none), g_free; NULL with
 * err filled when it cannot be read. */
unsigned char *pdf_stream_data(pdf_file *file, int id, size_t *length,
                               pliego_error *err);

/* Writes the file into out (emptied first): Cairo's header and its
 * objects neither changed nor dropped, copied as they are, then the
 * changed and new objects, one cross-reference table for all and a
 * trailer with info as /Info and an /ID that is the MD5 of the changed
 * and new objects. */
void pdf_file_write(pdf_file *file, GByteArray *out, int info);

#endif
