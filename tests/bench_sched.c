/* bench_sched — how long one scheduling decision (sched_next) takes over
 * 5,000 items (goal: under 1 ms), and whether the heap grows while the
 * rotation runs (goal: no allocation in steady state). Not a test: run it
 * with `make bench-sched`. usage: bench_sched [ITEMS] [DECISIONS] */
#include <malloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/civil.h"
#include "model/item.h"
#include "sched/sched.h"
#include "sched/sched_int.h"
#include "model/tz.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static const char *screens_accueil[] = {"accueil"};

/* Every notice's windows, one across midnight. */
static const struct time_window notice_windows[] = {
    {8 * 60, 12 * 60}, {14 * 60, 18 * 60}, {22 * 60, 2 * 60}};

/* Every provider's hours: Mo-Su 09:00-12:30,14:00-19:00; PH off. */
static const struct week_hours shop_hours = {
    .count = {2, 2, 2, 2, 2, 2, 2},
#define SHOP_DAY                                                                                  \
    {                                                                                             \
        {9 * 60, 12 * 60 + 30},                                                                   \
        {                                                                                         \
            14 * 60, 19 * 60                                                                      \
        }                                                                                         \
    }
    .win = {SHOP_DAY, SHOP_DAY, SHOP_DAY, SHOP_DAY, SHOP_DAY, SHOP_DAY, SHOP_DAY},
#undef SHOP_DAY
    .holiday_set = true,
};
static const char *screens_thermes[] = {"thermes", "annexe"};

/* A realistic mix: every item has some rule to check, many several. */
static void make_item(struct item *it, int i, char *id)
{
    memset(it, 0, sizeof *it);
    snprintf(id, 24, "item-%d", i);
    it->id = id;
    it->title.s[LANG_FR] = "Un titre de longueur moyenne pour la diapositive";
    it->body.s[LANG_FR] = "Un texte de quelques mots, comme ceux que l'accueil écrit chaque jour "
                          "pour présenter un partenaire ou un événement.";
    it->sched.from = it->sched.until = CIVIL_NONE;
    it->sched.days = 0x7f;
    it->sched.weight = 1 + i % 4;
    it->start = it->end = it->sale_until = CIVIL_NONE;
    it->seats = -1;
    switch (i % 5) {
    case 0: /* event with a date, in or out of its promo window */
        it->kind = KIND_EVENT;
        it->start = civil_make(2026, 9 + i % 4, 1 + i % 28, 20, 30, 0);
        it->end = it->start + 2 * 3600;
        break;
    case 1: /* provider with opening hours, hidden while closed */
        it->kind = KIND_PROVIDER;
        it->opening = &shop_hours;
        break;
    case 2: /* ticket with a sale end and seats */
        it->kind = KIND_TICKET;
        it->seats = i % 7;
        it->sale_until = civil_make(2026, 12, 31, 18, 0, 0);
        break;
    case 3: /* notice with windows, one across midnight, and days */
        it->kind = KIND_NOTICE;
        it->sched.nwindows = 3;
        it->sched.windows = notice_windows;
        it->sched.days = 0x3f;
        it->sched.holidays = HOLIDAY_EXCEPT;
        break;
    default: /* poster for some screens, with from/until */
        it->kind = KIND_POSTER;
        it->sched.screens = i % 2 ? screens_accueil : screens_thermes;
        it->sched.nscreens = i % 2 ? 1 : 2;
        it->sched.from = civil_make(2026, 9, 1, 0, 0, 0);
        it->sched.until = civil_make(2026, 12, 31, 0, 0, 0);
        it->sched.until_date_only = true;
        break;
    }
    if (i % 97 == 0)
        it->sched.priority = PRIO_HIGH;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 5000;
    int decisions = argc > 2 ? atoi(argv[2]) : 5000;
    if (n < 1 || decisions < 1) {
        fprintf(stderr, "usage: bench_sched [ITEMS] [DECISIONS]\n");
        return 2;
    }
    struct item *items = calloc((size_t)n, sizeof *items);
    const struct item **p = calloc((size_t)n, sizeof *p);
    char(*ids)[24] = calloc((size_t)n, sizeof *ids);
    for (int i = 0; i < n; i++) {
        make_item(&items[i], i, ids[i]);
        p[i] = &items[i];
    }
    struct feed_settings st;
    sched_default_settings(&st);
    st.hide_closed = true;
    st.nlanguages = 4;
    for (int l = 0; l < 4; l++)
        st.languages[l] = (enum lang)l;

    struct sched_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.screen = "accueil";
    cfg.policy = LANG_ALTERNATE;
    sched_t *s = sched_create(&cfg);
    if (!s)
        return 1;
    sched_set_items(s, p, (size_t)n, &st);

    struct sched_pick pick;
    for (int k = 0; k < 200; k++) /* warm up */
        sched_next(s, (time_t)1789200000 + k * 10, &pick);
    double *ms = calloc((size_t)decisions, sizeof *ms);
    static const struct {
        const char *name;
        int y, mo, d, h;
    } scenes[] = {
        {"ordinary day, 2026-09-12 from 09:00", 2026, 9, 12, 9},
        {"DST week, 2026-10-25 from 00:00 (exact instant path)", 2026, 10, 25, 0},
    };
    char err[128];
    tz_t *paris = tz_load("Europe/Paris", err, sizeof err);
    bool ok = true;
    for (size_t sc = 0; sc < sizeof scenes / sizeof scenes[0]; sc++) {
        time_t t0 = (time_t)tz_instant(
            paris, civil_make(scenes[sc].y, scenes[sc].mo, scenes[sc].d, scenes[sc].h, 0, 0),
            NULL);
        struct mallinfo2 before = mallinfo2();
        double total = 0;
        int items_shown = 0;
        for (int k = 0; k < decisions; k++) {
            time_t t = t0 + (time_t)k * 10; /* a slide every 10 s */
            double a = now_ms();
            sched_next(s, t, &pick);
            ms[k] = now_ms() - a;
            total += ms[k];
            items_shown += pick.type == SLIDE_ITEM;
        }
        struct mallinfo2 after = mallinfo2();
        qsort(ms, (size_t)decisions, sizeof *ms, cmp_double);
        double median = ms[decisions / 2], p99 = ms[decisions * 99 / 100];
        printf("%s:\n  sched_next over %d items, %d decisions (%d item slides):\n"
               "  median %.3f ms, mean %.3f ms, p99 %.3f ms, min %.3f ms, max %.3f ms\n",
               scenes[sc].name, n, decisions, items_shown, median, total / decisions, p99, ms[0],
               ms[decisions - 1]);
        printf("  heap in use: %zu bytes before, %zu after (%s)\n", before.uordblks,
               after.uordblks,
               before.uordblks == after.uordblks ? "no allocation in steady state" : "GREW");
        ok &= median < 1.0 && before.uordblks == after.uordblks;
    }
    double load[3] = {0};
    if (getloadavg(load, 3) > 0)
        printf("load average %.2f on this machine (the max includes preemption)\n", load[0]);
    printf("goal, one decision under 1 ms (median): %s\n", ok ? "met" : "NOT met");
    tz_free(paris);
    free(ms);
    sched_free(s);
    free(items);
    free(p);
    free(ids);
    return ok ? 0 : 1;
}
