/* Image headers for layout (image.c). */
#ifndef PLIEGO_IMAGE_H
#define PLIEGO_IMAGE_H

#include <errno.h>
#include <glib.h>
#include <stdbool.h>

typedef struct {
    int pixels_wide, pixels_high;
    double dpi_x, dpi_y;
} image_info;

/* Reads the size and resolution of the PNG or JPEG at path. Returns false
 * with why filled when the file is missing, unreadable, of another format,
 * or over the size limits (64 MiB, 30000 pixels a side). */
bool image_read_info(const char *path, image_info *info, char *why,
                     size_t why_size);

#endif
