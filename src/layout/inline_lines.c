/* A paragraph's lines: its text and attributes in, one Pango line per line
 * out, broken by total fit (linebreak.c).
 *
 * The paragraph is shaped once on one unbroken line to learn the advance
 * of every character and Pango's break opportunities (Unicode line
 * breaking). From them come the items Knuth and Plass's algorithm breaks:
 * boxes (text between break opportunities), glue (spaces, which stretch
 * and shrink by word-spacing's .minimum and .maximum, else by FOP's
 * defaults: a third narrower, half wider), and penalties (hyphenation
 * points, breaks after "-" or inside addresses, forced breaks). Each line
 * chosen is then set alone as a Pango layout: its text, the
 * hyphenation-character when it ends at a hyphenation point, and its
 * spaces widened or narrowed so that a justified line fills its box
 * exactly. Ragged lines (start, end, center) are broken by the same
 * algorithm, their spaces at their natural width.
 */
#include "layout/linebreak.h"
#include "layout/hyphenate.h"

#include <math.h>
#include <string.h>

#define SOFT_HYPHEN 0x00AD
/* Penalties, as TeX's plain format sets them. */
#define HYPHEN_PENALTY 50.0
#define ADDRESS_PENALTY 50.0
/* Most work (break points times active breaks) for total fit: about a
 * tenth of a second. Beyond it a paragraph is broken first-fit. */
#define LINEBREAK_BUDGET 20000000L
/* Largest adjustment ratio of a line in the first pass. FOP's first pass
   allows spaces to stretch to their maximum and no further. */
#define TOLERANCE 1.0
/* A ragged line may leave three ems at its end for badness 100. */
#define RAGGED_EMS 3.0

typedef struct {
    const inline_lines_input *in;
    layout_context *ctx;
    double *advance;            /* by byte: width of the cluster starting there */
    double *before;             /* by byte: total advance of the bytes before */
    GArray *items;              /* linebreak_item */
    GHashTable *hyphen_widths;  /* PangoFontDescription* -> width (boxed) */
} setter;

/* The text node that byte index of the paragraph came from, or the block. */
static const fo_node *source_at(const inline_lines_input *in, int index)
{
    const GArray *sources = in->sources;
    int low = 0, high = sources ? (int)sources->len - 1 : -1, found = -1;
    while (low <= high) {
        int middle = (low + high) / 2;
        if (g_array_index(sources, layout_text_source, middle).start <= index) {
            found = middle;
            low = middle + 1;
        } else {
            high = middle - 1;
        }
    }
    return found >= 0 ? g_array_index(sources, layout_text_source, found).node
                      : in->block;
}

static const char *hyphen_of(const fo_node *node)
{
    const char *hyphen = fo_get(node, FO_PROP_HYPHENATION_CHARACTER)->string;
    return hyphen && hyphen[0] ? hyphen : "-";
}

/* The width of the hyphenation-character of node in its font. */
static double hyphen_width(setter *s, const fo_node *node)
{
    const PangoFontDescription *font = fonts_describe(s->ctx, node->computed);
    const char *hyphen = hyphen_of(node);
    char *key = g_strdup_printf("%p %s", (const void *)font, hyphen);
    double *known = g_hash_table_lookup(s->hyphen_widths, key);
    if (known) {
        g_free(key);
        return *known;
    }
    PangoLayout *layout = pango_layout_new(s->ctx->pango);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_text(layout, hyphen, -1);
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    g_object_unref(layout);
    double *width = g_new(double, 1);
    *width = logical.width / (double)PANGO_SCALE;
    g_hash_table_insert(s->hyphen_widths, key, width);
    return *width;
}

/* The advance of every byte's cluster, from the paragraph set on one line
 * (lines end only at forced breaks). */
static void measure(setter *s, PangoLayout *whole)
{
    int length = s->in->length;
    s->advance = g_new0(double, (gsize)length + 1);
    s->before = g_new0(double, (gsize)length + 1);
    PangoLayoutIter *iter = pango_layout_get_iter(whole);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(iter);
        if (!run)
            continue;
        PangoGlyphString *glyphs = run->glyphs;
        for (int i = 0; i < glyphs->num_glyphs; i++) {
            int index = run->item->offset + glyphs->log_clusters[i];
            if (index >= 0 && index < length)
                s->advance[index] += glyphs->glyphs[i].geometry.width /
                                     (double)PANGO_SCALE;
        }
    } while (pango_layout_iter_next_run(iter));
    pango_layout_iter_free(iter);
    for (int i = 0; i < length; i++)
        s->before[i + 1] = s->before[i] + s->advance[i];
}

static double span(const setter *s, int start, int end)
{
    return s->before[end] - s->before[start];
}

static bool no_break_at(const inline_lines_input *in, int index)
{
    if (!in->no_break)
        return false;
    for (guint i = 0; i < in->no_break->len; i++)
        if (g_array_index(in->no_break, int, i) == index)
            return true;
    return false;
}

static void add_item(setter *s, linebreak_kind kind, int start, int end,
                     double width, double penalty, bool flagged)
{
    linebreak_item item = {0};
    item.kind = (uint8_t)kind;
    item.start = start;
    item.end = end;
    item.width = width;
    item.penalty = penalty;
    item.flagged = flagged;
    g_array_append_val(s->items, item);
}

/* Glue for the spaces from start to end: word-spacing's minimum and
 * maximum, else a third of the space narrower and half wider, as FOP. */
static void add_glue(setter *s, int start, int end, bool ragged)
{
    double width = span(s, start, end);
    linebreak_item glue = {0};
    glue.kind = LINEBREAK_GLUE;
    glue.start = start;
    glue.end = end;
    glue.width = width;
    if (!ragged) {
        const fo_value *spacing = &source_at(s->in, start)->computed[FO_PROP_WORD_SPACING];
        double space = width;
        if (spacing->type == FO_VALUE_LENGTH)
            space -= spacing->number * (end - start);
        glue.stretch = space / 2;
        glue.shrink = space / 3;
        if (spacing->type == FO_VALUE_LENGTH) {
            if (spacing->range_given & 2)
                glue.stretch = fmax(0, spacing->maximum - spacing->number) * (end - start);
            if (spacing->range_given & 1)
                glue.shrink = fmax(0, spacing->number - spacing->minimum) * (end - start);
        }
    }
    g_array_append_val(s->items, glue);
}

static bool is_space_char(gunichar c)
{
    return c == ' ' || c == '\t';
}

static bool is_forced_char(gunichar c)
{
    return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029 || c == 0x85;
}

/* Where the whitespace-delimited token starting at p ends. */
static const char *token_end(const char *p, const char *end)
{
    while (p < end && !g_unichar_isspace(g_utf8_get_char(p)))
        p = g_utf8_next_char(p);
    return p;
}

/* Ends the box started at *start (if any) at end. */
static void flush_box(setter *s, int *start, int end)
{
    if (*start >= 0)
        add_item(s, LINEBREAK_BOX, *start, end, span(s, *start, end), 0, false);
    *start = -1;
}

/* The items of the paragraph. */
static void itemize(setter *s, PangoLayout *whole, bool ragged)
{
    const inline_lines_input *in = s->in;
    int attr_count = 0;
    const PangoLogAttr *attrs = pango_layout_get_log_attrs_readonly(whole, &attr_count);
    const char *text = in->text, *end = text + in->length;
    int box_start = -1;
    const char *address_end = NULL;  /* end of the address token we are in */
    int ci = 0;
    for (const char *p = text; p < end; ci++) {
        int index = (int)(p - text);
        gunichar c = g_utf8_get_char(p);
        const char *next = g_utf8_next_char(p);
        int after = (int)(next - text);
        bool break_after = ci + 1 < attr_count && attrs[ci + 1].is_line_break &&
                           !no_break_at(in, after);
        if (address_end && p >= address_end)
            address_end = NULL;
        bool token_start = p == text ||
                           g_unichar_isspace(g_utf8_get_char(g_utf8_prev_char(p)));
        if (!address_end && !is_space_char(c) && token_start) {
            const char *token = token_end(p, end);
            if (hyphenate_is_address(p, token))
                address_end = token;
        }
        if (is_space_char(c)) {
            flush_box(s, &box_start, index);
            const char *q = next;
            int cq = ci + 1;
            while (q < end && is_space_char(g_utf8_get_char(q))) {
                q = g_utf8_next_char(q);
                cq++;
            }
            int glue_end = (int)(q - text);
            bool legal = cq < attr_count && attrs[cq].is_line_break &&
                         !no_break_at(in, glue_end) && q < end &&
                         !is_forced_char(g_utf8_get_char(q));
            if (!legal)
                add_item(s, LINEBREAK_PENALTY, index, index, 0, LINEBREAK_INFINITY, false);
            add_glue(s, index, glue_end, ragged);
            ci = cq - 1;
            p = q;
            continue;
        }
        if (is_forced_char(c)) {
            flush_box(s, &box_start, index);
            /* "\r\n" is one break */
            if (c == '\r' && next < end && *next == '\n') {
                next++;
                ci++;
            }
            add_item(s, LINEBREAK_PENALTY, index, (int)(next - text), 0,
                     -LINEBREAK_INFINITY, false);
            p = next;
            continue;
        }
        if (c == SOFT_HYPHEN) {
            flush_box(s, &box_start, index);
            if (break_after && next < end) {
                add_item(s, LINEBREAK_PENALTY, index, after,
                         hyphen_width(s, source_at(in, index)), HYPHEN_PENALTY, true);
                g_array_index(s->items, linebreak_item, s->items->len - 1).hyphenation = true;
            }
            p = next;
            continue;
        }
        if (box_start < 0)
            box_start = index;
        /* a break after this character, inside a word */
        gunichar following = next < end ? g_utf8_get_char(next) : 0;
        bool inside = next < end && !is_space_char(following) && !is_forced_char(following) &&
                      following != SOFT_HYPHEN;
        bool address_break = address_end && next < address_end &&
                             (c == '/' || (c == '.' && g_unichar_isalpha(following)));
        /* an address breaks after "/" or "." only, never at a hyphen of
           its own, which would read as part of it or not */
        if (address_end && next < address_end)
            break_after = address_break && !no_break_at(in, after);
        if (inside && break_after) {
            flush_box(s, &box_start, after);
            bool hyphen = c == '-' || c == 0x2010;
            add_item(s, LINEBREAK_PENALTY, after, after, 0,
                     hyphen ? HYPHEN_PENALTY : address_break ? ADDRESS_PENALTY : 0,
                     hyphen);
        }
        p = next;
    }
    flush_box(s, &box_start, in->length);
    add_item(s, LINEBREAK_PENALTY, in->length, in->length, 0, -LINEBREAK_INFINITY, false);
}

/* Alignment of the last line: text-align-last, or from text-align. */
static uint16_t last_line_keyword(const fo_value *v)
{
    uint16_t last = v[FO_PROP_TEXT_ALIGN_LAST].keyword;
    uint16_t align = v[FO_PROP_TEXT_ALIGN].keyword;
    if (last == FO_KW_RELATIVE)
        return align == FO_KW_JUSTIFY ? FO_KW_START : align;
    return last;
}

/* Where a line of free room sits: 0 at the left, 1 at the right, 0.5
 * centred. */
static double side_of(uint16_t keyword, bool right_to_left)
{
    switch (keyword) {
    case FO_KW_CENTER:
    case FO_KW_CENTRE:
        return 0.5;
    case FO_KW_RIGHT:
        return 1;
    case FO_KW_LEFT:
        return 0;
    case FO_KW_END:
    case FO_KW_OUTSIDE:
        return right_to_left ? 0 : 1;
    default:
        return right_to_left ? 1 : 0;
    }
}

/* Widens (amount > 0) or narrows the spaces of line, as set in layout,
 * by amount Pango units in all, shared by their stretch or shrink: the
 * advances of their glyphs change, as Pango's own justification changes
 * them, so no space is shaped apart from its words. Shares are rounded
 * so that they add up to amount exactly. */
static void adjust_spaces(setter *s, const linebreak_line *chosen,
                          const inline_line *line, int amount, PangoLayout *layout)
{
    const linebreak_item *items = (const linebreak_item *)s->items->data;
    int length = line->end - line->start;
    double *weight = g_new0(double, (gsize)length + 1);
    double total = 0;
    int spaces = 0;
    for (int i = chosen->first; i < chosen->last; i++) {
        const linebreak_item *glue = &items[i];
        if (glue->kind != LINEBREAK_GLUE || glue->start < line->start ||
            glue->end > line->end)
            continue;
        /* the glue's bytes are spaces, one byte each */
        double each = (amount > 0 ? glue->stretch : glue->shrink) /
                      (glue->end - glue->start);
        for (int b = glue->start; b < glue->end; b++) {
            weight[b - line->start] = each;
            total += each;
            spaces++;
        }
    }
    if (total <= 0) {
        /* spaces without shrink (a ragged line) share alike */
        for (int b = 0; b < length; b++)
            if (line->start + b < s->in->length && weight[b] == 0 &&
                is_space_char((gunichar)(unsigned char)s->in->text[line->start + b])) {
                weight[b] = 1;
                total += 1;
            }
    }
    /* pango_layout_get_line, not _readonly: Pango then never caches the
       line's extents, which change here */
    PangoLayoutLine *set = pango_layout_get_line(layout, 0);
    double share = 0;
    int given = 0;
    for (GSList *l = set->runs; l && total > 0; l = l->next) {
        PangoGlyphItem *run = l->data;
        for (int i = 0; i < run->glyphs->num_glyphs; i++) {
            int index = run->item->offset + run->glyphs->log_clusters[i] - line->shift;
            if (index < 0 || index >= length || weight[index] == 0)
                continue;
            share += amount * weight[index] / total;
            int now = (int)lround(share) - given;
            run->glyphs->glyphs[i].geometry.width += now;
            given += now;
        }
    }
    g_free(weight);
}

/* The Pango layout of line: mark (or NULL), its text, the hyphen. */
static PangoLayout *layout_line(setter *s, const linebreak_line *chosen,
                                inline_line *line, const char *mark)
{
    const inline_lines_input *in = s->in;
    const linebreak_item *items = (const linebreak_item *)s->items->data;
    int start = line->start, stop = line->end;
    GString *own = g_string_new(mark);
    line->shift = (int)own->len;
    g_string_append_len(own, in->text + start, stop - start);
    if (line->hyphen_added)
        g_string_append(own, hyphen_of(source_at(in, items[chosen->last].start)));
    PangoAttrList *attrs = pango_attr_list_copy(in->attrs);
    pango_attr_list_update(attrs, 0, start, line->shift);
    PangoLayout *layout = pango_layout_new(s->ctx->pango);
    area_tree_keep_layout(s->ctx->areas, layout);
    g_object_unref(layout); /* the area tree holds it now */
    pango_layout_set_font_description(layout, fonts_describe(s->ctx, in->block->computed));
    pango_layout_set_text(layout, own->str, (int)own->len);
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);
    g_string_free(own, TRUE);
    return layout;
}

/* Sets line (items first .. last) as a Pango layout. */
static void set_line(setter *s, const linebreak_line *chosen, inline_line *line,
                     bool last, PangoLayout *whole, PangoDirection direction,
                     double indent, double beside_left, double beside_right)
{
    const inline_lines_input *in = s->in;
    const fo_value *v = in->block->computed;
    const linebreak_item *items = (const linebreak_item *)s->items->data;
    const linebreak_item *end_item = &items[chosen->last];
    bool forced = end_item->kind == LINEBREAK_PENALTY &&
                  end_item->penalty <= -LINEBREAK_INFINITY;
    /* the line starts at its first box, except after a forced break or at
       the paragraph's start, where preserved spaces stay */
    bool keep_leading = chosen->first == 0 ||
        (items[chosen->first - 1].kind == LINEBREAK_PENALTY &&
         items[chosen->first - 1].penalty <= -LINEBREAK_INFINITY);
    int start = end_item->start;
    for (int i = chosen->first; i < chosen->last; i++) {
        if (keep_leading || items[i].kind == LINEBREAK_BOX) {
            start = items[i].start;
            break;
        }
    }
    int stop = end_item->start;
    if (stop < start)
        stop = start;
    line->start = start;
    line->end = stop;
    line->hyphenated = chosen->hyphenated;
    /* a hyphenation point draws the hyphenation-character; a break after
       a hyphen of the text draws nothing more */
    line->hyphen_added = chosen->hyphenated && items[chosen->last].width > 0;
    line->overfull = chosen->overfull;
    double natural = span(s, start, stop) +
                     (line->hyphen_added ? end_item->width : 0);

    uint16_t keyword = (last || forced) ? last_line_keyword(v)
                                        : v[FO_PROP_TEXT_ALIGN].keyword;
    bool no_wrap = v[FO_PROP_WRAP_OPTION].keyword == FO_KW_NO_WRAP;
    double room = in->width - indent - beside_left - beside_right;
    double free_room = room - natural;
    line->justified = keyword == FO_KW_JUSTIFY && !no_wrap;
    double stretch = 0, shrink = 0, spaces = 0;
    for (int i = chosen->first; i < chosen->last; i++) {
        if (items[i].kind == LINEBREAK_GLUE && items[i].start >= start &&
            items[i].end <= stop) {
            stretch += items[i].stretch;
            shrink += items[i].shrink;
            spaces += items[i].width;
        }
    }
    double grown = 0;
    if (line->justified && free_room > 0 && in->grow)
        grown = in->grow(in->grow_data, start, stop, free_room);
    /* a paragraph set whole on its one line is that line already, unless
       its leaders just grew */
    if (whole && start == 0 && stop == in->length && !line->hyphen_added && grown == 0) {
        line->layout = whole;
        area_tree_keep_layout(s->ctx->areas, whole);
    } else {
        line->layout = layout_line(s, chosen, line, NULL);
    }
    /* a line whose first strong character turns it the other way than its
       paragraph starts with a direction mark */
    if (pango_layout_get_line_readonly(line->layout, 0)->resolved_dir != direction)
        line->layout = layout_line(s, chosen, line,
                                   direction == PANGO_DIRECTION_RTL ? "\xe2\x80\x8f"
                                                                    : "\xe2\x80\x8e");
    /* the spaces take up the difference between the line as shaped and
       its box: all of it on a justified line, and on any line as much
       of an excess as they can shrink */
    PangoRectangle logical;
    pango_layout_line_get_extents(pango_layout_get_line_readonly(line->layout, 0),
                                  NULL, &logical);
    int room_units = (int)floor(room * PANGO_SCALE);
    int amount = 0;
    if (!no_wrap && (line->justified || logical.width > room_units))
        amount = room_units - logical.width;
    /* spaces without shrink (ragged lines) give up to a third of their
       width, what the line gained when shaped alone (bidi runs and
       fallback fonts can shape a little wider on a line of their own) */
    if (amount < 0)
        amount = MAX(amount, -(int)floor(fmax(shrink, spaces / 3) * PANGO_SCALE));
    if (amount > 0 && stretch <= 0)
        amount = 0;
    if (amount != 0)
        adjust_spaces(s, chosen, line, amount, line->layout);
    line->ratio = amount > 0 ? amount / (stretch * PANGO_SCALE)
                : amount < 0 ? amount / (shrink * PANGO_SCALE) : 0;
    pango_layout_line_get_extents(pango_layout_get_line_readonly(line->layout, 0),
                                  NULL, &logical);
    line->width = logical.width / (double)PANGO_SCALE;
    line->overfull = line->width > room + LAYOUT_EPSILON;
    bool right_to_left = direction == PANGO_DIRECTION_RTL;
    double left = (right_to_left ? 0 : indent) + beside_left;
    line->x = left + side_of(keyword, right_to_left) * (room - line->width);
    if (line->justified && line->width > room - LAYOUT_EPSILON)
        line->x = left;
}

static void warn_first_fit(layout_context *ctx, const fo_node *block)
{
    char *key = g_strdup_printf("first-fit:%d", block->line);
    if (g_hash_table_contains(ctx->warned, key)) {
        g_free(key);
        return;
    }
    g_hash_table_add(ctx->warned, key);
    fo_node_warn(ctx->fo, block,
                 "this paragraph has too many possible line breaks to weigh "
                 "them all; its lines are broken one at a time instead");
}

GArray *inline_lines_set(layout_context *ctx, const inline_lines_input *in)
{
    const fo_value *v = in->block->computed;
    setter s = {in, ctx, NULL, NULL, g_array_new(FALSE, FALSE, sizeof(linebreak_item)),
                g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free)};
    PangoLayout *whole = pango_layout_new(ctx->pango);
    pango_layout_set_font_description(whole, fonts_describe(ctx, v));
    pango_layout_set_text(whole, in->text, in->length);
    pango_layout_set_attributes(whole, in->attrs);
    measure(&s, whole);
    bool no_wrap = v[FO_PROP_WRAP_OPTION].keyword == FO_KW_NO_WRAP;
    bool ragged = v[FO_PROP_TEXT_ALIGN].keyword != FO_KW_JUSTIFY;
    itemize(&s, whole, ragged);
    PangoDirection direction = pango_layout_get_line_readonly(whole, 0)->resolved_dir;
    missing_glyphs_check(ctx, whole, in->sources, in->block);

    const fo_value *indent_value = &v[FO_PROP_TEXT_INDENT];
    double indent = indent_value->type == FO_VALUE_PERCENT
                        ? indent_value->number / 100.0 * in->width
                        : indent_value->number;
    if (!in->is_first)
        indent = 0;
    /* a positive indent moves the first line in, a negative one (hanging)
       every other line */
    double first_indent = fmax(0, indent), other_indent = fmax(0, -indent);
    linebreak_params params = {0};
    params.width = no_wrap ? HUGE_VAL : in->width - other_indent;
    params.first_width = no_wrap ? HUGE_VAL : in->width - first_indent;
    params.narrow_lines = in->narrow_lines;
    params.narrow_by = in->narrow_by;
    params.ragged = ragged;
    params.ragged_stretch = RAGGED_EMS * v[FO_PROP_FONT_SIZE].number;
    const fo_value *ladder = &v[FO_PROP_HYPHENATION_LADDER_COUNT];
    params.ladder = ladder->type == FO_VALUE_NUMBER && ladder->number >= 1
                        ? (int)fmin(ladder->number, 1000) : 0;
    params.tolerance = TOLERANCE;
    params.budget = LINEBREAK_BUDGET;
    bool fell_back = false;
    GArray *chosen = linebreak_total_fit((const linebreak_item *)s.items->data,
                                         (int)s.items->len, &params, &fell_back);
    if (fell_back)
        warn_first_fit(ctx, in->block);

    GArray *lines = g_array_sized_new(FALSE, TRUE, sizeof(inline_line), chosen->len);
    for (guint i = 0; i < chosen->len; i++) {
        inline_line line = {0};
        double beside = (int)i < in->narrow_lines ? in->narrow_by : 0;
        double beside_left = in->narrow_left ? beside : 0;
        line.box_left = beside_left;
        line.box_width = in->width - beside;
        set_line(&s, &g_array_index(chosen, linebreak_line, i), &line,
                 i == chosen->len - 1, whole, direction,
                 i == 0 ? first_indent : other_indent, beside_left, beside - beside_left);
        g_array_append_val(lines, line);
    }
    g_object_unref(whole);
    g_array_free(chosen, TRUE);
    g_array_free(s.items, TRUE);
    g_hash_table_destroy(s.hyphen_widths);
    g_free(s.advance);
    g_free(s.before);
    return lines;
}
