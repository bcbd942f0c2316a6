/* sched — what plays next. Pure: no SDL and no I/O; the moment is passed in
 * as a UTC instant and turned into the feed's wall-clock time through the
 * system tz database. `vitrine schedule` and the player share this code. */
#ifndef VITRINE_SCHED_SCHED_H
#define VITRINE_SCHED_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model/config.h"
#include "model/feed.h"

typedef struct sched sched_t;

/* The screen's side of scheduling (from the configuration file). */
struct sched_config {
    const char *screen;          /* this screen's id/tag, or NULL */
    enum lang langs[LANG_COUNT]; /* 0 languages: the feed's */
    int nlangs;
    enum lang_policy policy;
    /* Reading-time durations: the clamp and the reading speed; 0 takes
     * vitrine.conf's defaults (CONFIG_*_DURATION_S, CONFIG_READING_SPEED). */
    int min_ms, max_ms;
    double words_per_sec;
    struct week_hours screen_hours; /* when the screen is on */
    bool has_screen_hours;          /* false: always on */
    /* A shop-window screen: while the office is closed (by the feed's
     * hours) it keeps playing its after-hours rotation: the "closed" slide,
     * this evening's and tomorrow's events, the partners open now and the
     * items marked after_hours. false: the same rotation at any hour. */
    bool after_hours;
    bool weather_slide; /* a weather slide once a cycle while the weather is fresh */
};

enum slide_type {
    SLIDE_ITEM,     /* an item of the feed */
    SLIDE_AGENDA,   /* generated: events of the coming days */
    SLIDE_FALLBACK, /* nothing eligible: office name, logo and hours */
    SLIDE_BLANK,    /* outside screen hours: blank and let the screen sleep */
    SLIDE_CLOSED,   /* generated, after hours: closed, when it reopens, QR codes */
    SLIDE_WEATHER,  /* generated: the weather of the next days */
};

/* "item", "agenda", "fallback", "blank", "closed", "weather": the one list
 * of names, for the status file, the play log and `vitrine schedule`. */
const char *slide_type_name(enum slide_type t);

struct sched_pick {
    enum slide_type type;
    const struct item *item; /* SLIDE_ITEM only; owned by the feed */
    enum lang lang, lang2;   /* lang2 = LANG_COUNT unless dual */
    int duration_ms;
    char when_label[96];   /* "Demain", "Dans 3 jours"; closed: "Réouverture demain à 9 h" */
    char status_label[96]; /* "Ouvert · ferme à 18 h", "Fermé", or "" */
    bool sold_out;         /* draw the "Complet" band */
    civil_t now;           /* the wall-clock time of the decision */
};

/* The screen's side of scheduling from its configuration (vitrine.conf and
 * the command line): the one mapping that play, schedule, render and the
 * console use. Strings stay borrowed from cfg. */
void sched_config_from(struct sched_config *out, const struct config *cfg);

/* Creates a scheduler; cfg is copied. Returns NULL on an unknown time zone. */
sched_t *sched_create(const struct sched_config *cfg);
void sched_free(sched_t *s);

/* Switches to a new feed (borrowed: keep it alive until the next call or
 * sched_free). The rotation keeps its place where the items still exist. */
void sched_set_feed(sched_t *s, const feed_t *feed);

/* Tells the scheduler until which UTC instant the player holds weather fit
 * to show (its age limit), for the weather slide; 0: none. */
void sched_set_weather_until(sched_t *s, int64_t until);

/* Whether the after-hours rotation plays at now: the screen is a shop
 * window (cfg.after_hours) and the office is closed by the feed's hours. */
bool sched_after_hours(const sched_t *s, time_t now);

/* Decides the next slide at UTC instant now and advances the rotation. */
void sched_next(sched_t *s, time_t now, struct sched_pick *out);

/* The events for the agenda slide at now, in date order; returns how many
 * were written to out (at most max). */
size_t sched_agenda(const sched_t *s, time_t now, const struct item **out, size_t max);

/* How many events the agenda window holds at now: sched_agenda writes the
 * earliest max of them; the agenda slide tells how many more there are. */
size_t sched_agenda_count(const sched_t *s, time_t now);

/* Why the item is not eligible at now, in words for staff ("until
 * 2026-09-13 has passed"), or NULL when it is eligible. For a ticker line
 * (never a slide), whether it runs in the crawl at now. */
const char *sched_why_not(const sched_t *s, const struct item *it, time_t now, char *buf,
                          size_t size);

/* Why the item is not eligible at now, for callers that word it
 * themselves (the console's French words for staff): code is a stable name
 * from sched_why_codes, NULL when the item is eligible; when is the date
 * that decides (until, the event's end, sale_until, from, the promo's first
 * day; CIVIL_NONE otherwise), wday the weekday for "day" (0 = Monday),
 * holiday today's public holiday for "holiday_except" (static). Returns
 * true when the item is not eligible. */
struct sched_why {
    const char *code;
    civil_t when;
    bool date_only;
    int wday;
    const char *holiday;
};
bool sched_why(const sched_t *s, const struct item *it, time_t now, struct sched_why *out);

/* Every code sched_why gives, ended by NULL. */
extern const char *const sched_why_codes[];

/* The wall-clock time at now in the feed's zone. */
civil_t sched_civil(const sched_t *s, time_t now);

/* ---- Additions (h-sched): helpers for the player, `vitrine schedule` and
 * `vitrine render`. None changes the meaning of the functions above. ---- */

/* Tells the scheduler whether the kernel reports the clock synchronised
 * (adjtimex: not TIME_ERROR / STA_UNSYNC); the caller does the system call,
 * so that sched stays pure. Until told otherwise the clock is trusted. While
 * it is not, or while the clock reads earlier than the feed's `generated`
 * date, date-based hiding (from, until, promo windows, sale ends) is
 * suspended and a warning is logged once, rather than hiding everything. */
void sched_set_clock_synced(sched_t *s, bool synced);

/* Declares the clock right whatever it reads (a simulation such as `vitrine
 * schedule --day` asks about any date, also before the feed was exported):
 * the sanity checks above are skipped while trust is true. */
void sched_trust_clock(sched_t *s, bool trust);

/* True when date-based rules are applied at now (see sched_set_clock_synced). */
bool sched_dates_trusted(const sched_t *s, time_t now);

/* Whether the screen should be on at now (inside the configured screen
 * hours; always true without them). *next_change (may be NULL) gets the next
 * instant the answer flips, or -1 when it never does within 8 days. This is
 * the decision the power hook acts on; SLIDE_BLANK is its slide form. */
bool sched_screen_on(const sched_t *s, time_t now, time_t *next_change);

/* Fills out as if it played now in language l (lang2 LANG_COUNT): duration,
 * relative date, opening state, sold-out band. Does not touch the rotation. */
void sched_describe(const sched_t *s, const struct item *it, time_t now, enum lang l,
                    struct sched_pick *out);

/* The UTC instant of wall-clock time wall in the feed's zone; a time skipped
 * by a DST change gives the instant of the jump, a repeated one its first
 * occurrence. */
time_t sched_instant(const sched_t *s, civil_t wall);

/* The zone in use ("Europe/Paris") and its abbreviation at now ("CEST"). */
const char *sched_zone(const sched_t *s, time_t now, const char **abbr);

/* The ticker lines that run in the crawl at now, in feed order; returns how
 * many were written to out (at most max). */
size_t sched_tickers(const sched_t *s, time_t now, const struct item **out, size_t max);

/* Whether an item other than keep (may be NULL) with priority takeover is
 * eligible at now: it must come at once, before any slide already chosen. */
bool sched_takeover_waiting(const sched_t *s, const struct item *keep, time_t now);

/* After a reload (sched_set_feed), the slide already chosen for next keeps
 * its turn, which the rotation has counted: returns the new feed's item with
 * that id, to be drawn again from it. NULL when another slide must be picked
 * with sched_next: the item is gone, no longer eligible at now, or a
 * takeover waits (sched_takeover_waiting). Does not touch the rotation. */
const struct item *sched_keep_next(const sched_t *s, const char *id, time_t now);

/* Runs the rotation from instant from to instant to, calling fn for each
 * slide with its start instant: what the player would show, slide after
 * slide, through sched_next. Advances s's rotation. */
void sched_simulate(sched_t *s, time_t from, time_t to,
                    void (*fn)(void *ud, time_t at, const struct sched_pick *p), void *ud);

#endif
