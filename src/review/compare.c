/* The clause-level comparison: pairs the clauses of two documents by id,
 * tells which moved (those outside the longest run of common clauses kept
 * in the same order), and for each pair whether the language, the
 * version or the content changed; inside a changed clause, whether the
 * words changed (then the word diff), or only whitespace, or only markup.
 * Then the facts of region and terms, name by name.
 */
#include "review/review.h"

#include <string.h>

static const char *const status_names[] = {
    "same", "changed", "added", "removed", "moved", "language-changed",
    "version-changed"};

const char *review_status_name(review_status status)
{
    return status_names[status];
}

const char *review_content_name(review_content content)
{
    static const char *const names[] = {"same", "text", "whitespace", "markup"};
    return names[content];
}

static bool same_string(const char *a, const char *b)
{
    return g_strcmp0(a, b) == 0;
}

static void entry_free(gpointer data)
{
    review_entry *e = data;
    if (e->a_tokens)
        g_array_unref(e->a_tokens);
    if (e->b_tokens)
        g_array_unref(e->b_tokens);
    if (e->runs)
        g_array_unref(e->runs);
    g_free(e);
}

/* Marks in_place[i] for the clauses of b (by index) that belong to the
   longest increasing run of their positions in a: the ones that kept their
   order. Patience sorting, O(n log n). */
static void longest_in_order(const int *a_position, int n, bool *in_place)
{
    int *tails = g_new(int, (gsize)n + 1);   /* index into b of each tail */
    int *previous = g_new(int, (gsize)n + 1);
    int length = 0;
    for (int i = 0; i < n; i++) {
        if (a_position[i] < 0) {
            previous[i] = -1;
            continue;
        }
        int low = 0, high = length;
        while (low < high) {
            int mid = (low + high) / 2;
            if (a_position[tails[mid]] < a_position[i])
                low = mid + 1;
            else
                high = mid;
        }
        previous[i] = low > 0 ? tails[low - 1] : -1;
        tails[low] = i;
        if (low == length)
            length++;
    }
    for (int i = length ? tails[length - 1] : -1; i >= 0; i = previous[i])
        in_place[i] = true;
    g_free(tails);
    g_free(previous);
}

static bool compare_content(review_entry *e, const char *a_lang, const char *b_lang,
                            const char *a_name, const char *b_name, pliego_error *err)
{
    const review_clause *a = e->a, *b = e->b;
    e->a_tokens = review_tokenize(a->text, a_lang, err);
    e->b_tokens = e->a_tokens ? review_tokenize(b->text, b_lang, err) : NULL;
    if (!e->b_tokens) {
        /* the tokeniser knows no file: name the side and the clause */
        if (err) {
            char message[sizeof err->message];
            g_snprintf(message, sizeof message, "clause %s: %s", a->id, err->message);
            g_strlcpy(err->message, message, sizeof err->message);
            g_strlcpy(err->file, e->a_tokens ? b_name : a_name, sizeof err->file);
        }
        return false;
    }
    char *a_words = review_join_tokens(a->text, e->a_tokens);
    char *b_words = review_join_tokens(b->text, e->b_tokens);
    if (strcmp(a_words, b_words) != 0) {
        e->content = REVIEW_CONTENT_TEXT;
        e->runs = review_word_diff(a->text, e->a_tokens, b->text, e->b_tokens);
    } else if (strcmp(a->markup, b->markup) != 0) {
        e->content = REVIEW_CONTENT_MARKUP;
    } else if (strcmp(a->text, b->text) != 0) {
        e->content = REVIEW_CONTENT_WHITESPACE;
    }
    g_free(a_words);
    g_free(b_words);
    if (e->content != REVIEW_CONTENT_TEXT) {
        g_clear_pointer(&e->a_tokens, g_array_unref);
        g_clear_pointer(&e->b_tokens, g_array_unref);
    }
    return true;
}

static review_status pair_status(const review_entry *e, bool moved)
{
    const review_clause *a = e->a, *b = e->b;
    if (moved)
        return REVIEW_MOVED;
    if (!same_string(a->lang, b->lang) || a->fallback != b->fallback ||
        !same_string(a->body_lang, b->body_lang))
        return REVIEW_LANGUAGE_CHANGED;
    if (e->content != REVIEW_CONTENT_SAME)
        return REVIEW_CHANGED;
    if (a->version != b->version || a->body_version != b->body_version ||
        !same_string(a->sha256, b->sha256) || !same_string(a->body_sha256, b->body_sha256) ||
        !same_string(a->group, b->group))
        return REVIEW_VERSION_CHANGED;
    return REVIEW_SAME;
}

static void compare_facts(pliego_review_diff *diff)
{
    const GPtrArray *a = diff->a->facts, *b = diff->b->facts;
    guint i = 0, j = 0;
    while (i < a->len || j < b->len) {
        const review_fact *x = i < a->len ? a->pdata[i] : NULL;
        const review_fact *y = j < b->len ? b->pdata[j] : NULL;
        int order = !x ? 1 : !y ? -1 : strcmp(x->name, y->name);
        review_fact_change change = {order <= 0 ? x->name : y->name,
                                     order <= 0 ? x->value : NULL,
                                     order >= 0 ? y->value : NULL};
        if (order <= 0)
            i++;
        if (order >= 0)
            j++;
        if (!same_string(change.a, change.b))
            g_array_append_val(diff->facts, change);
    }
}

pliego_review_diff *pliego_review_diff_new(const pliego_review_document *a,
                                           const pliego_review_document *b,
                                           pliego_error *err)
{
    pliego_review_diff *diff = g_new0(pliego_review_diff, 1);
    diff->a = a;
    diff->b = b;
    diff->entries = g_ptr_array_new_with_free_func(entry_free);
    diff->facts = g_array_new(FALSE, FALSE, sizeof(review_fact_change));
    /* id -> queue of a's positions with that id: a document should not
       repeat an id, but if one does, the k-th of b pairs with the k-th of a */
    GHashTable *a_index =
        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_queue_free);
    for (guint i = 0; i < a->clauses->len; i++) {
        const review_clause *c = a->clauses->pdata[i];
        GQueue *positions = g_hash_table_lookup(a_index, c->id);
        if (!positions) {
            positions = g_queue_new();
            g_hash_table_insert(a_index, (gpointer)c->id, positions);
        }
        g_queue_push_tail(positions, GINT_TO_POINTER(i));
    }
    int n = (int)b->clauses->len;
    int *a_position = g_new(int, (gsize)n + 1);
    bool *in_place = g_new0(bool, (gsize)n + 1);
    bool *paired = g_new0(bool, a->clauses->len + 1);
    for (int i = 0; i < n; i++) {
        const review_clause *c = b->clauses->pdata[i];
        GQueue *positions = g_hash_table_lookup(a_index, c->id);
        a_position[i] = -1;
        if (positions && !g_queue_is_empty(positions)) {
            a_position[i] = GPOINTER_TO_INT(g_queue_pop_head(positions));
            paired[a_position[i]] = true;
        }
    }
    longest_in_order(a_position, n, in_place);
    bool ok = true;
    for (int i = 0; i < n && ok; i++) {
        review_entry *e = g_new0(review_entry, 1);
        g_ptr_array_add(diff->entries, e);
        e->b = b->clauses->pdata[i];
        if (a_position[i] < 0) {
            e->status = REVIEW_ADDED;
            continue;
        }
        e->a = a->clauses->pdata[a_position[i]];
        ok = compare_content(e, a->lang, b->lang, a->name, b->name, err);
        e->status = pair_status(e, !in_place[i]);
    }
    for (guint i = 0; i < a->clauses->len && ok; i++)
        if (!paired[i]) {
            review_entry *e = g_new0(review_entry, 1);
            e->a = a->clauses->pdata[i];
            e->status = REVIEW_REMOVED;
            g_ptr_array_add(diff->entries, e);
        }
    for (guint i = 0; i < diff->entries->len; i++)
        diff->counts[((review_entry *)diff->entries->pdata[i])->status]++;
    compare_facts(diff);
    g_free(a_position);
    g_free(in_place);
    g_free(paired);
    g_hash_table_destroy(a_index);
    if (!ok) {
        pliego_review_diff_free(diff);
        return NULL;
    }
    return diff;
}

void pliego_review_diff_free(pliego_review_diff *diff)
{
    if (!diff)
        return;
    g_ptr_array_free(diff->entries, TRUE);
    g_array_unref(diff->facts);
    g_free(diff);
}

bool pliego_review_diff_same(const pliego_review_diff *diff)
{
    return diff->counts[REVIEW_SAME] == (int)diff->entries->len && diff->facts->len == 0;
}
