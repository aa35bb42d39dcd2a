/* The layout driver: runs the passes described in layout.h.
 *
 * A pass flattens and paginates every page-sequence with the page numbers
 * known from the previous pass. When a pass used a number it did not know
 * yet (a forward page-number-citation) or one that changed, the pass runs
 * again, up to MAX_PASSES times; then static content, bookmarks and
 * metadata are added with the final numbers.
 */
#include "layout/image.h"
#include "layout/layout.h"

#include <pango/pangocairo.h>
#include <string.h>

#define MAX_PASSES 5

/* One font map per thread, kept for the thread's life: font maps are
   expensive to build, and Pango's fontconfig font map is not safe to use
   from two threads at once (its fontset cache is a list without a lock;
   PangoCairo's own default map is per thread for that reason). A process
   that renders in one thread has one map, as before. */
static GPrivate thread_font_map = G_PRIVATE_INIT(g_object_unref);

static PangoFontMap *font_map(void)
{
    PangoFontMap *map = g_private_get(&thread_font_map);
    if (!map) {
        map = pango_cairo_font_map_new();
        g_private_set(&thread_font_map, map);
    }
    return g_object_ref(map);
}

static PangoContext *new_pango_context(void)
{
    PangoFontMap *map = font_map();
    PangoContext *context = pango_font_map_create_context(map);
    g_object_unref(map);
    /* outlines at their design size: layout must not depend on a device */
    cairo_font_options_t *options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(context, options);
    cairo_font_options_destroy(options);
    pango_cairo_context_set_resolution(context, 72);
    pango_context_set_round_glyph_positions(context, FALSE);
    return context;
}

/* ---- numbers and ids ------------------------------------------------ */

static void append_roman(GString *out, int number, bool upper)
{
    static const struct { int value; const char *digits; } table[] = {
        {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
        {90, "xc"}, {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"},
        {4, "iv"}, {1, "i"}};
    for (size_t i = 0; i < G_N_ELEMENTS(table); i++)
        while (number >= table[i].value) {
            for (const char *d = table[i].digits; *d; d++)
                g_string_append_c(out, upper ? (char)g_ascii_toupper(*d) : *d);
            number -= table[i].value;
        }
}

static void append_alphabetic(GString *out, int number, char first)
{
    char digits[16];
    int n = 0;
    while (number > 0 && n < 15) {
        number--;
        digits[n++] = (char)(first + number % 26);
        number /= 26;
    }
    while (n)
        g_string_append_c(out, digits[--n]);
}

const char *layout_format_number(pliego_arena *arena, int number,
                                 const char *format)
{
    GString *out = g_string_new(NULL);
    const char *token = format && format[0] ? format : "1";
    if (number <= 0) {
        g_string_append_printf(out, "%d", number);
    } else if ((token[0] == 'i' || token[0] == 'I') && number <= LAYOUT_MAX_ROMAN) {
        append_roman(out, number, token[0] == 'I');
    } else if (token[0] == 'a' || token[0] == 'A') {
        append_alphabetic(out, number, token[0]);
    } else {
        /* "01", "001": zero-padded to the token's width */
        int width = 0;
        while (token[width] == '0')
            width++;
        g_string_append_printf(out, "%0*d", width + 1, number);
    }
    const char *copy = pliego_arena_strndup(arena, out->str, (long)out->len);
    g_string_free(out, TRUE);
    return copy;
}

void layout_note_id(layout_context *ctx, const char *id, int page_index,
                    double x, double y)
{
    layout_id_pages *pages = g_hash_table_lookup(ctx->id_pages_next, id);
    if (!pages) {
        pages = g_new(layout_id_pages, 1);
        pages->first_page = pages->last_page = page_index;
        g_hash_table_insert(ctx->id_pages_next, g_strdup(id), pages);
        area_tree_add_destination(ctx->areas, id, page_index, x, y);
        return;
    }
    if (page_index > pages->last_page)
        pages->last_page = page_index;
    if (page_index < pages->first_page)
        pages->first_page = page_index;
}

int layout_id_page(layout_context *ctx, const char *id, bool last)
{
    layout_id_pages *pages = g_hash_table_lookup(ctx->id_pages, id);
    if (!pages)
        return -1;
    return last ? pages->last_page : pages->first_page;
}

/* Warnings about citations of missing ids, in lines: past it, the last
   line counts the ids not named. */
#define MAX_MISSING_ID_LINES 20

static bool is_citation(const fo_node *node)
{
    return node->element == FO_PAGE_NUMBER_CITATION ||
           node->element == FO_PAGE_NUMBER_CITATION_LAST;
}

/* The next node of root's subtree in document order, without recursion:
   a deep tree must not exhaust the stack. */
static const fo_node *next_in_tree(const fo_node *node, const fo_node *root)
{
    if (node->first_child)
        return node->first_child;
    while (node != root && !node->next)
        node = node->parent;
    return node != root ? node->next : NULL;
}

/* XSL 1.1 (6.12.3) allows no fo:footnote inside a footnote's body, and
   FOP stops at one; pliego keeps its citation, drops its body and says
   so, once for each such footnote. */
static void warn_nested_footnote(layout_context *ctx, const fo_node *footnote)
{
    for (const fo_node *up = footnote->parent; up; up = up->parent) {
        if (up->element != FO_FOOTNOTE_BODY)
            continue;
        fo_node_warn(ctx->fo, footnote, "fo:footnote inside the body of the "
                     "fo:footnote on line %d: a footnote cannot hold another "
                     "(FOP stops here); its citation is kept and its body is left out",
                     up->parent ? up->parent->line : up->line);
        return;
    }
}

/* Every id of the document, one warning per element whose id an element
   before it already has, and one warning per id that citations name but
   no element has: two walks over the tree and a hash lookup a citation,
   however many citations there are. */
static void collect_ids(layout_context *ctx)
{
    const fo_node *root = fo_tree_root(ctx->fo);
    ctx->document_ids = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *first_use = g_hash_table_new(g_str_hash, g_str_equal);
    for (const fo_node *n = root; n; n = next_in_tree(n, root)) {
        if (n->element == FO_FOOTNOTE)
            warn_nested_footnote(ctx, n);
        const char *id = n->element != FO_TEXT ? fo_get(n, FO_PROP_ID)->string : NULL;
        if (!id)
            continue;
        const fo_node *first = g_hash_table_lookup(first_use, id);
        if (first && id[0])
            fo_node_warn(ctx->fo, n, "fo:%s: id \"%s\" is already the id of the "
                         "fo:%s on line %d; ids must be unique (FOP stops here), and "
                         "links and citations go to the first",
                         fo_element_name(n->element), id,
                         fo_element_name(first->element), first->line);
        else
            g_hash_table_insert(first_use, (gpointer)id, (gpointer)n);
        g_hash_table_add(ctx->document_ids, (gpointer)id);
    }
    g_hash_table_destroy(first_use);
    GHashTable *missing = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *first = g_ptr_array_new(); /* the first citation of each */
    for (const fo_node *n = root; n; n = next_in_tree(n, root)) {
        const char *id = is_citation(n) ? fo_get(n, FO_PROP_REF_ID)->string : NULL;
        if (id && !g_hash_table_contains(ctx->document_ids, id) &&
            g_hash_table_add(missing, (gpointer)id))
            g_ptr_array_add(first, (gpointer)n);
    }
    guint named = first->len <= MAX_MISSING_ID_LINES ? first->len
                                                     : MAX_MISSING_ID_LINES - 1;
    for (guint i = 0; i < named; i++) {
        const fo_node *n = g_ptr_array_index(first, i);
        fo_tree_warn(ctx->fo, n->line, "fo:%s: no element has id \"%s\"; it prints 0",
                     fo_element_name(n->element), fo_get(n, FO_PROP_REF_ID)->string);
    }
    if (named < first->len) {
        const fo_node *n = g_ptr_array_index(first, named);
        fo_tree_warn(ctx->fo, n->line, "citations name %u more ids that no element "
                     "has; they print 0 and are not listed", first->len - named);
    }
    g_ptr_array_free(first, TRUE);
    g_hash_table_destroy(missing);
}

bool layout_id_exists(layout_context *ctx, const char *id)
{
    return g_hash_table_contains(ctx->document_ids, id);
}

static bool same_id_pages(GHashTable *a, GHashTable *b)
{
    if (g_hash_table_size(a) != g_hash_table_size(b))
        return false;
    GHashTableIter iter;
    gpointer key, value;
    g_hash_table_iter_init(&iter, a);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        layout_id_pages *other = g_hash_table_lookup(b, key);
        layout_id_pages *mine = value;
        if (!other || other->first_page != mine->first_page ||
            other->last_page != mine->last_page)
            return false;
    }
    return true;
}

static bool same_numbers(GHashTable *a, GHashTable *b)
{
    if (g_hash_table_size(a) != g_hash_table_size(b))
        return false;
    GHashTableIter iter;
    gpointer key, value;
    g_hash_table_iter_init(&iter, a);
    while (g_hash_table_iter_next(&iter, &key, &value))
        if (g_hash_table_lookup(b, key) != value)
            return false;
    return true;
}

/* ---- bookmarks and metadata ----------------------------------------- */

static void gather_text(const fo_node *node, GString *out)
{
    for (const fo_node *c = node->first_child; c; c = c->next) {
        if (c->element == FO_TEXT)
            g_string_append_len(out, c->text, c->text_length);
        else
            gather_text(c, out);
    }
}

static area_bookmark *bookmarks_of(layout_context *ctx, const fo_node *parent)
{
    area_bookmark *first = NULL, *last = NULL;
    for (const fo_node *b = parent->first_child; b; b = b->next) {
        if (b->element != FO_BOOKMARK)
            continue;
        area_bookmark *mark = pliego_arena_alloc(ctx->areas->arena, sizeof *mark);
        GString *title = g_string_new(NULL);
        for (const fo_node *c = b->first_child; c; c = c->next)
            if (c->element == FO_BOOKMARK_TITLE)
                gather_text(c, title);
        /* white space collapses to single spaces, none at the ends */
        GString *clean = g_string_new(NULL);
        for (const char *p = title->str; *p; p++) {
            bool space = g_ascii_isspace(*p);
            if (space && (!clean->len || clean->str[clean->len - 1] == ' '))
                continue;
            g_string_append_c(clean, space ? ' ' : *p);
        }
        if (clean->len && clean->str[clean->len - 1] == ' ')
            g_string_truncate(clean, clean->len - 1);
        mark->title = pliego_arena_strndup(ctx->areas->arena, clean->str, -1);
        g_string_free(clean, TRUE);
        g_string_free(title, TRUE);
        const char *internal = fo_get(b, FO_PROP_INTERNAL_DESTINATION)->string;
        const char *external = fo_get(b, FO_PROP_EXTERNAL_DESTINATION)->string;
        mark->destination = internal && internal[0] ? internal : NULL;
        mark->uri = external && external[0] ? external : NULL;
        mark->open = fo_get(b, FO_PROP_STARTING_STATE)->keyword != FO_KW_HIDE;
        mark->first_child = bookmarks_of(ctx, b);
        if (last)
            last->next = mark;
        else
            first = mark;
        last = mark;
    }
    return first;
}

static void copy_metadata(layout_context *ctx)
{
    const fo_metadata *m = fo_tree_metadata(ctx->fo);
    area_metadata *out = &ctx->areas->metadata;
    out->title = m->title;
    out->author = m->author;
    out->subject = m->subject;
    out->keywords = m->keywords;
    out->creator = "pliego";
    const fo_node *root = fo_tree_root(ctx->fo);
    const char *language = fo_get(root, FO_PROP_LANGUAGE)->string;
    const char *country = fo_get(root, FO_PROP_COUNTRY)->string;
    if (language && strcmp(language, "none") != 0) {
        out->language = language;
        if (country && strcmp(country, "none") != 0) {
            char *tag = g_strdup_printf("%s-%s", language, country);
            out->language = pliego_arena_strndup(ctx->areas->arena, tag, -1);
            g_free(tag);
        }
    }
    for (const fo_node *c = root->first_child; c; c = c->next)
        if (c->element == FO_BOOKMARK_TREE)
            ctx->areas->bookmarks = bookmarks_of(ctx, c);
}

/* ---- passes --------------------------------------------------------- */

static bool run_pass(layout_context *ctx, pliego_error *err)
{
    const fo_node *root = fo_tree_root(ctx->fo);
    int page_number = 1;
    bool any = false;
    for (const fo_node *s = root->first_child; s; s = s->next) {
        if (s->element != FO_PAGE_SEQUENCE)
            continue;
        any = true;
        if (!paginate_sequence(ctx, s, &page_number, err))
            return false;
    }
    if (!any) {
        fo_node_error(ctx->fo, root, err, PLIEGO_ERROR_FO,
                      "fo:root has no fo:page-sequence: nothing to lay out");
        return false;
    }
    return true;
}

static GHashTable *new_id_table(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

static void begin_pass(layout_context *ctx)
{
    ctx->areas = area_tree_new();
    ctx->pass_arena = pliego_arena_new();
    ctx->id_pages_next = new_id_table();
    ctx->number_pages_next = g_hash_table_new(g_direct_hash, g_direct_equal);
    ctx->page_sequences = g_ptr_array_new();
    ctx->page_markers = g_ptr_array_new_with_free_func((GDestroyNotify)g_hash_table_destroy);
    ctx->running_markers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    ctx->paragraphs = g_ptr_array_new_with_free_func(inline_paragraph_free);
    ctx->unresolved = false;
    ctx->looked_up = false;
}

static void end_pass(layout_context *ctx, bool keep_areas)
{
    g_ptr_array_free(ctx->paragraphs, TRUE);
    ctx->paragraphs = NULL;
    pliego_arena_free(ctx->pass_arena);
    ctx->pass_arena = NULL;
    if (!keep_areas) {
        area_tree_free(ctx->areas);
        ctx->areas = NULL;
        g_ptr_array_free(ctx->page_sequences, TRUE);
        ctx->page_sequences = NULL;
        g_ptr_array_free(ctx->page_markers, TRUE);
        ctx->page_markers = NULL;
        g_hash_table_destroy(ctx->running_markers);
        ctx->running_markers = NULL;
    }
}

static void context_free(layout_context *ctx)
{
    if (ctx->page_markers)
        g_ptr_array_free(ctx->page_markers, TRUE);
    if (ctx->running_markers)
        g_hash_table_destroy(ctx->running_markers);
    if (ctx->labels)
        g_ptr_array_free(ctx->labels, TRUE);
    if (ctx->page_sequences)
        g_ptr_array_free(ctx->page_sequences, TRUE);
    g_hash_table_destroy(ctx->id_pages);
    g_hash_table_destroy(ctx->number_pages);
    if (ctx->id_pages_next)
        g_hash_table_destroy(ctx->id_pages_next);
    if (ctx->number_pages_next)
        g_hash_table_destroy(ctx->number_pages_next);
    g_hash_table_destroy(ctx->warned);
    g_hash_table_destroy(ctx->images);
    g_hash_table_destroy(ctx->document_ids);
    g_ptr_array_free(ctx->image_folders, TRUE);
    g_hash_table_destroy(ctx->descriptions);
    g_object_unref(ctx->pango);
}

/* A page master of zero (or negative) width or height would give a PDF
   page with an empty MediaBox that viewers show as nothing at all. */
static bool check_page_masters(const fo_tree *fo, pliego_error *err)
{
    for (const fo_node *set = fo_tree_root(fo)->first_child; set; set = set->next) {
        if (set->element != FO_LAYOUT_MASTER_SET)
            continue;
        for (const fo_node *m = set->first_child; m; m = m->next) {
            if (m->element != FO_SIMPLE_PAGE_MASTER)
                continue;
            static const struct {
                fo_property_id id;
                const char *name;
            } sizes[] = {{FO_PROP_PAGE_WIDTH, "page-width"},
                         {FO_PROP_PAGE_HEIGHT, "page-height"}};
            for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
                const fo_value *v = fo_get(m, sizes[i].id);
                if (v->type != FO_VALUE_LENGTH || v->number > 0)
                    continue;
                const char *name = fo_get(m, FO_PROP_MASTER_NAME)->string;
                char number[G_ASCII_DTOSTR_BUF_SIZE];
                g_ascii_formatd(number, sizeof number, "%g", v->number);
                fo_node_error(fo, m, err, PLIEGO_ERROR_FO,
                              "fo:simple-page-master \"%s\": %s is %spt; a page "
                              "must be wider and taller than 0",
                              name ? name : "", sizes[i].name, number);
                return false;
            }
        }
    }
    return true;
}

area_tree *layout_run(fo_tree *fo, const GPtrArray *image_folders,
                      pliego_error *err)
{
    if (!check_page_masters(fo, err))
        return NULL;
    layout_context ctx = {0};
    ctx.fo = fo;
    ctx.error = err;
    char *directory = g_path_get_dirname(fo_tree_file(fo));
    ctx.image_folders = image_folders_new(directory, image_folders);
    g_free(directory);
    ctx.pango = new_pango_context();
    ctx.warned = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    ctx.images = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    ctx.descriptions = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                             (GDestroyNotify)pango_font_description_free);
    ctx.id_pages = new_id_table();
    ctx.number_pages = g_hash_table_new(g_direct_hash, g_direct_equal);
    collect_ids(&ctx);
    for (int pass = 0;; pass++) {
        begin_pass(&ctx);
        if (!run_pass(&ctx, err)) {
            end_pass(&ctx, false);
            context_free(&ctx);
            return NULL;
        }
        bool stable = !ctx.looked_up ||
                      (!ctx.unresolved &&
                      (same_id_pages(ctx.id_pages, ctx.id_pages_next) &&
                       same_numbers(ctx.number_pages, ctx.number_pages_next)));
        if (stable || pass == MAX_PASSES - 1) {
            end_pass(&ctx, true);
            break;
        }
        if (ctx.labels)
            g_ptr_array_free(ctx.labels, TRUE);
        ctx.labels = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; i < ctx.areas->pages->len; i++) {
            area_page *page = g_ptr_array_index(ctx.areas->pages, i);
            g_ptr_array_add(ctx.labels, g_strdup(page->label));
        }
        end_pass(&ctx, false);
        g_hash_table_destroy(ctx.id_pages);
        g_hash_table_destroy(ctx.number_pages);
        ctx.id_pages = ctx.id_pages_next;
        ctx.number_pages = ctx.number_pages_next;
        ctx.id_pages_next = NULL;
        ctx.number_pages_next = NULL;
    }
    /* static content sees the final numbers of every id */
    g_hash_table_destroy(ctx.id_pages);
    ctx.id_pages = ctx.id_pages_next;
    ctx.id_pages_next = NULL;
    ctx.pass_arena = pliego_arena_new();
    ctx.paragraphs = g_ptr_array_new_with_free_func(inline_paragraph_free);
    if (!paginate_static_content(&ctx)) {
        end_pass(&ctx, false);
        context_free(&ctx);
        return NULL;
    }
    copy_metadata(&ctx);
    area_tree *areas = ctx.areas;
    end_pass(&ctx, true);
    context_free(&ctx);
    return areas;
}
