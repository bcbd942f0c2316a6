#include "model/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model/util.h"

struct diag {
    char **msgs;
    size_t n, cap, total;
};

diag_t *diag_create(void)
{
    return xcalloc(1, sizeof(diag_t));
}

void diag_clear(diag_t *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->msgs[i]);
    d->n = d->total = 0;
}

void diag_free(diag_t *d)
{
    if (!d)
        return;
    diag_clear(d);
    free(d->msgs);
    free(d);
}

void diag_add(diag_t *d, const char *file, int line, const char *fmt, ...)
{
    if (!d)
        return;
    d->total++;
    if (d->n >= DIAG_MAX)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    char *full =
        line > 0 ? xasprintf("%s:%d: %s", file, line, msg) : xasprintf("%s: %s", file, msg);
    free(msg);
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->msgs = xrealloc(d->msgs, d->cap * sizeof(*d->msgs));
    }
    d->msgs[d->n++] = full;
}

size_t diag_count(const diag_t *d)
{
    return d->total;
}

const char *diag_get(const diag_t *d, size_t i)
{
    return i < d->n ? d->msgs[i] : NULL;
}

void diag_print(const diag_t *d, FILE *out)
{
    /* a file name can hold a line break or a terminal escape: shown escaped */
    for (size_t i = 0; i < d->n; i++) {
        size_t cap = 4 * strlen(d->msgs[i]) + 1;
        char *line = xmalloc(cap);
        log_escape(d->msgs[i], line, cap);
        fprintf(out, "%s\n", line);
        free(line);
    }
    if (d->total > d->n)
        fprintf(out, "... and %zu more problems\n", d->total - d->n);
}
