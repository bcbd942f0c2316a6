/* slide_item — one layout per kind of item, painted on a CPU surface. A
 * slide with a picture is a photo area (cover or contain) beside or above a
 * text panel; a slide without one (or whose picture is missing) is the
 * text-only variant. The panel's content flows from the top: badges, title,
 * kind-specific lines, body; a footer row holds the address, prices or
 * seats on the left and the QR code on the right. A poster is its picture
 * whole, with a caption band. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw/layout.h"
#include "draw/paint.h"
#include "draw/qr.h"
#include "draw/slide_priv.h"
#include "model/locale.h"
#include "model/util.h"

/* How much larger the type of a text-only slide may grow to fill the
 * screen, tried in this many steps. */
#define TEXT_ONLY_GROWTH 1.6
#define TEXT_ONLY_STEPS  6

/* Text in the accent colours, light on a photo-first slide's gradient. */
#define INK(color) (d->bleed ? d->t->c.caption_text : (color))

/* The status band's height, a fraction of the screen's unit. */
#define STATUS_BAND 0.13

/* ---- words the player adds: the locale's ---- */

static const enum loc_key badge_words[KIND_COUNT] = {
    [KIND_PROVIDER] = LOC_BADGE_PROVIDER,
    [KIND_EVENT] = LOC_BADGE_EVENT,
    [KIND_TICKET] = LOC_BADGE_TICKET,
    [KIND_PLACE] = LOC_BADGE_PLACE,
    [KIND_NOTICE] = LOC_BADGE_NOTICE,
    [KIND_POSTER] = LOC_COUNT,
    [KIND_TICKER] = LOC_COUNT,
};

/* The second-language text, only when it exists and differs from the first. */
static const char *item_text2(struct pool *p, const tr_text *t, enum lang l, enum lang l2)
{
    if ((unsigned)l2 >= LANG_COUNT || l2 == l || !t->s[l2] || !*t->s[l2])
        return NULL;
    if (tr_get(t, slide_lang(l)) == t->s[l2])
        return NULL;
    return slide_text(p, t, l2);
}

/* Text flowing down a column: each piece takes the height it needs. */
struct flow {
    drawer_t *d;
    SDL_Surface *s;
    struct box rest;
    bool draw; /* false: measure only */
    bool cut;  /* some text did not fit whole */
};

/* Fits text in the column (at most max_h high), draws it (struck through
 * with strike), moves down by its height plus gap. Returns the height used. */
static int flow_text_x(struct flow *f, const char *text, struct text_style st, int max_h, int gap,
                       bool strike)
{
    if (!text || !*text || f->rest.h <= 0)
        return 0;
    int h = max_h > 0 && max_h < f->rest.h ? max_h : f->rest.h;
    struct text_layout l;
    text_fit(f->d->fc, text, &st, f->rest.w, h, &l);
    f->cut |= l.truncated || l.shortened || l.shrunk || l.nlines == 0;
    if (l.nlines == 0) {
        text_layout_free(&l);
        return 0;
    }
    struct box b = box_cut_top(&f->rest, l.h, gap);
    if (f->draw) {
        text_draw(f->d->fc, f->s, &l, b);
        if (strike)
            slide_strike(f->d, f->s, &l, b);
    }
    text_layout_free(&l);
    return b.h;
}

static int flow_text(struct flow *f, const char *text, struct text_style st, int max_h, int gap)
{
    return flow_text_x(f, text, st, max_h, gap, false);
}

/* A pill: text on a rounded background. Returns its width (0 if not drawn). */
static int pill(drawer_t *d, SDL_Surface *s, const char *text, int x, int y, int max_w,
                uint32_t bg, uint32_t fg)
{
    if (!text || !*text)
        return 0;
    int padx = d->label * 6 / 10, pady = d->label / 4;
    int h = text_line_height(d->fc, d->t->font_file[FONT_LABEL], d->label) + 2 * pady;
    struct text_style st = slide_style(d, FONT_LABEL, d->label, fg, 1);
    st.min_size = d->label * 3 / 4;
    struct text_layout l;
    text_fit(d->fc, text, &st, max_w - 2 * padx, h - 2 * pady, &l);
    if (l.nlines == 0) {
        text_layout_free(&l);
        return 0;
    }
    struct box b = {x, y, l.w + 2 * padx, h};
    paint_round(s, b, h / 2, bg);
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

/* ---- pieces of the item layouts ---- */

/* The tricolour stripe along the edge between photo and panel. */
static void stripe(drawer_t *d, SDL_Surface *s, struct box panel, bool vertical_edge)
{
    if (!d->t->stripe)
        return;
    int th = lay_px(0.012, d->unit);
    if (vertical_edge) {
        struct box b = {panel.x, panel.y, th, panel.h};
        paint_fill(s, b, d->t->c.accent);
        paint_fill(s, (struct box){panel.x + th, panel.y, th / 2, panel.h}, d->t->c.accent2);
    } else {
        struct box b = {panel.x, panel.y, panel.w, th};
        paint_fill(s, b, d->t->c.accent);
        paint_fill(s, (struct box){panel.x, panel.y + th, panel.w, th / 2}, d->t->c.accent2);
    }
}

/* The event's date line as seen at now (loc_event_date says how: "Jusqu'au
 * 28 avril 2025", "Samedi 3 et dimanche 4 octobre", the year when far). A
 * postponed event's date is the one it had: "Initialement prévu le …". */
static char *event_when(const struct item *ev, civil_t now, enum lang l)
{
    char a[192];
    if (ev->start == CIVIL_NONE)
        return NULL;
    struct loc_span span = {ev->start, ev->end, ev->start_date_only, ev->end_date_only,
                            ev->sched.days};
    loc_event_date(&span, now, l, a, sizeof a);
    char *when =
        ev->status == EVENT_POSTPONED ? xasprintf(loc_string(LOC_ORIGINALLY, l), a) : xstrdup(a);
    char *glued = loc_glue(when);
    free(when);
    return slide_capitalize(glued);
}

/* The badge row: the kind, then the relative date or the opening status. An
 * item with a status (its band says it) keeps only a relative date that is
 * still true: a sold-out concert is still "Demain", a cancelled one is not. */
static void badges(drawer_t *d, struct flow *f, const struct item *it, const struct slide_ctx *ctx,
                   enum loc_key status)
{
    const struct theme_colors *c = &d->t->c;
    enum lang l = slide_lang(ctx->lang);
    int h = pill_height(d);
    if (f->rest.h < h)
        return;
    struct box row = box_cut_top(&f->rest, h, d->gap);
    if (!f->draw)
        return;
    int x = row.x;
    enum loc_key badge = (unsigned)it->kind < KIND_COUNT ? badge_words[it->kind] : LOC_COUNT;
    int used = badge == LOC_COUNT ? 0
                                  : pill(d, f->s, loc_string(badge, l), x, row.y, row.w, c->accent,
                                         c->accent_text);
    if (used)
        x += used + d->label / 2;
    const char *second = ctx->when_label && *ctx->when_label ? ctx->when_label : NULL;
    uint32_t bg = c->accent2, fg = c->accent2_text;
    if (status != LOC_COUNT && status != LOC_SOLD_OUT)
        second = NULL;
    else if (!second && ctx->status_label && *ctx->status_label) {
        second = ctx->status_label;
        if (str_starts(second, loc_string(LOC_CLOSED, l)))
            bg = c->muted;
    }
    if (second && row.x + row.w - x > d->label * 3)
        pill(d, f->s, second, x, row.y, row.x + row.w - x, bg, fg);
}

/* Left of the footer: what the visitor needs at the desk or on the way. */
static void footer_lines(drawer_t *d, SDL_Surface *s, struct box b, const struct item *it,
                         const struct slide_ctx *ctx, enum loc_key status, struct pool *p)
{
    const struct theme_colors *c = &d->t->c;
    enum lang l = slide_lang(ctx->lang);
    struct flow f = {d, s, b, true, false};
    char buf[160];
    switch (it->kind) {
    case KIND_PROVIDER:
    case KIND_PLACE:
        if (it->address)
            flow_text(
                &f,
                slide_pool_add(p, l == LANG_FR ? loc_typo_fr(it->address) : xstrdup(it->address)),
                slide_style(d, FONT_BODY, d->meta, c->text, 2), 0, d->gap / 2);
        if (it->phone)
            flow_text(&f, it->phone, slide_style(d, FONT_LABEL, d->meta, c->muted, 1), 0,
                      d->gap / 2);
        break;
    case KIND_TICKET:
    case KIND_EVENT: {
        /* Nothing to pay for: a cancelled event shows no price. */
        bool no_prices = status == LOC_CANCELLED;
        if (it->kind == KIND_EVENT && no_prices)
            break;
        const char *body_font = d->t->font_file[FONT_BODY];
        const char *label_font = d->t->font_file[FONT_LABEL];
        int row_h = text_line_height(d->fc, label_font, d->meta);
        int pills_h =
            it->kind == KIND_TICKET && status == LOC_COUNT ? pill_height(d) + d->gap / 3 : 0;
        /* A label missing in the slide's language: one summary line rather
         * than a French label on a Basque slide. */
        bool own_labels = true;
        int lo = -1, hi = -1;
        for (int i = 0; i < it->nprices; i++) {
            if (!tr_empty(&it->prices[i].label) && !slide_own_text(p, &it->prices[i].label, l))
                own_labels = false;
            int cents = it->prices[i].cents;
            lo = lo < 0 || cents < lo ? cents : lo;
            hi = cents > hi ? cents : hi;
        }
        if (!no_prices && it->nprices && !own_labels) {
            loc_price_range(lo, hi, l, buf, sizeof buf);
            flow_text(&f, buf, slide_style(d, FONT_LABEL, d->meta, INK(c->accent), 1), 0,
                      d->gap / 3);
            no_prices = true; /* said */
        }
        /* labels in one column, prices aligned in the next */
        int lab_w = 0;
        for (int i = 0; i < it->nprices; i++) {
            const char *lab = slide_text(p, &it->prices[i].label, l);
            int w = lab ? text_width(d->fc, body_font, d->meta, lab) : 0;
            if (w > lab_w)
                lab_w = w;
        }
        if (lab_w > b.w * 6 / 10)
            lab_w = b.w * 6 / 10;
        int shown = 0;
        for (int i = 0; !no_prices && i < it->nprices && f.rest.h >= row_h + pills_h; i++) {
            const char *lab = slide_text(p, &it->prices[i].label, l);
            loc_price(it->prices[i].cents, l, buf, sizeof(buf));
            struct box row = box_cut_top(&f.rest, row_h, d->gap / 3);
            if (lab_w) {
                struct box lb = box_cut_left(&row, lab_w, d->meta * 2 / 3);
                struct text_style ls = slide_style(d, FONT_BODY, d->meta, c->text, 1);
                text_box(d->fc, s, lab, &ls, lb);
            }
            text_box(d->fc, s, buf,
                     &(struct text_style){.font = label_font,
                                          .size = d->meta,
                                          .min_size = d->min,
                                          .color = INK(c->accent),
                                          .max_lines = 1},
                     row);
            shown++;
        }
        if (!no_prices && it->nprices == 0 && it->free == 1 && status != LOC_CANCELLED)
            flow_text(&f, loc_string(it->kind == KIND_EVENT ? LOC_FREE_ENTRY : LOC_FREE, l),
                      slide_style(d, FONT_LABEL, d->meta, INK(c->accent2), 1), 0, d->gap / 2);
        if (it->kind == KIND_TICKET && f.rest.h >= pill_height(d)) {
            if (shown)
                box_cut_top(&f.rest, d->gap / 3, 0);
            if (status != LOC_COUNT) {
                /* the band says it */
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

/* The QR code with its caption centred under it, at the bottom right of b:
 * the code's modules are the theme's QR size, the quiet zone a white card
 * around them, the caption wraps to two lines rather than shrink or spill
 * (it may be as wide as the card, never wider). With s NULL, only measures.
 * Returns the size used (0 x 0 when it does not fit in b). */
static struct box qr_block(drawer_t *d, SDL_Surface *s, struct box b, const char *url, enum lang l,
                           uint32_t cap_color)
{
    const struct theme_colors *c = &d->t->c;
    int size = qr_size_for(url, d->qr);
    struct box none = {0, 0, 0, 0};
    if (size <= 0)
        return none;
    struct text_style st = slide_style(d, FONT_LABEL, d->caption, cap_color, 2);
    st.align = ALIGN_CENTER;
    st.min_size = d->caption;
    struct text_layout cl;
    /* as wide as the code, or as its longest word ("información") */
    const char *caption = loc_string(LOC_SCAN_ME, l);
    int cap_w = size;
    for (const char *w = caption; *w;) {
        size_t n = strcspn(w, " ");
        char word[64];
        snprintf(word, sizeof word, "%.*s", (int)n, w);
        int ww = text_width(d->fc, st.font, d->caption, word) + d->caption / 2;
        if (ww > cap_w)
            cap_w = ww;
        w += n + (w[n] == ' ');
    }
    text_fit(d->fc, caption, &st, cap_w, 3 * d->caption, &cl);
    int total = size + d->gap / 3 + cl.h;
    int wide = cap_w > size ? cap_w : size;
    if (total > b.h || wide > b.w) {
        text_layout_free(&cl);
        return none;
    }
    struct box used = {b.x + b.w - wide, b.y + b.h - total, wide, total};
    if (s) {
        SDL_Surface *q = qr_render(url, size, c->qr_fg, c->qr_bg);
        if (q) {
            struct box card = {used.x + (wide - q->w) / 2, used.y, q->w, q->h};
            paint_round(s, card, d->qr / 20, c->qr_bg);
            paint_blit(s, q, card.x, card.y, card);
            SDL_FreeSurface(q);
        }
        text_draw(
            d->fc, s, &cl,
            (struct box){used.x + (wide - cap_w) / 2, used.y + size + d->gap / 3, cap_w, cl.h});
    }
    text_layout_free(&cl);
    return used;
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
/* Room the body may take beside the QR code, below the column: extra_h
 * more pixels down, in a column narrower by cut_w. */
struct body_room {
    int extra_h, cut_w;
};

static int panel_content(drawer_t *d, SDL_Surface *s, struct box col, bool draw, bool text_only,
                         const feed_t *feed, const struct item *it, const struct slide_ctx *ctx,
                         enum loc_key status, struct body_room room, bool *cut)
{
    const struct theme_colors *c = &d->t->c;
    enum lang l = slide_lang(ctx->lang);
    enum item_kind kind = it->kind;
    struct pool p = {0};
    struct flow f = {d, s, col, draw, false};
    badges(d, &f, it, ctx, status);

    /* kind-specific lines above the title */
    const struct item *ev = ticket_event(feed, it);
    if (kind == KIND_EVENT || (kind == KIND_TICKET && (ev || it->start != CIVIL_NONE))) {
        const struct item *src = kind == KIND_EVENT || !ev ? it : ev;
        char *when = event_when(src, ctx->now, l);
        flow_text_x(&f, slide_pool_add(&p, when),
                    slide_style(d, FONT_LABEL, d->meta, INK(c->accent), 2), 0, d->gap / 2,
                    status == LOC_CANCELLED);
    }
    if ((kind == KIND_PROVIDER || kind == KIND_PLACE) && !tr_empty(&it->category))
        flow_text(&f, slide_own_text(&p, &it->category, l),
                  slide_style(d, FONT_LABEL, d->meta, INK(c->accent), 1), 0, d->gap / 2);

    /* title, second language, subtitle */
    /* the display face of a photo-first slide is set larger */
    int title_px = text_only ? d->title * 6 / 5 : d->bleed ? d->title * 13 / 10 : d->title;
    int title_max = f.rest.h * (d->portrait ? 45 : 50) / 100;
    struct text_style ts = slide_style(d, FONT_TITLE, title_px, c->text, d->portrait ? 4 : 3);
    ts.min_size = d->meta > d->subtitle ? d->meta : d->subtitle; /* never below its neighbours */
    ts.balance = true;
    flow_text(&f, slide_text(&p, &it->title, l), ts, title_max, d->gap / 2);
    const char *title2 = item_text2(&p, &it->title, l, ctx->lang2);
    if (title2)
        flow_text(&f, title2, slide_style(d, FONT_TITLE, d->subtitle, c->muted, 2), 0, d->gap / 2);
    flow_text(&f, slide_own_text(&p, &it->subtitle, l),
              slide_style(d, FONT_BODY, d->subtitle, c->muted, 2), 0, d->gap / 2);

    /* venue, under the title */
    const struct item *vsrc = kind == KIND_EVENT ? it : ev;
    if (vsrc && !tr_empty(&vsrc->venue))
        flow_text(&f, slide_text(&p, &vsrc->venue, l),
                  slide_style(d, FONT_LABEL, d->meta, c->text, 2), 0, d->gap / 2);

    /* body, and its second language, with the room that is left */
    const char *body = slide_own_text(&p, &it->body, l);
    const char *body2 = item_text2(&p, &it->body, l, ctx->lang2);
    if (body && f.rest.h > d->gap)
        box_cut_top(&f.rest, d->gap / 2, 0);
    if (body && room.extra_h > 0 && room.cut_w < f.rest.w / 2) {
        /* only when the body needs it: a short one keeps the full width */
        struct text_layout probe;
        struct text_style ps =
            slide_style(d, FONT_BODY, text_only ? d->body * 11 / 10 : d->body, c->text, 0);
        ps.min_size = ps.size;
        text_fit(d->fc, body, &ps, f.rest.w, body2 ? f.rest.h * 55 / 100 : f.rest.h, &probe);
        if (probe.truncated || body2) {
            f.rest.h += room.extra_h;
            f.rest.w -= room.cut_w;
        }
        text_layout_free(&probe);
    }
    /* One size for body text on every slide of a layout: cut at a sentence
     * end, never shrunk. */
    int body_px = text_only ? d->body * 11 / 10 : d->body;
    struct text_style bs = slide_style(d, FONT_BODY, body_px, c->text, 0);
    bs.min_size = body_px;
    bs.sentences = true;
    if (body2 && body) {
        int h1 = f.rest.h * 55 / 100;
        flow_text(&f, body, bs, h1, d->gap);
        int px2 = body_px * 9 / 10 > d->min ? body_px * 9 / 10 : d->min;
        struct text_style bs2 = slide_style(d, FONT_BODY, px2, c->muted, 0);
        bs2.min_size = px2;
        bs2.sentences = true;
        flow_text(&f, body2, bs2, 0, 0);
    } else {
        flow_text(&f, body, bs, 0, 0);
    }
    slide_pool_free(&p);
    if (cut)
        *cut = f.cut;
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
        d->mark = slide_picture(d, NULL, d->t->logo, size, size, FIT_CONTAIN);
        d->mark_failed = !d->mark;
    }
    if (!d->mark)
        return;
    SDL_SetSurfaceAlphaMod(d->mark, 16);
    paint_blit(s, d->mark, area.x + area.w - d->mark->w * 3 / 4, area.y - d->mark->h / 4, area);
    SDL_SetSurfaceAlphaMod(d->mark, 255);
}

/* A dark gradient up the lower part of the photo, under the text of a
 * photo-first slide: clear at the top of g, PHOTO_SHADE opaque from its
 * middle down. */
#define PHOTO_SHADE 0.82
static void gradient(SDL_Surface *s, struct box g, bool from_left)
{
    int n = from_left ? g.w : g.h;
    for (int i = 0; i < n; i++) {
        /* from the clear edge: from the right on a landscape slide */
        int k = from_left ? n - 1 - i : i;
        double f = (double)k / (n / 2 > 0 ? n / 2 : 1);
        if (f > 1)
            f = 1;
        f = f * f * (3 - 2 * f); /* smoothstep */
        uint32_t color = (uint32_t)(255 * PHOTO_SHADE * f) << 24 | 0x0a0908u;
        paint_fill(
            s, from_left ? (struct box){g.x + i, g.y, 1, g.h} : (struct box){g.x, g.y + i, g.w, 1},
            color);
    }
}

static SDL_Surface *item_layout(drawer_t *d, const feed_t *feed, const struct item *it,
                                const struct slide_ctx *ctx);

/* The photo-first layout (a theme's photo_first): the photo full bleed,
 * the text in light colours on a gradient over its lower part, the title in
 * the theme's display face. Without a usable photo, the usual layout. */
static SDL_Surface *item_slide(drawer_t *d, const feed_t *feed, const struct item *it,
                               const struct slide_ctx *ctx)
{
    const char *image = slide_image(d, it);
    if (!d->t->photo_first || it->kind == KIND_POSTER || !image || !*image)
        return item_layout(d, feed, it, ctx);
    int band = slide_status(feed, it, ctx) != LOC_COUNT ? lay_px(STATUS_BAND, d->unit) : 0;
    SDL_Surface *pic = slide_photo(d, feed, it, d->w, d->h - band, FIT_COVER);
    if (!pic)
        return item_layout(d, feed, it, ctx);
    theme_t shade = *d->t;
    shade.c.text = shade.c.caption_text;
    shade.c.muted = 0xffe8e4dfu;
    shade.font_file[FONT_TITLE] = shade.font_file[FONT_DISPLAY];
    shade.stripe = false;
    const theme_t *saved = d->t;
    d->t = &shade;
    d->bleed = pic;
    SDL_Surface *s = item_layout(d, feed, it, ctx);
    d->t = saved;
    d->bleed = NULL;
    SDL_FreeSurface(pic);
    return s;
}

static SDL_Surface *item_layout(drawer_t *d, const feed_t *feed, const struct item *it,
                                const struct slide_ctx *ctx)
{
    const theme_t *t = d->t;
    const struct theme_colors *c = &t->c;
    enum lang l = slide_lang(ctx->lang);
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
    /* A status takes a full-width band across the top of the screen. */
    enum loc_key status = slide_status(feed, it, ctx);
    struct box area = screen, band = {0, 0, 0, 0};
    if (status != LOC_COUNT)
        band = box_cut_top(&area, lay_px(STATUS_BAND, d->unit), 0);
    const char *image = slide_image(d, it);
    if (d->bleed) {
        /* photo first: the photo is the whole area, the text its lower part
         * (portrait) or its left part (landscape) */
        photo = area;
        panel = area;
        if (d->portrait)
            box_cut_top(&panel, area.h * 42 / 100, 0);
        else
            box_cut_right(&panel, area.w * 42 / 100, 0);
    }
    /* A place's film plays in the photo box, left black here (ctx->film). */
    bool film = ctx->film && it->video && *it->video && kind == KIND_PLACE && !d->bleed;
    if (!d->bleed && ((image && *image) || film) && kind != KIND_POSTER) {
        lay_split(area, &d->v->split, true, &photo, &panel);
        pic = film ? paint_surface(photo.w, photo.h)
                   : slide_photo(d, feed, it, photo.w, photo.h, t->fit[kind]);
        if (film && pic)
            paint_fill(pic, (struct box){0, 0, photo.w, photo.h}, 0xff000000u);
    }
    if (!d->bleed)
        lay_split(area, &d->v->split, pic != NULL, &photo, &panel);
    if (film && pic)
        *ctx->film = (SDL_Rect){photo.x, photo.y, photo.w, photo.h};

    s = paint_surface(d->w, d->h);
    if (!s) { /* no memory for the frame: the player skips this slide */
        SDL_FreeSurface(pic);
        slide_pool_free(&p);
        return NULL;
    }
    paint_fill(s, screen, pic ? c->panel : c->background);
    bool vertical_edge = d->v->split.side == SIDE_LEFT || d->v->split.side == SIDE_RIGHT;
    bool shown_photo = d->bleed != NULL;
    if (d->bleed) {
        paint_center(s, d->bleed, photo);
        struct box g = panel; /* the gradient starts beyond the text */
        if (d->portrait) {
            g.y -= panel.h / 3;
            g.h += panel.h / 3;
        } else {
            g.w += panel.w / 3;
        }
        gradient(s, box_intersect(g, area), !d->portrait);
    } else if (pic) {
        paint_fill(s, photo, c->backdrop);
        if (t->fit[kind] == FIT_CONTAIN)
            paint_backdrop(s, pic, photo, c->backdrop);
        paint_center(s, pic, photo);
        if (ctx->motion && !film && t->fit[kind] == FIT_COVER && pic->w == photo.w &&
            pic->h == photo.h) {
            /* the same crop, larger: zoomed in, it stays as sharp */
            struct slide_motion *m = ctx->motion;
            m->photo = slide_photo(d, feed, it, (int)lround(photo.w * SLIDE_MOTION_ZOOM),
                                   (int)lround(photo.h * SLIDE_MOTION_ZOOM), FIT_COVER);
            if (m->photo) {
                m->box = (SDL_Rect){photo.x, photo.y, photo.w, photo.h};
                item_focus(it, &m->fx, &m->fy);
            }
        }
        SDL_FreeSurface(pic);
        pic = NULL;
        shown_photo = true;
        stripe(d, s, panel, vertical_edge);
    } else {
        watermark(d, s, area);
        stripe(d, s,
               (struct box){0, area.y, d->portrait ? d->w : lay_px(0.02, d->unit),
                            d->portrait ? lay_px(0.02, d->unit) : area.h},
               !d->portrait);
    }
    if (status != LOC_COUNT)
        slide_status_band(d, s, band, status, l);

    /* The text column: generous margins; wider ones on text-only slides. */
    int mx = d->margin, my = d->margin;
    if (!shown_photo && !d->portrait)
        mx = d->margin * 2;
    struct box col = box_inset4(panel, mx, my, mx, my);
    if (shown_photo && !d->bleed && vertical_edge && d->v->split.side == SIDE_LEFT)
        col = box_inset4(panel, mx + lay_px(0.018, d->unit), my, mx, my);
    if (!shown_photo && d->portrait)
        col = box_inset4(panel, mx, my + lay_px(0.03, d->unit), mx, my);

    /* Footer: QR on the right, practical lines on the left. A cancelled event
     * and its tickets drop their QR code (a booking link) and their prices. */
    bool cancelled = status == LOC_CANCELLED;
    bool cancelled_ticket = kind == KIND_TICKET && cancelled;
    const char *url = it->url && *it->url && !cancelled ? it->url : NULL;
    bool lines = has_footer_lines(it) && !(kind == KIND_EVENT && status == LOC_CANCELLED);
    int qr_total = url ? qr_block(d, NULL, (struct box){0, 0, d->w, d->h}, url, l, c->muted).h : 0;
    int lines_h = 0;
    int row = text_line_height(d->fc, t->font_file[FONT_LABEL], d->meta);
    if (lines) {
        int np = cancelled_ticket ? 0 : it->nprices < 4 ? it->nprices : 4;
        if (kind == KIND_TICKET)
            lines_h = np * (row + d->gap / 3) + (status == LOC_COUNT ? pill_height(d) : 0);
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
    /* The body may go on beside the QR code, down to the footer's lines. */
    struct body_room room = {0, 0};
    if (url && foot.h > 0 && qr_total > lines_h) {
        int qr_w = qr_block(d, NULL, (struct box){0, 0, d->w, d->h}, url, l, c->muted).w;
        int free_h = foot.h - (lines ? lines_h + d->gap : 0);
        if (free_h > 0)
            room = (struct body_room){free_h + d->gap, qr_w + d->gap * 2};
    }

    /* Text-only slides centre their content in the room above the footer. */
    /* Text-only slides fill the screen: the type grows (by steps, up to
     * TEXT_ONLY_GROWTH) while everything still fits whole, and the block is
     * centred in the room above the footer. */
    int saved[4] = {d->title, d->subtitle, d->body, d->meta};
    if (!shown_photo) {
        int used = 0;
        for (int step = TEXT_ONLY_STEPS; step >= 0; step--) {
            double k = 1.0 + (TEXT_ONLY_GROWTH - 1.0) * step / TEXT_ONLY_STEPS;
            d->title = (int)(saved[0] * k);
            d->subtitle = (int)(saved[1] * k);
            d->body = (int)(saved[2] * k);
            d->meta = (int)(saved[3] * k);
            bool cut = false;
            used = panel_content(d, s, col, false, true, feed, it, ctx, status, room, &cut);
            if (step == 0 || (!cut && used <= col.h))
                break;
        }
        int slack = col.h - used;
        if (slack > 0)
            box_cut_top(&col, slack * 2 / 5, 0);
    }
    panel_content(d, s, col, true, !shown_photo, feed, it, ctx, status, room, NULL);
    d->title = saved[0];
    d->subtitle = saved[1];
    d->body = saved[2];
    d->meta = saved[3];

    if (foot.h > 0) {
        struct box left = foot;
        if (url) {
            int qw = qr_block(d, s, foot, url, l, c->muted).w;
            if (qw)
                box_cut_right(&left, qw, d->gap * 2);
        }
        if (lines && lines_h < left.h)
            box_cut_top(&left, left.h - lines_h, 0); /* sit on the bottom line */
        if (lines)
            footer_lines(d, s, left, it, ctx, status, &p);
    }
    slide_pool_free(&p);
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
    enum lang l = slide_lang(ctx->lang);
    const char *title = slide_text(&p, &it->title, l);
    const char *sub = slide_own_text(&p, &it->subtitle, l);
    const char *url = it->url && *it->url ? it->url : NULL;

    /* the caption band, measured first */
    int mx = d->margin;
    struct box qr_size =
        url ? qr_block(d, NULL, (struct box){0, 0, d->w, d->h}, url, l, c->caption_text)
            : (struct box){0, 0, 0, 0};
    int qr_px = qr_size.w;
    struct box inner = {mx, 0, d->w - 2 * mx - (qr_px ? qr_px + mx : 0), d->h / 4};
    struct text_style ts = slide_style(d, FONT_TITLE, d->subtitle * 13 / 10, c->caption_text, 2);
    struct text_style ss = slide_style(d, FONT_BODY, d->body, c->caption_text, 2);
    struct text_layout lt = {0}, ls = {0};
    text_fit(d->fc, title, &ts, inner.w, inner.h, &lt);
    text_fit(d->fc, sub, &ss, inner.w, inner.h - lt.h - d->gap / 2, &ls);
    int text_h = lt.h + (ls.nlines ? (lt.nlines ? d->gap / 2 : 0) + ls.h : 0);
    int band_h = text_h ? text_h + 2 * d->gap : 0;
    int qr_box = qr_px ? qr_size.h + 2 * d->gap : 0;
    if (band_h < qr_box)
        band_h = qr_box;
    struct box area = {0, 0, d->w, d->h - band_h};

    /* A film plays in the picture's area, left black here (ctx->film). */
    bool film = ctx->film && it->video && *it->video;
    SDL_Surface *pic =
        film ? NULL : slide_photo(d, feed, it, area.w, area.h, d->t->fit[KIND_POSTER]);
    if (!pic && !film) {
        text_layout_free(&lt);
        text_layout_free(&ls);
        slide_pool_free(&p);
        return false;
    }
    SDL_Surface *s = paint_surface(d->w, d->h);
    if (!s) { /* no memory for the frame: the player skips this slide */
        SDL_FreeSurface(pic);
        text_layout_free(&lt);
        text_layout_free(&ls);
        slide_pool_free(&p);
        *out = NULL;
        return true;
    }
    paint_fill(s, screen, c->backdrop);
    if (film) {
        paint_fill(s, area, 0xff000000u);
        *ctx->film = (SDL_Rect){area.x, area.y, area.w, area.h};
    } else {
        /* A poster made for the other orientation is shown whole over a
         * blurred, darkened fill of itself, whatever the theme's backdrop. */
        bool other = (pic->w > pic->h) == d->portrait && pic->w != pic->h;
        if (d->t->backdrop == BACKDROP_BLUR || other)
            paint_backdrop(s, pic, screen, c->backdrop);
        else if (d->t->backdrop == BACKDROP_DARK)
            paint_fill(s, screen, 0xff000000u);
        paint_center(s, pic, area);
        SDL_FreeSurface(pic);
    }

    if (band_h) {
        struct box band = {0, d->h - band_h, d->w, band_h};
        paint_fill(s, band, c->caption_bg);
        int y = band.y + (band_h - text_h) / 2;
        text_draw(d->fc, s, &lt, (struct box){mx, y, inner.w, lt.h});
        if (ls.nlines)
            text_draw(d->fc, s, &ls,
                      (struct box){mx, y + (lt.nlines ? lt.h + d->gap / 2 : 0), inner.w, ls.h});
        if (qr_px)
            qr_block(d, s, (struct box){d->w - mx - qr_px, band.y + d->gap, qr_px, qr_size.h}, url,
                     l, c->caption_text);
    }
    text_layout_free(&lt);
    text_layout_free(&ls);
    slide_pool_free(&p);
    *out = s;
    return true;
}

SDL_Surface *drawer_slide(drawer_t *d, const feed_t *feed, const struct item *it,
                          const struct slide_ctx *ctx)
{
    if (ctx->motion)
        *ctx->motion = (struct slide_motion){{0, 0, 0, 0}, NULL, 0.5, 0.5};
    if (!it)
        return drawer_fallback(d, feed, ctx);
    SDL_Surface *s = item_slide(d, feed, it, ctx);
    if (!s && ctx->motion) {
        SDL_FreeSurface(ctx->motion->photo);
        *ctx->motion = (struct slide_motion){{0, 0, 0, 0}, NULL, 0.5, 0.5};
    }
    return s;
}
