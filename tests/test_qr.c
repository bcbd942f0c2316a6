/* Table-driven tests for draw/qr: size rules, quiet zone, centring, and a
 * round trip through zbarimg (zbar-tools) when it is installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <SDL.h>
#include <SDL_image.h>

#include "draw/qr.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define FG   0xff1a2b3cu
#define BG   0xfffffff0u

static const struct {
    const char *text;
    int size;    /* 0: use qr_min_size(text, 1) */
    int want_px; /* expected module width in pixels; 0: expect NULL */
} rows[] = {
    {"https://www.example.org/cambo", 0, 1},
    {"https://www.example.org/cambo", 300, 0 /* computed below */},
    {"https://example.org/agenda/fete-du-gateau-basque?lang=eu&utm=screen", 400, 0},
    {"HTTPS://EXAMPLE.ORG/CaseSensitive", 257, 0},
    {"Villa Arnaga — Cambo-les-Bains, été 2026", 512, 0},
    {"x", 21 + 8 - 1, -1}, /* one pixel too small for version 1 */
    {"", 300, -1},
    {NULL, 300, -1},
};

static uint32_t px_at(SDL_Surface *s, int x, int y)
{
    return ((uint32_t *)((uint8_t *)s->pixels + (size_t)y * s->pitch))[x];
}

static int have_zbarimg(void)
{
    return system("command -v zbarimg >/dev/null 2>&1") == 0;
}

/* Writes s as a PNG under the build folder and reads it back with zbarimg. */
static void check_decodes(size_t row, SDL_Surface *s, const char *text)
{
    const char *dir = getenv("BUILD") ? getenv("BUILD") : "build";
    char path[256], cmd[512], got[4096] = "";
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/test_qr_%zu.png", dir, row);
    if (IMG_SavePNG(s, path) != 0)
        fail_msg("row %zu: cannot write %s: %s", row, path, SDL_GetError());
    snprintf(cmd, sizeof cmd, "zbarimg -q --raw '%s' 2>/dev/null", path);
    FILE *p = popen(cmd, "r");
    if (!p)
        fail_msg("row %zu: cannot run zbarimg", row);
    size_t n = fread(got, 1, sizeof got - 1, p);
    pclose(p);
    got[n] = '\0';
    while (n > 0 && (got[n - 1] == '\n' || got[n - 1] == '\r'))
        got[--n] = '\0';
    if (strcmp(got, text) != 0)
        fail_msg("row %zu: zbarimg read \"%s\", want \"%s\"", row, got, text);
    remove(path);
}

static void test_render(void **state)
{
    (void)state;
    int zbar = have_zbarimg();
    if (!zbar)
        print_message("zbarimg not installed: decoding is not checked\n");
    for (size_t i = 0; i < N(rows); i++) {
        int min1 = rows[i].text ? qr_min_size(rows[i].text, 1) : 0;
        int size = rows[i].size ? rows[i].size : min1;
        SDL_Surface *s = qr_render(rows[i].text, size, FG, BG);
        if (rows[i].want_px < 0) {
            if (s)
                fail_msg("row %zu: expected NULL for size %d", i, size);
            continue;
        }
        if (!s)
            fail_msg("row %zu: qr_render failed at size %d", i, size);
        if (s->w != size || s->h != size || s->format->format != SDL_PIXELFORMAT_ARGB8888)
            fail_msg("row %zu: got %dx%d, want %dx%d ARGB8888", i, s->w, s->h, size, size);
        int modules = min1; /* with a 1-pixel module: code width + 2 x 4 */
        int px = size / modules;
        if (rows[i].want_px && px != rows[i].want_px)
            fail_msg("row %zu: module %d px, want %d", i, px, rows[i].want_px);
        if (qr_min_size(rows[i].text, px) > size || qr_min_size(rows[i].text, px + 1) <= size)
            fail_msg("row %zu: module %d px is not the largest that fits %d", i, px, size);
        /* Bounding box of dark pixels: centred, with a quiet zone of 4 modules. */
        int x0 = size, y0 = size, x1 = -1, y1 = -1;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                uint32_t c = px_at(s, x, y);
                if (c != FG && c != BG)
                    fail_msg("row %zu: stray colour %08x at %d,%d", i, c, x, y);
                if (c == FG) {
                    x0 = x < x0 ? x : x0;
                    y0 = y < y0 ? y : y0;
                    x1 = x > x1 ? x : x1;
                    y1 = y > y1 ? y : y1;
                }
            }
        }
        int code = (modules - 8) * px;
        if (x1 - x0 + 1 != code || y1 - y0 + 1 != code)
            fail_msg("row %zu: code spans %dx%d px, want %d", i, x1 - x0 + 1, y1 - y0 + 1, code);
        if (x0 < 4 * px || y0 < 4 * px || size - 1 - x1 < 4 * px || size - 1 - y1 < 4 * px)
            fail_msg("row %zu: quiet zone under 4 modules", i);
        if (abs(x0 - (size - 1 - x1)) > 1 || abs(y0 - (size - 1 - y1)) > 1)
            fail_msg("row %zu: not centred (%d,%d)-(%d,%d) in %d", i, x0, y0, x1, y1, size);
        /* Whole-pixel modules: the finder pattern's corner is a full px x px block. */
        for (int dy = 0; dy < px; dy++)
            for (int dx = 0; dx < px; dx++)
                if (px_at(s, x0 + dx, y0 + dy) != FG)
                    fail_msg("row %zu: finder corner is not a %d-px block", i, px);
        if (zbar && px >= 2)
            check_decodes(i, s, rows[i].text);
        SDL_FreeSurface(s);
    }
}

static void test_limits(void **state)
{
    (void)state;
    /* Version 1 is 21 modules, plus the quiet zone. */
    assert_int_equal(qr_min_size("x", 1), 29);
    assert_int_equal(qr_min_size("x", 3), 87);
    assert_int_equal(qr_min_size("", 3), 0);
    /* Level M in 8-bit mode holds at most 2331 bytes. */
    char *big = malloc(4000);
    memset(big, 'a', 3999);
    big[3999] = '\0';
    assert_int_equal(qr_min_size(big, 1), 0);
    assert_null(qr_render(big, 2000, FG, BG));
    free(big);
    assert_null(qr_render("x", 0, FG, BG));
    assert_null(qr_render("x", -5, FG, BG));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
