/* compose — where things go on the frame and how they move: the layout of
 * the slide, the clock and the ticker band (in logical coordinates, turned
 * by the theme's rotation into frame coordinates), the transitions, and the
 * ticker's crawl. Motion is a pure function of monotonic time, so a dropped
 * frame never slows an animation down. Render thread only. */
#ifndef VITRINE_PLAY_COMPOSE_H
#define VITRINE_PLAY_COMPOSE_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "model/item.h"
#include "play/display.h"

struct layout {
    int fw, fh;              /* the frame, as the display draws it */
    int lw, lh;              /* the logical screen (after rotation) */
    int rotate;              /* 0, 90, 180, 270: content turned clockwise */
    SDL_Rect slide_l, slide; /* the slide area: logical, frame */
    SDL_Rect band_l, band;   /* the ticker band; w == 0 when there is none */
    SDL_Rect clock_l, clock; /* the clock pill's box (its height sets its size) */
    int dx, dy;              /* frame direction of the logical +x axis */
};

/* Computes the layout of a fw x fh frame. Sizes are fractions of the
 * screen's unit, its shorter side (as in the theme); 0 leaves the overlay
 * out. The ticker band takes the bottom of the logical screen; the clock's
 * box sits in the top right corner. */
void compose_layout(struct layout *L, int fw, int fh, int rotate, double clock, double ticker);

/* Takes the information band, h pixels high, from the slide area at its
 * top or bottom edge (above the ticker), and makes it the clock's box: the
 * band replaces the clock pill and carries the time. */
void compose_info_band(struct layout *L, int h, bool top);

/* A logical rectangle in frame coordinates. */
SDL_Rect compose_rect(const struct layout *L, SDL_Rect logical);

/* Paints the slide area at progress p (0..1) of a transition from `from` to
 * `to` (either may be NULL: black). TRANS_CUT shows `to` whenever p > 0. */
void compose_transition(display_t *d, const struct layout *L, enum transition kind, double p,
                        dimage_t *from, dimage_t *to);

/* Slow motion: paints photo (a slide's photo layer, SLIDE_MOTION_ZOOM
 * times the size of its box, box in slide coordinates) at progress p (0..1)
 * of the hold: it zooms in towards the focal point (fx, fy, fractions of
 * the photo) and back out, easing at both ends, so that the hold starts and
 * ends on the slide as drawn. Sub-pixel: the position is never rounded.
 * Unturned screens only (rotate 0). */
void compose_motion(display_t *d, const struct layout *L, dimage_t *photo, SDL_Rect box, double fx,
                    double fy, double p);

/* The frame rectangle compose_motion paints. */
SDL_Rect compose_motion_rect(const struct layout *L, SDL_Rect box);

/* The crawl. */
typedef struct ticker ticker_t;

/* strip comes from prepare (PREP_TICKER) with its period; ownership passes.
 * speed in logical pixels per second. */
ticker_t *ticker_create(display_t *d, const struct layout *L, SDL_Surface *strip, int period,
                        double speed);
void ticker_free(display_t *d, ticker_t *t);

/* Paints the band for monotonic time now_ms, at a sub-pixel offset. */
void ticker_draw(ticker_t *t, display_t *d, const struct layout *L, uint64_t now_ms);

#endif
