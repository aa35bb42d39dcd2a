/* The public document API: ties the stages together.
 *
 * pliego_fo_document owns the FO tree (fo stage) and, once laid out, the
 * area tree (layout stage); the renderers only read the area tree. Every
 * file written here goes through a temporary file that is renamed into
 * place, so a failure never leaves a half-written output.
 */
#include "pliego/pliego.h"
#include "pliego/archive.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/init.h"
#include "common/output.h"
#include "document.h"
#include "fo/fo.h"
#include "layout/area.h"
#include "layout/layout.h"
#include "render/render.h"

struct pliego_fo_document {
    fo_tree *fo;
    area_tree *areas;
    GPtrArray *image_folders;   /* allowed besides the FO file's folder */
};

const char *pliego_version(void)
{
    return PLIEGO_VERSION;
}

pliego_fo_document *pliego_fo_document_load_memory(const char *buffer,
                                                   size_t size,
                                                   const char *name,
                                                   pliego_warning_func warn,
                                                   void *user_data,
                                                   pliego_error *err)
{
    pliego_init_once();
    if (size > (size_t)G_MAXINT) {
        pliego_error_set(err, PLIEGO_ERROR_LIMIT, name, 0, 0, "input too large");
        return NULL;
    }
    if (size == 0) {
        pliego_error_set(err, PLIEGO_ERROR_XML, name, 1, 1,
                         "malformed XML: the file is empty");
        return NULL;
    }
    fo_tree *fo = fo_tree_parse(buffer, (int)size, name, warn, user_data, err);
    if (!fo)
        return NULL;
    pliego_fo_document *document = g_new0(pliego_fo_document, 1);
    document->fo = fo;
    return document;
}

pliego_fo_document *pliego_fo_document_from_tree(xmlDocPtr fo, const char *name,
                                                 pliego_warning_func warn,
                                                 void *user_data, pliego_error *err)
{
    fo_tree *tree = fo_tree_build(fo, name, warn, user_data, err);
    if (!tree)
        return NULL;
    pliego_fo_document *document = g_new0(pliego_fo_document, 1);
    document->fo = tree;
    return document;
}

pliego_fo_document *pliego_fo_document_load(const char *path,
                                            pliego_warning_func warn,
                                            void *user_data,
                                            pliego_error *err)
{
    char *contents = NULL;
    gsize length = 0;
    const char *name = path;
    if (strcmp(path, "-") == 0) {
        name = "<stdin>";
        GString *input = g_string_new(NULL);
        char chunk[65536];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, stdin)) > 0)
            g_string_append_len(input, chunk, (gssize)got);
        if (ferror(stdin)) {
            pliego_error_set(err, PLIEGO_ERROR_IO, name, 0, 0,
                             "cannot read standard input: %s", g_strerror(errno));
            g_string_free(input, TRUE);
            return NULL;
        }
        length = input->len;
        contents = g_string_free(input, FALSE);
    } else {
        GError *error = NULL;
        if (!g_file_get_contents(path, &contents, &length, &error)) {
            pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0, "cannot read: %s",
                             error->message);
            g_error_free(error);
            return NULL;
        }
    }
    pliego_fo_document *document = pliego_fo_document_load_memory(
        contents, length, name, warn, user_data, err);
    g_free(contents);
    return document;
}

void pliego_fo_document_free(pliego_fo_document *document)
{
    if (!document)
        return;
    area_tree_free(document->areas);
    fo_tree_free(document->fo);
    if (document->image_folders)
        g_ptr_array_free(document->image_folders, TRUE);
    g_free(document);
}

bool pliego_fo_document_layout(pliego_fo_document *document, pliego_error *err)
{
    if (document->areas)
        return true;
    document->areas = layout_run(document->fo, document->image_folders, err);
    return document->areas != NULL;
}

bool pliego_fo_document_allow_images(pliego_fo_document *document,
                                     const char *directory, pliego_error *err)
{
    if (!g_file_test(directory, G_FILE_TEST_IS_DIR)) {
        pliego_error_set(err, PLIEGO_ERROR_IO, directory, 0, 0,
                         "cannot read images from here: not a directory");
        return false;
    }
    if (!document->image_folders)
        document->image_folders = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(document->image_folders, g_strdup(directory));
    return true;
}

int pliego_fo_document_page_count(const pliego_fo_document *document)
{
    return document->areas ? (int)document->areas->pages->len : 0;
}

bool pliego_fo_document_write_pdf(pliego_fo_document *document,
                                  const char *path, pliego_error *err)
{
    if (!pliego_fo_document_layout(document, err))
        return false;
    return pliego_fo_document_write_archival_pdf(document, path, 0, NULL, 0,
                                                 NULL, err);
}

static bool warn_from_render(void *data, int line, const char *message)
{
    return fo_tree_warn(data, line, "%s", message);
}

static render_pdf_options pdf_options(pliego_fo_document *document, unsigned standards,
                                      const char *source, size_t length,
                                      const char *source_name)
{
    return (render_pdf_options){
        .standards = standards,
        .source = source,
        .source_length = length,
        .source_name = source_name,
        .warn = warn_from_render,
        .warn_data = document->fo,
    };
}

bool pliego_fo_document_write_archival_pdf(pliego_fo_document *document,
                                           const char *path,
                                           unsigned standards,
                                           const char *source, size_t length,
                                           const char *source_name,
                                           pliego_error *err)
{
    if (!pliego_fo_document_layout(document, err))
        return false;
    render_pdf_options options = pdf_options(document, standards, source, length,
                                             source_name);
    return render_pdf(document->areas, path, &options, err);
}

/* Hands bytes (made whole) to write, and frees them. */
static bool hand_over(GByteArray *bytes, pliego_write_fn write, void *ctx,
                      pliego_error *err)
{
    bool ok = pliego_write_to(write, ctx, bytes->data, bytes->len, err);
    g_byte_array_free(bytes, TRUE);
    return ok;
}

bool pliego_fo_document_write_archival_pdf_to(pliego_fo_document *document,
                                              unsigned standards,
                                              const char *source, size_t length,
                                              const char *source_name,
                                              pliego_write_fn write, void *ctx,
                                              pliego_error *err)
{
    return pliego_fo_document_write_archival_pdf_with_provenance_to(
        document, standards, source, length, source_name, NULL, write, ctx, err);
}

bool pliego_fo_document_write_archival_pdf_with_provenance_to(
    pliego_fo_document *document, unsigned standards, const char *source,
    size_t length, const char *source_name,
    const struct archive_provenance *provenance, pliego_write_fn write, void *ctx,
    pliego_error *err)
{
    if (!pliego_fo_document_layout(document, err))
        return false;
    render_pdf_options options = pdf_options(document, standards, source, length,
                                             source_name);
    options.provenance = provenance;
    GByteArray *bytes = NULL;
    return render_pdf_memory(document->areas, &options, &bytes, err) &&
           hand_over(bytes, write, ctx, err);
}

bool pliego_fo_document_write_png_page_to(pliego_fo_document *document,
                                          int page, double dpi,
                                          pliego_write_fn write, void *ctx,
                                          pliego_error *err)
{
    if (!pliego_fo_document_layout(document, err))
        return false;
    if (page < 1) {
        pliego_error_set(err, PLIEGO_ERROR_RENDER, "", 0, 0, "no page %d", page);
        return false;
    }
    GByteArray *bytes = NULL;
    return render_png_page_memory(document->areas, (unsigned)page - 1, dpi, &bytes,
                                  err) &&
           hand_over(bytes, write, ctx, err);
}

bool pliego_fo_document_write_png(pliego_fo_document *document,
                                  const char *directory, double dpi,
                                  pliego_error *err)
{
    if (!pliego_fo_document_layout(document, err))
        return false;
    return render_png(document->areas, directory, dpi, err);
}

bool pliego_fo_document_write_png_page(pliego_fo_document *document, int page,
                                       const char *path, double dpi,
                                       pliego_error *err)
{
    if (!pliego_fo_document_layout(document, err))
        return false;
    if (page < 1) {
        pliego_error_set(err, PLIEGO_ERROR_RENDER, path, 0, 0, "no page %d", page);
        return false;
    }
    return render_png_page(document->areas, (unsigned)page - 1, path, dpi, err);
}

bool pliego_fo_document_write_areas(pliego_fo_document *document,
                                    const char *path, pliego_error *err)
{
    if (!pliego_fo_document_layout(document, err))
        return false;
    if (strcmp(path, "-") == 0) {
        area_tree_dump(document->areas, stdout);
        fflush(stdout);
        return true;
    }
    char *buffer = NULL;
    size_t length = 0;
    FILE *stream = open_memstream(&buffer, &length);
    if (!stream) {
        pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0, "cannot write: %s",
                         g_strerror(errno));
        return false;
    }
    area_tree_dump(document->areas, stream);
    bool ok = fclose(stream) == 0;
    if (!ok)
        pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0, "cannot write: %s",
                         g_strerror(errno));
    ok = ok && pliego_write_file(path, buffer, length, err);
    free(buffer);
    return ok;
}
