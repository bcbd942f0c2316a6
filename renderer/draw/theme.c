/* theme — themes/NAME/theme.ini read into struct theme by model/keytab: a
 * table of keys (section, name, type, where the value goes, default, range,
 * meaning), landscape values with their [portrait] overrides applied after,
 * and fonts resolved at load so that `vitrine check` reports a missing one.
 * Every problem goes to diag with its line. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "draw/font.h"
#include "draw/theme.h"
#include "model/keytab.h"
#include "model/util.h"

_Static_assert(sizeof(enum transition) == sizeof(int) && sizeof(enum image_fit) == sizeof(int) &&
                   sizeof(enum lay_side) == sizeof(int) && sizeof(enum backdrop) == sizeof(int) &&
                   sizeof(enum slow_motion) == sizeof(int),
               "KT_ENUM stores an int");

/* Words of the theme's own enums, by value (the transitions' are model/kind.c's). */
static const char *transition_word(int v)
{
    return transition_name((enum transition)v);
}

static const char *fit_word(int v)
{
    static const char *const w[] = {[FIT_COVER] = "cover", [FIT_CONTAIN] = "contain"};
    return w[v];
}

static const char *side_word(int v)
{
    static const char *const w[] = {[SIDE_LEFT] = "left",
                                    [SIDE_RIGHT] = "right",
                                    [SIDE_TOP] = "top",
                                    [SIDE_BOTTOM] = "bottom"};
    return w[v];
}

static const char *backdrop_word(int v)
{
    static const char *const w[] = {
        [BACKDROP_BLUR] = "blur", [BACKDROP_DARK] = "dark", [BACKDROP_COLOR] = "color"};
    return w[v];
}

static const char *motion_word(int v)
{
    static const char *const w[] = {
        [MOTION_AUTO] = "auto", [MOTION_ON] = "on", [MOTION_OFF] = "off"};
    return w[v];
}

static int set_rotate(void *obj, const struct keytab_key *k, const char *v, bool first, char *err,
                      size_t errsize)
{
    theme_t *t = obj;
    char *end;
    (void)k, (void)first;
    long r = strtol(v, &end, 10);
    if (end == v || *end || (r != 0 && r != 90 && r != 180 && r != 270)) {
        snprintf(err, errsize, "'%s' is not valid; expected 0, 90, 180 or 270", v);
        return -1;
    }
    t->rotate = (int)r;
    return 0;
}

static void print_rotate(const void *obj, const struct keytab_key *k, FILE *out)
{
    fprintf(out, "%s = %d\n", k->name, ((const theme_t *)obj)->rotate);
}

/* An asset: a file in the theme's folder (or an absolute path) that must be readable. */
static int set_logo(void *obj, const struct keytab_key *k, const char *v, bool first, char *err,
                    size_t errsize)
{
    theme_t *t = obj;
    (void)k, (void)first;
    char *path = v[0] == '/' ? xstrdup(v) : xasprintf("%s/%s", t->dir, v);
    if (access(path, R_OK) != 0) {
        snprintf(err, errsize, "cannot read '%s': %s; put the file in %s", path, strerror(errno),
                 t->dir);
        free(path);
        return -1;
    }
    free(t->logo);
    t->logo = path;
    return 0;
}

static void print_logo(const void *obj, const struct keytab_key *k, FILE *out)
{
    fprintf(out, "%s = %s\n", k->name,
            ((const theme_t *)obj)->logo ? ((const theme_t *)obj)->logo : "");
}

/* Every key, its default (the office's colours: Basque red and green on warm
 * cream), its range and its meaning. Sizes are in struct theme's landscape
 * variant; [portrait] repeats them (override). docs/themes.md mirrors this
 * table (tests/test_keytab.c checks it). */
#define TK(sec, nm, ty, f, d, h)                                                                  \
    {                                                                                             \
        .section = sec, .name = nm, .type = ty, .off = offsetof(struct theme, f), .def = d,       \
        .help = h                                                                                 \
    }
#define NK(sec, nm, ty, f, d, lo, hi, h)                                                          \
    {                                                                                             \
        .section = sec, .name = nm, .type = ty, .off = offsetof(struct theme, f), .def = d,       \
        .min = lo, .max = hi, .help = h                                                           \
    }
#define EK(sec, nm, f, d, words, lo, hi, h)                                                       \
    {                                                                                             \
        .section = sec, .name = nm, .type = KT_ENUM, .off = offsetof(struct theme, f), .def = d,  \
        .min = lo, .max = hi, .word = words, .help = h                                            \
    }
#define XK(sec, nm, f, d, setter, printer, h)                                                     \
    {                                                                                             \
        .section = sec, .name = nm, .type = KT_CUSTOM, .off = offsetof(struct theme, f),          \
        .def = d, .set = setter, .print = printer, .help = h                                      \
    }
/* A key of the landscape variant, repeated in [portrait] for tall screens. */
#define VK(sec, nm, ty, f, d, lo, hi, words, h)                                                   \
    {                                                                                             \
        .section = sec, .name = nm, .type = ty, .off = offsetof(struct theme, land.f), .def = d,  \
        .min = lo, .max = hi, .word = words, .override = true, .help = h                          \
    }
#define SK(nm, f, d, lo, hi, h) VK("sizes", nm, KT_DOUBLE, f, d, lo, hi, NULL, h)
#define CK(nm, d, h)            TK("colors", #nm, KT_COLOR, c.nm, d, h)
#define FK(nm, i, d, h)         TK("fonts", nm, KT_STR, font_name[i], d, h)
#define FIT(nm, kind, d)                                                                          \
    EK("layout", "fit_" nm, fit[kind], d, fit_word, FIT_COVER, FIT_CONTAIN,                       \
       "cover fills the photo area, contain shows the whole picture: " nm " slides")

static const struct keytab_key keys[] = {
    TK("theme", "name", KT_STR, name, NULL, "a name for people"),
    XK("theme", "rotate", rotate, "0", set_rotate, print_rotate,
       "0, 90, 180, 270: the screen is mounted sideways and the display cannot turn"),
    EK("theme", "transition", transition, "fade", transition_word, TRANS_CUT, TRANS_WIPE,
       "between slides, unless an item says otherwise"),
    NK("theme", "transition_ms", KT_INT, transition_ms, "800", 0, 10000,
       "duration of the transition, milliseconds"),
    XK("theme", "logo", logo, NULL, set_logo, print_logo,
       "an image in the theme's folder: the fallback slide's logo and a faint watermark"),
    CK(background, "#f3ecdf", "text-only slides, agenda and fallback slides"),
    CK(panel, "#fbf7ef", "the text panel beside a photo"),
    CK(text, "#231f20", "titles and body text"),
    CK(muted, "#5c534c", "subtitles, second language, captions"),
    CK(accent, "#c8102e", "kind badge, dates, categories, prices, headings, stripe"),
    CK(accent_text, "#ffffff", "text on accent"),
    CK(accent2, "#00693e", "relative dates, open status, seats left, free entry"),
    CK(accent2_text, "#ffffff", "text on accent2"),
    CK(sold_out, "#c8102e", "the status band (cancelled, postponed, sold out)"),
    CK(sold_out_text, "#ffffff", "text and rule on the status band"),
    CK(qr_fg, "#000000", "QR code modules (keep dark on light)"),
    CK(qr_bg, "#ffffff", "QR code background"),
    CK(caption_bg, "#141210c0", "a poster's caption band"),
    CK(caption_text, "#ffffff", "text on the caption band"),
    CK(backdrop, "#1c1a19", "behind contained pictures and posters"),
    CK(ticker_bg, "#c8102e", "the ticker crawl's background"),
    CK(ticker_text, "#ffffff", "the ticker crawl's text"),
    CK(clock_bg, "#141210c0", "the clock overlay's background"),
    CK(clock_text, "#ffffff", "the clock overlay's text"),
    FK("title", FONT_TITLE, "DejaVu Sans:bold", "titles (a fontconfig name)"),
    FK("body", FONT_BODY, "DejaVu Sans", "subtitles and body text"),
    FK("label", FONT_LABEL, "DejaVu Sans:bold", "badges, dates, prices, captions"),
    FK("display", FONT_DISPLAY, "DejaVu Sans:bold", "titles of the photo-first layout"),
    SK("title", title, "0.07", 0.02, 0.3, "title text, a fraction of the screen's shorter side"),
    SK("subtitle", subtitle, "0.042", 0.015, 0.2, "subtitle"),
    SK("body", body, "0.036", 0.015, 0.2, "body text"),
    SK("meta", meta, "0.042", 0.015, 0.2, "dates, venue, prices, address, category"),
    SK("label", label, "0.03", 0.015, 0.2, "badges and status pills"),
    SK("caption", caption, "0.03", 0.015, 0.2, "the words under a QR code"),
    SK("min_text", min_text, "0.03", 0.01, 0.2, "smallest size text shrinks to before a cut"),
    SK("margin", margin, "0.055", 0, 0.3, "margin around the text panel"),
    SK("gap", gap, "0.022", 0, 0.2, "space between blocks"),
    SK("qr", qr, "0.18", 0.1, 0.5, "side of the QR code"),
    SK("line_spacing", line_spacing, "1.08", 0.8, 2.0, "line pitch, a multiple of the font's"),
    SK("ticker", ticker, "0.045", 0.015, 0.2, "ticker text"),
    SK("clock", clock, "0.05", 0.015, 0.2, "clock text"),
    VK("layout", "image_side", KT_ENUM, split.side, "left", SIDE_LEFT, SIDE_BOTTOM, side_word,
       "where the photo goes: left, right, top, bottom"),
    VK("layout", "image_ratio", KT_DOUBLE, split.ratio, "0.45", 0.2, 0.8, NULL,
       "share of the width (left, right) or height the photo takes"),
    FIT("provider", KIND_PROVIDER, "cover"),
    FIT("event", KIND_EVENT, "cover"),
    FIT("ticket", KIND_TICKET, "cover"),
    FIT("place", KIND_PLACE, "cover"),
    FIT("notice", KIND_NOTICE, "cover"),
    FIT("poster", KIND_POSTER, "contain"),
    EK("layout", "poster_backdrop", backdrop, "blur", backdrop_word, BACKDROP_BLUR, BACKDROP_COLOR,
       "behind a contained poster: blur, dark or color (the backdrop colour)"),
    TK("layout", "stripe", KT_BOOL, stripe, "true", "the red and green stripe along the panel"),
    TK("layout", "photo_first", KT_BOOL, photo_first, "false",
       "full-bleed photos with the text on a gradient"),
    EK("layout", "slow_motion", motion, "auto", motion_word, MOTION_AUTO, MOTION_OFF,
       "slow motion of photos during the hold: auto (on with the GPU backend only), on or off"),
};
#undef TK
#undef NK
#undef EK
#undef XK
#undef VK
#undef SK
#undef CK
#undef FK
#undef FIT
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

/* Portrait: the landscape values with the picture on top, then [portrait]. */
static void portrait_defaults(void *obj)
{
    theme_t *t = obj;
    t->port = t->land;
    t->port.split = (struct lay_split){SIDE_TOP, 0.42};
}

static const struct keytab table = {
    .keys = keys,
    .n = NKEYS,
    .doc = "docs/themes.md",
    .override_section = "portrait",
    .override_delta =
        (ptrdiff_t)offsetof(struct theme, port) - (ptrdiff_t)offsetof(struct theme, land),
    .before_overrides = portrait_defaults,
};

const struct keytab *theme_keytab(void)
{
    return &table;
}

theme_t *theme_load(const char *dir, diag_t *diag)
{
    theme_t *t = xcalloc(1, sizeof(*t));
    int lines[NKEYS];
    t->dir = xstrdup(dir);
    t->file = xasprintf("%s/theme.ini", dir);
    keytab_defaults(&table, t);
    if (keytab_read(&table, t, t->file, diag, lines) < 0) {
        diag_add(diag, t->file, 0,
                 "cannot open the theme: %s; a theme is a folder with a "
                 "theme.ini (see docs/themes.md)",
                 strerror(errno));
        goto fail;
    }
    if (t->land.min_text > t->land.body)
        diag_add(diag, t->file, 0,
                 "min_text (%g) is larger than body (%g): body text could "
                 "never shrink; lower min_text",
                 t->land.min_text, t->land.body);

    /* Resolve the fonts now, so that `vitrine check` reports a missing one. */
    for (int i = 0; i < FONT_COUNT; i++) {
        char warn[256], err[256];
        int line = 0;
        for (size_t k = 0; k < NKEYS; k++)
            if (keys[k].off == offsetof(struct theme, font_name) + (size_t)i * sizeof(char *))
                line = lines[k];
        t->font_file[i] = font_resolve(t->font_name[i], warn, sizeof(warn), err, sizeof(err));
        if (warn[0])
            diag_add(diag, t->file, line, "%s", warn);
        if (!t->font_file[i])
            diag_add(diag, t->file, line, "%s", err);
    }
    return t;
fail:
    theme_free(t);
    return NULL;
}

void theme_free(theme_t *t)
{
    if (!t)
        return;
    keytab_free_strings(&table, t);
    for (int i = 0; i < FONT_COUNT; i++)
        free(t->font_file[i]);
    free(t->dir);
    free(t->file);
    free(t->logo);
    free(t);
}

enum transition theme_transition(const theme_t *t, int *duration_ms)
{
    if (duration_ms)
        *duration_ms = t->transition_ms;
    return t->transition;
}

int theme_rotate(const theme_t *t)
{
    return t->rotate;
}

const struct theme_variant *theme_variant(const theme_t *t, int w, int h)
{
    return lay_portrait(w, h) ? &t->port : &t->land;
}
