/* Table-driven tests for model/hours: weekdays, daily windows and opening
 * hours as staff write them, and their canonical forms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model/feed_priv.h"
#include "model/item.h"

static const struct {
    const char *in;
    int ok;
    const char *out; /* canonical form, or a substring of the error */
} hours_rows[] = {
    {"Mo-Sa 09:30-12:30,14:00-18:00; Su off", 1, "Mo-Sa 09:30-12:30,14:00-18:00; Su off"},
    {"Mo-Sa 09:30-12:30,14:00-18:00", 1, "Mo-Sa 09:30-12:30,14:00-18:00; Su off"},
    {"Mo-Fr 09:00-12:30,14:00-18:00; Sa 09:00-12:00; PH off", 1,
     "Mo-Fr 09:00-12:30,14:00-18:00; Sa 09:00-12:00; Su off; PH off"},
    {"10:00-18:00", 1, "Mo-Su 10:00-18:00"},
    {"24/7", 1, "Mo-Su 00:00-24:00"},
    {"Mo-Su 09:00-18:00; We off", 1, "Mo,Tu,Th-Su 09:00-18:00; We off"},
    {"Sa-Mo 10:00-12:00", 1, "Mo,Sa,Su 10:00-12:00; Tu-Fr off"},
    {"Fr,Sa 22:00-02:00", 1, "Mo-Th,Su off; Fr,Sa 22:00-02:00"},
    {"Mo-Fr 09:00-18:00; Sa,PH 10:00-12:00", 1,
     "Mo-Fr 09:00-18:00; Sa 10:00-12:00; Su off; PH 10:00-12:00"},
    {"  Mo-Fr   09:00 - 18:00 ;  ", 1, "Mo-Fr 09:00-18:00; Sa,Su off"},
    {"Mo - Fr 09:00-18:00", 0, "expected rules such as"},
    {"Mo-Fr 09:00-18:00;", 1, "Mo-Fr 09:00-18:00; Sa,Su off"},
    {"", 0, "opening hours are empty"},
    {"Lu-Ve 09:00-18:00", 0, "'Lu' is not a weekday"},
    {"Mo-Fr 9h-18h", 0, "expected HH:MM"},
    {"Mo-Fr 09:00-25:00", 0, "hours go from 00 to 24"},
    {"Mo-Fr", 0, "gives days but no hours"},
    {"Mo 08:00-09:00,10:00-11:00,12:00-13:00,14:00-15:00,16:00-17:00", 0,
     "more than 4 time windows"},
};

static void test_hours(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof(hours_rows) / sizeof(hours_rows[0]); i++) {
        struct week_hours h;
        char err[300] = "", buf[300] = "";
        int rc = hours_parse(hours_rows[i].in, &h, err, sizeof err);
        if (hours_rows[i].ok) {
            if (rc == 0)
                hours_format(&h, buf, sizeof buf);
            if (rc != 0 || strcmp(buf, hours_rows[i].out) != 0) {
                print_error("hours row %zu '%s': got '%s' (error '%s'), want '%s'\n", i,
                            hours_rows[i].in, buf, err, hours_rows[i].out);
                failed++;
                continue;
            }
            /* The canonical form reads back to the same hours. */
            struct week_hours h2;
            if (hours_parse(buf, &h2, err, sizeof err) != 0 || memcmp(&h, &h2, sizeof h) != 0) {
                print_error("hours row %zu: canonical '%s' does not read back\n", i, buf);
                failed++;
            }
        } else if (rc == 0 || !strstr(err, hours_rows[i].out)) {
            print_error("hours row %zu '%s': error '%s' lacks '%s'\n", i, hours_rows[i].in, err,
                        hours_rows[i].out);
            failed++;
        }
    }
    assert_int_equal(failed, 0);
}

static const struct {
    const char *in;
    int mask;        /* -1: error */
    const char *out; /* canonical form, or a substring of the error */
} days_rows[] = {
    {"Mo-Fr", 0x1f, "Mo-Fr"},
    {"Sa,Su", 0x60, "Sa,Su"},
    {"Mo,We-Fr", 0x1d, "Mo,We-Fr"},
    {"Su-Tu", 0x43, "Mo,Tu,Su"},
    {"Mo-Su", 0x7f, "Mo-Su"},
    {" Mo , Tu ", 0x03, "Mo,Tu"},
    {"Mo-Tu", 0x03, "Mo,Tu"},
    {"lundi", -1, "'lundi' is not a weekday"},
    {"Mo,,Tu", -1, "is not a list of weekdays"},
    {"", -1, "is not a list of weekdays"},
};

static void test_days(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof(days_rows) / sizeof(days_rows[0]); i++) {
        uint8_t mask = 0;
        char err[300] = "", buf[64] = "";
        int rc = days_parse(days_rows[i].in, &mask, err, sizeof err);
        if (days_rows[i].mask >= 0) {
            days_format(mask, buf, sizeof buf);
            if (rc != 0 || mask != days_rows[i].mask || strcmp(buf, days_rows[i].out) != 0) {
                print_error("days row %zu '%s': got %#x '%s' (%s)\n", i, days_rows[i].in, mask,
                            buf, err);
                failed++;
            }
        } else if (rc == 0 || !strstr(err, days_rows[i].out)) {
            print_error("days row %zu '%s': error '%s' lacks '%s'\n", i, days_rows[i].in, err,
                        days_rows[i].out);
            failed++;
        }
    }
    assert_int_equal(failed, 0);
}

static const struct {
    const char *in;
    int n; /* -1: error */
    const char *out;
} window_rows[] = {
    {"09:00-12:00,14:00-18:00", 2, "09:00-12:00,14:00-18:00"},
    {"22:00-02:00", 1, "22:00-02:00"},
    {"00:00-24:00", 1, "00:00-24:00"},
    {"9:00-12:00", 1, "09:00-12:00"},
    {"24:00-02:00", -1, "write 00:00 instead"},
    {"09:00-09:00", -1, "is empty"},
    {"09:00", -1, "expected HH:MM-HH:MM"},
    {"09:00-12:60", -1, "minutes from 00 to 59"},
    {"1:00-2:00,3:00-4:00,5:00-6:00", -1, "more than 2 time windows"},
};

static void test_windows(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof(window_rows) / sizeof(window_rows[0]); i++) {
        struct time_window w[2];
        int n = 0;
        char err[300] = "", buf[64] = "";
        int rc = windows_parse(window_rows[i].in, w, 2, &n, err, sizeof err);
        if (window_rows[i].n >= 0) {
            windows_format(w, n, buf, sizeof buf);
            if (rc != 0 || n != window_rows[i].n || strcmp(buf, window_rows[i].out) != 0) {
                print_error("windows row %zu '%s': got %d '%s' (%s)\n", i, window_rows[i].in, n,
                            buf, err);
                failed++;
            }
        } else if (rc == 0 || !strstr(err, window_rows[i].out)) {
            print_error("windows row %zu '%s': error '%s' lacks '%s'\n", i, window_rows[i].in, err,
                        window_rows[i].out);
            failed++;
        }
    }
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hours),
        cmocka_unit_test(test_days),
        cmocka_unit_test(test_windows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
