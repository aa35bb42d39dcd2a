/* Small helpers the catalogue and assembler share: arena-backed lists,
 * strict ISO dates, SHA-256 through GLib, bounded file reads, and attribute
 * and list access on libxml2 nodes. */
#include "catalog/catalog.h"

#include <errno.h>
#include <string.h>

void catalog_list_push(pliego_arena *arena, catalog_list *list, void *item)
{
    if (list->count == list->capacity) {
        /* The old block stays in the arena; lists are short, and freeing
           the whole arena at once is what keeps error paths simple. */
        size_t capacity = list->capacity ? list->capacity * 2 : 8;
        void **items = pliego_arena_alloc(arena, capacity * sizeof *items);
        if (list->count)
            memcpy(items, list->items, list->count * sizeof *items);
        list->items = items;
        list->capacity = capacity;
    }
    list->items[list->count++] = item;
}

static const char *const doc_kind_names[CATALOG_DOC_COUNT] = {
    "service-description", "cancellation-notice", "transfer-notice"};

const char *catalog_doc_kind_name(catalog_doc_kind kind)
{
    return (unsigned)kind < CATALOG_DOC_COUNT ? doc_kind_names[kind] : NULL;
}

bool catalog_doc_kind_parse(const char *name, catalog_doc_kind *kind)
{
    for (int i = 0; i < CATALOG_DOC_COUNT; i++)
        if (name && strcmp(name, doc_kind_names[i]) == 0) {
            *kind = (catalog_doc_kind)i;
            return true;
        }
    return false;
}

bool catalog_parse_date(const char *text, guint32 *julian)
{
    if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !g_ascii_isdigit(text[i]))
            return false;
    int year = atoi(text), month = atoi(text + 5), day = atoi(text + 8);
    if (year < 1 || !g_date_valid_dmy((GDateDay)day, (GDateMonth)month,
                                      (GDateYear)year))
        return false;
    GDate date;
    g_date_clear(&date, 1);
    g_date_set_dmy(&date, (GDateDay)day, (GDateMonth)month, (GDateYear)year);
    *julian = g_date_get_julian(&date);
    return true;
}

void catalog_sha256(const void *data, size_t length, char out[65])
{
    GChecksum *checksum = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(checksum, data, (gssize)length);
    g_strlcpy(out, g_checksum_get_string(checksum), 65);
    g_checksum_free(checksum);
}

bool catalog_read_file(const char *path, char **contents, size_t *length,
                       pliego_error *err)
{
    FILE *file = fopen(path, "rb");
    if (!file) {
        pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0, "cannot open: %s",
                         g_strerror(errno));
        return false;
    }
    GString *buffer = g_string_new(NULL);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, file)) > 0) {
        if (buffer->len + got > CATALOG_MAX_FILE_BYTES) {
            fclose(file);
            g_string_free(buffer, TRUE);
            pliego_error_set(err, PLIEGO_ERROR_LIMIT, path, 0, 0,
                             "file is larger than %d bytes",
                             CATALOG_MAX_FILE_BYTES);
            return false;
        }
        g_string_append_len(buffer, chunk, (gssize)got);
    }
    bool failed = ferror(file);
    fclose(file);
    if (failed) {
        g_string_free(buffer, TRUE);
        pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0, "cannot read");
        return false;
    }
    *length = buffer->len;
    *contents = g_string_free(buffer, FALSE);
    return true;
}

const char *catalog_attribute(pliego_arena *arena, xmlNodePtr node,
                              const char *name)
{
    xmlChar *value = xmlGetProp(node, (const xmlChar *)name);
    if (!value)
        return NULL;
    char *copy = pliego_arena_strndup(arena, (const char *)value, -1);
    xmlFree(value);
    return copy;
}

const char **catalog_split_list(pliego_arena *arena, const char *text)
{
    char **parts = g_strsplit_set(text ? text : "", " \t\r\n", -1);
    size_t count = 0;
    for (char **p = parts; *p; p++)
        if (**p)
            count++;
    const char **list = pliego_arena_alloc(arena, (count + 1) * sizeof *list);
    size_t i = 0;
    for (char **p = parts; *p; p++)
        if (**p)
            list[i++] = pliego_arena_strndup(arena, *p, -1);
    g_strfreev(parts);
    return list;
}

bool catalog_list_contains(const char **list, const char *value)
{
    for (; list && *list; list++)
        if (strcmp(*list, value) == 0)
            return true;
    return false;
}
