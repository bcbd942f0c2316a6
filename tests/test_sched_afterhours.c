/* Table-driven tests of the shop window after hours and of the weather
 * slide in the rotation: which items the after-hours rotation keeps, that
 * the "closed" slide comes once a cycle with its reopening sentence, and
 * that the weather slide plays only while the weather is fresh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model/locale.h"
#include "sched/sched_int.h"
#include "sched_fixture.h"

#define OFFICE "Mo-Fr 09:30-12:30,14:00-18:00; Sa 09:30-12:30; PH off"

/* 2026-12-07 is a Monday. The items: */
enum { NOTICE, WINDOW, TONIGHT, TOMORROW, NEXT_WEEK, OPEN_BAR, CLOSED_SHOP, URGENT, NITEMS };

struct world {
    struct item it[NITEMS];
    const struct item *p[NITEMS];
    struct week_hours bar, shop;
    struct time_window urgent_win;
    struct feed_settings st;
    sched_t *s;
};

static void world_init(struct world *w, bool after_hours, bool weather_slide)
{
    memset(w, 0, sizeof *w);
    static const char *const ids[NITEMS] = {"avis",  "vitrine",  "concert",  "marche",
                                            "salon", "bar-nuit", "boutique", "alerte"};
    static const enum item_kind kinds[NITEMS] = {KIND_NOTICE,   KIND_NOTICE, KIND_EVENT,
                                                 KIND_EVENT,    KIND_EVENT,  KIND_PROVIDER,
                                                 KIND_PROVIDER, KIND_NOTICE};
    for (int i = 0; i < NITEMS; i++) {
        w->it[i] = fx_item(kinds[i], ids[i]);
        w->p[i] = &w->it[i];
    }
    w->it[WINDOW].sched.after_hours = true;
    w->it[TONIGHT].start = fx_civil("2026-12-07T20:30", NULL);
    w->it[TOMORROW].start = fx_civil("2026-12-08T08:00", NULL);
    w->it[NEXT_WEEK].start = fx_civil("2026-12-14T10:00", NULL);
    fx_hours(&w->bar, 0x7f, "18:00-02:00", NULL);
    fx_hours(&w->shop, 0x1f, "10:00-19:00", NULL);
    w->it[OPEN_BAR].opening = &w->bar;
    w->it[CLOSED_SHOP].opening = &w->shop;
    w->it[URGENT].sched.priority = PRIO_TAKEOVER;
    w->it[URGENT].sched.from = fx_civil("2026-12-08T07:00", NULL);
    sched_default_settings(&w->st);
    char err[200];
    assert_int_equal(hours_parse(OFFICE, &w->st.hours, err, sizeof err), 0);
    w->st.has_hours = true;
    w->st.agenda_days = 7;
    struct sched_config cfg = fx_config();
    cfg.after_hours = after_hours;
    cfg.weather_slide = weather_slide;
    w->s = sched_create(&cfg);
    sched_trust_clock(w->s, true);
    sched_set_items(w->s, w->p, NITEMS, &w->st);
}

/* What one cycle of 12 decisions at wall-clock time `at` shows, as a
 * string of letters: one per item (a b c ...), C for the closed slide, A
 * for the agenda, W for the weather, F for the fallback. */
static void cycle(struct world *w, const char *at, int64_t weather_for_s, char *out, char *label,
                  size_t lsize)
{
    time_t now = fx_paris(at);
    sched_set_weather_until(w->s, weather_for_s ? now + weather_for_s : 0);
    for (int k = 0; k < 12; k++) {
        struct sched_pick p;
        sched_next(w->s, now, &p);
        char c = '?';
        switch (p.type) {
        case SLIDE_ITEM:
            c = (char)('a' + (p.item - w->it));
            break;
        case SLIDE_CLOSED:
            c = 'C';
            snprintf(label, lsize, "%s | %s", p.status_label, p.when_label);
            break;
        case SLIDE_AGENDA:
            c = 'A';
            break;
        case SLIDE_WEATHER:
            c = 'W';
            break;
        case SLIDE_FALLBACK:
            c = 'F';
            break;
        case SLIDE_BLANK:
            c = 'B';
            break;
        }
        out[k] = c;
    }
    out[12] = '\0';
}

/* Which letters a cycle holds, in alphabetical order. */
static void letters(const char *seq, char *out)
{
    int n = 0;
    for (char c = 'A'; c <= 'z'; c++)
        if (strchr(seq, c))
            out[n++] = c;
    out[n] = '\0';
}

static const struct {
    const char *at;
    bool after_hours, weather_slide;
    int64_t weather_for_s; /* fresh weather for this long; 0: none */
    const char *want;      /* the letters of a cycle */
    const char *label;     /* the closed slide's words, or NULL */
} rows[] = {
    /* Office open: every eligible item and the agenda, whatever the mode
     * (partners play while closed too: the feed does not hide them). */
    {"2026-12-07T10:00", true, false, 0, "Aabcdefg", NULL},
    {"2026-12-07T10:00", false, false, 0, "Aabcdefg", NULL},
    /* Closed, shop window: the after-hours items, tonight's and tomorrow's
     * events, the bar open now, the closed slide; no agenda, no shop, no
     * event of next week. */
    {"2026-12-07T19:00", true, false, 0, "Cbcdf",
     "Fermé | Réouverture demain à 9" NNBSP "h" NNBSP "30"},
    /* Closed, ordinary screen: the usual rotation. */
    {"2026-12-07T19:00", false, false, 0, "Aabcdefg", NULL},
    /* After midnight the bar is still open, tomorrow's market is today's. */
    {"2026-12-08T01:00", true, false, 0, "Cbdf", NULL},
    /* An urgent notice takes over after hours as in the day. */
    {"2026-12-08T07:30", true, false, 0, "h", NULL},
    /* The weather slide closes the cycle while the weather is fresh. */
    {"2026-12-07T10:00", true, true, 3600, "AWabcdefg", NULL},
    {"2026-12-07T10:00", true, true, 0, "Aabcdefg", NULL},
    {"2026-12-07T19:00", true, true, 600, "CWbcdf", NULL},
    /* A screen that does not ask for the weather slide never gets it. */
    {"2026-12-07T10:00", true, false, 3600, "Aabcdefg", NULL},
};

static void test_rotation(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct world w;
        world_init(&w, rows[i].after_hours, rows[i].weather_slide);
        char seq[16], got[64], label[200] = "";
        cycle(&w, rows[i].at, rows[i].weather_for_s, seq, label, sizeof label);
        letters(seq, got);
        if (strcmp(got, rows[i].want) != 0)
            fail_msg("row %zu (%s): cycle '%s' holds '%s', want '%s'", i, rows[i].at, seq, got,
                     rows[i].want);
        if (rows[i].label && strcmp(label, rows[i].label) != 0)
            fail_msg("row %zu: closed slide says '%s', want '%s'", i, label, rows[i].label);
        /* after hours: the closed slide plays, or a takeover hides it */
        bool closed = strchr(rows[i].want, 'C') || !strcmp(rows[i].want, "h");
        if (sched_after_hours(w.s, fx_paris(rows[i].at)) != closed)
            fail_msg("row %zu: sched_after_hours should be %d", i, closed);
        sched_free(w.s);
    }
}

/* The one list of slide type names. */
static void test_names(void **state)
{
    (void)state;
    assert_string_equal(slide_type_name(SLIDE_CLOSED), "closed");
    assert_string_equal(slide_type_name(SLIDE_WEATHER), "weather");
    assert_string_equal(slide_type_name(SLIDE_AGENDA), "agenda");
    assert_string_equal(slide_type_name((enum slide_type)99), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rotation),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
