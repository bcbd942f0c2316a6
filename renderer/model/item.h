/* item — the content model: what a feed says, with no SDL and no clock.
 * Items and settings are plain read-only values owned by their feed (see
 * feed.h); every string is UTF-8 and lives in the feed's arena. */
#ifndef VITRINE_MODEL_ITEM_H
#define VITRINE_MODEL_ITEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/civil.h"
#include "model/lang.h"

enum item_kind {
    KIND_PROVIDER, /* a partner: hotel, restaurant, activity, shop */
    KIND_EVENT,    /* dated: start, end, venue, organiser, free or paid */
    KIND_TICKET,   /* an offer on sale at the desk */
    KIND_PLACE,    /* a highlight of the territory */
    KIND_NOTICE,   /* an announcement from the office */
    KIND_POSTER,   /* a full-screen image with an optional caption */
    KIND_TICKER,   /* a short line for the crawl at the bottom, not a slide */
    KIND_COUNT
};

/* "provider", "event", ...; kind_parse returns -1 for an unknown name. */
const char *kind_name(enum item_kind k);
int kind_parse(const char *name, enum item_kind *out);

/* A daily time window in minutes since midnight. end <= start means the
 * window crosses midnight (22:00-02:00); end may be 1440 (24:00). */
struct time_window {
    int16_t start, end;
};

#define HOURS_MAX_WINDOWS 4
/* Opening hours for each weekday (0 = Monday .. 6 = Sunday), plus public
 * holidays. Parsed from a subset of OpenStreetMap's opening_hours syntax:
 * "Mo-Fr 09:00-12:30,14:00-18:00; Sa 09:00-12:00; PH off". */
struct week_hours {
    uint8_t count[8]; /* index 7: public holidays; holiday_set tells if given */
    struct time_window win[8][HOURS_MAX_WINDOWS];
    bool holiday_set;
};

enum priority { PRIO_NORMAL, PRIO_HIGH, PRIO_TAKEOVER };
enum holiday_rule { HOLIDAY_ANY, HOLIDAY_ONLY, HOLIDAY_EXCEPT };
enum transition { TRANS_DEFAULT, TRANS_CUT, TRANS_FADE, TRANS_PUSH, TRANS_WIPE };
/* An event that will not take place as announced, or that has no seat left,
 * still plays, saying so with a band across the slide (docs/themes.md). */
enum event_status {
    EVENT_SCHEDULED,
    EVENT_CANCELLED,
    EVENT_POSTPONED,
    EVENT_SOLD_OUT,
    EVENT_SUSPENDED,
    EVENT_STATUS_COUNT
};

/* "scheduled", "cancelled", "postponed", "sold_out", "suspended"; the parse
 * returns -1 for an unknown name. */
const char *event_status_name(enum event_status s);
int event_status_parse(const char *name, enum event_status *out);

/* The names of these values as a feed writes them (the one list of each,
 * model/kind.c). transition_name(TRANS_DEFAULT) is "default", which a feed
 * does not write (it means the theme's) and transition_parse refuses. The
 * parsers return 0, or -1 for an unknown name. */
const char *transition_name(enum transition t);
int transition_parse(const char *name, enum transition *out);
const char *priority_name(enum priority p);
int priority_parse(const char *name, enum priority *out);
const char *holiday_rule_name(enum holiday_rule h);
int holiday_rule_parse(const char *name, enum holiday_rule *out);
const char *event_status_name(enum event_status s);
int event_status_parse(const char *name, enum event_status *out);

#define SCHED_MAX_WINDOWS 8
/* When an item may play. Absent fields keep their defaults: no from/until,
 * every day, all day, any day as to holidays, normal priority, weight 1,
 * duration 0 (computed), every screen. The windows and the screens live in
 * the feed's arena and exist only when given, so that an item pays for what
 * it holds. */
struct schedule {
    civil_t from, until;               /* CIVIL_NONE when absent */
    const struct time_window *windows; /* nwindows of them; NULL when 0 */
    const char **screens;              /* nscreens of them */
    int nwindows;                      /* 0 = all day; at most SCHED_MAX_WINDOWS */
    int nscreens;                      /* 0 = every screen */
    int weight;                        /* 1..100 */
    int duration_ms;                   /* 0 = from the feed default or reading time */
    enum holiday_rule holidays;
    enum priority priority;
    uint8_t days;                         /* bit d set: weekday d (0 = Monday); 0x7f = all */
    bool from_date_only, until_date_only; /* until as a date includes that day */
    bool after_hours; /* also plays while the office is closed (a shop-window screen) */
};

struct price {
    tr_text label; /* "Adulte", "Enfant"; may be empty */
    int32_t cents; /* 2800 = 28 €; 0 = free */
};

/* A poster's (or photo's) versions made for one orientation of the screen,
 * and its focal point, in the feed's arena: what few items have costs the
 * others one pointer. */
struct item_images {
    const char *portrait, *landscape; /* NULL when not given */
    bool has_focus;
    float focus_x, focus_y; /* the point to keep in view, fractions 0..1 of the picture */
};

/* One item. Members are ordered to pack tightly, and what few items have
 * (opening hours, schedule windows, screens, prices) is a pointer into the
 * feed's arena, NULL or 0 when absent: a loaded item costs about its size in
 * the file (docs/performance.md). */
struct item {
    const char *id;   /* stable, unique in the feed */
    const char *file; /* where it was read from, for messages */
    int line;
    enum item_kind kind;

    tr_text title, subtitle, body;
    const char *image;             /* as written: relative to the feed's folder, or a URL */
    const struct item_images *alt; /* versions for one orientation; NULL: none */
    const char *video;   /* poster, place: a film in the feed's folder (docs/video.md), or NULL */
    const char *url;     /* shown as a QR code */
    const char *partner; /* partner/sponsor id, for proof of play */
    struct schedule sched;
    enum transition transition;

    /* event */
    enum event_status status; /* cancelled, postponed...: said on the slide */
    civil_t start, end;       /* CIVIL_NONE when absent; start is required */
    tr_text venue;
    const char *organiser;
    int free; /* -1 unknown, 0 paid, 1 free */
    bool start_date_only, end_date_only;

    /* ticket (prices may also describe an event) */
    bool sale_until_date_only;
    uint8_t loops; /* poster, place: times the film plays in a row, 0 = once (a spare byte) */
    int nprices;
    int seats; /* -1 unknown, 0 sold out */
    const struct price *prices;
    civil_t sale_until; /* CIVIL_NONE when absent */
    const char *event;  /* id of the event this ticket is for */

    /* provider, place */
    tr_text category;
    const char *address;
    const char *phone;
    const struct week_hours *opening; /* NULL when absent: see item_opening */
};

/* The item's focal point (fractions of its picture's width and height, as
 * seen): the feed's `focus`, else the centre. */
static inline void item_focus(const struct item *it, double *fx, double *fy)
{
    bool has = it->alt && it->alt->has_focus;
    *fx = has ? it->alt->focus_x : 0.5;
    *fy = has ? it->alt->focus_y : 0.5;
}

/* The item's opening hours, or NULL when it gives none. */
static inline const struct week_hours *item_opening(const struct item *it)
{
    return it->opening;
}

enum soldout_policy { SOLDOUT_BAND, SOLDOUT_HIDE };

/* The time zone of a feed that names none, and of the SIT importers' instants. */
#define FEED_DEFAULT_TIMEZONE "Europe/Paris"
/* The slide duration of a feed that gives none. */
#define FEED_DEFAULT_DURATION_MS 10000

/* Feed-wide settings, with the defaults listed in feed.c when absent. */
struct feed_settings {
    tr_text office; /* the office's name, for the fallback slide */
    const char *logo;
    struct week_hours hours; /* the office's opening hours */
    bool has_hours;
    enum lang languages[LANG_COUNT];
    int nlanguages;               /* default: fr only */
    const char *timezone;         /* default FEED_DEFAULT_TIMEZONE */
    int duration_ms;              /* default slide duration, default 10 s */
    int promo_days;               /* events show this many days ahead, default 30 */
    enum soldout_policy sold_out; /* default SOLDOUT_BAND */
    bool hide_closed;             /* hide providers while closed, default false */
    int agenda_days;              /* agenda slide horizon, default 7; 0 = no agenda */
    civil_t generated;            /* when the feed was exported; CIVIL_NONE */
    /* The office's pages, shown as QR codes while it is closed; or NULL. */
    const char *website, *agenda_url, *booking_url;
};

/* Parses opening hours (see struct week_hours). Returns 0, or -1 with a
 * message for staff in err. */
int hours_parse(const char *s, struct week_hours *out, char *err, size_t errsz);

/* Formats opening hours back in canonical form, truncated to size:
 * "Mo-Fr 09:00-12:30,14:00-18:00; Sa 09:00-12:00". */
void hours_format(const struct week_hours *h, char *buf, size_t size);

/* Parses daily windows "09:00-12:00,14:00-18:00" into at most max windows. */
int windows_parse(const char *s, struct time_window *out, int max, int *n, char *err,
                  size_t errsz);

/* Parses a set of weekdays "Mo,We,Fr" or "Mo-Fr" into a bit mask. */
int days_parse(const char *s, uint8_t *mask, char *err, size_t errsz);

#endif
