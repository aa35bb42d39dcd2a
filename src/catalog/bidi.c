/* Bidirectional controls in customer data, kept from reaching past their
 * field.
 *
 * A customer's name or address is printed inside legal text: an
 * unpaired U+202E RIGHT-TO-LEFT OVERRIDE in a name would reverse the rest
 * of the clause (and of a running footer) as the Unicode bidirectional
 * algorithm reads it, since an embedding or override lasts until its
 * U+202C POP DIRECTIONAL FORMATTING or the end of the paragraph. Here each
 * field keeps the controls that open and close within it, in pairs, as
 * UAX #9 pairs them (an isolate's U+2069 also closes the embeddings opened
 * inside it), and drops every other one; a line break ends a paragraph,
 * so nothing stays open across it. Marks (LRM, RLM, ALM) only give
 * neighbouring characters a direction and are kept. With every control
 * paired, the text after a field is laid out as if the field held plain
 * letters.
 */
#include "catalog/customer_private.h"

#include <string.h>

typedef enum { OPENS_EMBEDDING, OPENS_ISOLATE, CLOSES_EMBEDDING, CLOSES_ISOLATE, OTHER } kind;

static kind kind_of(gunichar c)
{
    switch (c) {
    case 0x202A: case 0x202B: case 0x202D: case 0x202E: return OPENS_EMBEDDING;
    case 0x2066: case 0x2067: case 0x2068: return OPENS_ISOLATE;
    case 0x202C: return CLOSES_EMBEDDING;
    case 0x2069: return CLOSES_ISOLATE;
    default: return OTHER;
    }
}

const char *customer_balance_bidi(pliego_arena *arena, const char *text)
{
    if (!text || (!strstr(text, "\xE2\x80") && !strstr(text, "\xE2\x81")))
        return text; /* no character of U+2000 to U+207F: nothing to do */
    size_t length = strlen(text);
    /* drop[i]: the character at byte i goes; open: byte offsets of the
       openers not yet closed, innermost last */
    bool *drop = g_new0(bool, length + 1);
    GArray *open = g_array_new(FALSE, FALSE, sizeof(size_t));
    bool dropped = false;
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        size_t at = (size_t)(p - text);
        gunichar c = g_utf8_get_char(p);
        kind k = kind_of(c);
        if (k == OPENS_EMBEDDING || k == OPENS_ISOLATE) {
            g_array_append_val(open, at);
        } else if (k == CLOSES_EMBEDDING) {
            size_t top = open->len ? g_array_index(open, size_t, open->len - 1) : 0;
            if (open->len && kind_of(g_utf8_get_char(text + top)) == OPENS_EMBEDDING)
                g_array_set_size(open, open->len - 1);
            else
                drop[at] = dropped = true;
        } else if (k == CLOSES_ISOLATE) {
            guint i = open->len;
            while (i > 0 &&
                   kind_of(g_utf8_get_char(text + g_array_index(open, size_t, i - 1))) !=
                       OPENS_ISOLATE)
                i--;
            if (i == 0) {
                drop[at] = dropped = true;
            } else {
                /* embeddings left open inside the isolate close with it in
                   UAX #9, but not in a reader's eyes: they go */
                for (guint j = i; j < open->len; j++)
                    drop[g_array_index(open, size_t, j)] = dropped = true;
                g_array_set_size(open, i - 1);
            }
        } else if (c == '\n' || c == '\r' || c == 0x2029 || c == 0x85) {
            for (guint j = 0; j < open->len; j++)
                drop[g_array_index(open, size_t, j)] = dropped = true;
            g_array_set_size(open, 0);
        }
    }
    for (guint j = 0; j < open->len; j++)
        drop[g_array_index(open, size_t, j)] = dropped = true;
    g_array_free(open, TRUE);
    const char *result = text;
    if (dropped) {
        GString *kept = g_string_sized_new(length);
        for (const char *p = text; *p; p = g_utf8_next_char(p))
            if (!drop[p - text])
                g_string_append_len(kept, p, g_utf8_next_char(p) - p);
        result = pliego_arena_strndup(arena, kept->str, (long)kept->len);
        g_string_free(kept, TRUE);
    }
    g_free(drop);
    return result;
}
