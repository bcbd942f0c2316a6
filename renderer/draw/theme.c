/* theme — themes/NAME/theme.ini read into struct theme: a table of keys
 * (section, name, type, where the value goes), landscape values with their
 * [portrait] overrides applied after, and fonts resolved at load so that
 * `vitrine check` reports a missing one. Every problem goes to diag with
 * its line, and a near-miss key gets a "did you mean". */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <ini.h>

#include "draw/font.h"
#include "draw/theme.h"
#include "model/util.h"

/* The defaults: the office's colours (Basque red and green on warm cream). */
static const struct theme_colors default_colors = {
    .background = 0xfff3ecdf,
    .panel = 0xfffbf7ef,
    .text = 0xff231f20,
    .muted = 0xff5c534c,
    .accent = 0xffc8102e,
    .accent_text = 0xffffffff,
    .accent2 = 0xff00693e,
    .accent2_text = 0xffffffff,
    .sold_out = 0xffc8102e,
    .sold_out_text = 0xffffffff,
    .qr_fg = 0xff000000,
    .qr_bg = 0xffffffff,
    .caption_bg = 0xc0141210,
    .caption_text = 0xffffffff,
    .backdrop = 0xff1c1a19,
    .ticker_bg = 0xffc8102e,
    .ticker_text = 0xffffffff,
    .clock_bg = 0xc0141210,
    .clock_text = 0xffffffff,
};

static const struct theme_variant default_land = {
    .title = 0.07,
    .subtitle = 0.042,
    .body = 0.036,
    .meta = 0.042,
    .label = 0.03,
    .caption = 0.03,
    .min_text = 0.03,
    .margin = 0.055,
    .gap = 0.022,
    .qr = 0.18,
    .line_spacing = 1.08,
    .ticker = 0.045,
    .clock = 0.05,
    .split = {SIDE_LEFT, 0.45},
};

static const char *const font_defaults[FONT_COUNT] = {"DejaVu Sans:bold", "DejaVu Sans",
                                                      "DejaVu Sans:bold", "DejaVu Sans:bold"};

enum ktype {
    K_COLOR,
    K_FONT,
    K_FRAC,
    K_ROTATE,
    K_MS,
    K_TRANSITION,
    K_FIT,
    K_SIDE,
    K_BACKDROP,
    K_BOOL,
    K_MOTION,
    K_STRING,
    K_ASSET
};

struct key {
    const char *section, *name;
    enum ktype type;
    size_t off; /* into struct theme, or struct theme_variant when variant */
    bool variant;
    double lo, hi; /* K_FRAC range */
};

#define TK(sec, nm, ty, field)                                                                    \
    {                                                                                             \
        sec, nm, ty, offsetof(struct theme, field), false, 0, 0                                   \
    }
#define VK(sec, nm, ty, field, l, h)                                                              \
    {                                                                                             \
        sec, nm, ty, offsetof(struct theme_variant, field), true, l, h                            \
    }
#define CK(nm) TK("colors", #nm, K_COLOR, c.nm)

static const struct key keys[] = {
    TK("theme", "name", K_STRING, name),
    TK("theme", "rotate", K_ROTATE, rotate),
    TK("theme", "transition", K_TRANSITION, transition),
    TK("theme", "transition_ms", K_MS, transition_ms),
    TK("theme", "logo", K_ASSET, logo),
    CK(background),
    CK(panel),
    CK(text),
    CK(muted),
    CK(accent),
    CK(accent_text),
    CK(accent2),
    CK(accent2_text),
    CK(sold_out),
    CK(sold_out_text),
    CK(qr_fg),
    CK(qr_bg),
    CK(caption_bg),
    CK(caption_text),
    CK(backdrop),
    CK(ticker_bg),
    CK(ticker_text),
    CK(clock_bg),
    CK(clock_text),
    TK("fonts", "title", K_FONT, font_name[FONT_TITLE]),
    TK("fonts", "body", K_FONT, font_name[FONT_BODY]),
    TK("fonts", "label", K_FONT, font_name[FONT_LABEL]),
    TK("fonts", "display", K_FONT, font_name[FONT_DISPLAY]),
    VK("sizes", "title", K_FRAC, title, 0.02, 0.3),
    VK("sizes", "subtitle", K_FRAC, subtitle, 0.015, 0.2),
    VK("sizes", "body", K_FRAC, body, 0.015, 0.2),
    VK("sizes", "meta", K_FRAC, meta, 0.015, 0.2),
    VK("sizes", "label", K_FRAC, label, 0.015, 0.2),
    VK("sizes", "caption", K_FRAC, caption, 0.015, 0.2),
    VK("sizes", "min_text", K_FRAC, min_text, 0.01, 0.2),
    VK("sizes", "margin", K_FRAC, margin, 0, 0.3),
    VK("sizes", "gap", K_FRAC, gap, 0, 0.2),
    VK("sizes", "qr", K_FRAC, qr, 0.1, 0.5),
    VK("sizes", "line_spacing", K_FRAC, line_spacing, 0.8, 2.0),
    VK("sizes", "ticker", K_FRAC, ticker, 0.015, 0.2),
    VK("sizes", "clock", K_FRAC, clock, 0.015, 0.2),
    VK("layout", "image_side", K_SIDE, split.side, 0, 0),
    VK("layout", "image_ratio", K_FRAC, split.ratio, 0.2, 0.8),
    TK("layout", "fit_provider", K_FIT, fit[KIND_PROVIDER]),
    TK("layout", "fit_event", K_FIT, fit[KIND_EVENT]),
    TK("layout", "fit_ticket", K_FIT, fit[KIND_TICKET]),
    TK("layout", "fit_place", K_FIT, fit[KIND_PLACE]),
    TK("layout", "fit_notice", K_FIT, fit[KIND_NOTICE]),
    TK("layout", "fit_poster", K_FIT, fit[KIND_POSTER]),
    TK("layout", "poster_backdrop", K_BACKDROP, backdrop),
    TK("layout", "stripe", K_BOOL, stripe),
    TK("layout", "photo_first", K_BOOL, photo_first),
    TK("layout", "slow_motion", K_MOTION, motion),
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

struct word {
    const char *s;
    int v;
};
static const struct word transitions[] = {
    {"cut", TRANS_CUT}, {"fade", TRANS_FADE}, {"push", TRANS_PUSH}, {"wipe", TRANS_WIPE}, {0, 0}};
static const struct word fits[] = {{"cover", FIT_COVER}, {"contain", FIT_CONTAIN}, {0, 0}};
static const struct word sides[] = {{"left", SIDE_LEFT},
                                    {"right", SIDE_RIGHT},
                                    {"top", SIDE_TOP},
                                    {"bottom", SIDE_BOTTOM},
                                    {0, 0}};
static const struct word backdrops[] = {
    {"blur", BACKDROP_BLUR}, {"dark", BACKDROP_DARK}, {"color", BACKDROP_COLOR}, {0, 0}};
static const struct word motions[] = {
    {"auto", MOTION_AUTO}, {"on", MOTION_ON}, {"off", MOTION_OFF}, {0, 0}};
static const struct word bools[] = {{"true", 1}, {"yes", 1}, {"on", 1}, {"1", 1}, {"false", 0},
                                    {"no", 0},   {"off", 0}, {"0", 0},  {0, 0}};

/* A [portrait] line, applied once the landscape values are known. */
struct pending {
    const struct key *k;
    char *value;
    int line;
};

struct parse {
    theme_t *t;
    diag_t *diag;
    FILE *fp;
    int line;
    struct pending *port;
    int nport;
    int font_line[FONT_COUNT];
};

static char *reader(char *str, int num, void *stream)
{
    struct parse *p = stream;
    char *r = fgets(str, num, p->fp);
    if (r)
        p->line++;
    return r;
}

static int edit_distance(const char *a, const char *b)
{
    int la = (int)strlen(a), lb = (int)strlen(b);
    if (la > 40 || lb > 40)
        return 99;
    int d[41][41];
    for (int i = 0; i <= la; i++)
        d[i][0] = i;
    for (int j = 0; j <= lb; j++)
        d[0][j] = j;
    for (int i = 1; i <= la; i++)
        for (int j = 1; j <= lb; j++) {
            int c = d[i - 1][j - 1] +
                    (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
            if (d[i - 1][j] + 1 < c)
                c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c)
                c = d[i][j - 1] + 1;
            d[i][j] = c;
        }
    return d[la][lb];
}

static int parse_word(const struct word *w, const char *v, int *out)
{
    for (; w->s; w++)
        if (strcasecmp(w->s, v) == 0) {
            *out = w->v;
            return 0;
        }
    return -1;
}

static void list_words(const struct word *w, char *buf, size_t size)
{
    buf[0] = 0;
    for (const struct word *x = w; x->s; x++) {
        if (x > w && x->v == (x - 1)->v)
            continue;
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, "%s%s", n ? ", " : "", x->s);
    }
}

/* #rrggbb or #rrggbbaa into 0xAARRGGBB. */
static int parse_color(const char *v, uint32_t *out)
{
    size_t n = strlen(v);
    if (v[0] != '#' || (n != 7 && n != 9))
        return -1;
    for (size_t i = 1; i < n; i++)
        if (!isxdigit((unsigned char)v[i]))
            return -1;
    unsigned long x = strtoul(v + 1, NULL, 16);
    *out = n == 7 ? (uint32_t)(0xff000000u | x) : (uint32_t)(((x & 0xff) << 24) | (x >> 8));
    return 0;
}

static void set_value(struct parse *p, const struct key *k, void *base, const char *v, int line)
{
    const char *file = p->t->file;
    char *field = (char *)base + k->off;
    char hint[160];
    int iv;
    switch (k->type) {
    case K_COLOR:
        if (parse_color(v, (uint32_t *)(void *)field) != 0)
            diag_add(p->diag, file, line,
                     "%s: '%s' is not a colour; write #rrggbb or #rrggbbaa "
                     "(e.g. #c8102e)",
                     k->name, v);
        return;
    case K_FONT:
    case K_STRING:
        free(*(char **)(void *)field);
        *(char **)(void *)field = xstrdup(v);
        return;
    case K_ASSET: {
        char *path = v[0] == '/' ? xstrdup(v) : xasprintf("%s/%s", p->t->dir, v);
        if (access(path, R_OK) != 0) {
            diag_add(p->diag, file, line, "%s: cannot read '%s': %s; put the file in %s", k->name,
                     path, strerror(errno), p->t->dir);
            free(path);
            return;
        }
        free(*(char **)(void *)field);
        *(char **)(void *)field = path;
        return;
    }
    case K_FRAC: {
        char *end;
        errno = 0;
        double d = strtod(v, &end);
        if (end == v || *end || errno || d < k->lo || d > k->hi) {
            diag_add(p->diag, file, line,
                     "%s: '%s' should be a number between %g and %g "
                     "(a fraction of the screen height)",
                     k->name, v, k->lo, k->hi);
            return;
        }
        *(double *)(void *)field = d;
        return;
    }
    case K_MS: {
        char *end;
        long ms = strtol(v, &end, 10);
        if (end == v || *end || ms < 0 || ms > 10000) {
            diag_add(p->diag, file, line, "%s: '%s' should be milliseconds between 0 and 10000",
                     k->name, v);
            return;
        }
        *(int *)(void *)field = (int)ms;
        return;
    }
    case K_ROTATE: {
        char *end;
        long r = strtol(v, &end, 10);
        if (end == v || *end || (r != 0 && r != 90 && r != 180 && r != 270)) {
            diag_add(p->diag, file, line, "rotate: '%s' should be 0, 90, 180 or 270", v);
            return;
        }
        *(int *)(void *)field = (int)r;
        return;
    }
    case K_TRANSITION:
    case K_FIT:
    case K_SIDE:
    case K_BACKDROP:
    case K_MOTION:
    case K_BOOL: {
        const struct word *w = k->type == K_TRANSITION ? transitions
                               : k->type == K_FIT      ? fits
                               : k->type == K_SIDE     ? sides
                               : k->type == K_BACKDROP ? backdrops
                               : k->type == K_MOTION   ? motions
                                                       : bools;
        if (parse_word(w, v, &iv) != 0) {
            list_words(w, hint, sizeof(hint));
            diag_add(p->diag, file, line, "%s: '%s' is not one of: %s", k->name, v, hint);
            return;
        }
        if (k->type == K_BOOL)
            *(bool *)(void *)field = iv != 0;
        else if (k->type == K_TRANSITION)
            *(enum transition *)(void *)field = (enum transition)iv;
        else if (k->type == K_FIT)
            *(enum image_fit *)(void *)field = (enum image_fit)iv;
        else if (k->type == K_SIDE)
            *(enum lay_side *)(void *)field = (enum lay_side)iv;
        else if (k->type == K_MOTION)
            *(enum slow_motion *)(void *)field = (enum slow_motion)iv;
        else
            *(enum backdrop *)(void *)field = (enum backdrop)iv;
        return;
    }
    }
}

static const struct key *find_key(const char *section, const char *name, bool portrait)
{
    for (size_t i = 0; i < NKEYS; i++) {
        if (strcasecmp(keys[i].name, name) != 0)
            continue;
        if (portrait ? keys[i].variant : strcasecmp(keys[i].section, section) == 0)
            return &keys[i];
    }
    return NULL;
}

static void unknown(struct parse *p, const char *section, const char *name)
{
    bool portrait = strcasecmp(section, "portrait") == 0;
    const struct key *best = NULL;
    int bestd = 99;
    for (size_t i = 0; i < NKEYS; i++) {
        int d = edit_distance(name, keys[i].name);
        if (portrait && !keys[i].variant)
            continue;
        if (!portrait && strcasecmp(keys[i].section, section) != 0)
            d += 1; /* same name elsewhere: suggest the right section */
        if (d < bestd) {
            bestd = d;
            best = &keys[i];
        }
    }
    bool known_section = portrait;
    for (size_t i = 0; i < NKEYS; i++)
        if (strcasecmp(keys[i].section, section) == 0)
            known_section = true;
    if (!known_section)
        diag_add(p->diag, p->t->file, p->line,
                 "unknown section [%s]; sections are [theme], "
                 "[colors], [fonts], [sizes], [layout], [portrait] (see docs/themes.md)",
                 section);
    else if (best && bestd <= 3 && strcasecmp(best->name, name) == 0)
        diag_add(p->diag, p->t->file, p->line, "'%s' belongs in [%s], not [%s]", name,
                 best->section, section);
    else if (best && bestd <= 3)
        diag_add(p->diag, p->t->file, p->line, "unknown key '%s' in [%s]; did you mean '%s'?",
                 name, section, best->name);
    else
        diag_add(p->diag, p->t->file, p->line,
                 "unknown key '%s' in [%s] (see docs/themes.md "
                 "for the keys)",
                 name, section);
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    struct parse *p = user;
    bool portrait = strcasecmp(section, "portrait") == 0;
    const struct key *k = find_key(section, name, portrait);
    if (!k) {
        unknown(p, section, name);
        return 1;
    }
    if (k->type == K_FONT)
        p->font_line[(k->off - offsetof(struct theme, font_name)) / sizeof(char *)] = p->line;
    if (portrait) {
        p->port = xrealloc(p->port, sizeof(*p->port) * (size_t)(p->nport + 1));
        p->port[p->nport++] = (struct pending){k, xstrdup(value), p->line};
        return 1;
    }
    set_value(p, k, k->variant ? (void *)&p->t->land : (void *)p->t, value, p->line);
    return 1;
}

theme_t *theme_load(const char *dir, diag_t *diag)
{
    theme_t *t = xcalloc(1, sizeof(*t));
    struct parse p = {.t = t, .diag = diag};
    size_t before = diag_count(diag);
    t->dir = xstrdup(dir);
    t->file = xasprintf("%s/theme.ini", dir);
    t->transition = TRANS_FADE;
    t->transition_ms = 800;
    t->c = default_colors;
    t->land = default_land;
    for (int k = 0; k < KIND_COUNT; k++)
        t->fit[k] = FIT_COVER;
    t->fit[KIND_POSTER] = FIT_CONTAIN;
    t->backdrop = BACKDROP_BLUR;
    t->stripe = true;
    t->motion = MOTION_AUTO;
    for (int i = 0; i < FONT_COUNT; i++)
        t->font_name[i] = xstrdup(font_defaults[i]);

    p.fp = fopen(t->file, "r");
    if (!p.fp) {
        diag_add(diag, t->file, 0,
                 "cannot open the theme: %s; a theme is a folder with a "
                 "theme.ini (see docs/themes.md)",
                 strerror(errno));
        goto fail;
    }
    int rc = ini_parse_stream(reader, &p, handler, &p);
    fclose(p.fp);
    if (rc > 0 && diag_count(diag) == before)
        diag_add(diag, t->file, rc, "not a 'key = value' line or a [section] heading");

    /* Portrait: the landscape values, the picture on top, then [portrait]. */
    t->port = t->land;
    t->port.split = (struct lay_split){SIDE_TOP, 0.42};
    for (int i = 0; i < p.nport; i++) {
        set_value(&p, p.port[i].k, p.port[i].k->variant ? (void *)&t->port : (void *)t,
                  p.port[i].value, p.port[i].line);
        free(p.port[i].value);
    }
    free(p.port);
    if (t->land.min_text > t->land.body)
        diag_add(diag, t->file, 0,
                 "min_text (%g) is larger than body (%g): body text could "
                 "never shrink; lower min_text",
                 t->land.min_text, t->land.body);

    /* Resolve the fonts now, so that `vitrine check` reports a missing one. */
    for (int i = 0; i < FONT_COUNT; i++) {
        char warn[256], err[256];
        t->font_file[i] = font_resolve(t->font_name[i], warn, sizeof(warn), err, sizeof(err));
        if (warn[0])
            diag_add(diag, t->file, p.font_line[i], "%s", warn);
        if (!t->font_file[i])
            diag_add(diag, t->file, p.font_line[i], "%s", err);
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
    for (int i = 0; i < FONT_COUNT; i++) {
        free(t->font_name[i]);
        free(t->font_file[i]);
    }
    free(t->dir);
    free(t->file);
    free(t->name);
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
