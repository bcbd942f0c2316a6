/* diag — a list of problems found in content, each "FILE:LINE: message".
 * Loaders add to it and never stop at the first problem, so that `vitrine
 * check` can show staff everything that needs fixing in one go. */
#ifndef VITRINE_MODEL_DIAG_H
#define VITRINE_MODEL_DIAG_H

#include <stddef.h>
#include <stdio.h>

typedef struct diag diag_t;

/* Returns an empty list. Aborts on out-of-memory. */
diag_t *diag_create(void);
void diag_free(diag_t *d);

/* Appends "file:line: message". line <= 0 prints "file: message". At most
 * DIAG_MAX messages are kept; further ones are counted but not stored. A NULL d
 * drops the message (callers that know it cannot fail). */
void diag_add(diag_t *d, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define DIAG_MAX 1000

/* What a problem is about, for callers that word it themselves (the
 * console's French messages for staff): a stable code (an enum
 * feed_problem of model/feed.h; 0: none), the field as the feed JSON format
 * names it, dotted ("title.fr", "prices.0.amount"; NULL: unknown), the
 * value in question (NULL: none) and the bounds it must meet, when the
 * code has some. */
struct diag_info {
    int code;
    const char *field;
    const char *value;
    long min, max;
};

/* As diag_add, with what the problem is about (copied; may be NULL). */
void diag_add_info(diag_t *d, const char *file, int line, const struct diag_info *info,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The i-th stored message's info (strings valid as diag_get's), or NULL
 * when it has neither a code nor a field. */
const struct diag_info *diag_info(const diag_t *d, size_t i);

/* Number of problems added (including those past DIAG_MAX). */
size_t diag_count(const diag_t *d);

/* The i-th stored message, formatted; valid until the list is freed or cleared. */
const char *diag_get(const diag_t *d, size_t i);

/* Prints every stored message, one per line, plus a count of any dropped. */
void diag_print(const diag_t *d, FILE *out);

/* Forgets every message. */
void diag_clear(diag_t *d);

#endif
