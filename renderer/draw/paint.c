#include "draw/paint.h"

#include <math.h>

#include "draw/image.h"
#include "model/util.h"

SDL_Surface *paint_surface(int w, int h)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s)
        log_msg(LV_ERR, "no memory for a %dx%d slide: %s; it is skipped", w, h, SDL_GetError());
    return s;
}

static inline uint32_t blend(uint32_t dst, uint32_t src, unsigned a)
{
    /* a in 0..255; result opaque when dst is */
    unsigned na = 255 - a;
    unsigned r = (((src >> 16) & 0xff) * a + ((dst >> 16) & 0xff) * na + 127) / 255;
    unsigned g = (((src >> 8) & 0xff) * a + ((dst >> 8) & 0xff) * na + 127) / 255;
    unsigned b = ((src & 0xff) * a + (dst & 0xff) * na + 127) / 255;
    unsigned da = (dst >> 24) & 0xff;
    unsigned oa = a + (da * na + 127) / 255;
    return (uint32_t)(oa << 24 | r << 16 | g << 8 | b);
}

/* Fills b (clipped to the surface) with an 0xAARRGGBB colour, blending. */
void paint_fill(SDL_Surface *s, struct box b, uint32_t color)
{
    b = box_intersect(b, (struct box){0, 0, s->w, s->h});
    if (b.w <= 0)
        return;
    unsigned a = color >> 24;
    if (a == 255) {
        SDL_Rect r = {b.x, b.y, b.w, b.h};
        SDL_FillRect(s, &r, color);
        return;
    }
    for (int y = b.y; y < b.y + b.h; y++) {
        uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + (size_t)y * s->pitch);
        for (int x = b.x; x < b.x + b.w; x++)
            row[x] = blend(row[x], color, a);
    }
}

/* A rounded rectangle with anti-aliased corners of radius r. */
void paint_round(SDL_Surface *s, struct box b, int r, uint32_t color)
{
    if (r * 2 > b.h)
        r = b.h / 2;
    if (r * 2 > b.w)
        r = b.w / 2;
    if (r <= 0) {
        paint_fill(s, b, color);
        return;
    }
    paint_fill(s, (struct box){b.x, b.y + r, b.w, b.h - 2 * r}, color);
    unsigned a0 = color >> 24;
    for (int dy = 0; dy < r; dy++) {
        for (int half = 0; half < 2; half++) {
            int y = half ? b.y + b.h - 1 - dy : b.y + dy;
            if (y < 0 || y >= s->h)
                continue;
            uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + (size_t)y * s->pitch);
            double cy = r - dy - 0.5;
            for (int dx = 0; dx < b.w; dx++) {
                int x = b.x + dx;
                if (x < 0 || x >= s->w)
                    continue;
                double cx = dx < r ? r - dx - 0.5 : dx >= b.w - r ? dx - (b.w - r) + 0.5 : 0;
                double cov = 1.0;
                if (cx > 0) {
                    double dist = sqrt(cx * cx + cy * cy);
                    cov = r - dist + 0.5;
                    cov = cov < 0 ? 0 : cov > 1 ? 1 : cov;
                }
                unsigned a = (unsigned)lround(a0 * cov);
                if (a)
                    row[x] = blend(row[x], color, a);
            }
        }
    }
}

/* Copies src into dst at (x, y), clipped to clip. */
void paint_blit(SDL_Surface *dst, SDL_Surface *src, int x, int y, struct box clip)
{
    SDL_Rect old, c = {clip.x, clip.y, clip.w, clip.h}, r = {x, y, src->w, src->h};
    SDL_GetClipRect(dst, &old);
    SDL_SetClipRect(dst, &c);
    SDL_SetSurfaceBlendMode(src, SDL_BLENDMODE_BLEND);
    SDL_BlitSurface(src, NULL, dst, &r);
    SDL_SetClipRect(dst, &old);
}

/* Paints pic into box b: cover pictures fill it, contained ones are centred. */
void paint_center(SDL_Surface *dst, SDL_Surface *pic, struct box b)
{
    struct box at = box_center(b, pic->w, pic->h);
    paint_blit(dst, pic, at.x, at.y, b);
}

/* A soft backdrop from a picture: the part that covers b, scaled far down
 * then back up (a cheap blur), darkened. */
void paint_backdrop(SDL_Surface *dst, SDL_Surface *pic, struct box b, uint32_t tint)
{
    /* the centred crop of pic with b's aspect ratio */
    double ar = (double)b.w / b.h;
    int cw = pic->w, ch = (int)lround(pic->w / ar);
    if (ch > pic->h) {
        ch = pic->h;
        cw = (int)lround(pic->h * ar);
    }
    if (cw < 1 || ch < 1)
        return;
    int cx = (pic->w - cw) / 2, cy = (pic->h - ch) / 2;
    SDL_Surface *crop = SDL_CreateRGBSurfaceWithFormatFrom(
        (uint8_t *)pic->pixels + (size_t)cy * pic->pitch + (size_t)cx * 4, cw, ch, 32, pic->pitch,
        SDL_PIXELFORMAT_ARGB8888);
    if (!crop)
        return;
    int sw = b.w / 40 > 4 ? b.w / 40 : 4, sh = b.h / 40 > 4 ? b.h / 40 : 4;
    SDL_Surface *small = image_scale(crop, sw, sh);
    SDL_FreeSurface(crop);
    if (!small)
        return;
    SDL_Surface *big = image_scale(small, b.w, b.h);
    SDL_FreeSurface(small);
    if (!big)
        return;
    SDL_SetSurfaceBlendMode(big, SDL_BLENDMODE_NONE);
    SDL_Rect r = {b.x, b.y, b.w, b.h};
    SDL_BlitSurface(big, NULL, dst, &r);
    SDL_FreeSurface(big);
    paint_fill(dst, b, (tint & 0x00ffffff) | 0xa0000000u);
}
