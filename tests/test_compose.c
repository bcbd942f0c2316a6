/* Table-driven tests for play/compose: where the slide, the clock and the
 * ticker band go for every rotation, that a rotated rectangle stays inside
 * the frame, and the slow motion of a photo on both drawing backends. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "draw/slide.h"
#include "play/compose.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
    const char *name;
    int fw, fh, rotate;
    SDL_Rect logical, want;
} rect_rows[] = {
    {"0: unchanged", 1920, 1080, 0, {10, 20, 30, 40}, {10, 20, 30, 40}},
    {"90: top-left goes top-right", 1080, 1920, 90, {0, 0, 100, 50}, {1030, 0, 50, 100}},
    {"90: bottom band goes left", 1080, 1920, 90, {0, 1000, 1920, 80}, {0, 0, 80, 1920}},
    {"180: top-left goes bottom-right", 1920, 1080, 180, {0, 0, 100, 50}, {1820, 1030, 100, 50}},
    {"270: top-left goes bottom-left", 1080, 1920, 270, {0, 0, 100, 50}, {0, 1820, 50, 100}},
};

static void test_rect(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(rect_rows); i++) {
        struct layout L;
        compose_layout(&L, rect_rows[i].fw, rect_rows[i].fh, rect_rows[i].rotate, 0, 0);
        SDL_Rect r = compose_rect(&L, rect_rows[i].logical), w = rect_rows[i].want;
        if (r.x != w.x || r.y != w.y || r.w != w.w || r.h != w.h)
            fail_msg("row '%s': got %d,%d %dx%d", rect_rows[i].name, r.x, r.y, r.w, r.h);
    }
}

static const struct {
    const char *name;
    int fw, fh, rotate;
    double clock, ticker;
    int want_band_h;   /* logical height of the band */
    int want_slide_lh; /* logical height of the slide area */
} layout_rows[] = {
    {"landscape, no overlays", 1920, 1080, 0, 0, 0, 0, 1080},
    {"landscape, ticker 5 %", 1920, 1080, 0, 0.05, 0.05, 54, 1026},
    {"portrait, ticker 5 %", 1080, 1920, 0, 0.05, 0.05, 54, 1866},
    {"sideways portrait", 1920, 1080, 90, 0.05, 0.05, 54, 1866},
    {"upside down 720p", 1280, 720, 180, 0.05, 0.05, 36, 684},
};

static int inside(SDL_Rect r, int w, int h)
{
    return r.x >= 0 && r.y >= 0 && r.x + r.w <= w && r.y + r.h <= h;
}

static void test_layout(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(layout_rows); i++) {
        struct layout L;
        compose_layout(&L, layout_rows[i].fw, layout_rows[i].fh, layout_rows[i].rotate,
                       layout_rows[i].clock, layout_rows[i].ticker);
        if (L.band_l.h != layout_rows[i].want_band_h ||
            L.slide_l.h != layout_rows[i].want_slide_lh)
            fail_msg("row '%s': band %d, slide %d", layout_rows[i].name, L.band_l.h, L.slide_l.h);
        if (!inside(L.slide, L.fw, L.fh) || !inside(L.band, L.fw, L.fh) ||
            !inside(L.clock, L.fw, L.fh))
            fail_msg("row '%s': a box leaves the frame", layout_rows[i].name);
        if (L.slide.w * L.slide.h + L.band.w * L.band.h != L.fw * L.fh)
            fail_msg("row '%s': slide and band do not tile the frame", layout_rows[i].name);
        if (L.clock.w && SDL_HasIntersection(&L.clock, &L.band))
            fail_msg("row '%s': the clock covers the ticker", layout_rows[i].name);
    }
}

/* Slow motion: a photo whose red channel is its x and green its y (in
 * 1/255 of its size) moved in a box. Each row: the focal point, the progress
 * and the red (source x) wanted at the box's left and right edges. */
static const struct {
    const char *name;
    double fx, fy, p;
    int left, right; /* red at the box's first and last columns, +-6 */
} motion_rows[] = {
    {"start: the whole photo, as the slide", 0.5, 0.5, 0.0, 0, 255},
    {"end: back to the slide", 0.5, 0.5, 1.0, 0, 255},
    {"half-way, centre: zoomed in on the middle", 0.5, 0.5, 0.5, 9, 245},
    {"half-way, focus right: the right part", 1.0, 0.5, 0.5, 19, 255},
    {"half-way, focus left: the left part", 0.0, 0.5, 0.5, 0, 236},
    {"a quarter, focus right: on its way", 1.0, 0.5, 0.25, 9, 255},
};

static SDL_Surface *gradient_photo(int w, int h)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            ((uint32_t *)((uint8_t *)s->pixels + y * s->pitch))[x] =
                0xff000000u | (uint32_t)(x * 255 / (w - 1)) << 16 |
                (uint32_t)(y * 255 / (h - 1)) << 8 | 0x80;
    return s;
}

static uint32_t at(SDL_Surface *s, int x, int y)
{
    return ((uint32_t *)((uint8_t *)s->pixels + y * s->pitch))[x];
}

static void test_motion(void **state)
{
    (void)state;
    SDL_setenv("SDL_VIDEODRIVER", "offscreen", 1);
    static const enum display_backend backends[] = {DISPLAY_SURFACE, DISPLAY_GPU};
    SDL_Rect box = {40, 30, 200, 120}; /* in the slide */
    for (size_t b = 0; b < N(backends); b++) {
        /* llvmpipe starts threads, which qemu-user cannot (make test-arm64) */
        if (backends[b] == DISPLAY_GPU && getenv("VITRINE_NO_THREADS"))
            continue;
#if defined(__SANITIZE_ADDRESS__)
        /* Mesa's llvmpipe leaves a few blocks allocated from modules SDL
         * unloads at exit, which LeakSanitizer cannot name for a
         * suppression; the plain build tests this backend. */
        if (backends[b] == DISPLAY_GPU)
            continue;
#endif
        char err[256];
        struct display_opts o = {.win_w = 320, .win_h = 180, .backend = backends[b]};
        display_t *d = display_create(&o, err, sizeof err);
        if (!d) {
            print_message("backend %zu: %s (skipped)\n", b, err);
            continue;
        }
        struct layout L;
        compose_layout(&L, 320, 180, 0, 0, 0);
        int pw = (int)(box.w * SLIDE_MOTION_ZOOM + 0.5),
            ph = (int)(box.h * SLIDE_MOTION_ZOOM + 0.5);
        dimage_t *photo = display_upload(d, gradient_photo(pw, ph));
        assert_non_null(photo);
        SDL_Rect fr = compose_motion_rect(&L, box);
        for (size_t r = 0; r < N(motion_rows); r++) {
            display_fill(d, NULL, 0xff0000ffu); /* blue: never in the photo */
            compose_motion(d, &L, photo, box, motion_rows[r].fx, motion_rows[r].fy,
                           motion_rows[r].p);
            display_present(d, NULL, 0);
            SDL_Surface *s = display_read(d);
            assert_non_null(s);
            /* the box is covered whole, nothing outside it is touched */
            for (int y = 0; y < s->h; y++)
                for (int x = 0; x < s->w; x++) {
                    bool in = x >= fr.x && x < fr.x + fr.w && y >= fr.y && y < fr.y + fr.h;
                    bool blue = (at(s, x, y) & 0xffffffu) == 0x0000ffu;
                    if (in == blue)
                        fail_msg("backend %zu, row '%s': pixel %d,%d %s", b, motion_rows[r].name,
                                 x, y, in ? "left unpainted" : "painted outside the box");
                }
            int ym = fr.y + fr.h / 2;
            int left = (int)(at(s, fr.x, ym) >> 16 & 0xff);
            int right = (int)(at(s, fr.x + fr.w - 1, ym) >> 16 & 0xff);
            if (abs(left - motion_rows[r].left) > 6 || abs(right - motion_rows[r].right) > 6)
                fail_msg("backend %zu, row '%s': edges show x %d..%d of 255, want %d..%d", b,
                         motion_rows[r].name, left, right, motion_rows[r].left,
                         motion_rows[r].right);
            SDL_FreeSurface(s);
        }
        display_image_free(d, photo);
        display_free(d);
    }
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rect),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_motion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
