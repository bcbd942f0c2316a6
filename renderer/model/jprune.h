/* jprune — copies of a JSON text only the members that a reader looks at,
 * so that a full parser (cJSON) builds a small tree out of a large document.
 * A DATAtourisme object is 150-700 KB of JSON-LD of which the importer reads
 * 10-20 KB; parsing only that is what makes 5,000 of them import in well
 * under a second (docs/importers.md, "Speed").
 *
 * What is kept is told by tables of member names (struct jprune_key). A
 * member whose name is not in the table of its object is left out; one that
 * is, is kept whole or, when its entry has a sub-table, with only the members
 * of that table in the objects inside it (through arrays at any depth).
 * Array elements are never left out, so positions and counts stay, and no
 * value changes its type: an object whose members all go stays an object.
 * A member name written with a backslash escape or holding a NUL byte is
 * always kept whole (cJSON may read it as another name).
 *
 * Everything is checked as it is copied, at least as strictly as cJSON
 * (1.7) reads: a text that jprune accepts, cJSON accepts too, and reads as
 * the same values for the kept members. A text that jprune refuses may
 * still be valid (jprune is stricter about \u escapes and numbers); callers
 * then parse the original, which also gives cJSON's error position for a
 * broken document. */
#ifndef VITRINE_MODEL_JPRUNE_H
#define VITRINE_MODEL_JPRUNE_H

#include <stdbool.h>
#include <stddef.h>

struct jprune_key {
    const char *name;
    size_t len;                   /* strlen(name) */
    const struct jprune_key *sub; /* NULL: kept whole; else what objects in it keep */
    bool list_of_top;             /* an array value holds objects kept like the top's */
};

/* A member kept whole; one whose objects keep the members of table sub; one
 * whose array value lists objects like the top ({"@graph": [...]}), kept
 * whole when it is not an array; the end of a table. */
#define JPRUNE_KEEP(n)                                                                            \
    {                                                                                             \
        n, sizeof n - 1, NULL, false                                                              \
    }
#define JPRUNE_SUB(n, s)                                                                          \
    {                                                                                             \
        n, sizeof n - 1, s, false                                                                 \
    }
#define JPRUNE_LIST(n)                                                                            \
    {                                                                                             \
        n, sizeof n - 1, NULL, true                                                               \
    }
#define JPRUNE_END                                                                                \
    {                                                                                             \
        NULL, 0, NULL, false                                                                      \
    }

/* Deepest nesting of arrays and objects accepted, as cJSON's limit. */
#define JPRUNE_MAX_DEPTH 1000

/* Skips one JSON value at buf (whitespace before it allowed). Returns the
 * offset just past it, or 0 when buf does not start with a valid value
 * (cut short, bad escape or number, nested deeper than JPRUNE_MAX_DEPTH). */
size_t jprune_skip(const char *buf, size_t len);

typedef struct jprune jprune_t;

/* A pruner keeps its output buffer from one document to the next. */
jprune_t *jprune_create(void);
void jprune_free(jprune_t *jp);

/* Prunes the document buf: its root must be an object or an array; the
 * root object, and the objects of a root array, keep the members named in
 * any of the tables of tops (a NULL-terminated list). Returns the pruned
 * text, NUL-terminated, valid until the next call or jprune_free, with its
 * length in *outlen; or NULL when buf is not valid JSON as above or its
 * root is no object or array (then parse buf itself). Bytes after the root
 * value are ignored, as cJSON does. */
const char *jprune_run(jprune_t *jp, const char *buf, size_t len,
                       const struct jprune_key *const *tops, size_t *outlen);

#endif
