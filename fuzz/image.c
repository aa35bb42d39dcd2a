/* Fuzz target: image bytes -> the header readers (image.c) and the
 * gdk-pixbuf decoding of GIF and TIFF and of damaged bodies
 * (image_decode.c), as layout and the renderer call them.
 *
 * Any input must give an image size or a reason, and a surface or NULL:
 * no crash, no sanitizer report, no hang. The bytes go to a file in a
 * private temporary folder made once, since both read from paths. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz.h"
#include "layout/image.h"

static char *input;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!input) {
        char *dir = g_dir_make_tmp("pliego-fuzz-image-XXXXXX", NULL);
        if (!dir)
            abort();
        input = g_build_filename(dir, "image", NULL);
        g_free(dir);
    }
    if (!g_file_set_contents(input, (const char *)data, (gssize)size, NULL))
        abort();
    image_info info;
    char why[512];
    if (image_read_info(input, &info, why, sizeof why) &&
        (info.pixels_wide <= 0 || info.pixels_high <= 0))
        abort(); /* a size accepted must be a real one */
    cairo_surface_t *surface = image_load_pixbuf(input);
    if (surface)
        cairo_surface_destroy(surface);
    return 0;
}
