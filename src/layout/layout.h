/* The layout stage, private to libpliego: FO tree in, area tree out.
 *
 * Layout runs in explicit passes (layout.c):
 *   1. flow.c turns each flow into a flat list of items (lines, spaces,
 *      block starts and ends) for the width of its region; inline.c breaks
 *      paragraphs into lines with Pango;
 *   2. paginate.c picks page masters, breaks the item list into pages
 *      honouring keeps, breaks, widows and orphans, and builds the areas;
 *   3. page-number citations are checked: if a number used while breaking
 *      lines differs from where its target landed, passes 1-2 run again;
 *   4. static content (headers, footers) is laid out on every page with the
 *      final numbers; bookmarks and metadata are copied.
 * The items of a pass live in the pass's arena; the areas in the area tree.
 */
#ifndef PLIEGO_LAYOUT_H
#define PLIEGO_LAYOUT_H

#include <pango/pango.h>
#include <stdbool.h>

#include "fo/fo.h"
#include "layout/area.h"

#define KEEP_ALWAYS 1000      /* strength of keep="always" */
#define KEEP_STRUCTURAL 1500  /* inside a block's top border, before its end */
/* Widows and orphans bind lines just below keep="always": a keep of the
 * document's own wins over them, as in FOP. */
#define KEEP_WIDOWS_ORPHANS (KEEP_ALWAYS - 1)

/* Lengths (points) closer than this are equal: what fits "exactly" fits
 * despite rounding. */
#define LAYOUT_EPSILON 0.01

/* Blocks open at once while placing (paginate.c): the flow's blocks nest
 * at most FO_MAX_NESTING deep, and static content may hold a retrieved
 * marker's blocks, as deep again, inside its own (a retrieved marker does
 * not retrieve further markers). Table cells, footnotes and
 * block-containers start their own count. */
#define LAYOUT_MAX_OPEN_BLOCKS (2 * FO_MAX_NESTING + 1)

/* Page numbers (initial-page-number) are kept within plus or minus this,
 * with a warning; with at most 100,000 pages a sequence, numbering never
 * comes near int's limits. */
#define LAYOUT_MAX_PAGE_NUMBER 1000000000

/* The largest number written in Roman numerals (MMMCMXCIX); larger ones
 * are written in decimal digits, since Roman numerals have no digit above
 * M and a number near a billion would take a million "M". */
#define LAYOUT_MAX_ROMAN 3999

typedef struct layout_context layout_context;

/* Where the numbers of an id landed in the previous pass. */
typedef struct {
    int first_page;           /* index into the area tree's pages */
    int last_page;
} layout_id_pages;

struct layout_context {
    fo_tree *fo;
    area_tree *areas;
    PangoContext *pango;
    pliego_arena *pass_arena;   /* items of the current pass */
    GHashTable *warned;         /* warnings given once per document */
    GPtrArray *image_folders;   /* real paths images may be read from */
    int missing_glyphs;         /* characters without a glyph so far */
    GHashTable *document_ids;   /* every id of the FO tree */
    GHashTable *descriptions;   /* computed values -> PangoFontDescription */
    GHashTable *id_pages;       /* id -> layout_id_pages* (previous pass) */
    GHashTable *id_pages_next;  /* id -> layout_id_pages* (this pass) */
    GHashTable *number_pages;   /* fo:page-number ordinal -> page index+1 */
    GHashTable *number_pages_next;
    bool unresolved;            /* a number used in this pass was unknown */
    bool looked_up;             /* this pass used a page number in the flow */
    GPtrArray *page_sequences;  /* page index -> its fo:page-sequence */
    GPtrArray *labels;          /* page labels of the previous pass */
    GPtrArray *paragraphs;      /* layout_paragraph*, freed after the pass */
    double footnote_width;      /* region body width, for footnote bodies */
    GPtrArray *page_markers;    /* page index -> GHashTable class -> page_marks */
    GHashTable *running_markers;/* class -> the last marker started so far */
    pliego_error *error;        /* filled when laying out fails (a limit) */
};

/* What the content being placed now is placed for: passed down the
 * placing functions (paginate.c, inline.c, table.c) as an argument, never
 * kept in the context. A function that places part of its content
 * differently (a block-container's origin, footnotes) passes a changed
 * copy.
 *
 * The laying-out functions (flow_flatten and those it calls) take one too,
 * or NULL: NULL for the flow, whose pages are not known while it is laid
 * out; the static content's placement, whose page numbers are final; and a
 * table header or footer's, with fragment set, when it is laid out again
 * for the part of its table on a page. */
typedef struct layout_placement {
    int page_index;             /* the page, as an index into the area tree */
    double origin_x;            /* left of the reference area of the items */
    bool artifact;              /* static content: headers and footers carry
                                   no structure, and their numbers are final */
    const struct table_fragment *fragment; /* the table part a header or
                                   footer is laid out again for, or NULL */
    GPtrArray *footnotes;       /* layout_footnote* cited on the page, or NULL
                                   where citations hang no footnote (static
                                   content, footnote bodies) */
    GHashTable *markers;        /* class -> page_marks of the page, or NULL
                                   where markers are not gathered */
} layout_placement;

/* ---- items: the flattened flow ------------------------------------- */

typedef enum {
    ITEM_LINE,    /* a line of text */
    ITEM_SPACE,   /* resolved space between blocks; dropped at page breaks */
    ITEM_START,   /* a block starts: its top border and padding */
    ITEM_END,     /* a block ends: its bottom padding and border */
    ITEM_ABSOLUTE,/* an absolutely positioned block-container (no height) */
    ITEM_TABLE    /* a whole fo:table, split between pages by table.c */
} item_kind;

typedef enum {
    BREAK_NONE = 0, BREAK_PAGE, BREAK_ODD_PAGE, BREAK_EVEN_PAGE
} break_kind;

/* A paragraph: one Pango layout and what its lines need when placed. */
typedef struct layout_paragraph layout_paragraph;

/* The body of an fo:footnote, laid out for the region body's width, hung
 * on the line that holds its citation. */
typedef struct layout_footnote {
    struct layout_items *body;
    double height;
    double cited_at;            /* y of the citing line on its page */
    struct layout_footnote *next;
} layout_footnote;

/* A table laid out for its width (table.c). */
typedef struct layout_table layout_table;

/* The part of a table on one page, for fo:retrieve-table-marker: body
 * rows first..last, the first going on from the page before (continued),
 * the last going on to the next (split). */
typedef struct table_fragment {
    const struct layout_table *table;
    int first, last;
    bool continued, split;
} table_fragment;

/* Where a table stands at a page break: the body row to go on with and,
 * by column, the first item not yet placed of each cell that covers that
 * row (NULL when every such cell starts afresh). split says whether the
 * row's own cells were started on the page before; when not, only cells
 * spanning into the row from above go on. When that first item is a
 * table nested in the cell and cut by the same break, inner (by column,
 * NULL when none) says where it goes on and inner_height how tall its
 * part on the page before is. */
typedef struct table_position {
    int row;
    int *next_item;
    const struct table_position **inner;
    double *inner_height;
    bool split;
    uint8_t forced;             /* break_kind of a forced break here */
} table_position;

/* The decoration and geometry of a block, shared by its START and END. */
typedef struct {
    const fo_node *node;
    double x, width;            /* border box, horizontally */
    double border[4];           /* AREA_TOP, AREA_BOTTOM, AREA_LEFT, AREA_RIGHT */
    double padding[4];
    area_border sides[4];
    uint32_t background;
    double min_height;          /* list-item labels or fixed heights */
    struct layout_items *attached; /* list-item label, placed at the start */
    const fo_node **markers;    /* fo:marker children, for running headers */
    int marker_count;
    bool reference;             /* block-container: children are clipped to it */
    int orientation;            /* a turned block-container in the flow: its
                                   content is attached, laid out unturned */
    double turned_height;       /* its unturned height, borders included */
} layout_block;

/* Fills the borders, padding and background of block from node's
 * properties, sides as drawn on the page (start and end swapped right to
 * left); percentages are of base. */
void layout_decorate(layout_block *block, const fo_node *node, double base);

typedef struct layout_item {
    uint8_t kind;               /* item_kind */
    uint8_t break_before;       /* break_kind forced before this item */
    uint8_t retain;             /* SPACE: kept at the top of a page */
    int keep_before;            /* strength of the boundary before this item */
    double height;
    double shrink;              /* SPACE: how far below height it may go */
    layout_block *block;        /* START, END, ABSOLUTE */
    layout_paragraph *paragraph;/* LINE */
    int line_index;             /* LINE: index in the paragraph */
    layout_table *table;        /* TABLE */
    layout_footnote *footnotes; /* LINE: footnotes cited on the line */
} layout_item;

typedef struct layout_items {
    layout_item *items;
    int count;
    int capacity;
    int pending_keep;           /* keep-with-next waiting for content */
    int keep_together;          /* strength of the blocks now open */
    uint8_t pending_break;      /* break-after waiting for the next item */
} layout_items;

/* Flattens the block-level children of node (a flow, static-content,
 * block-container, ...) for a reference area width wide starting at x. */
bool flow_flatten(layout_context *ctx, const layout_placement *at,
                  const fo_node *node, double x, double width, layout_items *out);

/* ---- paragraphs (inline.c) ---------------------------------------- */

/* Builds and breaks the inline content of block from child first up to
 * (not including) stop, for content from x to x + width. Appends a
 * LINE item per line to out, with widows and orphans applied. is_first
 * is true when this is the block's first line set (text-indent). */
bool inline_flatten(layout_context *ctx, const layout_placement *at,
                    const fo_node *block,
                    const fo_node *first, const fo_node *stop,
                    double x, double width, bool is_first,
                    layout_items *out);

/* Frees what a paragraph holds outside the pass arena. */
void inline_paragraph_free(gpointer paragraph);

/* Places line line_index of paragraph as an AREA_LINE under parent with
 * its top at y; records ids, links, page numbers and footnotes for the
 * page of at. */
void inline_place_line(layout_context *ctx, const layout_placement *at,
                       const layout_paragraph *paragraph, int line_index,
                       area *parent, double y);

/* Where the text of a paragraph came from: byte start -> text node. */
typedef struct {
    int start;
    const fo_node *node;
} layout_text_source;

/* Warns once per document for each character of layout (laid out) that
 * no font has a glyph for, at the line of its text node in sources
 * (layout_text_source, by start), else of block (missing_glyph.c). */
void missing_glyphs_check(layout_context *ctx, PangoLayout *layout,
                          const GArray *sources, const fo_node *block);

/* ---- fonts (fonts.c) ------------------------------------------------ */

/* The Pango font description for a node's computed font properties,
 * owned by the context (cached per computed-value array). Family names map
 * as FOP's configuration does. */
const PangoFontDescription *fonts_describe(layout_context *ctx,
                                           const fo_value *values);

/* Ascent and descent in points of the font described, as Pango measures
 * glyph runs, and (box_*, may be NULL) the typographic ones FOP places
 * baselines by. */
void fonts_metrics(layout_context *ctx, const PangoFontDescription *font,
                   double *ascent, double *descent, double *box_ascent,
                   double *box_descent);

/* The x-height in points of the font described (OS/2 sxHeight; half the
 * size when the font names none): what FOP raises superscripts by. */
double fonts_x_height(layout_context *ctx, const PangoFontDescription *font);

/* Line height in points for a node's computed values. */
double fonts_line_height(const fo_value *values);

/* ---- helpers shared by the stage ------------------------------------ */

/* A length property resolved to points; percentages of base; functions
 * (label-end(), body-start()) from the nearest list-block of node. */
double layout_length(layout_context *ctx, const fo_node *node,
                     fo_property_id id, double base);

/* The reference-orientation of a region or block-container node in
 * degrees counterclockwise from its parent's: 0, 90, 180 or 270. A value
 * that is not a multiple of 90 gives one warning and counts as 0. A value
 * equal to the parent's is taken as inherited: no further turn. */
int layout_orientation(layout_context *ctx, const fo_node *node);

/* The keep strength of a keep property (0 auto, integer, KEEP_ALWAYS). */
int layout_keep(const fo_node *node, fo_property_id page,
                fo_property_id column);

/* The break_kind that break-before or break-after (id) of node asks for:
 * page and column breaks are page breaks. */
uint8_t layout_break_of(const fo_node *node, fo_property_id id);

/* Formats number as the XSL format token says ("1", "01", "i", "I",
 * "a", "A"); returns an arena copy. Numbers above LAYOUT_MAX_ROMAN are
 * written in digits even when the token asks for Roman numerals. */
const char *layout_format_number(pliego_arena *arena, int number,
                                 const char *format);

/* Appends an item, applying pending keeps and breaks; returns it. */
layout_item *items_add(layout_context *ctx, layout_items *list,
                       item_kind kind, double height);

/* Records that id starts (or goes on) on page_index; y is its top. */
void layout_note_id(layout_context *ctx, const char *id, int page_index,
                    double x, double y);

/* The page index (0-based) where id first / last appears, or -1. */
int layout_id_page(layout_context *ctx, const char *id, bool last);

/* True when some element of the document has id. A citation of an id no
 * element has can never resolve: layout_run has warned about it once, and
 * the citation prints "0" without asking for another pass. */
bool layout_id_exists(layout_context *ctx, const char *id);

/* Paginates one fo:page-sequence, appending pages to the area tree. */
bool paginate_sequence(layout_context *ctx, const fo_node *sequence,
                       int *page_number, pliego_error *err);

/* Lays out static content on every page (pass 4). false with the
 * context's error when some content cannot be laid out (a limit). */
bool paginate_static_content(layout_context *ctx);

/* Places items [first, last) under parent from y; returns the y below. */
double paginate_place(layout_context *ctx, const layout_placement *at,
                      const layout_items *list, int first, int last,
                      area *parent, double y);

/* Flattens the content of an absolutely positioned block-container. */
bool flow_flatten_container(layout_context *ctx, const layout_placement *at,
                            const layout_block *block, double x, double width,
                            layout_items *out);

/* The right edge of line line_index of paragraph p: its left x plus the
 * line's natural width (inline.c). */
double inline_line_right(const layout_paragraph *p, int line_index);

/* The narrowest and the natural width of the block-level content of node
 * (a table cell, ...): the widest unbreakable run of its lines, and its
 * widest line when nothing wraps, from its content's left edge. Returns
 * false when the content holds something not measured (a nested table,
 * a block-container with its own width), so the caller falls back. */
bool layout_measure(layout_context *ctx, const layout_placement *at,
                    const fo_node *node, double *min, double *max);

/* ---- tables (table.c) ------------------------------------------------ */

/* Builds the table for width from x and appends its TABLE item. */
bool table_flatten(layout_context *ctx, const layout_placement *at,
                   const fo_node *node, double x, double width, layout_items *out);

/* How much of table t fits in avail points from position from (NULL: its
 * start). Returns false when none of it should go on this page (it moves
 * whole to the next one). Otherwise *to is where the next page goes on
 * (NULL when the table ended here) and *used the height it takes,
 * footnotes cited in its cells included (with separator, the height of
 * the footnote separator when the page has no footnote yet, else 0). */
bool table_fill(const layout_table *t, const table_position *from, double avail,
                double page_height, bool page_has_content, double separator,
                pliego_arena *arena, table_position **to, double *used);

/* Places the part of t from from to to (as table_fill gave them) under
 * parent from y, with the header and footer; returns the y below. A
 * header or footer that retrieves table markers or shows the page number
 * is laid out again, in t, for this part and page first. */
double table_place(layout_context *ctx, const layout_placement *at,
                   layout_table *t, const table_position *from,
                   const table_position *to, area *parent, double y);

/* Places items [first, last) of list, reopening the blocks that items
 * before first left open; item first, a table, goes on from from (NULL:
 * its start) and item last - 1 stops at to (NULL: its end). Returns the y
 * below. */
double paginate_place_range(layout_context *ctx, const layout_placement *at,
                            const layout_items *list, int first,
                            const table_position *from, int last,
                            const table_position *to, area *parent, double y);

/* The markers of one class on one page, for fo:retrieve-marker. */
typedef struct {
    const fo_node *first_starting, *last_starting;
    const fo_node *continued;     /* of a block going on from the page before */
    const fo_node *previous;      /* the last one started on earlier pages */
    const fo_node *last_ending;
} page_marks;

/* The fo:marker that an fo:retrieve-marker in static content laid out for
 * at stands for, or NULL (also outside static content). */
const fo_node *layout_retrieve_marker(layout_context *ctx,
                                      const layout_placement *at,
                                      const fo_node *retrieve);

/* The fo:marker an fo:retrieve-table-marker in a table header or footer
 * stands for, in the fragment at is laid out for, or NULL. */
const fo_node *layout_retrieve_table_marker(const layout_placement *at,
                                            const fo_node *retrieve);

/* The fo:marker that node, an fo:retrieve-marker or
 * fo:retrieve-table-marker, stands for, or NULL (also for any other node).
 * One inside an fo:marker stands for nothing, with a warning: retrieved
 * content retrieves no more markers, so retrieval always ends. */
const fo_node *layout_retrieve(layout_context *ctx, const layout_placement *at,
                               const fo_node *node);

/* The PDF structure type for the areas of a block-level node placed for
 * at, or NULL (static content has none). */
const char *layout_role(const layout_placement *at, const fo_node *node);

/* Height of a footnote's items from item from on. */
double footnote_part_height(const layout_footnote *note, int from);

/* Height of a footnote's items. */
double footnote_height(const layout_items *body);

/* Runs every pass; returns the area tree the caller frees, or NULL with
 * err filled. Images are read only from the FO file's folder and those of
 * image_folders (char*, may be NULL), subfolders included. */
area_tree *layout_run(fo_tree *fo, const GPtrArray *image_folders,
                      pliego_error *err);

#endif
