/* Tests of the area tree and the Cairo renderer.
 *
 * Builds a two-page area tree by hand (backgrounds, borders of every
 * style, two lines of real Pango text, a dots leader, an external and an
 * internal link, bookmarks two levels deep, metadata), renders it, and
 * checks the files with the tools a reader would use: qpdf, pdfinfo,
 * pdftotext, pdffonts. Also checks byte-reproducibility, the PNG pages, the
 * XML dump against a golden string, and the error paths.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <unistd.h>

#include "layout/area.h"
#include "render/render.h"

#define EPOCH "1767225600" /* 2026-01-01T00:00:00Z */

typedef struct {
    area_tree *tree;
    char *directory;
} fixture;

/* The image area whose file setup writes: layout hands the renderer real,
 * absolute paths, so its src is set to the file's once it exists. */
static area *red_image;

/* ---- building the tree ---- */

static PangoLayout *make_layout(PangoContext *context, const char *text)
{
    PangoLayout *layout = pango_layout_new(context);
    PangoFontDescription *font = pango_font_description_from_string("Sans 12");
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
    pango_layout_set_text(layout, text, -1);
    return layout;
}

static area *add_line(area_tree *tree, area *parent, PangoLayout *layout,
                      int index, const char *text, double x, double y)
{
    area *line = area_new(tree, parent, AREA_LINE);
    line->x = x;
    line->y = y;
    line->width = 200;
    line->height = 14.4;
    line->baseline = y + 11;
    line->line = pango_layout_get_line_readonly(layout, index);
    line->text = text;
    return line;
}

static void set_border(area *a, int side, double width, int style,
                       uint32_t color)
{
    a->border[side].width = width;
    a->border[side].style = (uint8_t)style;
    a->border[side].color = color;
}

static area *add_region(area_tree *tree, area_page *page)
{
    area *region = area_new(tree, page->root, AREA_REGION);
    region->name = "xsl-region-body";
    region->x = 72;
    region->y = 72;
    region->width = 451.28;
    region->height = 697.89;
    return region;
}

static void build_first_page(area_tree *tree, PangoContext *context)
{
    area_page *page = area_tree_add_page(tree, 595.28, 841.89);
    page->label = "i";
    page->master = "normal";
    area *region = add_region(tree, page);

    area *block = area_new(tree, region, AREA_BLOCK);
    block->name = "block";
    block->id = "intro";
    block->x = 72;
    block->y = 72;
    block->width = 300;
    block->height = 60;
    block->background = 0xeeeeffff;
    set_border(block, AREA_TOP, 1, AREA_BORDER_SOLID, 0x000000ff);
    set_border(block, AREA_BOTTOM, 2, AREA_BORDER_DASHED, 0xcc0000ff);
    set_border(block, AREA_LEFT, 2, AREA_BORDER_DOTTED, 0x0000ccff);
    set_border(block, AREA_RIGHT, 3, AREA_BORDER_DOUBLE, 0x008800ff);
    area_tree_add_destination(tree, "intro", 0, 72, 72);

    PangoLayout *layout = make_layout(context, "Hello world\nSecond line");
    area_tree_keep_layout(tree, layout);
    g_object_unref(layout);
    area *first = add_line(tree, block, layout, 0, "Hello world", 80, 80);
    area *second = add_line(tree, block, layout, 1, "Second line", 80, 100);

    PangoLayout *dot = make_layout(context, ".");
    area_tree_keep_layout(tree, dot);
    g_object_unref(dot);
    area *leader = area_new(tree, first, AREA_LEADER);
    leader->leader_pattern = AREA_LEADER_DOTS;
    leader->dots = dot;
    leader->pattern_width = 6;
    leader->color = 0x000000ff;
    leader->x = 170;
    leader->y = 80;
    leader->width = 100;
    leader->height = 14.4;

    area *external = area_new(tree, first, AREA_LINK);
    external->x = 80;
    external->y = 80;
    external->width = 40;
    external->height = 14.4;
    external->uri = "https://example.com/a'b";

    area *internal = area_new(tree, second, AREA_LINK);
    internal->x = 80;
    internal->y = 100;
    internal->width = 60;
    internal->height = 14.4;
    internal->destination = "chapter2";

    area *missing = area_new(tree, second, AREA_LINK);
    missing->x = 150;
    missing->y = 100;
    missing->width = 20;
    missing->height = 14.4;
    missing->destination = "nowhere";
}

static void build_second_page(area_tree *tree, PangoContext *context)
{
    area_page *page = area_tree_add_page(tree, 595.28, 841.89);
    page->label = "1";
    page->master = "normal";
    area *region = add_region(tree, page);
    area *block = area_new(tree, region, AREA_BLOCK);
    block->name = "block";
    block->id = "chapter2";
    block->x = 72;
    block->y = 200;
    block->width = 451.28;
    block->height = 14.4;
    area_tree_add_destination(tree, "chapter2", 1, 72, 200);
    area_tree_add_destination(tree, "chapter2", 0, 0, 0); /* first wins */

    PangoLayout *layout = make_layout(context, "Chapter <two> & more");
    area_tree_keep_layout(tree, layout);
    g_object_unref(layout);
    add_line(tree, block, layout, 0, "Chapter <two> & more", 72, 200);

    area *image = area_new(tree, region, AREA_IMAGE);
    image->x = 72;
    image->y = 300;
    image->width = 100;
    image->height = 50;
    image->src = "red.png"; /* setup makes it the file's absolute path */
    red_image = image;
    image->alt_text = "A red box";

    area *missing = area_new(tree, region, AREA_IMAGE);
    missing->x = 200;
    missing->y = 300;
    missing->width = 100;
    missing->height = 50;
    missing->src = "missing.png";

    area *rule = area_new(tree, region, AREA_RULE);
    rule->x = 72;
    rule->y = 230;
    rule->width = 200;
    rule->height = 0.5;
    rule->color = 0x333333ff;
}

static area_bookmark *bookmark(area_tree *tree, const char *title,
                               const char *destination, bool open)
{
    area_bookmark *b = pliego_arena_alloc(tree->arena, sizeof *b);
    b->title = title;
    b->destination = destination;
    b->open = open;
    return b;
}

static void build_bookmarks(area_tree *tree)
{
    area_bookmark *intro = bookmark(tree, "Introduction", "intro", true);
    intro->first_child = bookmark(tree, "Details", "chapter2", false);
    intro->next = bookmark(tree, "Chapter 2", "chapter2", false);
    tree->bookmarks = intro;
}

static area_tree *build_tree(void)
{
    area_tree *tree = area_tree_new();
    PangoContext *context =
        pango_font_map_create_context(pango_cairo_font_map_get_default());
    cairo_font_options_t *options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(context, options);
    cairo_font_options_destroy(options);

    build_first_page(tree, context);
    build_second_page(tree, context);
    build_bookmarks(tree);
    tree->metadata.title = "Render test";
    tree->metadata.author = "Pliego Tests";
    tree->metadata.subject = "The renderer";
    tree->metadata.keywords = "pdf, cairo";
    g_object_unref(context);
    return tree;
}

/* A 20 x 10 pixel red PNG for the image area. */
static void write_red_png(const char *directory)
{
    cairo_surface_t *surface =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, 20, 10);
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 0, 0);
    cairo_paint(cr);
    cairo_destroy(cr);
    char *path = g_build_filename(directory, "red.png", NULL);
    cairo_surface_write_to_png(surface, path);
    g_free(path);
    cairo_surface_destroy(surface);
}

static int setup(void **state)
{
    fixture *f = g_new0(fixture, 1);
    f->tree = build_tree();
    f->directory = g_dir_make_tmp("pliego-render-XXXXXX", NULL);
    if (!f->directory)
        return -1;
    write_red_png(f->directory);
    char *red = g_build_filename(f->directory, "red.png", NULL);
    red_image->src = pliego_arena_strndup(f->tree->arena, red, -1);
    g_free(red);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    area_tree_free(f->tree);
    if (g_getenv("PLIEGO_KEEP_OUTPUT")) { /* to look at what was drawn */
        print_message("output kept in %s\n", f->directory);
        g_free(f->directory);
        g_free(f);
        return 0;
    }
    gchar *command = g_strdup_printf("rm -rf '%s'", f->directory);
    g_spawn_command_line_sync(command, NULL, NULL, NULL, NULL);
    g_free(command);
    g_free(f->directory);
    g_free(f);
    return 0;
}

/* ---- helpers ---- */

/* Runs command; returns its exit status and its standard output. */
static int run(const char *command, char **output)
{
    char *out = NULL, *errors = NULL;
    int status = -1;
    GError *error = NULL;
    if (!g_spawn_command_line_sync(command, &out, &errors, &status, &error)) {
        print_error("cannot run %s: %s\n", command, error->message);
        g_error_free(error);
        return -1;
    }
    if (status != 0)
        print_error("%s: %s\n", command, errors ? errors : "");
    g_free(errors);
    if (output)
        *output = out;
    else
        g_free(out);
    return g_spawn_check_wait_status(status, NULL) ? 0 : 1;
}

static char *render_to(fixture *f, const char *name)
{
    char *path = g_build_filename(f->directory, name, NULL);
    pliego_error err = {0};
    if (!render_pdf(f->tree, path, NULL, &err))
        print_error("render_pdf: %s\n", err.message);
    assert_int_equal(err.code, PLIEGO_OK);
    return path;
}

/* not inlined: gcc 12 then mistakes the result of tool_output for a
 * pointer to its local variable (-Wdangling-pointer) */
G_GNUC_NO_INLINE static int count(const char *haystack, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(haystack, needle); p;
         p = strstr(p + 1, needle))
        n++;
    return n;
}

static char *tool_output(const char *format, const char *path)
{
    char *command = g_strdup_printf(format, path);
    char *output = NULL;
    assert_int_equal(run(command, &output), 0);
    g_free(command);
    return output;
}

/* Checks that pdfinfo's output has the line "key:   value". */
static void check_field(const char *info, const char *key, const char *value)
{
    char **lines = g_strsplit(info, "\n", -1);
    const char *found = NULL;
    size_t length = strlen(key);
    for (int i = 0; lines[i] && !found; i++)
        if (strncmp(lines[i], key, length) == 0 && lines[i][length] == ':')
            found = g_strstrip(lines[i] + length + 1);
    if (!found || strcmp(found, value) != 0)
        print_error("%s: expected \"%s\", found \"%s\"\n", key, value,
                    found ? found : "(none)");
    assert_true(found && strcmp(found, value) == 0);
    g_strfreev(lines);
}

/* ---- tests ---- */

static void test_pdf_is_valid(void **state)
{
    char *path = render_to(*state, "valid.pdf");
    g_free(tool_output("qpdf --check '%s'", path));
    char *info = tool_output("pdfinfo -isodates '%s'", path);
    check_field(info, "Pages", "2");
    check_field(info, "Title", "Render test");
    check_field(info, "Author", "Pliego Tests");
    check_field(info, "Subject", "The renderer");
    check_field(info, "Keywords", "pdf, cairo");
    check_field(info, "Creator", "pliego");
    check_field(info, "CreationDate", "2026-01-01T00:00:00Z");
    check_field(info, "ModDate", "2026-01-01T00:00:00Z");
    check_field(info, "PDF version", "1.5");
    check_field(info, "Page size", "595.28 x 841.89 pts (A4)");
    g_free(info);
    g_free(path);
}

static void test_pdf_text_and_fonts(void **state)
{
    char *path = render_to(*state, "text.pdf");
    char *text = tool_output("pdftotext -f 1 -l 1 '%s' -", path);
    assert_non_null(strstr(text, "Hello world"));
    assert_non_null(strstr(text, "Second line"));
    assert_non_null(strstr(text, "....")); /* the leader */
    g_free(text);
    text = tool_output("pdftotext -f 2 -l 2 '%s' -", path);
    assert_non_null(strstr(text, "Chapter <two> & more"));
    g_free(text);

    char *fonts = tool_output("pdffonts '%s'", path);
    char **lines = g_strsplit(fonts, "\n", -1);
    int checked = 0;
    for (int i = 2; lines[i]; i++) {
        char **words = g_strsplit_set(g_strstrip(lines[i]), " ", -1);
        GPtrArray *fields = g_ptr_array_new();
        for (int j = 0; words[j]; j++)
            if (*words[j])
                g_ptr_array_add(fields, words[j]);
        if (fields->len >= 6) {
            /* ... emb sub uni object generation */
            assert_string_equal(g_ptr_array_index(fields, fields->len - 5),
                                "yes");
            checked++;
        }
        g_ptr_array_free(fields, TRUE);
        g_strfreev(words);
    }
    assert_true(checked > 0);
    g_strfreev(lines);
    g_free(fonts);
    g_free(path);
}

static void test_pdf_links_and_outline(void **state)
{
    char *path = render_to(*state, "links.pdf");
    char *qdf = tool_output(
        "qpdf --qdf --object-streams=disable '%s' -", path);
    assert_non_null(strstr(qdf, "/Outlines"));
    assert_non_null(strstr(qdf, "/Title (Introduction)"));
    assert_non_null(strstr(qdf, "/Title (Details)"));
    assert_non_null(strstr(qdf, "/Title (Chapter 2)"));
    assert_non_null(strstr(qdf, "/URI (https://example.com/a'b)"));
    /* the external and the internal link; the unknown one is dropped */
    assert_int_equal(count(qdf, "/Subtype /Link"), 2);
    /* the internal link names its destination, resolved on page 2 */
    assert_non_null(strstr(qdf, "/Dest (chapter2)"));
    assert_non_null(strstr(qdf, "/Dests"));
    assert_int_equal(count(qdf, "/Type /StructTreeRoot"), 1);
    assert_non_null(strstr(qdf, "/PageLabels"));
    assert_non_null(strstr(qdf, "/Subtype /Image")); /* red.png, once */
    assert_int_equal(count(qdf, "/Subtype /Image"), 1);
    g_free(qdf);
    g_free(path);
}

static void test_pdf_is_reproducible(void **state)
{
    char *first = render_to(*state, "first.pdf");
    char *second = render_to(*state, "second.pdf");
    char *command = g_strdup_printf("cmp '%s' '%s'", first, second);
    assert_int_equal(run(command, NULL), 0);
    g_free(command);
    g_free(first);
    g_free(second);
}

/* Cairo's numbers and ours keep their point under a comma-decimal locale. */
static void test_pdf_ignores_locale(void **state)
{
    fixture *f = *state;
    char *first = render_to(f, "c-locale.pdf");
    char *second = g_build_filename(f->directory, "comma-locale.pdf", NULL);
    if (!setlocale(LC_NUMERIC, "de_DE.UTF-8")
        && !setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
        g_free(first);
        g_free(second);
        skip();
    }
    pliego_error err = {0};
    bool ok = render_pdf(f->tree, second, NULL, &err);
    setlocale(LC_NUMERIC, "C");
    if (!ok)
        print_error("render_pdf: %s\n", err.message);
    assert_true(ok);
    char *command = g_strdup_printf("cmp '%s' '%s'", first, second);
    assert_int_equal(run(command, NULL), 0);
    g_free(command);
    g_free(first);
    g_free(second);
}

/* "-" writes the PDF to standard output. */
static void test_pdf_to_stdout(void **state)
{
    fixture *f = *state;
    char *path = g_build_filename(f->directory, "stdout.pdf", NULL);
    char *reference = render_to(f, "reference.pdf");
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    FILE *target = fopen(path, "wb");
    assert_non_null(target);
    dup2(fileno(target), STDOUT_FILENO);
    pliego_error err = {0};
    bool ok = render_pdf(f->tree, "-", NULL, &err);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    fclose(target);
    assert_true(ok);
    char *command = g_strdup_printf("cmp '%s' '%s'", reference, path);
    assert_int_equal(run(command, NULL), 0);
    g_free(command);
    g_free(reference);
    g_free(path);
}

static void test_pdf_bad_path(void **state)
{
    fixture *f = *state;
    char *path = g_build_filename(f->directory, "no", "such", "x.pdf", NULL);
    pliego_error err = {0};
    assert_false(render_pdf(f->tree, path, NULL, &err));
    assert_int_equal(err.code, PLIEGO_ERROR_IO);
    assert_string_equal(err.file, path);
    g_free(path);
}

static void test_pdf_leaves_no_temporary_file(void **state)
{
    fixture *f = *state;
    char *path = render_to(f, "clean.pdf");
    GDir *dir = g_dir_open(f->directory, 0, NULL);
    for (const char *name; (name = g_dir_read_name(dir));)
        assert_null(strstr(name, ".pdf."));
    g_dir_close(dir);
    g_free(path);
}

static void check_png(const char *directory, const char *name)
{
    char *path = g_build_filename(directory, name, NULL);
    cairo_surface_t *image = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(image), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(image), 595);
    assert_int_equal(cairo_image_surface_get_height(image), 842);
    cairo_surface_destroy(image);
    g_free(path);
}

static void test_png_pages(void **state)
{
    fixture *f = *state;
    char *directory = g_build_filename(f->directory, "png", "pages", NULL);
    pliego_error err = {0};
    assert_true(render_png(f->tree, directory, 72, &err));
    check_png(directory, "page-0001.png");
    check_png(directory, "page-0002.png");
    char *third = g_build_filename(directory, "page-0003.png", NULL);
    assert_false(g_file_test(third, G_FILE_TEST_EXISTS));
    g_free(third);
    g_free(directory);
}

static const char golden_dump[] =
    "<areas>\n"
    "  <bookmarks>\n"
    "    <bookmark title=\"Introduction\" destination=\"intro\" open=\"true\">\n"
    "      <bookmark title=\"Details\" destination=\"chapter2\"/>\n"
    "    </bookmark>\n"
    "    <bookmark title=\"Chapter 2\" destination=\"chapter2\"/>\n"
    "  </bookmarks>\n"
    "  <page index=\"1\" number=\"1\" label=\"i\" master=\"normal\" width=\"595.28\" height=\"841.89\">\n"
    "    <region name=\"xsl-region-body\" x=\"72.00\" y=\"72.00\" width=\"451.28\" height=\"697.89\">\n"
    "      <block element=\"block\" id=\"intro\" x=\"72.00\" y=\"72.00\" width=\"300.00\" height=\"60.00\" background=\"#eeeeff\" border-top=\"1.00 solid #000000\" border-bottom=\"2.00 dashed #cc0000\" border-left=\"2.00 dotted #0000cc\" border-right=\"3.00 double #008800\">\n"
    "        <line x=\"80.00\" y=\"80.00\" width=\"200.00\" height=\"14.40\" baseline=\"91.00\">Hello world\n"
    "          <leader pattern=\"dots\" x=\"170.00\" y=\"80.00\" width=\"100.00\" height=\"14.40\" pattern-width=\"6.00\" color=\"#000000\"/>\n"
    "          <link x=\"80.00\" y=\"80.00\" width=\"40.00\" height=\"14.40\" uri=\"https://example.com/a'b\"/>\n"
    "        </line>\n"
    "        <line x=\"80.00\" y=\"100.00\" width=\"200.00\" height=\"14.40\" baseline=\"111.00\">Second line\n"
    "          <link x=\"80.00\" y=\"100.00\" width=\"60.00\" height=\"14.40\" destination=\"chapter2\"/>\n"
    "          <link x=\"150.00\" y=\"100.00\" width=\"20.00\" height=\"14.40\" destination=\"nowhere\"/>\n"
    "        </line>\n"
    "      </block>\n"
    "    </region>\n"
    "  </page>\n"
    "  <page index=\"2\" number=\"2\" label=\"1\" master=\"normal\" width=\"595.28\" height=\"841.89\">\n"
    "    <region name=\"xsl-region-body\" x=\"72.00\" y=\"72.00\" width=\"451.28\" height=\"697.89\">\n"
    "      <block element=\"block\" id=\"chapter2\" x=\"72.00\" y=\"200.00\" width=\"451.28\" height=\"14.40\">\n"
    "        <line x=\"72.00\" y=\"200.00\" width=\"200.00\" height=\"14.40\" baseline=\"211.00\">Chapter &lt;two&gt; &amp; more</line>\n"
    "      </block>\n"
    "      <image x=\"72.00\" y=\"300.00\" width=\"100.00\" height=\"50.00\" src=\"red.png\" alt=\"A red box\"/>\n"
    "      <image x=\"200.00\" y=\"300.00\" width=\"100.00\" height=\"50.00\" src=\"missing.png\"/>\n"
    "      <rule x=\"72.00\" y=\"230.00\" width=\"200.00\" height=\"0.50\" color=\"#333333\"/>\n"
    "    </region>\n"
    "  </page>\n"
    "</areas>\n";

/* The dump, with the fixture's folder left out of image paths. */
static char *dump_to_string(const fixture *f)
{
    char *text = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&text, &size);
    area_tree_dump(f->tree, stream);
    fclose(stream);
    char *folder = g_strconcat(f->directory, "/", NULL);
    char **parts = g_strsplit(text, folder, -1);
    char *relative = g_strjoinv("", parts);
    g_strfreev(parts);
    g_free(folder);
    free(text);
    return relative;
}

static void test_dump(void **state)
{
    fixture *f = *state;
    char *text = dump_to_string(f);
    assert_string_equal(text, golden_dump);
    g_free(text);
}

/* Numbers in the dump keep their point under a comma-decimal locale. */
static void test_dump_ignores_locale(void **state)
{
    fixture *f = *state;
    if (!setlocale(LC_NUMERIC, "de_DE.UTF-8")
        && !setlocale(LC_NUMERIC, "fr_FR.UTF-8"))
        skip();
    char *text = dump_to_string(f);
    setlocale(LC_NUMERIC, "C");
    assert_string_equal(text, golden_dump);
    g_free(text);
}

static void test_destinations(void **state)
{
    fixture *f = *state;
    const area_destination *d = area_tree_find_destination(f->tree, "chapter2");
    assert_non_null(d);
    assert_int_equal(d->page_index, 1);
    assert_null(area_tree_find_destination(f->tree, "nowhere"));
    assert_null(area_tree_find_destination(f->tree, NULL));
}

int main(void)
{
    const char *fonts = g_getenv("FONTCONFIG_FILE");
    if (fonts && !g_file_test(fonts, G_FILE_TEST_EXISTS))
        g_unsetenv("FONTCONFIG_FILE");
    g_setenv("SOURCE_DATE_EPOCH", EPOCH, TRUE);

    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdf_is_valid),
        cmocka_unit_test(test_pdf_text_and_fonts),
        cmocka_unit_test(test_pdf_links_and_outline),
        cmocka_unit_test(test_pdf_is_reproducible),
        cmocka_unit_test(test_pdf_ignores_locale),
        cmocka_unit_test(test_pdf_to_stdout),
        cmocka_unit_test(test_pdf_bad_path),
        cmocka_unit_test(test_pdf_leaves_no_temporary_file),
        cmocka_unit_test(test_png_pages),
        cmocka_unit_test(test_dump),
        cmocka_unit_test(test_dump_ignores_locale),
        cmocka_unit_test(test_destinations),
    };
    int failures = cmocka_run_group_tests(tests, setup, teardown);
    /* drop the font map's caches so leak checkers see only real leaks */
    pango_cairo_font_map_set_default(NULL);
    return failures;
}
