/* The comparison as text: JSON (schema "pliego-diff/1", described in
 * docs/review.md) and Markdown with git's word-diff marks ([-deleted-]
 * {+inserted+}). Both are built in memory and given to the caller whole,
 * who decides where they go. Numbers are integers, so no locale can
 * change a byte.
 */
#include "review/review.h"

#include <string.h>

void review_json_escape(GString *out, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++) {
        switch (*p) {
        case '"':
            g_string_append(out, "\\\"");
            break;
        case '\\':
            g_string_append(out, "\\\\");
            break;
        case '\n':
            g_string_append(out, "\\n");
            break;
        case '\r':
            g_string_append(out, "\\r");
            break;
        case '\t':
            g_string_append(out, "\\t");
            break;
        default:
            if (*p < 0x20)
                g_string_append_printf(out, "\\u%04x", *p);
            else
                g_string_append_c(out, (char)*p);
        }
    }
}

void review_json_text(GString *out, const char *text)
{
    if (!text) {
        g_string_append(out, "null");
        return;
    }
    g_string_append_c(out, '"');
    review_json_escape(out, text);
    g_string_append_c(out, '"');
}

static void json_string(GString *out, const char *key, const char *value, bool comma)
{
    g_string_append_printf(out, "\"%s\": ", key);
    if (value) {
        g_string_append_c(out, '"');
        review_json_escape(out, value);
        g_string_append_c(out, '"');
    } else {
        g_string_append(out, "null");
    }
    if (comma)
        g_string_append(out, ", ");
}

static void json_side(GString *out, const pliego_review_document *doc)
{
    g_string_append(out, "{");
    json_string(out, "name", doc->name, true);
    json_string(out, "kind", doc->kind, true);
    json_string(out, "region", doc->region, true);
    json_string(out, "country", doc->country, true);
    json_string(out, "channel", doc->channel, true);
    json_string(out, "language", doc->lang, true);
    json_string(out, "requested_language", doc->requested_lang, true);
    json_string(out, "date", doc->date, true);
    g_string_append(out, "\"fallbacks\": [");
    for (guint i = 0; i < doc->fallbacks->len; i++) {
        const char *pair = doc->fallbacks->pdata[i];
        const char *to = strchr(pair, '>');
        char *from = g_strndup(pair, (gsize)(to - pair));
        g_string_append(out, i ? ", {" : "{");
        json_string(out, "from", from, true);
        json_string(out, "to", to + 1, false);
        g_string_append(out, "}");
        g_free(from);
    }
    g_string_append(out, "], ");
    json_string(out, "signature", doc->signature, false);
    g_string_append(out, "}");
}

static void json_clause(GString *out, const review_clause *c)
{
    if (!c) {
        g_string_append(out, "null");
        return;
    }
    g_string_append_printf(out, "{\"position\": %d, ", c->position);
    json_string(out, "title", c->title, true);
    json_string(out, "group", c->group, true);
    g_string_append_printf(out, "\"version\": %d, ", c->version);
    json_string(out, "lang", c->lang, true);
    g_string_append_printf(out, "\"fallback\": %s, ", c->fallback ? "true" : "false");
    json_string(out, "sha256", c->sha256, true);
    json_string(out, "body_lang", c->body_lang, true);
    if (c->body_lang)
        g_string_append_printf(out, "\"body_version\": %d, ", c->body_version);
    else
        g_string_append(out, "\"body_version\": null, ");
    json_string(out, "body_sha256", c->body_sha256, false);
    g_string_append(out, "}");
}

/* The text of a run: its tokens with one space where the text had some;
   a leading space when the run's first token had one and is not the
   clause's first word. */
static char *run_text(const review_entry *e, const review_run *r)
{
    bool from_a = r->op == REVIEW_DELETE;
    const char *text = from_a ? e->a->text : e->b->text;
    const GArray *tokens = from_a ? e->a_tokens : e->b_tokens;
    int start = from_a ? r->a_start : r->b_start;
    GString *out = g_string_new(NULL);
    for (int i = 0; i < r->count; i++) {
        const review_token *t = &g_array_index(tokens, review_token, start + i);
        if (t->space_before && (i > 0 || start > 0))
            g_string_append_c(out, ' ');
        g_string_append_len(out, text + t->start, t->length);
    }
    return g_string_free(out, FALSE);
}

/* An added or removed clause as one inserted or deleted run of all its
   words, so reports show them like any other change. Fills *whole
   (release with whole_clear); false when the clause has no words. */
static bool whole_clause(const review_entry *e, const char *lang, review_entry *whole)
{
    const review_clause *c = e->b ? e->b : e->a;
    GArray *tokens = review_tokenize(c->text, lang, NULL);
    if (!tokens || tokens->len == 0) {
        if (tokens)
            g_array_unref(tokens);
        return false;
    }
    *whole = (review_entry){.a = e->a, .b = e->b, .a_tokens = tokens, .b_tokens = tokens,
                            .status = e->status};
    review_run all = {e->b ? REVIEW_INSERT : REVIEW_DELETE, 0, 0, (int)tokens->len};
    whole->runs = g_array_new(FALSE, FALSE, sizeof(review_run));
    g_array_append_val(whole->runs, all);
    return true;
}

static void whole_clear(review_entry *whole)
{
    g_array_unref(whole->runs);
    g_array_unref(whole->a_tokens);
}

char *pliego_review_diff_json(const pliego_review_diff *diff, size_t *length)
{
    GString *out = g_string_new("{\n  \"schema\": \"pliego-diff/1\",\n  \"same\": ");
    g_string_append(out, pliego_review_diff_same(diff) ? "true" : "false");
    g_string_append(out, ",\n  \"a\": ");
    json_side(out, diff->a);
    g_string_append(out, ",\n  \"b\": ");
    json_side(out, diff->b);
    g_string_append(out, ",\n  \"summary\": {");
    for (int s = 0; s <= REVIEW_VERSION_CHANGED; s++)
        g_string_append_printf(out, "%s\"%s\": %d", s ? ", " : "",
                               review_status_name((review_status)s), diff->counts[s]);
    g_string_append_printf(out, ", \"facts\": %u},\n  \"facts\": [", diff->facts->len);
    for (guint i = 0; i < diff->facts->len; i++) {
        const review_fact_change *f = &g_array_index(diff->facts, review_fact_change, i);
        g_string_append(out, i ? ",\n    {" : "\n    {");
        json_string(out, "name", f->name, true);
        json_string(out, "a", f->a, true);
        json_string(out, "b", f->b, false);
        g_string_append(out, "}");
    }
    g_string_append(out, diff->facts->len ? "\n  ],\n  \"clauses\": [" : "],\n  \"clauses\": [");
    for (guint i = 0; i < diff->entries->len; i++) {
        const review_entry *e = diff->entries->pdata[i];
        g_string_append(out, i ? ",\n    {" : "\n    {");
        json_string(out, "id", e->a ? e->a->id : e->b->id, true);
        json_string(out, "status", review_status_name(e->status), true);
        json_string(out, "content", review_content_name(e->content), true);
        g_string_append(out, "\"a\": ");
        json_clause(out, e->a);
        g_string_append(out, ", \"b\": ");
        json_clause(out, e->b);
        g_string_append(out, ", \"words\": ");
        review_entry whole;
        bool is_whole = !e->runs && (!e->a || !e->b) &&
                        whole_clause(e, e->b ? diff->b->lang : diff->a->lang, &whole);
        if (is_whole)
            e = &whole;
        if (!e->runs) {
            g_string_append(out, "null}");
            continue;
        }
        g_string_append(out, "[");
        for (guint j = 0; j < e->runs->len; j++) {
            const review_run *r = &g_array_index(e->runs, review_run, j);
            static const char *const ops[] = {"equal", "delete", "insert"};
            char *text = run_text(e, r);
            g_string_append(out, j ? ",\n      {" : "\n      {");
            json_string(out, "op", ops[r->op], true);
            json_string(out, "text", text, false);
            g_string_append(out, "}");
            g_free(text);
        }
        g_string_append(out, "\n    ]}");
        if (is_whole)
            whole_clear(&whole);
    }
    g_string_append(out, diff->entries->len ? "\n  ]\n}\n" : "]\n}\n");
    if (length)
        *length = out->len;
    return g_string_free(out, FALSE);
}

/* ---- Markdown ---- */

static void markdown_escape(GString *out, const char *text)
{
    for (const char *p = text ? text : ""; *p; p++) {
        if (strchr("\\`*_[]{}<>|#", *p))
            g_string_append_c(out, '\\');
        g_string_append_c(out, *p);
    }
}

static const char *or_dash(const char *text)
{
    return text && *text ? text : "-";
}

static void markdown_side(GString *out, const char *label, const pliego_review_document *d)
{
    g_string_append_printf(out, "- %s: `%s`: %s, region %s, country %s, channel %s, "
                           "language %s", label, d->name, or_dash(d->kind),
                           or_dash(d->region), or_dash(d->country), or_dash(d->channel),
                           or_dash(d->lang));
    for (guint i = 0; i < d->fallbacks->len; i++) {
        char *pair = g_strdup(d->fallbacks->pdata[i]);
        char *to = strchr(pair, '>');
        *to = '\0';
        g_string_append_printf(out, "%s%s fell back to %s", i ? ", " : " (", pair, to + 1);
        g_free(pair);
    }
    g_string_append(out, d->fallbacks->len ? ")\n" : "\n");
}

static char *version_text(const review_clause *c)
{
    if (!c)
        return g_strdup("-");
    if (c->body_lang)
        return g_strdup_printf("%d (%s; body %d, %s)", c->version, or_dash(c->lang),
                               c->body_version, c->body_lang);
    return g_strdup_printf("%d (%s)", c->version, or_dash(c->lang));
}

static void markdown_words(GString *out, const review_entry *e)
{
    bool after_delete = false;
    for (guint j = 0; j < e->runs->len; j++) {
        const review_run *r = &g_array_index(e->runs, review_run, j);
        char *text = run_text(e, r);
        const char *body = text;
        /* the space goes outside the marks, and none between a deletion
           and the insertion that replaces it, as git prints them */
        if (*body == ' ') {
            if (!(r->op == REVIEW_INSERT && after_delete))
                g_string_append_c(out, ' ');
            body++;
        }
        g_string_append(out, r->op == REVIEW_DELETE ? "[-" : r->op == REVIEW_INSERT ? "{+" : "");
        markdown_escape(out, body);
        g_string_append(out, r->op == REVIEW_DELETE ? "-]" : r->op == REVIEW_INSERT ? "+}" : "");
        after_delete = r->op == REVIEW_DELETE;
        g_free(text);
    }
    g_string_append(out, "\n");
}

char *pliego_review_diff_markdown(const pliego_review_diff *diff, size_t *length)
{
    GString *out = g_string_new("# Comparison\n\n");
    markdown_side(out, "A", diff->a);
    markdown_side(out, "B", diff->b);
    if (pliego_review_diff_same(diff)) {
        g_string_append(out, "\nNo differences.\n");
    } else {
        g_string_append(out, "\n");
        int listed = 0;
        for (int s = REVIEW_CHANGED; s <= REVIEW_VERSION_CHANGED; s++)
            if (diff->counts[s])
                g_string_append_printf(out, "%s%d %s", listed++ ? ", " : "", diff->counts[s],
                                       review_status_name((review_status)s));
        if (diff->facts->len)
            g_string_append_printf(out, "%s%u facts differ", listed ? ", " : "",
                                   diff->facts->len);
        g_string_append_printf(out, "; %d same.\n", diff->counts[REVIEW_SAME]);
    }
    g_string_append(out, "\n| clause | status | A version | B version |\n|---|---|---|---|\n");
    for (guint i = 0; i < diff->entries->len; i++) {
        const review_entry *e = diff->entries->pdata[i];
        char *va = version_text(e->a), *vb = version_text(e->b);
        g_string_append_printf(out, "| %s | %s | %s | %s |\n", e->a ? e->a->id : e->b->id,
                               review_status_name(e->status), va, vb);
        g_free(va);
        g_free(vb);
    }
    if (diff->facts->len) {
        g_string_append(out, "\n## Facts\n\n| fact | A | B |\n|---|---|---|\n");
        for (guint i = 0; i < diff->facts->len; i++) {
            const review_fact_change *f = &g_array_index(diff->facts, review_fact_change, i);
            g_string_append(out, "| ");
            markdown_escape(out, f->name);
            g_string_append(out, " | ");
            markdown_escape(out, or_dash(f->a));
            g_string_append(out, " | ");
            markdown_escape(out, or_dash(f->b));
            g_string_append(out, " |\n");
        }
    }
    for (guint i = 0; i < diff->entries->len; i++) {
        const review_entry *e = diff->entries->pdata[i];
        if (e->status == REVIEW_SAME)
            continue;
        const review_clause *c = e->b ? e->b : e->a;
        g_string_append_printf(out, "\n## %s: %s", c->id, review_status_name(e->status));
        if (e->content != REVIEW_CONTENT_SAME)
            g_string_append_printf(out, " (%s)", review_content_name(e->content));
        g_string_append(out, "\n\n");
        if (e->a)
            g_string_append_printf(out, "- A: position %d, version %d, sha256 `%s`\n",
                                   e->a->position, e->a->version, or_dash(e->a->sha256));
        if (e->b)
            g_string_append_printf(out, "- B: position %d, version %d, sha256 `%s`\n",
                                   e->b->position, e->b->version, or_dash(e->b->sha256));
        if (e->runs) {
            g_string_append(out, "\n");
            markdown_words(out, e);
        } else if (!e->a || !e->b) {
            review_entry whole;
            if (whole_clause(e, e->b ? diff->b->lang : diff->a->lang, &whole)) {
                g_string_append(out, "\n");
                markdown_words(out, &whole);
                whole_clear(&whole);
            }
        } else if (e->content == REVIEW_CONTENT_WHITESPACE) {
            g_string_append(out, "\nOnly whitespace differs.\n");
        } else if (e->content == REVIEW_CONTENT_MARKUP) {
            g_string_append(out, "\nOnly markup differs (emphasis, lists, tables); the words are the same.\n");
        }
    }
    if (length)
        *length = out->len;
    return g_string_free(out, FALSE);
}
