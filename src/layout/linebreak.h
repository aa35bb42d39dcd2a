/* Paragraph line breaking (linebreak.c): Knuth and Plass's total-fit
 * algorithm over the items of a paragraph, and the lines it chose set as
 * Pango lines. */
#ifndef PLIEGO_LINEBREAK_H
#define PLIEGO_LINEBREAK_H

#include "layout/layout.h"

/* A penalty this high forbids a break; this low forces one. */
#define LINEBREAK_INFINITY 10000.0

typedef enum {
    LINEBREAK_BOX,      /* text that is never broken inside */
    LINEBREAK_GLUE,     /* a space: may stretch and shrink, a break point
                           when a box comes before it */
    LINEBREAK_PENALTY   /* a break point inside text: a hyphenation point,
                           a break after "/" or "-", a forced break */
} linebreak_kind;

typedef struct {
    uint8_t kind;           /* linebreak_kind */
    bool flagged;           /* PENALTY: the line ends inside a word */
    bool hyphenation;       /* PENALTY: a hyphenation point, taken only when
                               the paragraph cannot be set without */
    int start;              /* byte where the item starts in the text */
    int end;                /* byte where it ends */
    double width;           /* PENALTY: width added when broken here */
    double stretch, shrink; /* GLUE */
    double penalty;         /* PENALTY */
} linebreak_item;

typedef struct {
    double width;           /* of every line but the first */
    double first_width;     /* of the first line (text-indent) */
    int narrow_lines;       /* the first lines, beside a side float, */
    double narrow_by;       /* are this much narrower */
    bool ragged;            /* start, end or center: spaces keep their width */
    double ragged_stretch;  /* room a ragged line may leave at its end at
                               badness 100 */
    int ladder;             /* most hyphenated lines in a row; 0: any */
    double tolerance;       /* largest adjustment ratio of a line */
    long budget;            /* work (break points times active breaks)
                               before giving up on total fit */
} linebreak_params;

typedef struct {
    int first, last;        /* items on the line: first .. last - 1; the
                               break is item last */
    double ratio;           /* how far its glue stretches (> 0) or shrinks
                               (< 0), in units of their stretch or shrink */
    bool hyphenated;        /* ends at a flagged penalty */
    bool overfull;          /* nothing fitted: wider than the line */
} linebreak_line;

/* Breaks items (ending with a forced break) into lines, as few demerits as
 * the params allow: the best total fit of the paragraph, Knuth and Plass's
 * algorithm with fitness classes, flagged (hyphen) demerits and a limit on
 * consecutive hyphenated lines. As FOP, hyphenation points are used only
 * when no line needs to stretch or shrink past its glue's limits without
 * them. A break point where no line fits gives an
 * overfull line there and goes on. When the work passes params->budget the
 * paragraph is broken first-fit instead, and *fell_back is set. Returns an
 * array of linebreak_line the caller frees with g_array_free. */
GArray *linebreak_total_fit(const linebreak_item *items, int count,
                            const linebreak_params *params, bool *fell_back);

/* The same lines chosen first-fit: each line takes what fits. */
GArray *linebreak_first_fit(const linebreak_item *items, int count,
                            const linebreak_params *params);

/* ---- a paragraph's lines, set with Pango (inline_lines.c) ---------- */

/* One line of a paragraph as set. */
typedef struct {
    int start, end;         /* bytes of the paragraph's text on the line */
    int shift;              /* bytes before them in the line's own text (a
                               direction mark) */
    PangoLayout *layout;    /* the line alone; the area tree holds it */
    double x;               /* its left from the content box's left */
    double box_left;        /* the part of the content box it was broken */
    double box_width;       /* for (beside a side float), from its left */
    double width;           /* its width as set */
    double ratio;           /* its spaces: > 0 stretched, < 0 shrunk, in
                               units of their stretch or shrink */
    bool hyphenated;        /* ends inside a word: at a hyphenation point
                               or after a hyphen of the text */
    bool hyphen_added;      /* ends with the hyphenation-character */
    bool justified;         /* its spaces were adjusted to fill it */
    bool overfull;          /* nothing fitted: wider than its box */
} inline_line;

/* Grows the leaders between bytes start and end of the paragraph by up to
 * room in all; returns how much they grew. */
typedef double (*inline_grow_leaders)(void *data, int start, int end, double room);

typedef struct {
    const fo_node *block;
    const char *text;           /* the paragraph, with soft hyphens */
    int length;
    PangoAttrList *attrs;       /* of text; leader shapes may change */
    const GArray *sources;      /* layout_text_source, by start */
    const GArray *no_break;     /* int: bytes no line may start at */
    double width;
    bool is_first;              /* text-indent applies to the first line */
    inline_grow_leaders grow;
    void *grow_data;
    int narrow_lines;           /* the first lines stand beside a side float */
    double narrow_by;           /* that takes this much of their width */
    bool narrow_left;           /* at their left */
} inline_lines_input;

/* Breaks the paragraph into lines (total fit; first fit with a warning
 * when the paragraph is too costly) and sets each as a one-line Pango
 * layout, its spaces adjusted when it is justified. Returns an array of
 * inline_line the caller frees with g_array_free; the layouts belong to
 * ctx's area tree. */
GArray *inline_lines_set(layout_context *ctx, const inline_lines_input *in);

#endif
