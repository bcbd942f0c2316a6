/* Table-driven tests for play/compose: where the slide, the clock and the
 * ticker band go for every rotation, and that a rotated rectangle stays
 * inside the frame. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rect),
        cmocka_unit_test(test_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
