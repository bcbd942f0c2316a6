/* slide — the drawer: one screen size, a theme, a font cache, and the
 * helpers every layout shares (texts in the slide's language, styles,
 * pictures logged once). The layouts themselves are in slide_item.c (one
 * per kind of item) and slide_gen.c (agenda and fallback). */
#include <stdlib.h>
#include <string.h>

#include "draw/font.h"
#include "draw/layout.h"
#include "draw/paint.h"
#include "draw/slide_priv.h"
#include "model/locale.h"
#include "model/path.h"
#include "model/util.h"

/* The smallest text on any slide, in percent of the screen's unit. */
#define MIN_TEXT_PERCENT 3

/* Takes ownership of s (NULL passes through) until slide_pool_free; returns s. */
const char *slide_pool_add(struct pool *p, char *s)
{
    if (!s)
        return NULL;
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 16;
        p->v = xrealloc(p->v, sizeof(*p->v) * (size_t)p->cap);
    }
    p->v[p->n++] = s;
    return s;
}

void slide_pool_free(struct pool *p)
{
    for (int i = 0; i < p->n; i++)
        free(p->v[i]);
    free(p->v);
    *p = (struct pool){0};
}

enum lang slide_lang(enum lang l)
{
    return (unsigned)l < LANG_COUNT ? l : LANG_FR;
}

/* An item's text in l, with French typography when the value is French. */
const char *slide_text(struct pool *p, const tr_text *t, enum lang l)
{
    const char *s = tr_get(t, slide_lang(l));
    if (!s || !*s)
        return NULL;
    if (s != t->s[LANG_FR])
        return slide_pool_add(p, loc_glue(s));
    char *typo = loc_typo_fr(s);
    char *glued = loc_glue(typo);
    free(typo);
    return slide_pool_add(p, glued);
}

const char *slide_own_text(struct pool *p, const tr_text *t, enum lang l)
{
    l = slide_lang(l);
    if (!t->s[l] || !*t->s[l] || (l != LANG_FR && t->s[l] == t->s[LANG_FR]))
        return NULL;
    return slide_text(p, t, l);
}

char *slide_capitalize(char *s)
{
    return loc_capitalize(s);
}

struct text_style slide_style(const drawer_t *d, int font, int px, uint32_t color, int max_lines)
{
    struct text_style st = {
        .font = d->t->font_file[font],
        .size = px,
        .min_size = d->min < px ? d->min : px,
        .color = color,
        .align = ALIGN_LEFT,
        .max_lines = max_lines,
        .spacing = d->v->line_spacing,
    };
    return st;
}

enum loc_key slide_status(const feed_t *feed, const struct item *it, const struct slide_ctx *ctx)
{
    const struct item *ev = it;
    if (it->kind == KIND_TICKET) {
        ev = it->event && feed ? feed_find(feed, it->event) : NULL;
        if (ev && ev->kind != KIND_EVENT)
            ev = NULL;
    }
    static const enum loc_key words[EVENT_STATUS_COUNT] = {
        [EVENT_SCHEDULED] = LOC_COUNT,     [EVENT_CANCELLED] = LOC_CANCELLED,
        [EVENT_POSTPONED] = LOC_POSTPONED, [EVENT_SOLD_OUT] = LOC_SOLD_OUT,
        [EVENT_SUSPENDED] = LOC_SUSPENDED,
    };
    enum loc_key k = LOC_COUNT;
    if (ev && (unsigned)ev->status < EVENT_STATUS_COUNT)
        k = words[ev->status];
    if (k == LOC_COUNT && it != ev && (unsigned)it->status < EVENT_STATUS_COUNT)
        k = words[it->status];
    if (k != LOC_COUNT)
        return k;
    bool has_seats = it->kind == KIND_TICKET || it->kind == KIND_EVENT;
    if (has_seats && (it->seats == 0 || (ctx && ctx->sold_out)))
        return LOC_SOLD_OUT;
    return LOC_COUNT;
}

void slide_status_band(drawer_t *d, SDL_Surface *s, struct box b, enum loc_key status, enum lang l)
{
    const struct theme_colors *c = &d->t->c;
    paint_fill(s, b, c->sold_out);
    /* a thin rule in the text colour, so the band reads even on a photo of
     * the same colour */
    int rule = lay_px(0.006, d->unit);
    paint_fill(s, (struct box){b.x, b.y + b.h - rule, b.w, rule}, c->sold_out_text);
    struct text_style st = slide_style(d, FONT_TITLE, b.h * 55 / 100, c->sold_out_text, 1);
    st.align = ALIGN_CENTER;
    struct text_layout lt;
    struct box in = box_inset4(b, d->margin, 0, d->margin, rule);
    text_fit(d->fc, loc_string(status, l), &st, in.w, in.h, &lt);
    text_draw(d->fc, s, &lt, box_center(in, in.w, lt.h));
    text_layout_free(&lt);
}

void slide_strike(drawer_t *d, SDL_Surface *s, const struct text_layout *l, struct box b)
{
    int th = l->size / 12 > 2 ? l->size / 12 : 2;
    for (int i = 0; i < l->nlines; i++) {
        int w = text_width(d->fc, l->font, l->size, l->lines[i]);
        if (w > b.w)
            w = b.w;
        int x = l->align == ALIGN_CENTER  ? b.x + (b.w - w) / 2
                : l->align == ALIGN_RIGHT ? b.x + b.w - w
                                          : b.x;
        int y = b.y + i * l->pitch + l->line_h * 55 / 100 - th / 2;
        paint_fill(s, (struct box){x, y, w, th}, l->color);
    }
}

static bool logged_before(drawer_t *d, const char *path)
{
    for (int i = 0; i < d->nlogged; i++)
        if (strcmp(d->logged[i], path) == 0)
            return true;
    if (d->nlogged < MAX_LOGGED)
        d->logged[d->nlogged++] = xstrdup(path);
    return false;
}

/* The file an image reference names, or NULL for a URL (the cache maps those)
 * and for a relative name that leads outside the feed's folder (err says
 * why). Absolute names come from the merge, which checked them, or the cache. */
static char *image_path(const feed_t *feed, const char *ref, char *err, size_t errsz)
{
    err[0] = '\0';
    if (!ref || !*ref)
        return NULL;
    if (str_starts(ref, "http://") || str_starts(ref, "https://"))
        return NULL;
    if (ref[0] == '/')
        return xstrdup(ref);
    const char *dir = feed ? feed_dir(feed) : NULL;
    char *real;
    if (path_contain(dir, ref, &real, err, errsz) == PATH_OUTSIDE)
        return NULL;
    free(real);
    return dir && *dir ? xasprintf("%s/%s", dir, ref) : xstrdup(ref);
}

/* Loads a picture for a w x h box; NULL (logged once per path) when it cannot. */
static SDL_Surface *picture(drawer_t *d, const feed_t *feed, const char *ref, int w, int h,
                            enum image_fit fit, const struct item *photo)
{
    if (!ref || !*ref || w < 1 || h < 1)
        return NULL;
    char err[512] = "";
    char *path = image_path(feed, ref, err, sizeof err);
    SDL_Surface *s = NULL;
    if (!path) {
        if (!logged_before(d, ref))
            log_msg(LV_WARN, "image %s: %s; showing the text-only layout", ref,
                    err[0] ? err : "not in the cache yet");
        return NULL;
    }
    double fx = 0.5, fy = 0.5;
    if (photo)
        item_focus(photo, &fx, &fy);
    s = image_load_focus(d->budget, path, w, h, fit, fx, fy, err, sizeof(err));
    if (!s && !logged_before(d, path))
        log_msg(LV_WARN, "image %s: %s; showing the text-only layout", path, err);
    /* A tiny photo (a 1x1 tracking pixel, a 100x100 icon) blown up to a
     * half screen is worse than none: it counts as missing. (Checked once
     * decoded, so that a broken file says what is wrong with it.) */
    int pw, ph;
    if (s && photo && image_probe(path, &pw, &ph, err, sizeof err) == 0 &&
        (pw < IMAGE_MIN_SIDE || ph < IMAGE_MIN_SIDE)) {
        if (!logged_before(d, path))
            log_msg(LV_WARN,
                    "image %s is only %dx%d pixels; showing the text-only layout (give one of "
                    "at least %d pixels on its shorter side)",
                    path, pw, ph, IMAGE_GOOD_SIDE);
        SDL_FreeSurface(s);
        s = NULL;
    }
    free(path);
    return s;
}

const char *slide_image(const drawer_t *d, const struct item *it)
{
    const char *v = !it->alt ? NULL : d->portrait ? it->alt->portrait : it->alt->landscape;
    return v && *v ? v : it->image;
}

SDL_Surface *slide_picture(drawer_t *d, const feed_t *feed, const char *ref, int w, int h,
                           enum image_fit fit)
{
    return picture(d, feed, ref, w, h, fit, NULL);
}

SDL_Surface *slide_photo(drawer_t *d, const feed_t *feed, const struct item *it, int w, int h,
                         enum image_fit fit)
{
    return picture(d, feed, slide_image(d, it), w, h, fit, it);
}

void drawer_check_images(const feed_t *feed, diag_t *warn)
{
    for (size_t i = 0; feed && i < feed_count(feed); i++) {
        const struct item *it = feed_item(feed, i);
        const char *refs[] = {it->image, it->alt ? it->alt->portrait : NULL,
                              it->alt ? it->alt->landscape : NULL};
        for (size_t k = 0; k < sizeof refs / sizeof refs[0]; k++) {
            char err[512];
            char *path = image_path(feed, refs[k], err, sizeof err);
            int w, h;
            if (path && image_probe(path, &w, &h, err, sizeof err) == 0 &&
                (w < IMAGE_GOOD_SIDE || h < IMAGE_GOOD_SIDE))
                diag_add(warn, it->file ? it->file : feed_dir(feed), it->line,
                         "item %s: image %s is only %dx%d pixels: %s; give one of at least %d "
                         "pixels on its shorter side",
                         it->id, refs[k], w, h,
                         w < IMAGE_MIN_SIDE || h < IMAGE_MIN_SIDE
                             ? "too small to be shown, the slide is text only"
                             : "it will look blurred on the screen",
                         IMAGE_GOOD_SIDE);
            free(path);
        }
    }
}

drawer_t *drawer_create(const theme_t *theme, int width, int height, diag_t *diag)
{
    if (!theme || width < 16 || height < 16) {
        diag_add(diag, theme ? theme->file : "theme", 0, "cannot draw at %dx%d", width, height);
        return NULL;
    }
    for (int i = 0; i < FONT_COUNT; i++) {
        if (!theme->font_file[i]) {
            diag_add(diag, theme->file, 0,
                     "no usable font found for '%s'; install the package " FONT_PACKAGE
                     " (apt-get install " FONT_PACKAGE ")",
                     theme->font_name[i]);
            return NULL;
        }
    }
    if (!TTF_WasInit() && TTF_Init() != 0) {
        diag_add(diag, theme->file, 0, "cannot start SDL_ttf: %s", TTF_GetError());
        return NULL;
    }
    drawer_t *d = xcalloc(1, sizeof(*d));
    d->t = theme;
    d->w = width;
    d->h = height;
    d->unit = lay_unit(width, height);
    d->portrait = lay_portrait(width, height);
    d->v = theme_variant(theme, width, height);
    d->fc = fontcache_create();
    d->budget = image_budget_create(IMAGE_BUDGET_BYTES);
    const struct theme_variant *v = d->v;
    d->title = lay_px(v->title, d->unit);
    d->subtitle = lay_px(v->subtitle, d->unit);
    d->body = lay_px(v->body, d->unit);
    d->meta = lay_px(v->meta, d->unit);
    d->label = lay_px(v->label, d->unit);
    d->caption = lay_px(v->caption, d->unit);
    /* Nothing smaller than min_text, nor than 3 % of the screen's height
     * (its shorter side: turned to portrait, a screen keeps the physical
     * size of its text). A screen is read from 3 m. */
    d->min = lay_px(v->min_text, d->unit);
    if (d->min < (d->unit * MIN_TEXT_PERCENT + 99) / 100)
        d->min = (d->unit * MIN_TEXT_PERCENT + 99) / 100;
    int *sizes[] = {&d->title, &d->subtitle, &d->body, &d->meta, &d->label, &d->caption};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        if (*sizes[i] < d->min)
            *sizes[i] = d->min;
    d->margin = lay_px(v->margin, d->unit);
    d->gap = lay_px(v->gap, d->unit);
    d->qr = lay_px(v->qr, d->unit);
    /* Check that the fonts really open (a broken file is a start-up error). */
    for (int i = 0; i < FONT_COUNT; i++) {
        if (!fontcache_get(d->fc, theme->font_file[i], d->body)) {
            diag_add(diag, theme->file, 0,
                     "cannot open font %s: %s; install the package " FONT_PACKAGE,
                     theme->font_file[i], TTF_GetError());
            drawer_free(d);
            return NULL;
        }
    }
    return d;
}

void drawer_free(drawer_t *d)
{
    if (!d)
        return;
    fontcache_free(d->fc);
    image_budget_free(d->budget);
    SDL_FreeSurface(d->mark);
    for (int i = 0; i < d->nlogged; i++)
        free(d->logged[i]);
    free(d);
}
