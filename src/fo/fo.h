/* The FO stage, private to libpliego: the formatting-object tree and its
 * property values.
 *
 * fo_tree_parse() reads an XSL-FO document (namespace-aware libxml2) into a
 * tree of fo_node, one per formatting object or text run, and resolves every
 * node's properties once, with inheritance, from the table in
 * properties.def. Layout reads only the computed values (fo_node.computed).
 * The tree, its strings and its value arrays live in one arena owned by the
 * fo_tree and are freed together by fo_tree_free().
 */
#ifndef PLIEGO_FO_H
#define PLIEGO_FO_H

#include <stdbool.h>
#include <stdint.h>
#include <libxml/tree.h>

#include "pliego/pliego.h"
#include "common/arena.h"

/* How deep elements may nest in an FO document; deeper input is refused
 * with PLIEGO_ERROR_LIMIT while parsing, so later stages may size their
 * fixed arrays by it (layout.h). */
#define FO_MAX_NESTING 200

/* ---- property values ------------------------------------------------ */

typedef enum {
#define FO_PROPERTY(id, name, inherited, initial, parser, keywords) FO_PROP_##id,
#include "fo/properties.def"
#undef FO_PROPERTY
    FO_PROP_COUNT
} fo_property_id;

typedef enum {
    FO_KW_NONE_SET = 0, /* no keyword */
#define FO_KEYWORD(id, name) FO_KW_##id,
#include "fo/keywords.def"
#undef FO_KEYWORD
    FO_KW_COUNT
} fo_keyword;

typedef enum {
    FO_PARSE_LENGTH,          /* length, %, em, expression, label-end() ... */
    FO_PARSE_NUMBER,          /* number or integer */
    FO_PARSE_COLOR,           /* #rgb, #rrggbb, names, rgb(), currentColor */
    FO_PARSE_KEYWORD,         /* one keyword of the row's list */
    FO_PARSE_STRING,          /* any text, trimmed */
    FO_PARSE_URI,             /* url('x'), url(x) or plain x */
    FO_PARSE_FONT_SIZE,       /* length, %, em, size keywords */
    FO_PARSE_FONT_WEIGHT,     /* normal, bold, bolder, lighter, 100..900 */
    FO_PARSE_LINE_HEIGHT,     /* normal, number, length, % */
    FO_PARSE_SPACE,           /* length-conditional/-range, components */
    FO_PARSE_KEEP,            /* auto, always, integer */
    FO_PARSE_BASELINE_SHIFT,  /* baseline, sub, super, length, % */
    FO_PARSE_TEXT_DECORATION  /* none or underline/overline/line-through */
} fo_parser;

typedef enum {
    FO_VALUE_UNSET = 0, /* not specified (only in specified sets) */
    FO_VALUE_KEYWORD,   /* keyword */
    FO_VALUE_LENGTH,    /* number, in points */
    FO_VALUE_PERCENT,   /* number, 50 means 50% (resolved by layout) */
    FO_VALUE_NUMBER,    /* number, no unit (factors, integers) */
    FO_VALUE_COLOR,     /* color, 0xRRGGBBAA */
    FO_VALUE_STRING,    /* string */
    FO_VALUE_FUNCTION   /* keyword is FO_KW_LABEL_END, FO_KW_BODY_START or
                           FO_KW_PROPORTIONAL_COLUMN_WIDTH; number is the
                           argument of proportional-column-width(); minimum
                           is a length (points) added to label-end() or
                           body-start() by margins of descendants */
} fo_value_type;

/* text-decoration is a set of these bits in number. */
enum {
    FO_DECORATION_UNDERLINE = 1,
    FO_DECORATION_OVERLINE = 2,
    FO_DECORATION_LINE_THROUGH = 4
};

/* One property value. For FO_PARSE_SPACE rows, number is the optimum and
 * minimum/maximum/conditionality/precedence hold the other components
 * (minimum and maximum are lengths in points, or percentages when
 * range_is_percent bits are set: bit 0 minimum, bit 1 maximum).
 * FO_PARSE_LENGTH rows are length-ranges too (inline-progression-dimension
 * .minimum="1in"): type/number are the optimum, and range_given says which
 * of minimum (bit 0) and maximum (bit 1) were specified; the others are
 * "auto", no bound. */
typedef struct {
    uint8_t type;            /* fo_value_type */
    uint8_t retain;          /* space conditionality: 1 retain, 0 discard */
    uint8_t range_is_percent;
    uint8_t range_given;     /* FO_PARSE_LENGTH rows: bit 0 min, bit 1 max */
    uint16_t keyword;        /* fo_keyword, for KEYWORD and FUNCTION */
    int32_t precedence;      /* space precedence; INT32_MAX is "force" */
    double number;
    double minimum;
    double maximum;
    uint32_t color;
    const char *string;      /* owned by the tree's arena */
} fo_value;

/* Table lookups. */
const char *fo_property_name(fo_property_id id);
bool fo_property_is_inherited(fo_property_id id);
const char *fo_keyword_name(fo_keyword keyword);

/* A node's specified properties, in document order, before computing. */
typedef struct fo_specified fo_specified;

/* Parses one attribute (name="value") of a formatting object into spec.
 * Handles every row of the table, its components (space-before.optimum,
 * keep-together.within-page, leader-length.maximum, ...), the absolute
 * names (margin-left, padding-top, border-left-width, ...) and shorthands
 * (margin, padding, border, border-top, border-width, border-style,
 * border-color, font, white-space, page-break-before/after, xml:lang).
 * Returns false with *message set to a static or arena-allocated
 * explanation when the name is unknown or the value cannot be parsed; the
 * caller warns and skips the attribute. */
bool fo_specified_add(fo_specified *spec, pliego_arena *arena,
                      const char *name, const char *value,
                      const char **message);

fo_specified *fo_specified_new(pliego_arena *arena);

/* Computes out[] (FO_PROP_COUNT values) from the parent's computed values
 * (NULL for the root: initial values) and this node's specified set:
 * inherited properties copy the parent's value unless specified; others
 * take their initial value; "inherit" copies the parent's; em lengths and
 * font-size percentages and keywords resolve against the font size;
 * line-height percentages and lengths resolve to points (numbers stay
 * factors); margin-* feed start-indent, end-indent, space-before and
 * space-after by the rules of XSL 1.1 section 5.3.2; border widths are 0
 * when the style is none or hidden; colors of "currentColor" take color.
 * The writing-mode decides how absolute sides map to relative ones.
 * A font size outside FO_MIN_FONT_SIZE..FO_MAX_FONT_SIZE points (or not a
 * number) is clamped into that range before em lengths use it. Returns
 * false when that happened, with the size asked for in *asked_font_size
 * (may be NULL) for the caller's warning; true otherwise. */
bool fo_properties_compute(const fo_value *parent, const fo_specified *spec,
                           fo_value *out, double *asked_font_size);

/* Font sizes pliego lays out, in points: under the minimum text would
 * divide by nothing, over the maximum FreeType refuses the size once
 * scaled to a PNG's resolution (it stops at 65,535 pixels per em). */
#define FO_MIN_FONT_SIZE 0.1
#define FO_MAX_FONT_SIZE 1000.0

/* Parses a length expression outside the property machinery (used by
 * tests and by layout for values such as leader-length.maximum="100%").
 * font_size is the size em resolves against. Returns false on error. */
bool fo_parse_length(const char *text, double font_size, fo_value *out);

/* ---- between properties.c and expression.c -------------------------- */

/* Hard limits on attribute values. */
enum {
    FO_MAX_VALUE_LENGTH = 4096, /* bytes of one attribute value */
    FO_MAX_DEPTH = 32,          /* nesting of parentheses, signs, calls */
    FO_MAX_WORDS = 16           /* space-separated values in one value */
};

/* A value parsed but not computed: em lengths stay multiples of the font
 * size until fo_properties_compute knows it. */
typedef struct {
    fo_value value;
    double em[3];   /* font sizes to add to number, minimum, maximum */
} fo_parsed;

/* The part of a space value a component sets. */
typedef enum {
    FO_PART_WHOLE,
    FO_PART_MINIMUM,
    FO_PART_OPTIMUM,
    FO_PART_MAXIMUM,
    FO_PART_CONDITIONALITY,
    FO_PART_PRECEDENCE
} fo_value_part;

/* A slice of a value string. */
typedef struct {
    const char *start;
    size_t length;
} fo_word;

/* Table lookups of properties.c for the parsers (thread-safe, built on
 * first use). fo_keyword_lookup returns FO_KW_NONE_SET for unknown names. */
fo_parser fo_property_parser(fo_property_id id);
bool fo_property_allows(fo_property_id id, fo_keyword keyword);
fo_keyword fo_keyword_lookup(const char *name);

/* Parses text (trimmed, at most FO_MAX_VALUE_LENGTH bytes, not "inherit")
 * as a value of property id into out: a keyword of the row, else by the
 * row's parser. Strings are copied into arena. Returns false with *detail
 * set to a static explanation or NULL. (expression.c) */
bool fo_value_parse(fo_property_id id, const char *text, pliego_arena *arena,
                    fo_parsed *out, const char **detail);

/* Sets out to keyword as property id stores it (thin → 0.5pt for border
 * widths, x-large → 17.3pt for font-size, bold → 700, ...). */
void fo_value_set_keyword(fo_property_id id, fo_keyword keyword,
                          fo_parsed *out);

/* Parses one component of a space (space-before.minimum="2pt",
 * .conditionality="retain", .precedence="force") into the matching fields
 * of out (zeroed first). */
bool fo_space_part_parse(fo_value_part part, const char *text,
                         fo_parsed *out, const char **detail);

/* Splits text at white space outside parentheses and quotes, keeping
 * expressions such as "1pt + 2pt" whole. Returns the number of words, or
 * -1 when there are more than max. */
int fo_split_words(const char *text, fo_word *words, int max);

/* Copies a word (at most FO_MAX_VALUE_LENGTH bytes) into buffer, which
 * holds FO_MAX_VALUE_LENGTH + 1 bytes, and terminates it. */
void fo_word_copy(char *buffer, fo_word word);

/* ---- the tree ------------------------------------------------------- */

typedef enum {
    FO_TEXT = 0,              /* a run of character data */
    FO_UNKNOWN,               /* an unknown element kept for its content */
#define FO_ELEMENT(id, name) FO_##id,
#include "fo/elements.def"
#undef FO_ELEMENT
    FO_ELEMENT_COUNT
} fo_element;

typedef struct fo_node fo_node;
struct fo_node {
    fo_element element;
    fo_node *parent;
    fo_node *first_child;
    fo_node *last_child;
    fo_node *next;
    fo_value *computed;       /* FO_PROP_COUNT values */
    const char *text;         /* FO_TEXT: UTF-8 character data */
    int text_length;
    int line;                 /* line in the source file */
    int ordinal;              /* document order, for per-node layout state */
    const char *alt_text;     /* fox:alt-text (FOP's extension), or NULL */
    /* for FO a template wrote: the template file and line that wrote the
       element, and the document clause it came from (NULL, 0 otherwise;
       see xslt/source_lines.c) */
    const char *origin_file;
    int origin_line;
    const char *clause;
    const fo_specified *specified; /* its attributes as parsed (elements) */
};

static inline const fo_value *fo_get(const fo_node *node, fo_property_id id)
{
    return &node->computed[id];
}

typedef struct fo_tree fo_tree;

/* Parses the XSL-FO in buffer. file names the source in messages and is
 * the base for relative image paths. Warnings (unknown elements or
 * properties, bad values) go to warn with file:line. Returns NULL with err
 * filled for malformed XML (file:line:column) or a document without
 * fo:root, fo:layout-master-set or any fo:page-sequence. */
fo_tree *fo_tree_parse(const char *buffer, int size, const char *file,
                       pliego_warning_func warn, void *user_data,
                       pliego_error *err);
/* The same from a document already in memory (an XSLT result tree), read
 * and left as it is: no text is serialised and parsed again. The document
 * may not have a document type declaration, as parsed input may not. */
fo_tree *fo_tree_build(xmlDoc *document, const char *file,
                       pliego_warning_func warn, void *user_data,
                       pliego_error *err);
void fo_tree_free(fo_tree *tree);

fo_node *fo_tree_root(const fo_tree *tree);
const char *fo_tree_file(const fo_tree *tree);
int fo_tree_node_count(const fo_tree *tree);

/* The element name without prefix ("block"), for messages and dumps. */
const char *fo_element_name(fo_element element);

/* Document information from fo:declarations (XMP Dublin Core) and fo:root;
 * NULL where absent. */
typedef struct {
    const char *title;
    const char *author;
    const char *subject;
    const char *keywords;
    const char *language;
} fo_metadata;

const fo_metadata *fo_tree_metadata(const fo_tree *tree);

/* The content of marker as retrieved by retrieve (an fo:retrieve-marker
 * or fo:retrieve-table-marker): XSL 1.1 6.13.6 has it inherit from the
 * retrieve's parent, not from where the marker was written. Returns a
 * copy of marker and its subtree whose properties are computed again from
 * retrieve's values, made once per marker and retrieve's values and owned
 * by the tree; its parent is retrieve. */
const fo_node *fo_tree_retrieved(fo_tree *tree, const fo_node *marker,
                                 const fo_node *retrieve);

/* Emits a warning through the tree's callback; false means stop. */
bool fo_tree_warn(const fo_tree *tree, int line, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* The same about node: placed at the template line that wrote node (or
 * its nearest element that a template wrote), naming the clause it came
 * from, when the FO was generated; else at node's line of the FO file. */
bool fo_node_warn(const fo_tree *tree, const fo_node *node, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Fills err (code, message) placed as fo_node_warn places a warning, so
 * an error in generated FO names the template line and the clause. */
void fo_node_error(const fo_tree *tree, const fo_node *node, pliego_error *err,
                   pliego_error_code code, const char *format, ...)
    __attribute__((format(printf, 5, 6)));

#endif
