/* prepare — the worker thread that builds what the screen shows next.
 *
 * Image decoding, scaling, text layout and QR codes all happen here, into
 * CPU surfaces; the render thread only uploads finished surfaces and
 * composes. SDL_ttf and FreeType are used on this thread only: the drawer,
 * the clock and the ticker fonts all live here.
 *
 * Requests are served in order. Finished surfaces wait in an outbox until the
 * render thread takes them; each finished request also pushes one SDL user
 * event (wake_event) so that the main loop's SDL_WaitEventTimeout returns. */
#ifndef VITRINE_PLAY_PREPARE_H
#define VITRINE_PLAY_PREPARE_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "draw/slide.h"
#include "model/feed.h"
#include "model/weather.h"
#include "sched/sched.h"

/* A feed shared between the render thread and the worker: the worker may
 * still be drawing a slide of the previous feed while a new one plays. */
typedef struct prep_feed prep_feed_t;

/* Wraps f (ownership passes) with one reference. */
prep_feed_t *prep_feed_new(feed_t *f);
/* Adds a reference and returns pf. */
prep_feed_t *prep_feed_ref(prep_feed_t *pf);
/* Drops a reference; the last one frees the feed. NULL is fine. */
void prep_feed_unref(prep_feed_t *pf);
const feed_t *prep_feed_get(const prep_feed_t *pf);

enum prep_kind {
    PREP_SLIDE,  /* a slide, from a scheduler pick */
    PREP_CLOCK,  /* the clock overlay: text on a translucent pill */
    PREP_BAND,   /* the information band: time, date, weather, next event */
    PREP_TICKER, /* the ticker strip: text on the band colour, wrap-ready */
};

#define PREP_AGENDA_MAX AGENDA_EVENTS_MAX

struct prep_req {
    enum prep_kind kind;
    prep_feed_t *feed;                          /* SLIDE: a reference the request hands over */
    struct sched_pick pick;                     /* SLIDE */
    const struct item *agenda[PREP_AGENDA_MAX]; /* SLIDE_AGENDA events */
    size_t nagenda;
    size_t agenda_total;    /* SLIDE_AGENDA: events in the window (may exceed nagenda) */
    char *text;             /* CLOCK, TICKER: UTF-8, handed over (freed by prepare) */
    int w, h;               /* SLIDE: logical slide size; CLOCK: pill height in h;
                               TICKER: band width and height */
    int rotate;             /* SLIDE, CLOCK: rotate the result (0, 90, 180, 270) */
    uint32_t fg, bg;        /* CLOCK, TICKER colours, 0xAARRGGBB */
    struct weather weather; /* SLIDE, BAND: shown when has_weather (checked fresh) */
    bool has_weather;
    int bw, bh;     /* BAND: the strip's size (w, h: the slide's, for the fonts) */
    civil_t now;    /* BAND: the wall-clock minute shown */
    enum lang lang; /* BAND */
    bool film;      /* SLIDE: leave a black box for the item's video (slide.h) */
    bool motion;    /* SLIDE: give the photo as a layer of its own (slide_motion) */
};

struct prep_result {
    uint64_t id; /* as returned by prepare_submit */
    enum prep_kind kind;
    SDL_Surface *surface;       /* ARGB8888, owned by the taker; NULL on failure */
    int period;                 /* TICKER: the strip's repeat period in pixels */
    SDL_Rect film;              /* SLIDE with film: the film's box in the surface; w == 0: none */
    struct slide_motion motion; /* SLIDE with motion: the photo layer (owned by the
                                   taker); motion.photo NULL: none */
    double ms;                  /* how long it took to build */
};

typedef struct prepare prepare_t;

/* Starts the worker. theme is borrowed and must outlive the worker; it is
 * only read. Returns NULL when the thread cannot start. */
prepare_t *prepare_create(const theme_t *theme, uint32_t wake_event);

/* Stops the worker (waits for the request in progress) and frees whatever
 * is still queued or unclaimed. */
void prepare_free(prepare_t *p);

/* Queues a request (copied; its feed reference and text pass to prepare).
 * Returns its id, never 0. */
uint64_t prepare_submit(prepare_t *p, const struct prep_req *req);

/* Takes one finished result, if any; never blocks. */
bool prepare_take(prepare_t *p, struct prep_result *out);

/* Number of requests queued or in progress. */
int prepare_pending(prepare_t *p);

/* A new ARGB8888 surface: src turned clockwise by deg (0, 90, 180, 270).
 * deg 0 returns src itself; otherwise src is freed. NULL on OOM. */
SDL_Surface *prep_rotate(SDL_Surface *src, int deg);

#endif
