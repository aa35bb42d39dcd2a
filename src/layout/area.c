/* The area tree: construction, destinations and the XML dump.
 *
 * Takes pages, areas, Pango layouts and destinations from layout; gives
 * them to the renderers and writes the whole tree as XML (docs/area-tree.md)
 * for golden-file tests. The tree owns everything: areas, pages and strings
 * live in its arena; it holds one reference on each kept PangoLayout and
 * drops them all in area_tree_free.
 */
#include "layout/area.h"

#include <glib.h>
#include <string.h>

#include "common/escape.h"

area_tree *area_tree_new(void)
{
    area_tree *tree = g_new0(area_tree, 1);
    tree->arena = pliego_arena_new();
    tree->pages = g_ptr_array_new();
    tree->layouts = g_ptr_array_new_with_free_func(g_object_unref);
    tree->destinations = g_hash_table_new(g_str_hash, g_str_equal);
    return tree;
}

void area_tree_free(area_tree *tree)
{
    if (!tree)
        return;
    g_ptr_array_free(tree->layouts, TRUE);
    g_ptr_array_free(tree->pages, TRUE);
    g_hash_table_destroy(tree->destinations);
    pliego_arena_free(tree->arena);
    g_free(tree);
}

area_page *area_tree_add_page(area_tree *tree, double width, double height)
{
    area_page *page = pliego_arena_alloc(tree->arena, sizeof *page);
    page->number = (int)tree->pages->len + 1;
    page->width = width;
    page->height = height;
    /* a container for the regions, so a page always has a root */
    page->root = area_new(tree, NULL, AREA_BLOCK);
    page->root->width = width;
    page->root->height = height;
    g_ptr_array_add(tree->pages, page);
    return page;
}

area *area_new(area_tree *tree, area *parent, area_kind kind)
{
    area *a = pliego_arena_alloc(tree->arena, sizeof *a);
    a->kind = kind;
    a->parent = parent;
    if (parent) {
        if (parent->last_child)
            parent->last_child->next = a;
        else
            parent->first_child = a;
        parent->last_child = a;
    }
    return a;
}

void area_tree_keep_layout(area_tree *tree, PangoLayout *layout)
{
    g_ptr_array_add(tree->layouts, g_object_ref(layout));
}

void area_tree_add_destination(area_tree *tree, const char *id,
                               int page_index, double x, double y)
{
    if (!id || g_hash_table_contains(tree->destinations, id))
        return;
    area_destination *d = pliego_arena_alloc(tree->arena, sizeof *d);
    d->id = pliego_arena_strndup(tree->arena, id, -1);
    d->page_index = page_index;
    d->x = x;
    d->y = y;
    g_hash_table_insert(tree->destinations, (char *)d->id, d);
}

const area_destination *area_tree_find_destination(const area_tree *tree,
                                                   const char *id)
{
    if (!id)
        return NULL;
    return g_hash_table_lookup(tree->destinations, id);
}

/* ---- dump ---- */

/* Writes value with two decimals and a point, whatever the locale. */
static void write_number(FILE *stream, double value)
{
    char buffer[G_ASCII_DTOSTR_BUF_SIZE];
    if (value > -0.005 && value < 0.005)
        value = 0; /* no "-0.00" */
    fputs(g_ascii_formatd(buffer, sizeof buffer, "%.2f", value), stream);
}

static void write_escaped(FILE *stream, const char *text)
{
    GString *escaped = g_string_sized_new(64);
    pliego_xml_append_escaped(escaped, text, true);
    fputs(escaped->str, stream);
    g_string_free(escaped, TRUE);
}

static void write_string_attribute(FILE *stream, const char *name,
                                   const char *value)
{
    if (!value || !*value)
        return;
    fprintf(stream, " %s=\"", name);
    write_escaped(stream, value);
    fputc('"', stream);
}

static void write_number_attribute(FILE *stream, const char *name,
                                   double value)
{
    fprintf(stream, " %s=\"", name);
    write_number(stream, value);
    fputc('"', stream);
}

static void write_color(FILE *stream, uint32_t color)
{
    fprintf(stream, "#%02x%02x%02x", (color >> 24) & 0xff,
            (color >> 16) & 0xff, (color >> 8) & 0xff);
    if ((color & 0xff) != 0xff)
        fprintf(stream, "%02x", color & 0xff);
}

static const char *border_style_name(int style)
{
    switch (style) {
    case AREA_BORDER_SOLID: return "solid";
    case AREA_BORDER_DASHED: return "dashed";
    case AREA_BORDER_DOTTED: return "dotted";
    case AREA_BORDER_DOUBLE: return "double";
    default: return "none";
    }
}

static const char *kind_name(area_kind kind)
{
    switch (kind) {
    case AREA_REGION: return "region";
    case AREA_BLOCK: return "block";
    case AREA_LINE: return "line";
    case AREA_LEADER: return "leader";
    case AREA_LINK: return "link";
    case AREA_RULE: return "rule";
    case AREA_IMAGE: return "image";
    }
    return "area";
}

static const char *leader_pattern_name(int pattern)
{
    switch (pattern) {
    case AREA_LEADER_DOTS: return "dots";
    case AREA_LEADER_RULE: return "rule";
    default: return "space";
    }
}

static void write_borders(FILE *stream, const area *a)
{
    static const char *const names[4] = {
        [AREA_TOP] = "border-top", [AREA_BOTTOM] = "border-bottom",
        [AREA_LEFT] = "border-left", [AREA_RIGHT] = "border-right"};
    for (int side = 0; side < 4; side++) {
        const area_border *b = &a->border[side];
        if (b->width <= 0 || b->style == AREA_BORDER_NONE)
            continue;
        fprintf(stream, " %s=\"", names[side]);
        write_number(stream, b->width);
        fprintf(stream, " %s ", border_style_name(b->style));
        write_color(stream, b->color);
        fputc('"', stream);
    }
}

static void write_kind_attributes(FILE *stream, const area *a)
{
    switch (a->kind) {
    case AREA_LINE:
        write_number_attribute(stream, "baseline", a->baseline);
        /* the box lines are broken for (none on areas made by hand) */
        if (a->box_width > 0) {
            write_number_attribute(stream, "box-x", a->box_x);
            write_number_attribute(stream, "box-width", a->box_width);
        }
        write_string_attribute(stream, "overfull", a->overfull);
        break;
    case AREA_LEADER:
        if (a->leader_pattern == AREA_LEADER_RULE) {
            fprintf(stream, " rule-style=\"%s\"",
                    border_style_name(a->rule_style));
            write_number_attribute(stream, "rule-thickness",
                                   a->rule_thickness);
        }
        if (a->leader_pattern == AREA_LEADER_DOTS)
            write_number_attribute(stream, "pattern-width", a->pattern_width);
        if (a->leader_pattern != AREA_LEADER_SPACE) {
            fputs(" color=\"", stream);
            write_color(stream, a->color);
            fputc('"', stream);
        }
        break;
    case AREA_RULE:
        fputs(" color=\"", stream);
        write_color(stream, a->color);
        fputc('"', stream);
        break;
    case AREA_LINK:
        write_string_attribute(stream, "uri", a->uri);
        write_string_attribute(stream, "destination", a->destination);
        break;
    case AREA_IMAGE:
        if (a->src) {
            /* the file name only: golden files must not hold a machine's
               directories */
            char *name = g_path_get_basename(a->src);
            write_string_attribute(stream, "src", name);
            g_free(name);
        }
        write_string_attribute(stream, "alt", a->alt_text);
        if (a->clip) {
            write_number_attribute(stream, "clip-width", a->clip_width);
            write_number_attribute(stream, "clip-height", a->clip_height);
        }
        break;
    default:
        break;
    }
}

static void write_indent(FILE *stream, int depth)
{
    for (int i = 0; i < depth; i++)
        fputs("  ", stream);
}

static void write_area(FILE *stream, const area *a, int depth)
{
    write_indent(stream, depth);
    fprintf(stream, "<%s", kind_name(a->kind));
    if (a->kind == AREA_REGION)
        write_string_attribute(stream, "name", a->name);
    else if (a->kind == AREA_LEADER)
        fprintf(stream, " pattern=\"%s\"",
                leader_pattern_name(a->leader_pattern));
    else
        write_string_attribute(stream, "element", a->name);
    write_string_attribute(stream, "id", a->id);
    write_string_attribute(stream, "role", a->role);
    write_number_attribute(stream, "x", a->x);
    write_number_attribute(stream, "y", a->y);
    write_number_attribute(stream, "width", a->width);
    write_number_attribute(stream, "height", a->height);
    write_kind_attributes(stream, a);
    if (a->orientation)
        fprintf(stream, " reference-orientation=\"%d\"", a->orientation);
    if (a->background & 0xff) {
        fputs(" background=\"", stream);
        write_color(stream, a->background);
        fputc('"', stream);
    }
    write_borders(stream, a);

    bool has_text = a->kind == AREA_LINE && a->text && *a->text;
    bool decorated = area_line_has_decorations(a);
    if (!a->first_child && !has_text && !decorated) {
        fputs("/>\n", stream);
        return;
    }
    fputc('>', stream);
    if (has_text)
        write_escaped(stream, a->text);
    if (a->first_child || decorated) {
        fputc('\n', stream);
        area_line_dump_decorations(stream, a, depth + 1);
        for (const area *child = a->first_child; child; child = child->next)
            write_area(stream, child, depth + 1);
        write_indent(stream, depth);
    }
    fprintf(stream, "</%s>\n", kind_name(a->kind));
}

static void write_bookmarks(FILE *stream, const area_bookmark *b, int depth)
{
    for (; b; b = b->next) {
        write_indent(stream, depth);
        fputs("<bookmark", stream);
        write_string_attribute(stream, "title", b->title);
        write_string_attribute(stream, "destination", b->destination);
        write_string_attribute(stream, "uri", b->uri);
        if (b->open)
            fputs(" open=\"true\"", stream);
        if (!b->first_child) {
            fputs("/>\n", stream);
            continue;
        }
        fputs(">\n", stream);
        write_bookmarks(stream, b->first_child, depth + 1);
        write_indent(stream, depth);
        fputs("</bookmark>\n", stream);
    }
}

static void write_page(FILE *stream, const area_page *page, unsigned index)
{
    fprintf(stream, "  <page index=\"%u\" number=\"%d\"", index, page->number);
    write_string_attribute(stream, "label", page->label);
    write_string_attribute(stream, "master", page->master);
    if (page->blank)
        fputs(" blank=\"true\"", stream);
    write_number_attribute(stream, "width", page->width);
    write_number_attribute(stream, "height", page->height);
    if (!page->root || !page->root->first_child) {
        fputs("/>\n", stream);
        return;
    }
    fputs(">\n", stream);
    /* the root is a container without geometry of its own: its children
       (the regions) are the page's content */
    for (const area *a = page->root->first_child; a; a = a->next)
        write_area(stream, a, 2);
    fputs("  </page>\n", stream);
}

void area_tree_dump(const area_tree *tree, FILE *stream)
{
    fputs("<areas>\n", stream);
    if (tree->bookmarks) {
        fputs("  <bookmarks>\n", stream);
        write_bookmarks(stream, tree->bookmarks, 2);
        fputs("  </bookmarks>\n", stream);
    }
    for (unsigned i = 0; i < tree->pages->len; i++)
        write_page(stream, g_ptr_array_index(tree->pages, i), i + 1);
    fputs("</areas>\n", stream);
}
