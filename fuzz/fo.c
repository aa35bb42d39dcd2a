/* Fuzz target: XSL-FO bytes -> FO tree -> layout -> PDF.
 *
 * Any input must give a PDF or an error value: no crash, no sanitizer
 * report, no hang. The PDF goes to a private temporary folder made once. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz.h"
#include "pliego/pliego.h"

static char *output;

static bool quiet(const char *file, int line, const char *message, void *user_data)
{
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!output) {
        char *dir = g_dir_make_tmp("pliego-fuzz-fo-XXXXXX", NULL);
        if (!dir)
            abort();
        output = g_build_filename(dir, "out.pdf", NULL);
        g_free(dir);
    }
    pliego_error err = {0};
    pliego_fo_document *document = pliego_fo_document_load_memory(
        (const char *)data, size, "fuzz.fo", quiet, NULL, &err);
    if (document && pliego_fo_document_layout(document, &err))
        pliego_fo_document_write_pdf(document, output, &err);
    pliego_fo_document_free(document);
    return 0;
}
