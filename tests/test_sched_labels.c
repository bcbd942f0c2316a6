/* Table-driven tests for sched/labels: relative dates and opening states, in
 * the slide's language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model/locale.h"
#include "sched/labels.h"
#include "sched_fixture.h"

#define APOS "\xe2\x80\x99"

/* 2026-09-16 is a Wednesday; 09-19 and 09-20 the weekend. */
static const struct {
    const char *now, *start, *end; /* end: NULL for none */
    enum lang l;
    const char *want;
    uint8_t days; /* the schedule's weekdays; 0: every day */
} when_rows[] = {
    {"2026-09-16T09:00", "2026-09-16T10:00", NULL, LANG_FR, "Aujourd" APOS "hui", 0},
    {"2026-09-16T09:00", "2026-09-16T10:00", NULL, LANG_EU, "Gaur", 0},
    {"2026-09-16T09:00", "2026-09-16T10:00", NULL, LANG_ES, "Hoy", 0},
    {"2026-09-16T09:00", "2026-09-16T10:00", NULL, LANG_EN, "Today", 0},
    {"2026-09-16T09:00", "2026-09-16T17:59", NULL, LANG_FR, "Aujourd" APOS "hui", 0},
    {"2026-09-16T09:00", "2026-09-16T18:00", NULL, LANG_FR, "Ce soir", 0},
    {"2026-09-16T09:00", "2026-09-16T20:30", NULL, LANG_EN, "Tonight", 0},
    {"2026-09-16T21:00", "2026-09-16T20:30", NULL, LANG_ES, "Esta noche", 0},
    {"2026-09-16T09:00", "2026-09-16", NULL, LANG_FR, "Aujourd" APOS "hui", 0},
    {"2026-09-16T23:59", "2026-09-17T20:30", NULL, LANG_FR, "Demain", 0},
    {"2026-09-16T09:00", "2026-09-17T10:00", NULL, LANG_EU, "Bihar", 0},
    {"2026-09-16T09:00", "2026-09-17", NULL, LANG_ES, "Mañana", 0},
    {"2026-09-16T09:00", "2026-09-17", NULL, LANG_EN, "Tomorrow", 0},
    {"2026-09-16T09:00", "2026-09-18T21:00", NULL, LANG_FR, "Dans 2 jours", 0},
    {"2026-09-16T09:00", "2026-09-18T21:00", NULL, LANG_EU, "2 egun barru", 0},
    {"2026-09-16T09:00", "2026-09-18T21:00", NULL, LANG_ES, "Dentro de 2 días", 0},
    {"2026-09-16T09:00", "2026-09-18T21:00", NULL, LANG_EN, "In 2 days", 0},
    {"2026-09-16T09:00", "2026-09-19", NULL, LANG_FR, "Ce week-end", 0},
    {"2026-09-16T09:00", "2026-09-20T15:00", NULL, LANG_EN, "This weekend", 0},
    {"2026-09-16T09:00", "2026-09-20T15:00", NULL, LANG_EU, "Asteburu honetan", 0},
    {"2026-09-16T09:00", "2026-09-22T10:00", NULL, LANG_FR, "Dans 6 jours", 0},
    {"2026-09-16T09:00", "2026-09-23T10:00", NULL, LANG_FR, "", 0},
    {"2026-09-19T09:00", "2026-09-20T10:00", NULL, LANG_FR, "Demain", 0},
    {"2026-09-18T09:00", "2026-09-20T10:00", NULL, LANG_FR, "Ce week-end", 0},
    {"2026-09-20T09:00", "2026-09-26T10:00", NULL, LANG_FR, "Dans 6 jours", 0}, /* next week */
    {"2026-09-16T09:00", "2026-09-15", "2026-09-17", LANG_FR, "En ce moment", 0},
    {"2026-09-16T09:00", "2026-09-15", "2026-09-17", LANG_EN, "On now", 0},
    /* a market on Thursdays only, under way all year, seen on a Wednesday */
    {"2026-09-16T09:00", "2026-01-01T08:00", "2026-12-31", LANG_FR, "Demain", 0x08},
    {"2026-09-17T09:00", "2026-01-01T08:00", "2026-12-31", LANG_FR, "Aujourd" APOS "hui", 0x08},
    {"2026-09-18T09:00", "2026-01-01T08:00", "2026-12-31", LANG_FR, "Dans 6 jours", 0x08},
    {"2026-09-16T09:00", "2026-09-14", "2026-09-15", LANG_FR, "", 0},
    {"2028-02-28T09:00", "2028-02-29T20:00", NULL, LANG_FR, "Demain", 0}, /* leap day */
    {"2028-02-29T09:00", "2028-03-01T20:00", NULL, LANG_FR, "Demain", 0},
    {"2026-03-28T12:00", "2026-03-29T02:30", NULL, LANG_FR, "Demain", 0}, /* DST day */
};

static void test_when(void **state)
{
    (void)state;
    char err[200];
    tz_t *z = tz_load("Europe/Paris", err, sizeof err);
    for (size_t i = 0; i < sizeof when_rows / sizeof when_rows[0]; i++) {
        struct item it = fx_item(KIND_EVENT, "ev");
        if (when_rows[i].days)
            it.sched.days = when_rows[i].days;
        bool d;
        it.start = fx_civil(when_rows[i].start, &d);
        it.start_date_only = d;
        if (when_rows[i].end) {
            it.end = fx_civil(when_rows[i].end, &d);
            it.end_date_only = d;
        }
        struct rule_ctx c;
        rule_ctx_init(&c, z, fx_paris(when_rows[i].now), NULL, NULL, true);
        char buf[64];
        label_item_when(&c, &it, when_rows[i].l, buf, sizeof buf);
        if (strcmp(buf, when_rows[i].want) != 0)
            fail_msg("row %zu (now %s, start %s): got '%s', want '%s'", i, when_rows[i].now,
                     when_rows[i].start, buf, when_rows[i].want);
    }
    /* Not an event: no relative date. */
    struct item notice = fx_item(KIND_NOTICE, "n");
    struct rule_ctx c;
    rule_ctx_init(&c, z, fx_paris("2026-09-16T09:00"), NULL, NULL, true);
    char buf[64] = "x";
    label_item_when(&c, &notice, LANG_FR, buf, sizeof buf);
    assert_string_equal(buf, "");
    tz_free(z);
}

static const struct {
    const char *now, *opening;
    enum lang l;
    const char *want;
} status_rows[] = {
    {"2026-09-16T10:00", "09:00-12:30,14:00-18:00", LANG_FR,
     "Ouvert · ferme à 12" NNBSP "h" NNBSP "30"},
    {"2026-09-16T15:00", "09:00-12:30,14:00-18:00", LANG_FR, "Ouvert · ferme à 18" NNBSP "h"},
    {"2026-09-16T13:00", "09:00-12:30,14:00-18:00", LANG_FR, "Fermé · ouvre à 14" NNBSP "h"},
    {"2026-09-16T19:00", "09:00-12:30,14:00-18:00", LANG_FR, "Fermé"},
    {"2026-09-16T15:00", "09:00-12:30,14:00-18:00", LANG_EN, "Open · closes at 18:00"},
    {"2026-09-16T19:00", "09:00-12:30,14:00-18:00", LANG_ES, "Cerrado"},
    {"2026-09-16T19:00", "09:00-12:30,14:00-18:00", LANG_EU, "Itxita"},
    {"2026-09-17T01:00", "18:00-02:00", LANG_FR, "Ouvert · ferme à 2" NNBSP "h"},
    {"2026-09-16T23:00", "18:00-02:00", LANG_FR, "Ouvert · ferme à 2" NNBSP "h"},
    {"2026-08-15T10:00", "09:00-12:30,14:00-18:00", LANG_FR, "Fermé"}, /* PH off */
};

static void test_status(void **state)
{
    (void)state;
    char err[200];
    tz_t *z = tz_load("Europe/Paris", err, sizeof err);
    for (size_t i = 0; i < sizeof status_rows / sizeof status_rows[0]; i++) {
        struct item it = fx_item(KIND_PROVIDER, "p");
        struct week_hours h;
        fx_hours(&h, 0x7f, status_rows[i].opening, "off");
        it.opening = &h;
        struct rule_ctx c;
        rule_ctx_init(&c, z, fx_paris(status_rows[i].now), NULL, NULL, true);
        char buf[96];
        label_status(&c, &it, status_rows[i].l, buf, sizeof buf);
        if (strcmp(buf, status_rows[i].want) != 0)
            fail_msg("row %zu (%s, %s): got '%s', want '%s'", i, status_rows[i].now,
                     status_rows[i].opening, buf, status_rows[i].want);
    }
    struct item plain = fx_item(KIND_PROVIDER, "no-hours");
    struct rule_ctx c;
    rule_ctx_init(&c, z, fx_paris("2026-09-16T10:00"), NULL, NULL, true);
    char buf[96] = "x";
    label_status(&c, &plain, LANG_FR, buf, sizeof buf);
    assert_string_equal(buf, "");
    tz_free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_when),
        cmocka_unit_test(test_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
