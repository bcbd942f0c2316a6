/* slide_gen — the slides the player makes up rather than reads from an
 * item: the agenda of the coming events, and the fallback (the office's
 * name, logo and opening hours) when nothing else may play. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw/layout.h"
#include "draw/paint.h"
#include "draw/slide_priv.h"
#include "model/locale.h"

/* ---- agenda ---- */

/* Sizes of one agenda row, scaled so that the list fills the screen. */
struct agenda_scale {
    int title_px, sub_px, date_px; /* title, venue and time, date */
    int title_h, sub_h, date_h, gap, row_h, head_h;
};

static struct agenda_scale agenda_sizes(drawer_t *d, double k)
{
    struct agenda_scale a;
    a.title_px = (int)(d->meta * k);
    a.sub_px = (int)(d->body * k);
    if (a.title_px < a.sub_px * 23 / 20) /* a theme with large body text: the title stays larger */
        a.title_px = a.sub_px * 23 / 20;
    a.date_px = d->portrait ? a.sub_px : a.title_px;
    a.title_h = text_line_height(d->fc, d->t->font_file[FONT_TITLE], a.title_px);
    a.sub_h = text_line_height(d->fc, d->t->font_file[FONT_BODY], a.sub_px);
    a.date_h = text_line_height(d->fc, d->t->font_file[FONT_LABEL], a.date_px);
    a.gap = (int)(d->gap * k);
    a.row_h =
        d->portrait ? a.date_h + a.title_h + a.sub_h + a.gap * 2 : a.title_h + a.sub_h + a.gap * 2;
    a.head_h = text_line_height(d->fc, d->t->font_file[FONT_LABEL], d->label) + a.gap;
    return a;
}

/* The height of the agenda's closing line ("+ 4 autres rendez-vous à
 * l'accueil") at the sizes a. */
static int agenda_more_h(const struct agenda_scale *a)
{
    return a->title_h + a->gap * 2;
}

/* An event's date as the agenda gives it (capitalised): what a running
 * event says ("Jusqu'au 28 avril"), else its start date, with the year
 * when it is far or in another year, and its start time in tm ("" when
 * none). */
static void agenda_when(const struct item *ev, civil_t now, enum lang l, char *date, size_t dsize,
                        char *tm, size_t tsize)
{
    struct loc_span span = {ev->start, ev->end, ev->start_date_only, ev->end_date_only,
                            ev->sched.days};
    tm[0] = '\0';
    if (loc_span_running(&span, now)) {
        loc_event_date(&span, now, l, date, dsize);
    } else {
        struct civil_fields fs = civil_split(ev->start), fn = civil_split(now);
        bool year = fs.year != fn.year || days_from_civil(fs.year, fs.month, fs.day) -
                                                  days_from_civil(fn.year, fn.month, fn.day) >
                                              LOC_YEAR_DAYS;
        loc_date(ev->start, l, year, date, dsize);
        if (!ev->start_date_only)
            loc_time(fs.hour, fs.min, l, tm, tsize);
    }
    slide_capitalize(date);
}

/* Lays text out at the top of col (at most max_lines, 0: as many as fit),
 * draws it when draw is set (struck through with strike), and takes its
 * height and gap from col; *cut is set when the text did not fit whole at
 * its size. Returns the height taken. */
static int feature_text(drawer_t *d, SDL_Surface *s, struct box *col, const char *text,
                        struct text_style st, int gap, bool draw, bool strike, bool *cut)
{
    if (!text || !*text)
        return 0;
    if (col->h <= 0) {
        *cut = true;
        return 0;
    }
    struct text_layout tl;
    text_fit(d->fc, text, &st, col->w, col->h, &tl);
    *cut |= tl.nlines == 0 || tl.truncated || tl.shortened || tl.shrunk;
    int h = 0;
    if (tl.nlines > 0) {
        struct box b = box_cut_top(col, tl.h, gap);
        h = b.h + gap;
        if (draw) {
            text_draw(d->fc, s, &tl, b);
            if (strike)
                slide_strike(d, s, &tl, b);
        }
    }
    text_layout_free(&tl);
    return h;
}

/* The text of a featured event in col, at k100 % of the theme's sizes: its
 * status (a pill), date and time, title, venue and as much of its
 * description as fits. Returns its height; draws only when draw is set.
 * cut[0]: the date, title or venue did not fit whole; cut[1]: the
 * description. */
static int feature_column(drawer_t *d, SDL_Surface *s, const feed_t *feed, const struct item *ev,
                          const struct slide_ctx *ctx, struct box col, int k100, bool draw,
                          struct pool *p, bool cut[2])
{
    const struct theme_colors *c = &d->t->c;
    enum lang l = slide_lang(ctx->lang);
    int top = col.y;
    char date[192], tm[64];
    agenda_when(ev, ctx->now, l, date, sizeof date, tm, sizeof tm);
    enum loc_key status = slide_status(feed, ev, NULL);
    if (tm[0] && status != LOC_CANCELLED) {
        size_t dn = strlen(date);
        snprintf(date + dn, sizeof(date) - dn, " \xc2\xb7 %s", tm);
    }
    if (status != LOC_COUNT) {
        const char *word = loc_string(status, l);
        const char *font = d->t->font_file[FONT_LABEL];
        int pad = d->label / 2, ph = text_line_height(d->fc, font, d->label) + pad / 2;
        int pw = text_width(d->fc, font, d->label, word) + 2 * pad;
        if (pw > col.w)
            pw = col.w;
        struct box pb = box_cut_top(&col, ph, d->gap);
        pb.w = pw;
        if (draw) {
            paint_round(s, pb, ph / 5, c->sold_out);
            struct text_style ps = slide_style(d, FONT_LABEL, d->label, c->sold_out_text, 1);
            ps.align = ALIGN_CENTER;
            text_box(d->fc, s, word, &ps, box_inset4(pb, pad / 2, pad / 4, pad / 2, 0));
        }
    }
    struct text_style ds = slide_style(d, FONT_LABEL, d->subtitle * k100 / 100, c->accent, 2);
    feature_text(d, s, &col, slide_pool_add(p, loc_glue(date)), ds, d->gap / 2, draw,
                 status == LOC_CANCELLED, &cut[0]);
    struct text_style ts = slide_style(d, FONT_TITLE, d->title * k100 / 100, c->text, 3);
    ts.balance = true;
    feature_text(d, s, &col, slide_text(p, &ev->title, l), ts, d->gap / 2, draw, false, &cut[0]);
    const char *venue = slide_text(p, &ev->venue, l);
    struct text_style vs = slide_style(d, FONT_BODY, d->meta * k100 / 100, c->muted, 2);
    feature_text(d, s, &col, venue, vs, d->gap, draw, false, &cut[0]);
    struct text_style bs = slide_style(d, FONT_BODY, d->body * k100 / 100, c->text, 0);
    bs.sentences = true;
    const char *sub = slide_own_text(p, &ev->subtitle, l);
    if (sub && !venue)
        feature_text(d, s, &col, sub, vs, d->gap, draw, false, &cut[1]);
    feature_text(d, s, &col, slide_own_text(p, &ev->body, l), bs, d->gap, draw, false, &cut[1]);
    return col.y - top;
}

/* A featured event (an agenda of one or two): its photo beside (landscape)
 * or above (portrait) its date, title, venue and description, the text
 * centred in the height left. */
static void agenda_feature(drawer_t *d, SDL_Surface *s, const feed_t *feed, const struct item *ev,
                           const struct slide_ctx *ctx, struct box card, bool one, struct pool *p)
{
    const char *image = slide_image(d, ev);
    struct box photo = card, col = card;
    SDL_Surface *pic = NULL;
    if (image && *image) {
        if (d->portrait)
            photo = box_cut_top(&col, card.h * (one ? 45 : 40) / 100, d->gap * 2);
        else
            photo = box_cut_left(&col, card.w * (one ? 46 : 34) / 100, d->gap * 3);
        pic = slide_photo(d, feed, ev, photo.w, photo.h, FIT_COVER);
        if (!pic)
            col = card;
    }
    if (pic) {
        paint_center(s, pic, photo);
        SDL_FreeSurface(pic);
    }
    /* The type as large as lets everything fit whole (up to half as large
     * again for one event alone), else as large as keeps the date, title
     * and venue whole; the text centred in what is left (a third above). */
    int k100 = 100, h = 0, fallback = 0;
    for (int k = one ? 150 : 135; k >= 100; k -= 5) {
        bool cut[2] = {false, false};
        h = feature_column(d, s, feed, ev, ctx, col, k, false, p, cut);
        if (!cut[0] && !fallback)
            fallback = k;
        if (!cut[0] && !cut[1]) {
            k100 = k;
            break;
        }
        k100 = fallback ? fallback : 100;
    }
    bool cut[2] = {false, false};
    h = feature_column(d, s, feed, ev, ctx, col, k100, false, p, cut);
    if (h < col.h)
        box_cut_top(&col, (col.h - h) / 3, 0);
    feature_column(d, s, feed, ev, ctx, col, k100, true, p, cut);
}

/* One event's row in box row: its date (struck when cancelled) and time,
 * its title with its status in a pill, its venue. */
static void agenda_row(drawer_t *d, SDL_Surface *s, const feed_t *feed, const struct item *ev,
                       const struct slide_ctx *ctx, const struct agenda_scale *a, struct box row,
                       struct pool *p)
{
    const struct theme_colors *c = &d->t->c;
    enum lang l = slide_lang(ctx->lang);
    struct box in = box_inset4(row, 0, a->gap, 0, a->gap);
    char date[192], tm[64];
    agenda_when(ev, ctx->now, l, date, sizeof date, tm, sizeof tm);
    enum loc_key status = slide_status(feed, ev, NULL);
    const char *font_label = d->t->font_file[FONT_LABEL];
    struct text_style ds = {.font = font_label,
                            .size = a->date_px,
                            .min_size = d->min,
                            .color = c->accent,
                            .max_lines = 1};
    struct box db;
    if (d->portrait) {
        db = box_cut_top(&in, a->date_h, 0);
        if (tm[0] && status != LOC_CANCELLED) {
            size_t dn = strlen(date);
            snprintf(date + dn, sizeof(date) - dn, " \xc2\xb7 %s", tm);
        }
    } else {
        struct box dbox = box_cut_left(&in, in.w * 32 / 100, d->gap * 2);
        /* with no time under it, a long date ("Jusqu'au …") takes two lines */
        db = (struct box){dbox.x, dbox.y, dbox.w, tm[0] ? a->title_h : a->title_h + a->sub_h};
        if (!tm[0]) {
            ds.max_lines = 2;
            ds.size = a->sub_px > d->min ? a->sub_px : d->min;
        }
        if (tm[0] && status != LOC_CANCELLED)
            text_box(d->fc, s, tm,
                     &(struct text_style){.font = d->t->font_file[FONT_BODY],
                                          .size = a->sub_px,
                                          .min_size = d->min,
                                          .color = c->muted,
                                          .max_lines = 1},
                     (struct box){dbox.x, dbox.y + a->title_h, dbox.w, a->sub_h});
    }
    struct text_layout dl;
    const char *glued = slide_pool_add(p, loc_glue(date));
    text_fit(d->fc, glued, &ds, db.w, db.h, &dl);
    text_draw(d->fc, s, &dl, db);
    if (status == LOC_CANCELLED)
        slide_strike(d, s, &dl, db);
    text_layout_free(&dl);

    struct box tbox = {in.x, in.y, in.w, a->title_h};
    if (status != LOC_COUNT) {
        const char *word = loc_string(status, l);
        int pad = d->label / 2;
        int pw = text_width(d->fc, font_label, d->label, word) + 2 * pad;
        if (pw > in.w / 2)
            pw = in.w / 2;
        struct box pb = box_cut_right(&tbox, pw, d->gap);
        int ph = text_line_height(d->fc, font_label, d->label) + pad / 2;
        pb = box_center(pb, pb.w, ph);
        paint_round(s, pb, ph / 5, c->sold_out);
        struct text_style ps = slide_style(d, FONT_LABEL, d->label, c->sold_out_text, 1);
        ps.align = ALIGN_CENTER;
        ps.min_size = d->label * 3 / 4;
        text_box(d->fc, s, word, &ps, box_inset4(pb, pad / 2, pad / 4, pad / 2, 0));
    }
    text_box(d->fc, s, slide_text(p, &ev->title, l),
             &(struct text_style){.font = d->t->font_file[FONT_TITLE],
                                  .size = a->title_px,
                                  .min_size = d->min,
                                  .color = c->text,
                                  .max_lines = 1},
             tbox);
    const char *venue = slide_text(p, &ev->venue, l);
    if (!venue)
        venue = slide_own_text(p, &ev->subtitle, l);
    if (venue)
        text_box(d->fc, s, venue,
                 &(struct text_style){.font = d->t->font_file[FONT_BODY],
                                      .size = a->sub_px,
                                      .min_size = d->min,
                                      .color = c->muted,
                                      .max_lines = 1},
                 (struct box){in.x, in.y + a->title_h, in.w, a->sub_h});
}

SDL_Surface *drawer_agenda(drawer_t *d, const feed_t *feed, const struct item *const *events,
                           size_t n, const struct slide_ctx *ctx)
{
    const struct theme_colors *c = &d->t->c;
    enum lang l = slide_lang(ctx->lang);
    struct pool p = {0};
    char buf[160];
    SDL_Surface *s = paint_surface(d->w, d->h);
    if (!s) /* no memory for the frame: the player skips this slide */
        return NULL;
    struct box screen = {0, 0, d->w, d->h};
    paint_fill(s, screen, c->background);

    /* header band */
    int hh = lay_px(0.15, d->unit);
    struct box head = {0, 0, d->w, hh};
    paint_fill(s, head, c->accent);
    paint_fill(s, (struct box){0, hh, d->w, lay_px(0.008, d->unit)}, c->accent2);
    struct box hin = box_inset4(head, d->margin, 0, d->margin, 0);
    loc_date(ctx->now, l, 0, buf, sizeof(buf));
    slide_capitalize(buf);
    int dw = d->portrait ? 0 : text_width(d->fc, d->t->font_file[FONT_BODY], d->meta, buf);
    if (dw > hin.w / 2)
        dw = 0;
    if (dw) {
        struct box db = box_cut_right(&hin, dw, d->gap);
        struct text_style ds = slide_style(d, FONT_BODY, d->meta, c->accent_text, 1);
        int lh = text_line_height(d->fc, ds.font, d->meta);
        text_box(d->fc, s, buf, &ds, box_center(db, db.w, lh));
    }
    struct text_style hs = slide_style(d, FONT_TITLE, d->title, c->accent_text, 1);
    struct text_layout hl;
    text_fit(d->fc, loc_string(LOC_AGENDA, l), &hs, hin.w, hin.h, &hl);
    text_draw(d->fc, s, &hl, box_center(hin, hin.w, hl.h));
    text_layout_free(&hl);

    /* Events under way first, under "En ce moment", then the coming ones
     * under "À venir" (headings only when both kinds are there). */
    const struct item *order[64];
    size_t nr = 0, m = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n && m < 64; i++) {
            struct loc_span span = {events[i]->start, events[i]->end, events[i]->start_date_only,
                                    events[i]->end_date_only, events[i]->sched.days};
            bool running = loc_span_running(&span, ctx->now);
            if (running == (pass == 0)) {
                order[m++] = events[i];
                nr += running;
            }
        }
    bool headings = nr > 0 && nr < m;

    struct box list = box_inset4(screen, d->margin * (d->portrait ? 1 : 2), hh + d->margin,
                                 d->margin * (d->portrait ? 1 : 2), d->margin);
    /* One or two events: each takes its share of the screen with its photo
     * and description, rather than a row over an empty slide. */
    if (m > 0 && m <= 2) {
        struct box rest = box_inset4(screen, d->margin, hh + d->margin, d->margin, d->margin);
        int share = (rest.h - (int)(m - 1) * d->margin * 2) / (int)m;
        for (size_t i = 0; i < m; i++) {
            if (i > 0) {
                struct box rule = box_cut_top(&rest, d->margin * 2, 0);
                paint_fill(
                    s, (struct box){rule.x, rule.y + rule.h / 2, rule.w, lay_px(0.002, d->unit)},
                    0x40000000u);
            }
            agenda_feature(d, s, feed, order[i], ctx, box_cut_top(&rest, share, 0), m == 1, &p);
        }
        slide_pool_free(&p);
        return s;
    }
    /* The rows as large as lets them all fit: grown (up to 1.6 times) to
     * fill the screen, or shrunk down to the smallest readable text. When
     * even then some do not fit, as many as fit and a last line that says
     * how many more the welcome desk can tell about; never a silent cut. */
    int nfirst = headings ? (int)nr : 0, shown = (int)m;
    int all = ctx->agenda_total > m ? (int)ctx->agenda_total : (int)m; /* m, and those not given */
    struct agenda_scale a = agenda_sizes(d, 1.0);
    int need = lay_list_height(shown, all, nfirst, a.row_h, a.head_h, agenda_more_h(&a));
    if (need > 0 && need < list.h) {
        double k = (double)list.h / need;
        for (k = k > 1.6 ? 1.6 : k; k > 1.0; k -= 0.02) { /* line heights do not scale exactly */
            struct agenda_scale b = agenda_sizes(d, k);
            if (lay_list_height(shown, all, nfirst, b.row_h, b.head_h, agenda_more_h(&b)) <=
                list.h) {
                a = b;
                break;
            }
        }
    } else if (need > list.h) {
        struct agenda_scale smallest = a;
        bool fits = false;
        for (int k = 98; k >= 40 && !fits; k -= 2) {
            struct agenda_scale b = agenda_sizes(d, k / 100.0);
            if (b.sub_px < d->min || b.title_px < d->min)
                break;
            smallest = b;
            fits = lay_list_height(shown, all, nfirst, b.row_h, b.head_h, agenda_more_h(&b)) <=
                   list.h;
        }
        a = smallest;
        if (!fits) {
            shown = lay_list_fit(list.h, all, nfirst, a.row_h, a.head_h, agenda_more_h(&a));
            if (shown > (int)m)
                shown = (int)m;
            /* the rows left grow back into the room they leave */
            for (int k = 100; k > 40; k -= 2) {
                struct agenda_scale b = agenda_sizes(d, k / 100.0);
                if (b.title_px <= smallest.title_px)
                    break;
                if (lay_list_height(shown, all, nfirst, b.row_h, b.head_h, agenda_more_h(&b)) <=
                    list.h) {
                    a = b;
                    break;
                }
            }
        }
    }
    int more_h = shown < all ? agenda_more_h(&a) : 0;
    need = lay_list_height(shown, all, nfirst, a.row_h, a.head_h, more_h);
    if (need < list.h) /* centre what is left over */
        box_cut_top(&list, (list.h - need) / 3, 0);
    struct text_style hds = slide_style(d, FONT_LABEL, d->label, c->muted, 1);
    for (int i = 0; i < shown; i++) {
        if (headings && (i == 0 || i == (int)nr)) {
            struct box hb = box_cut_top(&list, a.head_h, 0);
            text_box(d->fc, s, loc_string(i == 0 ? LOC_NOW : LOC_UPCOMING, l), &hds, hb);
        } else if (i > 0) {
            paint_fill(s, (struct box){list.x, list.y, list.w, lay_px(0.002, d->unit)},
                       0x40000000u);
        }
        struct box row = box_cut_top(&list, a.row_h, 0);
        agenda_row(d, s, feed, order[i], ctx, &a, row, &p);
    }
    if (shown < all) {
        int left = all - shown;
        char more[160];
        snprintf(more, sizeof more, loc_string(left == 1 ? LOC_MORE_EVENT : LOC_MORE_EVENTS, l),
                 left);
        if (shown > 0)
            paint_fill(s, (struct box){list.x, list.y, list.w, lay_px(0.002, d->unit)},
                       0x40000000u);
        struct box mb = box_inset4(box_cut_top(&list, more_h, 0), 0, a.gap, 0, a.gap);
        struct text_style ms = slide_style(d, FONT_LABEL, a.title_px, c->accent, 1);
        text_box(d->fc, s, more, &ms, mb);
    }
    slide_pool_free(&p);
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

static void windows_text(const struct week_hours *h, int day, enum lang l, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = 0;
    if (h->count[day] == 0) {
        const char *closed = loc_string(LOC_CLOSED, l);
        snprintf(buf, size, "%s", closed);
        if (l != LANG_EN && buf[0] >= 'A' && buf[0] <= 'Z') /* "fermé" after the colon */
            buf[0] = (char)(buf[0] - 'A' + 'a');
        return;
    }
    for (int i = 0; i < h->count[day] && n < size; i++) {
        char a[32], b[32];
        int s = h->win[day][i].start, e = h->win[day][i].end;
        loc_time(s / 60, s % 60, l, a, sizeof(a));
        loc_time((e / 60) % 24, e % 60, l, b, sizeof(b));
        n += (size_t)snprintf(buf + n, size - n, "%s%s" NBSP "\xe2\x80\x93" NBSP "%s",
                              i ? ", " : "", a, b);
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
            snprintf(days, sizeof(days), "%s", loc_weekday(d0, l));
        else
            snprintf(days, sizeof(days), "%s%s%s", loc_weekday(d0, l),
                     d1 == d0 + 1 ? loc_string(LOC_AND, l) : " \xe2\x80\x93 ", loc_weekday(d1, l));
        windows_text(h, d0, l, win, sizeof(win));
        snprintf(lines[n], 192, "%.90s%s %.90s", days, l == LANG_FR ? NBSP ":" : ":", win);
        slide_capitalize(lines[n]);
        n++;
        d0 = d1 + 1;
    }
    if (h->holiday_set && n < max) {
        char win[128];
        windows_text(h, 7, l, win, sizeof(win));
        snprintf(lines[n], 192, "%s%s %.90s", loc_string(LOC_HOLIDAYS, l),
                 l == LANG_FR ? NBSP ":" : ":", win);
        slide_capitalize(lines[n]);
        n++;
    }
    return n;
}

SDL_Surface *drawer_fallback(drawer_t *d, const feed_t *feed, const struct slide_ctx *ctx)
{
    const struct theme_colors *c = &d->t->c;
    enum lang l = slide_lang(ctx ? ctx->lang : LANG_FR);
    const struct feed_settings *set = feed ? feed_settings(feed) : NULL;
    struct pool p = {0};
    SDL_Surface *s = paint_surface(d->w, d->h);
    if (!s) /* no memory for the frame: the player skips this slide */
        return NULL;
    struct box screen = {0, 0, d->w, d->h};
    paint_fill(s, screen, c->background);
    int band = lay_px(0.02, d->unit);
    paint_fill(s, (struct box){0, d->h - band, d->w, band}, c->accent);
    paint_fill(s, (struct box){0, d->h - band - band / 2, d->w, band / 2}, c->accent2);

    int mx = d->portrait ? d->margin : d->margin * 2;
    struct box col = box_inset4(screen, mx, d->margin, mx, d->margin + band);
    /* measure the whole block to centre it vertically */
    const char *office = set ? slide_text(&p, &set->office, l) : NULL;
    if (!office)
        office = "Office de Tourisme";
    char lines[9][192];
    int nl = set && set->has_hours ? hours_lines(&set->hours, l, lines, 9) : 0;
    struct text_style os = slide_style(d, FONT_TITLE, d->title, c->text, 3);
    os.align = ALIGN_CENTER;
    struct text_layout lo;
    text_fit(d->fc, office, &os, col.w, col.h / 3, &lo);
    int head_h = nl ? text_line_height(d->fc, d->t->font_file[FONT_LABEL], d->meta) : 0;
    /* each day's hours on one line, or two when the theme's text is large
     * (never cut: "Lundi – vendredi : 9 h – 12 h 30, / 14 h – 18 h") */
    struct text_style ls = slide_style(d, FONT_BODY, d->meta, c->text, 2);
    ls.align = ALIGN_CENTER;
    ls.balance = true;
    struct text_layout hl[9];
    int hours_h = nl ? head_h + d->gap : 0;
    for (int i = 0; i < nl; i++) {
        char *glued = loc_glue(lines[i]);
        text_fit(d->fc, glued, &ls, col.w, 3 * d->meta, &hl[i]);
        free(glued);
        hours_h += hl[i].h + d->gap / 3;
    }
    /* the logo, the feed's else the theme's, in the room the text leaves:
     * every line of the hours is shown, the logo gives way */
    int text_total = lo.h + (nl ? d->gap * 3 + hours_h : 0);
    int logo_h = lay_px(d->portrait ? 0.3 : 0.24, d->unit);
    if (logo_h > col.h - text_total - d->gap * 2)
        logo_h = col.h - text_total - d->gap * 2;
    SDL_Surface *logo = NULL;
    if (logo_h >= lay_px(0.08, d->unit)) {
        if (set && set->logo)
            logo = slide_picture(d, feed, set->logo, col.w, logo_h, FIT_CONTAIN);
        if (!logo && d->t->logo)
            logo = slide_picture(d, NULL, d->t->logo, col.w, logo_h, FIT_CONTAIN);
    }
    int total = (logo ? logo->h + d->gap * 2 : 0) + text_total;
    int y = col.y + (col.h > total ? (col.h - total) / 2 : 0);
    if (logo) {
        struct box lb = {col.x + (col.w - logo->w) / 2, y, logo->w, logo->h};
        /* on a dark theme, a light card: any office's logo reads on it */
        uint32_t bg = c->background;
        int luma = (int)(((bg >> 16) & 0xff) * 3 + ((bg >> 8) & 0xff) * 6 + (bg & 0xff)) / 10;
        if (luma < 80) {
            int pad = d->gap;
            paint_round(s, box_inset(lb, -pad), pad, c->qr_bg);
        }
        paint_blit(s, logo, lb.x, lb.y, lb);
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
        paint_fill(s, (struct box){col.x + (col.w - rule) / 2, y, rule, lay_px(0.006, d->unit)},
                   c->accent);
        y += d->gap * 3 / 2;
        struct text_style hs = slide_style(d, FONT_LABEL, d->meta, c->accent, 1);
        hs.align = ALIGN_CENTER;
        int bottom = col.y + col.h;
        if (y + head_h <= bottom)
            text_box(d->fc, s, loc_string(LOC_OPENING_HOURS, l), &hs,
                     (struct box){col.x, y, col.w, head_h});
        y += head_h + d->gap;
        for (int i = 0; i < nl && y + hl[i].h <= bottom; i++) {
            text_draw(d->fc, s, &hl[i], (struct box){col.x, y, col.w, hl[i].h});
            y += hl[i].h + d->gap / 3;
        }
    }
    for (int i = 0; i < nl; i++)
        text_layout_free(&hl[i]);
    slide_pool_free(&p);
    return s;
}
