/* slide — one layout per kind, painted on a CPU surface. A slide with a
 * picture is a photo area (cover or contain) beside or above a text panel; a
 * slide without one (or whose picture is missing) is the text-only variant.
 * The panel's content flows from the top: badges, title, kind-specific
 * lines, body; a footer row holds the address, prices or seats on the left
 * and the QR code on the right. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "draw/image.h"
#include "draw/layout.h"
#include "draw/qr.h"
#include "draw/slide.h"
#include "draw/text.h"
#include "draw/theme.h"
#include "model/locale.h"
#include "model/path.h"
#include "model/util.h"

#define MAX_LOGGED 256

struct drawer {
    const theme_t *t;
    const struct theme_variant *v;
    int w, h, unit;
    bool portrait;
    fontcache_t *fc;
    /* sizes in pixels */
    int title, subtitle, body, meta, label, caption, min, margin, gap, qr;
    char *logged[MAX_LOGGED]; /* image paths already reported */
    SDL_Surface *mark;        /* the theme's logo as a watermark, decoded once */
    bool mark_failed;
    image_budget_t *budget;   /* bound on decoded pictures (docs/security.md) */
    int nlogged;
};

/* Strings built for one slide, freed together. */
struct pool {
    char *v[48];
    int n;
};

static const char *pool_add(struct pool *p, char *s)
{
    if (!s)
        return NULL;
    if (p->n == (int)(sizeof(p->v) / sizeof(p->v[0]))) {
        free(p->v[--p->n]); /* never reached in practice; keep the newest */
    }
    p->v[p->n++] = s;
    return s;
}

static void pool_free(struct pool *p)
{
    for (int i = 0; i < p->n; i++)
        free(p->v[i]);
    p->n = 0;
}

/* ---- words the player adds, per language ---- */

static const char *const badge_words[KIND_COUNT][LANG_COUNT] = {
    [KIND_PROVIDER] = {"Partenaire", "Bazkidea", "Colaborador", "Partner"},
    [KIND_EVENT] = {"Événement", "Ekitaldia", "Evento", "Event"},
    [KIND_TICKET] = {"Billetterie", "Txarteldegia", "Entradas", "Tickets"},
    [KIND_PLACE] = {"À découvrir", "Ezagutu", "Descubrir", "Discover"},
    [KIND_NOTICE] = {"Info", "Informazioa", "Información", "Info"},
    [KIND_POSTER] = {"", "", "", ""},
    [KIND_TICKER] = {"", "", "", ""},
};

static const char *const day_words[7][LANG_COUNT] = {
    {"lundi", "astelehena", "lunes", "Monday"},
    {"mardi", "asteartea", "martes", "Tuesday"},
    {"mercredi", "asteazkena", "miércoles", "Wednesday"},
    {"jeudi", "osteguna", "jueves", "Thursday"},
    {"vendredi", "ostirala", "viernes", "Friday"},
    {"samedi", "larunbata", "sábado", "Saturday"},
    {"dimanche", "igandea", "domingo", "Sunday"},
};

static const char *const holiday_words[LANG_COUNT] = {"jours fériés", "jaiegunak", "festivos",
                                                       "public holidays"};

static enum lang lang_ok(enum lang l)
{
    return (unsigned)l < LANG_COUNT ? l : LANG_FR;
}

/* An item's text in l, with French typography when the value is French. */
static const char *item_text(struct pool *p, const tr_text *t, enum lang l)
{
    const char *s = tr_get(t, lang_ok(l));
    if (!s || !*s)
        return NULL;
    if (s == t->s[LANG_FR])
        return pool_add(p, loc_typo_fr(s));
    return s;
}

/* The second-language text, only when it exists and differs from the first. */
static const char *item_text2(struct pool *p, const tr_text *t, enum lang l, enum lang l2)
{
    if ((unsigned)l2 >= LANG_COUNT || l2 == l || !t->s[l2] || !*t->s[l2])
        return NULL;
    if (tr_get(t, lang_ok(l)) == t->s[l2])
        return NULL;
    return item_text(p, t, l2);
}

/* Upper-cases the first letter (ASCII, or a Latin-1 letter in UTF-8). */
static char *capitalize(char *s)
{
    unsigned char *u = (unsigned char *)s;
    if (u[0] < 0x80)
        u[0] = (unsigned char)toupper(u[0]);
    else if (u[0] == 0xc3 && u[1] >= 0xa0 && u[1] <= 0xbe)
        u[1] -= 0x20;
    return s;
}

/* ---- painting helpers ---- */

static SDL_Surface *new_surface(int w, int h)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s)
        die("out of memory for a %dx%d surface: %s", w, h, SDL_GetError());
    return s;
}

static inline uint32_t blend(uint32_t dst, uint32_t src, unsigned a)
{
    /* a in 0..255; result opaque when dst is */
    unsigned na = 255 - a;
    unsigned r = (((src >> 16) & 0xff) * a + ((dst >> 16) & 0xff) * na + 127) / 255;
    unsigned g = (((src >> 8) & 0xff) * a + ((dst >> 8) & 0xff) * na + 127) / 255;
    unsigned b = ((src & 0xff) * a + (dst & 0xff) * na + 127) / 255;
    unsigned da = (dst >> 24) & 0xff;
    unsigned oa = a + (da * na + 127) / 255;
    return (uint32_t)(oa << 24 | r << 16 | g << 8 | b);
}

/* Fills b (clipped to the surface) with an 0xAARRGGBB colour, blending. */
static void fill(SDL_Surface *s, struct box b, uint32_t color)
{
    b = box_intersect(b, (struct box){0, 0, s->w, s->h});
    if (b.w <= 0)
        return;
    unsigned a = color >> 24;
    if (a == 255) {
        SDL_Rect r = {b.x, b.y, b.w, b.h};
        SDL_FillRect(s, &r, color);
        return;
    }
    for (int y = b.y; y < b.y + b.h; y++) {
        uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + (size_t)y * s->pitch);
        for (int x = b.x; x < b.x + b.w; x++)
            row[x] = blend(row[x], color, a);
    }
}

/* A rounded rectangle with anti-aliased corners of radius r. */
static void fill_round(SDL_Surface *s, struct box b, int r, uint32_t color)
{
    if (r * 2 > b.h)
        r = b.h / 2;
    if (r * 2 > b.w)
        r = b.w / 2;
    if (r <= 0) {
        fill(s, b, color);
        return;
    }
    fill(s, (struct box){b.x, b.y + r, b.w, b.h - 2 * r}, color);
    unsigned a0 = color >> 24;
    for (int dy = 0; dy < r; dy++) {
        for (int half = 0; half < 2; half++) {
            int y = half ? b.y + b.h - 1 - dy : b.y + dy;
            if (y < 0 || y >= s->h)
                continue;
            uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + (size_t)y * s->pitch);
            double cy = r - dy - 0.5;
            for (int dx = 0; dx < b.w; dx++) {
                int x = b.x + dx;
                if (x < 0 || x >= s->w)
                    continue;
                double cx = dx < r ? r - dx - 0.5 : dx >= b.w - r ? dx - (b.w - r) + 0.5 : 0;
                double cov = 1.0;
                if (cx > 0) {
                    double dist = sqrt(cx * cx + cy * cy);
                    cov = r - dist + 0.5;
                    cov = cov < 0 ? 0 : cov > 1 ? 1 : cov;
                }
                unsigned a = (unsigned)lround(a0 * cov);
                if (a)
                    row[x] = blend(row[x], color, a);
            }
        }
    }
}

/* Copies src into dst at (x, y), clipped to clip. */
static void blit(SDL_Surface *dst, SDL_Surface *src, int x, int y, struct box clip)
{
    SDL_Rect old, c = {clip.x, clip.y, clip.w, clip.h}, r = {x, y, src->w, src->h};
    SDL_GetClipRect(dst, &old);
    SDL_SetClipRect(dst, &c);
    SDL_SetSurfaceBlendMode(src, SDL_BLENDMODE_BLEND);
    SDL_BlitSurface(src, NULL, dst, &r);
    SDL_SetClipRect(dst, &old);
}

static struct text_style style(const drawer_t *d, int font, int px, uint32_t color, int max_lines)
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

/* Text flowing down a column: each piece takes the height it needs. */
struct flow {
    drawer_t *d;
    SDL_Surface *s;
    struct box rest;
    bool draw; /* false: measure only */
};

/* Fits text in the column (at most max_h high), draws it, moves down by its
 * height plus gap. Returns the height used. */
static int flow_text(struct flow *f, const char *text, struct text_style st, int max_h, int gap)
{
    if (!text || !*text || f->rest.h <= 0)
        return 0;
    int h = max_h > 0 && max_h < f->rest.h ? max_h : f->rest.h;
    struct text_layout l;
    text_fit(f->d->fc, text, &st, f->rest.w, h, &l);
    if (l.nlines == 0) {
        text_layout_free(&l);
        return 0;
    }
    struct box b = box_cut_top(&f->rest, l.h, gap);
    if (f->draw)
        text_draw(f->d->fc, f->s, &l, b);
    text_layout_free(&l);
    return b.h;
}

/* A pill: text on a rounded background. Returns its width (0 if not drawn). */
static int pill(drawer_t *d, SDL_Surface *s, const char *text, int x, int y, int max_w,
                uint32_t bg, uint32_t fg)
{
    if (!text || !*text)
        return 0;
    int padx = d->label * 6 / 10, pady = d->label / 4;
    int h = text_line_height(d->fc, d->t->font_file[FONT_LABEL], d->label) + 2 * pady;
    struct text_style st = style(d, FONT_LABEL, d->label, fg, 1);
    st.min_size = d->label * 3 / 4;
    struct text_layout l;
    text_fit(d->fc, text, &st, max_w - 2 * padx, h - 2 * pady, &l);
    if (l.nlines == 0) {
        text_layout_free(&l);
        return 0;
    }
    struct box b = {x, y, l.w + 2 * padx, h};
    fill_round(s, b, h / 2, bg);
    /* centre vertically when the text had to shrink */
    int ty = y + (h - l.h) / 2;
    text_draw(d->fc, s, &l, (struct box){x + padx, ty, l.w, l.h});
    text_layout_free(&l);
    return b.w;
}

static int pill_height(drawer_t *d)
{
    return text_line_height(d->fc, d->t->font_file[FONT_LABEL], d->label) + 2 * (d->label / 4);
}

/* ---- pictures ---- */

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
static SDL_Surface *load_picture(drawer_t *d, const feed_t *feed, const char *ref, int w, int h,
                                 enum image_fit fit)
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
    s = image_load_fit_budget(d->budget, path, w, h, fit, err, sizeof(err));
    if (!s && !logged_before(d, path))
        log_msg(LV_WARN, "image %s: %s; showing the text-only layout", path, err);
    free(path);
    return s;
}

/* Paints pic into box b: cover pictures fill it, contained ones are centred. */
static void place_picture(SDL_Surface *dst, SDL_Surface *pic, struct box b)
{
    struct box at = box_center(b, pic->w, pic->h);
    blit(dst, pic, at.x, at.y, b);
}

/* A soft backdrop from a picture: the part that covers b, scaled far down
 * then back up (a cheap blur), darkened. */
static void backdrop(SDL_Surface *dst, SDL_Surface *pic, struct box b, uint32_t tint)
{
    /* the centred crop of pic with b's aspect ratio */
    double ar = (double)b.w / b.h;
    int cw = pic->w, ch = (int)lround(pic->w / ar);
    if (ch > pic->h) {
        ch = pic->h;
        cw = (int)lround(pic->h * ar);
    }
    if (cw < 1 || ch < 1)
        return;
    int cx = (pic->w - cw) / 2, cy = (pic->h - ch) / 2;
    SDL_Surface *crop = SDL_CreateRGBSurfaceWithFormatFrom(
        (uint8_t *)pic->pixels + (size_t)cy * pic->pitch + (size_t)cx * 4, cw, ch, 32,
        pic->pitch, SDL_PIXELFORMAT_ARGB8888);
    if (!crop)
        return;
    int sw = b.w / 40 > 4 ? b.w / 40 : 4, sh = b.h / 40 > 4 ? b.h / 40 : 4;
    SDL_Surface *small = image_scale(crop, sw, sh);
    SDL_FreeSurface(crop);
    if (!small)
        return;
    SDL_Surface *big = image_scale(small, b.w, b.h);
    SDL_FreeSurface(small);
    if (!big)
        return;
    SDL_SetSurfaceBlendMode(big, SDL_BLENDMODE_NONE);
    SDL_Rect r = {b.x, b.y, b.w, b.h};
    SDL_BlitSurface(big, NULL, dst, &r);
    SDL_FreeSurface(big);
    fill(dst, b, (tint & 0x00ffffff) | 0xa0000000u);
}

/* ---- the drawer ---- */

drawer_t *drawer_create(const theme_t *theme, int width, int height, diag_t *diag)
{
    if (!theme || width < 16 || height < 16) {
        diag_add(diag, theme ? theme->file : "theme", 0, "cannot draw at %dx%d", width, height);
        return NULL;
    }
    for (int i = 0; i < 3; i++) {
        if (!theme->font_file[i]) {
            diag_add(diag, theme->file, 0, "no usable font found for '%s'; install the package "
                     "fonts-dejavu-core (apt-get install fonts-dejavu-core)",
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
    d->min = lay_px(v->min_text, d->unit);
    d->margin = lay_px(v->margin, d->unit);
    d->gap = lay_px(v->gap, d->unit);
    d->qr = lay_px(v->qr, d->unit);
    /* Check that the fonts really open (a broken file is a start-up error). */
    for (int i = 0; i < 3; i++) {
        if (!fontcache_get(d->fc, theme->font_file[i], d->body)) {
            diag_add(diag, theme->file, 0, "cannot open font %s: %s; install the package "
                     "fonts-dejavu-core", theme->font_file[i], TTF_GetError());
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

/* ---- pieces of the item layouts ---- */

/* The tricolour stripe along the edge between photo and panel. */
static void stripe(drawer_t *d, SDL_Surface *s, struct box panel, bool vertical_edge)
{
    if (!d->t->stripe)
        return;
    int th = lay_px(0.012, d->unit);
    if (vertical_edge) {
        struct box b = {panel.x, panel.y, th, panel.h};
        fill(s, b, d->t->c.accent);
        fill(s, (struct box){panel.x + th, panel.y, th / 2, panel.h}, d->t->c.accent2);
    } else {
        struct box b = {panel.x, panel.y, panel.w, th};
        fill(s, b, d->t->c.accent);
        fill(s, (struct box){panel.x, panel.y + th, panel.w, th / 2}, d->t->c.accent2);
    }
}

/* The event's date line: "Samedi 12 octobre à 20 h 30", with the end when known. */
static char *event_when(civil_t start, bool date_only, civil_t end, bool end_date_only,
                        enum lang l)
{
    char a[128], b[128], t[64];
    if (start == CIVIL_NONE)
        return NULL;
    const char *dash = " \xe2\x80\x93 "; /* en dash */
    if (date_only)
        loc_date(start, l, 0, a, sizeof(a));
    else
        loc_datetime(start, l, a, sizeof(a));
    if (end != CIVIL_NONE && end > start) {
        struct civil_fields fs = civil_split(start), fe = civil_split(end);
        bool same_day = fs.year == fe.year && fs.month == fe.month && fs.day == fe.day;
        if (same_day && !end_date_only && !date_only) {
            loc_time(fe.hour, fe.min, l, t, sizeof(t));
            return capitalize(xasprintf("%s%s%s", a, dash, t));
        }
        if (!same_day) {
            loc_date(end, l, 0, b, sizeof(b));
            return capitalize(xasprintf("%s%s%s", a, dash, b));
        }
    }
    return capitalize(xstrdup(a));
}

/* The badge row: the kind, then the relative date or the opening status. */
static void badges(drawer_t *d, struct flow *f, const struct item *it,
                   const struct slide_ctx *ctx)
{
    const struct theme_colors *c = &d->t->c;
    enum lang l = lang_ok(ctx->lang);
    int h = pill_height(d);
    if (f->rest.h < h)
        return;
    struct box row = box_cut_top(&f->rest, h, d->gap);
    if (!f->draw)
        return;
    int x = row.x;
    int used = pill(d, f->s, badge_words[it->kind][l], x, row.y, row.w, c->accent, c->accent_text);
    if (used)
        x += used + d->label / 2;
    const char *second = ctx->when_label && *ctx->when_label ? ctx->when_label : NULL;
    uint32_t bg = c->accent2;
    if (!second && ctx->status_label && *ctx->status_label) {
        second = ctx->status_label;
        if (str_starts(second, loc_string(LOC_CLOSED, l)))
            bg = c->muted;
    }
    if (second && row.x + row.w - x > d->label * 3)
        pill(d, f->s, second, x, row.y, row.x + row.w - x, bg, c->accent2_text);
}

/* Left of the footer: what the visitor needs at the desk or on the way. */
static void footer_lines(drawer_t *d, SDL_Surface *s, struct box b, const struct item *it,
                         const struct slide_ctx *ctx, bool band_drawn, struct pool *p)
{
    const struct theme_colors *c = &d->t->c;
    enum lang l = lang_ok(ctx->lang);
    struct flow f = {d, s, b, true};
    char buf[160];
    switch (it->kind) {
    case KIND_PROVIDER:
    case KIND_PLACE:
        if (it->address)
            flow_text(&f, pool_add(p, l == LANG_FR ? loc_typo_fr(it->address)
                                                  : xstrdup(it->address)),
                      style(d, FONT_BODY, d->meta, c->text, 2), 0, d->gap / 2);
        if (it->phone)
            flow_text(&f, it->phone, style(d, FONT_LABEL, d->meta, c->muted, 1), 0, d->gap / 2);
        break;
    case KIND_TICKET:
    case KIND_EVENT: {
        bool sold_out = it->kind == KIND_TICKET && (ctx->sold_out || it->seats == 0);
        const char *body_font = d->t->font_file[FONT_BODY];
        const char *label_font = d->t->font_file[FONT_LABEL];
        int row_h = text_line_height(d->fc, label_font, d->meta);
        int pills_h = it->kind == KIND_TICKET ? pill_height(d) + d->gap / 3 : 0;
        /* labels in one column, prices aligned in the next */
        int lab_w = 0;
        for (int i = 0; i < it->nprices; i++) {
            const char *lab = item_text(p, &it->prices[i].label, l);
            int w = lab ? text_width(d->fc, body_font, d->meta, lab) : 0;
            if (w > lab_w)
                lab_w = w;
        }
        if (lab_w > b.w * 6 / 10)
            lab_w = b.w * 6 / 10;
        int shown = 0;
        for (int i = 0; i < it->nprices && f.rest.h >= row_h + pills_h; i++) {
            const char *lab = item_text(p, &it->prices[i].label, l);
            loc_price(it->prices[i].cents, l, buf, sizeof(buf));
            struct box row = box_cut_top(&f.rest, row_h, d->gap / 3);
            if (lab_w) {
                struct box lb = box_cut_left(&row, lab_w, d->meta * 2 / 3);
                struct text_style ls = style(d, FONT_BODY, d->meta, c->text, 1);
                text_box(d->fc, s, lab, &ls, lb);
            }
            text_box(d->fc, s, buf, &(struct text_style){.font = label_font, .size = d->meta,
                     .min_size = d->min, .color = c->accent, .max_lines = 1}, row);
            shown++;
        }
        if (it->nprices == 0 && it->free == 1)
            flow_text(&f, loc_string(it->kind == KIND_EVENT ? LOC_FREE_ENTRY : LOC_FREE, l),
                      style(d, FONT_LABEL, d->meta, c->accent2, 1), 0, d->gap / 2);
        if (it->kind == KIND_TICKET && f.rest.h >= pill_height(d)) {
            if (shown)
                box_cut_top(&f.rest, d->gap / 3, 0);
            if (sold_out) {
                if (!band_drawn)
                    pill(d, s, loc_string(LOC_SOLD_OUT, l), f.rest.x, f.rest.y, f.rest.w,
                         c->sold_out, c->sold_out_text);
            } else if (it->seats > 0) {
                snprintf(buf, sizeof(buf),
                         loc_string(it->seats == 1 ? LOC_SEAT_LEFT : LOC_SEATS_LEFT, l),
                         it->seats);
                pill(d, s, buf, f.rest.x, f.rest.y, f.rest.w, c->accent2, c->accent2_text);
            } else {
                pill(d, s, loc_string(LOC_ON_SALE_DESK, l), f.rest.x, f.rest.y, f.rest.w,
                     c->accent2, c->accent2_text);
            }
        }
        break;
    }
    default:
        break;
    }
}

static bool has_footer_lines(const struct item *it)
{
    switch (it->kind) {
    case KIND_PROVIDER:
    case KIND_PLACE:
        return it->address || it->phone;
    case KIND_TICKET:
        return true;
    case KIND_EVENT:
        return it->nprices > 0 || it->free == 1;
    default:
        return false;
    }
}

/* The QR code with its caption, bottom-right of b. Returns the width used. */
static int qr_block(drawer_t *d, SDL_Surface *s, struct box b, const char *url, enum lang l)
{
    const struct theme_colors *c = &d->t->c;
    SDL_Surface *q = qr_render(url, d->qr, c->qr_fg, c->qr_bg);
    if (!q)
        return 0;
    int cap_h = text_line_height(d->fc, d->t->font_file[FONT_LABEL], d->caption);
    int total = q->h + cap_h + d->gap / 3;
    if (total > b.h || q->w > b.w) {
        SDL_FreeSurface(q);
        return 0;
    }
    /* a white card a little larger than the code, so it reads on any panel */
    int pad = d->qr / 20;
    struct box card = {b.x + b.w - q->w, b.y + b.h - total, q->w, q->h};
    fill_round(s, box_inset(card, -pad), pad, c->qr_bg);
    blit(s, q, card.x, card.y, box_inset(card, -pad));
    /* the caption may be wider than the code: centred under it, kept on the panel */
    int cap_w = q->w * 3 / 2;
    struct box cap = {card.x + q->w / 2 - cap_w / 2, card.y + q->h + d->gap / 3, cap_w, cap_h};
    if (cap.x + cap.w > b.x + b.w + d->margin / 2)
        cap.x = b.x + b.w + d->margin / 2 - cap.w;
    struct text_style st = style(d, FONT_LABEL, d->caption, c->muted, 1);
    st.align = ALIGN_CENTER;
    text_box(d->fc, s, loc_string(LOC_SCAN_ME, l), &st, cap);
    int w = q->w + pad;
    SDL_FreeSurface(q);
    return w;
}

static void sold_out_band(drawer_t *d, SDL_Surface *s, struct box photo, enum lang l)
{
    const struct theme_colors *c = &d->t->c;
    int bh = lay_px(0.12, d->unit);
    struct box band = {photo.x, photo.y + photo.h * 2 / 3 - bh / 2, photo.w, bh};
    fill(s, band, c->sold_out);
    struct text_style st = style(d, FONT_TITLE, lay_px(0.07, d->unit), c->sold_out_text, 1);
    st.align = ALIGN_CENTER;
    struct text_layout lt;
    text_fit(d->fc, loc_string(LOC_SOLD_OUT, l), &st, band.w - 2 * d->margin, band.h, &lt);
    text_draw(d->fc, s, &lt, box_center(band, band.w - 2 * d->margin, lt.h));
    text_layout_free(&lt);
}

/* The linked event of a ticket, for its date and venue. */
static const struct item *ticket_event(const feed_t *feed, const struct item *it)
{
    if (it->kind != KIND_TICKET || !it->event || !feed)
        return NULL;
    const struct item *ev = feed_find(feed, it->event);
    return ev && ev->kind == KIND_EVENT ? ev : NULL;
}

/* ---- the slide of an item ---- */

/* The panel's content above the footer: badges, kind lines, title,
 * subtitle, second language, venue, body. With draw false, only measures.
 * Returns the height used. */
static int panel_content(drawer_t *d, SDL_Surface *s, struct box col, bool draw, bool text_only,
                         const feed_t *feed, const struct item *it, const struct slide_ctx *ctx)
{
    const struct theme_colors *c = &d->t->c;
    enum lang l = lang_ok(ctx->lang);
    enum item_kind kind = it->kind;
    struct pool p = {0};
    struct flow f = {d, s, col, draw};
    badges(d, &f, it, ctx);

    /* kind-specific lines above the title */
    const struct item *ev = ticket_event(feed, it);
    if (kind == KIND_EVENT || (kind == KIND_TICKET && (ev || it->start != CIVIL_NONE))) {
        const struct item *src = kind == KIND_EVENT || !ev ? it : ev;
        char *when = event_when(src->start, src->start_date_only, src->end, src->end_date_only,
                                l);
        flow_text(&f, pool_add(&p, when), style(d, FONT_LABEL, d->meta, c->accent, 2), 0,
                  d->gap / 2);
    }
    if ((kind == KIND_PROVIDER || kind == KIND_PLACE) && !tr_empty(&it->category))
        flow_text(&f, item_text(&p, &it->category, l),
                  style(d, FONT_LABEL, d->meta, c->accent, 1), 0, d->gap / 2);

    /* title, second language, subtitle */
    int title_px = text_only ? d->title * 6 / 5 : d->title;
    int title_max = f.rest.h * (d->portrait ? 45 : 50) / 100;
    flow_text(&f, item_text(&p, &it->title, l), style(d, FONT_TITLE, title_px, c->text, 3),
              title_max, d->gap / 2);
    const char *title2 = item_text2(&p, &it->title, l, ctx->lang2);
    if (title2)
        flow_text(&f, title2, style(d, FONT_TITLE, d->subtitle, c->muted, 2), 0, d->gap / 2);
    flow_text(&f, item_text(&p, &it->subtitle, l), style(d, FONT_BODY, d->subtitle, c->muted, 2),
              0, d->gap / 2);

    /* venue, under the title */
    const struct item *vsrc = kind == KIND_EVENT ? it : ev;
    if (vsrc && !tr_empty(&vsrc->venue))
        flow_text(&f, item_text(&p, &vsrc->venue, l), style(d, FONT_LABEL, d->meta, c->text, 2),
                  0, d->gap / 2);

    /* body, and its second language, with the room that is left */
    const char *body = item_text(&p, &it->body, l);
    const char *body2 = item_text2(&p, &it->body, l, ctx->lang2);
    if (body && f.rest.h > d->gap)
        box_cut_top(&f.rest, d->gap / 2, 0);
    int body_px = text_only ? d->body * 11 / 10 : d->body;
    if (body2 && body) {
        int h1 = f.rest.h * 55 / 100;
        flow_text(&f, body, style(d, FONT_BODY, body_px, c->text, 0), h1, d->gap);
        flow_text(&f, body2, style(d, FONT_BODY, body_px * 9 / 10, c->muted, 0), 0, 0);
    } else {
        flow_text(&f, body, style(d, FONT_BODY, body_px, c->text, 0), 0, 0);
    }
    pool_free(&p);
    return col.h - f.rest.h;
}

static bool poster_slide(drawer_t *d, const feed_t *feed, const struct item *it,
                         const struct slide_ctx *ctx, SDL_Surface **out);

/* A faint, large copy of the theme's logo for text-only slides (cached). */
static void watermark(drawer_t *d, SDL_Surface *s, struct box area)
{
    if (!d->t->logo)
        return;
    int size = d->unit * 7 / 10;
    if (!d->mark && !d->mark_failed) {
        d->mark = load_picture(d, NULL, d->t->logo, size, size, FIT_CONTAIN);
        d->mark_failed = !d->mark;
    }
    if (!d->mark)
        return;
    SDL_SetSurfaceAlphaMod(d->mark, 16);
    blit(s, d->mark, area.x + area.w - d->mark->w * 3 / 4, area.y - d->mark->h / 4, area);
    SDL_SetSurfaceAlphaMod(d->mark, 255);
}

static SDL_Surface *item_slide(drawer_t *d, const feed_t *feed, const struct item *it,
                               const struct slide_ctx *ctx)
{
    const theme_t *t = d->t;
    const struct theme_colors *c = &t->c;
    enum lang l = lang_ok(ctx->lang);
    struct box screen = {0, 0, d->w, d->h};
    struct pool p = {0};

    /* The picture, if any, sized for the photo box it would get. */
    struct box photo, panel;
    SDL_Surface *pic = NULL, *s = NULL;
    enum item_kind kind = it->kind < KIND_COUNT ? it->kind : KIND_NOTICE;
    if (kind == KIND_POSTER && poster_slide(d, feed, it, ctx, &s))
        return s;
    if (kind == KIND_POSTER && tr_empty(&it->title) && tr_empty(&it->subtitle) &&
        tr_empty(&it->body))
        return drawer_fallback(d, feed, ctx); /* nothing to say without its picture */
    if (it->image && *it->image && kind != KIND_POSTER) {
        lay_split(screen, &d->v->split, true, &photo, &panel);
        pic = load_picture(d, feed, it->image, photo.w, photo.h, t->fit[kind]);
    }
    lay_split(screen, &d->v->split, pic != NULL, &photo, &panel);
    bool sold_out = kind == KIND_TICKET && (ctx->sold_out || it->seats == 0);

    s = new_surface(d->w, d->h);
    fill(s, screen, pic ? c->panel : c->background);
    bool vertical_edge = d->v->split.side == SIDE_LEFT || d->v->split.side == SIDE_RIGHT;
    if (pic) {
        fill(s, photo, c->backdrop);
        if (t->fit[kind] == FIT_CONTAIN)
            backdrop(s, pic, photo, c->backdrop);
        place_picture(s, pic, photo);
        SDL_FreeSurface(pic);
        if (sold_out)
            sold_out_band(d, s, photo, l);
        stripe(d, s, panel, vertical_edge);
    } else {
        watermark(d, s, screen);
        stripe(d, s, (struct box){0, 0, d->portrait ? d->w : lay_px(0.02, d->unit),
                                  d->portrait ? lay_px(0.02, d->unit) : d->h},
               !d->portrait);
    }

    /* The text column: generous margins; wider ones on text-only slides. */
    int mx = d->margin, my = d->margin;
    if (!pic && !d->portrait)
        mx = d->margin * 2;
    struct box col = box_inset4(panel, mx, my, mx, my);
    if (pic && vertical_edge && d->v->split.side == SIDE_LEFT)
        col = box_inset4(panel, mx + lay_px(0.018, d->unit), my, mx, my);
    if (!pic && d->portrait)
        col = box_inset4(panel, mx, my + lay_px(0.03, d->unit), mx, my);

    /* Footer: QR on the right, practical lines on the left. */
    const char *url = it->url && *it->url ? it->url : NULL;
    bool lines = has_footer_lines(it);
    int qr_total = url ? d->qr + text_line_height(d->fc, t->font_file[FONT_LABEL], d->caption) +
                             d->gap / 3 + d->qr / 20
                       : 0;
    int lines_h = 0;
    int row = text_line_height(d->fc, t->font_file[FONT_LABEL], d->meta);
    if (lines) {
        int np = it->nprices < 4 ? it->nprices : 4;
        if (kind == KIND_TICKET)
            lines_h = np * (row + d->gap / 3) + pill_height(d);
        else if (kind == KIND_EVENT)
            lines_h = (np ? np : 1) * (row + d->gap / 3);
        else
            lines_h = (it->address ? 2 * row : 0) + (it->phone ? row + d->gap / 2 : 0);
    }
    int foot_h = qr_total > lines_h ? qr_total : lines_h;
    if (foot_h > col.h / 2)
        foot_h = col.h / 2;
    struct box foot = {0, 0, 0, 0};
    if (foot_h > 0)
        foot = box_cut_bottom(&col, foot_h, d->gap);

    /* Text-only slides centre their content in the room above the footer. */
    if (!pic) {
        int used = panel_content(d, s, col, false, true, feed, it, ctx);
        int slack = col.h - used;
        if (slack > 0)
            box_cut_top(&col, slack * 2 / 5, 0);
    }
    panel_content(d, s, col, true, !pic, feed, it, ctx);

    if (foot.h > 0) {
        struct box left = foot;
        if (url) {
            int qw = qr_block(d, s, foot, url, l);
            if (qw)
                box_cut_right(&left, qw, d->gap * 2);
        }
        if (lines && lines_h < left.h)
            box_cut_top(&left, left.h - lines_h, 0); /* sit on the bottom line */
        if (lines)
            footer_lines(d, s, left, it, ctx, pic != NULL && sold_out, &p);
    }
    pool_free(&p);
    return s;
}

/* A poster: the picture whole (contain) on a blurred copy of itself, with a
 * caption band under it. Returns false when the picture cannot be loaded. */
static bool poster_slide(drawer_t *d, const feed_t *feed, const struct item *it,
                         const struct slide_ctx *ctx, SDL_Surface **out)
{
    const struct theme_colors *c = &d->t->c;
    struct box screen = {0, 0, d->w, d->h};
    struct pool p = {0};
    enum lang l = lang_ok(ctx->lang);
    const char *title = item_text(&p, &it->title, l);
    const char *sub = item_text(&p, &it->subtitle, l);
    const char *url = it->url && *it->url ? it->url : NULL;

    /* the caption band, measured first */
    int mx = d->margin;
    int qr_px = url ? d->qr : 0;
    int cap_h = text_line_height(d->fc, d->t->font_file[FONT_LABEL], d->caption);
    struct box inner = {mx, 0, d->w - 2 * mx - (url ? qr_px + mx : 0), d->h / 4};
    struct text_style ts = style(d, FONT_TITLE, d->subtitle * 13 / 10, c->caption_text, 2);
    struct text_style ss = style(d, FONT_BODY, d->body, c->caption_text, 2);
    struct text_layout lt = {0}, ls = {0};
    text_fit(d->fc, title, &ts, inner.w, inner.h, &lt);
    text_fit(d->fc, sub, &ss, inner.w, inner.h - lt.h - d->gap / 2, &ls);
    int text_h = lt.h + (ls.nlines ? (lt.nlines ? d->gap / 2 : 0) + ls.h : 0);
    int band_h = text_h ? text_h + 2 * d->gap : 0;
    int qr_box = url ? qr_px + d->gap / 3 + cap_h + 2 * d->gap : 0;
    if (band_h < qr_box)
        band_h = qr_box;
    struct box area = {0, 0, d->w, d->h - band_h};

    SDL_Surface *pic = load_picture(d, feed, it->image, area.w, area.h, d->t->fit[KIND_POSTER]);
    if (!pic) {
        text_layout_free(&lt);
        text_layout_free(&ls);
        pool_free(&p);
        return false;
    }
    SDL_Surface *s = new_surface(d->w, d->h);
    fill(s, screen, c->backdrop);
    if (d->t->backdrop == BACKDROP_BLUR)
        backdrop(s, pic, screen, c->backdrop);
    else if (d->t->backdrop == BACKDROP_DARK)
        fill(s, screen, 0xff000000u);
    place_picture(s, pic, area);
    SDL_FreeSurface(pic);

    if (band_h) {
        struct box band = {0, d->h - band_h, d->w, band_h};
        fill(s, band, c->caption_bg);
        int y = band.y + (band_h - text_h) / 2;
        text_draw(d->fc, s, &lt, (struct box){mx, y, inner.w, lt.h});
        if (ls.nlines)
            text_draw(d->fc, s, &ls,
                      (struct box){mx, y + (lt.nlines ? lt.h + d->gap / 2 : 0), inner.w, ls.h});
        if (url) {
            struct box qb = {d->w - mx - qr_px, band.y + d->gap, qr_px,
                             qr_px + d->gap / 3 + cap_h};
            SDL_Surface *q = qr_render(url, qr_px, c->qr_fg, c->qr_bg);
            if (q) {
                blit(s, q, qb.x + (qr_px - q->w) / 2, qb.y, qb);
                struct text_style cs = style(d, FONT_LABEL, d->caption, c->caption_text, 1);
                cs.align = ALIGN_CENTER;
                text_box(d->fc, s, loc_string(LOC_SCAN_ME, l), &cs,
                         (struct box){qb.x - mx / 2, qb.y + q->h + d->gap / 3, qr_px + mx,
                                      cap_h});
                SDL_FreeSurface(q);
            }
        }
    }
    text_layout_free(&lt);
    text_layout_free(&ls);
    pool_free(&p);
    *out = s;
    return true;
}

SDL_Surface *drawer_slide(drawer_t *d, const feed_t *feed, const struct item *it,
                          const struct slide_ctx *ctx)
{
    if (!it)
        return drawer_fallback(d, feed, ctx);
    return item_slide(d, feed, it, ctx);
}

/* ---- agenda ---- */

SDL_Surface *drawer_agenda(drawer_t *d, const feed_t *feed, const struct item *const *events,
                           size_t n, const struct slide_ctx *ctx)
{
    const struct theme_colors *c = &d->t->c;
    enum lang l = lang_ok(ctx->lang);
    struct pool p = {0};
    char buf[160];
    SDL_Surface *s = new_surface(d->w, d->h);
    struct box screen = {0, 0, d->w, d->h};
    fill(s, screen, c->background);

    /* header band */
    int hh = lay_px(0.15, d->unit);
    struct box head = {0, 0, d->w, hh};
    fill(s, head, c->accent);
    fill(s, (struct box){0, hh, d->w, lay_px(0.008, d->unit)}, c->accent2);
    struct box hin = box_inset4(head, d->margin, 0, d->margin, 0);
    loc_date(ctx->now, l, 0, buf, sizeof(buf));
    capitalize(buf);
    int dw = d->portrait ? 0 : text_width(d->fc, d->t->font_file[FONT_BODY], d->meta, buf);
    if (dw > hin.w / 2)
        dw = 0;
    if (dw) {
        struct box db = box_cut_right(&hin, dw, d->gap);
        struct text_style ds = style(d, FONT_BODY, d->meta, c->accent_text, 1);
        int lh = text_line_height(d->fc, ds.font, d->meta);
        text_box(d->fc, s, buf, &ds, box_center(db, db.w, lh));
    }
    struct text_style hs = style(d, FONT_TITLE, d->title, c->accent_text, 1);
    struct text_layout hl;
    text_fit(d->fc, loc_string(LOC_AGENDA, l), &hs, hin.w, hin.h, &hl);
    text_draw(d->fc, s, &hl, box_center(hin, hin.w, hl.h));
    text_layout_free(&hl);

    /* rows: date on the left, title and venue on the right */
    struct box list = box_inset4(screen, d->margin * (d->portrait ? 1 : 2), hh + d->margin,
                                 d->margin * (d->portrait ? 1 : 2), d->margin);
    int title_h = text_line_height(d->fc, d->t->font_file[FONT_TITLE], d->meta);
    int sub_h = text_line_height(d->fc, d->t->font_file[FONT_BODY], d->body);
    int date_h = text_line_height(d->fc, d->t->font_file[FONT_LABEL], d->body);
    /* landscape: date | title over venue; portrait: date, title, venue stacked */
    int row_h = d->portrait ? date_h + title_h + sub_h + d->gap * 2 : title_h + sub_h + d->gap * 2;
    int date_w = d->portrait ? 0 : list.w * 30 / 100;
    for (size_t i = 0; i < n && list.h >= row_h; i++) {
        const struct item *ev = events[i];
        struct box row = box_cut_top(&list, row_h, 0);
        if (i > 0)
            fill(s, (struct box){row.x, row.y, row.w, lay_px(0.002, d->unit)}, 0x40000000u);
        struct box in = box_inset4(row, 0, d->gap, 0, d->gap);
        char date[128], tm[64] = "", line[200];
        struct civil_fields fs = civil_split(ev->start);
        loc_date(ev->start, l, 0, date, sizeof(date));
        capitalize(date);
        if (!ev->start_date_only)
            loc_time(fs.hour, fs.min, l, tm, sizeof(tm));
        if (d->portrait) {
            snprintf(line, sizeof(line), "%s%s%s", date, tm[0] ? " \xc2\xb7 " : "", tm);
            text_box(d->fc, s, line, &(struct text_style){.font = d->t->font_file[FONT_LABEL],
                     .size = d->body, .min_size = d->min, .color = c->accent, .max_lines = 1},
                     box_cut_top(&in, date_h, 0));
        } else {
            struct box dbox = box_cut_left(&in, date_w, d->gap * 2);
            text_box(d->fc, s, date, &(struct text_style){.font = d->t->font_file[FONT_LABEL],
                     .size = d->meta, .min_size = d->min, .color = c->accent, .max_lines = 1},
                     (struct box){dbox.x, dbox.y, dbox.w, title_h});
            if (tm[0])
                text_box(d->fc, s, tm, &(struct text_style){.font = d->t->font_file[FONT_BODY],
                         .size = d->body, .min_size = d->min, .color = c->muted, .max_lines = 1},
                         (struct box){dbox.x, dbox.y + title_h, dbox.w, sub_h});
        }
        /* title, venue */
        const char *title = item_text(&p, &ev->title, l);
        text_box(d->fc, s, title, &(struct text_style){.font = d->t->font_file[FONT_TITLE],
                 .size = d->meta, .min_size = d->min, .color = c->text, .max_lines = 1},
                 (struct box){in.x, in.y, in.w, title_h});
        const char *venue = item_text(&p, &ev->venue, l);
        if (!venue)
            venue = item_text(&p, &ev->subtitle, l);
        if (venue)
            text_box(d->fc, s, venue, &(struct text_style){.font = d->t->font_file[FONT_BODY],
                     .size = d->body, .min_size = d->min, .color = c->muted, .max_lines = 1},
                     (struct box){in.x, in.y + title_h, in.w, sub_h});
    }
    (void)feed;
    pool_free(&p);
    return s;
}

/* ---- fallback ---- */

static bool same_windows(const struct week_hours *h, int a, int b)
{
    if (h->count[a] != h->count[b])
        return false;
    for (int i = 0; i < h->count[a]; i++)
        if (h->win[a][i].start != h->win[b][i].start || h->win[a][i].end != h->win[b][i].end)
            return false;
    return true;
}

static void windows_text(const struct week_hours *h, int day, enum lang l, char *buf,
                         size_t size)
{
    size_t n = 0;
    buf[0] = 0;
    if (h->count[day] == 0) {
        const char *closed = loc_string(LOC_CLOSED, l);
        snprintf(buf, size, "%s", closed);
        if (l != LANG_EN) /* "fermé", lower case after the colon */
            buf[0] = (char)tolower((unsigned char)buf[0]);
        return;
    }
    for (int i = 0; i < h->count[day] && n < size; i++) {
        char a[32], b[32];
        int s = h->win[day][i].start, e = h->win[day][i].end;
        loc_time(s / 60, s % 60, l, a, sizeof(a));
        loc_time((e / 60) % 24, e % 60, l, b, sizeof(b));
        n += (size_t)snprintf(buf + n, size - n, "%s%s \xe2\x80\x93 %s", i ? ", " : "", a, b);
    }
}

/* "Lundi – vendredi : 9 h – 12 h 30, 14 h – 18 h", one line per group of days. */
static int hours_lines(const struct week_hours *h, enum lang l, char lines[][192], int max)
{
    int n = 0;
    for (int d0 = 0; d0 < 7 && n < max;) {
        int d1 = d0;
        while (d1 + 1 < 7 && same_windows(h, d0, d1 + 1))
            d1++;
        char days[96], win[128];
        if (d1 == d0)
            snprintf(days, sizeof(days), "%s", day_words[d0][l]);
        else
            snprintf(days, sizeof(days), "%s%s%s", day_words[d0][l],
                     d1 == d0 + 1 ? (l == LANG_FR ? " et " : l == LANG_EN ? " and " : l == LANG_ES
                                                                               ? " y "
                                                                               : " eta ")
                                  : " \xe2\x80\x93 ",
                     day_words[d1][l]);
        windows_text(h, d0, l, win, sizeof(win));
        snprintf(lines[n], 192, "%.90s%s %.90s", days, l == LANG_FR ? NBSP ":" : ":", win);
        capitalize(lines[n]);
        n++;
        d0 = d1 + 1;
    }
    if (h->holiday_set && n < max) {
        char win[128];
        windows_text(h, 7, l, win, sizeof(win));
        snprintf(lines[n], 192, "%s%s %.90s", holiday_words[l], l == LANG_FR ? NBSP ":" : ":",
                 win);
        capitalize(lines[n]);
        n++;
    }
    return n;
}

SDL_Surface *drawer_fallback(drawer_t *d, const feed_t *feed, const struct slide_ctx *ctx)
{
    const struct theme_colors *c = &d->t->c;
    enum lang l = lang_ok(ctx ? ctx->lang : LANG_FR);
    const struct feed_settings *set = feed ? feed_settings(feed) : NULL;
    struct pool p = {0};
    SDL_Surface *s = new_surface(d->w, d->h);
    struct box screen = {0, 0, d->w, d->h};
    fill(s, screen, c->background);
    int band = lay_px(0.02, d->unit);
    fill(s, (struct box){0, d->h - band, d->w, band}, c->accent);
    fill(s, (struct box){0, d->h - band - band / 2, d->w, band / 2}, c->accent2);

    int mx = d->portrait ? d->margin : d->margin * 2;
    struct box col = box_inset4(screen, mx, d->margin, mx, d->margin + band);
    /* the logo: the feed's, else the theme's */
    int logo_h = lay_px(d->portrait ? 0.3 : 0.24, d->unit);
    SDL_Surface *logo = NULL;
    if (set && set->logo)
        logo = load_picture(d, feed, set->logo, col.w, logo_h, FIT_CONTAIN);
    if (!logo && d->t->logo)
        logo = load_picture(d, NULL, d->t->logo, col.w, logo_h, FIT_CONTAIN);

    /* measure the whole block to centre it vertically */
    const char *office = set ? item_text(&p, &set->office, l) : NULL;
    if (!office)
        office = "Office de Tourisme";
    char lines[9][192];
    int nl = set && set->has_hours ? hours_lines(&set->hours, l, lines, 9) : 0;
    struct text_style os = style(d, FONT_TITLE, d->title, c->text, 3);
    os.align = ALIGN_CENTER;
    struct text_layout lo;
    text_fit(d->fc, office, &os, col.w, col.h / 3, &lo);
    int head_h = nl ? text_line_height(d->fc, d->t->font_file[FONT_LABEL], d->meta) : 0;
    int line_h = text_line_height(d->fc, d->t->font_file[FONT_BODY], d->meta);
    int hours_h = nl ? head_h + d->gap + nl * (line_h + d->gap / 3) : 0;
    int total = (logo ? logo->h + d->gap * 2 : 0) + lo.h + (nl ? d->gap * 3 + hours_h : 0);
    int y = col.y + (col.h > total ? (col.h - total) / 2 : 0);
    if (logo) {
        struct box lb = {col.x + (col.w - logo->w) / 2, y, logo->w, logo->h};
        blit(s, logo, lb.x, lb.y, lb);
        y += logo->h + d->gap * 2;
        SDL_FreeSurface(logo);
    }
    struct box ob = {col.x, y, col.w, lo.h};
    text_draw(d->fc, s, &lo, ob);
    y += lo.h;
    text_layout_free(&lo);
    if (nl) {
        y += d->gap * 3 / 2;
        int rule = lay_px(0.1, d->unit);
        fill(s, (struct box){col.x + (col.w - rule) / 2, y, rule, lay_px(0.006, d->unit)},
             c->accent);
        y += d->gap * 3 / 2;
        struct text_style hs = style(d, FONT_LABEL, d->meta, c->accent, 1);
        hs.align = ALIGN_CENTER;
        int bottom = col.y + col.h;
        if (y + head_h <= bottom)
            text_box(d->fc, s, loc_string(LOC_OPENING_HOURS, l), &hs,
                     (struct box){col.x, y, col.w, head_h});
        y += head_h + d->gap;
        struct text_style ls = style(d, FONT_BODY, d->meta, c->text, 1);
        ls.align = ALIGN_CENTER;
        for (int i = 0; i < nl && y + line_h <= bottom; i++) {
            text_box(d->fc, s, lines[i], &ls, (struct box){col.x, y, col.w, line_h});
            y += line_h + d->gap / 3;
        }
    }
    pool_free(&p);
    return s;
}
