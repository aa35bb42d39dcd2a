/* pliego verify, second half: the provenance inside an archival PDF, and
 * the report. The embedded document XML must hash to the XMP's
 * pliego:sourceSha256, and what it says (kind, customer, language,
 * catalogue identity, clauses, inputs) must be what the XMP says; with a
 * catalogue, each clause is looked up again and its SHA-256 compared. */
#include "verify/verify.h"

#include <string.h>

#include "catalog/catalog.h"

static bool same_list(const GPtrArray *a, const GPtrArray *b)
{
    if (a->len != b->len)
        return false;
    for (unsigned i = 0; i < a->len; i++)
        if (strcmp(g_ptr_array_index(a, i), g_ptr_array_index(b, i)) != 0)
            return false;
    return true;
}

/* "ID VERSION LANG SHA256" against the catalogue's clause of that id,
 * version and language. */
static void check_clause_in_catalog(checker *c, catalog *cat, const char *line)
{
    char **parts = g_strsplit(line, " ", 4);
    if (g_strv_length(parts) != 4) {
        g_strfreev(parts);
        return;
    }
    const catalog_library *library = catalog_find_library(cat, parts[2]);
    const catalog_clause *found = NULL;
    int version = atoi(parts[1]);
    for (size_t i = 0; library && i < library->clauses.count; i++) {
        const catalog_clause *clause = library->clauses.items[i];
        if (strcmp(clause->id, parts[0]) == 0 && clause->version == version)
            found = clause;
    }
    if (!found)
        verify_add(c, "pliego:catalogue", 0,
                   "clause %s version %s (%s) is no longer in the catalogue",
                   parts[0], parts[1], parts[2]);
    else if (strcmp(found->sha256, parts[3]) != 0)
        verify_add(c, "pliego:catalogue", 0,
                   "clause %s version %s (%s) changed since the PDF was made "
                   "(%s:%d)", parts[0], parts[1], parts[2], found->file,
                   found->line);
    g_strfreev(parts);
}

void verify_provenance(checker *c, const char *source, size_t length,
                       const char *catalog_dir)
{
    char *recorded = verify_xmp_text(c, "//pliego:sourceSha256");
    if (!recorded && !source)
        return; /* not a document pliego rendered from a customer record */
    if (!source) {
        verify_add(c, "pliego:source", 0,
                   "the XMP names a document XML but none is embedded");
        g_free(recorded);
        return;
    }
    archive_provenance *p = archive_provenance_read(source, length);
    if (!p) {
        verify_add(c, "pliego:source", 0,
                   "the embedded document XML is not well-formed");
        g_free(recorded);
        return;
    }
    if (!recorded || strcmp(recorded, p->source_sha256) != 0)
        verify_add(c, "pliego:source", 0,
                   "the embedded document XML hashes to %s, the XMP says %s",
                   p->source_sha256, recorded ? recorded : "nothing");
    static const struct {
        const char *property;
        size_t offset;
    } fields[] = {
        {"//pliego:kind", offsetof(archive_provenance, kind)},
        {"//pliego:customer", offsetof(archive_provenance, customer)},
        {"//pliego:language", offsetof(archive_provenance, language)},
        {"//pliego:catalogueSha256", offsetof(archive_provenance, catalogue)},
        {"//pliego:catalogueRevision", offsetof(archive_provenance, revision)},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        const char *expected = *(char *const *)((const char *)p + fields[i].offset);
        char *xmp = verify_xmp_text(c, fields[i].property);
        /* the revision is absent from both when the catalogue was in no
           repository */
        if ((!xmp && *expected) || (xmp && strcmp(xmp, expected) != 0))
            verify_add(c, "pliego:provenance", 0,
                       "XMP %s is \"%s\"; the document XML says \"%s\"",
                       fields[i].property + 2, xmp ? xmp : "", expected);
        g_free(xmp);
    }
    GPtrArray *clauses = verify_xmp_list(c, "pliego:clauses");
    GPtrArray *inputs = verify_xmp_list(c, "pliego:inputs");
    if (!same_list(clauses, p->clauses))
        verify_add(c, "pliego:provenance", 0,
                   "the XMP's clauses differ from the document XML's");
    if (!same_list(inputs, p->inputs))
        verify_add(c, "pliego:provenance", 0,
                   "the XMP's input files differ from the document XML's");
    if (catalog_dir) {
        catalog *cat = catalog_load(catalog_dir);
        for (unsigned i = 0; i < p->clauses->len; i++)
            check_clause_in_catalog(c, cat, g_ptr_array_index(p->clauses, i));
        catalog_free(cat);
    }
    g_ptr_array_free(clauses, TRUE);
    g_ptr_array_free(inputs, TRUE);
    archive_provenance_free(p);
    g_free(recorded);
}
