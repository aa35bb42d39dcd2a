/* Images for layout: the size of an fo:external-graphic.
 *
 * Layout needs an image's pixel size and resolution: PNG and JPEG headers
 * are read here, GIF and TIFF are decoded by image_decode.c, which also
 * checks that a PNG's or JPEG's body is whole. The intrinsic size follows FOP: pixels at the
 * file's resolution, 72 dpi when the file names none. image_fit then
 * scales that size into the viewport the properties describe.
 */
#include "layout/image.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_FILE_SIZE (64 * 1024 * 1024)
#define DEFAULT_DPI 72.0

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
           (unsigned long)p[2] << 8 | p[3];
}

/* PNG: IHDR gives the size, pHYs (pixels per metre) the resolution. */
static bool read_png(const unsigned char *data, size_t length, image_info *info)
{
    if (length < 33 || memcmp(data, "\x89PNG\r\n\x1a\n", 8) != 0 ||
        memcmp(data + 12, "IHDR", 4) != 0)
        return false;
    info->pixels_wide = (int)be32(data + 16);
    info->pixels_high = (int)be32(data + 20);
    size_t offset = 8;
    while (offset + 12 <= length) {
        unsigned long chunk = be32(data + offset);
        const unsigned char *type = data + offset + 4;
        if (memcmp(type, "pHYs", 4) == 0 && offset + 17 <= length &&
            data[offset + 16] == 1) {
            double x = be32(data + offset + 8) * 0.0254;
            double y = be32(data + offset + 12) * 0.0254;
            if (x > 1 && y > 1) {
                info->dpi_x = x;
                info->dpi_y = y;
            }
        }
        if (memcmp(type, "IDAT", 4) == 0 || chunk > length)
            break;
        offset += 12 + chunk;
    }
    return true;
}

/* JPEG: the first SOFn marker gives the size, JFIF APP0 the resolution. */
static bool read_jpeg(const unsigned char *data, size_t length, image_info *info)
{
    if (length < 4 || data[0] != 0xff || data[1] != 0xd8)
        return false;
    size_t offset = 2;
    while (offset + 4 <= length) {
        if (data[offset] != 0xff) {
            offset++;
            continue;
        }
        unsigned marker = data[offset + 1];
        if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
            offset += 2;
            continue;
        }
        unsigned size = be16(data + offset + 2);
        if (marker == 0xe0 && offset + 16 <= length &&
            memcmp(data + offset + 4, "JFIF", 5) == 0 && data[offset + 11] == 1) {
            unsigned x = be16(data + offset + 12), y = be16(data + offset + 14);
            if (x > 1 && y > 1) {
                info->dpi_x = x;
                info->dpi_y = y;
            }
        }
        bool frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 &&
                     marker != 0xc8 && marker != 0xcc;
        if (frame && offset + 9 <= length) {
            info->pixels_high = (int)be16(data + offset + 5);
            info->pixels_wide = (int)be16(data + offset + 7);
            return true;
        }
        offset += 2 + size;
    }
    return false;
}

bool image_read_info(const char *path, image_info *info, char *why, size_t why_size)
{
    memset(info, 0, sizeof *info);
    info->dpi_x = info->dpi_y = DEFAULT_DPI;
    FILE *file = fopen(path, "rb");
    if (!file) {
        g_snprintf(why, why_size, "cannot open image \"%s\": %s", path,
                   g_strerror(errno));
        return false;
    }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    if (size > MAX_FILE_SIZE) {
        fclose(file);
        g_snprintf(why, why_size, "image \"%s\" refused: %ld bytes, more than the "
                   "limit of %d", path, size, MAX_FILE_SIZE);
        return false;
    }
    /* the headers we need are near the start of the file */
    unsigned char head[65536];
    fseek(file, 0, SEEK_SET);
    size_t length = fread(head, 1, sizeof head, file);
    fclose(file);
    bool png = read_png(head, length, info);
    bool known = png || read_jpeg(head, length, info);
    if (!known)
        return image_read_pixbuf_info(path, info, why, why_size);
    if (!image_size_allowed(path, info->pixels_wide, info->pixels_high, why,
                            why_size))
        return false;
    return image_check_body(path, png, why, why_size);
}

/* The content size one axis asks for, or -1 for auto. The scale-*-to-fit
 * values aim at the viewport: its optimum when given, else the nearest
 * bound; with no bound in the direction they would scale they are auto,
 * as they are when the image needs no scaling that way (XSL 1.1 7.15.5:
 * "computed as for auto"). */
static double asked_content(double natural, const image_axis *axis)
{
    double low = axis->optimum >= 0 ? axis->optimum : axis->minimum;
    double high = axis->optimum >= 0 ? axis->optimum : axis->maximum;
    bool shrink = high >= 0 && natural > high;
    bool grow = low >= 0 && natural < low;
    switch (axis->content) {
    case IMAGE_CONTENT_LENGTH:
        return axis->content_length;
    case IMAGE_CONTENT_SCALE_TO_FIT:
        if (axis->optimum >= 0)
            return axis->optimum;
        return shrink ? high : grow ? low : -1;
    case IMAGE_CONTENT_SCALE_DOWN_TO_FIT:
        return shrink ? high : -1;
    case IMAGE_CONTENT_SCALE_UP_TO_FIT:
        return grow ? low : -1;
    case IMAGE_CONTENT_AUTO:
        break;
    }
    return -1;
}

/* The viewport's size on one axis for content of the given size. */
static double viewport_extent(double content, const image_axis *axis)
{
    if (axis->optimum >= 0)
        return axis->optimum;
    double extent = content;
    if (axis->maximum >= 0)
        extent = fmin(extent, axis->maximum);
    /* a minimum above the maximum wins, as a length-range's does */
    if (axis->minimum >= 0)
        extent = fmax(extent, axis->minimum);
    return extent;
}

void image_fit(double natural_width, double natural_height,
               const image_axis *width, const image_axis *height,
               bool uniform, image_size *out)
{
    double w = asked_content(natural_width, width);
    double h = asked_content(natural_height, height);
    bool sized = natural_width > 0 && natural_height > 0;
    if (w < 0 && h < 0) {
        w = natural_width;
        h = natural_height;
    } else if (w < 0) {
        w = uniform && sized ? natural_width * h / natural_height
                             : natural_width;
    } else if (h < 0) {
        h = uniform && sized ? natural_height * w / natural_width
                             : natural_height;
    } else if (uniform && sized) {
        /* both asked for: the larger image that fits in both */
        double scale = fmin(w / natural_width, h / natural_height);
        w = natural_width * scale;
        h = natural_height * scale;
    }
    out->content_width = w;
    out->content_height = h;
    out->viewport_width = viewport_extent(w, width);
    out->viewport_height = viewport_extent(h, height);
}
