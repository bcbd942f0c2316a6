/* slide_gen — the slides the player makes up rather than reads from an
 * item: the agenda of the coming events, and the fallback (the office's
 * name, logo and opening hours) when nothing else may play. */
#include <stdio.h>
#include <string.h>

#include "draw/layout.h"
#include "draw/paint.h"
#include "draw/slide_priv.h"
#include "model/locale.h"

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

/* ---- agenda ---- */

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
            paint_fill(s, (struct box){row.x, row.y, row.w, lay_px(0.002, d->unit)}, 0x40000000u);
        struct box in = box_inset4(row, 0, d->gap, 0, d->gap);
        char date[128], tm[64] = "", line[200];
        struct civil_fields fs = civil_split(ev->start);
        loc_date(ev->start, l, 0, date, sizeof(date));
        slide_capitalize(date);
        if (!ev->start_date_only)
            loc_time(fs.hour, fs.min, l, tm, sizeof(tm));
        /* An event called off says so where its time would be. */
        uint32_t tm_color = c->muted;
        int tm_font = FONT_BODY;
        if (ev->status == EVENT_CANCELLED || ev->status == EVENT_POSTPONED) {
            snprintf(tm, sizeof(tm), "%s",
                     loc_string(ev->status == EVENT_CANCELLED ? LOC_CANCELLED : LOC_POSTPONED, l));
            tm_color = c->sold_out;
            tm_font = FONT_LABEL;
        }
        if (d->portrait) {
            struct box db = box_cut_top(&in, date_h, 0);
            struct text_style ds = {.font = d->t->font_file[FONT_LABEL],
                                    .size = d->body,
                                    .min_size = d->min,
                                    .color = c->accent,
                                    .max_lines = 1};
            snprintf(line, sizeof(line), "%s%s%s", date, tm[0] ? " \xc2\xb7 " : "",
                     tm_font == FONT_LABEL ? "" : tm);
            /* "Annulé" after the date, in its own colour, when it fits */
            int lw = tm_font == FONT_LABEL ? text_width(d->fc, ds.font, d->body, line) : 0;
            if (lw > 0 && lw + text_width(d->fc, ds.font, d->body, tm) <= db.w) {
                text_box(d->fc, s, line, &ds, (struct box){db.x, db.y, lw, db.h});
                ds.color = tm_color;
                text_box(d->fc, s, tm, &ds, (struct box){db.x + lw, db.y, db.w - lw, db.h});
            } else {
                if (lw > 0) /* too long: one run, one colour */
                    snprintf(line, sizeof(line), "%s \xc2\xb7 %s", date, tm);
                text_box(d->fc, s, line, &ds, db);
            }
        } else {
            struct box dbox = box_cut_left(&in, date_w, d->gap * 2);
            text_box(d->fc, s, date,
                     &(struct text_style){.font = d->t->font_file[FONT_LABEL],
                                          .size = d->meta,
                                          .min_size = d->min,
                                          .color = c->accent,
                                          .max_lines = 1},
                     (struct box){dbox.x, dbox.y, dbox.w, title_h});
            if (tm[0])
                text_box(d->fc, s, tm,
                         &(struct text_style){.font = d->t->font_file[tm_font],
                                              .size = d->body,
                                              .min_size = d->min,
                                              .color = tm_color,
                                              .max_lines = 1},
                         (struct box){dbox.x, dbox.y + title_h, dbox.w, sub_h});
        }
        /* title, venue */
        const char *title = slide_text(&p, &ev->title, l);
        text_box(d->fc, s, title,
                 &(struct text_style){.font = d->t->font_file[FONT_TITLE],
                                      .size = d->meta,
                                      .min_size = d->min,
                                      .color = c->text,
                                      .max_lines = 1},
                 (struct box){in.x, in.y, in.w, title_h});
        const char *venue = slide_text(&p, &ev->venue, l);
        if (!venue)
            venue = slide_text(&p, &ev->subtitle, l);
        if (venue)
            text_box(d->fc, s, venue,
                     &(struct text_style){.font = d->t->font_file[FONT_BODY],
                                          .size = d->body,
                                          .min_size = d->min,
                                          .color = c->muted,
                                          .max_lines = 1},
                     (struct box){in.x, in.y + title_h, in.w, sub_h});
    }
    (void)feed;
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
                     d1 == d0 + 1 ? (l == LANG_FR   ? " et "
                                     : l == LANG_EN ? " and "
                                     : l == LANG_ES ? " y "
                                                    : " eta ")
                                  : " \xe2\x80\x93 ",
                     day_words[d1][l]);
        windows_text(h, d0, l, win, sizeof(win));
        snprintf(lines[n], 192, "%.90s%s %.90s", days, l == LANG_FR ? NBSP ":" : ":", win);
        slide_capitalize(lines[n]);
        n++;
        d0 = d1 + 1;
    }
    if (h->holiday_set && n < max) {
        char win[128];
        windows_text(h, 7, l, win, sizeof(win));
        snprintf(lines[n], 192, "%s%s %.90s", holiday_words[l], l == LANG_FR ? NBSP ":" : ":",
                 win);
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
    /* the logo: the feed's, else the theme's */
    int logo_h = lay_px(d->portrait ? 0.3 : 0.24, d->unit);
    SDL_Surface *logo = NULL;
    if (set && set->logo)
        logo = slide_picture(d, feed, set->logo, col.w, logo_h, FIT_CONTAIN);
    if (!logo && d->t->logo)
        logo = slide_picture(d, NULL, d->t->logo, col.w, logo_h, FIT_CONTAIN);

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
    int line_h = text_line_height(d->fc, d->t->font_file[FONT_BODY], d->meta);
    int hours_h = nl ? head_h + d->gap + nl * (line_h + d->gap / 3) : 0;
    int total = (logo ? logo->h + d->gap * 2 : 0) + lo.h + (nl ? d->gap * 3 + hours_h : 0);
    int y = col.y + (col.h > total ? (col.h - total) / 2 : 0);
    if (logo) {
        struct box lb = {col.x + (col.w - logo->w) / 2, y, logo->w, logo->h};
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
        struct text_style ls = slide_style(d, FONT_BODY, d->meta, c->text, 1);
        ls.align = ALIGN_CENTER;
        for (int i = 0; i < nl && y + line_h <= bottom; i++) {
            text_box(d->fc, s, lines[i], &ls, (struct box){col.x, y, col.w, line_h});
            y += line_h + d->gap / 3;
        }
    }
    slide_pool_free(&p);
    return s;
}
