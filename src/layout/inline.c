/* Inline layout: a block's inline content in, LINE items out.
 *
 * The text of the inline formatting objects (text, fo:inline, fo:wrapper,
 * fo:basic-link, fo:character, fo:page-number and citations, fo:leader) is
 * gathered into one UTF-8 string with a Pango attribute list, white space
 * handled as the XSL white-space properties say. inline_lines.c breaks it
 * into lines (total fit over Pango's shaping and break opportunities) and
 * sets each line as a Pango line; leaders are shape attributes that grow
 * to fill justified lines. Each line becomes a LINE item whose height
 * comes from line-height and the fonts on the line.
 */
#include "layout/layout.h"
#include "layout/hyphenate.h"
#include "layout/image.h"
#include "layout/linebreak.h"

#include <limits.h>
#include <math.h>
#include <string.h>

typedef struct {
    int start, end;             /* byte range in the paragraph text */
    const char *uri;
    const char *destination;
} para_link;

typedef struct {
    int index;                  /* byte index of the U+FFFC placeholder */
    double width, maximum;
    double ascent, descent;
    const fo_node *node;
    PangoAttrShape *shape;      /* in the attribute list */
    const char *pattern;        /* text repeated: "." or the leader's content */
} para_leader;

typedef struct {
    int start, end;
    const char *id;
} para_id;

typedef struct {
    int index;
    int ordinal;                /* fo:page-number node */
} para_number;

typedef struct {
    int index;                  /* byte index of the citation's end */
    layout_footnote *note;
} para_footnote;

typedef struct {
    int index;                  /* byte index of the U+FFFC placeholder */
    double width, height;       /* the viewport */
    double image_width, image_height; /* the scaled image in it */
    bool clip;                  /* drawn only inside the viewport */
    const char *src;            /* resolved path, NULL when unreadable */
    const fo_node *node;
} para_image;

/* An fo:inline with borders or padding: its text from start to end, the
 * placeholders that make room for its start and end edges included. */
typedef struct {
    int start, end;
    layout_block edges;         /* borders, padding, background (x, width unused) */
    double ascent, descent;     /* of its font: the content box around the text */
} para_box;

struct layout_paragraph {
    const fo_node *block;
    GArray *lines;              /* inline_line, as set */
    const char *text;
    double x;                   /* left of the content area */
    double width;
    int line_count;
    double *ascent, *descent;
    GArray *links, *leaders, *ids, *numbers, *footnotes, *images, *boxes;
    GArray *no_break;           /* int: bytes no line starts at (citations) */
};

typedef struct {
    layout_context *ctx;
    const layout_placement *at; /* NULL for the flow (see layout_placement) */
    GString *text;
    PangoAttrList *attrs;
    layout_paragraph *paragraph;
    bool after_space;           /* the last character kept was a space */
    bool at_line_start;
    double rise;                /* baseline shift of the inlines now open */
    GArray *sources;            /* layout_text_source, for warnings */
} builder;

#define OBJECT_REPLACEMENT "\xef\xbf\xbc"

/* Times a paragraph beside a side float is set again to find which of its
 * lines stand beside the float. */
#define SIDE_FLOAT_ROUNDS 3

static bool is_space(gunichar c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void append_char(builder *b, const fo_value *v, gunichar c)
{
    uint16_t linefeed = v[FO_PROP_LINEFEED_TREATMENT].keyword;
    bool collapse = v[FO_PROP_WHITE_SPACE_COLLAPSE].keyword != FO_KW_FALSE;
    uint16_t treatment = v[FO_PROP_WHITE_SPACE_TREATMENT].keyword;
    if (c == '\n') {
        switch (linefeed) {
        case FO_KW_IGNORE:
            return;
        case FO_KW_PRESERVE:
            /* spaces before a preserved linefeed go unless preserved */
            if (treatment != FO_KW_PRESERVE)
                while (b->text->len && b->text->str[b->text->len - 1] == ' ')
                    g_string_truncate(b->text, b->text->len - 1);
            g_string_append_c(b->text, '\n');
            b->after_space = false;
            b->at_line_start = true;
            return;
        case FO_KW_TREAT_AS_ZERO_WIDTH_SPACE:
            g_string_append(b->text, "\xe2\x80\x8b");
            return;
        default:
            c = ' ';
        }
    }
    if (is_space(c)) {
        if (treatment == FO_KW_IGNORE)
            return;
        if (collapse && (b->after_space || b->at_line_start) &&
            treatment != FO_KW_PRESERVE)
            return;
        if (b->at_line_start && treatment != FO_KW_PRESERVE && collapse)
            return;
        g_string_append_c(b->text, c == '\t' && collapse ? ' ' : (char)c);
        b->after_space = true;
        return;
    }
    g_string_append_unichar(b->text, c);
    b->after_space = false;
    b->at_line_start = false;
}

/* text with soft hyphens at every break the language's patterns allow */
static char *hyphenated(builder *b, const fo_node *node, const fo_value *v,
                        const char *text, int length)
{
    const char *language = v[FO_PROP_LANGUAGE].string;
    const char *country = v[FO_PROP_COUNTRY].string;
    if (!hyphenate_available(language, country)) {
        char *key = g_strdup_printf("hyphenation:%s", language ? language : "none");
        if (!g_hash_table_contains(b->ctx->warned, key)) {
            fo_node_warn(b->ctx->fo, node,
                         "hyphenate=\"true\" but no hyphenation patterns for "
                         "language \"%s\"; words are not hyphenated",
                         language ? language : "none");
            g_hash_table_add(b->ctx->warned, key);
        } else {
            g_free(key);
        }
        return NULL;
    }
    int remain = (int)v[FO_PROP_HYPHENATION_REMAIN_CHARACTER_COUNT].number;
    int push = (int)v[FO_PROP_HYPHENATION_PUSH_CHARACTER_COUNT].number;
    GString *out = g_string_new(NULL);
    hyphenate_text(language, country, text, length, remain, push, out);
    return g_string_free(out, FALSE);
}

static void append_text(builder *b, const fo_node *node, const fo_value *v,
                        const char *text, int length)
{
    uint16_t transform = v[FO_PROP_TEXT_TRANSFORM].keyword;
    char *soft = NULL;
    if (v[FO_PROP_HYPHENATE].keyword == FO_KW_TRUE &&
        (soft = hyphenated(b, node, v, text, length)) != NULL) {
        text = soft;
        length = -1;
    }
    char *changed = NULL;
    if (transform == FO_KW_UPPERCASE)
        text = changed = g_utf8_strup(text, length), length = -1;
    else if (transform == FO_KW_LOWERCASE)
        text = changed = g_utf8_strdown(text, length), length = -1;
    const char *end = length < 0 ? text + strlen(text) : text + length;
    bool word_start = true;
    for (const char *p = text; p < end; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (transform == FO_KW_CAPITALIZE && word_start && g_unichar_isalpha(c))
            c = g_unichar_totitle(c);
        word_start = is_space(c);
        append_char(b, v, c);
    }
    g_free(changed);
    g_free(soft);
}

static void add_attr(builder *b, PangoAttribute *attr, int start, int end)
{
    attr->start_index = (guint)start;
    attr->end_index = (guint)end;
    pango_attr_list_insert(b->attrs, attr);
}

static uint16_t channel(uint32_t color, int shift)
{
    return (uint16_t)(((color >> shift) & 0xff) * 257);
}

/* Font, colour, spacing and decoration of the text of node's parent run. */
static void style_run(builder *b, const fo_value *v, int decoration,
                      double rise, int start, int end)
{
    if (start >= end)
        return;
    add_attr(b, pango_attr_font_desc_new(fonts_describe(b->ctx, v)), start, end);
    uint32_t color = v[FO_PROP_COLOR].color;
    if (color != 0x000000ff)
        add_attr(b, pango_attr_foreground_new(channel(color, 24), channel(color, 16),
                                              channel(color, 8)), start, end);
    if (v[FO_PROP_LETTER_SPACING].type == FO_VALUE_LENGTH &&
        v[FO_PROP_LETTER_SPACING].number != 0)
        add_attr(b, pango_attr_letter_spacing_new(
                        (int)(v[FO_PROP_LETTER_SPACING].number * PANGO_SCALE)),
                 start, end);
    const fo_value *word = &v[FO_PROP_WORD_SPACING];
    if (word->type == FO_VALUE_LENGTH && word->number != 0) {
        /* Pango has no word spacing: widen each space by letter spacing */
        for (int i = start; i < end; i++)
            if (b->text->str[i] == ' ')
                add_attr(b, pango_attr_letter_spacing_new(
                                (int)(word->number * PANGO_SCALE)), i, i + 1);
    }
    if (decoration & FO_DECORATION_UNDERLINE)
        add_attr(b, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE), start, end);
    if (decoration & FO_DECORATION_LINE_THROUGH)
        add_attr(b, pango_attr_strikethrough_new(TRUE), start, end);
    if (decoration & FO_DECORATION_OVERLINE)
        add_attr(b, pango_attr_overline_new(PANGO_OVERLINE_SINGLE), start, end);
    if (rise != 0)
        add_attr(b, pango_attr_rise_new((int)(rise * PANGO_SCALE)), start, end);
}

/* How far node's baseline-shift moves its text up from its parent's
 * baseline, as FOP: "super" by the parent font's x-height, "sub" down by
 * half the node's own; lengths as given (percentages were resolved against
 * the parent's line-height with the properties). */
static double baseline_shift(builder *b, const fo_node *node)
{
    const fo_value *shift = fo_get(node, FO_PROP_BASELINE_SHIFT);
    if (shift->type == FO_VALUE_LENGTH)
        return shift->number;
    if (shift->type != FO_VALUE_KEYWORD)
        return 0;
    if (shift->keyword == FO_KW_SUPER) {
        const fo_value *parent = node->parent ? node->parent->computed : node->computed;
        return fonts_x_height(b->ctx, fonts_describe(b->ctx, parent));
    }
    if (shift->keyword == FO_KW_SUB)
        return -fonts_x_height(b->ctx, fonts_describe(b->ctx, node->computed)) / 2;
    return 0;
}

/* Whether content laid out for at is static content, laid out on finished
 * pages with final numbers. */
static bool on_finished_page(const layout_placement *at)
{
    return at && at->artifact;
}

/* Static content is laid out on finished pages; the flow sees the labels
 * of the previous pass. */
static const char *page_label(layout_context *ctx, const layout_placement *at,
                              int page_index)
{
    if (!on_finished_page(at)) {
        if (!ctx->labels || page_index < 0 || page_index >= (int)ctx->labels->len)
            return NULL;
        return g_ptr_array_index(ctx->labels, page_index);
    }
    if (page_index < 0 || page_index >= (int)ctx->areas->pages->len)
        return NULL;
    area_page *page = g_ptr_array_index(ctx->areas->pages, page_index);
    return page->label;
}

/* The text of fo:page-number and the citations, from what is known. */
static const char *number_text(builder *b, const fo_node *node)
{
    layout_context *ctx = b->ctx;
    const layout_placement *at = b->at;
    if (!on_finished_page(at))
        ctx->looked_up = true;
    if (node->element == FO_PAGE_NUMBER) {
        if (on_finished_page(at))
            return page_label(ctx, at, at->page_index);
        if (at && at->page_index >= 0 && at->page_index < (int)ctx->areas->pages->len) {
            /* a table header laid out again on the page it is placed on */
            const area_page *page = g_ptr_array_index(ctx->areas->pages, at->page_index);
            return page->label;
        }
        gpointer known = g_hash_table_lookup(ctx->number_pages,
                                             GINT_TO_POINTER(node->ordinal));
        const char *label = known ? page_label(ctx, at, GPOINTER_TO_INT(known) - 1)
                                  : NULL;
        if (!label)
            ctx->unresolved = true;
        return label ? label : "0";
    }
    const char *id = fo_get(node, FO_PROP_REF_ID)->string;
    if (id && !layout_id_exists(ctx, id))
        return "0";
    int page = id ? layout_id_page(ctx, id,
                                   node->element == FO_PAGE_NUMBER_CITATION_LAST)
                  : -1;
    const char *label = page_label(ctx, at, page);
    if (!label)
        ctx->unresolved = true; /* the id is further on: another pass */
    return label ? label : "0";
}

static void add_leader(builder *b, const fo_node *node, double width)
{
    const fo_value *v = node->computed;
    const fo_value *length = &v[FO_PROP_LEADER_LENGTH];
    para_leader leader = {0};
    leader.node = node;
    leader.pattern = ".";
    if (v[FO_PROP_LEADER_PATTERN].keyword == FO_KW_USE_CONTENT) {
        GString *content = g_string_new(NULL);
        for (const fo_node *c = node->first_child; c; c = c->next)
            if (c->element == FO_TEXT)
                g_string_append_len(content, c->text, c->text_length);
        char *stripped = g_strstrip(content->str);
        leader.pattern = pliego_arena_strndup(b->ctx->pass_arena,
                                              stripped[0] ? stripped : " ", -1);
        g_string_free(content, TRUE);
    }
    leader.index = (int)b->text->len;
    double optimum = length->type == FO_VALUE_PERCENT
                         ? length->number / 100.0 * width : length->number;
    leader.maximum = (length->range_is_percent & 2)
                         ? length->maximum / 100.0 * width : length->maximum;
    if (leader.maximum < optimum)
        leader.maximum = optimum;
    leader.width = optimum;
    fonts_metrics(b->ctx, fonts_describe(b->ctx, v), &leader.ascent,
                  &leader.descent, NULL, NULL);
    PangoRectangle rect = {0, (int)(-leader.ascent * PANGO_SCALE),
                           (int)(optimum * PANGO_SCALE),
                           (int)((leader.ascent + leader.descent) * PANGO_SCALE)};
    g_string_append(b->text, OBJECT_REPLACEMENT);
    PangoAttribute *shape = pango_attr_shape_new(&rect, &rect);
    add_attr(b, shape, leader.index, (int)b->text->len);
    leader.shape = (PangoAttrShape *)shape;
    g_array_append_val(b->paragraph->leaders, leader);
    b->after_space = false;
    b->at_line_start = false;
}

static void gather(builder *b, const fo_node *node, int decoration,
                   double width);

/* A length of an image, or -1 for auto: a percentage is of base, and is
 * auto when there is no base (block-progression-dimension in a flow). */
static double image_length(int type, double number, bool percent, double base)
{
    if (percent)
        return base > 0 ? number / 100.0 * base : -1;
    return type == FO_VALUE_LENGTH ? number : -1;
}

/* One axis of an image from its length-range (inline- or
 * block-progression-dimension, or width/height when that is all auto),
 * its content-width/-height, and the bases of their percentages. */
static image_axis image_axis_of(const fo_node *node, fo_property_id range,
                                fo_property_id plain, fo_property_id content,
                                double base, double natural)
{
    image_axis axis = {-1, -1, -1, IMAGE_CONTENT_AUTO, 0};
    const fo_value *v = fo_get(node, range);
    if (v->type != FO_VALUE_LENGTH && v->type != FO_VALUE_PERCENT &&
        !v->range_given)
        v = fo_get(node, plain);
    axis.optimum = image_length(v->type, v->number,
                                v->type == FO_VALUE_PERCENT, base);
    if (v->range_given & 1)
        axis.minimum = image_length(FO_VALUE_LENGTH, v->minimum,
                                    v->range_is_percent & 1, base);
    if (v->range_given & 2)
        axis.maximum = image_length(FO_VALUE_LENGTH, v->maximum,
                                    v->range_is_percent & 2, base);
    const fo_value *c = fo_get(node, content);
    if (c->type == FO_VALUE_KEYWORD) {
        axis.content = c->keyword == FO_KW_SCALE_TO_FIT
                           ? IMAGE_CONTENT_SCALE_TO_FIT
                       : c->keyword == FO_KW_SCALE_DOWN_TO_FIT
                           ? IMAGE_CONTENT_SCALE_DOWN_TO_FIT
                       : c->keyword == FO_KW_SCALE_UP_TO_FIT
                           ? IMAGE_CONTENT_SCALE_UP_TO_FIT
                           : IMAGE_CONTENT_AUTO;
    } else {
        axis.content_length = image_length(c->type, c->number,
                                           c->type == FO_VALUE_PERCENT,
                                           natural);
        if (axis.content_length >= 0)
            axis.content = IMAGE_CONTENT_LENGTH;
    }
    return axis;
}

/* The real path of the image src names (an arena copy) when it may be
 * read, or NULL with why filled (image_path.c). */
static const char *resolve_source(layout_context *ctx, const char *src,
                                  char *why, size_t why_size)
{
    char *directory = g_path_get_dirname(fo_tree_file(ctx->fo));
    char *path = image_resolve(src, directory, ctx->image_folders, why, why_size);
    const char *copy = path ? pliego_arena_strndup(ctx->pass_arena, path, -1) : NULL;
    g_free(path);
    g_free(directory);
    return copy;
}

/* What reading an image gave: its size, or why it cannot be used. */
typedef struct {
    bool readable;
    image_info info;
    char why[512];
} image_read;

/* Reads the image at path once per document: static content and the
 * layout passes ask for the same images again and again, and checking a
 * body decodes it whole. */
static const image_read *read_image(layout_context *ctx, const char *path)
{
    image_read *known = g_hash_table_lookup(ctx->images, path);
    if (!known) {
        known = g_new0(image_read, 1);
        known->readable = image_read_info(path, &known->info, known->why,
                                          sizeof known->why);
        g_hash_table_insert(ctx->images, g_strdup(path), known);
    }
    return known;
}

/* fo:external-graphic: sized from the file and content-width/-height,
 * width/height (the viewport) and scaling; an unreadable file gives a
 * warning and an empty box of the size the properties ask for. */
static void add_image(builder *b, const fo_node *node, double width)
{
    para_image image = {0};
    image.node = node;
    image.index = (int)b->text->len;
    const char *src = fo_get(node, FO_PROP_SRC)->string;
    image_info info = {0};
    char why[512] = "";
    const char *path = src && src[0] ? resolve_source(b->ctx, src, why, sizeof why)
                                     : NULL;
    const image_read *read = path ? read_image(b->ctx, path) : NULL;
    bool readable = read && read->readable;
    if (readable)
        info = read->info;
    else if (read)
        g_strlcpy(why, read->why, sizeof why);
    if (!src || !src[0])
        g_snprintf(why, sizeof why, "fo:external-graphic without src");
    /* once per element: static content is laid out on every page */
    char *key = readable ? NULL : g_strdup_printf("image %p", (const void *)node);
    if (key && !g_hash_table_contains(b->ctx->warned, key)) {
        fo_node_warn(b->ctx->fo, node, "%s; an empty box takes its place", why);
        g_hash_table_add(b->ctx->warned, key);
    } else {
        g_free(key);
    }
    double natural_w = readable ? info.pixels_wide * 72.0 / info.dpi_x : 0;
    double natural_h = readable ? info.pixels_high * 72.0 / info.dpi_y : 0;
    image_axis across = image_axis_of(node, FO_PROP_INLINE_PROGRESSION_DIMENSION,
                                      FO_PROP_WIDTH, FO_PROP_CONTENT_WIDTH,
                                      width, natural_w);
    image_axis down = image_axis_of(node, FO_PROP_BLOCK_PROGRESSION_DIMENSION,
                                    FO_PROP_HEIGHT, FO_PROP_CONTENT_HEIGHT,
                                    0, natural_h);
    bool uniform = fo_get(node, FO_PROP_SCALING)->keyword != FO_KW_NON_UNIFORM;
    image_size size;
    image_fit(natural_w, natural_h, &across, &down, uniform, &size);
    image.width = size.viewport_width;
    image.height = size.viewport_height;
    /* an unreadable image leaves an empty box the size of its viewport */
    image.image_width = readable ? size.content_width : image.width;
    image.image_height = readable ? size.content_height : image.height;
    fo_keyword overflow = fo_get(node, FO_PROP_OVERFLOW)->keyword;
    image.clip = overflow == FO_KW_HIDDEN || overflow == FO_KW_SCROLL;
    image.src = readable ? path : NULL;
    /* images with nothing between them do not break apart (FOP breaks
       only where the text allows it); Pango would break between objects */
    if (b->text->len >= 3 &&
        memcmp(b->text->str + b->text->len - 3, OBJECT_REPLACEMENT, 3) == 0) {
        g_string_append(b->text, "\xe2\x81\xa0"); /* U+2060 WORD JOINER */
        image.index = (int)b->text->len;
    }
    PangoRectangle rect = {0, (int)(-image.height * PANGO_SCALE),
                           (int)(image.width * PANGO_SCALE),
                           (int)(image.height * PANGO_SCALE)};
    g_string_append(b->text, OBJECT_REPLACEMENT);
    add_attr(b, pango_attr_shape_new(&rect, &rect), image.index, (int)b->text->len);
    g_array_append_val(b->paragraph->images, image);
    b->after_space = false;
    b->at_line_start = false;
}

/* Whether the fo:inline node has borders or padding, which FOP draws
 * around its text and which take room on the line; fills box from its
 * properties (percentages of width) when it has. */
static bool inline_box(builder *b, const fo_node *node, double width, para_box *box)
{
    layout_decorate(&box->edges, node, width);
    bool any = false;
    for (int side = 0; side < 4; side++)
        any = any || box->edges.border[side] > 0 || box->edges.padding[side] > 0;
    if (!any)
        return false;
    box->start = (int)b->text->len;
    fonts_metrics(b->ctx, fonts_describe(b->ctx, node->computed), &(double){0},
                  &(double){0}, &box->ascent, &box->descent);
    return true;
}

/* Room for one edge of an inline box (its border and padding): a word
 * joiner as wide as the edge, so the edge never breaks from the text. */
static void add_edge(builder *b, double size)
{
    if (size <= 0)
        return;
    int index = (int)b->text->len;
    PangoRectangle rect = {0, 0, (int)(size * PANGO_SCALE), 0};
    g_string_append(b->text, "\xe2\x81\xa0"); /* U+2060 WORD JOINER */
    add_attr(b, pango_attr_shape_new(&rect, &rect), index, (int)b->text->len);
}

/* A float going to the page's top or to the side (flow.c) is no part of
 * the line; another float keeps its content in it, never lost. */
static void gather_outside_floats(builder *b, const fo_node *node, int decoration,
                                  double width)
{
    if (node->element != FO_FLOAT ||
        (!layout_float_to_page_top(node) && !layout_float_to_side(node)))
        gather(b, node, decoration, width);
}

static void gather_children(builder *b, const fo_node *node, int decoration,
                            double width)
{
    for (const fo_node *child = node->first_child; child; child = child->next)
        gather_outside_floats(b, child, decoration, width);
}

/* fo:footnote: its citation inline, kept with the word before it, and its
 * body laid out for the region's width and hung on the citation. */
static void gather_footnote(builder *b, const fo_node *node, int decoration,
                            double width)
{
    for (const fo_node *c = node->first_child; c; c = c->next) {
        if (c->element == FO_FOOTNOTE_BODY) {
            layout_footnote *note = pliego_arena_alloc(b->ctx->pass_arena,
                                                       sizeof *note);
            note->body = pliego_arena_alloc(b->ctx->pass_arena,
                                            sizeof(layout_items));
            flow_flatten(b->ctx, b->at, c, 0, b->ctx->footnote_width, note->body);
            note->height = footnote_height(note->body);
            para_footnote entry = {(int)b->text->len, note};
            g_array_append_val(b->paragraph->footnotes, entry);
        } else {
            int citation = (int)b->text->len;
            g_array_append_val(b->paragraph->no_break, citation);
            gather(b, c, decoration, width);
        }
    }
}

static void gather(builder *b, const fo_node *node, int decoration,
                   double width)
{
    const fo_value *v = node->computed;
    int start = (int)b->text->len;
    const char *id = node->element != FO_TEXT ? fo_get(node, FO_PROP_ID)->string
                                              : NULL;
    switch (node->element) {
    case FO_TEXT:
        g_array_append_val(b->sources, ((layout_text_source){start, node}));
        append_text(b, node, v, node->text, node->text_length);
        style_run(b, v, decoration, b->rise, start, (int)b->text->len);
        return;
    case FO_CHARACTER: {
        const char *character = fo_get(node, FO_PROP_CHARACTER)->string;
        if (character && character[0]) {
            g_array_append_val(b->sources, ((layout_text_source){start, node}));
            /* fo:character is never collapsed away */
            g_string_append_unichar(b->text, g_utf8_get_char(character));
            b->after_space = b->at_line_start = false;
        }
        style_run(b, v, decoration | (int)v[FO_PROP_TEXT_DECORATION].number,
                  b->rise + baseline_shift(b, node), start,
                  (int)b->text->len);
        break;
    }
    case FO_PAGE_NUMBER:
    case FO_PAGE_NUMBER_CITATION:
    case FO_PAGE_NUMBER_CITATION_LAST: {
        if (node->element == FO_PAGE_NUMBER && !on_finished_page(b->at)) {
            para_number number = {start, node->ordinal};
            g_array_append_val(b->paragraph->numbers, number);
        }
        g_string_append(b->text, number_text(b, node));
        b->after_space = b->at_line_start = false;
        style_run(b, v, decoration | (int)v[FO_PROP_TEXT_DECORATION].number,
                  b->rise + baseline_shift(b, node), start,
                  (int)b->text->len);
        break;
    }
    case FO_LEADER:
        add_leader(b, node, width);
        break;
    case FO_EXTERNAL_GRAPHIC:
        add_image(b, node, width);
        break;
    case FO_RETRIEVE_MARKER:
    case FO_RETRIEVE_TABLE_MARKER: {
        const fo_node *marker = layout_retrieve(b->ctx, b->at, node);
        if (marker)
            gather_children(b, marker, decoration, width);
        break;
    }
    case FO_FOOTNOTE:
        gather_footnote(b, node, decoration, width);
        break;
    case FO_INLINE:
    case FO_WRAPPER:
    case FO_FLOAT:
    case FO_BASIC_LINK:
    case FO_BLOCK:
    case FO_INLINE_CONTAINER:
    case FO_BLOCK_CONTAINER: {
        int inner = decoration | (int)v[FO_PROP_TEXT_DECORATION].number;
        double outer_rise = b->rise;
        b->rise += baseline_shift(b, node);
        para_box box = {0};
        bool boxed = (node->element == FO_INLINE || node->element == FO_BASIC_LINK) &&
                     inline_box(b, node, width, &box);
        /* the edges were mapped to the page: start is right, right to left */
        uint16_t mode = v[FO_PROP_WRITING_MODE].keyword;
        int start_side = mode == FO_KW_RL_TB || mode == FO_KW_RL ? AREA_RIGHT : AREA_LEFT;
        int end_side = start_side == AREA_LEFT ? AREA_RIGHT : AREA_LEFT;
        if (boxed)
            add_edge(b, box.edges.border[start_side] + box.edges.padding[start_side]);
        gather_children(b, node, inner, width);
        if (boxed) {
            add_edge(b, box.edges.border[end_side] + box.edges.padding[end_side]);
            box.end = (int)b->text->len;
            g_array_append_val(b->paragraph->boxes, box);
        }
        b->rise = outer_rise;
        int end = (int)b->text->len;
        uint32_t background = v[FO_PROP_BACKGROUND_COLOR].color;
        if (node->element != FO_WRAPPER && !boxed && (background & 0xff) && end > start) {
            add_attr(b, pango_attr_background_new(channel(background, 24),
                                                  channel(background, 16),
                                                  channel(background, 8)),
                     start, end);
        }
        if (node->element == FO_BASIC_LINK && end > start) {
            para_link link = {start, end,
                              fo_get(node, FO_PROP_EXTERNAL_DESTINATION)->string,
                              fo_get(node, FO_PROP_INTERNAL_DESTINATION)->string};
            if ((link.uri && link.uri[0]) ||
                (link.destination && link.destination[0]))
                g_array_append_val(b->paragraph->links, link);
        }
        break;
    }
    default:
        /* footnotes, graphics, markers: renderer part 2 */
        break;
    }
    if (id && id[0]) {
        para_id entry = {start, (int)b->text->len, id};
        g_array_append_val(b->paragraph->ids, entry);
    }
}

void inline_paragraph_free(gpointer paragraph)
{
    layout_paragraph *p = paragraph;
    g_array_free(p->links, TRUE);
    g_array_free(p->leaders, TRUE);
    g_array_free(p->ids, TRUE);
    g_array_free(p->numbers, TRUE);
    g_array_free(p->footnotes, TRUE);
    g_array_free(p->images, TRUE);
    g_array_free(p->boxes, TRUE);
    g_array_free(p->no_break, TRUE);
    if (p->lines)
        g_array_free(p->lines, TRUE);
}

/* Grows the leaders of a justified line between bytes start and end of
 * the paragraph (data) to take up to room, each to its maximum. */
static double grow_leaders(void *data, int start, int end, double room)
{
    layout_paragraph *p = data;
    int on_line = 0;
    for (guint j = 0; j < p->leaders->len; j++) {
        para_leader *l = &g_array_index(p->leaders, para_leader, j);
        on_line += l->index >= start && l->index < end;
    }
    double grown = 0;
    for (guint j = 0; j < p->leaders->len && on_line; j++) {
        para_leader *l = &g_array_index(p->leaders, para_leader, j);
        if (l->index < start || l->index >= end)
            continue;
        double width = fmin(l->width + room / on_line, l->maximum);
        /* keep a hair of room so rounding never overfills the line */
        width = fmax(l->width, floor(width * 100 - 1) / 100);
        grown += width - l->width;
        l->width = width;
        l->shape->logical_rect.width = (int)(l->width * PANGO_SCALE);
        l->shape->ink_rect.width = l->shape->logical_rect.width;
    }
    return grown;
}

static void measure_lines(layout_context *ctx, layout_paragraph *p,
                          const fo_value *v)
{
    /* The strut: line-height around the font's typographic box, as FOP;
       glyphs taller than the block font's (bigger inline text, fallback
       fonts) add what they exceed it by. */
    double ascent, descent, box_ascent, box_descent;
    fonts_metrics(ctx, fonts_describe(ctx, v), &ascent, &descent, &box_ascent,
                  &box_descent);
    double line_height = fonts_line_height(v);
    double half_leading = (line_height - box_ascent - box_descent) / 2;
    int count = (int)p->lines->len;
    p->line_count = count;
    p->ascent = pliego_arena_alloc(ctx->pass_arena, sizeof(double) * (size_t)count);
    p->descent = pliego_arena_alloc(ctx->pass_arena, sizeof(double) * (size_t)count);
    for (int i = 0; i < count; i++) {
        const inline_line *set = &g_array_index(p->lines, inline_line, i);
        PangoLayoutLine *line = pango_layout_get_line_readonly(set->layout, 0);
        PangoRectangle own;
        pango_layout_line_get_extents(line, NULL, &own);
        double line_ascent = -own.y / (double)PANGO_SCALE;
        double line_descent = (own.y + own.height) / (double)PANGO_SCALE;
        p->ascent[i] = box_ascent + half_leading + fmax(0, line_ascent - ascent);
        /* an image sits on the baseline: the line is at least as tall */
        for (guint j = 0; j < p->images->len; j++) {
            const para_image *image = &g_array_index(p->images, para_image, j);
            if (image->index >= set->start && image->index < set->end)
                p->ascent[i] = fmax(p->ascent[i], image->height);
        }
        p->descent[i] = box_descent + half_leading + fmax(0, line_descent - descent);
    }
}

static void trim_trailing_space(builder *b)
{
    while (b->text->len && b->text->str[b->text->len - 1] == ' ')
        g_string_truncate(b->text, b->text->len - 1);
}

/* The footnotes cited on line i, in order, as a list. */
static layout_footnote *footnotes_on_line(const layout_paragraph *p, int i)
{
    if (!p->footnotes->len)
        return NULL;
    const inline_line *line = &g_array_index(p->lines, inline_line, i);
    int start = line->start, end = line->end;
    bool last = i == p->line_count - 1;
    layout_footnote *first = NULL, **tail = &first;
    for (guint j = 0; j < p->footnotes->len; j++) {
        para_footnote *f = &g_array_index(p->footnotes, para_footnote, j);
        /* a citation at a line's very end belongs to that line */
        bool here = (f->index > start && f->index <= end) ||
                    (f->index == start && i == 0) || (last && f->index > end);
        if (!here)
            continue;
        *tail = f->note;
        f->note->next = NULL;
        tail = &f->note->next;
    }
    return first;
}

/* How many of p's lines start above room, the height left beside a side
 * float. */
static int lines_beside(const layout_paragraph *p, double room)
{
    double top = 0;
    int count = 0;
    while (count < p->line_count && top < room - LAYOUT_EPSILON) {
        top += p->ascent[count] + p->descent[count];
        count++;
    }
    return count;
}

/* Sets and measures p's lines. The lines that start beside the side float
 * of out are narrowed by its width, those below it take the whole width
 * (XSL 1.1 6.10.2, as FOP 2.8). Which lines start beside it depends on
 * their heights, known once they are set: the lines are set all narrow
 * first, then again with as many narrow lines as started beside the
 * float, until that count holds (a few rounds at most: lines rarely
 * change height with their width). */
static void set_beside_float(layout_context *ctx, layout_paragraph *p,
                             inline_lines_input *input, const layout_items *out)
{
    double room = out->side_room;
    if (room > 0) {
        input->narrow_lines = INT_MAX;
        input->narrow_by = MIN(out->side_width, MAX(input->width - 1, 0.0));
        input->narrow_left = !out->side_right;
    }
    for (int round = 0;; round++) {
        p->lines = inline_lines_set(ctx, input);
        measure_lines(ctx, p, p->block->computed);
        if (room <= 0 || round == SIDE_FLOAT_ROUNDS)
            return;
        int beside = lines_beside(p, room);
        if (beside == MIN(input->narrow_lines, p->line_count))
            return;
        input->narrow_lines = beside;
        g_array_free(p->lines, TRUE);
    }
}

bool inline_flatten(layout_context *ctx, const layout_placement *at,
                    const fo_node *block,
                    const fo_node *first, const fo_node *stop,
                    double x, double width, bool is_first,
                    layout_items *out)
{
    layout_paragraph *p = pliego_arena_alloc(ctx->pass_arena, sizeof *p);
    p->block = block;
    p->x = x;
    p->width = width;
    p->links = g_array_new(FALSE, FALSE, sizeof(para_link));
    p->leaders = g_array_new(FALSE, FALSE, sizeof(para_leader));
    p->ids = g_array_new(FALSE, FALSE, sizeof(para_id));
    p->numbers = g_array_new(FALSE, FALSE, sizeof(para_number));
    p->footnotes = g_array_new(FALSE, FALSE, sizeof(para_footnote));
    p->images = g_array_new(FALSE, FALSE, sizeof(para_image));
    p->boxes = g_array_new(FALSE, FALSE, sizeof(para_box));
    p->no_break = g_array_new(FALSE, FALSE, sizeof(int));
    g_ptr_array_add(ctx->paragraphs, p);
    builder b = {ctx, at, g_string_new(NULL), pango_attr_list_new(), p, false, true,
                 0, g_array_new(FALSE, FALSE, sizeof(layout_text_source))};
    int decoration = block ? (int)fo_get(block, FO_PROP_TEXT_DECORATION)->number : 0;
    for (const fo_node *child = first; child != stop; child = child->next)
        gather_outside_floats(&b, child, decoration, width);
    if (fo_get(block, FO_PROP_WHITE_SPACE_TREATMENT)->keyword != FO_KW_PRESERVE)
        trim_trailing_space(&b);
    if (b.text->len == 0) {
        /* nothing but collapsed white space: no line at all */
        g_string_free(b.text, TRUE);
        pango_attr_list_unref(b.attrs);
        g_array_free(b.sources, TRUE);
        return true;
    }
    p->text = pliego_arena_strndup(ctx->pass_arena, b.text->str, (long)b.text->len);
    inline_lines_input input = {block, p->text, (int)b.text->len, b.attrs, b.sources,
                                p->no_break, width, is_first, grow_leaders, p,
                                0, 0, false};
    set_beside_float(ctx, p, &input, out);
    pango_attr_list_unref(b.attrs);
    g_string_free(b.text, TRUE);
    g_array_free(b.sources, TRUE);

    int widows = (int)fo_get(block, FO_PROP_WIDOWS)->number;
    int orphans = (int)fo_get(block, FO_PROP_ORPHANS)->number;
    for (int i = 0; i < p->line_count; i++) {
        layout_item *item = items_add(ctx, out, ITEM_LINE,
                                      p->ascent[i] + p->descent[i]);
        item->paragraph = p;
        item->line_index = i;
        item->footnotes = footnotes_on_line(p, i);
        if (i > 0 && (i < orphans || p->line_count - i < widows) &&
            item->keep_before < KEEP_WIDOWS_ORPHANS)
            item->keep_before = KEEP_WIDOWS_ORPHANS;
        if (i > 0 && g_array_index(p->lines, inline_line, i - 1).hyphenated &&
            item->keep_before < KEEP_HYPHENATED)
            item->keep_before = KEEP_HYPHENATED;
    }
    return true;
}

/* Where byte index of the paragraph is on line, from the line's left. */
static double index_x(const inline_line *line, int index)
{
    int x = 0;
    pango_layout_line_index_to_x(pango_layout_get_line_readonly(line->layout, 0),
                                 index - line->start + line->shift, FALSE, &x);
    return x / (double)PANGO_SCALE;
}

/* The dots (or the leader's own content) a dotted leader repeats, laid
 * out once in its font and colour. */
static void leader_dots(layout_context *ctx, area *leader, const para_leader *l)
{
    const fo_value *v = l->node->computed;
    PangoLayout *dots = pango_layout_new(ctx->pango);
    pango_layout_set_font_description(dots, fonts_describe(ctx, v));
    pango_layout_set_text(dots, l->pattern, -1);
    PangoRectangle dot;
    pango_layout_get_extents(dots, NULL, &dot);
    leader->pattern_width = dot.width / (double)PANGO_SCALE;
    const fo_value *pattern = &v[FO_PROP_LEADER_PATTERN_WIDTH];
    if (pattern->type == FO_VALUE_LENGTH && pattern->number > leader->pattern_width)
        leader->pattern_width = pattern->number;
    if (channel(leader->color, 0) != 0 && leader->color != 0x000000ff) {
        PangoAttrList *attrs = pango_attr_list_new();
        pango_attr_list_insert(attrs, pango_attr_foreground_new(
            channel(leader->color, 24), channel(leader->color, 16),
            channel(leader->color, 8)));
        pango_layout_set_attributes(dots, attrs);
        pango_attr_list_unref(attrs);
    }
    leader->dots = dots;
    area_tree_keep_layout(ctx->areas, dots);
    g_object_unref(dots);
}

/* The leaders of line (area a) between byte start and end. */
static void place_leaders(layout_context *ctx, const layout_paragraph *p,
                          const inline_line *line, area *a, int start, int end)
{
    for (guint j = 0; j < p->leaders->len; j++) {
        para_leader *l = &g_array_index(p->leaders, para_leader, j);
        if (l->index < start || l->index >= end)
            continue;
        const fo_value *v = l->node->computed;
        area *leader = area_new(ctx->areas, a, AREA_LEADER);
        leader->x = a->x + index_x(line, l->index);
        leader->width = l->width;
        leader->y = a->baseline - l->ascent;
        leader->height = l->ascent + l->descent;
        leader->color = v[FO_PROP_COLOR].color;
        leader->source_line = l->node->line;
        switch (v[FO_PROP_LEADER_PATTERN].keyword) {
        case FO_KW_DOTS:
        case FO_KW_USE_CONTENT:
            leader->leader_pattern = AREA_LEADER_DOTS;
            leader_dots(ctx, leader, l);
            break;
        case FO_KW_RULE:
            leader->leader_pattern = AREA_LEADER_RULE;
            leader->rule_thickness = v[FO_PROP_RULE_THICKNESS].number;
            leader->rule_style = v[FO_PROP_RULE_STYLE].keyword == FO_KW_DASHED
                                     ? AREA_BORDER_DASHED
                                 : v[FO_PROP_RULE_STYLE].keyword == FO_KW_DOTTED
                                     ? AREA_BORDER_DOTTED
                                 : v[FO_PROP_RULE_STYLE].keyword == FO_KW_DOUBLE
                                     ? AREA_BORDER_DOUBLE
                                     : AREA_BORDER_SOLID;
            /* the rule sits on the baseline's x-height middle, as FOP's */
            leader->y = a->baseline - v[FO_PROP_FONT_SIZE].number * 0.3 -
                        leader->rule_thickness / 2;
            leader->height = leader->rule_thickness;
            break;
        default:
            leader->leader_pattern = AREA_LEADER_SPACE;
            break;
        }
    }
}

/* The images of line (area a) between byte start and end. */
static void place_images(layout_context *ctx, const layout_placement *at,
                         const layout_paragraph *p, const inline_line *line, area *a,
                         int start, int end)
{
    for (guint j = 0; j < p->images->len; j++) {
        para_image *image = &g_array_index(p->images, para_image, j);
        if (image->index < start || image->index >= end)
            continue;
        area *picture = area_new(ctx->areas, a, AREA_IMAGE);
        picture->x = a->x + index_x(line, image->index);
        picture->y = a->baseline - image->height;
        picture->width = image->image_width;
        picture->height = image->image_height;
        if (image->clip && (image->image_width > image->width ||
                            image->image_height > image->height)) {
            picture->clip = true;
            picture->clip_width = image->width;
            picture->clip_height = image->height;
        }
        picture->src = image->src ? pliego_arena_strndup(ctx->areas->arena,
                                                         image->src, -1) : NULL;
        picture->source_line = image->node->line;
        picture->name = "external-graphic";
        picture->role = at->artifact ? NULL : "Figure";
        /* the alternate text of a Figure (PDF/UA-1 7.3): FOP's
           fox:alt-text, else the FO role property's text */
        picture->alt_text = image->node->alt_text;
        const char *role = fo_get(image->node, FO_PROP_ROLE)->string;
        if ((!picture->alt_text || !*picture->alt_text) && role && *role
            && strcmp(role, "none") != 0)
            picture->alt_text = role;
    }
}

/* The links of line (area a, top y) between byte start and end; own is
 * the line's ink extents. */
static void place_links(layout_context *ctx, const layout_paragraph *p,
                        const inline_line *line, area *a, double y, int start, int end,
                        const PangoRectangle *own)
{
    for (guint j = 0; j < p->links->len; j++) {
        para_link *l = &g_array_index(p->links, para_link, j);
        if (l->end <= start || l->start >= end)
            continue;
        double x1 = index_x(line, MAX(l->start, start));
        double x2 = l->end >= end ? own->width / (double)PANGO_SCALE
                                  : index_x(line, l->end);
        area *link = area_new(ctx->areas, a, AREA_LINK);
        link->x = a->x + MIN(x1, x2);
        link->width = fabs(x2 - x1);
        link->y = y;
        link->height = a->height;
        link->uri = l->uri && l->uri[0] ? l->uri : NULL;
        link->destination = l->destination && l->destination[0] ? l->destination
                                                                : NULL;
    }
}

/* What line line_index of p (area a, top y, bytes start to end) tells the
 * pass: where its ids are, the footnotes it cites and its page numbers. */
static void note_line(layout_context *ctx, const layout_placement *at,
                      const layout_paragraph *p, int i, const inline_line *line, area *a,
                      double y, int start, int end)
{
    bool last_line = i == p->line_count - 1;
    for (guint j = 0; j < p->ids->len; j++) {
        para_id *entry = &g_array_index(p->ids, para_id, j);
        bool touches = (entry->start >= start && entry->start < end) ||
                       (entry->start < start && entry->end > start) ||
                       (last_line && entry->start >= end);
        if (touches)
            layout_note_id(ctx, entry->id, at->page_index,
                           a->x + index_x(line, MIN(entry->start, end)), y);
    }
    for (guint j = 0; j < p->footnotes->len; j++) {
        para_footnote *f = &g_array_index(p->footnotes, para_footnote, j);
        bool here = (f->index > start && f->index <= end) ||
                    (f->index == start && i == 0) || (last_line && f->index > end);
        if (here && at->footnotes) {
            f->note->cited_at = y;
            g_ptr_array_add(at->footnotes, f->note);
        }
    }
    for (guint j = 0; j < p->numbers->len; j++) {
        para_number *n = &g_array_index(p->numbers, para_number, j);
        if ((n->index >= start && n->index < end) || (last_line && n->index >= end))
            g_hash_table_insert(ctx->number_pages_next,
                                GINT_TO_POINTER(n->ordinal),
                                GINT_TO_POINTER(at->page_index + 1));
    }
}

/* The boxes of the inlines with borders or padding on line (at x, its
 * baseline at baseline, bytes start to end), before the line so that
 * their backgrounds go under its text. Each part of an inline that lines
 * break has its borders above and below; the start edge only on its
 * first part, the end edge only on its last, as FOP draws them. */
static void place_boxes(layout_context *ctx, const layout_paragraph *p,
                        const inline_line *line, area *parent, double x,
                        double baseline, int start, int end,
                        const PangoRectangle *own)
{
    for (guint j = 0; j < p->boxes->len; j++) {
        const para_box *box = &g_array_index(p->boxes, para_box, j);
        if (box->end <= start || box->start >= end)
            continue;
        double x1 = index_x(line, MAX(box->start, start));
        double x2 = box->end >= end ? own->width / (double)PANGO_SCALE
                                    : index_x(line, box->end);
        const layout_block *e = &box->edges;
        area *a = area_new(ctx->areas, parent, AREA_BLOCK);
        a->name = "inline";
        a->x = x + MIN(x1, x2);
        a->width = fabs(x2 - x1);
        a->y = baseline - box->ascent - e->padding[AREA_TOP] - e->border[AREA_TOP];
        a->height = baseline + box->descent + e->padding[AREA_BOTTOM] +
                    e->border[AREA_BOTTOM] - a->y;
        a->background = e->background;
        a->border[AREA_TOP] = e->sides[AREA_TOP];
        a->border[AREA_BOTTOM] = e->sides[AREA_BOTTOM];
        /* the edge where the inline starts is left in left-to-right text */
        bool first = box->start >= start, last = box->end <= end;
        bool ltr = x1 <= x2;
        if (ltr ? first : last)
            a->border[AREA_LEFT] = e->sides[AREA_LEFT];
        if (ltr ? last : first)
            a->border[AREA_RIGHT] = e->sides[AREA_RIGHT];
    }
}

void inline_place_line(layout_context *ctx, const layout_placement *at,
                       const layout_paragraph *p, int i, area *parent, double y)
{
    const inline_line *set = &g_array_index(p->lines, inline_line, i);
    PangoLayoutLine *line = pango_layout_get_line_readonly(set->layout, 0);
    PangoRectangle own;
    pango_layout_line_get_extents(line, NULL, &own);
    double x = at->origin_x + p->x + set->x;
    place_boxes(ctx, p, set, parent, x, y + p->ascent[i], set->start, set->end, &own);
    area *a = area_new(ctx->areas, parent, AREA_LINE);
    a->x = x;
    a->y = y;
    a->width = own.width / (double)PANGO_SCALE;
    a->height = p->ascent[i] + p->descent[i];
    a->baseline = y + p->ascent[i];
    a->box_x = at->origin_x + p->x + set->box_left;
    a->box_width = set->box_width;
    if (set->overfull)
        a->overfull = fo_get(p->block, FO_PROP_WRAP_OPTION)->keyword == FO_KW_NO_WRAP
                          ? "no-wrap" : "unbreakable";
    a->line = line;
    /* the line's own text: with its hyphen, without a direction mark */
    a->text = pliego_arena_strndup(ctx->areas->arena,
                                   pango_layout_get_text(set->layout) + set->shift, -1);
    int start = set->start, end = set->end;
    place_leaders(ctx, p, set, a, start, end);
    place_images(ctx, at, p, set, a, start, end);
    place_links(ctx, p, set, a, y, start, end, &own);
    note_line(ctx, at, p, i, set, a, y, start, end);
}

double inline_line_right(const layout_paragraph *p, int line_index)
{
    if (!p->lines || line_index < 0 || line_index >= (int)p->lines->len)
        return p->x;
    const inline_line *line = &g_array_index(p->lines, inline_line, line_index);
    return p->x + line->x + line->width;
}
