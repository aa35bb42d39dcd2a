/* Block layout: block-level formatting objects in, a flat item list out.
 *
 * Each block becomes START, its content, END; spaces between blocks become
 * SPACE items, resolved as XSL says (adjacent spaces give the largest, not
 * the sum). Keeps and breaks are written onto the boundaries between
 * items, so pagination only has to read one number per boundary. List
 * item labels are flattened on their own and attached to the item's START.
 */
#include "layout/layout.h"

#include <math.h>
#include <string.h>

static bool flatten_block(layout_context *ctx, const layout_placement *at,
                          const fo_node *node,
                          double ref_x, double ref_width, layout_items *out);

layout_item *items_add(layout_context *ctx, layout_items *list,
                       item_kind kind, double height)
{
    if (list->count == list->capacity) {
        list->capacity = list->capacity ? list->capacity * 2 : 64;
        layout_item *grown = pliego_arena_alloc(ctx->pass_arena,
                                                sizeof(layout_item) *
                                                    (size_t)list->capacity);
        if (list->count)
            memcpy(grown, list->items, sizeof(layout_item) * (size_t)list->count);
        list->items = grown;
    }
    layout_item *item = &list->items[list->count++];
    memset(item, 0, sizeof *item);
    item->kind = kind;
    item->height = height;
    if (list->pending_floats && kind != ITEM_TABLE) {
        item->floats = list->pending_floats;
        list->pending_floats = NULL;
    }
    if (list->pending_side) {
        item->side_float = list->pending_side;
        list->pending_side = NULL;
    }
    /* what is added goes down beside a side float */
    if (list->side_room > 0)
        list->side_room = MAX(list->side_room - height, 0.0);
    int keep = list->keep_together;
    if (list->count > 1 && list->items[list->count - 2].kind == ITEM_START)
        keep = MAX(keep, KEEP_STRUCTURAL);
    if (kind == ITEM_END)
        keep = MAX(keep, KEEP_STRUCTURAL);
    keep = MAX(keep, list->pending_keep);
    /* keep-with-next binds the boundary before the next line or table;
       a table is one item here, so the keep ends at it too */
    if (kind == ITEM_LINE || kind == ITEM_TABLE)
        list->pending_keep = 0;
    item->keep_before = keep;
    if (list->pending_break) {
        /* a break before a block's first child breaks before the block:
           the list item label, borders and spaces move with it */
        int k = list->count - 1;
        while (k > 0 && (list->items[k - 1].kind == ITEM_START ||
                         list->items[k - 1].kind == ITEM_SPACE) &&
               !list->items[k - 1].break_before)
            k--;
        list->items[k].break_before = list->pending_break;
        list->pending_break = BREAK_NONE;
    }
    return item;
}

/* The largest of adjacent spaces wins, with its own room to shrink;
 * zero-height block edges between them do not separate them. */
static void add_space(layout_context *ctx, layout_items *out, double height,
                      double shrink, bool retain)
{
    if (height <= 0)
        return;
    for (int i = out->count - 1; i >= 0; i--) {
        layout_item *item = &out->items[i];
        if (item->kind == ITEM_SPACE) {
            if (height > item->height) {
                item->height = height;
                item->shrink = shrink;
            }
            item->retain |= retain;
            if (out->pending_break && !item->break_before) {
                item->break_before = out->pending_break;
                out->pending_break = BREAK_NONE;
            }
            return;
        }
        if ((item->kind != ITEM_START && item->kind != ITEM_END) ||
            item->height > 0 || item->block->attached)
            break;
    }
    layout_item *item = items_add(ctx, out, ITEM_SPACE, height);
    item->retain = retain;
    item->shrink = shrink;
}

static double resolve(double value, const fo_value *v, double base)
{
    return v->type == FO_VALUE_PERCENT ? v->number / 100.0 * base : value;
}

int layout_orientation(layout_context *ctx, const fo_node *node)
{
    double value = fo_get(node, FO_PROP_REFERENCE_ORIENTATION)->number;
    if (node->parent &&
        fo_get(node->parent, FO_PROP_REFERENCE_ORIENTATION)->number == value)
        return 0;
    double turns = value / 90;
    if (turns != floor(turns) || fabs(value) > 270) {
        char *key = g_strdup_printf("orientation %d", node->ordinal);
        char number[G_ASCII_DTOSTR_BUF_SIZE]; /* a decimal point in any locale */
        if (g_hash_table_add(ctx->warned, key))
            fo_node_warn(ctx->fo, node, "fo:%s: reference-orientation=\"%s\" is not "
                         "one of 0, 90, 180, 270, -90, -180, -270; 0 is used",
                         fo_element_name(node->element),
                         g_ascii_formatd(number, sizeof number, "%g", value));
        return 0;
    }
    return ((int)value % 360 + 360) % 360;
}

int layout_keep(const fo_node *node, fo_property_id page, fo_property_id column)
{
    int strength = 0;
    fo_property_id ids[2] = {page, column};
    for (int i = 0; i < 2; i++) {
        const fo_value *v = fo_get(node, ids[i]);
        if (v->type == FO_VALUE_KEYWORD && v->keyword == FO_KW_ALWAYS)
            strength = MAX(strength, KEEP_ALWAYS);
        else if (v->type == FO_VALUE_NUMBER && v->number > 0)
            strength = MAX(strength, (int)MIN(v->number, KEEP_ALWAYS - 2));
    }
    return strength;
}

static const fo_node *nearest_list_block(const fo_node *node)
{
    for (const fo_node *n = node; n; n = n->parent)
        if (n->element == FO_LIST_BLOCK)
            return n;
    return NULL;
}

double layout_length(layout_context *ctx, const fo_node *node,
                     fo_property_id id, double base)
{
    const fo_value *v = fo_get(node, id);
    switch (v->type) {
    case FO_VALUE_LENGTH:
    case FO_VALUE_NUMBER:
        return v->number;
    case FO_VALUE_PERCENT:
        return v->number / 100.0 * base;
    case FO_VALUE_FUNCTION: {
        /* an inherited function is evaluated where it was specified */
        const fo_node *origin = node;
        while (origin->parent && origin->parent->computed &&
               fo_get(origin->parent, id)->type == FO_VALUE_FUNCTION &&
               fo_get(origin->parent, id)->keyword == v->keyword)
            origin = origin->parent;
        const fo_node *list = nearest_list_block(origin);
        if (list == origin)
            list = nearest_list_block(origin->parent);
        if (!list)
            return 0;
        /* FOP measures from the list item's start-indent, so a margin on
           the item moves its label and body together */
        const fo_node *item = origin;
        while (item && item != list && item->element != FO_LIST_ITEM)
            item = item->parent;
        if (!item || item == origin)
            item = list;
        double start = layout_length(ctx, item, FO_PROP_START_INDENT, base);
        double distance = layout_length(ctx, list,
                                        FO_PROP_PROVISIONAL_DISTANCE_BETWEEN_STARTS,
                                        base);
        double separation = layout_length(ctx, list,
                                          FO_PROP_PROVISIONAL_LABEL_SEPARATION,
                                          base);
        if (v->keyword == FO_KW_BODY_START)
            return start + distance + v->minimum;
        if (v->keyword == FO_KW_LABEL_END)
            return base - (start + distance - separation) + v->minimum;
        return 0;
    }
    default:
        return 0;
    }
}

static uint8_t border_style(uint16_t keyword)
{
    switch (keyword) {
    case FO_KW_SOLID: case FO_KW_GROOVE: case FO_KW_RIDGE:
    case FO_KW_INSET: case FO_KW_OUTSET:
        return AREA_BORDER_SOLID;
    case FO_KW_DASHED:
        return AREA_BORDER_DASHED;
    case FO_KW_DOTTED:
        return AREA_BORDER_DOTTED;
    case FO_KW_DOUBLE:
        return AREA_BORDER_DOUBLE;
    default:
        return AREA_BORDER_NONE;
    }
}

static bool right_to_left(const fo_node *node)
{
    uint16_t mode = fo_get(node, FO_PROP_WRITING_MODE)->keyword;
    return mode == FO_KW_RL_TB || mode == FO_KW_RL;
}

void layout_decorate(layout_block *block, const fo_node *node, double base)
{
    static const fo_property_id widths[4] = {
        FO_PROP_BORDER_BEFORE_WIDTH, FO_PROP_BORDER_AFTER_WIDTH,
        FO_PROP_BORDER_START_WIDTH, FO_PROP_BORDER_END_WIDTH};
    static const fo_property_id styles[4] = {
        FO_PROP_BORDER_BEFORE_STYLE, FO_PROP_BORDER_AFTER_STYLE,
        FO_PROP_BORDER_START_STYLE, FO_PROP_BORDER_END_STYLE};
    static const fo_property_id colors[4] = {
        FO_PROP_BORDER_BEFORE_COLOR, FO_PROP_BORDER_AFTER_COLOR,
        FO_PROP_BORDER_START_COLOR, FO_PROP_BORDER_END_COLOR};
    static const fo_property_id paddings[4] = {
        FO_PROP_PADDING_BEFORE, FO_PROP_PADDING_AFTER,
        FO_PROP_PADDING_START, FO_PROP_PADDING_END};
    bool rtl = right_to_left(node);
    for (int side = 0; side < 4; side++) {
        /* relative start/end become left/right, swapped right to left */
        int drawn = side < 2 ? side : (rtl ? (side == 2 ? AREA_RIGHT : AREA_LEFT)
                                           : side);
        const fo_value *width = fo_get(node, widths[side]);
        uint8_t style = border_style(fo_get(node, styles[side])->keyword);
        double w = style == AREA_BORDER_NONE ? 0 : resolve(width->number, width, base);
        block->border[drawn] = w;
        block->sides[drawn].width = w;
        block->sides[drawn].style = style;
        block->sides[drawn].color = fo_get(node, colors[side])->color;
        const fo_value *padding = fo_get(node, paddings[side]);
        block->padding[drawn] = resolve(padding->number, padding, base);
    }
    block->background = fo_get(node, FO_PROP_BACKGROUND_COLOR)->color;
}

/* Whether a float stands in a page's flow, inside blocks, wrappers,
 * inlines, links and list item bodies only (a list item's body is laid out
 * with the flow; a side float stands at the side of the body). Inside a
 * table cell, list item label, footnote, block-container, another float
 * or static content there is no page top or side it could reach on its
 * own. */
static bool in_page_flow(const fo_node *node)
{
    for (const fo_node *n = node->parent; n; n = n->parent) {
        switch (n->element) {
        case FO_FLOW:
            return true;
        case FO_BLOCK: case FO_WRAPPER: case FO_INLINE: case FO_BASIC_LINK:
        case FO_LIST_BLOCK: case FO_LIST_ITEM: case FO_LIST_ITEM_BODY:
            break;
        default:
            return false;
        }
    }
    return false;
}

bool layout_float_to_page_top(const fo_node *node)
{
    return fo_get(node, FO_PROP_FLOAT)->keyword == FO_KW_BEFORE && in_page_flow(node);
}

/* Whether node, an fo:float, is set at the start or end side with the
 * text beside it: any float but "before" and "none", in a page's flow. */
bool layout_float_to_side(const fo_node *node)
{
    uint16_t side = fo_get(node, FO_PROP_FLOAT)->keyword;
    return side != FO_KW_NONE && side != FO_KW_BEFORE && in_page_flow(node);
}

static bool block_level(const fo_node *node)
{
    switch (node->element) {
    case FO_BLOCK: case FO_BLOCK_CONTAINER: case FO_LIST_BLOCK:
    case FO_LIST_ITEM: case FO_TABLE_AND_CAPTION: case FO_TABLE:
    case FO_TABLE_CAPTION:
        return true;
    case FO_FLOAT:
        /* a float going to the page's top or to the side leaves the line
           it stands in whole */
        return !layout_float_to_page_top(node) && !layout_float_to_side(node);
    case FO_WRAPPER:
    case FO_INLINE:
    case FO_MARKER: {
        /* a wrapper around blocks is transparent to block layout; so is an
           fo:inline holding a block or table, which FOP splits around it:
           its text before and after become lines of their own */
        for (const fo_node *child = node->first_child; child; child = child->next)
            if (block_level(child))
                return true;
        return false;
    }
    default:
        return false;
    }
}

/* Whether node is inside an fo:marker. */
static bool inside_marker(const fo_node *node)
{
    for (const fo_node *n = node->parent; n; n = n->parent)
        if (n->element == FO_MARKER)
            return true;
    return false;
}

const fo_node *layout_retrieve(layout_context *ctx, const layout_placement *at,
                               const fo_node *node)
{
    if (node->element != FO_RETRIEVE_MARKER && node->element != FO_RETRIEVE_TABLE_MARKER)
        return NULL;
    /* A retrieve inside a marker is only reached through the retrieval of
       that marker: a marker retrieving its own class, or two retrieving
       each other, would recurse without end. Retrieved content retrieves
       nothing more (warned once per retrieve, as static content is laid
       out on every page). */
    if (inside_marker(node)) {
        /* by ordinal: the copies of a retrieved marker share it */
        char *key = g_strdup_printf("retrieve in marker %d", node->ordinal);
        if (!g_hash_table_contains(ctx->warned, key)) {
            fo_node_warn(ctx->fo, node,
                         "fo:%s inside an fo:marker is ignored: what a marker "
                         "holds may not retrieve markers again",
                         fo_element_name(node->element));
            g_hash_table_add(ctx->warned, key);
        } else {
            g_free(key);
        }
        return NULL;
    }
    const fo_node *marker = node->element == FO_RETRIEVE_MARKER
                                ? layout_retrieve_marker(ctx, at, node)
                                : layout_retrieve_table_marker(at, node);
    return marker ? fo_tree_retrieved(ctx->fo, marker, node) : NULL;
}

/* Whether node, an fo:retrieve-marker, stands for block content. */
static const fo_node *retrieved(layout_context *ctx, const layout_placement *at,
                                const fo_node *node)
{
    return layout_retrieve(ctx, at, node);
}

static bool skipped(const fo_node *node)
{
    switch (node->element) {
    case FO_MARKER: case FO_TABLE_COLUMN:
        return true;
    default:
        return false;
    }
}

/* Footnotes cited in inline content that makes no line (an empty
 * fo:inline as the citation, say), in document order, chained onto tail.
 * Footnotes inside a footnote's body belong to that body. */
static void gather_footnotes(layout_context *ctx, const layout_placement *at,
                             const fo_node *node, layout_footnote ***tail)
{
    if (node->element == FO_FOOTNOTE_BODY)
        return;
    if (node->element == FO_FOOTNOTE) {
        for (const fo_node *c = node->first_child; c; c = c->next) {
            if (c->element != FO_FOOTNOTE_BODY)
                continue;
            layout_footnote *note = pliego_arena_alloc(ctx->pass_arena, sizeof *note);
            note->body = pliego_arena_alloc(ctx->pass_arena, sizeof(layout_items));
            flow_flatten(ctx, at, c, 0, ctx->footnote_width, note->body);
            note->height = footnote_height(note->body);
            **tail = note;
            *tail = &note->next;
        }
    }
    for (const fo_node *c = node->first_child; c; c = c->next)
        gather_footnotes(ctx, at, c, tail);
}

/* A run of inline content that made no line still cites its footnotes, as
 * in FOP: they go with the item before it (the start or end of a block),
 * so they reach the page that item is on. */
static void keep_unlined_footnotes(layout_context *ctx, const layout_placement *at,
                                   const fo_node *first, const fo_node *stop,
                                   layout_items *out)
{
    if (!out->count)
        return;
    layout_item *item = &out->items[out->count - 1];
    if (item->kind != ITEM_START && item->kind != ITEM_END)
        return;
    layout_footnote **tail = &item->footnotes;
    while (*tail)
        tail = &(*tail)->next;
    for (const fo_node *child = first; child != stop; child = child->next)
        gather_footnotes(ctx, at, child, &tail);
}

/* Floats that stay where they stand: their blocks are laid out between
 * the lines before and after them, so their content is never lost. Said
 * once per float that asks for more (layout runs several passes). */
static void warn_float(layout_context *ctx, const fo_node *node)
{
    uint16_t side = fo_get(node, FO_PROP_FLOAT)->keyword;
    if (side == FO_KW_NONE)
        return;
    char *key = g_strdup_printf("float %p", (const void *)node);
    if (g_hash_table_contains(ctx->warned, key)) {
        g_free(key);
        return;
    }
    g_hash_table_add(ctx->warned, key);
    const fo_node *inside = node->parent;
    while (inside && (inside->element == FO_BLOCK || inside->element == FO_WRAPPER ||
                      inside->element == FO_INLINE || inside->element == FO_BASIC_LINK))
        inside = inside->parent;
    fo_node_warn(ctx->fo, node, "fo:float float=\"%s\" inside fo:%s is laid out "
                 "where it stands, as a block of its own: only a float in the "
                 "page's flow goes %s", fo_keyword_name(side),
                 fo_element_name(inside ? inside->element : node->parent->element),
                 side == FO_KW_BEFORE ? "to the top of the page"
                                      : "to the side with text beside it");
}

/* Lays out the blocks of float node for the box from x, width wide. The
 * float's area is a reference area of its own: the indents it inherits
 * (a list item body's start-indent) do not move its blocks. */
static bool flatten_float(layout_context *ctx, const layout_placement *at,
                          const fo_node *node, double x, double width,
                          layout_items *out)
{
    double start = layout_length(ctx, node, FO_PROP_START_INDENT, width);
    double end = layout_length(ctx, node, FO_PROP_END_INDENT, width);
    return flow_flatten(ctx, at, node, x - start, width + start + end, out);
}

/* A before-float: its blocks are laid out for the flow's width apart from
 * the flow, and ride on the item before it (the line it stands after) to
 * the top of that item's page; with no such item yet, on the next one. */
static bool add_before_float(layout_context *ctx, const layout_placement *at,
                             const fo_node *node, double ref_x, double ref_width,
                             layout_items *out)
{
    layout_footnote *f = pliego_arena_alloc(ctx->pass_arena, sizeof *f);
    f->body = pliego_arena_alloc(ctx->pass_arena, sizeof(layout_items));
    if (!flatten_float(ctx, at, node, ref_x, ref_width, f->body))
        return false;
    f->height = footnote_height(f->body);
    layout_footnote **chain = &out->pending_floats;
    if (out->count && out->items[out->count - 1].kind != ITEM_TABLE)
        chain = &out->items[out->count - 1].floats;
    while (*chain)
        chain = &(*chain)->next;
    *chain = f;
    return true;
}

/* The before-floats in a run of inline content, after its lines: they
 * ride on its last line. */
static bool gather_before_floats(layout_context *ctx, const layout_placement *at,
                                 const fo_node *node, double ref_x, double ref_width,
                                 layout_items *out)
{
    if (node->element == FO_FLOAT)
        return !layout_float_to_page_top(node) ||
               add_before_float(ctx, at, node, ref_x, ref_width, out);
    if (node->element != FO_INLINE && node->element != FO_WRAPPER &&
        node->element != FO_BASIC_LINK)
        return true;
    for (const fo_node *c = node->first_child; c; c = c->next)
        if (!gather_before_floats(ctx, at, c, ref_x, ref_width, out))
            return false;
    return true;
}

/* Ends the text's going beside a side float: the space left beside it is
 * kept below what went beside it, so what follows starts below the float. */
static void clear_side_float(layout_context *ctx, layout_items *out)
{
    if (out->side_room <= 0 && !out->pending_side)
        return;
    double room = out->side_room;
    out->side_room = 0;
    layout_item *item = items_add(ctx, out, ITEM_SPACE, room);
    item->retain = 1;
}

/* The width of a side float: its block-container's width or
 * inline-progression-dimension with its margins when it has one, else the
 * natural width of its content, at most half the width it stands in. */
static double side_float_width(layout_context *ctx, const layout_placement *at,
                               const fo_node *node, double width)
{
    for (const fo_node *c = node->first_child; c; c = c->next) {
        if (c->element != FO_BLOCK_CONTAINER)
            continue;
        const fo_value *w = fo_get(c, FO_PROP_INLINE_PROGRESSION_DIMENSION);
        if (w->type != FO_VALUE_LENGTH && w->type != FO_VALUE_PERCENT)
            w = fo_get(c, FO_PROP_WIDTH);
        if (w->type != FO_VALUE_LENGTH && w->type != FO_VALUE_PERCENT)
            continue;
        /* with its margins, which keep the text off it */
        double margins = layout_length(ctx, c, FO_PROP_START_INDENT, width) -
                         layout_length(ctx, node, FO_PROP_START_INDENT, width) +
                         layout_length(ctx, c, FO_PROP_END_INDENT, width) -
                         layout_length(ctx, node, FO_PROP_END_INDENT, width);
        return MIN(resolve(w->number, w, width) + MAX(margins, 0.0), width);
    }
    double min = 0, max = 0;
    if (!layout_measure(ctx, at, node, &min, &max))
        max = width / 2;
    return MIN(MAX(max, min), width / 2);
}

/* The side floats in a run of inline content: each is laid out for its
 * width at the start or end of the content rectangle, and the text from
 * the run on is narrowed beside it until it has gone past the float's
 * height (XSL 1.1 6.10.2): line by line, a paragraph's lines below the
 * float take the whole width again. */
static bool begin_side_floats(layout_context *ctx, const layout_placement *at,
                              const fo_node *node, double content_x,
                              double content_width, layout_items *out)
{
    if (node->element == FO_FLOAT) {
        if (!layout_float_to_side(node))
            return true;
        clear_side_float(ctx, out);
        /* start and end by the writing direction; inside counts as start
           and outside as end, pages not being told apart here */
        uint16_t side = fo_get(node, FO_PROP_FLOAT)->keyword;
        bool end = side == FO_KW_END || side == FO_KW_OUTSIDE;
        bool right = side == FO_KW_RIGHT ||
                     (side != FO_KW_LEFT && end != right_to_left(node));
        layout_footnote *f = pliego_arena_alloc(ctx->pass_arena, sizeof *f);
        f->width = side_float_width(ctx, at, node, content_width);
        f->x = right ? content_x + content_width - f->width : content_x;
        f->body = pliego_arena_alloc(ctx->pass_arena, sizeof(layout_items));
        if (!flatten_float(ctx, at, node, f->x, f->width, f->body))
            return false;
        f->height = footnote_height(f->body);
        out->pending_side = f;
        out->side_room = f->height;
        out->side_width = f->width;
        out->side_right = right;
        return true;
    }
    if (node->element != FO_INLINE && node->element != FO_WRAPPER &&
        node->element != FO_BASIC_LINK)
        return true;
    for (const fo_node *c = node->first_child; c; c = c->next)
        if (!begin_side_floats(ctx, at, c, content_x, content_width, out))
            return false;
    return true;
}

/* Children of node: runs of inline content become paragraphs with node's
 * properties, block-level children are flattened in turn. */
static bool flatten_children(layout_context *ctx, const layout_placement *at,
                             const fo_node *node, double content_x, double content_width,
                             double ref_x, double ref_width, layout_items *out)
{
    bool first_lines = true;
    const fo_node *child = node->first_child;
    while (child) {
        if (skipped(child)) {
            child = child->next;
            continue;
        }
        const fo_node *marker = retrieved(ctx, at, child);
        if (marker && block_level(marker)) {
            if (!flatten_children(ctx, at, marker, content_x, content_width, ref_x,
                                  ref_width, out))
                return false;
            child = child->next;
            continue;
        }
        if (block_level(child)) {
            /* a reference area, or a block asking to clear, starts below a
               side float */
            if (child->element != FO_BLOCK && child->element != FO_WRAPPER &&
                child->element != FO_INLINE)
                clear_side_float(ctx, out);
            else if (fo_get(child, FO_PROP_CLEAR)->keyword != FO_KW_NONE)
                clear_side_float(ctx, out);
            if (child->element == FO_FLOAT)
                warn_float(ctx, child);
            if (child->element == FO_WRAPPER || child->element == FO_INLINE ||
                child->element == FO_FLOAT) {
                if (!flatten_children(ctx, at, child, content_x, content_width,
                                      ref_x, ref_width, out))
                    return false;
            } else if (!flatten_block(ctx, at, child, ref_x, ref_width, out)) {
                return false;
            }
            child = child->next;
            continue;
        }
        const fo_node *stop = child;
        while (stop && !block_level(stop) &&
               !(retrieved(ctx, at, stop) && block_level(retrieved(ctx, at, stop))))
            stop = stop->next;
        int before = out->count;
        for (const fo_node *c = child; c != stop; c = c->next)
            if (!begin_side_floats(ctx, at, c, content_x, content_width, out))
                return false;
        /* the lines that start beside a side float are narrowed by its
           width (inline_flatten) */
        if (!inline_flatten(ctx, at, node, child, stop, content_x, content_width,
                            first_lines, out))
            return false;
        for (const fo_node *c = child; c != stop; c = c->next)
            if (!gather_before_floats(ctx, at, c, ref_x, ref_width, out))
                return false;
        if (out->count > before)
            first_lines = false;
        else
            keep_unlined_footnotes(ctx, at, child, stop, out);
        child = stop;
    }
    return true;
}

/* keep-with-previous: the boundaries back to the last line or table are
 * kept. */
static void keep_with_previous(layout_items *out, int strength)
{
    for (int i = out->count - 1; i >= 0; i--) {
        layout_item *item = &out->items[i];
        if (item->kind == ITEM_TABLE)
            return;
        item->keep_before = MAX(item->keep_before, strength);
        if (item->kind == ITEM_LINE)
            return;
    }
}

uint8_t layout_break_of(const fo_node *node, fo_property_id id)
{
    switch (fo_get(node, id)->keyword) {
    case FO_KW_PAGE: case FO_KW_COLUMN:
        return BREAK_PAGE;
    case FO_KW_ODD_PAGE:
        return BREAK_ODD_PAGE;
    case FO_KW_EVEN_PAGE:
        return BREAK_EVEN_PAGE;
    default:
        return BREAK_NONE;
    }
}

static double space_of(const fo_node *node, fo_property_id id, double base)
{
    const fo_value *v = fo_get(node, id);
    return v->type == FO_VALUE_PERCENT ? v->number / 100.0 * base : v->number;
}

/* How far a space may shrink below its optimum: down to its minimum
 * (XSL 4.3), which the page breaker uses to fit a page's content. */
static double space_shrink(const fo_node *node, fo_property_id id, double base)
{
    const fo_value *v = fo_get(node, id);
    if (v->type == FO_VALUE_PERCENT)
        return 0;
    double minimum = v->range_is_percent & 1 ? v->minimum / 100.0 * base : v->minimum;
    return v->number > minimum && minimum >= 0 ? v->number - minimum : 0;
}

static bool space_retained(const fo_node *node, fo_property_id id)
{
    return fo_get(node, id)->retain;
}

static bool flatten_list_item(layout_context *ctx, const layout_placement *at,
                              const fo_node *node,
                              layout_block *block, double ref_x,
                              double ref_width, layout_items *out)
{
    for (const fo_node *child = node->first_child; child; child = child->next) {
        if (child->element == FO_LIST_ITEM_LABEL) {
            layout_items *label = pliego_arena_alloc(ctx->pass_arena, sizeof *label);
            if (!flatten_block(ctx, at, child, ref_x, ref_width, label))
                return false;
            double height = 0;
            for (int i = 0; i < label->count; i++)
                height += label->items[i].height;
            block->attached = label;
            /* the item is at least as tall as its label, inside its
               borders and padding */
            block->min_height = height + block->border[AREA_TOP] +
                                block->padding[AREA_TOP] +
                                block->border[AREA_BOTTOM] +
                                block->padding[AREA_BOTTOM];
        } else if (child->element == FO_LIST_ITEM_BODY) {
            if (!flatten_block(ctx, at, child, ref_x, ref_width, out))
                return false;
        }
    }
    return true;
}

/* A table's first row (the first fo:table-row of its body), whose
 * keep-with-previous binds the table to what comes before it, as in FOP. */
static const fo_node *table_first_row(const fo_node *table)
{
    for (const fo_node *part = table->first_child; part; part = part->next) {
        if (part->element != FO_TABLE_BODY)
            continue;
        for (const fo_node *r = part->first_child; r; r = r->next)
            if (r->element == FO_TABLE_ROW)
                return r;
    }
    return NULL;
}

/* The content width of a table with its own width; a table with
 * collapsed borders leaves its borders to its edge cells. */
static double table_box(const fo_node *node, layout_block *block, double ref_width,
                        double content_width)
{
    const fo_value *width = fo_get(node, FO_PROP_INLINE_PROGRESSION_DIMENSION);
    if (width->type != FO_VALUE_LENGTH && width->type != FO_VALUE_PERCENT)
        width = fo_get(node, FO_PROP_WIDTH);
    if (width->type == FO_VALUE_LENGTH || width->type == FO_VALUE_PERCENT)
        content_width = resolve(width->number, width, ref_width);
    if (fo_get(node, FO_PROP_BORDER_COLLAPSE)->keyword != FO_KW_SEPARATE) {
        /* collapsed: the table's borders are drawn by its edge cells */
        for (int side = 0; side < 4; side++) {
            block->border[side] = block->padding[side] = 0;
            block->sides[side].width = 0;
        }
    }
    return content_width;
}

/* The content width of a block-container with its own width, and the
 * height it takes at least when it has its own height. The
 * inline- and block-progression-dimension (their optimum) win over width
 * and height, which only stand for them (XSL 7.15.6). */
static double container_box(const fo_node *node, layout_block *block, double ref_width,
                            double content_width)
{
    const fo_value *width = fo_get(node, FO_PROP_INLINE_PROGRESSION_DIMENSION);
    if (width->type != FO_VALUE_LENGTH && width->type != FO_VALUE_PERCENT)
        width = fo_get(node, FO_PROP_WIDTH);
    if (width->type == FO_VALUE_LENGTH || width->type == FO_VALUE_PERCENT)
        content_width = resolve(width->number, width, ref_width);
    const fo_value *height = fo_get(node, FO_PROP_BLOCK_PROGRESSION_DIMENSION);
    if (height->type != FO_VALUE_LENGTH)
        height = fo_get(node, FO_PROP_HEIGHT);
    if (height->type == FO_VALUE_LENGTH)
        block->min_height = height->number + block->padding[AREA_TOP] +
                            block->padding[AREA_BOTTOM] +
                            block->border[AREA_TOP] + block->border[AREA_BOTTOM];
    return content_width;
}

/* What comes before a block's start: a forced break, its space-before and
 * its keep-with-previous (a table's first row's too), which it returns. */
static int begin_block(layout_context *ctx, const fo_node *node, double ref_width,
                       layout_items *out)
{
    uint8_t forced = layout_break_of(node, FO_PROP_BREAK_BEFORE);
    if (forced)
        out->pending_break = forced;
    add_space(ctx, out, space_of(node, FO_PROP_SPACE_BEFORE, ref_width),
              space_shrink(node, FO_PROP_SPACE_BEFORE, ref_width),
              space_retained(node, FO_PROP_SPACE_BEFORE));
    int previous = layout_keep(node, FO_PROP_KEEP_WITH_PREVIOUS_WITHIN_PAGE,
                               FO_PROP_KEEP_WITH_PREVIOUS_WITHIN_COLUMN);
    const fo_node *first_row = node->element == FO_TABLE ? table_first_row(node)
                                                         : NULL;
    if (first_row)
        previous = MAX(previous,
                       layout_keep(first_row, FO_PROP_KEEP_WITH_PREVIOUS_WITHIN_PAGE,
                                   FO_PROP_KEEP_WITH_PREVIOUS_WITHIN_COLUMN));
    if (previous)
        keep_with_previous(out, previous);
    return previous;
}

/* The block's fo:marker children, for running headers. */
static void block_markers(layout_context *ctx, const fo_node *node, layout_block *block)
{
    for (const fo_node *c = node->first_child; c; c = c->next)
        if (c->element == FO_MARKER)
            block->marker_count++;
    if (!block->marker_count)
        return;
    block->markers = pliego_arena_alloc(ctx->pass_arena, sizeof(fo_node *) *
                                                             (size_t)block->marker_count);
    int k = 0;
    for (const fo_node *c = node->first_child; c; c = c->next)
        if (c->element == FO_MARKER)
            block->markers[k++] = c;
}

/* What comes after a block's end: its keep-with-next, space-after and a
 * forced break. */
static void end_block(layout_context *ctx, const fo_node *node, double ref_width,
                      layout_items *out)
{
    /* keep-with-next binds from the block's end on: its own space-after
       is no place to break either */
    int next = layout_keep(node, FO_PROP_KEEP_WITH_NEXT_WITHIN_PAGE,
                           FO_PROP_KEEP_WITH_NEXT_WITHIN_COLUMN);
    out->pending_keep = MAX(out->pending_keep, next);
    add_space(ctx, out, space_of(node, FO_PROP_SPACE_AFTER, ref_width),
              space_shrink(node, FO_PROP_SPACE_AFTER, ref_width),
              space_retained(node, FO_PROP_SPACE_AFTER));
    uint8_t forced = layout_break_of(node, FO_PROP_BREAK_AFTER);
    if (forced)
        out->pending_break = forced;
}

/* The content of a turned block-container in the flow, laid out unturned
 * for its width and attached to its START, as FOP does it: its width and
 * height are those of the unturned content, so a quarter turn takes as
 * much of the page's height as the content is wide (area.h). It does not
 * break across pages (nor in FOP 2.8): one taller than the page overflows
 * it, with a warning (paginate.c). */
static bool flatten_turned(layout_context *ctx, const layout_placement *at,
                           const fo_node *node, layout_block *block,
                           double content_x, double content_width)
{
    layout_items *content = pliego_arena_alloc(ctx->pass_arena, sizeof *content);
    if (!flatten_children(ctx, at, node, content_x, content_width, content_x,
                          content_width, content))
        return false;
    double height = 0;
    for (int i = 0; i < content->count; i++)
        if (content->items[i].kind != ITEM_SPACE || i > 0 || content->items[i].retain)
            height += content->items[i].height;
    double pad_v = block->border[AREA_TOP] + block->padding[AREA_TOP] +
                   block->border[AREA_BOTTOM] + block->padding[AREA_BOTTOM];
    block->attached = content;
    block->turned_height = MAX(height + pad_v, block->min_height);
    if (block->orientation == 90 || block->orientation == 270)
        block->min_height = block->width;
    else
        block->min_height = block->turned_height;
    return true;
}

static bool flatten_block(layout_context *ctx, const layout_placement *at,
                          const fo_node *node,
                          double ref_x, double ref_width, layout_items *out)
{
    layout_block *block = pliego_arena_alloc(ctx->pass_arena, sizeof *block);
    block->node = node;
    layout_decorate(block, node, ref_width);
    double start = layout_length(ctx, node, FO_PROP_START_INDENT, ref_width);
    double end = layout_length(ctx, node, FO_PROP_END_INDENT, ref_width);
    if (right_to_left(node)) {
        double swap = start;
        start = end;
        end = swap;
    }
    double content_x = ref_x + start;
    double content_width = ref_width - start - end;
    bool container = node->element == FO_BLOCK_CONTAINER;
    if (node->element == FO_TABLE)
        content_width = table_box(node, block, ref_width, content_width);
    if (container) {
        content_width = container_box(node, block, ref_width, content_width);
        uint16_t position = fo_get(node, FO_PROP_ABSOLUTE_POSITION)->keyword;
        if (position == FO_KW_ABSOLUTE || position == FO_KW_FIXED) {
            layout_item *item = items_add(ctx, out, ITEM_ABSOLUTE, 0);
            item->keep_before = MAX(item->keep_before, 0);
            item->block = block;
            return true;
        }
        block->orientation = layout_orientation(ctx, node);
    }
    if (content_width < 1)
        content_width = 1;
    block->x = content_x - block->padding[AREA_LEFT] - block->border[AREA_LEFT];
    block->width = content_width + block->padding[AREA_LEFT] +
                   block->padding[AREA_RIGHT] + block->border[AREA_LEFT] +
                   block->border[AREA_RIGHT];

    int previous = begin_block(ctx, node, ref_width, out);
    block_markers(ctx, node, block);
    layout_item *start_item = items_add(ctx, out, ITEM_START,
                                        block->border[AREA_TOP] +
                                            block->padding[AREA_TOP]);
    start_item->block = block;
    int start_index = out->count - 1;
    if (previous)
        start_item->keep_before = MAX(start_item->keep_before, previous);

    int saved_keep = out->keep_together;
    out->keep_together = MAX(saved_keep,
                             layout_keep(node, FO_PROP_KEEP_TOGETHER_WITHIN_PAGE,
                                         FO_PROP_KEEP_TOGETHER_WITHIN_COLUMN));
    bool ok;
    if (block->orientation)
        ok = flatten_turned(ctx, at, node, block, content_x, content_width);
    else if (node->element == FO_LIST_ITEM)
        ok = flatten_list_item(ctx, at, node, block, ref_x, ref_width, out);
    else if (node->element == FO_TABLE)
        ok = table_flatten(ctx, at, node, content_x, content_width, out);
    else if (container)
        ok = flatten_children(ctx, at, node, content_x, content_width, content_x,
                              content_width, out);
    else
        ok = flatten_children(ctx, at, node, content_x, content_width, ref_x,
                              ref_width, out);
    if (!ok)
        return false;
    layout_item *end_item = items_add(ctx, out, ITEM_END,
                                      block->border[AREA_BOTTOM] +
                                          block->padding[AREA_BOTTOM]);
    end_item->block = block;
    /* a block-container's height, or a list item's taller label: the page
       breaker must see the height the block will take, not only its lines */
    double content = 0;
    for (int i = start_index; i < out->count; i++)
        content += out->items[i].height;
    /* a turned block-container is one piece: its height rides on its
       START, so no page break falls between its START and END */
    layout_item *tall = block->orientation ? &out->items[start_index] : end_item;
    if (block->min_height > content)
        tall->height += block->min_height - content;
    out->keep_together = saved_keep;

    end_block(ctx, node, ref_width, out);
    return true;
}

double footnote_part_height(const layout_footnote *note, int from)
{
    double height = 0;
    for (int i = from; i < note->body->count; i++)
        if (note->body->items[i].kind != ITEM_SPACE || i > from ||
            note->body->items[i].retain)
            height += note->body->items[i].height;
    return height;
}

double footnote_height(const layout_items *body)
{
    double height = 0;
    for (int i = 0; i < body->count; i++)
        if (body->items[i].kind != ITEM_SPACE || i > 0 || body->items[i].retain)
            height += body->items[i].height;
    return height;
}

bool flow_flatten(layout_context *ctx, const layout_placement *at,
                  const fo_node *node, double x, double width, layout_items *out)
{
    return flatten_children(ctx, at, node, x, width, x, width, out);
}

bool flow_flatten_container(layout_context *ctx, const layout_placement *at,
                            const layout_block *block, double x, double width,
                            layout_items *out)
{
    return flatten_children(ctx, at, block->node, x, width, x, width, out);
}
