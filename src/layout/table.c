/* Tables: fo:table in, one TABLE item out, and its rows placed page by page.
 *
 * table_flatten() builds the grid (columns from fo:table-column, cells
 * placed by their spans), lays every cell's content out as an item list of
 * its own for the cell's width, and measures the rows. The page breaker
 * sees the whole table as one item it can split: table_fill() says how
 * much of the table fits in the height left on a page, breaking between
 * rows, or inside a row between lines of its cells when a row does not
 * fit; table_place() builds the areas of one page's part, repeating the
 * header and footer on every page unless told to omit them at breaks.
 * Borders: in the collapsing model a cell draws its top and left borders
 * (the larger of its own and its neighbour's) and the outer right and
 * bottom edges; in the separate model every cell draws its own four,
 * border-separation apart, inside the table's own border.
 */
#include "layout/layout.h"

#include <math.h>
#include <string.h>

#define MAX_COLUMNS 1000

typedef struct table_cell {
    const fo_node *node;
    int row, column, columns, rows; /* row: where it starts in its section */
    double x, width;            /* border box, horizontally */
    double inset[4];            /* border drawn by this cell + padding */
    area_border sides[4];
    uint32_t background;
    layout_items content;
    double content_height;
    uint8_t break_after;        /* break_kind forced after the cell */
    bool retain_before, retain_after; /* borders kept where a break cuts it */
} table_cell;

typedef struct {
    const fo_node *node;
    table_cell **cells;
    int count;
    double height;              /* natural height of the complete row */
    int keep_together, keep_with_next, keep_with_previous;
    uint8_t break_before;       /* break_kind forced before the row */
    bool break_inside;          /* a cell has a forced page break inside */
    int group_end;              /* last row joined to this one by spans */
    const fo_node **markers;    /* fo:marker of its cells, for table markers */
    int marker_count;
} table_row;

typedef struct {
    table_row *rows;
    int count;
} table_section;

struct layout_table {
    const fo_node *node;
    double x, width;
    int columns;
    double *column_x, *column_width;
    bool *column_auto;          /* no width given: from content when auto */
    double *column_share;       /* proportional-column-width(), else 0 */
    const fo_node **column_node; /* its fo:table-column, or NULL */
    double usable;              /* the width the columns share */
    bool auto_layout;           /* table-layout="auto" */
    bool collapse;
    double spacing;             /* border-separation between columns and */
    double row_spacing;         /* between rows (separate model) */
    area_border edges[4];       /* the table's own borders (collapse) */
    table_section header, body, footer;
    double header_height, footer_height;
    bool omit_header, omit_footer;
    int keep_together;
    bool header_retrieves, footer_retrieves; /* hold fo:retrieve-table-marker */
};

/* ---- columns -------------------------------------------------------- */

static int count_of(const fo_node *node, fo_property_id id)
{
    const fo_value *v = fo_get(node, id);
    int n = v->type == FO_VALUE_NUMBER ? (int)v->number : 1;
    return n < 1 ? 1 : n > MAX_COLUMNS ? MAX_COLUMNS : n;
}

/* The columns the first row's cells span, counted up to MAX_COLUMNS + 1
 * (which stands for "too many"). */
static int first_row_cells(const fo_node *table)
{
    for (const fo_node *part = table->first_child; part; part = part->next) {
        if (part->element != FO_TABLE_BODY && part->element != FO_TABLE_HEADER)
            continue;
        int columns = 0;
        const fo_node *first = part->first_child;
        while (first && first->element != FO_TABLE_ROW &&
               first->element != FO_TABLE_CELL)
            first = first->next;
        if (!first)
            continue;
        const fo_node *row = first->element == FO_TABLE_ROW ? first : part;
        for (const fo_node *c = row->first_child; c && columns <= MAX_COLUMNS; c = c->next)
            if (c->element == FO_TABLE_CELL)
                columns = MIN(columns + count_of(c, FO_PROP_NUMBER_COLUMNS_SPANNED),
                              MAX_COLUMNS + 1);
        if (columns)
            return columns;
    }
    return 1;
}

/* The columns' left edges, from their widths. In the separate border
 * model a column holds its cells with half the border-separation on each
 * side, as FOP places them: a full separation between two cells, half of
 * it at the table's edges. */
static void place_columns(layout_table *t)
{
    double x = t->x;
    for (int i = 0; i < t->columns; i++) {
        t->column_x[i] = x;
        x += t->column_width[i];
    }
}

/* Half the separation between cells (separate border model), else 0. */
static double half_spacing(const layout_table *t)
{
    return t->collapse ? 0 : t->spacing / 2;
}

static double half_row_gap(const layout_table *t)
{
    return t->collapse ? 0 : t->row_spacing / 2;
}

/* Fixed and percentage widths first; proportional-column-width() and
 * unspecified columns share what is left. A table of more than
 * MAX_COLUMNS columns (by its fo:table-column elements or by the columns
 * its first row spans) is refused: false with the context's error. */
static bool column_widths(layout_context *ctx, layout_table *t, double usable)
{
    const fo_node *specs[MAX_COLUMNS + 1] = {0};
    int n = 0;
    for (const fo_node *c = t->node->first_child; c && n <= MAX_COLUMNS; c = c->next) {
        if (c->element != FO_TABLE_COLUMN)
            continue;
        int repeat = count_of(c, FO_PROP_NUMBER_COLUMNS_REPEATED);
        for (int i = 0; i < repeat && n <= MAX_COLUMNS; i++)
            specs[n++] = c;
    }
    t->columns = MAX(n, first_row_cells(t->node));
    if (t->columns > MAX_COLUMNS) {
        fo_node_error(ctx->fo, t->node, ctx->error, PLIEGO_ERROR_LIMIT,
                      "fo:table has more than %d columns (%s); at most %d are "
                      "supported", MAX_COLUMNS,
                      n > MAX_COLUMNS ? "fo:table-column elements with their "
                                        "number-columns-repeated"
                                      : "the cells of its first row with their "
                                        "number-columns-spanned",
                      MAX_COLUMNS);
        return false;
    }
    t->usable = usable;
    t->column_width = pliego_arena_alloc(ctx->pass_arena, sizeof(double) * (size_t)t->columns);
    t->column_x = pliego_arena_alloc(ctx->pass_arena, sizeof(double) * (size_t)t->columns);
    t->column_auto = pliego_arena_alloc(ctx->pass_arena, sizeof(bool) * (size_t)t->columns);
    t->column_share = pliego_arena_alloc(ctx->pass_arena, sizeof(double) * (size_t)t->columns);
    t->column_node = pliego_arena_alloc(ctx->pass_arena,
                                        sizeof(fo_node *) * (size_t)t->columns);
    for (int i = 0; i < t->columns; i++)
        t->column_node[i] = specs[i];
    double fixed = 0, shares = 0;
    for (int i = 0; i < t->columns; i++) {
        const fo_value *v = specs[i] ? fo_get(specs[i], FO_PROP_COLUMN_WIDTH) : NULL;
        t->column_auto[i] = !v || (v->type != FO_VALUE_LENGTH && v->type != FO_VALUE_PERCENT &&
                                   !(v->type == FO_VALUE_FUNCTION &&
                                     v->keyword == FO_KW_PROPORTIONAL_COLUMN_WIDTH));
        if (v && v->type == FO_VALUE_LENGTH)
            t->column_width[i] = v->number;
        else if (v && v->type == FO_VALUE_PERCENT)
            t->column_width[i] = v->number / 100.0 * usable;
        else
            t->column_width[i] = -(v && v->type == FO_VALUE_FUNCTION &&
                                   v->keyword == FO_KW_PROPORTIONAL_COLUMN_WIDTH
                                       ? MAX(v->number, 0.0) : 1.0);
        t->column_share[i] = MAX(-t->column_width[i], 0.0);
        if (t->column_width[i] >= 0)
            fixed += t->column_width[i];
        else
            shares += -t->column_width[i];
    }
    double left = MAX(usable - fixed, 0.0);
    for (int i = 0; i < t->columns; i++)
        if (t->column_width[i] < 0)
            t->column_width[i] = shares > 0 ? left * -t->column_width[i] / shares : 0;
    place_columns(t);
    return true;
}


/* ---- cells ---------------------------------------------------------- */

static uint8_t style_of(uint16_t keyword)
{
    switch (keyword) {
    case FO_KW_DASHED: return AREA_BORDER_DASHED;
    case FO_KW_DOTTED: return AREA_BORDER_DOTTED;
    case FO_KW_DOUBLE: return AREA_BORDER_DOUBLE;
    case FO_KW_NONE: case FO_KW_HIDDEN: return AREA_BORDER_NONE;
    default: return AREA_BORDER_SOLID;
    }
}

/* A node's borders as drawn (top, bottom, left, right). */
static void borders_of(const fo_node *node, area_border sides[4])
{
    static const fo_property_id w[4] = {FO_PROP_BORDER_BEFORE_WIDTH,
        FO_PROP_BORDER_AFTER_WIDTH, FO_PROP_BORDER_START_WIDTH,
        FO_PROP_BORDER_END_WIDTH};
    static const fo_property_id s[4] = {FO_PROP_BORDER_BEFORE_STYLE,
        FO_PROP_BORDER_AFTER_STYLE, FO_PROP_BORDER_START_STYLE,
        FO_PROP_BORDER_END_STYLE};
    static const fo_property_id c[4] = {FO_PROP_BORDER_BEFORE_COLOR,
        FO_PROP_BORDER_AFTER_COLOR, FO_PROP_BORDER_START_COLOR,
        FO_PROP_BORDER_END_COLOR};
    for (int i = 0; i < 4; i++) {
        sides[i].style = style_of(fo_get(node, s[i])->keyword);
        sides[i].width = sides[i].style ? fo_get(node, w[i])->number : 0;
        sides[i].color = fo_get(node, c[i])->color;
    }
}

static area_border wider(area_border a, area_border b)
{
    return b.width > a.width ? b : a;
}

static double padding_of(const fo_node *node, fo_property_id id, double base)
{
    const fo_value *v = fo_get(node, id);
    return v->type == FO_VALUE_PERCENT ? v->number / 100.0 * base : v->number;
}

/* The background a cell shows: its own, else its row's, its section's
 * or its column's, the layers FOP paints under a cell (XSL 6.7.2), of
 * which the topmost one given is seen. */
static uint32_t cell_background(const layout_table *t, const table_cell *cell,
                                const fo_node *row)
{
    const fo_node *layers[4] = {cell->node, row, cell->node->parent,
                                t->column_node[cell->column]};
    if (row)
        layers[2] = row->parent;
    for (int i = 0; i < 4; i++) {
        uint32_t color = layers[i] ? fo_get(layers[i], FO_PROP_BACKGROUND_COLOR)->color : 0;
        if (color & 0xff)
            return color;
    }
    return 0;
}

static table_cell *new_cell(layout_context *ctx, const fo_node *node)
{
    table_cell *cell = pliego_arena_alloc(ctx->pass_arena, sizeof *cell);
    cell->node = node;
    cell->columns = count_of(node, FO_PROP_NUMBER_COLUMNS_SPANNED);
    cell->rows = count_of(node, FO_PROP_NUMBER_ROWS_SPANNED);
    borders_of(node, cell->sides);
    cell->retain_before = fo_get(node, FO_PROP_BORDER_BEFORE_WIDTH)->retain;
    cell->retain_after = fo_get(node, FO_PROP_BORDER_AFTER_WIDTH)->retain;
    return cell;
}

/* The borders a cell has where a page break cuts it: in the separate
 * model its before and after borders are discarded there unless their
 * conditionality is retain (XSL 7.8.x, as FOP draws them); collapsed
 * borders stay. */
static double cut_top(const layout_table *t, const table_cell *c)
{
    return !t->collapse && !c->retain_before ? 0 : c->sides[AREA_TOP].width;
}

static double cut_bottom(const layout_table *t, const table_cell *c)
{
    if (t->collapse)
        return c->sides[AREA_BOTTOM].width / (c->retain_after ? 1 : 2);
    return c->retain_after ? c->sides[AREA_BOTTOM].width : 0;
}

static double items_height(const layout_items *list, int first, int last)
{
    double height = 0;
    for (int i = first; i < last; i++)
        if (!(i == first && i > 0 && list->items[i].kind == ITEM_SPACE))
            height += list->items[i].height;
    return height;
}

/* Height of the footnotes cited by lines first..last-1 of a cell. */
static double items_notes(const layout_items *list, int first, int last)
{
    double height = 0;
    for (int i = first; i < last; i++)
        for (const layout_footnote *f = list->items[i].footnotes; f; f = f->next)
            height += f->height;
    return height;
}

/* A cell is a reference area: the space-before of its first blocks is
 * discarded there, as at the top of a page, unless it is retained (XSL
 * 4.3.1; FOP does the same). Blocks opening with no border or padding
 * leave the space at the cell's start. */
static void discard_leading_spaces(layout_items *list)
{
    for (int i = 0; i < list->count; i++) {
        layout_item *item = &list->items[i];
        if (item->kind == ITEM_SPACE) {
            if (!item->retain)
                item->height = item->shrink = 0;
        } else if (item->kind != ITEM_START || item->height > 0) {
            return;
        }
    }
}

/* Lays the cell's content out for its width once its borders are known. */
static bool layout_cell(layout_context *ctx, const layout_placement *at, layout_table *t,
                        table_cell *cell)
{
    int last = MIN(cell->column + cell->columns, t->columns) - 1;
    cell->x = t->column_x[cell->column] + half_spacing(t);
    cell->width = t->column_x[last] + t->column_width[last] - half_spacing(t) - cell->x;
    double base = cell->width;
    static const fo_property_id pads[4] = {FO_PROP_PADDING_BEFORE,
        FO_PROP_PADDING_AFTER, FO_PROP_PADDING_START, FO_PROP_PADDING_END};
    /* collapsed borders straddle the grid line: half is inside the cell */
    double share = t->collapse ? 0.5 : 1.0;
    for (int side = 0; side < 4; side++)
        cell->inset[side] = cell->sides[side].width * share +
                            padding_of(cell->node, pads[side], base);
    double x = cell->x + cell->inset[AREA_LEFT];
    double width = MAX(cell->width - cell->inset[AREA_LEFT] - cell->inset[AREA_RIGHT], 1.0);
    if (!flow_flatten(ctx, at, cell->node, x, width, &cell->content))
        return false;
    discard_leading_spaces(&cell->content);
    /* a break-after on the cell or on its last block */
    cell->break_after = MAX(cell->content.pending_break,
                            layout_break_of(cell->node, FO_PROP_BREAK_AFTER));
    cell->content_height = items_height(&cell->content, 0, cell->content.count);
    return true;
}

/* ---- rows ----------------------------------------------------------- */

static void add_row(layout_context *ctx, table_section *section, const fo_node *node,
                    int capacity)
{
    /* capacity doubles (16, 32, 64, ...): growing by a fixed step copied
       the whole array into the arena each time, quadratic in the rows */
    int count = section->count;
    if (count == 0 || (count >= 16 && (count & (count - 1)) == 0)) {
        table_row *grown = pliego_arena_alloc(ctx->pass_arena,
                                              sizeof(table_row) * (size_t)(count ? count * 2 : 16));
        if (section->count)
            memcpy(grown, section->rows, sizeof(table_row) * (size_t)section->count);
        section->rows = grown;
    }
    table_row *row = &section->rows[section->count++];
    memset(row, 0, sizeof *row);
    row->node = node;
    row->cells = pliego_arena_alloc(ctx->pass_arena, sizeof(table_cell *) * (size_t)capacity);
    row->group_end = section->count - 1;
}

/* Places the cells of a table-header, -footer or -body on the grid:
 * rows from fo:table-row, or from loose cells filling the columns. */
static void read_section(layout_context *ctx, layout_table *t, const fo_node *part,
                         table_section *section)
{
    int columns = t->columns;
    int *busy = g_new0(int, columns);   /* rows still taken by a row span */
    const fo_node *loose = NULL;
    for (const fo_node *child = part->first_child; child; child = child->next) {
        if (child->element != FO_TABLE_ROW && child->element != FO_TABLE_CELL)
            continue;
        const fo_node *row_node = child->element == FO_TABLE_ROW ? child : NULL;
        const fo_node *first = row_node ? row_node->first_child : child;
        if (!row_node && loose)
            continue; /* loose cells are read in one go below */
        add_row(ctx, section, row_node, columns);
        table_row *row = &section->rows[section->count - 1];
        int column = 0;
        for (const fo_node *c = first; c; c = c->next) {
            if (c->element != FO_TABLE_CELL)
                continue;
            if (!row_node && column >= columns) {
                /* loose cells wrap onto a new row when the columns are full */
                for (int i = 0; i < columns; i++)
                    busy[i] = MAX(busy[i] - 1, 0);
                add_row(ctx, section, NULL, columns);
                row = &section->rows[section->count - 1];
                column = 0;
            }
            const fo_value *number = fo_get(c, FO_PROP_COLUMN_NUMBER);
            if (number->type == FO_VALUE_NUMBER && number->number >= 1 &&
                number->number <= columns)
                column = (int)number->number - 1;
            while (column < columns && busy[column])
                column++;
            if (column >= columns)
                break;
            table_cell *cell = new_cell(ctx, c);
            cell->row = section->count - 1;
            /* a cell kept together, or breaking before itself, keeps or
               breaks its whole row */
            row->keep_together = MAX(row->keep_together,
                                     layout_keep(c, FO_PROP_KEEP_TOGETHER_WITHIN_PAGE,
                                                 FO_PROP_KEEP_TOGETHER_WITHIN_COLUMN));
            row->break_before = MAX(row->break_before, layout_break_of(c, FO_PROP_BREAK_BEFORE));
            cell->column = column;
            cell->columns = MIN(cell->columns, columns - column);
            cell->background = cell_background(t, cell, row_node);
            row->cells[row->count++] = cell;
            for (int i = column; i < column + cell->columns; i++)
                busy[i] = cell->rows;
            column += cell->columns;
        }
        if (!row_node)
            loose = child;
        for (int i = 0; i < columns; i++)
            busy[i] = MAX(busy[i] - 1, 0);
        if (row_node) {
            row->keep_together = MAX(row->keep_together,
                                     layout_keep(row_node, FO_PROP_KEEP_TOGETHER_WITHIN_PAGE,
                                                 FO_PROP_KEEP_TOGETHER_WITHIN_COLUMN));
            row->break_before = MAX(row->break_before,
                                    layout_break_of(row_node, FO_PROP_BREAK_BEFORE));
            if (section->count > 1 && section->rows[section->count - 2].node)
                row->break_before = MAX(row->break_before,
                                        layout_break_of(section->rows[section->count - 2].node,
                                                   FO_PROP_BREAK_AFTER));
            row->keep_with_next = layout_keep(row_node, FO_PROP_KEEP_WITH_NEXT_WITHIN_PAGE,
                                              FO_PROP_KEEP_WITH_NEXT_WITHIN_COLUMN);
            row->keep_with_previous = layout_keep(row_node,
                                                  FO_PROP_KEEP_WITH_PREVIOUS_WITHIN_PAGE,
                                                  FO_PROP_KEEP_WITH_PREVIOUS_WITHIN_COLUMN);
        }
    }
    g_free(busy);
}

/* Whether a header or footer must be laid out for each page anew: it
 * retrieves table markers or shows the page number. */
static bool holds_table_retrieve(const fo_node *node)
{
    for (const fo_node *c = node->first_child; c; c = c->next)
        if (c->element == FO_RETRIEVE_TABLE_MARKER || c->element == FO_PAGE_NUMBER ||
            holds_table_retrieve(c))
            return true;
    return false;
}

/* Counts the fo:marker among child (a child of a cell) and its own
 * children, appending them to row's markers when row is not NULL. */
static int cell_child_markers(const fo_node *child, table_row *row)
{
    int count = 0;
    for (const fo_node *m = child; m; m = m == child ? child->first_child : m->next) {
        if (m->element != FO_MARKER)
            continue;
        if (row)
            row->markers[row->marker_count++] = m;
        count++;
    }
    return count;
}

/* The markers of a row: those of its cells and of the cells' blocks. */
static void collect_markers(layout_context *ctx, table_row *row)
{
    int count = 0;
    for (int i = 0; i < row->count; i++)
        for (const fo_node *c = row->cells[i]->node->first_child; c; c = c->next)
            count += cell_child_markers(c, NULL);
    if (!count)
        return;
    row->markers = pliego_arena_alloc(ctx->pass_arena, sizeof(fo_node *) * (size_t)count);
    for (int i = 0; i < row->count; i++)
        for (const fo_node *c = row->cells[i]->node->first_child; c; c = c->next)
            cell_child_markers(c, row);
}

/* The cell at (row, column) of a section, or NULL. */
static table_cell *cell_at(const table_section *s, int row, int column)
{
    for (int r = row; r >= 0; r--)
        for (int i = 0; i < s->rows[r].count; i++) {
            table_cell *c = s->rows[r].cells[i];
            if (column >= c->column && column < c->column + c->columns &&
                r + c->rows > row)
                return c;
        }
    return NULL;
}

/* In the collapsing model a column's borders take part for its cells, as
 * FOP draws them: its start and end borders on every cell's sides there,
 * its before and after borders on the table's first and last row. */
static void column_borders(const layout_table *t, const table_cell *c, bool first_row,
                           bool last_row, area_border own[4])
{
    const fo_node *first = t->column_node[c->column];
    const fo_node *last = t->column_node[MIN(c->column + c->columns, t->columns) - 1];
    area_border sides[4];
    if (first) {
        borders_of(first, sides);
        own[AREA_LEFT] = wider(own[AREA_LEFT], sides[AREA_LEFT]);
        if (first_row)
            own[AREA_TOP] = wider(own[AREA_TOP], sides[AREA_TOP]);
        if (last_row)
            own[AREA_BOTTOM] = wider(own[AREA_BOTTOM], sides[AREA_BOTTOM]);
    }
    if (last) {
        borders_of(last, sides);
        own[AREA_RIGHT] = wider(own[AREA_RIGHT], sides[AREA_RIGHT]);
    }
}

/* Collapsing borders, as FOP draws them: each side of a cell is the wider
 * of its own border and its neighbour's (the table's at the edges), and
 * the border is centred on the grid line, half inside each cell. Both
 * cells draw a shared edge, at the same place and width. */
static void collapse_borders(layout_table *t, table_section *s, bool first_section,
                             bool last_section)
{
    /* resolve from the borders as specified, not from resolved ones */
    size_t slots = (size_t)s->count * (size_t)t->columns + 1;
    area_border *own = g_new0(area_border, 4 * slots);
#define OWN(row, column, side) own[((size_t)(row) * (size_t)t->columns + (size_t)(column)) * 4 + (side)]
    for (int r = 0; r < s->count; r++)
        for (int i = 0; i < s->rows[r].count; i++) {
            table_cell *c = s->rows[r].cells[i];
            for (int side = 0; side < 4; side++)
                OWN(r, c->column, side) = c->sides[side];
            column_borders(t, c, r == 0 && first_section,
                           r + c->rows >= s->count && last_section,
                           &OWN(r, c->column, 0));
        }
    for (int r = 0; r < s->count; r++) {
        for (int i = 0; i < s->rows[r].count; i++) {
            table_cell *c = s->rows[r].cells[i];
            int below_row = r + c->rows;
            int right_column = c->column + c->columns;
            table_cell *above = r > 0 ? cell_at(s, r - 1, c->column) : NULL;
            table_cell *below = below_row < s->count ? cell_at(s, below_row, c->column) : NULL;
            table_cell *left = c->column > 0 ? cell_at(s, r, c->column - 1) : NULL;
            table_cell *right = right_column < t->columns ? cell_at(s, r, right_column) : NULL;
            area_border top = OWN(r, c->column, AREA_TOP);
            area_border bottom = OWN(r, c->column, AREA_BOTTOM);
            area_border start = OWN(r, c->column, AREA_LEFT);
            area_border end = OWN(r, c->column, AREA_RIGHT);
            /* a neighbour's own borders sit in the row where it starts */
            if (above)
                top = wider(top, OWN(r - 1, above->column, AREA_BOTTOM));
            else if (first_section)
                top = wider(top, t->edges[AREA_TOP]);
            if (below)
                bottom = wider(bottom, OWN(below_row, below->column, AREA_TOP));
            else if (last_section)
                bottom = wider(bottom, t->edges[AREA_BOTTOM]);
            start = left ? wider(start, OWN(r, left->column, AREA_RIGHT))
                         : wider(start, t->edges[AREA_LEFT]);
            end = right ? wider(end, OWN(r, right->column, AREA_LEFT))
                        : wider(end, t->edges[AREA_RIGHT]);
            c->sides[AREA_TOP] = top;
            c->sides[AREA_BOTTOM] = bottom;
            c->sides[AREA_LEFT] = start;
            c->sides[AREA_RIGHT] = end;
        }
    }
#undef OWN
    g_free(own);
}

static double row_gap(const layout_table *t)
{
    return t->collapse ? 0 : t->row_spacing;
}

/* A cell's content height, at least its own height or
 * block-progression-dimension when it gives one. */
static double cell_content_height(const table_cell *c)
{
    const fo_value *h = fo_get(c->node, FO_PROP_BLOCK_PROGRESSION_DIMENSION);
    if (h->type != FO_VALUE_LENGTH)
        h = fo_get(c->node, FO_PROP_HEIGHT);
    return h->type == FO_VALUE_LENGTH ? MAX(h->number, c->content_height)
                                      : c->content_height;
}

/* The height or block-progression-dimension a row gives, else 0. As in
 * FOP it is the height of its cells' content: their borders and padding
 * come on top of it. */
static double row_explicit_height(const table_row *row)
{
    if (!row->node)
        return 0;
    const fo_value *h = fo_get(row->node, FO_PROP_BLOCK_PROGRESSION_DIMENSION);
    if (h->type != FO_VALUE_LENGTH)
        h = fo_get(row->node, FO_PROP_HEIGHT);
    return h->type == FO_VALUE_LENGTH ? h->number : 0;
}

/* Row heights: the tallest single-row cell; a spanning cell taller than
 * its rows makes the last of them taller. Spans join rows into groups
 * that are not broken apart. */
static void measure_section(layout_table *t, table_section *s)
{
    for (int r = 0; r < s->count; r++) {
        table_row *row = &s->rows[r];
        double explicit = row_explicit_height(row);
        double height = explicit;
        for (int i = 0; i < row->count; i++) {
            table_cell *c = row->cells[i];
            if (c->rows == 1)
                height = MAX(height, c->inset[AREA_TOP] +
                                         MAX(cell_content_height(c), explicit) +
                                         c->inset[AREA_BOTTOM]);
        }
        row->height = height;
    }
    for (int r = 0; r < s->count; r++)
        for (int i = 0; i < s->rows[r].count; i++) {
            table_cell *c = s->rows[r].cells[i];
            if (c->rows == 1)
                continue;
            int last = MIN(r + c->rows, s->count) - 1;
            double spanned = 0;
            for (int k = r; k <= last; k++)
                spanned += s->rows[k].height + (k > r ? row_gap(t) : 0);
            double need = c->inset[AREA_TOP] + cell_content_height(c) + c->inset[AREA_BOTTOM];
            if (need > spanned)
                s->rows[last].height += need - spanned;
            s->rows[r].group_end = MAX(s->rows[r].group_end, last);
        }
    /* a group reaches as far as any of its rows' spans */
    for (int r = s->count - 1; r >= 0; r--)
        for (int k = r + 1; k <= s->rows[r].group_end && k < s->count; k++)
            s->rows[r].group_end = MAX(s->rows[r].group_end, s->rows[k].group_end);
}

static double group_height(const layout_table *t, const table_section *s, int first,
                           int last)
{
    double h = 0;
    for (int r = first; r <= last; r++)
        h += s->rows[r].height + row_gap(t);
    return h;
}

static double section_height(const layout_table *t, const table_section *s)
{
    return s->count ? group_height(t, s, 0, s->count - 1) : 0;
}

/* Body rows measured for table-layout="auto"; the rest follow them. */
#define AUTO_ROWS 200

/* The narrowest and natural widths of the columns without a width, from
 * the cells that sit in one such column alone (header, footer and the
 * first AUTO_ROWS body rows), borders and padding included. A column
 * whose content cannot be measured gets an equal share. */
static void measure_columns(layout_context *ctx, const layout_placement *at,
                            layout_table *t, double *lo, double *hi)
{
    bool *unknown = g_new0(bool, (size_t)t->columns);
    const table_section *sections[3] = {&t->header, &t->body, &t->footer};
    for (int k = 0; k < 3; k++)
        for (int r = 0; r < sections[k]->count && (k != 1 || r < AUTO_ROWS); r++)
            for (int i = 0; i < sections[k]->rows[r].count; i++) {
                const table_cell *c = sections[k]->rows[r].cells[i];
                if (c->columns != 1 || !t->column_auto[c->column])
                    continue;
                double share = t->collapse ? 0.5 : 1.0;
                double inset = (c->sides[AREA_LEFT].width + c->sides[AREA_RIGHT].width) *
                                   share + 2 * half_spacing(t) +
                               padding_of(c->node, FO_PROP_PADDING_START, t->usable) +
                               padding_of(c->node, FO_PROP_PADDING_END, t->usable);
                double min, max;
                if (!layout_measure(ctx, at, c->node, &min, &max)) {
                    unknown[c->column] = true;
                    continue;
                }
                lo[c->column] = fmax(lo[c->column], min + inset);
                hi[c->column] = fmax(hi[c->column], max + inset);
            }
    for (int i = 0; i < t->columns; i++)
        if (unknown[i] && t->column_auto[i]) {
            lo[i] = fmax(lo[i], t->usable / t->columns / 2);
            hi[i] = fmax(hi[i], t->usable / t->columns);
        }
    g_free(unknown);
}

/* table-layout="auto": the columns without a width get widths from their
 * content (CSS 2.1 17.5.2.2, simplified). With proportional columns
 * beside them they take their natural width, or as much of it as fits,
 * and the proportional ones share the rest; alone, they share the width
 * left by the fixed columns: above their natural widths in proportion to
 * them, between narrowest and natural in proportion to the difference,
 * and below their narrowest widths (content then overflows) in
 * proportion to those. */
static void auto_column_widths(layout_context *ctx, const layout_placement *at,
                               layout_table *t)
{
    int n = t->columns, autos = 0;
    for (int i = 0; i < n; i++)
        autos += t->column_auto[i];
    if (!autos)
        return;
    double *lo = g_new0(double, (size_t)n), *hi = g_new0(double, (size_t)n);
    measure_columns(ctx, at, t, lo, hi);
    double fixed = 0, shares = 0, sum_lo = 0, sum_hi = 0;
    for (int i = 0; i < n; i++) {
        if (t->column_auto[i]) {
            sum_lo += lo[i];
            sum_hi += hi[i];
        } else if (t->column_share[i] > 0) {
            shares += t->column_share[i];
        } else {
            fixed += t->column_width[i];
        }
    }
    double left = MAX(t->usable - fixed, 0.0);
    double target = shares > 0 ? MIN(sum_hi, left) : left;
    for (int i = 0; i < n; i++) {
        if (!t->column_auto[i])
            continue;
        double w;
        if (sum_hi <= 0)
            w = target / autos;
        else if (target >= sum_hi)
            w = hi[i] + (target - sum_hi) * hi[i] / sum_hi;
        else if (target <= sum_lo)
            w = sum_lo > 0 ? lo[i] * target / sum_lo : target / autos;
        else
            w = lo[i] + (hi[i] - lo[i]) * (target - sum_lo) / (sum_hi - sum_lo);
        t->column_width[i] = w;
        left -= w;
    }
    for (int i = 0; i < n; i++)
        if (!t->column_auto[i] && t->column_share[i] > 0)
            t->column_width[i] = MAX(left, 0.0) * t->column_share[i] / shares;
    g_free(lo);
    g_free(hi);
    place_columns(t);
}

static bool read_table(layout_context *ctx, const layout_placement *at, layout_table *t)
{
    for (const fo_node *part = t->node->first_child; part; part = part->next) {
        table_section *s = part->element == FO_TABLE_HEADER ? &t->header
                           : part->element == FO_TABLE_FOOTER ? &t->footer
                           : part->element == FO_TABLE_BODY ? &t->body : NULL;
        if (s)
            read_section(ctx, t, part, s);
    }
    table_section *sections[3] = {&t->header, &t->body, &t->footer};
    if (t->collapse)
        for (int k = 0; k < 3; k++)
            collapse_borders(t, sections[k], k == 0 || (k == 1 && !t->header.count),
                             k == 2 || (k == 1 && !t->footer.count));
    if (t->auto_layout)
        auto_column_widths(ctx, at, t);
    for (int k = 0; k < 3; k++) {
        for (int r = 0; r < sections[k]->count; r++)
            for (int i = 0; i < sections[k]->rows[r].count; i++)
                if (!layout_cell(ctx, at, t, sections[k]->rows[r].cells[i]))
                    return false;
        measure_section(t, sections[k]);
    }
    for (int r = 0; r < t->body.count; r++)
        for (int i = 0; i < t->body.rows[r].count; i++) {
            const layout_items *list = &t->body.rows[r].cells[i]->content;
            for (int k = 1; k < list->count; k++)
                t->body.rows[r].break_inside |= list->items[k].break_before != 0;
            /* a break before a cell's first block breaks before the row */
            if (list->count && list->items[0].break_before)
                t->body.rows[r].break_before = MAX(t->body.rows[r].break_before,
                                                   list->items[0].break_before);
        }
    /* a break after a cell breaks after the last row it spans, as in FOP;
       of two breaks at one place, an odd or even page wins over a page */
    for (int r = 0; r < t->body.count; r++)
        for (int i = 0; i < t->body.rows[r].count; i++) {
            const table_cell *c = t->body.rows[r].cells[i];
            int after = MIN(c->row + c->rows, t->body.count);
            if (c->break_after && after < t->body.count)
                t->body.rows[after].break_before = MAX(t->body.rows[after].break_before,
                                                       c->break_after);
        }
    t->header_height = section_height(t, &t->header);
    t->footer_height = section_height(t, &t->footer);
    for (int r = 0; r < t->body.count; r++)
        collect_markers(ctx, &t->body.rows[r]);
    for (const fo_node *part = t->node->first_child; part; part = part->next) {
        if (part->element == FO_TABLE_HEADER && holds_table_retrieve(part))
            t->header_retrieves = true;
        if (part->element == FO_TABLE_FOOTER && holds_table_retrieve(part))
            t->footer_retrieves = true;
    }
    return true;
}

static const fo_node *last_of_class(const table_row *row, const char *name)
{
    const fo_node *found = NULL;
    for (int i = 0; i < row->marker_count; i++) {
        const char *own = fo_get(row->markers[i], FO_PROP_MARKER_CLASS_NAME)->string;
        if (own && strcmp(own, name) == 0)
            found = row->markers[i];
    }
    return found;
}

static const fo_node *first_of_class(const table_row *row, const char *name)
{
    for (int i = 0; i < row->marker_count; i++) {
        const char *own = fo_get(row->markers[i], FO_PROP_MARKER_CLASS_NAME)->string;
        if (own && strcmp(own, name) == 0)
            return row->markers[i];
    }
    return NULL;
}

const fo_node *layout_retrieve_table_marker(const layout_placement *at,
                                            const fo_node *retrieve)
{
    const table_fragment *f = at ? at->fragment : NULL;
    const char *name = fo_get(retrieve, FO_PROP_RETRIEVE_CLASS_NAME)->string;
    if (!f || !name)
        return NULL;
    const table_section *s = &f->table->body;
    const fo_node *first_starting = NULL, *last_starting = NULL, *last_ending = NULL;
    for (int r = f->first; r <= f->last && r < s->count; r++) {
        bool starts = !(r == f->first && f->continued);
        bool ends = !(r == f->last && f->split);
        if (starts && !first_starting)
            first_starting = first_of_class(&s->rows[r], name);
        if (starts && last_of_class(&s->rows[r], name))
            last_starting = last_of_class(&s->rows[r], name);
        if (ends && last_of_class(&s->rows[r], name))
            last_ending = last_of_class(&s->rows[r], name);
    }
    const fo_node *carried = f->continued && f->first < s->count
                                 ? last_of_class(&s->rows[f->first], name) : NULL;
    const fo_node *earlier = NULL;
    if (fo_get(retrieve, FO_PROP_RETRIEVE_BOUNDARY_WITHIN_TABLE)->keyword == FO_KW_TABLE)
        for (int r = 0; r < f->first + (f->continued ? 1 : 0) && r < s->count; r++)
            if (last_of_class(&s->rows[r], name))
                earlier = last_of_class(&s->rows[r], name);
    const fo_node *found;
    switch (fo_get(retrieve, FO_PROP_RETRIEVE_POSITION_WITHIN_TABLE)->keyword) {
    case FO_KW_FIRST_INCLUDING_CARRYOVER:
        found = carried ? carried : first_starting;
        break;
    case FO_KW_LAST_STARTING:
        found = last_starting;
        break;
    case FO_KW_LAST_ENDING:
        found = last_ending;
        break;
    default:
        found = first_starting;
        break;
    }
    return found ? found : earlier;
}

/* Lays a header or footer out again for one fragment of the table, when it
 * retrieves table markers that differ from fragment to fragment. */
static void relayout_section(layout_context *ctx, const layout_placement *at,
                             layout_table *t, table_section *s)
{
    for (int r = 0; r < s->count; r++)
        for (int i = 0; i < s->rows[r].count; i++) {
            table_cell *c = s->rows[r].cells[i];
            memset(&c->content, 0, sizeof c->content);
            layout_cell(ctx, at, t, c);
        }
    measure_section(t, s);
}

bool table_flatten(layout_context *ctx, const layout_placement *at,
                   const fo_node *node, double x, double width, layout_items *out)
{
    layout_table *t = pliego_arena_alloc(ctx->pass_arena, sizeof *t);
    t->node = node;
    t->x = x;
    t->width = width;
    t->collapse = fo_get(node, FO_PROP_BORDER_COLLAPSE)->keyword != FO_KW_SEPARATE;
    t->auto_layout = fo_get(node, FO_PROP_TABLE_LAYOUT)->keyword != FO_KW_FIXED;
    t->spacing = fo_get(node, FO_PROP_BORDER_SEPARATION_INLINE)->number;
    t->row_spacing = fo_get(node, FO_PROP_BORDER_SEPARATION_BLOCK)->number;
    if (t->collapse)
        borders_of(node, t->edges);
    t->omit_header = fo_get(node, FO_PROP_TABLE_OMIT_HEADER_AT_BREAK)->keyword == FO_KW_TRUE;
    t->omit_footer = fo_get(node, FO_PROP_TABLE_OMIT_FOOTER_AT_BREAK)->keyword == FO_KW_TRUE;
    t->keep_together = layout_keep(node, FO_PROP_KEEP_TOGETHER_WITHIN_PAGE,
                                   FO_PROP_KEEP_TOGETHER_WITHIN_COLUMN);
    if (!column_widths(ctx, t, width) || !read_table(ctx, at, t))
        return false;
    /* the whole table's height: what a table nested in a cell or a
       footnote takes (the page breaker splits tables itself) */
    layout_item *item = items_add(ctx, out, ITEM_TABLE,
                                  t->header_height +
                                      section_height(t, &t->body) + t->footer_height);
    item->table = t;
    return true;
}

/* ---- breaking ------------------------------------------------------- */

/* Where a cell's content stops on a page: before item `item`, or, when
 * inner is set, inside it (a nested table cut there, its part on the page
 * inner_height tall). */
typedef struct {
    int item;
    const table_position *inner;
    double inner_height;
} cell_stop;

/* What breaking a nested table needs from the table around it. */
typedef struct {
    const layout_table *table;
    double page_height;
    pliego_arena *arena;
} break_context;

/* Whether a cell whose content starts at item start (going on from in)
 * places something when it stops at stop. */
static bool stop_moves(cell_stop stop, int start, const table_position *in)
{
    return stop.item > start || stop.inner != in;
}

/* The last boundary in a cell's items from first (going on from inner
 * when item first is a nested table cut before) at which its content can
 * stop within height; first when none. A nested table that does not fit
 * is cut where table_fill says, as on a page. */
static cell_stop cell_break(const break_context *bc, const table_cell *c, int first,
                            const table_position *inner, double height, bool fresh)
{
    const layout_items *list = &c->content;
    const layout_table *t = bc->table;
    /* a retained border where the cell goes on, and where it is cut */
    double reopened = t->collapse ? 0 : cut_top(t, c);
    double closing = cut_bottom(t, c);
    double used = fresh ? c->inset[AREA_TOP] : reopened;
    /* nothing placed: a nested table cut before stays where it was */
    cell_stop best = {first, inner, 0};
    for (int k = first; k < list->count; k++) {
        const layout_item *item = &list->items[k];
        /* a break-before/after inside the cell ends its part here */
        if (k > first && item->break_before)
            return (cell_stop){k, NULL, 0};
        double h = (k == first && k > 0 && item->kind == ITEM_SPACE) ? 0 : item->height;
        const table_position *from = k == first ? inner : NULL;
        if (item->kind == ITEM_TABLE && (from || used + h > height + LAYOUT_EPSILON)) {
            table_position *to = NULL;
            double part = 0;
            /* with content above it in the cell it may move on whole */
            if (!table_fill(item->table, from, height - used, bc->page_height,
                            k > first, 0, bc->arena, &to, &part))
                break;
            if (to)
                return (cell_stop){k, to, part};
            h = part;
        }
        used += h;
        /* footnotes cited in the cell go to the foot of the same page */
        used += items_notes(list, k, k + 1);
        if (used > height + LAYOUT_EPSILON)
            break;
        bool end = k + 1 == list->count;
        if (end || (list->items[k + 1].keep_before < KEEP_WIDOWS_ORPHANS &&
                    used + closing <= height + LAYOUT_EPSILON))
            best = (cell_stop){k + 1, NULL, 0};
    }
    return best;
}

/* The first allowed break in a cell's items after first. */
static int first_break(const table_cell *c, int first)
{
    const layout_items *list = &c->content;
    for (int k = first + 1; k < list->count; k++)
        if (list->items[k].break_before || list->items[k].keep_before < KEEP_WIDOWS_ORPHANS)
            return k;
    return list->count;
}

static bool row_kept_to_next(const table_section *s, int r)
{
    return r + 1 < s->count &&
           (s->rows[r].keep_with_next || s->rows[r + 1].keep_with_previous);
}

static int last_row_of(const table_section *s, const table_cell *c)
{
    return MIN(c->row + c->rows, s->count) - 1;
}

static bool covers(const table_section *s, const table_cell *c, int row)
{
    return c->row <= row && last_row_of(s, c) >= row;
}

/* The cells covering row k, each once, in column order; out holds at
 * least t->columns. */
static int active_cells(const layout_table *t, const table_section *s, int k,
                        const table_cell **out)
{
    int n = 0;
    for (int column = 0; column < t->columns; column++) {
        const table_cell *c = cell_at(s, k, column);
        if (c && c->column == column)
            out[n++] = c;
    }
    return n;
}

/* The part of a section on one page: rows first..last; the cells covering
 * first go on from their items start[] (by column; NULL: from the start),
 * and the cells covering stop_row stop at stop[] (NULL: at their end).
 * stop_row is last when the last row is cut, last + 1 when only cells
 * spanning into the next row are; cut_first/cut_last say whether the
 * first/last row's own height gives way to its cut cells. */
typedef struct {
    int first, last;
    const int *start, *stop;
    int stop_row;
    bool cut_first, cut_last;
    const table_position *from, *to; /* their inner and inner_height */
} table_part;

static table_part whole_part(const table_section *s)
{
    table_part part = {0, s->count - 1, NULL, NULL, s->count, false, false, NULL, NULL};
    return part;
}

static int part_from(const table_section *s, const table_part *p, const table_cell *c)
{
    (void)s;
    return p->start && c->row <= p->first ? p->start[c->column] : 0;
}

/* Where the nested table at part_from goes on from, if it was cut. */
static const table_position *part_from_inner(const table_part *p, const table_cell *c)
{
    return p->from && p->from->inner && p->start && c->row <= p->first
               ? p->from->inner[c->column] : NULL;
}

static bool part_cuts(const table_section *s, const table_part *p, const table_cell *c)
{
    return p->stop && c->row <= p->last && covers(s, c, p->stop_row);
}

static int part_to(const table_section *s, const table_part *p, const table_cell *c)
{
    return part_cuts(s, p, c) ? p->stop[c->column] : c->content.count;
}

/* Where the nested table at part_to is cut, if it is. */
static const table_position *part_to_inner(const table_section *s, const table_part *p,
                                           const table_cell *c)
{
    return part_cuts(s, p, c) && p->to && p->to->inner ? p->to->inner[c->column] : NULL;
}

/* The height of what is left of nested table t from position from. */
static double rest_height(const layout_table *t, const table_position *from)
{
    pliego_arena *arena = pliego_arena_new();
    table_position *to = NULL;
    double used = 0;
    table_fill(t, from, G_MAXDOUBLE / 4, G_MAXDOUBLE / 4, false, 0, arena, &to, &used);
    pliego_arena_free(arena);
    return used;
}

/* The height of a cell's items [a0, a1) in part p: item a0 may go on from
 * where a nested table was cut, and item a1 may be a nested table placed
 * in part. */
static double range_height(const table_section *s, const table_part *p,
                           const table_cell *c, int a0, int a1)
{
    const layout_items *list = &c->content;
    const table_position *in0 = part_from_inner(p, c);
    double height = items_height(list, a0, a1);
    if (in0 && a0 < a1)
        height += rest_height(list->items[a0].table, in0) - list->items[a0].height;
    if (part_to_inner(s, p, c))
        height += p->to->inner_height[c->column];
    return height;
}

/* A cell's height in a part: its borders, padding and items placed. */
static double part_cell_height(const layout_table *t, const table_section *s,
                               const table_part *p, const table_cell *c)
{
    int a0 = part_from(s, p, c), a1 = part_to(s, p, c);
    bool cut = part_cuts(s, p, c);
    bool fresh = a0 == 0 && !part_from_inner(p, c);
    double top = fresh ? c->inset[AREA_TOP] : cut_top(t, c);
    double bottom = cut ? cut_bottom(t, c) : c->inset[AREA_BOTTOM];
    double content = fresh && a1 == c->content.count ? cell_content_height(c)
                                                     : range_height(s, p, c, a0, a1);
    return top + content + bottom;
}

/* The cells placed in part p, first those spanning into its first row
 * from above, then each row's own cells; the caller frees the array. */
static const table_cell **part_cells(const layout_table *t, const table_section *s,
                                     const table_part *p, int *count)
{
    int n = t->columns;
    for (int k = p->first; k <= p->last; k++)
        n += s->rows[k].count;
    const table_cell **cells = g_new(const table_cell *, (size_t)n + 1);
    int found = active_cells(t, s, p->first, cells);
    int kept = 0;
    for (int i = 0; i < found; i++)
        if (cells[i]->row < p->first)
            cells[kept++] = cells[i];
    for (int k = p->first; k <= p->last; k++)
        for (int i = 0; i < s->rows[k].count; i++)
            cells[kept++] = s->rows[k].cells[i];
    *count = kept;
    return cells;
}

/* The heights of the rows of part p (h[0] for p->first), as
 * measure_section gives them for whole rows: the tallest cell that sits in
 * one row of the part; a cell spanning several that is taller than them
 * makes the last of them taller. */
static void part_heights(const layout_table *t, const table_section *s,
                         const table_part *p, double *h)
{
    double *explicit = g_new0(double, (size_t)(p->last - p->first + 1));
    for (int k = p->first; k <= p->last; k++) {
        bool whole = !(k == p->first && p->cut_first) && !(k == p->last && p->cut_last);
        explicit[k - p->first] = whole ? row_explicit_height(&s->rows[k]) : 0;
        h[k - p->first] = explicit[k - p->first];
    }
    int n;
    const table_cell **cells = part_cells(t, s, p, &n);
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++) {
            const table_cell *c = cells[i];
            int lo = MAX(c->row, p->first), hi = MIN(last_row_of(s, c), p->last);
            double need = part_cell_height(t, s, p, c);
            if (pass == 0 && lo == hi) {
                if (explicit[lo - p->first] > 0 && lo == c->row && last_row_of(s, c) == lo)
                    need = MAX(need, c->inset[AREA_TOP] + explicit[lo - p->first] +
                                         c->inset[AREA_BOTTOM]);
                h[lo - p->first] = MAX(h[lo - p->first], need);
            } else if (pass == 1 && lo < hi) {
                double spanned = 0;
                for (int k = lo; k <= hi; k++)
                    spanned += h[k - p->first] + (k > lo ? row_gap(t) : 0);
                if (need > spanned)
                    h[hi - p->first] += need - spanned;
            }
        }
    g_free(cells);
    g_free(explicit);
}

/* Footnotes cited in rows first..last (whole rows). */
static double group_notes(const table_section *s, int first, int last)
{
    double height = 0;
    for (int r = first; r <= last; r++)
        for (int i = 0; i < s->rows[r].count; i++) {
            const layout_items *list = &s->rows[r].cells[i]->content;
            height += items_notes(list, 0, list->count);
        }
    return height;
}

/* Where each cell covering a row stops, by column. */
typedef struct {
    int *next;
    const table_position **inner;
    double *inner_height;
} cell_stops;

static cell_stops new_stops(pliego_arena *arena, int columns)
{
    size_t n = (size_t)columns + 1;
    cell_stops st;
    st.next = pliego_arena_alloc(arena, sizeof(int) * n);
    st.inner = pliego_arena_alloc(arena, sizeof(table_position *) * n);
    st.inner_height = pliego_arena_alloc(arena, sizeof(double) * n);
    for (size_t i = 0; i < n; i++) {
        st.next[i] = 0;
        st.inner[i] = NULL;
        st.inner_height[i] = 0;
    }
    return st;
}

static void set_stop(cell_stops *st, int column, cell_stop stop)
{
    st->next[column] = stop.item;
    st->inner[column] = stop.inner;
    st->inner_height[column] = stop.inner_height;
}

static cell_stop get_stop(const cell_stops *st, int column)
{
    return (cell_stop){st->next[column], st->inner[column], st->inner_height[column]};
}

static table_position *position(pliego_arena *arena, int row, const cell_stops *st,
                                bool split)
{
    table_position *p = pliego_arena_alloc(arena, sizeof *p);
    p->row = row;
    p->next_item = st ? st->next : NULL;
    p->inner = st ? st->inner : NULL;
    p->inner_height = st ? st->inner_height : NULL;
    p->split = split;
    p->forced = BREAK_NONE;
    return p;
}

/* The last row of the rows joined by spans to row r, counting the cells
 * that span into r from above. */
static int group_last(const layout_table *t, const table_section *s, int r,
                      const table_cell **scratch)
{
    int end = s->rows[r].group_end;
    int n = active_cells(t, s, r, scratch);
    for (int i = 0; i < n; i++)
        end = MAX(end, last_row_of(s, scratch[i]));
    return MIN(end, s->count - 1);
}

/* How the body rows of a table are being fitted onto a page (fill). */
typedef struct {
    const layout_table *table;
    const table_section *body;
    pliego_arena *arena;
    break_context breaking;     /* for tables nested in cells */
    double avail, page_height;
    double separator;           /* the footnote separator, until a footnote
                                   on the page has brought it */
    double taken;               /* height taken so far */
    double footer;              /* the footer's height where the page breaks */
    double last_footer;         /* the footer's height at the table's end */
    int row;                    /* the first body row not placed yet */
    int first_row;              /* the row this page starts with */
    bool movable;               /* nothing of the table is placed yet and the
                                   page has content: the table may move */
    /* the row going on from the page before: where its cells go on */
    const int *progress;
    const table_position *progress_from;
    bool progress_split;
    const table_cell **active;  /* scratch: the cells covering a row */
    table_position *to;         /* where the next page goes on */
} table_filler;

/* What one step of fill decided. */
typedef enum {
    FILL_NEXT,  /* rows were taken: go on with the next group of rows */
    FILL_CUT,   /* the group does not fit whole: cut it across the page */
    FILL_BREAK, /* the page ends at filler.to */
    FILL_MOVE   /* none of the table goes on this page */
} fill_step;

/* A group of rows, filler.row to end, being cut at one line across the
 * page. */
typedef struct {
    int end, rows;
    double *heights, *tops;     /* of each row, tops from the group's top */
    table_part part;            /* the group's part still to place */
    double space;               /* the height left for the group */
    double forced_at;           /* where a forced break in a cell puts the
                                   line, or -1 */
} row_cut;

/* The page ends before row, its cells going on at next (NULL: from their
 * start), or inside row when split. */
static fill_step break_before_row(table_filler *f, int row, const cell_stops *next,
                                  bool split)
{
    f->to = position(f->arena, row, next, split);
    return FILL_BREAK;
}

/* Rows filler.row to end are placed in full. */
static fill_step take_rows(table_filler *f, const row_cut *cut)
{
    f->taken += cut->tops[cut->rows - 1] + cut->heights[cut->rows - 1] + row_gap(f->table);
    f->row = cut->end + 1;
    f->progress = NULL;
    f->progress_from = NULL;
    f->progress_split = false;
    return FILL_NEXT;
}

/* Step 1: the group of rows joined by spans from filler.row to end, taken
 * whole when it fits; a forced break before it or a keep may end the page
 * instead. */
static fill_step take_whole_group(table_filler *f, int end)
{
    const layout_table *t = f->table;
    const table_section *s = f->body;
    int r = f->row;
    if (f->progress)
        return FILL_CUT;
    if (s->rows[r].break_before && r > f->first_row)
        return break_before_row(f, r, NULL, false);
    if (s->rows[r].break_before && f->movable)
        return FILL_MOVE;
    double group = group_height(t, s, r, end);
    double notes = group_notes(s, r, end);
    if (notes > 0 && f->separator > 0)
        notes += f->separator; /* the page's first footnotes bring it */
    bool last = end + 1 >= s->count;
    bool forced = false;
    for (int k = r; k <= end; k++)
        forced |= s->rows[k].break_inside || (k > r && s->rows[k].break_before);
    if (!forced && f->taken + group + notes + (last ? f->last_footer : f->footer) <=
                       f->avail + LAYOUT_EPSILON) {
        f->taken += group + notes;
        if (notes > 0)
            f->separator = 0;
        f->row = end + 1;
        return FILL_NEXT;
    }
    /* a row kept together goes whole; rows joined by spans may be cut
       between the rows or inside them */
    bool whole = end == r && s->rows[r].keep_together && group <= f->page_height;
    if (r > f->first_row && (whole || row_kept_to_next(s, r - 1))) {
        /* break before the row, or earlier rows kept with it */
        int back = r;
        while (back > f->first_row && row_kept_to_next(s, back - 1))
            back--;
        return break_before_row(f, back > f->first_row ? back : r, NULL, false);
    }
    if (!whole)
        return FILL_CUT;
    if (r == f->first_row && f->movable)
        return FILL_MOVE;
    /* a kept row taller than the page goes on regardless */
    f->taken += group;
    f->row = end + 1;
    return FILL_NEXT;
}

/* Where the cut line of a group goes: its rows' heights and tops, and the
 * highest forced break inside one of its cells. */
static row_cut measure_cut(const table_filler *f, int end)
{
    const layout_table *t = f->table;
    const table_section *s = f->body;
    int r = f->row;
    row_cut cut = {end, end - r + 1, NULL, NULL,
                   {r, end, f->progress, NULL, s->count, f->progress_split, false,
                    f->progress_from, NULL},
                   f->avail - f->taken - f->footer, -1};
    cut.heights = pliego_arena_alloc(f->arena, sizeof(double) * (size_t)cut.rows);
    cut.tops = pliego_arena_alloc(f->arena, sizeof(double) * (size_t)cut.rows);
    part_heights(t, s, &cut.part, cut.heights);
    for (int k = 0; k < cut.rows; k++)
        cut.tops[k] = k ? cut.tops[k - 1] + cut.heights[k - 1] + row_gap(t) : 0;
    int cell_count;
    const table_cell **cells = part_cells(t, s, &cut.part, &cell_count);
    for (int i = 0; i < cell_count; i++) {
        const table_cell *c = cells[i];
        const layout_items *list = &c->content;
        int start = part_from(s, &cut.part, c);
        const table_position *in = part_from_inner(&cut.part, c);
        double top = cut.tops[MAX(c->row, r) - r];
        cell_stop stop = cell_break(&f->breaking, c, start, in, cut.space - top,
                                    start == 0 && !in);
        if (stop.item > start && !stop.inner && stop.item < list->count &&
            list->items[stop.item].break_before) {
            double line = top + (start == 0 && !in ? c->inset[AREA_TOP] : 0) +
                          items_height(list, start, stop.item) +
                          items_notes(list, start, stop.item);
            cut.forced_at = cut.forced_at < 0 ? line : fmin(cut.forced_at, line);
        }
    }
    g_free(cells);
    return cut;
}

/* Where a cell covering the cut starts on this page: *start, the item, and
 * *in, inside a nested table going on. */
static void cell_start(const table_filler *f, const row_cut *cut, const table_cell *c,
                       int *start, const table_position **in)
{
    bool going_on = c->row <= f->row;
    *start = going_on ? part_from(f->body, &cut->part, c) : 0;
    *in = going_on ? part_from_inner(&cut->part, c) : NULL;
}

/* Step 2: a forced break before a row that the rows above join by spans:
 * those rows go whole, and the cells spanning on are cut at its top. */
static fill_step break_before_spanned_row(table_filler *f, const row_cut *cut)
{
    const table_section *s = f->body;
    int r = f->row;
    int row_break = -1;
    for (int k = r + 1; k <= cut->end && row_break < 0; k++)
        if (s->rows[k].break_before)
            row_break = k;
    if (row_break <= r || cut->tops[row_break - r] > cut->space + LAYOUT_EPSILON ||
        (cut->forced_at >= 0 && cut->forced_at < cut->tops[row_break - r] - LAYOUT_EPSILON))
        return FILL_CUT;
    double line = cut->tops[row_break - r] - row_gap(f->table);
    cell_stops next = new_stops(f->arena, f->table->columns);
    int count = active_cells(f->table, s, row_break, f->active);
    for (int i = 0; i < count; i++) {
        const table_cell *c = f->active[i];
        if (c->row >= row_break)
            continue;
        int start;
        const table_position *in;
        cell_start(f, cut, c, &start, &in);
        double top = cut->tops[MAX(c->row, r) - r];
        set_stop(&next, c->column,
                 cell_break(&f->breaking, c, start, in, line - top, start == 0 && !in));
    }
    return break_before_row(f, row_break, &next, false);
}

/* Step 3: the row the cut line crosses, line being where it goes. */
static int row_at_line(const table_filler *f, const row_cut *cut, double line)
{
    int k = f->row;
    while (k < cut->end && cut->tops[k - f->row] + cut->heights[k - f->row] <= line + LAYOUT_EPSILON)
        k++;
    return k;
}

/* Step 4: where each of the count cells covering row k stops, into next.
 * The footnotes of every cell on the page share its foot: those of the
 * cells that end above row k, and those of the lines the cells crossing it
 * place, which may make those cells stop earlier; a few rounds settle it. */
static void settle_stops(const table_filler *f, const row_cut *cut, int k, double line,
                         int count, cell_stops *next)
{
    const layout_table *t = f->table;
    const table_section *s = f->body;
    double fixed_notes = 0;
    int placed;
    const table_cell **above = part_cells(t, s, &cut->part, &placed);
    for (int i = 0; i < placed; i++)
        if (last_row_of(s, above[i]) < k)
            fixed_notes += items_notes(&above[i]->content,
                                       part_from(s, &cut->part, above[i]),
                                       above[i]->content.count);
    g_free(above);
    double *own_notes = pliego_arena_alloc(f->arena, sizeof(double) * (size_t)(count + 1));
    for (int i = 0; i < count; i++)
        own_notes[i] = 0;
    for (int round = 0; round < 4; round++) {
        double all_notes = fixed_notes;
        for (int i = 0; i < count; i++)
            all_notes += own_notes[i];
        bool changed = false;
        for (int i = 0; i < count; i++) {
            const table_cell *c = f->active[i];
            int start;
            const table_position *in;
            cell_start(f, cut, c, &start, &in);
            bool fresh = start == 0 && !in;
            double top = cut->tops[MAX(c->row, f->row) - f->row];
            double others = all_notes - own_notes[i];
            if (others > 0)
                others += f->separator;
            cell_stop stop = cell_break(&f->breaking, c, start, in, line - top - others,
                                        fresh);
            /* a cell that a forced break elsewhere leaves empty, but that
               had room for something, takes its first line */
            if (cut->forced_at >= 0 && !stop_moves(stop, start, in) &&
                stop_moves(cell_break(&f->breaking, c, start, in,
                                      cut->space - top - others, fresh),
                           start, in))
                stop = (cell_stop){first_break(c, start), NULL, 0};
            cell_stop before = get_stop(next, c->column);
            if (round > 0 && stop.item > before.item)
                stop = before;
            changed |= round == 0 || stop.item != before.item || stop.inner != before.inner;
            set_stop(next, c->column, stop);
            own_notes[i] = items_notes(&c->content, start, stop.item);
        }
        if (!changed)
            break;
    }
}

/* What the cells covering row k place once their stops are settled. */
typedef struct {
    bool any;       /* the row's own cells (or, in the first row, any cell)
                       place something */
    bool starved;   /* one of them could place nothing */
    bool rest;      /* some cell goes on to the next page */
    bool own_rest;  /* a cell ending in row k goes on */
} cut_outcome;

static cut_outcome outcome_of(const table_filler *f, const row_cut *cut, int k, int count,
                              const cell_stops *next)
{
    cut_outcome o = {false, false, false, false};
    for (int i = 0; i < count; i++) {
        const table_cell *c = f->active[i];
        int start;
        const table_position *in;
        cell_start(f, cut, c, &start, &in);
        cell_stop stop = get_stop(next, c->column);
        if (c->row == k || k == f->row) {
            o.any |= stop_moves(stop, start, in);
            o.starved |= !stop_moves(stop, start, in) && start < c->content.count;
        }
        o.rest |= stop.item < c->content.count;
        o.own_rest |= stop.item < c->content.count && last_row_of(f->body, c) == k;
    }
    return o;
}

/* Step 5: not one line of the first row fits on this page: take a line of
 * each cell (or a part of a table nested in it), so that the table moves
 * on. Returns whether some cell goes on to the next page. */
static bool take_a_line_each(const table_filler *f, const row_cut *cut, int count,
                             cell_stops *next)
{
    bool rest = false;
    for (int i = 0; i < count; i++) {
        const table_cell *c = f->active[i];
        int start;
        const table_position *in;
        cell_start(f, cut, c, &start, &in);
        cell_stop stop = {MIN(start + 1, c->content.count), NULL, 0};
        if (start < c->content.count && c->content.items[start].kind == ITEM_TABLE) {
            table_position *cut_at = NULL;
            double part = 0;
            table_fill(c->content.items[start].table, in,
                       cut->space - cut->tops[MAX(c->row, f->row) - f->row],
                       f->page_height, false, 0, f->arena, &cut_at, &part);
            if (cut_at)
                stop = (cell_stop){start, cut_at, part};
        }
        set_stop(next, c->column, stop);
        rest |= stop.item < c->content.count;
    }
    return rest;
}

/* Steps 3 to 5: cuts the group measured in cut at one line across the
 * page. The rows above the line go whole, the row it crosses is cut
 * between lines of its cells, and so are the cells spanning from above
 * into the rows below. A forced break inside a cell puts the line where
 * the cell's content stops; the other cells stop there too, or at their
 * first allowed break after it. */
static fill_step cut_rows(table_filler *f, const row_cut *cut)
{
    const table_section *s = f->body;
    int r = f->row;
    int k = row_at_line(f, cut, cut->forced_at >= 0 ? cut->forced_at : cut->space);
    cell_stops next = new_stops(f->arena, f->table->columns);
    int count = active_cells(f->table, s, k, f->active);
    settle_stops(f, cut, k, cut->forced_at >= 0 ? cut->forced_at : cut->space, count,
                 &next);
    cut_outcome o = outcome_of(f, cut, k, count, &next);
    bool fresh = k > r || !f->progress_split;
    if (fresh && o.any && (o.starved || (k > r && s->rows[k].keep_together &&
                                         cut->heights[k - r] <= f->page_height))) {
        /* do not open a row with one of its cells empty, nor cut a row
           kept together: the row goes to the next page */
        o.any = false;
    }
    if (!o.any && k == r) {
        if (r > f->first_row)
            return break_before_row(f, r, NULL, false);
        if (!f->progress && f->movable)
            return FILL_MOVE;
        o.rest = take_a_line_each(f, cut, count, &next);
        o.any = true;
    }
    if (!o.any || (!o.rest && k > r && cut->forced_at < 0)) {
        /* the rows above k go whole; cells spanning into k are cut */
        for (int i = 0; i < count; i++)
            if (f->active[i]->row == k)
                set_stop(&next, f->active[i]->column, (cell_stop){0, NULL, 0});
        return break_before_row(f, k, &next, false);
    }
    if (!o.rest && k == cut->end) {
        if (!f->progress && r > f->first_row && cut->forced_at < 0) {
            /* every line fits but the row's own height does not: the
               row goes to the next page whole, as FOP does */
            return break_before_row(f, r, NULL, false);
        }
        return take_rows(f, cut);
    }
    if (!o.own_rest && k < cut->end) {
        /* row k ends here; only cells spanning into the next row go on */
        int below = active_cells(f->table, s, k + 1, f->active);
        for (int i = 0; i < below; i++)
            if (f->active[i]->row == k + 1)
                set_stop(&next, f->active[i]->column, (cell_stop){0, NULL, 0});
        return break_before_row(f, k + 1, &next, false);
    }
    return break_before_row(f, k, &next, true);
}

static bool fill(const layout_table *t, const table_position *from, double avail,
                 double page_height, bool page_has_content, double separator,
                 pliego_arena *arena, table_position **to, double *used)
{
    bool continued = from != NULL;
    bool header = !continued || !t->omit_header;
    /* the header and footer repeat with the footnotes cited in them */
    double header_notes = header ? group_notes(&t->header, 0, t->header.count - 1) : 0;
    double footer_notes = group_notes(&t->footer, 0, t->footer.count - 1);
    table_filler f = {
        .table = t, .body = &t->body, .arena = arena,
        .breaking = {t, page_height, arena},
        .avail = avail, .page_height = page_height, .separator = separator,
        .taken = header ? t->header_height + header_notes : 0,
        .last_footer = t->footer_height + footer_notes,
        .row = from ? from->row : 0,
        .first_row = from ? from->row : 0,
        .movable = !continued && page_has_content,
        .progress = from ? from->next_item : NULL,
        .progress_split = from && from->split,
    };
    f.footer = t->omit_footer ? 0 : f.last_footer;
    f.progress_from = f.progress ? from : NULL;
    if (header_notes + footer_notes > 0 && f.separator > 0) {
        f.taken += f.separator; /* the page's first footnotes bring it */
        f.separator = 0;
    }
    f.active = pliego_arena_alloc(arena, sizeof(table_cell *) * (size_t)(t->columns + 1));
    *to = NULL;
    if (f.movable && t->keep_together) {
        /* a table kept together moves whole when the next page can hold it */
        double whole = f.taken + section_height(t, f.body) + f.last_footer;
        if (whole > avail + LAYOUT_EPSILON && whole <= page_height + LAYOUT_EPSILON)
            return false;
    }
    while (f.row < f.body->count) {
        int end = group_last(t, f.body, f.row, f.active);
        fill_step step = take_whole_group(&f, end);
        if (step == FILL_CUT) {
            row_cut cut = measure_cut(&f, end);
            step = break_before_spanned_row(&f, &cut);
            if (step == FILL_CUT && f.progress && cut.forced_at < 0 &&
                cut.tops[cut.rows - 1] + cut.heights[cut.rows - 1] <= cut.space + LAYOUT_EPSILON)
                step = take_rows(&f, &cut); /* the rest of the rows fits */
            if (step == FILL_CUT)
                step = cut_rows(&f, &cut);
        }
        if (step == FILL_MOVE)
            return false;
        if (step == FILL_BREAK) {
            *to = f.to;
            *used = avail;
            return true;
        }
    }
    *used = f.taken + f.last_footer;
    return true;
}

bool table_fill(const layout_table *t, const table_position *from, double avail,
                double page_height, bool page_has_content, double separator,
                pliego_arena *arena, table_position **to, double *used)
{
    if (!fill(t, from, avail, page_height, page_has_content, separator, arena, to,
              used))
        return false;
    table_position *p = *to;
    if (!p)
        return true;
    /* the kind of a forced break where the page ends: before the row
       starting the next page, or inside a cell going on there; odd and
       even pages win over a plain page break */
    const table_section *s = &t->body;
    if (!p->split && p->row < s->count)
        p->forced = s->rows[p->row].break_before;
    if (p->next_item && p->row < s->count) {
        const table_cell **act = pliego_arena_alloc(arena, sizeof(table_cell *) *
                                                              (size_t)(t->columns + 1));
        int count = active_cells(t, s, p->row, act);
        for (int i = 0; i < count; i++) {
            const layout_items *list = &act[i]->content;
            int k = p->next_item[act[i]->column];
            /* a nested table cut by this break already had its own */
            if (k > 0 && k < list->count && !(p->inner && p->inner[act[i]->column]))
                p->forced = MAX(p->forced, list->items[k].break_before);
        }
    }
    return true;
}

/* ---- placing -------------------------------------------------------- */

static area *cell_area(layout_context *ctx, const layout_placement *at,
                       const layout_table *t, const table_cell *c, area *parent,
                       double y, double height, bool closed, bool continued,
                       bool header)
{
    area *a = area_new(ctx->areas, parent, AREA_BLOCK);
    /* role="TH" on a body cell makes it a row header (the label column
       of a table of facts), as a header row's cells are column headers */
    const char *role = fo_get(c->node, FO_PROP_ROLE)->string;
    bool row_header = !header && role && strcmp(role, "TH") == 0;
    a->role = at->artifact ? NULL : header || row_header ? "TH" : "TD";
    a->section = header ? AREA_SECTION_HEADER : AREA_SECTION_BODY;
    a->x = at->origin_x + c->x;
    a->y = y;
    a->width = c->width;
    a->height = height;
    if (t->collapse) {
        /* the box reaches to the outer edges of the centred borders */
        double left = c->sides[AREA_LEFT].width / 2, right = c->sides[AREA_RIGHT].width / 2;
        double top = c->sides[AREA_TOP].width / 2, bottom = c->sides[AREA_BOTTOM].width / 2;
        a->x -= left;
        a->width += left + right;
        a->y -= top;
        a->height += top + bottom;
    }
    a->background = c->background;
    for (int side = 0; side < 4; side++)
        a->border[side] = c->sides[side];
    if (!t->collapse) {
        /* a break discards the borders it cuts unless they are retained */
        if (closed && !c->retain_after)
            a->border[AREA_BOTTOM] = (area_border){0};
        if (continued && !c->retain_before)
            a->border[AREA_TOP] = (area_border){0};
    } else if (closed && !a->border[AREA_BOTTOM].width) {
        /* a row broken by the page: its cells are closed at the break */
        a->border[AREA_BOTTOM] = a->border[AREA_TOP];
    }
    a->name = "table-cell";
    a->source_line = c->node->line;
    a->source = c->node;
    const char *id = fo_get(c->node, FO_PROP_ID)->string;
    if (id && id[0])
        a->id = id;
    return a;
}

/* Places part p of a section from y; returns the y below it. */
static void mark_repeated(area *row)
{
    for (; row; row = row->next)
        row->repeated = true;
}

static double place_rows(layout_context *ctx, const layout_placement *at,
                         const layout_table *t, const table_section *s,
                         const table_part *p, area *parent, double y)
{
    if (p->first > p->last)
        return y;
    int n = p->last - p->first + 1;
    double *heights = g_new(double, (size_t)n);
    part_heights(t, s, p, heights);
    int cell_count;
    const table_cell **cells = part_cells(t, s, p, &cell_count);
    int next_cell = 0;
    for (int r = p->first; r <= p->last; r++) {
        double height = heights[r - p->first];
        /* a row groups its cells, for the PDF structure (TR) */
        area *row_area = area_new(ctx->areas, parent, AREA_BLOCK);
        row_area->name = "table-row";
        row_area->role = at->artifact ? NULL : "TR";
        row_area->section = s == &t->header   ? AREA_SECTION_HEADER
                            : s == &t->footer ? AREA_SECTION_FOOTER
                                              : AREA_SECTION_BODY;
        row_area->x = at->origin_x + t->x;
        row_area->y = y;
        row_area->width = t->width;
        row_area->height = height;
        /* the cells starting in this row, or going on into the part's first */
        for (; next_cell < cell_count && MAX(cells[next_cell]->row, p->first) == r;
             next_cell++) {
            const table_cell *c = cells[next_cell];
            int hi = MIN(last_row_of(s, c), p->last);
            double cell_height = 0;
            for (int k = r; k <= hi; k++)
                cell_height += heights[k - p->first] + (k > r ? row_gap(t) : 0);
            bool cut = part_cuts(s, p, c);
            int a0 = part_from(s, p, c);
            int a1 = part_to(s, p, c);
            const table_position *in0 = part_from_inner(p, c);
            const table_position *in1 = part_to_inner(s, p, c);
            bool fresh = a0 == 0 && !in0;
            area *a = cell_area(ctx, at, t, c, row_area, y, cell_height, cut, !fresh,
                                s == &t->header);
            double top = fresh ? c->inset[AREA_TOP] : cut_top(t, c);
            double offset = 0;
            if (fresh && !cut) {
                uint16_t align = fo_get(c->node, FO_PROP_DISPLAY_ALIGN)->keyword;
                double free_space = cell_height - c->inset[AREA_TOP] - c->content_height -
                                    c->inset[AREA_BOTTOM];
                if (align == FO_KW_CENTER)
                    offset = free_space / 2;
                else if (align == FO_KW_AFTER)
                    offset = free_space;
            }
            guint noted = at->footnotes ? at->footnotes->len : 0;
            /* a nested table cut here is placed in part, unless the
               cell got none of it on this page */
            int last = in1 && (a1 > a0 || in1 != in0) ? a1 + 1 : a1;
            paginate_place_range(ctx, at, &c->content, a0, in0, last, in1, a,
                                 y + top + offset);
            /* footnotes stack in the order FOP's table steps reach their
               lines: by how far into the row's content they are cited, not
               by the cells' differing borders and padding */
            for (guint k = noted; at->footnotes && k < at->footnotes->len; k++) {
                layout_footnote *note = g_ptr_array_index(at->footnotes, k);
                note->cited_at -= top + offset;
            }
        }
        y += height + row_gap(t);
    }
    g_free(cells);
    g_free(heights);
    return y;
}

double table_place(layout_context *ctx, const layout_placement *at,
                   layout_table *t, const table_position *from,
                   const table_position *to, area *parent, double y)
{
    table_part body = {from ? from->row : 0,
                       to ? (to->split ? to->row : to->row - 1) : t->body.count - 1,
                       from ? from->next_item : NULL, to ? to->next_item : NULL,
                       to ? to->row : t->body.count, from && from->split,
                       to && to->split, from, to};
    table_fragment fragment = {t, body.first, body.last, body.cut_first, body.cut_last};
    if (t->header_retrieves || t->footer_retrieves) {
        layout_placement part = *at;
        part.fragment = &fragment;
        if (t->header_retrieves)
            relayout_section(ctx, &part, t, &t->header);
        if (t->footer_retrieves)
            relayout_section(ctx, &part, t, &t->footer);
    }
    area *a = area_new(ctx->areas, parent, AREA_BLOCK);
    a->x = at->origin_x + t->x;
    a->y = y;
    a->width = t->width;
    a->name = "table";
    a->role = at->artifact ? NULL : "Table";
    a->source_line = t->node->line;
    a->source = t->node;
    double top = y;
    /* each row is followed by its separation: half of it opens the table
       and the last row's is halved at its end */
    y += half_row_gap(t);
    /* A header repeated after a break, and a footer before one, are
       decoration in the PDF's structure: the table has one THead (its
       first page's) and one TFoot (its last page's). */
    if (t->header.count && (!from || !t->omit_header)) {
        table_part all = whole_part(&t->header);
        area *before = a->last_child;
        y = place_rows(ctx, at, t, &t->header, &all, a, y);
        if (from)
            mark_repeated(before ? before->next : a->first_child);
    }
    y = place_rows(ctx, at, t, &t->body, &body, a, y);
    if (t->footer.count && (!to || !t->omit_footer)) {
        table_part all = whole_part(&t->footer);
        area *before = a->last_child;
        y = place_rows(ctx, at, t, &t->footer, &all, a, y);
        if (to)
            mark_repeated(before ? before->next : a->first_child);
    }
    y -= half_row_gap(t);
    a->height = y - top;
    return y;
}
