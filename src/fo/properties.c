/* FO property values: each attribute parsed once, each node computed once.
 *
 * Takes the table in properties.def (one row per property) and the
 * attribute strings of a formatting object. Gives fo_specified sets (parsed
 * values in the caller's arena; no text is left to read later) and, per
 * node, the computed array of FO_PROP_COUNT fo_value that layout reads.
 *
 * fo_specified_add looks the name up, parses the value with the row's
 * parser (fo_value_parse in expression.c: the numeric expressions of XSL
 * 1.1 section 5.9, colors, keywords, ...) and expands shorthands and absolute names (margin,
 * padding-left, border-top, font, ...) into entries naming the rows they
 * set. Entries are kept sorted by how specific their source is, so that
 * fo_properties_compute applies them in one pass and the more specific one
 * wins whatever the attribute order (XSL 1.1 sections 5.2 and 5.3.1). em
 * lengths, font-size keywords and percentages, absolute sides (which depend
 * on the writing-mode) and the margin rules of section 5.3.2 resolve in
 * compute, which does no string work.
 *
 * The tables built from properties.def (hash tables of names, the keywords
 * each row allows, the parsed initial values) are built once, under
 * g_once, and never freed.
 */
#include "fo/fo.h"

#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

enum {
    MAX_PENDING = 16,        /* entries one attribute may expand into */
    KEYWORD_WORDS = (FO_KW_COUNT + 63) / 64
};

/* ---- the table -------------------------------------------------------- */

typedef struct {
    const char *name;
    const char *initial;
    const char *keywords; /* '|'-separated */
    bool inherited;
    fo_parser parser;
} property_row;

static const property_row rows[FO_PROP_COUNT] = {
#define FO_PROPERTY(id, name, inherited, initial, parser, keywords) \
    {name, initial, keywords, inherited, FO_PARSE_##parser},
#include "fo/properties.def"
#undef FO_PROPERTY
};

static const char *const keyword_names[FO_KW_COUNT] = {
    [FO_KW_NONE_SET] = "",
#define FO_KEYWORD(id, name) [FO_KW_##id] = name,
#include "fo/keywords.def"
#undef FO_KEYWORD
};

/* What each parser reads, for messages. */
static const char *const parser_expects[] = {
    [FO_PARSE_LENGTH] = "a length",
    [FO_PARSE_NUMBER] = "a number",
    [FO_PARSE_COLOR] = "a color",
    [FO_PARSE_KEYWORD] = "",
    [FO_PARSE_STRING] = "text",
    [FO_PARSE_URI] = "a URI",
    [FO_PARSE_FONT_SIZE] = "a font size",
    [FO_PARSE_FONT_WEIGHT] = "100, 200, ... 900",
    [FO_PARSE_LINE_HEIGHT] = "a number or a length",
    [FO_PARSE_SPACE] = "a length or minimum optimum maximum",
    [FO_PARSE_KEEP] = "an integer",
    [FO_PARSE_BASELINE_SHIFT] = "a length",
    [FO_PARSE_TEXT_DECORATION] = "underline, overline, line-through",
};

/* Sides. Absolute: top, bottom, left, right. Relative: before, after,
 * start, end. Groups of absolute names: padding-*, border-*-width,
 * border-*-style, border-*-color. */
enum { SIDE_TOP, SIDE_BOTTOM, SIDE_LEFT, SIDE_RIGHT };
enum { SIDE_BEFORE, SIDE_AFTER, SIDE_START, SIDE_END };
enum { GROUP_PADDING, GROUP_WIDTH, GROUP_STYLE, GROUP_COLOR };

static const fo_property_id group_rows[4][4] = {
    {FO_PROP_PADDING_BEFORE, FO_PROP_PADDING_AFTER, FO_PROP_PADDING_START,
     FO_PROP_PADDING_END},
    {FO_PROP_BORDER_BEFORE_WIDTH, FO_PROP_BORDER_AFTER_WIDTH,
     FO_PROP_BORDER_START_WIDTH, FO_PROP_BORDER_END_WIDTH},
    {FO_PROP_BORDER_BEFORE_STYLE, FO_PROP_BORDER_AFTER_STYLE,
     FO_PROP_BORDER_START_STYLE, FO_PROP_BORDER_END_STYLE},
    {FO_PROP_BORDER_BEFORE_COLOR, FO_PROP_BORDER_AFTER_COLOR,
     FO_PROP_BORDER_START_COLOR, FO_PROP_BORDER_END_COLOR},
};

static const fo_property_id margin_rows[4] = {
    FO_PROP_MARGIN_TOP, FO_PROP_MARGIN_BOTTOM, FO_PROP_MARGIN_LEFT,
    FO_PROP_MARGIN_RIGHT};

/* By writing-mode (lr-tb, rl-tb, tb-rl, tb-lr): the relative side of each
 * absolute side, and the inverse. */
static const uint8_t relative_side[4][4] = {
    {SIDE_BEFORE, SIDE_AFTER, SIDE_START, SIDE_END},
    {SIDE_BEFORE, SIDE_AFTER, SIDE_END, SIDE_START},
    {SIDE_START, SIDE_END, SIDE_AFTER, SIDE_BEFORE},
    {SIDE_START, SIDE_END, SIDE_BEFORE, SIDE_AFTER},
};
static const uint8_t absolute_side[4][4] = {
    {SIDE_TOP, SIDE_BOTTOM, SIDE_LEFT, SIDE_RIGHT},
    {SIDE_TOP, SIDE_BOTTOM, SIDE_RIGHT, SIDE_LEFT},
    {SIDE_RIGHT, SIDE_LEFT, SIDE_TOP, SIDE_BOTTOM},
    {SIDE_LEFT, SIDE_RIGHT, SIDE_TOP, SIDE_BOTTOM},
};

/* Names that are not rows: shorthands and absolute names. */
typedef enum {
    SH_MARGIN,          /* margin: 1-4 values onto margin-* rows */
    SH_BOX,             /* padding, border-width/-style/-color; arg group */
    SH_ABSOLUTE,        /* padding-top, border-left-width; arg group*4+side */
    SH_BORDER,          /* border: width style color, all sides */
    SH_BORDER_ABSOLUTE, /* border-top ...; arg absolute side */
    SH_BORDER_RELATIVE, /* border-before ...; arg relative side */
    SH_KEEP,            /* keep-together ...; arg first of three rows */
    SH_FONT,
    SH_WHITE_SPACE,
    SH_PAGE_BREAK,      /* arg 0 before, 1 after, 2 inside */
    SH_LANG,
    SH_VERTICAL_ALIGN,
    SH_SEPARATION       /* border-separation, border-spacing: ip [bp] */
} shorthand_kind;

typedef struct {
    const char *name;
    shorthand_kind kind;
    int arg;
} shorthand;

#define SIDE_OF(group, side) (GROUP_##group * 4 + SIDE_##side)
static const shorthand shorthands[] = {
    {"margin", SH_MARGIN, 0},
    {"padding", SH_BOX, GROUP_PADDING},
    {"border-width", SH_BOX, GROUP_WIDTH},
    {"border-style", SH_BOX, GROUP_STYLE},
    {"border-color", SH_BOX, GROUP_COLOR},
    {"padding-top", SH_ABSOLUTE, SIDE_OF(PADDING, TOP)},
    {"padding-bottom", SH_ABSOLUTE, SIDE_OF(PADDING, BOTTOM)},
    {"padding-left", SH_ABSOLUTE, SIDE_OF(PADDING, LEFT)},
    {"padding-right", SH_ABSOLUTE, SIDE_OF(PADDING, RIGHT)},
    {"border-top-width", SH_ABSOLUTE, SIDE_OF(WIDTH, TOP)},
    {"border-bottom-width", SH_ABSOLUTE, SIDE_OF(WIDTH, BOTTOM)},
    {"border-left-width", SH_ABSOLUTE, SIDE_OF(WIDTH, LEFT)},
    {"border-right-width", SH_ABSOLUTE, SIDE_OF(WIDTH, RIGHT)},
    {"border-top-style", SH_ABSOLUTE, SIDE_OF(STYLE, TOP)},
    {"border-bottom-style", SH_ABSOLUTE, SIDE_OF(STYLE, BOTTOM)},
    {"border-left-style", SH_ABSOLUTE, SIDE_OF(STYLE, LEFT)},
    {"border-right-style", SH_ABSOLUTE, SIDE_OF(STYLE, RIGHT)},
    {"border-top-color", SH_ABSOLUTE, SIDE_OF(COLOR, TOP)},
    {"border-bottom-color", SH_ABSOLUTE, SIDE_OF(COLOR, BOTTOM)},
    {"border-left-color", SH_ABSOLUTE, SIDE_OF(COLOR, LEFT)},
    {"border-right-color", SH_ABSOLUTE, SIDE_OF(COLOR, RIGHT)},
    {"border", SH_BORDER, 0},
    {"border-top", SH_BORDER_ABSOLUTE, SIDE_TOP},
    {"border-bottom", SH_BORDER_ABSOLUTE, SIDE_BOTTOM},
    {"border-left", SH_BORDER_ABSOLUTE, SIDE_LEFT},
    {"border-right", SH_BORDER_ABSOLUTE, SIDE_RIGHT},
    {"border-before", SH_BORDER_RELATIVE, SIDE_BEFORE},
    {"border-after", SH_BORDER_RELATIVE, SIDE_AFTER},
    {"border-start", SH_BORDER_RELATIVE, SIDE_START},
    {"border-end", SH_BORDER_RELATIVE, SIDE_END},
    {"keep-together", SH_KEEP, FO_PROP_KEEP_TOGETHER_WITHIN_LINE},
    {"keep-with-next", SH_KEEP, FO_PROP_KEEP_WITH_NEXT_WITHIN_LINE},
    {"keep-with-previous", SH_KEEP, FO_PROP_KEEP_WITH_PREVIOUS_WITHIN_LINE},
    {"font", SH_FONT, 0},
    {"white-space", SH_WHITE_SPACE, 0},
    {"page-break-before", SH_PAGE_BREAK, 0},
    {"page-break-after", SH_PAGE_BREAK, 1},
    {"page-break-inside", SH_PAGE_BREAK, 2},
    {"xml:lang", SH_LANG, 0},
    {"vertical-align", SH_VERTICAL_ALIGN, 0},
    {"border-separation", SH_SEPARATION, 0},
    {"border-spacing", SH_SEPARATION, 0},
};
#undef SIDE_OF

/* ---- specified entries ------------------------------------------------ */

/* How specific an entry's source is; higher levels are applied later and
 * so win. A component (space-before.optimum) beats its plain property;
 * a relative name beats an absolute one (XSL 5.3.1); a specific name beats
 * its shorthand (XSL 5.2). */
enum {
    LEVEL_SHORTHAND,       /* margin, padding, border, font, white-space */
    LEVEL_SIDE_SHORTHAND,  /* border-top */
    LEVEL_ABSOLUTE,        /* padding-top, border-top-width */
    LEVEL_RELATIVE_SHORTHAND, /* border-before */
    LEVEL_PLAIN,           /* a row by its own name */
    LEVEL_COMPONENT        /* space-before.minimum, keep-together.within-page */
};

enum { ENTRY_INHERIT = 1, ENTRY_ABSOLUTE = 2 };

typedef struct {
    fo_parsed parsed;
    uint16_t target;  /* row, or group * 4 + absolute side (ENTRY_ABSOLUTE) */
    uint8_t level;
    uint8_t flags;
    uint8_t part;     /* fo_value_part */
} entry;

struct fo_specified {
    entry *entries;   /* sorted by level, in attribute order within a level */
    int count;
    int capacity;
};

/* ---- tables built once ------------------------------------------------ */

static struct {
    GHashTable *properties; /* name → row + 1 */
    GHashTable *keywords;   /* name → fo_keyword */
    GHashTable *shorthands; /* name → const shorthand * */
    uint64_t allowed[FO_PROP_COUNT][KEYWORD_WORDS];
    fo_value initial[FO_PROP_COUNT];
    fo_property_id space_rows[FO_PROP_COUNT];
    int space_row_count;
    fo_property_id color_rows[FO_PROP_COUNT];
    int color_row_count;
    pliego_arena *arena;    /* strings of the initial values */
} table;

static fo_keyword find_keyword(const char *text)
{
    return (fo_keyword)GPOINTER_TO_INT(g_hash_table_lookup(table.keywords,
                                                           text));
}

static int find_property(const char *name)
{
    return GPOINTER_TO_INT(g_hash_table_lookup(table.properties, name)) - 1;
}

static bool row_allows(int id, fo_keyword keyword)
{
    return keyword != FO_KW_NONE_SET &&
           ((table.allowed[id][keyword / 64] >> (keyword % 64)) & 1);
}

static void allow_keywords(int id)
{
    if (!rows[id].keywords[0])
        return;
    char **names = g_strsplit(rows[id].keywords, "|", -1);
    for (char **name = names; *name; name++) {
        fo_keyword keyword = find_keyword(*name);
        if (keyword == FO_KW_NONE_SET)
            g_critical("properties.def: %s lists \"%s\", not in keywords.def",
                       rows[id].name, *name);
        else
            table.allowed[id][keyword / 64] |= UINT64_C(1) << (keyword % 64);
    }
    g_strfreev(names);
}

static void parse_initial(int id)
{
    fo_parsed parsed;
    const char *detail = NULL;
    if (!fo_value_parse((fo_property_id)id, rows[id].initial, table.arena, &parsed, &detail))
        g_critical("properties.def: bad initial value \"%s\" for %s",
                   rows[id].initial, rows[id].name);
    else
        table.initial[id] = parsed.value;
}

/* Names first: parsing the initial values needs the keyword tables. */
static void build_names(void)
{
    table.properties = g_hash_table_new(g_str_hash, g_str_equal);
    table.keywords = g_hash_table_new(g_str_hash, g_str_equal);
    table.shorthands = g_hash_table_new(g_str_hash, g_str_equal);
    for (int k = 1; k < FO_KW_COUNT; k++)
        g_hash_table_insert(table.keywords, (gpointer)keyword_names[k],
                            GINT_TO_POINTER(k));
    for (size_t i = 0; i < G_N_ELEMENTS(shorthands); i++)
        g_hash_table_insert(table.shorthands, (gpointer)shorthands[i].name,
                            (gpointer)&shorthands[i]);
    for (int id = 0; id < FO_PROP_COUNT; id++) {
        g_hash_table_insert(table.properties, (gpointer)rows[id].name,
                            GINT_TO_POINTER(id + 1));
        allow_keywords(id);
        if (rows[id].parser == FO_PARSE_SPACE)
            table.space_rows[table.space_row_count++] = (fo_property_id)id;
        if (rows[id].parser == FO_PARSE_COLOR && id != FO_PROP_COLOR)
            table.color_rows[table.color_row_count++] = (fo_property_id)id;
    }
}

static void ensure_names(void)
{
    static gsize ready = 0;
    if (g_once_init_enter(&ready)) {
        build_names();
        g_once_init_leave(&ready, 1);
    }
}

static void ensure_tables(void)
{
    static gsize ready = 0;
    ensure_names();
    if (g_once_init_enter(&ready)) {
        table.arena = pliego_arena_new();
        for (int id = 0; id < FO_PROP_COUNT; id++)
            parse_initial(id);
        g_once_init_leave(&ready, 1);
    }
}

fo_parser fo_property_parser(fo_property_id id)
{
    return rows[id].parser;
}

bool fo_property_allows(fo_property_id id, fo_keyword keyword)
{
    ensure_names();
    return row_allows(id, keyword);
}

fo_keyword fo_keyword_lookup(const char *name)
{
    ensure_names();
    return find_keyword(name);
}

const char *fo_property_name(fo_property_id id)
{
    return (unsigned)id < FO_PROP_COUNT ? rows[id].name : NULL;
}

bool fo_property_is_inherited(fo_property_id id)
{
    return (unsigned)id < FO_PROP_COUNT && rows[id].inherited;
}

const char *fo_keyword_name(fo_keyword keyword)
{
    return (unsigned)keyword < FO_KW_COUNT ? keyword_names[keyword] : NULL;
}

/* Copies text (length bytes) without surrounding white space into buffer,
 * which holds FO_MAX_VALUE_LENGTH + 1 bytes. */
static void trim_into(char *buffer, const char *text, size_t length)
{
    while (length > 0 && g_ascii_isspace(text[0])) {
        text++;
        length--;
    }
    while (length > 0 && g_ascii_isspace(text[length - 1]))
        length--;
    memcpy(buffer, text, length);
    buffer[length] = '\0';
}

/* ---- adding attributes ------------------------------------------------ */

/* One attribute being added: its entries wait in pending until the whole
 * value parsed, so a bad shorthand adds nothing. */
typedef struct {
    pliego_arena *arena;
    const char *name;
    const char **message;
    entry pending[MAX_PENDING];
    int count;
} adder;

static bool refuse(adder *a, const char *format, ...) G_GNUC_PRINTF(2, 3);

static bool refuse(adder *a, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    char *text = g_strdup_vprintf(format, args);
    va_end(args);
    if (a->message)
        *a->message = pliego_arena_strndup(a->arena, text, -1);
    g_free(text);
    return false;
}

static bool refuse_value(adder *a, int id, const char *text,
                         const char *detail)
{
    GString *expected = g_string_new(parser_expects[rows[id].parser]);
    if (rows[id].keywords[0]) {
        if (expected->len)
            g_string_append(expected, " or ");
        g_string_append(expected, rows[id].keywords);
        for (gsize i = 0; i < expected->len; i++) {
            if (expected->str[i] == '|') {
                expected->str[i] = ',';
                g_string_insert_c(expected, (gssize)i + 1, ' ');
            }
        }
    }
    bool result = refuse(a, "bad value \"%.80s%s\" for %s: expected %s%s%s%s",
                         text, strlen(text) > 80 ? "..." : "", a->name,
                         expected->str, detail ? " (" : "",
                         detail ? detail : "", detail ? ")" : "");
    g_string_free(expected, TRUE);
    return result;
}

static void add_entry(adder *a, const entry *e)
{
    g_assert(a->count < MAX_PENDING);
    a->pending[a->count++] = *e;
}

/* Parses text by row parse_row into an entry for target. */
static bool add_value(adder *a, int parse_row, const char *text, int target,
                      int level, int flags)
{
    entry e;
    memset(&e, 0, sizeof e);
    if (strcmp(text, "inherit") == 0) {
        flags |= ENTRY_INHERIT;
    } else {
        const char *detail = NULL;
        if (!fo_value_parse((fo_property_id)parse_row, text, a->arena,
                            &e.parsed, &detail))
            return refuse_value(a, parse_row, text, detail);
    }
    e.target = (uint16_t)target;
    e.level = (uint8_t)level;
    e.flags = (uint8_t)flags;
    add_entry(a, &e);
    return true;
}

static bool add_keyword(adder *a, int id, fo_keyword keyword, bool inherit)
{
    entry e;
    memset(&e, 0, sizeof e);
    fo_value_set_keyword((fo_property_id)id, keyword, &e.parsed);
    e.target = (uint16_t)id;
    e.level = LEVEL_SHORTHAND;
    e.flags = inherit ? ENTRY_INHERIT : 0;
    add_entry(a, &e);
    return true;
}

/* margin, padding, border-width/-style/-color: 1 to 4 values in CSS order
 * top, right, bottom, left. group < 0 means margin. */
static bool add_box(adder *a, const char *text, int group)
{
    /* for each count, the word for top, bottom, left, right */
    static const int pick[4][4] = {
        {0, 0, 0, 0}, {0, 0, 1, 1}, {0, 2, 1, 1}, {0, 2, 3, 1}};
    fo_word words[FO_MAX_WORDS];
    int count = fo_split_words(text, words, FO_MAX_WORDS);
    if (count < 1 || count > 4)
        return refuse(a, "bad value \"%.80s\" for %s: expected one to four "
                         "values", text, a->name);
    for (int side = 0; side < 4; side++) {
        char buffer[FO_MAX_VALUE_LENGTH + 1];
        fo_word_copy(buffer, words[pick[count - 1][side]]);
        bool ok = group < 0
                      ? add_value(a, margin_rows[side], buffer,
                                  margin_rows[side], LEVEL_SHORTHAND, 0)
                      : add_value(a, group_rows[group][0], buffer,
                                  group * 4 + side, LEVEL_SHORTHAND,
                                  ENTRY_ABSOLUTE);
        if (!ok)
            return false;
    }
    return true;
}

/* "1pt solid red" in any order into parts[] (width, style, color);
 * missing parts take their initial values. */
static bool parse_border_parts(adder *a, const char *text,
                               fo_parsed parts[3])
{
    static const fo_property_id part_rows[3] = {FO_PROP_BORDER_BEFORE_WIDTH,
                                     FO_PROP_BORDER_BEFORE_STYLE,
                                     FO_PROP_BORDER_BEFORE_COLOR};
    fo_word words[FO_MAX_WORDS];
    int count = fo_split_words(text, words, FO_MAX_WORDS);
    bool seen[3] = {false, false, false};
    for (int i = 0; i < 3; i++) {
        memset(&parts[i], 0, sizeof parts[i]);
        parts[i].value = table.initial[part_rows[i]];
    }
    for (int i = 0; i < count; i++) {
        char buffer[FO_MAX_VALUE_LENGTH + 1];
        fo_word_copy(buffer, words[i]);
        const char *detail = NULL;
        fo_parsed parsed;
        int part = 3;
        while (part-- > 0)
            if (fo_value_parse(part_rows[part], buffer, a->arena, &parsed,
                                &detail))
                break;
        if (part < 0 || seen[part])
            return refuse(a, "bad value \"%.80s\" for %s: expected a width, "
                             "a style and a color", text, a->name);
        seen[part] = true;
        parts[part] = parsed;
    }
    if (count < 1)
        return refuse(a, "bad value \"\" for %s: expected a width, a style "
                         "and a color", a->name);
    return true;
}

static bool add_border(adder *a, const char *text, shorthand_kind kind,
                       int side)
{
    fo_parsed parts[3];
    bool inherit = strcmp(text, "inherit") == 0;
    if (!inherit && !parse_border_parts(a, text, parts))
        return false;
    for (int part = 0; part < 3; part++) {
        entry e;
        memset(&e, 0, sizeof e);
        if (!inherit)
            e.parsed = parts[part];
        e.flags = inherit ? ENTRY_INHERIT : 0;
        int group = part + GROUP_WIDTH;
        if (kind == SH_BORDER_RELATIVE) {
            e.target = (uint16_t)group_rows[group][side];
            e.level = LEVEL_RELATIVE_SHORTHAND;
            add_entry(a, &e);
            continue;
        }
        e.flags |= ENTRY_ABSOLUTE;
        e.level = kind == SH_BORDER ? LEVEL_SHORTHAND : LEVEL_SIDE_SHORTHAND;
        for (int s = 0; s < 4; s++) {
            if (kind == SH_BORDER || s == side) {
                e.target = (uint16_t)(group * 4 + s);
                add_entry(a, &e);
            }
        }
    }
    return true;
}

/* Next run of non-space characters at *p. */
static fo_word next_word(const char **p)
{
    while (g_ascii_isspace(**p))
        (*p)++;
    const char *start = *p;
    while (**p && !g_ascii_isspace(**p))
        (*p)++;
    return (fo_word){start, (size_t)(*p - start)};
}

static bool is_system_font(const char *text)
{
    static const char *const names[] = {"caption", "icon", "menu",
                                        "message-box", "small-caption",
                                        "status-bar"};
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (strcmp(text, names[i]) == 0)
            return true;
    return false;
}

/* The size word of font, "12pt" or "12pt/14pt", and a line-height that may
 * follow after a separate "/". */
static bool add_font_size(adder *a, fo_word size, const char **p)
{
    char buffer[FO_MAX_VALUE_LENGTH + 1];
    char rest[FO_MAX_VALUE_LENGTH + 1];
    fo_word_copy(buffer, size);
    char *slash = strchr(buffer, '/');
    const char *line_height = "normal";
    if (slash) {
        *slash = '\0';
        line_height = slash + 1;
    }
    while (g_ascii_isspace(**p))
        (*p)++;
    bool separate = !slash && **p == '/';
    if (separate)
        (*p)++;
    if (separate || (slash && !*line_height)) {
        fo_word_copy(rest, next_word(p));
        line_height = rest;
    }
    return add_value(a, FO_PROP_FONT_SIZE, buffer, FO_PROP_FONT_SIZE,
                     LEVEL_SHORTHAND, 0) &&
           add_value(a, FO_PROP_LINE_HEIGHT, line_height, FO_PROP_LINE_HEIGHT,
                     LEVEL_SHORTHAND, 0);
}

static const fo_property_id font_prefix_rows[3] = {FO_PROP_FONT_STYLE,
                                        FO_PROP_FONT_VARIANT,
                                        FO_PROP_FONT_WEIGHT};

/* Which of style, variant and weight text is, or -1. */
static int font_prefix(adder *a, const char *text)
{
    for (int i = 0; i < 3; i++) {
        fo_parsed parsed;
        const char *detail = NULL;
        if (fo_value_parse(font_prefix_rows[i], text, a->arena, &parsed,
                            &detail))
            return i;
    }
    return -1;
}

/* font: [style] [variant] [weight] size[/line-height] family-list. The
 * parts not given are reset to normal, as CSS does. */
static bool add_font(adder *a, const char *text)
{
    if (strcmp(text, "inherit") == 0) {
        static const int all[6] = {FO_PROP_FONT_STYLE, FO_PROP_FONT_VARIANT,
                                   FO_PROP_FONT_WEIGHT, FO_PROP_FONT_SIZE,
                                   FO_PROP_LINE_HEIGHT, FO_PROP_FONT_FAMILY};
        for (int i = 0; i < 6; i++)
            add_value(a, all[i], text, all[i], LEVEL_SHORTHAND, 0);
        return true;
    }
    if (is_system_font(text))
        return refuse(a, "system font \"%s\" in font is not supported; "
                         "font ignored", text);
    const char *prefix[3] = {"normal", "normal", "normal"};
    char buffers[3][64];
    const char *p = text;
    fo_word w = next_word(&p);
    for (int taken = 0; taken < 3 && w.length > 0 && w.length < 64; taken++) {
        char buffer[64];
        fo_word_copy(buffer, w);
        if (strcmp(buffer, "normal") != 0) {
            int i = font_prefix(a, buffer);
            if (i < 0)
                break;
            memcpy(buffers[i], buffer, sizeof buffer);
            prefix[i] = buffers[i];
        }
        w = next_word(&p);
    }
    for (int i = 0; i < 3; i++)
        add_value(a, font_prefix_rows[i], prefix[i], font_prefix_rows[i],
                  LEVEL_SHORTHAND, 0);
    if (w.length == 0)
        return refuse(a, "bad value \"%.80s\" for font: expected [style] "
                         "[variant] [weight] size[/line-height] family", text);
    if (!add_font_size(a, w, &p))
        return false;
    char family[FO_MAX_VALUE_LENGTH + 1];
    trim_into(family, p, strlen(p));
    if (!family[0])
        return refuse(a, "bad value \"%.80s\" for font: no font family", text);
    return add_value(a, FO_PROP_FONT_FAMILY, family, FO_PROP_FONT_FAMILY,
                     LEVEL_SHORTHAND, 0);
}

static bool add_white_space(adder *a, const char *text)
{
    static const struct {
        const char *name;
        fo_keyword collapse, linefeed, treatment, wrap;
    } modes[] = {
        {"normal", FO_KW_TRUE, FO_KW_TREAT_AS_SPACE, 0, FO_KW_WRAP},
        {"pre", FO_KW_FALSE, FO_KW_PRESERVE, FO_KW_PRESERVE, FO_KW_NO_WRAP},
        {"nowrap", 0, 0, 0, FO_KW_NO_WRAP},
        {"pre-wrap", FO_KW_FALSE, FO_KW_PRESERVE, FO_KW_PRESERVE, FO_KW_WRAP},
        {"pre-line", FO_KW_TRUE, FO_KW_PRESERVE, 0, FO_KW_WRAP},
        {"inherit", FO_KW_INHERIT, FO_KW_INHERIT, FO_KW_INHERIT,
         FO_KW_INHERIT},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(modes); i++) {
        if (strcmp(text, modes[i].name) != 0)
            continue;
        const fo_keyword keywords[4] = {modes[i].collapse, modes[i].linefeed,
                                        modes[i].treatment, modes[i].wrap};
        const int targets[4] = {FO_PROP_WHITE_SPACE_COLLAPSE,
                                FO_PROP_LINEFEED_TREATMENT,
                                FO_PROP_WHITE_SPACE_TREATMENT,
                                FO_PROP_WRAP_OPTION};
        for (int k = 0; k < 4; k++)
            if (keywords[k])
                add_keyword(a, targets[k], keywords[k],
                            keywords[k] == FO_KW_INHERIT);
        return true;
    }
    return refuse(a, "bad value \"%.80s\" for white-space: expected normal, "
                     "pre, nowrap, pre-wrap or pre-line", text);
}

/* CSS page-break-*: always and auto map onto break-before/-after, avoid
 * onto a keep, left/right onto even-page/odd-page. */
static bool add_page_break(adder *a, const char *text, int which)
{
    static const int breaks[3] = {FO_PROP_BREAK_BEFORE, FO_PROP_BREAK_AFTER,
                                  -1};
    static const int keeps[3] = {FO_PROP_KEEP_WITH_PREVIOUS_WITHIN_PAGE,
                                 FO_PROP_KEEP_WITH_NEXT_WITHIN_PAGE,
                                 FO_PROP_KEEP_TOGETHER_WITHIN_PAGE};
    int row = breaks[which] >= 0 ? breaks[which] : keeps[which];
    if (strcmp(text, "inherit") == 0)
        return add_keyword(a, row, FO_KW_INHERIT, true);
    if (strcmp(text, "avoid") == 0)
        return add_keyword(a, keeps[which], FO_KW_ALWAYS, false);
    if (strcmp(text, "auto") == 0)
        return add_keyword(a, row, FO_KW_AUTO, false);
    if (breaks[which] >= 0 && strcmp(text, "always") == 0)
        return add_keyword(a, row, FO_KW_PAGE, false);
    if (breaks[which] >= 0 && strcmp(text, "left") == 0)
        return add_keyword(a, row, FO_KW_EVEN_PAGE, false);
    if (breaks[which] >= 0 && strcmp(text, "right") == 0)
        return add_keyword(a, row, FO_KW_ODD_PAGE, false);
    return refuse(a, "bad value \"%.80s\" for %s: expected %s", text, a->name,
                  breaks[which] >= 0 ? "auto, always, avoid, left or right"
                                     : "auto or avoid");
}

/* xml:lang="en-US" → language "en", country "US". */
static bool add_language(adder *a, const char *text)
{
    if (strcmp(text, "inherit") == 0)
        return add_value(a, FO_PROP_LANGUAGE, text, FO_PROP_LANGUAGE,
                         LEVEL_SHORTHAND, 0) &&
               add_value(a, FO_PROP_COUNTRY, text, FO_PROP_COUNTRY,
                         LEVEL_SHORTHAND, 0);
    size_t length = strcspn(text, "-_");
    if (length == 0)
        return refuse(a, "bad value \"%.80s\" for xml:lang: expected a "
                         "language code such as en-US", text);
    char language[FO_MAX_VALUE_LENGTH + 1];
    memcpy(language, text, length);
    language[length] = '\0';
    add_value(a, FO_PROP_LANGUAGE, language, FO_PROP_LANGUAGE,
              LEVEL_SHORTHAND, 0);
    if (text[length]) {
        const char *country = text + length + 1;
        char buffer[FO_MAX_VALUE_LENGTH + 1];
        size_t n = strcspn(country, "-_");
        memcpy(buffer, country, n);
        buffer[n] = '\0';
        if (n > 0)
            add_value(a, FO_PROP_COUNTRY, buffer, FO_PROP_COUNTRY,
                      LEVEL_SHORTHAND, 0);
    }
    return true;
}

/* vertical-align: the values that are a baseline-shift map onto it; top,
 * middle, bottom and the text-* ones have no XSL counterpart here. */
static bool add_vertical_align(adder *a, const char *text)
{
    static const char *const ignored[] = {"top", "middle", "bottom",
                                          "text-top", "text-bottom"};
    for (size_t i = 0; i < G_N_ELEMENTS(ignored); i++)
        if (strcmp(text, ignored[i]) == 0)
            return true;
    return add_value(a, FO_PROP_BASELINE_SHIFT, text, FO_PROP_BASELINE_SHIFT,
                     LEVEL_SHORTHAND, 0);
}

/* border-separation="L" or border-spacing="L1 L2": one length for both
 * directions, or the inline-progression one (CSS's horizontal) then the
 * block-progression one. */
static bool add_separation(adder *a, const char *text)
{
    char **parts = g_strsplit_set(text, " \t\r\n", -1);
    const char *values[2] = {NULL, NULL};
    int n = 0;
    bool ok = true;
    for (int i = 0; parts[i]; i++) {
        if (!parts[i][0])
            continue;
        if (n == 2) {
            ok = refuse(a, "bad value \"%.80s\" for %s: expected one or two lengths",
                        text, a->name);
            break;
        }
        values[n++] = parts[i];
    }
    if (ok && n == 0)
        ok = refuse(a, "bad value \"%.80s\" for %s: expected one or two lengths",
                    text, a->name);
    if (ok)
        ok = add_value(a, FO_PROP_BORDER_SEPARATION_INLINE, values[0],
                       FO_PROP_BORDER_SEPARATION_INLINE, LEVEL_PLAIN, 0) &&
             add_value(a, FO_PROP_BORDER_SEPARATION_BLOCK, values[n - 1],
                       FO_PROP_BORDER_SEPARATION_BLOCK, LEVEL_PLAIN, 0);
    g_strfreev(parts);
    return ok;
}

static bool add_shorthand(adder *a, const shorthand *s, const char *text)
{
    switch (s->kind) {
    case SH_MARGIN:
        return add_box(a, text, -1);
    case SH_BOX:
        return add_box(a, text, s->arg);
    case SH_ABSOLUTE:
        return add_value(a, group_rows[s->arg / 4][0], text, s->arg,
                         LEVEL_ABSOLUTE, ENTRY_ABSOLUTE);
    case SH_BORDER:
    case SH_BORDER_ABSOLUTE:
    case SH_BORDER_RELATIVE:
        return add_border(a, text, s->kind, s->arg);
    case SH_KEEP:
        /* the .within-line, .within-column, .within-page rows follow each
           other in properties.def */
        for (int row = s->arg; row < s->arg + 3; row++)
            if (!add_value(a, row, text, row, LEVEL_PLAIN, 0))
                return false;
        return true;
    case SH_FONT:
        return add_font(a, text);
    case SH_WHITE_SPACE:
        return add_white_space(a, text);
    case SH_PAGE_BREAK:
        return add_page_break(a, text, s->arg);
    case SH_LANG:
        return add_language(a, text);
    case SH_VERTICAL_ALIGN:
        return add_vertical_align(a, text);
    case SH_SEPARATION:
        return add_separation(a, text);
    }
    return false;
}

static fo_value_part find_part(const char *component)
{
    static const char *const names[] = {"", "minimum", "optimum", "maximum",
                                        "conditionality", "precedence"};
    for (int part = FO_PART_MINIMUM; part <= FO_PART_PRECEDENCE; part++)
        if (strcmp(component, names[part]) == 0)
            return (fo_value_part)part;
    return FO_PART_WHOLE;
}

/* An entry setting one part of target's value. */
static entry part_entry(int target, int level, fo_value_part part)
{
    entry e;
    memset(&e, 0, sizeof e);
    e.target = (uint16_t)target;
    e.level = (uint8_t)level;
    e.part = (uint8_t)part;
    return e;
}

static bool add_space_component(adder *a, int id, const char *component,
                                const char *text)
{
    fo_value_part part = find_part(component);
    if (part == FO_PART_WHOLE)
        return refuse(a, "bad component \"%s\" of %s", component,
                      rows[id].name);
    entry e = part_entry(id, LEVEL_COMPONENT, part);
    const char *detail = NULL;
    if (strcmp(text, "inherit") == 0)
        e.flags = ENTRY_INHERIT;
    else if (!fo_space_part_parse(part, text, &e.parsed, &detail))
        return refuse(a, "bad value \"%.80s\" for %s: expected %s%s%s%s",
                      text, a->name,
                      part <= FO_PART_MAXIMUM ? "a length"
                      : part == FO_PART_CONDITIONALITY ? "discard or retain"
                                                       : "force or an integer",
                      detail ? " (" : "", detail ? detail : "",
                      detail ? ")" : "");
    add_entry(a, &e);
    return true;
}

/* Components of length rows (padding-before.length, .conditionality,
 * block-progression-dimension.optimum, ...): the length or optimum is the
 * value; the rest are accepted and not kept (add_range_component keeps
 * the minimum and maximum of length-range rows). */
static bool add_length_component(adder *a, int row, const char *component,
                                 const char *text, int target, int level,
                                 int flags)
{
    if (strcmp(component, "length") == 0 || strcmp(component, "optimum") == 0)
        return add_value(a, row, text, target, level, flags);
    if (strcmp(component, "conditionality") == 0 &&
        (target == FO_PROP_BORDER_BEFORE_WIDTH || target == FO_PROP_BORDER_AFTER_WIDTH)) {
        /* whether the border is drawn where a break cuts the area */
        entry e = part_entry(target, level, FO_PART_CONDITIONALITY);
        const char *detail = NULL;
        if (strcmp(text, "inherit") == 0)
            e.flags = ENTRY_INHERIT;
        else if (!fo_space_part_parse(FO_PART_CONDITIONALITY, text, &e.parsed, &detail))
            return refuse(a, "bad value \"%.80s\" for %s: expected discard or retain",
                          text, a->name);
        add_entry(a, &e);
        return true;
    }
    if (strcmp(component, "minimum") == 0 ||
        strcmp(component, "maximum") == 0 ||
        strcmp(component, "conditionality") == 0 ||
        strcmp(component, "precedence") == 0)
        return true;
    return refuse(a, "bad component \"%s\" of %s", component, rows[row].name);
}

/* Components of a length-range row (inline-progression-dimension,
 * block-progression-dimension): each sets its own part, so .minimum,
 * .optimum and .maximum combine in any order; a minimum or maximum of
 * "auto" is no bound. .length is taken as the optimum, and
 * .conditionality and .precedence go to add_length_component. */
static bool add_range_component(adder *a, int id, const char *component,
                                const char *text)
{
    fo_value_part part = strcmp(component, "length") == 0
                             ? FO_PART_OPTIMUM
                             : find_part(component);
    if (part != FO_PART_MINIMUM && part != FO_PART_OPTIMUM &&
        part != FO_PART_MAXIMUM)
        return add_length_component(a, id, component, text, id,
                                    LEVEL_COMPONENT, 0);
    entry e = part_entry(id, LEVEL_COMPONENT, part);
    const char *detail = NULL;
    if (strcmp(text, "inherit") == 0) {
        e.flags = ENTRY_INHERIT;
    } else if (part == FO_PART_OPTIMUM) {
        if (!fo_value_parse((fo_property_id)id, text, a->arena, &e.parsed,
                            &detail))
            return refuse_value(a, id, text, detail);
    } else if (strcmp(text, "auto") != 0) {
        if (!fo_space_part_parse(part, text, &e.parsed, &detail))
            return refuse(a, "bad value \"%.80s\" for %s: expected auto or "
                             "a length%s%s%s", text, a->name,
                          detail ? " (" : "", detail ? detail : "",
                          detail ? ")" : "");
        e.parsed.value.range_given = part == FO_PART_MINIMUM ? 1 : 2;
    }
    add_entry(a, &e);
    return true;
}

static bool add_component(adder *a, const char *text)
{
    const char *dot = strrchr(a->name, '.');
    char base[64];
    size_t length = (size_t)(dot - a->name);
    if (length >= sizeof base)
        return refuse(a, "unknown property \"%.80s\"", a->name);
    memcpy(base, a->name, length);
    base[length] = '\0';
    const char *component = dot + 1;
    int id = find_property(base);
    if (id < 0) {
        const shorthand *s = g_hash_table_lookup(table.shorthands, base);
        if (s && s->kind == SH_ABSOLUTE && s->arg / 4 <= GROUP_WIDTH)
            return add_length_component(a, group_rows[s->arg / 4][0],
                                        component, text, s->arg,
                                        LEVEL_ABSOLUTE, ENTRY_ABSOLUTE);
        if (s)
            return refuse(a, "bad component \"%s\" of %s", component, base);
        return refuse(a, "unknown property \"%.80s\"", a->name);
    }
    switch (rows[id].parser) {
    case FO_PARSE_SPACE:
        return add_space_component(a, id, component, text);
    case FO_PARSE_LENGTH:
        return add_range_component(a, id, component, text);
    case FO_PARSE_LINE_HEIGHT:
        /* line-height is a space in XSL; only its optimum is kept */
        return add_length_component(a, id, component, text, id,
                                    LEVEL_COMPONENT, 0);
    default:
        return refuse(a, "bad component \"%s\" of %s", component, base);
    }
}

static bool add_attribute(adder *a, const char *text)
{
    int id = find_property(a->name);
    if (id >= 0)
        return add_value(a, id, text, id,
                         strchr(a->name, '.') ? LEVEL_COMPONENT : LEVEL_PLAIN,
                         0);
    const shorthand *s = g_hash_table_lookup(table.shorthands, a->name);
    if (s)
        return add_shorthand(a, s, text);
    if (strchr(a->name, '.'))
        return add_component(a, text);
    return refuse(a, "unknown property \"%.80s\"", a->name);
}

fo_specified *fo_specified_new(pliego_arena *arena)
{
    return pliego_arena_alloc(arena, sizeof(fo_specified));
}

/* Inserts e after the entries of its level and below, keeping the order of
 * attributes within a level. */
static void insert_entry(fo_specified *spec, pliego_arena *arena,
                         const entry *e)
{
    if (spec->count == spec->capacity) {
        int capacity = spec->capacity ? spec->capacity * 2 : 4;
        entry *grown = pliego_arena_alloc(arena, sizeof(entry) *
                                                     (size_t)capacity);
        if (spec->count)
            memcpy(grown, spec->entries, sizeof(entry) * (size_t)spec->count);
        spec->entries = grown;
        spec->capacity = capacity;
    }
    int at = spec->count;
    while (at > 0 && spec->entries[at - 1].level > e->level)
        at--;
    memmove(&spec->entries[at + 1], &spec->entries[at],
            sizeof(entry) * (size_t)(spec->count - at));
    spec->entries[at] = *e;
    spec->count++;
}

bool fo_specified_add(fo_specified *spec, pliego_arena *arena,
                      const char *name, const char *value,
                      const char **message)
{
    ensure_tables();
    adder a; /* pending[] is filled as used: zeroing it costs more than
                the parsing of most attributes */
    a.arena = arena;
    a.name = name;
    a.message = message;
    a.count = 0;
    size_t length = strnlen(value, FO_MAX_VALUE_LENGTH + 1);
    if (length > FO_MAX_VALUE_LENGTH)
        return refuse(&a, "value of %.80s is longer than %d bytes", name,
                      FO_MAX_VALUE_LENGTH);
    char text[FO_MAX_VALUE_LENGTH + 1];
    trim_into(text, value, length);
    if (!add_attribute(&a, text))
        return false;
    for (int i = 0; i < a.count; i++)
        insert_entry(spec, arena, &a.pending[i]);
    return true;
}

/* ---- computing -------------------------------------------------------- */

static int writing_mode_index(int keyword)
{
    switch (keyword) {
    case FO_KW_RL_TB:
    case FO_KW_RL:
        return 1;
    case FO_KW_TB_RL:
    case FO_KW_TB:
        return 2;
    case FO_KW_TB_LR:
        return 3;
    default:
        return 0;
    }
}

static void copy_part(fo_value *to, const fo_value *from, fo_value_part part)
{
    switch (part) {
    case FO_PART_WHOLE:
        *to = *from;
        break;
    case FO_PART_MINIMUM:
        to->minimum = from->minimum;
        to->range_is_percent = (uint8_t)((to->range_is_percent & ~1) |
                                         (from->range_is_percent & 1));
        to->range_given = (uint8_t)((to->range_given & ~1) |
                                    (from->range_given & 1));
        break;
    case FO_PART_OPTIMUM:
        to->type = from->type;
        to->keyword = from->keyword;
        to->number = from->number;
        break;
    case FO_PART_MAXIMUM:
        to->maximum = from->maximum;
        to->range_is_percent = (uint8_t)((to->range_is_percent & ~2) |
                                         (from->range_is_percent & 2));
        to->range_given = (uint8_t)((to->range_given & ~2) |
                                    (from->range_given & 2));
        break;
    case FO_PART_CONDITIONALITY:
        to->retain = from->retain;
        break;
    case FO_PART_PRECEDENCE:
        to->precedence = from->precedence;
        break;
    }
}

static fo_value resolve_font_size(fo_value v, double parent_size)
{
    if (v.type == FO_VALUE_PERCENT)
        v.number = parent_size * v.number / 100.0;
    else if (v.type == FO_VALUE_KEYWORD)
        v.number = v.keyword == FO_KW_LARGER ? parent_size * 1.2
                                             : parent_size / 1.2;
    v.type = FO_VALUE_LENGTH;
    v.keyword = 0;
    return v;
}

/* The entry's value with em resolved; font-size, relative font weights
 * and color's currentColor resolve against the parent (base). */
static fo_value resolve_entry(const entry *e, int id, const fo_value *base,
                              double font_size)
{
    fo_value v = e->parsed.value;
    const double *em = e->parsed.em;
    if (v.type == FO_VALUE_LENGTH)
        v.number += em[0] * font_size;
    if (!(v.range_is_percent & 1))
        v.minimum += em[1] * font_size;
    if (!(v.range_is_percent & 2))
        v.maximum += em[2] * font_size;
    if (id == FO_PROP_FONT_SIZE)
        return resolve_font_size(v, base[FO_PROP_FONT_SIZE].number);
    if (v.type != FO_VALUE_KEYWORD)
        return v;
    if (id == FO_PROP_FONT_WEIGHT) {
        double weight = base[FO_PROP_FONT_WEIGHT].number;
        weight += v.keyword == FO_KW_BOLDER ? 300 : -300;
        v.type = FO_VALUE_NUMBER;
        v.keyword = 0;
        v.number = CLAMP(weight, 100, 900);
    } else if (id == FO_PROP_COLOR && v.keyword == FO_KW_CURRENTCOLOR) {
        v = base[FO_PROP_COLOR];
    }
    return v;
}

static void apply_entry(const entry *e, const fo_value *base, fo_value *out,
                        double font_size, int mode, uint8_t *specified)
{
    int id = e->target;
    if (e->flags & ENTRY_ABSOLUTE)
        id = group_rows[id / 4][relative_side[mode][id % 4]];
    specified[id] = 1;
    fo_value v = e->flags & ENTRY_INHERIT
                     ? base[id]
                     : resolve_entry(e, id, base, font_size);
    copy_part(&out[id], &v, (fo_value_part)e->part);
}

static bool is_early(const entry *e)
{
    return !(e->flags & ENTRY_ABSOLUTE) &&
           (e->target == FO_PROP_FONT_SIZE ||
            e->target == FO_PROP_WRITING_MODE);
}

static double length_or_zero(const fo_value *v)
{
    return v->type == FO_VALUE_LENGTH ? v->number : 0.0;
}

static fo_value length_value(double points)
{
    fo_value v;
    memset(&v, 0, sizeof v);
    v.type = FO_VALUE_LENGTH;
    v.number = points;
    return v;
}

/* A space with minimum = optimum = maximum = the margin, discard. */
static void space_from_margin(const fo_value *margin, fo_value *space)
{
    if (margin->type != FO_VALUE_LENGTH && margin->type != FO_VALUE_PERCENT) {
        *space = length_value(0.0);
        return;
    }
    *space = length_value(margin->number);
    space->type = margin->type;
    space->minimum = space->maximum = margin->number;
    space->range_is_percent = margin->type == FO_VALUE_PERCENT ? 3 : 0;
    /* a margin is kept at the top of a page, as FOP keeps it */
    space->retain = 1;
}

/* XSL 1.1 section 5.3.2: margins of blocks become spaces and indents
 * unless those are specified. An indent adds the inherited indent, the
 * border and the padding of its side. */
static void apply_margins(fo_value *out, const uint8_t *specified, int mode)
{
    const uint8_t *side = absolute_side[mode];
    static const fo_property_id spaces[2] = {FO_PROP_SPACE_BEFORE,
                                             FO_PROP_SPACE_AFTER};
    static const fo_property_id indents[2] = {FO_PROP_START_INDENT,
                                              FO_PROP_END_INDENT};
    for (int i = 0; i < 2; i++) {
        fo_property_id margin = margin_rows[side[SIDE_BEFORE + i]];
        if (specified[margin] && !specified[spaces[i]])
            space_from_margin(&out[margin], &out[spaces[i]]);
    }
    for (int i = 0; i < 2; i++) {
        int relative = SIDE_START + i;
        fo_property_id margin = margin_rows[side[relative]];
        if (!specified[margin] || specified[indents[i]])
            continue;
        double added = length_or_zero(&out[margin]) +
                       length_or_zero(&out[group_rows[GROUP_WIDTH][relative]]) +
                       length_or_zero(&out[group_rows[GROUP_PADDING][relative]]);
        if (out[indents[i]].type == FO_VALUE_FUNCTION) {
            /* an inherited body-start() keeps its function; layout adds */
            out[indents[i]].minimum += added;
            continue;
        }
        out[indents[i]] = length_value(length_or_zero(&out[indents[i]]) + added);
    }
}

/* XSL 4.3 (length-range): a minimum above the optimum or a maximum below
 * it is taken as equal to it. */
static void fix_space_ranges(fo_value *out, const uint8_t *specified)
{
    for (int i = 0; i < table.space_row_count; i++) {
        fo_value *v = &out[table.space_rows[i]];
        if (!specified[table.space_rows[i]] || v->type != FO_VALUE_LENGTH)
            continue;
        if (!(v->range_is_percent & 1) && v->minimum > v->number)
            v->minimum = v->number;
        if (!(v->range_is_percent & 2) && v->maximum < v->number)
            v->maximum = v->number;
    }
}

static void finish_values(fo_value *out, const uint8_t *specified, int mode)
{
    double font_size = out[FO_PROP_FONT_SIZE].number;
    fix_space_ranges(out, specified);
    for (int side = 0; side < 4; side++) {
        const fo_value *style = &out[group_rows[GROUP_STYLE][side]];
        if (style->type == FO_VALUE_KEYWORD &&
            (style->keyword == FO_KW_NONE || style->keyword == FO_KW_HIDDEN))
            out[group_rows[GROUP_WIDTH][side]] = length_value(0.0);
    }
    for (int i = 0; i < table.color_row_count; i++) {
        fo_value *v = &out[table.color_rows[i]];
        if (v->type == FO_VALUE_KEYWORD && v->keyword == FO_KW_CURRENTCOLOR)
            *v = out[FO_PROP_COLOR];
    }
    fo_value *line_height = &out[FO_PROP_LINE_HEIGHT];
    if (line_height->type == FO_VALUE_PERCENT)
        *line_height = length_value(line_height->number * font_size / 100.0);
    apply_margins(out, specified, mode);
}

/* The line-height of computed values in points: a length, a factor of
 * the font size, or "normal" (1.2, as FOP). */
static double line_height_of(const fo_value *values)
{
    const fo_value *height = &values[FO_PROP_LINE_HEIGHT];
    double size = values[FO_PROP_FONT_SIZE].number;
    if (height->type == FO_VALUE_LENGTH)
        return height->number;
    if (height->type == FO_VALUE_NUMBER)
        return height->number * size;
    return 1.2 * size;
}

/* Clamps the computed font size into the range layout supports; returns
 * false (with the size asked for) when it was outside. */
static bool clamp_font_size(fo_value *size, double *asked)
{
    double points = size->number;
    if (points >= FO_MIN_FONT_SIZE && points <= FO_MAX_FONT_SIZE)
        return true;
    if (asked)
        *asked = points;
    size->number = points > FO_MAX_FONT_SIZE ? FO_MAX_FONT_SIZE : FO_MIN_FONT_SIZE;
    return false;
}

bool fo_properties_compute(const fo_value *parent, const fo_specified *spec,
                           fo_value *out, double *asked_font_size)
{
    ensure_tables();
    const fo_value *base = parent ? parent : table.initial;
    for (int id = 0; id < FO_PROP_COUNT; id++)
        out[id] = rows[id].inherited ? base[id] : table.initial[id];
    uint8_t specified[FO_PROP_COUNT];
    memset(specified, 0, sizeof specified);
    int count = spec ? spec->count : 0;
    /* font-size and writing-mode first: em and absolute sides need them */
    for (int i = 0; i < count; i++)
        if (is_early(&spec->entries[i]))
            apply_entry(&spec->entries[i], base, out,
                        base[FO_PROP_FONT_SIZE].number, 0, specified);
    bool in_range = clamp_font_size(&out[FO_PROP_FONT_SIZE], asked_font_size);
    double font_size = out[FO_PROP_FONT_SIZE].number;
    int mode = writing_mode_index(out[FO_PROP_WRITING_MODE].keyword);
    for (int i = 0; i < count; i++)
        if (!is_early(&spec->entries[i]))
            apply_entry(&spec->entries[i], base, out, font_size, mode,
                        specified);
    finish_values(out, specified, mode);
    /* XSL 7.14.3: a baseline-shift percentage is of the parent's
       line-height */
    fo_value *shift = &out[FO_PROP_BASELINE_SHIFT];
    if (shift->type == FO_VALUE_PERCENT)
        *shift = length_value(shift->number * line_height_of(base) / 100.0);
    return in_range;
}
