/* Characters that no font can show: a warning naming where they are.
 *
 * When neither the fonts asked for nor fontconfig's fallbacks have a
 * glyph for a character, Pango sets it as a box holding its code. That is
 * easy to miss in a long document, so each such character is reported
 * once per document with the FO line of the text it is in, its code
 * (U+XXXX), the character itself and the font-family asked for. Past
 * MAX_REPORTED characters one last warning says that more are not
 * reported: a document in a script no font covers gives a few lines, not
 * thousands.
 */
#include "layout/layout.h"

#define MAX_REPORTED 20

/* The text node (or fo:character) whose text starts at or before index. */
static const fo_node *source_at(const GArray *sources, int index,
                                const fo_node *block)
{
    const fo_node *found = block;
    for (guint i = 0; i < sources->len; i++) {
        const layout_text_source *s = &g_array_index(sources, layout_text_source, i);
        if (s->start > index)
            break;
        found = s->node;
    }
    return found;
}

/* Characters that never have a glyph of their own: controls, format
 * characters, spaces, and the placeholder of leaders and images. */
static bool drawn(gunichar c)
{
    return g_unichar_isgraph(c) && c != 0xfffc;
}

static void report(layout_context *ctx, const fo_node *node, gunichar c)
{
    char key[32];
    g_snprintf(key, sizeof key, "glyph:%X", c);
    if (g_hash_table_contains(ctx->warned, key))
        return;
    g_hash_table_add(ctx->warned, g_strdup(key));
    ctx->missing_glyphs++;
    if (ctx->missing_glyphs > MAX_REPORTED) {
        if (ctx->missing_glyphs == MAX_REPORTED + 1)
            fo_node_warn(ctx->fo, node, "more characters have no glyph in "
                         "any font; only the first %d are reported", MAX_REPORTED);
        return;
    }
    char utf8[8] = "";
    utf8[g_unichar_to_utf8(c, utf8)] = '\0';
    const char *family = fo_get(node, FO_PROP_FONT_FAMILY)->string;
    fo_node_warn(ctx->fo, node,
                 "no font has a glyph for U+%04X \"%s\" (font-family \"%s\"); "
                 "it shows as a box", c, utf8, family ? family : "sans-serif");
}

void missing_glyphs_check(layout_context *ctx, PangoLayout *layout,
                          const GArray *sources, const fo_node *block)
{
    if (pango_layout_get_unknown_glyphs_count(layout) == 0)
        return;
    const char *text = pango_layout_get_text(layout);
    PangoLayoutIter *iter = pango_layout_get_iter(layout);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(iter);
        if (!run)
            continue;
        const PangoGlyphString *glyphs = run->glyphs;
        for (int i = 0; i < glyphs->num_glyphs; i++) {
            PangoGlyph glyph = glyphs->glyphs[i].glyph;
            if (!(glyph & PANGO_GLYPH_UNKNOWN_FLAG) ||
                glyph == PANGO_GLYPH_INVALID_INPUT)
                continue;
            int index = run->item->offset + glyphs->log_clusters[i];
            gunichar c = g_utf8_get_char(text + index);
            if (drawn(c))
                report(ctx, source_at(sources, index, block), c);
        }
    } while (pango_layout_iter_next_run(iter));
    pango_layout_iter_free(iter);
}
