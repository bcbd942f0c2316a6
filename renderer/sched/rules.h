/* rules — whether one item may play at one moment, and why not, in words for
 * staff. Covers the item's own schedule (from/until, days, daily windows,
 * public holidays, screens) and the rules derived from its content (an
 * event's promo window, a ticket's sale end and sold-out state, a partner's
 * opening hours). Pure; internal to sched/. */
#ifndef VITRINE_SCHED_RULES_H
#define VITRINE_SCHED_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/item.h"
#include "model/tz.h"

#define DAY_SECS 86400

/* The facts about one moment that every rule needs, computed once per
 * decision so that checking thousands of items stays cheap. */
struct rule_ctx {
    struct tz_near near;
    int64_t now;              /* UTC instant */
    civil_t wall;             /* now on the feed's wall clock */
    int64_t today;            /* wall-clock date, in days from 1970-01-01 */
    int wday, wday_prev;      /* today's and yesterday's weekday, 0 = Monday */
    const char *holiday;      /* today's public holiday, or NULL */
    const char *holiday_prev; /* yesterday's */
    const char *screen;       /* this screen's tag; NULL: every screen */
    const struct feed_settings *st;
    bool dates_ok; /* false: clock unreliable, date-based hiding suspended */
    bool simple;   /* no offset change within days: compare wall clocks */
};

/* Fills c for instant now in zone z. st and screen are borrowed. */
void rule_ctx_init(struct rule_ctx *c, const tz_t *z, int64_t now, const char *screen,
                   const struct feed_settings *st, bool dates_ok);

/* Why an item may not play, in the order they are checked. */
enum rule_verdict {
    RULE_OK,
    RULE_TICKER,         /* a ticker line is not a slide */
    RULE_SCREEN,         /* tagged for other screens */
    RULE_EXPIRED,        /* until has passed */
    RULE_EVENT_OVER,     /* the event has ended */
    RULE_SALE_OVER,      /* the ticket's sale_until has passed */
    RULE_SOLD_OUT,       /* sold out and the feed hides sold-out tickets */
    RULE_NOT_YET,        /* from is in the future */
    RULE_PROMO_NOT_YET,  /* the event's promo window has not opened */
    RULE_DAY,            /* not on this weekday */
    RULE_HOLIDAY_ONLY,   /* only on public holidays, and today is not one */
    RULE_HOLIDAY_EXCEPT, /* never on public holidays, and today is one */
    RULE_WINDOW,         /* outside its daily windows */
    RULE_CLOSED,         /* a partner hidden while closed */
};

/* Checks every rule for it at c's moment. O(windows), no allocation. */
enum rule_verdict rule_check(const struct rule_ctx *c, const struct item *it);

/* The same rules for any kind: for a ticker line, whether it runs in the
 * crawl now. */
enum rule_verdict rule_check_any(const struct rule_ctx *c, const struct item *it);

/* Writes verdict v about it in words for staff ("until 2026-09-13 has
 * passed"); "" for RULE_OK. */
void rule_explain(const struct rule_ctx *c, const struct item *it, enum rule_verdict v, char *buf,
                  size_t size);

/* The stable name of verdict v ("expired"), NULL for RULE_OK; and the
 * date that decides it (CIVIL_NONE when none), in *when and *date_only. */
const char *rule_code(const struct rule_ctx *c, const struct item *it, enum rule_verdict v,
                      civil_t *when, bool *date_only);

/* Whether event it belongs on the agenda slide at c's moment: it targets
 * this screen, has not ended (nor passed an explicit until), and starts
 * before the end of the day days - 1 days from today. */
bool rule_in_agenda(const struct rule_ctx *c, const struct item *it, int days);

/* Whether opening hours h are open at c's moment. When open, *close_min gets
 * the closing time in minutes (of the day the window started; may exceed
 * 1440 for a window past midnight). When closed, *open_min gets the next
 * opening later today, or -1. Either pointer may be NULL. */
bool hours_open_now(const struct rule_ctx *c, const struct week_hours *h, int *close_min,
                    int *open_min);

/* The first instant after now at which hours h open, looking up to 8 days
 * ahead; -1 when they never open. */
int64_t hours_next_open(const tz_t *z, const struct week_hours *h, int64_t now);

/* The event's derived end as wall-clock time: its end (an end date includes
 * that day), else the end of its start day. CIVIL_NONE without a start. */
civil_t event_end(const struct item *it);

#endif
