/* The coverage table of `pliego check`: for every clause a document may
 * contain and every label, whether each language library has it in full
 * ("present"), lets English stand in where no outline requires it
 * ("fallback"), or lacks something an outline requires ("missing"). */
#include "catalog/catalog.h"

#include <string.h>

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
