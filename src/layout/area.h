/* The area tree: what layout produces and every renderer reads.
 *
 * Pages hold a tree of positioned areas: regions, blocks, lines and the
 * inline pieces of a line that need drawing of their own (leaders, links,
 * images). Coordinates are absolute, in points, with the origin at the top
 * left corner of the page and y growing downwards. Text is drawn from Pango
 * layout lines: a line area keeps the PangoLayoutLine (and a reference on
 * its PangoLayout) and the renderer draws it with its left end at x and its
 * baseline at baseline; justification, colour, underline and shifts are
 * Pango attributes of the layout.
 *
 * Everything here lives in the tree's arena and is freed by area_tree_free,
 * which also drops the Pango references the tree collected.
 */
#ifndef PLIEGO_AREA_H
#define PLIEGO_AREA_H

#include <pango/pango.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "common/arena.h"

typedef enum {
    AREA_REGION,  /* a region of a page: name is the region name */
    AREA_BLOCK,   /* a block-level area (block, list item, container) */
    AREA_LINE,    /* one line of text */
    AREA_LEADER,  /* fill of an fo:leader inside a line */
    AREA_LINK,    /* the clickable rectangle of an fo:basic-link */
    AREA_RULE,    /* a plain filled rectangle (rules, separators) */
    AREA_IMAGE    /* an external graphic (renderer part 2) */
} area_kind;

typedef enum {
    AREA_BORDER_NONE = 0,
    AREA_BORDER_SOLID,
    AREA_BORDER_DASHED,
    AREA_BORDER_DOTTED,
    AREA_BORDER_DOUBLE
} area_border_style;

/* Sides in the order before (top), after (bottom), start (left), end
 * (right) as drawn on the page: layout has already mapped writing modes. */
enum { AREA_TOP, AREA_BOTTOM, AREA_LEFT, AREA_RIGHT };

typedef struct {
    double width;              /* points; 0 = no border */
    uint8_t style;             /* area_border_style */
    uint32_t color;            /* 0xRRGGBBAA */
} area_border;

typedef enum {
    AREA_LEADER_SPACE,
    AREA_LEADER_DOTS,
    AREA_LEADER_RULE
} area_leader_pattern;

typedef struct area area;
struct area {
    area_kind kind;
    area *parent;
    area *first_child;
    area *last_child;
    area *next;

    /* The border box: borders are drawn inside it, the background fills
     * it. For lines it is the line box. */
    double x, y, width, height;

    /* reference-orientation (regions, block-containers): 0, 90, 180 or
     * 270 degrees counterclockwise. The box and everything inside are laid
     * out unrotated, with the box's top left corner where the rotated
     * box's is; for 90 and 270 the rotated box on the page is height wide
     * and width tall. Renderers turn the area with its content into it. */
    int orientation;

    uint32_t background;       /* 0xRRGGBBAA; alpha 0 = none */
    area_border border[4];     /* AREA_TOP, AREA_BOTTOM, AREA_LEFT, AREA_RIGHT */

    const char *name;          /* region name, or FO element name */
    const char *id;            /* FO id, if the area starts an element with one */
    int source_line;           /* line of the FO element in its file */

    /* AREA_LINE */
    double baseline;           /* absolute y of the baseline */
    PangoLayoutLine *line;     /* drawn with its left end at x */
    const char *text;          /* the line's text (for dumps and tests) */

    /* AREA_LEADER: pattern drawn across x..x+width on the line */
    uint8_t leader_pattern;    /* area_leader_pattern */
    uint8_t rule_style;        /* area_border_style for rules */
    double rule_thickness;
    uint32_t color;            /* leader/rule colour */
    PangoLayout *dots;         /* AREA_LEADER_DOTS: one pattern unit ("."),
                                  repeated every pattern_width points */
    double pattern_width;

    /* AREA_LINK */
    const char *uri;           /* external destination, or NULL */
    const char *destination;   /* internal destination (an FO id), or NULL */

    /* AREA_IMAGE: the image is scaled to the area's box; when clip is set
       only the part inside clip_width x clip_height from the box's top
       left corner is drawn (its viewport, overflow="hidden") */
    const char *src;           /* resolved file path */
    const char *alt_text;
    bool clip;
    double clip_width, clip_height;

    /* Tagged PDF: the structure type this area's content belongs to
       ("P", "H1", "L", "LI", "Table", "TR", "TD", "Figure"...), or NULL */
    const char *role;
    /* The formatting object the area was made from, when its structure
       element may be split by pages: the parts of one table, list or
       block on several pages share it, so the archival PDF can make them
       one element again (src/archive). Not dumped. */
    const void *source;
    uint8_t section;           /* table rows: area_table_section */
    const char *lang;          /* blocks: the FO language property, for the
                                  PDF's /Lang where it differs. Not dumped. */
    bool repeated;             /* a table header or footer row drawn again
                                  at a break: an artifact in the PDF */
};

/* Which part of its table a row area belongs to, for THead, TBody, TFoot. */
typedef enum {
    AREA_SECTION_NONE,
    AREA_SECTION_HEADER,
    AREA_SECTION_BODY,
    AREA_SECTION_FOOTER,
} area_table_section;

typedef struct {
    int number;                /* the page number (initial-page-number based) */
    const char *label;         /* the formatted number ("iv", "07") */
    const char *master;        /* master-name of the simple-page-master used */
    bool blank;                /* inserted by force-page-count or odd/even breaks */
    double width, height;      /* points */
    area *root;                /* children: AREA_REGION areas */
} area_page;

typedef struct area_bookmark area_bookmark;
struct area_bookmark {
    const char *title;
    const char *destination;   /* internal destination id, or NULL */
    const char *uri;           /* external destination, or NULL */
    bool open;                 /* starting-state="show" */
    area_bookmark *first_child;
    area_bookmark *next;
};

/* Where an id landed: for internal links, bookmarks and citations. */
typedef struct {
    const char *id;
    int page_index;            /* 0-based index into pages */
    double x, y;               /* top left of the first area, points */
} area_destination;

typedef struct {
    const char *title, *author, *subject, *keywords, *creator;
    const char *language;      /* xml:lang or language of fo:root, or NULL */
} area_metadata;

typedef struct area_tree area_tree;
struct area_tree {
    pliego_arena *arena;
    GPtrArray *pages;          /* area_page* */
    GPtrArray *layouts;        /* PangoLayout* references, unreffed at free */
    GHashTable *destinations;  /* id -> area_destination* */
    area_bookmark *bookmarks;  /* first top-level bookmark, or NULL */
    area_metadata metadata;
};

area_tree *area_tree_new(void);
void area_tree_free(area_tree *tree);

/* Returns a new page appended to the tree. */
area_page *area_tree_add_page(area_tree *tree, double width, double height);

/* Returns a new area of kind, appended as the last child of parent (parent
 * may be NULL for a page root). */
area *area_new(area_tree *tree, area *parent, area_kind kind);

/* Keeps a reference on layout until the tree is freed. */
void area_tree_keep_layout(area_tree *tree, PangoLayout *layout);

/* Records where id landed (the first call for an id wins). */
void area_tree_add_destination(area_tree *tree, const char *id,
                               int page_index, double x, double y);
const area_destination *area_tree_find_destination(const area_tree *tree,
                                                   const char *id);

/* Writes the tree as XML (see docs/area-tree.md) to stream: one <page> per
 * page with its areas, coordinates rounded to 0.01 pt so golden files are
 * stable across machines. */
void area_tree_dump(const area_tree *tree, FILE *stream);

/* The decorations of a line area's text (decorations.c): true when some
   run is underlined, struck through, overlined or moved off the baseline;
   and the dump's <underline text="..."/> (and line-through, overline,
   <shift text="..." rise="..."/>) elements, one per decorated stretch,
   indented depth levels. */
bool area_line_has_decorations(const area *a);
void area_line_dump_decorations(FILE *stream, const area *a, int depth);

#endif
