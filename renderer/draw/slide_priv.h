/* slide_priv — what the slide layouts share and nobody else needs: the
 * drawer's fields, a pool for the strings built while painting one slide,
 * and the helpers for text and pictures. slide.c holds the drawer and these
 * helpers, slide_item.c the layouts of items, slide_gen.c the slides the
 * player generates (agenda, fallback). */
#ifndef VITRINE_DRAW_SLIDE_PRIV_H
#define VITRINE_DRAW_SLIDE_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "draw/image.h"
#include "draw/slide.h"
#include "draw/text.h"
#include "draw/theme.h"
#include "model/locale.h"

#define MAX_LOGGED 256

struct drawer {
    const theme_t *t;
    const struct theme_variant *v;
    int w, h, unit;
    bool portrait;
    fontcache_t *fc;
    /* sizes in pixels */
    int title, subtitle, body, meta, label, caption, min, margin, gap, qr;
    char *logged[MAX_LOGGED]; /* image paths already reported */
    SDL_Surface *mark;        /* the theme's logo as a watermark, decoded once */
    bool mark_failed;
    image_budget_t *budget; /* bound on decoded pictures (docs/security.md) */
    SDL_Surface *bleed;     /* while laying out a photo-first slide: its photo */
    int nlogged;
};

/* Strings built for one slide, freed together. */
struct pool {
    char **v;
    int n, cap;
};

/* Takes ownership of s (NULL passes through) until slide_pool_free; returns s. */
const char *slide_pool_add(struct pool *p, char *s);

/* Frees every string added, and the pool's array; the pool can be reused. */
void slide_pool_free(struct pool *p);

/* l when it is a language, else French. */
enum lang slide_lang(enum lang l);

/* An item's text in l (else French), with French typography when the value
 * is the French one (that copy goes to p); NULL when empty. */
const char *slide_text(struct pool *p, const tr_text *t, enum lang l);

/* The text in l itself, NULL when l has none: one language a slide, so a
 * Basque slide leaves out an untranslated French description rather than
 * mixing it in (titles and venues, names, use slide_text). */
const char *slide_own_text(struct pool *p, const tr_text *t, enum lang l);

/* Upper-cases the first letter of s in place (ASCII or Latin-1); returns s. */
char *slide_capitalize(char *s);

/* A text style of the theme's font (FONT_TITLE...) at px pixels, shrinking
 * down to the theme's minimum, left-aligned, at most max_lines (0: any). */
struct text_style slide_style(const drawer_t *d, int font, int px, uint32_t color, int max_lines);

/* What the slide must say of an item that will not play as announced:
 * LOC_CANCELLED, LOC_POSTPONED, LOC_SUSPENDED, LOC_SOLD_OUT, or LOC_COUNT
 * for none. A ticket says it of its event, and is sold out with no seat
 * left (or when the scheduler says so in ctx, which may be NULL). */
enum loc_key slide_status(const feed_t *feed, const struct item *it, const struct slide_ctx *ctx);

/* The status band: the word on the theme's status colour, centred in b, as
 * large as b allows. Every kind draws the same band (docs/themes.md). */
void slide_status_band(drawer_t *d, SDL_Surface *s, struct box b, enum loc_key status,
                       enum lang l);

/* A line struck through each line of l drawn at b (a cancelled date). */
void slide_strike(drawer_t *d, SDL_Surface *s, const struct text_layout *l, struct box b);

/* Like slide_picture, for an item's photo or poster (slide_image), cropped around its
 * focal point: one smaller than IMAGE_MIN_SIDE on a side counts as missing
 * (logged once). Logos use slide_picture. */
SDL_Surface *slide_photo(drawer_t *d, const feed_t *feed, const struct item *it, int w, int h,
                         enum image_fit fit);

/* The item's picture for this screen: its portrait or landscape version
 * when it has one, else its image (may be NULL). */
const char *slide_image(const drawer_t *d, const struct item *it);

/* Loads picture ref (relative to feed's folder, or absolute; feed may be
 * NULL) scaled for a w x h box. Returns a surface the caller frees, or NULL
 * for a URL not yet cached or a file that cannot be read; each path is
 * logged once per drawer. */
SDL_Surface *slide_picture(drawer_t *d, const feed_t *feed, const char *ref, int w, int h,
                           enum image_fit fit);

#endif
