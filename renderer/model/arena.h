/* arena — bump allocator that owns every string and array of a loaded feed,
 * so a feed is freed in one call and never leaks piecemeal. */
#ifndef VITRINE_MODEL_ARENA_H
#define VITRINE_MODEL_ARENA_H

#include <stddef.h>

typedef struct arena arena_t;

/* Returns a new empty arena. Aborts on out-of-memory. */
arena_t *arena_create(void);

/* Frees the arena and everything allocated from it. NULL is a no-op. */
void arena_free(arena_t *a);

/* Returns size zeroed bytes, aligned for any type, owned by the arena.
 * Aborts on out-of-memory. */
void *arena_alloc(arena_t *a, size_t size);

/* Copies s (or its first n bytes) into the arena, NUL-terminated.
 * NULL in gives NULL out. */
char *arena_strdup(arena_t *a, const char *s);
char *arena_strndup(arena_t *a, const char *s, size_t n);

/* Returns size zeroed bytes with no alignment, for text. */
char *arena_alloc_chars(arena_t *a, size_t size);

/* Copies size bytes of p into the arena (aligned for any type). */
void *arena_memdup(arena_t *a, const void *p, size_t size);

/* Bytes handed out so far (for limits and benchmarks). */
size_t arena_used(const arena_t *a);

#endif
