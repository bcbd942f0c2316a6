/* Table-driven tests for draw/text: text never leaves its box, shrinks to
 * fit down to the minimum size, then ends with an ellipsis. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <cmocka.h>

#include "draw/font.h"
#include "draw/text.h"

#define N(a)     (sizeof(a) / sizeof((a)[0]))
#define ELLIPSIS "\xe2\x80\xa6"

static char font[4096];
static char long_body[2100], long_title[160], one_word[90];

enum expect { FITS, SHRUNK, CUT, NOTHING, SENTENCE, BALANCED };

static const struct {
    const char *name;
    const char *text;
    int w, h, size, min, max_lines;
    enum expect expect;
    bool balance, sentences;
} rows[] = {
    {"short", "Wi-Fi gratuit", 800, 100, 60, 30, 0, FITS, false, false},
    {"wraps", "Concours, marché de producteurs et animations", 500, 400, 40, 30, 0, FITS, false,
     false},
    {"shrinks", "Fête du Gâteau Basque à Cambo-les-Bains", 700, 90, 80, 30, 1, SHRUNK, false,
     false},
    {"2000-character body", long_body, 900, 600, 40, 32, 0, CUT, false, false},
    {"150-character title", long_title, 880, 260, 76, 32, 3, SHRUNK, false, false},
    {"80-character word", one_word, 880, 260, 76, 32, 3, SHRUNK, false, false},
    {"80-character word, one line", one_word, 600, 60, 76, 32, 1, CUT, false, false},
    {"no-break spaces hold",
     "Prix\xc2\xa0:\xc2\xa0"
     "28\xc2\xa0€ avec\xe2\x80\xaf"
     "une suite",
     300, 400, 40, 40, 0, FITS, false, false},
    {"paragraphs", "Un\nDeux\n\nTrois", 800, 400, 40, 30, 0, FITS, false, false},
    {"empty", "", 800, 100, 40, 30, 0, NOTHING, false, false},
    {"box too low for a line", "Bonjour", 800, 10, 40, 30, 0, NOTHING, false, false},
    {"cut at a sentence end", long_body, 900, 300, 40, 40, 0, SENTENCE, false, true},
    {"one long sentence: ellipsis", long_title, 600, 100, 40, 40, 0, CUT, false, true},
    {"balanced title", "Partie de pelote basque au fronton municipal", 900, 400, 60, 60, 3,
     BALANCED, true, false},
};

static int setup(void **state)
{
    (void)state;
    char warn[256], err[256];
    char *f = font_resolve("DejaVu Sans", warn, sizeof warn, err, sizeof err);
    if (!f)
        return -1;
    snprintf(font, sizeof font, "%s", f);
    free(f);
    const char *para = "Le Pays basque intérieur se découvre à pied, à vélo ou en train : "
                       "chemins de crête, villages blancs et marchés de producteurs. ";
    while (strlen(long_body) + strlen(para) < 2000)
        strcat(long_body, para);
    snprintf(long_title, sizeof long_title, "%.150s",
             "Grande randonnée gourmande et culturelle entre Cambo-les-Bains, Espelette, "
             "Itxassou et Louhossoa, avec dégustations, musique et visites guidées du village");
    memset(one_word, 'W', 80);
    return TTF_Init();
}

static int teardown(void **state)
{
    (void)state;
    TTF_Quit();
    return 0;
}

/* Counts pixels outside box b that differ from the background. */
static long pixels_outside(SDL_Surface *s, struct box b, uint32_t bg)
{
    long n = 0;
    for (int y = 0; y < s->h; y++) {
        const uint32_t *row = (const uint32_t *)((const uint8_t *)s->pixels + y * s->pitch);
        for (int x = 0; x < s->w; x++)
            if ((x < b.x || x >= b.x + b.w || y < b.y || y >= b.y + b.h) && row[x] != bg)
                n++;
    }
    return n;
}

static void test_fit(void **state)
{
    (void)state;
    fontcache_t *fc = fontcache_create();
    for (size_t i = 0; i < N(rows); i++) {
        struct text_style st = {.font = font,
                                .size = rows[i].size,
                                .min_size = rows[i].min,
                                .color = 0xff000000,
                                .max_lines = rows[i].max_lines,
                                .balance = rows[i].balance,
                                .sentences = rows[i].sentences};
        struct text_layout l;
        text_fit(fc, rows[i].text, &st, rows[i].w, rows[i].h, &l);
        /* every line fits the width, the whole the height */
        if (l.w > rows[i].w || l.h > rows[i].h)
            fail_msg("row '%s': layout %dx%d exceeds the box %dx%d", rows[i].name, l.w, l.h,
                     rows[i].w, rows[i].h);
        TTF_Font *f = fontcache_get(fc, font, l.size);
        for (int k = 0; k < l.nlines; k++) {
            int w = 0, h = 0;
            TTF_SizeUTF8(f, l.lines[k], &w, &h);
            if (w > rows[i].w)
                fail_msg("row '%s': line %d is %d px wide in %d", rows[i].name, k, w, rows[i].w);
        }
        if (rows[i].max_lines && l.nlines > rows[i].max_lines)
            fail_msg("row '%s': %d lines, at most %d", rows[i].name, l.nlines, rows[i].max_lines);
        if (l.nlines && l.size < rows[i].min)
            fail_msg("row '%s': size %d under the minimum %d", rows[i].name, l.size, rows[i].min);
        bool ends_ellipsis = l.nlines && strstr(l.lines[l.nlines - 1], ELLIPSIS) != NULL;
        switch (rows[i].expect) {
        case FITS:
            if (l.nlines == 0 || l.shrunk || l.truncated)
                fail_msg("row '%s': should fit at full size (size %d, %d lines, cut %d)",
                         rows[i].name, l.size, l.nlines, l.truncated);
            break;
        case SHRUNK:
            if (!l.shrunk || l.truncated || ends_ellipsis)
                fail_msg("row '%s': should shrink without cutting (size %d, cut %d)", rows[i].name,
                         l.size, l.truncated);
            break;
        case CUT:
            if (!l.truncated || !ends_ellipsis || l.size != rows[i].min)
                fail_msg("row '%s': should be cut with an ellipsis at the minimum size "
                         "(size %d, cut %d)",
                         rows[i].name, l.size, l.truncated);
            break;
        case NOTHING:
            if (l.nlines != 0)
                fail_msg("row '%s': should draw nothing", rows[i].name);
            break;
        case SENTENCE: {
            const char *last = l.nlines ? l.lines[l.nlines - 1] : "";
            if (!l.nlines || ends_ellipsis || last[strlen(last) - 1] != '.')
                fail_msg("row '%s': should end at a full stop, not '%s'", rows[i].name, last);
            break;
        }
        case BALANCED: {
            TTF_Font *bf = fontcache_get(fc, font, l.size);
            int w0 = 0, w1 = 0, hh = 0;
            if (l.nlines == 2) {
                TTF_SizeUTF8(bf, l.lines[0], &w0, &hh);
                TTF_SizeUTF8(bf, l.lines[1], &w1, &hh);
            }
            if (l.nlines != 2 || w1 * 10 < w0 * 6)
                fail_msg("row '%s': want two even lines, got %d (%d and %d px)", rows[i].name,
                         l.nlines, w0, w1);
            break;
        }
        }

        /* painted in the middle of a larger surface: nothing outside the box */
        SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, rows[i].w + 200, rows[i].h + 200, 32,
                                                        SDL_PIXELFORMAT_ARGB8888);
        assert_non_null(s);
        SDL_FillRect(s, NULL, 0xffffffff);
        struct box b = {100, 100, rows[i].w, rows[i].h};
        struct box cover = text_draw(fc, s, &l, b);
        if (!box_contains(b, cover))
            fail_msg("row '%s': glyphs at %d,%d %dx%d leave the box", rows[i].name, cover.x,
                     cover.y, cover.w, cover.h);
        long out = pixels_outside(s, b, 0xffffffff);
        if (out)
            fail_msg("row '%s': %ld pixels painted outside the box", rows[i].name, out);
        SDL_FreeSurface(s);
        text_layout_free(&l);
    }
    fontcache_free(fc);
}

/* The same text in a smaller box is never drawn larger. */
static void test_monotone(void **state)
{
    (void)state;
    fontcache_t *fc = fontcache_create();
    struct text_style st = {.font = font, .size = 80, .min_size = 20, .color = 0xff000000};
    int prev = 1000;
    for (int h = 400; h >= 40; h -= 40) {
        struct text_layout l;
        text_fit(fc, long_title, &st, 800, h, &l);
        if (l.size > prev)
            fail_msg("box height %d: size %d after %d", h, l.size, prev);
        prev = l.size;
        text_layout_free(&l);
    }
    fontcache_free(fc);
}

/* The cache keeps at most FONTCACHE_MAX fonts open and still answers. */
static void test_cache(void **state)
{
    (void)state;
    fontcache_t *fc = fontcache_create();
    for (int px = 10; px < 10 + FONTCACHE_MAX * 2; px++)
        assert_non_null(fontcache_get(fc, font, px));
    assert_non_null(fontcache_get(fc, font, 12));
    assert_null(fontcache_get(fc, "/nonexistent/font.ttf", 12));
    fontcache_free(fc);
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#endif

/* Heap bytes in use (glibc's view), or 0 where it cannot be read. */
static size_t heap_used(void)
{
#if defined(__GLIBC__) && !defined(UNDER_ASAN)
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
#else
    return 0;
#endif
}

/* A full cache costs what its fonts cost, whatever sizes come after: once
 * FONTCACHE_MAX sizes are open and have shaped text, four times as many new
 * sizes leave the heap in use within one font of where it was (the soak's
 * steps came from a cache that kept growing for 48 sizes). */
static void test_cache_memory(void **state)
{
    (void)state;
    fontcache_t *fc = fontcache_create();
    size_t empty = heap_used();
    if (!empty) {
        fontcache_free(fc);
        skip(); /* no glibc heap figures (sanitizer or another C library) */
    }
    for (int px = 10; px < 10 + FONTCACHE_MAX; px++)
        assert_true(text_width(fc, font, px, long_title) > 0);
    size_t full = heap_used();
    size_t per_font = (full - empty) / FONTCACHE_MAX;
    for (int px = 10 + FONTCACHE_MAX; px < 10 + 5 * FONTCACHE_MAX; px++)
        assert_true(text_width(fc, font, px, long_title) > 0);
    size_t after = heap_used();
    if (after > full + per_font)
        fail_msg("%d fonts: %zu kB in use, then %zu kB after %d other sizes (one font: %zu kB)",
                 FONTCACHE_MAX, full / 1024, after / 1024, 4 * FONTCACHE_MAX, per_font / 1024);
    fontcache_free(fc);
}

static void test_font_fallback(void **state)
{
    (void)state;
    char warn[256], err[256];
    char *f = font_resolve("No Such Family:bold", warn, sizeof warn, err, sizeof err);
    assert_non_null(f);
    assert_non_null(strstr(warn, "not installed"));
    free(f);
    f = font_resolve("DejaVu Sans:bold", warn, sizeof warn, err, sizeof err);
    assert_non_null(f);
    assert_string_equal(warn, "");
    assert_non_null(strstr(f, "Bold"));
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fit),           cmocka_unit_test(test_monotone),
        cmocka_unit_test(test_cache),         cmocka_unit_test(test_cache_memory),
        cmocka_unit_test(test_font_fallback),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
