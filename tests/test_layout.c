/* Table-driven tests for draw/layout: pure box arithmetic at every screen
 * size the office uses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "draw/layout.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
    const char *name;
    struct box b;
    int cut, gap;
    struct box want_slice, want_rest;
} top_rows[] = {
    {"simple", {0, 0, 100, 100}, 30, 10, {0, 0, 100, 30}, {0, 40, 100, 60}},
    {"gap past the end", {0, 0, 100, 100}, 95, 10, {0, 0, 100, 95}, {0, 100, 100, 0}},
    {"too tall", {10, 10, 50, 40}, 80, 0, {10, 10, 50, 40}, {10, 50, 50, 0}},
    {"negative", {0, 0, 50, 40}, -5, 0, {0, 0, 50, 0}, {0, 0, 50, 40}},
};

static void test_cut_top(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(top_rows); i++) {
        struct box rest = top_rows[i].b;
        struct box s = box_cut_top(&rest, top_rows[i].cut, top_rows[i].gap);
        struct box ws = top_rows[i].want_slice, wr = top_rows[i].want_rest;
        if (s.x != ws.x || s.y != ws.y || s.w != ws.w || s.h != ws.h || rest.x != wr.x ||
            rest.y != wr.y || rest.w != wr.w || rest.h != wr.h)
            fail_msg("row '%s': slice %d,%d %dx%d rest %d,%d %dx%d", top_rows[i].name, s.x, s.y,
                     s.w, s.h, rest.x, rest.y, rest.w, rest.h);
        if (!box_contains(top_rows[i].b, s) || !box_contains(top_rows[i].b, rest))
            fail_msg("row '%s': a piece leaves the box", top_rows[i].name);
    }
}

static void test_cut_sides(void **state)
{
    (void)state;
    struct box b = {0, 0, 200, 100};
    struct box r = box_cut_right(&b, 50, 10);
    assert_int_equal(r.x, 150);
    assert_int_equal(b.w, 140);
    struct box l = box_cut_left(&b, 40, 0);
    assert_int_equal(l.x, 0);
    assert_int_equal(b.x, 40);
    assert_int_equal(b.w, 100);
    struct box bo = box_cut_bottom(&b, 30, 5);
    assert_int_equal(bo.y, 70);
    assert_int_equal(b.h, 65);
}

static const struct {
    const char *name;
    struct box a, b;
    bool contains;
} contain_rows[] = {
    {"same", {0, 0, 10, 10}, {0, 0, 10, 10}, true},
    {"inside", {0, 0, 10, 10}, {2, 2, 5, 5}, true},
    {"right edge out", {0, 0, 10, 10}, {6, 2, 5, 5}, false},
    {"above", {0, 0, 10, 10}, {2, -1, 5, 5}, false},
    {"empty counts", {0, 0, 10, 10}, {50, 50, 0, 0}, true},
};

static void test_contains(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(contain_rows); i++)
        if (box_contains(contain_rows[i].a, contain_rows[i].b) != contain_rows[i].contains)
            fail_msg("row '%s'", contain_rows[i].name);
}

/* Every screen size: photo and panel tile the screen exactly, no overlap. */
static const struct {
    int w, h;
    struct lay_split split;
    bool photo;
} split_rows[] = {
    {1920, 1080, {SIDE_LEFT, 0.45}, true},  {1280, 720, {SIDE_LEFT, 0.45}, true},
    {3840, 2160, {SIDE_RIGHT, 0.5}, true},  {1080, 1920, {SIDE_TOP, 0.42}, true},
    {1080, 1920, {SIDE_BOTTOM, 0.4}, true}, {1920, 1080, {SIDE_LEFT, 0.45}, false},
    {800, 600, {SIDE_LEFT, 1.5}, true},
};

static void test_split(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(split_rows); i++) {
        struct box screen = {0, 0, split_rows[i].w, split_rows[i].h}, photo, panel;
        lay_split(screen, &split_rows[i].split, split_rows[i].photo, &photo, &panel);
        long area = (long)photo.w * photo.h + (long)panel.w * panel.h;
        struct box overlap = box_intersect(photo, panel);
        if (!box_contains(screen, photo) || !box_contains(screen, panel) ||
            area != (long)screen.w * screen.h || overlap.w * overlap.h != 0)
            fail_msg("row %zu (%dx%d): photo %d,%d %dx%d panel %d,%d %dx%d", i, screen.w, screen.h,
                     photo.x, photo.y, photo.w, photo.h, panel.x, panel.y, panel.w, panel.h);
        if (split_rows[i].photo && (panel.w < screen.w / 10 || panel.h < screen.h / 10))
            fail_msg("row %zu: the panel is too small", i);
    }
}

static void test_units(void **state)
{
    (void)state;
    assert_int_equal(lay_unit(1920, 1080), 1080);
    assert_int_equal(lay_unit(1080, 1920), 1080);
    assert_true(lay_portrait(1080, 1920));
    assert_false(lay_portrait(1920, 1080));
    assert_int_equal(lay_px(0.07, 1080), 76);
    assert_int_equal(lay_px(0.07, 2160), 151);
    assert_int_equal(lay_px(0.0001, 720), 1);
    assert_int_equal(lay_px(0, 720), 0);
}

/* The agenda's list: how many rows fit, keeping room for the closing "+ N
 * others" line and the two headings. */
static const struct {
    const char *name;
    int h, n, nfirst, row_h, head_h, more_h;
    int want;
} fit_rows[] = {
    {"all fit", 1000, 8, 0, 100, 0, 50, 8},
    {"all fit exactly", 800, 8, 0, 100, 0, 50, 8},
    {"one short: the line takes a row", 799, 8, 0, 100, 0, 50, 7},
    {"the line costs a second row", 740, 8, 0, 100, 0, 50, 6},
    {"twelve, room for eight", 900, 12, 0, 100, 0, 60, 8},
    {"both headings", 1000, 8, 2, 100, 40, 50, 8},
    {"both headings, one too many", 879, 8, 2, 100, 40, 50, 7},
    {"cut inside the first group", 250, 8, 3, 100, 40, 50, 1},
    {"cut at the group boundary", 400, 8, 3, 100, 40, 50, 3},
    {"all running: no headings", 500, 5, 5, 100, 40, 50, 5},
    {"none upcoming counted as first", 500, 5, 0, 100, 40, 50, 5},
    {"nothing fits but the line", 100, 8, 0, 100, 0, 50, 0},
    {"no rows", 100, 0, 0, 100, 0, 50, 0},
};

static void test_list_fit(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(fit_rows); i++) {
        int got = lay_list_fit(fit_rows[i].h, fit_rows[i].n, fit_rows[i].nfirst, fit_rows[i].row_h,
                               fit_rows[i].head_h, fit_rows[i].more_h);
        if (got != fit_rows[i].want)
            fail_msg("row '%s': %d rows, want %d", fit_rows[i].name, got, fit_rows[i].want);
        int used = lay_list_height(got, fit_rows[i].n, fit_rows[i].nfirst, fit_rows[i].row_h,
                                   fit_rows[i].head_h, fit_rows[i].more_h);
        if (used > fit_rows[i].h && fit_rows[i].n > 0 && got > 0)
            fail_msg("row '%s': %d px used in %d", fit_rows[i].name, used, fit_rows[i].h);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cut_top),  cmocka_unit_test(test_cut_sides),
        cmocka_unit_test(test_contains), cmocka_unit_test(test_split),
        cmocka_unit_test(test_units),    cmocka_unit_test(test_list_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
