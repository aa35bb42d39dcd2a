/* The structure tree of archival output: attributes Cairo cannot write,
 * elements split by pages made one again, table rows grouped.
 *
 * Cairo 1.16 writes structure elements in the order the renderer began
 * them, which archive_tags records; walking the tree in that order pairs
 * each element with what the renderer knew of it. An element whose FO
 * continues on the next page (a table, a list, a paragraph) is begun again
 * there and comes out as two siblings with the same source: they are
 * merged, their marked content keeping its page through marked-content
 * references, and the parent tree (from marked content back to elements)
 * pointed at the survivor. Rows are then grouped in THead, TBody and TFoot
 * (PDF/UA-1 7.5; FOP's PDF/UA mode drops these).
 */
#include "archive/archive.h"
#include "archive/object.h"

#include <string.h>

/* An element: its object id and its dictionary. */
typedef struct {
    int id;
    pdf_value *dict;
} element;

typedef struct {
    pdf_file *f;
    const archive_tags *tags;
    const char *language;    /* the document's, on the catalog */
    GHashTable *tag_of;      /* object id -> index into tags + 1 */
    GHashTable *parent_tree; /* StructParents key -> id of its array */
} structure;

static bool fail(pliego_error *err, const char *format, const char *detail)
{
    pliego_error_set(err, PLIEGO_ERROR_RENDER, NULL, 0, 0, format, detail);
    return false;
}

/* The element a reference names; id 0 when it is none. */
static element element_at(pdf_file *f, const pdf_value *ref)
{
    element e = {0};
    if (!ref || ref->kind != PDF_REF)
        return e;
    pdf_value *dict = pdf_object(f, ref->id);
    if (pdf_is_dict(dict) && pdf_get(f, dict, "S", false)) {
        e.id = ref->id;
        e.dict = dict;
    }
    return e;
}

/* The tag of an element, or NULL. */
static const archive_tag *tag_of(const structure *st, int id)
{
    unsigned index = GPOINTER_TO_UINT(g_hash_table_lookup(st->tag_of,
                                                          GINT_TO_POINTER(id)));
    return index ? &g_array_index(st->tags, archive_tag, index - 1) : NULL;
}

/* Pre-order, as Cairo wrote the elements. */
static void walk(pdf_file *f, const pdf_value *ref, GArray *order, int depth)
{
    element e = element_at(f, ref);
    if (depth > 256 || !e.id)
        return;
    g_array_append_val(order, e);
    pdf_value *kids = pdf_get(f, e.dict, "K", false);
    if (pdf_is_array(kids)) {
        for (int i = 0; i < kids->count; i++)
            walk(f, kids->items[i], order, depth + 1);
    } else {
        walk(f, kids, order, depth + 1);
    }
}

/* Whether two language tags name different languages: "es" and "es-MX"
 * do not. */
static bool other_language(const char *a, const char *b)
{
    size_t n = strcspn(a, "-_"), m = strcspn(b, "-_");
    return n != m || g_ascii_strncasecmp(a, b, n) != 0;
}

/* /Lang on an element whose language differs from that of its nearest
 * ancestor with one (the document's at the top), so a clause that fell
 * back to English is tagged en and nothing else is (PDF/UA-1 7.2). */
static void set_language(structure *st, element e, const archive_tag *tag)
{
    pdf_file *f = st->f;
    if (!tag->lang || !*tag->lang || strcmp(tag->lang, "none") == 0)
        return;
    const char *around = st->language;
    element up = element_at(f, pdf_get(f, e.dict, "P", false));
    for (int depth = 0; depth < 256 && up.id; depth++) {
        const archive_tag *outer = tag_of(st, up.id);
        if (outer && outer->lang && *outer->lang && strcmp(outer->lang, "none") != 0) {
            around = outer->lang;
            break;
        }
        up = element_at(f, pdf_get(f, up.dict, "P", false));
    }
    if (around && other_language(tag->lang, around)) {
        pdf_set(f, e.dict, "Lang", pdf_new_text(f, tag->lang));
        pdf_touch(f, e.id);
    }
}

static bool set_attributes(structure *st, GArray *order, pliego_error *err)
{
    pdf_file *f = st->f;
    /* /Lang is needed only where some element is in another language */
    bool languages = false;
    for (unsigned i = 0; i < st->tags->len && st->language; i++) {
        const archive_tag *tag = &g_array_index(st->tags, archive_tag, i);
        languages = languages || (tag->lang && *tag->lang
                                  && strcmp(tag->lang, "none") != 0
                                  && other_language(tag->lang, st->language));
    }
    for (unsigned i = 0; i < order->len; i++) {
        element e = g_array_index(order, element, i);
        const archive_tag *tag = &g_array_index(st->tags, archive_tag, i);
        if (!pdf_is_name(pdf_get(f, e.dict, "S", false), tag->role))
            return fail(err, "the PDF's structure tree does not match the "
                             "document's at a %s element; cannot write PDF/UA",
                        tag->role);
        g_hash_table_insert(st->tag_of, GINT_TO_POINTER(e.id),
                            GUINT_TO_POINTER(i + 1));
    }
    int notes = 0;
    for (unsigned i = 0; i < order->len; i++) {
        element e = g_array_index(order, element, i);
        const archive_tag *tag = &g_array_index(st->tags, archive_tag, i);
        if (languages)
            set_language(st, e, tag);
        if (strcmp(tag->role, "TH") == 0) {
            /* a header row's cells head columns; a TH in the body heads
               its row (role="TH" on the cell) */
            pdf_set(f, e.dict, "A",
                    pdf_parse(f, tag->section == AREA_SECTION_HEADER
                                     ? "<< /O /Table /Scope /Column >>"
                                     : "<< /O /Table /Scope /Row >>"));
        } else if (strcmp(tag->role, "Note") == 0) {
            char *id = g_strdup_printf("note-%d", ++notes);
            pdf_set(f, e.dict, "ID", pdf_new_text(f, id));
            g_free(id);
        } else if (strcmp(tag->role, "Figure") == 0) {
            if (!tag->alt || !*tag->alt)
                return fail(err, "an image has no alternate text (fox:alt-text or role); "
                                 "PDF/UA-1 needs one for every %s", "figure");
            pdf_set(f, e.dict, "Alt", pdf_new_text(f, tag->alt));
        } else {
            continue;
        }
        pdf_touch(f, e.id);
    }
    return true;
}

/* The element's kids as a new array, integer MCIDs turned into
 * marked-content references that name their page, so they can move to
 * another element. */
static pdf_value *explicit_kids(pdf_file *f, pdf_value *dict)
{
    pdf_value *kids = pdf_get(f, dict, "K", false);
    pdf_value *page = pdf_get(f, dict, "Pg", false);
    pdf_value *list = pdf_new_array(f);
    int n = pdf_is_array(kids) ? kids->count : kids ? 1 : 0;
    for (int i = 0; i < n; i++) {
        pdf_value *kid = pdf_is_array(kids) ? kids->items[i] : kids;
        if (kid->kind == PDF_NUMBER && page) {
            pdf_value *reference = pdf_parse(f, "<< /Type /MCR >>");
            pdf_set(f, reference, "Pg", page);
            pdf_set(f, reference, "MCID", kid);
            kid = reference;
        } else if (kid->kind == PDF_NULL) {
            continue;
        }
        pdf_append(f, list, kid);
    }
    return list;
}

/* Points the parent tree entry of a moved marked-content reference at
 * the element id. */
static void repoint(structure *st, pdf_value *reference, int id)
{
    pdf_file *f = st->f;
    pdf_value *page = pdf_get(f, reference, "Pg", true);
    int key = pdf_integer(pdf_get(f, page, "StructParents", true), -1);
    int mcid = pdf_integer(pdf_get(f, reference, "MCID", true), -1);
    if (key < 0 || mcid < 0)
        return;
    int array_id = GPOINTER_TO_INT(g_hash_table_lookup(st->parent_tree,
                                                       GINT_TO_POINTER(key)));
    pdf_value *array = array_id ? pdf_object(f, array_id) : NULL;
    if (pdf_is_array(array) && mcid < array->count) {
        array->items[mcid] = pdf_new_ref(f, id);
        pdf_touch(f, array_id);
    }
}

/* Moves the kids of second to the end of first's. */
static void absorb(structure *st, element first, element second)
{
    pdf_file *f = st->f;
    pdf_value *kids = explicit_kids(f, first.dict);
    pdf_value *more = explicit_kids(f, second.dict);
    for (int i = 0; i < more->count; i++) {
        pdf_value *kid = more->items[i];
        element child = element_at(f, kid);
        if (child.id) {
            pdf_set(f, child.dict, "P", pdf_new_ref(f, first.id));
            pdf_touch(f, child.id);
        } else if (pdf_is_dict(kid) && pdf_is_name(pdf_get(f, kid, "Type", false), "MCR")) {
            repoint(st, kid, first.id);
        }
        pdf_append(f, kids, kid);
    }
    pdf_set(f, first.dict, "K", kids);
    pdf_touch(f, first.id);
}

static bool same_source(const archive_tag *a, const archive_tag *b)
{
    return a && b && a->source && a->source == b->source
           && strcmp(a->role, b->role) == 0;
}

static void merge_children(structure *st, element parent, int depth)
{
    pdf_file *f = st->f;
    pdf_value *kids = pdf_get(f, parent.dict, "K", false);
    if (depth > 256 || !pdf_is_array(kids))
        return;
    int n = kids->count;
    element *kid = g_new0(element, n > 0 ? n : 1);
    const archive_tag **tag = g_new0(const archive_tag *, n > 0 ? n : 1);
    bool split = false;
    for (int i = 0; i < n; i++) {
        kid[i] = element_at(f, kids->items[i]);
        tag[i] = kid[i].id ? tag_of(st, kid[i].id) : NULL;
        split = split || (i > 0 && same_source(tag[i], tag[i - 1]));
    }
    if (split) {
        /* most elements are on one page: the array is rebuilt only here */
        pdf_value *kept = pdf_new_array(f);
        int last = -1;
        for (int i = 0; i < n; i++) {
            if (last >= 0 && same_source(tag[i], tag[last])) {
                absorb(st, kid[last], kid[i]);
                kid[i].id = 0;
                continue;
            }
            pdf_append(f, kept, kids->items[i]);
            last = i;
        }
        pdf_set(f, parent.dict, "K", kept);
        pdf_touch(f, parent.id);
    }
    for (int i = 0; i < n; i++)
        if (kid[i].id && tag[i])
            merge_children(st, kid[i], depth + 1);
    g_free(kid);
    g_free(tag);
}

/* Puts a table's rows into THead, TBody and TFoot, in that order. */
static void group_rows(structure *st, element table)
{
    static const char *const groups[] = {NULL, "THead", "TBody", "TFoot"};
    pdf_file *f = st->f;
    pdf_value *kids = pdf_get(f, table.dict, "K", false);
    if (!pdf_is_array(kids))
        return;
    pdf_value *group[4] = {0};
    pdf_value *group_ref[4] = {0};
    pdf_value *kept = pdf_new_array(f);
    for (int i = 0; i < kids->count; i++) {
        element kid = element_at(f, kids->items[i]);
        const archive_tag *tag = kid.id ? tag_of(st, kid.id) : NULL;
        int section = tag && strcmp(tag->role, "TR") == 0 ? tag->section : 0;
        if (section < 1 || section > 3) {
            pdf_append(f, kept, kids->items[i]);
            continue;
        }
        if (!group[section]) {
            group[section] = pdf_parse(f, "<< /Type /StructElem /K [ ] >>");
            pdf_set(f, group[section], "S", pdf_new_name(f, groups[section]));
            pdf_set(f, group[section], "P", pdf_new_ref(f, table.id));
            group_ref[section] = pdf_add_object(f, group[section]);
        }
        pdf_set(f, kid.dict, "P", group_ref[section]);
        pdf_touch(f, kid.id);
        pdf_append(f, pdf_get(f, group[section], "K", false), kids->items[i]);
    }
    for (int s = 1; s <= 3; s++)
        if (group[s])
            pdf_append(f, kept, group_ref[s]);
    pdf_set(f, table.dict, "K", kept);
    pdf_touch(f, table.id);
}

static void group_tables(structure *st, const pdf_value *ref, int depth)
{
    pdf_file *f = st->f;
    element e = element_at(f, ref);
    if (depth > 256 || !e.id)
        return;
    if (pdf_is_name(pdf_get(f, e.dict, "S", false), "Table"))
        group_rows(st, e);
    pdf_value *kids = pdf_get(f, e.dict, "K", false);
    for (int i = 0; pdf_is_array(kids) && i < kids->count; i++)
        group_tables(st, kids->items[i], depth + 1);
}

static void read_parent_tree(structure *st, pdf_value *tree_root)
{
    pdf_file *f = st->f;
    pdf_value *nums = pdf_get(f, pdf_get(f, tree_root, "ParentTree", true),
                              "Nums", true);
    for (int i = 0; pdf_is_array(nums) && i + 1 < nums->count; i += 2) {
        int key = pdf_integer(nums->items[i], -1);
        pdf_value *value = nums->items[i + 1];
        /* Cairo writes each page's array as an object of its own */
        if (key >= 0 && value->kind == PDF_REF)
            g_hash_table_insert(st->parent_tree, GINT_TO_POINTER(key),
                                GINT_TO_POINTER(value->id));
    }
}

bool archive_structure(pdf_file *f, pdf_value *root, const archive_tags *tags,
                       const char *language, pliego_error *err)
{
    pdf_value *tree_root = pdf_get(f, root, "StructTreeRoot", true);
    pdf_value *top = pdf_get(f, tree_root, "K", false);
    if (pdf_is_array(top))
        top = top->count ? top->items[0] : NULL;
    structure st = {
        .f = f,
        .tags = tags,
        .language = language,
        .tag_of = g_hash_table_new(g_direct_hash, g_direct_equal),
        .parent_tree = g_hash_table_new(g_direct_hash, g_direct_equal),
    };
    GArray *order = g_array_new(FALSE, FALSE, sizeof(element));
    walk(f, top, order, 0);
    bool ok = order->len == tags->len;
    if (!ok)
        fail(err, "the PDF's structure tree does not match the document's "
                  "%s; cannot write PDF/UA", "elements");
    ok = ok && set_attributes(&st, order, err);
    /* most documents have no element split by a page (one-page notices)
       and no table: their walks are skipped */
    bool split = false, tables = false;
    GHashTable *sources = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (unsigned i = 0; ok && i < tags->len; i++) {
        const archive_tag *tag = &g_array_index(tags, archive_tag, i);
        tables = tables || strcmp(tag->role, "TR") == 0;
        if (tag->source && !g_hash_table_add(sources, (gpointer)tag->source))
            split = true;
    }
    g_hash_table_destroy(sources);
    element top_element = element_at(f, top);
    if (ok && split) {
        read_parent_tree(&st, tree_root);
        merge_children(&st, top_element, 0);
    }
    if (ok && tables)
        group_tables(&st, top, 0);
    g_array_free(order, TRUE);
    g_hash_table_destroy(st.tag_of);
    g_hash_table_destroy(st.parent_tree);
    return ok;
}
