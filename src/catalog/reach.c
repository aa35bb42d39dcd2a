/* What `assemble` will refuse, found by `check`: a clause that uses a
 * field some customers who receive it have no value for.
 *
 * Some fields exist only for some customers: terms.url where the channel
 * has terms for the country and language (not where a clause replaces
 * them), reseller.name in the reseller channel, support.hours and
 * transfer.fee where the country's rules give them, notice.* in
 * cancellation notices and transfer.* in transfer notices. For every kind
 * of document, region, country, channel and language of that country, this
 * walks the clauses the outline gives that customer (with the terms
 * clause replaced where the channel replaces it), in the library the
 * language chain picks for the body, skipping blocks whose conditions
 * cannot hold, and reports each clause field once with the customers who
 * lack it. Conditions on the customer's own data (a notice's reason, a
 * transfer's destination) are taken as possibly true. */
#include "catalog/catalog.h"

#include <string.h>

typedef struct {
    catalog_doc_kind kind;
    const catalog_region *region;
    const catalog_country *country;
    const char *channel_kind;
    const catalog_channel *channel;
    const char *lang;
} reach;

/* Whether value is in the space-separated list of attribute name on node;
   true when the attribute is absent. */
static bool listed(catalog *cat, xmlNodePtr node, const char *name, const char *value,
                   bool *present)
{
    const char *list = catalog_attribute(cat->arena, node, name);
    *present = list != NULL;
    if (!list)
        return true;
    return catalog_list_contains(catalog_split_list(cat->arena, list), value);
}

/* Whether a <when> or <if> can hold for the customers of r. */
static bool may_hold(catalog *cat, xmlNodePtr node, const reach *r)
{
    bool present;
    const char *fee = r->country->rules.transfer_fee;
    bool charged = fee && g_ascii_strtod(fee, NULL) > 0;
    if (!listed(cat, node, "region", r->region->id, &present) ||
        !listed(cat, node, "country", r->country->code, &present) ||
        !listed(cat, node, "channel", r->channel_kind, &present) ||
        !listed(cat, node, "doc", catalog_doc_kind_name(r->kind), &present) ||
        !listed(cat, node, "transfer-fee", charged ? "charged" : "none", &present))
        return false;
    if (listed(cat, node, "except-country", r->country->code, &present) && present)
        return false;
    /* a reason exists only in cancellation notices, a destination only in
       transfer notices; outside them relocating is "no" */
    listed(cat, node, "reason", "", &present);
    if (present && r->kind != CATALOG_DOC_CANCELLATION_NOTICE)
        return false;
    listed(cat, node, "destination", "", &present);
    if (present && r->kind != CATALOG_DOC_TRANSFER_NOTICE)
        return false;
    if (!listed(cat, node, "relocating", "no", &present) &&
        r->kind != CATALOG_DOC_TRANSFER_NOTICE)
        return false;
    bool url = r->channel && !r->channel->replaced_by &&
               catalog_channel_terms(r->channel, r->country->code, r->lang);
    if (!listed(cat, node, "terms", url ? "url" : "clause", &present))
        return false;
    return true;
}

/* Whether the customers of r have a value for field. */
static bool field_available(const char *field, const reach *r)
{
    const catalog_rules *rules = &r->country->rules;
    if (strcmp(field, "terms.url") == 0)
        return r->channel && !r->channel->replaced_by &&
               catalog_channel_terms(r->channel, r->country->code, r->lang);
    if (strcmp(field, "reseller.name") == 0)
        return strcmp(r->channel_kind, "reseller") == 0;
    if (strcmp(field, "support.hours") == 0)
        return rules->support_hours != NULL;
    if (strcmp(field, "transfer.fee") == 0)
        return rules->transfer_fee && rules->currency;
    if (g_str_has_prefix(field, "notice.") && strcmp(field, "notice.min-days") != 0)
        return r->kind == CATALOG_DOC_CANCELLATION_NOTICE;
    if (g_str_has_prefix(field, "transfer.") || g_str_has_prefix(field, "transferee."))
        return r->kind == CATALOG_DOC_TRANSFER_NOTICE;
    return true;
}

typedef struct {
    const catalog_clause *clause;
    const char *field;
    int line;
    GString *who;
    int count;
} lack;

static void note_lack(GHashTable *lacks, const catalog_clause *clause, const char *field,
                      int line, const reach *r)
{
    char *key = g_strdup_printf("%s\t%s\t%d\t%s", clause->id, field, line, clause->lang);
    lack *entry = g_hash_table_lookup(lacks, key);
    if (!entry) {
        entry = g_new0(lack, 1);
        entry->clause = clause;
        entry->field = field;
        entry->line = line;
        entry->who = g_string_new(NULL);
        g_hash_table_insert(lacks, key, entry);
    } else {
        g_free(key);
    }
    /* a handful of examples is enough to find the cause */
    if (entry->count++ < 4)
        g_string_append_printf(entry->who, "%s%s (%s, %s, %s, %s)", entry->who->len ? "; " : "",
                               r->region->id, r->country->code, r->channel_kind, r->lang,
                               catalog_doc_kind_name(r->kind));
}

static void walk(catalog *cat, GHashTable *lacks, const catalog_clause *clause,
                 xmlNodePtr node, const reach *r)
{
    for (xmlNodePtr child = node; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)child->name;
        if (strcmp(name, "if") == 0 && !may_hold(cat, child, r))
            continue;
        const char *attribute = strcmp(name, "field") == 0     ? "name"
                                : strcmp(name, "message") == 0 ? "args"
                                : strcmp(name, "link") == 0    ? "href"
                                                               : NULL;
        const char *value = attribute ? catalog_attribute(cat->arena, child, attribute) : NULL;
        if (value) {
            for (const char **field = catalog_split_list(cat->arena, value); *field; field++) {
                const char *used = *field;
                size_t length = strlen(used);
                if (strcmp(name, "link") == 0) {
                    if (length < 3 || used[0] != '{' || used[length - 1] != '}')
                        continue;
                    used = pliego_arena_strndup(cat->arena, used + 1, (long)length - 2);
                }
                if (catalog_field_known(used) && !field_available(used, r))
                    note_lack(lacks, clause, used, xmlGetLineNo(child), r);
            }
        }
        walk(cat, lacks, clause, child->children, r);
    }
}

/* The library that gives clause id its body for lang: lang, its primary
   language, then English. */
static const catalog_library *body_library(const catalog *cat, const char *id,
                                           const char *lang)
{
    char *primary = g_strndup(lang, strcspn(lang, "-"));
    const char *chain[] = {lang, primary, "en"};
    const catalog_library *found = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(chain) && !found; i++) {
        const catalog_library *library = catalog_find_library(cat, chain[i]);
        for (size_t c = 0; library && c < library->clauses.count && !found; c++) {
            const catalog_clause *clause = library->clauses.items[c];
            if (strcmp(clause->id, id) == 0 && clause->body)
                found = library;
        }
    }
    g_free(primary);
    return found;
}

static void reach_clause(catalog *cat, GHashTable *lacks, const char *id, const reach *r)
{
    const catalog_library *library = body_library(cat, id, r->lang);
    for (size_t c = 0; library && c < library->clauses.count; c++) {
        const catalog_clause *clause = library->clauses.items[c];
        if (strcmp(clause->id, id) != 0 || !clause->body)
            continue;
        if (clause->when && !may_hold(cat, clause->when, r))
            continue;
        walk(cat, lacks, clause, clause->body->children, r);
    }
}

static void reach_document(catalog *cat, GHashTable *lacks, const reach *r)
{
    const catalog_outline *outline = &cat->outlines[r->kind];
    for (size_t i = 0; i < outline->entries.count; i++) {
        const catalog_outline_entry *entry = outline->entries.items[i];
        const char *id = entry->ref;
        if (entry->role && strcmp(entry->role, "terms") == 0 && r->channel &&
            r->channel->replaced_by && !r->channel->table_only)
            id = r->channel->replaced_by;
        if (entry->role && strcmp(entry->role, "relocation") == 0) {
            /* only in transfers to a country that does not sell the
               service; its fields are those of the customer's country */
            if (r->kind != CATALOG_DOC_TRANSFER_NOTICE || !r->country->rules.relocation_clause)
                continue;
            id = r->country->rules.relocation_clause;
        }
        reach_clause(cat, lacks, id, r);
    }
}

static void report(catalog *cat, const lack *entry)
{
    catalog_diagnose(cat, PLIEGO_ERROR_XML, entry->clause->file, entry->line,
                     "clause %s uses field %s, which %d reachable customer group%s "
                     "lack%s (region, country, channel, language, document): %s%s",
                     entry->clause->id, entry->field, entry->count,
                     entry->count == 1 ? "" : "s", entry->count == 1 ? "s" : "",
                     entry->who->str, entry->count > 4 ? "; ..." : "");
}

static void free_lack(gpointer value)
{
    lack *entry = value;
    g_string_free(entry->who, TRUE);
    g_free(entry);
}

static gint by_place(gconstpointer a, gconstpointer b)
{
    const lack *x = a, *y = b;
    int files = strcmp(x->clause->file, y->clause->file);
    return files ? files : x->line - y->line;
}

void catalog_check_reach(catalog *cat)
{
    GHashTable *lacks = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_lack);
    for (int kind = 0; kind < CATALOG_DOC_COUNT; kind++) {
        if (!cat->outlines[kind].present)
            continue;
        for (size_t g = 0; g < cat->regions.count; g++) {
            const catalog_region *region = cat->regions.items[g];
            for (size_t c = 0; c < region->countries.count; c++) {
                const catalog_country *country = region->countries.items[c];
                const char *kinds[] = {"direct", "reseller"};
                const catalog_channel *channels[] = {region->direct, region->reseller};
                for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
                    for (const char **lang = country->languages; lang && *lang; lang++) {
                        reach r = {(catalog_doc_kind)kind, region, country, kinds[k],
                                   channels[k], *lang};
                        reach_document(cat, lacks, &r);
                    }
                }
            }
        }
    }
    /* in file and line order, so the output is the same on every run */
    GList *sorted = g_list_sort(g_hash_table_get_values(lacks), by_place);
    for (GList *item = sorted; item; item = item->next)
        report(cat, item->data);
    g_list_free(sorted);
    g_hash_table_destroy(lacks);
}
