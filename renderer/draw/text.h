/* text — UTF-8 text in boxes with SDL_ttf: word wrap, shrink-to-fit down to a
 * minimum size, then an ellipsis. Nothing is ever drawn outside its box: a
 * layout is computed first (text_fit), then painted (text_draw) clipped to the
 * box. Fonts are opened once per file and pixel size in a font cache.
 * SDL_ttf is not thread-safe: use a cache and its layouts from one thread. */
#ifndef VITRINE_DRAW_TEXT_H
#define VITRINE_DRAW_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "draw/layout.h"

typedef struct fontcache fontcache_t;

/* An empty cache holding at most FONTCACHE_MAX open fonts (least recently
 * used closed first). TTF_Init must have been called. fontcache_free closes
 * every font (NULL is a no-op).
 * One open font (a file at one pixel size) costs 200 to 260 kB of heap once
 * it has shaped and drawn text: SDL_ttf's glyph cache, FreeType's face and
 * HarfBuzz's copy of the layout tables, none shared between sizes. Fitting
 * tries several sizes per box, so the default content uses 30 sizes over
 * its four languages at 640x360 and 48 at 1920x1080: with room for 48, the
 * heap grew at each language's first tour (docs/performance.md, "Memory
 * over weeks"). 16 fonts are full after a few slides; the least recently
 * used one is reopened on 1.4 % (640x360) to 2.8 % (1920x1080) of lookups,
 * 3 ms each on the preparation thread. */
#define FONTCACHE_MAX 16
fontcache_t *fontcache_create(void);
void fontcache_free(fontcache_t *fc);

/* The font file at px pixels, opened on first use; NULL when it cannot be
 * opened (logged once per file). Valid until the next fontcache_get. */
TTF_Font *fontcache_get(fontcache_t *fc, const char *file, int px);

enum text_align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT };

struct text_style {
    const char *font; /* font file */
    int size;         /* wanted size in pixels */
    int min_size;     /* smallest size before cutting with an ellipsis; 0 = size */
    uint32_t color;   /* 0xAARRGGBB */
    enum text_align align;
    int max_lines;  /* 0: as many as fit */
    double spacing; /* line pitch as a multiple of the font's line skip; 0 = 1 */
    bool balance;   /* lines of even length (titles): no word alone on the last */
    bool sentences; /* too long: cut after the last whole sentence that fits, the
                       ellipsis only when not even the first one does */
};

/* A laid-out text: lines that each fit the width, at one size. */
struct text_layout {
    const char *font; /* borrowed from the style */
    int size;         /* the size chosen */
    int pitch;        /* distance between baselines */
    int line_h;       /* height of one line's glyph box */
    int nlines;
    char **lines;   /* heap strings; the last may end with an ellipsis */
    int w, h;       /* the width of the widest line and the total height */
    bool shrunk;    /* drawn smaller than style->size */
    bool truncated; /* cut with an ellipsis (or not drawn at all) */
    bool shortened; /* cut after a whole sentence (style->sentences) */
    uint32_t color;
    enum text_align align;
};

/* Lays out text for a box of w x h pixels: wraps at spaces (no-break spaces
 * hold), breaks '\n', breaks a word longer than a line between characters,
 * shrinks from style->size to style->min_size until everything fits, and
 * otherwise cuts the last line that fits with "…". An empty text, a box
 * too small for a single line or a font that cannot be opened gives 0
 * lines. Free with text_layout_free. */
void text_fit(fontcache_t *fc, const char *text, const struct text_style *style, int w, int h,
              struct text_layout *out);
void text_layout_free(struct text_layout *l);

/* Paints a layout at the top of box b (aligned horizontally within b),
 * clipped to b as a safety net. Returns the rectangle the glyph images cover
 * before clipping (empty when nothing was drawn): inside b whenever the
 * layout was fitted to b's size, which is what the tests check. */
struct box text_draw(fontcache_t *fc, SDL_Surface *dst, const struct text_layout *l, struct box b);

/* Fit and draw in one step; returns the height used (l->h), 0 if nothing. */
int text_box(fontcache_t *fc, SDL_Surface *dst, const char *text, const struct text_style *st,
             struct box b);

/* The width in pixels of text on one line at px (0 when the font fails). */
int text_width(fontcache_t *fc, const char *font, int px, const char *text);

/* The height of one line at px (the font's ascent minus descent). */
int text_line_height(fontcache_t *fc, const char *font, int px);

#endif
