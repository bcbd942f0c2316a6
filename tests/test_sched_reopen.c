/* Table-driven tests for sched/reopen: when does the office open again,
 * across evenings, lunch breaks, weekends, public holidays and both changes
 * of clock, in the four languages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model/locale.h"
#include "sched/reopen.h"
#include "sched_fixture.h"

#define APOS  "\xe2\x80\x99"
#define HOURS "Mo-Fr 09:30-12:30,14:00-18:00; Sa 09:30-12:30; PH off"

static const struct {
    const char *now; /* Paris wall clock */
    const char *hours;
    enum lang l;
    bool closed;
    const char *want;
} rows[] = {
    /* 2026-12-07 is a Monday. */
    {"2026-12-07T10:00", HOURS, LANG_FR, false, "Réouverture aujourd" APOS "hui à 14" NNBSP "h"},
    {"2026-12-07T13:00", HOURS, LANG_FR, true, "Réouverture aujourd" APOS "hui à 14" NNBSP "h"},
    {"2026-12-07T19:00", HOURS, LANG_FR, true, "Réouverture demain à 9" NNBSP "h" NNBSP "30"},
    {"2026-12-08T07:00", HOURS, LANG_FR, true,
     "Réouverture aujourd" APOS "hui à 9" NNBSP "h" NNBSP "30"},
    {"2026-12-12T13:00", HOURS, LANG_FR, true,
     "Réouverture lundi 14" NBSP "décembre à 9" NNBSP "h" NNBSP "30"},
    {"2026-12-12T13:00", HOURS, LANG_EN, true, "Reopens on Monday 14 December at 9:30"},
    {"2026-12-12T13:00", HOURS, LANG_ES, true, "Reabrimos el lunes 14 de diciembre a las 9:30"},
    {"2026-12-07T19:00", HOURS, LANG_ES, true, "Reabrimos mañana a las 9:30"},
    {"2026-12-07T19:00", HOURS, LANG_EN, true, "Reopens tomorrow at 9:30"},
    {"2026-12-07T19:00", HOURS, LANG_EU, true, "Berriro irekiko dugu: bihar, 9:30"},
    /* Christmas Day and New Year's Day are public holidays (PH off). */
    {"2026-12-24T19:00", HOURS, LANG_FR, true,
     "Réouverture samedi 26" NBSP "décembre à 9" NNBSP "h" NNBSP "30"},
    {"2026-12-25T11:00", HOURS, LANG_FR, true, "Réouverture demain à 9" NNBSP "h" NNBSP "30"},
    {"2026-12-31T19:00", HOURS, LANG_FR, true,
     "Réouverture samedi 2" NBSP "janvier à 9" NNBSP "h" NNBSP "30"},
    /* The clocks go forward on Sunday 28 March 2027 (Easter Sunday: the
     * Monday is a public holiday) and back on Sunday 25 October 2026: the
     * office still opens at 9:30 on its next working day. */
    {"2027-03-27T19:00", HOURS, LANG_FR, true,
     "Réouverture mardi 30" NBSP "mars à 9" NNBSP "h" NNBSP "30"},
    {"2027-03-28T03:30", HOURS, LANG_EN, true, "Reopens on Tuesday 30 March at 9:30"},
    {"2026-10-24T19:00", HOURS, LANG_FR, true,
     "Réouverture lundi 26" NBSP "octobre à 9" NNBSP "h" NNBSP "30"},
    {"2026-10-25T02:30", HOURS, LANG_EN, true, "Reopens tomorrow at 9:30"},
    /* Closed at the weekend, mornings only in the week. */
    {"2026-12-05T13:00", "Mo-Fr 10:00-12:00", LANG_FR, true,
     "Réouverture lundi 7" NBSP "décembre à 10" NNBSP "h"},
    /* Hours with no window at all: never reopens within the week. */
    {"2026-12-07T10:00", "Mo-Su off", LANG_FR, true, ""},
};

static void test_reopen(void **state)
{
    (void)state;
    char err[200];
    tz_t *z = tz_load("Europe/Paris", err, sizeof err);
    assert_non_null(z);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct week_hours h;
        if (hours_parse(rows[i].hours, &h, err, sizeof err) != 0)
            fail_msg("row %zu: hours '%s': %s", i, rows[i].hours, err);
        struct rule_ctx c;
        rule_ctx_init(&c, z, fx_paris(rows[i].now), NULL, NULL, true);
        char buf[160];
        label_reopen(z, &c, &h, rows[i].l, buf, sizeof buf);
        if (strcmp(buf, rows[i].want) != 0)
            fail_msg("row %zu (%s, %s): got '%s', want '%s'", i, rows[i].now, rows[i].hours, buf,
                     rows[i].want);
        if (office_closed(&c, &h, true) != rows[i].closed)
            fail_msg("row %zu (%s): closed should be %d", i, rows[i].now, rows[i].closed);
    }
    struct week_hours none = {0};
    struct rule_ctx c;
    rule_ctx_init(&c, z, fx_paris("2026-12-07T23:00"), NULL, NULL, true);
    assert_false(office_closed(&c, &none, false)); /* no hours: never after hours */
    tz_free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_reopen)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
