/* The Cairo renderer over the area tree; see render.h.
 *
 * Takes a finished area tree and draws it page by page with one routine,
 * draw_page, onto a PDF surface or onto image surfaces for PNG files. On a
 * PDF surface it also writes link annotations, the outline (bookmarks),
 * page labels and the document metadata; on image surfaces those are
 * skipped. Owns only what one call makes: surfaces, the output stream and
 * the temporary file, all released before returning.
 */
#include "render/render.h"

#include "archive/archive.h"
#include "layout/image.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stddef.h>
#include <pango/pangocairo.h>
#include <png.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FALLBACK_DATE "2000-01-01T00:00:00Z"

/* ---- colours and small geometry ---- */

static void set_color(cairo_t *cr, uint32_t color)
{
    cairo_set_source_rgba(cr, ((color >> 24) & 0xff) / 255.0,
                          ((color >> 16) & 0xff) / 255.0,
                          ((color >> 8) & 0xff) / 255.0,
                          (color & 0xff) / 255.0);
}

static bool is_pdf(cairo_t *cr)
{
    return cairo_surface_get_type(cairo_get_target(cr))
           == CAIRO_SURFACE_TYPE_PDF;
}

/* What one PDF drawing needs besides the Cairo context. */
typedef struct {
    const area_tree *tree;
    bool archival;               /* a PDF/A or PDF/UA standard was asked for */
    archive_tags *tags;           /* structure elements in the order begun */
    const render_pdf_options *options;
    GHashTable *warned;          /* roles and URIs already warned about */
    bool in_repeated;            /* drawing a repeated table header/footer */
    bool right_to_left;          /* some line holds right-to-left letters */
    cairo_matrix_t page_matrix;  /* the page's own coordinates (draw_page) */
} draw_state;

static void warn_once(draw_state *state, const area *a, const char *key,
                      const char *format, const char *value)
{
    if (!state->options || !state->options->warn)
        return;
    if (!g_hash_table_add(state->warned, g_strdup(key)))
        return;
    /* link areas have no line of their own; their block has */
    int line = 0;
    for (const area *up = a; up && line <= 0; up = up->parent)
        line = up->source_line;
    char *message = g_strdup_printf(format, value);
    state->options->warn(state->options->warn_data, line, message);
    g_free(message);
}

/* The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4), which
 * PDF/UA-1 needs every element to be or to map to. Document is left out:
 * there is one, around everything. */
static const char *const standard_roles[] = {
    "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI",
    "Index", "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5",
    "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead",
    "TBody", "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry",
    "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP",
    "Figure", "Formula", "Form"};

/* The structure type the area's content is tagged with, or NULL. A role
 * that is not a standard type (role="Foo" from converted Word or DocBook
 * files) becomes P when the area holds lines and Div otherwise, with one
 * warning per value: Cairo would refuse the name and fail the render. */
static const char *render_role(draw_state *state, const area *a)
{
    if (!a->role)
        return NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(standard_roles); i++)
        if (strcmp(a->role, standard_roles[i]) == 0)
            return standard_roles[i];
    bool lines = a->first_child && a->first_child->kind == AREA_LINE;
    const char *mapped = lines ? "P" : "Div";
    char *key = g_strconcat("role:", a->role, NULL);
    warn_once(state, a, key,
              lines ? "role \"%s\" is not a PDF structure type; tagged as P"
                    : "role \"%s\" is not a PDF structure type; tagged as Div",
              a->role);
    g_free(key);
    return mapped;
}

/* Draws a line of a given style filling the strip x, y, width, height;
 * the strip runs along its longer axis when horizontal says so. Used for
 * borders and rule leaders. */
static void draw_strip(cairo_t *cr, double x, double y, double width,
                       double height, bool horizontal, int style,
                       uint32_t color)
{
    double thickness = horizontal ? height : width;
    double length = horizontal ? width : height;
    if (thickness <= 0 || length <= 0 || style == AREA_BORDER_NONE)
        return;
    set_color(cr, color);
    if (style == AREA_BORDER_SOLID) {
        cairo_rectangle(cr, x, y, width, height);
        cairo_fill(cr);
        return;
    }
    if (style == AREA_BORDER_DOUBLE) {
        double third = thickness / 3;
        if (horizontal) {
            cairo_rectangle(cr, x, y, width, third);
            cairo_rectangle(cr, x, y + 2 * third, width, third);
        } else {
            cairo_rectangle(cr, x, y, third, height);
            cairo_rectangle(cr, x + 2 * third, y, third, height);
        }
        cairo_fill(cr);
        return;
    }

    /* dashed and dotted: a stroked centre line */
    cairo_save(cr);
    cairo_set_line_width(cr, thickness);
    double start = 0, end = length;
    if (style == AREA_BORDER_DOTTED) {
        /* round dots of the line's width, one every two widths; the caps
           stick out by half a width, so pull the ends in */
        double dashes[2] = {0, 2 * thickness};
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_set_dash(cr, dashes, 2, 0);
        start = thickness / 2;
        end = length - thickness / 2;
    } else {
        double dashes[2] = {3 * thickness, 3 * thickness};
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        cairo_set_dash(cr, dashes, 2, 0);
    }
    if (end < start)
        end = start;
    if (horizontal) {
        cairo_move_to(cr, x + start, y + height / 2);
        cairo_line_to(cr, x + end, y + height / 2);
    } else {
        cairo_move_to(cr, x + width / 2, y + start);
        cairo_line_to(cr, x + width / 2, y + end);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* Top and bottom borders own the corners; left and right fit between. */
static void draw_borders(cairo_t *cr, const area *a)
{
    const area_border *b = a->border;
    double top = b[AREA_TOP].width > 0 ? b[AREA_TOP].width : 0;
    double bottom = b[AREA_BOTTOM].width > 0 ? b[AREA_BOTTOM].width : 0;
    double inner = a->height - top - bottom;

    draw_strip(cr, a->x, a->y, a->width, top, true, b[AREA_TOP].style,
               b[AREA_TOP].color);
    draw_strip(cr, a->x, a->y + a->height - bottom, a->width, bottom, true,
               b[AREA_BOTTOM].style, b[AREA_BOTTOM].color);
    if (inner <= 0)
        return;
    draw_strip(cr, a->x, a->y + top, b[AREA_LEFT].width, inner, false,
               b[AREA_LEFT].style, b[AREA_LEFT].color);
    draw_strip(cr, a->x + a->width - b[AREA_RIGHT].width, a->y + top,
               b[AREA_RIGHT].width, inner, false, b[AREA_RIGHT].style,
               b[AREA_RIGHT].color);
}

static void draw_background(cairo_t *cr, const area *a)
{
    if (!(a->background & 0xff) || a->width <= 0 || a->height <= 0)
        return;
    set_color(cr, a->background);
    cairo_rectangle(cr, a->x, a->y, a->width, a->height);
    cairo_fill(cr);
}

/* ---- text and leaders ---- */

static void draw_line(cairo_t *cr, const area *a)
{
    if (!a->line)
        return;
    /* the layout's attributes carry the real colours */
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, a->x, a->baseline);
    pango_cairo_show_layout_line(cr, a->line);
}

static double leader_baseline(const area *a)
{
    if (a->parent && a->parent->kind == AREA_LINE)
        return a->parent->baseline;
    if (a->baseline > 0)
        return a->baseline;
    return a->y + a->height;
}

static void draw_dots(cairo_t *cr, const area *a)
{
    if (!a->dots)
        return;
    PangoLayoutLine *unit = pango_layout_get_line_readonly(a->dots, 0);
    if (!unit)
        return;
    double step = a->pattern_width;
    if (step <= 0) {
        PangoRectangle logical;
        pango_layout_line_get_extents(unit, NULL, &logical);
        step = (double)logical.width / PANGO_SCALE;
    }
    if (step <= 0)
        return;
    int count = (int)floor(a->width / step + 1e-6);
    double baseline = leader_baseline(a);
    /* a foreground attribute of the dots layout still wins */
    if (a->color & 0xff)
        set_color(cr, a->color);
    else
        cairo_set_source_rgb(cr, 0, 0, 0);
    for (int i = 0; i < count; i++) {
        cairo_move_to(cr, a->x + i * step, baseline);
        pango_cairo_show_layout_line(cr, unit);
    }
}

static void draw_leader(cairo_t *cr, const area *a)
{
    if (a->leader_pattern == AREA_LEADER_DOTS) {
        draw_dots(cr, a);
    } else if (a->leader_pattern == AREA_LEADER_RULE) {
        double middle = a->y + a->height / 2;
        draw_strip(cr, a->x, middle - a->rule_thickness / 2, a->width,
                   a->rule_thickness, true, a->rule_style, a->color);
    }
}

/* ---- links ---- */

/* Appends value to attributes as a Cairo attribute string: in single
 * quotes, with quotes and backslashes escaped by a backslash. */
static void append_quoted(GString *attributes, const char *value)
{
    g_string_append_c(attributes, '\'');
    for (const char *p = value; *p; p++) {
        if (*p == '\'' || *p == '\\')
            g_string_append_c(attributes, '\\');
        g_string_append_c(attributes, *p);
    }
    g_string_append_c(attributes, '\'');
}

/* Appends value as Cairo will copy it into a PDF string literal: Cairo
 * 1.16 writes link URIs and destination names between parentheses as it
 * gets them, so an unbalanced ")" would end the string and let the rest
 * of the value become PDF keys (a /Launch action, say). Parentheses and
 * backslashes get the backslash PDF expects; bytes outside printable
 * ASCII are percent-encoded, as a URI carries them. Then the whole is
 * quoted for Cairo's attribute parser, which takes one backslash off. */
static void append_pdf_string(GString *attributes, const char *value)
{
    GString *escaped = g_string_new(NULL);
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        if (*p == '(' || *p == ')' || *p == '\\') {
            g_string_append_c(escaped, '\\');
            g_string_append_c(escaped, (char)*p);
        } else if (*p < 0x21 || *p > 0x7e) {
            g_string_append_printf(escaped, "%%%02X", *p);
        } else {
            g_string_append_c(escaped, (char)*p);
        }
    }
    append_quoted(attributes, escaped->str);
    g_string_free(escaped, TRUE);
}

/* Only web and mail links reach the PDF: a javascript:, file: or launch
 * URI in a contract is an attack, not a reference. */
bool render_uri_allowed(const char *uri)
{
    static const char *const schemes[] = {"http:", "https:", "mailto:"};
    for (size_t i = 0; i < G_N_ELEMENTS(schemes); i++)
        if (g_ascii_strncasecmp(uri, schemes[i], strlen(schemes[i])) == 0)
            return true;
    return false;
}

/* Numbers with a point whatever the locale. */
static void append_number(GString *attributes, double value)
{
    char buffer[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append(attributes,
                    g_ascii_formatd(buffer, sizeof buffer, "%.3f", value));
}

/* Appends "page=N pos=[x y]" for destination id; false when unknown. */
static bool append_destination(GString *attributes, const area_tree *tree,
                               const char *id)
{
    const area_destination *d = area_tree_find_destination(tree, id);
    if (!d || d->page_index < 0 || (unsigned)d->page_index >= tree->pages->len)
        return false;
    g_string_append_printf(attributes, "page=%d pos=[", d->page_index + 1);
    append_number(attributes, d->x);
    g_string_append_c(attributes, ' ');
    append_number(attributes, d->y);
    g_string_append_c(attributes, ']');
    return true;
}

/* Links to internal destinations name them: Cairo 1.16 drops a link given
 * as page=N when page N is not drawn yet, but resolves names at the end. */
static bool append_link_target(GString *attributes, const area_tree *tree,
                               const area *a)
{
    if (a->uri && *a->uri) {
        if (!render_uri_allowed(a->uri))
            return false;
        g_string_append(attributes, "uri=");
        append_pdf_string(attributes, a->uri);
        return true;
    }
    const area_destination *d =
        area_tree_find_destination(tree, a->destination);
    if (!d || d->page_index < 0 || (unsigned)d->page_index >= tree->pages->len)
        return false;
    g_string_append(attributes, "dest=");
    append_pdf_string(attributes, d->id);
    return true;
}

/* Whether draw_link will write this link area: a PDF, a box, a target. */
static bool link_drawn(const area_tree *tree, const area *a)
{
    if (a->width <= 0 || a->height <= 0)
        return false;
    GString *target = g_string_new(NULL);
    bool ok = append_link_target(target, tree, a);
    g_string_free(target, TRUE);
    return ok;
}

/* The box of link area a in the page's coordinates: Cairo takes a link's
 * rect there, whatever the current matrix, so a link inside turned
 * content (reference-orientation) gets the box its turned area covers. */
static void link_box(cairo_t *cr, const draw_state *state, const area *a,
                     double box[4])
{
    cairo_matrix_t to_page = state->page_matrix;
    if (cairo_matrix_invert(&to_page) != CAIRO_STATUS_SUCCESS)
        cairo_matrix_init_identity(&to_page);
    double left = HUGE_VAL, top = HUGE_VAL, right = -HUGE_VAL, bottom = -HUGE_VAL;
    for (int corner = 0; corner < 4; corner++) {
        double x = a->x + (corner & 1 ? a->width : 0);
        double y = a->y + (corner & 2 ? a->height : 0);
        cairo_user_to_device(cr, &x, &y);
        cairo_matrix_transform_point(&to_page, &x, &y);
        left = fmin(left, x);
        right = fmax(right, x);
        top = fmin(top, y);
        bottom = fmax(bottom, y);
    }
    box[0] = left;
    box[1] = top;
    box[2] = right - left;
    box[3] = bottom - top;
}

static void draw_link(cairo_t *cr, draw_state *state, const area *a)
{
    const area_tree *tree = state->tree;
    if (!is_pdf(cr) || a->width <= 0 || a->height <= 0)
        return;
    if (a->uri && *a->uri && !render_uri_allowed(a->uri)) {
        char *key = g_strconcat("uri:", a->uri, NULL);
        warn_once(state, a, key,
                  "link \"%s\" dropped: only http, https and mailto links "
                  "are written", a->uri);
        g_free(key);
        return;
    }
    double box[4];
    link_box(cr, state, a, box);
    GString *attributes = g_string_new("rect=[");
    for (int k = 0; k < 4; k++) {
        append_number(attributes, box[k]);
        g_string_append_c(attributes, k < 3 ? ' ' : ']');
    }
    g_string_append_c(attributes, ' ');
    if (append_link_target(attributes, tree, a)) {
        archive_tags_add(state->tags, "Link", NULL);
        cairo_tag_begin(cr, CAIRO_TAG_LINK, attributes->str);
        cairo_tag_end(cr, CAIRO_TAG_LINK);
    }
    g_string_free(attributes, TRUE);
}

/* ---- images ---- */

/* Reads the pixel size of a JPEG from its first start-of-frame marker. */
static bool jpeg_size(const unsigned char *data, size_t length, int *width,
                      int *height)
{
    size_t i = 2;
    if (length < 4 || data[0] != 0xff || data[1] != 0xd8)
        return false;
    while (i + 9 < length) {
        if (data[i] != 0xff) {
            i++;
            continue;
        }
        unsigned marker = data[i + 1];
        size_t segment = ((size_t)data[i + 2] << 8) | data[i + 3];
        bool frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4
                     && marker != 0xc8 && marker != 0xcc;
        if (frame) {
            *height = (data[i + 5] << 8) | data[i + 6];
            *width = (data[i + 7] << 8) | data[i + 8];
            return *width > 0 && *height > 0;
        }
        bool standalone = marker == 0xd8 || marker == 0x01
                          || (marker >= 0xd0 && marker <= 0xd7);
        if (standalone)
            i += 2;
        else
            i += 2 + segment;
    }
    return false;
}

/* A JPEG becomes a light grey surface of its size carrying the JPEG bytes
 * as mime data: the PDF embeds the JPEG itself, image output shows the
 * grey box. */
static cairo_surface_t *load_jpeg(const char *path)
{
    gchar *contents = NULL;
    gsize length = 0;
    int width = 0, height = 0;
    if (!g_file_get_contents(path, &contents, &length, NULL))
        return NULL;
    if (!jpeg_size((const unsigned char *)contents, length, &width, &height)) {
        g_free(contents);
        return NULL;
    }
    cairo_surface_t *surface =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
    cairo_paint(cr);
    cairo_destroy(cr);
    cairo_surface_set_mime_data(surface, CAIRO_MIME_TYPE_JPEG,
                                (const unsigned char *)contents, length,
                                g_free, contents);
    return surface;
}

/* path is the real path layout checked (image_path.c): opened as it is. */
static cairo_surface_t *load_image(const char *path)
{
    cairo_surface_t *surface = NULL;
    if (g_str_has_suffix(path, ".png") || g_str_has_suffix(path, ".PNG"))
        surface = cairo_image_surface_create_from_png(path);
    else
        surface = load_jpeg(path);
    if (surface && cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        surface = NULL;
    }
    /* GIF and TIFF, whatever their names */
    if (!surface)
        surface = image_load_pixbuf(path);
    if (surface && cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        surface = NULL;
    }
    return surface;
}

/* The image fills the border box less its borders. */
static void draw_image(cairo_t *cr, const area_tree *tree, const area *a)
{
    double left = a->border[AREA_LEFT].width;
    double right = a->border[AREA_RIGHT].width;
    double top = a->border[AREA_TOP].width;
    double bottom = a->border[AREA_BOTTOM].width;
    double box_width = a->width - left - right;
    double box_height = a->height - top - bottom;
    if (!a->src || box_width <= 0 || box_height <= 0)
        return;
    cairo_surface_t *image = load_image(a->src);
    if (!image)
        return;
    int width = cairo_image_surface_get_width(image);
    int height = cairo_image_surface_get_height(image);
    if (width > 0 && height > 0) {
        cairo_save(cr);
        if (a->clip) {
            cairo_rectangle(cr, a->x, a->y, a->clip_width, a->clip_height);
            cairo_clip(cr);
        }
        cairo_rectangle(cr, a->x + left, a->y + top, box_width, box_height);
        cairo_clip(cr);
        cairo_translate(cr, a->x + left, a->y + top);
        cairo_scale(cr, box_width / width, box_height / height);
        cairo_set_source_surface(cr, image, 0, 0);
        /* no fading into transparency at the edges when scaled up */
        cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
        cairo_paint(cr);
        cairo_restore(cr);
    }
    cairo_surface_destroy(image);
}

/* ---- pages ---- */

/* Whether any area below a carries a structure element of its own. */
static bool has_tagged_descendant(const draw_state *state, const area *a)
{
    for (const area *child = a->first_child; child; child = child->next) {
        if (child->repeated && state->archival)
            continue; /* drawn as an artifact */
        if (child->role || (child->kind == AREA_LINK
                            && link_drawn(state->tree, child))
            || has_tagged_descendant(state, child))
            return true;
    }
    return false;
}

/* Whether text holds a letter of a right-to-left script (Hebrew to N'Ko,
 * and their presentation forms), whose ligatures need their extracted
 * text put in visual order (archive_rtl_text). */
static bool has_right_to_left(const char *text)
{
    for (const char *p = text; p && *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if ((c >= 0x0590 && c <= 0x08ff) || (c >= 0xfb1d && c <= 0xfefc))
            return true;
    }
    return false;
}

/* Draws what the area itself shows, without its children. */
static void draw_own_content(cairo_t *cr, draw_state *state, const area *a)
{
    switch (a->kind) {
    case AREA_LINE:
        draw_line(cr, a);
        state->right_to_left = state->right_to_left || has_right_to_left(a->text);
        break;
    case AREA_LEADER: draw_leader(cr, a); break;
    case AREA_LINK: draw_link(cr, state, a); break;
    case AREA_IMAGE: draw_image(cr, state->tree, a); break;
    case AREA_RULE:
        set_color(cr, a->color);
        cairo_rectangle(cr, a->x, a->y, a->width, a->height);
        cairo_fill(cr);
        break;
    default: break;
    }
}

/* Saves the state and turns the drawing so that area a, laid out
 * unturned with its top left corner at its place (area.h), lands in its
 * box on the page turned a->orientation degrees counterclockwise. */
static void turn(cairo_t *cr, const area *a)
{
    bool quarter = a->orientation == 90 || a->orientation == 270;
    double width = quarter ? a->height : a->width;   /* on the page */
    double height = quarter ? a->width : a->height;
    cairo_save(cr);
    switch (a->orientation) {
    case 90:
        cairo_translate(cr, a->x, a->y + height);
        cairo_rotate(cr, -G_PI / 2);
        break;
    case 180:
        cairo_translate(cr, a->x + width, a->y + height);
        cairo_rotate(cr, G_PI);
        break;
    default: /* 270 */
        cairo_translate(cr, a->x + width, a->y);
        cairo_rotate(cr, G_PI / 2);
        break;
    }
    cairo_translate(cr, -a->x, -a->y);
}

/* Cairo 1.16 marks content only inside a structure element without
 * children (a leaf); what is drawn inside one with children is left
 * unmarked. For archival output unmarked content becomes an artifact
 * (archive.c), so text of an element that also holds links or nested
 * elements is put in a Span of its own, and backgrounds and borders are
 * drawn before their element opens: decoration, never text. Running
 * headers and footers have no structure (layout gives them no role) and
 * become artifacts the same way. leaf says whether the innermost open
 * element is a leaf; depth counts open elements below Document. */
static void draw_area(cairo_t *cr, draw_state *state, const area *a,
                      bool leaf, int depth)
{
    if (a->repeated && state->archival && !state->in_repeated) {
        /* a repeated table header or footer: drawn, but outside the
           structure, so it becomes an artifact */
        state->in_repeated = true;
        draw_area(cr, state, a, leaf, 0);
        state->in_repeated = false;
        return;
    }
    if (a->orientation)
        turn(cr, a);
    const char *role = is_pdf(cr) && !state->in_repeated ? render_role(state, a)
                                                         : NULL;
    if (state->archival) {
        draw_background(cr, a);
        draw_borders(cr, a);
    }
    if (role) {
        archive_tags_add(state->tags, role, a);
        cairo_tag_begin(cr, role, NULL);
        leaf = !state->archival || !has_tagged_descendant(state, a);
        depth++;
    }
    if (!state->archival) {
        draw_background(cr, a);
        draw_borders(cr, a);
    }
    bool span = state->archival && !leaf && depth > 0
                && (a->kind == AREA_LINE || a->kind == AREA_IMAGE);
    if (span) {
        archive_tags_add(state->tags, "Span", NULL);
        cairo_tag_begin(cr, "Span", NULL);
    }
    draw_own_content(cr, state, a);
    if (span)
        cairo_tag_end(cr, "Span");
    for (const area *child = a->first_child; child; child = child->next)
        draw_area(cr, state, child, leaf, depth);
    if (role)
        cairo_tag_end(cr, role);
    if (a->orientation)
        cairo_restore(cr);
}

/* Draws one page's areas in page coordinates (points, origin top left). */
static void draw_page(cairo_t *cr, draw_state *state, const area_page *page)
{
    cairo_get_matrix(cr, &state->page_matrix);
    if (page->root)
        draw_area(cr, state, page->root, false, 0);
}

/* ---- PDF document parts ---- */

static gint compare_destinations(gconstpointer a, gconstpointer b)
{
    const area_destination *x = *(const area_destination *const *)a;
    const area_destination *y = *(const area_destination *const *)b;
    if (x->page_index != y->page_index)
        return x->page_index < y->page_index ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* The tree's destinations by page, then id, so output order is fixed. */
static GPtrArray *sorted_destinations(const area_tree *tree)
{
    GPtrArray *list = g_ptr_array_new();
    GHashTableIter iter;
    gpointer value;
    g_hash_table_iter_init(&iter, tree->destinations);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        g_ptr_array_add(list, value);
    g_ptr_array_sort(list, compare_destinations);
    return list;
}

/* Marks the named destinations of page page_index, starting at list entry
 * next; returns the first entry of a later page. */
static unsigned mark_destinations(cairo_t *cr, const GPtrArray *list,
                                  unsigned next, int page_index)
{
    for (; next < list->len; next++) {
        const area_destination *d = g_ptr_array_index(list, next);
        if (d->page_index > page_index)
            break;
        if (d->page_index < page_index)
            continue;
        GString *attributes = g_string_new("name=");
        append_pdf_string(attributes, d->id);
        g_string_append(attributes, " x=");
        append_number(attributes, d->x);
        g_string_append(attributes, " y=");
        append_number(attributes, d->y);
        cairo_tag_begin(cr, CAIRO_TAG_DEST, attributes->str);
        cairo_tag_end(cr, CAIRO_TAG_DEST);
        g_string_free(attributes, TRUE);
    }
    return next;
}

static void add_outline(cairo_surface_t *surface, draw_state *state,
                        const area_bookmark *b, int parent)
{
    const area_tree *tree = state->tree;
    for (; b; b = b->next) {
        if (b->uri && *b->uri && !render_uri_allowed(b->uri)) {
            char *key = g_strconcat("uri:", b->uri, NULL);
            area none = {0};
            warn_once(state, &none, key,
                      "bookmark link \"%s\" dropped: only http, https and "
                      "mailto links are written", b->uri);
            g_free(key);
        }
        GString *link = g_string_new(NULL);
        if (b->uri && *b->uri && render_uri_allowed(b->uri)) {
            g_string_append(link, "uri=");
            append_pdf_string(link, b->uri);
        } else if (b->uri && *b->uri) {
            /* a refused scheme: the entry stays, without a target */
        } else if (b->destination) {
            append_destination(link, tree, b->destination);
        }
        int flags = b->open ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0;
        int id = cairo_pdf_surface_add_outline(surface, parent,
                                               b->title ? b->title : "",
                                               link->str, flags);
        g_string_free(link, TRUE);
        add_outline(surface, state, b->first_child, id);
    }
}

/* The fixed date for CreationDate and ModDate, as Cairo wants it. */
static void document_date(char *buffer, size_t size)
{
    const char *epoch = g_getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    errno = 0;
    long long seconds = epoch ? strtoll(epoch, &end, 10) : -1;
    struct tm utc;
    time_t t = (time_t)seconds;
    if (!epoch || errno || end == epoch || *end || seconds < 0
        || !gmtime_r(&t, &utc)
        || strftime(buffer, size, "%Y-%m-%dT%H:%M:%SZ", &utc) == 0)
        g_strlcpy(buffer, FALLBACK_DATE, size);
}

static void set_metadata(cairo_surface_t *surface, const area_metadata *m)
{
    static const struct {
        cairo_pdf_metadata_t key;
        size_t offset;
    } fields[] = {
        {CAIRO_PDF_METADATA_TITLE, offsetof(area_metadata, title)},
        {CAIRO_PDF_METADATA_AUTHOR, offsetof(area_metadata, author)},
        {CAIRO_PDF_METADATA_SUBJECT, offsetof(area_metadata, subject)},
        {CAIRO_PDF_METADATA_KEYWORDS, offsetof(area_metadata, keywords)},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        const char *value =
            *(const char *const *)((const char *)m + fields[i].offset);
        if (value && *value)
            cairo_pdf_surface_set_metadata(surface, fields[i].key, value);
    }
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
                                   m->creator && *m->creator ? m->creator
                                                             : "pliego");
    char date[64];
    document_date(date, sizeof date);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                   date);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
}

static bool check_cairo(cairo_status_t status, pliego_error *err)
{
    if (status == CAIRO_STATUS_SUCCESS)
        return true;
    pliego_error_set(err, PLIEGO_ERROR_RENDER, NULL, 0, 0,
                     "cairo: %s", cairo_status_to_string(status));
    return false;
}

static void draw_pdf_pages(cairo_t *cr, cairo_surface_t *surface,
                           draw_state *state)
{
    const area_tree *tree = state->tree;
    GPtrArray *destinations = sorted_destinations(tree);
    unsigned next = 0;
    for (unsigned i = 0; i < tree->pages->len; i++) {
        const area_page *page = g_ptr_array_index(tree->pages, i);
        if (i > 0) /* the first page's size is set before any drawing */
            cairo_pdf_surface_set_size(surface, page->width, page->height);
        char number[32];
        snprintf(number, sizeof number, "%d", page->number);
        cairo_pdf_surface_set_page_label(
            surface, page->label && *page->label ? page->label : number);
        draw_page(cr, state, page);
        next = mark_destinations(cr, destinations, next, (int)i);
        cairo_show_page(cr);
    }
    g_ptr_array_free(destinations, TRUE);
}

/* Draws the whole document onto a PDF surface and finishes it. */
static bool draw_pdf_document(cairo_surface_t *surface, draw_state *state,
                              pliego_error *err)
{
    const area_tree *tree = state->tree;
    cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
    set_metadata(surface, &tree->metadata);
    if (tree->pages->len > 0) {
        /* set_size starts the page afresh and would drop the structure tag
           opened below, so the first page gets its size first */
        const area_page *first = g_ptr_array_index(tree->pages, 0);
        cairo_pdf_surface_set_size(surface, first->width, first->height);
    }
    cairo_t *cr = cairo_create(surface);
    /* One structure element around everything: without a structure tree
       Cairo 1.16 leaves the objects it reserved for link annotations
       unwritten and the cross-reference table broken. */
    archive_tags_add(state->tags, "Document", NULL);
    cairo_tag_begin(cr, "Document", NULL);
    draw_pdf_pages(cr, surface, state);
    cairo_tag_end(cr, "Document");
    /* outline entries name their target pages by number, so add them once
       every page exists */
    add_outline(surface, state, tree->bookmarks, CAIRO_PDF_OUTLINE_ROOT);
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status(surface);
    return check_cairo(status, err);
}

/* Cairo 1.16 reads the numbers in tag and outline attributes with the C
 * library's strtod, which follows the locale: under a comma-decimal locale
 * "rect=[72.000 ...]" fails to parse. So the PDF is drawn and finished with
 * the C numeric locale on this thread only. */
static bool draw_pdf_in_c_locale(cairo_surface_t *surface, draw_state *state,
                                 pliego_error *err)
{
    locale_t current = duplocale(uselocale((locale_t)0));
    locale_t c_numeric = current ? newlocale(LC_NUMERIC_MASK, "C", current)
                                 : (locale_t)0;
    if (!c_numeric) {
        if (current)
            freelocale(current);
        return draw_pdf_document(surface, state, err);
    }
    locale_t previous = uselocale(c_numeric);
    bool ok = draw_pdf_document(surface, state, err);
    uselocale(previous);
    freelocale(c_numeric);
    return ok;
}

/* ---- output files ---- */

/* A file being written under a hidden temporary name next to its final
 * one (".NAME.XXXXXX"), renamed into place only when every byte reached
 * the disk's page cache. write_errno keeps the first failed write: Cairo
 * does not always carry a write error of its stream into the surface's
 * status, and stdio forgets one once its buffer is dropped. */
typedef struct {
    char *final_path;
    char *temporary_path;
    FILE *stream;
    int write_errno;
} pending_file;

static cairo_status_t write_to_file(void *closure, const unsigned char *data,
                                    unsigned int length)
{
    pending_file *file = closure;
    if (file->write_errno)
        return CAIRO_STATUS_WRITE_ERROR;
    if (fwrite(data, 1, length, file->stream) == length)
        return CAIRO_STATUS_SUCCESS;
    file->write_errno = errno ? errno : EIO;
    return CAIRO_STATUS_WRITE_ERROR;
}

static cairo_status_t write_to_bytes(void *closure, const unsigned char *data,
                                     unsigned int length)
{
    g_byte_array_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

static bool io_error(pliego_error *err, const char *path, const char *what)
{
    pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0, "cannot %s: %s", what,
                     g_strerror(errno));
    return false;
}

/* DIR/.NAME.XXXXXX; a name already hidden keeps its one dot, so
 * pliego batch finds what its workers leave by the prefix it chose. */
static char *temporary_name(const char *path)
{
    char *directory = g_path_get_dirname(path);
    char *base = g_path_get_basename(path);
    char *hidden = g_strconcat(base[0] == '.' ? "" : ".", base, ".XXXXXX", NULL);
    char *temporary = g_build_filename(directory, hidden, NULL);
    g_free(hidden);
    g_free(base);
    g_free(directory);
    return temporary;
}

static bool pending_open(pending_file *file, const char *path,
                         pliego_error *err)
{
    memset(file, 0, sizeof *file);
    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
        pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0,
                         "cannot write: it is a directory");
        return false;
    }
    char *directory = g_path_get_dirname(path);
    bool folder_exists = g_file_test(directory, G_FILE_TEST_IS_DIR);
    g_free(directory);
    if (!folder_exists) {
        pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0,
                         "cannot write: its folder does not exist");
        return false;
    }
    file->temporary_path = temporary_name(path);
    /* 0666 less the umask, as a plain fopen would give, not mkstemp's 0600 */
    int fd = g_mkstemp_full(file->temporary_path, O_RDWR, 0666);
    if (fd < 0) {
        io_error(err, path, "create a temporary file for");
        g_clear_pointer(&file->temporary_path, g_free);
        return false;
    }
    file->stream = fdopen(fd, "wb");
    if (!file->stream) {
        io_error(err, path, "open");
        close(fd);
        g_unlink(file->temporary_path);
        g_clear_pointer(&file->temporary_path, g_free);
        return false;
    }
    file->final_path = g_strdup(path);
    return true;
}

/* Closes the file and, when ok and every write succeeded, renames it into
 * place; otherwise deletes it. A failed write replaces a vaguer error
 * (Cairo's "error while writing to output stream") with the system's
 * reason. Returns whether the file is in place. */
static bool pending_close(pending_file *file, bool ok, pliego_error *err)
{
    if (!file->write_errno && (fflush(file->stream) != 0 || ferror(file->stream)))
        file->write_errno = errno ? errno : EIO;
    if (fclose(file->stream) != 0 && !file->write_errno)
        file->write_errno = errno ? errno : EIO;
    if (file->write_errno) {
        errno = file->write_errno;
        ok = io_error(err, file->final_path, "write");
    }
    if (ok && g_rename(file->temporary_path, file->final_path) != 0)
        ok = io_error(err, file->final_path, "rename the temporary file to");
    if (!ok)
        g_unlink(file->temporary_path);
    g_free(file->temporary_path);
    g_free(file->final_path);
    return ok;
}

/* Cairo deflates every PDF stream at zlib's default level, 6, and has no
 * setting for it. pliego once replaced zlib's deflateInit_ to ask for level
 * 1, but a library must not replace a function of its host process: the
 * PDF is about 2% smaller at level 6, and the cost is measured in
 * bench/README.md ("Stream compression").
 *
 * Draws the tree with Cairo into memory; for archival output the bytes
 * then go through archive_pdf (src/archive), which adds what the
 * standards need. */
bool render_pdf_memory(const area_tree *tree, const render_pdf_options *options,
                       GByteArray **result, pliego_error *err)
{
    archive_tags *tags = archive_tags_new();
    draw_state state = {
        .tree = tree,
        .archival = options && options->standards != 0,
        .tags = tags,
        .options = options,
        .warned = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
    };
    GByteArray *bytes = g_byte_array_new();
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(
        write_to_bytes, bytes, 595.28, 841.89);
    bool ok = draw_pdf_in_c_locale(surface, &state, err);
    cairo_surface_destroy(surface);
    g_hash_table_destroy(state.warned);
    if (ok && state.right_to_left) {
        GByteArray *ordered = archive_rtl_text(bytes->data, bytes->len, err);
        g_byte_array_free(bytes, TRUE);
        bytes = ordered;
        ok = ordered != NULL;
    }
    if (ok && state.archival) {
        char date[64];
        document_date(date, sizeof date);
        archive_request request = {
            .standards = options->standards,
            .metadata = &tree->metadata,
            .date = date,
            .tags = tags,
            .source = options->source,
            .source_length = options->source_length,
            .source_name = options->source_name,
            .provenance = options->provenance,
        };
        GByteArray *archived = archive_pdf(bytes->data, bytes->len, &request,
                                           err);
        g_byte_array_free(bytes, TRUE);
        bytes = archived;
        ok = archived != NULL;
    }
    archive_tags_free(tags);
    if (!ok && bytes) {
        g_byte_array_free(bytes, TRUE);
        bytes = NULL;
    }
    *result = bytes;
    return ok;
}

bool render_pdf(const area_tree *tree, const char *path,
                const render_pdf_options *options, pliego_error *err)
{
    GByteArray *bytes = NULL;
    if (!render_pdf_memory(tree, options, &bytes, err)) {
        if (err && err->code == PLIEGO_ERROR_RENDER && !err->file[0])
            g_strlcpy(err->file, path, sizeof err->file);
        return false;
    }
    bool ok = true;
    if (strcmp(path, "-") == 0) {
        if (fwrite(bytes->data, 1, bytes->len, stdout) != bytes->len
            || fflush(stdout) != 0)
            ok = io_error(err, "-", "write to standard output");
    } else {
        pending_file file;
        ok = pending_open(&file, path, err);
        if (ok) {
            if (write_to_file(&file, bytes->data, bytes->len)
                != CAIRO_STATUS_SUCCESS && !file.write_errno)
                file.write_errno = EIO;
            ok = pending_close(&file, true, err);
        }
    }
    g_byte_array_free(bytes, TRUE);
    return ok;
}

/* ---- PNG ---- */

static int pixels(double points, double dpi)
{
    int n = (int)floor(points * dpi / 72.0 + 0.5);
    return n > 0 ? n : 1;
}

/* The page drawn at dpi on a white background, or NULL with err filled. */
static cairo_surface_t *draw_png_page(const area_tree *tree, const area_page *page,
                                      double dpi, pliego_error *err)
{
    int width = pixels(page->width, dpi), height = pixels(page->height, dpi);
    cairo_surface_t *surface =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, dpi / 72.0, dpi / 72.0);
    draw_state state = {.tree = tree};
    draw_page(cr, &state, page);
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    if (!check_cairo(status, err)) {
        cairo_surface_destroy(surface);
        return NULL;
    }
    return surface;
}

/* The RGB24 surface as an 8-bit RGB PNG, or NULL with err filled.
   Written for speed rather than size (libpng's fast mode: no row
   filters, zlib level 3): on text pages it is about four times cheaper
   than cairo's PNG writer, which tries every filter on every row at
   zlib's default level, and its files are smaller still (the filters
   help photographs, not black text on white). A preview of pliego serve
   spent half its time there. */
static GByteArray *encode_png(cairo_surface_t *surface, pliego_error *err)
{
    int width = cairo_image_surface_get_width(surface);
    int height = cairo_image_surface_get_height(surface);
    int stride = cairo_image_surface_get_stride(surface);
    const unsigned char *data = cairo_image_surface_get_data(surface);
    /* cairo's pixels are native-endian 32-bit xRGB words; libpng wants
       the three colour bytes in order */
    unsigned char *rgb = g_malloc((size_t)width * 3 * (size_t)height);
    for (int y = 0; y < height; y++) {
        const uint32_t *in = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        unsigned char *out = rgb + (size_t)y * (size_t)width * 3;
        for (int x = 0; x < width; x++) {
            out[3 * x] = (unsigned char)(in[x] >> 16);
            out[3 * x + 1] = (unsigned char)(in[x] >> 8);
            out[3 * x + 2] = (unsigned char)in[x];
        }
    }
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = (png_uint_32)width;
    image.height = (png_uint_32)height;
    image.format = PNG_FORMAT_RGB;
    image.flags = PNG_IMAGE_FLAG_FAST;
    /* the worst case (stored blocks) bounds the file: one pass, no retry */
    png_alloc_size_t length = PNG_IMAGE_PNG_SIZE_MAX(image);
    void *file = g_malloc(length);
    bool ok = png_image_write_to_memory(&image, file, &length, 0, rgb, 0, NULL);
    g_free(rgb);
    if (!ok) {
        pliego_error_set(err, PLIEGO_ERROR_RENDER, "", 0, 0, "cannot encode a PNG page: %s",
                         image.message);
        png_image_free(&image);
        g_free(file);
        return NULL;
    }
    return g_byte_array_new_take(g_realloc(file, length), length);
}

static bool write_png_page(const area_tree *tree, const area_page *page,
                           const char *path, double dpi, pliego_error *err)
{
    cairo_surface_t *surface = draw_png_page(tree, page, dpi, err);
    if (!surface)
        return false;
    GByteArray *png = encode_png(surface, err);
    cairo_surface_destroy(surface);
    if (!png)
        return false;
    pending_file file;
    bool ok = pending_open(&file, path, err);
    if (ok) {
        /* a failed write is reported by pending_close, with its reason */
        if (write_to_file(&file, png->data, png->len) != CAIRO_STATUS_SUCCESS &&
            !file.write_errno)
            file.write_errno = EIO;
        ok = pending_close(&file, true, err);
    }
    g_byte_array_free(png, TRUE);
    return ok;
}

bool render_png(const area_tree *tree, const char *directory, double dpi,
                pliego_error *err)
{
    if (dpi <= 0)
        dpi = 72;
    if (g_mkdir_with_parents(directory, 0777) != 0)
        return io_error(err, directory, "create the directory");
    for (unsigned i = 0; i < tree->pages->len; i++) {
        char name[32];
        snprintf(name, sizeof name, "page-%04u.png", i + 1);
        gchar *path = g_build_filename(directory, name, NULL);
        bool ok = write_png_page(tree, g_ptr_array_index(tree->pages, i),
                                 path, dpi, err);
        g_free(path);
        if (!ok)
            return false;
    }
    return true;
}

static bool check_page(const area_tree *tree, unsigned index, const char *path,
                       pliego_error *err)
{
    if (index < tree->pages->len)
        return true;
    pliego_error_set(err, PLIEGO_ERROR_RENDER, path, 0, 0,
                     "no page %u: the document has %u", index + 1, tree->pages->len);
    return false;
}

bool render_png_page(const area_tree *tree, unsigned index, const char *path, double dpi,
                     pliego_error *err)
{
    if (!check_page(tree, index, path, err))
        return false;
    return write_png_page(tree, g_ptr_array_index(tree->pages, index), path,
                          dpi > 0 ? dpi : 72, err);
}

bool render_png_page_memory(const area_tree *tree, unsigned index, double dpi,
                            GByteArray **bytes, pliego_error *err)
{
    *bytes = NULL;
    if (!check_page(tree, index, "", err))
        return false;
    cairo_surface_t *surface = draw_png_page(tree, g_ptr_array_index(tree->pages, index),
                                             dpi > 0 ? dpi : 72, err);
    if (!surface)
        return false;
    *bytes = encode_png(surface, err);
    cairo_surface_destroy(surface);
    return *bytes != NULL;
}
