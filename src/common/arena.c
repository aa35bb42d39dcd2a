/* Bump allocator over a chain of blocks; see arena.h. */
#include "common/arena.h"

#include <glib.h>
#include <string.h>

#define BLOCK_SIZE (64 * 1024)
#define ALIGNMENT 16

typedef struct block {
    struct block *previous;
    size_t size;
    size_t used;
    max_align_t data[];
} block;

struct pliego_arena {
    block *current;
    size_t total;
};

pliego_arena *pliego_arena_new(void)
{
    return g_new0(pliego_arena, 1);
}

void pliego_arena_free(pliego_arena *arena)
{
    if (!arena)
        return;
    block *b = arena->current;
    while (b) {
        block *previous = b->previous;
        g_free(b);
        b = previous;
    }
    g_free(arena);
}

void *pliego_arena_alloc(pliego_arena *arena, size_t size)
{
    size = (size + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
    block *b = arena->current;
    if (!b || b->size - b->used < size) {
        size_t capacity = size > BLOCK_SIZE / 4 ? size : BLOCK_SIZE;
        block *fresh = g_malloc(sizeof(block) + capacity);
        fresh->size = capacity;
        fresh->used = 0;
        if (b && capacity != BLOCK_SIZE) {
            /* a large request gets a block of its own behind the current one,
               so the current block's free space is not wasted */
            fresh->previous = b->previous;
            b->previous = fresh;
        } else {
            fresh->previous = b;
            arena->current = fresh;
        }
        b = fresh;
    }
    void *memory = (char *)b->data + b->used;
    b->used += size;
    arena->total += size;
    memset(memory, 0, size);
    return memory;
}

char *pliego_arena_strndup(pliego_arena *arena, const char *text, long length)
{
    size_t n = length < 0 ? strlen(text) : (size_t)length;
    char *copy = pliego_arena_alloc(arena, n + 1);
    memcpy(copy, text, n);
    copy[n] = '\0';
    return copy;
}

size_t pliego_arena_used(const pliego_arena *arena)
{
    return arena->total;
}
