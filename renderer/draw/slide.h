/* slide — from an item to pixels: a theme, and a drawer that lays out and
 * paints whole slides on CPU surfaces at one screen size. No window here:
 * `vitrine render` and the player's prepare thread share this code, so a PNG
 * from render is what the screen shows.
 * SDL_ttf is not thread-safe: use a drawer (and theme fonts) from one thread. */
#ifndef VITRINE_DRAW_SLIDE_H
#define VITRINE_DRAW_SLIDE_H

#include <SDL.h>

#include "model/diag.h"
#include "model/feed.h"
#include "model/weather.h"

typedef struct theme theme_t;
typedef struct drawer drawer_t;

/* Loads themes/NAME/theme.ini (dir is the theme's folder). Problems go to
 * diag as FILE:LINE: message; returns NULL when the theme is unusable. */
theme_t *theme_load(const char *dir, diag_t *diag);
void theme_free(theme_t *t);

/* The theme's default transition and its duration in ms (from the theme). */
enum transition theme_transition(const theme_t *t, int *duration_ms);

/* The theme's rotation (0, 90, 180, 270): the screen is mounted sideways. */
int theme_rotate(const theme_t *t);

/* Slow motion: how much larger than its box the moving photo is decoded,
 * the most it zooms in during a hold (docs/themes.md, slow_motion). */
#define SLIDE_MOTION_ZOOM 1.08

/* A slide's photo as a layer of its own, for slow motion: the player moves
 * it in box while the rest of the slide stays still. */
struct slide_motion {
    SDL_Rect box;       /* the photo's box in the slide; w == 0: no photo to move */
    SDL_Surface *photo; /* the photo SLIDE_MOTION_ZOOM times box's size, cropped
                           as the slide's (the caller frees it), or NULL */
    double fx, fy;      /* the focal point, fractions of photo: where it zooms to */
};

/* What the scheduler decided about this showing of a slide. */
struct slide_ctx {
    enum lang lang;
    enum lang lang2;               /* second language under the first, or LANG_COUNT */
    civil_t now;                   /* wall-clock time, for generated labels */
    const char *when_label;        /* relative date ("Demain", "Ce soir"), or NULL */
    const char *status_label;      /* provider "Ouvert · ferme à 18 h", or NULL */
    bool sold_out;                 /* ticket: draw the "Complet" band */
    const struct weather *weather; /* fit to show (fresh), or NULL: no weather */
    /* The agenda: how many events its window holds when more than the n
     * given (sched_agenda_count); 0: n. The slide tells the rest. */
    size_t agenda_total;
    /* Non-NULL: an item with a video (poster, place) gets a black box where
     * its picture would be, for the player to play the film in, and *film
     * receives it (w == 0 when there is none). NULL: pictures as usual. */
    SDL_Rect *film;
    /* Non-NULL: a slide whose photo fills a box of its own (the layouts with
     * the photo beside or above the text, cover fit) also gives that photo
     * as a layer in *motion; else motion->box.w is 0. */
    struct slide_motion *motion;
};

/* A drawer for one slide size (the logical screen size, after rotation).
 * Resolves the theme's fonts with fontconfig. Returns NULL with a message in
 * diag when no font at all can be found (a start-up error). */
drawer_t *drawer_create(const theme_t *theme, int width, int height, diag_t *diag);
void drawer_free(drawer_t *d);

/* Paints one item as a width x height ARGB8888 surface; the caller frees it.
 * feed gives the folder images resolve in and the settings. A missing or
 * unreadable image falls back to the layout's text-only variant, logged once.
 * Returns NULL only on out-of-memory. */
SDL_Surface *drawer_slide(drawer_t *d, const feed_t *feed, const struct item *it,
                          const struct slide_ctx *ctx);

/* Pictures smaller than IMAGE_MIN_SIDE on a side count as missing (the
 * text-only layout); `vitrine check` warns under IMAGE_GOOD_SIDE. */
#define IMAGE_MIN_SIDE  200
#define IMAGE_GOOD_SIDE 600

/* Adds a warning to warn for each local picture of feed smaller than
 * IMAGE_GOOD_SIDE on a side (URLs are not fetched here). */
void drawer_check_images(const feed_t *feed, diag_t *warn);

/* The most events an agenda slide is given (the player, `vitrine render`);
 * the rest of its window is counted through slide_ctx.agenda_total. */
#define AGENDA_EVENTS_MAX 12

/* The agenda slide: the given events, in the order given (those under way
 * first). Rows shrink down to the smallest readable text to fit; the events
 * that still do not fit, and those past n (ctx->agenda_total), are counted
 * on a last line ("+ 4 autres rendez-vous à l'accueil"), never dropped in
 * silence. */
SDL_Surface *drawer_agenda(drawer_t *d, const feed_t *feed, const struct item *const *events,
                           size_t n, const struct slide_ctx *ctx);

/* After hours on a shop-window screen: "Fermé", when the office reopens
 * (ctx->when_label), QR codes to the office's web site, agenda and booking
 * page (the feed's settings), and the weather now when ctx->weather is set. */
SDL_Surface *drawer_closed(drawer_t *d, const feed_t *feed, const struct slide_ctx *ctx);

/* The weather of today and the next two days (ctx->weather, required: NULL
 * returns NULL). */
SDL_Surface *drawer_weather(drawer_t *d, const feed_t *feed, const struct slide_ctx *ctx);

/* What the information band shows: the time and date, the weather now
 * (NULL: left out) and the next event of the day ("20 h 30 · Concert de
 * Noël", or NULL). */
struct band_info {
    enum lang lang;
    civil_t now;
    const struct weather *weather;
    const char *next_event;
};

/* The information band, a w x h strip in the ticker's colours: time and
 * date on the left, the weather on the right, the next event between, cut
 * with an ellipsis when the strip is short of room. */
SDL_Surface *drawer_band(drawer_t *d, int w, int h, const struct band_info *bi);

/* The band's height on a w x h screen: high enough that its smaller text
 * keeps to the 3 % of the screen height that any text on screen has. */
int band_height(int w, int h);

/* The fallback slide when nothing is eligible: the office's name, logo and
 * opening hours from the feed settings. Never fails but on out-of-memory. */
SDL_Surface *drawer_fallback(drawer_t *d, const feed_t *feed, const struct slide_ctx *ctx);

#endif
