/* What `pliego check` adds to schema validation: the cross-checks over a
 * loaded catalogue, which the schemas cannot see because they span files
 * (each problem becomes a diagnostic naming the file and line where it can
 * be fixed), and the coverage table of clause x language: whether each
 * library has a clause in full ("present"), lets English stand in where no
 * outline requires it ("fallback"), or lacks something an outline requires
 * ("missing"). */
#include "catalog/catalog.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/umsg.h>
#include <unicode/ustring.h>

const char *const catalog_field_names[CATALOG_FIELD_COUNT] = {
#define CATALOG_FIELD(id, name) name,
#include "catalog/fields.def"
#undef CATALOG_FIELD
};

/* A name outside fields.def is a typo that would otherwise print nothing. */
bool catalog_field_known(const char *name)
{
    for (int i = 0; i < CATALOG_FIELD_COUNT; i++)
        if (strcmp(catalog_field_names[i], name) == 0)
            return true;
    return false;
}

/* Labels the assembler formats as ICU messages rather than copying. */
static const char *const message_labels[] = {"term-months", NULL};

bool catalog_label_is_message(const char *label_id)
{
    return catalog_list_contains((const char **)message_labels, label_id);
}

/* What the templates build a table from: /document/terms-table,
   /document/order/product and /document/order. */
static const char *const data_tables[] = {"terms", "products", "order", NULL};

bool catalog_data_table_known(const char *ref)
{
    return catalog_list_contains((const char **)data_tables, ref);
}

/* Outline groups the templates know how to head and letter. */
static const char *const outline_groups[] = {"additional", NULL};

static void check_countries(catalog *cat)
{
    for (size_t i = 0; i < cat->regions.count; i++) {
        const catalog_region *region = cat->regions.items[i];
        for (size_t j = 0; j < region->countries.count; j++) {
            const catalog_country *country = region->countries.items[j];
            const catalog_country *first = catalog_find_country(cat, country->code);
            if (first != country)
                catalog_diagnose(cat, PLIEGO_ERROR_XML, country->file, country->line,
                                 "country %s is in region %s and also in region %s "
                                 "(%s:%d); a country belongs to exactly one region",
                                 country->code, region->id, first->region->id,
                                 first->file, first->line);
            for (const char **lang = country->languages; *lang; lang++) {
                char *primary = g_strdup(*lang);
                char *dash = strchr(primary, '-');
                if (dash)
                    *dash = '\0';
                if (!catalog_find_library(cat, primary))
                    catalog_diagnose(cat, PLIEGO_ERROR_XML, country->file,
                                     country->line,
                                     "country %s: language %s has no clause library "
                                     "(locales/%s/)",
                                     country->code, *lang, primary);
                g_free(primary);
            }
        }
    }
}

static bool clause_exists(const catalog *cat, const char *id)
{
    return catalog_library_any_clause(catalog_find_library(cat, "en"), id) != NULL;
}

/* A catalogue URL ends up in link annotations of every document: only web
   and mail links, with nothing that could end a PDF string or a URI early
   (spaces, control characters, quotes, backslashes, unbalanced
   parentheses). render.c escapes and filters again; this names the file
   and line so the catalogue gets fixed. */
static void check_url(catalog *cat, const char *file, int line, const char *what,
                      const char *url)
{
    static const char *const schemes[] = {"http://", "https://", "mailto:"};
    bool scheme = false;
    for (size_t i = 0; i < G_N_ELEMENTS(schemes); i++)
        scheme = scheme || g_ascii_strncasecmp(url, schemes[i], strlen(schemes[i])) == 0;
    int depth = 0;
    bool clean = true;
    for (const unsigned char *p = (const unsigned char *)url; *p && clean; p++) {
        depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
        clean = *p > 0x20 && *p != 0x7f && !strchr("\"'<>\\`", *p) && depth >= 0;
    }
    if (!scheme)
        catalog_diagnose(cat, PLIEGO_ERROR_XML, file, line,
                         "%s: URL \"%s\" is not http, https or mailto", what, url);
    else if (!clean || depth != 0)
        catalog_diagnose(cat, PLIEGO_ERROR_XML, file, line,
                         "%s: URL \"%s\" holds a space, control character, quote, "
                         "backslash or unbalanced parenthesis", what, url);
}

/* A channel given by URLs needs one for every country and language of the
   region, or the assembler could not say which terms apply. */
static void check_channel(catalog *cat, const catalog_region *region,
                          const catalog_channel *channel)
{
    if (channel->replaced_by) {
        if (!clause_exists(cat, channel->replaced_by))
            catalog_diagnose(cat, PLIEGO_ERROR_XML, region->file, channel->line,
                             "region %s, channel %s: unknown clause \"%s\" "
                             "(not in locales/en/)",
                             region->id, channel->kind, channel->replaced_by);
        return;
    }
    for (size_t t = 0; t < channel->terms.count; t++) {
        const catalog_terms *terms = channel->terms.items[t];
        char *what = g_strdup_printf("region %s, channel %s", region->id, channel->kind);
        if (terms->url)
            check_url(cat, region->file, channel->line, what, terms->url);
        g_free(what);
    }
    for (size_t i = 0; i < region->countries.count; i++) {
        const catalog_country *country = region->countries.items[i];
        for (const char **lang = country->languages; *lang; lang++) {
            bool found = false;
            for (size_t t = 0; t < channel->terms.count && !found; t++) {
                const catalog_terms *terms = channel->terms.items[t];
                found = (!terms->country || strcmp(terms->country, country->code) == 0) &&
                        (!terms->lang || strcmp(terms->lang, *lang) == 0);
            }
            if (!found)
                catalog_diagnose(cat, PLIEGO_ERROR_XML, region->file, channel->line,
                                 "region %s, channel %s: no terms URL for country %s "
                                 "in language %s",
                                 region->id, channel->kind, country->code, *lang);
        }
    }
}

static bool label_declared(const catalog *cat, const char *id)
{
    for (size_t i = 0; i < cat->label_ids.count; i++)
        if (strcmp(((const catalog_outline_entry *)cat->label_ids.items[i])->ref, id) == 0)
            return true;
    return false;
}

/* Every row of the region's terms table has terms in both channels: the
   service description prints them all. */
static void check_terms_rows(catalog *cat, const catalog_region *region)
{
    GArray *rows = catalog_region_terms_rows(region);
    const catalog_channel *channels[] = {region->direct, region->reseller};
    for (guint r = 0; r < rows->len; r++) {
        const catalog_terms_row *row = &g_array_index(rows, catalog_terms_row, r);
        for (size_t c = 0; c < G_N_ELEMENTS(channels); c++) {
            const catalog_channel *channel = channels[c];
            if (!channel || channel->replaced_by ||
                catalog_channel_terms(channel, row->country, row->lang))
                continue;
            catalog_diagnose(cat, PLIEGO_ERROR_XML, region->file, channel->line,
                             "region %s, channel %s: no terms for the terms-table row "
                             "of %s%s%s%s",
                             region->id, channel->kind,
                             row->country ? "country " : "",
                             row->country ? row->country : "",
                             row->lang ? (row->country ? " in language " : "language ") : "",
                             row->lang ? row->lang
                                       : (row->country ? "" : "the rest of the region"));
        }
    }
    g_array_free(rows, TRUE);
}

/* Walks a clause for what depends on one customer. */
static const char *customer_markup(xmlNodePtr node)
{
    for (xmlNodePtr child = node; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)child->name;
        if (strcmp(name, "field") == 0 || strcmp(name, "message") == 0 ||
            strcmp(name, "if") == 0)
            return name;
        if (strcmp(name, "link") == 0) {
            xmlChar *href = xmlGetProp(child, (const xmlChar *)"href");
            bool placeholder = href && href[0] == '{';
            xmlFree(href);
            if (placeholder)
                return "link href=\"{...}\"";
        }
        const char *found = customer_markup(child->children);
        if (found)
            return found;
    }
    return NULL;
}

/* A clause that replaces the terms is printed in the terms table of every
   service description, whoever the customer is: it may not print customer
   data or depend on conditions. Each library's versions are checked once. */
static void check_replacing_clauses(catalog *cat)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t r = 0; r < cat->regions.count; r++) {
        const catalog_region *region = cat->regions.items[r];
        const catalog_channel *channels[] = {region->direct, region->reseller};
        for (size_t c = 0; c < G_N_ELEMENTS(channels); c++) {
            const char *id = channels[c] ? channels[c]->replaced_by : NULL;
            if (!id || g_hash_table_contains(seen, id))
                continue;
            g_hash_table_add(seen, (gpointer)id);
            for (size_t l = 0; l < cat->libraries.count; l++) {
                const catalog_library *library = cat->libraries.items[l];
                for (size_t i = 0; i < library->clauses.count; i++) {
                    const catalog_clause *clause = library->clauses.items[i];
                    const char *found = strcmp(clause->id, id) == 0 && clause->body
                                            ? customer_markup(clause->body->children)
                                            : NULL;
                    if (found)
                        catalog_diagnose(cat, PLIEGO_ERROR_XML, clause->file, clause->line,
                                         "clause %s replaces the terms in region %s and "
                                         "is printed in every service description's "
                                         "terms table, so its body may not use <%s>",
                                         id, region->id, found);
                }
            }
        }
    }
    g_hash_table_destroy(seen);
}

/* Whether ICU knows zone as a system time zone (an IANA name). */
static bool zone_known(const char *zone)
{
    UChar id[64], canonical[64];
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = 0;
    u_strFromUTF8(id, G_N_ELEMENTS(id), &length, zone, -1, &status);
    if (U_FAILURE(status) || length >= (int32_t)G_N_ELEMENTS(id))
        return false;
    UBool system = false;
    ucal_getCanonicalTimeZoneID(id, length, canonical, G_N_ELEMENTS(canonical), &system,
                                &status);
    return U_SUCCESS(status) && system;
}

static void check_regions(catalog *cat)
{
    check_replacing_clauses(cat);
    for (size_t i = 0; i < cat->regions.count; i++) {
        const catalog_region *region = cat->regions.items[i];
        if (!region->direct)
            catalog_diagnose(cat, PLIEGO_ERROR_XML, region->file, region->line,
                             "region %s has no direct channel", region->id);
        else
            check_channel(cat, region, region->direct);
        if (!region->reseller)
            catalog_diagnose(cat, PLIEGO_ERROR_XML, region->file, region->line,
                             "region %s has no reseller channel", region->id);
        else
            check_channel(cat, region, region->reseller);
        check_terms_rows(cat, region);
        char *label = g_strconcat("region-", region->id, NULL);
        if (cat->outline_file && !label_declared(cat, label))
            catalog_diagnose(cat, PLIEGO_ERROR_XML, region->file, region->line,
                             "region %s has no label %s in locales/documents.xml (the "
                             "terms table prints it)",
                             region->id, label);
        g_free(label);
        for (size_t j = 0; j < region->countries.count; j++) {
            const catalog_country *country = region->countries.items[j];
            const char *clause = country->rules.relocation_clause;
            if (clause && !clause_exists(cat, clause))
                catalog_diagnose(cat, PLIEGO_ERROR_XML, region->file, country->line,
                                 "region %s, country %s: unknown relocation clause "
                                 "\"%s\" (not in locales/en/)",
                                 region->id, country->code, clause);
            /* the schema checks the syntax; opening hours mean nothing
               without the zone they are counted in */
            const char *hours = country->rules.support_hours;
            if (hours && strcmp(hours, "always") != 0 && !country->rules.support_zone)
                catalog_diagnose(cat, PLIEGO_ERROR_XML, region->file, country->line,
                                 "region %s, country %s: support-hours \"%s\" need a "
                                 "support-zone (an IANA time zone such as Europe/Paris)",
                                 region->id, country->code, hours);
            const char *zone = country->rules.support_zone;
            if (zone && !zone_known(zone))
                catalog_diagnose(cat, PLIEGO_ERROR_XML, region->file, country->line,
                                 "region %s, country %s: support-zone \"%s\" is not a time "
                                 "zone ICU knows (use an IANA name such as Europe/Paris)",
                                 region->id, country->code, zone);
        }
    }
}

/* Same id and version twice, or two versions in force on one day, would
   make the clause a document receives depend on file order. */
static void check_versions(catalog *cat, const catalog_library *library)
{
    for (size_t i = 0; i < library->clauses.count; i++) {
        const catalog_clause *a = library->clauses.items[i];
        if (a->effective_until && a->effective_until < a->effective_from)
            catalog_diagnose(cat, PLIEGO_ERROR_XML, a->file, a->line,
                             "clause %s version %d ends before it starts",
                             a->id, a->version);
        for (size_t j = 0; j < i; j++) {
            const catalog_clause *b = library->clauses.items[j];
            if (strcmp(a->id, b->id) != 0)
                continue;
            guint32 a_end = a->effective_until ? a->effective_until : G_MAXUINT32;
            guint32 b_end = b->effective_until ? b->effective_until : G_MAXUINT32;
            if (a->version == b->version)
                catalog_diagnose(cat, PLIEGO_ERROR_XML, a->file, a->line,
                                 "duplicate clause %s version %d (also at %s:%d)",
                                 a->id, a->version, b->file, b->line);
            else if (a->effective_from <= b_end && b->effective_from <= a_end)
                catalog_diagnose(cat, PLIEGO_ERROR_XML, a->file, a->line,
                                 "clause %s versions %d and %d (%s:%d) are in force "
                                 "on the same days",
                                 a->id, a->version, b->version, b->file, b->line);
        }
    }
}

/* An ICU message compiles in lang; what names the clause or label. */
static void check_pattern(catalog *cat, const char *file, int line, const char *lang,
                          const char *what, const char *pattern)
{
    UChar buffer[2048];
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = 0;
    u_strFromUTF8(buffer, G_N_ELEMENTS(buffer), &length, pattern, -1, &status);
    if (U_FAILURE(status)) {
        catalog_diagnose(cat, PLIEGO_ERROR_LIMIT, file, line,
                         "%s: message longer than %d characters", what,
                         (int)G_N_ELEMENTS(buffer));
        return;
    }
    UParseError parse = {0};
    UMessageFormat *format = umsg_open(buffer, length, lang, &parse, &status);
    if (U_FAILURE(status))
        catalog_diagnose(cat, PLIEGO_ERROR_XML, file, line,
                         "%s: invalid ICU message at character %d: %s", what,
                         (int)parse.offset + 1, catalog_icu_problem(status));
    umsg_close(format);
}

static void check_message(catalog *cat, const catalog_clause *clause,
                          xmlNodePtr node, const char *pattern)
{
    char *what = g_strconcat("clause ", clause->id, NULL);
    check_pattern(cat, clause->file, xmlGetLineNo(node), clause->lang, what, pattern);
    g_free(what);
}

static int count_cells(xmlNodePtr row)
{
    int count = 0;
    for (xmlNodePtr cell = row->children; cell; cell = cell->next)
        count += cell->type == XML_ELEMENT_NODE;
    return count;
}

/* A cell's span in columns or rows (attribute columns or rows; 1 without). */
static int cell_span(xmlNodePtr cell, const char *name)
{
    xmlChar *value = xmlGetProp(cell, (const xmlChar *)name);
    int span = value ? atoi((const char *)value) : 1;
    xmlFree(value);
    return span > 0 ? span : 1;
}

#define TABLE_MAX_COLUMNS 64

/* The columns a table's head covers, checking that its rows fit together:
   the first row's cells with their column spans give the width; each row,
   with the cells that reach down into it from the rows above, must fill
   exactly that width, and no cell may reach below the head. Returns the
   width, or 0 after a diagnostic. */
static int head_width(catalog *cat, const catalog_clause *clause, xmlNodePtr head,
                      const char *id)
{
    bool rows = false;
    for (xmlNodePtr child = head->children; child; child = child->next)
        rows = rows || (child->type == XML_ELEMENT_NODE && xmlStrEqual(child->name,
                                                                      (const xmlChar *)"row"));
    int pending[TABLE_MAX_COLUMNS] = {0}; /* rows each column stays covered */
    int width = 0, number = 0;
    for (xmlNodePtr row = rows ? head->children : head; row; row = rows ? row->next : NULL) {
        if (row->type != XML_ELEMENT_NODE)
            continue;
        number++;
        int column = 0;
        for (xmlNodePtr cell = row->children; cell; cell = cell->next) {
            if (cell->type != XML_ELEMENT_NODE)
                continue;
            while (column < TABLE_MAX_COLUMNS && pending[column] > 0)
                column++;
            int columns = cell_span(cell, "columns");
            if (column + columns > TABLE_MAX_COLUMNS || (width && column + columns > width)) {
                catalog_diagnose(cat, PLIEGO_ERROR_XML, clause->file, xmlGetLineNo(cell),
                                 "clause %s: head row %d of table %s is wider than its "
                                 "first row (%d columns)",
                                 clause->id, number, id, width);
                return 0;
            }
            for (int k = column; k < column + columns; k++)
                pending[k] = cell_span(cell, "rows");
            column += columns;
        }
        while (column < TABLE_MAX_COLUMNS && pending[column] > 0 && (!width || column < width))
            column++;
        if (!width)
            width = column;
        if (column != width) {
            catalog_diagnose(cat, PLIEGO_ERROR_XML, clause->file, xmlGetLineNo(row),
                             "clause %s: head row %d of table %s covers %d of its %d columns",
                             clause->id, number, id, column, width);
            return 0;
        }
        for (int k = 0; k < width; k++)
            if (pending[k] > 0)
                pending[k]--;
    }
    for (int k = 0; k < width; k++) {
        if (pending[k] > 0) {
            catalog_diagnose(cat, PLIEGO_ERROR_XML, clause->file, xmlGetLineNo(head),
                             "clause %s: a cell in the head of table %s spans more rows "
                             "than the head has",
                             clause->id, id);
            return 0;
        }
    }
    return width;
}

/* Every row of a table has as many cells as its head has columns: a short
   row would leave the template guessing which column a cell belongs to. */
static void check_table(catalog *cat, const catalog_clause *clause, xmlNodePtr table)
{
    const char *id = catalog_attribute(cat->arena, table, "id");
    xmlNodePtr head = NULL;
    int row_number = 0, wanted = 0;
    for (xmlNodePtr child = table->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        if (!head) {
            head = child;
            wanted = head_width(cat, clause, head, id);
            if (!wanted)
                return;
            continue;
        }
        row_number++;
        int cells = count_cells(child);
        if (cells != wanted) {
            catalog_diagnose(cat, PLIEGO_ERROR_XML, clause->file, xmlGetLineNo(child),
                             "clause %s: row %d of table %s has %d cell%s, but its "
                             "head has %d",
                             clause->id, row_number, id, cells, cells == 1 ? "" : "s",
                             wanted);
        }
    }
}

/* Walks a clause's title and body for field names and messages. */
static void check_fields(catalog *cat, const catalog_clause *clause, xmlNodePtr node)
{
    for (xmlNodePtr child = node; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)child->name;
        if (strcmp(name, "table") == 0)
            check_table(cat, clause, child);
        if (strcmp(name, "data-table") == 0) {
            const char *ref = catalog_attribute(cat->arena, child, "ref");
            if (!catalog_data_table_known(ref))
                catalog_diagnose(cat, PLIEGO_ERROR_XML, clause->file, xmlGetLineNo(child),
                                 "clause %s: unknown data table \"%s\" (known: terms, "
                                 "products, order)",
                                 clause->id, ref);
        }
        if (strcmp(name, "field") == 0 || strcmp(name, "message") == 0 ||
            strcmp(name, "link") == 0) {
            const char *attribute = strcmp(name, "field") == 0     ? "name"
                                    : strcmp(name, "message") == 0 ? "args"
                                                                   : "href";
            const char *value = catalog_attribute(cat->arena, child, attribute);
            const char **names = catalog_split_list(cat->arena, value);
            for (const char **field = names; *field; field++) {
                const char *check = *field;
                if (strcmp(name, "link") == 0) {
                    /* only a whole-href "{field}" is a placeholder */
                    size_t length = strlen(check);
                    if (length < 3 || check[0] != '{' || check[length - 1] != '}') {
                        char *what = g_strdup_printf("clause %s", clause->id);
                        check_url(cat, clause->file, xmlGetLineNo(child), what, check);
                        g_free(what);
                        continue;
                    }
                    check = pliego_arena_strndup(cat->arena, check + 1, (long)length - 2);
                }
                if (!catalog_field_known(check))
                    catalog_diagnose(cat, PLIEGO_ERROR_XML, clause->file,
                                     xmlGetLineNo(child),
                                     "clause %s: unknown field \"%s\"", clause->id,
                                     check);
            }
            if (strcmp(name, "message") == 0) {
                xmlChar *pattern = xmlNodeGetContent(child);
                check_message(cat, clause, child, (const char *)pattern);
                xmlFree(pattern);
            }
        }
        check_fields(cat, clause, child->children);
    }
}

/* The clauses a document may contain: its outline, plus what regions put
   in place of the terms clause or add for relocations. */
static void required_clauses(const catalog *cat, const catalog_outline *outline,
                             GPtrArray *ids)
{
    for (size_t i = 0; i < outline->entries.count; i++) {
        const catalog_outline_entry *entry = outline->entries.items[i];
        if (!g_ptr_array_find_with_equal_func(ids, entry->ref, g_str_equal, NULL))
            g_ptr_array_add(ids, (gpointer)entry->ref);
        for (size_t r = 0; entry->role && r < cat->regions.count; r++) {
            const catalog_region *region = cat->regions.items[r];
            const char *extra = NULL;
            if (strcmp(entry->role, "terms") == 0)
                extra = region->reseller ? region->reseller->replaced_by : NULL;
            else
                extra = region->defaults.relocation_clause;
            if (extra && !g_ptr_array_find_with_equal_func(ids, extra, g_str_equal, NULL))
                g_ptr_array_add(ids, (gpointer)extra);
        }
    }
}

GPtrArray *catalog_outline_clauses(const catalog *cat, catalog_doc_kind kind)
{
    GPtrArray *ids = g_ptr_array_new();
    if (cat->outlines[kind].present)
        required_clauses(cat, &cat->outlines[kind], ids);
    return ids;
}

static void check_outlines(catalog *cat)
{
    if (!cat->outline_file)
        return;
    for (int kind = 0; kind < CATALOG_DOC_COUNT; kind++) {
        const catalog_outline *outline = &cat->outlines[kind];
        if (!outline->present) {
            catalog_diagnose(cat, PLIEGO_ERROR_XML, cat->outline_file, 0,
                             "no outline for document %s",
                             catalog_doc_kind_name((catalog_doc_kind)kind));
            continue;
        }
        for (size_t i = 0; i < outline->entries.count; i++) {
            const catalog_outline_entry *entry = outline->entries.items[i];
            const catalog_outline_entry *previous =
                i ? outline->entries.items[i - 1] : NULL;
            if (entry->group &&
                !catalog_list_contains((const char **)outline_groups, entry->group))
                catalog_diagnose(cat, PLIEGO_ERROR_XML, cat->outline_file, entry->line,
                                 "%s: clause %s is in unknown group \"%s\" (known: "
                                 "additional)",
                                 catalog_doc_kind_name(outline->kind), entry->ref,
                                 entry->group);
            /* the template heads a group once and letters its clauses, so
               they must follow one another */
            for (size_t j = 0; entry->group && j + 1 < i; j++) {
                const catalog_outline_entry *earlier = outline->entries.items[j];
                if (earlier->group && strcmp(earlier->group, entry->group) == 0 &&
                    !(previous->group && strcmp(previous->group, entry->group) == 0)) {
                    catalog_diagnose(cat, PLIEGO_ERROR_XML, cat->outline_file,
                                     entry->line,
                                     "%s: the clauses of group %s must follow one "
                                     "another, but %s comes after %s",
                                     catalog_doc_kind_name(outline->kind), entry->group,
                                     entry->ref, previous->ref);
                    break;
                }
            }
            if (!clause_exists(cat, entry->ref))
                catalog_diagnose(cat, PLIEGO_ERROR_XML, cat->outline_file, entry->line,
                                 "%s refers to unknown clause \"%s\" (not in locales/en/)",
                                 catalog_doc_kind_name(outline->kind), entry->ref);
        }
        GPtrArray *ids = catalog_outline_clauses(cat, outline->kind);
        for (const char **lang = outline->full; *lang; lang++)
            for (guint i = 0; i < ids->len; i++) {
                const catalog_library *library = catalog_find_library(cat, *lang);
                const catalog_clause *clause =
                    catalog_library_any_clause(library, ids->pdata[i]);
                if (!clause && !library)
                    continue; /* reported once below */
                if (!clause)
                    catalog_diagnose(cat, PLIEGO_ERROR_XML, cat->outline_file,
                                     outline->line,
                                     "%s: clause %s is missing in %s, which must "
                                     "carry it in full",
                                     catalog_doc_kind_name(outline->kind),
                                     (const char *)ids->pdata[i], *lang);
                else if (!clause->body)
                    catalog_diagnose(cat, PLIEGO_ERROR_XML, clause->file, clause->line,
                                     "%s: clause %s has no body in %s, which must "
                                     "carry it in full",
                                     catalog_doc_kind_name(outline->kind), clause->id,
                                     *lang);
            }
        for (const char **lang = outline->titles; *lang; lang++)
            for (guint i = 0; i < ids->len; i++) {
                const catalog_library *library = catalog_find_library(cat, *lang);
                if (library && !catalog_library_any_clause(library, ids->pdata[i]))
                    catalog_diagnose(cat, PLIEGO_ERROR_XML, cat->outline_file,
                                     outline->line,
                                     "%s: clause %s has no title in %s",
                                     catalog_doc_kind_name(outline->kind),
                                     (const char *)ids->pdata[i], *lang);
            }
        for (const char **lang = outline->full; *lang; lang++)
            if (!catalog_find_library(cat, *lang))
                catalog_diagnose(cat, PLIEGO_ERROR_XML, cat->outline_file, outline->line,
                                 "%s requires language %s, which has no library",
                                 catalog_doc_kind_name(outline->kind), *lang);
        g_ptr_array_free(ids, TRUE);
    }
}

static void check_labels(catalog *cat, const catalog_library *library)
{
    for (size_t i = 0; i < cat->label_ids.count; i++) {
        const catalog_outline_entry *entry = cat->label_ids.items[i];
        if (!catalog_library_label(library, entry->ref))
            catalog_diagnose(cat, PLIEGO_ERROR_XML, cat->outline_file, entry->line,
                             "label %s is missing in %s", entry->ref, library->lang);
    }
    for (size_t i = 0; i < library->labels.count; i++) {
        const catalog_label *label = library->labels.items[i];
        bool known = false;
        for (size_t j = 0; j < cat->label_ids.count && !known; j++)
            known = strcmp(((catalog_outline_entry *)cat->label_ids.items[j])->ref,
                           label->label_id) == 0;
        for (size_t j = 0; j < i; j++)
            if (strcmp(((catalog_label *)library->labels.items[j])->label_id,
                       label->label_id) == 0)
                catalog_diagnose(cat, PLIEGO_ERROR_XML, label->file, label->line,
                                 "duplicate label %s", label->label_id);
        if (!known)
            catalog_diagnose(cat, PLIEGO_ERROR_XML, label->file, label->line,
                             "label %s is not declared in locales/documents.xml",
                             label->label_id);
        if (catalog_label_is_message(label->label_id)) {
            char *what = g_strconcat("label ", label->label_id, NULL);
            check_pattern(cat, label->file, label->line, library->lang, what,
                          label->text);
            g_free(what);
        }
    }
}

bool catalog_check(catalog *cat)
{
    check_countries(cat);
    check_regions(cat);
    check_outlines(cat);
    if (!catalog_find_library(cat, "en"))
        catalog_diagnose(cat, PLIEGO_ERROR_XML, cat->dir, 0,
                         "no English library (locales/en/), the last fallback");
    for (size_t i = 0; i < cat->libraries.count; i++) {
        const catalog_library *library = cat->libraries.items[i];
        check_versions(cat, library);
        check_labels(cat, library);
        for (size_t j = 0; j < library->clauses.count; j++) {
            const catalog_clause *clause = library->clauses.items[j];
            check_fields(cat, clause, clause->node->children);
        }
    }
    /* who receives what only makes sense in a catalogue that holds together */
    if (cat->diagnostics.count == 0)
        catalog_check_reach(cat);
    return cat->diagnostics.count == 0;
}

/* Coverage ------------------------------------------------------------- */


typedef enum { COVERAGE_PRESENT, COVERAGE_FALLBACK, COVERAGE_MISSING } coverage;

static const char *const coverage_names[] = {"present", "fallback", "missing"};

/* What the outlines require of lang for clause id: 2 in full, 1 the title
   only, 0 nothing. */
static int required(const catalog *cat, const char *id, const char *lang)
{
    int need = 0;
    for (int kind = 0; kind < CATALOG_DOC_COUNT; kind++) {
        const catalog_outline *outline = &cat->outlines[kind];
        if (!outline->present)
            continue;
        GPtrArray *ids = catalog_outline_clauses(cat, (catalog_doc_kind)kind);
        bool contains = g_ptr_array_find_with_equal_func(ids, id, g_str_equal, NULL);
        g_ptr_array_free(ids, TRUE);
        if (!contains)
            continue;
        if (catalog_list_contains(outline->full, lang))
            need = 2;
        else if (need < 1 && catalog_list_contains(outline->titles, lang))
            need = 1;
    }
    return need;
}

static coverage clause_coverage(const catalog *cat, const catalog_library *library,
                                const char *id)
{
    const catalog_clause *clause = NULL;
    bool has_body = false;
    for (size_t i = 0; i < library->clauses.count; i++) {
        const catalog_clause *candidate = library->clauses.items[i];
        if (strcmp(candidate->id, id) == 0) {
            clause = candidate;
            has_body = has_body || candidate->body;
        }
    }
    int need = strcmp(library->lang, "en") == 0 ? 2 : required(cat, id, library->lang);
    if (clause && has_body)
        return COVERAGE_PRESENT;
    if (clause)
        return need == 2 ? COVERAGE_MISSING : COVERAGE_FALLBACK;
    return need > 0 ? COVERAGE_MISSING : COVERAGE_FALLBACK;
}

/* Rows: every clause of every document, once, then every label. */
static GPtrArray *rows(const catalog *cat)
{
    GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
    for (int kind = 0; kind < CATALOG_DOC_COUNT; kind++) {
        GPtrArray *clauses = catalog_outline_clauses(cat, (catalog_doc_kind)kind);
        for (guint i = 0; i < clauses->len; i++)
            if (!g_ptr_array_find_with_equal_func(ids, clauses->pdata[i],
                                                  g_str_equal, NULL))
                g_ptr_array_add(ids, g_strdup(clauses->pdata[i]));
        g_ptr_array_free(clauses, TRUE);
    }
    for (size_t i = 0; i < cat->label_ids.count; i++) {
        const catalog_outline_entry *entry = cat->label_ids.items[i];
        g_ptr_array_add(ids, g_strconcat("label:", entry->ref, NULL));
    }
    return ids;
}

static coverage cell(const catalog *cat, const catalog_library *library,
                     const char *row)
{
    if (g_str_has_prefix(row, "label:"))
        return catalog_library_label(library, row + 6) ? COVERAGE_PRESENT
                                                       : COVERAGE_MISSING;
    return clause_coverage(cat, library, row);
}

void catalog_write_coverage(const catalog *cat, FILE *text, FILE *csv)
{
    GPtrArray *ids = rows(cat);
    int width = 6;
    for (guint i = 0; i < ids->len; i++)
        width = MAX(width, (int)strlen(ids->pdata[i]));
    if (text) {
        fprintf(text, "%-*s", width, "clause");
        for (size_t l = 0; l < cat->libraries.count; l++)
            fprintf(text, "  %-8s",
                    ((const catalog_library *)cat->libraries.items[l])->lang);
        fputc('\n', text);
    }
    if (csv) {
        fputs("clause", csv);
        for (size_t l = 0; l < cat->libraries.count; l++)
            fprintf(csv, ",%s", ((const catalog_library *)cat->libraries.items[l])->lang);
        fputs("\r\n", csv);
    }
    int counts[3] = {0, 0, 0};
    for (guint i = 0; i < ids->len; i++) {
        const char *row = ids->pdata[i];
        if (text)
            fprintf(text, "%-*s", width, row);
        if (csv)
            fputs(row, csv);
        for (size_t l = 0; l < cat->libraries.count; l++) {
            coverage state = cell(cat, cat->libraries.items[l], row);
            counts[state]++;
            if (text)
                fprintf(text, "  %-8s", coverage_names[state]);
            if (csv)
                fprintf(csv, ",%s", coverage_names[state]);
        }
        if (text)
            fputc('\n', text);
        if (csv)
            fputs("\r\n", csv);
    }
    if (text)
        fprintf(text, "%d present, %d fallback, %d missing\n", counts[0], counts[1],
                counts[2]);
    g_ptr_array_free(ids, TRUE);
}
