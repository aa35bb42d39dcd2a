/* The terms rules of the regions, shared by `pliego check` and the
 * assembler: which terms entry of a channel applies to a country and a
 * language (the most specific match), the rows of the terms table every
 * service description prints (one per distinct key of either channel, plus
 * the region's default), and the order regions are listed in. */
#include "catalog/catalog.h"

#include <string.h>

const catalog_terms *catalog_channel_terms(const catalog_channel *channel,
                                           const char *country, const char *lang)
{
    const catalog_terms *best = NULL;
    int best_score = -1;
    for (size_t i = 0; channel && i < channel->terms.count; i++) {
        const catalog_terms *terms = channel->terms.items[i];
        /* an entry keyed by a country or language matches only that one; a
           query without a key matches only entries without it */
        if ((terms->country && (!country || strcmp(terms->country, country) != 0)) ||
            (terms->lang && (!lang || strcmp(terms->lang, lang) != 0)))
            continue;
        int score = (terms->country ? 2 : 0) + (terms->lang ? 1 : 0);
        if (score > best_score) {
            best = terms;
            best_score = score;
        }
    }
    return best;
}

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void add_row(GArray *rows, const char *country, const char *lang)
{
    for (guint i = 0; i < rows->len; i++) {
        const catalog_terms_row *row = &g_array_index(rows, catalog_terms_row, i);
        if (same(row->country, country) && same(row->lang, lang))
            return;
    }
    catalog_terms_row row = {country, lang};
    g_array_append_val(rows, row);
}

GArray *catalog_region_terms_rows(const catalog_region *region)
{
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(catalog_terms_row));
    const catalog_channel *channels[] = {region->direct, region->reseller};
    bool has_default = false;
    for (size_t c = 0; c < G_N_ELEMENTS(channels); c++) {
        const catalog_channel *channel = channels[c];
        if (!channel)
            continue;
        /* a clause that replaces the terms applies to the whole region */
        has_default = has_default || channel->replaced_by;
        for (size_t i = 0; i < channel->terms.count; i++) {
            const catalog_terms *terms = channel->terms.items[i];
            if (terms->country || terms->lang)
                add_row(rows, terms->country, terms->lang);
            else
                has_default = true;
        }
    }
    if (has_default)
        add_row(rows, NULL, NULL);
    return rows;
}

static gint compare_regions(gconstpointer a, gconstpointer b)
{
    const catalog_region *x = *(catalog_region *const *)a;
    const catalog_region *y = *(catalog_region *const *)b;
    /* regions with an order come first, by it; ties and the rest keep
       their file-name order */
    int ox = x->order > 0 ? x->order : G_MAXINT;
    int oy = y->order > 0 ? y->order : G_MAXINT;
    if (ox != oy)
        return ox < oy ? -1 : 1;
    return strcmp(x->file, y->file);
}

GPtrArray *catalog_regions_in_order(const catalog *cat)
{
    GPtrArray *regions = g_ptr_array_new();
    for (size_t i = 0; i < cat->regions.count; i++)
        g_ptr_array_add(regions, cat->regions.items[i]);
    g_ptr_array_sort(regions, compare_regions);
    return regions;
}
