/* TEMPORARY placeholder for h-media's draw/image.c, so that the player links
 * before it lands. Delete this file when merging h-media's image loader.
 * No EXIF, no area averaging: linear stretch only. */
#include <stdio.h>

#include <SDL.h>
#include <SDL_image.h>

#include "draw/image.h"

int image_probe(const char *path, int *w, int *h, char *err, size_t errsz)
{
    SDL_Surface *s = IMG_Load(path);
    if (!s) {
        snprintf(err, errsz, "%s", IMG_GetError());
        return -1;
    }
    *w = s->w;
    *h = s->h;
    SDL_FreeSurface(s);
    return 0;
}

SDL_Surface *image_scale(SDL_Surface *src, int w, int h)
{
    SDL_Surface *a = SDL_ConvertSurfaceFormat(src, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_Surface *d = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (a && d)
        SDL_SoftStretchLinear(a, NULL, d, NULL);
    SDL_FreeSurface(a);
    return d;
}

SDL_Surface *image_load_fit(const char *path, int w, int h, enum image_fit fit, char *err,
                            size_t errsz)
{
    SDL_Surface *s = IMG_Load(path);
    if (!s) {
        snprintf(err, errsz, "%s", IMG_GetError());
        return NULL;
    }
    double kx = (double)w / s->w, ky = (double)h / s->h;
    double k = fit == FIT_COVER ? SDL_max(kx, ky) : SDL_min(kx, ky);
    SDL_Surface *out;
    if (fit == FIT_COVER) {
        int sw = (int)(w / k), sh = (int)(h / k);
        SDL_Rect src = {(s->w - sw) / 2, (s->h - sh) / 2, sw, sh};
        SDL_Surface *a = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
        out = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (a && out)
            SDL_SoftStretchLinear(a, &src, out, NULL);
        SDL_FreeSurface(a);
    } else {
        int ow = (int)(s->w * k + 0.5), oh = (int)(s->h * k + 0.5);
        out = image_scale(s, ow > 0 ? ow : 1, oh > 0 ? oh : 1);
    }
    SDL_FreeSurface(s);
    return out;
}
