#include "cli/args.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

int args_size(const char *s, int max, int *w, int *h, char *err, size_t errsz)
{
    char *end;
    long a = strtol(s, &end, 10);
    if (end != s && (*end == 'x' || *end == 'X')) {
        const char *p = end + 1;
        long b = strtol(p, &end, 10);
        if (end != p && !*end && a >= ARGS_SIZE_MIN && b >= ARGS_SIZE_MIN && a <= max &&
            b <= max) {
            *w = (int)a;
            *h = (int)b;
            return 0;
        }
    }
    snprintf(err, errsz,
             "'%.40s' should be WIDTHxHEIGHT in pixels, each from %d to %d "
             "(e.g. 1920x1080)",
             s, ARGS_SIZE_MIN, max);
    return -1;
}

int args_date(const char *s, civil_t *out, char *err, size_t errsz)
{
    civil_t t;
    bool date_only = false;
    if (civil_parse(s, &t, &date_only, err, errsz) < 0)
        return -1;
    if (!date_only) {
        snprintf(err, errsz, "'%.40s': expected a date YYYY-MM-DD, without a time", s);
        return -1;
    }
    *out = t;
    return 0;
}
