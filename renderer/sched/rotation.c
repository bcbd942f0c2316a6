/* rotation — the scheduler proper: which slide comes next.
 *
 * A cycle plays the eligible `high` items (each `weight` times), then the
 * normal ones (each `weight` times), then the agenda slide when events are
 * coming. Inside each group the order is smooth weighted round-robin (the
 * nginx algorithm): every candidate gains its weight in credit, the richest
 * plays and pays the group's total, so a weight-3 item plays 3 times per
 * cycle, spread out. The item that just played is skipped while anything
 * else is eligible; when that makes a weight impossible (one item with more
 * than half the total weight), the item plays every other slide instead.
 * A takeover item preempts everything while it is valid; the cycle resumes
 * where it was when it ends. A weather slide closes the cycle while the
 * player holds fresh weather and the screen asks for it.
 *
 * A shop-window screen (cfg.after_hours) keeps playing while the office is
 * closed, with a rotation of its own: only the items fit for passers-by at
 * that hour (after_hours ones, this evening's and tomorrow's events, the
 * partners open now, takeovers) and, in the agenda's place, the slide that
 * says when the office reopens.
 *
 * Each call is O(n) over the items with no allocation: eligibility is
 * checked into a per-item state array sized when the items are set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/config.h"
#include "model/locale.h"
#include "model/util.h"
#include "sched/labels.h"
#include "sched/reopen.h"
#include "sched/rules.h"
#include "sched/sched_int.h"
#include "model/tz.h"

/* A screen whose configuration says nothing reads like the defaults of
 * vitrine.conf (model/config.h). */
#define DEFAULT_WPS         CONFIG_READING_SPEED
#define DEFAULT_MIN_MS      (CONFIG_MIN_DURATION_S * 1000)
#define DEFAULT_MAX_MS      (CONFIG_MAX_DURATION_S * 1000)
#define AGENDA_MS_PER_EVENT 3000
#define BLANK_MAX_MS        (10 * 60 * 1000) /* re-check at least this often while blank */

enum { LAST_NONE = -1, LAST_AGENDA = -2, LAST_FALLBACK = -3, LAST_CLOSED = -4, LAST_WEATHER = -5 };
enum phase { PH_HIGH, PH_NORMAL, PH_AGENDA, PH_WEATHER, PH_END };

struct slot {
    int64_t credit; /* smooth weighted round-robin credit */
    int32_t used;   /* plays in the current cycle */
    uint8_t elig;   /* eligible at the last decision */
    uint8_t prio;   /* the item's priority and weight, copied here so that */
    uint8_t weight; /* the round-robin passes stay in this compact array */
};

struct sched {
    struct sched_config cfg;
    char *screen; /* cfg.screen, copied */
    tz_t *tz;

    const struct item *const *items; /* borrowed */
    size_t n;
    const struct item **own; /* pointer array owned when the items come from a feed */
    struct feed_settings st;

    struct slot *slot; /* one per item */

    enum phase phase;
    long last;      /* index of the last item shown, or LAST_* */
    uint64_t cycle; /* cycles started */
    int cycle_len;  /* slides shown in the current cycle */
    uint64_t alt;   /* language alternation counter */
    enum lang langs[LANG_COUNT];
    int nl;

    int64_t weather_until; /* sched_set_weather_until */

    bool synced;
    bool trusted; /* sched_trust_clock: skip the clock sanity checks */
    bool clock_warned;
};

void sched_default_settings(struct feed_settings *st)
{
    feed_default_settings(st);
}

void sched_config_from(struct sched_config *out, const struct config *cfg)
{
    *out = (struct sched_config){
        .screen = cfg->screen && *cfg->screen ? cfg->screen : NULL,
        .nlangs = cfg->nlangs,
        .policy = cfg->lang_policy,
        .min_ms = cfg->min_duration_ms,
        .max_ms = cfg->max_duration_ms,
        .words_per_sec = cfg->words_per_sec,
        .screen_hours = cfg->hours,
        .has_screen_hours = cfg->has_hours,
        .after_hours = cfg->after_hours,
        .weather_slide = cfg->weather_slide,
    };
    memcpy(out->langs, cfg->langs, sizeof out->langs);
}

sched_t *sched_create(const struct sched_config *cfg)
{
    char err[256];
    tz_t *z = tz_load(FEED_DEFAULT_TIMEZONE, err, sizeof err);
    if (!z) {
        log_msg(LV_ERR, "%s", err);
        return NULL;
    }
    sched_t *s = xcalloc(1, sizeof *s);
    s->cfg = *cfg;
    if (cfg->screen) {
        /* Copied whole: a truncated id would silently match no item. */
        s->screen = xstrdup(cfg->screen);
        s->cfg.screen = s->screen;
    }
    if (s->cfg.nlangs < 0 || s->cfg.nlangs > LANG_COUNT)
        s->cfg.nlangs = 0;
    s->tz = z;
    sched_default_settings(&s->st);
    s->last = LAST_NONE;
    s->phase = PH_END;
    s->synced = true;
    sched_set_items(s, NULL, 0, NULL);
    return s;
}

void sched_free(sched_t *s)
{
    if (!s)
        return;
    tz_free(s->tz);
    free(s->screen);
    free(s->own);
    free(s->slot);
    free(s);
}

static int weight_of(const struct item *it)
{
    int w = it->sched.weight;
    return w < 1 ? 1 : w > 100 ? 100 : w;
}

/* FNV-1a, for carrying the rotation's place across a reload. */
static size_t hash_id(const char *id)
{
    size_t h = 2166136261u;
    for (; *id; id++)
        h = (h ^ (unsigned char)*id) * 16777619u;
    return h;
}

static void remap(sched_t *s, const struct item *const *items, size_t n, struct slot *fresh)
{
    size_t cap = 16;
    while (cap < s->n * 2)
        cap *= 2;
    long *table = xmalloc(cap * sizeof *table);
    for (size_t i = 0; i < cap; i++)
        table[i] = -1;
    for (size_t i = 0; i < s->n; i++) {
        if (!s->items[i]->id)
            continue;
        size_t h = hash_id(s->items[i]->id) & (cap - 1);
        while (table[h] >= 0)
            h = (h + 1) & (cap - 1);
        table[h] = (long)i;
    }
    long last = s->last >= 0 ? LAST_NONE : s->last;
    for (size_t j = 0; j < n; j++) {
        if (!items[j]->id)
            continue;
        size_t h = hash_id(items[j]->id) & (cap - 1);
        for (; table[h] >= 0; h = (h + 1) & (cap - 1)) {
            long i = table[h];
            if (strcmp(s->items[i]->id, items[j]->id) == 0) {
                fresh[j] = s->slot[i];
                if (i == s->last)
                    last = (long)j;
                break;
            }
        }
    }
    s->last = last;
    free(table);
}

static void set_langs(sched_t *s)
{
    const enum lang *src = s->cfg.nlangs > 0 ? s->cfg.langs : s->st.languages;
    int n = s->cfg.nlangs > 0 ? s->cfg.nlangs : s->st.nlanguages;
    s->nl = 0;
    for (int i = 0; i < n && i < LANG_COUNT; i++)
        if ((unsigned)src[i] < LANG_COUNT)
            s->langs[s->nl++] = src[i];
    if (s->nl == 0)
        s->langs[s->nl++] = LANG_FR;
}

void sched_set_items(sched_t *s, const struct item *const *items, size_t n,
                     const struct feed_settings *st)
{
    if (st)
        s->st = *st;
    else
        sched_default_settings(&s->st);
    const char *zone = s->st.timezone ? s->st.timezone : FEED_DEFAULT_TIMEZONE;
    if (strcmp(zone, tz_name(s->tz)) != 0) {
        char err[256];
        tz_t *z = tz_load(zone, err, sizeof err);
        if (z) {
            tz_free(s->tz);
            s->tz = z;
        } else {
            log_msg(LV_WARN, "%s; keeping %s", err, tz_name(s->tz));
        }
    }
    set_langs(s);

    struct slot *fresh = xcalloc(n ? n : 1, sizeof *fresh);
    if (s->n && n)
        remap(s, items, n, fresh);
    else
        s->last = s->last >= 0 ? LAST_NONE : s->last;
    for (size_t i = 0; i < n; i++) {
        fresh[i].prio = (uint8_t)items[i]->sched.priority;
        fresh[i].weight = (uint8_t)weight_of(items[i]);
    }
    free(s->slot);
    s->slot = fresh;
    s->items = items;
    s->n = n;
    free(s->own);
    s->own = NULL;
}

void sched_set_feed(sched_t *s, const feed_t *feed)
{
    size_t n = feed ? feed_count(feed) : 0;
    const struct item **v = xmalloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = feed_item(feed, i);
    sched_set_items_owned(s, v, n, feed ? feed_settings(feed) : NULL);
}

void sched_set_items_owned(sched_t *s, const struct item **items, size_t n,
                           const struct feed_settings *st)
{
    sched_set_items(s, items, n, st);
    s->own = items;
}

void sched_set_clock_synced(sched_t *s, bool synced)
{
    s->synced = synced;
}

void sched_trust_clock(sched_t *s, bool trust)
{
    s->trusted = trust;
}

static bool dates_ok(const sched_t *s, civil_t wall)
{
    return s->trusted || (s->synced && (s->st.generated == CIVIL_NONE || wall >= s->st.generated));
}

bool sched_dates_trusted(const sched_t *s, time_t now)
{
    return dates_ok(s, tz_civil(s->tz, now));
}

static void ctx_init(const sched_t *s, struct rule_ctx *c, time_t now)
{
    civil_t wall = tz_civil(s->tz, now);
    rule_ctx_init(c, s->tz, now, s->cfg.screen, &s->st, dates_ok(s, wall));
}

civil_t sched_civil(const sched_t *s, time_t now)
{
    return tz_civil(s->tz, now);
}

time_t sched_instant(const sched_t *s, civil_t wall)
{
    return (time_t)tz_instant(s->tz, wall, NULL);
}

const char *sched_zone(const sched_t *s, time_t now, const char **abbr)
{
    if (abbr)
        tz_offset(s->tz, now, abbr);
    return tz_name(s->tz);
}

const char *sched_why_not(const sched_t *s, const struct item *it, time_t now, char *buf,
                          size_t size)
{
    struct rule_ctx c;
    ctx_init(s, &c, now);
    enum rule_verdict v = rule_check_any(&c, it);
    if (v == RULE_OK)
        return NULL;
    rule_explain(&c, it, v, buf, size);
    return buf;
}

bool sched_why(const sched_t *s, const struct item *it, time_t now, struct sched_why *out)
{
    struct rule_ctx c;
    ctx_init(s, &c, now);
    enum rule_verdict v = rule_check_any(&c, it);
    *out = (struct sched_why){.when = CIVIL_NONE, .wday = c.wday, .holiday = c.holiday};
    out->code = rule_code(&c, it, v, &out->when, &out->date_only);
    return out->code != NULL;
}

static bool screen_on_ctx(const sched_t *s, const struct rule_ctx *c, int *close_min)
{
    if (!s->cfg.has_screen_hours)
        return true;
    return hours_open_now(c, &s->cfg.screen_hours, close_min, NULL);
}

bool sched_screen_on(const sched_t *s, time_t now, time_t *next_change)
{
    struct rule_ctx c;
    int close_min = -1;
    ctx_init(s, &c, now);
    bool on = screen_on_ctx(s, &c, &close_min);
    if (next_change) {
        if (!s->cfg.has_screen_hours)
            *next_change = -1;
        else if (on)
            *next_change = (time_t)tz_instant(s->tz, c.today * DAY_SECS + close_min * 60, NULL);
        else
            *next_change = (time_t)hours_next_open(s->tz, &s->cfg.screen_hours, now);
    }
    return on;
}

/* ---- durations ---- */

static size_t count_words(const char *t)
{
    size_t n = 0;
    bool in = false;
    for (; t && *t; t++) {
        bool space = *t == ' ' || *t == '\n' || *t == '\t' || *t == '\r';
        if (!space && !in)
            n++;
        in = !space;
    }
    return n;
}

static size_t item_words(const struct item *it, enum lang l)
{
    return count_words(tr_get(&it->title, l)) + count_words(tr_get(&it->subtitle, l)) +
           count_words(tr_get(&it->body, l));
}

static int base_ms(const sched_t *s)
{
    return s->st.duration_ms > 0 ? s->st.duration_ms : FEED_DEFAULT_DURATION_MS;
}

/* The item's own duration, else the feed's default, lengthened to the time
 * it takes to read the slide (clamped to the theme's minimum and maximum). */
static int item_duration(const sched_t *s, const struct item *it, enum lang l, enum lang l2)
{
    if (it->sched.duration_ms > 0)
        return it->sched.duration_ms;
    int base = base_ms(s);
    double wps = s->cfg.words_per_sec > 0 ? s->cfg.words_per_sec : DEFAULT_WPS;
    int lo = s->cfg.min_ms > 0 ? s->cfg.min_ms : DEFAULT_MIN_MS;
    int hi = s->cfg.max_ms > 0 ? s->cfg.max_ms : DEFAULT_MAX_MS;
    size_t words = item_words(it, l);
    if ((unsigned)l2 < LANG_COUNT) {
        size_t w2 = item_words(it, l2);
        words = w2 > words ? w2 : words;
    }
    double read = (double)words / wps * 1000.0;
    int r = read > hi ? hi : read < lo ? lo : (int)read;
    return r > base ? r : base;
}

/* ---- languages ---- */

static int gcd(int a, int b)
{
    while (b) {
        int t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* The number of languages the alternation counter runs over. */
static int alt_modulus(const sched_t *s)
{
    if (s->cfg.policy == LANG_DUAL)
        return s->nl > 1 ? s->nl - 1 : 1;
    return s->cfg.policy == LANG_ALTERNATE ? s->nl : 1;
}

static void pick_langs(sched_t *s, struct sched_pick *out)
{
    out->lang2 = LANG_COUNT;
    switch (s->cfg.policy) {
    case LANG_CYCLE:
        out->lang = s->langs[(s->cycle ? s->cycle - 1 : 0) % (uint64_t)s->nl];
        break;
    case LANG_ALTERNATE:
        out->lang = s->langs[s->alt % (uint64_t)s->nl];
        break;
    case LANG_DUAL:
        out->lang = s->langs[0];
        if (s->nl > 1)
            out->lang2 = s->langs[1 + s->alt % (uint64_t)(s->nl - 1)];
        break;
    }
    s->alt++;
}

/* Whether an item has its own text in l: its title and its description,
 * where it has them, are written in l (French always is: it is required). */
static bool item_speaks(const struct item *it, enum lang l)
{
    if (l == LANG_FR)
        return true;
    const tr_text *f[] = {&it->title, &it->body};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (!tr_empty(f[i]) && (!f[i]->s[l] || !*f[i]->s[l]))
            return false;
    return true;
}

/* One language a slide: an item is not shown in a language it has no text
 * in (its slide would be a French title and nothing else) but in the first
 * of the screen's languages it speaks, and keeps the pick when it speaks
 * none of them; a second language it lacks is left out. */
static void fit_langs(const sched_t *s, const struct item *it, struct sched_pick *out)
{
    if ((unsigned)out->lang2 < LANG_COUNT && !item_speaks(it, out->lang2))
        out->lang2 = LANG_COUNT;
    if (item_speaks(it, out->lang))
        return;
    for (int i = 0; i < s->nl; i++)
        if (item_speaks(it, s->langs[i])) {
            out->lang = s->langs[i];
            if (out->lang2 == out->lang)
                out->lang2 = LANG_COUNT;
            return;
        }
}

/* ---- the decision ---- */

static void fill_item(const sched_t *s, const struct rule_ctx *c, const struct item *it,
                      struct sched_pick *out)
{
    out->type = SLIDE_ITEM;
    out->item = it;
    out->duration_ms = item_duration(s, it, out->lang, out->lang2);
    label_item_when(c, it, out->lang, out->when_label, sizeof out->when_label);
    label_status(c, it, out->lang, out->status_label, sizeof out->status_label);
    out->sold_out = it->kind == KIND_TICKET && it->seats == 0;
}

void sched_describe(const sched_t *s, const struct item *it, time_t now, enum lang l,
                    struct sched_pick *out)
{
    struct rule_ctx c;
    ctx_init(s, &c, now);
    memset(out, 0, sizeof *out);
    out->lang = l;
    out->lang2 = LANG_COUNT;
    out->now = c.wall;
    fill_item(s, &c, it, out);
}

/* Smooth weighted round-robin among the eligible items of one priority
 * (with quota: those that have not used their weight this cycle). Skips
 * avoid unless allow_avoid and it is the only candidate. Returns the index,
 * or -1 without touching any credit. Two passes over the items. */
static long swrr(sched_t *s, enum priority prio, bool quota, long avoid, bool allow_avoid)
{
    long best = -1;
    bool avoid_cand = false;
    int64_t best_score = 0;
    int best_w = 0;
    struct slot *v = s->slot;
    for (size_t i = 0; i < s->n; i++) {
        if (!v[i].elig || v[i].prio != prio || (quota && v[i].used >= v[i].weight))
            continue;
        if ((long)i == avoid) {
            avoid_cand = true;
            continue;
        }
        int64_t score = v[i].credit + v[i].weight;
        if (best < 0 || score > best_score || (score == best_score && v[i].weight > best_w)) {
            best = (long)i;
            best_score = score;
            best_w = v[i].weight;
        }
    }
    if (best < 0) {
        if (!(avoid_cand && allow_avoid))
            return -1;
        best = avoid;
    }
    int64_t total = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (!v[i].elig || v[i].prio != prio || (quota && v[i].used >= v[i].weight))
            continue;
        v[i].credit += v[i].weight;
        total += v[i].weight;
    }
    v[best].credit -= total;
    return best;
}

static void new_cycle(sched_t *s)
{
    for (size_t i = 0; i < s->n; i++) {
        s->slot[i].used = 0;
        s->slot[i].credit = 0;
    }
    /* Alternating languages: when the cycle length shares a factor with the
     * number of languages, every item would come back in the same language;
     * skipping one step makes each item take every language in turn. */
    int m = alt_modulus(s);
    if (m > 1 && s->cycle_len > 0 && gcd(s->cycle_len, m) != 1)
        s->alt++;
    s->cycle++;
    s->cycle_len = 0;
    s->phase = PH_HIGH;
}

static void blank(sched_t *s, time_t now, struct sched_pick *out)
{
    int64_t next = hours_next_open(s->tz, &s->cfg.screen_hours, now);
    int64_t ms = next < 0 ? BLANK_MAX_MS : (next - (int64_t)now) * 1000;
    out->type = SLIDE_BLANK;
    out->lang = s->langs[0];
    out->duration_ms = (int)(ms > BLANK_MAX_MS ? BLANK_MAX_MS : ms < 1000 ? 1000 : ms);
}

const char *slide_type_name(enum slide_type t)
{
    static const char *const names[] = {"item",  "agenda", "fallback",
                                        "blank", "closed", "weather"};
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

void sched_set_weather_until(sched_t *s, int64_t until)
{
    s->weather_until = until;
}

static bool closed_ctx(const sched_t *s, const struct rule_ctx *c)
{
    return s->cfg.after_hours && office_closed(c, &s->st.hours, s->st.has_hours);
}

bool sched_after_hours(const sched_t *s, time_t now)
{
    struct rule_ctx c;
    ctx_init(s, &c, now);
    return closed_ctx(s, &c);
}

/* Whether it suits the after-hours rotation at c's moment (its own rules
 * already passed): marked so, urgent, an event of this evening or
 * tomorrow that has not ended, or a partner open now. */
static bool fits_after_hours(const struct rule_ctx *c, const struct item *it)
{
    if (it->sched.after_hours || it->sched.priority == PRIO_TAKEOVER)
        return true;
    if (it->kind == KIND_EVENT && it->start != CIVIL_NONE) {
        struct civil_fields f = civil_split(it->start);
        int64_t day = days_from_civil(f.year, f.month, f.day);
        civil_t end = event_end(it);
        return day <= c->today + 1 && (end == CIVIL_NONE || end > c->wall);
    }
    if ((it->kind == KIND_PROVIDER || it->kind == KIND_PLACE) && item_opening(it))
        return hours_open_now(c, item_opening(it), NULL, NULL);
    return false;
}

static void closed_slide(sched_t *s, const struct rule_ctx *c, struct sched_pick *out)
{
    pick_langs(s, out);
    out->type = SLIDE_CLOSED;
    out->duration_ms = base_ms(s);
    snprintf(out->status_label, sizeof out->status_label, "%s", loc_string(LOC_CLOSED, out->lang));
    label_reopen(s->tz, c, &s->st.hours, out->lang, out->when_label, sizeof out->when_label);
    s->last = LAST_CLOSED;
}

void sched_next(sched_t *s, time_t now, struct sched_pick *out)
{
    struct rule_ctx c;
    ctx_init(s, &c, now);
    memset(out, 0, sizeof *out);
    out->now = c.wall;
    out->lang2 = LANG_COUNT;

    if (!c.dates_ok && !s->clock_warned) {
        log_msg(LV_WARN,
                "the clock looks wrong (%s): date rules (from, until, promo windows, "
                "sale ends) are suspended until it is right",
                s->synced ? "earlier than the feed's generated date"
                          : "the kernel reports it unsynchronised");
        s->clock_warned = true;
    } else if (c.dates_ok) {
        s->clock_warned = false;
    }

    if (!screen_on_ctx(s, &c, NULL)) {
        blank(s, now, out);
        return;
    }

    bool closed = closed_ctx(s, &c);
    bool weather = s->cfg.weather_slide && s->weather_until > (int64_t)now;
    size_t neligible = 0, ntake = 0, nagenda = 0;
    int agenda_days = closed ? 0 : s->st.agenda_days;
    for (size_t i = 0; i < s->n; i++) {
        const struct item *it = s->items[i];
        bool ok = rule_check(&c, it) == RULE_OK && (!closed || fits_after_hours(&c, it));
        s->slot[i].elig = ok;
        if (ok) {
            if (it->sched.priority == PRIO_TAKEOVER)
                ntake++;
            else
                neligible++;
        }
        if (agenda_days > 0 && it->kind == KIND_EVENT && rule_in_agenda(&c, it, agenda_days))
            nagenda++;
    }

    long pick = -1;
    if (ntake) {
        pick = swrr(s, PRIO_TAKEOVER, false, s->last, true);
        goto item;
    }

    bool last_elig = s->last >= 0 && s->slot[s->last].elig;
    bool others = neligible > (last_elig ? 1u : 0u) || (nagenda && s->last != LAST_AGENDA) ||
                  (closed && s->last != LAST_CLOSED) || (weather && s->last != LAST_WEATHER);
    bool started = false;
    for (int guard = 0; guard < 16; guard++) {
        switch (s->phase) {
        case PH_HIGH:
        case PH_NORMAL:
            pick = swrr(s, s->phase == PH_HIGH ? PRIO_HIGH : PRIO_NORMAL, true, s->last, !others);
            if (pick >= 0) {
                s->slot[pick].used++;
                s->cycle_len++;
                goto item;
            }
            s->phase = s->phase == PH_HIGH ? PH_NORMAL : PH_AGENDA;
            break;
        case PH_AGENDA:
            s->phase = PH_WEATHER;
            if (closed && (s->last != LAST_CLOSED || !others)) {
                s->cycle_len++;
                closed_slide(s, &c, out);
                return;
            }
            if (nagenda && (s->last != LAST_AGENDA || !others)) {
                s->cycle_len++;
                pick_langs(s, out);
                out->type = SLIDE_AGENDA;
                int ms = (int)(nagenda > 10 ? 10 : nagenda) * AGENDA_MS_PER_EVENT;
                int hi = s->cfg.max_ms > 0 ? s->cfg.max_ms : DEFAULT_MAX_MS;
                out->duration_ms = ms > base_ms(s) ? (ms > hi ? hi : ms) : base_ms(s);
                s->last = LAST_AGENDA;
                return;
            }
            break;
        case PH_WEATHER:
            s->phase = PH_END;
            if (weather && (s->last != LAST_WEATHER || !others)) {
                s->cycle_len++;
                pick_langs(s, out);
                out->type = SLIDE_WEATHER;
                out->duration_ms = base_ms(s);
                s->last = LAST_WEATHER;
                return;
            }
            break;
        case PH_END:
            if (started && s->cycle_len == 0)
                goto fallback;
            new_cycle(s);
            started = true;
            break;
        }
    }
fallback:
    if (closed) {
        closed_slide(s, &c, out);
        return;
    }
    pick_langs(s, out);
    out->type = SLIDE_FALLBACK;
    out->duration_ms = base_ms(s);
    s->last = LAST_FALLBACK;
    return;
item:
    pick_langs(s, out);
    fit_langs(s, s->items[pick], out);
    fill_item(s, &c, s->items[pick], out);
    s->last = pick;
}

size_t sched_agenda_count(const sched_t *s, time_t now)
{
    struct rule_ctx c;
    size_t k = 0;
    int days = s->st.agenda_days;
    if (days <= 0)
        return 0;
    ctx_init(s, &c, now);
    for (size_t i = 0; i < s->n; i++)
        k += rule_in_agenda(&c, s->items[i], days);
    return k;
}

size_t sched_agenda(const sched_t *s, time_t now, const struct item **out, size_t max)
{
    struct rule_ctx c;
    size_t k = 0;
    int days = s->st.agenda_days;
    if (max == 0 || days <= 0)
        return 0;
    ctx_init(s, &c, now);
    for (size_t i = 0; i < s->n; i++) {
        const struct item *it = s->items[i];
        if (!rule_in_agenda(&c, it, days))
            continue;
        /* Insertion into the max earliest, by start then id. */
        size_t j = k < max ? k++ : max;
        while (j > 0) {
            const struct item *p = out[j - 1];
            if (p->start < it->start ||
                (p->start == it->start && strcmp(p->id ? p->id : "", it->id ? it->id : "") <= 0))
                break;
            if (j < max)
                out[j] = p;
            j--;
        }
        if (j < max)
            out[j] = it;
    }
    return k;
}

size_t sched_tickers(const sched_t *s, time_t now, const struct item **out, size_t max)
{
    struct rule_ctx c;
    size_t k = 0;
    ctx_init(s, &c, now);
    for (size_t i = 0; i < s->n && k < max; i++)
        if (s->items[i]->kind == KIND_TICKER && rule_check_any(&c, s->items[i]) == RULE_OK)
            out[k++] = s->items[i];
    return k;
}

void sched_simulate(sched_t *s, time_t from, time_t to,
                    void (*fn)(void *ud, time_t at, const struct sched_pick *p), void *ud)
{
    struct sched_pick p;
    int64_t ms = 0; /* elapsed since from, so that fractional seconds add up */
    for (time_t t = from; t < to; t = from + (time_t)(ms / 1000)) {
        sched_next(s, t, &p);
        fn(ud, t, &p);
        ms += p.duration_ms > 0 ? p.duration_ms : 1000;
    }
}

bool sched_takeover_waiting(const sched_t *s, const struct item *keep, time_t now)
{
    char why[160];
    for (size_t i = 0; i < s->n; i++) {
        const struct item *it = s->items[i];
        if (it != keep && it->sched.priority == PRIO_TAKEOVER &&
            !sched_why_not(s, it, now, why, sizeof why))
            return true;
    }
    return false;
}

const struct item *sched_keep_next(const sched_t *s, const char *id, time_t now)
{
    const struct item *it = NULL;
    for (size_t i = 0; i < s->n && !it; i++)
        if (!strcmp(s->items[i]->id, id))
            it = s->items[i];
    char why[160];
    if (it && (sched_why_not(s, it, now, why, sizeof why) ||
               (it->sched.priority != PRIO_TAKEOVER && sched_takeover_waiting(s, it, now))))
        return NULL;
    return it;
}
