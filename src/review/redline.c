/* The comparison as redline XML (namespace urn:pliego:redline), what
 * templates/redline.xsl lays out as the redline PDF: the two sides, a
 * summary row per clause, the facts that differ, and each clause that is
 * not the same with its words as runs of equal, deleted and inserted text.
 * An added or removed clause is one inserted or deleted run of all its
 * words. The XML is data only: the template decides colours and marks.
 */
#include "review/review.h"

#include <string.h>

#define REDLINE_NAMESPACE "urn:pliego:redline"

static void set(xmlNodePtr node, const char *name, const char *value)
{
    if (value)
        xmlNewProp(node, (const xmlChar *)name, (const xmlChar *)value);
}

static void set_int(xmlNodePtr node, const char *name, int value)
{
    char text[16];
    g_snprintf(text, sizeof text, "%d", value);
    set(node, name, text);
}

static xmlNodePtr add(xmlNodePtr parent, const char *name, const char *text)
{
    xmlNodePtr node = xmlNewChild(parent, parent->ns, (const xmlChar *)name, NULL);
    if (text)
        xmlNodeAddContent(node, (const xmlChar *)text);
    return node;
}

static void side(xmlNodePtr root, const char *which, const pliego_review_document *d)
{
    xmlNodePtr node = add(root, "side", NULL);
    set(node, "name", which);
    set(node, "label", d->name);
    set(node, "kind", d->kind);
    set(node, "region", d->region);
    set(node, "country", d->country);
    set(node, "channel", d->channel);
    set(node, "lang", d->lang);
    set(node, "date", d->date);
}

static void clause_attributes(xmlNodePtr node, const char *prefix, const review_clause *c)
{
    if (!c)
        return;
    char *name = g_strconcat(prefix, "version", NULL);
    set_int(node, name, c->version);
    g_free(name);
    name = g_strconcat(prefix, "lang", NULL);
    set(node, name, c->lang);
    g_free(name);
    name = g_strconcat(prefix, "sha256", NULL);
    set(node, name, c->sha256);
    g_free(name);
}

/* All the words of a clause, with one space where the text had some. */
static char *all_words(const review_clause *c, const char *lang)
{
    GArray *tokens = review_tokenize(c->text, lang, NULL);
    if (!tokens)
        return g_strdup(c->text);
    GString *out = g_string_new(NULL);
    for (guint i = 0; i < tokens->len; i++) {
        const review_token *t = &g_array_index(tokens, review_token, i);
        if (t->space_before && i > 0)
            g_string_append_c(out, ' ');
        g_string_append_len(out, c->text + t->start, t->length);
    }
    g_array_unref(tokens);
    return g_string_free(out, FALSE);
}

static void words(xmlNodePtr change, const review_entry *e)
{
    static const char *const ops[] = {"equal", "delete", "insert"};
    for (guint j = 0; j < e->runs->len; j++) {
        const review_run *r = &g_array_index(e->runs, review_run, j);
        bool from_a = r->op == REVIEW_DELETE;
        const char *text = from_a ? e->a->text : e->b->text;
        const GArray *tokens = from_a ? e->a_tokens : e->b_tokens;
        int start = from_a ? r->a_start : r->b_start;
        /* the space before a run stays outside its marks */
        const review_token *first = &g_array_index(tokens, review_token, start);
        if (first->space_before && start > 0)
            xmlNodeAddContent(change, (const xmlChar *)" ");
        GString *run = g_string_new(NULL);
        for (int i = 0; i < r->count; i++) {
            const review_token *t = &g_array_index(tokens, review_token, start + i);
            if (t->space_before && i > 0)
                g_string_append_c(run, ' ');
            g_string_append_len(run, text + t->start, t->length);
        }
        add(change, ops[r->op], run->str);
        g_string_free(run, TRUE);
    }
}

char *pliego_review_diff_redline(const pliego_review_diff *diff, size_t *length)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr root = xmlNewNode(NULL, (const xmlChar *)"redline");
    xmlDocSetRootElement(doc, root);
    xmlSetNs(root, xmlNewNs(root, (const xmlChar *)REDLINE_NAMESPACE, NULL));
    set(root, "same", pliego_review_diff_same(diff) ? "true" : "false");
    set(root, "lang", diff->b->lang ? diff->b->lang : diff->a->lang);
    side(root, "a", diff->a);
    side(root, "b", diff->b);
    xmlNodePtr summary = add(root, "summary", NULL);
    for (guint i = 0; i < diff->entries->len; i++) {
        const review_entry *e = diff->entries->pdata[i];
        xmlNodePtr row = add(summary, "clause", NULL);
        set(row, "id", e->a ? e->a->id : e->b->id);
        set(row, "status", review_status_name(e->status));
        clause_attributes(row, "a-", e->a);
        clause_attributes(row, "b-", e->b);
    }
    xmlNodePtr facts = add(root, "facts", NULL);
    for (guint i = 0; i < diff->facts->len; i++) {
        const review_fact_change *f = &g_array_index(diff->facts, review_fact_change, i);
        xmlNodePtr fact = add(facts, "fact", NULL);
        set(fact, "name", f->name);
        set(fact, "a", f->a);
        set(fact, "b", f->b);
    }
    for (guint i = 0; i < diff->entries->len; i++) {
        const review_entry *e = diff->entries->pdata[i];
        if (e->status == REVIEW_SAME)
            continue;
        const review_clause *c = e->b ? e->b : e->a;
        xmlNodePtr change = add(root, "change", NULL);
        set(change, "id", c->id);
        set(change, "status", review_status_name(e->status));
        set(change, "content", review_content_name(e->content));
        set(change, "title", c->title);
        clause_attributes(change, "a-", e->a);
        clause_attributes(change, "b-", e->b);
        if (e->runs) {
            words(change, e);
        } else if (!e->a || !e->b) {
            char *text = all_words(c, e->b ? diff->b->lang : diff->a->lang);
            add(change, e->b ? "insert" : "delete", text);
            g_free(text);
        }
    }
    xmlChar *buffer = NULL;
    int size = 0;
    xmlDocDumpFormatMemoryEnc(doc, &buffer, &size, "UTF-8", 0);
    xmlFreeDoc(doc);
    char *text = g_strndup((const char *)buffer, (gsize)size);
    xmlFree(buffer);
    if (length)
        *length = (size_t)size;
    return text;
}
