/* Fonts for layout: FO font properties to Pango font descriptions.
 *
 * Family names map as Apache FOP's standard configuration maps them, so
 * line and page breaks match FOP's: the PDF Base-14 names and the generic
 * families go to the metric-compatible Liberation fonts, and a family that
 * is not installed falls back to Liberation Serif as FOP's "any" does.
 * Mappings and metrics are cached in the layout context.
 */
#include "layout/layout.h"

#include <string.h>

typedef struct {
    double ascent, descent;
} font_metrics;

static const struct {
    const char *name;
    const char *family;
} aliases[] = {
    {"sans-serif", "Liberation Sans"}, {"sansserif", "Liberation Sans"},
    {"helvetica", "Liberation Sans"}, {"arial", "Liberation Sans"},
    {"sans", "Liberation Sans"},
    {"serif", "Liberation Serif"}, {"times", "Liberation Serif"},
    {"times roman", "Liberation Serif"}, {"times-roman", "Liberation Serif"},
    {"times new roman", "Liberation Serif"}, {"any", "Liberation Serif"},
    {"monospace", "Liberation Mono"}, {"monospaced", "Liberation Mono"},
    {"courier", "Liberation Mono"}, {"courier new", "Liberation Mono"},
};

static void load_installed(layout_context *ctx)
{
    ctx->installed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                           NULL);
    PangoFontFamily **families = NULL;
    int count = 0;
    pango_font_map_list_families(pango_context_get_font_map(ctx->pango),
                                 &families, &count);
    for (int i = 0; i < count; i++) {
        char *lower = g_utf8_strdown(pango_font_family_get_name(families[i]), -1);
        g_hash_table_add(ctx->installed, lower);
    }
    g_free(families);
}

static const char *map_one(layout_context *ctx, const char *name)
{
    char *lower = g_utf8_strdown(name, -1);
    const char *mapped = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(aliases) && !mapped; i++)
        if (strcmp(lower, aliases[i].name) == 0)
            mapped = aliases[i].family;
    if (!mapped && g_hash_table_contains(ctx->installed, lower))
        mapped = name;
    g_free(lower);
    return mapped;
}

/* "Arial, 'Noto Sans', foo" -> "Liberation Sans,Noto Sans" */
static const char *map_families(layout_context *ctx, const char *list)
{
    const char *cached = g_hash_table_lookup(ctx->fonts, list);
    if (cached)
        return cached;
    if (!ctx->installed)
        load_installed(ctx);
    GString *result = g_string_new(NULL);
    char **names = g_strsplit(list, ",", -1);
    for (int i = 0; names[i]; i++) {
        char *name = g_strstrip(names[i]);
        size_t length = strlen(name);
        if (length >= 2 && (name[0] == '\'' || name[0] == '"') &&
            name[length - 1] == name[0]) {
            name[length - 1] = '\0';
            name++;
        }
        const char *mapped = name[0] ? map_one(ctx, name) : NULL;
        if (mapped) {
            if (result->len)
                g_string_append_c(result, ',');
            g_string_append(result, mapped);
        }
    }
    g_strfreev(names);
    if (!result->len)
        g_string_append(result, "Liberation Serif");
    char *value = g_string_free(result, FALSE);
    g_hash_table_insert(ctx->fonts, g_strdup(list), value);
    return value;
}

PangoFontDescription *fonts_describe(layout_context *ctx,
                                     const fo_value *values)
{
    PangoFontDescription *font = pango_font_description_new();
    const char *list = values[FO_PROP_FONT_FAMILY].string;
    pango_font_description_set_family(font,
                                      map_families(ctx, list ? list : "sans-serif"));
    pango_font_description_set_absolute_size(
        font, values[FO_PROP_FONT_SIZE].number * PANGO_SCALE);
    double weight = values[FO_PROP_FONT_WEIGHT].number;
    /* FOP maps 100-500 to regular and 600-900 to bold */
    pango_font_description_set_weight(font, weight >= 600 ? PANGO_WEIGHT_BOLD
                                                          : PANGO_WEIGHT_NORMAL);
    switch (values[FO_PROP_FONT_STYLE].keyword) {
    case FO_KW_ITALIC:
    case FO_KW_BACKSLANT:
        pango_font_description_set_style(font, PANGO_STYLE_ITALIC);
        break;
    case FO_KW_OBLIQUE:
        pango_font_description_set_style(font, PANGO_STYLE_OBLIQUE);
        break;
    default:
        break;
    }
    if (values[FO_PROP_FONT_VARIANT].keyword == FO_KW_SMALL_CAPS)
        pango_font_description_set_variant(font, PANGO_VARIANT_SMALL_CAPS);
    return font;
}

void fonts_metrics(layout_context *ctx, const PangoFontDescription *font,
                   double *ascent, double *descent)
{
    char *key = pango_font_description_to_string(font);
    font_metrics *known = g_hash_table_lookup(ctx->metrics, key);
    if (!known) {
        known = g_new0(font_metrics, 1);
        PangoFontMetrics *metrics = pango_context_get_metrics(ctx->pango, font,
                                                              NULL);
        known->ascent = pango_font_metrics_get_ascent(metrics) / (double)PANGO_SCALE;
        known->descent = pango_font_metrics_get_descent(metrics) / (double)PANGO_SCALE;
        pango_font_metrics_unref(metrics);
        g_hash_table_insert(ctx->metrics, key, known);
    } else {
        g_free(key);
    }
    *ascent = known->ascent;
    *descent = known->descent;
}

double fonts_line_height(const fo_value *values)
{
    const fo_value *height = &values[FO_PROP_LINE_HEIGHT];
    double size = values[FO_PROP_FONT_SIZE].number;
    switch (height->type) {
    case FO_VALUE_LENGTH:
        return height->number;
    case FO_VALUE_NUMBER:
        return height->number * size;
    case FO_VALUE_PERCENT:
        return height->number / 100.0 * size;
    default:
        return 1.2 * size; /* "normal", as FOP */
    }
}
