/* Output file names: deterministic, safe on every file system we know, and
 * derived from the customer id alone, so a sharded run names every file as
 * a single run does. Collisions between names are decided by the caller
 * (batch.c) on batch_name_key. */
#include "batch/batch.h"

#include <string.h>

#define MAX_ID_BYTES 100

static bool reserved(const char *name, size_t length)
{
    /* Windows device names, with or without an extension */
    static const char *const devices[] = {"con", "prn", "aux", "nul"};
    size_t stem = 0;
    while (stem < length && name[stem] != '.')
        stem++;
    for (size_t i = 0; i < G_N_ELEMENTS(devices); i++)
        if (stem == 3 && g_ascii_strncasecmp(name, devices[i], 3) == 0)
            return true;
    return stem == 4 &&
           (g_ascii_strncasecmp(name, "com", 3) == 0 ||
            g_ascii_strncasecmp(name, "lpt", 3) == 0) &&
           name[3] >= '1' && name[3] <= '9';
}

char *batch_output_name(const char *id, catalog_doc_kind kind)
{
    if (!id || !*id)
        return NULL;
    GString *name = g_string_new(NULL);
    for (const char *p = id; *p && name->len < MAX_ID_BYTES;) {
        unsigned char c = (unsigned char)*p;
        char out;
        if (g_ascii_isalnum(c) || c == '-' || c == '_' || c == '.')
            out = (char)c;
        else
            out = '_';
        /* one character of the id, however many bytes it takes */
        gunichar character = g_utf8_get_char_validated(p, -1);
        p = character == (gunichar)-1 || character == (gunichar)-2 ? p + 1
                                                                   : g_utf8_next_char(p);
        char last = name->len ? name->str[name->len - 1] : '\0';
        if (name->len == 0 && (out == '.' || out == '-'))
            continue;
        if ((out == '_' && last == '_' && c != '_') || (out == '.' && last == '.'))
            continue;
        g_string_append_c(name, out);
    }
    /* "../x" should read "x", not "_._x" */
    gsize lead = strspn(name->str, "._-");
    g_string_erase(name, 0, (gssize)lead);
    if (name->len == 0)
        g_string_append_c(name, '_');
    if (reserved(name->str, name->len))
        g_string_prepend_c(name, '_');
    g_string_append_printf(name, "-%s.pdf", catalog_doc_kind_name(kind));
    return g_string_free(name, FALSE);
}

char *batch_name_key(const char *name)
{
    return g_ascii_strdown(name, -1);
}
