/* The text decorations of a line, for the area tree dump: which stretches
 * of a line's text are underlined, struck through or overlined. Layout
 * leaves them as Pango attributes on the line's runs; the dump lists them
 * as <underline>, <line-through> and <overline> children of the line, one
 * per stretch (neighbouring runs with the same decoration joined), so a
 * test can check that exactly the intended words carry a mark (the redline
 * of `pliego diff` is the first user). Text moved off the baseline
 * (baseline-shift, vertical-align) is listed the same way, as <shift>
 * with how far it rises.
 */
#include "layout/area.h"

#include <string.h>

enum { UNDERLINE = 1, LINE_THROUGH = 2, OVERLINE = 4 };

static int run_decoration(const PangoGlyphItem *run)
{
    int decoration = 0;
    for (GSList *l = run->item->analysis.extra_attrs; l; l = l->next) {
        const PangoAttribute *attr = l->data;
        switch (attr->klass->type) {
        case PANGO_ATTR_UNDERLINE:
            if (((const PangoAttrInt *)attr)->value != PANGO_UNDERLINE_NONE)
                decoration |= UNDERLINE;
            break;
        case PANGO_ATTR_STRIKETHROUGH:
            if (((const PangoAttrInt *)attr)->value)
                decoration |= LINE_THROUGH;
            break;
        case PANGO_ATTR_OVERLINE:
            if (((const PangoAttrInt *)attr)->value != PANGO_OVERLINE_NONE)
                decoration |= OVERLINE;
            break;
        default:
            break;
        }
    }
    return decoration;
}

/* How far a run rises above the baseline, in Pango units. */
static int run_rise(const PangoGlyphItem *run)
{
    for (GSList *l = run->item->analysis.extra_attrs; l; l = l->next) {
        const PangoAttribute *attr = l->data;
        if (attr->klass->type == PANGO_ATTR_RISE)
            return ((const PangoAttrInt *)attr)->value;
    }
    return 0;
}

/* Writes <element text="..." ... then rest and "/>": one line of the dump. */
static void write_stretch(FILE *stream, const char *text, int start, int end,
                          int depth, const char *element, const char *rest)
{
    char *stretch = g_strndup(text + start, (gsize)(end - start));
    char *escaped = g_markup_escape_text(g_strstrip(stretch), -1);
    for (int i = 0; i < depth; i++)
        fputs("  ", stream);
    fprintf(stream, "<%s text=\"%s\"%s/>\n", element, escaped, rest);
    g_free(escaped);
    g_free(stretch);
}

/* Writes one element per stretch of neighbouring runs that rise alike. */
static void write_shifts(FILE *stream, const area *a, int depth)
{
    const char *text = pango_layout_get_text(a->line->layout);
    int start = -1, end = -1, rise = 0;
    for (GSList *l = a->line->runs;; l = l->next) {
        const PangoGlyphItem *run = l ? l->data : NULL;
        int here = run ? run_rise(run) : 0;
        if (here && start >= 0 && here == rise && run->item->offset == end) {
            end = run->item->offset + run->item->length;
            continue;
        }
        if (start >= 0) {
            char number[G_ASCII_DTOSTR_BUF_SIZE], rest[G_ASCII_DTOSTR_BUF_SIZE + 16];
            g_ascii_formatd(number, sizeof number, "%.2f", rise / (double)PANGO_SCALE);
            g_snprintf(rest, sizeof rest, " rise=\"%s\"", number);
            write_stretch(stream, text, start, end, depth, "shift", rest);
            start = -1;
        }
        if (here) {
            start = run->item->offset;
            end = run->item->offset + run->item->length;
            rise = here;
        }
        if (!l)
            break;
    }
}

/* Writes one element per decorated stretch of text of kind flag. */
static void write_kind(FILE *stream, const area *a, int depth, int flag,
                       const char *element)
{
    const char *text = pango_layout_get_text(a->line->layout);
    int start = -1, end = -1;
    for (GSList *l = a->line->runs;; l = l->next) {
        const PangoGlyphItem *run = l ? l->data : NULL;
        bool marked = run && (run_decoration(run) & flag);
        if (marked && start >= 0 && run->item->offset == end) {
            end = run->item->offset + run->item->length;
            continue;
        }
        if (start >= 0) {
            write_stretch(stream, text, start, end, depth, element, "");
            start = -1;
        }
        if (marked) {
            start = run->item->offset;
            end = run->item->offset + run->item->length;
        }
        if (!l)
            break;
    }
}

bool area_line_has_decorations(const area *a)
{
    if (a->kind != AREA_LINE || !a->line)
        return false;
    for (GSList *l = a->line->runs; l; l = l->next)
        if (run_decoration(l->data) || run_rise(l->data))
            return true;
    return false;
}

void area_line_dump_decorations(FILE *stream, const area *a, int depth)
{
    if (!area_line_has_decorations(a))
        return;
    write_kind(stream, a, depth, UNDERLINE, "underline");
    write_kind(stream, a, depth, LINE_THROUGH, "line-through");
    write_kind(stream, a, depth, OVERLINE, "overline");
    write_shifts(stream, a, depth);
}
