/* What the tests of INI files (test_config, test_keytab) share: a text in a
 * temporary file, and the verdict on one row of their tables. Include after
 * cmocka.h. */
#ifndef VITRINE_TESTS_INI_FIXTURE_H
#define VITRINE_TESTS_INI_FIXTURE_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "model/diag.h"
#include "model/util.h"

/* Writes text to a new /tmp/vitrine-ini-XXXXXX.ini; the caller unlinks and
 * frees the path. */
static inline char *ini_tmp(const char *text)
{
    char *path = xstrdup("/tmp/vitrine-ini-XXXXXX.ini");
    int fd = mkstemps(path, 4);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

/* Row i read path with problems: with no error expected, none and a line
 * want in out (what the reader printed back); else the first problem is
 * path followed by error (":LINE: message", a prefix of it). */
static inline void ini_check(size_t i, const char *name, const char *path, int problems,
                             const diag_t *d, const char *error, const char *out, const char *want)
{
    if (!error) {
        if (problems)
            fail_msg("row %zu (%s): unexpected %s", i, name, diag_get(d, 0));
        if (!strstr(out, want))
            fail_msg("row %zu (%s): '%s' not in:\n%s", i, name, want, out);
        return;
    }
    char full[400];
    snprintf(full, sizeof full, "%s%s", path, error);
    if (!problems || strncmp(diag_get(d, 0), full, strlen(full)))
        fail_msg("row %zu (%s): got '%s', want '%s'", i, name,
                 problems ? diag_get(d, 0) : "(no problem)", full);
}

#endif
