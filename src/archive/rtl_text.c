/* Right-to-left text that extracts in reading order.
 *
 * Cairo maps each glyph of a PDF font to text in the font's ToUnicode
 * CMap, and wraps a cluster whose text differs from that mapping in an
 * /ActualText span, both in logical (reading) order. Text extractors
 * (poppler's pdftotext, pdf.js) take the glyphs of a line in visual order
 * and reverse right-to-left runs character by character, so the text of
 * a glyph that stands for several letters (lam-alef, lam-alef maksura and
 * the other Arabic ligatures) comes out reversed: "ال" for "لا". pdf.js
 * also splits a ligature's presentation form (U+FC86) into its letters
 * before reversing.
 *
 * This file takes Cairo's PDF and gives new bytes in which such glyphs
 * carry their letters in visual order, so that reversing the run restores
 * the reading order: each ToUnicode entry whose text is right-to-left
 * letters is reversed, a ligature's presentation form first replaced by
 * the letters it stands for (NFKC), and the right-to-left text of each
 * /ActualText span is reversed the same way. Other text and every other
 * object are left as they are. Owns only what one call makes.
 */
#include "archive/archive.h"

#include <qpdf/qpdf-c.h>
#include <stdlib.h>
#include <string.h>

/* Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana,
 * N'Ko and their presentation forms), marks within their blocks included. */
static bool right_to_left(gunichar c)
{
    return (c >= 0x0590 && c <= 0x08ff) || (c >= 0xfb1d && c <= 0xfdff) ||
           (c >= 0xfe70 && c <= 0xfefc);
}

static bool presentation_form(gunichar c)
{
    return (c >= 0xfb1d && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfefc);
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads count hex digits at text as UTF-16BE into units (at most max);
 * returns how many units, or -1 when a digit is not hex or count is not a
 * multiple of 4. */
static int read_units(const char *text, size_t count, gunichar2 *units, int max)
{
    if (count % 4 || (int)(count / 4) > max)
        return -1;
    for (size_t i = 0; i < count / 4; i++) {
        unsigned value = 0;
        for (int k = 0; k < 4; k++) {
            int digit = hex_value(text[i * 4 + (size_t)k]);
            if (digit < 0)
                return -1;
            value = value << 4 | (unsigned)digit;
        }
        units[i] = (gunichar2)value;
    }
    return (int)(count / 4);
}

/* The text of units in visual order when it is right-to-left letters
 * (a presentation form stands for its letters), as UTF-16 units in out;
 * returns how many, or -1 when the text is left as it is. */
#define MAX_UNITS 64
static int visual_order(const gunichar2 *units, int count, gunichar2 *out)
{
    glong length = 0;
    gunichar *chars = g_utf16_to_ucs4(units, count, NULL, &length, NULL);
    if (!chars || length == 0) {
        g_free(chars);
        return -1;
    }
    bool letters = true, form = length == 1 && presentation_form(chars[0]);
    for (glong i = 0; i < length; i++)
        letters = letters && right_to_left(chars[i]);
    int result = -1;
    if (letters && (length > 1 || form)) {
        char *utf8 = g_ucs4_to_utf8(chars, length, NULL, NULL, NULL);
        char *letters_text = form ? g_utf8_normalize(utf8, -1, G_NORMALIZE_NFKC)
                                  : g_strdup(utf8);
        char *reversed = letters_text ? g_utf8_strreverse(letters_text, -1) : NULL;
        glong written = 0;
        gunichar2 *back = reversed ? g_utf8_to_utf16(reversed, -1, NULL, &written, NULL)
                                   : NULL;
        if (back && written > 0 && written <= MAX_UNITS) {
            memcpy(out, back, sizeof(gunichar2) * (size_t)written);
            result = (int)written;
        }
        g_free(back);
        g_free(reversed);
        g_free(letters_text);
        g_free(utf8);
    }
    g_free(chars);
    return result;
}

static void append_units(GString *out, const gunichar2 *units, int count)
{
    for (int i = 0; i < count; i++)
        g_string_append_printf(out, "%04x", units[i]);
}

/* Rewrites the hex string <...> that starts at text[*at] (after its '<'),
 * skipping a byte order mark; appends it to out and moves *at past '>'. */
static void rewrite_hex(const char *text, size_t length, size_t *at, bool bom,
                        GString *out)
{
    size_t start = *at, end = start;
    while (end < length && text[end] != '>')
        end++;
    size_t skip = bom && end - start >= 4 &&
                  g_ascii_strncasecmp(text + start, "feff", 4) == 0 ? 4 : 0;
    gunichar2 units[MAX_UNITS], visual[MAX_UNITS];
    int count = end < length ? read_units(text + start + skip, end - start - skip,
                                          units, MAX_UNITS)
                             : -1;
    int reordered = count > 0 ? visual_order(units, count, visual) : -1;
    if (reordered > 0) {
        g_string_append_len(out, text + start, (gssize)skip);
        append_units(out, visual, reordered);
    } else {
        g_string_append_len(out, text + start, (gssize)(end - start));
    }
    *at = end;
}

/* The ToUnicode CMap with the destination of each bfchar entry rewritten;
 * NULL when nothing changed. */
static GString *rewrite_cmap(const char *text, size_t length)
{
    GString *out = g_string_sized_new(length);
    bool in_chars = false, changed = false;
    size_t line_start = 0;
    for (size_t i = 0; i <= length; i++) {
        if (i < length && text[i] != '\n')
            continue;
        const char *line = text + line_start;
        size_t n = i - line_start;
        /* an entry: <source> <destination> */
        const char *gap = in_chars ? memchr(line, ' ', n) : NULL;
        if (gap && line[0] == '<' && gap + 1 < line + n && gap[1] == '<') {
            size_t destination = (size_t)(gap + 2 - text);
            g_string_append_len(out, line, (gssize)(destination - line_start));
            size_t at = destination;
            size_t before = out->len;
            rewrite_hex(text, i, &at, false, out);
            changed = changed || out->len - before != at - destination ||
                      memcmp(out->str + before, text + destination, at - destination) != 0;
            g_string_append_len(out, text + at, (gssize)(i - at));
        } else {
            g_string_append_len(out, line, (gssize)n);
            if (n >= 11 && memcmp(line + n - 11, "beginbfchar", 11) == 0)
                in_chars = true;
            else if (n >= 9 && memcmp(line + n - 9, "endbfchar", 9) == 0)
                in_chars = false;
        }
        if (i < length)
            g_string_append_c(out, '\n');
        line_start = i + 1;
    }
    if (!changed) {
        g_string_free(out, TRUE);
        return NULL;
    }
    return out;
}

/* A content stream with the text of each /ActualText <...> rewritten;
 * NULL when nothing changed. */
static GString *rewrite_actual_text(const char *text, size_t length)
{
    static const char key[] = "/ActualText <";
    const size_t key_length = sizeof key - 1;
    GString *out = NULL;
    size_t copied = 0;
    for (size_t i = 0; i + key_length <= length; i++) {
        if (memcmp(text + i, key, key_length) != 0)
            continue;
        if (!out)
            out = g_string_sized_new(length);
        g_string_append_len(out, text + copied, (gssize)(i + key_length - copied));
        size_t at = i + key_length;
        rewrite_hex(text, length, &at, true, out);
        copied = at;
        i = at;
    }
    if (out)
        g_string_append_len(out, text + copied, (gssize)(length - copied));
    return out;
}

/* Replaces the data of stream by what rewrite makes of it, if anything. */
static void rewrite_stream(qpdf_data q, qpdf_oh stream,
                           GString *(*rewrite)(const char *, size_t))
{
    unsigned char *data = NULL;
    size_t length = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    if (qpdf_oh_get_stream_data(q, stream, qpdf_dl_generalized, &filtered, &data,
                                &length) & QPDF_ERRORS ||
        !filtered) {
        free(data);
        return;
    }
    GString *changed = rewrite((const char *)data, length);
    free(data);
    if (!changed)
        return;
    /* written uncompressed here; qpdf deflates it when it writes */
    qpdf_oh_replace_stream_data(q, stream, (const unsigned char *)changed->str,
                                changed->len, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    g_string_free(changed, TRUE);
}

GByteArray *archive_rtl_text(const unsigned char *pdf, size_t length,
                             pliego_error *err)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    GByteArray *result = NULL;
    if (qpdf_read_memory(q, "cairo output", (const char *)pdf, length, NULL)
        & QPDF_ERRORS) {
        pliego_error_set(err, PLIEGO_ERROR_RENDER, "", 0, 0,
                         "cannot read Cairo's PDF again to order right-to-left text: %s",
                         qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q))
                                           : "unknown error");
        qpdf_cleanup(&q);
        return NULL;
    }
    qpdf_oh size = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size");
    int objects = qpdf_oh_is_integer(q, size) ? qpdf_oh_get_int_value_as_int(q, size) : 0;
    for (int id = 1; id < objects; id++) {
        qpdf_oh object = qpdf_get_object_by_id(q, id, 0);
        if (qpdf_oh_is_dictionary(q, object) && qpdf_oh_has_key(q, object, "/ToUnicode")) {
            qpdf_oh cmap = qpdf_oh_get_key(q, object, "/ToUnicode");
            if (qpdf_oh_is_stream(q, cmap))
                rewrite_stream(q, cmap, rewrite_cmap);
        } else if (qpdf_oh_is_stream(q, object)) {
            /* page contents (no /Type, /Subtype or, as embedded fonts
               have, /Length1) and form XObjects */
            qpdf_oh dict = qpdf_oh_get_dict(q, object);
            qpdf_oh subtype = qpdf_oh_get_key(q, dict, "/Subtype");
            bool contents = !qpdf_oh_has_key(q, dict, "/Type") &&
                            !qpdf_oh_has_key(q, dict, "/Subtype") &&
                            !qpdf_oh_has_key(q, dict, "/Length1");
            if (contents || qpdf_oh_is_name_and_equals(q, subtype, "/Form"))
                rewrite_stream(q, object, rewrite_actual_text);
        }
        qpdf_oh_release_all(q);
    }
    qpdf_init_write_memory(q);
    qpdf_set_deterministic_ID(q, QPDF_TRUE);
    /* the other streams are written as Cairo made them */
    qpdf_set_decode_level(q, qpdf_dl_none);
    qpdf_set_compress_streams(q, QPDF_TRUE);
    qpdf_set_object_stream_mode(q, qpdf_o_preserve);
    if (qpdf_write(q) & QPDF_ERRORS) {
        pliego_error_set(err, PLIEGO_ERROR_RENDER, "", 0, 0,
                         "cannot write the PDF with right-to-left text ordered: %s",
                         qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q))
                                           : "unknown error");
    } else {
        result = g_byte_array_sized_new((guint)qpdf_get_buffer_length(q));
        g_byte_array_append(result, qpdf_get_buffer(q), (guint)qpdf_get_buffer_length(q));
    }
    qpdf_cleanup(&q);
    return result;
}
