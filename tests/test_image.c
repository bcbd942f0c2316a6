/* Table-driven tests for draw/image: header probe on good, corrupt,
 * truncated and huge pictures; area averaging; cover and contain; EXIF
 * orientation; and the speed of a 4000x3000 -> 1000x750 shrink. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>

#include <cmocka.h>
#include <SDL.h>
#include <SDL_image.h>

#include "draw/image.h"
#include "draw/image_priv.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define FIX  "tests/fixtures/images/"

static char outdir[256];

static const char *out_path(const char *name)
{
    static char path[512]; /* single-threaded test helper */
    snprintf(path, sizeof path, "%s/%s", outdir, name);
    return path;
}

static void write_bytes(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        fail_msg("cannot write %s", path);
    if (n && fwrite(data, 1, n, f) != n)
        fail_msg("short write to %s", path);
    fclose(f);
}

static uint8_t *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("missing fixture %s", path);
    uint8_t *buf = malloc(1 << 20);
    *n = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

static uint32_t px(SDL_Surface *s, int x, int y)
{
    return ((uint32_t *)((uint8_t *)s->pixels + (size_t)y * s->pitch))[x];
}

#define A(p) ((int)((p) >> 24))
#define R(p) ((int)((p) >> 16 & 255))
#define G(p) ((int)((p) >> 8 & 255))
#define B(p) ((int)((p)&255))

/* --- probe on good pictures --------------------------------------------- */

static const struct {
    const char *file;
    int w, h;
} good_rows[] = {
    {FIX "small.png", 40, 30},      {FIX "rgba.png", 16, 16},
    {FIX "small.jpg", 40, 30},      {FIX "orient6.jpg", 40, 20}, /* stored size */
    {FIX "orient8-mm.jpg", 40, 20}, {FIX "orient5.jpg", 40, 20},
    {FIX "small.webp", 40, 30},    /* VP8 */
    {FIX "lossless.webp", 41, 31}, /* VP8L */
    {FIX "alpha.webp", 42, 32},    /* VP8X */
    {FIX "small.gif", 40, 30},
};

static void test_probe_good(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(good_rows); i++) {
        int w = 0, h = 0;
        char err[200] = "";
        if (image_probe(good_rows[i].file, &w, &h, err, sizeof err) != 0)
            fail_msg("row %zu %s: %s", i, good_rows[i].file, err);
        if (w != good_rows[i].w || h != good_rows[i].h)
            fail_msg("row %zu %s: got %dx%d, want %dx%d", i, good_rows[i].file, w, h,
                     good_rows[i].w, good_rows[i].h);
    }
}

/* --- probe and load on bad pictures ------------------------------------ */

static uint32_t crc32_of(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
    return ~c;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* A PNG that is valid up to its IDAT: signature, IHDR (with CRC) for
 * w x h 8-bit RGB, a small IDAT and IEND. The decompression-bomb shape. */
static size_t make_png(uint8_t *buf, uint32_t w, uint32_t h)
{
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    size_t n = 0;
    memcpy(buf, sig, 8);
    n = 8;
    put_be32(buf + n, 13);
    memcpy(buf + n + 4, "IHDR", 4);
    put_be32(buf + n + 8, w);
    put_be32(buf + n + 12, h);
    buf[n + 16] = 8; /* depth */
    buf[n + 17] = 2; /* RGB */
    buf[n + 18] = buf[n + 19] = buf[n + 20] = 0;
    put_be32(buf + n + 21, crc32_of(buf + n + 4, 17));
    n += 25;
    static const uint8_t idat[] = {0x78, 0x9c, 0xed, 0xc1, 0x01, 0x0d, 0x00, 0x00};
    put_be32(buf + n, sizeof idat);
    memcpy(buf + n + 4, "IDAT", 4);
    memcpy(buf + n + 8, idat, sizeof idat);
    put_be32(buf + n + 8 + sizeof idat, crc32_of(buf + n + 4, 4 + sizeof idat));
    n += 12 + sizeof idat;
    put_be32(buf + n, 0);
    memcpy(buf + n + 4, "IEND", 4);
    put_be32(buf + n + 8, crc32_of(buf + n + 4, 4));
    return n + 12;
}

#define SOI "\xff\xd8"
/* A baseline frame header for a 3-component picture of height h, width w. */
#define SOF0(h1, h0, w1, w0)                                                                      \
    "\xff\xc0\x00\x11\x08" h1 h0 w1 w0 "\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
#define BYTES(s) s, sizeof(s) - 1
#define WEBP_HDR "RIFF\x40\x00\x00\x00WEBP"

static const struct {
    const char *name;
    const char *bytes; /* NULL: made by make_png with w x h */
    size_t len;
    uint32_t w, h;
    const char *probe_err; /* NULL: the probe succeeds with size w x h */
    const char *load_err;
} bad_rows[] = {
    {"empty", BYTES(""), 0, 0, "empty file", "empty file"},
    {"text", BYTES("hello, world\n"), 0, 0, "not a PNG, JPEG, WebP or GIF", "not a PNG"},
    {"html.jpg", BYTES("<html><body>404</body></html>"), 0, 0, "not a PNG", "not a PNG"},
    {"png-sig-only", BYTES("\x89PNG\r\n\x1a\n"), 0, 0, "truncated PNG", "truncated PNG"},
    {"png-no-ihdr", BYTES("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIDATxxxxxxxxxxxxxxxx"), 0, 0, "IHDR",
     "IHDR"},
    {"png-0x0", NULL, 0, 0, 0, "size of 0x0", "size of 0x0"},
    {"png-bomb-60000", NULL, 0, 60000, 60000, NULL, "16384-pixel limit"},
    {"png-100mp", NULL, 0, 10000, 10000, NULL, "40-megapixel limit"},
    {"png-4e9", NULL, 0, 0xfffffff0u, 1, "absurd", "16384-pixel limit"},
    {"png-ok-bad-idat", NULL, 0, 64, 48, NULL, "cannot decode"},
    {"jpeg-soi", BYTES(SOI), 0, 0, "truncated JPEG", "truncated JPEG"},
    {"jpeg-ff-run", BYTES(SOI "\xff\xff\xff\xff"), 0, 0, "truncated JPEG", "truncated JPEG"},
    {"jpeg-sos-first", BYTES(SOI "\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00"), 0, 0,
     "no frame header", "no frame header"},
    {"jpeg-eoi", BYTES(SOI "\xff\xd9"), 0, 0, "no frame header", "no frame header"},
    {"jpeg-len-1", BYTES(SOI "\xff\xe0\x00\x01JFIF"), 0, 0, "segment of length 1",
     "segment of length 1"},
    {"jpeg-no-marker", BYTES(SOI "\x12\x34"), 0, 0, "no marker", "no marker"},
    {"jpeg-app1-cut",
     BYTES(SOI "\xff\xe1\xff\xff"
               "Exif\0\0II*\0\x08\0\0\0"),
     0, 0, "truncated JPEG", "truncated JPEG"},
    {"jpeg-sof-cut", BYTES(SOI "\xff\xc0\x00\x11\x08\x01"), 0, 0, "truncated JPEG",
     "truncated JPEG"},
    {"jpeg-dnl", BYTES(SOI SOF0("\x00", "\x00", "\x00", "\x10")), 0, 0, "DNL", "DNL"},
    {"jpeg-65535", BYTES(SOI SOF0("\xff", "\xff", "\xff", "\xff")), 65535, 65535, NULL,
     "16384-pixel limit"},
    {"jpeg-8000x8000", BYTES(SOI SOF0("\x1f", "\x40", "\x1f", "\x40")), 8000, 8000, NULL,
     "40-megapixel limit"},
    {"jpeg-bad-exif",
     BYTES(SOI "\xff\xe1\x00\x10"
               "Exif\0\0MM\0*\xff\xff\xff\xf0" SOF0("\x00", "\x10", "\x00", "\x20")),
     32, 16, NULL, "cannot decode"},
    {"gif-cut", BYTES("GIF89a\x10"), 0, 0, "truncated GIF", "truncated GIF"},
    {"gif-0x0", BYTES("GIF89a\x00\x00\x00\x00\x00\x00\x00;"), 0, 0, "size of 0x0", "size of 0x0"},
    {"gif-frame-bomb",
     BYTES("GIF89a\x0a\x00\x0a\x00\x00\x00\x00"
           "!\xf9\x04\x00\x00\x00\x00\x00"
           ",\x00\x00\x00\x00\xff\xff\xff\xff\x00\x02\x02\x44\x01\x00;"),
     10, 10, NULL, "65535x65535 pixels"},
    {"gif-ext-loop",
     BYTES("GIF89a\x0a\x00\x0a\x00\x00\x00\x00!\xff\x03"
           "abc\x03"),
     10, 10, NULL, "damaged GIF"},
    {"gif-no-palette",
     BYTES("GIF89a\x02\x00\x02\x00\x00\x00\x00,\x00\x00\x00\x00\x02\x00\x02"
           "\x00\x00\x02\x02\x44\x01\x00;"),
     2, 2, NULL, "no colour table"},
    {"gif-bad-code-size",
     BYTES("GIF89a\x02\x00\x02\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
           ",\x00\x00\x00\x00\x02\x00\x02\x00\x00\x0c\x02\x44\x01\x00;"),
     2, 2, NULL, "damaged GIF"},
    {"webp-cut", BYTES("RIFF\x10\x00\x00\x00WEBPVP"), 0, 0, "truncated WebP", "truncated WebP"},
    {"webp-unknown", BYTES(WEBP_HDR "ABCD\x00\x00\x00\x00"), 0, 0, "unsupported WebP",
     "unsupported WebP"},
    {"webp-vp8-bad",
     BYTES(WEBP_HDR "VP8 \x10\x00\x00\x00\x00\x00\x00\x12\x34\x56\x10\x00\x10\x00"), 0, 0,
     "start code", "start code"},
    {"webp-vp8-cut", BYTES(WEBP_HDR "VP8 \x10\x00\x00\x00\x00\x00\x00\x9d\x01\x2a\x10"), 0, 0,
     "truncated WebP", "truncated WebP"},
    {"webp-vp8l-bad", BYTES(WEBP_HDR "VP8L\x05\x00\x00\x00\x00\x00\x00\x00\x00"), 0, 0,
     "VP8L signature", "VP8L signature"},
    {"webp-vp8l-16384", BYTES(WEBP_HDR "VP8L\x05\x00\x00\x00\x2f\xff\xff\xff\x0f"), 16384, 16384,
     NULL, "40-megapixel limit"},
    {"webp-vp8x-huge",
     BYTES(WEBP_HDR "VP8X\x0a\x00\x00\x00\x10\x00\x00\x00\xff\xff\xff\xff\xff\xff"), 16777216,
     16777216, NULL, "16384-pixel limit"},
};

static void test_probe_bad(void **state)
{
    (void)state;
    uint8_t png[128];
    for (size_t i = 0; i < N(bad_rows); i++) {
        const char *path = out_path(bad_rows[i].name);
        if (bad_rows[i].bytes)
            write_bytes(path, bad_rows[i].bytes, bad_rows[i].len);
        else
            write_bytes(path, png, make_png(png, bad_rows[i].w, bad_rows[i].h));
        int w = -1, h = -1;
        char err[300] = "";
        int rc = image_probe(path, &w, &h, err, sizeof err);
        if (bad_rows[i].probe_err) {
            if (rc == 0 || !strstr(err, bad_rows[i].probe_err))
                fail_msg("row %zu %s: probe gave %d '%s', want error '%s'", i, bad_rows[i].name,
                         rc, err, bad_rows[i].probe_err);
        } else if (rc != 0 || (uint32_t)w != bad_rows[i].w || (uint32_t)h != bad_rows[i].h) {
            fail_msg("row %zu %s: probe gave %d %dx%d '%s', want %ux%u", i, bad_rows[i].name, rc,
                     w, h, err, bad_rows[i].w, bad_rows[i].h);
        }
        /* The in-memory probe agrees, from an exactly sized copy. */
        size_t n;
        uint8_t *data = slurp(path, &n);
        uint8_t *exact = malloc(n ? n : 1);
        memcpy(exact, data, n);
        int mw = -1, mh = -1;
        char merr[300] = "";
        int mrc = image_probe_mem(exact, n, &mw, &mh, merr, sizeof merr);
        if (mrc != rc || mw != w || mh != h || strcmp(merr, err) != 0)
            fail_msg("row %zu %s: memory probe gave %d %dx%d '%s', file probe %d %dx%d '%s'", i,
                     bad_rows[i].name, mrc, mw, mh, merr, rc, w, h, err);
        free(exact);
        free(data);
        err[0] = '\0';
        SDL_Surface *s = image_load_fit(path, 320, 200, FIT_COVER, err, sizeof err);
        if (s || !strstr(err, bad_rows[i].load_err))
            fail_msg("row %zu %s: load gave %p '%s', want error '%s'", i, bad_rows[i].name,
                     (void *)s, err, bad_rows[i].load_err);
        remove(path);
    }
}

static void test_not_files(void **state)
{
    (void)state;
    char err[200] = "";
    int w, h;
    assert_int_not_equal(image_probe("tests/fixtures/images", &w, &h, err, sizeof err), 0);
    assert_non_null(strstr(err, "not a regular file"));
    assert_int_not_equal(image_probe(FIX "missing.png", &w, &h, err, sizeof err), 0);
    assert_non_null(strstr(err, "cannot open"));
    assert_null(image_load_fit(FIX "missing.png", 10, 10, FIT_COVER, err, sizeof err));
    assert_non_null(strstr(err, "cannot open"));
    assert_null(image_load_fit(FIX "small.png", 0, 10, FIT_COVER, err, sizeof err));
    /* A file over IMAGE_MAX_BYTES is refused before it is read: a sparse one. */
    const char *big = out_path("big.png");
    FILE *f = fopen(big, "wb");
    assert_non_null(f);
    assert_int_equal(fseek(f, (long)IMAGE_MAX_BYTES, SEEK_SET), 0);
    fputc(0, f);
    fclose(f);
    assert_null(image_load_fit(big, 10, 10, FIT_COVER, err, sizeof err));
    assert_non_null(strstr(err, "MB limit"));
    remove(big);
}

/* Every prefix of every good picture: no crash, no over-read (run under
 * ASan with make test SANITIZE=1), and a clear failure while the header
 * is incomplete. */
static void test_truncated(void **state)
{
    (void)state;
    const char *path = out_path("cut");
    for (size_t i = 0; i < N(good_rows); i++) {
        size_t n;
        uint8_t *data = slurp(good_rows[i].file, &n);
        for (size_t len = 0; len < n; len += len < 64 ? 1 : 7) {
            write_bytes(path, data, len);
            int w, h;
            char err[200] = "";
            int rc = image_probe(path, &w, &h, err, sizeof err);
            if (len < 13 && rc == 0)
                fail_msg("row %zu %s cut at %zu: probe accepted it", i, good_rows[i].file, len);
            if (rc != 0 && !err[0])
                fail_msg("row %zu cut at %zu: failure without a reason", i, len);
            uint8_t *exact = malloc(len ? len : 1); /* ASan sees any over-read */
            memcpy(exact, data, len);
            int mw, mh;
            if (image_probe_mem(exact, len, &mw, &mh, err, sizeof err) != rc)
                fail_msg("row %zu cut at %zu: memory and file probes disagree", i, len);
            free(exact);
            SDL_Surface *s = image_load_fit(path, 16, 16, FIT_CONTAIN, err, sizeof err);
            SDL_FreeSurface(s);
        }
        /* And a few flipped bytes in the header. */
        for (size_t k = 0; k < 64 && k < n; k++) {
            uint8_t keep = data[k];
            data[k] ^= 0x5a;
            write_bytes(path, data, n);
            int w, h;
            char err[200] = "";
            image_probe(path, &w, &h, err, sizeof err);
            SDL_FreeSurface(image_load_fit(path, 16, 16, FIT_COVER, err, sizeof err));
            data[k] = keep;
        }
        free(data);
    }
    remove(path);
}

/* --- scaling ------------------------------------------------------------ */

static SDL_Surface *make_surface(int w, int h, uint32_t format)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, format);
    if (!s)
        fail_msg("cannot make a %dx%d surface: %s", w, h, SDL_GetError());
    return s;
}

static void test_checkerboard(void **state)
{
    (void)state;
    static const struct {
        uint32_t format;
        int sw, dw;
        int tol;
    } rows[] = {
        {SDL_PIXELFORMAT_ARGB8888, 64, 16, 1}, /* 4x */
        {SDL_PIXELFORMAT_ARGB8888, 64, 32, 1}, /* 2x */
        {SDL_PIXELFORMAT_ABGR8888, 64, 16, 1},
        {SDL_PIXELFORMAT_RGB24, 64, 16, 1},
        {SDL_PIXELFORMAT_RGB565, 64, 16, 1}, /* converted first */
        {SDL_PIXELFORMAT_ARGB8888, 400, 100, 1},
        {SDL_PIXELFORMAT_ARGB8888, 400, 37, 4}, /* 10.8x: coverage weights */
    };
    for (size_t i = 0; i < N(rows); i++) {
        SDL_Surface *src = make_surface(rows[i].sw, rows[i].sw, rows[i].format);
        uint32_t black = SDL_MapRGBA(src->format, 0, 0, 0, 255);
        uint32_t white = SDL_MapRGBA(src->format, 255, 255, 255, 255);
        for (int y = 0; y < src->h; y++)
            for (int x = 0; x < src->w; x++) {
                SDL_Rect r = {x, y, 1, 1};
                SDL_FillRect(src, &r, (x + y) % 2 ? white : black);
            }
        SDL_Surface *d = image_scale(src, rows[i].dw, rows[i].dw);
        if (!d || d->w != rows[i].dw || d->h != rows[i].dw)
            fail_msg("row %zu: bad result", i);
        if (d->format->format != SDL_PIXELFORMAT_ARGB8888)
            fail_msg("row %zu: result is not ARGB8888", i);
        for (int y = 0; y < d->h; y++)
            for (int x = 0; x < d->w; x++) {
                uint32_t p = px(d, x, y);
                if (abs(R(p) - 128) > rows[i].tol || abs(G(p) - 128) > rows[i].tol ||
                    abs(B(p) - 128) > rows[i].tol || A(p) != 255)
                    fail_msg("row %zu: pixel %d,%d is %08x, want mid-grey", i, x, y, p);
            }
        SDL_FreeSurface(d);
        SDL_FreeSurface(src);
    }
}

static void test_scale_exact(void **state)
{
    (void)state;
    /* Uniform colours stay exact at any ratio, shrinking or enlarging. */
    static const struct {
        int sw, sh, dw, dh;
    } rows[] = {
        {37, 23, 100, 7}, {1000, 3, 7, 9}, {5, 5, 5, 5}, {1, 1, 30, 20}, {3, 300, 300, 3},
    };
    for (size_t i = 0; i < N(rows); i++) {
        SDL_Surface *src = make_surface(rows[i].sw, rows[i].sh, SDL_PIXELFORMAT_ARGB8888);
        SDL_FillRect(src, NULL, 0xff0ac81eu);
        SDL_Surface *d = image_scale(src, rows[i].dw, rows[i].dh);
        if (!d || d->w != rows[i].dw || d->h != rows[i].dh)
            fail_msg("row %zu: bad size", i);
        for (int y = 0; y < d->h; y++)
            for (int x = 0; x < d->w; x++)
                if (px(d, x, y) != 0xff0ac81eu)
                    fail_msg("row %zu: pixel %d,%d is %08x", i, x, y, px(d, x, y));
        SDL_FreeSurface(d);
        SDL_FreeSurface(src);
    }

    /* Every pixel layout the decoders produce keeps its channels apart. */
    static const uint32_t formats[] = {
        SDL_PIXELFORMAT_ARGB8888, SDL_PIXELFORMAT_ABGR8888, SDL_PIXELFORMAT_RGBA8888,
        SDL_PIXELFORMAT_BGRA8888, SDL_PIXELFORMAT_RGB888,   SDL_PIXELFORMAT_BGR888,
        SDL_PIXELFORMAT_RGB24,    SDL_PIXELFORMAT_BGR24,    SDL_PIXELFORMAT_RGB565,
        SDL_PIXELFORMAT_ARGB4444,
    };
    for (size_t i = 0; i < N(formats); i++) {
        SDL_Surface *src = SDL_CreateRGBSurfaceWithFormat(0, 9, 3, 32, formats[i]);
        assert_non_null(src);
        SDL_FillRect(src, NULL, SDL_MapRGBA(src->format, 0x0a, 0xc8, 0x1e, 0xff));
        SDL_Surface *d = image_scale(src, 2, 2);
        uint32_t want = 0xff0ac81eu;
        if (formats[i] == SDL_PIXELFORMAT_RGB565 || formats[i] == SDL_PIXELFORMAT_ARGB4444)
            want = px(d, 0, 0); /* lossy formats: only check uniformity */
        for (int y = 0; y < 2; y++)
            for (int x = 0; x < 2; x++)
                if (px(d, x, y) != want)
                    fail_msg("format %s: pixel %d,%d is %08x, want %08x",
                             SDL_GetPixelFormatName(formats[i]), x, y, px(d, x, y), want);
        if (formats[i] == SDL_PIXELFORMAT_RGB565 &&
            (abs(R(want) - 0x0a) > 8 || abs(G(want) - 0xc8) > 4 || abs(B(want) - 0x1e) > 8))
            fail_msg("RGB565 gave %08x", want);
        SDL_FreeSurface(d);
        SDL_FreeSurface(src);
    }

    /* A palette picture with a colour key: the key becomes transparent and
     * does not darken its neighbours. */
    SDL_Surface *pal = SDL_CreateRGBSurfaceWithFormat(0, 4, 2, 8, SDL_PIXELFORMAT_INDEX8);
    assert_non_null(pal);
    SDL_Color cols[2] = {{0, 0, 0, 255}, {0, 0, 255, 255}};
    SDL_SetPaletteColors(pal->format->palette, cols, 0, 2);
    SDL_SetColorKey(pal, SDL_TRUE, 0);
    for (int y = 0; y < 2; y++)
        for (int x = 0; x < 4; x++)
            ((uint8_t *)pal->pixels)[y * pal->pitch + x] = x < 2 ? 1 : 0;
    SDL_Surface *pd = image_scale(pal, 2, 1);
    if (px(pd, 0, 0) != 0xff0000ffu || A(px(pd, 1, 0)) != 0)
        fail_msg("palette + key gave %08x %08x", px(pd, 0, 0), px(pd, 1, 0));
    SDL_FreeSurface(pd);
    pd = image_scale(pal, 1, 1);
    if (B(px(pd, 0, 0)) != 255 || abs(A(px(pd, 0, 0)) - 128) > 1)
        fail_msg("palette + key to 1x1 gave %08x", px(pd, 0, 0));
    SDL_FreeSurface(pd);
    SDL_FreeSurface(pal);

    /* A red pixel next to transparent black: the mean is half-transparent
     * red, not dark red (premultiplied averaging). */
    SDL_Surface *src = make_surface(2, 1, SDL_PIXELFORMAT_ARGB8888);
    ((uint32_t *)src->pixels)[0] = 0xffff0000u;
    ((uint32_t *)src->pixels)[1] = 0x00000000u;
    SDL_Surface *d = image_scale(src, 1, 1);
    uint32_t p = px(d, 0, 0);
    if (R(p) != 255 || G(p) != 0 || abs(A(p) - 128) > 1)
        fail_msg("red next to transparent gave %08x, want ~80ff0000", p);
    SDL_FreeSurface(d);

    /* Enlarging 2x1 black|white to 8x1 is a monotone bilinear ramp that
     * keeps the end colours. */
    ((uint32_t *)src->pixels)[0] = 0xff000000u;
    ((uint32_t *)src->pixels)[1] = 0xffffffffu;
    d = image_scale(src, 8, 1);
    assert_int_equal(px(d, 0, 0), 0xff000000u);
    assert_int_equal(px(d, 7, 0), 0xffffffffu);
    for (int x = 1; x < 8; x++)
        if (R(px(d, x, 0)) < R(px(d, x - 1, 0)))
            fail_msg("ramp not monotone at %d", x);
    assert_int_equal(R(px(d, 3, 0)) + R(px(d, 4, 0)), 255);
    SDL_FreeSurface(d);
    SDL_FreeSurface(src);

    assert_null(image_scale(NULL, 10, 10));
    src = make_surface(4, 4, SDL_PIXELFORMAT_ARGB8888);
    assert_null(image_scale(src, 0, 10));
    SDL_FreeSurface(src);
}

/* A picture saved as PNG: three vertical thirds red, green, blue. */
static void save_thirds(const char *path, int w, int h)
{
    SDL_Surface *s = make_surface(w, h, SDL_PIXELFORMAT_ARGB8888);
    SDL_FillRect(s, NULL, 0xff00ff00u);
    SDL_Rect l = {0, 0, w / 3, h}, r = {w - w / 3, 0, w / 3, h};
    SDL_FillRect(s, &l, 0xffff0000u);
    SDL_FillRect(s, &r, 0xff0000ffu);
    if (IMG_SavePNG(s, path) != 0)
        fail_msg("cannot save %s: %s", path, SDL_GetError());
    SDL_FreeSurface(s);
}

static void test_fit(void **state)
{
    (void)state;
    static const struct {
        int sw, sh, bw, bh;
        enum image_fit fit;
        int ew, eh;
    } rows[] = {
        {400, 300, 200, 200, FIT_COVER, 200, 200},
        {400, 300, 200, 200, FIT_CONTAIN, 200, 150},
        {300, 400, 200, 200, FIT_CONTAIN, 150, 200},
        {8000, 200, 1920, 1080, FIT_CONTAIN, 1920, 48},
        {8000, 200, 1920, 1080, FIT_COVER, 1920, 1080},
        {8000, 200, 100, 100, FIT_CONTAIN, 100, 3},
        {200, 8000, 100, 100, FIT_CONTAIN, 3, 100},
        {100, 100, 300, 200, FIT_CONTAIN, 200, 200},
        {100, 100, 300, 200, FIT_COVER, 300, 200},
        {1, 1, 50, 50, FIT_CONTAIN, 50, 50},
        {3000, 1, 10, 10, FIT_CONTAIN, 10, 1},
    };
    const char *path = out_path("thirds.png");
    for (size_t i = 0; i < N(rows); i++) {
        save_thirds(path, rows[i].sw, rows[i].sh);
        char err[200] = "";
        SDL_Surface *s =
            image_load_fit(path, rows[i].bw, rows[i].bh, rows[i].fit, err, sizeof err);
        if (!s)
            fail_msg("row %zu: %s", i, err);
        if (s->w != rows[i].ew || s->h != rows[i].eh)
            fail_msg("row %zu: %dx%d in %dx%d gave %dx%d, want %dx%d", i, rows[i].sw, rows[i].sh,
                     rows[i].bw, rows[i].bh, s->w, s->h, rows[i].ew, rows[i].eh);
        if (s->format->format != SDL_PIXELFORMAT_ARGB8888)
            fail_msg("row %zu: not ARGB8888", i);
        /* Cover crops around the centre: a wide picture keeps its green
         * middle third when the box is square. */
        if (rows[i].fit == FIT_COVER && rows[i].sw >= 3 * rows[i].sh / 2 &&
            rows[i].bw == rows[i].bh) {
            uint32_t l = px(s, 0, s->h / 2), r = px(s, s->w - 1, s->h / 2);
            if (l != 0xff00ff00u || r != 0xff00ff00u)
                fail_msg("row %zu: cover crop edges %08x %08x, want green", i, l, r);
        }
        SDL_FreeSurface(s);
    }
    remove(path);
}

static void test_formats(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        int cx, cy; /* a pixel to check */
        int alpha;  /* its expected alpha */
    } rows[] = {
        {FIX "small.png", 20, 15, 255},  {FIX "small.jpg", 20, 15, 255},
        {FIX "small.webp", 20, 15, 255}, {FIX "lossless.webp", 20, 15, 255},
        {FIX "small.gif", 20, 15, 255},  {FIX "alpha.webp", 0, 0, 0},
        {FIX "alpha.webp", 21, 16, 255}, {FIX "rgba.png", 0, 0, 0},
        {FIX "rgba.png", 8, 8, 255},     {FIX "alpha.gif", 0, 0, 0},
        {FIX "alpha.gif", 8, 8, 255},
    };
    for (size_t i = 0; i < N(rows); i++) {
        int w, h;
        char err[200] = "";
        image_probe(rows[i].file, &w, &h, err, sizeof err);
        SDL_Surface *s = image_load_fit(rows[i].file, w, h, FIT_COVER, err, sizeof err);
        if (!s)
            fail_msg("row %zu %s: %s", i, rows[i].file, err);
        if (s->w != w || s->h != h || s->format->format != SDL_PIXELFORMAT_ARGB8888)
            fail_msg("row %zu %s: %dx%d", i, rows[i].file, s->w, s->h);
        uint32_t p = px(s, rows[i].cx, rows[i].cy);
        if (abs(A(p) - rows[i].alpha) > 2)
            fail_msg("row %zu %s: alpha %d at %d,%d, want %d", i, rows[i].file, A(p), rows[i].cx,
                     rows[i].cy, rows[i].alpha);
        SDL_FreeSurface(s);
    }
}

/* GIFs are decoded by image.c itself: compare with ImageMagick's PNG of
 * the same first frame (interlaced rows, a transparent colour, a frame
 * placed inside a larger screen), and survive what crashes SDL_image. */
static void test_gif(void **state)
{
    (void)state;
    static const struct {
        const char *gif, *ref;
        SDL_Rect frame; /* outside it the canvas is transparent, as browsers show
                           it (ImageMagick paints the background colour there) */
    } rows[] = {
        {FIX "interlaced.gif", FIX "interlaced-ref.png", {0, 0, 37, 29}},
        {FIX "offset.gif", FIX "offset-ref.png", {13, 17, 20, 10}},
        {FIX "small.gif", NULL, {0, 0, 40, 30}},
        {FIX "alpha.gif", NULL, {0, 0, 16, 16}},
    };
    for (size_t i = 0; i < N(rows); i++) {
        int w, h;
        char err[200] = "";
        if (image_probe(rows[i].gif, &w, &h, err, sizeof err) != 0)
            fail_msg("row %zu %s: %s", i, rows[i].gif, err);
        SDL_Surface *got = image_load_fit(rows[i].gif, w, h, FIT_COVER, err, sizeof err);
        if (!got)
            fail_msg("row %zu %s: %s", i, rows[i].gif, err);
        SDL_Surface *want = NULL;
        if (rows[i].ref) {
            want = image_load_fit(rows[i].ref, w, h, FIT_COVER, err, sizeof err);
        } else {
            SDL_Surface *raw = IMG_Load(rows[i].gif); /* SDL_image on a good file */
            want = raw ? image_scale(raw, raw->w, raw->h) : NULL;
            SDL_FreeSurface(raw);
        }
        if (!want || want->w != got->w || want->h != got->h)
            fail_msg("row %zu %s: reference missing or of another size", i, rows[i].gif);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                uint32_t a = px(got, x, y), b = px(want, x, y);
                SDL_Point pt = {x, y};
                if (!SDL_PointInRect(&pt, &rows[i].frame))
                    b = 0;
                if (A(a) != A(b) || (A(a) && a != b))
                    fail_msg("row %zu %s: pixel %d,%d is %08x, want %08x", i, rows[i].gif, x, y, a,
                             b);
            }
        SDL_FreeSurface(got);
        SDL_FreeSurface(want);
    }
}

/* Files found by fuzzing image_load_fit. */
static void test_regressions(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        const char *must_not; /* a word the error must not contain */
    } rows[] = {
        /* 75 bytes on which SDL_image 2.6.3's GIF loader writes through NULL. */
        {FIX "crash-sdl-gif.gif", NULL},
        /* A WebP header with "<svg" inside: IMG_LoadTyped_RW sniffed it as SVG. */
        {FIX "svg-in-webp.webp", "SVG"},
    };
    for (size_t i = 0; i < N(rows); i++) {
        char err[200] = "";
        SDL_Surface *s = image_load_fit(rows[i].file, 32, 32, FIT_COVER, err, sizeof err);
        if (rows[i].must_not && (s || strstr(err, rows[i].must_not)))
            fail_msg("row %zu %s: error '%s'", i, rows[i].file, err);
        SDL_FreeSurface(s);
    }
}

/* The nearest of the four quadrant colours of the orientation fixtures. */
static char quadrant_colour(uint32_t p)
{
    static const struct {
        char name;
        int r, g, b;
    } cols[] = {{'R', 0xdc, 0x1e, 0x1e},
                {'B', 0x1e, 0x1e, 0xdc},
                {'G', 0x1e, 0xc8, 0x1e},
                {'Y', 0xe6, 0xdc, 0x1e}};
    char best = '?';
    int bd = 1 << 30;
    for (size_t i = 0; i < N(cols); i++) {
        int d = abs(R(p) - cols[i].r) + abs(G(p) - cols[i].g) + abs(B(p) - cols[i].b);
        if (d < bd) {
            bd = d;
            best = cols[i].name;
        }
    }
    return best;
}

/* The fixtures store 40x20 in quadrants, red blue / green yellow, with
 * EXIF orientation 2..8; the picture shown must be turned accordingly. */
static void test_orientation(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        int bw, bh;
        enum image_fit fit;
        int ew, eh;
        const char *corners; /* top-left, top-right, bottom-left, bottom-right */
    } rows[] = {
        {FIX "orient2.jpg", 40, 20, FIT_COVER, 40, 20, "BRYG"},
        {FIX "orient3.jpg", 40, 20, FIT_COVER, 40, 20, "YGBR"},
        {FIX "orient4.jpg", 40, 20, FIT_COVER, 40, 20, "GYRB"},
        {FIX "orient5.jpg", 20, 40, FIT_COVER, 20, 40, "RGBY"},
        {FIX "orient6.jpg", 20, 40, FIT_COVER, 20, 40, "GRYB"},
        {FIX "orient6.jpg", 100, 100, FIT_CONTAIN, 50, 100, "GRYB"},
        {FIX "orient6.jpg", 100, 100, FIT_COVER, 100, 100, "GRYB"},
        {FIX "orient7.jpg", 20, 40, FIT_COVER, 20, 40, "YBGR"},
        {FIX "orient8-mm.jpg", 20, 40, FIT_COVER, 20, 40, "BYRG"},
        {FIX "orient8-mm.jpg", 10, 20, FIT_CONTAIN, 10, 20, "BYRG"},
        {FIX "small.jpg", 40, 30, FIT_COVER, 40, 30, NULL},
    };
    for (size_t i = 0; i < N(rows); i++) {
        char err[200] = "";
        SDL_Surface *s =
            image_load_fit(rows[i].file, rows[i].bw, rows[i].bh, rows[i].fit, err, sizeof err);
        if (!s)
            fail_msg("row %zu %s: %s", i, rows[i].file, err);
        if (s->w != rows[i].ew || s->h != rows[i].eh)
            fail_msg("row %zu %s: got %dx%d, want %dx%d", i, rows[i].file, s->w, s->h, rows[i].ew,
                     rows[i].eh);
        if (rows[i].corners) {
            int mx = s->w / 8, my = s->h / 8;
            char got[5] = {quadrant_colour(px(s, mx, my)),
                           quadrant_colour(px(s, s->w - 1 - mx, my)),
                           quadrant_colour(px(s, mx, s->h - 1 - my)),
                           quadrant_colour(px(s, s->w - 1 - mx, s->h - 1 - my)), 0};
            if (strcmp(got, rows[i].corners) != 0)
                fail_msg("row %zu %s: corners %s, want %s", i, rows[i].file, got, rows[i].corners);
        }
        SDL_FreeSurface(s);
    }
}

/* A focal point keeps its part of the picture as seen, whatever the EXIF
 * orientation: a strip (cover) of the orientation fixtures, cropped at one
 * end or the other, shows that end's quadrants (at a quarter and three
 * quarters of the strip, along its length). */
static void test_focus(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        int bw, bh;    /* a strip across the picture as seen */
        double fx, fy; /* the focal point */
        const char *want;
    } rows[] = {
        {FIX "orient3.jpg", 10, 20, 0.0, 0.5, "YB"}, /* shown 40x20: the left end */
        {FIX "orient3.jpg", 10, 20, 1.0, 0.5, "GR"}, /* the right end */
        {FIX "orient2.jpg", 10, 20, 1.0, 0.5, "RG"},
        {FIX "orient4.jpg", 10, 20, 1.0, 0.5, "YB"},
        {FIX "orient6.jpg", 20, 10, 0.5, 0.0, "GR"}, /* shown 20x40: the top */
        {FIX "orient6.jpg", 20, 10, 0.5, 1.0, "YB"}, /* the bottom */
        {FIX "orient5.jpg", 20, 10, 0.5, 0.0, "RG"},
        {FIX "orient7.jpg", 20, 10, 0.5, 1.0, "GR"},
        {FIX "orient8-mm.jpg", 20, 10, 0.5, 1.0, "RG"},
    };
    for (size_t i = 0; i < N(rows); i++) {
        char err[200] = "";
        SDL_Surface *s = image_load_focus(NULL, rows[i].file, rows[i].bw, rows[i].bh, FIT_COVER,
                                          rows[i].fx, rows[i].fy, err, sizeof err);
        if (!s)
            fail_msg("row %zu %s: %s", i, rows[i].file, err);
        char got[3] = {quadrant_colour(px(s, s->w / 4, s->h / 4)),
                       quadrant_colour(px(s, s->w * 3 / 4, s->h * 3 / 4)), 0};
        if (strcmp(got, rows[i].want) != 0)
            fail_msg("row %zu %s, focus %.1f,%.1f: shows %s, want %s", i, rows[i].file, rows[i].fx,
                     rows[i].fy, got, rows[i].want);
        SDL_FreeSurface(s);
    }
}

/* image_load_fit runs on the prepare thread while others may load too:
 * two threads loading the same pictures get the same pixels. */
struct job {
    uint32_t sums[N(good_rows)];
};

static uint32_t checksum(SDL_Surface *s)
{
    uint32_t h = 2166136261u;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++)
            h = (h ^ px(s, x, y)) * 16777619u;
    return h;
}

static void *load_all(void *arg)
{
    struct job *j = arg;
    for (int round = 0; round < 10; round++) {
        for (size_t i = 0; i < N(good_rows); i++) {
            char err[200];
            SDL_Surface *s = image_load_fit(good_rows[i].file, 23, 17, FIT_COVER, err, sizeof err);
            uint32_t sum = s ? checksum(s) : 0;
            if (round > 0 && sum != j->sums[i])
                j->sums[i] = 0xdeadbeef; /* reported by the main thread */
            else
                j->sums[i] = sum;
            SDL_FreeSurface(s);
        }
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    /* make test-arm64 runs under qemu-user, where a second thread spins
     * forever on these machines (see ARM64_SKIP in the Makefile). */
    if (getenv("VITRINE_NO_THREADS")) {
        skip();
        return;
    }
    struct job ref, a, b;
    load_all(&ref);
    pthread_t ta, tb;
    assert_int_equal(pthread_create(&ta, NULL, load_all, &a), 0);
    assert_int_equal(pthread_create(&tb, NULL, load_all, &b), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    for (size_t i = 0; i < N(good_rows); i++)
        if (!ref.sums[i] || a.sums[i] != ref.sums[i] || b.sums[i] != ref.sums[i])
            fail_msg("row %zu %s: threads got %08x %08x, alone %08x", i, good_rows[i].file,
                     a.sums[i], b.sums[i], ref.sums[i]);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The 4000x3000 -> 1000x750 shrink, the size of a camera photo in a box.
 * Prints the time; fails only when absurdly slow (sanitizer builds too). */
static void test_speed(void **state)
{
    (void)state;
    static const uint32_t formats[] = {SDL_PIXELFORMAT_ARGB8888, SDL_PIXELFORMAT_RGB24};
    for (size_t i = 0; i < N(formats); i++) {
        SDL_Surface *src = make_surface(4000, 3000, formats[i]);
        uint8_t *p = src->pixels;
        uint32_t seed = 12345;
        for (size_t k = 0; k < (size_t)src->pitch * src->h; k++) {
            seed = seed * 1103515245u + 12345u;
            p[k] = (uint8_t)(seed >> 16);
        }
        double best = 1e9;
        for (int run = 0; run < 3; run++) {
            double t0 = now_ms();
            SDL_Surface *d = image_scale(src, 1000, 750);
            double t = now_ms() - t0;
            best = t < best ? t : best;
            assert_non_null(d);
            SDL_FreeSurface(d);
        }
        print_message("image_scale 4000x3000 %s -> 1000x750: %.1f ms\n",
                      SDL_GetPixelFormatName(formats[i]), best);
        if (best > 2000)
            fail_msg("scaling took %.0f ms", best);
        SDL_FreeSurface(src);
    }
}

/* The JPEG decoding scale: the largest 1/k that still leaves at least the
 * pixels the box needs. */
static const struct {
    uint32_t w, h;
    double need_w, need_h;
    int k;
} scale_rows[] = {
    {4000, 3000, 1190, 892.5, 2}, /* a camera photo in a 62 % photo box */
    {4000, 3000, 1000, 750, 4},   /* exactly a quarter */
    {4000, 3000, 1001, 750, 2},   /* one pixel more than a quarter */
    {4000, 3000, 480, 360, 8},    /* at most 1/8 */
    {4000, 3000, 100, 75, 8},
    {1920, 1280, 1190, 793.3, 1},     /* the benchmark's photos: whole */
    {1920, 1280, 2000, 1333, 1},      /* enlarging */
    {4001, 3001, 1000.25, 750.25, 4}, /* libjpeg rounds the scaled size up */
    {1, 1, 0.1, 0.1, 8},
};

static void test_jpeg_scale(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(scale_rows); i++) {
        int k = image_jpeg_scale(scale_rows[i].w, scale_rows[i].h, scale_rows[i].need_w,
                                 scale_rows[i].need_h);
        if (k != scale_rows[i].k)
            fail_msg("row %zu: %ux%u for %.1fx%.1f: 1/%d, want 1/%d", i, scale_rows[i].w,
                     scale_rows[i].h, scale_rows[i].need_w, scale_rows[i].need_h, k,
                     scale_rows[i].k);
    }
}

/* Mean absolute difference per channel of two ARGB8888 surfaces of one size. */
static double mean_abs_diff(SDL_Surface *a, SDL_Surface *b)
{
    SDL_Surface *x = SDL_ConvertSurfaceFormat(a, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_Surface *y = SDL_ConvertSurfaceFormat(b, SDL_PIXELFORMAT_ARGB8888, 0);
    assert_non_null(x);
    assert_non_null(y);
    assert_int_equal(x->w, y->w);
    assert_int_equal(x->h, y->h);
    double sum = 0;
    for (int r = 0; r < x->h; r++) {
        const uint8_t *p = (const uint8_t *)x->pixels + (size_t)r * x->pitch;
        const uint8_t *q = (const uint8_t *)y->pixels + (size_t)r * y->pitch;
        for (int c = 0; c < x->w * 4; c++)
            if (c % 4 != 3)
                sum += abs((int)p[c] - (int)q[c]);
    }
    double m = sum / ((double)x->w * x->h * 3);
    SDL_FreeSurface(x);
    SDL_FreeSurface(y);
    return m;
}

/* A large JPEG loaded into a small box (decoded at 1/4, then area-averaged)
 * looks like the whole decode scaled down, and costs much less. */
static void test_jpeg_reduced(void **state)
{
    (void)state;
    SDL_Surface *src = make_surface(3200, 2400, SDL_PIXELFORMAT_ARGB8888);
    for (int y = 0; y < src->h; y++) {
        uint32_t *row = (uint32_t *)((uint8_t *)src->pixels + (size_t)y * src->pitch);
        for (int x = 0; x < src->w; x++) /* smooth gradients and a few sharp bars */
            row[x] = 0xff000000u | (uint32_t)(x * 255 / src->w) << 16 |
                     (uint32_t)(y * 255 / src->h) << 8 | ((x / 200) % 2 ? 0xc0u : 0x20u);
    }
    const char *path = out_path("big.jpg");
    assert_int_equal(IMG_SaveJPG(src, path, 90), 0);
    SDL_FreeSurface(src);

    double t0 = now_ms();
    char err[256] = "";
    SDL_Surface *fast = image_load_fit(path, 800, 600, FIT_COVER, err, sizeof err);
    double t_fast = now_ms() - t0;
    if (!fast)
        fail_msg("load: %s", err);

    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static uint8_t buf[8 << 20];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    t0 = now_ms();
    SDL_Surface *whole = image_jpeg_decode(buf, len, 1, err, sizeof err);
    assert_non_null(whole);
    assert_int_equal(whole->w, 3200);
    SDL_Surface *ref = image_scale(whole, 800, 600);
    double t_whole = now_ms() - t0;
    SDL_Surface *quarter = image_jpeg_decode(buf, len, 4, err, sizeof err);
    assert_non_null(quarter);
    assert_int_equal(quarter->w, 800);
    assert_int_equal(quarter->h, 600);

    double d = mean_abs_diff(fast, ref);
    print_message("JPEG 3200x2400 into 800x600: %.1f ms at 1/4 (mean difference %.2f), "
                  "%.1f ms whole\n",
                  t_fast, d, t_whole);
    if (d > 3.0)
        fail_msg("the reduced decode differs from the whole one by %.2f per channel", d);
    SDL_FreeSurface(fast);
    SDL_FreeSurface(whole);
    SDL_FreeSurface(ref);
    SDL_FreeSurface(quarter);
}

static int setup(void **state)
{
    (void)state;
    const char *b = getenv("BUILD") ? getenv("BUILD") : "build";
    mkdir(b, 0755);
    snprintf(outdir, sizeof outdir, "%s/test_image", b);
    mkdir(outdir, 0755);
    IMG_Init(IMG_INIT_JPG | IMG_INIT_PNG | IMG_INIT_WEBP);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_probe_good),   cmocka_unit_test(test_probe_bad),
        cmocka_unit_test(test_not_files),    cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_checkerboard), cmocka_unit_test(test_scale_exact),
        cmocka_unit_test(test_fit),          cmocka_unit_test(test_formats),
        cmocka_unit_test(test_gif),          cmocka_unit_test(test_regressions),
        cmocka_unit_test(test_orientation),  cmocka_unit_test(test_focus),
        cmocka_unit_test(test_threads),      cmocka_unit_test(test_speed),
        cmocka_unit_test(test_jpeg_scale),   cmocka_unit_test(test_jpeg_reduced),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
