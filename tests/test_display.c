/* Table-driven tests for play/display's crossfade kernel: the SIMD body and
 * the scalar tail must agree with the exact formula on every channel; and
 * the frame a film draws into during its hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include <cmocka.h>

#include "play/display.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
    const char *name;
    uint32_t a, b;
    int t;
} rows[] = {
    {"t = 0 keeps a", 0xff102030u, 0xffa0b0c0u, 0},
    {"t = 256 gives b", 0xff102030u, 0xffa0b0c0u, 256},
    {"half way", 0xff000000u, 0xffffffffu, 128},
    {"white to black, early", 0xffffffffu, 0xff000000u, 3},
    {"white to black, late", 0xffffffffu, 0xff000000u, 253},
    {"equal pixels stay", 0xff7f7f7fu, 0xff7f7f7fu, 77},
    {"alpha channel mixes too", 0x00ff00ffu, 0xff00ff00u, 200},
};

static uint32_t expect(uint32_t a, uint32_t b, int t)
{
    uint32_t r = 0;
    for (int s = 0; s < 32; s += 8) {
        uint32_t ca = (a >> s) & 255, cb = (b >> s) & 255;
        r |= (((ca * (uint32_t)(256 - t) + cb * (uint32_t)t) >> 8) & 255) << s;
    }
    return r;
}

static void test_mix_row(void **state)
{
    (void)state;
    /* 13 pixels: three SIMD blocks of 4 and one pixel of scalar tail. */
    enum { W = 13 };
    uint32_t a[W], b[W], d[W];
    for (size_t i = 0; i < N(rows); i++) {
        for (int k = 0; k < W; k++) {
            a[k] = rows[i].a;
            b[k] = rows[i].b;
            d[k] = 0xdeadbeefu;
        }
        display_mix_row(d, a, b, W, rows[i].t);
        uint32_t want = expect(rows[i].a, rows[i].b, rows[i].t);
        for (int k = 0; k < W; k++)
            if (d[k] != want)
                fail_msg("row '%s': pixel %d is %08x, want %08x", rows[i].name, k, d[k], want);
    }
}

/* A resize the framebuffer cannot follow (no memory for 600000000 x 2) never
 * stops the player: drawing pauses, and resumes at the next size that fits
 * (issue 17 point 14). Real SDL, its offscreen driver. */
static void test_resize_fails(void **state)
{
    (void)state;
    SDL_setenv("SDL_VIDEODRIVER", "offscreen", 1);
    char err[256];
    struct display_opts o = {.win_w = 320, .win_h = 180, .backend = DISPLAY_SURFACE};
    display_t *d = display_create(&o, err, sizeof err);
    if (!d) {
        skip(); /* no offscreen driver in this SDL */
        return;
    }
    SDL_Window *win = NULL;
    for (Uint32 id = 1; id < 16 && !win; id++)
        win = SDL_GetWindowFromID(id);
    assert_non_null(win);
    static const struct {
        int w, h;
        bool drawable;
    } steps[] = {{600000000, 2, false}, {320, 180, true}, {640, 360, true}};
    for (size_t i = 0; i < N(steps); i++) {
        SDL_SetWindowSize(win, steps[i].w, steps[i].h);
        SDL_Event ev;
        while (SDL_PollEvent(&ev))
            display_event(d, &ev);
        display_fill(d, NULL, 0xff336699u);
        display_present(d, NULL, 0);
        if (steps[i].drawable != (display_frame(d) != NULL))
            fail_msg("step %zu: the film's way into the frame is %s", i,
                     display_frame(d) ? "open" : "closed");
        SDL_Surface *s = display_read(d);
        if (steps[i].drawable != (s != NULL))
            fail_msg("step %zu (%dx%d): frame %s", i, steps[i].w, steps[i].h,
                     s ? "readable" : "missing");
        if (s && (s->w != steps[i].w || s->h != steps[i].h))
            fail_msg("step %zu: frame %dx%d, want %dx%d", i, s->w, s->h, steps[i].w, steps[i].h);
        SDL_FreeSurface(s);
    }
    display_free(d);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

/* A film during its hold writes straight into the frame (display_frame):
 * what it writes is what is shown; without GL (the surface backend) films
 * are drawn by the CPU. Real SDL, its offscreen driver. */
static void test_frame_for_films(void **state)
{
    (void)state;
    SDL_setenv("SDL_VIDEODRIVER", "offscreen", 1);
    char err[256];
    struct display_opts o = {.win_w = 64, .win_h = 32, .backend = DISPLAY_SURFACE};
    display_t *d = display_create(&o, err, sizeof err);
    if (!d) {
        skip();
        return;
    }
    assert_false(display_gl(d));
    SDL_Surface *f = display_frame(d);
    assert_non_null(f);
    display_fill(d, NULL, 0xff000000u);
    static const struct {
        int x, y;
        uint32_t px;
    } px_rows[] = {{0, 0, 0xff112233u}, {63, 31, 0xff445566u}, {20, 10, 0xffabcdefu}};
    for (size_t i = 0; i < N(px_rows); i++)
        ((uint32_t *)((uint8_t *)f->pixels + px_rows[i].y * f->pitch))[px_rows[i].x] =
            px_rows[i].px;
    display_present(d, NULL, 0);
    SDL_Surface *s = display_read(d);
    assert_non_null(s);
    for (size_t i = 0; i < N(px_rows); i++) {
        uint32_t got =
            ((uint32_t *)((uint8_t *)s->pixels + px_rows[i].y * s->pitch))[px_rows[i].x];
        if ((got & 0xffffffu) != (px_rows[i].px & 0xffffffu))
            fail_msg("row %zu (%d, %d): 0x%06x shown, 0x%06x written", i, px_rows[i].x,
                     px_rows[i].y, got & 0xffffffu, px_rows[i].px & 0xffffffu);
    }
    SDL_FreeSurface(s);
    display_free(d);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mix_row),
        cmocka_unit_test(test_resize_fails),
        cmocka_unit_test(test_frame_for_films),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
