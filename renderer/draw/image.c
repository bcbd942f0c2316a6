/* image — pictures from files into surfaces.
 *
 * Untrusted input: a partner's poster, a picture from a hacked website. So:
 * - image_probe reads the size from the header with bounded reads through
 *   struct src (every read is checked against the end of the data, and only
 *   into small fixed buffers), never decoding;
 * - image_load_fit refuses oversized files and pictures before the decoder
 *   allocates anything, and only runs the decoder the header names:
 *   SDL_image's for PNG, JPEG and WebP, and our own for GIF (see below);
 * - no static mutable state: image_load_fit runs on the prepare thread.
 *   (SDL_image is linked to its codecs in Debian, so IMG_Init's flags are
 *   the only shared state; the player calls IMG_Init once at start-up.)
 *
 * Error messages are for staff and do not repeat the path: the caller logs
 * "path: reason".
 *
 * Scaling is a separable two-pass filter in fixed point: exact area
 * averaging (box filter with coverage weights) on each shrinking axis,
 * bilinear on each enlarging axis, on premultiplied alpha so that
 * transparent edges keep their colour. The vertical pass streams source
 * rows through a small ring, so the extra memory is a few rows. */
#include "draw/image.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL_image.h>

#include "model/util.h"

/* --- bounded reading ---------------------------------------------------- */

/* Either a memory buffer or an open file, of known length. */
struct src {
    const uint8_t *mem;
    FILE *f;
    uint64_t len;
};

/* Copies n bytes at off into dst; -1 (and nothing read) past the end. */
static int src_get(const struct src *s, uint64_t off, void *dst, size_t n)
{
    if (off > s->len || n > s->len - off)
        return -1;
    if (s->mem) {
        memcpy(dst, s->mem + off, n);
        return 0;
    }
    if (fseeko(s->f, (off_t)off, SEEK_SET) != 0)
        return -1;
    return fread(dst, 1, n, s->f) == n ? 0 : -1;
}

static uint32_t be16(const uint8_t *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t le16(const uint8_t *p)
{
    return (uint32_t)p[1] << 8 | p[0];
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le24(const uint8_t *p)
{
    return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* --- header probe ----------------------------------------------------- */

struct probe {
    const char *type;  /* SDL_image type name: "PNG", "JPG", "WEBP", "GIF" */
    uint32_t w, h;     /* the picture's stored size */
    uint32_t dw, dh;   /* the largest buffer the decoder will allocate */
    int orientation;   /* EXIF orientation 1..8 (JPEG), else 1 */
};

static void set_err(char *err, size_t errsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errsz, const char *fmt, ...)
{
    if (!err || !errsz)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
}

static int probe_png(const struct src *s, struct probe *p, char *err, size_t errsz)
{
    uint8_t b[24];
    if (src_get(s, 0, b, sizeof b) != 0) {
        set_err(err, errsz, "truncated PNG: the file ends inside its header");
        return -1;
    }
    if (memcmp(b + 12, "IHDR", 4) != 0 || be32(b + 8) != 13) {
        set_err(err, errsz, "damaged PNG: the IHDR header is missing");
        return -1;
    }
    p->type = "PNG";
    p->w = be32(b + 16);
    p->h = be32(b + 20);
    return 0;
}

static int probe_gif(const struct src *s, struct probe *p, char *err, size_t errsz)
{
    uint8_t b[13];
    if (src_get(s, 0, b, sizeof b) != 0) {
        set_err(err, errsz, "truncated GIF: the file ends inside its header");
        return -1;
    }
    p->type = "GIF";
    p->w = le16(b + 6);
    p->h = le16(b + 8);
    p->dw = p->w;
    p->dh = p->h;
    /* The decoder sizes its buffer from the first frame's descriptor, which
     * may be larger than the logical screen: walk to it. */
    uint64_t off = 13;
    if (b[10] & 0x80)
        off += 3u * (2u << (b[10] & 7));
    for (int blocks = 0; blocks < 100000; blocks++) {
        uint8_t c[10];
        if (src_get(s, off, c, 1) != 0)
            break; /* no frame: the decoder will fail on its own */
        if (c[0] == 0x2c) { /* image descriptor */
            if (src_get(s, off, c, 10) != 0)
                break;
            uint32_t fw = le16(c + 5), fh = le16(c + 7);
            p->dw = fw > p->dw ? fw : p->dw;
            p->dh = fh > p->dh ? fh : p->dh;
            if (p->w == 0 || p->h == 0) {
                p->w = fw;
                p->h = fh;
            }
            break;
        }
        if (c[0] != 0x21) /* trailer or garbage */
            break;
        off += 2; /* introducer and label, then sub-blocks until a 0 size */
        for (;;) {
            if (src_get(s, off, c, 1) != 0)
                goto done;
            off += 1u + c[0];
            if (c[0] == 0 || ++blocks >= 100000)
                break;
        }
    }
done:
    return 0;
}

static int probe_webp(const struct src *s, struct probe *p, char *err, size_t errsz)
{
    uint8_t b[30];
    p->type = "WEBP";
    if (src_get(s, 0, b, 20) != 0) {
        set_err(err, errsz, "truncated WebP: the file ends inside its header");
        return -1;
    }
    if (memcmp(b + 12, "VP8 ", 4) == 0) {
        /* Lossy: 3-byte frame tag, start code 9d 01 2a, 14-bit sizes. */
        if (src_get(s, 0, b, 30) != 0)
            goto truncated;
        if (b[23] != 0x9d || b[24] != 0x01 || b[25] != 0x2a) {
            set_err(err, errsz, "damaged WebP: bad VP8 start code");
            return -1;
        }
        p->w = le16(b + 26) & 0x3fff;
        p->h = le16(b + 28) & 0x3fff;
    } else if (memcmp(b + 12, "VP8L", 4) == 0) {
        /* Lossless: signature 0x2f, then 14 bits width-1, 14 bits height-1. */
        if (src_get(s, 0, b, 25) != 0)
            goto truncated;
        if (b[20] != 0x2f) {
            set_err(err, errsz, "damaged WebP: bad VP8L signature");
            return -1;
        }
        uint32_t bits = (uint32_t)b[21] | (uint32_t)b[22] << 8 | (uint32_t)b[23] << 16 |
                        (uint32_t)b[24] << 24;
        p->w = (bits & 0x3fff) + 1;
        p->h = ((bits >> 14) & 0x3fff) + 1;
    } else if (memcmp(b + 12, "VP8X", 4) == 0) {
        /* Extended: flags, 3 reserved bytes, 24-bit canvas width-1, height-1. */
        if (src_get(s, 0, b, 30) != 0)
            goto truncated;
        p->w = le24(b + 24) + 1;
        p->h = le24(b + 27) + 1;
    } else {
        set_err(err, errsz, "unsupported WebP: no VP8, VP8L or VP8X chunk");
        return -1;
    }
    return 0;
truncated:
    set_err(err, errsz, "truncated WebP: the file ends inside its header");
    return -1;
}

/* Reads the EXIF orientation from an APP1 payload at seg of length n:
 * "Exif\0\0", a TIFF header, then IFD0's tag 0x0112. Returns 1..8, or 1
 * when absent or malformed. */
static int exif_orientation(const struct src *s, uint64_t seg, uint32_t n)
{
    uint8_t b[12];
    if (n < 14 || src_get(s, seg, b, 6) != 0 || memcmp(b, "Exif\0\0", 6) != 0)
        return 1;
    uint64_t tiff = seg + 6;
    uint32_t tlen = n - 6;
    if (src_get(s, tiff, b, 8) != 0)
        return 1;
    int le;
    if (memcmp(b, "II*\0", 4) == 0)
        le = 1;
    else if (memcmp(b, "MM\0*", 4) == 0)
        le = 0;
    else
        return 1;
#define U16(q) (le ? le16(q) : be16(q))
#define U32(q) (le ? (uint32_t)le16(q) | le16((q) + 2) << 16 : be32(q))
    uint32_t ifd = U32(b + 4);
    if (ifd > tlen || tlen - ifd < 2 || src_get(s, tiff + ifd, b, 2) != 0)
        return 1;
    uint32_t count = U16(b);
    for (uint32_t k = 0; k < count && k < 1000; k++) {
        uint64_t e = (uint64_t)ifd + 2 + 12u * k;
        if (e + 12 > tlen || src_get(s, tiff + e, b, 12) != 0)
            return 1;
        if (U16(b) == 0x0112 && U16(b + 2) == 3 && U32(b + 4) >= 1) {
            uint32_t v = U16(b + 8);
            return v >= 1 && v <= 8 ? (int)v : 1;
        }
    }
#undef U16
#undef U32
    return 1;
}

/* Walks the JPEG markers to the first frame header (SOFn), skipping APPn
 * and the other segments, noting the EXIF orientation on the way. */
static int probe_jpeg(const struct src *s, struct probe *p, char *err, size_t errsz)
{
    p->type = "JPG";
    uint64_t off = 2;
    for (int seg = 0; seg < 10000; seg++) {
        uint8_t b[9];
        if (src_get(s, off, b, 1) != 0)
            goto truncated;
        if (b[0] != 0xff) {
            set_err(err, errsz, "damaged JPEG: no marker where one should be");
            return -1;
        }
        /* Any number of 0xff fill bytes may precede the marker code. */
        do {
            off++;
            if (src_get(s, off, b, 1) != 0)
                goto truncated;
        } while (b[0] == 0xff);
        uint8_t m = b[0];
        off++;
        if (m == 0x01 || (m >= 0xd0 && m <= 0xd8))
            continue; /* standalone markers: TEM, RSTn, SOI */
        if (m == 0xd9 || m == 0xda) {
            set_err(err, errsz, "damaged JPEG: no frame header before the image data");
            return -1;
        }
        if (src_get(s, off, b, 2) != 0)
            goto truncated;
        uint32_t len = be16(b);
        if (len < 2) {
            set_err(err, errsz, "damaged JPEG: segment of length %" PRIu32, len);
            return -1;
        }
        if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
            if (len < 8 || src_get(s, off, b, 7) != 0)
                goto truncated;
            p->h = be16(b + 3);
            p->w = be16(b + 5);
            if (p->h == 0) {
                set_err(err, errsz, "unsupported JPEG: height given after the data (DNL)");
                return -1;
            }
            return 0;
        }
        if (m == 0xe1 && p->orientation == 1)
            p->orientation = exif_orientation(s, off + 2, len - 2);
        off += len;
    }
    set_err(err, errsz, "damaged JPEG: too many segments before the frame header");
    return -1;
truncated:
    set_err(err, errsz, "truncated JPEG: the file ends before the frame header");
    return -1;
}

static int probe_src(const struct src *s, struct probe *p, char *err, size_t errsz)
{
    uint8_t m[12];
    memset(p, 0, sizeof *p);
    p->orientation = 1;
    if (s->len == 0) {
        set_err(err, errsz, "empty file (0 bytes): copy the picture again");
        return -1;
    }
    size_t n = s->len < sizeof m ? (size_t)s->len : sizeof m;
    memset(m, 0, sizeof m);
    if (src_get(s, 0, m, n) != 0) {
        set_err(err, errsz, "cannot read the file");
        return -1;
    }
    int rc;
    if (memcmp(m, "\x89PNG\r\n\x1a\n", 8) == 0)
        rc = probe_png(s, p, err, errsz);
    else if (m[0] == 0xff && m[1] == 0xd8)
        rc = probe_jpeg(s, p, err, errsz);
    else if (memcmp(m, "RIFF", 4) == 0 && memcmp(m + 8, "WEBP", 4) == 0)
        rc = probe_webp(s, p, err, errsz);
    else if (memcmp(m, "GIF87a", 6) == 0 || memcmp(m, "GIF89a", 6) == 0)
        rc = probe_gif(s, p, err, errsz);
    else {
        set_err(err, errsz, "not a PNG, JPEG, WebP or GIF picture: save it as JPEG or PNG");
        return -1;
    }
    if (rc != 0)
        return rc;
    if (p->w == 0 || p->h == 0) {
        set_err(err, errsz, "damaged picture: its header gives a size of %" PRIu32 "x%" PRIu32,
                p->w, p->h);
        return -1;
    }
    if (p->dw < p->w)
        p->dw = p->w;
    if (p->dh < p->h)
        p->dh = p->h;
    return 0;
}

/* Opens path as a regular file (O_NONBLOCK so that a FIFO cannot hang the
 * thread); returns the descriptor and its size, or -1 with a reason. */
static int open_regular(const char *path, uint64_t *size, char *err, size_t errsz)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        set_err(err, errsz, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        set_err(err, errsz, "not a regular file");
        close(fd);
        return -1;
    }
    *size = (uint64_t)st.st_size;
    return fd;
}

/* Hands the stored size out as ints, refusing sizes no int can hold. */
static int probe_result(const struct probe *p, int *w, int *h, char *err, size_t errsz)
{
    if (p->w > INT32_MAX || p->h > INT32_MAX) {
        set_err(err, errsz, "picture size %" PRIu32 "x%" PRIu32 " is absurd", p->w, p->h);
        return -1;
    }
    *w = (int)p->w;
    *h = (int)p->h;
    return 0;
}

int image_probe(const char *path, int *w, int *h, char *err, size_t errsz)
{
    uint64_t size;
    int fd = open_regular(path, &size, err, errsz);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        set_err(err, errsz, "cannot open: %s", strerror(errno));
        close(fd);
        return -1;
    }
    struct src s = {.f = f, .len = size};
    struct probe p;
    int rc = probe_src(&s, &p, err, errsz);
    fclose(f);
    return rc == 0 ? probe_result(&p, w, h, err, errsz) : -1;
}

int image_probe_mem(const void *data, size_t len, int *w, int *h, char *err, size_t errsz)
{
    static const uint8_t none[1];
    struct src s = {.mem = data ? data : none, .len = data ? len : 0};
    struct probe p;
    if (probe_src(&s, &p, err, errsz) != 0)
        return -1;
    return probe_result(&p, w, h, err, errsz);
}

/* --- scaling ---------------------------------------------------------- */

#define WBITS 15
#define ONE (1u << WBITS)

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
        return 0xff000000u | ((r + 127) / 255) << 16 | ((g + 127) / 255) << 8 |
               (b + 127) / 255;
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
static SDL_Surface *scale_region(SDL_Surface *src, int cx, int cy, int cw, int ch, int dw,
                                 int dh)
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
    return scale_region(src, 0, 0, src->w, src->h, w, h);
}

/* --- orientation ------------------------------------------------------ */

/* Applies EXIF orientation o (2..8) to an ARGB8888 surface; returns a new
 * surface (the input is freed) or NULL. */
static SDL_Surface *orient(SDL_Surface *s, int o)
{
    int sw = s->w, sh = s->h, swap = o >= 5;
    int W = swap ? sh : sw, H = swap ? sw : sh;
    SDL_Surface *d = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!d)
        goto done;
    /* Source coordinates as sx = a*x + b*y + c*(sw-1), sy = d*x + e*y + f*(sh-1)
     * for destination (x, y), per EXIF orientation (1 is the identity). */
    static const int8_t m[9][6] = {
        {1, 0, 0, 0, 1, 0},  {1, 0, 0, 0, 1, 0},  {-1, 0, 1, 0, 1, 0},
        {-1, 0, 1, 0, -1, 1}, {1, 0, 0, 0, -1, 1}, {0, 1, 0, 1, 0, 0},
        {0, 1, 0, -1, 0, 1}, {0, -1, 1, -1, 0, 1}, {0, -1, 1, 1, 0, 0},
    };
    const int8_t *k = m[o >= 1 && o <= 8 ? o : 1];
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

/* --- GIF ------------------------------------------------------------- */

/* SDL_image 2.6's GIF decoder writes through a null pointer on a 74-byte
 * damaged file (found by fuzzing; tests/fixtures/images/crash-sdl-gif.gif),
 * so GIFs are decoded here instead: the first frame only, as browsers show
 * it before animating, on a transparent canvas of the logical screen's
 * size. Every read is bounded by the buffer and every write by the frame. */

struct gif_frame {
    uint32_t left, top, w, h;
    int interlaced;
    uint32_t pal[256];  /* ARGB8888, transparent index already cleared */
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
        if (src_get(s, *off, c, 3) != 0)
            return -1;
        *off += 3;
        pal[i] = 0xff000000u | (uint32_t)c[0] << 16 | (uint32_t)c[1] << 8 | c[2];
    }
    return 0;
}

static SDL_Surface *gif_decode(const struct src *s, const struct probe *p, char *err,
                               size_t errsz)
{
    SDL_Surface *canvas = NULL;
    uint8_t *data = NULL, *idx = NULL, *decoded = NULL;
    uint8_t b[13];
    struct gif_frame f;
    uint32_t gpal[256];
    int gcount = 0, transparent = -1;
    if (src_get(s, 0, b, 13) != 0)
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
        if (blocks > 100000 || src_get(s, off, c, 1) != 0)
            goto bad;
        if (c[0] == 0x2c)
            break;
        if (c[0] != 0x21 || src_get(s, off + 1, c + 1, 1) != 0)
            goto bad;
        uint8_t label = c[1];
        off += 2;
        for (int first = 1;; first = 0) {
            if (src_get(s, off, c, 1) != 0)
                goto bad;
            uint8_t n = c[0];
            if (n == 0) {
                off++;
                break;
            }
            if (first && label == 0xf9 && n >= 4 && src_get(s, off + 1, c + 1, 4) == 0)
                transparent = (c[1] & 1) ? c[4] : -1;
            off += 1u + n;
            if (++blocks > 100000)
                goto bad;
        }
    }
    if (src_get(s, off, b, 10) != 0)
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
        set_err(err, errsz, "damaged GIF: no colour table");
        goto done;
    }
    for (int i = f.ncolors; i < 256; i++)
        f.pal[i] = 0; /* out-of-table indices show as transparent */
    if (transparent >= 0)
        f.pal[transparent] = 0;
    if (src_get(s, off, b, 1) != 0 || b[0] < 1 || b[0] > 11)
        goto bad;
    int mcs = b[0];
    off++;
    /* Gather the data sub-blocks; their total is bounded by the file. */
    data = xmalloc((size_t)(s->len - off) + 1);
    size_t len = 0;
    for (;;) {
        uint8_t n;
        if (src_get(s, off, &n, 1) != 0 || n == 0)
            break; /* a missing terminator is common: decode what is there */
        if (src_get(s, off + 1, data + len, n) != 0)
            break;
        len += n;
        off += 1u + n;
    }
    size_t npix = (size_t)f.w * f.h;
    idx = xmalloc(npix ? npix : 1);
    decoded = xcalloc(npix ? npix : 1, 1);
    gif_lzw(data, len, mcs, idx, npix, decoded);

    canvas = SDL_CreateRGBSurfaceWithFormat(0, (int)p->w, (int)p->h, 32,
                                            SDL_PIXELFORMAT_ARGB8888);
    if (!canvas) {
        set_err(err, errsz, "cannot decode this GIF: %s", SDL_GetError());
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
    set_err(err, errsz, "damaged GIF: the file ends or breaks before the first picture");
done:
    free(data);
    free(idx);
    free(decoded);
    return canvas;
}

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
    SDL_Surface *img = NULL, *out = NULL;
    uint8_t *buf = NULL;
    uint64_t size, reserved = 0;
    int fd = -1;
    if (w <= 0 || h <= 0) {
        set_err(err, errsz, "empty box (%dx%d)", w, h);
        goto done;
    }
    fd = open_regular(path, &size, err, errsz);
    if (fd < 0)
        goto done;
    if (size > IMAGE_MAX_BYTES) {
        set_err(err, errsz,
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
    if (probe_src(&s, &p, err, errsz) != 0)
        goto done;
    if (p.dw > IMAGE_MAX_SIDE || p.dh > IMAGE_MAX_SIDE) {
        set_err(err, errsz,
                "picture is %" PRIu32 "x%" PRIu32 " pixels, over the %d-pixel limit per side: "
                "resize it (3840 pixels wide is plenty for a screen)",
                p.dw, p.dh, IMAGE_MAX_SIDE);
        goto done;
    }
    if ((uint64_t)p.dw * p.dh > IMAGE_MAX_PIXELS) {
        set_err(err, errsz,
                "picture is %" PRIu32 "x%" PRIu32 " pixels, over the %u-megapixel limit: "
                "resize it (3840 pixels wide is plenty for a screen)",
                p.dw, p.dh, IMAGE_MAX_PIXELS >> 20);
        goto done;
    }
    if (!budget_take(budget, (uint64_t)p.dw * p.dh * 4)) {
        set_err(err, errsz,
                "picture of %" PRIu32 "x%" PRIu32 " pixels would take the pictures being "
                "decoded past the %" PRIu64 " MiB budget; it is tried again next time",
                p.dw, p.dh, budget->max >> 20);
        goto done;
    }
    reserved = (uint64_t)p.dw * p.dh * 4;
    if (strcmp(p.type, "GIF") == 0) {
        img = gif_decode(&s, &p, err, errsz);
        if (!img)
            goto done;
    } else {
        SDL_RWops *rw = SDL_RWFromConstMem(buf, (int)got);
        if (!rw) {
            set_err(err, errsz, "cannot read: %s", SDL_GetError());
            goto done;
        }
        /* Only the decoder the header names runs. Not IMG_LoadTyped_RW: it
         * still sniffs the content with every loader in turn, so a "WebP"
         * holding "<svg" went to the SVG parser (found by fuzzing). */
        if (strcmp(p.type, "PNG") == 0)
            img = IMG_LoadPNG_RW(rw);
        else if (strcmp(p.type, "JPG") == 0)
            img = IMG_LoadJPG_RW(rw);
        else
            img = IMG_LoadWEBP_RW(rw);
        SDL_RWclose(rw);
        if (!img) {
            set_err(err, errsz, "cannot decode this %s: %s", p.type, IMG_GetError());
            goto done;
        }
    }
    free(buf);
    buf = NULL;
    if ((uint32_t)img->w > p.dw || (uint32_t)img->h > p.dh) {
        set_err(err, errsz, "decoded size %dx%d differs from the header's", img->w, img->h);
        goto done;
    }

    /* Fit in the stored orientation, then turn the small result: the box is
     * turned the other way for orientations that swap the sides. */
    int swap = p.orientation >= 5;
    int bw = swap ? h : w, bh = swap ? w : h;
    int sw = img->w, sh = img->h;
    int cx = 0, cy = 0, cw = sw, ch = sh, tw, th;
    if (fit == FIT_COVER) {
        tw = bw;
        th = bh;
        if ((int64_t)sw * bh > (int64_t)sh * bw) { /* wider than the box */
            cw = (int)(((int64_t)sh * bw + bh / 2) / bh);
            cw = cw < 1 ? 1 : cw > sw ? sw : cw;
            cx = (sw - cw) / 2;
        } else {
            ch = (int)(((int64_t)sw * bh + bw / 2) / bw);
            ch = ch < 1 ? 1 : ch > sh ? sh : ch;
            cy = (sh - ch) / 2;
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
    out = scale_region(img, cx, cy, cw, ch, tw, th);
    if (!out) {
        set_err(err, errsz, "cannot scale: %s", SDL_GetError());
        goto done;
    }
    if (p.orientation != 1) {
        out = orient(out, p.orientation);
        if (!out)
            set_err(err, errsz, "cannot turn the picture: %s", SDL_GetError());
    }
done:
    if (fd >= 0)
        close(fd);
    free(buf);
    SDL_FreeSurface(img);
    budget_give(budget, reserved);
    return out;
}
