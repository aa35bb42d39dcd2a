/* Fuzz target: image bytes -> the header readers (image.c) and the
 * gdk-pixbuf decoding of GIF and TIFF and of damaged bodies
 * (image_decode.c), as layout and the renderer call them.
 *
 * Any input must give an image size or a reason, and a surface or NULL:
 * no crash, no sanitizer report, no hang. The bytes go to a file in a
 * private temporary folder made once, since both read from paths.
 *
 * Inputs of more than FUZZ_MAX_AREA pixels are skipped: decoding time
 * grows with the area (an allowed 80-million-pixel GIF takes 4 s under
 * ASan, for a screen size in 4 bytes), and the limits themselves are
 * checked by tests/e2e/images.sh. */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz.h"
#include "layout/image.h"

#define FUZZ_MAX_AREA (4L * 1000 * 1000)

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
    int width = 0, height = 0;
    if (gdk_pixbuf_get_file_info(input, &width, &height) &&
        (long)width * height > FUZZ_MAX_AREA)
        return 0;
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
