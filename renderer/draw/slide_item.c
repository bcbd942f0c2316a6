/* slide_item — one layout per kind of item, painted on a CPU surface. A
 * slide with a picture is a photo area (cover or contain) beside or above a
 * text panel; a slide without one (or whose picture is missing) is the
 * text-only variant. The panel's content flows from the top: badges, title,
 * kind-specific lines, body; a footer row holds the address, prices or
 * seats on the left and the QR code on the right. A poster is its picture
 * whole, with a caption band. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw/layout.h"
#include "draw/paint.h"
#include "draw/qr.h"
#include "draw/slide_priv.h"
#include "model/locale.h"
#include "model/util.h"

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

/* The event's date line: "Samedi 12 octobre à 20 h 30", with the end when known:
 * "Samedi 12 octobre de 20 h 30 à 22 h 15" on one day, "start – end day" across days.
 * A postponed event's date is the one it had: "Initialement prévu le …". */
static char *event_when(civil_t start, bool date_only, civil_t end, bool end_date_only,
                        bool postponed, enum lang l)
{
    char a[128], b[128];
    if (start == CIVIL_NONE)
        return NULL;
    const char *dash = " \xe2\x80\x93 "; /* en dash */
    if (date_only)
        loc_date(start, l, 0, a, sizeof(a));
    else
        loc_datetime(start, l, a, sizeof(a));
    char *when = NULL;
    if (end != CIVIL_NONE && end > start) {
        struct civil_fields fs = civil_split(start), fe = civil_split(end);
        bool same_day = fs.year == fe.year && fs.month == fe.month && fs.day == fe.day;
        if (same_day && !end_date_only && !date_only) {
            loc_datetime_range(start, end, l, a, sizeof(a));
        } else if (!same_day) {
            loc_date(end, l, 0, b, sizeof(b));
            when = xasprintf("%s%s%s", a, dash, b);
        }
    }
    if (!when)
        when = xstrdup(a);
    if (postponed) {
        char *was = xasprintf(loc_string(LOC_ORIGINALLY, l), when);
        free(when);
        when = was;
    }
    return slide_capitalize(when);
}

/* The badge row: the kind, then the event's status (status: LOC_CANCELLED or
 * LOC_POSTPONED, LOC_COUNT for none), the relative date or the opening status. */
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
    int used = pill(d, f->s, badge_words[it->kind][l], x, row.y, row.w, c->accent, c->accent_text);
    if (used)
        x += used + d->label / 2;
    const char *second = ctx->when_label && *ctx->when_label ? ctx->when_label : NULL;
    uint32_t bg = c->accent2, fg = c->accent2_text;
    if (status != LOC_COUNT) {
        second = loc_string(status, l);
        bg = c->sold_out;
        fg = c->sold_out_text;
    } else if (!second && ctx->status_label && *ctx->status_label) {
        second = ctx->status_label;
        if (str_starts(second, loc_string(LOC_CLOSED, l)))
            bg = c->muted;
    }
    if (second && row.x + row.w - x > d->label * 3)
        pill(d, f->s, second, x, row.y, row.x + row.w - x, bg, fg);
}

/* Left of the footer: what the visitor needs at the desk or on the way. */
static void footer_lines(drawer_t *d, SDL_Surface *s, struct box b, const struct item *it,
                         const struct slide_ctx *ctx, enum loc_key status, bool band_drawn,
                         struct pool *p)
{
    const struct theme_colors *c = &d->t->c;
    enum lang l = slide_lang(ctx->lang);
    struct flow f = {d, s, b, true};
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
        bool sold_out = it->kind == KIND_TICKET && (ctx->sold_out || it->seats == 0);
        /* Nothing to pay for: a cancelled event's ticket keeps only its pill. */
        bool no_prices = status == LOC_CANCELLED;
        if (it->kind == KIND_EVENT && no_prices)
            break;
        const char *body_font = d->t->font_file[FONT_BODY];
        const char *label_font = d->t->font_file[FONT_LABEL];
        int row_h = text_line_height(d->fc, label_font, d->meta);
        int pills_h = it->kind == KIND_TICKET ? pill_height(d) + d->gap / 3 : 0;
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
                                          .color = c->accent,
                                          .max_lines = 1},
                     row);
            shown++;
        }
        if (!no_prices && it->nprices == 0 && it->free == 1)
            flow_text(&f, loc_string(it->kind == KIND_EVENT ? LOC_FREE_ENTRY : LOC_FREE, l),
                      slide_style(d, FONT_LABEL, d->meta, c->accent2, 1), 0, d->gap / 2);
        if (it->kind == KIND_TICKET && f.rest.h >= pill_height(d)) {
            if (shown)
                box_cut_top(&f.rest, d->gap / 3, 0);
            if (status != LOC_COUNT || sold_out) {
                if (!band_drawn)
                    pill(d, s, loc_string(status != LOC_COUNT ? status : LOC_SOLD_OUT, l),
                         f.rest.x, f.rest.y, f.rest.w, c->sold_out, c->sold_out_text);
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
    paint_round(s, box_inset(card, -pad), pad, c->qr_bg);
    paint_blit(s, q, card.x, card.y, box_inset(card, -pad));
    /* the caption may be wider than the code: centred under it, kept on the panel */
    int cap_w = q->w * 3 / 2;
    struct box cap = {card.x + q->w / 2 - cap_w / 2, card.y + q->h + d->gap / 3, cap_w, cap_h};
    if (cap.x + cap.w > b.x + b.w + d->margin / 2)
        cap.x = b.x + b.w + d->margin / 2 - cap.w;
    struct text_style st = slide_style(d, FONT_LABEL, d->caption, c->muted, 1);
    st.align = ALIGN_CENTER;
    text_box(d->fc, s, loc_string(LOC_SCAN_ME, l), &st, cap);
    int w = q->w + pad;
    SDL_FreeSurface(q);
    return w;
}

/* A band across the lower part of the photo: "Complet", "Annulé", "Reporté". */
static void photo_band(drawer_t *d, SDL_Surface *s, struct box photo, const char *text)
{
    const struct theme_colors *c = &d->t->c;
    int bh = lay_px(0.12, d->unit);
    struct box band = {photo.x, photo.y + photo.h * 2 / 3 - bh / 2, photo.w, bh};
    paint_fill(s, band, c->sold_out);
    struct text_style st = slide_style(d, FONT_TITLE, lay_px(0.07, d->unit), c->sold_out_text, 1);
    st.align = ALIGN_CENTER;
    struct text_layout lt;
    text_fit(d->fc, text, &st, band.w - 2 * d->margin, band.h, &lt);
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

/* What the slide must say of an event that will not take place as announced:
 * LOC_CANCELLED, LOC_POSTPONED, or LOC_COUNT. A ticket says it of its event. */
static enum loc_key event_status_word(const feed_t *feed, const struct item *it)
{
    const struct item *ev = it->kind == KIND_EVENT ? it : ticket_event(feed, it);
    if (!ev)
        return LOC_COUNT;
    return ev->status == EVENT_CANCELLED   ? LOC_CANCELLED
           : ev->status == EVENT_POSTPONED ? LOC_POSTPONED
                                           : LOC_COUNT;
}

/* ---- the slide of an item ---- */

/* The panel's content above the footer: badges, kind lines, title,
 * subtitle, second language, venue, body. With draw false, only measures.
 * Returns the height used. */
static int panel_content(drawer_t *d, SDL_Surface *s, struct box col, bool draw, bool text_only,
                         const feed_t *feed, const struct item *it, const struct slide_ctx *ctx)
{
    const struct theme_colors *c = &d->t->c;
    enum lang l = slide_lang(ctx->lang);
    enum item_kind kind = it->kind;
    struct pool p = {0};
    struct flow f = {d, s, col, draw};
    badges(d, &f, it, ctx, event_status_word(feed, it));

    /* kind-specific lines above the title */
    const struct item *ev = ticket_event(feed, it);
    if (kind == KIND_EVENT || (kind == KIND_TICKET && (ev || it->start != CIVIL_NONE))) {
        const struct item *src = kind == KIND_EVENT || !ev ? it : ev;
        char *when = event_when(src->start, src->start_date_only, src->end, src->end_date_only,
                                src->status == EVENT_POSTPONED, l);
        flow_text(&f, slide_pool_add(&p, when), slide_style(d, FONT_LABEL, d->meta, c->accent, 2),
                  0, d->gap / 2);
    }
    if ((kind == KIND_PROVIDER || kind == KIND_PLACE) && !tr_empty(&it->category))
        flow_text(&f, slide_text(&p, &it->category, l),
                  slide_style(d, FONT_LABEL, d->meta, c->accent, 1), 0, d->gap / 2);

    /* title, second language, subtitle */
    int title_px = text_only ? d->title * 6 / 5 : d->title;
    int title_max = f.rest.h * (d->portrait ? 45 : 50) / 100;
    flow_text(&f, slide_text(&p, &it->title, l), slide_style(d, FONT_TITLE, title_px, c->text, 3),
              title_max, d->gap / 2);
    const char *title2 = item_text2(&p, &it->title, l, ctx->lang2);
    if (title2)
        flow_text(&f, title2, slide_style(d, FONT_TITLE, d->subtitle, c->muted, 2), 0, d->gap / 2);
    flow_text(&f, slide_text(&p, &it->subtitle, l),
              slide_style(d, FONT_BODY, d->subtitle, c->muted, 2), 0, d->gap / 2);

    /* venue, under the title */
    const struct item *vsrc = kind == KIND_EVENT ? it : ev;
    if (vsrc && !tr_empty(&vsrc->venue))
        flow_text(&f, slide_text(&p, &vsrc->venue, l),
                  slide_style(d, FONT_LABEL, d->meta, c->text, 2), 0, d->gap / 2);

    /* body, and its second language, with the room that is left */
    const char *body = slide_text(&p, &it->body, l);
    const char *body2 = item_text2(&p, &it->body, l, ctx->lang2);
    if (body && f.rest.h > d->gap)
        box_cut_top(&f.rest, d->gap / 2, 0);
    int body_px = text_only ? d->body * 11 / 10 : d->body;
    if (body2 && body) {
        int h1 = f.rest.h * 55 / 100;
        flow_text(&f, body, slide_style(d, FONT_BODY, body_px, c->text, 0), h1, d->gap);
        flow_text(&f, body2, slide_style(d, FONT_BODY, body_px * 9 / 10, c->muted, 0), 0, 0);
    } else {
        flow_text(&f, body, slide_style(d, FONT_BODY, body_px, c->text, 0), 0, 0);
    }
    slide_pool_free(&p);
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

static SDL_Surface *item_slide(drawer_t *d, const feed_t *feed, const struct item *it,
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
    if (it->image && *it->image && kind != KIND_POSTER) {
        lay_split(screen, &d->v->split, true, &photo, &panel);
        pic = slide_picture(d, feed, it->image, photo.w, photo.h, t->fit[kind]);
    }
    lay_split(screen, &d->v->split, pic != NULL, &photo, &panel);
    bool sold_out = kind == KIND_TICKET && (ctx->sold_out || it->seats == 0);
    enum loc_key status = event_status_word(feed, it);
    enum loc_key band = status != LOC_COUNT ? status : sold_out ? LOC_SOLD_OUT : LOC_COUNT;

    s = paint_surface(d->w, d->h);
    if (!s) { /* no memory for the frame: the player skips this slide */
        SDL_FreeSurface(pic);
        slide_pool_free(&p);
        return NULL;
    }
    paint_fill(s, screen, pic ? c->panel : c->background);
    bool vertical_edge = d->v->split.side == SIDE_LEFT || d->v->split.side == SIDE_RIGHT;
    if (pic) {
        paint_fill(s, photo, c->backdrop);
        if (t->fit[kind] == FIT_CONTAIN)
            paint_backdrop(s, pic, photo, c->backdrop);
        paint_center(s, pic, photo);
        SDL_FreeSurface(pic);
        if (band != LOC_COUNT)
            photo_band(d, s, photo, loc_string(band, l));
        stripe(d, s, panel, vertical_edge);
    } else {
        watermark(d, s, screen);
        stripe(d, s,
               (struct box){0, 0, d->portrait ? d->w : lay_px(0.02, d->unit),
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

    /* Footer: QR on the right, practical lines on the left. A cancelled event's
     * ticket drops its QR code (a booking link) and its prices. */
    bool cancelled_ticket = kind == KIND_TICKET && status == LOC_CANCELLED;
    const char *url = it->url && *it->url && !cancelled_ticket ? it->url : NULL;
    bool lines = has_footer_lines(it) && !(kind == KIND_EVENT && status == LOC_CANCELLED);
    int qr_total = url ? d->qr + text_line_height(d->fc, t->font_file[FONT_LABEL], d->caption) +
                             d->gap / 3 + d->qr / 20
                       : 0;
    int lines_h = 0;
    int row = text_line_height(d->fc, t->font_file[FONT_LABEL], d->meta);
    if (lines) {
        int np = cancelled_ticket ? 0 : it->nprices < 4 ? it->nprices : 4;
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
            footer_lines(d, s, left, it, ctx, status, pic != NULL && band != LOC_COUNT, &p);
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
    const char *sub = slide_text(&p, &it->subtitle, l);
    const char *url = it->url && *it->url ? it->url : NULL;

    /* the caption band, measured first */
    int mx = d->margin;
    int qr_px = url ? d->qr : 0;
    int cap_h = text_line_height(d->fc, d->t->font_file[FONT_LABEL], d->caption);
    struct box inner = {mx, 0, d->w - 2 * mx - (url ? qr_px + mx : 0), d->h / 4};
    struct text_style ts = slide_style(d, FONT_TITLE, d->subtitle * 13 / 10, c->caption_text, 2);
    struct text_style ss = slide_style(d, FONT_BODY, d->body, c->caption_text, 2);
    struct text_layout lt = {0}, ls = {0};
    text_fit(d->fc, title, &ts, inner.w, inner.h, &lt);
    text_fit(d->fc, sub, &ss, inner.w, inner.h - lt.h - d->gap / 2, &ls);
    int text_h = lt.h + (ls.nlines ? (lt.nlines ? d->gap / 2 : 0) + ls.h : 0);
    int band_h = text_h ? text_h + 2 * d->gap : 0;
    int qr_box = url ? qr_px + d->gap / 3 + cap_h + 2 * d->gap : 0;
    if (band_h < qr_box)
        band_h = qr_box;
    struct box area = {0, 0, d->w, d->h - band_h};

    SDL_Surface *pic = slide_picture(d, feed, it->image, area.w, area.h, d->t->fit[KIND_POSTER]);
    if (!pic) {
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
    if (d->t->backdrop == BACKDROP_BLUR)
        paint_backdrop(s, pic, screen, c->backdrop);
    else if (d->t->backdrop == BACKDROP_DARK)
        paint_fill(s, screen, 0xff000000u);
    paint_center(s, pic, area);
    SDL_FreeSurface(pic);

    if (band_h) {
        struct box band = {0, d->h - band_h, d->w, band_h};
        paint_fill(s, band, c->caption_bg);
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
                paint_blit(s, q, qb.x + (qr_px - q->w) / 2, qb.y, qb);
                struct text_style cs = slide_style(d, FONT_LABEL, d->caption, c->caption_text, 1);
                cs.align = ALIGN_CENTER;
                text_box(d->fc, s, loc_string(LOC_SCAN_ME, l), &cs,
                         (struct box){qb.x - mx / 2, qb.y + q->h + d->gap / 3, qr_px + mx, cap_h});
                SDL_FreeSurface(q);
            }
        }
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
    if (!it)
        return drawer_fallback(d, feed, ctx);
    return item_slide(d, feed, it, ctx);
}
