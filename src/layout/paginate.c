/* Pagination: a page-sequence's flattened flow in, pages of areas out.
 *
 * Page masters are chosen as XSL 1.1 section 6.4 says (single, repeatable
 * and conditional references; page-position, odd-or-even, blank-or-not-
 * blank). The page breaker walks the items once: when an item overflows the
 * page, it breaks at the weakest boundary since the page's start (keeps,
 * widows and orphans have strengths; of equal strengths the latest wins),
 * so keeps are honoured whenever the page allows it. Pages are planned
 * first (ranges of items and masters), then the master of the last page is
 * corrected for page-position="last", then the areas are built.
 */
#include "layout/layout.h"

#include <limits.h>
#include <math.h>
#include <string.h>

#define DEFAULT_PAGE_WIDTH (8.26 * 72)   /* FOP's defaults */
#define DEFAULT_PAGE_HEIGHT (11.69 * 72)
#define MAX_PAGES 100000
#define MAX_EMPTY_PAGES 50

typedef struct {
    double x, y, width, height;
} rect;

typedef struct {
    const fo_node *master;      /* fo:simple-page-master */
    double width, height;
    rect body;                  /* region-body content rectangle */
    rect regions[4];            /* before, after, start, end */
    const fo_node *region_nodes[5]; /* body, before, after, start, end */
    int orientations[5];        /* reference-orientation of each region */
} page_geometry;

/* A before-float in a page-sequence's items: the item it rides on and
 * its place in that item's chain. Before-floats are placed in the order
 * they stand; a mark says which is the first not yet placed. */
typedef struct {
    int item, index;
} float_mark;

/* The page breaker's before-floats on the page being filled: the first
 * not placed yet, whether one waits for a later page (then every float
 * after it waits too), whether the page has any, and the height of the
 * xsl-before-float-separator drawn below them. */
typedef struct {
    float_mark next;
    bool deferring;
    bool any;
    double separator;
} float_state;

typedef struct {
    int first, last;            /* items [first, last) */
    bool blank;
    int number;
    const fo_node *master;
    const table_position *table_start; /* item first goes on from here */
    const table_position *table_end;   /* item last - 1 stops here */
    const layout_footnote *carry_note; /* the rest of a footnote split by */
    int carry_from;                    /* the page before: its items from here */
    const layout_footnote *split_note; /* a footnote cited on this page */
    int split_at;                      /* that only fits up to this item */
    double shrink;                     /* share of each space's shrink used */
    float_mark floats_from, floats_to; /* the before-floats at its top */
} page_plan;

typedef struct {
    int end;                    /* the page holds items [first, end) */
    uint8_t forced;             /* the forced break that ended it */
    table_position *table_end;  /* item end - 1, a table, goes on */
    const layout_footnote *split_note; /* its last line's footnote goes on */
    int split_at;               /* on the next page from this item */
    double shrink;              /* share of each space's shrink it needs */
    float_mark floats_end;      /* the first before-float left for later */
} page_end;

/* Where the page breaker stands: the height taken so far, the footnotes
 * below, and how much the spaces placed could give up (XSL 4.3: a space
 * may shrink to its minimum, as FOP's page breaker lets it when that
 * fits more on the page). */
typedef struct {
    double y, notes, shrinkable;
} fill_state;

/* Open blocks carried from page to page while placing. */
typedef struct {
    const layout_block *blocks[LAYOUT_MAX_OPEN_BLOCKS];
    area *areas[LAYOUT_MAX_OPEN_BLOCKS];
    bool started_here[LAYOUT_MAX_OPEN_BLOCKS];
    int depth;
    /* a table split by page breaks: where this page's part starts (for
       item table_first) and ends (for item table_last) */
    const table_position *table_start, *table_end;
    int table_first, table_last;
    double shrink;              /* share of each space's shrink to take */
} placer;

/* ---- masters -------------------------------------------------------- */

static const fo_node *find_master(const fo_node *root, const char *name)
{
    if (!name)
        return NULL;
    for (const fo_node *set = root->first_child; set; set = set->next) {
        if (set->element != FO_LAYOUT_MASTER_SET)
            continue;
        for (const fo_node *m = set->first_child; m; m = m->next) {
            if (m->element != FO_SIMPLE_PAGE_MASTER &&
                m->element != FO_PAGE_SEQUENCE_MASTER)
                continue;
            const char *n = fo_get(m, FO_PROP_MASTER_NAME)->string;
            if (n && strcmp(n, name) == 0)
                return m;
        }
    }
    return NULL;
}

static int repeats(const fo_node *node)
{
    if (node->element == FO_SINGLE_PAGE_MASTER_REFERENCE)
        return 1;
    const fo_value *v = fo_get(node, FO_PROP_MAXIMUM_REPEATS);
    if (v->type != FO_VALUE_NUMBER)
        return MAX_PAGES;
    /* converting a double beyond int's range is undefined */
    return v->number <= 0 ? 0 : v->number >= MAX_PAGES ? MAX_PAGES : (int)v->number;
}

static bool condition_holds(const fo_node *c, int index, bool last,
                            int number, bool blank)
{
    switch (fo_get(c, FO_PROP_PAGE_POSITION)->keyword) {
    case FO_KW_FIRST:
        if (index != 0) return false;
        break;
    case FO_KW_LAST:
        if (!last) return false;
        break;
    case FO_KW_REST:
        if (index == 0) return false;
        break;
    case FO_KW_ONLY:
        if (index != 0 || !last) return false;
        break;
    default:
        break;
    }
    uint16_t parity = fo_get(c, FO_PROP_ODD_OR_EVEN)->keyword;
    if (parity == FO_KW_ODD && number % 2 == 0) return false;
    if (parity == FO_KW_EVEN && number % 2 != 0) return false;
    uint16_t b = fo_get(c, FO_PROP_BLANK_OR_NOT_BLANK)->keyword;
    if (b == FO_KW_BLANK && !blank) return false;
    if (b == FO_KW_NOT_BLANK && blank) return false;
    return true;
}

/* The simple-page-master for the index-th page of a sequence. */
static const fo_node *select_master(const fo_node *root, const fo_node *master,
                                    int index, bool last, int number, bool blank)
{
    if (!master || master->element == FO_SIMPLE_PAGE_MASTER)
        return master;
    const fo_node *chosen = NULL;
    int k = index;
    for (const fo_node *s = master->first_child; s; s = s->next) {
        if (s->element != FO_SINGLE_PAGE_MASTER_REFERENCE &&
            s->element != FO_REPEATABLE_PAGE_MASTER_REFERENCE &&
            s->element != FO_REPEATABLE_PAGE_MASTER_ALTERNATIVES)
            continue;
        chosen = s;
        int count = repeats(s);
        if (k < count)
            break;
        k -= count;
    }
    if (!chosen)
        return NULL;
    if (chosen->element != FO_REPEATABLE_PAGE_MASTER_ALTERNATIVES)
        return find_master(root, fo_get(chosen, FO_PROP_MASTER_REFERENCE)->string);
    for (const fo_node *c = chosen->first_child; c; c = c->next)
        if (c->element == FO_CONDITIONAL_PAGE_MASTER_REFERENCE &&
            condition_holds(c, index, last, number, blank))
            return find_master(root, fo_get(c, FO_PROP_MASTER_REFERENCE)->string);
    return NULL;
}

static double margin(const fo_node *node, fo_property_id id, double base)
{
    const fo_value *v = fo_get(node, id);
    if (v->type == FO_VALUE_PERCENT)
        return v->number / 100.0 * base;
    return v->type == FO_VALUE_LENGTH ? v->number : 0;
}

/* A region turned by 90 or 270 degrees is laid out in a frame as wide
 * as its viewport is tall (see area.h). */
static rect turned(rect r, int orientation)
{
    if (orientation == 90 || orientation == 270)
        return (rect){r.x, r.y, r.height, r.width};
    return r;
}

static void geometry_of(layout_context *ctx, const fo_node *master, page_geometry *g)
{
    memset(g, 0, sizeof *g);
    g->master = master;
    const fo_value *w = fo_get(master, FO_PROP_PAGE_WIDTH);
    const fo_value *h = fo_get(master, FO_PROP_PAGE_HEIGHT);
    g->width = w->type == FO_VALUE_LENGTH ? w->number : DEFAULT_PAGE_WIDTH;
    g->height = h->type == FO_VALUE_LENGTH ? h->number : DEFAULT_PAGE_HEIGHT;
    rect content = {margin(master, FO_PROP_MARGIN_LEFT, g->width),
                    margin(master, FO_PROP_MARGIN_TOP, g->height), 0, 0};
    content.width = g->width - content.x - margin(master, FO_PROP_MARGIN_RIGHT, g->width);
    content.height = g->height - content.y -
                     margin(master, FO_PROP_MARGIN_BOTTOM, g->height);
    g->body = content;
    for (const fo_node *r = master->first_child; r; r = r->next) {
        double extent = r->element == FO_REGION_BODY ? 0
                        : margin(r, FO_PROP_EXTENT, content.height);
        switch (r->element) {
        case FO_REGION_BODY:
            g->region_nodes[0] = r;
            g->body.x = content.x + margin(r, FO_PROP_MARGIN_LEFT, content.width);
            g->body.y = content.y + margin(r, FO_PROP_MARGIN_TOP, content.height);
            g->body.width = content.x + content.width -
                            margin(r, FO_PROP_MARGIN_RIGHT, content.width) - g->body.x;
            g->body.height = content.y + content.height -
                             margin(r, FO_PROP_MARGIN_BOTTOM, content.height) -
                             g->body.y;
            break;
        case FO_REGION_BEFORE:
            g->region_nodes[1] = r;
            g->regions[0] = (rect){content.x, content.y, content.width, extent};
            break;
        case FO_REGION_AFTER:
            g->region_nodes[2] = r;
            g->regions[1] = (rect){content.x, content.y + content.height - extent,
                                   content.width, extent};
            break;
        case FO_REGION_START:
            g->region_nodes[3] = r;
            g->regions[2] = (rect){content.x, content.y, extent, content.height};
            break;
        case FO_REGION_END:
            g->region_nodes[4] = r;
            g->regions[3] = (rect){content.x + content.width - extent, content.y,
                                   extent, content.height};
            break;
        default:
            break;
        }
    }
    for (int r = 0; r < 5; r++) {
        g->orientations[r] = g->region_nodes[r] ? layout_orientation(ctx, g->region_nodes[r])
                                                : 0;
        if (r == 0)
            g->body = turned(g->body, g->orientations[0]);
        else
            g->regions[r - 1] = turned(g->regions[r - 1], g->orientations[r]);
    }
    if (g->body.width < 1)
        g->body.width = 1;
    if (g->body.height < 1)
        g->body.height = 1;
}

/* ---- page breaking -------------------------------------------------- */

/* Spaces at the top of a page are discarded unless their conditionality
 * is retain (space-before.conditionality="retain", or a margin). */
static int skip_spaces(const layout_items *list, int i)
{
    /* a space carrying before-floats stays, for them to be placed */
    while (i < list->count && list->items[i].kind == ITEM_SPACE &&
           !list->items[i].retain && !list->items[i].floats &&
           !list->items[i].side_float)
        i++;
    return i;
}

double layout_side_float_height(const layout_item *item)
{
    return item->side_float ? item->side_float->height : 0;
}

/* A side float at the top of the item it rides on, beside what follows. */
static void place_side_float(layout_context *ctx, const layout_placement *at,
                             const layout_footnote *f, area *parent, double y)
{
    area *block = area_new(ctx->areas, parent, AREA_BLOCK);
    block->name = "float";
    block->x = at->origin_x + f->x;
    block->y = y;
    block->width = f->width;
    block->height = f->height;
    paginate_place_range(ctx, at, f->body, 0, NULL, f->body->count, NULL, block, y);
}

/* The before-float at m, or NULL when item m.item has no more. */
static const layout_footnote *float_at(const layout_items *list, float_mark m)
{
    if (m.item >= list->count)
        return NULL;
    const layout_footnote *f = list->items[m.item].floats;
    for (int k = 0; f && k < m.index; k++)
        f = f->next;
    return f;
}

/* The first before-float at or after m that rides on an item before
 * limit; {limit, 0} when there is none. */
static float_mark float_seek(const layout_items *list, float_mark m, int limit)
{
    while (m.item < limit && !float_at(list, m))
        m = (float_mark){m.item + 1, 0};
    return m.item < limit ? m : (float_mark){limit, 0};
}

/* The height a before-float f takes on the page: the separator comes
 * with the page's first. */
static double float_height(const float_state *fl, const layout_footnote *f)
{
    return f->height + (fl->any ? 0 : fl->separator);
}

/* The before-floats left by the pages before (from fl->next, riding on
 * items before first) take the top of the page, as many as fit in room,
 * and at least one, so that each page places one. Moves fl->next past
 * those placed and returns their height. */
static double take_deferred_floats(const layout_items *list, int first,
                                   float_state *fl, double room)
{
    double height = 0;
    float_mark m = float_seek(list, fl->next, first);
    while (m.item < first) {
        const layout_footnote *f = float_at(list, m);
        if (fl->any && height + float_height(fl, f) > room + LAYOUT_EPSILON)
            break;
        height += float_height(fl, f);
        fl->any = true;
        m = float_seek(list, (float_mark){m.item, m.index + 1}, first);
    }
    fl->next = m;
    fl->deferring = m.item < first;
    return height;
}

/* The height of item j's before-floats that go on the page with it: each
 * goes to the top of the page when it fits there with what the page holds
 * down to its anchor (used, item j included). The first that does not
 * fit, and every one after it, waits for the next page (XSL 1.1 6.10.2:
 * a before-float goes on its anchor's page or a later one): fl->next
 * marks it and fl->deferring is set. */
static double take_floats(const layout_items *list, int j, double used, double room,
                          float_state *fl)
{
    double taken = 0;
    int k = 0;
    for (const layout_footnote *f = list->items[j].floats; f && !fl->deferring;
         f = f->next, k++) {
        if (used + taken + float_height(fl, f) > room + LAYOUT_EPSILON) {
            fl->next = (float_mark){j, k};
            fl->deferring = true;
            break;
        }
        taken += float_height(fl, f);
        fl->any = true;
    }
    return taken;
}

/* The before-floats from mark from up to (not including) mark to at the
 * top of the page's region body, in the order they stand; returns the y
 * below them and sets *placed when there were any. */
static double place_floats(layout_context *ctx, const layout_placement *at,
                           const layout_items *list, float_mark from, float_mark to,
                           area *body, double y, bool *placed)
{
    *placed = false;
    for (float_mark m = float_seek(list, from, to.item + 1);
         m.item < to.item || (m.item == to.item && m.index < to.index);
         m = float_seek(list, (float_mark){m.item, m.index + 1}, to.item + 1)) {
        const layout_footnote *f = float_at(list, m);
        if (!f)
            break;
        area *block = area_new(ctx->areas, body, AREA_BLOCK);
        block->name = "float";
        block->x = body->x;
        block->y = y;
        block->width = body->width;
        block->height = f->height;
        paginate_place_range(ctx, at, f->body, 0, NULL, f->body->count, NULL, block, y);
        y += f->height;
        *placed = true;
    }
    return y;
}

/* The last boundary of a footnote's items at which the part before it
 * fits in room; 0 when not even its first line does. */
static int split_footnote(const layout_footnote *note, double room)
{
    const layout_items *list = note->body;
    double used = 0;
    int best = 0;
    bool lines = false;
    for (int k = 0; k < list->count; k++) {
        /* a break before item k, after at least one line */
        if (k > 0 && lines && list->items[k].keep_before < KEEP_WIDOWS_ORPHANS)
            best = k;
        used += list->items[k].height;
        if (used > room + LAYOUT_EPSILON)
            break;
        lines |= list->items[k].kind == ITEM_LINE;
    }
    return best;
}

/* The footnotes a page carries to the next: the rest of the one split
 * from item from on, and the whole of the ones cited after it on the same
 * line. */
static double carried_height(const layout_footnote *note, int from)
{
    if (!note)
        return 0;
    double height = footnote_part_height(note, from);
    for (const layout_footnote *f = note->next; f; f = f->next)
        height += f->height;
    return height;
}

/* The page's end with the share of their shrink its spaces give up so
 * that what it holds fits in height. */
static page_end finish_page(page_end result, fill_state at, double height)
{
    double excess = at.y + at.notes - height;
    if (excess > LAYOUT_EPSILON && at.shrinkable > 0)
        result.shrink = MIN(1.0, excess / at.shrinkable);
    return result;
}

/* The bottom border and padding of the blocks that item j (a table) ends:
 * they must fit with its last row. */
static double closing_height(const layout_items *list, int j)
{
    double closing = 0;
    for (int k = j + 1; k < list->count && list->items[k].kind == ITEM_END; k++)
        closing += list->items[k].height;
    return closing;
}

/* A possible break before item j, where the page stands at now: records
 * it as the best so far when no stronger keep binds it than the best's.
 * True when the page should end there: the first free break that needs
 * the page's spaces shrunk ends it, as FOP's breaker takes the break that
 * shrinks them least, so spaces stay close to their optimum rather than
 * going down to their minimum to fit more. */
static bool note_boundary(const layout_items *list, int j, fill_state now, double height,
                          int *best, int *best_strength, fill_state *at_best)
{
    const layout_item *item = &list->items[j];
    if (*best < 0 || item->keep_before <= *best_strength) {
        *best = j;
        *best_strength = item->keep_before;
        *at_best = now;
    }
    return item->keep_before == 0 && list->items[j - 1].kind != ITEM_SPACE &&
           now.y + now.notes > height + LAYOUT_EPSILON;
}

/* The line of item j fits but its footnotes do not: as FOP does, those
 * that fit go here, the next one starts here as far as it fits, and its
 * rest and the ones after it come first at the foot of the next page.
 * True when the page ends after item j so (*result filled); at is the
 * page with the line, without its footnotes. */
static bool split_line_notes(const layout_item *item, int j, fill_state at,
                             double height, double room_height, double separator,
                             page_end *result)
{
    double own_separator = at.notes > 0 ? 0 : separator;
    double room = room_height - at.y - at.notes - own_separator;
    double taken = 0;
    for (const layout_footnote *f = item->footnotes; f; f = f->next) {
        if (f->height <= room + LAYOUT_EPSILON) {
            room -= f->height;
            taken += f->height;
            continue;
        }
        int split = split_footnote(f, room);
        if (split == 0 && f == item->footnotes)
            return false;
        result->end = j + 1;
        result->split_note = f;
        result->split_at = split;
        double part = footnote_part_height(f, 0) - footnote_part_height(f, split);
        at.notes += taken + part + own_separator;
        *result = finish_page(*result, at, height);
        return true;
    }
    return false;
}

/* Where the page starting at first ends; table_start says where item
 * first goes on when it is a table split by the previous page. fl->next
 * is the first before-float not placed yet: those left by the pages
 * before take the page's top first; the page may end below them. On
 * return fl->next is the first one the page leaves for later when
 * fl->deferring is set. */
static page_end fill_page(layout_context *ctx, const layout_items *list, int first,
                          const table_position *table_start, double height,
                          double next_height, double separator, double carried,
                          float_state *fl)
{
    page_end result = {list->count, BREAK_NONE, NULL, NULL, 0, 0, {0, 0}};
    /* footnotes of this page, with separator; the rest of a footnote
       split by the previous page comes first */
    double notes = carried > 0 ? carried + separator : 0;
    double shrinkable = 0;
    int best = -1, best_strength = 0;
    fill_state at_best = {0, 0, 0};
    bool content = false;
    double y = take_deferred_floats(list, first, fl, height - notes);
    content = fl->any;
    if (content) {
        best = first;
        best_strength = INT_MAX;
        at_best = (fill_state){y, notes, 0};
    }
    for (int j = first; j < list->count; j++) {
        const layout_item *item = &list->items[j];
        if (j > first && item->break_before && content) {
            result.end = j;
            result.forced = item->break_before;
            return finish_page(result, (fill_state){y, notes, shrinkable}, height);
        }
        if (j > first && content &&
            note_boundary(list, j, (fill_state){y, notes, shrinkable}, height, &best,
                          &best_strength, &at_best)) {
            result.end = j;
            return finish_page(result, (fill_state){y, notes, shrinkable}, height);
        }
        if (item->kind == ITEM_TABLE) {
            double closing = closing_height(list, j);
            table_position *to = NULL;
            double used = 0;
            if (!table_fill(item->table, j == first ? table_start : NULL,
                            height + shrinkable - y - notes - closing, height, content,
                            notes > 0 ? 0 : separator, ctx->pass_arena, &to,
                            &used)) {
                /* the table starts on the next page */
                if (best > 0) {
                    result.end = best;
                    return finish_page(result, at_best, height);
                }
                result.end = j;
                return finish_page(result, (fill_state){y, notes, shrinkable}, height);
            }
            if (to) {
                result.end = j + 1;
                result.table_end = to;
                result.forced = to->forced;
                return finish_page(result, (fill_state){y + used, notes, shrinkable},
                                   height);
            }
            y += used;
            content = true;
            continue;
        }
        /* its before-floats take the page's top when they fit with it */
        double next = y + item->height;
        next += take_floats(list, j, next + notes, height + shrinkable, fl);
        /* and with its side float, which must fit below it on the page */
        double reach = next + MAX(layout_side_float_height(item) - item->height, 0.0);
        /* a line moves with its footnotes: both fit on the page, or both go */
        double added = 0;
        for (const layout_footnote *f = item->footnotes; f; f = f->next)
            added += f->height;
        if (added > 0 && notes == 0)
            added += separator;
        bool solid = item->kind == ITEM_LINE || item->floats || item->side_float ||
                     (item->kind != ITEM_SPACE && item->height > 0);
        double room_height = height + shrinkable;
        if (next + notes + added > room_height + LAYOUT_EPSILON && solid &&
            item->kind == ITEM_LINE && item->footnotes &&
            next + notes <= room_height + LAYOUT_EPSILON &&
            split_line_notes(item, j, (fill_state){next, notes, shrinkable}, height,
                             room_height, separator, &result))
            return result;
        if (reach + notes + added > room_height + LAYOUT_EPSILON && solid) {
            /* a keep that this page cannot honour but a taller next page
               can: leave this page empty, as FOP does */
            if ((!content || best_strength >= KEEP_WIDOWS_ORPHANS) &&
                next_height > height + LAYOUT_EPSILON) {
                result.end = first;
                return result;
            }
            /* best is the latest of the weakest boundaries */
            if (content && best > 0) {
                result.end = best;
                return finish_page(result, at_best, height);
            }
        }
        y = next;
        notes += added;
        if (item->kind == ITEM_SPACE && content)
            shrinkable += item->shrink;
        if (item->kind == ITEM_LINE || item->kind == ITEM_ABSOLUTE ||
            (item->kind == ITEM_START && item->block->attached))
            content = true;
    }
    return finish_page(result, (fill_state){y, notes, shrinkable}, height);
}

/* Where the page starting at first ends (fill_page), and the first
 * before-float it leaves for the pages after. */
static page_end break_page(layout_context *ctx, const layout_items *list,
                           int first, const table_position *table_start,
                           double height, double next_height, double separator,
                           double carried, float_mark floats, double float_separator)
{
    float_state fl = {floats, false, false, float_separator};
    page_end result = fill_page(ctx, list, first, table_start, height, next_height,
                                separator, carried, &fl);
    result.floats_end = (float_mark){result.end, 0};
    if (fl.deferring && fl.next.item < result.end)
        result.floats_end = fl.next;
    return result;
}

/* ---- placing -------------------------------------------------------- */

static area *top_area(placer *p, area *region)
{
    return p->depth ? p->areas[p->depth - 1] : region;
}

static area *open_block(layout_context *ctx, const layout_placement *at,
                        const layout_block *block, area *parent, double y,
                        bool first_fragment)
{
    area *a = area_new(ctx->areas, parent, AREA_BLOCK);
    a->x = block->x + at->origin_x;
    a->y = y;
    a->width = block->width;
    a->background = block->background;
    for (int side = 0; side < 4; side++)
        a->border[side] = block->sides[side];
    if (!first_fragment)
        a->border[AREA_TOP].width = 0;
    a->border[AREA_BOTTOM].width = 0; /* set when the block ends here */
    a->name = fo_element_name(block->node->element);
    a->role = layout_role(at, block->node);
    a->source_line = block->node->line;
    a->source = block->node;
    a->lang = fo_get(block->node, FO_PROP_LANGUAGE)->string;
    const char *id = fo_get(block->node, FO_PROP_ID)->string;
    if (id && id[0] && first_fragment)
        a->id = id;
    return a;
}

static void place_absolute(layout_context *ctx, const layout_placement *at,
                           const layout_block *block, area *region);

static const char *marker_class(const fo_node *marker)
{
    const char *name = fo_get(marker, FO_PROP_MARKER_CLASS_NAME)->string;
    return name && name[0] ? name : NULL;
}

static page_marks *marks_for(GHashTable *table, const char *name)
{
    page_marks *marks = g_hash_table_lookup(table, name);
    if (!marks) {
        marks = g_new0(page_marks, 1);
        g_hash_table_insert(table, g_strdup(name), marks);
    }
    return marks;
}

/* Records the markers of a block starting (or ending) on the page being
 * placed, for the page's static content to retrieve. */
static void note_markers(layout_context *ctx, const layout_placement *at,
                         const layout_block *block, bool ending)
{
    if (!at->markers)
        return;
    for (int i = 0; i < block->marker_count; i++) {
        const char *name = marker_class(block->markers[i]);
        if (!name)
            continue;
        page_marks *marks = marks_for(at->markers, name);
        if (ending) {
            marks->last_ending = block->markers[i];
            continue;
        }
        if (!marks->first_starting)
            marks->first_starting = block->markers[i];
        marks->last_starting = block->markers[i];
        g_hash_table_insert(ctx->running_markers, g_strdup(name),
                            (gpointer)block->markers[i]);
    }
}

/* A block going on from the page before carries its markers onto the
 * page: they are its markers "continued" there. */
static void note_continued_markers(const layout_placement *at, const layout_block *block)
{
    for (int m = 0; m < block->marker_count; m++) {
        const char *name = marker_class(block->markers[m]);
        if (name)
            marks_for(at->markers, name)->continued = block->markers[m];
    }
}

/* A fresh marker table for a page, holding the markers in force as it
 * begins (carried over from earlier pages of the sequence). */
static GHashTable *begin_page_markers(layout_context *ctx)
{
    GHashTable *table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GHashTableIter iter;
    gpointer key, value;
    g_hash_table_iter_init(&iter, ctx->running_markers);
    while (g_hash_table_iter_next(&iter, &key, &value))
        marks_for(table, key)->previous = value;
    return table;
}

const fo_node *layout_retrieve_marker(layout_context *ctx, const layout_placement *at,
                                      const fo_node *retrieve)
{
    /* only static content is laid out on finished pages */
    if (!at || !at->artifact || at->page_index < 0 || !ctx->page_markers ||
        at->page_index >= (int)ctx->page_markers->len)
        return NULL;
    const char *name = fo_get(retrieve, FO_PROP_RETRIEVE_CLASS_NAME)->string;
    GHashTable *table = g_ptr_array_index(ctx->page_markers, at->page_index);
    const page_marks *marks = name && table ? g_hash_table_lookup(table, name) : NULL;
    if (!marks)
        return NULL;
    /* when nothing on the page qualifies, XSL falls back on the last
       marker of the earlier pages, unless retrieve-boundary="page" */
    bool page_only = fo_get(retrieve, FO_PROP_RETRIEVE_BOUNDARY)->keyword == FO_KW_PAGE;
    const fo_node *earlier = page_only ? NULL : marks->previous;
    const fo_node *found;
    switch (fo_get(retrieve, FO_PROP_RETRIEVE_POSITION)->keyword) {
    case FO_KW_FIRST_INCLUDING_CARRYOVER:
        found = marks->continued ? marks->continued : marks->first_starting;
        break;
    case FO_KW_LAST_STARTING_WITHIN_PAGE:
        found = marks->last_starting;
        break;
    case FO_KW_LAST_ENDING_WITHIN_PAGE:
        found = marks->last_ending ? marks->last_ending : marks->continued;
        break;
    default: /* first-starting-within-page */
        found = marks->first_starting;
        break;
    }
    return found ? found : earlier;
}

/* The height of a START item's top border and padding; a turned
 * block-container's START also carries the rest of its height. */
static double start_edge(const layout_item *item)
{
    const layout_block *block = item->block;
    return block->orientation ? block->border[AREA_TOP] + block->padding[AREA_TOP]
                              : item->height;
}

/* A turned block-container does not break across pages (nor in FOP 2.8,
 * which also warns): one that reaches past the bottom of the region body
 * from y overflows it, said once per container. */
static void warn_turned_overflow(layout_context *ctx, const layout_block *block,
                                 const area *region, double y)
{
    double past = y + block->min_height - (region->y + region->height);
    if (!block->orientation || region->kind != AREA_REGION || past <= LAYOUT_EPSILON)
        return;
    char *key = g_strdup_printf("turned %p", (const void *)block->node);
    if (g_hash_table_add(ctx->warned, key))
        fo_node_warn(ctx->fo, block->node,
                     "fo:block-container with reference-orientation=\"%d\" is %d pt "
                     "tall on the page and does not break across pages: it "
                     "overflows the region body by %d pt",
                     block->orientation, (int)ceil(block->min_height), (int)ceil(past));
}

static double place_items(layout_context *ctx, const layout_placement *at, placer *p,
                          const layout_items *list, int first, int last,
                          area *region, double y)
{
    int page_index = at->page_index;
    for (int i = first; i < last; i++) {
        const layout_item *item = &list->items[i];
        if (item->side_float)
            place_side_float(ctx, at, item->side_float, top_area(p, region), y);
        switch (item->kind) {
        case ITEM_SPACE:
            y += item->height - item->shrink * p->shrink;
            break;
        case ITEM_LINE:
            inline_place_line(ctx, at, item->paragraph, item->line_index,
                              top_area(p, region), y);
            y += item->height;
            break;
        case ITEM_START: {
            note_markers(ctx, at, item->block, false);
            area *a = open_block(ctx, at, item->block, top_area(p, region), y, true);
            const char *id = fo_get(item->block->node, FO_PROP_ID)->string;
            if (id && id[0])
                layout_note_id(ctx, id, page_index, a->x, y);
            if (p->depth < LAYOUT_MAX_OPEN_BLOCKS) {
                p->blocks[p->depth] = item->block;
                p->areas[p->depth] = a;
                p->started_here[p->depth] = true;
                p->depth++;
            }
            if (item->block->attached) {
                /* the label (or turned content) starts inside the item's
                   border and padding */
                placer inner = {0};
                place_items(ctx, at, &inner, item->block->attached, 0,
                            item->block->attached->count, a, y + start_edge(item));
                warn_turned_overflow(ctx, item->block, region, y);
            }
            y += item->height;
            break;
        }
        case ITEM_END: {
            if (!p->depth)
                break;
            p->depth--;
            area *a = p->areas[p->depth];
            const layout_block *block = p->blocks[p->depth];
            y += item->height;
            if (p->started_here[p->depth] && y - a->y < block->min_height)
                y = a->y + block->min_height;
            a->height = y - a->y;
            /* a turned block-container: its area is its unturned frame */
            a->orientation = block->orientation;
            if (block->orientation)
                a->height = block->turned_height;
            a->border[AREA_BOTTOM] = block->sides[AREA_BOTTOM];
            note_markers(ctx, at, block, true);
            const char *id = fo_get(block->node, FO_PROP_ID)->string;
            if (id && id[0])
                layout_note_id(ctx, id, page_index, a->x, a->y);
            break;
        }
        case ITEM_ABSOLUTE:
            place_absolute(ctx, at, item->block, region);
            break;
        case ITEM_TABLE:
            y = table_place(ctx, at, item->table,
                            i == p->table_first ? p->table_start : NULL,
                            i == p->table_last ? p->table_end : NULL,
                            top_area(p, region), y);
            break;
        }
        /* footnotes cited by content that made no line (flow.c) */
        if (item->kind != ITEM_LINE && at->footnotes)
            for (layout_footnote *f = item->footnotes; f; f = f->next) {
                f->cited_at = y;
                g_ptr_array_add(at->footnotes, f);
            }
    }
    return y;
}

double paginate_place_range(layout_context *ctx, const layout_placement *at,
                            const layout_items *list, int first,
                            const table_position *from, int last,
                            const table_position *to, area *parent, double y)
{
    placer p = {0};
    p.table_first = first;
    p.table_start = from;
    p.table_last = last - 1;
    p.table_end = to;
    /* blocks that items before first opened and did not close */
    for (int i = 0; i < first; i++) {
        const layout_item *item = &list->items[i];
        if (item->kind == ITEM_START && p.depth < LAYOUT_MAX_OPEN_BLOCKS)
            p.blocks[p.depth++] = item->block;
        else if (item->kind == ITEM_END && p.depth)
            p.depth--;
    }
    for (int d = 0; d < p.depth; d++) {
        p.areas[d] = open_block(ctx, at, p.blocks[d], d ? p.areas[d - 1] : parent, y,
                                false);
        p.started_here[d] = false;
    }
    double end = place_items(ctx, at, &p, list, first, last, parent, y);
    while (p.depth) {
        p.depth--;
        p.areas[p.depth]->height = end - p.areas[p.depth]->y;
    }
    return end;
}

double paginate_place(layout_context *ctx, const layout_placement *at,
                      const layout_items *list, int first, int last,
                      area *parent, double y)
{
    placer p = {0};
    double end = place_items(ctx, at, &p, list, first, last, parent, y);
    while (p.depth) {
        p.depth--;
        p.areas[p.depth]->height = end - p.areas[p.depth]->y;
    }
    return end;
}

/* fo:block-container absolute-position="absolute|fixed": placed relative
 * to the region (absolute) or the page (fixed), out of the flow. */
static void place_absolute(layout_context *ctx, const layout_placement *at,
                           const layout_block *block, area *region)
{
    int page_index = at->page_index;
    const fo_node *node = block->node;
    bool fixed = fo_get(node, FO_PROP_ABSOLUTE_POSITION)->keyword == FO_KW_FIXED;
    area_page *page = g_ptr_array_index(ctx->areas->pages, page_index);
    rect box = fixed ? (rect){0, 0, page->width, page->height}
                     : (rect){region->x, region->y, region->width, region->height};
    double left = margin(node, FO_PROP_LEFT, box.width);
    double top = margin(node, FO_PROP_TOP, box.height);
    double right = margin(node, FO_PROP_RIGHT, box.width);
    const fo_value *w = fo_get(node, FO_PROP_WIDTH);
    const fo_value *h = fo_get(node, FO_PROP_HEIGHT);
    double pad_h = block->padding[AREA_LEFT] + block->padding[AREA_RIGHT] +
                   block->border[AREA_LEFT] + block->border[AREA_RIGHT];
    double pad_v = block->padding[AREA_TOP] + block->padding[AREA_BOTTOM] +
                   block->border[AREA_TOP] + block->border[AREA_BOTTOM];
    double width = (w->type == FO_VALUE_LENGTH || w->type == FO_VALUE_PERCENT)
                       ? margin(node, FO_PROP_WIDTH, box.width)
                       : box.width - left - right - pad_h;
    area *a = area_new(ctx->areas, region, AREA_BLOCK);
    a->x = box.x + left;
    a->y = box.y + top;
    /* turned, width and height are those of the unturned content, as
       FOP takes them: a quarter turn puts a box "width" wide and "height"
       tall on its side (area.h) */
    a->orientation = layout_orientation(ctx, node);
    a->width = width + pad_h;
    a->background = block->background;
    for (int side = 0; side < 4; side++)
        a->border[side] = block->sides[side];
    a->name = "block-container";
    a->source_line = node->line;
    a->source = node;
    layout_items content = {0};
    double content_x = block->padding[AREA_LEFT] + block->border[AREA_LEFT];
    /* laid out while placing: in the flow its numbers are still those of
       the previous pass, as for the rest of the flow */
    flow_flatten_container(ctx, at->artifact ? at : NULL, block, content_x, width,
                           &content);
    layout_placement inside = *at;
    inside.origin_x = a->x;
    double end = paginate_place(ctx, &inside, &content, 0, content.count, a,
                                a->y + block->padding[AREA_TOP] +
                                    block->border[AREA_TOP]);
    a->height = h->type == FO_VALUE_LENGTH ? h->number + pad_v
                                           : end - a->y + block->padding[AREA_BOTTOM] +
                                                 block->border[AREA_BOTTOM];
    const char *id = fo_get(node, FO_PROP_ID)->string;
    if (id && id[0])
        layout_note_id(ctx, id, page_index, a->x, a->y);
}

/* ---- pages ---------------------------------------------------------- */

static area *add_region(layout_context *ctx, area *root, const fo_node *node,
                        const char *default_name, rect r, int orientation)
{
    area *a = area_new(ctx->areas, root, AREA_REGION);
    a->orientation = orientation;
    a->x = r.x;
    a->y = r.y;
    a->width = r.width;
    a->height = r.height;
    const char *name = node ? fo_get(node, FO_PROP_REGION_NAME)->string : NULL;
    a->name = name && name[0] ? name : default_name;
    if (node) {
        a->background = fo_get(node, FO_PROP_BACKGROUND_COLOR)->color;
        a->source_line = node->line;
    }
    return a;
}

static const char *region_defaults[5] = {
    "xsl-region-body", "xsl-region-before", "xsl-region-after",
    "xsl-region-start", "xsl-region-end"};

static area *build_page(layout_context *ctx, const fo_node *sequence,
                        const page_geometry *g, const page_plan *plan,
                        const char *format)
{
    area_page *page = area_tree_add_page(ctx->areas, g->width, g->height);
    g_ptr_array_add(ctx->page_sequences, (gpointer)sequence);
    page->number = plan->number;
    page->label = layout_format_number(ctx->areas->arena, plan->number, format);
    if (format && (format[0] == 'i' || format[0] == 'I') && plan->number > LAYOUT_MAX_ROMAN) {
        char *key = g_strdup_printf("roman %p", (const void *)sequence);
        if (g_hash_table_add(ctx->warned, key))
            fo_node_warn(ctx->fo, sequence,
                         "fo:page-sequence: page %d is past the largest Roman "
                         "numeral (%d); its pages from there are numbered in digits",
                         plan->number, LAYOUT_MAX_ROMAN);
    }
    page->master = fo_get(g->master, FO_PROP_MASTER_NAME)->string;
    page->blank = plan->blank;
    page->root = area_new(ctx->areas, NULL, AREA_REGION);
    page->root->name = "page";
    page->root->width = g->width;
    page->root->height = g->height;
    area *body = add_region(ctx, page->root, g->region_nodes[0], region_defaults[0],
                            g->body, g->orientations[0]);
    for (int r = 0; r < 4; r++)
        if (g->region_nodes[r + 1])
            add_region(ctx, page->root, g->region_nodes[r + 1],
                       region_defaults[r + 1], g->regions[r], g->orientations[r + 1]);
    return body;
}

/* Whether the page's region-body is where the flow goes. */
static bool receives_flow(const page_geometry *g, const fo_node *flow)
{
    const char *flow_name = fo_get(flow, FO_PROP_FLOW_NAME)->string;
    const char *region = g->region_nodes[0]
                             ? fo_get(g->region_nodes[0], FO_PROP_REGION_NAME)->string
                             : NULL;
    if (!region || !region[0])
        region = "xsl-region-body";
    return !flow_name || !flow_name[0] || strcmp(flow_name, region) == 0;
}

static const fo_node *flow_of(const fo_node *sequence)
{
    for (const fo_node *c = sequence->first_child; c; c = c->next)
        if (c->element == FO_FLOW)
            return c;
    return NULL;
}

/* An initial-page-number, within +-LAYOUT_MAX_PAGE_NUMBER: so far from
 * int's limits that counting the pages of every sequence on from it cannot
 * overflow (a number near 2^31 did, and printed "-2147483648"). */
static int page_number_of(const fo_value *v)
{
    if (v->number > LAYOUT_MAX_PAGE_NUMBER)
        return LAYOUT_MAX_PAGE_NUMBER;
    if (v->number < -LAYOUT_MAX_PAGE_NUMBER)
        return -LAYOUT_MAX_PAGE_NUMBER;
    return (int)v->number;
}

static int initial_number(layout_context *ctx, const fo_node *sequence, int next)
{
    const fo_value *v = fo_get(sequence, FO_PROP_INITIAL_PAGE_NUMBER);
    if (v->type == FO_VALUE_NUMBER) {
        int number = page_number_of(v);
        if (number != v->number) {
            /* once, not once per layout pass */
            char *key = g_strdup_printf("initial-page-number %p", (const void *)sequence);
            /* %.0f: no decimal separator, whatever the locale */
            if (g_hash_table_add(ctx->warned, key))
                fo_node_warn(ctx->fo, sequence,
                             "fo:page-sequence: initial-page-number %.0f is out of "
                             "range; %d used", v->number, number);
        }
        return number;
    }
    if (v->keyword == FO_KW_AUTO_ODD && next % 2 == 0)
        return next + 1;
    if (v->keyword == FO_KW_AUTO_EVEN && next % 2 != 0)
        return next + 1;
    return next;
}

/* Pages to add at the end for force-page-count. */
static bool needs_blank(const fo_node *sequence, int pages, int last_number,
                        const fo_node *next_sequence)
{
    switch (fo_get(sequence, FO_PROP_FORCE_PAGE_COUNT)->keyword) {
    case FO_KW_EVEN:
        return pages % 2 != 0;
    case FO_KW_ODD:
        return pages % 2 == 0;
    case FO_KW_END_ON_EVEN:
        return last_number % 2 != 0;
    case FO_KW_END_ON_ODD:
        return last_number % 2 == 0;
    case FO_KW_AUTO: {
        if (!next_sequence)
            return false;
        const fo_value *v = fo_get(next_sequence, FO_PROP_INITIAL_PAGE_NUMBER);
        int next = last_number + 1;
        if (v->type == FO_VALUE_NUMBER)
            next = page_number_of(v);
        else if (v->keyword == FO_KW_AUTO_ODD)
            return next % 2 == 0 ? true : false;
        else if (v->keyword == FO_KW_AUTO_EVEN)
            return next % 2 != 0;
        else
            return false;
        /* an explicit odd/even start: end on the other parity */
        return (last_number % 2) == (next % 2);
    }
    default:
        return false;
    }
}

static const fo_node *next_sequence_of(const fo_node *sequence)
{
    for (const fo_node *n = sequence->next; n; n = n->next)
        if (n->element == FO_PAGE_SEQUENCE)
            return n;
    return NULL;
}

static const fo_node *static_content(const fo_node *sequence, const char *name);

/* Height of a separator: the sequence's static content for flow name
 * (xsl-footnote-separator, xsl-before-float-separator), laid out into
 * items. Without one nothing is drawn, as in FOP. */
static double separator_height(layout_context *ctx, const fo_node *sequence,
                               const char *name, double width, layout_items *items)
{
    const fo_node *content = static_content(sequence, name);
    if (content && flow_flatten(ctx, NULL, content, 0, width, items))
        return footnote_height(items);
    return 0;
}

/* The xsl-before-float-separator below a page's before-floats, between
 * them and the flow, as XSL 1.1 names it; returns the y below it. */
static double place_float_separator(layout_context *ctx, const layout_placement *at,
                                    const fo_node *sequence, area *body, double y)
{
    layout_items separator = {0};
    double height = separator_height(ctx, sequence, "xsl-before-float-separator",
                                     body->width, &separator);
    if (separator.count)
        paginate_place(ctx, at, &separator, 0, separator.count, body, y);
    return y + height;
}

/* Footnotes cited on the page, at the bottom of its region body. */
static void place_note(layout_context *ctx, const layout_placement *at,
                       const layout_footnote *note, int from, int to, area *body,
                       double y)
{
    area *block = area_new(ctx->areas, body, AREA_BLOCK);
    block->name = "footnote";
    block->role = "Note";
    block->x = body->x;
    block->y = y;
    block->width = body->width;
    block->height = footnote_part_height(note, from) -
                    (to < note->body->count ? footnote_part_height(note, to) : 0);
    paginate_place_range(ctx, at, note->body, from, NULL, to, NULL, block, y);
}

static gint compare_citations(gconstpointer a, gconstpointer b)
{
    const layout_footnote *x = *(const layout_footnote *const *)a;
    const layout_footnote *y = *(const layout_footnote *const *)b;
    return (x->cited_at > y->cited_at + LAYOUT_EPSILON) - (x->cited_at + LAYOUT_EPSILON < y->cited_at);
}

static void place_footnotes(layout_context *ctx, const fo_node *sequence,
                            area *body, int page_index, GPtrArray *notes,
                            const page_plan *plan)
{
    layout_items separator = {0};
    double height = separator_height(ctx, sequence, "xsl-footnote-separator",
                                     body->width, &separator);
    /* footnotes inside footnotes stay put; their markers are not gathered */
    layout_placement at = {.page_index = page_index, .origin_x = body->x};
    /* in the order their citations are read down the page (table cells
       are placed column by column); the sort is stable */
    g_ptr_array_sort(notes, compare_citations);
    /* the footnotes cited after a split one on its line go on the next
       page with its rest */
    if (plan->split_note)
        for (const layout_footnote *f = plan->split_note->next; f; f = f->next)
            g_ptr_array_remove(notes, (gpointer)f);
    double total = height + carried_height(plan->carry_note, plan->carry_from);
    for (guint k = 0; k < notes->len; k++) {
        const layout_footnote *note = g_ptr_array_index(notes, k);
        total += note == plan->split_note
                     ? note->height - footnote_part_height(note, plan->split_at)
                     : note->height;
    }
    double y = body->y + body->height - total;
    if (separator.count)
        paginate_place(ctx, &at, &separator, 0, separator.count, body, y);
    y += height;
    if (plan->carry_note) {
        place_note(ctx, &at, plan->carry_note, plan->carry_from,
                   plan->carry_note->body->count, body, y);
        y += footnote_part_height(plan->carry_note, plan->carry_from);
        for (const layout_footnote *f = plan->carry_note->next; f; f = f->next) {
            place_note(ctx, &at, f, 0, f->body->count, body, y);
            y += f->height;
        }
    }
    for (guint k = 0; k < notes->len; k++) {
        const layout_footnote *note = g_ptr_array_index(notes, k);
        int to = note == plan->split_note ? plan->split_at : note->body->count;
        if (to == 0)
            continue;
        place_note(ctx, &at, note, 0, to, body, y);
        y += footnote_part_height(note, 0) -
             (to < note->body->count ? footnote_part_height(note, to) : 0);
    }
    g_ptr_array_free(notes, TRUE);
}

/* One page-sequence on its way to pages: its masters, its flattened flow
 * and the pages planned so far. */
typedef struct {
    const fo_node *sequence, *root;
    const fo_node *master;       /* the master-reference's master */
    const fo_node *first_master; /* the master of its first page */
    const fo_node *flow;         /* NULL when it has none */
    layout_items items;
    double separator;            /* height of the footnote separator */
    double float_separator;      /* height of the before-float separator */
    int number;                  /* the next page's number */
    GArray *plans;               /* page_plan */
} sequence_pages;

/* Where planning stands between pages: the next item, a table or a
 * footnote going on from the page before, the forced break that ended it,
 * and how many pages in a row took nothing. */
typedef struct {
    int item;
    table_position *carry;
    const layout_footnote *carry_note;
    int carry_from;
    uint8_t forced;
    int empty_pages;
    float_mark floats;          /* the first before-float not placed yet */
} plan_cursor;

/* Finds the sequence's masters and lays its flow out for the width of its
 * first page's body. */
static bool start_sequence(layout_context *ctx, const fo_node *sequence, int number,
                           sequence_pages *sp, pliego_error *err)
{
    sp->sequence = sequence;
    sp->root = fo_tree_root(ctx->fo);
    sp->number = number;
    const char *reference = fo_get(sequence, FO_PROP_MASTER_REFERENCE)->string;
    sp->master = find_master(sp->root, reference);
    if (!sp->master) {
        fo_node_error(ctx->fo, sequence, err, PLIEGO_ERROR_FO,
                      "fo:page-sequence: master-reference \"%s\" names no "
                      "simple-page-master or page-sequence-master",
                      reference ? reference : "");
        return false;
    }
    sp->first_master = select_master(sp->root, sp->master, 0, false, number, false);
    if (!sp->first_master) {
        fo_node_error(ctx->fo, sequence, err, PLIEGO_ERROR_FO,
                      "fo:page-sequence: no page master applies to page 1 "
                      "of \"%s\"", reference);
        return false;
    }
    page_geometry g;
    geometry_of(ctx, sp->first_master, &g);
    sp->flow = flow_of(sequence);
    ctx->footnote_width = g.body.width;
    if (sp->flow && !flow_flatten(ctx, NULL, sp->flow, 0, g.body.width, &sp->items))
        return false;
    /* before-floats after the flow's last line (behind a table, or in a
       flow of nothing else) ride on a space of their own, kept */
    if (sp->items.pending_floats || sp->items.pending_side) {
        layout_item *item = items_add(ctx, &sp->items, ITEM_SPACE,
                                      sp->items.side_room);
        item->retain = 1;
    }
    layout_items unused = {0};
    sp->separator = separator_height(ctx, sequence, "xsl-footnote-separator",
                                     g.body.width, &unused);
    layout_items unused_too = {0};
    sp->float_separator = separator_height(ctx, sequence, "xsl-before-float-separator",
                                           g.body.width, &unused_too);
    return true;
}

/* Plans the next page (after a blank one when a forced break asks for an
 * odd or even page the next number is not). */
static bool plan_page(layout_context *ctx, sequence_pages *sp, plan_cursor *at,
                      pliego_error *err)
{
    int index = (int)sp->plans->len;
    int i = at->item;
    if ((at->forced == BREAK_ODD_PAGE && sp->number % 2 == 0) ||
        (at->forced == BREAK_EVEN_PAGE && sp->number % 2 != 0)) {
        const fo_node *blank_master = select_master(sp->root, sp->master, index, false,
                                                    sp->number, true);
        page_plan blank = {i, i, true, sp->number++, blank_master, NULL, NULL, NULL, 0,
                           NULL, 0, 0, at->floats, at->floats};
        g_array_append_val(sp->plans, blank);
        index++;
    }
    const fo_node *m = select_master(sp->root, sp->master, index, false, sp->number, false);
    if (!m)
        m = sp->first_master;
    page_geometry g;
    geometry_of(ctx, m, &g);
    const fo_node *following = select_master(sp->root, sp->master, index + 1, false,
                                             sp->number + 1, false);
    page_geometry next = g;
    if (following)
        geometry_of(ctx, following, &next);
    page_end stop = {i, BREAK_NONE, NULL, NULL, 0, 0, at->floats};
    if (!sp->flow || receives_flow(&g, sp->flow)) {
        stop = break_page(ctx, &sp->items, i, at->carry, g.body.height, next.body.height,
                          sp->separator, carried_height(at->carry_note, at->carry_from),
                          at->floats, sp->float_separator);
        /* a page that took before-floats left before took something */
        bool floats = float_seek(&sp->items, at->floats, i).item < i &&
                      (stop.floats_end.item != at->floats.item ||
                       stop.floats_end.index != at->floats.index);
        at->empty_pages = stop.end > i || floats ? 0 : at->empty_pages + 1;
    } else {
        at->empty_pages++;
    }
    at->forced = stop.forced;
    if (at->empty_pages > MAX_EMPTY_PAGES) {
        const fo_node *flow = sp->flow;
        fo_node_error(ctx->fo, flow ? flow : sp->sequence, err, PLIEGO_ERROR_FO,
                      "the flow does not fit: %d pages in a row took none "
                      "of it (is there a region named \"%s\"?)",
                      MAX_EMPTY_PAGES, flow ? fo_get(flow, FO_PROP_FLOW_NAME)->string
                                            : "xsl-region-body");
        return false;
    }
    page_plan plan = {i, stop.end, false, sp->number++, m, at->carry, stop.table_end,
                      at->carry_note, at->carry_from, stop.split_note, stop.split_at,
                      stop.shrink, at->floats, stop.floats_end};
    g_array_append_val(sp->plans, plan);
    at->carry_note = stop.split_note;
    at->carry_from = stop.split_at;
    at->floats = stop.floats_end;
    if (stop.table_end) {
        at->item = stop.end - 1; /* the table goes on at the top of the next page */
        at->carry = stop.table_end;
    } else if (stop.end > i) {
        at->item = skip_spaces(&sp->items, stop.end);
        at->carry = NULL;
    } /* else the page took nothing: the same item starts the next */
    return true;
}

/* Plans every page of the sequence: which items and master each takes. */
static bool plan_pages(layout_context *ctx, sequence_pages *sp, pliego_error *err)
{
    plan_cursor at = {skip_spaces(&sp->items, 0), NULL, NULL, 0, BREAK_NONE, 0, {0, 0}};
    do {
        if (!plan_page(ctx, sp, &at, err))
            return false;
        /* before-floats left for later than the flow's last line */
    } while ((at.item < sp->items.count || at.carry_note ||
              float_seek(&sp->items, at.floats, at.item).item < at.item) &&
             sp->plans->len < MAX_PAGES);
    if (at.item < sp->items.count) {
        /* never drop content silently: a runaway document is an error */
        fo_node_error(ctx->fo, sp->sequence, err, PLIEGO_ERROR_LIMIT,
                      "fo:page-sequence needs more than %d pages", MAX_PAGES);
        return false;
    }
    /* page-position="last" (or "only") may choose another master */
    page_plan *last = &g_array_index(sp->plans, page_plan, sp->plans->len - 1);
    const fo_node *last_master = select_master(sp->root, sp->master,
                                               (int)sp->plans->len - 1, true,
                                               last->number, last->blank);
    if (last_master)
        last->master = last_master;
    if (needs_blank(sp->sequence, (int)sp->plans->len, last->number,
                    next_sequence_of(sp->sequence))) {
        page_plan blank = {sp->items.count, sp->items.count, true, sp->number++, NULL,
                           NULL, NULL, at.carry_note, at.carry_from, NULL, 0, 0,
                           at.floats, at.floats};
        blank.master = select_master(sp->root, sp->master, (int)sp->plans->len, true,
                                     blank.number, true);
        if (!blank.master)
            blank.master = last->master;
        g_array_append_val(sp->plans, blank);
    }
    return true;
}

/* Builds one planned page and places its items and footnotes; p carries
 * the blocks left open from page to page. */
static void place_page(layout_context *ctx, const sequence_pages *sp, page_plan *plan,
                       placer *p)
{
    if (!plan->master)
        plan->master = sp->first_master;
    page_geometry g;
    geometry_of(ctx, plan->master, &g);
    const char *format = fo_get(sp->sequence, FO_PROP_FORMAT)->string;
    area *body = build_page(ctx, sp->sequence, &g, plan, format);
    int page_index = (int)ctx->areas->pages->len - 1;
    layout_placement at = {.page_index = page_index, .origin_x = g.body.x,
                           .footnotes = g_ptr_array_new(),
                           .markers = begin_page_markers(ctx)};
    bool floats = false;
    double y = place_floats(ctx, &at, &sp->items, plan->floats_from, plan->floats_to,
                            body, g.body.y, &floats);
    if (floats)
        y = place_float_separator(ctx, &at, sp->sequence, body, y);
    /* blocks continued from the previous page reopen at the top (below
       the before-floats), with their markers */
    for (int d = 0; d < p->depth; d++) {
        area *parent = d ? p->areas[d - 1] : body;
        p->areas[d] = open_block(ctx, &at, p->blocks[d], parent, y, false);
        p->started_here[d] = false;
        const char *id = fo_get(p->blocks[d]->node, FO_PROP_ID)->string;
        if (id && id[0])
            layout_note_id(ctx, id, page_index, p->areas[d]->x, y);
    }
    p->table_start = plan->table_start;
    p->table_first = plan->first;
    p->table_end = plan->table_end;
    p->table_last = plan->last - 1;
    p->shrink = plan->shrink;
    for (int d = 0; d < p->depth; d++)
        note_continued_markers(&at, p->blocks[d]);
    double end = place_items(ctx, &at, p, &sp->items, plan->first, plan->last, body, y);
    g_ptr_array_add(ctx->page_markers, at.markers);
    if (at.footnotes->len || plan->carry_note)
        place_footnotes(ctx, sp->sequence, body, page_index, at.footnotes, plan);
    else
        g_ptr_array_free(at.footnotes, TRUE);
    for (int d = 0; d < p->depth; d++)
        p->areas[d]->height = end - p->areas[d]->y;
}

bool paginate_sequence(layout_context *ctx, const fo_node *sequence,
                       int *page_number, pliego_error *err)
{
    g_hash_table_remove_all(ctx->running_markers);
    sequence_pages sp = {0};
    if (!start_sequence(ctx, sequence, initial_number(ctx, sequence, *page_number), &sp,
                        err))
        return false;
    sp.plans = g_array_new(FALSE, TRUE, sizeof(page_plan));
    if (!plan_pages(ctx, &sp, err)) {
        g_array_free(sp.plans, TRUE);
        return false;
    }
    placer p = {0};
    int first_page = (int)ctx->areas->pages->len;
    for (guint k = 0; k < sp.plans->len; k++)
        place_page(ctx, &sp, &g_array_index(sp.plans, page_plan, k), &p);
    const char *id = fo_get(sequence, FO_PROP_ID)->string;
    if (id && id[0]) {
        layout_note_id(ctx, id, first_page, 0, 0);
        layout_note_id(ctx, id, (int)ctx->areas->pages->len - 1, 0, 0);
    }
    g_array_free(sp.plans, TRUE);
    *page_number = sp.number;
    return true;
}

/* ---- static content ------------------------------------------------- */

static const fo_node *static_content(const fo_node *sequence, const char *name)
{
    for (const fo_node *c = sequence->first_child; c; c = c->next) {
        if (c->element != FO_STATIC_CONTENT)
            continue;
        const char *flow = fo_get(c, FO_PROP_FLOW_NAME)->string;
        if (flow && strcmp(flow, name) == 0)
            return c;
    }
    return NULL;
}

/* The region FO of the page's master that has the given region name. */
static const fo_node *region_node(const fo_node *root, const area_page *page,
                                  const char *name)
{
    const fo_node *master = find_master(root, page->master);
    for (const fo_node *r = master ? master->first_child : NULL; r; r = r->next) {
        int kind = r->element - FO_REGION_BODY;
        if (kind < 0 || kind > 4)
            continue;
        const char *own = fo_get(r, FO_PROP_REGION_NAME)->string;
        if (strcmp(own && own[0] ? own : region_defaults[kind], name) == 0)
            return r;
    }
    return NULL;
}

const char *layout_role(const layout_placement *at, const fo_node *node)
{
    if (at->artifact)
        return NULL; /* headers and footers are not part of the text */
    switch (node->element) {
    case FO_BLOCK: {
        const char *role = fo_get(node, FO_PROP_ROLE)->string;
        /* role="H1" and the like name a standard structure type */
        if (role && g_ascii_isupper(role[0]) && strlen(role) <= 12)
            return role;
        for (const fo_node *c = node->first_child; c; c = c->next)
            if (c->element == FO_TEXT || c->element == FO_INLINE ||
                c->element == FO_BASIC_LINK || c->element == FO_CHARACTER ||
                c->element == FO_PAGE_NUMBER || c->element == FO_LEADER ||
                c->element == FO_EXTERNAL_GRAPHIC)
                return "P";
        return "Div";
    }
    case FO_LIST_BLOCK: return "L";
    case FO_LIST_ITEM: return "LI";
    case FO_LIST_ITEM_LABEL: return "Lbl";
    case FO_LIST_ITEM_BODY: return "LBody";
    case FO_TABLE_CAPTION: return "Caption";
    case FO_BLOCK_CONTAINER: case FO_TABLE_AND_CAPTION: return "Div";
    default: return NULL;
    }
}

static bool place_static(layout_context *ctx, const fo_node *content,
                         const fo_node *region_fo, area *region, int page_index)
{
    /* headers and footers: no structure, no footnotes, no markers */
    layout_placement at = {.page_index = page_index, .origin_x = region->x,
                           .artifact = true};
    layout_items items = {0};
    if (!flow_flatten(ctx, &at, content, 0, region->width, &items))
        return false;
    double height = 0;
    for (int i = 0; i < items.count; i++)
        height += items.items[i].height;
    double y = region->y;
    /* display-align belongs to the region; the content may set its own */
    uint16_t align = fo_get(content, FO_PROP_DISPLAY_ALIGN)->keyword;
    if (align == FO_KW_AUTO && region_fo)
        align = fo_get(region_fo, FO_PROP_DISPLAY_ALIGN)->keyword;
    if (align == FO_KW_CENTER)
        y += (region->height - height) / 2;
    else if (align == FO_KW_AFTER)
        y += region->height - height;
    paginate_place(ctx, &at, &items, skip_spaces(&items, 0), items.count, region, y);
    return true;
}

bool paginate_static_content(layout_context *ctx)
{
    const fo_node *root = fo_tree_root(ctx->fo);
    int page_index = 0;
    for (const fo_node *s = root->first_child; s; s = s->next) {
        if (s->element != FO_PAGE_SEQUENCE)
            continue;
        int count = 0;
        while (page_index + count < (int)ctx->page_sequences->len &&
               g_ptr_array_index(ctx->page_sequences, page_index + count) == s)
            count++;
        for (int k = 0; k < count; k++) {
            int index = page_index + k;
            area_page *page = g_ptr_array_index(ctx->areas->pages, index);
            for (area *region = page->root->first_child; region; region = region->next) {
                const fo_node *content = static_content(s, region->name);
                if (content && !place_static(ctx, content,
                                             region_node(root, page, region->name),
                                             region, index))
                    return false;
            }
        }
        page_index += count;
    }
    return true;
}
