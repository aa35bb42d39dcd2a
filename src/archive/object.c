/* Cairo's PDF objects, parsed on demand and written back; see object.h.
 *
 * The file written holds Cairo's objects that stay as they are, copied
 * byte for byte (fonts, images and Cairo's content streams are neither
 * parsed nor compressed again), then the objects the archive stage
 * changed or made, and one cross-reference table for all. The versions
 * of changed objects and the objects dropped (the page content replaced,
 * Cairo's Info) are left out, which an incremental update would have to
 * keep.
 */
#include "archive/object.h"

#include <libdeflate.h>
#include <string.h>
#include <zlib.h>

#include "common/arena.h"

#define MAX_DEPTH 64

typedef struct {
    pdf_value *value;
    const unsigned char *stream; /* raw data, or NULL */
    size_t stream_length;
} pdf_slot;

struct pdf_file {
    const unsigned char *data;
    size_t length;
    long startxref;
    int size;         /* the original /Size */
    int next_id;      /* the next new object's id */
    int root;
    size_t *offsets;  /* by id, 0 when free */
    GHashTable *slots;   /* id -> pdf_slot */
    GHashTable *changed; /* ids to write */
    GHashTable *dropped; /* Cairo's ids no longer referred to */
    int info;            /* Cairo's Info dictionary, or 0 */
    struct libdeflate_compressor *compressor; /* made on first use */
    pliego_arena *arena;
};

static bool is_white(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
           || c == '\0';
}

static bool is_delimiter(unsigned char c)
{
    return strchr("()<>[]{}/%", c) != NULL;
}

typedef struct {
    pdf_file *file;
    const unsigned char *p, *end;
} parser;

static void skip_white(parser *ps)
{
    while (ps->p < ps->end) {
        if (*ps->p == '%') {
            while (ps->p < ps->end && *ps->p != '\n' && *ps->p != '\r')
                ps->p++;
        } else if (is_white(*ps->p)) {
            ps->p++;
        } else {
            return;
        }
    }
}

static pdf_value *new_value(pdf_file *file, pdf_kind kind, const char *text,
                            long length)
{
    pdf_value *v = pliego_arena_alloc(file->arena, sizeof *v);
    v->kind = kind;
    if (text)
        v->text = pliego_arena_strndup(file->arena, text, length);
    return v;
}

static const unsigned char *word_end(const parser *ps, const unsigned char *from)
{
    while (from < ps->end && !is_white(*from) && !is_delimiter(*from))
        from++;
    return from;
}

/* "N G R" after a number at ps->p, or NULL. */
static pdf_value *reference(parser *ps, const unsigned char *number_end)
{
    const unsigned char *q = number_end;
    while (q < ps->end && is_white(*q))
        q++;
    const unsigned char *gen = q;
    while (q < ps->end && g_ascii_isdigit(*q))
        q++;
    if (q == gen)
        return NULL;
    while (q < ps->end && is_white(*q))
        q++;
    if (q >= ps->end || *q != 'R' || (q + 1 < ps->end && !is_white(q[1])
                                      && !is_delimiter(q[1])))
        return NULL;
    pdf_value *v = new_value(ps->file, PDF_REF, NULL, 0);
    v->id = (int)g_ascii_strtoll((const char *)ps->p, NULL, 10);
    ps->p = q + 1;
    return v;
}

static pdf_value *parse_value(parser *ps, int depth);

static bool grow(pdf_file *file, pdf_value *v)
{
    if (v->count < v->capacity)
        return true;
    int capacity = v->capacity ? 2 * v->capacity : 8;
    pdf_value **items = pliego_arena_alloc(file->arena, capacity * sizeof *items);
    const char **keys = pliego_arena_alloc(file->arena, capacity * sizeof *keys);
    if (v->count) {
        memcpy(items, v->items, v->count * sizeof *items);
        if (v->keys)
            memcpy(keys, v->keys, v->count * sizeof *keys);
    }
    v->items = items;
    v->keys = v->kind == PDF_DICT ? keys : NULL;
    v->capacity = capacity;
    return true;
}

static pdf_value *parse_container(parser *ps, int depth, bool dict)
{
    pdf_value *v = new_value(ps->file, dict ? PDF_DICT : PDF_ARRAY, NULL, 0);
    for (;;) {
        skip_white(ps);
        if (ps->p >= ps->end)
            return NULL;
        if (!dict && *ps->p == ']') {
            ps->p++;
            return v;
        }
        if (dict && *ps->p == '>') {
            if (ps->p + 1 >= ps->end || ps->p[1] != '>')
                return NULL;
            ps->p += 2;
            return v;
        }
        const char *key = NULL;
        if (dict) {
            if (*ps->p != '/')
                return NULL;
            const unsigned char *end = word_end(ps, ps->p + 1);
            key = pliego_arena_strndup(ps->file->arena, (const char *)ps->p + 1,
                                       end - ps->p - 1);
            ps->p = end;
        }
        pdf_value *item = parse_value(ps, depth + 1);
        if (!item)
            return NULL;
        grow(ps->file, v);
        if (dict)
            v->keys[v->count] = key;
        v->items[v->count++] = item;
    }
}

static pdf_value *parse_value(parser *ps, int depth)
{
    skip_white(ps);
    if (ps->p >= ps->end || depth > MAX_DEPTH)
        return NULL;
    const unsigned char *start = ps->p;
    unsigned char c = *start;
    if (c == '<' && ps->p + 1 < ps->end && ps->p[1] == '<') {
        ps->p += 2;
        return parse_container(ps, depth, true);
    }
    if (c == '[') {
        ps->p++;
        return parse_container(ps, depth, false);
    }
    if (c == '<') {
        const unsigned char *close = memchr(start, '>', ps->end - start);
        if (!close)
            return NULL;
        ps->p = close + 1;
        return new_value(ps->file, PDF_STRING, (const char *)start, ps->p - start);
    }
    if (c == '(') {
        int nesting = 0;
        for (; ps->p < ps->end; ps->p++) {
            if (*ps->p == '\\') {
                ps->p++;
                continue;
            }
            if (*ps->p == '(')
                nesting++;
            else if (*ps->p == ')' && --nesting == 0)
                break;
        }
        if (ps->p >= ps->end)
            return NULL;
        ps->p++;
        return new_value(ps->file, PDF_STRING, (const char *)start, ps->p - start);
    }
    if (c == '/') {
        ps->p = word_end(ps, start + 1);
        return new_value(ps->file, PDF_NAME, (const char *)start + 1,
                         ps->p - start - 1);
    }
    const unsigned char *end = word_end(ps, start);
    if (end == start)
        return NULL;
    if (g_ascii_isdigit(c) || c == '-' || c == '+' || c == '.') {
        bool integer = true;
        for (const unsigned char *q = start; q < end; q++)
            integer = integer && g_ascii_isdigit(*q);
        pdf_value *ref = integer ? reference(ps, end) : NULL;
        if (ref)
            return ref;
        ps->p = end;
        return new_value(ps->file, PDF_NUMBER, (const char *)start, end - start);
    }
    ps->p = end;
    size_t n = end - start;
    if ((n == 4 && memcmp(start, "true", 4) == 0)
        || (n == 5 && memcmp(start, "false", 5) == 0))
        return new_value(ps->file, PDF_BOOL, (const char *)start, n);
    if (n == 4 && memcmp(start, "null", 4) == 0)
        return new_value(ps->file, PDF_NULL, NULL, 0);
    return NULL;
}

static long read_long(const unsigned char *p, const unsigned char *end,
                      const unsigned char **after)
{
    while (p < end && is_white(*p))
        p++;
    long n = -1;
    for (; p < end && g_ascii_isdigit(*p); p++)
        n = (n < 0 ? 0 : n * 10) + (*p - '0');
    *after = p;
    return n;
}

static bool fail(pliego_error *err, const char *what)
{
    pliego_error_set(err, PLIEGO_ERROR_RENDER, NULL, 0, 0,
                     "cannot read Cairo's PDF again: %s", what);
    return false;
}

static bool read_xref(pdf_file *file, pliego_error *err)
{
    const unsigned char *data = file->data, *end = data + file->length;
    const unsigned char *found = NULL;
    size_t from = file->length > 1024 ? file->length - 1024 : 0;
    for (const unsigned char *p = data + from; p + 9 <= end; p++)
        if (memcmp(p, "startxref", 9) == 0)
            found = p + 9;
    if (!found)
        return fail(err, "no startxref");
    const unsigned char *p;
    file->startxref = read_long(found, end, &p);
    if (file->startxref < 0 || (size_t)file->startxref + 4 > file->length
        || memcmp(data + file->startxref, "xref", 4) != 0)
        return fail(err, "no cross-reference table where startxref points");
    p = data + file->startxref + 4;
    GArray *offsets = g_array_new(FALSE, TRUE, sizeof(size_t));
    for (;;) {
        const unsigned char *q;
        long first = read_long(p, end, &q);
        if (first < 0)
            break;
        long count = read_long(q, end, &q);
        while (q < end && is_white(*q))
            q++;
        if (count < 0 || first + count > 10000000 || q + 20 * count > end) {
            g_array_free(offsets, TRUE);
            return fail(err, "a bad cross-reference subsection");
        }
        if (offsets->len < (guint)(first + count))
            g_array_set_size(offsets, first + count);
        for (long i = 0; i < count; i++, q += 20)
            if (q[17] == 'n')
                g_array_index(offsets, size_t, first + i) =
                    (size_t)g_ascii_strtoull((const char *)q, NULL, 10);
        p = q;
    }
    while (p < end && is_white(*p))
        p++;
    if (p + 7 > end || memcmp(p, "trailer", 7) != 0) {
        g_array_free(offsets, TRUE);
        return fail(err, "no trailer");
    }
    parser ps = {file, p + 7, end};
    pdf_value *trailer = parse_value(&ps, 0);
    pdf_value *root = trailer ? pdf_get(file, trailer, "Root", false) : NULL;
    pdf_value *size = trailer ? pdf_get(file, trailer, "Size", false) : NULL;
    if (!root || root->kind != PDF_REF || pdf_get(file, trailer, "Prev", false)) {
        g_array_free(offsets, TRUE);
        return fail(err, "a trailer that is not Cairo's");
    }
    file->root = root->id;
    pdf_value *info = pdf_get(file, trailer, "Info", false);
    file->info = info && info->kind == PDF_REF ? info->id : 0;
    file->size = MAX(pdf_integer(size, 0), (int)offsets->len);
    file->next_id = file->size;
    g_array_set_size(offsets, file->size);
    file->offsets = (size_t *)g_array_free(offsets, FALSE);
    return true;
}

pdf_file *pdf_file_read(const unsigned char *data, size_t length,
                        pliego_error *err)
{
    pdf_file *file = g_new0(pdf_file, 1);
    file->data = data;
    file->length = length;
    file->arena = pliego_arena_new();
    file->slots = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    file->changed = g_hash_table_new(g_direct_hash, g_direct_equal);
    file->dropped = g_hash_table_new(g_direct_hash, g_direct_equal);
    if (!read_xref(file, err)) {
        pdf_file_free(file);
        return NULL;
    }
    return file;
}

void pdf_file_free(pdf_file *file)
{
    if (!file)
        return;
    g_free(file->offsets);
    g_hash_table_destroy(file->slots);
    g_hash_table_destroy(file->changed);
    g_hash_table_destroy(file->dropped);
    if (file->compressor)
        libdeflate_free_compressor(file->compressor);
    pliego_arena_free(file->arena);
    g_free(file);
}

int pdf_file_root(const pdf_file *file)
{
    return file->root;
}

static pdf_slot *slot_of(pdf_file *file, int id)
{
    pdf_slot *slot = g_hash_table_lookup(file->slots, GINT_TO_POINTER(id));
    if (slot || id <= 0 || id >= file->size || !file->offsets[id]
        || file->offsets[id] >= file->length)
        return slot;
    const unsigned char *end = file->data + file->length;
    const unsigned char *p;
    if (read_long(file->data + file->offsets[id], end, &p) != id
        || read_long(p, end, &p) != 0)
        return NULL;
    while (p < end && is_white(*p))
        p++;
    if (p + 3 > end || memcmp(p, "obj", 3) != 0)
        return NULL;
    parser ps = {file, p + 3, end};
    pdf_value *value = parse_value(&ps, 0);
    if (!value)
        return NULL;
    slot = g_new0(pdf_slot, 1);
    slot->value = value;
    skip_white(&ps);
    if (ps.p + 6 <= end && memcmp(ps.p, "stream", 6) == 0) {
        const unsigned char *data = ps.p + 6;
        if (data < end && *data == '\r')
            data++;
        if (data < end && *data == '\n')
            data++;
        /* Cairo writes the length of a content stream as an object after it */
        g_hash_table_insert(file->slots, GINT_TO_POINTER(id), slot);
        int length = pdf_integer(pdf_get(file, value, "Length", true), -1);
        if (length < 0 || data + length > end) {
            g_hash_table_remove(file->slots, GINT_TO_POINTER(id));
            return NULL;
        }
        slot->stream = data;
        slot->stream_length = (size_t)length;
        return slot;
    }
    g_hash_table_insert(file->slots, GINT_TO_POINTER(id), slot);
    return slot;
}

pdf_value *pdf_object(pdf_file *file, int id)
{
    pdf_slot *slot = slot_of(file, id);
    return slot ? slot->value : NULL;
}

pdf_value *pdf_resolve(pdf_file *file, pdf_value *value)
{
    return value && value->kind == PDF_REF ? pdf_object(file, value->id) : value;
}

pdf_value *pdf_get(pdf_file *file, pdf_value *dict, const char *key,
                   bool resolve)
{
    if (!dict || dict->kind != PDF_DICT)
        return NULL;
    for (int i = 0; i < dict->count; i++)
        if (strcmp(dict->keys[i], key) == 0)
            return resolve ? pdf_resolve(file, dict->items[i]) : dict->items[i];
    return NULL;
}

bool pdf_is_name(const pdf_value *value, const char *name)
{
    return value && value->kind == PDF_NAME && strcmp(value->text, name) == 0;
}

bool pdf_is_dict(const pdf_value *value)
{
    return value && value->kind == PDF_DICT;
}

bool pdf_is_array(const pdf_value *value)
{
    return value && value->kind == PDF_ARRAY;
}

int pdf_integer(const pdf_value *value, int fallback)
{
    if (!value || value->kind != PDF_NUMBER || strchr(value->text, '.'))
        return fallback;
    return (int)g_ascii_strtoll(value->text, NULL, 10);
}

static int hex_digit(char c)
{
    return g_ascii_isxdigit(c) ? g_ascii_xdigit_value(c) : -1;
}

char *pdf_string_utf8(const pdf_value *value)
{
    if (!value || value->kind != PDF_STRING)
        return g_strdup("");
    GByteArray *bytes = g_byte_array_new();
    const char *t = value->text;
    size_t n = strlen(t);
    if (t[0] == '<') {
        int high = -1;
        for (size_t i = 1; i + 1 < n; i++) {
            int d = hex_digit(t[i]);
            if (d < 0)
                continue;
            if (high < 0) {
                high = d;
            } else {
                guint8 b = (guint8)(high * 16 + d);
                g_byte_array_append(bytes, &b, 1);
                high = -1;
            }
        }
    } else {
        for (size_t i = 1; i + 1 < n; i++) {
            guint8 b = (guint8)t[i];
            if (b == '\\' && i + 2 < n) {
                char e = t[++i];
                const char *plain = strchr("nrtbf", e);
                if (plain) {
                    b = (guint8)"\n\r\t\b\f"[plain - "nrtbf"];
                } else if (e >= '0' && e <= '7') {
                    int code = 0;
                    for (int k = 0; k < 3 && i + 1 < n && t[i] >= '0' && t[i] <= '7';
                         k++, i++)
                        code = code * 8 + (t[i] - '0');
                    i--;
                    b = (guint8)code;
                } else {
                    b = (guint8)e;
                }
            }
            g_byte_array_append(bytes, &b, 1);
        }
    }
    char *text;
    if (bytes->len >= 2 && bytes->data[0] == 0xfe && bytes->data[1] == 0xff)
        text = g_convert((const char *)bytes->data + 2, bytes->len - 2, "UTF-8",
                         "UTF-16BE", NULL, NULL, NULL);
    else
        text = g_convert((const char *)bytes->data, bytes->len, "UTF-8",
                         "ISO-8859-1", NULL, NULL, NULL);
    g_byte_array_free(bytes, TRUE);
    return text ? text : g_strdup("");
}

pdf_value *pdf_new_name(pdf_file *file, const char *name)
{
    return new_value(file, PDF_NAME, name, -1);
}

pdf_value *pdf_new_integer(pdf_file *file, long long number)
{
    char text[24];
    g_snprintf(text, sizeof text, "%lld", number);
    return new_value(file, PDF_NUMBER, text, -1);
}

pdf_value *pdf_new_text(pdf_file *file, const char *utf8)
{
    utf8 = utf8 ? utf8 : "";
    bool ascii = true;
    for (const char *p = utf8; *p; p++)
        ascii = ascii && (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f;
    GString *text = g_string_new(NULL);
    if (ascii) {
        g_string_append_c(text, '(');
        for (const char *p = utf8; *p; p++) {
            if (*p == '(' || *p == ')' || *p == '\\')
                g_string_append_c(text, '\\');
            g_string_append_c(text, *p);
        }
        g_string_append_c(text, ')');
    } else {
        glong n = 0;
        gunichar2 *units = g_utf8_to_utf16(utf8, -1, NULL, &n, NULL);
        g_string_append(text, "<FEFF");
        for (glong i = 0; units && i < n; i++)
            g_string_append_printf(text, "%04X", units[i]);
        g_string_append_c(text, '>');
        g_free(units);
    }
    pdf_value *v = new_value(file, PDF_STRING, text->str, (long)text->len);
    g_string_free(text, TRUE);
    return v;
}

pdf_value *pdf_new_ref(pdf_file *file, int id)
{
    pdf_value *v = new_value(file, PDF_REF, NULL, 0);
    v->id = id;
    return v;
}

pdf_value *pdf_parse(pdf_file *file, const char *text)
{
    parser ps = {file, (const unsigned char *)text,
                 (const unsigned char *)text + strlen(text)};
    return parse_value(&ps, 0);
}

pdf_value *pdf_new_array(pdf_file *file)
{
    return new_value(file, PDF_ARRAY, NULL, 0);
}

void pdf_append(pdf_file *file, pdf_value *array, pdf_value *item)
{
    if (!array || array->kind != PDF_ARRAY || !item)
        return;
    grow(file, array);
    array->items[array->count++] = item;
}

void pdf_set(pdf_file *file, pdf_value *dict, const char *key, pdf_value *value)
{
    if (!dict || dict->kind != PDF_DICT || !value)
        return;
    for (int i = 0; i < dict->count; i++)
        if (strcmp(dict->keys[i], key) == 0) {
            dict->items[i] = value;
            return;
        }
    grow(file, dict);
    dict->keys[dict->count] = pliego_arena_strndup(file->arena, key, -1);
    dict->items[dict->count++] = value;
}

static int add_slot(pdf_file *file, pdf_value *value, const unsigned char *data,
                    size_t length)
{
    pdf_slot *slot = g_new0(pdf_slot, 1);
    slot->value = value;
    slot->stream = data;
    slot->stream_length = length;
    int id = file->next_id++;
    g_hash_table_insert(file->slots, GINT_TO_POINTER(id), slot);
    pdf_touch(file, id);
    return id;
}

pdf_value *pdf_add_object(pdf_file *file, pdf_value *value)
{
    return pdf_new_ref(file, add_slot(file, value, NULL, 0));
}

/* Streams are deflated with libdeflate at its fastest level: it costs
 * half of zlib's level 1 and gives smaller streams (4.1 against 4.3 kB of
 * a notice's document XML; bench/README.md, "Archival output"). */
pdf_value *pdf_add_stream(pdf_file *file, pdf_value *dict, const void *data,
                          size_t length, bool deflate)
{
    unsigned char *copy = NULL;
    size_t size = 0;
    if (deflate && !file->compressor)
        file->compressor = libdeflate_alloc_compressor(1);
    if (deflate && file->compressor) {
        size_t bound = libdeflate_zlib_compress_bound(file->compressor, length);
        copy = pliego_arena_alloc(file->arena, bound);
        size = libdeflate_zlib_compress(file->compressor, data, length, copy, bound);
        if (size > 0)
            pdf_set(file, dict, "Filter", pdf_new_name(file, "FlateDecode"));
    }
    if (size == 0) {
        copy = pliego_arena_alloc(file->arena, length ? length : 1);
        memcpy(copy, data, length);
        size = length;
    }
    pdf_set(file, dict, "Length", pdf_new_integer(file, (long long)size));
    return pdf_new_ref(file, add_slot(file, dict, copy, size));
}

void pdf_touch(pdf_file *file, int id)
{
    if (id > 0)
        g_hash_table_add(file->changed, GINT_TO_POINTER(id));
}

void pdf_drop(pdf_file *file, int id)
{
    if (id > 0 && id < file->size)
        g_hash_table_add(file->dropped, GINT_TO_POINTER(id));
}

int pdf_file_info(const pdf_file *file)
{
    return file->info;
}

unsigned char *pdf_stream_data(pdf_file *file, int id, size_t *length,
                               pliego_error *err)
{
    pdf_slot *slot = slot_of(file, id);
    if (!slot || !slot->stream) {
        fail(err, "a content stream is missing");
        return NULL;
    }
    pdf_value *filter = pdf_get(file, slot->value, "Filter", true);
    if (!filter) {
        *length = slot->stream_length;
        return g_memdup2(slot->stream, slot->stream_length);
    }
    if (!pdf_is_name(filter, "FlateDecode")) {
        fail(err, "a content stream has a filter other than FlateDecode");
        return NULL;
    }
    z_stream z = {0};
    if (inflateInit(&z) != Z_OK) {
        fail(err, "zlib cannot start");
        return NULL;
    }
    size_t capacity = 4 * slot->stream_length + 1024, used = 0;
    unsigned char *out = g_malloc(capacity);
    z.next_in = (Bytef *)slot->stream;
    z.avail_in = (uInt)slot->stream_length;
    int status = Z_OK;
    while (status == Z_OK) {
        if (used == capacity) {
            capacity *= 2;
            out = g_realloc(out, capacity);
        }
        z.next_out = out + used;
        z.avail_out = (uInt)(capacity - used);
        status = inflate(&z, Z_NO_FLUSH);
        used = capacity - z.avail_out;
        if (status == Z_BUF_ERROR && z.avail_out > 0)
            break;
        if (status == Z_BUF_ERROR)
            status = Z_OK;
    }
    inflateEnd(&z);
    if (status != Z_STREAM_END) {
        g_free(out);
        fail(err, "a content stream does not inflate");
        return NULL;
    }
    *length = used;
    return out;
}

/* number in decimal, padded with zeros to width digits (printf costs
   more than the rest of writing an object) */
static void append_number(GString *out, unsigned long number, int width)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + number % 10);
        number /= 10;
    } while (number && n < (int)sizeof digits);
    for (; n < width && n < (int)sizeof digits; n++)
        digits[n] = '0';
    while (n > 0)
        g_string_append_c(out, digits[--n]);
}

static void write_value(GString *out, const pdf_value *v, int depth)
{
    if (!v || depth > MAX_DEPTH) {
        g_string_append(out, "null");
        return;
    }
    switch (v->kind) {
    case PDF_NULL:
        g_string_append(out, "null");
        break;
    case PDF_BOOL:
    case PDF_NUMBER:
    case PDF_STRING:
        g_string_append(out, v->text);
        break;
    case PDF_NAME:
        g_string_append_c(out, '/');
        g_string_append(out, v->text);
        break;
    case PDF_REF:
        append_number(out, (unsigned long)v->id, 1);
        g_string_append(out, " 0 R");
        break;
    case PDF_ARRAY:
        g_string_append_c(out, '[');
        for (int i = 0; i < v->count; i++) {
            if (i)
                g_string_append_c(out, ' ');
            write_value(out, v->items[i], depth + 1);
        }
        g_string_append_c(out, ']');
        break;
    case PDF_DICT:
        g_string_append(out, "<<");
        for (int i = 0; i < v->count; i++) {
            g_string_append(out, " /");
            g_string_append(out, v->keys[i]);
            g_string_append_c(out, ' ');
            write_value(out, v->items[i], depth + 1);
        }
        g_string_append(out, " >>");
        break;
    }
}

static int compare_ids(gconstpointer a, gconstpointer b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Cairo's objects in the order of their bytes, each with where it ends
   (where the next begins, or the cross-reference table). */
typedef struct {
    size_t offset, end;
    int id;
} cairo_span;

static int compare_spans(gconstpointer a, gconstpointer b)
{
    size_t x = ((const cairo_span *)a)->offset, y = ((const cairo_span *)b)->offset;
    return (x > y) - (x < y);
}

static GArray *cairo_spans(const pdf_file *file)
{
    GArray *spans = g_array_sized_new(FALSE, FALSE, sizeof(cairo_span),
                                      (guint)file->size);
    for (int id = 1; id < file->size; id++) {
        size_t offset = file->offsets[id];
        if (offset > 0 && offset < (size_t)file->startxref) {
            cairo_span span = {offset, 0, id};
            g_array_append_val(spans, span);
        }
    }
    g_array_sort(spans, compare_spans);
    for (guint i = 0; i < spans->len; i++)
        g_array_index(spans, cairo_span, i).end =
            i + 1 < spans->len ? g_array_index(spans, cairo_span, i + 1).offset
                               : (size_t)file->startxref;
    return spans;
}

static void write_object(pdf_file *file, GString *text, GByteArray *out, int id,
                         pdf_slot *slot)
{
    if (slot->stream)
        pdf_set(file, slot->value, "Length",
                pdf_new_integer(file, (long long)slot->stream_length));
    g_string_truncate(text, 0);
    append_number(text, (unsigned long)id, 1);
    g_string_append(text, " 0 obj\n");
    write_value(text, slot->value, 0);
    g_string_append(text, slot->stream ? "\nstream\n" : "\nendobj\n");
    g_byte_array_append(out, (const guint8 *)text->str, (guint)text->len);
    if (slot->stream) {
        g_byte_array_append(out, slot->stream, (guint)slot->stream_length);
        static const char tail[] = "\nendstream\nendobj\n";
        g_byte_array_append(out, (const guint8 *)tail, sizeof tail - 1);
    }
}

/* The cross-reference table of objects 0 to size - 1: where each object
   written is, and the others free, each naming the next free object (the
   last and object 0's chain end at 0; ISO 32000-1, 7.5.4) with the
   generation an object made there would take. */
static void write_xref(GString *text, const guint *offsets, int size)
{
    int *next_free = g_new(int, size);
    int next = 0;
    for (int id = size - 1; id >= 0; id--) {
        next_free[id] = next;
        if (id == 0 || !offsets[id])
            next = id;
    }
    g_string_append_printf(text, "xref\n0 %d\n", size);
    for (int id = 0; id < size; id++) {
        bool used = id > 0 && offsets[id];
        append_number(text, used ? offsets[id] : (unsigned long)next_free[id], 10);
        g_string_append_c(text, ' ');
        append_number(text, used ? 0 : id == 0 ? 65535 : 1, 5);
        g_string_append(text, used ? " n \n" : " f \n");
    }
    g_free(next_free);
}

void pdf_file_write(pdf_file *file, GByteArray *out, int info)
{
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(int));
    GHashTableIter iter;
    gpointer key;
    g_hash_table_iter_init(&iter, file->changed);
    while (g_hash_table_iter_next(&iter, &key, NULL)) {
        int id = GPOINTER_TO_INT(key);
        if (slot_of(file, id))
            g_array_append_val(ids, id);
    }
    g_array_sort(ids, compare_ids);
    guint *offsets = g_new0(guint, file->next_id);

    /* Cairo's header and its objects that stay, byte for byte */
    GArray *spans = cairo_spans(file);
    size_t header = spans->len ? g_array_index(spans, cairo_span, 0).offset
                               : (size_t)file->startxref;
    g_byte_array_set_size(out, 0);
    g_byte_array_append(out, file->data, (guint)header);
    for (guint i = 0; i < spans->len; i++) {
        const cairo_span *span = &g_array_index(spans, cairo_span, i);
        gpointer id = GINT_TO_POINTER(span->id);
        if (g_hash_table_contains(file->changed, id)
            || g_hash_table_contains(file->dropped, id))
            continue;
        offsets[span->id] = out->len;
        g_byte_array_append(out, file->data + span->offset,
                            (guint)(span->end - span->offset));
    }
    g_array_free(spans, TRUE);
    if (out->len && out->data[out->len - 1] != '\n')
        g_byte_array_append(out, (const guint8 *)"\n", 1);

    /* then the objects changed and made */
    guint changes = out->len;
    GString *text = g_string_sized_new(4096);
    for (guint i = 0; i < ids->len; i++) {
        int id = g_array_index(ids, int, i);
        offsets[id] = out->len;
        write_object(file, text, out, id, slot_of(file, id));
    }

    /* the /ID: an MD5 of the objects changed and made, which hold every
       page's content (with its artifacts marked), the metadata and the
       provenance, so the same input gives the same bytes and other
       content another /ID */
    guint8 digest[16];
    gsize digest_length = sizeof digest;
    GChecksum *md5 = g_checksum_new(G_CHECKSUM_MD5);
    g_checksum_update(md5, out->data + changes, out->len - changes);
    g_checksum_get_digest(md5, digest, &digest_length);
    g_checksum_free(md5);
    char hex[33];
    for (size_t i = 0; i < 16; i++)
        g_snprintf(hex + 2 * i, 3, "%02X", digest[i]);

    guint xref = out->len;
    g_string_truncate(text, 0);
    write_xref(text, offsets, file->next_id);
    g_string_append_printf(text,
                           "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R "
                           "/ID [<%s> <%s>] >>\nstartxref\n%u\n%%%%EOF\n",
                           file->next_id, file->root, info, hex, hex, xref);
    g_byte_array_append(out, (const guint8 *)text->str, (guint)text->len);
    g_string_free(text, TRUE);
    g_free(offsets);
    g_array_free(ids, TRUE);
}
