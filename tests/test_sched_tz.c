/* Table-driven tests for sched/tz: the system tz database read by hand,
 * including both DST days of 2026 in Europe/Paris and the POSIX footer rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "model/civil.h"
#include "model/tz.h"

static civil_t at(const char *s)
{
    civil_t t;
    char err[200];
    if (civil_parse(s, &t, NULL, err, sizeof err) != 0)
        fail_msg("bad test date %s: %s", s, err);
    return t;
}

/* UTC instant -> wall clock. A civil_t read as UTC is the Unix time. */
static const struct {
    const char *zone, *utc, *wall;
    int off;
    const char *abbr;
} civil_rows[] = {
    {"Europe/Paris", "2026-03-29T00:59:59", "2026-03-29T01:59:59", 3600, "CET"},
    {"Europe/Paris", "2026-03-29T01:00:00", "2026-03-29T03:00:00", 7200, "CEST"},
    {"Europe/Paris", "2026-10-25T00:59:59", "2026-10-25T02:59:59", 7200, "CEST"},
    {"Europe/Paris", "2026-10-25T01:00:00", "2026-10-25T02:00:00", 3600, "CET"},
    {"Europe/Paris", "2026-09-12T07:30:00", "2026-09-12T09:30:00", 7200, "CEST"},
    {"Europe/Paris", "2028-02-29T23:30:00", "2028-03-01T00:30:00", 3600, "CET"},
    {"Europe/Paris", "2045-07-01T00:00:00", "2045-07-01T02:00:00", 7200, "CEST"}, /* footer */
    {"Europe/Paris", "2100-03-28T00:59:59", "2100-03-28T01:59:59", 3600, "CET"},
    {"Europe/Paris", "2100-03-28T01:00:00", "2100-03-28T03:00:00", 7200, "CEST"},
    {"Europe/Paris", "2100-12-01T12:00:00", "2100-12-01T13:00:00", 3600, "CET"},
    {"America/New_York", "2026-03-08T06:59:59", "2026-03-08T01:59:59", -18000, "EST"},
    {"America/New_York", "2026-03-08T07:00:00", "2026-03-08T03:00:00", -14400, "EDT"},
    {"Australia/Sydney", "2026-04-04T15:59:59", "2026-04-05T02:59:59", 39600, "AEDT"},
    {"Australia/Sydney", "2026-04-04T16:00:00", "2026-04-05T02:00:00", 36000, "AEST"},
    {"Asia/Kolkata", "2026-06-01T00:00:00", "2026-06-01T05:30:00", 19800, "IST"},
    {"UTC", "2026-06-01T00:00:00", "2026-06-01T00:00:00", 0, "UTC"},
};

static void test_to_civil(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof civil_rows / sizeof civil_rows[0]; i++) {
        char err[256], buf[40];
        tz_t *z = tz_load(civil_rows[i].zone, err, sizeof err);
        if (!z)
            fail_msg("row %zu: %s", i, err);
        int64_t t = at(civil_rows[i].utc);
        civil_format(tz_civil(z, t), false, buf, sizeof buf);
        const char *abbr;
        int off = tz_offset(z, t, &abbr);
        if (strcmp(buf, civil_rows[i].wall) != 0 || off != civil_rows[i].off ||
            strcmp(abbr, civil_rows[i].abbr) != 0)
            fail_msg("row %zu %s %s: got %s %+d %s, want %s %+d %s", i, civil_rows[i].zone,
                     civil_rows[i].utc, buf, off, abbr, civil_rows[i].wall, civil_rows[i].off,
                     civil_rows[i].abbr);
        tz_free(z);
    }
}

/* Wall clock -> UTC instant, through the skipped and the repeated hour. */
static const struct {
    const char *zone, *wall, *utc;
    enum tz_match how;
} instant_rows[] = {
    {"Europe/Paris", "2026-03-29T02:30", "2026-03-29T01:00:00", TZ_GAP},
    {"Europe/Paris", "2026-03-29T01:59", "2026-03-29T00:59:00", TZ_UNIQUE},
    {"Europe/Paris", "2026-03-29T03:00", "2026-03-29T01:00:00", TZ_UNIQUE},
    {"Europe/Paris", "2026-10-25T02:30", "2026-10-25T00:30:00", TZ_AMBIGUOUS},
    {"Europe/Paris", "2026-10-25T02:00", "2026-10-25T00:00:00", TZ_AMBIGUOUS},
    {"Europe/Paris", "2026-10-25T03:00", "2026-10-25T02:00:00", TZ_UNIQUE},
    {"Europe/Paris", "2026-10-25T01:59", "2026-10-24T23:59:00", TZ_UNIQUE},
    {"Europe/Paris", "2028-02-29T12:00", "2028-02-29T11:00:00", TZ_UNIQUE},
    {"Europe/Paris", "2150-03-29T02:30", "2150-03-29T01:00:00", TZ_GAP}, /* footer rule */
    {"Australia/Sydney", "2026-10-04T02:30", "2026-10-03T16:00:00", TZ_GAP},
    {"Australia/Sydney", "2026-04-05T02:30", "2026-04-04T15:30:00", TZ_AMBIGUOUS},
};

static void test_to_instant(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof instant_rows / sizeof instant_rows[0]; i++) {
        char err[256], buf[40];
        tz_t *z = tz_load(instant_rows[i].zone, err, sizeof err);
        if (!z)
            fail_msg("row %zu: %s", i, err);
        enum tz_match how;
        int64_t t = tz_instant(z, at(instant_rows[i].wall), &how);
        civil_format(t, false, buf, sizeof buf);
        if (strcmp(buf, instant_rows[i].utc) != 0 || how != instant_rows[i].how)
            fail_msg("row %zu %s %s: got %s (%d), want %s (%d)", i, instant_rows[i].zone,
                     instant_rows[i].wall, buf, how, instant_rows[i].utc, instant_rows[i].how);
        /* The near view must agree with the general search. */
        struct tz_near n;
        tz_near_init(&n, z, t + 3600);
        if (tz_near_instant(&n, at(instant_rows[i].wall), NULL) != t)
            fail_msg("row %zu: tz_near_instant disagrees", i);
        tz_free(z);
    }
}

static const struct {
    const char *name, *err;
} bad_rows[] = {
    {"Nowhere/Atlantis", "is unknown"},
    {"../../etc/passwd", "not a valid zone name"},
    {"/etc/localtime", "not a valid zone name"},
    {"", "not a valid zone name"},
    {"Europe", "is unknown"}, /* a directory */
};

static void test_bad_zones(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_rows / sizeof bad_rows[0]; i++) {
        char err[256] = "";
        tz_t *z = tz_load(bad_rows[i].name, err, sizeof err);
        if (z || !strstr(err, bad_rows[i].err))
            fail_msg("row %zu '%s': got '%s', want '%s'", i, bad_rows[i].name, err,
                     bad_rows[i].err);
    }
    static const unsigned char junk[] = "TZif2 not really";
    char err[256] = "";
    assert_null(tz_parse(junk, sizeof junk, "junk", err, sizeof err));
    assert_non_null(strstr(err, "not a valid TZif"));
    static const char *const bad_rules[] = {"", "CET", "CET-1CEST,M3.5.0",
                                            "CET-1CEST,M13.5.0,M10.5.0", "C-1"};
    for (size_t i = 0; i < sizeof bad_rules / sizeof bad_rules[0]; i++)
        if (tz_posix(bad_rules[i], err, sizeof err))
            fail_msg("rule %zu '%s' accepted", i, bad_rules[i]);
}

/* The footer rule alone gives the same answers as the full table since 1997
 * (when the EU rule took its current form). */
static void test_posix_matches_table(void **state)
{
    (void)state;
    char err[256];
    tz_t *file = tz_load("Europe/Paris", err, sizeof err);
    tz_t *rule = tz_posix("CET-1CEST,M3.5.0,M10.5.0/3", err, sizeof err);
    assert_non_null(file);
    assert_non_null(rule);
    for (int64_t t = at("1997-01-01T00:00"); t < at("2120-01-01T00:00"); t += 3 * 3600 + 17) {
        if (tz_offset(file, t, NULL) != tz_offset(rule, t, NULL))
            fail_msg("offset differs at %lld", (long long)t);
    }
    tz_free(file);
    tz_free(rule);
    /* Southern hemisphere rule, Julian day rules and angle-bracket names parse. */
    static const char *const rules[] = {"AEST-10AEDT,M10.1.0,M4.1.0/3", "<+0330>-3:30",
                                        "EST5EDT,J60/2,J300/2", "XXX3YYY,0/0,364/25"};
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        tz_t *z = tz_posix(rules[i], err, sizeof err);
        if (!z)
            fail_msg("rule %zu '%s': %s", i, rules[i], err);
        tz_free(z);
    }
}

/* Cross-check with the C library over four decades, in a few zones. The
 * implementation never touches TZ; only this test does, as an oracle. */
static void test_against_libc(void **state)
{
    (void)state;
    static const char *const zones[] = {"Europe/Paris", "America/Sao_Paulo", "Australia/Lord_Howe",
                                        "Africa/Casablanca", "Pacific/Chatham"};
    for (size_t k = 0; k < sizeof zones / sizeof zones[0]; k++) {
        char err[256];
        tz_t *z = tz_load(zones[k], err, sizeof err);
        if (!z)
            fail_msg("%s: %s", zones[k], err);
        setenv("TZ", zones[k], 1);
        tzset();
        for (int64_t t = at("1990-01-01T00:00"); t < at("2040-01-01T00:00"); t += 7 * 3600 + 13) {
            time_t tt = (time_t)t;
            struct tm tm;
            localtime_r(&tt, &tm);
            if (tm.tm_gmtoff != tz_offset(z, t, NULL))
                fail_msg("%s at %lld: libc %ld, ours %d", zones[k], (long long)t, tm.tm_gmtoff,
                         tz_offset(z, t, NULL));
        }
        tz_free(z);
    }
    unsetenv("TZ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_to_civil),     cmocka_unit_test(test_to_instant),
        cmocka_unit_test(test_bad_zones),    cmocka_unit_test(test_posix_matches_table),
        cmocka_unit_test(test_against_libc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
