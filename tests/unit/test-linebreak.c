/* Unit tests of src/layout/linebreak.c: total fit against first fit on
 * paragraphs built by hand (boxes of known widths, glue, penalties), the
 * limit on hyphenated lines in a row, overfull lines where nothing fits,
 * forced breaks, ragged lines, and the fall back to first fit when the
 * work passes its budget.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "layout/linebreak.h"

/* A paragraph written as words with widths: "5 4 -3 6" is a box of 5, a
 * space, a box of 4, a hyphenation point (width 1), a box of 3, a space,
 * a box of 6. Spaces are 1 wide, stretch 1 and shrink 0.5. */
static GArray *paragraph(const char *spec)
{
    GArray *items = g_array_new(FALSE, TRUE, sizeof(linebreak_item));
    char **words = g_strsplit(spec, " ", -1);
    int position = 0;
    for (int i = 0; words[i]; i++) {
        if (i > 0) {
            linebreak_item glue = {.kind = LINEBREAK_GLUE, .start = position,
                                   .end = position + 1, .width = 1,
                                   .stretch = 1, .shrink = 0.5};
            g_array_append_val(items, glue);
            position++;
        }
        char **parts = g_strsplit(words[i], "-", -1);
        for (int j = 0; parts[j]; j++) {
            if (!parts[j][0])
                continue;
            if (j > 0) {
                linebreak_item hyphen = {.kind = LINEBREAK_PENALTY, .flagged = true,
                                         .hyphenation = true, .start = position,
                                         .end = position, .width = 1,
                                         .penalty = 50};
                g_array_append_val(items, hyphen);
            }
            if (strcmp(parts[j], "/") == 0) {
                linebreak_item forced = {.kind = LINEBREAK_PENALTY, .start = position,
                                         .end = position,
                                         .penalty = -LINEBREAK_INFINITY};
                g_array_append_val(items, forced);
                continue;
            }
            double width = g_ascii_strtod(parts[j], NULL);
            linebreak_item box = {.kind = LINEBREAK_BOX, .start = position,
                                  .end = position + 1, .width = width};
            g_array_append_val(items, box);
            position++;
        }
        g_strfreev(parts);
    }
    g_strfreev(words);
    linebreak_item end = {.kind = LINEBREAK_PENALTY, .start = position,
                          .end = position, .penalty = -LINEBREAK_INFINITY};
    g_array_append_val(items, end);
    return items;
}

static linebreak_params params_for(double width)
{
    linebreak_params params = {0};
    params.width = width;
    params.first_width = width;
    params.tolerance = 1;
    params.budget = 1000000;
    return params;
}

/* natural width of a line (its boxes and inner glue, plus a hyphen) */
static double natural(const GArray *items, const linebreak_line *line)
{
    const linebreak_item *it = (const linebreak_item *)items->data;
    double width = 0;
    int first = line->first;
    while (first < line->last && it[first].kind != LINEBREAK_BOX)
        first++;
    for (int i = first; i < line->last; i++)
        if (it[i].kind != LINEBREAK_PENALTY)
            width += it[i].width;
    if (it[line->last].kind == LINEBREAK_PENALTY && it[line->last].flagged)
        width += it[line->last].width;
    return width;
}

/* A line's ratio: how far its glue stretches (> 0) or shrinks (< 0). */
static double ratio_of(const GArray *items, const linebreak_line *line, double width)
{
    const linebreak_item *it = (const linebreak_item *)items->data;
    double stretch = 0, shrink = 0;
    for (int j = line->first + 1; j < line->last; j++)
        if (it[j].kind == LINEBREAK_GLUE) {
            stretch += it[j].stretch;
            shrink += it[j].shrink;
        }
    double room = width - natural(items, line);
    if (room >= 0)
        return stretch > 0 ? room / stretch : (room > 0 ? 1e9 : 0);
    return shrink > 0 ? room / shrink : -1e9;
}

static int fitness(double r)
{
    return r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
}

/* The demerits of lines as Knuth and Plass count them (no hyphens here);
 * -1 when a line other than the last does not fit within ratio 1. */
static double demerits(const GArray *items, const GArray *lines, double width)
{
    double total = 0;
    int previous = 1;
    for (guint i = 0; i < lines->len; i++) {
        bool last = i + 1 == lines->len;
        double r = ratio_of(items, &g_array_index(lines, linebreak_line, i), width);
        if (last && r > 0)
            r = 0;
        if (r < -1 || r > 1)
            return -1;
        double badness = 100 * fabs(r * r * r);
        total += (10 + badness) * (10 + badness);
        if (i > 0 && abs(fitness(r) - previous) > 1)
            total += 10000;
        previous = fitness(r);
    }
    return total;
}

/* On 200 paragraphs of words of random widths, total fit never does worse
 * than first fit by its own measure, does better on some, and keeps every
 * line within its stretch and shrink. */
static void total_fit_beats_first_fit(void **state)
{
    (void)state;
    GRand *rand = g_rand_new_with_seed(17);
    int better = 0;
    for (int round = 0; round < 200; round++) {
        GString *spec = g_string_new(NULL);
        for (int i = 0; i < 40; i++)
            g_string_append_printf(spec, "%s%d", i ? " " : "", g_rand_int_range(rand, 2, 9));
        GArray *items = paragraph(spec->str);
        g_string_free(spec, TRUE);
        linebreak_params params = params_for(30);
        bool fell_back = true;
        GArray *best = linebreak_total_fit((const linebreak_item *)items->data,
                                           (int)items->len, &params, &fell_back);
        GArray *greedy = linebreak_first_fit((const linebreak_item *)items->data,
                                             (int)items->len, &params);
        assert_false(fell_back);
        double d_best = demerits(items, best, 30), d_greedy = demerits(items, greedy, 30);
        /* where first fit finds lines within their stretch, so does
           total fit */
        if (d_greedy >= 0) {
            assert_true(d_best >= 0);
            assert_true(d_best <= d_greedy + 1e-6);
            better += d_best < d_greedy - 1e-6;
        } else {
            better++;
        }
        g_array_free(best, TRUE);
        g_array_free(greedy, TRUE);
        g_array_free(items, TRUE);
    }
    g_rand_free(rand);
    assert_true(better > 0);
}

/* Spaces shrink: a line a little too long is set by narrowing its spaces,
 * where first fit without shrink would push the last word down. */
static void spaces_shrink(void **state)
{
    (void)state;
    GArray *items = paragraph("5 5 5 5");  /* 23 wide, 3 spaces shrink 1.5 */
    linebreak_params params = params_for(22);
    bool fell_back = true;
    GArray *lines = linebreak_total_fit((const linebreak_item *)items->data,
                                        (int)items->len, &params, &fell_back);
    assert_int_equal(lines->len, 1);
    g_array_free(lines, TRUE);
    g_array_free(items, TRUE);
}

static int count_runs_of_hyphens(const GArray *lines)
{
    int run = 0, longest = 0;
    for (guint i = 0; i < lines->len; i++) {
        run = g_array_index(lines, linebreak_line, i).hyphenated ? run + 1 : 0;
        longest = MAX(longest, run);
    }
    return longest;
}

/* Words that only fit hyphenated: with hyphenation-ladder-count 1 no two
 * hyphenated lines follow each other. */
static void ladder_limits_hyphens_in_a_row(void **state)
{
    (void)state;
    const char *text = "3-3-3-3 3-3-3-3 3-3-3-3 3-3-3-3 3-3-3-3 3-3-3-3";
    GArray *items = paragraph(text);
    linebreak_params params = params_for(17);
    bool fell_back = true;
    GArray *free_lines = linebreak_total_fit((const linebreak_item *)items->data,
                                             (int)items->len, &params, &fell_back);
    params.ladder = 1;
    GArray *limited = linebreak_total_fit((const linebreak_item *)items->data,
                                          (int)items->len, &params, &fell_back);
    assert_true(count_runs_of_hyphens(free_lines) >= 1);
    assert_int_equal(count_runs_of_hyphens(limited), 1);
    g_array_free(free_lines, TRUE);
    g_array_free(limited, TRUE);
    g_array_free(items, TRUE);
}

/* As FOP: hyphenation points are used only when the paragraph cannot be
 * set within its spaces' stretch and shrink without them. */
static void hyphens_only_when_needed(void **state)
{
    (void)state;
    /* 24 wide: "5 5 5 5" (23) fits unhyphenated on each line */
    GArray *items = paragraph("5 5 5 2-3 5 5 5 5 5");
    linebreak_params params = params_for(23);
    bool fell_back = true;
    GArray *lines = linebreak_total_fit((const linebreak_item *)items->data,
                                        (int)items->len, &params, &fell_back);
    assert_int_equal(count_runs_of_hyphens(lines), 0);
    g_array_free(lines, TRUE);
    g_array_free(items, TRUE);
    /* 17 wide: a word alone cannot stretch, two do not fit; "5-5 5-" fits
       exactly */
    items = paragraph("5-5 5-5 5-5");
    params = params_for(17);
    lines = linebreak_total_fit((const linebreak_item *)items->data,
                                (int)items->len, &params, &fell_back);
    assert_true(count_runs_of_hyphens(lines) >= 1);
    for (guint i = 0; i < lines->len; i++)
        assert_false(g_array_index(lines, linebreak_line, i).overfull);
    g_array_free(lines, TRUE);
    g_array_free(items, TRUE);
}

/* A word wider than the line is set alone, overfull, and the rest goes
 * on normally. */
static void overfull_word_alone(void **state)
{
    (void)state;
    GArray *items = paragraph("4 40 4 4");
    linebreak_params params = params_for(12);
    bool fell_back = true;
    GArray *lines = linebreak_total_fit((const linebreak_item *)items->data,
                                        (int)items->len, &params, &fell_back);
    assert_false(fell_back);
    int overfull = 0;
    for (guint i = 0; i < lines->len; i++) {
        const linebreak_line *line = &g_array_index(lines, linebreak_line, i);
        if (line->overfull) {
            overfull++;
            assert_true(natural(items, line) == 40);
        }
    }
    assert_int_equal(overfull, 1);
    g_array_free(lines, TRUE);
    g_array_free(items, TRUE);
}

/* A forced break ends a line however short it is. */
static void forced_break(void **state)
{
    (void)state;
    GArray *items = paragraph("4 / 4 4");
    linebreak_params params = params_for(100);
    bool fell_back = true;
    GArray *lines = linebreak_total_fit((const linebreak_item *)items->data,
                                        (int)items->len, &params, &fell_back);
    assert_int_equal(lines->len, 2);
    assert_false(g_array_index(lines, linebreak_line, 0).hyphenated);
    g_array_free(lines, TRUE);
    g_array_free(items, TRUE);
}

/* Ragged lines never shrink their spaces: each line's natural width fits. */
static void ragged_lines_fit_unshrunk(void **state)
{
    (void)state;
    GArray *items = paragraph("5 5 5 5 5 5 5 5 5 5 5 5");
    linebreak_params params = params_for(22);
    params.ragged = true;
    params.ragged_stretch = 30;
    bool fell_back = true;
    GArray *lines = linebreak_total_fit((const linebreak_item *)items->data,
                                        (int)items->len, &params, &fell_back);
    for (guint i = 0; i < lines->len; i++)
        assert_true(natural(items, &g_array_index(lines, linebreak_line, i)) <= 22);
    assert_int_equal(lines->len, 4);
    g_array_free(lines, TRUE);
    g_array_free(items, TRUE);
}

/* Past its budget the paragraph is broken first fit, every item on some
 * line, and the caller is told. */
static void budget_falls_back_to_first_fit(void **state)
{
    (void)state;
    GString *spec = g_string_new("3");
    for (int i = 0; i < 5000; i++)
        g_string_append(spec, " 3");
    GArray *items = paragraph(spec->str);
    g_string_free(spec, TRUE);
    linebreak_params params = params_for(400);
    params.budget = 10000;
    bool fell_back = false;
    GArray *lines = linebreak_total_fit((const linebreak_item *)items->data,
                                        (int)items->len, &params, &fell_back);
    assert_true(fell_back);
    const linebreak_line *last = &g_array_index(lines, linebreak_line, lines->len - 1);
    assert_int_equal(last->last, (int)items->len - 1);
    for (guint i = 0; i + 1 < lines->len; i++)
        assert_true(ratio_of(items, &g_array_index(lines, linebreak_line, i), 400) >= -1);
    g_array_free(lines, TRUE);
    g_array_free(items, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(total_fit_beats_first_fit),
        cmocka_unit_test(spaces_shrink),
        cmocka_unit_test(ladder_limits_hyphens_in_a_row),
        cmocka_unit_test(hyphens_only_when_needed),
        cmocka_unit_test(overfull_word_alone),
        cmocka_unit_test(forced_break),
        cmocka_unit_test(ragged_lines_fit_unshrunk),
        cmocka_unit_test(budget_falls_back_to_first_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
