/* image_scale — scaling and EXIF turning of decoded pictures.
 *
 * Scaling is a separable two-pass filter in fixed point: exact area
 * averaging (box filter with coverage weights) on each shrinking axis,
 * bilinear on each enlarging axis, on premultiplied alpha so that
 * transparent edges keep their colour. The vertical pass streams source
 * rows through a small ring, so the extra memory is a few rows. */
#include "draw/image.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "draw/image_priv.h"
#include "model/util.h"

/* --- scaling ---------------------------------------------------------- */

#define WBITS 15
#define ONE   (1u << WBITS)

/* Per-axis filter: destination i reads taps source samples from start[i]
 * (relative to the crop) with weights w[i * stride ..], summing to ONE. */
struct axis {
    int *start;
    int *taps;
    uint32_t *w;
    int stride;
};

static void axis_free(struct axis *a)
{
    free(a->start);
    free(a->taps);
    free(a->w);
}

static void axis_init(struct axis *a, int n, int dn)
{
    a->start = xmalloc(sizeof(int) * (size_t)dn);
    a->taps = xmalloc(sizeof(int) * (size_t)dn);
    if (n >= dn) {
        /* Box: destination i covers [i*n, (i+1)*n) in units of 1/dn source
         * pixel; source j covers [j*dn, (j+1)*dn). Weight = overlap / n. */
        a->stride = n / dn + 2;
        a->w = xmalloc(sizeof(uint32_t) * (size_t)dn * (size_t)a->stride);
        for (int i = 0; i < dn; i++) {
            int64_t lo = (int64_t)i * n, hi = lo + n;
            int j0 = (int)(lo / dn), j1 = (int)((hi - 1) / dn);
            uint32_t *w = a->w + (size_t)i * a->stride, sum = 0, best = 0;
            int bi = 0;
            for (int j = j0; j <= j1; j++) {
                int64_t a0 = (int64_t)j * dn, a1 = a0 + dn;
                int64_t ov = (a1 < hi ? a1 : hi) - (a0 > lo ? a0 : lo);
                uint32_t wt = (uint32_t)((ov * ONE + n / 2) / n);
                w[j - j0] = wt;
                sum += wt;
                if (wt > best) {
                    best = wt;
                    bi = j - j0;
                }
            }
            w[bi] += ONE - sum; /* rounding: the weights sum to exactly ONE */
            a->start[i] = j0;
            a->taps[i] = j1 - j0 + 1;
        }
    } else {
        /* Bilinear, pixel centres aligned: x = (i + 0.5) * n / dn - 0.5. */
        a->stride = 2;
        a->w = xmalloc(sizeof(uint32_t) * (size_t)dn * 2);
        for (int i = 0; i < dn; i++) {
            int64_t num = (int64_t)(2 * i + 1) * n - dn, den = 2 * (int64_t)dn;
            int j = 0;
            uint32_t frac = 0;
            if (num > 0) {
                j = (int)(num / den);
                frac = (uint32_t)((num - j * den) * ONE / den);
            }
            uint32_t *w = a->w + (size_t)i * 2;
            if (n == 1) {
                a->start[i] = 0;
                a->taps[i] = 1;
                w[0] = ONE;
            } else if (j >= n - 1) {
                a->start[i] = n - 1;
                a->taps[i] = 1;
                w[0] = ONE;
            } else {
                a->start[i] = j;
                a->taps[i] = 2;
                w[0] = ONE - frac;
                w[1] = frac;
            }
        }
    }
}

/* How to read source pixels: 8-bit channels at shifts in a 24- or 32-bit
 * word, or 8-bit indices into a palette (turned into ARGB8888 words with
 * the colour key made transparent). Anything else is converted to
 * ARGB8888 first, which costs a full copy of the picture. */
struct reader {
    const uint8_t *pixels;
    int pitch, bpp;
    int rs, gs, bs, as; /* as < 0: opaque */
    int indexed;
    uint32_t lut[256];
};

static int reader_init(struct reader *r, SDL_Surface *s)
{
    const SDL_PixelFormat *f = s->format;
    if (s->flags & SDL_RLEACCEL)
        return -1;
    r->pixels = s->pixels;
    r->pitch = s->pitch;
    r->indexed = 0;
    if (f->format == SDL_PIXELFORMAT_INDEX8 && f->palette) {
        const SDL_Palette *pal = f->palette;
        for (int i = 0; i < 256; i++) {
            SDL_Color c = i < pal->ncolors ? pal->colors[i] : (SDL_Color){0, 0, 0, 255};
            r->lut[i] = (uint32_t)c.a << 24 | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
        }
        /* SDL_GetColorKey sets SDL's per-thread error (a buffer that a
         * non-SDL thread never frees) when there is no key: ask first. */
        Uint32 key;
        if (SDL_HasColorKey(s) && SDL_GetColorKey(s, &key) == 0 && key < 256)
            r->lut[key] &= 0x00ffffffu;
        r->indexed = 1;
        r->bpp = 1;
        r->rs = 16;
        r->gs = 8;
        r->bs = 0;
        r->as = 24;
        return 0;
    }
    if (SDL_ISPIXELFORMAT_INDEXED(f->format) || (f->BytesPerPixel != 3 && f->BytesPerPixel != 4))
        return -1;
    if (f->Rloss || f->Gloss || f->Bloss || (f->Amask && f->Aloss) || SDL_HasColorKey(s))
        return -1;
    r->bpp = f->BytesPerPixel;
    r->rs = f->Rshift;
    r->gs = f->Gshift;
    r->bs = f->Bshift;
    r->as = f->Amask ? f->Ashift : -1;
    return 0;
}

/* Premultiplies n 32-bit pixels (8-bit channels at the given shifts; as < 0
 * for opaque) into A,R,G,B samples. Blocks of 8 with restrict pointers so
 * that -O2 vectorises the body; the tail goes one pixel at a time. */
static void premul32(const uint8_t *restrict p, uint16_t *restrict out, size_t n, int rs, int gs,
                     int bs, int as)
{
    size_t x = 0;
    uint32_t amask = as < 0 ? 0 : 255, aor = as < 0 ? 255 : 0;
    int ash = as < 0 ? 0 : as;
    for (; x + 8 <= n; x += 8) {
        for (size_t j = 0; j < 8; j++) {
            uint32_t v;
            memcpy(&v, p + (x + j) * 4, 4);
            uint32_t a = ((v >> ash) & amask) | aor;
            out[(x + j) * 4 + 0] = (uint16_t)(a * 255);
            out[(x + j) * 4 + 1] = (uint16_t)(((v >> rs) & 255) * a);
            out[(x + j) * 4 + 2] = (uint16_t)(((v >> gs) & 255) * a);
            out[(x + j) * 4 + 3] = (uint16_t)(((v >> bs) & 255) * a);
        }
    }
    for (; x < n; x++) {
        uint32_t v;
        memcpy(&v, p + x * 4, 4);
        uint32_t a = ((v >> ash) & amask) | aor;
        out[x * 4 + 0] = (uint16_t)(a * 255);
        out[x * 4 + 1] = (uint16_t)(((v >> rs) & 255) * a);
        out[x * 4 + 2] = (uint16_t)(((v >> gs) & 255) * a);
        out[x * 4 + 3] = (uint16_t)(((v >> bs) & 255) * a);
    }
}

/* The same for 24-bit pixels, always opaque; channels found by byte. */
static void premul24(const uint8_t *restrict p, uint16_t *restrict out, size_t n, int rs, int gs,
                     int bs)
{
#if SDL_BYTEORDER == SDL_LIL_ENDIAN
    const int ri = rs / 8, gi = gs / 8, bi = bs / 8;
#else
    const int ri = 2 - rs / 8, gi = 2 - gs / 8, bi = 2 - bs / 8;
#endif
    for (size_t x = 0; x < n; x++) {
        out[x * 4 + 0] = 65025;
        out[x * 4 + 1] = (uint16_t)(p[x * 3 + ri] * 255);
        out[x * 4 + 2] = (uint16_t)(p[x * 3 + gi] * 255);
        out[x * 4 + 3] = (uint16_t)(p[x * 3 + bi] * 255);
    }
}

/* Source row y, columns [x0, x0 + n), as premultiplied channels scaled to
 * 0..65025: c*a for colours and a*255 for alpha, in A,R,G,B order. */
static void read_row(const struct reader *r, int y, int x0, int n, uint16_t *out)
{
    const uint8_t *p = r->pixels + (size_t)y * r->pitch + (size_t)x0 * r->bpp;
    if (r->indexed) {
        for (int x = 0; x < n; x++, out += 4) {
            uint32_t v = r->lut[p[x]], a = v >> 24;
            out[0] = (uint16_t)(a * 255);
            out[1] = (uint16_t)(((v >> 16) & 255) * a);
            out[2] = (uint16_t)(((v >> 8) & 255) * a);
            out[3] = (uint16_t)((v & 255) * a);
        }
    } else if (r->bpp == 4)
        premul32(p, out, (size_t)n, r->rs, r->gs, r->bs, r->as);
    else
        premul24(p, out, (size_t)n, r->rs, r->gs, r->bs);
}

/* Horizontal pass over one premultiplied row into dw 4-channel samples. */
static void hpass(const struct axis *ax, int dw, const uint16_t *in, uint16_t *out)
{
    for (int i = 0; i < dw; i++) {
        const uint16_t *p = in + (size_t)ax->start[i] * 4;
        const uint32_t *w = ax->w + (size_t)i * ax->stride;
        uint32_t c0 = ONE / 2, c1 = ONE / 2, c2 = ONE / 2, c3 = ONE / 2;
        for (int t = 0, n = ax->taps[i]; t < n; t++, p += 4) {
            c0 += w[t] * p[0];
            c1 += w[t] * p[1];
            c2 += w[t] * p[2];
            c3 += w[t] * p[3];
        }
        out[i * 4 + 0] = (uint16_t)(c0 >> WBITS);
        out[i * 4 + 1] = (uint16_t)(c1 >> WBITS);
        out[i * 4 + 2] = (uint16_t)(c2 >> WBITS);
        out[i * 4 + 3] = (uint16_t)(c3 >> WBITS);
    }
}

/* The vertical pass's three loops, over n elements, n a multiple of
 * BLOCK: fixed-size inner blocks and restrict let the compiler vectorise
 * them even at -O2's cheapest cost model. */
#define BLOCK 16

static void vfirst(uint32_t *restrict acc, const uint16_t *restrict row, uint32_t w, size_t n)
{
    for (size_t k = 0; k < n; k += BLOCK)
        for (size_t j = 0; j < BLOCK; j++)
            acc[k + j] = ONE / 2 + w * row[k + j];
}

static void vmac(uint32_t *restrict acc, const uint16_t *restrict row, uint32_t w, size_t n)
{
    for (size_t k = 0; k < n; k += BLOCK)
        for (size_t j = 0; j < BLOCK; j++)
            acc[k + j] += w * row[k + j];
}

static void vstore(uint16_t *restrict col, const uint32_t *restrict acc, size_t n)
{
    for (size_t k = 0; k < n; k += BLOCK)
        for (size_t j = 0; j < BLOCK; j++)
            col[k + j] = (uint16_t)(acc[k + j] >> WBITS);
}

/* Back from premultiplied 0..65025 channels to a straight ARGB8888 pixel. */
static uint32_t unpremultiply(uint32_t a, uint32_t r, uint32_t g, uint32_t b)
{
    uint32_t a8 = (a + 127) / 255;
    if (a8 == 0)
        return 0;
    if (a8 == 255 && a >= 65025 - 127) /* opaque: colours are c * 255 */
        return 0xff000000u | ((r + 127) / 255) << 16 | ((g + 127) / 255) << 8 | (b + 127) / 255;
    /* c = C / (A / 255) = 255 C / A, rounded; A > 0 here. */
    uint32_t rr = (r * 255 + a / 2) / a, gg = (g * 255 + a / 2) / a, bb = (b * 255 + a / 2) / a;
    rr = rr > 255 ? 255 : rr;
    gg = gg > 255 ? 255 : gg;
    bb = bb > 255 ? 255 : bb;
    return a8 << 24 | rr << 16 | gg << 8 | bb;
}

/* Scales the crop (cx, cy, cw, ch) of src to a new dw x dh ARGB8888
 * surface, or NULL when SDL cannot make one. Vertical pass first: the
 * source rows (premultiplied once each, kept in a ring of as many rows as
 * the filter has taps) are combined into one row of the crop's width with
 * contiguous, vectorisable loops, and the costlier horizontal pass then
 * runs on dh rows only. */
SDL_Surface *image_scale_region(SDL_Surface *src, int cx, int cy, int cw, int ch, int dw, int dh)
{
    SDL_Surface *conv = NULL, *dst = NULL;
    struct reader rd;
    if (reader_init(&rd, src) != 0) {
        conv = SDL_ConvertSurfaceFormat(src, SDL_PIXELFORMAT_ARGB8888, 0);
        if (!conv || reader_init(&rd, conv) != 0)
            goto done;
        src = conv;
    }
    dst = SDL_CreateRGBSurfaceWithFormat(0, dw, dh, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!dst)
        goto done;
    int locked = SDL_MUSTLOCK(src) && SDL_LockSurface(src) == 0;
    rd.pixels = src->pixels;

    struct axis hx, vy;
    axis_init(&hx, cw, dw);
    axis_init(&vy, ch, dh);
    int ring_n = 1;
    for (int i = 0; i < dh; i++)
        ring_n = vy.taps[i] > ring_n ? vy.taps[i] : ring_n;
    size_t n4 = ((size_t)cw * 4 + BLOCK - 1) / BLOCK * BLOCK; /* padded row length */
    uint16_t *ring = xcalloc(n4 * (size_t)ring_n, sizeof(uint16_t));
    uint32_t *acc = xmalloc(sizeof(uint32_t) * n4);
    uint16_t *col = xmalloc(sizeof(uint16_t) * n4);
    uint16_t *line = xmalloc(sizeof(uint16_t) * 4 * (size_t)dw);
    int next = 0; /* next crop row to read into the ring */

    for (int y = 0; y < dh; y++) {
        int y0 = vy.start[y], taps = vy.taps[y];
        for (; next < y0 + taps; next++)
            read_row(&rd, cy + next, cx, cw, ring + (size_t)(next % ring_n) * n4);
        const uint32_t *w = vy.w + (size_t)y * vy.stride;
        vfirst(acc, ring + (size_t)(y0 % ring_n) * n4, w[0], n4);
        for (int t = 1; t < taps; t++)
            vmac(acc, ring + (size_t)((y0 + t) % ring_n) * n4, w[t], n4);
        vstore(col, acc, n4);
        hpass(&hx, dw, col, line);
        uint32_t *out = (uint32_t *)((uint8_t *)dst->pixels + (size_t)y * dst->pitch);
        for (int x = 0; x < dw; x++) {
            const uint16_t *c = line + (size_t)x * 4;
            out[x] = unpremultiply(c[0], c[1], c[2], c[3]);
        }
    }
    free(ring);
    free(acc);
    free(col);
    free(line);
    axis_free(&hx);
    axis_free(&vy);
    if (locked)
        SDL_UnlockSurface(src);
done:
    SDL_FreeSurface(conv);
    return dst;
}

SDL_Surface *image_scale(SDL_Surface *src, int w, int h)
{
    if (!src || w <= 0 || h <= 0 || src->w <= 0 || src->h <= 0)
        return NULL;
    return image_scale_region(src, 0, 0, src->w, src->h, w, h);
}

/* --- orientation ------------------------------------------------------ */

/* Source coordinates as sx = a*x + b*y + c*(sw-1), sy = d*x + e*y + f*(sh-1)
 * for destination (x, y), per EXIF orientation (1 is the identity). */
static const int8_t orient_m[9][6] = {
    {1, 0, 0, 0, 1, 0},   {1, 0, 0, 0, 1, 0},   {-1, 0, 1, 0, 1, 0},
    {-1, 0, 1, 0, -1, 1}, {1, 0, 0, 0, -1, 1},  {0, 1, 0, 1, 0, 0},
    {0, 1, 0, -1, 0, 1},  {0, -1, 1, -1, 0, 1}, {0, -1, 1, 1, 0, 0},
};

void image_orient_point(int o, double *fx, double *fy)
{
    const int8_t *k = orient_m[o >= 1 && o <= 8 ? o : 1];
    double x = *fx, y = *fy;
    *fx = k[0] * x + k[1] * y + k[2];
    *fy = k[3] * x + k[4] * y + k[5];
}

SDL_Surface *image_orient(SDL_Surface *s, int o)
{
    int sw = s->w, sh = s->h, swap = o >= 5;
    int W = swap ? sh : sw, H = swap ? sw : sh;
    SDL_Surface *d = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!d)
        goto done;
    const int8_t *k = orient_m[o >= 1 && o <= 8 ? o : 1];
    for (int y = 0; y < H; y++) {
        uint32_t *out = (uint32_t *)((uint8_t *)d->pixels + (size_t)y * d->pitch);
        for (int x = 0; x < W; x++) {
            int sx = k[0] * x + k[1] * y + k[2] * (sw - 1);
            int sy = k[3] * x + k[4] * y + k[5] * (sh - 1);
            out[x] = ((const uint32_t *)((const uint8_t *)s->pixels + (size_t)sy * s->pitch))[sx];
        }
    }
done:
    SDL_FreeSurface(s);
    return d;
}
