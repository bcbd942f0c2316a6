#include "model/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/util.h"

#define ARENA_BLOCK (64 * 1024)

struct block {
    struct block *next;
    size_t size, used;
    max_align_t data[];
};

struct arena {
    struct block *head;
    size_t used;
};

arena_t *arena_create(void)
{
    return xcalloc(1, sizeof(arena_t));
}

void arena_free(arena_t *a)
{
    if (!a)
        return;
    struct block *b = a->head;
    while (b) {
        struct block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

/* size bytes aligned to align (a power of two), zeroed. Strings ask for an
 * alignment of 1, so that a short text costs its length, not 16 bytes. */
static void *bump(arena_t *a, size_t size, size_t align)
{
    struct block *b = a->head;
    size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
    if (!b || at > b->size || b->size - at < size) {
        size_t cap = size > ARENA_BLOCK / 2 ? size : ARENA_BLOCK;
        b = xmalloc(sizeof(*b) + cap);
        b->size = cap;
        b->used = 0;
        /* A large one-off allocation goes behind the current block so the
         * current block keeps serving small ones. */
        if (a->head && cap != ARENA_BLOCK) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
        at = 0;
    }
    void *p = (char *)b->data + at;
    a->used += at + size - b->used;
    b->used = at + size;
    memset(p, 0, size);
    return p;
}

void *arena_alloc(arena_t *a, size_t size)
{
    return bump(a, size ? size : 1, sizeof(max_align_t));
}

char *arena_alloc_chars(arena_t *a, size_t size)
{
    return bump(a, size ? size : 1, 1);
}

char *arena_strndup(arena_t *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = arena_alloc_chars(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void *arena_memdup(arena_t *a, const void *p, size_t size)
{
    void *q = arena_alloc(a, size);
    memcpy(q, p, size);
    return q;
}

char *arena_strdup(arena_t *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

size_t arena_used(const arena_t *a)
{
    return a->used;
}
