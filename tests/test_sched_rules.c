/* Table-driven tests for sched/rules: every validity rule and every reason an
 * item does not play, including both DST days of 2026 and a leap day. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sched/rules.h"
#include "sched_fixture.h"

#define MO 0x01
#define TU 0x02
#define WE 0x04
#define TH 0x08
#define FR 0x10
#define SA 0x20
#define SU 0x40

struct row {
    const char *name;
    enum item_kind kind;
    const char *from, *until; /* date or date-time */
    uint8_t days;             /* 0: every day */
    enum holiday_rule holidays;
    const char *windows;     /* "09:00-12:00,14:00-18:00" */
    const char *screens;     /* one tag */
    const char *start, *end; /* events */
    bool sold_out;           /* ticket with 0 seats */
    const char *sale_until;
    const char *opening; /* every day, these windows; PH off */
    bool hide;           /* settings: sold_out hide, hide_closed */
    const char *at;      /* Paris wall clock (first occurrence) */
    const char *at_utc;  /* or a UTC instant, for the repeated hour */
    const char *screen;  /* this screen */
    const char *want;    /* NULL: eligible; else part of the reason */
};

static const struct row rows[] = {
    {"plain notice", KIND_NOTICE, .at = "2026-09-12T10:00"},
    {"ticker is not a slide", KIND_TICKER, .at = "2026-09-12T10:00", .want = "ticker"},

    /* from / until, dates and date-times */
    {"until date: its whole day", KIND_NOTICE, .until = "2026-09-13", .at = "2026-09-13T23:59"},
    {"until date passed", KIND_NOTICE, .until = "2026-09-13", .at = "2026-09-14T00:00",
     .want = "until 2026-09-13 has passed"},
    {"until time not yet", KIND_NOTICE, .until = "2026-09-13T18:00", .at = "2026-09-13T17:59"},
    {"until time passed", KIND_NOTICE, .until = "2026-09-13T18:00", .at = "2026-09-13T18:00",
     .want = "until 2026-09-13 18:00 has passed"},
    {"from date not yet", KIND_NOTICE, .from = "2026-10-01", .at = "2026-09-30T23:59",
     .want = "starts 2026-10-01"},
    {"from date reached", KIND_NOTICE, .from = "2026-10-01", .at = "2026-10-01T00:00"},
    {"from time not yet", KIND_NOTICE, .from = "2026-10-01T14:00", .at = "2026-10-01T13:59",
     .want = "starts 2026-10-01 14:00"},

    /* days, holidays */
    {"weekday excluded", KIND_NOTICE, .days = MO | TU | WE | TH | FR | SA,
     .at = "2026-09-13T10:00", .want = "not on Sunday"},
    {"weekday included", KIND_NOTICE, .days = SU, .at = "2026-09-13T10:00"},
    {"except holidays on 15 Aug", KIND_NOTICE, .holidays = HOLIDAY_EXCEPT,
     .at = "2026-08-15T10:00", .want = "not on public holidays (today: Assomption)"},
    {"except holidays on 14 Aug", KIND_NOTICE, .holidays = HOLIDAY_EXCEPT,
     .at = "2026-08-14T10:00"},
    {"holidays only, working day", KIND_NOTICE, .holidays = HOLIDAY_ONLY, .at = "2026-08-14T10:00",
     .want = "only on public holidays"},
    {"holidays only, Whit Monday", KIND_NOTICE, .holidays = HOLIDAY_ONLY,
     .at = "2026-05-25T10:00"},

    /* daily windows */
    {"window start", KIND_NOTICE, .windows = "09:00-12:00", .at = "2026-09-12T09:00"},
    {"window end is exclusive", KIND_NOTICE, .windows = "09:00-12:00", .at = "2026-09-12T12:00",
     .want = "outside 09:00-12:00"},
    {"between two windows", KIND_NOTICE, .windows = "09:00-12:00,14:00-18:00",
     .at = "2026-09-12T13:00", .want = "outside 09:00-12:00, 14:00-18:00"},
    {"second window", KIND_NOTICE, .windows = "09:00-12:00,14:00-18:00", .at = "2026-09-12T17:59"},
    {"window to 24:00", KIND_NOTICE, .windows = "20:00-24:00", .at = "2026-09-12T23:59"},
    {"across midnight, evening", KIND_NOTICE, .windows = "22:00-02:00", .at = "2026-09-12T23:00"},
    {"across midnight, night", KIND_NOTICE, .windows = "22:00-02:00", .at = "2026-09-13T01:30"},
    {"across midnight, after", KIND_NOTICE, .windows = "22:00-02:00", .at = "2026-09-13T02:00",
     .want = "outside 22:00-02:00"},
    {"across midnight, before", KIND_NOTICE, .windows = "22:00-02:00", .at = "2026-09-12T21:59",
     .want = "outside"},
    {"Friday night runs into Saturday", KIND_NOTICE, .days = FR, .windows = "22:00-02:00",
     .at = "2026-09-12T01:00"},
    {"but not Saturday night", KIND_NOTICE, .days = FR, .windows = "22:00-02:00",
     .at = "2026-09-12T23:00", .want = "not on Saturday"},
    {"Thursday night is not Friday's", KIND_NOTICE, .days = FR, .windows = "22:00-02:00",
     .at = "2026-09-11T01:00", .want = "outside 22:00-02:00"},

    /* screens */
    {"other screen", KIND_NOTICE, .screens = "thermes", .screen = "accueil",
     .at = "2026-09-12T10:00", .want = "screen thermes only"},
    {"this screen", KIND_NOTICE, .screens = "thermes", .screen = "thermes",
     .at = "2026-09-12T10:00"},
    {"no screen id: preview of all", KIND_NOTICE, .screens = "thermes", .at = "2026-09-12T10:00"},
    {"untagged plays everywhere", KIND_NOTICE, .screen = "thermes", .at = "2026-09-12T10:00"},

    /* events: promo window and end */
    {"promo not open", KIND_EVENT, .start = "2026-10-01", .at = "2026-08-31T23:59",
     .want = "promo starts 2026-09-01 (30 days before the event)"},
    {"promo open", KIND_EVENT, .start = "2026-10-01", .at = "2026-09-01T00:00"},
    {"no end: the start day", KIND_EVENT, .start = "2026-10-01T20:30", .at = "2026-10-01T23:59"},
    {"no end: over next day", KIND_EVENT, .start = "2026-10-01T20:30", .at = "2026-10-02T00:00",
     .want = "the event is over (it ended 2026-10-01)"},
    {"end date: its whole day", KIND_EVENT, .start = "2026-10-03", .end = "2026-10-04",
     .at = "2026-10-04T23:00"},
    {"end date passed", KIND_EVENT, .start = "2026-10-03", .end = "2026-10-04",
     .at = "2026-10-05T00:00", .want = "the event is over (it ended 2026-10-04)"},
    {"end time passed", KIND_EVENT, .start = "2026-09-18T21:00", .end = "2026-09-18T22:30",
     .at = "2026-09-18T22:30", .want = "ended 2026-09-18 22:30"},
    {"explicit from replaces the promo", KIND_EVENT, .start = "2026-12-01", .from = "2026-09-12",
     .at = "2026-09-12T10:00"},

    /* tickets */
    {"sold out with a band", KIND_TICKET, .sold_out = true, .at = "2026-09-12T10:00"},
    {"sold out hidden", KIND_TICKET, .sold_out = true, .hide = true, .at = "2026-09-12T10:00",
     .want = "sold out"},
    {"sale open", KIND_TICKET, .sale_until = "2026-10-17T18:00", .at = "2026-10-17T17:59"},
    {"sale over", KIND_TICKET, .sale_until = "2026-10-17T18:00", .at = "2026-10-17T18:00",
     .want = "sale_until 2026-10-17 18:00 has passed"},
    {"sale date: its whole day", KIND_TICKET, .sale_until = "2026-12-31",
     .at = "2026-12-31T23:00"},

    /* partners' opening hours */
    {"open, hide_closed", KIND_PROVIDER, .opening = "09:00-18:00", .hide = true,
     .at = "2026-09-12T10:00"},
    {"closed, hide_closed", KIND_PROVIDER, .opening = "09:00-18:00", .hide = true,
     .at = "2026-09-12T19:00", .want = "closed now"},
    {"closed, shown anyway", KIND_PROVIDER, .opening = "09:00-18:00", .at = "2026-09-12T19:00"},
    {"PH off, hide_closed", KIND_PROVIDER, .opening = "09:00-18:00", .hide = true,
     .at = "2026-08-15T10:00", .want = "closed now"},
    {"bar past midnight", KIND_PROVIDER, .opening = "18:00-02:00", .hide = true,
     .at = "2026-09-13T01:00"},

    /* DST, spring: 02:00-03:00 does not exist on 2026-03-29 */
    {"spring: window from the gap", KIND_NOTICE, .windows = "02:30-03:30",
     .at = "2026-03-29T03:00"},
    {"spring: window from the gap, end", KIND_NOTICE, .windows = "02:30-03:30",
     .at = "2026-03-29T03:30", .want = "outside"},
    {"spring: window inside the gap", KIND_NOTICE, .windows = "02:10-02:50",
     .at = "2026-03-29T03:00", .want = "outside"},
    {"spring: before the gap", KIND_NOTICE, .windows = "02:10-02:50", .at = "2026-03-29T01:59",
     .want = "outside"},
    {"spring: across midnight into the gap", KIND_NOTICE, .windows = "23:00-02:30",
     .at = "2026-03-29T01:59"},
    {"spring: across midnight, after the gap", KIND_NOTICE, .windows = "23:00-02:30",
     .at = "2026-03-29T03:00", .want = "outside"},
    /* DST, autumn: 02:00-03:00 happens twice on 2026-10-25 */
    {"autumn: first 02:35 plays", KIND_NOTICE, .windows = "02:30-02:45",
     .at_utc = "2026-10-25T00:35"},
    {"autumn: second 02:35 does not", KIND_NOTICE, .windows = "02:30-02:45",
     .at_utc = "2026-10-25T01:35", .want = "outside 02:30-02:45"},
    {"autumn: window over the repeated hour", KIND_NOTICE, .windows = "02:30-03:30",
     .at_utc = "2026-10-25T01:10"},

    /* leap day */
    {"leap day from", KIND_NOTICE, .from = "2028-02-29", .at = "2028-02-28T23:59",
     .want = "starts 2028-02-29"},
    {"leap day until", KIND_NOTICE, .until = "2028-02-29", .at = "2028-02-29T23:59"},
    {"after the leap day", KIND_NOTICE, .until = "2028-02-29", .at = "2028-03-01T00:00",
     .want = "until 2028-02-29 has passed"},
    {"leap day is a Tuesday", KIND_NOTICE, .days = TU, .at = "2028-02-29T12:00"},
    {"leap-day event tomorrow", KIND_EVENT, .start = "2028-02-29", .at = "2028-02-28T12:00"},
};

/* What build() points the item at: the row's tag, windows and hours. */
struct row_store {
    const char *tag;
    struct time_window windows[SCHED_MAX_WINDOWS];
    struct week_hours opening;
};

static struct item build(const struct row *r, struct row_store *store)
{
    struct item it = fx_item(r->kind, r->name);
    bool d;
    if (r->from) {
        it.sched.from = fx_civil(r->from, &d);
        it.sched.from_date_only = d;
    }
    if (r->until) {
        it.sched.until = fx_civil(r->until, &d);
        it.sched.until_date_only = d;
    }
    if (r->days)
        it.sched.days = r->days;
    it.sched.holidays = r->holidays;
    it.sched.nwindows = fx_windows(r->windows, store->windows, SCHED_MAX_WINDOWS);
    it.sched.windows = store->windows;
    if (r->screens) {
        store->tag = r->screens;
        it.sched.screens = &store->tag;
        it.sched.nscreens = 1;
    }
    if (r->start) {
        it.start = fx_civil(r->start, &d);
        it.start_date_only = d;
    }
    if (r->end) {
        it.end = fx_civil(r->end, &d);
        it.end_date_only = d;
    }
    if (r->sold_out)
        it.seats = 0;
    if (r->sale_until) {
        it.sale_until = fx_civil(r->sale_until, &d);
        it.sale_until_date_only = d;
    }
    if (r->opening) {
        fx_hours(&store->opening, 0x7f, r->opening, "off");
        it.opening = &store->opening;
    }
    return it;
}

static void test_rows(void **state)
{
    (void)state;
    char err[200];
    tz_t *z = tz_load("Europe/Paris", err, sizeof err);
    assert_non_null(z);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct row *r = &rows[i];
        struct row_store store;
        struct item it = build(r, &store);
        struct feed_settings st;
        sched_default_settings(&st);
        if (r->hide) {
            st.sold_out = SOLDOUT_HIDE;
            st.hide_closed = true;
        }
        time_t now = r->at ? fx_paris(r->at) : (time_t)fx_civil(r->at_utc, NULL);
        struct rule_ctx c;
        rule_ctx_init(&c, z, now, r->screen, &st, true);
        enum rule_verdict v = rule_check(&c, &it);
        char why[200];
        rule_explain(&c, &it, v, why, sizeof why);
        if (!r->want && v != RULE_OK)
            fail_msg("row %zu '%s': not eligible: %s", i, r->name, why);
        if (r->want && (v == RULE_OK || !strstr(why, r->want)))
            fail_msg("row %zu '%s': got '%s', want '%s'", i, r->name,
                     v == RULE_OK ? "eligible" : why, r->want);
    }
    tz_free(z);
}

/* With an unreliable clock, date rules are suspended; the others still apply. */
static void test_clock_suspends_dates(void **state)
{
    (void)state;
    char err[200];
    tz_t *z = tz_load("Europe/Paris", err, sizeof err);
    struct feed_settings st;
    sched_default_settings(&st);
    struct item expired = fx_item(KIND_NOTICE, "expired");
    expired.sched.until = fx_civil("2020-01-01", NULL);
    expired.sched.until_date_only = true;
    struct item windowed = fx_item(KIND_NOTICE, "windowed");
    struct time_window win[SCHED_MAX_WINDOWS];
    windowed.sched.nwindows = fx_windows("09:00-10:00", win, SCHED_MAX_WINDOWS);
    windowed.sched.windows = win;
    struct rule_ctx c;
    rule_ctx_init(&c, z, fx_paris("2026-09-12T12:00"), NULL, &st, false);
    assert_int_equal(rule_check(&c, &expired), RULE_OK);
    assert_int_equal(rule_check(&c, &windowed), RULE_WINDOW);
    rule_ctx_init(&c, z, fx_paris("2026-09-12T12:00"), NULL, &st, true);
    assert_int_equal(rule_check(&c, &expired), RULE_EXPIRED);
    tz_free(z);
}

/* Opening hours: the closing time, the next opening, and the next day. */
static void test_hours(void **state)
{
    (void)state;
    char err[200];
    tz_t *z = tz_load("Europe/Paris", err, sizeof err);
    struct week_hours h;
    fx_hours(&h, 0x3f, "09:00-12:30,14:00-18:00", "off"); /* Mo-Sa, Su off, PH off */
    static const struct {
        const char *at;
        bool open;
        int close_or_open; /* minutes */
        const char *next;  /* next opening (Paris wall clock) */
    } hrows[] = {
        {"2026-09-12T10:00", true, 12 * 60 + 30, "2026-09-12T14:00"},
        {"2026-09-12T13:00", false, 14 * 60, "2026-09-12T14:00"},
        {"2026-09-12T18:00", false, -1, "2026-09-14T09:00"}, /* Sunday off */
        {"2026-08-14T19:00", false, -1, "2026-08-17T09:00"}, /* 15 Aug is a holiday */
    };
    for (size_t i = 0; i < sizeof hrows / sizeof hrows[0]; i++) {
        struct rule_ctx c;
        time_t now = fx_paris(hrows[i].at);
        rule_ctx_init(&c, z, now, NULL, NULL, true);
        int close_min = -1, open_min = -1;
        bool open = hours_open_now(&c, &h, &close_min, &open_min);
        int got = open ? close_min : open_min;
        if (open != hrows[i].open || got != hrows[i].close_or_open)
            fail_msg("row %zu: got %d/%d, want %d/%d", i, open, got, hrows[i].open,
                     hrows[i].close_or_open);
        if (hours_next_open(z, &h, now) != fx_paris(hrows[i].next))
            fail_msg("row %zu: wrong next opening", i);
    }
    tz_free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_clock_suspends_dates),
        cmocka_unit_test(test_hours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
