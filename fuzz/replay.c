/* Replays a fuzz target's corpus: calls LLVMFuzzerTestOneInput with every
 * file of the folders (or files) named on the command line, as libFuzzer
 * would, and prints how many it ran. A crash or a sanitizer report fails
 * the test; so does a folder that holds no input (a corpus lost by
 * mistake). */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"

/* g_ptr_array_sort hands the comparison pointers to the elements. */
static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_file(const char *path)
{
    char *contents = NULL;
    gsize length = 0;
    GError *error = NULL;
    if (!g_file_get_contents(path, &contents, &length, &error)) {
        fprintf(stderr, "replay: %s\n", error->message);
        g_error_free(error);
        return -1;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)contents, length);
    g_free(contents);
    return 1;
}

int main(int argc, char **argv)
{
    int count = 0;
    for (int i = 1; i < argc; i++) {
        if (!g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
            if (run_file(argv[i]) < 0)
                return 1;
            count++;
            continue;
        }
        GDir *dir = g_dir_open(argv[i], 0, NULL);
        GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
        const char *name;
        while (dir && (name = g_dir_read_name(dir)))
            g_ptr_array_add(names, g_build_filename(argv[i], name, NULL));
        if (dir)
            g_dir_close(dir);
        g_ptr_array_sort(names, compare_paths);
        for (guint k = 0; k < names->len; k++) {
            if (run_file(g_ptr_array_index(names, k)) < 0) {
                g_ptr_array_free(names, TRUE);
                return 1;
            }
            count++;
        }
        g_ptr_array_free(names, TRUE);
    }
    printf("replay: %d inputs\n", count);
    return count > 0 ? 0 : 1;
}
