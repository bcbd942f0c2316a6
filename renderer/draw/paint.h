/* paint — pixels on ARGB8888 CPU surfaces: fills that blend, rounded
 * rectangles, clipped copies and a blurred backdrop from a picture. No
 * fonts and no theme: what every slide layout paints with. Colours are
 * 0xAARRGGBB. */
#ifndef VITRINE_DRAW_PAINT_H
#define VITRINE_DRAW_PAINT_H

#include <stdint.h>

#include <SDL.h>

#include "draw/layout.h"

/* A w x h ARGB8888 surface, transparent black; the caller frees it.
 * NULL (logged) when SDL cannot allocate it: the player then skips what it
 * was for and goes on (docs/security.md, "Out of memory"). */
SDL_Surface *paint_surface(int w, int h);

/* Fills b, clipped to s, with color: copied when opaque, else blended. */
void paint_fill(SDL_Surface *s, struct box b, uint32_t color);

/* Fills b with a rounded rectangle whose anti-aliased corners have radius r
 * (at most half the shorter side). */
void paint_round(SDL_Surface *s, struct box b, int r, uint32_t color);

/* Blends src onto dst with its top-left corner at (x, y), clipped to clip
 * (and to dst). Sets src's blend mode to SDL_BLENDMODE_BLEND. */
void paint_blit(SDL_Surface *dst, SDL_Surface *src, int x, int y, struct box clip);

/* Blends pic centred in b, clipped to b: a cover picture fills b, a
 * contained one leaves a margin. */
void paint_center(SDL_Surface *dst, SDL_Surface *pic, struct box b);

/* Paints b with a soft copy of the part of pic that has b's shape (scaled
 * far down, then back up), darkened with tint's colour. Leaves b as it was
 * when a step runs out of surfaces. */
void paint_backdrop(SDL_Surface *dst, SDL_Surface *pic, struct box b, uint32_t tint);

#endif
