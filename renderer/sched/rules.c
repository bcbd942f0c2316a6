/* rules — eligibility of one item at one moment.
 *
 * Daily windows and opening hours are turned into real instants on the day
 * they start before being compared with now. On the day the clocks go
 * forward, a window starting in the skipped hour starts when the clock jumps
 * (or is empty when it lies wholly inside the skipped hour); on the day they
 * go back, a wall-clock time that happens twice means its first occurrence,
 * so a window inside the repeated hour plays once, not twice. */
#include "sched/rules.h"
#include "sched/sched.h"

#include <stdio.h>
#include <string.h>

#include "sched/calendar.h"

static const char *const day_names[7] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};

static int wday_of(int64_t days)
{
    return (int)(((days % 7) + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

void rule_ctx_init(struct rule_ctx *c, const tz_t *z, int64_t now, const char *screen,
                   const struct feed_settings *st, bool dates_ok)
{
    tz_near_init(&c->near, z, now);
    c->now = now;
    c->wall = tz_civil(z, now);
    c->today = floor_div(c->wall, DAY_SECS);
    c->wday = wday_of(c->today);
    c->wday_prev = wday_of(c->today - 1);
    c->holiday = cal_holiday_on(c->today);
    c->holiday_prev = cal_holiday_on(c->today - 1);
    c->screen = screen;
    c->st = st;
    c->dates_ok = dates_ok;
    c->simple = c->near.lo == c->near.hi;
}

/* True when now is at or after wall-clock time t. Away from a change of
 * offset, or more than 3 days from now (offsets differ by at most 52 hours),
 * comparing wall clocks gives the same answer as comparing instants. */
static bool reached(const struct rule_ctx *c, civil_t t)
{
    if (c->simple || t < c->wall - 3 * DAY_SECS || t > c->wall + 3 * DAY_SECS)
        return t <= c->wall;
    return c->now >= tz_near_instant(&c->near, t, NULL);
}

static bool day_allowed(const struct schedule *s, int wday, const char *holiday)
{
    if (!(s->days & (1u << wday)))
        return false;
    if (s->holidays == HOLIDAY_ONLY && !holiday)
        return false;
    if (s->holidays == HOLIDAY_EXCEPT && holiday)
        return false;
    return true;
}

/* Whether now lies in window w started on day (days from the epoch). */
static bool in_window(const struct rule_ctx *c, int64_t day, struct time_window w)
{
    int end = w.end <= w.start ? w.end + 1440 : w.end;
    civil_t base = day * DAY_SECS;
    return reached(c, base + w.start * 60) && !reached(c, base + (civil_t)end * 60);
}

civil_t event_end(const struct item *it)
{
    if (it->start == CIVIL_NONE)
        return CIVIL_NONE;
    if (it->end != CIVIL_NONE)
        return it->end_date_only ? it->end + DAY_SECS : it->end;
    return (floor_div(it->start, DAY_SECS) + 1) * DAY_SECS;
}

static civil_t promo_start(const struct rule_ctx *c, const struct item *it)
{
    int days = c->st && c->st->promo_days > 0 ? c->st->promo_days : 0;
    return (floor_div(it->start, DAY_SECS) - days) * DAY_SECS;
}

static bool screen_ok(const struct rule_ctx *c, const struct schedule *s)
{
    if (s->nscreens == 0 || !c->screen)
        return true;
    for (int i = 0; i < s->nscreens; i++)
        if (s->screens[i] && strcmp(s->screens[i], c->screen) == 0)
            return true;
    return false;
}

static enum rule_verdict dates_check(const struct rule_ctx *c, const struct item *it)
{
    const struct schedule *s = &it->sched;
    if (s->until != CIVIL_NONE && reached(c, s->until_date_only ? s->until + DAY_SECS : s->until))
        return RULE_EXPIRED;
    if (it->kind == KIND_EVENT && it->start != CIVIL_NONE && s->until == CIVIL_NONE &&
        reached(c, event_end(it)))
        return RULE_EVENT_OVER;
    if (it->kind == KIND_TICKET && it->sale_until != CIVIL_NONE &&
        reached(c, it->sale_until_date_only ? it->sale_until + DAY_SECS : it->sale_until))
        return RULE_SALE_OVER;
    return RULE_OK;
}

static enum rule_verdict start_check(const struct rule_ctx *c, const struct item *it)
{
    const struct schedule *s = &it->sched;
    if (s->from != CIVIL_NONE && !reached(c, s->from))
        return RULE_NOT_YET;
    if (it->kind == KIND_EVENT && it->start != CIVIL_NONE && s->from == CIVIL_NONE &&
        !reached(c, promo_start(c, it)))
        return RULE_PROMO_NOT_YET;
    return RULE_OK;
}

static enum rule_verdict day_verdict(const struct schedule *s, int wday, const char *holiday)
{
    if (!(s->days & (1u << wday)))
        return RULE_DAY;
    if (s->holidays == HOLIDAY_ONLY && !holiday)
        return RULE_HOLIDAY_ONLY;
    return RULE_HOLIDAY_EXCEPT;
}

static enum rule_verdict time_check(const struct rule_ctx *c, const struct schedule *s)
{
    bool today_ok = day_allowed(s, c->wday, c->holiday);
    if (s->nwindows <= 0)
        return today_ok ? RULE_OK : day_verdict(s, c->wday, c->holiday);
    int prev_ok = -1; /* yesterday's verdict, computed when first needed */
    for (int i = 0; i < s->nwindows && i < SCHED_MAX_WINDOWS; i++) {
        struct time_window w = s->windows[i];
        if (today_ok && in_window(c, c->today, w))
            return RULE_OK;
        if (w.end <= w.start) {
            if (prev_ok < 0)
                prev_ok = day_allowed(s, c->wday_prev, c->holiday_prev);
            if (prev_ok && in_window(c, c->today - 1, w))
                return RULE_OK;
        }
    }
    return today_ok ? RULE_WINDOW : day_verdict(s, c->wday, c->holiday);
}

/* Which set of windows applies on a day: public holidays have their own
 * when the hours say so ("PH off", "PH 10:00-12:00"). */
static int hours_index(const struct week_hours *h, int wday, const char *holiday)
{
    return h->holiday_set && holiday ? 7 : wday;
}

bool hours_open_now(const struct rule_ctx *c, const struct week_hours *h, int *close_min,
                    int *open_min)
{
    int di = hours_index(h, c->wday, c->holiday);
    int pi = hours_index(h, c->wday_prev, c->holiday_prev);
    int next = -1;
    for (int i = 0; i < h->count[pi] && i < HOURS_MAX_WINDOWS; i++) {
        struct time_window w = h->win[pi][i];
        if (w.end <= w.start && in_window(c, c->today - 1, w)) {
            if (close_min)
                *close_min = w.end;
            return true;
        }
    }
    for (int i = 0; i < h->count[di] && i < HOURS_MAX_WINDOWS; i++) {
        struct time_window w = h->win[di][i];
        if (in_window(c, c->today, w)) {
            if (close_min)
                *close_min = w.end <= w.start ? w.end + 1440 : w.end;
            return true;
        }
        if (!reached(c, c->today * DAY_SECS + w.start * 60) && (next < 0 || w.start < next))
            next = w.start;
    }
    if (open_min)
        *open_min = next;
    return false;
}

int64_t hours_next_open(const tz_t *z, const struct week_hours *h, int64_t now)
{
    civil_t wall = tz_civil(z, now);
    int64_t today = floor_div(wall, DAY_SECS);
    int64_t best = -1;
    for (int64_t d = today - 1; d <= today + 8 && best < 0; d++) {
        int di = hours_index(h, wday_of(d), cal_holiday_on(d));
        for (int i = 0; i < h->count[di] && i < HOURS_MAX_WINDOWS; i++) {
            int64_t t = tz_instant(z, d * DAY_SECS + h->win[di][i].start * 60, NULL);
            if (t > now && (best < 0 || t < best))
                best = t;
        }
    }
    return best;
}

enum rule_verdict rule_check(const struct rule_ctx *c, const struct item *it)
{
    return it->kind == KIND_TICKER ? RULE_TICKER : rule_check_any(c, it);
}

enum rule_verdict rule_check_any(const struct rule_ctx *c, const struct item *it)
{
    const struct schedule *s = &it->sched;
    enum rule_verdict v;
    if (!screen_ok(c, s))
        return RULE_SCREEN;
    if (c->dates_ok && (v = dates_check(c, it)) != RULE_OK)
        return v;
    if (it->kind == KIND_TICKET && it->seats == 0 && c->st && c->st->sold_out == SOLDOUT_HIDE)
        return RULE_SOLD_OUT;
    if (c->dates_ok && (v = start_check(c, it)) != RULE_OK)
        return v;
    if ((v = time_check(c, s)) != RULE_OK)
        return v;
    if ((it->kind == KIND_PROVIDER || it->kind == KIND_PLACE) && item_opening(it) && c->st &&
        c->st->hide_closed && !hours_open_now(c, item_opening(it), NULL, NULL))
        return RULE_CLOSED;
    return RULE_OK;
}

bool rule_in_agenda(const struct rule_ctx *c, const struct item *it, int days)
{
    if (it->kind != KIND_EVENT || it->start == CIVIL_NONE || days <= 0 ||
        !screen_ok(c, &it->sched))
        return false;
    if (floor_div(it->start, DAY_SECS) >= c->today + days)
        return false;
    if (!c->dates_ok)
        return true;
    return dates_check(c, it) == RULE_OK;
}

static size_t put_window(char *buf, size_t size, struct time_window w)
{
    return (size_t)snprintf(buf, size, "%02d:%02d-%02d:%02d", w.start / 60, w.start % 60,
                            w.end / 60, w.end % 60);
}

const char *const sched_why_codes[] = {
    "ticker",         "screen",  "expired",       "event_over", "sale_over",
    "sold_out",       "not_yet", "promo_not_yet", "day",        "holiday_only",
    "holiday_except", "window",  "closed",        NULL,
};

_Static_assert(sizeof sched_why_codes / sizeof sched_why_codes[0] == RULE_CLOSED + 1,
               "one code per verdict, in the order of enum rule_verdict");

const char *rule_code(const struct rule_ctx *c, const struct item *it, enum rule_verdict v,
                      civil_t *when, bool *date_only)
{
    *when = CIVIL_NONE;
    *date_only = true;
    switch (v) {
    case RULE_OK:
        return NULL;
    case RULE_EXPIRED:
        *when = it->sched.until;
        *date_only = it->sched.until_date_only;
        break;
    case RULE_EVENT_OVER:
        *when = it->end != CIVIL_NONE ? it->end : it->start;
        *date_only = it->end != CIVIL_NONE ? it->end_date_only : true;
        break;
    case RULE_SALE_OVER:
        *when = it->sale_until;
        *date_only = it->sale_until_date_only;
        break;
    case RULE_NOT_YET:
        *when = it->sched.from;
        *date_only = it->sched.from_date_only;
        break;
    case RULE_PROMO_NOT_YET:
        *when = promo_start(c, it);
        break;
    default:
        break;
    }
    return sched_why_codes[v - 1];
}

void rule_explain(const struct rule_ctx *c, const struct item *it, enum rule_verdict v, char *buf,
                  size_t size)
{
    const struct schedule *s = &it->sched;
    char d[40];
    size_t n;
    if (size == 0)
        return;
    buf[0] = '\0';
    switch (v) {
    case RULE_OK:
        break;
    case RULE_TICKER:
        snprintf(buf, size, "a ticker line: it runs in the crawl, not as a slide");
        break;
    case RULE_SCREEN:
        n = (size_t)snprintf(buf, size, "screen%s ", s->nscreens > 1 ? "s" : "");
        for (int i = 0; i < s->nscreens && n < size; i++)
            n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", s->screens[i]);
        if (n < size)
            snprintf(buf + n, size - n, " only");
        break;
    case RULE_EXPIRED:
        civil_human(s->until, s->until_date_only, d, sizeof d);
        snprintf(buf, size, "until %s has passed", d);
        break;
    case RULE_EVENT_OVER:
        if (it->end != CIVIL_NONE)
            civil_human(it->end, it->end_date_only, d, sizeof d);
        else
            civil_human(it->start, true, d, sizeof d);
        snprintf(buf, size, "the event is over (it ended %s)", d);
        break;
    case RULE_SALE_OVER:
        civil_human(it->sale_until, it->sale_until_date_only, d, sizeof d);
        snprintf(buf, size, "sale_until %s has passed", d);
        break;
    case RULE_SOLD_OUT:
        snprintf(buf, size, "sold out");
        break;
    case RULE_NOT_YET:
        civil_human(s->from, s->from_date_only, d, sizeof d);
        snprintf(buf, size, "starts %s", d);
        break;
    case RULE_PROMO_NOT_YET:
        civil_human(promo_start(c, it), true, d, sizeof d);
        snprintf(buf, size, "promo starts %s (%d days before the event)", d,
                 c->st && c->st->promo_days > 0 ? c->st->promo_days : 0);
        break;
    case RULE_DAY:
        snprintf(buf, size, "not on %s", day_names[c->wday]);
        break;
    case RULE_HOLIDAY_ONLY:
        snprintf(buf, size, "only on public holidays");
        break;
    case RULE_HOLIDAY_EXCEPT:
        snprintf(buf, size, "not on public holidays (today: %s)", c->holiday ? c->holiday : "?");
        break;
    case RULE_WINDOW:
        n = (size_t)snprintf(buf, size, "outside ");
        for (int i = 0; i < s->nwindows && i < SCHED_MAX_WINDOWS && n < size; i++) {
            if (i)
                n += (size_t)snprintf(buf + n, size - n, ", ");
            if (n < size)
                n += put_window(buf + n, size - n, s->windows[i]);
        }
        break;
    case RULE_CLOSED:
        snprintf(buf, size, "closed now (hide_closed is true)");
        break;
    }
}
