/* Table-driven tests for cli/args: option values shared by the subcommands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli/args.h"

static const struct {
    const char *in;
    int max;
    int w, h; /* 0 0: refused */
} size_rows[] = {
    {"1920x1080", 8192, 1920, 1080},
    {"1080X1920", 8192, 1080, 1920},
    {"64x64", 8192, 64, 64},
    {"8192x8192", 8192, 8192, 8192},
    {"8193x100", 8192, 0, 0},
    {"63x100", 8192, 0, 0},
    {"1920x", 8192, 0, 0},
    {"x1080", 8192, 0, 0},
    {"1920x1080x", 8192, 0, 0},
    {"1920*1080", 8192, 0, 0},
    {"-1920x1080", 8192, 0, 0},
    {"99999999999999999999x100", 8192, 0, 0},
    {"", 8192, 0, 0},
    {"16384x9000", 16384, 16384, 9000},
};

static void test_size(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(size_rows) / sizeof(size_rows[0]); i++) {
        int w = 0, h = 0;
        char err[160] = "";
        int rc = args_size(size_rows[i].in, size_rows[i].max, &w, &h, err, sizeof err);
        if (size_rows[i].w) {
            if (rc != 0 || w != size_rows[i].w || h != size_rows[i].h)
                fail_msg("row %zu '%s': rc %d, %dx%d, err %s", i, size_rows[i].in, rc, w, h, err);
        } else if (rc == 0 || w || h || !strstr(err, "WIDTHxHEIGHT")) {
            fail_msg("row %zu '%s': accepted or unclear: rc %d, %dx%d, err '%s'", i,
                     size_rows[i].in, rc, w, h, err);
        }
    }
}

static const struct {
    const char *in;
    const char *want; /* canonical date, or a substring of the error */
    int ok;
} date_rows[] = {
    {"2026-07-14", "2026-07-14", 1},
    {"2028-02-29", "2028-02-29", 1},
    {"2026-07-14T20:30", "without a time", 0},
    {"2026-07-14 20:30", "without a time", 0},
    {"2026-02-30", "has 28 days", 0},
    {"14/07/2026", "expected YYYY-MM-DD", 0},
    {"", "expected YYYY-MM-DD", 0},
};

static void test_date(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(date_rows) / sizeof(date_rows[0]); i++) {
        civil_t t = CIVIL_NONE;
        char err[200] = "", buf[40] = "";
        int rc = args_date(date_rows[i].in, &t, err, sizeof err);
        if (date_rows[i].ok) {
            if (rc != 0)
                fail_msg("row %zu '%s': unexpected error %s", i, date_rows[i].in, err);
            civil_format(t, true, buf, sizeof buf);
            if (strcmp(buf, date_rows[i].want) != 0 || t % 86400 != 0)
                fail_msg("row %zu: got %s, want %s at midnight", i, buf, date_rows[i].want);
        } else if (rc == 0 || t != CIVIL_NONE || !strstr(err, date_rows[i].want)) {
            fail_msg("row %zu '%s': error '%s' lacks '%s'", i, date_rows[i].in, err,
                     date_rows[i].want);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_size),
        cmocka_unit_test(test_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
