/* theme — the parsed content of themes/NAME/theme.ini, for the draw layer
 * and the player's overlays (ticker, clock). The public face is slide.h
 * (theme_load, theme_free...); this header shows the values. Every size is a
 * fraction of the screen's unit, its shorter side (see layout.h). */
#ifndef VITRINE_DRAW_THEME_H
#define VITRINE_DRAW_THEME_H

#include <stdbool.h>
#include <stdint.h>

#include "draw/image.h"
#include "draw/layout.h"
#include "draw/slide.h"

struct theme_colors {
    uint32_t background, panel, text, muted;
    uint32_t accent, accent_text, accent2, accent2_text;
    uint32_t sold_out, sold_out_text;
    uint32_t qr_fg, qr_bg;
    uint32_t caption_bg, caption_text, backdrop;
    uint32_t ticker_bg, ticker_text, clock_bg, clock_text;
};

/* What may differ between landscape and portrait screens. */
struct theme_variant {
    double title, subtitle, body, meta, label, caption, min_text;
    double margin, gap, qr, line_spacing;
    double ticker, clock;
    struct lay_split split;
};

enum backdrop { BACKDROP_BLUR, BACKDROP_DARK, BACKDROP_COLOR };

/* Slow motion of photos during the hold (docs/themes.md): auto plays it
 * only where the GPU draws it (the software backend redraws the photo on
 * the CPU at every frame). */
enum slow_motion { MOTION_AUTO, MOTION_ON, MOTION_OFF };

/* The theme's fonts; FONT_DISPLAY is the titles' in the photo-first layout. */
enum { FONT_TITLE, FONT_BODY, FONT_LABEL, FONT_DISPLAY, FONT_COUNT };

struct theme {
    char *dir;  /* the theme's folder */
    char *file; /* dir/theme.ini, for messages */
    char *name;
    int rotate;
    enum transition transition;
    int transition_ms;
    char *logo;                  /* asset path (absolute or relative to the cwd), or NULL */
    char *font_name[FONT_COUNT]; /* fontconfig names: title, body, label, display */
    char *font_file[FONT_COUNT]; /* resolved files; NULL when no font at all */
    struct theme_colors c;
    struct theme_variant land, port;
    enum image_fit fit[KIND_COUNT];
    enum backdrop backdrop;
    bool stripe;      /* the tricolour stripe along the panel */
    bool photo_first; /* full-bleed photo, text on a gradient, display titles */
    enum slow_motion motion;
};

/* The table of theme.ini's keys (model/keytab.h): for tests and
 * documentation checks. */
struct keytab;
const struct keytab *theme_keytab(void);

/* The variant for a screen of w x h: portrait when taller than wide. */
const struct theme_variant *theme_variant(const theme_t *t, int w, int h);

#endif
