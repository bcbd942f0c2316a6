/* Table-driven tests for model/civil: dates as staff write them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "model/civil.h"

static const struct {
    const char *in;
    int ok;
    const char *canon; /* expected civil_format output, or expected error substring */
} parse_rows[] = {
    {"2026-09-12", 1, "2026-09-12"},
    {"2026-09-12T20:30", 1, "2026-09-12T20:30:00"},
    {"2026-09-12 20:30:15", 1, "2026-09-12T20:30:15"},
    {"2028-02-29", 1, "2028-02-29"},
    {"2026-02-29", 0, "2026-02 has 28 days"},
    {"2026-13-01", 0, "month 13 does not exist"},
    {"2026-9-12", 0, "expected YYYY-MM-DD"},
    {"2026-09-12T25:00", 0, "hours go from 00 to 23"},
    {"", 0, "expected YYYY-MM-DD"},
};

static void test_parse(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(parse_rows) / sizeof(parse_rows[0]); i++) {
        civil_t t;
        bool date_only;
        char err[200] = "", buf[40] = "";
        int rc = civil_parse(parse_rows[i].in, &t, &date_only, err, sizeof err);
        if (parse_rows[i].ok) {
            if (rc != 0)
                fail_msg("row %zu '%s': unexpected error %s", i, parse_rows[i].in, err);
            civil_format(t, date_only, buf, sizeof buf);
            if (strcmp(buf, parse_rows[i].canon) != 0)
                fail_msg("row %zu: got %s, want %s", i, buf, parse_rows[i].canon);
        } else {
            if (rc == 0 || !strstr(err, parse_rows[i].canon))
                fail_msg("row %zu '%s': error '%s' lacks '%s'", i, parse_rows[i].in, err,
                         parse_rows[i].canon);
        }
    }
}

static void test_weekday(void **state)
{
    (void)state;
    /* 2026-09-12 is a Saturday (5), 1970-01-01 a Thursday (3). */
    assert_int_equal(civil_split(civil_make(2026, 9, 12, 0, 0, 0)).wday, 5);
    assert_int_equal(civil_split(0).wday, 3);
    struct civil_fields f = civil_split(civil_make(2028, 2, 29, 23, 59, 59));
    assert_int_equal(f.year, 2028);
    assert_int_equal(f.month, 2);
    assert_int_equal(f.day, 29);
    assert_int_equal(f.sec, 59);
}

static void test_human(void **state)
{
    (void)state;
    char buf[40];
    civil_human(civil_make(2026, 9, 13, 18, 5, 59), false, buf, sizeof buf);
    assert_string_equal(buf, "2026-09-13 18:05");
    civil_human(civil_make(2026, 9, 13, 18, 5, 59), true, buf, sizeof buf);
    assert_string_equal(buf, "2026-09-13");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_human),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
