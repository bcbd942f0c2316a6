/* Table-driven tests for sched/calendar: French public holidays 2026-2030,
 * written out from the official list (service-public.fr, "jours fériés"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model/civil.h"
#include "sched/calendar.h"

/* Every public holiday, year by year, in date order. */
static const char *const official[5][CAL_HOLIDAYS] = {
    {"2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14", "2026-05-25",
     "2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25"},
    {"2027-01-01", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-08", "2027-05-17",
     "2027-07-14", "2027-08-15", "2027-11-01", "2027-11-11", "2027-12-25"},
    {"2028-01-01", "2028-04-17", "2028-05-01", "2028-05-08", "2028-05-25", "2028-06-05",
     "2028-07-14", "2028-08-15", "2028-11-01", "2028-11-11", "2028-12-25"},
    {"2029-01-01", "2029-04-02", "2029-05-01", "2029-05-08", "2029-05-10", "2029-05-21",
     "2029-07-14", "2029-08-15", "2029-11-01", "2029-11-11", "2029-12-25"},
    {"2030-01-01", "2030-04-22", "2030-05-01", "2030-05-08", "2030-05-30", "2030-06-10",
     "2030-07-14", "2030-08-15", "2030-11-01", "2030-11-11", "2030-12-25"},
};

static void test_holidays_2026_2030(void **state)
{
    (void)state;
    for (int y = 2026; y <= 2030; y++) {
        struct cal_holiday h[CAL_HOLIDAYS];
        cal_holidays(y, h);
        for (int i = 0; i < CAL_HOLIDAYS; i++) {
            char got[16];
            snprintf(got, sizeof got, "%04d-%02d-%02d", y, h[i].month, h[i].day);
            if (strcmp(got, official[y - 2026][i]) != 0)
                fail_msg("%d row %d (%s): got %s, want %s", y, i, h[i].name, got,
                         official[y - 2026][i]);
        }
    }
}

/* Exactly the official days are holidays: walk every day of the 5 years. */
static void test_every_day(void **state)
{
    (void)state;
    int count = 0;
    for (int64_t d = days_from_civil(2026, 1, 1); d < days_from_civil(2031, 1, 1); d++) {
        int y, m, dd;
        civil_from_days(d, &y, &m, &dd);
        char s[16];
        snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, dd);
        bool want = false;
        for (int i = 0; i < CAL_HOLIDAYS; i++)
            want |= strcmp(s, official[y - 2026][i]) == 0;
        const char *name = cal_holiday_on(d);
        if ((name != NULL) != want)
            fail_msg("%s: got %s, want %s", s, name ? name : "working day",
                     want ? "holiday" : "working day");
        count += want;
    }
    assert_int_equal(count, 55);
}

static const struct {
    int y, m, d;
    const char *name; /* NULL: a working day */
} name_rows[] = {
    {2026, 4, 5, NULL}, /* Easter Sunday is a Sunday, not a holiday */
    {2026, 4, 6, "Lundi de Pâques"},
    {2026, 5, 14, "Ascension"},
    {2026, 5, 25, "Lundi de Pentecôte"},
    {2026, 8, 15, "Assomption"},
    {2028, 2, 29, NULL},             /* leap day */
    {2008, 5, 1, "Fête du Travail"}, /* Ascension fell on 1 May in 2008 */
    {2026, 12, 26, NULL},            /* Alsace-Moselle only */
    {2026, 4, 3, NULL},              /* Good Friday: Alsace-Moselle only */
};

static void test_names(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof name_rows / sizeof name_rows[0]; i++) {
        const char *got = cal_holiday_name(name_rows[i].y, name_rows[i].m, name_rows[i].d);
        const char *want = name_rows[i].name;
        if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0))
            fail_msg("row %zu: got %s, want %s", i, got ? got : "NULL", want ? want : "NULL");
    }
}

/* Easter Sundays from the computus against known dates. */
static const struct {
    int y, m, d;
} easter_rows[] = {
    {2000, 4, 23}, {2008, 3, 23}, {2011, 4, 24}, {2019, 4, 21}, {2024, 3, 31},
    {2025, 4, 20}, {2026, 4, 5},  {2027, 3, 28}, {2028, 4, 16}, {2029, 4, 1},
    {2030, 4, 21}, {2038, 4, 25}, {2285, 3, 22},
};

static void test_easter(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof easter_rows / sizeof easter_rows[0]; i++) {
        int m, d;
        cal_easter(easter_rows[i].y, &m, &d);
        if (m != easter_rows[i].m || d != easter_rows[i].d)
            fail_msg("row %zu %d: got %d-%d, want %d-%d", i, easter_rows[i].y, m, d,
                     easter_rows[i].m, easter_rows[i].d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_holidays_2026_2030),
        cmocka_unit_test(test_every_day),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_easter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
