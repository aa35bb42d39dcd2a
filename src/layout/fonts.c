/* Fonts for layout: FO font properties to Pango font descriptions.
 *
 * Family names map as Apache FOP's standard configuration maps them, so
 * line and page breaks match FOP's: the PDF Base-14 names and the generic
 * families go to the metric-compatible Liberation fonts, and a family that
 * is not installed falls back to Liberation Serif as FOP's "any" does.
 * Font facts (installed families, name mappings, metrics) do not change
 * between documents, so they are cached for the process behind one lock;
 * descriptions are cached per document, by computed-value array.
 */
#include "layout/layout.h"

#include <hb.h>

#include <string.h>

typedef struct {
    double ascent, descent;        /* Pango's (hhea) */
    double box_ascent, box_descent;/* OS/2 typographic, as FOP places lines */
    double x_height;               /* OS/2 sxHeight, or half the size */
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

static GMutex lock;
static GHashTable *installed; /* lowercase family names */
static GHashTable *mapped;    /* family list as written -> mapped list */
static GHashTable *metrics;   /* PangoFontDescription -> font_metrics */

static void load_installed(layout_context *ctx)
{
    installed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    PangoFontFamily **families = NULL;
    int count = 0;
    pango_font_map_list_families(pango_context_get_font_map(ctx->pango),
                                 &families, &count);
    for (int i = 0; i < count; i++) {
        char *lower = g_utf8_strdown(pango_font_family_get_name(families[i]), -1);
        g_hash_table_add(installed, lower);
    }
    g_free(families);
}

static const char *map_one(const char *name)
{
    char *lower = g_utf8_strdown(name, -1);
    const char *family = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(aliases) && !family; i++)
        if (strcmp(lower, aliases[i].name) == 0)
            family = aliases[i].family;
    if (!family && g_hash_table_contains(installed, lower))
        family = name;
    g_free(lower);
    return family;
}

/* "Arial, 'Noto Sans', foo" -> "Liberation Sans,Noto Sans"; call with
 * the lock held. The result lives as long as the process. */
static const char *map_families(layout_context *ctx, const char *list)
{
    if (!mapped) {
        mapped = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        load_installed(ctx);
    }
    const char *cached = g_hash_table_lookup(mapped, list);
    if (cached)
        return cached;
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
        const char *family = name[0] ? map_one(name) : NULL;
        if (family) {
            if (result->len)
                g_string_append_c(result, ',');
            g_string_append(result, family);
        }
    }
    g_strfreev(names);
    if (!result->len)
        g_string_append(result, "Liberation Serif");
    char *value = g_string_free(result, FALSE);
    g_hash_table_insert(mapped, g_strdup(list), value);
    return value;
}

static PangoFontDescription *describe(layout_context *ctx,
                                      const fo_value *values)
{
    PangoFontDescription *font = pango_font_description_new();
    const char *list = values[FO_PROP_FONT_FAMILY].string;
    g_mutex_lock(&lock);
    pango_font_description_set_family(font,
                                      map_families(ctx, list ? list : "sans-serif"));
    g_mutex_unlock(&lock);
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

/* Text nodes share their parent's computed values, so most runs of a
 * document hit this cache by pointer. */
const PangoFontDescription *fonts_describe(layout_context *ctx,
                                           const fo_value *values)
{
    PangoFontDescription *font = g_hash_table_lookup(ctx->descriptions, values);
    if (!font) {
        font = describe(ctx, values);
        g_hash_table_insert(ctx->descriptions, (gpointer)values, font);
    }
    return font;
}

static int16_t read_int16(const char *data, unsigned offset)
{
    return (int16_t)(((unsigned char)data[offset] << 8) |
                     (unsigned char)data[offset + 1]);
}

/* FOP puts a line's baseline by the font's OS/2 typographic ascender and
 * descender (sTypoAscender, sTypoDescender); Pango reports hhea's, which
 * are larger. Without an OS/2 table Pango's figures stand. */
static void typographic(PangoContext *context, const PangoFontDescription *desc,
                        font_metrics *known)
{
    known->box_ascent = known->ascent;
    known->box_descent = known->descent;
    known->x_height = pango_font_description_get_size(desc) / (double)PANGO_SCALE / 2;
    PangoFont *font = pango_context_load_font(context, desc);
    if (!font)
        return;
    hb_face_t *face = hb_font_get_face(pango_font_get_hb_font(font));
    hb_blob_t *os2 = hb_face_reference_table(face, HB_TAG('O', 'S', '/', '2'));
    unsigned length = 0;
    const char *data = hb_blob_get_data(os2, &length);
    unsigned upem = hb_face_get_upem(face);
    double size = pango_font_description_get_size(desc) / (double)PANGO_SCALE;
    if (data && length >= 72 && upem > 0) {
        double ascender = read_int16(data, 68) * size / upem;
        double descender = -read_int16(data, 70) * size / upem;
        if (ascender > 0 && descender >= 0) {
            known->box_ascent = ascender;
            known->box_descent = descender;
        }
    }
    /* sxHeight exists from version 2 of the table on */
    if (data && length >= 88 && upem > 0 && read_int16(data, 0) >= 2 &&
        read_int16(data, 86) > 0)
        known->x_height = read_int16(data, 86) * size / upem;
    hb_blob_destroy(os2);
    g_object_unref(font);
}

/* The metrics of font, measured once per description. */
static font_metrics known_metrics(layout_context *ctx, const PangoFontDescription *font)
{
    g_mutex_lock(&lock);
    if (!metrics)
        metrics = g_hash_table_new_full((GHashFunc)pango_font_description_hash,
                                        (GEqualFunc)pango_font_description_equal,
                                        (GDestroyNotify)pango_font_description_free,
                                        g_free);
    font_metrics *known = g_hash_table_lookup(metrics, font);
    if (!known) {
        known = g_new0(font_metrics, 1);
        PangoFontMetrics *m = pango_context_get_metrics(ctx->pango, font, NULL);
        known->ascent = pango_font_metrics_get_ascent(m) / (double)PANGO_SCALE;
        known->descent = pango_font_metrics_get_descent(m) / (double)PANGO_SCALE;
        pango_font_metrics_unref(m);
        typographic(ctx->pango, font, known);
        g_hash_table_insert(metrics, pango_font_description_copy(font), known);
    }
    font_metrics copy = *known;
    g_mutex_unlock(&lock);
    return copy;
}

void fonts_metrics(layout_context *ctx, const PangoFontDescription *font,
                   double *ascent, double *descent, double *box_ascent,
                   double *box_descent)
{
    font_metrics known = known_metrics(ctx, font);
    *ascent = known.ascent;
    *descent = known.descent;
    if (box_ascent)
        *box_ascent = known.box_ascent;
    if (box_descent)
        *box_descent = known.box_descent;
}

double fonts_x_height(layout_context *ctx, const PangoFontDescription *font)
{
    return known_metrics(ctx, font).x_height;
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
