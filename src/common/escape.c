/* Control characters in messages written out as escapes, CSV cells and
 * XML character data (escape.h). */
#include "common/escape.h"

#include <glib.h>
#include <string.h>

char *pliego_escape_controls(const char *text)
{
    size_t length = strlen(text);
    if (length > 0 && text[length - 1] == '\n')
        length--;
    GString *out = g_string_sized_new(length + 16);
    const char *p = text, *end = text + length;
    while (p < end) {
        unsigned char byte = (unsigned char)*p;
        if (byte < 0x20 || byte == 0x7f) {
            g_string_append_printf(out, "\\x%02X", byte);
            p++;
            continue;
        }
        if (byte < 0x80) {
            g_string_append_c(out, (char)byte);
            p++;
            continue;
        }
        gunichar c = g_utf8_get_char_validated(p, end - p);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            g_string_append_printf(out, "\\x%02X", byte);
            p++;
            continue;
        }
        const char *next = g_utf8_next_char(p);
        if (c >= 0x80 && c <= 0x9f)
            g_string_append_printf(out, "\\u%04X", c);
        else
            g_string_append_len(out, p, next - p);
        p = next;
    }
    return g_string_free(out, FALSE);
}

void pliego_csv_append_cell(GString *csv, const char *value)
{
    if (!strpbrk(value, ",\"\r\n")) {
        g_string_append(csv, value);
        return;
    }
    g_string_append_c(csv, '"');
    for (const char *p = value; *p; p++) {
        if (*p == '"')
            g_string_append_c(csv, '"');
        g_string_append_c(csv, *p);
    }
    g_string_append_c(csv, '"');
}

void pliego_xml_append_escaped(GString *out, const char *text, bool attribute)
{
    for (const char *p = text ? text : ""; *p; p++) {
        switch (*p) {
        case '&': g_string_append(out, "&amp;"); break;
        case '<': g_string_append(out, "&lt;"); break;
        case '>': g_string_append(out, "&gt;"); break;
        case '"': g_string_append(out, "&quot;"); break;
        case '\r': g_string_append(out, "&#13;"); break;
        case '\n':
            g_string_append(out, attribute ? "&#10;" : "\n");
            break;
        case '\t':
            g_string_append(out, attribute ? "&#9;" : "\t");
            break;
        default:
            g_string_append_c(out, (unsigned char)*p < 0x20 ? ' ' : *p);
        }
    }
}
