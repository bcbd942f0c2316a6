#include "model/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model/util.h"

struct entry {
    char *msg;
    struct diag_info info; /* code 0: none */
};

struct diag {
    struct entry *e;
    size_t n, cap, total;
};

diag_t *diag_create(void)
{
    return xcalloc(1, sizeof(diag_t));
}

void diag_clear(diag_t *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->e[i].msg);
        free((char *)d->e[i].info.field);
        free((char *)d->e[i].info.value);
    }
    d->n = d->total = 0;
}

void diag_free(diag_t *d)
{
    if (!d)
        return;
    diag_clear(d);
    free(d->e);
    free(d);
}

static void add(diag_t *d, const char *file, int line, const struct diag_info *info,
                const char *fmt, va_list ap)
{
    d->total++;
    if (d->n >= DIAG_MAX)
        return;
    char *msg = xvasprintf(fmt, ap);
    char *full =
        line > 0 ? xasprintf("%s:%d: %s", file, line, msg) : xasprintf("%s: %s", file, msg);
    free(msg);
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->e = xrealloc(d->e, d->cap * sizeof(*d->e));
    }
    struct entry *e = &d->e[d->n++];
    e->msg = full;
    e->info = info ? *info : (struct diag_info){0};
    e->info.field = info && info->field ? xstrdup(info->field) : NULL;
    e->info.value = info && info->value ? xstrdup(info->value) : NULL;
}

void diag_add(diag_t *d, const char *file, int line, const char *fmt, ...)
{
    if (!d)
        return;
    va_list ap;
    va_start(ap, fmt);
    add(d, file, line, NULL, fmt, ap);
    va_end(ap);
}

void diag_add_info(diag_t *d, const char *file, int line, const struct diag_info *info,
                   const char *fmt, ...)
{
    if (!d)
        return;
    va_list ap;
    va_start(ap, fmt);
    add(d, file, line, info, fmt, ap);
    va_end(ap);
}

const struct diag_info *diag_info(const diag_t *d, size_t i)
{
    return i < d->n && (d->e[i].info.code || d->e[i].info.field) ? &d->e[i].info : NULL;
}

size_t diag_count(const diag_t *d)
{
    return d->total;
}

const char *diag_get(const diag_t *d, size_t i)
{
    return i < d->n ? d->e[i].msg : NULL;
}

void diag_print(const diag_t *d, FILE *out)
{
    /* a file name can hold a line break or a terminal escape: shown escaped */
    for (size_t i = 0; i < d->n; i++) {
        size_t cap = 4 * strlen(d->e[i].msg) + 1;
        char *line = xmalloc(cap);
        log_escape(d->e[i].msg, line, cap);
        fprintf(out, "%s\n", line);
        free(line);
    }
    if (d->total > d->n)
        fprintf(out, "... and %zu more problems\n", d->total - d->n);
}
