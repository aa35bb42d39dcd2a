/* Line breaking: a paragraph's boxes, glue and penalties in, lines out.
 *
 * Total fit (Knuth and Plass, "Breaking paragraphs into lines", 1981):
 * every legal break is a candidate; for each, the best way to reach it
 * from an earlier break that is still "active" (the line between them can
 * be set with its glue stretched or shrunk within the tolerance) is kept,
 * one per fitness class (tight, decent, loose, very loose), and the
 * paragraph's lines are those of the best way to reach its end. A line's
 * demerits grow with the cube of how far its spaces stretch, with the
 * penalty of its break, with a hyphen after a hyphen, and with a very
 * loose line beside a tight one. Nothing here knows about Pango: the
 * caller measures (inline_lines.c).
 */
#include "layout/linebreak.h"

#include <math.h>

/* Demerits, as TeX's plain format sets them. */
#define LINE_PENALTY 10.0          /* per line: fewer lines are better */
#define DOUBLE_HYPHEN_DEMERITS 10000.0 /* two hyphenated lines in a row */
#define FINAL_HYPHEN_DEMERITS 5000.0   /* the line before the last hyphenated */
#define ADJACENT_DEMERITS 10000.0  /* fitness classes more than one apart */
/* An overfull line, set only when nothing fits: worse than any other. */
#define OVERFULL_DEMERITS 1e12
/* The ratio of a line that cannot stretch (or shrink) and must. */
#define NO_STRETCH 1e9

typedef struct breaknode {
    int item;                   /* the break; -1 for the paragraph's start */
    int line;                   /* lines before the break, this one included */
    int fitness;                /* 0 tight .. 3 very loose */
    int hyphens;                /* hyphenated lines in a row ending here */
    double width, stretch, shrink; /* totals up to the next line's start */
    double demerits;            /* of the best way here */
    double ratio;               /* of the line ending here */
    bool overfull;
    struct breaknode *previous;
} breaknode;

typedef struct {
    const linebreak_item *items;
    int count;
    const linebreak_params *params;
    GPtrArray *nodes;           /* every node made, owned */
    GPtrArray *active;          /* breaknode*, borrowed from nodes */
    double width, stretch, shrink; /* totals before the item being looked at */
    long work;
    double tolerance;           /* largest ratio of a feasible line */
    bool rescue;                /* whether an overfull line may be set */
    bool hyphenate;             /* whether hyphenation points are break points */
} breaker;

static bool is_forced(const linebreak_item *item)
{
    return item->kind == LINEBREAK_PENALTY && item->penalty <= -LINEBREAK_INFINITY;
}

static double line_width(const linebreak_params *params, int line)
{
    double width = line == 0 ? params->first_width : params->width;
    return line < params->narrow_lines ? width - params->narrow_by : width;
}

/* Totals from the start up to where the line after a break at b starts:
 * the glue and penalties after the break are dropped with it. */
static void totals_after(const breaker *k, int b, double *width, double *stretch,
                         double *shrink)
{
    *width = k->width;
    *stretch = k->stretch;
    *shrink = k->shrink;
    for (int i = b; i < k->count; i++) {
        const linebreak_item *item = &k->items[i];
        if (item->kind == LINEBREAK_BOX || (i > b && is_forced(item)))
            break;
        if (item->kind == LINEBREAK_GLUE) {
            *width += item->width;
            *stretch += item->stretch;
            *shrink += item->shrink;
        }
    }
}

/* How far the glue of a line from a to break b must stretch (> 0) or
 * shrink (< 0) for it to fill its width; NO_STRETCH when it cannot
 * stretch, -NO_STRETCH when it cannot shrink. */
static double adjustment(const breaker *k, const breaknode *a, int b)
{
    const linebreak_item *item = &k->items[b];
    double natural = k->width - a->width;
    if (item->kind == LINEBREAK_PENALTY)
        natural += item->width;
    double target = line_width(k->params, a->line);
    double stretch = k->params->ragged ? k->params->ragged_stretch
                                       : k->stretch - a->stretch;
    double shrink = k->params->ragged ? 0 : k->shrink - a->shrink;
    if (natural < target - LAYOUT_EPSILON) {
        /* a forced break's line is set short, as a last line is */
        if (is_forced(item))
            return 0;
        return stretch > 0 ? (target - natural) / stretch : NO_STRETCH;
    }
    if (natural > target + LAYOUT_EPSILON)
        return shrink > 0 ? (target - natural) / shrink : -NO_STRETCH;
    return 0;
}

static int fitness_class(double ratio)
{
    if (ratio < -0.5)
        return 0;
    if (ratio <= 0.5)
        return 1;
    if (ratio <= 1)
        return 2;
    return 3;
}

static double demerits_of(const breaker *k, const breaknode *a, int b,
                          double ratio, int fitness)
{
    const linebreak_item *item = &k->items[b];
    double badness = 100 * pow(fabs(ratio), 3);
    if (badness > LINEBREAK_INFINITY)
        badness = LINEBREAK_INFINITY;
    double d = (LINE_PENALTY + badness) * (LINE_PENALTY + badness);
    if (item->kind == LINEBREAK_PENALTY) {
        if (item->penalty >= 0)
            d += item->penalty * item->penalty;
        else if (item->penalty > -LINEBREAK_INFINITY)
            d -= item->penalty * item->penalty;
    }
    bool flagged = item->kind == LINEBREAK_PENALTY && item->flagged;
    if (flagged && a->hyphens > 0)
        d += DOUBLE_HYPHEN_DEMERITS;
    if (a->hyphens > 0 && b == k->count - 1)
        d += FINAL_HYPHEN_DEMERITS;
    if (a->item >= 0 && abs(fitness - a->fitness) > 1)
        d += ADJACENT_DEMERITS;
    return d;
}

static breaknode *node_new(breaker *k, const breaknode *from, int b, double ratio,
                           double demerits, int fitness)
{
    breaknode *n = g_new0(breaknode, 1);
    n->item = b;
    n->line = from ? from->line + 1 : 0;
    n->fitness = fitness;
    const linebreak_item *item = b >= 0 ? &k->items[b] : NULL;
    n->hyphens = item && item->kind == LINEBREAK_PENALTY && item->flagged
                     ? from->hyphens + 1 : 0;
    n->demerits = demerits;
    n->ratio = ratio;
    n->previous = (breaknode *)from;
    if (b >= 0)
        totals_after(k, b, &n->width, &n->stretch, &n->shrink);
    g_ptr_array_add(k->nodes, n);
    return n;
}

/* Looks at break b from every active node: drops the nodes too far back
 * to reach it, and adds the best ways to reach it, one per fitness
 * class. When every node is dropped and none reaches b, the dropped node
 * furthest on breaks at b all the same (an overfull line) when rescue is
 * allowed; returns false when it is not. */
static bool try_break(breaker *k, int b)
{
    const linebreak_params *params = k->params;
    breaknode *best[4] = {NULL, NULL, NULL, NULL};
    double best_demerits[4], best_ratio[4];
    breaknode *dropped = NULL;
    bool forced = is_forced(&k->items[b]);
    for (guint i = 0; i < k->active->len;) {
        breaknode *a = g_ptr_array_index(k->active, i);
        k->work++;
        double ratio = adjustment(k, a, b);
        bool feasible = ratio >= -1 && ratio <= k->tolerance;
        const linebreak_item *item = &k->items[b];
        if (feasible && params->ladder > 0 && item->kind == LINEBREAK_PENALTY &&
            item->flagged && a->hyphens >= params->ladder)
            feasible = false;
        if (feasible) {
            int fitness = fitness_class(ratio);
            double d = a->demerits + demerits_of(k, a, b, ratio, fitness);
            if (!best[fitness] || d < best_demerits[fitness]) {
                best[fitness] = a;
                best_demerits[fitness] = d;
                best_ratio[fitness] = ratio;
            }
        }
        if (ratio < -1 || forced) {
            /* the rescue starts from the break furthest on, the least
               bad of those */
            if (!dropped || a->item > dropped->item ||
                (a->item == dropped->item && a->demerits < dropped->demerits))
                dropped = a;
            g_ptr_array_remove_index(k->active, i);
        } else {
            i++;
        }
    }
    bool added = false;
    for (int c = 0; c < 4; c++) {
        if (!best[c])
            continue;
        g_ptr_array_add(k->active,
                        node_new(k, best[c], b, best_ratio[c], best_demerits[c], c));
        added = true;
    }
    if (added || k->active->len)
        return true;
    if (!k->rescue || !dropped)
        return false;
    double ratio = adjustment(k, dropped, b);
    breaknode *n = node_new(k, dropped, b, fmax(-1, fmin(ratio, params->tolerance)),
                            dropped->demerits + OVERFULL_DEMERITS, 1);
    n->overfull = ratio < -1;
    g_ptr_array_add(k->active, n);
    return true;
}

/* The lines of the best node at the end, first to last. */
static GArray *lines_of(const breaknode *end)
{
    GArray *lines = g_array_new(FALSE, FALSE, sizeof(linebreak_line));
    for (const breaknode *n = end; n && n->previous; n = n->previous) {
        linebreak_line line = {n->previous->item + 1, n->item, n->ratio,
                               false, n->overfull};
        g_array_prepend_val(lines, line);
    }
    return lines;
}

static void mark_hyphens(GArray *lines, const linebreak_item *items)
{
    for (guint i = 0; i < lines->len; i++) {
        linebreak_line *line = &g_array_index(lines, linebreak_line, i);
        const linebreak_item *end = &items[line->last];
        line->hyphenated = end->kind == LINEBREAK_PENALTY && end->flagged;
    }
}

/* One run of the algorithm; NULL when rescue is off and some break point
 * cannot be reached, or when the work passes the budget. */
static GArray *run(const linebreak_item *items, int count,
                   const linebreak_params *params, bool hyphenate, bool rescue,
                   bool *over_budget)
{
    /* with rescue, any line that is not overfull is feasible, however
       loose: a word alone on a justified line, a short ragged line */
    breaker k = {items, count, params, g_ptr_array_new_with_free_func(g_free),
                 g_ptr_array_new(), 0, 0, 0, 0,
                 rescue ? HUGE_VAL : params->tolerance, rescue, hyphenate};
    g_ptr_array_add(k.active, node_new(&k, NULL, -1, 0, 0, 1));
    bool reached = true;
    for (int b = 0; b < count && reached; b++) {
        const linebreak_item *item = &items[b];
        if (item->kind == LINEBREAK_BOX) {
            k.width += item->width;
            continue;
        }
        bool legal = item->kind == LINEBREAK_GLUE
                         ? b > 0 && items[b - 1].kind == LINEBREAK_BOX
                         : item->penalty < LINEBREAK_INFINITY &&
                               (k.hyphenate || !item->hyphenation);
        if (legal)
            reached = try_break(&k, b);
        if (item->kind == LINEBREAK_GLUE) {
            k.width += item->width;
            k.stretch += item->stretch;
            k.shrink += item->shrink;
        }
        if (k.work > params->budget) {
            *over_budget = true;
            reached = false;
        }
    }
    GArray *lines = NULL;
    if (reached && k.active->len) {
        breaknode *best = NULL;
        for (guint i = 0; i < k.active->len; i++) {
            breaknode *n = g_ptr_array_index(k.active, i);
            if (n->item == count - 1 && (!best || n->demerits < best->demerits))
                best = n;
        }
        if (best)
            lines = lines_of(best);
    }
    g_ptr_array_free(k.active, TRUE);
    g_ptr_array_free(k.nodes, TRUE);
    if (lines)
        mark_hyphens(lines, items);
    return lines;
}

GArray *linebreak_total_fit(const linebreak_item *items, int count,
                            const linebreak_params *params, bool *fell_back)
{
    *fell_back = false;
    bool over_budget = false;
    bool hyphens = false;
    for (int i = 0; i < count && !hyphens; i++)
        hyphens = items[i].kind == LINEBREAK_PENALTY && items[i].hyphenation;
    /* first without hyphenation and without overfull lines, then with
       hyphenation, then allowing overfull lines where nothing fits */
    GArray *lines = NULL;
    if (hyphens)
        lines = run(items, count, params, false, false, &over_budget);
    if (!lines && !over_budget)
        lines = run(items, count, params, true, false, &over_budget);
    if (!lines && !over_budget)
        lines = run(items, count, params, true, true, &over_budget);
    if (lines)
        return lines;
    *fell_back = true;
    return linebreak_first_fit(items, count, params);
}

GArray *linebreak_first_fit(const linebreak_item *items, int count,
                            const linebreak_params *params)
{
    GArray *lines = g_array_new(FALSE, FALSE, sizeof(linebreak_line));
    int first = 0;
    while (first < count) {
        /* skip what a break drops */
        while (first < count && items[first].kind != LINEBREAK_BOX &&
               !is_forced(&items[first]))
            first++;
        if (first >= count)
            break;
        double target = line_width(params, (int)lines->len);
        double width = 0, shrink = 0;
        int last_fit = -1, b;
        for (b = first; b < count; b++) {
            const linebreak_item *item = &items[b];
            bool legal = item->kind == LINEBREAK_GLUE
                             ? b > first && items[b - 1].kind == LINEBREAK_BOX
                         : item->kind == LINEBREAK_PENALTY
                             ? item->penalty < LINEBREAK_INFINITY : false;
            if (legal) {
                double extra = item->kind == LINEBREAK_PENALTY ? item->width : 0;
                double squeeze = params->ragged ? 0 : shrink;
                if (width + extra - squeeze <= target + LAYOUT_EPSILON || last_fit < 0)
                    last_fit = b;
                if (width + extra - squeeze > target + LAYOUT_EPSILON || is_forced(item))
                    break;
            }
            if (item->kind != LINEBREAK_PENALTY) {
                width += item->width;
                shrink += item->shrink;
            }
        }
        if (last_fit < 0)
            last_fit = count - 1;
        linebreak_line line = {first, last_fit, 0, false, false};
        g_array_append_val(lines, line);
        first = last_fit + 1;
        if (is_forced(&items[last_fit]) && last_fit == count - 1)
            break;
    }
    mark_hyphens(lines, items);
    return lines;
}
