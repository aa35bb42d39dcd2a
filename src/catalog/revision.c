/* The git commit a catalogue folder is checked out at, read from the
 * repository's files (HEAD, loose refs, packed-refs), so that loading a
 * catalogue starts no process. A folder inside a worktree (.git is a
 * file naming the real git folder) works too. The revision names the
 * commit only: changes not committed show in the catalogue's file hashes
 * (the document XML's provenance), not here.
 */
#include "catalog/catalog.h"

#include <string.h>

static bool is_object_id(const char *text)
{
    size_t n = strspn(text, "0123456789abcdef");
    return (n == 40 || n == 64) && text[n] == '\0';
}

static char *read_line(const char *path)
{
    char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        return NULL;
    text[strcspn(text, "\r\n")] = '\0';
    return text;
}

/* The git folder of the repository holding dir, or NULL. */
static char *git_folder(const char *dir)
{
    char *here = g_canonicalize_filename(dir, NULL);
    for (int depth = 0; here && depth < 64; depth++) {
        char *dot_git = g_build_filename(here, ".git", NULL);
        if (g_file_test(dot_git, G_FILE_TEST_IS_DIR)) {
            g_free(here);
            return dot_git;
        }
        char *line = g_file_test(dot_git, G_FILE_TEST_IS_REGULAR)
                         ? read_line(dot_git) : NULL;
        g_free(dot_git);
        if (line && g_str_has_prefix(line, "gitdir: ")) {
            char *folder = g_canonicalize_filename(line + 8, here);
            g_free(line);
            g_free(here);
            return folder;
        }
        g_free(line);
        char *up = g_path_get_dirname(here);
        bool top = strcmp(up, here) == 0;
        g_free(here);
        here = top ? (g_free(up), NULL) : up;
    }
    g_free(here);
    return NULL;
}

/* refname's commit in folder: a loose ref, else a line of packed-refs. */
static char *resolve_ref(const char *folder, const char *refname)
{
    char *path = g_build_filename(folder, refname, NULL);
    char *id = read_line(path);
    g_free(path);
    if (id && is_object_id(id))
        return id;
    g_free(id);
    path = g_build_filename(folder, "packed-refs", NULL);
    char *packed = NULL;
    g_file_get_contents(path, &packed, NULL, NULL);
    g_free(path);
    char *found = NULL;
    char **lines = packed ? g_strsplit(packed, "\n", -1) : NULL;
    for (char **line = lines; line && *line && !found; line++) {
        char *space = strchr(*line, ' ');
        if (space && strcmp(space + 1, refname) == 0) {
            *space = '\0';
            if (is_object_id(*line))
                found = g_strdup(*line);
        }
    }
    g_strfreev(lines);
    g_free(packed);
    return found;
}

char *catalog_git_revision(const char *dir)
{
    char *folder = git_folder(dir);
    if (!folder)
        return NULL;
    char *head_path = g_build_filename(folder, "HEAD", NULL);
    char *head = read_line(head_path);
    g_free(head_path);
    char *revision = NULL;
    if (head && is_object_id(head)) {
        revision = g_strdup(head); /* a detached HEAD */
    } else if (head && g_str_has_prefix(head, "ref: ")) {
        const char *refname = head + 5;
        revision = resolve_ref(folder, refname);
        /* a worktree's branches live in the main repository's folder */
        char *common_path = g_build_filename(folder, "commondir", NULL);
        char *common = revision ? NULL : read_line(common_path);
        g_free(common_path);
        if (common) {
            char *main_folder = g_canonicalize_filename(common, folder);
            revision = resolve_ref(main_folder, refname);
            g_free(main_folder);
            g_free(common);
        }
    }
    g_free(head);
    g_free(folder);
    return revision;
}
