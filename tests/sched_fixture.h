/* sched_fixture — plain struct item values for the scheduler's tests, built
 * field by field without a feed, and Europe/Paris wall-clock helpers. */
#ifndef VITRINE_TESTS_SCHED_FIXTURE_H
#define VITRINE_TESTS_SCHED_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/civil.h"
#include "model/item.h"
#include "sched/sched_int.h"
#include "model/tz.h"

/* A civil time from "YYYY-MM-DD[THH:MM]"; aborts the test on a typo. */
static inline civil_t fx_civil(const char *s, bool *date_only)
{
    civil_t t;
    char err[200];
    if (civil_parse(s, &t, date_only, err, sizeof err) != 0)
        fail_msg("bad test date '%s': %s", s, err);
    return t;
}

/* The UTC instant of a Paris wall-clock time (first one when repeated). */
static inline time_t fx_paris(const char *wall)
{
    static tz_t *paris;
    char err[200];
    if (!paris && !(paris = tz_load("Europe/Paris", err, sizeof err)))
        fail_msg("%s", err);
    return (time_t)tz_instant(paris, fx_civil(wall, NULL), NULL);
}

/* "09:00-12:00,22:00-02:00" into windows. */
static inline int fx_windows(const char *s, struct time_window *w, int max)
{
    int n = 0;
    while (s && *s && n < max) {
        int h1, m1, h2, m2, used = 0;
        if (sscanf(s, "%d:%d-%d:%d%n", &h1, &m1, &h2, &m2, &used) != 4)
            fail_msg("bad test windows '%s'", s);
        w[n].start = (int16_t)(h1 * 60 + m1);
        w[n].end = (int16_t)(h2 * 60 + m2);
        n++;
        s += used;
        if (*s == ',')
            s++;
    }
    return n;
}

/* Opening hours: windows on the days of mask (bit 0 = Monday); ph: the
 * windows on public holidays ("off" for closed, NULL for the weekday's). */
static inline void fx_hours(struct week_hours *h, unsigned mask, const char *windows,
                            const char *ph)
{
    memset(h, 0, sizeof *h);
    for (int d = 0; d < 7; d++)
        if (mask & (1u << d))
            h->count[d] = (uint8_t)fx_windows(windows, h->win[d], HOURS_MAX_WINDOWS);
    if (ph) {
        h->holiday_set = true;
        if (strcmp(ph, "off") != 0)
            h->count[7] = (uint8_t)fx_windows(ph, h->win[7], HOURS_MAX_WINDOWS);
    }
}

/* An item with every field at its default, titled after its id. */
static inline struct item fx_item(enum item_kind kind, const char *id)
{
    struct item it;
    memset(&it, 0, sizeof it);
    it.id = id;
    it.kind = kind;
    it.title.s[LANG_FR] = id;
    it.sched.from = it.sched.until = CIVIL_NONE;
    it.sched.days = 0x7f;
    it.sched.weight = 1;
    it.start = it.end = it.sale_until = CIVIL_NONE;
    it.seats = -1;
    it.free = -1;
    return it;
}

static inline struct sched_config fx_config(void)
{
    struct sched_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.policy = LANG_CYCLE;
    return cfg;
}

#endif
