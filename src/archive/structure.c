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

#include <qpdf/qpdf-c.h>
#include <string.h>

typedef struct {
    qpdf_data q;
    const archive_tags *tags;
    const char *language;    /* the document's, on the catalog */
    GHashTable *tag_of;      /* object id -> index into tags + 1 */
    GHashTable *parent_tree; /* StructParents key -> qpdf_oh of its array */
} structure;

static bool fail(pliego_error *err, const char *format, const char *detail)
{
    pliego_error_set(err, PLIEGO_ERROR_RENDER, NULL, 0, 0, format, detail);
    return false;
}

static bool is_element(qpdf_data q, qpdf_oh oh)
{
    return qpdf_oh_is_dictionary(q, oh) && qpdf_oh_has_key(q, oh, "/S");
}

/* The tag of an element, or NULL. */
static const archive_tag *tag_of(const structure *st, qpdf_oh element)
{
    int id = qpdf_oh_get_object_id(st->q, element);
    unsigned index = GPOINTER_TO_UINT(g_hash_table_lookup(st->tag_of,
                                                          GINT_TO_POINTER(id)));
    return index ? &g_array_index(st->tags, archive_tag, index - 1) : NULL;
}

/* Pre-order, as Cairo wrote the elements. */
static void walk(qpdf_data q, qpdf_oh element, GArray *order, int depth)
{
    if (depth > 256 || !is_element(q, element))
        return;
    g_array_append_val(order, element);
    qpdf_oh kids = qpdf_oh_get_key(q, element, "/K");
    if (qpdf_oh_is_array(q, kids)) {
        int n = qpdf_oh_get_array_n_items(q, kids);
        for (int i = 0; i < n; i++)
            walk(q, qpdf_oh_get_array_item(q, kids, i), order, depth + 1);
    } else {
        walk(q, kids, order, depth + 1);
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
static void set_language(structure *st, qpdf_oh element, const archive_tag *tag)
{
    qpdf_data q = st->q;
    if (!tag->lang || !*tag->lang || strcmp(tag->lang, "none") == 0)
        return;
    const char *around = st->language;
    qpdf_oh up = qpdf_oh_get_key(q, element, "/P");
    for (int depth = 0; depth < 256 && is_element(q, up); depth++) {
        const archive_tag *outer = tag_of(st, up);
        if (outer && outer->lang && *outer->lang && strcmp(outer->lang, "none") != 0) {
            around = outer->lang;
            break;
        }
        up = qpdf_oh_get_key(q, up, "/P");
    }
    if (around && other_language(tag->lang, around))
        qpdf_oh_replace_key(q, element, "/Lang", qpdf_oh_new_unicode_string(q, tag->lang));
}

static bool set_attributes(structure *st, GArray *order, pliego_error *err)
{
    qpdf_data q = st->q;
    /* /Lang is needed only where some element is in another language */
    bool languages = false;
    for (unsigned i = 0; i < st->tags->len && st->language; i++) {
        const archive_tag *tag = &g_array_index(st->tags, archive_tag, i);
        languages = languages || (tag->lang && *tag->lang
                                  && strcmp(tag->lang, "none") != 0
                                  && other_language(tag->lang, st->language));
    }
    int notes = 0;
    for (unsigned i = 0; i < order->len; i++) {
        qpdf_oh element = g_array_index(order, qpdf_oh, i);
        const archive_tag *tag = &g_array_index(st->tags, archive_tag, i);
        char *expected = g_strconcat("/", tag->role, NULL);
        bool same = qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, element, "/S"),
                                               expected);
        g_free(expected);
        if (!same)
            return fail(err, "the PDF's structure tree does not match the "
                             "document's at a %s element; cannot write PDF/UA",
                        tag->role);
        g_hash_table_insert(st->tag_of,
                            GINT_TO_POINTER(qpdf_oh_get_object_id(q, element)),
                            GUINT_TO_POINTER(i + 1));
        if (languages)
            set_language(st, element, tag);
        if (strcmp(tag->role, "TH") == 0) {
            /* a header row's cells head columns; a TH in the body heads
               its row (role="TH" on the cell) */
            qpdf_oh_replace_key(q, element, "/A",
                                qpdf_oh_parse(q, tag->section == AREA_SECTION_HEADER
                                                 ? "<< /O /Table /Scope /Column >>"
                                                 : "<< /O /Table /Scope /Row >>"));
        } else if (strcmp(tag->role, "Note") == 0) {
            char *id = g_strdup_printf("note-%d", ++notes);
            qpdf_oh_replace_key(q, element, "/ID", qpdf_oh_new_string(q, id));
            g_free(id);
        } else if (strcmp(tag->role, "Figure") == 0) {
            if (!tag->alt || !*tag->alt)
                return fail(err, "an image has no alternate text (fox:alt-text); "
                                 "PDF/UA-1 needs one for every %s", "figure");
            qpdf_oh_replace_key(q, element, "/Alt",
                                qpdf_oh_new_unicode_string(q, tag->alt));
        }
    }
    return true;
}

/* The element's kids as an array, integer MCIDs turned into marked-content
 * references that name their page, so they can move to another element. */
static qpdf_oh explicit_kids(qpdf_data q, qpdf_oh element)
{
    qpdf_oh kids = qpdf_oh_get_key(q, element, "/K");
    qpdf_oh page = qpdf_oh_get_key(q, element, "/Pg");
    qpdf_oh list = qpdf_oh_new_array(q);
    int n = qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_n_items(q, kids) : 1;
    for (int i = 0; i < n; i++) {
        qpdf_oh kid = qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_item(q, kids, i)
                                                : kids;
        if (qpdf_oh_is_integer(q, kid) && qpdf_oh_is_dictionary(q, page)) {
            qpdf_oh reference = qpdf_oh_parse(q, "<< /Type /MCR >>");
            qpdf_oh_replace_key(q, reference, "/Pg", page);
            qpdf_oh_replace_key(q, reference, "/MCID", kid);
            kid = reference;
        } else if (qpdf_oh_is_null(q, kid)) {
            continue;
        }
        qpdf_oh_append_item(q, list, kid);
    }
    return list;
}

/* Points the parent tree entry of a moved marked-content reference at
 * element. */
static void repoint(structure *st, qpdf_oh reference, qpdf_oh element)
{
    qpdf_data q = st->q;
    qpdf_oh page = qpdf_oh_get_key(q, reference, "/Pg");
    qpdf_oh key = qpdf_oh_get_key(q, page, "/StructParents");
    qpdf_oh mcid = qpdf_oh_get_key(q, reference, "/MCID");
    if (!qpdf_oh_is_integer(q, key) || !qpdf_oh_is_integer(q, mcid))
        return;
    gpointer found = g_hash_table_lookup(
        st->parent_tree, GINT_TO_POINTER(qpdf_oh_get_int_value_as_int(q, key)));
    if (!found)
        return;
    qpdf_oh array = GPOINTER_TO_UINT(found);
    int index = qpdf_oh_get_int_value_as_int(q, mcid);
    if (index >= 0 && index < qpdf_oh_get_array_n_items(q, array))
        qpdf_oh_set_array_item(q, array, index, element);
}

/* Moves the kids of second to the end of first's. */
static void absorb(structure *st, qpdf_oh first, qpdf_oh second)
{
    qpdf_data q = st->q;
    qpdf_oh kids = explicit_kids(q, first);
    qpdf_oh more = explicit_kids(q, second);
    int n = qpdf_oh_get_array_n_items(q, more);
    for (int i = 0; i < n; i++) {
        qpdf_oh kid = qpdf_oh_get_array_item(q, more, i);
        if (is_element(q, kid))
            qpdf_oh_replace_key(q, kid, "/P", first);
        else if (qpdf_oh_is_dictionary_of_type(q, kid, "/MCR", ""))
            repoint(st, kid, first);
        qpdf_oh_append_item(q, kids, kid);
    }
    qpdf_oh_replace_key(q, first, "/K", kids);
}

static void merge_children(structure *st, qpdf_oh element, int depth)
{
    qpdf_data q = st->q;
    qpdf_oh kids = qpdf_oh_get_key(q, element, "/K");
    if (depth > 256 || !qpdf_oh_is_array(q, kids))
        return;
    int n = qpdf_oh_get_array_n_items(q, kids);
    qpdf_oh *kid = g_new(qpdf_oh, n > 0 ? n : 1);
    const archive_tag **tag = g_new0(const archive_tag *, n > 0 ? n : 1);
    bool split = false;
    for (int i = 0; i < n; i++) {
        kid[i] = qpdf_oh_get_array_item(q, kids, i);
        tag[i] = is_element(q, kid[i]) ? tag_of(st, kid[i]) : NULL;
        split = split || (i > 0 && tag[i] && tag[i - 1] && tag[i]->source
                          && tag[i]->source == tag[i - 1]->source
                          && strcmp(tag[i]->role, tag[i - 1]->role) == 0);
    }
    if (split) {
        /* most elements are on one page: the array is rebuilt only here */
        qpdf_oh kept = qpdf_oh_new_array(q);
        int last = -1;
        for (int i = 0; i < n; i++) {
            if (last >= 0 && tag[i] && tag[last] && tag[i]->source
                && tag[i]->source == tag[last]->source
                && strcmp(tag[i]->role, tag[last]->role) == 0) {
                absorb(st, kid[last], kid[i]);
                kid[i] = 0;
                continue;
            }
            qpdf_oh_append_item(q, kept, kid[i]);
            last = i;
        }
        qpdf_oh_replace_key(q, element, "/K", kept);
    }
    for (int i = 0; i < n; i++)
        if (kid[i] && tag[i])
            merge_children(st, kid[i], depth + 1);
    g_free(kid);
    g_free(tag);
}

/* Puts a table's rows into THead, TBody and TFoot, in that order. */
static void group_rows(structure *st, qpdf_oh table)
{
    static const char *const groups[] = {NULL, "/THead", "/TBody", "/TFoot"};
    qpdf_data q = st->q;
    qpdf_oh kids = qpdf_oh_get_key(q, table, "/K");
    if (!qpdf_oh_is_array(q, kids))
        return;
    qpdf_oh group[4] = {0};
    qpdf_oh kept = qpdf_oh_new_array(q);
    int n = qpdf_oh_get_array_n_items(q, kids);
    for (int i = 0; i < n; i++) {
        qpdf_oh kid = qpdf_oh_get_array_item(q, kids, i);
        const archive_tag *tag = is_element(q, kid) ? tag_of(st, kid) : NULL;
        int section = tag && strcmp(tag->role, "TR") == 0 ? tag->section : 0;
        if (section < 1 || section > 3) {
            qpdf_oh_append_item(q, kept, kid);
            continue;
        }
        if (!group[section]) {
            qpdf_oh dict = qpdf_oh_parse(q, "<< /Type /StructElem /K [ ] >>");
            qpdf_oh_replace_key(q, dict, "/S", qpdf_oh_new_name(q, groups[section]));
            qpdf_oh_replace_key(q, dict, "/P", table);
            group[section] = qpdf_make_indirect_object(q, dict);
        }
        qpdf_oh_replace_key(q, kid, "/P", group[section]);
        qpdf_oh_append_item(q, qpdf_oh_get_key(q, group[section], "/K"), kid);
    }
    for (int s = 1; s <= 3; s++)
        if (group[s])
            qpdf_oh_append_item(q, kept, group[s]);
    qpdf_oh_replace_key(q, table, "/K", kept);
}

static void group_tables(structure *st, qpdf_oh element, int depth)
{
    qpdf_data q = st->q;
    if (depth > 256 || !is_element(q, element))
        return;
    if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, element, "/S"), "/Table"))
        group_rows(st, element);
    qpdf_oh kids = qpdf_oh_get_key(q, element, "/K");
    int n = qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_n_items(q, kids) : 0;
    for (int i = 0; i < n; i++)
        group_tables(st, qpdf_oh_get_array_item(q, kids, i), depth + 1);
}

static void read_parent_tree(structure *st, qpdf_oh tree_root)
{
    qpdf_data q = st->q;
    qpdf_oh nums = qpdf_oh_get_key(q, qpdf_oh_get_key(q, tree_root, "/ParentTree"),
                                   "/Nums");
    int n = qpdf_oh_get_array_n_items(q, nums);
    for (int i = 0; i + 1 < n; i += 2) {
        qpdf_oh key = qpdf_oh_get_array_item(q, nums, i);
        qpdf_oh value = qpdf_oh_get_array_item(q, nums, i + 1);
        if (qpdf_oh_is_integer(q, key) && qpdf_oh_is_array(q, value))
            g_hash_table_insert(st->parent_tree,
                                GINT_TO_POINTER(qpdf_oh_get_int_value_as_int(q, key)),
                                GUINT_TO_POINTER(value));
    }
}

bool archive_structure(qpdf_data q, qpdf_oh root, const archive_tags *tags,
                       const char *language, pliego_error *err)
{
    qpdf_oh tree_root = qpdf_oh_get_key(q, root, "/StructTreeRoot");
    qpdf_oh top = qpdf_oh_get_key(q, tree_root, "/K");
    if (qpdf_oh_is_array(q, top))
        top = qpdf_oh_get_array_item(q, top, 0);
    structure st = {
        .q = q,
        .tags = tags,
        .language = language,
        .tag_of = g_hash_table_new(g_direct_hash, g_direct_equal),
        .parent_tree = g_hash_table_new(g_direct_hash, g_direct_equal),
    };
    GArray *order = g_array_new(FALSE, FALSE, sizeof(qpdf_oh));
    walk(q, top, order, 0);
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
    if (ok && split) {
        read_parent_tree(&st, tree_root);
        merge_children(&st, top, 0);
    }
    if (ok && tables)
        group_tables(&st, top, 0);
    g_array_free(order, TRUE);
    g_hash_table_destroy(st.tag_of);
    g_hash_table_destroy(st.parent_tree);
    return ok;
}
