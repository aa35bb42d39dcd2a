/* The review stage, private to libpliego: document XML -> a model of its
 * clauses and facts (document.c), token sequences and their word diff
 * (words.c), the clause-level comparison (compare.c) and its reports
 * (report.c: JSON and Markdown; redline.c: the redline XML).
 *
 * A review_document owns everything read from its XML (one GStringChunk
 * and the arrays); a review_diff owns its entries and word runs and only
 * borrows the two documents. The public face is include/pliego/review.h.
 */
#ifndef PLIEGO_REVIEW_PRIVATE_H
#define PLIEGO_REVIEW_PRIVATE_H

#include <glib.h>
#include <libxml/tree.h>
#include <stdbool.h>

#include "pliego/review.h"

/* One clause of a document, as the body holds it. Strings belong to the
 * document's chunk. */
typedef struct {
    const char *id;
    const char *group;        /* or NULL */
    int version;
    const char *lang;
    bool fallback;
    const char *sha256;
    const char *body_lang;    /* or NULL: the body is in lang */
    int body_version;
    const char *body_sha256;  /* or NULL */
    const char *title;        /* the title's text, whitespace collapsed */
    const char *text;         /* title and body text as written */
    const char *markup;       /* the clause's children serialised, for
                                 telling markup-only changes */
    int position;             /* 1-based, in the body */
} review_clause;

/* A fact of the region or terms that reaches the document: terms,
 * currency, support hours, a terms-table cell, ... */
typedef struct {
    const char *name;
    const char *value;
} review_fact;

struct pliego_review_document {
    GStringChunk *strings;
    const char *name;
    const char *kind, *lang, *date, *region, *country, *channel, *requested_lang;
    GPtrArray *fallbacks;  /* of const char *, "FROM>TO" */
    GPtrArray *clauses;    /* of review_clause * */
    GPtrArray *facts;      /* of review_fact *, sorted by name, names unique */
    char signature[65];
};

/* Reads an already parsed document XML. NULL with err when doc is not a
 * pliego document or is over a limit; name is used in messages. */
pliego_review_document *review_document_from_xml(xmlDocPtr doc, const char *name,
                                                 pliego_error *err);

/* Words ------------------------------------------------------------------ */

/* One token of a text: a word, a number, or one punctuation mark, as ICU's
 * word break iterator cuts them; spaces are not tokens, but space_before
 * records that some came before. */
typedef struct {
    int start, length;  /* bytes in the text */
    bool space_before;
} review_token;

/* The tokens of text (UTF-8) in the word rules of locale (BCP 47 tag;
 * NULL: root). A new array of review_token (g_array_unref) or NULL with
 * err (an ICU failure, or more than PLIEGO_REVIEW_MAX_WORDS tokens). */
GArray *review_tokenize(const char *text, const char *locale, pliego_error *err);

typedef enum { REVIEW_EQUAL, REVIEW_DELETE, REVIEW_INSERT } review_op;

/* A run of tokens: `count` tokens of a from `a_start` (equal, delete) and
 * of b from `b_start` (equal, insert). */
typedef struct {
    review_op op;
    int a_start, b_start, count;
} review_run;

/* The shortest edit script from a's tokens to b's (Myers' O(ND) diff, on
 * the tokens' text), as runs in order, adjacent runs of one op merged and
 * a delete always before the insert it pairs with. A new array of
 * review_run (g_array_unref). When the edit distance passes a limit the
 * script is "delete everything, insert everything" (still correct). */
GArray *review_word_diff(const char *a_text, const GArray *a_tokens,
                         const char *b_text, const GArray *b_tokens);

/* Applies runs to a's tokens: the token texts of b it gives, joined by
 * one space (for tests of the property apply(diff(a, b), a) == b).
 * NULL when the runs do not fit a's tokens (a deleted or equal run that
 * is not there). g_free. */
char *review_apply_runs(const char *a_text, const GArray *a_tokens,
                        const char *b_text, const GArray *b_tokens,
                        const GArray *runs);

/* Token texts joined by one space (g_free). */
char *review_join_tokens(const char *text, const GArray *tokens);

/* The comparison ----------------------------------------------------------- */

typedef enum {
    REVIEW_SAME,
    REVIEW_CHANGED,
    REVIEW_ADDED,
    REVIEW_REMOVED,
    REVIEW_MOVED,
    REVIEW_LANGUAGE_CHANGED,
    REVIEW_VERSION_CHANGED
} review_status;

/* What changed in a clause's content. */
typedef enum {
    REVIEW_CONTENT_SAME,
    REVIEW_CONTENT_TEXT,       /* words differ */
    REVIEW_CONTENT_WHITESPACE, /* only spaces and line breaks differ */
    REVIEW_CONTENT_MARKUP      /* only markup (emphasis, lists, ...) differs */
} review_content;

typedef struct {
    const review_clause *a, *b; /* NULL when added / removed */
    review_status status;
    review_content content;
    GArray *a_tokens, *b_tokens; /* with content TEXT */
    GArray *runs;                /* with content TEXT */
} review_entry;

typedef struct {
    const char *name;
    const char *a, *b; /* NULL when absent on that side */
} review_fact_change;

struct pliego_review_diff {
    const pliego_review_document *a, *b;
    GPtrArray *entries;      /* of review_entry *, b's order then removed */
    GArray *facts;           /* of review_fact_change, differing only */
    int counts[REVIEW_VERSION_CHANGED + 1];
};

const char *review_status_name(review_status status);
const char *review_content_name(review_content content);

/* Appends text to out, escaped for a JSON string (without quotes). */
void review_json_escape(GString *out, const char *text);

/* Appends text to out as a JSON string, quotes included; NULL as null. */
void review_json_text(GString *out, const char *text);

#endif
