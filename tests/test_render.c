/* Golden-image tests for draw/slide: fixed fixtures rendered at 1920x1080
 * and 1080x1920, compared (downscaled by GOLDEN_SCALE) with the reference
 * PNGs in tests/golden/ within a small tolerance. On a failure the actual
 * image and a diff image go to build/golden/. Regenerate the references
 * after a deliberate change with:
 *     VITRINE_GOLDEN_UPDATE=1 build/tests/test_render
 * (then look at every PNG in tests/golden before committing them).
 * Also: overlong texts and bad pictures render without a crash, and a
 * slide's QR code decodes with zbarimg (skipped when it is not installed). */
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
#include <SDL_ttf.h>

#include "draw/slide.h"
#include "draw/theme.h"
#include "model/feed.h"
#include "model/util.h"

#define N(a)          (sizeof(a) / sizeof((a)[0]))
#define GOLDEN_SCALE  4
#define FIXTURES      "tests/fixtures/render"
#define MAX_MEAN_DIFF 1.5   /* mean absolute difference per channel, 0..255 */
#define MAX_BAD_SHARE 0.005 /* share of pixels off by more than BAD_LEVEL */
#define BAD_LEVEL     48

static const struct {
    const char *id;
    const char *when, *status; /* what the scheduler would say */
    bool sold_out;
    enum lang lang; /* the slide's language; its images end in "-eu"... */
} rows[] = {
    {"fete-gateau", "Samedi", NULL, false, LANG_FR},
    {"concert-noel", NULL, NULL, false, LANG_FR},
    {"pelote-annulee", "Dimanche", NULL, false, LANG_FR}, /* the status wins over the date */
    {"concert-complet", NULL, NULL, true, LANG_FR},
    {"hotel-exemple", NULL, "Ouvert \xc2\xb7 ferme \xc3\xa0 18\xe2\x80\xafh", false, LANG_FR},
    {"villa-arnaga", NULL, "Ferm\xc3\xa9", false, LANG_FR},
    {"phare", NULL, NULL, false, LANG_FR},       /* a photo cropped around its centre */
    {"phare-focus", NULL, NULL, false, LANG_FR}, /* and around its focal point */
    {"wifi", NULL, NULL, false, LANG_FR},
    {"affiche", NULL, NULL, false, LANG_FR},
    {"marche", "Mercredi", NULL, false, LANG_FR},
    {"conference-reportee", NULL, NULL, false, LANG_FR},
    {"bal-annule", NULL, NULL, false, LANG_FR},
    {"grottes-suspendues", NULL, NULL, false, LANG_FR},
    {"pelote-complet", "Demain", NULL, false, LANG_FR},
    {"billet-complet-texte", NULL, NULL, false, LANG_FR},
    {"fete-gateau", "Larunbata", NULL, false, LANG_EU},
    {"concert-noel", NULL, NULL, false, LANG_ES},
    {"affiche", NULL, NULL, false, LANG_EU},
    {"hotel-exemple", NULL, NULL, false, LANG_EU},  /* French-only texts left out */
    {"expo-arnaga", "Orain", NULL, false, LANG_EU}, /* French labels: one summary */
    {"expo-arnaga", "En ce moment", NULL, false, LANG_FR},
    {"marche-mardi", "Mardi", NULL, false, LANG_FR},
    {"festival-2027", NULL, NULL, false, LANG_FR},
    {"journees-patrimoine", "Samedi", NULL, false, LANG_FR},
    {"pixel", NULL, NULL, false, LANG_FR},                  /* a 1x1 picture: text only */
    {"affiche-icone", NULL, NULL, false, LANG_FR},          /* a 100x100 poster: its caption */
    {"affiche-paysage", NULL, NULL, false, LANG_FR},        /* other orientation: blurred fill */
    {"affiche-deux", NULL, NULL, false, LANG_FR},           /* a version per orientation */
    {"@photo:fete-gateau", "Samedi", NULL, false, LANG_FR}, /* the photo-first layout */
    {"@photo:hotel-exemple", NULL, "Ouvert \xc2\xb7 ferme \xc3\xa0 18\xe2\x80\xafh", false,
     LANG_FR},
    {"@photo:pelote-annulee", NULL, NULL, false, LANG_FR},
    {"@photo:concert-noel", NULL, NULL, false, LANG_ES},
    {"@agenda", NULL, NULL, false, LANG_FR},
    {"@agenda-one", NULL, NULL, false, LANG_FR},
    {"@agenda-two", NULL, NULL, false, LANG_FR},
    {"@agenda-three", NULL, NULL, false, LANG_FR},
    {"@agenda-eight", NULL, NULL, false, LANG_FR},  /* more than fit: "+ N autres" */
    {"@agenda-twelve", NULL, NULL, false, LANG_FR}, /* the player's most */
    {"@agenda-twelve", NULL, NULL, false, LANG_EU},
    {"@fallback", NULL, NULL, false, LANG_FR},
    {"@dual", NULL, NULL, false, LANG_FR},
    /* The shop window after hours, in each language, the weather slide and
     * the information band (over the fallback slide). */
    {"@closed",
     "R\xc3\xa9ouverture demain \xc3\xa0 9\xe2\x80\xafh\xe2\x80\xaf"
     "30",
     NULL, false, LANG_FR},
    {"@closed-eu", "Berriro irekiko dugu: bihar, 9:30", NULL, false, LANG_FR},
    {"@closed-es",
     "Reabrimos ma\xc3\xb1"
     "ana a las 9:30",
     NULL, false, LANG_FR},
    {"@closed-en", "Reopens tomorrow at 9:30", NULL, false, LANG_FR},
    {"@weather", NULL, NULL, false, LANG_FR},
    {"@band", NULL, NULL, false, LANG_FR},
};

/* The recorded Open-Meteo answer, as the player would hold it. */
static const struct weather *fixture_weather(void)
{
    static struct weather w;
    static bool done;
    if (!done) {
        size_t len;
        char err[200], *json = read_file("tests/fixtures/weather/open-meteo.json", 1 << 20, &len);
        assert_non_null(json);
        assert_int_equal(
            weather_parse(WEATHER_OPEN_METEO, json, len, 1796634900, &w, err, sizeof err), 0);
        free(json);
        done = true;
    }
    return &w;
}

static const struct {
    int w, h;
} sizes[] = {{1920, 1080}, {1080, 1920}};

/* Both shipped themes; the contrast theme's images end in "-contrast". */
static const char *const theme_dirs[] = {"themes/default", "themes/contrast"};
static const char *const theme_suffix[] = {"", "-contrast"};

struct fixture {
    feed_t *feed;
    theme_t *theme; /* the default theme */
    theme_t *themes[2];
};

static int setup(void **state)
{
    static struct fixture fx;
    diag_t *diag = diag_create();
    fx.feed = feed_load(FIXTURES "/feed.xml", diag);
    for (size_t t = 0; t < N(theme_dirs); t++)
        fx.themes[t] = theme_load(theme_dirs[t], diag);
    fx.theme = fx.themes[0];
    if (diag_count(diag))
        diag_print(diag, stderr);
    diag_free(diag);
    if (!fx.feed || !fx.themes[0] || !fx.themes[1])
        return -1;
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    feed_free(fx->feed);
    for (size_t t = 0; t < N(theme_dirs); t++)
        theme_free(fx->themes[t]);
    if (TTF_WasInit())
        TTF_Quit();
    return 0;
}

/* Box-filter downscale by an integer factor. */
static SDL_Surface *shrink(SDL_Surface *s, int k)
{
    SDL_Surface *d =
        SDL_CreateRGBSurfaceWithFormat(0, s->w / k, s->h / k, 32, SDL_PIXELFORMAT_ARGB8888);
    for (int y = 0; y < d->h; y++) {
        uint32_t *out = (uint32_t *)((uint8_t *)d->pixels + y * d->pitch);
        for (int x = 0; x < d->w; x++) {
            unsigned sum[3] = {0, 0, 0};
            for (int j = 0; j < k; j++) {
                const uint32_t *in =
                    (const uint32_t *)((const uint8_t *)s->pixels + (y * k + j) * s->pitch);
                for (int i = 0; i < k; i++) {
                    uint32_t p = in[x * k + i];
                    sum[0] += (p >> 16) & 0xff;
                    sum[1] += (p >> 8) & 0xff;
                    sum[2] += p & 0xff;
                }
            }
            unsigned n = (unsigned)(k * k);
            out[x] = 0xff000000u | ((sum[0] + n / 2) / n) << 16 | ((sum[1] + n / 2) / n) << 8 |
                     ((sum[2] + n / 2) / n);
        }
    }
    return d;
}

static SDL_Surface *render_row(drawer_t *d, const feed_t *feed, size_t r)
{
    struct slide_ctx ctx = {.lang = rows[r].lang,
                            .lang2 = LANG_COUNT,
                            .now = civil_make(2026, 10, 1, 10, 0, 0),
                            .when_label = rows[r].when,
                            .status_label = rows[r].status,
                            .sold_out = rows[r].sold_out};
    if (!strcmp(rows[r].id, "@agenda")) {
        const struct item *ev[] = {feed_find(feed, "pelote-complet"),
                                   feed_find(feed, "fete-gateau"),
                                   feed_find(feed, "expo-arnaga"),
                                   feed_find(feed, "pelote-annulee"),
                                   feed_find(feed, "marche"),
                                   feed_find(feed, "marche-mardi"),
                                   feed_find(feed, "conference-reportee"),
                                   feed_find(feed, "bal-annule")};
        return drawer_agenda(d, feed, ev, N(ev), &ctx);
    }
    if (!strcmp(rows[r].id, "@agenda-eight") || !strcmp(rows[r].id, "@agenda-twelve")) {
        /* two running events, then the coming ones in date order */
        const struct item *ev[] = {feed_find(feed, "grottes-suspendues"),
                                   feed_find(feed, "marche-mardi"),
                                   feed_find(feed, "pelote-complet"),
                                   feed_find(feed, "fete-gateau"),
                                   feed_find(feed, "journees-patrimoine"),
                                   feed_find(feed, "pelote-annulee"),
                                   feed_find(feed, "marche"),
                                   feed_find(feed, "visite-guidee"),
                                   feed_find(feed, "conference-reportee"),
                                   feed_find(feed, "bal-annule"),
                                   feed_find(feed, "expo-arnaga"),
                                   feed_find(feed, "festival-2027")};
        size_t n = !strcmp(rows[r].id, "@agenda-eight") ? 8 : 12;
        for (size_t i = 0; i < n; i++)
            if (!ev[i])
                fail_msg("row '%s': event %zu not in the fixture feed", rows[r].id, i);
        return drawer_agenda(d, feed, ev, n, &ctx);
    }
    if (!strcmp(rows[r].id, "@agenda-one")) {
        const struct item *ev[] = {feed_find(feed, "fete-gateau")};
        return drawer_agenda(d, feed, ev, N(ev), &ctx);
    }
    if (!strcmp(rows[r].id, "@agenda-two")) {
        const struct item *ev[] = {feed_find(feed, "marche"),
                                   feed_find(feed, "conference-reportee")};
        return drawer_agenda(d, feed, ev, N(ev), &ctx);
    }
    if (!strcmp(rows[r].id, "@agenda-three")) {
        const struct item *ev[] = {feed_find(feed, "fete-gateau"),
                                   feed_find(feed, "pelote-annulee"),
                                   feed_find(feed, "bal-annule")};
        return drawer_agenda(d, feed, ev, N(ev), &ctx);
    }
    if (!strcmp(rows[r].id, "@fallback"))
        return drawer_fallback(d, feed, &ctx);
    if (!strncmp(rows[r].id, "@closed", 7)) {
        static const char *const codes[] = {"", "-eu", "-es", "-en"};
        for (int l = 0; l < LANG_COUNT; l++)
            if (!strcmp(rows[r].id + 7, codes[l]))
                ctx.lang = (enum lang)l;
        ctx.weather = fixture_weather();
        return drawer_closed(d, feed, &ctx);
    }
    if (!strcmp(rows[r].id, "@weather")) {
        ctx.weather = fixture_weather();
        return drawer_weather(d, feed, &ctx);
    }
    if (!strcmp(rows[r].id, "@band")) {
        SDL_Surface *s = drawer_fallback(d, feed, &ctx);
        int bh = band_height(s->w, s->h);
        struct band_info bi = {.lang = LANG_FR,
                               .now = civil_make(2026, 10, 1, 19, 4, 0),
                               .weather = fixture_weather(),
                               .next_event = "Ce soir 20\xe2\x80\xafh\xe2\x80\xaf"
                                             "30 \xc2\xb7"
                                             " "
                                             "Concert de No\xc3\xabl"};
        SDL_Surface *b = drawer_band(d, s->w, bh, &bi);
        SDL_Rect at = {0, s->h - bh, b->w, b->h};
        SDL_BlitSurface(b, NULL, s, &at);
        SDL_FreeSurface(b);
        return s;
    }
    if (!strcmp(rows[r].id, "@dual")) {
        ctx.lang2 = LANG_EU;
        return drawer_slide(d, feed, feed_find(feed, "fete-gateau"), &ctx);
    }
    const char *id = rows[r].id;
    if (!strncmp(id, "@photo:", 7))
        id += 7;
    const struct item *it = feed_find(feed, id);
    if (!it)
        fail_msg("row '%s': not in the fixture feed", rows[r].id);
    return drawer_slide(d, feed, it, &ctx);
}

static void test_golden(void **state)
{
    struct fixture *fx = *state;
    bool update = getenv("VITRINE_GOLDEN_UPDATE") != NULL;
    int failures = 0;
    mkdir("build", 0755);
    mkdir("build/golden", 0755);
    if (update)
        mkdir("tests/golden", 0755);
    for (size_t zt = 0; zt < N(sizes) * N(theme_dirs); zt++) {
        size_t z = zt % N(sizes), t = zt / N(sizes);
        diag_t *diag = diag_create();
        drawer_t *d = drawer_create(fx->themes[t], sizes[z].w, sizes[z].h, diag);
        assert_non_null(d);
        diag_free(diag);
        for (size_t r = 0; r < N(rows); r++) {
            char name[128], ref[256], act[256], dif[256];
            static const char *const lang_suffix[LANG_COUNT] = {"", "-eu", "-es", "-en"};
            bool photo = !strncmp(rows[r].id, "@photo:", 7);
            snprintf(name, sizeof name, "%s%s%s-%dx%d%s", photo ? "photo-" : "",
                     photo                  ? rows[r].id + 7
                     : rows[r].id[0] == '@' ? rows[r].id + 1
                                            : rows[r].id,
                     lang_suffix[rows[r].lang], sizes[z].w, sizes[z].h, theme_suffix[t]);
            fx->themes[t]->photo_first = photo;
            snprintf(ref, sizeof ref, "tests/golden/%s.png", name);
            snprintf(act, sizeof act, "build/golden/%s.png", name);
            snprintf(dif, sizeof dif, "build/golden/%s-diff.png", name);
            SDL_Surface *full = render_row(d, fx->feed, r);
            assert_non_null(full);
            assert_int_equal(full->w, sizes[z].w);
            assert_int_equal(full->h, sizes[z].h);
            SDL_Surface *got = shrink(full, GOLDEN_SCALE);
            SDL_FreeSurface(full);
            if (update) {
                if (IMG_SavePNG(got, ref) != 0)
                    fail_msg("cannot write %s: %s", ref, IMG_GetError());
                SDL_FreeSurface(got);
                continue;
            }
            SDL_Surface *raw = IMG_Load(ref);
            if (!raw) {
                IMG_SavePNG(got, act);
                print_message("row '%s': no reference %s (actual in %s; regenerate with "
                              "VITRINE_GOLDEN_UPDATE=1)\n",
                              name, ref, act);
                failures++;
                SDL_FreeSurface(got);
                continue;
            }
            SDL_Surface *want = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
            SDL_FreeSurface(raw);
            if (want->w != got->w || want->h != got->h) {
                print_message("row '%s': reference is %dx%d, actual %dx%d\n", name, want->w,
                              want->h, got->w, got->h);
                failures++;
            } else {
                SDL_Surface *diff = SDL_CreateRGBSurfaceWithFormat(0, got->w, got->h, 32,
                                                                   SDL_PIXELFORMAT_ARGB8888);
                double sum = 0;
                long bad = 0, n = (long)got->w * got->h;
                for (int y = 0; y < got->h; y++) {
                    const uint32_t *a =
                        (const uint32_t *)((uint8_t *)got->pixels + y * got->pitch);
                    const uint32_t *b =
                        (const uint32_t *)((uint8_t *)want->pixels + y * want->pitch);
                    uint32_t *o = (uint32_t *)((uint8_t *)diff->pixels + y * diff->pitch);
                    for (int x = 0; x < got->w; x++) {
                        int worst = 0;
                        for (int sh = 0; sh < 24; sh += 8) {
                            int e = abs((int)((a[x] >> sh) & 0xff) - (int)((b[x] >> sh) & 0xff));
                            sum += e;
                            if (e > worst)
                                worst = e;
                        }
                        bad += worst > BAD_LEVEL;
                        /* the diff: faint actual, differences in red */
                        unsigned g = ((a[x] >> 8) & 0xff) / 4;
                        o[x] = 0xff000000u | (unsigned)(worst * 4 > 255 ? 255 : worst * 4) << 16 |
                               g << 8 | g;
                    }
                }
                double mean = sum / (3.0 * n), share = (double)bad / n;
                if (mean > MAX_MEAN_DIFF || share > MAX_BAD_SHARE) {
                    IMG_SavePNG(got, act);
                    IMG_SavePNG(diff, dif);
                    print_message("row '%s': differs from %s (mean %.2f, %.2f%% pixels off); "
                                  "see %s and %s\n",
                                  name, ref, mean, share * 100, act, dif);
                    failures++;
                }
                SDL_FreeSurface(diff);
            }
            SDL_FreeSurface(want);
            SDL_FreeSurface(got);
        }
        drawer_free(d);
    }
    if (failures)
        fail_msg("%d golden image(s) differ", failures);
}

/* Overlong texts and bad pictures at every screen size: no crash, full-size
 * surfaces. (Text boxes are checked in test_text.) */
static void test_stress(void **state)
{
    (void)state;
    static const struct {
        int w, h;
    } all[] = {{1920, 1080}, {1280, 720}, {3840, 2160}, {1080, 1920}};
    diag_t *diag = diag_create();
    feed_t *feed = feed_load(FIXTURES "/stress.xml", diag);
    theme_t *themes[2] = {theme_load("themes/default", diag), theme_load("themes/contrast", diag)};
    if (!feed || !themes[0] || !themes[1]) {
        diag_print(diag, stderr);
        fail_msg("cannot load the stress fixture or the themes");
    }
    for (size_t t = 0; t < 2; t++) {
        for (size_t z = 0; z < N(all); z++) {
            drawer_t *d = drawer_create(themes[t], all[z].w, all[z].h, diag);
            assert_non_null(d);
            struct slide_ctx ctx = {
                .lang = LANG_FR, .lang2 = LANG_EN, .now = civil_make(2026, 10, 1, 10, 0, 0)};
            for (size_t i = 0; i < feed_count(feed); i++) {
                SDL_Surface *s = drawer_slide(d, feed, feed_item(feed, i), &ctx);
                if (!s || s->w != all[z].w || s->h != all[z].h)
                    fail_msg("theme %zu, %dx%d, item %s: no slide", t, all[z].w, all[z].h,
                             feed_item(feed, i)->id);
                SDL_FreeSurface(s);
            }
            SDL_FreeSurface(drawer_fallback(d, feed, &ctx));
            drawer_free(d);
        }
    }
    theme_free(themes[0]);
    theme_free(themes[1]);
    feed_free(feed);
    diag_free(diag);
}

/* The QR code on a rendered slide decodes to the item's url. */
static void test_qr_decodes(void **state)
{
    struct fixture *fx = *state;
    if (system("command -v zbarimg >/dev/null 2>&1") != 0) {
        print_message("zbarimg not installed (package zbar-tools): skipped\n");
        skip();
    }
    const char *ids[] = {"fete-gateau", "affiche"};
    diag_t *diag = diag_create();
    drawer_t *d = drawer_create(fx->theme, 1280, 720, diag);
    assert_non_null(d);
    for (size_t i = 0; i < N(ids); i++) {
        const struct item *it = feed_find(fx->feed, ids[i]);
        struct slide_ctx ctx = {
            .lang = LANG_FR, .lang2 = LANG_COUNT, .now = civil_make(2026, 10, 1, 10, 0, 0)};
        SDL_Surface *s = drawer_slide(d, fx->feed, it, &ctx);
        mkdir("build", 0755);
        mkdir("build/golden", 0755);
        assert_int_equal(IMG_SavePNG(s, "build/golden/qr.png"), 0);
        SDL_FreeSurface(s);
        FILE *p = popen("zbarimg -q --raw build/golden/qr.png 2>/dev/null", "r");
        char got[512] = "";
        if (p) {
            if (!fgets(got, sizeof got, p))
                got[0] = 0;
            pclose(p);
        }
        got[strcspn(got, "\n")] = 0;
        if (strcmp(got, it->url) != 0)
            fail_msg("row '%s': QR decodes to '%s', want '%s'", ids[i], got, it->url);
    }
    drawer_free(d);
    diag_free(diag);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden),
        cmocka_unit_test(test_stress),
        cmocka_unit_test(test_qr_decodes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
