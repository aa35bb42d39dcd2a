/* Image headers for layout (image.c). */
#ifndef PLIEGO_IMAGE_H
#define PLIEGO_IMAGE_H

#include <cairo.h>
#include <errno.h>
#include <glib.h>
#include <stdbool.h>

/* The largest image pliego decodes: 30000 pixels a side and 80 million
 * in all (an A3 page scanned at 600 dpi is 70 million). Decoding holds
 * about three copies of 4 bytes a pixel, so the area bounds the memory
 * one image may take (under 1 GiB). */
#define IMAGE_MAX_SIDE 30000
#define IMAGE_MAX_AREA 80000000L

typedef struct {
    int pixels_wide, pixels_high;
    double dpi_x, dpi_y;
} image_info;

/* Reads the size and resolution of the PNG, JPEG, GIF or TIFF at path,
 * and checks that its body is whole and decodes. Returns false with why
 * filled when the file is missing, unreadable, of another format, damaged,
 * or over the size limits (64 MiB, IMAGE_MAX_SIDE and IMAGE_MAX_AREA). */
bool image_read_info(const char *path, image_info *info, char *why,
                     size_t why_size);

/* GIF and TIFF (image_decode.c): the size, and the resolution a TIFF
 * gives, of the image at path, decoded whole with gdk-pixbuf. Returns
 * false with why filled for another format, a damaged body or a size
 * over the limits. */
bool image_read_pixbuf_info(const char *path, image_info *info, char *why,
                            size_t why_size);

/* Whether an image of width x height pixels is within the limits above;
 * false with why filled, naming path, when it is not. */
bool image_size_allowed(const char *path, int width, int height, char *why,
                        size_t why_size);

/* Whether the body of the PNG (png true) or JPEG at path is whole and
 * decodes; false with why filled (a truncated file, corrupt data). */
bool image_check_body(const char *path, bool png, char *why, size_t why_size);

/* A GIF or TIFF decoded into a new ARGB32 surface the caller destroys;
 * NULL for another format, an image over the size limits or one that
 * does not decode. */
cairo_surface_t *image_load_pixbuf(const char *path);

/* What content-width or content-height asks of one axis (XSL 1.1
 * 7.15.3, 7.15.5). */
typedef enum {
    IMAGE_CONTENT_AUTO,            /* intrinsic, or in proportion to the
                                      other axis */
    IMAGE_CONTENT_LENGTH,          /* a length (percentages resolved) */
    IMAGE_CONTENT_SCALE_TO_FIT,    /* fill the viewport */
    IMAGE_CONTENT_SCALE_DOWN_TO_FIT, /* shrink if larger, else auto */
    IMAGE_CONTENT_SCALE_UP_TO_FIT  /* grow if smaller, else auto */
} image_content;

/* One axis of an fo:external-graphic: its viewport, a length-range
 * (inline- or block-progression-dimension), and its content size. All
 * lengths are in points; a negative one is auto (for minimum and maximum:
 * no bound). */
typedef struct {
    double optimum;          /* the viewport's size, or auto */
    double minimum, maximum;
    image_content content;
    double content_length;   /* for IMAGE_CONTENT_LENGTH */
} image_axis;

typedef struct {
    double viewport_width, viewport_height;
    double content_width, content_height;  /* the scaled image */
} image_size;

/* Sizes an image of natural_width x natural_height points (0 when the
 * file could not be read) in its viewport: the content size each axis
 * asks for, kept in proportion when uniform; then the viewport, which is
 * its optimum when given and otherwise the content size held within the
 * minimum and maximum. Content larger than its viewport overflows it. */
void image_fit(double natural_width, double natural_height,
               const image_axis *width, const image_axis *height,
               bool uniform, image_size *out);

/* The real paths (no "..", no symbolic links) of base_directory (the FO
 * file's folder) and of each folder in extra (char*, may be NULL) that
 * exists: the folders images may be read from. The caller frees the array
 * with g_ptr_array_free(folders, TRUE). */
GPtrArray *image_folders_new(const char *base_directory, const GPtrArray *extra);

/* The real path of the image src names (a path or file: URI, relative
 * ones from base_directory), when it is a regular file inside one of
 * folders (from image_folders_new); the caller g_frees it. Otherwise
 * NULL with why filled: another URI scheme (http:, ftp:, ...), a missing
 * file, a path outside the folders or not a regular file. Opens nothing. */
char *image_resolve(const char *src, const char *base_directory,
                    const GPtrArray *folders, char *why, size_t why_size);

#endif
