/* image_gif — the first frame of a GIF, decoded with bounded reads. */
#include "draw/image.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "draw/image_priv.h"
#include "model/util.h"

/* --- GIF ------------------------------------------------------------- */

/* SDL_image 2.6's GIF decoder writes through a null pointer on a 74-byte
 * damaged file (found by fuzzing; tests/fixtures/images/crash-sdl-gif.gif),
 * so GIFs are decoded here instead: the first frame only, as browsers show
 * it before animating, on a transparent canvas of the logical screen's
 * size. Every read is bounded by the buffer and every write by the frame. */

struct gif_frame {
    uint32_t left, top, w, h;
    int interlaced;
    uint32_t pal[256]; /* ARGB8888, transparent index already cleared */
    int ncolors;
};

/* LZW-decodes len bytes of image data into npix palette indices. Stops
 * quietly at the first bad code or at the end of the data: what was
 * decoded so far is kept, the rest stays transparent. */
static void gif_lzw(const uint8_t *data, size_t len, int mcs, uint8_t *out, size_t npix,
                    uint8_t *decoded)
{
    uint16_t prefix[4096];
    uint8_t suffix[4096], stack[4097];
    const int clear = 1 << mcs, eoi = clear + 1;
    int csize = mcs + 1, avail = clear + 2, old = -1, first = 0;
    uint32_t bits = 0;
    int nbits = 0;
    size_t pos = 0, o = 0;
    while (o < npix) {
        while (nbits < csize) {
            if (pos >= len)
                return;
            bits |= (uint32_t)data[pos++] << nbits;
            nbits += 8;
        }
        int code = (int)(bits & ((1u << csize) - 1));
        bits >>= csize;
        nbits -= csize;
        if (code == clear) {
            csize = mcs + 1;
            avail = clear + 2;
            old = -1;
            continue;
        }
        if (code == eoi)
            return;
        if (old < 0) {
            if (code >= clear)
                return;
            decoded[o] = 1;
            out[o++] = (uint8_t)code;
            old = first = code;
            continue;
        }
        if (code > avail)
            return;
        int in = code, sp = 0;
        if (code == avail) {
            stack[sp++] = (uint8_t)first;
            code = old;
        }
        while (code >= clear && sp < 4096) {
            stack[sp++] = suffix[code];
            code = prefix[code];
        }
        if (code >= clear)
            return;
        first = code;
        stack[sp++] = (uint8_t)first;
        if (avail < 4096) {
            prefix[avail] = (uint16_t)old;
            suffix[avail] = (uint8_t)first;
            avail++;
            if (avail == (1 << csize) && csize < 12)
                csize++;
        }
        old = in;
        while (sp > 0 && o < npix) {
            decoded[o] = 1;
            out[o++] = stack[--sp];
        }
    }
}

/* Reads a colour table of n entries at *off into pal. */
static int gif_palette(const struct src *s, uint64_t *off, int n, uint32_t *pal)
{
    for (int i = 0; i < n; i++) {
        uint8_t c[3];
        if (image_src_get(s, *off, c, 3) != 0)
            return -1;
        *off += 3;
        pal[i] = 0xff000000u | (uint32_t)c[0] << 16 | (uint32_t)c[1] << 8 | c[2];
    }
    return 0;
}

SDL_Surface *image_gif_decode(const struct src *s, const struct probe *p, char *err, size_t errsz)
{
    SDL_Surface *canvas = NULL;
    uint8_t *data = NULL, *idx = NULL, *decoded = NULL;
    uint8_t b[13];
    struct gif_frame f;
    uint32_t gpal[256];
    int gcount = 0, transparent = -1;
    if (image_src_get(s, 0, b, 13) != 0)
        goto bad;
    uint64_t off = 13;
    if (b[10] & 0x80) {
        gcount = 2 << (b[10] & 7);
        if (gif_palette(s, &off, gcount, gpal) != 0)
            goto bad;
    }
    /* Extensions up to the first image; a graphic control extension
     * (0xf9) may name the transparent index. */
    for (int blocks = 0;; blocks++) {
        uint8_t c[10];
        if (blocks > 100000 || image_src_get(s, off, c, 1) != 0)
            goto bad;
        if (c[0] == 0x2c)
            break;
        if (c[0] != 0x21 || image_src_get(s, off + 1, c + 1, 1) != 0)
            goto bad;
        uint8_t label = c[1];
        off += 2;
        for (int first = 1;; first = 0) {
            if (image_src_get(s, off, c, 1) != 0)
                goto bad;
            uint8_t n = c[0];
            if (n == 0) {
                off++;
                break;
            }
            if (first && label == 0xf9 && n >= 4 && image_src_get(s, off + 1, c + 1, 4) == 0)
                transparent = (c[1] & 1) ? c[4] : -1;
            off += 1u + n;
            if (++blocks > 100000)
                goto bad;
        }
    }
    if (image_src_get(s, off, b, 10) != 0)
        goto bad;
    off += 10;
    f.left = le16(b + 1);
    f.top = le16(b + 3);
    f.w = le16(b + 5);
    f.h = le16(b + 7);
    f.interlaced = (b[9] & 0x40) != 0;
    f.ncolors = gcount;
    memcpy(f.pal, gpal, sizeof(uint32_t) * (size_t)gcount);
    if (b[9] & 0x80) {
        f.ncolors = 2 << (b[9] & 7);
        if (gif_palette(s, &off, f.ncolors, f.pal) != 0)
            goto bad;
    }
    if (f.ncolors == 0) {
        image_err(err, errsz, "damaged GIF: no colour table");
        goto done;
    }
    for (int i = f.ncolors; i < 256; i++)
        f.pal[i] = 0; /* out-of-table indices show as transparent */
    if (transparent >= 0)
        f.pal[transparent] = 0;
    if (image_src_get(s, off, b, 1) != 0 || b[0] < 1 || b[0] > 11)
        goto bad;
    int mcs = b[0];
    off++;
    /* Gather the data sub-blocks; their total is bounded by the file. */
    data = xmalloc((size_t)(s->len - off) + 1);
    size_t len = 0;
    for (;;) {
        uint8_t n;
        if (image_src_get(s, off, &n, 1) != 0 || n == 0)
            break; /* a missing terminator is common: decode what is there */
        if (image_src_get(s, off + 1, data + len, n) != 0)
            break;
        len += n;
        off += 1u + n;
    }
    size_t npix = (size_t)f.w * f.h;
    idx = xmalloc(npix ? npix : 1);
    decoded = xcalloc(npix ? npix : 1, 1);
    gif_lzw(data, len, mcs, idx, npix, decoded);

    canvas = SDL_CreateRGBSurfaceWithFormat(0, (int)p->w, (int)p->h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!canvas) {
        image_err(err, errsz, "cannot decode this GIF: %s", SDL_GetError());
        goto done;
    }
    SDL_FillRect(canvas, NULL, 0);
    for (uint32_t r = 0; r < f.h; r++) {
        /* Interlaced rows come in four passes: every 8th from 0, every 8th
         * from 4, every 4th from 2, every 2nd from 1. */
        uint32_t y = r;
        if (f.interlaced) {
            uint32_t p1 = (f.h + 7) / 8, p2 = (f.h + 3) / 8, p3 = (f.h + 1) / 4;
            if (r < p1)
                y = r * 8;
            else if (r < p1 + p2)
                y = (r - p1) * 8 + 4;
            else if (r < p1 + p2 + p3)
                y = (r - p1 - p2) * 4 + 2;
            else
                y = (r - p1 - p2 - p3) * 2 + 1;
        }
        uint64_t cy = (uint64_t)f.top + y;
        if (y >= f.h || cy >= (uint64_t)canvas->h)
            continue;
        uint32_t *row = (uint32_t *)((uint8_t *)canvas->pixels + (size_t)cy * canvas->pitch);
        for (uint32_t x = 0; x < f.w; x++) {
            uint64_t cx = (uint64_t)f.left + x;
            size_t k = (size_t)r * f.w + x;
            if (cx >= (uint64_t)canvas->w)
                break;
            if (decoded[k])
                row[cx] = f.pal[idx[k]];
        }
    }
    goto done;
bad:
    image_err(err, errsz, "damaged GIF: the file ends or breaks before the first picture");
done:
    free(data);
    free(idx);
    free(decoded);
    return canvas;
}
