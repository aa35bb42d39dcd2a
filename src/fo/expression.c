/* Value parsers of FO properties: numeric expressions, colors, strings
 * and the parser kinds of properties.def.
 *
 * Takes one attribute value (already trimmed and at most
 * FO_MAX_VALUE_LENGTH bytes) and the row it belongs to; gives an fo_parsed
 * value, with em lengths still symbolic, and strings copied into the
 * caller's arena. The numeric expressions are those of XSL 1.1 section 5.9
 * (+ - * div mod, unary signs, parentheses, abs() min() max() floor()
 * ceiling() round(), label-end() body-start()
 * proportional-column-width()), nested at most FO_MAX_DEPTH deep. Numbers
 * are read with g_ascii_strtod so the locale never changes a result.
 * properties.c decides which row a name means and computes the values.
 */
#include "fo/fo.h"

#include <glib.h>
#include <math.h>
#include <string.h>

/* ---- words ------------------------------------------------------------ */

static bool word_is(fo_word w, const char *text)
{
    return strlen(text) == w.length && memcmp(w.start, text, w.length) == 0;
}

static bool is_operator_word(fo_word w)
{
    return word_is(w, "+") || word_is(w, "-") || word_is(w, "*") ||
           word_is(w, "div") || word_is(w, "mod");
}

void fo_word_copy(char *buffer, fo_word w)
{
    memcpy(buffer, w.start, w.length);
    buffer[w.length] = '\0';
}

/* "1pt + 2pt 3pt" is two values: a fo_word that is or ends with an operator
 * joins the next one, and an operator fo_word joins the previous one. */
static int join_operators(fo_word *words, int count)
{
    int n = 0;
    bool open = false;
    for (int i = 0; i < count; i++) {
        fo_word w = words[i];
        bool joins = n > 0 && (open || is_operator_word(w) ||
                               w.start[0] == '+' || w.start[0] == '*');
        if (joins)
            words[n - 1].length = (size_t)(w.start + w.length -
                                           words[n - 1].start);
        else
            words[n++] = w;
        char last = w.start[w.length - 1];
        open = is_operator_word(w) || last == '+' || last == '-' ||
               last == '*';
    }
    return n;
}

int fo_split_words(const char *text, fo_word *words, int max)
{
    int count = 0;
    const char *p = text;
    for (;;) {
        while (g_ascii_isspace(*p))
            p++;
        if (!*p)
            break;
        const char *start = p;
        int depth = 0;
        char quote = 0;
        while (*p && (quote || depth > 0 || !g_ascii_isspace(*p))) {
            if (quote)
                quote = *p == quote ? 0 : quote;
            else if (*p == '\'' || *p == '"')
                quote = *p;
            else if (*p == '(')
                depth++;
            else if (*p == ')' && depth > 0)
                depth--;
            p++;
        }
        if (count == max)
            return -1;
        words[count++] = (fo_word){start, (size_t)(p - start)};
    }
    return join_operators(words, count);
}

/* ---- numeric expressions (XSL 1.1 section 5.9) ------------------------ */

typedef enum { Q_NUMBER, Q_LENGTH, Q_PERCENT, Q_FUNCTION } quantity_kind;

typedef struct {
    quantity_kind kind;
    double value;        /* the number, points, percent or argument */
    double em;           /* Q_LENGTH: font sizes not yet resolved */
    fo_keyword function; /* Q_FUNCTION */
} quantity;

typedef struct {
    const char *p;
    double font_size;    /* >= 0: em resolves at once; < 0: kept in .em */
    int depth;
    const char *error;   /* static text of the first error */
} expression;

static bool parse_sum(expression *e, quantity *out);

static bool expression_fail(expression *e, const char *message)
{
    if (!e->error)
        e->error = message;
    return false;
}

static void skip_space(expression *e)
{
    while (g_ascii_isspace(*e->p))
        e->p++;
}

static bool enter(expression *e)
{
    if (++e->depth > FO_MAX_DEPTH)
        return expression_fail(e, "expression nested deeper than 32");
    return true;
}

static size_t name_length(const char *p)
{
    if (!g_ascii_isalpha(p[0]))
        return 0;
    size_t n = 1;
    while (g_ascii_isalnum(p[n]) || p[n] == '-' || p[n] == '_')
        n++;
    return n;
}

static void scale(quantity *q, double factor)
{
    q->value *= factor;
    q->em *= factor;
}

static bool apply_unit(expression *e, double number, quantity *out)
{
    static const struct {
        char name[3];
        double points;
    } units[] = {{"pt", 1.0},         {"mm", 72.0 / 25.4},
                 {"cm", 72.0 / 2.54}, {"in", 72.0},
                 {"pc", 12.0},        {"px", 1.0}};
    *out = (quantity){Q_NUMBER, number, 0.0, FO_KW_NONE_SET};
    if (*e->p == '%') {
        e->p++;
        out->kind = Q_PERCENT;
        return true;
    }
    size_t n = 0;
    while (g_ascii_isalpha(e->p[n]))
        n++;
    if (n == 0)
        return true;
    if (n == 2 && strncmp(e->p, "em", 2) == 0) {
        out->kind = Q_LENGTH;
        if (e->font_size >= 0) {
            out->value = number * e->font_size;
        } else {
            out->value = 0.0;
            out->em = number;
        }
        e->p += 2;
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
        if (n == 2 && strncmp(e->p, units[i].name, 2) == 0) {
            out->kind = Q_LENGTH;
            out->value = number * units[i].points;
            e->p += 2;
            return true;
        }
    }
    return expression_fail(e, "unknown unit");
}

static bool parse_number(expression *e, quantity *out)
{
    const char *p = e->p;
    size_t digits = 0;
    for (; g_ascii_isdigit(*p); p++)
        digits++;
    if (*p == '.')
        for (p++; g_ascii_isdigit(*p); p++)
            digits++;
    if (digits == 0)
        return expression_fail(e, "expected a number");
    /* XSL numbers have no exponent; without this "1e9pt" would be read as
       1 followed by the unit "e" */
    if ((*p == 'e' || *p == 'E') &&
        (g_ascii_isdigit(p[1]) || ((p[1] == '+' || p[1] == '-') && g_ascii_isdigit(p[2]))))
        return expression_fail(e, "numbers cannot have an exponent (such as 1e9): "
                                  "write the digits out in full");
    char buffer[64];
    size_t length = (size_t)(p - e->p);
    if (length >= sizeof buffer)
        return expression_fail(e, "number too long");
    memcpy(buffer, e->p, length);
    buffer[length] = '\0';
    e->p = p;
    /* g_ascii_strtod: a comma-decimal locale must not change the result */
    return apply_unit(e, g_ascii_strtod(buffer, NULL), out);
}

static bool is_plain(const quantity *q)
{
    return q->kind != Q_FUNCTION && q->em == 0.0;
}

static bool call_one(expression *e, const char *name, quantity *q)
{
    if (strcmp(name, "abs") == 0)
        q->value = fabs(q->value);
    else if (strcmp(name, "floor") == 0)
        q->value = floor(q->value);
    else if (strcmp(name, "ceiling") == 0)
        q->value = ceil(q->value);
    else if (strcmp(name, "round") == 0)
        q->value = floor(q->value + 0.5);
    else
        return expression_fail(e, "unknown function");
    return true;
}

static bool call_function(expression *e, const char *name,
                          const quantity *args, int count, quantity *out)
{
    *out = (quantity){Q_FUNCTION, 0.0, 0.0, FO_KW_NONE_SET};
    if (strcmp(name, "label-end") == 0 || strcmp(name, "body-start") == 0) {
        if (count != 0)
            return expression_fail(e, "wrong number of arguments");
        out->function = name[0] == 'l' ? FO_KW_LABEL_END : FO_KW_BODY_START;
        return true;
    }
    if (strcmp(name, "proportional-column-width") == 0) {
        /* FOP also takes a percentage here, as a number of shares */
        if (count != 1 || (args[0].kind != Q_NUMBER && args[0].kind != Q_PERCENT) ||
            args[0].value < 0)
            return expression_fail(e, "proportional-column-width() takes "
                                      "one positive number");
        out->function = FO_KW_PROPORTIONAL_COLUMN_WIDTH;
        out->value = args[0].value;
        return true;
    }
    for (int i = 0; i < count; i++)
        if (!is_plain(&args[i]))
            return expression_fail(e, "function arguments must be numbers "
                                      "or absolute lengths");
    bool is_min = strcmp(name, "min") == 0;
    if (is_min || strcmp(name, "max") == 0) {
        if (count != 2 || args[0].kind != args[1].kind)
            return expression_fail(e, "min() and max() take two values of "
                                      "the same kind");
        bool first = is_min ? args[0].value <= args[1].value
                            : args[0].value >= args[1].value;
        *out = args[first ? 0 : 1];
        return true;
    }
    if (count != 1)
        return expression_fail(e, "wrong number of arguments");
    *out = args[0];
    return call_one(e, name, out);
}

static bool parse_arguments(expression *e, quantity *args, int *count)
{
    *count = 0;
    skip_space(e);
    if (*e->p == ')')
        return true;
    for (;;) {
        if (*count == 2)
            return expression_fail(e, "too many arguments");
        if (!parse_sum(e, &args[(*count)++]))
            return false;
        skip_space(e);
        if (*e->p != ',')
            return true;
        e->p++;
    }
}

static bool parse_call(expression *e, size_t length, quantity *out)
{
    char name[32];
    if (length >= sizeof name)
        return expression_fail(e, "unknown function");
    memcpy(name, e->p, length);
    name[length] = '\0';
    e->p += length;
    skip_space(e);
    if (*e->p != '(')
        return expression_fail(e, "unknown keyword");
    e->p++;
    quantity args[2];
    int count;
    if (!enter(e) || !parse_arguments(e, args, &count))
        return false;
    skip_space(e);
    if (*e->p != ')')
        return expression_fail(e, "missing )");
    e->p++;
    e->depth--;
    return call_function(e, name, args, count, out);
}

static bool parse_primary(expression *e, quantity *out)
{
    skip_space(e);
    if (*e->p == '(') {
        e->p++;
        if (!enter(e) || !parse_sum(e, out))
            return false;
        skip_space(e);
        if (*e->p != ')')
            return expression_fail(e, "missing )");
        e->p++;
        e->depth--;
        return true;
    }
    if (g_ascii_isdigit(*e->p) || *e->p == '.')
        return parse_number(e, out);
    size_t length = name_length(e->p);
    if (length > 0)
        return parse_call(e, length, out);
    return expression_fail(e, *e->p ? "unexpected character"
                                    : "missing value");
}

static bool parse_unary(expression *e, quantity *out)
{
    skip_space(e);
    if (*e->p != '-' && *e->p != '+')
        return parse_primary(e, out);
    bool negate = *e->p == '-';
    e->p++;
    if (!enter(e) || !parse_unary(e, out))
        return false;
    e->depth--;
    if (negate && out->kind == Q_FUNCTION)
        return expression_fail(e, "cannot negate a function value");
    if (negate)
        scale(out, -1.0);
    return true;
}

static bool apply_product(expression *e, int op, quantity *left,
                          const quantity *right)
{
    if (left->kind == Q_FUNCTION || right->kind == Q_FUNCTION)
        return expression_fail(e, "label-end(), body-start() and "
                                  "proportional-column-width() stand alone");
    if (op == '*') {
        if (right->kind == Q_NUMBER) {
            scale(left, right->value);
            return true;
        }
        if (left->kind != Q_NUMBER)
            return expression_fail(e, "cannot multiply two lengths");
        double factor = left->value;
        *left = *right;
        scale(left, factor);
        return true;
    }
    if (right->value == 0.0 && right->em == 0.0)
        return expression_fail(e, "division by zero");
    if (op == 'd' && right->kind == Q_NUMBER) {
        scale(left, 1.0 / right->value);
        return true;
    }
    if (left->kind != right->kind || !is_plain(left) || !is_plain(right))
        return expression_fail(e, "div and mod need values of one kind");
    if (op == 'd') {
        left->value /= right->value;
        left->kind = Q_NUMBER;
    } else {
        left->value = fmod(left->value, right->value);
    }
    return true;
}

static int product_operator(expression *e)
{
    skip_space(e);
    if (*e->p == '*') {
        e->p++;
        return '*';
    }
    size_t length = name_length(e->p);
    if (length == 3 && strncmp(e->p, "div", 3) == 0) {
        e->p += 3;
        return 'd';
    }
    if (length == 3 && strncmp(e->p, "mod", 3) == 0) {
        e->p += 3;
        return 'm';
    }
    return 0;
}

static bool parse_product(expression *e, quantity *out)
{
    if (!parse_unary(e, out))
        return false;
    for (;;) {
        int op = product_operator(e);
        if (!op)
            return true;
        quantity right;
        if (!parse_unary(e, &right) || !apply_product(e, op, out, &right))
            return false;
    }
}

static bool apply_sum(expression *e, quantity *left, quantity right,
                      double sign)
{
    if (left->kind == Q_FUNCTION || right.kind == Q_FUNCTION)
        return expression_fail(e, "label-end(), body-start() and "
                                  "proportional-column-width() stand alone");
    /* 0 is a length too (XSL 5.9.11) */
    if (left->kind == Q_NUMBER && left->value == 0.0)
        left->kind = right.kind;
    if (right.kind == Q_NUMBER && right.value == 0.0)
        right.kind = left->kind;
    if (left->kind != right.kind)
        return expression_fail(e, "cannot add numbers, lengths and "
                                  "percentages");
    left->value += sign * right.value;
    left->em += sign * right.em;
    return true;
}

static bool parse_sum(expression *e, quantity *out)
{
    if (!parse_product(e, out))
        return false;
    for (;;) {
        skip_space(e);
        char op = *e->p;
        if (op != '+' && op != '-')
            return true;
        e->p++;
        quantity right;
        if (!parse_product(e, &right) ||
            !apply_sum(e, out, right, op == '-' ? -1.0 : 1.0))
            return false;
    }
}

/* Evaluates a whole expression. font_size < 0 keeps em symbolic. */
static bool evaluate(const char *text, double font_size, quantity *out,
                     const char **error)
{
    expression e = {text, font_size, 0, NULL};
    bool ok = parse_sum(&e, out);
    if (ok) {
        skip_space(&e);
        if (*e.p)
            ok = expression_fail(&e, "unexpected text after the value");
    }
    if (ok && (!isfinite(out->value) || !isfinite(out->em)))
        ok = expression_fail(&e, "number out of range");
    *error = e.error;
    return ok;
}

/* A length, a percentage or label-end() and friends. A bare number is
 * taken as pixels at FOP's source resolution of 72 dpi, i.e. points, as
 * FOP takes it (XSL itself would refuse it). */
static bool quantity_to_length(const quantity *q, fo_parsed *out,
                               const char **detail)
{
    fo_value *v = &out->value;
    v->number = q->value;
    switch (q->kind) {
    case Q_NUMBER:
        v->type = FO_VALUE_LENGTH;
        return true;
    case Q_LENGTH:
        v->type = FO_VALUE_LENGTH;
        out->em[0] = q->em;
        return true;
    case Q_PERCENT:
        v->type = FO_VALUE_PERCENT;
        return true;
    case Q_FUNCTION:
        v->type = FO_VALUE_FUNCTION;
        v->keyword = (uint16_t)q->function;
        return true;
    }
    return false;
}

static bool parse_length_text(const char *text, bool functions, fo_parsed *out,
                              const char **detail)
{
    quantity q;
    if (!evaluate(text, -1.0, &q, detail))
        return false;
    if (q.kind == Q_FUNCTION && !functions) {
        *detail = "functions are not allowed here";
        return false;
    }
    return quantity_to_length(&q, out, detail);
}

static bool parse_number_text(const char *text, bool integer, double *out,
                              const char **detail)
{
    quantity q;
    if (!evaluate(text, -1.0, &q, detail))
        return false;
    if (q.kind != Q_NUMBER) {
        *detail = "expected a number without a unit";
        return false;
    }
    if (integer && (q.value != floor(q.value) || fabs(q.value) > 1e9)) {
        *detail = "expected an integer";
        return false;
    }
    *out = q.value;
    return true;
}

bool fo_parse_length(const char *text, double font_size, fo_value *out)
{
    if (!text || strnlen(text, FO_MAX_VALUE_LENGTH + 1) > FO_MAX_VALUE_LENGTH)
        return false;
    quantity q;
    const char *detail = NULL;
    fo_parsed parsed;
    memset(&parsed, 0, sizeof parsed);
    if (!evaluate(text, font_size > 0 ? font_size : 0.0, &q, &detail) ||
        !quantity_to_length(&q, &parsed, &detail))
        return false;
    *out = parsed.value;
    return true;
}

/* ---- colors ----------------------------------------------------------- */

static const struct {
    const char *name;
    uint32_t rgb;
} color_names[] = {
    {"black", 0x000000},     {"silver", 0xC0C0C0},
    {"gray", 0x808080},      {"grey", 0x808080},
    {"white", 0xFFFFFF},     {"maroon", 0x800000},
    {"red", 0xFF0000},       {"purple", 0x800080},
    {"fuchsia", 0xFF00FF},   {"green", 0x008000},
    {"lime", 0x00FF00},      {"olive", 0x808000},
    {"yellow", 0xFFFF00},    {"navy", 0x000080},
    {"blue", 0x0000FF},      {"teal", 0x008080},
    {"aqua", 0x00FFFF},      {"orange", 0xFFA500},
    {"cyan", 0x00FFFF},      {"magenta", 0xFF00FF},
    {"pink", 0xFFC0CB},      {"brown", 0xA52A2A},
    {"gold", 0xFFD700},      {"beige", 0xF5F5DC},
    {"ivory", 0xFFFFF0},     {"lightblue", 0xADD8E6},
    {"lightgreen", 0x90EE90}, {"lightyellow", 0xFFFFE0},
    {"darkblue", 0x00008B},  {"darkred", 0x8B0000},
    {"darkgreen", 0x006400}, {"whitesmoke", 0xF5F5F5},
    {"gainsboro", 0xDCDCDC}, {"lightgray", 0xD3D3D3},
    {"lightgrey", 0xD3D3D3}, {"darkgray", 0xA9A9A9},
    {"darkgrey", 0xA9A9A9},  {"dimgray", 0x696969},
    {"dimgrey", 0x696969},   {"darkorange", 0xFF8C00},
    {"crimson", 0xDC143C},   {"tomato", 0xFF6347},
    {"coral", 0xFF7F50},     {"salmon", 0xFA8072},
    {"khaki", 0xF0E68C},     {"lavender", 0xE6E6FA},
    {"linen", 0xFAF0E6},     {"snow", 0xFFFAFA},
    {"skyblue", 0x87CEEB},   {"steelblue", 0x4682B4},
    {"royalblue", 0x4169E1}, {"indigo", 0x4B0082},
    {"violet", 0xEE82EE},    {"tan", 0xD2B48C},
    {"wheat", 0xF5DEB3},     {"lightcyan", 0xE0FFFF},
    {"aliceblue", 0xF0F8FF}, {"azure", 0xF0FFFF},
    {"honeydew", 0xF0FFF0},  {"firebrick", 0xB22222},
    {"goldenrod", 0xDAA520}, {"chocolate", 0xD2691E},
    {"seagreen", 0x2E8B57},  {"forestgreen", 0x228B22},
    {"darkcyan", 0x008B8B},  {"lightcoral", 0xF08080},
    {"slategray", 0x708090}, {"darkslategray", 0x2F4F4F},
    {"lightsteelblue", 0xB0C4DE}, {"cornflowerblue", 0x6495ED},
    {"powderblue", 0xB0E0E6}, {"palegreen", 0x98FB98},
    {"mistyrose", 0xFFE4E1}, {"oldlace", 0xFDF5E6},
    {"floralwhite", 0xFFFAF0}, {"ghostwhite", 0xF8F8FF},
    {"cornsilk", 0xFFF8DC},  {"lemonchiffon", 0xFFFACD},
};

static bool parse_hex_color(const char *hex, uint32_t *color)
{
    size_t n = strlen(hex);
    uint32_t digits = 0;
    for (size_t i = 0; i < n; i++) {
        int d = g_ascii_xdigit_value(hex[i]);
        if (d < 0)
            return false;
        digits = digits << 4 | (uint32_t)d;
    }
    if (n == 3 || n == 4) {
        uint32_t wide = 0;
        for (size_t i = 0; i < n; i++)
            wide |= ((digits >> (4 * (n - 1 - i))) & 0xF) * 0x11
                    << (8 * (n - 1 - i));
        digits = wide;
        n *= 2;
    }
    if (n == 6)
        *color = digits << 8 | 0xFF;
    else if (n == 8)
        *color = digits;
    else
        return false;
    return true;
}

/* One channel of rgb(): an integer 0..255 or a percentage, clamped. */
static bool parse_channel(const char **p, int *channel)
{
    while (g_ascii_isspace(**p))
        (*p)++;
    const char *start = *p;
    if (**p == '-' || **p == '+')
        (*p)++;
    while (g_ascii_isdigit(**p) || **p == '.')
        (*p)++;
    size_t length = (size_t)(*p - start);
    char buffer[32];
    if (length == 0 || length >= sizeof buffer)
        return false;
    memcpy(buffer, start, length);
    buffer[length] = '\0';
    double value = g_ascii_strtod(buffer, NULL);
    if (**p == '%') {
        (*p)++;
        value = value * 255.0 / 100.0;
    }
    *channel = (int)CLAMP(floor(value + 0.5), 0.0, 255.0);
    while (g_ascii_isspace(**p))
        (*p)++;
    return true;
}

/* rgb(r,g,b), and rgb-icc(r,g,b,profile,...) by its sRGB fallback. */
static bool parse_rgb_color(const char *text, bool icc, uint32_t *color)
{
    const char *p = text;
    int channel[3];
    for (int i = 0; i < 3; i++) {
        if (!parse_channel(&p, &channel[i]))
            return false;
        if (i < 2 && *p++ != ',')
            return false;
    }
    if (icc && *p == ',')
        p = strchr(p, ')');
    if (!p || *p != ')' || p[1] != '\0')
        return false;
    *color = (uint32_t)channel[0] << 24 | (uint32_t)channel[1] << 16 |
             (uint32_t)channel[2] << 8 | 0xFF;
    return true;
}

static bool parse_color(const char *text, fo_value *out)
{
    uint32_t color = 0;
    bool ok = false;
    if (text[0] == '#')
        ok = parse_hex_color(text + 1, &color);
    else if (g_ascii_strncasecmp(text, "rgb(", 4) == 0)
        ok = parse_rgb_color(text + 4, false, &color);
    else if (g_ascii_strncasecmp(text, "rgb-icc(", 8) == 0)
        ok = parse_rgb_color(text + 8, true, &color);
    else if (g_ascii_strcasecmp(text, "transparent") == 0)
        ok = true;
    else if (g_ascii_strcasecmp(text, "currentColor") == 0) {
        memset(out, 0, sizeof *out);
        out->type = FO_VALUE_KEYWORD;
        out->keyword = FO_KW_CURRENTCOLOR;
        return true;
    }
    for (size_t i = 0; !ok && text[0] != '#' && i < G_N_ELEMENTS(color_names);
         i++) {
        if (g_ascii_strcasecmp(text, color_names[i].name) == 0) {
            color = color_names[i].rgb << 8 | 0xFF;
            ok = true;
        }
    }
    if (!ok)
        return false;
    memset(out, 0, sizeof *out);
    out->type = FO_VALUE_COLOR;
    out->color = color;
    return true;
}

/* ---- strings ---------------------------------------------------------- */

static void strip_quotes(const char **start, size_t *length)
{
    if (*length >= 2 && ((*start)[0] == '\'' || (*start)[0] == '"') &&
        (*start)[*length - 1] == (*start)[0]) {
        (*start)++;
        *length -= 2;
    }
}

/* "'Times New Roman', serif" → "Times New Roman,serif". */
static const char *parse_font_family(const char *text, pliego_arena *arena)
{
    GString *list = g_string_new(NULL);
    const char *p = text;
    while (*p) {
        while (g_ascii_isspace(*p) || *p == ',')
            p++;
        const char *start = p;
        char quote = (*p == '\'' || *p == '"') ? *p : 0;
        if (quote) {
            const char *close = strchr(p + 1, quote);
            p = close ? close + 1 : p + strlen(p);
        }
        while (*p && *p != ',')
            p++;
        size_t length = (size_t)(p - start);
        while (length > 0 && g_ascii_isspace(start[length - 1]))
            length--;
        strip_quotes(&start, &length);
        if (length == 0)
            continue;
        if (list->len)
            g_string_append_c(list, ',');
        g_string_append_len(list, start, (gssize)length);
    }
    const char *result =
        list->len ? pliego_arena_strndup(arena, list->str, (long)list->len)
                  : NULL;
    g_string_free(list, TRUE);
    return result;
}

static const char *parse_uri(const char *text, pliego_arena *arena)
{
    const char *start = text;
    size_t length = strlen(text);
    if (length >= 5 && g_ascii_strncasecmp(text, "url(", 4) == 0 &&
        text[length - 1] == ')') {
        start += 4;
        length -= 5;
        while (length > 0 && g_ascii_isspace(*start)) {
            start++;
            length--;
        }
        while (length > 0 && g_ascii_isspace(start[length - 1]))
            length--;
        strip_quotes(&start, &length);
    }
    return pliego_arena_strndup(arena, start, (long)length);
}

/* ---- row parsers ------------------------------------------------------ */

static bool is_border_width_row(int id)
{
    return id == FO_PROP_BORDER_BEFORE_WIDTH ||
           id == FO_PROP_BORDER_AFTER_WIDTH ||
           id == FO_PROP_BORDER_START_WIDTH || id == FO_PROP_BORDER_END_WIDTH;
}

static bool keyword_points(int id, fo_keyword keyword, double *points)
{
    if (is_border_width_row(id)) {
        /* FOP's values for thin, medium and thick */
        *points = keyword == FO_KW_THIN     ? 0.5
                  : keyword == FO_KW_MEDIUM ? 1.0
                                            : 2.0;
        return true;
    }
    if (id != FO_PROP_FONT_SIZE)
        return false;
    switch (keyword) {
    case FO_KW_XX_SMALL: *points = 7.0; return true;
    case FO_KW_X_SMALL: *points = 8.3; return true;
    case FO_KW_SMALL: *points = 10.0; return true;
    case FO_KW_MEDIUM: *points = 12.0; return true;
    case FO_KW_LARGE: *points = 14.4; return true;
    case FO_KW_X_LARGE: *points = 17.3; return true;
    case FO_KW_XX_LARGE: *points = 20.7; return true;
    default: return false; /* larger and smaller resolve in compute */
    }
}

void fo_value_set_keyword(fo_property_id id, fo_keyword keyword,
                          fo_parsed *out)
{
    fo_value *v = &out->value;
    double points;
    if (keyword_points(id, keyword, &points)) {
        v->type = FO_VALUE_LENGTH;
        v->number = points;
    } else if (id == FO_PROP_FONT_WEIGHT &&
               (keyword == FO_KW_NORMAL || keyword == FO_KW_BOLD)) {
        v->type = FO_VALUE_NUMBER;
        v->number = keyword == FO_KW_BOLD ? 700 : 400;
    } else {
        v->type = FO_VALUE_KEYWORD;
        v->keyword = (uint16_t)keyword;
    }
}

static bool parse_range_part(const char *text, double *number, double *em,
                             bool *percent, const char **detail)
{
    fo_parsed parsed;
    memset(&parsed, 0, sizeof parsed);
    if (!parse_length_text(text, false, &parsed, detail))
        return false;
    *number = parsed.value.number;
    *em = parsed.em[0];
    *percent = parsed.value.type == FO_VALUE_PERCENT;
    return true;
}

/* "6pt" sets minimum, optimum and maximum; "0pt 12pt 100%" sets them in
 * that order. */
static bool parse_space(const char *text, fo_parsed *out, const char **detail)
{
    fo_word words[FO_MAX_WORDS];
    int count = fo_split_words(text, words, FO_MAX_WORDS);
    if (count != 1 && count != 3) {
        return false;
    }
    double number[3];
    bool percent[3];
    for (int i = 0; i < 3; i++) {
        char buffer[FO_MAX_VALUE_LENGTH + 1];
        fo_word_copy(buffer, words[count == 1 ? 0 : i]);
        if (!parse_range_part(buffer, &number[i], &out->em[i], &percent[i],
                              detail))
            return false;
    }
    /* words in order minimum, optimum, maximum; em[] is optimum, min, max */
    double em_minimum = out->em[0];
    out->em[0] = out->em[1];
    out->em[1] = em_minimum;
    fo_value *v = &out->value;
    v->type = percent[1] ? FO_VALUE_PERCENT : FO_VALUE_LENGTH;
    v->minimum = number[0];
    v->number = number[1];
    v->maximum = number[2];
    v->range_is_percent = (uint8_t)((percent[0] ? 1 : 0) | (percent[2] ? 2 : 0));
    return true;
}

static bool parse_text_decoration(const char *text, fo_parsed *out,
                                  const char **detail)
{
    fo_word words[FO_MAX_WORDS];
    int count = fo_split_words(text, words, FO_MAX_WORDS);
    int bits = 0;
    for (int i = 0; i < count; i++) {
        if (word_is(words[i], "underline"))
            bits |= FO_DECORATION_UNDERLINE;
        else if (word_is(words[i], "overline"))
            bits |= FO_DECORATION_OVERLINE;
        else if (word_is(words[i], "line-through"))
            bits |= FO_DECORATION_LINE_THROUGH;
        else if (!word_is(words[i], "none") && !word_is(words[i], "blink") &&
                 !word_is(words[i], "no-blink") &&
                 !word_is(words[i], "no-underline") &&
                 !word_is(words[i], "no-overline") &&
                 !word_is(words[i], "no-line-through"))
            count = -1;
    }
    if (count <= 0)
        return false;
    out->value.type = FO_VALUE_NUMBER;
    out->value.number = bits;
    return true;
}

static bool parse_font_weight(const char *text, fo_parsed *out,
                              const char **detail)
{
    double weight;
    if (!parse_number_text(text, true, &weight, detail))
        return false;
    if (weight < 100 || weight > 900 || fmod(weight, 100.0) != 0.0)
        return false;
    out->value.type = FO_VALUE_NUMBER;
    out->value.number = weight;
    return true;
}

static bool parse_line_height(const char *text, fo_parsed *out,
                              const char **detail)
{
    quantity q;
    if (!evaluate(text, -1.0, &q, detail))
        return false;
    if (q.kind == Q_NUMBER) {
        /* a factor, inherited as a factor */
        out->value.type = FO_VALUE_NUMBER;
        out->value.number = q.value;
    } else if (q.kind == Q_FUNCTION ||
               !quantity_to_length(&q, out, detail)) {
        *detail = "expected normal, a number or a length";
        return false;
    }
    if (q.value < 0 || q.em < 0) {
        *detail = "line-height cannot be negative";
        return false;
    }
    return true;
}

static bool parse_by_parser(int id, const char *text, pliego_arena *arena,
                            fo_parsed *out, const char **detail)
{
    fo_value *v = &out->value;
    switch (fo_property_parser(id)) {
    case FO_PARSE_LENGTH:
        return parse_length_text(text, true, out, detail);
    case FO_PARSE_BASELINE_SHIFT:
        return parse_length_text(text, false, out, detail);
    case FO_PARSE_FONT_SIZE:
        if (!parse_length_text(text, false, out, detail))
            return false;
        if (v->number < 0 || out->em[0] < 0) {
            *detail = "a font size cannot be negative";
            return false;
        }
        return true;
    case FO_PARSE_NUMBER:
        v->type = FO_VALUE_NUMBER;
        return parse_number_text(text, false, &v->number, detail);
    case FO_PARSE_KEEP:
        v->type = FO_VALUE_NUMBER;
        return parse_number_text(text, true, &v->number, detail);
    case FO_PARSE_STRING:
        v->type = FO_VALUE_STRING;
        v->string = id == FO_PROP_FONT_FAMILY
                        ? parse_font_family(text, arena)
                        : pliego_arena_strndup(arena, text, -1);
        return v->string != NULL;
    case FO_PARSE_URI:
        v->type = FO_VALUE_STRING;
        v->string = parse_uri(text, arena);
        return true;
    case FO_PARSE_FONT_WEIGHT:
        return parse_font_weight(text, out, detail);
    case FO_PARSE_LINE_HEIGHT:
        return parse_line_height(text, out, detail);
    case FO_PARSE_SPACE:
        return parse_space(text, out, detail);
    case FO_PARSE_TEXT_DECORATION:
        return parse_text_decoration(text, out, detail);
    case FO_PARSE_COLOR:
    case FO_PARSE_KEYWORD:
        return false;
    }
    return false;
}

/* Colors are tried before keywords so that "transparent" is a color with
 * alpha 0 wherever a color is expected. */
bool fo_value_parse(fo_property_id id, const char *text, pliego_arena *arena,
                    fo_parsed *out, const char **detail)
{
    memset(out, 0, sizeof *out);
    if (fo_property_parser(id) == FO_PARSE_COLOR && parse_color(text, &out->value))
        return true;
    fo_keyword keyword = fo_keyword_lookup(text);
    if (fo_property_allows(id, keyword)) {
        fo_value_set_keyword(id, keyword, out);
        return true;
    }
    if (!text[0] && fo_property_parser(id) != FO_PARSE_STRING &&
        fo_property_parser(id) != FO_PARSE_URI) {
        *detail = "empty value";
        return false;
    }
    return parse_by_parser(id, text, arena, out, detail);
}

bool fo_space_part_parse(fo_value_part part, const char *text, fo_parsed *e,
                         const char **detail)
{
    memset(e, 0, sizeof *e);
    fo_value *v = &e->value;
    bool percent = false;
    double number;
    switch (part) {
    case FO_PART_MINIMUM:
    case FO_PART_OPTIMUM:
    case FO_PART_MAXIMUM: {
        int slot = part == FO_PART_OPTIMUM ? 0 : part == FO_PART_MINIMUM ? 1 : 2;
        if (!parse_range_part(text, &number, &e->em[slot], &percent, detail))
            return false;
        v->type = percent ? FO_VALUE_PERCENT : FO_VALUE_LENGTH;
        v->number = v->minimum = v->maximum = number;
        v->range_is_percent = percent ? 3 : 0;
        return true;
    }
    case FO_PART_CONDITIONALITY:
        v->retain = strcmp(text, "retain") == 0;
        return v->retain || strcmp(text, "discard") == 0;
    case FO_PART_PRECEDENCE:
        if (strcmp(text, "force") == 0) {
            v->precedence = INT32_MAX;
            return true;
        }
        if (!parse_number_text(text, true, &number, detail))
            return false;
        v->precedence = (int32_t)CLAMP(number, -1e9, 1e9);
        return true;
    case FO_PART_WHOLE:
        break;
    }
    return false;
}

