/* A bump allocator: one document's trees live in one arena and are freed at
 * once, so error paths need no chains of frees. Memory is zeroed. */
#ifndef PLIEGO_ARENA_H
#define PLIEGO_ARENA_H

#include <stddef.h>

typedef struct pliego_arena pliego_arena;

pliego_arena *pliego_arena_new(void);
void pliego_arena_free(pliego_arena *arena);

/* Returns size zeroed bytes aligned for any type; aborts only when the
 * system is out of memory, as GLib does. */
void *pliego_arena_alloc(pliego_arena *arena, size_t size);

/* Copies length bytes of text (or the whole string when length < 0) and
 * adds a terminating NUL. */
char *pliego_arena_strndup(pliego_arena *arena, const char *text, long length);

/* Bytes handed out so far, for limits and statistics. */
size_t pliego_arena_used(const pliego_arena *arena);

#endif
