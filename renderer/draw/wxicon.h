/* wxicon — weather icons drawn by the project, not shipped as pictures: a
 * few discs and strokes per sky, anti-aliased at any size, so that an icon
 * is as sharp at 48 px in the band as at 300 px on the weather slide and is
 * readable from 3 m. Amber sun, blue rain, and clouds pale on a dark
 * background or grey on a light one. */
#ifndef VITRINE_DRAW_WXICON_H
#define VITRINE_DRAW_WXICON_H

#include <stdbool.h>

#include <SDL.h>

#include "draw/layout.h"
#include "model/weather.h"

/* Paints the icon of sky into the largest square centred in b, blending
 * over what s holds; light says the background is light. SKY_UNKNOWN
 * paints nothing. */
void wxicon_paint(SDL_Surface *s, struct box b, enum sky sky, bool light);

#endif
