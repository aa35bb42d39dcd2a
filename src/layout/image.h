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
