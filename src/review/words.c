/* Words inside a clause: ICU's word break iterator cuts the text into
 * tokens (words, numbers, each punctuation mark; spaces are dropped but
 * remembered), and Myers' O(ND) algorithm finds the shortest edit script
 * between two token sequences, as git's word diff does over xdiff.
 *
 * Tokens are compared by their text, interned to integers first so the
 * inner loop compares ints. The common head and tail are cut before the
 * search, so its cost follows the size of the change, not of the clause.
 * The search keeps, for each edit distance d, the furthest-reaching
 * diagonals (2d+1 ints), which is O(D^2) memory; past MAX_DISTANCE edits
 * it gives up and reports "all deleted, all inserted", which is still a
 * correct script, only not the shortest.
 */
#include "review/review.h"

#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#define MAX_DISTANCE 2000

static bool is_space_token(const UChar *text, int32_t start, int32_t end)
{
    for (int32_t i = start; i < end; i++) {
        UChar c = text[i];
        if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xa0 ||
              c == 0x202f || c == 0x2009 || c == 0x3000))
            return false;
    }
    return true;
}

GArray *review_tokenize(const char *text, const char *locale, pliego_error *err)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t length16 = 0;
    u_strFromUTF8(NULL, 0, &length16, text, -1, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) {
        pliego_error_set(err, PLIEGO_ERROR_XML, "", 0, 0, "text is not UTF-8: %s",
                         u_errorName(status));
        return NULL;
    }
    status = U_ZERO_ERROR;
    UChar *text16 = g_new(UChar, (gsize)length16 + 1);
    u_strFromUTF8(text16, length16 + 1, NULL, text, -1, &status);
    UBreakIterator *words =
        U_SUCCESS(status) ? ubrk_open(UBRK_WORD, locale ? locale : "", text16, length16,
                                      &status)
                          : NULL;
    if (U_FAILURE(status)) {
        pliego_error_set(err, PLIEGO_ERROR_XML, "", 0, 0,
                         "cannot cut the text into words: %s", u_errorName(status));
        if (words)
            ubrk_close(words);
        g_free(text16);
        return NULL;
    }
    GArray *tokens = g_array_new(FALSE, FALSE, sizeof(review_token));
    /* UTF-16 offsets to UTF-8 bytes, walking both strings once */
    int32_t at16 = 0;
    int at8 = 0;
    bool space = false;
    int32_t start = ubrk_first(words);
    for (int32_t end = ubrk_next(words); end != UBRK_DONE; start = end, end = ubrk_next(words)) {
        int32_t span16 = start - at16;
        int32_t bytes = 0;
        status = U_ZERO_ERROR;
        u_strToUTF8(NULL, 0, &bytes, text16 + at16, span16, &status);
        at8 += bytes;
        at16 = start;
        status = U_ZERO_ERROR;
        u_strToUTF8(NULL, 0, &bytes, text16 + start, end - start, &status);
        if (is_space_token(text16, start, end)) {
            space = true;
        } else {
            if (tokens->len >= PLIEGO_REVIEW_MAX_WORDS) {
                pliego_error_set(err, PLIEGO_ERROR_LIMIT, "", 0, 0,
                                 "a clause has more than %d words", PLIEGO_REVIEW_MAX_WORDS);
                g_array_unref(tokens);
                tokens = NULL;
                break;
            }
            review_token token = {at8, bytes, space || tokens->len == 0};
            g_array_append_val(tokens, token);
            space = false;
        }
        at8 += bytes;
        at16 = end;
    }
    ubrk_close(words);
    g_free(text16);
    return tokens;
}

static const review_token *token_at(const GArray *tokens, int i)
{
    return &g_array_index(tokens, review_token, i);
}

/* Each token's text as an int: equal texts, equal ints. */
static int *intern(GHashTable *table, const char *text, const GArray *tokens)
{
    int *ids = g_new(int, tokens->len + 1);
    for (guint i = 0; i < tokens->len; i++) {
        const review_token *t = token_at(tokens, (int)i);
        char *word = g_strndup(text + t->start, (gsize)t->length);
        gpointer id;
        if (g_hash_table_lookup_extended(table, word, NULL, &id)) {
            g_free(word);
        } else {
            id = GINT_TO_POINTER(g_hash_table_size(table) + 1);
            g_hash_table_insert(table, word, id);
        }
        ids[i] = GPOINTER_TO_INT(id);
    }
    return ids;
}

static void add_run(GArray *runs, review_op op, int a_start, int b_start, int count)
{
    if (count <= 0)
        return;
    if (runs->len > 0) {
        review_run *last = &g_array_index(runs, review_run, runs->len - 1);
        if (last->op == op) {
            last->count += count;
            return;
        }
    }
    review_run run = {op, a_start, b_start, count};
    g_array_append_val(runs, run);
}

/* The edits of one change, deletions before insertions, into runs;
   empties both. */
static void flush_edits(GArray *runs, GArray *deletes, GArray *inserts, int a_offset,
                        int b_offset)
{
    for (guint j = 0; j < deletes->len; j++) {
        review_run *e = &g_array_index(deletes, review_run, j);
        add_run(runs, REVIEW_DELETE, e->a_start + a_offset, e->b_start + b_offset, 1);
    }
    for (guint j = 0; j < inserts->len; j++) {
        review_run *e = &g_array_index(inserts, review_run, j);
        add_run(runs, REVIEW_INSERT, e->a_start + a_offset, e->b_start + b_offset, 1);
    }
    g_array_set_size(deletes, 0);
    g_array_set_size(inserts, 0);
}

/* Myers' forward search on a[0..n) and b[0..m); appends the script's runs
   in order. Returns false past MAX_DISTANCE. */
static bool myers(const int *a, int n, const int *b, int m, int a_offset, int b_offset,
                  GArray *runs)
{
    int max = n + m;
    int offset = max + 1;
    int *v = g_new0(int, (gsize)(2 * max + 3));
    GPtrArray *trace = g_ptr_array_new_with_free_func(g_free);
    int found = -1;
    for (int d = 0; d <= max && d <= MAX_DISTANCE && found < 0; d++) {
        /* the diagonals -d..d before this step, for the walk back */
        int *saved = g_new(int, (gsize)(2 * d + 1));
        for (int k = -d; k <= d; k++)
            saved[k + d] = v[offset + k];
        g_ptr_array_add(trace, saved);
        for (int k = -d; k <= d; k += 2) {
            int x;
            if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                x = v[offset + k + 1];
            else
                x = v[offset + k - 1] + 1;
            int y = x - k;
            while (x < n && y < m && a[x] == b[y]) {
                x++;
                y++;
            }
            v[offset + k] = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
    }
    g_free(v);
    if (found < 0) {
        g_ptr_array_free(trace, TRUE);
        return false;
    }
    /* walk back from (n, m): each step is a snake preceded by one edit */
    GArray *steps = g_array_new(FALSE, FALSE, sizeof(review_run));
    int x = n, y = m;
    for (int d = found; d > 0; d--) {
        const int *before = trace->pdata[d]; /* diagonals after step d-1 */
        int k = x - y;
        int prev_k;
        if (k == -d || (k != d && before[k - 1 + d] < before[k + 1 + d]))
            prev_k = k + 1; /* came down: an insertion */
        else
            prev_k = k - 1; /* came right: a deletion */
        int prev_x = before[prev_k + d];
        int prev_y = prev_x - prev_k;
        int mid_x = prev_k == k + 1 ? prev_x : prev_x + 1;
        int mid_y = mid_x - k;
        review_run snake = {REVIEW_EQUAL, mid_x, mid_y, x - mid_x};
        if (snake.count > 0)
            g_array_append_val(steps, snake);
        review_run edit = prev_k == k + 1
                              ? (review_run){REVIEW_INSERT, prev_x, prev_y, 1}
                              : (review_run){REVIEW_DELETE, prev_x, prev_y, 1};
        g_array_append_val(steps, edit);
        x = prev_x;
        y = prev_y;
    }
    if (x > 0) {
        review_run head = {REVIEW_EQUAL, 0, 0, x};
        g_array_append_val(steps, head);
    }
    /* in order, deletions of a change before its insertions */
    GArray *deletes = g_array_new(FALSE, FALSE, sizeof(review_run));
    GArray *inserts = g_array_new(FALSE, FALSE, sizeof(review_run));
    for (guint i = steps->len; i-- > 0;) {
        review_run r = g_array_index(steps, review_run, i);
        if (r.op == REVIEW_EQUAL) {
            flush_edits(runs, deletes, inserts, a_offset, b_offset);
            add_run(runs, REVIEW_EQUAL, r.a_start + a_offset, r.b_start + b_offset, r.count);
        } else {
            g_array_append_val(r.op == REVIEW_DELETE ? deletes : inserts, r);
        }
    }
    flush_edits(runs, deletes, inserts, a_offset, b_offset);
    g_array_unref(deletes);
    g_array_unref(inserts);
    g_array_unref(steps);
    g_ptr_array_free(trace, TRUE);
    return true;
}

GArray *review_word_diff(const char *a_text, const GArray *a_tokens,
                         const char *b_text, const GArray *b_tokens)
{
    GHashTable *table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    int *a = intern(table, a_text, a_tokens);
    int *b = intern(table, b_text, b_tokens);
    g_hash_table_destroy(table);
    int n = (int)a_tokens->len, m = (int)b_tokens->len;
    int head = 0;
    while (head < n && head < m && a[head] == b[head])
        head++;
    int tail = 0;
    while (tail < n - head && tail < m - head && a[n - 1 - tail] == b[m - 1 - tail])
        tail++;
    GArray *runs = g_array_new(FALSE, FALSE, sizeof(review_run));
    add_run(runs, REVIEW_EQUAL, 0, 0, head);
    int inner_n = n - head - tail, inner_m = m - head - tail;
    if (!myers(a + head, inner_n, b + head, inner_m, head, head, runs)) {
        add_run(runs, REVIEW_DELETE, head, head, inner_n);
        add_run(runs, REVIEW_INSERT, n - tail, head, inner_m);
    }
    add_run(runs, REVIEW_EQUAL, n - tail, m - tail, tail);
    g_free(a);
    g_free(b);
    return runs;
}

static void append_token(GString *out, const char *text, const review_token *t)
{
    if (out->len)
        g_string_append_c(out, ' ');
    g_string_append_len(out, text + t->start, t->length);
}

static bool same_token(const char *a_text, const review_token *a, const char *b_text,
                       const review_token *b)
{
    return a->length == b->length &&
           memcmp(a_text + a->start, b_text + b->start, (size_t)a->length) == 0;
}

char *review_apply_runs(const char *a_text, const GArray *a_tokens, const char *b_text,
                        const GArray *b_tokens, const GArray *runs)
{
    GString *out = g_string_new(NULL);
    int at = 0; /* next token of a */
    for (guint i = 0; i < runs->len; i++) {
        const review_run *r = &g_array_index(runs, review_run, i);
        bool fits = r->count >= 0;
        if (r->op != REVIEW_INSERT)
            fits = fits && r->a_start == at && at + r->count <= (int)a_tokens->len;
        if (r->op != REVIEW_DELETE)
            fits = fits && r->b_start >= 0 && r->b_start + r->count <= (int)b_tokens->len;
        if (!fits) {
            g_string_free(out, TRUE);
            return NULL;
        }
        for (int j = 0; j < r->count; j++) {
            if (r->op == REVIEW_EQUAL &&
                !same_token(a_text, token_at(a_tokens, at + j), b_text,
                            token_at(b_tokens, r->b_start + j))) {
                g_string_free(out, TRUE);
                return NULL;
            }
            if (r->op == REVIEW_EQUAL)
                append_token(out, a_text, token_at(a_tokens, at + j));
            else if (r->op == REVIEW_INSERT)
                append_token(out, b_text, token_at(b_tokens, r->b_start + j));
        }
        if (r->op != REVIEW_INSERT)
            at += r->count;
    }
    if (at != (int)a_tokens->len) {
        g_string_free(out, TRUE);
        return NULL;
    }
    return g_string_free(out, FALSE);
}

char *review_join_tokens(const char *text, const GArray *tokens)
{
    GString *out = g_string_new(NULL);
    for (guint i = 0; i < tokens->len; i++)
        append_token(out, text, token_at(tokens, (int)i));
    return g_string_free(out, FALSE);
}
