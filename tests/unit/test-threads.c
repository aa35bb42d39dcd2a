/* The contract API from several threads at once, as docs/library.md
 * promises it: each document is rendered once alone (the reference),
 * and by threads running at the same time, and every PDF and PNG must
 * have the reference's bytes. The first threads run before any other
 * call into the library, so they also race to initialise it. Two ways of
 * sharing are checked:
 *   - every thread with handles of its own (catalogue, templates,
 *     customer, document);
 *   - one catalogue and one templates object shared by all the threads,
 *     with the templates not compiled beforehand, so the threads race to
 *     compile them; customers and documents stay per thread.
 * Any GLib warning fails the test: a race in Pango's font map shows as
 * "corrupted double-linked list detected".
 * The documents differ in what the process-wide caches hold for them:
 * Spanish (Mexico), Japanese (CJK fonts, no hyphenation) and Canadian
 * English (another hyphenation dictionary, other ICU formatters).
 *
 *   test-threads SOURCE_ROOT
 */
#include <glib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pliego/contract.h"

#define ROUNDS 3

typedef struct {
    const char *file; /* under examples/ */
    int row;
    const char *kind;
} job;

static const job jobs[] = {
    {"customer.xml", 0, "service-description"},
    {"customers.csv", 2, "service-description"},
    {"customers.csv", 3, "cancellation-notice"},
};
#define JOBS G_N_ELEMENTS(jobs)

typedef struct {
    GByteArray *pdf;
    GByteArray *png;
} rendering;

typedef struct {
    const char *root;
    const job *what;
    pliego_catalog *catalog;     /* shared, or NULL: load its own */
    pliego_templates *templates; /* shared, or NULL: load its own */
    rendering made;
    char failure[1024];
} task;

/* GLib warnings and criticals from any library (Pango's "corrupted
   double-linked list detected" is how a shared font map shows a race) */
static gint warnings;

static GLogWriterOutput count_warnings(GLogLevelFlags level, const GLogField *fields,
                                       gsize count, gpointer data)
{
    if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
        g_atomic_int_inc(&warnings);
    return g_log_writer_default(level, fields, count, data);
}

static bool collect(void *ctx, const void *data, size_t len)
{
    g_byte_array_append(ctx, data, (guint)len);
    return true;
}

static void failed(task *t, const char *step, const pliego_error *err)
{
    g_snprintf(t->failure, sizeof t->failure, "%s row %d: %s: %s", t->what->file,
               t->what->row, step, err ? err->message : "");
}

/* Assembles and renders the task's document with the given handles. */
static void render_with(task *t, pliego_catalog *catalog, pliego_templates *templates)
{
    pliego_error err = {0};
    char *path = g_build_filename(t->root, "examples", t->what->file, NULL);
    pliego_customer *customer = pliego_customer_load(path, t->what->row, &err);
    g_free(path);
    pliego_document *document =
        customer ? pliego_document_assemble(catalog, customer, t->what->kind, NULL,
                                            "2026-11-25", &err)
                 : NULL;
    pliego_customer_free(customer);
    if (!document) {
        failed(t, "assemble", &err);
        return;
    }
    pliego_render_options options;
    pliego_render_options_init(&options);
    t->made.pdf = g_byte_array_new();
    t->made.png = g_byte_array_new();
    if (!pliego_document_render(document, templates, &options, collect, t->made.pdf, &err))
        failed(t, "render the PDF", &err);
    options.format = PLIEGO_FORMAT_PNG;
    options.dpi = 40;
    if (!t->failure[0] &&
        !pliego_document_render(document, templates, &options, collect, t->made.png, &err))
        failed(t, "render the PNG", &err);
    pliego_document_free(document);
}

static void *run(void *data)
{
    task *t = data;
    pliego_catalog *catalog = t->catalog;
    pliego_templates *templates = t->templates;
    pliego_error err = {0};
    if (!catalog)
        catalog = pliego_catalog_load(t->root, &err);
    char *folder = g_build_filename(t->root, "templates", NULL);
    if (catalog && !templates)
        templates = pliego_templates_load(folder, catalog, &err);
    g_free(folder);
    if (!templates)
        failed(t, "load the catalogue and templates", &err);
    else
        render_with(t, catalog, templates);
    if (!t->templates)
        pliego_templates_free(templates);
    if (!t->catalog)
        pliego_catalog_free(catalog);
    return NULL;
}

static void rendering_clear(rendering *r)
{
    if (r->pdf)
        g_byte_array_free(r->pdf, TRUE);
    if (r->png)
        g_byte_array_free(r->png, TRUE);
    r->pdf = r->png = NULL;
}

static bool same(const GByteArray *a, const GByteArray *b)
{
    return a && b && a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

/* Runs one thread per job at once, each rendering into made[job]; false
   (having said why) when one failed. */
static bool race(const char *root, const char *how, pliego_catalog *catalog,
                 pliego_templates *templates, rendering made[JOBS])
{
    task tasks[JOBS];
    pthread_t threads[JOBS];
    memset(tasks, 0, sizeof tasks);
    for (size_t i = 0; i < JOBS; i++) {
        tasks[i] = (task){.root = root, .what = &jobs[i], .catalog = catalog,
                          .templates = templates};
        if (pthread_create(&threads[i], NULL, run, &tasks[i]) != 0) {
            fprintf(stderr, "FAIL: cannot start a thread\n");
            exit(1);
        }
    }
    bool ok = true;
    for (size_t i = 0; i < JOBS; i++) {
        pthread_join(threads[i], NULL);
        if (tasks[i].failure[0]) {
            fprintf(stderr, "FAIL (%s): %s\n", how, tasks[i].failure);
            ok = false;
        }
        made[i] = tasks[i].made;
    }
    return ok;
}

/* Compares what a race made with the references and frees it. */
static bool compare(const char *how, rendering made[JOBS], const rendering *references)
{
    bool ok = true;
    for (size_t i = 0; i < JOBS; i++) {
        if (!same(made[i].pdf, references[i].pdf) || !same(made[i].png, references[i].png)) {
            fprintf(stderr, "FAIL (%s): %s row %d: the %s differs from the one rendered alone\n",
                    how, jobs[i].file, jobs[i].row,
                    same(made[i].pdf, references[i].pdf) ? "PNG" : "PDF");
            ok = false;
        }
        rendering_clear(&made[i]);
    }
    return ok;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test-threads SOURCE_ROOT\n");
        return 2;
    }
    const char *root = argv[1];
    g_log_set_writer_func(count_warnings, NULL, NULL);
    /* the first race comes before any other call into the library, so
       the threads also race to initialise it and its libraries */
    rendering first[JOBS];
    bool ok = race(root, "first calls", NULL, NULL, first);
    /* the references, one at a time in this thread */
    rendering references[JOBS];
    for (size_t i = 0; i < JOBS; i++) {
        task t = {.root = root, .what = &jobs[i]};
        run(&t);
        if (t.failure[0]) {
            fprintf(stderr, "FAIL (alone): %s\n", t.failure);
            return 1;
        }
        if (t.made.pdf->len < 1000 || t.made.png->len < 100) {
            fprintf(stderr, "FAIL (alone): %s row %d: a PDF of %u bytes, a PNG of %u\n",
                    t.what->file, t.what->row, t.made.pdf->len, t.made.png->len);
            return 1;
        }
        references[i] = t.made;
    }
    ok = compare("first calls", first, references) && ok;
    rendering made[JOBS];
    for (int round = 0; round < ROUNDS; round++)
        ok = race(root, "own handles", NULL, NULL, made) &&
             compare("own handles", made, references) && ok;

    pliego_error err = {0};
    char *folder = g_build_filename(root, "templates", NULL);
    for (int round = 0; round < ROUNDS; round++) {
        /* new templates each round, so the threads compile them at once */
        pliego_catalog *catalog = pliego_catalog_load(root, &err);
        pliego_templates *templates =
            catalog ? pliego_templates_load(folder, catalog, &err) : NULL;
        if (!templates) {
            fprintf(stderr, "FAIL: %s\n", err.message);
            return 1;
        }
        const char *how = "shared catalogue and templates";
        ok = race(root, how, catalog, templates, made) && compare(how, made, references) &&
             ok;
        pliego_templates_free(templates);
        pliego_catalog_free(catalog);
    }
    g_free(folder);
    for (size_t i = 0; i < JOBS; i++)
        rendering_clear(&references[i]);
    if (g_atomic_int_get(&warnings) > 0) {
        fprintf(stderr, "FAIL: %d GLib warning(s) (above)\n", g_atomic_int_get(&warnings));
        ok = false;
    }
    if (ok)
        printf("threads: %zu documents, first calls, then %d rounds each way, same bytes as "
               "alone\n", JOBS, ROUNDS);
    return ok ? 0 : 1;
}
