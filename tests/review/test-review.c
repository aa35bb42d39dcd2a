/* Unit and property tests of the review stage: ICU tokens, the Myers word
 * diff (applying it to A's words gives B's, and its edit count is the
 * minimum, checked against an LCS table on random sequences), the kinds
 * of change inside a clause (text, whitespace only, markup only,
 * language, version), the limits, and the properties over every pair of
 * groups of the shipped service-description matrix (a few countries;
 * PLIEGO_REVIEW_FULL_MATRIX=1 takes them all): diff(A, A) reports
 * nothing and the word diff of A and B turns A's words into B's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <string.h>

#include "assemble/assemble.h"
#include "cli/variant.h"
#include "review/review.h"

/* ---- tokens ---- */

static char *token_list(const char *text, const GArray *tokens)
{
    GString *out = g_string_new(NULL);
    for (guint i = 0; i < tokens->len; i++) {
        const review_token *t = &g_array_index(tokens, review_token, i);
        g_string_append_printf(out, "%s%s%.*s", i ? "|" : "", t->space_before ? "_" : "",
                               t->length, text + t->start);
    }
    return g_string_free(out, FALSE);
}

static void test_tokens(void **state)
{
    const char *text = "  Hello, wörld  14 days\n(again)";
    GArray *tokens = review_tokenize(text, "en", NULL);
    assert_non_null(tokens);
    char *list = token_list(text, tokens);
    assert_string_equal(list, "_Hello|,|_wörld|_14|_days|_(|again|)");
    g_free(list);
    g_array_unref(tokens);
}

/* ---- the word diff on random sequences ---- */

static int lcs(const char *a, const char *b)
{
    int n = (int)strlen(a), m = (int)strlen(b);
    int *table = g_new0(int, (gsize)(n + 1) * (gsize)(m + 1));
    for (int i = n - 1; i >= 0; i--)
        for (int j = m - 1; j >= 0; j--)
            table[i * (m + 1) + j] = a[i] == b[j] ? table[(i + 1) * (m + 1) + j + 1] + 1
                                   : MAX(table[(i + 1) * (m + 1) + j],
                                         table[i * (m + 1) + j + 1]);
    int result = table[0];
    g_free(table);
    return result;
}

/* "x y z" of letters, one token each. */
static char *spaced(const char *letters)
{
    GString *out = g_string_new(NULL);
    for (const char *p = letters; *p; p++)
        g_string_append_printf(out, "%s%c", p == letters ? "" : " ", *p);
    return g_string_free(out, FALSE);
}

static void test_word_diff_random(void **state)
{
    GRand *random = g_rand_new_with_seed(12);
    for (int round = 0; round < 400; round++) {
        char a[40], b[40];
        int n = g_rand_int_range(random, 0, 30), m = g_rand_int_range(random, 0, 30);
        for (int i = 0; i < n; i++)
            a[i] = (char)('a' + g_rand_int_range(random, 0, 4));
        for (int i = 0; i < m; i++)
            b[i] = (char)('a' + g_rand_int_range(random, 0, 4));
        a[n] = b[m] = '\0';
        char *a_text = spaced(a), *b_text = spaced(b);
        GArray *a_tokens = review_tokenize(a_text, NULL, NULL);
        GArray *b_tokens = review_tokenize(b_text, NULL, NULL);
        assert_int_equal(a_tokens->len, n);
        GArray *runs = review_word_diff(a_text, a_tokens, b_text, b_tokens);
        char *applied = review_apply_runs(a_text, a_tokens, b_text, b_tokens, runs);
        assert_non_null(applied);
        assert_string_equal(applied, b_text);
        int edits = 0;
        for (guint i = 0; i < runs->len; i++) {
            const review_run *r = &g_array_index(runs, review_run, i);
            if (r->op != REVIEW_EQUAL)
                edits += r->count;
            /* merged: no two neighbours of one kind */
            if (i > 0)
                assert_int_not_equal(r->op, g_array_index(runs, review_run, i - 1).op);
        }
        assert_int_equal(edits, n + m - 2 * lcs(a, b));
        g_free(applied);
        g_array_unref(runs);
        g_array_unref(a_tokens);
        g_array_unref(b_tokens);
        g_free(a_text);
        g_free(b_text);
    }
    g_rand_free(random);
}

/* A script that does not fit is refused, so the property can fail. */
static void test_apply_refuses_wrong_runs(void **state)
{
    const char *a = "one two three", *b = "one four three";
    GArray *a_tokens = review_tokenize(a, NULL, NULL);
    GArray *b_tokens = review_tokenize(b, NULL, NULL);
    GArray *runs = g_array_new(FALSE, FALSE, sizeof(review_run));
    review_run all_equal = {REVIEW_EQUAL, 0, 0, 3};
    g_array_append_val(runs, all_equal);
    assert_null(review_apply_runs(a, a_tokens, b, b_tokens, runs));
    g_array_unref(runs);
    g_array_unref(a_tokens);
    g_array_unref(b_tokens);
}

/* ---- kinds of change ---- */

static char *document_with(const char *clause)
{
    return g_strdup_printf(
        "<document xmlns=\"urn:pliego:document\" kind=\"service-description\" lang=\"en\">"
        "<provenance><context kind=\"service-description\" date=\"2026-11-25\" "
        "region=\"north\" country=\"IE\" channel=\"direct\" requested-language=\"en\" "
        "language=\"en\"/></provenance><body>%s</body></document>",
        clause);
}

static pliego_review_diff *diff_of(const char *clause_a, const char *clause_b,
                                   pliego_review_document **a, pliego_review_document **b)
{
    char *text_a = document_with(clause_a), *text_b = document_with(clause_b);
    pliego_error err = {0};
    *a = pliego_review_document_load_memory(text_a, strlen(text_a), "a.xml", &err);
    *b = pliego_review_document_load_memory(text_b, strlen(text_b), "b.xml", &err);
    g_free(text_a);
    g_free(text_b);
    assert_non_null(*a);
    assert_non_null(*b);
    pliego_review_diff *diff = pliego_review_diff_new(*a, *b, &err);
    assert_non_null(diff);
    return diff;
}

static void expect_change(const char *clause_a, const char *clause_b, review_status status,
                          review_content content)
{
    pliego_review_document *a, *b;
    pliego_review_diff *diff = diff_of(clause_a, clause_b, &a, &b);
    const review_entry *e = diff->entries->pdata[0];
    assert_int_equal(e->status, status);
    assert_int_equal(e->content, content);
    assert_int_equal(pliego_review_diff_same(diff), status == REVIEW_SAME);
    pliego_review_diff_free(diff);
    pliego_review_document_free(a);
    pliego_review_document_free(b);
}

#define CLAUSE(attributes, body) \
    "<clause id=\"c\" version=\"1\" lang=\"en\" fallback=\"false\" sha256=\"s\"" attributes \
    "><title>T</title>" body "</clause>"

static void test_change_kinds(void **state)
{
    expect_change(CLAUSE("", "<p>a b c</p>"), CLAUSE("", "<p>a b c</p>"), REVIEW_SAME,
                  REVIEW_CONTENT_SAME);
    /* indentation between blocks is not whitespace in the text */
    expect_change(CLAUSE("", "<p>a b c</p>"), CLAUSE("", "\n   <p>a b c</p>\n"),
                  REVIEW_SAME, REVIEW_CONTENT_SAME);
    expect_change(CLAUSE("", "<table><row><cell>a</cell><cell>b <em>c</em></cell></row></table>"),
                  CLAUSE("", "<table>\n <row>\n  <cell>a</cell>\n  <cell>b <em>c</em></cell>\n "
                             "</row>\n</table>"),
                  REVIEW_SAME, REVIEW_CONTENT_SAME);
    expect_change(CLAUSE("", "<p>a b c</p>"), CLAUSE("", "<p>a  b\nc</p>"), REVIEW_CHANGED,
                  REVIEW_CONTENT_WHITESPACE);
    expect_change(CLAUSE("", "<p>a b c</p>"), CLAUSE("", "<p>a <strong>b</strong> c</p>"),
                  REVIEW_CHANGED, REVIEW_CONTENT_MARKUP);
    expect_change(CLAUSE("", "<p>a b c</p>"), CLAUSE("", "<p>a b d</p>"), REVIEW_CHANGED,
                  REVIEW_CONTENT_TEXT);
    expect_change(CLAUSE("", "<p>a b c</p>"),
                  "<clause id=\"c\" version=\"2\" lang=\"en\" fallback=\"false\" "
                  "sha256=\"t\"><title>T</title><p>a b c</p></clause>",
                  REVIEW_VERSION_CHANGED, REVIEW_CONTENT_SAME);
    expect_change(CLAUSE("", "<p>a b c</p>"),
                  "<clause id=\"c\" version=\"1\" lang=\"fr\" fallback=\"true\" "
                  "sha256=\"s\"><title>T</title><p>a b c</p></clause>",
                  REVIEW_LANGUAGE_CHANGED, REVIEW_CONTENT_SAME);
}

static void test_moved_added_removed(void **state)
{
    pliego_review_document *a, *b;
    pliego_review_diff *diff = diff_of(
        "<clause id=\"x\"><title>X</title></clause><clause id=\"y\"><title>Y</title></clause>"
        "<clause id=\"z\"><title>Z</title></clause><clause id=\"gone\"><title>G</title></clause>",
        "<clause id=\"z\"><title>Z</title></clause><clause id=\"x\"><title>X</title></clause>"
        "<clause id=\"y\"><title>Y</title></clause><clause id=\"new\"><title>N</title></clause>",
        &a, &b);
    assert_int_equal(diff->counts[REVIEW_MOVED], 1);
    assert_int_equal(diff->counts[REVIEW_SAME], 2);
    assert_int_equal(diff->counts[REVIEW_ADDED], 1);
    assert_int_equal(diff->counts[REVIEW_REMOVED], 1);
    assert_string_equal(((review_entry *)diff->entries->pdata[0])->b->id, "z");
    assert_int_equal(((review_entry *)diff->entries->pdata[0])->status, REVIEW_MOVED);
    pliego_review_diff_free(diff);
    pliego_review_document_free(a);
    pliego_review_document_free(b);
}

/* A repeated id pairs in order, so a document is still the same as itself
   (found by fuzz-review). */
static void test_repeated_ids(void **state)
{
    const char *clauses = "<clause id=\"x\"><title>X</title><p>one</p></clause>"
                          "<clause id=\"y\"><title>Y</title></clause>"
                          "<clause id=\"x\"><title>X</title><p>two</p></clause>";
    pliego_review_document *a, *b;
    pliego_review_diff *diff = diff_of(clauses, clauses, &a, &b);
    assert_true(pliego_review_diff_same(diff));
    assert_int_equal(diff->counts[REVIEW_SAME], 3);
    pliego_review_diff_free(diff);
    pliego_review_document_free(a);
    pliego_review_document_free(b);
}

static void test_bad_documents(void **state)
{
    pliego_error err = {0};
    const char *broken = "<document xmlns=\"urn:pliego:document\">\n<body>\n<clause id=\"a\">";
    assert_null(pliego_review_document_load_memory(broken, strlen(broken), "broken.xml", &err));
    assert_int_equal(err.code, PLIEGO_ERROR_XML);
    assert_string_equal(err.file, "broken.xml");
    assert_true(err.line >= 3);
    const char *other = "<html/>";
    assert_null(pliego_review_document_load_memory(other, strlen(other), "other.xml", &err));
    assert_non_null(strstr(err.message, "not a pliego document"));
    GString *many = g_string_new("<document xmlns=\"urn:pliego:document\"><body>");
    for (int i = 0; i <= PLIEGO_REVIEW_MAX_CLAUSES; i++)
        g_string_append_printf(many, "<clause id=\"c%d\"/>", i);
    g_string_append(many, "</body></document>");
    assert_null(pliego_review_document_load_memory(many->str, many->len, "many.xml", &err));
    assert_int_equal(err.code, PLIEGO_ERROR_LIMIT);
    g_string_free(many, TRUE);
}

/* ---- the shipped matrix ---- */

static void check_pair(const pliego_review_document *a, const pliego_review_document *b)
{
    pliego_error err = {0};
    pliego_review_diff *diff = pliego_review_diff_new(a, b, &err);
    assert_non_null(diff);
    for (guint i = 0; i < diff->entries->len; i++) {
        const review_entry *e = diff->entries->pdata[i];
        if (e->content != REVIEW_CONTENT_TEXT)
            continue;
        char *applied = review_apply_runs(e->a->text, e->a_tokens, e->b->text, e->b_tokens,
                                          e->runs);
        char *expected = review_join_tokens(e->b->text, e->b_tokens);
        assert_non_null(applied);
        assert_string_equal(applied, expected);
        g_free(applied);
        g_free(expected);
    }
    /* the report can be written and read as one string */
    size_t length = 0;
    char *json = pliego_review_diff_json(diff, &length);
    assert_int_equal(strlen(json), length);
    free(json);
    pliego_review_diff_free(diff);
}

/* The countries of the matrix the normal suite checks: one or two of each
   kind of difference the shipped catalogue has (languages, channels,
   support hours, notice periods, terms), so the sanitizer build stays
   quick. PLIEGO_REVIEW_FULL_MATRIX=1 (bench/review.sh) takes every
   country. */
static const char *const subset[] = {"US", "PR", "IN", "JP", "FR", "IT", NULL};

static bool in_subset(const char *code)
{
    if (g_getenv("PLIEGO_REVIEW_FULL_MATRIX"))
        return true;
    for (const char *const *p = subset; *p; p++)
        if (strcmp(*p, code) == 0)
            return true;
    return false;
}

static void test_matrix_properties(void **state)
{
    const char *root = g_getenv("PLIEGO_SOURCE_ROOT");
    assert_non_null(root);
    pliego_error err = {0};
    catalog *cat = cli_catalog_load(root, &err);
    assert_non_null(cat);
    catalog_customer_set *sample = cli_sample_load(NULL, 0, &err);
    assert_non_null(sample);
    GArray *variants = g_array_new(FALSE, TRUE, sizeof(cli_variant));
    static const char *const channels[] = {"direct", "reseller"};
    for (size_t r = 0; r < cat->regions.count; r++) {
        const catalog_region *region = cat->regions.items[r];
        for (size_t c = 0; c < region->countries.count; c++) {
            const catalog_country *country = region->countries.items[c];
            if (!in_subset(country->code))
                continue;
            for (const char **lang = country->languages; *lang; lang++)
                for (int k = 0; k < 2; k++) {
                    cli_variant v = {g_strdup_printf("%s-%s-%s", country->code, channels[k],
                                                     *lang),
                                     g_strdup(country->code), g_strdup(channels[k]),
                                     g_strdup(*lang)};
                    g_array_append_val(variants, v);
                }
        }
    }
    char *csv = cli_variants_csv(catalog_customer_set_get(sample, 0),
                                 (cli_variant *)(void *)variants->data, (int)variants->len);
    catalog_customer_set *set =
        catalog_customer_set_load_memory(csv, strlen(csv), "matrix.csv", true, &err);
    assert_non_null(set);
    guint32 on = 0;
    assert_true(catalog_parse_date("2026-11-25", &on));
    GPtrArray *groups = g_ptr_array_new_with_free_func((GDestroyNotify)pliego_review_document_free);
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < variants->len; i++) {
        const cli_variant *v = &g_array_index(variants, cli_variant, i);
        assemble_request request = {.customer_path = "matrix.csv",
                                    .kind = CATALOG_DOC_SERVICE_DESCRIPTION,
                                    .lang = v->lang, .on = on};
        assemble_job *job = assemble_job_new_for(cat, set, i, &request, &err);
        assert_non_null(job);
        xmlDocPtr xml = assemble_job_build(job, &err);
        assemble_job_free(job);
        assert_non_null(xml);
        pliego_review_document *doc = review_document_from_xml(xml, v->id, &err);
        xmlFreeDoc(xml);
        assert_non_null(doc);
        const char *signature = pliego_review_document_signature(doc);
        if (g_hash_table_contains(seen, signature)) {
            pliego_review_document_free(doc);
            continue;
        }
        g_hash_table_add(seen, g_strdup(signature));
        g_ptr_array_add(groups, doc);
    }
    assert_true(groups->len > 1);
    for (guint i = 0; i < groups->len; i++) {
        /* diff(A, A) reports nothing */
        pliego_review_diff *self = pliego_review_diff_new(groups->pdata[i], groups->pdata[i], &err);
        assert_true(pliego_review_diff_same(self));
        pliego_review_diff_free(self);
        for (guint j = 0; j < groups->len; j++)
            if (i != j)
                check_pair(groups->pdata[i], groups->pdata[j]);
    }
    print_message("%u variants, %u groups, %u pairs checked\n", variants->len, groups->len,
                  groups->len * (groups->len - 1));
    g_hash_table_destroy(seen);
    g_ptr_array_free(groups, TRUE);
    for (guint i = 0; i < variants->len; i++)
        cli_variant_clear(&g_array_index(variants, cli_variant, i));
    g_array_unref(variants);
    g_free(csv);
    catalog_customer_set_free(set);
    catalog_customer_set_free(sample);
    catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_word_diff_random),
        cmocka_unit_test(test_apply_refuses_wrong_runs),
        cmocka_unit_test(test_change_kinds),
        cmocka_unit_test(test_moved_added_removed),
        cmocka_unit_test(test_repeated_ids),
        cmocka_unit_test(test_bad_documents),
        cmocka_unit_test(test_matrix_properties),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
