#include "play/compose.h"

#include <math.h>
#include <string.h>

#include "draw/slide.h"
#include "model/util.h"

void compose_layout(struct layout *L, int fw, int fh, int rotate, double clock, double ticker)
{
    memset(L, 0, sizeof(*L));
    L->fw = fw;
    L->fh = fh;
    L->rotate = rotate;
    bool swap = rotate == 90 || rotate == 270;
    L->lw = swap ? fh : fw;
    L->lh = swap ? fw : fh;
    static const int dir[4][2] = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
    L->dx = dir[rotate / 90 % 4][0];
    L->dy = dir[rotate / 90 % 4][1];

    int unit = L->lw < L->lh ? L->lw : L->lh;
    int bh = ticker > 0 ? (int)lround(unit * ticker) : 0;
    L->band_l = (SDL_Rect){0, L->lh - bh, bh ? L->lw : 0, bh};
    L->slide_l = (SDL_Rect){0, 0, L->lw, L->lh - bh};
    if (clock > 0) {
        int ch = (int)lround(unit * clock), m = (int)lround(unit * 0.025);
        L->clock_l = (SDL_Rect){L->lw - m - ch * 3, m, ch * 3, ch};
    }
    L->slide = compose_rect(L, L->slide_l);
    L->band = compose_rect(L, L->band_l);
    L->clock = compose_rect(L, L->clock_l);
}

void compose_info_band(struct layout *L, int h, bool top)
{
    if (h <= 0 || h >= L->slide_l.h / 2)
        return;
    if (top) {
        L->clock_l = (SDL_Rect){0, L->slide_l.y, L->lw, h};
        L->slide_l.y += h;
    } else {
        L->clock_l = (SDL_Rect){0, L->slide_l.y + L->slide_l.h - h, L->lw, h};
    }
    L->slide_l.h -= h;
    L->slide = compose_rect(L, L->slide_l);
    L->clock = compose_rect(L, L->clock_l);
}

SDL_Rect compose_rect(const struct layout *L, SDL_Rect r)
{
    switch (L->rotate) {
    case 90:
        return (SDL_Rect){L->lh - r.y - r.h, r.x, r.h, r.w};
    case 180:
        return (SDL_Rect){L->lw - r.x - r.w, L->lh - r.y - r.h, r.w, r.h};
    case 270:
        return (SDL_Rect){r.y, L->lw - r.x - r.w, r.h, r.w};
    default:
        return r;
    }
}

static void place(display_t *d, dimage_t *img, SDL_Rect at, const SDL_Rect *clip)
{
    if (img)
        display_copy(d, img, at.x, at.y, clip);
    else
        display_fill(d, clip, 0xff000000u);
}

void compose_transition(display_t *d, const struct layout *L, enum transition kind, double p,
                        dimage_t *from, dimage_t *to)
{
    const SDL_Rect *S = &L->slide;
    if (p <= 0) {
        place(d, from, *S, S);
        return;
    }
    if (p >= 1 || kind == TRANS_CUT) {
        place(d, to, *S, S);
        return;
    }
    /* Motion eases in and out; the fade stays linear like CSS opacity. */
    double e = p * p * (3 - 2 * p);
    SDL_Rect sl = L->slide_l;
    switch (kind) {
    case TRANS_PUSH: {
        int o = (int)lround(e * sl.w);
        SDL_Rect a = {sl.x - o, sl.y, sl.w, sl.h}, b = {sl.x + sl.w - o, sl.y, sl.w, sl.h};
        SDL_Rect fa = compose_rect(L, a), fb = compose_rect(L, b);
        SDL_Rect ca, cb;
        if (SDL_IntersectRect(&fa, S, &ca))
            place(d, from, fa, &ca);
        if (SDL_IntersectRect(&fb, S, &cb))
            place(d, to, fb, &cb);
        return;
    }
    case TRANS_WIPE: {
        int o = (int)lround(e * sl.w);
        SDL_Rect a = {sl.x + o, sl.y, sl.w - o, sl.h}, b = {sl.x, sl.y, o, sl.h};
        SDL_Rect ca = compose_rect(L, a), cb = compose_rect(L, b);
        if (ca.w > 0 && ca.h > 0)
            place(d, from, *S, &ca);
        if (cb.w > 0 && cb.h > 0)
            place(d, to, *S, &cb);
        return;
    }
    default: {
        int t = (int)lround(p * 256);
        if (from && to) {
            display_mix(d, from, to, t, S);
        } else if (to || from) {
            /* From or to black: mix with nothing is a fade through black. */
            place(d, t < 128 ? from : to, *S, S);
        }
        return;
    }
    }
}

/* ---- slow motion ------------------------------------------------------ */

SDL_Rect compose_motion_rect(const struct layout *L, SDL_Rect box)
{
    SDL_Rect r = {L->slide.x + box.x, L->slide.y + box.y, box.w, box.h};
    SDL_Rect out;
    return SDL_IntersectRect(&r, &L->slide, &out) ? out : (SDL_Rect){0, 0, 0, 0};
}

/* One axis: where the photo (of length len, at scale s) starts so that the
 * visible part (box long) is centred between the middle and the focal point
 * f by e, and stays inside the photo. */
static double motion_axis(double len, double box, double s, double f, double e)
{
    double vis = box / s; /* in photo pixels */
    double c = len / 2 + (f * len - len / 2) * e;
    if (c < vis / 2)
        c = vis / 2;
    if (c > len - vis / 2)
        c = len - vis / 2;
    return -(c - vis / 2) * s;
}

void compose_motion(display_t *d, const struct layout *L, dimage_t *photo, SDL_Rect box, double fx,
                    double fy, double p)
{
    if (!photo || box.w <= 0 || box.h <= 0)
        return;
    int pw, ph;
    display_image_size(photo, &pw, &ph);
    p = p < 0 ? 0 : p > 1 ? 1 : p;
    double e = (1 - cos(2 * M_PI * p)) / 2; /* 0 at both ends, 1 half-way */
    /* scale: the whole photo in the box (1/zoom) to one photo pixel a pixel */
    double s = (double)box.w / pw * (1 + (SLIDE_MOTION_ZOOM - 1) * e);
    double sy = (double)box.h / ph * (1 + (SLIDE_MOTION_ZOOM - 1) * e);
    SDL_Rect clip = compose_motion_rect(L, box);
    SDL_FRect dst = {(float)(L->slide.x + box.x + motion_axis(pw, box.w, s, fx, e)),
                     (float)(L->slide.y + box.y + motion_axis(ph, box.h, sy, fy, e)),
                     (float)(pw * s), (float)(ph * sy)};
    display_copy_scaled(d, photo, &dst, &clip);
}

/* ---- ticker ----------------------------------------------------------- */

struct ticker {
    SDL_Surface *strip; /* period + band width + 1 columns */
    int period;
    double speed;
    SDL_Surface *band; /* logical band */
    SDL_Surface *turn; /* the band turned into frame orientation, or NULL */
    dimage_t *img;
    uint64_t t0;
    bool started;
};

static inline uint32_t *pix(SDL_Surface *s, int x, int y)
{
    return (uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch) + x;
}

ticker_t *ticker_create(display_t *d, const struct layout *L, SDL_Surface *strip, int period,
                        double speed)
{
    if (!strip || L->band_l.w <= 0 || strip->h != L->band_l.h ||
        strip->w < period + L->band_l.w + 1) {
        SDL_FreeSurface(strip);
        return NULL;
    }
    ticker_t *t = xcalloc(1, sizeof(*t));
    t->strip = strip;
    t->period = period > 0 ? period : 1;
    t->speed = speed;
    t->band =
        SDL_CreateRGBSurfaceWithFormat(0, L->band_l.w, L->band_l.h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (L->rotate)
        t->turn =
            SDL_CreateRGBSurfaceWithFormat(0, L->band.w, L->band.h, 32, SDL_PIXELFORMAT_ARGB8888);
    t->img = display_stream(d, L->band.w, L->band.h);
    if (!t->band || (L->rotate && !t->turn) || !t->img) {
        ticker_free(d, t);
        return NULL;
    }
    return t;
}

void ticker_free(display_t *d, ticker_t *t)
{
    if (!t)
        return;
    SDL_FreeSurface(t->strip);
    SDL_FreeSurface(t->band);
    SDL_FreeSurface(t->turn);
    display_image_free(d, t->img);
    free(t);
}

static void turn(SDL_Surface *dst, SDL_Surface *src, int deg)
{
    for (int y = 0; y < src->h; y++) {
        const uint32_t *row = pix(src, 0, y);
        for (int x = 0; x < src->w; x++) {
            if (deg == 90)
                *pix(dst, src->h - 1 - y, x) = row[x];
            else if (deg == 180)
                *pix(dst, src->w - 1 - x, src->h - 1 - y) = row[x];
            else
                *pix(dst, y, src->w - 1 - x) = row[x];
        }
    }
}

void ticker_draw(ticker_t *t, display_t *d, const struct layout *L, uint64_t now_ms)
{
    if (!t)
        return;
    if (!t->started) {
        t->t0 = now_ms;
        t->started = true;
    }
    double off = fmod((double)(now_ms - t->t0) / 1000.0 * t->speed, (double)t->period);
    int ix = (int)off;
    int f = (int)((off - ix) * 256);
    for (int y = 0; y < t->band->h; y++)
        display_mix_row(pix(t->band, 0, y), pix(t->strip, ix, y), pix(t->strip, ix + 1, y),
                        t->band->w, f);
    SDL_Surface *out = t->band;
    if (t->turn) {
        turn(t->turn, t->band, L->rotate);
        out = t->turn;
    }
    display_stream_update(d, t->img, out);
    display_copy(d, t->img, L->band.x, L->band.y, &L->band);
}
