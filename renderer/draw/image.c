/* image — pictures from files into surfaces.
 *
 * Untrusted input: a partner's poster, a picture from a hacked website. So:
 * - image_probe (image_probe.c) reads the size from the header with bounded
 *   reads, never decoding;
 * - image_load_fit refuses oversized files and pictures before the decoder
 *   allocates anything, and only runs the decoder the header names:
 *   SDL_image's for PNG, JPEG and WebP, and our own for GIF (image_gif.c);
 * - no static mutable state: image_load_fit runs on the prepare thread.
 *   (SDL_image is linked to its codecs in Debian, so IMG_Init's flags are
 *   the only shared state; the player calls IMG_Init once at start-up.)
 * The result is scaled and turned by image_scale.c.
 *
 * Error messages are for staff and do not repeat the path: the caller logs
 * "path: reason". */
#include "draw/image.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL_image.h>

#include "draw/image_priv.h"
#include "model/util.h"

/* --- loading ---------------------------------------------------------- */

struct image_budget {
    pthread_mutex_t lock;
    uint64_t max, used;
};

image_budget_t *image_budget_create(uint64_t bytes)
{
    image_budget_t *b = xcalloc(1, sizeof *b);
    pthread_mutex_init(&b->lock, NULL);
    b->max = bytes;
    return b;
}

void image_budget_free(image_budget_t *b)
{
    if (!b)
        return;
    pthread_mutex_destroy(&b->lock);
    free(b);
}

uint64_t image_budget_used(const image_budget_t *b)
{
    image_budget_t *m = (image_budget_t *)b; /* the lock, not the value, changes */
    pthread_mutex_lock(&m->lock);
    uint64_t u = m->used;
    pthread_mutex_unlock(&m->lock);
    return u;
}

/* Reserves n bytes; false when that would pass the bound. */
static bool budget_take(image_budget_t *b, uint64_t n)
{
    if (!b)
        return true;
    pthread_mutex_lock(&b->lock);
    bool ok = b->used + n <= b->max;
    if (ok)
        b->used += n;
    pthread_mutex_unlock(&b->lock);
    return ok;
}

static void budget_give(image_budget_t *b, uint64_t n)
{
    if (!b || !n)
        return;
    pthread_mutex_lock(&b->lock);
    b->used -= n;
    pthread_mutex_unlock(&b->lock);
}

SDL_Surface *image_load_fit(const char *path, int w, int h, enum image_fit fit, char *err,
                            size_t errsz)
{
    return image_load_fit_budget(NULL, path, w, h, fit, err, errsz);
}

SDL_Surface *image_load_fit_budget(image_budget_t *budget, const char *path, int w, int h,
                                   enum image_fit fit, char *err, size_t errsz)
{
    return image_load_focus(budget, path, w, h, fit, 0.5, 0.5, err, errsz);
}

/* The start of a crop of length c out of s that keeps the point at fraction
 * f as near its own place in the crop as the picture allows. */
static int crop_start(int s, int c, double f)
{
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    int x = (int)lround(f * (s - c));
    return x < 0 ? 0 : x > s - c ? s - c : x;
}

SDL_Surface *image_load_focus(image_budget_t *budget, const char *path, int w, int h,
                              enum image_fit fit, double fx, double fy, char *err, size_t errsz)
{
    SDL_Surface *img = NULL, *out = NULL;
    uint8_t *buf = NULL;
    uint64_t size, reserved = 0;
    int fd = -1;
    if (w <= 0 || h <= 0) {
        image_err(err, errsz, "empty box (%dx%d)", w, h);
        goto done;
    }
    fd = image_open_regular(path, &size, err, errsz);
    if (fd < 0)
        goto done;
    if (size > IMAGE_MAX_BYTES) {
        image_err(err, errsz,
                  "file is %" PRIu64 " MB, over the %u MB limit: save it smaller "
                  "(3840 pixels wide is plenty for a screen)",
                  size >> 20, IMAGE_MAX_BYTES >> 20);
        goto done;
    }
    buf = xmalloc(size ? (size_t)size : 1);
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, buf + got, (size_t)size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    struct src s = {.mem = buf, .len = got};
    struct probe p;
    if (image_probe_src(&s, &p, err, errsz) != 0)
        goto done;
    if (p.dw > IMAGE_MAX_SIDE || p.dh > IMAGE_MAX_SIDE) {
        image_err(err, errsz,
                  "picture is %" PRIu32 "x%" PRIu32 " pixels, over the %d-pixel limit per side: "
                  "resize it (3840 pixels wide is plenty for a screen)",
                  p.dw, p.dh, IMAGE_MAX_SIDE);
        goto done;
    }
    if ((uint64_t)p.dw * p.dh > IMAGE_MAX_PIXELS) {
        image_err(err, errsz,
                  "picture is %" PRIu32 "x%" PRIu32 " pixels, over the %u-megapixel limit: "
                  "resize it (3840 pixels wide is plenty for a screen)",
                  p.dw, p.dh, IMAGE_MAX_PIXELS >> 20);
        goto done;
    }
    /* The box in the stored orientation: turned for orientations that swap the
     * sides (the result is turned at the end). */
    int swap = p.orientation >= 5;
    int bw = swap ? h : w, bh = swap ? w : h;
    /* A JPEG much larger than its box is decoded at 1/2, 1/4 or 1/8. */
    int k = 1;
    if (strcmp(p.type, "JPG") == 0) {
        double rw = (double)bw / p.w, rh = (double)bh / p.h;
        double r = fit == FIT_COVER ? (rw > rh ? rw : rh) : (rw < rh ? rw : rh);
        k = image_jpeg_scale(p.w, p.h, p.w * r, p.h * r);
    }
    uint64_t need = (uint64_t)((p.dw + (uint32_t)k - 1) / (uint32_t)k) *
                    ((p.dh + (uint32_t)k - 1) / (uint32_t)k) * 4;
    if (!budget_take(budget, need)) {
        image_err(err, errsz,
                  "picture of %" PRIu32 "x%" PRIu32 " pixels would take the pictures being "
                  "decoded past the %" PRIu64 " MiB budget; it is tried again next time",
                  p.dw, p.dh, budget->max >> 20);
        goto done;
    }
    reserved = need;
    bool jpg = strcmp(p.type, "JPG") == 0;
    if (jpg)
        img = image_jpeg_decode(buf, got, k, err, errsz);
    if (!img && jpg && k > 1) {
        /* SDL_image's decoder, for what ours cannot read (CMYK), works at
         * full size: reserve the rest. */
        uint64_t full = (uint64_t)p.dw * p.dh * 4;
        if (!budget_take(budget, full - reserved))
            goto done;
        reserved = full;
    }
    if (img) {
        /* decoded at 1/k */
    } else if (strcmp(p.type, "GIF") == 0) {
        img = image_gif_decode(&s, &p, err, errsz);
        if (!img)
            goto done;
    } else {
        SDL_RWops *rw = SDL_RWFromConstMem(buf, (int)got);
        if (!rw) {
            image_err(err, errsz, "cannot read: %s", SDL_GetError());
            goto done;
        }
        /* Only the decoder the header names runs. Not IMG_LoadTyped_RW: it
         * still sniffs the content with every loader in turn, so a "WebP"
         * holding "<svg" went to the SVG parser (found by fuzzing). */
        if (strcmp(p.type, "PNG") == 0)
            img = IMG_LoadPNG_RW(rw);
        else if (jpg) /* what ours could not (CMYK), at full size */
            img = IMG_LoadJPG_RW(rw);
        else
            img = IMG_LoadWEBP_RW(rw);
        SDL_RWclose(rw);
        if (!img) {
            if (!jpg) /* else keep libjpeg's own reason */
                image_err(err, errsz, "cannot decode this %s: %s", p.type, IMG_GetError());
            goto done;
        }
    }
    free(buf);
    buf = NULL;
    if ((uint32_t)img->w > p.dw || (uint32_t)img->h > p.dh) {
        image_err(err, errsz, "decoded size %dx%d differs from the header's", img->w, img->h);
        goto done;
    }

    /* Fit in the stored orientation (bw x bh), then turn the small result. */
    int sw = img->w, sh = img->h;
    int cx = 0, cy = 0, cw = sw, ch = sh, tw, th;
    double ffx = fx, ffy = fy; /* the focal point in the stored picture */
    image_orient_point(p.orientation, &ffx, &ffy);
    if (fit == FIT_COVER) {
        tw = bw;
        th = bh;
        if ((int64_t)sw * bh > (int64_t)sh * bw) { /* wider than the box */
            cw = (int)(((int64_t)sh * bw + bh / 2) / bh);
            cw = cw < 1 ? 1 : cw > sw ? sw : cw;
            cx = crop_start(sw, cw, ffx);
        } else {
            ch = (int)(((int64_t)sw * bh + bw / 2) / bw);
            ch = ch < 1 ? 1 : ch > sh ? sh : ch;
            cy = crop_start(sh, ch, ffy);
        }
    } else {
        if ((int64_t)sw * bh > (int64_t)sh * bw) {
            tw = bw;
            th = (int)(((int64_t)sh * bw + sw / 2) / sw);
        } else {
            th = bh;
            tw = (int)(((int64_t)sw * bh + sh / 2) / sh);
        }
        tw = tw < 1 ? 1 : tw > bw ? bw : tw;
        th = th < 1 ? 1 : th > bh ? bh : th;
    }
    out = image_scale_region(img, cx, cy, cw, ch, tw, th);
    if (!out) {
        image_err(err, errsz, "cannot scale: %s", SDL_GetError());
        goto done;
    }
    if (p.orientation != 1) {
        out = image_orient(out, p.orientation);
        if (!out)
            image_err(err, errsz, "cannot turn the picture: %s", SDL_GetError());
    }
done:
    if (fd >= 0)
        close(fd);
    free(buf);
    SDL_FreeSurface(img);
    budget_give(budget, reserved);
    return out;
}
