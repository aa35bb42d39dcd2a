/* Artifacts in page content streams.
 *
 * Cairo 1.16 leaves unmarked what is drawn outside a leaf structure
 * element: running headers and footers (layout gives them no structure),
 * rules, backgrounds and borders (render.c draws them before their element
 * opens). PDF/UA-1 (ISO 14289-1, 7.1) wants every piece of content either
 * in the structure tree or marked as an artifact, so this file wraps each
 * run of unmarked operators that paints something in "/Artifact BMC ...
 * EMC". A run starts after the last marked-content boundary (or at the
 * stream's start), so path construction is never split from its painting
 * operator. The scanner knows PDF's token syntax (strings, hex strings,
 * dictionaries, inline images) only as far as finding operators needs.
 */
#include "archive/archive.h"

#include <string.h>

static bool is_white(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
           || c == '\0';
}

static bool is_delimiter(char c)
{
    return strchr("()<>[]{}/%", c) != NULL;
}

/* Operators that put marks on the page. */
static bool paints(const char *op, size_t n)
{
    static const char *const painting[] = {
        "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "Do",
        "Tj", "TJ", "'", "\"", "EI"};
    for (size_t i = 0; i < G_N_ELEMENTS(painting); i++)
        if (strlen(painting[i]) == n && memcmp(painting[i], op, n) == 0)
            return true;
    return false;
}

/* Skips the token at content[i]; returns the index after it. Sets
 * *op_start and *op_length when the token is an operator. */
static size_t skip_token(const char *content, size_t length, size_t i,
                         size_t *op_start, size_t *op_length)
{
    *op_length = 0;
    char c = content[i];
    if (c == '%') {
        while (i < length && content[i] != '\n' && content[i] != '\r')
            i++;
        return i;
    }
    if (c == '(') {
        int depth = 0;
        for (; i < length; i++) {
            if (content[i] == '\\') {
                i++;
                continue;
            }
            if (content[i] == '(')
                depth++;
            else if (content[i] == ')' && --depth == 0)
                return i + 1;
        }
        return length;
    }
    if (c == '<' && i + 1 < length && content[i + 1] == '<')
        return i + 2;
    if (c == '>' && i + 1 < length && content[i + 1] == '>')
        return i + 2;
    if (c == '<') {
        while (i < length && content[i] != '>')
            i++;
        return i < length ? i + 1 : length;
    }
    if (c == '[' || c == ']' || c == '{' || c == '}' || c == '>')
        return i + 1;
    if (c == '/') {
        i++;
        while (i < length && !is_white(content[i])
               && !is_delimiter(content[i]))
            i++;
        return i;
    }
    size_t start = i;
    while (i < length && !is_white(content[i]) && !is_delimiter(content[i]))
        i++;
    bool number = strchr("+-.0123456789", content[start]) != NULL;
    if (!number) {
        *op_start = start;
        *op_length = i - start;
    }
    return i;
}

static bool op_is(const char *content, size_t start, size_t n, const char *name)
{
    return strlen(name) == n && memcmp(content + start, name, n) == 0;
}

/* After "ID", inline image data runs to a whitespace-delimited "EI". */
static size_t skip_inline_image(const char *content, size_t length, size_t i)
{
    for (; i + 2 < length; i++)
        if (is_white(content[i]) && content[i + 1] == 'E'
            && content[i + 2] == 'I'
            && (i + 3 == length || is_white(content[i + 3])))
            return i + 1;
    return length;
}

char *archive_mark_artifacts(const char *content, size_t length,
                             size_t *result_length)
{
    GString *out = g_string_sized_new(length + 256);
    int depth = 0;            /* open marked-content sequences */
    bool artifact = false;    /* we opened an /Artifact sequence */
    size_t run_start = 0;     /* where the current unmarked run began */
    size_t operands = 0;      /* where the current operator's operands began */
    size_t copied = 0;        /* content[0..copied) is in out */
    size_t i = 0;
    while (i < length) {
        if (is_white(content[i])) {
            i++;
            continue;
        }
        size_t op_start = 0, op_length = 0;
        size_t next = skip_token(content, length, i, &op_start, &op_length);
        if (op_length == 0) {
            i = next;
            continue;
        }
        bool begins = op_is(content, op_start, op_length, "BDC")
                      || op_is(content, op_start, op_length, "BMC");
        bool ends = op_is(content, op_start, op_length, "EMC");
        if (begins && depth == 0 && artifact) {
            /* close ours before the operands of this operator */
            g_string_append_len(out, content + copied, operands - copied);
            g_string_append(out, "\nEMC\n");
            copied = operands;
            artifact = false;
        }
        if (begins) {
            depth++;
        } else if (ends) {
            if (depth > 0)
                depth--;
            if (depth == 0)
                run_start = next;
        } else if (depth == 0 && !artifact
                   && paints(content + op_start, op_length)) {
            g_string_append_len(out, content + copied, run_start - copied);
            g_string_append(out, "\n/Artifact BMC\n");
            copied = run_start;
            artifact = true;
        }
        if (op_is(content, op_start, op_length, "ID"))
            next = skip_inline_image(content, length, next);
        operands = next;
        i = next;
    }
    g_string_append_len(out, content + copied, length - copied);
    if (artifact)
        g_string_append(out, "\nEMC\n");
    *result_length = out->len;
    return g_string_free(out, FALSE);
}

int archive_count_unmarked(const char *content, size_t length)
{
    int depth = 0, unmarked = 0;
    size_t i = 0;
    while (i < length) {
        if (is_white(content[i])) {
            i++;
            continue;
        }
        size_t op_start = 0, op_length = 0;
        size_t next = skip_token(content, length, i, &op_start, &op_length);
        if (op_length > 0) {
            if (op_is(content, op_start, op_length, "BDC")
                || op_is(content, op_start, op_length, "BMC"))
                depth++;
            else if (op_is(content, op_start, op_length, "EMC"))
                depth = depth > 0 ? depth - 1 : 0;
            else if (depth == 0 && paints(content + op_start, op_length))
                unmarked++;
            if (op_is(content, op_start, op_length, "ID"))
                next = skip_inline_image(content, length, next);
        }
        i = next;
    }
    return unmarked;
}
