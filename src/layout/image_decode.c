/* Image bodies: decoding with gdk-pixbuf.
 *
 * image.c reads PNG and JPEG headers for their size; this file decodes
 * whole images, for two reasons: GIF and TIFF (logos in FO converted from
 * office documents) have no header reader of their own, and a file whose
 * header is fine may have a truncated or corrupt body, which must be
 * warned about rather than drawn as an empty box. Only the GIF and TIFF
 * loaders are used for other formats: gdk-pixbuf's other loaders (SVG,
 * ICO, XPM, ...) are not inputs pliego accepts.
 */
#include "layout/image.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool image_size_allowed(const char *path, int width, int height, char *why,
                        size_t why_size)
{
    if (width <= 0 || height <= 0) {
        g_snprintf(why, why_size, "image \"%s\" refused: it gives a size of %d x %d "
                   "pixels", path, width, height);
        return false;
    }
    if (width > IMAGE_MAX_SIDE || height > IMAGE_MAX_SIDE) {
        g_snprintf(why, why_size, "image \"%s\" refused: %d x %d pixels (at most "
                   "%d a side)", path, width, height, IMAGE_MAX_SIDE);
        return false;
    }
    if ((long)width * height > IMAGE_MAX_AREA) {
        g_snprintf(why, why_size, "image \"%s\" refused: %d x %d pixels, more than "
                   "the limit of %ld million in all", path, width, height,
                   IMAGE_MAX_AREA / 1000000);
        return false;
    }
    return true;
}

/* The gdk-pixbuf format name of path when it is one pliego decodes with
 * gdk-pixbuf (GIF, TIFF), else NULL; sets the pixel size. */
static const char *pixbuf_format(const char *path, int *width, int *height)
{
    GdkPixbufFormat *format = gdk_pixbuf_get_file_info(path, width, height);
    if (!format)
        return NULL;
    gchar *name = gdk_pixbuf_format_get_name(format);
    const char *known = NULL;
    if (name && strcmp(name, "gif") == 0)
        known = "GIF";
    else if (name && strcmp(name, "tiff") == 0)
        known = "TIFF";
    g_free(name);
    return known;
}

/* gdk-pixbuf's message without its "Failed to load image “path”: "
 * opening, which would name the file a second time. */
static const char *reason(const GError *error)
{
    if (!error)
        return "it cannot be decoded";
    const char *after = strstr(error->message, "\u201d: ");
    return after ? after + strlen("\u201d: ") : error->message;
}

/* A resolution gdk-pixbuf's TIFF loader reports ("x-dpi", "y-dpi"). */
static double option_dpi(GdkPixbuf *pixbuf, const char *key)
{
    const gchar *text = gdk_pixbuf_get_option(pixbuf, key);
    if (!text)
        return 0;
    char *end = NULL;
    long value = strtol(text, &end, 10);
    return end != text && value > 1 && value < 100000 ? (double)value : 0;
}

typedef enum { ENDS_PNG, ENDS_JPEG, ENDS_GIF } ending;

/* Whether the last bytes of a PNG, JPEG or GIF are where its data ends:
 * the IEND chunk, the EOI marker, the trailer byte. A file cut short loses
 * them (gdk-pixbuf decodes a cut GIF or JPEG without a word). */
static bool ends_whole(const char *path, ending kind)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return false;
    unsigned char tail[12];
    bool whole = false;
    if (fseek(file, -12, SEEK_END) == 0 && fread(tail, 1, sizeof tail, file) == sizeof tail) {
        if (kind == ENDS_PNG) {
            whole = memcmp(tail + 4, "IEND", 4) == 0;
        } else if (kind == ENDS_GIF) {
            whole = tail[sizeof tail - 1] == 0x3b;
        } else {
            /* a JPEG's EOI may be followed by a little padding */
            for (int i = 0; i + 1 < (int)sizeof tail; i++)
                whole |= tail[i] == 0xff && tail[i + 1] == 0xd9;
        }
    }
    fclose(file);
    return whole;
}

bool image_check_body(const char *path, bool png, char *why, size_t why_size)
{
    if (!ends_whole(path, png ? ENDS_PNG : ENDS_JPEG)) {
        g_snprintf(why, why_size, "image \"%s\" is damaged: its data is cut short "
                   "(no %s at its end)", path, png ? "IEND chunk" : "end-of-image marker");
        return false;
    }
    GError *error = NULL;
    GdkPixbuf *pixbuf = gdk_pixbuf_new_from_file(path, &error);
    if (!pixbuf) {
        g_snprintf(why, why_size, "image \"%s\" is damaged: %s", path, reason(error));
        g_clear_error(&error);
        return false;
    }
    g_object_unref(pixbuf);
    return true;
}

bool image_read_pixbuf_info(const char *path, image_info *info, char *why,
                            size_t why_size)
{
    int width = 0, height = 0;
    const char *format = pixbuf_format(path, &width, &height);
    if (!format) {
        g_snprintf(why, why_size, "image \"%s\" is not a PNG, JPEG, GIF or TIFF file",
                   path);
        return false;
    }
    if (!image_size_allowed(path, width, height, why, why_size))
        return false;
    if (strcmp(format, "GIF") == 0 && !ends_whole(path, ENDS_GIF)) {
        g_snprintf(why, why_size, "GIF image \"%s\" is damaged: its data is cut "
                   "short (no trailer at its end)", path);
        return false;
    }
    GError *error = NULL;
    GdkPixbuf *pixbuf = gdk_pixbuf_new_from_file(path, &error);
    if (!pixbuf) {
        g_snprintf(why, why_size, "%s image \"%s\" is damaged: %s", format, path,
                   reason(error));
        g_clear_error(&error);
        return false;
    }
    info->pixels_wide = gdk_pixbuf_get_width(pixbuf);
    info->pixels_high = gdk_pixbuf_get_height(pixbuf);
    double x = option_dpi(pixbuf, "x-dpi"), y = option_dpi(pixbuf, "y-dpi");
    if (x > 0 && y > 0) {
        info->dpi_x = x;
        info->dpi_y = y;
    }
    g_object_unref(pixbuf);
    return true;
}

cairo_surface_t *image_load_pixbuf(const char *path)
{
    int width = 0, height = 0;
    char why[512];
    if (!pixbuf_format(path, &width, &height) ||
        !image_size_allowed(path, width, height, why, sizeof why))
        return NULL;
    GdkPixbuf *pixbuf = gdk_pixbuf_new_from_file(path, NULL);
    if (!pixbuf)
        return NULL;
    GdkPixbuf *rgba = gdk_pixbuf_add_alpha(pixbuf, FALSE, 0, 0, 0);
    g_object_unref(pixbuf);
    if (!rgba)
        return NULL;
    width = gdk_pixbuf_get_width(rgba);
    height = gdk_pixbuf_get_height(rgba);
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width,
                                                          height);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        g_object_unref(rgba);
        return surface;
    }
    /* RGBA bytes to cairo's premultiplied native-endian ARGB words */
    cairo_surface_flush(surface);
    const guchar *from = gdk_pixbuf_read_pixels(rgba);
    int from_stride = gdk_pixbuf_get_rowstride(rgba);
    unsigned char *to = cairo_image_surface_get_data(surface);
    int to_stride = cairo_image_surface_get_stride(surface);
    for (int row = 0; row < height; row++) {
        const guchar *p = from + (size_t)row * (size_t)from_stride;
        uint32_t *q = (uint32_t *)(void *)(to + (size_t)row * (size_t)to_stride);
        for (int col = 0; col < width; col++, p += 4) {
            uint32_t a = p[3];
            uint32_t r = p[0] * a / 255, g = p[1] * a / 255, b = p[2] * a / 255;
            q[col] = a << 24 | r << 16 | g << 8 | b;
        }
    }
    cairo_surface_mark_dirty(surface);
    g_object_unref(rgba);
    return surface;
}
